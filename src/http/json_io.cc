#include "http/json_io.h"

#include "codec/json_writer.h"

namespace tact::http {

using nlohmann::json;

Result<json> ParseBody(std::string_view body) {
  if (body.empty()) return Status::InvalidArgument("the request body must be a JSON document");
  bool too_deep = false;
  json::parser_callback_t limit = [&too_deep](int depth, json::parse_event_t, json&) {
    if (depth > kMaxJsonDepth) too_deep = true;
    return !too_deep;
  };
  try {
    json j = json::parse(body, limit, /*allow_exceptions=*/true);
    if (too_deep) {
      return Status::InvalidArgument("the JSON body nests deeper than " +
                                     std::to_string(kMaxJsonDepth) + " levels");
    }
    return j;
  } catch (const json::parse_error& e) {
    if (too_deep) {
      return Status::InvalidArgument("the JSON body nests deeper than " +
                                     std::to_string(kMaxJsonDepth) + " levels");
    }
    return Status::InvalidArgument("malformed JSON at byte " + std::to_string(e.byte));
  } catch (const std::exception&) {
    return Status::InvalidArgument("malformed JSON");
  }
}

std::string JsonString(std::string_view s) {
  std::string out;
  AppendJsonString(out, s);
  return out;
}

void AppendJsonString(std::string& out, std::string_view s) { codec::JsonWriter(&out).String(s); }

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

Response JsonResponse(int status, const json& j) {
  Response r;
  r.status = status;
  r.body = Dump(j);
  return r;
}

}  // namespace tact::http
