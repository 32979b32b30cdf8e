#include "governor/time_zones.h"

#include <date/tz.h>

#include <chrono>
#include <exception>

namespace tact::governor {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;

date::sys_time<milliseconds> ToSys(UnixMillis t) { return date::sys_time<milliseconds>{milliseconds{t}}; }
UnixMillis FromSys(date::sys_time<milliseconds> t) { return t.time_since_epoch().count(); }

struct LocalParts {
  date::local_days day;
  int minute_of_day;
};

LocalParts Local(const date::time_zone* zone, UnixMillis t) {
  auto local = zone->to_local(ToSys(t));
  auto day = date::floor<date::days>(local);
  int minute = static_cast<int>(date::floor<minutes>(local - day).count());
  return {day, minute};
}

bool Inside(const QuietHours& q, int minute) {
  if (!q.enabled()) return false;
  if (q.start_minute < q.end_minute) return minute >= q.start_minute && minute < q.end_minute;
  return minute >= q.start_minute || minute < q.end_minute;
}

}  // namespace

const date::time_zone* FindTimeZone(std::string_view name) {
  if (name.empty() || name.size() > 64) return nullptr;
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {
    return nullptr;
  }
}

bool InQuietHours(const QuietHours& quiet, const date::time_zone* zone, UnixMillis t) {
  if (!quiet.enabled()) return false;
  return Inside(quiet, Local(zone, t).minute_of_day);
}

UnixMillis NextAllowedAfterQuietHours(const QuietHours& quiet, const date::time_zone* zone,
                                      UnixMillis t) {
  if (!quiet.enabled()) return t;
  LocalParts p = Local(zone, t);
  if (!Inside(quiet, p.minute_of_day)) return t;
  // The window that holds `t` ends on the same local day, unless it crosses
  // midnight and `t` is in its evening part.
  bool evening = quiet.start_minute > quiet.end_minute && p.minute_of_day >= quiet.start_minute;
  date::local_days end_day = evening ? p.day + date::days{1} : p.day;
  date::local_time<milliseconds> end_local{end_day + minutes{quiet.end_minute}};
  for (auto choose : {date::choose::earliest, date::choose::latest}) {
    // For a nonexistent local time both choices give the end of the gap.
    UnixMillis end = FromSys(zone->to_sys(end_local, choose));
    if (end > t) return end;
  }
  return t;  // unreachable with a real zone: the window always ends after t
}

std::string DescribeLocal(const date::time_zone* zone, UnixMillis t) {
  auto local = date::floor<minutes>(zone->to_local(ToSys(t)));
  auto day = date::floor<date::days>(local);
  date::year_month_day ymd{day};
  auto hm = date::hh_mm_ss<minutes>{local - day};
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%02d:%02d on %04d-%02u-%02u", static_cast<int>(hm.hours().count()),
                static_cast<int>(hm.minutes().count()), static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return std::string(buf) + " in " + zone->name();
}

}  // namespace tact::governor
