// Fibonacci-coded integers and ranges as @iabgpp/cmpapi 3.2.0 reads them (GPP
// header SectionIds; tcfcav1 vendor lists).
//
// The reader is a faithful port of the library's string algorithm, including
// what it does with malformed input (a missing "11" terminator makes its
// indexOf return -1, and later reads restart near the start of the string), so
// that tact accepts and rejects exactly the same bit strings. Positions are
// relative to a view [begin, end) of a BitReader, which plays the role of the
// JavaScript string the library works on.
//
// Limits (where the library would run out of memory or lose precision): a
// value above 2^53 or more than kMaxIds expanded ids is an error.
#ifndef TACT_CODEC_GPP_FIBONACCI_H_
#define TACT_CODEC_GPP_FIBONACCI_H_

#include <cstdint>
#include <vector>

#include "codec/bit_reader.h"
#include "codec/bit_writer.h"
#include "tact/status.h"

namespace tact::codec::gpp {

inline constexpr size_t kMaxIds = 1u << 20;

struct BitView {
  const BitReader* r;
  size_t begin;
  size_t end;
  size_t size() const { return end - begin; }
  // JavaScript charAt(i) == "1".
  bool One(int64_t i) const { return i >= 0 && static_cast<size_t>(i) < size() && r->Bit(begin + i); }
  // JavaScript indexOf("11", from): -1 when absent.
  int64_t IndexOf11(int64_t from) const;
  BitView Sub(size_t from, size_t to) const { return {r, begin + from, begin + to}; }
};

// EncodableFibonacciIntegerRange.substring: the end offset (relative) of the
// range field starting at `start`, or an error (a SubstringError there).
Status MeasureFibonacciRange(const BitView& v, size_t start, size_t* end);

// FibonacciIntegerRangeEncoder.decode of the whole view.
Status DecodeFibonacciRange(const BitView& v, std::vector<int64_t>* ids);

// Writes ascending, distinct ids >= 1 as a Fibonacci range (12-bit count of
// runs; per run a flag, the offset from the previous end, and for a run its
// length), the inverse of DecodeFibonacciRange.
void WriteFibonacciRange(const std::vector<int64_t>& ids, BitWriter* w);

// The number of bits WriteFibonacciRange would write.
size_t FibonacciRangeBits(const std::vector<int64_t>& ids);

}  // namespace tact::codec::gpp

#endif  // TACT_CODEC_GPP_FIBONACCI_H_
