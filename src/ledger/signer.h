// Signer: the ledger's Ed25519 signing key (libsodium). It signs receipts
// (JWS, alg EdDSA, RFC 8037) and publishes its public key as a JWK Set.
//
// The 32-byte seed lives in DATA/ledger.key (mode 0600), created on first
// start. The key id ("kid") is the base64url of the first 8 bytes of
// BLAKE2b-256(public key).
//
// Thread-safety: immutable after construction; safe from any thread.
#ifndef TACT_LEDGER_SIGNER_H_
#define TACT_LEDGER_SIGNER_H_

#include <array>
#include <string>
#include <string_view>

#include "core/json_fields.h"
#include "tact/result.h"

namespace tact {

class Signer {
 public:
  // From a 32-byte seed.
  explicit Signer(const std::array<uint8_t, 32>& seed);
  // A fresh random key (tests).
  static Signer Random();

  const std::string& kid() const { return kid_; }
  const std::array<uint8_t, 32>& public_key() const { return public_key_; }
  // {"kty":"OKP","crv":"Ed25519","x":...,"kid":...,"alg":"EdDSA","use":"sig"}
  json::Json Jwk() const;
  // Compact JWS over `claims`: base64url(header).base64url(claims).base64url(sig).
  std::string SignJws(const json::Json& claims) const;
  // The same over claims already written as JSON text.
  std::string SignJwsText(std::string_view claims_json) const;
  // Raw Ed25519 signature (64 bytes) over `message`, and its check.
  std::string Sign(std::string_view message) const;
  bool Verify(std::string_view message, std::string_view signature) const;
  // Verifies a compact JWS made with this key; returns its claims.
  Result<json::Json> VerifyJws(std::string_view jws) const;

 private:
  std::array<uint8_t, 32> public_key_{};
  std::array<uint8_t, 64> secret_key_{};
  std::string kid_;
  std::string header_b64_;  // base64url of {"alg":"EdDSA","kid":...,"typ":"JWT"}
};

// The key id of an Ed25519 public key (see above).
std::string KeyId(const std::array<uint8_t, 32>& public_key);
// A JWK (RFC 8037) for an Ed25519 public key.
json::Json PublicJwk(const std::array<uint8_t, 32>& public_key, const std::string& kid);
// Checks a raw Ed25519 signature.
bool VerifyEd25519(const std::array<uint8_t, 32>& public_key, std::string_view message,
                   std::string_view signature);
// Checks a compact JWS (alg EdDSA) with `public_key`; returns its claims.
Result<json::Json> VerifyJwsWith(const std::array<uint8_t, 32>& public_key, std::string_view jws);
// The "kid" of a compact JWS's header ("" when absent or unreadable).
std::string JwsKid(std::string_view jws);

// Base64url without padding (RFC 4648 section 5).
std::string Base64Url(std::string_view bytes);
bool Base64UrlDecode(std::string_view text, std::string& out);

}  // namespace tact

#endif  // TACT_LEDGER_SIGNER_H_
