// GET /v1/events?after=SEQ&limit=N&wait=S (scope events:read): the tenant's
// consent events after a sequence number, for downstream systems. With
// wait > 0 it long-polls until an event arrives or the wait ends.

#include "http/api.h"
#include "http/errors.h"

namespace tact::http {

using nlohmann::json;

void RegisterEventRoutes(Router& router, ApiContext& ctx) {
  router.Add("GET", "/v1/events",
             WithSecretKey(
                 ctx, "events:read",
                 [&ctx](Request& req, const ApiKey& key, Respond respond) {
                   uint64_t after = 0, limit = 100, wait = 0;
                   if (!ParseQueryUint(req.Query("after"), UINT64_MAX, after) ||
                       !ParseQueryUint(req.Query("limit"), 1000, limit) ||
                       !ParseQueryUint(req.Query("wait"), 60, wait) || limit == 0) {
                     return respond(ErrorResponse(
                         Status::InvalidArgument("query parameters: after is a sequence number, "
                                                 "limit 1..1000, wait 0..60 seconds")));
                   }
                   std::string tenant = key.tenant;
                   auto work = [&ctx, tenant, after, limit, wait, respond]() {
                     auto events =
                         ctx.app->Events(tenant, after, limit, std::chrono::seconds(wait));
                     if (!events.ok()) return respond(ErrorResponse(events.error()));
                     json list = json::array();
                     uint64_t next = after;
                     for (const auto& e : *events) {
                       list.push_back(EventToJson(e));
                       next = e.seq;
                     }
                     respond(JsonResponse(200, {{"events", list}, {"next_after", next}}));
                   };
                   if (wait == 0) return work();
                   ctx.run_blocking(std::move(work));
                 },
                 AuditSpec{"GET /v1/events", nullptr}));
}

}  // namespace tact::http
