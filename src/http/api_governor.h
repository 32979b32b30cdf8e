// Shared between the governor's route files: RegisterApiRoutes opens the
// Governor (loading its state) into ApiContext; api_messages.cc holds it
// through the handlers, and api_subjects.cc registers the subject routes on
// it. A Governor that failed to load leaves `governor` null, and every route
// answers 503 with the reason.
#ifndef TACT_HTTP_API_GOVERNOR_H_
#define TACT_HTTP_API_GOVERNOR_H_

#include <memory>
#include <string>

#include "governor/governor.h"
#include "http/api.h"

namespace tact::http {

struct GovernorHandle {
  std::shared_ptr<governor::Governor> governor;
  Status load_error;  // why governor is null
};

void RegisterSubjectRoutes(Router& router, ApiContext& ctx, std::shared_ptr<GovernorHandle> handle);

// Reasons as [{"code","message"}].
nlohmann::json ReasonsJson(const std::vector<Reason>& reasons);

}  // namespace tact::http

#endif  // TACT_HTTP_API_GOVERNOR_H_
