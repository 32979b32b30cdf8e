// Customer effort routes: POST /v1/feedback/ces and POST /v1/feedback/effort
// (feedback:write); GET /v1/feedback/ces/summary, GET
// /v1/feedback/ces/comments and GET /v1/feedback/effort/summary
// (feedback:read), by touchpoint and period (?touchpoint=&from=&to=, RFC 3339
// or YYYY-MM-DD; default: the last 90 days).
#include "feedback/feedback_service.h"
#include "http/api.h"
#include "http/errors.h"

namespace tact::http {

using feedback::FeedbackService;
using nlohmann::json;

namespace {

constexpr int64_t kDefaultPeriodDays = 90;

std::optional<UnixMillis> ParseDayOrTime(std::string_view s) {
  if (s.size() == 10) return ParseRfc3339(std::string(s) + "T00:00:00Z");
  return ParseRfc3339(s);
}

struct Period {
  UnixMillis from = 0;
  UnixMillis to = 0;
  std::string touchpoint;
};

Result<Period> ParsePeriod(const Request& req, UnixMillis now) {
  Period p;
  p.to = now + 1;
  if (!req.Query("to").empty()) {
    auto t = ParseDayOrTime(req.Query("to"));
    if (!t)
      return Status::InvalidArgument("query parameter 'to' must be YYYY-MM-DD or an RFC 3339 time");
    p.to = *t;
  }
  p.from = p.to - kDefaultPeriodDays * kMillisPerDay;
  if (!req.Query("from").empty()) {
    auto t = ParseDayOrTime(req.Query("from"));
    if (!t)
      return Status::InvalidArgument(
          "query parameter 'from' must be YYYY-MM-DD or an RFC 3339 time");
    p.from = *t;
  }
  if (p.from >= p.to) return Status::InvalidArgument("query parameter 'from' must be before 'to'");
  p.touchpoint = std::string(req.Query("touchpoint"));
  if (!p.touchpoint.empty() && !feedback::IsValidTouchpoint(p.touchpoint)) {
    return Status::InvalidArgument("query parameter 'touchpoint' must be a dotted lower-case key");
  }
  return p;
}

json CesSummaryJson(const feedback::CesSummary& s) {
  json dist = json::object();
  for (int i = 0; i < 7; ++i) dist[std::to_string(i + 1)] = s.distribution[static_cast<size_t>(i)];
  json weekly = json::array();
  for (const auto& w : s.weekly) {
    weekly.push_back({{"week", FormatRfc3339(w.week_start).substr(0, 10)},
                      {"responses", w.responses},
                      {"mean", w.mean},
                      {"easy_share", w.easy_share}});
  }
  return {{"touchpoint", s.touchpoint}, {"responses", s.responses},   {"mean", s.mean},
          {"distribution", dist},       {"easy_share", s.easy_share}, {"weekly", weekly}};
}

}  // namespace

Result<feedback::CesResponse> ParseCes(const std::string& body, bool allow_subject) {
  auto j = ParseBody(body);
  if (!j.ok()) return j.error();
  auto r = feedback::CesResponse::FromJson(*j);
  if (!r.ok()) return r.error();
  if (j->contains("id") || j->contains("at") || j->contains("ref")) {
    return Status::InvalidArgument("fields 'id', 'at' and 'ref' are set by tact");
  }
  if (!allow_subject && j->contains("subject")) {
    return Status::InvalidArgument(
        "field 'subject' is not accepted here: answers from a browser are anonymous");
  }
  return r;
}

Result<feedback::EffortEvent> ParseEffort(const std::string& body) {
  auto j = ParseBody(body);
  if (!j.ok()) return j.error();
  auto e = feedback::EffortEvent::FromJson(*j);
  if (!e.ok()) return e.error();
  if (j->contains("id") || j->contains("at")) {
    return Status::InvalidArgument("fields 'id' and 'at' are set by tact");
  }
  return e;
}

void RegisterFeedbackRoutes(Router& router, ApiContext& ctx) {
  std::shared_ptr<FeedbackService> service = ctx.feedback;
  Status load_error = ctx.feedback_error;
  const Clock* clock = &ctx.app->clock();

  router.Add("POST", "/v1/feedback/ces",
             WithSecretKey(ctx, "feedback:write",
                           [service, load_error](Request& req, const ApiKey& key, Respond respond) {
                             if (!service) return respond(ErrorResponse(load_error));
                             auto r = ParseCes(req.body, /*allow_subject=*/true);
                             if (!r.ok()) return respond(ErrorResponse(r.error()));
                             auto saved = service->RecordCes(key.tenant, std::move(*r));
                             if (!saved.ok()) return respond(ErrorResponse(saved.error()));
                             respond(JsonResponse(201, saved->ToJson()));
                           }));
  router.Add(
      "GET", "/v1/feedback/ces/summary",
      WithSecretKey(ctx, "feedback:read",
                    [service, load_error, clock](Request& req, const ApiKey& key, Respond respond) {
                      if (!service) return respond(ErrorResponse(load_error));
                      auto p = ParsePeriod(req, clock->Now());
                      if (!p.ok()) return respond(ErrorResponse(p.error()));
                      json list = json::array();
                      for (const auto& s :
                           service->CesSummaries(key.tenant, p->touchpoint, p->from, p->to)) {
                        list.push_back(CesSummaryJson(s));
                      }
                      respond(JsonResponse(
                          200, {{"from", FormatRfc3339(p->from)},
                                {"to", FormatRfc3339(p->to)},
                                {"scale", "1 = very difficult ... 7 = very easy; easy = 5-7"},
                                {"touchpoints", list}}));
                    }));

  // What people wrote, for the team that fixes the journey: no subject, no
  // ref, and nothing older than the comments' retention.
  router.Add("GET", "/v1/feedback/ces/comments",
             WithSecretKey(
                 ctx, "feedback:read",
                 [service, load_error, clock](Request& req, const ApiKey& key, Respond respond) {
                   if (!service) return respond(ErrorResponse(load_error));
                   auto p = ParsePeriod(req, clock->Now());
                   if (!p.ok()) return respond(ErrorResponse(p.error()));
                   uint64_t limit = 100;
                   if (!ParseQueryUint(req.Query("limit"), 1000, limit) || limit == 0) {
                     return respond(ErrorResponse(Status::InvalidArgument(
                         "query parameter 'limit' must be a number from 1 to 1000")));
                   }
                   json list = json::array();
                   for (const auto& r :
                        service->CesComments(key.tenant, p->touchpoint, p->from, p->to, limit)) {
                     list.push_back({{"id", r.id},
                                     {"at", FormatRfc3339(r.at)},
                                     {"touchpoint", r.touchpoint},
                                     {"score", r.score},
                                     {"comment", r.comment}});
                   }
                   respond(JsonResponse(200, {{"from", FormatRfc3339(p->from)},
                                              {"to", FormatRfc3339(p->to)},
                                              {"retention_days", feedback::kCommentRetentionDays},
                                              {"comments", list}}));
                 }));

  router.Add("POST", "/v1/feedback/effort",
             WithSecretKey(ctx, "feedback:write",
                           [service, load_error](Request& req, const ApiKey& key, Respond respond) {
                             if (!service) return respond(ErrorResponse(load_error));
                             auto e = ParseEffort(req.body);
                             if (!e.ok()) return respond(ErrorResponse(e.error()));
                             auto saved = service->RecordEffort(key.tenant, std::move(*e));
                             if (!saved.ok()) return respond(ErrorResponse(saved.error()));
                             respond(JsonResponse(201, saved->ToJson()));
                           }));

  router.Add(
      "GET", "/v1/feedback/effort/summary",
      WithSecretKey(ctx, "feedback:read",
                    [service, load_error, clock](Request& req, const ApiKey& key, Respond respond) {
                      if (!service) return respond(ErrorResponse(load_error));
                      auto p = ParsePeriod(req, clock->Now());
                      if (!p.ok()) return respond(ErrorResponse(p.error()));
                      json list = json::array();
                      for (const auto& s :
                           service->EffortSummaries(key.tenant, p->touchpoint, p->from, p->to)) {
                        list.push_back({{"touchpoint", s.touchpoint},
                                        {"choice", feedback::ToString(s.choice)},
                                        {"count", s.count},
                                        {"mean_interactions", s.mean_interactions},
                                        {"mean_seconds", s.mean_seconds},
                                        {"median_seconds", s.median_seconds}});
                      }
                      respond(JsonResponse(200, {{"from", FormatRfc3339(p->from)},
                                                 {"to", FormatRfc3339(p->to)},
                                                 {"touchpoints", list}}));
                    }));
}

}  // namespace tact::http
