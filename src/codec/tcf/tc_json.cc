#include "codec/tcf/tc_json.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "codec/tcf/tc_decoder.h"
#include "codec/tcf/tc_encoder.h"

namespace tact::codec::tcf {
namespace {

// Appends a code point below U+0800 as UTF-8.
char* AppendCodePoint(unsigned cp, char* p) {
  if (cp < 0x80) {
    *p++ = static_cast<char>(cp);
  } else {
    *p++ = static_cast<char>(0xC0 | (cp >> 6));
    *p++ = static_cast<char>(0x80 | (cp & 0x3F));
  }
  return p;
}

// ConsentLanguage as @iabtcf/core shows it: each 6-bit value + 65, as UTF-8.
std::string_view LanguageText(const uint8_t v[2], char buf[4]) {
  char* p = AppendCodePoint(v[0] + 65u, buf);
  p = AppendCodePoint(v[1] + 65u, p);
  return {buf, static_cast<size_t>(p - buf)};
}

// PublisherCC as @iabtcf/core shows it (values 32-57 upper-cased).
std::string_view PublisherCcText(const uint8_t v[2], char buf[2]) {
  for (int i = 0; i < 2; ++i) {
    unsigned c = v[i] + 65u;
    if (c >= 'a' && c <= 'z') c -= 32;
    buf[i] = static_cast<char>(c);
  }
  return {buf, 2};
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
    const uint16_t* next = ids.data();
    unsigned max = ids.empty() ? 0 : ids.back();
    w->BoolMap(max, [&](unsigned id) {
      bool set = *next == id;  // ids are ascending, so a walk finds each in turn
      next += set;
      return set;
    });
    return;
  }
  // Out of order or repeated (range entries as encoded): a bitmap on the stack.
  uint64_t set[65536 / 64] = {};
  unsigned max = 0;
  for (uint16_t id : ids) {
    set[id >> 6] |= uint64_t{1} << (id & 63);
    if (id > max) max = id;
  }
  w->BoolMap(max, [&](unsigned id) { return ((set[id >> 6] >> (id & 63)) & 1) != 0; });
}

// TCData.createRestrictions: groups merge per (purpose, type) in order of
// first appearance; for each vendor >= 1 the last merged group that lists it
// decides its type for that purpose.
void WriteRestrictions(const std::vector<PublisherRestriction>& groups, JsonWriter* w) {
  struct Entry {
    uint8_t purpose;
    uint16_t vendor;
    uint16_t merged;  // index of the (purpose, type) group by first appearance
    uint8_t type;
  };
  struct Key {
    uint8_t purpose, type;
  };
  thread_local std::vector<Entry> entries;
  thread_local std::vector<Key> merged;
  entries.clear();
  merged.clear();
  for (const PublisherRestriction& g : groups) {
    if (g.vendor_ids.empty()) continue;
    uint8_t type = static_cast<uint8_t>(g.type);
    size_t m = 0;
    while (m < merged.size() && !(merged[m].purpose == g.purpose_id && merged[m].type == type)) ++m;
    if (m == merged.size()) merged.push_back({g.purpose_id, type});
    for (uint16_t v : g.vendor_ids) {
      if (v >= 1) entries.push_back({g.purpose_id, v, static_cast<uint16_t>(m), type});
    }
  }
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    if (a.purpose != b.purpose) return a.purpose < b.purpose;
    if (a.vendor != b.vendor) return a.vendor < b.vendor;
    return a.merged < b.merged;
  });
  w->BeginObject();
  for (size_t i = 0; i < entries.size(); ++i) {
    const Entry& e = entries[i];
    if (i == 0 || e.purpose != entries[i - 1].purpose) {
      if (i > 0) w->EndObject();
      w->KeyInt(e.purpose);
      w->BeginObject();
    }
    // The last entry for this (purpose, vendor) wins.
    if (i + 1 < entries.size() && entries[i + 1].purpose == e.purpose &&
        entries[i + 1].vendor == e.vendor) {
      continue;
    }
    w->KeyInt(e.vendor);
    w->Int(e.type);
  }
  if (!entries.empty()) w->EndObject();
  w->EndObject();
}

const std::vector<uint16_t>& IdsOr(const std::optional<VendorList>& l) {
  static const std::vector<uint16_t> kEmpty;
  return l ? l->ids : kEmpty;
}

}  // namespace

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
  char cc[2];
  w->Key("publisherCC");
  w->String(PublisherCcText(m.publisher_cc, cc));
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
  char language[4];
  w->String(LanguageText(m.consent_language, language));
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
