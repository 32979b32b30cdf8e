// docs/openapi.yaml and the router must describe the same routes: a route the
// server has but the document lacks (or the reverse) fails this test.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "http/api.h"
#include "storage/memory/memory_store.h"

namespace tact::http {
namespace {

std::set<std::string> DocumentedRoutes() {
  std::ifstream in(std::string(TACT_SOURCE_DIR) + "/docs/openapi.yaml");
  EXPECT_TRUE(in.good());
  std::set<std::string> routes;
  std::string line, path;
  bool in_paths = false;
  const std::regex path_re("^  (/[^:]*):\\s*$");
  const std::regex method_re("^    (get|put|post|delete|patch|options):\\s*$");
  std::smatch m;
  while (std::getline(in, line)) {
    if (line.rfind("paths:", 0) == 0) {
      in_paths = true;
      continue;
    }
    if (!in_paths) continue;
    if (!line.empty() && line[0] != ' ') in_paths = false;
    if (std::regex_match(line, m, path_re)) path = m[1];
    if (std::regex_match(line, m, method_re)) {
      std::string method = m[1];
      for (char& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      routes.insert(method + " " + path);
    }
  }
  return routes;
}

TEST(OpenApi, DocumentMatchesRouter) {
  auto app = App::OpenWithStore(std::make_unique<MemoryStore>(), nullptr);
  ASSERT_TRUE(app.ok());
  Router router;
  Metrics metrics;
  ApiContext ctx;
  ctx.app = app->get();
  ctx.metrics = &metrics;
  RegisterApiRoutes(router, ctx);
  std::set<std::string> served;
  for (const auto& r : router.Routes()) served.insert(r.method + " " + r.pattern);
  std::set<std::string> documented = DocumentedRoutes();
  ASSERT_FALSE(documented.empty());
  for (const auto& r : served) EXPECT_TRUE(documented.count(r)) << "served but not documented: " << r;
  for (const auto& r : documented) EXPECT_TRUE(served.count(r)) << "documented but not served: " << r;
}

}  // namespace
}  // namespace tact::http
