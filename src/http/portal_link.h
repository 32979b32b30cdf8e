// Portal links: short-lived signed tokens that open a person's My-data page
// (/me/?token=...) without an account. The company's own site asks for one
// (POST /v1/subjects/{id}/portal-links, secret key) and hands it to the person.
//
// Token: base64url(JSON claims) "." base64url(HMAC-SHA-512-256 of the first
// part), libsodium crypto_auth. Claims: tenant, subject, language, expiry
// (Unix ms). The MAC key is derived at start from a secret the server keeps
// in its data directory (the admin key), so links survive a restart and die
// with a key rotation. A token is a bearer credential for one subject's
// consent record until it expires: keep the lifetime short (default 15 min).
//
// Thread-safety: PortalSigner is immutable after construction.
#ifndef TACT_HTTP_PORTAL_LINK_H_
#define TACT_HTTP_PORTAL_LINK_H_

#include <array>
#include <string>
#include <string_view>

#include "tact/clock.h"
#include "tact/result.h"

namespace tact::http {

struct PortalClaims {
  std::string tenant;
  std::string subject;
  std::string language;  // "" or a tag such as "fr"
  UnixMillis expires = 0;
};

class PortalSigner {
 public:
  // `secret`: key material kept by the server; the MAC key is derived from it.
  explicit PortalSigner(std::string_view secret);

  std::string Sign(const PortalClaims& claims) const;
  // Unauthenticated for a malformed, forged or expired token.
  Result<PortalClaims> Verify(std::string_view token, UnixMillis now) const;
  // A keyed digest of `data` (32 hex characters): stable across restarts,
  // and without the key it cannot be tied back to `data`.
  std::string Tag(std::string_view data) const;

 private:
  std::array<unsigned char, 32> key_{};
};

constexpr int64_t kDefaultPortalTtlSeconds = 15 * 60;
constexpr int64_t kMaxPortalTtlSeconds = 24 * 60 * 60;

}  // namespace tact::http

#endif  // TACT_HTTP_PORTAL_LINK_H_
