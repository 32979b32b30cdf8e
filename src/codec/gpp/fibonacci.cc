#include "codec/gpp/fibonacci.h"

#include <algorithm>
#include <string>

namespace tact::codec::gpp {
namespace {

constexpr int64_t kMaxSafe = int64_t{1} << 53;

Status Err(const std::string& what, const BitView& v, int64_t at) {
  return Status::InvalidArgument(what + " at bit " + std::to_string(v.begin + std::max<int64_t>(at, 0)));
}

// JavaScript s.substring(a, b) bounds: clamp to [0, len], swap when a > b.
void JsSubstring(const BitView& v, int64_t a, int64_t b, int64_t* lo, int64_t* hi) {
  int64_t len = static_cast<int64_t>(v.size());
  a = std::clamp<int64_t>(a, 0, len);
  b = std::clamp<int64_t>(b, 0, len);
  *lo = std::min(a, b);
  *hi = std::max(a, b);
}

// FibonacciIntegerEncoder.decode(s.substring(a, b)).
Status FibonacciValue(const BitView& v, int64_t a, int64_t b, int64_t* out) {
  int64_t lo, hi;
  JsSubstring(v, a, b, &lo, &hi);
  int64_t len = hi - lo;
  if (len < 2) return Err("undecodable Fibonacci integer", v, lo);
  BitView code = v.Sub(static_cast<size_t>(lo), static_cast<size_t>(hi));
  if (code.IndexOf11(0) != len - 2) return Err("undecodable Fibonacci integer", v, lo);
  int64_t f0 = 1, f1 = 2, sum = 0;
  for (int64_t k = 0; k < len - 1; ++k) {
    int64_t f = k == 0 ? 1 : k == 1 ? 2 : f0 + f1;
    if (k >= 2) {
      f0 = f1;
      f1 = f;
    }
    if (f > kMaxSafe) return Err("Fibonacci integer too large", v, lo);
    if (code.One(k)) sum += f;
  }
  if (sum > kMaxSafe) return Err("Fibonacci integer too large", v, lo);
  *out = sum;
  return Status::Ok();
}

void WriteFibonacci(int64_t n, BitWriter* w) {
  // Zeckendorf representation, least significant Fibonacci number first, then "1".
  std::vector<int64_t> fibs = {1, 2};
  while (fibs.back() + fibs[fibs.size() - 2] <= n) fibs.push_back(fibs.back() + fibs[fibs.size() - 2]);
  while (!fibs.empty() && fibs.back() > n) fibs.pop_back();
  std::vector<bool> bits(fibs.size(), false);
  for (size_t i = fibs.size(); i-- > 0;) {
    if (n >= fibs[i]) {
      bits[i] = true;
      n -= fibs[i];
    }
  }
  for (bool b : bits) w->WriteBool(b);
  w->WriteBool(true);
}

size_t FibonacciBits(int64_t n) {
  int64_t a = 1, b = 2;
  size_t count = 1;
  while (b <= n) {
    int64_t c = a + b;
    a = b;
    b = c;
    ++count;
  }
  return count + 1;
}

struct Run {
  int64_t start, end;
};

std::vector<Run> Runs(const std::vector<int64_t>& ids) {
  std::vector<Run> runs;
  for (int64_t id : ids) {
    if (!runs.empty() && runs.back().end + 1 == id) {
      runs.back().end = id;
    } else {
      runs.push_back({id, id});
    }
  }
  return runs;
}

}  // namespace

int64_t BitView::IndexOf11(int64_t from) const {
  if (from < 0) from = 0;
  if (static_cast<size_t>(from) >= size()) return -1;
  size_t found = r->IndexOf11(begin + from, end);
  return found == BitReader::kNotFound ? -1 : static_cast<int64_t>(found - begin);
}

Status MeasureFibonacciRange(const BitView& v, size_t start, size_t* end) {
  int64_t len = static_cast<int64_t>(v.size());
  int64_t r0 = static_cast<int64_t>(start);
  if (r0 + 12 > len) return Err("truncated Fibonacci range count", v, r0);
  uint64_t n = v.r->Get(v.begin + start, 12);
  int64_t t = r0 + 12;
  for (uint64_t k = 0; k < n; ++k) {
    if (v.One(t)) {
      t = v.IndexOf11(v.IndexOf11(t + 1) + 2) + 2;
    } else {
      t = v.IndexOf11(t + 1) + 2;
    }
  }
  if (t > len || r0 > t) return Err("truncated Fibonacci range", v, r0);
  *end = static_cast<size_t>(t);
  return Status::Ok();
}

Status DecodeFibonacciRange(const BitView& v, std::vector<int64_t>* ids) {
  int64_t len = static_cast<int64_t>(v.size());
  if (len < 12) return Err("undecodable Fibonacci range", v, 0);
  uint64_t n = v.r->Get(v.begin, 12);
  int64_t o = 0, c = 12;
  for (uint64_t k = 0; k < n; ++k) {
    if (c >= len) return Err("undecodable boolean in Fibonacci range", v, c);
    bool is_range = v.One(c);
    ++c;
    int64_t r1 = v.IndexOf11(c);
    int64_t first;
    TACT_RETURN_IF_ERROR(FibonacciValue(v, c, r1 + 2, &first));
    first += o;
    o = first;
    c = r1 + 2;
    if (!is_range) {
      ids->push_back(first);
    } else {
      int64_t r2 = v.IndexOf11(c);
      int64_t last;
      TACT_RETURN_IF_ERROR(FibonacciValue(v, c, r2 + 2, &last));
      last += o;
      o = last;
      c = r2 + 2;
      if (last >= first && static_cast<uint64_t>(last - first) + ids->size() >= kMaxIds) {
        return Err("Fibonacci range expands to too many ids", v, c);
      }
      for (int64_t id = first; id <= last; ++id) ids->push_back(id);
    }
    if (o > kMaxSafe) return Err("Fibonacci range value too large", v, c);
  }
  return Status::Ok();
}

void WriteFibonacciRange(const std::vector<int64_t>& ids, BitWriter* w) {
  std::vector<Run> runs = Runs(ids);
  w->Write(runs.size(), 12);
  int64_t last = 0;
  for (const Run& r : runs) {
    w->WriteBool(r.start != r.end);
    WriteFibonacci(r.start - last, w);
    if (r.start != r.end) WriteFibonacci(r.end - r.start, w);
    last = r.end;
  }
}

size_t FibonacciRangeBits(const std::vector<int64_t>& ids) {
  size_t bits = 12;
  int64_t last = 0;
  for (const Run& r : Runs(ids)) {
    bits += 1 + FibonacciBits(r.start - last);
    if (r.start != r.end) bits += FibonacciBits(r.end - r.start);
    last = r.end;
  }
  return bits;
}

}  // namespace tact::codec::gpp
