// gpp::Encode, ModelFromJson and EncodeFromJsonText (gpp_codec.h).
#include <algorithm>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "codec/base64url.h"
#include "codec/gpp/fibonacci.h"
#include "codec/gpp/gpp_codec.h"
#include "codec/gpp/section_codec.h"
#include "codec/gpp/sections.h"

namespace tact::codec::gpp {
namespace {

using nlohmann::json;

[[noreturn]] void Fail(const std::string& what) { throw std::runtime_error(what); }

int64_t ToInt(const json& v, const std::string& path) {
  if (!v.is_number_integer()) Fail(path + " is not an integer");
  return v.get<int64_t>();
}

std::vector<int64_t> ToInts(const json& v, const std::string& path) {
  if (!v.is_array()) Fail(path + " is not an array");
  std::vector<int64_t> out;
  for (const json& x : v) out.push_back(ToInt(x, path + "[]"));
  return out;
}

FieldValue ToValue(const json& v, FieldKind kind, const std::string& path) {
  switch (kind) {
    case FieldKind::kInt:
    case FieldKind::kDatetime: return ToInt(v, path);
    case FieldKind::kBool:
      if (!v.is_boolean()) Fail(path + " is not a boolean");
      return v.get<bool>();
    case FieldKind::kString:
      if (!v.is_string()) Fail(path + " is not a string");
      return v.get<std::string>();
    case FieldKind::kIntList:
    case FieldKind::kFibRange:
    case FieldKind::kOptFibRange:
    case FieldKind::kOptFixedRange: return ToInts(v, path);
    case FieldKind::kBitfield:
    case FieldKind::kFlexBitfield: {
      if (!v.is_array()) Fail(path + " is not an array");
      std::vector<bool> out;
      for (const json& x : v) {
        if (!x.is_boolean()) Fail(path + "[] is not a boolean");
        out.push_back(x.get<bool>());
      }
      return out;
    }
    case FieldKind::kFibRangeArray:
    case FieldKind::kFixedRangeArray: {
      if (!v.is_array()) Fail(path + " is not an array");
      std::vector<RangeEntry> out;
      for (const json& x : v) {
        if (!x.is_object() || !x.contains("key") || !x.contains("type") || !x.contains("ids")) {
          Fail(path + "[] must be {key, type, ids}");
        }
        out.push_back({ToInt(x["key"], path + ".key"), ToInt(x["type"], path + ".type"),
                       ToInts(x["ids"], path + ".ids")});
      }
      return out;
    }
  }
  Fail(path + ": unknown kind");
}

void ReadFields(const json& obj, SegmentSpec spec, const std::string& path, Section* s) {
  for (const FieldSpec& f : spec) {
    auto it = obj.find(f.name);
    if (it == obj.end()) Fail(path + "." + f.name + " is missing");
    s->fields.push_back({f.name, ToValue(*it, f.kind, path + "." + f.name)});
  }
}

GppModel Parse(const json& j) {
  if (!j.is_object() || !j.contains("sections") || !j["sections"].is_object()) {
    Fail("$.sections must be an object");
  }
  GppModel m;
  for (auto it = j["sections"].begin(); it != j["sections"].end(); ++it) {
    const std::string path = "sections." + it.key();
    int id = SectionIdByName(it.key());
    if (id == 0) Fail(path + ": unknown section");
    if (!it.value().is_object()) Fail(path + " is not an object");
    Section s;
    s.id = id;
    s.name = SectionName(id);
    const json& obj = it.value();
    if (id == kTcfEuV2Id) {
      ReadFields(obj, TcfEuFieldsSpec(), path, &s);
    } else if (id == kTcfCaV1Id) {
      ReadFields(obj, TcfCaCoreSpec(), path, &s);
      ReadFields(obj, TcfCaPublisherPurposesSpec(), path, &s);
      ReadFields(obj, TcfCaDisclosedVendorsSpec(), path, &s);
    } else if (id == kUspV1Id) {
      ReadFields(obj, UspV1FieldsSpec(), path, &s);
    } else {
      const UsSectionSpec* us = FindUsSection(id);
      SegmentSpec core = us->core;
      if (id == kUsNatId && obj.contains("Version") && obj["Version"] == 1) core = UsNatV1CoreSpec();
      ReadFields(obj, core, path, &s);
      if (us->optional == Optional::kGpc) ReadFields(obj, GpcSpec(), path, &s);
      if (us->optional == Optional::kSensitiveData) ReadFields(obj, SensitiveDataSpec(), path, &s);
    }
    m.sections.push_back(std::move(s));
  }
  std::sort(m.sections.begin(), m.sections.end(),
            [](const Section& a, const Section& b) { return a.id < b.id; });
  if (j.contains("sectionList")) {
    std::vector<int64_t> listed = ToInts(j["sectionList"], "sectionList");
    std::vector<int64_t> ids;
    for (const Section& s : m.sections) ids.push_back(s.id);
    if (listed != ids) Fail("sectionList does not match the sections");
  }
  return m;
}

}  // namespace

Result<std::string> Encode(const GppModel& model) {
  std::vector<int64_t> ids;
  for (const Section& s : model.sections) {
    if (!ids.empty() && s.id <= ids.back()) {
      return Status::InvalidArgument("sections must be in ascending id order, each once");
    }
    ids.push_back(s.id);
  }
  BitWriter header;
  header.Write(3, 6);
  header.Write(1, 6);
  WriteFibonacciRange(ids, &header);
  std::string out = EncodeBase64Url(header, Padding::kCompressed);
  for (const Section& s : model.sections) {
    std::string text;
    TACT_RETURN_IF_ERROR(EncodeSection(s, &text));
    out += '~';
    out += text;
  }
  return out;
}

Result<GppModel> ModelFromJson(const nlohmann::json& j) {
  try {
    return Parse(j);
  } catch (const std::exception& e) {
    return Status::InvalidArgument(e.what());
  }
}

Result<std::string> EncodeFromJsonText(std::string_view text) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::InvalidArgument("invalid JSON");
  Result<GppModel> m = ModelFromJson(j);
  if (!m.ok()) return m.error();
  return Encode(*m);
}

}  // namespace tact::codec::gpp
