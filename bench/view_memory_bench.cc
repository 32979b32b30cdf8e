// Consent view memory at scale: builds a tact::ConsentView with N subjects
// (default 1,000,000) x 5 purposes each, with subject ids shaped like tact's
// own ("sub_" + 22 random base62 characters), and reports
//   - MemoryBytes() / subjects (the view's own accounting, capacity-based),
//   - RSS growth / subjects (/proc/self/statm before and after),
//   - the share of each structure, computed from the layout in
//     src/core/consent_view.h (16-byte entries and subject records, a 4-byte
//     open-addressing slot per table entry, the id arena).
// Two shapes: "banner" (one event with 5 choices per subject, the common case)
// and "trickle" (5 one-choice events per subject, interleaved across subjects
// as a real ledger replay would deliver them).
//
//   build-bench/view_memory_bench [subjects]
// Plain main (no Google Benchmark loop): this is a one-shot measurement.
#include <unistd.h>

#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <vector>

// The breakdown below reads the view's private containers to report each
// one's capacity exactly (a measurement-only trick; the view itself is not
// changed). <string>, <vector> and <unordered_map> are included first so
// only ConsentView's own members become visible.
#include <string>
#include <unordered_map>
#include <vector>
#define private public
#include "core/consent_view.h"
#undef private

namespace {

constexpr char kBase62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const char* const kPurposes[] = {"marketing.newsletter", "marketing.offers",
                                 "analytics.measurement", "orders.updates", "partners.sharing"};

size_t RssBytes() {
  std::ifstream f("/proc/self/statm");
  size_t size = 0, resident = 0;
  f >> size >> resident;
  return resident * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

std::vector<std::string> MakeIds(size_t n) {
  std::mt19937_64 rng(42);
  std::vector<std::string> ids;
  ids.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    std::string id = "sub_";
    for (int k = 0; k < 22; ++k) id.push_back(kBase62[rng() % 62]);
    ids.push_back(std::move(id));
  }
  return ids;
}

tact::Choice MakeChoice(int p, std::mt19937_64& rng) {
  tact::Choice c;
  c.purpose = kPurposes[p];
  c.state = (rng() & 3) == 0 ? tact::ConsentState::kDenied : tact::ConsentState::kGranted;
  return c;
}

void Report(const char* shape, const tact::ConsentView& view, size_t n, size_t rss_before,
            double seconds) {
  size_t rss_after = RssBytes();
  size_t mem = view.MemoryBytes();
  size_t entries = view.entry_count();
  std::printf(
      "%-8s subjects=%zu entries=%zu build_s=%.2f MemoryBytes=%zu (%.1f B/subject) "
      "RSS_growth=%zu (%.1f B/subject)\n",
      shape, view.subject_count(), entries, seconds, mem, double(mem) / n, rss_after - rss_before,
      double(rss_after - rss_before) / n);
  // Each structure's share, exactly (capacity, as MemoryBytes counts it),
  // and what its contents alone would need (size).
  const double dn = double(n);
  double entries_cap = view.entries_.capacity() * 16.0 / dn,
         entries_size = view.entries_.size() * 16.0 / dn;
  double live = entries * 16.0 / dn;
  double subj_cap = view.subjects_.capacity() * 16.0 / dn,
         subj_size = view.subjects_.size() * 16.0 / dn;
  double ids_cap = view.ids_.capacity() / dn, ids_size = view.ids_.size() / dn;
  double table = view.table_.capacity() * 4.0 / dn;
  std::printf(
      "%-8s   B/subject by part, capacity [size]: entries %.1f [%.1f in the pool, %.1f live], "
      "subject records %.1f [%.1f], id arena %.1f [%.1f], hash table %.1f (%zu slots, load %.2f); "
      "wasted entries %zu\n",
      shape, entries_cap, entries_size, live, subj_cap, subj_size, ids_cap, ids_size, table,
      view.table_.size(), dn / double(view.table_.size()), view.wasted_entries_);
}

}  // namespace

int main(int argc, char** argv) {
  size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
  if (n == 0 || n > 50000000) {
    std::fprintf(stderr, "usage: view_memory_bench [subjects 1..50000000]\n");
    return 2;
  }
  std::vector<std::string> ids = MakeIds(n);
  std::mt19937_64 rng(7);
  const int64_t t0 = 1790000000000;  // 2026-09

  {
    size_t rss0 = RssBytes();
    auto start = std::chrono::steady_clock::now();
    auto* view = new tact::ConsentView();
    tact::ConsentEvent e;
    e.tenant = "demo";
    e.source = tact::Source::kBanner;
    e.notice_version = 1;
    for (size_t i = 0; i < n; ++i) {
      e.subject = ids[i];
      e.time = t0 + int64_t(i) * 1000;
      e.choices.clear();
      for (int p = 0; p < 5; ++p) e.choices.push_back(MakeChoice(p, rng));
      view->Apply(e);
    }
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    Report("banner", *view, n, rss0, s);
    delete view;
  }
  {
    size_t rss0 = RssBytes();
    auto start = std::chrono::steady_clock::now();
    auto* view = new tact::ConsentView();
    tact::ConsentEvent e;
    e.tenant = "demo";
    e.source = tact::Source::kApi;
    for (int p = 0; p < 5; ++p) {
      for (size_t i = 0; i < n; ++i) {
        e.subject = ids[i];
        e.time = t0 + int64_t(p * n + i) * 1000;
        e.choices.assign(1, MakeChoice(p, rng));
        view->Apply(e);
      }
    }
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    Report("trickle", *view, n, rss0, s);
    // What a restart holds: App replays the ledger, then packs every view.
    start = std::chrono::steady_clock::now();
    view->ShrinkToFit();
    s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    Report("trickle-packed", *view, n, rss0, s);
    delete view;
  }
  return 0;
}
