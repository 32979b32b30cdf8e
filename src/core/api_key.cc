#include "core/api_key.h"

#include <algorithm>
#include <cstring>

#include "core/digest.h"
#include "tact/ids.h"

namespace tact {

using json::Json;

const std::vector<std::string>& AllScopes() {
  static const std::vector<std::string> kScopes = {
      "config:write", "consent:write",   "consent:read",   "decide",
      "events:read",  "messages:decide", "feedback:write", "feedback:read",
      "audit:read",   "data:read",       "data:write",     "rights:manage"};
  return kScopes;
}

bool IsKnownScope(std::string_view scope) {
  const auto& all = AllScopes();
  return std::find(all.begin(), all.end(), scope) != all.end();
}

bool ApiKey::HasScope(std::string_view scope) const {
  return std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
}

Json ApiKey::ToJson() const {
  Json j{{"id", id},          {"tenant", tenant},
         {"name", name},      {"kind", kind == KeyKind::kSecret ? "secret" : "publishable"},
         {"scopes", scopes},  {"created_at", FormatRfc3339(created_at)},
         {"revoked", revoked}};
  if (kind == KeyKind::kPublishable) j["property"] = property;
  return j;
}

Json ApiKey::ToStoredJson() const {
  Json j = ToJson();
  j["secret_hash"] = secret_hash;
  return j;
}

Result<ApiKey> ApiKey::FromStoredJson(const Json& j) {
  try {
    ApiKey k;
    k.id = j.at("id");
    k.tenant = j.at("tenant");
    k.name = j.at("name");
    k.kind = j.at("kind") == "secret" ? KeyKind::kSecret : KeyKind::kPublishable;
    if (j.contains("property")) k.property = j.at("property");
    k.scopes = j.at("scopes").get<std::vector<std::string>>();
    k.secret_hash = j.at("secret_hash");
    k.revoked = j.value("revoked", false);
    auto t = ParseRfc3339(j.at("created_at").get<std::string>());
    k.created_at = t.value_or(0);
    return k;
  } catch (const std::exception& e) {
    return Status::Corruption(std::string("stored key is malformed: ") + e.what());
  }
}

std::string HashKey(std::string_view plaintext) { return ToHex(Blake2b256(plaintext)); }

std::string_view HashKey(std::string_view plaintext, KeyHashBuffer& hash) {
  Hash256 h = Blake2b256(plaintext);
  ToHex(h.data(), h.size(), hash.data());
  return std::string_view(hash.data(), hash.size());
}

std::string_view KeyIdFromPlaintext(std::string_view p, KeyIdBuffer& buf) {
  if (p.size() < 10 || !(p.rfind("sk_", 0) == 0 || p.rfind("pk_", 0) == 0)) return {};
  auto sep = p.find('_', 3);
  if (sep == std::string_view::npos || sep == 3 || sep > 40) return {};
  std::string_view part = p.substr(3, sep - 3);  // at most 37 characters: fits with "key_"
  std::memcpy(buf.data(), "key_", 4);
  std::memcpy(buf.data() + 4, part.data(), part.size());
  return std::string_view(buf.data(), 4 + part.size());
}

std::string KeyIdFromPlaintext(std::string_view p) {
  KeyIdBuffer buf;
  return std::string(KeyIdFromPlaintext(p, buf));
}

namespace {

NewKey Mint(std::string tenant, std::string name, KeyKind kind, std::string property,
            std::vector<std::string> scopes, UnixMillis now) {
  NewKey out;
  std::string id_part = NewId("").substr(0, 16);
  std::string secret = NewId("");  // ~128 bits
  out.plaintext = (kind == KeyKind::kSecret ? "sk_" : "pk_") + id_part + "_" + secret;
  out.key.id = "key_" + id_part;
  out.key.tenant = std::move(tenant);
  out.key.name = std::move(name);
  out.key.kind = kind;
  out.key.property = std::move(property);
  out.key.scopes = std::move(scopes);
  out.key.secret_hash = HashKey(out.plaintext);
  out.key.created_at = now;
  return out;
}

}  // namespace

NewKey MintSecretKey(std::string tenant, std::string name, std::vector<std::string> scopes,
                     UnixMillis now) {
  return Mint(std::move(tenant), std::move(name), KeyKind::kSecret, "", std::move(scopes), now);
}

Result<NewKey> MintKey(const Json& j, std::string tenant, UnixMillis now) {
  TACT_RETURN_IF_ERROR(json::RequireObject(j, "key"));
  TACT_RETURN_IF_ERROR(json::RejectUnknownFields(j, {"name", "scopes", "kind", "property"}));
  std::string name, kind = "secret", property;
  std::vector<std::string> scopes;
  TACT_RETURN_IF_ERROR(json::GetOptString(j, "name", name, 200));
  TACT_RETURN_IF_ERROR(json::GetOptString(j, "kind", kind, 16));
  TACT_RETURN_IF_ERROR(json::GetOptString(j, "property", property, 64));
  TACT_RETURN_IF_ERROR(json::GetOptStringArray(j, "scopes", scopes, 20, 32));
  if (kind == "publishable") {
    if (!IsValidSlug(property)) {
      return Status::InvalidArgument("a publishable key needs the 'property' it is for");
    }
    if (!scopes.empty()) return Status::InvalidArgument("publishable keys carry no scopes");
    return Mint(std::move(tenant), name, KeyKind::kPublishable, property, {}, now);
  }
  if (kind != "secret")
    return Status::InvalidArgument("field 'kind' must be secret or publishable");
  if (scopes.empty()) return Status::InvalidArgument("field 'scopes' must list at least one scope");
  for (const auto& s : scopes) {
    if (!IsKnownScope(s)) return Status::InvalidArgument("unknown scope '" + s + "'");
  }
  std::sort(scopes.begin(), scopes.end());
  scopes.erase(std::unique(scopes.begin(), scopes.end()), scopes.end());
  return Mint(std::move(tenant), name, KeyKind::kSecret, "", std::move(scopes), now);
}

}  // namespace tact
