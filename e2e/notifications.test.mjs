// SPDX-License-Identifier: AGPL-3.0-or-later
// Notification preferences (issue 20 point 5), on a phone: from « Mon compte » to the
// settings, one kind set to a daily digest by its radio button (reached by its label), saved
// with a flash, and still checked when the page is opened again.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import {
  BIN, ROOT, clickAndSettle, launchBrowser, screenshot, signIn, startServer, submitOf,
} from './server.mjs';

const EMAIL = 'notifications@example.org';
const PASSWORD = 'mot de passe des notifications 2026';

let server;
let browser;

before(async () => {
  server = await startServer();
  const u = spawnSync(BIN, ['user', 'create', '--email', EMAIL, '--name', 'Camille', '--password-stdin'],
    { cwd: ROOT, env: server.env, input: `${PASSWORD}\n`, encoding: 'utf8' });
  assert.equal(u.status, 0, `user create failed:\n${u.stdout}\n${u.stderr}`);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a person chooses a daily digest for group emails', async () => {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 375, height: 740 } });
  try {
    const page = await context.newPage();
    await signIn(page, server.base, EMAIL, PASSWORD);
    await page.goto(`${server.base}/compte`);
    await clickAndSettle(page, 'a[href="/compte/notifications"]');
    assert.equal(new URL(page.url()).pathname, '/compte/notifications');
    const groups = page.getByRole('group', { name: 'Réunions et comptes rendus des groupes' });
    await groups.getByLabel('Un résumé par jour').check();
    await clickAndSettle(page, submitOf('form#notifications'));
    assert.match(await page.locator('.flash').innerText(), /Préférences de notification enregistrées/);
    await screenshot(page, 'notifications-saved');
    await page.reload();
    assert.ok(await page.locator('#groups-daily').isChecked(), 'the choice is kept');
    assert.ok(await page.locator('#projects-immediate').isChecked(), 'the other kinds are untouched');
  } finally {
    await context.close();
  }
});
