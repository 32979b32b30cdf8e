// MerkleTree: the RFC 6962 / RFC 9162 Merkle tree over the ledger, as
// Certificate Transparency builds it. Leaves are the ledger entries' chain
// hashes; hashing is SHA-256 with a 0x00 prefix for leaves and 0x01 for
// interior nodes, so a leaf can never pass for a node.
//
// It answers the tree head of any size up to the current one, the audit path
// proving an entry is in a tree (inclusion), and the proof that a tree
// extends an earlier one without rewriting it (consistency). The static
// Verify* functions are what a client runs; they need nothing but the proof.
//
// Memory: 32 bytes per leaf plus a cache of complete subtrees of 256 leaves
// and more, so a proof costs O(log n) cached nodes and at most a few hundred
// leaf hashes.
//
// Thread-safety: none; the ledger guards it.
#ifndef TACT_LEDGER_MERKLE_H_
#define TACT_LEDGER_MERKLE_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/digest.h"

namespace tact {

Hash256 MerkleLeafHash(std::string_view leaf);                  // SHA-256(0x00 || leaf)
Hash256 MerkleNodeHash(const Hash256& left, const Hash256& right);  // SHA-256(0x01 || l || r)
Hash256 MerkleEmptyRoot();                                      // SHA-256("")

class MerkleTree {
 public:
  // Appends a leaf by its leaf hash (MerkleLeafHash of the leaf's bytes).
  void Append(const Hash256& leaf_hash);
  uint64_t size() const { return leaves_.size(); }

  // REQUIRES: n <= size().
  Hash256 Root(uint64_t n) const;
  // Audit path of leaf `index` in the tree of size n. REQUIRES: index < n <= size().
  std::vector<Hash256> InclusionProof(uint64_t index, uint64_t n) const;
  // Proof that the tree of size m is a prefix of the tree of size n.
  // REQUIRES: 0 < m <= n <= size().
  std::vector<Hash256> ConsistencyProof(uint64_t m, uint64_t n) const;

  static bool VerifyInclusion(const Hash256& leaf_hash, uint64_t index, uint64_t tree_size,
                              const std::vector<Hash256>& proof, const Hash256& root);
  static bool VerifyConsistency(uint64_t m, uint64_t n, const Hash256& root_m, const Hash256& root_n,
                                const std::vector<Hash256>& proof);

 private:
  static constexpr int kCacheShift = 8;  // cache complete subtrees of 2^8 leaves and up

  Hash256 Subtree(uint64_t lo, uint64_t hi) const;  // MTH(D[lo:hi])
  void Path(uint64_t m, uint64_t lo, uint64_t hi, std::vector<Hash256>& out) const;
  void SubProof(uint64_t m, uint64_t lo, uint64_t hi, bool whole, std::vector<Hash256>& out) const;

  std::vector<Hash256> leaves_;
  // cache_[j][i]: root of leaves [i * 2^(8+j), (i+1) * 2^(8+j)).
  std::vector<std::vector<Hash256>> cache_;
};

}  // namespace tact

#endif  // TACT_LEDGER_MERKLE_H_
