#include "core/policy.h"

#include <gtest/gtest.h>

namespace tact {
namespace {

constexpr UnixMillis kDay = kMillisPerDay;
constexpr UnixMillis kT0 = 1'772'446'500'000;

RequestedChoice Req(std::string purpose, ConsentState s, bool explicit_choice = false) {
  RequestedChoice r;
  r.choice.purpose = std::move(purpose);
  r.choice.state = s;
  r.explicit_choice = explicit_choice;
  return r;
}

const Choice* Find(const std::vector<Choice>& cs, std::string_view purpose) {
  for (const auto& c : cs) {
    if (c.purpose == purpose) return &c;
  }
  return nullptr;
}

TEST(ApplyGpc, WithoutGpcChoicesAreExplicit) {
  auto out = ApplyGpc({Req("ads.sale", ConsentState::kGranted)}, false, {"ads.sale"});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].state, ConsentState::kGranted);
  EXPECT_EQ(out[0].rule, Rule::kExplicit);
}

TEST(ApplyGpc, AcceptAllUnderGpcRefusesSalePurposes) {
  auto out = ApplyGpc({Req("ads.sale", ConsentState::kGranted), Req("analytics", ConsentState::kGranted)}, true,
                      {"ads.sale"});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(Find(out, "ads.sale")->state, ConsentState::kDenied);
  EXPECT_EQ(Find(out, "ads.sale")->rule, Rule::kGpc);
  EXPECT_EQ(Find(out, "analytics")->state, ConsentState::kGranted);
}

TEST(ApplyGpc, ExplicitOptInAfterGpcIsHonouredAndLabelled) {
  auto out = ApplyGpc({Req("ads.sale", ConsentState::kGranted, true)}, true, {"ads.sale"});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].state, ConsentState::kGranted);
  EXPECT_EQ(out[0].rule, Rule::kExplicitAfterGpc);
}

TEST(ApplyGpc, UnmentionedSalePurposesAreRefusedToo) {
  auto out = ApplyGpc({Req("ads", ConsentState::kGranted)}, true, {"ads.sale", "partners.share"});
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(Find(out, "ads")->state, ConsentState::kGranted);  // the parent stays; the child refusal outranks it
  EXPECT_EQ(Find(out, "ads.sale")->rule, Rule::kGpc);
  EXPECT_EQ(Find(out, "partners.share")->state, ConsentState::kDenied);
}

class WhatToAskTest : public ::testing::Test {
 protected:
  void SetUp() override {
    v1_.version = 1;
    v1_.purposes = {{"analytics", "a1"}, {"marketing", "m1"}};
    v1_.vendors = {{"adco", "x1"}};
    v2_ = v1_;
    v2_.version = 2;
    v2_.purposes["marketing"] = "m2";    // changed text
    v2_.purposes["ads.sale"] = "s1";     // new purpose
    notices_ = {{1, v1_}, {2, v2_}};
  }
  void Record(std::vector<Choice> choices, UnixMillis t, int notice) {
    ConsentEvent e;
    e.time = t;
    e.tenant = "acme";
    e.subject = "s";
    e.notice_version = notice;
    e.source = Source::kBanner;
    e.choices = std::move(choices);
    view_.Apply(e);
  }
  static Choice C(std::string p, ConsentState s, Rule r = Rule::kExplicit) {
    Choice c;
    c.purpose = std::move(p);
    c.state = s;
    c.rule = r;
    return c;
  }
  PrivacyNotice v1_, v2_;
  std::map<int, PrivacyNotice> notices_;
  ConsentView view_;
  ConsentPolicy policy_;
};

TEST_F(WhatToAskTest, FirstVisitAsksEverything) {
  AskList a = WhatToAsk(view_.Items("s"), v1_, notices_, policy_, kT0);
  EXPECT_EQ(a.purposes, (std::vector<std::string>{"analytics", "marketing"}));
  EXPECT_EQ(a.vendors, (std::vector<std::string>{"adco"}));
}

TEST_F(WhatToAskTest, DecidedSubjectIsNotAskedAgain) {
  Record({C("analytics", ConsentState::kGranted), C("marketing", ConsentState::kGranted)}, kT0, 1);
  EXPECT_TRUE(WhatToAsk(view_.Items("s"), v1_, notices_, policy_, kT0 + kDay).empty());
}

TEST_F(WhatToAskTest, NewNoticeAsksOnlyNewOrChanged) {
  Record({C("analytics", ConsentState::kGranted), C("marketing", ConsentState::kGranted)}, kT0, 1);
  AskList a = WhatToAsk(view_.Items("s"), v2_, notices_, policy_, kT0 + kDay);
  EXPECT_EQ(a.purposes, (std::vector<std::string>{"ads.sale", "marketing"}));
  EXPECT_TRUE(a.vendors.empty());
}

TEST_F(WhatToAskTest, RecentRefusalIsNotReAskedEvenIfChanged) {
  Record({C("analytics", ConsentState::kDenied), C("marketing", ConsentState::kDenied)}, kT0, 1);
  AskList a = WhatToAsk(view_.Items("s"), v2_, notices_, policy_, kT0 + 30 * kDay);
  EXPECT_EQ(a.purposes, (std::vector<std::string>{"ads.sale"}));
}

TEST_F(WhatToAskTest, RefusalIsReAskedAfterInterval) {
  Record({C("analytics", ConsentState::kDenied), C("marketing", ConsentState::kGranted)}, kT0, 1);
  EXPECT_TRUE(WhatToAsk(view_.Items("s"), v1_, notices_, policy_, kT0 + 181 * kDay).empty());
  AskList a = WhatToAsk(view_.Items("s"), v1_, notices_, policy_, kT0 + 182 * kDay);
  EXPECT_EQ(a.purposes, (std::vector<std::string>{"analytics"}));
}

TEST_F(WhatToAskTest, ExpiredConsentIsReAsked) {
  Record({C("analytics", ConsentState::kGranted), C("marketing", ConsentState::kGranted)}, kT0, 1);
  EXPECT_TRUE(WhatToAsk(view_.Items("s"), v1_, notices_, policy_, kT0 + 394 * kDay).empty());
  AskList a = WhatToAsk(view_.Items("s"), v1_, notices_, policy_, kT0 + 395 * kDay);
  EXPECT_EQ(a.purposes.size(), 2u);
}

TEST_F(WhatToAskTest, NewTcfPolicyVersionAsksEverythingAgain) {
  v1_.tcf_policy_version = 4;
  notices_[1] = v1_;
  PrivacyNotice v3 = v1_;
  v3.version = 3;
  v3.tcf_policy_version = 5;
  notices_[3] = v3;
  Record({C("analytics", ConsentState::kGranted), C("marketing", ConsentState::kGranted)}, kT0, 1);
  EXPECT_TRUE(WhatToAsk(view_.Items("s"), v1_, notices_, policy_, kT0 + kDay).empty());
  AskList a = WhatToAsk(view_.Items("s"), v3, notices_, policy_, kT0 + kDay);
  EXPECT_EQ(a.purposes, (std::vector<std::string>{"analytics", "marketing"}));
  EXPECT_EQ(a.vendors, (std::vector<std::string>{"adco"}));
}

TEST_F(WhatToAskTest, GpcRefusalIsNeverReAsked) {
  Record({C("analytics", ConsentState::kGranted), C("marketing", ConsentState::kDenied, Rule::kGpc)}, kT0, 1);
  EXPECT_TRUE(WhatToAsk(view_.Items("s"), v1_, notices_, policy_, kT0 + 300 * kDay).empty());
}

}  // namespace
}  // namespace tact
