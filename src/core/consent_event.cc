#include "core/consent_event.h"

#include <nlohmann/json.hpp>

#include "tact/ids.h"

namespace tact {
namespace {

// Every string in an event is an id whose syntax excludes '"' and '\\', so
// canonical JSON needs no escaping; DecodeEvent re-checks the syntax.
void AppendString(std::string& out, std::string_view s) {
  out += '"';
  out += s;
  out += '"';
}

void AppendOptional(std::string& out, std::string_view s) {
  if (s.empty()) {
    out += "null";
  } else {
    AppendString(out, s);
  }
}

bool IsReceiptId(std::string_view s) { return s.empty() || (s.size() <= 64 && IsValidSubjectId(s)); }

}  // namespace

std::string EncodeEvent(const ConsentEvent& e) {
  std::string out;
  out.reserve(160 + e.choices.size() * 100);
  out += "{\"v\":1,\"seq\":";
  out += std::to_string(e.seq);
  out += ",\"time\":";
  out += std::to_string(e.time);
  out += ",\"tenant\":";
  AppendString(out, e.tenant);
  out += ",\"subject\":";
  AppendString(out, e.subject);
  out += ",\"property\":";
  AppendOptional(out, e.property);
  out += ",\"notice_version\":";
  out += std::to_string(e.notice_version);
  out += ",\"source\":";
  AppendString(out, ToString(e.source));
  out += ",\"gpc\":";
  out += e.gpc ? "true" : "false";
  out += ",\"receipt_id\":";
  AppendOptional(out, e.receipt_id);
  out += ",\"choices\":[";
  for (size_t i = 0; i < e.choices.size(); ++i) {
    const Choice& c = e.choices[i];
    if (i) out += ',';
    out += "{\"purpose\":";
    AppendString(out, c.purpose);
    out += ",\"channel\":";
    AppendOptional(out, ToString(c.channel));
    out += ",\"vendor\":";
    AppendOptional(out, c.vendor);
    out += ",\"party\":";
    AppendOptional(out, ToString(c.party));
    out += ",\"state\":";
    AppendString(out, ToString(c.state));
    out += ",\"rule\":";
    AppendString(out, ToString(c.rule));
    out += '}';
  }
  out += "]}";
  return out;
}

Result<ConsentEvent> DecodeEvent(std::string_view bytes) {
  nlohmann::json j = nlohmann::json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Status::Corruption("event is not a JSON object");
  ConsentEvent e;
  try {
    if (j.at("v").get<int>() != 1) return Status::Corruption("unknown event encoding version");
    e.seq = j.at("seq").get<uint64_t>();
    e.time = j.at("time").get<int64_t>();
    e.tenant = j.at("tenant").get<std::string>();
    e.subject = j.at("subject").get<std::string>();
    if (!j.at("property").is_null()) e.property = j.at("property").get<std::string>();
    e.notice_version = j.at("notice_version").get<int>();
    auto source = ParseSource(j.at("source").get<std::string>());
    if (!source) return Status::Corruption("event has an unknown source");
    e.source = *source;
    e.gpc = j.at("gpc").get<bool>();
    if (!j.at("receipt_id").is_null()) e.receipt_id = j.at("receipt_id").get<std::string>();
    for (const auto& c : j.at("choices")) {
      Choice ch;
      ch.purpose = c.at("purpose").get<std::string>();
      if (!c.at("channel").is_null()) {
        auto v = ParseChannel(c.at("channel").get<std::string>());
        if (!v) return Status::Corruption("event has an unknown channel");
        ch.channel = *v;
      }
      if (!c.at("vendor").is_null()) ch.vendor = c.at("vendor").get<std::string>();
      if (!c.at("party").is_null()) {
        auto v = ParseParty(c.at("party").get<std::string>());
        if (!v) return Status::Corruption("event has an unknown party");
        ch.party = *v;
      }
      auto state = ParseConsentState(c.at("state").get<std::string>());
      auto rule = ParseRule(c.at("rule").get<std::string>());
      if (!state || !rule) return Status::Corruption("event has an unknown state or rule");
      ch.state = *state;
      ch.rule = *rule;
      e.choices.push_back(std::move(ch));
    }
  } catch (const std::exception& ex) {
    return Status::Corruption(std::string("event is malformed: ") + ex.what());
  }
  if (!IsValidSlug(e.tenant) || !IsValidSubjectId(e.subject) ||
      (!e.property.empty() && !IsValidSlug(e.property)) || !IsReceiptId(e.receipt_id)) {
    return Status::Corruption("event has an invalid id");
  }
  for (const auto& c : e.choices) {
    if (!IsValidPurposeKey(c.purpose) || (!c.vendor.empty() && !IsValidSlug(c.vendor))) {
      return Status::Corruption("event choice has an invalid id");
    }
  }
  if (EncodeEvent(e) != bytes) return Status::Corruption("event is not in canonical form");
  return e;
}

}  // namespace tact
