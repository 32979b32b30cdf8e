// Ledger: the append-only, hash-chained record of every consent event
// (docs/formats/ledger.md).
//
// Append assigns the next sequence number, chains the event to the previous
// one (ChainHash over the canonical encoding) and hands it to the store's
// group-commit writer; it returns once the entry is durable. `on_applied`
// runs for every durable event in sequence order (on the store's writer
// thread, and during Open for the replay): the service updates its in-memory
// consent views there, so they follow the ledger exactly.
//
// Thread-safety: Append, head and WaitForSeq may be called from any thread.
#ifndef TACT_LEDGER_LEDGER_H_
#define TACT_LEDGER_LEDGER_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>

#include "core/consent_event.h"
#include "ledger/merkle.h"
#include "storage/store.h"

namespace tact {

class Ledger {
 public:
  using Applied = std::function<void(const ConsentEvent&)>;

  // Replays the whole ledger through `on_applied`, verifying every hash and
  // that the replay ends at the stored head. Corruption names the first bad seq.
  static Result<std::unique_ptr<Ledger>> Open(Store* store, Applied on_applied);

  // REQUIRES: event.seq == 0. Returns the event as recorded (with its seq).
  // An empty receipt_id is set to "rcpt_<seq>_<random>".
  Result<ConsentEvent> Append(ConsentEvent event);
  // The same, without blocking: `done` runs once the entry is durable (or
  // failed), on the store's writer thread — keep it short.
  using AppendDone = std::function<void(Result<ConsentEvent>)>;
  void AppendAsync(ConsentEvent event, AppendDone done);

  // The last durable entry.
  LedgerHead head() const;
  // Blocks until head().seq > after or the timeout passes; returns head().seq.
  uint64_t WaitForSeq(uint64_t after, std::chrono::milliseconds timeout) const;
  // Wakes every waiter (shutdown).
  void WakeAll();

  // The Merkle tree over the durable entries (leaf i = entry seq i+1).
  uint64_t TreeSize() const;
  Hash256 TreeRoot(uint64_t tree_size) const;  // REQUIRES: tree_size <= TreeSize()
  // InvalidArgument when seq or sizes are out of range.
  Result<std::vector<Hash256>> InclusionProof(uint64_t seq, uint64_t tree_size) const;
  Result<std::vector<Hash256>> ConsistencyProof(uint64_t first, uint64_t second) const;
  // The leaf hash of an entry: MerkleLeafHash of its 32-byte chain hash.
  static Hash256 LeafHash(const Hash256& entry_hash);

 private:
  Ledger(Store* store, Applied on_applied, LedgerHead head);

  Store* const store_;
  const Applied on_applied_;

  std::mutex append_mu_;  // orders seq assignment with the store's queue
  uint64_t next_seq_;     // GUARDED_BY(append_mu_)
  Hash256 last_hash_;     // GUARDED_BY(append_mu_)
  std::atomic<bool> resync_{false};  // a failed append: reload the head first

  mutable std::mutex head_mu_;
  mutable std::condition_variable head_cv_;
  LedgerHead durable_;  // GUARDED_BY(head_mu_)
  MerkleTree tree_;     // GUARDED_BY(head_mu_)
  bool waking_ = false;
};

}  // namespace tact

#endif  // TACT_LEDGER_LEDGER_H_
