// Messaging policy and subject profile: what is accepted, what is refused.
#include "governor/messaging_policy.h"

#include <gtest/gtest.h>

#include "governor/subject_profile.h"

namespace tact::governor {
namespace {

using nlohmann::json;

TEST(MessagingPolicyTest, ParsesTheDocumentedShapeAndRoundTrips) {
  json j = json::parse(R"({"caps":[{"channel":"email","max":2,"window_days":7},
                                    {"channel":"*","category":"promo","max":5,"window_hours":72}],
                           "quiet_hours":{"start":"21:00","end":"08:00"},
                           "default_time_zone":"Europe/Paris",
                           "fatigue":{"after_ignored":3,"steps_days":[3,7,14],"re_permission":true},
                           "reservation_ttl_minutes":90})");
  auto p = MessagingPolicy::FromJson(j);
  ASSERT_TRUE(p.ok()) << p.error().ToString();
  ASSERT_EQ(p->caps.size(), 2u);
  EXPECT_EQ(p->caps[0].channel, Channel::kEmail);
  EXPECT_EQ(p->caps[0].window_ms, 7 * kMillisPerDay);
  EXPECT_EQ(p->caps[1].channel, Channel::kAny);
  EXPECT_EQ(p->caps[1].category, "promo");
  EXPECT_EQ(p->caps[1].window_ms, 72 * kMillisPerHour);
  EXPECT_EQ(p->quiet_hours.start_minute, 21 * 60);
  EXPECT_EQ(p->quiet_hours.end_minute, 8 * 60);
  EXPECT_EQ(p->fatigue.steps_days, (std::vector<int>{3, 7, 14}));
  EXPECT_EQ(p->reservation_ttl_ms, 90 * kMillisPerMinute);
  EXPECT_EQ(p->MaxWindowMs(), 7 * kMillisPerDay);
  auto again = MessagingPolicy::FromJson(p->ToJson());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->ToJson(), p->ToJson());
}

TEST(MessagingPolicyTest, EmptyBodyGivesTheDefaults) {
  auto p = MessagingPolicy::FromJson(json::object());
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->caps.empty());
  EXPECT_FALSE(p->quiet_hours.enabled());
  EXPECT_TRUE(p->fatigue.enabled);
  EXPECT_EQ(p->fatigue.after_ignored, 10);
  EXPECT_EQ(p->fatigue.steps_days, (std::vector<int>{3, 7}));
  EXPECT_EQ(p->default_time_zone, "UTC");
  auto off = MessagingPolicy::FromJson(json{{"fatigue", nullptr}});
  ASSERT_TRUE(off.ok());
  EXPECT_FALSE(off->fatigue.enabled);
}

TEST(MessagingPolicyTest, RefusesBadInputWithTheFieldNamed) {
  struct Case {
    const char* body;
    const char* says;
  } cases[] = {
      {R"({"caps":[{"channel":"fax","max":1,"window_days":1}]})", "caps[0].channel"},
      {R"({"caps":[{"channel":"email","max":0,"window_days":1}]})", "'max'"},
      {R"({"caps":[{"channel":"email","max":1}]})", "exactly one of 'window_days'"},
      {R"({"caps":[{"channel":"email","max":1,"window_days":1,"window_hours":2}]})", "exactly one"},
      {R"({"caps":{"channel":"email"}})", "'caps' must be an array"},
      {R"({"quiet_hours":{"start":"25:00","end":"08:00"}})", "HH:MM"},
      {R"({"quiet_hours":{"start":"21:00"}})", "'end' is required"},
      {R"({"default_time_zone":"Mars/Olympus"})", "IANA time zone"},
      {R"({"fatigue":{"after_ignored":0}})", "after_ignored"},
      {R"({"fatigue":{"steps_days":[7,3]}})", "must not decrease"},
      {R"({"fatigue":{"steps_days":[0]}})", "1-365"},
      {R"({"reservation_ttl_minutes":0})", "reservation_ttl_minutes"},
      {R"({"cap":[]})", "unknown field 'cap'"},
      {R"([1,2])", "must be a JSON object"},
  };
  for (const Case& c : cases) {
    auto p = MessagingPolicy::FromJson(json::parse(c.body));
    ASSERT_FALSE(p.ok()) << c.body;
    EXPECT_EQ(p.error().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(p.error().message().find(c.says), std::string::npos) << p.error().message();
  }
}

TEST(SubjectProfileTest, ValidatesZoneAndLocale) {
  auto p = SubjectProfile::FromJson(json{{"time_zone", "Europe/Paris"}, {"locale", "fr"}});
  ASSERT_TRUE(p.ok());
  EXPECT_NE(p->zone, nullptr);
  EXPECT_EQ(p->ToJson()["time_zone"], "Europe/Paris");
  EXPECT_FALSE(SubjectProfile::FromJson(json{{"time_zone", "Paris"}}).ok());
  EXPECT_FALSE(SubjectProfile::FromJson(json{{"locale", "french!"}}).ok());
  EXPECT_FALSE(SubjectProfile::FromJson(json{{"tz", "UTC"}}).ok());
  auto empty = SubjectProfile::FromJson(json::object());
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->zone, nullptr);
}

}  // namespace
}  // namespace tact::governor
