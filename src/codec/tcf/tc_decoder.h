// Decodes a TC string (TCF v2.2) into a TcModel.
//
// Accepts exactly what @iabtcf/core 1.5.6 `TCString.decode` accepts, minus the
// cases tact rejects on purpose (docs/formats/tcf-gpp.md, codec-json.md):
// the first segment must be the core with Version 2; no segment type twice;
// segment types 4-7, empty segments and non-base64url characters fail; every
// field must be complete (trailing bits are ignored); CmpId must be >= 2;
// PublisherCC letter values 58-63 fail; vendor id 0 in a vendor range fails;
// a restriction group with a vendor and purpose 0 or type 3 fails; a
// restriction range whose end is below its start fails.
//
// Limit: range entries may repeat ids; a vendor list or restriction group
// whose entries expand to more than 2^22 ids is kept as its sorted distinct
// ids (`collapsed`; TCData is the same), and restriction groups holding more
// than 2^22 ids in all are an error.
//
// Errors are InvalidArgument with the segment and bit offset in the message.
#ifndef TACT_CODEC_TCF_TC_DECODER_H_
#define TACT_CODEC_TCF_TC_DECODER_H_

#include <string_view>

#include "codec/tcf/tc_model.h"
#include "tact/result.h"

namespace tact::codec::tcf {

Result<TcModel> Decode(std::string_view tc_string);
// The same into `model`, reusing the storage of its id vectors (a caller that
// decodes many strings into one model allocates little per string). On
// error the model holds partial content.
Status DecodeInto(std::string_view tc_string, TcModel* model);

}  // namespace tact::codec::tcf

#endif  // TACT_CODEC_TCF_TC_DECODER_H_
