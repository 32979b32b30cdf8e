// Store: the one storage interface. Everything tact keeps durably goes
// through it: configuration documents (tenants, keys, properties, purposes,
// vendors, notices, policies, profiles) and the consent ledger.
//
// Backends: MemoryStore (tests), SqliteStore (embedded default) and
// PostgresStore (multi-node). One conformance suite (store_conformance.h)
// runs against each.
//
// Durability contract: when a write reports success, the data survives a
// process crash (and, for SQLite with synchronous=FULL, a power loss).
//
// Ledger contract: entries are appended in sequence order with no gaps. An
// append whose first entry does not continue the stored head (seq = head+1,
// prev_hash = head hash) fails with Conflict and writes nothing. The `done`
// callbacks of successive appends run in append order, on one thread, after
// the entries are durable (or with the error) — callers update in-memory
// state there so that state follows the ledger's order exactly.
//
// Thread-safety: all methods may be called from any thread.
#ifndef TACT_STORAGE_STORE_H_
#define TACT_STORAGE_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/digest.h"
#include "tact/clock.h"
#include "tact/result.h"

namespace tact {

// A configuration document. `body` is JSON text; the store does not look inside.
struct Record {
  std::string kind;    // "tenant", "key", "property", "purpose", "vendor", "notice", ...
  std::string tenant;  // "" for global records
  std::string id;
  std::string body;

  bool operator==(const Record&) const = default;
};

// One entry of the hash-chained ledger (docs/formats/ledger.md).
struct LedgerEntry {
  uint64_t seq = 0;
  std::string tenant;
  std::string subject;
  UnixMillis time = 0;
  std::string payload;  // canonical event encoding
  Hash256 prev_hash{};
  Hash256 hash{};

  bool operator==(const LedgerEntry&) const = default;
};

// One row of the audit log: an access to a person's data (who, which route,
// when, which subject, with what outcome). Append-only: no backend offers a
// way to change or remove a row.
struct AuditEntry {
  uint64_t seq = 0;  // assigned by the store on append, ascending, > 0
  std::string tenant;
  UnixMillis time = 0;
  std::string key_id;   // "key_..." (never the secret), or "portal" for the person
  std::string route;    // "GET /v1/subjects/{id}/consents"
  std::string subject;  // "" when the access is not about one subject (the feed)
  int status = 0;       // the HTTP status answered

  bool operator==(const AuditEntry&) const = default;
};

// Which audit rows to read: one tenant's, optionally one subject's, with
// seq > after, ascending, at most `limit`.
struct AuditQuery {
  std::string tenant;
  std::string subject;  // "" for every subject
  uint64_t after = 0;
  size_t limit = 100;
};

struct LedgerHead {
  uint64_t seq = 0;  // 0: empty ledger
  Hash256 hash{};    // all zero for an empty ledger
};

// Counters a backend reports for /metrics.
struct StoreStats {
  uint64_t commits = 0;              // transactions committed
  uint64_t writes = 0;               // write requests (appends + record puts) committed
  uint64_t commit_micros_total = 0;  // time in COMMIT (includes fsync)
  // Histogram of writes per commit: buckets 1, 2-3, 4-7, 8-15, 16-31, 32-63, 64+.
  std::vector<uint64_t> batch_histogram = std::vector<uint64_t>(7, 0);
  // Histogram of commit latency in microseconds: <=100, 250, 500, 1000, 2500, 5000, 10000, 25000,
  // 50000, +inf.
  std::vector<uint64_t> commit_latency_histogram = std::vector<uint64_t>(10, 0);
};

class Store {
 public:
  using Done = std::function<void(const Status&)>;

  virtual ~Store() = default;

  // Configuration documents. Put inserts or replaces; Delete of a missing
  // record is ok. Both are durable on return.
  virtual Status PutRecord(const Record& record) = 0;
  // PutRecord without waiting: `done` runs once, after the record is durable
  // (or with the error), possibly on another thread. The default runs
  // PutRecord and then `done` on the caller's thread.
  virtual void PutRecordAsync(Record record, Done done);
  virtual Status DeleteRecord(std::string_view kind, std::string_view tenant,
                              std::string_view id) = 0;
  // All records of a kind, across tenants, ordered by (tenant, id).
  virtual Result<std::vector<Record>> ListRecords(std::string_view kind) = 0;
  virtual Result<Record> GetRecord(std::string_view kind, std::string_view tenant,
                                   std::string_view id) = 0;

  // Appends entries to the ledger; `done` runs once, as described above.
  // `entries` must be non-empty and consecutive.
  virtual void AppendAsync(std::vector<LedgerEntry> entries, Done done) = 0;
  // Blocking form of AppendAsync.
  Status Append(std::vector<LedgerEntry> entries);

  virtual Result<LedgerHead> Head() = 0;
  // Entries with seq > after_seq, ascending, at most `limit`.
  virtual Result<std::vector<LedgerEntry>> ReadLedger(uint64_t after_seq, size_t limit) = 0;
  // One subject's entries within a tenant, ascending.
  virtual Result<std::vector<LedgerEntry>> ReadSubject(std::string_view tenant,
                                                       std::string_view subject) = 0;

  // The audit log. AppendAudit assigns each entry the next seq (the given
  // seq is ignored) and is durable on return. A backend without an audit
  // table answers Unavailable (the defaults below).
  virtual Status AppendAudit(std::vector<AuditEntry> entries);
  virtual Result<std::vector<AuditEntry>> ReadAudit(const AuditQuery& query);

  virtual StoreStats Stats() = 0;
  // A short backend name for logs and metrics: "memory", "sqlite", "postgresql".
  virtual std::string_view Name() const = 0;
};

// Opens a store from a --store value: "memory", "sqlite" (file in data_dir),
// "sqlite:/path/file.db" or "postgresql://...".
Result<std::unique_ptr<Store>> OpenStore(std::string_view spec, std::string_view data_dir);

}  // namespace tact

#endif  // TACT_STORAGE_STORE_H_
