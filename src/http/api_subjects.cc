// Subject routes of the governor: PUT /v1/subjects/{id} (data:write) sets the
// person's profile (time zone, locale); GET /v1/subjects/{id}/messaging
// (consent:read) explains their messaging state: caps used, fatigue level and
// the next allowed time per channel.
#include "http/api_governor.h"
#include "http/errors.h"
#include "tact/ids.h"

namespace tact::http {

using governor::Governor;
using nlohmann::json;

namespace {

json OptTime(UnixMillis t) { return t > 0 ? json(FormatRfc3339(t)) : json(nullptr); }

json CapJson(const governor::CapUsage& u) {
  const governor::Cap& c = *u.cap;
  json j{
      {"channel", c.channel == Channel::kAny ? std::string("*") : std::string(ToString(c.channel))},
      {"category", c.category.empty() ? json(nullptr) : json(c.category)},
      {"max", c.max},
      {"used", u.used}};
  if (c.window_ms % kMillisPerDay == 0) {
    j["window_days"] = c.window_ms / kMillisPerDay;
  } else {
    j["window_hours"] = c.window_ms / governor::kMillisPerHour;
  }
  return j;
}

json ChannelJson(const governor::ChannelMessaging& c) {
  json caps = json::array();
  for (const auto& u : c.caps) caps.push_back(CapJson(u));
  const governor::FatigueState& f = c.fatigue;
  return json{
      {"channel", ToString(c.channel)},
      {"caps", caps},
      {"fatigue",
       {{"level", c.level.level},
        {"stage", governor::ToString(c.level.stage)},
        {"min_gap_days", c.level.min_gap_ms / kMillisPerDay},
        {"ignored_in_a_row", f.ignored_streak},
        {"ignored_messages", f.ignored_ids},
        {"re_permission_message",
         f.re_permission_id.empty() ? json(nullptr) : json(f.re_permission_id)},
        {"last_sent_at", OptTime(f.last_send_at)},
        {"last_reaction_at", OptTime(f.last_reaction_at)},
        {"paused_at", OptTime(f.paused_at)}}},
      {"paused_purposes", c.paused_purposes},
      {"next_allowed", c.next_allowed ? json(FormatRfc3339(*c.next_allowed)) : json(nullptr)},
      {"reasons", ReasonsJson(c.reasons)}};
}

}  // namespace

void RegisterSubjectRoutes(Router& router, ApiContext& ctx) {
  router.Add("PUT", "/v1/subjects/{id}",
             WithSecretKey(
                 ctx, "data:write",
                 [&ctx](Request& req, const ApiKey& key, Respond respond) {
                   if (!ctx.governor) return respond(ErrorResponse(ctx.governor_error));
                   std::string subject(req.Param("id"));
                   if (!IsValidSubjectId(subject)) {
                     return respond(ErrorResponse(Status::InvalidArgument(
                         "the subject id must be 1-128 characters of A-Z a-z 0-9 _ . : @ + -")));
                   }
                   auto body = ParseBody(req.body);
                   if (!body.ok()) return respond(ErrorResponse(body.error()));
                   auto profile = governor::SubjectProfile::FromJson(*body);
                   if (!profile.ok()) return respond(ErrorResponse(profile.error()));
                   auto saved = ctx.governor->PutProfile(key.tenant, subject, std::move(*profile));
                   if (!saved.ok()) return respond(ErrorResponse(saved.error()));
                   json out = saved->ToJson();
                   out["subject"] = subject;
                   respond(JsonResponse(200, out));
                 },
                 AuditPathSubject("PUT /v1/subjects/{id}")));

  router.Add("GET", "/v1/subjects/{id}/messaging",
             WithSecretKey(
                 ctx, "consent:read",
                 [&ctx](Request& req, const ApiKey& key, Respond respond) {
                   if (!ctx.governor) return respond(ErrorResponse(ctx.governor_error));
                   auto state = ctx.governor->Explain(key.tenant, req.Param("id"));
                   if (!state.ok()) return respond(ErrorResponse(state.error()));
                   json channels = json::array();
                   for (const auto& c : state->channels) channels.push_back(ChannelJson(c));
                   respond(JsonResponse(
                       200, {{"subject", state->subject},
                             {"profile", state->profile ? state->profile->ToJson() : json(nullptr)},
                             {"time_zone", state->time_zone},
                             {"reserved", state->reserved},
                             {"channels", channels}}));
                 },
                 AuditPathSubject("GET /v1/subjects/{id}/messaging")));
}

}  // namespace tact::http
