// JsonWriter: a small, fast, append-only JSON writer for the decode hot path
// (one object per input line). The caller drives the structure; the writer
// inserts commas. Strings are escaped per RFC 8259 and are always valid UTF-8
// (ill-formed bytes become U+FFFD).
//
// Contract: the writer appends to `out`. While a top-level value is being
// written, `out` may hold scratch bytes past the text; when the top-level
// value is complete (its outermost EndObject/EndArray, or a top-level scalar)
// and when the writer is destroyed, `out` holds exactly the previous content
// plus the text written.
//
// Speed: the writer keeps a cursor into `out` and grows it geometrically
// (zero-filled once per growth), so a call is a few stores, never a
// character-by-character append; integers use std::to_chars; id maps keep
// their key text as a decimal counter. No call allocates except to grow
// `out`, so a caller that reuses one string allocates nothing once it is
// large enough.
#ifndef TACT_CODEC_JSON_WRITER_H_
#define TACT_CODEC_JSON_WRITER_H_

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tact::codec {

class JsonWriter {
 public:
  explicit JsonWriter(std::string* out) : out_(out), start_(out->size()), pos_(out->size()) {}
  ~JsonWriter() { out_->resize(pos_); }
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  // Writes `"key":`; the next value call completes the member. Keys are
  // escaped like strings.
  void Key(std::string_view key);
  // A key that is a decimal integer (id maps).
  void KeyInt(uint64_t key);
  void Int(int64_t v);
  void Bool(bool v);
  void String(std::string_view s);

  // [v0,v1,...] of integers (ids, field values).
  template <typename T>
  void IntArray(std::span<const T> values);
  // [true,false,...]
  void BoolArray(const std::vector<bool>& values);

  // An id map {"1":b1,...,"max":bmax} with b_i = has(i), written in one pass
  // (the hot spot of `tcf decode`: vendor maps run to thousands of entries).
  template <typename Has>
  void BoolMap(unsigned max, Has has);

 private:
  // Max bytes of one BoolMap entry (,"65535":false) and the bytes past it
  // that its fixed-size stores may touch.
  static constexpr size_t kMapEntry = 14;
  static constexpr size_t kSlack = 16;

  // Room for `n` more bytes at the cursor; returns where to write.
  char* Room(size_t n) {
    if (out_->size() - pos_ < n) Grow(n);
    return out_->data() + pos_;
  }
  void Grow(size_t n);
  // Moves the cursor to `end` (a pointer returned by Room, advanced).
  void Advance(const char* end) { pos_ = static_cast<size_t>(end - out_->data()); }
  // The top-level value is complete: cut the scratch bytes.
  void ValueDone() {
    if (depth_ == 0) out_->resize(pos_);
  }
  // Writes the separator the next value needs (',' or nothing) at p.
  char* Sep(char* p) {
    bool comma = !first_ && !after_key_;
    after_key_ = false;
    first_ = false;
    *p = ',';
    return p + comma;
  }
  void Open(char c) {
    char* p = Sep(Room(2));
    *p++ = c;
    Advance(p);
    first_ = true;
    ++depth_;
  }
  void Close(char c) {
    char* p = Room(1);
    *p++ = c;
    Advance(p);
    first_ = false;
    --depth_;
    ValueDone();
  }
  static char* Uint(uint64_t v, char* p);
  // Writes `s` quoted and escaped at the cursor (after the separator).
  void WriteQuoted(std::string_view s);

  std::string* out_;
  size_t start_;  // where this writer's text begins
  size_t pos_;    // the cursor: end of the text written so far
  int depth_ = 0;
  bool first_ = true;
  bool after_key_ = false;
};

// ---------------------------------------------------------------- templates

template <typename T>
void JsonWriter::IntArray(std::span<const T> values) {
  char* p = Sep(Room(3 + values.size() * 21));
  char* open = p;  // the first element's comma becomes the '['
  *p = '[';
  for (T v : values) {
    *p++ = ',';
    if (v < 0) {
      *p++ = '-';
      p = Uint(static_cast<uint64_t>(-(v + 1)) + 1, p);
    } else {
      p = Uint(static_cast<uint64_t>(v), p);
    }
  }
  *open = '[';
  p += values.empty();
  *p++ = ']';
  Advance(p);
  ValueDone();
}

template <typename Has>
void JsonWriter::BoolMap(unsigned max, Has has) {
  char* p = Sep(Room(3 + size_t{max} * kMapEntry + kSlack));
  char* open = p;  // the first entry's comma becomes the '{'
  *p = '{';
  // key = ,"<digits>": for the current decade; the last digit is patched in
  // the output, so the key is reloaded (and carried) once every ten ids
  // rather than rewritten byte by byte (which would stall store forwarding).
  char key[16] = {',', '"', '0', '"', ':'};
  unsigned digits = 1;
  uint64_t lo, hi;
  std::memcpy(&lo, key, 8);
  std::memcpy(&hi, key + 8, 8);
  unsigned last = 1;  // last digit of id
  static constexpr char kValues[2][8] = {"false", "true"};
  for (unsigned id = 1; id <= max; ++id) {
    std::memcpy(p, &lo, 8);
    std::memcpy(p + 8, &hi, 8);
    p[digits + 1] = static_cast<char>('0' + last);
    p += digits + 4;
    bool b = has(id);
    std::memcpy(p, kValues[b], 8);
    p += 5 - b;
    if (++last == 10) {
      last = 0;
      // Carry into the tens: increment key[2 .. 1 + digits).
      int i = static_cast<int>(digits);
      while (i >= 2 && key[i] == '9') key[i--] = '0';
      if (i >= 2) {
        ++key[i];
      } else {
        ++digits;  // 99..9 -> 100..0
        key[2] = '1';
        for (unsigned k = 3; k < 2 + digits; ++k) key[k] = '0';
        key[2 + digits] = '"';
        key[3 + digits] = ':';
      }
      std::memcpy(&lo, key, 8);
      std::memcpy(&hi, key + 8, 8);
    }
  }
  *open = '{';
  p += max == 0;
  *p++ = '}';
  Advance(p);
  ValueDone();
}

}  // namespace tact::codec

#endif  // TACT_CODEC_JSON_WRITER_H_
