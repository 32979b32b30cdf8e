// Customer effort: the subjective score (CES, "how easy was it?", 1-7) and
// the objective measure beside it (how many interactions and seconds a
// choice took), with their summaries. Pure types and functions; the
// FeedbackService (feedback_service.h) stores and serves them.
//
// CES: 1 = very difficult ... 7 = very easy; "easy" is 5-7. Summaries group
// by touchpoint ("consent.withdraw", "rights.request", "banner", "support")
// and give responses, mean, the 1-7 distribution, the easy share and a weekly
// trend (ISO weeks, Monday 00:00 UTC).
//
// Effort events carry no personal data by construction: a touchpoint, a
// choice kind, a count and a duration — no subject, no free text.
//
// Thread-safety: value types and pure functions.
#ifndef TACT_FEEDBACK_CES_H_
#define TACT_FEEDBACK_CES_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/json_fields.h"
#include "tact/clock.h"
#include "tact/result.h"

namespace tact::feedback {

// A comment holds at most 2,000 characters: up to 4 bytes each in UTF-8.
inline constexpr size_t kMaxCommentBytes = 8000;

struct CesResponse {
  std::string id;  // "ces_..."
  std::string touchpoint;
  int score = 0;        // 1..7
  std::string comment;  // optional; never logged, never in summaries
  std::string subject;  // optional
  // Optional, set by tact: an opaque tag of what was answered (the My-data
  // page's keyed hash of a withdrawal's receipt), so that one withdrawal gets
  // one answer. It cannot be tied back to the receipt without the server's key.
  std::string ref;
  UnixMillis at = 0;

  json::Json ToJson() const;
  // Body of POST /v1/feedback/ces: {"touchpoint","score","comment"?,"subject"?}
  // ("id", "at" and "ref" are read from stored records; routes refuse them).
  static Result<CesResponse> FromJson(const json::Json& j);
};

enum class ChoiceKind : uint8_t { kAcceptAll = 1, kRejectAll = 2, kCustom = 3, kWithdraw = 4 };
std::string_view ToString(ChoiceKind k);

struct EffortEvent {
  std::string id;          // "eff_..."
  std::string touchpoint;  // "banner", "my_data", ...
  ChoiceKind choice = ChoiceKind::kCustom;
  int interactions = 0;  // clicks, taps, key presses
  double seconds = 0;    // from first display to the choice
  UnixMillis at = 0;

  json::Json ToJson() const;
  // Body of POST /v1/feedback/effort: {"touchpoint","choice","interactions","seconds"}.
  // Anything else (a subject, an id, free text) is refused.
  static Result<EffortEvent> FromJson(const json::Json& j);
};

// Touchpoints: dotted lower-case keys like purposes ("consent.withdraw").
bool IsValidTouchpoint(std::string_view s);

struct CesWeek {
  UnixMillis week_start = 0;  // Monday 00:00 UTC
  int responses = 0;
  double mean = 0;
  double easy_share = 0;
};

struct CesSummary {
  std::string touchpoint;
  int responses = 0;
  double mean = 0;
  std::array<int, 7> distribution{};  // [0] counts score 1
  double easy_share = 0;              // share of 5-7
  std::vector<CesWeek> weekly;        // ascending, weeks without responses left out
};

// Responses with from <= at < to, per touchpoint (sorted), optionally one touchpoint only.
std::vector<CesSummary> SummarizeCes(const std::vector<CesResponse>& responses,
                                     std::string_view touchpoint, UnixMillis from, UnixMillis to);

struct EffortSummary {
  std::string touchpoint;
  ChoiceKind choice = ChoiceKind::kCustom;
  int count = 0;
  double mean_interactions = 0;
  double mean_seconds = 0;
  double median_seconds = 0;
};

std::vector<EffortSummary> SummarizeEffort(const std::vector<EffortEvent>& events,
                                           std::string_view touchpoint, UnixMillis from,
                                           UnixMillis to);

// Monday 00:00 UTC of the ISO week that holds t.
UnixMillis WeekStart(UnixMillis t);

}  // namespace tact::feedback

#endif  // TACT_FEEDBACK_CES_H_
