#include "codec/tcf/tc_json.h"

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "codec/tcf/tc_decoder.h"
#include "codec/tcf/tc_encoder.h"

namespace tact::codec::tcf {
namespace {

void AppendCodePoint(unsigned cp, std::string* s) {
  if (cp < 0x80) {
    s->push_back(static_cast<char>(cp));
  } else {
    s->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    s->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

template <unsigned N>
void WriteBitsMap(const IdBits<N>& bits, JsonWriter* w) {
  unsigned max = 0;
  for (unsigned i = 1; i <= N; ++i) {
    if (bits.Has(i)) max = i;
  }
  w->BoolMap(max, [&](unsigned id) { return bits.Has(id); });
}

void WriteBoolVectorMap(const std::vector<bool>& v, JsonWriter* w) {
  unsigned max = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i]) max = static_cast<unsigned>(i + 1);
  }
  w->BoolMap(max, [&](unsigned id) { return v[id - 1]; });
}

void WriteIdMap(const std::vector<uint16_t>& ids, JsonWriter* w) {
  bool ascending = true;
  for (size_t i = 1; i < ids.size() && ascending; ++i) ascending = ids[i] > ids[i - 1];
  if (ascending) {
    size_t next = 0;
    unsigned max = ids.empty() ? 0 : ids.back();
    w->BoolMap(max, [&](unsigned id) {
      bool set = ids[next] == id;  // ids are ascending, so a walk finds each in turn
      if (set) ++next;
      return set;
    });
    return;
  }
  unsigned max = *std::max_element(ids.begin(), ids.end());
  std::vector<bool> set(max + 1, false);
  for (uint16_t id : ids) set[id] = true;
  w->BoolMap(max, [&](unsigned id) { return static_cast<bool>(set[id]); });
}

// TCData.createRestrictions: groups merge per (purpose, type) in order of
// first appearance; for each vendor >= 1 the last merged group that lists it
// decides its type for that purpose.
void WriteRestrictions(const std::vector<PublisherRestriction>& groups, JsonWriter* w) {
  struct Merged {
    uint8_t purpose;
    uint8_t type;
    std::vector<uint16_t> vendors;
  };
  std::vector<Merged> merged;
  for (const PublisherRestriction& g : groups) {
    if (g.vendor_ids.empty()) continue;
    uint8_t type = static_cast<uint8_t>(g.type);
    auto it = std::find_if(merged.begin(), merged.end(), [&](const Merged& m) {
      return m.purpose == g.purpose_id && m.type == type;
    });
    if (it == merged.end()) {
      merged.push_back({g.purpose_id, type, {}});
      it = merged.end() - 1;
    }
    it->vendors.insert(it->vendors.end(), g.vendor_ids.begin(), g.vendor_ids.end());
  }
  std::map<unsigned, std::map<unsigned, unsigned>> by_purpose;
  for (const Merged& m : merged) {
    for (uint16_t v : m.vendors) {
      if (v >= 1) by_purpose[m.purpose][v] = m.type;
    }
  }
  w->BeginObject();
  for (const auto& [purpose, vendors] : by_purpose) {
    w->KeyInt(purpose);
    w->BeginObject();
    for (const auto& [vendor, type] : vendors) {
      w->KeyInt(vendor);
      w->Int(type);
    }
    w->EndObject();
  }
  w->EndObject();
}

const std::vector<uint16_t>& IdsOr(const std::optional<VendorList>& l) {
  static const std::vector<uint16_t> kEmpty;
  return l ? l->ids : kEmpty;
}

}  // namespace

std::string LanguageString(const uint8_t v[2]) {
  std::string s;
  AppendCodePoint(v[0] + 65u, &s);
  AppendCodePoint(v[1] + 65u, &s);
  return s;
}

std::string PublisherCcString(const uint8_t v[2]) {
  std::string s;
  for (int i = 0; i < 2; ++i) {
    unsigned c = v[i] + 65u;
    if (c >= 'a' && c <= 'z') c -= 32;
    s.push_back(static_cast<char>(c));
  }
  return s;
}

void WriteDecodeJson(const TcModel& m, std::string_view tc_string, JsonWriter* w) {
  static const PublisherTc kNoPublisherTc;
  const PublisherTc& ptc = m.publisher_tc ? *m.publisher_tc : kNoPublisherTc;
  w->BeginObject();
  w->Key("tcData");
  w->BeginObject();
  w->Key("tcString");
  w->String(tc_string);
  w->Key("tcfPolicyVersion");
  w->Int(m.policy_version);
  w->Key("cmpId");
  w->Int(m.cmp_id);
  w->Key("cmpVersion");
  w->Int(m.cmp_version);
  w->Key("gdprApplies");
  w->Bool(true);
  w->Key("isServiceSpecific");
  w->Bool(m.is_service_specific);
  w->Key("useNonStandardTexts");
  w->Bool(m.use_non_standard_texts);
  w->Key("publisherCC");
  w->String(PublisherCcString(m.publisher_cc));
  w->Key("purposeOneTreatment");
  w->Bool(m.purpose_one_treatment);
  w->Key("outOfBand");
  w->BeginObject();
  w->Key("allowedVendors");
  WriteIdMap(IdsOr(m.vendors_allowed), w);
  w->Key("disclosedVendors");
  WriteIdMap(IdsOr(m.vendors_disclosed), w);
  w->EndObject();
  w->Key("purpose");
  w->BeginObject();
  w->Key("consents");
  WriteBitsMap(m.purpose_consents, w);
  w->Key("legitimateInterests");
  WriteBitsMap(m.purpose_legitimate_interests, w);
  w->EndObject();
  w->Key("vendor");
  w->BeginObject();
  w->Key("consents");
  WriteIdMap(m.vendor_consents.ids, w);
  w->Key("legitimateInterests");
  WriteIdMap(m.vendor_legitimate_interests.ids, w);
  w->EndObject();
  w->Key("specialFeatureOptins");
  WriteBitsMap(m.special_feature_optins, w);
  w->Key("publisher");
  w->BeginObject();
  w->Key("consents");
  WriteBitsMap(ptc.consents, w);
  w->Key("legitimateInterests");
  WriteBitsMap(ptc.legitimate_interests, w);
  w->Key("customPurpose");
  w->BeginObject();
  w->Key("consents");
  WriteBoolVectorMap(ptc.custom_consents, w);
  w->Key("legitimateInterests");
  WriteBoolVectorMap(ptc.custom_legitimate_interests, w);
  w->EndObject();
  w->Key("restrictions");
  WriteRestrictions(m.publisher_restrictions, w);
  w->EndObject();
  w->EndObject();  // tcData
  w->Key("core");
  w->BeginObject();
  w->Key("version");
  w->Int(m.version);
  w->Key("created");
  w->Int(m.created);
  w->Key("lastUpdated");
  w->Int(m.last_updated);
  w->Key("consentScreen");
  w->Int(m.consent_screen);
  w->Key("consentLanguage");
  w->String(LanguageString(m.consent_language));
  w->Key("vendorListVersion");
  w->Int(m.vendor_list_version);
  w->EndObject();
  w->EndObject();
}

void DecodeToJson(std::string_view tc_string, std::string* out) {
  JsonWriter w(out);
  Result<TcModel> m = Decode(tc_string);
  if (!m.ok()) {
    w.BeginObject();
    w.Key("error");
    w.String(m.error().message());
    w.EndObject();
    return;
  }
  WriteDecodeJson(*m, tc_string, &w);
}

}  // namespace tact::codec::tcf
