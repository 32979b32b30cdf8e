#include "service/data_dir.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <sodium.h>

#include "tact/ids.h"

namespace tact {
namespace {

Status Errno(const std::string& what) { return Status::Unavailable(what + ": " + std::strerror(errno)); }

std::string Parent(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace

Status EnsureDataDir(const std::string& dir) {
  struct stat st;
  if (stat(dir.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode)) return Status::InvalidArgument(dir + " exists and is not a directory");
    return Status::Ok();
  }
  if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return Errno("cannot create " + dir);
  return Status::Ok();
}

Status WriteFileAtomic(const std::string& path, std::string_view contents, int mode) {
  std::string tmp = path + ".tmp";
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return Errno("cannot create " + tmp);
  fchmod(fd, static_cast<mode_t>(mode));
  size_t off = 0;
  while (off < contents.size()) {
    ssize_t n = write(fd, contents.data() + off, contents.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      close(fd);
      return Errno("cannot write " + tmp);
    }
    off += static_cast<size_t>(n);
  }
  if (fsync(fd) != 0) {
    close(fd);
    return Errno("cannot fsync " + tmp);
  }
  close(fd);
  if (rename(tmp.c_str(), path.c_str()) != 0) return Errno("cannot rename " + tmp);
  int dfd = open(Parent(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    fsync(dfd);
    close(dfd);
  }
  return Status::Ok();
}

Result<std::string> ReadSmallFile(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::NotFound(path + " does not exist");
    return Errno("cannot open " + path);
  }
  std::string out;
  char buf[4096];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      close(fd);
      return Errno("cannot read " + path);
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
    if (out.size() > (1 << 20)) {
      close(fd);
      return Status::InvalidArgument(path + " is too large");
    }
  }
  close(fd);
  return out;
}

Result<std::string> LoadOrCreateAdminKey(const std::string& dir) {
  std::string path = dir + "/admin.key";
  auto existing = ReadSmallFile(path);
  if (existing.ok()) {
    std::string key = *existing;
    while (!key.empty() && (key.back() == '\n' || key.back() == '\r' || key.back() == ' ')) key.pop_back();
    if (key.size() < 20) return Status::Corruption(path + " does not hold a key");
    return key;
  }
  if (existing.error().code() != StatusCode::kNotFound) return existing.status();
  std::string key = NewId("ak_") + NewId("");
  TACT_RETURN_IF_ERROR(WriteFileAtomic(path, key + "\n", 0600));
  return key;
}

Result<std::array<uint8_t, 32>> LoadOrCreateSigningSeed(const std::string& dir) {
  TACT_RETURN_IF_ERROR(EnsureDataDir(dir));
  std::string path = dir + "/ledger.key";
  std::array<uint8_t, 32> seed{};
  auto existing = ReadSmallFile(path);
  if (existing.ok()) {
    if (existing->size() != seed.size()) return Status::Corruption(path + " does not hold a 32-byte key");
    std::memcpy(seed.data(), existing->data(), seed.size());
    return seed;
  }
  if (existing.error().code() != StatusCode::kNotFound) return existing.status();
  randombytes_buf(seed.data(), seed.size());
  TACT_RETURN_IF_ERROR(
      WriteFileAtomic(path, std::string_view(reinterpret_cast<const char*>(seed.data()), seed.size()), 0600));
  return seed;
}

}  // namespace tact
