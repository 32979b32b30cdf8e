#include "codec/gpp/fibonacci.h"

#include <gtest/gtest.h>

#include "codec/base64url.h"

namespace tact::codec::gpp {
namespace {

std::vector<int64_t> RoundTrip(const std::vector<int64_t>& ids) {
  BitWriter w;
  WriteFibonacciRange(ids, &w);
  EXPECT_EQ(w.size(), FibonacciRangeBits(ids));
  std::vector<uint8_t> bytes = w.bytes();
  bytes.resize(BitReader::ByteSizeFor(w.size()), 0);
  BitReader r(bytes.data(), w.size());
  BitView v{&r, 0, r.size()};
  size_t end = 0;
  EXPECT_TRUE(MeasureFibonacciRange(v, 0, &end).ok());
  EXPECT_EQ(end, w.size());
  std::vector<int64_t> out;
  EXPECT_TRUE(DecodeFibonacciRange(v, &out).ok());
  return out;
}

TEST(codec_Fibonacci, RoundTripsRangesAndSingles) {
  for (const std::vector<int64_t>& ids :
       {std::vector<int64_t>{}, {2}, {2, 6}, {7, 8, 9, 10}, {1, 2, 3, 5, 8, 13, 14, 15, 100}}) {
    EXPECT_EQ(RoundTrip(ids), ids);
  }
}

TEST(codec_Fibonacci, HeaderOfTheSpecExample) {
  // "DBACNY" is the GPP header for sections 2 and 6.
  Bits bits;
  ASSERT_TRUE(DecodeBase64Url("DBACNY", &bits).ok());
  BitReader r(bits.bytes.data(), bits.bit_size);
  BitView v{&r, 0, r.size()};
  size_t end = 0;
  ASSERT_TRUE(MeasureFibonacciRange(v, 12, &end).ok());
  std::vector<int64_t> ids;
  ASSERT_TRUE(DecodeFibonacciRange(v.Sub(12, end), &ids).ok());
  EXPECT_EQ(ids, (std::vector<int64_t>{2, 6}));
}

TEST(codec_Fibonacci, MissingTerminatorFails) {
  Bits bits;
  ASSERT_TRUE(DecodeBase64Url("DBABAA", &bits).ok());  // one entry, no "11" after it
  BitReader r(bits.bytes.data(), bits.bit_size);
  BitView v{&r, 0, r.size()};
  size_t end = 0;
  EXPECT_FALSE(MeasureFibonacciRange(v, 12, &end).ok());
}

}  // namespace
}  // namespace tact::codec::gpp
