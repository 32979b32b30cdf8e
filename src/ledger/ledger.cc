#include "ledger/ledger.h"

#include <algorithm>
#include <future>

#include "tact/ids.h"

namespace tact {

Ledger::Ledger(Store* store, Applied on_applied, LedgerHead head)
    : store_(store), on_applied_(std::move(on_applied)), next_seq_(head.seq + 1), last_hash_(head.hash),
      durable_(head) {}

Result<std::unique_ptr<Ledger>> Ledger::Open(Store* store, Applied on_applied) {
  auto head = store->Head();
  if (!head.ok()) return head.status();
  LedgerHead replayed;
  MerkleTree tree;
  constexpr size_t kPage = 4096;
  for (;;) {
    auto page = store->ReadLedger(replayed.seq, kPage);
    if (!page.ok()) return page.status();
    for (const LedgerEntry& entry : *page) {
      std::string where = "ledger entry " + std::to_string(entry.seq);
      if (entry.seq != replayed.seq + 1) {
        return Status::Corruption(where + " follows " + std::to_string(replayed.seq) + ": a gap");
      }
      if (entry.prev_hash != replayed.hash) return Status::Corruption(where + ": previous hash does not match");
      if (ChainHash(entry.prev_hash, entry.payload) != entry.hash) {
        return Status::Corruption(where + ": hash does not match its content");
      }
      auto event = DecodeEvent(entry.payload);
      if (!event.ok()) return Status::Corruption(where + ": " + event.error().message());
      if (event->seq != entry.seq || event->tenant != entry.tenant || event->subject != entry.subject) {
        return Status::Corruption(where + ": columns disagree with the encoded event");
      }
      if (on_applied) on_applied(*event);
      replayed.seq = entry.seq;
      replayed.hash = entry.hash;
      tree.Append(LeafHash(entry.hash));
    }
    if (page->size() < kPage) break;
  }
  if (replayed.seq != head->seq || replayed.hash != head->hash) {
    return Status::Corruption("replay ended at " + std::to_string(replayed.seq) + " but the head is " +
                              std::to_string(head->seq));
  }
  std::unique_ptr<Ledger> ledger(new Ledger(store, std::move(on_applied), replayed));
  ledger->tree_ = std::move(tree);
  return ledger;
}

Result<ConsentEvent> Ledger::Append(ConsentEvent event) {
  // Shared: the callback may still be returning on the writer thread when
  // this thread wakes and leaves.
  auto promise = std::make_shared<std::promise<Result<ConsentEvent>>>();
  auto future = promise->get_future();
  AppendAsync(std::move(event), [promise](Result<ConsentEvent> r) { promise->set_value(std::move(r)); });
  return future.get();
}

void Ledger::AppendAsync(ConsentEvent event, AppendDone done) {
  std::lock_guard<std::mutex> lock(append_mu_);
  if (resync_.exchange(false)) {
    auto head = store_->Head();
    if (!head.ok()) {
      resync_ = true;
      done(head.status());
      return;
    }
    next_seq_ = head->seq + 1;
    last_hash_ = head->hash;
  }
  event.seq = next_seq_;
  if (event.receipt_id.empty()) {
    // The sequence number in the id lets GET /v1/receipts/{id} find the entry.
    event.receipt_id = "rcpt_" + std::to_string(event.seq) + "_" + NewId("").substr(0, 12);
  }
  LedgerEntry entry;
  entry.seq = event.seq;
  entry.tenant = event.tenant;
  entry.subject = event.subject;
  entry.time = event.time;
  entry.payload = EncodeEvent(event);
  entry.prev_hash = last_hash_;
  entry.hash = ChainHash(entry.prev_hash, entry.payload);
  ++next_seq_;
  last_hash_ = entry.hash;
  Hash256 hash = entry.hash;
  std::vector<LedgerEntry> batch;
  batch.push_back(std::move(entry));
  auto shared = std::make_shared<ConsentEvent>(std::move(event));
  store_->AppendAsync(std::move(batch), [this, shared, hash, done = std::move(done)](const Status& s) {
    if (!s.ok()) {
      resync_ = true;  // may run inline under append_mu_: no lock here
      done(s);
      return;
    }
    if (on_applied_) on_applied_(*shared);
    {
      std::lock_guard<std::mutex> head_lock(head_mu_);
      durable_.seq = shared->seq;
      durable_.hash = hash;
      tree_.Append(LeafHash(hash));
    }
    head_cv_.notify_all();
    done(std::move(*shared));
  });
}

LedgerHead Ledger::head() const {
  std::lock_guard<std::mutex> lock(head_mu_);
  return durable_;
}

uint64_t Ledger::WaitForSeq(uint64_t after, std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(head_mu_);
  head_cv_.wait_for(lock, timeout, [&] { return durable_.seq > after || waking_; });
  return durable_.seq;
}

Hash256 Ledger::LeafHash(const Hash256& entry_hash) {
  return MerkleLeafHash(std::string_view(reinterpret_cast<const char*>(entry_hash.data()), entry_hash.size()));
}

uint64_t Ledger::TreeSize() const {
  std::lock_guard<std::mutex> lock(head_mu_);
  return tree_.size();
}

Hash256 Ledger::TreeRoot(uint64_t tree_size) const {
  std::lock_guard<std::mutex> lock(head_mu_);
  return tree_.Root(std::min(tree_size, tree_.size()));
}

Result<std::vector<Hash256>> Ledger::InclusionProof(uint64_t seq, uint64_t tree_size) const {
  std::lock_guard<std::mutex> lock(head_mu_);
  if (seq == 0 || seq > tree_size || tree_size > tree_.size()) {
    return Status::InvalidArgument("seq must be in 1..tree_size and tree_size at most the ledger's size");
  }
  return tree_.InclusionProof(seq - 1, tree_size);
}

Result<std::vector<Hash256>> Ledger::ConsistencyProof(uint64_t first, uint64_t second) const {
  std::lock_guard<std::mutex> lock(head_mu_);
  if (first == 0 || first > second || second > tree_.size()) {
    return Status::InvalidArgument("need 0 < first <= second <= the ledger's size");
  }
  return tree_.ConsistencyProof(first, second);
}

void Ledger::WakeAll() {
  {
    std::lock_guard<std::mutex> lock(head_mu_);
    waking_ = true;
  }
  head_cv_.notify_all();
}

}  // namespace tact
