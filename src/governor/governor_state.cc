// Governor: outcomes, the explanation of a subject's state, and loading.
#include <algorithm>
#include <map>
#include <tuple>

#include "governor/governor.h"
#include "governor/time_zones.h"
#include "tact/ids.h"

namespace tact::governor {
namespace {

constexpr std::array<Channel, 6> kMessageChannels{Channel::kEmail, Channel::kSms,  Channel::kPush,
                                                  Channel::kPhone, Channel::kPost, Channel::kInApp};

// Is the purpose currently allowed for the subject on the channel, and does
// its legal basis make a person's refusal meaningful?
bool Refusable(App& app, std::string_view tenant, std::string_view subject,
               const std::string& purpose, Channel channel) {
  auto p = app.catalog().GetPurpose(tenant, purpose);
  if (!p || p->legal_basis == LegalBasis::kContract ||
      p->legal_basis == LegalBasis::kLegalObligation) {
    return false;
  }
  DecideRequest dr;
  dr.tenant = std::string(tenant);
  dr.subject = std::string(subject);
  dr.purpose = purpose;
  dr.channel = channel;
  auto d = app.Decide(dr);
  return d.ok() && d->allowed;
}

}  // namespace

Result<OutcomeAnswer> Governor::RecordOutcome(std::string_view tenant, std::string_view message_id,
                                              Outcome outcome) {
  auto not_found = Status::NotFound("no message '" + std::string(message_id.substr(0, 64)) + "'");
  if (message_id.empty() || message_id.size() > 64) return not_found;
  if (FindTenant(tenant) == nullptr) return not_found;
  TenantState& t = Tenant(tenant);
  // The subjects whose messages may have this id (one, unless hashes collide).
  std::vector<SubjectEntry*> candidates;
  {
    const uint64_t h = HashKey(message_id);
    IndexShard& ix = IndexFor(t, h);
    std::lock_guard lock(ix.mu);
    ix.subject_of.Find(h, [&](void* e) {
      candidates.push_back(static_cast<SubjectEntry*>(e));
      return false;
    });
  }
  std::shared_ptr<const PolicyHolder> policy = PolicyOf(t);
  for (SubjectEntry* e : candidates) {
    Shard& shard = ShardFor(t, HashKey(e->id));  // the id never changes
    std::lock_guard lock(shard.mu);
    Message* m = FindMessage(e->state, message_id);
    if (m == nullptr) continue;
    return OutcomeLocked(tenant, e->state, m, *policy, outcome);
  }
  return not_found;
}

Result<OutcomeAnswer> Governor::OutcomeLocked(std::string_view tenant, SubjectState& s, Message* m,
                                              const PolicyHolder& policy, Outcome outcome) {
  if (m->verdict != Verdict::kSend) {
    return Status::Conflict("message " + m->id + " was answered '" +
                            std::string(ToString(m->verdict)) +
                            "'; only messages answered 'send' have outcomes");
  }
  if (!m->durable) return Status::Conflict("message " + m->id + " is still being recorded; retry");
  return ApplyOutcomeLocked(tenant, s, *m, policy, outcome, app_->clock().Now());
}

// The record to store for `m` after an outcome. Past the idempotency window
// Prune has dropped the reasons and the key from memory; they are taken back
// from the stored record, which keeps them for good.
std::string Governor::StoredBody(std::string_view tenant, const Message& m) const {
  if (!m.reasons_json.empty()) return EncodeMessage(m);
  auto record = app_->store().GetRecord(kMessageKind, tenant, m.id);
  if (!record.ok()) return EncodeMessage(m);
  auto stored = DecodeMessage(record->body, m.id);
  if (!stored.ok()) return EncodeMessage(m);
  Message full = m;
  full.reasons_json = std::move(stored->reasons_json);
  full.idempotency_key = std::move(stored->idempotency_key);
  return EncodeMessage(full);
}

Result<OutcomeAnswer> Governor::ApplyOutcomeLocked(std::string_view tenant, SubjectState& s,
                                                   Message& m, const PolicyHolder& p,
                                                   Outcome outcome, UnixMillis now) {
  OutcomeAnswer a;
  a.message_id = m.id;
  a.outcome = outcome;
  ChannelMemory& cm = s.For(m.channel);
  if (m.HasOutcome(outcome)) {
    a.recorded = false;
    a.level = LevelOf(cm.fatigue, p.policy.fatigue);
    return a;
  }
  if (outcome == Outcome::kBounced && m.Confirmed()) {
    return Status::Conflict("message " + m.id + " already has an outcome that says it arrived");
  }
  if (outcome != Outcome::kBounced && m.Bounced()) {
    return Status::Conflict("message " + m.id + " bounced; it cannot have another outcome");
  }
  const FatigueState before = cm.fatigue;
  m.AddOutcome({outcome, now, next_seq_.fetch_add(1)});
  auto revert = [&] {
    m.RemoveLastOutcome();
    cm.fatigue = before;
  };
  FatigueChange change = ApplyOutcome(cm.fatigue, p.policy.fatigue, outcome, m.id,
                                      m.priority == Priority::kMarketing, m.re_permission, now);
  // The ledger first: an objection or a pause must hold even if what follows fails.
  if (IsObjection(outcome) && Refusable(*app_, tenant, m.subject, m.purpose, m.channel)) {
    auto e = app_->RecordSystemConsent(
        std::string(tenant), m.subject,
        {Choice{m.purpose, m.channel, "", Party::kAny, ConsentState::kWithdrawn, Rule::kExplicit}});
    if (!e.ok()) {
      revert();
      return e.status();
    }
    a.withdrawn = true;
  }
  if (change.pause) {
    Status paused = PauseChannel(tenant, m.subject, m.channel, cm.purposes);
    if (!paused.ok()) {
      revert();
      return paused;
    }
    a.paused = true;
  }
  Status written =
      app_->store().PutRecord({kMessageKind, std::string(tenant), m.id, StoredBody(tenant, m)});
  if (!written.ok()) {
    revert();
    return written;
  }
  a.level = LevelOf(cm.fatigue, p.policy.fatigue);
  a.restored = change.restored;
  return a;
}

Status Governor::PauseChannel(std::string_view tenant, std::string_view subject, Channel channel,
                              const std::vector<std::string>& purposes) {
  std::vector<Choice> choices;
  for (const std::string& purpose : purposes) {
    if (!Refusable(*app_, tenant, subject, purpose, channel)) continue;
    choices.push_back({purpose, channel, "", Party::kAny, ConsentState::kPaused, Rule::kFatigue});
  }
  if (choices.empty()) return Status::Ok();
  auto e = app_->RecordSystemConsent(std::string(tenant), std::string(subject), std::move(choices));
  return e.status();
}

Result<SubjectMessaging> Governor::Explain(std::string_view tenant,
                                           std::string_view subject) const {
  if (!app_->catalog().GetTenant(tenant)) return Status::NotFound("no tenant");
  if (!IsValidSubjectId(subject)) return Status::InvalidArgument("invalid subject id");
  const UnixMillis now = app_->clock().Now();
  SubjectMessaging out;
  out.subject = std::string(subject);
  const TenantState* t = FindTenant(tenant);
  std::shared_ptr<const PolicyHolder> policy =
      t ? PolicyOf(*t) : MakePolicy(MessagingPolicy::Default());
  SubjectState copy;
  if (t != nullptr) {
    const uint64_t h = HashKey(subject);
    const Shard& shard = t->shards[h % kShards];
    std::lock_guard lock(shard.mu);
    if (const SubjectEntry* e = shard.Find(subject, h)) copy = e->state;
  }
  out.profile = copy.profile;
  const bool from_profile = copy.profile && copy.profile->zone != nullptr;
  const date::time_zone* zone = from_profile ? copy.profile->zone : policy->default_zone;
  out.time_zone = from_profile ? copy.profile->time_zone : policy->policy.default_time_zone;
  for (const Message& m : copy.messages) {
    if (m.verdict == Verdict::kSend && !m.Confirmed() && m.HoldsSlot(now)) ++out.reserved;
  }
  std::vector<CurrentConsent> consents = app_->Consents(tenant, subject);
  std::vector<SlotUse> uses;
  Uses(copy, now, uses);
  for (Channel channel : kMessageChannels) {
    Refresh(copy, channel, now);
    ChannelMessaging c;
    c.channel = channel;
    c.caps = CheckCaps(policy->policy.caps, uses, channel, "", now).usage;
    c.fatigue = copy.For(channel).fatigue;
    c.level = LevelOf(c.fatigue, policy->policy.fatigue);
    for (const CurrentConsent& cc : consents) {
      if (cc.channel == channel && cc.state == ConsentState::kPaused && cc.rule == Rule::kFatigue) {
        c.paused_purposes.push_back(cc.purpose);
      }
    }
    SendRequest probe;
    probe.tenant = std::string(tenant);
    probe.subject = std::string(subject);
    probe.channel = channel;
    probe.purpose = "marketing";
    probe.at = now;
    // Rules 2-4 only: consent is assumed here (and its reason dropped below).
    Decision assume_consent{true, {}};
    SendContext ctx;
    ctx.consent = &assume_consent;
    ctx.policy = &policy->policy;
    ctx.zone = zone;
    ctx.zone_from_profile = from_profile;
    ctx.uses = uses;
    ctx.fatigue = &c.fatigue;
    SendDecision d = DecideSend(probe, ctx);
    if (d.verdict == Verdict::kSend) c.next_allowed = now;
    if (d.verdict == Verdict::kDefer) c.next_allowed = d.not_before;
    c.reasons = d.Reasons();
    out.channels.push_back(std::move(c));
  }
  return out;
}

Status Governor::Load() {
  Store& store = app_->store();
  auto policies = store.ListRecords(kPolicyKind);
  if (!policies.ok()) return policies.status();
  for (const Record& rec : *policies) {
    auto j = json::Json::parse(rec.body, nullptr, false);
    auto p = MessagingPolicy::FromJson(j);
    if (!p.ok()) return Status::Corruption("stored messaging policy: " + p.error().message());
    Tenant(rec.tenant).policy = MakePolicy(std::move(*p));
  }
  auto profiles = store.ListRecords(kProfileKind);
  if (!profiles.ok()) return profiles.status();
  for (const Record& rec : *profiles) {
    auto j = json::Json::parse(rec.body, nullptr, false);
    auto p = SubjectProfile::FromJson(j);
    if (!p.ok()) return Status::Corruption("stored subject profile: " + p.error().message());
    TenantState& t = Tenant(rec.tenant);
    const uint64_t h = HashKey(rec.id);
    ShardFor(t, h).Get(rec.id, h).state.profile = std::move(*p);
  }
  auto messages = store.ListRecords(kMessageKind);
  if (!messages.ok()) return messages.status();
  const UnixMillis now = app_->clock().Now();
  uint64_t max_seq = 0;
  std::vector<Record> stale;
  // (tenant, subject) -> messages; replayed per subject in seq order below.
  std::map<std::pair<std::string, std::string>, std::vector<Message>> grouped;
  for (Record& rec : *messages) {
    auto m = DecodeMessage(rec.body, rec.id);
    if (!m.ok()) return m.status();
    TenantState& t = Tenant(rec.tenant);
    if (m->decided_at < now - PolicyOf(t)->retention_ms) {
      stale.push_back(std::move(rec));
      continue;
    }
    max_seq = std::max(max_seq, m->seq);
    for (const OutcomeEntry& o : m->outcomes) max_seq = std::max(max_seq, o.seq);
    grouped[{rec.tenant, m->subject}].push_back(std::move(*m));
  }
  for (auto& [key, list] : grouped) {
    TenantState& t = Tenant(key.first);
    auto policy = PolicyOf(t);
    std::sort(list.begin(), list.end(),
              [](const Message& a, const Message& b) { return a.seq < b.seq; });
    // Decisions and outcomes in the order they happened.
    std::vector<std::tuple<uint64_t, size_t, int>> events;  // seq, message, outcome (-1: send)
    for (size_t i = 0; i < list.size(); ++i) {
      events.emplace_back(list[i].seq, i, -1);
      for (size_t k = 0; k < list[i].outcomes.size(); ++k) {
        events.emplace_back(list[i].outcomes[k].seq, i, static_cast<int>(k));
      }
    }
    std::sort(events.begin(), events.end());
    const uint64_t h = HashKey(key.second);
    SubjectEntry& entry = ShardFor(t, h).Get(key.second, h);
    SubjectState& s = entry.state;
    for (const auto& [seq, i, k] : events) {
      const Message& m = list[i];
      ChannelMemory& cm = s.For(m.channel);
      if (k < 0) {
        if (m.re_permission) cm.fatigue.re_permission_id = m.id;
        if (m.priority == Priority::kMarketing &&
            std::find(cm.purposes.begin(), cm.purposes.end(), m.purpose) == cm.purposes.end()) {
          cm.purposes.push_back(m.purpose);
        }
        continue;
      }
      const OutcomeEntry& o = m.outcomes[static_cast<size_t>(k)];
      ApplyOutcome(cm.fatigue, policy->policy.fatigue, o.outcome, m.id,
                   m.priority == Priority::kMarketing, m.re_permission, o.at);
    }
    for (Message& m : list) {
      const uint64_t mh = HashKey(m.id);
      IndexFor(t, mh).subject_of.Insert(mh, &entry);
      s.messages.push_back(std::move(m));
    }
  }
  next_seq_ = max_seq + 1;
  for (const Record& rec : stale) {
    TACT_RETURN_IF_ERROR(store.DeleteRecord(kMessageKind, rec.tenant, rec.id));
  }
  return Status::Ok();
}

}  // namespace tact::governor
