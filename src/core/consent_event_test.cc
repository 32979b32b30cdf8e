#include "core/consent_event.h"

#include <gtest/gtest.h>

namespace tact {
namespace {

ConsentEvent Sample() {
  ConsentEvent e;
  e.seq = 42;
  e.time = 1772446500123;
  e.tenant = "acme";
  e.subject = "sub_123";
  e.property = "shop";
  e.notice_version = 3;
  e.source = Source::kBanner;
  e.gpc = true;
  e.receipt_id = "rcpt_abc";
  e.choices = {{"marketing.email", Channel::kEmail, "", Party::kAny, ConsentState::kGranted, Rule::kExplicit},
               {"ads.personalised", Channel::kAny, "adco", Party::kThird, ConsentState::kDenied, Rule::kGpc}};
  return e;
}

TEST(ConsentEvent, CanonicalEncodingIsStable) {
  EXPECT_EQ(EncodeEvent(Sample()),
            R"({"v":1,"seq":42,"time":1772446500123,"tenant":"acme","subject":"sub_123","property":"shop",)"
            R"("notice_version":3,"source":"banner","gpc":true,"receipt_id":"rcpt_abc","choices":[)"
            R"({"purpose":"marketing.email","channel":"email","vendor":null,"party":null,"state":"granted",)"
            R"("rule":"explicit"},{"purpose":"ads.personalised","channel":null,"vendor":"adco","party":"third",)"
            R"("state":"denied","rule":"gpc"}]})");
}

TEST(ConsentEvent, RoundTrips) {
  auto decoded = DecodeEvent(EncodeEvent(Sample()));
  ASSERT_TRUE(decoded.ok()) << decoded.error().ToString();
  EXPECT_EQ(*decoded, Sample());
}

TEST(ConsentEvent, RejectsNonCanonicalOrInvalid) {
  std::string canonical = EncodeEvent(Sample());
  std::string spaced = canonical;
  spaced.insert(1, " ");
  EXPECT_EQ(DecodeEvent(spaced).error().code(), StatusCode::kCorruption);
  std::string bad_state = canonical;
  bad_state.replace(bad_state.find("granted"), 7, "granteX");
  EXPECT_EQ(DecodeEvent(bad_state).error().code(), StatusCode::kCorruption);
  EXPECT_FALSE(DecodeEvent("").ok());
  EXPECT_FALSE(DecodeEvent("[]").ok());
  EXPECT_FALSE(DecodeEvent(canonical.substr(0, canonical.size() - 1)).ok());
  std::string bad_subject = canonical;
  bad_subject.replace(bad_subject.find("sub_123"), 7, "sub 123");
  EXPECT_FALSE(DecodeEvent(bad_subject).ok());
}

}  // namespace
}  // namespace tact
