#include "cli/codec_stream.h"

#include <unistd.h>

#include <cerrno>
#include <exception>
#include <vector>

#include "codec/json_writer.h"

namespace tact::cli {
namespace {

constexpr size_t kBlock = 1 << 20;

void HandleOne(LineHandler handle, std::string_view line, std::string* out) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  size_t mark = out->size();
  try {
    handle(line, out);
  } catch (const std::exception& e) {
    out->resize(mark);
    AppendJsonError(std::string("internal error: ") + e.what(), out);
  } catch (...) {
    out->resize(mark);
    AppendJsonError("internal error", out);
  }
  out->push_back('\n');
}

}  // namespace

void AppendJsonError(std::string_view message, std::string* out) {
  codec::JsonWriter w(out);
  w.BeginObject();
  w.Key("error");
  w.String(message);
  w.EndObject();
}

int RunLineStream(LineHandler handle) {
  std::vector<char> block(kBlock);
  std::string pending;  // a line split across reads
  std::string out;      // reused: one write per batch of lines
  out.reserve(2 * kBlock);
  bool write_failed = false;
  auto flush = [&] {
    size_t done = 0;
    while (done < out.size() && !write_failed) {
      ssize_t n = ::write(STDOUT_FILENO, out.data() + done, out.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0)
        write_failed = true;
      else
        done += static_cast<size_t>(n);
    }
    out.clear();
  };
  while (true) {
    ssize_t n = ::read(STDIN_FILENO, block.data(), block.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    std::string_view data(block.data(), static_cast<size_t>(n));
    size_t start = 0;
    while (true) {
      size_t nl = data.find('\n', start);
      if (nl == std::string_view::npos) {
        pending.append(data.substr(start));
        break;
      }
      if (pending.empty()) {
        HandleOne(handle, data.substr(start, nl - start), &out);
      } else {
        pending.append(data.substr(start, nl - start));
        HandleOne(handle, pending, &out);
        pending.clear();
      }
      start = nl + 1;
      if (out.size() >= kBlock) flush();
    }
    // A short read means the input has nothing more buffered (a pipe or a
    // terminal handed over what it had): answer before blocking again, so an
    // interactive caller gets one line out for each line in.
    if (static_cast<size_t>(n) < block.size()) flush();
  }
  if (!pending.empty()) HandleOne(handle, pending, &out);
  flush();
  return write_failed ? 1 : 0;
}

}  // namespace tact::cli
