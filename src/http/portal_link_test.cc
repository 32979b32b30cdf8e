#include "http/portal_link.h"

#include <gtest/gtest.h>

#include <vector>

namespace tact::http {
namespace {

TEST(PortalSigner, RoundTripsAndExpires) {
  PortalSigner signer("server secret");
  std::string token = signer.Sign({"acme", "sub_123", "fr", 10'000});
  auto c = signer.Verify(token, 9'999);
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  EXPECT_EQ(c->tenant, "acme");
  EXPECT_EQ(c->subject, "sub_123");
  EXPECT_EQ(c->language, "fr");
  auto expired = signer.Verify(token, 10'000);
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().code(), StatusCode::kUnauthenticated);
}

TEST(PortalSigner, RefusesForgedAndForeignTokens) {
  PortalSigner signer("server secret");
  std::string token = signer.Sign({"acme", "sub_123", "", 10'000});
  EXPECT_FALSE(PortalSigner("another secret").Verify(token, 0).ok());
  // Claims swapped for another subject, MAC kept.
  std::string other = signer.Sign({"acme", "sub_999", "", 10'000});
  std::string spliced = other.substr(0, other.find('.')) + token.substr(token.find('.'));
  EXPECT_FALSE(signer.Verify(spliced, 0).ok());
  for (const std::string& bad :
       std::vector<std::string>{"", ".", "abc", "abc.def", token + "x", std::string(3000, 'a')}) {
    EXPECT_FALSE(signer.Verify(bad, 0).ok()) << bad;
  }
}

TEST(PortalSigner, TagsAreKeyedAndStable) {
  PortalSigner a("server secret");
  std::string tag = a.Tag("acme\nrcpt_1");
  EXPECT_EQ(tag.size(), 32u);
  EXPECT_EQ(tag, PortalSigner("server secret").Tag("acme\nrcpt_1")) << "stable across restarts";
  EXPECT_NE(tag, PortalSigner("another secret").Tag("acme\nrcpt_1")) << "keyed";
  EXPECT_NE(tag, a.Tag("acme\nrcpt_2"));
  EXPECT_EQ(tag.find("rcpt"), std::string::npos);
}

}  // namespace
}  // namespace tact::http
