// SPDX-License-Identifier: AGPL-3.0-or-later
// Posts ("annonces", issue 18 points 3 and 4) on a phone: a member of Riez posts a need of a
// carpenter and sees the demo carpenter's offer first among its matches, with its reasons,
// and finds it in "mes annonces". axe-core checks the board and the
// post's page.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  BIN, ROOT, clickAndSettle, launchBrowser, screenshot, signIn, startServer, submitOf,
} from './server.mjs';

const AXE = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const PASSWORD = 'demo-maillage-2026';
const PHONE = { width: 375, height: 740 };
const BOARD = '/lieux/tiers-lieu-de-riez/annonces';

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

async function axe(page) {
  await page.addScriptTag({ path: AXE });
  const results = await page.evaluate(async (tags) =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), TAGS);
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.equal(bad.length, 0, bad.map((v) => `${v.id}: ${v.help}`).join('\n'));
}

test('a member posts a need from a phone and sees the matching offer with its reasons', async () => {
  const context = await browser.newContext({ locale: 'fr-FR', bypassCSP: true, viewport: PHONE, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  try {
    await signIn(page, server.base, 'membre@demo.maillage.fr', PASSWORD);

    // From the place's page to its board, filtered by a synonym.
    await page.goto(`${server.base}/lieux/tiers-lieu-de-riez`);
    await clickAndSettle(page, '#place-posts');
    assert.ok(page.url().endsWith(BOARD), page.url());
    await page.fill('#skill', 'menuisier');
    await clickAndSettle(page, submitOf('form#post-filters'));
    assert.match(await page.locator('#result-count').innerText(), /2 annonces/);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `the board scrolls sideways by ${overflow}px`);
    await axe(page);

    // A new need: the form says what is wrong, then publishes.
    await clickAndSettle(page, '#post-new');
    await page.check('#type-need');
    await page.fill('#title', '');
    await page.fill('#body', 'Une porte de placard à reprendre, dans la cuisine.');
    await clickAndSettle(page, '#post-submit');
    assert.match(await page.locator('#title-error').innerText(), /obligatoire/);
    assert.equal(await page.inputValue('#body'), 'Une porte de placard à reprendre, dans la cuisine.');
    await page.fill('#title', 'Porte de placard à réparer');
    await page.fill('#skills', 'Menuisier');
    await page.selectOption('#category', 'artisanat');
    await clickAndSettle(page, '#post-submit');
    assert.match(page.url(), /\/annonces\/\d+$/);

    // Its matches: the carpenter's offer first, with its reasons.
    const first = page.locator('#post-matches li.match').first();
    assert.match(await first.innerText(), /Menuisier à Riez/);
    assert.match(await first.locator('.reasons').innerText(), /compétence commune : menuiserie/);
    assert.match(await first.locator('.reasons').innerText(), /même catégorie : Artisanat/);
    const html = await page.content();
    assert.ok(!html.includes('artisan@demo.maillage.fr'), 'no email of the carpenter');
    await axe(page);
    await screenshot(page, 'post-matches-phone');

    // Listed in "mes annonces".
    await page.goto(`${server.base}/compte`);
    await clickAndSettle(page, '#account-posts');
    assert.match(await page.locator('#post-mine').innerText(), /Porte de placard/);
  } finally {
    await context.close();
  }
});
