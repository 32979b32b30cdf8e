#include "storage/sqlite/sqlite_writer.h"

#include <pthread.h>

#include <chrono>
#include <string>
#include <string_view>
#include <utility>

#include "storage/ledger_continuity.h"

namespace tact {
namespace {

std::string_view HashBytes(const Hash256& h) {
  return std::string_view(reinterpret_cast<const char*>(h.data()), h.size());
}

}  // namespace

Result<std::unique_ptr<SqliteWriter>> SqliteWriter::Start(std::unique_ptr<SqliteConnection> conn,
                                                          size_t max_batch) {
  std::unique_ptr<SqliteWriter> writer(new SqliteWriter(std::move(conn)));
  if (max_batch > 0 && max_batch < kMaxBatch) writer->max_batch_ = max_batch;
  auto head = writer->LoadHead();
  if (!head.ok()) return head.error();
  writer->head_ = *head;
  writer->committed_head_ = *head;
  writer->thread_ = std::thread([w = writer.get()] { w->Loop(); });
  pthread_setname_np(writer->thread_.native_handle(), "tact-writer");
  return writer;
}

SqliteWriter::~SqliteWriter() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void SqliteWriter::PutRecord(Record record, Done done) {
  Enqueue(Op{OpKind::kPut, std::move(record), {}, nullptr, std::move(done)});
}

void SqliteWriter::DeleteRecord(Record key, Done done) {
  Enqueue(Op{OpKind::kDelete, std::move(key), {}, nullptr, std::move(done)});
}

void SqliteWriter::Append(std::vector<LedgerEntry> entries, Done done) {
  Enqueue(Op{OpKind::kAppend, {}, std::move(entries), nullptr, std::move(done)});
}

void SqliteWriter::Run(Call call, Done done) {
  Enqueue(Op{OpKind::kCall, {}, {}, std::move(call), std::move(done)});
}

LedgerHead SqliteWriter::CommittedHead() {
  std::lock_guard lock(state_mu_);
  return committed_head_;
}

StoreStats SqliteWriter::Stats() {
  std::lock_guard lock(state_mu_);
  return stats_;
}

void SqliteWriter::Enqueue(Op op) {
  {
    std::lock_guard lock(mu_);
    if (!stop_) {
      queue_.push_back(std::move(op));
      cv_.notify_one();
      return;
    }
  }
  if (op.done) op.done(Status::Unavailable("sqlite store is shutting down"));
}

void SqliteWriter::Loop() {
  std::vector<Op> batch;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued has run
      size_t n = std::min(queue_.size(), max_batch_);
      batch.reserve(n);
      for (size_t i = 0; i < n; ++i) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    RunBatch(batch);
    batch.clear();
  }
}

void SqliteWriter::RunBatch(std::vector<Op>& batch) {
  std::vector<Status> results(batch.size());
  LedgerHead head = head_;
  uint64_t writes = 0;
  uint64_t commit_micros = 0;
  Status txn = conn_->Exec("BEGIN IMMEDIATE");
  for (size_t i = 0; txn.ok() && i < batch.size(); ++i) {
    results[i] = ApplyInSavepoint(batch[i], &head);
    if (results[i].ok() && batch[i].kind != OpKind::kCall) ++writes;
    // Some errors (I/O, full disk, out of memory) make SQLite roll back the
    // whole transaction; what came before in the batch is gone too.
    if (sqlite3_get_autocommit(conn_->db()) != 0) {
      txn =
          results[i].ok() ? Status::Internal("sqlite: transaction ended unexpectedly") : results[i];
    }
  }
  if (txn.ok()) {
    auto start = std::chrono::steady_clock::now();
    txn = conn_->Exec("COMMIT");
    commit_micros = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                              std::chrono::steady_clock::now() - start)
                                              .count());
  }
  if (txn.ok()) {
    head_ = head;
    std::lock_guard lock(state_mu_);
    committed_head_ = head;
    if (writes > 0) {
      ++stats_.commits;
      stats_.writes += writes;
      stats_.commit_micros_total += commit_micros;
      ++stats_.batch_histogram[BatchBucket(writes)];
      ++stats_.commit_latency_histogram[LatencyBucket(commit_micros)];
    }
  } else {
    if (sqlite3_get_autocommit(conn_->db()) == 0) conn_->Exec("ROLLBACK");
    for (Status& s : results) {
      if (s.ok()) s = Status(txn.code(), "write not committed: " + txn.message());
    }
    // Nothing of this batch is on disk; start again from what is.
    auto reloaded = LoadHead();
    head_ = reloaded.ok() ? *reloaded : head_;
    std::lock_guard lock(state_mu_);
    committed_head_ = head_;
  }
  for (size_t i = 0; i < batch.size(); ++i) {
    if (batch[i].done) batch[i].done(results[i]);
  }
}

Status SqliteWriter::ApplyInSavepoint(Op& op, LedgerHead* head) {
  if (op.kind == OpKind::kAppend) {
    TACT_RETURN_IF_ERROR(CheckContinuity(*head, op.entries));
  }
  static const std::string kSavepoint = "SAVEPOINT op";
  static const std::string kRelease = "RELEASE op";
  TACT_RETURN_IF_ERROR(conn_->ExecCached(kSavepoint));
  Status s = ApplyOp(op);
  if (s.ok()) s = conn_->ExecCached(kRelease);
  if (!s.ok()) {
    if (sqlite3_get_autocommit(conn_->db()) == 0) {
      conn_->Exec("ROLLBACK TO op");
      conn_->Exec("RELEASE op");
    }
    return s;
  }
  if (op.kind == OpKind::kAppend) *head = HeadAfter(op.entries);
  return Status::Ok();
}

Status SqliteWriter::ApplyOp(Op& op) {
  switch (op.kind) {
    case OpKind::kPut: {
      auto stmt = conn_->Prepare(
          "INSERT INTO records (kind, tenant, id, body) VALUES (?1, ?2, ?3, ?4) "
          "ON CONFLICT (kind, tenant, id) DO UPDATE SET body = excluded.body");
      if (!stmt.ok()) return stmt.error();
      TACT_RETURN_IF_ERROR(stmt->BindText(1, op.record.kind));
      TACT_RETURN_IF_ERROR(stmt->BindText(2, op.record.tenant));
      TACT_RETURN_IF_ERROR(stmt->BindText(3, op.record.id));
      TACT_RETURN_IF_ERROR(stmt->BindText(4, op.record.body));
      return stmt->Run();
    }
    case OpKind::kDelete: {
      auto stmt = conn_->Prepare("DELETE FROM records WHERE kind = ?1 AND tenant = ?2 AND id = ?3");
      if (!stmt.ok()) return stmt.error();
      TACT_RETURN_IF_ERROR(stmt->BindText(1, op.record.kind));
      TACT_RETURN_IF_ERROR(stmt->BindText(2, op.record.tenant));
      TACT_RETURN_IF_ERROR(stmt->BindText(3, op.record.id));
      return stmt->Run();
    }
    case OpKind::kAppend:
      return InsertEntries(op.entries);
    case OpKind::kCall:
      return op.call(*conn_);
  }
  return Status::Internal("unknown write op");
}

Status SqliteWriter::InsertEntries(const std::vector<LedgerEntry>& entries) {
  auto stmt = conn_->Prepare(
      "INSERT INTO ledger (seq, tenant, subject, time, payload, prev_hash, hash) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!stmt.ok()) return stmt.error();
  for (const LedgerEntry& e : entries) {
    if (e.seq > static_cast<uint64_t>(INT64_MAX)) {
      return Status::InvalidArgument("ledger seq out of range");
    }
    TACT_RETURN_IF_ERROR(stmt->BindInt64(1, static_cast<int64_t>(e.seq)));
    TACT_RETURN_IF_ERROR(stmt->BindText(2, e.tenant));
    TACT_RETURN_IF_ERROR(stmt->BindText(3, e.subject));
    TACT_RETURN_IF_ERROR(stmt->BindInt64(4, e.time));
    TACT_RETURN_IF_ERROR(stmt->BindBlob(5, e.payload));
    TACT_RETURN_IF_ERROR(stmt->BindBlob(6, HashBytes(e.prev_hash)));
    TACT_RETURN_IF_ERROR(stmt->BindBlob(7, HashBytes(e.hash)));
    TACT_RETURN_IF_ERROR(stmt->Run());
    stmt->Reset();
  }
  return Status::Ok();
}

Result<LedgerHead> SqliteWriter::LoadHead() {
  auto stmt = conn_->Prepare("SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1");
  if (!stmt.ok()) return stmt.error();
  auto row = stmt->Step();
  if (!row.ok()) return row.error();
  LedgerHead head;
  if (!*row) return head;
  head.seq = static_cast<uint64_t>(stmt->ColumnInt64(0));
  TACT_RETURN_IF_ERROR(stmt->ColumnHash(1, &head.hash));
  return head;
}

}  // namespace tact
