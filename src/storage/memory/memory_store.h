// MemoryStore: the in-memory twin of the durable stores, for tests and for
// `--store memory`. Nothing survives the process; "durable on return" is
// trivially true for as long as the object lives.
//
// AppendAsync checks continuity, applies the entries and runs `done` inline,
// before it returns. Appends are serialised, so `done` callbacks run in
// append order; a `done` may call back into the store (reads or another
// AppendAsync), but must not throw.
//
// Thread-safety: all methods may be called from any thread.
#ifndef TACT_STORAGE_MEMORY_MEMORY_STORE_H_
#define TACT_STORAGE_MEMORY_MEMORY_STORE_H_

#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "storage/store.h"

namespace tact {

class MemoryStore final : public Store {
 public:
  MemoryStore() = default;
  MemoryStore(const MemoryStore&) = delete;
  MemoryStore& operator=(const MemoryStore&) = delete;

  Status PutRecord(const Record& record) override;
  Status DeleteRecord(std::string_view kind, std::string_view tenant, std::string_view id) override;
  Result<std::vector<Record>> ListRecords(std::string_view kind) override;
  Result<Record> GetRecord(std::string_view kind, std::string_view tenant,
                           std::string_view id) override;

  void AppendAsync(std::vector<LedgerEntry> entries, Done done) override;
  Result<LedgerHead> Head() override;
  Result<std::vector<LedgerEntry>> ReadLedger(uint64_t after_seq, size_t limit) override;
  Result<std::vector<LedgerEntry>> ReadSubject(std::string_view tenant,
                                               std::string_view subject) override;

  Status AppendAudit(std::vector<AuditEntry> entries) override;
  Result<std::vector<AuditEntry>> ReadAudit(const AuditQuery& query) override;

  StoreStats Stats() override;
  std::string_view Name() const override { return "memory"; }

 private:
  // (kind, tenant, id): the map order is the ListRecords order.
  using RecordKey = std::tuple<std::string, std::string, std::string>;

  void CountWrite();  // REQUIRES: mu_ held.

  // Serialises appends and their callbacks; recursive so that a `done` may
  // append again. Taken before mu_, never after.
  std::recursive_mutex append_mu_;
  std::mutex mu_;
  std::map<RecordKey, std::string> records_;  // GUARDED_BY(mu_)
  std::vector<LedgerEntry> ledger_;           // GUARDED_BY(mu_); ledger_[i].seq == i + 1
  // (tenant, subject) -> indexes into ledger_, ascending. GUARDED_BY(mu_)
  std::map<std::pair<std::string, std::string>, std::vector<size_t>> by_subject_;
  StoreStats stats_;               // GUARDED_BY(mu_)
  std::vector<AuditEntry> audit_;  // GUARDED_BY(mu_); audit_[i].seq == i + 1
};

}  // namespace tact

#endif  // TACT_STORAGE_MEMORY_MEMORY_STORE_H_
