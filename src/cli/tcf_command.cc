#include <iostream>

#include "cli/commands.h"

namespace tact::cli {

void AddTcfCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("tcf", "tcf (not built yet)");
  cmd->callback([] {
    std::cerr << "tact tcf: not built yet\n";
    ExitCode() = 2;
  });
}

}  // namespace tact::cli
