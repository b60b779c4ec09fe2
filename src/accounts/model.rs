//! Accounts: tokens, sign-up input. No SQL, no HTTP here. Users and roles are read by
//! [`crate::auth::identity`], which this module re-exports for the account pages.

pub use crate::auth::identity::{Role, RoleKind, RoleRow, User};
use crate::error::FieldErrors;
use crate::ids::UserId;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApiToken {
    pub id: i64,
    pub user_id: UserId,
    pub name: String,
    pub prefix: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
    /// After this instant (UTC ms) the token answers 401; `None`: no expiry.
    pub expires_at: Option<i64>,
}

impl ApiToken {
    /// Expired at `now` (and not revoked before)? (`&i64`: what a template passes.)
    pub fn expired(&self, now: &i64) -> bool {
        self.revoked_at.is_none() && self.expires_at.is_some_and(|e| e <= *now)
    }
}

/// A token's expiry from the form's optional date `YYYY-MM-DD`: the token is valid through that
/// day (Europe/Paris) and ends at the midnight that closes it. Empty: no expiry. A date not in
/// the future (or beyond ten years) is refused.
pub fn token_expiry(raw: &str, now: i64) -> Result<Option<i64>, &'static str> {
    use chrono::TimeZone;
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let day = chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map_err(|_| "field-token-expiry-invalid")?;
    let end = day
        .succ_opt()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .and_then(|t| chrono_tz::Europe::Paris.from_local_datetime(&t).earliest())
        .ok_or("field-token-expiry-invalid")?
        .timestamp_millis();
    let ten_years = 10 * 366 * 24 * 3600 * 1000;
    if end <= now || end > now + ten_years {
        return Err("field-token-expiry-invalid");
    }
    Ok(Some(end))
}

/// Lower-cases and trims an email; checks its shape (one `@`, a dot in the domain, no space).
pub fn normalize_email(raw: &str) -> Result<String, &'static str> {
    let email = raw.trim().to_lowercase();
    if email.is_empty() {
        return Err("field-required");
    }
    let valid = email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && match email.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            }
            None => false,
        };
    if valid {
        Ok(email)
    } else {
        Err("field-email-invalid")
    }
}

/// Trims a display name and checks it is 1 to 100 characters with no control character.
pub fn normalize_name(raw: &str) -> Result<String, &'static str> {
    let name = raw.trim().to_string();
    if name.is_empty() {
        Err("field-required")
    } else if name.chars().count() > 100 || name.chars().any(char::is_control) {
        Err("field-name-invalid")
    } else {
        Ok(name)
    }
}

/// A validated sign-up.
pub struct NewUser {
    pub email: String,
    pub display_name: String,
    pub password: String,
}

impl NewUser {
    pub fn parse(
        email: &str,
        name: &str,
        password: &str,
        confirm: &str,
    ) -> Result<NewUser, FieldErrors> {
        let mut errors = FieldErrors::default();
        let email = normalize_email(email)
            .map_err(|k| errors.add("email", k))
            .ok();
        let display_name = normalize_name(name)
            .map_err(|k| errors.add("display_name", k))
            .ok();
        if let Some(k) = crate::auth::password::check_new(password, confirm) {
            errors.add("password", k);
        }
        match (email, display_name, errors.is_empty()) {
            (Some(email), Some(display_name), true) => Ok(NewUser {
                email,
                display_name,
                password: password.to_string(),
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalized() {
        assert_eq!(
            normalize_email("  Alice@Example.ORG ").unwrap(),
            "alice@example.org"
        );
        assert_eq!(
            normalize_email("élodie@tiers-lieux.fr").unwrap(),
            "élodie@tiers-lieux.fr"
        );
        assert_eq!(normalize_email(""), Err("field-required"));
        for bad in [
            "a", "a@b", "a b@c.fr", "@c.fr", "a@@c.fr", "a@.fr", "a@c.fr.",
        ] {
            assert_eq!(normalize_email(bad), Err("field-email-invalid"), "{bad}");
        }
    }

    #[test]
    fn signup_collects_every_error() {
        let e = NewUser::parse("nope", " ", "court", "court").err().unwrap();
        assert_eq!(e.get("email"), Some("field-email-invalid"));
        assert_eq!(e.get("display_name"), Some("field-required"));
        assert_eq!(e.get("password"), Some("field-password-too-short"));
        assert!(NewUser::parse("a@b.fr", "Anne", "0123456789", "0123456789").is_ok());
    }

    #[test]
    fn token_expiry_is_the_end_of_a_future_day() {
        // 2026-03-10 12:00 UTC.
        let now = 1_773_144_000_000;
        assert_eq!(super::token_expiry("", now), Ok(None));
        assert_eq!(
            super::token_expiry("2026-03-10", now),
            Ok(Some(1_773_183_600_000)),
            "midnight between the 10th and the 11th, Paris (UTC+1)"
        );
        assert!(super::token_expiry("2026-03-09", now).is_err());
        assert!(super::token_expiry("10/03/2026", now).is_err());
        assert!(super::token_expiry("2099-01-01", now).is_err());
    }
}
