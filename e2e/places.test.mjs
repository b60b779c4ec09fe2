// SPDX-License-Identifier: AGPL-3.0-or-later
// Places in a real browser: the real CGET file imported through the CLI, the map's markers
// loaded by bounding box and the list in sync, filters and accent-insensitive search, the
// list without JavaScript, and axe-core on the directory, map and place pages; an admin
// finds a place in /admin/lieux, adds a photo (gallery, card thumbnail), and imports a file
// whose progress page follows the background import to its report.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { after, before, test } from 'node:test';
import { BIN, ROOT, launchBrowser, screenshot, signIn, startServer } from './server.mjs';

const ADMIN = 'admin-lieux@example.org';
const PASSWORD = 'lieux-e2e-mot-de-passe';

const AXE = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const CGET = [path.join(ROOT, '..', 'shared', 'data', 'places', 'cget_tierslieux_2019.csv'),
  '/work/shared/data/places/cget_tierslieux_2019.csv'].find((p) => fs.existsSync(p));

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  assert.ok(CGET, 'the CGET file of shared/data/places');
  const r = spawnSync(BIN, ['import', 'places', CGET], { cwd: ROOT, env: server.env, encoding: 'utf8' });
  assert.equal(r.status, 0, `import failed:\n${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /1512 lignes : 1512 importées/);
  assert.match(r.stderr, /1000\/1512 lignes traitées/, 'the CLI prints its progress');
  const u = spawnSync(BIN, ['user', 'create', '--email', ADMIN, '--name', 'Admin lieux', '--role', 'instance-admin', '--password-stdin'],
    { cwd: ROOT, env: server.env, encoding: 'utf8', input: `${PASSWORD}\n` });
  assert.equal(u.status, 0, `user create failed:\n${u.stdout}\n${u.stderr}`);
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

async function login(page) {
  await signIn(page, server.base, ADMIN, PASSWORD);
}

after(async () => {
  await browser?.close();
  await server?.stop();
});

// axe is injected as an inline script: audits run in a context that bypasses the CSP (the
// functional checks above run under the real CSP and must log no violation).
async function audit(urlPath) {
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
  await context.route(/tile\.openstreetmap\.org/, (route) => route.fulfill({ status: 204, body: '' }));
  const page = await context.newPage();
  await page.goto(server.base + urlPath);
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.addScriptTag({ path: AXE });
  const results = await page.evaluate(async (tags) =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), TAGS);
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  await context.close();
  assert.equal(bad.length, 0, `axe on ${urlPath}: ${bad.map((v) => `${v.id} ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`).join('\n')}`);
}

test('map: markers by bounding box within a second, list in sync', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
  // Tiles come from the Internet: answer them locally with nothing.
  await context.route(/tile\.openstreetmap\.org/, (route) => route.fulfill({ status: 204, body: '' }));
  const page = await context.newPage();
  const cspErrors = [];
  page.on('console', (m) => { if (/Content Security Policy/.test(m.text())) cspErrors.push(m.text()); });
  const t0 = Date.now();
  await page.goto(`${server.base}/carte`);
  await page.waitForSelector('.leaflet-marker-icon', { timeout: 10_000 });
  const firstMarkers = Date.now() - t0;
  console.log(`time to first markers: ${firstMarkers} ms`);
  assert.ok(firstMarkers < 5000, `first markers after ${firstMarkers} ms`);
  const loaded = await page.getAttribute('#map', 'data-loaded');
  assert.ok(Number(loaded) > 0);
  // France-wide: server-side aggregates; zoom on Nantes: real places, list follows.
  await page.goto(`${server.base}/carte?q=coworking%20nantes`);
  await page.waitForFunction(() => document.querySelector('#map')?.dataset.loaded !== undefined);
  await page.evaluate(() => { window.scrollTo(0, 0); });
  const names = await page.$$eval('#place-list li h3', (els) => els.map((e) => e.textContent.trim()));
  assert.ok(names.includes('ADE Coworking'), names.join(', '));
  await screenshot(page, 'places-map');
  assert.deepEqual(cspErrors, [], 'no CSP violation on the map');
  await context.close();
  await audit('/carte');
});

test('directory: filters, accent-insensitive search, pagination', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
  const page = await context.newPage();
  await page.goto(`${server.base}/lieux`);
  assert.match(await page.textContent('#result-count'), /1512/);
  await page.selectOption('#typology', 'fablab');
  await Promise.all([page.waitForNavigation(), page.click('#place-filters button[type=submit]')]);
  assert.match(await page.textContent('#result-count'), /345/);
  assert.match(page.url(), /typology=fablab/);
  await page.goto(`${server.base}/lieux`);
  await page.fill('#q', 'TELECENTRE');
  await Promise.all([page.waitForNavigation(), page.click('#place-filters button[type=submit]')]);
  const names = await page.$$eval('#place-list li h3', (els) => els.map((e) => e.textContent.trim()));
  assert.ok(names.includes('Télécentre'), names.join(', '));
  assert.ok(names.some((n) => /t[ée]l[ée]centre/i.test(n)));
  await page.goto(`${server.base}/lieux?page=2`);
  assert.equal(await page.getAttribute('.pagination a[aria-current=page]', 'href'), '/lieux?page=2');
  const href = await page.getAttribute('#place-list li h3 a', 'href');
  await page.goto(server.base + href);
  assert.equal(await page.$$eval('script[type="application/ld+json"]', (s) => JSON.parse(s[0].textContent)['@type']), 'Place');
  await screenshot(page, 'places-place');
  await context.close();
  await audit('/lieux');
  await audit(href);
  await audit('/carte/integrer?typology=fablab');
});

test('map without JavaScript is a list', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR' });
  const page = await context.newPage();
  await page.goto(`${server.base}/carte?department=44`);
  const items = await page.$$('#place-list li');
  assert.ok(items.length > 0);
  await context.close();
});

test('admin: the list of places, a photo on a place, an import followed to its report', async () => {
  // Phone-sized, under the real CSP (no inline script: the progress page polls with htmx).
  const context = await browser.newContext({ viewport: { width: 375, height: 740 }, locale: 'fr-FR' });
  await context.route(/tile\.openstreetmap\.org/, (route) => route.fulfill({ status: 204, body: '' }));
  const page = await context.newPage();
  const cspErrors = [];
  page.on('console', (m) => { if (/Content Security Policy/.test(m.text())) cspErrors.push(m.text()); });
  await login(page);
  await page.goto(`${server.base}/admin`);
  await Promise.all([page.waitForURL(/\/admin\/lieux$/), page.click('#admin-places-link')]);
  assert.match(await page.textContent('#result-count'), /1512/);
  await page.fill('#q', 'ade coworking');
  await Promise.all([page.waitForNavigation(), page.click('#admin-place-filters button[type=submit]')]);
  const row = page.locator('#admin-places tbody tr', { hasText: 'ADE Coworking' }).first();
  await Promise.all([page.waitForURL(/\/photos$/), row.locator('a[href$="/photos"]').click()]);

  // A photo with its description: resized, listed, then on the place page and its card.
  await page.setInputFiles('#photo-file', { name: 'ade.png', mimeType: 'image/png', buffer: png(1200, 800) });
  await page.fill('#photo-alt', "L'espace de coworking, grandes tables et baies vitrées");
  await Promise.all([page.waitForURL(/\/photos$/), page.click('#photo-form button[type=submit]')]);
  assert.ok((await page.locator('.flash').innerText()).includes('Photo ajoutée'));
  // A file that is not a picture: a French message on the field.
  await page.setInputFiles('#photo-file', { name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('pas une image') });
  await page.fill('#photo-alt', 'Des notes');
  await Promise.all([page.waitForNavigation(), page.click('#photo-form button[type=submit]')]);
  assert.match(await page.textContent('#photo-file-error'), /pas une image PNG, JPEG ou WebP/);
  const photosPath = new URL(page.url()).pathname;
  const placeHref = await page.getAttribute('.breadcrumb a[href^="/lieux/"]', 'href');
  await page.goto(server.base + placeHref);
  const img = page.locator('#gallery img[alt="L\'espace de coworking, grandes tables et baies vitrées"]');
  assert.equal(await img.count(), 1);
  await img.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => { const i = document.querySelector('#gallery img'); return i && i.complete && i.naturalWidth > 0; });
  assert.equal(await img.evaluate((el) => el.naturalWidth), 480);
  const ld = await page.$$eval('script[type="application/ld+json"]', (s) => JSON.parse(s[0].textContent));
  assert.match(ld.image[0].contentUrl, /\/photos\/\d+\/[0-9a-f]{16}\.jpg$/);
  await screenshot(page, 'places-photo');
  await page.goto(`${server.base}/lieux?q=ade%20coworking`);
  assert.equal(await page.locator('#place-list .card-photo').count(), 1);

  // An import through the upload page: preview, then the progress page, refreshed by htmx
  // polling, until the summary and the report.
  const lines = ['nom;code_postal;commune;latitude;longitude'];
  for (let i = 1; i <= 1200; i++) lines.push(`Lieu e2e ${i};33000;Bordeaux;44.84;-0.58`);
  lines.push(';0;Nulle part;;');
  await page.goto(`${server.base}/admin/lieux/import`);
  await page.setInputFiles('#file', { name: 'e2e-lieux.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await Promise.all([page.waitForNavigation(), page.click('#import-upload button[type=submit]')]);
  assert.match(await page.textContent('main'), /1201 lignes lues/);
  // Each guessed column says why, and the whole file's outcome is shown before importing.
  assert.match(await page.textContent('#why_name'), /« nom » : nom de colonne connu/);
  assert.match(await page.textContent('#import-summary'), /entier : 1201 lignes : 1200 importées.*1 ignorées/);
  await Promise.all([page.waitForURL(/\/admin\/lieux\/import\/\d+$/), page.click('#import-mapping button[value=import]')]);
  await page.waitForSelector('#import-progress[data-state="done"]', { timeout: 60_000 });
  assert.match(await page.textContent('#import-summary'), /1201 lignes : 1200 importées.*1 ignorées/);
  assert.equal(await page.getAttribute('#import-bar', 'value'), '1201');
  assert.equal(await page.textContent('#count-imported'), '1200');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#import-report-link')]);
  const report = fs.readFileSync(await download.path(), 'utf8').trim().split('\n');
  assert.equal(report.length, 1202, 'a header and one line per row');
  await screenshot(page, 'places-import-progress');
  assert.deepEqual(cspErrors, [], 'no CSP violation');
  const progressPath = new URL(page.url()).pathname;
  await context.close();
  const admin = await browser.newContext({ bypassCSP: true, locale: 'fr-FR' });
  const p2 = await admin.newPage();
  await signIn(p2, server.base, ADMIN, PASSWORD);
  const storage = await admin.storageState();
  await admin.close();
  for (const url of ['/admin/lieux', photosPath, progressPath, placeHref]) {
    const ctx = await browser.newContext({ bypassCSP: true, locale: 'fr-FR', storageState: storage });
    await ctx.route(/tile\.openstreetmap\.org/, (route) => route.fulfill({ status: 204, body: '' }));
    const p = await ctx.newPage();
    await p.goto(server.base + url);
    await p.waitForLoadState('networkidle').catch(() => {});
    await p.addScriptTag({ path: AXE });
    const results = await p.evaluate(async (tags) =>
      // eslint-disable-next-line no-undef
      axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), TAGS);
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    await ctx.close();
    assert.equal(bad.length, 0, `axe on ${url}: ${bad.map((v) => `${v.id} ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`).join('\n')}`);
  }
  // The import's preview (a POST's answer): the mapping with its reasons, the typology table
  // of the source's categories, the box that saves the mapping.
  const ctx = await browser.newContext({ bypassCSP: true, locale: 'fr-FR', storageState: storage });
  const p = await ctx.newPage();
  await p.goto(`${server.base}/admin/lieux/import`);
  const sample = 'Lieu;Type Structure;Adresse postale;lundi matin;lundi après-midi\n'
    + 'Abracodabra;Autre;8 rue de la Boétie - 33000 Bordeaux;9h-12h;14h-17h\n'
    + 'EVS de Pauillac;Centre social;2 quai Léon Périer 33250 Pauillac;fermé;14h-18h\n';
  await p.setInputFiles('#file', { name: 'gironde.csv', mimeType: 'text/csv', buffer: Buffer.from(sample) });
  await Promise.all([p.waitForNavigation(), p.click('#import-upload button[type=submit]')]);
  assert.match(await p.textContent('#why_hours_mo_pm'), /lundi après-midi/);
  assert.match(await p.textContent('#import-summary'), /2 lignes : 2 importées.*réparées/);
  assert.equal(await p.locator('select[id^="typ_"]').count(), 2, 'one list per source category');
  await p.addScriptTag({ path: AXE });
  const results = await p.evaluate(async (tags) =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), TAGS);
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  await screenshot(p, 'places-import-preview');
  await ctx.close();
  assert.equal(bad.length, 0, `axe on the import preview: ${bad.map((v) => `${v.id} ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`).join('\n')}`);
});
