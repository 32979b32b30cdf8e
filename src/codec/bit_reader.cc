#include "codec/bit_reader.h"

#include <bit>
#include <cstring>

namespace tact::codec {

uint64_t BitReader::Get(size_t pos, unsigned n) const {
  uint64_t v;
  std::memcpy(&v, data_ + (pos >> 3), 8);  // the 8 slack bytes make this safe
  if constexpr (std::endian::native == std::endian::little) v = __builtin_bswap64(v);
  return (v << (pos & 7)) >> (64 - n);
}

bool BitReader::Read(unsigned n, uint64_t* out) {
  if (!Has(pos_, n)) return false;
  *out = Get(pos_, n);
  pos_ += n;
  return true;
}

bool BitReader::ReadBool(bool* out) {
  if (pos_ >= size_) return false;
  *out = Bit(pos_++);
  return true;
}

size_t BitReader::IndexOf11(size_t from, size_t end) const {
  if (end > size_) end = size_;
  bool prev = false;
  for (size_t i = from; i < end; ++i) {
    bool b = Bit(i);
    if (b && prev) return i - 1;
    prev = b;
  }
  return kNotFound;
}

}  // namespace tact::codec
