// Consent policy rules. Each is a pure function with its own tests.
//
//  * ApplyGpc: a Global Privacy Control signal (Sec-GPC: 1, or "gpc": true)
//    refuses every purpose marked sale_or_sharing, unless the person opts in
//    to that purpose explicitly (a granular choice flagged "explicit"); the
//    rule that decided is written into each choice.
//  * WhatToAsk: which purposes and vendors of the current notice the banner
//    must ask about: never decided; consent expired (default 13 months);
//    refused longer ago than the refusal interval (default 6 months) — a
//    recent refusal is never re-asked; or decided under an older notice in
//    which the item was absent or different, or whose vendor list had another
//    IAB TCF policy version.
#ifndef TACT_CORE_POLICY_H_
#define TACT_CORE_POLICY_H_

#include <map>
#include <string>
#include <vector>

#include "core/consent_event.h"
#include "core/consent_view.h"
#include "core/notice.h"
#include "core/tenant.h"

namespace tact {

struct RequestedChoice {
  Choice choice;              // state as asked; rule is set by policy
  bool explicit_choice = false;  // the person acted on this item itself
};

// `sale_purposes`: keys of sale_or_sharing purposes in scope (the notice's,
// or the tenant's when there is no notice). Returns the choices to record.
std::vector<Choice> ApplyGpc(const std::vector<RequestedChoice>& requested, bool gpc,
                             const std::vector<std::string>& sale_purposes);

struct AskList {
  std::vector<std::string> purposes;
  std::vector<std::string> vendors;
  bool empty() const { return purposes.empty() && vendors.empty(); }
};

// `notices`: the property's notices by version (at least `current`).
AskList WhatToAsk(const std::vector<ConsentItem>& items, const PrivacyNotice& current,
                  const std::map<int, PrivacyNotice>& notices, const ConsentPolicy& policy, UnixMillis now);

}  // namespace tact

#endif  // TACT_CORE_POLICY_H_
