// Authentication and authorization of API calls.
//
//  * Admin routes take the admin key (DATA/admin.key), compared by hash in
//    constant time.
//  * Server-side routes take a tenant's secret key ("Authorization: Bearer
//    sk_...") that must carry the route's scope; the tenant comes from the
//    key, never from the request, so a key cannot reach another tenant.
#ifndef TACT_HTTP_AUTH_H_
#define TACT_HTTP_AUTH_H_

#include <string>

#include "core/api_key.h"
#include "http/message.h"
#include "service/catalog.h"

namespace tact::http {

// Returns the bearer token, or "" when the header is absent or malformed.
std::string_view BearerToken(const Request& request);

// Admin: ok only for the admin key.
Status AuthenticateAdmin(const Request& request, std::string_view admin_key_hash);

// A secret key of some tenant holding `scope`. Unauthenticated (401) for a
// missing/unknown key, PermissionDenied (403) for a key without the scope or
// a publishable key. An empty `scope` checks only that the key is a secret key.
Result<std::shared_ptr<const ApiKey>> AuthenticateSecret(const Request& request,
                                                         const Catalog& catalog,
                                                         std::string_view scope);

}  // namespace tact::http

#endif  // TACT_HTTP_AUTH_H_
