#include "governor/message.h"

#include <nlohmann/json.hpp>

#include "codec/json_writer.h"

namespace tact::governor {

using nlohmann::json;

void Message::AddOutcome(const OutcomeEntry& e) {
  outcomes.push_back(e);
  outcome_bits |= Bit(e.outcome);
}

void Message::RemoveLastOutcome() {
  outcomes.pop_back();
  outcome_bits = 0;
  for (const OutcomeEntry& e : outcomes) outcome_bits |= Bit(e.outcome);
}

bool Message::SameRequest(const SendRequest& r) const {
  return r.channel == channel && r.purpose == purpose && r.category == category &&
         r.priority == priority && r.subject == subject;
}

std::string EncodeMessage(const Message& m) {
  std::string out;
  out.reserve(256 + 96 * m.reasons.size() + 48 * m.outcomes.size());
  codec::JsonWriter w(&out);
  w.BeginObject();
  w.Key("subject");
  w.String(m.subject);
  w.Key("idempotency_key");
  w.String(m.idempotency_key);
  w.Key("channel");
  w.String(ToString(m.channel));
  w.Key("purpose");
  w.String(m.purpose);
  w.Key("category");
  w.String(m.category);
  w.Key("priority");
  w.String(ToString(m.priority));
  w.Key("re_permission");
  w.Bool(m.re_permission);
  w.Key("verdict");
  w.String(ToString(m.verdict));
  w.Key("decided_at");
  w.Int(m.decided_at);
  w.Key("at");
  w.Int(m.at);
  w.Key("not_before");
  w.Int(m.not_before);
  w.Key("expires_at");
  w.Int(m.expires_at);
  w.Key("seq");
  w.Int(static_cast<int64_t>(m.seq));
  w.Key("fatigue_level");
  w.Int(m.fatigue_level);
  w.Key("reasons");
  w.BeginArray();
  for (const Reason& r : m.reasons) {
    w.BeginArray();
    w.String(r.code);
    w.String(r.message);
    w.EndArray();
  }
  w.EndArray();
  w.Key("outcomes");
  w.BeginArray();
  for (const OutcomeEntry& o : m.outcomes) {
    w.BeginArray();
    w.String(ToString(o.outcome));
    w.Int(o.at);
    w.Int(static_cast<int64_t>(o.seq));
    w.EndArray();
  }
  w.EndArray();
  w.EndObject();
  return out;
}

Result<Message> DecodeMessage(std::string_view body, std::string id) {
  json j = json::parse(body, nullptr, /*allow_exceptions=*/false);
  auto bad = [&id](std::string what) {
    return Status::Corruption("stored message " + id + ": " + std::move(what));
  };
  if (!j.is_object()) return bad("not a JSON object");
  try {
    Message m;
    m.id = std::move(id);
    m.subject = j.at("subject").get<std::string>();
    m.idempotency_key = j.at("idempotency_key").get<std::string>();
    auto channel = ParseChannel(j.at("channel").get<std::string>());
    auto priority = ParsePriority(j.at("priority").get<std::string>());
    auto verdict = ParseVerdict(j.at("verdict").get<std::string>());
    if (!channel || !priority || !verdict) return bad("unknown channel, priority or verdict");
    m.channel = *channel;
    m.priority = *priority;
    m.verdict = *verdict;
    m.purpose = j.at("purpose").get<std::string>();
    m.category = j.at("category").get<std::string>();
    m.re_permission = j.at("re_permission").get<bool>();
    m.decided_at = j.at("decided_at").get<int64_t>();
    m.at = j.at("at").get<int64_t>();
    m.not_before = j.at("not_before").get<int64_t>();
    m.expires_at = j.at("expires_at").get<int64_t>();
    m.seq = j.at("seq").get<uint64_t>();
    m.fatigue_level = j.at("fatigue_level").get<int>();
    for (const json& r : j.at("reasons")) {
      m.reasons.push_back({r.at(0).get<std::string>(), r.at(1).get<std::string>()});
    }
    for (const json& o : j.at("outcomes")) {
      auto outcome = ParseOutcome(o.at(0).get<std::string>());
      if (!outcome) return bad("unknown outcome");
      m.AddOutcome({*outcome, o.at(1).get<int64_t>(), o.at(2).get<uint64_t>()});
    }
    return m;
  } catch (const json::exception& e) {
    return bad(std::string("missing or mistyped field (") + e.what() + ")");
  }
}

}  // namespace tact::governor
