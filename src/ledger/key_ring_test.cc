#include "ledger/key_ring.h"

#include <gtest/gtest.h>

namespace tact {
namespace {

TEST(KeyRing, VerifiesWhatEachPublishedKeySignedAndNothingElse) {
  Signer old_key = Signer::Random();
  Signer new_key = Signer::Random();
  Checkpoint before = SignCheckpoint(old_key, 10, Hash256{}, 1000);
  std::string old_receipt = old_key.SignJws({{"consentReceiptID", "rcpt_1_a"}});
  KeyRing ring(new_key, {PublishedKey{old_key.kid(), old_key.public_key(), 500, 2000}});
  Checkpoint after = SignCheckpoint(ring.signer(), 20, Hash256{}, 3000);

  EXPECT_EQ(ring.signer().kid(), new_key.kid());
  ASSERT_EQ(ring.keys().size(), 2u);
  EXPECT_TRUE(ring.VerifyCheckpoint(before));
  EXPECT_TRUE(ring.VerifyCheckpoint(after));
  auto claims = ring.VerifyJws(old_receipt);
  ASSERT_TRUE(claims.ok()) << claims.error().ToString();
  EXPECT_EQ((*claims)["consentReceiptID"], "rcpt_1_a");

  // A signature by a key the ring does not hold, or a kid swapped onto
  // another key's signature, fails.
  Signer stranger = Signer::Random();
  EXPECT_FALSE(ring.VerifyCheckpoint(SignCheckpoint(stranger, 10, Hash256{}, 1000)));
  Checkpoint relabelled = before;
  relabelled.kid = new_key.kid();
  EXPECT_FALSE(ring.VerifyCheckpoint(relabelled));
  EXPECT_FALSE(ring.VerifyJws(stranger.SignJws({{"a", 1}})).ok());
  Checkpoint changed = before;
  changed.tree_size = 11;
  EXPECT_FALSE(ring.VerifyCheckpoint(changed));
}

TEST(KeyRing, JwksListsTheCurrentKeyFirstWithValidity) {
  Signer old_key = Signer::Random();
  Signer new_key = Signer::Random();
  KeyRing ring(new_key, {PublishedKey{old_key.kid(), old_key.public_key(), 0, 1'772'446'500'000},
                         PublishedKey{new_key.kid(), new_key.public_key(), 1'772'446'500'000, 0}});
  json::Json jwks = ring.Jwks();
  ASSERT_EQ(jwks["keys"].size(), 2u);
  EXPECT_EQ(jwks["keys"][0]["kid"], new_key.kid());
  EXPECT_EQ(jwks["keys"][0]["status"], "current");
  EXPECT_EQ(jwks["keys"][0]["valid_from"], "2026-03-02T10:15:00Z");
  EXPECT_TRUE(jwks["keys"][0]["valid_until"].is_null());
  EXPECT_EQ(jwks["keys"][1]["kid"], old_key.kid());
  EXPECT_EQ(jwks["keys"][1]["status"], "retired");
  EXPECT_EQ(jwks["keys"][1]["valid_until"], "2026-03-02T10:15:00Z");
  EXPECT_EQ(jwks["keys"][1]["kty"], "OKP");
  EXPECT_EQ(jwks["keys"][1]["crv"], "Ed25519");
  EXPECT_EQ(jwks["keys"][1]["x"], old_key.Jwk()["x"]);
}

TEST(KeyRing, StoredListRoundTripsAndRefusesAForgedKid) {
  Signer a = Signer::Random();
  KeyRing ring(a, {});
  ASSERT_EQ(ring.keys().size(), 1u);  // the current key is always published
  auto list = KeyRing::ListFromJson(ring.ToJson());
  ASSERT_TRUE(list.ok()) << list.error().ToString();
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].kid, a.kid());
  EXPECT_EQ((*list)[0].public_key, a.public_key());

  json::Json forged = ring.ToJson();
  forged["keys"][0]["kid"] = "AAAAAAAAAAA";
  EXPECT_FALSE(KeyRing::ListFromJson(forged).ok());
  EXPECT_FALSE(KeyRing::ListFromJson(json::Json::array()).ok());
  json::Json short_key = ring.ToJson();
  short_key["keys"][0]["x"] = "AAAA";
  EXPECT_FALSE(KeyRing::ListFromJson(short_key).ok());
}

}  // namespace
}  // namespace tact
