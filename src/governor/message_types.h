// The governor's small vocabulary: message priorities, the three answers to
// "may I send?", and the outcomes a sending system reports back.
//
// Each enum has a stable wire name (JSON, stored message records, reasons).
// Parse* return nullopt for an unknown name; callers turn that into
// InvalidArgument naming the field.
#ifndef TACT_GOVERNOR_MESSAGE_TYPES_H_
#define TACT_GOVERNOR_MESSAGE_TYPES_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace tact::governor {

// transactional: needs no consent (contract / legal obligation) and is never
// capped, held for quiet hours or slowed by fatigue. service: needs its
// purpose's legal basis and respects quiet hours. marketing: every rule.
enum class Priority : uint8_t { kTransactional = 1, kService = 2, kMarketing = 3 };
enum class Verdict : uint8_t { kSend = 1, kDefer = 2, kSuppress = 3 };
enum class Outcome : uint8_t {
  kDelivered = 1,
  kOpened = 2,
  kClicked = 3,
  kConverted = 4,
  kIgnored = 5,
  kUnsubscribed = 6,
  kComplained = 7,
  kBounced = 8,
};

std::string_view ToString(Priority p);
std::string_view ToString(Verdict v);
std::string_view ToString(Outcome o);
std::optional<Priority> ParsePriority(std::string_view s);
std::optional<Verdict> ParseVerdict(std::string_view s);
std::optional<Outcome> ParseOutcome(std::string_view s);

// opened, clicked, converted: the person reacted.
bool IsReaction(Outcome o);
// Every outcome but bounced means the message reached the person.
bool ImpliesDelivered(Outcome o);
// unsubscribed, complained: the person objected; marketing on the channel stops at once.
bool IsObjection(Outcome o);

}  // namespace tact::governor

#endif  // TACT_GOVERNOR_MESSAGE_TYPES_H_
