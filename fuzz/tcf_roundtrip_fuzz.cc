// libFuzzer: every TC string tact decodes must re-encode, and decoding the
// re-encoded string must give the same JSON (tcString aside); a string that
// tact encodes from a model built from the input bytes must decode.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "codec/tcf/tc_decoder.h"
#include "codec/tcf/tc_encoder.h"
#include "codec/tcf/tc_json.h"

namespace {

nlohmann::json DecodeJson(std::string_view s) {
  std::string out;
  tact::codec::tcf::DecodeToJson(s, &out);
  return nlohmann::json::parse(out);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view s(reinterpret_cast<const char*>(data), size);
  nlohmann::json first = DecodeJson(s);
  if (first.contains("error")) return 0;
  tact::Result<std::string> encoded = tact::codec::tcf::EncodeFromJsonText(first.dump());
  if (!encoded.ok()) std::abort();
  nlohmann::json second = DecodeJson(*encoded);
  first["tcData"]["tcString"] = *encoded;
  if (second != first) std::abort();
  // The model path: Decode -> Encode -> Decode keeps every id list and restriction.
  tact::Result<tact::codec::tcf::TcModel> m = tact::codec::tcf::Decode(s);
  if (!m.ok()) std::abort();
  tact::Result<std::string> again = tact::codec::tcf::Encode(*m);
  if (!again.ok()) std::abort();
  tact::Result<tact::codec::tcf::TcModel> m2 = tact::codec::tcf::Decode(*again);
  if (!m2.ok() || !(m2->vendor_consents == m->vendor_consents) ||
      !(m2->publisher_restrictions == m->publisher_restrictions) ||
      m2->vendors_disclosed != m->vendors_disclosed) {
    std::abort();
  }
  return 0;
}
