// The governor over a real App: reservations under concurrency, idempotency,
// outcomes and fatigue written to the ledger, profiles, and a restart.
#include "governor/governor.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <future>
#include <thread>

#include "storage/memory/memory_store.h"
#include "storage/sqlite/sqlite_store.h"

namespace tact::governor {
namespace {

using nlohmann::json;

UnixMillis T(const char* s) { return ParseRfc3339(s).value(); }
constexpr int64_t kDay = kMillisPerDay;

class GovernorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/tact_governor_test_XXXXXX";
    dir_ = mkdtemp(tmpl);
  }
  void TearDown() override {
    governor_.reset();
    app_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Opens the App (memory, or SQLite in dir_ so a restart keeps everything) and the governor.
  void Open(bool sqlite = false, bool fresh = true) {
    governor_.reset();
    app_.reset();
    std::unique_ptr<Store> store;
    if (sqlite) {
      auto s = SqliteStore::Open(dir_ + "/tact.db");
      ASSERT_TRUE(s.ok()) << s.error().ToString();
      store = std::move(*s);
    } else {
      store = std::make_unique<MemoryStore>();
    }
    auto app = App::OpenWithStore(std::move(store), &clock_);
    ASSERT_TRUE(app.ok()) << app.error().ToString();
    app_ = std::move(*app);
    if (fresh) SetUpTenant();
    auto g = Governor::Open(app_.get());
    ASSERT_TRUE(g.ok()) << g.error().ToString();
    governor_ = std::move(*g);
  }

  void SetUpTenant() {
    Tenant t;
    t.id = "acme";
    t.name = "Acme";
    ASSERT_TRUE(app_->catalog().CreateTenant(t).ok());
    for (auto [key, basis] : {std::pair{"marketing.email", "consent"},
                              {"marketing.sms", "consent"},
                              {"marketing.offers", "consent"},
                              {"orders", "contract"}}) {
      auto p =
          Purpose::FromJson(json{{"title", {{"en", key}}}, {"legal_basis", basis}}, "acme", key);
      ASSERT_TRUE(p.ok()) << p.error().ToString();
      ASSERT_TRUE(app_->catalog().PutPurpose(*p).ok());
    }
  }

  void Grant(const std::string& subject, const std::string& purpose,
             Channel channel = Channel::kAny, ConsentState state = ConsentState::kGranted) {
    ConsentRequest r;
    r.tenant = "acme";
    r.subject = subject;
    RequestedChoice c;
    c.choice.purpose = purpose;
    c.choice.channel = channel;
    c.choice.state = state;
    r.choices.push_back(c);
    auto e = app_->RecordConsent(r);
    ASSERT_TRUE(e.ok()) << e.error().ToString();
  }

  void SetPolicy(const json& j) {
    auto p = MessagingPolicy::FromJson(j);
    ASSERT_TRUE(p.ok()) << p.error().ToString();
    ASSERT_TRUE(governor_->PutPolicy("acme", *p).ok());
  }

  SendRequest Email(const std::string& subject, const std::string& key = "") {
    SendRequest r;
    r.tenant = "acme";
    r.subject = subject;
    r.channel = Channel::kEmail;
    r.purpose = "marketing.email";
    r.priority = Priority::kMarketing;
    r.idempotency_key = key;
    return r;
  }

  DecideAnswer MustDecide(SendRequest r) {
    auto a = governor_->Decide(std::move(r));
    EXPECT_TRUE(a.ok()) << a.error().ToString();
    return a.ok() ? *a : DecideAnswer{};
  }

  std::vector<ConsentEvent> History(const std::string& subject) {
    auto h = app_->History("acme", subject);
    EXPECT_TRUE(h.ok());
    return h.ok() ? *h : std::vector<ConsentEvent>{};
  }

  std::string dir_;
  FakeClock clock_{T("2026-06-01T10:00:00Z")};
  std::unique_ptr<App> app_;
  std::unique_ptr<Governor> governor_;
};

TEST_F(GovernorTest, SendReservesTheSlotDurably) {
  Open();
  Grant("sub_1", "marketing");
  DecideAnswer a = MustDecide(Email("sub_1", "k1"));
  EXPECT_EQ(a.decision.verdict, Verdict::kSend);
  EXPECT_EQ(a.message_id.rfind("msg_", 0), 0u);
  EXPECT_EQ(a.expires_at, clock_.Now() + 60 * kMillisPerMinute);
  auto rec = app_->store().GetRecord(kMessageKind, "acme", a.message_id);
  ASSERT_TRUE(rec.ok());
  auto m = DecodeMessage(rec->body, a.message_id);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->verdict, Verdict::kSend);
  EXPECT_EQ(m->subject, "sub_1");
  auto explained = governor_->Explain("acme", "sub_1");
  ASSERT_TRUE(explained.ok());
  EXPECT_EQ(explained->reserved, 1);
}

TEST_F(GovernorTest, WithoutConsentNothingIsReservedOrStored) {
  Open();
  DecideAnswer a = MustDecide(Email("sub_none"));
  EXPECT_EQ(a.decision.verdict, Verdict::kSuppress);
  ASSERT_EQ(a.decision.Reasons().size(), 1u);
  EXPECT_EQ(a.decision.Reasons()[0].code, "no_consent");
  EXPECT_FALSE(app_->store().GetRecord(kMessageKind, "acme", a.message_id).ok());
  EXPECT_EQ(governor_->MessageCount(), 0u);
}

TEST_F(GovernorTest, SixtyFourConcurrentDecidersNeverOvershootACap) {
  Open();
  SetPolicy({{"caps",
              {{{"channel", "email"}, {"max", 3}, {"window_days", 7}},
               {{"channel", "*"}, {"max", 5}, {"window_days", 7}}}}});
  Grant("sub_busy", "marketing");
  Grant("sub_other", "marketing");
  for (int round = 0; round < 5; ++round) {
    std::string subject = round == 0 ? "sub_busy" : "sub_busy" + std::to_string(round);
    if (round > 0) Grant(subject, "marketing");
    std::atomic<int> sends{0}, defers{0}, errors{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 64; ++i) {
      threads.emplace_back([&, i] {
        SendRequest r = Email(subject, "key-" + std::to_string(i));
        if (i % 2) {
          r.channel = Channel::kSms;
          r.purpose = "marketing.sms";
        }
        auto a = governor_->Decide(r);
        if (!a.ok()) {
          errors++;
        } else if (a->decision.verdict == Verdict::kSend) {
          sends++;
        } else if (a->decision.verdict == Verdict::kDefer) {
          defers++;
        }
      });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(errors.load(), 0);
    EXPECT_EQ(sends.load(), 5) << "round " << round;  // the across-channel cap
    EXPECT_EQ(defers.load(), 59);
    auto explained = governor_->Explain("acme", subject);
    ASSERT_TRUE(explained.ok());
    EXPECT_EQ(explained->reserved, 5);
    EXPECT_LE(explained->channels[0].caps[0].used, 3);  // email within its own cap
  }
  // Another person is not affected by the busy one.
  EXPECT_EQ(MustDecide(Email("sub_other")).decision.verdict, Verdict::kSend);
}

TEST_F(GovernorTest, AsyncDecidersOnSqliteNeverOvershootAndAnswerOnceDurable) {
  Open(/*sqlite=*/true);
  SetPolicy({{"caps", {{{"channel", "email"}, {"max", 4}, {"window_days", 7}}}}});
  Grant("sub_async", "marketing");
  constexpr int kN = 64;
  std::vector<std::promise<Result<DecideAnswer>>> answers(kN);
  for (int i = 0; i < kN; ++i) {
    governor_->DecideAsync(
        Email("sub_async", "akey-" + std::to_string(i)),
        [&answers, i](Result<DecideAnswer> a) { answers[i].set_value(std::move(a)); });
  }
  int sends = 0, defers = 0;
  for (auto& p : answers) {
    auto a = p.get_future().get();
    ASSERT_TRUE(a.ok()) << a.error().ToString();
    if (a->decision.verdict == Verdict::kSend) {
      ++sends;
      // Answered only once durable: the reservation is in the store.
      EXPECT_TRUE(app_->store().GetRecord(kMessageKind, "acme", a->message_id).ok());
    } else if (a->decision.verdict == Verdict::kDefer) {
      ++defers;
    }
  }
  EXPECT_EQ(sends, 4);
  EXPECT_EQ(defers, kN - 4);
  // The same key again: the same answer (a replay), nothing new written.
  std::promise<Result<DecideAnswer>> again;
  governor_->DecideAsync(Email("sub_async", "akey-0"),
                         [&](Result<DecideAnswer> a) { again.set_value(std::move(a)); });
  auto a = again.get_future().get();
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a->replayed);
}

TEST_F(GovernorTest, SameIdempotencyKeyGivesTheSameAnswer) {
  Open();
  SetPolicy({{"caps", {{{"channel", "email"}, {"max", 1}, {"window_days", 1}}}}});
  Grant("sub_1", "marketing");
  DecideAnswer first = MustDecide(Email("sub_1", "campaign-42"));
  ASSERT_EQ(first.decision.verdict, Verdict::kSend);
  DecideAnswer again = MustDecide(Email("sub_1", "campaign-42"));
  EXPECT_TRUE(again.replayed);
  EXPECT_EQ(again.message_id, first.message_id);
  EXPECT_EQ(again.decision.verdict, Verdict::kSend);
  ASSERT_EQ(again.decision.Reasons().size(), first.decision.Reasons().size());
  EXPECT_EQ(again.decision.Reasons()[1].message, first.decision.Reasons()[1].message);
  EXPECT_EQ(governor_->MessageCount(), 1u);  // one reservation, not two

  // The same key for another message is refused.
  SendRequest other = Email("sub_1", "campaign-42");
  other.purpose = "marketing.offers";
  auto conflict = governor_->Decide(other);
  ASSERT_FALSE(conflict.ok());
  EXPECT_EQ(conflict.error().code(), StatusCode::kConflict);

  // A deferred answer is replayed until its time has come, then decided afresh under the same id.
  DecideAnswer deferred = MustDecide(Email("sub_1", "campaign-43"));
  ASSERT_EQ(deferred.decision.verdict, Verdict::kDefer);
  EXPECT_EQ(deferred.decision.not_before, clock_.Now() + kDay);
  clock_.Advance(kDay / 2);
  DecideAnswer still = MustDecide(Email("sub_1", "campaign-43"));
  EXPECT_TRUE(still.replayed);
  EXPECT_EQ(still.decision.verdict, Verdict::kDefer);
  clock_.Set(deferred.decision.not_before);
  DecideAnswer now = MustDecide(Email("sub_1", "campaign-43"));
  EXPECT_FALSE(now.replayed);
  EXPECT_EQ(now.message_id, deferred.message_id);
  EXPECT_EQ(now.decision.verdict, Verdict::kSend);

  // Keys are remembered for 24 hours: after that the key asks afresh.
  clock_.Advance(25 * kMillisPerHour);
  DecideAnswer later = MustDecide(Email("sub_1", "campaign-42"));
  EXPECT_FALSE(later.replayed);
  EXPECT_NE(later.message_id, first.message_id);
}

// The message index (message id -> subject) across many subjects and shards:
// every send takes its outcome, a message decided again under its id is found
// once, and pruned messages are gone from the index.
TEST_F(GovernorTest, OutcomesFindTheirMessageAmongManySubjects) {
  Open();
  std::vector<std::string> ids;
  for (int i = 0; i < 600; ++i) {
    std::string subject = "sub_" + std::to_string(i);
    Grant(subject, "marketing");
    DecideAnswer a = MustDecide(Email(subject));
    ASSERT_EQ(a.decision.verdict, Verdict::kSend);
    ids.push_back(a.message_id);
  }
  for (const std::string& id : ids) {
    auto o = governor_->RecordOutcome("acme", id, Outcome::kDelivered);
    ASSERT_TRUE(o.ok()) << id << ": " << o.error().ToString();
    EXPECT_TRUE(o->recorded);
  }
  auto unknown = governor_->RecordOutcome("acme", ids[0] + "x", Outcome::kDelivered);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code(), StatusCode::kNotFound);

  // A deferred keyed answer decided again under its id: one message, found once.
  SetPolicy({{"caps", {{{"channel", "email"}, {"max", 1}, {"window_days", 1}}}}});
  DecideAnswer deferred = MustDecide(Email("sub_0", "late"));
  ASSERT_EQ(deferred.decision.verdict, Verdict::kDefer);
  clock_.Set(deferred.decision.not_before);
  DecideAnswer sent = MustDecide(Email("sub_0", "late"));
  ASSERT_EQ(sent.decision.verdict, Verdict::kSend);
  EXPECT_EQ(sent.message_id, deferred.message_id);
  auto o = governor_->RecordOutcome("acme", sent.message_id, Outcome::kOpened);
  ASSERT_TRUE(o.ok()) << o.error().ToString();

  // Past the retention a decision prunes the subject's old messages and their ids.
  clock_.Advance(40 * kDay);
  MustDecide(Email("sub_1"));
  auto gone = governor_->RecordOutcome("acme", ids[1], Outcome::kClicked);
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code(), StatusCode::kNotFound);
  auto kept = governor_->RecordOutcome("acme", ids[2], Outcome::kClicked);  // not pruned yet
  EXPECT_TRUE(kept.ok());
}

// Past the idempotency window the governor forgets a send's reasons and key
// in memory (Prune), but an outcome reported later must not rewrite the
// stored record without them.
TEST_F(GovernorTest, ALateOutcomeKeepsTheStoredReasonsAndKey) {
  Open();
  Grant("sub_1", "marketing");
  DecideAnswer a = MustDecide(Email("sub_1", "campaign-7"));
  ASSERT_EQ(a.decision.verdict, Verdict::kSend);
  auto before = app_->store().GetRecord(kMessageKind, "acme", a.message_id);
  ASSERT_TRUE(before.ok());
  auto stored = DecodeMessage(before->body, a.message_id);
  ASSERT_TRUE(stored.ok());
  ASSERT_FALSE(stored->Reasons().empty());
  ASSERT_EQ(stored->idempotency_key, "campaign-7");

  clock_.Advance(2 * kDay);    // past the 24 h window, inside the retention
  MustDecide(Email("sub_1"));  // a decision prunes the subject's messages
  auto o = governor_->RecordOutcome("acme", a.message_id, Outcome::kOpened);
  ASSERT_TRUE(o.ok()) << o.error().ToString();
  EXPECT_TRUE(o->recorded);

  auto after = app_->store().GetRecord(kMessageKind, "acme", a.message_id);
  ASSERT_TRUE(after.ok());
  auto rewritten = DecodeMessage(after->body, a.message_id);
  ASSERT_TRUE(rewritten.ok());
  EXPECT_EQ(rewritten->Reasons().size(), stored->Reasons().size());
  EXPECT_EQ(rewritten->reasons_json, stored->reasons_json);
  EXPECT_EQ(rewritten->idempotency_key, "campaign-7");
  EXPECT_TRUE(rewritten->HasOutcome(Outcome::kOpened));
}

TEST_F(GovernorTest, UnconfirmedReservationsLapseAndBouncesFreeTheSlot) {
  Open();
  SetPolicy({{"caps", {{{"channel", "email"}, {"max", 1}, {"window_days", 7}}}},
             {"reservation_ttl_minutes", 30}});
  Grant("sub_1", "marketing");
  DecideAnswer a = MustDecide(Email("sub_1"));
  ASSERT_EQ(a.decision.verdict, Verdict::kSend);
  EXPECT_EQ(MustDecide(Email("sub_1")).decision.verdict, Verdict::kDefer);
  clock_.Advance(30 * kMillisPerMinute);  // never confirmed: the slot is free again
  DecideAnswer b = MustDecide(Email("sub_1"));
  ASSERT_EQ(b.decision.verdict, Verdict::kSend);
  // Confirmed by `delivered`, the slot stays taken past the TTL.
  ASSERT_TRUE(governor_->RecordOutcome("acme", b.message_id, Outcome::kDelivered).ok());
  clock_.Advance(2 * kMillisPerHour);
  EXPECT_EQ(MustDecide(Email("sub_1")).decision.verdict, Verdict::kDefer);
  // A bounce says it never arrived: the slot is free.
  DecideAnswer c = MustDecide(Email("sub_2"));
  Grant("sub_2", "marketing");
  c = MustDecide(Email("sub_2"));
  ASSERT_EQ(c.decision.verdict, Verdict::kSend);
  ASSERT_TRUE(governor_->RecordOutcome("acme", c.message_id, Outcome::kBounced).ok());
  EXPECT_EQ(MustDecide(Email("sub_2")).decision.verdict, Verdict::kSend);
  // Contradicting outcomes are refused.
  auto late = governor_->RecordOutcome("acme", c.message_id, Outcome::kOpened);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().code(), StatusCode::kConflict);
}

TEST_F(GovernorTest, OutcomeErrorsAndRepeats) {
  Open();
  Grant("sub_1", "marketing");
  auto unknown = governor_->RecordOutcome("acme", "msg_nope", Outcome::kOpened);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code(), StatusCode::kNotFound);
  SetPolicy({{"quiet_hours", {{"start", "00:00"}, {"end", "23:59"}}}});
  DecideAnswer deferred = MustDecide(Email("sub_1", "night"));
  ASSERT_EQ(deferred.decision.verdict, Verdict::kDefer);
  auto conflict = governor_->RecordOutcome("acme", deferred.message_id, Outcome::kDelivered);
  ASSERT_FALSE(conflict.ok());
  EXPECT_EQ(conflict.error().code(), StatusCode::kConflict);
  SetPolicy(json::object());
  DecideAnswer sent = MustDecide(Email("sub_1"));
  auto first = governor_->RecordOutcome("acme", sent.message_id, Outcome::kOpened);
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(first->recorded);
  auto repeat = governor_->RecordOutcome("acme", sent.message_id, Outcome::kOpened);
  ASSERT_TRUE(repeat.ok());
  EXPECT_FALSE(repeat->recorded);
  // Another tenant cannot see the message.
  EXPECT_FALSE(governor_->RecordOutcome("other", sent.message_id, Outcome::kOpened).ok());
}

TEST_F(GovernorTest, FatigueSlowsThenAsksThenPausesInTheLedgerAndThePersonResumes) {
  Open();
  SetPolicy({{"fatigue", {{"after_ignored", 2}, {"steps_days", {2}}, {"re_permission", true}}}});
  Grant("sub_1", "marketing");
  auto send_and_ignore = [&](bool re_permission = false) {
    SendRequest r = Email("sub_1");
    r.re_permission = re_permission;
    DecideAnswer a = MustDecide(r);
    EXPECT_EQ(a.decision.verdict, Verdict::kSend) << a.decision.Reasons().back().message;
    auto o = governor_->RecordOutcome("acme", a.message_id, Outcome::kIgnored);
    EXPECT_TRUE(o.ok());
    return o.ok() ? *o : OutcomeAnswer{};
  };
  EXPECT_EQ(send_and_ignore().level.level, 0);
  EXPECT_EQ(send_and_ignore().level.level, 1);  // K = 2 reached: one every 2 days
  DecideAnswer slowed = MustDecide(Email("sub_1"));
  EXPECT_EQ(slowed.decision.verdict, Verdict::kDefer);
  EXPECT_EQ(slowed.decision.Reasons().back().code, "fatigue_backoff");
  EXPECT_EQ(slowed.decision.not_before, clock_.Now() + 2 * kDay);
  clock_.Advance(2 * kDay);
  OutcomeAnswer o = send_and_ignore();
  EXPECT_EQ(o.level.stage, FatigueStage::kRePermissionDue);
  clock_.Advance(2 * kDay);
  DecideAnswer campaign = MustDecide(Email("sub_1"));
  EXPECT_EQ(campaign.decision.verdict, Verdict::kSuppress);
  EXPECT_EQ(campaign.decision.Reasons().back().code, "re_permission_due");

  // The one re-permission message, ignored: marketing by email is paused in the ledger.
  size_t events_before = History("sub_1").size();
  o = send_and_ignore(/*re_permission=*/true);
  EXPECT_TRUE(o.paused);
  std::vector<ConsentEvent> history = History("sub_1");
  ASSERT_EQ(history.size(), events_before + 1);
  const ConsentEvent& pause = history.back();
  EXPECT_EQ(pause.source, Source::kSystem);
  ASSERT_EQ(pause.choices.size(), 1u);
  EXPECT_EQ(pause.choices[0].purpose, "marketing.email");
  EXPECT_EQ(pause.choices[0].channel, Channel::kEmail);
  EXPECT_EQ(pause.choices[0].state, ConsentState::kPaused);
  EXPECT_EQ(pause.choices[0].rule, Rule::kFatigue);
  clock_.Advance(30 * kDay);
  DecideAnswer paused = MustDecide(Email("sub_1"));
  EXPECT_EQ(paused.decision.verdict, Verdict::kSuppress);
  EXPECT_EQ(paused.decision.Reasons()[0].code, "paused");
  auto explained = governor_->Explain("acme", "sub_1");
  ASSERT_TRUE(explained.ok());
  EXPECT_EQ(explained->channels[0].paused_purposes, std::vector<std::string>{"marketing.email"});
  // SMS was never paused.
  SendRequest sms = Email("sub_1");
  sms.channel = Channel::kSms;
  sms.purpose = "marketing.sms";
  EXPECT_EQ(MustDecide(sms).decision.verdict, Verdict::kSend);

  // The person resumes: a new choice on the paused purpose and channel, and the normal rhythm.
  Grant("sub_1", "marketing.email", Channel::kEmail);
  DecideAnswer resumed = MustDecide(Email("sub_1"));
  EXPECT_EQ(resumed.decision.verdict, Verdict::kSend);
  EXPECT_EQ(resumed.decision.Reasons().back().code, "engaged");
}

TEST_F(GovernorTest, AnyReactionRestoresTheNormalRhythm) {
  Open();
  SetPolicy({{"fatigue", {{"after_ignored", 1}, {"steps_days", {5, 10}}}}});
  Grant("sub_1", "marketing");
  DecideAnswer a = MustDecide(Email("sub_1"));
  ASSERT_TRUE(governor_->RecordOutcome("acme", a.message_id, Outcome::kIgnored).ok());
  EXPECT_EQ(MustDecide(Email("sub_1")).decision.verdict, Verdict::kDefer);
  auto o = governor_->RecordOutcome("acme", a.message_id, Outcome::kClicked);  // a late click
  ASSERT_TRUE(o.ok());
  EXPECT_TRUE(o->restored);
  EXPECT_EQ(o->level.level, 0);
  EXPECT_EQ(MustDecide(Email("sub_1")).decision.verdict, Verdict::kSend);
}

TEST_F(GovernorTest, UnsubscribeAndComplaintWithdrawAtOnce) {
  Open();
  Grant("sub_1", "marketing");
  Grant("sub_2", "marketing");
  for (auto [subject, outcome] :
       {std::pair{"sub_1", Outcome::kUnsubscribed}, {"sub_2", Outcome::kComplained}}) {
    DecideAnswer a = MustDecide(Email(subject));
    auto o = governor_->RecordOutcome("acme", a.message_id, outcome);
    ASSERT_TRUE(o.ok());
    EXPECT_TRUE(o->withdrawn);
    const ConsentEvent e = History(subject).back();  // a copy: History returns by value
    EXPECT_EQ(e.source, Source::kSystem);
    EXPECT_EQ(e.choices[0].state, ConsentState::kWithdrawn);
    EXPECT_EQ(e.choices[0].channel, Channel::kEmail);
    DecideAnswer next = MustDecide(Email(subject));
    EXPECT_EQ(next.decision.verdict, Verdict::kSuppress);
    EXPECT_EQ(next.decision.Reasons()[0].code, "withdrawn");
  }
}

TEST_F(GovernorTest, QuietHoursFollowThePersonsOwnZone) {
  Open();
  SetPolicy({{"quiet_hours", {{"start", "21:00"}, {"end", "08:00"}}},
             {"default_time_zone", "Europe/Paris"}});
  Grant("sub_tokyo", "marketing");
  Grant("sub_paris", "marketing");
  auto profile = SubjectProfile::FromJson(json{{"time_zone", "Asia/Tokyo"}, {"locale", "ja"}});
  ASSERT_TRUE(profile.ok());
  ASSERT_TRUE(governor_->PutProfile("acme", "sub_tokyo", *profile).ok());
  clock_.Set(T("2026-06-01T13:00:00Z"));  // 22:00 in Tokyo, 15:00 in Paris
  DecideAnswer tokyo = MustDecide(Email("sub_tokyo"));
  EXPECT_EQ(tokyo.decision.verdict, Verdict::kDefer);
  EXPECT_EQ(FormatRfc3339(tokyo.decision.not_before), "2026-06-01T23:00:00Z");
  EXPECT_EQ(tokyo.decision.Reasons()[2].message,
            "it is 22:00 on 2026-06-01 in Asia/Tokyo, inside the person's quiet hours "
            "21:00-08:00; they end at 2026-06-01T23:00:00Z");
  DecideAnswer paris = MustDecide(Email("sub_paris"));
  EXPECT_EQ(paris.decision.verdict, Verdict::kSend);
  EXPECT_NE(paris.decision.Reasons()[2].message.find("(the policy's default zone)"),
            std::string::npos);
  // Transactional messages go at any hour, without consent.
  SendRequest receipt = Email("sub_tokyo");
  receipt.purpose = "orders";
  receipt.priority = Priority::kTransactional;
  EXPECT_EQ(MustDecide(receipt).decision.verdict, Verdict::kSend);
}

TEST_F(GovernorTest, BadRequestsAreRefusedAndChangeNothing) {
  Open();
  Grant("sub_1", "marketing");
  SendRequest r = Email("sub_1");
  r.purpose = "marketing.nope";
  EXPECT_EQ(governor_->Decide(r).error().code(), StatusCode::kInvalidArgument);
  r = Email("sub_1");
  r.priority = Priority::kTransactional;  // marketing.email rests on consent
  auto transactional = governor_->Decide(r);
  ASSERT_FALSE(transactional.ok());
  EXPECT_NE(transactional.error().message().find("contract or legal_obligation"),
            std::string::npos);
  r = Email("sub_1");
  r.channel = Channel::kWeb;
  EXPECT_EQ(governor_->Decide(r).error().code(), StatusCode::kInvalidArgument);
  r = Email("bad subject");
  EXPECT_EQ(governor_->Decide(r).error().code(), StatusCode::kInvalidArgument);
  r = Email("sub_1");
  r.at = clock_.Now() - 2 * kMillisPerHour;
  EXPECT_EQ(governor_->Decide(r).error().code(), StatusCode::kInvalidArgument);
  r = Email("sub_1");
  r.tenant = "nobody";
  EXPECT_EQ(governor_->Decide(r).error().code(), StatusCode::kNotFound);
  EXPECT_EQ(governor_->MessageCount(), 0u);
  auto records = app_->store().ListRecords(kMessageKind);
  ASSERT_TRUE(records.ok());
  EXPECT_TRUE(records->empty());
}

TEST_F(GovernorTest, RestartRebuildsReservationsFatigueProfilesAndReplays) {
  Open(/*sqlite=*/true);
  SetPolicy({{"caps", {{{"channel", "email"}, {"max", 2}, {"window_days", 7}}}},
             {"fatigue", {{"after_ignored", 2}, {"steps_days", {3}}}}});
  Grant("sub_1", "marketing");
  auto profile = SubjectProfile::FromJson(json{{"time_zone", "America/New_York"}});
  ASSERT_TRUE(governor_->PutProfile("acme", "sub_1", *profile).ok());
  DecideAnswer a = MustDecide(Email("sub_1", "k-a"));
  DecideAnswer b = MustDecide(Email("sub_1", "k-b"));
  ASSERT_EQ(b.decision.verdict, Verdict::kSend);
  ASSERT_TRUE(governor_->RecordOutcome("acme", a.message_id, Outcome::kIgnored).ok());
  ASSERT_TRUE(governor_->RecordOutcome("acme", b.message_id, Outcome::kIgnored).ok());

  Open(/*sqlite=*/true, /*fresh=*/false);
  EXPECT_EQ(governor_->Policy("acme").caps.size(), 1u);
  ASSERT_TRUE(governor_->Profile("acme", "sub_1").has_value());
  EXPECT_EQ(governor_->Profile("acme", "sub_1")->time_zone, "America/New_York");
  auto explained = governor_->Explain("acme", "sub_1");
  ASSERT_TRUE(explained.ok());
  EXPECT_EQ(explained->time_zone, "America/New_York");
  EXPECT_EQ(explained->channels[0].caps[0].used, 2);
  EXPECT_EQ(explained->channels[0].fatigue.ignored_streak, 2);
  EXPECT_EQ(explained->channels[0].level.level, 1);
  EXPECT_EQ(explained->channels[0].fatigue.ignored_ids,
            (std::vector<std::string>{a.message_id, b.message_id}));
  // The cap still holds, and the same key replays the stored answer.
  EXPECT_EQ(MustDecide(Email("sub_1", "k-c")).decision.verdict, Verdict::kDefer);
  DecideAnswer replay = MustDecide(Email("sub_1", "k-a"));
  EXPECT_TRUE(replay.replayed);
  EXPECT_EQ(replay.message_id, a.message_id);
  // Outcomes keep working on messages from before the restart.
  auto o = governor_->RecordOutcome("acme", b.message_id, Outcome::kOpened);
  ASSERT_TRUE(o.ok());
  EXPECT_TRUE(o->restored);
}

TEST_F(GovernorTest, OldMessagesAreDroppedAtStart) {
  Open(/*sqlite=*/true);
  Grant("sub_1", "marketing");
  DecideAnswer a = MustDecide(Email("sub_1"));
  clock_.Advance(31 * kDay);
  Open(/*sqlite=*/true, /*fresh=*/false);
  EXPECT_EQ(governor_->MessageCount(), 0u);
  EXPECT_FALSE(app_->store().GetRecord(kMessageKind, "acme", a.message_id).ok());
}

}  // namespace
}  // namespace tact::governor
