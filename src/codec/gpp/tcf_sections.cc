// The two TCF sections of GPP: tcfeuv2 (a TC string, mapped to the GPP
// library's field names) and tcfcav1 (TCF Canada); see section_codec.h.
#include <algorithm>
#include <string>
#include <vector>

#include "codec/base64url.h"
#include "codec/gpp/section_codec.h"
#include "codec/gpp/sections.h"
#include "codec/tcf/tc_decoder.h"
#include "codec/tcf/tc_encoder.h"

namespace tact::codec::gpp {
namespace {

using tcf::TcModel;

// GPP FixedString: value + 65, 63 is a space, spaces trimmed.
std::string GppLetters(const uint8_t v[2]) {
  std::string s;
  for (int i = 0; i < 2; ++i) s.push_back(v[i] == 63 ? ' ' : static_cast<char>(v[i] + 65));
  size_t b = s.find_first_not_of(' ');
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(' ') - b + 1);
}

// Typed access to the fields of a section being encoded.
class Reader {
 public:
  explicit Reader(const Section& s) : s_(s) {}
  Status status() const { return status_; }

  int64_t Int(const char* name, int64_t max) {
    const int64_t* v = Get<int64_t>(name);
    if (v && (*v < 0 || *v > max)) Fail(name, "out of range");
    return v ? *v : 0;
  }
  bool Bool(const char* name) {
    const bool* v = Get<bool>(name);
    return v && *v;
  }
  template <unsigned N>
  tcf::IdBits<N> Bits(const char* name) {
    tcf::IdBits<N> b;
    const std::vector<bool>* v = Get<std::vector<bool>>(name);
    if (v && v->size() != N) Fail(name, "wrong number of booleans");
    if (v && v->size() == N) {
      for (unsigned i = 0; i < N; ++i) b.Set(i + 1, (*v)[i]);
    }
    return b;
  }
  std::vector<bool> BoolList(const char* name, size_t n) {
    const std::vector<bool>* v = Get<std::vector<bool>>(name);
    if (v && v->size() != n) Fail(name, "must have NumCustomPurposes entries");
    return v ? *v : std::vector<bool>();
  }
  std::vector<uint16_t> Ids(const char* name) {
    std::vector<uint16_t> ids;
    const std::vector<int64_t>* v = Get<std::vector<int64_t>>(name);
    if (v) {
      for (int64_t id : *v) {
        if (id < 1 || id > 65535) Fail(name, "vendor id out of range");
        ids.push_back(static_cast<uint16_t>(id));
      }
    }
    return ids;
  }
  void Letters(const char* name, uint8_t out[2], unsigned max) {
    const std::string* v = Get<std::string>(name);
    if (!v) return;
    std::string padded = *v;
    if (padded.size() > 2) Fail(name, "more than two characters");
    padded.resize(2, ' ');
    for (int i = 0; i < 2; ++i) {
      unsigned c = static_cast<unsigned char>(padded[i]);
      unsigned value = c == ' ' ? 63 : c - 65;
      if (c != ' ' && (c < 65 || value > 62)) Fail(name, "character cannot be encoded");
      if (value > max) Fail(name, "letter value not accepted by the TC string decoder");
      out[i] = static_cast<uint8_t>(value);
    }
  }
  const std::vector<RangeEntry>* Entries(const char* name) {
    return Get<std::vector<RangeEntry>>(name);
  }

 private:
  template <typename T>
  const T* Get(const char* name) {
    const FieldValue* v = s_.Find(name);
    const T* t = v ? std::get_if<T>(v) : nullptr;
    if (!t) Fail(name, "missing or of the wrong type");
    return t;
  }
  void Fail(const char* name, const char* why) {
    if (status_.ok())
      status_ = Status::InvalidArgument(std::string(s_.name) + "." + name + ": " + why);
  }

  const Section& s_;
  Status status_;
};

std::vector<std::string_view> SplitDots(std::string_view text) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t dot = text.find('.', start);
    parts.push_back(text.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) return parts;
    start = dot + 1;
  }
}

// The core and disclosed-vendors segments of tcfcav1 are read the way the
// library's tryDecode does: first with Fibonacci vendor ranges, then with
// 16-bit ranges, each accepted only when re-encoding the values gives the
// same leading bits; failing both, the Fibonacci layout without that check.
// Accepted vendor lists are sorted and de-duplicated (the library's setValue);
// restriction ids of the 16-bit layout come back sorted (its encoder sorts in
// place).
Status DecodeCaSegment(std::string_view text, SegmentSpec spec, SegmentSpec fixed_spec,
                       std::vector<Field>* fields, size_t first) {
  Bits bits;
  TACT_RETURN_IF_ERROR(DecodeBase64Url(text, &bits));
  BitReader r(bits.bytes.data(), bits.bit_size);
  if (fixed_spec.empty()) return DecodeFields(r, spec, fields, first);
  for (SegmentSpec variant : {spec, fixed_spec}) {
    std::vector<Field> tmp;
    AppendDefaults(variant, &tmp);
    if (!DecodeFields(r, variant, &tmp, 0).ok()) continue;
    BitWriter w;
    if (!EncodeFields(variant, tmp, &w).ok() || !StartsWith(r, w)) continue;
    for (size_t k = 0; k < variant.size(); ++k) {
      FieldValue value = std::move(tmp[k].value);
      if (variant[k].kind == FieldKind::kOptFixedRange ||
          variant[k].kind == FieldKind::kOptFibRange) {
        auto& ids = std::get<std::vector<int64_t>>(value);
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
      } else if (variant[k].kind == FieldKind::kFixedRangeArray) {
        for (RangeEntry& e : std::get<std::vector<RangeEntry>>(value))
          std::sort(e.ids.begin(), e.ids.end());
      }
      (*fields)[first + k].value = std::move(value);
    }
    return Status::Ok();
  }
  return DecodeFields(r, spec, fields, first);
}

}  // namespace

// The tcfeuv2 fields are written into the section's existing values when it
// already holds the tcfeuv2 layout (a reused model: no allocation once the
// vectors are large enough), else into a fresh layout.
Status DecodeTcfEuV2(std::string_view text, Section* out) {
  thread_local TcModel m;  // reused: its vectors keep their capacity
  Status st = tcf::DecodeInto(text, &m);
  if (!st.ok()) return Status::InvalidArgument("tcfeuv2: " + st.message());
  // The GPP library reports range entries expanded in encoded order; past
  // tact's expansion limit that list is not kept (tc_decoder.h).
  bool collapsed = m.vendor_consents.collapsed || m.vendor_legitimate_interests.collapsed ||
                   (m.vendors_allowed && m.vendors_allowed->collapsed) ||
                   (m.vendors_disclosed && m.vendors_disclosed->collapsed);
  for (const tcf::PublisherRestriction& pr : m.publisher_restrictions) collapsed |= pr.collapsed;
  if (collapsed)
    return Status::InvalidArgument("tcfeuv2: vendor ranges expand to more than 2^22 ids");
  static const tcf::PublisherTc kNoPublisherTc;
  const tcf::PublisherTc& p = m.publisher_tc ? *m.publisher_tc : kNoPublisherTc;

  const SegmentSpec spec = TcfEuFieldsSpec();
  bool layout = out->id == kTcfEuV2Id && out->fields.size() == spec.size();
  for (size_t i = 0; layout && i < spec.size(); ++i) {
    layout = out->fields[i].name.data() == spec[i].name;  // AppendDefaults' own pointers
  }
  if (!layout) {
    out->fields.clear();
    AppendDefaults(spec, &out->fields);
  }
  out->id = kTcfEuV2Id;
  out->name = "tcfeuv2";
  Field* f = out->fields.data();
  auto set_int = [&f](int64_t v) { (f++)->value = v; };
  auto set_bool = [&f](bool v) { (f++)->value = v; };
  auto set_letters = [&f](const uint8_t v[2]) { (f++)->value = GppLetters(v); };
  auto set_bits = [&f](uint32_t mask, unsigned n) {
    auto& v = std::get<std::vector<bool>>((f++)->value);
    v.resize(n);
    for (unsigned i = 0; i < n; ++i) v[i] = ((mask >> i) & 1) != 0;
  };
  auto set_bool_list = [&f](const std::vector<bool>& list) { (f++)->value = list; };
  auto set_ids = [&f](const std::vector<uint16_t>* ids) {
    auto& v = std::get<std::vector<int64_t>>((f++)->value);
    if (ids) {
      v.assign(ids->begin(), ids->end());
    } else {
      v.clear();
    }
  };
  set_int(m.version);
  set_int(m.created);
  set_int(m.last_updated);
  set_int(m.cmp_id);
  set_int(m.cmp_version);
  set_int(m.consent_screen);
  set_letters(m.consent_language);
  set_int(m.vendor_list_version);
  set_int(m.policy_version);
  set_bool(m.is_service_specific);
  set_bool(m.use_non_standard_texts);
  set_bits(m.special_feature_optins.mask, 12);
  set_bits(m.purpose_consents.mask, 24);
  set_bits(m.purpose_legitimate_interests.mask, 24);
  set_bool(m.purpose_one_treatment);
  set_letters(m.publisher_cc);
  set_ids(&m.vendor_consents.ids);
  set_ids(&m.vendor_legitimate_interests.ids);
  {
    auto& entries = std::get<std::vector<RangeEntry>>((f++)->value);
    entries.resize(m.publisher_restrictions.size());
    for (size_t i = 0; i < entries.size(); ++i) {
      const tcf::PublisherRestriction& pr = m.publisher_restrictions[i];
      entries[i].key = pr.purpose_id;
      entries[i].type = static_cast<int64_t>(pr.type);
      entries[i].ids.assign(pr.vendor_ids.begin(), pr.vendor_ids.end());
    }
  }
  set_int(3);  // PublisherPurposesSegmentType
  set_bits(p.consents.mask, 24);
  set_bits(p.legitimate_interests.mask, 24);
  set_int(p.num_custom_purposes);
  set_bool_list(p.custom_consents);
  set_bool_list(p.custom_legitimate_interests);
  set_int(2);  // VendorsAllowedSegmentType
  set_ids(m.vendors_allowed ? &m.vendors_allowed->ids : nullptr);
  set_int(1);  // VendorsDisclosedSegmentType
  set_ids(m.vendors_disclosed ? &m.vendors_disclosed->ids : nullptr);
  if (f != out->fields.data() + out->fields.size()) {
    return Status::Internal("tcfeuv2: field table and decoder disagree");
  }
  return Status::Ok();
}

Status EncodeTcfEuV2(const Section& s, std::string* out) {
  Reader r(s);
  TcModel m;
  if (r.Int("Version", 63) != 2) return Status::InvalidArgument("tcfeuv2.Version must be 2");
  m.created = r.Int("Created", (int64_t{1} << 36) - 1);
  m.last_updated = r.Int("LastUpdated", (int64_t{1} << 36) - 1);
  m.cmp_id = static_cast<uint16_t>(r.Int("CmpId", 4095));
  m.cmp_version = static_cast<uint16_t>(r.Int("CmpVersion", 4095));
  m.consent_screen = static_cast<uint8_t>(r.Int("ConsentScreen", 63));
  r.Letters("ConsentLanguage", m.consent_language, 63);
  m.vendor_list_version = static_cast<uint16_t>(r.Int("VendorListVersion", 4095));
  m.policy_version = static_cast<uint8_t>(r.Int("PolicyVersion", 63));
  m.is_service_specific = r.Bool("IsServiceSpecific");
  m.use_non_standard_texts = r.Bool("UseNonStandardStacks");
  m.special_feature_optins = r.Bits<12>("SpecialFeatureOptins");
  m.purpose_consents = r.Bits<24>("PurposeConsents");
  m.purpose_legitimate_interests = r.Bits<24>("PurposeLegitimateInterests");
  m.purpose_one_treatment = r.Bool("PurposeOneTreatment");
  r.Letters("PublisherCountryCode", m.publisher_cc, 57);
  m.vendor_consents.ids = r.Ids("VendorConsents");
  m.vendor_legitimate_interests.ids = r.Ids("VendorLegitimateInterests");
  if (const std::vector<RangeEntry>* entries = r.Entries("PublisherRestrictions")) {
    for (const RangeEntry& e : *entries) {
      tcf::PublisherRestriction pr;
      if (e.key < 0 || e.key > 63 || e.type < 0 || e.type > 3) {
        return Status::InvalidArgument("tcfeuv2.PublisherRestrictions: key or type out of range");
      }
      pr.purpose_id = static_cast<uint8_t>(e.key);
      pr.type = static_cast<tcf::RestrictionType>(e.type);
      for (int64_t id : e.ids) {
        if (id < 0 || id > 65535)
          return Status::InvalidArgument("tcfeuv2: restriction vendor id out of range");
        pr.vendor_ids.push_back(static_cast<uint16_t>(id));
      }
      m.publisher_restrictions.push_back(std::move(pr));
    }
  }
  if (r.Int("PublisherPurposesSegmentType", 7) != 3 || r.Int("VendorsAllowedSegmentType", 7) != 2 ||
      r.Int("VendorsDisclosedSegmentType", 7) != 1) {
    return Status::InvalidArgument("tcfeuv2: segment types must be 3, 2 and 1");
  }
  tcf::PublisherTc p;
  p.consents = r.Bits<24>("PublisherConsents");
  p.legitimate_interests = r.Bits<24>("PublisherLegitimateInterests");
  p.num_custom_purposes = static_cast<uint8_t>(r.Int("NumCustomPurposes", 63));
  p.custom_consents = r.BoolList("PublisherCustomConsents", p.num_custom_purposes);
  p.custom_legitimate_interests =
      r.BoolList("PublisherCustomLegitimateInterests", p.num_custom_purposes);
  if (p.consents.mask || p.legitimate_interests.mask || p.num_custom_purposes) m.publisher_tc = p;
  tcf::VendorList allowed{r.Ids("VendorsAllowed")};
  if (!allowed.ids.empty()) m.vendors_allowed = allowed;
  m.vendors_disclosed = tcf::VendorList{r.Ids("VendorsDisclosed")};
  TACT_RETURN_IF_ERROR(r.status());
  Result<std::string> encoded = tcf::Encode(m);
  if (!encoded.ok()) return Status::InvalidArgument("tcfeuv2: " + encoded.error().message());
  *out = *encoded;
  return Status::Ok();
}

Status DecodeTcfCaV1(std::string_view text, Section* out) {
  std::string_view segments[3];  // core, publisher purposes, disclosed vendors
  bool present[3] = {false, false, false};
  for (std::string_view part : SplitDots(text)) {
    if (part.empty()) continue;
    char c = part[0];
    int slot;
    if (c >= 'A' && c <= 'H') {
      slot = 0;
    } else if (c >= 'I' && c <= 'P') {
      slot = 2;
    } else if ((c >= 'Y' && c <= 'Z') || (c >= 'a' && c <= 'f')) {
      slot = 1;
    } else {
      return Status::InvalidArgument(std::string("tcfcav1: unknown segment starting with '") + c +
                                     "'");
    }
    segments[slot] = part;  // a later segment of the same type wins, as in the library
    present[slot] = true;
  }
  if (!present[0]) return Status::InvalidArgument("tcfcav1: no core segment");
  out->id = kTcfCaV1Id;
  out->name = "tcfcav1";
  out->fields.clear();
  SegmentSpec specs[3] = {TcfCaCoreSpec(), TcfCaPublisherPurposesSpec(),
                          TcfCaDisclosedVendorsSpec()};
  size_t first[3];
  for (int i = 0; i < 3; ++i) {
    first[i] = out->fields.size();
    AppendDefaults(specs[i], &out->fields);
  }
  static const char* kNames[3] = {"core", "publisher purposes", "disclosed vendors"};
  for (int i = 0; i < 3; ++i) {
    if (!present[i]) continue;
    SegmentSpec fixed = i == 0   ? TcfCaCoreFixedSpec()
                        : i == 2 ? TcfCaDisclosedVendorsFixedSpec()
                                 : SegmentSpec();
    Status st = DecodeCaSegment(segments[i], specs[i], fixed, &out->fields, first[i]);
    if (!st.ok())
      return Status::InvalidArgument(std::string("tcfcav1 ") + kNames[i] +
                                     " segment: " + st.message());
  }
  return Status::Ok();
}

Status EncodeTcfCaV1(const Section& s, std::string* out) {
  Reader r(s);
  if (r.Int("Version", 63) > 7) return Status::InvalidArgument("tcfcav1.Version must be below 8");
  if (r.Int("PubPurposesSegmentType", 7) != 3 || r.Int("DisclosedVendorsSegmentType", 7) != 1) {
    return Status::InvalidArgument("tcfcav1: segment types must be 3 and 1");
  }
  TACT_RETURN_IF_ERROR(r.status());
  SegmentSpec specs[3] = {TcfCaCoreSpec(), TcfCaDisclosedVendorsSpec(),
                          TcfCaPublisherPurposesSpec()};
  std::string text;
  for (int i = 0; i < 3; ++i) {
    if (i > 0) {
      std::vector<Field> defaults;
      AppendDefaults(specs[i], &defaults);
      bool all_default = true;
      for (const Field& d : defaults) {
        const FieldValue* v = s.Find(d.name);
        if (v && !(*v == d.value)) all_default = false;
      }
      if (all_default) continue;
      text += '.';
    }
    BitWriter w;
    Status st = EncodeFields(specs[i], s.fields, &w);
    if (!st.ok()) return Status::InvalidArgument("tcfcav1." + st.message());
    text += EncodeBase64Url(w, Padding::kCompressed);
  }
  *out = text;
  return Status::Ok();
}

}  // namespace tact::codec::gpp
