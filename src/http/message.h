// The HTTP request and response as handlers see them: no Beast types leak
// past the server, so handlers are plain functions tested without sockets.
#ifndef TACT_HTTP_MESSAGE_H_
#define TACT_HTTP_MESSAGE_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tact::http {

// Name/value pairs (headers, query parameters, route parameters) kept in one
// buffer. clear() keeps the capacity, so a connection's requests allocate
// nothing once its first has been parsed. Lookup is linear: a request has a
// handful of each, and names are compared exactly as given.
class Fields {
 public:
  // Sets `name` to `value`; a later Set of the same name replaces it.
  // Neither may point into this Fields (its buffer may move).
  void Set(std::string_view name, std::string_view value);
  // Adds `name` = `value` unless `name` is there already (the first wins).
  void Add(std::string_view name, std::string_view value);
  // The value, or "" when absent.
  std::string_view Get(std::string_view name) const;
  bool Has(std::string_view name) const { return Find(name) != kAbsent; }
  void Erase(std::string_view name);
  void clear() {
    data_.clear();
    entries_.clear();
  }
  bool empty() const { return entries_.empty(); }
  size_t size() const { return entries_.size(); }

 private:
  struct Entry {  // offsets into data_
    uint32_t name, name_len, value, value_len;
  };
  static constexpr size_t kAbsent = static_cast<size_t>(-1);
  size_t Find(std::string_view name) const;  // index into entries_, or kAbsent
  uint32_t Append(std::string_view s);
  std::string data_;
  std::vector<Entry> entries_;
};

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string path;    // decoded path, no query
  Fields query;        // decoded; the first of repeated names wins
  Fields headers;      // lower-case names; the last of repeated names wins
  std::string body;
  std::string remote_ip;
  Fields params;  // from the route pattern

  std::string_view Header(std::string_view name) const { return headers.Get(name); }
  std::string_view Query(std::string_view name) const { return query.Get(name); }
  std::string_view Param(std::string_view name) const { return params.Get(name); }
};

struct Response {
  int status = 200;
  // Always a literal or other static text: a response never owns it.
  std::string_view content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // Work left to finish the answer (signing a receipt, writing the body),
  // run on the connection's own thread just before it is written. An answer
  // given from the store's writer thread leaves its CPU work here, so it is
  // done by the I/O thread that would wake to write it anyway: no other
  // thread is woken, and the writer goes back to committing. The status and
  // headers are final when Respond is called.
  std::function<void(Response&)> finish;
};

// Handlers answer through Respond exactly once, from any thread.
using Respond = std::function<void(Response)>;

}  // namespace tact::http

#endif  // TACT_HTTP_MESSAGE_H_
