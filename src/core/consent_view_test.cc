#include "core/consent_view.h"

#include <gtest/gtest.h>

namespace tact {
namespace {

ConsentEvent Event(std::string subject, std::vector<Choice> choices,
                   UnixMillis t = 1'700'000'000'000) {
  ConsentEvent e;
  e.time = t;
  e.tenant = "acme";
  e.subject = std::move(subject);
  e.notice_version = 1;
  e.source = Source::kBanner;
  e.choices = std::move(choices);
  return e;
}

Choice C(std::string purpose, ConsentState s, Channel ch = Channel::kAny, std::string vendor = "") {
  Choice c;
  c.purpose = std::move(purpose);
  c.state = s;
  c.channel = ch;
  c.vendor = std::move(vendor);
  return c;
}

TEST(ConsentView, LaterChoiceReplacesEarlierOnSameKey) {
  ConsentView v;
  v.Apply(Event("s1",
                {C("marketing", ConsentState::kGranted), C("analytics", ConsentState::kGranted)}));
  v.Apply(Event("s1", {C("marketing", ConsentState::kWithdrawn)}, 1'700'000'100'000));
  auto items = v.Items("s1");
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].purpose, "marketing");
  EXPECT_EQ(items[0].state, ConsentState::kWithdrawn);
  EXPECT_EQ(items[0].since, 1'700'000'100'000);
  EXPECT_EQ(items[1].state, ConsentState::kGranted);
}

TEST(ConsentView, DistinctDimensionsAreDistinctItems) {
  ConsentView v;
  v.Apply(Event("s1", {C("marketing", ConsentState::kGranted, Channel::kEmail),
                       C("marketing", ConsentState::kDenied, Channel::kSms),
                       C("marketing", ConsentState::kDenied, Channel::kAny, "adco")}));
  EXPECT_EQ(v.Items("s1").size(), 3u);
  EXPECT_TRUE(v.Items("nobody").empty());
}

TEST(ConsentView, ManySubjectsSurviveGrowthAndCompaction) {
  ConsentView v;
  for (int i = 0; i < 20000; ++i) {
    v.Apply(Event("sub_" + std::to_string(i), {C("a", ConsentState::kGranted)}));
  }
  for (int i = 0; i < 20000; i += 2) {  // grow half of them, forcing moves and compaction
    v.Apply(Event("sub_" + std::to_string(i),
                  {C("b", ConsentState::kDenied), C("c", ConsentState::kGranted)}));
  }
  EXPECT_EQ(v.subject_count(), 20000u);
  for (int i = 0; i < 20000; ++i) {
    auto items = v.Items("sub_" + std::to_string(i));
    ASSERT_EQ(items.size(), i % 2 == 0 ? 3u : 1u) << i;
    EXPECT_EQ(items[0].purpose, "a");
  }
}

TEST(ConsentView, OneChoiceAtATimeStaysCompact) {
  ConsentView v;
  const char* purposes[] = {"a", "b", "c", "d", "e"};
  for (const char* p : purposes) {
    for (int i = 0; i < 20000; ++i)
      v.Apply(Event("sub_" + std::to_string(i), {C(p, ConsentState::kGranted)}));
  }
  v.ShrinkToFit();
  EXPECT_EQ(v.entry_count(), 100000u);
  // Entries dominate: after packing they must cost 16 bytes each, no slack.
  size_t per_subject = v.MemoryBytes() / v.subject_count();
  EXPECT_LT(per_subject, 80u + 16u + 14u + 8u + 40u) << per_subject;
  for (int i = 0; i < 20000; i += 997) EXPECT_EQ(v.Items("sub_" + std::to_string(i)).size(), 5u);
}

TEST(ConsentView, EraseForgetsTheSubjectOnly) {
  ConsentView v;
  v.Apply(Event("s1", {C("a", ConsentState::kGranted)}));
  v.Apply(Event("s2", {C("a", ConsentState::kDenied)}));
  v.Erase("s1");
  EXPECT_TRUE(v.Items("s1").empty());
  EXPECT_FALSE(v.Contains("s1"));
  ASSERT_EQ(v.Items("s2").size(), 1u);
  EXPECT_EQ(v.subject_count(), 1u);
  v.Apply(Event("s1", {C("b", ConsentState::kGranted)}));
  ASSERT_EQ(v.Items("s1").size(), 1u);
  EXPECT_EQ(v.Items("s1")[0].purpose, "b");
}

}  // namespace
}  // namespace tact
