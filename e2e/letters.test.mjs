// SPDX-License-Identifier: AGPL-3.0-or-later
// Newsletters: the network's animator composes an issue with an agenda block (phone size),
// adds a block, previews it in the browser and as the email renders, and sends herself a
// test; a visitor reads the archive; a subscriber of the demo's letter (sent by the server's
// queue to the SMTP sink) follows the unsubscription link of her email. axe-core on every new
// page (desktop and phone).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  BIN, ROOT, clickAndSettle, extractUrl, launchBrowser, maildir, screenshot, signIn, startServer, submitOf, waitForEmail,
} from './server.mjs';

const AXE = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const ANIMATRICE = 'animatrice@demo.maillage.fr';
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

test('the animator composes an issue with an agenda block and previews it; axe on every letters page', async () => {
  const base = server.base;
  const viewports = [{ width: 375, height: 740 }, { width: 1280, height: 900 }];

  // The public archive of the network's letter (the demo sent one issue).
  for (const viewport of viewports) {
    const context = await browser.newContext({ locale: 'fr-FR', bypassCSP: true, viewport });
    const page = await context.newPage();
    try {
      await page.goto(`${base}/reseaux/reseau-sud-tiers-lieux/actualites`);
      await clickAndSettle(page, 'a[href$="/archives"]');
      assert.match(page.url(), /\/listes\/\d+\/archives$/);
      await axe(page, `archives (${viewport.width}px)`);
      await clickAndSettle(page, '#letters-archives a');
      assert.match(page.url(), /\/lettres\/\d+$/);
      assert.ok((await page.content()).includes('Agenda des 31 prochains jours'));
      await axe(page, `archived issue (${viewport.width}px)`);
    } finally {
      await context.close();
    }
  }

  const context = await browser.newContext({ locale: 'fr-FR', bypassCSP: true, viewport: viewports[0] });
  const page = await context.newPage();
  try {
    await signIn(page, base, ANIMATRICE, PASSWORD);
    await page.goto(`${base}/reseaux/reseau-sud-tiers-lieux/actualites`);
    await clickAndSettle(page, 'a[id^="letters-"]');
    assert.match(page.url(), /\/listes\/\d+\/lettres$/);
    await axe(page, 'issues of the list (phone)');
    // An empty subject: the error is announced and tied to its field.
    await clickAndSettle(page, submitOf('form#letters-new'));
    assert.equal(await page.getAttribute('#subject', 'aria-invalid'), 'true');
    await axe(page, 'new issue with errors (phone)');
    await page.fill('#subject', 'La lettre de janvier');
    await clickAndSettle(page, submitOf('form#letters-new'));
    assert.match(page.url(), /\/lettres\/\d+\/modifier$/);
    await axe(page, 'compose form (phone)');
    // The new issue holds a free text and an agenda block; the agenda looks 60 days ahead,
    // workshops only at first, then every kind.
    await page.fill('#b0_body', 'Bonjour, voici le programme du mois.');
    await page.fill('#b1_days', '60');
    await page.selectOption('#b1_kind', 'atelier');
    await page.selectOption('#add_kind', 'news');
    await clickAndSettle(page, 'button[name=op][value=add]');
    assert.equal(await page.locator('fieldset.letter-block').count(), 3);
    assert.equal(await page.inputValue('#b1_days'), '60');
    await axe(page, 'compose form with three blocks (phone)');
    await page.selectOption('#b1_kind', '');
    await screenshot(page, 'letters-compose-phone');
    await clickAndSettle(page, 'button[name=op][value=preview]');
    assert.match(page.url(), /\/lettres\/\d+\/apercu$/);
    const preview = await page.content();
    assert.ok(preview.includes('Agenda des 60 prochains jours'), 'the agenda block is built');
    assert.ok(await page.locator('#letters-preview .letter-section').first().locator('li').count() > 0,
      'the agenda block holds the network\'s events');
    assert.ok((await page.textContent('#letters-text')).includes('/evenements/'), 'the text part links the events');
    await axe(page, 'preview (phone)');
    await clickAndSettle(page, submitOf('form#letters-test'));
    assert.ok((await page.content()).includes('Un exemplaire de test'));
    await axe(page, 'preview after the test send (phone)');
    await page.goto(page.url().replace(/\/apercu$/, '/apercu/courriel'));
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    await axe(page, 'the email as it renders (phone)');
    await screenshot(page, 'letters-email-phone');
  } finally {
    await context.close();
  }
});

test('a subscriber leaves the list from the link of her email', { skip: !maildir() && 'no SMTP sink (run via scripts/test.sh)' }, async () => {
  const base = server.base;
  const mail = await waitForEmail('lectrice@demo.maillage.fr', { timeoutMs: 30_000 });
  assert.match(mail.subject, /La lettre du réseau/);
  const url = extractUrl(mail, /https?:\/\/[^\s>"]+\/lettres\/desinscription\?[^\s>"]+/);
  assert.ok(url.startsWith(base));
  const context = await browser.newContext({ locale: 'fr-FR', bypassCSP: true, viewport: { width: 375, height: 740 } });
  const page = await context.newPage();
  try {
    const r = await page.goto(url);
    assert.equal(r.status(), 200);
    await axe(page, 'unsubscription page (phone)');
    await clickAndSettle(page, submitOf('form#letters-unsubscribe'));
    assert.ok((await page.content()).includes('Vous ne recevrez plus'));
    await axe(page, 'unsubscribed (phone)');
  } finally {
    await context.close();
  }
});
