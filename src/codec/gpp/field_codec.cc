#include "codec/gpp/field_codec.h"

#include <algorithm>
#include <string>

#include "codec/gpp/fibonacci.h"

namespace tact::codec::gpp {
namespace {

Status Missing(const FieldSpec& f, size_t pos) {
  return Status::InvalidArgument(std::string("field ") + f.name + " incomplete at bit " +
                                 std::to_string(pos));
}

// EncodableOptimizedFibonacciRange.substring: end offset within v.
Status MeasureOptFib(const BitView& v, size_t r, size_t* end) {
  if (r + 16 > v.size())
    return Status::InvalidArgument("truncated max id at bit " + std::to_string(v.begin + r));
  uint64_t max_id = v.r->Get(v.begin + r, 16);
  if (v.One(static_cast<int64_t>(r + 16))) {
    if (r + 17 > v.size())
      return Status::InvalidArgument("truncated at bit " + std::to_string(v.begin + r));
    return MeasureFibonacciRange(v, r + 17, end);
  }
  if (r + 17 + max_id > v.size()) {
    return Status::InvalidArgument("truncated bitfield at bit " + std::to_string(v.begin + r));
  }
  *end = r + 17 + max_id;
  return Status::Ok();
}

// EncodableOptimizedFibonacciRange.decode of the whole view.
Status DecodeOptFib(const BitView& s, std::vector<int64_t>* ids) {
  if (s.One(16)) {
    BitView rest = s.size() >= 17 ? s.Sub(17, s.size()) : s.Sub(s.size(), s.size());
    return DecodeFibonacciRange(rest, ids);
  }
  for (size_t i = 17; i < s.size(); ++i) {
    if (s.r->Bit(s.begin + i)) ids->push_back(static_cast<int64_t>(i - 16));
  }
  return Status::Ok();
}

// EncodableArrayOfOptimizedFibonacciRanges.substring (errors are soft).
Status MeasureFibArray(const BitView& e, size_t t, size_t* end) {
  if (t + 12 > e.size()) return Status::InvalidArgument("truncated");
  uint64_t n = e.r->Get(e.begin + t, 12);
  size_t i = t + 12;
  for (uint64_t k = 0; k < n; ++k) {
    if (i + 8 > e.size()) return Status::InvalidArgument("truncated");
    i += 8;
    size_t next;
    TACT_RETURN_IF_ERROR(MeasureOptFib(e, i, &next));
    i = next;
  }
  *end = i;
  return Status::Ok();
}

Status DecodeFibArray(const BitView& s, std::vector<RangeEntry>* out) {
  uint64_t n = s.r->Get(s.begin, 12);
  size_t pos = 12;
  for (uint64_t k = 0; k < n; ++k) {
    if (pos + 8 > s.size())
      return Status::InvalidArgument("truncated restriction at bit " +
                                     std::to_string(s.begin + pos));
    RangeEntry entry;
    entry.key = static_cast<int64_t>(s.r->Get(s.begin + pos, 6));
    entry.type = static_cast<int64_t>(s.r->Get(s.begin + pos + 6, 2));
    pos += 8;
    size_t end;
    TACT_RETURN_IF_ERROR(MeasureOptFib(s, pos, &end));
    TACT_RETURN_IF_ERROR(DecodeOptFib(s.Sub(pos, end), &entry.ids));
    pos = end;
    out->push_back(std::move(entry));
  }
  return Status::Ok();
}

// EncodableFixedIntegerRange.substring: 12-bit count, entries of 17 or 33 bits.
Status MeasureFixedRange(const BitView& v, size_t r, size_t* end) {
  if (r + 12 > v.size())
    return Status::InvalidArgument("truncated range count at bit " + std::to_string(v.begin + r));
  uint64_t n = v.r->Get(v.begin + r, 12);
  size_t t = r + 12;
  for (uint64_t k = 0; k < n; ++k) t += v.One(static_cast<int64_t>(t)) ? 33 : 17;
  if (t > v.size())
    return Status::InvalidArgument("truncated ranges at bit " + std::to_string(v.begin + r));
  *end = t;
  return Status::Ok();
}

// FixedIntegerRangeEncoder.decode of a measured view.
Status DecodeFixedRange(const BitView& s, std::vector<int64_t>* ids) {
  uint64_t n = s.r->Get(s.begin, 12);
  size_t pos = 12;
  for (uint64_t k = 0; k < n; ++k) {
    bool is_range = s.One(static_cast<int64_t>(pos));
    int64_t start = static_cast<int64_t>(s.r->Get(s.begin + pos + 1, 16));
    int64_t end = is_range ? static_cast<int64_t>(s.r->Get(s.begin + pos + 17, 16)) : start;
    pos += is_range ? 33 : 17;
    if (end >= start && ids->size() + static_cast<size_t>(end - start) >= kMaxIds) {
      return Status::InvalidArgument("ranges expand to too many ids");
    }
    for (int64_t id = start; id <= end; ++id) ids->push_back(id);
  }
  return Status::Ok();
}

Status MeasureOptFixed(const BitView& v, size_t r, size_t* end) {
  if (r + 16 > v.size())
    return Status::InvalidArgument("truncated max id at bit " + std::to_string(v.begin + r));
  uint64_t max_id = v.r->Get(v.begin + r, 16);
  if (v.One(static_cast<int64_t>(r + 16))) return MeasureFixedRange(v, r + 17, end);
  if (r + 17 + max_id > v.size())
    return Status::InvalidArgument("truncated bitfield at bit " + std::to_string(v.begin + r));
  *end = r + 17 + max_id;
  return Status::Ok();
}

Status DecodeOptFixed(const BitView& s, std::vector<int64_t>* ids) {
  if (s.One(16)) return DecodeFixedRange(s.Sub(17, s.size()), ids);
  for (size_t i = 17; i < s.size(); ++i) {
    if (s.r->Bit(s.begin + i)) ids->push_back(static_cast<int64_t>(i - 16));
  }
  return Status::Ok();
}

Status MeasureFixedArray(const BitView& e, size_t t, size_t* end) {
  if (t + 12 > e.size()) return Status::InvalidArgument("truncated");
  uint64_t n = e.r->Get(e.begin + t, 12);
  size_t i = t + 12;
  for (uint64_t k = 0; k < n; ++k) {
    if (i + 8 > e.size()) return Status::InvalidArgument("truncated");
    TACT_RETURN_IF_ERROR(MeasureFixedRange(e, i + 8, &i));
  }
  *end = i;
  return Status::Ok();
}

Status DecodeFixedArray(const BitView& s, std::vector<RangeEntry>* out) {
  uint64_t n = s.r->Get(s.begin, 12);
  size_t pos = 12;
  for (uint64_t k = 0; k < n; ++k) {
    RangeEntry entry;
    entry.key = static_cast<int64_t>(s.r->Get(s.begin + pos, 6));
    entry.type = static_cast<int64_t>(s.r->Get(s.begin + pos + 6, 2));
    size_t end;
    TACT_RETURN_IF_ERROR(MeasureFixedRange(s, pos + 8, &end));
    TACT_RETURN_IF_ERROR(DecodeFixedRange(s.Sub(pos + 8, end), &entry.ids));
    pos = end;
    out->push_back(std::move(entry));
  }
  return Status::Ok();
}

int64_t PreviousInt(const std::vector<Field>& fields, size_t index) {
  for (size_t i = index; i-- > 0;) {
    if (const int64_t* v = std::get_if<int64_t>(&fields[i].value)) return *v;
  }
  return 0;
}

const FieldValue* FindValue(const std::vector<Field>& fields, const char* name) {
  for (const Field& f : fields) {
    if (f.name == name) return &f.value;
  }
  return nullptr;
}

Status BadValue(const FieldSpec& f, const char* why) {
  return Status::InvalidArgument(std::string(f.name) + ": " + why);
}

}  // namespace

void AppendDefaults(SegmentSpec spec, std::vector<Field>* out) {
  out->reserve(out->size() + spec.size());
  for (const FieldSpec& f : spec) {
    Field& field = out->emplace_back();  // built in place: no variant moves
    field.name = f.name;
    FieldValue& v = field.value;
    switch (f.kind) {
      case FieldKind::kInt:
      case FieldKind::kDatetime:
        v.emplace<int64_t>(f.def);
        break;
      case FieldKind::kBool:
        v.emplace<bool>(f.def != 0);
        break;
      case FieldKind::kIntList:
        v.emplace<std::vector<int64_t>>(f.count, 0);
        break;
      case FieldKind::kString:
        v.emplace<std::string>();
        break;
      case FieldKind::kBitfield:
        v.emplace<std::vector<bool>>(f.count, false);
        break;
      case FieldKind::kFlexBitfield:
        v.emplace<std::vector<bool>>();
        break;
      case FieldKind::kFibRange:
      case FieldKind::kOptFibRange:
      case FieldKind::kOptFixedRange:
        v.emplace<std::vector<int64_t>>();
        break;
      case FieldKind::kFibRangeArray:
      case FieldKind::kFixedRangeArray:
        v.emplace<std::vector<RangeEntry>>();
        break;
    }
  }
}

Status DecodeFields(const BitReader& r, SegmentSpec spec, std::vector<Field>* fields,
                    size_t first) {
  BitView e{&r, 0, r.size()};
  size_t pos = 0;
  for (size_t k = 0; k < spec.size(); ++k) {
    const FieldSpec& f = spec[k];
    FieldValue& out = (*fields)[first + k].value;
    size_t len = 0;
    Status measured;
    switch (f.kind) {
      case FieldKind::kInt:
        len = f.bits;
        break;
      case FieldKind::kBool:
        len = 1;
        break;
      case FieldKind::kIntList:
        len = size_t{f.bits} * f.count;
        break;
      case FieldKind::kDatetime:
        len = 36;
        break;
      case FieldKind::kString:
        len = size_t{6} * f.count;
        break;
      case FieldKind::kBitfield:
        len = f.count;
        break;
      case FieldKind::kFlexBitfield:
        len = static_cast<size_t>(PreviousInt(*fields, first + k));
        break;
      case FieldKind::kFibRange: {
        size_t end = 0;
        measured = MeasureFibonacciRange(e, pos, &end);
        len = measured.ok() ? end - pos : 0;
        break;
      }
      case FieldKind::kOptFibRange: {
        size_t end = 0;
        measured = MeasureOptFib(e, pos, &end);
        len = measured.ok() ? end - pos : 0;
        break;
      }
      case FieldKind::kFibRangeArray: {
        size_t end = 0;
        measured = MeasureFibArray(e, pos, &end);
        len = measured.ok() ? end - pos : 0;
        break;
      }
      case FieldKind::kOptFixedRange: {
        size_t end = 0;
        measured = MeasureOptFixed(e, pos, &end);
        len = measured.ok() ? end - pos : 0;
        break;
      }
      case FieldKind::kFixedRangeArray: {
        size_t end = 0;
        measured = MeasureFixedArray(e, pos, &end);
        len = measured.ok() ? end - pos : 0;
        break;
      }
    }
    if (!measured.ok() || !r.Has(pos, len)) {
      if (f.soft) return Status::Ok();
      return Missing(f, pos);
    }
    BitView s = e.Sub(pos, pos + len);
    switch (f.kind) {
      case FieldKind::kInt:
      case FieldKind::kDatetime:
        out = static_cast<int64_t>(len == 0 ? 0 : r.Get(pos, len));
        break;
      case FieldKind::kBool:
        out = r.Bit(pos);
        break;
      case FieldKind::kIntList: {
        // In place: the default already holds `count` zeros.
        auto& v = std::get<std::vector<int64_t>>(out);
        v.resize(f.count);
        for (size_t i = 0; i < f.count; ++i)
          v[i] = static_cast<int64_t>(r.Get(pos + i * f.bits, f.bits));
        break;
      }
      case FieldKind::kString: {
        std::string str;
        for (size_t i = 0; i < f.count; ++i) {
          unsigned c = static_cast<unsigned>(r.Get(pos + 6 * i, 6));
          str.push_back(c == 63 ? ' ' : static_cast<char>(c + 65));
        }
        size_t b = str.find_first_not_of(' ');
        str = b == std::string::npos ? std::string()
                                     : str.substr(b, str.find_last_not_of(' ') - b + 1);
        out = std::move(str);
        break;
      }
      case FieldKind::kBitfield:
      case FieldKind::kFlexBitfield: {
        auto& v = std::get<std::vector<bool>>(out);  // in place, as above
        v.resize(len);
        for (size_t i = 0; i < len; ++i) v[i] = r.Bit(pos + i);
        break;
      }
      case FieldKind::kFibRange: {
        std::vector<int64_t> ids;
        Status st = DecodeFibonacciRange(s, &ids);
        if (!st.ok()) return Status::InvalidArgument(std::string(f.name) + ": " + st.message());
        out = std::move(ids);
        break;
      }
      case FieldKind::kOptFibRange: {
        std::vector<int64_t> ids;
        Status st = DecodeOptFib(s, &ids);
        if (!st.ok()) return Status::InvalidArgument(std::string(f.name) + ": " + st.message());
        out = std::move(ids);
        break;
      }
      case FieldKind::kFibRangeArray: {
        std::vector<RangeEntry> entries;
        Status st = DecodeFibArray(s, &entries);
        if (!st.ok()) return Status::InvalidArgument(std::string(f.name) + ": " + st.message());
        out = std::move(entries);
        break;
      }
      case FieldKind::kOptFixedRange: {
        std::vector<int64_t> ids;
        Status st = DecodeOptFixed(s, &ids);
        if (!st.ok()) return Status::InvalidArgument(std::string(f.name) + ": " + st.message());
        out = std::move(ids);
        break;
      }
      case FieldKind::kFixedRangeArray: {
        std::vector<RangeEntry> entries;
        Status st = DecodeFixedArray(s, &entries);
        if (!st.ok()) return Status::InvalidArgument(std::string(f.name) + ": " + st.message());
        out = std::move(entries);
        break;
      }
    }
    pos += len;
  }
  return Status::Ok();
}

namespace {

bool Ascending(const std::vector<int64_t>& ids) {
  for (size_t i = 0; i < ids.size(); ++i) {
    if (ids[i] < 1 || (i > 0 && ids[i] <= ids[i - 1])) return false;
  }
  return true;
}

Status WriteOptFib(const FieldSpec& f, const std::vector<int64_t>& ids, BitWriter* w) {
  if (!Ascending(ids)) return BadValue(f, "ids must be ascending, distinct and >= 1");
  int64_t max = ids.empty() ? 0 : ids.back();
  if (max > 65535) return BadValue(f, "id above 65535");
  w->Write(static_cast<uint64_t>(max), 16);
  if (FibonacciRangeBits(ids) <= static_cast<size_t>(max)) {
    w->WriteBool(true);
    WriteFibonacciRange(ids, w);
  } else {
    w->WriteBool(false);
    size_t next = 0;
    for (int64_t id = 1; id <= max; ++id) {
      bool set = next < ids.size() && ids[next] == id;
      if (set) ++next;
      w->WriteBool(set);
    }
  }
  return Status::Ok();
}

// FixedIntegerRangeEncoder.encode: sorted ids, runs of +1, 16-bit ids.
Status WriteFixedRange(const FieldSpec& f, std::vector<int64_t> ids, BitWriter* w) {
  std::sort(ids.begin(), ids.end());
  std::vector<std::pair<int64_t, int64_t>> runs;
  for (int64_t id : ids) {
    if (id < 0 || id > 65535) return BadValue(f, "id out of range");
    if (!runs.empty() && runs.back().second + 1 == id) {
      runs.back().second = id;
    } else {
      runs.push_back({id, id});
    }
  }
  if (runs.size() > 4095) return BadValue(f, "too many ranges");
  w->Write(runs.size(), 12);
  for (const auto& [a, b] : runs) {
    w->WriteBool(a != b);
    w->Write(static_cast<uint64_t>(a), 16);
    if (a != b) w->Write(static_cast<uint64_t>(b), 16);
  }
  return Status::Ok();
}

// EncodableOptimizedFixedRange.encode (max id = the last id before sorting).
Status WriteOptFixed(const FieldSpec& f, const std::vector<int64_t>& ids, BitWriter* w) {
  int64_t max = ids.empty() ? 0 : ids.back();
  if (max < 0 || max > 65535) return BadValue(f, "id out of range");
  BitWriter ranges;
  TACT_RETURN_IF_ERROR(WriteFixedRange(f, ids, &ranges));
  w->Write(static_cast<uint64_t>(max), 16);
  if (ranges.size() <= static_cast<size_t>(max)) {
    w->WriteBool(true);
    for (size_t i = 0; i < ranges.size(); ++i) w->WriteBool(ranges.Bit(i));
    return Status::Ok();
  }
  std::vector<int64_t> sorted = ids;
  std::sort(sorted.begin(), sorted.end());
  w->WriteBool(false);
  size_t next = 0;
  for (int64_t n = 0; n < max; ++n) {
    bool set = next < sorted.size() && n == sorted[next] - 1;
    if (set) ++next;
    w->WriteBool(set);
  }
  return Status::Ok();
}

}  // namespace

bool StartsWith(const BitReader& r, const BitWriter& w) {
  if (w.size() > r.size()) return false;
  for (size_t i = 0; i < w.size(); ++i) {
    if (r.Bit(i) != w.Bit(i)) return false;
  }
  return true;
}

Status EncodeFields(SegmentSpec spec, const std::vector<Field>& fields, BitWriter* w) {
  int64_t last_int = 0;
  for (const FieldSpec& f : spec) {
    const FieldValue* v = FindValue(fields, f.name);
    if (v == nullptr) return BadValue(f, "missing");
    switch (f.kind) {
      case FieldKind::kInt:
      case FieldKind::kDatetime: {
        const int64_t* x = std::get_if<int64_t>(v);
        unsigned bits = f.kind == FieldKind::kInt ? f.bits : 36;
        if (!x || *x < 0 || *x >= (int64_t{1} << bits)) return BadValue(f, "integer out of range");
        w->Write(static_cast<uint64_t>(*x), bits);
        last_int = *x;
        break;
      }
      case FieldKind::kBool: {
        const bool* x = std::get_if<bool>(v);
        if (!x) return BadValue(f, "not a boolean");
        w->WriteBool(*x);
        break;
      }
      case FieldKind::kIntList: {
        const auto* x = std::get_if<std::vector<int64_t>>(v);
        if (!x || x->size() != f.count) return BadValue(f, "wrong number of integers");
        for (int64_t e : *x) {
          if (e < 0 || e >= (int64_t{1} << f.bits)) return BadValue(f, "integer out of range");
          w->Write(static_cast<uint64_t>(e), f.bits);
        }
        break;
      }
      case FieldKind::kString: {
        const std::string* x = std::get_if<std::string>(v);
        if (!x || x->size() > f.count) return BadValue(f, "string too long");
        std::string padded = *x;
        padded.resize(f.count, ' ');
        for (char c : padded) {
          unsigned u = static_cast<unsigned char>(c);
          if (u == ' ') {
            w->Write(63, 6);
          } else if (u >= 65 && u <= 65 + 62) {
            w->Write(u - 65, 6);
          } else {
            return BadValue(f, "character cannot be encoded");
          }
        }
        break;
      }
      case FieldKind::kBitfield:
      case FieldKind::kFlexBitfield: {
        const auto* x = std::get_if<std::vector<bool>>(v);
        size_t n = f.kind == FieldKind::kBitfield ? f.count : static_cast<size_t>(last_int);
        if (!x || x->size() != n) return BadValue(f, "wrong number of booleans");
        for (bool b : *x) w->WriteBool(b);
        break;
      }
      case FieldKind::kFibRange: {
        const auto* x = std::get_if<std::vector<int64_t>>(v);
        if (!x || !Ascending(*x)) return BadValue(f, "ids must be ascending, distinct and >= 1");
        WriteFibonacciRange(*x, w);
        break;
      }
      case FieldKind::kOptFibRange: {
        const auto* x = std::get_if<std::vector<int64_t>>(v);
        if (!x) return BadValue(f, "not an id array");
        TACT_RETURN_IF_ERROR(WriteOptFib(f, *x, w));
        break;
      }
      case FieldKind::kFibRangeArray: {
        const auto* x = std::get_if<std::vector<RangeEntry>>(v);
        if (!x || x->size() > 4095) return BadValue(f, "not a restriction array");
        w->Write(x->size(), 12);
        for (const RangeEntry& e : *x) {
          if (e.key < 0 || e.key > 63 || e.type < 0 || e.type > 3)
            return BadValue(f, "key or type out of range");
          w->Write(static_cast<uint64_t>(e.key), 6);
          w->Write(static_cast<uint64_t>(e.type), 2);
          TACT_RETURN_IF_ERROR(WriteOptFib(f, e.ids, w));
        }
        break;
      }
      case FieldKind::kOptFixedRange: {
        const auto* x = std::get_if<std::vector<int64_t>>(v);
        if (!x) return BadValue(f, "not an id array");
        TACT_RETURN_IF_ERROR(WriteOptFixed(f, *x, w));
        break;
      }
      case FieldKind::kFixedRangeArray: {
        const auto* x = std::get_if<std::vector<RangeEntry>>(v);
        if (!x || x->size() > 4095) return BadValue(f, "not a restriction array");
        w->Write(x->size(), 12);
        for (const RangeEntry& e : *x) {
          if (e.key < 0 || e.key > 63 || e.type < 0 || e.type > 3)
            return BadValue(f, "key or type out of range");
          w->Write(static_cast<uint64_t>(e.key), 6);
          w->Write(static_cast<uint64_t>(e.type), 2);
          TACT_RETURN_IF_ERROR(WriteFixedRange(f, e.ids, w));
        }
        break;
      }
    }
  }
  return Status::Ok();
}

}  // namespace tact::codec::gpp
