#include "core/types.h"

#include <array>
#include <utility>

namespace tact {
namespace {

template <typename E, size_t N>
std::string_view NameOf(const std::array<std::pair<E, std::string_view>, N>& table, E e) {
  for (const auto& [v, name] : table) {
    if (v == e) return name;
  }
  return "";
}

template <typename E, size_t N>
std::optional<E> Lookup(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view s) {
  if (s.empty()) return std::nullopt;
  for (const auto& [v, name] : table) {
    if (name == s) return v;
  }
  return std::nullopt;
}

constexpr std::array<std::pair<Channel, std::string_view>, 7> kChannels{{
    {Channel::kEmail, "email"}, {Channel::kSms, "sms"}, {Channel::kPush, "push"}, {Channel::kPhone, "phone"},
    {Channel::kPost, "post"}, {Channel::kInApp, "in_app"}, {Channel::kWeb, "web"}}};
constexpr std::array<std::pair<Party, std::string_view>, 3> kParties{
    {{Party::kFirst, "first"}, {Party::kSecond, "second"}, {Party::kThird, "third"}}};
constexpr std::array<std::pair<LegalBasis, std::string_view>, 4> kBases{{
    {LegalBasis::kConsent, "consent"}, {LegalBasis::kLegitimateInterest, "legitimate_interest"},
    {LegalBasis::kContract, "contract"}, {LegalBasis::kLegalObligation, "legal_obligation"}}};
constexpr std::array<std::pair<ConsentState, std::string_view>, 5> kStates{{
    {ConsentState::kGranted, "granted"}, {ConsentState::kDenied, "denied"},
    {ConsentState::kWithdrawn, "withdrawn"}, {ConsentState::kExpired, "expired"},
    {ConsentState::kPaused, "paused"}}};
constexpr std::array<std::pair<Source, std::string_view>, 5> kSources{{
    {Source::kBanner, "banner"}, {Source::kApi, "api"}, {Source::kImport, "import"},
    {Source::kPortal, "portal"}, {Source::kSystem, "system"}}};
constexpr std::array<std::pair<Rule, std::string_view>, 5> kRules{{
    {Rule::kExplicit, "explicit"}, {Rule::kGpc, "gpc"}, {Rule::kExplicitAfterGpc, "explicit_after_gpc"},
    {Rule::kExpiry, "expiry"}, {Rule::kFatigue, "fatigue"}}};

}  // namespace

std::string_view ToString(Channel c) { return NameOf(kChannels, c); }
std::string_view ToString(Party p) { return NameOf(kParties, p); }
std::string_view ToString(LegalBasis b) { return NameOf(kBases, b); }
std::string_view ToString(ConsentState s) { return NameOf(kStates, s); }
std::string_view ToString(Source s) { return NameOf(kSources, s); }
std::string_view ToString(Rule r) { return NameOf(kRules, r); }

std::optional<Channel> ParseChannel(std::string_view s) { return Lookup(kChannels, s); }
std::optional<Party> ParseParty(std::string_view s) { return Lookup(kParties, s); }
std::optional<LegalBasis> ParseLegalBasis(std::string_view s) { return Lookup(kBases, s); }
std::optional<ConsentState> ParseConsentState(std::string_view s) { return Lookup(kStates, s); }
std::optional<Source> ParseSource(std::string_view s) { return Lookup(kSources, s); }
std::optional<Rule> ParseRule(std::string_view s) { return Lookup(kRules, s); }

}  // namespace tact
