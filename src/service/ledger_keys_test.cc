#include "service/ledger_keys.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>

#include "service/app.h"
#include "service/data_dir.h"

namespace tact {
namespace {

class LedgerKeysTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = "/tmp/tact_keys_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  int Mode(const std::string& name) {
    struct stat st;
    EXPECT_EQ(stat((dir_ + "/" + name).c_str(), &st), 0) << name;
    return st.st_mode & 0777;
  }
  std::string dir_;
};

TEST_F(LedgerKeysTest, FirstStartCreatesAndPublishesOneKey) {
  EXPECT_EQ(LoadKeyRing(dir_).status().code(), StatusCode::kNotFound);
  auto ring = LoadOrCreateKeyRing(dir_, 1000);
  ASSERT_TRUE(ring.ok()) << ring.error().ToString();
  ASSERT_EQ(ring->keys().size(), 1u);
  EXPECT_EQ(ring->keys()[0].valid_from, 1000);
  EXPECT_EQ(Mode("ledger.key"), 0600);
  EXPECT_EQ(Mode("ledger-keys.json"), 0600);
  auto again = LoadOrCreateKeyRing(dir_, 5000);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->signer().kid(), ring->signer().kid());
  EXPECT_EQ(again->keys()[0].valid_from, 1000);
}

TEST_F(LedgerKeysTest, RotationSignsWithANewKeyAndKeepsTheOldOnePublished) {
  auto first = LoadOrCreateKeyRing(dir_, 1000);
  ASSERT_TRUE(first.ok());
  Checkpoint old_checkpoint = SignCheckpoint(first->signer(), 5, Hash256{}, 1500);
  std::string old_receipt = first->signer().SignJws({{"consentReceiptID", "rcpt_1_x"}});

  auto rotated = RotateLedgerKey(dir_, 2000);
  ASSERT_TRUE(rotated.ok()) << rotated.error().ToString();
  EXPECT_NE(rotated->signer().kid(), first->signer().kid());
  EXPECT_EQ(Mode("ledger.key"), 0600);
  EXPECT_EQ(Mode("ledger-keys.json"), 0600);

  auto loaded = LoadKeyRing(dir_);
  ASSERT_TRUE(loaded.ok()) << loaded.error().ToString();
  EXPECT_EQ(loaded->signer().kid(), rotated->signer().kid());
  ASSERT_EQ(loaded->keys().size(), 2u);
  EXPECT_EQ(loaded->keys()[0].kid, first->signer().kid());
  EXPECT_EQ(loaded->keys()[0].valid_until, 2000);
  EXPECT_EQ(loaded->keys()[1].valid_from, 2000);
  EXPECT_EQ(loaded->keys()[1].valid_until, 0);
  EXPECT_TRUE(loaded->VerifyCheckpoint(old_checkpoint));
  EXPECT_TRUE(loaded->VerifyJws(old_receipt).ok());
  EXPECT_TRUE(loaded->VerifyCheckpoint(SignCheckpoint(loaded->signer(), 9, Hash256{}, 2500)));

  ASSERT_TRUE(RotateLedgerKey(dir_, 3000).ok());
  auto third = LoadKeyRing(dir_);
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->keys().size(), 3u);
  EXPECT_TRUE(third->VerifyCheckpoint(old_checkpoint));
}

TEST_F(LedgerKeysTest, ADirectoryFromBeforeRotationKeepsItsKey) {
  auto seed = LoadOrCreateSigningSeed(dir_);  // the old layout: ledger.key only
  ASSERT_TRUE(seed.ok());
  Signer legacy(*seed);
  auto ring = LoadKeyRing(dir_);
  ASSERT_TRUE(ring.ok()) << ring.error().ToString();
  EXPECT_EQ(ring->signer().kid(), legacy.kid());
  auto created = LoadOrCreateKeyRing(dir_, 7000);
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(created->signer().kid(), legacy.kid());
  EXPECT_EQ(created->keys()[0].valid_from, 0);  // unknown, not "now"
}

TEST_F(LedgerKeysTest, TheAppPublishesEveryKeyAndSignsWithTheCurrentOne) {
  FakeClock clock(1'772'446'500'000);
  AppOptions options;
  options.data_dir = dir_;
  options.store = "memory";
  options.clock = &clock;
  std::string old_kid;
  {
    auto app = App::Open(options);
    ASSERT_TRUE(app.ok()) << app.error().ToString();
    old_kid = (*app)->signer().kid();
  }
  ASSERT_TRUE(RotateLedgerKey(dir_, clock.Now()).ok());
  auto app = App::Open(options);
  ASSERT_TRUE(app.ok()) << app.error().ToString();
  EXPECT_NE((*app)->signer().kid(), old_kid);
  json::Json jwks = (*app)->PublicKeys();
  ASSERT_EQ(jwks["keys"].size(), 2u);
  EXPECT_EQ(jwks["keys"][0]["kid"], (*app)->signer().kid());
  EXPECT_EQ(jwks["keys"][1]["kid"], old_kid);
  EXPECT_EQ(JwsKid((*app)->signer().SignJws({{"a", 1}})), (*app)->signer().kid());
}

}  // namespace
}  // namespace tact
