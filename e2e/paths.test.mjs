// SPDX-License-Identifier: AGPL-3.0-or-later
// Learning paths and the satisfaction questionnaire (issue 19 points 3, 4 and 9), in the demo:
// the member finds the network's path from its portal on a phone and sees the step the past
// session completed; the questionnaire that session sent by email is answered without
// signing in; the network's animator reads the results and opens the path's form. axe-core
// on each page.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { simpleParser } from 'mailparser';
import {
  BIN, ROOT, clickAndSettle, launchBrowser, maildir, screenshot, signIn, startServer, submitOf,
} from './server.mjs';

const AXE = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const PASSWORD = 'demo-maillage-2026';
const PHONE = { width: 375, height: 740 };
const DESKTOP = { width: 1280, height: 800 };

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

async function signedIn(email, viewport = PHONE) {
  const context = await browser.newContext({ locale: 'fr-FR', bypassCSP: true, viewport });
  const page = await context.newPage();
  await signIn(page, server.base, email, PASSWORD);
  return { context, page };
}

/** The link of the questionnaire this server sent to `to` (the SMTP sink's Maildir). */
async function surveyLink(to, timeoutMs = 30_000) {
  const dir = maildir();
  assert.ok(dir, 'MAILLAGE_TEST_MAILDIR is set (run via scripts/test.sh)');
  const want = new RegExp(`${server.base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/avis/[A-Za-z0-9_-]+`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const sub of ['new', 'cur']) {
      let names = [];
      try { names = fs.readdirSync(path.join(dir, sub)); } catch { continue; }
      for (const name of names) {
        const raw = fs.readFileSync(path.join(dir, sub, name));
        if (!raw.toString('latin1').toLowerCase().includes(to)) continue;
        const mail = await simpleParser(raw);
        const m = (mail.text || '').match(want);
        if (m && (mail.subject || '').startsWith('Votre avis')) return m[0];
      }
    }
    if (Date.now() > deadline) throw new Error(`no questionnaire from ${server.base} to ${to}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

test('the member follows the network path from its portal on a phone (axe)', async () => {
  const { context, page } = await signedIn('membre@demo.maillage.fr');
  try {
    await page.goto(`${server.base}/reseaux/reseau-sud-tiers-lieux/formations`);
    await clickAndSettle(page, '#training-paths a');
    assert.match(page.url(), /\/parcours\/parcours-formateur-rice-de-tiers-lieu$/);
    assert.match(await page.textContent('#path-progress'), /1 étape\(s\) obligatoire\(s\) terminée\(s\) sur 2/);
    assert.equal(await page.getAttribute('#path-step-1 [data-done]', 'data-done'), 'true');
    assert.equal(await page.getAttribute('#path-step-2 [data-done]', 'data-done'), 'false');
    await screenshot(page, 'path-phone');
    await axe(page, 'parcours (phone)');
  } finally {
    await context.close();
  }
});

test('the questionnaire of the past session is answered without signing in (phone, axe)', async () => {
  const link = await surveyLink('membre@demo.maillage.fr');
  const context = await browser.newContext({ locale: 'fr-FR', bypassCSP: true, viewport: PHONE });
  try {
    const page = await context.newPage();
    const resp = await page.goto(link);
    assert.equal(resp.status(), 200);
    await axe(page, 'questionnaire (phone)');
    for (const [q, n] of [['overall', 5], ['objectives', 4], ['content', 4], ['trainer', 5], ['organisation', 3]]) {
      await page.check(`#${q}-${n}`);
    }
    await page.check('#recommend-oui');
    await page.fill('#comment', 'Des exemples très concrets.');
    await clickAndSettle(page, submitOf('#survey-form'));
    assert.match(await page.textContent('main'), /Merci pour votre avis/);
    assert.equal(await page.isChecked('#overall-5'), true, 'the answers stay, to be changed');
    await screenshot(page, 'survey-phone');
  } finally {
    await context.close();
  }
});

test('the animator reads the results and opens the path form (desktop, axe)', async () => {
  const { context, page } = await signedIn('animatrice@demo.maillage.fr', DESKTOP);
  try {
    const resp = await page.goto(`${server.base}/formations/formation-de-formateurs-en-tiers-lieux/avis`);
    assert.equal(resp.status(), 200);
    assert.match(await page.textContent('#survey-rate'), /1 réponse\(s\) sur 2 questionnaire\(s\)/);
    assert.match(await page.textContent('#survey-comments'), /Des exemples très concrets/);
    await axe(page, 'résultats des avis');
    await page.goto(`${server.base}/parcours/parcours-formateur-rice-de-tiers-lieu/modifier`);
    assert.equal(await page.inputValue('#title'), 'Parcours formateur·rice de tiers-lieu');
    await axe(page, 'formulaire de parcours');
    await screenshot(page, 'path-form-desktop');
  } finally {
    await context.close();
  }
});

test('a person finds a training in the portal and registers to its session (phone)', async () => {
  const { context, page } = await signedIn('animatrice@demo.maillage.fr');
  try {
    await page.goto(`${server.base}/formations`);
    await page.fill('#training-filters #q', 'fabrication numerique');
    await clickAndSettle(page, submitOf('#training-filters'));
    assert.match(await page.textContent('#result-count'), /^1 /);
    await clickAndSettle(page, '#training-list h3 a');
    assert.match(page.url(), /\/formations\/initiation-a-la-fabrication-numerique$/);
    await clickAndSettle(page, '#training-sessions a.button');
    assert.match(page.url(), /\/evenements\/\d+$/);
    await clickAndSettle(page, submitOf('form#register'));
    assert.match(await page.textContent('main'), /Inscription confirmée/);
    await screenshot(page, 'training-registered-phone');
  } finally {
    await context.close();
  }
});
