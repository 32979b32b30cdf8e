// The governor's routes: PUT/GET /v1/policies/messaging (config:write),
// POST /v1/messages/decide and POST /v1/messages/{id}/outcome (messages:decide).
// The decision is on the hot path: parsed with simdjson and answered from memory.
#include <simdjson.h>
#include <spdlog/spdlog.h>

#include "http/api_governor.h"
#include "http/errors.h"

namespace tact::http {

using governor::Governor;
using nlohmann::json;

namespace {

Status ReadString(simdjson::dom::object& obj, const char* field, std::string& out, size_t max_len) {
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

Status ReadTime(simdjson::dom::object& obj, const char* field, UnixMillis& out) {
  std::string s;
  TACT_RETURN_IF_ERROR(ReadString(obj, field, s, 40));
  if (s.empty()) return Status::Ok();
  auto t = ParseRfc3339(s);
  if (!t) {
    return Status::InvalidArgument(std::string("field '") + field +
                                   "' must be an RFC 3339 time such as 2026-06-01T22:30:00Z");
  }
  out = *t;
  return Status::Ok();
}

Result<governor::SendRequest> ParseSendRequest(std::string_view body, const std::string& tenant) {
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (body.empty() || parser.parse(body.data(), body.size()).get(doc) != simdjson::SUCCESS) {
    return Status::InvalidArgument("malformed JSON");
  }
  simdjson::dom::object obj;
  if (doc.get(obj) != simdjson::SUCCESS)
    return Status::InvalidArgument("the body must be a JSON object");
  for (auto field : obj) {
    std::string_view k = field.key;
    if (k != "subject" && k != "channel" && k != "purpose" && k != "category" && k != "priority" &&
        k != "idempotency_key" && k != "at" && k != "send_by" && k != "re_permission") {
      return Status::InvalidArgument("unknown field '" + std::string(k.substr(0, 64)) + "'");
    }
  }
  governor::SendRequest r;
  r.tenant = tenant;
  TACT_RETURN_IF_ERROR(ReadString(obj, "subject", r.subject, 128));
  TACT_RETURN_IF_ERROR(ReadString(obj, "purpose", r.purpose, 128));
  TACT_RETURN_IF_ERROR(ReadString(obj, "category", r.category, 64));
  TACT_RETURN_IF_ERROR(ReadString(obj, "idempotency_key", r.idempotency_key, 128));
  std::string s;
  TACT_RETURN_IF_ERROR(ReadString(obj, "channel", s, 16));
  auto channel = ParseChannel(s);
  if (!channel || *channel == Channel::kWeb) {
    return Status::InvalidArgument(
        "field 'channel' is required: email, sms, push, phone, post or in_app");
  }
  r.channel = *channel;
  s.clear();
  TACT_RETURN_IF_ERROR(ReadString(obj, "priority", s, 16));
  if (!s.empty()) {
    auto p = governor::ParsePriority(s);
    if (!p)
      return Status::InvalidArgument(
          "field 'priority' must be transactional, service or marketing");
    r.priority = *p;
  }
  TACT_RETURN_IF_ERROR(ReadTime(obj, "at", r.at));
  TACT_RETURN_IF_ERROR(ReadTime(obj, "send_by", r.send_by));
  simdjson::dom::element el;
  if (obj["re_permission"].get(el) == simdjson::SUCCESS && !el.is_null()) {
    bool b = false;
    if (el.get(b) != simdjson::SUCCESS) {
      return Status::InvalidArgument("field 're_permission' must be true or false");
    }
    r.re_permission = b;
  }
  return r;
}

std::string AnswerJson(const governor::DecideAnswer& a) {
  const governor::SendDecision& d = a.decision;
  std::string out;
  out.reserve(512);
  out += "{\"decision\":\"";
  out += governor::ToString(d.verdict);
  out += "\",\"message_id\":";
  out += JsonString(a.message_id);
  out += ",\"not_before\":";
  out += d.verdict == governor::Verdict::kDefer ? JsonString(FormatRfc3339(d.not_before)) : "null";
  out += ",\"at\":";
  out += JsonString(FormatRfc3339(a.at));
  out += ",\"expires_at\":";
  out += d.verdict == governor::Verdict::kSend ? JsonString(FormatRfc3339(a.expires_at)) : "null";
  out += ",\"re_permission\":";
  out += d.re_permission ? "true" : "false";
  out += ",\"fatigue_level\":";
  out += std::to_string(d.fatigue_level);
  out += ",\"replayed\":";
  out += a.replayed ? "true" : "false";
  out += ",\"reasons\":[";
  for (size_t i = 0; i < d.reasons.size(); ++i) {
    if (i) out += ',';
    out += "{\"code\":";
    out += JsonString(d.reasons[i].code);
    out += ",\"message\":";
    out += JsonString(d.reasons[i].message);
    out += '}';
  }
  out += "]}";
  return out;
}

// Wraps a handler so that a governor that failed to load answers 503.
KeyHandler Needs(std::shared_ptr<GovernorHandle> h,
                 std::function<void(Governor&, Request&, const ApiKey&, Respond)> fn) {
  return [h = std::move(h), fn = std::move(fn)](Request& req, const ApiKey& key, Respond respond) {
    if (!h->governor) return respond(ErrorResponse(h->load_error));
    fn(*h->governor, req, key, std::move(respond));
  };
}

}  // namespace

json ReasonsJson(const std::vector<Reason>& reasons) {
  json out = json::array();
  for (const Reason& r : reasons) out.push_back({{"code", r.code}, {"message", r.message}});
  return out;
}

void RegisterMessageRoutes(Router& router, ApiContext& ctx) {
  auto handle = std::make_shared<GovernorHandle>();
  auto opened = Governor::Open(ctx.app);
  if (opened.ok()) {
    handle->governor = std::shared_ptr<Governor>(std::move(*opened));
  } else {
    spdlog::error("governor: could not load its state: {}", opened.error().ToString());
    handle->load_error = Status::Unavailable("the message governor could not load its state: " +
                                             opened.error().message());
  }

  router.Add("PUT", "/v1/policies/messaging",
             WithSecretKey(
                 ctx, "config:write",
                 Needs(handle, [](Governor& g, Request& req, const ApiKey& key, Respond respond) {
                   auto body = ParseBody(req.body);
                   if (!body.ok()) return respond(ErrorResponse(body.error()));
                   auto policy = governor::MessagingPolicy::FromJson(*body);
                   if (!policy.ok()) return respond(ErrorResponse(policy.error()));
                   auto saved = g.PutPolicy(key.tenant, std::move(*policy));
                   if (!saved.ok()) return respond(ErrorResponse(saved.error()));
                   respond(JsonResponse(200, saved->ToJson()));
                 })));
  router.Add(
      "GET", "/v1/policies/messaging",
      WithSecretKey(ctx, "config:write",
                    Needs(handle, [](Governor& g, Request&, const ApiKey& key, Respond respond) {
                      respond(JsonResponse(200, g.Policy(key.tenant).ToJson()));
                    })));

  router.Add("POST", "/v1/messages/decide",
             WithSecretKey(
                 ctx, "messages:decide",
                 Needs(handle, [metrics = ctx.metrics](Governor& g, Request& req, const ApiKey& key,
                                                       Respond respond) {
                   auto request = ParseSendRequest(req.body, key.tenant);
                   if (!request.ok()) return respond(ErrorResponse(request.error()));
                   // A `send` is answered once its reservation is durable, from the
                   // store's writer thread; the I/O thread never waits for it.
                   g.DecideAsync(std::move(*request), [metrics, respond = std::move(respond)](
                                                          Result<governor::DecideAnswer> answer) {
                     if (!answer.ok()) return respond(ErrorResponse(answer.error()));
                     if (metrics != nullptr)
                       metrics->CountSendVerdict(static_cast<int>(answer->decision.verdict));
                     Response res;
                     res.body = AnswerJson(*answer);
                     respond(std::move(res));
                   });
                 })));

  router.Add(
      "POST", "/v1/messages/{id}/outcome",
      WithSecretKey(
          ctx, "messages:decide",
          Needs(handle, [](Governor& g, Request& req, const ApiKey& key, Respond respond) {
            auto body = ParseBody(req.body);
            if (!body.ok()) return respond(ErrorResponse(body.error()));
            Status st = tact::json::RequireObject(*body, "the body");
            if (st.ok()) st = tact::json::RejectUnknownFields(*body, {"outcome"});
            std::string name;
            if (st.ok()) st = tact::json::GetString(*body, "outcome", name, 32);
            auto outcome = governor::ParseOutcome(name);
            if (st.ok() && !outcome) {
              st = Status::InvalidArgument(
                  "field 'outcome' must be delivered, opened, clicked, converted, "
                  "ignored, unsubscribed, complained or bounced");
            }
            if (!st.ok()) return respond(ErrorResponse(st));
            auto a = g.RecordOutcome(key.tenant, req.Param("id"), *outcome);
            if (!a.ok()) return respond(ErrorResponse(a.error()));
            respond(JsonResponse(200, {{"message_id", a->message_id},
                                       {"outcome", governor::ToString(a->outcome)},
                                       {"recorded", a->recorded},
                                       {"fatigue",
                                        {{"level", a->level.level},
                                         {"stage", governor::ToString(a->level.stage)},
                                         {"min_gap_days", a->level.min_gap_ms / kMillisPerDay}}},
                                       {"restored", a->restored},
                                       {"paused", a->paused},
                                       {"withdrawn", a->withdrawn}}));
          })));

  RegisterSubjectRoutes(router, ctx, handle);
}

}  // namespace tact::http
