// SPDX-License-Identifier: AGPL-3.0-or-later
// Issue 17 point 10: the twenty main pages of the demo, photographed at 1280×800 and 390×844
// (target/e2e-screenshots/main-*.png, kept as artefacts of the test run and compared in review),
// each checked by axe in French and in English (fails on serious or critical violations), each
// answering 200 with its <html lang> in the chosen language.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { BIN, ROOT, launchBrowser, screenshot, signIn, startServer } from './server.mjs';

const AXE = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
// [path, who signs in (null: a visitor)]
const MAIN_PAGES = [
  ['/', null],
  ['/lieux', null],
  ['/carte', null],
  ['/agenda', null],
  ['/groupes', null],
  ['/projets', null],
  ['/actualites', null],
  ['/formations', null],
  ['/emplois', null],
  ['/lieux/tiers-lieu-de-riez', null],
  ['/lieux/tiers-lieu-de-riez/agenda', null],
  ['/espaces/1', null],
  ['/reseaux/reseau-sud-tiers-lieux', null],
  ['/reseaux/reseau-sud-tiers-lieux/vitrine', null],
  ['/lieux/tiers-lieu-de-riez/guide', null],
  ['/connexion', null],
  ['/mon-espace', 'membre@demo.maillage.fr'],
  ['/mes-inscriptions', 'membre@demo.maillage.fr'],
  ['/mon-espace', 'gerant.riez@demo.maillage.fr'],
  ['/admin/lieux/1/occupation', 'gerant.riez@demo.maillage.fr'],
];
const SIZES = [
  ['desktop', { width: 1280, height: 800 }],
  ['phone', { width: 390, height: 844 }],
];

let demo;
let browser;

before(async () => {
  demo = await startServer();
  const r = spawnSync(BIN, ['demo'], { cwd: ROOT, env: demo.env, encoding: 'utf8' });
  assert.equal(r.status, 0, `maillage demo failed:\n${r.stdout}\n${r.stderr}`);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await demo?.stop();
});

function describe(violations) {
  return violations.map((v) => `  [${v.impact}] ${v.id}: ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    ')}`).join('\n');
}

async function visit(urlPath, who, lang, size, viewport) {
  // bypassCSP: the app's strict CSP (script-src 'self') would block axe's injection.
  const context = await browser.newContext({ bypassCSP: true, viewport, locale: lang === 'fr' ? 'fr-FR' : 'en-GB' });
  try {
    const { hostname } = new URL(demo.base);
    await context.addCookies([{ name: 'lang', value: lang, domain: hostname, path: '/' }]);
    const page = await context.newPage();
    if (who) {
      await signIn(page, demo.base, who, 'demo-maillage-2026');
      // A signed-in person's pages speak their account's language: switch it as they would.
      if (await page.getAttribute('html', 'lang') !== lang) {
        await Promise.all([page.waitForNavigation(), page.click('#lang-switch button')]);
      }
    }
    const resp = await page.goto(demo.base + urlPath);
    assert.equal(resp.status(), 200, `GET ${urlPath} as ${who || 'a visitor'}`);
    assert.equal(await page.getAttribute('html', 'lang'), lang, `${urlPath} in ${lang}`);
    await page.waitForLoadState('networkidle').catch(() => {});
    const role = who ? who.split('@')[0].replace(/\W+/g, '-') : 'visitor';
    await screenshot(page, `main-${size}-${lang}-${role}${urlPath === '/' ? '-home' : urlPath}`);
    await page.addScriptTag({ path: AXE });
    const results = await page.evaluate(async (tags) =>
      // eslint-disable-next-line no-undef
      axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), TAGS);
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.equal(bad.length, 0, `axe on ${urlPath} (${lang}, ${size}, ${who || 'visitor'}):\n${describe(bad)}`);
  } finally {
    await context.close();
  }
}

for (const [urlPath, who] of MAIN_PAGES) {
  test(`${urlPath} as ${who || 'a visitor'}: screenshots at both sizes, axe in French and English`, async () => {
    for (const [size, viewport] of SIZES) {
      for (const lang of ['fr', 'en']) {
        // Both languages photographed on a phone and a desktop: four pictures per page.
        await visit(urlPath, who, lang, size, viewport);
      }
    }
  });
}
