// SubjectProfile: what the governor (and the pages) need to know about a
// person to respect them: their IANA time zone (quiet hours are in their local
// time) and their language. Set with PUT /v1/subjects/{id}; stored as a record
// of kind "subject_profile".
//
// Thread-safety: a value type; FromJson and ToJson are pure.
#ifndef TACT_GOVERNOR_SUBJECT_PROFILE_H_
#define TACT_GOVERNOR_SUBJECT_PROFILE_H_

#include <string>

#include "core/json_fields.h"
#include "tact/clock.h"
#include "tact/result.h"

namespace date {
class time_zone;
}

namespace tact::governor {

struct SubjectProfile {
  std::string time_zone;  // empty: unknown (the policy's default zone is used)
  std::string locale;     // empty: unknown
  UnixMillis updated_at = 0;
  const date::time_zone* zone = nullptr;  // resolved time_zone; null when empty

  json::Json ToJson() const;
  // {"time_zone":"Europe/Paris","locale":"fr"}: both optional, unknown fields refused.
  static Result<SubjectProfile> FromJson(const json::Json& j);
};

}  // namespace tact::governor

#endif  // TACT_GOVERNOR_SUBJECT_PROFILE_H_
