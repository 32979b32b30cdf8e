// A minimal blocking HTTP/1.1 client over Beast, for tests only: one
// keep-alive connection to 127.0.0.1, one request at a time.
#ifndef TACT_HTTP_TEST_CLIENT_H_
#define TACT_HTTP_TEST_CLIENT_H_

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <map>
#include <string>

namespace tact::http {

struct TestResponse {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;
};

class TestClient {
 public:
  explicit TestClient(uint16_t port) : port_(port), socket_(ioc_) {}

  TestResponse Send(const std::string& method, const std::string& target, const std::string& body = "",
                    const std::map<std::string, std::string>& headers = {}) {
    namespace bhttp = boost::beast::http;
    if (!socket_.is_open()) {
      boost::asio::ip::tcp::endpoint ep(boost::asio::ip::make_address("127.0.0.1"), port_);
      socket_.connect(ep);
    }
    bhttp::request<bhttp::string_body> req(bhttp::string_to_verb(method), target, 11);
    req.set(bhttp::field::host, "127.0.0.1");
    for (const auto& [k, v] : headers) req.set(k, v);
    req.body() = body;
    req.prepare_payload();
    bhttp::write(socket_, req);
    boost::beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 << 20);
    if (method == "HEAD") parser.skip(true);
    bhttp::read(socket_, buffer, parser);
    auto& res = parser.get();
    TestResponse out;
    out.status = static_cast<int>(res.result_int());
    out.body = res.body();
    for (const auto& f : res) out.headers[std::string(f.name_string())] = std::string(f.value());
    if (!res.keep_alive()) {
      boost::system::error_code ec;
      socket_.close(ec);
    }
    return out;
  }

 private:
  uint16_t port_;
  boost::asio::io_context ioc_;
  boost::asio::ip::tcp::socket socket_;
};

}  // namespace tact::http

#endif  // TACT_HTTP_TEST_CLIENT_H_
