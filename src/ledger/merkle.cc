#include "ledger/merkle.h"

#include <sodium.h>

namespace tact {
namespace {

uint64_t LargestPowerOfTwoBelow(uint64_t n) {  // REQUIRES: n > 1
  uint64_t k = 1;
  while (k << 1 < n) k <<= 1;
  return k;
}

}  // namespace

Hash256 MerkleLeafHash(std::string_view leaf) {
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  const unsigned char prefix = 0x00;
  crypto_hash_sha256_update(&st, &prefix, 1);
  crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(leaf.data()), leaf.size());
  Hash256 out;
  crypto_hash_sha256_final(&st, out.data());
  return out;
}

Hash256 MerkleNodeHash(const Hash256& left, const Hash256& right) {
  unsigned char buf[65];
  buf[0] = 0x01;
  std::copy(left.begin(), left.end(), buf + 1);
  std::copy(right.begin(), right.end(), buf + 33);
  Hash256 out;
  crypto_hash_sha256(out.data(), buf, sizeof buf);
  return out;
}

Hash256 MerkleEmptyRoot() {
  Hash256 out;
  crypto_hash_sha256(out.data(), nullptr, 0);
  return out;
}

void MerkleTree::Append(const Hash256& leaf_hash) {
  leaves_.push_back(leaf_hash);
  uint64_t n = leaves_.size();
  if (n % (uint64_t{1} << kCacheShift) != 0) return;
  // A block of 256 leaves just completed: cache it, then every larger
  // complete subtree it closes.
  uint64_t block = uint64_t{1} << kCacheShift;
  if (cache_.empty()) cache_.emplace_back();
  Hash256 h = Subtree(n - block, n);
  cache_[0].push_back(h);
  for (size_t j = 0; cache_[j].size() % 2 == 0; ++j) {
    if (cache_.size() == j + 1) cache_.emplace_back();
    const auto& level = cache_[j];
    cache_[j + 1].push_back(MerkleNodeHash(level[level.size() - 2], level[level.size() - 1]));
  }
}

Hash256 MerkleTree::Subtree(uint64_t lo, uint64_t hi) const {
  uint64_t n = hi - lo;
  if (n == 0) return MerkleEmptyRoot();
  if (n == 1) return leaves_[lo];
  if ((n & (n - 1)) == 0 && n >= (uint64_t{1} << kCacheShift) && lo % n == 0) {
    size_t j = 0;
    while ((uint64_t{1} << (kCacheShift + j)) < n) ++j;
    uint64_t i = lo >> (kCacheShift + j);
    if (j < cache_.size() && i < cache_[j].size()) return cache_[j][i];
  }
  uint64_t k = LargestPowerOfTwoBelow(n);
  return MerkleNodeHash(Subtree(lo, lo + k), Subtree(lo + k, hi));
}

Hash256 MerkleTree::Root(uint64_t n) const { return Subtree(0, n); }

void MerkleTree::Path(uint64_t m, uint64_t lo, uint64_t hi, std::vector<Hash256>& out) const {
  uint64_t n = hi - lo;
  if (n <= 1) return;
  uint64_t k = LargestPowerOfTwoBelow(n);
  if (m < k) {
    Path(m, lo, lo + k, out);
    out.push_back(Subtree(lo + k, hi));
  } else {
    Path(m - k, lo + k, hi, out);
    out.push_back(Subtree(lo, lo + k));
  }
}

std::vector<Hash256> MerkleTree::InclusionProof(uint64_t index, uint64_t n) const {
  std::vector<Hash256> out;
  Path(index, 0, n, out);
  return out;
}

void MerkleTree::SubProof(uint64_t m, uint64_t lo, uint64_t hi, bool whole, std::vector<Hash256>& out) const {
  uint64_t n = hi - lo;
  if (m == n) {
    if (!whole) out.push_back(Subtree(lo, hi));
    return;
  }
  uint64_t k = LargestPowerOfTwoBelow(n);
  if (m <= k) {
    SubProof(m, lo, lo + k, whole, out);
    out.push_back(Subtree(lo + k, hi));
  } else {
    SubProof(m - k, lo + k, hi, false, out);
    out.push_back(Subtree(lo, lo + k));
  }
}

std::vector<Hash256> MerkleTree::ConsistencyProof(uint64_t m, uint64_t n) const {
  std::vector<Hash256> out;
  if (m == 0 || m >= n) return out;
  SubProof(m, 0, n, true, out);
  return out;
}

bool MerkleTree::VerifyInclusion(const Hash256& leaf_hash, uint64_t index, uint64_t tree_size,
                                 const std::vector<Hash256>& proof, const Hash256& root) {
  if (index >= tree_size) return false;
  uint64_t fn = index, sn = tree_size - 1;
  Hash256 r = leaf_hash;
  for (const Hash256& p : proof) {
    if (sn == 0) return false;
    if ((fn & 1) || fn == sn) {
      r = MerkleNodeHash(p, r);
      if (!(fn & 1)) {
        while (!(fn & 1) && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = MerkleNodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && r == root;
}

bool MerkleTree::VerifyConsistency(uint64_t m, uint64_t n, const Hash256& root_m, const Hash256& root_n,
                                   const std::vector<Hash256>& proof) {
  if (m > n) return false;
  if (m == n) return proof.empty() && root_m == root_n;
  if (m == 0) return proof.empty();
  if (proof.empty()) return false;
  std::vector<Hash256> path;
  if ((m & (m - 1)) == 0) path.push_back(root_m);  // m is a power of two: the old root is a node
  path.insert(path.end(), proof.begin(), proof.end());
  uint64_t fn = m - 1, sn = n - 1;
  while (fn & 1) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash256 fr = path[0], sr = path[0];
  for (size_t i = 1; i < path.size(); ++i) {
    const Hash256& c = path[i];
    if (sn == 0) return false;
    if ((fn & 1) || fn == sn) {
      fr = MerkleNodeHash(c, fr);
      sr = MerkleNodeHash(c, sr);
      if (!(fn & 1)) {
        while (!(fn & 1) && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      sr = MerkleNodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return fr == root_m && sr == root_n && sn == 0;
}

}  // namespace tact
