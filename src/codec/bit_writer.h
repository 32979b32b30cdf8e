// BitWriter: builds a packed, most-significant-bit-first bit string, the
// inverse of BitReader. Values wider than their field are a programmer error
// (checked by the callers, which validate models before encoding).
#ifndef TACT_CODEC_BIT_WRITER_H_
#define TACT_CODEC_BIT_WRITER_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace tact::codec {

class BitWriter {
 public:
  // Appends the low `n` bits of `value`, n in [0, 64].
  void Write(uint64_t value, unsigned n);
  void WriteBool(bool b) { Write(b ? 1 : 0, 1); }
  // Appends zero bits until size() is a multiple of `m`.
  void PadTo(size_t m);

  size_t size() const { return size_; }
  bool Bit(size_t pos) const { return (bytes_[pos >> 3] >> (7 - (pos & 7))) & 1; }
  const std::vector<uint8_t>& bytes() const { return bytes_; }

 private:
  std::vector<uint8_t> bytes_;
  size_t size_ = 0;
};

}  // namespace tact::codec

#endif  // TACT_CODEC_BIT_WRITER_H_
