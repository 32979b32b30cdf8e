// Reason codes: what each rule of "may I send?" found, as a small enum. The
// rules record a code and the numbers its words need; the words (Reason's
// message) are written only when an answer is serialised or asked for, so a
// decision builds no text. Several codes can share one wire name when their
// words differ (within_caps with or without a cap that applies).
//
// Thread-safety: pure.
#ifndef TACT_GOVERNOR_REASON_CODE_H_
#define TACT_GOVERNOR_REASON_CODE_H_

#include <cstdint>
#include <string_view>

namespace tact::governor {

enum class ReasonCode : uint8_t {
  // 1. consent (the words come from the consent step; only transactional is coded)
  kTransactional,
  // 2. caps
  kNoCapApplies,  // "within_caps": no cap applies to the message
  kWithinCaps,
  kCapReached,
  kNotCapped,  // service messages
  // 3. quiet hours
  kNoQuietHours,
  kOutsideQuietHours,
  kQuietHours,
  // 4. fatigue
  kFatigueOff,
  kEngaged,
  kFatigueBackoff,  // slowed, the gap has not passed
  kFatigueSlowed,   // slowed, the gap has passed
  kAwaitingRePermission,
  kRePermissionDue,
  kRePermissionWaits,  // "fatigue_backoff": the re-permission message waits for the last gap
  kRePermission,
  kNoFatigue,  // service messages
  // after the rules
  kSendBy,
};

// The wire name ("within_caps", "quiet_hours", ...).
std::string_view ToString(ReasonCode c);

}  // namespace tact::governor

#endif  // TACT_GOVERNOR_REASON_CODE_H_
