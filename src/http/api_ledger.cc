// Proof routes: a recorded event's signed receipt with its inclusion proof
// against a signed checkpoint (consent:read); and, with no key (anyone may
// verify), the latest checkpoint, consistency proofs between tree sizes and
// the public keys.
#include "http/api.h"
#include "http/errors.h"

namespace tact::http {

using nlohmann::json;

namespace {

std::string B64(const Hash256& h) {
  return Base64Url(std::string_view(reinterpret_cast<const char*>(h.data()), h.size()));
}

json HashList(const std::vector<Hash256>& hashes) {
  json out = json::array();
  for (const auto& h : hashes) out.push_back(B64(h));
  return out;
}

bool ParseSize(std::string_view s, uint64_t& out) {
  if (s.empty() || s.size() > 19) return false;
  out = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + static_cast<uint64_t>(c - '0');
  }
  return true;
}

// The subject a receipt id names within the key's tenant ("" when none).
AuditSpec AuditReceiptSubject(const App& app) {
  return {"GET /v1/receipts/{id}", [&app](const Request& req, const ApiKey& key) {
            auto event = app.FindReceipt(key.tenant, req.Param("id"));
            return event.ok() ? event->subject : std::string();
          }};
}

}  // namespace

void RegisterLedgerRoutes(Router& router, ApiContext& ctx) {
  App& app = *ctx.app;
  router.Add(
      "GET", "/v1/receipts/{id}",
      WithSecretKey(
          ctx, "consent:read",
          [&app](Request& req, const ApiKey& key, Respond respond) {
            auto event = app.FindReceipt(key.tenant, req.Param("id"));
            if (!event.ok()) return respond(ErrorResponse(event.error()));
            auto checkpoint = app.CheckpointCovering(event->seq);
            if (!checkpoint.ok()) return respond(ErrorResponse(checkpoint.error()));
            auto proof = app.ledger().InclusionProof(event->seq, checkpoint->tree_size);
            if (!proof.ok()) return respond(ErrorResponse(proof.error()));
            auto entries = app.store().ReadLedger(event->seq - 1, 1);
            if (!entries.ok() || entries->empty()) {
              return respond(ErrorResponse(Status::Internal("the ledger entry could not be read")));
            }
            const LedgerEntry& entry = (*entries)[0];
            respond(JsonResponse(200, {{"receipt_id", event->receipt_id},
                                       {"receipt", app.SignReceipt(*event)},
                                       {"event", EventToJson(*event)},
                                       {"entry_hash", B64(entry.hash)},
                                       {"inclusion_proof",
                                        {{"leaf_index", event->seq - 1},
                                         {"tree_size", checkpoint->tree_size},
                                         {"leaf_hash", B64(Ledger::LeafHash(entry.hash))},
                                         {"hashes", HashList(*proof)}}},
                                       {"checkpoint", checkpoint->ToJson()}}));
          },
          AuditReceiptSubject(app)));
  router.Add("GET", "/v1/ledger/checkpoint", [&app](Request&, Respond respond) {
    auto c = app.LatestCheckpoint();
    if (!c.ok()) return respond(ErrorResponse(c.error()));
    respond(JsonResponse(200, c->ToJson()));
  });
  router.Add("GET", "/v1/ledger/consistency", [&app](Request& req, Respond respond) {
    uint64_t first = 0, second = 0;
    if (!ParseSize(req.Query("first"), first) || !ParseSize(req.Query("second"), second)) {
      return respond(ErrorResponse(
          Status::InvalidArgument("query parameters 'first' and 'second' are tree sizes")));
    }
    auto proof = app.ledger().ConsistencyProof(first, second);
    if (!proof.ok()) return respond(ErrorResponse(proof.error()));
    respond(
        JsonResponse(200, {{"first", first}, {"second", second}, {"hashes", HashList(*proof)}}));
  });
  router.Add("GET", "/v1/ledger/public-key", [&app](Request&, Respond respond) {
    Response r = JsonResponse(200, app.PublicKeys());
    r.content_type = "application/jwk-set+json";
    r.headers.emplace_back("Cache-Control", "public, max-age=300");
    respond(std::move(r));
  });
}

}  // namespace tact::http
