#include "service/audit_log.h"

#include <gtest/gtest.h>

#include <atomic>

#include "storage/memory/memory_store.h"

namespace tact {
namespace {

// A store whose audit writes fail while `failing` is set; the rest is a
// MemoryStore's.
class FlakyAuditStore final : public Store {
 public:
  std::atomic<bool> failing{false};
  std::atomic<int> appends{0};

  Status AppendAudit(std::vector<AuditEntry> entries) override {
    ++appends;
    if (failing) return Status::Unavailable("disk on fire");
    return inner_.AppendAudit(std::move(entries));
  }
  Result<std::vector<AuditEntry>> ReadAudit(const AuditQuery& q) override {
    return inner_.ReadAudit(q);
  }
  Status PutRecord(const Record& r) override { return inner_.PutRecord(r); }
  Status DeleteRecord(std::string_view k, std::string_view t, std::string_view i) override {
    return inner_.DeleteRecord(k, t, i);
  }
  Result<std::vector<Record>> ListRecords(std::string_view k) override {
    return inner_.ListRecords(k);
  }
  Result<Record> GetRecord(std::string_view k, std::string_view t, std::string_view i) override {
    return inner_.GetRecord(k, t, i);
  }
  void AppendAsync(std::vector<LedgerEntry> e, Done d) override {
    inner_.AppendAsync(std::move(e), std::move(d));
  }
  Result<LedgerHead> Head() override { return inner_.Head(); }
  Result<std::vector<LedgerEntry>> ReadLedger(uint64_t a, size_t l) override {
    return inner_.ReadLedger(a, l);
  }
  Result<std::vector<LedgerEntry>> ReadSubject(std::string_view t, std::string_view s) override {
    return inner_.ReadSubject(t, s);
  }
  StoreStats Stats() override { return inner_.Stats(); }
  std::string_view Name() const override { return "flaky"; }

 private:
  MemoryStore inner_;
};

AuditEntry Row(std::string subject) {
  return AuditEntry{0, "t1", 0, "key_1", "GET /v1/subjects/{id}/consents", std::move(subject), 200};
}

AuditLog::Options Slow() {
  AuditLog::Options o;
  o.flush_interval = std::chrono::hours(1);  // only Read, batch size or the destructor flush
  o.batch = 1000;
  o.max_queued = 4;
  return o;
}

TEST(AuditLog, QueuesWithoutWritingThenReadFlushesInOrder) {
  FlakyAuditStore store;
  FakeClock clock(5000);
  AuditLog log(&store, &clock, Slow());
  log.Record(Row("sub_a"));
  log.Record(Row("sub_b"));
  EXPECT_EQ(store.appends, 0);  // recording does no I/O
  auto rows = log.Read({"t1", "", 0, 10});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].subject, "sub_a");
  EXPECT_EQ((*rows)[0].time, 5000);  // stamped when recorded
  EXPECT_EQ((*rows)[1].subject, "sub_b");
  EXPECT_EQ(store.appends, 1);  // one batch
}

TEST(AuditLog, TheBackgroundThreadWritesBatches) {
  FlakyAuditStore store;
  AuditLog::Options o;
  o.flush_interval = std::chrono::milliseconds(10);
  AuditLog log(&store, nullptr, o);
  log.Record(Row("sub_a"));
  for (int i = 0; i < 500 && store.appends == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  EXPECT_EQ(store.appends, 1);
  auto rows = store.ReadAudit({"t1", "", 0, 10});
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->size(), 1u);
}

TEST(AuditLog, TheDestructorFlushes) {
  FlakyAuditStore store;
  {
    AuditLog log(&store, nullptr, Slow());
    log.Record(Row("sub_a"));
  }
  auto rows = store.ReadAudit({"t1", "", 0, 10});
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->size(), 1u);
}

TEST(AuditLog, AFailedWriteKeepsTheRowsAndBoundsMemory) {
  FlakyAuditStore store;
  AuditLog log(&store, nullptr, Slow());
  store.failing = true;
  log.Record(Row("sub_1"));
  log.Record(Row("sub_2"));
  EXPECT_FALSE(log.Flush().ok());
  EXPECT_FALSE(log.Read({"t1", "", 0, 10}).ok());  // no answer that hides rows
  log.Record(Row("sub_3"));
  log.Record(Row("sub_4"));  // the 4th queued row: Record flushes (fails), keeps 4
  log.Record(Row("sub_5"));  // 5 > max_queued: the oldest goes
  EXPECT_FALSE(log.Flush().ok());
  EXPECT_GE(log.dropped(), 1u);
  store.failing = false;
  auto rows = log.Read({"t1", "", 0, 10});
  ASSERT_TRUE(rows.ok()) << rows.error().ToString();
  ASSERT_EQ(rows->size(), 4u);
  EXPECT_EQ((*rows)[0].subject, "sub_2");  // in order, the oldest dropped
  EXPECT_EQ((*rows)[3].subject, "sub_5");
  EXPECT_EQ(log.dropped(), 1u);
  EXPECT_EQ(log.recorded(), 5u);
}

}  // namespace
}  // namespace tact
