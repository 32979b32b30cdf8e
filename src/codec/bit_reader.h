// BitReader: random and sequential access to a packed, most-significant-bit-first
// bit string (the payload of a base64url segment of a TC or GPP string).
//
// Contract: the reader does not own the bytes; they must outlive it and hold at
// least ByteSizeFor(bit_size) bytes (base64url.h allocates that, including the
// slack bytes that let Get() load eight bytes at once). Reads past the end are
// reported by the bool-returning calls and never touch memory out of range.
// Pure code; thread-compatible.
#ifndef TACT_CODEC_BIT_READER_H_
#define TACT_CODEC_BIT_READER_H_

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace tact::codec {

// x with its 64 bits in reverse order (bit 0 <-> bit 63).
inline uint64_t ReverseBits64(uint64_t x) {
  x = ((x >> 1) & 0x5555555555555555ull) | ((x & 0x5555555555555555ull) << 1);
  x = ((x >> 2) & 0x3333333333333333ull) | ((x & 0x3333333333333333ull) << 2);
  x = ((x >> 4) & 0x0F0F0F0F0F0F0F0Full) | ((x & 0x0F0F0F0F0F0F0F0Full) << 4);
  return __builtin_bswap64(x);
}

class BitReader {
 public:
  static constexpr size_t kNotFound = static_cast<size_t>(-1);
  // Bytes a buffer must hold for `bit_size` bits (payload plus 8 slack bytes).
  static size_t ByteSizeFor(size_t bit_size) { return (bit_size + 7) / 8 + 8; }

  BitReader(const uint8_t* data, size_t bit_size) : data_(data), size_(bit_size) {}

  size_t size() const { return size_; }
  size_t position() const { return pos_; }
  void Seek(size_t pos) { pos_ = pos; }
  size_t remaining() const { return pos_ < size_ ? size_ - pos_ : 0; }

  // True when bits [pos, pos + n) exist.
  bool Has(size_t pos, size_t n) const { return pos <= size_ && n <= size_ - pos; }
  // The bit at `pos`. REQUIRES: pos < size().
  bool Bit(size_t pos) const { return (data_[pos >> 3] >> (7 - (pos & 7))) & 1; }
  // The n-bit unsigned integer at `pos`, n in [1, 56]. REQUIRES: Has(pos, n).
  uint64_t Get(size_t pos, unsigned n) const {
    uint64_t v;
    std::memcpy(&v, data_ + (pos >> 3), 8);  // the 8 slack bytes make this safe
    if constexpr (std::endian::native == std::endian::little) v = __builtin_bswap64(v);
    return (v << (pos & 7)) >> (64 - n);
  }

  // Sequential reads at the cursor; false (cursor unchanged) when too few bits.
  bool Read(unsigned n, uint64_t* out) {
    if (!Has(pos_, n)) return false;
    *out = Get(pos_, n);
    pos_ += n;
    return true;
  }
  bool ReadBool(bool* out) {
    if (pos_ >= size_) return false;
    *out = Bit(pos_++);
    return true;
  }

  // First index i in [from, end - 1) with bits i and i+1 both set (the
  // terminator of a Fibonacci code), or kNotFound. `end` <= size().
  size_t IndexOf11(size_t from, size_t end) const;

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

}  // namespace tact::codec

#endif  // TACT_CODEC_BIT_READER_H_
