#include "http/auth.h"

#include "core/digest.h"

namespace tact::http {

std::string_view BearerToken(const Request& request) {
  std::string_view h = request.Header("authorization");
  constexpr std::string_view kPrefix = "Bearer ";
  if (h.size() <= kPrefix.size() || h.substr(0, kPrefix.size()) != kPrefix) return {};
  std::string_view token = h.substr(kPrefix.size());
  if (token.size() > 200) return {};
  return token;
}

Status AuthenticateAdmin(const Request& request, std::string_view admin_key_hash) {
  std::string_view token = BearerToken(request);
  if (token.empty())
    return Status::Unauthenticated("this route needs the admin key as a Bearer token");
  if (!ConstantTimeEquals(HashKey(token), admin_key_hash)) {
    return Status::Unauthenticated("the admin key is not valid");
  }
  return Status::Ok();
}

Result<std::shared_ptr<const ApiKey>> AuthenticateSecret(const Request& request,
                                                         const Catalog& catalog,
                                                         std::string_view scope) {
  std::string_view token = BearerToken(request);
  if (token.empty())
    return Status::Unauthenticated("this route needs a secret API key as a Bearer token");
  auto key = catalog.Authenticate(token);
  if (!key.ok()) return key.status();
  if ((*key)->kind != KeyKind::kSecret) {
    return Status::PermissionDenied("a publishable key cannot call server-side routes");
  }
  if (!scope.empty() && !(*key)->HasScope(scope)) {
    return Status::PermissionDenied("this key lacks the '" + std::string(scope) + "' scope");
  }
  return key;
}

}  // namespace tact::http
