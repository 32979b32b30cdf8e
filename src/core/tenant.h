// Tenants (companies using tact) and their properties (websites and apps).
//
// A tenant owns everything else; every read and write is scoped by tenant id.
// A property lists the origins allowed to load its banner and the languages
// its texts are offered in.
#ifndef TACT_CORE_TENANT_H_
#define TACT_CORE_TENANT_H_

#include <map>
#include <string>
#include <vector>

#include "core/json_fields.h"
#include "tact/clock.h"
#include "tact/result.h"

namespace tact {

// Tenant-wide consent policy. Defaults follow CNIL guidance: a refusal is
// remembered for 6 months before asking again; consent lasts 13 months.
struct ConsentPolicy {
  int refusal_interval_days = 182;
  int consent_lifetime_days = 395;
};

struct Tenant {
  std::string id;
  std::string name;
  UnixMillis created_at = 0;
  ConsentPolicy policy;

  json::Json ToJson() const;
  // Validates a request body {"id","name","policy"?}.
  static Result<Tenant> FromJson(const json::Json& j);
};

// How a property speaks IAB TCF: the CMP's registered id and version (tact
// is not a registered CMP: a company enters its own), and the publisher's country.
struct TcfSettings {
  int cmp_id = 0;  // 0: no TC strings for this property
  int cmp_version = 1;
  std::string publisher_cc = "AA";  // "AA" = unknown, per the TCF
};

struct Property {
  std::string tenant;
  std::string id;
  std::string name;
  std::vector<std::string> origins;    // "https://shop.example"; exact match
  std::vector<std::string> languages;  // first is the default
  TcfSettings tcf;
  // Google Consent Mode v2 type -> the purposes that must all be allowed for
  // it to be "granted" (e.g. "analytics_storage": ["analytics.measurement"]).
  // A type absent here is "denied", except security_storage ("granted").
  std::map<std::string, std::vector<std::string>> consent_mode;
  UnixMillis updated_at = 0;

  json::Json ToJson() const;
  // Body of PUT /v1/properties/{id}; tenant and id come from the route.
  static Result<Property> FromJson(const json::Json& j, std::string tenant, std::string id);
};

// The seven Google Consent Mode v2 types.
const std::vector<std::string>& ConsentModeTypes();

// "https://host[:port]" or "http://host[:port]" with no path.
bool IsValidOrigin(std::string_view origin);

}  // namespace tact

#endif  // TACT_CORE_TENANT_H_
