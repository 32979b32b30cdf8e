#include "governor/messaging_policy.h"

#include <cstdio>

#include "governor/time_zones.h"
#include "tact/ids.h"

namespace tact::governor {

using json::Json;

std::optional<int> ParseClockTime(std::string_view s) {
  if (s.size() != 5 || s[2] != ':') return std::nullopt;
  for (size_t i : {0, 1, 3, 4}) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  }
  int h = (s[0] - '0') * 10 + (s[1] - '0');
  int m = (s[3] - '0') * 10 + (s[4] - '0');
  if (h > 23 || m > 59) return std::nullopt;
  return h * 60 + m;
}

std::string FormatClockTime(int minute) {
  int h = (minute / 60) % 24, m = minute % 60;
  return {static_cast<char>('0' + h / 10), static_cast<char>('0' + h % 10), ':',
          static_cast<char>('0' + m / 10), static_cast<char>('0' + m % 10)};
}

namespace {

void AppendWindow(std::string& out, int64_t ms) {
  bool days = ms % kMillisPerDay == 0;
  int64_t n = days ? ms / kMillisPerDay : ms / kMillisPerHour;
  AppendInt(out, n);
  out.append(days ? " day" : " hour");
  if (n != 1) out.push_back('s');
}

Result<Cap> CapFromJson(const Json& j, size_t index) {
  std::string where = "caps[" + std::to_string(index) + "]";
  if (!j.is_object()) return Status::InvalidArgument("'" + where + "' must be an object");
  TACT_RETURN_IF_ERROR(
      json::RejectUnknownFields(j, {"channel", "category", "max", "window_days", "window_hours"}));
  Cap cap;
  std::string channel;
  TACT_RETURN_IF_ERROR(json::GetString(j, "channel", channel, 16));
  if (channel != "*") {
    auto c = ParseChannel(channel);
    if (!c) {
      return Status::InvalidArgument("'" + where +
                                     ".channel' must be email, sms, push, phone, post, in_app, "
                                     "web or * (all channels)");
    }
    cap.channel = *c;
  }
  TACT_RETURN_IF_ERROR(json::GetOptString(j, "category", cap.category, 64));
  if (!cap.category.empty() && !IsValidSlug(cap.category)) {
    return Status::InvalidArgument("'" + where + ".category' must be a slug like 'promo'");
  }
  int64_t max = -1, days = -1, hours = -1;
  TACT_RETURN_IF_ERROR(json::GetOptInt(j, "max", 1, 10'000, max));
  if (max < 0) return Status::InvalidArgument("'" + where + ".max' is required (1-10000)");
  TACT_RETURN_IF_ERROR(json::GetOptInt(j, "window_days", 1, 365, days));
  TACT_RETURN_IF_ERROR(json::GetOptInt(j, "window_hours", 1, 8760, hours));
  if ((days < 0) == (hours < 0)) {
    return Status::InvalidArgument("'" + where +
                                   "' needs exactly one of 'window_days' (1-365) or "
                                   "'window_hours' (1-8760)");
  }
  cap.max = static_cast<int>(max);
  cap.window_ms = days > 0 ? days * kMillisPerDay : hours * kMillisPerHour;
  return cap;
}

}  // namespace

std::string Cap::Describe() const {
  std::string s;
  AppendDescription(s);
  return s;
}

void Cap::AppendDescription(std::string& out) const {
  out.append(channel == Channel::kAny ? std::string_view("all channels") : ToString(channel));
  if (!category.empty()) {
    out.append(", category '");
    out.append(category);
    out.push_back('\'');
  }
  out.append(", ");
  AppendWindow(out, window_ms);
}

std::string QuietHours::Describe() const {
  return FormatClockTime(start_minute) + "-" + FormatClockTime(end_minute);
}

int64_t MessagingPolicy::MaxWindowMs() const {
  int64_t m = 0;
  for (const Cap& c : caps) m = std::max(m, c.window_ms);
  return m;
}

Json MessagingPolicy::ToJson() const {
  Json caps_json = Json::array();
  for (const Cap& c : caps) {
    Json cj{{"channel",
             c.channel == Channel::kAny ? std::string("*") : std::string(ToString(c.channel))},
            {"max", c.max}};
    if (!c.category.empty()) cj["category"] = c.category;
    if (c.window_ms % kMillisPerDay == 0) {
      cj["window_days"] = c.window_ms / kMillisPerDay;
    } else {
      cj["window_hours"] = c.window_ms / kMillisPerHour;
    }
    caps_json.push_back(std::move(cj));
  }
  Json out{{"caps", caps_json},
           {"quiet_hours", quiet_hours.enabled()
                               ? Json{{"start", FormatClockTime(quiet_hours.start_minute)},
                                      {"end", FormatClockTime(quiet_hours.end_minute)}}
                               : Json(nullptr)},
           {"default_time_zone", default_time_zone},
           {"fatigue",
            {{"enabled", fatigue.enabled},
             {"after_ignored", fatigue.after_ignored},
             {"steps_days", fatigue.steps_days},
             {"re_permission", fatigue.re_permission}}},
           {"reservation_ttl_minutes", reservation_ttl_ms / kMillisPerMinute}};
  if (updated_at > 0) out["updated_at"] = FormatRfc3339(updated_at);
  return out;
}

Result<MessagingPolicy> MessagingPolicy::FromJson(const Json& j) {
  TACT_RETURN_IF_ERROR(json::RequireObject(j, "the messaging policy"));
  TACT_RETURN_IF_ERROR(
      json::RejectUnknownFields(j, {"caps", "quiet_hours", "default_time_zone", "fatigue",
                                    "reservation_ttl_minutes", "updated_at"}));
  MessagingPolicy p;
  if (auto it = j.find("caps"); it != j.end() && !it->is_null()) {
    if (!it->is_array()) return Status::InvalidArgument("field 'caps' must be an array");
    if (it->size() > 50) return Status::InvalidArgument("field 'caps' holds more than 50 caps");
    for (size_t i = 0; i < it->size(); ++i) {
      auto cap = CapFromJson((*it)[i], i);
      if (!cap.ok()) return cap.status();
      p.caps.push_back(std::move(*cap));
    }
  }
  if (auto it = j.find("quiet_hours"); it != j.end() && !it->is_null()) {
    if (!it->is_object()) return Status::InvalidArgument("field 'quiet_hours' must be an object");
    TACT_RETURN_IF_ERROR(json::RejectUnknownFields(*it, {"start", "end"}));
    std::string start, end;
    TACT_RETURN_IF_ERROR(json::GetString(*it, "start", start, 8));
    TACT_RETURN_IF_ERROR(json::GetString(*it, "end", end, 8));
    auto s = ParseClockTime(start), e = ParseClockTime(end);
    if (!s || !e) {
      return Status::InvalidArgument("'quiet_hours.start' and 'quiet_hours.end' must be HH:MM");
    }
    p.quiet_hours = {*s, *e};
  }
  TACT_RETURN_IF_ERROR(json::GetOptString(j, "default_time_zone", p.default_time_zone, 64));
  if (FindTimeZone(p.default_time_zone) == nullptr) {
    return Status::InvalidArgument(
        "field 'default_time_zone' must be an IANA time zone such as "
        "'Europe/Paris'");
  }
  if (auto it = j.find("fatigue"); it != j.end()) {
    if (it->is_null()) {
      p.fatigue.enabled = false;
    } else {
      if (!it->is_object()) return Status::InvalidArgument("field 'fatigue' must be an object");
      const Json& f = *it;
      TACT_RETURN_IF_ERROR(json::RejectUnknownFields(
          f, {"enabled", "after_ignored", "steps_days", "re_permission"}));
      TACT_RETURN_IF_ERROR(json::GetOptBool(f, "enabled", p.fatigue.enabled));
      int64_t k = p.fatigue.after_ignored;
      TACT_RETURN_IF_ERROR(json::GetOptInt(f, "after_ignored", 1, 100, k));
      p.fatigue.after_ignored = static_cast<int>(k);
      TACT_RETURN_IF_ERROR(json::GetOptBool(f, "re_permission", p.fatigue.re_permission));
      if (auto s = f.find("steps_days"); s != f.end() && !s->is_null()) {
        if (!s->is_array() || s->size() > 10) {
          return Status::InvalidArgument(
              "'fatigue.steps_days' must be an array of at most 10 "
              "day counts");
        }
        p.fatigue.steps_days.clear();
        int prev = 0;
        for (const Json& d : *s) {
          if (!d.is_number_integer() || d.get<int64_t>() < 1 || d.get<int64_t>() > 365) {
            return Status::InvalidArgument("'fatigue.steps_days' values must be integers 1-365");
          }
          int v = d.get<int>();
          if (v < prev) {
            return Status::InvalidArgument(
                "'fatigue.steps_days' must not decrease: each step "
                "slows the rhythm further");
          }
          prev = v;
          p.fatigue.steps_days.push_back(v);
        }
      }
    }
  }
  int64_t ttl = p.reservation_ttl_ms / kMillisPerMinute;
  TACT_RETURN_IF_ERROR(json::GetOptInt(j, "reservation_ttl_minutes", 1, 10'080, ttl));
  p.reservation_ttl_ms = ttl * kMillisPerMinute;
  if (auto it = j.find("updated_at"); it != j.end() && it->is_string()) {
    p.updated_at = ParseRfc3339(it->get<std::string>()).value_or(0);
  }
  return p;
}

}  // namespace tact::governor
