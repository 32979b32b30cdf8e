// The small vocabulary every layer shares: channels, data parties, legal
// bases, consent states, sources and the rules that decided a state.
//
// Each enum has a stable wire name (used in JSON, in the ledger encoding and in
// reasons). Parse* return nullopt for an unknown name; callers turn that into
// InvalidArgument with the field name.
#ifndef TACT_CORE_TYPES_H_
#define TACT_CORE_TYPES_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace tact {

// Serialized into the ledger: never renumber.
enum class Channel : uint8_t { kAny = 0, kEmail = 1, kSms = 2, kPush = 3, kPhone = 4, kPost = 5, kInApp = 6, kWeb = 7 };
enum class Party : uint8_t { kAny = 0, kFirst = 1, kSecond = 2, kThird = 3 };
enum class LegalBasis : uint8_t { kConsent = 0, kLegitimateInterest = 1, kContract = 2, kLegalObligation = 3 };
enum class ConsentState : uint8_t { kGranted = 1, kDenied = 2, kWithdrawn = 3, kExpired = 4, kPaused = 5 };
enum class Source : uint8_t { kBanner = 1, kApi = 2, kImport = 3, kPortal = 4, kSystem = 5 };
// Which rule produced a recorded state (written into the event).
enum class Rule : uint8_t {
  kExplicit = 1,          // the person's own choice
  kGpc = 2,               // Global Privacy Control denied a sale/sharing purpose
  kExplicitAfterGpc = 3,  // the person opted in explicitly although GPC was on
  kExpiry = 4,            // consent lifetime ran out
  kFatigue = 5,           // the governor paused marketing after sustained silence
};

std::string_view ToString(Channel c);  // "" for kAny
std::string_view ToString(Party p);    // "" for kAny
std::string_view ToString(LegalBasis b);
std::string_view ToString(ConsentState s);
std::string_view ToString(Source s);
std::string_view ToString(Rule r);

// Parse a wire name. Channel and Party do not accept "" (absence is kAny).
std::optional<Channel> ParseChannel(std::string_view s);
std::optional<Party> ParseParty(std::string_view s);
std::optional<LegalBasis> ParseLegalBasis(std::string_view s);
std::optional<ConsentState> ParseConsentState(std::string_view s);
std::optional<Source> ParseSource(std::string_view s);
std::optional<Rule> ParseRule(std::string_view s);

}  // namespace tact

#endif  // TACT_CORE_TYPES_H_
