//! PDF documents built from a few kinds of blocks — a title, headings, paragraphs, label/value
//! tables and the SVG charts the pages already draw — laid out on A4 pages with their
//! numbers. Written by krilla (the PDF library of the Typst project), charts converted by
//! krilla-svg; text is set in DejaVu Sans, bundled (`assets/fonts/`, Bitstream Vera licence)
//! and subset into each file, so accents and every French character come out on any
//! machine. Lines are wrapped by the font's own advance widths (ttf-parser). The document
//! carries its title and language.

use std::sync::LazyLock;

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Size};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use krilla::Document;
use krilla_svg::{SurfaceExt, SvgSettings};

static REGULAR: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../assets/fonts/DejaVuSans-Bold.ttf");

/// The SVG options: the bundled font, under the name charts fall back to.
static SVG_OPTIONS: LazyLock<usvg::Options<'static>> = LazyLock::new(|| {
    let mut o = usvg::Options {
        font_family: "DejaVu Sans".into(),
        ..Default::default()
    };
    let db = o.fontdb_mut();
    db.load_font_data(REGULAR.to_vec());
    db.load_font_data(BOLD.to_vec());
    o
});

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 50.0;
const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN;
const BOTTOM: f32 = PAGE_H - MARGIN - 20.0;

/// One block of a document.
pub enum Block {
    Title(String),
    Heading(String),
    Paragraph(String),
    /// Smaller grey text (periods, sources).
    Note(String),
    /// Rows of a label and its value.
    Table(Vec<(String, String)>),
    /// An SVG chart, drawn the width of the text.
    Svg(String),
}

/// A document being written: its title, language and blocks.
pub struct Pdf {
    title: String,
    lang: String,
    blocks: Vec<Block>,
}

#[derive(Clone, Copy)]
enum Style {
    Title,
    Heading,
    Body,
    Bold,
    Note,
}

impl Style {
    fn size(self) -> f32 {
        match self {
            Style::Title => 20.0,
            Style::Heading => 14.0,
            Style::Body | Style::Bold => 11.0,
            Style::Note => 9.0,
        }
    }
    fn bold(self) -> bool {
        matches!(self, Style::Title | Style::Heading | Style::Bold)
    }
}

/// Something placed on a page, at `y` from its top.
enum Placed {
    Text {
        x: f32,
        y: f32,
        style: Style,
        text: String,
    },
    Rule {
        y: f32,
    },
    Svg {
        y: f32,
        tree: Box<usvg::Tree>,
        size: Size,
    },
}

/// The width of `text` set in `style`, from the font's advances.
fn width(text: &str, style: Style) -> f32 {
    let data = if style.bold() { BOLD } else { REGULAR };
    let Ok(face) = ttf_parser::Face::parse(data, 0) else {
        return text.chars().count() as f32 * style.size() * 0.6;
    };
    let units = face.units_per_em() as f32;
    let advance: f32 = text
        .chars()
        .map(|c| {
            face.glyph_index(c)
                .and_then(|g| face.glyph_hor_advance(g))
                .unwrap_or(units as u16 / 2) as f32
        })
        .sum();
    advance / units * style.size()
}

/// `text` cut into lines no wider than `max` (a word longer than a line has a line alone).
fn wrap(text: &str, style: Style, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.lines() {
        let mut line = String::new();
        for word in para.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if !line.is_empty() && width(&candidate, style) > max {
                lines.push(std::mem::take(&mut line));
                line = word.to_string();
            } else {
                line = candidate;
            }
        }
        lines.push(line);
    }
    lines
}

impl Pdf {
    pub fn new(title: &str, lang: &str) -> Pdf {
        Pdf {
            title: title.to_string(),
            lang: lang.to_string(),
            blocks: Vec::new(),
        }
    }

    pub fn push(&mut self, block: Block) -> &mut Pdf {
        self.blocks.push(block);
        self
    }

    /// The pages' contents: blocks cut into lines and placed, a new page when one is full.
    fn layout(&self) -> anyhow::Result<Vec<Vec<Placed>>> {
        let mut pages: Vec<Vec<Placed>> = vec![Vec::new()];
        let mut y = MARGIN;
        let room = |pages: &mut Vec<Vec<Placed>>, y: &mut f32, need: f32| {
            if *y + need > BOTTOM && *y > MARGIN {
                pages.push(Vec::new());
                *y = MARGIN;
            }
        };
        let text = |pages: &mut Vec<Vec<Placed>>, y: &mut f32, s: &str, style: Style| {
            let lead = style.size() * 1.4;
            for line in wrap(s, style, CONTENT_W) {
                room(pages, y, lead);
                *y += lead;
                if let Some(p) = pages.last_mut() {
                    p.push(Placed::Text {
                        x: MARGIN,
                        y: *y - style.size() * 0.3,
                        style,
                        text: line,
                    });
                }
            }
        };
        for block in &self.blocks {
            match block {
                Block::Title(s) => {
                    text(&mut pages, &mut y, s, Style::Title);
                    y += 8.0;
                }
                Block::Heading(s) => {
                    // A heading is not left alone at the bottom of a page.
                    if y + 60.0 > BOTTOM {
                        pages.push(Vec::new());
                        y = MARGIN;
                    }
                    y += 10.0;
                    text(&mut pages, &mut y, s, Style::Heading);
                    y += 4.0;
                }
                Block::Paragraph(s) => {
                    text(&mut pages, &mut y, s, Style::Body);
                    y += 6.0;
                }
                Block::Note(s) => {
                    text(&mut pages, &mut y, s, Style::Note);
                    y += 6.0;
                }
                Block::Table(rows) => {
                    let value_w = rows
                        .iter()
                        .map(|(_, v)| width(v, Style::Bold))
                        .fold(0.0_f32, f32::max)
                        .min(CONTENT_W / 2.0);
                    for (label, value) in rows {
                        let lines = wrap(label, Style::Body, CONTENT_W - value_w - 16.0);
                        let h = lines.len() as f32 * 15.4 + 6.0;
                        room(&mut pages, &mut y, h);
                        let Some(p) = pages.last_mut() else { continue };
                        for (i, line) in lines.into_iter().enumerate() {
                            p.push(Placed::Text {
                                x: MARGIN,
                                y: y + 12.0 + i as f32 * 15.4,
                                style: Style::Body,
                                text: line,
                            });
                        }
                        p.push(Placed::Text {
                            x: PAGE_W - MARGIN - width(value, Style::Bold),
                            y: y + 12.0,
                            style: Style::Bold,
                            text: value.clone(),
                        });
                        y += h;
                        p.push(Placed::Rule { y: y - 2.0 });
                    }
                    y += 8.0;
                }
                Block::Svg(svg) => {
                    let tree = usvg::Tree::from_str(svg, &SVG_OPTIONS)
                        .map_err(|e| anyhow::anyhow!("SVG illisible : {e}"))?;
                    let (w, h) = (tree.size().width(), tree.size().height());
                    let mut scale = CONTENT_W / w;
                    if h * scale > BOTTOM - MARGIN {
                        scale = (BOTTOM - MARGIN) / h;
                    }
                    let size = Size::from_wh(w * scale, h * scale)
                        .ok_or_else(|| anyhow::anyhow!("SVG vide"))?;
                    room(&mut pages, &mut y, size.height());
                    if let Some(p) = pages.last_mut() {
                        p.push(Placed::Svg {
                            y,
                            tree: Box::new(tree),
                            size,
                        });
                    }
                    y += size.height() + 10.0;
                }
            }
        }
        Ok(pages)
    }

    /// The PDF file.
    pub fn render(&self) -> anyhow::Result<Vec<u8>> {
        let pages = self.layout()?;
        let regular = Font::new(REGULAR.into(), 0).ok_or_else(|| anyhow::anyhow!("police"))?;
        let bold = Font::new(BOLD.into(), 0).ok_or_else(|| anyhow::anyhow!("police"))?;
        let mut doc = Document::new();
        doc.set_metadata(
            Metadata::new()
                .title(self.title.clone())
                .language(self.lang.clone())
                .creator("Maillage".into()),
        );
        let total = pages.len();
        for (n, placed) in pages.into_iter().enumerate() {
            let settings = PageSettings::from_wh(PAGE_W, PAGE_H)
                .ok_or_else(|| anyhow::anyhow!("format de page"))?;
            let mut page = doc.start_page_with(settings);
            let mut surface = page.surface();
            for item in placed {
                match item {
                    Placed::Text { x, y, style, text } => {
                        let grey = matches!(style, Style::Note);
                        fill(&mut surface, if grey { (75, 85, 99) } else { (17, 24, 39) });
                        let font = if style.bold() { &bold } else { &regular };
                        surface.draw_text(
                            Point::from_xy(x, y),
                            font.clone(),
                            style.size(),
                            &text,
                            false,
                            TextDirection::Auto,
                        );
                    }
                    Placed::Rule { y } => {
                        fill(&mut surface, (209, 213, 219));
                        let mut pb = PathBuilder::new();
                        if let Some(r) = Rect::from_xywh(MARGIN, y, CONTENT_W, 0.6) {
                            pb.push_rect(r);
                        }
                        if let Some(path) = pb.finish() {
                            surface.draw_path(&path);
                        }
                    }
                    Placed::Svg { y, tree, size } => {
                        surface.push_transform(&krilla::geom::Transform::from_translate(MARGIN, y));
                        surface.draw_svg(&tree, size, SvgSettings::default());
                        surface.pop();
                    }
                }
            }
            let footer = format!("{} – {}/{}", self.title, n + 1, total);
            fill(&mut surface, (75, 85, 99));
            surface.draw_text(
                Point::from_xy(MARGIN, PAGE_H - MARGIN + 10.0),
                regular.clone(),
                8.0,
                &footer,
                false,
                TextDirection::Auto,
            );
            surface.finish();
            page.finish();
        }
        doc.finish()
            .map_err(|e| anyhow::anyhow!("écriture du PDF : {e:?}"))
    }
}

/// The HTTP answer carrying a PDF: its type, a download under `filename`, and a cache
/// policy (`private`: never kept by a shared cache — a person's document).
pub fn response(bytes: Vec<u8>, filename: &str, private: bool) -> axum::response::Response {
    use axum::http::{header, HeaderValue};
    use axum::response::IntoResponse;
    let mut res = (
        [
            (header::CONTENT_TYPE, "application/pdf"),
            (
                header::CACHE_CONTROL,
                if private {
                    "private, no-store"
                } else {
                    "public, max-age=300"
                },
            ),
        ],
        bytes,
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

fn fill(surface: &mut Surface, (r, g, b): (u8, u8, u8)) {
    surface.set_fill(Some(Fill {
        paint: rgb::Color::new(r, g, b).into(),
        opacity: NormalizedF32::ONE,
        rule: FillRule::NonZero,
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_wraps_inside_the_page() {
        let text = "Événements et ateliers organisés ou accueillis sur la période ".repeat(8);
        let lines = wrap(&text, Style::Body, CONTENT_W);
        assert!(lines.len() > 2);
        for l in &lines {
            assert!(width(l, Style::Body) <= CONTENT_W, "{l}");
        }
        assert!(width("Mmmm", Style::Body) > width("iiii", Style::Body));
    }

    #[test]
    fn a_document_with_a_chart_is_a_pdf_over_several_pages() {
        let mut pdf = Pdf::new("Rapport d'activité", "fr");
        pdf.push(Block::Title("Rapport d'activité – Réseau Sud".into()));
        for i in 0..60 {
            pdf.push(Block::Table(vec![(
                format!("Indicateur n° {i}"),
                format!("{i}"),
            )]));
        }
        pdf.push(Block::Svg(
            r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50"><rect width="40" height="10" fill="#1d4ed8"/><text x="5" y="40">Créé</text></svg>"##.into(),
        ));
        let bytes = pdf.render().expect("pdf");
        assert!(bytes.starts_with(b"%PDF-"));
        let pages = pdf.layout().expect("layout");
        assert!(pages.len() >= 2, "60 rows do not fit one page");
        assert!(Pdf::new("x", "fr")
            .push(Block::Svg("<svg".into()))
            .render()
            .is_err());
    }
}
