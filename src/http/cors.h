// Browser access to the public routes (/v1/p/...): which origin a request
// comes from, whether the property allows it, and the CORS headers.
//
// Contract: an allowed origin is echoed exactly in Access-Control-Allow-Origin
// (never "*"), every answer carries "Vary: Origin", and credentials are never
// allowed (the banner sends its key and the subject id explicitly, no cookies).
// A request without an Origin header is a same-origin browser request (or a
// non-browser client): its origin is the server's own, built from Host.
#ifndef TACT_HTTP_CORS_H_
#define TACT_HTTP_CORS_H_

#include <string>
#include <string_view>

#include "core/tenant.h"
#include "http/message.h"

namespace tact::http {

// The Origin header, or "http[s]://<Host>" when absent. Empty when neither is usable.
std::string RequestOrigin(const Request& request);
bool HasOriginHeader(const Request& request);

// Exact match against the property's allowed origins.
bool OriginAllowed(const Property& property, std::string_view origin);

// Adds Access-Control-Allow-Origin (when `origin` is non-empty), Vary and
// the headers the banner may read.
void AddCorsHeaders(Response& response, std::string_view origin);

// The answer to a preflight for an allowed origin: 204 with the methods and
// headers the public routes accept, cached by the browser for 10 minutes.
Response PreflightResponse(std::string_view origin, std::string_view methods);

}  // namespace tact::http

#endif  // TACT_HTTP_CORS_H_
