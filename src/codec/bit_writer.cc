#include "codec/bit_writer.h"

namespace tact::codec {

void BitWriter::Write(uint64_t value, unsigned n) {
  for (unsigned i = n; i-- > 0;) {
    if ((size_ & 7) == 0) bytes_.push_back(0);
    if ((value >> i) & 1) bytes_.back() |= static_cast<uint8_t>(0x80 >> (size_ & 7));
    ++size_;
  }
}

void BitWriter::PadTo(size_t m) {
  while (size_ % m != 0) Write(0, 1);
}

}  // namespace tact::codec
