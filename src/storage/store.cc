#include "storage/store.h"

#include <future>

namespace tact {

Status Store::Append(std::vector<LedgerEntry> entries) {
  std::promise<Status> promise;
  auto future = promise.get_future();
  AppendAsync(std::move(entries), [&promise](const Status& s) { promise.set_value(s); });
  return future.get();
}

}  // namespace tact
