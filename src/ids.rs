//! The identifiers that cross layers, one type each: a space's id cannot be passed where a
//! place's is expected, and the compiler says so. On the wire and in the database they stay
//! plain integers (`#[serde(transparent)]`, `#[sqlx(transparent)]`); in the OpenAPI document
//! each is an `integer` (`int64`) schema named after its type.
//!
//! A mixed-up id does not compile:
//!
//! ```compile_fail
//! fn book(_space: maillage::ids::SpaceId) {}
//! book(maillage::ids::PlaceId(1));
//! ```
//!
//! ```
//! fn book(_space: maillage::ids::SpaceId) {}
//! book(maillage::ids::SpaceId(1));
//! ```

use std::fmt;
use std::str::FromStr;

macro_rules! ids {
    ($($(#[$meta:meta])* $name:ident),+ $(,)?) => {$(
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize, sqlx::Type,
        )]
        #[serde(transparent)]
        #[sqlx(transparent)]
        pub struct $name(pub i64);

        impl $name {
            /// The integer, for SQL built by hand, logs and URLs.
            pub fn get(self) -> i64 {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map($name)
            }
        }

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::Integer)
                    .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
                        utoipa::openapi::KnownFormat::Int64,
                    )))
                    .into()
            }
        }

        impl utoipa::ToSchema for $name {}
    )+};
}

ids! {
    /// An account (`users.id`).
    UserId,
    /// A network of places (`networks.id`).
    NetworkId,
    /// A place (`places.id`).
    PlaceId,
    /// A bookable space of a place (`spaces.id`).
    SpaceId,
    /// A booking of a space (`bookings.id`).
    BookingId,
    /// An agenda event (`events.id`).
    EventId,
    /// A registration to an event's occurrence (`registrations.id`).
    RegistrationId,
    /// A club, commission or board (`groups.id`).
    GroupId,
    /// A meeting of a group (`meetings.id`).
    MeetingId,
    /// A document of the library (`documents.id`).
    DocumentId,
    /// A project of a new tiers-lieu (`projects.id`).
    ProjectId,
    /// A local actor of the showcases (`actors.id`).
    ActorId,
    /// A news post ("actualité") of a network, a place or a project (`news_posts.id`).
    NewsId,
    /// A list people subscribe to by email, of a network or a place (`news_lists.id`).
    NewsListId,
    /// A census questionnaire of a network, one version (`census_questionnaires.id`).
    QuestionnaireId,
    /// A census campaign of a network (`census_campaigns.id`).
    CampaignId,
    /// A training ("formation") of a place or a network (`trainings.id`).
    TrainingId,
    /// A learning path of trainings (`training_paths.id`).
    PathId,
    /// An issue of a newsletter list (`letter_issues.id`).
    IssueId,
    /// An Open Badges achievement of a place or a network (`badge_achievements.id`).
    AchievementId,
    /// An issued Open Badges credential (`badge_credentials.id`).
    CredentialId,
    /// A job or civic-service offer of a place or a network (`job_offers.id`).
    JobOfferId,
    /// An application to a job offer (`job_applications.id`).
    JobApplicationId,
    /// A saved search of the job board (`job_searches.id`).
    JobSearchId,
    /// A need, offer, exchange, loan or gift of a place's or a network's board (`posts.id`).
    PostId,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_plain_integers_on_the_wire() {
        assert_eq!(serde_json::to_string(&PlaceId(42)).unwrap(), "42");
        assert_eq!(serde_json::from_str::<EventId>("7").unwrap(), EventId(7));
        assert!(serde_json::from_str::<EventId>("\"7\"").is_err());
        assert_eq!("12".parse::<SpaceId>().unwrap(), SpaceId(12));
        assert_eq!(PlaceId(3).to_string(), "3");
    }

    #[test]
    fn ids_are_integer_schemas() {
        use utoipa::PartialSchema;
        let s = serde_json::to_value(UserId::schema()).unwrap();
        assert_eq!(s["type"], "integer");
        assert_eq!(s["format"], "int64");
    }
}
