// The demo tenant "Demo Shop": a property, purposes with real plain-language
// texts in English and French (what is done and what the person gets),
// vendors of each data party, a first notice, and keys. Seeded once.
#ifndef TACT_SERVICE_DEMO_H_
#define TACT_SERVICE_DEMO_H_

#include <string>

#include "service/app.h"

namespace tact {

struct DemoInfo {
  std::string tenant = "demo";
  std::string property = "shop";
  std::string secret_key;       // all scopes; kept in DATA/demo.key (0600)
  std::string publishable_key;  // for the banner; kept in DATA/demo.key too
  bool created = false;         // false when it was already there
};

// `origin` is where the server is reached (http://127.0.0.1:8080), added to
// the property's allowed origins.
Result<DemoInfo> SeedDemo(App& app, const std::string& data_dir, const std::string& origin);

}  // namespace tact

#endif  // TACT_SERVICE_DEMO_H_
