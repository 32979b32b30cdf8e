#include "http/metrics.h"

#include <fmt/format.h>

namespace tact::http {

void Metrics::Register(const std::string& route) {
  auto& m = routes_[route];
  if (!m) m = std::make_unique<RouteMetrics>();
  by_index_.push_back(m.get());
  if (route == "other") other_ = m.get();
}

void Metrics::Observe(size_t route, int status, double seconds) {
  RouteMetrics* found = route < by_index_.size() ? by_index_[route] : other_;
  if (found == nullptr) return;
  RouteMetrics& m = *found;
  size_t b = 0;
  while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
  m.buckets[b].fetch_add(1, std::memory_order_relaxed);
  m.count.fetch_add(1, std::memory_order_relaxed);
  m.sum_micros.fetch_add(static_cast<uint64_t>(seconds * 1e6), std::memory_order_relaxed);
  int cls = status / 100;
  if (cls >= 1 && cls <= 5) m.by_class[cls].fetch_add(1, std::memory_order_relaxed);
}

void Metrics::CountSendVerdict(int verdict) {
  if (verdict >= 1 && verdict <= 3) send_verdicts_[verdict].fetch_add(1, std::memory_order_relaxed);
}

std::string Metrics::Render(const StoreStats& store, size_t subjects, uint64_t ledger_head) const {
  std::string out;
  out += "# HELP tact_http_requests_total HTTP requests by route and status class.\n";
  out += "# TYPE tact_http_requests_total counter\n";
  for (const auto& [route, m] : routes_) {
    auto space = route.find(' ');
    std::string method = space == std::string::npos ? "" : route.substr(0, space);
    std::string path = space == std::string::npos ? route : route.substr(space + 1);
    for (int c = 1; c <= 5; ++c) {
      uint64_t n = m->by_class[c].load(std::memory_order_relaxed);
      if (n == 0) continue;
      out +=
          fmt::format("tact_http_requests_total{{method=\"{}\",route=\"{}\",code=\"{}xx\"}} {}\n",
                      method, path, c, n);
    }
  }
  out += "# HELP tact_http_request_duration_seconds HTTP request latency by route.\n";
  out += "# TYPE tact_http_request_duration_seconds histogram\n";
  for (const auto& [route, m] : routes_) {
    uint64_t count = m->count.load(std::memory_order_relaxed);
    if (count == 0) continue;
    auto space = route.find(' ');
    std::string method = space == std::string::npos ? "" : route.substr(0, space);
    std::string path = space == std::string::npos ? route : route.substr(space + 1);
    uint64_t cumulative = 0;
    for (size_t b = 0; b <= kBuckets.size(); ++b) {
      cumulative += m->buckets[b].load(std::memory_order_relaxed);
      std::string le = b < kBuckets.size() ? fmt::format("{}", kBuckets[b]) : "+Inf";
      out += fmt::format(
          "tact_http_request_duration_seconds_bucket{{method=\"{}\",route=\"{}\",le=\"{}\"}} {}\n",
          method, path, le, cumulative);
    }
    out +=
        fmt::format("tact_http_request_duration_seconds_sum{{method=\"{}\",route=\"{}\"}} {:.6f}\n",
                    method, path, m->sum_micros.load(std::memory_order_relaxed) / 1e6);
    out +=
        fmt::format("tact_http_request_duration_seconds_count{{method=\"{}\",route=\"{}\"}} {}\n",
                    method, path, count);
  }
  out += "# HELP tact_messages_decisions_total Answers to POST /v1/messages/decide by decision.\n";
  out += "# TYPE tact_messages_decisions_total counter\n";
  const char* kVerdicts[] = {"", "send", "defer", "suppress"};
  for (int v = 1; v <= 3; ++v) {
    out += fmt::format("tact_messages_decisions_total{{decision=\"{}\"}} {}\n", kVerdicts[v],
                       send_verdicts_[v].load(std::memory_order_relaxed));
  }
  out +=
      "# HELP tact_store_commits_total Store transactions committed.\n# TYPE "
      "tact_store_commits_total counter\n";
  out += fmt::format("tact_store_commits_total {}\n", store.commits);
  out +=
      "# HELP tact_store_writes_total Write requests committed.\n# TYPE tact_store_writes_total "
      "counter\n";
  out += fmt::format("tact_store_writes_total {}\n", store.writes);
  static const char* kBatch[] = {"1", "3", "7", "15", "31", "63", "+Inf"};
  out +=
      "# HELP tact_store_commit_batch_size Writes per group commit.\n# TYPE "
      "tact_store_commit_batch_size histogram\n";
  uint64_t cumulative = 0;
  for (size_t i = 0; i < store.batch_histogram.size() && i < 7; ++i) {
    cumulative += store.batch_histogram[i];
    out +=
        fmt::format("tact_store_commit_batch_size_bucket{{le=\"{}\"}} {}\n", kBatch[i], cumulative);
  }
  out += fmt::format("tact_store_commit_batch_size_sum {}\ntact_store_commit_batch_size_count {}\n",
                     store.writes, store.commits);
  static const char* kLatency[] = {"0.0001", "0.00025", "0.0005", "0.001", "0.0025",
                                   "0.005",  "0.01",    "0.025",  "0.05",  "+Inf"};
  out +=
      "# HELP tact_store_commit_seconds Commit (fsync) latency.\n# TYPE tact_store_commit_seconds "
      "histogram\n";
  cumulative = 0;
  for (size_t i = 0; i < store.commit_latency_histogram.size() && i < 10; ++i) {
    cumulative += store.commit_latency_histogram[i];
    out +=
        fmt::format("tact_store_commit_seconds_bucket{{le=\"{}\"}} {}\n", kLatency[i], cumulative);
  }
  out += fmt::format("tact_store_commit_seconds_sum {:.6f}\ntact_store_commit_seconds_count {}\n",
                     store.commit_micros_total / 1e6, store.commits);
  out +=
      "# HELP tact_subjects Subjects in the in-memory consent views.\n# TYPE tact_subjects gauge\n";
  out += fmt::format("tact_subjects {}\n", subjects);
  out += "# HELP tact_ledger_head_seq Sequence number of the last durable ledger entry.\n";
  out += "# TYPE tact_ledger_head_seq gauge\n";
  out += fmt::format("tact_ledger_head_seq {}\n", ledger_head);
  return out;
}

}  // namespace tact::http
