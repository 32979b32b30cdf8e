// Screenshots of the banner (en, fr, 360 px), the preference center and the
// My-data page, from the demo tenant of a fresh `tact serve`.
//   TACT_BIN=build/tact node web/screenshots.mjs [OUT_DIR=docs/screenshots]
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { call, launch, newContext, ROOT, startTact } from './test/lib.mjs';

const out = process.argv[2] || join(ROOT, 'docs', 'screenshots');
mkdirSync(out, { recursive: true });
const tact = await startTact({ demo: true });
const browser = await launch();
try {
  const shot = async (name, { viewport, locale, fr, prefs, full } = {}) => {
    const ctx = await newContext(browser, { viewport, locale });
    const page = await ctx.newPage();
    await page.goto(tact.base + '/demo/');
    await page.locator('.tact-banner').waitFor();
    if (fr) await page.getByRole('button', { name: 'Langue: Français' }).click();
    if (prefs) {
      await page.getByRole('button', { name: 'Choose', exact: true }).click();
      await page.locator('[data-purpose="analytics.measurement"] summary').click();
    }
    await page.evaluate(() => document.activeElement && document.activeElement.blur());
    await page.screenshot({ path: join(out, name), fullPage: !!full });
    await ctx.close();
  };
  await shot('banner-en.png');
  await shot('banner-fr.png', { fr: true });
  await shot('banner-mobile-360.png', { viewport: { width: 360, height: 740 } });
  await shot('preference-center.png', { prefs: true });
  const sk = tact.demoKeys.secret_key, subject = 'sub_ScreenshotPerson01';
  await call(tact.base, 'POST', '/v1/consents', { key: sk, body: { subject, property: 'shop', source: 'banner', choices: [
    { purpose: 'marketing.newsletter', state: 'granted' }, { purpose: 'analytics.measurement', state: 'granted' },
    { purpose: 'ads.personalised', state: 'denied' }, { purpose: 'partners.sharing', state: 'denied' }] } });
  await call(tact.base, 'POST', '/v1/consents', { key: sk, body: { subject, property: 'shop', source: 'banner',
    choices: [{ purpose: 'marketing.offers', state: 'granted' }] } });
  const link = (await call(tact.base, 'POST', `/v1/subjects/${subject}/portal-links`, { key: sk, body: {} })).json;
  const ctx = await newContext(browser, { viewport: { width: 1100, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(link.url);
  await page.screenshot({ path: join(out, 'my-data.png'), fullPage: true });
  await ctx.close();
  console.log('screenshots in ' + out);
} finally {
  await browser.close();
  await tact.stop();
}
