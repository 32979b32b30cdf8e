// Purposes: why data is used. Keys are dotted ("marketing.email"); a coarse
// key ("marketing") names the family, and a choice on it covers its children
// unless a child has a choice of its own (see consent_view.h).
//
// Every purpose says, in each language, what is done (description) and what
// the person gets in return (benefit) — the banner shows both.
#ifndef TACT_CORE_PURPOSE_H_
#define TACT_CORE_PURPOSE_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/json_fields.h"
#include "core/types.h"
#include "tact/clock.h"
#include "tact/result.h"

namespace tact {

struct Purpose {
  std::string tenant;
  std::string key;
  json::LocalizedText title;
  json::LocalizedText description;
  json::LocalizedText benefit;
  LegalBasis legal_basis = LegalBasis::kConsent;
  Party party = Party::kFirst;
  std::vector<Channel> channels;  // empty: not tied to a channel
  int retention_days = 395;
  bool sale_or_sharing = false;   // GPC opts the person out of these
  std::vector<std::string> cookies;  // cookie names the banner deletes on withdrawal
  std::vector<int> iab_purposes;          // IAB TCF purposes (1..11) this purpose stands for
  std::vector<int> iab_special_features;  // IAB TCF special features (1..2)
  UnixMillis updated_at = 0;

  json::Json ToJson() const;
  // Body of PUT /v1/purposes/{key}.
  static Result<Purpose> FromJson(const json::Json& j, std::string tenant, std::string key);

  // A digest of everything a person was shown about this purpose; a notice
  // records it so a later notice can tell which purposes changed.
  std::string Fingerprint() const;
};

// True when `key` is `ancestor` or one of its descendants: "marketing" covers
// "marketing.email" but not "marketingx".
bool PurposeCovers(std::string_view ancestor, std::string_view key);

}  // namespace tact

#endif  // TACT_CORE_PURPOSE_H_
