// Golden cases of the TCF and GPP codecs (tests/cases/README.md): each
// tests/cases/{tcf,gpp}/*.txt holds an input string and the expected decode
// JSON or an expected error, produced by the IAB reference libraries with
// tact's rules (tests/cases/make_cases.js). Every expected JSON must also
// survive encode -> decode.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "codec/gpp/gpp_codec.h"
#include "codec/tcf/tc_json.h"

namespace tact {
namespace {

struct Case {
  std::string name;
  std::string input;
  bool want_error = false;
  nlohmann::json expect;
};

std::vector<Case> LoadCases(const std::string& kind) {
  std::vector<Case> cases;
  std::filesystem::path dir = std::filesystem::path(TACT_SOURCE_DIR) / "tests" / "cases" / kind;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".txt") continue;
    std::ifstream in(entry.path());
    Case c;
    c.name = entry.path().filename().string();
    std::string line;
    bool has_input = false, has_outcome = false;
    while (std::getline(in, line)) {
      if (line.rfind("input: ", 0) == 0 || line == "input:") {
        c.input = line.size() > 7 ? line.substr(7) : "";
        has_input = true;
      } else if (line.rfind("expect: ", 0) == 0) {
        c.expect = nlohmann::json::parse(line.substr(8));
        has_outcome = true;
      } else if (line.rfind("error:", 0) == 0) {
        c.want_error = true;
        has_outcome = true;
      }
    }
    EXPECT_TRUE(has_input && has_outcome) << c.name << " lacks input or expect/error";
    cases.push_back(std::move(c));
  }
  return cases;
}

TEST(codec_CodecCases, Tcf) {
  std::vector<Case> cases = LoadCases("tcf");
  ASSERT_GE(cases.size(), 30u);
  for (const Case& c : cases) {
    std::string out;
    codec::tcf::DecodeToJson(c.input, &out);
    nlohmann::json got = nlohmann::json::parse(out);
    if (c.want_error) {
      EXPECT_TRUE(got.contains("error")) << c.name << ": " << out;
      continue;
    }
    EXPECT_EQ(got, c.expect) << c.name;
    Result<std::string> encoded = codec::tcf::EncodeFromJsonText(out);
    ASSERT_TRUE(encoded.ok()) << c.name << ": " << encoded.error().message();
    std::string again;
    codec::tcf::DecodeToJson(*encoded, &again);
    nlohmann::json want = c.expect;
    want["tcData"]["tcString"] = *encoded;
    EXPECT_EQ(nlohmann::json::parse(again), want) << c.name;
  }
}

TEST(codec_CodecCases, Gpp) {
  std::vector<Case> cases = LoadCases("gpp");
  ASSERT_GE(cases.size(), 25u);
  for (const Case& c : cases) {
    std::string out;
    codec::gpp::DecodeToJson(c.input, &out);
    nlohmann::json got = nlohmann::json::parse(out);
    if (c.want_error) {
      EXPECT_TRUE(got.contains("error")) << c.name << ": " << out;
      continue;
    }
    EXPECT_EQ(got, c.expect) << c.name;
    Result<std::string> encoded = codec::gpp::EncodeFromJsonText(out);
    ASSERT_TRUE(encoded.ok()) << c.name << ": " << encoded.error().message();
    std::string again;
    codec::gpp::DecodeToJson(*encoded, &again);
    EXPECT_EQ(nlohmann::json::parse(again), c.expect) << c.name;
  }
}

}  // namespace
}  // namespace tact
