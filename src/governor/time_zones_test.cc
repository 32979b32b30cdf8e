// Quiet hours in the person's own time zone, across daylight-saving changes.
#include "governor/time_zones.h"

#include <gtest/gtest.h>

namespace tact::governor {
namespace {

UnixMillis T(const char* rfc3339) { return ParseRfc3339(rfc3339).value(); }
std::string S(UnixMillis t) { return FormatRfc3339(t); }

const QuietHours kNight{21 * 60, 8 * 60};  // 21:00-08:00, crosses midnight

TEST(TimeZonesTest, FindsIanaZonesAndRefusesOthers) {
  EXPECT_NE(FindTimeZone("Europe/Paris"), nullptr);
  EXPECT_NE(FindTimeZone("UTC"), nullptr);
  EXPECT_EQ(FindTimeZone("Europe/Atlantis"), nullptr);
  EXPECT_EQ(FindTimeZone(""), nullptr);
  EXPECT_EQ(FindTimeZone("+02:00"), nullptr);
}

TEST(TimeZonesTest, SummerEveningInParisEndsAtSixUtc) {
  auto paris = FindTimeZone("Europe/Paris");
  UnixMillis t = T("2026-06-01T20:30:00Z");  // 22:30 CEST
  EXPECT_TRUE(InQuietHours(kNight, paris, t));
  EXPECT_EQ(S(NextAllowedAfterQuietHours(kNight, paris, t)), "2026-06-02T06:00:00Z");
  EXPECT_EQ(DescribeLocal(paris, t), "22:30 on 2026-06-01 in Europe/Paris");
}

TEST(TimeZonesTest, WindowCrossingMidnightHasSharpEdges) {
  auto paris = FindTimeZone("Europe/Paris");
  // Winter: UTC+1.
  EXPECT_FALSE(InQuietHours(kNight, paris, T("2026-01-15T19:59:00Z")));  // 20:59
  EXPECT_TRUE(InQuietHours(kNight, paris, T("2026-01-15T20:00:00Z")));   // 21:00
  EXPECT_TRUE(InQuietHours(kNight, paris, T("2026-01-15T23:30:00Z")));   // 00:30 next day
  EXPECT_TRUE(InQuietHours(kNight, paris, T("2026-01-16T06:59:00Z")));   // 07:59
  EXPECT_FALSE(InQuietHours(kNight, paris, T("2026-01-16T07:00:00Z")));  // 08:00
  // After midnight the window ends the same local morning, not the next one.
  EXPECT_EQ(S(NextAllowedAfterQuietHours(kNight, paris, T("2026-01-15T23:30:00Z"))),
            "2026-01-16T07:00:00Z");
  EXPECT_EQ(S(NextAllowedAfterQuietHours(kNight, paris, T("2026-01-15T20:00:00Z"))),
            "2026-01-16T07:00:00Z");
  // Outside the window the time itself is returned.
  EXPECT_EQ(S(NextAllowedAfterQuietHours(kNight, paris, T("2026-01-16T12:00:00Z"))),
            "2026-01-16T12:00:00Z");
}

TEST(TimeZonesTest, SpringForwardNightInParis) {
  // 2026-03-29: 02:00 CET becomes 03:00 CEST. The evening is UTC+1, the morning UTC+2.
  auto paris = FindTimeZone("Europe/Paris");
  UnixMillis evening = T("2026-03-28T21:00:00Z");  // 22:00 CET
  EXPECT_TRUE(InQuietHours(kNight, paris, evening));
  EXPECT_EQ(S(NextAllowedAfterQuietHours(kNight, paris, evening)), "2026-03-29T06:00:00Z");
  EXPECT_FALSE(InQuietHours(kNight, paris, T("2026-03-29T06:00:00Z")));  // 08:00 CEST
  EXPECT_TRUE(InQuietHours(kNight, paris, T("2026-03-29T05:59:00Z")));   // 07:59 CEST
}

TEST(TimeZonesTest, FallBackNightInParis) {
  // 2026-10-25: 03:00 CEST becomes 02:00 CET. The evening is UTC+2, the morning UTC+1.
  auto paris = FindTimeZone("Europe/Paris");
  UnixMillis evening = T("2026-10-24T20:00:00Z");  // 22:00 CEST
  EXPECT_TRUE(InQuietHours(kNight, paris, evening));
  EXPECT_EQ(S(NextAllowedAfterQuietHours(kNight, paris, evening)), "2026-10-25T07:00:00Z");
  EXPECT_TRUE(InQuietHours(kNight, paris, T("2026-10-25T06:59:00Z")));   // 07:59 CET
  EXPECT_FALSE(InQuietHours(kNight, paris, T("2026-10-25T07:00:00Z")));  // 08:00 CET
}

TEST(TimeZonesTest, WindowEndingInsideTheSpringGapEndsWhenTheGapDoes) {
  // 01:00-02:30: 02:30 does not exist on 2026-03-29 in Paris; the first instant
  // after the gap is 03:00 CEST = 01:00Z.
  auto paris = FindTimeZone("Europe/Paris");
  QuietHours q{60, 150};
  UnixMillis t = T("2026-03-29T00:30:00Z");  // 01:30 CET
  EXPECT_TRUE(InQuietHours(q, paris, t));
  EXPECT_EQ(S(NextAllowedAfterQuietHours(q, paris, t)), "2026-03-29T01:00:00Z");
}

TEST(TimeZonesTest, WindowEndingInTheRepeatedHourNeverGoesBackInTime) {
  // 01:00-02:30 on 2026-10-25 in Paris: 02:30 happens twice (00:30Z and 01:30Z).
  auto paris = FindTimeZone("Europe/Paris");
  QuietHours q{60, 150};
  UnixMillis first = T("2026-10-25T00:10:00Z");  // 02:10 CEST, first pass
  EXPECT_EQ(S(NextAllowedAfterQuietHours(q, paris, first)), "2026-10-25T00:30:00Z");
  UnixMillis second = T("2026-10-25T01:10:00Z");  // 02:10 CET, second pass: quiet again
  EXPECT_TRUE(InQuietHours(q, paris, second));
  EXPECT_EQ(S(NextAllowedAfterQuietHours(q, paris, second)), "2026-10-25T01:30:00Z");
}

TEST(TimeZonesTest, APersonInAnotherZoneHasTheirOwnNight) {
  auto tokyo = FindTimeZone("Asia/Tokyo");
  auto new_york = FindTimeZone("America/New_York");
  UnixMillis t = T("2026-06-01T13:00:00Z");  // 22:00 in Tokyo, 09:00 in New York
  EXPECT_TRUE(InQuietHours(kNight, tokyo, t));
  EXPECT_EQ(S(NextAllowedAfterQuietHours(kNight, tokyo, t)), "2026-06-01T23:00:00Z");
  EXPECT_FALSE(InQuietHours(kNight, new_york, t));
  // New York's own spring-forward (2026-03-08): 08:00 EDT = 12:00Z.
  EXPECT_EQ(S(NextAllowedAfterQuietHours(kNight, new_york, T("2026-03-08T03:00:00Z"))),
            "2026-03-08T12:00:00Z");
}

TEST(TimeZonesTest, DaytimeWindowAndDisabledWindow) {
  auto utc = FindTimeZone("UTC");
  QuietHours lunch{12 * 60, 14 * 60};
  EXPECT_FALSE(InQuietHours(lunch, utc, T("2026-06-01T11:59:00Z")));
  EXPECT_TRUE(InQuietHours(lunch, utc, T("2026-06-01T12:00:00Z")));
  EXPECT_EQ(S(NextAllowedAfterQuietHours(lunch, utc, T("2026-06-01T13:00:00Z"))),
            "2026-06-01T14:00:00Z");
  QuietHours none{};
  EXPECT_FALSE(none.enabled());
  EXPECT_FALSE(InQuietHours(none, utc, T("2026-06-01T03:00:00Z")));
}

}  // namespace
}  // namespace tact::governor
