// tact ledger verify [--data DIR]: recomputes the hash chain from genesis,
// checks every entry decodes canonically and matches its columns, recomputes
// the Merkle root of every signed checkpoint and checks its signature. Exits 1
// naming the first bad place.
#include <array>
#include <iostream>
#include <optional>

#include "cli/commands.h"
#include "ledger/checkpoint.h"
#include "ledger/ledger.h"
#include "service/data_dir.h"
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
  // Every signed checkpoint must match the recomputed Merkle root and verify
  // with the ledger key.
  auto records = (*store)->ListRecords("checkpoint");
  if (!records.ok()) {
    std::cout << "ledger: FAILED: cannot read checkpoints: " << records.error().message() << "\n";
    return 1;
  }
  std::optional<Signer> signer;
  auto seed = ReadSmallFile(f.data + "/ledger.key");
  if (seed.ok() && seed->size() == 32) {
    std::array<uint8_t, 32> bytes;
    std::copy(seed->begin(), seed->end(), bytes.begin());
    signer.emplace(bytes);
  }
  uint64_t checkpoints = 0;
  for (const Record& r : *records) {
    if (r.id == "latest") continue;
    auto c = Checkpoint::FromJson(json::Json::parse(r.body, nullptr, false));
    if (!c.ok()) {
      std::cout << "ledger: FAILED: checkpoint " << r.id << ": " << c.error().message() << "\n";
      return 1;
    }
    if (c->tree_size > (*ledger)->TreeSize() || (*ledger)->TreeRoot(c->tree_size) != c->root) {
      std::cout << "ledger: FAILED: checkpoint at tree size " << c->tree_size
                << " does not match the entries (an entry at or before seq " << c->tree_size
                << " was changed, removed or reordered)\n";
      return 1;
    }
    if (!signer || !VerifyCheckpoint(*signer, *c)) {
      std::cout << "ledger: FAILED: checkpoint at tree size " << c->tree_size
                << " is not signed by this data directory's ledger key\n";
      return 1;
    }
    ++checkpoints;
  }
  std::cout << "ledger: ok, " << events << " events (" << choices << " choices), head seq " << head.seq
            << ", head hash " << ToHex(head.hash) << ", " << checkpoints << " signed checkpoints verified, root "
            << ToHex((*ledger)->TreeRoot((*ledger)->TreeSize())) << "\n";
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
