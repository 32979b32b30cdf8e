// The SQLite store's connection settings and versioned schema.
//
// Every connection gets: journal_mode=WAL, synchronous=FULL (a commit is on
// disk, WAL included, before it returns: durable across power loss, see
// REFERENCES.md D-05), secure_delete=ON (deleted bytes are overwritten),
// foreign_keys=ON and a busy timeout. ConfigureConnection reads the values
// back and fails if SQLite did not take them.
//
// The schema version lives in PRAGMA user_version. Migrate applies each
// missing step in its own transaction, and refuses a database written by a
// newer tact (user_version above kSchemaVersion) or by another application.
//
// Functions here take a connection the caller uses from one thread.
#ifndef TACT_STORAGE_SQLITE_SQLITE_SCHEMA_H_
#define TACT_STORAGE_SQLITE_SQLITE_SCHEMA_H_

#include <string>

#include "storage/sqlite/sqlite_db.h"

namespace tact {

// The newest schema version this binary knows.
inline constexpr int kSqliteSchemaVersion = 2;
// PRAGMA application_id of a tact database: "tact" in ASCII.
inline constexpr int kSqliteApplicationId = 0x74616374;
inline constexpr int kSqliteBusyTimeoutMs = 5000;

// The settings of one connection, as SQLite reports them.
struct SqlitePragmas {
  std::string journal_mode;  // "wal"
  int64_t synchronous = -1;  // 2 = FULL
  int64_t secure_delete = -1;
  int64_t foreign_keys = -1;
  int64_t busy_timeout = -1;
};

// Applies the settings above. The writer (`writer` true) switches the file
// to WAL; a read-only connection only checks that it is in WAL already.
Status ConfigureConnection(SqliteConnection& conn, bool writer);
Result<SqlitePragmas> ReadPragmas(SqliteConnection& conn);
// Ok when `p` are the settings ConfigureConnection applies.
Status CheckPragmas(const SqlitePragmas& p);

// Brings the schema up to kSqliteSchemaVersion.
// REQUIRES: `conn` is writable and not inside a transaction.
Status Migrate(SqliteConnection& conn);

}  // namespace tact

#endif  // TACT_STORAGE_SQLITE_SQLITE_SCHEMA_H_
