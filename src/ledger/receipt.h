// Consent receipts: a signed statement of one consent event, given to the
// person (docs/formats/receipt.md). The claims follow the Kantara Consent
// Receipt v1.1 field names, with the ISO/IEC TS 27560 notions they map to,
// and a link to the ledger (sequence number and the digest of the event's
// canonical encoding).
#ifndef TACT_LEDGER_RECEIPT_H_
#define TACT_LEDGER_RECEIPT_H_

#include <string>

#include "core/consent_event.h"
#include "core/json_fields.h"
#include "core/purpose.h"
#include "core/tenant.h"

namespace tact {

// `lookup` finds a purpose of the tenant by key (null when a family key).
json::Json ReceiptClaims(const ConsentEvent& e, const Tenant& controller,
                         const std::function<const Purpose*(std::string_view)>& lookup);
// The same claims as compact JSON text, written without building a document
// (what the server signs for every consent): the text of
// ReceiptClaims(...).dump(), but for strings with \b, \f or ill-formed UTF-8,
// which are escaped differently (the same JSON value).
std::string ReceiptClaimsText(const ConsentEvent& e, const Tenant& controller,
                              const std::function<const Purpose*(std::string_view)>& lookup);

}  // namespace tact

#endif  // TACT_LEDGER_RECEIPT_H_
