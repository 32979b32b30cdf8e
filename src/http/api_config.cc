// Configuration routes (scope config:write): properties, purposes, vendors
// and notices of the key's tenant.
#include "http/api.h"
#include "http/errors.h"

namespace tact::http {

using nlohmann::json;

namespace {

template <typename T>
json ListJson(const std::vector<T>& items) {
  json list = json::array();
  for (const auto& i : items) list.push_back(i.ToJson());
  return list;
}

}  // namespace

void RegisterConfigRoutes(Router& router, ApiContext& ctx) {
  Catalog& catalog = ctx.app->catalog();

  router.Add("PUT", "/v1/properties/{id}",
             WithSecretKey(ctx, "config:write", [&catalog](Request& req, const ApiKey& key, Respond respond) {
               auto body = ParseBody(req.body);
               if (!body.ok()) return respond(ErrorResponse(body.error()));
               auto p = Property::FromJson(*body, key.tenant, std::string(req.Param("id")));
               if (!p.ok()) return respond(ErrorResponse(p.error()));
               auto saved = catalog.PutProperty(std::move(*p));
               if (!saved.ok()) return respond(ErrorResponse(saved.error()));
               respond(JsonResponse(200, saved->ToJson()));
             }));
  router.Add("GET", "/v1/properties",
             WithSecretKey(ctx, "config:write", [&catalog](Request&, const ApiKey& key, Respond respond) {
               respond(JsonResponse(200, {{"properties", ListJson(catalog.ListProperties(key.tenant))}}));
             }));
  router.Add("GET", "/v1/properties/{id}",
             WithSecretKey(ctx, "config:write", [&catalog](Request& req, const ApiKey& key, Respond respond) {
               auto p = catalog.GetProperty(key.tenant, req.Param("id"));
               if (!p) return respond(ErrorResponse(Status::NotFound("no such property")));
               respond(JsonResponse(200, p->ToJson()));
             }));

  router.Add("PUT", "/v1/purposes/{key}",
             WithSecretKey(ctx, "config:write", [&catalog](Request& req, const ApiKey& key, Respond respond) {
               auto body = ParseBody(req.body);
               if (!body.ok()) return respond(ErrorResponse(body.error()));
               auto p = Purpose::FromJson(*body, key.tenant, std::string(req.Param("key")));
               if (!p.ok()) return respond(ErrorResponse(p.error()));
               auto saved = catalog.PutPurpose(std::move(*p));
               if (!saved.ok()) return respond(ErrorResponse(saved.error()));
               respond(JsonResponse(200, saved->ToJson()));
             }));
  router.Add("GET", "/v1/purposes",
             WithSecretKey(ctx, "config:write", [&catalog](Request&, const ApiKey& key, Respond respond) {
               respond(JsonResponse(200, {{"purposes", ListJson(catalog.ListPurposes(key.tenant))}}));
             }));
  router.Add("GET", "/v1/purposes/{key}",
             WithSecretKey(ctx, "config:write", [&catalog](Request& req, const ApiKey& key, Respond respond) {
               auto p = catalog.GetPurpose(key.tenant, req.Param("key"));
               if (!p) return respond(ErrorResponse(Status::NotFound("no such purpose")));
               respond(JsonResponse(200, p->ToJson()));
             }));

  router.Add("PUT", "/v1/vendors/{id}",
             WithSecretKey(ctx, "config:write", [&catalog](Request& req, const ApiKey& key, Respond respond) {
               auto body = ParseBody(req.body);
               if (!body.ok()) return respond(ErrorResponse(body.error()));
               auto v = Vendor::FromJson(*body, key.tenant, std::string(req.Param("id")));
               if (!v.ok()) return respond(ErrorResponse(v.error()));
               auto saved = catalog.PutVendor(std::move(*v));
               if (!saved.ok()) return respond(ErrorResponse(saved.error()));
               respond(JsonResponse(200, saved->ToJson()));
             }));
  router.Add("GET", "/v1/vendors",
             WithSecretKey(ctx, "config:write", [&catalog](Request&, const ApiKey& key, Respond respond) {
               respond(JsonResponse(200, {{"vendors", ListJson(catalog.ListVendors(key.tenant))}}));
             }));

  router.Add("POST", "/v1/notices",
             WithSecretKey(ctx, "config:write", [&catalog](Request& req, const ApiKey& key, Respond respond) {
               auto body = ParseBody(req.body);
               if (!body.ok()) return respond(ErrorResponse(body.error()));
               auto r = NoticeRequest::FromJson(*body);
               if (!r.ok()) return respond(ErrorResponse(r.error()));
               auto n = catalog.CreateNotice(key.tenant, *r);
               if (!n.ok()) return respond(ErrorResponse(n.error()));
               respond(JsonResponse(201, n->ToJson()));
             }));
  router.Add("GET", "/v1/notices",
             WithSecretKey(ctx, "config:write", [&catalog](Request& req, const ApiKey& key, Respond respond) {
               std::string_view property = req.Query("property");
               if (property.empty()) {
                 return respond(ErrorResponse(Status::InvalidArgument("query parameter 'property' is required")));
               }
               json list = json::array();
               for (const auto& [v, n] : catalog.Notices(key.tenant, property)) list.push_back(n.ToJson());
               respond(JsonResponse(200, {{"notices", list}}));
             }));
}

}  // namespace tact::http
