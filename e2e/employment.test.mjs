// SPDX-License-Identifier: AGPL-3.0-or-later
// The job board on a phone (issue 19, points 6 and 9): a member filters the board, opens the
// civic-service offer, applies with a message and a PDF CV, and finds it in "mes
// candidatures"; the employer (the Riez manager) reads it. The board is checked with axe-core.
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
const OFFER = '/emplois/service-civique-mediation-numerique-au-tiers-lieu';

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

async function signedIn(email) {
  const context = await browser.newContext({ locale: 'fr-FR', bypassCSP: true, viewport: PHONE, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await signIn(page, server.base, email, PASSWORD);
  return { context, page };
}

test('a member applies to a civic-service offer from a phone', async () => {
  const { context, page } = await signedIn('membre@demo.maillage.fr');
  try {
    await page.goto(`${server.base}/emplois`);
    assert.match(await page.locator('#result-count').innerText(), /2 offres/);
    // The page fits the phone's width.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `the board scrolls sideways by ${overflow}px`);
    await page.selectOption('#kind', 'service_civique');
    await page.fill('#city', 'riez');
    await clickAndSettle(page, submitOf('form#job-filters'));
    assert.match(page.url(), /kind=service_civique/);
    assert.match(await page.locator('#result-count').innerText(), /1 offre/);
    await page.addScriptTag({ path: AXE });
    const results = await page.evaluate(async (tags) =>
      // eslint-disable-next-line no-undef
      axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), TAGS);
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.equal(bad.length, 0, bad.map((v) => `${v.id}: ${v.help}`).join('\n'));

    await clickAndSettle(page, '#job-list a[href="' + OFFER + '"]');
    assert.match(await page.locator('#job-pay').innerText(), /619,83/);
    await clickAndSettle(page, '#job-apply');
    assert.ok(page.url().endsWith(`${OFFER}/candidater`));
    await page.fill('#message', 'Bonjour, la médiation numérique me tient à cœur.');
    await page.setInputFiles('#cv', {
      name: 'cv.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
    });
    await clickAndSettle(page, submitOf('form#job-apply-form'));
    assert.ok(page.url().endsWith('/emplois/candidatures'), page.url());
    assert.match(await page.locator('#job-application-list').innerText(), /médiation numérique/);
    await screenshot(page, 'job-applied-phone');
  } finally {
    await context.close();
  }
  const employer = await signedIn('gerant.riez@demo.maillage.fr');
  try {
    await employer.page.goto(`${server.base}${OFFER}/candidatures`);
    assert.match(await employer.page.locator('#job-application-list').innerText(), /me tient à cœur/);
  } finally {
    await employer.context.close();
  }
});
