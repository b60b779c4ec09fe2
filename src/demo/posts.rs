//! The Riez board ("petites annonces locales" in the seeds): the member's need of a
//! carpenter for shelves, the matching offer of Paul Girard, a carpenter of Riez who posts
//! for his own person profile, a gift of the Riez manager and a knowledge swap (RERS) of the
//! fablab's manager. Written straight into the tables (no match email at load). Idempotent:
//! a post whose author already has its title is left as it is.

use crate::actors::model::{find_category, parse_skills, validate, RawActor};
use crate::actors::repo::{self as actors, Links};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::ids::{ActorId, PlaceId, UserId};
use crate::posts::model::{self, Board, PostKind};
use crate::posts::repo::{self, Fields};
use crate::state::AppState;

/// The carpenter's account (demo password).
pub const CARPENTER: (&str, &str) = ("artisan@demo.maillage.fr", "Paul Girard");

struct Demo {
    kind: PostKind,
    title: &'static str,
    body: &'static str,
    category: &'static str,
    skills: &'static [&'static str],
    wanted: &'static [&'static str],
    city: &'static str,
    /// Index of the author in `load`'s `authors`.
    author: usize,
    /// Posted for the author's person profile.
    for_profile: bool,
    /// The fablab's board rather than Riez's.
    fablab: bool,
}

const POSTS: [Demo; 4] = [
    Demo {
        kind: PostKind::Need,
        title: "Cherche un·e menuisier·e pour des étagères",
        body: "Cherche un·e menuisier·e pour des étagères sur mesure dans mon salon (3 m de long, bois massif si possible). Je peux aider au montage.",
        category: "artisanat",
        skills: &["Menuiserie"],
        wanted: &[],
        city: "Riez",
        author: 0,
        for_profile: false,
        fablab: false,
    },
    Demo {
        kind: PostKind::Offer,
        title: "Menuisier à Riez : étagères, placards, petites réparations",
        body: "Menuisier installé à Riez, je fabrique étagères et placards sur mesure et répare vos meubles. Devis gratuit.",
        category: "artisanat",
        skills: &["Menuisier", "Ébénisterie"],
        wanted: &[],
        city: "Riez",
        author: 1,
        for_profile: true,
        fablab: false,
    },
    Demo {
        kind: PostKind::Gift,
        title: "Donne chutes de bois pour bricolage",
        body: "Des chutes de chêne et de pin à récupérer au tiers-lieu, pour vos petits bricolages.",
        category: "artisanat",
        skills: &[],
        wanted: &[],
        city: "Riez",
        author: 2,
        for_profile: false,
        fablab: false,
    },
    Demo {
        kind: PostKind::Exchange,
        title: "J'apprends la soudure, je transmets la couture",
        body: "Échange de savoirs : je vous apprends la couture à la machine, vous m'apprenez les bases de la soudure à l'arc.",
        category: "",
        skills: &["Couture"],
        wanted: &["soudure"],
        city: "",
        author: 3,
        for_profile: false,
        fablab: true,
    },
];

/// The carpenter's own profile (a person: his contacts stay hidden).
async fn carpenter_profile(state: &AppState, riez: PlaceId, user: UserId) -> AppResult<ActorId> {
    if let Some(a) = actors::of_user(&state.db, user).await? {
        return Ok(a.id);
    }
    let categories = actors::categories(&state.db).await?;
    let raw = RawActor {
        name: "Paul Girard, menuisier".into(),
        kind: "person".into(),
        subtype: "specialiste".into(),
        categories: vec!["artisanat".into()],
        skills: vec!["Menuiserie".into(), "Ébénisterie".into()],
        city: "Riez".into(),
        description: "Menuisier indépendant à Riez : agencement, étagères, réparations.".into(),
        place_ids: vec![riez],
        ..Default::default()
    };
    let mut errors = FieldErrors::default();
    let input = validate(&raw, &categories, &mut errors);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let (id, _) = actors::insert(
        &state.db,
        Links {
            input: &input,
            city_key: crate::text::fold_words(&input.city),
            user_id: Some(user),
            by: Some(user),
            now: state.clock.now_ms(),
            subtype_label: crate::i18n::Lang::Fr.t(&input.subtype.label_key()),
            category_names: actors::names_of(&categories, &input.category_ids),
        },
    )
    .await?;
    Ok(id)
}

/// `authors`: the member, the carpenter, the Riez manager, the fablab's manager.
pub async fn load(
    state: &AppState,
    [riez, fablab]: [PlaceId; 2],
    authors: [UserId; 4],
) -> AppResult<String> {
    let profile = carpenter_profile(state, riez, authors[1]).await?;
    let categories = actors::categories(&state.db).await?;
    let now = state.clock.now_ms();
    let today = crate::clock::paris_date(now);
    let mut made = 0;
    for d in &POSTS {
        let author = authors[d.author];
        let mine = repo::of_author(&state.db, author, 200).await?;
        if mine.iter().any(|p| p.title == d.title) {
            continue;
        }
        let mut errors = FieldErrors::default();
        let own = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let given = parse_skills(&own(d.skills), "skills", &mut errors);
        let wanted = parse_skills(&own(d.wanted), "wanted_skills", &mut errors);
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        let given = actors::resolve_skills(&state.db, &given, now).await?;
        let wanted = actors::resolve_skills(&state.db, &wanted, now).await?;
        let mut skills: Vec<(i64, bool)> = given.iter().map(|s| (s.id, false)).collect();
        skills.extend(wanted.iter().map(|s| (s.id, true)));
        let ids: Vec<i64> = skills.iter().map(|(id, _)| *id).collect();
        let words = actors::skill_words(&state.db, &ids).await?;
        let category_id = find_category(d.category, &categories).filter(|_| !d.category.is_empty());
        let category_name = categories
            .iter()
            .find(|c| Some(c.id) == category_id)
            .map(|c| c.name.clone())
            .unwrap_or_default();
        let place = if d.fablab { fablab } else { riez };
        let f = Fields {
            kind: d.kind,
            title: d.title.into(),
            body: d.body.into(),
            category_id,
            city: d.city.into(),
            city_key: crate::text::fold_words(d.city),
            point: repo::place_point(&state.db, place).await?,
            actor_id: d.for_profile.then_some(profile),
            expires_on: model::default_expiry(today),
            skills,
            search_text: model::search_text(d.title, d.body, d.city, &category_name, &words),
        };
        repo::insert(&state.db, Board::Place(place), &f, author, now).await?;
        made += 1;
    }
    Ok(format!(
        "Annonces de Riez : {} annonces ({made} créées) ; compte du menuisier {} (profil « Paul Girard, menuisier »).",
        POSTS.len(),
        CARPENTER.0
    ))
}
