#include "core/decision.h"

#include <gtest/gtest.h>

namespace tact {
namespace {

constexpr UnixMillis kDay = kMillisPerDay;
constexpr UnixMillis kT0 = 1'772'446'500'000;  // 2026-03-02

class DecisionTest : public ::testing::Test {
 protected:
  void Record(std::vector<Choice> choices, UnixMillis t = kT0, Source source = Source::kBanner,
              int notice = 3) {
    ConsentEvent e;
    e.time = t;
    e.tenant = "acme";
    e.subject = "sub_1";
    e.notice_version = notice;
    e.source = source;
    e.choices = std::move(choices);
    view_.Apply(e);
  }
  Decision Ask(const Purpose& p, Channel ch = Channel::kAny, UnixMillis now = kT0 + kDay,
               const Vendor* vendor = nullptr) {
    DecisionRequest r;
    r.purpose = p.key;
    r.channel = ch;
    r.now = now;
    if (vendor) r.vendor = vendor->id;
    return Decide(view_.Items("sub_1"), p, vendor, policy_, r);
  }
  static Purpose P(std::string key, LegalBasis basis = LegalBasis::kConsent) {
    Purpose p;
    p.key = std::move(key);
    p.legal_basis = basis;
    return p;
  }
  static Choice C(std::string purpose, ConsentState s, Channel ch = Channel::kAny,
                  Rule rule = Rule::kExplicit) {
    Choice c;
    c.purpose = std::move(purpose);
    c.state = s;
    c.channel = ch;
    c.rule = rule;
    return c;
  }
  ConsentView view_;
  ConsentPolicy policy_;
};

TEST_F(DecisionTest, NoConsentRecorded) {
  Decision d = Ask(P("marketing.email"), Channel::kEmail);
  EXPECT_FALSE(d.allowed);
  ASSERT_EQ(d.reasons.size(), 1u);
  EXPECT_EQ(d.reasons[0].code, "no_consent");
}

TEST_F(DecisionTest, GrantedSaysWhenAndHow) {
  Record({C("marketing.email", ConsentState::kGranted)});
  Decision d = Ask(P("marketing.email"), Channel::kEmail);
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.reasons[0].code, "granted");
  EXPECT_EQ(d.reasons[0].message, "granted by the person on 2026-03-02 via banner (notice v3)");
}

TEST_F(DecisionTest, DeniedReasonIsReadable) {
  Record({C("marketing.email", ConsentState::kDenied)});
  Decision d = Ask(P("marketing.email"));
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.reasons[0].code, "denied");
  EXPECT_EQ(d.reasons[0].message, "denied by the person on 2026-03-02 via banner (notice v3)");
}

TEST_F(DecisionTest, CoarseGrantCoversChildrenUnlessChildDenied) {
  Record({C("marketing", ConsentState::kGranted), C("marketing.sms", ConsentState::kDenied)});
  EXPECT_TRUE(Ask(P("marketing.email")).allowed);
  EXPECT_NE(Ask(P("marketing.email")).reasons[0].message.find("choice made on 'marketing'"),
            std::string::npos);
  EXPECT_FALSE(Ask(P("marketing.sms")).allowed);
  EXPECT_FALSE(Ask(P("marketingx")).allowed);  // not a child
}

TEST_F(DecisionTest, ChildGrantBeatsCoarseRefusal) {
  Record({C("marketing", ConsentState::kDenied), C("marketing.email", ConsentState::kGranted)});
  EXPECT_TRUE(Ask(P("marketing.email")).allowed);
  EXPECT_FALSE(Ask(P("marketing.post")).allowed);
}

TEST_F(DecisionTest, ChannelSpecificChoiceWinsOnItsChannel) {
  Record({C("marketing.news", ConsentState::kGranted),
          C("marketing.news", ConsentState::kWithdrawn, Channel::kSms)});
  EXPECT_TRUE(Ask(P("marketing.news"), Channel::kEmail).allowed);
  Decision sms = Ask(P("marketing.news"), Channel::kSms);
  EXPECT_FALSE(sms.allowed);
  EXPECT_EQ(sms.reasons[0].code, "withdrawn");
}

TEST_F(DecisionTest, ChannelChoiceDoesNotAnswerForOtherChannels) {
  Record({C("marketing.news", ConsentState::kGranted, Channel::kEmail)});
  EXPECT_TRUE(Ask(P("marketing.news"), Channel::kEmail).allowed);
  EXPECT_FALSE(Ask(P("marketing.news"), Channel::kSms).allowed);
  EXPECT_FALSE(Ask(P("marketing.news"), Channel::kAny).allowed);
}

TEST_F(DecisionTest, ConsentExpiresAfterLifetime) {
  Record({C("analytics", ConsentState::kGranted)});
  EXPECT_TRUE(Ask(P("analytics"), Channel::kAny, kT0 + 394 * kDay).allowed);
  Decision d = Ask(P("analytics"), Channel::kAny, kT0 + 395 * kDay);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.reasons[0].code, "expired");
  policy_.consent_lifetime_days = 30;
  EXPECT_FALSE(Ask(P("analytics"), Channel::kAny, kT0 + 31 * kDay).allowed);
}

TEST_F(DecisionTest, GpcRefusalSaysGpc) {
  Record({C("ads.sale", ConsentState::kDenied, Channel::kAny, Rule::kGpc)});
  Decision d = Ask(P("ads.sale"));
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.reasons[0].code, "gpc");
  EXPECT_NE(d.reasons[0].message.find("Global Privacy Control"), std::string::npos);
}

TEST_F(DecisionTest, ContractAndLegalObligationNeedNoConsent) {
  EXPECT_TRUE(Ask(P("orders.updates", LegalBasis::kContract)).allowed);
  EXPECT_EQ(Ask(P("orders.updates", LegalBasis::kContract)).reasons[0].code, "contract");
  EXPECT_TRUE(Ask(P("tax.invoices", LegalBasis::kLegalObligation)).allowed);
}

TEST_F(DecisionTest, LegitimateInterestUntilObjection) {
  Purpose p = P("security.fraud", LegalBasis::kLegitimateInterest);
  EXPECT_TRUE(Ask(p).allowed);
  Record({C("security.fraud", ConsentState::kDenied)});
  Decision d = Ask(p);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.reasons[0].code, "objected");
}

TEST_F(DecisionTest, VendorMustDeclarePurpose) {
  Record({C("ads", ConsentState::kGranted)});
  Vendor v;
  v.id = "adco";
  v.purposes = {"ads.measure"};
  Decision d = Ask(P("ads.personalised"), Channel::kAny, kT0 + kDay, &v);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.reasons[0].code, "vendor_not_declared");
  EXPECT_TRUE(Ask(P("ads.measure"), Channel::kAny, kT0 + kDay, &v).allowed);
}

TEST_F(DecisionTest, VendorSpecificRefusalBeatsPurposeGrant) {
  Choice deny_vendor = C("ads", ConsentState::kDenied);
  deny_vendor.vendor = "adco";
  Record({C("ads", ConsentState::kGranted), deny_vendor});
  Vendor adco, other;
  adco.id = "adco";
  adco.purposes = {"ads"};
  other.id = "other";
  other.purposes = {"ads"};
  EXPECT_FALSE(Ask(P("ads"), Channel::kAny, kT0 + kDay, &adco).allowed);
  EXPECT_TRUE(Ask(P("ads"), Channel::kAny, kT0 + kDay, &other).allowed);
}

}  // namespace
}  // namespace tact

namespace tact {
namespace {

// DescribeOrigin formats its date without snprintf: it must agree with
// FormatRfc3339 on every day, leap days and century years included.
TEST(DescribeOriginTest, DateMatchesRfc3339) {
  ConsentItem item;
  item.source = Source::kBanner;
  const UnixMillis from = -400LL * 366 * kMillisPerDay;  // the 1570s
  const UnixMillis to = 9000LL * 365 * kMillisPerDay;    // around 8970
  for (UnixMillis t = from; t < to; t += kMillisPerDay + 3'601'001) {
    item.since = t;
    std::string want = "on " + FormatRfc3339(t).substr(0, 10) + " via banner";
    ASSERT_EQ(DescribeOrigin(item), want) << t;
  }
  item.since = 951'782'400'000;  // 2000-02-29T00:00:00Z
  item.notice_version = 12;
  EXPECT_EQ(DescribeOrigin(item), "on 2000-02-29 via banner (notice v12)");
  item.since = 951'782'399'999;  // the last millisecond of 2000-02-28
  EXPECT_EQ(DescribeOrigin(item), "on 2000-02-28 via banner (notice v12)");
  item.since = -1;
  EXPECT_EQ(DescribeOrigin(item), "on 1969-12-31 via banner (notice v12)");
}

}  // namespace
}  // namespace tact
