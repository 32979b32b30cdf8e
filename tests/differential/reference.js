'use strict';
// The reference JSON for one line, per /work/shared/codec-json.md: what the IAB
// libraries produce (TCData of @iabtcf/cmpapi 1.5.6 over TCString.decode of
// @iabtcf/core 1.5.6; GppModel.toObject() of @iabgpp/cmpapi 3.2.0), with
// tact's stricter rules applied on top. Returns an object, or {error}.
const path = require('path');
const { TCString } = require('@iabtcf/core');
const cmpapiDir = path.dirname(require.resolve('@iabtcf/cmpapi'));
const { CmpApiModel } = require(path.join(cmpapiDir, 'CmpApiModel.js'));
const { TCData } = require(path.join(cmpapiDir, 'response', 'TCData.js'));
const { GppModel } = require('@iabgpp/cmpapi');
const { HeaderV1 } = require(path.join(path.dirname(require.resolve('@iabgpp/cmpapi')), 'encoder', 'section', 'HeaderV1.js'));
const { DICT } = require('./bits.js');

function err(msg) { return { error: msg }; }

// tact rules 1 and 2 (codec-json.md "Which TC strings are valid").
function tactTcfRules(s) {
  const segs = s.split('.');
  const seen = new Set();
  for (let i = 0; i < segs.length; i++) {
    const v = DICT.indexOf(segs[i][0]);
    const type = v >> 3;
    if (i === 0 && (type !== 0 || v !== 2)) return 'first segment must be a core segment with Version 2';
    if (seen.has(type)) return 'segment type ' + type + ' occurs twice';
    seen.add(type);
  }
  return null;
}

function tcfReference(s) {
  let model;
  try {
    model = TCString.decode(s);
  } catch (e) {
    return err('library: ' + e.message);
  }
  const rule = tactTcfRules(s);
  if (rule) return err('tact: ' + rule);
  CmpApiModel.gdprApplies = true;
  CmpApiModel.tcModel = model;
  CmpApiModel.tcString = s;
  const d = new TCData(undefined, undefined);
  return {
    tcData: {
      tcString: d.tcString,
      tcfPolicyVersion: model.policyVersion,
      cmpId: model.cmpId,
      cmpVersion: model.cmpVersion,
      gdprApplies: true,
      isServiceSpecific: d.isServiceSpecific,
      useNonStandardTexts: d.useNonStandardStacks,
      publisherCC: d.publisherCC,
      purposeOneTreatment: d.purposeOneTreatment,
      outOfBand: d.outOfBand,
      purpose: d.purpose,
      vendor: d.vendor,
      specialFeatureOptins: d.specialFeatureOptins,
      publisher: d.publisher,
    },
    core: {
      version: model.version,
      created: model.created.getTime() / 100,
      lastUpdated: model.lastUpdated.getTime() / 100,
      consentScreen: model.consentScreen,
      consentLanguage: model.consentLanguage,
      vendorListVersion: model.vendorListVersion,
    },
  };
}

function plain(v) {
  if (v instanceof Date) return v.getTime() / 100;
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') {
    const o = {};
    for (const [k, x] of Object.entries(v)) o[k] = plain(x);
    return o;
  }
  return v;
}

// tact's documented limits (docs/formats/tcf-gpp.md "Limits"): a Fibonacci-
// coded id list of a tcfcav1 section may expand to at most 2^20 ids, and no
// value may exceed 2^53 (JavaScript numbers are no longer exact there). The
// library has no limit: it expands whatever the bits say (and runs out of
// memory on larger ranges, which run.js reports as reference crashes).
const MAX_IDS = 2 ** 20;
function tcfCaBeyondLimits(section) {
  const lists = [section.VendorExpressConsent, section.VendorImpliedConsent, section.DisclosedVendors,
    ...(section.PubRestrictions || []).map((e) => e.ids)];
  for (const ids of lists) {
    if (!Array.isArray(ids)) continue;
    if (ids.length > MAX_IDS) return 'tcfcav1 id list of ' + ids.length + ' ids, above the limit of 2^20';
    if (ids.some((x) => x > Number.MAX_SAFE_INTEGER)) return 'tcfcav1 id above 2^53';
  }
  return null;
}

function gppReference(s) {
  let ids, obj;
  try {
    const m = new GppModel(s);
    obj = m.toObject();
    ids = m.getSectionIds();
  } catch (e) {
    return err('library: ' + e.message);
  }
  if (!s.startsWith('DB')) return err('tact: not a GPP v1 string');
  const parts = s.split('~');
  const headerIds = new HeaderV1(parts[0]).getFieldValue('SectionIds');
  for (let i = 0; i < headerIds.length; i++) {
    const id = headerIds[i];
    const text = parts[i + 1];
    if (id === 2 && tcfReference(text).error) return err('tact: tcfeuv2 is not a valid TC string');
    if (id === 6 && !/^1[YN-]{3}$/.test(text)) return err('tact: uspv1 must match ^1[YN-]{3}$');
    if (id === 7) {
      const core = text.split('.')[0];
      const v1Layout = core.length === 10 || core.length === 11;
      if (v1Layout !== (obj.usnat.Version === 1)) return err('tact: usnat layout and Version disagree');
    }
    if (id === 5 && !text.split('.').some((p) => p.length && p[0] >= 'A' && p[0] <= 'H')) {
      return err('tact: tcfcav1 without a core segment');
    }
    if (id === 5) {
      const limit = tcfCaBeyondLimits(obj.tcfcav1);
      if (limit) return err('tact: ' + limit);
    }
  }
  return { sectionList: ids, sections: plain(obj) };
}

module.exports = { tcfReference, gppReference, plain };
