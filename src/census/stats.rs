//! The observatory's figures: submitted answers rolled up per group (every place, department,
//! region, typology or year) — counts, sums, means, medians and the count of each choice —
//! with the small-numbers rule: a group, or a figure, drawn from fewer places than the
//! threshold is marked hidden and carries no value.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use super::model::{quantile, GroupBy, Question, QuestionType, Submitted};

/// One question's figures in one group.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Figure {
    /// Places of the group that answered.
    pub answered: i64,
    /// Fewer places answered than the threshold: no value is given.
    pub hidden: bool,
    /// Numbers, amounts (cents) and scales: their sum, mean and median.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sum: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub median: Option<f64>,
    /// Choices, yes/no and typologies: how many places gave each value (a value given by
    /// fewer places than the threshold is left out).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counts: Option<BTreeMap<String, i64>>,
}

/// One group of places and its figures, by question key.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Group {
    /// The department code, region name, typology slug, year, or `all`.
    pub key: String,
    pub label: String,
    /// Places of the group that submitted.
    pub places: i64,
    /// Fewer places than the threshold: the group's figures are not given.
    pub hidden: bool,
    pub figures: BTreeMap<String, Figure>,
}

/// A question the figures are about.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct QuestionInfo {
    pub key: String,
    pub label: String,
    #[serde(rename = "type")]
    pub kind: QuestionType,
    pub unit: String,
}

/// Every question whose answers roll up (numbers and choices; never free text).
pub fn rolled_up(questions: &[Question]) -> Vec<&Question> {
    questions
        .iter()
        .filter(|q| q.is_numeric() || q.is_categorical())
        .collect()
}

/// A response tagged with the group(s) it counts in.
fn keys_of(r: &Submitted, by: GroupBy, year: i32) -> Vec<(String, String)> {
    match by {
        GroupBy::All => vec![("all".into(), String::new())],
        GroupBy::Department => {
            let d = r.department.trim();
            vec![(d.to_string(), d.to_string())]
        }
        GroupBy::Region => {
            let g = r.region.trim();
            vec![(crate::text::fold(g), g.to_string())]
        }
        GroupBy::Typology if r.typologies.is_empty() => vec![(String::new(), String::new())],
        GroupBy::Typology => r.typologies.clone(),
        GroupBy::Year => vec![(year.to_string(), year.to_string())],
    }
}

/// Rolls up `responses` (each with the year of its campaign) per group. `min_places` is the
/// small-numbers threshold (0: every figure shown, for the network's board).
pub fn roll_up(
    questions: &[Question],
    responses: &[(i32, &Submitted)],
    by: GroupBy,
    min_places: i64,
) -> Vec<Group> {
    let qs = rolled_up(questions);
    let mut groups: BTreeMap<String, (String, Vec<&Submitted>)> = BTreeMap::new();
    for (year, r) in responses {
        for (key, label) in keys_of(r, by, *year) {
            groups
                .entry(key)
                .or_insert_with(|| (label, Vec::new()))
                .1
                .push(r);
        }
    }
    groups
        .into_iter()
        .map(|(key, (label, members))| {
            let places = members.len() as i64;
            let hidden = places < min_places;
            let figures = qs
                .iter()
                .map(|q| {
                    let f = if hidden {
                        Figure {
                            hidden: true,
                            ..Figure::default()
                        }
                    } else {
                        figure(q, &members, min_places)
                    };
                    (q.key.clone(), f)
                })
                .collect();
            Group {
                key,
                label,
                places,
                hidden,
                figures,
            }
        })
        .collect()
}

fn figure(q: &Question, members: &[&Submitted], min_places: i64) -> Figure {
    let answers: Vec<&Value> = members
        .iter()
        .filter_map(|r| r.answers.get(&q.key))
        .collect();
    let answered = answers.len() as i64;
    // One place's amount is never shown alone, whatever the threshold says.
    let min = if q.kind == QuestionType::Money {
        min_places.max(2)
    } else {
        min_places
    };
    if answered < min || answered == 0 {
        return Figure {
            answered,
            hidden: answered > 0 || min > 0,
            ..Figure::default()
        };
    }
    if q.is_numeric() {
        let mut v: Vec<f64> = answers.iter().filter_map(|a| a.as_f64()).collect();
        v.sort_by(f64::total_cmp);
        let sum: f64 = v.iter().sum();
        let round = |x: f64| (x * 100.0).round() / 100.0;
        Figure {
            answered,
            hidden: false,
            sum: Some(round(sum)),
            mean: Some(round(sum / v.len().max(1) as f64)),
            median: quantile(&v, 0.5).map(round),
            counts: None,
        }
    } else {
        let mut counts: BTreeMap<String, i64> = BTreeMap::new();
        for a in answers {
            match a {
                Value::Bool(b) => {
                    *counts
                        .entry(if *b { "oui" } else { "non" }.into())
                        .or_default() += 1
                }
                Value::String(s) => *counts.entry(s.clone()).or_default() += 1,
                Value::Array(items) => {
                    for i in items.iter().filter_map(Value::as_str) {
                        *counts.entry(i.to_string()).or_default() += 1;
                    }
                }
                _ => {}
            }
        }
        // A choice only a few places made is itself a small number: left out.
        counts.retain(|_, c| *c >= min_places);
        Figure {
            answered,
            hidden: false,
            counts: Some(counts),
            ..Figure::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::census::model::Question;
    use crate::ids::PlaceId;

    fn r(id: i64, dep: &str, turnover: i64, fte: f64) -> Submitted {
        Submitted {
            place_id: PlaceId(id),
            department: dep.into(),
            region: "Provence-Alpes-Côte d'Azur".into(),
            typologies: vec![("coworking".into(), "Coworking".into())],
            answers: [
                ("turnover".to_string(), Value::from(turnover)),
                ("fte".to_string(), Value::from(fte)),
            ]
            .into(),
        }
    }

    fn q(key: &str, kind: QuestionType) -> Question {
        Question {
            key: key.into(),
            label: key.into(),
            kind,
            section: String::new(),
            help: String::new(),
            required: false,
            unit: String::new(),
            options: vec![],
            min: None,
            max: None,
            prefill: None,
        }
    }

    #[test]
    fn small_groups_and_single_amounts_are_hidden() {
        let qs = vec![
            q("turnover", QuestionType::Money),
            q("fte", QuestionType::Number),
        ];
        let rs = [
            r(1, "04", 1000, 1.0),
            r(2, "04", 2001, 2.5),
            r(3, "04", 5000, 4.0),
            r(4, "05", 99999, 1.0),
        ];
        let tagged: Vec<(i32, &Submitted)> = rs.iter().map(|x| (2026, x)).collect();
        let g = roll_up(&qs, &tagged, GroupBy::Department, 3);
        let d04 = g.iter().find(|g| g.key == "04").unwrap();
        assert!(!d04.hidden);
        assert_eq!(d04.figures["turnover"].sum, Some(8001.0));
        assert_eq!(d04.figures["turnover"].median, Some(2001.0));
        assert_eq!(d04.figures["fte"].median, Some(2.5));
        let d05 = g.iter().find(|g| g.key == "05").unwrap();
        assert!(d05.hidden);
        assert_eq!(
            d05.figures["turnover"],
            Figure {
                hidden: true,
                ..Figure::default()
            }
        );
        // Even with no threshold, one place's amount is not shown alone.
        let g = roll_up(&qs, &tagged, GroupBy::Department, 0);
        let d05 = g.iter().find(|g| g.key == "05").unwrap();
        assert!(d05.figures["turnover"].hidden && d05.figures["turnover"].sum.is_none());
        assert_eq!(d05.figures["fte"].sum, Some(1.0));
    }
}
