// Result<T>: a value or an error Status. Shaped like std::expected so it can
// become one: has_value(), value(), operator*, operator->, error().
//
// REQUIRES: a Result is never built from an ok Status.
#ifndef TACT_RESULT_H_
#define TACT_RESULT_H_

#include <cassert>
#include <utility>
#include <variant>

#include "tact/status.h"

namespace tact {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {  // NOLINT: implicit by design
    assert(!std::get<Status>(v_).ok());
  }

  bool has_value() const { return v_.index() == 0; }
  bool ok() const { return has_value(); }
  explicit operator bool() const { return has_value(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Status& error() const& { return std::get<1>(v_); }
  Status status() const { return has_value() ? Status() : std::get<1>(v_); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace tact

#endif  // TACT_RESULT_H_
