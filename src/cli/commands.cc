#include "cli/commands.h"

#include <iostream>

namespace tact::cli {

int& ExitCode() {
  static int code = 0;
  return code;
}

int Main(int argc, char** argv) {
  CLI::App app{"tact: a self-hosted consent and customer-trust server"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show help for every subcommand");
  AddServeCommand(app);
  AddKeysCommand(app);
  AddExportCommand(app);
  AddLedgerCommand(app);
  AddTcfCommand(app);
  AddGppCommand(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return ExitCode();
}

}  // namespace tact::cli
