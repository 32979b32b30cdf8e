#include "storage/ledger_continuity.h"

#include <array>
#include <string>

namespace tact {

Status CheckContinuity(const LedgerHead& head, const std::vector<LedgerEntry>& entries) {
  if (entries.empty()) return Status::InvalidArgument("ledger append of no entries");
  uint64_t expected_seq = head.seq + 1;
  const Hash256* prev = &head.hash;
  for (const LedgerEntry& e : entries) {
    if (e.seq != expected_seq) {
      return Status::Conflict("ledger append out of sequence: expected seq " +
                              std::to_string(expected_seq) + ", got " + std::to_string(e.seq));
    }
    if (e.prev_hash != *prev) {
      return Status::Conflict("ledger append does not chain: prev_hash of seq " +
                              std::to_string(e.seq) + " is not the hash of seq " +
                              std::to_string(e.seq - 1));
    }
    prev = &e.hash;
    ++expected_seq;
  }
  return Status::Ok();
}

LedgerHead HeadAfter(const std::vector<LedgerEntry>& entries) {
  return LedgerHead{entries.back().seq, entries.back().hash};
}

size_t BatchBucket(uint64_t writes) {
  size_t bucket = 0;
  while (writes > 1 && bucket < 6) {
    writes >>= 1;
    ++bucket;
  }
  return bucket;
}

size_t LatencyBucket(uint64_t micros) {
  static constexpr std::array<uint64_t, 9> kBounds = {100,  250,   500,   1000, 2500,
                                                      5000, 10000, 25000, 50000};
  for (size_t i = 0; i < kBounds.size(); ++i) {
    if (micros <= kBounds[i]) return i;
  }
  return kBounds.size();
}

}  // namespace tact
