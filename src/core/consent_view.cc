#include "core/consent_view.h"

#include <cstring>

namespace tact {
namespace {

uint32_t HashId(std::string_view s) {
  // FNV-1a, then a finalizer: ids are short; this is fast and spreads well.
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  h ^= h >> 29;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 32;
  return static_cast<uint32_t>(h);
}

}  // namespace

ConsentView::ConsentView() : table_(1024, kNone), vendors_{""} { vendor_index_[""] = 0; }

uint32_t ConsentView::Find(std::string_view subject) const {
  return Find(subject, HashId(subject));
}

uint32_t ConsentView::Find(std::string_view subject, uint32_t h) const {
  size_t mask = table_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    uint32_t idx = table_[i];
    if (idx == kNone) return kNone;
    const SubjectRec& r = subjects_[idx];
    if (r.hash == h) {
      // The entries are read next when the id matches: ask for them while
      // the id is compared (both are cache misses in a large view).
      __builtin_prefetch(entries_.data() + r.entries_offset);
      if (SubjectId(r) == subject) return idx;
    }
  }
}

ConsentView::Probe ConsentView::Start(std::string_view subject) const {
  Probe p{subject, HashId(subject)};
  __builtin_prefetch(table_.data() + (p.hash & (table_.size() - 1)));
  return p;
}

void ConsentView::Advance(const Probe& p) const {
  uint32_t idx = table_[p.hash & (table_.size() - 1)];
  if (idx != kNone) __builtin_prefetch(subjects_.data() + idx);
}

void ConsentView::Grow() {
  std::vector<uint32_t> bigger(table_.size() * 2, kNone);
  size_t mask = bigger.size() - 1;
  for (uint32_t idx : table_) {
    if (idx == kNone) continue;
    size_t i = subjects_[idx].hash & mask;
    while (bigger[i] != kNone) i = (i + 1) & mask;
    bigger[i] = idx;
  }
  table_.swap(bigger);
}

uint32_t ConsentView::Insert(std::string_view subject, uint32_t hash) {
  if ((subjects_.size() + 1) * 10 > table_.size() * 7) Grow();
  SubjectRec r{};
  r.id_offset = static_cast<uint32_t>(ids_.size());
  r.id_length = static_cast<uint16_t>(subject.size());
  r.entries_offset = static_cast<uint32_t>(entries_.size());
  r.hash = hash;
  ids_.append(subject);
  uint32_t idx = static_cast<uint32_t>(subjects_.size());
  subjects_.push_back(r);
  size_t mask = table_.size() - 1;
  size_t i = hash & mask;
  while (table_[i] != kNone) i = (i + 1) & mask;
  table_[i] = idx;
  return idx;
}

uint16_t ConsentView::InternPurpose(std::string_view key) {
  auto it = purpose_index_.find(std::string(key));
  if (it != purpose_index_.end()) return it->second;
  uint16_t id = static_cast<uint16_t>(purposes_.size());
  purposes_.emplace_back(key);
  purpose_index_.emplace(std::string(key), id);
  return id;
}

uint16_t ConsentView::InternVendor(std::string_view v) {
  auto it = vendor_index_.find(std::string(v));
  if (it != vendor_index_.end()) return it->second;
  uint16_t id = static_cast<uint16_t>(vendors_.size());
  vendors_.emplace_back(v);
  vendor_index_.emplace(std::string(v), id);
  return id;
}

void ConsentView::Apply(const ConsentEvent& e) {
  uint32_t h = HashId(e.subject);
  uint32_t idx = Find(e.subject);
  if (idx == kNone) idx = Insert(e.subject, h);
  for (const Choice& c : e.choices) {
    Entry n{};
    n.since_s = static_cast<uint32_t>(e.time / 1000);
    n.purpose = InternPurpose(c.purpose);
    n.vendor = InternVendor(c.vendor);
    n.notice_version = static_cast<uint16_t>(e.notice_version);
    n.channel = c.channel;
    n.party = c.party;
    n.state = c.state;
    n.source = e.source;
    n.rule = c.rule;
    n.gpc = e.gpc ? 1 : 0;
    SubjectRec& r = subjects_[idx];
    Entry* begin = entries_.data() + r.entries_offset;
    bool replaced = false;
    for (uint8_t i = 0; i < r.count; ++i) {
      Entry& old = begin[i];
      if (old.purpose == n.purpose && old.vendor == n.vendor && old.channel == n.channel &&
          old.party == n.party) {
        old = n;
        replaced = true;
        break;
      }
    }
    if (replaced) continue;
    if (r.count == 255) continue;  // a subject with 255 distinct choices keeps the first 255
    if (r.count == r.capacity) {
      // Move to the end of the pool with room for this event's remaining choices.
      // Grow geometrically (at least by this event's choices) so a subject who
      // decides one purpose at a time moves O(log n) times, not n times.
      size_t want = std::max<size_t>(r.count + e.choices.size(), r.count * 2);
      want = std::min<size_t>(std::max<size_t>(want, 1), 255);
      size_t offset = entries_.size();
      entries_.resize(offset + want);
      std::memcpy(entries_.data() + offset, entries_.data() + r.entries_offset,
                  r.count * sizeof(Entry));
      wasted_entries_ += r.capacity;
      r.entries_offset = static_cast<uint32_t>(offset);
      r.capacity = static_cast<uint8_t>(want);
    }
    entries_[r.entries_offset + r.count] = n;
    ++r.count;
  }
  if (wasted_entries_ > 4096 && wasted_entries_ * 4 > entries_.size()) Compact();
}

void ConsentView::Compact() {
  std::vector<Entry> packed;
  packed.reserve(entries_.size() - wasted_entries_);
  for (SubjectRec& r : subjects_) {
    size_t offset = packed.size();
    packed.insert(packed.end(), entries_.begin() + r.entries_offset,
                  entries_.begin() + r.entries_offset + r.count);
    r.entries_offset = static_cast<uint32_t>(offset);
    r.capacity = r.count;
  }
  entries_.swap(packed);
  entries_.shrink_to_fit();
  wasted_entries_ = 0;
}

void ConsentView::ShrinkToFit() {
  Compact();
  subjects_.shrink_to_fit();
  ids_.shrink_to_fit();
}

void ConsentView::Erase(std::string_view subject) {
  uint32_t idx = Find(subject);
  if (idx == kNone) return;
  SubjectRec& r = subjects_[idx];
  // Overwrite the id bytes so nothing of it lingers, then forget the entries.
  std::memset(ids_.data() + r.id_offset, 0, r.id_length);
  wasted_entries_ += r.capacity;
  r.count = 0;
  r.capacity = 0;
  // Rebuild the table without this subject (erasure is rare).
  r.hash = 0;
  r.id_length = 0;
  std::fill(table_.begin(), table_.end(), kNone);
  size_t mask = table_.size() - 1;
  for (uint32_t i = 0; i < subjects_.size(); ++i) {
    if (subjects_[i].id_length == 0) continue;
    size_t slot = subjects_[i].hash & mask;
    while (table_[slot] != kNone) slot = (slot + 1) & mask;
    table_[slot] = i;
  }
  ++free_subjects_;
}

std::vector<ConsentItem> ConsentView::Items(std::string_view subject) const {
  std::vector<ConsentItem> out;
  ItemsInto(Start(subject), out);
  return out;
}

void ConsentView::ItemsInto(const Probe& probe, std::vector<ConsentItem>& out) const {
  out.clear();
  uint32_t idx = Find(probe.subject, probe.hash);
  if (idx == kNone) return;
  const SubjectRec& r = subjects_[idx];
  out.reserve(r.count);
  for (uint8_t i = 0; i < r.count; ++i) {
    const Entry& e = entries_[r.entries_offset + i];
    ConsentItem item;
    item.purpose = purposes_[e.purpose];
    item.vendor = vendors_[e.vendor];
    item.channel = e.channel;
    item.party = e.party;
    item.state = e.state;
    item.since = static_cast<UnixMillis>(e.since_s) * 1000;
    item.notice_version = e.notice_version;
    item.source = e.source;
    item.rule = e.rule;
    item.gpc = e.gpc != 0;
    out.push_back(item);
  }
}

size_t ConsentView::entry_count() const {
  size_t n = 0;
  for (const auto& r : subjects_) n += r.count;
  return n;
}

size_t ConsentView::MemoryBytes() const {
  size_t bytes = table_.capacity() * sizeof(uint32_t) + subjects_.capacity() * sizeof(SubjectRec) +
                 ids_.capacity() + entries_.capacity() * sizeof(Entry);
  for (const auto& p : purposes_) bytes += p.capacity() + sizeof(std::string) * 3;
  for (const auto& v : vendors_) bytes += v.capacity() + sizeof(std::string) * 3;
  return bytes;
}

}  // namespace tact
