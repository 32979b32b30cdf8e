// libFuzzer: `tact gpp decode` on arbitrary bytes must never crash, and its
// output must be JSON.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "codec/gpp/gpp_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view s(reinterpret_cast<const char*>(data), size);
  std::string out;
  tact::codec::gpp::DecodeToJson(s, &out);
  nlohmann::json j = nlohmann::json::parse(out, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) std::abort();
  return 0;
}
