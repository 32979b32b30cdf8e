#include "storage/sqlite/sqlite_schema.h"

#include <sqlite3.h>

#include <string>

namespace tact {
namespace {

struct Migration {
  int version;
  const char* sql;
};

// Append-only: a released step is never edited, a change is a new step.
constexpr Migration kMigrations[] = {
    {1, R"sql(
CREATE TABLE records (
  kind   TEXT NOT NULL,
  tenant TEXT NOT NULL,
  id     TEXT NOT NULL,
  body   TEXT NOT NULL,
  PRIMARY KEY (kind, tenant, id)
) WITHOUT ROWID;

CREATE TABLE ledger (
  seq       INTEGER PRIMARY KEY CHECK (seq > 0),
  tenant    TEXT NOT NULL,
  subject   TEXT NOT NULL,
  time      INTEGER NOT NULL,
  payload   BLOB NOT NULL,
  prev_hash BLOB NOT NULL CHECK (length(prev_hash) = 32),
  hash      BLOB NOT NULL CHECK (length(hash) = 32)
);
CREATE INDEX ledger_by_subject ON ledger (tenant, subject, seq);

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
)sql"},
    // The audit log (store.h AuditEntry): append-only, enforced by triggers
    // that refuse any UPDATE or DELETE of a row.
    {2, R"sql(
CREATE TABLE audit (
  seq     INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant  TEXT NOT NULL,
  time    INTEGER NOT NULL,
  key_id  TEXT NOT NULL,
  route   TEXT NOT NULL,
  subject TEXT NOT NULL,
  status  INTEGER NOT NULL
);
CREATE INDEX audit_by_tenant ON audit (tenant, seq);
CREATE INDEX audit_by_subject ON audit (tenant, subject, seq);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
)sql"},
};

static_assert(sizeof(kMigrations) / sizeof(kMigrations[0]) == kSqliteSchemaVersion,
              "one migration step per schema version");

Status ApplyMigration(SqliteConnection& conn, const Migration& m) {
  TACT_RETURN_IF_ERROR(conn.Exec("BEGIN IMMEDIATE"));
  Status s = conn.Exec(m.sql);
  if (s.ok() && m.version == 1) {
    s = conn.Exec("PRAGMA application_id = " + std::to_string(kSqliteApplicationId));
  }
  if (s.ok()) s = conn.Exec("PRAGMA user_version = " + std::to_string(m.version));
  if (s.ok()) s = conn.Exec("COMMIT");
  if (!s.ok()) {
    conn.Exec("ROLLBACK");  // may fail when SQLite rolled back already; the first error wins
    return Status(s.code(), "schema migration to version " + std::to_string(m.version) +
                                " failed: " + s.message());
  }
  return Status::Ok();
}

}  // namespace

Status ConfigureConnection(SqliteConnection& conn, bool writer) {
  int rc = sqlite3_busy_timeout(conn.db(), kSqliteBusyTimeoutMs);
  if (rc != SQLITE_OK) return SqliteError(conn.db(), rc, "busy_timeout");
  if (writer) {
    auto mode = conn.QueryText("PRAGMA journal_mode = WAL");
    if (!mode.ok()) return mode.error();
  }
  TACT_RETURN_IF_ERROR(conn.Exec("PRAGMA synchronous = FULL"));
  TACT_RETURN_IF_ERROR(conn.Exec("PRAGMA secure_delete = ON"));
  TACT_RETURN_IF_ERROR(conn.Exec("PRAGMA foreign_keys = ON"));
  auto pragmas = ReadPragmas(conn);
  if (!pragmas.ok()) return pragmas.error();
  return CheckPragmas(*pragmas);
}

Result<SqlitePragmas> ReadPragmas(SqliteConnection& conn) {
  SqlitePragmas p;
  auto mode = conn.QueryText("PRAGMA journal_mode");
  if (!mode.ok()) return mode.error();
  p.journal_mode = *mode;
  for (auto [name, field] :
       {std::pair{"synchronous", &p.synchronous}, std::pair{"secure_delete", &p.secure_delete},
        std::pair{"foreign_keys", &p.foreign_keys}, std::pair{"busy_timeout", &p.busy_timeout}}) {
    auto value = conn.QueryInt(std::string("PRAGMA ") + name);
    if (!value.ok()) return value.error();
    *field = *value;
  }
  return p;
}

Status CheckPragmas(const SqlitePragmas& p) {
  if (p.journal_mode != "wal") {
    return Status::Unavailable("sqlite: journal_mode is '" + p.journal_mode + "', want 'wal'");
  }
  if (p.synchronous != 2) {
    return Status::Unavailable("sqlite: synchronous is " + std::to_string(p.synchronous) +
                               ", want 2 (FULL)");
  }
  if (p.secure_delete != 1) return Status::Unavailable("sqlite: secure_delete is off");
  if (p.foreign_keys != 1) return Status::Unavailable("sqlite: foreign_keys is off");
  if (p.busy_timeout <= 0) return Status::Unavailable("sqlite: no busy timeout");
  return Status::Ok();
}

Status Migrate(SqliteConnection& conn) {
  auto version = conn.QueryInt("PRAGMA user_version");
  if (!version.ok()) return version.error();
  auto app_id = conn.QueryInt("PRAGMA application_id");
  if (!app_id.ok()) return app_id.error();
  if (*app_id != 0 && *app_id != kSqliteApplicationId) {
    return Status::InvalidArgument(
        "sqlite: the file is another application's database (application_id " +
        std::to_string(*app_id) + "), not tact's");
  }
  if (*version > kSqliteSchemaVersion) {
    return Status::Unavailable(
        "sqlite: the database has schema version " + std::to_string(*version) +
        ", newer than this tact binary supports (" + std::to_string(kSqliteSchemaVersion) +
        "); run a newer tact, or restore a backup made by this version");
  }
  if (*version < 0) {
    return Status::Corruption("sqlite: negative schema version " + std::to_string(*version));
  }
  for (const Migration& m : kMigrations) {
    if (m.version <= *version) continue;
    TACT_RETURN_IF_ERROR(ApplyMigration(conn, m));
  }
  return Status::Ok();
}

}  // namespace tact
