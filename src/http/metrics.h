// Metrics: request counts and latency histograms by route, rendered in the
// Prometheus text format with the store's commit statistics.
//
// Thread-safety: Observe is lock-free after Register; Register before serving.
#ifndef TACT_HTTP_METRICS_H_
#define TACT_HTTP_METRICS_H_

#include <array>
#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "storage/store.h"

namespace tact::http {

class Metrics {
 public:
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
  // `route` is "METHOD pattern". Routes are numbered in the order they are
  // registered, from 0; register them in Router::Routes() order, so a
  // route's index in the router is its index here.
  void Register(const std::string& route);
  // `route` is a Router::Dispatch index; any other number counts as "other"
  // (when registered).
  void Observe(size_t route, int status, double seconds);
  // The governor's answers to POST /v1/messages/decide: 1 send, 2 defer,
  // 3 suppress (governor::Verdict).
  void CountSendVerdict(int verdict);
  // Gauges supplied at render time.
  std::string Render(const StoreStats& store, size_t subjects, uint64_t ledger_head) const;

 private:
  struct RouteMetrics {
    std::array<std::atomic<uint64_t>, kBuckets.size() + 1> buckets{};
    std::atomic<uint64_t> count{0};
    std::atomic<uint64_t> sum_micros{0};
    std::array<std::atomic<uint64_t>, 6> by_class{};  // 1xx..5xx (index 1..5)
  };
  std::map<std::string, std::unique_ptr<RouteMetrics>> routes_;  // by name, for Render
  std::vector<RouteMetrics*> by_index_;                          // registration order
  RouteMetrics* other_ = nullptr;
  std::array<std::atomic<uint64_t>, 4> send_verdicts_{};  // index: verdict
};

}  // namespace tact::http

#endif  // TACT_HTTP_METRICS_H_
