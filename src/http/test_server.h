// A test fixture for the HTTP API (test-only): an in-memory App behind a real
// ApiServer on a loopback port, a client, and helpers that create tenants
// and keys through the admin routes.
#ifndef TACT_HTTP_TEST_SERVER_H_
#define TACT_HTTP_TEST_SERVER_H_

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "http/api_server.h"
#include "http/test_client.h"
#include "storage/memory/memory_store.h"

namespace tact::http {

class TestServerFixture : public ::testing::Test {
 protected:
  using json = nlohmann::json;
  static constexpr char kAdminKey[] = "ak_test_admin_key_0123456789";

  // Subclasses may set these before calling StartServer.
  void StartServer() {
    auto app = App::OpenWithStore(std::make_unique<MemoryStore>(), &clock_);
    ASSERT_TRUE(app.ok()) << app.error().ToString();
    app_ = std::move(*app);
    ServerOptions options;
    options.port = 0;
    options.threads = 2;
    server_ = std::make_unique<ApiServer>(app_.get(), kAdminKey, options);
    if (key_rate_) server_->SetKeyRateLimit(*key_rate_, key_rate_decide_);
    ASSERT_TRUE(server_->Start().ok());
    thread_ = std::thread([this] { server_->Run(); });
    client_ = std::make_unique<TestClient>(server_->port());
  }
  void TearDown() override {
    if (!server_) return;
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
  // Returns {"id": key id, "key": the plaintext}.
  json NewKeyJson(const std::string& tenant, const json& request) {
    auto r = Admin("POST", "/v1/tenants/" + tenant + "/keys", request);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? json::parse(r.body) : json::object();
  }
  std::string NewKey(const std::string& tenant, const std::vector<std::string>& scopes) {
    return NewKeyJson(tenant, {{"name", "k"}, {"scopes", scopes}}).value("key", "");
  }
  void NewTenant(const std::string& id, const std::string& name) {
    auto r = Admin("POST", "/v1/tenants", {{"id", id}, {"name", name}});
    EXPECT_EQ(r.status, 201) << r.body;
  }

  // Gives the tenant the purpose "marketing.email" (with a key of its own).
  void SeedPurpose(const std::string& tenant) {
    std::string config = NewKey(tenant, {"config:write"});
    auto r = Call("PUT", "/v1/purposes/marketing.email",
                  {{"title", {{"en", "Newsletter"}}}, {"legal_basis", "consent"}}, config);
    EXPECT_EQ(r.status, 200) << r.body;
  }

  FakeClock clock_{1'772'446'500'000};  // 2026-03-02T10:15:00Z
  std::optional<RateLimitOptions> key_rate_;
  bool key_rate_decide_ = false;
  std::unique_ptr<App> app_;
  std::unique_ptr<ApiServer> server_;
  std::thread thread_;
  std::unique_ptr<TestClient> client_;
};

}  // namespace tact::http

#endif  // TACT_HTTP_TEST_SERVER_H_
