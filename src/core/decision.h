// Decisions: "may we use this person's data for this purpose (with this
// vendor, party, channel)?" answered from the consent view and the catalog,
// with reasons a support agent can read.
//
// Rules, in order:
//  1. contract and legal-obligation purposes are allowed (no consent needed);
//  2. a vendor named in the request must declare the purpose;
//  3. the most specific recorded choice wins: a choice on the purpose itself
//     beats one on an ancestor ("marketing" covers "marketing.email" unless the
//     child has its own choice); then the one naming more of channel, vendor,
//     party; on a tie a refusal wins. A choice's channel, vendor or party
//     matches the request when it is unset or equal;
//  4. legitimate-interest purposes are allowed unless the person objected;
//  5. consent purposes need a granted choice younger than the consent lifetime.
#ifndef TACT_CORE_DECISION_H_
#define TACT_CORE_DECISION_H_

#include <string>
#include <vector>

#include "core/consent_view.h"
#include "core/purpose.h"
#include "core/tenant.h"
#include "core/vendor.h"

namespace tact {

struct Reason {
  std::string code;     // machine-readable: "granted", "denied", "withdrawn", "expired", "gpc", ...
  std::string message;  // for a person
};

struct Decision {
  bool allowed = false;
  std::vector<Reason> reasons;
};

struct DecisionRequest {
  std::string_view purpose;
  std::string_view vendor;  // empty: none named
  Party party = Party::kAny;
  Channel channel = Channel::kAny;
  UnixMillis now = 0;
};

// `items` are the subject's current items; `vendor` is the named vendor or null.
Decision Decide(const std::vector<ConsentItem>& items, const Purpose& purpose, const Vendor* vendor,
                const ConsentPolicy& policy, const DecisionRequest& request);

// The item that governs `request` (rule 3), or null.
const ConsentItem* GoverningItem(const std::vector<ConsentItem>& items, const DecisionRequest& request);

// "on 2026-03-02 via banner (notice v3)"
std::string DescribeOrigin(const ConsentItem& item);

}  // namespace tact

#endif  // TACT_CORE_DECISION_H_
