// App: tact's use cases, in one place, for the HTTP server and the CLI.
//
// It owns the store, the catalog, the ledger and the in-memory consent views
// (one per tenant), and turns typed requests into domain operations:
// recording consent (policy, ledger, views), reading a subject's consents and
// history, deciding, and the change feed. It holds no HTTP or CLI concepts.
//
// Thread-safety: every method is safe from any thread.
#ifndef TACT_SERVICE_APP_H_
#define TACT_SERVICE_APP_H_

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/decision.h"
#include "core/policy.h"
#include "core/signals.h"
#include "ledger/checkpoint.h"
#include "ledger/key_ring.h"
#include "ledger/ledger.h"
#include "ledger/signer.h"
#include "service/audit_log.h"
#include "service/catalog.h"
#include "storage/store.h"

namespace tact {

struct AppOptions {
  std::string data_dir = "./tact-data";
  std::string store = "sqlite";  // see OpenStore
  const Clock* clock = nullptr;  // default: the system clock
};

struct ConsentRequest {
  std::string tenant;
  std::string subject;
  std::string property;
  int notice_version = 0;  // 0: the property's latest notice, if any
  Source source = Source::kApi;
  bool gpc = false;
  std::vector<RequestedChoice> choices;
};

// A subject's current choice with owned strings (safe outside the view lock).
struct CurrentConsent {
  std::string purpose;
  Channel channel = Channel::kAny;
  std::string vendor;
  Party party = Party::kAny;
  ConsentState state = ConsentState::kDenied;  // expiry applied
  UnixMillis since = 0;
  int notice_version = 0;
  Source source = Source::kApi;
  Rule rule = Rule::kExplicit;
  bool gpc = false;
};

struct DecideRequest {
  std::string tenant;
  std::string subject;
  std::string purpose;
  std::string vendor;
  Party party = Party::kAny;
  Channel channel = Channel::kAny;
};

// A subject's industry signals on one property (core/signals.h).
struct SubjectSignals {
  std::optional<std::string> tc_string;  // when the property has a CMP id and a GVL
  std::string gpp_string;
  json::Json consent_mode;  // Google Consent Mode v2 type -> "granted" | "denied"
};

class App {
 public:
  static Result<std::unique_ptr<App>> Open(const AppOptions& options);
  // For tests: an App over a given store.
  static Result<std::unique_ptr<App>> OpenWithStore(std::unique_ptr<Store> store,
                                                    const Clock* clock);
  ~App();

  Catalog& catalog() { return *catalog_; }
  Store& store() { return *store_; }
  Ledger& ledger() { return *ledger_; }
  // Who read or changed which person's data (service/audit_log.h).
  AuditLog& audit() { return *audit_; }
  const Clock& clock() const { return *clock_; }

  // Validates, applies policy (GPC), appends to the ledger; returns once durable.
  Result<ConsentEvent> RecordConsent(ConsentRequest request);
  // The same without blocking; `done` runs on the store's writer thread (or
  // at once on a validation error).
  void RecordConsentAsync(ConsentRequest request, Ledger::AppendDone done);
  // Records an event decided by tact itself (source system), such as the
  // governor pausing marketing after sustained silence. Any state is allowed;
  // the tenant, subject and purposes must be valid. Returns once durable.
  Result<ConsentEvent> RecordSystemConsent(std::string tenant, std::string subject,
                                           std::vector<Choice> choices);

  std::vector<CurrentConsent> Consents(std::string_view tenant, std::string_view subject) const;
  Result<std::vector<ConsentEvent>> History(std::string_view tenant,
                                            std::string_view subject) const;
  Result<Decision> Decide(const DecideRequest& request) const;
  // Decide (no vendor) for a caller that holds the purpose already and
  // overlaps the consent view's cache misses with its own (the governor):
  // `meanwhile(0)` runs once the subject's table slot is asked for,
  // `meanwhile(1)` once its record is, both under the view's shared lock.
  template <typename Fn>
  Result<Decision> DecideOverlapped(std::string_view tenant, std::string_view subject,
                                    const Purpose& purpose, Channel channel, Fn&& meanwhile) const;
  // What the banner must ask this subject on this property (empty without a notice).
  Result<AskList> WhatToAsk(std::string_view tenant, std::string_view subject,
                            std::string_view property) const;

  // TC string, GPP string and Consent Mode state of a subject on a property.
  Result<SubjectSignals> Signals(std::string_view tenant, std::string_view subject,
                                 std::string_view property) const;

  // The tenant's events with seq > after, at most `limit`; waits up to `wait`
  // for the first one when there is none yet (long-poll).
  Result<std::vector<ConsentEvent>> Events(std::string_view tenant, uint64_t after, size_t limit,
                                           std::chrono::milliseconds wait) const;

  // The signed receipt (compact JWS, EdDSA) of a recorded event.
  std::string SignReceipt(const ConsentEvent& e) const;
  // The event a receipt id names, within the tenant; NotFound otherwise.
  Result<ConsentEvent> FindReceipt(std::string_view tenant, std::string_view receipt_id) const;
  // The receipt-signing public keys as a JWK Set: the current key and every
  // retired one (key rotation), each with its kid and validity.
  json::Json PublicKeys() const;
  const Signer& signer() const { return keys_->signer(); }
  const KeyRing& keys() const { return *keys_; }

  // Signed tree heads. A checkpoint is made every kCheckpointEvery events or
  // kCheckpointSeconds seconds, whichever comes first (when anything changed).
  static constexpr uint64_t kCheckpointEvery = 1000;
  static constexpr int kCheckpointSeconds = 10;
  // NotFound before the first checkpoint.
  Result<Checkpoint> LatestCheckpoint() const;
  // The latest checkpoint if it covers `seq`, else a new one made now.
  Result<Checkpoint> CheckpointCovering(uint64_t seq);
  Result<Checkpoint> MakeCheckpoint();

  size_t SubjectCount() const;
  // Stops long-polls (shutdown).
  void Stop();

 private:
  struct TenantView {
    mutable std::shared_mutex mu;
    ConsentView view;
  };

  App() = default;
  static Result<std::unique_ptr<App>> Create(std::unique_ptr<Store> store, const Clock* clock,
                                             KeyRing keys);
  Status Start();
  Result<ConsentEvent> PrepareConsent(ConsentRequest& request) const;
  void OnApplied(const ConsentEvent& e);
  const TenantView* FindView(std::string_view tenant) const;

  std::unique_ptr<Store> store_;
  const Clock* clock_ = nullptr;
  std::unique_ptr<AuditLog> audit_;  // after store_: flushed before the store closes
  std::unique_ptr<Catalog> catalog_;
  std::unique_ptr<Ledger> ledger_;
  std::unique_ptr<KeyRing> keys_;
  mutable std::shared_mutex views_mu_;
  std::map<std::string, std::unique_ptr<TenantView>, std::less<>> views_;
  std::atomic<bool> stopping_{false};

  void CheckpointLoop();
  std::mutex make_checkpoint_mu_;  // one checkpoint made at a time
  mutable std::mutex checkpoint_mu_;
  std::condition_variable checkpoint_cv_;
  std::optional<Checkpoint> latest_checkpoint_;  // GUARDED_BY(checkpoint_mu_)
  std::thread checkpointer_;
};

template <typename Fn>
Result<Decision> App::DecideOverlapped(std::string_view tenant, std::string_view subject,
                                       const Purpose& purpose, Channel channel,
                                       Fn&& meanwhile) const {
  thread_local std::vector<ConsentItem> items;  // views into the view: used under its lock
  items.clear();
  const TenantView* tv = FindView(tenant);
  std::shared_lock<std::shared_mutex> lock;
  ConsentView::Probe probe;
  if (tv != nullptr) {
    lock = std::shared_lock<std::shared_mutex>(tv->mu);
    probe = tv->view.Start(subject);
  }
  // The catalog is read while the view's slot arrives (it never calls out
  // under its own lock, so reading it under the view's is safe).
  auto policy = catalog_->Policy(tenant);
  if (!policy) return Status::NotFound("no tenant '" + std::string(tenant) + "'");
  DecisionRequest r;
  r.purpose = purpose.key;
  r.channel = channel;
  r.now = clock_->Now();
  meanwhile(0);
  if (tv != nullptr) tv->view.Advance(probe);
  meanwhile(1);
  if (tv != nullptr) tv->view.ItemsInto(probe, items);
  return tact::Decide(items, purpose, nullptr, *policy, r);
}

}  // namespace tact

#endif  // TACT_SERVICE_APP_H_
