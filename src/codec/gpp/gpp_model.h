// GppModel: the decoded content of a GPP string, section by section, in the
// reference library's own vocabulary (@iabgpp/cmpapi 3.2.0 `toObject()`):
// each section is a list of (field name, value) with every field present.
//
// Values: integers (dates as deciseconds since the epoch), booleans, strings,
// integer arrays, boolean arrays, and arrays of range entries
// ({key, type, ids}: tcfeuv2 PublisherRestrictions, tcfcav1 PubRestrictions).
// Field names point into static tables (sections.h) and outlive the model.
#ifndef TACT_CODEC_GPP_GPP_MODEL_H_
#define TACT_CODEC_GPP_GPP_MODEL_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace tact::codec::gpp {

struct RangeEntry {
  int64_t key = 0;
  int64_t type = 0;
  std::vector<int64_t> ids;
  bool operator==(const RangeEntry&) const = default;
};

using FieldValue = std::variant<int64_t, bool, std::string, std::vector<int64_t>,
                                std::vector<bool>, std::vector<RangeEntry>>;

struct Field {
  std::string_view name;
  FieldValue value;
};

struct Section {
  int id = 0;
  std::string_view name;
  std::vector<Field> fields;

  // The field named `name`, or nullptr.
  const FieldValue* Find(std::string_view field_name) const {
    for (const Field& f : fields) {
      if (f.name == field_name) return &f.value;
    }
    return nullptr;
  }
};

struct GppModel {
  std::vector<Section> sections;  // ascending section id
};

}  // namespace tact::codec::gpp

#endif  // TACT_CODEC_GPP_GPP_MODEL_H_
