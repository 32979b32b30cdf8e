// AuditLog: the record of every access to a person's data (store.h
// AuditEntry), kept in the Store.
//
// Record only queues the row (a mutex and a push, no I/O), so an audited
// request never waits on a disk write; a background thread writes the queue
// in batches (one AppendAudit, one transaction) every `flush_interval` or
// when `batch` rows are waiting. Read flushes first, so a reader always sees
// every access recorded before it asked. The destructor flushes what is left.
// A failed flush keeps the rows queued and retries them on the next tick.
// Rows are durable once flushed: a crash loses at most the rows of the last
// `flush_interval`.
//
// Thread-safety: all methods are safe from any thread.
#ifndef TACT_SERVICE_AUDIT_LOG_H_
#define TACT_SERVICE_AUDIT_LOG_H_

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "storage/store.h"

namespace tact {

class AuditLog {
 public:
  struct Options {
    std::chrono::milliseconds flush_interval{200};
    size_t batch = 256;
    // Past this many queued rows Record flushes synchronously; when the store
    // keeps failing, the oldest rows past it are dropped (and counted).
    size_t max_queued = 100'000;
  };
  AuditLog(Store* store, const Clock* clock, Options options);
  AuditLog(Store* store, const Clock* clock) : AuditLog(store, clock, Options()) {}
  ~AuditLog();
  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;

  // Queues one row; `entry.time` is set to now when 0.
  void Record(AuditEntry entry);
  // Writes every queued row; returns the store's error if that failed.
  Status Flush();
  // Flushes, then reads.
  Result<std::vector<AuditEntry>> Read(const AuditQuery& query);

  uint64_t recorded() const;  // rows queued since start (for tests and metrics)
  uint64_t dropped() const;   // rows lost to a store that kept failing

 private:
  void Loop();

  Store* const store_;
  const Clock* const clock_;
  const Options options_;

  std::mutex flush_mu_;  // one writer of the queue's rows at a time, in order
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<AuditEntry> queue_;  // GUARDED_BY(mu_)
  uint64_t recorded_ = 0;          // GUARDED_BY(mu_)
  uint64_t dropped_ = 0;           // GUARDED_BY(mu_)
  bool stopping_ = false;          // GUARDED_BY(mu_)
  std::thread flusher_;
};

}  // namespace tact

#endif  // TACT_SERVICE_AUDIT_LOG_H_
