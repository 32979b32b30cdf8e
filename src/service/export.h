// A subject's consent record as one JSON document: per tenant, the current
// consents (derived from the events) and the full history. Used by
// `tact export` and the person's own download.
#ifndef TACT_SERVICE_EXPORT_H_
#define TACT_SERVICE_EXPORT_H_

#include <string>

#include "core/json_fields.h"
#include "service/catalog.h"
#include "storage/store.h"

namespace tact {

// `tenant` empty: every tenant. Reads only this subject's ledger entries.
Result<json::Json> ExportSubject(Store& store, const Catalog& catalog, std::string_view tenant,
                                 std::string_view subject, UnixMillis now);

}  // namespace tact

#endif  // TACT_SERVICE_EXPORT_H_
