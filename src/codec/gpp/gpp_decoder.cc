// gpp::Decode, WriteJson and DecodeToJson (gpp_codec.h).
#include <string>

#include "codec/base64url.h"
#include "codec/gpp/gpp_codec.h"
#include "codec/gpp/section_codec.h"
#include "codec/gpp/sections.h"

namespace tact::codec::gpp {
namespace {

// JavaScript String.prototype.trim() leaves nothing: only white space and
// line terminators (decoded as UTF-8).
bool IsJsBlank(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    unsigned cp;
    size_t n;
    if (c < 0x80) {
      cp = c;
      n = 1;
    } else if ((c & 0xE0) == 0xC0 && i + 1 < s.size()) {
      cp = ((c & 0x1Fu) << 6) | (s[i + 1] & 0x3Fu);
      n = 2;
    } else if ((c & 0xF0) == 0xE0 && i + 2 < s.size()) {
      cp = ((c & 0x0Fu) << 12) | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3Fu);
      n = 3;
    } else {
      return false;
    }
    bool space = (cp >= 9 && cp <= 13) || cp == 32 || cp == 0xA0 || cp == 0x1680 ||
                 (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
                 cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
    if (!space) return false;
    i += n;
  }
  return true;
}

void WriteValue(const FieldValue& v, JsonWriter* w) {
  if (const int64_t* i = std::get_if<int64_t>(&v)) {
    w->Int(*i);
  } else if (const bool* b = std::get_if<bool>(&v)) {
    w->Bool(*b);
  } else if (const std::string* s = std::get_if<std::string>(&v)) {
    w->String(*s);
  } else if (const auto* ints = std::get_if<std::vector<int64_t>>(&v)) {
    w->IntArray(std::span<const int64_t>(*ints));
  } else if (const auto* bools = std::get_if<std::vector<bool>>(&v)) {
    w->BoolArray(*bools);
  } else if (const auto* entries = std::get_if<std::vector<RangeEntry>>(&v)) {
    w->BeginArray();
    for (const RangeEntry& e : *entries) {
      w->BeginObject();
      w->KeyRaw("key");
      w->Int(e.key);
      w->KeyRaw("type");
      w->Int(e.type);
      w->KeyRaw("ids");
      w->IntArray(std::span<const int64_t>(e.ids));
      w->EndObject();
    }
    w->EndArray();
  }
}

}  // namespace

Result<GppModel> Decode(std::string_view s) {
  GppModel model;
  TACT_RETURN_IF_ERROR(DecodeInto(s, &model));
  return model;
}

// Reuses the storage `model` already has (sections, their field vectors and
// the scratch below), so a caller that decodes many strings into one model
// allocates little per string.
Status DecodeInto(std::string_view s, GppModel* model) {
  if (s.substr(0, 2) != "DB") {
    return Status::InvalidArgument(
        "not a GPP v1 string: it must start with the header \"DB\" (bit 0)");
  }
  size_t tilde = s.find('~');
  std::string_view header_text = s.substr(0, tilde);
  header_text = header_text.substr(0, header_text.find('.'));
  thread_local Bits bits;  // scratch, reused: no allocation per string
  Status st = DecodeBase64Url(header_text, &bits);
  thread_local std::vector<Field> header;
  header.clear();
  AppendDefaults(HeaderSpec(), &header);
  if (st.ok()) {
    BitReader r(bits.bytes.data(), bits.bit_size);
    st = DecodeFields(r, HeaderSpec(), &header, 0);
  }
  if (!st.ok()) return Status::InvalidArgument("header: " + st.message());
  const std::vector<int64_t>& ids = std::get<std::vector<int64_t>>(header[2].value);

  thread_local std::vector<std::string_view> texts;
  texts.clear();
  while (tilde != std::string_view::npos) {
    size_t next = s.find('~', tilde + 1);
    texts.push_back(s.substr(tilde + 1, next == std::string_view::npos ? next : next - tilde - 1));
    tilde = next;
  }
  if (ids.size() != texts.size()) {
    return Status::InvalidArgument("header lists " + std::to_string(ids.size()) + " sections but " +
                                   std::to_string(texts.size()) + " follow");
  }
  for (size_t i = 0; i < ids.size(); ++i) {
    if (IsJsBlank(texts[i]))
      return Status::InvalidArgument("section " + std::to_string(i + 1) + " is blank");
  }
  size_t used = 0;
  for (size_t i = 0; i < ids.size(); ++i) {
    if (ids[i] > 1000 || SectionName(static_cast<int>(ids[i])).empty())
      continue;  // skipped, as the library does
    if (used == model->sections.size()) model->sections.emplace_back();
    st = DecodeSection(static_cast<int>(ids[i]), texts[i], &model->sections[used]);
    if (!st.ok()) {
      return Status::InvalidArgument("section " + std::to_string(i + 1) + " (" +
                                     std::string(SectionName(static_cast<int>(ids[i]))) +
                                     "): " + st.message());
    }
    ++used;
  }
  model->sections.resize(used);
  return Status::Ok();
}

// Section and field names come from the static tables of sections.h, which
// need no escaping.
void WriteJson(const GppModel& model, JsonWriter* w) {
  w->BeginObject();
  w->KeyRaw("sectionList");
  w->BeginArray();
  for (const Section& s : model.sections) w->Int(s.id);
  w->EndArray();
  w->KeyRaw("sections");
  w->BeginObject();
  for (const Section& s : model.sections) {
    w->KeyRaw(s.name);
    w->BeginObject();
    for (const Field& f : s.fields) {
      w->KeyRaw(f.name);
      WriteValue(f.value, w);
    }
    w->EndObject();
  }
  w->EndObject();
  w->EndObject();
}

void DecodeToJson(std::string_view s, std::string* out) {
  JsonWriter w(out);
  thread_local GppModel model;  // reused: its vectors keep their capacity
  Status st = DecodeInto(s, &model);
  if (!st.ok()) {
    w.BeginObject();
    w.Key("error");
    w.String(st.message());
    w.EndObject();
    return;
  }
  WriteJson(model, &w);
}

}  // namespace tact::codec::gpp
