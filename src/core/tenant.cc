#include "core/tenant.h"

#include <algorithm>

#include "tact/ids.h"

namespace tact {

using json::Json;

Json Tenant::ToJson() const {
  return Json{{"id", id},
              {"name", name},
              {"created_at", FormatRfc3339(created_at)},
              {"policy",
               {{"refusal_interval_days", policy.refusal_interval_days},
                {"consent_lifetime_days", policy.consent_lifetime_days}}}};
}

Result<Tenant> Tenant::FromJson(const Json& j) {
  TACT_RETURN_IF_ERROR(json::RequireObject(j, "tenant"));
  TACT_RETURN_IF_ERROR(json::RejectUnknownFields(j, {"id", "name", "policy", "created_at"}));
  Tenant t;
  TACT_RETURN_IF_ERROR(json::GetString(j, "id", t.id, 64));
  if (!IsValidSlug(t.id)) {
    return Status::InvalidArgument("tenant id must be 1-64 characters of a-z, 0-9, '_' or '-'");
  }
  TACT_RETURN_IF_ERROR(json::GetOptString(j, "name", t.name, 200));
  if (t.name.empty()) t.name = t.id;
  std::string created;
  TACT_RETURN_IF_ERROR(json::GetOptString(j, "created_at", created, 64));
  if (!created.empty()) {
    auto ms = ParseRfc3339(created);
    if (!ms) return Status::InvalidArgument("field 'created_at' must be an RFC 3339 time");
    t.created_at = *ms;
  }
  auto p = j.find("policy");
  if (p != j.end() && !p->is_null()) {
    TACT_RETURN_IF_ERROR(json::RequireObject(*p, "policy"));
    TACT_RETURN_IF_ERROR(json::RejectUnknownFields(*p, {"refusal_interval_days", "consent_lifetime_days"}));
    int64_t v = t.policy.refusal_interval_days;
    TACT_RETURN_IF_ERROR(json::GetOptInt(*p, "refusal_interval_days", 0, 3650, v));
    t.policy.refusal_interval_days = static_cast<int>(v);
    v = t.policy.consent_lifetime_days;
    TACT_RETURN_IF_ERROR(json::GetOptInt(*p, "consent_lifetime_days", 1, 3650, v));
    t.policy.consent_lifetime_days = static_cast<int>(v);
  }
  return t;
}

bool IsValidOrigin(std::string_view o) {
  std::string_view rest;
  if (o.rfind("https://", 0) == 0) {
    rest = o.substr(8);
  } else if (o.rfind("http://", 0) == 0) {
    rest = o.substr(7);
  } else {
    return false;
  }
  if (rest.empty() || rest.size() > 253) return false;
  for (char c : rest) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == ':' ||
              c == '[' || c == ']';
    if (!ok) return false;
  }
  return true;
}

const std::vector<std::string>& ConsentModeTypes() {
  static const std::vector<std::string> kTypes = {
      "ad_storage",         "ad_user_data",           "ad_personalization", "analytics_storage",
      "functionality_storage", "personalization_storage", "security_storage"};
  return kTypes;
}

Json Property::ToJson() const {
  Json cm = Json::object();
  for (const auto& [type, purposes] : consent_mode) cm[type] = purposes;
  return Json{{"id", id},
              {"name", name},
              {"origins", origins},
              {"languages", languages},
              {"tcf", {{"cmp_id", tcf.cmp_id}, {"cmp_version", tcf.cmp_version}, {"publisher_cc", tcf.publisher_cc}}},
              {"consent_mode", cm},
              {"updated_at", FormatRfc3339(updated_at)}};
}

Result<Property> Property::FromJson(const Json& j, std::string tenant, std::string id) {
  TACT_RETURN_IF_ERROR(json::RequireObject(j, "property"));
  TACT_RETURN_IF_ERROR(json::RejectUnknownFields(
      j, {"id", "name", "origins", "languages", "tcf", "consent_mode", "updated_at"}));
  if (!IsValidSlug(id)) {
    return Status::InvalidArgument("property id must be 1-64 characters of a-z, 0-9, '_' or '-'");
  }
  Property p;
  p.tenant = std::move(tenant);
  p.id = std::move(id);
  TACT_RETURN_IF_ERROR(json::GetOptString(j, "name", p.name, 200));
  if (p.name.empty()) p.name = p.id;
  TACT_RETURN_IF_ERROR(json::GetOptStringArray(j, "origins", p.origins, 100, 260));
  for (const auto& o : p.origins) {
    if (!IsValidOrigin(o)) {
      return Status::InvalidArgument("origin '" + o.substr(0, 80) +
                                     "' must look like https://host[:port] with no path");
    }
  }
  TACT_RETURN_IF_ERROR(json::GetOptStringArray(j, "languages", p.languages, 50, 12));
  for (const auto& l : p.languages) {
    if (!json::IsLanguageTag(l)) return Status::InvalidArgument("invalid language tag in 'languages'");
  }
  if (p.languages.empty()) p.languages = {"en"};
  auto tcf = j.find("tcf");
  if (tcf != j.end() && !tcf->is_null()) {
    TACT_RETURN_IF_ERROR(json::RequireObject(*tcf, "field 'tcf'"));
    TACT_RETURN_IF_ERROR(json::RejectUnknownFields(*tcf, {"cmp_id", "cmp_version", "publisher_cc"}));
    int64_t v = 0;
    TACT_RETURN_IF_ERROR(json::GetOptInt(*tcf, "cmp_id", 0, 4095, v));
    if (v == 1) return Status::InvalidArgument("field 'tcf.cmp_id' must be 0 (none) or 2..4095");
    p.tcf.cmp_id = static_cast<int>(v);
    v = 1;
    TACT_RETURN_IF_ERROR(json::GetOptInt(*tcf, "cmp_version", 0, 4095, v));
    p.tcf.cmp_version = static_cast<int>(v);
    TACT_RETURN_IF_ERROR(json::GetOptString(*tcf, "publisher_cc", p.tcf.publisher_cc, 2));
    const std::string& cc = p.tcf.publisher_cc;
    if (cc.size() != 2 || cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z') {
      return Status::InvalidArgument("field 'tcf.publisher_cc' must be two capital letters");
    }
  }
  auto cm = j.find("consent_mode");
  if (cm != j.end() && !cm->is_null()) {
    TACT_RETURN_IF_ERROR(json::RequireObject(*cm, "field 'consent_mode'"));
    for (const auto& [type, purposes] : cm->items()) {
      const auto& types = ConsentModeTypes();
      if (std::find(types.begin(), types.end(), type) == types.end()) {
        return Status::InvalidArgument("field 'consent_mode' has an unknown type; known: ad_storage, ad_user_data, "
                                       "ad_personalization, analytics_storage, functionality_storage, "
                                       "personalization_storage, security_storage");
      }
      std::vector<std::string> keys;
      TACT_RETURN_IF_ERROR(json::GetOptStringArray(*cm, type.c_str(), keys, 50, 128));
      for (const auto& k : keys) {
        if (!IsValidPurposeKey(k)) return Status::InvalidArgument("field 'consent_mode' must map to purpose keys");
      }
      p.consent_mode[type] = std::move(keys);
    }
  }
  return p;
}

}  // namespace tact
