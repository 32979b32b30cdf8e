// GET /healthz (the process answers), /readyz (the store answers and the
// views are loaded), /metrics (Prometheus text).
#include "http/api.h"
#include "http/errors.h"

namespace tact::http {

void RegisterHealthRoutes(Router& router, ApiContext& ctx) {
  router.Add("GET", "/healthz", [](Request&, Respond respond) {
    respond(JsonResponse(200, {{"status", "ok"}}));
  });
  router.Add("GET", "/readyz", [&ctx](Request&, Respond respond) {
    auto head = ctx.app->store().Head();
    if (!head.ok()) return respond(ErrorResponse(Status::Unavailable("the store is not answering")));
    respond(JsonResponse(200, {{"status", "ready"},
                               {"store", std::string(ctx.app->store().Name())},
                               {"ledger_head", ctx.app->ledger().head().seq}}));
  });
  router.Add("GET", "/metrics", [&ctx](Request&, Respond respond) {
    Response r;
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    r.body = ctx.metrics->Render(ctx.app->store().Stats(), ctx.app->SubjectCount(), ctx.app->ledger().head().seq);
    respond(std::move(r));
  });
}

}  // namespace tact::http
