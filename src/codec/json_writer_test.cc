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

// Writes IdMap(max) of `set` (set[id] for ids 0..max) through a bitmap
// whose bits past max are all set (IdMap must ignore them, and bit 0).
std::string WriteIdMap(unsigned max, const std::vector<bool>& set) {
  std::vector<uint64_t> words(max / 64 + 1, ~uint64_t{0});
  for (unsigned id = 0; id <= max; ++id) {
    if (!set[id]) words[id / 64] &= ~(uint64_t{1} << (id % 64));
  }
  std::string out;
  {
    JsonWriter w(&out);
    w.IdMap(words.data(), max);
  }
  return out;
}

TEST(codec_JsonWriter, IdMapKeysAcrossEveryDigitCount) {
  // Up to 65535 (the largest vendor id) crosses 9->10, 99->100, ... 9999->10000.
  for (unsigned max : {0u, 1u, 9u, 10u, 11u, 99u, 100u, 101u, 999u, 1000u, 10009u, 65535u}) {
    std::vector<bool> set(max + 1);
    for (unsigned id = 1; id <= max; ++id) set[id] = (id * 7919u) % 3 == 0 || id == max;
    set[0] = true;
    EXPECT_EQ(WriteIdMap(max, set), ExpectedMap(max, set)) << "max " << max;
  }
}

TEST(codec_JsonWriter, IdMapRunsOfEveryLengthAcrossWords) {
  // Runs of true and false of every length 1..200 (so within a word, up to a
  // word boundary, across one and across several words), all-false and
  // all-true maps, and max at and around word boundaries.
  uint32_t state = 12345;
  auto next = [&state] {
    state = state * 1103515245u + 12345u;
    return state >> 16;
  };
  for (unsigned max : {1u, 2u, 62u, 63u, 64u, 65u, 127u, 128u, 129u, 300u, 1500u, 4097u}) {
    for (int pattern = 0; pattern < 6; ++pattern) {
      std::vector<bool> set(max + 1);
      bool value = pattern % 2 == 1;
      unsigned id = 1;
      while (id <= max) {
        unsigned run = pattern < 2 ? max : pattern < 4 ? 1 + next() % 200 : 1 + next() % 3;
        for (unsigned k = 0; k < run && id <= max; ++k) set[id++] = value;
        value = !value;
      }
      EXPECT_EQ(WriteIdMap(max, set), ExpectedMap(max, set))
          << "max " << max << " pattern " << pattern;
    }
  }
}

TEST(codec_JsonWriter, IdMapAfterOtherMembers) {
  std::string out;
  {
    JsonWriter w(&out);
    w.BeginObject();
    w.Key("a");
    uint64_t word = 0b1010;
    w.IdMap(&word, 3);
    w.Key("b");
    w.IdMap(&word, 0);
    w.EndObject();
  }
  EXPECT_EQ(out, R"({"a":{"1":true,"2":false,"3":true},"b":{}})");
}

TEST(codec_JsonWriter, IntegersOfEveryDigitCount) {
  // Every value below 200,000 (the digit-pair paths end at 100,000), powers
  // of ten and their neighbours to 2^63, and negatives.
  std::vector<int64_t> values;
  for (int64_t v = 0; v < 200000; ++v) values.push_back(v);
  for (int64_t p = 10;; p *= 10) {
    for (int64_t v : {p - 1, p, p + 1}) values.push_back(v);
    if (p == 1000000000000000000) break;  // 10^19 would overflow int64
  }
  values.push_back(INT64_MAX);
  values.push_back(INT64_MIN);
  values.push_back(-1);
  values.push_back(-65535);
  std::string expected = "[";
  for (int64_t v : values) expected += (expected.size() > 1 ? "," : "") + std::to_string(v);
  expected += "]";
  std::string out;
  {
    JsonWriter w(&out);
    w.IntArray(std::span<const int64_t>(values));
  }
  EXPECT_EQ(out, expected);
  std::string one_by_one;
  {
    JsonWriter w(&one_by_one);
    w.BeginArray();
    for (int64_t v : values) w.Int(v);
    w.EndArray();
  }
  EXPECT_EQ(one_by_one, expected);
}

TEST(codec_JsonWriter, RawKeysAndStringsAreCopiedAsTheyAre) {
  std::string out;
  {
    JsonWriter w(&out);
    w.BeginObject();
    w.KeyRaw("a");
    w.StringRaw("CPx.Y-_");
    w.KeyRaw("PublisherCustomLegitimateInterests");
    w.StringRaw("");
    w.EndObject();
  }
  EXPECT_EQ(out, R"({"a":"CPx.Y-_","PublisherCustomLegitimateInterests":""})");
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
    const uint64_t none = 0;
    w.IdMap(&none, 0);
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
      std::vector<uint64_t> even(3000 / 64 + 1, 0x5555555555555555ull);
      w.IdMap(even.data(), 3000);
    }
    ASSERT_EQ(out.back(), '}');
    EXPECT_EQ(out.find('\0'), std::string::npos);  // no scratch bytes left behind
    EXPECT_GT(out.size(), before);
  }
}

}  // namespace
}  // namespace tact::codec
