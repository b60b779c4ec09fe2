// SPDX-License-Identifier: AGPL-3.0-or-later
// With the real CSP (no bypass): pages load without console errors, CSP
// violations, JS exceptions or broken same-origin sub-resources.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, screenshot, startServer } from './server.mjs';

let server;
let browser;
// A transparent 1×1 PNG.
const BLANK_TILE = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

for (const p of ['/', '/connexion']) {
  test(`CSP: ${p} loads without violations or console errors`, async () => {
    const context = await browser.newContext({ locale: 'fr-FR' });
    // The home page's map asks OpenStreetMap for tiles (allowed by img-src); the test machine
    // has no Internet, so they are answered here with a blank tile. CSP is checked by the
    // browser before the request leaves, so a tile host outside the policy is still reported.
    await context.route('https://tile.openstreetmap.org/**', (route) =>
      route.fulfill({ status: 200, contentType: 'image/png', body: BLANK_TILE }),
    );
    try {
      const page = await context.newPage();
      const problems = [];
      await page.addInitScript(() => {
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', (e) => {
          window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile || ''}:${e.lineNumber || ''}`);
        });
      });
      page.on('console', (m) => {
        if (m.type() !== 'error') return;
        const where = m.location()?.url || '';
        // Chromium asks for /favicon.ico on its own; a missing one is not a page problem.
        if (where.endsWith('/favicon.ico')) return;
        problems.push(`console error: ${m.text()}${where ? ` (${where})` : ''}`);
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
      page.on('response', (r) => {
        const url = r.url();
        if (r.status() >= 400 && url.startsWith(server.base) && !url.endsWith('/favicon.ico')) {
          problems.push(`HTTP ${r.status()} for ${url}`);
        }
      });
      const resp = await page.goto(server.base + p);
      assert.equal(resp.status(), 200, `GET ${p}`);
      const csp = resp.headers()['content-security-policy'];
      assert.ok(csp, `${p} should send a Content-Security-Policy header`);
      await page.waitForLoadState('networkidle').catch(() => {});
      await screenshot(page, `csp${p === '/' ? '-home' : p}`);
      const violations = await page.evaluate(() => window.__cspViolations);
      problems.push(...violations.map((v) => `CSP violation: ${v}`));
      assert.deepEqual(problems, [], `problems on ${p} (CSP: ${csp})`);
    } finally {
      await context.close();
    }
  });
}
