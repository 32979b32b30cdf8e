// End-to-end tests of the governor and customer-effort routes: a real server
// on a loopback port over an in-memory store, driven by a real HTTP client.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "http/api_server.h"
#include "http/test_client.h"
#include "storage/memory/memory_store.h"

namespace tact::http {
namespace {

using nlohmann::json;

constexpr char kAdminKey[] = "ak_test_admin_key_0123456789";

class MessagesApiTest : public ::testing::Test {
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
    ASSERT_EQ(Call("POST", "/v1/tenants", {{"id", "acme"}, {"name", "Acme"}}, kAdminKey).status,
              201);
    key_ = NewKey({"config:write", "consent:write", "consent:read", "messages:decide", "data:write",
                   "feedback:write", "feedback:read"});
    for (auto [p, basis] : {std::pair{"marketing.email", "consent"},
                            {"marketing.sms", "consent"},
                            {"orders", "contract"}}) {
      ASSERT_EQ(Call("PUT", std::string("/v1/purposes/") + p,
                     {{"title", {{"en", p}}}, {"legal_basis", basis}})
                    .status,
                200);
    }
  }
  void TearDown() override {
    server_->Stop();
    thread_.join();
  }

  TestResponse Call(const std::string& method, const std::string& target,
                    const json& body = nullptr, const std::string& key = "") {
    std::map<std::string, std::string> headers{
        {"Authorization", "Bearer " + (key.empty() ? key_ : key)}};
    return client_->Send(method, target, body.is_null() ? "" : body.dump(), headers);
  }
  std::string NewKey(const std::vector<std::string>& scopes) {
    auto r = Call("POST", "/v1/tenants/acme/keys", {{"name", "k"}, {"scopes", scopes}}, kAdminKey);
    EXPECT_EQ(r.status, 201) << r.body;
    return json::parse(r.body)["key"];
  }
  void Grant(const std::string& subject, const json& choice) {
    auto r = Call("POST", "/v1/consents", {{"subject", subject}, {"choices", {choice}}});
    ASSERT_EQ(r.status, 201) << r.body;
  }
  json Decide(const json& body, int status = 200) {
    auto r = Call("POST", "/v1/messages/decide", body);
    EXPECT_EQ(r.status, status) << r.body;
    return json::parse(r.body);
  }
  json Outcome(const std::string& id, const std::string& outcome) {
    auto r = Call("POST", "/v1/messages/" + id + "/outcome", {{"outcome", outcome}});
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body);
  }
  size_t Records(const char* kind) {
    auto r = app_->store().ListRecords(kind);
    return r.ok() ? r->size() : 0;
  }
  static std::vector<std::string> Codes(const json& d) {
    std::vector<std::string> out;
    for (const auto& r : d["reasons"]) out.push_back(r["code"]);
    return out;
  }

  FakeClock clock_{1'780'308'000'000};  // 2026-06-01T10:00:00Z
  std::unique_ptr<App> app_;
  std::unique_ptr<ApiServer> server_;
  std::thread thread_;
  std::unique_ptr<TestClient> client_;
  std::string key_;
};

TEST_F(MessagesApiTest, PolicyDecideReplayOutcomeAndExplain) {
  auto p = Call("PUT", "/v1/policies/messaging",
                {{"caps",
                  {{{"channel", "email"}, {"max", 2}, {"window_days", 7}},
                   {{"channel", "*"}, {"max", 5}, {"window_days", 7}}}},
                 {"quiet_hours", {{"start", "21:00"}, {"end", "08:00"}}},
                 {"fatigue", {{"after_ignored", 3}}}});
  ASSERT_EQ(p.status, 200) << p.body;
  EXPECT_EQ(json::parse(Call("GET", "/v1/policies/messaging").body)["caps"].size(), 2u);
  Grant("sub_1", {{"purpose", "marketing"}, {"state", "granted"}});

  json body{{"subject", "sub_1"},
            {"channel", "email"},
            {"purpose", "marketing.email"},
            {"priority", "marketing"},
            {"idempotency_key", "camp-1"}};
  json first = Decide(body);
  EXPECT_EQ(first["decision"], "send");
  EXPECT_TRUE(first["not_before"].is_null());
  EXPECT_EQ(Codes(first),
            (std::vector<std::string>{"granted", "within_caps", "outside_quiet_hours", "engaged"}));
  std::string id = first["message_id"];
  json again = Decide(body);
  EXPECT_EQ(again["message_id"], id);
  EXPECT_EQ(again["replayed"], true);
  EXPECT_EQ(again["decision"], "send");

  json o = Outcome(id, "delivered");
  EXPECT_EQ(o["recorded"], true);
  EXPECT_EQ(o["fatigue"]["stage"], "normal");
  EXPECT_EQ(Outcome(id, "delivered")["recorded"], false);

  body["idempotency_key"] = "camp-2";
  EXPECT_EQ(Decide(body)["decision"], "send");
  body["idempotency_key"] = "camp-3";
  json capped = Decide(body);
  EXPECT_EQ(capped["decision"], "defer");
  EXPECT_EQ(capped["reasons"][1]["code"], "cap_reached");
  EXPECT_EQ(capped["not_before"], "2026-06-08T10:00:00Z");

  // A late-evening send time in the default zone (UTC) is deferred to 08:00.
  json night = Decide({{"subject", "sub_1"},
                       {"channel", "sms"},
                       {"purpose", "marketing.sms"},
                       {"at", "2026-06-01T22:30:00Z"}});
  EXPECT_EQ(night["decision"], "defer");
  EXPECT_EQ(night["not_before"], "2026-06-02T08:00:00Z");

  auto explained = Call("GET", "/v1/subjects/sub_1/messaging");
  ASSERT_EQ(explained.status, 200) << explained.body;
  json e = json::parse(explained.body);
  EXPECT_EQ(e["time_zone"], "UTC");
  EXPECT_EQ(e["reserved"], 1);  // camp-2 is not confirmed yet
  EXPECT_EQ(e["channels"][0]["channel"], "email");
  EXPECT_EQ(e["channels"][0]["caps"][0]["used"], 2);
  EXPECT_EQ(e["channels"][0]["caps"][0]["max"], 2);
  EXPECT_EQ(e["channels"][0]["next_allowed"], "2026-06-08T10:00:00Z");
  EXPECT_EQ(e["channels"][0]["fatigue"]["level"], 0);
  EXPECT_EQ(e["channels"][1]["channel"], "sms");
  EXPECT_EQ(e["channels"][1]["next_allowed"], "2026-06-01T10:00:00Z");
}

TEST_F(MessagesApiTest, FatiguePauseIsInTheLedgerAndVisible) {
  ASSERT_EQ(Call("PUT", "/v1/policies/messaging",
                 {{"fatigue",
                   {{"after_ignored", 1}, {"steps_days", json::array()}, {"re_permission", true}}}})
                .status,
            200);
  Grant("sub_2", {{"purpose", "marketing.email"}, {"state", "granted"}});
  json body{{"subject", "sub_2"}, {"channel", "email"}, {"purpose", "marketing.email"}};
  json a = Decide(body);
  ASSERT_EQ(a["decision"], "send");
  EXPECT_EQ(Outcome(a["message_id"], "ignored")["fatigue"]["stage"], "re_permission_due");
  json blocked = Decide(body);
  EXPECT_EQ(blocked["decision"], "suppress");
  EXPECT_EQ(blocked["reasons"].back()["code"], "re_permission_due");
  body["re_permission"] = true;
  json ask = Decide(body);
  ASSERT_EQ(ask["decision"], "send");
  EXPECT_EQ(ask["re_permission"], true);
  json paused = Outcome(ask["message_id"], "ignored");
  EXPECT_EQ(paused["paused"], true);

  json consents = json::parse(Call("GET", "/v1/subjects/sub_2/consents").body);
  bool found = false;
  for (const auto& c : consents["consents"]) {
    if (c["channel"] == "email" && c["state"] == "paused") {
      found = true;
      EXPECT_EQ(c["rule"], "fatigue");
      EXPECT_EQ(c["source"], "system");
      EXPECT_EQ(c["purpose"], "marketing.email");
    }
  }
  EXPECT_TRUE(found) << consents.dump();
  json e = json::parse(Call("GET", "/v1/subjects/sub_2/messaging").body);
  EXPECT_EQ(e["channels"][0]["paused_purposes"], json::array({"marketing.email"}));
  body.erase("re_permission");
  EXPECT_EQ(Decide(body)["reasons"][0]["code"], "paused");
  // The person resumes.
  Grant("sub_2", {{"purpose", "marketing.email"}, {"channel", "email"}, {"state", "granted"}});
  EXPECT_EQ(Decide(body)["decision"], "send");
}

TEST_F(MessagesApiTest, ProfileTimeZoneAndTransactional) {
  ASSERT_EQ(Call("PUT", "/v1/policies/messaging",
                 {{"quiet_hours", {{"start", "21:00"}, {"end", "08:00"}}}})
                .status,
            200);
  auto r = Call("PUT", "/v1/subjects/sub_p", {{"time_zone", "Europe/Paris"}, {"locale", "fr"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["time_zone"], "Europe/Paris");
  Grant("sub_p", {{"purpose", "marketing"}, {"state", "granted"}});
  // The spring-forward night: 22:00 CET -> 08:00 CEST = 06:00Z.
  clock_.Set(ParseRfc3339("2026-03-28T21:00:00Z").value());
  json d = Decide({{"subject", "sub_p"}, {"channel", "email"}, {"purpose", "marketing.email"}});
  EXPECT_EQ(d["decision"], "defer");
  EXPECT_EQ(d["not_before"], "2026-03-29T06:00:00Z");
  EXPECT_NE(
      d["reasons"][2]["message"].get<std::string>().find("22:00 on 2026-03-28 in Europe/Paris"),
      std::string::npos);
  json t = Decide({{"subject", "sub_p"},
                   {"channel", "sms"},
                   {"purpose", "orders"},
                   {"priority", "transactional"}});
  EXPECT_EQ(t["decision"], "send");
  EXPECT_EQ(Codes(t), std::vector<std::string>{"transactional"});
  EXPECT_EQ(json::parse(Call("GET", "/v1/subjects/sub_p/messaging").body)["time_zone"],
            "Europe/Paris");
}

TEST_F(MessagesApiTest, BadInputIsRefusedAndChangesNothing) {
  Grant("sub_1", {{"purpose", "marketing"}, {"state", "granted"}});
  const json good{{"subject", "sub_1"}, {"channel", "email"}, {"purpose", "marketing.email"}};
  for (const json& bad :
       {json{{"subject", "sub_1"}, {"channel", "fax"}, {"purpose", "marketing.email"}},
        json{{"subject", "sub_1"}, {"channel", "web"}, {"purpose", "marketing.email"}},
        json{{"subject", "sub_1"}, {"purpose", "marketing.email"}},
        json{{"subject", "sub_1"}, {"channel", "email"}, {"purpose", "nope"}},
        json{{"subject", "sub_1"},
             {"channel", "email"},
             {"purpose", "marketing.email"},
             {"priority", "urgent"}},
        json{{"subject", "sub_1"},
             {"channel", "email"},
             {"purpose", "marketing.email"},
             {"priority", "transactional"}},
        json{{"subject", "sub_1"},
             {"channel", "email"},
             {"purpose", "marketing.email"},
             {"at", "tomorrow"}},
        json{{"subject", "sub_1"},
             {"channel", "email"},
             {"purpose", "marketing.email"},
             {"surprise", 1}},
        json{{"subject", "sub 1"}, {"channel", "email"}, {"purpose", "marketing.email"}},
        json{{"subject", "sub_1"},
             {"channel", "email"},
             {"purpose", "marketing.email"},
             {"re_permission", "yes"}}}) {
    auto r = Call("POST", "/v1/messages/decide", bad);
    EXPECT_EQ(r.status, 400) << bad.dump() << " -> " << r.body;
    EXPECT_TRUE(json::parse(r.body)["error"]["message"].is_string());
  }
  EXPECT_EQ(
      client_
          ->Send("POST", "/v1/messages/decide", "{not json", {{"Authorization", "Bearer " + key_}})
          .status,
      400);
  EXPECT_EQ(Records("message"), 0u);

  // A bad policy leaves the old one in place.
  ASSERT_EQ(Call("PUT", "/v1/policies/messaging",
                 {{"caps", {{{"channel", "email"}, {"max", 1}, {"window_days", 1}}}}})
                .status,
            200);
  for (const json& bad : {json{{"caps", {{{"channel", "email"}, {"max", -1}, {"window_days", 1}}}}},
                          json{{"quiet_hours", {{"start", "9pm"}, {"end", "08:00"}}}},
                          json{{"default_time_zone", "Nowhere/Else"}},
                          json{{"fatigue", {{"steps_days", {5, 2}}}}}, json::array()}) {
    EXPECT_EQ(Call("PUT", "/v1/policies/messaging", bad).status, 400) << bad.dump();
  }
  EXPECT_EQ(json::parse(Call("GET", "/v1/policies/messaging").body)["caps"][0]["max"], 1);

  json sent = Decide(good);
  ASSERT_EQ(sent["decision"], "send");
  std::string id = sent["message_id"];
  EXPECT_EQ(Call("POST", "/v1/messages/" + id + "/outcome", {{"outcome", "loved"}}).status, 400);
  EXPECT_EQ(
      Call("POST", "/v1/messages/" + id + "/outcome", {{"outcome", "opened"}, {"x", 1}}).status,
      400);
  EXPECT_EQ(Call("POST", "/v1/messages/msg_unknown/outcome", {{"outcome", "opened"}}).status, 404);
  json deferred = Decide(good);
  ASSERT_EQ(deferred["decision"], "defer");
  EXPECT_EQ(Call("POST", "/v1/messages/" + deferred["message_id"].get<std::string>() + "/outcome",
                 {{"outcome", "opened"}})
                .status,
            404);  // not kept without an idempotency key
  json keyed = good;
  keyed["idempotency_key"] = "k";
  json kd = Decide(keyed);
  EXPECT_EQ(Call("POST", "/v1/messages/" + kd["message_id"].get<std::string>() + "/outcome",
                 {{"outcome", "opened"}})
                .status,
            409);
  keyed["purpose"] = "marketing.sms";
  keyed["channel"] = "sms";
  EXPECT_EQ(Call("POST", "/v1/messages/decide", keyed).status, 409);

  EXPECT_EQ(Call("PUT", "/v1/subjects/sub_1", {{"time_zone", "Mars/Base"}}).status, 400);
  EXPECT_EQ(Call("PUT", "/v1/subjects/sub_1", {{"timezone", "UTC"}}).status, 400);
  EXPECT_EQ(Records("subject_profile"), 0u);
}

TEST_F(MessagesApiTest, ScopesAreEnforced) {
  std::string reader = NewKey({"consent:read"});
  EXPECT_EQ(Call("POST", "/v1/messages/decide",
                 {{"subject", "s"}, {"channel", "email"}, {"purpose", "orders"}}, reader)
                .status,
            403);
  EXPECT_EQ(Call("PUT", "/v1/policies/messaging", json::object(), reader).status, 403);
  EXPECT_EQ(Call("PUT", "/v1/subjects/s", {{"locale", "en"}}, reader).status, 403);
  EXPECT_EQ(
      Call("POST", "/v1/feedback/ces", {{"touchpoint", "banner"}, {"score", 5}}, reader).status,
      403);
  EXPECT_EQ(Call("GET", "/v1/feedback/ces/summary", nullptr, reader).status, 403);
  EXPECT_EQ(Call("GET", "/v1/feedback/ces/comments", nullptr, reader).status, 403);
  EXPECT_EQ(Call("GET", "/v1/subjects/s/messaging", nullptr, reader).status, 200);
  EXPECT_EQ(client_->Send("POST", "/v1/messages/decide", "{}").status, 401);
}

TEST_F(MessagesApiTest, CesCommentsAreReadWithoutTheirSubject) {
  ASSERT_EQ(Call("POST", "/v1/feedback/ces",
                 {{"touchpoint", "consent.withdraw"},
                  {"score", 2},
                  {"comment", "the link was hidden"},
                  {"subject", "sub_commenter"}})
                .status,
            201);
  ASSERT_EQ(
      Call("POST", "/v1/feedback/ces", {{"touchpoint", "consent.withdraw"}, {"score", 6}}).status,
      201);
  ASSERT_EQ(Call("POST", "/v1/feedback/ces",
                 {{"touchpoint", "banner"}, {"score", 5}, {"comment", "quick"}})
                .status,
            201);

  auto r = Call("GET", "/v1/feedback/ces/comments?touchpoint=consent.withdraw");
  ASSERT_EQ(r.status, 200) << r.body;
  json page = json::parse(r.body);
  EXPECT_EQ(page["retention_days"], 180);
  ASSERT_EQ(page["comments"].size(), 1u) << "an answer without a comment is not listed";
  const json& c = page["comments"][0];
  EXPECT_EQ(c["comment"], "the link was hidden");
  EXPECT_EQ(c["score"], 2);
  EXPECT_EQ(c["touchpoint"], "consent.withdraw");
  std::set<std::string> keys;
  for (const auto& [k, v] : c.items()) keys.insert(k);
  EXPECT_EQ(keys, (std::set<std::string>{"id", "at", "touchpoint", "score", "comment"}));
  EXPECT_EQ(r.body.find("sub_commenter"), std::string::npos);

  EXPECT_EQ(json::parse(Call("GET", "/v1/feedback/ces/comments").body)["comments"].size(), 2u);
  EXPECT_EQ(json::parse(Call("GET", "/v1/feedback/ces/comments?limit=1").body)["comments"].size(),
            1u);
  for (const char* bad : {"limit=0", "limit=1001", "limit=x", "limit=-1", "from=yesterday",
                          "touchpoint=Bad%20Place"}) {
    auto b = Call("GET", std::string("/v1/feedback/ces/comments?") + bad);
    EXPECT_EQ(b.status, 400) << bad << " " << b.body;
  }
}

TEST_F(MessagesApiTest, CustomerEffortScoreAndEffortEvents) {
  for (int score : {7, 6, 2, 5}) {
    auto r =
        Call("POST", "/v1/feedback/ces", {{"touchpoint", "consent.withdraw"}, {"score", score}});
    ASSERT_EQ(r.status, 201) << r.body;
  }
  ASSERT_EQ(
      Call("POST", "/v1/feedback/ces", {{"touchpoint", "banner"}, {"score", 3}, {"comment", "ok"}})
          .status,
      201);
  EXPECT_EQ(Call("POST", "/v1/feedback/ces", {{"touchpoint", "banner"}, {"score", 9}}).status, 400);
  EXPECT_EQ(Call("POST", "/v1/feedback/ces",
                 {{"touchpoint", "banner"}, {"score", 4}, {"at", "2020-01-01T00:00:00Z"}})
                .status,
            400);
  EXPECT_EQ(Records("ces_response"), 5u);

  auto s = Call("GET", "/v1/feedback/ces/summary?touchpoint=consent.withdraw");
  ASSERT_EQ(s.status, 200) << s.body;
  json summary = json::parse(s.body);
  ASSERT_EQ(summary["touchpoints"].size(), 1u);
  const json& w = summary["touchpoints"][0];
  EXPECT_EQ(w["touchpoint"], "consent.withdraw");
  EXPECT_EQ(w["responses"], 4);
  EXPECT_DOUBLE_EQ(w["mean"].get<double>(), 5.0);
  EXPECT_DOUBLE_EQ(w["easy_share"].get<double>(), 0.75);
  EXPECT_EQ(w["distribution"]["2"], 1);
  EXPECT_EQ(w["distribution"]["7"], 1);
  ASSERT_EQ(w["weekly"].size(), 1u);
  EXPECT_EQ(w["weekly"][0]["week"], "2026-06-01");
  EXPECT_EQ(json::parse(Call("GET", "/v1/feedback/ces/summary").body)["touchpoints"].size(), 2u);
  EXPECT_EQ(
      json::parse(
          Call("GET", "/v1/feedback/ces/summary?from=2026-07-01&to=2026-08-01").body)["touchpoints"]
          .size(),
      0u);
  EXPECT_EQ(Call("GET", "/v1/feedback/ces/summary?from=yesterday").status, 400);
  EXPECT_EQ(Call("GET", "/v1/feedback/ces/summary?from=2026-08-01&to=2026-07-01").status, 400);

  for (auto [choice, n, secs] :
       {std::tuple{"reject_all", 1, 1.5}, {"accept_all", 1, 1.2}, {"custom", 7, 25.0}}) {
    auto r = Call(
        "POST", "/v1/feedback/effort",
        {{"touchpoint", "banner"}, {"choice", choice}, {"interactions", n}, {"seconds", secs}});
    ASSERT_EQ(r.status, 201) << r.body;
  }
  EXPECT_EQ(Call("POST", "/v1/feedback/effort",
                 {{"touchpoint", "banner"},
                  {"choice", "custom"},
                  {"interactions", 1},
                  {"seconds", 1},
                  {"subject", "s"}})
                .status,
            400);
  json effort = json::parse(Call("GET", "/v1/feedback/effort/summary?touchpoint=banner").body);
  ASSERT_EQ(effort["touchpoints"].size(), 3u);
  EXPECT_EQ(effort["touchpoints"][2]["choice"], "custom");
  EXPECT_DOUBLE_EQ(effort["touchpoints"][2]["mean_interactions"].get<double>(), 7.0);
}

}  // namespace
}  // namespace tact::http
