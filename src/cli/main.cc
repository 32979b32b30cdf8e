// tact: the one binary. main only dispatches to the subcommands in src/cli/.
#include <mimalloc.h>

#include "cli/commands.h"

int main(int argc, char** argv) {
  // Linked for its malloc; the call keeps the library from being dropped.
  (void)mi_version();
  return tact::cli::Main(argc, argv);
}
