// GPP strings (IAB Global Privacy Platform v1) <-> GppModel and the JSON of
// `tact gpp decode|encode` ({"sectionList": [...], "sections": {...}},
// codec-json.md).
//
// Decode accepts what `new GppModel(s).toObject()` of @iabgpp/cmpapi 3.2.0
// accepts, with tact's stricter rules: the string starts with the v1 header
// "DB"; per-section rules in section_codec.h. The header's section count must
// equal the number of '~'-separated sections and no section may be blank
// (JavaScript trim()); section ids the library does not know are skipped (and
// left out of the model), as in the library.
//
// Encode writes the header (Fibonacci-coded ids) and the sections in id
// order; Decode(Encode(m)) == m for every m that Decode produced.
#ifndef TACT_CODEC_GPP_GPP_CODEC_H_
#define TACT_CODEC_GPP_GPP_CODEC_H_

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

#include "codec/gpp/gpp_model.h"
#include "codec/json_writer.h"
#include "tact/result.h"

namespace tact::codec::gpp {

Result<GppModel> Decode(std::string_view gpp_string);
// Decode into `model`, reusing its storage (sections are replaced; on error
// the model holds partial content).
Status DecodeInto(std::string_view gpp_string, GppModel* model);
Result<std::string> Encode(const GppModel& model);

// Appends the decode JSON of `model`.
void WriteJson(const GppModel& model, JsonWriter* w);
// Decodes and appends the JSON object or {"error": ...}.
void DecodeToJson(std::string_view gpp_string, std::string* out);

// Reads the decode shape back (every field of each section required; the
// sectionList must list the sections' ids). Never throws.
Result<GppModel> ModelFromJson(const nlohmann::json& j);
Result<std::string> EncodeFromJsonText(std::string_view json_text);

}  // namespace tact::codec::gpp

#endif  // TACT_CODEC_GPP_GPP_CODEC_H_
