// Router: maps (method, path) to a handler. Patterns are literal segments and
// {name} parameters: "/v1/subjects/{id}/consents". A path that matches a
// pattern under another method gets 405 with Allow; no match gets 404. When
// several routes match, the one added first wins.
//
// Speed: a path with no parameters is found by one hash lookup; the others
// are matched in order against the path's segments, split without
// allocating.
//
// Thread-safety: Add before serving; Dispatch from any thread afterwards.
#ifndef TACT_HTTP_ROUTER_H_
#define TACT_HTTP_ROUTER_H_

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "http/message.h"

namespace tact::http {

using Handler = std::function<void(Request&, Respond)>;

class Router {
 public:
  // What Dispatch returns when no route took the request (404, 405, OPTIONS).
  static constexpr size_t kNoRoute = static_cast<size_t>(-1);

  void Add(std::string method, std::string pattern, Handler handler);
  // Fills request.params, calls the handler and returns the index of the
  // route in Routes() (metrics label by route: bounded cardinality), or
  // kNoRoute after answering itself.
  size_t Dispatch(Request& request, Respond respond) const;

  struct RouteInfo {
    std::string method;
    std::string pattern;
  };
  std::vector<RouteInfo> Routes() const;

 private:
  static constexpr size_t kMaxSegments = 32;
  struct Segment {
    std::string text;  // the literal, or the parameter's name
    bool param = false;
  };
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<Segment> segments;
    Handler handler;
    bool literal = true;    // no {param}
    bool shadowed = false;  // an earlier route of another pattern matches this path
  };
  static bool Match(const Route& r, const std::string_view* parts, size_t n);
  void Call(size_t index, const std::string_view* parts, Request& request, Respond respond) const;
  size_t DispatchSlow(Request& request, Respond respond) const;

  std::vector<Route> routes_;
  std::unordered_map<std::string, std::vector<size_t>> literal_;  // path -> routes, in order
};

}  // namespace tact::http

#endif  // TACT_HTTP_ROUTER_H_
