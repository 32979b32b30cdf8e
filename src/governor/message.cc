#include "governor/message.h"

#include <nlohmann/json.hpp>

#include "governor/time_zones.h"

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

// A JSON string literal. The fields are ASCII ids, keys and reasons, but any
// byte below 0x20, a quote or a backslash is escaped; other bytes pass as they
// are. Appends runs at once: a reservation is encoded on every `send`.
void AppendJsonString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else {
      out.append("\\u00");
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

namespace {

void AppendField(std::string& out, std::string_view key, std::string_view value) {
  out.append(key);
  AppendJsonString(out, value);
}

void AppendField(std::string& out, std::string_view key, int64_t value) {
  out.append(key);
  AppendInt(out, value);
}

// Everything before the reasons: `{"subject":...,"fatigue_level":N,"reasons":`.
void AppendHead(std::string& out, const Message& m) {
  AppendField(out, "{\"subject\":", m.subject);
  AppendField(out, ",\"idempotency_key\":", m.idempotency_key);
  AppendField(out, ",\"channel\":", ToString(m.channel));
  AppendField(out, ",\"purpose\":", m.purpose);
  AppendField(out, ",\"category\":", m.category);
  AppendField(out, ",\"priority\":", ToString(m.priority));
  out.append(m.re_permission ? ",\"re_permission\":true" : ",\"re_permission\":false");
  AppendField(out, ",\"verdict\":", ToString(m.verdict));
  AppendField(out, ",\"decided_at\":", m.decided_at);
  AppendField(out, ",\"at\":", m.at);
  AppendField(out, ",\"not_before\":", m.not_before);
  AppendField(out, ",\"expires_at\":", m.expires_at);
  AppendField(out, ",\"seq\":", static_cast<int64_t>(m.seq));
  AppendField(out, ",\"fatigue_level\":", m.fatigue_level);
  out.append(",\"reasons\":");
}

// `,"outcomes":[...]}`
void AppendTail(std::string& out, const Message& m) {
  out.append(",\"outcomes\":[");
  for (size_t i = 0; i < m.outcomes.size(); ++i) {
    const OutcomeEntry& o = m.outcomes[i];
    out.append(i == 0 ? "[" : ",[");
    AppendJsonString(out, ToString(o.outcome));
    out.push_back(',');
    AppendInt(out, o.at);
    out.push_back(',');
    AppendInt(out, static_cast<int64_t>(o.seq));
    out.push_back(']');
  }
  out.append("]}");
}

void AppendReasons(std::string& out, const std::vector<Reason>& reasons) {
  out.push_back('[');
  for (size_t i = 0; i < reasons.size(); ++i) {
    out.append(i == 0 ? "[" : ",[");
    AppendJsonString(out, reasons[i].code);
    out.push_back(',');
    AppendJsonString(out, reasons[i].message);
    out.push_back(']');
  }
  out.push_back(']');
}

}  // namespace

void AppendReasonsJson(std::string& out, const SendDecision& d) {
  out.push_back('[');
  thread_local std::string words;
  for (size_t i = 0; i < d.ReasonCount(); ++i) {
    out.append(i == 0 ? "[" : ",[");
    AppendJsonString(out, d.Code(i));
    out.push_back(',');
    words.clear();
    d.AppendMessage(i, words);
    AppendJsonString(out, words);
    out.push_back(']');
  }
  out.push_back(']');
}

std::vector<Reason> Message::Reasons() const {
  std::vector<Reason> out;
  if (reasons_json.empty()) return out;
  json j = json::parse(reasons_json, nullptr, /*allow_exceptions=*/false);
  if (!j.is_array()) return out;
  for (const json& r : j) {
    if (r.is_array() && r.size() == 2 && r[0].is_string() && r[1].is_string()) {
      out.push_back({r[0].get<std::string>(), r[1].get<std::string>()});
    }
  }
  return out;
}

void Message::SetReasons(const std::vector<Reason>& reasons) {
  reasons_json.clear();
  AppendReasons(reasons_json, reasons);
}

std::string EncodeMessage(const Message& m) {
  std::string out;
  out.reserve(320 + m.reasons_json.size() + 48 * m.outcomes.size());
  AppendHead(out, m);
  out.append(m.reasons_json.empty() ? std::string_view("[]") : std::string_view(m.reasons_json));
  AppendTail(out, m);
  return out;
}

std::string EncodeMessage(Message& m, const SendDecision& d, bool keep_reasons) {
  std::string out;
  out.reserve(1024);
  AppendHead(out, m);
  const size_t reasons_at = out.size();
  AppendReasonsJson(out, d);
  if (keep_reasons) m.reasons_json.assign(out, reasons_at, out.size() - reasons_at);
  AppendTail(out, m);
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
    std::vector<Reason> reasons;
    for (const json& r : j.at("reasons")) {
      reasons.push_back({r.at(0).get<std::string>(), r.at(1).get<std::string>()});
    }
    if (!reasons.empty()) m.SetReasons(reasons);
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
