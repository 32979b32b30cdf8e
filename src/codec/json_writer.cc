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

void JsonWriter::WriteString(std::string_view s) {
  out_->push_back('"');
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
    }
  }
  out_->push_back('"');
}

}  // namespace tact::codec
