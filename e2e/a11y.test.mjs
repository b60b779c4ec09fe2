// SPDX-License-Identifier: AGPL-3.0-or-later
// Accessibility checks with axe-core: fail on "serious" or "critical" violations.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, launchBrowser, screenshot, startServer } from './server.mjs';

const AXE = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const PAGES = ['/', '/connexion', '/inscription', '/mot-de-passe-oublie', '/actualites'];
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

function describe(violations) {
  return violations.map((v) => {
    const nodes = v.nodes.slice(0, 5).map((n) =>
      `      - ${n.target.join(' ')}\n        ${(n.failureSummary || '').replace(/\n/g, '\n        ')}`).join('\n');
    const more = v.nodes.length > 5 ? `\n      … and ${v.nodes.length - 5} more` : '';
    return `  [${v.impact}] ${v.id}: ${v.help}\n    ${v.helpUrl}\n${nodes}${more}`;
  }).join('\n');
}

async function audit(urlPath, viewport, shotName) {
  // bypassCSP: the app's strict CSP (script-src 'self') would block axe's injection.
  const context = await browser.newContext({ bypassCSP: true, viewport, locale: 'fr-FR' });
  try {
    const page = await context.newPage();
    const resp = await page.goto(server.base + urlPath);
    assert.equal(resp.status(), 200, `GET ${urlPath}`);
    await page.waitForLoadState('networkidle').catch(() => {});
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
