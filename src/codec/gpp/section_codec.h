// Decoding and encoding of one GPP section (the text between two '~').
//
// DecodeSection accepts what @iabgpp/cmpapi 3.2.0 accepts for that section,
// with tact's stricter rules (codec-json.md): tcfeuv2 must be a valid TC
// string for `tact tcf decode`; uspv1 must match ^1[YN-]{3}$; a usnat core of
// 10 or 11 characters (60/66 bits, the Version 1 layout) must have Version 1
// and any other length a Version other than 1; tcfcav1 must contain a core
// segment (the library would report the current time for its dates).
// Every field of the section is present in the result (defaults for absent
// optional segments). REQUIRES: SectionName(id) is not empty.
//
// EncodeSection is the inverse: DecodeSection(id, EncodeSection(s)) == s for
// any s that DecodeSection produced. Optional segments are written only when
// they differ from their defaults.
#ifndef TACT_CODEC_GPP_SECTION_CODEC_H_
#define TACT_CODEC_GPP_SECTION_CODEC_H_

#include <string>
#include <string_view>

#include "codec/gpp/gpp_model.h"
#include "tact/status.h"

namespace tact::codec::gpp {

Status DecodeSection(int id, std::string_view text, Section* out);
Status EncodeSection(const Section& section, std::string* out);

// Per-kind implementations (us_section.cc, tcf_sections.cc).
Status DecodeUsSection(int id, std::string_view text, Section* out);
Status EncodeUsSection(const Section& section, std::string* out);
Status DecodeUspV1(std::string_view text, Section* out);
Status EncodeUspV1(const Section& section, std::string* out);
Status DecodeTcfEuV2(std::string_view text, Section* out);
Status EncodeTcfEuV2(const Section& section, std::string* out);
Status DecodeTcfCaV1(std::string_view text, Section* out);
Status EncodeTcfCaV1(const Section& section, std::string* out);

}  // namespace tact::codec::gpp

#endif  // TACT_CODEC_GPP_SECTION_CODEC_H_
