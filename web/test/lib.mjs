// Shared helpers of the browser tests: a real `tact serve` on 127.0.0.1:0 with a
// temp data dir, a fixture web server for the "customer's site" (another
// origin, so CORS is exercised for real), and the system chromium.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
export const ROOT = resolve(new URL('../..', import.meta.url).pathname);
export const TACT = resolve(process.env.TACT_BIN || join(ROOT, 'build', 'tact'));
export const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// Starts `tact serve`; resolves once it prints its address.
export async function startTact({ demo = false } = {}) {
  const data = mkdtempSync(join(tmpdir(), 'tact-web-'));
  const args = ['serve', '--data', data, '--listen', '127.0.0.1:0', '--threads', '2'];
  if (!demo) args.push('--no-demo');
  const proc = spawn(TACT, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const base = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('tact serve did not start: ' + out)), 15000);
    proc.stdout.on('data', (b) => {
      out += b;
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) { clearTimeout(timer); ok(m[1]); }
    });
    proc.stderr.on('data', (b) => { out += b; });
    proc.on('exit', (code) => fail(new Error(`tact serve exited (${code}): ${out}`)));
  });
  const admin = readFileSync(join(data, 'admin.key'), 'utf8').trim();
  const demoKeys = demo ? JSON.parse(readFileSync(join(data, 'demo.key'), 'utf8')) : null;
  return {
    base, admin, data, demoKeys,
    async stop() {
      proc.kill('SIGTERM');
      await new Promise((ok) => { if (proc.exitCode !== null) ok(); else proc.on('exit', ok); });
      rmSync(data, { recursive: true, force: true });
    },
  };
}

export async function call(base, method, path, { key, body, headers = {} } = {}) {
  const h = { ...headers };
  if (key) h.Authorization = 'Bearer ' + key;
  if (body !== undefined) h['Content-Type'] = 'application/json';
  const r = await fetch(base + path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: r.status, headers: r.headers, json, text };
}

async function ok(res, what) {
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${res.text}`);
  return res.json;
}

export const PURPOSES = {
  'marketing.newsletter': {
    title: { en: 'Newsletter', fr: "Lettre d'information" },
    description: { en: 'We email you our news once a week at most.', fr: 'Nous vous écrivons une fois par semaine au plus.' },
    benefit: { en: 'You hear about new collections first.', fr: 'Vous découvrez les nouveautés en premier.' },
    legal_basis: 'consent', party: 'first', channels: ['email'], retention_days: 1095,
  },
  'analytics.measurement': {
    title: { en: 'Audience measurement', fr: "Mesure d'audience" },
    description: { en: 'We count visits on this site.', fr: 'Nous comptons les visites sur ce site.' },
    benefit: { en: 'A faster, simpler site.', fr: 'Un site plus rapide et plus simple.' },
    legal_basis: 'consent', party: 'first', retention_days: 395, cookies: ['_tact_analytics'],
  },
  'ads.personalised': {
    title: { en: 'Personalised advertising', fr: 'Publicité personnalisée' },
    description: { en: 'Partners show you our ads elsewhere.', fr: 'Des partenaires vous montrent nos annonces ailleurs.' },
    benefit: { en: 'Ads for things you looked at.', fr: 'Des annonces pour ce que vous avez regardé.' },
    legal_basis: 'consent', party: 'third', retention_days: 395, sale_or_sharing: true, cookies: ['_tact_ads'],
  },
  'security.fraud': {
    title: { en: 'Fraud prevention', fr: 'Prévention de la fraude' },
    description: { en: 'We check orders for signs of fraud.', fr: 'Nous vérifions les commandes pour détecter la fraude.' },
    benefit: { en: 'Your card is not used by someone else.', fr: "Votre carte n'est pas utilisée par quelqu'un d'autre." },
    legal_basis: 'legitimate_interest', party: 'first', retention_days: 180,
  },
  'orders.updates': {
    title: { en: 'Order updates', fr: 'Suivi de commande' },
    description: { en: 'We email you about your orders.', fr: 'Nous vous écrivons au sujet de vos commandes.' },
    benefit: { en: 'You know where your parcel is.', fr: 'Vous savez où est votre colis.' },
    legal_basis: 'contract', party: 'first', retention_days: 1095,
  },
};
export const VENDORS = {
  'measure-co': { name: 'Measure Co', party: 'third', purposes: ['analytics.measurement'] },
  adnet: { name: 'AdNet Europe', party: 'third', gvl_id: 755, purposes: ['ads.personalised'] },
  'fraud-check': { name: 'FraudCheck', party: 'third', legitimate_interest_purposes: ['security.fraud'] },
};

// A tenant with a property allowing `origins`, the purposes and vendors above
// (or `purposes`), a notice, an all-scope secret key and a publishable key.
// `property` adds fields to the property (e.g. tcf); `gvl` is put before the notice.
export async function setupTenant(tact, { id, origins, policy, purposes = PURPOSES, vendors = VENDORS, property = {}, gvl }) {
  await ok(await call(tact.base, 'POST', '/v1/tenants', { key: tact.admin, body: { id, name: 'Shop ' + id, ...(policy ? { policy } : {}) } }), 'tenant');
  const sk = (await ok(await call(tact.base, 'POST', `/v1/tenants/${id}/keys`, {
    key: tact.admin,
    body: { name: 'backend', scopes: ['config:write', 'consent:write', 'consent:read', 'decide', 'rights:manage'] },
  }), 'secret key')).key;
  await ok(await call(tact.base, 'PUT', '/v1/properties/shop', { key: sk, body: { name: 'Shop', origins, languages: ['en', 'fr'], ...property } }), 'property');
  if (gvl) await ok(await call(tact.base, 'PUT', '/v1/properties/shop/gvl', { key: sk, body: gvl }), 'gvl');
  for (const [k, p] of Object.entries(purposes)) await ok(await call(tact.base, 'PUT', '/v1/purposes/' + k, { key: sk, body: p }), 'purpose ' + k);
  for (const [k, v] of Object.entries(vendors)) await ok(await call(tact.base, 'PUT', '/v1/vendors/' + k, { key: sk, body: v }), 'vendor ' + k);
  await ok(await call(tact.base, 'POST', '/v1/notices', {
    key: sk, body: { property: 'shop', purposes: Object.keys(purposes), vendors: Object.keys(vendors) },
  }), 'notice');
  const pk = (await ok(await call(tact.base, 'POST', `/v1/tenants/${id}/keys`, {
    key: tact.admin, body: { name: 'banner', kind: 'publishable', property: 'shop' },
  }), 'publishable key')).key;
  return { id, sk, pk };
}

// The customer's site: pages registered by path, served on 127.0.0.1:0.
export async function startSite() {
  const pages = new Map();
  const server = createServer((req, res) => {
    const path = req.url.split('?')[0];
    const page = pages.get(path);
    if (!page) { res.writeHead(404); res.end('no page'); return; }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(page);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const port = server.address().port;
  return {
    port,
    origin: (host) => `http://${host}:${port}`,
    set: (path, html) => pages.set(path, html),
    close: () => new Promise((ok) => server.close(ok)),
  };
}

let stubCache = null;
export async function stub(base) {
  if (!stubCache) stubCache = await (await fetch(base + '/sdk/stub.js')).text();
  return stubCache;
}

// A page with the stub, optional inline head script (runs before tact loads),
// the one tag, blocked scripts and an iframe.
export async function pageHtml(tact, { pk, lang = 'en', head = '', body = '', withStub = true }) {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Test shop</title>
${withStub ? `<script>${await stub(tact.base)}</script>` : ''}
${head}
<script src="${tact.base}/sdk/tact.js" data-property="shop" data-key="${pk}" async></script>
</head><body><main><h1>Test shop</h1><p>Products.</p>
<p id="analytics-ran">no</p><p id="ads-ran">no</p>
<iframe title="ad" data-tact-purpose="ads.personalised" data-src="about:blank#ad"></iframe>
${body}</main>
<script type="text/plain" data-tact-purpose="analytics.measurement">
  document.getElementById('analytics-ran').textContent = 'yes';
  document.cookie = '_tact_analytics=1; path=/';
</script>
<script type="text/plain" data-tact-purpose="ads.personalised">document.getElementById('ads-ran').textContent = 'yes';</script>
</body></html>`;
}

export function chromiumPath() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim();
}

export async function launch() {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--host-resolver-rules=MAP *.tact.test 127.0.0.1'],
  });
}

// bypassCSP: lets axe be injected into pages whose CSP forbids every script.
export async function newContext(browser, { gpc = false, locale = 'en-GB', viewport, bypassCSP = false } = {}) {
  const ctx = await browser.newContext({
    locale, viewport: viewport || { width: 1280, height: 800 }, bypassCSP,
    extraHTTPHeaders: gpc ? { 'Sec-GPC': '1' } : {},
  });
  if (gpc) {
    await ctx.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl',
      { get: () => true, configurable: true }));
  }
  return ctx;
}

export async function axe(page, include) {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async (sel) => {
    const r = await window.axe.run(sel ? { include: [sel] } : document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  }, include);
}

export async function history(tact, sk, subject) {
  return (await call(tact.base, 'GET', `/v1/subjects/${subject}/consents/history`, { key: sk })).json.events;
}
export async function consents(tact, sk, subject) {
  const list = (await call(tact.base, 'GET', `/v1/subjects/${subject}/consents`, { key: sk })).json.consents;
  const out = {};
  for (const c of list) out[c.purpose + (c.vendor ? '|' + c.vendor : '')] = c.state;
  return out;
}
export async function subjectOf(page) {
  return page.evaluate(() => (document.cookie.match(/(?:^|; )tact_sid=([^;]*)/) || [])[1] || null);
}
