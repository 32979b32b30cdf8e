#include "core/purpose.h"

#include "core/digest.h"
#include "tact/ids.h"

namespace tact {

using json::Json;

bool PurposeCovers(std::string_view ancestor, std::string_view key) {
  if (key.size() < ancestor.size() || key.compare(0, ancestor.size(), ancestor) != 0) return false;
  return key.size() == ancestor.size() || key[ancestor.size()] == '.';
}

Json Purpose::ToJson() const {
  Json ch = Json::array();
  for (Channel c : channels) ch.push_back(ToString(c));
  return Json{{"key", key},
              {"title", title},
              {"description", description},
              {"benefit", benefit},
              {"legal_basis", ToString(legal_basis)},
              {"party", ToString(party)},
              {"channels", ch},
              {"retention_days", retention_days},
              {"sale_or_sharing", sale_or_sharing},
              {"cookies", cookies},
              {"iab_purposes", iab_purposes},
              {"iab_special_features", iab_special_features},
              {"updated_at", FormatRfc3339(updated_at)}};
}

Result<Purpose> Purpose::FromJson(const Json& j, std::string tenant, std::string key) {
  TACT_RETURN_IF_ERROR(json::RequireObject(j, "purpose"));
  TACT_RETURN_IF_ERROR(json::RejectUnknownFields(
      j, {"key", "title", "description", "benefit", "legal_basis", "party", "channels", "retention_days",
          "sale_or_sharing", "cookies", "iab_purposes", "iab_special_features", "updated_at"}));
  if (!IsValidPurposeKey(key)) {
    return Status::InvalidArgument(
        "purpose key must be dotted lower-case words such as 'marketing.email'");
  }
  Purpose p;
  p.tenant = std::move(tenant);
  p.key = std::move(key);
  TACT_RETURN_IF_ERROR(json::GetOptLocalized(j, "title", p.title, 200));
  TACT_RETURN_IF_ERROR(json::GetOptLocalized(j, "description", p.description));
  TACT_RETURN_IF_ERROR(json::GetOptLocalized(j, "benefit", p.benefit));
  if (p.title.empty()) return Status::InvalidArgument("field 'title' is required (at least one language)");
  std::string s = "consent";
  TACT_RETURN_IF_ERROR(json::GetOptString(j, "legal_basis", s, 32));
  auto basis = ParseLegalBasis(s);
  if (!basis) {
    return Status::InvalidArgument(
        "field 'legal_basis' must be consent, legitimate_interest, contract or legal_obligation");
  }
  p.legal_basis = *basis;
  s = "first";
  TACT_RETURN_IF_ERROR(json::GetOptString(j, "party", s, 32));
  auto party = ParseParty(s);
  if (!party) return Status::InvalidArgument("field 'party' must be first, second or third");
  p.party = *party;
  std::vector<std::string> chans;
  TACT_RETURN_IF_ERROR(json::GetOptStringArray(j, "channels", chans, 10, 16));
  for (const auto& c : chans) {
    auto ch = ParseChannel(c);
    if (!ch) {
      return Status::InvalidArgument(
          "field 'channels' may hold email, sms, push, phone, post, in_app or web");
    }
    p.channels.push_back(*ch);
  }
  int64_t days = p.retention_days;
  TACT_RETURN_IF_ERROR(json::GetOptInt(j, "retention_days", 1, 36500, days));
  p.retention_days = static_cast<int>(days);
  TACT_RETURN_IF_ERROR(json::GetOptBool(j, "sale_or_sharing", p.sale_or_sharing));
  TACT_RETURN_IF_ERROR(json::GetOptStringArray(j, "cookies", p.cookies, 100, 128));
  TACT_RETURN_IF_ERROR(json::GetOptIntArray(j, "iab_purposes", 1, 11, p.iab_purposes));
  TACT_RETURN_IF_ERROR(json::GetOptIntArray(j, "iab_special_features", 1, 2, p.iab_special_features));
  return p;
}

std::string Purpose::Fingerprint() const {
  Json shown = ToJson();
  shown.erase("updated_at");
  shown.erase("cookies");
  shown.erase("retention_days");  // not a change the person must re-decide on
  return Blake2bHex(shown.dump());
}

}  // namespace tact
