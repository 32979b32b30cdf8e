// SqliteWriter: the one thread that writes to a SQLite store, with group
// commit.
//
// Callers enqueue write ops (record put/delete, ledger append, or a function
// to run on the writer connection) into one FIFO queue. The thread takes
// everything pending (up to kMaxBatch ops) and runs it as ONE transaction,
// each op inside its own SAVEPOINT so that a failing op (say, an append that
// does not continue the head) rolls back only itself. It then COMMITs — with
// synchronous=FULL this is the fsync the whole batch shares — and only then
// calls every op's `done`, in queue order, on the writer thread. An op is
// never acknowledged before COMMIT returned.
//
// Continuity is checked against a head kept in memory: the committed head
// plus the appends earlier in the same batch. So an append that builds on a
// failed append in the same batch fails too, as it must. If COMMIT (or the
// transaction) fails, every op of the batch gets the error and the head is
// reloaded from disk.
//
// `done` callbacks must not throw and must not block on this writer (a
// blocking Store call from inside `done` would deadlock); they may enqueue.
//
// Thread-safety: all public methods may be called from any thread.
#ifndef TACT_STORAGE_SQLITE_SQLITE_WRITER_H_
#define TACT_STORAGE_SQLITE_SQLITE_WRITER_H_

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "storage/sqlite/sqlite_db.h"
#include "storage/store.h"

namespace tact {

class SqliteWriter {
 public:
  using Done = Store::Done;
  using Call = std::function<Status(SqliteConnection&)>;

  static constexpr size_t kMaxBatch = 4096;

  // Takes the writer connection (configured and migrated), loads the ledger
  // head from it and starts the thread.
  // `max_batch` caps the ops per transaction (0: kMaxBatch).
  static Result<std::unique_ptr<SqliteWriter>> Start(std::unique_ptr<SqliteConnection> conn,
                                                     size_t max_batch = 0);
  // Runs every op already queued, then joins the thread.
  ~SqliteWriter();
  SqliteWriter(const SqliteWriter&) = delete;
  SqliteWriter& operator=(const SqliteWriter&) = delete;

  void PutRecord(Record record, Done done);
  void DeleteRecord(Record key, Done done);  // key.body is ignored
  void Append(std::vector<LedgerEntry> entries, Done done);
  // Runs `call` on the writer connection inside the batch's transaction, in
  // its own savepoint. Not counted as a write. For checks and tests.
  void Run(Call call, Done done);

  // The head of the last committed transaction.
  LedgerHead CommittedHead();
  StoreStats Stats();

 private:
  enum class OpKind { kPut, kDelete, kAppend, kCall };
  struct Op {
    OpKind kind;
    Record record;                     // kPut, kDelete
    std::vector<LedgerEntry> entries;  // kAppend
    Call call;                         // kCall
    Done done;
  };

  explicit SqliteWriter(std::unique_ptr<SqliteConnection> conn) : conn_(std::move(conn)) {}

  void Enqueue(Op op);
  void Loop();
  void RunBatch(std::vector<Op>& batch);
  // Runs one op inside a savepoint; on success advances *head for appends.
  Status ApplyInSavepoint(Op& op, LedgerHead* head);
  Status ApplyOp(Op& op);
  Status InsertEntries(const std::vector<LedgerEntry>& entries);
  Result<LedgerHead> LoadHead();

  // Owned by the writer thread once it runs.
  std::unique_ptr<SqliteConnection> conn_;
  size_t max_batch_ = kMaxBatch;
  LedgerHead head_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Op> queue_;  // GUARDED_BY(mu_)
  bool stop_ = false;     // GUARDED_BY(mu_)

  std::mutex state_mu_;
  LedgerHead committed_head_;  // GUARDED_BY(state_mu_)
  StoreStats stats_;           // GUARDED_BY(state_mu_)

  std::thread thread_;
};

}  // namespace tact

#endif  // TACT_STORAGE_SQLITE_SQLITE_WRITER_H_
