// The GPP sections tact knows, as field tables (the fields, widths, defaults
// and order of @iabgpp/cmpapi 3.2.0): the header, tcfeuv2 (2), tcfcav1 (5),
// uspv1 (6) and the US sections 7-27 (usnat ... usri). The US tables were
// derived from the library's segment classes and checked by the
// differential test (tests/differential).
#ifndef TACT_CODEC_GPP_SECTIONS_H_
#define TACT_CODEC_GPP_SECTIONS_H_

#include <string_view>

#include "codec/gpp/field_codec.h"

namespace tact::codec::gpp {

inline constexpr int kTcfEuV2Id = 2;
inline constexpr int kTcfCaV1Id = 5;
inline constexpr int kUspV1Id = 6;
inline constexpr int kUsNatId = 7;

// The optional second segment of a US section.
enum class Optional : uint8_t { kNone, kGpc, kSensitiveData };

struct UsSectionSpec {
  int id;
  const char* name;
  SegmentSpec core;
  Optional optional;
};

// The US section with this id (7-27), or nullptr.
const UsSectionSpec* FindUsSection(int id);

// Name of a known section id ("" if unknown) and the id of a name (0 if unknown).
std::string_view SectionName(int id);
int SectionIdByName(std::string_view name);

SegmentSpec HeaderSpec();
SegmentSpec GpcSpec();
SegmentSpec SensitiveDataSpec();
SegmentSpec UsNatV1CoreSpec();  // the 60-bit Version 1 layout
SegmentSpec TcfCaCoreSpec();
SegmentSpec TcfCaPublisherPurposesSpec();
SegmentSpec TcfCaDisclosedVendorsSpec();
// The library's alternative tcfcav1 layouts with 16-bit vendor ranges.
SegmentSpec TcfCaCoreFixedSpec();
SegmentSpec TcfCaDisclosedVendorsFixedSpec();
// tcfeuv2 fields (names and kinds only; the section itself is a TC string).
SegmentSpec TcfEuFieldsSpec();
SegmentSpec UspV1FieldsSpec();

}  // namespace tact::codec::gpp

#endif  // TACT_CODEC_GPP_SECTIONS_H_
