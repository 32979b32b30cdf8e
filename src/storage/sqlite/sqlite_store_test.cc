// SqliteStore: the conformance suite, plus what only SQLite has — connection
// settings, schema migrations, group commit, write faults and crash recovery.
#include "storage/sqlite/sqlite_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <limits>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "storage/ledger_continuity.h"
#include "storage/store_conformance.h"

namespace tact {
namespace {

StoreBackend SqliteBackend() {
  return StoreBackend{"sqlite", [](const std::string& dir) -> Result<std::unique_ptr<Store>> {
                        auto store = SqliteStore::Open(dir + "/tact.db");
                        if (!store.ok()) return store.error();
                        return std::unique_ptr<Store>(std::move(*store));
                      }};
}

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformanceTest, ::testing::Values(SqliteBackend()),
                         BackendName);
INSTANTIATE_TEST_SUITE_P(Sqlite, DurableStoreConformanceTest, ::testing::Values(SqliteBackend()),
                         BackendName);

// Runs `sql` on a plain connection of our own, outside the store.
int64_t RawQueryInt(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  int64_t value = -1;
  if (sqlite3_step(stmt) == SQLITE_ROW) value = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return value;
}

void RawExec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_close(db);
}

void ExpectChainIntact(const std::vector<LedgerEntry>& all) {
  Hash256 prev{};
  for (size_t i = 0; i < all.size(); ++i) {
    ASSERT_EQ(all[i].seq, i + 1);
    ASSERT_EQ(all[i].prev_hash, prev) << "seq " << all[i].seq;
    ASSERT_EQ(all[i].hash, ChainHash(prev, all[i].payload)) << "seq " << all[i].seq;
    prev = all[i].hash;
  }
}

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir();
    path_ = dir_ + "/tact.db";
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  void Open(SqliteStore::Options options = {}) {
    store_.reset();
    auto store = SqliteStore::Open(path_, options);
    ASSERT_TRUE(store.ok()) << store.error().ToString();
    store_ = std::move(*store);
  }
  std::vector<LedgerEntry> ReadAll() {
    auto all = store_->ReadLedger(0, std::numeric_limits<size_t>::max());
    EXPECT_TRUE(all.ok()) << all.error().ToString();
    return all.ok() ? *all : std::vector<LedgerEntry>{};
  }

  std::string dir_;
  std::string path_;
  std::unique_ptr<SqliteStore> store_;
};

// ---- Connection settings ----

TEST_F(SqliteStoreTest, EveryConnectionIsWalWithSynchronousFull) {
  SqliteStore::Options options;
  options.readers = 3;
  Open(options);
  auto pragmas = store_->ConnectionPragmas();
  ASSERT_TRUE(pragmas.ok()) << pragmas.error().ToString();
  ASSERT_EQ(pragmas->size(), 4u);  // the writer and three readers
  for (const SqlitePragmas& p : *pragmas) {
    EXPECT_EQ(p.synchronous, 2);
    EXPECT_EQ(p.journal_mode, "wal");
    EXPECT_EQ(p.secure_delete, 1);
    EXPECT_EQ(p.foreign_keys, 1);
    EXPECT_EQ(p.busy_timeout, kSqliteBusyTimeoutMs);
  }
  EXPECT_TRUE(store_->CheckPragmas().ok());
  // The file says WAL to any other opener, too.
  store_.reset();
  EXPECT_EQ(RawQueryInt(path_, "SELECT journal_mode = 'wal' FROM pragma_journal_mode"), 1);
}

TEST(SqlitePragmasTest, CheckPragmasRefusesWeakerSettings) {
  SqlitePragmas good{"wal", 2, 1, 1, kSqliteBusyTimeoutMs};
  EXPECT_TRUE(CheckPragmas(good).ok());
  SqlitePragmas p = good;
  p.synchronous = 1;  // NORMAL: loses durability on power loss in WAL mode
  EXPECT_EQ(CheckPragmas(p).code(), StatusCode::kUnavailable);
  EXPECT_NE(CheckPragmas(p).message().find("synchronous is 1"), std::string::npos);
  p = good;
  p.journal_mode = "delete";
  EXPECT_FALSE(CheckPragmas(p).ok());
  p = good;
  p.secure_delete = 0;
  EXPECT_FALSE(CheckPragmas(p).ok());
  p = good;
  p.foreign_keys = 0;
  EXPECT_FALSE(CheckPragmas(p).ok());
  p = good;
  p.busy_timeout = 0;
  EXPECT_FALSE(CheckPragmas(p).ok());
}

TEST_F(SqliteStoreTest, WriterThreadIsNamedForOperators) {
  Open();
  int writers = 0;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream comm(task.path() / "comm");
    std::string name;
    if (std::getline(comm, name) && name == "tact-writer") ++writers;
  }
  EXPECT_EQ(writers, 1);
}

TEST_F(SqliteStoreTest, NewFilesAreOwnerOnly) {
  Open();
  ASSERT_TRUE(store_->PutRecord(Record{"tenant", "", "t1", "{}"}).ok());
  for (const char* suffix : {"", "-wal", "-shm"}) {
    struct stat st {};
    ASSERT_EQ(::stat((path_ + suffix).c_str(), &st), 0) << suffix;
    EXPECT_EQ(st.st_mode & 0777, 0600u) << suffix;
  }
}

// ---- Schema ----

TEST_F(SqliteStoreTest, MigratesAnEmptyFile) {
  { std::ofstream touch(path_); }
  ASSERT_EQ(std::filesystem::file_size(path_), 0u);
  Open();
  store_.reset();
  EXPECT_EQ(RawQueryInt(path_, "PRAGMA user_version"), kSqliteSchemaVersion);
  EXPECT_EQ(RawQueryInt(path_, "PRAGMA application_id"), kSqliteApplicationId);
  EXPECT_EQ(RawQueryInt(path_,
                        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND "
                        "name IN ('records', 'ledger', 'meta')"),
            3);
  EXPECT_EQ(RawQueryInt(path_,
                        "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND "
                        "name = 'ledger_by_subject'"),
            1);
  // Opening again applies nothing and keeps data.
  Open();
  ASSERT_TRUE(store_->PutRecord(Record{"k", "", "i", "b"}).ok());
  Open();
  EXPECT_TRUE(store_->GetRecord("k", "", "i").ok());
}

TEST_F(SqliteStoreTest, RefusesADatabaseFromANewerTact) {
  Open();
  store_.reset();
  RawExec(path_, "PRAGMA user_version = " + std::to_string(kSqliteSchemaVersion + 1));
  auto store = SqliteStore::Open(path_);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code(), StatusCode::kUnavailable);
  EXPECT_NE(store.error().message().find("newer than this tact"), std::string::npos)
      << store.error().ToString();
  EXPECT_EQ(RawQueryInt(path_, "PRAGMA user_version"), kSqliteSchemaVersion + 1);
}

TEST_F(SqliteStoreTest, RefusesAnotherApplicationsDatabase) {
  RawExec(path_, "PRAGMA application_id = 42; CREATE TABLE other (x)");
  auto store = SqliteStore::Open(path_);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code(), StatusCode::kInvalidArgument) << store.error().ToString();
}

TEST_F(SqliteStoreTest, RefusesAFileThatIsNotADatabase) {
  {
    std::ofstream junk(path_, std::ios::binary);
    junk << std::string(8192, 'j');
  }
  auto store = SqliteStore::Open(path_);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code(), StatusCode::kCorruption) << store.error().ToString();
}

// ---- Group commit and concurrency ----

TEST_F(SqliteStoreTest, GroupCommitBatchesConcurrentAppends) {
  Open();
  constexpr int kThreads = 64;
  constexpr int kPerThread = 25;
  std::mutex chain_mu;
  LedgerHead next;  // GUARDED_BY(chain_mu)
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        std::promise<Status> result;
        {
          std::lock_guard lock(chain_mu);
          auto entries = MakeEntries(next, 1, "t1", "sub_" + std::to_string(t));
          next = HeadAfter(entries);
          store_->AppendAsync(std::move(entries), [&](const Status& s) { result.set_value(s); });
        }
        if (!result.get_future().get().ok()) failures.fetch_add(1);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  StoreStats stats = store_->Stats();
  EXPECT_EQ(stats.writes, static_cast<uint64_t>(kThreads * kPerThread));
  EXPECT_LT(stats.commits, stats.writes);
  uint64_t batched = 0;
  for (size_t b = 1; b < stats.batch_histogram.size(); ++b) batched += stats.batch_histogram[b];
  EXPECT_GT(batched, 0u) << "no commit carried more than one write";
  EXPECT_GT(stats.commit_micros_total, 0u);
  double per_commit = static_cast<double>(stats.writes) / static_cast<double>(stats.commits);
  std::cout << "[ group    ] 64 threads: " << stats.writes << " appends in " << stats.commits
            << " commits (" << per_commit << " writes/commit), histogram:";
  for (uint64_t n : stats.batch_histogram) std::cout << " " << n;
  std::cout << "\n";
  RecordProperty("writes_per_commit", std::to_string(per_commit));
  ExpectChainIntact(ReadAll());
}

TEST_F(SqliteStoreTest, GroupCommitBatchesConcurrentRecordPuts) {
  Open();
  constexpr int kThreads = 64;
  constexpr int kPerThread = 10;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        Record r{"purpose", "t" + std::to_string(t), std::to_string(i), "{}"};
        if (!store_->PutRecord(r).ok()) failures.fetch_add(1);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  StoreStats stats = store_->Stats();
  EXPECT_EQ(stats.writes, static_cast<uint64_t>(kThreads * kPerThread));
  EXPECT_LT(stats.commits, stats.writes);
  EXPECT_EQ(store_->ListRecords("purpose")->size(), static_cast<size_t>(kThreads * kPerThread));
}

TEST_F(SqliteStoreTest, ReadsDoNotWaitForTheWriter) {
  Open();
  ASSERT_TRUE(store_->PutRecord(Record{"tenant", "", "t1", "{\"a\":1}"}).ok());
  ASSERT_TRUE(store_->Append(MakeEntries(LedgerHead{}, 3)).ok());
  std::promise<void> inside;
  std::promise<void> release;
  auto release_future = release.get_future();
  // Park the writer inside an open write transaction.
  std::thread writer([&] {
    Status s = store_->RunOnWriter([&](SqliteConnection& c) {
      Status put = c.Exec("INSERT INTO meta (key, value) VALUES ('parked', 'yes')");
      inside.set_value();
      release_future.wait();
      return put;
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
  });
  inside.get_future().wait();
  auto start = std::chrono::steady_clock::now();
  auto record = store_->GetRecord("tenant", "", "t1");
  auto entries = store_->ReadLedger(0, 10);
  auto subject = store_->ReadSubject("t1", "sub_a");
  auto elapsed = std::chrono::steady_clock::now() - start;
  release.set_value();
  writer.join();
  ASSERT_TRUE(record.ok());
  EXPECT_EQ(record->body, "{\"a\":1}");
  ASSERT_TRUE(entries.ok());
  EXPECT_EQ(entries->size(), 3u);
  ASSERT_TRUE(subject.ok());
  EXPECT_EQ(subject->size(), 3u);
  EXPECT_LT(elapsed, std::chrono::milliseconds(1000));
}

TEST_F(SqliteStoreTest, CloseRunsEveryQueuedWrite) {
  Open();
  constexpr int kAppends = 200;
  std::atomic<int> ok{0};
  LedgerHead next;
  for (int i = 0; i < kAppends; ++i) {
    auto entries = MakeEntries(next, 1);
    next = HeadAfter(entries);
    store_->AppendAsync(std::move(entries), [&](const Status& s) {
      if (s.ok()) ok.fetch_add(1);
    });
  }
  store_.reset();  // must drain, not drop
  EXPECT_EQ(ok.load(), kAppends);
  Open();
  EXPECT_EQ(store_->Head()->seq, static_cast<uint64_t>(kAppends));
  ExpectChainIntact(ReadAll());
}

// ---- Write faults ----

// The disk is "full" (max_page_count pinned to the current size): the write
// fails with ResourceExhausted, nothing of it is stored, and the store works
// again once there is room.
TEST_F(SqliteStoreTest, FullDiskFailsTheWriteAndWritesNothing) {
  Open();
  ASSERT_TRUE(store_->Append(MakeEntries(LedgerHead{}, 2)).ok());
  ASSERT_TRUE(store_->PutRecord(Record{"notice", "t1", "n1", "v1"}).ok());
  auto before = ReadAll();
  ASSERT_TRUE(store_
                  ->RunOnWriter([](SqliteConnection& c) {
                    auto pages = c.QueryInt("PRAGMA page_count");
                    if (!pages.ok()) return pages.error();
                    return c.Exec("PRAGMA max_page_count = " + std::to_string(*pages));
                  })
                  .ok());

  LedgerHead head = *store_->Head();
  auto big = MakeEntries(head, 2, "t1", "sub_big", 256 << 10);
  Status s = store_->Append(big);
  EXPECT_EQ(s.code(), StatusCode::kResourceExhausted) << s.ToString();
  Status put = store_->PutRecord(Record{"notice", "t1", "n1", std::string(512 << 10, 'v')});
  EXPECT_EQ(put.code(), StatusCode::kResourceExhausted) << put.ToString();
  EXPECT_EQ(store_->Head()->seq, head.seq);
  EXPECT_EQ(ReadAll(), before);
  EXPECT_EQ(store_->GetRecord("notice", "t1", "n1")->body, "v1");
  EXPECT_TRUE(store_->IntegrityCheck().ok());

  ASSERT_TRUE(store_
                  ->RunOnWriter([](SqliteConnection& c) {
                    return c.Exec("PRAGMA max_page_count = 1073741823");
                  })
                  .ok());
  ASSERT_TRUE(store_->Append(big).ok());
  Open();
  EXPECT_EQ(store_->Head()->seq, 4u);
  ExpectChainIntact(ReadAll());
  EXPECT_TRUE(store_->IntegrityCheck().ok());
}

// A VFS that wraps the default one and fails writes or syncs on demand, so
// COMMIT itself fails (REFERENCES.md D-02).
struct FaultFile {
  sqlite3_file base;
  sqlite3_file* real;
};
std::atomic<bool> g_fail_sync{false};
std::atomic<bool> g_fail_write{false};
std::atomic<int> g_failures{0};
sqlite3_vfs* g_real_vfs = nullptr;

sqlite3_file* Real(sqlite3_file* f) { return reinterpret_cast<FaultFile*>(f)->real; }
int FaultClose(sqlite3_file* f) { return Real(f)->pMethods->xClose(Real(f)); }
int FaultRead(sqlite3_file* f, void* buf, int n, sqlite3_int64 off) {
  return Real(f)->pMethods->xRead(Real(f), buf, n, off);
}
int FaultWrite(sqlite3_file* f, const void* buf, int n, sqlite3_int64 off) {
  if (g_fail_write.load()) {
    g_failures.fetch_add(1);
    return SQLITE_IOERR_WRITE;
  }
  return Real(f)->pMethods->xWrite(Real(f), buf, n, off);
}
int FaultTruncate(sqlite3_file* f, sqlite3_int64 size) {
  return Real(f)->pMethods->xTruncate(Real(f), size);
}
int FaultSync(sqlite3_file* f, int flags) {
  if (g_fail_sync.load()) {
    g_failures.fetch_add(1);
    return SQLITE_IOERR_FSYNC;
  }
  return Real(f)->pMethods->xSync(Real(f), flags);
}
int FaultFileSize(sqlite3_file* f, sqlite3_int64* size) {
  return Real(f)->pMethods->xFileSize(Real(f), size);
}
int FaultLock(sqlite3_file* f, int lock) { return Real(f)->pMethods->xLock(Real(f), lock); }
int FaultUnlock(sqlite3_file* f, int lock) { return Real(f)->pMethods->xUnlock(Real(f), lock); }
int FaultCheckReservedLock(sqlite3_file* f, int* out) {
  return Real(f)->pMethods->xCheckReservedLock(Real(f), out);
}
int FaultFileControl(sqlite3_file* f, int op, void* arg) {
  return Real(f)->pMethods->xFileControl(Real(f), op, arg);
}
int FaultSectorSize(sqlite3_file* f) { return Real(f)->pMethods->xSectorSize(Real(f)); }
int FaultDeviceCharacteristics(sqlite3_file* f) {
  return Real(f)->pMethods->xDeviceCharacteristics(Real(f));
}
int FaultShmMap(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
  return Real(f)->pMethods->xShmMap(Real(f), region, size, extend, out);
}
int FaultShmLock(sqlite3_file* f, int offset, int n, int flags) {
  return Real(f)->pMethods->xShmLock(Real(f), offset, n, flags);
}
void FaultShmBarrier(sqlite3_file* f) { Real(f)->pMethods->xShmBarrier(Real(f)); }
int FaultShmUnmap(sqlite3_file* f, int del) { return Real(f)->pMethods->xShmUnmap(Real(f), del); }

const sqlite3_io_methods kFaultMethods = {
    2,  // version 2: no xFetch/xUnfetch, so SQLite never memory-maps around our xRead
    FaultClose,
    FaultRead,
    FaultWrite,
    FaultTruncate,
    FaultSync,
    FaultFileSize,
    FaultLock,
    FaultUnlock,
    FaultCheckReservedLock,
    FaultFileControl,
    FaultSectorSize,
    FaultDeviceCharacteristics,
    FaultShmMap,
    FaultShmLock,
    FaultShmBarrier,
    FaultShmUnmap,
    nullptr,
    nullptr,
};

int FaultOpen(sqlite3_vfs*, const char* name, sqlite3_file* f, int flags, int* out_flags) {
  auto* ff = reinterpret_cast<FaultFile*>(f);
  ff->real = reinterpret_cast<sqlite3_file*>(ff + 1);
  int rc = g_real_vfs->xOpen(g_real_vfs, name, ff->real, flags, out_flags);
  ff->base.pMethods = (rc == SQLITE_OK && ff->real->pMethods != nullptr) ? &kFaultMethods : nullptr;
  return rc;
}

const char* RegisterFaultVfs() {
  static sqlite3_vfs vfs;
  static const bool registered = [] {
    g_real_vfs = sqlite3_vfs_find(nullptr);
    vfs = *g_real_vfs;
    vfs.szOsFile = static_cast<int>(sizeof(FaultFile)) + g_real_vfs->szOsFile;
    vfs.zName = "tact_fault";
    vfs.xOpen = FaultOpen;
    vfs.pNext = nullptr;
    return sqlite3_vfs_register(&vfs, /*makeDflt=*/0) == SQLITE_OK;
  }();
  EXPECT_TRUE(registered);
  return vfs.zName;
}

class SqliteFaultTest : public SqliteStoreTest,
                        public ::testing::WithParamInterface<std::atomic<bool>*> {
 protected:
  void TearDown() override {
    g_fail_sync = false;
    g_fail_write = false;
    SqliteStoreTest::TearDown();
  }
};

TEST_P(SqliteFaultTest, FailedCommitFailsTheBatchAndKeepsTheHead) {
  SqliteStore::Options options;
  options.vfs = RegisterFaultVfs();
  Open(options);
  ASSERT_TRUE(store_->Append(MakeEntries(LedgerHead{}, 3)).ok());
  ASSERT_TRUE(store_->PutRecord(Record{"vendor", "t1", "v1", "before"}).ok());
  LedgerHead head = *store_->Head();
  auto before = ReadAll();

  GetParam()->store(true);
  g_failures = 0;
  auto lost = MakeEntries(head, 2);
  auto lost_next = MakeEntries(HeadAfter(lost), 1);
  std::promise<Status> first, second;
  store_->AppendAsync(lost, [&](const Status& s) { first.set_value(s); });
  store_->AppendAsync(lost_next, [&](const Status& s) { second.set_value(s); });
  Status s1 = first.get_future().get();
  Status s2 = second.get_future().get();
  Status put = store_->PutRecord(Record{"vendor", "t1", "v1", "after"});
  GetParam()->store(false);

  EXPECT_GT(g_failures.load(), 0);
  EXPECT_EQ(s1.code(), StatusCode::kUnavailable) << s1.ToString();
  EXPECT_FALSE(s2.ok());
  EXPECT_EQ(put.code(), StatusCode::kUnavailable) << put.ToString();
  EXPECT_EQ(store_->Head()->seq, head.seq);
  EXPECT_EQ(store_->Head()->hash, head.hash);
  EXPECT_EQ(ReadAll(), before);
  EXPECT_EQ(store_->GetRecord("vendor", "t1", "v1")->body, "before");

  // The fault is gone: the same seqs can be written now.
  ASSERT_TRUE(store_->Append(lost).ok());
  ASSERT_TRUE(store_->PutRecord(Record{"vendor", "t1", "v1", "after"}).ok());
  Open();  // default VFS
  EXPECT_EQ(store_->Head()->seq, head.seq + 2);
  auto all = ReadAll();
  ExpectChainIntact(all);
  EXPECT_EQ(all.back(), lost.back());
  EXPECT_EQ(store_->GetRecord("vendor", "t1", "v1")->body, "after");
  EXPECT_TRUE(store_->IntegrityCheck().ok());
}

INSTANTIATE_TEST_SUITE_P(Faults, SqliteFaultTest, ::testing::Values(&g_fail_sync, &g_fail_write),
                         [](const auto& info) {
                           return info.param == &g_fail_sync ? std::string("Fsync")
                                                             : std::string("Write");
                         });

}  // namespace
}  // namespace tact
