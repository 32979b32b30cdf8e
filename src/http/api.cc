#include "http/api.h"

#include <spdlog/spdlog.h>

#include <charconv>
#include <cmath>

#include "feedback/feedback_service.h"
#include "governor/governor.h"
#include "http/auth.h"
#include "http/errors.h"
#include "http/hot_json.h"
#include "tact/ids.h"

namespace tact::http {

using nlohmann::json;

void RegisterApiRoutes(Router& router, ApiContext& ctx) {
  auto feedback = feedback::FeedbackService::Open(&ctx.app->store(), &ctx.app->clock());
  if (feedback.ok()) {
    ctx.feedback = std::shared_ptr<feedback::FeedbackService>(std::move(*feedback));
  } else {
    spdlog::error("feedback: could not load: {}", feedback.error().ToString());
    ctx.feedback_error =
        Status::Unavailable("feedback could not load its records: " + feedback.error().message());
  }
  auto governor = governor::Governor::Open(ctx.app);
  if (governor.ok()) {
    ctx.governor = std::shared_ptr<governor::Governor>(std::move(*governor));
  } else {
    spdlog::error("governor: could not load its state: {}", governor.error().ToString());
    ctx.governor_error = Status::Unavailable("the message governor could not load its state: " +
                                             governor.error().message());
  }
  RegisterHealthRoutes(router, ctx);
  RegisterAdminRoutes(router, ctx);
  RegisterConfigRoutes(router, ctx);
  RegisterConsentRoutes(router, ctx);
  RegisterDecideRoutes(router, ctx);
  RegisterEventRoutes(router, ctx);
  RegisterSignalRoutes(router, ctx);
  RegisterLedgerRoutes(router, ctx);
  RegisterMessageRoutes(router, ctx);
  RegisterFeedbackRoutes(router, ctx);
  RegisterPublicRoutes(router, ctx);
  RegisterPageRoutes(router, ctx);
  RegisterAuditRoutes(router, ctx);
}

AuditSpec AuditPathSubject(std::string route) {
  return {std::move(route),
          [](const Request& req, const ApiKey&) { return std::string(req.Param("id")); }};
}

AuditSpec AuditBodySubject(std::string route) {
  // simdjson, in place: the handler parses the body again its own way.
  return {std::move(route), [](Request& req, const ApiKey&) {
            simdjson::dom::element doc;
            if (ParseHotJson(req.body, doc) != simdjson::SUCCESS) return std::string();
            simdjson::dom::object fields;
            if (doc.get(fields) != simdjson::SUCCESS) return std::string();
            // The last "subject" when the name repeats: the one the handler records.
            std::string_view subject;
            for (auto field : fields) {
              if (field.key == "subject" && field.value.get(subject) != simdjson::SUCCESS) {
                subject = {};
              }
            }
            return std::string(subject);
          }};
}

bool ParseQueryUint(std::string_view s, uint64_t max, uint64_t& out) {
  if (s.empty()) return true;
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v > max) return false;
  out = v;
  return true;
}

Respond AuditedRespond(ApiContext& ctx, std::string tenant, std::string who, std::string route,
                       std::string subject, Respond respond) {
  if (!IsValidSubjectId(subject)) subject.clear();  // only well-formed ids are kept
  AuditEntry row{0, std::move(tenant), 0, std::move(who), std::move(route), std::move(subject), 0};
  return [&ctx, row = std::move(row), respond = std::move(respond)](Response r) mutable {
    row.status = r.status;
    ctx.app->audit().Record(std::move(row));
    respond(std::move(r));
  };
}

namespace {

Response TooManyRequests(int retry_after_seconds) {
  Response r =
      ErrorResponse(Status::ResourceExhausted("too many requests for this API key; retry later"));
  r.headers.emplace_back("Retry-After", std::to_string(retry_after_seconds));
  return r;
}

// The audit row of a key's request, recorded with the status answered.
Respond AuditedKeyRespond(ApiContext& ctx, const AuditSpec& audit, Request& req, const ApiKey& key,
                          Respond respond) {
  std::string subject = audit.subject ? audit.subject(req, key) : std::string();
  return AuditedRespond(ctx, key.tenant, key.id, audit.route, std::move(subject),
                        std::move(respond));
}

Handler Authorized(ApiContext& ctx, std::vector<std::string> scopes, KeyHandler fn,
                   AuditSpec audit) {
  return [&ctx, scopes = std::move(scopes), fn = std::move(fn), audit = std::move(audit)](
             Request& req, Respond respond) {
    // Authentication: any secret key of any tenant (the tenant comes from it).
    auto key = AuthenticateSecret(req, ctx.app->catalog(), "");
    if (!key.ok()) return respond(ErrorResponse(key.error()));
    const ApiKey& k = **key;
    if (ctx.key_limiter && (ctx.key_limit_decide || scopes.front() != "decide")) {
      auto taken = ctx.key_limiter->Take(k.id, SteadyMillis());
      if (!taken.allowed) return respond(TooManyRequests(taken.retry_after_seconds));
    }
    if (!audit.route.empty()) respond = AuditedKeyRespond(ctx, audit, req, k, std::move(respond));
    // Authorization: the route's scope.
    bool allowed = false;
    for (const auto& s : scopes) allowed = allowed || k.HasScope(s);
    if (!allowed) {
      return respond(ErrorResponse(
          Status::PermissionDenied("this key lacks the '" + scopes.front() + "' scope")));
    }
    fn(req, k, std::move(respond));
  };
}

}  // namespace

Handler WithSecretKey(ApiContext& ctx, std::string scope, KeyHandler fn, AuditSpec audit) {
  return Authorized(ctx, {std::move(scope)}, std::move(fn), std::move(audit));
}

Handler WithSecretKeyAnyOf(ApiContext& ctx, std::vector<std::string> scopes, KeyHandler fn,
                           AuditSpec audit) {
  return Authorized(ctx, std::move(scopes), std::move(fn), std::move(audit));
}

static json OptString(std::string_view s) {
  return s.empty() ? json(nullptr) : json(std::string(s));
}

json ChoiceToJson(const Choice& c) {
  return json{{"purpose", c.purpose},          {"channel", OptString(ToString(c.channel))},
              {"vendor", OptString(c.vendor)}, {"party", OptString(ToString(c.party))},
              {"state", ToString(c.state)},    {"rule", ToString(c.rule)}};
}

json EventToJson(const ConsentEvent& e) {
  json choices = json::array();
  for (const auto& c : e.choices) choices.push_back(ChoiceToJson(c));
  return json{{"seq", e.seq},
              {"time", FormatRfc3339(e.time)},
              {"subject", e.subject},
              {"property", OptString(e.property)},
              {"notice_version", e.notice_version},
              {"source", ToString(e.source)},
              {"gpc", e.gpc},
              {"receipt_id", OptString(e.receipt_id)},
              {"choices", choices}};
}

}  // namespace tact::http
