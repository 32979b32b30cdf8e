// Fatigue: a person's silence is a signal. Per (subject, channel), the count of
// marketing messages in a row without reaction drives an auditable back-off:
//
//   streak < K                    normal rhythm (level 0)
//   streak = K + i, i < steps     level i+1: at most one marketing message every steps_days[i]
//   streak = K + steps            the re-permission stage: one message asking "do you still want
//                                 to hear from us?" may go (after the last gap); other marketing
//                                 is suppressed; while it is out, everything else waits
//   re-permission ignored         pause: marketing on the channel is paused in the ledger
//                                 (state paused, rule fatigue, source system); the person can
//                                 resume it with a new choice
//
// Any reaction (opened, clicked, converted) on any message of the channel
// restores the normal rhythm. Without re-permission in the policy, the pause
// comes when the streak reaches K + steps.
//
// Thread-safety: pure functions over a value.
#ifndef TACT_GOVERNOR_FATIGUE_H_
#define TACT_GOVERNOR_FATIGUE_H_

#include <string>
#include <vector>

#include "core/decision.h"
#include "governor/message_types.h"
#include "governor/messaging_policy.h"
#include "governor/reason_code.h"

namespace tact::governor {

struct FatigueState {
  int ignored_streak = 0;
  std::vector<std::string> ignored_ids;  // the streak's messages, oldest first (at most 32)
  std::string re_permission_id;          // the re-permission message out, awaiting its outcome
  UnixMillis last_reaction_at = 0;
  UnixMillis paused_at = 0;     // the last fatigue pause (0: never)
  UnixMillis last_send_at = 0;  // the latest marketing message holding a slot
};

enum class FatigueStage : uint8_t {
  kNormal = 0,
  kSlowed = 1,           // levels 1..steps
  kRePermissionDue = 2,  // only the re-permission message may go
  kAwaitingRePermission = 3,
};
std::string_view ToString(FatigueStage s);

struct FatigueLevel {
  FatigueStage stage = FatigueStage::kNormal;
  int level = 0;           // 0 .. steps + 1
  int64_t min_gap_ms = 0;  // the slowed rhythm's gap (the last step's at the re-permission stage)
};

FatigueLevel LevelOf(const FatigueState& s, const FatiguePolicy& p);

// What an outcome did to the state.
struct FatigueChange {
  bool changed = false;
  bool restored = false;  // a reaction ended a back-off
  bool pause = false;     // marketing on the channel must be paused now
};

// Applies one outcome of message `id`. `marketing`: the message's priority was
// marketing (only those build a streak); `re_permission`: it was the
// re-permission message.
FatigueChange ApplyOutcome(FatigueState& s, const FatiguePolicy& p, Outcome outcome,
                           std::string_view id, bool marketing, bool re_permission, UnixMillis at);

// Step 4's reason: its code and the numbers its words need (no text is built
// while deciding; AppendWords writes it).
struct FatigueNote {
  ReasonCode code = ReasonCode::kFatigueOff;
  Channel channel = Channel::kEmail;
  int streak = 0;         // marketing messages in a row without reaction
  int after_ignored = 0;  // the policy's K
  int level = 0;
  int steps = 0;  // the policy's number of steps
  int64_t min_gap_ms = 0;
  UnixMillis last_send_at = 0;
  std::string re_permission_id;  // kAwaitingRePermission only

  void AppendWords(std::string& out) const;
};

struct FatigueCheck {
  Verdict verdict = Verdict::kSend;
  UnixMillis not_before = 0;      // when deferred
  bool is_re_permission = false;  // this send is the re-permission message
  FatigueLevel level;
  FatigueNote note;

  Reason reason() const;  // the note in words
};

// Step 4 of the decision for a marketing message on `channel` at `at`.
// `re_permission_request`: the sender offers the re-permission message.
FatigueCheck CheckFatigue(const FatigueState& s, const FatiguePolicy& p, Channel channel,
                          bool re_permission_request, UnixMillis at);

}  // namespace tact::governor

#endif  // TACT_GOVERNOR_FATIGUE_H_
