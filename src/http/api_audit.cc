// GET /v1/audit?subject=S&after=SEQ&limit=N (scope audit:read): the tenant's
// audit log — who (key id) read or changed which person's data, through
// which route, when, and what was answered. Only the key's tenant's rows are
// ever read. Reading the log is itself an access and is recorded.

#include "http/api.h"
#include "http/errors.h"
#include "tact/ids.h"

namespace tact::http {

using nlohmann::json;

namespace {

json EntryJson(const AuditEntry& e) {
  return json{{"seq", e.seq},
              {"time", FormatRfc3339(e.time)},
              {"key_id", e.key_id},
              {"route", e.route},
              {"subject", e.subject.empty() ? json(nullptr) : json(e.subject)},
              {"status", e.status}};
}

AuditSpec AuditQuerySubject() {
  return {"GET /v1/audit",
          [](const Request& req, const ApiKey&) { return std::string(req.Query("subject")); }};
}

}  // namespace

void RegisterAuditRoutes(Router& router, ApiContext& ctx) {
  App& app = *ctx.app;
  router.Add(
      "GET", "/v1/audit",
      WithSecretKey(
          ctx, "audit:read",
          [&app](Request& req, const ApiKey& key, Respond respond) {
            AuditQuery q;
            q.tenant = key.tenant;
            q.subject = std::string(req.Query("subject"));
            uint64_t limit = 100;
            if (!ParseQueryUint(req.Query("after"), UINT64_MAX, q.after) ||
                !ParseQueryUint(req.Query("limit"), 1000, limit) || limit == 0) {
              return respond(ErrorResponse(Status::InvalidArgument(
                  "query parameters: after is a sequence number, limit 1..1000")));
            }
            if (!q.subject.empty() && !IsValidSubjectId(q.subject)) {
              return respond(ErrorResponse(Status::InvalidArgument("not a valid subject id")));
            }
            q.limit = static_cast<size_t>(limit);
            auto rows = app.audit().Read(q);
            if (!rows.ok()) return respond(ErrorResponse(rows.error()));
            json list = json::array();
            uint64_t next = q.after;
            for (const auto& e : *rows) {
              list.push_back(EntryJson(e));
              next = e.seq;
            }
            respond(JsonResponse(200, {{"entries", list}, {"next_after", next}}));
          },
          AuditQuerySubject()));
}

}  // namespace tact::http
