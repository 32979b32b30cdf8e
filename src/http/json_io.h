// JSON in and out of the HTTP layer: bodies parsed with limits (size is
// checked by the server; depth here), and strings escaped for output.
#ifndef TACT_HTTP_JSON_IO_H_
#define TACT_HTTP_JSON_IO_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "http/message.h"
#include "tact/result.h"

namespace tact::http {

constexpr int kMaxJsonDepth = 32;

// Parses a request body as one JSON value. InvalidArgument for empty,
// malformed, invalid UTF-8 or deeper than kMaxJsonDepth.
Result<nlohmann::json> ParseBody(std::string_view body);

// A JSON string literal for `s` (quotes included). Invalid UTF-8 is replaced.
std::string JsonString(std::string_view s);
// Appends JsonString(s) to `out` without a temporary (answers on hot paths).
void AppendJsonString(std::string& out, std::string_view s);
// Serializes without throwing (invalid UTF-8 replaced).
std::string Dump(const nlohmann::json& j);
Response JsonResponse(int status, const nlohmann::json& j);

}  // namespace tact::http

#endif  // TACT_HTTP_JSON_IO_H_
