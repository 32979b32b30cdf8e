'use strict';
// Regenerates the golden case files of tests/cases/{tcf,gpp}/ from their
// definitions below: the strings are built bit by bit, the expected JSON or
// error comes from the IAB reference libraries with tact's rules
// (tests/differential/reference.js). Run: node tests/cases/make_cases.js
const fs = require('fs');
const path = require('path');
const { Bits, fibRange, runsOf } = require('../differential/bits.js');
const { tcfReference, gppReference } = require('../differential/reference.js');

// A core segment with small, readable defaults; override fields by name.
function core(o = {}) {
  const v = {
    version: 2, created: 17000000000, lastUpdated: 17000000000, cmpId: 300, cmpVersion: 2,
    screen: 1, lang: [4, 13], vlv: 80, policy: 4, ss: true, nst: false, sf: [1], pc: [1, 2],
    pli: [2, 7], p1t: false, cc: [3, 4], vc: { bits: [2, 5] }, vli: { bits: [] }, restr: [], tail: '', pad: 'trad',
    ...o,
  };
  const b = new Bits().int(v.version, 6).int(v.created, 36).int(v.lastUpdated, 36).int(v.cmpId, 12)
    .int(v.cmpVersion, 12).int(v.screen, 6).int(v.lang[0], 6).int(v.lang[1], 6).int(v.vlv, 12)
    .int(v.policy, 6).bool(v.ss).bool(v.nst);
  for (let i = 1; i <= 12; i++) b.bool(v.sf.includes(i));
  for (let i = 1; i <= 24; i++) b.bool(v.pc.includes(i));
  for (let i = 1; i <= 24; i++) b.bool(v.pli.includes(i));
  b.bool(v.p1t).int(v.cc[0], 6).int(v.cc[1], 6);
  vendors(b, v.vc);
  vendors(b, v.vli);
  if (v.restr !== null) {
    b.int(v.restr.length, 12);
    for (const r of v.restr) {
      b.int(r.p, 6).int(r.t, 2).int(r.e.length, 12);
      for (const [a, z] of r.e) { b.bool(a !== z).int(a, 16); if (a !== z) b.int(z, 16); }
    }
  }
  return b.toBase64(v.pad) + v.tail;
}

// {bits: ids, max?} or {ranges: [[a, b], ...], max?}
function vendors(b, v) {
  if (v.bits) {
    const max = v.max ?? (v.bits.length ? Math.max(...v.bits) : 0);
    b.int(max, 16).bool(false);
    for (let i = 1; i <= max; i++) b.bool(v.bits.includes(i));
  } else {
    b.int(v.max ?? 0, 16).bool(true).int(v.ranges.length, 12);
    for (const [a, z] of v.ranges) { b.bool(a !== z).int(a, 16); if (a !== z) b.int(z, 16); }
  }
}

function seg(type, fill) {
  const b = new Bits().int(type, 3);
  fill(b);
  return b.toBase64('trad');
}
const disclosed = (v) => seg(1, (b) => vendors(b, v));
const allowed = (v) => seg(2, (b) => vendors(b, v));
const pubTc = (pc, n, custom) => seg(3, (b) => {
  for (let i = 1; i <= 24; i++) b.bool(pc.includes(i));
  for (let i = 1; i <= 24; i++) b.bool(false);
  b.int(n, 6);
  for (let i = 1; i <= 2 * n; i++) b.bool(custom.includes(i));
});

const tcfCases = {
  minimal: ['a core segment only (bitfield vendor lists)', core()],
  all_segments: ['core, disclosed, allowed and publisher TC with custom purposes',
    [core(), disclosed({ bits: [2, 5, 9] }), allowed({ ranges: [[2, 4]], max: 4 }), pubTc([1, 3], 3, [2, 4])].join('.')],
  vendor_ranges: ['range-encoded vendor consents and legitimate interests',
    core({ vc: { ranges: [[1, 3], [10, 10], [700, 702]], max: 702 }, vli: { ranges: [[5, 5]], max: 5 } })],
  bitfield_max_above_highest: ['MaxVendorId above the highest set id: the id map still stops at the highest set id',
    core({ vc: { bits: [3], max: 40 } })],
  range_end_below_start: ['a vendor range entry with end < start sets nothing (library quirk)',
    core({ vc: { ranges: [[9, 4], [2, 2]], max: 9 } })],
  range_above_max_vendor_id: ['range ids above MaxVendorId are accepted',
    core({ vc: { ranges: [[50, 52]], max: 10 } })],
  ranges_repeating_past_limit: ['4,093 range entries of 1-1025 (4.2 million ids, past tact\'s expansion limit): the same set',
    core({ vc: { ranges: new Array(4093).fill([1, 1025]), max: 1025 } })],
  vendor_id_zero_in_range: ['vendor id 0 in a vendor range: error', core({ vc: { ranges: [[0, 3]], max: 3 } })],
  trailing_characters: ['extra characters after the last field are ignored', core({ tail: 'AAAAB' })],
  odd_length_segment: ['any segment length is fine (not only quartets)', core({ pad: 'six' })],
  padding_equals: ['"=" padding: error', core() + '=='],
  plus_slash: ['standard base64 "+": error', core().slice(0, 10) + '+' + core().slice(11)],
  cmp_id_zero: ['CmpId 0: error (TCModel setter)', core({ cmpId: 0 })],
  cmp_id_one: ['CmpId 1: error', core({ cmpId: 1 })],
  consent_language_odd: ['ConsentLanguage values 26 and 63 decode to "[" and U+0080', core({ lang: [26, 63] })],
  publisher_cc_punctuation: ['PublisherCC values 26-31 decode to "[" ... "`"', core({ cc: [26, 31] })],
  publisher_cc_lowercase: ['PublisherCC values 32-57 are lower-case letters, upper-cased', core({ cc: [32, 57] })],
  publisher_cc_58: ['PublisherCC value 58: error', core({ cc: [0, 58] })],
  policy_version_63: ['PolicyVersion is not validated (63 accepted)', core({ policy: 63 })],
  restrictions: ['publisher restrictions: single and range entries, several purposes',
    core({ restr: [{ p: 2, t: 1, e: [[5, 6]] }, { p: 7, t: 0, e: [[100, 100]] }] })],
  restriction_type_3: ['restriction type 3: error', core({ restr: [{ p: 2, t: 3, e: [[5, 5]] }] })],
  restriction_purpose_0: ['restriction purpose 0: error', core({ restr: [{ p: 0, t: 1, e: [[5, 5]] }] })],
  restriction_purpose_0_empty: ['restriction purpose 0 without vendors: accepted (nothing is added)',
    core({ restr: [{ p: 0, t: 1, e: [] }] })],
  restriction_range_reversed: ['restriction range end < start: error', core({ restr: [{ p: 2, t: 1, e: [[9, 4]] }] })],
  restriction_vendor_0: ['restriction vendor id 0: accepted, missing from TCData',
    core({ restr: [{ p: 2, t: 1, e: [[0, 0], [4, 4]] }] })],
  restriction_two_types: ['one vendor under two types for one purpose: TCData keeps the later group',
    core({ restr: [{ p: 2, t: 1, e: [[5, 5]] }, { p: 2, t: 0, e: [[5, 5]] }] })],
  v1_string: ['a TCF v1.1 string: the library decodes it, tact rejects it',
    new Bits().int(1, 6).int(15000000000, 36).int(15000000000, 36).int(7, 12).int(1, 12).int(0, 6).int(4, 6).int(13, 6)
      .int(10, 12).int(0xF00000, 24).int(3, 16).bool(false).int(5, 3).toBase64('trad')],
  core_not_first: ['first segment is not the core: error (tact)', [disclosed({ bits: [1] }), core()].join('.')],
  duplicate_segment: ['a segment type twice: error (tact)', [core(), disclosed({ bits: [1] }), disclosed({ bits: [2] })].join('.')],
  second_core: ['a second core segment: error (tact)', [core(), core({ cmpId: 9 })].join('.')],
  segment_type_5: ['segment type 5: error', [core(), seg(5, (b) => b.int(0, 21))].join('.')],
  empty_string: ['the empty string: error', ''],
  empty_segment: ['an empty segment: error', core() + '..' + disclosed({ bits: [1] })],
  truncated: ['a truncated core: error', core().slice(0, 25)],
  version_3: ['core Version 3: error', core({ version: 3 })],
};

// GPP ------------------------------------------------------------------------
function header(ids) {
  const b = new Bits().int(3, 6).int(1, 6);
  fibRange(runsOf(ids), b);
  return b.toBase64('comp');
}
function ints(list) {
  const b = new Bits();
  for (const [v, n] of list) b.int(v, n);
  return b.toBase64('comp');
}
const usnatV2 = (version = 2, extra = []) => ints([[version, 6], [1, 2], [1, 2], [1, 2], [1, 2], [0, 2], [0, 2], [2, 2], [2, 2], [3, 2],
  ...new Array(16).fill([1, 2]), [0, 2], [0, 2], [1, 2], [0, 2], [2, 2], [1, 2], [0, 2], [0, 2], ...extra]);
const usnatV1 = (version = 1) => ints([[version, 6], [1, 2], [1, 2], [1, 2], [1, 2], [0, 2], [0, 2], [2, 2], [2, 2], [2, 2],
  ...new Array(12).fill([2, 2]), [0, 2], [1, 2], [0, 2], [1, 2], [0, 2], [0, 2]]);
const usca = () => ints([[1, 6], [1, 2], [1, 2], [1, 2], [2, 2], [2, 2], ...new Array(9).fill([1, 2]), [0, 2], [0, 2], [0, 2], [1, 2], [0, 2], [0, 2]]);
const usva = () => ints([[1, 6], [1, 2], [1, 2], [1, 2], [2, 2], [2, 2], ...new Array(8).fill([0, 2]), [0, 2], [1, 2], [0, 2], [0, 2]]);
const gpc = (type, on) => ints([[type, 2], [on ? 1 : 0, 1]]);
function tcfca() {
  const b = new Bits().int(1, 6).int(17000000000, 36).int(17000000000, 36).int(300, 12).int(2, 12).int(1, 6)
    .int(5, 6).int(17, 6).int(80, 12).int(2, 6).bool(false).int(0x800, 12).int(0xC00000, 24).int(0x400000, 24);
  b.int(30, 16).bool(true); fibRange([[2, 4], [30, 30]], b);     // VendorExpressConsent: range
  b.int(3, 16).bool(false).bool(true).bool(false).bool(true);     // VendorImpliedConsent: bitfield
  b.int(1, 12).int(2, 6).int(1, 2).int(9, 16).bool(true); fibRange([[9, 9]], b); // PubRestrictions
  const d = new Bits().int(1, 3).int(6, 16).bool(false);
  for (let i = 1; i <= 6; i++) d.bool(i % 2 === 0);
  return b.toBase64('comp') + '.' + d.toBase64('comp');
}
// A tcfcav1 core whose VendorExpressConsent is one Fibonacci range 1..n.
function tcfcaWideRange(n) {
  const b = new Bits().int(1, 6).int(17000000000, 36).int(17000000000, 36).int(300, 12).int(2, 12).int(1, 6)
    .int(5, 6).int(17, 6).int(80, 12).int(2, 6).bool(false).int(0, 12).int(0, 24).int(0, 24);
  b.int(0, 16).bool(true); fibRange([[1, n]], b);
  b.int(0, 16).bool(false).int(0, 12);
  return b.toBase64('comp');
}
const tc = [core(), disclosed({ bits: [2, 5] })].join('.');

const gppCases = {
  header_only: ['a header with no sections: valid, empty', header([])],
  tcfeuv2: ['a tcfeuv2 section', header([2]) + '~' + tc],
  tcfeuv2_restrictions: ['tcfeuv2 PublisherRestrictions as {key, type, ids}',
    header([2]) + '~' + core({ restr: [{ p: 2, t: 1, e: [[5, 7], [3, 3]] }], vc: { ranges: [[9, 9], [3, 4]], max: 9 } })],
  tcfeuv2_no_restriction_count: ['tcfeuv2 core ending before the restriction count: error (tact; the library accepts)',
    header([2]) + '~' + core({ restr: null })],
  tcfeuv2_invalid_tc: ['tcfeuv2 that is not a valid TC string (CmpId 1): error', header([2]) + '~' + core({ cmpId: 1 })],
  uspv1: ['uspv1', header([6]) + '~1YN-'],
  uspv1_bad_chars: ['uspv1 must match ^1[YN-]{3}$ (the library checks only the length)', header([6]) + '~1ynX'],
  usnat_v2_gpc: ['usnat Version 2 with a GPC segment', header([7]) + '~' + usnatV2() + '.' + gpc(1, true)],
  usnat_v2_no_gpc: ['usnat without the GPC segment: GpcSegmentType 1, Gpc false', header([7]) + '~' + usnatV2()],
  usnat_v1: ['usnat Version 1 (60 bits): 12 sensitive-data entries, 2 child consents', header([7]) + '~' + usnatV1()],
  usnat_v1_layout_version_2: ['usnat of 60 bits with Version 2: error (tact)', header([7]) + '~' + usnatV1(2)],
  usnat_v2_layout_version_1: ['usnat of 70 bits with Version 1: error (tact)', header([7]) + '~' + usnatV2(1)],
  usnat_value_3: ['a 2-bit field holding 3 is reported as 3 (no validators on decode)', header([7]) + '~' + usnatV2()],
  gpc_type_unchecked: ['GPC segment type is not checked', header([8]) + '~' + usca() + '.' + gpc(3, true)],
  gpc_empty: ['an empty GPC segment: error', header([8]) + '~' + usca() + '.'],
  extra_segments_ignored: ['extra "." segments of a US section are ignored', header([9]) + '~' + usva() + '.AAAA.BBBB'],
  several_sections: ['several sections in id order', header([2, 6, 7, 8]) + '~' + tc + '~1NNN~' + usnatV2() + '~' + usca()],
  unknown_section_skipped: ['an unknown section id is skipped (not in sectionList)', header([4, 6]) + '~xyz~1YYY'],
  count_mismatch: ['header lists more sections than follow: error', header([6, 7]) + '~1YNN'],
  blank_section: ['a blank section: error', header([6, 7]) + '~1YNN~ '],
  bare_tc_string: ['a bare TC string: error (tact; the library takes it)', tc],
  empty: ['the empty string: error (tact; the library takes it)', ''],
  not_db: ['a string not starting with the v1 header: error', 'DA~1YNN'],
  bad_header: ['a header too short for its section ids: error', 'DB'],
  truncated_section: ['a truncated US section: error', header([8]) + '~' + usca().slice(0, 4)],
  tcfcav1: ['a tcfcav1 section (Fibonacci vendor ranges, a restriction, disclosed vendors)', header([5]) + '~' + tcfca()],
  tcfcav1_no_core: ['tcfcav1 without a core segment: error (tact; the library reports the current time)',
    header([5]) + '~' + tcfca().split('.')[1]],
  tcfcav1_range_above_limit: ['tcfcav1 Fibonacci range of 2^20 + 1 ids: error (tact limit; the library expands it)',
    header([5]) + '~' + tcfcaWideRange(2 ** 20 + 1)],
};

function write(dir, cases, ref) {
  fs.mkdirSync(dir, { recursive: true });
  for (const f of fs.readdirSync(dir)) if (f.endsWith('.txt')) fs.unlinkSync(path.join(dir, f));
  for (const [name, [description, input]] of Object.entries(cases)) {
    const r = ref(input);
    const body = `# ${description}\ninput: ${input}\n` +
      (r.error !== undefined ? `error: reference says: ${r.error.replace(/\n/g, ' ')}\n` : `expect: ${JSON.stringify(r)}\n`);
    fs.writeFileSync(path.join(dir, name + '.txt'), body);
  }
}
write(path.join(__dirname, 'tcf'), tcfCases, tcfReference);
write(path.join(__dirname, 'gpp'), gppCases, gppReference);
