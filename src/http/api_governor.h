// Shared between the governor's route files (api_messages.cc, which
// registers api_subjects.cc's routes too). RegisterApiRoutes opens the
// Governor (loading its state) into ApiContext; one that failed to load
// leaves `ctx.governor` null, and every governor route answers 503 with
// `ctx.governor_error`.
#ifndef TACT_HTTP_API_GOVERNOR_H_
#define TACT_HTTP_API_GOVERNOR_H_

#include <memory>
#include <string>

#include "governor/governor.h"
#include "http/api.h"

namespace tact::http {

void RegisterSubjectRoutes(Router& router, ApiContext& ctx);

// Reasons as [{"code","message"}].
nlohmann::json ReasonsJson(const std::vector<Reason>& reasons);

}  // namespace tact::http

#endif  // TACT_HTTP_API_GOVERNOR_H_
