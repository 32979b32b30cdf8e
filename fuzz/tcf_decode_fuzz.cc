// libFuzzer: `tact tcf decode` on arbitrary bytes must never crash, and a
// decoded string must produce JSON that parses.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "codec/tcf/tc_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view s(reinterpret_cast<const char*>(data), size);
  std::string out;
  tact::codec::tcf::DecodeToJson(s, &out);
  nlohmann::json j = nlohmann::json::parse(out, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) std::abort();
  return 0;
}
