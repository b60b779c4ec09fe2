// SPDX-License-Identifier: AGPL-3.0-or-later
// News: the Riez manager writes a post through the form (phone size), the visitor reads it
// and subscribes to the network's letter; axe-core on the lists (with their subscribe forms),
// the post page, the form, the network and place pages, the confirmation page (desktop and
// phone).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  BIN, ROOT, clickAndSettle, launchBrowser, screenshot, signIn, startServer, submitOf,
} from './server.mjs';

const AXE = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const MANAGER = 'gerant.riez@demo.maillage.fr';
const PASSWORD = 'demo-maillage-2026';

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

test('a manager writes a post on a phone; visitors read it; axe on every news page', async () => {
  const base = server.base;
  for (const viewport of [{ width: 375, height: 740 }, { width: 1280, height: 900 }]) {
    const context = await browser.newContext({ locale: 'fr-FR', bypassCSP: true, viewport });
    const page = await context.newPage();
    try {
      for (const p of ['/actualites', '/reseaux/reseau-sud-tiers-lieux', '/reseaux/reseau-sud-tiers-lieux/actualites',
        '/lieux/tiers-lieu-de-riez', '/lieux/tiers-lieu-de-riez/actualites',
        '/actualites/le-club-transition-lance-son-atelier-reparation', '/abonnements/confirmer/jeton-de-test']) {
        const r = await page.goto(base + p);
        assert.equal(r.status(), 200, p);
        await axe(page, `${p} (${viewport.width}px)`);
      }
    } finally {
      await context.close();
    }
  }

  const context = await browser.newContext({ locale: 'fr-FR', bypassCSP: true, viewport: { width: 375, height: 740 } });
  const page = await context.newPage();
  try {
    await signIn(page, base, MANAGER, PASSWORD);
    await page.goto(`${base}/lieux/tiers-lieu-de-riez/actualites`);
    await clickAndSettle(page, '#news-new');
    await page.waitForSelector('form#news-form');
    await axe(page, 'news form (phone)');
    // Sent empty: the errors are announced and tied to their fields.
    await clickAndSettle(page, submitOf('form#news-form'));
    assert.equal(await page.getAttribute('#title', 'aria-invalid'), 'true');
    await axe(page, 'news form with errors (phone)');
    await page.fill('#title', 'Soirée jeux au tiers-lieu');
    await page.fill('#body', '<p>Jeux de société et galettes, vendredi soir.</p>');
    await page.fill('#tags', 'jeux, convivialité');
    await clickAndSettle(page, submitOf('form#news-form'));
    assert.match(page.url(), /\/actualites\/soiree-jeux-au-tiers-lieu$/);
    await screenshot(page, 'news-post-phone');
    await axe(page, 'post page (manager, phone)');
    await page.goto(`${base}/actualites/soiree-jeux-au-tiers-lieu/modifier`);
    await axe(page, 'edit form with the image form (phone)');
  } finally {
    await context.close();
  }
  const visitorContext = await browser.newContext({ locale: 'fr-FR', bypassCSP: true });
  const visitor = await visitorContext.newPage();
  const r = await visitor.goto(`${base}/actualites`);
  assert.equal(r.status(), 200);
  assert.ok((await visitor.content()).includes('Soirée jeux au tiers-lieu'));
  // A visitor subscribes to the network's letter from its news page.
  await visitor.goto(`${base}/reseaux/reseau-sud-tiers-lieux/actualites`);
  const form = 'form[id^="subscribe-"]';
  await visitor.fill(`${form} input[type=email]`, 'visiteuse@example.org');
  await clickAndSettle(visitor, submitOf(form));
  assert.ok((await visitor.content()).includes('Vérifiez votre boîte'));
  await axe(visitor, 'subscription sent');
  await visitorContext.close();
});
