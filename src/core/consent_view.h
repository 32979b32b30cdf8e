// ConsentView: the current consent state of every subject of one tenant,
// derived from the ledger's events. It is never stored on its own as truth:
// it is rebuilt by replaying events (or checked against the chain head).
//
// Layout is flat and compact so a million subjects fit in little memory
// (bench/view_memory_bench.cc): an open-addressing table of subject indices,
// one arena for subject ids, and one pool of 16-byte entries in which each
// subject's entries are contiguous. Purpose keys and vendor ids are interned.
//
// Thread-safety: none. The service guards a view with a shared_mutex:
// Apply under the exclusive lock, everything else under the shared one.
#ifndef TACT_CORE_CONSENT_VIEW_H_
#define TACT_CORE_CONSENT_VIEW_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/consent_event.h"

namespace tact {

// One current choice of one subject, as read from the view.
struct ConsentItem {
  std::string_view purpose;
  Channel channel = Channel::kAny;
  std::string_view vendor;  // empty: any
  Party party = Party::kAny;
  ConsentState state = ConsentState::kDenied;
  UnixMillis since = 0;  // second precision
  int notice_version = 0;
  Source source = Source::kApi;
  Rule rule = Rule::kExplicit;
  bool gpc = false;
};

class ConsentView {
 public:
  ConsentView();

  // REQUIRES: events are applied in ledger order.
  void Apply(const ConsentEvent& event);
  // Releases slack: packs every subject's entries and trims capacities. The
  // service calls it after the start-up replay.
  void ShrinkToFit();
  // Forgets a subject entirely (erasure).
  void Erase(std::string_view subject);

  // The subject's current items (views into the view's storage: valid until
  // the next Apply or Erase). Empty when the subject is unknown.
  std::vector<ConsentItem> Items(std::string_view subject) const;

  // The same lookup in steps, for a caller that overlaps its cache misses
  // with its own (the governor): Start hashes the subject and asks for its
  // table slot; Advance reads the slot and asks for the subject's record;
  // ItemsInto finishes (into `out`, whose storage is reused). Prefetches
  // only: skipping Advance changes nothing but speed.
  struct Probe {
    std::string_view subject;
    uint32_t hash = 0;
  };
  Probe Start(std::string_view subject) const;
  void Advance(const Probe& probe) const;
  void ItemsInto(const Probe& probe, std::vector<ConsentItem>& out) const;
  bool Contains(std::string_view subject) const { return Find(subject) != kNone; }

  size_t subject_count() const { return subjects_.size() - free_subjects_; }
  size_t entry_count() const;
  // Heap bytes held by the view's structures (capacity, not size).
  size_t MemoryBytes() const;

 private:
  static constexpr uint32_t kNone = UINT32_MAX;

  struct Entry {  // 16 bytes
    uint32_t since_s;
    uint16_t purpose;
    uint16_t vendor;  // 0: any
    uint16_t notice_version;
    Channel channel;
    Party party;
    ConsentState state;
    Source source;
    Rule rule;
    uint8_t gpc;
  };
  static_assert(sizeof(Entry) == 16);

  struct SubjectRec {  // 16 bytes
    uint32_t id_offset;
    uint32_t entries_offset;
    uint16_t id_length;
    uint8_t count;
    uint8_t capacity;
    uint32_t hash;
  };

  uint32_t Find(std::string_view subject) const;
  uint32_t Find(std::string_view subject, uint32_t hash) const;
  uint32_t Insert(std::string_view subject, uint32_t hash);
  void Grow();
  void Compact();
  uint16_t InternPurpose(std::string_view key);
  uint16_t InternVendor(std::string_view id);
  std::string_view SubjectId(const SubjectRec& r) const {
    return std::string_view(ids_).substr(r.id_offset, r.id_length);
  }

  std::vector<uint32_t> table_;  // subject index or kNone; size is a power of two
  std::vector<SubjectRec> subjects_;
  size_t free_subjects_ = 0;
  std::string ids_;
  std::vector<Entry> entries_;
  size_t wasted_entries_ = 0;

  std::vector<std::string> purposes_;
  std::unordered_map<std::string, uint16_t> purpose_index_;
  std::vector<std::string> vendors_;  // [0] is "" (any)
  std::unordered_map<std::string, uint16_t> vendor_index_;
};

}  // namespace tact

#endif  // TACT_CORE_CONSENT_VIEW_H_
