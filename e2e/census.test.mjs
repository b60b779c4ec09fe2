// SPDX-License-Identifier: AGPL-3.0-or-later
// Census: the Riez manager fills this year's pre-filled census on a phone (a wrong number is
// refused in French and tied to its field, then the answer is submitted); the animator's
// census pages and the observatories with their SVG charts; axe-core on every census page
// (phone and desktop).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { BIN, ROOT, clickAndSettle, launchBrowser, screenshot, signIn, startServer } from './server.mjs';

const AXE = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const PASSWORD = 'demo-maillage-2026';
const NET = '/reseaux/reseau-sud-tiers-lieux';

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

async function signedIn(viewport, email) {
  const context = await browser.newContext({ locale: 'fr-FR', bypassCSP: true, viewport });
  const page = await context.newPage();
  await signIn(page, server.base, email, PASSWORD);
  return { context, page };
}

test('a manager fills the pre-filled census on a phone', async () => {
  const { context, page } = await signedIn({ width: 375, height: 740 }, 'gerant.riez@demo.maillage.fr');
  try {
    await page.goto(`${server.base}/recensement`);
    await axe(page, 'my censuses (phone)');
    await clickAndSettle(page, '#census-mine a');
    await page.waitForSelector('form#census-sheet');
    // The figures Maillage knows are already there, and said so.
    assert.ok((await page.content()).includes('Pré-rempli par Maillage'));
    assert.notEqual(await page.inputValue('#a-events_count'), '');
    await screenshot(page, 'census-sheet-phone');
    await axe(page, 'census sheet (phone)');
    await page.fill('#a-surface_m2', 'beaucoup');
    await clickAndSettle(page, 'form#census-sheet button[value=save]');
    assert.equal(await page.getAttribute('#a-surface_m2', 'aria-invalid'), 'true');
    assert.ok((await page.textContent('#a-surface_m2-error')).includes('Nombre attendu'));
    await axe(page, 'census sheet with errors (phone)');
    await page.fill('#a-surface_m2', '420');
    await clickAndSettle(page, 'form#census-sheet button[value=submit]');
    assert.ok((await page.content()).includes('Envoyée'));
    assert.equal(await page.locator('form#census-sheet button').count(), 0, 'a submitted answer is read-only');
  } finally {
    await context.close();
  }
});

test('the animator follows the campaign; the observatories draw charts', async () => {
  for (const viewport of [{ width: 375, height: 740 }, { width: 1280, height: 900 }]) {
    const { context, page } = await signedIn(viewport, 'animatrice@demo.maillage.fr');
    try {
      for (const p of [`${NET}/recensement`, `${NET}/recensement/questionnaires/1`, `${NET}/recensement/campagnes/2`,
        `${NET}/observatoire/interne`, `${NET}/observatoire/interne?par=typologie`, `${NET}/observatoire`,
        `${NET}/observatoire?par=departement&carte=surface_m2`, `${NET}/rapport`]) {
        const r = await page.goto(server.base + p);
        assert.equal(r.status(), 200, p);
        await axe(page, `${p} (${viewport.width}px)`);
      }
      await page.goto(`${server.base}${NET}/observatoire/interne`);
      const charts = await page.locator('svg.chart[role=img]').count();
      assert.ok(charts >= 5, `charts drawn: ${charts}`);
      assert.ok(await page.locator('svg.chart title').first().textContent());
      // The department map: every mainland department, and a legend written out.
      assert.equal(await page.locator('svg.chart.map path').count(), 96);
      assert.ok(await page.locator('svg.chart.map').isVisible());
      await page.goto(`${server.base}${NET}/observatoire/interne?par=typologie`);
      assert.ok(await page.locator('svg.chart[aria-labelledby$="-s-d"]').count() >= 1,
        'stacked bars by typology');
      await screenshot(page, `census-observatory-${viewport.width}`);
    } finally {
      await context.close();
    }
  }
});
