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
// character-by-character append; integers use std::to_chars; id maps are
// copied from precomputed templates in runs of equal values. No call allocates except to grow
// `out`, so a caller that reuses one string allocates nothing once it is
// large enough.
#ifndef TACT_CODEC_JSON_WRITER_H_
#define TACT_CODEC_JSON_WRITER_H_

#include <algorithm>
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
  // A key that needs no escaping: printable ASCII without '"' and '\\' (the
  // codecs' static field and section names). Copied as it is.
  void KeyRaw(std::string_view key) {
    char* p = Sep(Room(key.size() + 4));
    *p++ = '"';
    std::memcpy(p, key.data(), key.size());
    p += key.size();
    *p++ = '"';
    *p++ = ':';
    Advance(p);
    after_key_ = true;
  }
  // A key that is a decimal integer (id maps).
  void KeyInt(uint64_t key);
  void Int(int64_t v);
  void Bool(bool v);
  void Null();
  void String(std::string_view s);
  // A string that needs no escaping (as KeyRaw), e.g. base64url text.
  void StringRaw(std::string_view s) {
    char* p = Sep(Room(s.size() + 3));
    *p++ = '"';
    std::memcpy(p, s.data(), s.size());
    p += s.size();
    *p++ = '"';
    Advance(p);
    ValueDone();
  }

  // [v0,v1,...] of integers (ids, field values).
  template <typename T>
  void IntArray(std::span<const T> values);
  // [true,false,...]
  void BoolArray(const std::vector<bool>& values);

  // An id map {"1":b1,...,"max":bmax} where b_i is bit i of `bits` (bit
  // i % 64 of word i / 64; bit 0 and bits past max are ignored), max <= 65535.
  // The hot spot of `tcf decode`: vendor maps run to thousands of entries, so
  // the text is copied in runs of equal values from two precomputed
  // templates (every entry false / every entry true).
  // REQUIRES: `bits` holds at least max / 64 + 1 words.
  void IdMap(const uint64_t* bits, unsigned max);
  static constexpr unsigned kMaxMapId = 65535;

 private:
  // Max bytes of one IdMap entry (,"65535":false) and the bytes past the
  // text that its 64-byte copies may touch.
  static constexpr size_t kMapEntry = 14;
  static constexpr size_t kSlack = 64;

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
  // Decimal digits of v at p; returns the end. Values below 100,000 (ids,
  // most field values) through a table of digit pairs.
  static char* Uint(uint64_t v, char* p) {
    if (v < 10) {
      *p = static_cast<char>('0' + v);
      return p + 1;
    }
    if (v < 100) {
      std::memcpy(p, kDigitPairs + 2 * v, 2);
      return p + 2;
    }
    if (v < 10000) {
      unsigned hi = static_cast<unsigned>(v / 100), lo = static_cast<unsigned>(v % 100);
      if (hi < 10) {
        *p = static_cast<char>('0' + hi);
        std::memcpy(p + 1, kDigitPairs + 2 * lo, 2);
        return p + 3;
      }
      std::memcpy(p, kDigitPairs + 2 * hi, 2);
      std::memcpy(p + 2, kDigitPairs + 2 * lo, 2);
      return p + 4;
    }
    if (v < 100000) {
      unsigned top = static_cast<unsigned>(v / 10000), rest = static_cast<unsigned>(v % 10000);
      *p = static_cast<char>('0' + top);
      std::memcpy(p + 1, kDigitPairs + 2 * (rest / 100), 2);
      std::memcpy(p + 3, kDigitPairs + 2 * (rest % 100), 2);
      return p + 5;
    }
    return UintLong(v, p);
  }
  static char* UintLong(uint64_t v, char* p);
  static constexpr char kDigitPairs[] =
      "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
      "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
      "8081828384858687888990919293949596979899";
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
  // Room is taken 64 values at a time (22 bytes each at most), so that a
  // long array of short numbers does not reserve (and zero-fill) far more
  // than it writes.
  constexpr size_t kBlock = 64, kMaxValue = 22;
  char* p = Sep(Room(3 + std::min(values.size(), kBlock) * kMaxValue));
  const size_t open = static_cast<size_t>(p - out_->data());  // the first comma becomes '['
  *p = '[';
  for (size_t i = 0; i < values.size(); ++i) {
    if (i % kBlock == 0 && i > 0) {
      Advance(p);
      p = Room(2 + std::min(values.size() - i, kBlock) * kMaxValue);
    }
    const T v = values[i];
    *p++ = ',';
    if (v < 0) {
      *p++ = '-';
      p = Uint(static_cast<uint64_t>(-(v + 1)) + 1, p);
    } else {
      p = Uint(static_cast<uint64_t>(v), p);
    }
  }
  (*out_)[open] = '[';
  p += values.empty();
  *p++ = ']';
  Advance(p);
  ValueDone();
}

}  // namespace tact::codec

#endif  // TACT_CODEC_JSON_WRITER_H_
