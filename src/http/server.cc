#include "http/server.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <atomic>
#include <optional>
#include <thread>
#include <vector>

#include "http/errors.h"

namespace tact::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

bool PercentDecode(std::string_view in, std::string& out, bool plus_is_space) {
  out.clear();
  out.reserve(in.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      int hi = hex(in[i + 1]);
      int lo = hex(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      char d = static_cast<char>(hi * 16 + lo);
      if (d == '\0') return false;
      out += d;
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return true;
}

namespace {

bool ParseTarget(std::string_view target, Request& req) {
  if (target.empty() || target[0] != '/') return false;
  auto q = target.find('?');
  std::string_view path = target.substr(0, q);
  if (!PercentDecode(path, req.path, false)) return false;
  if (q == std::string_view::npos) return true;
  std::string_view query = target.substr(q + 1);
  size_t i = 0;
  while (i <= query.size()) {
    size_t amp = query.find('&', i);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view pair = query.substr(i, amp - i);
    if (!pair.empty()) {
      auto eq = pair.find('=');
      std::string k, v;
      if (!PercentDecode(pair.substr(0, eq), k, true)) return false;
      if (eq != std::string_view::npos && !PercentDecode(pair.substr(eq + 1), v, true)) return false;
      req.query.emplace(std::move(k), std::move(v));
    }
    i = amp + 1;
  }
  return true;
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, const ServerOptions& options, const Router* router, Metrics* metrics)
      : stream_(std::move(socket)), options_(options), router_(router), metrics_(metrics) {}

  void Start() {
    net::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::Read, shared_from_this()));
  }

 private:
  void Read() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(options_.max_header_bytes));
    parser_->body_limit(options_.max_body_bytes);
    stream_.expires_after(options_.read_timeout);
    bhttp::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, std::size_t) {
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout || ec == net::error::eof ||
        ec == net::error::connection_reset || ec == net::error::operation_aborted) {
      return Close();
    }
    if (ec) {
      keep_alive_ = false;
      if (ec == bhttp::error::body_limit) {
        return Write(ErrorResponse(413, "payload_too_large",
                                   "the body is larger than " + std::to_string(options_.max_body_bytes) + " bytes"),
                     kOther, false);
      }
      if (ec == bhttp::error::header_limit) {
        return Write(ErrorResponse(431, "headers_too_large", "the request headers are too large"), kOther, false);
      }
      return Write(ErrorResponse(400, "bad_request", "the request is not valid HTTP/1.1"), kOther, false);
    }
    start_ = std::chrono::steady_clock::now();
    auto& msg = parser_->get();
    keep_alive_ = msg.keep_alive();
    head_ = msg.method() == bhttp::verb::head;
    auto req = std::make_shared<Request>();
    req->method = std::string(msg.method_string());
    if (!ParseTarget(std::string_view(msg.target().data(), msg.target().size()), *req)) {
      return Write(ErrorResponse(400, "bad_request", "the request target is not a valid path"), kOther, false);
    }
    for (const auto& field : msg) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      req->headers[name] = std::string(field.value());
    }
    req->body = std::move(msg.body());
    beast::error_code ignored;
    auto endpoint = stream_.socket().remote_endpoint(ignored);
    if (!ignored) req->remote_ip = endpoint.address().to_string();
    auto self = shared_from_this();
    // A handler that answers at once (most do) is written straight away; one
    // that answers later, from another thread, is posted back to this
    // connection's strand, which runs it after this handler returns.
    auto route = std::make_shared<const std::string*>(nullptr);
    answering_thread_.store(std::this_thread::get_id());
    const std::string& name = router_->Dispatch(*req, [self, req, route](Response res) {
      if (self->answering_thread_.load() == std::this_thread::get_id()) {
        self->inline_answer_ = std::move(res);
        return;
      }
      net::post(self->stream_.get_executor(), [self, res = std::move(res), route, req]() mutable {
        self->Write(std::move(res), **route, self->keep_alive_);
      });
    });
    *route = &name;
    answering_thread_.store(std::thread::id());
    if (inline_answer_) {
      Response res = std::move(*inline_answer_);
      inline_answer_.reset();
      Write(std::move(res), name, keep_alive_);
    }
  }

  void Write(Response res, const std::string& route, bool keep_alive) {
    if (metrics_ != nullptr && route != kOther) {
      double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
      metrics_->Observe(route, res.status, secs);
    }
    auto msg = std::make_shared<bhttp::response<bhttp::string_body>>();
    msg->version(11);
    msg->result(static_cast<unsigned>(res.status));
    msg->set(bhttp::field::server, "tact");
    if (!res.content_type.empty()) msg->set(bhttp::field::content_type, res.content_type);
    msg->set("X-Content-Type-Options", "nosniff");
    bool has_cache = false;
    for (auto& [k, v] : res.headers) {
      if (beast::iequals(k, "Cache-Control")) has_cache = true;
      msg->set(k, v);
    }
    if (!has_cache) msg->set(bhttp::field::cache_control, "no-store");
    msg->keep_alive(keep_alive);
    msg->body() = std::move(res.body);
    msg->prepare_payload();
    if (head_) msg->body().clear();
    stream_.expires_after(options_.read_timeout);
    bhttp::async_write(stream_, *msg, [self = shared_from_this(), msg, keep_alive](beast::error_code ec, std::size_t) {
      if (ec || !keep_alive) return self->Close();
      self->Read();
    });
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  beast::tcp_stream stream_;
  const ServerOptions& options_;
  const Router* router_;
  Metrics* metrics_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  bool keep_alive_ = true;
  std::atomic<std::thread::id> answering_thread_{};  // the thread inside Dispatch, if any
  std::optional<Response> inline_answer_;
  static inline const std::string kOther = "other";
  bool head_ = false;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace

struct Server::Impl {
  ServerOptions options;
  const Router* router;
  Metrics* metrics;
  net::io_context ioc;
  tcp::acceptor acceptor{ioc};
  std::vector<std::thread> threads;

  void Accept() {
    acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted) return;
      if (!ec) std::make_shared<Session>(std::move(socket), options, router, metrics)->Start();
      Accept();
    });
  }
};

Server::Server(ServerOptions options, const Router* router, Metrics* metrics) : impl_(new Impl) {
  impl_->options = std::move(options);
  impl_->router = router;
  impl_->metrics = metrics;
}

Server::~Server() { Stop(); }

Status Server::Start() {
  beast::error_code ec;
  auto address = net::ip::make_address(impl_->options.host, ec);
  if (ec) return Status::InvalidArgument("cannot parse listen address '" + impl_->options.host + "'");
  tcp::endpoint ep(address, impl_->options.port);
  impl_->acceptor.open(ep.protocol(), ec);
  if (!ec) impl_->acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) impl_->acceptor.bind(ep, ec);
  if (!ec) impl_->acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return Status::Unavailable("cannot listen on " + impl_->options.host + ":" +
                               std::to_string(impl_->options.port) + ": " + ec.message());
  }
  impl_->Accept();
  return Status::Ok();
}

uint16_t Server::port() const {
  beast::error_code ec;
  auto ep = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : ep.port();
}

void Server::Run() {
  int n = std::max(1, impl_->options.threads);
  for (int i = 1; i < n; ++i) impl_->threads.emplace_back([this] { impl_->ioc.run(); });
  impl_->ioc.run();
  for (auto& t : impl_->threads) t.join();
  impl_->threads.clear();
}

void Server::Stop() {
  net::post(impl_->ioc, [this] {
    beast::error_code ec;
    impl_->acceptor.close(ec);
  });
  impl_->ioc.stop();
}

}  // namespace tact::http
