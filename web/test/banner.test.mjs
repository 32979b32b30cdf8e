// The banner and preference center in a real chromium against a real
// `tact serve`: choices, re-asking rules, GPC, blocking, cleaning, the IAB
// APIs, Consent Mode, French, fairness of Accept/Reject and accessibility.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  axe, call, consents, history, launch, newContext, pageHtml, setupTenant, startSite, startTact, subjectOf, PURPOSES,
} from './lib.mjs';

let tact, site, browser, shop, host;

before(async () => {
  tact = await startTact();
  site = await startSite();
  host = site.origin('shop.tact.test');
  shop = await setupTenant(tact, { id: 'acme', origins: [host] });
  site.set('/', await pageHtml(tact, { pk: shop.pk }));
  site.set('/fr/', await pageHtml(tact, { pk: shop.pk, lang: 'fr' }));
  site.set('/nolang', await pageHtml(tact, { pk: shop.pk, lang: '' }));
  site.set('/deep/path/page', await pageHtml(tact, { pk: shop.pk }));
  site.set('/queued', await pageHtml(tact, {
    pk: shop.pk,
    head: `<script>
      window.log = [];
      __tcfapi('addEventListener', 2, function (d, ok) { log.push('tcf:' + d.eventStatus + ':' + ok); });
      __tcfapi('getTCData', 2, function (d, ok) { window.early = { ok: ok, gdpr: d.gdprApplies, tc: d.tcString }; });
      __gpp('addEventListener', function (e) { log.push('gpp:' + e.eventName + ':' + e.data); });
      __gpp('hasSection', function (v) { window.early_has = v; }, 'tcfeuv2');
      window.stubPing = null; __tcfapi('ping', 2, function (p) { window.stubPing = p; });
    </script>`,
  }));
});
after(async () => {
  await browser?.close();
  await site?.close();
  await tact?.stop();
});

async function open(path = '/', opts = {}) {
  browser ??= await launch();
  const ctx = opts.ctx || await newContext(browser, opts);
  const page = await ctx.newPage();
  await page.goto(host + path);
  return { ctx, page };
}
const banner = (page) => page.locator('.tact-banner');
const prefs = (page) => page.locator('.tact-prefs');
const btn = (page, name) => page.getByRole('button', { name, exact: true });

test('first visit: the banner asks every choosable purpose, nothing ticked, page usable, nothing runs', async () => {
  const { ctx, page } = await open();
  await banner(page).waitFor();
  const asked = await page.locator('.tact-asked li').evaluateAll((l) => l.map((e) => e.dataset.purpose));
  assert.deepEqual(asked.sort(), ['ads.personalised', 'analytics.measurement', 'marketing.newsletter', 'security.fraud']);
  // No cookie wall: the page behind is still clickable (Playwright refuses a
  // click that another element would intercept), nothing blocking runs.
  assert.equal(await page.locator('.tact-backdrop').count(), 0);
  assert.equal(await page.textContent('#analytics-ran'), 'no');
  assert.equal(await page.getAttribute('iframe[title=ad]', 'src'), null);
  assert.equal(await subjectOf(page), null, 'no cookie before a choice');
  // Focus moved into the dialog.
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tact-title');
  // Consent Mode default pushed before anything else, all denied but security.
  const dl = await page.evaluate(() => dataLayer.map((a) => Array.from(a)));
  assert.equal(dl[0][0], 'consent');
  assert.equal(dl[0][1], 'default');
  assert.equal(dl[0][2].ad_storage, 'denied');
  assert.equal(dl[0][2].analytics_storage, 'denied');
  assert.equal(dl[0][2].security_storage, 'granted');
  await page.locator('main h1').click({ timeout: 3000 });  // the page behind the banner takes clicks
  await ctx.close();
});

test('Accept all and Reject all: one click each, same rendered size, same style, both real buttons', async () => {
  for (const viewport of [{ width: 1280, height: 720 }, { width: 360, height: 740 }]) {
    const { ctx, page } = await open('/', { viewport });
    await banner(page).waitFor();
    const a = btn(page, 'Accept all'), r = btn(page, 'Reject all');
    const [ba, br] = [await a.boundingBox(), await r.boundingBox()];
    assert.ok(Math.abs(ba.width - br.width) < 0.5 && Math.abs(ba.height - br.height) < 0.5,
      `same size at ${viewport.width}px: ${JSON.stringify([ba, br])}`);
    for (const b of [ba, br]) assert.ok(b.y >= 0 && b.y + b.height <= viewport.height, 'visible without scrolling');
    const style = (l) => l.evaluate((e) => {
      const s = getComputedStyle(e);
      return [e.tagName, s.fontSize, s.fontWeight, s.color, s.backgroundColor, s.borderColor].join('|');
    });
    assert.equal(await style(a), await style(r));
    await ctx.close();
  }
  // Count the clicks to each outcome.
  let clicks = 0;
  const { ctx, page } = await open();
  await banner(page).waitFor();
  await btn(page, 'Reject all').click(); clicks++;
  await banner(page).waitFor({ state: 'detached' });
  const rejectClicks = clicks;
  await ctx.close();
  clicks = 0;
  const second = await open();
  await banner(second.page).waitFor();
  await btn(second.page, 'Accept all').click(); clicks++;
  await banner(second.page).waitFor({ state: 'detached' });
  assert.equal(rejectClicks, clicks);
  assert.equal(clicks, 1);
  await second.ctx.close();
});

test('accept all: recorded server-side, scripts and iframes unblocked, Consent Mode updated, not asked again', async () => {
  const { ctx, page } = await open();
  await banner(page).waitFor();
  const posted = page.waitForResponse((r) => r.url().includes('/consents') && r.request().method() === 'POST');
  await btn(page, 'Accept all').click();
  const res = await (await posted).json();
  assert.equal((await posted).status(), 201);
  await page.waitForFunction(() => document.getElementById('analytics-ran').textContent === 'yes');
  assert.equal(await page.textContent('#ads-ran'), 'yes');
  assert.equal(await page.getAttribute('iframe[title=ad]', 'src'), 'about:blank#ad');
  const sid = await subjectOf(page);
  assert.match(sid, /^sub_[A-Za-z0-9_-]{16,64}$/);
  const state = await consents(tact, shop.sk, sid);
  assert.equal(state['analytics.measurement'], 'granted');
  assert.equal(state['ads.personalised'], 'granted');
  assert.equal(state['marketing.newsletter'], 'granted');
  assert.equal(state['security.fraud'], 'granted');
  assert.equal(state['ads.personalised|adnet'], 'granted');
  const ev = (await history(tact, shop.sk, sid))[0];
  assert.equal(ev.source, 'banner');
  assert.equal(ev.notice_version, 1);
  const update = await page.evaluate(() => dataLayer.map((a) => Array.from(a)).filter((a) => a[1] === 'update').pop());
  assert.equal(update[2].analytics_storage, 'granted');
  assert.equal(update[2].ad_storage, 'granted');
  // euconsent-v2 holds exactly the server's TC string, when the server made one.
  const euconsent = await page.evaluate(() => (document.cookie.match(/(?:^|; )euconsent-v2=([^;]*)/) || [])[1] || null);
  assert.equal(euconsent, res.tc_string ?? null);
  // Persistent link, and no banner on the next visit.
  await page.locator('#tact-link').waitFor();
  await page.reload();
  await page.locator('#tact-link').waitFor();
  assert.equal(await banner(page).count(), 0);
  await page.waitForFunction(() => document.getElementById('analytics-ran').textContent === 'yes');
  await ctx.close();
});

test('reject all: everything refused, nothing runs, and the refusal is remembered (interval not passed)', async () => {
  const { ctx, page } = await open();
  await banner(page).waitFor();
  await btn(page, 'Reject all').click();
  await page.locator('#tact-link').waitFor();
  const sid = await subjectOf(page);
  const state = await consents(tact, shop.sk, sid);
  for (const k of ['analytics.measurement', 'ads.personalised', 'marketing.newsletter', 'security.fraud']) {
    assert.equal(state[k], 'denied', k);
  }
  assert.equal(await page.textContent('#analytics-ran'), 'no');
  await page.reload();
  await page.locator('#tact-link').waitFor();
  assert.equal(await banner(page).count(), 0, 'a recent refusal is not re-asked');
  assert.equal(await page.textContent('#analytics-ran'), 'no');
  await ctx.close();
});

test('closing the banner (Escape) is not consent and it comes back next time', async () => {
  const { ctx, page } = await open();
  await banner(page).waitFor();
  await page.keyboard.press('Escape');
  await banner(page).waitFor({ state: 'detached' });
  assert.equal(await subjectOf(page), null);
  await page.reload();
  await banner(page).waitFor();
  await ctx.close();
});

test('keyboard: Tab stays inside the banner and the preference center', async () => {
  const { ctx, page } = await open();
  await banner(page).waitFor();
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => !!document.activeElement.closest('.tact-banner')), 'focus left the banner');
  }
  await btn(page, 'Choose').focus();
  await page.keyboard.press('Enter');
  await prefs(page).waitFor();
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press(i % 7 === 6 ? 'Shift+Tab' : 'Tab');
    assert.ok(await page.evaluate(() => !!document.activeElement.closest('.tact-prefs')), 'focus left the center');
  }
  const outline = await page.evaluate(() => {
    const b = document.querySelector('.tact-prefs .tact-btn');
    b.focus();
    return getComputedStyle(b).outlineStyle;
  });
  assert.notEqual(outline, 'none', 'visible focus');
  await page.keyboard.press('Escape');
  await banner(page).waitFor();
  await ctx.close();
});

test('granular: the preference center shows what, benefit, basis, party, retention, vendors; saves per purpose and vendor', async () => {
  const { ctx, page } = await open();
  await banner(page).waitFor();
  await btn(page, 'Choose').click();
  await prefs(page).waitFor();
  // Nothing pre-ticked for consent; legitimate interest shows an "I object" switch, off.
  const checked = await page.locator('.tact-prefs [role=switch]').evaluateAll((l) =>
    l.map((e) => [e.getAttribute('aria-label'), e.getAttribute('aria-checked')]));
  assert.ok(checked.every(([, c]) => c === 'false'), JSON.stringify(checked));
  const row = page.locator('[data-purpose="analytics.measurement"]');
  const text = await row.innerText();
  for (const s of ['What we do', 'We count visits on this site.', 'What you get', 'A faster, simpler site.',
    'Your consent', 'Collected by us (first party)', '13 months']) assert.ok(text.includes(s), s + ' in ' + text);
  assert.ok((await page.locator('[data-purpose="ads.personalised"]').innerText()).includes('third party'));
  assert.ok((await page.locator('[data-purpose="orders.updates"]').innerText()).includes('Always on'));
  const li = page.locator('[data-purpose="security.fraud"]');
  assert.ok((await li.innerText()).includes('legitimate interest'));
  // Vendors expand; a vendor switch follows its purpose.
  await page.locator('[data-purpose="analytics.measurement"] summary').click();
  const vendorSwitch = page.getByRole('switch', { name: 'Measure Co – Audience measurement' });
  assert.equal(await vendorSwitch.getAttribute('aria-disabled'), 'true');
  await page.getByRole('switch', { name: 'Audience measurement', exact: true }).click();
  await page.getByRole('switch', { name: 'Newsletter', exact: true }).click();
  await page.locator('[data-purpose="analytics.measurement"] summary').click();
  await page.getByRole('switch', { name: 'Measure Co – Audience measurement' }).click();  // vendor off
  await page.getByRole('switch', { name: 'I object: Fraud prevention' }).click();
  await btn(page, 'Save my choices').click();
  await page.locator('#tact-link').waitFor();
  const state = await consents(tact, shop.sk, await subjectOf(page));
  assert.equal(state['analytics.measurement'], 'granted');
  assert.equal(state['analytics.measurement|measure-co'], 'denied');
  assert.equal(state['marketing.newsletter'], 'granted');
  assert.equal(state['ads.personalised'], 'denied');
  assert.equal(state['security.fraud'], 'denied', 'objection recorded');
  assert.equal(await page.textContent('#analytics-ran'), 'yes');
  assert.equal(await page.textContent('#ads-ran'), 'no');
  await ctx.close();
});

test('reopen with the link and withdraw: recorded as withdrawn, cookies deleted on every path and parent domain', async () => {
  const { ctx, page } = await open('/deep/path/page');
  await banner(page).waitFor();
  await btn(page, 'Accept all').click();
  await page.waitForFunction(() => document.getElementById('analytics-ran').textContent === 'yes');
  // Cookies the purpose declares, set on several paths and domains (plus one unrelated).
  await ctx.addCookies([
    { name: '_tact_analytics', value: 'a', domain: '.tact.test', path: '/' },
    { name: '_tact_analytics', value: 'b', domain: 'shop.tact.test', path: '/deep' },
    { name: '_tact_analytics', value: 'c', domain: '.shop.tact.test', path: '/deep/path' },
    { name: 'keep_me', value: '1', domain: 'shop.tact.test', path: '/' },
  ]);
  const names = async () => (await ctx.cookies(host + '/deep/path/page')).map((c) => c.name);
  assert.ok((await names()).filter((n) => n === '_tact_analytics').length >= 3);
  await page.locator('#tact-link').click();
  await prefs(page).waitFor();
  await page.getByRole('switch', { name: 'Audience measurement', exact: true }).click();
  await btn(page, 'Save my choices').click();
  await page.locator('#tact-link').waitFor();
  const left = await names();
  assert.ok(!left.includes('_tact_analytics'), 'analytics cookies left: ' + left);
  assert.ok(left.includes('keep_me'));
  const sid = await subjectOf(page);
  const state = await consents(tact, shop.sk, sid);
  assert.equal(state['analytics.measurement'], 'withdrawn');
  assert.equal(state['analytics.measurement|measure-co'], 'withdrawn');
  assert.equal(state['ads.personalised'], 'granted');
  // tact.show() opens the center too.
  await page.evaluate(() => tact.show());
  await prefs(page).waitFor();
  await ctx.close();
});

test('refusal interval: a tenant with a zero-day interval re-asks the refused items, and only them', async () => {
  const origin = site.origin('short.tact.test');
  const t = await setupTenant(tact, { id: 'shortmemory', origins: [origin], policy: { refusal_interval_days: 0 } });
  site.set('/short', await pageHtml(tact, { pk: t.pk }));
  const ctx = await newContext(browser ??= await launch());
  const page = await ctx.newPage();
  await page.goto(origin + '/short');
  await banner(page).waitFor();
  await btn(page, 'Choose').click();
  await page.getByRole('switch', { name: 'Newsletter', exact: true }).click();
  await btn(page, 'Save my choices').click();
  await page.locator('#tact-link').waitFor();
  await page.reload();
  await banner(page).waitFor();
  const asked = await page.locator('.tact-asked li').evaluateAll((l) => l.map((e) => e.dataset.purpose));
  assert.deepEqual(asked.sort(), ['ads.personalised', 'analytics.measurement']);
  await ctx.close();
});

test('a new notice version asks only about the new purpose', async () => {
  const origin = site.origin('notice.tact.test');
  const t = await setupTenant(tact, { id: 'noticeco', origins: [origin] });
  site.set('/n', await pageHtml(tact, { pk: t.pk }));
  const ctx = await newContext(browser ??= await launch());
  const page = await ctx.newPage();
  await page.goto(origin + '/n');
  await banner(page).waitFor();
  await btn(page, 'Accept all').click();
  await page.locator('#tact-link').waitFor();
  const newPurpose = {
    title: { en: 'Product reviews', fr: 'Avis produits' }, description: { en: 'We ask you to review what you bought.' },
    benefit: { en: 'Your opinion helps others.' }, legal_basis: 'consent', party: 'first', retention_days: 365,
  };
  assert.equal((await call(tact.base, 'PUT', '/v1/purposes/marketing.reviews', { key: t.sk, body: newPurpose })).status, 200);
  const n = await call(tact.base, 'POST', '/v1/notices', {
    key: t.sk, body: { property: 'shop', purposes: [...Object.keys(PURPOSES), 'marketing.reviews'], vendors: ['measure-co', 'adnet', 'fraud-check'] },
  });
  assert.equal(n.status, 201);
  await page.reload();
  await banner(page).waitFor();
  const asked = await page.locator('.tact-asked li').evaluateAll((l) => l.map((e) => e.dataset.purpose));
  assert.deepEqual(asked, ['marketing.reviews']);
  assert.ok((await banner(page).innerText()).includes('only ask about what is new'));
  await btn(page, 'Reject all').click();
  await page.locator('#tact-link').waitFor();
  const sid = await subjectOf(page);
  const state = await consents(tact, t.sk, sid);
  assert.equal(state['marketing.reviews'], 'denied');
  assert.equal(state['analytics.measurement'], 'granted', 'earlier choices untouched');
  const last = (await history(tact, t.sk, sid)).pop();
  assert.equal(last.notice_version, 2);
  assert.deepEqual(last.choices.map((c) => c.purpose), ['marketing.reviews']);
  await ctx.close();
});

test('GPC: shown to the person, sale/sharing refused even on Accept all, explicit opt-in still possible', async () => {
  const { ctx, page } = await open('/', { gpc: true });
  await banner(page).waitFor();
  assert.ok((await banner(page).innerText()).includes('Your browser asked us not to sell or share your data'));
  await btn(page, 'Accept all').click();
  await page.locator('#tact-link').waitFor();
  const sid = await subjectOf(page);
  let state = await consents(tact, shop.sk, sid);
  assert.equal(state['ads.personalised'], 'denied');
  assert.equal(state['analytics.measurement'], 'granted');
  const ev = (await history(tact, shop.sk, sid))[0];
  assert.equal(ev.gpc, true);
  assert.equal(ev.choices.find((c) => c.purpose === 'ads.personalised' && !c.vendor).rule, 'gpc');
  assert.equal(await page.textContent('#ads-ran'), 'no');
  const cm = await page.evaluate(() => dataLayer.map((a) => Array.from(a)).filter((a) => a[1] === 'update').pop());
  assert.equal(cm[2].ad_storage, 'denied');
  // The person may still opt in themselves, in the preference center.
  await page.locator('#tact-link').click();
  await prefs(page).waitFor();
  assert.ok((await page.locator('[data-purpose="ads.personalised"]').innerText()).includes('Global Privacy Control'));
  await page.getByRole('switch', { name: 'Personalised advertising', exact: true }).click();
  await btn(page, 'Save my choices').click();
  await page.locator('#tact-link').waitFor();
  state = await consents(tact, shop.sk, sid);
  assert.equal(state['ads.personalised'], 'granted');
  const last = (await history(tact, shop.sk, sid)).pop();
  assert.equal(last.choices.find((c) => c.purpose === 'ads.personalised' && !c.vendor).rule, 'explicit_after_gpc');
  await ctx.close();
});

test('__tcfapi and __gpp: stubs queue early calls, answered after load with the right statuses', async () => {
  const { ctx, page } = await open('/queued');
  await banner(page).waitFor();
  assert.deepEqual(await page.evaluate(() => ({ l: stubPing.cmpLoaded, s: stubPing.cmpStatus })), { l: false, s: 'stub' });
  await page.waitForFunction(() => window.early);
  const early = await page.evaluate(() => window.early);
  assert.equal(early.ok, true);
  assert.equal(early.gdpr, true);
  assert.equal(typeof early.tc, 'string');
  assert.equal(await page.evaluate(() => window.early_has), false);
  // ping answers synchronously, exactly once.
  const ping = await page.evaluate(() => {
    let n = 0, r = null;
    __tcfapi('ping', 2, (p) => { n++; r = p; });
    return { n, r };
  });
  assert.equal(ping.n, 1);
  assert.equal(ping.r.cmpLoaded, true);
  assert.equal(ping.r.cmpStatus, 'loaded');
  assert.equal(ping.r.displayStatus, 'visible');
  assert.equal(ping.r.apiVersion, '2.2');
  const badVersion = await page.evaluate(() => { let r; __tcfapi('ping', 1, (a, ok) => { r = [a, ok]; }); return r; });
  assert.deepEqual(badVersion, [null, false]);
  const gppPing = await page.evaluate(() => { let r; __gpp('ping', (p) => { r = p; }); return r; });
  assert.equal(gppPing.gppVersion, '1.1');
  assert.equal(gppPing.cmpStatus, 'loaded');
  assert.equal(gppPing.cmpDisplayStatus, 'visible');
  assert.equal(gppPing.signalStatus, 'not ready');
  await btn(page, 'Reject all').click();
  await page.locator('#tact-link').waitFor();
  const log = await page.evaluate(() => window.log);
  const tcf = log.filter((l) => l.startsWith('tcf:'));
  assert.deepEqual(tcf, ['tcf:cmpuishown:true', 'tcf:useractioncomplete:true']);
  const gpp = log.filter((l) => l.startsWith('gpp:'));
  assert.equal(gpp[0], 'gpp:listenerRegistered:true');
  assert.ok(gpp.includes('gpp:cmpStatus:loaded'));
  assert.ok(gpp.indexOf('gpp:cmpDisplayStatus:visible') < gpp.indexOf('gpp:cmpDisplayStatus:hidden'));
  assert.equal(gpp[gpp.length - 1], 'gpp:signalStatus:ready');
  // removeEventListener: true for a known id, false for an unknown one.
  const removed = await page.evaluate(() => {
    const out = [];
    __tcfapi('addEventListener', 2, (d) => {
      if (out.length) return;
      out.push(d.eventStatus);
      __tcfapi('removeEventListener', 2, (ok) => out.push(ok), d.listenerId);
      __tcfapi('removeEventListener', 2, (ok) => out.push(ok), 99999);
    });
    return out;
  });
  assert.deepEqual(removed, ['useractioncomplete', true, false]);
  // A return visit: tcloaded, no UI.
  await page.reload();
  await page.locator('#tact-link').waitFor();
  const back = await page.evaluate(() => window.log.filter((l) => l.startsWith('tcf:')));
  assert.deepEqual(back, ['tcf:tcloaded:true']);
  // The iframe locator answers nested frames.
  const framed = await page.evaluate(() => new Promise((ok) => {
    const f = document.createElement('iframe');
    f.srcdoc = `<script>
      addEventListener('message', (e) => { if (e.data && e.data.__tcfapiReturn) parent.postMessage({ framed: e.data.__tcfapiReturn }, '*'); });
      let w = window, target = null;
      while (w) { try { if (w.frames.__tcfapiLocator) { target = w; break; } } catch (x) {} if (w === top) break; w = w.parent; }
      target.postMessage({ __tcfapiCall: { command: 'ping', version: 2, callId: 'c1' } }, '*');
    </script>`;
    addEventListener('message', (e) => { if (e.data && e.data.framed) ok(e.data.framed); });
    document.body.appendChild(f);
  }));
  assert.equal(framed.callId, 'c1');
  assert.equal(framed.returnValue.cmpStatus, 'loaded');
  await ctx.close();
});

test('French: chosen from the page, every text in French, and a switch to English', async () => {
  const { ctx, page } = await open('/fr/', { locale: 'fr-FR' });
  await banner(page).waitFor();
  const text = await banner(page).innerText();
  for (const s of ['Vos choix sur vos données', 'Tout accepter', 'Tout refuser', 'Choisir', 'Mesure d\'audience']) {
    assert.ok(text.includes(s), s);
  }
  assert.equal(await banner(page).getAttribute('lang'), 'fr');
  await btn(page, 'Choisir').click();
  await prefs(page).waitFor();
  const p = await prefs(page).innerText();
  for (const s of ['Ce que nous faisons', 'Ce que vous y gagnez', 'Nous comptons les visites sur ce site.', '13 mois']) {
    assert.ok(p.includes(s), s);
  }
  await page.getByRole('button', { name: 'Language: English' }).click();
  assert.ok((await prefs(page).innerText()).includes('What you get'));
  assert.equal(await prefs(page).getAttribute('lang'), 'en');
  await ctx.close();
});

test('a page that names no language gets the browser\'s (French here)', async () => {
  const { ctx, page } = await open('/nolang', { locale: 'fr-FR' });
  await banner(page).waitFor();
  assert.equal(await banner(page).getAttribute('lang'), 'fr');
  assert.ok((await banner(page).innerText()).includes('Tout refuser'));
  await ctx.close();
});

test('accessibility: axe finds no violation on the banner and the preference center (desktop and 360 px)', async () => {
  for (const viewport of [{ width: 1280, height: 800 }, { width: 360, height: 740 }]) {
    const { ctx, page } = await open('/', { viewport });
    await banner(page).waitFor();
    assert.deepEqual(await axe(page, '#tact-root'), [], 'banner');
    await btn(page, 'Choose').click();
    await prefs(page).waitFor();
    await page.locator('[data-purpose="ads.personalised"] summary').click();
    assert.deepEqual(await axe(page, '#tact-root'), [], 'preference center');
    // Nothing wider than the screen.
    const overflow = await page.evaluate(() => document.querySelector('.tact-prefs').scrollWidth -
      document.querySelector('.tact-prefs').clientWidth);
    assert.ok(overflow <= 1, 'horizontal overflow ' + overflow);
    await ctx.close();
  }
});

test('200% zoom: every button of the banner can be reached and the center scrolls', async () => {
  // 200% zoom on a 1280x800 screen is a 640x400 CSS viewport at device scale 2.
  browser ??= await launch();
  const ctx = await browser.newContext({ viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 });
  const page = await ctx.newPage();
  await page.goto(host + '/');
  await banner(page).waitFor();
  for (const name of ['Accept all', 'Reject all', 'Choose']) {
    await btn(page, name).scrollIntoViewIfNeeded();
    const b = await btn(page, name).boundingBox();
    assert.ok(b.y >= 0 && b.y + b.height <= 400, name + ' reachable');
  }
  await btn(page, 'Choose').click();
  await prefs(page).waitFor();
  await btn(page, 'Save my choices').scrollIntoViewIfNeeded();
  const s = await btn(page, 'Save my choices').boundingBox();
  assert.ok(s.y + s.height <= 400);
  await ctx.close();
});
