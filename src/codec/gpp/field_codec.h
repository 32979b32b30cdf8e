// The field engine of the GPP sections: a segment is a list of FieldSpecs
// read in order from a bit string, the way @iabgpp/cmpapi 3.2.0's
// BitStringEncoder does it (each field first measures its length, a field
// that does not fit fails, or, for a "soft" field, silently ends the segment
// with the remaining fields at their defaults; trailing bits are ignored).
//
// No field validators are applied on decode (a 2-bit field holding 3 is 3),
// as in the library. Encoding checks that every value fits so that decoding
// the result gives the same values back.
#ifndef TACT_CODEC_GPP_FIELD_CODEC_H_
#define TACT_CODEC_GPP_FIELD_CODEC_H_

#include <cstdint>
#include <span>
#include <vector>

#include "codec/bit_reader.h"
#include "codec/bit_writer.h"
#include "codec/gpp/gpp_model.h"
#include "tact/status.h"

namespace tact::codec::gpp {

enum class FieldKind : uint8_t {
  kInt,           // bits-wide unsigned integer
  kBool,          // one bit
  kIntList,       // count integers of bits each
  kDatetime,      // 36 bits, deciseconds since the epoch
  kString,        // count characters of 6 bits (value + 65; 63 is a space; trimmed)
  kBitfield,      // count booleans
  kFlexBitfield,  // as many booleans as the preceding kInt field's value
  kFibRange,      // Fibonacci-coded id range (GPP header SectionIds)
  kOptFibRange,   // 16-bit max id, flag, bitfield or Fibonacci range (tcfcav1)
  kFibRangeArray, // 12-bit count of {6-bit key, 2-bit type, kOptFibRange} (tcfcav1)
  kOptFixedRange, // 16-bit max id, flag, bitfield or 16-bit ranges (tcfcav1 fixed layout)
  kFixedRangeArray, // 12-bit count of {6-bit key, 2-bit type, 16-bit ranges}
};

struct FieldSpec {
  const char* name;
  FieldKind kind;
  uint8_t bits = 0;   // kInt, kIntList
  uint8_t count = 0;  // kIntList, kString, kBitfield
  int64_t def = 0;    // kInt default; kBool default is def != 0
  bool soft = false;  // a missing field ends the segment instead of failing
};

using SegmentSpec = std::span<const FieldSpec>;

// Appends every field of `spec` with its default value.
void AppendDefaults(SegmentSpec spec, std::vector<Field>* out);

// Decodes the fields of `spec` from all of `r`, overwriting the matching
// entries of `fields` (which holds the defaults, in spec order, starting at
// index `first`). Errors carry the bit offset within the segment.
Status DecodeFields(const BitReader& r, SegmentSpec spec, std::vector<Field>* fields, size_t first);

// Writes the fields of `spec` taking values from `fields` (found by name),
// the way the library's encoder does (its canonical choice of bitfield or
// range; kOptFixedRange / kFixedRangeArray ids are sorted first, as the
// library sorts them in place).
Status EncodeFields(SegmentSpec spec, const std::vector<Field>& fields, BitWriter* w);

// True when the first w.size() bits of `r` equal `w` (JavaScript startsWith).
bool StartsWith(const BitReader& r, const BitWriter& w);

}  // namespace tact::codec::gpp

#endif  // TACT_CODEC_GPP_FIELD_CODEC_H_
