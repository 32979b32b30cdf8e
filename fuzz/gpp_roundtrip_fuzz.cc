// libFuzzer: every GPP string tact decodes must re-encode (from its JSON) to a
// string that decodes to the same JSON.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "codec/gpp/gpp_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view s(reinterpret_cast<const char*>(data), size);
  std::string out;
  tact::codec::gpp::DecodeToJson(s, &out);
  nlohmann::json first = nlohmann::json::parse(out);
  if (first.contains("error")) return 0;
  tact::Result<std::string> encoded = tact::codec::gpp::EncodeFromJsonText(out);
  // Known limit (docs/formats/tcf-gpp.md): tcfcav1 ids above 65535, reachable
  // only through the library's fallback parse, have no encoding.
  if (!encoded.ok() && encoded.error().message().find("id above 65535") != std::string::npos)
    return 0;
  if (!encoded.ok()) {
    fprintf(stderr, "encode failed: %s\n", encoded.error().message().c_str());
    std::abort();
  }
  std::string out2;
  tact::codec::gpp::DecodeToJson(*encoded, &out2);
  if (nlohmann::json::parse(out2) != first) {
    fprintf(stderr, "round trip differs:\n%s\n%s\n", out.c_str(), out2.c_str());
    std::abort();
  }
  return 0;
}
