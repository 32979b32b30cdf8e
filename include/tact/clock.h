// Clock: the one source of "now" for domain code, so rules that depend on time
// (expiry, refusal interval, quiet hours) are tested with a fixed clock.
//
// Times are Unix milliseconds (UTC) in an int64_t: compact, orderable, and
// what the store keeps on disk.
//
// Thread-safety: implementations must be safe to call from any thread.
#ifndef TACT_CLOCK_H_
#define TACT_CLOCK_H_

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tact {

using UnixMillis = int64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual UnixMillis Now() const = 0;
};

// The real wall clock.
const Clock& SystemClock();

// A clock that stands still until told to move. For tests.
class FakeClock : public Clock {
 public:
  explicit FakeClock(UnixMillis now) : now_(now) {}
  UnixMillis Now() const override { return now_.load(); }
  void Set(UnixMillis now) { now_.store(now); }
  void Advance(int64_t ms) { now_.fetch_add(ms); }

 private:
  std::atomic<UnixMillis> now_;
};

// RFC 3339 UTC with millisecond precision when non-zero: "2026-03-02T10:15:00Z",
// "2026-03-02T10:15:00.250Z".
std::string FormatRfc3339(UnixMillis t);
// Accepts "YYYY-MM-DDTHH:MM:SS[.fff]Z" and numeric offsets "+HH:MM"/"-HH:MM".
std::optional<UnixMillis> ParseRfc3339(std::string_view s);

constexpr int64_t kMillisPerDay = 86'400'000;

}  // namespace tact

#endif  // TACT_CLOCK_H_
