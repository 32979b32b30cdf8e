// The cost of the ledger's proofs: durable consent writes per second with
// signed receipts and signed checkpoints on vs off, in one process, in the
// same run, on a SQLite store on disk (group commit, synchronous=FULL).
//
// W writer threads each append consent events with fresh subject ids through
// Ledger::Append (returns once the event is durable, as the server's answer
// does), for D seconds per run, the modes alternating:
//   off: the hash-chained ledger alone (its Merkle tree is always kept);
//   on:  the same, and for every event the signed receipt the server answers
//        (ReceiptClaimsText + Signer::SignJwsText, Ed25519), and a signed checkpoint
//        (tree root, Ed25519, two records written to the store) every
//        App::kCheckpointEvery events or App::kCheckpointSeconds seconds,
//        from a thread of its own as App's checkpointer does.
// Each run gets a fresh database. Prints events/s per run and on/off per pair.
//
//   build-bench/ledger_cost_bench [--writers 64] [--seconds 10] [--runs 2] [--dir /tmp]
// Plain main (no Google Benchmark loop): throughput under concurrency.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/purpose.h"
#include "core/tenant.h"
#include "ledger/checkpoint.h"
#include "ledger/ledger.h"
#include "ledger/receipt.h"
#include "ledger/signer.h"
#include "service/app.h"
#include "storage/store.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  int writers = 64;
  double seconds = 10;
  int runs = 2;
  std::string dir = "/tmp";
};

struct RunResult {
  uint64_t events = 0;
  double seconds = 0;
  uint64_t receipts = 0;
  uint64_t checkpoints = 0;
  uint64_t receipt_bytes = 0;
};

const char* const kPurposes[] = {"marketing.newsletter", "marketing.offers",
                                 "analytics.measurement", "orders.updates", "partners.sharing"};

tact::ConsentEvent MakeEvent(int writer, uint64_t i) {
  tact::ConsentEvent e;
  e.time = tact::SystemClock().Now();
  e.tenant = "demo";
  e.subject = "bench_" + std::to_string(writer) + "_" + std::to_string(i);
  e.property = "shop";
  e.notice_version = 1;
  e.source = tact::Source::kBanner;
  for (int k = 0; k < 3; ++k) {
    tact::Choice c;
    c.purpose = kPurposes[(i + k) % 5];
    c.state = (i + k) % 3 ? tact::ConsentState::kGranted : tact::ConsentState::kDenied;
    e.choices.push_back(c);
  }
  return e;
}

RunResult Run(const Options& o, bool proofs, int run) {
  std::string dir = o.dir + "/tact-ledger-cost." + std::to_string(getpid()) + "." +
                    std::to_string(run) + (proofs ? ".on" : ".off");
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto store = tact::OpenStore("sqlite", dir);
  if (!store.ok()) {
    std::fprintf(stderr, "store: %s\n", store.error().ToString().c_str());
    std::exit(1);
  }
  auto ledger = tact::Ledger::Open(store->get(), [](const tact::ConsentEvent&) {});
  if (!ledger.ok()) {
    std::fprintf(stderr, "ledger: %s\n", ledger.error().ToString().c_str());
    std::exit(1);
  }
  const tact::Signer signer = tact::Signer::Random();
  tact::Tenant controller;
  controller.id = "demo";
  controller.name = "Demo Shop";
  std::vector<tact::Purpose> purposes(5);
  for (int i = 0; i < 5; ++i) {
    purposes[i].tenant = "demo";
    purposes[i].key = kPurposes[i];
    purposes[i].title = tact::json::LocalizedText{{"en", kPurposes[i]}};
  }
  auto lookup = [&purposes](std::string_view key) -> const tact::Purpose* {
    for (const auto& p : purposes) {
      if (p.key == key) return &p;
    }
    return nullptr;
  };

  std::atomic<bool> stop{false};
  std::atomic<uint64_t> events{0}, receipts{0}, receipt_bytes{0}, checkpoints{0};
  std::atomic<bool> failed{false};

  // The checkpointer: App::CheckpointLoop's rule (every kCheckpointEvery
  // events or kCheckpointSeconds seconds, whichever first, when anything
  // changed), polled more often than App's 1 s tick so the bench is not kinder.
  std::thread checkpointer;
  std::mutex mu;
  std::condition_variable cv;
  if (proofs) {
    checkpointer = std::thread([&] {
      uint64_t last = 0;
      auto last_time = Clock::now();
      std::unique_lock lock(mu);
      while (!stop) {
        cv.wait_for(lock, std::chrono::milliseconds(100));
        uint64_t size = (*ledger)->TreeSize();
        bool due = size >= last + tact::App::kCheckpointEvery ||
                   (size > last && Clock::now() - last_time >=
                                       std::chrono::seconds(tact::App::kCheckpointSeconds));
        if (!due) continue;
        lock.unlock();
        tact::Checkpoint c = tact::SignCheckpoint(signer, size, (*ledger)->TreeRoot(size),
                                                  tact::SystemClock().Now());
        std::string body = c.ToJson().dump();
        char id[24];
        std::snprintf(id, sizeof id, "%020llu", static_cast<unsigned long long>(size));
        if (!(*store)->PutRecord(tact::Record{"checkpoint", "", id, body}).ok() ||
            !(*store)->PutRecord(tact::Record{"checkpoint", "", "latest", body}).ok()) {
          failed = true;
        }
        checkpoints.fetch_add(1);
        last = size;
        last_time = Clock::now();
        lock.lock();
      }
    });
  }

  std::vector<std::thread> writers;
  auto start = Clock::now();
  for (int w = 0; w < o.writers; ++w) {
    writers.emplace_back([&, w] {
      for (uint64_t i = 0; !stop; ++i) {
        auto e = (*ledger)->Append(MakeEvent(w, i));
        if (!e.ok()) {
          std::fprintf(stderr, "append: %s\n", e.error().ToString().c_str());
          failed = true;
          return;
        }
        events.fetch_add(1, std::memory_order_relaxed);
        if (proofs) {
          std::string jws = signer.SignJwsText(tact::ReceiptClaimsText(*e, controller, lookup));
          receipt_bytes.fetch_add(jws.size(), std::memory_order_relaxed);
          receipts.fetch_add(1, std::memory_order_relaxed);
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(o.seconds));
  stop = true;
  for (auto& t : writers) t.join();
  auto elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  if (checkpointer.joinable()) {
    cv.notify_all();
    checkpointer.join();
  }
  if (failed) std::exit(1);
  RunResult r{events.load(), elapsed, receipts.load(), checkpoints.load(), receipt_bytes.load()};
  if (proofs && r.receipts != r.events) std::exit(1);
  ledger->reset();
  store->reset();
  std::filesystem::remove_all(dir);
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--writers"))
      o.writers = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--seconds"))
      o.seconds = std::atof(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--runs"))
      o.runs = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--dir"))
      o.dir = argv[i + 1];
    else {
      std::fprintf(stderr, "usage: %s [--writers N] [--seconds S] [--runs N] [--dir DIR]\n",
                   argv[0]);
      return 2;
    }
  }
  std::printf(
      "ledger cost: %d writers, %.0f s a run, SQLite on %s, modes alternating (off, on) x %d\n",
      o.writers, o.seconds, o.dir.c_str(), o.runs);
  std::vector<double> ratios;
  for (int run = 1; run <= o.runs; ++run) {
    RunResult off = Run(o, false, run);
    RunResult on = Run(o, true, run);
    double off_rate = off.events / off.seconds, on_rate = on.events / on.seconds;
    ratios.push_back(on_rate / off_rate);
    std::printf(
        "run %d: off %.0f events/s (%llu in %.1f s); on %.0f events/s (%llu in %.1f s, %llu "
        "receipts of "
        "%.0f B, %llu checkpoints); on/off %.3f\n",
        run, off_rate, static_cast<unsigned long long>(off.events), off.seconds, on_rate,
        static_cast<unsigned long long>(on.events), on.seconds,
        static_cast<unsigned long long>(on.receipts),
        on.receipts ? static_cast<double>(on.receipt_bytes) / on.receipts : 0.0,
        static_cast<unsigned long long>(on.checkpoints), on_rate / off_rate);
    std::fflush(stdout);
  }
  std::sort(ratios.begin(), ratios.end());
  std::printf("RATIO on/off: min %.3f median %.3f\n", ratios.front(), ratios[ratios.size() / 2]);
  return 0;
}
