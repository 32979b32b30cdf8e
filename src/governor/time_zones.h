// Time zones and quiet hours in the person's own local time.
//
// Zones are IANA names resolved through Howard Hinnant's date/tz against the
// system time-zone database; date/tz does the daylight-saving arithmetic, so a
// quiet window ending at 08:00 in Paris ends at 06:00Z in summer and 07:00Z in
// winter, on the nights of the change too.
//
// Rules for the awkward nights: a local end time that does not exist (the
// spring-forward gap) ends the window at the first instant after the gap; one
// that happens twice (fall-back) ends it at the first occurrence that is not
// in the past.
//
// Thread-safety: pure functions; the zone database is immutable once loaded.
#ifndef TACT_GOVERNOR_TIME_ZONES_H_
#define TACT_GOVERNOR_TIME_ZONES_H_

#include <string>
#include <string_view>

#include "governor/messaging_policy.h"
#include "tact/clock.h"

namespace date {
class time_zone;
}

namespace tact::governor {

// The zone named `name` ("Europe/Paris", "UTC"), or null when unknown.
const date::time_zone* FindTimeZone(std::string_view name);

// True when `t` falls inside the quiet window in `zone`.
bool InQuietHours(const QuietHours& quiet, const date::time_zone* zone, UnixMillis t);
// `t` itself when it is outside quiet hours, else the first instant at which
// the window ends.
UnixMillis NextAllowedAfterQuietHours(const QuietHours& quiet, const date::time_zone* zone,
                                      UnixMillis t);

// "22:30 on 2026-06-01 in Europe/Paris"
std::string DescribeLocal(const date::time_zone* zone, UnixMillis t);

// The local day and minute of t in zone, computed once for both of the above.
struct LocalMoment {
  int32_t days = 0;  // days since 1970-01-01, local
  int minute = 0;    // minutes after local midnight
};
LocalMoment LocalOf(const date::time_zone* zone, UnixMillis t);
bool InQuietHours(const QuietHours& quiet, const LocalMoment& local);
void AppendLocal(std::string& out, const date::time_zone* zone, const LocalMoment& local);

// Appends FormatRfc3339(t) to `out` without snprintf (reasons are built on
// every decision).
void AppendRfc3339(std::string& out, UnixMillis t);
// Appends a decimal integer.
void AppendInt(std::string& out, int64_t v);

}  // namespace tact::governor

#endif  // TACT_GOVERNOR_TIME_ZONES_H_
