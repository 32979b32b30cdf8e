#include "http/message.h"

namespace tact::http {

uint32_t Fields::Append(std::string_view s) {
  auto at = static_cast<uint32_t>(data_.size());
  data_.append(s);
  return at;
}

size_t Fields::Find(std::string_view name) const {
  for (size_t i = 0; i < entries_.size(); ++i) {
    const Entry& e = entries_[i];
    if (std::string_view(data_.data() + e.name, e.name_len) == name) return i;
  }
  return kAbsent;
}

void Fields::Set(std::string_view name, std::string_view value) {
  if (size_t i = Find(name); i != kAbsent) {
    Entry& e = entries_[i];
    e.value = Append(value);
    e.value_len = static_cast<uint32_t>(value.size());
    return;
  }
  Entry e;
  e.name = Append(name);
  e.name_len = static_cast<uint32_t>(name.size());
  e.value = Append(value);
  e.value_len = static_cast<uint32_t>(value.size());
  entries_.push_back(e);
}

void Fields::Add(std::string_view name, std::string_view value) {
  if (!Has(name)) Set(name, value);
}

std::string_view Fields::Get(std::string_view name) const {
  size_t i = Find(name);
  if (i == kAbsent) return {};
  return std::string_view(data_.data() + entries_[i].value, entries_[i].value_len);
}

void Fields::Erase(std::string_view name) {
  size_t i = Find(name);
  if (i != kAbsent) entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(i));
}

}  // namespace tact::http
