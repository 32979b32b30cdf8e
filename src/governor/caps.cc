#include "governor/caps.h"

#include <algorithm>

namespace tact::governor {
namespace {

// Fills `times` with the ascending send times of the messages `cap` counts.
// Callers pass thread-local scratch vectors: this runs on every decision.
void TimesFor(const Cap& cap, std::span<const SlotUse> uses, std::vector<UnixMillis>& times) {
  times.clear();
  for (const SlotUse& u : uses) {
    if (CapApplies(cap, u.channel, u.category)) times.push_back(u.at);
  }
  std::sort(times.begin(), times.end());
}

// Messages in (x - w, x].
int CountIn(const std::vector<UnixMillis>& times, UnixMillis x, int64_t w) {
  auto lo = std::upper_bound(times.begin(), times.end(), x - w);
  auto hi = std::upper_bound(times.begin(), times.end(), x);
  return static_cast<int>(hi - lo);
}

// Does one more message at t keep every window that contains it within the cap?
// The windows containing t end at some x in [t, t + w); the count in (x - w, x]
// only grows at the send times after t, so checking x = t and those is enough.
bool Fits(const Cap& cap, const std::vector<UnixMillis>& times, UnixMillis t) {
  if (CountIn(times, t, cap.window_ms) + 1 > cap.max) return false;
  for (auto it = std::upper_bound(times.begin(), times.end(), t);
       it != times.end() && *it < t + cap.window_ms; ++it) {
    if (CountIn(times, *it, cap.window_ms) + 1 > cap.max) return false;
  }
  return true;
}

// The first moment >= t at which one more message fits this cap. Feasibility
// can only start when a message leaves the window, at s + w.
UnixMillis EarliestFitOne(const Cap& cap, const std::vector<UnixMillis>& times, UnixMillis t) {
  if (Fits(cap, times, t)) return t;
  thread_local std::vector<UnixMillis> candidates;
  candidates.clear();
  for (UnixMillis s : times) {
    if (s + cap.window_ms > t) candidates.push_back(s + cap.window_ms);
  }
  std::sort(candidates.begin(), candidates.end());
  for (UnixMillis c : candidates) {
    if (Fits(cap, times, c)) return c;
  }
  // After the last message leaves every window, a single message always fits (max >= 1).
  return times.empty() ? t : times.back() + cap.window_ms;
}

}  // namespace

bool CapApplies(const Cap& cap, Channel channel, std::string_view category) {
  if (cap.channel != Channel::kAny && cap.channel != channel) return false;
  return cap.category.empty() || cap.category == category;
}

void CollectCapTimes(const std::vector<Cap>& caps, std::span<const SlotUse> uses, Channel channel,
                     std::string_view category, CapTimes& out) {
  out.count = 0;
  for (const Cap& cap : caps) {
    if (!CapApplies(cap, channel, category)) continue;
    if (out.caps.size() == out.count) out.caps.emplace_back();
    CapTimes::One& one = out.caps[out.count++];
    one.cap = &cap;
    TimesFor(cap, uses, one.times);
  }
}

int UsedAt(const CapTimes::One& one, UnixMillis at) {
  const std::vector<UnixMillis>& t = one.times;
  return static_cast<int>(t.end() - std::upper_bound(t.begin(), t.end(), at - one.cap->window_ms));
}

bool FitsAt(const CapTimes::One& one, UnixMillis at) { return Fits(*one.cap, one.times, at); }

CapCheck CheckCaps(const CapTimes& times, UnixMillis at) {
  CapCheck out;
  out.usage.reserve(times.count);
  for (size_t i = 0; i < times.count; ++i) {
    const CapTimes::One& one = times.caps[i];
    out.usage.push_back({one.cap, UsedAt(one, at)});
    if (!FitsAt(one, at) && out.blocking == nullptr) {
      out.ok = false;
      out.blocking = one.cap;
    }
  }
  if (!out.ok) out.not_before = EarliestFit(times, at);
  return out;
}

UnixMillis EarliestFit(const CapTimes& times, UnixMillis t) {
  // Each round moves t to the latest of the caps' earliest fits; it only moves
  // forward over a finite set of candidates, so it settles.
  for (;;) {
    UnixMillis next = t;
    for (size_t i = 0; i < times.count; ++i) {
      next = std::max(next, EarliestFitOne(*times.caps[i].cap, times.caps[i].times, t));
    }
    if (next == t) return t;
    t = next;
  }
}

CapCheck CheckCaps(const std::vector<Cap>& caps, std::span<const SlotUse> uses, Channel channel,
                   std::string_view category, UnixMillis at) {
  thread_local CapTimes times;
  CollectCapTimes(caps, uses, channel, category, times);
  return CheckCaps(times, at);
}

UnixMillis EarliestFit(const std::vector<Cap>& caps, std::span<const SlotUse> uses, Channel channel,
                       std::string_view category, UnixMillis t) {
  thread_local CapTimes times;
  CollectCapTimes(caps, uses, channel, category, times);
  return EarliestFit(times, t);
}

}  // namespace tact::governor
