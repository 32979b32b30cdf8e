// Receipts: the claims written as text are the text of the claims document
// (built here member by member), and the JWS over them is the one SignJws
// makes over that document, for events of every shape.
#include "ledger/receipt.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

#include "core/digest.h"
#include "ledger/signer.h"

namespace tact {
namespace {

using json::Json;

// The claims as a document, member by member from docs/formats/receipt.md:
// the oracle the text writer is checked against.
json::Json ExpectedClaims(const ConsentEvent& e, const Tenant& controller,
                          const std::function<const Purpose*(std::string_view)>& lookup) {
  Json purposes = Json::array();
  for (const Choice& c : e.choices) {
    const Purpose* p = lookup(c.purpose);
    Json entry{
        {"purpose", c.purpose},
        {"state", ToString(c.state)},
        {"rule", ToString(c.rule)},
        {"consentType",
         c.rule == Rule::kExplicit || c.rule == Rule::kExplicitAfterGpc ? "EXPLICIT" : "IMPLICIT"},
        {"legalBasis", p ? std::string(ToString(p->legal_basis)) : std::string("consent")},
        {"thirdPartyDisclosure", p ? p->party != Party::kFirst : false}};
    if (p && !p->title.empty()) entry["purposeTitle"] = p->title;
    if (p) entry["termination"] = "P" + std::to_string(p->retention_days) + "D";
    if (c.channel != Channel::kAny) entry["channel"] = ToString(c.channel);
    if (!c.vendor.empty()) entry["vendor"] = c.vendor;
    if (c.party != Party::kAny) entry["party"] = ToString(c.party);
    purposes.push_back(std::move(entry));
  }
  std::string payload = EncodeEvent(e);
  return Json{{"version", "KI-CR-v1.1.0"},
              {"jurisdiction", "EU"},
              {"iss", "tact"},
              {"iat", e.time / 1000},
              {"consentTimestamp", e.time / 1000},
              {"collectionMethod", ToString(e.source)},
              {"consentReceiptID", e.receipt_id},
              {"piiPrincipalId", e.subject},
              {"piiControllers", {{{"piiController", controller.name}, {"tenant", controller.id}}}},
              {"services",
               {{{"service", e.property.empty() ? controller.id : e.property},
                 {"noticeVersion", e.notice_version},
                 {"purposes", purposes}}}},
              {"gpc", e.gpc},
              {"sensitive", false},
              {"ledger", {{"seq", e.seq}, {"event_digest", ToHex(Blake2b256(payload))}}}};
}

ConsentEvent RandomEvent(std::mt19937_64& rng, int n) {
  auto pick = [&](int k) { return static_cast<int>(rng() % static_cast<uint64_t>(k)); };
  ConsentEvent e;
  e.seq = rng() % 1000000000;
  e.time = static_cast<UnixMillis>(1700000000000LL + static_cast<int64_t>(rng() % 100000000000ULL));
  e.tenant = "acme";
  e.subject = pick(2) ? "sub_" + std::to_string(n) : "customer \"42\"\n\u00e9\u4e2d";
  e.property = pick(3) ? "" : "shop";
  e.notice_version = pick(5);
  e.source = static_cast<Source>(1 + pick(5));
  e.gpc = pick(2);
  e.receipt_id = "rcpt_" + std::to_string(e.seq) + "_abc";
  int choices = pick(6);
  const char* keys[] = {"marketing", "marketing.email", "analytics", "ads.personalised", "unknown"};
  for (int i = 0; i < choices; ++i) {
    Choice c;
    c.purpose = keys[pick(5)];
    c.channel = static_cast<Channel>(pick(8));
    c.party = static_cast<Party>(pick(4));
    c.vendor = pick(3) ? "" : "vendor-" + std::to_string(pick(100));
    c.state = static_cast<ConsentState>(1 + pick(5));
    c.rule = static_cast<Rule>(1 + pick(5));
    e.choices.push_back(c);
  }
  return e;
}

std::map<std::string, Purpose> Purposes() {
  std::map<std::string, Purpose> out;
  Purpose email;
  email.key = "marketing.email";
  email.title = {{"en", "Newsletter"}, {"fr", "Lettre d'information \u00e0 \"vous\""}};
  email.retention_days = 1095;
  out["marketing.email"] = email;
  Purpose ads;
  ads.key = "ads.personalised";
  ads.party = Party::kThird;
  ads.legal_basis = LegalBasis::kLegitimateInterest;
  ads.title = {{"de", "Werbung\ttab"}, {"en", "Ads </script>"}};
  out["ads.personalised"] = ads;
  Purpose analytics;
  analytics.key = "analytics";  // no title
  analytics.party = Party::kSecond;
  out["analytics"] = analytics;
  return out;
}

TEST(ReceiptTest, ClaimsTextIsTheClaimsDocumentsText) {
  std::mt19937_64 rng(7);
  auto purposes = Purposes();
  auto lookup = [&](std::string_view key) -> const Purpose* {
    auto it = purposes.find(std::string(key));
    return it == purposes.end() ? nullptr : &it->second;
  };
  Tenant controller{"acme", "Acme \"Shop\" \u00e9", 0, {}};
  Signer signer = Signer::Random();
  for (int i = 0; i < 2000; ++i) {
    ConsentEvent e = RandomEvent(rng, i);
    json::Json doc = ExpectedClaims(e, controller, lookup);
    std::string text = ReceiptClaimsText(e, controller, lookup);
    ASSERT_EQ(text, doc.dump()) << i;
    ASSERT_EQ(signer.SignJwsText(text), signer.SignJws(doc)) << i;
    auto verified = signer.VerifyJws(signer.SignJwsText(text));
    ASSERT_TRUE(verified.ok());
    ASSERT_EQ(*verified, doc);
  }
}

}  // namespace
}  // namespace tact
