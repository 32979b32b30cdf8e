#include "codec/base64url.h"

#include <gtest/gtest.h>

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
  uint64_t v;
  r.Seek(10);
  EXPECT_TRUE(r.Read(2, &v));
  EXPECT_EQ(v, 3u);
  EXPECT_FALSE(r.Read(1, &v));
}

}  // namespace
}  // namespace tact::codec
