// SPDX-License-Identifier: AGPL-3.0-or-later
// The showcase's filters in a real browser (issue 18 point 10): a visitor on a phone looks for
// a carpenter around Riez — skill (a synonym finds the skill), accent-insensitive words,
// category and distance — and the map always shows the markers of the list beside it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { BIN, ROOT, clickAndSettle, launchBrowser, screenshot, startServer, submitOf } from './server.mjs';

const AXE = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const PHONE = { width: 390, height: 844 };
const SHOWCASE = '/lieux/tiers-lieu-de-riez/vitrine';

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

/** The names of the list, and how many of its items the map shows. */
async function listAndMap(page) {
  const names = await page.locator('#actor-list li h3, #actor-list li h2').allInnerTexts();
  const located = await page.locator('#actor-list li[data-lat]').count();
  if (located > 0) {
    await page.waitForSelector('#actor-map .leaflet-marker-icon', { timeout: 15_000 });
  }
  const markers = await page.locator('#actor-map .leaflet-marker-icon').count();
  return { names: names.map((n) => n.trim()), located, markers };
}

test('a visitor filters the showcase for a carpenter near Riez on a phone', async () => {
  const context = await browser.newContext({ locale: 'fr-FR', bypassCSP: true, viewport: PHONE, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  try {
    await page.goto(`${server.base}${SHOWCASE}`);
    let seen = await listAndMap(page);
    assert.ok(seen.names.length >= 8, `the Riez showcase lists its actors: ${seen.names}`);
    assert.equal(seen.markers, seen.located, 'one marker per located actor of the list');

    // A synonym of the skill: « menuisier » finds the menuiserie.
    await page.fill('#skill', 'menuisier');
    await clickAndSettle(page, submitOf('form#actor-filters'));
    assert.match(page.url(), /skill=menuisier/);
    seen = await listAndMap(page);
    assert.ok(seen.names.some((n) => n.includes('Atelier Bois du Verdon')), seen.names.join(' | '));
    assert.ok(!seen.names.some((n) => n.includes('Poterie')), 'the potter is filtered out');
    assert.equal(seen.markers, seen.located);
    await screenshot(page, 'showcase-carpenter-phone');

    // Words without accents, a category and a distance around the place.
    await page.fill('#skill', '');
    await page.fill('#q', 'ebeniste');
    await page.selectOption('#category', 'artisanat');
    await page.selectOption('#radius_km', { index: 1 });
    await clickAndSettle(page, submitOf('form#actor-filters'));
    seen = await listAndMap(page);
    assert.ok(seen.names.some((n) => n.includes('Atelier Bois du Verdon')), seen.names.join(' | '));
    assert.match(await page.locator('#actor-list').innerText(), /km/);
    assert.equal(seen.markers, seen.located);

    // A search that finds nothing says so, and the map is empty.
    await page.fill('#q', 'astrophysique');
    await clickAndSettle(page, submitOf('form#actor-filters'));
    // Its count says so in words (the message's [0] variant).
    assert.match(await page.locator('#result-count').innerText(), /Aucun acteur/);
    assert.equal(await page.locator('#actor-map .leaflet-marker-icon').count(), 0);

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `the showcase scrolls sideways by ${overflow}px`);
    await page.addScriptTag({ path: AXE });
    const results = await page.evaluate(async (tags) =>
      // eslint-disable-next-line no-undef
      axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), TAGS);
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.equal(bad.length, 0, bad.map((v) => `${v.id}: ${v.help}`).join('\n'));
  } finally {
    await context.close();
  }
});
