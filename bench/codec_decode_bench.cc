// Decode only, in process: tact's TCF and GPP decoders into their models
// (no JSON written), the like-for-like counterpart of the reference's bare
// `TCString.decode(s)` / `new GppModel(s).toObject()` that
// bench/codec_bench.sh times as "reference decode only" (the CLI figures
// there include writing codec-json.md's JSON, which the bare reference
// decode does not do).
//
//   codec_decode_bench tcf|gpp FILE [rounds]
//
// FILE has one string per line (bench/codec_bench.js gen). Prints strings
// per second of thread CPU time over `rounds` passes (default 20), and how
// many strings decoded without error (a check that the work was done).
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "codec/gpp/gpp_codec.h"
#include "codec/tcf/tc_decoder.h"

namespace {

double ThreadCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: codec_decode_bench tcf|gpp FILE [rounds]\n");
    return 2;
  }
  const std::string kind = argv[1];
  if (kind != "tcf" && kind != "gpp") {
    std::fprintf(stderr, "codec_decode_bench: kind must be tcf or gpp\n");
    return 2;
  }
  std::ifstream in(argv[2]);
  if (!in) {
    std::fprintf(stderr, "codec_decode_bench: cannot read %s\n", argv[2]);
    return 2;
  }
  const int rounds = argc > 3 ? std::max(1, std::atoi(argv[3])) : 20;
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  if (lines.empty()) {
    std::fprintf(stderr, "codec_decode_bench: %s is empty\n", argv[2]);
    return 2;
  }

  tact::codec::tcf::TcModel tcf;
  tact::codec::gpp::GppModel gpp;
  size_t ok = 0;
  const double start = ThreadCpuSeconds();
  for (int r = 0; r < rounds; ++r) {
    for (const std::string& s : lines) {
      bool good = kind == "tcf" ? tact::codec::tcf::DecodeInto(s, &tcf).ok()
                                : tact::codec::gpp::DecodeInto(s, &gpp).ok();
      ok += good ? 1 : 0;
    }
  }
  const double secs = ThreadCpuSeconds() - start;
  const double n = static_cast<double>(lines.size()) * rounds;
  std::printf("%s decode only: %.0f strings/s (%zu strings x %d rounds, %zu decoded, %.3f s CPU)\n",
              kind.c_str(), n / secs, lines.size(), rounds, ok / rounds, secs);
  return 0;
}
