// Consent routes: record choices (consent:write), read a subject's current
// consents and their history (consent:read).
#include <simdjson.h>

#include <algorithm>
#include <array>

#include "codec/json_writer.h"
#include "http/api.h"
#include "http/errors.h"
#include "http/hot_json.h"
#include "tact/ids.h"

namespace tact::http {

using nlohmann::json;

namespace {

using simdjson::dom::element;

// A body's fields, read with simdjson in place. A repeated name counts once,
// with its last value, as a JSON document would keep it (and as the audit row
// reads the subject). Messages are those of core/json_fields.h. Fields are
// named by their index in the `allowed` list given to Of.
class BodyFields {
 public:
  // Refuses a name not in `allowed`, as RejectUnknownFields does.
  static Result<BodyFields> Of(element value, const char* what,
                               std::initializer_list<const char*> allowed) {
    simdjson::dom::object obj;
    if (value.get(obj) != simdjson::SUCCESS) {
      return Status::InvalidArgument(std::string(what) + " must be a JSON object");
    }
    BodyFields f;
    std::copy(allowed.begin(), allowed.end(), f.names_.begin());
    for (auto field : obj) {
      size_t i = 0;
      while (i < allowed.size() && field.key != f.names_[i]) ++i;
      if (i == allowed.size()) {
        std::string shown(field.key.substr(0, 64));
        if (field.key.size() > 64) shown += "...";
        return Status::InvalidArgument("unknown field '" + shown + "'");
      }
      f.present_[i] = true;
      f.values_[i] = field.value;
    }
    return f;
  }

  bool Present(size_t i) const { return present_[i]; }
  const element& Get(size_t i) const { return values_[i]; }

  Status String(size_t i, std::string& out, size_t max_len, bool required) const {
    if (!Given(i)) {
      if (!required) return Status::Ok();
      return Status::InvalidArgument(std::string("field '") + names_[i] + "' is required");
    }
    std::string_view s;
    if (values_[i].get(s) != simdjson::SUCCESS) return TypeError(i, "a string");
    if (s.size() > max_len) {
      return Status::InvalidArgument(std::string("field '") + names_[i] + "' is longer than " +
                                     std::to_string(max_len) + " bytes");
    }
    out.assign(s);
    return Status::Ok();
  }

  Status Bool(size_t i, bool& out) const {
    if (!Given(i)) return Status::Ok();
    if (values_[i].get(out) != simdjson::SUCCESS) return TypeError(i, "true or false");
    return Status::Ok();
  }

  Status Int(size_t i, int64_t min, int64_t max, int64_t& out) const {
    if (!Given(i)) return Status::Ok();
    int64_t v = 0;
    if (values_[i].get(v) != simdjson::SUCCESS) {
      uint64_t u = 0;
      if (values_[i].get(u) != simdjson::SUCCESS) return TypeError(i, "an integer");
      v = INT64_MAX;  // an unsigned value above INT64_MAX
    }
    if (v < min || v > max) {
      return Status::InvalidArgument(std::string("field '") + names_[i] + "' must be between " +
                                     std::to_string(min) + " and " + std::to_string(max));
    }
    out = v;
    return Status::Ok();
  }

 private:
  // Present and not null: a null counts as absent, as in core/json_fields.h.
  bool Given(size_t i) const { return present_[i] && !values_[i].is_null(); }

  Status TypeError(size_t i, const char* type) const {
    return Status::InvalidArgument(std::string("field '") + names_[i] + "' must be " + type);
  }

  static constexpr size_t kMax = 8;
  std::array<const char*, kMax> names_{};
  std::array<bool, kMax> present_{};
  std::array<element, kMax> values_{};
};

Status ParseChoice(element value, RequestedChoice& out) {
  enum { kPurpose, kChannel, kVendor, kParty, kState, kExplicit };
  auto f = BodyFields::Of(value, "each choice",
                          {"purpose", "channel", "vendor", "party", "state", "explicit"});
  if (!f.ok()) return f.status();
  Choice& c = out.choice;
  TACT_RETURN_IF_ERROR(f->String(kPurpose, c.purpose, 128, /*required=*/true));
  if (!IsValidPurposeKey(c.purpose))
    return Status::InvalidArgument("a choice's 'purpose' is not a purpose key");
  std::string s;
  TACT_RETURN_IF_ERROR(f->String(kChannel, s, 16, false));
  if (!s.empty()) {
    auto ch = ParseChannel(s);
    if (!ch)
      return Status::InvalidArgument(
          "a choice's 'channel' must be email, sms, push, phone, post, in_app or web");
    c.channel = *ch;
  }
  TACT_RETURN_IF_ERROR(f->String(kVendor, c.vendor, 64, false));
  s.clear();
  TACT_RETURN_IF_ERROR(f->String(kParty, s, 16, false));
  if (!s.empty()) {
    auto p = ParseParty(s);
    if (!p) return Status::InvalidArgument("a choice's 'party' must be first, second or third");
    c.party = *p;
  }
  s.clear();
  TACT_RETURN_IF_ERROR(f->String(kState, s, 16, true));
  auto state = ParseConsentState(s);
  if (!state || (*state != ConsentState::kGranted && *state != ConsentState::kDenied &&
                 *state != ConsentState::kWithdrawn)) {
    return Status::InvalidArgument("a choice's 'state' must be granted, denied or withdrawn");
  }
  c.state = *state;
  return f->Bool(kExplicit, out.explicit_choice);
}

}  // namespace

Result<ConsentRequest> ParseConsentRequest(Request& req, const std::string& tenant) {
  if (req.body.empty()) return Status::InvalidArgument("the request body must be a JSON document");
  element doc;
  if (ParseHotJson(req.body, doc) != simdjson::SUCCESS)
    return Status::InvalidArgument("malformed JSON");
  enum { kSubject, kProperty, kNoticeVersion, kSource, kGpc, kChoices };
  auto f = BodyFields::Of(doc, "the body",
                          {"subject", "property", "notice_version", "source", "gpc", "choices"});
  if (!f.ok()) return f.status();
  ConsentRequest r;
  r.tenant = tenant;
  TACT_RETURN_IF_ERROR(f->String(kSubject, r.subject, 128, /*required=*/true));
  TACT_RETURN_IF_ERROR(f->String(kProperty, r.property, 64, false));
  int64_t version = 0;
  TACT_RETURN_IF_ERROR(f->Int(kNoticeVersion, 0, 65535, version));
  r.notice_version = static_cast<int>(version);
  std::string source = "api";
  TACT_RETURN_IF_ERROR(f->String(kSource, source, 16, false));
  auto src = ParseSource(source);
  if (!src || *src == Source::kSystem || *src == Source::kPortal) {
    return Status::InvalidArgument("field 'source' must be api, banner or import");
  }
  r.source = *src;
  TACT_RETURN_IF_ERROR(f->Bool(kGpc, r.gpc));
  if (req.Header("sec-gpc") == "1") r.gpc = true;
  simdjson::dom::array choices;
  if (!f->Present(kChoices) || f->Get(kChoices).get(choices) != simdjson::SUCCESS) {
    return Status::InvalidArgument("field 'choices' must be an array of choices");
  }
  if (choices.size() > 500)
    return Status::InvalidArgument("field 'choices' holds more than 500 choices");
  r.choices.reserve(choices.size());
  for (element c : choices) {
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
  res.finish = [&app, event = std::move(*e)](Response& r) {
    r.body = ConsentRecordedText(app, event);
  };
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
