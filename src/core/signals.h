// Industry signals for one subject, derived from their consent state:
//  * the IAB TCF v2.2 TC string (TCF 2.3 issuance rules: the disclosed-vendors
//    segment is always there; legitimate interest is never signalled for
//    purposes 1 and 3-6);
//  * the IAB GPP string: the tcfeuv2 section (when a TC string is issued) and
//    the US national section (sale, sharing and targeted-advertising opt-outs,
//    and the GPC flag);
//  * Google Consent Mode v2 states.
//
// Mapping (docs/formats/signals.md): an IAB purpose is consented when the
// notice has at least one tact purpose standing for it (iab_purposes) and
// every such purpose based on consent is allowed; legitimate interest for an
// IAB purpose when such a purpose rests on it and the person has not objected.
// A GVL vendor is consented when it is in the notice and at least one of its
// tact purposes is allowed for it.
#ifndef TACT_CORE_SIGNALS_H_
#define TACT_CORE_SIGNALS_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/gvl.h"
#include "core/json_fields.h"
#include "core/purpose.h"
#include "core/tenant.h"
#include "core/vendor.h"
#include "tact/result.h"

namespace tact {

struct SignalInputs {
  const Property* property = nullptr;
  const Gvl* gvl = nullptr;                  // null: no TC string
  std::vector<const Purpose*> purposes;      // the notice's purposes
  std::vector<const Vendor*> vendors;        // the notice's vendors
  // Is `purpose` allowed for this subject (with `vendor`, when not null)?
  std::function<bool(const Purpose& purpose, const Vendor* vendor)> allowed;
  bool gpc = false;
  UnixMillis created = 0;       // first decision of the subject
  UnixMillis last_updated = 0;  // last decision
  std::string language = "EN";  // two capital letters
};

// nullopt when the property has no CMP id or no GVL.
Result<std::optional<std::string>> BuildTcString(const SignalInputs& in);
// Always a string (the US national section at least).
Result<std::string> BuildGppString(const SignalInputs& in, const std::optional<std::string>& tc_string);
// {"ad_storage":"granted"|"denied", ...} for the seven types.
json::Json ConsentModeState(const SignalInputs& in);

}  // namespace tact

#endif  // TACT_CORE_SIGNALS_H_
