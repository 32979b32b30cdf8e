#include "core/vendor.h"

#include "core/digest.h"
#include "tact/ids.h"

namespace tact {

using json::Json;

Json Vendor::ToJson() const {
  Json j{{"id", id},
         {"name", name},
         {"party", ToString(party)},
         {"purposes", purposes},
         {"legitimate_interest_purposes", legitimate_interest_purposes},
         {"policy_url", policy_url},
         {"updated_at", FormatRfc3339(updated_at)}};
  j["gvl_id"] = gvl_id ? Json(*gvl_id) : Json(nullptr);
  return j;
}

Result<Vendor> Vendor::FromJson(const Json& j, std::string tenant, std::string id) {
  TACT_RETURN_IF_ERROR(json::RequireObject(j, "vendor"));
  TACT_RETURN_IF_ERROR(json::RejectUnknownFields(
      j, {"id", "name", "gvl_id", "party", "purposes", "legitimate_interest_purposes", "policy_url",
          "updated_at"}));
  if (!IsValidSlug(id)) {
    return Status::InvalidArgument("vendor id must be 1-64 characters of a-z, 0-9, '_' or '-'");
  }
  Vendor v;
  v.tenant = std::move(tenant);
  v.id = std::move(id);
  TACT_RETURN_IF_ERROR(json::GetString(j, "name", v.name, 200));
  int64_t gvl = 0;
  TACT_RETURN_IF_ERROR(json::GetOptInt(j, "gvl_id", 1, 65535, gvl));
  if (gvl > 0) v.gvl_id = static_cast<int>(gvl);
  std::string party = "third";
  TACT_RETURN_IF_ERROR(json::GetOptString(j, "party", party, 16));
  auto p = ParseParty(party);
  if (!p) return Status::InvalidArgument("field 'party' must be first, second or third");
  v.party = *p;
  TACT_RETURN_IF_ERROR(json::GetOptStringArray(j, "purposes", v.purposes, 200, 128));
  TACT_RETURN_IF_ERROR(
      json::GetOptStringArray(j, "legitimate_interest_purposes", v.legitimate_interest_purposes, 200, 128));
  for (const auto* list : {&v.purposes, &v.legitimate_interest_purposes}) {
    for (const auto& k : *list) {
      if (!IsValidPurposeKey(k)) return Status::InvalidArgument("vendor purposes must be purpose keys");
    }
  }
  TACT_RETURN_IF_ERROR(json::GetOptString(j, "policy_url", v.policy_url, 2048));
  return v;
}

std::string Vendor::Fingerprint() const {
  Json shown = ToJson();
  shown.erase("updated_at");
  return Blake2bHex(shown.dump());
}

}  // namespace tact
