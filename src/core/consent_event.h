// Consent events: one change of one subject's choices, as recorded in the
// ledger. An event holds one or more choices, each on one (purpose, channel?,
// vendor?, party?) with the resulting state and the rule that decided it.
//
// The canonical encoding (docs/formats/ledger.md) is what the ledger hashes;
// Encode/Decode are exact inverses for every valid event.
#ifndef TACT_CORE_CONSENT_EVENT_H_
#define TACT_CORE_CONSENT_EVENT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/types.h"
#include "tact/clock.h"
#include "tact/result.h"

namespace tact {

struct Choice {
  std::string purpose;
  Channel channel = Channel::kAny;
  std::string vendor;  // empty: any vendor
  Party party = Party::kAny;
  ConsentState state = ConsentState::kDenied;
  Rule rule = Rule::kExplicit;

  bool operator==(const Choice&) const = default;
};

struct ConsentEvent {
  uint64_t seq = 0;  // assigned by the ledger
  UnixMillis time = 0;
  std::string tenant;
  std::string subject;
  std::string property;  // empty for server-side events not tied to a property
  int notice_version = 0;
  Source source = Source::kApi;
  bool gpc = false;
  std::string receipt_id;
  std::vector<Choice> choices;

  bool operator==(const ConsentEvent&) const = default;
};

// Canonical JSON, one line, fixed key order, no insignificant whitespace.
std::string EncodeEvent(const ConsentEvent& e);
// Parses the canonical form; Corruption if it is not exactly canonical.
Result<ConsentEvent> DecodeEvent(std::string_view bytes);

}  // namespace tact

#endif  // TACT_CORE_CONSENT_EVENT_H_
