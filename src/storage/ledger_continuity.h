// The ledger's continuity rule, shared by every Store backend so they agree
// to the letter on what a valid append is (see store.h, "Ledger contract").
//
// An append continues `head` when its first entry has seq == head.seq + 1 and
// prev_hash == head.hash, and every following entry has the next seq and
// names the previous entry's hash as its prev_hash. The entry hashes
// themselves are not recomputed here: the ledger module owns the encoding.
//
// Pure functions; thread-safe.
#ifndef TACT_STORAGE_LEDGER_CONTINUITY_H_
#define TACT_STORAGE_LEDGER_CONTINUITY_H_

#include <vector>

#include "storage/store.h"

namespace tact {

// Ok when `entries` is non-empty and continues `head`; InvalidArgument for an
// empty append; Conflict (with the offending seq) otherwise.
Status CheckContinuity(const LedgerHead& head, const std::vector<LedgerEntry>& entries);

// The head after `entries` were appended. REQUIRES: !entries.empty().
LedgerHead HeadAfter(const std::vector<LedgerEntry>& entries);

// Index into StoreStats::batch_histogram for a commit of `writes` writes.
size_t BatchBucket(uint64_t writes);
// Index into StoreStats::commit_latency_histogram for a commit of `micros`.
size_t LatencyBucket(uint64_t micros);

}  // namespace tact

#endif  // TACT_STORAGE_LEDGER_CONTINUITY_H_
