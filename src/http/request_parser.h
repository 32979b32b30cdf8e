// RequestParser: Beast's HTTP/1.1 parser writing straight into a Request
// (method, decoded path and query, lower-cased headers, body), so a request
// costs no intermediate Beast message. One parser per request.
#ifndef TACT_HTTP_REQUEST_PARSER_H_
#define TACT_HTTP_REQUEST_PARSER_H_

#include <boost/beast/http/basic_parser.hpp>
#include <string_view>

#include "http/message.h"

namespace tact::http {

class RequestParser : public boost::beast::http::basic_parser<true> {
 public:
  explicit RequestParser(Request& request) : request_(request) { eager(true); }

  // False when the request target is not a valid origin-form path (the
  // request is still parsed to its end, so the answer can be framed).
  bool target_ok() const { return target_ok_; }
  // True when the client waits for "100 Continue" before sending the body.
  bool expects_continue() const { return expects_continue_; }

 private:
  using error_code = boost::beast::error_code;
  using string_view = boost::beast::string_view;
  using verb = boost::beast::http::verb;
  using field = boost::beast::http::field;

  void on_request_impl(verb method, string_view method_str, string_view target, int version,
                       error_code& ec) override;
  void on_response_impl(int, string_view, int, error_code&) override {}
  void on_field_impl(field name, string_view name_string, string_view value,
                     error_code& ec) override;
  void on_header_impl(error_code& ec) override;
  void on_body_init_impl(const boost::optional<std::uint64_t>& content_length,
                         error_code& ec) override;
  std::size_t on_body_impl(string_view body, error_code& ec) override;
  void on_chunk_header_impl(std::uint64_t size, string_view extensions, error_code& ec) override;
  std::size_t on_chunk_body_impl(std::uint64_t remain, string_view body, error_code& ec) override;
  void on_finish_impl(error_code& ec) override;

  Request& request_;
  std::string name_;  // the field name being lower-cased
  bool target_ok_ = true;
  bool expects_continue_ = false;
};

// Splits an origin-form target into the decoded path and query parameters.
// False on anything but "/..." or on a bad percent escape.
bool ParseTarget(std::string_view target, Request& request);

}  // namespace tact::http

#endif  // TACT_HTTP_REQUEST_PARSER_H_
