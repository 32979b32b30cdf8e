// The audit log over HTTP: every access to a person's data is recorded with
// the key id (never the secret), route, subject and status; GET /v1/audit
// shows a tenant its own rows only; and the per-key rate limit.
#include <gtest/gtest.h>

#include "http/test_server.h"

namespace tact::http {
namespace {

class AuditApiTest : public TestServerFixture {
 protected:
  void SetUp() override {
    StartServer();
    NewTenant("acme", "Acme");
    NewTenant("bravo", "Bravo");
    SeedPurpose("acme");
    json k =
        NewKeyJson("acme", {{"name", "backend"}, {"scopes", {"consent:write", "consent:read"}}});
    writer_ = k["key"];
    writer_id_ = k["id"];
    auditor_ = NewKey("acme", {"audit:read"});
    bravo_auditor_ = NewKey("bravo", {"audit:read", "consent:read"});
  }
  json Audit(const std::string& query, const std::string& key) {
    auto r = Call("GET", "/v1/audit" + query, nullptr, key);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? json::parse(r.body) : json::object();
  }

  std::string writer_, writer_id_, auditor_, bravo_auditor_;
};

TEST_F(AuditApiTest, RecordsWhoReadWhichSubjectThroughWhichRoute) {
  auto r = Call(
      "POST", "/v1/consents",
      {{"subject", "sub_1"}, {"choices", {{{"purpose", "marketing.email"}, {"state", "granted"}}}}},
      writer_);
  ASSERT_EQ(r.status, 201) << r.body;
  std::string receipt = json::parse(r.body)["receipt_id"];
  EXPECT_EQ(Call("GET", "/v1/subjects/sub_1/consents", nullptr, writer_).status, 200);
  EXPECT_EQ(Call("GET", "/v1/subjects/sub_2/consents/history", nullptr, writer_).status, 200);
  EXPECT_EQ(Call("GET", "/v1/receipts/" + receipt, nullptr, writer_).status, 200);
  // An authenticated key without the scope is refused, and that is recorded too.
  EXPECT_EQ(Call("GET", "/v1/subjects/sub_1/consents", nullptr, auditor_).status, 403);
  // Without a valid key nothing names a tenant: nothing is recorded.
  EXPECT_EQ(Call("GET", "/v1/subjects/sub_1/consents", nullptr, "sk_nope_nope").status, 401);

  json log = Audit("", auditor_);
  const json& rows = log["entries"];
  ASSERT_EQ(rows.size(), 5u) << log.dump();
  EXPECT_EQ(rows[0]["route"], "POST /v1/consents");
  EXPECT_EQ(rows[0]["subject"], "sub_1");
  EXPECT_EQ(rows[0]["status"], 201);
  EXPECT_EQ(rows[0]["key_id"], writer_id_);
  EXPECT_EQ(rows[0]["time"], "2026-03-02T10:15:00Z");
  EXPECT_EQ(rows[1]["route"], "GET /v1/subjects/{id}/consents");
  EXPECT_EQ(rows[2]["route"], "GET /v1/subjects/{id}/consents/history");
  EXPECT_EQ(rows[2]["subject"], "sub_2");
  EXPECT_EQ(rows[3]["route"], "GET /v1/receipts/{id}");
  EXPECT_EQ(rows[3]["subject"], "sub_1");
  EXPECT_EQ(rows[4]["status"], 403);
  EXPECT_NE(rows[4]["key_id"], writer_id_);
  EXPECT_EQ(log["next_after"], rows[4]["seq"]);
  // The secret is never in the log, only the key id.
  EXPECT_EQ(log.dump().find(writer_), std::string::npos);
}

TEST_F(AuditApiTest, ARepeatedSubjectFieldIsAuditedAsTheSubjectRecorded) {
  // JSON lets a name repeat; the consent goes to the last "subject", and so
  // must the audit row.
  auto r = client_->Send("POST", "/v1/consents",
                         R"({"subject":"sub_first","subject":"sub_last",)"
                         R"("choices":[{"purpose":"marketing.email","state":"granted"}]})",
                         {{"Authorization", "Bearer " + writer_}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(json::parse(r.body)["subject"], "sub_last");
  json log = Audit("", auditor_);
  ASSERT_EQ(log["entries"].size(), 1u) << log.dump();
  EXPECT_EQ(log["entries"][0]["subject"], "sub_last");
}

TEST_F(AuditApiTest, FiltersBySubjectAndPages) {
  for (const char* s : {"sub_1", "sub_2", "sub_1", "sub_3", "sub_1"}) {
    EXPECT_EQ(Call("GET", std::string("/v1/subjects/") + s + "/consents", nullptr, writer_).status,
              200);
  }
  json one = Audit("?subject=sub_1", auditor_);
  ASSERT_EQ(one["entries"].size(), 3u);
  for (const auto& row : one["entries"]) EXPECT_EQ(row["subject"], "sub_1");

  json page = Audit("?limit=2", auditor_);
  ASSERT_EQ(page["entries"].size(), 2u);
  uint64_t after = page["next_after"];
  json next = Audit("?limit=2&after=" + std::to_string(after), auditor_);
  ASSERT_EQ(next["entries"].size(), 2u);
  EXPECT_GT(next["entries"][0]["seq"].get<uint64_t>(), after);
  EXPECT_EQ(next["entries"][0]["subject"], "sub_1");

  EXPECT_EQ(Call("GET", "/v1/audit?limit=0", nullptr, auditor_).status, 400);
  EXPECT_EQ(Call("GET", "/v1/audit?after=x", nullptr, auditor_).status, 400);
  EXPECT_EQ(Call("GET", "/v1/audit?subject=%20bad", nullptr, auditor_).status, 400);
}

TEST_F(AuditApiTest, ATenantSeesOnlyItsOwnRows) {
  EXPECT_EQ(Call("GET", "/v1/subjects/sub_secret_acme/consents", nullptr, writer_).status, 200);
  EXPECT_EQ(Call("GET", "/v1/subjects/sub_b/consents", nullptr, bravo_auditor_).status, 200);
  json bravo = Audit("", bravo_auditor_);
  EXPECT_EQ(bravo.dump().find("sub_secret_acme"), std::string::npos) << bravo.dump();
  EXPECT_EQ(bravo.dump().find(writer_id_), std::string::npos);
  ASSERT_FALSE(bravo["entries"].empty());
  EXPECT_EQ(bravo["entries"][0]["subject"], "sub_b");
  // Even by name.
  json by_name = Audit("?subject=sub_secret_acme", bravo_auditor_);
  EXPECT_TRUE(by_name["entries"].empty()) << by_name.dump();
  // And a key without audit:read reads nothing.
  EXPECT_EQ(Call("GET", "/v1/audit", nullptr, writer_).status, 403);
  EXPECT_EQ(Call("GET", "/v1/audit").status, 401);
}

TEST_F(AuditApiTest, ReadingTheLogIsRecorded) {
  Audit("?subject=sub_9", auditor_);
  json log = Audit("", auditor_);
  ASSERT_EQ(log["entries"].size(), 1u);
  EXPECT_EQ(log["entries"][0]["route"], "GET /v1/audit");
  EXPECT_EQ(log["entries"][0]["subject"], "sub_9");
}

TEST_F(AuditApiTest, ThePersonsOwnVisitsThroughAPortalLinkAreRecorded) {
  std::string manager = NewKey("acme", {"rights:manage"});
  auto link = Call("POST", "/v1/subjects/sub_7/portal-links", nullptr, manager);
  ASSERT_EQ(link.status, 201) << link.body;
  std::string path = json::parse(link.body)["path"];
  EXPECT_EQ(Call("GET", path).status, 200);
  std::string token = json::parse(link.body)["token"];
  std::string query = path.substr(path.find("token="));
  EXPECT_EQ(Call("GET", "/me/export?" + query).status, 200);
  EXPECT_EQ(Call("GET", "/me/export?token=forged").status, 401);  // no tenant: not recorded

  json log = Audit("?subject=sub_7", auditor_);
  const json& rows = log["entries"];
  ASSERT_EQ(rows.size(), 3u) << log.dump();
  EXPECT_EQ(rows[0]["route"], "POST /v1/subjects/{id}/portal-links");
  EXPECT_EQ(rows[0]["status"], 201);
  EXPECT_EQ(rows[1]["route"], "GET /me/");
  EXPECT_EQ(rows[1]["key_id"], "portal");
  EXPECT_EQ(rows[2]["route"], "GET /me/export");
  EXPECT_EQ(rows[2]["key_id"], "portal");
  EXPECT_EQ(log.dump().find(token), std::string::npos);  // the token is a credential: never logged
}

TEST_F(AuditApiTest, ThePersonsDownloadListsTheReadsJustMade) {
  std::string manager = NewKey("acme", {"rights:manage"});
  std::string reader = NewKey("acme", {"consent:read"});
  auto link = Call("POST", "/v1/subjects/sub_8/portal-links", nullptr, manager);
  ASSERT_EQ(link.status, 201) << link.body;
  std::string path = json::parse(link.body)["path"];
  ASSERT_EQ(Call("GET", "/v1/subjects/sub_8/consents", nullptr, reader).status, 200);
  // At once: the audit log batches its rows, and the download must not miss
  // the reads made just before it.
  auto download = Call("GET", "/me/export?" + path.substr(path.find("token=")));
  ASSERT_EQ(download.status, 200) << download.body;
  json record = json::parse(download.body);
  ASSERT_EQ(record["records"].size(), 1u) << record.dump();
  std::vector<std::string> routes;
  for (const json& row : record["records"][0]["access_log"]) routes.push_back(row["route"]);
  EXPECT_EQ(routes, (std::vector<std::string>{"POST /v1/subjects/{id}/portal-links",
                                              "GET /v1/subjects/{id}/consents"}));
}

class KeyRateLimitTest : public TestServerFixture {
 protected:
  void SetUp() override {
    key_rate_ = RateLimitOptions{3, 0.001, 1000};  // 3 requests, then ~1 per 1000 s
    StartServer();
    NewTenant("acme", "Acme");
    SeedPurpose("acme");
  }
};

TEST_F(KeyRateLimitTest, EachKeyHasItsOwnBucketAnd429CarriesRetryAfter) {
  std::string a = NewKey("acme", {"consent:read", "decide"});
  std::string b = NewKey("acme", {"consent:read"});
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(Call("GET", "/v1/subjects/sub_1/consents", nullptr, a).status, 200) << i;
  }
  auto refused = Call("GET", "/v1/subjects/sub_1/consents", nullptr, a);
  EXPECT_EQ(refused.status, 429) << refused.body;
  ASSERT_TRUE(refused.headers.count("Retry-After"));
  EXPECT_GE(std::stoi(refused.headers["Retry-After"]), 1);
  EXPECT_NE(refused.body.find("resource_exhausted"), std::string::npos);
  // Another key of the same tenant is not affected.
  EXPECT_EQ(Call("GET", "/v1/subjects/sub_1/consents", nullptr, b).status, 200);
  // The decide hot path is exempt unless configured.
  EXPECT_EQ(
      Call("POST", "/v1/decide", {{"subject", "sub_1"}, {"purpose", "marketing.email"}}, a).status,
      200);
  // Unknown keys are refused before any bucket is made.
  EXPECT_EQ(Call("GET", "/v1/subjects/sub_1/consents", nullptr, "sk_x_y").status, 401);
}

class KeyRateLimitDecideTest : public KeyRateLimitTest {
 protected:
  void SetUp() override {
    key_rate_decide_ = true;
    KeyRateLimitTest::SetUp();
  }
};

TEST_F(KeyRateLimitDecideTest, DecideIsLimitedWhenConfigured) {
  std::string a = NewKey("acme", {"decide"});
  int ok = 0, limited = 0;
  for (int i = 0; i < 5; ++i) {
    int status =
        Call("POST", "/v1/decide", {{"subject", "sub_1"}, {"purpose", "marketing.email"}}, a)
            .status;
    ok += status == 200;
    limited += status == 429;
  }
  EXPECT_EQ(ok, 3);
  EXPECT_EQ(limited, 2);
}

}  // namespace
}  // namespace tact::http
