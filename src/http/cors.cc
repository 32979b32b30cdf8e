#include "http/cors.h"

#include <algorithm>

namespace tact::http {

bool HasOriginHeader(const Request& request) { return !request.Header("origin").empty(); }

std::string RequestOrigin(const Request& request) {
  std::string_view origin = request.Header("origin");
  if (!origin.empty()) return std::string(origin);
  std::string_view host = request.Header("host");
  if (host.empty() || host.size() > 255) return {};
  std::string scheme = request.Header("x-forwarded-proto") == "https" ? "https://" : "http://";
  return scheme + std::string(host);
}

bool OriginAllowed(const Property& property, std::string_view origin) {
  if (origin.empty() || origin == "null") return false;
  return std::any_of(property.origins.begin(), property.origins.end(),
                     [&](const std::string& o) { return o == origin; });
}

void AddCorsHeaders(Response& response, std::string_view origin) {
  if (!origin.empty()) {
    response.headers.emplace_back("Access-Control-Allow-Origin", std::string(origin));
    response.headers.emplace_back("Access-Control-Expose-Headers", "Retry-After");
  }
  response.headers.emplace_back("Vary", "Origin");
}

Response PreflightResponse(std::string_view origin, std::string_view methods) {
  Response res;
  res.status = 204;
  res.content_type = {};
  AddCorsHeaders(res, origin);
  res.headers.emplace_back("Access-Control-Allow-Methods", std::string(methods));
  res.headers.emplace_back("Access-Control-Allow-Headers", "Authorization, Content-Type");
  res.headers.emplace_back("Access-Control-Max-Age", "600");
  return res;
}

}  // namespace tact::http
