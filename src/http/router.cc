#include "http/router.h"

#include "http/errors.h"

namespace tact::http {
namespace {

std::vector<std::string_view> Split(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    parts.push_back(path.substr(i, j - i));
    i = j;
  }
  return parts;
}

}  // namespace

void Router::Add(std::string method, std::string pattern, Handler handler) {
  Route r;
  r.method = std::move(method);
  for (auto s : Split(pattern)) r.segments.emplace_back(s);
  r.pattern = std::move(pattern);
  r.name = r.method + " " + r.pattern;
  r.handler = std::move(handler);
  routes_.push_back(std::move(r));
}

bool Router::Match(const Route& r, const std::vector<std::string_view>& parts, Request* request) {
  if (r.segments.size() != parts.size()) return false;
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string& seg = r.segments[i];
    bool param = seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
    if (!param && seg != parts[i]) return false;
  }
  if (request != nullptr) {
    for (size_t i = 0; i < parts.size(); ++i) {
      const std::string& seg = r.segments[i];
      if (seg.size() > 2 && seg.front() == '{')
        request->params[seg.substr(1, seg.size() - 2)] = parts[i];
    }
  }
  return true;
}

const std::string& Router::Dispatch(Request& request, Respond respond) const {
  static const std::string kOptions = "OPTIONS", k405 = "405", k404 = "404";
  // A trailing slash is kept significant only for "/me/" style pages.
  auto parts = Split(request.path);
  std::string allow;
  for (const Route& r : routes_) {
    if (!Match(r, parts, nullptr)) continue;
    bool method_ok = r.method == request.method || (r.method == "GET" && request.method == "HEAD");
    if (!method_ok) {
      if (!allow.empty()) allow += ", ";
      allow += r.method;
      continue;
    }
    Match(r, parts, &request);
    r.handler(request, std::move(respond));
    return r.name;
  }
  if (!allow.empty()) {
    if (request.method == "OPTIONS") {
      Response res;
      res.status = 204;
      res.content_type.clear();
      res.headers.emplace_back("Allow", allow + ", OPTIONS");
      respond(std::move(res));
      return kOptions;
    }
    Response res = ErrorResponse(405, "method_not_allowed",
                                 "this route does not accept " + request.method.substr(0, 16));
    res.headers.emplace_back("Allow", allow);
    respond(std::move(res));
    return k405;
  }
  respond(ErrorResponse(404, "not_found", "no such route"));
  return k404;
}

std::vector<Router::RouteInfo> Router::Routes() const {
  std::vector<RouteInfo> out;
  for (const auto& r : routes_) out.push_back({r.method, r.pattern});
  return out;
}

}  // namespace tact::http
