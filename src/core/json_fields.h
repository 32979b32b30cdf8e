// Helpers to read typed fields out of a parsed JSON object with errors a
// client can act on ("field 'title.en' must be a string"). Used by every
// FromJson in core. Never throws.
#ifndef TACT_CORE_JSON_FIELDS_H_
#define TACT_CORE_JSON_FIELDS_H_

#include <nlohmann/json.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tact/result.h"

namespace tact::json {

using Json = nlohmann::json;
using LocalizedText = std::map<std::string, std::string>;  // language -> text

// Each returns InvalidArgument naming the field when the type is wrong or a
// required field is missing. Optional variants leave `out` untouched when the
// field is absent or null.
Status RequireObject(const Json& j, std::string_view what);
Status GetString(const Json& obj, const char* field, std::string& out, size_t max_len = 4096);
Status GetOptString(const Json& obj, const char* field, std::string& out, size_t max_len = 4096);
Status GetOptBool(const Json& obj, const char* field, bool& out);
Status GetOptInt(const Json& obj, const char* field, int64_t min, int64_t max, int64_t& out);
Status GetOptStringArray(const Json& obj, const char* field, std::vector<std::string>& out,
                         size_t max_items = 1000, size_t max_len = 256);
// An array of integers each in [min, max], at most 64 of them.
Status GetOptIntArray(const Json& obj, const char* field, int64_t min, int64_t max, std::vector<int>& out);
// {"en":"...","fr":"..."}: keys are language tags (2-3 letters, optional region).
Status GetOptLocalized(const Json& obj, const char* field, LocalizedText& out, size_t max_len = 4096);

// Rejects fields not in `allowed` so a typo ("purpsoe") is an error, not silence.
Status RejectUnknownFields(const Json& obj, std::initializer_list<const char*> allowed);

bool IsLanguageTag(std::string_view s);

}  // namespace tact::json

#endif  // TACT_CORE_JSON_FIELDS_H_
