// SPDX-License-Identifier: AGPL-3.0-or-later
// Agenda: a place manager creates a weekly event with one seat; a member registers (confirmed),
// a second person registers (waiting list); the member sees it in "Mes inscriptions" and
// cancels; the waiting person is promoted. The event is created with an image and in one of
// the place's spaces. axe-core on the agenda, month and event pages.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  BIN, ROOT, clickAndSettle, launchBrowser, screenshot, signIn, startServer, submitOf,
} from './server.mjs';

const AXE = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const PASSWORD = 'demo-maillage-2026';
// A valid 1 × 1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let server;
let browser;
let failed = false;

before(async () => {
  server = await startServer();
  // The demo data (network, Riez place, one account per role), in the server's database.
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

async function login(email) {
  // bypassCSP only so that axe-core can be injected on signed-in pages.
  const context = await browser.newContext({ locale: 'fr-FR', bypassCSP: true });
  const page = await context.newPage();
  await signIn(page, server.base, email, PASSWORD);
  return page;
}

function nextThursday() {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + ((4 - d.getUTCDay() + 7) % 7 || 7) + 7);
  return d.toISOString().slice(0, 10);
}

async function axe(urlPath, shot, signedIn = null) {
  const context = signedIn ? null : await browser.newContext({ bypassCSP: true, viewport: { width: 375, height: 740 }, locale: 'fr-FR' });
  try {
    const page = signedIn || await context.newPage();
    const resp = await page.goto(server.base + urlPath);
    assert.equal(resp.status(), 200, `GET ${urlPath}`);
    await screenshot(page, shot);
    await page.addScriptTag({ path: AXE });
    const results = await page.evaluate(async () =>
      // eslint-disable-next-line no-undef
      axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] }));
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.equal(bad.length, 0, `axe on ${urlPath}:\n${bad.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('\n')}`);
  } finally {
    await context?.close();
  }
}

test('weekly event: register, waitlist, cancel, promotion', async (t) => {
  const step = (title, fn) => t.test(title, async () => {
    if (failed) return;
    try { await fn(); } catch (e) { failed = true; throw e; }
  });
  const title = `Atelier réparation ${Date.now() % 100000}`;
  let eventUrl;
  let member;
  let other;
  let manager;
  await step('the place manager creates a weekly event with one seat', async () => {
    const page = await login('gerant.riez@demo.maillage.fr');
    manager = page;
    await page.goto(`${server.base}/lieux/tiers-lieu-de-riez/agenda`);
    await clickAndSettle(page, 'a[href^="/evenements/nouveau"]');
    const day = nextThursday();
    await page.fill('form#event-form #title', title);
    await page.selectOption('form#event-form #kind', 'atelier');
    await page.fill('form#event-form #starts_at', `${day}T14:00`);
    await page.fill('form#event-form #ends_at', `${day}T17:00`);
    // The picker writes FREQ=WEEKLY;BYDAY=TH;COUNT=4.
    await page.selectOption('form#event-form #repeat', 'weekly');
    await page.check('form#event-form #repeat_th');
    await page.selectOption('form#event-form #repeat_end', 'count');
    await page.fill('form#event-form #repeat_count', '4');
    await page.fill('form#event-form #capacity', '1');
    await page.selectOption('form#event-form #space_id', { label: 'Salle de réunion' });
    await page.setInputFiles('form#event-form #image-file', { name: 'affiche.png', mimeType: 'image/png', buffer: PNG });
    await page.fill('form#event-form #image_alt', 'Affiche de l\'atelier réparation');
    const r = await clickAndSettle(page, submitOf('form#event-form'));
    await screenshot(page, 'events-created');
    assert.ok(r.status() < 400, `create answered ${r.status()}:\n${await bodyText(page)}`);
    assert.match(page.url(), /\/evenements\/\d+$/);
    eventUrl = page.url();
    assert.ok((await bodyText(page)).includes(title));
    assert.match(await page.locator('#event-repeats').innerText(), /chaque jeudi, 14:00–17:00, 4 fois/);
    // The image, with its text alternative, loaded; the space in the place's line.
    const img = page.locator('figure.event-image img');
    assert.equal(await img.getAttribute('alt'), 'Affiche de l\'atelier réparation');
    assert.ok(await img.evaluate((el) => el.complete && el.naturalWidth > 0), 'image not loaded');
    assert.ok((await bodyText(page)).includes('Salle de réunion, Tiers-lieu de Riez'), await bodyText(page));
  });
  await step('a member registers and is confirmed', async () => {
    member = await login('membre@demo.maillage.fr');
    await member.goto(eventUrl);
    await clickAndSettle(member, submitOf('form#register'));
    await screenshot(member, 'events-registered');
    assert.ok((await bodyText(member)).includes('Inscription confirmée'), await bodyText(member));
  });
  await step('another person registers and waits', async () => {
    other = await login('gerante.fablab@demo.maillage.fr');
    await other.goto(eventUrl);
    await clickAndSettle(other, submitOf('form#register'));
    assert.ok((await bodyText(other)).includes('liste d\'attente'), await bodyText(other));
  });
  await step('the member sees it in "Mes inscriptions" and cancels', async () => {
    await member.goto(`${server.base}/mes-inscriptions`);
    const item = member.locator('#my-registrations li', { hasText: title });
    assert.equal(await item.count(), 1, await bodyText(member));
    await clickAndSettle(member, `#my-registrations li:has-text("${title}") button[type=submit]`);
    await screenshot(member, 'events-cancelled');
    assert.ok((await bodyText(member)).includes('Inscription annulée'));
    assert.equal(await member.locator('#my-registrations li', { hasText: title }).count(), 0);
  });
  await step('the waiting person is promoted', async () => {
    await other.goto(`${server.base}/mes-inscriptions`);
    const item = other.locator('#my-registrations li', { hasText: title });
    assert.ok((await item.innerText()).includes('Inscription confirmée'), await bodyText(other));
  });
  await step('the place page lists its upcoming events', async () => {
    await member.goto(`${server.base}/lieux/tiers-lieu-de-riez`);
    const block = member.locator('section.place-events');
    assert.ok((await block.innerText()).includes('Atelier du jeudi'), await bodyText(member));
  });
  await step('axe: agenda, month view and event page', async () => {
    const id = eventUrl.split('/').pop();
    await axe('/agenda', 'axe-agenda');
    await axe('/agenda?vue=mois', 'axe-agenda-month');
    await axe('/reseaux/reseau-sud-tiers-lieux/agenda', 'axe-network-agenda');
    await axe('/lieux/tiers-lieu-de-riez', 'axe-place-with-events');
    await axe(`/evenements/${id}`, 'axe-event');
    await axe('/mes-inscriptions', 'axe-mine', other);
    await axe(`/evenements/${id}`, 'axe-event-signed-in', other);
    await axe('/evenements/nouveau', 'axe-event-form', manager);
    await axe(`/evenements/${id}/inscrits`, 'axe-attendees', manager);
    await axe('/evenements/importer', 'axe-import', manager);
    await axe(`/evenements/${id}/modifier`, 'axe-event-edit', manager);
  });
});
