#include "codec/json_writer.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace tact::codec {
namespace {

// The id map the slow way, for comparison.
std::string ExpectedMap(unsigned max, const std::vector<bool>& set) {
  std::string s = "{";
  for (unsigned id = 1; id <= max; ++id) {
    if (id > 1) s += ',';
    s += "\"" + std::to_string(id) + "\":" + (set[id] ? "true" : "false");
  }
  return s + "}";
}

TEST(codec_JsonWriter, BoolMapKeysCarryAcrossEveryDigitCount) {
  // Up to 65535 (the largest vendor id) crosses 9->10, 99->100, ... 9999->10000.
  for (unsigned max : {0u, 1u, 9u, 10u, 11u, 99u, 100u, 101u, 999u, 1000u, 10009u, 65535u}) {
    std::vector<bool> set(max + 1);
    for (unsigned id = 1; id <= max; ++id) set[id] = (id * 7919u) % 3 == 0 || id == max;
    std::string out;
    {
      JsonWriter w(&out);
      w.BoolMap(max, [&](unsigned id) { return static_cast<bool>(set[id]); });
    }
    EXPECT_EQ(out, ExpectedMap(max, set)) << "max " << max;
  }
}

TEST(codec_JsonWriter, MembersArraysAndCommas) {
  std::string out = "prefix ";
  {
    JsonWriter w(&out);
    w.BeginObject();
    w.Key("a");
    w.Int(-9223372036854775807LL - 1);
    w.Key("b");
    w.IntArray(std::span<const int64_t>(std::vector<int64_t>{0, 7, -3, 1234567890123}));
    w.Key("c");
    w.BoolArray(std::vector<bool>{true, false});
    w.Key("d");
    w.IntArray(std::span<const int64_t>());
    w.Key("e");
    w.BoolArray(std::vector<bool>{});
    w.Key("f");
    w.BeginArray();
    w.Bool(false);
    w.String("x");
    w.EndArray();
    w.KeyInt(42);
    w.BoolMap(0, [](unsigned) { return false; });
    w.EndObject();
    // Complete as soon as the top-level value is, without waiting for ~JsonWriter.
    EXPECT_EQ(out,
              "prefix {\"a\":-9223372036854775808,\"b\":[0,7,-3,1234567890123],\"c\":[true,false],"
              "\"d\":[],\"e\":[],\"f\":[false,\"x\"],\"42\":{}}");
  }
}

TEST(codec_JsonWriter, StringsAreEscapedAndValidUtf8) {
  std::string out;
  {
    JsonWriter w(&out);
    w.BeginArray();
    w.String("plain text that is longer than eight bytes");
    w.String("q\"b\\n\n\r\t\x01\x7f");
    w.String("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");  // 2-, 3- and 4-byte UTF-8
    w.String("bad \xc3 \xed\xa0\x80 \xff end");             // truncated, surrogate, invalid
    w.EndArray();
  }
  EXPECT_EQ(
      out,
      "[\"plain text that is longer than eight bytes\",\"q\\\"b\\\\n\\n\\r\\t\\u0001\\u007f\","
      "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\","
      "\"bad \\ufffd \\ufffd\\ufffd\\ufffd \\ufffd end\"]");
  EXPECT_FALSE(nlohmann::json::parse(out, nullptr, false).is_discarded());
}

TEST(codec_JsonWriter, KeysNeedingEscapesAreEscaped) {
  std::string out;
  {
    JsonWriter w(&out);
    w.BeginObject();
    w.Key("a \"quoted\" key, longer than eight");
    w.Int(1);
    w.EndObject();
  }
  EXPECT_EQ(out, "{\"a \\\"quoted\\\" key, longer than eight\":1}");
}

TEST(codec_JsonWriter, ReusedStringGrowsAndShrinksToTheText) {
  std::string out;
  for (int round = 0; round < 3; ++round) {
    size_t before = out.size();
    {
      JsonWriter w(&out);
      w.BoolMap(3000, [](unsigned id) { return id % 2 == 0; });
    }
    ASSERT_EQ(out.back(), '}');
    EXPECT_EQ(out.find('\0'), std::string::npos);  // no scratch bytes left behind
    EXPECT_GT(out.size(), before);
  }
}

}  // namespace
}  // namespace tact::codec
