// The hot routes' JSON bodies (decide, messages/decide): parsed by simdjson
// in place, without the copy simdjson makes of a buffer that lacks its
// padding.
#ifndef TACT_HTTP_HOT_JSON_H_
#define TACT_HTTP_HOT_JSON_H_

#include <simdjson.h>

#include <string>

namespace tact::http {

// Parses `body` with this thread's parser into `doc`, valid until the
// thread's next call. The string's capacity is grown to hold the padding
// (once per connection: a connection reuses its Request); its size and
// bytes are unchanged. SUCCESS or simdjson's error (empty is an error).
simdjson::error_code ParseHotJson(std::string& body, simdjson::dom::element& doc);

}  // namespace tact::http

#endif  // TACT_HTTP_HOT_JSON_H_
