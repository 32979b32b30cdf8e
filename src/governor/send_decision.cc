#include "governor/send_decision.h"

#include <date/tz.h>

#include <algorithm>

#include "governor/time_zones.h"

namespace tact::governor {
namespace {

// Step 2: a reason for the caps (marketing only).
Reason CapsReason(const CapCheck& check, UnixMillis at) {
  if (check.usage.empty()) return {"within_caps", "no frequency cap applies to this message"};
  std::string usage;
  for (const CapUsage& u : check.usage) {
    if (!usage.empty()) usage += "; ";
    usage += u.cap->Describe() + ": " + std::to_string(u.used) + " of " + std::to_string(u.cap->max);
  }
  if (check.ok) return {"within_caps", "within the frequency caps (" + usage + ")"};
  std::string next = check.not_before > at ? "; a slot frees at " + FormatRfc3339(check.not_before)
                                           : "";
  return {"cap_reached", "the cap of " + std::to_string(check.blocking->max) + " messages (" +
                             check.blocking->Describe() + ") is reached (" + usage + ")" + next};
}

}  // namespace

SendDecision DecideSend(const SendRequest& req, const SendContext& ctx) {
  SendDecision d;
  const MessagingPolicy& policy = *ctx.policy;
  const bool marketing = req.priority == Priority::kMarketing;
  const bool transactional = req.priority == Priority::kTransactional;

  // 1. Consent.
  if (transactional) {
    d.reasons.push_back({"transactional",
                         "a transactional message for '" + req.purpose +
                             "': the law allows it without consent (contract or legal "
                             "obligation), so it is not capped, held or slowed"});
    d.verdict = Verdict::kSend;
    return d;
  }
  for (const Reason& r : ctx.consent->reasons) d.reasons.push_back(r);
  if (!ctx.consent->allowed) {
    d.verdict = Verdict::kSuppress;
    return d;
  }

  UnixMillis wait_until = req.at;  // the latest "not before" of the rules that defer
  bool deferred = false;

  // 2. Caps.
  CapCheck caps;
  if (marketing) {
    caps = CheckCaps(policy.caps, ctx.uses, req.channel, req.category, req.at);
    d.reasons.push_back(CapsReason(caps, req.at));
    if (!caps.ok) deferred = true;
  } else {
    d.reasons.push_back({"not_capped", "service messages are not counted against the caps"});
  }

  // 3. Quiet hours.
  if (!policy.quiet_hours.enabled()) {
    d.reasons.push_back({"no_quiet_hours", "the messaging policy sets no quiet hours"});
  } else {
    std::string where = DescribeLocal(ctx.zone, req.at) +
                        (ctx.zone_from_profile ? "" : " (the policy's default zone)");
    if (InQuietHours(policy.quiet_hours, ctx.zone, req.at)) {
      UnixMillis end = NextAllowedAfterQuietHours(policy.quiet_hours, ctx.zone, req.at);
      d.reasons.push_back({"quiet_hours", "it is " + where + ", inside the person's quiet hours " +
                                              policy.quiet_hours.Describe() + "; they end at " +
                                              FormatRfc3339(end)});
      deferred = true;
    } else {
      d.reasons.push_back({"outside_quiet_hours", "it is " + where + ", outside the quiet hours " +
                                                      policy.quiet_hours.Describe()});
    }
  }

  // 4. Fatigue.
  UnixMillis fatigue_after = 0;
  if (marketing) {
    FatigueCheck f = CheckFatigue(*ctx.fatigue, policy.fatigue, req.channel, req.re_permission,
                                  req.at);
    d.reasons.push_back(f.reason);
    d.fatigue_level = f.level.level;
    d.re_permission = f.is_re_permission;
    if (f.verdict == Verdict::kSuppress) {
      d.verdict = Verdict::kSuppress;
      d.re_permission = false;
      return d;
    }
    if (f.verdict == Verdict::kDefer) {
      deferred = true;
      fatigue_after = f.not_before;
    }
  } else {
    d.reasons.push_back({"no_fatigue", "the fatigue back-off applies to marketing messages only"});
  }

  if (!deferred) {
    d.verdict = Verdict::kSend;
    return d;
  }
  // The first moment every rule allows: each pass only moves forward.
  UnixMillis t = std::max(wait_until, fatigue_after);
  for (int round = 0; round < 32; ++round) {
    UnixMillis next = t;
    if (marketing) next = EarliestFit(policy.caps, ctx.uses, req.channel, req.category, next);
    next = NextAllowedAfterQuietHours(policy.quiet_hours, ctx.zone, next);
    if (next == t) break;
    t = next;
  }
  d.verdict = Verdict::kDefer;
  d.not_before = t;
  d.re_permission = false;
  if (req.send_by > 0 && t > req.send_by) {
    d.verdict = Verdict::kSuppress;
    d.not_before = 0;
    d.reasons.push_back({"send_by", "the first allowed moment, " + FormatRfc3339(t) +
                                        ", is after the message's send_by " +
                                        FormatRfc3339(req.send_by)});
  }
  return d;
}

}  // namespace tact::governor
