// SPDX-License-Identifier: AGPL-3.0-or-later
// Issue 17 point 5 on a phone (390 × 844): the Riez manager opens the meeting room's week,
// chooses a start and an end on the grid, types a few letters of a member's name, picks her
// among the suggestions the page's script fetched (GET /api/v1/places/{id}/members), and books
// in her name; the booking is hers. axe-core on each step; no CSP violation (the script is a
// file of /static, no inline script).
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
const MEMBER = 'membre@demo.maillage.fr';
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
  return (await page.locator('body').innerText().catch(() => '')).slice(0, 2000);
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

test('a manager books a member through the autocomplete on a phone', async (t) => {
  // bypassCSP only for axe's injected script; the CSP itself is checked by the console below.
  const context = await browser.newContext({ locale: 'fr-FR', bypassCSP: true, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  const step = (title, fn) => t.test(title, async (st) => {
    if (failed) { st.skip('an earlier step failed'); return; }
    try { await fn(); } catch (e) {
      failed = true;
      await screenshot(page, `booking-grid-failed-${title.split(' ')[0]}`);
      throw e;
    }
  });
  let spaceUrl = '';
  try {
    await step('log in as the Riez manager', () => login(page, MANAGER));

    await step('open the meeting room, next week', async () => {
      const resp = await page.goto(`${server.base}/lieux/tiers-lieu-de-riez/espaces`);
      assert.equal(resp.status(), 200);
      await clickAndSettle(page, '#spaces a:has-text("Salle de réunion")');
      await clickAndSettle(page, '.week-nav a:has-text("Semaine suivante")');
      spaceUrl = page.url();
      assert.match(spaceUrl, /\/espaces\/\d+\?semaine=/);
      // The place closes at lunch: the room's slots stop at 12:00 and resume at 14:00.
      const labels = await page.locator('#week .slot-time').allInnerTexts();
      assert.ok(labels.includes('09:00–10:00'), labels.join(' '));
      assert.ok(!labels.includes('13:00–14:00'), `no lunchtime slot: ${labels.join(' ')}`);
      await axe(page, 'week of the meeting room (phone, manager)');
    });

    await step('choose 9:00 as the start and 11:00 as the end', async () => {
      await clickAndSettle(page, '#week a.slot-start >> nth=0');
      await page.waitForSelector('#book-range');
      const start = await page.locator('#range-h').innerText();
      assert.match(start, /09:00/, start);
      await page.locator('#book-range label:has-text("11:00") input[name=ends_ms]').check();
      await screenshot(page, 'booking-grid-range-phone');
      await axe(page, 'end step (phone)');
    });

    await step('type a few letters and pick the member among the suggestions', async () => {
      const field = page.locator('#r-member');
      await field.click();
      await field.pressSequentially('noé', { delay: 60 });
      // The script fills the datalist from the JSON endpoint (ten at most).
      await page.waitForFunction(() => document.querySelectorAll('#r-member-list option').length > 0, null, { timeout: 10_000 });
      const options = await page.locator('#r-member-list option').evaluateAll((os) => os.map((o) => ({ value: o.value, label: o.label })));
      assert.ok(options.length <= 10, `at most ten: ${options.length}`);
      const noe = options.find((o) => o.label.startsWith('Noé Membre'));
      assert.ok(noe, `Noé among ${JSON.stringify(options)}`);
      assert.equal(noe.value, MEMBER);
      // Picking a suggestion puts its value (the address) in the field, as the browser does.
      await field.fill(noe.value);
      await axe(page, 'member field with suggestions (phone)');
    });

    await step('book in her name', async () => {
      const r = await clickAndSettle(page, submitOf('#book-range'));
      assert.ok(r.status() < 400, `booking answered ${r.status()}: ${await bodyText(page)}`);
      await page.waitForURL(/\/admin\/lieux\/\d+\/reservations\?jour=/, { timeout: 10_000 });
      const text = await bodyText(page);
      assert.ok(text.includes('Noé Membre'), text);
      assert.ok(text.includes('09:00–11:00'), text);
      await screenshot(page, 'booking-grid-booked-phone');
      await axe(page, 'place calendar after booking (phone)');
    });

    await step('no CSP violation on the way (the script is a file of /static)', async () => {
      // (A missing favicon is another matter: only the policy's refusals count here.)
      assert.deepEqual(consoleErrors.filter((m) => /Content Security Policy|Refused to/i.test(m)), []);
    });
  } finally {
    await context.close();
  }
});
