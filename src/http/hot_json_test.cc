#include "http/hot_json.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace tact::http {
namespace {

TEST(HotJsonTest, ParsesInPlaceAndLeavesTheBodyAsItWas) {
  std::string body = R"({"subject":"s_1","purpose":"marketing"})";
  body.shrink_to_fit();
  const std::string before = body;
  simdjson::dom::element doc;
  ASSERT_EQ(ParseHotJson(body, doc), simdjson::SUCCESS);
  EXPECT_EQ(body, before);  // same size and bytes
  EXPECT_GE(body.capacity(), body.size() + simdjson::SIMDJSON_PADDING);
  std::string_view subject;
  ASSERT_EQ(doc["subject"].get(subject), simdjson::SUCCESS);
  EXPECT_EQ(subject, "s_1");

  // The next body on the same connection (a reused string) needs no growth.
  const char* data = body.data();
  body = R"({"subject":"s_2"})";
  ASSERT_EQ(ParseHotJson(body, doc), simdjson::SUCCESS);
  EXPECT_EQ(body.data(), data);
  ASSERT_EQ(doc["subject"].get(subject), simdjson::SUCCESS);
  EXPECT_EQ(subject, "s_2");
}

TEST(HotJsonTest, EmptyTruncatedAndMalformedBodiesAreErrors) {
  for (std::string body : {std::string(), std::string("{\"a\":"), std::string("{\"a\" 1}"),
                           std::string("[1,2"), std::string("\"unterminated")}) {
    simdjson::dom::element doc;
    EXPECT_NE(ParseHotJson(body, doc), simdjson::SUCCESS) << body;
  }
  // Bytes past the end (old content in the reused capacity) are not read
  // as part of the document.
  std::string body = R"({"a":1}   , "b":2})";
  body.resize(7);
  simdjson::dom::element doc;
  ASSERT_EQ(ParseHotJson(body, doc), simdjson::SUCCESS);
  int64_t a = 0;
  ASSERT_EQ(doc["a"].get(a), simdjson::SUCCESS);
  EXPECT_EQ(a, 1);
  EXPECT_NE(doc["b"].error(), simdjson::SUCCESS);
}

}  // namespace
}  // namespace tact::http
