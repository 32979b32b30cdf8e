// The JSON shapes of `tact tcf decode|encode` (docs: /work/shared/codec-json.md):
// {"tcData": {...}, "core": {...}} where tcData is the TCF CMP API TCData
// object as @iabtcf/cmpapi 1.5.6 builds it (id maps up to the highest set id,
// restrictions as purpose -> vendor -> type) and core holds the fields TCData
// lacks (Version, Created, LastUpdated, ConsentScreen, ConsentLanguage,
// VendorListVersion).
//
// TcModelFromJson is the inverse for encoding: it reads exactly that shape
// (tcString and gdprApplies are ignored) and never throws.
#ifndef TACT_CODEC_TCF_TC_JSON_H_
#define TACT_CODEC_TCF_TC_JSON_H_

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

#include "codec/json_writer.h"
#include "codec/tcf/tc_model.h"
#include "tact/result.h"

namespace tact::codec::tcf {

// Appends the decode object for `model`, decoded from `tc_string`.
// REQUIRES: tc_string holds only base64url characters and '.' (true of any
// string Decode accepted); it is copied without escaping.
void WriteDecodeJson(const TcModel& model, std::string_view tc_string, JsonWriter* w);

// Decodes `tc_string` and appends its JSON object or {"error": ...}.
void DecodeToJson(std::string_view tc_string, std::string* out);

// Reads the decode shape back into a model (disclosed vendors always present,
// allowed vendors and publisher TC only when non-empty).
Result<TcModel> TcModelFromJson(const nlohmann::json& j);

// Parses one line of JSON and encodes it; the result or an error.
Result<std::string> EncodeFromJsonText(std::string_view json_text);

}  // namespace tact::codec::tcf

#endif  // TACT_CODEC_TCF_TC_JSON_H_
