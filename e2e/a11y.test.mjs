// SPDX-License-Identifier: AGPL-3.0-or-later
// Accessibility checks with axe-core: fail on "serious" or "critical" violations.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { BIN, ROOT, launchBrowser, screenshot, signIn, startServer } from './server.mjs';

const AXE = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const PAGES = ['/', '/connexion', '/inscription', '/mot-de-passe-oublie', '/actualites', '/formations'];
// Pages that need the demo data (a second server, with `maillage demo` loaded).
const DEMO_PAGES = [
  '/lieux/tiers-lieu-de-riez/vitrine',
  '/lieux/tiers-lieu-de-riez/vitrine?q=menuiserie&radius_km=10&offers=1',
  '/reseaux/reseau-sud-tiers-lieux/vitrine',
  '/lieux/tiers-lieu-de-riez/guide',
  '/reseaux/reseau-sud-tiers-lieux/guide',
  '/lieux/tiers-lieu-de-riez/vitrine/integrer',
  '/acteurs/atelier-bois-du-verdon',
  '/acteurs/julie-martin-developpeuse-web',
  '/formations?q=mediation&modality=mixte',
  '/reseaux/reseau-sud-tiers-lieux/formations',
  '/formations/initiation-a-la-fabrication-numerique',
  '/emplois?kind=cdd&department=04',
  '/emplois/animateur-rice-fab-lab-cdd-12-mois',
];
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

let server;
let demo;
let browser;

before(async () => {
  server = await startServer();
  demo = await startServer();
  const r = spawnSync(BIN, ['demo'], { cwd: ROOT, env: demo.env, encoding: 'utf8' });
  assert.equal(r.status, 0, `maillage demo failed:\n${r.stdout}\n${r.stderr}`);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await demo?.stop();
});

function describe(violations) {
  return violations.map((v) => {
    const nodes = v.nodes.slice(0, 5).map((n) =>
      `      - ${n.target.join(' ')}\n        ${(n.failureSummary || '').replace(/\n/g, '\n        ')}`).join('\n');
    const more = v.nodes.length > 5 ? `\n      … and ${v.nodes.length - 5} more` : '';
    return `  [${v.impact}] ${v.id}: ${v.help}\n    ${v.helpUrl}\n${nodes}${more}`;
  }).join('\n');
}

async function audit(urlPath, viewport, shotName, on = server, who = null, before = null) {
  // bypassCSP: the app's strict CSP (script-src 'self') would block axe's injection.
  const context = await browser.newContext({ bypassCSP: true, viewport, locale: 'fr-FR' });
  try {
    const page = await context.newPage();
    if (who) {
      await signIn(page, on.base, who, 'demo-maillage-2026');
    }
    const resp = await page.goto(on.base + urlPath);
    assert.equal(resp.status(), 200, `GET ${urlPath}`);
    await page.waitForLoadState('networkidle').catch(() => {});
    if (before) await before(page);
    await screenshot(page, shotName);
    await page.addScriptTag({ path: AXE });
    const results = await page.evaluate(async (tags) =>
      // eslint-disable-next-line no-undef
      axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), TAGS);
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    const minor = results.violations.filter((v) => !bad.includes(v));
    if (minor.length) console.log(`axe ${urlPath} (${viewport.width}px), minor/moderate (not failing):\n${describe(minor)}`);
    assert.equal(bad.length, 0, `axe found ${bad.length} serious/critical violation(s) on ${urlPath} at ${viewport.width}x${viewport.height}:\n${describe(bad)}`);
  } finally {
    await context.close();
  }
}

for (const p of PAGES) {
  test(`axe: ${p} (desktop 1280x800)`, () => audit(p, { width: 1280, height: 800 }, `axe-desktop${p === '/' ? '-home' : p}`));
}

test('axe: / (phone 375x667)', () => audit('/', { width: 375, height: 667 }, 'axe-phone-home'));

for (const p of DEMO_PAGES) {
  test(`axe: ${p} (demo, desktop 1280x800)`, () => audit(p, { width: 1280, height: 800 }, `axe-desktop${p}`, demo));
}

test('axe: a showcase (demo, phone 375x667)', () =>
  audit('/lieux/tiers-lieu-de-riez/vitrine', { width: 375, height: 667 }, 'axe-phone-vitrine', demo));

test('axe: the visitor guide (demo, phone 390x844)', () =>
  audit('/lieux/tiers-lieu-de-riez/guide', { width: 390, height: 844 }, 'axe-phone-guide', demo));

test('axe: the actors import page, signed in (demo, phone 375x667)', () =>
  audit('/lieux/tiers-lieu-de-riez/vitrine/importer', { width: 375, height: 667 }, 'axe-phone-actors-import', demo, 'gerant.riez@demo.maillage.fr'));

test('axe: the actor form, signed in (demo, phone 375x667)', () =>
  audit('/acteurs/nouveau?place=1', { width: 375, height: 667 }, 'axe-phone-actor-form', demo, 'gerant.riez@demo.maillage.fr'));

test('axe: the trainings portal (demo, phone 375x667)', () =>
  audit('/reseaux/reseau-sud-tiers-lieux/formations', { width: 375, height: 667 }, 'axe-phone-formations', demo));

test('axe: a training page (demo, phone 375x667)', () =>
  audit('/formations/formation-de-formateurs-en-tiers-lieux', { width: 375, height: 667 }, 'axe-phone-formation', demo));

test('axe: the training form, signed in (demo, phone 375x667)', () =>
  audit('/formations/nouvelle?place_id=1', { width: 375, height: 667 }, 'axe-phone-training-form', demo, 'gerant.riez@demo.maillage.fr'));

test('axe: the training edit form and the session form, signed in (demo, desktop)', async () => {
  await audit('/formations/initiation-a-la-fabrication-numerique/modifier', { width: 1280, height: 800 }, 'axe-desktop-training-edit', demo, 'gerant.riez@demo.maillage.fr');
  await audit('/formations/initiation-a-la-fabrication-numerique/session', { width: 1280, height: 800 }, 'axe-desktop-training-session', demo, 'gerant.riez@demo.maillage.fr');
});

test('axe: the design system page and the open phone menu, signed in as an admin (demo)', async () => {
  await audit('/design', { width: 1280, height: 800 }, 'axe-desktop-design', demo, 'admin@demo.maillage.fr');
  await audit('/design', { width: 375, height: 667 }, 'axe-phone-design', demo, 'admin@demo.maillage.fr');
  await audit('/agenda', { width: 375, height: 667 }, 'axe-phone-menu-open', demo, 'admin@demo.maillage.fr', (page) => page.click('.menu > summary'));
});

test('axe: the notification settings, signed in (demo, phone 375x667)', () =>
  audit('/compte/notifications', { width: 375, height: 667 }, 'axe-phone-notifications', demo, 'membre@demo.maillage.fr'));

test('axe: the actor edit form, signed in (demo, desktop)', () =>
  audit('/acteurs/atelier-bois-du-verdon/modifier', { width: 1280, height: 800 }, 'axe-desktop-actor-edit', demo, 'gerant.riez@demo.maillage.fr'));

test('axe: a session sign-in sheet, signed in (demo, phone 375x667)', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
  let sheet;
  try {
    const page = await context.newPage();
    await signIn(page, demo.base, 'gerant.riez@demo.maillage.fr', 'demo-maillage-2026');
    await page.goto(demo.base + '/formations/initiation-a-la-fabrication-numerique');
    sheet = await page.locator('#training-sheets a').first().getAttribute('href');
  } finally {
    await context.close();
  }
  assert.match(sheet || '', /^\/formations\/initiation-a-la-fabrication-numerique\/sessions\/\d+\/emargement$/);
  await audit(sheet, { width: 375, height: 667 }, 'axe-phone-attendance', demo, 'gerant.riez@demo.maillage.fr');
});

test('axe: the job board and a civic-service offer (demo, phone 375x667)', async () => {
  await audit('/reseaux/reseau-sud-tiers-lieux/emplois', { width: 375, height: 667 }, 'axe-phone-emplois', demo);
  await audit('/emplois/service-civique-mediation-numerique-au-tiers-lieu', { width: 375, height: 667 }, 'axe-phone-emploi', demo);
});

test('axe: the job offer forms, moderation and applications, signed in (demo)', async () => {
  const phone = { width: 375, height: 667 };
  await audit('/emplois/nouvelle?place_id=1', phone, 'axe-phone-job-form', demo, 'gerant.riez@demo.maillage.fr');
  await audit('/emplois/service-civique-mediation-numerique-au-tiers-lieu/modifier', { width: 1280, height: 800 }, 'axe-desktop-job-edit', demo, 'gerant.riez@demo.maillage.fr');
  await audit('/emplois/service-civique-mediation-numerique-au-tiers-lieu/candidatures', phone, 'axe-phone-job-applications', demo, 'gerant.riez@demo.maillage.fr');
  await audit('/emplois/mes-offres?place_id=1', phone, 'axe-phone-job-mine', demo, 'gerant.riez@demo.maillage.fr');
  await audit('/emplois/moderation', phone, 'axe-phone-job-moderation', demo, 'animatrice@demo.maillage.fr');
  await audit('/emplois/service-civique-mediation-numerique-au-tiers-lieu/candidater', phone, 'axe-phone-job-apply', demo, 'membre@demo.maillage.fr');
  await audit('/emplois/candidatures', phone, 'axe-phone-my-applications', demo, 'membre@demo.maillage.fr');
  await audit('/emplois/alertes', phone, 'axe-phone-job-searches', demo, 'membre@demo.maillage.fr');
});

test('axe: the posts boards, a post with its matches, the forms and lists (demo)', async () => {
  const phone = { width: 375, height: 667 };
  await audit('/lieux/tiers-lieu-de-riez/annonces', phone, 'axe-phone-posts-board', demo);
  await audit('/reseaux/reseau-sud-tiers-lieux/annonces?type=need&q=etageres', phone, 'axe-phone-posts-network', demo);
  await audit('/annonces/1', phone, 'axe-phone-post-matches', demo, 'membre@demo.maillage.fr');
  await audit('/annonces/2', phone, 'axe-phone-post-report', demo, 'membre@demo.maillage.fr');
  await audit('/annonces/nouvelle?place_id=1', phone, 'axe-phone-post-form', demo, 'membre@demo.maillage.fr');
  await audit('/annonces/1/modifier', { width: 1280, height: 800 }, 'axe-desktop-post-edit', demo, 'membre@demo.maillage.fr');
  await audit('/mes-annonces', phone, 'axe-phone-my-posts', demo, 'membre@demo.maillage.fr');
  await audit('/annonces/moderation', phone, 'axe-phone-posts-moderation', demo, 'gerant.riez@demo.maillage.fr');
});

test('axe: an organisation\'s photos page (demo, phone 375x667)', async () => {
  await audit('/acteurs/atelier-bois-du-verdon/photos', { width: 375, height: 667 }, 'axe-phone-actor-photos', demo, 'gerant.riez@demo.maillage.fr');
});

test('axe: "Mon espace", signed in (demo, phone 375x667 and desktop)', async () => {
  await audit('/mon-espace', { width: 375, height: 667 }, 'axe-phone-mon-espace', demo, 'gerant.riez@demo.maillage.fr');
  await audit('/mon-espace', { width: 1280, height: 800 }, 'axe-desktop-mon-espace', demo, 'membre@demo.maillage.fr');
});

test('axe: an event page with the guest form (demo, phone 375x667)', async () => {
  // The first upcoming event of the demo open to guests (the guest pages reached by the
  // emailed links are audited in e2e/guests.test.mjs).
  const events = await (await fetch(`${demo.base}/api/v1/events?limit=50`)).json();
  let found = null;
  for (const ev of events) {
    if (ev.status !== 'published' || ev.approval || ev.kind === 'formation') continue;
    if ((await (await fetch(`${demo.base}/evenements/${ev.id}`)).text()).includes('inscription-invitee')) { found = ev.id; break; }
  }
  assert.ok(found, 'a demo event open to guests');
  await audit(`/evenements/${found}`, { width: 375, height: 667 }, 'axe-phone-event-guest-form', demo);
});

test('axe: the charts and cards of issue 17 point 8 (demo)', async () => {
  const phone = { width: 390, height: 844 };
  const desktop = { width: 1280, height: 800 };
  await audit('/reseaux/reseau-sud-tiers-lieux', desktop, 'axe-desktop-network', demo);
  await audit('/reseaux/reseau-sud-tiers-lieux', phone, 'axe-phone-network', demo);
  await audit('/agenda', phone, 'axe-phone-agenda-cards', demo);
  await audit('/projets/tiers-lieu-de-buis-les-baronnies/financement', desktop, 'axe-desktop-funding-chart', demo, 'animatrice@demo.maillage.fr');
  await audit('/admin/lieux/1/occupation', desktop, 'axe-desktop-occupancy', demo, 'gerant.riez@demo.maillage.fr');
  await audit('/admin/lieux/1/occupation', phone, 'axe-phone-occupancy', demo, 'gerant.riez@demo.maillage.fr');
});
