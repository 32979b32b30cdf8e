#include "core/digest.h"

#include <sodium.h>

#include <cstdlib>
#include <cstring>

namespace tact {

Hash256 Blake2b256(std::string_view data) {
  Hash256 out;
  crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(data.data()),
                     data.size(), nullptr, 0);
  return out;
}

void ToHex(const uint8_t* data, size_t n, char* out) {
  static const char kHex[] = "0123456789abcdef";
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = kHex[data[i] >> 4];
    out[2 * i + 1] = kHex[data[i] & 15];
  }
}

std::string ToHex(const uint8_t* data, size_t n) {
  std::string s(n * 2, '\0');
  ToHex(data, n, s.data());
  return s;
}

std::string Blake2bHex(std::string_view data) {
  Hash256 h = Blake2b256(data);
  return ToHex(h.data(), 16);
}

Hash256 ChainHash(const Hash256& prev, std::string_view payload) {
  static const char kDomain[] = "tact.ledger.v1";  // followed by its NUL byte
  crypto_generichash_state st;
  crypto_generichash_init(&st, nullptr, 0, 32);
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(kDomain), sizeof kDomain);
  crypto_generichash_update(&st, prev.data(), prev.size());
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(payload.data()),
                            payload.size());
  Hash256 out;
  crypto_generichash_final(&st, out.data(), out.size());
  return out;
}

// Every byte is compared whatever the first difference (no early exit), 8 at
// a time; the empty asm keeps the compiler from turning the accumulation
// into a branch. (sodium_memcmp does the same a byte at a time through
// volatile reads: correct, but it was 1.6% of a decide request.)
bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  uint64_t diff = 0;
  size_t i = 0;
  for (; i + 8 <= a.size(); i += 8) {
    uint64_t x, y;
    std::memcpy(&x, a.data() + i, 8);
    std::memcpy(&y, b.data() + i, 8);
    diff |= x ^ y;
    __asm__ volatile("" : "+r"(diff));
  }
  for (; i < a.size(); ++i) {
    diff |= static_cast<uint8_t>(a[i] ^ b[i]);
    __asm__ volatile("" : "+r"(diff));
  }
  return diff == 0;
}

}  // namespace tact
