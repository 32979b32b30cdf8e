// MessagingPolicy: a tenant's rules for "may I send?" — frequency caps, quiet
// hours, the fatigue back-off and how long a reservation holds a slot. Set
// with PUT /v1/policies/messaging; a tenant without one gets Default().
//
// JSON shape (every field optional; absent means the default):
//   {"caps":[{"channel":"email","max":2,"window_days":7},
//            {"channel":"*","category":"promo","max":5,"window_hours":72}],
//    "quiet_hours":{"start":"21:00","end":"08:00"},       // local time of the person
//    "default_time_zone":"Europe/Paris",                  // for people without a profile
//    "fatigue":{"enabled":true,"after_ignored":10,"steps_days":[3,7],"re_permission":true},
//    "reservation_ttl_minutes":60}
//
// Thread-safety: a value type; FromJson and ToJson are pure.
#ifndef TACT_GOVERNOR_MESSAGING_POLICY_H_
#define TACT_GOVERNOR_MESSAGING_POLICY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/json_fields.h"
#include "core/types.h"
#include "tact/clock.h"
#include "tact/result.h"

namespace tact::governor {

constexpr int64_t kMillisPerHour = 3'600'000;
constexpr int64_t kMillisPerMinute = 60'000;

// At most `max` marketing messages in any rolling window of `window_ms`, counting
// messages on `channel` (kAny: on every channel) and of `category` (empty: all).
struct Cap {
  Channel channel = Channel::kAny;
  std::string category;
  int max = 0;
  int64_t window_ms = 0;

  // "email, 7 days", "all channels, category 'promo', 72 hours"
  std::string Describe() const;
  void AppendDescription(std::string& out) const;
};

// [start, end) in minutes after local midnight; end < start crosses midnight.
// start == end means no quiet hours.
struct QuietHours {
  int start_minute = 0;
  int end_minute = 0;

  bool enabled() const { return start_minute != end_minute; }
  std::string Describe() const;  // "21:00-08:00"
};

// After `after_ignored` marketing messages in a row without reaction on one
// channel, the minimum gap between marketing messages there grows through
// `steps_days`; past the last step one re-permission message is allowed (when
// `re_permission`), and if that is ignored too, marketing on the channel is paused.
//
// The defaults are the ones bench/governor_sim_bench.cc measured (bench/README.md,
// "Governor"): shorter streaks paused people who still reacted now and then.
struct FatiguePolicy {
  bool enabled = true;
  int after_ignored = 10;
  std::vector<int> steps_days = {3, 7};
  bool re_permission = true;
};

struct MessagingPolicy {
  std::vector<Cap> caps;
  QuietHours quiet_hours;
  std::string default_time_zone = "UTC";
  FatiguePolicy fatigue;
  int64_t reservation_ttl_ms = 60 * kMillisPerMinute;
  UnixMillis updated_at = 0;

  static MessagingPolicy Default() { return MessagingPolicy{}; }
  json::Json ToJson() const;
  // Validates a request body (or a stored record). Unknown fields are refused.
  static Result<MessagingPolicy> FromJson(const json::Json& j);

  // The longest cap window (0 without caps).
  int64_t MaxWindowMs() const;
};

// "HH:MM" (00:00-23:59) as minutes after midnight; nullopt when malformed.
std::optional<int> ParseClockTime(std::string_view s);
std::string FormatClockTime(int minute);

}  // namespace tact::governor

#endif  // TACT_GOVERNOR_MESSAGING_POLICY_H_
