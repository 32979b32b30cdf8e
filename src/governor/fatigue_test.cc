// The fatigue back-off: silence slows the rhythm step by step, then one
// re-permission message, then a pause; any reaction restores the rhythm.
#include "governor/fatigue.h"

#include <gtest/gtest.h>

namespace tact::governor {
namespace {

constexpr UnixMillis kT0 = 1'780'000'000'000;
constexpr int64_t kDay = kMillisPerDay;

FatiguePolicy Policy() {
  FatiguePolicy p;
  p.after_ignored = 3;
  p.steps_days = {2, 5};
  p.re_permission = true;
  return p;
}

void Ignore(FatigueState& s, const FatiguePolicy& p, int n) {
  for (int i = 0; i < n; ++i) {
    ApplyOutcome(s, p, Outcome::kIgnored, "msg_" + std::to_string(s.ignored_streak), true, false,
                 kT0);
  }
}

TEST(FatigueTest, BelowKTheRhythmIsNormal) {
  FatiguePolicy p = Policy();
  FatigueState s;
  Ignore(s, p, 2);
  FatigueCheck c = CheckFatigue(s, p, Channel::kEmail, false, kT0);
  EXPECT_EQ(c.verdict, Verdict::kSend);
  EXPECT_EQ(c.level.level, 0);
  EXPECT_EQ(c.reason().code, "engaged");
  EXPECT_EQ(c.reason().message, "2 of 3 email messages in a row ignored: normal rhythm");
}

TEST(FatigueTest, EachFurtherIgnoredMessageWidensTheGap) {
  FatiguePolicy p = Policy();
  FatigueState s;
  s.last_send_at = kT0;
  Ignore(s, p, 3);
  FatigueLevel l = LevelOf(s, p);
  EXPECT_EQ(l.stage, FatigueStage::kSlowed);
  EXPECT_EQ(l.level, 1);
  EXPECT_EQ(l.min_gap_ms, 2 * kDay);
  FatigueCheck c = CheckFatigue(s, p, Channel::kEmail, false, kT0 + kDay);
  EXPECT_EQ(c.verdict, Verdict::kDefer);
  EXPECT_EQ(c.not_before, kT0 + 2 * kDay);
  EXPECT_EQ(c.reason().code, "fatigue_backoff");
  EXPECT_NE(c.reason().message.find("3 email messages in a row went without reaction"),
            std::string::npos);
  c = CheckFatigue(s, p, Channel::kEmail, false, kT0 + 2 * kDay);
  EXPECT_EQ(c.verdict, Verdict::kSend);
  EXPECT_EQ(c.reason().code, "fatigue_slowed");

  Ignore(s, p, 1);
  l = LevelOf(s, p);
  EXPECT_EQ(l.level, 2);
  EXPECT_EQ(l.min_gap_ms, 5 * kDay);
  EXPECT_EQ(CheckFatigue(s, p, Channel::kEmail, false, kT0 + 4 * kDay).not_before, kT0 + 5 * kDay);
}

TEST(FatigueTest, PastTheLastStepOnlyTheRePermissionMessageGoesThenPause) {
  FatiguePolicy p = Policy();
  FatigueState s;
  s.last_send_at = kT0;
  Ignore(s, p, 5);  // K + steps
  EXPECT_EQ(LevelOf(s, p).stage, FatigueStage::kRePermissionDue);
  EXPECT_EQ(LevelOf(s, p).level, 3);
  FatigueCheck c = CheckFatigue(s, p, Channel::kEmail, false, kT0 + 10 * kDay);
  EXPECT_EQ(c.verdict, Verdict::kSuppress);
  EXPECT_EQ(c.reason().code, "re_permission_due");
  // The re-permission message waits for the last gap, then goes.
  c = CheckFatigue(s, p, Channel::kEmail, true, kT0 + 1 * kDay);
  EXPECT_EQ(c.verdict, Verdict::kDefer);
  EXPECT_EQ(c.not_before, kT0 + 5 * kDay);
  c = CheckFatigue(s, p, Channel::kEmail, true, kT0 + 5 * kDay);
  EXPECT_EQ(c.verdict, Verdict::kSend);
  EXPECT_TRUE(c.is_re_permission);
  EXPECT_EQ(c.reason().code, "re_permission");

  s.re_permission_id = "msg_ask";
  EXPECT_EQ(LevelOf(s, p).stage, FatigueStage::kAwaitingRePermission);
  c = CheckFatigue(s, p, Channel::kEmail, true, kT0 + 6 * kDay);
  EXPECT_EQ(c.verdict, Verdict::kSuppress);
  EXPECT_EQ(c.reason().code, "awaiting_re_permission");

  FatigueChange change =
      ApplyOutcome(s, p, Outcome::kIgnored, "msg_ask", true, true, kT0 + 9 * kDay);
  EXPECT_TRUE(change.pause);
  EXPECT_EQ(s.paused_at, kT0 + 9 * kDay);
  EXPECT_EQ(s.ignored_streak, 0);
  EXPECT_TRUE(s.re_permission_id.empty());
}

TEST(FatigueTest, AnyReactionRestoresTheNormalRhythm) {
  FatiguePolicy p = Policy();
  for (Outcome reaction : {Outcome::kOpened, Outcome::kClicked, Outcome::kConverted}) {
    FatigueState s;
    Ignore(s, p, 5);
    s.re_permission_id = "msg_ask";
    FatigueChange change = ApplyOutcome(s, p, reaction, "msg_old", true, false, kT0);
    EXPECT_TRUE(change.restored);
    EXPECT_EQ(LevelOf(s, p).stage, FatigueStage::kNormal);
    EXPECT_EQ(s.ignored_streak, 0);
    EXPECT_TRUE(s.ignored_ids.empty());
    EXPECT_TRUE(s.re_permission_id.empty());
  }
}

TEST(FatigueTest, OnlyIgnoredMarketingBuildsAStreak) {
  FatiguePolicy p = Policy();
  FatigueState s;
  ApplyOutcome(s, p, Outcome::kIgnored, "msg_svc", /*marketing=*/false, false, kT0);
  ApplyOutcome(s, p, Outcome::kDelivered, "msg_a", true, false, kT0);
  ApplyOutcome(s, p, Outcome::kBounced, "msg_b", true, false, kT0);
  EXPECT_EQ(s.ignored_streak, 0);
  ApplyOutcome(s, p, Outcome::kIgnored, "msg_c", true, false, kT0);
  EXPECT_EQ(s.ignored_streak, 1);
  EXPECT_EQ(s.ignored_ids, std::vector<std::string>{"msg_c"});
}

TEST(FatigueTest, ABouncedRePermissionMessageMayBeAskedAgain) {
  FatiguePolicy p = Policy();
  FatigueState s;
  Ignore(s, p, 5);
  s.re_permission_id = "msg_ask";
  ApplyOutcome(s, p, Outcome::kBounced, "msg_ask", true, true, kT0);
  EXPECT_EQ(LevelOf(s, p).stage, FatigueStage::kRePermissionDue);
}

TEST(FatigueTest, WithoutRePermissionThePauseComesAtTheEndOfTheSteps) {
  FatiguePolicy p = Policy();
  p.re_permission = false;
  FatigueState s;
  Ignore(s, p, 4);
  FatigueChange change = ApplyOutcome(s, p, Outcome::kIgnored, "msg_last", true, false, kT0);
  EXPECT_TRUE(change.pause);
}

TEST(FatigueTest, DisabledFatigueNeverSlows) {
  FatiguePolicy p = Policy();
  p.enabled = false;
  FatigueState s;
  Ignore(s, p, 10);
  EXPECT_EQ(s.ignored_streak, 0);
  FatigueCheck c = CheckFatigue(s, p, Channel::kSms, false, kT0);
  EXPECT_EQ(c.verdict, Verdict::kSend);
  EXPECT_EQ(c.reason().code, "fatigue_off");
}

}  // namespace
}  // namespace tact::governor
