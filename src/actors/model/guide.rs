//! The visitor guide's vocabulary: its sections (and the categories each lists), its entries
//! (actors and coworking places) and their order.

use crate::ids::PlaceId;
use crate::text::fold_words;

crate::choice! {
    /// A section of the visitor guide (`/lieux/{slug}/guide`, `/reseaux/{slug}/guide`): what a
    /// visitor needs, in the order the guide shows them.
    pub enum GuideSection {
        Dormir = "dormir",
        Manger = "manger",
        Sortir = "sortir",
        Respirer = "respirer",
        SeReperer = "se-reperer",
        GardeEnfants = "garde-enfants",
        Sante = "sante",
        Travailler = "travailler",
    }
}

impl GuideSection {
    /// The categories of the managed taxonomy (slugs) whose actors a section lists. An actor
    /// of several categories appears in each of their sections. « Travailler » lists also the
    /// places of the directory with the `coworking` typology (near the place, or of the
    /// network).
    ///
    /// | section | catégories |
    /// | --- | --- |
    /// | dormir | hébergement |
    /// | manger | restauration, alimentation et producteurs |
    /// | sortir | culture et loisirs |
    /// | respirer | nature |
    /// | se repérer | mobilité |
    /// | garde d'enfants | garde d'enfants |
    /// | santé | santé |
    /// | travailler | services numériques (et les lieux « coworking ») |
    pub fn categories(self) -> &'static [&'static str] {
        match self {
            GuideSection::Dormir => &["hebergement"],
            GuideSection::Manger => &["restauration", "alimentation-producteurs"],
            GuideSection::Sortir => &["culture-loisirs"],
            GuideSection::Respirer => &["nature"],
            GuideSection::SeReperer => &["mobilite"],
            GuideSection::GardeEnfants => &["garde-enfants"],
            GuideSection::Sante => &["sante"],
            GuideSection::Travailler => &["services-numeriques"],
        }
    }

    /// Every category some section lists.
    pub fn all_categories() -> Vec<&'static str> {
        GuideSection::ALL
            .iter()
            .flat_map(|s| s.categories().iter().copied())
            .collect()
    }

    /// The sections listing an actor of these categories (slugs), in the guide's order.
    pub fn of_categories<'a>(
        slugs: impl IntoIterator<Item = &'a str> + Clone,
    ) -> Vec<GuideSection> {
        GuideSection::ALL
            .iter()
            .copied()
            .filter(|s| {
                slugs
                    .clone()
                    .into_iter()
                    .any(|c| s.categories().contains(&c))
            })
            .collect()
    }

    /// The message key of its title.
    pub fn label_key(self) -> String {
        format!("guide-section-{}", self.as_str())
    }

    /// The message key of the line under its title.
    pub fn hint_key(self) -> String {
        format!("guide-hint-{}", self.as_str())
    }
}

/// A place of the directory as the guide's « travailler » section lists it (a coworking).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct GuidePlace {
    pub id: PlaceId,
    pub name: String,
    pub slug: String,
    pub city: String,
    pub phone: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub opening_hours: String,
}

/// An entry of the visitor guide: an actor (public fields only) or a place of the directory.
#[derive(Debug, Clone)]
pub struct GuideEntry {
    pub name: String,
    /// `/acteurs/{slug}` or `/lieux/{slug}`.
    pub href: String,
    /// The message key of what it is (an actor's subtype, or « tiers-lieu »).
    pub what_key: String,
    pub city: String,
    /// Public phone (E.164), or empty.
    pub phone: String,
    pub open_now: Option<bool>,
    /// Kilometres from the guide's point.
    pub distance_km: Option<f64>,
    /// Public coordinates, for the map.
    pub point: Option<(f64, f64)>,
}

/// The guide's order within a section: open now first, then the nearest (unknown distances
/// last), then by name.
pub fn sort_guide(entries: &mut [GuideEntry]) {
    entries.sort_by(|a, b| {
        (a.open_now != Some(true))
            .cmp(&(b.open_now != Some(true)))
            .then(
                a.distance_km
                    .unwrap_or(f64::INFINITY)
                    .total_cmp(&b.distance_km.unwrap_or(f64::INFINITY)),
            )
            .then_with(|| fold_words(&a.name).cmp(&fold_words(&b.name)))
    });
}
