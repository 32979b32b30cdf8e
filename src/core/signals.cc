#include "core/signals.h"

#include <algorithm>
#include <set>

#include "codec/gpp/gpp_codec.h"
#include "codec/tcf/tc_encoder.h"
#include "codec/tcf/tc_model.h"

namespace tact {

using json::Json;

namespace {

bool Contains(const std::vector<int>& v, int x) { return std::find(v.begin(), v.end(), x) != v.end(); }

// Purposes 1 and 3-6 may never rest on legitimate interest (TCF 2.2 policy).
bool LiAllowedFor(int iab_purpose) { return iab_purpose == 2 || iab_purpose >= 7; }

std::vector<uint16_t> Sorted(std::set<int> ids) { return std::vector<uint16_t>(ids.begin(), ids.end()); }

}  // namespace

Result<std::optional<std::string>> BuildTcString(const SignalInputs& in) {
  if (in.property == nullptr || in.gvl == nullptr || in.property->tcf.cmp_id < 2) {
    return std::optional<std::string>();
  }
  codec::tcf::TcModel m;
  m.created = in.created / 100;  // deciseconds
  m.last_updated = in.last_updated / 100;
  m.cmp_id = static_cast<uint16_t>(in.property->tcf.cmp_id);
  m.cmp_version = static_cast<uint16_t>(in.property->tcf.cmp_version);
  m.vendor_list_version = static_cast<uint16_t>(in.gvl->vendor_list_version);
  m.policy_version = static_cast<uint8_t>(in.gvl->tcf_policy_version);
  m.is_service_specific = true;
  if (!codec::tcf::SetLetters(in.language, m.consent_language)) codec::tcf::SetLetters("EN", m.consent_language);
  if (!codec::tcf::SetLetters(in.property->tcf.publisher_cc, m.publisher_cc)) {
    return Status::InvalidArgument("the property's publisher country is not two letters");
  }

  for (int iab = 1; iab <= 11; ++iab) {
    bool any_consent = false, all_consent_allowed = true, any_li = false, li_ok = true;
    for (const Purpose* p : in.purposes) {
      if (!Contains(p->iab_purposes, iab)) continue;
      if (p->legal_basis == LegalBasis::kConsent) {
        any_consent = true;
        if (!in.allowed(*p, nullptr)) all_consent_allowed = false;
      } else if (p->legal_basis == LegalBasis::kLegitimateInterest) {
        any_li = true;
        if (!in.allowed(*p, nullptr)) li_ok = false;
      }
    }
    m.purpose_consents.Set(iab, any_consent && all_consent_allowed);
    m.purpose_legitimate_interests.Set(iab, any_li && li_ok && LiAllowedFor(iab));
  }
  for (int sf = 1; sf <= 2; ++sf) {
    bool any = false, all = true;
    for (const Purpose* p : in.purposes) {
      if (!Contains(p->iab_special_features, sf)) continue;
      any = true;
      if (!in.allowed(*p, nullptr)) all = false;
    }
    m.special_feature_optins.Set(sf, any && all);
  }

  std::set<int> disclosed, consents, lis;
  for (const Vendor* v : in.vendors) {
    if (!v->gvl_id || !in.gvl->vendors.count(*v->gvl_id)) continue;
    int id = *v->gvl_id;
    disclosed.insert(id);
    bool consented = false, li = false;
    for (const Purpose* p : in.purposes) {
      auto declares = [&](const std::vector<std::string>& keys) {
        return std::any_of(keys.begin(), keys.end(), [&](const std::string& k) { return PurposeCovers(k, p->key); });
      };
      if (declares(v->purposes) && p->legal_basis == LegalBasis::kConsent && in.allowed(*p, v)) consented = true;
      if (declares(v->legitimate_interest_purposes) && p->legal_basis == LegalBasis::kLegitimateInterest &&
          in.allowed(*p, v)) {
        li = true;
      }
    }
    if (consented) consents.insert(id);
    if (li) lis.insert(id);
  }
  m.vendor_consents.ids = Sorted(consents);
  m.vendor_legitimate_interests.ids = Sorted(lis);
  codec::tcf::VendorList d;
  d.ids = Sorted(disclosed);
  m.vendors_disclosed = d;
  TACT_RETURN_IF_ERROR(codec::tcf::CheckIssuancePolicy(m));
  auto s = codec::tcf::Encode(m);
  if (!s.ok()) return s.status();
  return std::optional<std::string>(*s);
}

Result<std::string> BuildGppString(const SignalInputs& in, const std::optional<std::string>& tc_string) {
  // US national section: 1 = opted out, 2 = did not opt out; notices given (1).
  bool sale_refused = false, sale_any = false, ads_refused = false, ads_any = false;
  for (const Purpose* p : in.purposes) {
    bool allowed = in.allowed(*p, nullptr);
    if (p->sale_or_sharing) {
      sale_any = true;
      if (!allowed) sale_refused = true;
    }
    if (PurposeCovers("ads", p->key)) {
      ads_any = true;
      if (!allowed) ads_refused = true;
    }
  }
  auto opt_out = [](bool any, bool refused) { return any ? (refused ? 1 : 2) : 0; };
  Json usnat{{"Version", 1},
             {"SharingNotice", 1},
             {"SaleOptOutNotice", 1},
             {"SharingOptOutNotice", 1},
             {"TargetedAdvertisingOptOutNotice", 1},
             {"SensitiveDataProcessingOptOutNotice", 0},
             {"SensitiveDataLimitUseNotice", 0},
             {"SaleOptOut", opt_out(sale_any, sale_refused || in.gpc)},
             {"SharingOptOut", opt_out(sale_any, sale_refused || in.gpc)},
             {"TargetedAdvertisingOptOut", opt_out(ads_any, ads_refused || in.gpc)},
             {"SensitiveDataProcessing", std::vector<int>(12, 0)},
             {"KnownChildSensitiveDataConsents", std::vector<int>(2, 0)},
             {"PersonalDataConsents", 0},
             {"MspaCoveredTransaction", 2},
             {"MspaOptOutOptionMode", 0},
             {"MspaServiceProviderMode", 0},
             {"GpcSegmentType", 1},
             {"Gpc", in.gpc}};
  auto us = codec::gpp::ModelFromJson(Json{{"sectionList", {7}}, {"sections", {{"usnat", usnat}}}});
  if (!us.ok()) return us.status();
  codec::gpp::GppModel model = std::move(*us);
  if (tc_string) {
    // A GPP string whose only section is tcfeuv2 is the header "DBABMA" and the TC string.
    auto tcf = codec::gpp::Decode("DBABMA~" + *tc_string);
    if (!tcf.ok()) return tcf.status();
    model.sections.insert(model.sections.begin(), tcf->sections.begin(), tcf->sections.end());
  }
  return codec::gpp::Encode(model);
}

Json ConsentModeState(const SignalInputs& in) {
  Json out = Json::object();
  for (const std::string& type : ConsentModeTypes()) {
    bool granted = type == "security_storage";
    if (in.property != nullptr) {
      auto it = in.property->consent_mode.find(type);
      if (it != in.property->consent_mode.end()) {
        granted = !it->second.empty();
        for (const std::string& key : it->second) {
          auto p = std::find_if(in.purposes.begin(), in.purposes.end(),
                                [&](const Purpose* x) { return x->key == key; });
          if (p == in.purposes.end() || !in.allowed(**p, nullptr)) granted = false;
        }
      }
    }
    out[type] = granted ? "granted" : "denied";
  }
  return out;
}

}  // namespace tact
