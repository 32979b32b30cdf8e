// Industry signals: a property's Global Vendor List, a subject's TC string,
// GPP string and Consent Mode state, and utility decoders for TC and GPP
// strings (the JSON of `tact tcf|gpp decode`).
#include "codec/gpp/gpp_codec.h"
#include "codec/tcf/tc_json.h"
#include "core/gvl.h"
#include "http/api.h"
#include "http/errors.h"
#include "tact/ids.h"

namespace tact::http {

using nlohmann::json;

namespace {

// The strings to decode: a JSON body {"string": "..."} or {"strings": [...]}.
Result<std::vector<std::string>> StringsFromBody(const Request& req) {
  auto body = ParseBody(req.body);
  if (!body.ok()) return body.status();
  const json& j = *body;
  TACT_RETURN_IF_ERROR(tact::json::RequireObject(j, "the body"));
  TACT_RETURN_IF_ERROR(tact::json::RejectUnknownFields(j, {"string", "strings"}));
  std::vector<std::string> out;
  if (j.contains("string")) {
    if (!j["string"].is_string()) return Status::InvalidArgument("field 'string' must be a string");
    out.push_back(j["string"]);
  }
  TACT_RETURN_IF_ERROR(tact::json::GetOptStringArray(j, "strings", out, 1000, 65536));
  if (out.empty()) return Status::InvalidArgument("give 'string' or 'strings'");
  return out;
}

template <typename DecodeFn>
Handler Decoder(ApiContext& ctx, DecodeFn decode) {
  return WithSecretKey(ctx, "consent:read", [decode](Request& req, const ApiKey&, Respond respond) {
    auto strings = StringsFromBody(req);
    if (!strings.ok()) return respond(ErrorResponse(strings.error()));
    std::string body = "{\"results\":[";
    for (size_t i = 0; i < strings->size(); ++i) {
      if (i) body += ',';
      std::string one;
      decode((*strings)[i], &one);
      body += one;
    }
    body += "]}";
    Response r;
    r.body = std::move(body);
    respond(std::move(r));
  });
}

// The signals of /v1/subjects/{id}/... on ?property=P, after checking both.
Result<SubjectSignals> SignalsFor(const App& app, const Request& req, const ApiKey& key) {
  if (!IsValidSubjectId(req.Param("id"))) return Status::InvalidArgument("not a valid subject id");
  if (req.Query("property").empty())
    return Status::InvalidArgument("query parameter 'property' is required");
  return app.Signals(key.tenant, req.Param("id"), req.Query("property"));
}

}  // namespace

void RegisterSignalRoutes(Router& router, ApiContext& ctx) {
  App& app = *ctx.app;
  router.Add(
      "PUT", "/v1/properties/{id}/gvl",
      WithSecretKey(ctx, "config:write", [&app](Request& req, const ApiKey& key, Respond respond) {
        auto body = ParseBody(req.body);
        if (!body.ok()) return respond(ErrorResponse(body.error()));
        auto gvl = Gvl::FromJson(*body);
        if (!gvl.ok()) return respond(ErrorResponse(gvl.error()));
        Status s = app.catalog().PutGvl(key.tenant, req.Param("id"), *gvl);
        if (!s.ok()) return respond(ErrorResponse(s));
        respond(JsonResponse(200, {{"property", std::string(req.Param("id"))},
                                   {"vendor_list_version", gvl->vendor_list_version},
                                   {"tcf_policy_version", gvl->tcf_policy_version},
                                   {"vendors", gvl->vendors.size()}}));
      }));
  router.Add("GET", "/v1/subjects/{id}/tcf",
             WithSecretKey(
                 ctx, "consent:read",
                 [&app](Request& req, const ApiKey& key, Respond respond) {
                   auto sig = SignalsFor(app, req, key);
                   if (!sig.ok()) return respond(ErrorResponse(sig.error()));
                   if (!sig->tc_string) {
                     return respond(ErrorResponse(
                         Status::NotFound("this property issues no TC string: give it a CMP id "
                                          "(tcf.cmp_id) and a vendor list "
                                          "(PUT /v1/properties/{id}/gvl)")));
                   }
                   respond(JsonResponse(200, {{"subject", std::string(req.Param("id"))},
                                              {"tc_string", *sig->tc_string}}));
                 },
                 AuditPathSubject("GET /v1/subjects/{id}/tcf")));
  router.Add("GET", "/v1/subjects/{id}/gpp",
             WithSecretKey(
                 ctx, "consent:read",
                 [&app](Request& req, const ApiKey& key, Respond respond) {
                   auto sig = SignalsFor(app, req, key);
                   if (!sig.ok()) return respond(ErrorResponse(sig.error()));
                   respond(JsonResponse(200, {{"subject", std::string(req.Param("id"))},
                                              {"gpp_string", sig->gpp_string},
                                              {"consent_mode", sig->consent_mode}}));
                 },
                 AuditPathSubject("GET /v1/subjects/{id}/gpp")));
  router.Add("POST", "/v1/tcf/decode", Decoder(ctx, [](const std::string& s, std::string* out) {
               codec::tcf::DecodeToJson(s, out);
             }));
  router.Add("POST", "/v1/gpp/decode", Decoder(ctx, [](const std::string& s, std::string* out) {
               codec::gpp::DecodeToJson(s, out);
             }));
}

}  // namespace tact::http
