// Frequency caps: at most `max` marketing messages in any rolling window, per
// channel or across channels, per category where a cap names one.
//
// Pure functions over the subject's messages that hold a slot (a `send` answer
// that is confirmed, or reserved and not yet expired; bounced messages do not
// count). Scheduled messages (a send time in the future) count too, so a cap
// holds for every window, not only the one ending now: inserting a message at
// t is allowed when every window (x - W, x] that contains t keeps at most
// `max` messages.
//
// Thread-safety: pure.
#ifndef TACT_GOVERNOR_CAPS_H_
#define TACT_GOVERNOR_CAPS_H_

#include <span>
#include <string_view>
#include <vector>

#include "governor/messaging_policy.h"

namespace tact::governor {

// One message that holds a slot.
struct SlotUse {
  UnixMillis at = 0;  // when it is (or was) sent
  Channel channel = Channel::kEmail;
  std::string_view category;
};

// True when `cap` counts a message on `channel` in `category`.
bool CapApplies(const Cap& cap, Channel channel, std::string_view category);

struct CapUsage {
  const Cap* cap = nullptr;
  int used = 0;  // messages in the window ending at the request time, plus scheduled later ones
};

struct CapCheck {
  bool ok = true;
  // When !ok: the first moment at which every cap allows one more message.
  UnixMillis not_before = 0;
  const Cap* blocking = nullptr;  // the first cap that is full at the request time
  std::vector<CapUsage> usage;    // every cap that applies, in policy order
};

// The send times each cap that applies to a message counts, sorted: built once
// per decision and read by the checks below (a deferred decision asks for the
// earliest fit several times).
struct CapTimes {
  struct One {
    const Cap* cap = nullptr;
    std::vector<UnixMillis> times;
  };
  std::vector<One> caps;  // the caps that apply, in policy order (entries past `count` unused)
  size_t count = 0;
};
// Fills `out` for a new message on `channel` in `category` (reuses its storage).
void CollectCapTimes(const std::vector<Cap>& caps, std::span<const SlotUse> uses, Channel channel,
                     std::string_view category, CapTimes& out);
CapCheck CheckCaps(const CapTimes& times, UnixMillis at);
UnixMillis EarliestFit(const CapTimes& times, UnixMillis t);
// One cap of CheckCaps: its count at `at`, and whether one more message fits at `at`.
int UsedAt(const CapTimes::One& one, UnixMillis at);
bool FitsAt(const CapTimes::One& one, UnixMillis at);

// Checks a new message on `channel` in `category` at `at`.
CapCheck CheckCaps(const std::vector<Cap>& caps, std::span<const SlotUse> uses, Channel channel,
                   std::string_view category, UnixMillis at);

// The first moment >= t at which one more message fits every cap.
UnixMillis EarliestFit(const std::vector<Cap>& caps, std::span<const SlotUse> uses, Channel channel,
                       std::string_view category, UnixMillis t);

}  // namespace tact::governor

#endif  // TACT_GOVERNOR_CAPS_H_
