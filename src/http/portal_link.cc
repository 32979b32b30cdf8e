#include "http/portal_link.h"

#include <sodium.h>

#include <nlohmann/json.hpp>

#include "core/digest.h"
#include "ledger/signer.h"  // Base64Url, Base64UrlDecode

namespace tact::http {
PortalSigner::PortalSigner(std::string_view secret) {
  if (sodium_init() < 0) abort();
  static constexpr char kContext[] = "tact.portal-link.v1";
  crypto_generichash(key_.data(), key_.size(), reinterpret_cast<const unsigned char*>(kContext),
                     sizeof kContext - 1, reinterpret_cast<const unsigned char*>(secret.data()),
                     secret.size());
}

std::string PortalSigner::Sign(const PortalClaims& c) const {
  nlohmann::json j{{"t", c.tenant}, {"s", c.subject}, {"l", c.language}, {"e", c.expires}};
  std::string payload = Base64Url(j.dump());
  unsigned char mac[crypto_auth_BYTES];
  crypto_auth(mac, reinterpret_cast<const unsigned char*>(payload.data()), payload.size(),
              key_.data());
  return payload + "." +
         Base64Url(std::string_view(reinterpret_cast<const char*>(mac), sizeof mac));
}

std::string PortalSigner::Tag(std::string_view data) const {
  static constexpr char kContext[] = "tact.portal-tag.v1";
  crypto_generichash_state st;
  unsigned char out[16];
  crypto_generichash_init(&st, key_.data(), key_.size(), sizeof out);
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(kContext), sizeof kContext);
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  crypto_generichash_final(&st, out, sizeof out);
  return ToHex(out, sizeof out);
}

Result<PortalClaims> PortalSigner::Verify(std::string_view token, UnixMillis now) const {
  const Status bad = Status::Unauthenticated("this link is not valid; ask the site for a new one");
  if (token.size() > 2048) return bad;
  auto dot = token.find('.');
  if (dot == std::string_view::npos) return bad;
  std::string_view payload = token.substr(0, dot);
  std::string mac;
  if (!Base64UrlDecode(token.substr(dot + 1), mac) || mac.size() != crypto_auth_BYTES) return bad;
  if (crypto_auth_verify(reinterpret_cast<const unsigned char*>(mac.data()),
                         reinterpret_cast<const unsigned char*>(payload.data()), payload.size(),
                         key_.data()) != 0) {
    return bad;
  }
  std::string json_text;
  if (!Base64UrlDecode(payload, json_text)) return bad;
  auto j = nlohmann::json::parse(json_text, nullptr, false);
  if (!j.is_object() || !j["t"].is_string() || !j["s"].is_string() || !j["l"].is_string() ||
      !j["e"].is_number_integer()) {
    return bad;
  }
  PortalClaims c{j["t"], j["s"], j["l"], j["e"]};
  if (now >= c.expires)
    return Status::Unauthenticated("this link has expired; ask the site for a new one");
  return c;
}

}  // namespace tact::http
