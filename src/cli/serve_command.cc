// tact serve: opens the data directory and store, seeds the demo tenant
// (unless --no-demo), and serves the HTTP API until SIGINT or SIGTERM.
#include <signal.h>
#include <spdlog/spdlog.h>

#include <iostream>
#include <thread>
#include <vector>

#include "cli/commands.h"
#include "http/api_server.h"
#include "service/app.h"
#include "service/data_dir.h"
#include "service/demo.h"

namespace tact::cli {
namespace {

struct ServeFlags {
  std::string data = "./tact-data";
  std::string listen = "127.0.0.1:8080";
  std::string store = "sqlite";
  int threads = 0;
  bool no_demo = false;
  std::string tls_cert;
  std::string tls_key;
  std::vector<std::string> trusted_proxies;
  double key_rate = 20'000;  // requests per second per secret key; 0: no per-key limit
  double key_burst = 40'000;
  bool key_rate_decide = false;
};

bool SplitListen(const std::string& listen, std::string& host, uint16_t& port) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) return false;
  host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  try {
    int p = std::stoi(listen.substr(colon + 1));
    if (p < 0 || p > 65535) return false;
    port = static_cast<uint16_t>(p);
  } catch (...) {
    return false;
  }
  return !host.empty();
}

int Serve(const ServeFlags& f) {
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
  http::ServerOptions options;
  if (!SplitListen(f.listen, options.host, options.port)) {
    std::cerr << "tact serve: --listen must be HOST:PORT\n";
    return 2;
  }
  // Signals are taken by one thread with sigwait; block them in every thread,
  // which inherit the mask: so this comes before any thread is started.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);
  options.tls_cert = f.tls_cert;
  options.tls_key = f.tls_key;
  options.trusted_proxies = f.trusted_proxies;
  options.threads = f.threads > 0 ? f.threads : std::max(2u, std::thread::hardware_concurrency());
  Status s = EnsureDataDir(f.data);
  if (!s.ok()) {
    std::cerr << "tact serve: " << s.ToString() << "\n";
    return 1;
  }
  auto admin_key = LoadOrCreateAdminKey(f.data);
  if (!admin_key.ok()) {
    std::cerr << "tact serve: " << admin_key.error().ToString() << "\n";
    return 1;
  }
  AppOptions app_options;
  app_options.data_dir = f.data;
  app_options.store = f.store;
  auto app = App::Open(app_options);
  if (!app.ok()) {
    std::cerr << "tact serve: cannot open the store: " << app.error().ToString() << "\n";
    return 1;
  }

  http::ApiServer server(app->get(), *admin_key, options);
  if (f.key_rate > 0) {
    http::RateLimitOptions limit;
    limit.per_second = f.key_rate;
    limit.burst = std::max(1.0, f.key_burst);
    server.SetKeyRateLimit(limit, f.key_rate_decide);
  }
  s = server.Start();
  if (!s.ok()) {
    std::cerr << "tact serve: " << s.ToString() << "\n";
    return 1;
  }
  std::string base = std::string(options.tls_cert.empty() ? "http://" : "https://") + options.host +
                     ":" + std::to_string(server.port());
  if (!f.no_demo) {
    auto demo = SeedDemo(**app, f.data, base);
    if (!demo.ok()) {
      std::cerr << "tact serve: cannot seed the demo tenant: " << demo.error().ToString() << "\n";
      return 1;
    }
    server.SetDemoKey(demo->publishable_key);
    std::cout << "tact: demo tenant 'demo' (Demo Shop) " << (demo->created ? "created" : "ready")
              << "; its keys are in " << f.data << "/demo.key\n"
              << "  try: curl -s -X POST " << base << "/v1/decide -H 'Authorization: Bearer "
              << demo->secret_key
              << "' -d "
                 "'{\"subject\":\"sub_123\",\"purpose\":\"marketing.newsletter\",\"channel\":"
                 "\"email\"}'\n"
              << "  demo shop with the banner: " << base << "/demo/\n";
  }
  std::cout << "tact: listening on " << base << " (store: " << (*app)->store().Name() << ", "
            << options.threads << " threads)\n"
            << "  health:  " << base << "/healthz   metrics: " << base << "/metrics\n"
            << "  admin key: " << f.data << "/admin.key\n"
            << std::flush;
  spdlog::info("serving on {} with {} threads", base, options.threads);

  std::thread waiter([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    spdlog::info("signal {} received, stopping", sig);
    (*app)->Stop();
    server.Stop();
  });
  server.Run();
  // If Run returned for another reason, release the waiter.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  spdlog::info("stopped");
  return 0;
}

}  // namespace

void AddServeCommand(CLI::App& app) {
  auto flags = std::make_shared<ServeFlags>();
  auto* cmd = app.add_subcommand("serve", "Run the tact HTTP server");
  cmd->add_option("--data", flags->data, "Data directory (database, keys)")->capture_default_str();
  cmd->add_option("--listen", flags->listen, "HOST:PORT to listen on (port 0: any free port)")
      ->capture_default_str();
  cmd->add_option("--store", flags->store,
                  "sqlite, sqlite:/path/file.db, memory or postgresql://...")
      ->capture_default_str();
  cmd->add_option("--threads", flags->threads,
                  "I/O threads (default: number of cores, at least 2)");
  cmd->add_flag("--no-demo", flags->no_demo, "Do not seed the demo tenant");
  cmd->add_option("--tls-cert", flags->tls_cert,
                  "PEM certificate chain: serve HTTPS (with --tls-key)");
  cmd->add_option("--tls-key", flags->tls_key, "PEM private key for --tls-cert");
  cmd->add_option(
      "--trusted-proxy", flags->trusted_proxies,
      "IP address of a reverse proxy whose X-Forwarded-For names the client (repeatable)");
  cmd->add_option("--key-rate", flags->key_rate,
                  "Requests per second each secret key may make (0: no limit)")
      ->capture_default_str();
  cmd->add_option("--key-burst", flags->key_burst, "Requests a secret key may make at once")
      ->capture_default_str();
  cmd->add_flag("--key-rate-decide", flags->key_rate_decide,
                "Apply the per-key limit to POST /v1/decide too (its in-memory hot path is exempt "
                "by default)");
  cmd->callback([flags] { ExitCode() = Serve(*flags); });
}

}  // namespace tact::cli
