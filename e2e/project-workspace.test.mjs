// SPDX-License-Identifier: AGPL-3.0-or-later
// The holder of the demo project opens its workspace, creates a focus group in one click, adds
// a stakeholder (contact details refused without a consent date, then accepted), reads the
// timeline; axe-core on every workspace page (desktop and phone); a visitor gets no workspace.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  BIN, ROOT, clickAndSettle, launchBrowser, screenshot, signIn, startServer, submitOf,
} from './server.mjs';

const AXE = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const HOLDER = 'animatrice@demo.maillage.fr';
const PASSWORD = 'demo-maillage-2026';
const SLUG = 'tiers-lieu-de-buis-les-baronnies';

let server;
let browser;
let failed = false;

before(async () => {
  server = await startServer();
  const r = spawnSync(BIN, ['demo'], { cwd: ROOT, env: server.env, encoding: 'utf8' });
  assert.equal(r.status, 0, `maillage demo failed:\n${r.stdout}\n${r.stderr}`);
  browser = await launchBrowser();
});

after(async () => {
  if (failed && server) console.error(`--- server log (tail) ---\n${server.log().split('\n').slice(-80).join('\n')}`);
  await browser?.close();
  await server?.stop();
});

async function bodyText(page) {
  return (await page.locator('body').innerText().catch(() => '')).slice(0, 3000);
}

async function axe(page, label) {
  await page.addScriptTag({ path: AXE });
  const results = await page.evaluate(async (tags) =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), TAGS);
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const text = bad.map((v) => `  [${v.impact}] ${v.id}: ${v.help}\n${v.nodes.slice(0, 5).map((n) => `    - ${n.target.join(' ')}`).join('\n')}`).join('\n');
  assert.equal(bad.length, 0, `axe on ${label}:\n${text}`);
}

async function login(page, base) {
  await signIn(page, base, HOLDER, PASSWORD);
}

test('a holder works in the project workspace', async (t) => {
  const context = await browser.newContext({ locale: 'fr-FR', bypassCSP: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const cspErrors = [];
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text()); });
  const step = (title, fn) => t.test(title, async (st) => {
    if (failed) { st.skip('an earlier step failed'); return; }
    try { await fn(); } catch (e) {
      failed = true;
      await screenshot(page, `workspace-failed-${title.split(' ')[0]}`);
      throw e;
    }
  });
  const base = server.base;
  try {
    await step('open the workspace from the project page', async () => {
      await login(page, base);
      await page.goto(`${base}/projets/${SLUG}`);
      await clickAndSettle(page, '#workspace-link a');
      assert.equal(new URL(page.url()).pathname, `/projets/${SLUG}/espace`);
      assert.match(await page.locator('h1').innerText(), /Espace de travail/);
      await axe(page, 'workspace (desktop)');
    });

    await step('create the focus group of the café in one click', async () => {
      await clickAndSettle(page, '#group-buttons button:has-text("« café »")');
      assert.match(new URL(page.url()).pathname, /^\/groupes\/usage-cafe/, await bodyText(page));
      await page.goto(`${base}/projets/${SLUG}/espace`);
      assert.match(await page.locator('#project-groups').innerText(), /Usage « café »/);
      assert.equal(await page.locator('#group-buttons button:has-text("« café »")').count(), 0);
      await screenshot(page, 'workspace-groups');
    });

    await step('add a stakeholder: consent required for contact details', async () => {
      await page.goto(`${base}/projets/${SLUG}/parties-prenantes`);
      await page.fill('form#stakeholder-form #name', 'Maire de Buis');
      await page.fill('form#stakeholder-form #role', 'Élue référente');
      await page.fill('form#stakeholder-form #email', 'mairie@buis.example.org');
      await clickAndSettle(page, submitOf('form#stakeholder-form'));
      assert.match(await page.locator('#consent_on-error').innerText(), /date du consentement/);
      await axe(page, 'stakeholders with errors');
      await page.fill('form#stakeholder-form #consent_on', '2025-03-01');
      await clickAndSettle(page, submitOf('form#stakeholder-form'));
      const list = await page.locator('#stakeholders').innerText();
      assert.match(list, /Maire de Buis/);
      assert.match(list, /mairie@buis\.example\.org/);
      await axe(page, 'stakeholders');
    });

    await step('the timeline tells what happened', async () => {
      await page.goto(`${base}/projets/${SLUG}/chronologie`);
      const text = await page.locator('#timeline').innerText();
      assert.match(text, /Partie prenante ajoutée : Maire de Buis/);
      assert.match(text, /Projet « Tiers-lieu de Buis-les-Baronnies » créé/);
      await axe(page, 'timeline');
    });

    await step('axe on the other workspace pages (phone)', async () => {
      await page.setViewportSize({ width: 375, height: 740 });
      for (const p of ['espace', 'membres', 'phases', 'parties-prenantes', 'financement', 'documents']) {
        const r = await page.goto(`${base}/projets/${SLUG}/${p}`);
        assert.equal(r.status(), 200, p);
        await axe(page, `${p} (phone)`);
      }
      await page.goto(`${base}/projets/${SLUG}/financement`);
      const href = await page.locator('#applications a').first().getAttribute('href');
      await page.goto(`${base}${href}`);
      assert.match(new URL(page.url()).pathname, /\/financement\/dossiers\/\d+$/);
      await axe(page, 'funding application (phone)');
      await screenshot(page, 'workspace-phone');
    });

    await step('a visitor gets no workspace', async () => {
      const visitor = await browser.newContext({ locale: 'fr-FR', bypassCSP: true });
      try {
        const vp = await visitor.newPage();
        await vp.goto(`${base}/projets/${SLUG}/parties-prenantes`);
        const text = await bodyText(vp);
        assert.doesNotMatch(text, /mairie@buis/);
      } finally {
        await visitor.close();
      }
    });
  } finally {
    await context.close();
  }
  assert.deepEqual(cspErrors, [], 'no CSP violation');
});
