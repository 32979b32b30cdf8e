// SqliteStore's audit table: append-only at the SQL level (triggers refuse
// UPDATE and DELETE, even from a connection that is not tact's), and added
// to a version-1 database by the migration.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <string>

#include "storage/sqlite/sqlite_store.h"
#include "storage/store_conformance.h"

namespace tact {
namespace {

// The SQLite result code of running `sql` on a connection of our own.
int RawExecCode(const std::string& path, const std::string& sql, std::string* message = nullptr) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr),
            SQLITE_OK);
  char* err = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  if (message && err) *message = err;
  sqlite3_free(err);
  sqlite3_close(db);
  return rc;
}

AuditEntry Row(std::string subject) {
  return AuditEntry{
      0,  "t1", 1'760'000'000'000, "key_1", "GET /v1/subjects/{id}/consents", std::move(subject),
      200};
}

class SqliteAuditTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = MakeTempDir(); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string path() const { return dir_ + "/tact.db"; }
  std::string dir_;
};

TEST_F(SqliteAuditTest, RowsCannotBeChangedOrRemoved) {
  {
    auto store = SqliteStore::Open(path());
    ASSERT_TRUE(store.ok()) << store.error().ToString();
    ASSERT_TRUE((*store)->AppendAudit({Row("sub_a"), Row("sub_b")}).ok());
  }
  std::string message;
  EXPECT_NE(RawExecCode(path(), "UPDATE audit SET subject = 'sub_x' WHERE seq = 1", &message),
            SQLITE_OK);
  EXPECT_NE(message.find("append-only"), std::string::npos) << message;
  message.clear();
  EXPECT_NE(RawExecCode(path(), "DELETE FROM audit WHERE seq = 2", &message), SQLITE_OK);
  EXPECT_NE(message.find("append-only"), std::string::npos) << message;
  EXPECT_NE(RawExecCode(path(), "DELETE FROM audit"), SQLITE_OK);

  auto store = SqliteStore::Open(path());
  ASSERT_TRUE(store.ok());
  auto rows = (*store)->ReadAudit({"t1", "", 0, 10});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].subject, "sub_a");
  EXPECT_EQ((*rows)[1].subject, "sub_b");
}

TEST_F(SqliteAuditTest, MigrationAddsTheAuditTableToAVersionOneDatabase) {
  // A database as tact wrote it before the audit log (schema version 1).
  ASSERT_EQ(
      RawExecCode(
          path(),
          "PRAGMA journal_mode = WAL;"
          "CREATE TABLE records (kind TEXT NOT NULL, tenant TEXT NOT NULL, id TEXT NOT NULL,"
          " body TEXT NOT NULL, PRIMARY KEY (kind, tenant, id)) WITHOUT ROWID;"
          "CREATE TABLE ledger (seq INTEGER PRIMARY KEY CHECK (seq > 0), tenant TEXT NOT NULL,"
          " subject TEXT NOT NULL, time INTEGER NOT NULL, payload BLOB NOT NULL,"
          " prev_hash BLOB NOT NULL CHECK (length(prev_hash) = 32),"
          " hash BLOB NOT NULL CHECK (length(hash) = 32));"
          "CREATE INDEX ledger_by_subject ON ledger (tenant, subject, seq);"
          "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
          "INSERT INTO records VALUES ('tenant', '', 'acme', '{}');"
          "PRAGMA application_id = 1952539508; PRAGMA user_version = 1;"),
      SQLITE_OK);
  auto store = SqliteStore::Open(path());
  ASSERT_TRUE(store.ok()) << store.error().ToString();
  EXPECT_TRUE((*store)->GetRecord("tenant", "", "acme").ok());
  ASSERT_TRUE((*store)->AppendAudit({Row("sub_a")}).ok());
  auto rows = (*store)->ReadAudit({"t1", "sub_a", 0, 10});
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->size(), 1u);
}

}  // namespace
}  // namespace tact
