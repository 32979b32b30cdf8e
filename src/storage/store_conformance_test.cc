// The Store conformance suite: one set of tests, instantiated for every
// backend (memory_store_test.cc, sqlite/sqlite_store_test.cc, ...).
#include "storage/store_conformance.h"

#include <atomic>
#include <cstdint>
#include <future>
#include <limits>
#include <mutex>
#include <thread>
#include <vector>

#include "storage/ledger_continuity.h"

namespace tact {
namespace {

Record Rec(std::string kind, std::string tenant, std::string id, std::string body) {
  return Record{std::move(kind), std::move(tenant), std::move(id), std::move(body)};
}

std::vector<LedgerEntry> ReadAll(Store& store) {
  auto all = store.ReadLedger(0, std::numeric_limits<size_t>::max());
  EXPECT_TRUE(all.ok()) << all.error().ToString();
  return all.ok() ? *all : std::vector<LedgerEntry>{};
}

// Every entry from seq 1 up, chained by recomputed hashes.
void ExpectChainIntact(const std::vector<LedgerEntry>& all) {
  Hash256 prev{};
  for (size_t i = 0; i < all.size(); ++i) {
    ASSERT_EQ(all[i].seq, i + 1);
    ASSERT_EQ(all[i].prev_hash, prev) << "seq " << all[i].seq;
    ASSERT_EQ(all[i].hash, ChainHash(prev, all[i].payload)) << "seq " << all[i].seq;
    prev = all[i].hash;
  }
}

// ---- Records ----

TEST_P(StoreConformanceTest, PutThenGet) {
  Record r = Rec("purpose", "t1", "marketing.email", R"({"title":"Newsletter"})");
  ASSERT_TRUE(store_->PutRecord(r).ok());
  auto got = store_->GetRecord("purpose", "t1", "marketing.email");
  ASSERT_TRUE(got.ok()) << got.error().ToString();
  EXPECT_EQ(*got, r);
}

TEST_P(StoreConformanceTest, PutReplaces) {
  ASSERT_TRUE(store_->PutRecord(Rec("vendor", "t1", "v1", "old")).ok());
  ASSERT_TRUE(store_->PutRecord(Rec("vendor", "t1", "v1", "new")).ok());
  auto got = store_->GetRecord("vendor", "t1", "v1");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->body, "new");
  auto all = store_->ListRecords("vendor");
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].body, "new");
}

TEST_P(StoreConformanceTest, PutRecordAsyncIsDurableWhenDone) {
  std::promise<Status> written;
  store_->PutRecordAsync(Rec("message", "t1", "m1", "reserved"),
                         [&](const Status& s) { written.set_value(s); });
  ASSERT_TRUE(written.get_future().get().ok());
  auto got = store_->GetRecord("message", "t1", "m1");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->body, "reserved");
  // Many at once, as concurrent deciders would: every one is there after.
  constexpr int kN = 200;
  std::vector<std::promise<Status>> all(kN);
  for (int i = 0; i < kN; ++i) {
    store_->PutRecordAsync(Rec("message", "t1", "b" + std::to_string(i), std::to_string(i)),
                           [&all, i](const Status& s) { all[i].set_value(s); });
  }
  for (auto& p : all) ASSERT_TRUE(p.get_future().get().ok());
  auto list = store_->ListRecords("message");
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), static_cast<size_t>(kN + 1));
}

TEST_P(StoreConformanceTest, GetMissingIsNotFound) {
  ASSERT_TRUE(store_->PutRecord(Rec("tenant", "", "t1", "{}")).ok());
  EXPECT_EQ(store_->GetRecord("tenant", "", "t2").error().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->GetRecord("tenant", "t1", "t1").error().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->GetRecord("key", "", "t1").error().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->GetRecord("", "", "").error().code(), StatusCode::kNotFound);
}

TEST_P(StoreConformanceTest, DeleteRemovesAndMissingDeleteIsOk) {
  ASSERT_TRUE(store_->PutRecord(Rec("notice", "t1", "n1", "a")).ok());
  ASSERT_TRUE(store_->PutRecord(Rec("notice", "t1", "n2", "b")).ok());
  ASSERT_TRUE(store_->DeleteRecord("notice", "t1", "n1").ok());
  EXPECT_EQ(store_->GetRecord("notice", "t1", "n1").error().code(), StatusCode::kNotFound);
  EXPECT_TRUE(store_->GetRecord("notice", "t1", "n2").ok());
  EXPECT_TRUE(store_->DeleteRecord("notice", "t1", "n1").ok());
  EXPECT_TRUE(store_->DeleteRecord("nothing", "nobody", "none").ok());
  auto all = store_->ListRecords("notice");
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].id, "n2");
}

TEST_P(StoreConformanceTest, ListIsOrderedByTenantThenId) {
  std::vector<Record> wanted = {
      Rec("property", "", "global", "0"), Rec("property", "a", "1", "1"),
      Rec("property", "a", "10", "2"),    Rec("property", "a", "2", "3"),
      Rec("property", "b", "0", "4"),     Rec("property", "b", "z", "5"),
  };
  for (size_t i : {4u, 1u, 5u, 0u, 3u, 2u}) ASSERT_TRUE(store_->PutRecord(wanted[i]).ok());
  auto all = store_->ListRecords("property");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(*all, wanted);
}

TEST_P(StoreConformanceTest, KindsAreIsolated) {
  ASSERT_TRUE(store_->PutRecord(Rec("purpose", "t1", "x", "purpose body")).ok());
  ASSERT_TRUE(store_->PutRecord(Rec("vendor", "t1", "x", "vendor body")).ok());
  ASSERT_TRUE(store_->PutRecord(Rec("purposes", "t1", "x", "other kind")).ok());
  EXPECT_EQ(store_->GetRecord("purpose", "t1", "x")->body, "purpose body");
  EXPECT_EQ(store_->GetRecord("vendor", "t1", "x")->body, "vendor body");
  auto purposes = store_->ListRecords("purpose");
  ASSERT_TRUE(purposes.ok());
  ASSERT_EQ(purposes->size(), 1u);
  EXPECT_EQ((*purposes)[0].kind, "purpose");
  ASSERT_TRUE(store_->DeleteRecord("vendor", "t1", "x").ok());
  EXPECT_TRUE(store_->GetRecord("purpose", "t1", "x").ok());
  auto empty = store_->ListRecords("unknown-kind");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

TEST_P(StoreConformanceTest, TenantsAreIsolated) {
  ASSERT_TRUE(store_->PutRecord(Rec("key", "acme", "k1", "acme key")).ok());
  ASSERT_TRUE(store_->PutRecord(Rec("key", "globex", "k1", "globex key")).ok());
  EXPECT_EQ(store_->GetRecord("key", "acme", "k1")->body, "acme key");
  EXPECT_EQ(store_->GetRecord("key", "globex", "k1")->body, "globex key");
  EXPECT_EQ(store_->GetRecord("key", "initech", "k1").error().code(), StatusCode::kNotFound);
  ASSERT_TRUE(store_->DeleteRecord("key", "acme", "k1").ok());
  EXPECT_EQ(store_->GetRecord("key", "acme", "k1").error().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->GetRecord("key", "globex", "k1")->body, "globex key");
}

TEST_P(StoreConformanceTest, BodiesAreKeptByteForByte) {
  std::string body = "{\"t\":\"caf\xc3\xa9 \xe2\x9c\x93\",\"q\":\"'\\\"\"}";
  std::string big(3 << 20, 'x');
  ASSERT_TRUE(store_->PutRecord(Rec("notice", "t1", "utf8", body)).ok());
  ASSERT_TRUE(store_->PutRecord(Rec("notice", "t1", "empty", "")).ok());
  ASSERT_TRUE(store_->PutRecord(Rec("notice", "t1", "big", big)).ok());
  EXPECT_EQ(store_->GetRecord("notice", "t1", "utf8")->body, body);
  EXPECT_EQ(store_->GetRecord("notice", "t1", "empty")->body, "");
  EXPECT_EQ(store_->GetRecord("notice", "t1", "big")->body, big);
}

TEST_P(StoreConformanceTest, ConcurrentRecordWritesAllLand) {
  constexpr int kThreads = 16;
  constexpr int kPerThread = 25;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        Status s = store_->PutRecord(
            Rec("profile", "t" + std::to_string(t), std::to_string(i), std::to_string(t * i)));
        EXPECT_TRUE(s.ok()) << s.ToString();
      }
    });
  }
  for (auto& th : threads) th.join();
  auto all = store_->ListRecords("profile");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), static_cast<size_t>(kThreads * kPerThread));
}

// ---- Ledger ----

TEST_P(StoreConformanceTest, EmptyLedger) {
  LedgerHead head = HeadOrDie();
  EXPECT_EQ(head.seq, 0u);
  EXPECT_EQ(head.hash, Hash256{});
  auto read = store_->ReadLedger(0, 100);
  ASSERT_TRUE(read.ok());
  EXPECT_TRUE(read->empty());
  auto subject = store_->ReadSubject("t1", "sub_a");
  ASSERT_TRUE(subject.ok());
  EXPECT_TRUE(subject->empty());
}

TEST_P(StoreConformanceTest, AppendMovesHeadAndReadsBack) {
  auto first = AppendN(1);
  LedgerHead head = HeadOrDie();
  EXPECT_EQ(head.seq, 1u);
  EXPECT_EQ(head.hash, first[0].hash);
  auto batch = AppendN(5);
  head = HeadOrDie();
  EXPECT_EQ(head.seq, 6u);
  EXPECT_EQ(head.hash, batch.back().hash);
  auto all = ReadAll(*store_);
  ASSERT_EQ(all.size(), 6u);
  EXPECT_EQ(all[0], first[0]);
  for (size_t i = 0; i < 5; ++i) EXPECT_EQ(all[i + 1], batch[i]);
  ExpectChainIntact(all);
}

TEST_P(StoreConformanceTest, ReadLedgerHonoursAfterSeqAndLimit) {
  AppendN(10);
  auto page = store_->ReadLedger(0, 3);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 3u);
  EXPECT_EQ((*page)[0].seq, 1u);
  EXPECT_EQ((*page)[2].seq, 3u);

  page = store_->ReadLedger(3, 4);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 4u);
  EXPECT_EQ((*page)[0].seq, 4u);
  EXPECT_EQ((*page)[3].seq, 7u);

  page = store_->ReadLedger(8, 100);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[1].seq, 10u);

  for (uint64_t after :
       {uint64_t{10}, uint64_t{11}, uint64_t{1} << 62, std::numeric_limits<uint64_t>::max()}) {
    page = store_->ReadLedger(after, 100);
    ASSERT_TRUE(page.ok());
    EXPECT_TRUE(page->empty()) << "after " << after;
  }
  page = store_->ReadLedger(0, 0);
  ASSERT_TRUE(page.ok());
  EXPECT_TRUE(page->empty());
}

TEST_P(StoreConformanceTest, ReadSubjectIsTenantScopedAndAscending) {
  AppendN(2, "t1", "sub_a");
  AppendN(1, "t2", "sub_a");
  AppendN(1, "t1", "sub_b");
  AppendN(3, "t1", "sub_a");
  AppendN(1, "t1", "sub_ab");
  auto got = store_->ReadSubject("t1", "sub_a");
  ASSERT_TRUE(got.ok());
  std::vector<uint64_t> seqs;
  for (const auto& e : *got) {
    EXPECT_EQ(e.tenant, "t1");
    EXPECT_EQ(e.subject, "sub_a");
    seqs.push_back(e.seq);
  }
  EXPECT_EQ(seqs, (std::vector<uint64_t>{1, 2, 5, 6, 7}));
  got = store_->ReadSubject("t2", "sub_a");
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(got->size(), 1u);
  EXPECT_EQ((*got)[0].seq, 3u);
  got = store_->ReadSubject("t3", "sub_a");
  ASSERT_TRUE(got.ok());
  EXPECT_TRUE(got->empty());
  // Entries read by subject are whole: same as read by seq.
  auto all = ReadAll(*store_);
  got = store_->ReadSubject("t1", "sub_b");
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(got->size(), 1u);
  EXPECT_EQ((*got)[0], all[3]);
}

// A rejected append must leave the ledger exactly as it was, and a correct
// append must still work afterwards.
void ExpectRejected(Store& store, std::vector<LedgerEntry> bad, StatusCode code) {
  auto before = ReadAll(store);
  auto head_before = store.Head();
  ASSERT_TRUE(head_before.ok());
  Status s = store.Append(std::move(bad));
  EXPECT_EQ(s.code(), code) << s.ToString();
  auto head_after = store.Head();
  ASSERT_TRUE(head_after.ok());
  EXPECT_EQ(head_after->seq, head_before->seq);
  EXPECT_EQ(head_after->hash, head_before->hash);
  EXPECT_EQ(ReadAll(store), before);
  auto good = MakeEntries(*head_after, 1);
  EXPECT_TRUE(store.Append(good).ok());
}

TEST_P(StoreConformanceTest, FirstAppendMustStartAtOne) {
  auto entries = MakeEntries(LedgerHead{}, 1);
  entries[0].seq = 0;
  ExpectRejected(*store_, entries, StatusCode::kConflict);
  auto skip = MakeEntries(LedgerHead{1, Hash256{}}, 1);  // seq 2 on an empty ledger
  skip[0].prev_hash = Hash256{};
  ExpectRejected(*store_, skip, StatusCode::kConflict);
}

TEST_P(StoreConformanceTest, WrongSeqIsConflict) {
  AppendN(3);
  LedgerHead head = HeadOrDie();
  auto gap = MakeEntries(LedgerHead{head.seq + 1, head.hash}, 2);  // starts at head+2
  ExpectRejected(*store_, gap, StatusCode::kConflict);
  head = HeadOrDie();
  auto repeat = MakeEntries(LedgerHead{head.seq - 1, head.hash}, 1);  // reuses head.seq
  ExpectRejected(*store_, repeat, StatusCode::kConflict);
}

TEST_P(StoreConformanceTest, WrongPrevHashIsConflict) {
  AppendN(2);
  LedgerHead head = HeadOrDie();
  LedgerHead forged = head;
  forged.hash[0] ^= 1;
  ExpectRejected(*store_, MakeEntries(forged, 3), StatusCode::kConflict);
}

TEST_P(StoreConformanceTest, GapInsideBatchIsConflictAndWritesNothing) {
  AppendN(1);
  auto batch = MakeEntries(HeadOrDie(), 4);
  batch[2].seq += 1;  // 2, 3, 5, 5
  ExpectRejected(*store_, batch, StatusCode::kConflict);
  batch = MakeEntries(HeadOrDie(), 4);
  batch.erase(batch.begin() + 2);  // 3, 4, 6: seq gap and broken link
  ExpectRejected(*store_, batch, StatusCode::kConflict);
  batch = MakeEntries(HeadOrDie(), 4);
  batch[3].prev_hash[31] ^= 0x80;  // seqs right, last link broken
  ExpectRejected(*store_, batch, StatusCode::kConflict);
}

TEST_P(StoreConformanceTest, EmptyAppendIsInvalidArgument) {
  ExpectRejected(*store_, {}, StatusCode::kInvalidArgument);
}

TEST_P(StoreConformanceTest, FailedAppendFailsOnlyItselfAndWhatBuildsOnIt) {
  AppendN(1);
  LedgerHead head = HeadOrDie();
  auto a = MakeEntries(head, 2);  // ok: seq 2-3
  LedgerHead forged = HeadAfter(a);
  forged.hash[5] ^= 1;
  auto b = MakeEntries(forged, 1);        // conflict: wrong prev_hash
  auto c = MakeEntries(HeadAfter(b), 1);  // conflict: continues the failed b
  auto d = MakeEntries(HeadAfter(a), 2);  // ok: continues a
  // The callbacks run on the store's thread and may still be returning when
  // the test goes on: everything they touch is shared, not on this stack.
  // (Regression: `seen`'s mutex was unlocked after the test frame was gone.)
  struct Seen {
    std::mutex mu;
    std::vector<std::pair<char, Status>> list;
    std::promise<void> all_done;
  };
  auto state = std::make_shared<Seen>();
  auto all_done = state->all_done.get_future();
  auto record = [state](char name) {
    return [state, name](const Status& s) {
      bool last;
      {
        std::lock_guard lock(state->mu);
        state->list.emplace_back(name, s);
        last = state->list.size() == 4;
      }
      if (last) state->all_done.set_value();
    };
  };
  store_->AppendAsync(a, record('a'));
  store_->AppendAsync(b, record('b'));
  store_->AppendAsync(c, record('c'));
  store_->AppendAsync(d, record('d'));
  all_done.wait();
  std::vector<std::pair<char, Status>> seen;
  {
    std::lock_guard lock(state->mu);
    seen = state->list;
  }
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_EQ(seen[0].first, 'a');
  EXPECT_TRUE(seen[0].second.ok()) << seen[0].second.ToString();
  EXPECT_EQ(seen[1].first, 'b');
  EXPECT_EQ(seen[1].second.code(), StatusCode::kConflict);
  EXPECT_EQ(seen[2].first, 'c');
  EXPECT_EQ(seen[2].second.code(), StatusCode::kConflict);
  EXPECT_EQ(seen[3].first, 'd');
  EXPECT_TRUE(seen[3].second.ok()) << seen[3].second.ToString();
  auto all = ReadAll(*store_);
  ASSERT_EQ(all.size(), 5u);
  EXPECT_EQ(all[4], d[1]);
  ExpectChainIntact(all);
}

TEST_P(StoreConformanceTest, DoneRunsOnceAfterEntriesAreReadable) {
  auto entries = MakeEntries(LedgerHead{}, 2);
  std::atomic<int> calls{0};
  std::promise<void> done;
  Store* store = store_.get();
  store_->AppendAsync(entries, [&](const Status& s) {
    EXPECT_TRUE(s.ok()) << s.ToString();
    // Readers see the entries by the time `done` runs.
    auto read = store->ReadLedger(0, 10);
    EXPECT_TRUE(read.ok());
    if (read.ok()) {
      EXPECT_EQ(read->size(), 2u);
    }
    if (calls.fetch_add(1) == 0) done.set_value();
  });
  done.get_future().wait();
  // A later blocking call completes only after the earlier callbacks ran.
  ASSERT_TRUE(store_->Append(MakeEntries(HeadAfter(entries), 1)).ok());
  EXPECT_EQ(calls.load(), 1);
}

// 32 threads append concurrently. The seq is assigned under a lock held
// across AppendAsync (as the ledger does), and every `done` must observe
// strictly increasing seqs: state updated in `done` follows ledger order.
TEST_P(StoreConformanceTest, DoneCallbacksRunInSeqOrderUnderConcurrency) {
  constexpr int kThreads = 32;
  constexpr int kPerThread = 40;
  std::mutex chain_mu;
  LedgerHead next_head;  // GUARDED_BY(chain_mu)
  std::mutex seen_mu;
  std::vector<uint64_t> seen;  // last seq of each append, in callback order
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        std::promise<Status> result;
        {
          std::lock_guard lock(chain_mu);
          auto entries = MakeEntries(next_head, 1 + (t + i) % 3, "t" + std::to_string(t % 4),
                                     "sub_" + std::to_string(t));
          next_head = HeadAfter(entries);
          uint64_t last = next_head.seq;
          store_->AppendAsync(std::move(entries), [&, last](const Status& s) {
            {
              std::lock_guard seen_lock(seen_mu);
              seen.push_back(last);
            }
            result.set_value(s);
          });
        }
        Status s = result.get_future().get();
        if (!s.ok()) {
          failures.fetch_add(1);
          ADD_FAILURE() << s.ToString();
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  ASSERT_EQ(seen.size(), static_cast<size_t>(kThreads * kPerThread));
  for (size_t i = 1; i < seen.size(); ++i) ASSERT_LT(seen[i - 1], seen[i]) << "callback " << i;
  LedgerHead head = HeadOrDie();
  EXPECT_EQ(head.seq, seen.back());
  auto all = ReadAll(*store_);
  EXPECT_EQ(all.size(), head.seq);
  ExpectChainIntact(all);
  // Per-subject reads agree with the full ledger.
  size_t by_subject = 0;
  for (int t = 0; t < kThreads; ++t) {
    auto mine = store_->ReadSubject("t" + std::to_string(t % 4), "sub_" + std::to_string(t));
    ASSERT_TRUE(mine.ok());
    for (size_t i = 1; i < mine->size(); ++i) ASSERT_LT((*mine)[i - 1].seq, (*mine)[i].seq);
    by_subject += mine->size();
  }
  EXPECT_EQ(by_subject, all.size());
}

TEST_P(StoreConformanceTest, LargePayloads) {
  auto entries = MakeEntries(LedgerHead{}, 3, "t1", "sub_big", 1 << 20);
  auto huge = MakeEntries(HeadAfter(entries), 1, "t1", "sub_big", 8 << 20);
  ASSERT_TRUE(store_->Append(entries).ok());
  ASSERT_TRUE(store_->Append(huge).ok());
  auto all = ReadAll(*store_);
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].payload.size(), 1u << 20);
  EXPECT_EQ(all[3].payload.size(), 8u << 20);
  EXPECT_EQ(all[3], huge[0]);
  ExpectChainIntact(all);
  auto subject = store_->ReadSubject("t1", "sub_big");
  ASSERT_TRUE(subject.ok());
  EXPECT_EQ(subject->size(), 4u);
}

TEST_P(StoreConformanceTest, StatsCountCommittedWrites) {
  ASSERT_TRUE(store_->PutRecord(Rec("tenant", "", "t1", "{}")).ok());
  ASSERT_TRUE(store_->DeleteRecord("tenant", "", "t1").ok());
  AppendN(3);
  AppendN(1);
  StoreStats stats = store_->Stats();
  EXPECT_EQ(stats.writes, 4u);  // a put, a delete and two appends
  EXPECT_GE(stats.commits, 1u);
  EXPECT_LE(stats.commits, stats.writes);
  ASSERT_EQ(stats.batch_histogram.size(), 7u);
  ASSERT_EQ(stats.commit_latency_histogram.size(), 10u);
  uint64_t batches = 0, latencies = 0;
  for (uint64_t n : stats.batch_histogram) batches += n;
  for (uint64_t n : stats.commit_latency_histogram) latencies += n;
  EXPECT_EQ(batches, stats.commits);
  EXPECT_EQ(latencies, stats.commits);
  EXPECT_FALSE(store_->Name().empty());
}

// ---- Durable backends ----

TEST_P(DurableStoreConformanceTest, ReopenKeepsEverything) {
  ASSERT_TRUE(store_->PutRecord(Rec("tenant", "", "acme", "{\"name\":\"Acme\"}")).ok());
  ASSERT_TRUE(store_->PutRecord(Rec("purpose", "acme", "p1", "one")).ok());
  ASSERT_TRUE(store_->PutRecord(Rec("purpose", "acme", "gone", "x")).ok());
  ASSERT_TRUE(store_->DeleteRecord("purpose", "acme", "gone").ok());
  AppendN(4, "acme", "sub_1");
  AppendN(2, "acme", "sub_2");
  auto before = ReadAll(*store_);
  LedgerHead head_before = HeadOrDie();

  Reopen();

  auto purposes = store_->ListRecords("purpose");
  ASSERT_TRUE(purposes.ok());
  ASSERT_EQ(purposes->size(), 1u);
  EXPECT_EQ((*purposes)[0], Rec("purpose", "acme", "p1", "one"));
  EXPECT_EQ(store_->GetRecord("tenant", "", "acme")->body, "{\"name\":\"Acme\"}");
  LedgerHead head_after = HeadOrDie();
  EXPECT_EQ(head_after.seq, head_before.seq);
  EXPECT_EQ(head_after.hash, head_before.hash);
  EXPECT_EQ(ReadAll(*store_), before);
  EXPECT_EQ(store_->ReadSubject("acme", "sub_2")->size(), 2u);

  // The head was reloaded: continuity holds across the restart.
  ExpectRejected(*store_, MakeEntries(LedgerHead{}, 1), StatusCode::kConflict);
  AppendN(1, "acme", "sub_1");
  Reopen();
  auto all = ReadAll(*store_);
  EXPECT_EQ(all.size(), 8u);
  ExpectChainIntact(all);
}

TEST_P(DurableStoreConformanceTest, ReopenEmptyStore) {
  Reopen();
  EXPECT_EQ(HeadOrDie().seq, 0u);
  Reopen();
  AppendN(1);
  EXPECT_EQ(HeadOrDie().seq, 1u);
}

// ---- Audit log ----

AuditEntry Audit(std::string tenant, std::string subject, int status = 200) {
  return AuditEntry{0,
                    std::move(tenant),
                    1'760'000'000'000,
                    "key_abc",
                    "GET /v1/subjects/{id}/consents",
                    std::move(subject),
                    status};
}

std::vector<AuditEntry> ReadAuditOrDie(Store& store, AuditQuery q) {
  auto rows = store.ReadAudit(q);
  EXPECT_TRUE(rows.ok()) << rows.error().ToString();
  return rows.ok() ? *rows : std::vector<AuditEntry>{};
}

TEST_P(StoreConformanceTest, AuditAppendAssignsAscendingSeqs) {
  EXPECT_TRUE(ReadAuditOrDie(*store_, {"t1", "", 0, 100}).empty());
  ASSERT_TRUE(store_->AppendAudit({Audit("t1", "sub_a"), Audit("t1", "sub_b", 404)}).ok());
  ASSERT_TRUE(store_->AppendAudit({}).ok());
  AuditEntry given = Audit("t1", "sub_a", 403);
  given.seq = 999;  // ignored: the store assigns
  ASSERT_TRUE(store_->AppendAudit({given}).ok());
  auto rows = ReadAuditOrDie(*store_, {"t1", "", 0, 100});
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].seq, 1u);
  EXPECT_EQ(rows[1].seq, 2u);
  EXPECT_EQ(rows[2].seq, 3u);
  AuditEntry want = Audit("t1", "sub_b", 404);
  want.seq = 2;
  EXPECT_EQ(rows[1], want);
  EXPECT_EQ(rows[2].status, 403);
}

TEST_P(StoreConformanceTest, AuditReadIsByTenantSubjectAndPage) {
  ASSERT_TRUE(store_
                  ->AppendAudit({Audit("t1", "sub_a"), Audit("t2", "sub_a"), Audit("t1", "sub_b"),
                                 Audit("t1", "sub_a"), Audit("t2", "sub_x")})
                  .ok());
  auto t1 = ReadAuditOrDie(*store_, {"t1", "", 0, 100});
  ASSERT_EQ(t1.size(), 3u);
  for (const auto& r : t1) EXPECT_EQ(r.tenant, "t1");
  auto t2 = ReadAuditOrDie(*store_, {"t2", "", 0, 100});
  ASSERT_EQ(t2.size(), 2u);
  EXPECT_EQ(t2[1].subject, "sub_x");
  // Another tenant's subject is invisible even by name.
  EXPECT_TRUE(ReadAuditOrDie(*store_, {"t1", "sub_x", 0, 100}).empty());
  auto a = ReadAuditOrDie(*store_, {"t1", "sub_a", 0, 100});
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].seq, 1u);
  EXPECT_EQ(a[1].seq, 4u);
  // Paging: after + limit.
  auto page1 = ReadAuditOrDie(*store_, {"t1", "", 0, 2});
  ASSERT_EQ(page1.size(), 2u);
  auto page2 = ReadAuditOrDie(*store_, {"t1", "", page1.back().seq, 2});
  ASSERT_EQ(page2.size(), 1u);
  EXPECT_EQ(page2[0].seq, 4u);
  EXPECT_TRUE(ReadAuditOrDie(*store_, {"t1", "", 4, 2}).empty());
  EXPECT_TRUE(ReadAuditOrDie(*store_, {"t1", "", 0, 0}).empty());
  EXPECT_TRUE(ReadAuditOrDie(*store_, {"t1", "", std::numeric_limits<uint64_t>::max(), 5}).empty());
}

TEST_P(DurableStoreConformanceTest, AuditSurvivesReopen) {
  ASSERT_TRUE(store_->AppendAudit({Audit("t1", "sub_a"), Audit("t1", "sub_b")}).ok());
  Reopen();
  ASSERT_TRUE(store_->AppendAudit({Audit("t1", "sub_c")}).ok());
  auto rows = ReadAuditOrDie(*store_, {"t1", "", 0, 100});
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[2].seq, 3u);
  EXPECT_EQ(rows[2].subject, "sub_c");
}

}  // namespace
}  // namespace tact
