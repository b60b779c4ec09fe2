// SPDX-License-Identifier: AGPL-3.0-or-later
// Project support (issue 7) in the browser: a network's animatrice creates a project, edits
// the Social Business Canvas twice and compares the versions, opens the print page, organizes
// a public workshop; a visitor on a phone reads the Buis-les-Baronnies public page (phases,
// current step, coming workshop) and registers; the advisor's dashboard; axe-core on the
// project list, project page, canvas, versions, print, funding, public page and dashboard.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  BIN, ROOT, clickAndSettle, launchBrowser, screenshot, signIn, startServer, submitOf,
} from './server.mjs';

const AXE = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const ANIMATRICE = 'animatrice@demo.maillage.fr';
const VISITOR = 'gerant.riez@demo.maillage.fr';
const PASSWORD = 'demo-maillage-2026';
const BUIS = '/projets/tiers-lieu-de-buis-les-baronnies';

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

async function login(page, email) {
  await signIn(page, server.base, email, PASSWORD);
}

test('a project from creation to its public page, its canvas and the advisor dashboard', async (t) => {
  const context = await browser.newContext({ locale: 'fr-FR', bypassCSP: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const cspErrors = [];
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text()); });
  const step = (title, fn) => t.test(title, async (st) => {
    if (failed) { st.skip('an earlier step failed'); return; }
    try { await fn(); } catch (e) {
      failed = true;
      await screenshot(page, `projects-failed-${title.split(' ')[0]}`);
      throw e;
    }
  });
  const base = server.base;
  let projectUrl = '';
  try {
    await step('login as the network animatrice', async () => {
      await login(page, ANIMATRICE);
    });

    await step('create a project in the browser', async () => {
      await page.goto(`${base}/projets`);
      await axe(page, '/projets');
      await page.click('a[href="/projets/nouveau"]');
      await page.waitForSelector('form#project-create');
      await page.fill('form#project-create #name', 'Tiers-lieu de Mollans');
      await page.fill('form#project-create #communes', 'Mollans-sur-Ouvèze');
      await page.fill('form#project-create #holders', 'Commune de Mollans-sur-Ouvèze\nAssociation Les Ateliers');
      await page.fill('form#project-create #uses', 'coworking\nfablab');
      await page.selectOption('form#project-create #network_id', { label: 'Réseau Sud Tiers-Lieux' });
      await page.check('form#project-create input[name=public]');
      await clickAndSettle(page, submitOf('form#project-create'));
      projectUrl = new URL(page.url()).pathname;
      assert.equal(projectUrl, '/projets/tiers-lieu-de-mollans', await bodyText(page));
      assert.equal(await page.locator('#phases > li').count(), 4);
      assert.match(await page.locator('#current-phase').innerText(), /1\. Diagnostic/);
      await axe(page, `${projectUrl} (holder)`);
    });

    await step('edit the canvas twice and compare the versions', async () => {
      await page.goto(`${base}${projectUrl}/canevas`);
      await page.fill('#block-social_problem', 'Aucun lieu pour travailler au village.');
      await page.fill('#block-solution', 'Un coworking dans l\'ancienne école.');
      await clickAndSettle(page, submitOf('form#canvas-form'));
      assert.match(await page.locator('.flash').innerText(), /Nouvelle version/);
      await page.fill('#block-solution', 'Un coworking et un fablab dans l\'ancienne école.');
      await page.fill('#block-impact', 'Dix postes de travail occupés.');
      await clickAndSettle(page, submitOf('form#canvas-form'));
      assert.equal(await page.inputValue('#block-solution'), 'Un coworking et un fablab dans l\'ancienne école.');
      await axe(page, `${projectUrl}/canevas`);
      await page.goto(`${base}${projectUrl}/canevas/versions`);
      const changes = page.locator('#changes');
      await changes.waitFor();
      const headings = await changes.locator('h3').allInnerTexts();
      assert.deepEqual(headings, ['Solution', 'Mesure d\'impact'], 'only the changed blocks');
      assert.equal(await changes.locator('del').first().innerText(), 'Un coworking dans l\'ancienne école.');
      assert.equal(await changes.locator('ins').first().innerText(), 'Un coworking et un fablab dans l\'ancienne école.');
      await axe(page, `${projectUrl}/canevas/versions`);
      await screenshot(page, 'projects-canvas-versions');
    });

    await step('the print page shows the latest canvas', async () => {
      await page.goto(`${base}${projectUrl}/canevas/imprimer`);
      const canvas = await page.locator('#canvas').innerText();
      assert.match(canvas, /Un coworking et un fablab/);
      assert.match(canvas, /Aucun lieu pour travailler/);
      await page.emulateMedia({ media: 'print' });
      await screenshot(page, 'projects-canvas-print');
      await page.emulateMedia({ media: 'screen' });
      await axe(page, `${projectUrl}/canevas/imprimer`);
    });

    await step('the funding page', async () => {
      await page.goto(`${base}${BUIS}/financement`);
      assert.match(await page.locator('#granted-total').innerText(), /121\s801,85\s€/);
      await axe(page, `${BUIS}/financement`);
    });

    await step('organize a public workshop for the new project, edit its public page', async () => {
      await page.goto(`${base}${projectUrl}/ateliers`);
      await page.fill('form#workshop-form #title', 'Atelier : quel fablab pour Mollans ?');
      await page.selectOption('form#workshop-form #kind', 'atelier');
      await page.fill('form#workshop-form #date', '2031-04-10');
      await page.fill('form#workshop-form #start', '18:30');
      await page.fill('form#workshop-form #end', '20:00');
      await page.fill('form#workshop-form #address', 'Ancienne école, Mollans-sur-Ouvèze');
      await page.fill('form#workshop-form #capacity', '12');
      await axe(page, `${projectUrl}/ateliers`);
      await clickAndSettle(page, submitOf('form#workshop-form'));
      assert.equal(new URL(page.url()).pathname, projectUrl, await bodyText(page));
      assert.match(await page.locator('#workshops').innerText(), /quel fablab pour Mollans/);
      assert.match(await page.locator('#workshops').innerText(), /jeudi 10 avril 2031/);
      await page.goto(`${base}${projectUrl}/page-publique`);
      await page.fill('form#public-page-form #contact_email', 'contact@mollans.example.org');
      await page.fill('form#public-page-form #participate', '<p>Venez à l\'atelier du 10 avril.</p>');
      await axe(page, `${projectUrl}/page-publique`);
      await clickAndSettle(page, submitOf('form#public-page-form'));
      assert.match(await page.locator('#participate').innerText(), /atelier du 10 avril/);
      assert.match(await page.locator('#contacts').innerText(), /contact@mollans\.example\.org/);
    });

    await step('the advisor dashboard lists the followed projects', async () => {
      await page.goto(`${base}/projets/suivi`);
      const list = await page.locator('#followed-projects').innerText();
      assert.match(list, /Tiers-lieu de Buis-les-Baronnies/);
      assert.match(list, /Tiers-lieu de Mollans/);
      assert.match(list, /Phase en cours : 2\. Préfiguration et faisabilité/);
      await axe(page, '/projets/suivi');
      await screenshot(page, 'projects-dashboard');
    });

    await step('a visitor reads the Buis public page on a phone and registers to the workshop', async () => {
      const visitor = await browser.newContext({ locale: 'fr-FR', bypassCSP: true, viewport: { width: 375, height: 740 } });
      try {
        const vp = await visitor.newPage();
        vp.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text()); });
        const resp = await vp.goto(`${base}${BUIS}`);
        assert.equal(resp.status(), 200);
        assert.equal(await vp.locator('#phases > li').count(), 4);
        assert.match(await vp.locator('#phases > li[aria-current=step]').innerText(), /Préfiguration et faisabilité/);
        assert.match(await vp.locator('#workshops').innerText(), /Atelier collectif : articuler les usages/);
        assert.match(await vp.locator('#participate').innerText(), /focus groupe/);
        assert.equal(await vp.locator('#funding-summary').count(), 0, 'funding is for holders and advisors');
        await axe(vp, `${BUIS} (visitor, phone)`);
        await screenshot(vp, 'projects-public-phone');
        await login(vp, VISITOR);
        await vp.goto(`${base}${BUIS}`);
        const card = vp.locator('#workshops li', { hasText: 'Atelier collectif' });
        await clickAndSettle(vp, '#workshops li:has-text("Atelier collectif") form button[type=submit]');
        assert.match(new URL(vp.url()).pathname, /^\/evenements\/\d+$/);
        await vp.goto(`${base}${BUIS}`);
        assert.match(await card.locator('.registered').innerText(), /Vous êtes inscrit·e/);
        await axe(vp, `${BUIS} (registered visitor, phone)`);
      } finally {
        await visitor.close();
      }
    });
  } finally {
    await context.close();
  }
  assert.deepEqual(cspErrors, [], 'no CSP violation');
});
