#include "storage/store.h"

#include <sys/stat.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <future>
#include <string>

#include "storage/memory/memory_store.h"
#include "storage/sqlite/sqlite_store.h"

namespace tact {
namespace {

constexpr std::string_view kSqlitePrefix = "sqlite:";
constexpr std::string_view kSqliteFile = "tact.db";

// Creates `dir` (owner-only) when it does not exist yet.
Status EnsureDataDir(const std::string& dir) {
  if (::mkdir(dir.c_str(), 0700) == 0 || errno == EEXIST) return Status::Ok();
  return Status::Unavailable("cannot create data directory " + dir + ": " + std::strerror(errno));
}

}  // namespace

Status Store::Append(std::vector<LedgerEntry> entries) {
  // Shared: the callback may still be returning on the writer thread when
  // the caller wakes and leaves.
  auto promise = std::make_shared<std::promise<Status>>();
  auto future = promise->get_future();
  AppendAsync(std::move(entries), [promise](const Status& s) { promise->set_value(s); });
  return future.get();
}

void Store::PutRecordAsync(Record record, Done done) { done(PutRecord(record)); }

Status Store::AppendAudit(std::vector<AuditEntry>) {
  return Status::Unavailable(std::string(Name()) + " store keeps no audit log");
}

Result<std::vector<AuditEntry>> Store::ReadAudit(const AuditQuery&) {
  return Status::Unavailable(std::string(Name()) + " store keeps no audit log");
}

Result<std::unique_ptr<Store>> OpenStore(std::string_view spec, std::string_view data_dir) {
  if (spec == "memory") return std::unique_ptr<Store>(std::make_unique<MemoryStore>());
  if (spec == "sqlite") {
    if (data_dir.empty()) return Status::InvalidArgument("--store sqlite needs a data directory");
    std::string dir(data_dir);
    TACT_RETURN_IF_ERROR(EnsureDataDir(dir));
    auto store = SqliteStore::Open(dir + "/" + std::string(kSqliteFile));
    if (!store.ok()) return store.error();
    return std::unique_ptr<Store>(std::move(*store));
  }
  if (spec.starts_with(kSqlitePrefix)) {
    std::string path(spec.substr(kSqlitePrefix.size()));
    SqliteStore::Options options;
    if (size_t q = path.find('?'); q != std::string::npos) {  // sqlite:/path.db?max_batch=N
      std::string_view query = std::string_view(path).substr(q + 1);
      constexpr std::string_view kMaxBatch = "max_batch=";
      int n = -1;
      const char* end = query.data() + query.size();
      auto parsed = query.starts_with(kMaxBatch)
                        ? std::from_chars(query.data() + kMaxBatch.size(), end, n)
                        : std::from_chars_result{query.data(), std::errc::invalid_argument};
      if (parsed.ec != std::errc() || parsed.ptr != end || n < 0) {
        return Status::InvalidArgument("--store sqlite:PATH accepts only ?max_batch=N (N >= 0)");
      }
      options.max_batch = n;
      path.resize(q);
    }
    if (path.empty()) return Status::InvalidArgument("--store sqlite: needs a file path");
    auto store = SqliteStore::Open(path, options);
    if (!store.ok()) return store.error();
    return std::unique_ptr<Store>(std::move(*store));
  }
  if (spec.starts_with("postgresql://") || spec.starts_with("postgres://")) {
    return Status::Unavailable("the PostgreSQL store is not available in this tact build");
  }
  return Status::InvalidArgument("unknown --store value '" + std::string(spec) +
                                 "': expected memory, sqlite, sqlite:/path/file.db or "
                                 "postgresql://...");
}

}  // namespace tact
