//! "Près de moi": the origin and radius of the directory's distance filter, the distances, and
//! the box that prefilters the places with the coordinates index. No SQL, no axum.

/// The radii people may choose, in kilometres (the form's choices; anything else is refused).
pub const RADII_KM: [u32; 5] = [5, 10, 20, 50, 100];

/// The radius when an origin is given without one.
pub const DEFAULT_RADIUS_KM: u32 = 20;

/// Kilometres per degree of latitude.
const KM_PER_DEGREE: f64 = 111.2;

/// An origin and a radius: the places within `radius_km` of (`lat`, `lon`), nearest first.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Near {
    pub lat: f64,
    pub lon: f64,
    pub radius_km: f64,
}

impl Near {
    /// The box around the circle, `(south, north, west, east)`: every place within the radius
    /// is inside it, so the coordinates index reads only these before the exact distance.
    pub fn bounds(&self) -> (f64, f64, f64, f64) {
        let dlat = self.radius_km / KM_PER_DEGREE;
        // Towards the poles a degree of longitude shrinks; at worst, the whole circle of
        // longitudes (never a division by zero).
        let cos = self.lat.to_radians().cos();
        let dlon = if cos < 0.01 {
            180.0
        } else {
            (self.radius_km / (KM_PER_DEGREE * cos)).min(180.0)
        };
        (
            (self.lat - dlat).max(-90.0),
            (self.lat + dlat).min(90.0),
            (self.lon - dlon).max(-180.0),
            (self.lon + dlon).min(180.0),
        )
    }

    /// The exact (great-circle) distance to a point, in kilometres.
    pub fn distance_to(&self, lat: f64, lon: f64) -> f64 {
        distance_km((self.lat, self.lon), (lat, lon))
    }
}

/// The great-circle distance between two points `(lat, lon)` in degrees, in kilometres (the
/// same formula as the actors' and the posts').
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1) = (a.0.to_radians(), a.1.to_radians());
    let (la2, lo2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

/// A radius as the form or the API sends it: one of [`RADII_KM`].
pub fn parse_radius(raw: &str) -> Option<u32> {
    let v: u32 = raw.trim().parse().ok()?;
    RADII_KM.contains(&v).then_some(v)
}

/// A latitude (`max` 90) or a longitude (`max` 180) in degrees, with a point or a comma.
pub fn parse_degrees(raw: &str, max: f64) -> Option<f64> {
    let v: f64 = raw.trim().replace(',', ".").parse().ok()?;
    (v.is_finite() && v.abs() <= max).then_some(v)
}

/// `lat,lon` typed in the `near` field (what the "Près de moi" button could also write).
pub fn parse_point(raw: &str) -> Option<(f64, f64)> {
    let (a, b) = raw.split_once(',')?;
    Some((parse_degrees(a, 90.0)?, parse_degrees(b, 180.0)?))
}

/// Five digits: a postal code, not a commune's name.
pub fn is_postal_code(raw: &str) -> bool {
    let t = raw.trim();
    t.len() == 5 && t.bytes().all(|b| b.is_ascii_digit())
}

/// A distance as the cards write it, to a tenth of a kilometre with the language's decimal
/// separator (`3,2` in French, `3.2` in English).
pub fn km_text(km: f64, decimal_comma: bool) -> String {
    let s = format!("{:.1}", (km * 10.0).round() / 10.0);
    if decimal_comma {
        s.replace('.', ",")
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_and_boxes() {
        // Riez → Forcalquier, about 29 km.
        let d = distance_km((43.8188, 6.0925), (43.9597, 5.7806));
        assert!((d - 29.0).abs() < 3.0, "{d}");
        let n = Near {
            lat: 43.8188,
            lon: 6.0925,
            radius_km: 20.0,
        };
        let (s, no, w, e) = n.bounds();
        assert!(s < 43.8188 && no > 43.8188 && w < 6.0925 && e > 6.0925);
        // A point just inside the radius, due east, is inside the box.
        let lon = 6.0925 + 19.9 / (111.2 * 43.8188f64.to_radians().cos());
        assert!(n.distance_to(43.8188, lon) < 20.0 && lon < e);
        let pole = Near {
            lat: 90.0,
            lon: 0.0,
            radius_km: 5.0,
        };
        assert_eq!(pole.bounds().2, -180.0);
    }

    #[test]
    fn inputs() {
        assert_eq!(parse_radius("20"), Some(20));
        assert_eq!(parse_radius("7"), None);
        assert_eq!(parse_radius("abc"), None);
        assert_eq!(parse_degrees("43,8", 90.0), Some(43.8));
        assert_eq!(parse_degrees("91", 90.0), None);
        assert_eq!(parse_degrees("NaN", 90.0), None);
        assert_eq!(parse_point("43.8, 6.09"), Some((43.8, 6.09)));
        assert!(is_postal_code("04500") && !is_postal_code("Riez") && !is_postal_code("0450"));
        assert_eq!(km_text(3.24, true), "3,2");
        assert_eq!(km_text(3.25, false), "3.3");
        assert_eq!(km_text(0.0, true), "0,0");
    }
}
