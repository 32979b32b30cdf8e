// Runs the Store conformance suite against MemoryStore.
#include "storage/memory/memory_store.h"

#include "storage/store_conformance.h"

namespace tact {
namespace {

StoreBackend MemoryBackend() {
  return StoreBackend{"memory", [](const std::string&) -> Result<std::unique_ptr<Store>> {
                        return std::unique_ptr<Store>(std::make_unique<MemoryStore>());
                      }};
}

INSTANTIATE_TEST_SUITE_P(Memory, StoreConformanceTest, ::testing::Values(MemoryBackend()),
                         BackendName);

}  // namespace
}  // namespace tact
