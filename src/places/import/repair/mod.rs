//! Pure repair helpers for imported open-data rows: opening hours written
//! per day, mojibake, "postcode city" at the end of an address, codes that
//! lost their leading zero, and coordinates outside France or swapped.
//!
//! Nothing here does I/O; every function accepts any input without panicking.

/// A day of the week, in OpenStreetMap order (Monday first).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Day {
    Mo,
    Tu,
    We,
    Th,
    Fr,
    Sa,
    Su,
}

const WEEK: [Day; 7] = {
    use Day::*;
    [Mo, Tu, We, Th, Fr, Sa, Su]
};

impl Day {
    /// The week, Monday first.
    pub const ALL: [Day; 7] = WEEK;

    /// The French name, lower case (`lundi`).
    pub fn french(self) -> &'static str {
        [
            "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
        ][self as usize]
    }

    /// The French name, capitalised (`Lundi`), as a report or a page starts a line with it.
    pub fn french_capitalized(self) -> &'static str {
        [
            "Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche",
        ][self as usize]
    }

    /// The two-letter OpenStreetMap abbreviation (`Mo`, `Tu`, …).
    pub fn osm(self) -> &'static str {
        ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"][self as usize]
    }

    /// Reads a day name: French (`lundi`, `lun`), English (`monday`, `mon`)
    /// or OSM (`mo`), in any case, accents folded, a trailing dot allowed.
    pub fn from_french(word: &str) -> Option<Day> {
        let folded = fold(word);
        let w = folded.trim().trim_end_matches('.');
        let day = match w {
            "lundi" | "lun" | "monday" | "mon" | "mo" => Day::Mo,
            "mardi" | "mar" | "tuesday" | "tue" | "tu" => Day::Tu,
            "mercredi" | "mer" | "wednesday" | "wed" | "we" => Day::We,
            "jeudi" | "jeu" | "thursday" | "thu" | "th" => Day::Th,
            "vendredi" | "ven" | "friday" | "fri" | "fr" => Day::Fr,
            "samedi" | "sam" | "saturday" | "sat" | "sa" => Day::Sa,
            "dimanche" | "dim" | "sunday" | "sun" | "su" => Day::Su,
            _ => return None,
        };
        Some(day)
    }
}

/// Result of reading opening hours.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HoursOutcome {
    /// No usable information (all cells empty, or every given day closed).
    Empty,
    /// A valid OpenStreetMap `opening_hours` value.
    Osm(String),
    /// Texts that could not be read; the caller keeps them as text.
    Unreadable(Vec<String>),
}

/// Lowercases, folds French accents and normalises spaces and apostrophes.
fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'â' | 'ä' | 'á' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ç' => 'c',
            'ÿ' => 'y',
            '\u{a0}' | '\u{202f}' => ' ',
            '’' => '\'',
            other => other,
        })
        .collect()
}

/// An interval in minutes since midnight, `start < end <= 1440`.
type Span = (u16, u16);

/// What one cell says about one day.
enum Cell {
    NoInfo,
    Closed,
    Open(Vec<Span>),
    Bad,
}

enum Tok {
    Time(u16),
    Range,
    List,
}

/// Reads `09:00`, `8h30`, `12h`, `9.30` starting at `i`; a bare number is
/// not a time. Returns the minutes since midnight and the index after it.
fn read_time(chars: &[char], i: usize) -> Option<(u16, usize)> {
    // (value, digit count) of the digits starting at `from`; at most three
    // digits are read into the value so that it cannot overflow.
    let number = |from: usize| {
        let n = chars
            .iter()
            .skip(from)
            .take_while(|c| c.is_ascii_digit())
            .count();
        let text: String = chars.iter().skip(from).take(n.min(3)).collect();
        (text.parse::<u16>().unwrap_or(0), n)
    };
    let (hour, n) = number(i);
    let (minutes, m) = number(i + n + 1);
    let well_formed = match chars.get(i + n) {
        Some('h') => m == 0 || m == 2,
        Some(':' | '.') => m == 2,
        _ => false,
    };
    let end = i + n + 1 + m;
    let valid = (1..=2).contains(&n) && minutes < 60 && (hour < 24 || (hour == 24 && minutes == 0));
    let followed_by_word = chars.get(end).is_some_and(|c| c.is_alphanumeric());
    (well_formed && valid && !followed_by_word).then(|| (hour * 60 + minutes, end))
}

fn hour_tokens(text: &str) -> Option<Vec<Tok>> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() {
            let (minutes, next) = read_time(&chars, i)?;
            out.push(Tok::Time(minutes));
            i = next;
        } else if c.is_alphabetic() {
            let len = chars[i..].iter().take_while(|c| c.is_alphabetic()).count();
            let word: String = chars[i..i + len].iter().collect();
            i += len;
            match word.as_str() {
                "a" | "au" | "to" => out.push(Tok::Range),
                "et" | "and" | "puis" => out.push(Tok::List),
                "midi" => out.push(Tok::Time(12 * 60)),
                "de" | "des" | "du" | "from" => {}
                _ => return None,
            }
        } else {
            match c {
                '-' | '–' | '—' | '~' => out.push(Tok::Range),
                '/' | ',' | '|' | ';' | '+' | '&' => out.push(Tok::List),
                _ => return None,
            }
            i += 1;
        }
    }
    Some(out)
}

/// Reads `time range time`, repeated, with optional separators in between.
fn parse_spans(text: &str) -> Option<Vec<Span>> {
    let tokens = hour_tokens(text)?;
    let mut spans = Vec::new();
    let mut k = 0;
    while k < tokens.len() {
        match (tokens.get(k), tokens.get(k + 1), tokens.get(k + 2)) {
            (Some(Tok::Time(a)), Some(Tok::Range), Some(Tok::Time(b))) if a < b => {
                spans.push((*a, *b));
                k += 3;
            }
            // Between intervals, a dash also separates: `9h-12h - 14h-17h`.
            (Some(Tok::List | Tok::Range), _, _) if !spans.is_empty() => k += 1,
            _ => return None,
        }
    }
    (!spans.is_empty()).then_some(spans)
}

fn parse_cell(raw: &str) -> Cell {
    let folded = fold(raw);
    let text = folded.trim();
    if text
        .chars()
        .all(|c| c.is_whitespace() || matches!(c, '-' | '–' | '—' | '/'))
    {
        return Cell::NoInfo;
    }
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let compact = compact.trim_end_matches(['.', '!']);
    if ["ferme", "fermee", "fermeture", "clos", "closed"].contains(&compact) {
        return Cell::Closed;
    }
    if [
        "24h/24",
        "24h/24h",
        "24/24",
        "24h24",
        "24h/24,7j/7",
        "24h/24-7j/7",
    ]
    .contains(&compact)
    {
        return Cell::Open(vec![(0, 1440)]);
    }
    match parse_spans(text) {
        Some(spans) => Cell::Open(spans),
        None => Cell::Bad,
    }
}

/// Sorts intervals and merges those that overlap or touch.
fn merge(mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort_unstable();
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for (start, end) in spans {
        match out.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => out.push((start, end)),
        }
    }
    out
}

/// `Mo-We,Fr` from sorted day indices: runs of two or more become ranges.
fn format_days(days: &[usize]) -> String {
    let mut parts = Vec::new();
    let mut i = 0;
    while i < days.len() {
        let mut j = i;
        while j + 1 < days.len() && days[j + 1] == days[j] + 1 {
            j += 1;
        }
        let first = WEEK[days[i]].osm();
        parts.push(if j > i {
            format!("{first}-{}", WEEK[days[j]].osm())
        } else {
            first.to_string()
        });
        i = j + 1;
    }
    parts.join(",")
}

fn format_spans(spans: &[Span]) -> String {
    let hhmm = |m: u16| format!("{:02}:{:02}", m / 60, m % 60);
    spans
        .iter()
        .map(|(a, b)| format!("{}-{}", hhmm(*a), hhmm(*b)))
        .collect::<Vec<_>>()
        .join(",")
}

/// Builds an OSM `opening_hours` value from per-day cell texts.
///
/// Each day may have several cells (e.g. a morning and an afternoon column);
/// their intervals are concatenated, sorted and merged when they overlap or
/// touch. A day may appear several times. Empty cells and `-` mean "no
/// information"; `fermé`/`closed` means closed. Days without intervals are
/// omitted from the value, so a week where every filled day is closed gives
/// [`HoursOutcome::Empty`] (not `off`: a file with only "fermé" says nothing
/// useful). If any cell cannot be read, the result is
/// [`HoursOutcome::Unreadable`] with the unreadable texts (no partial value).
pub fn hours_from_days(days: &[(Day, Vec<String>)]) -> HoursOutcome {
    let mut week: [Vec<Span>; 7] = Default::default();
    let mut bad: Vec<String> = Vec::new();
    for (day, cells) in days {
        for cell in cells {
            match parse_cell(cell) {
                Cell::Open(spans) => week[*day as usize].extend(spans),
                Cell::Bad if !bad.contains(cell) => bad.push(cell.clone()),
                Cell::Bad | Cell::NoInfo | Cell::Closed => {}
            }
        }
    }
    if !bad.is_empty() {
        return HoursOutcome::Unreadable(bad);
    }
    let week = week.map(merge);
    let mut done = [false; 7];
    let mut rules = Vec::new();
    for d in 0..7 {
        if done[d] || week[d].is_empty() {
            continue;
        }
        let same: Vec<usize> = (d..7).filter(|&e| week[e] == week[d]).collect();
        for &e in &same {
            done[e] = true;
        }
        rules.push(format!("{} {}", format_days(&same), format_spans(&week[d])));
    }
    if rules.is_empty() {
        HoursOutcome::Empty
    } else {
        HoursOutcome::Osm(rules.join("; "))
    }
}

/// A word (run of letters and digits) or a single punctuation mark, with
/// the byte offset where it starts.
type Word<'a> = (usize, &'a str);

fn words(s: &str) -> Vec<Word<'_>> {
    let mut out: Vec<Word> = Vec::new();
    let mut in_word = false;
    for (i, c) in s.char_indices() {
        let end = i + c.len_utf8();
        match out.last_mut() {
            Some((start, text)) if in_word && c.is_alphanumeric() => *text = &s[*start..end],
            _ if !c.is_whitespace() => out.push((i, &s[i..end])),
            _ => {}
        }
        in_word = c.is_alphanumeric();
    }
    out
}

fn day_word(w: &Word) -> Option<Day> {
    (w.1.chars().count() >= 3)
        .then(|| Day::from_french(w.1))
        .flatten()
}

/// Reads a group such as `du lundi au vendredi`, `les lundi, mardi et
/// jeudi` or `tous les jours` starting at word `i`; returns its days and the
/// next word index.
fn day_group(ws: &[Word], i: usize) -> Option<(Vec<Day>, usize)> {
    let mut j = i;
    while ws
        .get(j)
        .is_some_and(|w| matches!(w.1, "du" | "le" | "les" | "tous"))
    {
        j += 1;
    }
    if j > i && ws.get(j).is_some_and(|w| w.1 == "jours") {
        return Some((WEEK.to_vec(), j + 1)); // `tous les jours`
    }
    let mut last = day_word(ws.get(j)?)?;
    let mut days = vec![last];
    j += 1;
    while let (Some(conn), Some(next)) = (ws.get(j), ws.get(j + 1).and_then(day_word)) {
        match conn.1 {
            "au" | "a" | "-" | "–" => {
                let mut d = last as usize;
                while d != next as usize {
                    d = (d + 1) % 7;
                    days.push(WEEK[d]);
                }
            }
            "," | "et" | "&" | "/" => days.push(next),
            _ => break,
        }
        last = next;
        j += 2;
    }
    days.sort_unstable();
    days.dedup();
    Some((days, j))
}

/// Reads one free-text cell that names days, such as
/// `Du lundi au vendredi de 9h à 12h et de 14h à 17h` or
/// `lundi: 09:00-12:00 / mardi: fermé`.
///
/// A text that already parses as OSM `opening_hours` is returned trimmed but
/// otherwise unchanged. Anything not fully understood gives
/// `Unreadable(vec![s])`, including text before the first day name and
/// hours without any day name.
pub fn hours_from_text(s: &str) -> HoursOutcome {
    let trimmed = s.trim();
    if trimmed.is_empty() {
        return HoursOutcome::Empty;
    }
    if trimmed.parse::<opening_hours::OpeningHours>().is_ok() {
        return HoursOutcome::Osm(trimmed.to_string());
    }
    let unreadable = || HoursOutcome::Unreadable(vec![s.to_string()]);
    let folded = fold(trimmed);
    let ws = words(&folded);
    // (days, byte where the group starts, byte where its hours start)
    let mut groups: Vec<(Vec<Day>, usize, usize)> = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        match day_group(&ws, i) {
            Some((days, next)) => {
                groups.push((days, ws[i].0, ws[next - 1].0 + ws[next - 1].1.len()));
                i = next;
            }
            None => i += 1,
        }
    }
    let Some(first) = groups.first() else {
        return unreadable();
    };
    if !folded[..first.1].trim().is_empty() {
        return unreadable();
    }
    let seps: &[char] = &[' ', ':', ';', ',', '/', '|', '.', '-'];
    let mut rows: Vec<(Day, Vec<String>)> = Vec::new();
    for (k, (days, _, hours_start)) in groups.iter().enumerate() {
        let hours_end = groups.get(k + 1).map_or(folded.len(), |g| g.1);
        let mut hours = folded[*hours_start..hours_end].trim_matches(seps);
        if let Some(rest) = hours.strip_suffix(" et") {
            hours = rest.trim_matches(seps);
        }
        if hours.is_empty() {
            return unreadable();
        }
        rows.extend(days.iter().map(|d| (*d, vec![hours.to_string()])));
    }
    match hours_from_days(&rows) {
        HoursOutcome::Unreadable(_) => unreadable(),
        other => other,
    }
}

/// Windows-1252 (or Latin-1) byte for a character, if it has one.
fn cp1252_byte(c: char) -> Option<u8> {
    if let Ok(b) = u8::try_from(u32::from(c)) {
        // U+0000..U+00FF: Latin-1; U+0080..U+009F also covers text read as
        // ISO-8859-1, whose C1 controls map straight back to their bytes.
        return Some(b);
    }
    let mut buf = [0u8; 4];
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(c.encode_utf8(&mut buf));
    match (unmappable, bytes.as_ref()) {
        (false, [b]) => Some(*b),
        _ => None,
    }
}

/// True when `Ã`, `Â`, `Å` or `â` is followed by a character whose byte
/// would be a UTF-8 continuation byte (`é` → `Ã©`, `’` → `â€™`).
fn has_mojibake_marker(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    chars.windows(2).any(|w| {
        matches!(w[0], 'Ã' | 'Â' | 'Å' | 'â')
            && cp1252_byte(w[1]).is_some_and(|b| (0x80..=0xBF).contains(&b))
    })
}

/// Repairs UTF-8 text that was decoded as Windows-1252 (`CafÃ©` → `Café`).
///
/// Returns `Some` only when the text shows a mojibake marker, every character
/// maps back to one Windows-1252 byte, those bytes are valid UTF-8 and the
/// result differs. Text mixing correct accents and mojibake is left alone
/// (its bytes are not valid UTF-8); doubly garbled text is repaired once.
pub fn fix_mojibake(s: &str) -> Option<String> {
    if !has_mojibake_marker(s) {
        return None;
    }
    let bytes = s.chars().map(cp1252_byte).collect::<Option<Vec<u8>>>()?;
    let fixed = String::from_utf8(bytes).ok()?;
    (fixed != s).then_some(fixed)
}

/// An address split into street, postal code and city.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SplitAddress {
    pub street: String,
    pub postal_code: String,
    pub city: String,
}

/// First words that show the text after a 5-digit number is a street, not a city.
const STREET_WORDS: &str =
    "rue route avenue av boulevard bd chemin allee impasse place quai square \
    passage lotissement residence lieu-dit zone za zi zac";

/// Validates the city after a postcode; drops a trailing `CEDEX [n]`.
fn clean_city(raw: &str) -> Option<String> {
    let raw = raw.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | ','));
    let mut parts: Vec<&str> = raw.split_whitespace().collect();
    let is_cedex = |w: &&str| w.eq_ignore_ascii_case("cedex");
    if parts.len() >= 2
        && parts[parts.len() - 1].chars().all(|c| c.is_ascii_digit())
        && is_cedex(&parts[parts.len() - 2])
    {
        parts.truncate(parts.len() - 2);
    } else if parts.last().is_some_and(is_cedex) {
        parts.pop();
    }
    let city = parts.join(" ");
    let valid = city
        .chars()
        .all(|c| c.is_alphabetic() || matches!(c, ' ' | '-' | '\'' | '’'))
        && city.chars().any(char::is_alphabetic)
        && !parts
            .first()
            .is_some_and(|w| STREET_WORDS.split_whitespace().any(|s| s == fold(w)));
    valid.then_some(city)
}

/// Splits an address ending with "postcode city" (`8 rue X - 33000 Bordeaux`).
///
/// Only the last 5-digit number at word boundaries on the last non-empty
/// line counts, and it must be followed by a city (letters, spaces, hyphens,
/// apostrophes; a trailing `CEDEX [n]` is dropped). A city whose first word
/// is a street type (`rue`, `route`, …) is rejected. Earlier lines and the
/// text before the postcode form the street, joined with `, `.
pub fn split_address(addr: &str) -> Option<SplitAddress> {
    let lines: Vec<&str> = addr
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let (last, before) = lines.split_last()?;
    let boundary = |c: Option<char>| !c.is_some_and(char::is_alphanumeric);
    let pos = last.char_indices().rev().map(|(i, _)| i).find(|&i| {
        last.get(i..i + 5)
            .is_some_and(|d| d.bytes().all(|b| b.is_ascii_digit()))
            && boundary(last[..i].chars().next_back())
            && boundary(last[i + 5..].chars().next())
    })?;
    let city = clean_city(&last[pos + 5..])?;
    let trim_seps = |s: &str| {
        s.trim_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | ',' | ';'))
            .to_string()
    };
    let mut parts: Vec<String> = before.iter().map(|l| trim_seps(l)).collect();
    parts.push(trim_seps(&last[..pos]));
    parts.retain(|p| !p.is_empty());
    Some(SplitAddress {
        street: parts.join(", "),
        postal_code: last[pos..pos + 5].to_string(),
        city,
    })
}

/// Restores the leading zero of a postcode or INSEE code read as a number:
/// `1100`, ` 1100 `, `1100.0` → `01100`. Anything else (including a 4-digit
/// value starting with `0`, which no number would produce) gives `None`.
pub fn pad_code(raw: &str) -> Option<String> {
    let t = raw.trim();
    let int_part = match t.split_once(['.', ',']) {
        Some((int, frac)) if frac.bytes().all(|b| b == b'0') => int,
        Some(_) => return None,
        None => t,
    };
    let ok = int_part.len() == 4
        && int_part.bytes().all(|b| b.is_ascii_digit())
        && !int_part.starts_with('0');
    ok.then(|| format!("0{int_part}"))
}

/// Department of a 5-digit postcode: `33000` → `33`, `20000`–`20199` → `2A`,
/// `20200`+ → `2B`, `97100` → `971`, `98800` → `988`. `None` if not 5 digits
/// or starting with `00`.
pub fn department_of_code(code5: &str) -> Option<&str> {
    if code5.len() != 5 || !code5.bytes().all(|b| b.is_ascii_digit()) || code5.starts_with("00") {
        return None;
    }
    match code5.get(..2)? {
        "20" if code5.get(2..3)? < "2" => Some("2A"),
        "20" => Some("2B"),
        "97" | "98" => code5.get(..3),
        two => Some(two),
    }
}

/// (min_lat, max_lat, min_lon, max_lon, name), generous boxes.
const TERRITORIES: &[(f64, f64, f64, f64, &str)] = &[
    (41.3, 51.2, -5.3, 9.7, "France métropolitaine"),
    (15.75, 16.6, -61.9, -60.9, "Guadeloupe"),
    (14.3, 14.95, -61.3, -60.75, "Martinique"),
    (2.0, 5.9, -54.7, -51.5, "Guyane"),
    (-21.45, -20.8, 55.15, 55.9, "La Réunion"),
    (-13.1, -12.55, 44.9, 45.35, "Mayotte"),
    (46.7, 47.2, -56.5, -56.05, "Saint-Pierre-et-Miquelon"),
    (17.85, 17.98, -62.97, -62.77, "Saint-Barthélemy"),
    (18.0, 18.13, -63.17, -62.95, "Saint-Martin"),
    (-28.0, -7.8, -155.0, -134.0, "Polynésie française"),
    (-23.1, -19.0, 163.5, 168.5, "Nouvelle-Calédonie"),
    (-14.4, -13.1, -178.25, -176.05, "Wallis-et-Futuna"),
];

fn in_box(lat: f64, lon: f64, (min_lat, max_lat, min_lon, max_lon): (f64, f64, f64, f64)) -> bool {
    (min_lat..=max_lat).contains(&lat) && (min_lon..=max_lon).contains(&lon)
}

/// French name of the territory whose bounding box holds the point.
pub fn territory(lat: f64, lon: f64) -> Option<&'static str> {
    TERRITORIES
        .iter()
        .find(|(a, b, c, d, _)| in_box(lat, lon, (*a, *b, *c, *d)))
        .map(|t| t.4)
}

/// Outcome of [`check_coordinates`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum CoordCheck {
    /// The point lies in a French territory.
    Ok,
    /// Latitude and longitude were swapped; here is the corrected pair.
    Swapped { lat: f64, lon: f64 },
    /// Neither order lies in a French territory (or a value is not finite).
    Outside,
}

/// Checks that a point lies in France, detecting swapped latitude/longitude.
pub fn check_coordinates(lat: f64, lon: f64) -> CoordCheck {
    if territory(lat, lon).is_some() {
        CoordCheck::Ok
    } else if territory(lon, lat).is_some() {
        CoordCheck::Swapped { lat: lon, lon: lat }
    } else {
        CoordCheck::Outside
    }
}

/// Bounding box (min_lat, max_lat, min_lon, max_lon) of departments `01` to
/// `09`, widened by about 0.1°, to check that a postcode padded to `0XXXX`
/// agrees with the row's coordinates. Other departments give `None`.
pub fn metropolitan_department_box(dep: &str) -> Option<(f64, f64, f64, f64)> {
    let b = match dep {
        "01" => (45.5, 46.62, 4.63, 6.27),  // Ain
        "02" => (48.74, 50.17, 2.86, 4.36), // Aisne
        "03" => (45.83, 46.9, 2.18, 4.11),  // Allier
        "04" => (43.57, 44.76, 5.4, 7.07),  // Alpes-de-Haute-Provence
        "05" => (44.09, 45.23, 5.32, 7.18), // Hautes-Alpes
        "06" => (43.38, 44.46, 6.54, 7.82), // Alpes-Maritimes
        "07" => (44.16, 45.47, 3.76, 4.99), // Ardèche
        "08" => (49.13, 50.27, 3.93, 5.5),  // Ardennes
        "09" => (42.47, 43.42, 0.73, 2.28), // Ariège
        _ => return None,
    };
    Some(b)
}

#[cfg(test)]
mod tests;
