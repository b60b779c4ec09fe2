//! Argon2id password hashing (the crate's defaults: m=19 MiB, t=2, p=1, as OWASP recommends).

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;

pub const MIN_LEN: usize = 10;
pub const MAX_LEN: usize = 512;

pub fn hash(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("argon2: {e}"))
}

/// The same hash with a salt chosen by the caller (16 bytes): generated demonstration data,
/// which must be identical from one run to the next, hashes its one shared password so.
/// Never for a real account's password (each needs a salt of its own: [`hash`]).
pub fn hash_with_salt(password: &str, salt: &[u8; 16]) -> anyhow::Result<String> {
    let salt = SaltString::encode_b64(salt).map_err(|e| anyhow::anyhow!("argon2: {e}"))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("argon2: {e}"))
}

pub fn verify(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// Spends the same time as a real verification, so an unknown email answers as slowly as a
/// wrong password.
pub fn verify_dummy(password: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let stored = DUMMY.get_or_init(|| hash("maillage-dummy-password").unwrap_or_default());
    let _ = verify(password, stored);
}

/// The message key of what is wrong with a new password, if anything.
pub fn check_new(password: &str, confirm: &str) -> Option<&'static str> {
    let n = password.chars().count();
    if n < MIN_LEN {
        Some("field-password-too-short")
    } else if n > MAX_LEN {
        Some("field-password-too-long")
    } else if password != confirm {
        Some("field-password-mismatch")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_and_verify() {
        let h = hash("un mot de passe très sûr").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("un mot de passe très sûr", &h));
        assert!(!verify("un autre mot de passe", &h));
        assert!(!verify("x", "not a hash"));
    }

    #[test]
    fn a_given_salt_gives_the_same_hash() {
        let a = hash_with_salt("demo-maillage-2026", &[7; 16]).unwrap();
        assert_eq!(a, hash_with_salt("demo-maillage-2026", &[7; 16]).unwrap());
        assert_ne!(a, hash_with_salt("demo-maillage-2026", &[8; 16]).unwrap());
        assert!(verify("demo-maillage-2026", &a));
    }

    #[test]
    fn new_password_rules() {
        assert_eq!(
            check_new("court", "court"),
            Some("field-password-too-short")
        );
        assert_eq!(
            check_new("assez long pour passer", "différent"),
            Some("field-password-mismatch")
        );
        assert_eq!(
            check_new("assez long pour passer", "assez long pour passer"),
            None
        );
    }
}
