#include "core/notice.h"

#include "tact/ids.h"

namespace tact {

using json::Json;

Json PrivacyNotice::ToJson() const {
  Json p = Json::array(), v = Json::array();
  for (const auto& [k, fp] : purposes) p.push_back({{"key", k}, {"fingerprint", fp}});
  for (const auto& [k, fp] : vendors) v.push_back({{"id", k}, {"fingerprint", fp}});
  return Json{{"property", property},
              {"version", version},
              {"purposes", p},
              {"vendors", v},
              {"tcf_policy_version", tcf_policy_version},
              {"created_at", FormatRfc3339(created_at)}};
}

Result<PrivacyNotice> PrivacyNotice::FromStoredJson(const Json& j) {
  try {
    PrivacyNotice n;
    n.property = j.at("property").get<std::string>();
    n.version = j.at("version").get<int>();
    n.tcf_policy_version = j.value("tcf_policy_version", 0);
    for (const auto& p : j.at("purposes")) n.purposes[p.at("key")] = p.at("fingerprint");
    for (const auto& v : j.at("vendors")) n.vendors[v.at("id")] = v.at("fingerprint");
    auto t = ParseRfc3339(j.at("created_at").get<std::string>());
    if (!t) return Status::Corruption("stored notice has a bad created_at");
    n.created_at = *t;
    return n;
  } catch (const std::exception& e) {
    return Status::Corruption(std::string("stored notice is malformed: ") + e.what());
  }
}

Result<NoticeRequest> NoticeRequest::FromJson(const Json& j) {
  TACT_RETURN_IF_ERROR(json::RequireObject(j, "notice"));
  TACT_RETURN_IF_ERROR(json::RejectUnknownFields(j, {"property", "purposes", "vendors"}));
  NoticeRequest r;
  TACT_RETURN_IF_ERROR(json::GetString(j, "property", r.property, 64));
  if (!IsValidSlug(r.property)) return Status::InvalidArgument("field 'property' is not a valid id");
  TACT_RETURN_IF_ERROR(json::GetOptStringArray(j, "purposes", r.purposes, 500, 128));
  TACT_RETURN_IF_ERROR(json::GetOptStringArray(j, "vendors", r.vendors, 2000, 64));
  if (r.purposes.empty()) return Status::InvalidArgument("a notice must show at least one purpose");
  return r;
}

NoticeDiff ChangedSince(const PrivacyNotice& previous, const PrivacyNotice& current) {
  NoticeDiff d;
  for (const auto& [k, fp] : current.purposes) {
    auto it = previous.purposes.find(k);
    if (it == previous.purposes.end() || it->second != fp) d.purposes.push_back(k);
  }
  for (const auto& [k, fp] : current.vendors) {
    auto it = previous.vendors.find(k);
    if (it == previous.vendors.end() || it->second != fp) d.vendors.push_back(k);
  }
  return d;
}

}  // namespace tact
