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

}  // namespace
}  // namespace tact::feedback
