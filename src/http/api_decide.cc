// POST /v1/decide (scope decide): {subject, purpose, vendor?, party?, channel?}
// -> {allowed, reasons[]}. The hot path: parsed with simdjson, answered from
// memory, written without a JSON library.
#include <simdjson.h>

#include "http/api.h"
#include "http/errors.h"
#include "http/hot_json.h"
#include "tact/ids.h"

namespace tact::http {

namespace {

Status ReadOptionalString(simdjson::dom::object& obj, const char* field, std::string& out,
                          size_t max_len) {
  simdjson::dom::element el;
  if (obj[field].get(el) != simdjson::SUCCESS || el.is_null()) return Status::Ok();
  std::string_view s;
  if (el.get(s) != simdjson::SUCCESS) {
    return Status::InvalidArgument(std::string("field '") + field + "' must be a string");
  }
  if (s.size() > max_len)
    return Status::InvalidArgument(std::string("field '") + field + "' is too long");
  out.assign(s);
  return Status::Ok();
}

Result<DecideRequest> ParseDecide(std::string& body, const std::string& tenant) {
  simdjson::dom::element doc;
  if (ParseHotJson(body, doc) != simdjson::SUCCESS) {
    return Status::InvalidArgument("malformed JSON");
  }
  simdjson::dom::object obj;
  if (doc.get(obj) != simdjson::SUCCESS)
    return Status::InvalidArgument("the body must be a JSON object");
  for (auto field : obj) {
    std::string_view k = field.key;
    if (k != "subject" && k != "purpose" && k != "vendor" && k != "party" && k != "channel") {
      return Status::InvalidArgument("unknown field '" + std::string(k.substr(0, 64)) + "'");
    }
  }
  DecideRequest r;
  r.tenant = tenant;
  TACT_RETURN_IF_ERROR(ReadOptionalString(obj, "subject", r.subject, 128));
  TACT_RETURN_IF_ERROR(ReadOptionalString(obj, "purpose", r.purpose, 128));
  TACT_RETURN_IF_ERROR(ReadOptionalString(obj, "vendor", r.vendor, 64));
  if (!IsValidSubjectId(r.subject))
    return Status::InvalidArgument("field 'subject' is required and must be a subject id");
  if (!IsValidPurposeKey(r.purpose))
    return Status::InvalidArgument("field 'purpose' is required and must be a purpose key");
  std::string s;
  TACT_RETURN_IF_ERROR(ReadOptionalString(obj, "channel", s, 16));
  if (!s.empty()) {
    auto ch = ParseChannel(s);
    if (!ch)
      return Status::InvalidArgument(
          "field 'channel' must be email, sms, push, phone, post, in_app or web");
    r.channel = *ch;
  }
  s.clear();
  TACT_RETURN_IF_ERROR(ReadOptionalString(obj, "party", s, 16));
  if (!s.empty()) {
    auto p = ParseParty(s);
    if (!p) return Status::InvalidArgument("field 'party' must be first, second or third");
    r.party = *p;
  }
  return r;
}

}  // namespace

void RegisterDecideRoutes(Router& router, ApiContext& ctx) {
  App& app = *ctx.app;
  router.Add("POST", "/v1/decide",
             WithSecretKey(ctx, "decide", [&app](Request& req, const ApiKey& key, Respond respond) {
               auto request = ParseDecide(req.body, key.tenant);
               if (!request.ok()) return respond(ErrorResponse(request.error()));
               auto d = app.Decide(*request);
               if (!d.ok()) return respond(ErrorResponse(d.error()));
               Response res;
               res.body.reserve(256);
               res.body += d->allowed ? "{\"allowed\":true,\"reasons\":["
                                      : "{\"allowed\":false,\"reasons\":[";
               for (size_t i = 0; i < d->reasons.size(); ++i) {
                 if (i) res.body += ',';
                 res.body += "{\"code\":";
                 AppendJsonString(res.body, d->reasons[i].code);
                 res.body += ",\"message\":";
                 AppendJsonString(res.body, d->reasons[i].message);
                 res.body += '}';
               }
               res.body += "]}";
               respond(std::move(res));
             }));
}

}  // namespace tact::http
