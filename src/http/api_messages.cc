// The governor's routes: PUT/GET /v1/policies/messaging (config:write),
// POST /v1/messages/decide and POST /v1/messages/{id}/outcome (messages:decide).
// The decision is on the hot path: parsed with simdjson and answered from memory.
#include <simdjson.h>
#include <spdlog/spdlog.h>

#include "codec/json_writer.h"
#include "governor/time_zones.h"
#include "http/api_governor.h"
#include "http/errors.h"
#include "http/hot_json.h"

namespace tact::http {

using governor::Governor;
using nlohmann::json;

namespace {

// Fields of a decide request, read in one pass over the object's members.
Status StringField(simdjson::dom::element el, std::string_view field, std::string& out,
                   size_t max_len) {
  if (el.is_null()) return Status::Ok();
  std::string_view s;
  if (el.get(s) != simdjson::SUCCESS) {
    return Status::InvalidArgument("field '" + std::string(field) + "' must be a string");
  }
  if (s.size() > max_len) {
    return Status::InvalidArgument("field '" + std::string(field) + "' is too long");
  }
  out.assign(s);
  return Status::Ok();
}

Status TimeField(simdjson::dom::element el, std::string_view field, UnixMillis& out) {
  if (el.is_null()) return Status::Ok();
  std::string_view s;
  if (el.get(s) != simdjson::SUCCESS) {
    return Status::InvalidArgument("field '" + std::string(field) + "' must be a string");
  }
  if (s.size() > 40) {
    return Status::InvalidArgument("field '" + std::string(field) + "' is too long");
  }
  if (s.empty()) return Status::Ok();
  auto t = ParseRfc3339(std::string(s));
  if (!t) {
    return Status::InvalidArgument("field '" + std::string(field) +
                                   "' must be an RFC 3339 time such as 2026-06-01T22:30:00Z");
  }
  out = *t;
  return Status::Ok();
}

Result<governor::SendRequest> ParseSendRequest(std::string& body, const std::string& tenant) {
  simdjson::dom::element doc;
  if (ParseHotJson(body, doc) != simdjson::SUCCESS) {
    return Status::InvalidArgument("malformed JSON");
  }
  simdjson::dom::object obj;
  if (doc.get(obj) != simdjson::SUCCESS)
    return Status::InvalidArgument("the body must be a JSON object");
  // One pass over the members: an unknown one is refused before any field is
  // judged (the first unknown is named); a field given twice counts once, the
  // first time (as simdjson's lookup by key finds it).
  simdjson::dom::element subject, purpose, category, key, channel, priority, at, send_by, re_perm;
  bool has[9] = {};
  for (auto field : obj) {
    std::string_view k = field.key;
    simdjson::dom::element* slot = nullptr;
    int i = -1;
    if (k == "subject") {
      slot = &subject, i = 0;
    } else if (k == "purpose") {
      slot = &purpose, i = 1;
    } else if (k == "category") {
      slot = &category, i = 2;
    } else if (k == "idempotency_key") {
      slot = &key, i = 3;
    } else if (k == "channel") {
      slot = &channel, i = 4;
    } else if (k == "priority") {
      slot = &priority, i = 5;
    } else if (k == "at") {
      slot = &at, i = 6;
    } else if (k == "send_by") {
      slot = &send_by, i = 7;
    } else if (k == "re_permission") {
      slot = &re_perm, i = 8;
    } else {
      return Status::InvalidArgument("unknown field '" + std::string(k.substr(0, 64)) + "'");
    }
    if (!has[i]) {
      *slot = field.value;
      has[i] = true;
    }
  }
  governor::SendRequest r;
  r.tenant = tenant;
  if (has[0]) TACT_RETURN_IF_ERROR(StringField(subject, "subject", r.subject, 128));
  if (has[1]) TACT_RETURN_IF_ERROR(StringField(purpose, "purpose", r.purpose, 128));
  if (has[2]) TACT_RETURN_IF_ERROR(StringField(category, "category", r.category, 64));
  if (has[3]) TACT_RETURN_IF_ERROR(StringField(key, "idempotency_key", r.idempotency_key, 128));
  std::string s;
  if (has[4]) TACT_RETURN_IF_ERROR(StringField(channel, "channel", s, 16));
  auto ch = ParseChannel(s);
  if (!ch || *ch == Channel::kWeb) {
    return Status::InvalidArgument(
        "field 'channel' is required: email, sms, push, phone, post or in_app");
  }
  r.channel = *ch;
  s.clear();
  if (has[5]) TACT_RETURN_IF_ERROR(StringField(priority, "priority", s, 16));
  if (!s.empty()) {
    auto p = governor::ParsePriority(s);
    if (!p)
      return Status::InvalidArgument(
          "field 'priority' must be transactional, service or marketing");
    r.priority = *p;
  }
  if (has[6]) TACT_RETURN_IF_ERROR(TimeField(at, "at", r.at));
  if (has[7]) TACT_RETURN_IF_ERROR(TimeField(send_by, "send_by", r.send_by));
  if (has[8] && !re_perm.is_null()) {
    bool b = false;
    if (re_perm.get(b) != simdjson::SUCCESS) {
      return Status::InvalidArgument("field 're_permission' must be true or false");
    }
    r.re_permission = b;
  }
  return r;
}

// A JSON string literal (RFC 8259 escapes, ill-formed UTF-8 replaced).
void AppendString(std::string& out, std::string_view s) { codec::JsonWriter(&out).String(s); }

void AppendTime(std::string& out, UnixMillis t) {
  out.push_back('"');
  governor::AppendRfc3339(out, t);
  out.push_back('"');
}

// The answer, written directly (no JSON tree): the reasons' words are
// rendered here, from the decision's codes, and nowhere earlier.
void AppendAnswer(std::string& out, const governor::DecideAnswer& a) {
  const governor::SendDecision& d = a.decision;
  out.append("{\"decision\":\"");
  out.append(governor::ToString(d.verdict));
  out.append("\",\"message_id\":");
  AppendString(out, a.message_id);
  out.append(",\"not_before\":");
  if (d.verdict == governor::Verdict::kDefer) {
    AppendTime(out, d.not_before);
  } else {
    out.append("null");
  }
  out.append(",\"at\":");
  AppendTime(out, a.at);
  out.append(",\"expires_at\":");
  if (d.verdict == governor::Verdict::kSend) {
    AppendTime(out, a.expires_at);
  } else {
    out.append("null");
  }
  out.append(d.re_permission ? ",\"re_permission\":true" : ",\"re_permission\":false");
  out.append(",\"fatigue_level\":");
  governor::AppendInt(out, d.fatigue_level);
  out.append(a.replayed ? ",\"replayed\":true" : ",\"replayed\":false");
  out.append(",\"reasons\":[");
  thread_local std::string words;
  for (size_t i = 0; i < d.ReasonCount(); ++i) {
    out.append(i == 0 ? "{\"code\":" : ",{\"code\":");
    AppendString(out, d.Code(i));
    out.append(",\"message\":");
    words.clear();
    d.AppendMessage(i, words);
    AppendString(out, words);
    out.push_back('}');
  }
  out.append("]}");
}

// Wraps a handler so that a governor that failed to load answers 503.
KeyHandler Needs(const ApiContext& ctx,
                 std::function<void(Governor&, Request&, const ApiKey&, Respond)> fn) {
  return [&ctx, fn = std::move(fn)](Request& req, const ApiKey& key, Respond respond) {
    if (!ctx.governor) return respond(ErrorResponse(ctx.governor_error));
    fn(*ctx.governor, req, key, std::move(respond));
  };
}

}  // namespace

json ReasonsJson(const std::vector<Reason>& reasons) {
  json out = json::array();
  for (const Reason& r : reasons) out.push_back({{"code", r.code}, {"message", r.message}});
  return out;
}

void RegisterMessageRoutes(Router& router, ApiContext& ctx) {
  router.Add(
      "PUT", "/v1/policies/messaging",
      WithSecretKey(ctx, "config:write",
                    Needs(ctx, [](Governor& g, Request& req, const ApiKey& key, Respond respond) {
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
                    Needs(ctx, [](Governor& g, Request&, const ApiKey& key, Respond respond) {
                      respond(JsonResponse(200, g.Policy(key.tenant).ToJson()));
                    })));

  router.Add("POST", "/v1/messages/decide",
             WithSecretKey(
                 ctx, "messages:decide",
                 Needs(ctx, [metrics = ctx.metrics](Governor& g, Request& req, const ApiKey& key,
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
                     res.body.reserve(1024);
                     AppendAnswer(res.body, *answer);
                     respond(std::move(res));
                   });
                 })));

  router.Add(
      "POST", "/v1/messages/{id}/outcome",
      WithSecretKey(ctx, "messages:decide",
                    Needs(ctx, [](Governor& g, Request& req, const ApiKey& key, Respond respond) {
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
                      respond(JsonResponse(
                          200, {{"message_id", a->message_id},
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

  RegisterSubjectRoutes(router, ctx);
}

}  // namespace tact::http
