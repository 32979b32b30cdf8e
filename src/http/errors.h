// The one table from Status codes to HTTP statuses, and the error body
// {"error":{"code","message"}} every failing route returns.
#ifndef TACT_HTTP_ERRORS_H_
#define TACT_HTTP_ERRORS_H_

#include "http/message.h"
#include "tact/status.h"

namespace tact::http {

int HttpStatusFor(StatusCode code);
// REQUIRES: !status.ok()
Response ErrorResponse(const Status& status);
// For errors that exist only at the HTTP level (404 route, 405, 413, ...).
Response ErrorResponse(int http_status, std::string_view code, std::string_view message);

}  // namespace tact::http

#endif  // TACT_HTTP_ERRORS_H_
