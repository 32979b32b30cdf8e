// tact ledger verify [--data DIR]: recomputes the hash chain from genesis and
// checks every entry decodes canonically and matches its columns. Exits 1
// naming the first bad sequence number.
#include <iostream>

#include "cli/commands.h"
#include "ledger/ledger.h"
#include "storage/store.h"

namespace tact::cli {
namespace {

struct LedgerFlags {
  std::string data = "./tact-data";
  std::string store = "sqlite";
};

int Verify(const LedgerFlags& f) {
  auto store = OpenStore(f.store, f.data);
  if (!store.ok()) {
    std::cerr << "tact ledger verify: " << store.error().ToString() << "\n";
    return 1;
  }
  uint64_t events = 0, choices = 0;
  auto ledger = Ledger::Open(store->get(), [&](const ConsentEvent& e) {
    ++events;
    choices += e.choices.size();
  });
  if (!ledger.ok()) {
    std::cout << "ledger: FAILED after " << events << " good entries: " << ledger.error().message() << "\n";
    return 1;
  }
  LedgerHead head = (*ledger)->head();
  std::cout << "ledger: ok, " << events << " events (" << choices << " choices), head seq " << head.seq
            << ", head hash " << ToHex(head.hash) << "\n";
  return 0;
}

}  // namespace

void AddLedgerCommand(CLI::App& app) {
  auto flags = std::make_shared<LedgerFlags>();
  auto* ledger = app.add_subcommand("ledger", "Inspect the consent ledger");
  ledger->require_subcommand(1);
  auto* verify = ledger->add_subcommand("verify", "Recompute the hash chain; exit 1 on the first bad entry");
  verify->add_option("--data", flags->data, "Data directory")->capture_default_str();
  verify->add_option("--store", flags->store, "Store (as for serve)")->capture_default_str();
  verify->callback([flags] { ExitCode() = Verify(*flags); });
}

}  // namespace tact::cli
