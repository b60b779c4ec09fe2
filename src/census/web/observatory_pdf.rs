//! The observatory as a PDF — for a board meeting or a funder: the campaign, the small-numbers
//! rule, the department map, then each chart (the same SVG as the page) followed by its
//! figures. The public one holds what the public page shows; the board's, every figure.

use axum::response::Response;

use super::super::model::Campaign;
use super::view::{ChartView, MapView};
use crate::error::{AppError, AppResult};
use crate::pdf::{Block, Pdf};
use crate::tenancy::model::Network;
use crate::web::Chrome;

/// What the page computed, for its PDF.
pub struct Figures<'a> {
    pub c: &'a Chrome,
    pub campaign: &'a Campaign,
    pub submitted: i64,
    pub min_places: i64,
    pub charts: &'a [ChartView],
    pub map: Option<&'a MapView>,
}

/// The PDF's bytes (see [`response`] for the answer that carries them).
pub fn render(f: &Figures) -> AppResult<Vec<u8>> {
    let c = f.c;
    let title = format!("{} – {}", f.campaign.title, c.title);
    let mut doc = Pdf::new(&title, c.lang.code());
    doc.push(Block::Title(title.clone()));
    let mut summary = c.ta("census-obs-summary", "count", &f.submitted.to_string());
    if f.min_places > 0 {
        summary = format!(
            "{summary} {}",
            c.ta("census-obs-rule", "count", &f.min_places.to_string())
        );
    }
    doc.push(Block::Note(summary));
    if let Some(m) = f.map {
        doc.push(Block::Heading(m.title.clone()))
            .push(Block::Svg(m.svg.clone()))
            .push(Block::Note(c.t("census-map-credit")))
            .push(Block::Table(m.rows.clone()));
    }
    for ch in f.charts {
        doc.push(Block::Heading(ch.title.clone()));
        if ch.svg.starts_with("<svg") {
            doc.push(Block::Svg(ch.svg.clone()));
        } else {
            doc.push(Block::Paragraph(c.t("census-chart-all-hidden")));
        }
        for extra in [&ch.years, &ch.stack].into_iter().flatten() {
            doc.push(Block::Svg(extra.clone()));
        }
        // The figures, one line per group: its places, then each column.
        let rows = ch
            .rows
            .iter()
            .map(|r| {
                let cells: Vec<String> = ch
                    .columns
                    .iter()
                    .zip(&r.cells)
                    .map(|(col, v)| format!("{col} {v}"))
                    .collect();
                (
                    format!("{} ({} {})", r.label, r.places, c.t("census-col-places")),
                    cells.join(" · "),
                )
            })
            .collect();
        doc.push(Block::Table(rows));
    }
    doc.render().map_err(AppError::Internal)
}

/// The answer carrying a PDF of `network`'s `campaign` (the board's copy is private).
pub fn response(bytes: Vec<u8>, network: &Network, campaign: &Campaign, board: bool) -> Response {
    crate::pdf::response(
        bytes,
        &format!("observatoire-{}-{}.pdf", network.slug, campaign.id),
        board,
    )
}
