// An independent verifier of Maillage's Open Badges credentials: Digital Bazaar's
// `@digitalbazaar/vc` with the `eddsa-rdfc-2022` cryptosuite, over a document loader that
// serves only the contexts bundled in assets/jsonld/ and the issuer documents it is given
// (no network). Used by e2e/badges.test.mjs, and from the command line:
//   node e2e/vc-verify.mjs credential.json issuer.json [status-list.json]
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import path from 'node:path';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import jsigs from 'jsonld-signatures';

const here = path.dirname(fileURLToPath(import.meta.url));
const bundled = (file) =>
  JSON.parse(readFileSync(path.join(here, '..', 'assets', 'jsonld', file), 'utf8'));

/** The contexts of the repository, by URL. */
export const CONTEXTS = {
  'https://www.w3.org/ns/credentials/v2': bundled('credentials-v2.jsonld'),
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json':
    bundled('ob-v3p0-context-3.0.3.json'),
  'https://w3id.org/security/multikey/v1': bundled('multikey-v1.jsonld'),
  'https://w3id.org/security/data-integrity/v2': bundled('data-integrity-v2.jsonld'),
};

/**
 * A document loader over the bundled contexts and `documents` (issuer profiles and status
 * lists, by URL). A verification method `issuer#key-n` is taken from its issuer's document.
 * Anything else fails: nothing is fetched.
 */
export function localLoader(documents = {}) {
  const local = async (url) => {
    if (CONTEXTS[url]) {
      return {contextUrl: null, documentUrl: url, document: CONTEXTS[url]};
    }
    if (documents[url]) {
      return {contextUrl: null, documentUrl: url, document: documents[url]};
    }
    const [base, fragment] = url.split('#');
    if (fragment !== undefined && documents[base]) {
      const vm = (documents[base].verificationMethod || []).find((m) => m.id === url);
      if (vm) {
        return {
          contextUrl: null,
          documentUrl: url,
          document: {'@context': 'https://w3id.org/security/multikey/v1', ...vm},
        };
      }
    }
    throw new Error(`document not available offline: ${url}`);
  };
  // the security contexts jsonld-signatures frames controller documents with
  return jsigs.extendContextLoader(local);
}

/** The bit `index` of a BitstringStatusList's `encodedList` (multibase base64url, gzip). */
export async function bitIsSet(encodedList, index) {
  const {gunzipSync} = await import('node:zlib');
  const bytes = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'));
  if (bytes.length < 16384) throw new Error('status list shorter than 16 KiB');
  return (bytes[Math.floor(index / 8)] & (0x80 >> (index % 8))) !== 0;
}

/**
 * Verifies `credential` with the issuer documents and status lists of `documents`; a
 * `credentialStatus` is checked here: the status list credential's own proof is verified by
 * the same library, its issuer must be the credential's, then the bit is read.
 * Resolves to `{verified, error}`.
 */
export async function verify(credential, documents = {}) {
  const documentLoader = localLoader(documents);
  const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});
  const checkStatus = async ({credential: c}) => {
    const entry = c.credentialStatus;
    if (entry.type !== 'BitstringStatusListEntry') {
      return {verified: false, error: new Error(`unknown status type ${entry.type}`)};
    }
    const list = documents[entry.statusListCredential];
    if (!list) return {verified: false, error: new Error('status list not available')};
    const listResult = await vc.verifyCredential({credential: list, suite, documentLoader});
    if (!listResult.verified) {
      return {verified: false, error: new Error('status list signature invalid')};
    }
    const issuerOf = (x) => (typeof x.issuer === 'string' ? x.issuer : x.issuer.id);
    if (issuerOf(list) !== issuerOf(c)) {
      return {verified: false, error: new Error('status list of another issuer')};
    }
    const set = await bitIsSet(list.credentialSubject.encodedList, Number(entry.statusListIndex));
    return set
      ? {verified: false, error: new Error(`credential revoked (${entry.statusPurpose} bit ${entry.statusListIndex} set)`)}
      : {verified: true};
  };
  const result = await vc.verifyCredential({credential, suite, documentLoader, checkStatus});
  const errors = [];
  if (result.error) errors.push(...(result.error.errors || [result.error]).map((e) => e.message));
  if (result.statusResult && !result.statusResult.verified) {
    errors.push(`status: ${result.statusResult.error?.message || 'not verified'}`);
  }
  const error = errors.length ? errors.join('; ') : null;
  return {verified: result.verified, error, result};
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [credentialFile, ...others] = process.argv.slice(2);
  if (!credentialFile) {
    console.error('usage: node e2e/vc-verify.mjs credential.json issuer.json [status-list.json]');
    process.exit(2);
  }
  const read = (f) => JSON.parse(readFileSync(f, 'utf8'));
  const documents = Object.fromEntries(others.map(read).map((d) => [d.id, d]));
  const {verified, error} = await verify(read(credentialFile), documents);
  console.log(JSON.stringify({verified, error}));
  process.exit(verified ? 0 : 1);
}
