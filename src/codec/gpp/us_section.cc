// US state sections (ids 7-27) and uspv1 (6); see section_codec.h.
#include <string>
#include <vector>

#include "codec/base64url.h"
#include "codec/gpp/section_codec.h"
#include "codec/gpp/sections.h"

namespace tact::codec::gpp {
namespace {

// The text before the first '.' and the text between the first and the
// second '.' (later segments are ignored, as in the library); `has_second`
// tells whether there was a '.'.
void FirstTwoSegments(std::string_view text, std::string_view* first, std::string_view* second,
                      bool* has_second) {
  size_t dot = text.find('.');
  *first = text.substr(0, dot);
  *has_second = dot != std::string_view::npos;
  *second =
      *has_second ? text.substr(dot + 1, text.find('.', dot + 1) - dot - 1) : std::string_view();
}

Status DecodeSegment(std::string_view text, SegmentSpec spec, const char* what,
                     std::vector<Field>* fields, size_t first, size_t* bit_size) {
  thread_local Bits bits;  // scratch, reused: no allocation per segment
  Status st = DecodeBase64Url(text, &bits);
  if (st.ok()) {
    if (bit_size) *bit_size = bits.bit_size;
    BitReader r(bits.bytes.data(), bits.bit_size);
    st = DecodeFields(r, spec, fields, first);
  }
  if (!st.ok()) return Status::InvalidArgument(std::string(what) + ": " + st.message());
  return Status::Ok();
}

SegmentSpec OptionalSpec(Optional o) {
  return o == Optional::kGpc ? GpcSpec() : SensitiveDataSpec();
}

bool IsDefault(const std::vector<Field>& fields, SegmentSpec spec) {
  std::vector<Field> defaults;
  AppendDefaults(spec, &defaults);
  for (const Field& d : defaults) {
    for (const Field& f : fields) {
      if (f.name == d.name && !(f.value == d.value)) return false;
    }
  }
  return true;
}

}  // namespace

Status DecodeUsSection(int id, std::string_view text, Section* out) {
  const UsSectionSpec* spec = FindUsSection(id);
  out->id = id;
  out->name = spec->name;
  out->fields.clear();
  std::string_view core_text, optional_text;
  bool has_optional;
  FirstTwoSegments(text, &core_text, &optional_text, &has_optional);
  // usnat: the Version 1 layout is chosen by length (60 or 66 bits).
  bool v1_layout = id == kUsNatId && (core_text.size() == 10 || core_text.size() == 11);
  SegmentSpec core = v1_layout ? UsNatV1CoreSpec() : spec->core;
  out->fields.reserve(core.size() + 2);
  AppendDefaults(core, &out->fields);
  size_t optional_first = out->fields.size();
  if (spec->optional != Optional::kNone) AppendDefaults(OptionalSpec(spec->optional), &out->fields);
  TACT_RETURN_IF_ERROR(DecodeSegment(core_text, core, "core segment", &out->fields, 0, nullptr));
  if (id == kUsNatId) {
    int64_t version = std::get<int64_t>(out->fields[0].value);
    if (v1_layout != (version == 1)) {
      return Status::InvalidArgument("usnat core of " + std::to_string(core_text.size() * 6) +
                                     " bits with Version " + std::to_string(version) +
                                     " (the 60/66-bit layout is Version 1 only) at bit 0");
    }
  }
  if (spec->optional != Optional::kNone && has_optional) {
    TACT_RETURN_IF_ERROR(
        DecodeSegment(optional_text, OptionalSpec(spec->optional),
                      spec->optional == Optional::kGpc ? "GPC segment" : "sensitive data segment",
                      &out->fields, optional_first, nullptr));
  }
  return Status::Ok();
}

Status EncodeUsSection(const Section& s, std::string* out) {
  const UsSectionSpec* spec = FindUsSection(s.id);
  if (spec == nullptr) return Status::InvalidArgument("unknown US section");
  SegmentSpec core = spec->core;
  if (s.id == kUsNatId) {
    const FieldValue* v = s.Find("Version");
    if (v && std::holds_alternative<int64_t>(*v) && std::get<int64_t>(*v) == 1)
      core = UsNatV1CoreSpec();
  }
  BitWriter w;
  Status st = EncodeFields(core, s.fields, &w);
  if (!st.ok()) return Status::InvalidArgument(std::string(spec->name) + "." + st.message());
  *out = EncodeBase64Url(w, Padding::kCompressed);
  if (spec->optional != Optional::kNone && !IsDefault(s.fields, OptionalSpec(spec->optional))) {
    BitWriter o;
    st = EncodeFields(OptionalSpec(spec->optional), s.fields, &o);
    if (!st.ok()) return Status::InvalidArgument(std::string(spec->name) + "." + st.message());
    *out += '.';
    *out += EncodeBase64Url(o, Padding::kCompressed);
  }
  return Status::Ok();
}

Status DecodeUspV1(std::string_view text, Section* out) {
  auto ok_char = [](char c) { return c == 'Y' || c == 'N' || c == '-'; };
  if (text.size() != 4 || text[0] != '1' || !ok_char(text[1]) || !ok_char(text[2]) ||
      !ok_char(text[3])) {
    return Status::InvalidArgument("uspv1 must match ^1[YN-]{3}$");
  }
  out->id = kUspV1Id;
  out->name = "uspv1";
  out->fields = {{"Version", int64_t{1}},
                 {"Notice", std::string(1, text[1])},
                 {"OptOutSale", std::string(1, text[2])},
                 {"LspaCovered", std::string(1, text[3])}};
  return Status::Ok();
}

Status EncodeUspV1(const Section& s, std::string* out) {
  std::string text = "1";
  const FieldValue* version = s.Find("Version");
  if (!version || !std::holds_alternative<int64_t>(*version) || std::get<int64_t>(*version) != 1) {
    return Status::InvalidArgument("uspv1.Version must be 1");
  }
  for (const char* name : {"Notice", "OptOutSale", "LspaCovered"}) {
    const FieldValue* v = s.Find(name);
    const std::string* str = v ? std::get_if<std::string>(v) : nullptr;
    if (!str || str->size() != 1 || (*str != "Y" && *str != "N" && *str != "-")) {
      return Status::InvalidArgument(std::string("uspv1.") + name + " must be Y, N or -");
    }
    text += *str;
  }
  *out = text;
  return Status::Ok();
}

Status DecodeSection(int id, std::string_view text, Section* out) {
  switch (id) {
    case kTcfEuV2Id:
      return DecodeTcfEuV2(text, out);
    case kTcfCaV1Id:
      return DecodeTcfCaV1(text, out);
    case kUspV1Id:
      return DecodeUspV1(text, out);
    default:
      return DecodeUsSection(id, text, out);
  }
}

Status EncodeSection(const Section& s, std::string* out) {
  switch (s.id) {
    case kTcfEuV2Id:
      return EncodeTcfEuV2(s, out);
    case kTcfCaV1Id:
      return EncodeTcfCaV1(s, out);
    case kUspV1Id:
      return EncodeUspV1(s, out);
    default:
      return EncodeUsSection(s, out);
  }
}

}  // namespace tact::codec::gpp
