#include "ledger/checkpoint.h"

namespace tact {

namespace {

std::string RootBytes(const Hash256& h) { return std::string(reinterpret_cast<const char*>(h.data()), h.size()); }

}  // namespace

std::string Checkpoint::NoteText() const {
  return "tact.ledger.v1\n" + std::to_string(tree_size) + "\n" + Base64Url(RootBytes(root)) + "\n" +
         std::to_string(time) + "\n";
}

json::Json Checkpoint::ToJson() const {
  return json::Json{{"tree_size", tree_size},
                    {"root_hash", Base64Url(RootBytes(root))},
                    {"time", FormatRfc3339(time)},
                    {"time_ms", time},
                    {"kid", kid},
                    {"signature", Base64Url(signature)},
                    {"note", NoteText()}};
}

Result<Checkpoint> Checkpoint::FromJson(const json::Json& j) {
  try {
    Checkpoint c;
    c.tree_size = j.at("tree_size").get<uint64_t>();
    c.time = j.at("time_ms").get<int64_t>();
    c.kid = j.at("kid").get<std::string>();
    std::string root, sig;
    if (!Base64UrlDecode(j.at("root_hash").get<std::string>(), root) || root.size() != 32 ||
        !Base64UrlDecode(j.at("signature").get<std::string>(), sig)) {
      return Status::Corruption("checkpoint has a bad root or signature encoding");
    }
    std::copy(root.begin(), root.end(), c.root.begin());
    c.signature = sig;
    return c;
  } catch (const std::exception& e) {
    return Status::Corruption(std::string("checkpoint is malformed: ") + e.what());
  }
}

Checkpoint SignCheckpoint(const Signer& signer, uint64_t tree_size, const Hash256& root, UnixMillis time) {
  Checkpoint c;
  c.tree_size = tree_size;
  c.root = root;
  c.time = time;
  c.kid = signer.kid();
  c.signature = signer.Sign(c.NoteText());
  return c;
}

bool VerifyCheckpoint(const Signer& signer, const Checkpoint& c) {
  return c.kid == signer.kid() && signer.Verify(c.NoteText(), c.signature);
}

}  // namespace tact
