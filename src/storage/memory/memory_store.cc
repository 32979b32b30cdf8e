#include "storage/memory/memory_store.h"

#include <algorithm>
#include <utility>

#include "storage/ledger_continuity.h"

namespace tact {

void MemoryStore::CountWrite() {
  ++stats_.commits;
  ++stats_.writes;
  ++stats_.batch_histogram[BatchBucket(1)];
  ++stats_.commit_latency_histogram[LatencyBucket(0)];
}

Status MemoryStore::PutRecord(const Record& record) {
  std::lock_guard lock(mu_);
  records_[RecordKey(record.kind, record.tenant, record.id)] = record.body;
  CountWrite();
  return Status::Ok();
}

Status MemoryStore::DeleteRecord(std::string_view kind, std::string_view tenant,
                                 std::string_view id) {
  std::lock_guard lock(mu_);
  records_.erase(RecordKey(kind, tenant, id));
  CountWrite();
  return Status::Ok();
}

Result<std::vector<Record>> MemoryStore::ListRecords(std::string_view kind) {
  std::lock_guard lock(mu_);
  std::vector<Record> out;
  for (auto it = records_.lower_bound(RecordKey(kind, "", ""));
       it != records_.end() && std::get<0>(it->first) == kind; ++it) {
    out.push_back(
        Record{std::get<0>(it->first), std::get<1>(it->first), std::get<2>(it->first), it->second});
  }
  return out;
}

Result<Record> MemoryStore::GetRecord(std::string_view kind, std::string_view tenant,
                                      std::string_view id) {
  std::lock_guard lock(mu_);
  auto it = records_.find(RecordKey(kind, tenant, id));
  if (it == records_.end())
    return Status::NotFound("no " + std::string(kind) + " record with that id");
  return Record{std::string(kind), std::string(tenant), std::string(id), it->second};
}

void MemoryStore::AppendAsync(std::vector<LedgerEntry> entries, Done done) {
  std::lock_guard append_lock(append_mu_);
  Status status;
  {
    std::lock_guard lock(mu_);
    LedgerHead head;
    if (!ledger_.empty()) head = LedgerHead{ledger_.back().seq, ledger_.back().hash};
    status = CheckContinuity(head, entries);
    if (status.ok()) {
      for (LedgerEntry& e : entries) {
        by_subject_[{e.tenant, e.subject}].push_back(ledger_.size());
        ledger_.push_back(std::move(e));
      }
      CountWrite();
    }
  }
  if (done) done(status);
}

Result<LedgerHead> MemoryStore::Head() {
  std::lock_guard lock(mu_);
  if (ledger_.empty()) return LedgerHead{};
  return LedgerHead{ledger_.back().seq, ledger_.back().hash};
}

Result<std::vector<LedgerEntry>> MemoryStore::ReadLedger(uint64_t after_seq, size_t limit) {
  std::lock_guard lock(mu_);
  std::vector<LedgerEntry> out;
  // ledger_[i].seq == i + 1, so the first entry after `after_seq` is at index after_seq.
  for (uint64_t i = after_seq; i < ledger_.size() && out.size() < limit; ++i) {
    out.push_back(ledger_[i]);
  }
  return out;
}

Result<std::vector<LedgerEntry>> MemoryStore::ReadSubject(std::string_view tenant,
                                                          std::string_view subject) {
  std::lock_guard lock(mu_);
  std::vector<LedgerEntry> out;
  auto it = by_subject_.find({std::string(tenant), std::string(subject)});
  if (it == by_subject_.end()) return out;
  for (size_t i : it->second) out.push_back(ledger_[i]);
  return out;
}

StoreStats MemoryStore::Stats() {
  std::lock_guard lock(mu_);
  return stats_;
}

Status MemoryStore::AppendAudit(std::vector<AuditEntry> entries) {
  std::lock_guard lock(mu_);
  for (AuditEntry& e : entries) {
    e.seq = audit_.size() + 1;
    audit_.push_back(std::move(e));
  }
  CountWrite();
  return Status::Ok();
}

Result<std::vector<AuditEntry>> MemoryStore::ReadAudit(const AuditQuery& query) {
  std::lock_guard lock(mu_);
  std::vector<AuditEntry> out;
  for (size_t i = query.after; i < audit_.size() && out.size() < query.limit; ++i) {
    const AuditEntry& e = audit_[i];
    if (e.tenant != query.tenant) continue;
    if (!query.subject.empty() && e.subject != query.subject) continue;
    out.push_back(e);
  }
  return out;
}

}  // namespace tact
