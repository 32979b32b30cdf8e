// Status: the outcome of an operation that can fail in an expected way.
//
// Every fallible call in tact returns a Status (or a Result<T>, see result.h).
// An ok Status carries nothing; an error carries a code from the fixed list
// below and a message meant for a person (a support agent, an operator).
// Messages never contain personal data. No exception crosses a module
// boundary: code that calls a throwing library converts at the edge.
//
// Thread-safety: a Status is a value; distinct objects may be used from
// distinct threads without synchronization.
#ifndef TACT_STATUS_H_
#define TACT_STATUS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace tact {

enum class StatusCode : uint8_t {
  kOk = 0,
  kInvalidArgument = 1,
  kNotFound = 2,
  kPermissionDenied = 3,
  kUnauthenticated = 4,
  kConflict = 5,
  kResourceExhausted = 6,
  kCorruption = 7,
  kUnavailable = 8,
  kInternal = 9,
};

// The stable machine-readable name of a code, e.g. "invalid_argument".
std::string_view StatusCodeName(StatusCode code);

class Status {
 public:
  Status() = default;  // ok
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string m) {
    return {StatusCode::kInvalidArgument, std::move(m)};
  }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status PermissionDenied(std::string m) {
    return {StatusCode::kPermissionDenied, std::move(m)};
  }
  static Status Unauthenticated(std::string m) {
    return {StatusCode::kUnauthenticated, std::move(m)};
  }
  static Status Conflict(std::string m) { return {StatusCode::kConflict, std::move(m)}; }
  static Status ResourceExhausted(std::string m) {
    return {StatusCode::kResourceExhausted, std::move(m)};
  }
  static Status Corruption(std::string m) { return {StatusCode::kCorruption, std::move(m)}; }
  static Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // "invalid_argument: <message>", or "ok".
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

}  // namespace tact

// Evaluates a Status expression and returns it from the enclosing function
// when it is not ok. The one macro we allow: early return is the house style.
#define TACT_RETURN_IF_ERROR(expr)               \
  do {                                           \
    ::tact::Status tact_status_ = (expr);        \
    if (!tact_status_.ok()) return tact_status_; \
  } while (0)

#endif  // TACT_STATUS_H_
