// Vendors: third parties that receive data. A vendor with an IAB Global
// Vendor List id takes part in TC strings.
#ifndef TACT_CORE_VENDOR_H_
#define TACT_CORE_VENDOR_H_

#include <optional>
#include <string>
#include <vector>

#include "core/json_fields.h"
#include "core/types.h"
#include "tact/clock.h"
#include "tact/result.h"

namespace tact {

struct Vendor {
  std::string tenant;
  std::string id;                    // slug, e.g. "analytics-co" or "gvl-755"
  std::string name;
  std::optional<int> gvl_id;         // IAB GVL id, 1..65535
  Party party = Party::kThird;
  std::vector<std::string> purposes;                  // purpose keys it uses with consent
  std::vector<std::string> legitimate_interest_purposes;
  std::string policy_url;
  UnixMillis updated_at = 0;

  json::Json ToJson() const;
  static Result<Vendor> FromJson(const json::Json& j, std::string tenant, std::string id);
  std::string Fingerprint() const;
};

}  // namespace tact

#endif  // TACT_CORE_VENDOR_H_
