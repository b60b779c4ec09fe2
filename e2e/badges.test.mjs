// SPDX-License-Identifier: AGPL-3.0-or-later
// Open Badges 3.0 (issue 19, points 5 and 9): the independent verification. The demo's badge,
// issued and signed by the running app, is verified by Digital Bazaar's `@digitalbazaar/vc`
// with the `eddsa-rdfc-2022` cryptosuite (e2e/vc-verify.mjs, a document loader over the
// contexts shipped in assets/jsonld/ and the documents fetched from the app: no other network);
// a changed copy fails; after a key rotation the old badge still verifies; after revocation
// (the status list credential is verified by the same library, then its bit read) it fails.
// The member's page of badges and the public verification page, on a phone, with axe-core.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  BIN, ROOT, clickAndSettle, launchBrowser, screenshot, signIn, startServer, submitOf,
} from './server.mjs';
import { verify } from './vc-verify.mjs';

const AXE = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const PASSWORD = 'demo-maillage-2026';
const PHONE = { width: 375, height: 740 };

let server;
let browser;

before(async () => {
  server = await startServer();
  const r = spawnSync(BIN, ['demo'], { cwd: ROOT, env: server.env, encoding: 'utf8' });
  assert.equal(r.status, 0, `maillage demo failed:\n${r.stdout}\n${r.stderr}`);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function axe(page, label) {
  await page.addScriptTag({ path: AXE });
  const results = await page.evaluate(async (tags) =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), TAGS);
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const text = bad.map((v) => `  [${v.impact}] ${v.id}: ${v.help}\n${v.nodes.slice(0, 5).map((n) => `    - ${n.target.join(' ')}`).join('\n')}`).join('\n');
  assert.equal(bad.length, 0, `axe on ${label}:\n${text}`);
}

async function signedIn(email, viewport = PHONE) {
  const context = await browser.newContext({ locale: 'fr-FR', bypassCSP: true, viewport });
  const page = await context.newPage();
  await signIn(page, server.base, email, PASSWORD);
  return { context, page };
}

async function getJson(url) {
  assert.ok(url.startsWith(server.base), `${url} is a document of the app under test`);
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  assert.equal(res.status, 200, url);
  return res.json();
}

/** The issuer's profile and the status list a credential names, fetched from the app. */
async function documentsOf(credential) {
  const issuer = await getJson(credential.issuer.id);
  const list = await getJson(credential.credentialStatus.statusListCredential);
  return { [issuer.id]: issuer, [list.id]: list };
}

let verificationPath;
let credential;

test('the member finds the badge, its verification page and its JSON (phone, axe)', async () => {
  const { context, page } = await signedIn('membre@demo.maillage.fr');
  try {
    await page.goto(`${server.base}/mes-badges`);
    assert.ok((await page.textContent('#my-badges')).includes('Animer un atelier de tiers-lieu'));
    await screenshot(page, 'badges-mine-phone');
    await axe(page, 'mes badges (phone)');
    await clickAndSettle(page, '#my-badges h2 a');
    verificationPath = new URL(page.url()).pathname;
    assert.equal(await page.getAttribute('#badge-verdict', 'data-valid'), 'true');
    await screenshot(page, 'badge-verification-phone');
    await axe(page, 'badge verification page (phone)');
  } finally {
    await context.close();
  }
  const res = await fetch(`${server.base}${verificationPath}.json`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-disposition'), /^attachment/);
  credential = await res.json();
  assert.deepEqual(credential.type, ['VerifiableCredential', 'OpenBadgeCredential']);
  assert.equal(credential.proof.cryptosuite, 'eddsa-rdfc-2022');
});

test('Digital Bazaar\'s verifier accepts the credential and refuses a changed copy', async () => {
  const documents = await documentsOf(credential);
  const ok = await verify(credential, documents);
  assert.equal(ok.verified, true, `valid credential refused: ${ok.error}`);

  const tampered = structuredClone(credential);
  tampered.credentialSubject.achievement.name = 'Piloter un avion';
  const bad = await verify(tampered, documents);
  assert.equal(bad.verified, false, 'a changed credential must fail');

  const otherIssuer = structuredClone(credential);
  otherIssuer.issuer.name = 'Un autre réseau';
  assert.equal((await verify(otherIssuer, documents)).verified, false);

  // The status list credential is itself signed by the issuer and verifies.
  const list = documents[credential.credentialStatus.statusListCredential];
  assert.deepEqual(list.type, ['VerifiableCredential', 'BitstringStatusListCredential']);
});

test('after a key rotation the old badge still verifies; after revocation it fails', async () => {
  const { context, page } = await signedIn('animatrice@demo.maillage.fr', { width: 1280, height: 900 });
  try {
    // Rotate the network's key from its issuer page.
    await page.goto(credential.issuer.id);
    await axe(page, 'issuer page');
    await clickAndSettle(page, submitOf('form#rotate-key'));
    const documents = await documentsOf(credential);
    assert.equal(documents[credential.issuer.id].verificationMethod.length, 2);
    const still = await verify(credential, documents);
    assert.equal(still.verified, true, `old credential after rotation: ${still.error}`);

    // The achievement form: errors in French tied to their fields, then the achievement page
    // with its award form.
    const networkId = credential.issuer.id.split('/reseau-')[1];
    await page.goto(`${server.base}/badges/realisations/nouvelle?network_id=${networkId}`);
    await axe(page, 'achievement form');
    await clickAndSettle(page, submitOf('form#achievement-form'));
    assert.equal(await page.getAttribute('#name', 'aria-invalid'), 'true');
    await axe(page, 'achievement form with errors');
    await page.fill('#name', 'Tenir une permanence');
    await page.fill('#description', "Accueillir le public d'un tiers-lieu.");
    await page.fill('#criteria', 'Dix permanences tenues.');
    await clickAndSettle(page, submitOf('form#achievement-form'));
    assert.ok(await page.locator('form#award-form').count() === 1, 'the achievement page offers to award it');
    await axe(page, 'achievement page');

    // Revoke it from its verification page.
    await page.goto(`${server.base}${verificationPath}`);
    await clickAndSettle(page, submitOf('form#badge-revoke'));
    assert.equal(await page.getAttribute('#badge-verdict', 'data-valid'), 'false');
    const after = await documentsOf(credential);
    const revoked = await verify(credential, after);
    assert.equal(revoked.verified, false, 'a revoked credential must fail');
    assert.match(revoked.error, /revoked/);
  } finally {
    await context.close();
  }
});
