#include "core/json_fields.h"

#include <cstring>

namespace tact::json {
namespace {

Status TypeError(const char* field, const char* type) {
  return Status::InvalidArgument(std::string("field '") + field + "' must be " + type);
}

}  // namespace

Status RequireObject(const Json& j, std::string_view what) {
  if (!j.is_object()) return Status::InvalidArgument(std::string(what) + " must be a JSON object");
  return Status::Ok();
}

Status GetString(const Json& obj, const char* field, std::string& out, size_t max_len) {
  auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) {
    return Status::InvalidArgument(std::string("field '") + field + "' is required");
  }
  return GetOptString(obj, field, out, max_len);
}

Status GetOptString(const Json& obj, const char* field, std::string& out, size_t max_len) {
  auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) return Status::Ok();
  if (!it->is_string()) return TypeError(field, "a string");
  const auto& s = it->get_ref<const std::string&>();
  if (s.size() > max_len) {
    return Status::InvalidArgument(std::string("field '") + field + "' is longer than " +
                                   std::to_string(max_len) + " bytes");
  }
  out = s;
  return Status::Ok();
}

Status GetOptBool(const Json& obj, const char* field, bool& out) {
  auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) return Status::Ok();
  if (!it->is_boolean()) return TypeError(field, "true or false");
  out = it->get<bool>();
  return Status::Ok();
}

Status GetOptInt(const Json& obj, const char* field, int64_t min, int64_t max, int64_t& out) {
  auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) return Status::Ok();
  if (!it->is_number_integer()) return TypeError(field, "an integer");
  int64_t v;
  if (it->is_number_unsigned()) {
    uint64_t u = it->get<uint64_t>();
    if (u > static_cast<uint64_t>(INT64_MAX)) v = INT64_MAX;
    else v = static_cast<int64_t>(u);
  } else {
    v = it->get<int64_t>();
  }
  if (v < min || v > max) {
    return Status::InvalidArgument(std::string("field '") + field + "' must be between " +
                                   std::to_string(min) + " and " + std::to_string(max));
  }
  out = v;
  return Status::Ok();
}

Status GetOptStringArray(const Json& obj, const char* field, std::vector<std::string>& out,
                         size_t max_items, size_t max_len) {
  auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) return Status::Ok();
  if (!it->is_array()) return TypeError(field, "an array of strings");
  if (it->size() > max_items) {
    return Status::InvalidArgument(std::string("field '") + field + "' has more than " +
                                   std::to_string(max_items) + " items");
  }
  std::vector<std::string> items;
  for (const auto& e : *it) {
    if (!e.is_string()) return TypeError(field, "an array of strings");
    const auto& s = e.get_ref<const std::string&>();
    if (s.size() > max_len) {
      return Status::InvalidArgument(std::string("an item of '") + field + "' is too long");
    }
    items.push_back(s);
  }
  out = std::move(items);
  return Status::Ok();
}

Status GetOptIntArray(const Json& obj, const char* field, int64_t min, int64_t max, std::vector<int>& out) {
  auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) return Status::Ok();
  std::string want = "an array of integers from " + std::to_string(min) + " to " + std::to_string(max);
  if (!it->is_array() || it->size() > 64) return TypeError(field, want.c_str());
  std::vector<int> items;
  for (const auto& e : *it) {
    if (!e.is_number_integer()) return TypeError(field, want.c_str());
    int64_t v = e.is_number_unsigned() && e.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)
                    ? INT64_MAX
                    : e.get<int64_t>();
    if (v < min || v > max) return TypeError(field, want.c_str());
    items.push_back(static_cast<int>(v));
  }
  out = std::move(items);
  return Status::Ok();
}

bool IsLanguageTag(std::string_view s) {
  // "en", "fr", "pt-BR", "zh-Hant" (a practical subset of BCP 47).
  if (s.size() < 2 || s.size() > 12) return false;
  size_t i = 0;
  while (i < s.size() && s[i] >= 'a' && s[i] <= 'z') ++i;
  if (i < 2 || i > 3) return false;
  if (i == s.size()) return true;
  if (s[i] != '-' || i + 1 == s.size()) return false;
  for (++i; i < s.size(); ++i) {
    char c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

Status GetOptLocalized(const Json& obj, const char* field, LocalizedText& out, size_t max_len) {
  auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) return Status::Ok();
  if (it->is_string()) {  // a bare string is English
    if (it->get_ref<const std::string&>().size() > max_len) return TypeError(field, "shorter");
    out = {{"en", it->get<std::string>()}};
    return Status::Ok();
  }
  if (!it->is_object()) return TypeError(field, "an object of language -> text");
  LocalizedText text;
  for (const auto& [lang, v] : it->items()) {
    if (!IsLanguageTag(lang)) {
      return Status::InvalidArgument(std::string("field '") + field + "' has an invalid language tag");
    }
    if (!v.is_string() || v.get_ref<const std::string&>().size() > max_len) {
      return Status::InvalidArgument(std::string("field '") + field + "." + lang +
                                     "' must be a string of at most " + std::to_string(max_len) + " bytes");
    }
    text[lang] = v.get<std::string>();
  }
  out = std::move(text);
  return Status::Ok();
}

Status RejectUnknownFields(const Json& obj, std::initializer_list<const char*> allowed) {
  for (const auto& [key, v] : obj.items()) {
    bool known = false;
    for (const char* a : allowed) {
      if (key == a) {
        known = true;
        break;
      }
    }
    if (!known) {
      std::string shown = key.size() > 64 ? key.substr(0, 64) + "..." : key;
      return Status::InvalidArgument("unknown field '" + shown + "'");
    }
  }
  return Status::Ok();
}

}  // namespace tact::json
