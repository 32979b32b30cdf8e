// The HTTP API of tact: registers every route on a Router. Each api_*.cc
// file holds one group of routes; they share ApiContext.
#ifndef TACT_HTTP_API_H_
#define TACT_HTTP_API_H_

#include <functional>
#include <memory>
#include <string>

#include "core/api_key.h"
#include "core/consent_event.h"
#include "feedback/ces.h"
#include "http/json_io.h"
#include "http/metrics.h"
#include "http/rate_limit.h"
#include "http/router.h"
#include "service/app.h"

namespace tact::feedback {
class FeedbackService;
}
namespace tact::governor {
class Governor;
}

namespace tact::http {

struct ApiContext {
  App* app = nullptr;
  std::string admin_key_hash;  // HashKey of the admin key
  Metrics* metrics = nullptr;
  // Runs a task that may block for long (a long-poll) off the I/O threads.
  std::function<void(std::function<void()>)> run_blocking;
  // The demo property's publishable key, for the /demo/ page (empty: no demo).
  std::string demo_publishable_key;
  // Per secret key rate limit (token bucket by key id; 429 + Retry-After).
  // Null: no per-key limit. Routes of the `decide` scope (the in-memory hot
  // path) are limited only when `key_limit_decide` is set.
  std::shared_ptr<RateLimiter> key_limiter;
  bool key_limit_decide = false;
  // Customer effort (CES answers and effort events), shared by the secret-key
  // routes, the banner's public routes and the My-data page. Null when it
  // could not load; `feedback_error` then says why.
  std::shared_ptr<feedback::FeedbackService> feedback;
  Status feedback_error;
  // The message governor, for its routes and the person's own export. Null
  // when it could not load; `governor_error` then says why (503).
  std::shared_ptr<governor::Governor> governor;
  Status governor_error;
};

void RegisterApiRoutes(Router& router, ApiContext& ctx);

// Route groups (one file each).
void RegisterHealthRoutes(Router& router, ApiContext& ctx);
void RegisterAdminRoutes(Router& router, ApiContext& ctx);
void RegisterConfigRoutes(Router& router, ApiContext& ctx);
void RegisterConsentRoutes(Router& router, ApiContext& ctx);
void RegisterDecideRoutes(Router& router, ApiContext& ctx);
void RegisterEventRoutes(Router& router, ApiContext& ctx);
void RegisterSignalRoutes(Router& router, ApiContext& ctx);
void RegisterLedgerRoutes(Router& router, ApiContext& ctx);
void RegisterMessageRoutes(Router& router,
                           ApiContext& ctx);  // governor: messages, policy, subjects
void RegisterFeedbackRoutes(Router& router,
                            ApiContext& ctx);                // customer effort (CES, effort events)
void RegisterPublicRoutes(Router& router, ApiContext& ctx);  // /v1/p/...: publishable keys
void RegisterPageRoutes(Router& router, ApiContext& ctx);    // /sdk/, /me/, /demo/, portal links
void RegisterAuditRoutes(Router& router, ApiContext& ctx);   // GET /v1/audit

// A handler for server-side routes: authenticates a secret key with `scope`
// and passes the key (whose tenant scopes everything) to `fn`.
using KeyHandler = std::function<void(Request&, const ApiKey&, Respond)>;

// How a route that reads or changes a person's data is audited
// (service/audit_log.h): its name ("GET /v1/subjects/{id}/consents") and
// how to find the subject of a request. An empty route: not audited.
struct AuditSpec {
  std::string route;
  // May grow the body's capacity (for simdjson's padding), never its bytes.
  std::function<std::string(Request&, const ApiKey&)> subject;
};
// The subject is the {id} path parameter / the body's "subject" field.
AuditSpec AuditPathSubject(std::string route);
AuditSpec AuditBodySubject(std::string route);

// Wraps `respond` so that the answer's status is recorded in `tenant`'s audit
// log as an access by `who` (a key id, or "portal" for the person through a
// portal link) to `subject`'s data through `route`.
Respond AuditedRespond(ApiContext& ctx, std::string tenant, std::string who, std::string route,
                       std::string subject, Respond respond);

// Authenticates a tenant's secret key holding `scope` (401 without a valid
// key, 403 for a publishable key or a missing scope), applies the per-key
// rate limit, and, when `audit` names a route, records the access (key id,
// route, subject, answered status) in the tenant's audit log — refusals of
// an authenticated key included.
Handler WithSecretKey(ApiContext& ctx, std::string scope, KeyHandler fn, AuditSpec audit = {});
// The same for a route that any one of `scopes` opens.
Handler WithSecretKeyAnyOf(ApiContext& ctx, std::vector<std::string> scopes, KeyHandler fn,
                           AuditSpec audit = {});

// A query parameter as a whole number up to `max`: true and `out` set, or
// true and `out` unchanged when the parameter is empty; false when it is not
// digits only or is above `max`.
bool ParseQueryUint(std::string_view s, uint64_t max, uint64_t& out);

// The body of POST /v1/consents (and, with the property and subject checked
// by the caller, of POST /v1/p/{property}/consents). Sec-GPC: 1 sets gpc.
Result<ConsentRequest> ParseConsentRequest(Request& req, const std::string& tenant);

// Bodies of the customer-effort routes (api_feedback.cc), shared by the
// secret-key and the public routes: "id", "at" and "ref" are tact's to set;
// a browser's CES answer (allow_subject false) names no subject.
Result<feedback::CesResponse> ParseCes(const std::string& body, bool allow_subject);
Result<feedback::EffortEvent> ParseEffort(const std::string& body);
// The 201 answer to a recorded consent, as JSON text: the event (EventToJson's
// fields), its signed receipt and, on a property, the subject's TC string,
// GPP string and Consent Mode state there (else null).
std::string ConsentRecordedText(const App& app, const ConsentEvent& e);
// Answers 201 with ConsentRecordedText(app, e), or the error. Safe to call
// from the store's writer thread: the body is written (and the receipt
// signed) by Response::finish, on the connection's thread.
void RespondRecorded(const App& app, Result<ConsentEvent> e, Respond respond);

// Shared JSON shapes.
nlohmann::json EventToJson(const ConsentEvent& e);
nlohmann::json ChoiceToJson(const Choice& c);

}  // namespace tact::http

#endif  // TACT_HTTP_API_H_
