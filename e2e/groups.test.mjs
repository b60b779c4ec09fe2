// SPDX-License-Identifier: AGPL-3.0-or-later
// A place manager creates a club, plans a meeting with an agenda, writes minutes and publishes
// them; a visitor reads the public minutes; axe-core on the group and meeting pages (phone and
// desktop).
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

test('a manager creates a club, plans a meeting, publishes minutes; a visitor reads them', async (t) => {
  const context = await browser.newContext({ locale: 'fr-FR', bypassCSP: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const cspErrors = [];
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text()); });
  const step = (title, fn) => t.test(title, async (st) => {
    if (failed) { st.skip('an earlier step failed'); return; }
    try { await fn(); } catch (e) {
      failed = true;
      await screenshot(page, `groups-failed-${title.split(' ')[0]}`);
      throw e;
    }
  });
  const base = server.base;
  let groupUrl = '';
  let meetingUrl = '';
  try {
    await step('login as the Riez manager', async () => {
      await signIn(page, base, MANAGER, PASSWORD);
    });

    await step('create a club', async () => {
      await page.goto(`${base}/groupes`);
      await page.click('a[href="/groupes/nouveau"]');
      await page.waitForSelector('form#group-create');
      await page.selectOption('form#group-create #scope', { label: 'Tiers-lieu de Riez' });
      await page.fill('form#group-create #name', 'Club Jardin partagé');
      await page.selectOption('form#group-create #kind', 'club');
      await page.fill('form#group-create #purpose', 'Cultiver ensemble le jardin du tiers-lieu.');
      await page.check('form#group-create input[name=visibility][value=public]');
      await clickAndSettle(page, submitOf('form#group-create'));
      groupUrl = new URL(page.url()).pathname;
      assert.equal(groupUrl, '/groupes/club-jardin-partage', await bodyText(page));
      const text = await bodyText(page);
      assert.match(text, /Présidence par intérim : Tiers-lieu de Riez/);
      await screenshot(page, 'groups-club-created');
    });

    await step('plan a meeting with an agenda', async () => {
      await page.fill('form#meeting-create #m-title', 'Plantations de printemps');
      await page.fill('form#meeting-create #m-date', '2031-04-03');
      await page.fill('form#meeting-create #m-start', '09:00');
      await page.fill('form#meeting-create #m-end', '11:00');
      await page.fill('form#meeting-create #m-room', 'Serre');
      await page.fill('form#meeting-create #m-agenda', 'Choix des semences\nCalendrier d\'arrosage');
      await clickAndSettle(page, submitOf('form#meeting-create'));
      meetingUrl = new URL(page.url()).pathname;
      assert.match(meetingUrl, /^\/reunions\/\d+$/, await bodyText(page));
      const items = await page.locator('#agenda li').allInnerTexts();
      assert.deepEqual(items, ['Choix des semences', 'Calendrier d\'arrosage']);
      assert.match(await page.locator('#meeting-when').innerText(), /03\/04\/2031 à 09:00 – 11:00/);
    });

    await step('write the minutes and publish them', async () => {
      await page.fill('form#minutes-form #minutes-text', 'Semis de tomates le 15 avril.\nArrosage par roulement.');
      await page.check('form#minutes-form input[name=minutes_visibility][value=public]');
      await clickAndSettle(page, submitOf('form#minutes-form'));
      assert.match(await page.locator('#minutes').innerText(), /Semis de tomates le 15 avril/);
      await page.fill('form#decision-add #decision-text', 'Le jardin est ouvert le samedi matin.');
      await clickAndSettle(page, submitOf('form#decision-add'));
      assert.match(await page.locator('#decision-list').innerText(), /samedi matin/);
      await screenshot(page, 'groups-meeting-manager');
    });

    await step('axe on the group and meeting pages (manager, desktop)', async () => {
      await page.goto(`${base}${groupUrl}`);
      await axe(page, `${groupUrl} (manager)`);
      await page.goto(`${base}${meetingUrl}`);
      await axe(page, `${meetingUrl} (manager)`);
    });

    await step('a visitor reads the public minutes (phone), axe finds nothing serious', async () => {
      const visitor = await browser.newContext({ locale: 'fr-FR', bypassCSP: true, viewport: { width: 375, height: 740 } });
      try {
        const vp = await visitor.newPage();
        const resp = await vp.goto(`${base}${meetingUrl}`);
        assert.equal(resp.status(), 200);
        assert.match(await vp.locator('#minutes').innerText(), /Semis de tomates le 15 avril/);
        assert.equal(await vp.locator('form#minutes-form').count(), 0, 'no minutes form for visitors');
        await screenshot(vp, 'groups-meeting-visitor-phone');
        await axe(vp, `${meetingUrl} (visitor, phone)`);
        await vp.goto(`${base}${groupUrl}`);
        await axe(vp, `${groupUrl} (visitor, phone)`);
        await vp.goto(`${base}/groupes/club-d-hotes`);
        await axe(vp, '/groupes/club-d-hotes (visitor, phone)');
      } finally {
        await visitor.close();
      }
    });
  } finally {
    await context.close();
  }
  assert.deepEqual(cspErrors, [], 'no CSP violation');
});
