// The Store conformance suite's fixture and helpers (test-only).
//
// The tests themselves live in store_conformance_test.cc and are written once
// against `Store`; each backend instantiates them with a StoreBackend:
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformanceTest,
//                            ::testing::Values(SqliteBackend()), BackendName);
//
// Backends that keep data across a close/reopen also instantiate
// DurableStoreConformanceTest.
#ifndef TACT_STORAGE_STORE_CONFORMANCE_H_
#define TACT_STORAGE_STORE_CONFORMANCE_H_

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/digest.h"
#include "storage/store.h"

namespace tact {

struct StoreBackend {
  std::string name;
  // Opens the store whose files (if any) live in `dir`. Called again with the
  // same dir to reopen.
  std::function<Result<std::unique_ptr<Store>>(const std::string& dir)> open;
};

inline std::string BackendName(const ::testing::TestParamInfo<StoreBackend>& info) {
  return info.param.name;
}

// A fresh directory under /tmp, removed by the caller.
inline std::string MakeTempDir() {
  std::string tmpl = "/tmp/tact_storage_XXXXXX";
  char* dir = mkdtemp(tmpl.data());
  EXPECT_NE(dir, nullptr);
  return tmpl;
}

// `n` entries that continue `head`, with real chain hashes.
inline std::vector<LedgerEntry> MakeEntries(const LedgerHead& head, size_t n,
                                            const std::string& tenant = "t1",
                                            const std::string& subject = "sub_a",
                                            size_t payload_size = 0) {
  std::vector<LedgerEntry> out;
  Hash256 prev = head.hash;
  for (size_t i = 0; i < n; ++i) {
    LedgerEntry e;
    e.seq = head.seq + 1 + i;
    e.tenant = tenant;
    e.subject = subject;
    e.time = 1'760'000'000'000 + static_cast<int64_t>(e.seq);
    e.payload = "event " + std::to_string(e.seq);
    if (payload_size > e.payload.size()) {
      for (size_t j = e.payload.size(); j < payload_size; ++j) {
        e.payload.push_back(static_cast<char>((j * 31 + e.seq) & 0xff));
      }
    }
    e.prev_hash = prev;
    e.hash = ChainHash(prev, e.payload);
    prev = e.hash;
    out.push_back(std::move(e));
  }
  return out;
}

class StoreConformanceTest : public ::testing::TestWithParam<StoreBackend> {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir();
    Open();
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  void Open() {
    auto store = GetParam().open(dir_);
    ASSERT_TRUE(store.ok()) << store.error().ToString();
    store_ = std::move(*store);
  }
  void Reopen() {
    store_.reset();
    Open();
  }
  LedgerHead HeadOrDie() {
    auto head = store_->Head();
    EXPECT_TRUE(head.ok()) << head.error().ToString();
    return head.ok() ? *head : LedgerHead{};
  }
  // Appends `n` chained entries for (tenant, subject); returns them.
  std::vector<LedgerEntry> AppendN(size_t n, const std::string& tenant = "t1",
                                   const std::string& subject = "sub_a") {
    auto entries = MakeEntries(HeadOrDie(), n, tenant, subject);
    Status s = store_->Append(entries);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return entries;
  }

  std::string dir_;
  std::unique_ptr<Store> store_;
};

class DurableStoreConformanceTest : public StoreConformanceTest {};

}  // namespace tact

#endif  // TACT_STORAGE_STORE_CONFORMANCE_H_
