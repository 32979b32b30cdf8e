#include "codec/tcf/tc_encoder.h"

#include "codec/base64url.h"
#include "codec/bit_writer.h"

namespace tact::codec::tcf {
namespace {

struct Run {
  uint16_t start;
  uint16_t end;
};

// Consecutive ids (each one more than the previous) form a run, in order.
std::vector<Run> Runs(const std::vector<uint16_t>& ids) {
  std::vector<Run> runs;
  for (uint16_t id : ids) {
    if (!runs.empty() && runs.back().end != 0xffff && runs.back().end + 1 == id) {
      runs.back().end = id;
    } else {
      runs.push_back({id, id});
    }
  }
  return runs;
}

bool AscendingDistinct(const std::vector<uint16_t>& ids) {
  for (size_t i = 1; i < ids.size(); ++i) {
    if (ids[i] <= ids[i - 1]) return false;
  }
  return true;
}

void WriteRanges(const std::vector<Run>& runs, BitWriter* w) {
  w->Write(runs.size(), 12);
  for (const Run& r : runs) {
    bool is_range = r.start != r.end;
    w->WriteBool(is_range);
    w->Write(r.start, 16);
    if (is_range) w->Write(r.end, 16);
  }
}

Status WriteVendors(const char* field, const VendorList& list, BitWriter* w) {
  uint16_t max_id = 0;
  for (uint16_t id : list.ids) {
    if (id == 0) return Status::InvalidArgument(std::string(field) + ": vendor id 0");
    if (id > max_id) max_id = id;
  }
  std::vector<Run> runs = Runs(list.ids);
  bool use_range;
  if (!AscendingDistinct(list.ids)) {
    // Only range entries can carry repeats or another order.
    if (runs.size() > 4095) {
      return Status::InvalidArgument(std::string(field) + ": too many ranges");
    }
    use_range = true;
  } else if (runs.size() > 4095) {
    use_range = false;  // NumEntries has 12 bits: the bitfield always fits
  } else {
    // @iabtcf/core: range when MaxVendorId > 45 and its running estimate of
    // the range length (single 16 bits, run 33 bits, counted before the last
    // id) stays below the bitfield length.
    size_t estimate = 29;
    for (const Run& r : runs) estimate += r.start == r.end ? 16 : 33;
    use_range = max_id > 45 && !runs.empty() && estimate - 16 < size_t{17} + max_id;
  }
  w->Write(max_id, 16);
  w->WriteBool(use_range);
  if (use_range) {
    WriteRanges(runs, w);
  } else {
    size_t next = 0;
    for (unsigned id = 1; id <= max_id; ++id) {
      bool set = next < list.ids.size() && list.ids[next] == id;
      if (set) ++next;
      w->WriteBool(set);
    }
  }
  return Status::Ok();
}

Status Fits(const char* field, int64_t v, unsigned bits) {
  if (v < 0 || (bits < 63 && v >= (int64_t{1} << bits))) {
    return Status::InvalidArgument(std::string(field) + " does not fit in " + std::to_string(bits) +
                                   " bits");
  }
  return Status::Ok();
}

Status EncodeCore(const TcModel& m, BitWriter* w) {
  if (m.version != 2) return Status::InvalidArgument("Version must be 2");
  if (m.cmp_id < 2) return Status::InvalidArgument("CmpId must be >= 2");
  TACT_RETURN_IF_ERROR(Fits("Created", m.created, 36));
  TACT_RETURN_IF_ERROR(Fits("LastUpdated", m.last_updated, 36));
  TACT_RETURN_IF_ERROR(Fits("CmpId", m.cmp_id, 12));
  TACT_RETURN_IF_ERROR(Fits("CmpVersion", m.cmp_version, 12));
  TACT_RETURN_IF_ERROR(Fits("ConsentScreen", m.consent_screen, 6));
  TACT_RETURN_IF_ERROR(Fits("ConsentLanguage", m.consent_language[0], 6));
  TACT_RETURN_IF_ERROR(Fits("ConsentLanguage", m.consent_language[1], 6));
  TACT_RETURN_IF_ERROR(Fits("VendorListVersion", m.vendor_list_version, 12));
  TACT_RETURN_IF_ERROR(Fits("TcfPolicyVersion", m.policy_version, 6));
  if (m.publisher_cc[0] > 57 || m.publisher_cc[1] > 57) {
    return Status::InvalidArgument("PublisherCC letter value above 57");
  }
  w->Write(2, 6);
  w->Write(m.created, 36);
  w->Write(m.last_updated, 36);
  w->Write(m.cmp_id, 12);
  w->Write(m.cmp_version, 12);
  w->Write(m.consent_screen, 6);
  w->Write(m.consent_language[0], 6);
  w->Write(m.consent_language[1], 6);
  w->Write(m.vendor_list_version, 12);
  w->Write(m.policy_version, 6);
  w->WriteBool(m.is_service_specific);
  w->WriteBool(m.use_non_standard_texts);
  for (unsigned i = 1; i <= 12; ++i) w->WriteBool(m.special_feature_optins.Has(i));
  for (unsigned i = 1; i <= 24; ++i) w->WriteBool(m.purpose_consents.Has(i));
  for (unsigned i = 1; i <= 24; ++i) w->WriteBool(m.purpose_legitimate_interests.Has(i));
  w->WriteBool(m.purpose_one_treatment);
  w->Write(m.publisher_cc[0], 6);
  w->Write(m.publisher_cc[1], 6);
  TACT_RETURN_IF_ERROR(WriteVendors("VendorConsents", m.vendor_consents, w));
  TACT_RETURN_IF_ERROR(WriteVendors("VendorLegitimateInterests", m.vendor_legitimate_interests, w));
  if (m.publisher_restrictions.size() > 4095) {
    return Status::InvalidArgument("too many publisher restrictions");
  }
  w->Write(m.publisher_restrictions.size(), 12);
  for (const PublisherRestriction& pr : m.publisher_restrictions) {
    unsigned type = static_cast<unsigned>(pr.type);
    TACT_RETURN_IF_ERROR(Fits("PurposeId", pr.purpose_id, 6));
    if (type > 3 || (type == 3 && !pr.vendor_ids.empty())) {
      return Status::InvalidArgument("restriction type must be 0, 1 or 2");
    }
    if (pr.purpose_id == 0 && !pr.vendor_ids.empty()) {
      return Status::InvalidArgument("restriction purpose 0");
    }
    std::vector<Run> runs = Runs(pr.vendor_ids);
    if (runs.size() > 4095) return Status::InvalidArgument("too many restriction entries");
    w->Write(pr.purpose_id, 6);
    w->Write(type, 2);
    WriteRanges(runs, w);
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> Encode(const TcModel& m) {
  std::string out;
  {
    BitWriter w;
    TACT_RETURN_IF_ERROR(EncodeCore(m, &w));
    out = EncodeBase64Url(w, Padding::kTraditional);
  }
  for (int type = 1; type <= 2; ++type) {
    const std::optional<VendorList>& list = type == 1 ? m.vendors_disclosed : m.vendors_allowed;
    if (!list) continue;
    BitWriter w;
    w.Write(type, 3);
    TACT_RETURN_IF_ERROR(
        WriteVendors(type == 1 ? "DisclosedVendors" : "AllowedVendors", *list, &w));
    out += '.';
    out += EncodeBase64Url(w, Padding::kTraditional);
  }
  if (m.publisher_tc) {
    const PublisherTc& p = *m.publisher_tc;
    unsigned n = p.num_custom_purposes;
    if (n > 63 || p.custom_consents.size() != n || p.custom_legitimate_interests.size() != n) {
      return Status::InvalidArgument(
          "custom purpose vectors must have NumCustomPurposes (<= 63) entries");
    }
    BitWriter w;
    w.Write(3, 3);
    for (unsigned i = 1; i <= 24; ++i) w.WriteBool(p.consents.Has(i));
    for (unsigned i = 1; i <= 24; ++i) w.WriteBool(p.legitimate_interests.Has(i));
    w.Write(n, 6);
    for (bool b : p.custom_consents) w.WriteBool(b);
    for (bool b : p.custom_legitimate_interests) w.WriteBool(b);
    out += '.';
    out += EncodeBase64Url(w, Padding::kTraditional);
  }
  return out;
}

Status CheckIssuancePolicy(const TcModel& m) {
  if (!m.vendors_disclosed) {
    return Status::InvalidArgument("TCF 2.3: the disclosed-vendors segment is mandatory");
  }
  for (unsigned p : {1u, 3u, 4u, 5u, 6u}) {
    if (m.purpose_legitimate_interests.Has(p)) {
      return Status::InvalidArgument("TCF 2.2: no legitimate interest for purpose " +
                                     std::to_string(p));
    }
  }
  return Status::Ok();
}

}  // namespace tact::codec::tcf
