// The decision's rules and their documented order: consent -> caps -> quiet
// hours -> fatigue, one reason per rule.
#include "governor/send_decision.h"

#include <gtest/gtest.h>

#include "governor/time_zones.h"

namespace tact::governor {
namespace {

UnixMillis T(const char* s) { return ParseRfc3339(s).value(); }
constexpr int64_t kDay = kMillisPerDay;

std::vector<std::string> Codes(const SendDecision& d) {
  std::vector<std::string> out;
  for (const Reason& r : d.Reasons()) out.push_back(r.code);
  return out;
}

class SendDecisionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    policy_.caps.push_back({Channel::kEmail, "", 2, 7 * kDay});
    policy_.caps.push_back({Channel::kAny, "", 3, 7 * kDay});
    policy_.quiet_hours = {21 * 60, 8 * 60};
    policy_.fatigue.after_ignored = 3;
    policy_.fatigue.steps_days = {3};
    request_.tenant = "acme";
    request_.subject = "sub_1";
    request_.channel = Channel::kEmail;
    request_.purpose = "marketing.email";
    request_.priority = Priority::kMarketing;
    request_.at = T("2026-06-01T10:00:00Z");  // 12:00 in Paris
  }
  SendDecision Run() {
    Decision consent = consent_;  // DecideSend takes its reasons
    SendContext ctx;
    ctx.consent = &consent;
    ctx.policy = &policy_;
    ctx.zone = FindTimeZone("Europe/Paris");
    ctx.zone_from_profile = true;
    ctx.uses = uses_;
    ctx.fatigue = &fatigue_;
    return DecideSend(request_, ctx);
  }

  MessagingPolicy policy_;
  SendRequest request_;
  Decision consent_{true, {{"granted", "granted by the person on 2026-05-01 via banner"}}};
  std::vector<SlotUse> uses_;
  FatigueState fatigue_;
};

TEST_F(SendDecisionTest, AllClearSendsWithOneReasonPerRuleInOrder) {
  SendDecision d = Run();
  EXPECT_EQ(d.verdict, Verdict::kSend);
  EXPECT_EQ(Codes(d),
            (std::vector<std::string>{"granted", "within_caps", "outside_quiet_hours", "engaged"}));
  EXPECT_EQ(d.Reasons()[1].message,
            "within the frequency caps (email, 7 days: 0 of 2; all channels, 7 days: 0 of 3)");
  EXPECT_EQ(d.Reasons()[2].message,
            "it is 12:00 on 2026-06-01 in Europe/Paris, outside the quiet hours 21:00-08:00");
}

TEST_F(SendDecisionTest, ConsentRefusalSuppressesFirstAndAlone) {
  consent_ = {false, {{"withdrawn", "withdrawn by the person on 2026-05-20 via api"}}};
  uses_ = {{request_.at - kDay, Channel::kEmail, ""}, {request_.at - kDay, Channel::kEmail, ""}};
  request_.at = T("2026-06-01T21:30:00Z");  // also quiet hours and a full cap
  SendDecision d = Run();
  EXPECT_EQ(d.verdict, Verdict::kSuppress);
  EXPECT_EQ(Codes(d), std::vector<std::string>{"withdrawn"});
}

TEST_F(SendDecisionTest, TransactionalPassesConsentAndSaysSo) {
  request_.priority = Priority::kTransactional;
  request_.purpose = "orders";
  request_.at = T("2026-06-01T23:30:00Z");  // 01:30 in Paris
  uses_ = {{request_.at - kDay, Channel::kEmail, ""}, {request_.at - kDay, Channel::kEmail, ""}};
  fatigue_.ignored_streak = 10;
  SendDecision d = Run();
  EXPECT_EQ(d.verdict, Verdict::kSend);
  ASSERT_EQ(Codes(d), std::vector<std::string>{"transactional"});
  EXPECT_NE(d.Reasons()[0].message.find("without consent"), std::string::npos);
}

TEST_F(SendDecisionTest, ServiceMessagesRespectQuietHoursButNotCapsOrFatigue) {
  request_.priority = Priority::kService;
  request_.at = T("2026-06-01T20:30:00Z");  // 22:30 in Paris
  uses_ = {{request_.at - kDay, Channel::kEmail, ""}, {request_.at - kDay, Channel::kEmail, ""}};
  fatigue_.ignored_streak = 10;
  SendDecision d = Run();
  EXPECT_EQ(d.verdict, Verdict::kDefer);
  EXPECT_EQ(Codes(d),
            (std::vector<std::string>{"granted", "not_capped", "quiet_hours", "no_fatigue"}));
  EXPECT_EQ(FormatRfc3339(d.not_before), "2026-06-02T06:00:00Z");
}

TEST_F(SendDecisionTest, CapAndQuietHoursCombineIntoOneNotBefore) {
  // Two emails in the window: the older leaves at 2026-06-02T03:00Z, which is
  // 05:00 in Paris, inside quiet hours: the answer is 08:00 Paris time.
  uses_ = {{T("2026-05-26T03:00:00Z"), Channel::kEmail, ""},
           {T("2026-05-30T09:00:00Z"), Channel::kEmail, ""}};
  SendDecision d = Run();
  EXPECT_EQ(d.verdict, Verdict::kDefer);
  EXPECT_EQ(Codes(d),
            (std::vector<std::string>{"granted", "cap_reached", "outside_quiet_hours", "engaged"}));
  EXPECT_EQ(FormatRfc3339(d.not_before), "2026-06-02T06:00:00Z");
  EXPECT_NE(d.Reasons()[1].message.find("the cap of 2 messages (email, 7 days) is reached"),
            std::string::npos);
}

TEST_F(SendDecisionTest, CapsAcrossChannelsHoldASmsBackAfterEmails) {
  request_.channel = Channel::kSms;
  uses_ = {{request_.at - 3 * kDay, Channel::kEmail, ""},
           {request_.at - 2 * kDay, Channel::kPush, ""},
           {request_.at - 1 * kDay, Channel::kEmail, ""}};
  SendDecision d = Run();
  EXPECT_EQ(d.verdict, Verdict::kDefer);
  EXPECT_EQ(d.not_before, request_.at + 4 * kDay);
  EXPECT_NE(d.Reasons()[1].message.find("all channels, 7 days"), std::string::npos);
}

TEST_F(SendDecisionTest, FatigueSuppressWinsOverEarlierDefers) {
  uses_ = {{request_.at - kDay, Channel::kEmail, ""}, {request_.at - kDay, Channel::kEmail, ""}};
  fatigue_.ignored_streak = 4;  // K + 1 step: re-permission due
  request_.at = T("2026-06-01T20:30:00Z");
  SendDecision d = Run();
  EXPECT_EQ(d.verdict, Verdict::kSuppress);
  EXPECT_EQ(Codes(d), (std::vector<std::string>{"granted", "cap_reached", "quiet_hours",
                                                "re_permission_due"}));
}

TEST_F(SendDecisionTest, FatigueGapDefersThenQuietHoursPushFurther) {
  fatigue_.ignored_streak = 3;  // level 1: one every 3 days
  fatigue_.last_send_at = T("2026-05-30T19:30:00Z");
  SendDecision d = Run();
  // Gap ends 2026-06-02T19:30Z = 21:30 Paris: quiet; next 08:00 Paris = 06:00Z on 06-03.
  EXPECT_EQ(d.verdict, Verdict::kDefer);
  EXPECT_EQ(Codes(d), (std::vector<std::string>{"granted", "within_caps", "outside_quiet_hours",
                                                "fatigue_backoff"}));
  EXPECT_EQ(FormatRfc3339(d.not_before), "2026-06-03T06:00:00Z");
  EXPECT_EQ(d.fatigue_level, 1);
}

TEST_F(SendDecisionTest, SendByTurnsALateDeferIntoSuppress) {
  request_.at = T("2026-06-01T20:30:00Z");
  request_.send_by = T("2026-06-01T23:00:00Z");
  SendDecision d = Run();
  EXPECT_EQ(d.verdict, Verdict::kSuppress);
  EXPECT_EQ(d.Reasons().back().code, "send_by");
  EXPECT_EQ(d.not_before, 0);
}

TEST_F(SendDecisionTest, RePermissionMessageIsMarked) {
  fatigue_.ignored_streak = 4;
  request_.re_permission = true;
  SendDecision d = Run();
  EXPECT_EQ(d.verdict, Verdict::kSend);
  EXPECT_TRUE(d.re_permission);
  EXPECT_EQ(d.Reasons().back().code, "re_permission");
}

}  // namespace
}  // namespace tact::governor
