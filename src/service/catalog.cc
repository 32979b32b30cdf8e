#include "service/catalog.h"

#include <algorithm>

#include "core/digest.h"

namespace tact {

using json::Json;

namespace {

UnixMillis StoredTime(const Json& j, const char* field) {
  auto it = j.find(field);
  if (it == j.end() || !it->is_string()) return 0;
  return ParseRfc3339(it->get<std::string>()).value_or(0);
}

std::string NoticeId(std::string_view property, int version) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%08d", version);
  return std::string(property) + "/" + buf;
}

Status Malformed(std::string_view kind, const Record& r, const Status& s) {
  return Status::Corruption("stored " + std::string(kind) + " '" + r.tenant + "/" + r.id +
                            "' is malformed: " + s.message());
}

}  // namespace

Status Catalog::Load() {
  std::unique_lock lock(mu_);
  tenants_.clear();
  keys_.clear();
  auto list = [&](std::string_view kind) { return store_->ListRecords(kind); };
  auto parse = [](const Record& r) { return Json::parse(r.body, nullptr, false); };

  auto tenants = list("tenant");
  if (!tenants.ok()) return tenants.status();
  for (const Record& r : *tenants) {
    auto t = Tenant::FromJson(parse(r));
    if (!t.ok()) return Malformed("tenant", r, t.error());
    tenants_[t->id].tenant = *t;
  }
  auto keys = list("key");
  if (!keys.ok()) return keys.status();
  for (const Record& r : *keys) {
    auto k = ApiKey::FromStoredJson(parse(r));
    if (!k.ok()) return Malformed("key", r, k.error());
    keys_[k->id] = std::make_shared<const ApiKey>(*k);
  }
  auto props = list("property");
  if (!props.ok()) return props.status();
  for (const Record& r : *props) {
    Json j = parse(r);
    auto p = Property::FromJson(j, r.tenant, r.id);
    TenantData* t = FindTenant(r.tenant);
    if (!p.ok()) return Malformed("property", r, p.error());
    if (t == nullptr) continue;
    p->updated_at = StoredTime(j, "updated_at");
    t->properties[p->id] = *p;
  }
  auto purposes = list("purpose");
  if (!purposes.ok()) return purposes.status();
  for (const Record& r : *purposes) {
    Json j = parse(r);
    auto p = Purpose::FromJson(j, r.tenant, r.id);
    TenantData* t = FindTenant(r.tenant);
    if (!p.ok()) return Malformed("purpose", r, p.error());
    if (t == nullptr) continue;
    p->updated_at = StoredTime(j, "updated_at");
    std::string key = p->key;  // not p->key in the same expression as the move
    t->purposes[key] = std::make_shared<const Purpose>(std::move(*p));
  }
  auto vendors = list("vendor");
  if (!vendors.ok()) return vendors.status();
  for (const Record& r : *vendors) {
    Json j = parse(r);
    auto v = Vendor::FromJson(j, r.tenant, r.id);
    TenantData* t = FindTenant(r.tenant);
    if (!v.ok()) return Malformed("vendor", r, v.error());
    if (t == nullptr) continue;
    v->updated_at = StoredTime(j, "updated_at");
    std::string id = v->id;
    t->vendors[id] = std::make_shared<const Vendor>(std::move(*v));
  }
  auto notices = list("notice");
  if (!notices.ok()) return notices.status();
  for (const Record& r : *notices) {
    auto n = PrivacyNotice::FromStoredJson(parse(r));
    TenantData* t = FindTenant(r.tenant);
    if (!n.ok()) return Malformed("notice", r, n.error());
    if (t == nullptr) continue;
    n->tenant = r.tenant;
    t->notices[n->property][n->version] = *n;
  }
  auto gvls = list("gvl");
  if (!gvls.ok()) return gvls.status();
  for (const Record& r : *gvls) {
    auto g = Gvl::FromJson(parse(r));
    TenantData* t = FindTenant(r.tenant);
    if (!g.ok()) return Malformed("gvl", r, g.error());
    if (t == nullptr) continue;
    t->gvls[r.id] = std::make_shared<const Gvl>(std::move(*g));
  }
  return Status::Ok();
}

const Catalog::TenantData* Catalog::FindTenant(std::string_view id) const {
  auto it = tenants_.find(id);
  return it == tenants_.end() ? nullptr : &it->second;
}

Catalog::TenantData* Catalog::FindTenant(std::string_view id) {
  auto it = tenants_.find(id);
  return it == tenants_.end() ? nullptr : &it->second;
}

Status Catalog::Persist(std::string_view kind, std::string_view tenant, std::string_view id,
                        const Json& body) {
  Record r{std::string(kind), std::string(tenant), std::string(id),
           body.dump(-1, ' ', false, Json::error_handler_t::replace)};
  return store_->PutRecord(r);
}

Result<Tenant> Catalog::CreateTenant(Tenant tenant) {
  std::lock_guard<std::mutex> w(write_mu_);
  if (GetTenant(tenant.id)) return Status::Conflict("tenant '" + tenant.id + "' already exists");
  if (tenant.created_at == 0) tenant.created_at = clock_->Now();
  TACT_RETURN_IF_ERROR(Persist("tenant", "", tenant.id, tenant.ToJson()));
  std::unique_lock lock(mu_);
  tenants_[tenant.id].tenant = tenant;
  return tenant;
}

std::optional<Tenant> Catalog::GetTenant(std::string_view id) const {
  std::shared_lock lock(mu_);
  const TenantData* t = FindTenant(id);
  if (t == nullptr) return std::nullopt;
  return t->tenant;
}

std::optional<ConsentPolicy> Catalog::Policy(std::string_view id) const {
  std::shared_lock lock(mu_);
  const TenantData* t = FindTenant(id);
  if (t == nullptr) return std::nullopt;
  return t->tenant.policy;
}

std::vector<Tenant> Catalog::ListTenants() const {
  std::shared_lock lock(mu_);
  std::vector<Tenant> out;
  for (const auto& [id, t] : tenants_) out.push_back(t.tenant);
  return out;
}

Result<NewKey> Catalog::CreateKey(std::string_view tenant, const Json& request) {
  if (!GetTenant(tenant)) return Status::NotFound("no tenant '" + std::string(tenant) + "'");
  auto minted = MintKey(request, std::string(tenant), clock_->Now());
  if (!minted.ok()) return minted.status();
  if (minted->key.kind == KeyKind::kPublishable && !GetProperty(tenant, minted->key.property)) {
    return Status::NotFound("no property '" + minted->key.property + "'");
  }
  TACT_RETURN_IF_ERROR(PutKey(minted->key));
  return minted;
}

Status Catalog::PutKey(const ApiKey& key) {
  std::lock_guard<std::mutex> w(write_mu_);
  // Keys are stored under no tenant so a key id alone finds them (Authenticate).
  TACT_RETURN_IF_ERROR(Persist("key", "", key.id, key.ToStoredJson()));
  std::unique_lock lock(mu_);
  keys_[key.id] = std::make_shared<const ApiKey>(key);
  return Status::Ok();
}

Result<std::shared_ptr<const ApiKey>> Catalog::Authenticate(std::string_view plaintext) const {
  KeyIdBuffer id_buf;
  KeyHashBuffer hash_buf;
  std::string_view id = KeyIdFromPlaintext(plaintext, id_buf);
  std::string_view presented = HashKey(plaintext, hash_buf);
  std::shared_ptr<const ApiKey> key;
  {
    std::shared_lock lock(mu_);
    auto it = id.empty() ? keys_.end() : keys_.find(id);
    if (it != keys_.end()) key = it->second;
  }
  if (!key && !id.empty()) {
    // Created by another process (`tact keys create`, another node): look in the store.
    auto record = store_->GetRecord("key", "", id);
    if (record.ok()) {
      auto stored = ApiKey::FromStoredJson(Json::parse(record->body, nullptr, false));
      if (stored.ok()) {
        key = std::make_shared<const ApiKey>(*stored);
        std::unique_lock lock(mu_);
        keys_[stored->id] = key;
      }
    }
  }
  // Compare against something of the same size even when the id is unknown,
  // so timing does not tell which ids exist.
  static const std::string kDummy(64, '0');
  bool match = ConstantTimeEquals(presented, key ? key->secret_hash : kDummy);
  if (!key || !match || key->revoked) return Status::Unauthenticated("the API key is not valid");
  return key;
}

Result<Property> Catalog::PutProperty(Property property) {
  std::lock_guard<std::mutex> w(write_mu_);
  if (!GetTenant(property.tenant)) return Status::NotFound("no tenant '" + property.tenant + "'");
  property.updated_at = clock_->Now();
  TACT_RETURN_IF_ERROR(Persist("property", property.tenant, property.id, property.ToJson()));
  std::unique_lock lock(mu_);
  FindTenant(property.tenant)->properties[property.id] = property;
  return property;
}

std::optional<Property> Catalog::GetProperty(std::string_view tenant, std::string_view id) const {
  std::shared_lock lock(mu_);
  const TenantData* t = FindTenant(tenant);
  if (t == nullptr) return std::nullopt;
  auto it = t->properties.find(id);
  if (it == t->properties.end()) return std::nullopt;
  return it->second;
}

std::vector<Property> Catalog::ListProperties(std::string_view tenant) const {
  std::shared_lock lock(mu_);
  std::vector<Property> out;
  if (const TenantData* t = FindTenant(tenant)) {
    for (const auto& [id, p] : t->properties) out.push_back(p);
  }
  return out;
}

Result<Purpose> Catalog::PutPurpose(Purpose purpose) {
  std::lock_guard<std::mutex> w(write_mu_);
  if (!GetTenant(purpose.tenant)) return Status::NotFound("no tenant '" + purpose.tenant + "'");
  purpose.updated_at = clock_->Now();
  TACT_RETURN_IF_ERROR(Persist("purpose", purpose.tenant, purpose.key, purpose.ToJson()));
  std::unique_lock lock(mu_);
  FindTenant(purpose.tenant)->purposes[purpose.key] = std::make_shared<const Purpose>(purpose);
  return purpose;
}

std::shared_ptr<const Purpose> Catalog::GetPurpose(std::string_view tenant,
                                                   std::string_view key) const {
  std::shared_lock lock(mu_);
  const TenantData* t = FindTenant(tenant);
  if (t == nullptr) return nullptr;
  auto it = t->purposes.find(key);
  return it == t->purposes.end() ? nullptr : it->second;
}

std::shared_ptr<const Purpose> Catalog::GetPurposeAndPolicy(
    std::string_view tenant, std::string_view key, std::optional<ConsentPolicy>* policy) const {
  std::shared_lock lock(mu_);
  const TenantData* t = FindTenant(tenant);
  if (t == nullptr) return nullptr;
  *policy = t->tenant.policy;
  auto it = t->purposes.find(key);
  return it == t->purposes.end() ? nullptr : it->second;
}

std::vector<Purpose> Catalog::ListPurposes(std::string_view tenant) const {
  std::shared_lock lock(mu_);
  std::vector<Purpose> out;
  if (const TenantData* t = FindTenant(tenant)) {
    for (const auto& [k, p] : t->purposes) out.push_back(*p);
  }
  return out;
}

bool Catalog::IsPurposeOrFamily(std::string_view tenant, std::string_view key) const {
  std::shared_lock lock(mu_);
  const TenantData* t = FindTenant(tenant);
  if (t == nullptr) return false;
  auto it = t->purposes.lower_bound(key);
  return it != t->purposes.end() && PurposeCovers(key, it->first);
}

Result<Vendor> Catalog::PutVendor(Vendor vendor) {
  std::lock_guard<std::mutex> w(write_mu_);
  if (!GetTenant(vendor.tenant)) return Status::NotFound("no tenant '" + vendor.tenant + "'");
  for (const auto* list : {&vendor.purposes, &vendor.legitimate_interest_purposes}) {
    for (const auto& k : *list) {
      if (!IsPurposeOrFamily(vendor.tenant, k))
        return Status::InvalidArgument("unknown purpose '" + k + "'");
    }
  }
  vendor.updated_at = clock_->Now();
  TACT_RETURN_IF_ERROR(Persist("vendor", vendor.tenant, vendor.id, vendor.ToJson()));
  std::unique_lock lock(mu_);
  FindTenant(vendor.tenant)->vendors[vendor.id] = std::make_shared<const Vendor>(vendor);
  return vendor;
}

std::shared_ptr<const Vendor> Catalog::GetVendor(std::string_view tenant,
                                                 std::string_view id) const {
  std::shared_lock lock(mu_);
  const TenantData* t = FindTenant(tenant);
  if (t == nullptr) return nullptr;
  auto it = t->vendors.find(id);
  return it == t->vendors.end() ? nullptr : it->second;
}

std::vector<Vendor> Catalog::ListVendors(std::string_view tenant) const {
  std::shared_lock lock(mu_);
  std::vector<Vendor> out;
  if (const TenantData* t = FindTenant(tenant)) {
    for (const auto& [k, v] : t->vendors) out.push_back(*v);
  }
  return out;
}

Status Catalog::PutGvl(std::string_view tenant, std::string_view property, const Gvl& gvl) {
  std::lock_guard<std::mutex> w(write_mu_);
  if (!GetProperty(tenant, property))
    return Status::NotFound("no property '" + std::string(property) + "'");
  TACT_RETURN_IF_ERROR(Persist("gvl", tenant, property, gvl.ToJson()));
  std::unique_lock lock(mu_);
  FindTenant(tenant)->gvls[std::string(property)] = std::make_shared<const Gvl>(gvl);
  return Status::Ok();
}

std::shared_ptr<const Gvl> Catalog::GetGvl(std::string_view tenant,
                                           std::string_view property) const {
  std::shared_lock lock(mu_);
  const TenantData* t = FindTenant(tenant);
  if (t == nullptr) return nullptr;
  auto it = t->gvls.find(property);
  return it == t->gvls.end() ? nullptr : it->second;
}

Result<PrivacyNotice> Catalog::CreateNotice(std::string_view tenant, const NoticeRequest& request) {
  std::lock_guard<std::mutex> w(write_mu_);
  if (!GetProperty(tenant, request.property)) {
    return Status::NotFound("no property '" + request.property + "'");
  }
  PrivacyNotice n;
  n.tenant = std::string(tenant);
  n.property = request.property;
  n.created_at = clock_->Now();
  for (const auto& key : request.purposes) {
    auto p = GetPurpose(tenant, key);
    if (!p) return Status::InvalidArgument("unknown purpose '" + key + "'");
    n.purposes[key] = p->Fingerprint();
  }
  for (const auto& id : request.vendors) {
    auto v = GetVendor(tenant, id);
    if (!v) return Status::InvalidArgument("unknown vendor '" + id + "'");
    n.vendors[id] = v->Fingerprint();
  }
  if (auto gvl = GetGvl(tenant, request.property)) n.tcf_policy_version = gvl->tcf_policy_version;
  auto latest = LatestNotice(tenant, request.property);
  n.version = latest ? latest->version + 1 : 1;
  if (n.version > 65535)
    return Status::ResourceExhausted("a property may have at most 65535 notices");
  TACT_RETURN_IF_ERROR(Persist("notice", tenant, NoticeId(n.property, n.version), n.ToJson()));
  std::unique_lock lock(mu_);
  FindTenant(tenant)->notices[n.property][n.version] = n;
  return n;
}

std::optional<PrivacyNotice> Catalog::GetNotice(std::string_view tenant, std::string_view property,
                                                int version) const {
  std::shared_lock lock(mu_);
  const TenantData* t = FindTenant(tenant);
  if (t == nullptr) return std::nullopt;
  auto it = t->notices.find(property);
  if (it == t->notices.end()) return std::nullopt;
  auto n = it->second.find(version);
  if (n == it->second.end()) return std::nullopt;
  return n->second;
}

std::optional<PrivacyNotice> Catalog::LatestNotice(std::string_view tenant,
                                                   std::string_view property) const {
  std::shared_lock lock(mu_);
  const TenantData* t = FindTenant(tenant);
  if (t == nullptr) return std::nullopt;
  auto it = t->notices.find(property);
  if (it == t->notices.end() || it->second.empty()) return std::nullopt;
  return it->second.rbegin()->second;
}

std::map<int, PrivacyNotice> Catalog::Notices(std::string_view tenant,
                                              std::string_view property) const {
  std::shared_lock lock(mu_);
  const TenantData* t = FindTenant(tenant);
  if (t == nullptr) return {};
  auto it = t->notices.find(property);
  if (it == t->notices.end()) return {};
  return it->second;
}

}  // namespace tact
