// SPDX-License-Identifier: AGPL-3.0-or-later
// A member books a seat of the Riez coworking salon in the week calendar (a start, then an
// end), finds it in
// "mes réservations", cancels it; axe-core on the calendar pages (phone and desktop), no CSP
// violation on the way.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import zlib from 'node:zlib';
import { after, before, test } from 'node:test';
import {
  BIN, ROOT, clickAndSettle, launchBrowser, screenshot, signIn, startServer, submitOf,
} from './server.mjs';

const AXE = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const MEMBER = 'membre@demo.maillage.fr';
const MANAGER = 'gerant.riez@demo.maillage.fr';
const PASSWORD = 'demo-maillage-2026';

let server;
let browser;
let failed = false;

before(async () => {
  server = await startServer();
  // The demo data (idempotent) into the server's own SQLite database.
  const r = spawnSync(BIN, ['demo'], { cwd: ROOT, env: server.env, encoding: 'utf8' });
  assert.equal(r.status, 0, `maillage demo failed:\n${r.stdout}\n${r.stderr}`);
  browser = await launchBrowser();
});

after(async () => {
  if (failed && server) console.error(`--- server log (tail) ---\n${server.log().split('\n').slice(-80).join('\n')}`);
  await browser?.close();
  await server?.stop();
});

/** A small RGB PNG (gradient), encoded with node's zlib: no fixture file needed. */
function png(w, h) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => { let c = 0xffffffff; for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const c = Buffer.alloc(4); c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr[8] = 8; ihdr[9] = 2;
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const o = y * (w * 3 + 1) + 1 + x * 3; raw[o] = x % 256; raw[o + 1] = y % 256; raw[o + 2] = 120;
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

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

test('a member books a seat in the week calendar, sees it, cancels it', async (t) => {
  // bypassCSP only for axe's injected script; a second context checks the real CSP below.
  const context = await browser.newContext({ locale: 'fr-FR', bypassCSP: true, viewport: { width: 375, height: 740 } });
  const page = await context.newPage();
  const step = (title, fn) => t.test(title, async (st) => {
    if (failed) { st.skip('an earlier step failed'); return; }
    try { await fn(); } catch (e) {
      failed = true;
      await screenshot(page, `bookings-failed-${title.split(' ')[0]}`);
      throw e;
    }
  });
  try {
    await step('log in as the demo member', () => login(page, MEMBER));

    await step('open the coworking salon from the place\'s spaces', async () => {
      const resp = await page.goto(`${server.base}/lieux/tiers-lieu-de-riez/espaces`);
      assert.equal(resp.status(), 200);
      await clickAndSettle(page, '#spaces a:has-text("Salon de coworking")');
      assert.match(page.url(), /\/espaces\/\d+/);
      // Next week: every working day is open and bookable.
      await clickAndSettle(page, '.week-nav a:has-text("Semaine suivante")');
      await screenshot(page, 'bookings-week-phone');
      const left = await page.locator('#week .slot-left').first().innerText();
      assert.match(left, /4 place\(s\) restante\(s\)/, `first slot says "${left}"`);
      await axe(page, 'week calendar (phone)');
    });

    await step('choose a start on the grid, then an end, and book', async () => {
      const first = page.locator('#week a.slot-start').first();
      const label = await first.getAttribute('aria-label');
      assert.ok(label && label.startsWith('Commencer'), label);
      await clickAndSettle(page, '#week a.slot-start >> nth=0');
      await page.waitForSelector('#book-range', { timeout: 10_000 });
      const ends = await page.locator('#book-range input[name=ends_ms]').count();
      assert.ok(ends >= 1, `ends offered: ${ends}`);
      await axe(page, 'end step (phone)');
      const r = await clickAndSettle(page, submitOf('#book-range'));
      assert.ok(r.status() < 400, `booking answered ${r.status()}: ${await bodyText(page)}`);
      await page.waitForURL(/\/reservations$/, { timeout: 10_000 });
      await screenshot(page, 'bookings-mine');
      const card = await page.locator('#my-bookings').innerText();
      assert.ok(card.includes('Salon de coworking'), `mes réservations: ${card}`);
      assert.ok(card.includes('Confirmée'), card);
      assert.ok((await page.locator('.flash').innerText()).includes('confirmée'));
      await axe(page, 'mes réservations');
    });

    await step('the slot now shows 3 seats left', async () => {
      await page.goBack();
      await page.reload();
      const left = await page.locator('#week .slot-left').first().innerText();
      assert.match(left, /3 place\(s\) restante\(s\)/, `first slot says "${left}"`);
    });

    await step('cancel from "mes réservations"', async () => {
      await page.goto(`${server.base}/reservations`);
      const r = await clickAndSettle(page, '#my-bookings form[action$="/annuler"] button >> nth=0');
      assert.ok(r.status() < 400, `cancel answered ${r.status()}`);
      await page.waitForSelector('#no-booking', { timeout: 10_000 });
      assert.ok((await page.locator('.flash').innerText()).includes('annulée'));
      await screenshot(page, 'bookings-cancelled');
    });
  } finally {
    await context.close();
  }
});

test('managers\' pages pass axe (desktop) and the real CSP', async () => {
  const context = await browser.newContext({ locale: 'fr-FR', bypassCSP: true, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  try {
    await login(page, MANAGER);
    await page.goto(`${server.base}/admin`);
    const hrefs = await page.locator('a[href^="/admin/lieux/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    const href = hrefs.find((h) => /^\/admin\/lieux\/\d+$/.test(h));
    assert.ok(href, `a place of the manager among ${hrefs.join(', ')}`);
    const id = href.split('/').pop();
    for (const p of [`/admin/lieux/${id}/espaces`, `/admin/lieux/${id}/reservations`, `/admin/lieux/${id}/occupation`, `/admin/lieux/${id}/prestations`, '/lieux/tiers-lieu-de-riez/prestations']) {
      const resp = await page.goto(server.base + p);
      assert.equal(resp.status(), 200, p);
      await axe(page, p);
    }
    // A photo of the first space, with its description; then shown on the public page.
    await page.goto(`${server.base}/admin/lieux/${id}/espaces`);
    await page.locator('#space-list a').first().click();
    await page.waitForSelector('#photo-form');
    const spaceId = page.url().split('/').pop().split('#')[0];
    await page.setInputFiles('#photo-file', { name: 'salon.png', mimeType: 'image/png', buffer: png(640, 400) });
    await page.fill('#photo-alt', 'Le salon de coworking, quatre bureaux');
    await Promise.all([page.waitForURL(/#photos$/), page.click('#photo-form button[type=submit]')]);
    assert.ok((await page.locator('.flash').innerText()).includes('Photo ajoutée'));
    await axe(page, `/admin/espaces/${spaceId}`);
    await page.goto(`${server.base}/espaces/${spaceId}`);
    const img = page.locator('.photos img[alt="Le salon de coworking, quatre bureaux"]');
    assert.equal(await img.count(), 1);
    assert.ok(await img.evaluate((el) => el.complete && el.naturalWidth === 480), 'the thumbnail loads');
    await axe(page, `/espaces/${spaceId} (with a photo)`);
  } finally {
    await context.close();
  }
  // The real CSP: no violation on the week calendar.
  const strict = await browser.newContext({ locale: 'fr-FR' });
  try {
    const page = await strict.newPage();
    const violations = [];
    page.on('console', (m) => { if (m.type() === 'error') violations.push(m.text()); });
    await page.goto(`${server.base}/lieux/tiers-lieu-de-riez/espaces`);
    await page.locator('#spaces a').first().click();
    await page.waitForLoadState('networkidle').catch(() => {});
    assert.deepEqual(violations, [], 'console errors (CSP) on the space page');
  } finally {
    await strict.close();
  }
});
