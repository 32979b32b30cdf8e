#include "core/digest.h"

#include <gtest/gtest.h>

#include <string>

#include "core/api_key.h"

namespace tact {
namespace {

TEST(ConstantTimeEquals, EveryPositionAndLengthCounts) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_FALSE(ConstantTimeEquals("a", ""));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
  for (size_t len : {1u, 7u, 8u, 9u, 31u, 32u, 64u, 65u}) {
    std::string a(len, 'x');
    for (size_t i = 0; i < len; ++i) a[i] = static_cast<char>('a' + i % 26);
    EXPECT_TRUE(ConstantTimeEquals(a, a)) << len;
    for (size_t i = 0; i < len; ++i) {
      for (int bit = 0; bit < 8; ++bit) {
        std::string b = a;
        b[i] = static_cast<char>(b[i] ^ (1 << bit));
        EXPECT_FALSE(ConstantTimeEquals(a, b)) << "len " << len << " byte " << i << " bit " << bit;
      }
    }
  }
}

TEST(ToHex, IntoABufferMatchesTheString) {
  Hash256 h = Blake2b256("tact");
  char buf[64];
  ToHex(h.data(), h.size(), buf);
  EXPECT_EQ(std::string(buf, 64), ToHex(h));
  EXPECT_EQ(ToHex(h).size(), 64u);
}

TEST(ApiKey, BufferFormsMatchTheStringForms) {
  KeyIdBuffer id;
  KeyHashBuffer hash;
  const std::string plain = "sk_0123456789abcdef_secretpart";
  EXPECT_EQ(KeyIdFromPlaintext(plain, id), KeyIdFromPlaintext(plain));
  EXPECT_EQ(KeyIdFromPlaintext(plain), "key_0123456789abcdef");
  EXPECT_EQ(HashKey(plain, hash), HashKey(plain));
  EXPECT_EQ(KeyIdFromPlaintext("nonsense", id), "");
  // The longest id part that is accepted (sep at 40) still fits the buffer.
  std::string longest = "pk_" + std::string(37, 'z') + "_x";
  EXPECT_EQ(KeyIdFromPlaintext(longest, id), "key_" + std::string(37, 'z'));
  EXPECT_EQ(KeyIdFromPlaintext("pk_" + std::string(38, 'z') + "_x", id), "");
}

}  // namespace
}  // namespace tact
