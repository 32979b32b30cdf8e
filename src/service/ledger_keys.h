// The ledger's keys in the data directory:
//   DATA/ledger.key        the current 32-byte Ed25519 seed (mode 0600)
//   DATA/ledger-keys.json  every public key that ever signed, with its
//                          validity (mode 0600): {"keys":[{"kid","x",
//                          "valid_from_ms","valid_until_ms"}...]}
// A data directory from before rotation existed has no ledger-keys.json: its
// ring is the one key in ledger.key.
#ifndef TACT_SERVICE_LEDGER_KEYS_H_
#define TACT_SERVICE_LEDGER_KEYS_H_

#include <string>

#include "ledger/key_ring.h"
#include "tact/result.h"

namespace tact {

// Creates ledger.key on first use, and ledger-keys.json when missing.
Result<KeyRing> LoadOrCreateKeyRing(const std::string& dir, UnixMillis now);
// Reads the ring without creating anything (NotFound without ledger.key).
Result<KeyRing> LoadKeyRing(const std::string& dir);
// Retires the current key (valid until `now`) and makes a new one current:
// the list is written first (with both keys), then ledger.key is replaced;
// the old seed is not kept. Returns the new ring. A running `tact serve`
// signs with the new key after a restart.
Result<KeyRing> RotateLedgerKey(const std::string& dir, UnixMillis now);

}  // namespace tact

#endif  // TACT_SERVICE_LEDGER_KEYS_H_
