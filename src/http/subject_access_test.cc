// The answer to an access request: everything held on one person, from a
// real SQLite file, and nothing about anyone else; read from the records
// (`tact export`) and from a running server (/me/export), with one result.
#include "http/subject_access.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "feedback/feedback_service.h"
#include "governor/governor.h"
#include "service/app.h"
#include "storage/sqlite/sqlite_store.h"

namespace tact::http {
namespace {

using nlohmann::json;

class SubjectAccessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/tact_subject_access_test_XXXXXX";
    dir_ = mkdtemp(tmpl);
    auto store = SqliteStore::Open(dir_ + "/tact.db");
    ASSERT_TRUE(store.ok()) << store.error().ToString();
    auto app = App::OpenWithStore(std::move(*store), &clock_);
    ASSERT_TRUE(app.ok()) << app.error().ToString();
    app_ = std::move(*app);
    for (const char* id : {"acme", "other"}) {
      Tenant t;
      t.id = id;
      t.name = std::string(id) == "acme" ? "Acme" : "Other";
      ASSERT_TRUE(app_->catalog().CreateTenant(t).ok());
      auto p =
          Purpose::FromJson(json{{"title", {{"en", "Email offers"}}}, {"legal_basis", "consent"}},
                            id, "marketing.email");
      ASSERT_TRUE(p.ok()) << p.error().ToString();
      ASSERT_TRUE(app_->catalog().PutPurpose(*p).ok());
    }
    auto g = governor::Governor::Open(app_.get());
    ASSERT_TRUE(g.ok()) << g.error().ToString();
    governor_ = std::move(*g);
    auto f = feedback::FeedbackService::Open(&app_->store(), &clock_);
    ASSERT_TRUE(f.ok()) << f.error().ToString();
    feedback_ = std::move(*f);
  }
  void TearDown() override {
    feedback_.reset();
    governor_.reset();
    app_.reset();
    std::filesystem::remove_all(dir_);
  }

  void Grant(const std::string& tenant, const std::string& subject) {
    ConsentRequest r;
    r.tenant = tenant;
    r.subject = subject;
    RequestedChoice c;
    c.choice.purpose = "marketing.email";
    c.choice.state = ConsentState::kGranted;
    r.choices.push_back(c);
    auto e = app_->RecordConsent(r);
    ASSERT_TRUE(e.ok()) << e.error().ToString();
  }

  std::string SendEmail(const std::string& subject) {
    governor::SendRequest r;
    r.tenant = "acme";
    r.subject = subject;
    r.channel = Channel::kEmail;
    r.purpose = "marketing.email";
    r.category = "weekly";
    auto a = governor_->Decide(r);
    EXPECT_TRUE(a.ok()) << a.error().ToString();
    return a.ok() ? a->message_id : "";
  }

  void Ces(const std::string& subject, int score, const std::string& comment) {
    feedback::CesResponse r;
    r.touchpoint = "support";
    r.score = score;
    r.comment = comment;
    r.subject = subject;
    auto saved = feedback_->RecordCes("acme", r);
    ASSERT_TRUE(saved.ok()) << saved.error().ToString();
  }

  void Access(const std::string& tenant, const std::string& subject, int n) {
    std::vector<AuditEntry> rows;
    for (int i = 0; i < n; ++i) {
      rows.push_back(AuditEntry{0, tenant, clock_.Now() + i, "key_reader",
                                "GET /v1/subjects/{id}/consents", subject, 200});
    }
    ASSERT_TRUE(app_->store().AppendAudit(rows).ok());
  }

  // Both readers must give the same answer; returns it.
  json Export(const std::string& subject, const std::string& tenant = "") {
    auto from_records = HeldFromRecords(app_->store(), tenant, subject);
    EXPECT_TRUE(from_records.ok()) << from_records.error().ToString();
    if (!from_records.ok()) return json();
    auto offline = SubjectAccessExport(app_->store(), app_->catalog(), tenant, subject,
                                       clock_.Now(), *from_records);
    auto online = SubjectAccessExport(app_->store(), app_->catalog(), tenant, subject, clock_.Now(),
                                      HeldInServer(app_->store(), *governor_, *feedback_, subject));
    EXPECT_TRUE(offline.ok()) << offline.error().ToString();
    EXPECT_TRUE(online.ok()) << online.error().ToString();
    if (!offline.ok() || !online.ok()) return json();
    EXPECT_EQ(*offline, *online);
    return *offline;
  }

  std::string dir_;
  FakeClock clock_{ParseRfc3339("2026-06-01T10:00:00Z").value()};
  std::unique_ptr<App> app_;
  std::unique_ptr<governor::Governor> governor_;
  std::unique_ptr<feedback::FeedbackService> feedback_;
};

TEST_F(SubjectAccessTest, HoldsEverythingAboutThePersonAndNothingElse) {
  Grant("acme", "sub_1");
  Grant("acme", "sub_10");  // an id that contains the first one
  Grant("acme", "sub_2");
  governor::SubjectProfile profile;
  profile.time_zone = "Europe/Paris";
  profile.locale = "fr";
  ASSERT_TRUE(governor_->PutProfile("acme", "sub_1", profile).ok());
  std::string sent = SendEmail("sub_1");
  SendEmail("sub_10");
  SendEmail("sub_2");
  Ces("sub_1", 6, "quick and clear");
  Ces("sub_10", 2, "not mine");
  Ces("", 5, "anonymous");
  Access("acme", "sub_1", 1005);  // more than one page of the audit table
  Access("acme", "sub_10", 3);
  Access("acme", "", 2);  // the change feed: about no one

  json out = Export("sub_1");
  EXPECT_EQ(out["subject"], "sub_1");
  ASSERT_EQ(out["records"].size(), 1u) << out.dump(2);
  const json& r = out["records"][0];
  EXPECT_EQ(r["tenant"], "acme");
  EXPECT_EQ(r["controller"], "Acme");
  EXPECT_EQ(r["consents"].size(), 1u);
  EXPECT_EQ(r["history"].size(), 1u);
  EXPECT_EQ(r["messaging"]["profile"]["time_zone"], "Europe/Paris");
  EXPECT_EQ(r["messaging"]["profile"]["locale"], "fr");
  ASSERT_EQ(r["messaging"]["messages"].size(), 1u);
  const json& m = r["messaging"]["messages"][0];
  EXPECT_EQ(m["id"], sent);
  EXPECT_EQ(m["channel"], "email");
  EXPECT_EQ(m["purpose"], "marketing.email");
  EXPECT_EQ(m["category"], "weekly");
  EXPECT_EQ(m["verdict"], "send");
  EXPECT_FALSE(m["reasons"].empty());
  EXPECT_TRUE(m["reasons"][0].contains("message"));
  ASSERT_EQ(r["feedback"].size(), 1u);
  EXPECT_EQ(r["feedback"][0]["score"], 6);
  EXPECT_EQ(r["feedback"][0]["comment"], "quick and clear");
  ASSERT_EQ(r["access_log"].size(), 1005u);
  EXPECT_EQ(r["access_log"][0]["key_id"], "key_reader");
  EXPECT_EQ(r["access_log"][0]["route"], "GET /v1/subjects/{id}/consents");
  EXPECT_EQ(r["access_log"][0]["status"], 200);
  EXPECT_EQ(r["access_log"][0]["time"], "2026-06-01T10:00:00Z");
  EXPECT_EQ(r["access_log"][1004]["time"], "2026-06-01T10:00:01.004Z");

  std::string text = out.dump();
  EXPECT_EQ(text.find("sub_10"), std::string::npos);
  EXPECT_EQ(text.find("sub_2"), std::string::npos);
  EXPECT_EQ(text.find("not mine"), std::string::npos);
  EXPECT_EQ(text.find("anonymous"), std::string::npos);
}

TEST_F(SubjectAccessTest, ATenantAppearsWhenItHoldsAnythingOnThePerson) {
  Ces("sub_3", 4, "");  // no consent, no message: only an effort answer
  Grant("other", "sub_3");
  json out = Export("sub_3");
  ASSERT_EQ(out["records"].size(), 2u) << out.dump(2);
  std::set<std::string> tenants;
  for (const json& r : out["records"]) tenants.insert(r["tenant"]);
  EXPECT_EQ(tenants, (std::set<std::string>{"acme", "other"}));
  for (const json& r : out["records"]) {
    for (const char* key : {"consents", "history", "feedback", "access_log"}) {
      EXPECT_TRUE(r[key].is_array()) << key;
    }
    EXPECT_TRUE(r["messaging"]["messages"].is_array());
    if (r["tenant"] == "acme") {
      EXPECT_TRUE(r["consents"].empty());
      ASSERT_EQ(r["feedback"].size(), 1u);
      EXPECT_TRUE(r["feedback"][0]["comment"].is_null());
      EXPECT_TRUE(r["messaging"]["profile"].is_null());
    } else {
      EXPECT_EQ(r["consents"].size(), 1u);
      EXPECT_TRUE(r["feedback"].empty());
    }
  }

  // --tenant keeps to one tenant; someone unknown gets no record at all.
  json only = Export("sub_3", "other");
  ASSERT_EQ(only["records"].size(), 1u);
  EXPECT_EQ(only["records"][0]["tenant"], "other");
  EXPECT_TRUE(Export("sub_nobody")["records"].empty());
}

}  // namespace
}  // namespace tact::http
