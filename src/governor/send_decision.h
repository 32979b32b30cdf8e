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

#include <array>
#include <span>
#include <string>
#include <vector>

#include "core/decision.h"
#include "governor/caps.h"
#include "governor/fatigue.h"
#include "governor/message_types.h"
#include "governor/messaging_policy.h"
#include "governor/reason_code.h"
#include "governor/time_zones.h"

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
  Decision* consent = nullptr;  // step 1 for service and marketing; its reasons are moved out
  const MessagingPolicy* policy = nullptr;
  const date::time_zone* zone = nullptr;  // the person's zone (or the policy default)
  bool zone_from_profile = false;
  std::span<const SlotUse> uses;          // the subject's messages holding a slot
  const FatigueState* fatigue = nullptr;  // for the request's channel
};

// Step 2's reason: every cap that applies (policy order) with its count, and
// the first one that is full.
struct CapsNote {
  struct Use {
    const Cap* cap = nullptr;  // in the policy the decision read
    int used = 0;
  };
  ReasonCode code = ReasonCode::kNoCapApplies;
  const Cap* blocking = nullptr;  // kCapReached
  UnixMillis not_before = 0;      // kCapReached: when every cap allows one more
  UnixMillis at = 0;              // the send time checked

  size_t size() const { return count_; }
  const Use& operator[](size_t i) const { return i < kInline ? inline_[i] : more_[i - kInline]; }
  void Add(const Use& u);
  void AppendWords(std::string& out) const;

 private:
  static constexpr size_t kInline = 4;
  std::array<Use, kInline> inline_{};
  std::vector<Use> more_;
  size_t count_ = 0;
};

// Step 3's reason: the local time and, inside quiet hours, when they end.
struct QuietNote {
  ReasonCode code = ReasonCode::kNoQuietHours;
  const date::time_zone* zone = nullptr;
  LocalMoment local;
  bool zone_from_profile = false;
  QuietHours hours;
  UnixMillis end = 0;  // kQuietHours

  void AppendWords(std::string& out) const;
};

// The answer. Its reasons, in rule order, are `words` (already in words: the
// consent step's, or every reason of a replayed answer) followed by the
// rules' codes, whose words are written from the notes only when asked for
// (Reasons, AppendMessage): deciding builds no text. The notes point into the
// policy the decision read (its caps): keep that alive until the words are
// written.
struct SendDecision {
  Verdict verdict = Verdict::kSuppress;
  UnixMillis not_before = 0;   // set when deferred
  bool re_permission = false;  // this send is the re-permission message
  int fatigue_level = 0;

  std::vector<Reason> words;
  std::array<ReasonCode, 4> codes{};
  uint8_t code_count = 0;
  CapsNote caps;
  QuietNote quiet;
  FatigueNote fatigue;
  UnixMillis first_allowed = 0;  // kSendBy: the first allowed moment
  UnixMillis send_by = 0;        // kSendBy
  std::string purpose;           // kTransactional

  size_t ReasonCount() const { return words.size() + code_count; }
  // The i-th reason's code ("granted", "within_caps", ...).
  std::string_view Code(size_t i) const;
  // Appends the i-th reason's message.
  void AppendMessage(size_t i, std::string& out) const;
  // Every reason in words.
  std::vector<Reason> Reasons() const;
};

// REQUIRES: request.at != 0; ctx fields set (consent may be null for transactional).
SendDecision DecideSend(const SendRequest& request, const SendContext& ctx);

}  // namespace tact::governor

#endif  // TACT_GOVERNOR_SEND_DECISION_H_
