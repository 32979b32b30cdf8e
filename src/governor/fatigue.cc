#include "governor/fatigue.h"

#include <algorithm>

#include "governor/time_zones.h"

namespace tact::governor {
namespace {

constexpr size_t kMaxIgnoredIds = 32;

void AppendDays(std::string& out, int64_t ms) {
  int64_t d = ms / kMillisPerDay;
  AppendInt(out, d);
  out.append(d == 1 ? " day" : " days");
}

// "3 email messages in a row went without reaction"
std::string Streak(const FatigueState& s, Channel channel) {
  std::string out;
  out.reserve(200);
  AppendInt(out, s.ignored_streak);
  out.push_back(' ');
  out.append(ToString(channel));
  out.append(" messages in a row went without reaction");
  return out;
}

void AppendLast(std::string& out, const FatigueState& s) {
  if (s.last_send_at <= 0) return;
  out.append("; the last one was sent at ");
  AppendRfc3339(out, s.last_send_at);
}

}  // namespace

std::string_view ToString(FatigueStage s) {
  switch (s) {
    case FatigueStage::kNormal:
      return "normal";
    case FatigueStage::kSlowed:
      return "slowed";
    case FatigueStage::kRePermissionDue:
      return "re_permission_due";
    case FatigueStage::kAwaitingRePermission:
      return "awaiting_re_permission";
  }
  return "normal";
}

FatigueLevel LevelOf(const FatigueState& s, const FatiguePolicy& p) {
  FatigueLevel out;
  if (!p.enabled || s.ignored_streak < p.after_ignored) return out;
  int steps = static_cast<int>(p.steps_days.size());
  out.level = std::min(s.ignored_streak - p.after_ignored + 1, steps + 1);
  if (out.level <= steps) {
    out.stage = FatigueStage::kSlowed;
    out.min_gap_ms = int64_t{p.steps_days[out.level - 1]} * kMillisPerDay;
    return out;
  }
  out.min_gap_ms = steps > 0 ? int64_t{p.steps_days.back()} * kMillisPerDay : 0;
  out.stage = s.re_permission_id.empty() ? FatigueStage::kRePermissionDue
                                         : FatigueStage::kAwaitingRePermission;
  return out;
}

FatigueChange ApplyOutcome(FatigueState& s, const FatiguePolicy& p, Outcome outcome,
                           std::string_view id, bool marketing, bool re_permission, UnixMillis at) {
  FatigueChange change;
  if (IsReaction(outcome)) {
    change.restored = s.ignored_streak >= p.after_ignored || !s.re_permission_id.empty();
    change.changed =
        s.ignored_streak != 0 || !s.re_permission_id.empty() || s.last_reaction_at != at;
    s.ignored_streak = 0;
    s.ignored_ids.clear();
    s.re_permission_id.clear();
    s.last_reaction_at = std::max(s.last_reaction_at, at);
    return change;
  }
  if (outcome == Outcome::kBounced && re_permission && s.re_permission_id == id) {
    s.re_permission_id.clear();  // it never arrived: the question may be asked again
    change.changed = true;
    return change;
  }
  if (outcome != Outcome::kIgnored || !marketing || !p.enabled) return change;
  change.changed = true;
  if (re_permission && s.re_permission_id == id) {
    // The last question went unanswered: stop.
    s.re_permission_id.clear();
    s.ignored_streak = 0;
    s.ignored_ids.clear();
    s.paused_at = at;
    change.pause = true;
    return change;
  }
  s.ignored_streak += 1;
  s.ignored_ids.emplace_back(id);
  if (s.ignored_ids.size() > kMaxIgnoredIds) s.ignored_ids.erase(s.ignored_ids.begin());
  int steps = static_cast<int>(p.steps_days.size());
  if (!p.re_permission && s.ignored_streak >= p.after_ignored + steps) {
    s.ignored_streak = 0;
    s.ignored_ids.clear();
    s.paused_at = at;
    change.pause = true;
  }
  return change;
}

FatigueCheck CheckFatigue(const FatigueState& s, const FatiguePolicy& p, Channel channel,
                          bool re_permission_request, UnixMillis at) {
  FatigueCheck out;
  if (!p.enabled) {
    out.reason = {"fatigue_off", "the fatigue back-off is off in the tenant's messaging policy"};
    return out;
  }
  out.level = LevelOf(s, p);
  UnixMillis gap_end = s.last_send_at > 0 ? s.last_send_at + out.level.min_gap_ms : 0;
  std::string& m = out.reason.message;
  switch (out.level.stage) {
    case FatigueStage::kNormal:
      out.reason.code = "engaged";
      m.reserve(64);
      AppendInt(m, s.ignored_streak);
      m.append(" of ");
      AppendInt(m, p.after_ignored);
      m.push_back(' ');
      m.append(ToString(channel));
      m.append(" messages in a row ignored: normal rhythm");
      return out;
    case FatigueStage::kSlowed:
      m = Streak(s, channel);
      m.append(": back-off level ");
      AppendInt(m, out.level.level);
      if (at < gap_end) {
        out.verdict = Verdict::kDefer;
        out.not_before = gap_end;
        out.reason.code = "fatigue_backoff";
        m.append(" of ");
        AppendInt(m, static_cast<int64_t>(p.steps_days.size()));
        m.append(", at most one every ");
        AppendDays(m, out.level.min_gap_ms);
        AppendLast(m, s);
        return out;
      }
      out.reason.code = "fatigue_slowed";
      m.append(", at most one every ");
      AppendDays(m, out.level.min_gap_ms);
      m.append(", and that gap has passed");
      return out;
    case FatigueStage::kAwaitingRePermission:
      out.verdict = Verdict::kSuppress;
      out.reason.code = "awaiting_re_permission";
      m = Streak(s, channel);
      m.append("; the re-permission message ");
      m.append(s.re_permission_id);
      m.append(
          " is out and nothing else is sent on this channel until the person answers or "
          "ignores it");
      return out;
    case FatigueStage::kRePermissionDue:
      m = Streak(s, channel);
      if (!re_permission_request) {
        out.verdict = Verdict::kSuppress;
        out.reason.code = "re_permission_due";
        m.append(
            "; only a re-permission message (\"do you still want to hear from us?\", sent "
            "with re_permission: true) may go on this channel now");
        return out;
      }
      if (at < gap_end) {
        out.verdict = Verdict::kDefer;
        out.not_before = gap_end;
        out.reason.code = "fatigue_backoff";
        m.append(": the re-permission message waits for the last gap of ");
        AppendDays(m, out.level.min_gap_ms);
        AppendLast(m, s);
        return out;
      }
      out.is_re_permission = true;
      out.reason.code = "re_permission";
      m.append(
          ": this is the one re-permission message; if it is ignored too, marketing on "
          "this channel is paused");
      return out;
  }
  return out;
}

}  // namespace tact::governor
