#include "http/router.h"

#include <stdexcept>

#include "http/errors.h"

namespace tact::http {
namespace {

// Splits "/a/b//c" into {"a", "b", "c"} in `parts`; returns how many, or
// max + 1 when there are more than `max`.
size_t Split(std::string_view path, std::string_view* parts, size_t max) {
  size_t n = 0;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (n == max) return max + 1;
    parts[n++] = path.substr(i, j - i);
    i = j;
  }
  return n;
}

bool MethodMatches(std::string_view route, std::string_view request) {
  return route == request || (route == "GET" && request == "HEAD");
}

}  // namespace

void Router::Add(std::string method, std::string pattern, Handler handler) {
  Route r;
  r.method = std::move(method);
  r.pattern = std::move(pattern);
  r.handler = std::move(handler);
  std::string_view parts[kMaxSegments];  // views into r.pattern, used before r moves
  size_t n = Split(r.pattern, parts, kMaxSegments);
  if (n > kMaxSegments) throw std::invalid_argument("route pattern too deep: " + r.pattern);
  for (size_t i = 0; i < n; ++i) {
    std::string_view s = parts[i];
    Segment seg;
    seg.param = s.size() > 2 && s.front() == '{' && s.back() == '}';
    seg.text = seg.param ? std::string(s.substr(1, s.size() - 2)) : std::string(s);
    r.literal = r.literal && !seg.param;
    r.segments.push_back(std::move(seg));
  }
  if (r.literal) {
    for (const Route& earlier : routes_) {
      // Same segments under another spelling ("/a/" vs "/a") or a pattern.
      if (earlier.pattern != r.pattern && Match(earlier, parts, n)) r.shadowed = true;
    }
    literal_[r.pattern].push_back(routes_.size());
  }
  routes_.push_back(std::move(r));
}

bool Router::Match(const Route& r, const std::string_view* parts, size_t n) {
  if (r.segments.size() != n) return false;
  for (size_t i = 0; i < n; ++i) {
    if (!r.segments[i].param && r.segments[i].text != parts[i]) return false;
  }
  return true;
}

void Router::Call(size_t index, const std::string_view* parts, Request& request,
                  Respond respond) const {
  const Route& r = routes_[index];
  if (!r.literal) {
    for (size_t i = 0; i < r.segments.size(); ++i) {
      if (r.segments[i].param) request.params.Set(r.segments[i].text, parts[i]);
    }
  }
  r.handler(request, std::move(respond));
}

size_t Router::Dispatch(Request& request, Respond respond) const {
  // The common case: a path without parameters, found at once.
  if (auto it = literal_.find(request.path); it != literal_.end()) {
    for (size_t i : it->second) {
      const Route& r = routes_[i];
      if (r.shadowed) break;
      if (MethodMatches(r.method, request.method)) {
        Call(i, nullptr, request, std::move(respond));
        return i;
      }
    }
  }
  return DispatchSlow(request, std::move(respond));
}

size_t Router::DispatchSlow(Request& request, Respond respond) const {
  // A trailing slash is kept significant only for "/me/" style pages.
  std::string_view parts[kMaxSegments];
  size_t n = Split(request.path, parts, kMaxSegments);
  std::string allow;
  if (n <= kMaxSegments) {
    for (size_t i = 0; i < routes_.size(); ++i) {
      const Route& r = routes_[i];
      if (!Match(r, parts, n)) continue;
      if (!MethodMatches(r.method, request.method)) {
        if (!allow.empty()) allow += ", ";
        allow += r.method;
        continue;
      }
      Call(i, parts, request, std::move(respond));
      return i;
    }
  }
  if (!allow.empty()) {
    if (request.method == "OPTIONS") {
      Response res;
      res.status = 204;
      res.content_type = {};
      res.headers.emplace_back("Allow", allow + ", OPTIONS");
      respond(std::move(res));
      return kNoRoute;
    }
    Response res = ErrorResponse(405, "method_not_allowed",
                                 "this route does not accept " + request.method.substr(0, 16));
    res.headers.emplace_back("Allow", allow);
    respond(std::move(res));
    return kNoRoute;
  }
  respond(ErrorResponse(404, "not_found", "no such route"));
  return kNoRoute;
}

std::vector<Router::RouteInfo> Router::Routes() const {
  std::vector<RouteInfo> out;
  for (const auto& r : routes_) out.push_back({r.method, r.pattern});
  return out;
}

}  // namespace tact::http
