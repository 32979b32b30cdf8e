#include "core/policy.h"

#include <algorithm>

#include "core/decision.h"
#include "core/purpose.h"

namespace tact {

std::vector<Choice> ApplyGpc(const std::vector<RequestedChoice>& requested, bool gpc,
                             const std::vector<std::string>& sale_purposes) {
  auto is_sale = [&](std::string_view key) {
    return std::any_of(sale_purposes.begin(), sale_purposes.end(),
                       [&](const std::string& s) { return PurposeCovers(s, key); });
  };
  std::vector<Choice> out;
  std::vector<std::string> explicitly_granted;
  for (const RequestedChoice& r : requested) {
    Choice c = r.choice;
    c.rule = Rule::kExplicit;
    if (gpc && is_sale(c.purpose) && c.state == ConsentState::kGranted) {
      if (r.explicit_choice) {
        c.rule = Rule::kExplicitAfterGpc;
        explicitly_granted.push_back(c.purpose);
      } else {
        c.state = ConsentState::kDenied;
        c.rule = Rule::kGpc;
      }
    }
    out.push_back(std::move(c));
  }
  if (!gpc) return out;
  // Every sale/sharing purpose in scope is refused unless explicitly granted
  // here; a refusal on the purpose itself outranks a grant on its parent.
  for (const std::string& key : sale_purposes) {
    bool granted = std::any_of(explicitly_granted.begin(), explicitly_granted.end(),
                               [&](const std::string& g) { return PurposeCovers(g, key); });
    if (granted) continue;
    bool present = std::any_of(out.begin(), out.end(), [&](const Choice& c) {
      return c.purpose == key && c.channel == Channel::kAny && c.vendor.empty() && c.party == Party::kAny;
    });
    if (present) continue;
    Choice c;
    c.purpose = key;
    c.state = ConsentState::kDenied;
    c.rule = Rule::kGpc;
    out.push_back(std::move(c));
  }
  return out;
}

AskList WhatToAsk(const std::vector<ConsentItem>& items, const PrivacyNotice& current,
                  const std::map<int, PrivacyNotice>& notices, const ConsentPolicy& policy, UnixMillis now) {
  AskList ask;
  const int64_t refusal_ms = int64_t{policy.refusal_interval_days} * kMillisPerDay;
  const int64_t lifetime_ms = int64_t{policy.consent_lifetime_days} * kMillisPerDay;
  auto changed_since = [&](int version, const std::string& key, bool is_vendor) {
    auto it = notices.find(version);
    if (it == notices.end()) return false;  // decided outside a notice (api): not re-asked for changes
    if (current.tcf_policy_version != 0 && it->second.tcf_policy_version != current.tcf_policy_version) {
      return true;  // a new TCF policy version asks again about everything
    }
    const auto& then = is_vendor ? it->second.vendors : it->second.purposes;
    const auto& now_fp = is_vendor ? current.vendors : current.purposes;
    auto a = then.find(key);
    auto b = now_fp.find(key);
    return a == then.end() || b == now_fp.end() || a->second != b->second;
  };
  for (const auto& [key, fp] : current.purposes) {
    DecisionRequest r;
    r.purpose = key;
    const ConsentItem* item = GoverningItem(items, r);
    if (item == nullptr) {
      ask.purposes.push_back(key);
      continue;
    }
    bool refused = item->state != ConsentState::kGranted;
    if (refused && item->rule == Rule::kGpc) continue;  // the browser keeps saying no
    if (refused && now - item->since < refusal_ms) continue;
    if (refused || now - item->since >= lifetime_ms || changed_since(item->notice_version, key, false)) {
      ask.purposes.push_back(key);
    }
  }
  int last_version = 0;
  for (const auto& it : items) last_version = std::max(last_version, it.notice_version);
  for (const auto& [id, fp] : current.vendors) {
    if (last_version == 0 || changed_since(last_version, id, true)) ask.vendors.push_back(id);
  }
  return ask;
}

}  // namespace tact
