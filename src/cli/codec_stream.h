// The line-stream loop shared by `tact tcf` and `tact gpp`: reads stdin in
// large blocks, calls `handle` once per line (everything before '\n' with one
// trailing '\r' removed; a final line without '\n' counts when non-empty),
// and writes each result followed by '\n' to stdout through one reused
// buffer: one write(2) per megabyte of output, and whenever a read returns
// less than a full block (the input has nothing more buffered, e.g. an
// interactive caller waiting for its answer).
// A handler exception becomes {"error": ...} for that line; the loop never
// stops early. Returns the process exit code (0; 1 only on a write failure).
#ifndef TACT_CLI_CODEC_STREAM_H_
#define TACT_CLI_CODEC_STREAM_H_

#include <string>
#include <string_view>

namespace tact::cli {

// Appends the output for one line (without the newline) to `out`.
using LineHandler = void (*)(std::string_view line, std::string* out);

int RunLineStream(LineHandler handle);

// Appends {"error":"<message>"} to `out`.
void AppendJsonError(std::string_view message, std::string* out);

}  // namespace tact::cli

#endif  // TACT_CLI_CODEC_STREAM_H_
