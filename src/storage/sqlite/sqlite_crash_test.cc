// Crash recovery, Jepsen-style (REFERENCES.md D-06): a child process writes
// as fast as it can and reports each write to a pipe only after the store
// acknowledged it; the parent SIGKILLs the child at a random moment, reopens
// the database and checks that every acknowledged write is there, that the
// chain is whole and that SQLite finds the file intact. Repeated for many
// cycles on the same file, so each cycle also recovers from the last.
//
// kill -9 keeps the OS page cache, so this proves "acknowledged after
// COMMIT" and recovery, not fsync; the fault VFS tests cover failing syncs.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <limits>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "storage/ledger_continuity.h"
#include "storage/sqlite/sqlite_store.h"
#include "storage/store_conformance.h"

namespace tact {
namespace {

// One acknowledgement on the pipe: 16 bytes, written whole (< PIPE_BUF).
struct Ack {
  uint64_t kind;   // kAppendAck or kRecordAck
  uint64_t value;  // last seq of the append, or the record number
};
constexpr uint64_t kAppendAck = 1;
constexpr uint64_t kRecordAck = 2;

void SendAck(int fd, uint64_t kind, uint64_t value) {
  Ack ack{kind, value};
  if (::write(fd, &ack, sizeof ack) != static_cast<ssize_t>(sizeof ack)) ::_exit(5);
}

// The child: appends with up to 64 appends in flight (so commits batch), and
// two threads put records. Never returns; runs until killed.
[[noreturn]] void RunWriterChild(const std::string& path, int ack_fd, uint64_t cycle) {
  auto opened = SqliteStore::Open(path);
  if (!opened.ok()) ::_exit(3);
  SqliteStore& store = **opened;
  auto head = store.Head();
  if (!head.ok()) ::_exit(3);

  std::vector<std::thread> record_threads;
  for (uint64_t t = 0; t < 2; ++t) {
    record_threads.emplace_back([&store, ack_fd, cycle, t] {
      for (uint64_t n = 0;; ++n) {
        uint64_t number = cycle * 1'000'000'000 + t * 100'000'000 + n;
        Record r{"crash", "t1", std::to_string(number), "body " + std::to_string(number)};
        if (!store.PutRecord(r).ok()) ::_exit(6);
        SendAck(ack_fd, kRecordAck, number);
      }
    });
  }

  std::mt19937_64 rng(cycle * 7919 + 1);
  std::mutex mu;
  std::condition_variable cv;
  int in_flight = 0;
  LedgerHead next = *head;
  for (;;) {
    {
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return in_flight < 64; });
      ++in_flight;
    }
    size_t payload = (rng() % 50 == 0) ? 64 * 1024 : 16 + rng() % 1500;
    auto entries = MakeEntries(next, 1 + rng() % 3, "t" + std::to_string(rng() % 3),
                               "sub_" + std::to_string(rng() % 100), payload);
    next = HeadAfter(entries);
    uint64_t last = next.seq;
    store.AppendAsync(std::move(entries), [&, last](const Status& s) {
      if (!s.ok()) ::_exit(4);
      SendAck(ack_fd, kAppendAck, last);
      std::lock_guard lock(mu);
      --in_flight;
      cv.notify_one();
    });
  }
}

// Reads whole Acks from `fd` into the sets until `deadline` (or EOF).
// Returns false at EOF.
bool ReadAcks(int fd, std::chrono::steady_clock::time_point deadline, std::string* buffer,
              uint64_t* max_acked_seq, uint64_t* append_acks, std::set<uint64_t>* records) {
  for (;;) {
    auto now = std::chrono::steady_clock::now();
    int timeout_ms = -1;
    if (deadline != std::chrono::steady_clock::time_point::max()) {
      if (now >= deadline) return true;
      timeout_ms = static_cast<int>(
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count() + 1);
    }
    pollfd pfd{fd, POLLIN, 0};
    int ready = ::poll(&pfd, 1, timeout_ms);
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) continue;
    char chunk[4096];
    ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    buffer->append(chunk, static_cast<size_t>(n));
    size_t whole = buffer->size() / sizeof(Ack);
    for (size_t i = 0; i < whole; ++i) {
      Ack ack;
      std::memcpy(&ack, buffer->data() + i * sizeof(Ack), sizeof ack);
      if (ack.kind == kAppendAck) {
        ++*append_acks;
        *max_acked_seq = std::max(*max_acked_seq, ack.value);
      } else {
        records->insert(ack.value);
      }
    }
    buffer->erase(0, whole * sizeof(Ack));
  }
}

TEST(SqliteCrashTest, EveryAcknowledgedWriteSurvivesKillNine) {
  constexpr int kCycles = 16;
  std::string dir = MakeTempDir();
  std::string path = dir + "/tact.db";
  std::mt19937 rng(std::random_device{}());
  uint64_t total_append_acks = 0;
  uint64_t max_acked_seq = 0;  // acks are cumulative: a higher seq implies all below
  std::set<uint64_t> acked_records;
  uint64_t found_entries = 0;
  int cycles_with_acks = 0;

  for (int cycle = 0; cycle < kCycles; ++cycle) {
    int fds[2];
    ASSERT_EQ(::pipe2(fds, O_CLOEXEC), 0);
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::close(fds[0]);
      RunWriterChild(path, fds[1], static_cast<uint64_t>(cycle));
    }
    ::close(fds[1]);

    std::string buffer;
    uint64_t cycle_acks = 0;
    std::set<uint64_t> cycle_records;
    uint64_t cycle_max = 0;
    auto now = std::chrono::steady_clock::now();
    bool early = cycle % 4 == 3;
    if (early) {
      // Kill while the child opens the file: recovery and migration are
      // interrupted too.
      ReadAcks(fds[0],
               now + std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 30)(rng)),
               &buffer, &cycle_max, &cycle_acks, &cycle_records);
    } else {
      // Wait until the child writes (a slow machine must not make the test
      // weaker), then kill it at a random moment of steady writing.
      auto give_up = now + std::chrono::seconds(20);
      bool open = true;
      while (open && cycle_acks == 0 && std::chrono::steady_clock::now() < give_up) {
        open = ReadAcks(fds[0], std::chrono::steady_clock::now() + std::chrono::milliseconds(5),
                        &buffer, &cycle_max, &cycle_acks, &cycle_records);
      }
      ASSERT_GT(cycle_acks, 0u) << "cycle " << cycle << ": the child never acknowledged a write";
      ReadAcks(fds[0],
               std::chrono::steady_clock::now() +
                   std::chrono::milliseconds(std::uniform_int_distribution<int>(1, 300)(rng)),
               &buffer, &cycle_max, &cycle_acks, &cycle_records);
    }
    ASSERT_EQ(::kill(pid, SIGKILL), 0);
    int wstatus = 0;
    ASSERT_EQ(::waitpid(pid, &wstatus, 0), pid);
    // Everything the child wrote before it died is still in the pipe.
    ReadAcks(fds[0], std::chrono::steady_clock::time_point::max(), &buffer, &cycle_max, &cycle_acks,
             &cycle_records);
    ::close(fds[0]);
    ASSERT_TRUE(WIFSIGNALED(wstatus) && WTERMSIG(wstatus) == SIGKILL)
        << "the writer child failed on its own: exit status " << WEXITSTATUS(wstatus);
    EXPECT_TRUE(buffer.empty()) << "a torn acknowledgement on the pipe";

    total_append_acks += cycle_acks;
    max_acked_seq = std::max(max_acked_seq, cycle_max);
    acked_records.insert(cycle_records.begin(), cycle_records.end());
    if (cycle_acks > 0) ++cycles_with_acks;

    auto store = SqliteStore::Open(path);
    ASSERT_TRUE(store.ok()) << "cycle " << cycle << ": " << store.error().ToString();
    ASSERT_TRUE((*store)->IntegrityCheck().ok()) << "cycle " << cycle;
    ASSERT_TRUE((*store)->CheckPragmas().ok());
    auto head = (*store)->Head();
    ASSERT_TRUE(head.ok());
    ASSERT_GE(head->seq, max_acked_seq) << "cycle " << cycle << ": acknowledged entries lost";
    auto all = (*store)->ReadLedger(0, std::numeric_limits<size_t>::max());
    ASSERT_TRUE(all.ok());
    ASSERT_EQ(all->size(), head->seq);
    Hash256 prev{};
    for (size_t i = 0; i < all->size(); ++i) {
      const LedgerEntry& e = (*all)[i];
      ASSERT_EQ(e.seq, i + 1) << "cycle " << cycle;
      ASSERT_EQ(e.prev_hash, prev) << "cycle " << cycle << " seq " << e.seq;
      ASSERT_EQ(e.hash, ChainHash(prev, e.payload)) << "cycle " << cycle << " seq " << e.seq;
      prev = e.hash;
    }
    ASSERT_EQ(head->hash, prev);
    found_entries = all->size();
    auto records = (*store)->ListRecords("crash");
    ASSERT_TRUE(records.ok());
    std::set<uint64_t> stored;
    for (const Record& r : *records) stored.insert(std::stoull(r.id));
    for (uint64_t number : acked_records) {
      ASSERT_TRUE(stored.count(number)) << "cycle " << cycle << ": acknowledged record lost";
    }
  }
  std::filesystem::remove_all(dir);

  std::cout << "[ crash    ] cycles=" << kCycles << " acked_appends=" << total_append_acks
            << " max_acked_seq=" << max_acked_seq << " entries_found=" << found_entries
            << " (indeterminate=" << found_entries - max_acked_seq << ")"
            << " acked_records=" << acked_records.size() << " lost=0\n";
  RecordProperty("acked_appends", std::to_string(total_append_acks));
  RecordProperty("entries_found", std::to_string(found_entries));
  EXPECT_GE(cycles_with_acks, kCycles * 3 / 4);
  EXPECT_GT(total_append_acks, 100u);
  EXPECT_GT(acked_records.size(), 10u);
}

}  // namespace
}  // namespace tact
