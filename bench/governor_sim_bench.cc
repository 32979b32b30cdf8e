// The governor against "consent only", on synthetic people (deterministic, seeded),
// and the governor's in-process decisions per second on one core.
//
//   build/governor_sim_bench [--people N] [--days D] [--seed S] [--decisions N]
//   build/governor_sim_bench --days 0 --people 100000   # the tight loop alone
//   build/governor_sim_bench --days 0 --words 1         # ... writing every reason's words too
//
// Simulation: N people (default 100,000) over D days (default 90, from Monday
// 2026-03-02, so both daylight-saving changes of the year's spring fall inside).
// A sender runs campaigns and would send whatever consent allows:
//   email every day at 09:00 UTC, and Tue/Thu/Sat also at 19:30 UTC (10 a week);
//   SMS Mon/Wed/Fri at 17:00 UTC (3 a week), to the 40% who consented to SMS.
// People live in Europe/Paris (45%), America/New_York (25%), Asia/Tokyo (15%),
// UTC (15%), so the same UTC send time is evening, night or morning for them.
//
// Each person has a base propensity to react p0: engaged 20% (0.25-0.45),
// casual 45% (0.06-0.15), dormant 35% (0.005-0.03). For each message received,
// with `pressure` = messages received in the previous 7 days (all channels),
// `night` = received between 21:00 and 08:00 local, `irrelevance` = 1 - min(1, p0/0.2):
//   react      = p0 * exp(-0.12 * pressure) * (night ? 0.6 : 1)
//   unsubscribe = 0.001  * (1 + 0.25 * pressure) * (0.3 + irrelevance) * (night ? 1.5 : 1)
//   complaint   = 0.0002 * (1 + 0.25 * pressure) * (0.2 + irrelevance) * (night ? 3 : 1)
// drawn in that order; otherwise the message is ignored. Unsubscribing or
// complaining ends marketing on that channel. A re-permission question
// ("do you still want to hear from us?") gets a yes with min(0.9, 3 * p0).
//
// "consent only": every campaign message that consent allows is sent.
// "tact governor": every message goes through Governor::Decide (caps email 4
// and all channels 6 per rolling 7 days, quiet hours 21:00-08:00 in the
// person's zone, fatigue after 10 ignored in a row with gaps of 3 then 7 days,
// then one re-permission message, then a pause; --policy '<json>' to try others). A defer is
// retried at not_before when that is within the campaign's send_by (24 h); a suppress is dropped;
// when the governor says re_permission_due the sender sends the re-permission message instead.
// Every outcome is reported back (POST .../outcome in-process).
//
// Decisions per second: the time spent inside Governor::Decide during the
// governor run (single thread: the whole simulation runs on one core),
// reservations written to an in-memory store included; and a separate tight
// loop of decisions over 100,000 subjects with a real MemoryStore.
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <queue>
#include <string>
#include <vector>

#include "governor/governor.h"
#include "governor/time_zones.h"
#include "storage/memory/memory_store.h"

namespace {

using tact::Channel;
using tact::UnixMillis;
using tact::governor::Governor;
using tact::governor::Outcome;
using tact::governor::Verdict;
using Clock = std::chrono::steady_clock;

// CPU time of this thread, in seconds: the machine is shared, so wall time
// would count other processes' work; decisions per CPU-second on one core is
// the figure that compares.
double CpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 3'600'000;
constexpr int64_t kDay = tact::kMillisPerDay;
const UnixMillis kStart = tact::ParseRfc3339("2026-03-02T00:00:00Z").value();

// SplitMix64: a small, fully specified generator, so the run is the same everywhere.
struct Rng {
  uint64_t s;
  uint64_t Next() {
    uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  double Between(double a, double b) { return a + (b - a) * Uniform(); }
};

struct Zone {
  const char* name;
  const date::time_zone* tz;
};

struct Person {
  std::string id;
  double p0 = 0;
  int segment = 0;  // 0 engaged, 1 casual, 2 dormant
  int zone = 0;
  bool sms = false;
  bool stopped[2] = {false, false};  // email, sms: unsubscribed or complained
  std::vector<UnixMillis> received;  // the last 7 days
  uint64_t rng_state = 0;
};

struct Totals {
  int64_t decisions = 0;
  int64_t sent = 0;
  int64_t sent_email = 0;
  int64_t sent_sms = 0;
  int64_t sent_night = 0;
  int64_t re_permission = 0;
  int64_t reactions = 0;
  int64_t unsubscribes = 0;
  int64_t complaints = 0;
  int64_t paused = 0;  // channels paused by fatigue
  int64_t deferred = 0;
  int64_t suppressed = 0;
  int64_t reactions_by_segment[3] = {0, 0, 0};
  int64_t harm_by_segment[3] = {0, 0, 0};
  double decide_seconds = 0;
};

struct Campaign {
  UnixMillis at;
  Channel channel;
};

std::vector<Campaign> Campaigns(int days) {
  std::vector<Campaign> out;
  for (int d = 0; d < days; ++d) {
    UnixMillis day = kStart + d * kDay;
    int weekday = d % 7;  // 0 = Monday
    out.push_back({day + 9 * kHour, Channel::kEmail});
    if (weekday == 1 || weekday == 3 || weekday == 5)
      out.push_back({day + 19 * kHour + 30 * kMinute, Channel::kEmail});
    if (weekday == 0 || weekday == 2 || weekday == 4)
      out.push_back({day + 17 * kHour, Channel::kSms});
  }
  return out;
}

std::vector<Person> MakePeople(int n, uint64_t seed) {
  Rng rng{seed};
  std::vector<Person> people(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    Person& p = people[static_cast<size_t>(i)];
    p.id = "sub_" + std::to_string(i);
    double s = rng.Uniform();
    p.segment = s < 0.20 ? 0 : s < 0.65 ? 1 : 2;
    p.p0 = p.segment == 0   ? rng.Between(0.25, 0.45)
           : p.segment == 1 ? rng.Between(0.06, 0.15)
                            : rng.Between(0.005, 0.03);
    double z = rng.Uniform();
    p.zone = z < 0.45 ? 0 : z < 0.70 ? 1 : z < 0.85 ? 2 : 3;
    p.sms = rng.Uniform() < 0.40;
    p.rng_state = rng.Next();
  }
  return people;
}

bool Night(const Zone& zone, UnixMillis t) {
  return tact::governor::InQuietHours({21 * 60, 8 * 60}, zone.tz, t);
}

enum class Reaction { kReact, kUnsubscribe, kComplain, kIgnore };

// What the person does with a message received at t.
Reaction Respond(Person& p, const Zone& zone, UnixMillis t, Totals& totals) {
  std::erase_if(p.received, [t](UnixMillis r) { return r <= t - 7 * kDay; });
  double pressure = static_cast<double>(p.received.size());
  p.received.push_back(t);
  bool night = Night(zone, t);
  if (night) totals.sent_night++;
  double irrelevance = 1.0 - std::min(1.0, p.p0 / 0.2);
  double react = p.p0 * std::exp(-0.12 * pressure) * (night ? 0.6 : 1.0);
  double unsub = 0.001 * (1 + 0.25 * pressure) * (0.3 + irrelevance) * (night ? 1.5 : 1.0);
  double complain = 0.0002 * (1 + 0.25 * pressure) * (0.2 + irrelevance) * (night ? 3.0 : 1.0);
  Rng rng{p.rng_state};
  double u = rng.Uniform();
  p.rng_state = rng.s;
  if (u < react) return Reaction::kReact;
  u -= react;
  if (u < unsub) return Reaction::kUnsubscribe;
  u -= unsub;
  if (u < complain) return Reaction::kComplain;
  return Reaction::kIgnore;
}

void Count(Reaction r, const Person& p, Totals& t) {
  if (r == Reaction::kReact) {
    t.reactions++;
    t.reactions_by_segment[p.segment]++;
  } else if (r == Reaction::kUnsubscribe || r == Reaction::kComplain) {
    (r == Reaction::kUnsubscribe ? t.unsubscribes : t.complaints)++;
    t.harm_by_segment[p.segment]++;
  }
}

int ChannelIndex(Channel c) { return c == Channel::kSms ? 1 : 0; }

Totals RunConsentOnly(std::vector<Person> people, const std::vector<Zone>& zones,
                      const std::vector<Campaign>& campaigns) {
  Totals t;
  for (const Campaign& c : campaigns) {
    for (Person& p : people) {
      int ch = ChannelIndex(c.channel);
      if (ch == 1 && !p.sms) continue;
      t.decisions++;
      if (p.stopped[ch]) {
        t.suppressed++;
        continue;
      }
      t.sent++;
      (ch == 0 ? t.sent_email : t.sent_sms)++;
      Reaction r = Respond(p, zones[static_cast<size_t>(p.zone)], c.at, t);
      Count(r, p, t);
      if (r == Reaction::kUnsubscribe || r == Reaction::kComplain) p.stopped[ch] = true;
    }
  }
  return t;
}

// For the 90-day run only: a MemoryStore that does not keep "message" records
// (millions of reservations would hold gigabytes); everything else is kept.
// The tight loop below uses a plain MemoryStore.
class SimStore final : public tact::Store {
 public:
  tact::Status PutRecord(const tact::Record& r) override {
    if (r.kind == tact::governor::kMessageKind) return tact::Status::Ok();
    return inner_.PutRecord(r);
  }
  tact::Status DeleteRecord(std::string_view k, std::string_view t, std::string_view id) override {
    return inner_.DeleteRecord(k, t, id);
  }
  tact::Result<std::vector<tact::Record>> ListRecords(std::string_view k) override {
    return inner_.ListRecords(k);
  }
  tact::Result<tact::Record> GetRecord(std::string_view k, std::string_view t,
                                       std::string_view id) override {
    return inner_.GetRecord(k, t, id);
  }
  void AppendAsync(std::vector<tact::LedgerEntry> e, Done done) override {
    inner_.AppendAsync(std::move(e), std::move(done));
  }
  tact::Result<tact::LedgerHead> Head() override { return inner_.Head(); }
  tact::Result<std::vector<tact::LedgerEntry>> ReadLedger(uint64_t after, size_t limit) override {
    return inner_.ReadLedger(after, limit);
  }
  tact::Result<std::vector<tact::LedgerEntry>> ReadSubject(std::string_view t,
                                                           std::string_view s) override {
    return inner_.ReadSubject(t, s);
  }
  tact::StoreStats Stats() override { return inner_.Stats(); }
  std::string_view Name() const override { return "sim"; }

 private:
  tact::MemoryStore inner_;
};

// The tenant's messaging policy in the governor run (--policy overrides it).
std::string g_policy = R"({
    "caps":[{"channel":"email","max":4,"window_days":7},{"channel":"*","max":6,"window_days":7}],
    "quiet_hours":{"start":"21:00","end":"08:00"},
    "fatigue":{"after_ignored":10,"steps_days":[3,7],"re_permission":true},
    "reservation_ttl_minutes":60})";

// --words 1: the tight loop also writes every reason's words (as an HTTP
// answer does; Decide itself returns codes and numbers).
bool g_words = false;

struct Env {
  tact::FakeClock clock{kStart};
  std::unique_ptr<tact::App> app;
  std::unique_ptr<Governor> governor;
};

void Check(const tact::Status& s, const char* what) {
  if (!s.ok()) {
    std::fprintf(stderr, "%s: %s\n", what, s.ToString().c_str());
    std::exit(1);
  }
}

// A tenant with email and SMS marketing purposes, `people` granted, and the policy.
std::unique_ptr<Env> MakeEnv(const std::vector<Person>& people, const std::vector<Zone>& zones,
                             UnixMillis now, std::unique_ptr<tact::Store> store) {
  auto env = std::make_unique<Env>();
  env->clock.Set(now);
  auto app = tact::App::OpenWithStore(std::move(store), &env->clock);
  Check(app.status(), "app");
  env->app = std::move(*app);
  tact::Tenant tenant;
  tenant.id = "acme";
  tenant.name = "Acme";
  Check(env->app->catalog().CreateTenant(tenant).status(), "tenant");
  for (const char* key : {"marketing.email", "marketing.sms"}) {
    auto p = tact::Purpose::FromJson(
        nlohmann::json{{"title", {{"en", key}}}, {"legal_basis", "consent"}}, "acme", key);
    Check(p.status(), "purpose");
    Check(env->app->catalog().PutPurpose(*p).status(), "purpose");
  }
  for (const Person& p : people) {
    tact::ConsentRequest r;
    r.tenant = "acme";
    r.subject = p.id;
    tact::RequestedChoice email, sms;
    email.choice.purpose = "marketing.email";
    email.choice.state = tact::ConsentState::kGranted;
    r.choices.push_back(email);
    if (p.sms) {
      sms.choice.purpose = "marketing.sms";
      sms.choice.state = tact::ConsentState::kGranted;
      r.choices.push_back(sms);
    }
    Check(env->app->RecordConsent(r).status(), "consent");
  }
  auto g = Governor::Open(env->app.get());
  Check(g.status(), "governor");
  env->governor = std::move(*g);
  auto policy = tact::governor::MessagingPolicy::FromJson(nlohmann::json::parse(g_policy));
  Check(policy.status(), "policy");
  Check(env->governor->PutPolicy("acme", *policy).status(), "policy");
  for (const Person& p : people) {
    tact::governor::SubjectProfile profile;
    profile.time_zone = zones[static_cast<size_t>(p.zone)].name;
    profile.zone = zones[static_cast<size_t>(p.zone)].tz;
    Check(env->governor->PutProfile("acme", p.id, profile).status(), "profile");
  }
  return env;
}

struct Attempt {
  UnixMillis at;
  UnixMillis send_by;
  int person;
  Channel channel;
  bool operator>(const Attempt& o) const { return at > o.at || (at == o.at && person > o.person); }
};

Totals RunGovernor(std::vector<Person> people, const std::vector<Zone>& zones,
                   const std::vector<Campaign>& campaigns) {
  Totals t;
  auto env = MakeEnv(people, zones, kStart, std::make_unique<SimStore>());
  Governor& g = *env->governor;
  std::priority_queue<Attempt, std::vector<Attempt>, std::greater<>> retries;
  auto decide_and_send = [&](const Attempt& a) {
    Person& p = people[static_cast<size_t>(a.person)];
    int ch = ChannelIndex(a.channel);
    tact::governor::SendRequest r;
    r.tenant = "acme";
    r.subject = p.id;
    r.channel = a.channel;
    r.purpose = ch == 0 ? "marketing.email" : "marketing.sms";
    r.priority = tact::governor::Priority::kMarketing;
    r.at = a.at;
    r.send_by = a.send_by;
    double start = CpuSeconds();
    auto answer = g.Decide(r);
    t.decide_seconds += CpuSeconds() - start;
    t.decisions++;
    Check(answer.status(), "decide");
    const auto& d = answer->decision;
    bool re_permission = false;
    if (d.verdict == Verdict::kSuppress && d.ReasonCount() > 0 &&
        d.Code(d.ReasonCount() - 1) == "re_permission_due") {
      r.re_permission = true;  // the sender asks the question instead
      start = CpuSeconds();
      answer = g.Decide(r);
      t.decide_seconds += CpuSeconds() - start;
      t.decisions++;
      Check(answer.status(), "decide");
      re_permission = answer->decision.verdict == Verdict::kSend;
      if (answer->decision.verdict == Verdict::kDefer && answer->decision.not_before <= a.send_by) {
        retries.push({answer->decision.not_before, a.send_by, a.person, a.channel});
        t.deferred++;
        return;
      }
    }
    const auto& final_d = answer->decision;
    if (final_d.verdict == Verdict::kDefer) {
      t.deferred++;
      retries.push({final_d.not_before, a.send_by, a.person, a.channel});
      return;
    }
    if (final_d.verdict == Verdict::kSuppress) {
      t.suppressed++;
      return;
    }
    t.sent++;
    (ch == 0 ? t.sent_email : t.sent_sms)++;
    Outcome outcome;
    const Zone& zone = zones[static_cast<size_t>(p.zone)];
    if (re_permission) {
      t.re_permission++;
      std::erase_if(p.received, [&](UnixMillis x) { return x <= a.at - 7 * kDay; });
      p.received.push_back(a.at);
      if (Night(zone, a.at)) t.sent_night++;
      Rng rng{p.rng_state};
      bool yes = rng.Uniform() < std::min(0.9, 3 * p.p0);
      p.rng_state = rng.s;
      outcome = yes ? Outcome::kClicked : Outcome::kIgnored;
      if (yes) {
        t.reactions++;
        t.reactions_by_segment[p.segment]++;
      }
    } else {
      Reaction reaction = Respond(p, zone, a.at, t);
      Count(reaction, p, t);
      outcome = reaction == Reaction::kReact         ? Outcome::kClicked
                : reaction == Reaction::kUnsubscribe ? Outcome::kUnsubscribed
                : reaction == Reaction::kComplain    ? Outcome::kComplained
                                                     : Outcome::kIgnored;
    }
    auto o = g.RecordOutcome("acme", answer->message_id, outcome);
    Check(o.status(), "outcome");
    if (o->paused) t.paused++;
  };
  size_t next = 0;
  while (next < campaigns.size() || !retries.empty()) {
    bool campaign_first =
        next < campaigns.size() && (retries.empty() || campaigns[next].at <= retries.top().at);
    if (campaign_first) {
      const Campaign& c = campaigns[next++];
      env->clock.Set(c.at);
      for (size_t i = 0; i < people.size(); ++i) {
        if (c.channel == Channel::kSms && !people[i].sms) continue;
        decide_and_send({c.at, c.at + kDay, static_cast<int>(i), c.channel});
      }
    } else {
      Attempt a = retries.top();
      retries.pop();
      env->clock.Set(a.at);
      decide_and_send(a);
    }
  }
  return t;
}

// A tight loop: decisions on random subjects (all consented), clock moving 1 s
// per 1,000 decisions, the governor run's policy, a real MemoryStore for the
// reservations. Returns decisions per second and the verdict mix.
void ThroughputLoop(const std::vector<Person>& people, const std::vector<Zone>& zones, int64_t n) {
  UnixMillis t0 = kStart + 10 * kHour;
  auto env = MakeEnv(people, zones, t0, std::make_unique<tact::MemoryStore>());
  Governor& g = *env->governor;
  Rng rng{7};
  int64_t counts[4] = {0, 0, 0, 0};
  tact::governor::SendRequest r;
  r.tenant = "acme";
  r.purpose = "marketing.email";
  r.channel = Channel::kEmail;
  char id[32] = "sub_";
  std::string words;
  int64_t word_bytes = 0;
  double start = CpuSeconds();
  auto wall_start = Clock::now();
  for (int64_t i = 0; i < n; ++i) {
    if (i % 1000 == 0) env->clock.Set(t0 + (i / 1000) * 1000);
    // The subject id arrives with the request, in cache like a parsed HTTP
    // body: formatted from the index (as MakePeople names people) rather than
    // read from `people`, whose random access would add a cache miss per
    // decision that belongs to this loop, not to the governor.
    const size_t k = rng.Next() % people.size();
    char* end = std::to_chars(id + 4, id + sizeof id, k).ptr;
    r.subject.assign(id, static_cast<size_t>(end - id));
    r.at = 0;
    auto a = g.Decide(r);
    if (!a.ok()) Check(a.status(), "decide");
    counts[static_cast<int>(a->decision.verdict)]++;
    if (g_words) {  // what an HTTP answer adds: every reason's words written
      words.clear();
      for (size_t k = 0; k < a->decision.ReasonCount(); ++k) {
        words.append(a->decision.Code(k));
        a->decision.AppendMessage(k, words);
      }
      word_bytes += static_cast<int64_t>(words.size());
    }
  }
  double secs = CpuSeconds() - start;
  double wall = std::chrono::duration<double>(Clock::now() - wall_start).count();
  // The consent step alone (App::Decide), for reference.
  tact::DecideRequest dr;
  dr.tenant = "acme";
  dr.purpose = "marketing.email";
  dr.channel = Channel::kEmail;
  int64_t allowed = 0;
  double consent_start = CpuSeconds();
  for (int64_t i = 0; i < n; ++i) {
    dr.subject = people[rng.Next() % people.size()].id;
    auto d = env->app->Decide(dr);
    allowed += d.ok() && d->allowed;
  }
  double consent_secs = CpuSeconds() - consent_start;
  double load[3] = {0, 0, 0};
  if (getloadavg(load, 3) < 0) load[0] = -1;
  std::printf("\nLoad average after the loop: %.2f %.2f %.2f\n", load[0], load[1], load[2]);
  std::printf("Consent step alone (App::Decide): %.0f decisions/s (%lld allowed)\n",
              static_cast<double>(n) / consent_secs, static_cast<long long>(allowed));
  std::printf(
      "Tight loop: %lld decisions in %.2f CPU-s (%.2f s wall) = %.0f decisions per CPU-second "
      "(send %lld, defer %lld, suppress %lld)%s\n",
      static_cast<long long>(n), secs, wall, static_cast<double>(n) / secs,
      static_cast<long long>(counts[1]), static_cast<long long>(counts[2]),
      static_cast<long long>(counts[3]), g_words ? ", every reason's words written" : "");
  if (g_words) std::printf("(%lld bytes of reasons written)\n", static_cast<long long>(word_bytes));
}

void PrintRow(const char* name, const Totals& t) {
  std::printf("| %-14s | %10lld | %9lld | %9lld | %11lld | %9lld | %12lld | %10lld | %10lld |\n",
              name, static_cast<long long>(t.sent), static_cast<long long>(t.sent_night),
              static_cast<long long>(t.reactions), static_cast<long long>(t.unsubscribes),
              static_cast<long long>(t.complaints),
              static_cast<long long>(t.unsubscribes + t.complaints),
              static_cast<long long>(t.re_permission), static_cast<long long>(t.paused));
}

}  // namespace

int main(int argc, char** argv) {
  int n = 100'000, days = 90;
  uint64_t seed = 20261123;
  int64_t loop = 2'000'000;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--people")) n = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--days")) days = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--seed")) seed = std::strtoull(argv[i + 1], nullptr, 10);
    if (!std::strcmp(argv[i], "--decisions")) loop = std::atoll(argv[i + 1]);
    if (!std::strcmp(argv[i], "--policy")) g_policy = argv[i + 1];
    if (!std::strcmp(argv[i], "--words")) g_words = std::atoi(argv[i + 1]) != 0;
  }
  std::vector<Zone> zones;
  for (const char* z : {"Europe/Paris", "America/New_York", "Asia/Tokyo", "UTC"}) {
    zones.push_back({z, tact::governor::FindTimeZone(z)});
  }
  std::vector<Person> people = MakePeople(n, seed);
  if (days == 0) {  // the tight loop alone
    std::printf("governor decisions per second: %d subjects, %lld decisions\npolicy: %s\n", n,
                static_cast<long long>(loop), g_policy.c_str());
    ThroughputLoop(people, zones, loop);
    return 0;
  }
  std::vector<Campaign> campaigns = Campaigns(days);
  std::printf(
      "governor simulation: %d people, %d days, seed %llu, %zu campaign sends\npolicy: %s\n", n,
      days, static_cast<unsigned long long>(seed), campaigns.size(), g_policy.c_str());

  auto start = Clock::now();
  Totals base = RunConsentOnly(people, zones, campaigns);
  double base_secs = std::chrono::duration<double>(Clock::now() - start).count();
  start = Clock::now();
  Totals gov = RunGovernor(people, zones, campaigns);
  double gov_secs = std::chrono::duration<double>(Clock::now() - start).count();

  std::printf("\n| %-14s | %10s | %9s | %9s | %11s | %9s | %12s | %10s | %10s |\n", "mode", "sent",
              "at night", "reactions", "unsubscribes", "complaints", "unsub+compl.", "re-perm.",
              "paused");
  std::printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  PrintRow("consent only", base);
  PrintRow("tact governor", gov);
  double harm_cut = 1.0 - static_cast<double>(gov.unsubscribes + gov.complaints) /
                              static_cast<double>(base.unsubscribes + base.complaints);
  double kept = static_cast<double>(gov.reactions) / static_cast<double>(base.reactions);
  std::printf("\nmessages sent: %.1f%% of consent only (email %lld vs %lld, sms %lld vs %lld)\n",
              100.0 * static_cast<double>(gov.sent) / static_cast<double>(base.sent),
              static_cast<long long>(gov.sent_email), static_cast<long long>(base.sent_email),
              static_cast<long long>(gov.sent_sms), static_cast<long long>(base.sent_sms));
  std::printf("unsubscribes+complaints: %.1f%% fewer (bar: >= 40%%)  %s\n", 100 * harm_cut,
              harm_cut >= 0.40 ? "MET" : "MISSED");
  std::printf("reactions kept: %.1f%% (bar: >= 90%%)  %s\n", 100 * kept,
              kept >= 0.90 ? "MET" : "MISSED");
  std::printf("reactions per message: %.4f vs %.4f\n",
              static_cast<double>(gov.reactions) / static_cast<double>(gov.sent),
              static_cast<double>(base.reactions) / static_cast<double>(base.sent));
  const char* seg[] = {"engaged", "casual", "dormant"};
  for (int s = 0; s < 3; ++s) {
    std::printf("  %-8s reactions %lld vs %lld, unsub+complaints %lld vs %lld\n", seg[s],
                static_cast<long long>(gov.reactions_by_segment[s]),
                static_cast<long long>(base.reactions_by_segment[s]),
                static_cast<long long>(gov.harm_by_segment[s]),
                static_cast<long long>(base.harm_by_segment[s]));
  }
  std::printf(
      "governor: %lld decisions (%lld deferred, %lld suppressed), %.2f CPU-s inside Decide = %.0f "
      "decisions per CPU-second "
      "(one thread); whole run %.1f s, consent-only run %.1f s\n",
      static_cast<long long>(gov.decisions), static_cast<long long>(gov.deferred),
      static_cast<long long>(gov.suppressed), gov.decide_seconds,
      static_cast<double>(gov.decisions) / gov.decide_seconds, gov_secs, base_secs);
  if (loop > 0) ThroughputLoop(people, zones, loop);
  return 0;
}
