#include "http/rate_limit.h"

#include <gtest/gtest.h>

namespace tact::http {
namespace {

TEST(RateLimiter, BurstThenRefusedWithRetryAfterThenRefills) {
  RateLimiter limiter({.burst = 3, .per_second = 0.5, .max_keys = 10});
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Take("1.2.3.4", 0).allowed);
  auto refused = limiter.Take("1.2.3.4", 0);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after_seconds, 2);  // one token per 2 s
  EXPECT_TRUE(limiter.Take("5.6.7.8", 0).allowed) << "another address has its own bucket";
  EXPECT_FALSE(limiter.Take("1.2.3.4", 1000).allowed);
  EXPECT_TRUE(limiter.Take("1.2.3.4", 2100).allowed);
}

TEST(RateLimiter, MemoryStaysBounded) {
  RateLimiter limiter({.burst = 2, .per_second = 1, .max_keys = 100});
  for (int i = 0; i < 10'000; ++i) limiter.Take("ip" + std::to_string(i), i);
  EXPECT_LE(limiter.size(), 100u);
}

}  // namespace
}  // namespace tact::http
