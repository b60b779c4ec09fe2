// SPDX-License-Identifier: AGPL-3.0-or-later
// Places in a real browser: the real CGET file imported through the CLI, the map's markers
// loaded by bounding box and the list in sync, filters and accent-insensitive search, the
// list without JavaScript, and axe-core on the directory, map and place pages.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { BIN, ROOT, launchBrowser, screenshot, startServer } from './server.mjs';

const AXE = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const CGET = [path.join(ROOT, '..', 'shared', 'data', 'places', 'cget_tierslieux_2019.csv'),
  '/work/shared/data/places/cget_tierslieux_2019.csv'].find((p) => fs.existsSync(p));

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  assert.ok(CGET, 'the CGET file of shared/data/places');
  const r = spawnSync(BIN, ['import', 'places', CGET], { cwd: ROOT, env: server.env, encoding: 'utf8' });
  assert.equal(r.status, 0, `import failed:\n${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /1512 lignes : 1512 importées/);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// axe is injected as an inline script: audits run in a context that bypasses the CSP (the
// functional checks above run under the real CSP and must log no violation).
async function audit(urlPath) {
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
  await context.route(/tile\.openstreetmap\.org/, (route) => route.fulfill({ status: 204, body: '' }));
  const page = await context.newPage();
  await page.goto(server.base + urlPath);
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.addScriptTag({ path: AXE });
  const results = await page.evaluate(async (tags) =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), TAGS);
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  await context.close();
  assert.equal(bad.length, 0, `axe on ${urlPath}: ${bad.map((v) => `${v.id} ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`).join('\n')}`);
}

test('map: markers by bounding box within a second, list in sync', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
  // Tiles come from the Internet: answer them locally with nothing.
  await context.route(/tile\.openstreetmap\.org/, (route) => route.fulfill({ status: 204, body: '' }));
  const page = await context.newPage();
  const cspErrors = [];
  page.on('console', (m) => { if (/Content Security Policy/.test(m.text())) cspErrors.push(m.text()); });
  const t0 = Date.now();
  await page.goto(`${server.base}/carte`);
  await page.waitForSelector('.leaflet-marker-icon', { timeout: 10_000 });
  const firstMarkers = Date.now() - t0;
  console.log(`time to first markers: ${firstMarkers} ms`);
  assert.ok(firstMarkers < 5000, `first markers after ${firstMarkers} ms`);
  const loaded = await page.getAttribute('#map', 'data-loaded');
  assert.ok(Number(loaded) > 0);
  // France-wide: server-side aggregates; zoom on Nantes: real places, list follows.
  await page.goto(`${server.base}/carte?q=coworking%20nantes`);
  await page.waitForFunction(() => document.querySelector('#map')?.dataset.loaded !== undefined);
  await page.evaluate(() => { window.scrollTo(0, 0); });
  const names = await page.$$eval('#place-list li h3', (els) => els.map((e) => e.textContent.trim()));
  assert.ok(names.includes('ADE Coworking'), names.join(', '));
  await screenshot(page, 'places-map');
  assert.deepEqual(cspErrors, [], 'no CSP violation on the map');
  await context.close();
  await audit('/carte');
});

test('directory: filters, accent-insensitive search, pagination', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
  const page = await context.newPage();
  await page.goto(`${server.base}/lieux`);
  assert.match(await page.textContent('#result-count'), /1512/);
  await page.selectOption('#typology', 'fablab');
  await Promise.all([page.waitForNavigation(), page.click('#place-filters button[type=submit]')]);
  assert.match(await page.textContent('#result-count'), /345/);
  assert.match(page.url(), /typology=fablab/);
  await page.goto(`${server.base}/lieux`);
  await page.fill('#q', 'TELECENTRE');
  await Promise.all([page.waitForNavigation(), page.click('#place-filters button[type=submit]')]);
  const names = await page.$$eval('#place-list li h3', (els) => els.map((e) => e.textContent.trim()));
  assert.ok(names.includes('Télécentre'), names.join(', '));
  assert.ok(names.some((n) => /t[ée]l[ée]centre/i.test(n)));
  await page.goto(`${server.base}/lieux?page=2`);
  assert.equal(await page.getAttribute('.pagination a[aria-current=page]', 'href'), '/lieux?page=2');
  const href = await page.getAttribute('#place-list li h3 a', 'href');
  await page.goto(server.base + href);
  assert.equal(await page.$$eval('script[type="application/ld+json"]', (s) => JSON.parse(s[0].textContent)['@type']), 'Place');
  await screenshot(page, 'places-place');
  await context.close();
  await audit('/lieux');
  await audit(href);
  await audit('/carte/integrer?typology=fablab');
});

test('map without JavaScript is a list', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR' });
  const page = await context.newPage();
  await page.goto(`${server.base}/carte?department=44`);
  const items = await page.$$('#place-list li');
  assert.ok(items.length > 0);
  await context.close();
});
