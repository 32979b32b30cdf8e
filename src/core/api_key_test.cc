#include "core/api_key.h"

#include <gtest/gtest.h>

namespace tact {
namespace {

TEST(ApiKey, MintsSecretKeyWithHashOnly) {
  auto k = MintKey(json::Json{{"name", "backend"}, {"scopes", {"decide", "consent:write", "decide"}}}, "acme", 1);
  ASSERT_TRUE(k.ok()) << k.error().ToString();
  EXPECT_EQ(k->plaintext.rfind("sk_", 0), 0u);
  EXPECT_EQ(KeyIdFromPlaintext(k->plaintext), k->key.id);
  EXPECT_EQ(k->key.secret_hash, HashKey(k->plaintext));
  EXPECT_EQ(k->key.scopes, (std::vector<std::string>{"consent:write", "decide"}));
  EXPECT_EQ(k->key.ToJson().dump().find(k->key.secret_hash), std::string::npos);
  EXPECT_EQ(k->key.ToJson().dump().find(k->plaintext), std::string::npos);
  auto back = ApiKey::FromStoredJson(k->key.ToStoredJson());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->secret_hash, k->key.secret_hash);
}

TEST(ApiKey, RefusesUnknownScopes) {
  auto k = MintKey(json::Json{{"scopes", {"decide", "root"}}}, "acme", 1);
  ASSERT_FALSE(k.ok());
  EXPECT_EQ(k.error().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(MintKey(json::Json{{"scopes", json::Json::array()}}, "acme", 1).ok());
  EXPECT_FALSE(MintKey(json::Json{{"scopes", "decide"}}, "acme", 1).ok());
  EXPECT_FALSE(MintKey(json::Json::array(), "acme", 1).ok());
}

TEST(ApiKey, PublishableKeyNeedsPropertyAndNoScopes) {
  auto k = MintKey(json::Json{{"kind", "publishable"}, {"property", "shop"}}, "acme", 1);
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(k->plaintext.rfind("pk_", 0), 0u);
  EXPECT_EQ(k->key.property, "shop");
  EXPECT_FALSE(MintKey(json::Json{{"kind", "publishable"}}, "acme", 1).ok());
  EXPECT_FALSE(MintKey(json::Json{{"kind", "publishable"}, {"property", "shop"}, {"scopes", {"decide"}}}, "a", 1).ok());
}

TEST(ApiKey, KeyIdParsing) {
  EXPECT_EQ(KeyIdFromPlaintext("sk_abc123_secret"), "key_abc123");
  EXPECT_EQ(KeyIdFromPlaintext("pk_abc123_secret"), "key_abc123");
  EXPECT_EQ(KeyIdFromPlaintext("xx_abc123_secret"), "");
  EXPECT_EQ(KeyIdFromPlaintext("sk__secret"), "");
  EXPECT_EQ(KeyIdFromPlaintext("sk_nosep"), "");
}

}  // namespace
}  // namespace tact
