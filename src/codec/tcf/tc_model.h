// TcModel: the content of an IAB TCF v2.2 TC string (core segment plus the
// optional disclosed-vendors, allowed-vendors and publisher-TC segments), as
// plain data. docs/formats/tcf-gpp.md describes the format and where tact is
// stricter than the IAB reference library.
//
// Producing a string (the server's use):
//
//   tcf::TcModel m;
//   m.cmp_id = 300; m.vendor_list_version = 80; m.policy_version = 5;
//   m.created = m.last_updated = tcf::DecisecondsFromUnixSeconds(day_start);
//   m.consent_language = "EN"; m.publisher_cc = "DE";
//   m.purpose_consents.Set(1, true);
//   m.vendor_consents.ids = {2, 5, 755};                 // ascending
//   m.vendors_disclosed = tcf::VendorList{{2, 5, 755}};   // TCF 2.3: always present
//   Result<std::string> s = tcf::Encode(m);               // tc_encoder.h
//
// Id lists keep the order in which a decoded string listed them (a range
// entry is expanded in place), so a decoded model re-encodes to the same ids.
// Models built by hand should hold ascending, distinct ids; the encoder then
// picks the shorter of the bitfield and range encodings as @iabtcf/core does.
#ifndef TACT_CODEC_TCF_TC_MODEL_H_
#define TACT_CODEC_TCF_TC_MODEL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tact::codec::tcf {

// A fixed-width bit vector for purposes and special features: bit i is id i+1.
template <unsigned N>
struct IdBits {
  uint32_t mask = 0;
  bool Has(unsigned id) const { return id >= 1 && id <= N && ((mask >> (id - 1)) & 1); }
  void Set(unsigned id, bool on) {
    if (id < 1 || id > N) return;
    if (on)
      mask |= 1u << (id - 1);
    else
      mask &= ~(1u << (id - 1));
  }
};

// Vendor ids of one vendor section (consents, legitimate interests,
// disclosed, allowed). See the header comment for the ordering contract.
struct VendorList {
  std::vector<uint16_t> ids;
  // As decoded (informational; the encoder recomputes both).
  bool range_encoded = false;
  uint16_t max_vendor_id = 0;
  // The range entries expanded to more than 2^22 ids (repeats), so `ids`
  // holds the sorted distinct ids instead of the expansion (tc_decoder.h).
  bool collapsed = false;

  bool operator==(const VendorList& o) const { return ids == o.ids; }
};

enum class RestrictionType : uint8_t {
  kNotAllowed = 0,
  kRequireConsent = 1,
  kRequireLegitimateInterest = 2,
};

// One encoded publisher-restriction group: a (purpose, type) pair and its
// vendors in encoded order.
struct PublisherRestriction {
  uint8_t purpose_id = 0;
  RestrictionType type = RestrictionType::kNotAllowed;
  std::vector<uint16_t> vendor_ids;
  bool collapsed = false;  // as VendorList::collapsed

  bool operator==(const PublisherRestriction&) const = default;
};

struct PublisherTc {
  IdBits<24> consents;
  IdBits<24> legitimate_interests;
  uint8_t num_custom_purposes = 0;                // 0..63
  std::vector<bool> custom_consents;              // size num_custom_purposes
  std::vector<bool> custom_legitimate_interests;  // size num_custom_purposes

  bool operator==(const PublisherTc& o) const {
    return consents.mask == o.consents.mask &&
           legitimate_interests.mask == o.legitimate_interests.mask &&
           num_custom_purposes == o.num_custom_purposes && custom_consents == o.custom_consents &&
           custom_legitimate_interests == o.custom_legitimate_interests;
  }
};

struct TcModel {
  uint8_t version = 2;
  int64_t created = 0;       // deciseconds since 1970-01-01T00:00:00Z (36 bits)
  int64_t last_updated = 0;  // same unit
  uint16_t cmp_id = 0;       // >= 2 to encode (the reference rejects 0 and 1)
  uint16_t cmp_version = 0;
  uint8_t consent_screen = 0;
  // Two 6-bit letter values (0 = 'A'); 26..63 are kept as decoded.
  uint8_t consent_language[2] = {4, 13};  // "EN"
  uint16_t vendor_list_version = 0;
  uint8_t policy_version = 5;
  bool is_service_specific = true;
  bool use_non_standard_texts = false;
  IdBits<12> special_feature_optins;
  IdBits<24> purpose_consents;
  IdBits<24> purpose_legitimate_interests;
  bool purpose_one_treatment = false;
  uint8_t publisher_cc[2] = {0, 0};  // 6-bit values, 0..57 ("AA")
  VendorList vendor_consents;
  VendorList vendor_legitimate_interests;
  std::vector<PublisherRestriction> publisher_restrictions;
  std::optional<VendorList> vendors_disclosed;  // segment type 1
  std::optional<VendorList> vendors_allowed;    // segment type 2
  std::optional<PublisherTc> publisher_tc;      // segment type 3
};

// Deciseconds <-> Unix seconds helpers for callers building models.
inline int64_t DecisecondsFromUnixSeconds(int64_t s) { return s * 10; }

// Sets a two-letter code ("EN", "DE") into 6-bit values; false unless A-Z.
bool SetLetters(const std::string& code, uint8_t out[2]);

}  // namespace tact::codec::tcf

#endif  // TACT_CODEC_TCF_TC_MODEL_H_
