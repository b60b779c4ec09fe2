//! Closed lists of values (statuses, kinds, modes, programmes, visibilities) as Rust enums
//! that are stored as their text and sent as their text: [`choice!`] writes the enum, its
//! texts, `FromStr`/`Display`, serde (an unknown text is refused with the allowed ones), the
//! OpenAPI schema (a `string` with its `enum`) and the SQLite/PostgreSQL `TEXT` encoding (a
//! text the enum does not know fails to decode instead of passing as some default).

/// A text that is not one of a list's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownChoice {
    /// The list's type, e.g. `EventKind`.
    pub list: &'static str,
    pub value: String,
}

impl std::fmt::Display for UnknownChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unknown {} value {:?}", self.list, self.value)
    }
}

impl std::error::Error for UnknownChoice {}

/// `choice! { /// doc  pub enum EventStatus { Draft = "draft", Published = "published" } }`
#[macro_export]
macro_rules! choice {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, in the declared order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// Every value's text, in the declared order.
            pub const TEXTS: &'static [&'static str] = &[$($text),+];

            /// The stored and sent text.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// The value whose text is `s` (exactly), if any.
            pub fn from_text(s: &str) -> Option<$name> {
                match s {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::choice::UnknownChoice;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::from_text(s).ok_or_else(|| $crate::choice::UnknownChoice {
                    list: stringify!($name),
                    value: s.to_string(),
                })
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                $name::from_text(&s)
                    .ok_or_else(|| ::serde::de::Error::unknown_variant(&s, $name::TEXTS))
            }
        }

        impl ::utoipa::PartialSchema for $name {
            fn schema() -> ::utoipa::openapi::RefOr<::utoipa::openapi::schema::Schema> {
                ::utoipa::openapi::ObjectBuilder::new()
                    .schema_type(::utoipa::openapi::schema::Type::String)
                    .enum_values(Some($name::TEXTS.iter().copied()))
                    .into()
            }
        }

        impl ::utoipa::ToSchema for $name {}

        impl<DB: ::sqlx::Database> ::sqlx::Type<DB> for $name
        where
            str: ::sqlx::Type<DB>,
        {
            fn type_info() -> DB::TypeInfo {
                <str as ::sqlx::Type<DB>>::type_info()
            }
            fn compatible(ty: &DB::TypeInfo) -> bool {
                <str as ::sqlx::Type<DB>>::compatible(ty)
            }
        }

        impl<'q, DB: ::sqlx::Database> ::sqlx::Encode<'q, DB> for $name
        where
            &'q str: ::sqlx::Encode<'q, DB>,
        {
            fn encode_by_ref(
                &self,
                buf: &mut <DB as ::sqlx::Database>::ArgumentBuffer<'q>,
            ) -> Result<::sqlx::encode::IsNull, ::sqlx::error::BoxDynError> {
                <&'q str as ::sqlx::Encode<'q, DB>>::encode(self.as_str(), buf)
            }
        }

        impl<'r, DB: ::sqlx::Database> ::sqlx::Decode<'r, DB> for $name
        where
            &'r str: ::sqlx::Decode<'r, DB>,
        {
            fn decode(
                value: <DB as ::sqlx::Database>::ValueRef<'r>,
            ) -> Result<Self, ::sqlx::error::BoxDynError> {
                let s = <&'r str as ::sqlx::Decode<'r, DB>>::decode(value)?;
                Ok(s.parse::<$name>()?)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    crate::choice! {
        /// A list for the tests.
        pub enum Colour { Red = "red", DarkBlue = "dark-blue" }
    }

    #[test]
    fn text_round_trips() {
        assert_eq!(Colour::DarkBlue.as_str(), "dark-blue");
        assert_eq!("red".parse::<Colour>().unwrap(), Colour::Red);
        assert_eq!(Colour::TEXTS, &["red", "dark-blue"]);
        assert_eq!(Colour::ALL, &[Colour::Red, Colour::DarkBlue]);
        let e = "green".parse::<Colour>().unwrap_err();
        assert_eq!(e.to_string(), "unknown Colour value \"green\"");
    }

    #[test]
    fn serde_sends_the_text_and_names_the_allowed_ones() {
        assert_eq!(
            serde_json::to_string(&Colour::DarkBlue).unwrap(),
            "\"dark-blue\""
        );
        assert_eq!(
            serde_json::from_str::<Colour>("\"red\"").unwrap(),
            Colour::Red
        );
        let e = serde_json::from_str::<Colour>("\"green\"").unwrap_err();
        assert!(
            e.to_string().contains("expected `red` or `dark-blue`"),
            "{e}"
        );
    }

    #[test]
    fn schema_lists_the_values() {
        use utoipa::PartialSchema;
        let s = serde_json::to_value(Colour::schema()).unwrap();
        assert_eq!(s["type"], "string");
        assert_eq!(s["enum"], serde_json::json!(["red", "dark-blue"]));
    }

    #[tokio::test]
    async fn stored_as_text_on_sqlite_and_unknown_text_refused() {
        let pool = sqlx::SqlitePool::connect("sqlite::memory:").await.unwrap();
        let c: Colour = sqlx::query_scalar("SELECT ?")
            .bind(Colour::DarkBlue)
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(c, Colour::DarkBlue);
        let raw: String = sqlx::query_scalar("SELECT ?")
            .bind(Colour::Red)
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(raw, "red");
        let bad = sqlx::query_scalar::<_, Colour>("SELECT 'green'")
            .fetch_one(&pool)
            .await;
        assert!(bad.is_err());
    }
}
