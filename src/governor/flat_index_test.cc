#include "governor/flat_index.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

namespace tact::governor {
namespace {

std::multiset<intptr_t> All(const FlatIndex& ix, uint64_t h) {
  std::multiset<intptr_t> out;
  ix.Find(h, [&](void* v) {
    out.insert(reinterpret_cast<intptr_t>(v));
    return false;
  });
  return out;
}

void* V(intptr_t i) { return reinterpret_cast<void*>(i); }

TEST(FlatIndexTest, FindsWhatWasInsertedAndNotWhatWasErased) {
  FlatIndex ix;
  EXPECT_EQ(ix.Find(5, [](void*) { return true; }), nullptr);
  EXPECT_FALSE(ix.Erase(5, V(1)));
  ix.Insert(5, V(1));
  ix.Insert(5, V(2));  // a colliding hash: both are kept
  ix.Insert(7, V(3));
  EXPECT_EQ(All(ix, 5), (std::multiset<intptr_t>{1, 2}));
  EXPECT_EQ(ix.Find(5, [](void* v) { return v == V(2); }), V(2));
  EXPECT_TRUE(ix.Erase(5, V(1)));
  EXPECT_FALSE(ix.Erase(5, V(1)));
  EXPECT_EQ(All(ix, 5), (std::multiset<intptr_t>{2}));
  EXPECT_EQ(All(ix, 7), (std::multiset<intptr_t>{3}));
  EXPECT_EQ(ix.size(), 2u);
}

// Random inserts and erases against std::multimap, with hashes drawn from a
// small set (long probe runs, wrap-around, backward shifts) and from the
// whole range, and hashes alike in their low bits as in a governor shard.
TEST(FlatIndexTest, AgreesWithMultimapUnderChurn) {
  for (uint64_t spread : {uint64_t{40}, uint64_t{0}}) {
    std::mt19937_64 rng(spread + 1);
    FlatIndex ix;
    std::multimap<uint64_t, intptr_t> ref;
    for (int step = 0; step < 60'000; ++step) {
      uint64_t h = spread ? 1 + rng() % spread : (rng() | 1) << 6;
      if (rng() % 3 != 0 || ref.empty()) {
        intptr_t v = static_cast<intptr_t>(rng() % 4 + 1);
        ix.Insert(h, V(v));
        ref.emplace(h, v);
      } else {
        auto it = ref.begin();
        std::advance(it, static_cast<long>(rng() % std::min<size_t>(ref.size(), 64)));
        ASSERT_TRUE(ix.Erase(it->first, V(it->second)));
        ref.erase(it);
      }
      if (step % 997 == 0) {
        for (auto it = ref.begin(); it != ref.end(); it = ref.upper_bound(it->first)) {
          std::multiset<intptr_t> want;
          for (auto [a, b] = ref.equal_range(it->first); a != b; ++a) want.insert(a->second);
          ASSERT_EQ(All(ix, it->first), want) << "step " << step;
        }
      }
    }
    EXPECT_EQ(ix.size(), ref.size());
  }
}

TEST(FlatIndexTest, HashKeyIsNeverZero) {
  EXPECT_NE(HashKey(""), 0u);
  EXPECT_EQ(HashKey("sub_1"), HashKey(std::string("sub_1")));
}

}  // namespace
}  // namespace tact::governor
