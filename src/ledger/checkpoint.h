// Checkpoints: signed tree heads of the ledger's Merkle tree, as Certificate
// Transparency publishes them. A checkpoint says "the ledger had `tree_size`
// entries with this root at this time", signed with the ledger key; with
// consistency proofs between checkpoints, anyone holding two of them can check
// the ledger only grew.
//
// The signed bytes are the note text (docs/formats/ledger.md):
//   "tact.ledger.v1\n<tree_size>\n<base64 root>\n<time in Unix ms>\n"
#ifndef TACT_LEDGER_CHECKPOINT_H_
#define TACT_LEDGER_CHECKPOINT_H_

#include <string>

#include "core/digest.h"
#include "core/json_fields.h"
#include "ledger/signer.h"
#include "tact/clock.h"
#include "tact/result.h"

namespace tact {

struct Checkpoint {
  uint64_t tree_size = 0;
  Hash256 root{};
  UnixMillis time = 0;
  std::string kid;
  std::string signature;  // 64 raw bytes

  std::string NoteText() const;
  json::Json ToJson() const;  // root and signature in base64url
  static Result<Checkpoint> FromJson(const json::Json& j);
};

Checkpoint SignCheckpoint(const Signer& signer, uint64_t tree_size, const Hash256& root, UnixMillis time);
bool VerifyCheckpoint(const Signer& signer, const Checkpoint& c);

}  // namespace tact

#endif  // TACT_LEDGER_CHECKPOINT_H_
