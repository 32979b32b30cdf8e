#include "codec/tcf/tc_decoder.h"

#include <algorithm>
#include <bit>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "codec/base64url.h"
#include "codec/bit_reader.h"

namespace tact::codec::tcf {
namespace {

// Range entries may repeat ids (4095 entries of 65535 ids each are legal), so
// an expansion is kept only up to this size; past it the list collapses to
// its sorted distinct ids (at most 65535), which is all TCData shows.
constexpr size_t kMaxExpandedIds = 1u << 22;

void Collapse(std::vector<uint16_t>* ids) {
  std::sort(ids->begin(), ids->end());
  ids->erase(std::unique(ids->begin(), ids->end()), ids->end());
}

// Id vectors of the restriction groups of models reset by DecodeInto, kept
// for the next groups of this thread (no allocation per group once warm; at
// most 64 vectors of up to 4,096 ids).
std::vector<std::vector<uint16_t>>& SpareIdVectors() {
  thread_local std::vector<std::vector<uint16_t>> spare;
  return spare;
}

// For each byte value, the positions of its set bits from the most
// significant down (the bitfield's order), padded to 8, and their count.
struct ByteIds {
  alignas(16) uint16_t offsets[256][8];
  uint8_t count[256];
  ByteIds() {
    for (unsigned b = 0; b < 256; ++b) {
      unsigned n = 0;
      for (unsigned k = 0; k < 8; ++k) {
        offsets[b][k] = 0;
        if (b & (0x80u >> k)) offsets[b][n++] = static_cast<uint16_t>(k);
      }
      count[b] = static_cast<uint8_t>(n);
    }
  }
};

// Writes the ids (1-based, ascending) of the set bits of the `n`-bit field at
// bit `start` to `out`, which has room for n + 8 ids; returns how many. A
// byte at a time, without a branch per bit: the byte's offsets (a table
// row) plus the byte's first id, stored as eight at once.
size_t BitfieldIds(const BitReader& r, size_t start, size_t n, uint16_t* out) {
  static const ByteIds table;
  uint16_t* q = out;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    unsigned b = static_cast<unsigned>(r.Get(start + i, 8));
    const uint16_t base = static_cast<uint16_t>(i + 1);
#if defined(__SSE2__)
    __m128i row = _mm_load_si128(reinterpret_cast<const __m128i*>(table.offsets[b]));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(q),
                     _mm_add_epi16(row, _mm_set1_epi16(static_cast<short>(base))));
#else
    for (unsigned k = 0; k < 8; ++k) q[k] = static_cast<uint16_t>(table.offsets[b][k] + base);
#endif
    q += table.count[b];
  }
  for (; i < n; ++i) {
    if (r.Bit(start + i)) *q++ = static_cast<uint16_t>(i + 1);
  }
  return static_cast<size_t>(q - out);
}

class SegmentParser {
 public:
  SegmentParser(const char* segment_name, const BitReader& r) : name_(segment_name), r_(r) {}

  Status Truncated(const char* field) const {
    return Status::InvalidArgument(std::string(name_) + ": truncated at bit " +
                                   std::to_string(r_.position()) + " reading " + field);
  }
  Status Invalid(const std::string& what, size_t bit) const {
    return Status::InvalidArgument(std::string(name_) + ": " + what + " at bit " +
                                   std::to_string(bit));
  }

  Status Int(const char* field, unsigned n, uint64_t* out) {
    if (!r_.Read(n, out)) return Truncated(field);
    return Status::Ok();
  }
  template <typename T>
  Status IntAs(const char* field, unsigned n, T* out) {
    uint64_t v = 0;
    TACT_RETURN_IF_ERROR(Int(field, n, &v));
    *out = static_cast<T>(v);
    return Status::Ok();
  }
  Status Bool(const char* field, bool* out) {
    if (!r_.ReadBool(out)) return Truncated(field);
    return Status::Ok();
  }
  template <unsigned N>
  Status Bits(const char* field, IdBits<N>* out) {
    uint64_t v = 0;
    TACT_RETURN_IF_ERROR(Int(field, N, &v));
    // The first bit read (most significant) is id 1, i.e. bit 0 of the mask.
    out->mask = static_cast<uint32_t>(ReverseBits64(v) >> (64 - N));
    return Status::Ok();
  }

  // A vendor section: MaxVendorId, EncodingType, then a bitfield or ranges.
  Status Vendors(const char* field, VendorList* out) {
    uint64_t max_id = 0, type = 0;
    TACT_RETURN_IF_ERROR(Int(field, 16, &max_id));
    TACT_RETURN_IF_ERROR(Int(field, 1, &type));
    out->max_vendor_id = static_cast<uint16_t>(max_id);
    out->range_encoded = type == 1;
    out->collapsed = false;
    out->ids.clear();
    if (type == 0) {
      size_t start = r_.position();
      if (!r_.Has(start, max_id)) return Truncated(field);
      out->ids.resize(max_id + 8);  // BitfieldIds writes up to 8 past the last id
      size_t count = BitfieldIds(r_, start, max_id, out->ids.data());
      out->ids.resize(count);
      r_.Seek(start + max_id);
      return Status::Ok();
    }
    uint64_t num_entries = 0;
    TACT_RETURN_IF_ERROR(Int(field, 12, &num_entries));
    for (uint64_t e = 0; e < num_entries; ++e) {
      size_t entry_bit = r_.position();
      bool is_range = false;
      uint64_t start = 0, end = 0;
      TACT_RETURN_IF_ERROR(Bool(field, &is_range));
      TACT_RETURN_IF_ERROR(Int(field, 16, &start));
      end = start;
      if (is_range) TACT_RETURN_IF_ERROR(Int(field, 16, &end));
      // An entry whose end is below its start sets nothing (as the reference).
      if (start == 0 && end >= start)
        return Invalid(std::string(field) + ": vendor id 0", entry_bit);
      for (uint64_t id = start; id <= end; ++id) out->ids.push_back(static_cast<uint16_t>(id));
      if (out->ids.size() > kMaxExpandedIds) {
        Collapse(&out->ids);
        out->collapsed = true;
      }
    }
    return Status::Ok();
  }

  Status Restrictions(std::vector<PublisherRestriction>* out) {
    uint64_t num = 0;
    TACT_RETURN_IF_ERROR(Int("NumPubRestrictions", 12, &num));
    size_t total = 0;
    for (uint64_t i = 0; i < num; ++i) {
      size_t group_bit = r_.position();
      uint64_t purpose = 0, type = 0, entries = 0;
      TACT_RETURN_IF_ERROR(Int("PurposeId", 6, &purpose));
      TACT_RETURN_IF_ERROR(Int("RestrictionType", 2, &type));
      TACT_RETURN_IF_ERROR(Int("NumEntries", 12, &entries));
      PublisherRestriction pr;
      if (!SpareIdVectors().empty()) {
        pr.vendor_ids = std::move(SpareIdVectors().back());
        SpareIdVectors().pop_back();
      }
      pr.purpose_id = static_cast<uint8_t>(purpose);
      pr.type = static_cast<RestrictionType>(type);
      for (uint64_t e = 0; e < entries; ++e) {
        size_t entry_bit = r_.position();
        bool is_range = false;
        uint64_t start = 0, end = 0;
        TACT_RETURN_IF_ERROR(Bool("IsARange", &is_range));
        TACT_RETURN_IF_ERROR(Int("StartOrOnlyVendorId", 16, &start));
        end = start;
        if (is_range) {
          TACT_RETURN_IF_ERROR(Int("EndVendorId", 16, &end));
          if (end < start) return Invalid("restriction range end below start", entry_bit);
        }
        for (uint64_t id = start; id <= end; ++id)
          pr.vendor_ids.push_back(static_cast<uint16_t>(id));
        if (pr.vendor_ids.size() > kMaxExpandedIds) {
          Collapse(&pr.vendor_ids);
          pr.collapsed = true;
        }
        if (total + pr.vendor_ids.size() > kMaxExpandedIds) {
          return Invalid("restricted vendor ids above the limit of 2^22", entry_bit);
        }
      }
      total += pr.vendor_ids.size();
      if (!pr.vendor_ids.empty() && (purpose == 0 || type == 3)) {
        return Invalid(purpose == 0 ? "restriction purpose 0" : "restriction type 3", group_bit);
      }
      out->push_back(std::move(pr));
    }
    return Status::Ok();
  }

  BitReader& reader() { return r_; }

 private:
  const char* name_;
  BitReader r_;
};

Status DecodeCore(const BitReader& bits, TcModel* m) {
  SegmentParser p("core", bits);
  TACT_RETURN_IF_ERROR(p.IntAs("Version", 6, &m->version));
  if (m->version != 2) {
    return Status::InvalidArgument("core: Version " + std::to_string(m->version) +
                                   " is not 2 at bit 0");
  }
  TACT_RETURN_IF_ERROR(p.IntAs("Created", 36, &m->created));
  TACT_RETURN_IF_ERROR(p.IntAs("LastUpdated", 36, &m->last_updated));
  TACT_RETURN_IF_ERROR(p.IntAs("CmpId", 12, &m->cmp_id));
  if (m->cmp_id < 2) return p.Invalid("CmpId " + std::to_string(m->cmp_id) + " below 2", 78);
  TACT_RETURN_IF_ERROR(p.IntAs("CmpVersion", 12, &m->cmp_version));
  TACT_RETURN_IF_ERROR(p.IntAs("ConsentScreen", 6, &m->consent_screen));
  TACT_RETURN_IF_ERROR(p.IntAs("ConsentLanguage", 6, &m->consent_language[0]));
  TACT_RETURN_IF_ERROR(p.IntAs("ConsentLanguage", 6, &m->consent_language[1]));
  TACT_RETURN_IF_ERROR(p.IntAs("VendorListVersion", 12, &m->vendor_list_version));
  TACT_RETURN_IF_ERROR(p.IntAs("TcfPolicyVersion", 6, &m->policy_version));
  TACT_RETURN_IF_ERROR(p.Bool("IsServiceSpecific", &m->is_service_specific));
  TACT_RETURN_IF_ERROR(p.Bool("UseNonStandardTexts", &m->use_non_standard_texts));
  TACT_RETURN_IF_ERROR(p.Bits("SpecialFeatureOptIns", &m->special_feature_optins));
  TACT_RETURN_IF_ERROR(p.Bits("PurposesConsent", &m->purpose_consents));
  TACT_RETURN_IF_ERROR(p.Bits("PurposesLITransparency", &m->purpose_legitimate_interests));
  TACT_RETURN_IF_ERROR(p.Bool("PurposeOneTreatment", &m->purpose_one_treatment));
  TACT_RETURN_IF_ERROR(p.IntAs("PublisherCC", 6, &m->publisher_cc[0]));
  TACT_RETURN_IF_ERROR(p.IntAs("PublisherCC", 6, &m->publisher_cc[1]));
  for (int i = 0; i < 2; ++i) {
    if (m->publisher_cc[i] > 57) {
      return p.Invalid("PublisherCC letter value " + std::to_string(m->publisher_cc[i]),
                       201 + 6 * i);
    }
  }
  TACT_RETURN_IF_ERROR(p.Vendors("VendorConsents", &m->vendor_consents));
  TACT_RETURN_IF_ERROR(p.Vendors("VendorLegitimateInterests", &m->vendor_legitimate_interests));
  return p.Restrictions(&m->publisher_restrictions);
}

Status DecodePublisherTc(const BitReader& bits, PublisherTc* out) {
  SegmentParser p("publisherTC", bits);
  p.reader().Seek(3);
  TACT_RETURN_IF_ERROR(p.Bits("PubPurposesConsent", &out->consents));
  TACT_RETURN_IF_ERROR(p.Bits("PubPurposesLITransparency", &out->legitimate_interests));
  TACT_RETURN_IF_ERROR(p.IntAs("NumCustomPurposes", 6, &out->num_custom_purposes));
  unsigned n = out->num_custom_purposes;
  for (auto* v : {&out->custom_consents, &out->custom_legitimate_interests}) {
    BitReader& r = p.reader();
    if (!r.Has(r.position(), n)) return p.Truncated("CustomPurposes");
    v->assign(n, false);
    // Up to 56 bits a read (BitReader::Get's limit; n <= 63), each reversed so
    // that bit k is custom purpose i + k + 1: only the set bits are written.
    for (unsigned i = 0; i < n; i += 56) {
      unsigned len = std::min(56u, n - i);
      for (uint64_t set = ReverseBits64(r.Get(r.position() + i, len)) >> (64 - len); set != 0;
           set &= set - 1) {
        (*v)[i + static_cast<unsigned>(std::countr_zero(set))] = true;
      }
    }
    r.Seek(r.position() + n);
  }
  return Status::Ok();
}

// Resets *m to a default model but keeps the storage of its id vectors and
// of the optional segments (still engaged: DecodeInto disengages those the
// string lacks).
void ResetKeepingStorage(TcModel* m) {
  TcModel fresh;  // default fields, empty vectors (no allocation)
  auto keep = [](VendorList* from, VendorList* to) {
    to->ids = std::move(from->ids);
    to->ids.clear();
  };
  keep(&m->vendor_consents, &fresh.vendor_consents);
  keep(&m->vendor_legitimate_interests, &fresh.vendor_legitimate_interests);
  for (PublisherRestriction& pr : m->publisher_restrictions) {
    // Kept only while small, so a huge string leaves no huge buffers behind.
    if (SpareIdVectors().size() >= 64 || pr.vendor_ids.capacity() > 4096) continue;
    pr.vendor_ids.clear();
    SpareIdVectors().push_back(std::move(pr.vendor_ids));
  }
  fresh.publisher_restrictions = std::move(m->publisher_restrictions);
  fresh.publisher_restrictions.clear();
  for (std::optional<VendorList>* list : {&m->vendors_disclosed, &m->vendors_allowed}) {
    if (!list->has_value()) continue;
    std::optional<VendorList>& to =
        list == &m->vendors_disclosed ? fresh.vendors_disclosed : fresh.vendors_allowed;
    to.emplace();
    keep(&**list, &*to);
  }
  fresh.publisher_tc = std::move(m->publisher_tc);
  *m = std::move(fresh);
}

}  // namespace

Result<TcModel> Decode(std::string_view s) {
  TcModel m;
  TACT_RETURN_IF_ERROR(DecodeInto(s, &m));
  return m;
}

Status DecodeInto(std::string_view s, TcModel* model) {
  ResetKeepingStorage(model);
  TcModel& m = *model;
  bool seen[4] = {false, false, false, false};
  size_t seg_start = 0;
  int index = 0;
  thread_local Bits bits;  // scratch, reused: no allocation per segment
  while (true) {
    size_t dot = s.find('.', seg_start);
    std::string_view seg = s.substr(
        seg_start, dot == std::string_view::npos ? std::string_view::npos : dot - seg_start);
    auto where = [index] { return "segment " + std::to_string(index); };
    if (seg.empty()) return Status::InvalidArgument(where() + " is empty");
    Status st = DecodeBase64Url(seg, &bits);
    if (!st.ok()) return Status::InvalidArgument(where() + ": " + st.message());
    BitReader reader(bits.bytes.data(), bits.bit_size);
    unsigned type = static_cast<unsigned>(reader.Get(0, 3));
    if (index == 0 && type != 0) {
      return Status::InvalidArgument("first segment is not the core segment (type " +
                                     std::to_string(type) + " at bit 0)");
    }
    if (type > 3) {
      return Status::InvalidArgument(where() + ": unknown segment type " + std::to_string(type) +
                                     " at bit 0");
    }
    if (seen[type]) {
      return Status::InvalidArgument(where() + ": segment type " + std::to_string(type) +
                                     " occurs twice (bit 0)");
    }
    seen[type] = true;
    switch (type) {
      case 0:
        st = DecodeCore(reader, &m);
        break;
      case 1:
      case 2: {
        SegmentParser p(type == 1 ? "disclosedVendors" : "allowedVendors", reader);
        p.reader().Seek(3);
        std::optional<VendorList>& list = type == 1 ? m.vendors_disclosed : m.vendors_allowed;
        if (!list) list.emplace();
        st = p.Vendors(type == 1 ? "DisclosedVendors" : "AllowedVendors", &*list);
        break;
      }
      case 3: {
        if (!m.publisher_tc) m.publisher_tc.emplace();
        st = DecodePublisherTc(reader, &*m.publisher_tc);
        break;
      }
    }
    if (!st.ok()) return Status::InvalidArgument(where() + " " + st.message());
    if (dot == std::string_view::npos) break;
    seg_start = dot + 1;
    ++index;
  }
  if (!seen[1]) m.vendors_disclosed.reset();
  if (!seen[2]) m.vendors_allowed.reset();
  if (!seen[3]) m.publisher_tc.reset();
  return Status::Ok();
}

}  // namespace tact::codec::tcf
