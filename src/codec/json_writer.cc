#include "codec/json_writer.h"

namespace tact::codec {

void JsonWriter::AppendUint(uint64_t v) {
  char buf[24];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  while (n > 0) out_->push_back(buf[--n]);
}

void JsonWriter::Key(std::string_view key) {
  Sep();
  WriteString(key);
  out_->push_back(':');
  after_key_ = true;
}

void JsonWriter::KeyInt(uint64_t key) {
  Sep();
  out_->push_back('"');
  AppendUint(key);
  out_->append("\":");
  after_key_ = true;
}

void JsonWriter::Int(int64_t v) {
  Sep();
  if (v < 0) {
    out_->push_back('-');
    AppendUint(static_cast<uint64_t>(-(v + 1)) + 1);
  } else {
    AppendUint(static_cast<uint64_t>(v));
  }
}

void JsonWriter::WriteAscii(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out_->append("\\\""); break;
      case '\\': out_->append("\\\\"); break;
      case '\n': out_->append("\\n"); break;
      case '\r': out_->append("\\r"); break;
      case '\t': out_->append("\\t"); break;
      default:
        if (c < 0x20 || c == 0x7f) {
          out_->append("\\u00");
          out_->push_back(kHex[c >> 4]);
          out_->push_back(kHex[c & 15]);
        } else {
          out_->push_back(ch);
        }
        break;
    }
  }
}

// Bytes >= 0x80 that are not well-formed UTF-8 become U+FFFD, so the output
// is always valid JSON whatever bytes an error message quotes.
void JsonWriter::WriteString(std::string_view s) {
  out_->push_back('"');
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      size_t j = i;
      while (j < s.size() && static_cast<unsigned char>(s[j]) < 0x80) ++j;
      WriteAscii(s.substr(i, j - i));
      i = j;
      continue;
    }
    size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 0;
    bool ok = n > 0 && c < 0xF5 && i + n <= s.size();
    for (size_t k = 1; ok && k < n; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (ok) {  // no overlong forms, surrogates or code points above U+10FFFF
      unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
      if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0) || (c == 0xF0 && c1 < 0x90) ||
          (c == 0xF4 && c1 >= 0x90)) {
        ok = false;
      }
    }
    if (ok) {
      out_->append(s.substr(i, n));
      i += n;
    } else {
      out_->append("\\ufffd");
      ++i;
    }
  }
  out_->push_back('"');
}

}  // namespace tact::codec
