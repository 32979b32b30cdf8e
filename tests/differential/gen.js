'use strict';
// Seeded generators of TC strings and GPP strings for the differential test:
// mostly valid strings that cover every encoding choice, plus corrupted ones.
// Everything is built bit by bit here (the reference TCF encoder needs a GVL).
const path = require('path');
const { DICT, Bits, Rng, fibRange, runsOf } = require('./bits.js');

// ---------------------------------------------------------------- TC strings

function randomIds(rng, max, density) {
  const ids = [];
  for (let i = 1; i <= max; i++) if (rng.chance(density)) ids.push(i);
  return ids;
}

function maxIdFor(rng) {
  return rng.pick([0, 1, rng.range(1, 40), rng.range(40, 300), rng.range(300, 1300), rng.range(1300, 3000)]);
}

// A vendor section: bitfield or range, chosen at random (not by length).
function vendorSection(rng, bits, opts = {}) {
  const max = maxIdFor(rng);
  const useRange = rng.chance(0.5);
  if (!useRange) {
    const density = rng.pick([0.02, 0.2, 0.5, 0.9]);
    const set = new Array(max).fill(0).map(() => (rng.chance(density) ? 1 : 0));
    bits.int(max, 16).bool(false);
    for (const x of set) bits.bool(x);
    return;
  }
  const n = rng.pick([0, 1, 2, rng.range(3, 12), rng.range(12, 60)]);
  bits.int(max, 16).bool(true).int(n, 12);
  let cursor = 1;
  for (let i = 0; i < n; i++) {
    const isRange = rng.chance(0.4);
    let start = cursor + rng.range(0, 30);
    if (rng.chance(0.01)) start = rng.range(1, 65535);           // unsorted / above max
    else if (rng.chance(0.04)) start = rng.range(1, 3000);
    if (opts.allowZero && rng.chance(0.01)) start = 0;           // error in the library
    start = Math.min(start, 65535);
    let end = isRange ? Math.min(start + rng.range(0, 40), 65535) : start;
    if (isRange && rng.chance(0.05)) end = Math.max(0, start - rng.range(1, 5)); // end < start
    bits.bool(isRange).int(start, 16);
    if (isRange) bits.int(end, 16);
    cursor = Math.max(end, start) + 1;
  }
}

function restrictions(rng, bits) {
  const n = rng.pick([0, 0, 1, 2, rng.range(3, 6)]);
  bits.int(n, 12);
  for (let i = 0; i < n; i++) {
    let purpose = rng.range(1, 11);
    if (rng.chance(0.02)) purpose = 0;
    if (rng.chance(0.03)) purpose = rng.range(12, 63);
    let type = rng.range(0, 2);
    if (rng.chance(0.02)) type = 3;
    const entries = rng.pick([0, 1, 2, rng.range(3, 8)]);
    bits.int(purpose, 6).int(type, 2).int(entries, 12);
    for (let e = 0; e < entries; e++) {
      const isRange = rng.chance(0.4);
      let start = rng.range(1, 800);
      if (rng.chance(0.02)) start = 0;
      let end = isRange ? start + rng.range(0, 20) : start;
      if (isRange && rng.chance(0.02)) end = Math.max(0, start - 1);
      bits.bool(isRange).int(start, 16);
      if (isRange) bits.int(end, 16);
    }
  }
}

function letter(rng, odd) {
  if (rng.chance(odd)) return rng.range(26, 63);
  return rng.range(0, 25);
}

function tcCore(rng, version = 2) {
  const b = new Bits();
  const day = rng.range(15000000000, 18000000000);
  b.int(version, 6).int(day, 36).int(day + rng.pick([0, 0, rng.range(0, 99999999)]), 36);
  b.int(rng.chance(0.02) ? rng.range(0, 1) : rng.range(2, 4095), 12);
  b.int(rng.range(0, 4095), 12).int(rng.range(0, 63), 6);
  b.int(letter(rng, 0.05), 6).int(letter(rng, 0.05), 6);
  b.int(rng.range(0, 4095), 12).int(rng.pick([2, 4, 5, rng.range(0, 63)]), 6);
  b.bool(rng.chance(0.5)).bool(rng.chance(0.2));
  b.int(rng.int(2 ** 12), 12).int(rng.int(2 ** 24), 24).int(rng.int(2 ** 24), 24);
  b.bool(rng.chance(0.2));
  b.int(rng.chance(0.05) ? rng.range(26, 63) : rng.range(0, 25), 6);
  b.int(rng.chance(0.05) ? rng.range(26, 63) : rng.range(0, 25), 6);
  vendorSection(rng, b, { allowZero: true });
  vendorSection(rng, b, { allowZero: true });
  restrictions(rng, b);
  return b;
}

function tcSegment(rng, type) {
  const b = new Bits().int(type, 3);
  if (type === 1 || type === 2) {
    vendorSection(rng, b, { allowZero: true });
  } else if (type === 3) {
    b.int(rng.int(2 ** 24), 24).int(rng.int(2 ** 24), 24);
    const n = rng.pick([0, 0, 1, rng.range(2, 12), rng.range(12, 63)]);
    b.int(n, 6);
    for (let i = 0; i < 2 * n; i++) b.bool(rng.chance(0.4));
  } else {
    b.int(rng.int(2 ** 20), 20);
  }
  return b;
}

function encodeSeg(rng, bits) {
  // Trailing bits are ignored: pad to quartets, to whole characters, or add junk.
  const mode = rng.pick(['trad', 'trad', 'six', 'junk']);
  if (mode === 'junk') return bits.toBase64('six', rng) + DICT[rng.int(64)].repeat(rng.range(1, 3));
  return bits.toBase64(mode, rng);
}

function validishTc(rng) {
  const segs = [encodeSeg(rng, tcCore(rng))];
  const types = rng.shuffle([1, 2, 3].filter(() => rng.chance(0.5)));
  for (const t of types) segs.push(encodeSeg(rng, tcSegment(rng, t)));
  return segs;
}

function corruptTc(rng, segs) {
  const kind = rng.int(12);
  const s = segs.join('.');
  switch (kind) {
    case 0: return s.slice(0, rng.int(s.length + 1));                                  // truncation
    case 1: { const i = rng.int(s.length); return s.slice(0, i) + rng.pick(['+', '/', '=', ' ', '!', 'é', '\t']) + s.slice(i + 1); }
    case 2: return segs.concat([segs[rng.int(segs.length)]]).join('.');                // duplicated segment
    case 3: return segs.concat([encodeSeg(rng, tcSegment(rng, rng.range(4, 7)))]).join('.'); // unknown type
    case 4: return segs.slice(1).concat([segs[0]]).join('.');                          // core not first
    case 5: return [encodeSeg(rng, tcCore(rng, rng.pick([0, 1, 3, 63])))].concat(segs.slice(1)).join('.'); // version
    case 6: return s + (rng.chance(0.5) ? '.' : '..' + segs[0]);                         // empty segment
    case 7: { const i = rng.int(s.length); return s.slice(0, i) + DICT[rng.int(64)] + s.slice(i + 1); } // flip
    case 8: return s + '=='.slice(0, rng.range(1, 2));                                  // padding
    case 9: return '';
    case 10: return segs.concat([encodeSeg(rng, tcCore(rng))]).join('.');              // second core
    default: return segs.slice(0, 1).concat([segs[0].slice(0, rng.range(1, 6))]).join('.'); // short junk segment
  }
}

function tcString(rng) {
  const segs = validishTc(rng);
  return rng.chance(0.25) ? corruptTc(rng, segs) : segs.join('.');
}

// --------------------------------------------------------------- GPP strings

const GPP_SECTIONS = path.join(require.resolve('@iabgpp/cmpapi'), '..', 'encoder', 'section');

// Field layouts of the US sections, read from the reference library itself.
function usLayouts() {
  const { Sections } = require(path.join(GPP_SECTIONS, 'Sections.js'));
  const fs = require('fs');
  const classes = fs.readdirSync(GPP_SECTIONS).filter((f) => f.endsWith('.js'))
    .map((f) => Object.values(require(path.join(GPP_SECTIONS, f)))[0]);
  const layouts = {};
  for (const [id, name] of Sections.SECTION_ID_NAME_MAP) {
    if (id < 7) continue;
    const cls = classes.find((c) => c && c.NAME === name);
    const sec = new cls();
    const seg = (s) => s.getFieldNames().map((n) => {
      const f = s.fields.get(n);
      if (f.elementBitStringLength) return { n, bits: f.elementBitStringLength, count: f.numElements };
      if (f.bitStringLength) return { n, bits: f.bitStringLength, count: 1, def: f.value };
      return { n, bits: 1, count: 1 };
    });
    layouts[id] = { name, version: cls.VERSION, core: seg(sec.segments[0]), opt: sec.segments[1] ? seg(sec.segments[1]) : null };
  }
  return layouts;
}
let LAYOUTS = null;

function segmentBits(rng, fields, version) {
  const b = new Bits();
  for (const f of fields) {
    for (let i = 0; i < f.count; i++) {
      let v = rng.int(2 ** f.bits);
      if (f.n === 'Version' || f.n === 'MspaVersion') v = rng.chance(0.9) ? version : rng.int(64);
      else if (f.bits === 2 && rng.chance(0.7)) v = rng.range(0, 2);
      b.int(v, f.bits);
    }
  }
  return b;
}

function usSection(rng, id) {
  const L = LAYOUTS[id];
  let core;
  if (id === 7 && rng.chance(0.4)) {
    // usnat Version 1 layout: 12 sensitive-data entries, 2 child consents.
    const v1 = L.core.map((f) => (f.n === 'SensitiveDataProcessing' ? { ...f, count: 12 } :
      f.n === 'KnownChildSensitiveDataConsents' ? { ...f, count: 2 } : f));
    core = segmentBits(rng, v1, rng.chance(0.9) ? 1 : 2);
  } else {
    core = segmentBits(rng, L.core, id === 7 ? (rng.chance(0.85) ? 2 : rng.pick([1, 3])) : L.version);
  }
  let text = rng.chance(0.8) ? core.toBase64('comp') : core.toBase64('six', rng);
  if (rng.chance(0.05)) text += DICT[rng.int(64)];
  if (L.opt && rng.chance(0.5)) text += '.' + segmentBits(rng, L.opt, 1).toBase64(rng.pick(['comp', 'six']), rng);
  if (rng.chance(0.03)) text += '.' + (rng.chance(0.5) ? '' : 'AB');
  return text;
}

function tcfCaSection(rng) {
  const segs = [];
  const core = new Bits();
  const day = rng.range(15000000000, 18000000000);
  core.int(rng.pick([1, 1, rng.range(0, 7)]), 6).int(day, 36).int(day, 36).int(rng.range(0, 4095), 12)
    .int(rng.range(0, 4095), 12).int(rng.range(0, 63), 6).int(letter(rng, 0.1), 6).int(letter(rng, 0.1), 6)
    .int(rng.range(0, 4095), 12).int(rng.range(0, 63), 6).bool(rng.chance(0.5)).int(rng.int(2 ** 12), 12)
    .int(rng.int(2 ** 24), 24).int(rng.int(2 ** 24), 24);
  // Vendor lists: Fibonacci ranges or (the library's other layout) 16-bit ranges.
  // Mostly the library's canonical choice (its first, Fibonacci, layout is then
  // accepted); rarely the other layout or a non-canonical choice, which make the
  // library re-parse the bits and can exhaust its memory (reported as crashes).
  const fixed = rng.chance(0.03);
  const canonical = !rng.chance(0.03);
  const optFib = (b) => {
    const max = maxIdFor(rng);
    const ids = randomIds(rng, max, rng.pick([0.05, 0.5]));
    const top = ids.length ? ids[ids.length - 1] : 0;
    b.int(top, 16);
    const fibBits = (() => { const t = new Bits(); fibRange(runsOf(ids), t); return t.length; })();
    const fixedBits = 12 + runsOf(ids).reduce((n, [x, y]) => n + (x === y ? 17 : 33), 0);
    const useRange = canonical ? (fixed ? fixedBits : fibBits) <= top : rng.chance(0.5);
    if (useRange) {
      b.bool(true);
      if (!fixed) fibRange(runsOf(ids), b);
      else {
        const runs = runsOf(ids);
        b.int(runs.length, 12);
        for (const [x, y] of runs) { b.bool(x !== y).int(x, 16); if (x !== y) b.int(y, 16); }
      }
    } else { b.bool(false); for (let i = 1; i <= top; i++) b.bool(ids.includes(i)); }
  };
  optFib(core); optFib(core);
  if (rng.chance(0.8)) {
    const n = rng.pick([0, 1, 3]);
    core.int(n, 12);
    for (let i = 0; i < n; i++) { core.int(rng.range(0, 63), 6).int(rng.range(0, 3), 2); optFib(core); }
  }
  segs.push(core.toBase64(rng.pick(['comp', 'six']), rng));
  if (rng.chance(0.4)) {
    const p = new Bits().int(3, 3).int(rng.int(2 ** 24), 24).int(rng.int(2 ** 24), 24);
    const n = rng.pick([0, 2, 9]);
    p.int(n, 6);
    for (let i = 0; i < 2 * n; i++) p.bool(rng.chance(0.5));
    segs.push(p.toBase64('comp'));
  }
  if (rng.chance(0.4)) { const d = new Bits().int(1, 3); optFib(d); segs.push(d.toBase64('comp')); }
  return rng.shuffle(segs.slice(1)).length && rng.chance(0.3) ? rng.shuffle(segs).join('.') : segs.join('.');
}

function sectionText(rng, id) {
  if (id === 2) return tcString(rng);
  if (id === 5) return tcfCaSection(rng);
  if (id === 6) {
    const c = () => rng.pick(['Y', 'N', '-']);
    const s = '1' + c() + c() + c();
    return rng.chance(0.9) ? s : rng.pick(['2YNN', '1YN', '1YNNN', '1ynn', '1Y N', 'XYNN', '1YN.']);
  }
  if (LAYOUTS[id]) return usSection(rng, id);
  return rng.pick(['AAAA', 'xyz', '1YNN']);  // unknown section id: skipped by the library
}

function header(ids) {
  const b = new Bits().int(3, 6).int(1, 6);
  fibRange(runsOf(ids), b);
  return b.toBase64('comp');
}

function gppString(rng) {
  if (!LAYOUTS) LAYOUTS = usLayouts();
  const known = [2, 5, 6, ...Object.keys(LAYOUTS).map(Number)];
  const pool = rng.chance(0.05) ? known.concat([1, 3, 4, 28, 40]) : known;
  const ids = [...new Set(new Array(rng.pick([0, 1, 1, 2, 3, 5])).fill(0).map(() => rng.pick(pool)))].sort((a, b) => a - b);
  let texts = ids.map((id) => sectionText(rng, id));
  let head = header(ids);
  if (rng.chance(0.03)) head += '.' + 'AB';
  if (rng.chance(0.15)) {
    switch (rng.int(8)) {
      case 0: texts = texts.slice(0, -1); break;                                   // count mismatch
      case 1: texts.push('BVQqAAAAAg'); break;
      case 2: if (texts.length) texts[rng.int(texts.length)] = rng.pick(['', ' ', '\t']); break; // blank
      case 3: { const i = rng.int(head.length); head = head.slice(0, i) + DICT[rng.int(64)] + head.slice(i + 1); break; }
      case 4: head = head.slice(0, rng.range(0, head.length)); break;
      case 5: if (texts.length) { const i = rng.int(texts.length); texts[i] = texts[i].slice(0, rng.int(texts[i].length)); } break;
      case 6: if (texts.length) { const i = rng.int(texts.length); const t = texts[i]; const j = rng.int(t.length); texts[i] = t.slice(0, j) + rng.pick(['+', '=', '!', '/']) + t.slice(j + 1); } break;
      default: return rng.pick(['', 'CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA', 'DB', 'DBAA', 'DA', 'dbabma~1YNN']);
    }
  }
  return [head, ...texts].join('~');
}

module.exports = { tcString, gppString, Rng };
