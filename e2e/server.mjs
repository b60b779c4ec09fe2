// SPDX-License-Identifier: AGPL-3.0-or-later
// Test helpers: start the already-built `maillage serve` on a fresh temp data
// dir and a free port, launch Debian's chromium through playwright-core, and
// read emails that aiosmtpd's Mailbox handler writes into a Maildir.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = process.env.MAILLAGE_BIN || path.join(ROOT, 'target', 'debug', 'maillage');
export const SCREENSHOT_DIR = path.join(ROOT, 'target', 'e2e-screenshots');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function smtpTarget() {
  const [host, port] = (process.env.MAILLAGE_TEST_SMTP || '127.0.0.1:2525').split(':');
  return { host: host || '127.0.0.1', port: port || '2525' };
}

/**
 * Start `maillage serve`. Returns { base, dataDir, env, log(), stop() }.
 * Extra env vars may be passed (e.g. to tweak rate limits).
 */
export async function startServer(extraEnv = {}) {
  if (!fs.existsSync(BIN)) {
    throw new Error(`binary not found: ${BIN} (run \`cargo build\` first)`);
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'maillage-e2e-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const smtp = smtpTarget();
  const env = {
    ...process.env,
    MAILLAGE_DATA_DIR: dataDir,
    MAILLAGE_LISTEN: `127.0.0.1:${port}`,
    MAILLAGE_BASE_URL: base,
    MAILLAGE_SMTP_HOST: smtp.host,
    MAILLAGE_SMTP_PORT: smtp.port,
    MAILLAGE_SMTP_TLS: 'none',
    MAILLAGE_MAIL_FROM: 'Maillage <noreply@example.org>',
    ...extraEnv,
  };
  delete env.MAILLAGE_DATABASE_URL; // always the temp SQLite database
  const logFile = path.join(dataDir, 'server.log');
  const out = fs.openSync(logFile, 'a');
  const child = spawn(BIN, ['serve'], { cwd: ROOT, env, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; });

  const log = () => { try { return fs.readFileSync(logFile, 'utf8'); } catch { return ''; } };
  const stop = async () => {
    if (exited === null) {
      child.kill('SIGTERM');
      for (let i = 0; i < 50 && exited === null; i++) await sleep(100);
      if (exited === null) child.kill('SIGKILL');
    }
    if (!process.env.MAILLAGE_E2E_KEEP) fs.rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited !== null) {
      const l = log();
      await stop();
      throw new Error(`maillage serve exited early (${JSON.stringify(exited)}). Log:\n${l}`);
    }
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.status === 200) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      const l = log();
      await stop();
      throw new Error(`GET ${base}/healthz did not answer 200 within 30 s. Log:\n${l}`);
    }
    await sleep(200);
  }
  return { base, dataDir, env, log, stop };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'],
  });
}

export async function screenshot(page, name) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^A-Za-z0-9_.-]+/g, '_')}.png`);
  try { await page.screenshot({ path: file, fullPage: true }); } catch (e) {
    console.error(`screenshot ${file} failed: ${e.message}`);
  }
  return file;
}

/** CSS selector for the submit button(s) of a form. */
export function submitOf(formSel) {
  return [`${formSel} button[type=submit]`, `${formSel} input[type=submit]`, `${formSel} button:not([type])`].join(', ');
}

/**
 * Click `selector` and wait for the document/XHR response it triggers (plain form
 * post, redirect or htmx request), then for the network to settle.
 * Returns the first response (the POST answer, often a 303).
 */
export async function clickAndSettle(page, selector, timeout = 15_000) {
  const [resp] = await Promise.all([
    page.waitForResponse((r) => ['document', 'xhr', 'fetch'].includes(r.request().resourceType()), { timeout }),
    page.click(selector, { timeout }),
  ]);
  await page.waitForLoadState('load', { timeout }).catch(() => {});
  await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {});
  return resp;
}

/**
 * Sign `email` in through the login form of `base` (`form#login`), as a person would: open
 * /connexion, type the address and the password, send, and wait for the answer. Fails with the
 * page's text unless the answer is below 400 and the header shows the account link.
 * Returns the login POST's response (a 303 to « Mon espace » or `next`).
 */
export async function signIn(page, base, email, password) {
  await page.goto(`${base}/connexion`);
  await page.fill('form#login #email', email);
  await page.fill('form#login #password', password);
  const r = await clickAndSettle(page, submitOf('form#login'));
  const text = async () => (await page.locator('body').innerText().catch(() => '')).slice(0, 2000);
  assert.ok(r.status() < 400, `login of ${email} answered ${r.status()}: ${await text()}`);
  // Attached, not visible: on a phone the account link may sit in a closed menu.
  await page.waitForSelector('#account-link', { state: 'attached', timeout: 10_000 });
  return r;
}

export function maildir() {
  return process.env.MAILLAGE_TEST_MAILDIR || '';
}

function addressesOf(field) {
  if (!field) return [];
  const list = Array.isArray(field) ? field : [field];
  return list.flatMap((a) => (a.value || []).map((v) => (v.address || '').toLowerCase()));
}

/**
 * Wait (up to `timeoutMs`) for the newest email to `recipient` in the Maildir and
 * return { subject, text, html, file }. `since` (ms epoch) ignores older files.
 */
export async function waitForEmail(recipient, { timeoutMs = 15_000, since = 0 } = {}) {
  const dir = maildir();
  if (!dir) throw new Error('MAILLAGE_TEST_MAILDIR is not set (run via scripts/test.sh)');
  const want = recipient.toLowerCase();
  const deadline = Date.now() + timeoutMs;
  const seen = new Set();
  let best = null;
  for (;;) {
    for (const sub of ['new', 'cur']) {
      let names = [];
      try { names = fs.readdirSync(path.join(dir, sub)); } catch { continue; }
      for (const name of names) {
        const file = path.join(dir, sub, name);
        if (seen.has(name)) continue;
        let st;
        try { st = fs.statSync(file); } catch { continue; }
        if (st.mtimeMs < since) { seen.add(name); continue; }
        const raw = fs.readFileSync(file);
        const head = raw.subarray(0, 16384).toString('latin1').toLowerCase();
        if (!head.includes(want)) { seen.add(name); continue; }
        const mail = await simpleParser(raw);
        seen.add(name);
        const rcpt = [...addressesOf(mail.to), ...addressesOf(mail.cc),
          ...String(mail.headers.get('x-rcptto') || '').toLowerCase().split(/[\s,]+/)];
        if (!rcpt.includes(want)) continue;
        const msg = { subject: mail.subject || '', text: mail.text || '', html: mail.html || '', file, mtime: st.mtimeMs };
        if (!best || msg.mtime >= best.mtime) best = msg;
      }
    }
    if (best) return best;
    if (Date.now() > deadline) {
      throw new Error(`no email to ${recipient} in ${dir} within ${timeoutMs} ms`);
    }
    await sleep(250);
  }
}

/** First match of `regex` in the email text (then HTML), or throw with the email body. */
export function extractUrl(mail, regex) {
  for (const body of [mail.text, mail.html]) {
    const m = body && body.match(regex);
    if (m) return m[0].replace(/&amp;/g, '&');
  }
  throw new Error(`no URL matching ${regex} in email "${mail.subject}":\n${mail.text || mail.html}`);
}
