// SPDX-License-Identifier: AGPL-3.0-or-later
// Rich text that stays rich (issue 17 point 6): the network's animator plans a meeting of her
// commission and writes its minutes with the editor's toolbar (bold, list, link) and the
// keyboard, under the real CSP; the preview shows them formatted, the page too, and the form
// opened again holds Markdown, never tags. axe-core on the meeting page with the editor.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  BIN, ROOT, clickAndSettle, launchBrowser, screenshot, signIn, startServer, submitOf,
} from './server.mjs';

const AXE = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const ANIMATOR = 'animatrice@demo.maillage.fr';
const PASSWORD = 'demo-maillage-2026';
const COMMISSION = '/groupes/commission-accompagnement-des-projets';

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
  await signIn(page, base, ANIMATOR, PASSWORD);
}

test('an animator writes minutes with the toolbar and sees them formatted', async (t) => {
  // The real CSP (no bypass): the editor must work under `script-src 'self'`.
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const cspErrors = [];
  const pageErrors = [];
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text()); });
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  const step = (title, fn) => t.test(title, async (st) => {
    if (failed) { st.skip('an earlier step failed'); return; }
    try { await fn(); } catch (e) {
      failed = true;
      await screenshot(page, `editor-failed-${title.split(' ')[0]}`);
      throw e;
    }
  });
  const base = server.base;
  let meetingUrl = '';
  const ta = 'form#minutes-form #minutes-text';
  const toolbar = 'form#minutes-form .rich-toolbar';
  try {
    await step('login as the animator and plan a meeting of her commission', async () => {
      await login(page, base);
      await page.goto(`${base}${COMMISSION}`);
      await page.fill('form#meeting-create #m-title', 'Point d\'étape des projets');
      await page.fill('form#meeting-create #m-date', '2031-05-06');
      await page.fill('form#meeting-create #m-start', '14:00');
      await page.fill('form#meeting-create #m-end', '16:00');
      await clickAndSettle(page, submitOf('form#meeting-create'));
      meetingUrl = new URL(page.url()).pathname;
      assert.match(meetingUrl, /^\/reunions\/\d+$/, await bodyText(page));
    });

    await step('the textarea gets a toolbar, reachable with one tab stop and the arrows', async () => {
      await page.waitForSelector(`${toolbar}[role=toolbar]`);
      const names = await page.locator(`${toolbar} button`).allInnerTexts();
      assert.deepEqual(names, ['Gras', 'Italique', 'Intertitre', 'Liste', 'Liste numérotée', 'Lien', 'Aperçu']);
      const tabbable = await page.locator(`${toolbar} button[tabindex="0"]`).count();
      assert.equal(tabbable, 1, 'one tab stop in the toolbar');
      await page.focus(`${toolbar} button[data-md=bold]`);
      await page.keyboard.press('ArrowRight');
      assert.equal(await page.evaluate(() => document.activeElement.dataset.md), 'italic');
      await page.keyboard.press('End');
      assert.equal(await page.evaluate(() => document.activeElement.dataset.md), 'preview');
    });

    await step('write with the toolbar: bold, a list, a link', async () => {
      await page.click(ta);
      await page.keyboard.type('Bilan de la commission');
      // Select "commission" and make it bold with the toolbar.
      await page.evaluate((sel) => {
        const el = document.querySelector(sel);
        const i = el.value.indexOf('commission');
        el.setSelectionRange(i, i + 'commission'.length);
      }, ta);
      await page.click(`${toolbar} button[data-md=bold]`);
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Enter');
      await page.keyboard.type('le diagnostic de Riez');
      await page.keyboard.press('Enter');
      await page.keyboard.type('la fiche accueil');
      // Select both lines and make them a list.
      await page.evaluate((sel) => {
        const el = document.querySelector(sel);
        const i = el.value.indexOf('le diagnostic');
        el.setSelectionRange(i, el.value.length);
      }, ta);
      await page.click(`${toolbar} button[data-md=list]`);
      // A link on "fiche accueil": the address comes selected, typed over.
      await page.evaluate((sel) => {
        const el = document.querySelector(sel);
        const i = el.value.indexOf('fiche accueil');
        el.setSelectionRange(i, i + 'fiche accueil'.length);
      }, ta);
      await page.click(`${toolbar} button[data-md=link]`);
      await page.keyboard.type('https://exemple.fr/fiche');
      // Ctrl+I in the textarea: italics around a placeholder, typed over.
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Enter');
      await page.keyboard.type('Visite le ');
      await page.keyboard.press('Control+i');
      await page.keyboard.type('12 juin');
      const value = await page.inputValue(ta);
      assert.equal(value, 'Bilan de la **commission**\n\n- le diagnostic de Riez\n- la [fiche accueil](https://exemple.fr/fiche)\n\nVisite le *12 juin*');
    });

    await step('the preview shows the text formatted, and goes back to the textarea', async () => {
      await page.click(`${toolbar} button[data-md=preview]`);
      const preview = page.locator('form#minutes-form .rich-preview');
      await preview.locator('li').first().waitFor({ timeout: 10_000 });
      assert.equal(await page.getAttribute(`${toolbar} button[data-md=preview]`, 'aria-pressed'), 'true');
      assert.equal(await page.isVisible(ta), false, 'the textarea is hidden behind the preview');
      assert.equal(await preview.locator('strong').innerText(), 'commission');
      assert.deepEqual(await preview.locator('li').allInnerTexts(), ['le diagnostic de Riez', 'la fiche accueil']);
      assert.equal(await preview.locator('a').getAttribute('href'), 'https://exemple.fr/fiche');
      assert.equal(await page.locator(`${toolbar} button[data-md=bold]`).isDisabled(), true);
      await screenshot(page, 'editor-preview');
      await page.click(`${toolbar} button[data-md=preview]`);
      assert.equal(await page.isVisible(ta), true);
      assert.equal(await preview.isVisible(), false);
    });

    await step('saved, the minutes are formatted on the page; the form holds Markdown', async () => {
      await page.check('form#minutes-form input[name=minutes_visibility][value=public]');
      await clickAndSettle(page, submitOf('form#minutes-form'));
      const minutes = page.locator('#minutes');
      assert.equal(await minutes.locator('strong').innerText(), 'commission');
      assert.deepEqual(await minutes.locator('li').allInnerTexts(), ['le diagnostic de Riez', 'la fiche accueil']);
      assert.equal(await minutes.locator('a').getAttribute('href'), 'https://exemple.fr/fiche');
      assert.equal(await minutes.locator('em').innerText(), '12 juin');
      assert.doesNotMatch(await minutes.innerText(), /\*\*|<p>/);
      const value = await page.inputValue(ta);
      assert.doesNotMatch(value, /<p>|<br|<li>|<strong>/, `no tag in the textarea: ${value}`);
      assert.match(value, /\*\*commission\*\*/);
      assert.match(value, /- le diagnostic de Riez/);
      await screenshot(page, 'editor-minutes-saved');
    });

    await step('an old text stored as HTML opens as Markdown', async () => {
      // The demo's groups were described in HTML, before the editor.
      const r = await page.goto(`${base}${COMMISSION}`);
      assert.equal(r.status(), 200);
      const purpose = await page.inputValue('#e-purpose');
      assert.doesNotMatch(purpose, /<p>/, purpose);
      assert.match(purpose, /^Suivi des projets de tiers-lieux/);
    });

    assert.deepEqual(cspErrors, [], 'no CSP violation');
    assert.deepEqual(pageErrors, [], 'no script error');
  } finally {
    await context.close();
  }

  await t.test('axe on the meeting page with the editor, its preview open (desktop and phone)', async (st) => {
    if (failed) { st.skip('an earlier step failed'); return; }
    for (const viewport of [{ width: 1280, height: 900 }, { width: 375, height: 740 }]) {
      const ctx = await browser.newContext({ locale: 'fr-FR', bypassCSP: true, viewport });
      try {
        const p = await ctx.newPage();
        await login(p, base);
        await p.goto(`${base}${meetingUrl}`);
        await p.waitForSelector(`${toolbar}[role=toolbar]`);
        await axe(p, `${meetingUrl} (${viewport.width}px)`);
        await p.click(`${toolbar} button[data-md=preview]`);
        await p.locator('form#minutes-form .rich-preview li').first().waitFor({ timeout: 10_000 });
        await axe(p, `${meetingUrl} with the preview (${viewport.width}px)`);
      } finally {
        await ctx.close();
      }
    }
  });
});
