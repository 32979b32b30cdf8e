#include "storage/store.h"

#include <future>
#include <string>

#include "storage/memory/memory_store.h"

namespace tact {

Status Store::Append(std::vector<LedgerEntry> entries) {
  std::promise<Status> promise;
  auto future = promise.get_future();
  AppendAsync(std::move(entries), [&promise](const Status& s) { promise.set_value(s); });
  return future.get();
}

Result<std::unique_ptr<Store>> OpenStore(std::string_view spec, std::string_view data_dir) {
  (void)data_dir;
  if (spec == "memory") return std::unique_ptr<Store>(std::make_unique<MemoryStore>());
  return Status::InvalidArgument("unknown --store value '" + std::string(spec) +
                                 "': expected memory, sqlite, sqlite:/path/file.db or "
                                 "postgresql://...");
}

}  // namespace tact
