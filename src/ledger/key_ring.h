// KeyRing: the ledger's signing keys over time. One key signs (the current
// one); every key that ever signed stays published with its validity, so
// checkpoints and receipts signed before a rotation still verify
// (docs/formats/ledger.md, "Keys and rotation").
//
// The ring holds only public keys for the past: a retired key's secret is
// not kept anywhere, so it can no longer sign.
//
// Thread-safety: immutable after construction; safe from any thread.
#ifndef TACT_LEDGER_KEY_RING_H_
#define TACT_LEDGER_KEY_RING_H_

#include <array>
#include <string>
#include <vector>

#include "core/json_fields.h"
#include "ledger/checkpoint.h"
#include "ledger/signer.h"
#include "tact/clock.h"
#include "tact/result.h"

namespace tact {

// A published verification key and when it signed.
struct PublishedKey {
  std::string kid;
  std::array<uint8_t, 32> public_key{};
  UnixMillis valid_from = 0;   // when it became the signing key
  UnixMillis valid_until = 0;  // when it was retired; 0 while current

  // The JWK with "valid_from" / "valid_until" (RFC 3339; null while current)
  // and "status" ("current" | "retired") beside the RFC 8037 members.
  json::Json Jwk() const;
  json::Json ToJson() const;  // the stored form (ledger-keys.json)
  static Result<PublishedKey> FromJson(const json::Json& j);
};

class KeyRing {
 public:
  // `published` may omit the current key (it is then added, valid from 0).
  KeyRing(Signer current, std::vector<PublishedKey> published);

  const Signer& signer() const { return signer_; }
  // Oldest first; the current key is the one with valid_until == 0.
  const std::vector<PublishedKey>& keys() const { return keys_; }
  const PublishedKey* Find(std::string_view kid) const;

  // {"keys":[...]}: the current key first, then the retired ones, newest first.
  json::Json Jwks() const;
  // {"keys":[PublishedKey::ToJson()...]} oldest first, and its reader.
  json::Json ToJson() const;
  static Result<std::vector<PublishedKey>> ListFromJson(const json::Json& j);

  // By the checkpoint's / the JWS header's kid.
  bool VerifyCheckpoint(const Checkpoint& c) const;
  Result<json::Json> VerifyJws(std::string_view jws) const;

 private:
  Signer signer_;
  std::vector<PublishedKey> keys_;
};

}  // namespace tact

#endif  // TACT_LEDGER_KEY_RING_H_
