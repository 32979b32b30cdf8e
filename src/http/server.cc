#include "http/server.h"

#include <linux/filter.h>
#include <pthread.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <charconv>
#include <chrono>
#include <functional>
#include <optional>
#include <thread>
#include <vector>

#include "http/errors.h"
#include "http/request_parser.h"

namespace tact::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

// The route of an answer written before any route saw the request (a
// refused request line, headers or body): not counted by route.
constexpr size_t kNotDispatched = Router::kNoRoute - 1;

// Appends the status line, our fixed headers, the handler's headers, the
// framing headers and the body of `res` to `out`.
void SerializeResponse(const Response& res, bool keep_alive, bool head, std::string& out) {
  char num[16];
  out += "HTTP/1.1 ";
  auto [end, ec] = std::to_chars(num, num + sizeof num, res.status);
  out.append(num, end);
  out += ' ';
  beast::string_view reason = bhttp::obsolete_reason(static_cast<bhttp::status>(res.status));
  out.append(reason.data(), reason.size());
  out += "\r\nServer: tact\r\nX-Content-Type-Options: nosniff\r\n";
  if (!res.content_type.empty()) {
    out += "Content-Type: ";
    out += res.content_type;
    out += "\r\n";
  }
  bool has_cache = false;
  for (const auto& [k, v] : res.headers) {
    // A name or value with a line break would let a handler split the
    // response; such a header is dropped, never written.
    if (k.empty() || k.find_first_of("\r\n:") != std::string::npos ||
        v.find_first_of("\r\n") != std::string::npos) {
      continue;
    }
    if (beast::iequals(k, "Cache-Control")) has_cache = true;
    if (beast::iequals(k, "Content-Length") || beast::iequals(k, "Connection")) continue;
    out += k;
    out += ": ";
    out += v;
    out += "\r\n";
  }
  if (!has_cache) out += "Cache-Control: no-store\r\n";
  if (res.status >= 200 && res.status != 204 && res.status != 304) {
    out += "Content-Length: ";
    end = std::to_chars(num, num + sizeof num, res.body.size()).ptr;
    out.append(num, end);
    out += "\r\n";
  }
  if (!keep_alive) out += "Connection: close\r\n";
  out += "\r\n";
  if (!head && res.status != 204 && res.status != 304) out += res.body;
}

template <class Stream>
class Session;

// Where plain-TCP connections live, one for the server (filled in by
// Server::Impl::Listen).
struct Placement {
  size_t threads = 1;
  bool pinned = false;  // thread t runs on a CPU c with c % threads == t
  // Starts a session for the open connection `fd` on thread `to` (called
  // from any thread; owns the fd from then on).
  std::function<void(size_t to, int fd)> adopt;
};

// What a plain-TCP connection knows of the io_context (thread) it lives on:
// the answers waiting to be written at the end of the current round of
// handlers (Session::Write), and where to move when its client moved to
// another CPU (Session::MoveToClientsCpu).
struct WriteBatch {
  std::vector<std::shared_ptr<Session<tcp::socket>>> pending;
  std::vector<std::shared_ptr<Session<tcp::socket>>> flushing;
  bool posted = false;
  size_t thread = 0;
  const Placement* placement = nullptr;
};

// One connection. All its work runs on the one io_context (thread) it was
// accepted onto, so it needs no strand and no lock; only a handler that
// answers from another thread posts back to it.
//
// A timer per connection is armed once and re-armed lazily: each read or
// write only moves deadline_, so a request costs no timer operation.
template <class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
 public:
  template <class... Args>
  Session(const ServerOptions& options, const Router* router, Metrics* metrics, WriteBatch* batch,
          tcp::socket&& socket, Args&&... args)
      : stream_(std::move(socket), std::forward<Args>(args)...),
        timer_(stream_.get_executor()),
        options_(options),
        router_(router),
        metrics_(metrics),
        batch_(batch) {}

  void Start() {
    beast::error_code ec;
    Socket().set_option(tcp::no_delay(true), ec);
    Socket().non_blocking(true, ec);  // Flush tries write_some before going async
    auto endpoint = Socket().remote_endpoint(ec);
    if (!ec) remote_ip_ = endpoint.address().to_string();
    out_.reserve(1024);
    deadline_ = Clock::now() + options_.read_timeout;
    ArmTimer();
    if constexpr (std::is_same_v<Stream, tcp::socket>) {
      StartRequest();
    } else {
      stream_.async_handshake(ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code ec) {
                                if (ec) return self->Close();
                                self->StartRequest();
                              });
    }
  }

 private:
  tcp::socket& Socket() {
    if constexpr (std::is_same_v<Stream, tcp::socket>) {
      return stream_;
    } else {
      return stream_.next_layer();
    }
  }

  void ArmTimer() {
    timer_.expires_at(deadline_);
    timer_.async_wait([self = this->shared_from_this()](beast::error_code ec) {
      if (ec || self->closed_) return;
      if (self->deadline_ > Clock::now()) return self->ArmTimer();
      self->Close();  // idle, too slow a client, or too slow a reader
    });
  }

  void StartRequest() {
    parser_.emplace(request_);
    parser_->header_limit(static_cast<std::uint32_t>(options_.max_header_bytes));
    parser_->body_limit(options_.max_body_bytes);
    request_.method.clear();
    request_.path.clear();
    request_.query.clear();
    request_.headers.clear();
    request_.body.clear();
    request_.params.clear();
    request_.remote_ip = remote_ip_;
    sent_continue_ = false;
    deadline_ = Clock::now() + options_.read_timeout;
    Parse();
  }

  // Feeds what is buffered to the parser; reads more if it needs more.
  void Parse() {
    while (in_.size() > 0) {
      beast::error_code ec;
      size_t used = parser_->put(in_.data(), ec);
      in_.consume(used);
      if (ec == bhttp::error::need_more) break;
      if (ec) return Refuse(ec);
      if (parser_->is_done()) return Dispatch();
      if (used == 0) break;
    }
    if (parser_->is_header_done() && parser_->expects_continue() && !sent_continue_) {
      sent_continue_ = true;
      out_ = "HTTP/1.1 100 Continue\r\n\r\n";
      return net::async_write(stream_, net::buffer(out_),
                              [self = this->shared_from_this()](beast::error_code ec, size_t) {
                                if (ec) return self->Close();
                                self->ReadMore();
                              });
    }
    ReadMore();
  }

  void ReadMore() {
    stream_.async_read_some(in_.prepare(kReadSize),
                            [self = this->shared_from_this()](beast::error_code ec, size_t n) {
                              if (ec)
                                return self->Close();  // the peer closed, reset, or we timed out
                              self->in_.commit(n);
                              self->Parse();
                            });
  }

  void Refuse(beast::error_code ec) {
    keep_alive_ = false;
    head_ = false;
    if (ec == bhttp::error::body_limit) {
      return Write(ErrorResponse(413, "payload_too_large",
                                 "the body is larger than " +
                                     std::to_string(options_.max_body_bytes) + " bytes"),
                   kNotDispatched);
    }
    if (ec == bhttp::error::header_limit) {
      return Write(ErrorResponse(431, "headers_too_large", "the request headers are too large"),
                   kNotDispatched);
    }
    Write(ErrorResponse(400, "bad_request", "the request is not valid HTTP/1.1"), kNotDispatched);
  }

  void Dispatch() {
    start_ = Clock::now();
    keep_alive_ = parser_->keep_alive();
    head_ = request_.method == "HEAD";
    if (!options_.trusted_proxies.empty()) {
      request_.remote_ip =
          ClientAddress(remote_ip_, request_.Header("x-forwarded-for"), options_.trusted_proxies);
    }
    if (!parser_->target_ok()) {
      keep_alive_ = false;
      return Write(ErrorResponse(400, "bad_request", "the request target is not a valid path"),
                   kNotDispatched);
    }
    // While a handler works (a long-poll may take a while) the connection
    // is not idle: the deadline is moved when the answer is written.
    deadline_ = Clock::time_point::max();
    dispatching_.store(std::this_thread::get_id());
    // The answer keeps the connection alive until it is written. (Not a
    // member pointing at itself: a server stopped mid-request would leak it.)
    route_ = router_->Dispatch(request_, [self = this->shared_from_this()](Response res) {
      self->Answer(std::move(res));
    });
    dispatching_.store(std::thread::id());
    if (inline_answer_) {
      Response res = std::move(*inline_answer_);
      inline_answer_.reset();
      Write(std::move(res), route_);
    }
  }

  // Respond: exactly once per request, from any thread.
  void Answer(Response res) {
    if (dispatching_.load() == std::this_thread::get_id()) {
      inline_answer_ = std::move(res);
      return;
    }
    net::post(stream_.get_executor(),
              [self = this->shared_from_this(), res = std::move(res)]() mutable {
                // route_ is set once Dispatch returned, which happened before this ran
                // on the connection's own thread.
                self->Write(std::move(res), self->route_);
              });
  }

  void Write(Response res, size_t route) {
    if (res.finish) {
      auto finish = std::move(res.finish);
      finish(res);
    }
    auto now = Clock::now();
    if (metrics_ != nullptr && route != kNotDispatched) {
      metrics_->Observe(route, res.status, std::chrono::duration<double>(now - start_).count());
    }
    out_.clear();
    SerializeResponse(res, keep_alive_, head_, out_);
    deadline_ = now + options_.read_timeout;
    if constexpr (std::is_same_v<Stream, tcp::socket>) {
      // Answers are written together once the thread has run every handler
      // that was ready (a round of the io_context): a client waiting on
      // several connections is woken once per round, not once per answer,
      // and each answer costs no completion handler when it fits the
      // socket's buffer, as it almost always does.
      batch_->pending.push_back(this->shared_from_this());
      if (batch_->posted) return;
      batch_->posted = true;
      net::post(stream_.get_executor(), [batch = batch_] {
        batch->posted = false;
        batch->flushing.swap(batch->pending);  // a Flush may queue the next answer
        for (auto& session : batch->flushing) session->Flush();
        batch->flushing.clear();
      });
    } else {
      net::async_write(
          stream_, net::buffer(out_),
          [self = this->shared_from_this()](beast::error_code ec, size_t) { self->Written(ec); });
    }
  }

  // Writes out_ without waiting if the socket takes it all; the rest
  // asynchronously.
  void Flush() {
    beast::error_code ec;
    size_t n = stream_.write_some(net::buffer(out_), ec);  // the socket is non-blocking
    if (ec == net::error::would_block || ec == net::error::try_again) {
      n = 0;
      ec = {};
    }
    if (ec) return Written(ec);
    if (n == out_.size()) return Written({});
    out_.erase(0, n);
    net::async_write(
        stream_, net::buffer(out_),
        [self = this->shared_from_this()](beast::error_code ec, size_t) { self->Written(ec); });
  }

  // The answer is written (or could not be).
  void Written(beast::error_code ec) {
    route_ = kNotDispatched;
    if (ec || !keep_alive_) return Shutdown();
    if constexpr (std::is_same_v<Stream, tcp::socket>) {
      if (++answered_ % kCheckCpuEvery == 0 && MoveToClientsCpu()) return;
    }
    StartRequest();
  }

  // Accepts were steered to the thread on the client's CPU, but clients
  // move: every kCheckCpuEvery answers, a connection whose packets now come
  // from another CPU (SO_INCOMING_CPU) moves to the thread pinned there,
  // between two requests. Each client thread's connections thus end up
  // beside it, even when two clients connected from the same CPU. True when
  // moved (this session is then done; the socket lives on in a new one).
  bool MoveToClientsCpu() {
    const Placement* placement = batch_->placement;
    if (placement == nullptr || !placement->pinned || in_.size() != 0) return false;
    int cpu = -1;
    socklen_t len = sizeof cpu;
    if (getsockopt(Socket().native_handle(), SOL_SOCKET, SO_INCOMING_CPU, &cpu, &len) != 0 ||
        cpu < 0) {
      return false;
    }
    size_t to = static_cast<size_t>(cpu) % placement->threads;
    if (to == batch_->thread) return false;
    beast::error_code ec;
    int fd = Socket().release(ec);  // leaves this thread's epoll; the connection stays open
    if (ec) return false;
    closed_ = true;
    timer_.cancel();
    placement->adopt(to, fd);
    return true;
  }

  // After the last answer: no more writes from us. The socket is not closed
  // at once: a client may still be sending (a body we refused), and closing
  // with unread data would reset the connection before it reads our answer.
  // So we read and drop until the client closes, for at most kLinger.
  void Shutdown() {
    if constexpr (std::is_same_v<Stream, tcp::socket>) {
      beast::error_code ec;
      Socket().shutdown(tcp::socket::shutdown_send, ec);
      deadline_ = Clock::now() + kLinger;
      ArmTimer();
      Linger();
    } else {
      stream_.async_shutdown(
          [self = this->shared_from_this()](beast::error_code) { self->Close(); });
    }
  }

  void Linger() {
    in_.clear();
    stream_.async_read_some(in_.prepare(kReadSize),
                            [self = this->shared_from_this()](beast::error_code ec, size_t) {
                              if (ec) return self->Close();
                              self->Linger();
                            });
  }

  void Close() {
    if (closed_) return;
    closed_ = true;
    beast::error_code ec;
    timer_.cancel();
    Socket().close(ec);
  }

  Stream stream_;
  net::steady_timer timer_;
  const ServerOptions& options_;
  const Router* router_;
  Metrics* metrics_;
  WriteBatch* batch_;  // plain TCP only: its io_context's answers to write
  std::string remote_ip_;
  static constexpr size_t kReadSize = 16 << 10;
  static constexpr uint64_t kCheckCpuEvery = 32;
  uint64_t answered_ = 0;
  static constexpr std::chrono::seconds kLinger{2};
  beast::flat_buffer in_;  // bytes read and not yet parsed
  std::string out_;        // the answer being written
  Request request_;
  std::optional<RequestParser> parser_;
  bool keep_alive_ = true;
  bool head_ = false;
  bool sent_continue_ = false;
  bool closed_ = false;
  Clock::time_point deadline_;
  Clock::time_point start_;
  size_t route_ = kNotDispatched;  // the route answering the request in flight
  std::atomic<std::thread::id> dispatching_{};
  std::optional<Response> inline_answer_;
};

}  // namespace

struct Server::Impl {
  ServerOptions options;
  const Router* router;
  Metrics* metrics;
  // One io_context per thread: a connection lives on one thread.
  std::vector<std::unique_ptr<net::io_context>> contexts;
  // One per context, destroyed before the contexts (it holds sessions).
  std::vector<std::unique_ptr<WriteBatch>> batches;
  std::vector<net::executor_work_guard<net::io_context::executor_type>> guards;
  // One listening socket per context, all bound to the same port
  // (SO_REUSEPORT): each thread accepts its own connections.
  std::vector<std::unique_ptr<tcp::acceptor>> acceptors;
  std::optional<ssl::context> tls;
  std::vector<int> cpus;     // thread i runs on cpus[i]; empty: anywhere
  tcp protocol = tcp::v4();  // of the listening address
  Placement placement;
  std::vector<std::thread> threads;

  void Accept(size_t i) {
    acceptors[i]->async_accept([this, i](beast::error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted || !acceptors[i]->is_open()) return;
      if (!ec) {
        if (tls) {
          std::make_shared<Session<ssl::stream<tcp::socket>>>(options, router, metrics, nullptr,
                                                              std::move(socket), *tls)
              ->Start();
        } else {
          std::make_shared<Session<tcp::socket>>(options, router, metrics, batches[i].get(),
                                                 std::move(socket))
              ->Start();
        }
      }
      Accept(i);
    });
  }

  Status Listen(const tcp::endpoint& first);

  void Adopt(size_t to, int fd) {
    beast::error_code ec;
    tcp::socket socket(*contexts[to]);
    socket.assign(protocol, fd, ec);  // registers with that thread's reactor (thread-safe)
    if (ec) {
      ::close(fd);
      return;
    }
    // Not run if the server stops first: the socket then closes with the handler.
    net::post(*contexts[to], [this, to, socket = std::move(socket)]() mutable {
      std::make_shared<Session<tcp::socket>>(options, router, metrics, batches[to].get(),
                                             std::move(socket))
          ->Start();
    });
  }
};

namespace {

// The CPU each I/O thread is pinned to, when the process may run on exactly
// as many CPUs as there are threads and CPU c % threads names a different
// thread for each (CPUs 0..n-1, or 4..7 for 4 threads); otherwise none.
std::vector<int> ThreadCpus(size_t threads) {
  cpu_set_t allowed;
  if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) return {};
  if (static_cast<size_t>(CPU_COUNT(&allowed)) != threads || threads < 2) return {};
  std::vector<int> cpus(threads, -1);
  for (int c = 0; c < CPU_SETSIZE; ++c) {
    if (!CPU_ISSET(c, &allowed)) continue;
    int& slot = cpus[static_cast<size_t>(c) % threads];
    if (slot != -1) return {};
    slot = c;
  }
  return cpus;
}

// Steers each new connection to listening socket (CPU % sockets), the CPU
// that handled the connection request. On loopback (and with RSS on a real
// NIC) that is where the client's thread runs, and the thread accepting on
// that socket is pinned there: a client thread's connections all land on
// the server thread beside it, so answering wakes no other CPU (measured in
// bench/README.md: about 40% more decides/s on two cores than hashing).
void SteerByCpu(tcp::acceptor& first, size_t sockets) {
  sock_filter code[] = {
      {BPF_LD | BPF_W | BPF_ABS, 0, 0, static_cast<uint32_t>(SKF_AD_OFF + SKF_AD_CPU)},
      {BPF_ALU | BPF_MOD | BPF_K, 0, 0, static_cast<uint32_t>(sockets)},
      {BPF_RET | BPF_A, 0, 0, 0},
  };
  sock_fprog prog{static_cast<unsigned short>(std::size(code)), code};
  // Without it (an old kernel) the kernel hashes connections over the
  // sockets, which is correct, only slower.
  (void)setsockopt(first.native_handle(), SOL_SOCKET, SO_ATTACH_REUSEPORT_CBPF, &prog, sizeof prog);
}

void PinToCpu(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  (void)sched_setaffinity(0, sizeof set, &set);  // best effort: unpinned is only slower
}

}  // namespace

// Binds one socket per context to the same address, in order (a socket's
// index in the kernel's reuseport group is the order it started listening).
// A port already taken by anyone, including another tact, is refused: a
// plain socket is bound first to prove the port free.
Status Server::Impl::Listen(const tcp::endpoint& first) {
  beast::error_code ec;
  tcp::endpoint ep = first;
  if (ep.port() != 0) {
    tcp::acceptor probe(*contexts[0]);
    probe.open(ep.protocol(), ec);
    if (!ec) probe.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) probe.bind(ep, ec);
    if (ec) return Status::Unavailable(ec.message());
  }
  for (size_t i = 0; i < contexts.size(); ++i) {
    auto acceptor = std::make_unique<tcp::acceptor>(*contexts[i]);
    acceptor->open(ep.protocol(), ec);
    if (!ec) acceptor->set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) {
      acceptor->set_option(net::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>(true), ec);
    }
    if (!ec) acceptor->bind(ep, ec);
    if (!ec) acceptor->listen(net::socket_base::max_listen_connections, ec);
    if (ec) return Status::Unavailable(ec.message());
    if (i == 0) ep.port(acceptor->local_endpoint().port());  // port 0: the one given
    acceptors.push_back(std::move(acceptor));
  }
  cpus = ThreadCpus(contexts.size());
  if (!cpus.empty()) SteerByCpu(*acceptors[0], acceptors.size());
  protocol = ep.protocol();
  placement.threads = batches.size();
  placement.pinned = !cpus.empty();
  placement.adopt = [this](size_t to, int fd) { Adopt(to, fd); };
  for (size_t i = 0; i < batches.size(); ++i) {
    batches[i]->thread = i;
    batches[i]->placement = &placement;
  }
  return Status::Ok();
}

Server::Server(ServerOptions options, const Router* router, Metrics* metrics) : impl_(new Impl) {
  impl_->options = std::move(options);
  impl_->router = router;
  impl_->metrics = metrics;
  int n = std::max(1, impl_->options.threads);
  for (int i = 0; i < n; ++i) {
    impl_->contexts.push_back(std::make_unique<net::io_context>(1));
    impl_->batches.push_back(std::make_unique<WriteBatch>());
    impl_->guards.push_back(net::make_work_guard(*impl_->contexts.back()));
  }
}

Server::~Server() {
  Stop();
  for (auto& t : impl_->threads) {
    if (t.joinable()) t.join();
  }
}

Status Server::Start() {
  if (!impl_->options.tls_cert.empty() || !impl_->options.tls_key.empty()) {
    if (impl_->options.tls_cert.empty() || impl_->options.tls_key.empty()) {
      return Status::InvalidArgument("TLS needs both a certificate chain and a private key");
    }
    impl_->tls.emplace(ssl::context::tls_server);
    auto& tls = *impl_->tls;
    tls.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                    ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                    ssl::context::single_dh_use);
    beast::error_code ec;
    tls.use_certificate_chain_file(impl_->options.tls_cert, ec);
    if (ec)
      return Status::InvalidArgument("cannot read the TLS certificate chain: " + ec.message());
    tls.use_private_key_file(impl_->options.tls_key, ssl::context::pem, ec);
    if (ec) return Status::InvalidArgument("cannot read the TLS private key: " + ec.message());
  }
  beast::error_code ec;
  auto address = net::ip::make_address(impl_->options.host, ec);
  if (ec)
    return Status::InvalidArgument("cannot parse listen address '" + impl_->options.host + "'");
  Status listening = impl_->Listen(tcp::endpoint(address, impl_->options.port));
  if (!listening.ok()) {
    impl_->acceptors.clear();
    return Status::Unavailable("cannot listen on " + impl_->options.host + ":" +
                               std::to_string(impl_->options.port) + ": " + listening.message());
  }
  for (size_t i = 0; i < impl_->acceptors.size(); ++i) impl_->Accept(i);
  return Status::Ok();
}

uint16_t Server::port() const {
  if (impl_->acceptors.empty()) return 0;
  beast::error_code ec;
  auto ep = impl_->acceptors[0]->local_endpoint(ec);
  return ec ? 0 : ep.port();
}

void Server::Run() {
  for (size_t i = 0; i < impl_->contexts.size(); ++i) {
    int cpu = impl_->cpus.empty() ? -1 : impl_->cpus[i];
    impl_->threads.emplace_back([c = impl_->contexts[i].get(), cpu] {
      if (cpu >= 0) PinToCpu(cpu);
      c->run();
    });
    std::string name = "tact-io-" + std::to_string(i);
    pthread_setname_np(impl_->threads.back().native_handle(), name.substr(0, 15).c_str());
  }
  for (auto& t : impl_->threads) t.join();
  impl_->threads.clear();
}

void Server::Stop() {
  for (size_t i = 0; i < impl_->acceptors.size(); ++i) {
    net::post(*impl_->contexts[i], [acceptor = impl_->acceptors[i].get()] {
      beast::error_code ec;
      acceptor->close(ec);
    });
  }
  for (auto& g : impl_->guards) g.reset();
  for (auto& c : impl_->contexts) c->stop();
}

}  // namespace tact::http
