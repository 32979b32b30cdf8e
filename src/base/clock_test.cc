#include "tact/clock.h"

#include <gtest/gtest.h>

namespace tact {

TEST(Rfc3339, FormatsEpochAndMillis) {
  EXPECT_EQ(FormatRfc3339(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatRfc3339(1772446500000), "2026-03-02T10:15:00Z");
  EXPECT_EQ(FormatRfc3339(1772446500250), "2026-03-02T10:15:00.250Z");
}

TEST(Rfc3339, RoundTripsAcrossYears) {
  for (UnixMillis t = -86'400'000LL * 400; t < 86'400'000LL * 365 * 200;
       t += 86'400'000LL * 37 + 12345) {
    auto parsed = ParseRfc3339(FormatRfc3339(t));
    ASSERT_TRUE(parsed.has_value()) << FormatRfc3339(t);
    EXPECT_EQ(*parsed, t);
  }
}

TEST(Rfc3339, ParsesOffsets) {
  EXPECT_EQ(ParseRfc3339("2026-03-02T11:15:00+01:00"), ParseRfc3339("2026-03-02T10:15:00Z"));
  EXPECT_EQ(ParseRfc3339("2026-03-02T05:15:00-05:00"), ParseRfc3339("2026-03-02T10:15:00Z"));
}

TEST(Rfc3339, RejectsGarbage) {
  for (const char* s :
       {"", "2026", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2025-02-29T00:00:00Z",
        "2026-01-01 00:00:00Z", "2026-01-01T00:00:00", "2026-01-01T24:00:00Z",
        "2026-01-01T00:00:00Zjunk", "2026-01-01T00:00:00.Z", "2026-01-01T00:00:00+0100"}) {
    EXPECT_FALSE(ParseRfc3339(s).has_value()) << s;
  }
}

}  // namespace tact
