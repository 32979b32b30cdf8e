// End-to-end tests of the HTTP API: a real server on a loopback port over an
// in-memory store, driven by a real HTTP client.
#include "http/api.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "http/api_server.h"
#include "http/test_client.h"
#include "storage/memory/memory_store.h"

namespace tact::http {
namespace {

using nlohmann::json;

constexpr char kAdminKey[] = "ak_test_admin_key_0123456789";

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto app = App::OpenWithStore(std::make_unique<MemoryStore>(), &clock_);
    ASSERT_TRUE(app.ok()) << app.error().ToString();
    app_ = std::move(*app);
    ServerOptions options;
    options.port = 0;
    options.threads = 2;
    server_ = std::make_unique<ApiServer>(app_.get(), kAdminKey, options);
    ASSERT_TRUE(server_->Start().ok());
    thread_ = std::thread([this] { server_->Run(); });
    client_ = std::make_unique<TestClient>(server_->port());
    secret_ = SetUpTenant("acme");
  }
  void TearDown() override {
    server_->Stop();
    thread_.join();
  }

  TestResponse Call(const std::string& method, const std::string& target,
                    const json& body = nullptr, const std::string& key = "",
                    std::map<std::string, std::string> headers = {}) {
    if (!key.empty()) headers["Authorization"] = "Bearer " + key;
    return client_->Send(method, target, body.is_null() ? "" : body.dump(), headers);
  }
  TestResponse Admin(const std::string& method, const std::string& target, const json& body) {
    return Call(method, target, body, kAdminKey);
  }
  std::string NewKey(const std::string& tenant, const std::vector<std::string>& scopes) {
    auto r = Admin("POST", "/v1/tenants/" + tenant + "/keys", {{"name", "k"}, {"scopes", scopes}});
    EXPECT_EQ(r.status, 201) << r.body;
    return json::parse(r.body)["key"];
  }
  // A tenant with a property, purposes and a notice; returns an all-scope key.
  std::string SetUpTenant(const std::string& tenant) {
    EXPECT_EQ(Admin("POST", "/v1/tenants", {{"id", tenant}, {"name", tenant}}).status, 201);
    std::string key =
        NewKey(tenant, {"config:write", "consent:write", "consent:read", "decide", "events:read"});
    EXPECT_EQ(
        Call("PUT", "/v1/properties/shop",
             {{"name", "Shop"}, {"origins", {"https://shop.example"}}, {"languages", {"en", "fr"}}},
             key)
            .status,
        200);
    for (const char* p : {"marketing.email", "marketing.sms", "analytics"}) {
      auto r = Call("PUT", std::string("/v1/purposes/") + p,
                    {{"title", {{"en", p}}},
                     {"benefit", {{"en", "you get something"}}},
                     {"legal_basis", "consent"}},
                    key);
      EXPECT_EQ(r.status, 200) << r.body;
    }
    EXPECT_EQ(Call("PUT", "/v1/purposes/ads.sale",
                   {{"title", {{"en", "Ads"}}},
                    {"legal_basis", "consent"},
                    {"party", "third"},
                    {"sale_or_sharing", true}},
                   key)
                  .status,
              200);
    EXPECT_EQ(
        Call("PUT", "/v1/purposes/orders", {{"title", "Orders"}, {"legal_basis", "contract"}}, key)
            .status,
        200);
    auto n = Call("POST", "/v1/notices",
                  {{"property", "shop"},
                   {"purposes", {"marketing.email", "marketing.sms", "analytics", "ads.sale"}}},
                  key);
    EXPECT_EQ(n.status, 201) << n.body;
    return key;
  }
  json Decide(const json& body, const std::string& key) {
    auto r = Call("POST", "/v1/decide", body, key);
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body);
  }
  uint64_t Head() { return app_->ledger().head().seq; }
  // POST /v1/consents answers with text written without a document: it must be
  // the text of the answer's document, built here, for the subject's last event.
  void ExpectRecordedTextIsTheDocument(const TestResponse& r, const std::string& subject) {
    auto history = app_->History("acme", subject);
    ASSERT_TRUE(history.ok() && !history->empty());
    const ConsentEvent& e = history->back();
    json doc = EventToJson(e);
    doc["receipt"] = app_->SignReceipt(e);
    doc["tc_string"] = nullptr;
    doc["gpp_string"] = nullptr;
    if (!e.property.empty()) {
      auto sig = app_->Signals(e.tenant, e.subject, e.property);
      ASSERT_TRUE(sig.ok());
      if (sig->tc_string) doc["tc_string"] = *sig->tc_string;
      doc["gpp_string"] = sig->gpp_string;
      doc["consent_mode"] = sig->consent_mode;
    }
    EXPECT_EQ(r.body, Dump(doc));
  }

  FakeClock clock_{1'772'446'500'000};  // 2026-03-02T10:15:00Z
  std::unique_ptr<App> app_;
  std::unique_ptr<ApiServer> server_;
  std::thread thread_;
  std::unique_ptr<TestClient> client_;
  std::string secret_;
};

TEST_F(ApiTest, HealthAndReadiness) {
  EXPECT_EQ(Call("GET", "/healthz").status, 200);
  auto r = Call("GET", "/readyz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body)["store"], "memory");
}

TEST_F(ApiTest, TheRecordedAnswerIsItsDocumentsText) {
  const json cases[] = {
      {{"subject", "sub_t1"}, {"choices", {{{"purpose", "marketing"}, {"state", "granted"}}}}},
      {{"subject", "sub_t2"},
       {"property", "shop"},
       {"source", "banner"},
       {"gpc", true},
       {"choices",
        {{{"purpose", "marketing.email"}, {"channel", "email"}, {"state", "granted"}},
         {{"purpose", "ads.sale"}, {"state", "granted"}},
         {{"purpose", "analytics"}, {"party", "third"}, {"state", "denied"}}}}},
      {{"subject", "sub_t3+x@y.z:1"},
       {"notice_version", 1},
       {"property", "shop"},
       {"choices", {{{"purpose", "marketing.sms"}, {"channel", "sms"}, {"state", "withdrawn"}}}}},
  };
  for (const json& body : cases) {
    auto r = Call("POST", "/v1/consents", body, secret_);
    ASSERT_EQ(r.status, 201) << r.body;
    ExpectRecordedTextIsTheDocument(r, body["subject"]);
  }
}

TEST_F(ApiTest, RecordThenDecideThenWithdraw) {
  json d =
      Decide({{"subject", "sub_1"}, {"purpose", "marketing.email"}, {"channel", "email"}}, secret_);
  EXPECT_FALSE(d["allowed"]);
  EXPECT_EQ(d["reasons"][0]["code"], "no_consent");

  auto r = Call("POST", "/v1/consents",
                {{"subject", "sub_1"},
                 {"property", "shop"},
                 {"source", "banner"},
                 {"choices", {{{"purpose", "marketing"}, {"state", "granted"}}}}},
                secret_);
  ASSERT_EQ(r.status, 201) << r.body;
  json rec = json::parse(r.body);
  EXPECT_EQ(rec["seq"], 1);
  EXPECT_EQ(rec["notice_version"], 1);
  EXPECT_EQ(rec["receipt_id"].get<std::string>().rfind("rcpt_", 0), 0u);

  d = Decide({{"subject", "sub_1"}, {"purpose", "marketing.email"}, {"channel", "email"}}, secret_);
  EXPECT_TRUE(d["allowed"]);
  EXPECT_EQ(
      d["reasons"][0]["message"],
      "granted by the person on 2026-03-02 via banner (notice v1) (choice made on 'marketing')");

  clock_.Advance(kMillisPerDay);
  r = Call("POST", "/v1/consents",
           {{"subject", "sub_1"},
            {"choices", {{{"purpose", "marketing.email"}, {"state", "withdrawn"}}}}},
           secret_);
  ASSERT_EQ(r.status, 201) << r.body;
  d = Decide({{"subject", "sub_1"}, {"purpose", "marketing.email"}, {"channel", "email"}}, secret_);
  EXPECT_FALSE(d["allowed"]);
  EXPECT_EQ(d["reasons"][0]["code"], "withdrawn");
  EXPECT_EQ(d["reasons"][0]["message"], "withdrawn by the person on 2026-03-03 via api");
  EXPECT_TRUE(Decide({{"subject", "sub_1"}, {"purpose", "marketing.sms"}}, secret_)["allowed"]);

  auto consents = json::parse(Call("GET", "/v1/subjects/sub_1/consents", nullptr, secret_).body);
  ASSERT_EQ(consents["consents"].size(), 2u);
  auto history =
      json::parse(Call("GET", "/v1/subjects/sub_1/consents/history", nullptr, secret_).body);
  ASSERT_EQ(history["events"].size(), 2u);
  EXPECT_EQ(history["events"][0]["source"], "banner");
  EXPECT_EQ(history["events"][1]["choices"][0]["state"], "withdrawn");
}

TEST_F(ApiTest, GpcHeaderRefusesSaleAndIsRecorded) {
  auto r = Call("POST", "/v1/consents",
                {{"subject", "sub_g"},
                 {"property", "shop"},
                 {"choices",
                  {{{"purpose", "ads.sale"}, {"state", "granted"}},
                   {{"purpose", "analytics"}, {"state", "granted"}}}}},
                secret_, {{"Sec-GPC", "1"}});
  ASSERT_EQ(r.status, 201) << r.body;
  json rec = json::parse(r.body);
  EXPECT_TRUE(rec["gpc"]);
  EXPECT_EQ(rec["choices"][0]["state"], "denied");
  EXPECT_EQ(rec["choices"][0]["rule"], "gpc");
  json d = Decide({{"subject", "sub_g"}, {"purpose", "ads.sale"}}, secret_);
  EXPECT_FALSE(d["allowed"]);
  EXPECT_EQ(d["reasons"][0]["code"], "gpc");
  EXPECT_TRUE(Decide({{"subject", "sub_g"}, {"purpose", "analytics"}}, secret_)["allowed"]);
  // An explicit opt-in afterwards is honoured and labelled.
  r = Call("POST", "/v1/consents",
           {{"subject", "sub_g"},
            {"gpc", true},
            {"choices", {{{"purpose", "ads.sale"}, {"state", "granted"}, {"explicit", true}}}}},
           secret_);
  ASSERT_EQ(r.status, 201);
  EXPECT_EQ(json::parse(r.body)["choices"][0]["rule"], "explicit_after_gpc");
  EXPECT_TRUE(Decide({{"subject", "sub_g"}, {"purpose", "ads.sale"}}, secret_)["allowed"]);
}

TEST_F(ApiTest, BadInputIsRefusedAndChangesNothing) {
  uint64_t head = Head();
  struct Case {
    std::string body;
    int status;
  };
  const Case cases[] = {
      {"", 400},
      {"{", 400},
      {"[]", 400},
      {"null", 400},
      {R"({"subject":"sub_1"})", 400},
      {R"({"subject":"sub_1","choices":[]})", 400},
      {R"({"subject":"sub_1","choices":{}})", 400},
      {R"({"subject":1,"choices":[{"purpose":"analytics","state":"granted"}]})", 400},
      {R"({"subject":"sub 1","choices":[{"purpose":"analytics","state":"granted"}]})", 400},
      {R"({"subject":"sub_1","choices":[{"purpose":"nope","state":"granted"}]})", 400},
      {R"({"subject":"sub_1","choices":[{"purpose":"analytics","state":"maybe"}]})", 400},
      {R"({"subject":"sub_1","choices":[{"purpose":"analytics","state":"expired"}]})", 400},
      {R"({"subject":"sub_1","choices":[{"purpose":"analytics","state":"granted","channel":"fax"}]})",
       400},
      {R"({"subject":"sub_1","choices":[{"purpose":"analytics","state":"granted","vendor":"ghost"}]})",
       400},
      {R"({"subject":"sub_1","choices":[{"purpose":"analytics","state":"granted"}],"extra":1})",
       400},
      {R"({"subject":"sub_1","property":"nope","choices":[{"purpose":"analytics","state":"granted"}]})",
       404},
      {R"({"subject":"sub_1","property":"shop","notice_version":9,"choices":[{"purpose":"analytics","state":"granted"}]})",
       400},
      {R"({"subject":"sub_1","notice_version":-1,"choices":[{"purpose":"analytics","state":"granted"}]})",
       400},
      {R"({"subject":"sub_1","choices":[{"purpose":"analytics","state":"granted"}],"gpc":"yes"})",
       400},
      {std::string(40, '[') + std::string(40, ']'), 400},
      {"{\"subject\":\"\xff\xfe\",\"choices\":[]}", 400},
  };
  for (const Case& c : cases) {
    auto r =
        client_->Send("POST", "/v1/consents", c.body, {{"Authorization", "Bearer " + secret_}});
    EXPECT_EQ(r.status, c.status) << c.body << " -> " << r.body;
    auto err = json::parse(r.body, nullptr, false);
    ASSERT_TRUE(err.is_object()) << r.body;
    EXPECT_TRUE(err["error"]["code"].is_string()) << r.body;
    EXPECT_TRUE(err["error"]["message"].is_string()) << r.body;
  }
  EXPECT_EQ(Head(), head);
  // Oversize body: 413 and the connection closes.
  auto big = client_->Send("POST", "/v1/consents", std::string(2 << 20, 'x'),
                           {{"Authorization", "Bearer " + secret_}});
  EXPECT_EQ(big.status, 413);
  EXPECT_EQ(Head(), head);
}

TEST_F(ApiTest, DecideValidatesInput) {
  EXPECT_EQ(
      Call("POST", "/v1/decide", {{"subject", "s"}, {"purpose", "unknown.thing"}}, secret_).status,
      400);
  EXPECT_EQ(Call("POST", "/v1/decide", {{"subject", "s"}}, secret_).status, 400);
  EXPECT_EQ(Call("POST", "/v1/decide",
                 {{"subject", "s"}, {"purpose", "analytics"}, {"channel", "fax"}}, secret_)
                .status,
            400);
  EXPECT_EQ(Call("POST", "/v1/decide",
                 {{"subject", "s"}, {"purpose", "analytics"}, {"vendor", "ghost"}}, secret_)
                .status,
            400);
  EXPECT_EQ(
      client_->Send("POST", "/v1/decide", "{\"subject\":", {{"Authorization", "Bearer " + secret_}})
          .status,
      400);
  json d = Decide({{"subject", "s"}, {"purpose", "orders"}}, secret_);
  EXPECT_TRUE(d["allowed"]);
  EXPECT_EQ(d["reasons"][0]["code"], "contract");
}

TEST_F(ApiTest, KeysAreScopedAndTenantBound) {
  EXPECT_EQ(Call("POST", "/v1/decide", {{"subject", "s"}, {"purpose", "analytics"}}).status, 401);
  EXPECT_EQ(
      Call("POST", "/v1/decide", {{"subject", "s"}, {"purpose", "analytics"}}, "sk_bogus_bogus")
          .status,
      401);
  std::string read_only = NewKey("acme", {"consent:read"});
  EXPECT_EQ(
      Call("POST", "/v1/decide", {{"subject", "s"}, {"purpose", "analytics"}}, read_only).status,
      403);
  EXPECT_EQ(Call("POST", "/v1/consents", {{"subject", "s"}, {"choices", json::array()}}, read_only)
                .status,
            403);
  EXPECT_EQ(Call("GET", "/v1/subjects/s/consents", nullptr, read_only).status, 200);
  // Admin routes refuse tenant keys; tenant routes refuse the admin key.
  EXPECT_EQ(Call("POST", "/v1/tenants", {{"id", "evil"}}, secret_).status, 401);
  EXPECT_EQ(
      Call("POST", "/v1/decide", {{"subject", "s"}, {"purpose", "analytics"}}, kAdminKey).status,
      401);
  // Unknown scope refused with 400.
  EXPECT_EQ(Admin("POST", "/v1/tenants/acme/keys", {{"scopes", {"decide", "superuser"}}}).status,
            400);

  // Another tenant's key sees nothing of acme.
  ASSERT_EQ(Call("POST", "/v1/consents",
                 {{"subject", "shared_id"},
                  {"choices", {{{"purpose", "analytics"}, {"state", "granted"}}}}},
                 secret_)
                .status,
            201);
  std::string other = SetUpTenant("globex");
  auto consents = json::parse(Call("GET", "/v1/subjects/shared_id/consents", nullptr, other).body);
  EXPECT_TRUE(consents["consents"].empty());
  auto history =
      json::parse(Call("GET", "/v1/subjects/shared_id/consents/history", nullptr, other).body);
  EXPECT_TRUE(history["events"].empty());
  EXPECT_FALSE(Decide({{"subject", "shared_id"}, {"purpose", "analytics"}}, other)["allowed"]);
  auto events = json::parse(Call("GET", "/v1/events?after=0", nullptr, other).body);
  EXPECT_TRUE(events["events"].empty());
  auto mine = json::parse(Call("GET", "/v1/events?after=0", nullptr, secret_).body);
  EXPECT_EQ(mine["events"].size(), 1u);
}

TEST_F(ApiTest, EventsFeedLongPolls) {
  std::thread writer([this] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    TestClient c(server_->port());
    c.Send(
        "POST", "/v1/consents",
        json{{"subject", "late"}, {"choices", {{{"purpose", "analytics"}, {"state", "granted"}}}}}
            .dump(),
        {{"Authorization", "Bearer " + secret_}});
  });
  auto start = std::chrono::steady_clock::now();
  auto r = Call("GET", "/v1/events?after=0&wait=10", nullptr, secret_);
  auto waited = std::chrono::steady_clock::now() - start;
  writer.join();
  ASSERT_EQ(r.status, 200);
  json j = json::parse(r.body);
  ASSERT_EQ(j["events"].size(), 1u);
  EXPECT_EQ(j["events"][0]["subject"], "late");
  EXPECT_EQ(j["next_after"], j["events"][0]["seq"]);
  EXPECT_LT(waited, std::chrono::seconds(9));
  EXPECT_EQ(Call("GET", "/v1/events?after=x", nullptr, secret_).status, 400);
  EXPECT_EQ(Call("GET", "/v1/events?limit=5000", nullptr, secret_).status, 400);
}

TEST_F(ApiTest, RoutingErrors) {
  EXPECT_EQ(Call("GET", "/nope").status, 404);
  auto r = Call("DELETE", "/v1/decide");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.headers["Allow"], "POST");
  EXPECT_EQ(client_->Send("GET", "/v1/subjects/%zz/consents").status, 400);
}

TEST_F(ApiTest, ConfigValidation) {
  EXPECT_EQ(Call("PUT", "/v1/purposes/Bad.Key", {{"title", "x"}}, secret_).status, 400);
  EXPECT_EQ(
      Call("PUT", "/v1/purposes/good", {{"title", "x"}, {"legal_basis", "whim"}}, secret_).status,
      400);
  EXPECT_EQ(Call("PUT", "/v1/purposes/good", json::object(), secret_).status, 400);
  EXPECT_EQ(Call("PUT", "/v1/properties/web", {{"origins", {"shop.example"}}}, secret_).status,
            400);
  EXPECT_EQ(
      Call("POST", "/v1/notices", {{"property", "shop"}, {"purposes", {"ghost"}}}, secret_).status,
      400);
  EXPECT_EQ(
      Call("POST", "/v1/notices", {{"property", "ghost"}, {"purposes", {"analytics"}}}, secret_)
          .status,
      404);
  EXPECT_EQ(Admin("POST", "/v1/tenants", {{"id", "acme"}}).status, 409);
  auto n =
      Call("POST", "/v1/notices", {{"property", "shop"}, {"purposes", {"analytics"}}}, secret_);
  EXPECT_EQ(json::parse(n.body)["version"], 2);
}

TEST_F(ApiTest, SignalsFromConsentState) {
  std::ifstream in(std::string(TACT_SOURCE_DIR) + "/tests/fixtures/gvl-v3-small.json");
  std::stringstream gvl;
  gvl << in.rdbuf();
  EXPECT_EQ(client_
                ->Send("PUT", "/v1/properties/shop/gvl", gvl.str(),
                       {{"Authorization", "Bearer " + secret_}})
                .status,
            200);
  EXPECT_EQ(Call("PUT", "/v1/properties/shop/gvl", {{"vendors", json::object()}}, secret_).status,
            400);
  ASSERT_EQ(Call("PUT", "/v1/purposes/ads.sale",
                 {{"title", "Ads"},
                  {"party", "third"},
                  {"sale_or_sharing", true},
                  {"iab_purposes", {1, 2, 3, 4}}},
                 secret_)
                .status,
            200);
  ASSERT_EQ(Call("PUT", "/v1/vendors/adnet",
                 {{"name", "AdNet"}, {"gvl_id", 755}, {"purposes", {"ads.sale"}}}, secret_)
                .status,
            200);
  ASSERT_EQ(Call("PUT", "/v1/properties/shop",
                 {{"origins", {"https://shop.example"}},
                  {"tcf", {{"cmp_id", 300}, {"publisher_cc", "FR"}}},
                  {"consent_mode", {{"ad_storage", {"ads.sale"}}}}},
                 secret_)
                .status,
            200);
  ASSERT_EQ(
      Call("POST", "/v1/notices",
           {{"property", "shop"}, {"purposes", {"analytics", "ads.sale"}}, {"vendors", {"adnet"}}},
           secret_)
          .status,
      201);
  // No TC string before any choice is fine; after "accept all" it carries the purposes and the
  // vendor.
  auto r = Call("POST", "/v1/consents",
                {{"subject", "sub_s"},
                 {"property", "shop"},
                 {"choices",
                  {{{"purpose", "ads.sale"}, {"state", "granted"}},
                   {{"purpose", "analytics"}, {"state", "granted"}}}}},
                secret_);
  ASSERT_EQ(r.status, 201) << r.body;
  ExpectRecordedTextIsTheDocument(r, "sub_s");
  json rec = json::parse(r.body);
  ASSERT_TRUE(rec["tc_string"].is_string()) << r.body;
  ASSERT_TRUE(rec["consent_mode"].is_object()) << r.body;
  EXPECT_EQ(rec["consent_mode"]["ad_storage"], "granted");
  auto decoded =
      json::parse(Call("POST", "/v1/tcf/decode", {{"string", rec["tc_string"]}}, secret_).body);
  json tc = decoded["results"][0]["tcData"];
  EXPECT_EQ(tc["cmpId"], 300);
  EXPECT_EQ(tc["purpose"]["consents"]["3"], true);
  EXPECT_EQ(tc["vendor"]["consents"]["755"], true);
  EXPECT_EQ(tc["outOfBand"]["disclosedVendors"]["755"], true);
  auto gpp =
      json::parse(Call("GET", "/v1/subjects/sub_s/gpp?property=shop", nullptr, secret_).body);
  auto gdec =
      json::parse(Call("POST", "/v1/gpp/decode", {{"string", gpp["gpp_string"]}}, secret_).body);
  EXPECT_EQ(gdec["results"][0]["sectionList"], json({2, 7}));
  EXPECT_EQ(gdec["results"][0]["sections"]["usnat"]["SaleOptOut"], 2);
  // Withdrawing the sale purpose clears the purposes and the vendor, and opts out of sale.
  ASSERT_EQ(Call("POST", "/v1/consents",
                 {{"subject", "sub_s"},
                  {"property", "shop"},
                  {"choices", {{{"purpose", "ads.sale"}, {"state", "withdrawn"}}}}},
                 secret_)
                .status,
            201);
  auto tcs =
      json::parse(Call("GET", "/v1/subjects/sub_s/tcf?property=shop", nullptr, secret_).body);
  decoded =
      json::parse(Call("POST", "/v1/tcf/decode", {{"string", tcs["tc_string"]}}, secret_).body);
  EXPECT_EQ(decoded["results"][0]["tcData"]["vendor"]["consents"], json::object());
  EXPECT_EQ(decoded["results"][0]["tcData"]["purpose"]["consents"].value("3", false), false);
  gpp = json::parse(Call("GET", "/v1/subjects/sub_s/gpp?property=shop", nullptr, secret_).body);
  EXPECT_EQ(gpp["consent_mode"]["ad_storage"], "denied");
  gdec = json::parse(Call("POST", "/v1/gpp/decode", {{"string", gpp["gpp_string"]}}, secret_).body);
  EXPECT_EQ(gdec["results"][0]["sections"]["usnat"]["SaleOptOut"], 1);
  // The decoders answer errors per string, and refuse bad bodies.
  auto bad = json::parse(Call("POST", "/v1/tcf/decode", {{"strings", {"!!!", ""}}}, secret_).body);
  EXPECT_TRUE(bad["results"][0]["error"].is_string());
  EXPECT_TRUE(bad["results"][1]["error"].is_string());
  EXPECT_EQ(Call("POST", "/v1/gpp/decode", {{"string", 5}}, secret_).status, 400);
  EXPECT_EQ(Call("GET", "/v1/subjects/sub_s/tcf", nullptr, secret_).status, 400);
  EXPECT_EQ(Call("GET", "/v1/subjects/sub_s/tcf?property=ghost", nullptr, secret_).status, 404);
}

TEST_F(ApiTest, SignedReceiptsVerifyAndStayInTheirTenant) {
  auto r = Call("POST", "/v1/consents",
                {{"subject", "sub_r"},
                 {"property", "shop"},
                 {"choices", {{{"purpose", "analytics"}, {"state", "granted"}}}}},
                secret_);
  ASSERT_EQ(r.status, 201);
  json rec = json::parse(r.body);
  std::string receipt_id = rec["receipt_id"];
  EXPECT_EQ(receipt_id.rfind("rcpt_" + std::to_string(rec["seq"].get<int>()) + "_", 0), 0u)
      << receipt_id;
  auto claims = app_->signer().VerifyJws(rec["receipt"].get<std::string>());
  ASSERT_TRUE(claims.ok()) << claims.error().ToString();
  EXPECT_EQ((*claims)["consentReceiptID"], receipt_id);
  EXPECT_EQ((*claims)["piiPrincipalId"], "sub_r");
  EXPECT_EQ((*claims)["version"], "KI-CR-v1.1.0");
  EXPECT_EQ((*claims)["services"][0]["purposes"][0]["purpose"], "analytics");
  EXPECT_EQ((*claims)["services"][0]["purposes"][0]["legalBasis"], "consent");
  // A tampered receipt does not verify.
  std::string forged = rec["receipt"];
  forged[forged.find('.') + 5] ^= 1;
  EXPECT_FALSE(app_->signer().VerifyJws(forged).ok());

  auto got = Call("GET", "/v1/receipts/" + receipt_id, nullptr, secret_);
  ASSERT_EQ(got.status, 200) << got.body;
  json g = json::parse(got.body);
  EXPECT_EQ(g["event"]["subject"], "sub_r");
  // The inclusion proof checks against the signed checkpoint.
  auto b64 = [](const json& v) {
    std::string raw;
    EXPECT_TRUE(Base64UrlDecode(v.get<std::string>(), raw));
    Hash256 h{};
    std::copy(raw.begin(), raw.end(), h.begin());
    return h;
  };
  auto cp = Checkpoint::FromJson(g["checkpoint"]);
  ASSERT_TRUE(cp.ok());
  EXPECT_TRUE(VerifyCheckpoint(app_->signer(), *cp));
  std::vector<Hash256> path;
  for (const auto& h : g["inclusion_proof"]["hashes"]) path.push_back(b64(h));
  EXPECT_TRUE(MerkleTree::VerifyInclusion(b64(g["inclusion_proof"]["leaf_hash"]),
                                          g["inclusion_proof"]["leaf_index"].get<uint64_t>(),
                                          cp->tree_size, path, cp->root));
  EXPECT_EQ(Ledger::LeafHash(b64(g["entry_hash"])), b64(g["inclusion_proof"]["leaf_hash"]));
  // Later checkpoints are consistent with earlier ones.
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(Call("POST", "/v1/consents",
                   {{"subject", "sub_r" + std::to_string(i)},
                    {"choices", {{{"purpose", "analytics"}, {"state", "granted"}}}}},
                   secret_)
                  .status,
              201);
  }
  auto later = app_->MakeCheckpoint();
  ASSERT_TRUE(later.ok());
  json latest = json::parse(Call("GET", "/v1/ledger/checkpoint").body);
  EXPECT_EQ(latest["tree_size"], later->tree_size);
  json cons =
      json::parse(Call("GET", "/v1/ledger/consistency?first=" + std::to_string(cp->tree_size) +
                                  "&second=" + std::to_string(later->tree_size))
                      .body);
  std::vector<Hash256> cpath;
  for (const auto& h : cons["hashes"]) cpath.push_back(b64(h));
  EXPECT_TRUE(
      MerkleTree::VerifyConsistency(cp->tree_size, later->tree_size, cp->root, later->root, cpath));
  EXPECT_EQ(Call("GET", "/v1/ledger/consistency?first=5&second=2").status, 400);
  EXPECT_EQ(Call("GET", "/v1/ledger/consistency?first=x").status, 400);
  EXPECT_EQ(Call("GET", "/v1/receipts/rcpt_999_x", nullptr, secret_).status, 404);
  EXPECT_EQ(Call("GET", "/v1/receipts/garbage", nullptr, secret_).status, 404);
  std::string other = SetUpTenant("initech");
  EXPECT_EQ(Call("GET", "/v1/receipts/" + receipt_id, nullptr, other).status, 404);

  auto keys = Call("GET", "/v1/ledger/public-key");
  ASSERT_EQ(keys.status, 200);
  json jwks = json::parse(keys.body);
  EXPECT_EQ(jwks["keys"][0]["kty"], "OKP");
  EXPECT_EQ(jwks["keys"][0]["crv"], "Ed25519");
  EXPECT_EQ(jwks["keys"][0]["kid"], app_->signer().kid());
}

TEST_F(ApiTest, MetricsCountRoutes) {
  Decide({{"subject", "s"}, {"purpose", "analytics"}}, secret_);
  auto m = Call("GET", "/metrics");
  EXPECT_EQ(m.status, 200);
  EXPECT_NE(
      m.body.find("tact_http_requests_total{method=\"POST\",route=\"/v1/decide\",code=\"2xx\"} 1"),
      std::string::npos)
      << m.body;
  EXPECT_NE(m.body.find("tact_http_request_duration_seconds_bucket{method=\"POST\",route=\"/v1/"
                        "decide\",le=\"+Inf\"} 1"),
            std::string::npos);
  EXPECT_NE(m.body.find("tact_store_commit_batch_size_bucket"), std::string::npos);
}

}  // namespace
}  // namespace tact::http
