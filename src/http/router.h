// Router: maps (method, path) to a handler. Patterns are literal segments and
// {name} parameters: "/v1/subjects/{id}/consents". A path that matches a
// pattern under another method gets 405 with Allow; no match gets 404.
//
// Thread-safety: Add before serving; Dispatch from any thread afterwards.
#ifndef TACT_HTTP_ROUTER_H_
#define TACT_HTTP_ROUTER_H_

#include <functional>
#include <string>
#include <vector>

#include "http/message.h"

namespace tact::http {

using Handler = std::function<void(Request&, Respond)>;

class Router {
 public:
  void Add(std::string method, std::string pattern, Handler handler);
  // Fills request.params and returns "METHOD pattern" of the route matched, so
  // metrics can label by route without unbounded cardinality.
  const std::string& Dispatch(Request& request, Respond respond) const;

  struct RouteInfo {
    std::string method;
    std::string pattern;
  };
  std::vector<RouteInfo> Routes() const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::string name;  // "METHOD pattern", for metrics
    std::vector<std::string> segments;
    Handler handler;
  };
  static bool Match(const Route& r, const std::vector<std::string_view>& parts, Request* request);
  std::vector<Route> routes_;
};

}  // namespace tact::http

#endif  // TACT_HTTP_ROUTER_H_
