// A receipt verified by a JOSE library that is not ours (npm `jose`), and its
// inclusion proof checked against a signed checkpoint, the way a person or an
// auditor does it offline (docs/formats/receipt.md, docs/formats/ledger.md):
//
//   1. record consents on a real `tact serve` (127.0.0.1, a temp data dir);
//   2. GET /v1/ledger/public-key (a JWK Set) and GET /v1/receipts/{id};
//   3. jose's compactVerify checks the EdDSA JWS with the key its header's
//      kid names; the claims must describe the recorded event;
//   4. the checkpoint's signature is checked with node's own Ed25519 over the
//      note text rebuilt from its fields;
//   5. the leaf hash is recomputed from the entry hash, and the RFC 6962 root
//      from the audit path; it must equal the checkpoint's root.
// Negative controls: an altered receipt, a receipt checked with another key,
// an altered proof and an altered checkpoint must all fail.
//
//   TACT_BIN=build/tact node --test tests/script/lib/receipt_jose.test.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash, createPublicKey, verify as cryptoVerify, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compactVerify, decodeProtectedHeader, exportJWK, importJWK } from 'jose';

const TACT = process.env.TACT_BIN;
let server, base, data, secret;

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function call(method, path, body, key = secret) {
  const headers = {};
  if (key) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, json, text, headers: res.headers };
}

async function startServer() {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(TACT, ['serve', '--data', data, '--listen', `127.0.0.1:${port}`, '--threads', '2'],
                 { stdio: ['ignore', 'ignore', 'inherit'] });
  const deadline = Date.now() + 30000;
  for (;;) {
    assert.equal(server.exitCode, null, 'tact serve exited');
    try {
      if ((await fetch(base + '/readyz')).status === 200) break;
    } catch { /* not yet */ }
    assert.ok(Date.now() < deadline, 'tact serve did not become ready in 30 s');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stopServer() {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await exited;
  }
}

before(async () => {
  assert.ok(TACT, 'TACT_BIN is not set');
  data = mkdtempSync(join(tmpdir(), 'tact-jose.'));
  await startServer();
  secret = JSON.parse(readFileSync(join(data, 'demo.key'), 'utf8')).secret_key;
});

after(async () => {
  await stopServer();
  if (data) rmSync(data, { recursive: true, force: true });
});

const b64u = (s) => Buffer.from(s, 'base64url');
const sha256 = (...parts) => createHash('sha256').update(Buffer.concat(parts)).digest();
const leafHash = (entryHash) => sha256(Buffer.from([0]), entryHash);
const nodeHash = (l, r) => sha256(Buffer.from([1]), l, r);

// RFC 9162 section 2.1.3.2: the root from a leaf hash and its audit path.
function rootFromInclusionProof(index, size, leaf, path) {
  if (index >= size) throw new Error('leaf index past the tree');
  let fn = BigInt(index);
  let sn = BigInt(size) - 1n;
  let r = leaf;
  for (const p of path) {
    if (sn === 0n) throw new Error('proof longer than the tree is deep');
    if ((fn & 1n) === 1n || fn === sn) {
      r = nodeHash(p, r);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) throw new Error('proof shorter than the tree is deep');
  return r;
}

// Checks a receipt answer offline with the JWK Set; returns the claims.
async function verifyReceiptAnswer(answer, jwks) {
  const { receipt, inclusion_proof: proof, checkpoint } = answer;
  // The receipt: a compact JWS, EdDSA, verified by jose with the key its kid names.
  const header = decodeProtectedHeader(receipt);
  assert.equal(header.alg, 'EdDSA');
  const jwk = jwks.keys.find((k) => k.kid === header.kid);
  assert.ok(jwk, `no published key has the receipt's kid ${header.kid}`);
  assert.equal(jwk.kty, 'OKP');
  assert.equal(jwk.crv, 'Ed25519');
  const key = await importJWK(jwk, 'EdDSA');
  const { payload, protectedHeader } = await compactVerify(receipt, key, { algorithms: ['EdDSA'] });
  assert.equal(protectedHeader.kid, header.kid);
  const claims = JSON.parse(new TextDecoder().decode(payload));

  // The checkpoint: Ed25519 over the note text, rebuilt from its fields.
  const ckey = jwks.keys.find((k) => k.kid === checkpoint.kid);
  assert.ok(ckey, `no published key has the checkpoint's kid ${checkpoint.kid}`);
  const note = `tact.ledger.v1\n${checkpoint.tree_size}\n${checkpoint.root_hash}\n${checkpoint.time_ms}\n`;
  assert.equal(checkpoint.note, note, 'the checkpoint note is not its fields');
  const signed = cryptoVerify(null, Buffer.from(note), createPublicKey({ key: ckey, format: 'jwk' }),
                              b64u(checkpoint.signature));
  assert.ok(signed, 'checkpoint signature does not verify');

  // The inclusion proof, against the signed root.
  assert.equal(proof.tree_size, checkpoint.tree_size);
  assert.equal(proof.leaf_index, claims.ledger.seq - 1, 'the proof is not for the receipt\'s ledger entry');
  const leaf = leafHash(b64u(answer.entry_hash));
  assert.deepEqual(leaf, b64u(proof.leaf_hash), 'leaf hash is not SHA-256(0x00 || entry hash)');
  const root = rootFromInclusionProof(proof.leaf_index, proof.tree_size, leaf, proof.hashes.map(b64u));
  assert.deepEqual(root, b64u(checkpoint.root_hash), 'the audit path does not lead to the signed root');
  return claims;
}

test('receipts verify with jose (EdDSA) and their inclusion proofs against a signed checkpoint', async () => {
  const recorded = [];
  for (let i = 0; i < 11; i++) {
    const r = await call('POST', '/v1/consents', {
      subject: `jose_subject_${i}`, property: 'shop', source: 'api',
      choices: [{ purpose: 'marketing.newsletter', channel: 'email', state: i % 3 ? 'granted' : 'denied' }],
    });
    assert.equal(r.status, 201, r.text);
    assert.match(r.json.receipt, /^[\w-]+\.[\w-]+\.[\w-]+$/, 'POST /v1/consents answers the receipt (compact JWS)');
    recorded.push(r.json);
  }
  const keys = await call('GET', '/v1/ledger/public-key', undefined, null);
  assert.equal(keys.status, 200);
  const jwks = keys.json;
  assert.ok(Array.isArray(jwks.keys) && jwks.keys.length >= 1, 'the public key is a JWK Set');

  let checked = 0;
  const sizes = new Set();
  for (const rec of recorded) {
    const r = await call('GET', `/v1/receipts/${rec.receipt_id}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.receipt_id, rec.receipt_id);
    const claims = await verifyReceiptAnswer(r.json, jwks);
    sizes.add(r.json.checkpoint.tree_size);
    assert.equal(claims.consentReceiptID, rec.receipt_id);
    assert.equal(claims.version, 'KI-CR-v1.1.0');
    assert.equal(claims.piiPrincipalId, rec.subject);
    assert.equal(claims.ledger.seq, rec.seq);
    assert.equal(claims.collectionMethod, 'api');
    assert.equal(claims.services[0].purposes[0].purpose, 'marketing.newsletter');
    assert.equal(claims.services[0].purposes[0].state, rec.choices[0].state);
    assert.equal(claims.piiControllers[0].tenant, 'demo');
    // The receipt given at recording is the same statement.
    const atRecording = await compactVerify(rec.receipt, await importJWK(
      jwks.keys.find((k) => k.kid === decodeProtectedHeader(rec.receipt).kid), 'EdDSA'));
    assert.deepEqual(JSON.parse(new TextDecoder().decode(atRecording.payload)).ledger, claims.ledger);
    checked++;
  }
  assert.equal(checked, recorded.length);
  console.log(`receipt_jose: ${checked} receipts verified with jose, ${checked} inclusion proofs checked ` +
              `against signed checkpoints (tree sizes ${[...sizes].join(', ')}), ${jwks.keys.length} published key(s)`);
});

test('altered receipts, other keys, altered proofs and checkpoints are refused', async () => {
  const rec = await call('POST', '/v1/consents', {
    subject: 'jose_tamper', choices: [{ purpose: 'analytics.measurement', state: 'granted' }],
  });
  assert.equal(rec.status, 201, rec.text);
  const jwks = (await call('GET', '/v1/ledger/public-key', undefined, null)).json;
  const good = (await call('GET', `/v1/receipts/${rec.json.receipt_id}`)).json;
  await verifyReceiptAnswer(good, jwks);  // the control: untouched, it passes

  const clone = () => JSON.parse(JSON.stringify(good));
  // A claim changed (state granted -> denied) with the signature kept.
  const [h, p, s] = good.receipt.split('.');
  const claims = JSON.parse(b64u(p).toString());
  claims.services[0].purposes[0].state = 'denied';
  const altered = clone();
  altered.receipt = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
  await assert.rejects(verifyReceiptAnswer(altered, jwks), /signature verification failed/);
  // Checked with a key that is not tact's (same kid).
  const other = generateKeyPairSync('ed25519');
  const otherJwk = { ...(await exportJWK(other.publicKey)), kid: decodeProtectedHeader(good.receipt).kid, alg: 'EdDSA' };
  await assert.rejects(verifyReceiptAnswer(good, { keys: [otherJwk] }), /signature verification failed/);
  // One byte of the audit path, or the leaf, changed.
  if (good.inclusion_proof.hashes.length) {
    const bad = clone();
    const first = b64u(bad.inclusion_proof.hashes[0]);
    first[0] ^= 1;
    bad.inclusion_proof.hashes[0] = first.toString('base64url');
    await assert.rejects(verifyReceiptAnswer(bad, jwks), /signed root/);
  }
  const badLeaf = clone();
  const eh = b64u(badLeaf.entry_hash);
  eh[31] ^= 0x80;
  badLeaf.entry_hash = eh.toString('base64url');
  await assert.rejects(verifyReceiptAnswer(badLeaf, jwks), /leaf hash/);
  // A checkpoint whose root or size was changed no longer verifies.
  const badCp = clone();
  badCp.checkpoint.tree_size += 1;
  badCp.checkpoint.note = `tact.ledger.v1\n${badCp.checkpoint.tree_size}\n${badCp.checkpoint.root_hash}\n` +
                          `${badCp.checkpoint.time_ms}\n`;
  await assert.rejects(verifyReceiptAnswer(badCp, jwks), /checkpoint signature/);
});

test('after a key rotation, receipts signed by the retired key still verify, new ones carry the new kid', async () => {
  const old = await call('POST', '/v1/consents', {
    subject: 'jose_rotation_old', choices: [{ purpose: 'marketing.newsletter', channel: 'email', state: 'granted' }],
  });
  assert.equal(old.status, 201, old.text);
  const oldKid = decodeProtectedHeader(old.json.receipt).kid;
  await stopServer();
  const rotated = spawnSync(TACT, ['ledger', 'rotate-key', '--data', data], { encoding: 'utf8' });
  assert.equal(rotated.status, 0, `tact ledger rotate-key: ${rotated.stdout}${rotated.stderr}`);
  await startServer();
  const fresh = await call('POST', '/v1/consents', {
    subject: 'jose_rotation_new', choices: [{ purpose: 'marketing.newsletter', channel: 'email', state: 'denied' }],
  });
  assert.equal(fresh.status, 201, fresh.text);
  const newKid = decodeProtectedHeader(fresh.json.receipt).kid;
  assert.notEqual(newKid, oldKid, 'the receipt after the rotation is signed with the new key');
  const jwks = (await call('GET', '/v1/ledger/public-key', undefined, null)).json;
  assert.ok(jwks.keys.some((k) => k.kid === oldKid), 'the retired key is still published');
  assert.ok(jwks.keys.some((k) => k.kid === newKid), 'the new key is published');
  // The receipt given before the rotation verifies with the retired key.
  const oldKey = await importJWK(jwks.keys.find((k) => k.kid === oldKid), 'EdDSA');
  const { payload } = await compactVerify(old.json.receipt, oldKey, { algorithms: ['EdDSA'] });
  assert.equal(JSON.parse(new TextDecoder().decode(payload)).ledger.seq, old.json.seq);
  // Both events' receipts and proofs, fetched again, verify against a signed checkpoint.
  for (const rec of [old.json, fresh.json]) {
    const r = await call('GET', `/v1/receipts/${rec.receipt_id}`);
    assert.equal(r.status, 200, r.text);
    const claims = await verifyReceiptAnswer(r.json, jwks);
    assert.equal(claims.ledger.seq, rec.seq);
  }
});
