// Public, browser-facing routes used by the banner (/sdk/tact.js):
//
//   GET  /v1/p/{property}/config    notice, purposes and vendors with their texts, what to ask
//                                   this subject, the subject's current state, GPC
//   POST /v1/p/{property}/consents  records the browser's own choices
//   POST /v1/p/{property}/feedback/ces     a CES answer from tact.ces() (anonymous)
//   POST /v1/p/{property}/feedback/effort  how many interactions and seconds a
//                                          banner choice took (no subject, no text)
//   OPTIONS on each                 CORS preflight
//
// Both answers carry the subject's TC and GPP strings and, decoded here by
// tact's own codecs so that the banner needs no decoder, "tc_data" (the TCF
// CMP API TCData fields the string holds, with each id map sent as the
// ascending list of its set ids) and "gpp_sections"/"gpp_section_list" (the
// GPP CMP API parsedSections and sectionList). Before any choice the config
// carries the strings of a person who has chosen nothing yet, for the
// 'cmpuishown' state (legitimate-interest signals set, no consent).
//
// They take the property's publishable key ("Authorization: Bearer pk_..." or,
// for GET, "?key=pk_..." so that loading the config needs no preflight). The
// key must belong to the property in the path, the request must come from
// one of the property's origins, and each client IP has a token bucket.
// The subject is the pseudonymous id the banner keeps in its first-party
// cookie ("sub_" + random); a publishable key can write nothing else.
#include <algorithm>
#include <charconv>
#include <memory>

#include "codec/gpp/gpp_codec.h"
#include "codec/tcf/tc_json.h"
#include "core/purpose.h"
#include "feedback/feedback_service.h"
#include "http/api.h"
#include "http/auth.h"
#include "http/cors.h"
#include "http/errors.h"
#include "http/rate_limit.h"
#include "tact/ids.h"

namespace tact::http {

using nlohmann::json;

namespace {

// "sub_" and 16-64 characters of [A-Za-z0-9_-]: what the banner mints.
bool IsBrowserSubject(std::string_view s) {
  if (s.size() < 20 || s.size() > 68 || s.substr(0, 4) != "sub_") return false;
  for (char c : s.substr(4)) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

struct PublicAccess {
  ApiKey key;
  Property property;
  std::string origin;  // echoed in CORS headers; empty for same-origin requests
};

// Rate limit, key, property and origin, in that order. On failure the error
// response is ready to send (with CORS headers when the origin may read it).
Result<PublicAccess> Authorize(const Request& req, const Catalog& catalog, RateLimiter& limiter,
                               Response* error) {
  auto fail = [&](Response res, std::string_view cors_origin) -> Status {
    AddCorsHeaders(res, cors_origin);
    *error = std::move(res);
    return Status::PermissionDenied("refused");
  };
  std::string origin = RequestOrigin(req);
  std::string cors = HasOriginHeader(req) ? origin : std::string();
  auto taken = limiter.Take(req.remote_ip, SteadyMillis());
  if (!taken.allowed) {
    Response res = ErrorResponse(
        Status::ResourceExhausted("too many requests from this address; retry later"));
    res.headers.emplace_back("Retry-After", std::to_string(taken.retry_after_seconds));
    return fail(std::move(res), cors);
  }
  std::string_view token = BearerToken(req);
  if (token.empty() && req.method == "GET") token = req.Query("key");
  if (token.empty() || token.size() > 200) {
    return fail(
        ErrorResponse(Status::Unauthenticated("this route needs the property's publishable key")),
        cors);
  }
  auto key = catalog.Authenticate(token);
  if (!key.ok()) return fail(ErrorResponse(key.error()), cors);
  if ((*key)->kind != KeyKind::kPublishable) {
    return fail(
        ErrorResponse(Status::PermissionDenied(
            "a secret key must never be sent from a browser; use the property's publishable key")),
        cors);
  }
  std::string_view property_id = req.Param("property");
  if ((*key)->property != property_id) {
    return fail(
        ErrorResponse(Status::PermissionDenied("this publishable key belongs to another property")),
        cors);
  }
  auto property = catalog.GetProperty((*key)->tenant, property_id);
  if (!property) return fail(ErrorResponse(Status::NotFound("no such property")), cors);
  if (!OriginAllowed(*property, origin)) {
    // No CORS headers: a page on a foreign origin learns nothing.
    return fail(
        ErrorResponse(Status::PermissionDenied("this origin is not allowed for the property")), "");
  }
  return PublicAccess{**key, std::move(*property), std::move(cors)};
}

json FilterLanguages(const std::map<std::string, std::string>& text,
                     const std::vector<std::string>& languages) {
  json out = json::object();
  for (const std::string& l : languages) {
    auto it = text.find(l);
    if (it != text.end()) out[l] = it->second;
  }
  if (out.empty() && !text.empty())
    out[text.begin()->first] = text.begin()->second;  // something beats nothing
  return out;
}

// The languages asked for (?lang=fr,en) that the property offers; all of the
// property's languages when none is asked for or none matches.
std::vector<std::string> ChosenLanguages(const Request& req, const Property& p) {
  std::vector<std::string> out;
  std::string_view q = req.Query("lang");
  size_t i = 0;
  while (i < q.size() && out.size() < 8) {
    size_t comma = q.find(',', i);
    if (comma == std::string_view::npos) comma = q.size();
    std::string l(q.substr(i, comma - i));
    if (std::find(p.languages.begin(), p.languages.end(), l) != p.languages.end() &&
        std::find(out.begin(), out.end(), l) == out.end()) {
      out.push_back(l);
    }
    i = comma + 1;
  }
  if (out.empty()) out = p.languages;
  if (out.empty()) out = {"en"};
  return out;
}

bool Choosable(const Purpose& p) {
  return p.legal_basis == LegalBasis::kConsent || p.legal_basis == LegalBasis::kLegitimateInterest;
}

// The subject's purpose-level choice for `key` (its own or its family's).
const CurrentConsent* PurposeState(const std::vector<CurrentConsent>& consents,
                                   std::string_view key) {
  const CurrentConsent* best = nullptr;
  for (const CurrentConsent& c : consents) {
    if (!c.vendor.empty() || c.channel != Channel::kAny || c.party != Party::kAny) continue;
    if (!PurposeCovers(c.purpose, key)) continue;
    if (best == nullptr || c.purpose.size() > best->purpose.size()) best = &c;
  }
  return best;
}

json StateJson(const CurrentConsent* c) {
  if (c == nullptr) return json{{"state", nullptr}, {"since", nullptr}, {"rule", nullptr}};
  return json{{"state", ToString(c->state)},
              {"since", FormatRfc3339(c->since)},
              {"rule", ToString(c->rule)}};
}

// {"1":false,"2":true,...} (an object of booleans, or {}) -> [2]: the set ids
// in ascending order. Other objects are walked; other values are kept.
json CompactIdMaps(const json& j) {
  if (!j.is_object()) return j;
  bool id_map = true;
  for (const auto& [k, v] : j.items()) id_map = id_map && v.is_boolean();
  if (!id_map) {
    json out = json::object();
    for (const auto& [k, v] : j.items()) out[k] = CompactIdMaps(v);
    return out;
  }
  std::vector<int> ids;
  for (const auto& [k, v] : j.items()) {
    int id = 0;
    auto [end, ec] = std::from_chars(k.data(), k.data() + k.size(), id);
    if (ec == std::errc() && end == k.data() + k.size() && v.get<bool>()) ids.push_back(id);
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

// The decode JSON of the string at j[key], or null when there is none or it
// does not decode.
json Decoded(const json& j, const char* key, void (*decode)(std::string_view, std::string*)) {
  auto s = j.find(key);
  if (s == j.end() || !s->is_string()) return nullptr;
  std::string text;
  decode(s->get_ref<const std::string&>(), &text);
  json d = json::parse(text, nullptr, false);
  if (!d.is_object() || d.contains("error")) return nullptr;
  return d;
}

// Adds tc_data, gpp_sections and gpp_section_list (null when there is no
// string or it does not decode) next to tc_string and gpp_string.
void AddDecodedSignals(json& j) {
  json tc = Decoded(j, "tc_string", codec::tcf::DecodeToJson);
  json gpp = Decoded(j, "gpp_string", codec::gpp::DecodeToJson);
  j["tc_data"] = nullptr;
  j["gpp_sections"] = nullptr;
  j["gpp_section_list"] = nullptr;
  if (tc.contains("tcData")) {
    json data = std::move(tc["tcData"]);
    data.erase("tcString");     // the banner has it as tc_string
    data.erase("gdprApplies");  // the config says
    j["tc_data"] = CompactIdMaps(data);
  }
  if (gpp.contains("sections")) {
    j["gpp_sections"] = std::move(gpp["sections"]);
    j["gpp_section_list"] = std::move(gpp["sectionList"]);
  }
}

json ConfigJson(App& app, const PublicAccess& access, const Request& req) {
  const Catalog& catalog = app.catalog();
  const std::string& tenant = access.key.tenant;
  const Property& property = access.property;
  std::vector<std::string> languages = ChosenLanguages(req, property);
  std::string subject(req.Query("subject"));
  if (!IsBrowserSubject(subject)) subject.clear();
  bool gpc = req.Header("sec-gpc") == "1" || req.Query("gpc") == "1";
  auto tenant_rec = catalog.GetTenant(tenant);
  ConsentPolicy policy = tenant_rec ? tenant_rec->policy : ConsentPolicy{};

  json j{{"property",
          {{"id", property.id}, {"name", property.name}, {"languages", property.languages}}},
         {"languages", languages},
         {"gdpr_applies", true},
         {"gpc", gpc},
         {"subject", subject.empty() ? json(nullptr) : json(subject)},
         {"policy",
          {{"refusal_interval_days", policy.refusal_interval_days},
           {"consent_lifetime_days", policy.consent_lifetime_days}}},
         {"tcf", nullptr},
         {"tc_string", nullptr},
         {"gpp_string", nullptr},
         {"consent_mode", nullptr}};
  if (property.tcf.cmp_id >= 2) {
    if (auto gvl = catalog.GetGvl(tenant, property.id)) {
      j["tcf"] = {{"cmp_id", property.tcf.cmp_id},
                  {"cmp_version", property.tcf.cmp_version},
                  {"gvl_version", gvl->vendor_list_version},
                  {"policy_version", gvl->tcf_policy_version}};
    }
  }
  // An unknown browser gets the signals of someone who has chosen nothing.
  auto signals = app.Signals(tenant, subject, property.id);
  if (signals.ok()) {
    if (signals->tc_string) j["tc_string"] = *signals->tc_string;
    j["gpp_string"] = signals->gpp_string;
    j["consent_mode"] = signals->consent_mode;
  }
  AddDecodedSignals(j);
  auto notice = catalog.LatestNotice(tenant, property.id);
  json purposes = json::array();
  json vendors = json::array();
  json ask_purposes = json::array();
  json ask_vendors = json::array();
  if (!notice) {
    j["notice_version"] = nullptr;
    j["purposes"] = purposes;
    j["vendors"] = vendors;
    j["ask"] = {{"purposes", ask_purposes}, {"vendors", ask_vendors}};
    j["show"] = false;
    return j;
  }
  j["notice_version"] = notice->version;
  std::vector<CurrentConsent> consents;
  if (!subject.empty()) consents = app.Consents(tenant, subject);
  AskList ask;
  auto asked = app.WhatToAsk(tenant, subject, property.id);  // unknown subject: ask everything
  if (asked.ok()) ask = std::move(*asked);

  std::vector<std::shared_ptr<const Vendor>> notice_vendors;
  for (const auto& [id, fp] : notice->vendors) {
    if (auto v = catalog.GetVendor(tenant, id)) notice_vendors.push_back(std::move(v));
  }
  auto uses = [](const Vendor& v, std::string_view key) {
    for (const auto& p : v.purposes) {
      if (PurposeCovers(p, key)) return true;
    }
    for (const auto& p : v.legitimate_interest_purposes) {
      if (PurposeCovers(p, key)) return true;
    }
    return false;
  };
  bool show = false;
  // First-party data first, then second, then third: the order people are told.
  std::vector<Purpose> listed = catalog.ListPurposes(tenant);
  std::stable_sort(listed.begin(), listed.end(),
                   [](const Purpose& a, const Purpose& b) { return a.party < b.party; });
  for (const Purpose& p : listed) {
    if (!notice->purposes.count(p.key)) continue;
    json item{{"key", p.key},
              {"title", FilterLanguages(p.title, languages)},
              {"description", FilterLanguages(p.description, languages)},
              {"benefit", FilterLanguages(p.benefit, languages)},
              {"legal_basis", ToString(p.legal_basis)},
              {"party", ToString(p.party)},
              {"retention_days", p.retention_days},
              {"sale_or_sharing", p.sale_or_sharing},
              {"cookies", p.cookies}};
    json channels = json::array();
    for (Channel c : p.channels) channels.push_back(ToString(c));
    item["channels"] = channels;
    json used_by = json::array();
    for (const auto& v : notice_vendors) {
      if (uses(*v, p.key)) used_by.push_back(v->id);
    }
    item["vendors"] = used_by;
    item.update(StateJson(PurposeState(consents, p.key)));
    purposes.push_back(std::move(item));
    if (Choosable(p) &&
        std::find(ask.purposes.begin(), ask.purposes.end(), p.key) != ask.purposes.end()) {
      ask_purposes.push_back(p.key);
      show = true;
    }
  }
  for (const auto& v : notice_vendors) {
    json choices = json::object();
    for (const CurrentConsent& c : consents) {
      if (c.vendor == v->id && c.channel == Channel::kAny && c.party == Party::kAny) {
        choices[c.purpose] = ToString(c.state);
      }
    }
    vendors.push_back({{"id", v->id},
                       {"name", v->name},
                       {"party", ToString(v->party)},
                       {"gvl_id", v->gvl_id ? json(*v->gvl_id) : json(nullptr)},
                       {"policy_url", v->policy_url},
                       {"purposes", v->purposes},
                       {"legitimate_interest_purposes", v->legitimate_interest_purposes},
                       {"choices", choices}});
    if (std::find(ask.vendors.begin(), ask.vendors.end(), v->id) != ask.vendors.end()) {
      ask_vendors.push_back(v->id);
      show = true;
    }
  }
  j["purposes"] = purposes;
  j["vendors"] = vendors;
  j["ask"] = {{"purposes", ask_purposes}, {"vendors", ask_vendors}};
  j["show"] = show;
  return j;
}

// Preflight: the tenant is not known before the key is seen, so the origin is
// accepted when any property with this id lists it; the real request is
// checked against the key's own property.
Response Preflight(const Request& req, const Catalog& catalog, std::string_view methods) {
  std::string_view origin = req.Header("origin");
  std::string_view property_id = req.Param("property");
  for (const Tenant& t : catalog.ListTenants()) {
    auto p = catalog.GetProperty(t.id, property_id);
    if (p && OriginAllowed(*p, origin)) return PreflightResponse(origin, methods);
  }
  Response res =
      ErrorResponse(Status::PermissionDenied("this origin is not allowed for the property"));
  AddCorsHeaders(res, "");
  return res;
}

// POST /v1/p/{property}/feedback/ces (ces) or /feedback/effort: the answer.
Response RecordPublicFeedback(ApiContext& ctx, const std::string& tenant, const std::string& body,
                              bool ces) {
  if (!ctx.feedback) return ErrorResponse(ctx.feedback_error);
  if (ces) {
    auto r = ParseCes(body, /*allow_subject=*/false);
    if (!r.ok()) return ErrorResponse(r.error());
    auto saved = ctx.feedback->RecordCes(tenant, std::move(*r));
    return saved.ok() ? JsonResponse(201, saved->ToJson()) : ErrorResponse(saved.error());
  }
  auto e = ParseEffort(body);
  if (!e.ok()) return ErrorResponse(e.error());
  auto saved = ctx.feedback->RecordEffort(tenant, std::move(*e));
  return saved.ok() ? JsonResponse(201, saved->ToJson()) : ErrorResponse(saved.error());
}

}  // namespace

void RegisterPublicRoutes(Router& router, ApiContext& ctx) {
  App& app = *ctx.app;
  auto limiter = std::make_shared<RateLimiter>();

  router.Add("GET", "/v1/p/{property}/config", [&app, limiter](Request& req, Respond respond) {
    Response error;
    auto access = Authorize(req, app.catalog(), *limiter, &error);
    if (!access.ok()) return respond(std::move(error));
    Response res = JsonResponse(200, ConfigJson(app, *access, req));
    AddCorsHeaders(res, access->origin);
    respond(std::move(res));
  });
  router.Add("OPTIONS", "/v1/p/{property}/config", [&app](Request& req, Respond respond) {
    respond(Preflight(req, app.catalog(), "GET, OPTIONS"));
  });

  router.Add(
      "POST", "/v1/p/{property}/consents", [&app, &ctx, limiter](Request& req, Respond respond) {
        Response error;
        auto access = Authorize(req, app.catalog(), *limiter, &error);
        if (!access.ok()) return respond(std::move(error));
        std::string cors = access->origin;
        auto fail = [&](const Status& s) {
          Response res = ErrorResponse(s);
          AddCorsHeaders(res, cors);
          respond(std::move(res));
        };
        auto request = ParseConsentRequest(req, access->key.tenant);
        if (!request.ok()) return fail(request.error());
        if (!request->property.empty() && request->property != access->property.id) {
          return fail(Status::PermissionDenied("this publishable key belongs to another property"));
        }
        if (!IsBrowserSubject(request->subject)) {
          return fail(
              Status::PermissionDenied("a publishable key records only the browser's own subject "
                                       "('sub_' and 16-64 letters, digits, '_' or '-')"));
        }
        request->property = access->property.id;
        request->source = Source::kBanner;
        app.RecordConsentAsync(std::move(*request), [&ctx, respond, cors](Result<ConsentEvent> e) {
          if (!e.ok()) {
            Response res = ErrorResponse(e.error());
            AddCorsHeaders(res, cors);
            return respond(std::move(res));
          }
          // Called on the store's writer thread: the receipt is signed and
          // the signals built on the connection's thread.
          Response res;
          res.status = 201;
          AddCorsHeaders(res, cors);
          res.finish = [&app = *ctx.app, event = std::move(*e)](Response& r) {
            json j = json::parse(ConsentRecordedText(app, event));
            AddDecodedSignals(j);
            r.body = Dump(j);
          };
          respond(std::move(res));
        });
      });
  router.Add("OPTIONS", "/v1/p/{property}/consents", [&app](Request& req, Respond respond) {
    respond(Preflight(req, app.catalog(), "POST, OPTIONS"));
  });

  // Customer effort from the browser: what ParseCes/ParseEffort accept,
  // recorded for the key's tenant; a CES answer names no subject. The store
  // write waits for its fsync: off the I/O thread.
  auto feedback_route = [&app, &ctx, limiter](bool ces) {
    return [&app, &ctx, limiter, ces](Request& req, Respond respond) {
      Response error;
      auto access = Authorize(req, app.catalog(), *limiter, &error);
      if (!access.ok()) return respond(std::move(error));
      ctx.run_blocking([&ctx, ces, tenant = access->key.tenant, cors = access->origin,
                        body = std::move(req.body), respond] {
        Response res = RecordPublicFeedback(ctx, tenant, body, ces);
        AddCorsHeaders(res, cors);
        respond(std::move(res));
      });
    };
  };
  for (bool ces : {true, false}) {
    std::string path = ces ? "/v1/p/{property}/feedback/ces" : "/v1/p/{property}/feedback/effort";
    router.Add("POST", path, feedback_route(ces));
    router.Add("OPTIONS", path, [&app](Request& req, Respond respond) {
      respond(Preflight(req, app.catalog(), "POST, OPTIONS"));
    });
  }
}

}  // namespace tact::http
