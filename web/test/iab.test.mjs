// The IAB APIs in the page (__tcfapi, __gpp) answer from the server's own TC
// and GPP strings, decoded server-side by tact's codecs: checked field by
// field after accept all, reject all and a granular choice, for calls queued
// in the stub before tact.js loads, and against the IAB's reference
// libraries run here on node (@iabtcf/core + @iabtcf/cmpapi build the
// TCData a page should get from the same string; @iabgpp/cmpapi parses the
// same GPP string).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TCString } from '@iabtcf/core';
import { CmpApiModel, TCData } from '@iabtcf/cmpapi';
import { GppModel } from '@iabgpp/cmpapi';
import { launch, newContext, pageHtml, setupTenant, startSite, startTact, PURPOSES, ROOT, VENDORS } from './lib.mjs';

let tact, site, browser, host;

// The lib's purposes and vendors, standing for TCF purposes and GVL vendors
// (tests/fixtures/gvl-v3-small.json: vendor 8 purposes 1, 8; vendor 755
// purposes 1-4, legitimate interest 7). Purpose 1 is shared by two tact
// purposes, so it needs both.
const purposes = {
  ...PURPOSES,
  'analytics.measurement': { ...PURPOSES['analytics.measurement'], iab_purposes: [1, 8] },
  'ads.personalised': { ...PURPOSES['ads.personalised'], iab_purposes: [1, 2, 3, 4], iab_special_features: [1] },
  'ads.measurement': {
    title: { en: 'Ad measurement', fr: 'Mesure publicitaire' },
    description: { en: 'Partners count how often our ads are seen.', fr: 'Des partenaires comptent combien nos annonces sont vues.' },
    benefit: { en: 'Fewer, better ads.', fr: 'Moins d\u2019annonces, mieux choisies.' },
    legal_basis: 'legitimate_interest', party: 'third', retention_days: 395, iab_purposes: [7],
  },
};
const vendors = {
  ...VENDORS,
  'measure-co': { ...VENDORS['measure-co'], gvl_id: 8 },
  adnet: { ...VENDORS.adnet, legitimate_interest_purposes: ['ads.measurement'] },
};

// Calls made before tact.js loads, kept as plain JSON.
const QUEUED = `<script>
  var j = function (v) { return JSON.parse(JSON.stringify(v, function (k, x) { return x === undefined ? null : x; })); };
  window.tcfLog = []; window.gppLog = []; window.early = {};
  __tcfapi('addEventListener', 2, function (d, ok) { tcfLog.push({ ok: ok, d: j(d) }); });
  __tcfapi('getTCData', 2, function (d, ok) { early.tcData = j(d); });
  __gpp('addEventListener', function (e) { gppLog.push([e.eventName, e.data, e.pingData.signalStatus]); });
  __gpp('hasSection', function (v) { early.hasTcf = v; }, 'tcfeuv2');
  __gpp('getSection', function (v) { early.usnat = v; }, 'usnat');
  __gpp('getField', function (v) { early.sale = v; }, 'usnat.SaleOptOut');
  __gpp('ping', function (p) { early.stubPing = j(p); });
</script>`;

before(async () => {
  tact = await startTact();
  site = await startSite();
  host = site.origin('iab.tact.test');
  const gvl = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/gvl-v3-small.json'), 'utf8'));
  const shop = await setupTenant(tact, {
    id: 'iabco', origins: [host], purposes, vendors, gvl,
    property: { tcf: { cmp_id: 300, cmp_version: 2, publisher_cc: 'FR' } },
  });
  site.set('/', await pageHtml(tact, { pk: shop.pk, head: QUEUED }));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await site?.close();
  await tact?.stop();
});

// What @iabtcf/cmpapi 1.5.6 hands a page for this string (JSON), under the
// v2.2 name useNonStandardTexts (the library still says useNonStandardStacks).
function referenceTcData(tcString, eventStatus, listenerId) {
  const m = TCString.decode(tcString);
  Object.assign(CmpApiModel, {
    gdprApplies: true, tcModel: m, tcString, cmpId: m.cmpId, cmpVersion: m.cmpVersion,
    tcfPolicyVersion: m.policyVersion, eventStatus, cmpStatus: 'loaded',
  });
  const d = JSON.parse(JSON.stringify(new TCData(undefined, listenerId)));
  d.useNonStandardTexts = d.useNonStandardStacks;
  delete d.useNonStandardStacks;
  return d;
}
// @iabgpp/cmpapi 3.2.0's parsedSections for this string, dates as 'date:<ms>'.
function referenceSections(gppString) {
  return JSON.parse(JSON.stringify(new GppModel(gppString).toObject(), function (k, v) {
    return this[k] instanceof Date ? 'date:' + this[k].getTime() : v;
  }));
}
// Set ids -> the id map a page gets (every id up to the highest set one).
function idMap(ids) {
  const o = {};
  for (let i = 1; i <= Math.max(0, ...ids); i++) o[i] = ids.includes(i);
  return o;
}

async function open(opts = {}) {
  const ctx = await newContext(browser, opts);
  const page = await ctx.newPage();
  await page.goto(host + '/');
  await page.locator('.tact-banner').waitFor();
  return { ctx, page };
}
const click = (page, name) => page.getByRole('button', { name, exact: true }).click();
// Clicks a button that records the choice; the server's 201 answer.
async function save(page, name) {
  const posted = page.waitForResponse((r) => r.url().includes('/consents') && r.request().method() === 'POST');
  await click(page, name);
  const r = await posted;
  assert.equal(r.status(), 201);
  await page.locator('#tact-link').waitFor();
  return r.json();
}
const euconsent = async (ctx) => (await ctx.cookies()).find((c) => c.name === 'euconsent-v2');

// Everything the page's scripts can learn now, as plain JSON (dates as 'date:<ms>').
function readApis(page) {
  return page.evaluate(() => {
    const j = (v) => JSON.parse(JSON.stringify(v, function (k, x) {
      if (this[k] instanceof Date) return 'date:' + this[k].getTime();
      return x === undefined ? null : x;
    }));
    const out = {};
    __tcfapi('getTCData', 2, (d, ok) => { out.tcData = j(d); out.tcOk = ok; });
    __tcfapi('ping', 2, (p) => { out.tcfPing = j(p); });
    __gpp('ping', (p, ok) => { out.ping = j(p); out.pingOk = ok; });
    out.has = {};
    for (const s of ['tcfeuv2', 'usnat', 'uspv1', 'usca', 'constructor']) __gpp('hasSection', (v) => { out.has[s] = v; }, s);
    __gpp('getSection', (v) => { out.usnat = j(v); }, 'usnat');
    __gpp('getSection', (v) => { out.tcfeuv2 = j(v); out.createdIsDate = v.Created instanceof Date; }, 'tcfeuv2');
    __gpp('getSection', (v) => { out.none = v; }, 'uspv1');
    out.fields = {};
    for (const f of ['usnat.SaleOptOut', 'usnat.SharingOptOut', 'usnat.TargetedAdvertisingOptOut', 'usnat.Gpc',
      'tcfeuv2.PurposeConsents', 'tcfeuv2.VendorConsents', 'tcfeuv2.CmpId', 'usnat.NoSuchField', 'usnat.constructor',
      'nosuch.Field']) {
      __gpp('getField', (v) => { out.fields[f] = j(v); }, f);
    }
    return out;
  });
}

// The checks every state shares: the page's answers equal what the reference
// libraries make of the same strings, and the statuses are right.
function checkAgainstReference(seen, { tcString, gppString, eventStatus, gpc = false }) {
  const ref = referenceTcData(tcString, eventStatus, null);
  assert.deepEqual(seen.tcData, ref, 'TCData differs from @iabtcf/cmpapi on the same string');
  assert.equal(seen.tcOk, true);
  assert.equal(seen.tcData.tcString, tcString);
  assert.equal(seen.tcData.gdprApplies, true);
  assert.equal(seen.tcData.cmpId, 300);
  assert.equal(seen.tcData.cmpVersion, 2);
  assert.equal(seen.tcData.tcfPolicyVersion, 5, 'the GVL\u2019s policy version (TCF 2.3)');
  assert.equal(seen.tcData.publisherCC, 'FR');
  assert.equal(seen.tcData.isServiceSpecific, true);
  assert.equal(seen.tcData.useNonStandardTexts, false);
  assert.equal(seen.tcData.purposeOneTreatment, false);
  assert.equal(seen.tcData.cmpStatus, 'loaded');
  assert.equal(seen.tcData.eventStatus, eventStatus);
  assert.equal(seen.tcData.listenerId, null, 'getTCData: no listener');
  assert.deepEqual(seen.tcData.outOfBand.disclosedVendors, idMap([8, 755]), 'the notice\u2019s GVL vendors');
  assert.deepEqual(seen.tcfPing, {
    gdprApplies: true, cmpLoaded: true, cmpStatus: 'loaded', displayStatus: seen.tcfPing.displayStatus, apiVersion: '2.2',
    cmpVersion: 2, cmpId: 300, gvlVersion: 80, tcfPolicyVersion: 5,
  });

  const sections = referenceSections(gppString);
  assert.equal(seen.pingOk, true);
  assert.deepEqual(seen.ping.parsedSections, sections, 'parsedSections differ from @iabgpp/cmpapi on the same string');
  assert.equal(seen.ping.gppVersion, '1.1');
  assert.equal(seen.ping.cmpStatus, 'loaded');
  assert.equal(seen.ping.cmpId, 300);
  assert.deepEqual(seen.ping.supportedAPIs, ['2:tcfeuv2', '7:usnat']);
  assert.deepEqual(seen.ping.sectionList, [2, 7]);
  assert.deepEqual(seen.ping.sectionList, new GppModel(gppString).getSectionIds());
  assert.deepEqual(seen.ping.applicableSections, [2]);
  assert.equal(seen.ping.gppString, gppString);
  assert.deepEqual(seen.has, { tcfeuv2: true, usnat: true, uspv1: false, usca: false, constructor: false });
  assert.deepEqual(seen.usnat, sections.usnat);
  assert.deepEqual(seen.tcfeuv2, sections.tcfeuv2);
  assert.equal(seen.createdIsDate, true, 'dates are Date objects, as the library gives them');
  assert.equal(seen.none, null);
  assert.equal(seen.fields['usnat.SaleOptOut'], sections.usnat.SaleOptOut);
  assert.equal(seen.fields['usnat.SharingOptOut'], sections.usnat.SharingOptOut);
  assert.equal(seen.fields['usnat.TargetedAdvertisingOptOut'], sections.usnat.TargetedAdvertisingOptOut);
  assert.equal(seen.fields['usnat.Gpc'], gpc);
  assert.deepEqual(seen.fields['tcfeuv2.PurposeConsents'], sections.tcfeuv2.PurposeConsents);
  assert.deepEqual(seen.fields['tcfeuv2.VendorConsents'], sections.tcfeuv2.VendorConsents);
  assert.equal(seen.fields['tcfeuv2.CmpId'], 300);
  assert.equal(seen.fields['usnat.NoSuchField'], null);
  assert.equal(seen.fields['usnat.constructor'], null);
  assert.equal(seen.fields['nosuch.Field'], null);
  // The TC string inside the GPP string is the page's TC string.
  assert.equal(gppString.split('~')[1], tcString);
}

test('accept all, with calls queued in the stub: cmpuishown then useractioncomplete, real purpose and vendor maps, GPP sections', async () => {
  const { ctx, page } = await open();
  await page.waitForFunction(() => tcfLog.length === 1 && early.tcData && 'usnat' in early);
  // Before any choice: the anonymous state (transparency shown: legitimate
  // interest on, no consent), and no cookie yet.
  const first = await page.evaluate(() => ({ tcf: tcfLog, early }));
  assert.equal(first.tcf[0].ok, true);
  const shown = first.tcf[0].d;
  assert.equal(shown.eventStatus, 'cmpuishown');
  assert.equal(typeof shown.listenerId, 'number');
  assert.ok(shown.tcString.length > 20);
  assert.deepEqual(shown, referenceTcData(shown.tcString, 'cmpuishown', shown.listenerId));
  assert.deepEqual(shown.purpose.consents, {});
  assert.deepEqual(shown.purpose.legitimateInterests, idMap([7]));
  assert.deepEqual(shown.vendor.consents, {});
  assert.deepEqual(shown.vendor.legitimateInterests, idMap([755]));
  assert.deepEqual(shown.specialFeatureOptins, {});
  assert.deepEqual(first.early.tcData, { ...shown, listenerId: null }, 'getTCData queued in the stub');
  assert.equal(first.early.hasTcf, true);
  // The stub answered ping at once, as a stub, naming the APIs to come.
  assert.equal(first.early.stubPing.cmpStatus, 'stub');
  assert.equal(first.early.stubPing.signalStatus, 'not ready');
  assert.deepEqual(first.early.stubPing.supportedAPIs, ['2:tcfeuv2', '7:usnat']);
  assert.equal(first.early.usnat.SaleOptOut, 1, 'no choice yet: sale refused');
  assert.equal(first.early.sale, 1);
  assert.equal(await euconsent(ctx), undefined, 'no TC cookie before a choice');

  const res = await save(page, 'Accept all');
  await page.waitForFunction(() => tcfLog.length === 2);
  assert.ok(res.tc_string && res.gpp_string, 'the server made both strings');
  // On the wire the id maps are id lists (compact), and the sections come parsed.
  assert.deepEqual(res.tc_data.purpose.consents, [1, 2, 3, 4, 8]);
  assert.deepEqual(res.tc_data.vendor.consents, [8, 755]);
  assert.deepEqual(res.tc_data.publisher.restrictions, []);
  assert.equal(res.tc_data.tcString, undefined);
  assert.deepEqual(res.gpp_section_list, [2, 7]);
  assert.deepEqual(Object.keys(res.gpp_sections).sort(), ['tcfeuv2', 'usnat']);
  const done = (await page.evaluate(() => tcfLog))[1];
  assert.equal(done.ok, true);
  assert.equal(done.d.eventStatus, 'useractioncomplete');
  assert.equal(done.d.listenerId, shown.listenerId);
  assert.equal(done.d.tcString, res.tc_string);
  assert.deepEqual(done.d, referenceTcData(res.tc_string, 'useractioncomplete', shown.listenerId));
  assert.deepEqual(done.d.purpose.consents, idMap([1, 2, 3, 4, 8]));
  assert.deepEqual(done.d.purpose.legitimateInterests, idMap([7]));
  assert.deepEqual(done.d.vendor.consents, idMap([8, 755]));
  assert.deepEqual(done.d.vendor.legitimateInterests, idMap([755]));
  assert.deepEqual(done.d.specialFeatureOptins, idMap([1]));
  assert.deepEqual(done.d.publisher, {
    consents: {}, legitimateInterests: {}, customPurpose: { consents: {}, legitimateInterests: {} }, restrictions: {},
  });

  const seen = await readApis(page);
  checkAgainstReference(seen, { tcString: res.tc_string, gppString: res.gpp_string, eventStatus: 'useractioncomplete' });
  assert.equal(seen.fields['usnat.SaleOptOut'], 2, 'accepted: no opt-out of sale');
  assert.equal(seen.fields['usnat.TargetedAdvertisingOptOut'], 2);
  assert.equal(seen.ping.signalStatus, 'ready');
  assert.equal(seen.ping.cmpDisplayStatus, 'hidden');
  // GPP events exactly as the spec's Event Order Example 1 (new user).
  assert.deepEqual(await page.evaluate(() => gppLog), [
    ['listenerRegistered', true, 'not ready'],
    ['cmpStatus', 'loaded', 'not ready'],
    ['cmpDisplayStatus', 'visible', 'not ready'],
    ['cmpDisplayStatus', 'hidden', 'not ready'],
    ['sectionChange', 'tcfeuv2', 'not ready'],
    ['sectionChange', 'usnat', 'not ready'],
    ['signalStatus', 'ready', 'ready'],
  ]);
  // euconsent-v2: the same string, first party, Lax, at most 13 months.
  const cookie = await euconsent(ctx);
  assert.equal(cookie.value, res.tc_string);
  assert.equal(cookie.sameSite, 'Lax');
  assert.ok(cookie.expires * 1000 - Date.now() <= 395 * 864e5 + 60e3, 'at most 13 months');

  // Return visit: tcloaded with the same data, GPP Example 2 (steps 1-4).
  await page.reload();
  await page.locator('#tact-link').waitFor();
  await page.waitForFunction(() => tcfLog.length === 1 && gppLog.length === 3);
  const back = await page.evaluate(() => ({ tcf: tcfLog, gpp: gppLog }));
  assert.equal(back.tcf[0].d.eventStatus, 'tcloaded');
  assert.equal(back.tcf[0].d.tcString, res.tc_string);
  assert.deepEqual(back.tcf[0].d, referenceTcData(res.tc_string, 'tcloaded', back.tcf[0].d.listenerId));
  assert.deepEqual(back.gpp, [
    ['listenerRegistered', true, 'not ready'], ['cmpStatus', 'loaded', 'not ready'], ['signalStatus', 'ready', 'ready'],
  ]);
  checkAgainstReference(await readApis(page), { tcString: res.tc_string, gppString: res.gpp_string, eventStatus: 'tcloaded' });

  // Reopen and withdraw personalised ads: Example 2 (steps 6-11), all three TCF statuses.
  await page.locator('#tact-link').click();
  await page.locator('.tact-prefs').waitFor();
  await page.getByRole('switch', { name: 'Personalised advertising', exact: true }).click();
  const res2 = await save(page, 'Save my choices');
  await page.waitForFunction(() => tcfLog.length === 3 && gppLog.length === 9);
  const again = await page.evaluate(() => ({ tcf: tcfLog.map((e) => e.d.eventStatus), gpp: gppLog.slice(3) }));
  assert.deepEqual(again.tcf, ['tcloaded', 'cmpuishown', 'useractioncomplete']);
  assert.deepEqual(again.gpp, [
    ['signalStatus', 'not ready', 'not ready'],
    ['cmpDisplayStatus', 'visible', 'not ready'],
    ['cmpDisplayStatus', 'hidden', 'not ready'],
    ['sectionChange', 'tcfeuv2', 'not ready'],
    ['sectionChange', 'usnat', 'not ready'],
    ['signalStatus', 'ready', 'ready'],
  ]);
  const withdrawn = await readApis(page);
  checkAgainstReference(withdrawn, { tcString: res2.tc_string, gppString: res2.gpp_string, eventStatus: 'useractioncomplete' });
  assert.deepEqual(withdrawn.tcData.purpose.consents, idMap([8]), 'purpose 1 needs both of its purposes');
  assert.deepEqual(withdrawn.tcData.vendor.consents, idMap([8]));
  assert.deepEqual(withdrawn.tcData.specialFeatureOptins, {});
  assert.equal(withdrawn.fields['usnat.SaleOptOut'], 1);
  assert.equal((await euconsent(ctx)).value, res2.tc_string);

  // Nested frames reach __gpp through the __gppLocator frame.
  const framed = await page.evaluate(() => new Promise((ok) => {
    const f = document.createElement('iframe');
    f.srcdoc = `<script>
      addEventListener('message', (e) => { if (e.data && e.data.__gppReturn) parent.postMessage({ framed: e.data.__gppReturn }, '*'); });
      parent.postMessage({ __gppCall: { command: 'getField', parameter: 'usnat.SaleOptOut', callId: 'g1' } }, '*');
    </script>`;
    addEventListener('message', (e) => { if (e.data && e.data.framed) ok(e.data.framed); });
    document.body.appendChild(f);
  }));
  assert.deepEqual(framed, { returnValue: 1, success: true, callId: 'g1' });
  // Every addEventListener gets a new id; removeEventListener says whether it removed one.
  const listeners = await page.evaluate(() => {
    const out = [];
    for (let i = 0; i < 2; i++) {
      __gpp('addEventListener', (e) => {
        if (e.eventName !== 'listenerRegistered') return;
        out.push(e.listenerId);
        __gpp('removeEventListener', (d, ok) => out.push([d.eventName, d.listenerId === e.listenerId, d.data, ok]), e.listenerId);
      });
    }
    __gpp('removeEventListener', (d, ok) => out.push([d.eventName, d.data, ok]), 99999);
    return out;
  });
  assert.equal(listeners.length, 5);
  assert.ok(listeners[0] > 0 && listeners[2] > 0 && listeners[0] !== listeners[2], 'new ids: ' + listeners);
  assert.deepEqual(listeners[1], ['listenerRemoved', true, true, true]);
  assert.deepEqual(listeners[3], ['listenerRemoved', true, true, true]);
  assert.deepEqual(listeners[4], ['listenerRemoved', false, true], 'an unknown id: data false');
  await ctx.close();
});

test('reject all: no consent and no legitimate interest anywhere, sale opted out; the same as the reference libraries', async () => {
  const { ctx, page } = await open();
  const res = await save(page, 'Reject all');
  await page.waitForFunction(() => tcfLog.length === 2);
  const seen = await readApis(page);
  checkAgainstReference(seen, { tcString: res.tc_string, gppString: res.gpp_string, eventStatus: 'useractioncomplete' });
  assert.deepEqual(seen.tcData.purpose.consents, {});
  assert.deepEqual(seen.tcData.purpose.legitimateInterests, {}, 'Reject all objects to legitimate interests too');
  assert.deepEqual(seen.tcData.vendor.consents, {});
  assert.deepEqual(seen.tcData.vendor.legitimateInterests, {});
  assert.deepEqual(seen.tcData.specialFeatureOptins, {});
  assert.equal(seen.fields['usnat.SaleOptOut'], 1);
  assert.equal(seen.fields['usnat.SharingOptOut'], 1);
  assert.equal(seen.fields['usnat.TargetedAdvertisingOptOut'], 1);
  assert.deepEqual(seen.fields['tcfeuv2.PurposeConsents'], Array(24).fill(false));
  // Nothing changed in usnat (refused before and after): one sectionChange.
  assert.deepEqual((await page.evaluate(() => gppLog)).slice(3), [
    ['cmpDisplayStatus', 'hidden', 'not ready'], ['sectionChange', 'tcfeuv2', 'not ready'], ['signalStatus', 'ready', 'ready'],
  ]);
  assert.equal((await euconsent(ctx)).value, res.tc_string);
  await ctx.close();
});

test('granular: measurement only, an objection kept off: exactly those bits, vendor by vendor', async () => {
  const { ctx, page } = await open();
  await click(page, 'Choose');
  await page.locator('.tact-prefs').waitFor();
  await page.getByRole('switch', { name: 'Audience measurement', exact: true }).click();
  const res = await save(page, 'Save my choices');
  await page.waitForFunction(() => tcfLog.length === 2);
  const seen = await readApis(page);
  checkAgainstReference(seen, { tcString: res.tc_string, gppString: res.gpp_string, eventStatus: 'useractioncomplete' });
  assert.deepEqual(seen.tcData.purpose.consents, idMap([8]));
  assert.deepEqual(seen.tcData.purpose.legitimateInterests, idMap([7]), 'not objected to');
  assert.deepEqual(seen.tcData.vendor.consents, idMap([8]));
  assert.deepEqual(seen.tcData.vendor.legitimateInterests, idMap([755]));
  assert.deepEqual(seen.tcData.specialFeatureOptins, {});
  assert.equal(seen.fields['usnat.SaleOptOut'], 1);
  const pc = seen.fields['tcfeuv2.PurposeConsents'];
  assert.deepEqual(pc.map((v, i) => (v ? i + 1 : 0)).filter(Boolean), [8]);
  assert.deepEqual(seen.fields['tcfeuv2.VendorConsents'], [8]);
  // The listener got the same object as getTCData (but its listenerId).
  const last = (await page.evaluate(() => tcfLog))[1].d;
  assert.deepEqual({ ...last, listenerId: null }, seen.tcData);
  await ctx.close();
});

test('GPC: usnat says so and opts out of sale, the TC string gives the sale purpose no consent, even on Accept all', async () => {
  const { ctx, page } = await open({ gpc: true });
  const res = await save(page, 'Accept all');
  await page.waitForFunction(() => tcfLog.length === 2);
  const seen = await readApis(page);
  checkAgainstReference(seen, { tcString: res.tc_string, gppString: res.gpp_string, eventStatus: 'useractioncomplete', gpc: true });
  assert.equal(seen.fields['usnat.Gpc'], true);
  assert.equal(seen.fields['usnat.SaleOptOut'], 1);
  assert.equal(seen.fields['usnat.SharingOptOut'], 1);
  assert.deepEqual(seen.tcData.purpose.consents, idMap([8]), 'personalised ads refused by GPC');
  assert.deepEqual(seen.tcData.vendor.consents, idMap([8]));
  await ctx.close();
});
