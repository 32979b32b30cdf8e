#include "codec/json_writer.h"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <memory>

namespace tact::codec {
namespace {

// Bytes copied as they are inside a JSON string: printable ASCII but '"' and
// '\\'. Everything else is escaped or checked as UTF-8.
constexpr std::array<bool, 256> MakePlainTable() {
  std::array<bool, 256> t{};
  for (int c = 0x20; c < 0x7f; ++c) t[c] = c != '"' && c != '\\';
  return t;
}
constexpr std::array<bool, 256> kPlain = MakePlainTable();

// The length of a well-formed UTF-8 sequence at s[i] (lead byte >= 0x80), or
// 0: no overlong forms, surrogates or code points above U+10FFFF.
size_t Utf8Length(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t len = c >= 0xF0 && c <= 0xF4   ? 4
               : c >= 0xE0 && c < 0xF0  ? 3
               : c >= 0xC2 && c <= 0xDF ? 2
                                        : 0;
  if (len == 0 || i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  }
  unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
  if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0) || (c == 0xF0 && c1 < 0x90) ||
      (c == 0xF4 && c1 >= 0x90)) {
    return 0;
  }
  return len;
}

// The length of the longest prefix of s[0, n) that needs no escaping, eight
// bytes at a time (a byte needs escaping when < 0x20, '"', '\\' or >= 0x7f).
bool NeedsEscape(uint64_t w) {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHigh = 0x8080808080808080ull;
  auto has_zero = [](uint64_t x) { return (x - kOnes) & ~x & kHigh; };
  return ((w & kHigh) | ((w - 0x20 * kOnes) & ~w & kHigh) | has_zero(w ^ (0x22 * kOnes)) |
          has_zero(w ^ (0x5c * kOnes)) | has_zero(w ^ (0x7f * kOnes))) != 0;
}

// Copies the longest prefix of s[0, n) that needs no escaping to `out`, eight
// bytes at a time; returns its length.
size_t CopyPlainPrefix(const char* s, size_t n, char* out) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, s + i, 8);
    if (NeedsEscape(w)) break;
    std::memcpy(out + i, &w, 8);
  }
  if (i + 8 > n && n >= 8) {
    // The tail as one word overlapping what was already copied.
    uint64_t w;
    std::memcpy(&w, s + n - 8, 8);
    if (!NeedsEscape(w)) {
      std::memcpy(out + n - 8, &w, 8);
      return n;
    }
  }
  for (; i < n && kPlain[static_cast<unsigned char>(s[i])]; ++i) out[i] = s[i];
  return i;
}

// The text of the id maps 1..kMaxMapId with every value false and with every
// value true: entry `id` is ,"<id>":false at text[0] + starts[id] and
// ,"<id>":true at text[1] + starts[id] - (id - 1) (each earlier true entry is
// one byte shorter). starts[kMaxMapId + 1] is the end. Both texts carry
// kCopy bytes of slack so that a run is copied in whole kCopy-byte blocks.
struct IdMapTemplates {
  static constexpr unsigned kCount = JsonWriter::kMaxMapId;
  static constexpr size_t kCopy = 64;
  std::unique_ptr<char[]> text[2];  // all false, all true
  std::unique_ptr<uint32_t[]> starts;

  IdMapTemplates() : starts(new uint32_t[kCount + 2]) {
    size_t size = 0;
    for (unsigned id = 1; id <= kCount; ++id) {
      starts[id] = static_cast<uint32_t>(size);
      size += 9 + std::to_string(id).size();  // ,"" : false around the digits
    }
    starts[0] = 0;
    starts[kCount + 1] = static_cast<uint32_t>(size);
    text[0].reset(new char[size + kCopy]());
    text[1].reset(new char[size + kCopy]());
    char* f = text[0].get();
    char* t = text[1].get();
    for (unsigned id = 1; id <= kCount; ++id) {
      std::string key = ",\"" + std::to_string(id) + "\":";
      std::memcpy(f, key.data(), key.size());
      std::memcpy(f + key.size(), "false", 5);
      f += key.size() + 5;
      std::memcpy(t, key.data(), key.size());
      std::memcpy(t + key.size(), "true", 4);
      t += key.size() + 4;
    }
  }
};

const IdMapTemplates& Templates() {
  static const IdMapTemplates kTemplates;
  return kTemplates;
}

}  // namespace

void JsonWriter::IdMap(const uint64_t* bits, unsigned max) {
  static_assert(kSlack >= IdMapTemplates::kCopy);
  if (max > kMaxMapId) max = kMaxMapId;
  const IdMapTemplates& t = Templates();
  const char* const text[2] = {t.text[0].get(), t.text[1].get()};
  const uint32_t* const starts = t.starts.get();
  char* p = Sep(Room(3 + size_t{max} * kMapEntry + kSlack));
  char* open = p;  // the first entry's comma becomes the '{'
  *p = '{';
  const unsigned last_word = max >> 6;
  unsigned id = 1;
  // Runs alternate between false and true; each is one copy from its
  // template, with no branch on the value. Runs of up to kCopy bytes (four
  // or more entries) take one fixed-size copy.
  while (id <= max) {
    unsigned wi = id >> 6;
    const unsigned set = static_cast<unsigned>((bits[wi] >> (id & 63)) & 1);
    const uint64_t flip = uint64_t{0} - set;  // all ones when the run is of true
    // The run of equal values from `id` ends at the first differing bit.
    uint64_t diff = (bits[wi] ^ flip) >> (id & 63);
    unsigned end;
    if (diff != 0) {
      end = id + static_cast<unsigned>(std::countr_zero(diff));
    } else {
      ++wi;
      while (wi <= last_word && (bits[wi] ^ flip) == 0) ++wi;
      end = wi > last_word ? max + 1
                           : wi * 64 + static_cast<unsigned>(std::countr_zero(bits[wi] ^ flip));
    }
    if (end > max + 1) end = max + 1;
    const char* from = text[set] + starts[id] - set * (id - 1);
    const size_t len = starts[end] - starts[id] - set * (end - id);
    std::memcpy(p, from, IdMapTemplates::kCopy);
    for (size_t i = IdMapTemplates::kCopy; i < len; i += IdMapTemplates::kCopy) {
      std::memcpy(p + i, from + i, IdMapTemplates::kCopy);
    }
    p += len;
    id = end;
  }
  *open = '{';
  p += max == 0;
  *p++ = '}';
  Advance(p);
  ValueDone();
}

void JsonWriter::Grow(size_t n) {
  // Geometric in what this writer has written, so zero-filling is amortized.
  size_t want = pos_ + std::max({n, pos_ - start_, size_t{1024}});
  out_->resize(want);
}

char* JsonWriter::UintLong(uint64_t v, char* p) { return std::to_chars(p, p + 20, v).ptr; }

void JsonWriter::Key(std::string_view key) {
  Advance(Sep(Room(1)));
  WriteQuoted(key);
  char* p = Room(1);
  *p++ = ':';
  Advance(p);
  after_key_ = true;
}

void JsonWriter::KeyInt(uint64_t key) {
  char* p = Sep(Room(24));
  *p++ = '"';
  p = Uint(key, p);
  *p++ = '"';
  *p++ = ':';
  Advance(p);
  after_key_ = true;
}

void JsonWriter::Int(int64_t v) {
  char* p = Sep(Room(22));
  if (v < 0) {
    *p++ = '-';
    p = Uint(static_cast<uint64_t>(-(v + 1)) + 1, p);
  } else {
    p = Uint(static_cast<uint64_t>(v), p);
  }
  Advance(p);
  ValueDone();
}

void JsonWriter::Bool(bool v) {
  static constexpr char kValues[2][8] = {"false", "true"};
  char* p = Sep(Room(9));
  std::memcpy(p, kValues[v], 8);
  Advance(p + 5 - v);
  ValueDone();
}

void JsonWriter::Null() {
  char* p = Sep(Room(5));
  std::memcpy(p, "null", 4);
  Advance(p + 4);
  ValueDone();
}

void JsonWriter::String(std::string_view s) {
  Advance(Sep(Room(1)));
  WriteQuoted(s);
  ValueDone();
}

void JsonWriter::BoolArray(const std::vector<bool>& values) {
  char* p = Sep(Room(3 + values.size() * 6 + 8));
  char* open = p;  // the first element's comma becomes the '['
  *p = '[';
  for (bool b : values) {
    std::memcpy(p, b ? ",true" : ",false", 6);
    p += 6 - b;
  }
  *open = '[';
  p += values.empty();
  *p++ = ']';
  Advance(p);
  ValueDone();
}

// Plain runs are copied whole; bytes >= 0x80 that are not well-formed UTF-8
// become \ufffd, so the output is valid JSON whatever bytes an error message
// quotes. Room: 6 bytes per input byte at most (\u00XX).
void JsonWriter::WriteQuoted(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  char* p = Room(2 + 6 * s.size());
  *p++ = '"';
  size_t i = 0;
  while (i < s.size()) {
    size_t plain = CopyPlainPrefix(s.data() + i, s.size() - i, p);
    p += plain;
    i += plain;
    if (i == s.size()) break;
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      *p++ = '\\';
      switch (c) {
        case '"':
          *p++ = '"';
          break;
        case '\\':
          *p++ = '\\';
          break;
        case '\n':
          *p++ = 'n';
          break;
        case '\r':
          *p++ = 'r';
          break;
        case '\t':
          *p++ = 't';
          break;
        default:
          std::memcpy(p, "u00", 3);
          p[3] = kHex[c >> 4];
          p[4] = kHex[c & 15];
          p += 5;
      }
      ++i;
      continue;
    }
    size_t len = Utf8Length(s, i);
    if (len > 0) {
      std::memcpy(p, s.data() + i, len);
      p += len;
      i += len;
    } else {
      std::memcpy(p, "\\ufffd", 6);
      p += 6;
      ++i;
    }
  }
  *p++ = '"';
  Advance(p);
}

}  // namespace tact::codec
