// App over a real SQLite store: recording, restart (replay rebuilds the
// views and the catalog), tamper detection at start, concurrency.
#include "service/app.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <filesystem>
#include <thread>

#include "service/demo.h"
#include "service/export.h"
#include "storage/sqlite/sqlite_store.h"

namespace tact {
namespace {

class AppTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/tact_app_test_XXXXXX";
    dir_ = mkdtemp(tmpl);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<App> Open() {
    auto store = SqliteStore::Open(dir_ + "/tact.db");
    EXPECT_TRUE(store.ok()) << store.error().ToString();
    auto app = App::OpenWithStore(std::move(*store), &clock_);
    EXPECT_TRUE(app.ok()) << app.error().ToString();
    return app.ok() ? std::move(*app) : nullptr;
  }

  static ConsentRequest Request(std::string subject, std::string purpose, ConsentState state) {
    ConsentRequest r;
    r.tenant = "demo";
    r.subject = std::move(subject);
    r.property = "shop";
    r.source = Source::kBanner;
    RequestedChoice c;
    c.choice.purpose = std::move(purpose);
    c.choice.state = state;
    r.choices.push_back(c);
    return r;
  }

  void Exec(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir_ + "/tact.db").c_str(), &db), SQLITE_OK);
    char* err = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
    sqlite3_free(err);
    sqlite3_close(db);
  }

  std::string dir_;
  FakeClock clock_{1'772'446'500'000};
};

TEST_F(AppTest, RestartRebuildsViewsAndCatalog) {
  {
    auto app = Open();
    ASSERT_TRUE(SeedDemo(*app, dir_, "http://127.0.0.1:8080").ok());
    ASSERT_TRUE(app->RecordConsent(Request("sub_1", "marketing", ConsentState::kGranted)).ok());
    ASSERT_TRUE(app->RecordConsent(Request("sub_1", "marketing.offers", ConsentState::kDenied)).ok());
    ASSERT_TRUE(app->RecordConsent(Request("sub_2", "analytics.measurement", ConsentState::kGranted)).ok());
  }
  auto app = Open();
  EXPECT_EQ(app->ledger().head().seq, 3u);
  EXPECT_EQ(app->SubjectCount(), 2u);
  ASSERT_TRUE(app->catalog().GetPurpose("demo", "marketing.newsletter"))
      << app->catalog().ListTenants().size() << " tenants, " << app->catalog().ListPurposes("demo").size()
      << " purposes, " << app->store().ListRecords("purpose")->size() << " records";
  EXPECT_EQ(app->catalog().LatestNotice("demo", "shop")->version, 1);
  // Regression: Load once stored every purpose and vendor under an empty key
  // (the key was read after being moved from).
  EXPECT_EQ(app->catalog().ListPurposes("demo").size(), 6u);
  EXPECT_EQ(app->catalog().ListVendors("demo").size(), 3u);
  ASSERT_TRUE(app->catalog().GetVendor("demo", "adnet"));
  DecideRequest d;
  d.tenant = "demo";
  d.subject = "sub_1";
  d.purpose = "marketing.newsletter";
  EXPECT_TRUE(app->Decide(d)->allowed) << app->Decide(d)->reasons[0].message;
  d.purpose = "marketing.offers";
  EXPECT_FALSE(app->Decide(d)->allowed);
  auto history = app->History("demo", "sub_1");
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[1].choices[0].state, ConsentState::kDenied);
  // Seeding again changes nothing and keeps the same keys.
  auto again = SeedDemo(*app, dir_, "http://127.0.0.1:8080");
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->created);
  EXPECT_TRUE(app->catalog().Authenticate(again->secret_key).ok());
  // The export holds the current state and the history.
  auto exported = ExportSubject(app->store(), app->catalog(), "", "sub_1", clock_.Now());
  ASSERT_TRUE(exported.ok());
  EXPECT_EQ((*exported)["records"][0]["history"].size(), 2u);
  EXPECT_EQ((*exported)["records"][0]["consents"].size(), 2u);
}

TEST_F(AppTest, TamperedLedgerRefusesToStart) {
  {
    auto app = Open();
    ASSERT_TRUE(SeedDemo(*app, dir_, "http://127.0.0.1:8080").ok());
    for (int i = 0; i < 5; ++i) {
      ASSERT_TRUE(app->RecordConsent(Request("sub_" + std::to_string(i), "marketing", ConsentState::kGranted)).ok());
    }
  }
  Exec("UPDATE ledger SET payload = CAST(replace(CAST(payload AS TEXT), 'granted', 'denied') AS BLOB) WHERE seq = 3");
  auto store = SqliteStore::Open(dir_ + "/tact.db");
  ASSERT_TRUE(store.ok());
  auto app = App::OpenWithStore(std::move(*store), &clock_);
  ASSERT_FALSE(app.ok());
  EXPECT_EQ(app.error().code(), StatusCode::kCorruption);
  EXPECT_NE(app.error().message().find("ledger entry 3"), std::string::npos) << app.error().message();
}

TEST_F(AppTest, ConcurrentWritersKeepOneChainAndEveryEvent) {
  auto app = Open();
  ASSERT_TRUE(SeedDemo(*app, dir_, "http://127.0.0.1:8080").ok());
  constexpr int kThreads = 32, kEach = 25;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto r = app->RecordConsent(Request("sub_" + std::to_string(t) + "_" + std::to_string(i), "marketing",
                                            i % 2 ? ConsentState::kGranted : ConsentState::kDenied));
        if (!r.ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(app->ledger().head().seq, uint64_t{kThreads * kEach});
  EXPECT_EQ(app->SubjectCount(), size_t{kThreads * kEach});
  StoreStats stats = app->store().Stats();
  EXPECT_LT(stats.commits, stats.writes) << "group commit should batch concurrent appends";
  app.reset();
  auto reopened = Open();  // the replay verifies the whole chain
  ASSERT_TRUE(reopened);
  EXPECT_EQ(reopened->SubjectCount(), size_t{kThreads * kEach});
}

TEST_F(AppTest, RecordValidatesAgainstCatalog) {
  auto app = Open();
  ASSERT_TRUE(SeedDemo(*app, dir_, "http://127.0.0.1:8080").ok());
  auto bad = Request("sub_1", "nonexistent", ConsentState::kGranted);
  EXPECT_EQ(app->RecordConsent(bad).status().code(), StatusCode::kInvalidArgument);
  bad = Request("sub 1", "marketing", ConsentState::kGranted);
  EXPECT_EQ(app->RecordConsent(bad).status().code(), StatusCode::kInvalidArgument);
  bad = Request("sub_1", "marketing", ConsentState::kGranted);
  bad.tenant = "nobody";
  EXPECT_EQ(app->RecordConsent(bad).status().code(), StatusCode::kNotFound);
  bad = Request("sub_1", "marketing", ConsentState::kGranted);
  bad.notice_version = 7;
  EXPECT_EQ(app->RecordConsent(bad).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(app->ledger().head().seq, 0u);
}

TEST_F(AppTest, WhatToAskFollowsNoticesAndRefusals) {
  auto app = Open();
  ASSERT_TRUE(SeedDemo(*app, dir_, "http://127.0.0.1:8080").ok());
  auto ask = app->WhatToAsk("demo", "sub_new", "shop");
  ASSERT_TRUE(ask.ok());
  EXPECT_EQ(ask->purposes.size(), 6u);
  ConsentRequest all = Request("sub_new", "marketing", ConsentState::kGranted);
  for (const char* p : {"orders.updates", "analytics.measurement", "partners.sharing", "ads.personalised"}) {
    RequestedChoice c;
    c.choice.purpose = p;
    c.choice.state = ConsentState::kDenied;
    all.choices.push_back(c);
  }
  ASSERT_TRUE(app->RecordConsent(all).ok());
  EXPECT_TRUE(app->WhatToAsk("demo", "sub_new", "shop")->purposes.empty());
  clock_.Advance(200 * kMillisPerDay);  // past the 6-month refusal interval
  auto later = app->WhatToAsk("demo", "sub_new", "shop");
  EXPECT_EQ(later->purposes.size(), 4u);
}

}  // namespace
}  // namespace tact
