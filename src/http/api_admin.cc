// Admin routes (admin key): create tenants and their API keys.
#include "http/api.h"
#include "http/auth.h"
#include "http/errors.h"

namespace tact::http {

using nlohmann::json;

void RegisterAdminRoutes(Router& router, ApiContext& ctx) {
  router.Add("POST", "/v1/tenants", [&ctx](Request& req, Respond respond) {
    Status auth = AuthenticateAdmin(req, ctx.admin_key_hash);
    if (!auth.ok()) return respond(ErrorResponse(auth));
    auto body = ParseBody(req.body);
    if (!body.ok()) return respond(ErrorResponse(body.error()));
    auto tenant = Tenant::FromJson(*body);
    if (!tenant.ok()) return respond(ErrorResponse(tenant.error()));
    auto created = ctx.app->catalog().CreateTenant(*tenant);
    if (!created.ok()) return respond(ErrorResponse(created.error()));
    respond(JsonResponse(201, created->ToJson()));
  });
  router.Add("GET", "/v1/tenants", [&ctx](Request& req, Respond respond) {
    Status auth = AuthenticateAdmin(req, ctx.admin_key_hash);
    if (!auth.ok()) return respond(ErrorResponse(auth));
    json list = json::array();
    for (const auto& t : ctx.app->catalog().ListTenants()) list.push_back(t.ToJson());
    respond(JsonResponse(200, {{"tenants", list}}));
  });
  router.Add("POST", "/v1/tenants/{id}/keys", [&ctx](Request& req, Respond respond) {
    Status auth = AuthenticateAdmin(req, ctx.admin_key_hash);
    if (!auth.ok()) return respond(ErrorResponse(auth));
    auto body = ParseBody(req.body);
    if (!body.ok()) return respond(ErrorResponse(body.error()));
    auto key = ctx.app->catalog().CreateKey(req.Param("id"), *body);
    if (!key.ok()) return respond(ErrorResponse(key.error()));
    json j = key->key.ToJson();
    j["key"] = key->plaintext;  // shown once
    respond(JsonResponse(201, j));
  });
}

}  // namespace tact::http
