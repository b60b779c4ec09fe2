//! The JSON-LD documents of Open Badges 3.0 as this instance writes them, unsigned: the
//! `OpenBadgeCredential` of an award, the `BitstringStatusListCredential` of an issuer's list,
//! and the issuer's profile, which is also the controller document of its keys. Every term
//! is defined by the bundled contexts (the signer expands strictly).

use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::proof::{CREDENTIALS_V2, MULTIKEY_V1, OB_V3};

/// The issuer as a credential names it.
pub struct Issuer<'a> {
    /// Its profile's URL.
    pub id: &'a str,
    pub name: &'a str,
    /// Its page.
    pub url: &'a str,
}

/// What a credential says, besides its issuer.
pub struct Award<'a> {
    pub id: &'a str,
    pub achievement_id: &'a str,
    pub name: &'a str,
    pub description: &'a str,
    pub criteria: &'a str,
    pub image_url: &'a str,
    pub tags: &'a [String],
    /// `(name, url, code)` of the aligned skill.
    pub skill: Option<(&'a str, &'a str, String)>,
    /// The holder's email address (only its salted SHA-256 is written) and the salt.
    pub email: &'a str,
    pub salt: &'a str,
    pub valid_from: &'a str,
    pub valid_until: Option<&'a str>,
    /// `(status list URL, index)`.
    pub status: (&'a str, i64),
}

/// The contexts of a credential, in order.
pub fn contexts() -> Value {
    json!([CREDENTIALS_V2, OB_V3])
}

/// Open Badges' `identityHash` of an email: `sha256$` + hex(SHA-256(email ‖ salt)).
pub fn identity_hash(email: &str, salt: &str) -> String {
    let digest = Sha256::digest(format!("{}{salt}", email.trim().to_lowercase()).as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256${hex}")
}

/// The unsigned `OpenBadgeCredential` of an award.
pub fn open_badge(issuer: &Issuer, a: &Award) -> Value {
    let mut achievement = json!({
        "id": a.achievement_id,
        "type": ["Achievement"],
        "name": a.name,
        "description": a.description,
        "criteria": {"narrative": a.criteria},
    });
    if !a.image_url.is_empty() {
        achievement["image"] = json!({"id": a.image_url, "type": "Image"});
    }
    if !a.tags.is_empty() {
        achievement["tag"] = json!(a.tags);
    }
    if let Some((name, url, code)) = &a.skill {
        achievement["alignment"] = json!([{
            "type": ["Alignment"],
            "targetName": name,
            "targetUrl": url,
            "targetCode": code,
            "targetType": "Skill",
            "targetFramework": "Maillage",
        }]);
    }
    let mut doc = json!({
        "@context": contexts(),
        "id": a.id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {
            "id": issuer.id,
            "type": ["Profile"],
            "name": issuer.name,
            "url": issuer.url,
        },
        "validFrom": a.valid_from,
        "name": a.name,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{
                "type": "IdentityObject",
                "identityHash": identity_hash(a.email, a.salt),
                "identityType": "emailAddress",
                "hashed": true,
                "salt": a.salt,
            }],
            "achievement": achievement,
        },
        "credentialStatus": {
            "id": format!("{}#{}", a.status.0, a.status.1),
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": a.status.1.to_string(),
            "statusListCredential": a.status.0,
        },
    });
    if let Some(until) = a.valid_until {
        doc["validUntil"] = json!(until);
    }
    doc
}

/// The unsigned `BitstringStatusListCredential` of an issuer's list.
pub fn status_list(issuer: &Issuer, url: &str, encoded: &str, valid_from: &str) -> Value {
    json!({
        "@context": [CREDENTIALS_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer.id,
        "validFrom": valid_from,
        "credentialSubject": {
            "id": format!("{url}#list"),
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded,
        },
    })
}

/// The issuer's profile and controller document: its `Multikey`s (`(id, publicKeyMultibase,
/// retired)`), all of them authorized for `assertionMethod`, retired ones too, so that what
/// they signed still verifies.
pub fn profile(issuer: &Issuer, keys: &[(String, String)]) -> Value {
    json!({
        "@context": [
            CREDENTIALS_V2,
            OB_V3,
            MULTIKEY_V1,
            {
                "verificationMethod": {
                    "@id": "https://w3id.org/security#verificationMethod",
                    "@type": "@id"
                },
                "assertionMethod": {
                    "@id": "https://w3id.org/security#assertionMethod",
                    "@type": "@id",
                    "@container": "@set"
                }
            }
        ],
        "id": issuer.id,
        "type": ["Profile"],
        "name": issuer.name,
        "url": issuer.url,
        "verificationMethod": keys.iter().map(|(id, key)| json!({
            "id": id,
            "type": "Multikey",
            "controller": issuer.id,
            "publicKeyMultibase": key,
        })).collect::<Vec<_>>(),
        "assertionMethod": keys.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::proof;
    use super::*;

    fn issuer() -> Issuer<'static> {
        Issuer {
            id: "https://m.fr/badges/emetteurs/reseau-1",
            name: "Réseau",
            url: "https://m.fr/reseaux/r",
        }
    }

    #[test]
    fn every_document_is_defined_by_the_bundled_contexts() {
        let tags = vec!["numérique".to_string()];
        let a = Award {
            id: "https://m.fr/badges/abc",
            achievement_id: "https://m.fr/badges/realisations/1",
            name: "Animer",
            description: "Sait animer\nun atelier",
            criteria: "Deux ateliers",
            image_url: "https://m.fr/img.png",
            tags: &tags,
            skill: Some(("Couture", "https://m.fr/reseaux/r/vitrine", "4".into())),
            email: "a@b.fr",
            salt: "s",
            valid_from: "2026-01-01T00:00:00Z",
            valid_until: Some("2027-01-01T00:00:00Z"),
            status: ("https://m.fr/badges/statuts/1", 3),
        };
        proof::canonicalize(&open_badge(&issuer(), &a)).unwrap();
        proof::canonicalize(&status_list(
            &issuer(),
            "https://m.fr/badges/statuts/1",
            "uH4sI",
            "2026-01-01T00:00:00Z",
        ))
        .unwrap();
        proof::canonicalize(&profile(
            &issuer(),
            &[(
                "https://m.fr/badges/emetteurs/reseau-1#key-1".into(),
                "z6Mk".into(),
            )],
        ))
        .unwrap();
    }

    #[test]
    fn the_identity_is_a_salted_hash() {
        assert!(identity_hash("A@b.fr", "x").starts_with("sha256$"));
        assert_eq!(identity_hash("A@b.fr", "x"), identity_hash("a@b.fr", "x"));
        assert_ne!(identity_hash("a@b.fr", "x"), identity_hash("a@b.fr", "y"));
    }
}
