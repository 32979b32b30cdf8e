#include "codec/bit_reader.h"

namespace tact::codec {

size_t BitReader::IndexOf11(size_t from, size_t end) const {
  if (end > size_) end = size_;
  // 56 bits at a time, consecutive windows overlapping by one bit so that a
  // pair across two windows is seen. In a window of n bits read MSB first,
  // bit k of v & (v >> 1) is set when window bits n-2-k and n-1-k both are.
  size_t i = from;
  while (i + 1 < end) {
    unsigned n = static_cast<unsigned>(end - i < 56 ? end - i : 56);
    uint64_t v = Get(i, n);
    uint64_t pairs = v & (v >> 1);
    if (pairs != 0) return i + n - 1 - static_cast<size_t>(std::bit_width(pairs));
    i += n - 1;
  }
  return kNotFound;
}

}  // namespace tact::codec
