#include "governor/subject_profile.h"

#include "governor/time_zones.h"

namespace tact::governor {

json::Json SubjectProfile::ToJson() const {
  json::Json j{{"time_zone", time_zone.empty() ? json::Json(nullptr) : json::Json(time_zone)},
               {"locale", locale.empty() ? json::Json(nullptr) : json::Json(locale)}};
  if (updated_at > 0) j["updated_at"] = FormatRfc3339(updated_at);
  return j;
}

Result<SubjectProfile> SubjectProfile::FromJson(const json::Json& j) {
  TACT_RETURN_IF_ERROR(json::RequireObject(j, "the subject profile"));
  TACT_RETURN_IF_ERROR(json::RejectUnknownFields(j, {"time_zone", "locale", "updated_at"}));
  SubjectProfile p;
  TACT_RETURN_IF_ERROR(json::GetOptString(j, "time_zone", p.time_zone, 64));
  TACT_RETURN_IF_ERROR(json::GetOptString(j, "locale", p.locale, 16));
  if (!p.time_zone.empty()) {
    p.zone = FindTimeZone(p.time_zone);
    if (p.zone == nullptr) {
      return Status::InvalidArgument(
          "field 'time_zone' must be an IANA time zone such as "
          "'Europe/Paris' (got an unknown zone)");
    }
  }
  if (!p.locale.empty() && !json::IsLanguageTag(p.locale)) {
    return Status::InvalidArgument("field 'locale' must be a language tag such as 'fr' or 'pt-BR'");
  }
  if (auto it = j.find("updated_at"); it != j.end() && it->is_string()) {
    p.updated_at = ParseRfc3339(it->get<std::string>()).value_or(0);
  }
  return p;
}

}  // namespace tact::governor
