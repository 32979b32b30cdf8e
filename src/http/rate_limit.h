// RateLimiter: one token bucket per key (the client's IP) for the public,
// browser-facing routes. A bucket holds up to `burst` tokens and refills at
// `per_second`; a request takes one token or is refused with the number of
// seconds after which one will be there (for Retry-After).
//
// Memory is bounded: past `max_keys` buckets, full (idle) buckets are dropped
// first, then the oldest; a dropped bucket comes back full, which only ever
// errs on the side of letting a request through.
//
// Thread-safety: all methods are safe from any thread.
#ifndef TACT_HTTP_RATE_LIMIT_H_
#define TACT_HTTP_RATE_LIMIT_H_

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace tact::http {

struct RateLimitOptions {
  double burst = 120;       // tokens a new or idle client starts with
  double per_second = 10;   // refill rate
  size_t max_keys = 100'000;
};

class RateLimiter {
 public:
  explicit RateLimiter(RateLimitOptions options = {}) : options_(options) {}

  struct Outcome {
    bool allowed = true;
    int retry_after_seconds = 0;  // > 0 when refused
  };
  // `now_ms`: a monotonic time in milliseconds.
  Outcome Take(const std::string& key, int64_t now_ms);

  size_t size() const;

 private:
  struct Bucket {
    double tokens = 0;
    int64_t last_ms = 0;
  };
  void Evict(int64_t now_ms);  // REQUIRES: mu_ held

  const RateLimitOptions options_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
};

// Monotonic milliseconds (steady clock), for callers of Take.
int64_t SteadyMillis();

}  // namespace tact::http

#endif  // TACT_HTTP_RATE_LIMIT_H_
