// `tact gpp decode|encode`: GPP strings <-> the JSON of codec-json.md, one
// line in, one line out (see codec_stream.h).
#include "cli/codec_stream.h"
#include "cli/commands.h"
#include "codec/gpp/gpp_codec.h"

namespace tact::cli {
namespace {

void DecodeLine(std::string_view line, std::string* out) { codec::gpp::DecodeToJson(line, out); }

void EncodeLine(std::string_view line, std::string* out) {
  Result<std::string> s = codec::gpp::EncodeFromJsonText(line);
  if (s.ok()) {
    out->append(*s);
  } else {
    AppendJsonError(s.error().message(), out);
  }
}

}  // namespace

void AddGppCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("gpp", "IAB GPP strings: decode to JSON, encode from JSON");
  cmd->require_subcommand(1);
  auto* decode = cmd->add_subcommand("decode", "stdin: one GPP string per line; stdout: JSON lines");
  decode->callback([] { ExitCode() = RunLineStream(&DecodeLine); });
  auto* encode = cmd->add_subcommand("encode", "stdin: decode's JSON per line; stdout: GPP strings");
  encode->callback([] { ExitCode() = RunLineStream(&EncodeLine); });
}

}  // namespace tact::cli
