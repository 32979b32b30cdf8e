#include "governor/time_zones.h"

#include <date/tz.h>

#include <chrono>
#include <exception>

namespace tact::governor {
namespace {

constexpr int64_t kMillisPerHourLocal = 3'600'000;

using std::chrono::milliseconds;
using std::chrono::minutes;

date::sys_time<milliseconds> ToSys(UnixMillis t) {
  return date::sys_time<milliseconds>{milliseconds{t}};
}
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

LocalMoment LocalOf(const date::time_zone* zone, UnixMillis t) {
  LocalParts p = Local(zone, t);
  return {static_cast<int32_t>(p.day.time_since_epoch().count()), p.minute_of_day};
}

bool InQuietHours(const QuietHours& quiet, const LocalMoment& local) {
  return Inside(quiet, local.minute);
}

void AppendLocal(std::string& out, const date::time_zone* zone, const LocalMoment& local) {
  date::year_month_day ymd{date::sys_days{date::days{local.days}}};
  auto two = [&out](unsigned v) {
    out.push_back(static_cast<char>('0' + v / 10 % 10));
    out.push_back(static_cast<char>('0' + v % 10));
  };
  two(static_cast<unsigned>(local.minute / 60));
  out.push_back(':');
  two(static_cast<unsigned>(local.minute % 60));
  out.append(" on ");
  int y = static_cast<int>(ymd.year());
  two(static_cast<unsigned>(y / 100));
  two(static_cast<unsigned>(y % 100));
  out.push_back('-');
  two(static_cast<unsigned>(ymd.month()));
  out.push_back('-');
  two(static_cast<unsigned>(ymd.day()));
  out.append(" in ");
  out.append(zone->name());
}

std::string DescribeLocal(const date::time_zone* zone, UnixMillis t) {
  std::string out;
  out.reserve(48);
  AppendLocal(out, zone, LocalOf(zone, t));
  return out;
}

void AppendInt(std::string& out, int64_t v) {
  char buf[24];
  int len = 0;
  uint64_t u = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  do {
    buf[len++] = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u > 0);
  if (v < 0) out.push_back('-');
  while (len > 0) out.push_back(buf[--len]);
}

void AppendRfc3339(std::string& out, UnixMillis t) {
  auto tp = ToSys(t);
  auto day = date::floor<date::days>(tp);
  date::year_month_day ymd{day};
  int64_t ms = (tp - day).count();
  auto put = [&out](int64_t v, int width) {
    char buf[8];
    for (int i = width - 1; i >= 0; --i) {
      buf[i] = static_cast<char>('0' + v % 10);
      v /= 10;
    }
    out.append(buf, static_cast<size_t>(width));
  };
  put(static_cast<int>(ymd.year()), 4);
  out.push_back('-');
  put(static_cast<unsigned>(ymd.month()), 2);
  out.push_back('-');
  put(static_cast<unsigned>(ymd.day()), 2);
  out.push_back('T');
  put(ms / kMillisPerHourLocal, 2);
  out.push_back(':');
  put(ms / 60'000 % 60, 2);
  out.push_back(':');
  put(ms / 1000 % 60, 2);
  if (ms % 1000 != 0) {
    out.push_back('.');
    put(ms % 1000, 3);
  }
  out.push_back('Z');
}

}  // namespace tact::governor
