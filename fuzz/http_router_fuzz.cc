// libFuzzer: the HTTP API's request parsers. Every route of the real Router
// (RegisterApiRoutes over an App on a MemoryStore, seeded with the demo
// tenant) gets a request built from the input: the route, the method, the
// path parameters, the query string (decoded as the server decodes it),
// headers, the key (none, the demo tenant's secret or publishable key, the
// admin key) and the body. Every answer must come, exactly once, and be below
// 500.
//
// The App lives across inputs (as a server does), so valid writes accumulate;
// a crash input replays on a fresh process against the same seeded start.
//
//   cmake -S . -B build-fuzz -DTACT_BUILD_FUZZ=ON -DTACT_BUILD_TESTS=OFF ... (make fuzz)
//   build-fuzz/http_router_fuzz -dict=fuzz/http_router_fuzz.dict -max_len=4096 corpus-dir
// An input starting with "R" is a raw HTTP/1.1 request for the server's own
// RequestParser; any other input is decoded field by field (FuzzedDataProvider).
#include <fuzzer/FuzzedDataProvider.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/api_key.h"
#include "http/api.h"
#include "http/request_parser.h"
#include "service/demo.h"
#include "storage/memory/memory_store.h"

namespace {

using tact::http::Request;
using tact::http::Response;

constexpr char kAdminKey[] = "ak_fuzz_admin_key_0123456789abcdef";

struct World {
  std::unique_ptr<tact::App> app;
  tact::http::Router router;
  tact::http::Metrics metrics;
  tact::http::ApiContext ctx;
  std::vector<tact::http::Router::RouteInfo> routes;
  tact::DemoInfo demo;
  std::vector<std::string> values;  // known good path parameters
};

World* Setup() {
  auto* w = new World;
  auto app = tact::App::OpenWithStore(std::make_unique<tact::MemoryStore>(), nullptr);
  if (!app.ok()) {
    std::fprintf(stderr, "App: %s\n", app.error().ToString().c_str());
    std::abort();
  }
  w->app = std::move(*app);
  char dir[] = "/tmp/tact-http-fuzz.XXXXXX";
  if (mkdtemp(dir) == nullptr) std::abort();
  auto demo = tact::SeedDemo(*w->app, dir, "http://127.0.0.1:8080");
  if (!demo.ok()) {
    std::fprintf(stderr, "SeedDemo: %s\n", demo.error().ToString().c_str());
    std::abort();
  }
  w->demo = *demo;
  tact::ConsentRequest req;
  req.tenant = w->demo.tenant;
  req.subject = "fz_subject";
  req.property = w->demo.property;
  tact::RequestedChoice choice;
  choice.choice.purpose = "marketing.newsletter";
  choice.choice.state = tact::ConsentState::kGranted;
  req.choices.push_back(choice);
  auto e = w->app->RecordConsent(req);
  if (!e.ok()) {
    std::fprintf(stderr, "RecordConsent: %s\n", e.error().ToString().c_str());
    std::abort();
  }
  w->values = {"demo",
               "shop",
               "fz_subject",
               "marketing.newsletter",
               "analytics.measurement",
               "sub_0123456789abcdef01",
               "msg_1",
               e->receipt_id};
  w->ctx.app = w->app.get();
  w->ctx.admin_key_hash = tact::HashKey(kAdminKey);
  w->ctx.metrics = &w->metrics;
  w->ctx.run_blocking = [](std::function<void()> task) { task(); };
  w->ctx.demo_publishable_key = w->demo.publishable_key;
  tact::http::RegisterApiRoutes(w->router, w->ctx);
  w->routes = w->router.Routes();
  for (const auto& r : w->routes) w->metrics.Register(r.method + " " + r.pattern);
  w->metrics.Register("other");
  return w;
}

// The query string as the server decodes it (ParseTarget of the server's
// request parser); false when it refuses the target.
bool ParseQuery(const std::string& query, Request& req) {
  Request parsed;
  if (!tact::http::ParseTarget("/?" + query, parsed)) return false;
  req.query = std::move(parsed.query);
  return true;
}

// Raw mode: the bytes are an HTTP/1.1 request for the server's own parser
// (RequestParser). "Bearer SK", "Bearer PK" and "Bearer AK" stand for the demo
// tenant's secret and publishable keys and the admin key (random per run).
bool ParseRaw(std::string_view bytes, const World& w, Request& req) {
  tact::http::RequestParser parser(req);
  parser.header_limit(16 * 1024);
  parser.body_limit(1 << 20);
  boost::beast::error_code ec;
  while (!bytes.empty() && !parser.is_done()) {
    size_t n = parser.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
    if (ec == boost::beast::http::error::need_more && n == 0) break;
    if (ec && ec != boost::beast::http::error::need_more) return false;
    bytes.remove_prefix(n);
    if (n == 0) break;
  }
  if (!parser.is_done()) {
    parser.put_eof(ec);
    if (ec || !parser.is_done()) return false;
  }
  if (!parser.target_ok()) return false;
  std::string auth(req.headers.Get("authorization"));  // a copy: Set reallocates
  if (auth == "Bearer SK") req.headers.Set("authorization", "Bearer " + w.demo.secret_key);
  if (auth == "Bearer PK") req.headers.Set("authorization", "Bearer " + w.demo.publishable_key);
  if (auth == "Bearer AK") req.headers.Set("authorization", std::string("Bearer ") + kAdminKey);
  return true;
}

const char* const kHeaderNames[] = {
    "content-type",  "origin",  "sec-gpc",    "accept-language", "x-forwarded-for", "if-none-match",
    "cookie",        "referer", "user-agent", "accept-encoding", "content-length",  "x-request-id",
    "authorization", "host"};

}  // namespace

int Check(World* w, Request& req);

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static World* w = Setup();
  if (size > 0 && data[0] == 'R') {  // raw HTTP through the server's parser
    Request req;
    req.remote_ip = "127.0.0.1";
    if (!ParseRaw(std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1), *w, req))
      return 0;
    req.query.Erase("wait");
    return Check(w, req);
  }
  FuzzedDataProvider in(data, size);
  const auto& route = w->routes[in.ConsumeIntegralInRange<size_t>(0, w->routes.size() - 1)];
  const uint8_t flags = in.ConsumeIntegral<uint8_t>();

  Request req;
  req.remote_ip = "127.0.0.1";
  req.method = (flags & 1) ? in.ConsumeRandomLengthString(12) : route.method;
  // The path: the route's pattern with each {param} filled (a known value or
  // fuzz bytes, as the server passes them on after percent-decoding), or
  // fuzz bytes altogether.
  if (flags & 2) {
    req.path = in.ConsumeRandomLengthString(128);
  } else {
    std::string_view p = route.pattern;
    size_t i = 0;
    while (i < p.size()) {
      size_t open = p.find('{', i);
      if (open == std::string_view::npos) {
        req.path.append(p.substr(i));
        break;
      }
      size_t close = p.find('}', open);
      req.path.append(p.substr(i, open - i));
      if (in.ConsumeBool()) {
        req.path += w->values[in.ConsumeIntegralInRange<size_t>(0, w->values.size() - 1)];
      } else {
        req.path += in.ConsumeRandomLengthString(64);
      }
      i = close + 1;
    }
  }
  if (!ParseQuery(in.ConsumeRandomLengthString(256), req))
    return 0;               // the server answers 400 itself
  req.query.Erase("wait");  // a long-poll would only wait (up to 60 s)
  // The key.
  switch ((flags >> 2) & 3) {
    case 1:
      req.headers.Set("authorization", "Bearer " + w->demo.secret_key);
      break;
    case 2:
      req.headers.Set("authorization", std::string("Bearer ") + kAdminKey);
      break;
    case 3:
      req.headers.Set("authorization", "Bearer " + w->demo.publishable_key);
      req.headers.Set("origin", "http://127.0.0.1:8080");
      break;
    default:
      break;
  }
  if (flags & 16) req.headers.Set("content-type", "application/json");
  const size_t n_headers = in.ConsumeIntegralInRange<size_t>(0, 4);
  for (size_t i = 0; i < n_headers; ++i) {
    std::string name =
        in.ConsumeBool()
            ? kHeaderNames[in.ConsumeIntegralInRange<size_t>(0, std::size(kHeaderNames) - 1)]
            : in.ConsumeRandomLengthString(16);
    req.headers.Set(name, in.ConsumeRandomLengthString(128));
  }
  req.body = in.ConsumeRemainingBytesAsString();
  return Check(w, req);
}

int Check(World* w, Request& req) {
  std::mutex mu;
  std::condition_variable cv;
  int answers = 0;
  int status = 0;
  std::string body;
  w->router.Dispatch(req, [&](Response r) {
    if (r.finish) r.finish(r);  // as the connection does before writing it
    std::lock_guard lock(mu);
    ++answers;
    status = r.status;
    body = std::move(r.body);
    cv.notify_all();
  });
  std::unique_lock lock(mu);
  if (!cv.wait_for(lock, std::chrono::seconds(20), [&] { return answers > 0; })) {
    std::fprintf(stderr, "no answer in 20 s: %s %s\n", req.method.c_str(), req.path.c_str());
    std::abort();
  }
  if (status >= 500 || status < 100) {
    std::fprintf(stderr, "status %d: %s %s body %zu bytes: %.300s\nanswer: %.500s\n", status,
                 req.method.c_str(), req.path.c_str(), req.body.size(), req.body.c_str(),
                 body.c_str());
    std::abort();
  }
  return 0;
}
