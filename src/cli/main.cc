// tact: the one binary. main only dispatches to the subcommands in src/cli/.
#include "cli/commands.h"

int main(int argc, char** argv) { return tact::cli::Main(argc, argv); }
