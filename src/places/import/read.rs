//! Reading a file into a [`Table`]: CSV (any delimiter, UTF-8 or Windows-1252), GeoJSON,
//! GoGoCarto and data·inclusion JSON (objects flattened to `address.postalCode` columns).

use std::collections::BTreeMap;

use crate::places::model::PlaceImportFormat as Format;

/// Rows of text cells under named columns; `lines[i]` is the file line of row `i`.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub lines: Vec<usize>,
}

impl Table {
    pub fn cell<'a>(&'a self, row: &'a [String], header: &str) -> &'a str {
        self.headers
            .iter()
            .position(|h| h == header)
            .and_then(|i| row.get(i))
            .map(String::as_str)
            .unwrap_or("")
    }
}

/// Decodes text: UTF-8 (with or without BOM), otherwise Windows-1252 (a superset of Latin-1).
/// C0 control characters other than tab, CR and LF are dropped (a file is data, not a field:
/// a stray NUL must not reach PostgreSQL's text columns).
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    };
    if text.chars().any(crate::form::hygiene::refused_in_text) {
        text.chars()
            .filter(|c| !crate::form::hygiene::refused_in_text(*c))
            .collect()
    } else {
        text
    }
}

/// The delimiter used in the first line: the most frequent of `, ; TAB |` outside quotes.
pub fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0), (b'|', 0)];
    let mut quoted = false;
    for b in first.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for c in counts.iter_mut() {
                if c.0 == b {
                    c.1 += 1;
                }
            }
        }
    }
    counts
        .iter()
        .max_by_key(|c| c.1)
        .map(|c| c.0)
        .unwrap_or(b',')
}

pub fn read(format: Format, bytes: &[u8]) -> Result<Table, String> {
    match format {
        Format::Csv | Format::Mednum => read_csv(bytes),
        Format::Geojson => read_geojson(bytes),
        Format::Gogocarto => {
            let v: serde_json::Value = json(bytes)?;
            let data = v
                .get("data")
                .and_then(|d| d.as_array())
                .ok_or("JSON GoGoCarto : tableau « data » introuvable")?;
            Ok(from_objects(data.iter().map(|o| (o, None))))
        }
        Format::Datainclusion => {
            let v: serde_json::Value = json(bytes)?;
            let items = match &v {
                serde_json::Value::Array(a) => a,
                serde_json::Value::Object(o) => o
                    .get("items")
                    .or_else(|| o.get("data"))
                    .and_then(|d| d.as_array())
                    .ok_or("JSON data·inclusion : tableau de structures introuvable")?,
                _ => return Err("JSON data·inclusion : tableau de structures attendu".into()),
            };
            Ok(from_objects(items.iter().map(|o| (o, None))))
        }
    }
}

fn json(bytes: &[u8]) -> Result<serde_json::Value, String> {
    serde_json::from_str(&decode(bytes)).map_err(|e| format!("JSON illisible : {e}"))
}

fn read_csv(bytes: &[u8]) -> Result<Table, String> {
    let text = decode(bytes);
    let delim = sniff_delimiter(&text);
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delim)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| format!("en-tête CSV illisible : {e}"))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    if headers.iter().all(|h| h.is_empty()) {
        return Err("le fichier est vide".into());
    }
    let mut t = Table {
        headers,
        ..Default::default()
    };
    for rec in rdr.records() {
        let rec = rec.map_err(|e| format!("CSV illisible : {e}"))?;
        let line = rec.position().map(|p| p.line() as usize).unwrap_or(0);
        t.rows
            .push(rec.iter().map(|c| c.trim().to_string()).collect());
        t.lines.push(line);
    }
    Ok(t)
}

fn read_geojson(bytes: &[u8]) -> Result<Table, String> {
    let v: serde_json::Value = json(bytes)?;
    let features = v
        .get("features")
        .and_then(|f| f.as_array())
        .ok_or("GeoJSON : « features » introuvable")?;
    Ok(from_objects(features.iter().map(|f| {
        let coords = f
            .get("geometry")
            .filter(|g| g.get("type").and_then(|t| t.as_str()) == Some("Point"))
            .and_then(|g| g.get("coordinates"))
            .and_then(|c| c.as_array())
            .filter(|c| c.len() >= 2)
            .map(|c| (c[1].to_string(), c[0].to_string()));
        (
            f.get("properties").unwrap_or(&serde_json::Value::Null),
            coords,
        )
    })))
}

/// Flattens objects (`address.postalCode`), arrays of strings joined with `|`.
fn from_objects<'a>(
    items: impl Iterator<Item = (&'a serde_json::Value, Option<(String, String)>)>,
) -> Table {
    let mut t = Table::default();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    let mut rows: Vec<BTreeMap<usize, String>> = Vec::new();
    for (n, (obj, coords)) in items.enumerate() {
        let mut flat = Vec::new();
        flatten("", obj, &mut flat);
        if let Some((lat, lon)) = coords {
            flat.push(("geometry_latitude".to_string(), lat));
            flat.push(("geometry_longitude".to_string(), lon));
        }
        let mut row = BTreeMap::new();
        for (k, v) in flat {
            let i = *index.entry(k.clone()).or_insert_with(|| {
                t.headers.push(k);
                t.headers.len() - 1
            });
            row.insert(i, v);
        }
        rows.push(row);
        t.lines.push(n + 1);
    }
    for row in rows {
        t.rows.push(
            (0..t.headers.len())
                .map(|i| row.get(&i).cloned().unwrap_or_default())
                .collect(),
        );
    }
    t
}

fn flatten(prefix: &str, v: &serde_json::Value, out: &mut Vec<(String, String)>) {
    use serde_json::Value;
    let key = |k: &str| {
        if prefix.is_empty() {
            k.to_string()
        } else {
            format!("{prefix}.{k}")
        }
    };
    match v {
        Value::Object(o) => {
            for (k, v) in o {
                flatten(&key(k), v, out);
            }
        }
        Value::Array(a) => {
            let parts: Vec<String> = a
                .iter()
                .filter_map(|x| match x {
                    Value::String(s) => Some(s.clone()),
                    Value::Number(n) => Some(n.to_string()),
                    Value::Object(o) => o
                        .get("name")
                        .or_else(|| o.get("label"))
                        .and_then(|n| n.as_str())
                        .map(str::to_string),
                    _ => None,
                })
                .collect();
            out.push((prefix.to_string(), parts.join("|")));
        }
        Value::Null => out.push((prefix.to_string(), String::new())),
        Value::String(s) => out.push((prefix.to_string(), s.trim().to_string())),
        other => out.push((prefix.to_string(), other.to_string())),
    }
}
