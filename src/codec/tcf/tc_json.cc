#include "codec/tcf/tc_json.h"

#include <algorithm>
#include <bit>
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
  const uint64_t word = uint64_t{bits.mask} << 1;  // bit id is id
  w->IdMap(&word, static_cast<unsigned>(std::bit_width(word)) - (word != 0));
}

void WriteBoolVectorMap(const std::vector<bool>& v, JsonWriter* w) {
  thread_local uint64_t words[65536 / 64];
  unsigned max = 0;
  const size_t n = std::min<size_t>(v.size(), JsonWriter::kMaxMapId);
  std::fill(words, words + (n >> 6) + 1, 0);
  for (size_t i = 0; i < n; ++i) {
    if (!v[i]) continue;
    words[(i + 1) >> 6] |= uint64_t{1} << ((i + 1) & 63);
    max = static_cast<unsigned>(i + 1);
  }
  w->IdMap(words, max);
}

// Ids in any order, repeats allowed (range entries as encoded).
void WriteIdMap(const std::vector<uint16_t>& ids, JsonWriter* w) {
  thread_local uint64_t set[65536 / 64];
  thread_local unsigned dirty = 0;  // words [0, dirty) may hold bits
  std::fill(set, set + dirty, 0);
  // Bits gather in a register while the ids stay within one word (always,
  // for ascending ids), so that consecutive ids do not wait on each other's
  // store.
  unsigned max = 0, word = 0;
  uint64_t bits = 0;
  for (uint16_t id : ids) {
    if ((id >> 6) != word) {
      set[word] |= bits;
      bits = 0;
      word = id >> 6;
    }
    bits |= uint64_t{1} << (id & 63);
    max = id > max ? id : max;
  }
  set[word] |= bits;
  dirty = (max >> 6) + 1;
  w->IdMap(set, max);
}

// TCData.createRestrictions: groups merge per (purpose, type) in order of
// first appearance; for each vendor >= 1 the last merged group that lists it
// decides its type for that purpose. Per purpose (ascending), the merged
// groups are applied in that order to a per-vendor type table, whose vendors
// are then written in ascending order from a bitmap.
void WriteRestrictions(const std::vector<PublisherRestriction>& groups, JsonWriter* w) {
  struct Merged {
    uint8_t purpose, type;
  };
  thread_local std::vector<Merged> merged;
  thread_local uint8_t type_of[65536];
  thread_local uint64_t listed[65536 / 64];
  merged.clear();
  uint64_t purposes = 0;  // purposes with at least one vendor (ids 0-63)
  for (const PublisherRestriction& g : groups) {
    if (g.vendor_ids.empty()) continue;
    uint8_t type = static_cast<uint8_t>(g.type);
    size_t m = 0;
    while (m < merged.size() && !(merged[m].purpose == g.purpose_id && merged[m].type == type)) ++m;
    if (m == merged.size()) merged.push_back({g.purpose_id, type});
    purposes |= uint64_t{1} << (g.purpose_id & 63);
  }
  w->BeginObject();
  while (purposes != 0) {
    const unsigned purpose = static_cast<unsigned>(std::countr_zero(purposes));
    purposes &= purposes - 1;
    unsigned max = 0;
    for (const Merged& m : merged) {
      if (m.purpose != purpose) continue;
      for (const PublisherRestriction& g : groups) {
        if (g.purpose_id != purpose || static_cast<uint8_t>(g.type) != m.type) continue;
        for (uint16_t v : g.vendor_ids) {
          type_of[v] = m.type;
          listed[v >> 6] |= uint64_t{1} << (v & 63);
          max = v > max ? v : max;
        }
      }
    }
    listed[0] &= ~uint64_t{1};  // vendor 0 is not shown
    bool any = false;
    for (unsigned wi = 0; wi <= (max >> 6); ++wi) {
      uint64_t bits = listed[wi];
      listed[wi] = 0;
      while (bits != 0) {
        const unsigned v = wi * 64 + static_cast<unsigned>(std::countr_zero(bits));
        bits &= bits - 1;
        if (!any) {
          w->KeyInt(purpose);
          w->BeginObject();
          any = true;
        }
        w->KeyInt(v);
        w->Int(type_of[v]);
      }
    }
    if (any) w->EndObject();
  }
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
  w->KeyRaw("tcData");
  w->BeginObject();
  w->KeyRaw("tcString");
  w->StringRaw(tc_string);  // base64url and '.': Decode accepted it
  w->KeyRaw("tcfPolicyVersion");
  w->Int(m.policy_version);
  w->KeyRaw("cmpId");
  w->Int(m.cmp_id);
  w->KeyRaw("cmpVersion");
  w->Int(m.cmp_version);
  w->KeyRaw("gdprApplies");
  w->Bool(true);
  w->KeyRaw("isServiceSpecific");
  w->Bool(m.is_service_specific);
  w->KeyRaw("useNonStandardTexts");
  w->Bool(m.use_non_standard_texts);
  char cc[2];
  w->KeyRaw("publisherCC");
  w->String(PublisherCcText(m.publisher_cc, cc));
  w->KeyRaw("purposeOneTreatment");
  w->Bool(m.purpose_one_treatment);
  w->KeyRaw("outOfBand");
  w->BeginObject();
  w->KeyRaw("allowedVendors");
  WriteIdMap(IdsOr(m.vendors_allowed), w);
  w->KeyRaw("disclosedVendors");
  WriteIdMap(IdsOr(m.vendors_disclosed), w);
  w->EndObject();
  w->KeyRaw("purpose");
  w->BeginObject();
  w->KeyRaw("consents");
  WriteBitsMap(m.purpose_consents, w);
  w->KeyRaw("legitimateInterests");
  WriteBitsMap(m.purpose_legitimate_interests, w);
  w->EndObject();
  w->KeyRaw("vendor");
  w->BeginObject();
  w->KeyRaw("consents");
  WriteIdMap(m.vendor_consents.ids, w);
  w->KeyRaw("legitimateInterests");
  WriteIdMap(m.vendor_legitimate_interests.ids, w);
  w->EndObject();
  w->KeyRaw("specialFeatureOptins");
  WriteBitsMap(m.special_feature_optins, w);
  w->KeyRaw("publisher");
  w->BeginObject();
  w->KeyRaw("consents");
  WriteBitsMap(ptc.consents, w);
  w->KeyRaw("legitimateInterests");
  WriteBitsMap(ptc.legitimate_interests, w);
  w->KeyRaw("customPurpose");
  w->BeginObject();
  w->KeyRaw("consents");
  WriteBoolVectorMap(ptc.custom_consents, w);
  w->KeyRaw("legitimateInterests");
  WriteBoolVectorMap(ptc.custom_legitimate_interests, w);
  w->EndObject();
  w->KeyRaw("restrictions");
  WriteRestrictions(m.publisher_restrictions, w);
  w->EndObject();
  w->EndObject();  // tcData
  w->KeyRaw("core");
  w->BeginObject();
  w->KeyRaw("version");
  w->Int(m.version);
  w->KeyRaw("created");
  w->Int(m.created);
  w->KeyRaw("lastUpdated");
  w->Int(m.last_updated);
  w->KeyRaw("consentScreen");
  w->Int(m.consent_screen);
  w->KeyRaw("consentLanguage");
  char language[4];
  w->String(LanguageText(m.consent_language, language));
  w->KeyRaw("vendorListVersion");
  w->Int(m.vendor_list_version);
  w->EndObject();
  w->EndObject();
}

void DecodeToJson(std::string_view tc_string, std::string* out) {
  JsonWriter w(out);
  thread_local TcModel m;  // reused: its vectors keep their capacity
  Status st = DecodeInto(tc_string, &m);
  if (!st.ok()) {
    w.BeginObject();
    w.Key("error");
    w.String(st.message());
    w.EndObject();
    return;
  }
  WriteDecodeJson(m, tc_string, &w);
}

}  // namespace tact::codec::tcf
