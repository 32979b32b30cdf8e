// Customer effort from the browser: the banner reports how many interactions
// and seconds each choice took (no subject, no text), and tact.ces() asks the
// 1-7 "how easy was it?" question. Both go through the public routes, which
// refuse a subject, tact's own fields, foreign origins and secret keys.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { axe, call, launch, newContext, pageHtml, setupTenant, startSite, startTact } from './lib.mjs';

let tact, site, browser, shop, host, reader;

before(async () => {
  tact = await startTact();
  site = await startSite();
  host = site.origin('shop.tact.test');
  shop = await setupTenant(tact, { id: 'acme', origins: [host] });
  reader = (await call(tact.base, 'POST', '/v1/tenants/acme/keys', {
    key: tact.admin, body: { name: 'effort reader', scopes: ['feedback:read'] },
  })).json.key;
  site.set('/', await pageHtml(tact, { pk: shop.pk, body: '<div id="ask-here"></div>' }));
  site.set('/fr/', await pageHtml(tact, { pk: shop.pk, lang: 'fr' }));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await site?.close();
  await tact?.stop();
});

async function effort() {
  const r = await call(tact.base, 'GET', '/v1/feedback/effort/summary?touchpoint=banner', { key: reader });
  assert.equal(r.status, 200, r.text);
  const out = {};
  for (const s of r.json.touchpoints) out[s.choice] = s;
  return out;
}
async function ces(touchpoint = 'consent.withdraw') {
  const r = await call(tact.base, 'GET', '/v1/feedback/ces/summary?touchpoint=' + touchpoint, { key: reader });
  assert.equal(r.status, 200, r.text);
  return r.json.touchpoints[0] || { responses: 0 };
}
// Waits until the summary counts `n` events of `choice` (the report is sent after the choice).
async function effortCount(choice, n) {
  for (let i = 0; i < 50; i++) {
    const s = (await effort())[choice];
    if ((s?.count || 0) >= n) return s;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  assert.fail(`no ${choice} effort event`);
}
async function open(path = '/', opts = {}) {
  const ctx = await newContext(browser, opts);
  const page = await ctx.newPage();
  const sent = [];
  page.on('request', (r) => { if (r.url().includes('/feedback/')) sent.push({ url: r.url(), body: r.postData() }); });
  await page.goto(host + path);
  return { ctx, page, sent };
}
const btn = (page, name) => page.getByRole('button', { name, exact: true });

test('banner: Accept all and Reject all each report one interaction; the report names nobody', async () => {
  for (const [name, choice] of [['Accept all', 'accept_all'], ['Reject all', 'reject_all']]) {
    const { ctx, page, sent } = await open();
    await page.locator('.tact-banner').waitFor();
    await btn(page, name).click();
    await page.locator('.tact-banner').waitFor({ state: 'detached' });
    const s = await effortCount(choice, 1);
    assert.equal(s.mean_interactions, 1, name);
    assert.ok(s.mean_seconds >= 0 && s.mean_seconds < 30, 'seconds ' + s.mean_seconds);
    const report = sent.find((r) => r.url.endsWith('/feedback/effort'));
    assert.ok(report, 'the effort report was sent');
    assert.deepEqual(Object.keys(JSON.parse(report.body)).sort(), ['choice', 'interactions', 'seconds', 'touchpoint']);
    assert.ok(!report.body.includes('sub_'), 'no subject in the report');
    await ctx.close();
  }
});

test('banner: a custom choice counts every click; taking consent back is a withdrawal and says so', async () => {
  const { ctx, page } = await open();
  await page.locator('.tact-banner').waitFor();
  await btn(page, 'Choose').click();
  await page.locator('.tact-prefs').waitFor();
  await page.getByRole('switch', { name: 'Newsletter', exact: true }).click();
  await page.getByRole('switch', { name: 'Audience measurement', exact: true }).click();
  await btn(page, 'Save my choices').click();
  await page.locator('.tact-prefs').waitFor({ state: 'detached' });
  const custom = await effortCount('custom', 1);
  assert.equal(custom.mean_interactions, 4, 'Choose, two switches, Save');

  // Back later: the link, one switch off, save.
  await page.evaluate(() => { window.withdrew = 0; addEventListener('tact:withdraw', () => { window.withdrew++; }); });
  await btn(page, 'Privacy choices').click();
  await page.locator('.tact-prefs').waitFor();
  await page.getByRole('switch', { name: 'Newsletter', exact: true }).click();
  await btn(page, 'Save my choices').click();
  await page.locator('.tact-prefs').waitFor({ state: 'detached' });
  const w = await effortCount('withdraw', 1);
  assert.equal(w.mean_interactions, 3, 'link, switch, Save');
  assert.equal(await page.evaluate(() => window.withdrew), 1, 'tact:withdraw dispatched once');

  // Closing without choosing reports nothing.
  const before = await effort();
  await btn(page, 'Privacy choices').click();
  await btn(page, 'Close without choosing').click();
  await new Promise((ok) => setTimeout(ok, 300));
  assert.deepEqual(await effort(), before);
  await ctx.close();
});

test('tact.ces(): keyboard-operable 1-7 question, axe-clean, sends score and comment without a subject', async () => {
  const { ctx, page, sent } = await open();
  await page.locator('.tact-banner').waitFor();
  await btn(page, 'Reject all').click();
  const start = (await ces()).responses;
  await page.evaluate(() => { window.answer = tact.ces('consent.withdraw'); });
  const box = page.locator('.tact-ces-float');
  await box.waitFor();
  assert.equal(await box.getAttribute('role'), 'region');
  assert.equal((await box.locator('legend').innerText()).trim(), 'How easy was it to withdraw your consent?');
  assert.deepEqual(await axe(page, '.tact-ces-float'), [], 'axe on the CES widget');
  // Sending with no score asks for one and sends nothing.
  await btn(page, 'Send').click();
  assert.match(await box.locator('[role=alert]').innerText(), /choose a number from 1 to 7/);
  assert.equal(sent.filter((r) => r.url.endsWith('/feedback/ces')).length, 0);
  // Keyboard: focus is on the scale; arrows move along it.
  await page.locator('.tact-ces input[value="1"]').focus();
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
  assert.equal(await page.locator('.tact-ces input:checked').getAttribute('value'), '6');
  await page.getByLabel(/What could we have made easier/).fill('The link was hard to find.');
  await btn(page, 'Send').click();
  assert.equal(await page.evaluate(() => window.answer), 6);
  assert.equal((await page.locator('.tact-ces [role=status]').innerText()).trim(), 'Thank you for your answer.');
  const body = JSON.parse(sent.find((r) => r.url.endsWith('/feedback/ces')).body);
  assert.deepEqual(body, { touchpoint: 'consent.withdraw', score: 6, comment: 'The link was hard to find.' });
  const s = await ces();
  assert.equal(s.responses, start + 1);
  assert.equal(s.distribution['6'] >= 1, true);
  await box.waitFor({ state: 'detached', timeout: 8000 });

  // "Not now" (or Escape) resolves null and sends nothing.
  await page.evaluate(() => { window.answer = tact.ces('consent.withdraw'); });
  await btn(page, 'Not now').click();
  assert.equal(await page.evaluate(() => window.answer), null);
  await page.evaluate(() => { window.answer = tact.ces('banner'); });
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(() => window.answer), null);
  assert.equal((await ces()).responses, start + 1);

  // Inside the site's own element, for another touchpoint; a bad touchpoint is refused.
  await page.evaluate(() => { window.answer = tact.ces('support.chat', { target: '#ask-here' }); });
  await page.locator('#ask-here .tact-ces').waitFor();
  assert.equal(await page.locator('.tact-ces-float').count(), 0);
  await page.locator('#ask-here label').filter({ hasText: /^2$/ }).click();
  await btn(page, 'Send').click();
  assert.equal(await page.evaluate(() => window.answer), 2);
  assert.equal((await ces('support.chat')).responses, 1);
  const err = await page.evaluate(() => tact.ces('Not A Key').then(() => 'ok', (e) => e.message));
  assert.match(err, /dotted lower-case key/);
  await ctx.close();
});

test('tact.ces() in French', async () => {
  const { ctx, page } = await open('/fr/', { locale: 'fr-FR' });
  await page.locator('.tact-banner').waitFor();
  await page.evaluate(() => { window.answer = tact.ces('consent.withdraw'); });
  const box = page.locator('.tact-ces-float');
  assert.equal((await box.locator('legend').innerText()).trim(), 'Était-ce facile de retirer votre consentement ?');
  assert.ok((await box.innerText()).includes('très facile'));
  assert.ok(await btn(page, 'Pas maintenant').isVisible());
  assert.deepEqual(await axe(page, '.tact-ces-float'), []);
  await ctx.close();
});

test('public effort routes: bad input, a subject, foreign origins and secret keys are refused and change nothing', async () => {
  const before = [await ces(), await effort()];
  const post = (path, body, { key = shop.pk, origin = host } = {}) =>
    call(tact.base, 'POST', '/v1/p/shop/feedback/' + path, { key, body, headers: { Origin: origin } });
  const okCes = { touchpoint: 'consent.withdraw', score: 5 };
  const okEffort = { touchpoint: 'banner', choice: 'reject_all', interactions: 1, seconds: 2 };
  const refused = [
    ['ces', { ...okCes, subject: 'sub_a1B2c3D4e5F6g7H8' }, 400],
    ['ces', { ...okCes, ref: 'w_x' }, 400],
    ['ces', { ...okCes, at: '2020-01-01T00:00:00Z' }, 400],
    ['ces', { ...okCes, score: 9 }, 400],
    ['ces', { touchpoint: 'Consent Withdraw', score: 5 }, 400],
    ['ces', 'not json', 400],
    ['effort', { ...okEffort, subject: 'sub_a1B2c3D4e5F6g7H8' }, 400],
    ['effort', { ...okEffort, choice: 'maybe' }, 400],
    ['effort', { ...okEffort, seconds: -1 }, 400],
    ['effort', { ...okEffort, interactions: 100000 }, 400],
  ];
  for (const [path, body, status] of refused) {
    const r = await post(path, body);
    assert.equal(r.status, status, `${path} ${JSON.stringify(body)}: ${r.text}`);
    assert.ok(r.json?.error?.message, 'a clear error');
    assert.equal(r.headers.get('access-control-allow-origin'), host, 'the page may read the error');
  }
  assert.equal((await post('ces', okCes, { origin: 'https://evil.example' })).status, 403);
  assert.equal((await post('ces', okCes, { key: shop.sk })).status, 403);
  assert.equal((await post('effort', okEffort, { key: 'pk_nope' })).status, 401);
  assert.deepEqual([await ces(), await effort()], before);
  const pre = await call(tact.base, 'OPTIONS', '/v1/p/shop/feedback/ces', {
    headers: { Origin: host, 'Access-Control-Request-Method': 'POST' },
  });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers.get('access-control-allow-origin'), host);
});
