#include "ledger/receipt.h"

#include "core/digest.h"

namespace tact {

using json::Json;

json::Json ReceiptClaims(const ConsentEvent& e, const Tenant& controller,
                         const std::function<const Purpose*(std::string_view)>& lookup) {
  Json purposes = Json::array();
  for (const Choice& c : e.choices) {
    const Purpose* p = lookup(c.purpose);
    Json entry{{"purpose", c.purpose},
               {"state", ToString(c.state)},
               {"rule", ToString(c.rule)},
               {"consentType", c.rule == Rule::kExplicit || c.rule == Rule::kExplicitAfterGpc ? "EXPLICIT" : "IMPLICIT"},
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
              {"services", {{{"service", e.property.empty() ? controller.id : e.property},
                             {"noticeVersion", e.notice_version},
                             {"purposes", purposes}}}},
              {"gpc", e.gpc},
              {"sensitive", false},
              {"ledger", {{"seq", e.seq}, {"event_digest", ToHex(Blake2b256(payload))}}}};
}

}  // namespace tact
