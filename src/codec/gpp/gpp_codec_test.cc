#include "codec/gpp/gpp_codec.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace tact::codec::gpp {
namespace {

nlohmann::json DecodeJson(std::string_view s) {
  std::string out;
  DecodeToJson(s, &out);
  return nlohmann::json::parse(out);
}

TEST(codec_GppCodec, DecodesUspAndUsnatV1) {
  nlohmann::json j = DecodeJson("DBABzw~1YNN");
  EXPECT_TRUE(j.contains("error"));  // header lists two sections
  j = DecodeJson("DBABLA~BVQqAAAAAgA.QA");
  ASSERT_FALSE(j.contains("error")) << j;
  EXPECT_EQ(j["sectionList"], nlohmann::json::parse("[7]"));
  EXPECT_EQ(j["sections"]["usnat"]["Version"], 1);
  EXPECT_EQ(j["sections"]["usnat"]["SensitiveDataProcessing"].size(), 12u);
  EXPECT_EQ(j["sections"]["usnat"]["KnownChildSensitiveDataConsents"].size(), 2u);
  EXPECT_EQ(j["sections"]["usnat"]["GpcSegmentType"], 1);
}

TEST(codec_GppCodec, BuildsAndRoundTripsAModel) {
  GppModel m;
  Section usp;
  usp.id = 6;
  usp.name = "uspv1";
  usp.fields = {{"Version", int64_t{1}},
                {"Notice", std::string("Y")},
                {"OptOutSale", std::string("Y")},
                {"LspaCovered", std::string("-")}};
  m.sections.push_back(usp);
  Result<std::string> s = Encode(m);
  ASSERT_TRUE(s.ok()) << s.error().message();
  EXPECT_EQ(*s, "DBABTA~1YY-");
  Result<GppModel> back = Decode(*s);
  ASSERT_TRUE(back.ok()) << back.error().message();
  ASSERT_EQ(back->sections.size(), 1u);
  EXPECT_EQ(std::get<std::string>(*back->sections[0].Find("OptOutSale")), "Y");
}

TEST(codec_GppCodec, StricterThanTheLibrary) {
  EXPECT_TRUE(DecodeJson("").contains("error"));
  EXPECT_TRUE(DecodeJson("CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA").contains("error"));
  EXPECT_TRUE(DecodeJson("DBABTA~1yy-").contains("error"));
  EXPECT_FALSE(DecodeJson("DBAA").contains("error"));
}

TEST(codec_GppCodec, EncodeRejectsBadJson) {
  EXPECT_FALSE(EncodeFromJsonText("{").ok());
  EXPECT_FALSE(EncodeFromJsonText(R"({"sections":{"nope":{}}})").ok());
  EXPECT_FALSE(EncodeFromJsonText(R"({"sections":{"uspv1":{"Version":1}}})").ok());
  EXPECT_FALSE(
      EncodeFromJsonText(
          R"({"sectionList":[7],"sections":{"uspv1":{"Version":1,"Notice":"Y","OptOutSale":"N","LspaCovered":"N"}}})")
          .ok());
}

// Regression (gpp_decode_fuzz crash-603f9eea): an error quoting a non-UTF-8
// byte of the input produced invalid JSON.
TEST(codec_GppCodec, ErrorsAreValidJsonWhateverTheBytes) {
  std::string s =
      "DBABD-A~\xb9"
      "BP1R2oAP1\x1f\xff.IADFQA";
  std::string out;
  DecodeToJson(s, &out);
  nlohmann::json j = nlohmann::json::parse(out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << out;
  EXPECT_TRUE(j.contains("error"));
}

}  // namespace
}  // namespace tact::codec::gpp
