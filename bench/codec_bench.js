'use strict';
// Benchmark helper for bench/codec_bench.sh.
//   node bench/codec_bench.js gen <tcf|gpp> <count> <out>   valid strings (reference-accepted), seeded
//   node bench/codec_bench.js js <tcf|gpp> <file> <rounds>   strings/second of the reference decoder
const fs = require('fs');
const path = require('path');
const [, , mode, kind, a, b] = process.argv;
const root = path.join(__dirname, '..');

if (mode === 'gen') {
  const { tcString, gppString, Rng } = require(path.join(root, 'tests/differential/gen.js'));
  const { tcfReference, gppReference } = require(path.join(root, 'tests/differential/reference.js'));
  const { HeaderV1 } = require(path.join(path.dirname(require.resolve('@iabgpp/cmpapi')), 'encoder', 'section', 'HeaderV1.js'));
  const rng = new Rng(kind === 'tcf' ? 101 : 202);
  const out = [];
  while (out.length < Number(a)) {
    const s = kind === 'tcf' ? tcString(rng) : gppString(rng);
    if (s.includes('\n') || s.includes('\r')) continue;
    // tcfcav1 (id 5) is left out: some of its malformed layouts make the reference exhaust memory.
    if (kind === 'gpp' && s.startsWith('DB')) {
      try { if (new HeaderV1(s.split('~')[0]).getFieldValue('SectionIds').includes(5)) continue; } catch { continue; }
    }
    const r = kind === 'tcf' ? tcfReference(s) : gppReference(s);
    if (!r.error) out.push(s);
  }
  fs.writeFileSync(b, out.join('\n') + '\n');
} else {
  const lines = fs.readFileSync(a, 'utf8').split('\n').filter((l) => l.length);
  let decode;
  if (kind === 'tcf' && mode === 'js-full') {
    // Equal work: decode, build the TCData of codec-json.md, print JSON.
    const { tcfReference } = require(path.join(root, 'tests/differential/reference.js'));
    decode = (s) => JSON.stringify(tcfReference(s));
  } else if (kind === 'tcf') {
    const { TCString } = require('@iabtcf/core');
    decode = (s) => TCString.decode(s);
  } else {
    const { GppModel } = require('@iabgpp/cmpapi');
    decode = (s) => new GppModel(s).toObject();  // GppModel decodes lazily: toObject() does the work
  }
  for (const s of lines.slice(0, 2000)) decode(s);  // warm-up
  const rounds = Number(b);
  const t0 = process.cpuUsage();
  for (let r = 0; r < rounds; r++) for (const s of lines) decode(s);
  const used = process.cpuUsage(t0);
  const secs = (used.user + used.system) / 1e6;  // CPU time, not wall time
  console.log(Math.round((lines.length * rounds) / secs));
}
