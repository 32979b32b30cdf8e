// The tact subcommands. Each Add*Command registers one verb (and its flags) on
// the CLI11 app; its file owns the verb's behaviour. Main parses and runs.
#ifndef TACT_CLI_COMMANDS_H_
#define TACT_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>

namespace tact::cli {

int Main(int argc, char** argv);

// Each returns nothing: the command's callback sets the process exit code
// through ExitCode() below.
void AddServeCommand(CLI::App& app);
void AddKeysCommand(CLI::App& app);
void AddExportCommand(CLI::App& app);
void AddLedgerCommand(CLI::App& app);
void AddTcfCommand(CLI::App& app);
void AddGppCommand(CLI::App& app);

// The exit code the chosen command asked for (0 by default).
int& ExitCode();

}  // namespace tact::cli

#endif  // TACT_CLI_COMMANDS_H_
