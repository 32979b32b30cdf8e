// Catalog: every tenant's configuration — tenants, API keys, properties,
// purposes, vendors and notices — held in memory and written through to the
// store. Reads never touch disk; a write returns once it is durable.
//
// Thread-safety: all methods are safe from any thread. Reads take a shared
// lock; writes are serialized and publish under an exclusive lock.
#ifndef TACT_SERVICE_CATALOG_H_
#define TACT_SERVICE_CATALOG_H_

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "core/api_key.h"
#include "core/gvl.h"
#include "core/notice.h"
#include "core/purpose.h"
#include "core/tenant.h"
#include "core/vendor.h"
#include "storage/store.h"

namespace tact {

class Catalog {
 public:
  Catalog(Store* store, const Clock* clock) : store_(store), clock_(clock) {}

  // Reads every record from the store. Call once, before serving.
  Status Load();

  // Tenants. CreateTenant fails with Conflict when the id is taken.
  Result<Tenant> CreateTenant(Tenant tenant);
  std::optional<Tenant> GetTenant(std::string_view id) const;
  std::vector<Tenant> ListTenants() const;
  // The tenant's consent policy without copying the tenant (hot path).
  std::optional<ConsentPolicy> Policy(std::string_view tenant) const;

  // Keys. The plaintext is returned once and never stored.
  Result<NewKey> CreateKey(std::string_view tenant, const json::Json& request);
  Status PutKey(const ApiKey& key);
  // Finds the key for a presented secret; compares the hash in constant time.
  // Unauthenticated when unknown, malformed or revoked.
  // The key is shared, not copied: this runs on every API call.
  Result<std::shared_ptr<const ApiKey>> Authenticate(std::string_view plaintext) const;

  Result<Property> PutProperty(Property property);
  std::optional<Property> GetProperty(std::string_view tenant, std::string_view id) const;
  std::vector<Property> ListProperties(std::string_view tenant) const;

  Result<Purpose> PutPurpose(Purpose purpose);
  std::shared_ptr<const Purpose> GetPurpose(std::string_view tenant, std::string_view key) const;
  // GetPurpose and Policy under one lock (a decision needs both). Null when
  // the tenant or the purpose is unknown; `policy` is set when the tenant is.
  std::shared_ptr<const Purpose> GetPurposeAndPolicy(std::string_view tenant, std::string_view key,
                                                     std::optional<ConsentPolicy>* policy) const;
  std::vector<Purpose> ListPurposes(std::string_view tenant) const;
  // True when `key` is a purpose or the family of one ("marketing" for "marketing.email").
  bool IsPurposeOrFamily(std::string_view tenant, std::string_view key) const;

  Result<Vendor> PutVendor(Vendor vendor);
  std::shared_ptr<const Vendor> GetVendor(std::string_view tenant, std::string_view id) const;
  std::vector<Vendor> ListVendors(std::string_view tenant) const;

  // The IAB Global Vendor List a property issues TC strings against.
  Status PutGvl(std::string_view tenant, std::string_view property, const Gvl& gvl);
  std::shared_ptr<const Gvl> GetGvl(std::string_view tenant, std::string_view property) const;

  // Creates the next notice version of a property from the current purposes and vendors.
  Result<PrivacyNotice> CreateNotice(std::string_view tenant, const NoticeRequest& request);
  std::optional<PrivacyNotice> GetNotice(std::string_view tenant, std::string_view property,
                                         int version) const;
  std::optional<PrivacyNotice> LatestNotice(std::string_view tenant,
                                            std::string_view property) const;
  std::map<int, PrivacyNotice> Notices(std::string_view tenant, std::string_view property) const;

 private:
  struct TenantData {
    Tenant tenant;
    std::map<std::string, Property, std::less<>> properties;
    std::map<std::string, std::shared_ptr<const Purpose>, std::less<>> purposes;
    std::map<std::string, std::shared_ptr<const Vendor>, std::less<>> vendors;
    std::map<std::string, std::map<int, PrivacyNotice>, std::less<>> notices;  // by property
    std::map<std::string, std::shared_ptr<const Gvl>, std::less<>> gvls;       // by property
  };

  const TenantData* FindTenant(std::string_view id) const;  // REQUIRES: mu_ held
  TenantData* FindTenant(std::string_view id);              // REQUIRES: mu_ held
  Status Persist(std::string_view kind, std::string_view tenant, std::string_view id,
                 const json::Json& body);

  Store* const store_;
  const Clock* const clock_;
  std::mutex write_mu_;  // serializes writers (read-modify-write of versions)
  mutable std::shared_mutex mu_;
  std::map<std::string, TenantData, std::less<>> tenants_;
  mutable std::map<std::string, std::shared_ptr<const ApiKey>, std::less<>>
      keys_;  // by key id; a cache of the store
};

}  // namespace tact

#endif  // TACT_SERVICE_CATALOG_H_
