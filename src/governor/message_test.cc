#include "governor/message.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "governor/time_zones.h"

namespace tact::governor {
namespace {

Message Sample() {
  Message m;
  m.id = "msg_abc";
  m.subject = "sub_1";
  m.idempotency_key = "key \"quoted\" \\ back\x01slash\n";
  m.channel = Channel::kSms;
  m.purpose = "marketing.sms";
  m.category = "promo";
  m.priority = Priority::kService;
  m.re_permission = true;
  m.verdict = Verdict::kSend;
  m.decided_at = 1'772'446'500'000;
  m.at = -5;
  m.not_before = 0;
  m.expires_at = 1'772'450'100'000;
  m.seq = 18'446'744'073'709'551'000ULL;
  m.fatigue_level = 3;
  m.SetReasons({{"granted", "granted by the person on 2026-03-02 via banner"},
                {"quiet_hours", "caf\xc3\xa9 \x7f \"x\"\t"}});
  m.AddOutcome({Outcome::kDelivered, 1'772'446'600'000, 7});
  m.AddOutcome({Outcome::kIgnored, 1'772'446'700'000, 9});
  return m;
}

TEST(MessageTest, EncodedRecordIsJsonAndDecodesToTheSameMessage) {
  Message m = Sample();
  std::string body = EncodeMessage(m);
  auto j = nlohmann::json::parse(body);  // throws on invalid JSON
  EXPECT_EQ(j.at("idempotency_key"), m.idempotency_key);
  EXPECT_EQ(j.at("reasons").at(1).at(1), m.Reasons()[1].message);
  EXPECT_EQ(j.at("seq").get<uint64_t>(), m.seq);
  auto d = DecodeMessage(body, "msg_abc");
  ASSERT_TRUE(d.ok()) << d.error().ToString();
  EXPECT_EQ(d->id, "msg_abc");
  EXPECT_EQ(d->subject, m.subject);
  EXPECT_EQ(d->idempotency_key, m.idempotency_key);
  EXPECT_EQ(d->channel, Channel::kSms);
  EXPECT_EQ(d->purpose, m.purpose);
  EXPECT_EQ(d->category, m.category);
  EXPECT_EQ(d->priority, Priority::kService);
  EXPECT_TRUE(d->re_permission);
  EXPECT_EQ(d->verdict, Verdict::kSend);
  EXPECT_EQ(d->decided_at, m.decided_at);
  EXPECT_EQ(d->at, -5);
  EXPECT_EQ(d->expires_at, m.expires_at);
  EXPECT_EQ(d->seq, m.seq);
  EXPECT_EQ(d->fatigue_level, 3);
  ASSERT_EQ(d->Reasons().size(), 2u);
  EXPECT_EQ(d->Reasons()[1].code, "quiet_hours");
  EXPECT_EQ(d->Reasons()[1].message, "caf\xc3\xa9 \x7f \"x\"\t");
  EXPECT_EQ(EncodeMessage(*d), body);  // a stored record round-trips to the same bytes
  ASSERT_EQ(d->outcomes.size(), 2u);
  EXPECT_EQ(d->outcomes[1].outcome, Outcome::kIgnored);
  EXPECT_EQ(d->outcomes[1].seq, 9u);
  EXPECT_TRUE(d->Confirmed());
}

// A message just decided writes its reasons from the decision's codes: the
// record is the one written from the same reasons in words.
TEST(MessageTest, RecordFromCodesEqualsRecordFromWords) {
  MessagingPolicy policy;
  policy.caps.push_back({Channel::kEmail, "", 1, 7 * kMillisPerDay});
  policy.quiet_hours = {21 * 60, 8 * 60};
  Decision consent{true, {{"granted", "granted by the person on 2026-03-02 via \"api\""}}};
  FatigueState fatigue;
  std::vector<SlotUse> uses = {{1'772'400'000'000, Channel::kEmail, ""}};
  SendRequest r;
  r.subject = "sub_1";
  r.purpose = "marketing.email";
  r.at = 1'772'446'500'000;
  SendContext ctx;
  ctx.consent = &consent;
  ctx.policy = &policy;
  ctx.zone = FindTimeZone("Europe/Paris");
  ctx.uses = uses;
  ctx.fatigue = &fatigue;
  SendDecision d = DecideSend(r, ctx);
  ASSERT_EQ(d.ReasonCount(), 4u);
  EXPECT_EQ(d.Code(1), "cap_reached");

  Message coded = Sample();
  coded.reasons_json.clear();
  std::string body = EncodeMessage(coded, d, /*keep_reasons=*/true);
  Message worded = Sample();
  worded.SetReasons(d.Reasons());
  EXPECT_EQ(body, EncodeMessage(worded));
  EXPECT_EQ(coded.reasons_json, worded.reasons_json);
  EXPECT_EQ(EncodeMessage(coded), body);
  std::vector<Reason> back = coded.Reasons();
  ASSERT_EQ(back.size(), 4u);
  EXPECT_EQ(back[0].message, "granted by the person on 2026-03-02 via \"api\"");
  EXPECT_NE(back[1].message.find("the cap of 1 messages (email, 7 days) is reached"),
            std::string::npos);
}

TEST(MessageTest, EmptyListsEncode) {
  Message m;
  m.id = "msg_x";
  m.subject = "s";
  std::string body = EncodeMessage(m);
  auto j = nlohmann::json::parse(body);
  EXPECT_TRUE(j.at("reasons").empty());
  EXPECT_TRUE(j.at("outcomes").empty());
  EXPECT_FALSE(j.at("re_permission").get<bool>());
  EXPECT_TRUE(DecodeMessage(body, "msg_x").ok());
}

}  // namespace
}  // namespace tact::governor
