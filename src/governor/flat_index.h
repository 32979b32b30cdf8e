// FlatIndex: a multimap from a 64-bit hash to a pointer, in one flat
// open-addressing array (linear probing, backward-shift deletion, no
// tombstones). The governor keys its subjects and its message index with it:
// a lookup reads one slot run (usually one cache line) instead of walking
// std::unordered_map's bucket and node chain.
//
// Hashes may collide: Find visits every value stored under a hash and the
// caller checks which one it wants. Insert adds a (hash, value) pair even when
// it is present; Erase removes one equal pair.
//
// Thread-safety: none; callers hold their shard's lock.
#ifndef TACT_GOVERNOR_FLAT_INDEX_H_
#define TACT_GOVERNOR_FLAT_INDEX_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace tact::governor {

// A 64-bit hash of a string (never 0; 0 marks an empty slot).
uint64_t HashKey(std::string_view key);

class FlatIndex {
 public:
  void Insert(uint64_t hash, void* value);
  // Removes one (hash, value) pair; false when there is none.
  bool Erase(uint64_t hash, const void* value);
  // Calls fn(value) for each value under `hash` until fn returns true; returns that value.
  template <typename Fn>
  void* Find(uint64_t hash, Fn&& fn) const {
    if (slots_.empty()) return nullptr;
    for (size_t i = Home(hash);; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.hash == 0) return nullptr;
      if (s.hash == hash && fn(s.value)) return s.value;
    }
  }
  size_t size() const { return size_; }
  // Asks for the slot where a lookup of `hash` starts (a prefetch).
  void Prefetch(uint64_t hash) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[Home(hash)]);
  }
  // The first value stored under `hash`, unchecked (for a prefetch of what
  // Find will compare), or null.
  void* First(uint64_t hash) const {
    return Find(hash, [](void*) { return true; });
  }

 private:
  struct Slot {
    uint64_t hash = 0;
    void* value = nullptr;
  };
  // The slot a hash starts probing at: its high bits after a multiplicative
  // mix (the low bits choose the governor's shard, so they are all alike here).
  size_t Home(uint64_t hash) const {
    return static_cast<size_t>((hash * 0x9E3779B97F4A7C15ULL) >> shift_);
  }
  void Grow();

  std::vector<Slot> slots_;
  size_t mask_ = 0;
  int shift_ = 64;
  size_t size_ = 0;
};

}  // namespace tact::governor

#endif  // TACT_GOVERNOR_FLAT_INDEX_H_
