#include "codec/base64url.h"

#include <array>
#include <cstring>

#include "codec/bit_reader.h"

namespace tact::codec {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

constexpr std::array<int8_t, 256> MakeTable() {
  std::array<int8_t, 256> t{};
  for (auto& v : t) v = -1;
  for (int i = 0; i < 64; ++i) t[static_cast<uint8_t>(kAlphabet[i])] = static_cast<int8_t>(i);
  return t;
}
constexpr std::array<int8_t, 256> kTable = MakeTable();

}  // namespace

int Base64UrlValue(char c) { return kTable[static_cast<uint8_t>(c)]; }

namespace {

Status InvalidCharacter(std::string_view text, size_t from) {
  size_t i = from;
  while (kTable[static_cast<uint8_t>(text[i])] >= 0) ++i;  // a bad one is at or after `from`
  return Status::InvalidArgument("invalid base64url character at index " + std::to_string(i) +
                                 " (bit " + std::to_string(i * 6) + ")");
}

}  // namespace

// Four characters (24 bits) become three bytes at a time; the 0-3 characters
// left make one more group, zero-filled. Every byte of the result is written
// (the payload, then zeros to the end of the slack).
Status DecodeBase64Url(std::string_view text, Bits* out) {
  const size_t n = text.size();
  out->bit_size = n * 6;
  const size_t size = BitReader::ByteSizeFor(out->bit_size);
  out->bytes.resize(size);
  uint8_t* p = out->bytes.data();
  const uint8_t* s = reinterpret_cast<const uint8_t*>(text.data());
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    int a = kTable[s[i]], b = kTable[s[i + 1]], c = kTable[s[i + 2]], d = kTable[s[i + 3]];
    if ((a | b | c | d) < 0) return InvalidCharacter(text, i);
    uint32_t v = static_cast<uint32_t>(a << 18 | b << 12 | c << 6 | d);
    p[0] = static_cast<uint8_t>(v >> 16);
    p[1] = static_cast<uint8_t>(v >> 8);
    p[2] = static_cast<uint8_t>(v);
    p += 3;
  }
  if (i < n) {
    uint32_t v = 0;
    for (unsigned shift = 18; i < n; ++i, shift -= 6) {
      int x = kTable[s[i]];
      if (x < 0) return InvalidCharacter(text, i);
      v |= static_cast<uint32_t>(x) << shift;
    }
    p[0] = static_cast<uint8_t>(v >> 16);
    p[1] = static_cast<uint8_t>(v >> 8);
    p[2] = static_cast<uint8_t>(v);
    p += 3;
  }
  uint8_t* end = out->bytes.data() + size;
  if (p < end) std::memset(p, 0, static_cast<size_t>(end - p));
  return Status::Ok();
}

std::string EncodeBase64Url(const BitWriter& bits, Padding padding) {
  BitWriter padded = bits;
  if (padding == Padding::kTraditional) {
    padded.PadTo(24);
  } else {
    padded.PadTo(8);
    padded.PadTo(6);
  }
  std::string out;
  out.reserve(padded.size() / 6);
  const std::vector<uint8_t>& b = padded.bytes();
  for (size_t pos = 0; pos < padded.size(); pos += 6) {
    unsigned v = 0;
    for (size_t i = pos; i < pos + 6; ++i) v = (v << 1) | ((b[i >> 3] >> (7 - (i & 7))) & 1);
    out.push_back(kAlphabet[v]);
  }
  return out;
}

size_t Base64UrlLength(size_t n) { return n / 3 * 4 + (n % 3 == 0 ? 0 : n % 3 + 1); }

void WriteBase64Url(std::string_view bytes, char* out) {
  const uint8_t* s = reinterpret_cast<const uint8_t*>(bytes.data());
  const size_t n = bytes.size();
  size_t i = 0;
  for (; i + 3 <= n; i += 3) {
    uint32_t v = static_cast<uint32_t>(s[i] << 16 | s[i + 1] << 8 | s[i + 2]);
    out[0] = kAlphabet[v >> 18];
    out[1] = kAlphabet[(v >> 12) & 63];
    out[2] = kAlphabet[(v >> 6) & 63];
    out[3] = kAlphabet[v & 63];
    out += 4;
  }
  if (i == n) return;
  uint32_t v = static_cast<uint32_t>(s[i] << 16);
  if (i + 1 < n) v |= static_cast<uint32_t>(s[i + 1] << 8);
  out[0] = kAlphabet[v >> 18];
  out[1] = kAlphabet[(v >> 12) & 63];
  if (i + 1 < n) out[2] = kAlphabet[(v >> 6) & 63];
}

}  // namespace tact::codec
