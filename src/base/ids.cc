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
  if (sodium_init() < 0) abort();
  std::string id(prefix);
  for (int i = 0; i < 22; ++i) id += kAlphabet[randombytes_uniform(62)];
  return id;
}

}  // namespace tact
