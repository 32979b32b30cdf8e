#include "tact/ids.h"

#include <gtest/gtest.h>

#include <map>
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

TEST(Ids, NewIdCharactersAreEvenlySpread) {
  // 20,000 ids x 22 characters: each of the 62 is expected 7,097 times
  // (one standard deviation is about 1.2%). A biased draw, e.g. byte % 62
  // without skipping 248..255, which makes the first 8 characters a quarter
  // more likely, falls far outside this margin.
  std::map<char, int> counts;
  for (int i = 0; i < 20000; ++i) {
    std::string id = NewId("");
    ASSERT_EQ(id.size(), 22u);
    for (char c : id) counts[c]++;
  }
  ASSERT_EQ(counts.size(), 62u);
  for (const auto& [c, n] : counts) {
    EXPECT_GT(n, 7097 * 0.94) << c;
    EXPECT_LT(n, 7097 * 1.06) << c;
  }
}

}  // namespace tact
