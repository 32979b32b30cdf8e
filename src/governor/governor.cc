#include "governor/governor.h"

#include <algorithm>
#include <functional>

#include "governor/time_zones.h"
#include "tact/ids.h"

namespace tact::governor {
namespace {

constexpr int64_t kIdempotencyWindowMs = kMillisPerDay;
constexpr int64_t kMinRetentionMs = 30 * kMillisPerDay;
constexpr size_t kMaxPurposesPerChannel = 16;

bool IsPrintableKey(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c > ' ' && c < 127; });
}

}  // namespace

Governor::~Governor() = default;

Result<std::unique_ptr<Governor>> Governor::Open(App* app) {
  std::unique_ptr<Governor> g(new Governor(app));
  g->id_prefix_ = NewId("msg_").substr(0, 14);
  TACT_RETURN_IF_ERROR(g->Load());
  return g;
}

std::string Governor::NewMessageId() {
  static constexpr char kAlphabet[] =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  uint64_t n = next_id_.fetch_add(1);
  char digits[12];
  int len = 0;
  do {
    digits[len++] = kAlphabet[n % 62];
    n /= 62;
  } while (n > 0);
  std::string id;
  id.reserve(id_prefix_.size() + static_cast<size_t>(len));
  id = id_prefix_;
  while (len > 0) id.push_back(digits[--len]);
  return id;
}

std::shared_ptr<const Governor::PolicyHolder> Governor::MakePolicy(MessagingPolicy policy) {
  auto h = std::make_shared<PolicyHolder>();
  h->default_zone = FindTimeZone(policy.default_time_zone);
  if (h->default_zone == nullptr) h->default_zone = FindTimeZone("UTC");
  int64_t last_step = policy.fatigue.steps_days.empty() ? 0 : policy.fatigue.steps_days.back();
  h->retention_ms =
      std::max({kMinRetentionMs, policy.MaxWindowMs(), (last_step + 1) * kMillisPerDay});
  h->policy = std::move(policy);
  return h;
}

Governor::TenantState& Governor::Tenant(std::string_view tenant) {
  {
    std::shared_lock lock(tenants_mu_);
    auto it = tenants_.find(tenant);
    if (it != tenants_.end()) return *it->second;
  }
  std::unique_lock lock(tenants_mu_);
  auto& slot = tenants_[std::string(tenant)];
  if (!slot) {
    slot = std::make_unique<TenantState>();
    slot->policy = MakePolicy(MessagingPolicy::Default());
  }
  return *slot;
}

const Governor::TenantState* Governor::FindTenant(std::string_view tenant) const {
  std::shared_lock lock(tenants_mu_);
  auto it = tenants_.find(tenant);
  return it == tenants_.end() ? nullptr : it->second.get();
}

std::shared_ptr<const Governor::PolicyHolder> Governor::PolicyOf(const TenantState& t) const {
  std::shared_lock lock(t.policy_mu);
  return t.policy;
}

Governor::SubjectEntry* Governor::Shard::Find(std::string_view id, uint64_t hash) const {
  return static_cast<SubjectEntry*>(
      by_id.Find(hash, [id](void* e) { return static_cast<SubjectEntry*>(e)->id == id; }));
}

Governor::SubjectEntry& Governor::Shard::Get(std::string_view id, uint64_t hash) {
  if (SubjectEntry* e = Find(id, hash)) return *e;
  SubjectEntry& e = entries.emplace_back();
  e.id = std::string(id);
  by_id.Insert(hash, &e);
  return e;
}

void Governor::IndexMessage(TenantState& t, std::string_view message_id, SubjectEntry* e) {
  uint64_t h = HashKey(message_id);
  IndexShard& ix = IndexFor(t, h);
  std::lock_guard lock(ix.mu);
  ix.subject_of.Insert(h, e);
}

void Governor::UnindexMessage(TenantState& t, std::string_view message_id, const SubjectEntry* e) {
  uint64_t h = HashKey(message_id);
  IndexShard& ix = IndexFor(t, h);
  std::lock_guard lock(ix.mu);
  ix.subject_of.Erase(h, e);
}

Result<MessagingPolicy> Governor::PutPolicy(std::string_view tenant, MessagingPolicy policy) {
  if (!app_->catalog().GetTenant(tenant)) return Status::NotFound("no tenant");
  policy.updated_at = app_->clock().Now();
  TACT_RETURN_IF_ERROR(app_->store().PutRecord(
      {kPolicyKind, std::string(tenant), "default", policy.ToJson().dump()}));
  TenantState& t = Tenant(tenant);
  std::unique_lock lock(t.policy_mu);
  t.policy = MakePolicy(policy);
  return policy;
}

MessagingPolicy Governor::Policy(std::string_view tenant) const {
  const TenantState* t = FindTenant(tenant);
  return t ? PolicyOf(*t)->policy : MessagingPolicy::Default();
}

Result<SubjectProfile> Governor::PutProfile(std::string_view tenant, std::string_view subject,
                                            SubjectProfile profile) {
  if (!app_->catalog().GetTenant(tenant)) return Status::NotFound("no tenant");
  if (!IsValidSubjectId(subject)) {
    return Status::InvalidArgument(
        "the subject id must be 1-128 characters of A-Z a-z 0-9 _ . : @ + -");
  }
  profile.updated_at = app_->clock().Now();
  TenantState& t = Tenant(tenant);
  const uint64_t h = HashKey(subject);
  Shard& shard = ShardFor(t, h);
  std::lock_guard lock(shard.mu);  // orders concurrent writes of one profile
  TACT_RETURN_IF_ERROR(app_->store().PutRecord(
      {kProfileKind, std::string(tenant), std::string(subject), profile.ToJson().dump()}));
  shard.Get(subject, h).state.profile = profile;
  return profile;
}

std::optional<SubjectProfile> Governor::Profile(std::string_view tenant,
                                                std::string_view subject) const {
  const TenantState* t = FindTenant(tenant);
  if (t == nullptr) return std::nullopt;
  const uint64_t h = HashKey(subject);
  const Shard& shard = t->shards[h % kShards];
  std::lock_guard lock(shard.mu);
  const SubjectEntry* e = shard.Find(subject, h);
  if (e == nullptr) return std::nullopt;
  return e->state.profile;
}

std::vector<std::string> Governor::StoredMessageIds(std::string_view tenant,
                                                    std::string_view subject) const {
  std::vector<std::string> out;
  const TenantState* t = FindTenant(tenant);
  if (t == nullptr) return out;
  const uint64_t h = HashKey(subject);
  const Shard& shard = t->shards[h % kShards];
  std::lock_guard lock(shard.mu);
  const SubjectEntry* e = shard.Find(subject, h);
  if (e == nullptr) return out;
  for (const Message& m : e->state.messages) {
    if (m.verdict == Verdict::kSend && m.durable) out.push_back(m.id);
  }
  return out;
}

Status Governor::Validate(SendRequest& r, UnixMillis now,
                          std::shared_ptr<const Purpose>& purpose_out) const {
  if (!IsValidSubjectId(r.subject)) {
    return Status::InvalidArgument("field 'subject' is required and must be a subject id");
  }
  if (r.channel == Channel::kAny || r.channel == Channel::kWeb) {
    return Status::InvalidArgument(
        "field 'channel' must be email, sms, push, phone, post or in_app");
  }
  if (!IsValidPurposeKey(r.purpose)) {
    return Status::InvalidArgument("field 'purpose' is required and must be a purpose key");
  }
  // A known purpose implies a known tenant: the tenant is looked up only on a miss.
  auto purpose = app_->catalog().GetPurpose(r.tenant, r.purpose);
  if (!purpose) {
    if (!app_->catalog().GetTenant(r.tenant)) return Status::NotFound("no tenant");
    return Status::InvalidArgument("unknown purpose '" + r.purpose + "'");
  }
  if (r.priority == Priority::kTransactional && purpose->legal_basis != LegalBasis::kContract &&
      purpose->legal_basis != LegalBasis::kLegalObligation) {
    return Status::InvalidArgument(
        "priority 'transactional' needs a purpose whose legal basis is contract or "
        "legal_obligation; '" +
        r.purpose + "' rests on " + std::string(ToString(purpose->legal_basis)));
  }
  purpose_out = purpose;
  if (!r.category.empty() && !IsValidSlug(r.category)) {
    return Status::InvalidArgument("field 'category' must be a slug like 'promo'");
  }
  if (r.idempotency_key.size() > 128 || !IsPrintableKey(r.idempotency_key)) {
    return Status::InvalidArgument("field 'idempotency_key' must be 1-128 printable characters");
  }
  if (r.at == 0) r.at = now;
  if (r.at < now - kMillisPerHour || r.at > now + 366 * kMillisPerDay) {
    return Status::InvalidArgument("field 'at' must be between an hour ago and a year from now");
  }
  if (r.send_by != 0 && r.send_by < r.at) {
    return Status::InvalidArgument("field 'send_by' must not be before the send time");
  }
  return Status::Ok();
}

void Governor::Prune(SubjectState& s, const PolicyHolder& p, UnixMillis now,
                     std::vector<std::string>* dropped) {
  // Messages are in decision order: nothing to do while the oldest is recent.
  if (s.messages.empty() || s.messages.front().decided_at >= now - kIdempotencyWindowMs) return;
  auto keep = [&](const Message& m) {
    if (m.decided_at < now - p.retention_ms) return false;
    return m.verdict == Verdict::kSend || m.decided_at >= now - kIdempotencyWindowMs;
  };
  if (!std::all_of(s.messages.begin(), s.messages.end(), keep)) {
    auto it = std::stable_partition(s.messages.begin(), s.messages.end(), keep);
    for (auto d = it; d != s.messages.end(); ++d) dropped->push_back(std::move(d->id));
    s.messages.erase(it, s.messages.end());
  }
  // Past the idempotency window a send is kept for caps, fatigue and outcomes
  // only: its key and reasons go (they stay in the stored record, and a later
  // outcome takes them back from it: Governor::StoredBody).
  for (Message& m : s.messages) {
    if (m.decided_at >= now - kIdempotencyWindowMs) break;
    if (!m.reasons_json.empty() || !m.idempotency_key.empty()) {
      std::string().swap(m.reasons_json);
      std::string().swap(m.idempotency_key);
    }
  }
}

void Governor::Refresh(SubjectState& s, Channel channel, UnixMillis now) {
  FatigueState& f = s.For(channel).fatigue;
  f.last_send_at = 0;
  bool re_permission_alive = false;
  for (const Message& m : s.messages) {
    if (m.channel != channel || m.verdict != Verdict::kSend) continue;
    bool counts = m.HoldsSlot(now) || m.Confirmed();
    if (m.priority == Priority::kMarketing && counts)
      f.last_send_at = std::max(f.last_send_at, m.at);
    if (counts && !f.re_permission_id.empty() && m.id == f.re_permission_id) {
      re_permission_alive = true;
    }
  }
  // A re-permission message that lapsed unsent (or was pruned) no longer waits for an answer.
  if (!re_permission_alive) f.re_permission_id.clear();
}

void Governor::Uses(const SubjectState& s, UnixMillis now, std::vector<SlotUse>& uses) {
  uses.clear();
  for (const Message& m : s.messages) {
    if (m.priority == Priority::kMarketing && m.HoldsSlot(now)) {
      uses.push_back({m.at, m.channel, m.category});
    }
  }
}

Message* Governor::FindMessage(SubjectState& s, std::string_view id) {
  for (Message& m : s.messages) {
    if (m.id == id) return &m;
  }
  return nullptr;
}

static DecideAnswer AnswerFrom(const Message& m, bool replayed) {
  DecideAnswer a;
  a.message_id = m.id;
  a.decision.verdict = m.verdict;
  a.decision.not_before = m.not_before;
  a.decision.re_permission = m.re_permission;
  a.decision.fatigue_level = m.fatigue_level;
  a.decision.words = m.Reasons();
  a.at = m.at;
  a.expires_at = m.expires_at;
  a.replayed = replayed;
  return a;
}

Result<DecideAnswer> Governor::Decide(SendRequest request) {
  PendingReservation pending;
  auto answer = DecideInMemory(request, pending);
  if (!answer.ok() || pending.entry == nullptr) return answer;
  Status written = app_->store().PutRecord(pending.record);
  return FinishReservation(pending, std::move(*answer), written);
}

Result<DecideAnswer> Governor::DecideInMemory(SendRequest& r, PendingReservation& pending) {
  const UnixMillis now = app_->clock().Now();
  std::shared_ptr<const Purpose> purpose;
  // A tenant the governor knows already (the hot path): its shard is locked
  // and the subject's slot asked for before the request is validated, so
  // that cache miss overlaps the catalog read. A new tenant's state is made
  // only after validation (no state for unknown tenants).
  TenantState* known = FindTenant(r.tenant);
  const uint64_t subject_hash = HashKey(r.subject);
  std::unique_lock<std::mutex> lock;
  if (known != nullptr) {
    lock = std::unique_lock<std::mutex>(ShardFor(*known, subject_hash).mu);
    ShardFor(*known, subject_hash).by_id.Prefetch(subject_hash);
  }
  TACT_RETURN_IF_ERROR(Validate(r, now, purpose));
  TenantState& t = known != nullptr ? *known : Tenant(r.tenant);
  Shard& shard = ShardFor(t, subject_hash);
  if (!lock.owns_lock()) lock = std::unique_lock<std::mutex>(shard.mu);
  std::shared_ptr<const PolicyHolder> policy = PolicyOf(t);
  thread_local std::vector<std::string> dropped;
  dropped.clear();
  DecideAnswer answer;
  std::string body;               // the reservation to write
  bool index_new = false;         // a new message id to put in the index
  SubjectEntry* entry = nullptr;  // stable: entries are never erased
  {
    // One critical section (`lock`, taken above) for the whole decision; the
    // consent step runs inside it (the lock order shard -> consent view is
    // RecordOutcome's too).
    // The subject's memory and the consent view's are asked for in the same
    // steps so their cache misses overlap: both table slots, then the entry
    // and the view's record, then the messages and the view's entries.
    auto find_subject = [&](int step) {
      if (step == 0) {
        if (void* e = shard.by_id.First(subject_hash)) {
          const char* p = static_cast<const char*>(e);
          for (size_t i = 0; i < sizeof(SubjectEntry); i += 64) __builtin_prefetch(p + i);
          __builtin_prefetch(p + sizeof(SubjectEntry) - 1);
        }
        return;
      }
      entry = &shard.Get(r.subject, subject_hash);
      const SubjectState& s = entry->state;
      if (!s.messages.empty()) {
        const char* p = reinterpret_cast<const char*>(s.messages.data());
        const size_t bytes = std::min<size_t>(s.messages.size() * sizeof(Message), 8 * 64);
        for (size_t i = 0; i < bytes; i += 64) __builtin_prefetch(p + i);
      }
      if (!s.channels.empty()) __builtin_prefetch(s.channels.data());
    };
    Decision consent;
    if (r.priority != Priority::kTransactional) {
      auto d = app_->DecideOverlapped(r.tenant, r.subject, *purpose, r.channel, find_subject);
      if (!d.ok()) return d.status();
      consent = std::move(*d);
    } else {
      find_subject(1);
    }
    SubjectState& s = entry->state;
    Prune(s, *policy, now, &dropped);
    std::string reuse_id;
    if (!r.idempotency_key.empty()) {
      for (auto it = s.messages.begin(); it != s.messages.end(); ++it) {
        if (it->idempotency_key != r.idempotency_key) continue;
        if (!it->SameRequest(r)) {
          return Status::Conflict("idempotency key '" + r.idempotency_key +
                                  "' was used for another message (" + it->id + ")");
        }
        if (!it->durable) {
          return Status::Conflict(
              "the first request with this idempotency key is still being "
              "recorded; retry");
        }
        if (it->verdict == Verdict::kDefer && now >= it->not_before) {
          reuse_id = it->id;  // its time has come: decide again under the same id
          s.messages.erase(it);
          break;
        }
        answer = AnswerFrom(*it, true);
        break;
      }
    }
    if (!answer.replayed) {
      ChannelMemory& cm = s.For(r.channel);
      Refresh(s, r.channel, now);
      thread_local std::vector<SlotUse> uses;  // views into s.messages, used under the lock
      Uses(s, now, uses);
      const bool from_profile = s.profile && s.profile->zone != nullptr;
      SendContext ctx;
      ctx.consent = &consent;
      ctx.policy = &policy->policy;
      ctx.zone = from_profile ? s.profile->zone : policy->default_zone;
      ctx.zone_from_profile = from_profile;
      ctx.uses = uses;
      ctx.fatigue = &cm.fatigue;
      SendDecision d = DecideSend(r, ctx);
      const bool send = d.verdict == Verdict::kSend;
      const bool new_id = reuse_id.empty();  // a reused id is in the index already
      answer.message_id = new_id ? NewMessageId() : std::move(reuse_id);
      answer.at = r.at;
      answer.expires_at = send ? std::max(now, r.at) + policy->policy.reservation_ttl_ms : 0;
      if (send || !r.idempotency_key.empty()) {
        // Kept: for caps and outcomes (a send) or for replay (a keyed answer).
        if (s.messages.capacity() == 0) s.messages.reserve(4);
        Message& m = s.messages.emplace_back();
        m.id = answer.message_id;
        m.subject = r.subject;
        m.idempotency_key = r.idempotency_key;
        m.channel = r.channel;
        m.purpose = r.purpose;
        m.category = r.category;
        m.priority = r.priority;
        m.re_permission = d.re_permission;
        m.verdict = d.verdict;
        m.decided_at = now;
        m.at = r.at;
        m.not_before = d.not_before;
        m.expires_at = answer.expires_at;
        m.seq = next_seq_.fetch_add(1);
        m.fatigue_level = d.fatigue_level;
        if (send) {
          m.durable = false;
          if (m.re_permission) cm.fatigue.re_permission_id = m.id;
          if (m.priority == Priority::kMarketing &&
              std::find(cm.purposes.begin(), cm.purposes.end(), m.purpose) == cm.purposes.end() &&
              cm.purposes.size() < kMaxPurposesPerChannel) {
            cm.purposes.push_back(m.purpose);
          }
          body = EncodeMessage(m, d, /*keep_reasons=*/true);
        } else {
          AppendReasonsJson(m.reasons_json, d);
        }
        index_new = new_id;
      }
      answer.decision = std::move(d);
    }
  }
  lock.unlock();
  for (const std::string& id : dropped) UnindexMessage(t, id, entry);
  answer.policy = std::move(policy);
  if (answer.replayed) return answer;
  if (index_new) IndexMessage(t, answer.message_id, entry);
  if (body.empty()) return answer;

  // The reservation is already counted in memory (so concurrent deciders see
  // it); it becomes an answer only once it is durable (FinishReservation).
  pending.tenant = &t;
  pending.shard = &shard;
  pending.entry = entry;
  pending.channel = r.channel;
  pending.record = Record{kMessageKind, r.tenant, answer.message_id, std::move(body)};
  return answer;
}

Result<DecideAnswer> Governor::FinishReservation(const PendingReservation& p, DecideAnswer answer,
                                                 const Status& written) {
  TenantState& t = *p.tenant;
  Shard& shard = *p.shard;
  SubjectEntry* entry = p.entry;
  {
    std::lock_guard lock(shard.mu);
    SubjectState& s = entry->state;
    // Usually the newest message: searched from the back.
    auto it = std::find_if(s.messages.rbegin(), s.messages.rend(),
                           [&](const Message& m) { return m.id == answer.message_id; });
    if (it != s.messages.rend()) {
      if (written.ok()) {
        it->durable = true;
      } else {
        FatigueState& f = s.For(p.channel).fatigue;
        if (f.re_permission_id == it->id) f.re_permission_id.clear();
        s.messages.erase(std::next(it).base());
      }
    }
  }
  if (!written.ok()) {
    UnindexMessage(t, answer.message_id, entry);
    return written;
  }
  return answer;
}

size_t Governor::MessageCount() const {
  std::shared_lock lock(tenants_mu_);
  size_t n = 0;
  for (const auto& [name, t] : tenants_) {
    for (const Shard& s : t->shards) {
      std::lock_guard l(s.mu);
      for (const SubjectEntry& e : s.entries) n += e.state.messages.size();
    }
  }
  return n;
}

}  // namespace tact::governor
