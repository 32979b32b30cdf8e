// Screenshots of the banner (en, fr, 360 px), the preference center, the
// My-data page (and its CES question after a withdrawal), the tact.ces() widget, from the demo tenant of a fresh `tact serve`.
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
  // After a withdrawal: the receipt and the one CES question.
  await page.locator('[data-purpose="marketing.newsletter"]').getByRole('button', { name: /Withdraw my consent/ }).click();
  await page.waitForURL(/receipt=/);
  await page.locator('form.ces input[value="6"]').check();
  await page.locator('form.ces').screenshot({ path: join(out, 'my-data-ces.png') });
  await ctx.close();
  // tact.ces() on the customer's own page.
  const shop = await newContext(browser, { viewport: { width: 1100, height: 700 } });
  const demo = await shop.newPage();
  await demo.goto(tact.base + '/demo/');
  await demo.getByRole('button', { name: 'Reject all', exact: true }).click();
  await demo.evaluate(() => { tact.ces('consent.withdraw'); });
  await demo.locator('.tact-ces-float input[value="5"]').check();
  await demo.screenshot({ path: join(out, 'ces-widget.png') });
  await shop.close();
  console.log('screenshots in ' + out);
} finally {
  await browser.close();
  await tact.stop();
}
