// OpenStore: the --store values.
#include "storage/store.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "storage/store_conformance.h"

namespace tact {
namespace {

TEST(OpenStoreTest, Memory) {
  auto store = OpenStore("memory", "");
  ASSERT_TRUE(store.ok()) << store.error().ToString();
  EXPECT_EQ((*store)->Name(), "memory");
}

TEST(OpenStoreTest, SqliteInDataDirCreatesTheDirAndTactDb) {
  std::string dir = MakeTempDir();
  std::string data = dir + "/data";
  {
    auto store = OpenStore("sqlite", data);
    ASSERT_TRUE(store.ok()) << store.error().ToString();
    EXPECT_EQ((*store)->Name(), "sqlite");
    ASSERT_TRUE((*store)->PutRecord(Record{"tenant", "", "t1", "{}"}).ok());
  }
  EXPECT_TRUE(std::filesystem::exists(data + "/tact.db"));
  auto perms = std::filesystem::status(data).permissions();
  EXPECT_EQ(perms & std::filesystem::perms::all, std::filesystem::perms::owner_all);
  {
    auto again = OpenStore("sqlite", data);
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE((*again)->GetRecord("tenant", "", "t1").ok());
  }
  std::filesystem::remove_all(dir);
}

TEST(OpenStoreTest, SqliteWithPath) {
  std::string dir = MakeTempDir();
  {
    auto store = OpenStore("sqlite:" + dir + "/custom.db", "/nonexistent-data-dir");
    ASSERT_TRUE(store.ok()) << store.error().ToString();
    EXPECT_EQ((*store)->Name(), "sqlite");
  }
  EXPECT_TRUE(std::filesystem::exists(dir + "/custom.db"));
  std::filesystem::remove_all(dir);
}

TEST(OpenStoreTest, BadSpecs) {
  EXPECT_EQ(OpenStore("mysql://x", "/tmp").error().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(OpenStore("", "/tmp").error().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(OpenStore("sqlite", "").error().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(OpenStore("sqlite:", "/tmp").error().code(), StatusCode::kInvalidArgument);
  auto missing_dir = OpenStore("sqlite:/nonexistent-dir-for-tact/x.db", "");
  ASSERT_FALSE(missing_dir.ok());
  EXPECT_EQ(missing_dir.error().code(), StatusCode::kUnavailable);
}

}  // namespace
}  // namespace tact
