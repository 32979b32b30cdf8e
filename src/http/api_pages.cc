// Pages and files for people's browsers:
//
//   GET  /sdk/tact.js, /sdk/tact.css, /sdk/stub.js   the banner (embedded, ETag, gzip)
//   GET  /demo/                                      the demo shop, using the real tag
//   POST /v1/subjects/{id}/portal-links              a short-lived signed My-data link (secret key)
//   GET  /me/?token=...                              the person's My-data page
//   POST /me/withdraw                                withdraw one consent (or object), one click
//   POST /me/ces                                     the one CES question after a withdrawal
//   GET  /me/export?token=...                        all held on the person, as JSON
//   GET  /me/me.css                                  its style sheet
//
// The My-data page is plain server-rendered HTML with forms: it works without
// JavaScript, and a strict Content-Security-Policy forbids any script.
//
// Customer effort on this page, with no personal data kept: after a
// withdrawal the page asks one CES question ("how easy was it?", 1-7), once
// per withdrawal (the answer keeps a keyed digest of the receipt, never the
// subject); and each withdrawal records how many clicks and seconds it took
// from the page's first display (touchpoint "my_data"), counted from values
// the page's own links and forms carry (t0, n).
#include <spdlog/spdlog.h>

#include <charconv>
#include <memory>

#include "core/purpose.h"
#include "feedback/feedback_service.h"
#include "http/api.h"
#include "http/assets.h"
#include "http/auth.h"
#include "http/errors.h"
#include "http/portal_link.h"
#include "http/server.h"
#include "http/subject_access.h"
#include "tact/ids.h"

namespace tact::http {

using nlohmann::json;

namespace {

Response AssetResponse(const Request& req, const Asset& a, std::string_view cache) {
  Response res;
  res.content_type = a.content_type;
  res.headers.emplace_back("ETag", std::string(a.etag));
  res.headers.emplace_back("Cache-Control", std::string(cache));
  res.headers.emplace_back("Vary", "Accept-Encoding");
  res.headers.emplace_back("Cross-Origin-Resource-Policy", "cross-origin");
  if (req.Header("if-none-match") == a.etag) {
    res.status = 304;
    return res;
  }
  if (req.Header("accept-encoding").find("gzip") != std::string_view::npos) {
    res.headers.emplace_back("Content-Encoding", "gzip");
    res.body = std::string(a.gzip);
  } else {
    res.body = std::string(a.body);
  }
  return res;
}

void ServeAsset(Router& router, std::string path, std::string name) {
  router.Add("GET", std::move(path), [name = std::move(name)](Request& req, Respond respond) {
    const Asset* a = FindAsset(name);
    if (a == nullptr) return respond(ErrorResponse(404, "not_found", "asset not built"));
    respond(AssetResponse(req, *a, "public, max-age=3600, stale-while-revalidate=86400"));
  });
}

std::string Html(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string UrlEncode(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// ---- My-data page texts ----------------------------------------------------

struct MeTexts {
  const char* title;
  const char* intro;
  const char* expires;
  const char* choices;
  const char* history;
  const char* download;
  const char* withdraw;
  const char* object;
  const char* granted;
  const char* denied;
  const char* withdrawn;
  const char* expired;
  const char* not_asked;
  const char* always;
  const char* objected;
  const char* since;
  const char* notice;
  const char* via;
  const char* does;
  const char* gets;
  const char* when;
  const char* change;
  const char* source;
  const char* receipt;
  const char* done;
  const char* empty;
  const char* lang_other;
  const char* ces_question;
  const char* ces_hard;
  const char* ces_easy;
  const char* ces_comment;
  const char* ces_send;
  const char* ces_thanks;
  const char* basis[4];  // by LegalBasis
  const char* party[4];  // by Party
};

const MeTexts kEn = {
    "Your data at ",
    "This page shows what you agreed to, since when and under which notice, and every change you "
    "made. "
    "You can withdraw any consent in one click; it takes effect at once.",
    "This private link expires at ",
    "Your choices",
    "Full history",
    "Download all my data (JSON)",
    "Withdraw my consent",
    "Object",
    "Allowed",
    "Refused",
    "Withdrawn",
    "Expired",
    "Not asked yet",
    "Always on (needed for the service)",
    "Objected",
    "since",
    "notice v",
    "via",
    "What we do",
    "What you get",
    "When",
    "Change",
    "Source",
    "Receipt",
    "Done: your choice is recorded. Receipt: ",
    "No choice recorded yet.",
    "Français",
    "How easy was it to withdraw your consent?",
    "very difficult",
    "very easy",
    "What could we have made easier? (optional, kept for 6 months; please leave out personal "
    "details)",
    "Send my answer",
    "Thank you for your answer.",
    {"your consent", "our legitimate interest (you can object)",
     "needed for what you asked us to do", "required by law"},
    {"", "collected by us (first party)", "shared with a partner under contract (second party)",
     "from or to other companies (third party)"},
};

const MeTexts kFr = {
    "Vos données chez ",
    "Cette page montre ce que vous avez accepté, depuis quand et selon quelle notice, ainsi que "
    "chacun de vos "
    "changements. Vous pouvez retirer tout consentement en un clic ; c'est immédiat.",
    "Ce lien privé expire à ",
    "Vos choix",
    "Historique complet",
    "Télécharger toutes mes données (JSON)",
    "Retirer mon consentement",
    "M'opposer",
    "Autorisé",
    "Refusé",
    "Retiré",
    "Expiré",
    "Pas encore demandé",
    "Toujours actif (nécessaire au service)",
    "Opposition enregistrée",
    "depuis le",
    "notice v",
    "via",
    "Ce que nous faisons",
    "Ce que vous y gagnez",
    "Date",
    "Changement",
    "Source",
    "Reçu",
    "C'est fait : votre choix est enregistré. Reçu : ",
    "Aucun choix enregistré pour l'instant.",
    "English",
    "Était-ce facile de retirer votre consentement ?",
    "très difficile",
    "très facile",
    "Qu'aurions-nous pu rendre plus simple ? (facultatif, conservé 6 mois ; merci de ne pas y "
    "mettre "
    "d'informations personnelles)",
    "Envoyer ma réponse",
    "Merci pour votre réponse.",
    {"votre consentement", "notre intérêt légitime (vous pouvez vous y opposer)",
     "nécessaire à ce que vous nous avez demandé", "imposé par la loi"},
    {"", "collectées par nous (première partie)",
     "partagées avec un partenaire sous contrat (deuxième partie)",
     "venant d'autres entreprises ou transmises à elles (tierce partie)"},
};

std::string PickLanguage(const Request& req, const PortalClaims& c) {
  std::string_view q = req.Query("lang");
  if (q == "en" || q == "fr") return std::string(q);
  if (c.language == "en" || c.language == "fr") return c.language;
  return req.Header("accept-language").substr(0, 2) == "fr" ? "fr" : "en";
}

std::string Localized(const std::map<std::string, std::string>& m, const std::string& lang) {
  auto it = m.find(lang);
  if (it != m.end()) return it->second;
  it = m.find("en");
  if (it != m.end()) return it->second;
  return m.empty() ? std::string() : m.begin()->second;
}

const char* StateLabel(const MeTexts& t, ConsentState s, bool li) {
  switch (s) {
    case ConsentState::kGranted:
      return t.granted;
    case ConsentState::kWithdrawn:
      return li ? t.objected : t.withdrawn;
    case ConsentState::kExpired:
      return t.expired;
    default:
      return li ? t.objected : t.denied;
  }
}

Response PageResponse(int status, std::string html) {
  Response res;
  res.status = status;
  res.content_type = "text/html; charset=utf-8";
  res.body = std::move(html);
  res.headers.emplace_back(
      "Content-Security-Policy",
      "default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none'; "
      "frame-ancestors 'none'");
  res.headers.emplace_back("Referrer-Policy", "no-referrer");
  res.headers.emplace_back("X-Frame-Options", "DENY");
  return res;
}

std::string PageHead(const std::string& lang, const std::string& title) {
  return "<!doctype html>\n<html lang=\"" + lang +
         "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, "
         "initial-scale=1\">"
         "<meta name=\"robots\" content=\"noindex\"><title>" +
         Html(title) + "</title><link rel=\"stylesheet\" href=\"/me/me.css\"></head><body><main>";
}

Response ErrorPage(const Status& s) {
  int status = HttpStatusFor(s.code());
  return PageResponse(status, PageHead("en", "tact") + "<h1>This link cannot be used</h1><p>" +
                                  Html(s.message()) + "</p></main></body></html>");
}

// This visit's effort so far: when the page was first shown and how many
// clicks led here (a language switch is one). The page's links and forms
// carry them as t0 and n; they come back from the browser, so they are
// bounded: an hour at most (an older t0 starts a new visit), 50 clicks.
struct Visit {
  UnixMillis start = 0;
  int clicks = 0;
};

Visit ReadVisit(std::string_view t0, std::string_view n, UnixMillis now) {
  Visit v{now, 0};
  int64_t start = 0;
  auto [e1, ec1] = std::from_chars(t0.data(), t0.data() + t0.size(), start);
  if (ec1 == std::errc() && e1 == t0.data() + t0.size() && start <= now &&
      now - start <= 3600 * 1000) {
    v.start = start;
    int clicks = 0;
    auto [e2, ec2] = std::from_chars(n.data(), n.data() + n.size(), clicks);
    if (ec2 == std::errc() && e2 == n.data() + n.size() && clicks >= 0 && clicks <= 50) {
      v.clicks = clicks;
    }
  }
  return v;
}

std::string VisitFields(const Visit& v) {
  return "<input type=\"hidden\" name=\"t0\" value=\"" + std::to_string(v.start) +
         "\"><input type=\"hidden\" name=\"n\" value=\"" + std::to_string(v.clicks) + "\">";
}

// Whether `receipt` is one of this subject's withdrawals (or objections)
// made on the My-data page: the only answers the CES question takes.
bool IsPortalWithdrawal(App& app, const PortalClaims& c, std::string_view receipt) {
  if (receipt.empty() || receipt.size() >= 64) return false;
  auto e = app.FindReceipt(c.tenant, receipt);  // one ledger entry, by the seq in the id
  if (!e.ok() || e->subject != c.subject || e->source != Source::kPortal) return false;
  for (const Choice& ch : e->choices) {
    if (ch.state == ConsentState::kWithdrawn || ch.state == ConsentState::kDenied) return true;
  }
  return false;
}

// 303 See Other to a page of the portal (after a form post).
Response SeeOther(std::string location) {
  Response res;
  res.status = 303;
  res.content_type = {};
  res.headers.emplace_back("Location", std::move(location));
  res.headers.emplace_back("Referrer-Policy", "no-referrer");
  return res;
}

std::string CesForm(const MeTexts& t, const std::string& token, const std::string& lang,
                    std::string_view receipt) {
  std::string h = "<form method=\"post\" action=\"/me/ces\" class=\"card ces\"><fieldset><legend>" +
                  std::string(t.ces_question) + "</legend><div class=\"scale\">";
  for (int i = 1; i <= 7; ++i) {
    std::string n = std::to_string(i);
    std::string end = i == 1 ? t.ces_hard : i == 7 ? t.ces_easy : "";
    h += "<label><input type=\"radio\" name=\"score\" value=\"" + n + "\" required><span>" + n +
         (end.empty() ? "" : "<span class=\"sr\"> (" + end + ")</span>") + "</span></label>";
  }
  h += "</div><p class=\"meta ends\" aria-hidden=\"true\"><span>1 = " + std::string(t.ces_hard) +
       "</span><span>7 = " + t.ces_easy + "</span></p></fieldset>";
  h += "<label for=\"ces-comment\">" + std::string(t.ces_comment) +
       "</label><textarea id=\"ces-comment\" name=\"comment\" rows=\"2\" "
       "maxlength=\"2000\"></textarea>";
  h += "<input type=\"hidden\" name=\"token\" value=\"" + Html(token) +
       "\"><input type=\"hidden\" name=\"lang\" value=\"" + lang +
       "\"><input type=\"hidden\" name=\"receipt\" value=\"" + Html(receipt) +
       "\"><p><button type=\"submit\">" + t.ces_send + "</button></p></form>";
  return h;
}

std::string MePage(App& app, const PortalClaims& c, const std::string& token,
                   const std::string& lang, const Request& req, const Visit& visit, bool ask_ces) {
  const MeTexts& t = lang == "fr" ? kFr : kEn;
  const Catalog& catalog = app.catalog();
  auto tenant = catalog.GetTenant(c.tenant);
  std::string company = tenant ? tenant->name : c.tenant;
  std::string tok = UrlEncode(token);
  std::string other = lang == "fr" ? "en" : "fr";
  std::string h = PageHead(lang, std::string(t.title) + company);
  h += "<p><a href=\"/me/?token=" + tok + "&amp;lang=" + other +
       "&amp;t0=" + std::to_string(visit.start) + "&amp;n=" + std::to_string(visit.clicks + 1) +
       "\" lang=\"" + other + "\">" + t.lang_other + "</a></p>";
  h += "<h1>" + Html(std::string(t.title) + company) + "</h1><p>" + t.intro + "</p>";
  h += "<p class=\"meta\">" + std::string(t.expires) +
       Html(FormatRfc3339(c.expires).substr(11, 5)) + " UTC (" +
       Html(FormatRfc3339(c.expires).substr(0, 10)) + ").</p>";
  std::string_view receipt = req.Query("receipt");
  if (!receipt.empty() && receipt.size() < 64) {
    h += "<p class=\"note\" role=\"status\">" + std::string(t.done) + "<code>" + Html(receipt) +
         "</code></p>";
  }
  if (ask_ces) h += CesForm(t, token, lang, receipt);
  if (req.Query("ces") == "thanks") {
    h += "<p class=\"note\" role=\"status\">" + std::string(t.ces_thanks) + "</p>";
  }
  h += "<p><a class=\"btn secondary\" href=\"/me/export?token=" + tok + "\" download>" +
       t.download + "</a></p>";

  std::vector<CurrentConsent> consents = app.Consents(c.tenant, c.subject);
  h += "<h2>" + std::string(t.choices) + "</h2>";
  for (const Purpose& p : catalog.ListPurposes(c.tenant)) {
    const CurrentConsent* cur = nullptr;
    for (const CurrentConsent& cc : consents) {
      if (cc.purpose == p.key && cc.vendor.empty() && cc.channel == Channel::kAny &&
          cc.party == Party::kAny) {
        cur = &cc;
      }
    }
    bool needed =
        p.legal_basis == LegalBasis::kContract || p.legal_basis == LegalBasis::kLegalObligation;
    bool li = p.legal_basis == LegalBasis::kLegitimateInterest;
    bool on = cur != nullptr && cur->state == ConsentState::kGranted;
    std::string label = needed ? t.always
                        : cur  ? StateLabel(t, cur->state, li)
                        : li   ? t.granted
                               : t.not_asked;
    bool green = needed || on || (li && cur == nullptr);
    h += "<section class=\"card\" data-purpose=\"" + Html(p.key) +
         "\"><div class=\"row\"><div><h3>" + Html(Localized(p.title, lang)) +
         "</h3> <span class=\"state " + (green ? "granted" : "refused") + "\" data-state=\"" +
         (cur ? std::string(ToString(cur->state)) : std::string("none")) + "\">" + Html(label) +
         "</span>";
    if (cur) {
      h +=
          "<p class=\"meta\">" + std::string(t.since) + " " +
          Html(FormatRfc3339(cur->since).substr(0, 10)) +
          (cur->notice_version ? " · " + std::string(t.notice) + std::to_string(cur->notice_version)
                               : "") +
          " · " + t.via + " " + Html(ToString(cur->source)) + (cur->gpc ? " · GPC" : "") + "</p>";
    }
    h += "</div>";
    bool can_withdraw = (p.legal_basis == LegalBasis::kConsent && on) ||
                        (li && (cur == nullptr || cur->state == ConsentState::kGranted));
    if (can_withdraw) {
      h += "<form method=\"post\" action=\"/me/withdraw\"><input type=\"hidden\" name=\"token\" "
           "value=\"" +
           Html(token) + "\"><input type=\"hidden\" name=\"purpose\" value=\"" + Html(p.key) +
           "\"><input type=\"hidden\" " + "name=\"lang\" value=\"" + lang + "\">" +
           VisitFields(visit) + "<button type=\"submit\" aria-label=\"" +
           Html(std::string(li ? t.object : t.withdraw) + ": " + Localized(p.title, lang)) + "\">" +
           (li ? t.object : t.withdraw) + "</button></form>";
    }
    h += "</div><p class=\"meta\">" + std::string(t.basis[static_cast<int>(p.legal_basis)]) +
         " · " + t.party[static_cast<int>(p.party)] + "</p><p><strong>" + std::string(t.does) +
         ":</strong> " + Html(Localized(p.description, lang)) + "</p><p><strong>" + t.gets +
         ":</strong> " + Html(Localized(p.benefit, lang)) + "</p></section>";
  }

  h += "<h2>" + std::string(t.history) + "</h2>";
  auto history = app.History(c.tenant, c.subject);
  if (!history.ok() || history->empty()) {
    h += "<p>" + std::string(t.empty) + "</p>";
  } else {
    h += "<div class=\"scroll\"><table><thead><tr><th scope=\"col\">" + std::string(t.when) +
         "</th><th scope=\"col\">" + t.change + "</th><th scope=\"col\">" + t.source +
         "</th><th scope=\"col\">" + t.receipt + "</th></tr></thead><tbody>";
    for (auto it = history->rbegin(); it != history->rend(); ++it) {
      const ConsentEvent& e = *it;
      std::string changes;
      for (const Choice& ch : e.choices) {
        if (!changes.empty()) changes += "<br>";
        auto p = catalog.GetPurpose(c.tenant, ch.purpose);
        changes += Html(p ? Localized(p->title, lang) : ch.purpose);
        if (!ch.vendor.empty()) {
          auto v = catalog.GetVendor(c.tenant, ch.vendor);
          changes += " (" + Html(v ? v->name : ch.vendor) + ")";
        }
        changes += ": " + Html(StateLabel(t, ch.state, false));
        if (ch.rule == Rule::kGpc) changes += " (GPC)";
      }
      std::string when = FormatRfc3339(e.time).substr(0, 16);
      when[10] = ' ';
      h += "<tr data-receipt=\"" + Html(e.receipt_id) + "\"><td>" + Html(when) + " UTC" +
           "</td><td>" + changes + "</td><td>" + Html(ToString(e.source)) +
           (e.notice_version ? " · " + std::string(t.notice) + std::to_string(e.notice_version)
                             : "") +
           "</td><td><code>" + Html(e.receipt_id) + "</code></td></tr>";
    }
    h += "</tbody></table></div>";
  }
  h += "</main></body></html>";
  return h;
}

// Whether `s` is well-formed UTF-8 (form fields are bytes; JSON needs text).
bool IsUtf8(const std::string& s) {
  try {
    (void)json(s).dump();
    return true;
  } catch (const json::type_error&) {
    return false;
  }
}

// Form bodies (application/x-www-form-urlencoded).
std::map<std::string, std::string> ParseForm(std::string_view body) {
  std::map<std::string, std::string> out;
  size_t i = 0;
  while (i <= body.size() && out.size() < 16) {
    size_t amp = body.find('&', i);
    if (amp == std::string_view::npos) amp = body.size();
    std::string_view pair = body.substr(i, amp - i);
    auto eq = pair.find('=');
    std::string k, v;
    if (eq != std::string_view::npos && PercentDecode(pair.substr(0, eq), k, true) &&
        PercentDecode(pair.substr(eq + 1), v, true)) {
      out[k] = v;
    }
    i = amp + 1;
  }
  return out;
}

// The CES answer's ref for one withdrawal: a keyed digest, so that the stored
// answer names neither the person nor the receipt.
std::string WithdrawalRef(const PortalSigner& signer, const PortalClaims& c,
                          std::string_view receipt) {
  return "w_" + signer.Tag(c.tenant + "\n" + std::string(receipt));
}

}  // namespace

void RegisterPageRoutes(Router& router, ApiContext& ctx) {
  App& app = *ctx.app;
  auto signer = std::make_shared<PortalSigner>(ctx.admin_key_hash);

  ServeAsset(router, "/sdk/tact.js", "tact.js");
  ServeAsset(router, "/sdk/tact.css", "tact.css");
  ServeAsset(router, "/sdk/stub.js", "stub.js");
  ServeAsset(router, "/me/me.css", "me.css");

  router.Add("GET", "/demo/", [&ctx](Request&, Respond respond) {
    const Asset* page = FindAsset("demo.html");
    const Asset* stub = FindAsset("stub.js");
    if (ctx.demo_publishable_key.empty() || page == nullptr || stub == nullptr) {
      return respond(ErrorResponse(404, "not_found",
                                   "there is no demo tenant (the server runs with --no-demo)"));
    }
    std::string html(page->body);
    auto put = [&html](std::string_view mark, std::string_view value) {
      auto at = html.find(mark);
      if (at != std::string::npos) html.replace(at, mark.size(), value);
    };
    put("{{STUB}}", stub->body);
    put("{{KEY}}", Html(ctx.demo_publishable_key));
    Response res;
    res.content_type = "text/html; charset=utf-8";
    res.body = std::move(html);
    respond(std::move(res));
  });

  router.Add(
      "POST", "/v1/subjects/{id}/portal-links",
      WithSecretKeyAnyOf(
          ctx, {"rights:manage", "consent:read"},
          [&app, signer](Request& req, const ApiKey& k, Respond respond) {
            const ApiKey* key = &k;
            std::string_view subject = req.Param("id");
            if (!IsValidSubjectId(subject))
              return respond(ErrorResponse(Status::InvalidArgument("not a valid subject id")));
            int64_t ttl = kDefaultPortalTtlSeconds;
            std::string language;
            if (!req.body.empty()) {
              auto body = ParseBody(req.body);
              if (!body.ok()) return respond(ErrorResponse(body.error()));
              Status s = tact::json::RequireObject(*body, "the body");
              if (s.ok()) s = tact::json::RejectUnknownFields(*body, {"ttl_seconds", "language"});
              if (s.ok())
                s = tact::json::GetOptInt(*body, "ttl_seconds", 60, kMaxPortalTtlSeconds, ttl);
              if (s.ok()) s = tact::json::GetOptString(*body, "language", language, 8);
              if (s.ok() && !language.empty() && language != "en" && language != "fr") {
                s = Status::InvalidArgument("field 'language' must be en or fr");
              }
              if (!s.ok()) return respond(ErrorResponse(s));
            }
            PortalClaims claims{key->tenant, std::string(subject), language,
                                app.clock().Now() + ttl * 1000};
            std::string token = signer->Sign(claims);
            std::string path = "/me/?token=" + UrlEncode(token);
            std::string_view host = req.Header("host");
            std::string scheme =
                req.Header("x-forwarded-proto") == "https" ? "https://" : "http://";
            respond(
                JsonResponse(201, {{"url", host.empty() ? path : scheme + std::string(host) + path},
                                   {"path", path},
                                   {"token", token},
                                   {"expires_at", FormatRfc3339(claims.expires)}}));
          },
          AuditPathSubject("POST /v1/subjects/{id}/portal-links")));

  router.Add("GET", "/me/", [&app, &ctx, signer](Request& req, Respond respond) {
    std::string token(req.Query("token"));
    auto claims = signer->Verify(token, app.clock().Now());
    if (!claims.ok()) return respond(ErrorPage(claims.error()));
    respond = AuditedRespond(ctx, claims->tenant, "portal", "GET /me/", claims->subject,
                             std::move(respond));
    std::string lang = PickLanguage(req, *claims);
    UnixMillis now = app.clock().Now();
    Visit visit = ReadVisit(req.Query("t0"), req.Query("n"), now);
    std::string_view receipt = req.Query("receipt");
    bool ask_ces =
        ctx.feedback && IsPortalWithdrawal(app, *claims, receipt) &&
        !ctx.feedback->Answered(claims->tenant, WithdrawalRef(*signer, *claims, receipt));
    respond(PageResponse(200, MePage(app, *claims, token, lang, req, visit, ask_ces)));
  });

  router.Add("POST", "/me/withdraw", [&app, &ctx, signer](Request& req, Respond respond) {
    auto form = ParseForm(req.body);
    std::string token = form["token"];
    auto claims = signer->Verify(token, app.clock().Now());
    if (!claims.ok()) return respond(ErrorPage(claims.error()));
    respond = AuditedRespond(ctx, claims->tenant, "portal", "POST /me/withdraw", claims->subject,
                             std::move(respond));
    auto purpose = app.catalog().GetPurpose(claims->tenant, form["purpose"]);
    if (!purpose || (purpose->legal_basis != LegalBasis::kConsent &&
                     purpose->legal_basis != LegalBasis::kLegitimateInterest)) {
      return respond(ErrorPage(Status::InvalidArgument("there is no such choice to withdraw")));
    }
    ConsentRequest r;
    r.tenant = claims->tenant;
    r.subject = claims->subject;
    r.source = Source::kPortal;
    ConsentState state = purpose->legal_basis == LegalBasis::kConsent ? ConsentState::kWithdrawn
                                                                      : ConsentState::kDenied;
    RequestedChoice rc;
    rc.choice.purpose = purpose->key;
    rc.choice.state = state;
    rc.explicit_choice = true;
    r.choices.push_back(rc);
    // Vendor-level grants are more specific than the purpose: withdraw them too.
    for (const CurrentConsent& c : app.Consents(claims->tenant, claims->subject)) {
      if (c.purpose == purpose->key && !c.vendor.empty() && c.state == ConsentState::kGranted) {
        RequestedChoice v = rc;
        v.choice.vendor = c.vendor;
        v.choice.channel = c.channel;
        v.choice.party = c.party;
        r.choices.push_back(v);
      }
    }
    std::string lang = form["lang"] == "fr" ? "fr" : "en";
    UnixMillis now = app.clock().Now();
    Visit visit = ReadVisit(form["t0"], form["n"], now);
    feedback::EffortEvent effort;
    effort.touchpoint = "my_data";
    effort.choice = feedback::ChoiceKind::kWithdraw;
    effort.interactions = visit.clicks + 1;  // and this click
    effort.seconds = static_cast<double>((now - visit.start) / 100) / 10;
    app.RecordConsentAsync(
        std::move(r), [&ctx, respond, token, lang, effort](Result<ConsentEvent> e) {
          if (!e.ok()) return respond(ErrorPage(e.error()));
          if (ctx.feedback) {
            // Called on the store's writer thread, whose queue the effort write joins.
            ctx.run_blocking([&ctx, tenant = e->tenant, effort] {
              auto saved = ctx.feedback->RecordEffort(tenant, effort);
              if (!saved.ok())
                spdlog::warn("feedback: effort not recorded: {}", saved.error().ToString());
            });
          }
          respond(SeeOther("/me/?token=" + UrlEncode(token) + "&lang=" + lang +
                           "&receipt=" + UrlEncode(e->receipt_id)));
        });
  });

  router.Add("POST", "/me/ces", [&app, &ctx, signer](Request& req, Respond respond) {
    auto form = ParseForm(req.body);
    std::string token = form["token"];
    auto claims = signer->Verify(token, app.clock().Now());
    if (!claims.ok()) return respond(ErrorPage(claims.error()));
    if (!ctx.feedback) return respond(ErrorPage(ctx.feedback_error));
    const std::string& receipt = form["receipt"];
    if (!IsPortalWithdrawal(app, *claims, receipt)) {
      return respond(
          ErrorPage(Status::NotFound("there is no such withdrawal on this page to ask about")));
    }
    feedback::CesResponse r;
    r.touchpoint = "consent.withdraw";
    const std::string& score = form["score"];
    if (score.size() != 1 || score[0] < '1' || score[0] > '7') {
      return respond(ErrorPage(Status::InvalidArgument("choose a score from 1 to 7")));
    }
    r.score = score[0] - '0';
    r.comment = form["comment"];
    if (r.comment.size() > feedback::kMaxCommentBytes || !IsUtf8(r.comment)) {
      return respond(ErrorPage(
          Status::InvalidArgument("the comment must be text of at most 2,000 characters")));
    }
    r.ref = WithdrawalRef(*signer, *claims, receipt);
    std::string lang = form["lang"] == "fr" ? "fr" : "en";
    ctx.run_blocking([&ctx, tenant = claims->tenant, r = std::move(r), respond, token, lang] {
      auto saved = ctx.feedback->RecordCes(tenant, r);
      if (!saved.ok() && saved.error().code() != StatusCode::kConflict) {
        return respond(ErrorPage(saved.error()));
      }
      // Answered before (a second tab, a reload): the first answer stands.
      respond(SeeOther("/me/?token=" + UrlEncode(token) + "&lang=" + lang + "&ces=thanks"));
    });
  });

  router.Add("GET", "/me/export", [&app, &ctx, signer](Request& req, Respond respond) {
    auto claims = signer->Verify(req.Query("token"), app.clock().Now());
    if (!claims.ok()) return respond(ErrorResponse(claims.error()));
    respond = AuditedRespond(ctx, claims->tenant, "portal", "GET /me/export", claims->subject,
                             std::move(respond));
    if (!ctx.governor) return respond(ErrorResponse(ctx.governor_error));
    if (!ctx.feedback) return respond(ErrorResponse(ctx.feedback_error));
    // Off the I/O thread: it reads the store, and writes the audit rows still
    // batched first, so the access log holds every read made before this.
    ctx.run_blocking([&app, &ctx, claims = std::move(*claims), respond]() {
      Status flushed = app.audit().Flush();
      if (!flushed.ok()) return respond(ErrorResponse(flushed));
      auto record = SubjectAccessExport(
          app.store(), app.catalog(), claims.tenant, claims.subject, app.clock().Now(),
          HeldInServer(app.store(), *ctx.governor, *ctx.feedback, claims.subject));
      if (!record.ok()) return respond(ErrorResponse(record.error()));
      Response res = JsonResponse(200, *record);
      res.headers.emplace_back("Content-Disposition", "attachment; filename=\"my-data.json\"");
      res.headers.emplace_back("Referrer-Policy", "no-referrer");
      respond(std::move(res));
    });
  });
}

}  // namespace tact::http
