#include "governor/flat_index.h"

#include <bit>
#include <functional>

namespace tact::governor {

uint64_t HashKey(std::string_view key) {
  uint64_t h = std::hash<std::string_view>{}(key);
  return h == 0 ? 1 : h;
}

void FlatIndex::Insert(uint64_t hash, void* value) {
  if ((size_ + 1) * 4 > slots_.size() * 3) Grow();  // load factor at most 3/4
  size_t i = Home(hash);
  while (slots_[i].hash != 0) i = (i + 1) & mask_;
  slots_[i] = {hash, value};
  ++size_;
}

bool FlatIndex::Erase(uint64_t hash, const void* value) {
  if (slots_.empty()) return false;
  size_t i = Home(hash);
  for (;; i = (i + 1) & mask_) {
    if (slots_[i].hash == 0) return false;
    if (slots_[i].hash == hash && slots_[i].value == value) break;
  }
  // Backward-shift: move later entries of the run into the hole when their
  // home is not between the hole and their slot (cyclically).
  for (size_t j = (i + 1) & mask_;; j = (j + 1) & mask_) {
    if (slots_[j].hash == 0) break;
    size_t home = Home(slots_[j].hash);
    bool stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
    if (stays) continue;
    slots_[i] = slots_[j];
    i = j;
  }
  slots_[i] = {};
  --size_;
  return true;
}

void FlatIndex::Grow() {
  std::vector<Slot> old = std::move(slots_);
  size_t n = old.empty() ? 16 : old.size() * 2;
  slots_.assign(n, Slot{});
  mask_ = n - 1;
  shift_ = 64 - std::countr_zero(n);
  size_ = 0;
  for (const Slot& s : old) {
    if (s.hash != 0) Insert(s.hash, s.value);
  }
}

}  // namespace tact::governor
