// The answer to a person's access request (GDPR Art. 15, and Art. 20's
// portable copy): everything tact holds on one subject, per tenant:
//   consents, history   the consent record (service/export.h)
//   messaging           their messaging profile and every message on record
//                       for them, with its reasons and outcomes
//   feedback            the effort answers (CES) that carry their id
//   access_log          every read of their data through the API: when, by
//                       which key (its id, never the secret), which route
// A tenant appears when it holds anything on the subject. The person gets it
// from their My-data page (GET /me/export), an operator from `tact export`.
#ifndef TACT_HTTP_SUBJECT_ACCESS_H_
#define TACT_HTTP_SUBJECT_ACCESS_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_fields.h"
#include "feedback/ces.h"
#include "feedback/feedback_service.h"
#include "governor/governor.h"
#include "governor/message.h"
#include "governor/subject_profile.h"
#include "service/catalog.h"
#include "storage/store.h"

namespace tact::http {

// What one tenant holds on the subject besides the ledger and the audit log.
struct HeldOnSubject {
  std::optional<governor::SubjectProfile> profile;
  std::vector<governor::Message> messages;
  std::vector<feedback::CesResponse> ces;
};
using ReadHeld = std::function<Result<HeldOnSubject>(const std::string& tenant)>;

// From a running server (the person's own download): the governor knows the
// ids of the subject's messages and their profile, the feedback service their
// answers; each message is then read from its record, as `tact export` does.
ReadHeld HeldInServer(Store& store, const governor::Governor& governor,
                      const feedback::FeedbackService& feedback, std::string subject);
// From the stored records alone (`tact export`, with no server state): every
// message and CES record is read once, since the store has no index by
// subject for them. Fit for an operator's tool, not for a route.
Result<ReadHeld> HeldFromRecords(Store& store, std::string_view tenant, std::string subject);

// `tenant` empty: every tenant.
Result<json::Json> SubjectAccessExport(Store& store, const Catalog& catalog,
                                       std::string_view tenant, std::string_view subject,
                                       UnixMillis now, const ReadHeld& read_held);

}  // namespace tact::http

#endif  // TACT_HTTP_SUBJECT_ACCESS_H_
