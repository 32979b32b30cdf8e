#include "codec/tcf/tc_decoder.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <vector>

#include "codec/base64url.h"
#include "codec/bit_writer.h"
#include "codec/tcf/tc_encoder.h"
#include "codec/tcf/tc_json.h"

namespace tact::codec::tcf {
namespace {

TcModel Sample() {
  TcModel m;
  m.created = 16000000000;
  m.last_updated = 16000000001;
  m.cmp_id = 300;
  m.cmp_version = 7;
  m.consent_screen = 3;
  SetLetters("FR", m.consent_language);
  m.vendor_list_version = 80;
  m.policy_version = 4;
  m.is_service_specific = true;
  SetLetters("DE", m.publisher_cc);
  m.purpose_consents.Set(1, true);
  m.purpose_consents.Set(24, true);
  m.purpose_legitimate_interests.Set(2, true);
  m.special_feature_optins.Set(12, true);
  m.vendor_consents.ids = {2, 5, 755};
  for (uint16_t i = 1; i <= 100; ++i) m.vendor_legitimate_interests.ids.push_back(i);
  m.publisher_restrictions.push_back({2, RestrictionType::kRequireConsent, {5, 6, 7}});
  m.vendors_disclosed = VendorList{{2, 5, 755}};
  PublisherTc p;
  p.consents.Set(1, true);
  p.num_custom_purposes = 2;
  p.custom_consents = {false, true};
  p.custom_legitimate_interests = {false, false};
  m.publisher_tc = p;
  return m;
}

TEST(codec_TcDecoder, RoundTripsEverySegment) {
  TcModel m = Sample();
  Result<std::string> s = Encode(m);
  ASSERT_TRUE(s.ok()) << s.error().message();
  EXPECT_EQ(std::count(s->begin(), s->end(), '.'), 2);
  Result<TcModel> d = Decode(*s);
  ASSERT_TRUE(d.ok()) << d.error().message();
  EXPECT_EQ(d->created, m.created);
  EXPECT_EQ(d->last_updated, m.last_updated);
  EXPECT_EQ(d->cmp_id, 300);
  EXPECT_EQ(d->consent_language[0], 5);
  EXPECT_EQ(d->purpose_consents.mask, m.purpose_consents.mask);
  EXPECT_EQ(d->special_feature_optins.mask, m.special_feature_optins.mask);
  EXPECT_EQ(d->vendor_consents.ids, m.vendor_consents.ids);
  EXPECT_EQ(d->vendor_legitimate_interests.ids, m.vendor_legitimate_interests.ids);
  EXPECT_TRUE(d->vendor_legitimate_interests.range_encoded);  // one run: range is shorter
  EXPECT_TRUE(d->vendor_consents.range_encoded);  // 3 ids up to 755: 3 entries beat 755 bits
  EXPECT_EQ(d->publisher_restrictions, m.publisher_restrictions);
  EXPECT_EQ(d->vendors_disclosed, m.vendors_disclosed);
  EXPECT_FALSE(d->vendors_allowed.has_value());
  EXPECT_EQ(*d->publisher_tc, *m.publisher_tc);
  EXPECT_EQ(*Encode(*d), *s);
}

TEST(codec_TcDecoder, BitfieldVendorSectionsOfEveryLengthAndDensity) {
  // The bitfield walk goes a byte at a time (eight ids stored at once) with a
  // bit-by-bit tail: every length around the byte edges and up to the 16-bit
  // limit, at densities from one id to all of them, decodes to the ids given.
  uint64_t state = 12345;
  auto next = [&state] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return state >> 33;
  };
  std::vector<size_t> lengths;
  for (size_t n = 1; n <= 40; ++n) lengths.push_back(n);
  for (size_t n : {63, 64, 65, 127, 128, 129, 1500, 4095, 65535}) lengths.push_back(n);
  for (size_t max_id : lengths) {
    for (unsigned per_mille : {1000u, 700u, 300u, 20u}) {
      TcModel m = Sample();
      m.vendor_consents.ids.clear();
      for (size_t id = 1; id <= max_id; ++id) {
        if (next() % 1000 < per_mille || id == max_id) {
          m.vendor_consents.ids.push_back(static_cast<uint16_t>(id));
        }
      }
      auto s = Encode(m);
      ASSERT_TRUE(s.ok()) << s.error().ToString();
      auto back = Decode(*s);
      ASSERT_TRUE(back.ok()) << back.error().ToString();
      EXPECT_EQ(back->vendor_consents.ids, m.vendor_consents.ids)
          << "max id " << max_id << ", " << per_mille << " per mille, "
          << (back->vendor_consents.range_encoded ? "ranges" : "bitfield");
    }
  }
}

TEST(codec_TcDecoder, CustomPurposesOfEveryCount) {
  // 0..63 custom purposes: the consents start at bit 57 of the publisher TC
  // segment and the legitimate interests right after them, so the counts
  // put the second list at every offset within a byte.
  uint64_t state = 777;
  auto next = [&state] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return state >> 33;
  };
  for (unsigned n = 0; n <= 63; ++n) {
    for (int pattern = 0; pattern < 3; ++pattern) {  // all set, random, none
      TcModel m = Sample();
      PublisherTc& p = *m.publisher_tc;
      p.num_custom_purposes = static_cast<uint8_t>(n);
      p.custom_consents.assign(n, false);
      p.custom_legitimate_interests.assign(n, false);
      for (unsigned i = 0; i < n; ++i) {
        p.custom_consents[i] = pattern == 0 || (pattern == 1 && next() % 2 == 0);
        p.custom_legitimate_interests[i] = pattern == 0 || (pattern == 1 && next() % 3 == 0);
      }
      auto s = Encode(m);
      ASSERT_TRUE(s.ok()) << s.error().ToString();
      auto back = Decode(*s);
      ASSERT_TRUE(back.ok()) << back.error().ToString();
      ASSERT_TRUE(back->publisher_tc.has_value());
      EXPECT_EQ(back->publisher_tc->custom_consents, p.custom_consents) << n;
      EXPECT_EQ(back->publisher_tc->custom_legitimate_interests, p.custom_legitimate_interests)
          << n;
    }
  }
}

TEST(codec_TcDecoder, JsonShapeAndRoundTrip) {
  std::string s = *Encode(Sample());
  std::string out;
  DecodeToJson(s, &out);
  nlohmann::json j = nlohmann::json::parse(out);
  EXPECT_EQ(j["tcData"]["tcString"], s);
  EXPECT_EQ(j["tcData"]["publisherCC"], "DE");
  EXPECT_EQ(j["core"]["consentLanguage"], "FR");
  EXPECT_EQ(j["tcData"]["vendor"]["consents"].size(), 755u);
  EXPECT_EQ(j["tcData"]["vendor"]["consents"]["5"], true);
  EXPECT_EQ(j["tcData"]["vendor"]["consents"]["6"], false);
  EXPECT_EQ(j["tcData"]["purpose"]["consents"].size(), 24u);
  EXPECT_EQ(j["tcData"]["publisher"]["restrictions"],
            nlohmann::json::parse(R"({"2":{"5":1,"6":1,"7":1}})"));
  EXPECT_EQ(j["tcData"]["publisher"]["customPurpose"]["consents"],
            nlohmann::json::parse(R"({"1":false,"2":true})"));
  EXPECT_EQ(j["tcData"]["outOfBand"]["allowedVendors"], nlohmann::json::object());
  Result<std::string> again = EncodeFromJsonText(out);
  ASSERT_TRUE(again.ok()) << again.error().message();
  std::string out2;
  DecodeToJson(*again, &out2);
  nlohmann::json j2 = nlohmann::json::parse(out2);
  j2["tcData"]["tcString"] = s;
  EXPECT_EQ(j2, j);
}

std::string Segment(BitWriter w) { return EncodeBase64Url(w, Padding::kTraditional); }

TEST(codec_TcDecoder, RejectsWhatTactRejects) {
  std::string core = *Encode(Sample());
  core = core.substr(0, core.find('.'));
  BitWriter allowed;
  allowed.Write(2, 3);
  allowed.Write(0, 17);
  std::string seg2 = Segment(allowed);
  BitWriter type5;
  type5.Write(5, 3);
  type5.Write(0, 21);
  struct Case {
    std::string s;
    std::string needle;
  } cases[] = {
      {"", "empty"},
      {core + ".", "empty"},
      {core + "." + seg2 + "." + seg2, "twice"},
      {core + "." + core, "twice"},
      {seg2 + "." + core, "not the core"},
      {core + "." + Segment(type5), "unknown segment type 5"},
      {core.substr(0, 30), "truncated"},
      {core + "=", "invalid base64url"},
      {"BOEFEAyOEFEAyAHABDENAI4AAAB9vABAASA", "Version 1"},
  };
  for (const Case& c : cases) {
    Result<TcModel> d = Decode(c.s);
    ASSERT_FALSE(d.ok()) << c.s;
    EXPECT_NE(d.error().message().find(c.needle), std::string::npos) << d.error().message();
  }
}

TEST(codec_TcDecoder, MirrorsLibraryRejections) {
  TcModel m = Sample();
  m.cmp_id = 1;
  EXPECT_FALSE(Encode(m).ok());
  // Build the bits by hand for what Encode refuses.
  auto core_with = [](uint16_t cmp_id, uint8_t cc0, std::vector<PublisherRestriction> prs) {
    BitWriter w;
    w.Write(2, 6);
    w.Write(1, 36);
    w.Write(1, 36);
    w.Write(cmp_id, 12);
    // 111 zero bits, in two writes: BitWriter::Write takes at most 64 (a wider
    // shift is undefined behaviour; UBSan caught it in `make asan`).
    w.Write(0, 12 + 6 + 12 + 12 + 6 + 2 + 12);
    w.Write(0, 24 + 24 + 1);
    w.Write(cc0, 6);
    w.Write(0, 6);
    w.Write(0, 17 * 2);  // two empty bitfields
    w.Write(prs.size(), 12);
    for (auto& pr : prs) {
      w.Write(pr.purpose_id, 6);
      w.Write(static_cast<unsigned>(pr.type), 2);
      w.Write(pr.vendor_ids.size(), 12);
      for (uint16_t v : pr.vendor_ids) {
        w.WriteBool(false);
        w.Write(v, 16);
      }
    }
    return EncodeBase64Url(w, Padding::kTraditional);
  };
  EXPECT_TRUE(Decode(core_with(2, 0, {})).ok());
  EXPECT_FALSE(Decode(core_with(0, 0, {})).ok());
  EXPECT_FALSE(Decode(core_with(1, 0, {})).ok());
  EXPECT_TRUE(Decode(core_with(2, 57, {})).ok());
  EXPECT_FALSE(Decode(core_with(2, 58, {})).ok());
  EXPECT_FALSE(Decode(core_with(2, 0, {{0, RestrictionType::kNotAllowed, {3}}})).ok());
  EXPECT_TRUE(Decode(core_with(2, 0, {{0, RestrictionType::kNotAllowed, {}}})).ok());
  EXPECT_FALSE(Decode(core_with(2, 0, {{1, static_cast<RestrictionType>(3), {3}}})).ok());
  // Vendor 0 in a restriction is accepted but does not show in TCData.
  std::string s = core_with(2, 0, {{1, RestrictionType::kRequireConsent, {0, 4}}});
  ASSERT_TRUE(Decode(s).ok());
  std::string out;
  DecodeToJson(s, &out);
  EXPECT_EQ(nlohmann::json::parse(out)["tcData"]["publisher"]["restrictions"],
            nlohmann::json::parse(R"({"1":{"4":1}})"));
  // PublisherCC values 26-31 are punctuation, 32-57 upper-cased letters.
  out.clear();
  DecodeToJson(core_with(2, 32, {}), &out);
  EXPECT_EQ(nlohmann::json::parse(out)["tcData"]["publisherCC"], "AA");
  out.clear();
  DecodeToJson(core_with(2, 26, {}), &out);
  EXPECT_EQ(nlohmann::json::parse(out)["tcData"]["publisherCC"], "[A");
}

TEST(codec_TcDecoder, LaterRestrictionGroupWinsInTcData) {
  TcModel m = Sample();
  m.publisher_restrictions = {{2, RestrictionType::kRequireConsent, {5}},
                              {2, RestrictionType::kNotAllowed, {5, 6}},
                              {2, RestrictionType::kRequireConsent, {6}}};
  std::string out;
  DecodeToJson(*Encode(m), &out);
  // Groups merge per (purpose, type) in first-seen order: 2-1 {5,6}, then 2-0 {5,6}.
  EXPECT_EQ(nlohmann::json::parse(out)["tcData"]["publisher"]["restrictions"],
            nlohmann::json::parse(R"({"2":{"5":0,"6":0}})"));
}

TEST(codec_TcEncoder, IssuancePolicy) {
  TcModel m = Sample();
  EXPECT_TRUE(CheckIssuancePolicy(m).ok());
  m.purpose_legitimate_interests.Set(3, true);
  EXPECT_FALSE(CheckIssuancePolicy(m).ok());
  m.purpose_legitimate_interests.Set(3, false);
  m.vendors_disclosed.reset();
  EXPECT_FALSE(CheckIssuancePolicy(m).ok());
}

}  // namespace
}  // namespace tact::codec::tcf
