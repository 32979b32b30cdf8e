// CES and effort: validation, summaries by touchpoint and week, durability.
#include "feedback/ces.h"

#include <gtest/gtest.h>

#include "feedback/feedback_service.h"
#include "storage/memory/memory_store.h"

namespace tact::feedback {
namespace {

using nlohmann::json;

UnixMillis T(const char* s) { return ParseRfc3339(s).value(); }

CesResponse Ces(const char* tp, int score, const char* at) {
  CesResponse r;
  r.touchpoint = tp;
  r.score = score;
  r.at = T(at);
  return r;
}

TEST(CesTest, ValidatesTheBody) {
  auto ok = CesResponse::FromJson(json{{"touchpoint", "consent.withdraw"}, {"score", 6}});
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->score, 6);
  for (const json& bad :
       {json{{"touchpoint", "consent.withdraw"}, {"score", 8}},
        json{{"touchpoint", "consent.withdraw"}, {"score", 0}},
        json{{"touchpoint", "consent.withdraw"}},
        json{{"touchpoint", "Consent Withdraw"}, {"score", 3}}, json{{"score", 3}},
        json{{"touchpoint", "banner"}, {"score", "7"}},
        json{{"touchpoint", "banner"}, {"score", 7}, {"email", "a@b.c"}},
        json{{"touchpoint", "banner"}, {"score", 7}, {"subject", "bad subject"}}}) {
    auto r = CesResponse::FromJson(bad);
    ASSERT_FALSE(r.ok()) << bad.dump();
    EXPECT_EQ(r.error().code(), StatusCode::kInvalidArgument);
  }
}

TEST(CesTest, WeekStartIsMondayUtc) {
  EXPECT_EQ(FormatRfc3339(WeekStart(T("2026-06-03T15:00:00Z"))), "2026-06-01T00:00:00Z");  // Wed
  EXPECT_EQ(FormatRfc3339(WeekStart(T("2026-06-01T00:00:00Z"))), "2026-06-01T00:00:00Z");  // Mon
  EXPECT_EQ(FormatRfc3339(WeekStart(T("2026-05-31T23:59:59Z"))), "2026-05-25T00:00:00Z");  // Sun
}

TEST(CesTest, SummaryByTouchpointWithDistributionEasyShareAndWeeklyTrend) {
  std::vector<CesResponse> rs{Ces("consent.withdraw", 7, "2026-06-01T10:00:00Z"),
                              Ces("consent.withdraw", 5, "2026-06-02T10:00:00Z"),
                              Ces("consent.withdraw", 2, "2026-06-09T10:00:00Z"),
                              Ces("consent.withdraw", 6, "2026-06-10T10:00:00Z"),
                              Ces("banner", 4, "2026-06-02T10:00:00Z"),
                              Ces("banner", 7, "2026-07-30T10:00:00Z")};  // outside the period
  auto all = SummarizeCes(rs, "", T("2026-06-01T00:00:00Z"), T("2026-07-01T00:00:00Z"));
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].touchpoint, "banner");
  EXPECT_EQ(all[0].responses, 1);
  EXPECT_DOUBLE_EQ(all[0].easy_share, 0.0);
  const CesSummary& w = all[1];
  EXPECT_EQ(w.touchpoint, "consent.withdraw");
  EXPECT_EQ(w.responses, 4);
  EXPECT_DOUBLE_EQ(w.mean, 5.0);
  EXPECT_EQ(w.distribution, (std::array<int, 7>{0, 1, 0, 0, 1, 1, 1}));
  EXPECT_DOUBLE_EQ(w.easy_share, 0.75);
  ASSERT_EQ(w.weekly.size(), 2u);
  EXPECT_EQ(FormatRfc3339(w.weekly[0].week_start), "2026-06-01T00:00:00Z");
  EXPECT_DOUBLE_EQ(w.weekly[0].mean, 6.0);
  EXPECT_DOUBLE_EQ(w.weekly[0].easy_share, 1.0);
  EXPECT_DOUBLE_EQ(w.weekly[1].mean, 4.0);
  EXPECT_DOUBLE_EQ(w.weekly[1].easy_share, 0.5);
  auto one = SummarizeCes(rs, "banner", 0, T("2027-01-01T00:00:00Z"));
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].responses, 2);
}

TEST(EffortTest, RefusesPersonalDataAndSummarisesPerChoice) {
  EXPECT_FALSE(EffortEvent::FromJson(json{{"touchpoint", "banner"},
                                          {"choice", "reject_all"},
                                          {"interactions", 1},
                                          {"seconds", 2.5},
                                          {"subject", "sub_1"}})
                   .ok());
  EXPECT_FALSE(EffortEvent::FromJson(json{{"touchpoint", "banner"},
                                          {"choice", "maybe"},
                                          {"interactions", 1},
                                          {"seconds", 2.5}})
                   .ok());
  EXPECT_FALSE(EffortEvent::FromJson(json{{"touchpoint", "banner"},
                                          {"choice", "custom"},
                                          {"interactions", 1},
                                          {"seconds", -1}})
                   .ok());
  std::vector<EffortEvent> events;
  for (auto [choice, n, s] : {std::tuple{"reject_all", 1, 2.0},
                              {"reject_all", 1, 4.0},
                              {"accept_all", 1, 1.0},
                              {"custom", 6, 20.0},
                              {"custom", 4, 10.0},
                              {"custom", 5, 12.0}}) {
    auto e = EffortEvent::FromJson(
        json{{"touchpoint", "banner"}, {"choice", choice}, {"interactions", n}, {"seconds", s}});
    ASSERT_TRUE(e.ok()) << e.error().ToString();
    e->at = T("2026-06-01T10:00:00Z");
    events.push_back(*e);
  }
  auto sums = SummarizeEffort(events, "banner", 0, T("2027-01-01T00:00:00Z"));
  ASSERT_EQ(sums.size(), 3u);
  EXPECT_EQ(sums[0].choice, ChoiceKind::kAcceptAll);
  EXPECT_EQ(sums[1].choice, ChoiceKind::kRejectAll);
  EXPECT_EQ(sums[1].count, 2);
  EXPECT_DOUBLE_EQ(sums[1].mean_seconds, 3.0);
  EXPECT_EQ(sums[2].choice, ChoiceKind::kCustom);
  EXPECT_DOUBLE_EQ(sums[2].mean_interactions, 5.0);
  EXPECT_DOUBLE_EQ(sums[2].median_seconds, 12.0);
}

TEST(FeedbackServiceTest, RecordsDurablyAndReloads) {
  FakeClock clock(T("2026-06-01T10:00:00Z"));
  MemoryStore store;
  {
    auto svc = FeedbackService::Open(&store, &clock);
    ASSERT_TRUE(svc.ok());
    auto r = (*svc)->RecordCes("acme", Ces("consent.withdraw", 6, "2000-01-01T00:00:00Z"));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->id.rfind("ces_", 0), 0u);
    EXPECT_EQ(r->at, clock.Now());  // the server's time, not the client's
    EffortEvent e;
    e.touchpoint = "my_data";
    e.choice = ChoiceKind::kWithdraw;
    e.interactions = 2;
    e.seconds = 3.5;
    ASSERT_TRUE((*svc)->RecordEffort("acme", e).ok());
  }
  auto svc = FeedbackService::Open(&store, &clock);
  ASSERT_TRUE(svc.ok());
  auto ces = (*svc)->CesSummaries("acme", "", 0, clock.Now() + 1);
  ASSERT_EQ(ces.size(), 1u);
  EXPECT_EQ(ces[0].responses, 1);
  EXPECT_TRUE((*svc)->CesSummaries("other", "", 0, clock.Now() + 1).empty());
  auto effort = (*svc)->EffortSummaries("acme", "my_data", 0, clock.Now() + 1);
  ASSERT_EQ(effort.size(), 1u);
  EXPECT_DOUBLE_EQ(effort[0].mean_seconds, 3.5);
}

TEST(FeedbackServiceTest, OneAnswerPerRefAcrossRestarts) {
  FakeClock clock(T("2026-06-01T10:00:00Z"));
  MemoryStore store;
  CesResponse r = Ces("consent.withdraw", 2, "2026-06-01T10:00:00Z");
  r.ref = "w_0123456789abcdef";
  {
    auto svc = FeedbackService::Open(&store, &clock);
    ASSERT_TRUE(svc.ok());
    ASSERT_TRUE((*svc)->RecordCes("acme", r).ok());
    auto again = (*svc)->RecordCes("acme", r);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code(), StatusCode::kConflict);
    EXPECT_TRUE((*svc)->RecordCes("other", r).ok()) << "refs are per tenant";
    CesResponse no_ref = Ces("consent.withdraw", 3, "2026-06-01T10:00:00Z");
    EXPECT_TRUE((*svc)->RecordCes("acme", no_ref).ok());
    EXPECT_TRUE((*svc)->RecordCes("acme", no_ref).ok()) << "no ref: no limit";
  }
  auto svc = FeedbackService::Open(&store, &clock);
  ASSERT_TRUE(svc.ok());
  EXPECT_EQ((*svc)->RecordCes("acme", r).error().code(), StatusCode::kConflict);
  r.ref = "w_fedcba9876543210";
  EXPECT_TRUE((*svc)->RecordCes("acme", r).ok());
  auto ces = (*svc)->CesSummaries("acme", "consent.withdraw", 0, clock.Now() + 1);
  ASSERT_EQ(ces.size(), 1u);
  EXPECT_EQ(ces[0].responses, 4);
}

constexpr int64_t kDay = 24 * 3600 * 1000;

CesResponse Commented(const char* tp, int score, const char* comment) {
  CesResponse r = Ces(tp, score, "2026-06-01T10:00:00Z");
  r.comment = comment;
  r.subject = "sub_alice";
  return r;
}

std::vector<std::string> CommentTexts(const std::vector<CesResponse>& list) {
  std::vector<std::string> out;
  for (const CesResponse& r : list) out.push_back(r.comment);
  return out;
}

TEST(FeedbackServiceTest, CommentsAreReadNewestFirstByTouchpointAndPeriod) {
  FakeClock clock(T("2026-06-01T10:00:00Z"));
  MemoryStore store;
  auto svc = FeedbackService::Open(&store, &clock);
  ASSERT_TRUE(svc.ok());
  // Enough answers that the store's id order is not the time order.
  for (int i = 0; i < 20; ++i) {
    std::string text = "comment " + std::to_string(i);
    ASSERT_TRUE((*svc)->RecordCes("acme", Commented("consent.withdraw", 2, text.c_str())).ok());
    clock.Advance(60 * 1000);
  }
  ASSERT_TRUE((*svc)->RecordCes("acme", Ces("consent.withdraw", 7, "2026-06-01T10:00:00Z")).ok());
  ASSERT_TRUE((*svc)->RecordCes("acme", Commented("checkout", 5, "other place")).ok());
  ASSERT_TRUE((*svc)->RecordCes("other", Commented("consent.withdraw", 1, "other tenant")).ok());
  UnixMillis end = clock.Now() + 1;

  auto all = (*svc)->CesComments("acme", "", 0, end, 100);
  ASSERT_EQ(all.size(), 21u) << "the answer without a comment is not listed";
  EXPECT_EQ(all[0].comment, "other place");
  EXPECT_EQ(all[1].comment, "comment 19");
  EXPECT_EQ(all[20].comment, "comment 0");
  auto withdraw = (*svc)->CesComments("acme", "consent.withdraw", 0, end, 3);
  EXPECT_EQ(CommentTexts(withdraw),
            (std::vector<std::string>{"comment 19", "comment 18", "comment 17"}));
  auto period = (*svc)->CesComments("acme", "consent.withdraw", T("2026-06-01T10:05:00Z"),
                                    T("2026-06-01T10:07:00Z"), 100);
  EXPECT_EQ(CommentTexts(period), (std::vector<std::string>{"comment 6", "comment 5"}));

  auto reopened = FeedbackService::Open(&store, &clock);
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(CommentTexts((*reopened)->CesComments("acme", "consent.withdraw", 0, end, 3)),
            CommentTexts(withdraw))
      << "the same order after a reload";
}

TEST(FeedbackServiceTest, CommentsAreErasedAfterTheRetentionAndScoresKept) {
  FakeClock clock(T("2026-06-01T10:00:00Z"));
  MemoryStore store;
  auto svc = FeedbackService::Open(&store, &clock);
  ASSERT_TRUE(svc.ok());
  auto old_one = (*svc)->RecordCes("acme", Commented("consent.withdraw", 2, "too many steps"));
  ASSERT_TRUE(old_one.ok());
  clock.Advance(2 * kDay);
  ASSERT_TRUE((*svc)->RecordCes("acme", Commented("consent.withdraw", 4, "fine")).ok());
  clock.Advance((kCommentRetentionDays - 1) * kDay);  // the first is now past the retention

  UnixMillis end = clock.Now() + 1;
  EXPECT_EQ(CommentTexts((*svc)->CesComments("acme", "", 0, end, 10)),
            std::vector<std::string>{"fine"})
      << "an expired comment is not shown, even before it is erased";
  auto erased = (*svc)->EraseExpiredComments();
  ASSERT_TRUE(erased.ok());
  EXPECT_EQ(*erased, 1u);
  auto stored = store.GetRecord(kCesKind, "acme", old_one->id);
  ASSERT_TRUE(stored.ok());
  auto body = json::parse(stored->body);
  EXPECT_TRUE(body["comment"].is_null()) << stored->body;
  EXPECT_EQ(body["score"], 2) << "the score stays";
  EXPECT_EQ(body["subject"], "sub_alice");
  auto summary = (*svc)->CesSummaries("acme", "consent.withdraw", 0, end);
  ASSERT_EQ(summary.size(), 1u);
  EXPECT_EQ(summary[0].responses, 2);
  EXPECT_EQ(*(*svc)->EraseExpiredComments(), 0u) << "nothing left to erase";

  // Opening the service erases what fell due while it was down.
  clock.Advance(2 * kDay);
  auto reopened = FeedbackService::Open(&store, &clock);
  ASSERT_TRUE(reopened.ok());
  EXPECT_TRUE((*reopened)->CesComments("acme", "", 0, clock.Now() + 1, 10).empty());
  auto records = store.ListRecords(kCesKind);
  ASSERT_TRUE(records.ok());
  for (const Record& r : *records) {
    EXPECT_TRUE(json::parse(r.body)["comment"].is_null()) << r.body;
  }
}

}  // namespace
}  // namespace tact::feedback
