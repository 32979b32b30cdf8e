#include <iostream>

#include "cli/commands.h"

namespace tact::cli {

void AddGppCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("gpp", "gpp (not built yet)");
  cmd->callback([] {
    std::cerr << "tact gpp: not built yet\n";
    ExitCode() = 2;
  });
}

}  // namespace tact::cli
