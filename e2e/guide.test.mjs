// SPDX-License-Identifier: AGPL-3.0-or-later
// The visitor guide (issue 18 point 6), in the demo: a visitor on a phone (390x844) opens the
// Tiers-lieu de Riez's guide from the place's page, jumps to a section, sees the map and the
// addresses in one column; printed (print media emulated), the guide is a one-page leaflet
// without the header, the map or the section links; in English, the sections are English.
// The embeddable showcase loads inside another page's iframe. axe-core on each page.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { BIN, ROOT, clickAndSettle, launchBrowser, screenshot, startServer } from './server.mjs';

const AXE = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const PHONE = { width: 390, height: 844 };
// An A4 page at 96 dpi, less 10 mm margins: what one printed page holds.
const A4 = { width: 794, height: 1123 };

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

async function axe(page, label) {
  await page.addScriptTag({ path: AXE });
  const results = await page.evaluate(async (tags) =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), TAGS);
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const text = bad.map((v) => `  [${v.impact}] ${v.id}: ${v.help}\n${v.nodes.slice(0, 5).map((n) => `    - ${n.target.join(' ')}`).join('\n')}`).join('\n');
  assert.equal(bad.length, 0, `axe on ${label}:\n${text}`);
}

test('the guide on a phone, from the place page', async () => {
  const context = await browser.newContext({ locale: 'fr-FR', bypassCSP: true, viewport: PHONE });
  try {
    const page = await context.newPage();
    await page.goto(`${server.base}/lieux/tiers-lieu-de-riez`);
    await clickAndSettle(page, '#place-guide');
    assert.match(page.url(), /\/lieux\/tiers-lieu-de-riez\/guide$/);
    assert.equal(await page.locator('h1').textContent(), 'Guide du visiteur · Tiers-lieu de Riez');
    // The sections in the guide's order, each reachable from the links at the top.
    const ids = await page.locator('section.guide-section').evaluateAll((s) => s.map((e) => e.id));
    assert.deepEqual(ids, ['dormir', 'manger', 'sortir', 'respirer', 'se-reperer', 'garde-enfants', 'travailler']);
    await page.click('.guide-toc a[href="#garde-enfants"]');
    assert.match(page.url(), /#garde-enfants$/);
    assert.match(await page.locator('#garde-enfants').textContent(), /Crèche Les Petits Pas/);
    // One column on a phone, nothing wider than the screen; the map drawn with its markers.
    const cols = await page.locator('#dormir .guide-list').evaluate((ul) => getComputedStyle(ul).gridTemplateColumns.split(' ').length);
    assert.equal(cols, 1);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= PHONE.width, `the page is ${wide}px wide`);
    await page.waitForSelector('#actor-map .leaflet-marker-icon', { timeout: 15_000 });
    // A phone number to call.
    assert.ok(await page.locator('#dormir a[href^="tel:+33"]').count() >= 1);
    await screenshot(page, 'guide-phone');
    await axe(page, 'the guide on a phone');
  } finally {
    await context.close();
  }
});

test('the printed guide is a one-page leaflet', async () => {
  const context = await browser.newContext({ locale: 'fr-FR', bypassCSP: true, viewport: A4 });
  try {
    const page = await context.newPage();
    await page.goto(`${server.base}/lieux/tiers-lieu-de-riez/guide`);
    await page.emulateMedia({ media: 'print' });
    for (const sel of ['.site-header', '.site-footer', '#actor-map', '.guide-toc', 'form.guide-near']) {
      assert.equal(await page.locator(sel).first().isVisible(), false, `${sel} printed`);
    }
    assert.ok(await page.locator('#manger').isVisible());
    const height = await page.evaluate(() => Math.ceil(document.getElementById('visitor-guide').getBoundingClientRect().bottom));
    // 277 mm of printable height (A4 less the margins) at 96 dpi.
    assert.ok(height <= 1047, `the printed guide is ${height}px high: more than one page`);
    const pdf = await page.pdf({ format: 'A4', margin: { top: '10mm', bottom: '10mm', left: '10mm', right: '10mm' } });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
    assert.equal(pages, 1, `${pages} printed pages`);
    await screenshot(page, 'guide-print');
  } finally {
    await context.close();
  }
});

test('the guide in English, and the network guide', async () => {
  const context = await browser.newContext({ locale: 'en-GB', bypassCSP: true, viewport: PHONE });
  try {
    const page = await context.newPage();
    await page.goto(`${server.base}/reseaux/reseau-sud-tiers-lieux/guide`);
    await clickAndSettle(page, '#lang-switch button');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    const titles = await page.locator('section.guide-section h2').allTextContents();
    assert.ok(titles.includes('Sleep') && titles.includes('Eat') && titles.includes('Getting around'), titles.join(', '));
    const body = await page.locator('main').textContent();
    for (const fr of ['Dormir', 'Manger', 'Se repérer', 'Ouvert maintenant', 'Guide du visiteur']) {
      assert.ok(!body.includes(fr), `${fr} on the English guide`);
    }
    await axe(page, 'the English network guide');
  } finally {
    await context.close();
  }
});

test('the embeddable showcase loads in another page', async () => {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.goto(`${server.base}/lieux/tiers-lieu-de-riez/vitrine`);
    const snippet = await page.locator('#embed-snippet').inputValue();
    assert.match(snippet, /<iframe src="[^"]+\/lieux\/tiers-lieu-de-riez\/vitrine\/integrer"/);
    // Another origin's page (about:blank) framing the widget.
    const src = `${server.base}/lieux/tiers-lieu-de-riez/vitrine/integrer`;
    await page.setContent(`<iframe id="w" src="${src}" title="Vitrine" width="800" height="600"></iframe>`);
    const frame = await (await page.waitForSelector('#w')).contentFrame();
    await frame.waitForSelector('#actor-list li', { timeout: 15_000 });
    assert.match(await frame.locator('#actor-list').textContent(), /Atelier Bois du Verdon/);
  } finally {
    await context.close();
  }
});
