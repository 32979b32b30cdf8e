#include "ledger/merkle.h"

#include <gtest/gtest.h>

namespace tact {
namespace {

std::string Bytes(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
  return out;
}

Hash256 H(std::string_view hex) {
  Hash256 h{};
  std::string b = Bytes(hex);
  std::copy(b.begin(), b.end(), h.begin());
  return h;
}

// The RFC 6962 reference leaves and tree heads (as used by Certificate
// Transparency implementations' tests).
const char* kLeaves[] = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                         "606162636465666768696a6b6c6d6e6f"};
const char* kRoots[] = {
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

MerkleTree ReferenceTree() {
  MerkleTree t;
  for (const char* leaf : kLeaves) t.Append(MerkleLeafHash(Bytes(leaf)));
  return t;
}

TEST(Merkle, MatchesRfc6962TreeHeads) {
  MerkleTree t = ReferenceTree();
  for (uint64_t n = 0; n <= 8; ++n) EXPECT_EQ(ToHex(t.Root(n)), kRoots[n]) << n;
}

TEST(Merkle, MatchesRfc6962InclusionProofs) {
  MerkleTree t = ReferenceTree();
  auto p0 = t.InclusionProof(0, 8);
  ASSERT_EQ(p0.size(), 3u);
  EXPECT_EQ(ToHex(p0[0]), "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7");
  EXPECT_EQ(ToHex(p0[1]), "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e");
  EXPECT_EQ(ToHex(p0[2]), "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
  auto p5 = t.InclusionProof(5, 8);
  ASSERT_EQ(p5.size(), 3u);
  EXPECT_EQ(ToHex(p5[0]), "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
  EXPECT_EQ(ToHex(p5[2]), "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
  EXPECT_TRUE(MerkleTree::VerifyInclusion(MerkleLeafHash(Bytes(kLeaves[5])), 5, 8, p5, H(kRoots[8])));
}

TEST(Merkle, EveryProofVerifiesAndTamperingFails) {
  MerkleTree t;
  for (int i = 0; i < 70; ++i) t.Append(MerkleLeafHash(std::string(1, static_cast<char>(i)) + "x"));
  for (uint64_t n = 1; n <= 70; ++n) {
    Hash256 root = t.Root(n);
    for (uint64_t i = 0; i < n; ++i) {
      auto proof = t.InclusionProof(i, n);
      Hash256 leaf = MerkleLeafHash(std::string(1, static_cast<char>(i)) + "x");
      ASSERT_TRUE(MerkleTree::VerifyInclusion(leaf, i, n, proof, root)) << i << "/" << n;
      EXPECT_FALSE(MerkleTree::VerifyInclusion(leaf, (i + 1) % n == i ? i + 1 : (i + 1) % n, n, proof, root) &&
                   n > 1)
          << i << "/" << n;
      if (!proof.empty()) {
        proof[0][0] ^= 1;
        EXPECT_FALSE(MerkleTree::VerifyInclusion(leaf, i, n, proof, root));
      }
    }
    for (uint64_t m = 1; m <= n; ++m) {
      auto proof = t.ConsistencyProof(m, n);
      ASSERT_TRUE(MerkleTree::VerifyConsistency(m, n, t.Root(m), root, proof)) << m << "->" << n;
      if (m < n) {
        Hash256 wrong = t.Root(m);
        wrong[5] ^= 1;
        EXPECT_FALSE(MerkleTree::VerifyConsistency(m, n, wrong, root, proof)) << m << "->" << n;
      }
    }
  }
}

TEST(Merkle, CachedSubtreesAgreeWithDirectHashing) {
  MerkleTree big, check;
  std::vector<Hash256> leaves;
  for (int i = 0; i < 1300; ++i) {
    leaves.push_back(MerkleLeafHash(std::to_string(i)));
    big.Append(leaves.back());
  }
  // A naive recursive root over the same leaves.
  std::function<Hash256(size_t, size_t)> mth = [&](size_t lo, size_t hi) -> Hash256 {
    if (hi - lo == 1) return leaves[lo];
    size_t k = 1;
    while (k << 1 < hi - lo) k <<= 1;
    return MerkleNodeHash(mth(lo, lo + k), mth(lo + k, hi));
  };
  for (size_t n : {256u, 257u, 511u, 512u, 768u, 1024u, 1299u, 1300u}) EXPECT_EQ(big.Root(n), mth(0, n)) << n;
  auto proof = big.InclusionProof(700, 1300);
  EXPECT_TRUE(MerkleTree::VerifyInclusion(leaves[700], 700, 1300, proof, big.Root(1300)));
  auto cons = big.ConsistencyProof(513, 1300);
  EXPECT_TRUE(MerkleTree::VerifyConsistency(513, 1300, big.Root(513), big.Root(1300), cons));
}

}  // namespace
}  // namespace tact
