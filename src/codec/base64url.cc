#include "codec/base64url.h"

#include <array>

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

Status DecodeBase64Url(std::string_view text, Bits* out) {
  out->bit_size = text.size() * 6;
  out->bytes.assign(BitReader::ByteSizeFor(out->bit_size), 0);
  uint8_t* p = out->bytes.data();
  size_t bit = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    int v = kTable[static_cast<uint8_t>(text[i])];
    if (v < 0) {
      return Status::InvalidArgument("invalid base64url character at index " + std::to_string(i) +
                                     " (bit " + std::to_string(i * 6) + ")");
    }
    // Place 6 bits at `bit`, MSB first; they span at most two bytes.
    size_t byte = bit >> 3;
    unsigned off = bit & 7;
    unsigned word = static_cast<unsigned>(v) << (10 - off);  // 16-bit window
    p[byte] |= static_cast<uint8_t>(word >> 8);
    p[byte + 1] |= static_cast<uint8_t>(word & 0xff);
    bit += 6;
  }
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

}  // namespace tact::codec
