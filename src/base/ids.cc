#include "tact/ids.h"

#include <sodium.h>

namespace tact {
namespace {

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

}  // namespace

bool IsValidSlug(std::string_view s) {
  if (s.empty() || s.size() > 64 || !IsLowerAlnum(s[0])) return false;
  for (char c : s) {
    if (!IsLowerAlnum(c) && c != '_' && c != '-') return false;
  }
  return true;
}

bool IsValidPurposeKey(std::string_view s) {
  if (s.empty() || s.size() > 128) return false;
  size_t part_len = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '.') {
      if (part_len == 0) return false;
      part_len = 0;
      continue;
    }
    if (part_len == 0 && !(c >= 'a' && c <= 'z')) return false;
    if (!IsLowerAlnum(c) && c != '_') return false;
    ++part_len;
  }
  return part_len > 0;
}

bool IsValidSubjectId(std::string_view s) {
  if (s.empty() || s.size() > 128) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == ':' || c == '@' || c == '+' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string NewId(std::string_view prefix) {
  static const char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  constexpr size_t kChars = 22;  // 22 x log2(62) = 131 bits
  if (sodium_init() < 0) abort();
  std::string id(prefix);
  id.reserve(prefix.size() + kChars);
  // One read of the system's randomness for the whole id (randombytes_uniform
  // made a getrandom call per character). A byte >= 248 (4 x 62) is skipped,
  // so every character stays equally likely; 32 bytes almost always suffice.
  unsigned char random[32];
  size_t used = sizeof random;
  size_t written = 0;
  while (written < kChars) {
    if (used == sizeof random) {
      randombytes_buf(random, sizeof random);
      used = 0;
    }
    unsigned char b = random[used++];
    if (b >= 248) continue;
    id += kAlphabet[b % 62];
    ++written;
  }
  sodium_memzero(random, sizeof random);  // API keys are made of these
  return id;
}

}  // namespace tact
