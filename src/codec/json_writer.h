// JsonWriter: a small, fast, append-only JSON writer for the decode hot path
// (one object per input line). The caller drives the structure; the writer
// inserts commas. Strings are escaped per RFC 8259; bytes >= 0x80 are copied
// unchanged (callers pass UTF-8).
#ifndef TACT_CODEC_JSON_WRITER_H_
#define TACT_CODEC_JSON_WRITER_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace tact::codec {

class JsonWriter {
 public:
  explicit JsonWriter(std::string* out) : out_(out) {}

  void BeginObject() { Sep(); out_->push_back('{'); first_ = true; }
  void EndObject() { out_->push_back('}'); first_ = false; }
  void BeginArray() { Sep(); out_->push_back('['); first_ = true; }
  void EndArray() { out_->push_back(']'); first_ = false; }
  // Writes `"key":`; the next value call completes the member.
  void Key(std::string_view key);
  // A key that is a decimal integer (id maps).
  void KeyInt(uint64_t key);
  void Int(int64_t v);
  void Bool(bool v) { Sep(); out_->append(v ? "true" : "false"); }
  void String(std::string_view s) { Sep(); WriteString(s); }
  // An id map {"1":b1,...,"max":bmax} with b_i = has(i), written in one pass
  // (the hot spot of `tcf decode`: vendor maps run to thousands of entries).
  template <typename Has>
  void BoolMap(unsigned max, Has has) {
    Sep();
    size_t old = out_->size();
    out_->resize(old + 2 + size_t{max} * 15);
    char* p = out_->data() + old;
    *p++ = '{';
    for (unsigned id = 1; id <= max; ++id) {
      if (id > 1) *p++ = ',';
      *p++ = '"';
      p = Digits(id, p);
      *p++ = '"';
      *p++ = ':';
      if (has(id)) {
        std::memcpy(p, "true", 4);
        p += 4;
      } else {
        std::memcpy(p, "false", 5);
        p += 5;
      }
    }
    *p++ = '}';
    out_->resize(static_cast<size_t>(p - out_->data()));
    first_ = false;
  }

 private:
  void Sep() {
    if (after_key_) { after_key_ = false; return; }
    if (!first_) out_->push_back(',');
    first_ = false;
  }
  void AppendUint(uint64_t v);
  static char* Digits(unsigned v, char* p) {
    char buf[10];
    int n = 0;
    do {
      buf[n++] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v != 0);
    while (n > 0) *p++ = buf[--n];
    return p;
  }
  void WriteString(std::string_view s);
  void WriteAscii(std::string_view s);  // escapes; no quotes

  std::string* out_;
  bool first_ = true;
  bool after_key_ = false;
};

}  // namespace tact::codec

#endif  // TACT_CODEC_JSON_WRITER_H_
