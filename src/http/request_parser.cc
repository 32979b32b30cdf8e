#include "http/request_parser.h"

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <boost/beast/core/string.hpp>

#include "http/server.h"

namespace tact::http {

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

std::string ClientAddress(const std::string& peer, std::string_view forwarded_for,
                          const std::vector<std::string>& trusted_proxies) {
  auto trusted = [&](std::string_view ip) {
    return std::find(trusted_proxies.begin(), trusted_proxies.end(), ip) != trusted_proxies.end();
  };
  if (forwarded_for.empty() || !trusted(peer)) return peer;
  std::string client = peer;
  while (!forwarded_for.empty()) {
    size_t comma = forwarded_for.rfind(',');
    std::string_view hop =
        comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1);
    forwarded_for =
        comma == std::string_view::npos ? std::string_view() : forwarded_for.substr(0, comma);
    while (!hop.empty() && (hop.front() == ' ' || hop.front() == '\t')) hop.remove_prefix(1);
    while (!hop.empty() && (hop.back() == ' ' || hop.back() == '\t')) hop.remove_suffix(1);
    boost::system::error_code ec;
    auto address = boost::asio::ip::make_address(std::string(hop), ec);
    if (ec) break;
    client = address.to_string();
    if (!trusted(client)) break;
  }
  return client;
}

bool ParseTarget(std::string_view target, Request& request) {
  if (target.empty() || target[0] != '/') return false;
  auto q = target.find('?');
  std::string_view path = target.substr(0, q);
  if (!PercentDecode(path, request.path, false)) return false;
  if (q == std::string_view::npos) return true;
  std::string_view query = target.substr(q + 1);
  size_t i = 0;
  while (i <= query.size()) {
    size_t amp = query.find('&', i);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view pair = query.substr(i, amp - i);
    if (!pair.empty()) {
      auto eq = pair.find('=');
      thread_local std::string k, v;
      v.clear();
      if (!PercentDecode(pair.substr(0, eq), k, true)) return false;
      if (eq != std::string_view::npos && !PercentDecode(pair.substr(eq + 1), v, true))
        return false;
      request.query.Add(k, v);
    }
    i = amp + 1;
  }
  return true;
}

void RequestParser::on_request_impl(verb, string_view method_str, string_view target, int,
                                    error_code&) {
  request_.method.assign(method_str.data(), method_str.size());
  target_ok_ = ParseTarget(std::string_view(target.data(), target.size()), request_);
}

void RequestParser::on_field_impl(field, string_view name_string, string_view value, error_code&) {
  // Field names are tokens (Beast checked): ASCII, so lower-casing is a bit.
  name_.assign(name_string.data(), name_string.size());
  for (char& c : name_) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c | 0x20);
  }
  request_.headers.Set(name_, std::string_view(value.data(), value.size()));
}

void RequestParser::on_header_impl(error_code&) {
  std::string_view expect = request_.Header("expect");
  expects_continue_ =
      boost::beast::iequals(string_view(expect.data(), expect.size()), "100-continue");
}

void RequestParser::on_body_init_impl(const boost::optional<std::uint64_t>& content_length,
                                      error_code&) {
  // body_limit() has already refused a declared length over the limit.
  if (content_length) request_.body.reserve(static_cast<size_t>(*content_length));
}

std::size_t RequestParser::on_body_impl(string_view body, error_code&) {
  request_.body.append(body.data(), body.size());
  return body.size();
}

void RequestParser::on_chunk_header_impl(std::uint64_t, string_view, error_code&) {}

std::size_t RequestParser::on_chunk_body_impl(std::uint64_t, string_view body, error_code&) {
  request_.body.append(body.data(), body.size());
  return body.size();
}

void RequestParser::on_finish_impl(error_code&) {}

}  // namespace tact::http
