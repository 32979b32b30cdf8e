// tact export --subject S [--tenant T] [--data DIR]: everything tact holds on
// the subject as JSON on stdout (http/subject_access.h): the answer to their
// access request.
#include <iostream>

#include "cli/commands.h"
#include "http/subject_access.h"
#include "service/catalog.h"
#include "storage/store.h"
#include "tact/ids.h"

namespace tact::cli {
namespace {

struct ExportFlags {
  std::string data = "./tact-data";
  std::string store = "sqlite";
  std::string subject;
  std::string tenant;
};

int Export(const ExportFlags& f) {
  if (!IsValidSubjectId(f.subject)) {
    std::cerr << "tact export: --subject is not a valid subject id\n";
    return 2;
  }
  auto store = OpenStore(f.store, f.data);
  if (!store.ok()) {
    std::cerr << "tact export: " << store.error().ToString() << "\n";
    return 1;
  }
  Catalog catalog(store->get(), &SystemClock());
  Status s = catalog.Load();
  if (!s.ok()) {
    std::cerr << "tact export: " << s.ToString() << "\n";
    return 1;
  }
  auto held = http::HeldFromRecords(**store, f.tenant, f.subject);
  if (!held.ok()) {
    std::cerr << "tact export: " << held.error().ToString() << "\n";
    return 1;
  }
  auto out =
      http::SubjectAccessExport(**store, catalog, f.tenant, f.subject, SystemClock().Now(), *held);
  if (!out.ok()) {
    std::cerr << "tact export: " << out.error().ToString() << "\n";
    return 1;
  }
  std::cout << out->dump(2, ' ', false, json::Json::error_handler_t::replace) << "\n";
  return 0;
}

}  // namespace

void AddExportCommand(CLI::App& app) {
  auto flags = std::make_shared<ExportFlags>();
  auto* cmd = app.add_subcommand("export",
                                 "Print everything held on a subject as JSON: consents, history, "
                                 "messaging, feedback and who read their data");
  cmd->add_option("--subject", flags->subject, "Subject id")->required();
  cmd->add_option("--tenant", flags->tenant, "Only this tenant (default: every tenant)");
  cmd->add_option("--data", flags->data, "Data directory")->capture_default_str();
  cmd->add_option("--store", flags->store, "Store (as for serve)")->capture_default_str();
  cmd->callback([flags] { ExitCode() = Export(*flags); });
}

}  // namespace tact::cli
