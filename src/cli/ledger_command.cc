// tact ledger verify [--data DIR]: recomputes the hash chain from genesis,
// checks every entry decodes canonically and matches its columns, recomputes
// the Merkle root of every signed checkpoint and checks its signature with
// the key its kid names (the data directory's key ring: keys retired by a
// rotation still verify what they signed). Exits 1 naming the first bad place.
//
// tact ledger rotate-key [--data DIR]: retires the signing key and makes a
// new one; the old public key stays published (ledger-keys.json).
#include <array>
#include <iostream>
#include <optional>

#include "cli/commands.h"
#include "ledger/checkpoint.h"
#include "ledger/key_ring.h"
#include "ledger/ledger.h"
#include "service/ledger_keys.h"
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
    std::cout << "ledger: FAILED after " << events << " good entries: " << ledger.error().message()
              << "\n";
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
  auto ring = LoadKeyRing(f.data);
  std::optional<KeyRing> keys;
  if (ring.ok()) keys.emplace(std::move(*ring));
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
    if (!keys || !keys->VerifyCheckpoint(*c)) {
      std::cout << "ledger: FAILED: checkpoint at tree size " << c->tree_size
                << " is not signed by a key of this data directory's ledger key ring (kid "
                << c->kid << ")\n";
      return 1;
    }
    ++checkpoints;
  }
  std::cout << "ledger: ok, " << events << " events (" << choices << " choices), head seq "
            << head.seq << ", head hash " << ToHex(head.hash) << ", " << checkpoints
            << " signed checkpoints verified, root "
            << ToHex((*ledger)->TreeRoot((*ledger)->TreeSize())) << ", "
            << (keys ? keys->keys().size() : 0) << " signing keys\n";
  return 0;
}

int RotateKey(const LedgerFlags& f) {
  auto before = LoadKeyRing(f.data);
  auto ring = RotateLedgerKey(f.data, SystemClock().Now());
  if (!ring.ok()) {
    std::cerr << "tact ledger rotate-key: " << ring.error().ToString() << "\n";
    return 1;
  }
  std::cout << "ledger key rotated: new key " << ring->signer().kid();
  if (before.ok()) std::cout << ", retired " << before->signer().kid();
  std::cout << "; " << ring->keys().size()
            << " keys published. Restart tact serve to sign with the new key.\n";
  return 0;
}

}  // namespace

void AddLedgerCommand(CLI::App& app) {
  auto flags = std::make_shared<LedgerFlags>();
  auto* ledger = app.add_subcommand("ledger", "Inspect the consent ledger");
  ledger->require_subcommand(1);
  auto* verify =
      ledger->add_subcommand("verify", "Recompute the hash chain; exit 1 on the first bad entry");
  verify->add_option("--data", flags->data, "Data directory")->capture_default_str();
  verify->add_option("--store", flags->store, "Store (as for serve)")->capture_default_str();
  verify->callback([flags] { ExitCode() = Verify(*flags); });
  auto* rotate = ledger->add_subcommand("rotate-key",
                                        "Make a new signing key; old public keys stay published");
  rotate->add_option("--data", flags->data, "Data directory")->capture_default_str();
  rotate->callback([flags] { ExitCode() = RotateKey(*flags); });
}

}  // namespace tact::cli
