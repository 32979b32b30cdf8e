#include "service/audit_log.h"

#include <pthread.h>

namespace tact {

AuditLog::AuditLog(Store* store, const Clock* clock, Options options)
    : store_(store), clock_(clock ? clock : &SystemClock()), options_(options) {
  flusher_ = std::thread([this] { Loop(); });
  pthread_setname_np(flusher_.native_handle(), "tact-audit");
}

AuditLog::~AuditLog() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (flusher_.joinable()) flusher_.join();
  (void)Flush();
}

void AuditLog::Record(AuditEntry entry) {
  if (entry.time == 0) entry.time = clock_->Now();
  bool wake = false;
  bool overflow = false;
  {
    std::lock_guard lock(mu_);
    queue_.push_back(std::move(entry));
    ++recorded_;
    wake = queue_.size() >= options_.batch;
    overflow = queue_.size() >= options_.max_queued;
  }
  if (overflow) {
    (void)Flush();  // the store is behind: push back on the callers
    return;
  }
  if (wake) cv_.notify_one();
}

Status AuditLog::Flush() {
  std::lock_guard flushing(flush_mu_);
  std::vector<AuditEntry> rows;
  {
    std::lock_guard lock(mu_);
    rows.swap(queue_);
  }
  if (rows.empty()) return Status::Ok();
  Status s = store_->AppendAudit(rows);
  if (s.ok()) return s;
  // Put the rows back in front of anything queued meanwhile, in order.
  // Past max_queued the oldest rows go (counted in dropped()): memory stays
  // bounded while the store is down.
  std::lock_guard lock(mu_);
  rows.insert(rows.end(), std::make_move_iterator(queue_.begin()),
              std::make_move_iterator(queue_.end()));
  if (rows.size() > options_.max_queued) {
    size_t excess = rows.size() - options_.max_queued;
    dropped_ += excess;
    rows.erase(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(excess));
  }
  queue_.swap(rows);
  return s;
}

Result<std::vector<AuditEntry>> AuditLog::Read(const AuditQuery& query) {
  TACT_RETURN_IF_ERROR(Flush());
  return store_->ReadAudit(query);
}

uint64_t AuditLog::recorded() const {
  std::lock_guard lock(mu_);
  return recorded_;
}

uint64_t AuditLog::dropped() const {
  std::lock_guard lock(mu_);
  return dropped_;
}

void AuditLog::Loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    cv_.wait_for(lock, options_.flush_interval,
                 [this] { return stopping_ || queue_.size() >= options_.batch; });
    if (stopping_) break;
    if (queue_.empty()) continue;
    lock.unlock();
    (void)Flush();  // a failure keeps the rows for the next tick
    lock.lock();
  }
}

}  // namespace tact
