#include "governor/message_types.h"

#include <array>
#include <utility>

#include "governor/reason_code.h"

namespace tact::governor {
namespace {

template <typename E, size_t N>
std::string_view NameOf(const std::array<std::pair<E, std::string_view>, N>& table, E e) {
  for (const auto& [v, name] : table) {
    if (v == e) return name;
  }
  return "";
}

template <typename E, size_t N>
std::optional<E> Lookup(const std::array<std::pair<E, std::string_view>, N>& table,
                        std::string_view s) {
  for (const auto& [v, name] : table) {
    if (name == s) return v;
  }
  return std::nullopt;
}

constexpr std::array<std::pair<Priority, std::string_view>, 3> kPriorities{{
    {Priority::kTransactional, "transactional"},
    {Priority::kService, "service"},
    {Priority::kMarketing, "marketing"},
}};
constexpr std::array<std::pair<Verdict, std::string_view>, 3> kVerdicts{{
    {Verdict::kSend, "send"},
    {Verdict::kDefer, "defer"},
    {Verdict::kSuppress, "suppress"},
}};
constexpr std::array<std::pair<Outcome, std::string_view>, 8> kOutcomes{{
    {Outcome::kDelivered, "delivered"},
    {Outcome::kOpened, "opened"},
    {Outcome::kClicked, "clicked"},
    {Outcome::kConverted, "converted"},
    {Outcome::kIgnored, "ignored"},
    {Outcome::kUnsubscribed, "unsubscribed"},
    {Outcome::kComplained, "complained"},
    {Outcome::kBounced, "bounced"},
}};

}  // namespace

std::string_view ToString(Priority p) { return NameOf(kPriorities, p); }
std::string_view ToString(Verdict v) { return NameOf(kVerdicts, v); }
std::string_view ToString(Outcome o) { return NameOf(kOutcomes, o); }
std::optional<Priority> ParsePriority(std::string_view s) { return Lookup(kPriorities, s); }
std::optional<Verdict> ParseVerdict(std::string_view s) { return Lookup(kVerdicts, s); }
std::optional<Outcome> ParseOutcome(std::string_view s) { return Lookup(kOutcomes, s); }

std::string_view ToString(ReasonCode c) {
  switch (c) {
    case ReasonCode::kTransactional:
      return "transactional";
    case ReasonCode::kNoCapApplies:
    case ReasonCode::kWithinCaps:
      return "within_caps";
    case ReasonCode::kCapReached:
      return "cap_reached";
    case ReasonCode::kNotCapped:
      return "not_capped";
    case ReasonCode::kNoQuietHours:
      return "no_quiet_hours";
    case ReasonCode::kOutsideQuietHours:
      return "outside_quiet_hours";
    case ReasonCode::kQuietHours:
      return "quiet_hours";
    case ReasonCode::kFatigueOff:
      return "fatigue_off";
    case ReasonCode::kEngaged:
      return "engaged";
    case ReasonCode::kFatigueBackoff:
    case ReasonCode::kRePermissionWaits:
      return "fatigue_backoff";
    case ReasonCode::kFatigueSlowed:
      return "fatigue_slowed";
    case ReasonCode::kAwaitingRePermission:
      return "awaiting_re_permission";
    case ReasonCode::kRePermissionDue:
      return "re_permission_due";
    case ReasonCode::kRePermission:
      return "re_permission";
    case ReasonCode::kNoFatigue:
      return "no_fatigue";
    case ReasonCode::kSendBy:
      return "send_by";
  }
  return "";
}

bool IsReaction(Outcome o) {
  return o == Outcome::kOpened || o == Outcome::kClicked || o == Outcome::kConverted;
}
bool ImpliesDelivered(Outcome o) { return o != Outcome::kBounced; }
bool IsObjection(Outcome o) { return o == Outcome::kUnsubscribed || o == Outcome::kComplained; }

}  // namespace tact::governor
