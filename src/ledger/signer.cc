#include "ledger/signer.h"

#include <sodium.h>

#include <cstring>

#include "codec/base64url.h"
#include "core/digest.h"

namespace tact {

std::string Base64Url(std::string_view bytes) {
  std::string out(codec::Base64UrlLength(bytes.size()), '\0');
  codec::WriteBase64Url(bytes, out.data());
  return out;
}

bool Base64UrlDecode(std::string_view text, std::string& out) {
  out.assign(text.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    return false;
  }
  out.resize(len);
  return true;
}

std::string KeyId(const std::array<uint8_t, 32>& public_key) {
  Hash256 h = Blake2b256(
      std::string_view(reinterpret_cast<const char*>(public_key.data()), public_key.size()));
  return Base64Url(std::string_view(reinterpret_cast<const char*>(h.data()), 8));
}

json::Json PublicJwk(const std::array<uint8_t, 32>& public_key, const std::string& kid) {
  return json::Json{
      {"kty", "OKP"},
      {"crv", "Ed25519"},
      {"x", Base64Url(std::string_view(reinterpret_cast<const char*>(public_key.data()), 32))},
      {"kid", kid},
      {"alg", "EdDSA"},
      {"use", "sig"}};
}

bool VerifyEd25519(const std::array<uint8_t, 32>& public_key, std::string_view message,
                   std::string_view signature) {
  if (signature.size() != crypto_sign_BYTES || sodium_init() < 0) return false;
  return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(signature.data()),
                                     reinterpret_cast<const unsigned char*>(message.data()),
                                     message.size(), public_key.data()) == 0;
}

Signer::Signer(const std::array<uint8_t, 32>& seed) {
  if (sodium_init() < 0) abort();
  crypto_sign_seed_keypair(public_key_.data(), secret_key_.data(), seed.data());
  kid_ = KeyId(public_key_);
  header_b64_ = Base64Url(json::Json{{"alg", "EdDSA"}, {"kid", kid_}, {"typ", "JWT"}}.dump());
}

Signer Signer::Random() {
  if (sodium_init() < 0) abort();
  std::array<uint8_t, 32> seed;
  randombytes_buf(seed.data(), seed.size());
  Signer s(seed);
  sodium_memzero(seed.data(), seed.size());
  return s;
}

json::Json Signer::Jwk() const { return PublicJwk(public_key_, kid_); }

std::string Signer::SignJws(const json::Json& claims) const {
  return SignJwsText(claims.dump(-1, ' ', false, json::Json::error_handler_t::replace));
}

std::string Signer::SignJwsText(std::string_view claims_json) const {
  size_t claims_len = codec::Base64UrlLength(claims_json.size());
  size_t sig_len = codec::Base64UrlLength(crypto_sign_BYTES);
  std::string out;
  out.resize(header_b64_.size() + 1 + claims_len + 1 + sig_len);
  char* p = out.data();
  std::memcpy(p, header_b64_.data(), header_b64_.size());
  p += header_b64_.size();
  *p++ = '.';
  codec::WriteBase64Url(claims_json, p);
  p += claims_len;
  size_t signed_len = static_cast<size_t>(p - out.data());
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(out.data()), signed_len,
                       secret_key_.data());
  *p++ = '.';
  codec::WriteBase64Url(std::string_view(reinterpret_cast<const char*>(sig), sizeof sig), p);
  return out;
}

std::string Signer::Sign(std::string_view message) const {
  std::string sig(crypto_sign_BYTES, '\0');
  crypto_sign_detached(reinterpret_cast<unsigned char*>(sig.data()), nullptr,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       secret_key_.data());
  return sig;
}

bool Signer::Verify(std::string_view message, std::string_view signature) const {
  return VerifyEd25519(public_key_, message, signature);
}

Result<json::Json> Signer::VerifyJws(std::string_view jws) const {
  return VerifyJwsWith(public_key_, jws);
}

std::string JwsKid(std::string_view jws) {
  auto dot = jws.find('.');
  std::string header;
  if (dot == std::string_view::npos || !Base64UrlDecode(jws.substr(0, dot), header)) return "";
  auto j = json::Json::parse(header, nullptr, false);
  if (!j.is_object() || !j.contains("kid") || !j["kid"].is_string()) return "";
  return j["kid"].get<std::string>();
}

Result<json::Json> VerifyJwsWith(const std::array<uint8_t, 32>& public_key, std::string_view jws) {
  auto d1 = jws.find('.');
  auto d2 = d1 == std::string_view::npos ? d1 : jws.find('.', d1 + 1);
  if (d2 == std::string_view::npos) return Status::InvalidArgument("not a compact JWS");
  std::string sig, payload;
  if (!Base64UrlDecode(jws.substr(d2 + 1), sig) || sig.size() != crypto_sign_BYTES ||
      !Base64UrlDecode(jws.substr(d1 + 1, d2 - d1 - 1), payload)) {
    return Status::InvalidArgument("the JWS is not valid base64url");
  }
  std::string_view input = jws.substr(0, d2);
  if (!VerifyEd25519(public_key, input, sig)) {
    return Status::PermissionDenied("the signature does not verify");
  }
  auto claims = json::Json::parse(payload, nullptr, false);
  if (claims.is_discarded()) return Status::InvalidArgument("the JWS payload is not JSON");
  return claims;
}

}  // namespace tact
