#include "codec/base64url.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include "codec/bit_reader.h"
#include "codec/bit_writer.h"

namespace tact::codec {
namespace {

TEST(codec_Base64Url, DecodesBitsMostSignificantFirst) {
  Bits bits;
  ASSERT_TRUE(DecodeBase64Url("C_A", &bits).ok());
  EXPECT_EQ(bits.bit_size, 18u);
  BitReader r(bits.bytes.data(), bits.bit_size);
  EXPECT_EQ(r.Get(0, 6), 2u);   // 'C'
  EXPECT_EQ(r.Get(6, 6), 63u);  // '_'
  EXPECT_EQ(r.Get(12, 6), 0u);  // 'A'
  EXPECT_EQ(r.Get(4, 8), 0b10111111u);
}

TEST(codec_Base64Url, RejectsOtherCharactersWithTheirIndex) {
  Bits bits;
  for (std::string bad : {"AB+C", "AB/C", "AB=", "AB C", "AB\xc3\xa9"}) {
    Status s = DecodeBase64Url(bad, &bits);
    ASSERT_FALSE(s.ok()) << bad;
    EXPECT_NE(s.message().find("index 2"), std::string::npos) << s.message();
  }
}

TEST(codec_Base64Url, EmptyIsZeroBits) {
  Bits bits;
  ASSERT_TRUE(DecodeBase64Url("", &bits).ok());
  EXPECT_EQ(bits.bit_size, 0u);
}

TEST(codec_Base64Url, EncodePaddingModes) {
  BitWriter w;
  w.Write(0b000011000001, 12);                                   // "DB"
  EXPECT_EQ(EncodeBase64Url(w, Padding::kTraditional), "DBAA");  // 24 bits
  EXPECT_EQ(EncodeBase64Url(w, Padding::kCompressed), "DBA");    // 16 -> 18 bits
  BitWriter w60;
  w60.Write(0, 60);
  EXPECT_EQ(EncodeBase64Url(w60, Padding::kCompressed).size(), 11u);  // 64 -> 66 bits
}

TEST(codec_BitReader, IndexOf11AndBounds) {
  Bits bits;
  ASSERT_TRUE(DecodeBase64Url("AD", &bits).ok());  // 000000 000011
  BitReader r(bits.bytes.data(), bits.bit_size);
  EXPECT_EQ(r.IndexOf11(0, r.size()), 10u);
  EXPECT_EQ(r.IndexOf11(11, r.size()), BitReader::kNotFound);
  EXPECT_EQ(r.IndexOf11(0, 11), BitReader::kNotFound);
  uint64_t v = 0;
  r.Seek(10);
  EXPECT_TRUE(r.Read(2, &v));
  EXPECT_EQ(v, 3u);
  EXPECT_FALSE(r.Read(1, &v));
}

// A deterministic pseudo-random source for the table tests below.
struct Lcg {
  uint32_t state = 2024;
  uint32_t Next() {
    state = state * 1103515245u + 12345u;
    return state >> 16;
  }
};

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

TEST(codec_Base64Url, EveryLengthMatchesBitByBitDecoding) {
  // Lengths 0-40 cover whole four-character groups and each kind of tail;
  // every bit, and every slack byte (zero), is checked.
  Lcg rng;
  Bits bits;
  for (size_t len = 0; len <= 40; ++len) {
    for (int round = 0; round < 20; ++round) {
      std::string text;
      for (size_t i = 0; i < len; ++i) text.push_back(kAlphabet[rng.Next() % 64]);
      ASSERT_TRUE(DecodeBase64Url(text, &bits).ok()) << text;
      ASSERT_EQ(bits.bit_size, len * 6);
      ASSERT_EQ(bits.bytes.size(), BitReader::ByteSizeFor(len * 6));
      BitReader r(bits.bytes.data(), bits.bit_size);
      for (size_t i = 0; i < len; ++i) {
        int v = Base64UrlValue(text[i]);
        for (int b = 0; b < 6; ++b) {
          ASSERT_EQ(r.Bit(i * 6 + b), ((v >> (5 - b)) & 1) != 0) << text << " bit " << i * 6 + b;
        }
      }
      for (size_t bit = len * 6; bit < bits.bytes.size() * 8; ++bit) {
        ASSERT_FALSE((bits.bytes[bit / 8] >> (7 - bit % 8)) & 1) << text << " slack bit " << bit;
      }
    }
  }
}

TEST(codec_Base64Url, BadCharacterAtEveryPositionIsNamed) {
  Bits bits;
  for (size_t len = 1; len <= 13; ++len) {
    for (size_t at = 0; at < len; ++at) {
      std::string text(len, 'Q');
      text[at] = '+';
      if (at + 2 < len) text[at + 2] = '/';  // a later bad one is not the one named
      Status s = DecodeBase64Url(text, &bits);
      ASSERT_FALSE(s.ok()) << text;
      EXPECT_NE(s.message().find("index " + std::to_string(at) + " "), std::string::npos)
          << text << ": " << s.message();
    }
  }
}

TEST(codec_BitReader, ReverseBits64MatchesABitLoop) {
  Lcg rng;
  for (int round = 0; round < 1000; ++round) {
    uint64_t x = uint64_t{rng.Next()} << 48 ^ uint64_t { rng.Next() } << 32 ^
                 uint64_t { rng.Next() } << 16 ^ rng.Next() ^
                 (round < 64 ? uint64_t{1} << round : 0);
    uint64_t want = 0;
    for (int b = 0; b < 64; ++b) want |= ((x >> b) & 1) << (63 - b);
    ASSERT_EQ(ReverseBits64(x), want) << x;
  }
}

TEST(codec_BitReader, IndexOf11MatchesABitByBitSearch) {
  // Random bit strings of up to 300 bits with few set bits (so that pairs are
  // rare and found anywhere, across the 56-bit windows), every from/end.
  Lcg rng;
  Bits bits;
  for (int round = 0; round < 200; ++round) {
    size_t chars = 1 + rng.Next() % 50;
    std::string text;
    for (size_t i = 0; i < chars; ++i) {
      unsigned v = rng.Next() % 64;
      if (rng.Next() % 4 != 0) v &= 0b010101;  // mostly no adjacent ones
      text.push_back(kAlphabet[v]);
    }
    ASSERT_TRUE(DecodeBase64Url(text, &bits).ok());
    BitReader r(bits.bytes.data(), bits.bit_size);
    for (size_t from = 0; from <= r.size(); from += 1 + rng.Next() % 7) {
      for (size_t end = from; end <= r.size() + 2; end += 1 + rng.Next() % 9) {
        size_t want = BitReader::kNotFound;
        size_t stop = end < r.size() ? end : r.size();
        for (size_t i = from; i + 1 < stop; ++i) {
          if (r.Bit(i) && r.Bit(i + 1)) {
            want = i;
            break;
          }
        }
        ASSERT_EQ(r.IndexOf11(from, end), want) << text << " from " << from << " end " << end;
      }
    }
  }
}

// The byte encoder must write what libsodium's URL-safe, unpadded variant
// writes, for every length and every byte value.
TEST(codec_Base64Url, BytesAreWrittenAsLibsodiumWritesThem) {
  ASSERT_GE(sodium_init(), 0);
  std::string bytes;
  for (size_t n = 0; n < 300; ++n) {
    bytes.resize(n);
    randombytes_buf(bytes.data(), n);
    if (n == 1) bytes[0] = '\xff';
    if (n == 2) bytes.assign("\xfb\xff", 2);
    std::string ours(Base64UrlLength(n), '#');
    WriteBase64Url(bytes, ours.data());
    std::string theirs(sodium_base64_encoded_len(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                       '\0');
    sodium_bin2base64(theirs.data(), theirs.size(),
                      reinterpret_cast<const unsigned char*>(bytes.data()), n,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    theirs.resize(theirs.size() - 1);
    ASSERT_EQ(ours, theirs) << "length " << n;
  }
}

}  // namespace
}  // namespace tact::codec
