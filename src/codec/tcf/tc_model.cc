#include "codec/tcf/tc_model.h"

namespace tact::codec::tcf {

bool SetLetters(const std::string& code, uint8_t out[2]) {
  if (code.size() != 2) return false;
  for (int i = 0; i < 2; ++i) {
    char c = code[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') return false;
    out[i] = static_cast<uint8_t>(c - 'A');
  }
  return true;
}

}  // namespace tact::codec::tcf
