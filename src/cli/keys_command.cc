#include <iostream>

#include "cli/commands.h"

namespace tact::cli {

void AddKeysCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("keys", "keys (not built yet)");
  cmd->callback([] {
    std::cerr << "tact keys: not built yet\n";
    ExitCode() = 2;
  });
}

}  // namespace tact::cli
