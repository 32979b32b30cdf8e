// ApiServer: the whole HTTP side of `tact serve` — router, metrics, the pool
// for long-polls and the Beast server — bundled so tests start it in-process.
//
// Thread-safety: Start, then Run on one thread; Stop from any thread.
#ifndef TACT_HTTP_API_SERVER_H_
#define TACT_HTTP_API_SERVER_H_

#include <memory>
#include <string>

#include "http/rate_limit.h"
#include "http/server.h"
#include "service/app.h"

namespace tact::http {

class ApiServer {
 public:
  ApiServer(App* app, std::string_view admin_key, ServerOptions options);
  ~ApiServer();

  Status Start();
  uint16_t port() const;
  // The demo property's publishable key, shown in the /demo/ page's tag.
  // Call before Run.
  void SetDemoKey(std::string key);
  // Limits each secret key to a token bucket (429 with Retry-After past it);
  // `include_decide` also limits the decide scope's hot path. Call before Run.
  void SetKeyRateLimit(RateLimitOptions options, bool include_decide);
  void Run();
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tact::http

#endif  // TACT_HTTP_API_SERVER_H_
