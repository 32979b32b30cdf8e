#include "http/subject_access.h"

#include <algorithm>
#include <map>
#include <memory>
#include <utility>

#include "http/api_governor.h"
#include "service/export.h"

namespace tact::http {

using json::Json;

namespace {

Json MessageJson(const governor::Message& m) {
  Json outcomes = Json::array();
  for (const governor::OutcomeEntry& o : m.outcomes) {
    outcomes.push_back({{"outcome", governor::ToString(o.outcome)}, {"at", FormatRfc3339(o.at)}});
  }
  return Json{{"id", m.id},
              {"decided_at", FormatRfc3339(m.decided_at)},
              {"at", FormatRfc3339(m.at)},
              {"channel", ToString(m.channel)},
              {"purpose", m.purpose},
              {"category", m.category},
              {"priority", governor::ToString(m.priority)},
              {"verdict", governor::ToString(m.verdict)},
              {"reasons", ReasonsJson(m.Reasons())},
              {"outcomes", outcomes}};
}

Json CesJson(const feedback::CesResponse& r) {
  return Json{{"id", r.id},
              {"at", FormatRfc3339(r.at)},
              {"touchpoint", r.touchpoint},
              {"score", r.score},
              {"comment", r.comment.empty() ? Json(nullptr) : Json(r.comment)}};
}

Result<Json> AccessLogJson(Store& store, const std::string& tenant, std::string_view subject) {
  Json out = Json::array();
  AuditQuery query;
  query.tenant = tenant;
  query.subject = std::string(subject);
  query.limit = 1000;
  for (;;) {
    auto rows = store.ReadAudit(query);
    if (!rows.ok()) return rows.status();
    for (const AuditEntry& e : *rows) {
      out.push_back({{"time", FormatRfc3339(e.time)},
                     {"key_id", e.key_id},
                     {"route", e.route},
                     {"status", e.status}});
      query.after = e.seq;
    }
    if (rows->size() < query.limit) return out;
  }
}

// A stored body about `subject` holds it as it is: a subject id has no byte
// that JSON escapes. Cheap, and it spares decoding everyone else's records.
bool MayMention(const Record& rec, std::string_view subject) {
  return rec.body.find(subject) != std::string::npos;
}

}  // namespace

ReadHeld HeldInServer(Store& store, const governor::Governor& governor,
                      const feedback::FeedbackService& feedback, std::string subject) {
  return [&store, &governor, &feedback,
          subject = std::move(subject)](const std::string& tenant) -> Result<HeldOnSubject> {
    HeldOnSubject held;
    held.profile = governor.Profile(tenant, subject);
    for (std::string& id : governor.StoredMessageIds(tenant, subject)) {
      auto rec = store.GetRecord(governor::kMessageKind, tenant, id);
      if (!rec.ok()) {
        if (rec.error().code() == StatusCode::kNotFound) continue;  // erased meanwhile
        return rec.status();
      }
      auto m = governor::DecodeMessage(rec->body, std::move(id));
      if (!m.ok()) return m.status();
      held.messages.push_back(std::move(*m));
    }
    held.ces = feedback.CesOf(tenant, subject);
    return held;
  };
}

Result<ReadHeld> HeldFromRecords(Store& store, std::string_view tenant, std::string subject) {
  auto by_tenant = std::make_shared<std::map<std::string, HeldOnSubject, std::less<>>>();
  auto wanted = [tenant](const std::string& t) { return tenant.empty() || t == tenant; };
  auto messages = store.ListRecords(governor::kMessageKind);
  if (!messages.ok()) return messages.status();
  for (const Record& rec : *messages) {
    if (!wanted(rec.tenant) || !MayMention(rec, subject)) continue;
    auto m = governor::DecodeMessage(rec.body, rec.id);
    if (!m.ok()) return m.status();
    if (m->subject == subject) (*by_tenant)[rec.tenant].messages.push_back(std::move(*m));
  }
  auto ces = store.ListRecords(feedback::kCesKind);
  if (!ces.ok()) return ces.status();
  for (const Record& rec : *ces) {
    if (!wanted(rec.tenant) || !MayMention(rec, subject)) continue;
    auto r = feedback::CesResponse::FromJson(Json::parse(rec.body, nullptr, false));
    if (!r.ok()) {
      return Status::Corruption("stored CES response " + rec.id + ": " + r.error().message());
    }
    if (r->subject == subject) (*by_tenant)[rec.tenant].ces.push_back(std::move(*r));
  }
  return ReadHeld([&store, by_tenant, subject = std::move(subject)](
                      const std::string& tenant) -> Result<HeldOnSubject> {
    HeldOnSubject held;
    if (auto it = by_tenant->find(tenant); it != by_tenant->end()) held = it->second;
    auto rec = store.GetRecord(governor::kProfileKind, tenant, subject);
    if (rec.ok()) {
      auto p = governor::SubjectProfile::FromJson(Json::parse(rec->body, nullptr, false));
      if (!p.ok()) return Status::Corruption("stored subject profile: " + p.error().message());
      held.profile = std::move(*p);
    } else if (rec.error().code() != StatusCode::kNotFound) {
      return rec.status();
    }
    return held;
  });
}

Result<Json> SubjectAccessExport(Store& store, const Catalog& catalog, std::string_view tenant,
                                 std::string_view subject, UnixMillis now,
                                 const ReadHeld& read_held) {
  auto out = ExportSubject(store, catalog, tenant, subject, now);
  if (!out.ok()) return out.status();
  Json& consent_records = (*out)["records"];
  size_t next = 0;  // ExportSubject lists tenants in the catalog's order, as below
  Json records = Json::array();
  for (const Tenant& t : catalog.ListTenants()) {
    if (!tenant.empty() && t.id != tenant) continue;
    auto held = read_held(t.id);
    if (!held.ok()) return held.status();
    auto access_log = AccessLogJson(store, t.id, subject);
    if (!access_log.ok()) return access_log.status();
    Json record;
    if (next < consent_records.size() && consent_records[next]["tenant"] == t.id) {
      record = std::move(consent_records[next++]);
    } else if (!held->profile && held->messages.empty() && held->ces.empty() &&
               access_log->empty()) {
      continue;  // nothing held on the person here
    } else {
      record = {{"tenant", t.id},
                {"controller", t.name},
                {"consents", Json::array()},
                {"history", Json::array()}};
    }
    std::sort(held->messages.begin(), held->messages.end(),
              [](const governor::Message& a, const governor::Message& b) { return a.seq < b.seq; });
    std::sort(held->ces.begin(), held->ces.end(),
              [](const feedback::CesResponse& a, const feedback::CesResponse& b) {
                return a.at != b.at ? a.at < b.at : a.id < b.id;
              });
    Json messages = Json::array();
    for (const governor::Message& m : held->messages) messages.push_back(MessageJson(m));
    Json ces = Json::array();
    for (const feedback::CesResponse& r : held->ces) ces.push_back(CesJson(r));
    record["messaging"] = {{"profile", held->profile ? held->profile->ToJson() : Json(nullptr)},
                           {"messages", std::move(messages)}};
    record["feedback"] = std::move(ces);
    record["access_log"] = std::move(*access_log);
    records.push_back(std::move(record));
  }
  (*out)["records"] = std::move(records);
  return out;
}

}  // namespace tact::http
