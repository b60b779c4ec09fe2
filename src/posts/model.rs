//! Needs and offers ("annonces"): types, rules and the matching score, no SQL, no HTTP. A
//! post belongs to one place or one network (its board), is written by a signed-in member
//! (possibly for an actor profile), listed while `published` and not past its `expires_on`
//! (a Paris day), and matched with the opposite posts and the actor profiles that fit by
//! [`score`] (documented in docs/annonces.md).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::FieldErrors;
use crate::i18n::Lang;
use crate::ids::{ActorId, NetworkId, PlaceId, PostId, UserId};

/// Longest title (characters), as the table's `CHECK` says.
pub const TITLE_MAX: usize = 200;
/// Longest text (characters).
pub const BODY_MAX: usize = 5_000;
/// Longest report comment.
pub const COMMENT_MAX: usize = 1_000;
/// Days a post stays listed by default, and at most.
pub const DEFAULT_DAYS: i64 = 30;
pub const MAX_DAYS: i64 = 90;
/// Posts a board page lists.
pub const PER_PAGE: i64 = 20;
/// Matches shown, returned and notified at most.
pub const MATCHES_MAX: usize = 10;

crate::choice! {
    /// What a post is: a need, an offer (a service, a skill), a knowledge swap (RERS: what one
    /// teaches for what one learns), a loan or a gift.
    pub enum PostKind {
        Need = "need",
        Offer = "offer",
        Exchange = "exchange",
        Loan = "loan",
        Gift = "gift",
    }
}

crate::choice! {
    /// Where a post stands: published (listed until its last day), hidden by a moderator,
    /// archived by its author.
    pub enum PostStatus {
        Published = "published",
        Hidden = "hidden",
        Archived = "archived",
    }
}

crate::choice! {
    /// Why a post is reported.
    pub enum ReportReason {
        Spam = "spam",
        Inappropriate = "inappropriate",
        Scam = "scam",
        PersonalData = "personal_data",
        Other = "other",
    }
}

impl PostKind {
    /// Does this kind give what `other` seeks (or swap with it)? need ↔ offer, loan, gift;
    /// exchange ↔ exchange.
    pub fn answers(self, other: PostKind) -> bool {
        use PostKind::*;
        match self {
            Need => matches!(other, Offer | Loan | Gift),
            Offer | Loan | Gift => other == Need,
            Exchange => other == Exchange,
        }
    }

    /// The kinds a post of this kind is matched with.
    pub fn opposites(self) -> Vec<PostKind> {
        PostKind::ALL
            .iter()
            .copied()
            .filter(|k| self.answers(*k))
            .collect()
    }

    /// Are actor profiles (what they know and offer) matched with it? Needs and exchanges.
    pub fn seeks(self) -> bool {
        matches!(self, PostKind::Need | PostKind::Exchange)
    }

    pub fn label_key(self) -> String {
        format!("posts-kind-{}", self.as_str())
    }
}

impl ReportReason {
    pub fn label_key(self) -> String {
        format!("posts-reason-{}", self.as_str().replace('_', "-"))
    }
}

/// The board a post belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Board {
    Network(NetworkId),
    Place(PlaceId),
}

impl Board {
    /// The board named by exactly one of the two ids; `None` for none or both.
    pub fn one(network_id: Option<NetworkId>, place_id: Option<PlaceId>) -> Option<Board> {
        match (network_id, place_id) {
            (Some(n), None) => Some(Board::Network(n)),
            (None, Some(p)) => Some(Board::Place(p)),
            _ => None,
        }
    }

    /// The integers of the columns `network_id`, `place_id`, one set.
    pub fn columns(self) -> [Option<i64>; 2] {
        match self {
            Board::Network(id) => [Some(id.get()), None],
            Board::Place(id) => [None, Some(id.get())],
        }
    }
}

/// A post as stored, with its board's name and slug, its category and its author's name.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Post {
    pub id: PostId,
    pub kind: PostKind,
    pub title: String,
    pub body: String,
    pub category_id: Option<i64>,
    pub network_id: Option<NetworkId>,
    pub place_id: Option<PlaceId>,
    pub city: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub author_id: UserId,
    pub actor_id: Option<ActorId>,
    pub expires_on: String,
    pub status: PostStatus,
    pub created_at: i64,
    pub updated_at: i64,
    pub board_name: String,
    pub board_slug: String,
    pub category_slug: Option<String>,
    pub category_name: Option<String>,
    /// The author's display name (never their email or phone).
    pub author_name: String,
    pub actor_name: Option<String>,
    pub actor_slug: Option<String>,
}

impl Post {
    pub fn board(&self) -> Board {
        match (self.network_id, self.place_id) {
            (_, Some(p)) => Board::Place(p),
            (Some(n), None) => Board::Network(n),
            // The table's CHECK makes this impossible.
            (None, None) => Board::Network(NetworkId(0)),
        }
    }

    pub fn path(&self) -> String {
        format!("/annonces/{}", self.id)
    }

    /// The board's page: `/lieux/{slug}/annonces` or `/reseaux/{slug}/annonces`.
    pub fn board_path(&self) -> String {
        match self.board() {
            Board::Place(_) => format!("/lieux/{}/annonces", self.board_slug),
            Board::Network(_) => format!("/reseaux/{}/annonces", self.board_slug),
        }
    }

    /// Past its last day (`today` is the Paris day, `YYYY-MM-DD`).
    pub fn expired(&self, today: &str) -> bool {
        self.expires_on.as_str() < today
    }

    /// Listed on its board: published and not expired.
    pub fn listed(&self, today: &str) -> bool {
        self.status == PostStatus::Published && !self.expired(today)
    }

    pub fn point(&self) -> Option<(f64, f64)> {
        self.latitude.zip(self.longitude)
    }

    /// Who it is signed by on the page: the actor profile, else the author's name.
    pub fn signed_by(&self) -> String {
        self.actor_name
            .clone()
            .unwrap_or_else(|| self.author_name.clone())
    }

    pub fn excerpt(&self) -> String {
        let t: String = self.body.chars().take(240).collect();
        if self.body.chars().count() > 240 {
            format!("{}…", t.trim_end())
        } else {
            t
        }
    }
}

/// A skill of a post: `wanted` is what an exchange seeks.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct PostSkill {
    pub post_id: PostId,
    pub skill_id: i64,
    pub name: String,
    pub wanted: bool,
}

/// The day `YYYY-MM-DD` as the French write it (`15/03/2026`).
pub fn day_fr(day: &str) -> String {
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_default()
}

/// A title: 1 to [`TITLE_MAX`] characters, no control character.
pub fn parse_title(raw: &str, errors: &mut FieldErrors) -> String {
    let t = raw.trim();
    if t.is_empty() {
        errors.add("title", "field-required");
    } else if t.chars().count() > TITLE_MAX || t.chars().any(char::is_control) {
        errors.add("title", "posts-error-title");
    }
    t.to_string()
}

/// The text: plain, 1 to [`BODY_MAX`] characters, lines kept (`\r\n` made `\n`), no other
/// control character.
pub fn parse_body(raw: &str, errors: &mut FieldErrors) -> String {
    let t = raw.trim().replace("\r\n", "\n");
    if t.is_empty() {
        errors.add("body", "field-required");
    } else if t.chars().count() > BODY_MAX {
        errors.add("body", "field-too-long");
    } else if t.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        errors.add("body", "field-control-char");
    }
    t
}

/// A commune: empty or 1 to 100 characters, no control character.
pub fn parse_city(raw: &str, errors: &mut FieldErrors) -> String {
    let t = raw.trim();
    if t.chars().count() > 100 || t.chars().any(char::is_control) {
        errors.add("city", "posts-error-city");
    }
    t.to_string()
}

/// A point: both coordinates or none, in their bounds.
pub fn parse_point(
    lat: Option<f64>,
    lon: Option<f64>,
    errors: &mut FieldErrors,
) -> Option<(f64, f64)> {
    match (lat, lon) {
        (None, None) => None,
        (Some(a), Some(b))
            if a.is_finite() && b.is_finite() && a.abs() <= 90.0 && b.abs() <= 180.0 =>
        {
            Some((a, b))
        }
        (a, b) => {
            if !a.is_some_and(|v| v.is_finite() && v.abs() <= 90.0) {
                errors.add("latitude", "field-coordinate-invalid");
            }
            if !b.is_some_and(|v| v.is_finite() && v.abs() <= 180.0) {
                errors.add("longitude", "field-coordinate-invalid");
            }
            None
        }
    }
}

/// The last day a post is listed: empty is `today` + [`DEFAULT_DAYS`]; otherwise a day from
/// today to `today` + [`MAX_DAYS`].
pub fn parse_expires(
    raw: &str,
    today: chrono::NaiveDate,
    errors: &mut FieldErrors,
) -> Option<String> {
    let t = raw.trim();
    if t.is_empty() {
        return Some(default_expiry(today));
    }
    match chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        Ok(d) if d < today => errors.add("expires_on", "posts-error-expires-past"),
        Ok(d) if d > today + chrono::Duration::days(MAX_DAYS) => {
            errors.add("expires_on", "posts-error-expires-far")
        }
        Ok(d) => return Some(d.format("%Y-%m-%d").to_string()),
        Err(_) => errors.add("expires_on", "posts-error-date"),
    }
    None
}

/// `today` + [`DEFAULT_DAYS`], `YYYY-MM-DD`: a new post's and a renewed post's last day.
pub fn default_expiry(today: chrono::NaiveDate) -> String {
    (today + chrono::Duration::days(DEFAULT_DAYS))
        .format("%Y-%m-%d")
        .to_string()
}

/// A report's comment: at most [`COMMENT_MAX`] characters.
pub fn parse_comment(raw: &str, errors: &mut FieldErrors) -> String {
    let t = raw.trim().replace("\r\n", "\n");
    if t.chars().count() > COMMENT_MAX {
        errors.add("comment", "field-too-long");
    } else if t.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        errors.add("comment", "field-control-char");
    }
    t
}

/// The folded words a search matches: title, text, commune, category, skills and their
/// synonyms.
pub fn search_text(
    title: &str,
    body: &str,
    city: &str,
    category: &str,
    skills: &[String],
) -> String {
    let s = format!("{title} {body} {city} {category} {}", skills.join(" "));
    crate::text::fold_words(&s).chars().take(20_000).collect()
}

/// What the matching reads of a post or an actor profile.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Side {
    /// Skill ids it gives (an offer, a loan, a gift, an exchange's teaching, a profile's
    /// skills).
    pub offered: Vec<i64>,
    /// Skill ids it seeks (a need, an exchange's learning).
    pub wanted: Vec<i64>,
    pub categories: Vec<i64>,
    pub point: Option<(f64, f64)>,
    /// Its last change (milliseconds).
    pub updated_at: i64,
}

impl Side {
    /// The side of a post of `kind` with these skills `(id, wanted)`.
    pub fn of_post(
        kind: PostKind,
        skills: &[(i64, bool)],
        category: Option<i64>,
        point: Option<(f64, f64)>,
        updated_at: i64,
    ) -> Side {
        let (mut offered, mut wanted) = (Vec::new(), Vec::new());
        for (id, w) in skills {
            match kind {
                PostKind::Need => wanted.push(*id),
                PostKind::Exchange if *w => wanted.push(*id),
                _ => offered.push(*id),
            }
        }
        Side {
            offered,
            wanted,
            categories: category.into_iter().collect(),
            point,
            updated_at,
        }
    }
}

/// Why two things match, shown with the match.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// The skills one gives and the other seeks (their names).
    Skills(Vec<String>),
    /// The category both name.
    Category(String),
    /// Kilometres apart (rounded).
    Distance(i64),
    /// Written or updated in the last 30 days.
    Recent,
    /// An exchange both ways: each gives what the other seeks.
    Reciprocal,
}

impl Reason {
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Reason::Skills(names) if names.len() == 1 => {
                lang.ta("posts-match-skill", &[("names", &names[0])])
            }
            Reason::Skills(names) => lang.ta("posts-match-skills", &[("names", &names.join(", "))]),
            Reason::Category(name) => lang.ta("posts-match-category", &[("name", name)]),
            Reason::Distance(0) => lang.t("posts-match-near"),
            Reason::Distance(km) => lang.ta("posts-match-km", &[("km", &km.to_string())]),
            Reason::Recent => lang.t("posts-match-recent"),
            Reason::Reciprocal => lang.t("posts-match-reciprocal"),
        }
    }
}

/// The reasons as one line: `compétence commune : menuiserie ; à 12 km`.
pub fn reasons_line(reasons: &[Reason], lang: Lang) -> String {
    reasons
        .iter()
        .map(|r| r.text(lang))
        .collect::<Vec<_>>()
        .join(" ; ")
}

/// A scored candidate: its points and reasons, and the kilometres used to break ties.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    pub score: i64,
    pub reasons: Vec<Reason>,
    pub km: Option<f64>,
}

const DAY_MS: i64 = 86_400_000;

/// How the reasons name skills and categories (by id).
pub struct Names<'a> {
    pub skill: &'a (dyn Fn(i64) -> String + Sync),
    pub category: &'a (dyn Fn(i64) -> String + Sync),
}

/// The score of `candidate` for `source` (a post of `kind`), `None` when they do not fit.
/// `names` names skills and categories. The formula (docs/annonces.md):
///
/// - the shared skills — what the candidate gives and the source seeks, or the reverse for
///   an offer, a loan or a gift; both ways for an exchange — 40 points each, 3 at most;
/// - the source's category among the candidate's: 20 points;
/// - no shared skill and no shared category: no match;
/// - distance between both points, when both are known: 30 points up to 5 km, 20 up to
///   15 km, 10 up to 30 km;
/// - the candidate written or changed in the last 7 days: 10 points, in the last 30: 5;
/// - an exchange both ways (each gives something the other seeks): 30 points.
pub fn score(
    kind: PostKind,
    source: &Side,
    candidate: &Side,
    now: i64,
    names: &Names<'_>,
) -> Option<Scored> {
    let inter = |a: &[i64], b: &[i64]| -> Vec<i64> {
        let mut v: Vec<i64> = a.iter().copied().filter(|x| b.contains(x)).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let (shared, reciprocal) = match kind {
        PostKind::Need => (inter(&source.wanted, &candidate.offered), false),
        PostKind::Offer | PostKind::Loan | PostKind::Gift => {
            (inter(&source.offered, &candidate.wanted), false)
        }
        PostKind::Exchange => {
            let gets = inter(&source.wanted, &candidate.offered);
            let gives = inter(&source.offered, &candidate.wanted);
            let both = !gets.is_empty() && !gives.is_empty();
            let mut all = gets;
            all.extend(gives);
            all.sort_unstable();
            all.dedup();
            (all, both)
        }
    };
    let category = source
        .categories
        .iter()
        .find(|c| candidate.categories.contains(c))
        .copied();
    if shared.is_empty() && category.is_none() {
        return None;
    }
    let mut points = 0;
    let mut reasons = Vec::new();
    if !shared.is_empty() {
        points += 40 * shared.len().min(3) as i64;
        let mut named: Vec<String> = shared.iter().map(|id| (names.skill)(*id)).collect();
        named.sort();
        reasons.push(Reason::Skills(named));
    }
    if let Some(c) = category {
        points += 20;
        reasons.push(Reason::Category((names.category)(c)));
    }
    if reciprocal {
        points += 30;
        reasons.push(Reason::Reciprocal);
    }
    let km = match (source.point, candidate.point) {
        (Some(a), Some(b)) => Some(distance_km(a, b)),
        _ => None,
    };
    if let Some(d) = km {
        points += if d <= 5.0 {
            30
        } else if d <= 15.0 {
            20
        } else if d <= 30.0 {
            10
        } else {
            0
        };
        reasons.push(Reason::Distance(d.round() as i64));
    }
    let age = now - candidate.updated_at;
    if age <= 7 * DAY_MS {
        points += 10;
        reasons.push(Reason::Recent);
    } else if age <= 30 * DAY_MS {
        points += 5;
        reasons.push(Reason::Recent);
    }
    Some(Scored {
        score: points,
        reasons,
        km,
    })
}

/// Distance in kilometres between two points (haversine).
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1) = (a.0.to_radians(), a.1.to_radians());
    let (la2, lo2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

/// The order of matches: the highest score first, then the nearest (unknown distance last),
/// then posts before profiles, then the smallest id. Deterministic.
pub fn rank_key(s: &Scored, is_actor: bool, id: i64) -> (i64, i64, bool, i64) {
    let metres =
        s.km.map(|k| (k * 1000.0).round() as i64)
            .unwrap_or(i64::MAX);
    (-s.score, metres, is_actor, id)
}

/// A post as the API writes it (`POST`, and `PATCH` merged into what `GET` returns).
#[derive(Debug, Deserialize, Serialize, ToSchema)]
pub struct PostInput {
    /// `need`, `offer`, `exchange`, `loan` or `gift`.
    #[serde(rename = "type")]
    pub kind: PostKind,
    /// 1 to 200 characters.
    pub title: String,
    /// Plain text, 1 to 5 000 characters.
    pub body: String,
    /// A category slug or name of `GET /api/v1/actor-categories`; empty or null: none.
    #[serde(default)]
    pub category: Option<String>,
    /// Skills, free text, folded onto the actors' vocabulary (a synonym gives its skill): what
    /// is sought for a need, given otherwise; what an exchange teaches.
    #[serde(default)]
    pub skills: Vec<String>,
    /// What an exchange seeks to learn (exchanges only).
    #[serde(default)]
    pub wanted_skills: Vec<String>,
    /// Exactly one of `place_id`, `network_id`: the board (one the caller belongs to). It does
    /// not change afterwards.
    #[serde(default)]
    pub place_id: Option<PlaceId>,
    #[serde(default)]
    pub network_id: Option<NetworkId>,
    /// The actor profile it is posted for: one the caller may edit, or their own.
    #[serde(default)]
    pub actor_id: Option<ActorId>,
    /// The commune, optional.
    #[serde(default)]
    pub city: Option<String>,
    /// Decimal degrees, both or none; none: the place's point.
    #[serde(default)]
    pub latitude: Option<f64>,
    #[serde(default)]
    pub longitude: Option<f64>,
    /// The last day it is listed, `YYYY-MM-DD`: today to 90 days ahead; default 30 days.
    #[serde(default)]
    pub expires_on: Option<String>,
}

/// One match of a post.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MatchOut {
    /// The matching post, or
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post_id: Option<PostId>,
    /// the matching actor profile.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor_id: Option<ActorId>,
    pub title: String,
    pub url: String,
    pub score: i64,
    /// Why, in the caller's language (`compétence commune : menuiserie`, `à 12 km`).
    pub reasons: Vec<String>,
}

/// The `201` answer of `POST /api/v1/posts`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Created {
    pub id: PostId,
    pub url: String,
    pub expires_on: String,
    /// Its matches, best first.
    pub matches: Vec<MatchOut>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skill(id: i64) -> String {
        format!("s{id}")
    }

    fn cat(id: i64) -> String {
        format!("c{id}")
    }

    const NAMES: Names<'static> = Names {
        skill: &skill,
        category: &cat,
    };

    #[test]
    fn kinds_answer_their_opposites() {
        assert_eq!(
            PostKind::Need.opposites(),
            vec![PostKind::Offer, PostKind::Loan, PostKind::Gift]
        );
        assert_eq!(PostKind::Gift.opposites(), vec![PostKind::Need]);
        assert_eq!(PostKind::Exchange.opposites(), vec![PostKind::Exchange]);
    }

    #[test]
    fn the_score_follows_its_formula() {
        let riez = (43.8186, 6.0935);
        let need = Side::of_post(
            PostKind::Need,
            &[(1, false), (2, false)],
            Some(7),
            Some(riez),
            0,
        );
        let offer = Side::of_post(PostKind::Offer, &[(1, false)], Some(7), Some(riez), 0);
        let s = score(PostKind::Need, &need, &offer, DAY_MS, &NAMES).unwrap();
        // one skill 40, category 20, < 5 km 30, recent 10
        assert_eq!(s.score, 100);
        assert_eq!(s.reasons[0], Reason::Skills(vec!["s1".into()]));
        assert_eq!(
            reasons_line(&s.reasons[..1], Lang::Fr),
            "compétence commune : s1"
        );
        let far = Side::of_post(PostKind::Offer, &[(3, false)], None, None, 0);
        assert!(score(PostKind::Need, &need, &far, 0, &NAMES).is_none());
        // An exchange both ways earns the reciprocity.
        let a = Side::of_post(PostKind::Exchange, &[(1, false), (2, true)], None, None, 0);
        let b = Side::of_post(PostKind::Exchange, &[(2, false), (1, true)], None, None, 0);
        let one_way = Side::of_post(PostKind::Exchange, &[(2, false)], None, None, 0);
        let both = score(PostKind::Exchange, &a, &b, 100 * DAY_MS, &NAMES).unwrap();
        let single = score(PostKind::Exchange, &a, &one_way, 100 * DAY_MS, &NAMES).unwrap();
        assert_eq!(both.score, 80 + 30);
        assert_eq!(single.score, 40);
        assert!(both.reasons.contains(&Reason::Reciprocal));
    }

    #[test]
    fn expiry_is_bounded() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let mut e = FieldErrors::default();
        assert_eq!(parse_expires("", today, &mut e).unwrap(), "2026-03-31");
        assert_eq!(
            parse_expires("2026-05-30", today, &mut e).unwrap(),
            "2026-05-30"
        );
        assert!(e.is_empty());
        for bad in ["2026-02-28", "2026-05-31", "demain"] {
            let mut e = FieldErrors::default();
            assert!(parse_expires(bad, today, &mut e).is_none(), "{bad}");
            assert!(e.has("expires_on"));
        }
    }
}
