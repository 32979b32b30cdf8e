#include <iostream>

#include "cli/commands.h"

namespace tact::cli {

void AddServeCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("serve", "serve (not built yet)");
  cmd->callback([] {
    std::cerr << "tact serve: not built yet\n";
    ExitCode() = 2;
  });
}

}  // namespace tact::cli
