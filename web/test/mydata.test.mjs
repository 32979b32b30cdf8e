// The person's My-data page (signed portal link) and the demo shop.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { axe, call, consents, launch, newContext, startTact } from './lib.mjs';

let tact, browser, sk;
const SUBJECT = 'sub_MyDataPerson000001';

before(async () => {
  tact = await startTact({ demo: true });
  sk = tact.demoKeys.secret_key;
  browser = await launch();
  // Some history: a banner choice, then a change.
  const put = (choices, extra = {}) => call(tact.base, 'POST', '/v1/consents', {
    key: sk, body: { subject: SUBJECT, property: 'shop', source: 'banner', choices, ...extra },
  });
  assert.equal((await put([
    { purpose: 'marketing.newsletter', state: 'granted' }, { purpose: 'analytics.measurement', state: 'granted' },
    { purpose: 'analytics.measurement', vendor: 'measure-co', state: 'granted' }, { purpose: 'ads.personalised', state: 'denied' },
  ])).status, 201);
  assert.equal((await put([{ purpose: 'marketing.offers', state: 'granted' }])).status, 201);
});
after(async () => {
  await browser?.close();
  await tact?.stop();
});

async function link(body, key = sk) {
  return call(tact.base, 'POST', `/v1/subjects/${SUBJECT}/portal-links`, { key, body });
}

test('portal links: need a secret key with rights:manage or consent:read, and expire', async () => {
  assert.equal((await link({}, tact.demoKeys.publishable_key)).status, 403);
  assert.equal((await link({}, 'sk_nope')).status, 401);
  assert.equal((await link({ ttl_seconds: 5 })).status, 400);
  const r = await link({ ttl_seconds: 600, language: 'en' });
  assert.equal(r.status, 201, r.text);
  assert.match(r.json.url, /\/me\/\?token=/);
  const left = Date.parse(r.json.expires_at) - Date.now();
  assert.ok(left > 590e3 && left <= 600e3, 'expiry ' + left);
  // A forged token is refused.
  const forged = r.json.token.slice(0, -2) + (r.json.token.endsWith('AA') ? 'BB' : 'AA');
  const page = await fetch(`${tact.base}/me/?token=${encodeURIComponent(forged)}`);
  assert.equal(page.status, 401);
  const exp = await fetch(`${tact.base}/me/export?token=${encodeURIComponent(forged)}`);
  assert.equal(exp.status, 401);
});

test('My-data page: states, since when, notice, full history with receipts; one-click withdraw; JSON download', async () => {
  const { json } = await link({});
  const ctx = await newContext(browser, { bypassCSP: true });
  const page = await ctx.newPage();
  const res = await page.goto(json.url);
  assert.equal(res.status(), 200);
  assert.match(res.headers()['content-security-policy'], /default-src 'none'/);
  assert.equal(res.headers()['referrer-policy'], 'no-referrer');
  const card = page.locator('[data-purpose="analytics.measurement"]');
  assert.equal(await card.locator('.state').getAttribute('data-state'), 'granted');
  const text = await card.innerText();
  assert.ok(text.includes('since ' + new Date().toISOString().slice(0, 10)), text);
  assert.ok(text.includes('notice v1'));
  assert.ok(text.includes('What you get'));
  assert.equal(await page.locator('[data-purpose="ads.personalised"] .state').getAttribute('data-state'), 'denied');
  assert.equal(await page.locator('tr[data-receipt]').count(), 2, 'every event, with its receipt');
  const hist = await call(tact.base, 'GET', `/v1/subjects/${SUBJECT}/consents/history`, { key: sk });
  for (const e of hist.json.events) assert.ok(await page.locator(`tr[data-receipt="${e.receipt_id}"]`).count() === 1);
  assert.deepEqual(await axe(page), [], 'axe on the My-data page');

  // One click withdraws, vendor-level grants included.
  await card.getByRole('button', { name: /Withdraw my consent/ }).click();
  await page.waitForURL(/receipt=rcpt_/);
  assert.equal(await page.locator('[data-purpose="analytics.measurement"] .state').getAttribute('data-state'), 'withdrawn');
  assert.ok((await page.locator('.note').innerText()).includes('rcpt_'));
  const state = await consents(tact, sk, SUBJECT);
  assert.equal(state['analytics.measurement'], 'withdrawn');
  assert.equal(state['analytics.measurement|measure-co'], 'withdrawn');
  const decide = await call(tact.base, 'POST', '/v1/decide', { key: sk, body: { subject: SUBJECT, purpose: 'analytics.measurement' } });
  assert.equal(decide.json.allowed, false);
  const last = (await call(tact.base, 'GET', `/v1/subjects/${SUBJECT}/consents/history`, { key: sk })).json.events.pop();
  assert.equal(last.source, 'portal');
  assert.equal(await page.locator('tr[data-receipt]').count(), 3);

  // Download.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Download all my data/ }).click()]);
  assert.equal(download.suggestedFilename(), 'my-data.json');
  const path = await download.path();
  const record = JSON.parse(await (await import('node:fs/promises')).readFile(path, 'utf8'));
  assert.equal(record.subject, SUBJECT);
  assert.equal(record.records.length, 1);
  const held = record.records[0];
  assert.deepEqual(Object.keys(held).sort(), ['access_log', 'consents', 'controller', 'feedback', 'history', 'messaging', 'tenant']);
  assert.ok(JSON.stringify(held.history).includes(last.receipt_id));
  assert.ok(Array.isArray(held.messaging.messages) && Array.isArray(held.feedback) && Array.isArray(held.access_log));
  await ctx.close();
});

test('My-data page: one CES question after a withdrawal, answered once, no personal data kept; the effort of the withdrawal recorded', async () => {
  const subject = 'sub_MyDataCesPerson0001';
  const granted = await call(tact.base, 'POST', '/v1/consents', {
    key: sk, body: { subject, property: 'shop', source: 'banner', choices: [{ purpose: 'marketing.newsletter', state: 'granted' }] },
  });
  assert.equal(granted.status, 201);
  const summary = async (path) => (await call(tact.base, 'GET', path, { key: sk })).json.touchpoints;
  const cesBefore = (await summary('/v1/feedback/ces/summary?touchpoint=consent.withdraw'))[0]?.responses || 0;
  const withdrawals = async () => (await summary('/v1/feedback/effort/summary?touchpoint=my_data')).find((s) => s.choice === 'withdraw') ||
    { count: 0, mean_interactions: 0 };
  const effortBefore = await withdrawals();
  const { json } = await call(tact.base, 'POST', `/v1/subjects/${subject}/portal-links`, { key: sk, body: {} });
  const ctx = await newContext(browser, { bypassCSP: true });
  const page = await ctx.newPage();
  await page.goto(json.url);
  assert.equal(await page.locator('form.ces').count(), 0, 'no question before a withdrawal');
  // Switch language twice (two clicks), then withdraw (one more).
  await page.getByRole('link', { name: 'Français' }).click();
  await page.getByRole('link', { name: 'English' }).click();
  await page.locator('[data-purpose="marketing.newsletter"]').getByRole('button', { name: /Withdraw my consent/ }).click();
  await page.waitForURL(/receipt=rcpt_/);
  const receipt = new URL(page.url()).searchParams.get('receipt');
  const form = page.locator('form.ces');
  assert.equal((await form.locator('legend').innerText()).trim(), 'How easy was it to withdraw your consent?');
  assert.equal(await form.locator('input[type=radio]').count(), 7);
  assert.deepEqual(await axe(page), [], 'axe with the question on the page');
  const effort = await withdrawals();
  assert.equal(effort.count, effortBefore.count + 1);
  const clicks = effort.mean_interactions * effort.count - effortBefore.mean_interactions * effortBefore.count;
  assert.ok(Math.abs(clicks - 3) < 0.05, `two language switches and the withdraw click: ${clicks}`);

  // A comment that is not UTF-8 text is refused (and the server stays up); the question still stands.
  const raw = `token=${encodeURIComponent(json.token)}&receipt=${receipt}&score=3&comment=%FF%FEbad&lang=en`;
  const notText = await fetch(tact.base + '/me/ces', {
    method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: raw,
  });
  assert.equal(notText.status, 400);
  assert.equal((await summary('/v1/feedback/ces/summary?touchpoint=consent.withdraw'))[0]?.responses || 0, cesBefore);
  await form.getByLabel(/^2$/).check();
  await form.getByLabel(/What could we have made easier/).fill('Fine.');
  await form.getByRole('button', { name: 'Send my answer' }).click();
  await page.waitForURL(/ces=thanks/);
  assert.equal((await page.locator('.note').innerText()).trim(), 'Thank you for your answer.');
  const after = (await summary('/v1/feedback/ces/summary?touchpoint=consent.withdraw'))[0];
  assert.equal(after.responses, cesBefore + 1);
  assert.ok(after.distribution['2'] >= 1);
  // Asked once: the receipt's page no longer asks; a second post does not count.
  await page.goto(json.url + '&receipt=' + receipt);
  assert.equal(await page.locator('form.ces').count(), 0);
  const again = await fetch(tact.base + '/me/ces', {
    method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: json.token, receipt, score: '7', lang: 'en' }),
  });
  assert.equal(again.status, 303);
  assert.equal((await summary('/v1/feedback/ces/summary?touchpoint=consent.withdraw'))[0].responses, cesBefore + 1);
  // Only a withdrawal made on this page takes an answer: not the banner's grant, not a made-up receipt, not a bad score.
  const first = (await call(tact.base, 'GET', `/v1/subjects/${subject}/consents/history`, { key: sk })).json.events[0];
  for (const [r, score, status] of [[first.receipt_id, '5', 404], ['rcpt_madeup', '5', 404], [receipt, '9', 400]]) {
    const bad = await fetch(tact.base + '/me/ces', {
      method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: json.token, receipt: r, score, lang: 'en' }),
    });
    assert.equal(bad.status, status, r);
  }
  assert.equal((await summary('/v1/feedback/ces/summary?touchpoint=consent.withdraw'))[0].responses, cesBefore + 1);
  // The stored answer names neither the person nor the receipt.
  const { execFileSync } = await import('node:child_process');
  const dump = execFileSync('sqlite3', [tact.data + '/tact.db', "select body from records where kind in ('ces_response','effort_event')"], { encoding: 'utf8' });
  assert.ok(dump.includes('consent.withdraw'));
  assert.ok(!dump.includes(subject) && !dump.includes(receipt), dump);
  await ctx.close();
});

test('My-data page: the CES question in French', async () => {
  const subject = 'sub_MyDataCesPersonFr01';
  await call(tact.base, 'POST', '/v1/consents', {
    key: sk, body: { subject, property: 'shop', source: 'banner', choices: [{ purpose: 'marketing.newsletter', state: 'granted' }] },
  });
  const { json } = await call(tact.base, 'POST', `/v1/subjects/${subject}/portal-links`, { key: sk, body: { language: 'fr' } });
  const ctx = await newContext(browser, { locale: 'fr-FR', bypassCSP: true });
  const page = await ctx.newPage();
  await page.goto(json.url);
  await page.locator('[data-purpose="marketing.newsletter"]').getByRole('button', { name: /Retirer mon consentement/ }).click();
  await page.waitForURL(/receipt=rcpt_/);
  const form = page.locator('form.ces');
  assert.equal((await form.locator('legend').innerText()).trim(), 'Était-ce facile de retirer votre consentement ?');
  assert.ok((await form.innerText()).includes('très facile'));
  assert.deepEqual(await axe(page), []);
  await ctx.close();
});

test('My-data page in French, and switchable', async () => {
  const { json } = await link({ language: 'fr' });
  const ctx = await newContext(browser, { locale: 'fr-FR', bypassCSP: true });
  const page = await ctx.newPage();
  await page.goto(json.url);
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  const text = await page.locator('main').innerText();
  for (const s of ['Vos données chez Demo Shop', 'Vos choix', 'Historique complet', 'Mesure d\'audience', 'Ce que vous y gagnez']) {
    assert.ok(text.includes(s), s);
  }
  assert.deepEqual(await axe(page), []);
  await page.getByRole('link', { name: 'English' }).click();
  assert.ok((await page.locator('h1').innerText()).startsWith('Your data at'));
  await ctx.close();
});

test('demo shop: the real tag on /demo/, the banner works end to end', async () => {
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  await page.goto(tact.base + '/demo/');
  await page.locator('.tact-banner').waitFor();
  assert.equal(await page.textContent('#analytics-status'), 'blocked until you agree');
  await page.getByRole('button', { name: 'Accept all', exact: true }).click();
  await page.waitForFunction(() => document.getElementById('analytics-status').textContent.startsWith('running'));
  assert.ok((await ctx.cookies()).some((c) => c.name === '_tact_demo_analytics'));
  // The demo property issues TC strings (CMP id 300, the demo GVL): the page's APIs carry them.
  const tcf = await page.evaluate(() => new Promise((ok) => __tcfapi('getTCData', 2, (d) => ok(d))));
  assert.equal(tcf.tcString, (await ctx.cookies()).find((c) => c.name === 'euconsent-v2').value);
  assert.equal(tcf.cmpId, 300);
  assert.equal(tcf.purpose.consents['1'], true);
  assert.equal(tcf.vendor.consents['755'], true);
  assert.equal(await page.evaluate(() => new Promise((ok) => __gpp('getField', ok, 'usnat.SaleOptOut'))), 2);
  await page.getByRole('button', { name: 'Privacy choices' }).first().click();
  await page.locator('.tact-prefs').waitFor();
  await page.getByRole('button', { name: 'Reject all', exact: true }).click();
  await page.waitForFunction(() => document.getElementById('analytics-status').textContent.startsWith('stopped'));
  assert.ok(!(await ctx.cookies()).some((c) => c.name === '_tact_demo_analytics'), 'demo cookie deleted');
  // That was a withdrawal: the demo asks how easy it was.
  await page.locator('.tact-ces-float legend').waitFor();
  assert.equal(await page.locator('.tact-ces-float legend').innerText(), 'How easy was it to withdraw your consent?');
  await ctx.close();
});
