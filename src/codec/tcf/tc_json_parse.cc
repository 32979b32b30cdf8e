// TcModelFromJson / EncodeFromJsonText (declared in tc_json.h): the encode
// direction of the `tact tcf` JSON shape. nlohmann::json may throw; every
// exception is caught here and turned into a Status.
#include <algorithm>
#include <map>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "codec/tcf/tc_encoder.h"
#include "codec/tcf/tc_json.h"

namespace tact::codec::tcf {
namespace {

using nlohmann::json;

// Throws std::runtime_error with a path; caught in TcModelFromJson.
[[noreturn]] void Fail(const std::string& what) { throw std::runtime_error(what); }

const json& Member(const json& o, const char* key, const std::string& path) {
  if (!o.is_object()) Fail(path + " is not an object");
  auto it = o.find(key);
  if (it == o.end()) Fail(path + "." + key + " is missing");
  return *it;
}

int64_t IntField(const json& o, const char* key, const std::string& path, int64_t max) {
  const json& v = Member(o, key, path);
  if (!v.is_number_integer()) Fail(path + "." + key + " is not an integer");
  int64_t x = v.get<int64_t>();
  if (x < 0 || x > max) Fail(path + "." + key + " is out of range");
  return x;
}

bool BoolField(const json& o, const char* key, const std::string& path) {
  const json& v = Member(o, key, path);
  if (!v.is_boolean()) Fail(path + "." + key + " is not a boolean");
  return v.get<bool>();
}

// An id map {"1": true, ...}: the ascending ids whose value is true.
std::vector<unsigned> TrueIds(const json& o, const char* key, const std::string& path,
                              unsigned max_id) {
  const json& m = Member(o, key, path);
  if (!m.is_object()) Fail(path + "." + key + " is not an object");
  std::vector<unsigned> ids;
  for (auto it = m.begin(); it != m.end(); ++it) {
    const std::string& k = it.key();
    if (k.empty() || k.size() > 5 || k[0] == '0' ||
        k.find_first_not_of("0123456789") != std::string::npos) {
      Fail(path + "." + key + ": bad id key '" + k + "'");
    }
    unsigned id = static_cast<unsigned>(std::stoul(k));
    if (id < 1 || id > max_id) Fail(path + "." + key + ": id " + k + " out of range");
    if (!it.value().is_boolean()) Fail(path + "." + key + "." + k + " is not a boolean");
    if (it.value().get<bool>()) ids.push_back(id);
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

template <unsigned N>
IdBits<N> BitsFrom(const json& o, const char* key, const std::string& path) {
  IdBits<N> b;
  for (unsigned id : TrueIds(o, key, path, N)) b.Set(id, true);
  return b;
}

VendorList VendorsFrom(const json& o, const char* key, const std::string& path) {
  VendorList l;
  for (unsigned id : TrueIds(o, key, path, 65535)) l.ids.push_back(static_cast<uint16_t>(id));
  return l;
}

std::vector<unsigned> CodePoints(const std::string& s, const std::string& path) {
  std::vector<unsigned> cps;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      cps.push_back(c);
      ++i;
    } else if ((c & 0xE0) == 0xC0 && i + 1 < s.size()) {
      cps.push_back(((c & 0x1Fu) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3Fu));
      i += 2;
    } else {
      Fail(path + " has an unsupported character");
    }
  }
  return cps;
}

void Letters(const json& o, const char* key, const std::string& path, bool country,
             uint8_t out[2]) {
  const json& v = Member(o, key, path);
  if (!v.is_string()) Fail(path + "." + key + " is not a string");
  std::vector<unsigned> cps = CodePoints(v.get<std::string>(), path + "." + key);
  if (cps.size() != 2) Fail(path + "." + key + " must have two characters");
  for (int i = 0; i < 2; ++i) {
    unsigned c = cps[i];
    if (country && c >= 'a' && c <= 'z') c -= 32;
    unsigned max = country ? 'A' + 31u : 'A' + 63u;
    if (c < 'A' || c > max) Fail(path + "." + key + " has a character that cannot be encoded");
    out[i] = static_cast<uint8_t>(c - 'A');
  }
}

TcModel Parse(const json& j) {
  const json& tc = Member(j, "tcData", "$");
  const json& core = Member(j, "core", "$");
  const std::string t = "tcData", c = "core";
  TcModel m;
  m.version = static_cast<uint8_t>(IntField(core, "version", c, 63));
  if (m.version != 2) Fail("core.version must be 2");
  m.created = IntField(core, "created", c, (int64_t{1} << 36) - 1);
  m.last_updated = IntField(core, "lastUpdated", c, (int64_t{1} << 36) - 1);
  m.consent_screen = static_cast<uint8_t>(IntField(core, "consentScreen", c, 63));
  Letters(core, "consentLanguage", c, false, m.consent_language);
  m.vendor_list_version = static_cast<uint16_t>(IntField(core, "vendorListVersion", c, 4095));
  m.policy_version = static_cast<uint8_t>(IntField(tc, "tcfPolicyVersion", t, 63));
  m.cmp_id = static_cast<uint16_t>(IntField(tc, "cmpId", t, 4095));
  if (m.cmp_id < 2) Fail("tcData.cmpId must be >= 2");
  m.cmp_version = static_cast<uint16_t>(IntField(tc, "cmpVersion", t, 4095));
  m.is_service_specific = BoolField(tc, "isServiceSpecific", t);
  m.use_non_standard_texts = BoolField(tc, "useNonStandardTexts", t);
  Letters(tc, "publisherCC", t, true, m.publisher_cc);
  m.purpose_one_treatment = BoolField(tc, "purposeOneTreatment", t);
  const json& oob = Member(tc, "outOfBand", t);
  m.vendors_disclosed = VendorsFrom(oob, "disclosedVendors", t + ".outOfBand");
  VendorList allowed = VendorsFrom(oob, "allowedVendors", t + ".outOfBand");
  if (!allowed.ids.empty()) m.vendors_allowed = std::move(allowed);
  const json& purpose = Member(tc, "purpose", t);
  m.purpose_consents = BitsFrom<24>(purpose, "consents", t + ".purpose");
  m.purpose_legitimate_interests = BitsFrom<24>(purpose, "legitimateInterests", t + ".purpose");
  const json& vendor = Member(tc, "vendor", t);
  m.vendor_consents = VendorsFrom(vendor, "consents", t + ".vendor");
  m.vendor_legitimate_interests = VendorsFrom(vendor, "legitimateInterests", t + ".vendor");
  m.special_feature_optins = BitsFrom<12>(tc, "specialFeatureOptins", t);

  const std::string p = t + ".publisher";
  const json& pub = Member(tc, "publisher", t);
  PublisherTc ptc;
  ptc.consents = BitsFrom<24>(pub, "consents", p);
  ptc.legitimate_interests = BitsFrom<24>(pub, "legitimateInterests", p);
  const json& custom = Member(pub, "customPurpose", p);
  std::vector<unsigned> cc = TrueIds(custom, "consents", p + ".customPurpose", 63);
  std::vector<unsigned> cli = TrueIds(custom, "legitimateInterests", p + ".customPurpose", 63);
  unsigned n = std::max(cc.empty() ? 0 : cc.back(), cli.empty() ? 0 : cli.back());
  ptc.num_custom_purposes = static_cast<uint8_t>(n);
  ptc.custom_consents.assign(n, false);
  ptc.custom_legitimate_interests.assign(n, false);
  for (unsigned id : cc) ptc.custom_consents[id - 1] = true;
  for (unsigned id : cli) ptc.custom_legitimate_interests[id - 1] = true;
  if (ptc.consents.mask || ptc.legitimate_interests.mask || n > 0) m.publisher_tc = std::move(ptc);

  // Restrictions: one group per (purpose, type), vendors ascending.
  const json& restrictions = Member(pub, "restrictions", p);
  if (!restrictions.is_object()) Fail(p + ".restrictions is not an object");
  std::map<std::pair<unsigned, unsigned>, std::vector<uint16_t>> groups;
  for (auto it = restrictions.begin(); it != restrictions.end(); ++it) {
    const std::string r = p + ".restrictions";
    const std::string& pk = it.key();
    if (pk.empty() || pk.size() > 2 || pk[0] == '0' ||
        pk.find_first_not_of("0123456789") != std::string::npos || std::stoul(pk) > 63) {
      Fail(r + ": bad purpose key '" + pk + "'");
    }
    unsigned pid = static_cast<unsigned>(std::stoul(pk));
    if (!it.value().is_object()) Fail(r + "." + pk + " is not an object");
    for (auto v = it.value().begin(); v != it.value().end(); ++v) {
      const std::string& vk = v.key();
      if (vk.empty() || vk.size() > 5 || vk[0] == '0' ||
          vk.find_first_not_of("0123456789") != std::string::npos || std::stoul(vk) > 65535) {
        Fail(r + "." + pk + ": bad vendor key '" + vk + "'");
      }
      if (!v.value().is_number_integer()) Fail(r + "." + pk + "." + vk + " is not an integer");
      int64_t type = v.value().get<int64_t>();
      if (type < 0 || type > 2) Fail(r + "." + pk + "." + vk + ": type must be 0, 1 or 2");
      groups[{pid, static_cast<unsigned>(type)}].push_back(static_cast<uint16_t>(std::stoul(vk)));
    }
  }
  for (auto& [key, vendors] : groups) {
    std::sort(vendors.begin(), vendors.end());
    PublisherRestriction pr;
    pr.purpose_id = static_cast<uint8_t>(key.first);
    pr.type = static_cast<RestrictionType>(key.second);
    pr.vendor_ids = std::move(vendors);
    m.publisher_restrictions.push_back(std::move(pr));
  }
  return m;
}

}  // namespace

Result<TcModel> TcModelFromJson(const nlohmann::json& j) {
  try {
    return Parse(j);
  } catch (const std::exception& e) {
    return Status::InvalidArgument(e.what());
  }
}

Result<std::string> EncodeFromJsonText(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::InvalidArgument("invalid JSON");
  Result<TcModel> m = TcModelFromJson(j);
  if (!m.ok()) return m.error();
  return Encode(*m);
}

}  // namespace tact::codec::tcf
