// The authorization matrix: every operation in docs/openapi.yaml, called with
// every kind of credential — none, malformed, wrong, another tenant's, the
// right tenant's without the scope, and the right one. Only the right one may
// succeed; the others get 401/403/404 (or, for another tenant's key, an
// answer about that tenant's own namespace), and no answer to anyone else
// carries anything of the tenant whose ids are in the path. The matrix is
// printed for the closing note.
#include <gtest/gtest.h>

#include <fstream>
#include <iomanip>
#include <iostream>
#include <regex>
#include <set>
#include <sstream>

#include "core/api_key.h"
#include "http/test_server.h"

namespace tact::http {
namespace {

using nlohmann::json;

// One documented operation and who may call it.
struct Operation {
  std::string method;               // "GET"
  std::string path;                 // "/v1/subjects/{id}/consents"
  std::string auth;                 // "secret", "admin", "none", "portal-token", "publishable"
  std::vector<std::string> scopes;  // for "secret": any one of these
  std::string Name() const { return method + " " + path; }
};

std::vector<std::string> SplitList(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ',')) {
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

// Parses the paths of docs/openapi.yaml with their x-auth / x-scopes.
std::vector<Operation> DocumentedOperations() {
  std::ifstream in(std::string(TACT_SOURCE_DIR) + "/docs/openapi.yaml");
  EXPECT_TRUE(in.good());
  std::vector<Operation> ops;
  std::string line, path;
  bool in_paths = false;
  const std::regex path_re("^  (/[^:]*):\\s*$");
  const std::regex method_re("^    (get|put|post|delete|patch):\\s*$");
  const std::regex auth_re("^      x-auth: (\\S+)\\s*$");
  const std::regex scopes_re("^      x-scopes: \\[(.*)\\]\\s*$");
  std::smatch m;
  while (std::getline(in, line)) {
    if (line.rfind("paths:", 0) == 0) {
      in_paths = true;
      continue;
    }
    if (!in_paths) continue;
    if (!line.empty() && line[0] != ' ') in_paths = false;
    if (std::regex_match(line, m, path_re)) path = m[1];
    if (std::regex_match(line, m, method_re)) {
      std::string method = m[1];
      for (char& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      // The browser routes take the property's publishable key.
      ops.push_back({method, path, path.rfind("/v1/p/", 0) == 0 ? "publishable" : "", {}});
    }
    if (ops.empty()) continue;
    if (std::regex_match(line, m, auth_re)) ops.back().auth = m[1];
    if (std::regex_match(line, m, scopes_re)) {
      ops.back().auth = "secret";
      ops.back().scopes = SplitList(m[1]);
    }
  }
  return ops;
}

enum Kind { kNone, kMalformed, kWrong, kOther, kNoScope, kRight, kKinds };
const char* const kKindNames[kKinds] = {"no key",       "malformed", "wrong key",
                                        "other tenant", "no scope",  "right key"};

std::string Flip(std::string key) {
  key.back() = key.back() == 'A' ? 'B' : 'A';
  return key;
}

std::string Fill(std::string path, const std::map<std::string, std::string>& params) {
  for (const auto& [name, value] : params) {
    auto at = path.find("{" + name + "}");
    if (at != std::string::npos) path.replace(at, name.size() + 2, value);
  }
  return path;
}

class AuthzMatrixTest : public TestServerFixture {
 protected:
  void SetUp() override {
    StartServer();
    // Tenant A (acme): the one whose ids are in every path.
    NewTenant("acme", "Acme Corp");
    a_all_ = NewKeyJson("acme", {{"name", "all"}, {"scopes", AllScopes()}});
    SeedTenant("acme", a_all_["key"], "Acme Shop Display", "Newsletter from Acme");
    a_pk_ = NewKeyJson("acme",
                       {{"name", "banner"}, {"kind", "publishable"}, {"property", "shop"}})["key"];
    server_->SetDemoKey(a_pk_);
    // Tenant B (bravo): the other tenant.
    NewTenant("bravo", "Bravo Corp");
    b_all_ = NewKeyJson("bravo", {{"name", "all"}, {"scopes", AllScopes()}});
    SeedTenant("bravo", b_all_["key"], "Bravo Store Display", "Newsletter from Bravo");
    b_pk_ = NewKeyJson(
        "bravo", {{"name", "banner"}, {"kind", "publishable"}, {"property", "bravo-shop"}})["key"];

    std::string ak = a_all_["key"];
    // A subject whose id is in the paths, and one never named in any request.
    receipt_ = Consent(ak, "sub_a_1");
    hidden_receipt_ = Consent(ak, "sub_a_hidden");
    Consent(b_all_["key"], "sub_b_hidden");
    // A checkpoint exists once a receipt was read.
    ASSERT_EQ(Call("GET", "/v1/receipts/" + receipt_, nullptr, ak).status, 200);
    auto m = Call("POST", "/v1/messages/decide",
                  {{"subject", "sub_a_1"},
                   {"channel", "email"},
                   {"purpose", "marketing.email"},
                   {"priority", "marketing"},
                   {"idempotency_key", "seed-1"}},
                  ak);
    ASSERT_EQ(m.status, 200) << m.body;
    message_id_ = json::parse(m.body)["message_id"];
    a_token_ = PortalToken(ak, "sub_a_1");
    b_token_ = PortalToken(b_all_["key"], "sub_b_hidden");
    // A withdrawal on sub_a_1's My-data page: what its CES question answers.
    std::string form = "purpose=marketing.email&token=" + FormEncode(a_token_);
    auto w = client_->Send("POST", "/me/withdraw", form,
                           {{"Content-Type", "application/x-www-form-urlencoded"}});
    ASSERT_EQ(w.status, 303) << w.body;
    std::string location = w.headers["Location"];
    ASSERT_NE(location.find("&receipt="), std::string::npos) << location;
    portal_receipt_ = location.substr(location.find("&receipt=") + 9);
  }

  static std::string FormEncode(const std::string& s) {
    std::string encoded;
    for (char ch : s) {
      if (std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_' || ch == '.') {
        encoded += ch;
      } else {
        char buf[4];
        std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned char>(ch));
        encoded += buf;
      }
    }
    return encoded;
  }

  void SeedTenant(const std::string& tenant, const std::string& key,
                  const std::string& property_name, const std::string& purpose_title) {
    std::string property = tenant == "acme" ? "shop" : "bravo-shop";
    std::ifstream in(std::string(TACT_SOURCE_DIR) + "/tests/fixtures/gvl-v3-small.json");
    std::stringstream gvl;
    gvl << in.rdbuf();
    gvl_ = gvl.str();
    EXPECT_EQ(Call("PUT", "/v1/properties/" + property, PropertyBody(property_name), key).status,
              200);
    EXPECT_EQ(client_
                  ->Send("PUT", "/v1/properties/" + property + "/gvl", gvl_,
                         {{"Authorization", "Bearer " + key}})
                  .status,
              200);
    EXPECT_EQ(Call("PUT", "/v1/purposes/marketing.email", PurposeBody(purpose_title), key).status,
              200);
    EXPECT_EQ(Call("PUT", "/v1/vendors/adnet", {{"name", "AdNet"}}, key).status, 200);
    EXPECT_EQ(Call("POST", "/v1/notices",
                   {{"property", property}, {"purposes", {"marketing.email"}}}, key)
                  .status,
              201);
  }
  static json PropertyBody(const std::string& name) {
    return {{"name", name},
            {"origins", {"https://shop.example"}},
            {"tcf", {{"cmp_id", 300}, {"publisher_cc", "FR"}}}};
  }
  static json PurposeBody(const std::string& title) {
    return {{"title", {{"en", title}}}, {"legal_basis", "consent"}, {"channels", {"email"}}};
  }
  std::string Consent(const std::string& key, const std::string& subject) {
    auto r = Call("POST", "/v1/consents",
                  {{"subject", subject},
                   {"choices", {{{"purpose", "marketing.email"}, {"state", "granted"}}}}},
                  key);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? json::parse(r.body)["receipt_id"].get<std::string>() : "";
  }
  std::string PortalToken(const std::string& key, const std::string& subject) {
    auto r = Call("POST", "/v1/subjects/" + subject + "/portal-links", nullptr, key);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? json::parse(r.body)["token"].get<std::string>() : "";
  }

  // A key of tenant A holding exactly `scopes` (cached by set).
  std::string KeyWith(std::vector<std::string> scopes) {
    std::sort(scopes.begin(), scopes.end());
    std::string id;
    for (const auto& s : scopes) id += s + ",";
    auto it = keys_.find(id);
    if (it != keys_.end()) return it->second;
    return keys_[id] = NewKey("acme", scopes);
  }
  std::string KeyWithout(const std::vector<std::string>& scopes) {
    std::vector<std::string> rest;
    for (const auto& s : AllScopes()) {
      if (std::find(scopes.begin(), scopes.end(), s) == scopes.end()) rest.push_back(s);
    }
    return KeyWith(rest);
  }

  // The request a caller makes to `op`: target and body for the right key.
  struct Call_ {
    std::string target;
    std::string body;
    std::map<std::string, std::string> headers;
  };
  // Bodies name things after tenant A only for the right key: another
  // tenant's key writing "Acme Shop Display" into its own namespace would
  // only echo the request back.
  Call_ RequestFor(const Operation& op, Kind kind) {
    const std::string property_name = kind == kRight ? "Acme Shop Display" : "Some Shop";
    const std::string purpose_title = kind == kRight ? "Newsletter from Acme" : "Some newsletter";
    std::map<std::string, std::string> params{
        {"id", "sub_a_1"}, {"key", "marketing.email"}, {"property", "shop"}};
    const std::string route = op.Name();
    if (op.path.rfind("/v1/properties/", 0) == 0) params["id"] = "shop";
    if (op.path.rfind("/v1/vendors/", 0) == 0) params["id"] = "adnet";
    if (op.path.rfind("/v1/tenants/", 0) == 0) params["id"] = "acme";
    if (op.path == "/v1/receipts/{id}") params["id"] = receipt_;
    if (op.path == "/v1/messages/{id}/outcome") params["id"] = message_id_;
    Call_ c{Fill(op.path, params), "", {}};
    const std::map<std::string, json> bodies = {
        {"POST /v1/tenants/{id}/keys", {{"name", "m"}, {"scopes", {"decide"}}}},
        {"PUT /v1/properties/{id}", PropertyBody(property_name)},
        {"PUT /v1/purposes/{key}", PurposeBody(purpose_title)},
        {"PUT /v1/vendors/{id}", {{"name", "AdNet"}}},
        {"POST /v1/notices", {{"property", "shop"}, {"purposes", {"marketing.email"}}}},
        {"POST /v1/consents",
         {{"subject", "sub_a_1"},
          {"choices", {{{"purpose", "marketing.email"}, {"state", "granted"}}}}}},
        {"POST /v1/decide", {{"subject", "sub_a_1"}, {"purpose", "marketing.email"}}},
        {"POST /v1/p/{property}/consents",
         {{"subject", "sub_browser_0123456789abcdef"},
          {"choices", {{{"purpose", "marketing.email"}, {"state", "denied"}}}}}},
        {"POST /v1/tcf/decode", {{"strings", {"x"}}}},
        {"POST /v1/gpp/decode", {{"strings", {"x"}}}},
        {"PUT /v1/policies/messaging",
         {{"caps", {{{"channel", "email"}, {"max", 5}, {"window_days", 7}}}}}},
        {"POST /v1/messages/decide",
         {{"subject", "sub_a_1"},
          {"channel", "email"},
          {"purpose", "marketing.email"},
          {"priority", "marketing"},
          {"idempotency_key", "matrix-1"}}},
        {"POST /v1/messages/{id}/outcome", {{"outcome", "delivered"}}},
        {"PUT /v1/subjects/{id}", {{"time_zone", "Europe/Paris"}}},
        {"POST /v1/feedback/ces", {{"touchpoint", "banner"}, {"score", 5}}},
        {"POST /v1/feedback/effort",
         {{"touchpoint", "banner"}, {"choice", "custom"}, {"interactions", 1}, {"seconds", 1}}},
        {"POST /v1/p/{property}/feedback/ces", {{"touchpoint", "consent.withdraw"}, {"score", 6}}},
        {"POST /v1/p/{property}/feedback/effort",
         {{"touchpoint", "banner"}, {"choice", "reject_all"}, {"interactions", 1}, {"seconds", 2}}},
    };
    if (route == "POST /v1/tenants")
      c.body = json{{"id", "t" + std::to_string(++tenants_)}, {"name", "T"}}.dump();
    auto it = bodies.find(route);
    if (it != bodies.end()) c.body = it->second.dump();
    if (route == "PUT /v1/properties/{id}/gvl") c.body = gvl_;
    if (route == "GET /v1/notices") c.target += "?property=shop";
    if (route == "GET /v1/subjects/{id}/tcf" || route == "GET /v1/subjects/{id}/gpp")
      c.target += "?property=shop";
    if (route == "GET /v1/ledger/consistency") c.target += "?first=1&second=2";
    if (route == "GET /v1/feedback/ces/summary") c.target += "?touchpoint=banner";
    if (op.auth == "publishable") c.headers["Origin"] = "https://shop.example";
    return c;
  }

  // Sends `op` as `kind`; the credential goes where that kind of route takes it.
  TestResponse Send(const Operation& op, Kind kind) {
    Call_ c = RequestFor(op, kind);
    std::string credential;
    if (op.auth == "admin") {
      const std::string credentials[] = {
          "", "%%%", Flip(kAdminKey), b_all_["key"], a_all_["key"], kAdminKey};
      credential = credentials[kind];
    } else if (op.auth == "publishable") {
      const std::string credentials[] = {"", "%%%", Flip(a_pk_), b_pk_, a_all_["key"], a_pk_};
      credential = credentials[kind];
    } else if (op.auth == "secret") {
      const std::string credentials[] = {"",
                                         "%%%",
                                         Flip(a_all_["key"]),
                                         b_all_["key"],
                                         KeyWithout(op.scopes),
                                         KeyWith({op.scopes.front()})};
      credential = credentials[kind];
    } else if (op.auth == "portal-token") {
      // The token travels in the query (GET) or the form (POST); "no scope"
      // is a tenant's secret key offered instead of a token.
      const std::string tokens[] = {"", "%%%", Flip(a_token_), b_token_, a_all_["key"], a_token_};
      std::string token = tokens[kind];
      std::string encoded = FormEncode(token);
      if (op.method == "GET") {
        c.target += (token.empty() ? "" : "?token=" + encoded);
      } else if (op.path == "/me/ces") {
        c.body = "score=6&receipt=" + portal_receipt_ + "&token=" + encoded;
        c.headers["Content-Type"] = "application/x-www-form-urlencoded";
      } else {
        c.body = "purpose=marketing.email&token=" + encoded;
        c.headers["Content-Type"] = "application/x-www-form-urlencoded";
      }
    } else {  // none: every kind sends its key, which changes nothing
      const std::string credentials[] = {"",    "%%%",        Flip(a_all_["key"]), b_all_["key"],
                                         a_pk_, a_all_["key"]};
      credential = credentials[kind];
    }
    if (!credential.empty()) c.headers["Authorization"] = "Bearer " + credential;
    return client_->Send(op.method, c.target, c.body, c.headers);
  }

  json a_all_, b_all_;
  std::string a_pk_, b_pk_, a_token_, b_token_, receipt_, hidden_receipt_, message_id_, gvl_;
  std::string portal_receipt_;
  std::map<std::string, std::string> keys_;
  int tenants_ = 0;
};

bool Success(int status) { return (status >= 200 && status < 300) || status == 303; }

TEST_F(AuthzMatrixTest, EveryRouteWithEveryKindOfKey) {
  std::vector<Operation> ops = DocumentedOperations();
  ASSERT_GT(ops.size(), 40u);
  // What nobody but tenant A's own keys may ever see in an answer.
  const std::vector<std::string> a_secrets = {"acme",
                                              "Acme Corp",
                                              "Acme Shop Display",
                                              "Newsletter from Acme",
                                              "sub_a_hidden",
                                              hidden_receipt_,
                                              a_all_["id"].get<std::string>()};
  // What tenant A's answers must never carry of tenant B.
  const std::vector<std::string> b_secrets = {"bravo",
                                              "Bravo Corp",
                                              "Bravo Store Display",
                                              "Newsletter from Bravo",
                                              "sub_b_hidden",
                                              b_all_["id"].get<std::string>()};

  std::ostringstream matrix;
  matrix << std::left << std::setw(46) << "route" << std::setw(14) << "auth";
  for (const char* k : kKindNames) matrix << std::setw(13) << k;
  matrix << "\n";
  int cells = 0;
  for (const Operation& op : ops) {
    SCOPED_TRACE(op.Name());
    ASSERT_FALSE(op.auth.empty()) << op.Name()
                                  << ": docs/openapi.yaml says nothing of who may call it";
    matrix << std::setw(46) << op.Name() << std::setw(14) << op.auth;
    for (int k = 0; k < kKinds; ++k) {
      Kind kind = static_cast<Kind>(k);
      SCOPED_TRACE(kKindNames[k]);
      TestResponse r = Send(op, kind);
      ++cells;
      std::string cell = std::to_string(r.status);
      EXPECT_LT(r.status, 500) << r.body;
      if (op.auth == "none") {
        // Public: the same answer for everyone.
        EXPECT_TRUE(Success(r.status)) << r.status << " " << r.body;
      } else if (kind == kRight) {
        EXPECT_TRUE(Success(r.status)) << r.status << " " << r.body;
      } else if (kind == kOther && Success(r.status)) {
        // Another tenant's key may only ever act in its own namespace: an
        // answer about its own (empty) subject or its own config, with
        // nothing of tenant A in it.
        EXPECT_TRUE(op.auth == "secret" || op.auth == "portal-token") << r.status;
        cell = "own " + cell;
      } else {
        std::set<int> refused = {401, 403, 404};
        if (op.auth == "portal-token" && kind != kOther) refused.insert(400);  // no token at all
        EXPECT_TRUE(refused.count(r.status)) << r.status << " " << r.body;
        if (kind == kNone || kind == kMalformed || kind == kWrong) {
          EXPECT_TRUE(r.status == 401 || r.status == 400) << r.status << " " << r.body;
        }
        if (kind == kNoScope && op.auth == "secret") {
          EXPECT_EQ(r.status, 403) << r.body;
        }
      }
      // Public answers carry no tenant's data; tenant A's answers none of B's
      // (the admin key is global: it lists every tenant).
      if (kind != kRight || op.auth == "none") {
        for (const auto& s : a_secrets) {
          EXPECT_EQ(r.body.find(s), std::string::npos) << "leaks '" << s << "'";
        }
      }
      if ((kind == kRight && op.auth != "admin") || op.auth == "none") {
        for (const auto& s : b_secrets)
          EXPECT_EQ(r.body.find(s), std::string::npos) << "leaks '" << s << "'";
      }
      matrix << std::setw(13) << cell;
    }
    matrix << "\n";
  }
  // Nothing another tenant did changed tenant A.
  auto prop = Call("GET", "/v1/properties/shop", nullptr, a_all_["key"]);
  EXPECT_NE(prop.body.find("Acme Shop Display"), std::string::npos) << prop.body;
  auto hidden = Call("GET", "/v1/subjects/sub_a_hidden/consents", nullptr, a_all_["key"]);
  EXPECT_EQ(json::parse(hidden.body)["consents"].size(), 1u) << hidden.body;

  std::cout << "\nAuthorization matrix (" << ops.size() << " operations x " << kKinds
            << " credentials = " << cells
            << " calls; 'own' = another tenant's key acting on its own namespace):\n"
            << matrix.str() << std::flush;
}

}  // namespace
}  // namespace tact::http
