#include "cli/codec_stream.h"

#include <cstdio>
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
  std::string pending;  // a line split across blocks
  std::string out;
  out.reserve(2 * kBlock);
  bool write_failed = false;
  auto flush = [&] {
    if (!out.empty() && std::fwrite(out.data(), 1, out.size(), stdout) != out.size()) {
      write_failed = true;
    }
    out.clear();
  };
  while (true) {
    size_t n = std::fread(block.data(), 1, block.size(), stdin);
    if (n == 0) break;
    std::string_view data(block.data(), n);
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
  }
  if (!pending.empty()) HandleOne(handle, pending, &out);
  flush();
  std::fflush(stdout);
  return write_failed ? 1 : 0;
}

}  // namespace tact::cli
