#include "http/rate_limit.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

namespace tact::http {

int64_t SteadyMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

RateLimiter::Outcome RateLimiter::Take(const std::string& key, int64_t now_ms) {
  std::lock_guard lock(mu_);
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    if (buckets_.size() >= options_.max_keys) Evict(now_ms);
    it = buckets_.emplace(key, Bucket{options_.burst, now_ms}).first;
  }
  Bucket& b = it->second;
  double elapsed = std::max<int64_t>(0, now_ms - b.last_ms) / 1000.0;
  b.tokens = std::min(options_.burst, b.tokens + elapsed * options_.per_second);
  b.last_ms = now_ms;
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return {};
  }
  double wait = (1 - b.tokens) / options_.per_second;
  return {false, std::max(1, static_cast<int>(std::ceil(wait)))};
}

void RateLimiter::Evict(int64_t now_ms) {
  // Drop buckets that have refilled (their clients are idle), then, if that
  // freed nothing, the least recently used half.
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    double elapsed = std::max<int64_t>(0, now_ms - it->second.last_ms) / 1000.0;
    if (it->second.tokens + elapsed * options_.per_second >= options_.burst) {
      it = buckets_.erase(it);
    } else {
      ++it;
    }
  }
  if (buckets_.size() < options_.max_keys) return;
  std::vector<int64_t> times;
  times.reserve(buckets_.size());
  for (const auto& [k, b] : buckets_) times.push_back(b.last_ms);
  auto mid = times.begin() + static_cast<std::ptrdiff_t>(times.size() / 2);
  std::nth_element(times.begin(), mid, times.end());
  int64_t cut = *mid;
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    it = it->second.last_ms <= cut ? buckets_.erase(it) : std::next(it);
  }
}

size_t RateLimiter::size() const {
  std::lock_guard lock(mu_);
  return buckets_.size();
}

}  // namespace tact::http
