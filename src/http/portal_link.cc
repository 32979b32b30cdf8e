#include "http/portal_link.h"

#include <sodium.h>

#include <nlohmann/json.hpp>

namespace tact::http {
namespace {

std::string ToB64(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

bool FromB64(std::string_view text, std::string& out) {
  out.assign(text.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                        &len, nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    return false;
  }
  out.resize(len);
  return true;
}

}  // namespace

PortalSigner::PortalSigner(std::string_view secret) {
  if (sodium_init() < 0) abort();
  static constexpr char kContext[] = "tact.portal-link.v1";
  crypto_generichash(key_.data(), key_.size(), reinterpret_cast<const unsigned char*>(kContext), sizeof kContext - 1,
                     reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
}

std::string PortalSigner::Sign(const PortalClaims& c) const {
  nlohmann::json j{{"t", c.tenant}, {"s", c.subject}, {"l", c.language}, {"e", c.expires}};
  std::string payload = ToB64(j.dump());
  unsigned char mac[crypto_auth_BYTES];
  crypto_auth(mac, reinterpret_cast<const unsigned char*>(payload.data()), payload.size(), key_.data());
  return payload + "." + ToB64(std::string_view(reinterpret_cast<const char*>(mac), sizeof mac));
}

Result<PortalClaims> PortalSigner::Verify(std::string_view token, UnixMillis now) const {
  const Status bad = Status::Unauthenticated("this link is not valid; ask the site for a new one");
  if (token.size() > 2048) return bad;
  auto dot = token.find('.');
  if (dot == std::string_view::npos) return bad;
  std::string_view payload = token.substr(0, dot);
  std::string mac;
  if (!FromB64(token.substr(dot + 1), mac) || mac.size() != crypto_auth_BYTES) return bad;
  if (crypto_auth_verify(reinterpret_cast<const unsigned char*>(mac.data()),
                         reinterpret_cast<const unsigned char*>(payload.data()), payload.size(), key_.data()) != 0) {
    return bad;
  }
  std::string json_text;
  if (!FromB64(payload, json_text)) return bad;
  auto j = nlohmann::json::parse(json_text, nullptr, false);
  if (!j.is_object() || !j["t"].is_string() || !j["s"].is_string() || !j["l"].is_string() ||
      !j["e"].is_number_integer()) {
    return bad;
  }
  PortalClaims c{j["t"], j["s"], j["l"], j["e"]};
  if (now >= c.expires) return Status::Unauthenticated("this link has expired; ask the site for a new one");
  return c;
}

}  // namespace tact::http
