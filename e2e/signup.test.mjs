// SPDX-License-Identifier: AGPL-3.0-or-later
// Sign up -> confirmation email -> confirm -> log in -> switch language -> log out.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  clickAndSettle, extractUrl, launchBrowser, maildir, screenshot, startServer, submitOf, waitForEmail,
} from './server.mjs';

let server;
let browser;
let failed = false;

before(async () => {
  server = await startServer();
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

// Without a Maildir the flow cannot read the confirmation email: skip locally, fail in CI.
const skip = !maildir() && !process.env.CI && 'MAILLAGE_TEST_MAILDIR not set (run via scripts/test.sh)';

test('sign-up, email confirmation, login, language switch, logout', { skip }, async (t) => {
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await context.newPage();
  const stamp = `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  const email = `e2e-${stamp}@example.org`;
  const name = `Camille E2E ${stamp.slice(-6)}`;
  const password = 'correct-horse-battery-staple-42';
  const base = server.base;
  // Steps run in order on one page; once one fails the later ones are skipped.
  const step = (title, fn) => t.test(title, async (st) => {
    if (failed) { st.skip('an earlier step failed'); return; }
    try { await fn(); } catch (e) {
      failed = true;
      await screenshot(page, `failed-${title.split(' ')[0]}`);
      throw e;
    }
  });
  try {
    await step('sign-up form /inscription', async () => {
      const resp = await page.goto(`${base}/inscription`);
      assert.equal(resp.status(), 200, 'GET /inscription');
      await screenshot(page, 'signup-form');
      const since = Date.now() - 2000;
      await page.fill('form#signup #display_name', name);
      await page.fill('form#signup #email', email);
      await page.fill('form#signup #password', password);
      await page.fill('form#signup #password_confirm', password);
      const r = await clickAndSettle(page, submitOf('form#signup'));
      await screenshot(page, 'signup-submitted');
      assert.ok(r.status() < 400, `sign-up POST answered ${r.status()}; page says:\n${await bodyText(page)}`);

      const mail = await waitForEmail(email, { since });
      const link = extractUrl(mail, /https?:\/\/[^\s"'<>]+\/confirmation\/[A-Za-z0-9._~%-]+/);
      assert.ok(link.startsWith(`${base}/confirmation/`), `confirmation link ${link} should start with ${base}/confirmation/`);

      const c = await page.goto(link);
      assert.equal(c.status(), 200, `GET ${link}`);
      await screenshot(page, 'confirm-form');
      await page.waitForSelector('form#confirm', { timeout: 5000 });
      const cr = await clickAndSettle(page, submitOf('form#confirm'));
      await screenshot(page, 'confirm-submitted');
      assert.ok(cr.status() < 400, `confirmation POST answered ${cr.status()}; page says:\n${await bodyText(page)}`);
    });

    await step('login /connexion shows the display name in #account-link', async () => {
      const resp = await page.goto(`${base}/connexion`);
      assert.equal(resp.status(), 200, 'GET /connexion');
      await page.fill('form#login #email', email);
      await page.fill('form#login #password', password);
      const r = await clickAndSettle(page, submitOf('form#login'));
      assert.ok(r.status() < 400, `login POST answered ${r.status()}; page says:\n${await bodyText(page)}`);
      await page.waitForSelector('#account-link', { timeout: 10_000 }).catch(async () => {
        await screenshot(page, 'login-failed');
        assert.fail(`#account-link not found after login (at ${page.url()}); page says:\n${await bodyText(page)}`);
      });
      await screenshot(page, 'logged-in');
      const text = await page.locator('#account-link').innerText();
      assert.ok(text.includes(name), `#account-link should contain "${name}", got "${text}"`);
    });

    await step('language switch fr -> en -> fr via form#lang-switch', async () => {
      assert.equal(await page.getAttribute('html', 'lang'), 'fr', 'pages start in French');
      await clickAndSettle(page, 'form#lang-switch button[name=lang][value=en]');
      await page.waitForFunction(() => document.documentElement.lang === 'en', null, { timeout: 10_000 })
        .catch(async () => assert.fail(`<html lang> is "${await page.getAttribute('html', 'lang')}" after choosing English`));
      await screenshot(page, 'logged-in-en');
      await page.waitForSelector('form#lang-switch button[name=lang][value=fr]', { timeout: 5000 });
      await clickAndSettle(page, 'form#lang-switch button[name=lang][value=fr]');
      await page.waitForFunction(() => document.documentElement.lang === 'fr', null, { timeout: 10_000 })
        .catch(async () => assert.fail(`<html lang> is "${await page.getAttribute('html', 'lang')}" after choosing French`));
      assert.ok(await page.locator('#account-link').count() > 0, 'still logged in after switching language');
    });

    await step('logout via form#logout', async () => {
      await clickAndSettle(page, submitOf('form#logout'));
      await page.waitForSelector('#account-link', { state: 'detached', timeout: 10_000 }).catch(async () => {
        assert.fail(`#account-link still present after logout (at ${page.url()})`);
      });
      await screenshot(page, 'logged-out');
    });
  } catch (e) {
    failed = true;
    throw e;
  } finally {
    await context.close();
  }
});
