// ParseConsentRequest reads the body with simdjson in place. Until session 6
// it built an nlohmann document; that version is kept here as the oracle:
// for every body, both accept the same request or refuse it with the same
// message (the messages of malformed JSON, which name no byte now, and the
// choice of which unknown name is reported first excepted).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>

#include "core/json_fields.h"
#include "http/api.h"
#include "http/json_io.h"
#include "tact/ids.h"

namespace tact::http {
namespace {

using nlohmann::json;

Status OracleChoice(const json& j, RequestedChoice& out) {
  TACT_RETURN_IF_ERROR(tact::json::RequireObject(j, "each choice"));
  TACT_RETURN_IF_ERROR(tact::json::RejectUnknownFields(
      j, {"purpose", "channel", "vendor", "party", "state", "explicit"}));
  Choice& c = out.choice;
  TACT_RETURN_IF_ERROR(tact::json::GetString(j, "purpose", c.purpose, 128));
  if (!IsValidPurposeKey(c.purpose))
    return Status::InvalidArgument("a choice's 'purpose' is not a purpose key");
  std::string s;
  TACT_RETURN_IF_ERROR(tact::json::GetOptString(j, "channel", s, 16));
  if (!s.empty()) {
    auto ch = ParseChannel(s);
    if (!ch)
      return Status::InvalidArgument(
          "a choice's 'channel' must be email, sms, push, phone, post, in_app or web");
    c.channel = *ch;
  }
  TACT_RETURN_IF_ERROR(tact::json::GetOptString(j, "vendor", c.vendor, 64));
  s.clear();
  TACT_RETURN_IF_ERROR(tact::json::GetOptString(j, "party", s, 16));
  if (!s.empty()) {
    auto p = ParseParty(s);
    if (!p) return Status::InvalidArgument("a choice's 'party' must be first, second or third");
    c.party = *p;
  }
  s.clear();
  TACT_RETURN_IF_ERROR(tact::json::GetString(j, "state", s, 16));
  auto state = ParseConsentState(s);
  if (!state || (*state != ConsentState::kGranted && *state != ConsentState::kDenied &&
                 *state != ConsentState::kWithdrawn)) {
    return Status::InvalidArgument("a choice's 'state' must be granted, denied or withdrawn");
  }
  c.state = *state;
  TACT_RETURN_IF_ERROR(tact::json::GetOptBool(j, "explicit", out.explicit_choice));
  return Status::Ok();
}

Result<ConsentRequest> Oracle(const Request& req, const std::string& tenant) {
  auto body = ParseBody(req.body);
  if (!body.ok()) return body.status();
  const json& j = *body;
  TACT_RETURN_IF_ERROR(tact::json::RequireObject(j, "the body"));
  TACT_RETURN_IF_ERROR(tact::json::RejectUnknownFields(
      j, {"subject", "property", "notice_version", "source", "gpc", "choices"}));
  ConsentRequest r;
  r.tenant = tenant;
  TACT_RETURN_IF_ERROR(tact::json::GetString(j, "subject", r.subject, 128));
  TACT_RETURN_IF_ERROR(tact::json::GetOptString(j, "property", r.property, 64));
  int64_t version = 0;
  TACT_RETURN_IF_ERROR(tact::json::GetOptInt(j, "notice_version", 0, 65535, version));
  r.notice_version = static_cast<int>(version);
  std::string source = "api";
  TACT_RETURN_IF_ERROR(tact::json::GetOptString(j, "source", source, 16));
  auto src = ParseSource(source);
  if (!src || *src == Source::kSystem || *src == Source::kPortal) {
    return Status::InvalidArgument("field 'source' must be api, banner or import");
  }
  r.source = *src;
  TACT_RETURN_IF_ERROR(tact::json::GetOptBool(j, "gpc", r.gpc));
  if (req.Header("sec-gpc") == "1") r.gpc = true;
  auto choices = j.find("choices");
  if (choices == j.end() || !choices->is_array()) {
    return Status::InvalidArgument("field 'choices' must be an array of choices");
  }
  if (choices->size() > 500)
    return Status::InvalidArgument("field 'choices' holds more than 500 choices");
  for (const json& c : *choices) {
    RequestedChoice rc;
    TACT_RETURN_IF_ERROR(OracleChoice(c, rc));
    r.choices.push_back(std::move(rc));
  }
  return r;
}

bool StartsWith(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

// Returns "" when both agree, else what differs.
std::string Compare(const std::string& body, bool gpc_header) {
  Request req;
  req.body = body;
  if (gpc_header) req.headers.Add("Sec-GPC", "1");
  auto want = Oracle(req, "acme");
  auto got = ParseConsentRequest(req, "acme");
  if (req.body != body) return "the body was changed";
  if (want.ok() != got.ok()) {
    return std::string("oracle ") + (want.ok() ? "accepts" : "refuses: " + want.error().message()) +
           ", parser " + (got.ok() ? "accepts" : "refuses: " + got.error().message());
  }
  if (!want.ok()) {
    const std::string& w = want.error().message();
    const std::string& g = got.error().message();
    if (got.error().code() != StatusCode::kInvalidArgument) return "not InvalidArgument: " + g;
    if (StartsWith(w, "malformed JSON") || StartsWith(w, "the JSON body nests")) return "";
    if (StartsWith(w, "unknown field") && StartsWith(g, "unknown field")) return "";
    return w == g ? "" : "oracle: " + w + " / parser: " + g;
  }
  const ConsentRequest& a = *want;
  const ConsentRequest& b = *got;
  if (a.tenant != b.tenant || a.subject != b.subject || a.property != b.property ||
      a.notice_version != b.notice_version || a.source != b.source || a.gpc != b.gpc ||
      a.choices.size() != b.choices.size()) {
    return "requests differ";
  }
  for (size_t i = 0; i < a.choices.size(); ++i) {
    if (!(a.choices[i].choice == b.choices[i].choice) ||
        a.choices[i].explicit_choice != b.choices[i].explicit_choice) {
      return "choice " + std::to_string(i) + " differs";
    }
  }
  return "";
}

TEST(ConsentRequest, TheseBodiesParseAsTheDocumentParserDid) {
  const char* bodies[] = {
      R"({"subject":"sub_1","choices":[{"purpose":"marketing","state":"granted"}]})",
      R"({"subject":"sub_1","property":"web","notice_version":3,"source":"banner","gpc":true,)"
      R"("choices":[{"purpose":"ads.personal","state":"denied","channel":"email","vendor":"v1",)"
      R"("party":"third","explicit":true},{"purpose":"a","state":"withdrawn"}]})",
      R"({"subject":"sub_first","subject":"sub_last","choices":[{"purpose":"m","state":"granted"}]})",
      R"({"subject":"sub_1","choices":[{"purpose":"m","state":"granted","state":"denied"}]})",
      R"({"subject":"sub_1","choices":[{"purpose":"m","state":"granted"}],"choices":[]})",
      R"({"subject":"sub_1","choices":[]})",
      R"({"subject":null,"choices":[]})",
      R"({"choices":[]})",
      R"({"subject":5,"choices":[]})",
      R"({"subject":"sub_1","choices":null})",
      R"({"subject":"sub_1","choices":{}})",
      R"({"subject":"sub_1"})",
      R"({"subject":"sub_1","choices":[5]})",
      R"({"subject":"sub_1","choices":[{}]})",
      R"({"subject":"sub_1","choices":[{"purpose":"m"}]})",
      R"({"subject":"sub_1","choices":[{"purpose":"m","state":"expired"}]})",
      R"({"subject":"sub_1","choices":[{"purpose":"M!","state":"granted"}]})",
      R"({"subject":"sub_1","choices":[{"purpose":"m","state":"granted","channel":"fax"}]})",
      R"({"subject":"sub_1","choices":[{"purpose":"m","state":"granted","channel":null,"vendor":null}]})",
      R"({"subject":"sub_1","choices":[{"purpose":"m","state":"granted","party":"fourth"}]})",
      R"({"subject":"sub_1","choices":[{"purpose":"m","state":"granted","explicit":1}]})",
      R"({"subject":"sub_1","choices":[{"purpose":"m","state":"granted","extra":1}]})",
      R"({"subject":"sub_1","notice_version":1.0,"choices":[]})",
      R"({"subject":"sub_1","notice_version":-1,"choices":[]})",
      R"({"subject":"sub_1","notice_version":65536,"choices":[]})",
      R"({"subject":"sub_1","notice_version":18446744073709551615,"choices":[]})",
      R"({"subject":"sub_1","notice_version":9223372036854775808,"choices":[]})",
      R"({"subject":"sub_1","notice_version":"3","choices":[]})",
      R"({"subject":"sub_1","notice_version":null,"source":null,"gpc":null,"choices":[]})",
      R"({"subject":"sub_1","source":"system","choices":[]})",
      R"({"subject":"sub_1","source":"portal","choices":[]})",
      R"({"subject":"sub_1","source":"import","choices":[]})",
      R"({"subject":"sub_1","gpc":"yes","choices":[]})",
      R"({"subject":"sub_1","zzz":1,"aaa":2,"choices":[]})",
      R"([])",
      R"("text")",
      R"(null)",
      "",
      "{",
      R"({"subject":"sub_\u00e9","choices":[]})",
      "{\"subject\":\"sub_\xff\",\"choices\":[]}",
      R"({"subject":"sub_1","choices":[{"purpose":"m","state":"granted"}]} x)",
      R"({"subject":"sub_1","choices":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]})",
  };
  for (const char* body : bodies) {
    EXPECT_EQ(Compare(body, false), "") << body;
    EXPECT_EQ(Compare(body, true), "") << body;
  }
  std::string long_subject = R"({"subject":")" + std::string(129, 'a') + R"(","choices":[]})";
  EXPECT_EQ(Compare(long_subject, false), "");
  std::string many = R"({"subject":"s","choices":[)";
  for (int i = 0; i < 501; ++i)
    many += std::string(i ? "," : "") + R"({"purpose":"m","state":"granted"})";
  EXPECT_EQ(Compare(many + "]}", false), "");
}

// Random bodies made of the fields' names and of values of every type, with
// names repeated and choices of every shape.
TEST(ConsentRequest, RandomBodiesParseAsTheDocumentParserDid) {
  std::mt19937 rng(20261204);
  auto pick = [&](std::initializer_list<const char*> xs) {
    return std::string(xs.begin()[rng() % xs.size()]);
  };
  auto value = [&]() {
    return pick({"null",       "true",
                 "false",      "0",
                 "7",          "-3",
                 "65535",      "1e3",
                 "2.5",        "\"\"",
                 "\"sub_a\"",  "\"granted\"",
                 "\"denied\"", "\"withdrawn\"",
                 "\"email\"",  "\"third\"",
                 "\"banner\"", "\"marketing.newsletter\"",
                 "\"web\"",    "[]",
                 "{}",         "[1]",
                 "{\"a\":1}"});
  };
  auto choice = [&]() {
    std::string s = "{";
    int n = static_cast<int>(rng() % 7);
    for (int i = 0; i < n; ++i) {
      if (i) s += ",";
      s += "\"" +
           pick({"purpose", "state", "channel", "vendor", "party", "explicit", "purpose", "state",
                 "x"}) +
           "\":";
      std::string v = value();
      if (rng() % 2)
        v = pick({"\"marketing\"", "\"granted\"", "\"denied\"", "\"sms\"", "\"first\"", "true"});
      s += v;
    }
    return s + "}";
  };
  int accepted = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string body = "{";
    int n = static_cast<int>(rng() % 8);
    for (int i = 0; i < n; ++i) {
      if (i) body += ",";
      std::string name = pick({"subject", "property", "notice_version", "source", "gpc", "choices",
                               "choices", "subject", "other"});
      body += "\"" + name + "\":";
      if (name == "choices" && rng() % 4) {
        body += "[";
        int k = static_cast<int>(rng() % 4);
        for (int c = 0; c < k; ++c) body += (c ? "," : "") + (rng() % 6 ? choice() : value());
        body += "]";
      } else if (name == "subject" && rng() % 3) {
        body += "\"sub_" + std::to_string(rng() % 100) + "\"";
      } else {
        body += value();
      }
    }
    body += "}";
    bool gpc = rng() % 5 == 0;
    std::string diff = Compare(body, gpc);
    ASSERT_EQ(diff, "") << body;
    Request req;
    req.body = body;
    if (ParseConsentRequest(req, "acme").ok()) ++accepted;
  }
  EXPECT_GT(accepted, 100);  // the generator reaches the accepting paths too
}

}  // namespace
}  // namespace tact::http
