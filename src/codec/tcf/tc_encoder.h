// Encodes a TcModel into a TC string (TCF v2.2), segments in the order core,
// disclosed vendors, allowed vendors, publisher TC (each only when present in
// the model). Bits are zero-padded to whole base64url quartets as
// @iabtcf/core does.
//
// Vendor sections: when the ids are ascending and distinct the encoder picks
// bitfield or range with the same rule as @iabtcf/core 1.5.6
// (VendorVectorEncoder); otherwise it writes range entries in the given order
// (so a decoded model re-encodes to the same id sequence).
//
// Fails with InvalidArgument when a value does not fit its field or would be
// rejected by Decode (CmpId < 2, Version != 2, vendor id 0, restriction type 3,
// PublisherCC letter > 57, ...): Decode(Encode(m)) always succeeds.
#ifndef TACT_CODEC_TCF_TC_ENCODER_H_
#define TACT_CODEC_TCF_TC_ENCODER_H_

#include <string>

#include "codec/tcf/tc_model.h"
#include "tact/result.h"

namespace tact::codec::tcf {

Result<std::string> Encode(const TcModel& model);

// Checks the rules tact applies to strings it issues itself (TCF 2.3 policy):
// the disclosed-vendors segment is present and legitimate interest is not set
// for purposes 1, 3, 4, 5 or 6. Encode() does not apply these (it must
// round-trip any decodable string); the server calls this before issuing.
Status CheckIssuancePolicy(const TcModel& model);

}  // namespace tact::codec::tcf

#endif  // TACT_CODEC_TCF_TC_ENCODER_H_
