#include "governor/message.h"

#include <nlohmann/json.hpp>

namespace tact::governor {

using nlohmann::json;

bool Message::HasOutcome(Outcome o) const {
  for (const OutcomeEntry& e : outcomes) {
    if (e.outcome == o) return true;
  }
  return false;
}

bool Message::Confirmed() const {
  for (const OutcomeEntry& e : outcomes) {
    if (ImpliesDelivered(e.outcome)) return true;
  }
  return false;
}

bool Message::SameRequest(const SendRequest& r) const {
  return r.channel == channel && r.purpose == purpose && r.category == category &&
         r.priority == priority && r.subject == subject;
}

std::string EncodeMessage(const Message& m) {
  json reasons = json::array();
  for (const Reason& r : m.reasons) reasons.push_back({r.code, r.message});
  json outcomes = json::array();
  for (const OutcomeEntry& o : m.outcomes) {
    outcomes.push_back({std::string(ToString(o.outcome)), o.at, o.seq});
  }
  json j{{"subject", m.subject},
         {"idempotency_key", m.idempotency_key},
         {"channel", std::string(ToString(m.channel))},
         {"purpose", m.purpose},
         {"category", m.category},
         {"priority", std::string(ToString(m.priority))},
         {"re_permission", m.re_permission},
         {"verdict", std::string(ToString(m.verdict))},
         {"decided_at", m.decided_at},
         {"at", m.at},
         {"not_before", m.not_before},
         {"expires_at", m.expires_at},
         {"seq", m.seq},
         {"fatigue_level", m.fatigue_level},
         {"reasons", reasons},
         {"outcomes", outcomes}};
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
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
      m.outcomes.push_back({*outcome, o.at(1).get<int64_t>(), o.at(2).get<uint64_t>()});
    }
    return m;
  } catch (const json::exception& e) {
    return bad(std::string("missing or mistyped field (") + e.what() + ")");
  }
}

}  // namespace tact::governor
