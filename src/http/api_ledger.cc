// Proof routes: a recorded event's signed receipt (consent:read) and the
// public keys that verify receipts (no key needed: anyone may verify).
#include "http/api.h"
#include "http/errors.h"

namespace tact::http {

using nlohmann::json;

void RegisterLedgerRoutes(Router& router, ApiContext& ctx) {
  App& app = *ctx.app;
  router.Add("GET", "/v1/receipts/{id}",
             WithSecretKey(ctx, "consent:read", [&app](Request& req, const ApiKey& key, Respond respond) {
               auto event = app.FindReceipt(key.tenant, req.Param("id"));
               if (!event.ok()) return respond(ErrorResponse(event.error()));
               respond(JsonResponse(200, {{"receipt_id", event->receipt_id},
                                          {"receipt", app.SignReceipt(*event)},
                                          {"event", EventToJson(*event)}}));
             }));
  router.Add("GET", "/v1/ledger/public-key", [&app](Request&, Respond respond) {
    Response r = JsonResponse(200, app.PublicKeys());
    r.content_type = "application/jwk-set+json";
    r.headers.emplace_back("Cache-Control", "public, max-age=300");
    respond(std::move(r));
  });
}

}  // namespace tact::http
