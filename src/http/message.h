// The HTTP request and response as handlers see them: no Beast types leak
// past the server, so handlers are plain functions tested without sockets.
#ifndef TACT_HTTP_MESSAGE_H_
#define TACT_HTTP_MESSAGE_H_

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tact::http {

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string path;    // decoded path, no query
  std::map<std::string, std::string, std::less<>> query;   // decoded
  std::map<std::string, std::string, std::less<>> headers; // lower-case names
  std::string body;
  std::string remote_ip;
  std::map<std::string, std::string, std::less<>> params;  // from the route pattern

  std::string_view Header(std::string_view name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string_view() : std::string_view(it->second);
  }
  std::string_view Query(std::string_view name) const {
    auto it = query.find(name);
    return it == query.end() ? std::string_view() : std::string_view(it->second);
  }
  std::string_view Param(std::string_view name) const {
    auto it = params.find(name);
    return it == params.end() ? std::string_view() : std::string_view(it->second);
  }
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// Handlers answer through Respond exactly once, from any thread.
using Respond = std::function<void(Response)>;

}  // namespace tact::http

#endif  // TACT_HTTP_MESSAGE_H_
