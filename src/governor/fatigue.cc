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
void AppendStreak(std::string& out, int streak, Channel channel) {
  AppendInt(out, streak);
  out.push_back(' ');
  out.append(ToString(channel));
  out.append(" messages in a row went without reaction");
}

void AppendLast(std::string& out, UnixMillis last_send_at) {
  if (last_send_at <= 0) return;
  out.append("; the last one was sent at ");
  AppendRfc3339(out, last_send_at);
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
  FatigueNote& n = out.note;
  if (!p.enabled) {
    n.code = ReasonCode::kFatigueOff;
    return out;
  }
  out.level = LevelOf(s, p);
  n.channel = channel;
  n.streak = s.ignored_streak;
  n.after_ignored = p.after_ignored;
  n.level = out.level.level;
  n.steps = static_cast<int>(p.steps_days.size());
  n.min_gap_ms = out.level.min_gap_ms;
  n.last_send_at = s.last_send_at;
  UnixMillis gap_end = s.last_send_at > 0 ? s.last_send_at + out.level.min_gap_ms : 0;
  switch (out.level.stage) {
    case FatigueStage::kNormal:
      n.code = ReasonCode::kEngaged;
      return out;
    case FatigueStage::kSlowed:
      if (at < gap_end) {
        out.verdict = Verdict::kDefer;
        out.not_before = gap_end;
        n.code = ReasonCode::kFatigueBackoff;
        return out;
      }
      n.code = ReasonCode::kFatigueSlowed;
      return out;
    case FatigueStage::kAwaitingRePermission:
      out.verdict = Verdict::kSuppress;
      n.code = ReasonCode::kAwaitingRePermission;
      n.re_permission_id = s.re_permission_id;
      return out;
    case FatigueStage::kRePermissionDue:
      if (!re_permission_request) {
        out.verdict = Verdict::kSuppress;
        n.code = ReasonCode::kRePermissionDue;
        return out;
      }
      if (at < gap_end) {
        out.verdict = Verdict::kDefer;
        out.not_before = gap_end;
        n.code = ReasonCode::kRePermissionWaits;
        return out;
      }
      out.is_re_permission = true;
      n.code = ReasonCode::kRePermission;
      return out;
  }
  return out;
}

void FatigueNote::AppendWords(std::string& m) const {
  switch (code) {
    case ReasonCode::kFatigueOff:
      m.append("the fatigue back-off is off in the tenant's messaging policy");
      return;
    case ReasonCode::kEngaged:
      AppendInt(m, streak);
      m.append(" of ");
      AppendInt(m, after_ignored);
      m.push_back(' ');
      m.append(ToString(channel));
      m.append(" messages in a row ignored: normal rhythm");
      return;
    case ReasonCode::kFatigueBackoff:
      AppendStreak(m, streak, channel);
      m.append(": back-off level ");
      AppendInt(m, level);
      m.append(" of ");
      AppendInt(m, steps);
      m.append(", at most one every ");
      AppendDays(m, min_gap_ms);
      AppendLast(m, last_send_at);
      return;
    case ReasonCode::kFatigueSlowed:
      AppendStreak(m, streak, channel);
      m.append(": back-off level ");
      AppendInt(m, level);
      m.append(", at most one every ");
      AppendDays(m, min_gap_ms);
      m.append(", and that gap has passed");
      return;
    case ReasonCode::kAwaitingRePermission:
      AppendStreak(m, streak, channel);
      m.append("; the re-permission message ");
      m.append(re_permission_id);
      m.append(
          " is out and nothing else is sent on this channel until the person answers or "
          "ignores it");
      return;
    case ReasonCode::kRePermissionDue:
      AppendStreak(m, streak, channel);
      m.append(
          "; only a re-permission message (\"do you still want to hear from us?\", sent "
          "with re_permission: true) may go on this channel now");
      return;
    case ReasonCode::kRePermissionWaits:
      AppendStreak(m, streak, channel);
      m.append(": the re-permission message waits for the last gap of ");
      AppendDays(m, min_gap_ms);
      AppendLast(m, last_send_at);
      return;
    case ReasonCode::kRePermission:
      AppendStreak(m, streak, channel);
      m.append(
          ": this is the one re-permission message; if it is ignored too, marketing on "
          "this channel is paused");
      return;
    default:
      return;
  }
}

Reason FatigueCheck::reason() const {
  Reason r;
  r.code = std::string(ToString(note.code));
  note.AppendWords(r.message);
  return r;
}

}  // namespace tact::governor
