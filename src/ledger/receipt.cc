#include "ledger/receipt.h"

#include "codec/json_writer.h"
#include "core/digest.h"

namespace tact {

namespace {

const char* ConsentType(Rule r) {
  return r == Rule::kExplicit || r == Rule::kExplicitAfterGpc ? "EXPLICIT" : "IMPLICIT";
}

}  // namespace

// The members sorted by key (as a JSON document library would print them),
// so that the text is stable and checkable against a document
// (receipt_test.cc).
std::string ReceiptClaimsText(const ConsentEvent& e, const Tenant& controller,
                              const std::function<const Purpose*(std::string_view)>& lookup) {
  std::string out;
  out.reserve(512 + 256 * e.choices.size());
  codec::JsonWriter w(&out);
  w.BeginObject();
  w.KeyRaw("collectionMethod");
  w.String(ToString(e.source));
  w.KeyRaw("consentReceiptID");
  w.String(e.receipt_id);
  w.KeyRaw("consentTimestamp");
  w.Int(e.time / 1000);
  w.KeyRaw("gpc");
  w.Bool(e.gpc);
  w.KeyRaw("iat");
  w.Int(e.time / 1000);
  w.KeyRaw("iss");
  w.StringRaw("tact");
  w.KeyRaw("jurisdiction");
  w.StringRaw("EU");
  w.KeyRaw("ledger");
  w.BeginObject();
  w.KeyRaw("event_digest");
  w.StringRaw(ToHex(Blake2b256(EncodeEvent(e))));
  w.KeyRaw("seq");
  w.Int(static_cast<int64_t>(e.seq));
  w.EndObject();
  w.KeyRaw("piiControllers");
  w.BeginArray();
  w.BeginObject();
  w.KeyRaw("piiController");
  w.String(controller.name);
  w.KeyRaw("tenant");
  w.String(controller.id);
  w.EndObject();
  w.EndArray();
  w.KeyRaw("piiPrincipalId");
  w.String(e.subject);
  w.KeyRaw("sensitive");
  w.Bool(false);
  w.KeyRaw("services");
  w.BeginArray();
  w.BeginObject();
  w.KeyRaw("noticeVersion");
  w.Int(e.notice_version);
  w.KeyRaw("purposes");
  w.BeginArray();
  for (const Choice& c : e.choices) {
    const Purpose* p = lookup(c.purpose);
    w.BeginObject();
    if (c.channel != Channel::kAny) {
      w.KeyRaw("channel");
      w.String(ToString(c.channel));
    }
    w.KeyRaw("consentType");
    w.StringRaw(ConsentType(c.rule));
    w.KeyRaw("legalBasis");
    w.String(p ? ToString(p->legal_basis) : "consent");
    if (c.party != Party::kAny) {
      w.KeyRaw("party");
      w.String(ToString(c.party));
    }
    w.KeyRaw("purpose");
    w.String(c.purpose);
    if (p && !p->title.empty()) {
      w.KeyRaw("purposeTitle");
      w.BeginObject();
      for (const auto& [lang, title] : p->title) {  // a std::map: sorted, as nlohmann
        w.Key(lang);
        w.String(title);
      }
      w.EndObject();
    }
    w.KeyRaw("rule");
    w.String(ToString(c.rule));
    w.KeyRaw("state");
    w.String(ToString(c.state));
    if (p) {
      w.KeyRaw("termination");
      w.StringRaw("P" + std::to_string(p->retention_days) + "D");
    }
    w.KeyRaw("thirdPartyDisclosure");
    w.Bool(p ? p->party != Party::kFirst : false);
    if (!c.vendor.empty()) {
      w.KeyRaw("vendor");
      w.String(c.vendor);
    }
    w.EndObject();
  }
  w.EndArray();
  w.KeyRaw("service");
  w.String(e.property.empty() ? controller.id : e.property);
  w.EndObject();
  w.EndArray();
  w.KeyRaw("version");
  w.StringRaw("KI-CR-v1.1.0");
  w.EndObject();
  return out;
}

}  // namespace tact
