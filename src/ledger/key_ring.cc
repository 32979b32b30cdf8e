#include "ledger/key_ring.h"

#include <algorithm>

namespace tact {

using json::Json;

namespace {

Json OptTime(UnixMillis t) { return t > 0 ? Json(FormatRfc3339(t)) : Json(nullptr); }

}  // namespace

Json PublishedKey::Jwk() const {
  Json j = PublicJwk(public_key, kid);
  j["valid_from"] = OptTime(valid_from);
  j["valid_until"] = OptTime(valid_until);
  j["status"] = valid_until == 0 ? "current" : "retired";
  return j;
}

Json PublishedKey::ToJson() const {
  return Json{{"kid", kid},
              {"x", Base64Url(std::string_view(reinterpret_cast<const char*>(public_key.data()),
                                               public_key.size()))},
              {"valid_from_ms", valid_from},
              {"valid_until_ms", valid_until}};
}

Result<PublishedKey> PublishedKey::FromJson(const Json& j) {
  if (!j.is_object() || !j.contains("x") || !j["x"].is_string() || !j.contains("kid") ||
      !j["kid"].is_string()) {
    return Status::Corruption("a published key needs 'kid' and 'x'");
  }
  std::string raw;
  if (!Base64UrlDecode(j["x"].get<std::string>(), raw) || raw.size() != 32) {
    return Status::Corruption("a published key's 'x' is not a 32-byte base64url key");
  }
  PublishedKey k;
  std::copy(raw.begin(), raw.end(), k.public_key.begin());
  k.kid = KeyId(k.public_key);
  if (k.kid != j["kid"].get<std::string>())
    return Status::Corruption("a published key's 'kid' does not match 'x'");
  k.valid_from = j.value("valid_from_ms", int64_t{0});
  k.valid_until = j.value("valid_until_ms", int64_t{0});
  return k;
}

KeyRing::KeyRing(Signer current, std::vector<PublishedKey> published)
    : signer_(std::move(current)), keys_(std::move(published)) {
  auto it = std::find_if(keys_.begin(), keys_.end(),
                         [&](const PublishedKey& k) { return k.kid == signer_.kid(); });
  if (it == keys_.end()) {
    keys_.push_back(PublishedKey{signer_.kid(), signer_.public_key(), 0, 0});
  } else {
    it->valid_until = 0;  // the key in ledger.key signs, whatever the list said
  }
}

const PublishedKey* KeyRing::Find(std::string_view kid) const {
  for (const auto& k : keys_) {
    if (k.kid == kid) return &k;
  }
  return nullptr;
}

Json KeyRing::Jwks() const {
  Json keys = Json::array();
  keys.push_back(Find(signer_.kid())->Jwk());
  for (auto it = keys_.rbegin(); it != keys_.rend(); ++it) {
    if (it->kid != signer_.kid()) keys.push_back(it->Jwk());
  }
  return Json{{"keys", keys}};
}

Json KeyRing::ToJson() const {
  Json keys = Json::array();
  for (const auto& k : keys_) keys.push_back(k.ToJson());
  return Json{{"keys", keys}};
}

Result<std::vector<PublishedKey>> KeyRing::ListFromJson(const Json& j) {
  if (!j.is_object() || !j.contains("keys") || !j["keys"].is_array()) {
    return Status::Corruption("the key list is not {\"keys\":[...]}");
  }
  std::vector<PublishedKey> out;
  for (const Json& k : j["keys"]) {
    auto key = PublishedKey::FromJson(k);
    if (!key.ok()) return key.status();
    out.push_back(*key);
  }
  return out;
}

bool KeyRing::VerifyCheckpoint(const Checkpoint& c) const {
  const PublishedKey* k = Find(c.kid);
  return k != nullptr && VerifyEd25519(k->public_key, c.NoteText(), c.signature);
}

Result<Json> KeyRing::VerifyJws(std::string_view jws) const {
  const PublishedKey* k = Find(JwsKid(jws));
  if (k == nullptr) return Status::PermissionDenied("the JWS names no key of this ledger");
  return VerifyJwsWith(k->public_key, jws);
}

}  // namespace tact
