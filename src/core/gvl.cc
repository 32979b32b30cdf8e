#include "core/gvl.h"

namespace tact {

using json::Json;

namespace {

Status IdList(const Json& v, const char* field, int max_id, std::vector<int>& out) {
  auto it = v.find(field);
  if (it == v.end() || it->is_null()) return Status::Ok();
  if (!it->is_array()) return Status::InvalidArgument(std::string("GVL vendor field '") + field + "' must be an array");
  for (const Json& e : *it) {
    if (!e.is_number_integer() || e.get<int64_t>() < 1 || e.get<int64_t>() > max_id) {
      return Status::InvalidArgument(std::string("GVL vendor field '") + field + "' must hold ids 1.." +
                                     std::to_string(max_id));
    }
    out.push_back(e.get<int>());
  }
  return Status::Ok();
}

}  // namespace

Result<Gvl> Gvl::FromJson(const Json& j) {
  TACT_RETURN_IF_ERROR(json::RequireObject(j, "the vendor list"));
  Gvl g;
  int64_t v = 0;
  TACT_RETURN_IF_ERROR(json::GetOptInt(j, "gvlSpecificationVersion", 2, 3, v));
  if (v != 3) return Status::InvalidArgument("only GVL specification version 3 is supported");
  g.gvl_specification_version = 3;
  v = 0;
  TACT_RETURN_IF_ERROR(json::GetOptInt(j, "vendorListVersion", 1, 4095, v));
  if (v == 0) return Status::InvalidArgument("field 'vendorListVersion' is required (1..4095)");
  g.vendor_list_version = static_cast<int>(v);
  v = 0;
  TACT_RETURN_IF_ERROR(json::GetOptInt(j, "tcfPolicyVersion", 1, 63, v));
  if (v == 0) return Status::InvalidArgument("field 'tcfPolicyVersion' is required (1..63)");
  g.tcf_policy_version = static_cast<int>(v);
  TACT_RETURN_IF_ERROR(json::GetOptString(j, "lastUpdated", g.last_updated, 64));
  auto vendors = j.find("vendors");
  if (vendors == j.end() || !vendors->is_object()) {
    return Status::InvalidArgument("field 'vendors' must be an object of id -> vendor");
  }
  if (vendors->size() > 10000) return Status::InvalidArgument("the vendor list has more than 10000 vendors");
  for (const auto& [key, vj] : vendors->items()) {
    if (!vj.is_object()) return Status::InvalidArgument("each GVL vendor must be an object");
    GvlVendor gv;
    int64_t id = 0;
    TACT_RETURN_IF_ERROR(json::GetOptInt(vj, "id", 1, 65535, id));
    if (id == 0 || key != std::to_string(id)) {
      return Status::InvalidArgument("GVL vendor '" + key.substr(0, 16) + "' must have a matching id 1..65535");
    }
    if (vj.contains("deletedDate") && !vj["deletedDate"].is_null()) continue;
    gv.id = static_cast<int>(id);
    TACT_RETURN_IF_ERROR(json::GetOptString(vj, "name", gv.name, 300));
    TACT_RETURN_IF_ERROR(IdList(vj, "purposes", 24, gv.purposes));
    TACT_RETURN_IF_ERROR(IdList(vj, "legIntPurposes", 24, gv.leg_int_purposes));
    TACT_RETURN_IF_ERROR(IdList(vj, "flexiblePurposes", 24, gv.flexible_purposes));
    TACT_RETURN_IF_ERROR(IdList(vj, "specialFeatures", 12, gv.special_features));
    g.vendors[gv.id] = std::move(gv);
  }
  return g;
}

Json Gvl::ToJson() const {
  Json vendors = Json::object();
  for (const auto& [id, v] : this->vendors) {
    vendors[std::to_string(v.id)] = {{"id", v.id},
                                     {"name", v.name},
                                     {"purposes", v.purposes},
                                     {"legIntPurposes", v.leg_int_purposes},
                                     {"flexiblePurposes", v.flexible_purposes},
                                     {"specialFeatures", v.special_features}};
  }
  return Json{{"gvlSpecificationVersion", gvl_specification_version},
              {"vendorListVersion", vendor_list_version},
              {"tcfPolicyVersion", tcf_policy_version},
              {"lastUpdated", last_updated},
              {"vendors", vendors}};
}

}  // namespace tact
