// SqliteStore: the embedded default Store, one SQLite file in WAL mode.
//
// Writes go through one SqliteWriter thread (group commit: concurrent
// writes share one transaction and one fsync; see sqlite_writer.h). Reads use
// a small pool of read-only connections: WAL lets them read the last commit
// while the writer is busy, so a read never waits on the writer's fsync.
// Every connection runs with synchronous=FULL (see sqlite_schema.h).
//
// Durability: PutRecord, DeleteRecord and Append return (and AppendAsync's
// `done` runs) only after COMMIT returned. After a crash, reopening the file
// runs SQLite's WAL recovery and shows every acknowledged write.
//
// Thread-safety: all methods may be called from any thread. `done`
// callbacks run on the writer thread and must not make blocking writes.
#ifndef TACT_STORAGE_SQLITE_SQLITE_STORE_H_
#define TACT_STORAGE_SQLITE_SQLITE_STORE_H_

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/sqlite/sqlite_db.h"
#include "storage/sqlite/sqlite_schema.h"
#include "storage/sqlite/sqlite_writer.h"
#include "storage/store.h"

namespace tact {

class SqliteStore final : public Store {
 public:
  struct Options {
    int readers = 4;    // read-only connections in the pool, >= 1
    int max_batch = 0;  // write ops per transaction at most; 0: the writer default
    std::string vfs;    // SQLite VFS name; "" for the default (tests inject faults here)
  };

  // Opens (creating it, mode 0600, if missing) the database at `path`,
  // applies the connection settings and brings the schema up to date. Fails
  // on a database written by a newer tact.
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path, Options options);
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path) {
    return Open(path, Options());
  }
  // Runs every queued write, then closes the connections.
  ~SqliteStore() override;

  Status PutRecord(const Record& record) override;
  void PutRecordAsync(Record record, Done done) override;  // done runs on the writer thread
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
  std::string_view Name() const override { return "sqlite"; }

  // The settings of every connection as SQLite reports them now: the writer
  // first, then each reader.
  Result<std::vector<SqlitePragmas>> ConnectionPragmas();
  // Ok when every connection has the required settings.
  Status CheckPragmas();
  // PRAGMA integrity_check: Ok, or Corruption with SQLite's first finding.
  Status IntegrityCheck();
  // Runs `call` on the writer connection, inside the writer's transaction,
  // and waits for the batch to commit. For tests (fault injection).
  Status RunOnWriter(SqliteWriter::Call call);

  const std::string& path() const { return path_; }

 private:
  // A reader connection borrowed from the pool; returned when dropped.
  class ReaderLease {
   public:
    ReaderLease(SqliteStore* store, SqliteConnection* conn) : store_(store), conn_(conn) {}
    ReaderLease(const ReaderLease&) = delete;
    ReaderLease& operator=(const ReaderLease&) = delete;
    ~ReaderLease() { store_->ReleaseReader(conn_); }
    SqliteConnection& operator*() const { return *conn_; }
    SqliteConnection* operator->() const { return conn_; }

   private:
    SqliteStore* store_;
    SqliteConnection* conn_;
  };

  explicit SqliteStore(std::string path) : path_(std::move(path)) {}
  ReaderLease AcquireReader();
  void ReleaseReader(SqliteConnection* conn);
  Status WaitForWrite(std::function<void(SqliteWriter::Done)> submit);

  std::string path_;
  std::vector<std::unique_ptr<SqliteConnection>> readers_;  // fixed after Open
  std::mutex readers_mu_;
  std::condition_variable reader_free_;
  std::vector<SqliteConnection*> free_readers_;  // GUARDED_BY(readers_mu_)
  // Declared last: destroyed first, so queued writes finish while the rest is alive.
  std::unique_ptr<SqliteWriter> writer_;
};

}  // namespace tact

#endif  // TACT_STORAGE_SQLITE_SQLITE_STORE_H_
