// The answer to a person's access request (GDPR Art. 15, and Art. 20's
// portable copy): everything tact holds on one subject, read from the store,
// per tenant:
//   consents, history   the consent record (service/export.h, as /me/export)
//   messaging           their messaging profile and every stored message
//                       decided for them, with reasons and outcomes
//   feedback            the effort answers (CES) that carry their id
//   access_log          every read of their data through the API: when, by
//                       which key (its id, never the secret), which route
// A tenant appears when it holds anything on the subject.
//
// For `tact export`: messages and CES answers are found by reading every
// record of their kind once (the server keeps them in memory; the store has
// no index by subject for them), which suits an operator's tool, not a route.
#ifndef TACT_CLI_SUBJECT_ACCESS_H_
#define TACT_CLI_SUBJECT_ACCESS_H_

#include <string_view>

#include "core/json_fields.h"
#include "service/catalog.h"
#include "storage/store.h"

namespace tact::cli {

// `tenant` empty: every tenant.
Result<json::Json> SubjectAccessExport(Store& store, const Catalog& catalog,
                                       std::string_view tenant, std::string_view subject,
                                       UnixMillis now);

}  // namespace tact::cli

#endif  // TACT_CLI_SUBJECT_ACCESS_H_
