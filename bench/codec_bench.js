'use strict';
// Benchmark helper for bench/codec_bench.sh.
//   node bench/codec_bench.js gen <tcf|gpp> <count> <out> [mix]   valid strings (reference-accepted), seeded
//   node bench/codec_bench.js js <tcf|gpp> <file> <rounds>        strings/s, reference decode only
//   node bench/codec_bench.js js-full <tcf|gpp> <file> <rounds>   strings/s, reference doing tact's work
const fs = require('fs');
const path = require('path');
const [, , mode, kind, a, b, mixArg] = process.argv;
const root = path.join(__dirname, '..');

// The highest vendor id a TC string mentions (core vendor sections and the
// disclosed/allowed segments), from the reference's own decode.
function maxVendorId(s) {
  const { TCString } = require('@iabtcf/core');
  const m = TCString.decode(s);
  return Math.max(m.vendorConsents.maxId, m.vendorLegitimateInterests.maxId,
    m.vendorsDisclosed.maxId, m.vendorsAllowed.maxId, 0);
}

// Which strings a mix keeps (see codec_bench.sh).
function inMix(s, mix) {
  if (mix === 'all') return true;
  if (kind === 'tcf') return maxVendorId(s) <= (mix === 'gvl' ? 1500 : 300);
  const { HeaderV1 } = require(path.join(path.dirname(require.resolve('@iabgpp/cmpapi')), 'encoder', 'section', 'HeaderV1.js'));
  const hasTcfEu = new HeaderV1(s.split('~')[0]).getFieldValue('SectionIds').includes(2);
  return mix === 'tcfeu' ? hasTcfEu : !hasTcfEu;
}

if (mode === 'gen') {
  const { tcString, gppString, Rng } = require(path.join(root, 'tests/differential/gen.js'));
  const { tcfReference, gppReference } = require(path.join(root, 'tests/differential/reference.js'));
  const { HeaderV1 } = require(path.join(path.dirname(require.resolve('@iabgpp/cmpapi')), 'encoder', 'section', 'HeaderV1.js'));
  const mix = mixArg || 'all';
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
    if (!r.error && inMix(s, mix)) out.push(s);
  }
  fs.writeFileSync(b, out.join('\n') + '\n');
} else {
  const lines = fs.readFileSync(a, 'utf8').split('\n').filter((l) => l.length);
  let decode;
  if (mode === 'js-full') {
    // Equal work: decode, build the JSON object of codec-json.md, print it as
    // JSON. TCF: TCString.decode + TCData + core (reference.js). GPP: the
    // model's toObject() with dates as numbers, and its section ids (without
    // reference.js's extra checks of tact's stricter rules).
    const { tcfReference, plain } = require(path.join(root, 'tests/differential/reference.js'));
    const { GppModel } = require('@iabgpp/cmpapi');
    decode = kind === 'tcf' ? (s) => JSON.stringify(tcfReference(s)) : (s) => {
      const m = new GppModel(s);
      return JSON.stringify({ sectionList: m.getSectionIds(), sections: plain(m.toObject()) });
    };
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
