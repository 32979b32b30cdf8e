// SqliteStore: the conformance suite, plus what only SQLite has — connection
// settings, schema migrations, group commit, write faults and crash recovery.
#include "storage/sqlite/sqlite_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

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

}  // namespace
}  // namespace tact
