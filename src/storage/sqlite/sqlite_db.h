// Thin RAII wrappers over the sqlite3 C API: a connection that caches its
// prepared statements, a statement handle that resets itself when dropped,
// and the one mapping from SQLite result codes to tact Status codes.
//
// Thread-safety: a SqliteConnection (and the statements it hands out) is used
// by one thread at a time; connections are opened with SQLITE_OPEN_NOMUTEX.
#ifndef TACT_STORAGE_SQLITE_SQLITE_DB_H_
#define TACT_STORAGE_SQLITE_SQLITE_DB_H_

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "core/digest.h"
#include "tact/result.h"

namespace tact {

// A Status for SQLite result code `rc` (extended codes are fine), with `what`
// (what tact was doing) and SQLite's message. Busy, I/O and read-only errors
// map to Unavailable, a full disk to ResourceExhausted, a damaged file to
// Corruption, a constraint to Conflict. Messages carry no row values.
Status SqliteError(sqlite3* db, int rc, std::string_view what);

// A prepared statement borrowed from a SqliteConnection's cache. Binding
// functions do not copy: REQUIRES the bound bytes outlive the Step calls.
// Dropping the handle resets the statement and clears its bindings.
class SqliteStatement {
 public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  SqliteStatement(SqliteStatement&& other) noexcept
      : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)) {}
  SqliteStatement& operator=(SqliteStatement&&) = delete;
  SqliteStatement(const SqliteStatement&) = delete;
  ~SqliteStatement();

  // Parameters are 1-based, as in SQLite.
  Status BindText(int index, std::string_view text);
  Status BindBlob(int index, std::string_view bytes);
  Status BindInt64(int index, int64_t value);

  // Steps once: true when a row is ready, false when the statement is done.
  Result<bool> Step();
  // Steps to completion; for statements that return no rows.
  Status Run();
  // Makes the statement ready to be bound and run again.
  void Reset();

  int64_t ColumnInt64(int col) const;
  std::string ColumnText(int col) const;
  std::string ColumnBlob(int col) const;
  // A 32-byte blob column; Corruption when it has another length.
  Status ColumnHash(int col, Hash256* out) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;  // owned by the connection's cache
};

class SqliteConnection {
 public:
  // Opens `path` with `flags` (SQLITE_OPEN_*); NOMUTEX is always added.
  // `vfs` may be empty for the default VFS.
  static Result<std::unique_ptr<SqliteConnection>> Open(const std::string& path, int flags,
                                                        const std::string& vfs);
  ~SqliteConnection();
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  // Runs one or more statements that return no rows we need.
  Status Exec(const std::string& sql);
  // Runs one statement that returns no rows through the statement cache:
  // for the ones run again and again (SAVEPOINT, RELEASE), parsed only once.
  Status ExecCached(const std::string& sql);
  // The cached prepared statement for `sql` (prepared on first use).
  // REQUIRES: the previous handle for the same `sql` has been dropped.
  Result<SqliteStatement> Prepare(const std::string& sql);
  // The first column of the first row of `sql` as an integer / text.
  Result<int64_t> QueryInt(const std::string& sql);
  Result<std::string> QueryText(const std::string& sql);

  sqlite3* db() const { return db_; }

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}

  sqlite3* db_;
  std::map<std::string, sqlite3_stmt*, std::less<>> cache_;
};

}  // namespace tact

#endif  // TACT_STORAGE_SQLITE_SQLITE_DB_H_
