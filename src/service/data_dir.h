// The data directory: database, key files. Files tact writes itself are
// written crash-safely: temp file, fsync, rename, fsync of the directory.
#ifndef TACT_SERVICE_DATA_DIR_H_
#define TACT_SERVICE_DATA_DIR_H_

#include <array>
#include <cstdint>
#include <string>

#include "tact/result.h"

namespace tact {

// Creates `dir` (mode 0700) when missing.
Status EnsureDataDir(const std::string& dir);
// Writes `contents` to `path` atomically with `mode` (e.g. 0600).
Status WriteFileAtomic(const std::string& path, std::string_view contents, int mode);
Result<std::string> ReadSmallFile(const std::string& path);

// DATA/admin.key: created on first start (mode 0600). Returns the key.
Result<std::string> LoadOrCreateAdminKey(const std::string& dir);

// DATA/ledger.key: the 32-byte Ed25519 seed that signs receipts (0600).
Result<std::array<uint8_t, 32>> LoadOrCreateSigningSeed(const std::string& dir);

}  // namespace tact

#endif  // TACT_SERVICE_DATA_DIR_H_
