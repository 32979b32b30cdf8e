#include "cli/subject_access.h"

#include <map>
#include <string>

#include "feedback/ces.h"
#include "feedback/feedback_service.h"
#include "governor/governor.h"
#include "governor/message.h"
#include "governor/subject_profile.h"
#include "service/export.h"

namespace tact::cli {

using json::Json;

namespace {

// What one tenant holds on the subject besides the consent record.
struct Held {
  Json profile = nullptr;
  Json messages = Json::array();
  Json feedback = Json::array();
  Json access_log = Json::array();

  bool empty() const {
    return profile.is_null() && messages.empty() && feedback.empty() && access_log.empty();
  }
};

Json MessageJson(const governor::Message& m) {
  Json reasons = Json::array();
  for (const Reason& r : m.Reasons()) reasons.push_back({{"code", r.code}, {"message", r.message}});
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
              {"reasons", reasons},
              {"outcomes", outcomes}};
}

// A record of `kind` that may be about `subject`: a subject id needs no
// escaping in JSON, so a stored body about it holds it as it is. Cheap, and
// it spares decoding every other person's records.
bool MayMention(const Record& rec, std::string_view subject) {
  return rec.body.find(subject) != std::string::npos;
}

bool Wanted(std::string_view only, const std::string& tenant) {
  return only.empty() || tenant == only;
}

Status ReadMessages(Store& store, std::string_view only, std::string_view subject,
                    std::map<std::string, Held>& held) {
  auto records = store.ListRecords(governor::kMessageKind);
  if (!records.ok()) return records.status();
  for (Record& rec : *records) {
    if (!Wanted(only, rec.tenant) || !MayMention(rec, subject)) continue;
    auto m = governor::DecodeMessage(rec.body, rec.id);
    if (!m.ok()) return m.status();
    if (m->subject == subject) held[rec.tenant].messages.push_back(MessageJson(*m));
  }
  return Status::Ok();
}

Status ReadFeedback(Store& store, std::string_view only, std::string_view subject,
                    std::map<std::string, Held>& held) {
  auto records = store.ListRecords(feedback::kCesKind);
  if (!records.ok()) return records.status();
  for (const Record& rec : *records) {
    if (!Wanted(only, rec.tenant) || !MayMention(rec, subject)) continue;
    auto r = feedback::CesResponse::FromJson(Json::parse(rec.body, nullptr, false));
    if (!r.ok()) {
      return Status::Corruption("stored CES response " + rec.id + ": " + r.error().message());
    }
    if (r->subject != subject) continue;
    held[rec.tenant].feedback.push_back(
        {{"id", r->id},
         {"at", FormatRfc3339(r->at)},
         {"touchpoint", r->touchpoint},
         {"score", r->score},
         {"comment", r->comment.empty() ? Json(nullptr) : Json(r->comment)}});
  }
  return Status::Ok();
}

Status ReadProfile(Store& store, const std::string& tenant, std::string_view subject, Held& held) {
  auto rec = store.GetRecord(governor::kProfileKind, tenant, subject);
  if (!rec.ok()) {
    return rec.error().code() == StatusCode::kNotFound ? Status::Ok() : rec.status();
  }
  auto p = governor::SubjectProfile::FromJson(Json::parse(rec->body, nullptr, false));
  if (!p.ok()) return Status::Corruption("stored subject profile: " + p.error().message());
  held.profile = p->ToJson();
  return Status::Ok();
}

Status ReadAccessLog(Store& store, const std::string& tenant, std::string_view subject,
                     Held& held) {
  AuditQuery query;
  query.tenant = tenant;
  query.subject = std::string(subject);
  query.limit = 1000;
  for (;;) {
    auto rows = store.ReadAudit(query);
    if (!rows.ok()) return rows.status();
    for (const AuditEntry& e : *rows) {
      held.access_log.push_back({{"time", FormatRfc3339(e.time)},
                                 {"key_id", e.key_id},
                                 {"route", e.route},
                                 {"status", e.status}});
      query.after = e.seq;
    }
    if (rows->size() < query.limit) return Status::Ok();
  }
}

}  // namespace

Result<Json> SubjectAccessExport(Store& store, const Catalog& catalog, std::string_view tenant,
                                 std::string_view subject, UnixMillis now) {
  auto out = ExportSubject(store, catalog, tenant, subject, now);
  if (!out.ok()) return out.status();
  std::map<std::string, Held> held;
  TACT_RETURN_IF_ERROR(ReadMessages(store, tenant, subject, held));
  TACT_RETURN_IF_ERROR(ReadFeedback(store, tenant, subject, held));
  Json records = Json::array();
  size_t next = 0;  // ExportSubject lists tenants in the catalog's order, as below
  Json& consent_records = (*out)["records"];
  for (const Tenant& t : catalog.ListTenants()) {
    if (!Wanted(tenant, t.id)) continue;
    Held& h = held[t.id];
    TACT_RETURN_IF_ERROR(ReadProfile(store, t.id, subject, h));
    TACT_RETURN_IF_ERROR(ReadAccessLog(store, t.id, subject, h));
    Json record;
    if (next < consent_records.size() && consent_records[next]["tenant"] == t.id) {
      record = std::move(consent_records[next++]);
    } else if (h.empty()) {
      continue;
    } else {
      record = {{"tenant", t.id},
                {"controller", t.name},
                {"consents", Json::array()},
                {"history", Json::array()}};
    }
    record["messaging"] = {{"profile", std::move(h.profile)}, {"messages", std::move(h.messages)}};
    record["feedback"] = std::move(h.feedback);
    record["access_log"] = std::move(h.access_log);
    records.push_back(std::move(record));
  }
  (*out)["records"] = std::move(records);
  return out;
}

}  // namespace tact::cli
