// SendDecision: the answer to "may I send this message to this person, on this
// channel, now?" — send, defer (with not_before) or suppress — with one reason
// per rule, in this documented order:
//
//   1. consent     for the purpose on the channel (from the consent view); a
//                  refusal suppresses. Transactional messages need no consent
//                  (contract or legal obligation) and pass, saying so.
//   2. caps        per channel and across channels, per rolling window, per
//                  category where set (marketing only); full -> defer until a
//                  slot frees.
//   3. quiet hours in the person's own time zone (marketing and service);
//                  inside -> defer to the window's end.
//   4. fatigue     the back-off driven by outcomes (marketing only): defer for
//                  the slowed rhythm, suppress at the re-permission stage.
//
// A suppress at step 1 ends the evaluation (nothing later can allow it). A
// suppress at step 4 wins over defers. Otherwise not_before is the first
// moment at which every rule allows the message (caps, fatigue gap, then
// quiet hours, repeated until they agree). With `send_by` set, a message that
// could not go before it is suppressed instead of deferred.
//
// Thread-safety: pure.
#ifndef TACT_GOVERNOR_SEND_DECISION_H_
#define TACT_GOVERNOR_SEND_DECISION_H_

#include <span>
#include <string>
#include <vector>

#include "core/decision.h"
#include "governor/caps.h"
#include "governor/fatigue.h"
#include "governor/message_types.h"
#include "governor/messaging_policy.h"

namespace date {
class time_zone;
}

namespace tact::governor {

struct SendRequest {
  std::string tenant;
  std::string subject;
  Channel channel = Channel::kEmail;
  std::string purpose;
  std::string category;  // empty: none
  Priority priority = Priority::kMarketing;
  bool re_permission = false;   // the sender offers the re-permission message
  std::string idempotency_key;  // empty: no replay protection
  UnixMillis at = 0;            // 0: now
  UnixMillis send_by = 0;       // 0: no deadline
};

// Everything the rules read, gathered by the caller.
struct SendContext {
  const Decision* consent = nullptr;  // step 1 for service and marketing
  const MessagingPolicy* policy = nullptr;
  const date::time_zone* zone = nullptr;  // the person's zone (or the policy default)
  bool zone_from_profile = false;
  std::span<const SlotUse> uses;          // the subject's messages holding a slot
  const FatigueState* fatigue = nullptr;  // for the request's channel
};

struct SendDecision {
  Verdict verdict = Verdict::kSuppress;
  UnixMillis not_before = 0;   // set when deferred
  bool re_permission = false;  // this send is the re-permission message
  int fatigue_level = 0;
  std::vector<Reason> reasons;
};

// REQUIRES: request.at != 0; ctx fields set (consent may be null for transactional).
SendDecision DecideSend(const SendRequest& request, const SendContext& ctx);

}  // namespace tact::governor

#endif  // TACT_GOVERNOR_SEND_DECISION_H_
