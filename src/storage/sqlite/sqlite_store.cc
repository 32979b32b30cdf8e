#include "storage/sqlite/sqlite_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <future>
#include <limits>
#include <utility>

namespace tact {
namespace {

// Creates the file with owner-only permissions, so the WAL and shared-memory
// files SQLite creates next to it (which copy the mode) are private too.
Status CreatePrivateFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Status::Unavailable("sqlite: cannot create database file: " +
                               std::string(std::strerror(errno)));
  }
  ::close(fd);
  return Status::Ok();
}

Result<LedgerEntry> EntryFromRow(const SqliteStatement& stmt) {
  LedgerEntry e;
  e.seq = static_cast<uint64_t>(stmt.ColumnInt64(0));
  e.tenant = stmt.ColumnText(1);
  e.subject = stmt.ColumnText(2);
  e.time = stmt.ColumnInt64(3);
  e.payload = stmt.ColumnBlob(4);
  TACT_RETURN_IF_ERROR(stmt.ColumnHash(5, &e.prev_hash));
  TACT_RETURN_IF_ERROR(stmt.ColumnHash(6, &e.hash));
  return e;
}

Result<std::vector<LedgerEntry>> CollectEntries(SqliteStatement& stmt) {
  std::vector<LedgerEntry> out;
  for (;;) {
    auto row = stmt.Step();
    if (!row.ok()) return row.error();
    if (!*row) return out;
    auto entry = EntryFromRow(stmt);
    if (!entry.ok()) return entry.error();
    out.push_back(std::move(*entry));
  }
}

constexpr char kEntryColumns[] =
    "SELECT seq, tenant, subject, time, payload, prev_hash, hash FROM ledger ";

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path, Options options) {
  if (options.readers < 1) return Status::InvalidArgument("sqlite: need at least one reader");
  if (::access(path.c_str(), F_OK) != 0) TACT_RETURN_IF_ERROR(CreatePrivateFile(path));
  std::unique_ptr<SqliteStore> store(new SqliteStore(path));

  auto writer_conn =
      SqliteConnection::Open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, options.vfs);
  if (!writer_conn.ok()) return writer_conn.error();
  TACT_RETURN_IF_ERROR(ConfigureConnection(**writer_conn, /*writer=*/true));
  TACT_RETURN_IF_ERROR(Migrate(**writer_conn));

  for (int i = 0; i < options.readers; ++i) {
    auto reader = SqliteConnection::Open(path, SQLITE_OPEN_READONLY, options.vfs);
    if (!reader.ok()) return reader.error();
    TACT_RETURN_IF_ERROR(ConfigureConnection(**reader, /*writer=*/false));
    store->free_readers_.push_back(reader->get());
    store->readers_.push_back(std::move(*reader));
  }

  size_t max_batch = options.max_batch > 0 ? static_cast<size_t>(options.max_batch) : 0;
  auto writer = SqliteWriter::Start(std::move(*writer_conn), max_batch);
  if (!writer.ok()) return writer.error();
  store->writer_ = std::move(*writer);
  return store;
}

SqliteStore::~SqliteStore() { writer_.reset(); }

SqliteStore::ReaderLease SqliteStore::AcquireReader() {
  std::unique_lock lock(readers_mu_);
  reader_free_.wait(lock, [this] { return !free_readers_.empty(); });
  SqliteConnection* conn = free_readers_.back();
  free_readers_.pop_back();
  return ReaderLease(this, conn);
}

void SqliteStore::ReleaseReader(SqliteConnection* conn) {
  {
    std::lock_guard lock(readers_mu_);
    free_readers_.push_back(conn);
  }
  reader_free_.notify_one();
}

Status SqliteStore::WaitForWrite(std::function<void(SqliteWriter::Done)> submit) {
  std::promise<Status> promise;
  auto future = promise.get_future();
  submit([&promise](const Status& s) { promise.set_value(s); });
  return future.get();
}

Status SqliteStore::PutRecord(const Record& record) {
  return WaitForWrite(
      [&](SqliteWriter::Done done) { writer_->PutRecord(record, std::move(done)); });
}

void SqliteStore::PutRecordAsync(Record record, Done done) {
  writer_->PutRecord(std::move(record), std::move(done));
}

Status SqliteStore::DeleteRecord(std::string_view kind, std::string_view tenant,
                                 std::string_view id) {
  Record key{std::string(kind), std::string(tenant), std::string(id), ""};
  return WaitForWrite(
      [&](SqliteWriter::Done done) { writer_->DeleteRecord(std::move(key), std::move(done)); });
}

Result<std::vector<Record>> SqliteStore::ListRecords(std::string_view kind) {
  ReaderLease conn = AcquireReader();
  auto stmt =
      conn->Prepare("SELECT tenant, id, body FROM records WHERE kind = ?1 ORDER BY tenant, id");
  if (!stmt.ok()) return stmt.error();
  TACT_RETURN_IF_ERROR(stmt->BindText(1, kind));
  std::vector<Record> out;
  for (;;) {
    auto row = stmt->Step();
    if (!row.ok()) return row.error();
    if (!*row) return out;
    out.push_back(
        Record{std::string(kind), stmt->ColumnText(0), stmt->ColumnText(1), stmt->ColumnText(2)});
  }
}

Result<Record> SqliteStore::GetRecord(std::string_view kind, std::string_view tenant,
                                      std::string_view id) {
  ReaderLease conn = AcquireReader();
  auto stmt = conn->Prepare("SELECT body FROM records WHERE kind = ?1 AND tenant = ?2 AND id = ?3");
  if (!stmt.ok()) return stmt.error();
  TACT_RETURN_IF_ERROR(stmt->BindText(1, kind));
  TACT_RETURN_IF_ERROR(stmt->BindText(2, tenant));
  TACT_RETURN_IF_ERROR(stmt->BindText(3, id));
  auto row = stmt->Step();
  if (!row.ok()) return row.error();
  if (!*row) return Status::NotFound("no " + std::string(kind) + " record with that id");
  return Record{std::string(kind), std::string(tenant), std::string(id), stmt->ColumnText(0)};
}

void SqliteStore::AppendAsync(std::vector<LedgerEntry> entries, Done done) {
  writer_->Append(std::move(entries), std::move(done));
}

Result<LedgerHead> SqliteStore::Head() { return writer_->CommittedHead(); }

Result<std::vector<LedgerEntry>> SqliteStore::ReadLedger(uint64_t after_seq, size_t limit) {
  constexpr uint64_t kMaxSeq = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  if (limit == 0 || after_seq >= kMaxSeq) return std::vector<LedgerEntry>{};
  int64_t sql_limit =
      limit > kMaxSeq ? std::numeric_limits<int64_t>::max() : static_cast<int64_t>(limit);
  ReaderLease conn = AcquireReader();
  auto stmt = conn->Prepare(std::string(kEntryColumns) + "WHERE seq > ?1 ORDER BY seq LIMIT ?2");
  if (!stmt.ok()) return stmt.error();
  TACT_RETURN_IF_ERROR(stmt->BindInt64(1, static_cast<int64_t>(after_seq)));
  TACT_RETURN_IF_ERROR(stmt->BindInt64(2, sql_limit));
  return CollectEntries(*stmt);
}

Result<std::vector<LedgerEntry>> SqliteStore::ReadSubject(std::string_view tenant,
                                                          std::string_view subject) {
  ReaderLease conn = AcquireReader();
  auto stmt =
      conn->Prepare(std::string(kEntryColumns) + "WHERE tenant = ?1 AND subject = ?2 ORDER BY seq");
  if (!stmt.ok()) return stmt.error();
  TACT_RETURN_IF_ERROR(stmt->BindText(1, tenant));
  TACT_RETURN_IF_ERROR(stmt->BindText(2, subject));
  return CollectEntries(*stmt);
}

Status SqliteStore::AppendAudit(std::vector<AuditEntry> entries) {
  if (entries.empty()) return Status::Ok();
  return RunOnWriter([&entries](SqliteConnection& conn) {
    auto stmt = conn.Prepare(
        "INSERT INTO audit (tenant, time, key_id, route, subject, status) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (!stmt.ok()) return stmt.error();
    for (const AuditEntry& e : entries) {
      TACT_RETURN_IF_ERROR(stmt->BindText(1, e.tenant));
      TACT_RETURN_IF_ERROR(stmt->BindInt64(2, e.time));
      TACT_RETURN_IF_ERROR(stmt->BindText(3, e.key_id));
      TACT_RETURN_IF_ERROR(stmt->BindText(4, e.route));
      TACT_RETURN_IF_ERROR(stmt->BindText(5, e.subject));
      TACT_RETURN_IF_ERROR(stmt->BindInt64(6, e.status));
      TACT_RETURN_IF_ERROR(stmt->Run());
      stmt->Reset();
    }
    return Status::Ok();
  });
}

Result<std::vector<AuditEntry>> SqliteStore::ReadAudit(const AuditQuery& query) {
  constexpr uint64_t kMax = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  if (query.limit == 0 || query.after >= kMax) return std::vector<AuditEntry>{};
  int64_t limit =
      query.limit > kMax ? std::numeric_limits<int64_t>::max() : static_cast<int64_t>(query.limit);
  ReaderLease conn = AcquireReader();
  auto stmt = conn->Prepare(
      "SELECT seq, tenant, time, key_id, route, subject, status FROM audit "
      "WHERE tenant = ?1 AND seq > ?2 AND (?3 = '' OR subject = ?3) ORDER BY seq LIMIT ?4");
  if (!stmt.ok()) return stmt.error();
  TACT_RETURN_IF_ERROR(stmt->BindText(1, query.tenant));
  TACT_RETURN_IF_ERROR(stmt->BindInt64(2, static_cast<int64_t>(query.after)));
  TACT_RETURN_IF_ERROR(stmt->BindText(3, query.subject));
  TACT_RETURN_IF_ERROR(stmt->BindInt64(4, limit));
  std::vector<AuditEntry> out;
  for (;;) {
    auto row = stmt->Step();
    if (!row.ok()) return row.error();
    if (!*row) return out;
    out.push_back(AuditEntry{static_cast<uint64_t>(stmt->ColumnInt64(0)), stmt->ColumnText(1),
                             stmt->ColumnInt64(2), stmt->ColumnText(3), stmt->ColumnText(4),
                             stmt->ColumnText(5), static_cast<int>(stmt->ColumnInt64(6))});
  }
}

StoreStats SqliteStore::Stats() { return writer_->Stats(); }

Result<std::vector<SqlitePragmas>> SqliteStore::ConnectionPragmas() {
  std::vector<SqlitePragmas> out(1);
  TACT_RETURN_IF_ERROR(RunOnWriter([&out](SqliteConnection& conn) {
    auto p = ReadPragmas(conn);
    if (!p.ok()) return p.error();
    out[0] = *p;
    return Status::Ok();
  }));
  // Hold every reader at once so each one is read exactly once.
  std::vector<std::unique_ptr<ReaderLease>> leases;
  for (size_t i = 0; i < readers_.size(); ++i) {
    std::unique_lock lock(readers_mu_);
    reader_free_.wait(lock, [this] { return !free_readers_.empty(); });
    leases.push_back(std::make_unique<ReaderLease>(this, free_readers_.back()));
    free_readers_.pop_back();
  }
  for (auto& lease : leases) {
    auto p = ReadPragmas(**lease);
    if (!p.ok()) return p.error();
    out.push_back(*p);
  }
  return out;
}

Status SqliteStore::CheckPragmas() {
  auto all = ConnectionPragmas();
  if (!all.ok()) return all.error();
  for (const SqlitePragmas& p : *all) TACT_RETURN_IF_ERROR(tact::CheckPragmas(p));
  return Status::Ok();
}

Status SqliteStore::IntegrityCheck() {
  ReaderLease conn = AcquireReader();
  auto stmt = conn->Prepare("PRAGMA integrity_check");
  if (!stmt.ok()) return stmt.error();
  auto row = stmt->Step();
  if (!row.ok()) return row.error();
  if (!*row) return Status::Internal("sqlite: integrity_check returned nothing");
  std::string first = stmt->ColumnText(0);
  if (first != "ok") return Status::Corruption("sqlite: integrity_check: " + first);
  return Status::Ok();
}

Status SqliteStore::RunOnWriter(SqliteWriter::Call call) {
  return WaitForWrite(
      [&](SqliteWriter::Done done) { writer_->Run(std::move(call), std::move(done)); });
}

}  // namespace tact
