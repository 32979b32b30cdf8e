// In-process decisions per second on one core: tact::Decide (src/core/decision.h)
// over a populated ConsentView, the work behind POST /v1/decide minus HTTP,
// JSON, auth and the service's locks.
//
//   build-bench/decide_bench --benchmark_min_time=1s
//
// BM_Decide:          Decide on a subject's items that were fetched once.
// BM_ItemsAndDecide:  view.Items(random subject) + Decide, 100,000 subjects
//                     with 5 choices each (random access: cache misses count).
// BM_ItemsUnknown:    an unknown subject (the "no choice recorded" answer).
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include "core/consent_view.h"
#include "core/decision.h"

namespace {

constexpr char kBase62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const char* const kPurposes[] = {"marketing.newsletter", "marketing.offers",
                                 "analytics.measurement", "orders.updates", "partners.sharing"};
constexpr int64_t kNow = 1790000000000;

struct Fixture {
  tact::ConsentView view;
  std::vector<std::string> ids;
  tact::Purpose purpose;
  tact::ConsentPolicy policy;

  explicit Fixture(size_t n) {
    std::mt19937_64 rng(42);
    tact::ConsentEvent e;
    e.tenant = "demo";
    e.source = tact::Source::kBanner;
    e.notice_version = 1;
    for (size_t i = 0; i < n; ++i) {
      std::string id = "sub_";
      for (int k = 0; k < 22; ++k) id.push_back(kBase62[rng() % 62]);
      e.subject = id;
      e.time = kNow - 86400000LL * int64_t(rng() % 300);
      e.choices.clear();
      for (const char* p : kPurposes) {
        tact::Choice c;
        c.purpose = p;
        c.state = (rng() & 3) == 0 ? tact::ConsentState::kDenied : tact::ConsentState::kGranted;
        if (std::string(p) == "marketing.newsletter") c.channel = tact::Channel::kEmail;
        e.choices.push_back(c);
      }
      view.Apply(e);
      ids.push_back(std::move(id));
    }
    purpose.tenant = "demo";
    purpose.key = "marketing.newsletter";
    purpose.channels = {tact::Channel::kEmail};
  }
};

Fixture& Shared() {
  static Fixture f(100000);
  return f;
}

tact::DecisionRequest Request() {
  tact::DecisionRequest r;
  r.purpose = "marketing.newsletter";
  r.channel = tact::Channel::kEmail;
  r.now = kNow;
  return r;
}

void BM_Decide(benchmark::State& state) {
  Fixture& f = Shared();
  auto items = f.view.Items(f.ids[0]);
  auto req = Request();
  for (auto _ : state) {
    tact::Decision d = tact::Decide(items, f.purpose, nullptr, f.policy, req);
    benchmark::DoNotOptimize(d);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Decide);

void BM_ItemsAndDecide(benchmark::State& state) {
  Fixture& f = Shared();
  auto req = Request();
  std::mt19937_64 rng(1);
  for (auto _ : state) {
    const std::string& id = f.ids[rng() % f.ids.size()];
    auto items = f.view.Items(id);
    tact::Decision d = tact::Decide(items, f.purpose, nullptr, f.policy, req);
    benchmark::DoNotOptimize(d);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ItemsAndDecide);

void BM_ItemsUnknown(benchmark::State& state) {
  Fixture& f = Shared();
  auto req = Request();
  const std::string unknown = "sub_0000000000000000000000";
  for (auto _ : state) {
    auto items = f.view.Items(unknown);
    tact::Decision d = tact::Decide(items, f.purpose, nullptr, f.policy, req);
    benchmark::DoNotOptimize(d);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ItemsUnknown);

}  // namespace

BENCHMARK_MAIN();
