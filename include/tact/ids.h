// Identifiers used across tact, and their syntax rules.
//
// Tenant, property, purpose keys, vendor ids and subject ids arrive from the
// outside; these functions say whether a string is acceptable before it goes
// anywhere near storage. New ids made by tact are random, prefixed by kind
// ("sub_", "key_", "rcpt_", "msg_") and URL-safe.
#ifndef TACT_IDS_H_
#define TACT_IDS_H_

#include <string>
#include <string_view>

namespace tact {

// [a-z0-9][a-z0-9_-]{0,63}: tenant and property ids.
bool IsValidSlug(std::string_view s);
// Dotted lower-case keys, each part a slug without '-': "marketing.email".
bool IsValidPurposeKey(std::string_view s);
// Subject ids: 1..128 chars of [A-Za-z0-9_.:@+-]. Opaque to tact.
bool IsValidSubjectId(std::string_view s);

// A new random id: prefix + 22 base62-ish url-safe characters (~128 bits).
std::string NewId(std::string_view prefix);

}  // namespace tact

#endif  // TACT_IDS_H_
