//! Page links of long lists (the directory, the moderation queue, "mes inscriptions",
//! "mes réservations"…): every list a person or a network can grow is read one page at a time
//! (`LIMIT`/`OFFSET` on an index that serves its order) and shows links to the first, the
//! nearby and the last pages (issue 16, point 8). The template is `pagination.html`.

use serde::Deserialize;

pub struct PageLink {
    pub label: String,
    pub href: String,
    pub current: bool,
}

/// The `page` parameter of a list (1 when absent or not a positive number).
#[derive(Deserialize, Default)]
pub struct PageQuery {
    #[serde(default)]
    pub page: Option<String>,
}

impl PageQuery {
    pub fn number(&self) -> i64 {
        self.page
            .as_deref()
            .and_then(|p| p.trim().parse::<i64>().ok())
            .filter(|p| (1..=1_000_000).contains(p))
            .unwrap_or(1)
    }

    /// `(limit, offset)` of this page.
    pub fn window(&self, per_page: i64) -> (i64, i64) {
        (per_page, (self.number() - 1) * per_page)
    }
}

/// The query string without `page`, to build page links.
pub fn query_without_page(raw: Option<&str>) -> String {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(raw.unwrap_or("")).unwrap_or_default();
    let kept: Vec<(String, String)> = pairs
        .into_iter()
        .filter(|(k, v)| k != "page" && !v.is_empty())
        .collect();
    serde_urlencoded::to_string(kept).unwrap_or_default()
}

/// Links to page 1, the pages around `page` and the last one (`total` rows, `per_page` a page).
pub fn pages(query: &str, base: &str, page: i64, total: i64, per_page: i64) -> Vec<PageLink> {
    let last = ((total + per_page - 1) / per_page).max(1);
    let mut nums: Vec<i64> = vec![1, page - 2, page - 1, page, page + 1, page + 2, last];
    nums.retain(|n| *n >= 1 && *n <= last);
    nums.sort();
    nums.dedup();
    nums.into_iter()
        .map(|n| PageLink {
            label: n.to_string(),
            href: if query.is_empty() {
                format!("{base}?page={n}")
            } else {
                format!("{base}?{query}&page={n}")
            },
            current: n == page,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_to_the_first_the_nearby_and_the_last_pages() {
        let labels = |page, total| -> Vec<String> {
            pages("q=atelier", "/x", page, total, 20)
                .into_iter()
                .map(|l| l.label)
                .collect()
        };
        assert_eq!(labels(1, 0), ["1"]);
        assert_eq!(labels(1, 100), ["1", "2", "3", "5"]);
        assert_eq!(labels(10, 1000), ["1", "8", "9", "10", "11", "12", "50"]);
        let l = pages("", "/x", 2, 100, 20);
        assert_eq!(l[0].href, "/x?page=1");
        assert!(l[1].current);
        assert_eq!(pages("q=a", "/x", 1, 100, 20)[1].href, "/x?q=a&page=2");
        assert_eq!(query_without_page(Some("q=a&page=3&d=")), "q=a");
        for (raw, n) in [
            (None, 1),
            (Some("0"), 1),
            (Some("-2"), 1),
            (Some("x"), 1),
            (Some("7"), 7),
        ] {
            let q = PageQuery {
                page: raw.map(String::from),
            };
            assert_eq!(q.number(), n, "{raw:?}");
        }
        assert_eq!(
            PageQuery {
                page: Some("3".into())
            }
            .window(20),
            (20, 40)
        );
    }
}
