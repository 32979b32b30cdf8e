#include "http/hot_json.h"

namespace tact::http {

simdjson::error_code ParseHotJson(std::string& body, simdjson::dom::element& doc) {
  if (body.empty()) return simdjson::EMPTY;
  thread_local simdjson::dom::parser parser;
  if (body.capacity() < body.size() + simdjson::SIMDJSON_PADDING) {
    body.reserve(body.size() + simdjson::SIMDJSON_PADDING);
  }
  return parser.parse(body.data(), body.size(), /*realloc_if_needed=*/false).get(doc);
}

}  // namespace tact::http
