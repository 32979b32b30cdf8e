// tact keys create --tenant T --scopes a,b [--name N] [--data DIR]
// Creates a secret key for a tenant directly in the store and prints it once.
#include <iostream>

#include "cli/commands.h"
#include "service/catalog.h"
#include "storage/store.h"

namespace tact::cli {
namespace {

struct KeysFlags {
  std::string data = "./tact-data";
  std::string store = "sqlite";
  std::string tenant;
  std::string scopes;
  std::string name = "cli";
};

int CreateKey(const KeysFlags& f) {
  auto store = OpenStore(f.store, f.data);
  if (!store.ok()) {
    std::cerr << "tact keys create: " << store.error().ToString() << "\n";
    return 1;
  }
  Catalog catalog(store->get(), &SystemClock());
  Status s = catalog.Load();
  if (!s.ok()) {
    std::cerr << "tact keys create: " << s.ToString() << "\n";
    return 1;
  }
  std::vector<std::string> scopes;
  size_t start = 0;
  while (start <= f.scopes.size()) {
    size_t comma = f.scopes.find(',', start);
    if (comma == std::string::npos) comma = f.scopes.size();
    if (comma > start) scopes.push_back(f.scopes.substr(start, comma - start));
    start = comma + 1;
  }
  auto key = catalog.CreateKey(f.tenant, json::Json{{"name", f.name}, {"scopes", scopes}});
  if (!key.ok()) {
    std::cerr << "tact keys create: " << key.error().ToString() << "\n";
    return 1;
  }
  json::Json out = key->key.ToJson();
  out["key"] = key->plaintext;
  std::cout << out.dump() << "\n";
  return 0;
}

}  // namespace

void AddKeysCommand(CLI::App& app) {
  auto flags = std::make_shared<KeysFlags>();
  auto* keys = app.add_subcommand("keys", "Manage API keys");
  keys->require_subcommand(1);
  auto* create = keys->add_subcommand("create", "Create a secret key for a tenant; the key is printed once");
  create->add_option("--tenant", flags->tenant, "Tenant id")->required();
  create->add_option("--scopes", flags->scopes, "Comma-separated scopes, e.g. consent:write,decide")->required();
  create->add_option("--name", flags->name, "A name to recognise the key by")->capture_default_str();
  create->add_option("--data", flags->data, "Data directory")->capture_default_str();
  create->add_option("--store", flags->store, "Store (as for serve)")->capture_default_str();
  create->callback([flags] { ExitCode() = CreateKey(*flags); });
}

}  // namespace tact::cli
