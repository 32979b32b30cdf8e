#include "tact/ids.h"

#include <gtest/gtest.h>

#include <set>

namespace tact {

TEST(Ids, Slugs) {
  EXPECT_TRUE(IsValidSlug("acme"));
  EXPECT_TRUE(IsValidSlug("demo-shop_2"));
  EXPECT_FALSE(IsValidSlug(""));
  EXPECT_FALSE(IsValidSlug("-acme"));
  EXPECT_FALSE(IsValidSlug("Acme"));
  EXPECT_FALSE(IsValidSlug("a/b"));
  EXPECT_FALSE(IsValidSlug(std::string(65, 'a')));
}

TEST(Ids, PurposeKeys) {
  EXPECT_TRUE(IsValidPurposeKey("marketing"));
  EXPECT_TRUE(IsValidPurposeKey("marketing.email"));
  EXPECT_TRUE(IsValidPurposeKey("ads.personalised_2"));
  EXPECT_FALSE(IsValidPurposeKey("marketing."));
  EXPECT_FALSE(IsValidPurposeKey(".marketing"));
  EXPECT_FALSE(IsValidPurposeKey("marketing..email"));
  EXPECT_FALSE(IsValidPurposeKey("Marketing"));
  EXPECT_FALSE(IsValidPurposeKey("1abc"));
}

TEST(Ids, SubjectIds) {
  EXPECT_TRUE(IsValidSubjectId("sub_123"));
  EXPECT_TRUE(IsValidSubjectId("crm:42@shop"));
  EXPECT_FALSE(IsValidSubjectId(""));
  EXPECT_FALSE(IsValidSubjectId("a b"));
  EXPECT_FALSE(IsValidSubjectId("é"));
}

TEST(Ids, NewIdsAreUniqueAndPrefixed) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string id = NewId("sub_");
    EXPECT_EQ(id.rfind("sub_", 0), 0u);
    EXPECT_EQ(id.size(), 26u);
    EXPECT_TRUE(IsValidSubjectId(id));
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

}  // namespace tact
