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

// The claims of `e`'s receipt as compact JSON text, members sorted by key,
// written without building a document (the server signs one per consent).
// `lookup` finds a purpose of the tenant by key (null when a family key).
std::string ReceiptClaimsText(const ConsentEvent& e, const Tenant& controller,
                              const std::function<const Purpose*(std::string_view)>& lookup);

}  // namespace tact

#endif  // TACT_LEDGER_RECEIPT_H_
