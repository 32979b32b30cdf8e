'use strict';
// Differential test: tact's codecs against the IAB reference libraries.
//
//   node tests/differential/run.js --tact build/tact [--count 2000] [--seed 1] [--kind tcf|gpp|both]
//
// Generates seeded random TC and GPP strings (gen.js), computes the reference
// JSON (reference.js), runs `tact tcf decode` / `tact gpp decode` on the same
// lines and compares line by line (deep-equal JSON; error vs error). Then
// checks the encoders: every decoded line goes through `tact ... encode`, the
// result is decoded again by tact and by the reference, and both must equal
// the first decode (tcString aside). Exits 1 on any disagreement.
const { spawnSync } = require('child_process');
const assert = require('assert');
const { tcString, gppString, Rng } = require('./gen.js');
const path = require('path');

function arg(name, def) {
  const i = process.argv.indexOf('--' + name);
  return i >= 0 ? process.argv[i + 1] : def;
}
const tact = arg('tact', 'build/tact');
const count = Number(arg('count', 2000));
const seed = Number(arg('seed', 1));
const kinds = arg('kind', 'both') === 'both' ? ['tcf', 'gpp'] : [arg('kind')];
const showMax = Number(arg('show', 5));
const CHUNK = 5000;

// Runs tact on the lines in batches (a decode line can be a megabyte of JSON).
function runTact(kind, verb, lines) {
  const all = [];
  for (let i = 0; i < lines.length; i += 500) {
    const batch = lines.slice(i, i + 500);
    const r = spawnSync(tact, [kind, verb], { input: batch.join('\n') + '\n', maxBuffer: 1 << 30 });
    if (r.status !== 0) throw new Error(`tact ${kind} ${verb} exited ${r.status}: ${r.stderr}`);
    const out = r.stdout.toString('utf8').split('\n');
    out.pop();
    if (out.length !== batch.length) throw new Error(`tact ${kind} ${verb}: ${out.length} lines for ${batch.length}`);
    for (const o of out) all.push(o);
  }
  return all;
}

// Reference JSON per line, computed in child processes (see reference_worker.js).
// A line whose reference run crashes is returned as {crash: true}.
function references(kind, lines) {
  const worker = path.join(__dirname, 'reference_worker.js');
  const run = (batch) => spawnSync(process.execPath, ['--max-old-space-size=384', worker],
    { input: JSON.stringify({ kind, lines: batch }), maxBuffer: 1 << 30, timeout: 60000 });
  // A batch whose worker dies is split in halves until the crashing lines are alone.
  const solve = (batch) => {
    const r = run(batch);
    if (r.status === 0) return r.stdout.toString('utf8').split('\n').slice(0, batch.length).map((l) => JSON.parse(l));
    if (batch.length === 1) return [{ crash: true }];
    const mid = batch.length >> 1;
    return solve(batch.slice(0, mid)).concat(solve(batch.slice(mid)));
  };
  const all = [];
  for (let i = 0; i < lines.length; i += 500) for (const x of solve(lines.slice(i, i + 500))) all.push(x);
  return all;
}

// tcf-gpp.md: a tcfcav1 section whose vendor ids go above 65535 (reached
// through the library's fallback parse) decodes, but neither tact's encoder
// nor the library's (EncodingError: a 16-bit field) can write it. True when
// the decoded line holds such an id; run.js then requires tact's encode
// error to say so and counts the line apart.
function tcfCaIdAbove16Bits(decoded) {
  const ca = decoded.sections && decoded.sections.tcfcav1;
  if (!ca) return false;
  const big = (ids) => Array.isArray(ids) && ids.some((v) => typeof v === 'number' && v > 65535);
  return Object.values(ca).some((v) => big(v) || (Array.isArray(v) && v.some((e) => e && big(e.ids))));
}

function same(a, b) {
  try { assert.deepStrictEqual(a, b); return true; } catch { return false; }
}

let failed = false;
for (const kind of kinds) {
  const rng = new Rng(seed * 7919 + (kind === 'tcf' ? 1 : 2));
  const gen = kind === 'tcf' ? tcString : gppString;
    const lines = [];
  while (lines.length < count) {
    const s = gen(rng);
    if (!s.includes('\n')) lines.push(s.replace(/\r$/, ''));
  }
  // In chunks, so that a large run never holds more than one chunk's
  // reference objects (a TCData of a wide TC string is tens of kilobytes).
  let valid = 0, invalid = 0, agree = 0, shown = 0, crashed = 0, limited = 0, validAgree = 0;
  let refMs = 0, tactMs = 0, rtOk = 0, rtBad = 0, rtTotal = 0, rtRefused = 0;
  for (let base = 0; base < lines.length; base += CHUNK) {
    const chunk = lines.slice(base, base + CHUNK);
    const t0 = Date.now();
    const expected = references(kind, chunk);
    const t1 = Date.now();
    const got = runTact(kind, 'decode', chunk).map((l) => JSON.parse(l));
    const t2 = Date.now();
    refMs += t1 - t0;
    tactMs += t2 - t1;
    const mismatches = [];
    for (let i = 0; i < chunk.length; i++) {
      const e = expected[i], g = got[i];
      if (e.crash) { crashed++; continue; }
      // tact's documented limits (reference.js): tact must fail for that reason.
      const limit = e.error !== undefined && /^tact: tcfcav1 id (list of|above)/.test(e.error);
      if (limit) limited++;
      const ok = e.error !== undefined ? g.error !== undefined && (!limit || /too many ids|too large/.test(g.error))
        : same(g, e);
      if (e.error !== undefined) invalid++; else valid++;
      if (ok) agree++;
      else mismatches.push(i);
      if (ok && e.error === undefined) validAgree++;
    }
    for (const i of mismatches) {
      if (shown >= showMax) break;
      console.log(`MISMATCH ${kind} line ${base + i + 1}: ${JSON.stringify(chunk[i])}`);
      console.log('  reference: ' + JSON.stringify(expected[i]).slice(0, 1500));
      console.log('  tact:      ' + JSON.stringify(got[i]).slice(0, 1500));
      shown++;
    }
    if (mismatches.length) failed = true;

    // Encoders: decode -> encode -> decode (tact and reference).
    const decoded = got.filter((g, i) => g.error === undefined && !expected[i].crash);
    const encoded = runTact(kind, 'encode', decoded.map((d) => JSON.stringify(d)));
    const redecoded = runTact(kind, 'decode', encoded).map((l) => JSON.parse(l));
    const fromRefs = references(kind, encoded);
    rtTotal += decoded.length;
    for (let i = 0; i < decoded.length; i++) {
      const want = JSON.parse(JSON.stringify(decoded[i]));
      if (kind === 'tcf') want.tcData.tcString = encoded[i];
      const fromRef = fromRefs[i];
      if (kind === 'gpp' && tcfCaIdAbove16Bits(decoded[i]) &&
          /^\{"error":"tcfcav1\.\w+: id above 65535"\}$/.test(encoded[i])) {
        rtRefused++;
        continue;
      }
      if (same(redecoded[i], want) && same(fromRef, want)) {
        rtOk++;
      } else {
        rtBad++;
        if (rtBad <= showMax) {
          console.log(`ROUNDTRIP ${kind}: ${JSON.stringify(encoded[i])}`);
          console.log('  first decode: ' + JSON.stringify(decoded[i]).slice(0, 1500));
          console.log('  tact again:   ' + JSON.stringify(redecoded[i]).slice(0, 1500));
          console.log('  reference:    ' + JSON.stringify(fromRef).slice(0, 1500));
        }
      }
    }
    if (lines.length > CHUNK) {
      // Progress of a large run (stderr, so stdout keeps the summary lines).
      console.error(`${kind}: ${Math.min(base + CHUNK, lines.length)}/${lines.length} lines; ` +
        `decode agreement ${agree}/${valid + invalid}, ${crashed} reference crashes; round trip ${rtOk} ok, ` +
        `${rtBad} bad, ${rtRefused} refused (documented)`);
    }
  }
  console.log(`${kind} decode: ${lines.length} strings (${valid} valid, ${invalid} invalid per reference); ` +
    `agreement ${agree}/${valid + invalid} (valid ${validAgree}/${valid}, invalid ${agree - validAgree}/${invalid}); ` +
    `${crashed} lines on which the reference library itself crashed (tact answered each); ` +
    `${limited} invalid by tact's documented tcfcav1 limits (2^20 ids, 2^53); ` +
    `reference ${refMs} ms, tact ${tactMs} ms`);
  console.log(`${kind} encode round trip: ${rtOk}/${rtTotal - rtRefused} (decode(encode(x)) == x for tact and for the reference); ` +
    `${rtRefused} decoded lines with tcfcav1 ids above 65535 that neither encoder writes (tact's error names it)`);
  if (rtBad) failed = true;
}
process.exit(failed ? 1 : 0);
