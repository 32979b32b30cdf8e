#include "feedback/ces.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "tact/ids.h"

namespace tact::feedback {

using json::Json;

namespace {

constexpr std::array<std::pair<ChoiceKind, std::string_view>, 4> kChoices{{
    {ChoiceKind::kAcceptAll, "accept_all"},
    {ChoiceKind::kRejectAll, "reject_all"},
    {ChoiceKind::kCustom, "custom"},
    {ChoiceKind::kWithdraw, "withdraw"},
}};

Status GetTouchpoint(const Json& j, std::string& out) {
  TACT_RETURN_IF_ERROR(json::GetString(j, "touchpoint", out, 64));
  if (!IsValidTouchpoint(out)) {
    return Status::InvalidArgument(
        "field 'touchpoint' must be a dotted lower-case key such as "
        "'consent.withdraw'");
  }
  return Status::Ok();
}

double Round(double v, int digits) {
  double f = std::pow(10.0, digits);
  return std::round(v * f) / f;
}

}  // namespace

std::string_view ToString(ChoiceKind k) {
  for (const auto& [v, name] : kChoices) {
    if (v == k) return name;
  }
  return "custom";
}

bool IsValidTouchpoint(std::string_view s) {
  if (s.empty() || s.size() > 64 || s.front() == '.' || s.back() == '.') return false;
  char prev = 0;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
    if (!ok || (c == '.' && prev == '.')) return false;
    prev = c;
  }
  return true;
}

Json CesResponse::ToJson() const {
  Json j{{"id", id}, {"touchpoint", touchpoint}, {"score", score}, {"at", FormatRfc3339(at)}};
  j["comment"] = comment.empty() ? Json(nullptr) : Json(comment);
  j["subject"] = subject.empty() ? Json(nullptr) : Json(subject);
  if (!ref.empty()) j["ref"] = ref;
  return j;
}

Result<CesResponse> CesResponse::FromJson(const Json& j) {
  TACT_RETURN_IF_ERROR(json::RequireObject(j, "the body"));
  TACT_RETURN_IF_ERROR(json::RejectUnknownFields(
      j, {"touchpoint", "score", "comment", "subject", "id", "at", "ref"}));
  CesResponse r;
  TACT_RETURN_IF_ERROR(GetTouchpoint(j, r.touchpoint));
  int64_t score = 0;
  TACT_RETURN_IF_ERROR(json::GetOptInt(j, "score", 1, 7, score));
  if (score == 0) return Status::InvalidArgument("field 'score' is required (1-7)");
  r.score = static_cast<int>(score);
  TACT_RETURN_IF_ERROR(json::GetOptString(j, "comment", r.comment, kMaxCommentBytes));
  TACT_RETURN_IF_ERROR(json::GetOptString(j, "subject", r.subject, 128));
  if (!r.subject.empty() && !IsValidSubjectId(r.subject)) {
    return Status::InvalidArgument("field 'subject' must be a subject id");
  }
  TACT_RETURN_IF_ERROR(json::GetOptString(j, "id", r.id, 64));
  TACT_RETURN_IF_ERROR(json::GetOptString(j, "ref", r.ref, 64));
  if (auto it = j.find("at"); it != j.end() && it->is_string()) {
    r.at = ParseRfc3339(it->get<std::string>()).value_or(0);
  }
  return r;
}

Json EffortEvent::ToJson() const {
  return Json{{"id", id},
              {"touchpoint", touchpoint},
              {"choice", std::string(ToString(choice))},
              {"interactions", interactions},
              {"seconds", seconds},
              {"at", FormatRfc3339(at)}};
}

Result<EffortEvent> EffortEvent::FromJson(const Json& j) {
  TACT_RETURN_IF_ERROR(json::RequireObject(j, "the body"));
  TACT_RETURN_IF_ERROR(json::RejectUnknownFields(
      j, {"touchpoint", "choice", "interactions", "seconds", "id", "at"}));
  EffortEvent e;
  TACT_RETURN_IF_ERROR(GetTouchpoint(j, e.touchpoint));
  std::string choice;
  TACT_RETURN_IF_ERROR(json::GetString(j, "choice", choice, 16));
  bool found = false;
  for (const auto& [v, name] : kChoices) {
    if (name == choice) {
      e.choice = v;
      found = true;
    }
  }
  if (!found) {
    return Status::InvalidArgument(
        "field 'choice' must be accept_all, reject_all, custom or "
        "withdraw");
  }
  int64_t interactions = -1;
  TACT_RETURN_IF_ERROR(json::GetOptInt(j, "interactions", 0, 1000, interactions));
  if (interactions < 0) return Status::InvalidArgument("field 'interactions' is required (0-1000)");
  e.interactions = static_cast<int>(interactions);
  auto s = j.find("seconds");
  if (s == j.end() || !s->is_number() || s->get<double>() < 0 || s->get<double>() > 3600) {
    return Status::InvalidArgument("field 'seconds' is required: a number from 0 to 3600");
  }
  e.seconds = s->get<double>();
  TACT_RETURN_IF_ERROR(json::GetOptString(j, "id", e.id, 64));
  if (auto it = j.find("at"); it != j.end() && it->is_string()) {
    e.at = ParseRfc3339(it->get<std::string>()).value_or(0);
  }
  return e;
}

UnixMillis WeekStart(UnixMillis t) {
  // 1970-01-01 was a Thursday; Monday 1969-12-29 starts its week.
  constexpr int64_t kWeek = 7 * kMillisPerDay;
  constexpr int64_t kMondayOffset = 3 * kMillisPerDay;
  int64_t shifted = t + kMondayOffset;
  int64_t week = shifted >= 0 ? shifted / kWeek : (shifted - kWeek + 1) / kWeek;
  return week * kWeek - kMondayOffset;
}

std::vector<CesSummary> SummarizeCes(const std::vector<CesResponse>& responses,
                                     std::string_view touchpoint, UnixMillis from, UnixMillis to) {
  struct Acc {
    CesSummary s;
    int64_t sum = 0;
    std::map<UnixMillis, std::pair<int64_t, std::pair<int, int>>> weeks;  // sum, (n, easy)
  };
  std::map<std::string, Acc, std::less<>> by;
  for (const CesResponse& r : responses) {
    if (r.at < from || r.at >= to) continue;
    if (!touchpoint.empty() && r.touchpoint != touchpoint) continue;
    Acc& a = by[r.touchpoint];
    a.s.responses++;
    a.sum += r.score;
    a.s.distribution[static_cast<size_t>(r.score - 1)]++;
    auto& w = a.weeks[WeekStart(r.at)];
    w.first += r.score;
    w.second.first++;
    if (r.score >= 5) w.second.second++;
  }
  std::vector<CesSummary> out;
  for (auto& [tp, a] : by) {
    a.s.touchpoint = tp;
    a.s.mean = Round(static_cast<double>(a.sum) / a.s.responses, 2);
    int easy = a.s.distribution[4] + a.s.distribution[5] + a.s.distribution[6];
    a.s.easy_share = Round(static_cast<double>(easy) / a.s.responses, 4);
    for (const auto& [start, w] : a.weeks) {
      a.s.weekly.push_back({start, w.second.first,
                            Round(static_cast<double>(w.first) / w.second.first, 2),
                            Round(static_cast<double>(w.second.second) / w.second.first, 4)});
    }
    out.push_back(std::move(a.s));
  }
  return out;
}

std::vector<EffortSummary> SummarizeEffort(const std::vector<EffortEvent>& events,
                                           std::string_view touchpoint, UnixMillis from,
                                           UnixMillis to) {
  std::map<std::pair<std::string, ChoiceKind>, std::vector<const EffortEvent*>> by;
  for (const EffortEvent& e : events) {
    if (e.at < from || e.at >= to) continue;
    if (!touchpoint.empty() && e.touchpoint != touchpoint) continue;
    by[{e.touchpoint, e.choice}].push_back(&e);
  }
  std::vector<EffortSummary> out;
  for (auto& [key, list] : by) {
    EffortSummary s;
    s.touchpoint = key.first;
    s.choice = key.second;
    s.count = static_cast<int>(list.size());
    std::vector<double> secs;
    double interactions = 0, seconds = 0;
    for (const EffortEvent* e : list) {
      interactions += e->interactions;
      seconds += e->seconds;
      secs.push_back(e->seconds);
    }
    std::sort(secs.begin(), secs.end());
    size_t n = secs.size();
    s.median_seconds = Round(n % 2 ? secs[n / 2] : (secs[n / 2 - 1] + secs[n / 2]) / 2, 2);
    s.mean_interactions = Round(interactions / s.count, 2);
    s.mean_seconds = Round(seconds / s.count, 2);
    out.push_back(s);
  }
  return out;
}

}  // namespace tact::feedback
