//! French first, English second: Project Fluent files under `locales/`, embedded at build.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::Loader;
use unic_langid::{langid, LanguageIdentifier};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "fr",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static FR: LanguageIdentifier = langid!("fr");
static EN: LanguageIdentifier = langid!("en");

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// The other language, offered by the switch in the header.
    pub fn other(self) -> Lang {
        match self {
            Lang::Fr => Lang::En,
            Lang::En => Lang::Fr,
        }
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::Fr => &FR,
            Lang::En => &EN,
        }
    }

    /// The message `key`; the key itself if it is missing (a test checks none is).
    pub fn t(self, key: &str) -> String {
        LOCALES
            .try_lookup(self.id(), key)
            .unwrap_or_else(|| key.to_string())
    }

    /// The message `key` with named arguments. A whole number written canonically ("3", not
    /// "04" nor "+3") is passed as a number, so that `{ $n -> [one] … *[other] … }` picks the
    /// plural form; anything else is text.
    pub fn ta(self, key: &str, args: &[(&str, &str)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(k, v)| {
                let value = match v.parse::<i64>() {
                    Ok(n) if n.to_string() == *v => FluentValue::from(n),
                    _ => FluentValue::from(v.to_string()),
                };
                (Cow::Owned(k.to_string()), value)
            })
            .collect();
        LOCALES
            .try_lookup_with_args(self.id(), key, &map)
            .unwrap_or_else(|| key.to_string())
    }

    /// Picks a language from an `Accept-Language` header.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        header
            .split(',')
            .filter_map(|part| part.split(';').next())
            .filter_map(|tag| tag.trim().split('-').next().and_then(Lang::parse))
            .next()
    }
}

/// The language a request is answered in, once known. The API's language layer leaves an
/// empty one on each request; `auth::Ctx` fills it when it resolves the caller, and the layer
/// then words the API's errors in it.
#[derive(Clone, Debug, Default)]
pub struct AnswerLang(std::sync::Arc<std::sync::OnceLock<Lang>>);

impl AnswerLang {
    pub fn set(&self, lang: Lang) {
        let _ = self.0.set(lang);
    }
    pub fn get(&self) -> Option<Lang> {
        self.0.get().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_pick_their_plural_form_and_codes_stay_text() {
        assert_eq!(
            Lang::Fr.ta("agenda-more-dates", &[("n", "1")]),
            "et une autre date"
        );
        assert_eq!(
            Lang::Fr.ta("agenda-more-dates", &[("n", "5")]),
            "et 5 autres dates"
        );
        assert_eq!(
            Lang::En.ta("agenda-more-dates", &[("n", "1")]),
            "and one more date"
        );
        // A département code keeps its leading zero.
        assert!(Lang::Fr.ta("agenda-of", &[("name", "04")]).contains("04"));
    }

    fn keys(src: &str) -> Vec<String> {
        let mut k: Vec<String> = src
            .lines()
            .filter(|l| !l.starts_with([' ', '#', '\t', '.', '[', '*', '}']) && l.contains(" ="))
            .map(|l| l.split(" =").next().unwrap().trim().to_string())
            .collect();
        k.sort();
        k
    }

    #[test]
    fn french_and_english_have_the_same_messages() {
        let fr = keys(&locale_source("fr"));
        let en = keys(&locale_source("en"));
        assert!(fr.len() > 50);
        assert_eq!(fr, en);
    }

    /// Message id → its whole text (continuation lines included).
    fn messages(src: &str) -> std::collections::BTreeMap<String, String> {
        let mut out = std::collections::BTreeMap::new();
        let mut current: Option<String> = None;
        for l in src.lines() {
            if !l.starts_with([' ', '#', '\t', '.', '[', '*', '}']) && l.contains(" =") {
                let (key, value) = l.split_once(" =").unwrap();
                current = Some(key.trim().to_string());
                out.insert(key.trim().to_string(), value.to_string());
            } else if l.starts_with('#') {
                current = None;
            } else if let Some(k) = &current {
                let text: &mut String = out.get_mut(k).unwrap();
                text.push('\n');
                text.push_str(l);
            }
        }
        out
    }

    /// The `$variables` a message uses, sorted.
    fn variables(text: &str) -> Vec<String> {
        let mut v: Vec<String> = text
            .split('$')
            .skip(1)
            .map(|rest| {
                rest.chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                    .collect()
            })
            .collect();
        v.sort();
        v.dedup();
        v
    }

    /// A translation that names another variable than the French (a typo, a forgotten
    /// argument) would print it raw in an e-mail or a page.
    #[test]
    fn french_and_english_messages_use_the_same_variables() {
        let fr = messages(&locale_source("fr"));
        let en = messages(&locale_source("en"));
        assert!(variables(&fr["event-mail-moved-body"]).contains(&"recurring".to_string()));
        let differ: Vec<_> = fr
            .iter()
            .filter_map(|(k, text)| {
                let (f, e) = (variables(text), variables(en.get(k)?));
                (f != e).then(|| format!("{k}: fr {f:?}, en {e:?}"))
            })
            .collect();
        assert!(differ.is_empty(), "{differ:#?}");
    }

    #[test]
    fn every_key_used_in_code_and_templates_exists() {
        let fr = keys(&locale_source("fr"));
        let en = keys(&locale_source("en"));
        let mut missing = Vec::new();
        let mut files = Vec::new();
        for dir in ["src", "templates"] {
            collect(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir),
                &mut files,
            );
        }
        let re_starts = [".t(\"", ".ta(\""];
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            for start in re_starts {
                for (i, _) in text.match_indices(start) {
                    let rest = &text[i + start.len()..];
                    let key = &rest[..rest.find('"').unwrap()];
                    if key
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit())
                        && !key.is_empty()
                        && !(fr.iter().any(|k| k == key) && en.iter().any(|k| k == key))
                    {
                        missing.push(format!("{}: {key}", f.display()));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "missing messages: {missing:#?}");
    }

    /// Every `.ftl` file of a locale (`main.ftl` and one per area), concatenated.
    fn locale_source(lang: &str) -> String {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("locales")
            .join(lang);
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
            .collect();
        files.sort();
        files
            .iter()
            .map(|f| std::fs::read_to_string(f).unwrap())
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn collect(dir: std::path::PathBuf, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                collect(p, out);
            } else {
                out.push(p);
            }
        }
    }

    #[test]
    fn lookup_and_accept_language() {
        assert_eq!(Lang::Fr.t("nav-login"), "Se connecter");
        assert_eq!(Lang::En.t("nav-login"), "Log in");
        assert_eq!(Lang::from_accept_language("en-GB,en;q=0.9"), Some(Lang::En));
        assert_eq!(Lang::from_accept_language("de-DE"), None);
    }
}
