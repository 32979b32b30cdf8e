// Frequency caps over rolling windows, per channel and across channels.
#include "governor/caps.h"

#include <gtest/gtest.h>

namespace tact::governor {
namespace {

constexpr UnixMillis kT0 = 1'780'000'000'000;  // 2026-05-28T20:26:40Z
constexpr int64_t kDay = kMillisPerDay;

Cap MakeCap(Channel c, int max, int64_t window, std::string category = "") {
  Cap cap;
  cap.channel = c;
  cap.max = max;
  cap.window_ms = window;
  cap.category = std::move(category);
  return cap;
}

TEST(CapsTest, PerChannelRollingWindow) {
  std::vector<Cap> caps{MakeCap(Channel::kEmail, 2, 7 * kDay)};
  std::vector<SlotUse> uses{{kT0 - 6 * kDay, Channel::kEmail, ""},
                            {kT0 - 1 * kDay, Channel::kEmail, ""}};
  CapCheck c = CheckCaps(caps, uses, Channel::kEmail, "", kT0);
  EXPECT_FALSE(c.ok);
  ASSERT_EQ(c.usage.size(), 1u);
  EXPECT_EQ(c.usage[0].used, 2);
  // The oldest leaves the 7-day window one day later.
  EXPECT_EQ(c.not_before, kT0 + kDay);
  // SMS is not counted by an email cap.
  EXPECT_TRUE(CheckCaps(caps, uses, Channel::kSms, "", kT0).ok);
  EXPECT_TRUE(CheckCaps(caps, uses, Channel::kSms, "", kT0).usage.empty());
}

TEST(CapsTest, AcrossChannelsCountsEveryChannel) {
  std::vector<Cap> caps{MakeCap(Channel::kEmail, 5, 7 * kDay), MakeCap(Channel::kAny, 3, 7 * kDay)};
  std::vector<SlotUse> uses{{kT0 - 3 * kDay, Channel::kEmail, ""},
                            {kT0 - 2 * kDay, Channel::kSms, ""},
                            {kT0 - 1 * kDay, Channel::kPush, ""}};
  CapCheck c = CheckCaps(caps, uses, Channel::kEmail, "", kT0);
  EXPECT_FALSE(c.ok);
  EXPECT_EQ(c.blocking, &caps[1]);
  ASSERT_EQ(c.usage.size(), 2u);
  EXPECT_EQ(c.usage[0].used, 1);  // email
  EXPECT_EQ(c.usage[1].used, 3);  // all channels
  EXPECT_EQ(c.not_before, kT0 + 4 * kDay);
  EXPECT_EQ(c.blocking->Describe(), "all channels, 7 days");
}

TEST(CapsTest, CategoryCapCountsOnlyItsCategory) {
  std::vector<Cap> caps{MakeCap(Channel::kAny, 1, 3 * kDay, "promo")};
  std::vector<SlotUse> uses{{kT0 - kDay, Channel::kEmail, "promo"},
                            {kT0 - kDay, Channel::kEmail, "news"}};
  EXPECT_FALSE(CheckCaps(caps, uses, Channel::kSms, "promo", kT0).ok);
  EXPECT_TRUE(CheckCaps(caps, uses, Channel::kSms, "news", kT0).ok);
  EXPECT_TRUE(CheckCaps(caps, uses, Channel::kSms, "", kT0).ok);
}

TEST(CapsTest, WindowEdgeIsExclusiveOfTheOldestMoment) {
  std::vector<Cap> caps{MakeCap(Channel::kEmail, 1, kDay)};
  std::vector<SlotUse> uses{{kT0 - kDay, Channel::kEmail, ""}};
  EXPECT_TRUE(CheckCaps(caps, uses, Channel::kEmail, "", kT0).ok);
  EXPECT_FALSE(CheckCaps(caps, uses, Channel::kEmail, "", kT0 - 1).ok);
}

TEST(CapsTest, ScheduledMessagesHoldTheirWindowsToo) {
  // One email already scheduled two days ahead: with max 1 per 3 days, nothing
  // fits now (its window would hold two) until 3 days after it.
  std::vector<Cap> caps{MakeCap(Channel::kEmail, 1, 3 * kDay)};
  std::vector<SlotUse> uses{{kT0 + 2 * kDay, Channel::kEmail, ""}};
  CapCheck c = CheckCaps(caps, uses, Channel::kEmail, "", kT0);
  EXPECT_FALSE(c.ok);
  EXPECT_EQ(c.not_before, kT0 + 5 * kDay);
  // Far enough before it, a message fits.
  EXPECT_TRUE(CheckCaps(caps, uses, Channel::kEmail, "", kT0 - 2 * kDay).ok);
}

TEST(CapsTest, EarliestFitSatisfiesEveryCapAtOnce) {
  std::vector<Cap> caps{MakeCap(Channel::kEmail, 1, 2 * kDay), MakeCap(Channel::kAny, 2, 5 * kDay)};
  std::vector<SlotUse> uses{{kT0 - 4 * kDay, Channel::kSms, ""},
                            {kT0 - 1 * kDay, Channel::kEmail, ""}};
  // Email frees at +1 day; all channels free at +1 day (the SMS leaves): both at +1 day.
  EXPECT_EQ(EarliestFit(caps, uses, Channel::kEmail, "", kT0), kT0 + kDay);
  uses.push_back({kT0 - 3 * kDay, Channel::kPush, ""});
  // Now three in 5 days; after the SMS leaves (+1d) the push still makes two until +2d.
  EXPECT_EQ(EarliestFit(caps, uses, Channel::kEmail, "", kT0), kT0 + 2 * kDay);
}

}  // namespace
}  // namespace tact::governor
