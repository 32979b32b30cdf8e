// Privacy notices: a versioned bundle of the purposes and vendors shown on a
// property. Versions count up from 1 per property. A notice keeps, for each
// purpose and vendor, the fingerprint of what was shown, so that the next
// version can ask again about only what is new or changed.
#ifndef TACT_CORE_NOTICE_H_
#define TACT_CORE_NOTICE_H_

#include <map>
#include <string>
#include <vector>

#include "core/json_fields.h"
#include "tact/clock.h"
#include "tact/result.h"

namespace tact {

struct PrivacyNotice {
  std::string tenant;
  std::string property;
  int version = 0;
  std::map<std::string, std::string> purposes;  // key -> fingerprint
  std::map<std::string, std::string> vendors;   // id -> fingerprint
  // The IAB TCF policy version of the property's vendor list when the notice
  // was made (0: none). A change asks everyone again (TCF policy).
  int tcf_policy_version = 0;
  UnixMillis created_at = 0;

  json::Json ToJson() const;
  static Result<PrivacyNotice> FromStoredJson(const json::Json& j);
};

// Body of POST /v1/notices: which purposes and vendors the notice shows.
struct NoticeRequest {
  std::string property;
  std::vector<std::string> purposes;
  std::vector<std::string> vendors;
  static Result<NoticeRequest> FromJson(const json::Json& j);
};

// Items of `current` that a person who decided under `previous` must be asked
// about again: absent from `previous`, or with a different fingerprint.
struct NoticeDiff {
  std::vector<std::string> purposes;
  std::vector<std::string> vendors;
};
NoticeDiff ChangedSince(const PrivacyNotice& previous, const PrivacyNotice& current);

}  // namespace tact

#endif  // TACT_CORE_NOTICE_H_
