// SPDX-License-Identifier: AGPL-3.0-or-later
// Issue 17 point 10, "axe on every page in both languages": on the demo, the application is
// crawled as a visitor and signed in as each role (instance admin, network animator, place
// manager, member), from `/` (whose header holds the menu) and « Mon espace », following the
// same-origin links breadth-first. Every page reached must answer 200 with HTML (a link to a
// 403, 404 or 500 is a bug: the failure names the page that links to it); the crawl itself
// fetches pages without a browser, so it is cheap, and follows up to three pages of each route
// pattern (three places, three events…). One URL per route pattern (numbers → N, the
// slug of a slug route → :slug) is then opened in Chromium and checked by axe-core (fails on
// serious or critical violations) in French, then in English — each pattern by the first role
// that reaches it (visitor, admin, animator, manager, member), so that the roles' own pages are
// audited within the time. The crawled list, the counts and the time taken are printed so that
// a review sees the coverage.
//
// MAILLAGE_CRAWL_CAP (default 60) caps the pages audited per role, MAILLAGE_CRAWL_JOBS (default
// 2) the pages audited at once: the whole file stays within about four minutes on a 2-core
// machine. MAILLAGE_CRAWL_ROLES=visitor,membre crawls only those roles.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { BIN, ROOT, launchBrowser, signIn, startServer } from './server.mjs';

const AXE = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
// The tags of e2e/a11y.test.mjs.
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const PASSWORD = 'demo-maillage-2026';
const CAP = Number(process.env.MAILLAGE_CRAWL_CAP || 60);
const JOBS = Number(process.env.MAILLAGE_CRAWL_JOBS || 2);
// The crawl (fetches, no browser) stops after this many pages per role, and fetches at most
// this many pages of one route pattern (the first place may have no spaces, the second has).
const CRAWL_LIMIT = 600;
const PER_PATTERN = 3;
const ROLES = [
  ['visitor', null],
  ['instance admin', 'admin@demo.maillage.fr'],
  ['network animator', 'animatrice@demo.maillage.fr'],
  ['place manager', 'gerant.riez@demo.maillage.fr'],
  ['member', 'membre@demo.maillage.fr'],
];

// Routes whose second segment is a slug (`/lieux/{slug}/…`), and the fixed words that may
// stand in that place instead (`/lieux/proposer`).
const SLUG_ROOTS = new Set(['acteurs', 'actualites', 'badges', 'emplois', 'formations', 'groupes',
  'lieux', 'parcours', 'projets', 'reseaux']);
const FIXED = new Set(['alertes', 'candidatures', 'emetteurs', 'mes-offres', 'moderation', 'nouveau',
  'nouvelle', 'proposer', 'realisations', 'revendications', 'statuts', 'suivi']);
// Pages whose <html lang> is not the reader's by design.
const OWN_LANGUAGE = [
  /^\/lettres\/\d+\/apercu\/courriel$/, // a newsletter's email as its readers get it, in the list's language
];
// Not pages: files, feeds, the API, and what a GET must not be asked to do.
const SKIP_PATH = [
  /^\/api\//, /^\/static\//, /^\/photos\//, /^\/fichiers\//, /^\/flux\//,
  /^\/(deconnexion|langue|healthz|metrics|favicon\.ico|manifest\.webmanifest)$/,
  /\.(ics|csv|pdf|json|geojson|atom|xml|png|jpe?g|svg|webp)$/,
  /^\/compte\/export$/, // the account's data, a JSON download
  /^\/reunions\/\d+\/ics$/, // a meeting's calendar file
  /^\/emplois\/candidatures\/\d+\/cv$/, // an applicant's CV, a download
  /^\/badges\/(statuts|emetteurs)\//, // status lists and issuer keys: JSON documents
];

let demo;
let browser;
const started = Date.now();
const summary = [];
// Route patterns already audited by axe (by an earlier role).
const audited = new Set();

before(async () => {
  demo = await startServer();
  const r = spawnSync(BIN, ['demo'], { cwd: ROOT, env: demo.env, encoding: 'utf8' });
  assert.equal(r.status, 0, `maillage demo failed:\n${r.stdout}\n${r.stderr}`);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await demo?.stop();
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`crawl summary (at most ${CAP} pages audited per role, ${JOBS} at once):\n${summary.join('\n')}\ntotal ${secs} s`);
});

/** The route pattern of a path: one page of each is audited. */
function pattern(pathname) {
  const segs = pathname.split('/').filter(Boolean);
  return '/' + segs.map((s, i) => {
    if (/^\d+$/.test(s)) return 'N';
    if (i === 1 && SLUG_ROOTS.has(segs[0]) && !FIXED.has(s)) return ':slug';
    if (s.length >= 20 && /\d/.test(s) && /^[A-Za-z0-9_-]+$/.test(s)) return ':token';
    return s;
  }).join('/');
}

const patternOf = (url) => pattern(new URL(url, demo.base).pathname);

/** The path and query of a same-origin page link worth crawling, or null. */
function crawlable(href, base) {
  let u;
  try { u = new URL(href, base); } catch { return null; }
  if (u.origin !== demo.base || SKIP_PATH.some((re) => re.test(u.pathname))) return null;
  return u.pathname + u.search;
}

function decode(text) {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|quot|lt|gt|apos);/gi, (_, e) => {
    const named = { amp: '&', quot: '"', lt: '<', gt: '>', apos: "'" }[e.toLowerCase()];
    if (named) return named;
    return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

/** The hrefs of the links of an HTML page (not the `download` ones). */
function linksOf(html) {
  const out = [];
  for (const m of html.matchAll(/<a\b([^>]*)>/gi)) {
    if (/\sdownload[\s=>]/i.test(`${m[1]}>`)) continue;
    const href = m[1].match(/\shref\s*=\s*(?:"([^"]*)"|'([^']*)')/i);
    if (href) out.push(decode(href[1] ?? href[2]));
  }
  return out;
}

function describe(violations) {
  return violations.map((v) => {
    const nodes = v.nodes.slice(0, 3).map((n) =>
      `      - ${n.target.join(' ')}\n        ${(n.failureSummary || '').replace(/\n/g, '\n        ')}`).join('\n');
    const more = v.nodes.length > 3 ? `\n      … and ${v.nodes.length - 3} more` : '';
    return `    [${v.impact}] ${v.id}: ${v.help}\n${nodes}${more}`;
  }).join('\n');
}

/**
 * Breadth-first from `seeds`, with the context's cookies, without a browser: every page must
 * answer 200 (after redirects) and a signed-in person must not land on the login page.
 * Returns { pages: [[url, pattern]] in the order reached, one per pattern; problems; skipped }.
 */
async function crawl(context, seeds, who) {
  const problems = [];
  const skipped = [];
  const pages = [];
  const seen = new Map(seeds.map((u) => [patternOf(u), 1])); // pattern → URLs queued
  const queued = new Set(seeds);
  const queue = seeds.map((u) => [u, null]);
  let fetched = 0;
  while (queue.length && fetched < CRAWL_LIMIT) {
    const [url, from] = queue.shift();
    fetched += 1;
    const where = `${url} (${who || 'visitor'}${from ? `, linked from ${from}` : ''})`;
    let res;
    try {
      res = await context.request.get(demo.base + url, { maxRedirects: 10, timeout: 30_000 });
    } catch (e) {
      problems.push(`${where}: ${e.message.split('\n')[0]}`);
      continue;
    }
    const landed = new URL(res.url());
    if (res.status() !== 200) {
      problems.push(`${where}: answers ${res.status()}${landed.pathname + landed.search !== url ? ` at ${landed.pathname}` : ''}`);
      continue;
    }
    const type = res.headers()['content-type'] || '';
    if (!type.startsWith('text/html') || /attachment/.test(res.headers()['content-disposition'] || '')) {
      skipped.push(`${url} (${type.split(';')[0]})`);
      continue;
    }
    if (who && landed.pathname === '/connexion') {
      problems.push(`${where}: sends a signed-in person to the login page`);
      continue;
    }
    const p = pattern(landed.pathname);
    if (!pages.some(([, q]) => q === p)) pages.push([landed.pathname + landed.search, p]);
    for (const href of linksOf(await res.text())) {
      const next = crawlable(href, res.url());
      if (!next || queued.has(next)) continue;
      const q = patternOf(next);
      if ((seen.get(q) || 0) >= PER_PATTERN) continue;
      seen.set(q, (seen.get(q) || 0) + 1);
      queued.add(next);
      queue.push([next, url]);
    }
  }
  return { pages, problems, skipped, fetched, left: queue.length };
}

/** Open `url` in `page`, check it answers 200 in `lang`, run axe; returns the problems. */
async function audit(page, url, lang, who) {
  const where = `${url} (${lang}, ${who || 'visitor'})`;
  let resp;
  try {
    resp = await page.goto(demo.base + url, { waitUntil: 'load', timeout: 30_000 });
  } catch (e) {
    return [`${where}: ${e.message.split('\n')[0]}`];
  }
  if (resp?.status() !== 200) return [`${where}: answers ${resp?.status()} in the browser`];
  const problems = [];
  const htmlLang = await page.getAttribute('html', 'lang');
  if (htmlLang !== lang && !OWN_LANGUAGE.some((re) => re.test(new URL(page.url()).pathname))) {
    problems.push(`${where}: <html lang="${htmlLang}">`);
  }
  await page.addScriptTag({ path: AXE });
  const results = await page.evaluate(async (tags) =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), TAGS);
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length) problems.push(`${where}: axe found ${bad.length} serious/critical violation(s):\n${describe(bad)}`);
  return problems;
}

/** Audit `urls` in `lang` with JOBS pages of `context` at once. */
async function auditAll(context, urls, lang, who) {
  const problems = [];
  const todo = [...urls];
  const pages = await Promise.all(Array.from({ length: Math.min(JOBS, todo.length) }, () => context.newPage()));
  await Promise.all(pages.map(async (page) => {
    for (let url = todo.shift(); url !== undefined; url = todo.shift()) problems.push(...await audit(page, url, lang, who));
    await page.close();
  }));
  return problems;
}

async function switchTo(page, context, lang, who) {
  if (who) {
    // A signed-in person's pages speak their account's language: switched as they would.
    await page.goto(`${demo.base}/`);
    if (await page.getAttribute('html', 'lang') !== lang) {
      await Promise.all([page.waitForNavigation(), page.click('#lang-switch button')]);
    }
    assert.equal(await page.getAttribute('html', 'lang'), lang);
  } else {
    const { hostname } = new URL(demo.base);
    await context.addCookies([{ name: 'lang', value: lang, domain: hostname, path: '/' }]);
  }
}

const only = (process.env.MAILLAGE_CRAWL_ROLES || '').split(',').map((r) => r.trim()).filter(Boolean);
for (const [role, who] of ROLES.filter(([r, w]) => !only.length || only.some((o) => r.includes(o) || (w || '').startsWith(o)))) {
  test(`every page reached as ${role} answers 200, and passes axe in French and English`, async () => {
    const t0 = Date.now();
    // bypassCSP: the app's strict CSP (script-src 'self') would block axe's injection.
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
    // Nothing from elsewhere (the map's tiles): the crawl tests this server only.
    await context.route((u) => !u.href.startsWith(demo.base), (r) => r.abort());
    const problems = [];
    try {
      const page = await context.newPage();
      await switchTo(page, context, 'fr', null);
      if (who) {
        await signIn(page, demo.base, who, PASSWORD);
        await switchTo(page, context, 'fr', who);
      }
      const found = await crawl(context, who ? ['/', '/mon-espace'] : ['/'], who);
      problems.push(...found.problems);
      const t1 = Date.now();
      const fresh = found.pages.filter(([, p]) => !audited.has(p));
      const mine = fresh.slice(0, CAP);
      for (const [, p] of mine) audited.add(p);
      const urls = mine.map(([u]) => u);
      problems.push(...await auditAll(context, urls, 'fr', who));
      const t2 = Date.now();
      await switchTo(page, context, 'en', who);
      problems.push(...await auditAll(context, urls, 'en', who));
      const t3 = Date.now();
      const line = `${role}: ${found.fetched} pages fetched (${found.pages.length} patterns, ${found.skipped.length} not HTML`
        + `${found.left ? `, ${found.left} left unfetched` : ''}) in ${((t1 - t0) / 1000).toFixed(1)} s; `
        + `${urls.length} audited in French (${((t2 - t1) / 1000).toFixed(1)} s) and in English (${((t3 - t2) / 1000).toFixed(1)} s)`
        + `${fresh.length > mine.length ? `, ${fresh.length - mine.length} new patterns over the cap` : ''}`;
      summary.push(line);
      const mark = new Set(urls);
      console.log(`${line}\n${found.pages.map(([u, p]) => `  ${mark.has(u) ? 'axe' : '   '} ${u}${u.split('?')[0] === p ? '' : `  [${p}]`}`).join('\n')}`
        + (found.skipped.length ? `\n  not HTML: ${found.skipped.join(', ')}` : ''));
    } finally {
      await context.close();
    }
    assert.equal(problems.length, 0, `${problems.length} problem(s) as ${role}:\n${problems.join('\n')}`);
  });
}
