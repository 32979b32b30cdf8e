// Consent routes: record choices (consent:write), read a subject's current
// consents and their history (consent:read).
#include "codec/json_writer.h"
#include "http/api.h"
#include "http/errors.h"
#include "tact/ids.h"

namespace tact::http {

using nlohmann::json;

namespace {

Status ParseChoice(const json& j, RequestedChoice& out) {
  TACT_RETURN_IF_ERROR(tact::json::RequireObject(j, "each choice"));
  TACT_RETURN_IF_ERROR(tact::json::RejectUnknownFields(
      j, {"purpose", "channel", "vendor", "party", "state", "explicit"}));
  Choice& c = out.choice;
  TACT_RETURN_IF_ERROR(tact::json::GetString(j, "purpose", c.purpose, 128));
  if (!IsValidPurposeKey(c.purpose))
    return Status::InvalidArgument("a choice's 'purpose' is not a purpose key");
  std::string s;
  TACT_RETURN_IF_ERROR(tact::json::GetOptString(j, "channel", s, 16));
  if (!s.empty()) {
    auto ch = ParseChannel(s);
    if (!ch)
      return Status::InvalidArgument(
          "a choice's 'channel' must be email, sms, push, phone, post, in_app or web");
    c.channel = *ch;
  }
  TACT_RETURN_IF_ERROR(tact::json::GetOptString(j, "vendor", c.vendor, 64));
  s.clear();
  TACT_RETURN_IF_ERROR(tact::json::GetOptString(j, "party", s, 16));
  if (!s.empty()) {
    auto p = ParseParty(s);
    if (!p) return Status::InvalidArgument("a choice's 'party' must be first, second or third");
    c.party = *p;
  }
  s.clear();
  TACT_RETURN_IF_ERROR(tact::json::GetString(j, "state", s, 16));
  auto state = ParseConsentState(s);
  if (!state || (*state != ConsentState::kGranted && *state != ConsentState::kDenied &&
                 *state != ConsentState::kWithdrawn)) {
    return Status::InvalidArgument("a choice's 'state' must be granted, denied or withdrawn");
  }
  c.state = *state;
  TACT_RETURN_IF_ERROR(tact::json::GetOptBool(j, "explicit", out.explicit_choice));
  return Status::Ok();
}

}  // namespace

Result<ConsentRequest> ParseConsentRequest(const Request& req, const std::string& tenant) {
  auto body = ParseBody(req.body);
  if (!body.ok()) return body.status();
  const json& j = *body;
  TACT_RETURN_IF_ERROR(tact::json::RequireObject(j, "the body"));
  TACT_RETURN_IF_ERROR(tact::json::RejectUnknownFields(
      j, {"subject", "property", "notice_version", "source", "gpc", "choices"}));
  ConsentRequest r;
  r.tenant = tenant;
  TACT_RETURN_IF_ERROR(tact::json::GetString(j, "subject", r.subject, 128));
  TACT_RETURN_IF_ERROR(tact::json::GetOptString(j, "property", r.property, 64));
  int64_t version = 0;
  TACT_RETURN_IF_ERROR(tact::json::GetOptInt(j, "notice_version", 0, 65535, version));
  r.notice_version = static_cast<int>(version);
  std::string source = "api";
  TACT_RETURN_IF_ERROR(tact::json::GetOptString(j, "source", source, 16));
  auto src = ParseSource(source);
  if (!src || *src == Source::kSystem || *src == Source::kPortal) {
    return Status::InvalidArgument("field 'source' must be api, banner or import");
  }
  r.source = *src;
  TACT_RETURN_IF_ERROR(tact::json::GetOptBool(j, "gpc", r.gpc));
  if (req.Header("sec-gpc") == "1") r.gpc = true;
  auto choices = j.find("choices");
  if (choices == j.end() || !choices->is_array()) {
    return Status::InvalidArgument("field 'choices' must be an array of choices");
  }
  if (choices->size() > 500)
    return Status::InvalidArgument("field 'choices' holds more than 500 choices");
  for (const json& c : *choices) {
    RequestedChoice rc;
    TACT_RETURN_IF_ERROR(ParseChoice(c, rc));
    r.choices.push_back(std::move(rc));
  }
  return r;
}

namespace {

void OptString(codec::JsonWriter& w, std::string_view s) {
  if (s.empty()) {
    w.Null();
  } else {
    w.String(s);
  }
}

}  // namespace

// Members sorted by key, as a JSON document would print them (api_test.cc
// checks the text against one).
std::string ConsentRecordedText(const App& app, const ConsentEvent& e) {
  std::optional<SubjectSignals> signals;
  if (!e.property.empty()) {
    auto sig = app.Signals(e.tenant, e.subject, e.property);
    if (sig.ok()) signals = std::move(*sig);
  }
  std::string out;
  out.reserve(2048 + 160 * e.choices.size());
  codec::JsonWriter w(&out);
  w.BeginObject();
  w.KeyRaw("choices");
  w.BeginArray();
  for (const Choice& c : e.choices) {
    w.BeginObject();
    w.KeyRaw("channel");
    OptString(w, ToString(c.channel));
    w.KeyRaw("party");
    OptString(w, ToString(c.party));
    w.KeyRaw("purpose");
    w.String(c.purpose);
    w.KeyRaw("rule");
    w.String(ToString(c.rule));
    w.KeyRaw("state");
    w.String(ToString(c.state));
    w.KeyRaw("vendor");
    OptString(w, c.vendor);
    w.EndObject();
  }
  w.EndArray();
  if (signals) {
    w.KeyRaw("consent_mode");
    w.BeginObject();
    for (const auto& [type, state] : signals->consent_mode.items()) {
      w.Key(type);
      if (state.is_string()) {
        w.String(state.get_ref<const std::string&>());
      } else {
        w.Null();
      }
    }
    w.EndObject();
  }
  w.KeyRaw("gpc");
  w.Bool(e.gpc);
  w.KeyRaw("gpp_string");
  if (signals) {
    w.String(signals->gpp_string);
  } else {
    w.Null();
  }
  w.KeyRaw("notice_version");
  w.Int(e.notice_version);
  w.KeyRaw("property");
  OptString(w, e.property);
  w.KeyRaw("receipt");
  w.String(app.SignReceipt(e));
  w.KeyRaw("receipt_id");
  OptString(w, e.receipt_id);
  w.KeyRaw("seq");
  w.Int(static_cast<int64_t>(e.seq));
  w.KeyRaw("source");
  w.String(ToString(e.source));
  w.KeyRaw("subject");
  w.String(e.subject);
  w.KeyRaw("tc_string");
  if (signals && signals->tc_string) {
    w.String(*signals->tc_string);
  } else {
    w.Null();
  }
  w.KeyRaw("time");
  w.String(FormatRfc3339(e.time));
  w.EndObject();
  return out;
}

void RespondRecorded(const App& app, Result<ConsentEvent> e, Respond respond) {
  if (!e.ok()) return respond(ErrorResponse(e.error()));
  // Called on the store's writer thread: the receipt is signed on the
  // connection's thread.
  Response res;
  res.status = 201;
  res.finish = [&app, event = std::move(*e)](Response& r) { r.body = ConsentRecordedText(app, event); };
  respond(std::move(res));
}

void RegisterConsentRoutes(Router& router, ApiContext& ctx) {
  App& app = *ctx.app;
  router.Add("POST", "/v1/consents",
             WithSecretKey(
                 ctx, "consent:write",
                 [&app, &ctx](Request& req, const ApiKey& key, Respond respond) {
                   auto request = ParseConsentRequest(req, key.tenant);
                   if (!request.ok()) return respond(ErrorResponse(request.error()));
                   app.RecordConsentAsync(std::move(*request),
                                          [&app, respond](Result<ConsentEvent> e) {
                                            RespondRecorded(app, std::move(e), respond);
                                          });
                 },
                 AuditBodySubject("POST /v1/consents")));

  router.Add(
      "GET", "/v1/subjects/{id}/consents",
      WithSecretKey(
          ctx, "consent:read",
          [&app](Request& req, const ApiKey& key, Respond respond) {
            std::string_view subject = req.Param("id");
            if (!IsValidSubjectId(subject)) {
              return respond(ErrorResponse(Status::InvalidArgument("not a valid subject id")));
            }
            json list = json::array();
            for (const CurrentConsent& c : app.Consents(key.tenant, subject)) {
              list.push_back(
                  {{"purpose", c.purpose},
                   {"channel",
                    c.channel == Channel::kAny ? json(nullptr) : json(ToString(c.channel))},
                   {"vendor", c.vendor.empty() ? json(nullptr) : json(c.vendor)},
                   {"party", c.party == Party::kAny ? json(nullptr) : json(ToString(c.party))},
                   {"state", ToString(c.state)},
                   {"since", FormatRfc3339(c.since)},
                   {"notice_version", c.notice_version},
                   {"source", ToString(c.source)},
                   {"rule", ToString(c.rule)},
                   {"gpc", c.gpc}});
            }
            json out{{"subject", std::string(subject)}, {"consents", list}};
            if (!req.Query("property").empty()) {
              auto sig = app.Signals(key.tenant, subject, req.Query("property"));
              if (!sig.ok()) return respond(ErrorResponse(sig.error()));
              out["consent_mode"] = sig->consent_mode;
            }
            respond(JsonResponse(200, out));
          },
          AuditPathSubject("GET /v1/subjects/{id}/consents")));

  router.Add(
      "GET", "/v1/subjects/{id}/consents/history",
      WithSecretKey(
          ctx, "consent:read",
          [&app](Request& req, const ApiKey& key, Respond respond) {
            std::string_view subject = req.Param("id");
            if (!IsValidSubjectId(subject)) {
              return respond(ErrorResponse(Status::InvalidArgument("not a valid subject id")));
            }
            auto history = app.History(key.tenant, subject);
            if (!history.ok()) return respond(ErrorResponse(history.error()));
            json list = json::array();
            for (const auto& e : *history) list.push_back(EventToJson(e));
            respond(JsonResponse(200, {{"subject", std::string(subject)}, {"events", list}}));
          },
          AuditPathSubject("GET /v1/subjects/{id}/consents/history")));
}

}  // namespace tact::http
