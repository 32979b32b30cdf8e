// The IAB Global Vendor List (version 3 JSON), as much of it as tact needs to
// issue TC strings: its version, the TCF policy version, and per vendor the
// purposes it uses with consent and with legitimate interest, and its special
// features. The GVL cannot be downloaded here: a property is given one with
// PUT /v1/properties/{id}/gvl.
#ifndef TACT_CORE_GVL_H_
#define TACT_CORE_GVL_H_

#include <map>
#include <string>
#include <vector>

#include "core/json_fields.h"
#include "tact/result.h"

namespace tact {

struct GvlVendor {
  int id = 0;
  std::string name;
  std::vector<int> purposes;            // consent
  std::vector<int> leg_int_purposes;    // legitimate interest
  std::vector<int> flexible_purposes;
  std::vector<int> special_features;
};

struct Gvl {
  int gvl_specification_version = 3;
  int vendor_list_version = 0;
  int tcf_policy_version = 0;
  std::string last_updated;
  std::map<int, GvlVendor> vendors;

  // Parses IAB's v3 format. Deleted vendors ("deletedDate") are skipped.
  static Result<Gvl> FromJson(const json::Json& j);
  // The compact form tact stores (same keys as the IAB format).
  json::Json ToJson() const;
};

}  // namespace tact

#endif  // TACT_CORE_GVL_H_
