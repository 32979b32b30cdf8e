#include "service/app.h"

#include <pthread.h>

#include <algorithm>

#include "ledger/receipt.h"
#include "service/data_dir.h"
#include "service/ledger_keys.h"
#include "tact/ids.h"

namespace tact {

Result<std::unique_ptr<App>> App::Open(const AppOptions& options) {
  const Clock* clock = options.clock ? options.clock : &SystemClock();
  auto keys = LoadOrCreateKeyRing(options.data_dir, clock->Now());
  if (!keys.ok()) return keys.status();
  auto store = OpenStore(options.store, options.data_dir);
  if (!store.ok()) return store.status();
  return Create(std::move(*store), clock, std::move(*keys));
}

Result<std::unique_ptr<App>> App::OpenWithStore(std::unique_ptr<Store> store, const Clock* clock) {
  return Create(std::move(store), clock, KeyRing(Signer::Random(), {}));
}

Result<std::unique_ptr<App>> App::Create(std::unique_ptr<Store> store, const Clock* clock,
                                         KeyRing keys) {
  std::unique_ptr<App> app(new App());
  app->store_ = std::move(store);
  app->clock_ = clock ? clock : &SystemClock();
  app->keys_ = std::make_unique<KeyRing>(std::move(keys));
  TACT_RETURN_IF_ERROR(app->Start());
  return app;
}

App::~App() {
  Stop();
  if (checkpointer_.joinable()) checkpointer_.join();
  // A last checkpoint on a clean stop, so that cutting the tail afterwards is
  // caught by `tact ledger verify`.
  if (ledger_ && ledger_->TreeSize() > 0) {
    auto latest = LatestCheckpoint();
    if (!latest.ok() || latest->tree_size < ledger_->TreeSize()) (void)MakeCheckpoint();
  }
}

Status App::Start() {
  audit_ = std::make_unique<AuditLog>(store_.get(), clock_);
  catalog_ = std::make_unique<Catalog>(store_.get(), clock_);
  TACT_RETURN_IF_ERROR(catalog_->Load());
  auto ledger = Ledger::Open(store_.get(), [this](const ConsentEvent& e) { OnApplied(e); });
  if (!ledger.ok()) return ledger.status();
  ledger_ = std::move(*ledger);
  for (auto& [tenant, tv] : views_) {
    std::unique_lock lock(tv->mu);
    tv->view.ShrinkToFit();  // the replay grew the views piecemeal
  }
  auto latest = store_->GetRecord("checkpoint", "", "latest");
  if (latest.ok()) {
    auto c = Checkpoint::FromJson(json::Json::parse(latest->body, nullptr, false));
    if (!c.ok()) return c.status();
    latest_checkpoint_ = *c;
  } else if (latest.error().code() != StatusCode::kNotFound) {
    return latest.status();
  }
  checkpointer_ = std::thread([this] { CheckpointLoop(); });
  pthread_setname_np(checkpointer_.native_handle(), "tact-checkpoint");
  return Status::Ok();
}

void App::CheckpointLoop() {
  std::unique_lock<std::mutex> lock(checkpoint_mu_);
  while (!stopping_) {
    checkpoint_cv_.wait_for(lock, std::chrono::seconds(1));
    if (stopping_) break;
    uint64_t size = ledger_->TreeSize();
    uint64_t last = latest_checkpoint_ ? latest_checkpoint_->tree_size : 0;
    UnixMillis last_time = latest_checkpoint_ ? latest_checkpoint_->time : 0;
    bool due = size >= last + kCheckpointEvery ||
               (size > last && clock_->Now() - last_time >= int64_t{kCheckpointSeconds} * 1000);
    if (!due) continue;
    lock.unlock();
    (void)MakeCheckpoint();  // a failure is retried on the next tick
    lock.lock();
  }
}

Result<Checkpoint> App::MakeCheckpoint() {
  std::lock_guard<std::mutex> making(make_checkpoint_mu_);
  uint64_t size = ledger_->TreeSize();
  Checkpoint c = SignCheckpoint(keys_->signer(), size, ledger_->TreeRoot(size), clock_->Now());
  std::string body = c.ToJson().dump();
  char id[24];
  std::snprintf(id, sizeof id, "%020llu", static_cast<unsigned long long>(size));
  TACT_RETURN_IF_ERROR(store_->PutRecord(Record{"checkpoint", "", id, body}));
  TACT_RETURN_IF_ERROR(store_->PutRecord(Record{"checkpoint", "", "latest", body}));
  std::lock_guard<std::mutex> lock(checkpoint_mu_);
  if (!latest_checkpoint_ || latest_checkpoint_->tree_size <= c.tree_size) latest_checkpoint_ = c;
  return c;
}

Result<Checkpoint> App::LatestCheckpoint() const {
  std::lock_guard<std::mutex> lock(checkpoint_mu_);
  if (!latest_checkpoint_) return Status::NotFound("no checkpoint has been made yet");
  return *latest_checkpoint_;
}

Result<Checkpoint> App::CheckpointCovering(uint64_t seq) {
  {
    std::lock_guard<std::mutex> lock(checkpoint_mu_);
    if (latest_checkpoint_ && latest_checkpoint_->tree_size >= seq) return *latest_checkpoint_;
  }
  return MakeCheckpoint();
}

void App::Stop() {
  {
    std::lock_guard<std::mutex> lock(checkpoint_mu_);
    stopping_ = true;
  }
  checkpoint_cv_.notify_all();
  if (ledger_) ledger_->WakeAll();
}

void App::OnApplied(const ConsentEvent& e) {
  TenantView* tv = nullptr;
  {
    std::shared_lock lock(views_mu_);
    auto it = views_.find(e.tenant);
    if (it != views_.end()) tv = it->second.get();
  }
  if (tv == nullptr) {
    std::unique_lock lock(views_mu_);
    auto& slot = views_[e.tenant];
    if (!slot) slot = std::make_unique<TenantView>();
    tv = slot.get();
  }
  std::unique_lock lock(tv->mu);
  tv->view.Apply(e);
}

const App::TenantView* App::FindView(std::string_view tenant) const {
  std::shared_lock lock(views_mu_);
  auto it = views_.find(tenant);
  return it == views_.end() ? nullptr : it->second.get();
}

Result<ConsentEvent> App::RecordConsent(ConsentRequest request) {
  auto event = PrepareConsent(request);
  if (!event.ok()) return event;
  return ledger_->Append(std::move(*event));
}

void App::RecordConsentAsync(ConsentRequest request, Ledger::AppendDone done) {
  auto event = PrepareConsent(request);
  if (!event.ok()) {
    done(event.status());
    return;
  }
  ledger_->AppendAsync(std::move(*event), std::move(done));
}

Result<ConsentEvent> App::RecordSystemConsent(std::string tenant, std::string subject,
                                              std::vector<Choice> choices) {
  if (!catalog_->GetTenant(tenant)) return Status::NotFound("no tenant '" + tenant + "'");
  if (!IsValidSubjectId(subject)) return Status::InvalidArgument("invalid subject id");
  if (choices.empty()) return Status::InvalidArgument("a system event needs at least one choice");
  for (const Choice& c : choices) {
    if (!catalog_->IsPurposeOrFamily(tenant, c.purpose)) {
      return Status::InvalidArgument("unknown purpose '" + c.purpose + "'");
    }
  }
  ConsentEvent e;
  e.time = clock_->Now();
  e.tenant = std::move(tenant);
  e.subject = std::move(subject);
  e.source = Source::kSystem;
  e.choices = std::move(choices);
  return ledger_->Append(std::move(e));
}

namespace {

// The purposes marked sale_or_sharing that a choice may touch: the notice's,
// or every purpose of the tenant when there is no notice.
std::vector<std::string> SaleOrSharingInScope(const Catalog& catalog, const std::string& tenant,
                                              const std::optional<PrivacyNotice>& notice) {
  std::vector<std::string> out;
  if (notice) {
    for (const auto& [key, fp] : notice->purposes) {
      auto p = catalog.GetPurpose(tenant, key);
      if (p && p->sale_or_sharing) out.push_back(key);
    }
    return out;
  }
  for (const Purpose& p : catalog.ListPurposes(tenant)) {
    if (p.sale_or_sharing) out.push_back(p.key);
  }
  return out;
}

}  // namespace

Result<ConsentEvent> App::PrepareConsent(ConsentRequest& req) const {
  auto tenant = catalog_->GetTenant(req.tenant);
  if (!tenant) return Status::NotFound("no tenant '" + req.tenant + "'");
  if (!IsValidSubjectId(req.subject)) {
    return Status::InvalidArgument(
        "field 'subject' must be 1-128 characters of A-Z a-z 0-9 _ . : @ + -");
  }
  if (req.choices.empty())
    return Status::InvalidArgument("field 'choices' must hold at least one choice");
  if (req.choices.size() > 500)
    return Status::InvalidArgument("field 'choices' holds more than 500 choices");

  std::optional<PrivacyNotice> notice;
  if (!req.property.empty()) {
    if (!catalog_->GetProperty(req.tenant, req.property)) {
      return Status::NotFound("no property '" + req.property + "'");
    }
    notice = req.notice_version > 0
                 ? catalog_->GetNotice(req.tenant, req.property, req.notice_version)
                 : catalog_->LatestNotice(req.tenant, req.property);
    if (req.notice_version > 0 && !notice) {
      return Status::InvalidArgument("property '" + req.property + "' has no notice version " +
                                     std::to_string(req.notice_version));
    }
  } else if (req.notice_version > 0) {
    return Status::InvalidArgument("field 'notice_version' needs a 'property'");
  }

  for (const RequestedChoice& rc : req.choices) {
    const Choice& c = rc.choice;
    if (!catalog_->IsPurposeOrFamily(req.tenant, c.purpose)) {
      return Status::InvalidArgument("unknown purpose '" + c.purpose + "'");
    }
    if (!c.vendor.empty() && !catalog_->GetVendor(req.tenant, c.vendor)) {
      return Status::InvalidArgument("unknown vendor '" + c.vendor + "'");
    }
    if (c.state != ConsentState::kGranted && c.state != ConsentState::kDenied &&
        c.state != ConsentState::kWithdrawn) {
      return Status::InvalidArgument("a choice's state must be granted, denied or withdrawn");
    }
  }

  // Only a GPC signal makes ApplyGpc read them.
  std::vector<std::string> sale_purposes;
  if (req.gpc) sale_purposes = SaleOrSharingInScope(*catalog_, req.tenant, notice);

  ConsentEvent e;
  e.time = clock_->Now();
  e.tenant = req.tenant;
  e.subject = req.subject;
  e.property = req.property;
  e.notice_version = notice ? notice->version : 0;
  e.source = req.source;
  e.gpc = req.gpc;
  e.choices = ApplyGpc(req.choices, req.gpc, sale_purposes);
  return e;
}

std::vector<CurrentConsent> App::Consents(std::string_view tenant, std::string_view subject) const {
  std::vector<CurrentConsent> out;
  const TenantView* tv = FindView(tenant);
  if (tv == nullptr) return out;
  auto t = catalog_->GetTenant(tenant);
  ConsentPolicy policy = t ? t->policy : ConsentPolicy{};
  UnixMillis now = clock_->Now();
  std::shared_lock lock(tv->mu);
  for (const ConsentItem& i : tv->view.Items(subject)) {
    CurrentConsent c;
    c.purpose = std::string(i.purpose);
    c.channel = i.channel;
    c.vendor = std::string(i.vendor);
    c.party = i.party;
    c.state = i.state;
    if (c.state == ConsentState::kGranted &&
        now >= i.since + int64_t{policy.consent_lifetime_days} * kMillisPerDay) {
      c.state = ConsentState::kExpired;
    }
    c.since = i.since;
    c.notice_version = i.notice_version;
    c.source = i.source;
    c.rule = c.state == ConsentState::kExpired ? Rule::kExpiry : i.rule;
    c.gpc = i.gpc;
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<ConsentEvent>> App::History(std::string_view tenant,
                                               std::string_view subject) const {
  auto entries = store_->ReadSubject(tenant, subject);
  if (!entries.ok()) return entries.status();
  std::vector<ConsentEvent> out;
  out.reserve(entries->size());
  for (const LedgerEntry& entry : *entries) {
    auto e = DecodeEvent(entry.payload);
    if (!e.ok())
      return Status::Corruption("ledger entry " + std::to_string(entry.seq) + ": " +
                                e.error().message());
    out.push_back(std::move(*e));
  }
  return out;
}

Result<Decision> App::Decide(const DecideRequest& req) const {
  std::optional<ConsentPolicy> policy;
  auto purpose = catalog_->GetPurposeAndPolicy(req.tenant, req.purpose, &policy);
  if (!purpose) return Status::InvalidArgument("unknown purpose '" + req.purpose + "'");
  if (!policy) return Status::NotFound("no tenant '" + req.tenant + "'");
  std::shared_ptr<const Vendor> vendor;
  if (!req.vendor.empty()) {
    vendor = catalog_->GetVendor(req.tenant, req.vendor);
    if (!vendor) return Status::InvalidArgument("unknown vendor '" + req.vendor + "'");
  }
  DecisionRequest r;
  r.purpose = req.purpose;
  r.vendor = req.vendor;
  r.party = req.party;
  r.channel = req.channel;
  r.now = clock_->Now();
  const TenantView* tv = FindView(req.tenant);
  if (tv == nullptr) return tact::Decide({}, *purpose, vendor.get(), *policy, r);
  thread_local std::vector<ConsentItem> items;  // views into the view: used under its lock
  std::shared_lock lock(tv->mu);
  tv->view.ItemsInto(tv->view.Start(req.subject), items);
  return tact::Decide(items, *purpose, vendor.get(), *policy, r);
}

Result<AskList> App::WhatToAsk(std::string_view tenant, std::string_view subject,
                               std::string_view property) const {
  auto t = catalog_->GetTenant(tenant);
  if (!t) return Status::NotFound("no tenant");
  auto notices = catalog_->Notices(tenant, property);
  if (notices.empty()) return AskList{};
  const PrivacyNotice& current = notices.rbegin()->second;
  const TenantView* tv = FindView(tenant);
  if (tv == nullptr) return tact::WhatToAsk({}, current, notices, t->policy, clock_->Now());
  std::shared_lock lock(tv->mu);
  return tact::WhatToAsk(tv->view.Items(subject), current, notices, t->policy, clock_->Now());
}

Result<SubjectSignals> App::Signals(std::string_view tenant, std::string_view subject,
                                    std::string_view property) const {
  auto t = catalog_->GetTenant(tenant);
  if (!t) return Status::NotFound("no tenant");
  auto prop = catalog_->GetProperty(tenant, property);
  if (!prop) return Status::NotFound("no property '" + std::string(property) + "'");
  auto notice = catalog_->LatestNotice(tenant, property);
  std::vector<std::shared_ptr<const Purpose>> purposes;
  std::vector<std::shared_ptr<const Vendor>> vendors;
  if (notice) {
    for (const auto& [key, fp] : notice->purposes) {
      if (auto p = catalog_->GetPurpose(tenant, key)) purposes.push_back(p);
    }
    for (const auto& [id, fp] : notice->vendors) {
      if (auto v = catalog_->GetVendor(tenant, id)) vendors.push_back(v);
    }
  }
  auto gvl = catalog_->GetGvl(tenant, property);
  SignalInputs in;
  in.property = &*prop;
  in.gvl = gvl.get();
  for (const auto& p : purposes) in.purposes.push_back(p.get());
  for (const auto& v : vendors) in.vendors.push_back(v.get());
  std::string lang = prop->languages.empty() ? "en" : prop->languages.front().substr(0, 2);
  for (char& c : lang) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  in.language = lang;

  UnixMillis now = clock_->Now();
  std::vector<ConsentItem> items;
  const TenantView* tv = FindView(tenant);
  std::shared_lock<std::shared_mutex> lock;
  if (tv != nullptr) {
    lock = std::shared_lock<std::shared_mutex>(tv->mu);
    items = tv->view.Items(subject);
  }
  in.created = now;
  in.last_updated = 0;
  for (const ConsentItem& i : items) {
    in.created = std::min(in.created, i.since);
    in.last_updated = std::max(in.last_updated, i.since);
    if (i.gpc) in.gpc = true;
  }
  if (in.last_updated == 0) in.last_updated = now;
  in.allowed = [&](const Purpose& p, const Vendor* v) {
    DecisionRequest r;
    r.purpose = p.key;
    if (v != nullptr) r.vendor = v->id;
    r.now = now;
    return tact::Decide(items, p, v, t->policy, r).allowed;
  };
  SubjectSignals out;
  auto tc = BuildTcString(in);
  if (!tc.ok()) return tc.status();
  out.tc_string = *tc;
  auto gpp = BuildGppString(in, out.tc_string);
  if (!gpp.ok()) return gpp.status();
  out.gpp_string = *gpp;
  out.consent_mode = ConsentModeState(in);
  return out;
}

Result<std::vector<ConsentEvent>> App::Events(std::string_view tenant, uint64_t after, size_t limit,
                                              std::chrono::milliseconds wait) const {
  auto deadline = std::chrono::steady_clock::now() + wait;
  std::vector<ConsentEvent> out;
  uint64_t cursor = after;
  for (;;) {
    uint64_t head = ledger_->head().seq;
    while (cursor < head && out.size() < limit) {
      auto page = store_->ReadLedger(cursor, 1000);
      if (!page.ok()) return page.status();
      if (page->empty()) break;
      for (const LedgerEntry& entry : *page) {
        cursor = entry.seq;
        if (entry.tenant != tenant) continue;
        auto e = DecodeEvent(entry.payload);
        if (!e.ok()) return e.status();
        out.push_back(std::move(*e));
        if (out.size() >= limit) break;
      }
    }
    if (!out.empty() || stopping_) return out;
    auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return out;
    ledger_->WaitForSeq(cursor > head ? cursor : head,
                        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now));
    if (ledger_->head().seq <= head && std::chrono::steady_clock::now() >= deadline) return out;
  }
}

std::string App::SignReceipt(const ConsentEvent& e) const {
  auto tenant = catalog_->GetTenant(e.tenant);
  static const Tenant kNone;
  const Tenant& controller = tenant ? *tenant : kNone;
  std::vector<std::shared_ptr<const Purpose>> keep;
  keep.reserve(e.choices.size());
  std::string claims =
      ReceiptClaimsText(e, controller, [&](std::string_view key) -> const Purpose* {
        auto p = catalog_->GetPurpose(e.tenant, key);
        keep.push_back(p);
        return p.get();
      });
  return keys_->signer().SignJwsText(claims);
}

Result<ConsentEvent> App::FindReceipt(std::string_view tenant, std::string_view receipt_id) const {
  // "rcpt_<seq>_<random>"
  if (receipt_id.rfind("rcpt_", 0) != 0) return Status::NotFound("no such receipt");
  auto sep = receipt_id.find('_', 5);
  if (sep == std::string_view::npos) return Status::NotFound("no such receipt");
  uint64_t seq = 0;
  for (char c : receipt_id.substr(5, sep - 5)) {
    if (c < '0' || c > '9' || seq > UINT64_MAX / 10 - 10)
      return Status::NotFound("no such receipt");
    seq = seq * 10 + static_cast<uint64_t>(c - '0');
  }
  if (seq == 0) return Status::NotFound("no such receipt");
  auto entries = store_->ReadLedger(seq - 1, 1);
  if (!entries.ok()) return entries.status();
  if (entries->empty() || (*entries)[0].seq != seq || (*entries)[0].tenant != tenant) {
    return Status::NotFound("no such receipt");
  }
  auto e = DecodeEvent((*entries)[0].payload);
  if (!e.ok()) return e.status();
  if (e->receipt_id != receipt_id) return Status::NotFound("no such receipt");
  return e;
}

json::Json App::PublicKeys() const { return keys_->Jwks(); }

size_t App::SubjectCount() const {
  std::shared_lock lock(views_mu_);
  size_t n = 0;
  for (const auto& [t, tv] : views_) {
    std::shared_lock l(tv->mu);
    n += tv->view.subject_count();
  }
  return n;
}

}  // namespace tact
