#include "governor/send_decision.h"

#include <date/tz.h>

#include <algorithm>

#include "governor/time_zones.h"

namespace tact::governor {
void CapsNote::Add(const Use& u) {
  if (count_ < kInline) {
    inline_[count_] = u;
  } else {
    more_.push_back(u);
  }
  ++count_;
}

void CapsNote::AppendWords(std::string& m) const {
  if (code == ReasonCode::kNotCapped) {
    m.append("service messages are not counted against the caps");
    return;
  }
  if (count_ == 0) {
    m.append("no frequency cap applies to this message");
    return;
  }
  const bool reached = code == ReasonCode::kCapReached;
  if (!reached) {
    m.append("within the frequency caps (");
  } else {
    m.append("the cap of ");
    AppendInt(m, blocking->max);
    m.append(" messages (");
    blocking->AppendDescription(m);
    m.append(") is reached (");
  }
  for (size_t i = 0; i < count_; ++i) {
    const Use& u = (*this)[i];
    if (i > 0) m.append("; ");
    u.cap->AppendDescription(m);
    m.append(": ");
    AppendInt(m, u.used);
    m.append(" of ");
    AppendInt(m, u.cap->max);
  }
  m.push_back(')');
  if (reached && not_before > at) {
    m.append("; a slot frees at ");
    AppendRfc3339(m, not_before);
  }
}

void QuietNote::AppendWords(std::string& m) const {
  if (code == ReasonCode::kNoQuietHours) {
    m.append("the messaging policy sets no quiet hours");
    return;
  }
  m.append("it is ");
  AppendLocal(m, zone, local);
  if (!zone_from_profile) m.append(" (the policy's default zone)");
  if (code == ReasonCode::kQuietHours) {
    m.append(", inside the person's quiet hours ");
    m.append(hours.Describe());
    m.append("; they end at ");
    AppendRfc3339(m, end);
  } else {
    m.append(", outside the quiet hours ");
    m.append(hours.Describe());
  }
}

std::string_view SendDecision::Code(size_t i) const {
  if (i < words.size()) return words[i].code;
  return ToString(codes[i - words.size()]);
}

void SendDecision::AppendMessage(size_t i, std::string& m) const {
  if (i < words.size()) {
    m.append(words[i].message);
    return;
  }
  switch (const ReasonCode c = codes[i - words.size()]) {
    case ReasonCode::kTransactional:
      m.append("a transactional message for '");
      m.append(purpose);
      m.append(
          "': the law allows it without consent (contract or legal obligation), so it is not "
          "capped, held or slowed");
      return;
    case ReasonCode::kNoCapApplies:
    case ReasonCode::kWithinCaps:
    case ReasonCode::kCapReached:
    case ReasonCode::kNotCapped:
      caps.AppendWords(m);
      return;
    case ReasonCode::kNoQuietHours:
    case ReasonCode::kOutsideQuietHours:
    case ReasonCode::kQuietHours:
      quiet.AppendWords(m);
      return;
    case ReasonCode::kNoFatigue:
      m.append("the fatigue back-off applies to marketing messages only");
      return;
    case ReasonCode::kSendBy:
      m.append("the first allowed moment, ");
      AppendRfc3339(m, first_allowed);
      m.append(", is after the message's send_by ");
      AppendRfc3339(m, send_by);
      return;
    default:
      (void)c;
      fatigue.AppendWords(m);
      return;
  }
}

std::vector<Reason> SendDecision::Reasons() const {
  std::vector<Reason> out;
  out.reserve(ReasonCount());
  for (size_t i = 0; i < ReasonCount(); ++i) {
    Reason& r = out.emplace_back();
    r.code = std::string(Code(i));
    AppendMessage(i, r.message);
  }
  return out;
}

SendDecision DecideSend(const SendRequest& req, const SendContext& ctx) {
  SendDecision d;
  const MessagingPolicy& policy = *ctx.policy;
  const bool marketing = req.priority == Priority::kMarketing;
  const bool transactional = req.priority == Priority::kTransactional;
  auto note = [&d](ReasonCode c) { d.codes[d.code_count++] = c; };

  // 1. Consent.
  if (transactional) {
    d.purpose = req.purpose;
    note(ReasonCode::kTransactional);
    d.verdict = Verdict::kSend;
    return d;
  }
  d.words = std::move(ctx.consent->reasons);
  if (!ctx.consent->allowed) {
    d.verdict = Verdict::kSuppress;
    return d;
  }

  UnixMillis wait_until = req.at;  // the latest "not before" of the rules that defer
  bool deferred = false;

  // 2. Caps.
  thread_local CapTimes cap_times;  // sorted once, read by every check below
  if (marketing) {
    CollectCapTimes(policy.caps, ctx.uses, req.channel, req.category, cap_times);
    CapsNote& c = d.caps;
    c.at = req.at;
    c.code = cap_times.count == 0 ? ReasonCode::kNoCapApplies : ReasonCode::kWithinCaps;
    for (size_t i = 0; i < cap_times.count; ++i) {
      const CapTimes::One& one = cap_times.caps[i];
      c.Add({one.cap, UsedAt(one, req.at)});
      if (c.blocking == nullptr && !FitsAt(one, req.at)) {
        c.code = ReasonCode::kCapReached;
        c.blocking = one.cap;
      }
    }
    if (c.blocking != nullptr) {
      c.not_before = EarliestFit(cap_times, req.at);
      deferred = true;
    }
    note(c.code);
  } else {
    d.caps.code = ReasonCode::kNotCapped;
    note(ReasonCode::kNotCapped);
  }

  // 3. Quiet hours.
  if (!policy.quiet_hours.enabled()) {
    note(ReasonCode::kNoQuietHours);
  } else {
    QuietNote& q = d.quiet;
    q.zone = ctx.zone;
    q.zone_from_profile = ctx.zone_from_profile;
    q.hours = policy.quiet_hours;
    q.local = LocalOf(ctx.zone, req.at);
    if (InQuietHours(policy.quiet_hours, q.local)) {
      q.end = NextAllowedAfterQuietHours(policy.quiet_hours, ctx.zone, req.at);
      q.code = ReasonCode::kQuietHours;
      deferred = true;
    } else {
      q.code = ReasonCode::kOutsideQuietHours;
    }
    note(q.code);
  }

  // 4. Fatigue.
  UnixMillis fatigue_after = 0;
  if (marketing) {
    FatigueCheck f =
        CheckFatigue(*ctx.fatigue, policy.fatigue, req.channel, req.re_permission, req.at);
    d.fatigue = std::move(f.note);
    note(d.fatigue.code);
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
    note(ReasonCode::kNoFatigue);
  }

  if (!deferred) {
    d.verdict = Verdict::kSend;
    return d;
  }
  // The first moment every rule allows: each pass only moves forward.
  UnixMillis t = std::max({wait_until, fatigue_after, d.caps.blocking ? d.caps.not_before : 0});
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
    d.first_allowed = t;
    d.send_by = req.send_by;
    note(ReasonCode::kSendBy);
  }
  return d;
}

}  // namespace tact::governor
