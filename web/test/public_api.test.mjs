// The public routes as a browser (and an attacker) sees them: publishable
// keys, origins, CORS, the browser's own subject, rate limits, and the size
// budget of what the tag downloads.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { call, setupTenant, startTact } from './lib.mjs';

let tact, acme, other;
const ORIGIN = 'https://shop.example';
const SUBJECT = 'sub_' + 'a1B2c3D4e5F6g7H8';

before(async () => {
  tact = await startTact();
  acme = await setupTenant(tact, { id: 'acme', origins: [ORIGIN] });
  other = await setupTenant(tact, { id: 'other', origins: ['https://other.example'] });
});
after(async () => { await tact?.stop(); });

const config = (key, origin = ORIGIN, q = '') =>
  call(tact.base, 'GET', `/v1/p/shop/config?key=${key}${q}`, { headers: origin ? { Origin: origin } : {} });
const record = (key, body, origin = ORIGIN, headers = {}) =>
  call(tact.base, 'POST', '/v1/p/shop/consents', { key, body, headers: { Origin: origin, ...headers } });
const choice = (purpose, state) => ({ purpose, state });

test('config: exact origin echoed, Vary: Origin, never a wildcard, no credentials', async () => {
  const r = await config(acme.pk);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('access-control-allow-origin'), ORIGIN);
  assert.match(r.headers.get('vary'), /Origin/);
  assert.equal(r.headers.get('access-control-allow-credentials'), null);
  assert.equal(r.json.notice_version, 1);
  assert.equal(r.json.show, true);
  const p = r.json.purposes.find((x) => x.key === 'analytics.measurement');
  assert.deepEqual(Object.keys(p.title).sort(), ['en', 'fr']);
  assert.deepEqual(p.cookies, ['_tact_analytics']);
  assert.deepEqual(p.vendors, ['measure-co']);
  assert.ok(!r.json.ask.purposes.includes('orders.updates'), 'a contract purpose is not asked');
  const fr = await config(acme.pk, ORIGIN, '&lang=fr');
  assert.deepEqual(Object.keys(fr.json.purposes[0].title), ['fr']);
});

test('config: a foreign origin is refused without CORS headers, and its preflight too', async () => {
  const r = await config(acme.pk, 'https://evil.example');
  assert.equal(r.status, 403);
  assert.equal(r.headers.get('access-control-allow-origin'), null);
  const pre = await call(tact.base, 'OPTIONS', '/v1/p/shop/consents', {
    headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
  });
  assert.equal(pre.status, 403);
  assert.equal(pre.headers.get('access-control-allow-origin'), null);
  const ok = await call(tact.base, 'OPTIONS', '/v1/p/shop/consents', {
    headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
  });
  assert.equal(ok.status, 204);
  assert.equal(ok.headers.get('access-control-allow-origin'), ORIGIN);
  assert.match(ok.headers.get('access-control-allow-headers'), /Authorization/);
  assert.match(ok.headers.get('access-control-allow-methods'), /POST/);
  assert.match(ok.headers.get('vary'), /Origin/);
});

test('keys: another property\'s key, a secret key or no key are refused; a pk_ key cannot call server routes', async () => {
  assert.equal((await config(other.pk)).status, 403, 'the other tenant\'s property');
  assert.equal((await config(acme.sk)).status, 403, 'secret key in a browser');
  assert.equal((await config('')).status, 401);
  assert.equal((await config('pk_bogus_key')).status, 401);
  const server = await call(tact.base, 'GET', `/v1/subjects/${SUBJECT}/consents`, { key: acme.pk });
  assert.equal(server.status, 403);
  const write = await call(tact.base, 'POST', '/v1/consents', { key: acme.pk, body: { subject: SUBJECT, choices: [choice('marketing.newsletter', 'granted')] } });
  assert.equal(write.status, 403);
});

test('consents: records the browser subject only, for this property only, as source banner', async () => {
  const r = await record(acme.pk, { subject: SUBJECT, notice_version: 1, choices: [choice('marketing.newsletter', 'granted')] });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.source, 'banner');
  assert.equal(r.json.property, 'shop');
  assert.match(r.json.receipt_id, /^rcpt_/);
  assert.ok('tc_string' in r.json && 'gpp_string' in r.json);
  assert.equal(r.headers.get('access-control-allow-origin'), ORIGIN);
  // A customer id or any non-browser subject is out of reach of a publishable key.
  for (const subject of ['cust_42', 'sub_short', 'sub_' + 'x'.repeat(70), 'user@example.com']) {
    const bad = await record(acme.pk, { subject, choices: [choice('marketing.newsletter', 'granted')] });
    assert.equal(bad.status, 403, subject);
  }
  const otherProp = await record(acme.pk, { subject: SUBJECT, property: 'blog', choices: [choice('marketing.newsletter', 'granted')] });
  assert.equal(otherProp.status, 403);
  const foreign = await record(acme.pk, { subject: SUBJECT, choices: [choice('marketing.newsletter', 'granted')] }, 'https://evil.example');
  assert.equal(foreign.status, 403);
  const badBody = await record(acme.pk, { subject: SUBJECT, choices: [choice('nope.nope', 'granted')] });
  assert.equal(badBody.status, 400);
  // The state comes back in the config, and a recent choice is not asked again.
  const c = await config(acme.pk, ORIGIN, '&subject=' + SUBJECT);
  assert.equal(c.json.purposes.find((p) => p.key === 'marketing.newsletter').state, 'granted');
  assert.ok(!c.json.ask.purposes.includes('marketing.newsletter'));
  assert.ok(c.json.ask.purposes.includes('analytics.measurement'));
});

test('consents: Sec-GPC refuses sale/sharing purposes; config reports GPC', async () => {
  const subject = 'sub_gpcGPCgpcGPC1234';
  const r = await record(acme.pk, { subject, choices: [choice('ads.personalised', 'granted'), choice('analytics.measurement', 'granted')] },
    ORIGIN, { 'Sec-GPC': '1' });
  assert.equal(r.status, 201);
  assert.equal(r.json.gpc, true);
  const ads = r.json.choices.find((c) => c.purpose === 'ads.personalised');
  assert.deepEqual([ads.state, ads.rule], ['denied', 'gpc']);
  const c = await call(tact.base, 'GET', `/v1/p/shop/config?key=${acme.pk}&subject=${subject}`, { headers: { Origin: ORIGIN, 'Sec-GPC': '1' } });
  assert.equal(c.json.gpc, true);
  assert.ok(!c.json.ask.purposes.includes('ads.personalised'), 'a GPC refusal is never re-asked');
});

test('rate limit: a burst from one address gets 429 with Retry-After; other addresses are unaffected', async () => {
  const port = new URL(tact.base).port;
  const get = (localAddress) => new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, localAddress, path: `/v1/p/shop/config?key=${acme.pk}`, headers: { Origin: ORIGIN } },
      (res) => { res.resume(); res.on('end', () => ok({ status: res.statusCode, retry: res.headers['retry-after'], cors: res.headers['access-control-allow-origin'] })); });
    req.on('error', fail);
    req.end();
  });
  let limited = null;
  for (let i = 0; i < 400 && !limited; i++) {
    const r = await get('127.0.0.9');
    if (r.status === 429) limited = r;
    else assert.equal(r.status, 200);
  }
  assert.ok(limited, 'no 429 after 400 requests');
  assert.ok(Number(limited.retry) >= 1);
  assert.equal(limited.cors, ORIGIN, 'the page can read the 429');
  assert.equal((await get('127.0.0.10')).status, 200);
});

test('sdk: served with ETag, revalidates with 304, gzip on request; tact.js + tact.css within 14 kB gzip -9', async () => {
  let total = 0;
  for (const f of ['tact.js', 'tact.css']) {
    const r = await fetch(`${tact.base}/sdk/${f}`, { headers: { 'Accept-Encoding': 'identity' } });
    assert.equal(r.status, 200);
    const etag = r.headers.get('etag');
    assert.match(etag, /^"[0-9a-f]{24}"$/);
    assert.match(r.headers.get('cache-control'), /max-age=\d+/);
    const body = Buffer.from(await r.arrayBuffer());
    total += gzipSync(body, { level: 9 }).length;
    const again = await fetch(`${tact.base}/sdk/${f}`, { headers: { 'If-None-Match': etag } });
    assert.equal(again.status, 304);
    const gz = await new Promise((ok) => request(`${tact.base}/sdk/${f}`, { headers: { 'Accept-Encoding': 'gzip' } }, (res) => {
      const parts = [];
      res.on('data', (b) => parts.push(b));
      res.on('end', () => ok({ enc: res.headers['content-encoding'], len: Buffer.concat(parts).length }));
    }).end());
    assert.equal(gz.enc, 'gzip');
    assert.ok(gz.len < body.length);
  }
  console.log(`# size: tact.js + tact.css gzip -9 = ${total} bytes (budget 14336)`);
  assert.ok(total <= 14 * 1024, `over budget: ${total} bytes`);
});
