//! Data Integrity proofs with the `eddsa-rdfc-2022` cryptosuite (W3C "Data Integrity EdDSA
//! Cryptosuites v1.0", §3.1): a JSON-LD document is turned into an RDF dataset (crate
//! `json-ld`, with the contexts bundled in `assets/jsonld/`, never fetched), canonicalized with
//! RDFC-1.0 (crate `rdf-canon`) into N-Quads, hashed with SHA-256, and the proof configuration
//! likewise; the Ed25519 signature (crate `ed25519-dalek`) covers `proofHash ‖ docHash`, and the
//! `proofValue` is its base58btc multibase (`z…`). Keys are `Multikey`s whose
//! `publicKeyMultibase` is `z` + base58btc(0xed 0x01 ‖ key).

use std::collections::HashMap;
use std::future::Future;
use std::sync::OnceLock;
use std::task::{Context, Poll, Waker};

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use json_ld::expansion::{Action, Policy};
use json_ld::syntax::Parse;
use json_ld::{IriBuf, JsonLdProcessor, Options, RemoteDocument};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

pub const CREDENTIALS_V2: &str = "https://www.w3.org/ns/credentials/v2";
pub const OB_V3: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
pub const MULTIKEY_V1: &str = "https://w3id.org/security/multikey/v1";
pub const DATA_INTEGRITY_V2: &str = "https://w3id.org/security/data-integrity/v2";
pub const CRYPTOSUITE: &str = "eddsa-rdfc-2022";

/// The contexts a credential of ours may name, as files of the repository (see
/// `assets/jsonld/README.md` for where each comes from and its licence).
pub const CONTEXTS: [(&str, &str); 4] = [
    (
        CREDENTIALS_V2,
        include_str!("../../../assets/jsonld/credentials-v2.jsonld"),
    ),
    (
        OB_V3,
        include_str!("../../../assets/jsonld/ob-v3p0-context-3.0.3.json"),
    ),
    (
        MULTIKEY_V1,
        include_str!("../../../assets/jsonld/multikey-v1.jsonld"),
    ),
    (
        DATA_INTEGRITY_V2,
        include_str!("../../../assets/jsonld/data-integrity-v2.jsonld"),
    ),
];

/// Why a document could not be canonicalized, signed or verified.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    #[error("the document is not valid JSON-LD for the bundled contexts: {0}")]
    JsonLd(String),
    #[error("the document has no proof, or more than one")]
    NoProof,
    #[error("the proof is not a DataIntegrityProof of eddsa-rdfc-2022 for assertionMethod")]
    UnsupportedProof,
    #[error("the proofValue is not a base58btc Ed25519 signature")]
    MalformedProofValue,
    #[error("the key is not a base58btc Ed25519 Multikey")]
    MalformedKey,
    #[error("the signature does not match the document")]
    BadSignature,
}

/// The in-memory document loader: only the bundled contexts, no network.
fn loader() -> &'static HashMap<IriBuf, RemoteDocument> {
    static LOADER: OnceLock<HashMap<IriBuf, RemoteDocument>> = OnceLock::new();
    LOADER.get_or_init(|| {
        CONTEXTS
            .iter()
            .map(|(url, text)| {
                let iri = IriBuf::new((*url).to_owned()).expect("a bundled context's URL");
                let (value, _) =
                    json_ld::syntax::Value::parse_str(text).expect("a bundled context parses");
                (
                    iri.clone(),
                    RemoteDocument::new(
                        Some(iri),
                        Some("application/ld+json".parse().expect("a media type")),
                        value,
                    ),
                )
            })
            .collect()
    })
}

/// Runs a future that never waits (the loader is in memory) to its end on this thread.
fn run_now<F: Future>(f: F) -> Option<F::Output> {
    let mut f = std::pin::pin!(f);
    let mut cx = Context::from_waker(Waker::noop());
    for _ in 0..64 {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return Some(v);
        }
    }
    None
}

fn jsonld_err(e: impl std::fmt::Display) -> ProofError {
    ProofError::JsonLd(e.to_string())
}

fn named(iri: &str) -> Result<oxrdf::NamedNode, ProofError> {
    oxrdf::NamedNode::new(iri).map_err(jsonld_err)
}

fn blank(id: &str) -> Result<oxrdf::BlankNode, ProofError> {
    oxrdf::BlankNode::new(id.trim_start_matches("_:")).map_err(jsonld_err)
}

type LdId = json_ld::ValidId<IriBuf, json_ld::BlankIdBuf>;

fn subject(id: &LdId) -> Result<oxrdf::Subject, ProofError> {
    Ok(match id {
        json_ld::ValidId::Iri(i) => named(i.as_str())?.into(),
        json_ld::ValidId::Blank(b) => blank(b.as_str())?.into(),
    })
}

const XSD_STRING: &str = "http://www.w3.org/2001/XMLSchema#string";

fn object(
    term: &json_ld::rdf::Value<IriBuf, json_ld::BlankIdBuf, json_ld::rdf_types::Literal>,
) -> Result<oxrdf::Term, ProofError> {
    use json_ld::rdf_types::{LiteralType, Term};
    Ok(match term {
        Term::Id(id) => match subject(id)? {
            oxrdf::Subject::NamedNode(n) => n.into(),
            oxrdf::Subject::BlankNode(b) => b.into(),
        },
        Term::Literal(l) => match &l.type_ {
            LiteralType::Any(t) if t.as_str() == XSD_STRING => {
                oxrdf::Literal::new_simple_literal(l.value.clone()).into()
            }
            LiteralType::Any(t) => {
                oxrdf::Literal::new_typed_literal(l.value.clone(), named(t.as_str())?).into()
            }
            LiteralType::LangString(tag) => {
                oxrdf::Literal::new_language_tagged_literal(l.value.clone(), tag.as_str())
                    .map_err(jsonld_err)?
                    .into()
            }
        },
    })
}

/// The RDF dataset of a JSON-LD document (expanded strictly: a term no context defines is an
/// error, as `safe` mode of jsonld.js), in RDFC-1.0 canonical N-Quads.
pub fn canonicalize(doc: &Value) -> Result<String, ProofError> {
    let text = serde_json::to_string(doc).map_err(jsonld_err)?;
    let (value, _) = json_ld::syntax::Value::parse_str(&text).map_err(jsonld_err)?;
    let input: RemoteDocument = RemoteDocument::new(None, None, value);
    let options = Options {
        expansion_policy: Policy {
            invalid: Action::Reject,
            vocab: Action::Keep,
            allow_undefined: false,
        },
        ..Options::default()
    };
    let mut generator = json_ld::rdf_types::generator::Blank::new();
    let mut rdf = run_now(input.to_rdf_using(&mut generator, loader(), options))
        .ok_or_else(|| ProofError::JsonLd("the document loader waited".into()))?
        .map_err(jsonld_err)?;
    let mut dataset = oxrdf::Dataset::new();
    for json_ld::rdf_types::Quad(s, p, o, g) in rdf.cloned_quads() {
        let predicate = match p {
            json_ld::ValidId::Iri(i) => named(i.as_str())?,
            json_ld::ValidId::Blank(_) => continue,
        };
        let graph = match g {
            None => oxrdf::GraphName::DefaultGraph,
            Some(json_ld::ValidId::Iri(i)) => named(i.as_str())?.into(),
            Some(json_ld::ValidId::Blank(b)) => blank(b.as_str())?.into(),
        };
        dataset.insert(&oxrdf::Quad::new(
            subject(&s)?,
            predicate,
            object(&o)?,
            graph,
        ));
    }
    rdf_canon::canonicalize(&dataset).map_err(jsonld_err)
}

fn sha256(text: &str) -> [u8; 32] {
    Sha256::digest(text.as_bytes()).into()
}

/// `hashData` of the cryptosuite: SHA-256 of the canonical proof configuration (the proof
/// without `proofValue`, with the document's `@context`) followed by SHA-256 of the canonical
/// document without its proof.
fn hash_data(doc: &Map<String, Value>, proof: &Map<String, Value>) -> Result<Vec<u8>, ProofError> {
    let mut config = proof.clone();
    config.remove("proofValue");
    if let Some(ctx) = doc.get("@context") {
        config.insert("@context".into(), ctx.clone());
    }
    let mut unsecured = doc.clone();
    unsecured.remove("proof");
    let mut out = sha256(&canonicalize(&Value::Object(config))?).to_vec();
    out.extend_from_slice(&sha256(&canonicalize(&Value::Object(unsecured))?));
    Ok(out)
}

/// Signs `doc` (a JSON object without `proof`): returns it with its `proof`.
pub fn sign(
    doc: &Value,
    key: &SigningKey,
    verification_method: &str,
    created: &str,
) -> Result<Value, ProofError> {
    let Value::Object(doc) = doc else {
        return Err(ProofError::JsonLd("a document is a JSON object".into()));
    };
    let proof = json!({
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": verification_method,
        "proofPurpose": "assertionMethod",
    });
    let Value::Object(mut proof) = proof else {
        unreachable!("a JSON object literal")
    };
    let signature = key.sign(&hash_data(doc, &proof)?);
    proof.insert(
        "proofValue".into(),
        Value::String(format!(
            "z{}",
            bs58::encode(signature.to_bytes()).into_string()
        )),
    );
    let mut signed = doc.clone();
    signed.insert("proof".into(), Value::Object(proof));
    Ok(Value::Object(signed))
}

/// The proof of a signed document, once it says it is ours to check (a single
/// `DataIntegrityProof` of `eddsa-rdfc-2022` for `assertionMethod`).
pub fn proof_of(doc: &Value) -> Result<&Map<String, Value>, ProofError> {
    let Some(Value::Object(proof)) = doc.get("proof") else {
        return Err(ProofError::NoProof);
    };
    let is = |k: &str, v: &str| proof.get(k).and_then(Value::as_str) == Some(v);
    if !(is("type", "DataIntegrityProof")
        && is("cryptosuite", CRYPTOSUITE)
        && is("proofPurpose", "assertionMethod"))
    {
        return Err(ProofError::UnsupportedProof);
    }
    Ok(proof)
}

/// The `verificationMethod` named by a document's proof.
pub fn verification_method(doc: &Value) -> Result<&str, ProofError> {
    proof_of(doc)?
        .get("verificationMethod")
        .and_then(Value::as_str)
        .ok_or(ProofError::UnsupportedProof)
}

/// Checks the proof of `doc` against the public key `key`.
pub fn verify(doc: &Value, key: &VerifyingKey) -> Result<(), ProofError> {
    let proof = proof_of(doc)?;
    let Value::Object(map) = doc else {
        return Err(ProofError::NoProof);
    };
    let value = proof
        .get("proofValue")
        .and_then(Value::as_str)
        .and_then(|v| v.strip_prefix('z'))
        .ok_or(ProofError::MalformedProofValue)?;
    let bytes = bs58::decode(value)
        .into_vec()
        .map_err(|_| ProofError::MalformedProofValue)?;
    let signature = Signature::from_slice(&bytes).map_err(|_| ProofError::MalformedProofValue)?;
    key.verify(&hash_data(map, proof)?, &signature)
        .map_err(|_| ProofError::BadSignature)
}

/// The multicodec prefix of an Ed25519 public key.
const ED25519_PUB: [u8; 2] = [0xed, 0x01];

/// `publicKeyMultibase` of a key: `z` + base58btc(0xed 0x01 ‖ key), `z6Mk…`.
pub fn multikey(key: &VerifyingKey) -> String {
    let mut bytes = ED25519_PUB.to_vec();
    bytes.extend_from_slice(key.as_bytes());
    format!("z{}", bs58::encode(bytes).into_string())
}

/// The key of a `publicKeyMultibase`.
pub fn parse_multikey(text: &str) -> Result<VerifyingKey, ProofError> {
    let bytes = text
        .strip_prefix('z')
        .and_then(|b| bs58::decode(b).into_vec().ok())
        .ok_or(ProofError::MalformedKey)?;
    let raw: [u8; 32] = bytes
        .strip_prefix(&ED25519_PUB[..])
        .and_then(|k| k.try_into().ok())
        .ok_or(ProofError::MalformedKey)?;
    VerifyingKey::from_bytes(&raw).map_err(|_| ProofError::MalformedKey)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> SigningKey {
        SigningKey::from_bytes(&[7u8; 32])
    }

    fn credential() -> Value {
        json!({
            "@context": [CREDENTIALS_V2, OB_V3],
            "id": "https://example.org/credentials/1",
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": {"id": "https://example.org/issuers/1", "type": ["Profile"], "name": "Réseau"},
            "validFrom": "2026-01-01T00:00:00Z",
            "name": "Animer un atelier",
            "credentialSubject": {
                "type": ["AchievementSubject"],
                "achievement": {
                    "id": "https://example.org/achievements/1",
                    "type": ["Achievement"],
                    "name": "Animer un atelier",
                    "description": "Sait animer",
                    "criteria": {"narrative": "A animé deux ateliers"}
                }
            }
        })
    }

    #[test]
    fn canonical_nquads_are_sorted_and_blank_nodes_relabelled() {
        let nq = canonicalize(&credential()).unwrap();
        let lines: Vec<&str> = nq.lines().collect();
        let mut sorted = lines.clone();
        sorted.sort();
        assert_eq!(lines, sorted);
        assert!(nq.contains("<https://example.org/credentials/1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential> ."));
        assert!(nq.contains("_:c14n0"), "{nq}");
    }

    #[test]
    fn a_signed_credential_verifies_and_a_changed_one_does_not() {
        let k = key();
        let signed = sign(
            &credential(),
            &k,
            "https://example.org/issuers/1#key-1",
            "2026-01-01T00:00:00Z",
        )
        .unwrap();
        let value = signed["proof"]["proofValue"].as_str().unwrap();
        assert!(value.starts_with('z'));
        verify(&signed, &k.verifying_key()).unwrap();
        let mut tampered = signed.clone();
        tampered["credentialSubject"]["achievement"]["name"] = json!("Autre chose");
        assert_eq!(
            verify(&tampered, &k.verifying_key()),
            Err(ProofError::BadSignature)
        );
        let other = SigningKey::from_bytes(&[8u8; 32]);
        assert_eq!(
            verify(&signed, &other.verifying_key()),
            Err(ProofError::BadSignature)
        );
    }

    #[test]
    fn an_undefined_term_is_refused() {
        let mut c = credential();
        c["inconnu"] = json!("x");
        assert!(matches!(canonicalize(&c), Err(ProofError::JsonLd(_))));
    }

    #[test]
    fn multikeys_start_with_z6mk_and_read_back() {
        let k = key().verifying_key();
        let m = multikey(&k);
        assert!(m.starts_with("z6Mk"), "{m}");
        assert_eq!(parse_multikey(&m).unwrap(), k);
        assert_eq!(parse_multikey("zabc"), Err(ProofError::MalformedKey));
    }
}
