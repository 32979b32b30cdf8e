#include "core/decision.h"

#include <algorithm>

namespace tact {
namespace {

int Depth(std::string_view key) {
  return static_cast<int>(std::count(key.begin(), key.end(), '.'));
}

bool IsRefusal(ConsentState s) { return s != ConsentState::kGranted; }

// "YYYY-MM-DD" (UTC) of t, as FormatRfc3339(t).substr(0, 10) but without
// snprintf: every consent decision describes its origin's date. Howard
// Hinnant's civil_from_days.
void AppendDate(std::string& out, UnixMillis t) {
  int64_t z = (t >= 0 ? t : t - (kMillisPerDay - 1)) / kMillisPerDay + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = yoe + era * 400 + (month <= 2);
  if (year < 0 || year > 9999) {
    out += FormatRfc3339(t).substr(0, 10);
    return;
  }
  char buf[10];
  auto put = [&buf](int at, int64_t v, int width) {
    for (int i = at + width - 1; i >= at; --i, v /= 10) buf[i] = static_cast<char>('0' + v % 10);
  };
  put(0, year, 4);
  buf[4] = '-';
  put(5, month, 2);
  buf[7] = '-';
  put(8, day, 2);
  out.append(buf, sizeof buf);
}

std::string Date(UnixMillis t) {
  std::string out;
  AppendDate(out, t);
  return out;
}

std::string Scope(const DecisionRequest& r) {
  std::string s = "'" + std::string(r.purpose) + "'";
  if (r.channel != Channel::kAny) s += " by " + std::string(ToString(r.channel));
  if (!r.vendor.empty()) s += " with vendor '" + std::string(r.vendor) + "'";
  if (r.party != Party::kAny) s += " (" + std::string(ToString(r.party)) + "-party data)";
  return s;
}

}  // namespace

std::string DescribeOrigin(const ConsentItem& item) {
  std::string s;
  s.reserve(48);
  s += "on ";
  AppendDate(s, item.since);
  s += " via ";
  s += ToString(item.source);
  if (item.notice_version > 0) {
    s += " (notice v";
    s += std::to_string(item.notice_version);
    s += ')';
  }
  return s;
}

const ConsentItem* GoverningItem(const std::vector<ConsentItem>& items, const DecisionRequest& r) {
  const ConsentItem* best = nullptr;
  int best_depth = -1, best_dims = -1;
  for (const ConsentItem& it : items) {
    if (!PurposeCovers(it.purpose, r.purpose)) continue;
    if (it.channel != Channel::kAny && it.channel != r.channel) continue;
    if (!it.vendor.empty() && it.vendor != r.vendor) continue;
    if (it.party != Party::kAny && it.party != r.party) continue;
    int depth = Depth(it.purpose);
    int dims = (it.channel != Channel::kAny) + (!it.vendor.empty()) + (it.party != Party::kAny);
    bool better = depth > best_depth || (depth == best_depth && dims > best_dims) ||
                  (depth == best_depth && dims == best_dims && IsRefusal(it.state) &&
                   !IsRefusal(best->state));
    if (better) {
      best = &it;
      best_depth = depth;
      best_dims = dims;
    }
  }
  return best;
}

Decision Decide(const std::vector<ConsentItem>& items, const Purpose& purpose, const Vendor* vendor,
                const ConsentPolicy& policy, const DecisionRequest& r) {
  Decision d;
  if (purpose.legal_basis == LegalBasis::kContract ||
      purpose.legal_basis == LegalBasis::kLegalObligation) {
    d.allowed = true;
    bool contract = purpose.legal_basis == LegalBasis::kContract;
    d.reasons.push_back(
        {std::string(ToString(purpose.legal_basis)),
         std::string("'") + purpose.key + "' is needed " +
             (contract ? "to perform the contract with the person" : "to meet a legal obligation") +
             "; consent is not the legal basis"});
    return d;
  }
  if (vendor != nullptr) {
    const auto& consent = vendor->purposes;
    const auto& li = vendor->legitimate_interest_purposes;
    auto declares = [&](const std::vector<std::string>& list) {
      return std::any_of(list.begin(), list.end(),
                         [&](const std::string& k) { return PurposeCovers(k, purpose.key); });
    };
    if (!declares(consent) && !declares(li)) {
      d.reasons.push_back(
          {"vendor_not_declared",
           "vendor '" + vendor->id + "' does not declare purpose '" + purpose.key + "'"});
      return d;
    }
  }
  const ConsentItem* item = GoverningItem(items, r);
  if (purpose.legal_basis == LegalBasis::kLegitimateInterest) {
    if (item != nullptr && IsRefusal(item->state)) {
      d.reasons.push_back(
          {"objected", "the person objected to " + Scope(r) + " " + DescribeOrigin(*item)});
      return d;
    }
    d.allowed = true;
    d.reasons.push_back(
        {"legitimate_interest", "'" + purpose.key +
                                    "' rests on legitimate interest and the person has "
                                    "not objected"});
    return d;
  }
  if (item == nullptr) {
    d.reasons.push_back({"no_consent", "no consent recorded for " + Scope(r)});
    return d;
  }
  std::string origin = DescribeOrigin(*item);
  std::string via_parent;
  if (item->purpose != r.purpose)
    via_parent = " (choice made on '" + std::string(item->purpose) + "')";
  switch (item->state) {
    case ConsentState::kGranted: {
      UnixMillis expires = item->since + int64_t{policy.consent_lifetime_days} * kMillisPerDay;
      if (r.now >= expires) {
        d.reasons.push_back({"expired", "consent to " + Scope(r) + " given " + origin +
                                            " expired on " + Date(expires) + " (lifetime " +
                                            std::to_string(policy.consent_lifetime_days) +
                                            " days)"});
        return d;
      }
      d.allowed = true;
      std::string msg = "granted by the person " + origin + via_parent;
      if (item->rule == Rule::kExplicitAfterGpc)
        msg += ", explicitly despite a Global Privacy Control signal";
      d.reasons.push_back({"granted", msg});
      return d;
    }
    case ConsentState::kDenied:
      if (item->rule == Rule::kGpc) {
        d.reasons.push_back({"gpc", "refused by the person's Global Privacy Control signal " +
                                        origin + ": no sale or sharing" + via_parent});
      } else {
        d.reasons.push_back({"denied", "denied by the person " + origin + via_parent});
      }
      return d;
    case ConsentState::kWithdrawn:
      d.reasons.push_back({"withdrawn", "withdrawn by the person " + origin + via_parent});
      return d;
    case ConsentState::kExpired:
      d.reasons.push_back({"expired", "consent expired " + origin + via_parent});
      return d;
    case ConsentState::kPaused:
      d.reasons.push_back({"paused", "paused " + origin +
                                         " after the person stopped reacting to messages" +
                                         via_parent + "; the person can resume it"});
      return d;
  }
  d.reasons.push_back({"no_consent", "no consent recorded for " + Scope(r)});
  return d;
}

}  // namespace tact
