#include "http/api.h"

#include "http/auth.h"
#include "http/errors.h"

namespace tact::http {

using nlohmann::json;

void RegisterApiRoutes(Router& router, ApiContext& ctx) {
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
}

Handler WithSecretKey(ApiContext& ctx, std::string scope, KeyHandler fn) {
  return [&ctx, scope = std::move(scope), fn = std::move(fn)](Request& req, Respond respond) {
    auto key = AuthenticateSecret(req, ctx.app->catalog(), scope);
    if (!key.ok()) return respond(ErrorResponse(key.error()));
    fn(req, **key, std::move(respond));
  };
}

static json OptString(std::string_view s) { return s.empty() ? json(nullptr) : json(std::string(s)); }

json ChoiceToJson(const Choice& c) {
  return json{{"purpose", c.purpose},
              {"channel", OptString(ToString(c.channel))},
              {"vendor", OptString(c.vendor)},
              {"party", OptString(ToString(c.party))},
              {"state", ToString(c.state)},
              {"rule", ToString(c.rule)}};
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
