// SPDX-License-Identifier: AGPL-3.0-or-later
// Contact without exposing addresses (issue 18 points 5 and 10), on a phone: a member opens the
// freelancer's profile in Riez's showcase, writes to her through Maillage and lands in the
// conversation; the freelancer reads it and answers, and neither page shows the other's
// address until she chooses to share hers. The new pages are checked with axe-core.
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
const PHONE = { width: 390, height: 844 };
const MEMBER = 'membre@demo.maillage.fr';
const JULIE = 'julie.web@demo.maillage.fr';

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

async function axe(page) {
  await page.addScriptTag({ path: AXE });
  const results = await page.evaluate(async (tags) =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), TAGS);
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.equal(bad.length, 0, `${page.url()}\n` + bad.map((v) => `${v.id}: ${v.help}`).join('\n'));
}

async function fitsThePhone(page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `${page.url()} scrolls sideways by ${overflow}px`);
}

test('a member writes to the freelancer without either seeing the other address', async () => {
  let thread;
  const member = await signedIn(MEMBER);
  try {
    const { page } = member;
    await page.goto(`${server.base}/lieux/tiers-lieu-de-riez/vitrine?q=julie`);
    await clickAndSettle(page, 'a[href^="/acteurs/julie-martin"]');
    await clickAndSettle(page, '#contact a');
    assert.match(page.url(), /\/contacter$/);
    assert.match(await page.locator('.notice').innerText(), /passe par Maillage/);
    await axe(page);
    await fitsThePhone(page);
    // An empty message is refused in French, on the field.
    await clickAndSettle(page, submitOf('form#contact-form'));
    assert.match(await page.locator('#message-error').innerText(), /Écrivez un message/);
    await page.fill('#message', 'Bonjour Julie, le tiers-lieu cherche quelqu’un pour refaire son site.');
    await clickAndSettle(page, submitOf('form#contact-form'));
    assert.match(page.url(), /\/messages\/\d+$/);
    thread = page.url().replace(/^.*\/messages\//, '');
    assert.match(await page.locator('#messages').innerText(), /refaire son site/);
    assert.ok(!(await page.content()).includes(JULIE), 'her address is not shown');
    await axe(page);
    await fitsThePhone(page);
    await screenshot(page, 'contact-thread-phone');
  } finally {
    await member.context.close();
  }

  const julie = await signedIn(JULIE);
  try {
    const { page } = julie;
    await page.goto(`${server.base}/messages`);
    assert.match(await page.locator('#threads').innerText(), /Nouveau/);
    await axe(page);
    await clickAndSettle(page, `#threads a[href="/messages/${thread}"]`);
    assert.match(await page.locator('#messages').innerText(), /refaire son site/);
    assert.ok(!(await page.content()).includes(MEMBER), 'the sender address is not shown');
    await page.fill('#message', 'Avec plaisir, parlons-en.');
    await clickAndSettle(page, submitOf('form#reply-form'));
    await clickAndSettle(page, submitOf('form#share-form'));
    assert.match(await page.locator('.flash').innerText(), /visible/);
  } finally {
    await julie.context.close();
  }

  const again = await signedIn(MEMBER);
  try {
    const { page } = again;
    await page.goto(`${server.base}/messages/${thread}`);
    assert.match(await page.locator('#messages').innerText(), /Avec plaisir/);
    assert.match(await page.locator('#their-contact').innerText(), new RegExp(JULIE.replace('.', '\\.')));
  } finally {
    await again.context.close();
  }
});

test('the moderation pages of claims and skills pass axe', async () => {
  const manager = await signedIn('gerant.riez@demo.maillage.fr');
  try {
    await manager.page.goto(`${server.base}/acteurs/revendications`);
    await axe(manager.page);
  } finally {
    await manager.context.close();
  }
  const animator = await signedIn('animatrice@demo.maillage.fr');
  try {
    await animator.page.goto(`${server.base}/admin/competences`);
    assert.match(await animator.page.locator('#skills').innerText(), /menuiserie/);
    await axe(animator.page);
    await fitsThePhone(animator.page);
  } finally {
    await animator.context.close();
  }
});
