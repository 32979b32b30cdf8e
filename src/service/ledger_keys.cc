#include "service/ledger_keys.h"

#include <sodium.h>

#include <cstring>

#include "service/data_dir.h"

namespace tact {
namespace {

std::string SeedPath(const std::string& dir) { return dir + "/ledger.key"; }
std::string ListPath(const std::string& dir) { return dir + "/ledger-keys.json"; }

Result<Signer> ReadSigner(const std::string& dir) {
  auto bytes = ReadSmallFile(SeedPath(dir));
  if (!bytes.ok()) return bytes.status();
  if (bytes->size() != 32)
    return Status::Corruption(SeedPath(dir) + " does not hold a 32-byte key");
  std::array<uint8_t, 32> seed;
  std::memcpy(seed.data(), bytes->data(), seed.size());
  Signer signer(seed);
  sodium_memzero(seed.data(), seed.size());
  sodium_memzero(bytes->data(), bytes->size());
  return signer;
}

// The stored list; empty when the file does not exist yet.
Result<std::vector<PublishedKey>> ReadList(const std::string& dir) {
  auto text = ReadSmallFile(ListPath(dir));
  if (!text.ok()) {
    if (text.error().code() == StatusCode::kNotFound) return std::vector<PublishedKey>{};
    return text.status();
  }
  auto list = KeyRing::ListFromJson(json::Json::parse(*text, nullptr, false));
  if (!list.ok()) return Status::Corruption(ListPath(dir) + ": " + list.error().message());
  return list;
}

Status WriteList(const std::string& dir, const KeyRing& ring) {
  return WriteFileAtomic(ListPath(dir), ring.ToJson().dump(2) + "\n", 0600);
}

}  // namespace

Result<KeyRing> LoadKeyRing(const std::string& dir) {
  auto signer = ReadSigner(dir);
  if (!signer.ok()) return signer.status();
  auto list = ReadList(dir);
  if (!list.ok()) return list.status();
  return KeyRing(std::move(*signer), std::move(*list));
}

Result<KeyRing> LoadOrCreateKeyRing(const std::string& dir, UnixMillis now) {
  bool had_key = ReadSmallFile(SeedPath(dir)).ok();
  auto seed = LoadOrCreateSigningSeed(dir);  // creates ledger.key on first start
  if (!seed.ok()) return seed.status();
  sodium_memzero(seed->data(), seed->size());
  auto list = ReadList(dir);
  if (!list.ok()) return list.status();
  bool fresh = list->empty();
  auto ring = LoadKeyRing(dir);
  if (!ring.ok()) return ring.status();
  if (fresh) {
    // First start: publish the new key, valid from now. A directory from
    // before rotation existed: its key's start is unknown (left 0).
    std::vector<PublishedKey> keys = ring->keys();
    if (!had_key) keys.back().valid_from = now;
    KeyRing stamped(ring->signer(), std::move(keys));
    TACT_RETURN_IF_ERROR(WriteList(dir, stamped));
    return stamped;
  }
  return ring;
}

Result<KeyRing> RotateLedgerKey(const std::string& dir, UnixMillis now) {
  auto old = LoadOrCreateKeyRing(dir, now);
  if (!old.ok()) return old.status();
  std::array<uint8_t, 32> seed;
  randombytes_buf(seed.data(), seed.size());
  Signer next(seed);
  std::vector<PublishedKey> keys = old->keys();
  for (auto& k : keys) {
    if (k.valid_until == 0) k.valid_until = now;
  }
  keys.push_back(PublishedKey{next.kid(), next.public_key(), now, 0});
  KeyRing ring(next, std::move(keys));
  // The list first: a crash before the seed is replaced leaves the old key
  // signing, and the new one published but unused — both verify.
  Status s = WriteList(dir, ring);
  if (s.ok()) {
    s = WriteFileAtomic(SeedPath(dir),
                        std::string_view(reinterpret_cast<const char*>(seed.data()), seed.size()),
                        0600);
  }
  sodium_memzero(seed.data(), seed.size());
  if (!s.ok()) return s;
  return ring;
}

}  // namespace tact
