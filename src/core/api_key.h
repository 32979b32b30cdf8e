// API keys. A secret key ("sk_...") is for servers and carries scopes; a
// publishable key ("pk_...") is for one property's banner and may only read
// that property's config and record consent from an allowed origin.
//
// Only a hash of the secret part is kept; the full key is shown once, when
// created. Keys look like "sk_<key id suffix>_<secret>" so the key id can be
// found without scanning, and the secret is then compared in constant time.
#ifndef TACT_CORE_API_KEY_H_
#define TACT_CORE_API_KEY_H_

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_fields.h"
#include "tact/clock.h"
#include "tact/result.h"

namespace tact {

enum class KeyKind : uint8_t { kSecret = 1, kPublishable = 2 };

// The fixed list of scopes (DESIGN.md). Unknown scopes are refused.
bool IsKnownScope(std::string_view scope);
const std::vector<std::string>& AllScopes();

struct ApiKey {
  std::string id;  // "key_..."
  std::string tenant;
  std::string name;
  KeyKind kind = KeyKind::kSecret;
  std::string property;  // publishable keys only
  std::vector<std::string> scopes;
  std::string secret_hash;  // hex BLAKE2b-256 of the whole key string
  UnixMillis created_at = 0;
  bool revoked = false;

  bool HasScope(std::string_view scope) const;
  json::Json ToJson() const;        // never includes the hash
  json::Json ToStoredJson() const;  // includes the hash
  static Result<ApiKey> FromStoredJson(const json::Json& j);
};

struct NewKey {
  ApiKey key;
  std::string plaintext;  // shown once
};

// Validates a create request {"name","scopes",["kind","property"]} and mints a key.
Result<NewKey> MintKey(const json::Json& request, std::string tenant, UnixMillis now);
NewKey MintSecretKey(std::string tenant, std::string name, std::vector<std::string> scopes,
                     UnixMillis now);

// "sk_<id>_<secret>" -> "key_<id>"; empty when malformed.
std::string KeyIdFromPlaintext(std::string_view plaintext);
std::string HashKey(std::string_view plaintext);
// The same two without allocating (every authenticated request needs them):
// the id is written into `buf` ("" when the plaintext is not shaped like a
// key), the hash as 64 hex characters into `hash`.
using KeyIdBuffer = std::array<char, 48>;
using KeyHashBuffer = std::array<char, 64>;
std::string_view KeyIdFromPlaintext(std::string_view plaintext, KeyIdBuffer& buf);
std::string_view HashKey(std::string_view plaintext, KeyHashBuffer& hash);

}  // namespace tact

#endif  // TACT_CORE_API_KEY_H_
