// BLAKE2b digests (libsodium). Pure functions.
#ifndef TACT_CORE_DIGEST_H_
#define TACT_CORE_DIGEST_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace tact {

using Hash256 = std::array<uint8_t, 32>;

Hash256 Blake2b256(std::string_view data);
// First 16 bytes of BLAKE2b-256, hex: short, stable content fingerprints.
std::string Blake2bHex(std::string_view data);
std::string ToHex(const uint8_t* data, size_t n);
// Writes 2 * n hex characters to `out` (no allocation).
void ToHex(const uint8_t* data, size_t n, char* out);
inline std::string ToHex(const Hash256& h) { return ToHex(h.data(), h.size()); }
// The ledger's chain hash (docs/formats/ledger.md):
// BLAKE2b-256("tact.ledger.v1" || 0x00 || prev_hash || payload).
Hash256 ChainHash(const Hash256& prev, std::string_view payload);

// Constant-time equality for secrets and digests.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace tact

#endif  // TACT_CORE_DIGEST_H_
