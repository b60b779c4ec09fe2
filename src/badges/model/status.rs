//! Bitstring Status List v1.0 (W3C): one bit per credential, 1 when revoked; the list is the
//! GZIP of the bitstring (at least 16 KiB, 131 072 entries, so that a list does not tell who is
//! who), written as multibase base64url without padding (`u…`). Bit 0 is the left-most bit of
//! the first byte.

use std::io::{Read, Write};

use base64::Engine;
use flate2::{read::GzDecoder, write::GzEncoder, Compression};

/// Entries of a list (bits): the specification's minimum, 16 KiB.
pub const LIST_SIZE: i64 = 131_072;

/// The `encodedList` of a list whose set bits are `revoked`.
pub fn encode(revoked: &[i64]) -> String {
    let mut bits = vec![0u8; (LIST_SIZE / 8) as usize];
    for &i in revoked {
        if (0..LIST_SIZE).contains(&i) {
            bits[(i / 8) as usize] |= 0x80 >> (i % 8);
        }
    }
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    gz.write_all(&bits).expect("writing to memory");
    let zipped = gz.finish().expect("writing to memory");
    format!(
        "u{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(zipped)
    )
}

/// Whether bit `index` is set in an `encodedList`; `None` when the list cannot be read or the
/// index is outside it.
pub fn is_set(encoded: &str, index: i64) -> Option<bool> {
    let zipped = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(encoded.strip_prefix('u')?.trim_end_matches('='))
        .ok()?;
    let mut bits = Vec::new();
    GzDecoder::new(&zipped[..])
        .take(16 * 1024 * 1024)
        .read_to_end(&mut bits)
        .ok()?;
    let byte = bits.get(usize::try_from(index / 8).ok()?)?;
    Some(byte & (0x80 >> (index % 8)) != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_read_back_and_the_list_is_sixteen_kib() {
        let list = encode(&[0, 9, LIST_SIZE - 1]);
        assert!(list.starts_with('u'));
        assert_eq!(is_set(&list, 0), Some(true));
        assert_eq!(is_set(&list, 1), Some(false));
        assert_eq!(is_set(&list, 9), Some(true));
        assert_eq!(is_set(&list, LIST_SIZE - 1), Some(true));
        assert_eq!(is_set(&list, LIST_SIZE), None);
        let zipped = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(&list[1..])
            .unwrap();
        let mut bits = Vec::new();
        GzDecoder::new(&zipped[..]).read_to_end(&mut bits).unwrap();
        assert_eq!(bits.len(), 16 * 1024);
        assert_eq!(bits[0], 0x80);
        assert_eq!(bits[1], 0x40);
    }
}
