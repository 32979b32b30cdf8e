// FeedbackService: stores CES responses and effort events durably (Store
// records of kinds "ces_response" and "effort_event", written before the call
// returns) and answers summaries from memory. Open loads every record.
//
// Comments are free text a person typed: they are read back only through
// CesComments, never with a subject, and erased (the score is kept) once
// kCommentRetentionDays old. Open erases what is due, and the server calls
// EraseExpiredComments again every hour.
//
// Thread-safety: every method is safe from any thread (one mutex; writes are
// rare compared with the store's own latency).
#ifndef TACT_FEEDBACK_FEEDBACK_SERVICE_H_
#define TACT_FEEDBACK_FEEDBACK_SERVICE_H_

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "feedback/ces.h"
#include "storage/store.h"

namespace tact::feedback {

inline constexpr char kCesKind[] = "ces_response";
inline constexpr char kEffortKind[] = "effort_event";
inline constexpr int64_t kCommentRetentionDays = 180;

class FeedbackService {
 public:
  static Result<std::unique_ptr<FeedbackService>> Open(Store* store, const Clock* clock);

  // Assigns the id and time, stores, and returns the response as recorded.
  // A response whose `ref` was already answered is refused (kConflict).
  Result<CesResponse> RecordCes(std::string_view tenant, CesResponse response);
  Result<EffortEvent> RecordEffort(std::string_view tenant, EffortEvent event);
  // Whether a CES response with this ref was recorded.
  bool Answered(std::string_view tenant, std::string_view ref) const;

  std::vector<CesSummary> CesSummaries(std::string_view tenant, std::string_view touchpoint,
                                       UnixMillis from, UnixMillis to) const;
  std::vector<EffortSummary> EffortSummaries(std::string_view tenant, std::string_view touchpoint,
                                             UnixMillis from, UnixMillis to) const;

  // Responses with a comment, newest first, at most `limit`, answered in
  // [from, to) at `touchpoint` (empty: any), and younger than the retention.
  std::vector<CesResponse> CesComments(std::string_view tenant, std::string_view touchpoint,
                                       UnixMillis from, UnixMillis to, size_t limit) const;
  // The responses that carry `subject` (for the person's access request).
  std::vector<CesResponse> CesOf(std::string_view tenant, std::string_view subject) const;
  // Erases, on disk first, every comment older than kCommentRetentionDays;
  // returns how many. On a store error the comments not yet rewritten stay,
  // and the next call tries them again.
  Result<size_t> EraseExpiredComments();

 private:
  FeedbackService(Store* store, const Clock* clock) : store_(store), clock_(clock) {}
  Status Load();

  struct TenantData {
    std::vector<CesResponse> ces;
    std::vector<EffortEvent> effort;
    std::set<std::string, std::less<>> refs;  // CesResponse::ref values answered
  };

  Store* const store_;
  const Clock* const clock_;
  mutable std::mutex mu_;
  std::map<std::string, TenantData, std::less<>> tenants_;  // GUARDED_BY(mu_)
};

}  // namespace tact::feedback

#endif  // TACT_FEEDBACK_FEEDBACK_SERVICE_H_
