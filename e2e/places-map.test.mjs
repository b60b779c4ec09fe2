// SPDX-License-Identifier: AGPL-3.0-or-later
// The map first (issue 17 point 8), on a 390×844 phone with the demo data: the map's top within
// the first screen, pins in their typology's colour and icon with a legend, « Près de moi »
// filling the filter from the browser's position and listing the nearest place first, the
// home page's map, and axe on these pages.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { BIN, ROOT, launchBrowser, screenshot, startServer } from './server.mjs';

const AXE = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const PHONE = { width: 390, height: 844 };
// The Fab lab du Pays de Forcalquier (demo), 29 km from the Tiers-lieu de Riez.
const FORCALQUIER = { latitude: 43.9597, longitude: 5.7806 };

let server;
let browser;

before(async () => {
  server = await startServer();
  const r = spawnSync(BIN, ['demo'], { cwd: ROOT, env: server.env, encoding: 'utf8' });
  assert.equal(r.status, 0, `maillage demo failed:\n${r.stdout}\n${r.stderr}`);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function phone(extra = {}) {
  const context = await browser.newContext({ viewport: PHONE, locale: 'fr-FR', ...extra });
  // Tiles come from the Internet: answer them locally with nothing.
  await context.route(/tile\.openstreetmap\.org/, (route) => route.fulfill({ status: 204, body: '' }));
  return context;
}

test('the map comes first on a phone, with pins by typology and a legend', async () => {
  const context = await phone();
  const page = await context.newPage();
  const cspErrors = [];
  page.on('console', (m) => { if (/Content Security Policy/.test(m.text())) cspErrors.push(m.text()); });
  const resp = await page.goto(`${server.base}/carte`);
  assert.equal(resp.status(), 200);
  const box = await page.locator('#map').boundingBox();
  console.log(`map top on a 390×844 phone: ${Math.round(box.y)} px`);
  assert.ok(box.y < 400, `the map starts ${box.y} px down`);
  assert.ok(box.height >= 250, `the map is ${box.height} px tall`);
  // The filters are folded, and open on demand.
  assert.equal(await page.getAttribute('#filter-panel', 'open'), null);
  assert.equal(await page.isVisible('#q'), false);
  await page.click('#filter-panel > summary');
  assert.equal(await page.isVisible('#q'), true);
  // The legend: every typology with its colour and icon.
  const legend = await page.$$eval('#map-legend li', (lis) => lis.map((li) => ({
    slug: li.dataset.typology,
    cls: li.querySelector('.pin-swatch').className,
    svg: !!li.querySelector('.pin-swatch svg'),
    bg: getComputedStyle(li.querySelector('.pin-swatch')).backgroundColor,
  })));
  assert.ok(legend.length >= 14, `${legend.length} legend items`);
  assert.ok(legend.every((l) => l.svg), 'each has its icon');
  const fablab = legend.find((l) => l.slug === 'fablab');
  assert.equal(fablab.bg, 'rgb(185, 28, 28)');
  // The pins load (markers or clusters); zoomed in on one place, its pin says its typology.
  await page.waitForFunction(() => document.querySelector('#map')?.dataset.loaded !== undefined, null, { timeout: 10_000 });
  await page.goto(`${server.base}/carte?typology=fablab`);
  const pin = page.locator('.leaflet-marker-icon .pin[data-typology="fablab"]');
  await pin.first().waitFor({ timeout: 10_000 });
  assert.match(await page.locator('.leaflet-marker-icon.pin-icon').first().getAttribute('title'), /Fab lab du Pays de Forcalquier \(Fablab/);
  assert.equal(await pin.first().evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(185, 28, 28)');
  await screenshot(page, 'places-map-phone');
  assert.deepEqual(cspErrors, [], 'no CSP violation on the map');
  await context.close();
});

test('« Près de moi » fills the filter and lists the nearest place first', async () => {
  const context = await phone({ geolocation: FORCALQUIER, permissions: ['geolocation'] });
  const page = await context.newPage();
  await page.goto(`${server.base}/carte`);
  await page.click('#filter-panel > summary');
  await page.selectOption('#radius_km', '50');
  assert.equal(await page.isVisible('#near-me'), true, 'the button is shown with JavaScript');
  await Promise.all([page.waitForNavigation(), page.click('#near-me')]);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('lat'), '43.95970');
  assert.equal(url.searchParams.get('lon'), '5.78060');
  assert.equal(url.searchParams.get('radius_km'), '50');
  // The form keeps the position (hidden fields), the panel is open and counts the filter.
  assert.equal(await page.getAttribute('#place-filters input[name=lat]', 'value'), '43.95970');
  assert.notEqual(await page.getAttribute('#filter-panel', 'open'), null);
  assert.match(await page.textContent('#filters-active'), /1 filtre actif/);
  await page.waitForFunction(() => document.querySelector('#map')?.dataset.loaded !== undefined, null, { timeout: 10_000 });
  const cards = await page.$$eval('#place-list li', (lis) => lis.map((li) => ({
    name: li.querySelector('h3').textContent.trim(),
    distance: (li.querySelector('.distance')?.textContent || '').trim(),
  })));
  assert.equal(cards[0].name, 'Fab lab du Pays de Forcalquier', JSON.stringify(cards));
  assert.equal(cards[0].distance, 'à 0,0 km');
  assert.equal(cards[1].name, 'Tiers-lieu de Riez', JSON.stringify(cards));
  assert.match(cards[1].distance, /^à 2\d,\d km$/);
  await screenshot(page, 'places-map-near-me-phone');
  await context.close();
});

test('without JavaScript the « Près de moi » button stays hidden and a commune works', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE, locale: 'fr-FR' });
  const page = await context.newPage();
  await page.goto(`${server.base}/carte?near=Riez&radius_km=50`);
  assert.equal(await page.isVisible('#near-me'), false);
  const names = await page.$$eval('#place-list li h3', (els) => els.map((e) => e.textContent.trim()));
  assert.deepEqual(names.slice(0, 2), ['Tiers-lieu de Riez', 'Fab lab du Pays de Forcalquier']);
  await context.close();
});

test('the home page shows the map of the places', async () => {
  const context = await phone();
  const page = await context.newPage();
  await page.goto(`${server.base}/`);
  await page.waitForFunction(() => document.querySelector('#map')?.dataset.loaded !== undefined, null, { timeout: 10_000 });
  assert.ok(Number(await page.getAttribute('#map', 'data-loaded')) > 0);
  assert.equal(await page.isVisible('#map-legend'), true);
  assert.equal(await page.isVisible('#home-projects'), true);
  await screenshot(page, 'home-map-phone');
  await context.close();
});

async function audit(urlPath) {
  // bypassCSP: the app's strict CSP (script-src 'self') would block axe's injection.
  const context = await phone({ bypassCSP: true });
  const page = await context.newPage();
  const resp = await page.goto(server.base + urlPath);
  assert.equal(resp.status(), 200, urlPath);
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.addScriptTag({ path: AXE });
  const results = await page.evaluate(async (tags) =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), TAGS);
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  await context.close();
  assert.equal(bad.length, 0, `axe on ${urlPath}: ${bad.map((v) => `${v.id} ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`).join('\n')}`);
}

test('axe: the map, « près de moi » and the home page on a phone', async () => {
  await audit('/carte');
  await audit('/carte?near=04500&radius_km=50&typology=coworking');
  await audit('/lieux?lat=43.9597&lon=5.7806&radius_km=50');
  await audit('/');
});
