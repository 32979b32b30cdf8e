#include <iostream>

#include "cli/commands.h"

namespace tact::cli {

void AddExportCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("export", "export (not built yet)");
  cmd->callback([] {
    std::cerr << "tact export: not built yet\n";
    ExitCode() = 2;
  });
}

}  // namespace tact::cli
