#include "core/signals.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "codec/gpp/gpp_codec.h"
#include "codec/tcf/tc_decoder.h"

namespace tact {
namespace {

Gvl LoadFixture() {
  std::ifstream in(std::string(TACT_SOURCE_DIR) + "/tests/fixtures/gvl-v3-small.json");
  std::stringstream ss;
  ss << in.rdbuf();
  auto g = Gvl::FromJson(json::Json::parse(ss.str()));
  EXPECT_TRUE(g.ok()) << g.error().ToString();
  return *g;
}

class SignalsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    gvl_ = LoadFixture();
    property_.id = "shop";
    property_.tcf.cmp_id = 300;
    property_.tcf.publisher_cc = "FR";
    property_.consent_mode = {{"analytics_storage", {"analytics"}}, {"ad_storage", {"ads.personalised"}}};
    analytics_.key = "analytics";
    analytics_.iab_purposes = {1, 8};
    ads_.key = "ads.personalised";
    ads_.iab_purposes = {1, 2, 3, 4};
    ads_.sale_or_sharing = true;
    measure_.key = "ads.measure";
    measure_.legal_basis = LegalBasis::kLegitimateInterest;
    measure_.iab_purposes = {7};
    adnet_.id = "adnet";
    adnet_.gvl_id = 755;
    adnet_.purposes = {"ads.personalised"};
    adnet_.legitimate_interest_purposes = {"ads.measure"};
    measureco_.id = "measure-co";
    measureco_.gvl_id = 8;
    measureco_.purposes = {"analytics"};
    in_.property = &property_;
    in_.gvl = &gvl_;
    in_.purposes = {&analytics_, &ads_, &measure_};
    in_.vendors = {&adnet_, &measureco_};
    in_.created = in_.last_updated = 1'772'446'500'000;
    in_.language = "FR";
  }
  codec::tcf::TcModel Issue() {
    auto s = BuildTcString(in_);
    EXPECT_TRUE(s.ok()) << s.error().ToString();
    EXPECT_TRUE(s->has_value());
    auto m = codec::tcf::Decode(**s);
    EXPECT_TRUE(m.ok()) << m.error().ToString();
    return *m;
  }
  Gvl gvl_;
  Property property_;
  Purpose analytics_, ads_, measure_;
  Vendor adnet_, measureco_;
  SignalInputs in_;
};

TEST_F(SignalsTest, GvlFixtureSkipsDeletedVendors) {
  EXPECT_EQ(gvl_.vendor_list_version, 80);
  EXPECT_EQ(gvl_.tcf_policy_version, 5);
  EXPECT_EQ(gvl_.vendors.size(), 2u);
  EXPECT_EQ(gvl_.vendors.at(755).leg_int_purposes, std::vector<int>{7});
  EXPECT_FALSE(Gvl::FromJson(json::Json{{"gvlSpecificationVersion", 3}}).ok());
  EXPECT_FALSE(Gvl::FromJson(json::Json::parse(R"({"gvlSpecificationVersion":3,"vendorListVersion":1,
      "tcfPolicyVersion":5,"vendors":{"7":{"id":8}}})")).ok());
}

TEST_F(SignalsTest, AcceptAllSetsPurposesAndVendors) {
  in_.allowed = [](const Purpose&, const Vendor*) { return true; };
  codec::tcf::TcModel m = Issue();
  EXPECT_EQ(m.cmp_id, 300);
  EXPECT_EQ(m.vendor_list_version, 80);
  for (int p : {1, 2, 3, 4, 8}) EXPECT_TRUE(m.purpose_consents.Has(p)) << p;
  EXPECT_FALSE(m.purpose_consents.Has(5));
  EXPECT_TRUE(m.purpose_legitimate_interests.Has(7));
  EXPECT_EQ(m.vendor_consents.ids, (std::vector<uint16_t>{8, 755}));
  EXPECT_EQ(m.vendor_legitimate_interests.ids, (std::vector<uint16_t>{755}));
  ASSERT_TRUE(m.vendors_disclosed.has_value());  // TCF 2.3: always disclosed
  EXPECT_EQ(m.vendors_disclosed->ids, (std::vector<uint16_t>{8, 755}));
}

TEST_F(SignalsTest, RejectAllLeavesOnlyDisclosure) {
  in_.allowed = [](const Purpose& p, const Vendor*) { return p.legal_basis != LegalBasis::kConsent && false; };
  codec::tcf::TcModel m = Issue();
  EXPECT_EQ(m.purpose_consents.mask, 0u);
  EXPECT_EQ(m.purpose_legitimate_interests.mask, 0u);
  EXPECT_TRUE(m.vendor_consents.ids.empty());
  EXPECT_EQ(m.vendors_disclosed->ids.size(), 2u);
}

TEST_F(SignalsTest, PurposeSharedByTwoTactPurposesNeedsBoth) {
  // IAB purpose 1 stands behind analytics and ads: refusing ads clears it.
  in_.allowed = [](const Purpose& p, const Vendor*) { return p.key == "analytics"; };
  codec::tcf::TcModel m = Issue();
  EXPECT_FALSE(m.purpose_consents.Has(1));
  EXPECT_TRUE(m.purpose_consents.Has(8));
  EXPECT_EQ(m.vendor_consents.ids, (std::vector<uint16_t>{8}));
}

TEST_F(SignalsTest, NoTcStringWithoutCmpOrGvl) {
  in_.allowed = [](const Purpose&, const Vendor*) { return true; };
  in_.gvl = nullptr;
  EXPECT_FALSE(BuildTcString(in_)->has_value());
  in_.gvl = &gvl_;
  property_.tcf.cmp_id = 0;
  EXPECT_FALSE(BuildTcString(in_)->has_value());
}

TEST_F(SignalsTest, GppCarriesTcfAndUsNationalWithGpc) {
  in_.allowed = [](const Purpose& p, const Vendor*) { return p.key == "analytics"; };
  in_.gpc = true;
  auto tc = BuildTcString(in_);
  ASSERT_TRUE(tc.ok());
  auto gpp = BuildGppString(in_, *tc);
  ASSERT_TRUE(gpp.ok()) << gpp.error().ToString();
  auto model = codec::gpp::Decode(*gpp);
  ASSERT_TRUE(model.ok()) << model.error().ToString() << " " << *gpp;
  ASSERT_EQ(model->sections.size(), 2u);
  EXPECT_EQ(model->sections[0].name, "tcfeuv2");
  EXPECT_EQ(model->sections[1].name, "usnat");
  EXPECT_EQ(std::get<int64_t>(*model->sections[1].Find("SaleOptOut")), 1);
  EXPECT_EQ(std::get<int64_t>(*model->sections[1].Find("TargetedAdvertisingOptOut")), 1);
  EXPECT_TRUE(std::get<bool>(*model->sections[1].Find("Gpc")));
  in_.gpc = false;
  in_.allowed = [](const Purpose&, const Vendor*) { return true; };
  auto accepted = codec::gpp::Decode(*BuildGppString(in_, std::nullopt));
  ASSERT_TRUE(accepted.ok());
  ASSERT_EQ(accepted->sections.size(), 1u);
  EXPECT_EQ(std::get<int64_t>(*accepted->sections[0].Find("SaleOptOut")), 2);
}

TEST_F(SignalsTest, ConsentModeFollowsMapping) {
  in_.allowed = [](const Purpose& p, const Vendor*) { return p.key == "analytics"; };
  json::Json cm = ConsentModeState(in_);
  EXPECT_EQ(cm["analytics_storage"], "granted");
  EXPECT_EQ(cm["ad_storage"], "denied");
  EXPECT_EQ(cm["ad_user_data"], "denied");
  EXPECT_EQ(cm["security_storage"], "granted");
  EXPECT_EQ(cm.size(), 7u);
}

}  // namespace
}  // namespace tact
