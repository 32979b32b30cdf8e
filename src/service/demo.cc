#include "service/demo.h"

#include "service/data_dir.h"

namespace tact {

using json::Json;

namespace {

struct DemoPurpose {
  const char* key;
  const char* title_en;
  const char* title_fr;
  const char* desc_en;
  const char* desc_fr;
  const char* benefit_en;
  const char* benefit_fr;
  const char* basis;
  const char* party;
  std::vector<std::string> channels;
  int retention_days;
  bool sale_or_sharing;
  std::vector<std::string> cookies;
  std::vector<int> iab_purposes;
};

const std::vector<DemoPurpose>& Purposes() {
  static const std::vector<DemoPurpose> kPurposes = {
      {"orders.updates", "Order updates", "Suivi de commande",
       "We email you about the orders you place: confirmation, shipping and delivery.",
       "Nous vous écrivons au sujet de vos commandes : confirmation, expédition et livraison.",
       "You know where your parcel is without having to ask.",
       "Vous savez où en est votre colis sans avoir à le demander.",
       "contract", "first", {"email", "sms"}, 1095, false, {}},
      {"marketing.newsletter", "Newsletter", "Lettre d'information",
       "Once a week at most, we email you our new products and events.",
       "Une fois par semaine au plus, nous vous envoyons nos nouveautés et nos événements.",
       "You hear about new collections and private sales first.",
       "Vous découvrez les nouvelles collections et les ventes privées en premier.",
       "consent", "first", {"email"}, 1095, false, {}},
      {"marketing.offers", "Personalised offers", "Offres personnalisées",
       "We use what you bought from us to choose the offers we send you.",
       "Nous utilisons vos achats chez nous pour choisir les offres que nous vous envoyons.",
       "Fewer, more relevant offers instead of everything for everyone.",
       "Moins d'offres, mais plus pertinentes, au lieu de tout pour tout le monde.",
       "consent", "first", {"email", "push"}, 730, false, {}},
      {"analytics.measurement", "Audience measurement", "Mesure d'audience",
       "We count visits and clicks on this site, without following you elsewhere.",
       "Nous comptons les visites et les clics sur ce site, sans vous suivre ailleurs.",
       "A faster site that is easier to use, because we see where people get stuck.",
       "Un site plus rapide et plus simple, car nous voyons où les visiteurs bloquent.",
       "consent", "first", {"web"}, 395, false, {"_tact_demo_analytics"}, {1, 8}},
      {"partners.sharing", "Sharing with our partner brand", "Partage avec notre marque partenaire",
       "We share your name and purchase history with one partner brand, under a written agreement.",
       "Nous partageons votre nom et vos achats avec une marque partenaire, dans le cadre d'un contrat écrit.",
       "Joint offers and loyalty points valid in both shops.",
       "Des offres communes et des points de fidélité valables dans les deux boutiques.",
       "consent", "second", {"email"}, 365, true, {}},
      {"ads.personalised", "Personalised advertising", "Publicité personnalisée",
       "Advertising partners use data about your visits to show you our ads on other sites.",
       "Des partenaires publicitaires utilisent vos visites pour vous montrer nos annonces sur d'autres sites.",
       "Ads for things you looked at, rather than random ones.",
       "Des annonces pour ce que vous avez regardé, plutôt qu'au hasard.",
       "consent", "third", {"web"}, 395, true, {"_tact_demo_ads"}, {1, 2, 3, 4, 7}},
  };
  return kPurposes;
}

// A small vendor list in the IAB v3 format, written for the demo (the real
// GVL cannot be downloaded here).
Gvl DemoGvl() {
  Gvl g;
  g.vendor_list_version = 80;
  g.tcf_policy_version = 5;
  g.last_updated = "2026-11-19T16:00:00Z";
  g.vendors[8] = GvlVendor{8, "Measure Co", {1, 8}, {}, {}, {}};
  g.vendors[755] = GvlVendor{755, "AdNet Europe", {1, 2, 3, 4, 7}, {}, {2}, {}};
  return g;
}

Status SeedCatalog(App& app, const std::string& origin) {
  Catalog& c = app.catalog();
  Tenant t;
  t.id = "demo";
  t.name = "Demo Shop";
  auto tenant = c.CreateTenant(t);
  if (!tenant.ok()) return tenant.status();
  Json prop{{"name", "Demo Shop website"},
            {"origins", {origin, "http://localhost:8080", "http://127.0.0.1:8080"}},
            {"languages", {"en", "fr"}},
            // tact is not a registered CMP: a company enters its own CMP id here.
            {"tcf", {{"cmp_id", 300}, {"cmp_version", 1}, {"publisher_cc", "FR"}}},
            {"consent_mode",
             {{"analytics_storage", {"analytics.measurement"}},
              {"ad_storage", {"ads.personalised"}},
              {"ad_user_data", {"ads.personalised"}},
              {"ad_personalization", {"ads.personalised"}},
              {"personalization_storage", {"marketing.offers"}},
              {"functionality_storage", {"orders.updates"}}}}};
  auto p = Property::FromJson(prop, "demo", "shop");
  if (!p.ok()) return p.status();
  TACT_RETURN_IF_ERROR(c.PutProperty(*p).status());
  std::vector<std::string> keys;
  for (const DemoPurpose& d : Purposes()) {
    Json j{{"title", {{"en", d.title_en}, {"fr", d.title_fr}}},
           {"description", {{"en", d.desc_en}, {"fr", d.desc_fr}}},
           {"benefit", {{"en", d.benefit_en}, {"fr", d.benefit_fr}}},
           {"legal_basis", d.basis},
           {"party", d.party},
           {"channels", d.channels},
           {"retention_days", d.retention_days},
           {"sale_or_sharing", d.sale_or_sharing},
           {"cookies", d.cookies},
           {"iab_purposes", d.iab_purposes}};
    auto purpose = Purpose::FromJson(j, "demo", d.key);
    if (!purpose.ok()) return purpose.status();
    TACT_RETURN_IF_ERROR(c.PutPurpose(*purpose).status());
    keys.push_back(d.key);
  }
  const Json vendors[] = {
      {{"id", "maison-partner"}, {"name", "Maison Partner"}, {"party", "second"}, {"purposes", {"partners.sharing"}},
       {"policy_url", "https://partner.example/privacy"}},
      {{"id", "measure-co"}, {"name", "Measure Co"}, {"party", "third"}, {"gvl_id", 8}, {"purposes", {"analytics.measurement"}},
       {"policy_url", "https://measure.example/privacy"}},
      {{"id", "adnet"}, {"name", "AdNet Europe"}, {"party", "third"}, {"gvl_id", 755}, {"purposes", {"ads.personalised"}},
       {"policy_url", "https://adnet.example/privacy"}},
  };
  std::vector<std::string> vendor_ids;
  for (const Json& v : vendors) {
    std::string id = v["id"];
    Json body = v;
    body.erase("id");
    auto vendor = Vendor::FromJson(body, "demo", id);
    if (!vendor.ok()) return vendor.status();
    TACT_RETURN_IF_ERROR(c.PutVendor(*vendor).status());
    vendor_ids.push_back(id);
  }
  TACT_RETURN_IF_ERROR(c.PutGvl("demo", "shop", DemoGvl()));
  NoticeRequest n;
  n.property = "shop";
  n.purposes = keys;
  n.vendors = vendor_ids;
  return c.CreateNotice("demo", n).status();
}

}  // namespace

Result<DemoInfo> SeedDemo(App& app, const std::string& data_dir, const std::string& origin) {
  DemoInfo info;
  std::string key_path = data_dir + "/demo.key";
  if (!app.catalog().GetTenant("demo")) {
    TACT_RETURN_IF_ERROR(SeedCatalog(app, origin));
    info.created = true;
  }
  auto existing = ReadSmallFile(key_path);
  if (existing.ok()) {
    auto j = Json::parse(*existing, nullptr, false);
    if (j.is_object() && j.contains("secret_key") && j.contains("publishable_key")) {
      info.secret_key = j["secret_key"];
      info.publishable_key = j["publishable_key"];
      if (app.catalog().Authenticate(info.secret_key).ok()) return info;
    }
  }
  auto sk = app.catalog().CreateKey("demo", Json{{"name", "demo backend"}, {"scopes", AllScopes()}});
  if (!sk.ok()) return sk.status();
  auto pk = app.catalog().CreateKey("demo", Json{{"name", "demo banner"}, {"kind", "publishable"}, {"property", "shop"}});
  if (!pk.ok()) return pk.status();
  info.secret_key = sk->plaintext;
  info.publishable_key = pk->plaintext;
  Json file{{"secret_key", info.secret_key}, {"publishable_key", info.publishable_key}};
  TACT_RETURN_IF_ERROR(WriteFileAtomic(key_path, file.dump(2) + "\n", 0600));
  return info;
}

}  // namespace tact
