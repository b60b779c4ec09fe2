//! TEMPORARY stand-ins for the shared building blocks being added on `main`
//! (`crate::text`, `crate::hours`, `Email { .. }` with attachments). Same signatures, minimal
//! behaviour; replaced by re-exports of the real modules as soon as `main` is merged.

pub mod text {
    /// Stand-in: escapes everything (no markup kept).
    pub fn sanitize_html(s: &str) -> String {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    }

    /// Stand-in: drops tags, keeps at most `max_chars` characters.
    pub fn excerpt(s: &str, max_chars: usize) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in s.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .take(max_chars)
            .collect()
    }
}

pub mod hours {
    use chrono::{DateTime, Utc};

    /// Stand-in: keeps the text; never open.
    pub struct OpeningHours(String);

    impl OpeningHours {
        pub fn parse(s: &str) -> Result<OpeningHours, String> {
            if s.trim().is_empty() {
                Err("horaires vides".into())
            } else {
                Ok(OpeningHours(s.trim().to_string()))
            }
        }
        pub fn is_open(&self, _at: DateTime<Utc>) -> bool {
            false
        }
        pub fn describe_fr(&self) -> Vec<String> {
            vec![self.0.clone()]
        }
    }
}

pub fn email(to: String, subject: String, text: String) -> crate::mail::Email {
    crate::mail::Email { to, subject, text }
}
