//! Money is integer cents everywhere; this module writes and reads euros the French way.

/// `12180185` → `"121 801,85 €"` (narrow no-break space between thousands, comma decimals).
pub fn format_eur(cents: i64) -> String {
    format!("{} €", format_amount(cents))
}

/// `12180185` → `"121 801,85"`, without the currency sign.
pub fn format_amount(cents: i64) -> String {
    let negative = cents < 0;
    let abs = cents.unsigned_abs();
    let euros = (abs / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in euros.chars().enumerate() {
        if i > 0 && (euros.len() - i).is_multiple_of(3) {
            grouped.push('\u{202f}');
        }
        grouped.push(c);
    }
    format!(
        "{}{},{:02}",
        if negative { "-" } else { "" },
        grouped,
        abs % 100
    )
}

/// Reads an amount typed by a person: `"12"`, `"12,5"`, `"12.50"`, `"1 250,00 €"` → cents.
/// More than two decimals, letters or an empty string are refused with a French message.
pub fn parse_eur(input: &str) -> Result<i64, String> {
    let cleaned: String = input
        .trim()
        .trim_end_matches('€')
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    let invalid = || {
        format!(
            "« {} » n'est pas un montant valide (exemple : 12,50)",
            input.trim()
        )
    };
    if cleaned.is_empty() {
        return Err("Le montant est vide.".into());
    }
    let (negative, body) = match cleaned.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, cleaned.as_str()),
    };
    let body = body.replace(',', ".");
    let (int_part, frac_part) = match body.split_once('.') {
        Some((i, f)) => (i.to_string(), f.to_string()),
        None => (body.clone(), String::new()),
    };
    if int_part.is_empty()
        || !int_part.chars().all(|c| c.is_ascii_digit())
        || !frac_part.chars().all(|c| c.is_ascii_digit())
        || frac_part.len() > 2
        || int_part.len() > 13
    {
        return Err(invalid());
    }
    let euros: i64 = int_part.parse().map_err(|_| invalid())?;
    let frac: i64 = match frac_part.len() {
        0 => 0,
        1 => frac_part.parse::<i64>().map_err(|_| invalid())? * 10,
        _ => frac_part.parse().map_err(|_| invalid())?,
    };
    let cents = euros * 100 + frac;
    Ok(if negative { -cents } else { cents })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_the_french_way() {
        assert_eq!(format_eur(12_180_185), "121\u{202f}801,85 €");
        assert_eq!(format_eur(7_488_110), "74\u{202f}881,10 €");
        assert_eq!(format_eur(5), "0,05 €");
        assert_eq!(format_eur(-1250), "-12,50 €");
        assert_eq!(format_amount(100_000_000), "1\u{202f}000\u{202f}000,00");
    }

    #[test]
    fn parses_what_people_type() {
        assert_eq!(parse_eur("12"), Ok(1200));
        assert_eq!(parse_eur("12,5"), Ok(1250));
        assert_eq!(parse_eur("12.50"), Ok(1250));
        assert_eq!(parse_eur("121 801,85 €"), Ok(12_180_185));
        assert!(parse_eur("12,505").is_err());
        assert!(parse_eur("douze").is_err());
        assert!(parse_eur("").is_err());
        assert!(parse_eur("1,2,3").is_err());
    }
}
