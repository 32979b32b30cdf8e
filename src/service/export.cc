#include "service/export.h"

#include "core/consent_view.h"

namespace tact {

using json::Json;

namespace {

Json Opt(std::string_view s) { return s.empty() ? Json(nullptr) : Json(std::string(s)); }

Json EventJson(const ConsentEvent& e) {
  Json choices = Json::array();
  for (const Choice& c : e.choices) {
    choices.push_back({{"purpose", c.purpose},
                       {"channel", Opt(ToString(c.channel))},
                       {"vendor", Opt(c.vendor)},
                       {"party", Opt(ToString(c.party))},
                       {"state", ToString(c.state)},
                       {"rule", ToString(c.rule)}});
  }
  return Json{{"seq", e.seq},       {"time", FormatRfc3339(e.time)}, {"property", Opt(e.property)},
              {"notice_version", e.notice_version}, {"source", ToString(e.source)}, {"gpc", e.gpc},
              {"receipt_id", Opt(e.receipt_id)},     {"choices", choices}};
}

}  // namespace

Result<Json> ExportSubject(Store& store, const Catalog& catalog, std::string_view tenant, std::string_view subject,
                           UnixMillis now) {
  Json tenants = Json::array();
  for (const Tenant& t : catalog.ListTenants()) {
    if (!tenant.empty() && t.id != tenant) continue;
    auto entries = store.ReadSubject(t.id, subject);
    if (!entries.ok()) return entries.status();
    if (entries->empty()) continue;
    ConsentView view;
    Json history = Json::array();
    for (const LedgerEntry& entry : *entries) {
      auto e = DecodeEvent(entry.payload);
      if (!e.ok()) return Status::Corruption("ledger entry " + std::to_string(entry.seq) + ": " + e.error().message());
      view.Apply(*e);
      history.push_back(EventJson(*e));
    }
    Json current = Json::array();
    for (const ConsentItem& i : view.Items(subject)) {
      ConsentState state = i.state;
      if (state == ConsentState::kGranted && now >= i.since + int64_t{t.policy.consent_lifetime_days} * kMillisPerDay) {
        state = ConsentState::kExpired;
      }
      auto purpose = catalog.GetPurpose(t.id, i.purpose);
      Json title = purpose ? Json(purpose->title) : Json(nullptr);
      current.push_back({{"purpose", std::string(i.purpose)},
                         {"title", title},
                         {"channel", Opt(ToString(i.channel))},
                         {"vendor", Opt(i.vendor)},
                         {"party", Opt(ToString(i.party))},
                         {"state", ToString(state)},
                         {"since", FormatRfc3339(i.since)},
                         {"notice_version", i.notice_version},
                         {"source", ToString(i.source)}});
    }
    tenants.push_back({{"tenant", t.id}, {"controller", t.name}, {"consents", current}, {"history", history}});
  }
  return Json{{"subject", std::string(subject)}, {"exported_at", FormatRfc3339(now)}, {"records", tenants}};
}

}  // namespace tact
