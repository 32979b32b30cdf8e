// Base64url (RFC 4648 section 5 alphabet, no padding) as used by TC strings
// and GPP strings: each character carries 6 bits, most significant first.
//
// DecodeBase64Url accepts only `A-Z a-z 0-9 - _` and any length (including
// lengths that are not a multiple of 4); an empty input decodes to 0 bits.
// Errors name the offending character's index. Encoding pads the bit string
// with zeros the way the IAB libraries do (see Padding).
#ifndef TACT_CODEC_BASE64URL_H_
#define TACT_CODEC_BASE64URL_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "codec/bit_writer.h"
#include "tact/status.h"

namespace tact::codec {

// Packed bits plus their count; bytes.size() == BitReader::ByteSizeFor(bit_size).
struct Bits {
  std::vector<uint8_t> bytes;
  size_t bit_size = 0;
};

// The 6-bit value of a base64url character, or -1.
int Base64UrlValue(char c);

Status DecodeBase64Url(std::string_view text, Bits* out);

enum class Padding {
  kTraditional,  // zero bits up to a multiple of 24 (TCF, GPP tcfeuv2)
  kCompressed,   // zero bits up to a multiple of 8, then of 6 (GPP header, US sections)
};

// Pads a copy of `bits` and encodes it.
std::string EncodeBase64Url(const BitWriter& bits, Padding padding);

// Bytes as RFC 4648 base64url without padding, as JOSE writes them: the
// length of the text for `n` bytes, and the text written at `out`, which must
// have room for Base64UrlLength(bytes.size()) characters.
size_t Base64UrlLength(size_t n);
void WriteBase64Url(std::string_view bytes, char* out);

}  // namespace tact::codec

#endif  // TACT_CODEC_BASE64URL_H_
