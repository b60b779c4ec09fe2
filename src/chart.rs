//! Charts drawn on the server as SVG: horizontal bars, stacked bars (shares of each group, or
//! amounts on one common scale), a line over years or weeks and a heat grid. Each chart is an
//! image with its title and a description (`role="img"`, `<title>`, `<desc>`, named by
//! `aria-labelledby`), draws its values as text beside the marks, and the page gives the same
//! figures as a table: it reads without JavaScript, prints, and goes into a PDF as it is.
//! Used by the census' observatory, a project's funding plan and a place's occupancy.

use std::fmt::Write;

pub use crate::text::escape_html as esc;

/// A number the French way, at most two decimals (`1 234,5`).
pub fn fr_number(x: f64) -> String {
    let rounded = (x * 100.0).round() / 100.0;
    let int = rounded.trunc().abs() as i64;
    let frac = ((rounded.abs() - int as f64) * 100.0).round() as i64;
    let digits = int.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('\u{202f}');
        }
        grouped.push(c);
    }
    let sign = if rounded < 0.0 { "-" } else { "" };
    match frac {
        0 => format!("{sign}{grouped}"),
        f if f % 10 == 0 => format!("{sign}{grouped},{}", f / 10),
        f => format!("{sign}{grouped},{f:02}"),
    }
}

/// The head of a chart: the `<svg>` with its title and description.
fn head(out: &mut String, id: &str, title: &str, desc: &str, width: i32, height: i32) {
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" aria-labelledby="{id}-t {id}-d"><title id="{id}-t">{}</title><desc id="{id}-d">{}</desc>"#,
        esc(title),
        esc(desc)
    );
}

/// Horizontal bars, one per `(label, value)`, longest scaled to the width; values written
/// with `fmt` (e.g. euros) at the end of each bar.
pub fn bars(
    id: &str,
    title: &str,
    desc: &str,
    rows: &[(String, f64)],
    fmt: &dyn Fn(f64) -> String,
) -> String {
    let (label_w, bar_w, row_h) = (220, 300, 28);
    let width = label_w + bar_w + 120;
    let height = (rows.len() as i32 * row_h).max(row_h) + 10;
    let max = rows.iter().map(|r| r.1).fold(0.0_f64, f64::max);
    let mut out = String::new();
    head(&mut out, id, title, desc, width, height);
    for (i, (label, v)) in rows.iter().enumerate() {
        let y = 5 + i as i32 * row_h;
        let w = if max > 0.0 {
            ((v.max(0.0) / max) * bar_w as f64).round() as i32
        } else {
            0
        };
        let short: String = label.chars().take(28).collect();
        let _ = write!(
            out,
            r##"<text x="{}" y="{}" text-anchor="end" font-size="13" fill="#1f2937">{}</text><rect x="{label_w}" y="{}" width="{}" height="{}" fill="#1d4ed8" rx="2"></rect><text x="{}" y="{}" font-size="13" fill="#1f2937">{}</text>"##,
            label_w - 8,
            y + 18,
            esc(&short),
            y + 4,
            w.max(1),
            row_h - 8,
            label_w + w + 6,
            y + 18,
            esc(&fmt(*v)),
        );
    }
    out.push_str("</svg>");
    out
}

/// Colours of the stacked segments, in order; each is at least 3:1 from white and from its
/// neighbours' text, and every segment's count is written on it or named in the legend.
const SERIES: [&str; 6] = [
    "#1d4ed8", "#b45309", "#047857", "#7c3aed", "#be123c", "#374151",
];

/// One row of stacked bars: its label, and its count per series (`None`: hidden by the
/// small-numbers rule, drawn as a hatched bar).
pub struct Stack {
    pub label: String,
    pub counts: Option<Vec<f64>>,
}

/// Stacked horizontal bars, one per group, each split into the `series` (e.g. the choices of
/// a question), every bar the full width (shares of the group), with a legend and the counts
/// written on the segments wide enough to hold them.
pub fn stacked(
    id: &str,
    title: &str,
    desc: &str,
    series: &[String],
    rows: &[Stack],
    hidden: &str,
) -> String {
    let (label_w, bar_w, row_h) = (220, 360, 28);
    let legend_h = 24 * series.len().div_ceil(3) as i32;
    let width = label_w + bar_w + 20;
    let height = legend_h + (rows.len() as i32 * row_h).max(row_h) + 10;
    let mut out = String::new();
    head(&mut out, id, title, desc, width, height);
    let _ = write!(
        out,
        r##"<defs><pattern id="{id}-h" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#f3f4f6"></rect><line x1="0" y1="0" x2="0" y2="6" stroke="#6b7280" stroke-width="2"></line></pattern></defs>"##
    );
    for (k, name) in series.iter().enumerate() {
        let (x, y) = (10 + (k % 3) as i32 * 196, 4 + (k / 3) as i32 * 24);
        let short: String = name.chars().take(22).collect();
        let _ = write!(
            out,
            r##"<rect x="{x}" y="{y}" width="16" height="16" fill="{}"></rect><text x="{}" y="{}" font-size="12" fill="#1f2937">{}</text>"##,
            SERIES[k % SERIES.len()],
            x + 22,
            y + 13,
            esc(&short)
        );
    }
    for (i, row) in rows.iter().enumerate() {
        let y = legend_h + 5 + i as i32 * row_h;
        let short: String = row.label.chars().take(28).collect();
        let _ = write!(
            out,
            r##"<text x="{}" y="{}" text-anchor="end" font-size="13" fill="#1f2937">{}</text>"##,
            label_w - 8,
            y + 18,
            esc(&short)
        );
        let Some(counts) = &row.counts else {
            let _ = write!(
                out,
                r##"<rect x="{label_w}" y="{}" width="{bar_w}" height="{}" fill="url(#{id}-h)"></rect><text x="{}" y="{}" font-size="12" fill="#1f2937">{}</text>"##,
                y + 4,
                row_h - 8,
                label_w + 8,
                y + 18,
                esc(hidden)
            );
            continue;
        };
        let total: f64 = counts.iter().map(|c| c.max(0.0)).sum();
        let mut x = label_w as f64;
        for (k, c) in counts.iter().enumerate() {
            if total <= 0.0 || *c <= 0.0 {
                continue;
            }
            let w = c / total * bar_w as f64;
            let _ = write!(
                out,
                r##"<rect x="{x:.1}" y="{}" width="{w:.1}" height="{}" fill="{}"><title>{} : {}</title></rect>"##,
                y + 4,
                row_h - 8,
                SERIES[k % SERIES.len()],
                esc(series.get(k).map(String::as_str).unwrap_or("")),
                fr_number(*c)
            );
            if w >= 26.0 {
                let _ = write!(
                    out,
                    r##"<text x="{:.1}" y="{}" text-anchor="middle" font-size="12" fill="#ffffff">{}</text>"##,
                    x + w / 2.0,
                    y + 18,
                    fr_number(*c)
                );
            }
            x += w;
        }
    }
    out.push_str("</svg>");
    out
}

/// A line through `(label, value)` points in order (years), each point marked and written.
pub fn line(
    id: &str,
    title: &str,
    desc: &str,
    points: &[(String, f64)],
    fmt: &dyn Fn(f64) -> String,
) -> String {
    let (width, height, pad_x, top, bottom) = (520, 220, 50, 30, 40);
    let max = points.iter().map(|p| p.1).fold(0.0_f64, f64::max);
    let n = points.len().max(1);
    let step = if n > 1 {
        (width - 2 * pad_x) as f64 / (n - 1) as f64
    } else {
        0.0
    };
    let plot_h = (height - top - bottom) as f64;
    let xy: Vec<(f64, f64)> = points
        .iter()
        .enumerate()
        .map(|(i, (_, v))| {
            let x = pad_x as f64
                + step * i as f64
                + if n == 1 {
                    (width / 2 - pad_x) as f64
                } else {
                    0.0
                };
            let y = top as f64 + plot_h
                - if max > 0.0 {
                    v.max(0.0) / max * plot_h
                } else {
                    0.0
                };
            (x, y)
        })
        .collect();
    let mut out = String::new();
    head(&mut out, id, title, desc, width, height);
    let _ = write!(
        out,
        r##"<line x1="{pad_x}" y1="{}" x2="{}" y2="{}" stroke="#6b7280"></line>"##,
        height - bottom,
        width - pad_x,
        height - bottom
    );
    if xy.len() > 1 {
        let path: Vec<String> = xy.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
        let _ = write!(
            out,
            r##"<polyline points="{}" fill="none" stroke="#1d4ed8" stroke-width="3"></polyline>"##,
            path.join(" ")
        );
    }
    for ((label, v), (x, y)) in points.iter().zip(&xy) {
        let _ = write!(
            out,
            r##"<circle cx="{x:.1}" cy="{y:.1}" r="5" fill="#1d4ed8"></circle><text x="{x:.1}" y="{:.1}" text-anchor="middle" font-size="13" fill="#1f2937">{}</text><text x="{x:.1}" y="{}" text-anchor="middle" font-size="13" fill="#1f2937">{}</text>"##,
            y - 10.0,
            esc(&fmt(*v)),
            height - bottom + 20,
            esc(label)
        );
    }
    out.push_str("</svg>");
    out
}

/// Stacked horizontal bars of amounts on one common scale (the longest row fills the width),
/// each row split into the `series` it has (`rows`: label and one value per series, zero for
/// none), with a legend, every segment titled with its series and value, and the row's total
/// written with `fmt` at its end.
pub fn stacked_amounts(
    id: &str,
    title: &str,
    desc: &str,
    series: &[String],
    rows: &[(String, Vec<f64>)],
    fmt: &dyn Fn(f64) -> String,
) -> String {
    let (label_w, bar_w, row_h) = (180, 300, 34);
    let legend_h = 24 * series.len().div_ceil(3) as i32;
    let width = label_w + bar_w + 140;
    let height = legend_h + (rows.len() as i32 * row_h).max(row_h) + 10;
    let total = |v: &[f64]| v.iter().map(|x| x.max(0.0)).sum::<f64>();
    let max = rows.iter().map(|r| total(&r.1)).fold(0.0_f64, f64::max);
    let mut out = String::new();
    head(&mut out, id, title, desc, width, height);
    for (k, name) in series.iter().enumerate() {
        let (x, y) = (10 + (k % 3) as i32 * 200, 4 + (k / 3) as i32 * 24);
        let short: String = name.chars().take(24).collect();
        let _ = write!(
            out,
            r##"<rect x="{x}" y="{y}" width="16" height="16" fill="{}"></rect><text x="{}" y="{}" font-size="12" fill="#1f2937">{}</text>"##,
            SERIES[k % SERIES.len()],
            x + 22,
            y + 13,
            esc(&short)
        );
    }
    for (i, (label, values)) in rows.iter().enumerate() {
        let y = legend_h + 5 + i as i32 * row_h;
        let short: String = label.chars().take(24).collect();
        let _ = write!(
            out,
            r##"<text x="{}" y="{}" text-anchor="end" font-size="13" fill="#1f2937">{}</text>"##,
            label_w - 8,
            y + 20,
            esc(&short)
        );
        let mut x = label_w as f64;
        for (k, v) in values.iter().enumerate() {
            if max <= 0.0 || *v <= 0.0 {
                continue;
            }
            let w = v / max * bar_w as f64;
            let _ = write!(
                out,
                r##"<rect x="{x:.1}" y="{}" width="{w:.1}" height="{}" fill="{}"><title>{} : {}</title></rect>"##,
                y + 4,
                row_h - 10,
                SERIES[k % SERIES.len()],
                esc(series.get(k).map(String::as_str).unwrap_or("")),
                esc(&fmt(*v))
            );
            x += w;
        }
        let _ = write!(
            out,
            r##"<text x="{:.1}" y="{}" font-size="13" fill="#1f2937">{}</text>"##,
            x.max(label_w as f64) + 6.0,
            y + 20,
            esc(&fmt(total(values)))
        );
    }
    out.push_str("</svg>");
    out
}

/// A heat grid: one row per `rows` label, one column per `cols` label, each cell a share
/// (0–1) drawn from pale to dark and written as a percentage on the cell, so that the colour
/// is never the only carrier; `None` (nothing to measure: closed) is hatched and written
/// `none`.
pub fn heat(
    id: &str,
    title: &str,
    desc: &str,
    rows: &[String],
    cols: &[String],
    cells: &[Vec<Option<f64>>],
    none: &str,
) -> String {
    let (label_w, cell_w, cell_h, top) = (110, 44, 30, 26);
    let width = label_w + cell_w * cols.len().max(1) as i32 + 10;
    let height = top + cell_h * rows.len().max(1) as i32 + 10;
    let mut out = String::new();
    head(&mut out, id, title, desc, width, height);
    let _ = write!(
        out,
        r##"<defs><pattern id="{id}-h" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#f3f4f6"></rect><line x1="0" y1="0" x2="0" y2="6" stroke="#9ca3af" stroke-width="1.5"></line></pattern></defs>"##
    );
    for (j, col) in cols.iter().enumerate() {
        let _ = write!(
            out,
            r##"<text x="{}" y="{}" text-anchor="middle" font-size="12" fill="#1f2937">{}</text>"##,
            label_w + j as i32 * cell_w + cell_w / 2,
            top - 8,
            esc(col)
        );
    }
    for (i, row) in rows.iter().enumerate() {
        let y = top + i as i32 * cell_h;
        let _ = write!(
            out,
            r##"<text x="{}" y="{}" text-anchor="end" font-size="13" fill="#1f2937">{}</text>"##,
            label_w - 8,
            y + cell_h / 2 + 5,
            esc(row)
        );
        for (j, _) in cols.iter().enumerate() {
            let x = label_w + j as i32 * cell_w;
            let cell = cells.get(i).and_then(|r| r.get(j)).copied().flatten();
            let (fill, text, ink) = match cell {
                None => (format!("url(#{id}-h)"), none.to_string(), "#374151"),
                Some(share) => {
                    let s = share.clamp(0.0, 1.0);
                    let ink = if s >= 0.5 { "#ffffff" } else { "#1f2937" };
                    (
                        heat_colour(s),
                        format!("{}\u{a0}%", (s * 100.0).round() as i64),
                        ink,
                    )
                }
            };
            let _ = write!(
                out,
                r##"<rect x="{x}" y="{y}" width="{}" height="{}" fill="{fill}" stroke="#ffffff"><title>{} {} : {}</title></rect><text x="{}" y="{}" text-anchor="middle" font-size="11" fill="{ink}">{}</text>"##,
                cell_w,
                cell_h,
                esc(row),
                esc(&cols[j]),
                esc(&text),
                x + cell_w / 2,
                y + cell_h / 2 + 4,
                esc(&text)
            );
        }
    }
    out.push_str("</svg>");
    out
}

/// The colour of a share in the heat grid: from a pale to a dark blue, in five steps (dark
/// cells carry white text, pale ones dark text: both readable).
fn heat_colour(share: f64) -> String {
    const STEPS: [&str; 5] = ["#eff6ff", "#bfdbfe", "#60a5fa", "#1d4ed8", "#1e3a8a"];
    let i = if share <= 0.0 {
        0
    } else {
        ((share * 4.0).ceil() as usize).min(4)
    };
    STEPS[i].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_are_titled_escaped_svg() {
        let svg = bars(
            "c1",
            "Surface <médiane>",
            "Par département",
            &[("04".into(), 120.0), ("Côte & co".into(), 60.0)],
            &fr_number,
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains(r#"aria-labelledby="c1-t c1-d""#));
        assert!(svg.contains("Surface &lt;médiane&gt;") && svg.contains("Côte &amp; co"));
        assert!(
            svg.contains(r#"width="300""#),
            "the longest bar fills the width"
        );
        let l = line(
            "c2",
            "Total",
            "Par année",
            &[("2025".into(), 1.0), ("2026".into(), 2.5)],
            &fr_number,
        );
        assert!(l.contains("<polyline") && l.contains("2,5"));
        assert_eq!(fr_number(1234567.5), "1\u{202f}234\u{202f}567,5");
        assert_eq!(fr_number(0.25), "0,25");
    }

    #[test]
    fn stacked_bars_split_each_group_and_hatch_hidden_ones() {
        let svg = stacked(
            "s1",
            "Statut",
            "Part de chaque choix",
            &["Association".into(), "SCIC".into()],
            &[
                Stack {
                    label: "04".into(),
                    counts: Some(vec![3.0, 1.0]),
                },
                Stack {
                    label: "05".into(),
                    counts: None,
                },
            ],
            "masqué",
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(
            svg.contains(r#"width="270.0""#),
            "3 of 4 fill three quarters of 360"
        );
        assert!(svg.contains(r#"width="90.0""#));
        assert!(svg.contains("<title>SCIC : 1</title>"));
        assert!(svg.contains(r#"fill="url(#s1-h)""#) && svg.contains(">masqué<"));
    }

    #[test]
    fn amounts_share_one_scale_and_heat_cells_carry_their_text() {
        let svg = stacked_amounts(
            "f1",
            "Plan",
            "Budget et financements",
            &["Accordé".into(), "Reste".into()],
            &[
                ("Budget".into(), vec![100.0, 100.0]),
                ("Demandé".into(), vec![50.0, 0.0]),
            ],
            &fr_number,
        );
        assert!(svg.contains(r#"aria-labelledby="f1-t f1-d""#));
        assert!(svg.contains(r#"width="150.0""#), "half of the longest row");
        assert!(svg.contains(r#"width="75.0""#), "a quarter: the same scale");
        assert!(svg.contains("<title>Reste : 100</title>") && svg.contains(">200<"));
        let h = heat(
            "h1",
            "Occupation",
            "Par jour et heure",
            &["lundi".into(), "mardi".into()],
            &["9 h".into(), "10 h".into()],
            &[vec![Some(0.5), Some(0.0)], vec![None, Some(1.0)]],
            "fermé",
        );
        assert!(h.contains("<title>lundi 9 h : 50\u{a0}%</title>"));
        assert!(h.contains("<title>mardi 9 h : fermé</title>") && h.contains("url(#h1-h)"));
        assert!(h.contains(">100\u{a0}%<") && h.contains(">0\u{a0}%<"));
    }
}
