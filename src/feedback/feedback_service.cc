#include "feedback/feedback_service.h"

#include <algorithm>

#include "tact/ids.h"

namespace tact::feedback {

namespace {

constexpr int64_t kCommentRetentionMs = kCommentRetentionDays * 24 * 3600 * 1000;

}  // namespace

Result<std::unique_ptr<FeedbackService>> FeedbackService::Open(Store* store, const Clock* clock) {
  std::unique_ptr<FeedbackService> s(new FeedbackService(store, clock));
  TACT_RETURN_IF_ERROR(s->Load());
  auto erased = s->EraseExpiredComments();
  if (!erased.ok()) return erased.status();
  return s;
}

Status FeedbackService::Load() {
  auto ces = store_->ListRecords(kCesKind);
  if (!ces.ok()) return ces.status();
  auto effort = store_->ListRecords(kEffortKind);
  if (!effort.ok()) return effort.status();
  std::lock_guard lock(mu_);
  for (const Record& rec : *ces) {
    auto r = CesResponse::FromJson(json::Json::parse(rec.body, nullptr, false));
    if (!r.ok())
      return Status::Corruption("stored CES response " + rec.id + ": " + r.error().message());
    TenantData& t = tenants_[rec.tenant];
    if (!r->ref.empty()) t.refs.insert(r->ref);
    t.ces.push_back(std::move(*r));
  }
  for (const Record& rec : *effort) {
    auto e = EffortEvent::FromJson(json::Json::parse(rec.body, nullptr, false));
    if (!e.ok())
      return Status::Corruption("stored effort event " + rec.id + ": " + e.error().message());
    tenants_[rec.tenant].effort.push_back(std::move(*e));
  }
  return Status::Ok();
}

Result<CesResponse> FeedbackService::RecordCes(std::string_view tenant, CesResponse r) {
  r.id = NewId("ces_");
  r.at = clock_->Now();
  if (!r.ref.empty()) {
    // Claimed before the write so that two answers racing cannot both land.
    std::lock_guard lock(mu_);
    if (!tenants_[std::string(tenant)].refs.insert(r.ref).second) {
      return Status::Conflict("this question was already answered");
    }
  }
  Status put = store_->PutRecord({kCesKind, std::string(tenant), r.id, r.ToJson().dump()});
  std::lock_guard lock(mu_);
  TenantData& t = tenants_[std::string(tenant)];
  if (!put.ok()) {
    if (!r.ref.empty()) t.refs.erase(r.ref);
    return put;
  }
  t.ces.push_back(r);
  return r;
}

Result<EffortEvent> FeedbackService::RecordEffort(std::string_view tenant, EffortEvent e) {
  e.id = NewId("eff_");
  e.at = clock_->Now();
  TACT_RETURN_IF_ERROR(
      store_->PutRecord({kEffortKind, std::string(tenant), e.id, e.ToJson().dump()}));
  std::lock_guard lock(mu_);
  tenants_[std::string(tenant)].effort.push_back(e);
  return e;
}

bool FeedbackService::Answered(std::string_view tenant, std::string_view ref) const {
  std::lock_guard lock(mu_);
  auto it = tenants_.find(tenant);
  return it != tenants_.end() && it->second.refs.count(ref) > 0;
}

std::vector<CesSummary> FeedbackService::CesSummaries(std::string_view tenant,
                                                      std::string_view touchpoint, UnixMillis from,
                                                      UnixMillis to) const {
  std::lock_guard lock(mu_);
  auto it = tenants_.find(tenant);
  if (it == tenants_.end()) return {};
  return SummarizeCes(it->second.ces, touchpoint, from, to);
}

std::vector<EffortSummary> FeedbackService::EffortSummaries(std::string_view tenant,
                                                            std::string_view touchpoint,
                                                            UnixMillis from, UnixMillis to) const {
  std::lock_guard lock(mu_);
  auto it = tenants_.find(tenant);
  if (it == tenants_.end()) return {};
  return SummarizeEffort(it->second.effort, touchpoint, from, to);
}

std::vector<CesResponse> FeedbackService::CesComments(std::string_view tenant,
                                                      std::string_view touchpoint, UnixMillis from,
                                                      UnixMillis to, size_t limit) const {
  UnixMillis oldest = clock_->Now() - kCommentRetentionMs;
  std::vector<CesResponse> out;
  std::lock_guard lock(mu_);
  auto it = tenants_.find(tenant);
  if (it == tenants_.end()) return out;
  // Not kept in time order: a reload reads the records by id.
  for (const CesResponse& r : it->second.ces) {
    if (r.comment.empty() || r.at < from || r.at >= to || r.at < oldest) continue;
    if (!touchpoint.empty() && r.touchpoint != touchpoint) continue;
    out.push_back(r);
  }
  std::sort(out.begin(), out.end(), [](const CesResponse& a, const CesResponse& b) {
    return a.at != b.at ? a.at > b.at : a.id > b.id;
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

std::vector<CesResponse> FeedbackService::CesOf(std::string_view tenant,
                                                std::string_view subject) const {
  std::vector<CesResponse> out;
  std::lock_guard lock(mu_);
  auto it = tenants_.find(tenant);
  if (it == tenants_.end()) return out;
  for (const CesResponse& r : it->second.ces) {
    if (r.subject == subject) out.push_back(r);
  }
  return out;
}

Result<size_t> FeedbackService::EraseExpiredComments() {
  UnixMillis oldest = clock_->Now() - kCommentRetentionMs;
  // What is due, copied out: the store is written without holding mu_.
  std::vector<std::pair<std::string, CesResponse>> due;
  {
    std::lock_guard lock(mu_);
    for (const auto& [tenant, t] : tenants_) {
      for (const CesResponse& r : t.ces) {
        if (!r.comment.empty() && r.at < oldest) due.emplace_back(tenant, r);
      }
    }
  }
  size_t erased = 0;
  for (auto& [tenant, r] : due) {
    r.comment.clear();
    TACT_RETURN_IF_ERROR(store_->PutRecord({kCesKind, tenant, r.id, r.ToJson().dump()}));
    std::lock_guard lock(mu_);
    std::vector<CesResponse>& ces = tenants_.find(tenant)->second.ces;  // tenants are never removed
    const std::string& id = r.id;  // clang 14 cannot capture a structured binding
    auto mine =
        std::find_if(ces.begin(), ces.end(), [&](const CesResponse& x) { return x.id == id; });
    if (mine != ces.end()) mine->comment.clear();
    ++erased;
  }
  return erased;
}

}  // namespace tact::feedback
