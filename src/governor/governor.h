// Governor: tact's answer to "may I send?" for a sending system, with the
// state that makes it more than a consent check — reservations, outcomes,
// fatigue, subject profiles and each tenant's messaging policy.
//
// Decisions come from memory: consent from the App's consent view, the rest
// from the governor's own state (no disk read on the hot path). What must
// survive a restart is written through the Store as records before the call
// returns: "messaging_policy" (one per tenant), "subject_profile" (one per
// subject) and "message" (every `send` reservation and its outcomes). Open
// loads them and rebuilds the fatigue state by replaying decisions and
// outcomes in their recorded order (`seq`).
//
// Reservations: a `send` holds a cap slot from the moment it is answered. The
// slot check and the reservation happen under the subject's lock, so any
// number of concurrent deciders cannot overshoot a cap. A reservation is
// confirmed by an outcome other than `bounced`, or lapses after the policy's
// TTL. The same idempotency key (scoped to the subject, remembered for 24
// hours) gives the same answer and the same message id; a deferred answer
// whose not_before has come is decided afresh under the same id.
//
// Outcomes `unsubscribed` and `complained` are the person's objection: a
// `withdrawn` consent event (source system) is recorded for the message's
// purpose on its channel at once (GDPR Art 21(3)). A fatigue pause is recorded
// as `paused` with rule `fatigue` for every marketing purpose sent on the
// channel; the person resumes it with a new choice.
//
// Thread-safety: every method is safe from any thread. Subjects are sharded
// across mutexes; a subject's decisions and outcomes are serialized.
#ifndef TACT_GOVERNOR_GOVERNOR_H_
#define TACT_GOVERNOR_GOVERNOR_H_

#include <array>
#include <atomic>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <utility>
#include <vector>

#include "governor/fatigue.h"
#include "governor/flat_index.h"
#include "governor/message.h"
#include "governor/messaging_policy.h"
#include "governor/send_decision.h"
#include "governor/subject_profile.h"
#include "service/app.h"

namespace tact::governor {

// Record kinds in the Store.
inline constexpr char kPolicyKind[] = "messaging_policy";
inline constexpr char kProfileKind[] = "subject_profile";
inline constexpr char kMessageKind[] = "message";

struct DecideAnswer {
  std::string message_id;
  SendDecision decision;      // its reasons' words are written when asked for
  UnixMillis at = 0;          // the send time evaluated
  UnixMillis expires_at = 0;  // send: when the reservation lapses unless confirmed
  bool replayed = false;      // the answer given before to this idempotency key
  // The policy the decision read, kept alive while the answer is: the
  // reasons' words name its caps.
  std::shared_ptr<const void> policy;
};

struct OutcomeAnswer {
  std::string message_id;
  Outcome outcome = Outcome::kDelivered;
  bool recorded = true;    // false: this outcome was already recorded (nothing changed)
  FatigueLevel level;      // the channel's fatigue after the outcome
  bool restored = false;   // a reaction ended a back-off
  bool paused = false;     // marketing on the channel was paused now
  bool withdrawn = false;  // the objection was recorded as a withdrawal
};

// GET /v1/subjects/{id}/messaging: one channel's state.
struct ChannelMessaging {
  Channel channel = Channel::kEmail;
  std::vector<CapUsage> caps;  // caps that apply to an uncategorised marketing message
  FatigueState fatigue;
  FatigueLevel level;
  std::vector<std::string> paused_purposes;  // paused by the governor and not resumed
  // The next moment a marketing message (no category) may go; nullopt: suppressed.
  std::optional<UnixMillis> next_allowed;
  std::vector<Reason> reasons;  // rules 2-4 for that message now
};

struct SubjectMessaging {
  std::string subject;
  std::optional<SubjectProfile> profile;
  std::string time_zone;  // the zone used (profile or policy default)
  int reserved = 0;       // unconfirmed reservations now
  std::vector<ChannelMessaging> channels;
};

class Governor {
 public:
  // Loads every policy, profile and message record and rebuilds the state.
  static Result<std::unique_ptr<Governor>> Open(App* app);
  ~Governor();

  Result<MessagingPolicy> PutPolicy(std::string_view tenant, MessagingPolicy policy);
  MessagingPolicy Policy(std::string_view tenant) const;

  Result<SubjectProfile> PutProfile(std::string_view tenant, std::string_view subject,
                                    SubjectProfile profile);
  std::optional<SubjectProfile> Profile(std::string_view tenant, std::string_view subject) const;
  // The ids of the subject's messages on record (records of kMessageKind):
  // the sends, once durable, in decision order. Defer and suppress answers
  // are not stored.
  std::vector<std::string> StoredMessageIds(std::string_view tenant,
                                            std::string_view subject) const;

  // Validates the request (InvalidArgument / NotFound), decides, and for a
  // `send` reserves the slot durably before returning. Conflict when the
  // idempotency key was used for another message.
  Result<DecideAnswer> Decide(SendRequest request);
  // Decide without waiting for the store: `done(Result<DecideAnswer>)` runs
  // once with the answer — at once when nothing is written (no allocation),
  // else after the reservation is durable, possibly on the store's writer
  // thread (`done` must then be copyable). The answers are Decide's.
  template <typename Done>
  void DecideAsync(SendRequest request, Done&& done);

  // Records an outcome of a sent message (durable on return). NotFound for an
  // unknown id; Conflict for a message that was not sent.
  Result<OutcomeAnswer> RecordOutcome(std::string_view tenant, std::string_view message_id,
                                      Outcome outcome);

  Result<SubjectMessaging> Explain(std::string_view tenant, std::string_view subject) const;

  // Counters for tests and metrics.
  size_t MessageCount() const;

 private:
  struct PolicyHolder {
    MessagingPolicy policy;
    const date::time_zone* default_zone = nullptr;
    int64_t retention_ms = 0;
  };
  struct ChannelMemory {
    Channel channel = Channel::kEmail;
    FatigueState fatigue;
    std::vector<std::string> purposes;  // marketing purposes sent on the channel
  };
  struct SubjectState {
    std::optional<SubjectProfile> profile;
    std::vector<Message> messages;        // in decision order
    std::vector<ChannelMemory> channels;  // only the channels used: compact, scanned

    ChannelMemory& For(Channel c) {
      for (ChannelMemory& m : channels) {
        if (m.channel == c) return m;
      }
      channels.push_back({c, {}, {}});
      return channels.back();
    }
  };
  struct SubjectEntry {
    std::string id;  // immutable once inserted
    SubjectState state;
  };
  // A shard's subjects: entries are never erased, so an entry's address is
  // stable (Decide keeps it across the store write; the message index points
  // at it). `by_id` maps HashKey(id) to entries.
  struct Shard {
    mutable std::mutex mu;
    std::deque<SubjectEntry> entries;  // GUARDED_BY(mu)
    FlatIndex by_id;                   // GUARDED_BY(mu)

    SubjectEntry* Find(std::string_view id, uint64_t hash) const;
    SubjectEntry& Get(std::string_view id, uint64_t hash);  // inserts when missing
  };
  struct IndexShard {
    mutable std::mutex mu;
    FlatIndex subject_of;  // HashKey(message id) -> SubjectEntry*; GUARDED_BY(mu)
  };
  static constexpr size_t kShards = 64;
  struct TenantState {
    mutable std::shared_mutex policy_mu;
    std::shared_ptr<const PolicyHolder> policy;  // GUARDED_BY(policy_mu)
    std::array<Shard, kShards> shards;
    std::array<IndexShard, kShards> index;
  };

  // A `send` decided in memory whose reservation is still to be written.
  struct PendingReservation {
    TenantState* tenant = nullptr;
    Shard* shard = nullptr;
    SubjectEntry* entry = nullptr;  // null: nothing to write
    Channel channel = Channel::kEmail;
    Record record;
  };
  Result<DecideAnswer> DecideInMemory(SendRequest& request, PendingReservation& pending);
  // Marks the reservation durable, or takes it back when the write failed.
  Result<DecideAnswer> FinishReservation(const PendingReservation& pending, DecideAnswer answer,
                                         const Status& written);

  explicit Governor(App* app) : app_(app) {}
  Status Load();

  TenantState& Tenant(std::string_view tenant);
  const TenantState* FindTenant(std::string_view tenant) const;
  TenantState* FindTenant(std::string_view tenant) {
    return const_cast<TenantState*>(std::as_const(*this).FindTenant(tenant));
  }
  static std::shared_ptr<const PolicyHolder> MakePolicy(MessagingPolicy policy);
  std::shared_ptr<const PolicyHolder> PolicyOf(const TenantState& t) const;
  static Shard& ShardFor(TenantState& t, uint64_t subject_hash) {
    return t.shards[subject_hash % kShards];
  }
  static IndexShard& IndexFor(TenantState& t, uint64_t message_hash) {
    return t.index[message_hash % kShards];
  }
  static void IndexMessage(TenantState& t, std::string_view message_id, SubjectEntry* e);
  static void UnindexMessage(TenantState& t, std::string_view message_id, const SubjectEntry* e);

  // Also returns the purpose read from the catalog (for the consent step).
  Status Validate(SendRequest& r, UnixMillis now, std::shared_ptr<const Purpose>& purpose) const;
  // REQUIRES: the subject's shard lock held.
  static void Prune(SubjectState& s, const PolicyHolder& p, UnixMillis now,
                    std::vector<std::string>* dropped);
  static void Refresh(SubjectState& s, Channel channel, UnixMillis now);
  static void Uses(const SubjectState& s, UnixMillis now, std::vector<SlotUse>& uses);
  static Message* FindMessage(SubjectState& s, std::string_view id);
  Result<OutcomeAnswer> OutcomeLocked(std::string_view tenant, SubjectState& s, Message* m,
                                      const PolicyHolder& policy, Outcome outcome);
  std::string StoredBody(std::string_view tenant, const Message& m) const;
  Result<OutcomeAnswer> ApplyOutcomeLocked(std::string_view tenant, SubjectState& s, Message& m,
                                           const PolicyHolder& p, Outcome outcome, UnixMillis now);
  Status PauseChannel(std::string_view tenant, std::string_view subject, Channel channel,
                      const std::vector<std::string>& purposes);
  Status RecordObjection(std::string_view tenant, const Message& m);

  // "msg_" + 10 random characters (per process) + a counter: unique without a
  // getrandom call per message. Ids are not secrets: every route is tenant-scoped.
  std::string NewMessageId();

  App* const app_;
  std::string id_prefix_;
  std::atomic<uint64_t> next_id_{0};
  std::atomic<uint64_t> next_seq_{1};
  mutable std::shared_mutex tenants_mu_;
  std::map<std::string, std::unique_ptr<TenantState>, std::less<>>
      tenants_;  // GUARDED_BY(tenants_mu_)
};

template <typename Done>
void Governor::DecideAsync(SendRequest request, Done&& done) {
  PendingReservation pending;
  auto answer = DecideInMemory(request, pending);
  if (!answer.ok() || pending.entry == nullptr) return done(std::move(answer));
  Record record = std::move(pending.record);
  app_->store().PutRecordAsync(std::move(record),
                               [this, pending = std::move(pending), answer = std::move(*answer),
                                done = std::forward<Done>(done)](const Status& written) mutable {
                                 done(FinishReservation(pending, std::move(answer), written));
                               });
}

}  // namespace tact::governor

#endif  // TACT_GOVERNOR_GOVERNOR_H_
