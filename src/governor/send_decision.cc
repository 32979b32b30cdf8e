#include "governor/send_decision.h"

#include <date/tz.h>

#include <algorithm>

#include "governor/time_zones.h"

namespace tact::governor {
namespace {

// Step 2: a reason for the caps (marketing only). Built with appends: this
// runs on every decision.
Reason CapsReason(const CapCheck& check, UnixMillis at) {
  if (check.usage.empty()) return {"within_caps", "no frequency cap applies to this message"};
  Reason r;
  std::string& m = r.message;
  m.reserve(160);
  if (check.ok) {
    r.code = "within_caps";
    m.append("within the frequency caps (");
  } else {
    r.code = "cap_reached";
    m.append("the cap of ");
    AppendInt(m, check.blocking->max);
    m.append(" messages (");
    check.blocking->AppendDescription(m);
    m.append(") is reached (");
  }
  bool first = true;
  for (const CapUsage& u : check.usage) {
    if (!first) m.append("; ");
    first = false;
    u.cap->AppendDescription(m);
    m.append(": ");
    AppendInt(m, u.used);
    m.append(" of ");
    AppendInt(m, u.cap->max);
  }
  m.push_back(')');
  if (!check.ok && check.not_before > at) {
    m.append("; a slot frees at ");
    AppendRfc3339(m, check.not_before);
  }
  return r;
}

}  // namespace

SendDecision DecideSend(const SendRequest& req, const SendContext& ctx) {
  SendDecision d;
  const MessagingPolicy& policy = *ctx.policy;
  const bool marketing = req.priority == Priority::kMarketing;
  const bool transactional = req.priority == Priority::kTransactional;

  // 1. Consent.
  if (transactional) {
    d.reasons.push_back(
        {"transactional", "a transactional message for '" + req.purpose +
                              "': the law allows it without consent (contract or legal "
                              "obligation), so it is not capped, held or slowed"});
    d.verdict = Verdict::kSend;
    return d;
  }
  d.reasons.reserve(ctx.consent->reasons.size() + 4);
  for (const Reason& r : ctx.consent->reasons) d.reasons.push_back(r);
  if (!ctx.consent->allowed) {
    d.verdict = Verdict::kSuppress;
    return d;
  }

  UnixMillis wait_until = req.at;  // the latest "not before" of the rules that defer
  bool deferred = false;

  // 2. Caps.
  CapCheck caps;
  thread_local CapTimes cap_times;  // sorted once, read by every check below
  if (marketing) {
    CollectCapTimes(policy.caps, ctx.uses, req.channel, req.category, cap_times);
    caps = CheckCaps(cap_times, req.at);
    d.reasons.push_back(CapsReason(caps, req.at));
    if (!caps.ok) deferred = true;
  } else {
    d.reasons.push_back({"not_capped", "service messages are not counted against the caps"});
  }

  // 3. Quiet hours.
  if (!policy.quiet_hours.enabled()) {
    d.reasons.push_back({"no_quiet_hours", "the messaging policy sets no quiet hours"});
  } else {
    Reason r;
    r.message.reserve(160);
    r.message.append("it is ");
    LocalMoment local = LocalOf(ctx.zone, req.at);
    AppendLocal(r.message, ctx.zone, local);
    if (!ctx.zone_from_profile) r.message.append(" (the policy's default zone)");
    if (InQuietHours(policy.quiet_hours, local)) {
      UnixMillis end = NextAllowedAfterQuietHours(policy.quiet_hours, ctx.zone, req.at);
      r.code = "quiet_hours";
      r.message.append(", inside the person's quiet hours ");
      r.message.append(policy.quiet_hours.Describe());
      r.message.append("; they end at ");
      AppendRfc3339(r.message, end);
      deferred = true;
    } else {
      r.code = "outside_quiet_hours";
      r.message.append(", outside the quiet hours ");
      r.message.append(policy.quiet_hours.Describe());
    }
    d.reasons.push_back(std::move(r));
  }

  // 4. Fatigue.
  UnixMillis fatigue_after = 0;
  if (marketing) {
    FatigueCheck f =
        CheckFatigue(*ctx.fatigue, policy.fatigue, req.channel, req.re_permission, req.at);
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
  UnixMillis t = std::max({wait_until, fatigue_after, caps.ok ? 0 : caps.not_before});
  for (int round = 0; round < 32; ++round) {
    UnixMillis next = t;
    if (marketing) next = EarliestFit(cap_times, next);
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
