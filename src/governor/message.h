// Message: one decided message — the request, the answer with its reasons,
// and the outcomes reported since. A `send` answer is a reservation: it holds
// a cap slot until it is confirmed (any outcome but bounced) or its TTL
// passes; a bounced message frees its slot.
//
// Sends are stored durably as records of kind "message" (body: EncodeMessage);
// defer and suppress answers live in memory only, for idempotent replay.
// `seq` orders decisions and outcomes across a subject's messages so the
// fatigue state can be rebuilt by replay at start.
//
// Thread-safety: a value type.
#ifndef TACT_GOVERNOR_MESSAGE_H_
#define TACT_GOVERNOR_MESSAGE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/decision.h"
#include "governor/send_decision.h"

namespace tact::governor {

struct OutcomeEntry {
  Outcome outcome = Outcome::kDelivered;
  UnixMillis at = 0;
  uint64_t seq = 0;
};

// The fields every decision reads for caps and fatigue (Uses, Refresh: the
// small ones, at, expires_at and category) fill the first cache line; a
// subject's messages are scanned on each decision.
struct alignas(64) Message {
  Channel channel = Channel::kEmail;
  Priority priority = Priority::kMarketing;
  Verdict verdict = Verdict::kSuppress;
  bool re_permission = false;  // sent as the re-permission message
  bool durable = true;         // false while the reservation is being written
  uint16_t outcome_bits = 0;   // bit (1 << outcome) for each outcome in `outcomes`
  int fatigue_level = 0;
  UnixMillis at = 0;          // the send time asked for
  UnixMillis expires_at = 0;  // send only: the reservation's end unless confirmed
  std::string category;
  UnixMillis decided_at = 0;
  UnixMillis not_before = 0;  // defer only
  uint64_t seq = 0;
  std::string id;  // "msg_..."
  std::string subject;
  std::string idempotency_key;
  std::string purpose;
  // The answer's reasons as the stored record writes them (a JSON array of
  // [code, message] pairs): written once when the message is decided, read
  // when the record is rewritten and when an answer is replayed. Empty once
  // pruned (past the idempotency window).
  std::string reasons_json;
  std::vector<OutcomeEntry> outcomes;  // change through AddOutcome / RemoveLastOutcome

  void AddOutcome(const OutcomeEntry& e);
  void RemoveLastOutcome();
  bool HasOutcome(Outcome o) const { return outcome_bits & Bit(o); }
  // An outcome other than bounced was reported.
  bool Confirmed() const { return outcome_bits & ~Bit(Outcome::kBounced); }
  bool Bounced() const { return HasOutcome(Outcome::kBounced); }
  static uint16_t Bit(Outcome o) { return static_cast<uint16_t>(1u << static_cast<unsigned>(o)); }
  // Does it count against caps at `now`?
  bool HoldsSlot(UnixMillis now) const {
    return verdict == Verdict::kSend && !Bounced() && (Confirmed() || now < expires_at);
  }
  // Does `r` ask for the same message (for an idempotency key reused)?
  bool SameRequest(const SendRequest& r) const;

  std::vector<Reason> Reasons() const;  // parsed from reasons_json
  void SetReasons(const std::vector<Reason>& reasons);
};

// The stored body (JSON text, one line).
std::string EncodeMessage(const Message& m);
// The same for a message just decided whose reasons_json is still empty: the
// reasons are written from `d`, and m.reasons_json is set from the body when
// `keep_reasons`.
std::string EncodeMessage(Message& m, const SendDecision& d, bool keep_reasons);
// Appends d's reasons as the stored record writes them: [[code, message], ...].
void AppendReasonsJson(std::string& out, const SendDecision& d);
// Appends `s` as a JSON string literal (control bytes, quote and backslash
// escaped; other bytes as they are).
void AppendJsonString(std::string& out, std::string_view s);
// Parses a stored body; Corruption when it is not a message.
Result<Message> DecodeMessage(std::string_view body, std::string id);

}  // namespace tact::governor

#endif  // TACT_GOVERNOR_MESSAGE_H_
