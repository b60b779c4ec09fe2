// SPDX-License-Identifier: AGPL-3.0-or-later
// Login limits that fit a shared IP (issue 17 point 4), played in a browser: ten people of one
// tiers-lieu, each on their own browser but all from 127.0.0.1, sign in through the form within
// a minute and all land signed in; then someone guesses one account's password through the
// form: the first failures say the password is wrong, and once the account's free failures are
// spent (`login_account_failures`, 5 by default) the form answers 429 with the wait in French,
// even to the right password; a correct login of another account from the same IP still
// succeeds afterwards (the IP's own threshold, 100 failures, is far away). The rules are
// `src/auth/throttle.rs`'s; tests/it/login_limits.rs checks them with a mock clock.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import {
  BIN, ROOT, clickAndSettle, launchBrowser, screenshot, signIn, startServer, submitOf,
} from './server.mjs';

const PASSWORD = 'une phrase de passe du tiers-lieu';
const PEOPLE = Array.from({ length: 10 }, (_, i) => `personne${i + 1}@tiers-lieu.example.org`);

let server;
let browser;

before(async () => {
  server = await startServer();
  for (const [i, email] of PEOPLE.entries()) {
    const u = spawnSync(BIN, ['user', 'create', '--email', email, '--name', `Personne ${i + 1}`, '--password-stdin'],
      { cwd: ROOT, env: server.env, input: `${PASSWORD}\n`, encoding: 'utf8' });
    assert.equal(u.status, 0, `user create ${email} failed:\n${u.stdout}\n${u.stderr}`);
  }
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The text of the form's error summary, without Fluent's isolation marks. */
async function formError(page) {
  const text = await page.locator('main .error-summary').innerText().catch(() => '');
  return text.replace(/[\u2068\u2069]/g, '').trim();
}

/** One try through the login form; returns the POST's response. */
async function attempt(page, email, password) {
  await page.goto(`${server.base}/connexion`);
  await page.fill('form#login #email', email);
  await page.fill('form#login #password', password);
  return clickAndSettle(page, submitOf('form#login'));
}

test('ten people sign in from one IP within a minute, then a guessing loop on one account is slowed', async () => {
  const t0 = Date.now();
  for (const email of PEOPLE) {
    const context = await browser.newContext({ locale: 'fr-FR' });
    try {
      const page = await context.newPage();
      const r = await signIn(page, server.base, email, PASSWORD);
      assert.equal(r.status(), 303, `${email} is redirected after signing in`);
      assert.equal(new URL(page.url()).pathname, '/mon-espace', `${email} lands on « Mon espace »`);
    } finally {
      await context.close();
    }
  }
  const secs = (Date.now() - t0) / 1000;
  console.log(`ten sign-ins from 127.0.0.1 in ${secs.toFixed(1)} s`);
  assert.ok(secs < 60, `the ten sign-ins took ${secs} s`);

  // A password-guessing loop on the first account, from the same IP.
  const target = PEOPLE[0];
  const guesser = await browser.newContext({ locale: 'fr-FR' });
  try {
    const page = await guesser.newPage();
    for (let i = 1; i <= 5; i++) {
      const r = await attempt(page, target, `devinette ${i}`);
      assert.equal(r.status(), 401, `guess ${i} is simply wrong`);
      assert.equal(await formError(page), 'Adresse e-mail ou mot de passe incorrect.', `guess ${i}`);
    }
    // The account's free failures are spent: it waits 30 s, and the form says so in French.
    const r = await attempt(page, target, 'devinette 6');
    assert.equal(r.status(), 429, 'the sixth guess is refused');
    const wait = Number(r.headers()['retry-after']);
    assert.ok(wait >= 1 && wait <= 31, `Retry-After: ${wait}`);
    assert.equal(await formError(page), 'Trop de tentatives pour ce compte : réessayez dans 1 minute(s).');
    assert.equal(await page.inputValue('form#login #email'), target, 'the address typed stays in the form');
    // Even the right password waits: the guesser learns nothing.
    const right = await attempt(page, target, PASSWORD);
    assert.equal(right.status(), 429, 'the right password waits too while the account is slowed');
    await screenshot(page, 'login-limits-slowed');
  } finally {
    await guesser.close();
  }

  // Another person of the same place, from the same IP, still gets in.
  const other = await browser.newContext({ locale: 'fr-FR' });
  try {
    const page = await other.newPage();
    const r = await signIn(page, server.base, PEOPLE[1], PASSWORD);
    assert.equal(r.status(), 303);
    assert.equal(new URL(page.url()).pathname, '/mon-espace');
  } finally {
    await other.close();
  }
});
