// Server: HTTP/1.1 (optionally over TLS) with Boost.Beast's parser: keep-alive
// and pipelining, one io_context per thread (a connection stays on the thread
// that accepted it, so serving it takes no lock), limits on header and body
// size, and a deadline on every read and write (idle and slow clients). It
// parses, hands a Request to the Router and writes the Response; it knows
// nothing of tact's domain.
//
// Handlers may answer later from another thread (e.g. after a group commit):
// the answer is posted back to the connection's thread.
//
// Thread-safety: Start, then Run from one thread (it blocks); Stop from any.
#ifndef TACT_HTTP_SERVER_H_
#define TACT_HTTP_SERVER_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "http/metrics.h"
#include "http/router.h"
#include "tact/status.h"

namespace tact::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0: any free port (see Server::port)
  int threads = 2;
  size_t max_body_bytes = 1 << 20;
  size_t max_header_bytes = 16 << 10;
  std::chrono::seconds read_timeout{30};  // a whole request, an answer's write, or idle keep-alive
  std::string tls_cert;                   // PEM certificate chain; with tls_key, serve HTTPS only
  std::string tls_key;                    // PEM private key
  // Peers (exact IP addresses) whose X-Forwarded-For is believed: behind
  // such a reverse proxy, Request::remote_ip is the client it names.
  std::vector<std::string> trusted_proxies;
};

class Server {
 public:
  Server(ServerOptions options, const Router* router, Metrics* metrics);
  ~Server();

  Status Start();         // binds and listens
  uint16_t port() const;  // after Start
  void Run();             // serves until Stop; uses options.threads threads
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The client address of a request that came from `peer`: the rightmost
// address in X-Forwarded-For that is not itself a trusted proxy, when `peer`
// is one; otherwise `peer`. An unparsable entry ends the walk (the peer's
// word is taken no further).
std::string ClientAddress(const std::string& peer, std::string_view forwarded_for,
                          const std::vector<std::string>& trusted_proxies);

// Percent-decodes a URL component; false on a bad escape or a NUL byte.
// (Defined in request_parser.cc.)
bool PercentDecode(std::string_view in, std::string& out, bool plus_is_space);

}  // namespace tact::http

#endif  // TACT_HTTP_SERVER_H_
