//! Photos (of spaces, places, events, news posts and organisations' profiles, told apart by [`PhotoOwner`]): an upload is decoded
//! by the `image` crate with explicit limits (pixels, side, memory), on a blocking thread and
//! at most two at once, resized to at most 1600 px and a 480 px
//! thumbnail, and re-encoded as JPEG — which also drops EXIF metadata such as the GPS position
//! of a phone picture. Both copies go to `file_blobs` (keyed by SHA-256, shared by every app
//! node) and are served with a long cache lifetime, since their address never changes content.

use std::io::Cursor;

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use image::{DynamicImage, ImageFormat, ImageReader, Limits};
use serde::Serialize;

use crate::db::Db;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::ids::UserId;
use crate::state::AppState;
use crate::{db_run, db_tx};

/// The largest upload accepted (bytes): the documents library's limit.
pub const MAX_PHOTO_BYTES: usize = crate::form::MAX_UPLOAD_BYTES;
/// Longest side of the stored photo and of its thumbnail (pixels).
pub const FULL_SIDE: u32 = 1600;
pub const THUMB_SIDE: u32 = 480;
/// Pictures above this many pixels are refused before decoding (decompression bombs): 40 Mpx
/// (a 7000 × 7000 picture is 49 Mpx; phones take 12 to 48 Mpx).
pub const MAX_PIXELS: u64 = 40_000_000;
/// Longest side announced by a header that the decoder accepts at all (pixels).
const MAX_SIDE: u32 = 16_384;
/// The most memory one decoding may allocate (bytes): 40 Mpx in RGBA is 160 MB.
const MAX_ALLOC: u64 = 192 * 1024 * 1024;
/// Decodings running at once in this process; the others wait their turn (each may hold
/// `MAX_ALLOC`, and runs on a blocking thread, never on the async workers).
const DECODERS: usize = 2;
static DECODING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(DECODERS);

crate::choice! {
    /// What a photo belongs to: its `owner_id` is that table's id.
    pub enum PhotoOwner {
        /// A place (`places.id`).
        Place = "place",
        /// A bookable space (`spaces.id`).
        Space = "space",
        /// An event's image (`events.id`).
        Event = "event",
        /// A news post's image (`news_posts.id`).
        News = "news",
        /// An organisation's photos and logo (`actors.id`): the first is its logo.
        Actor = "actor",
    }
}

/// A photo as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Photo {
    pub id: i64,
    pub owner_kind: PhotoOwner,
    pub owner_id: i64,
    pub sha256: String,
    pub thumb_sha256: String,
    pub width: i32,
    pub height: i32,
    pub thumb_width: i32,
    pub thumb_height: i32,
    /// Text alternative, required (accessibility).
    pub alt: String,
    pub created_at: i64,
}

impl Photo {
    pub fn url(&self) -> String {
        format!("/photos/{}/{}.jpg", self.id, &self.sha256[..16])
    }
    pub fn thumb_url(&self) -> String {
        format!("/photos/{}/{}.jpg", self.id, &self.thumb_sha256[..16])
    }
}

/// A photo in the API.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PhotoOut {
    pub id: i64,
    /// The JPEG, at most 1600 px on its longest side.
    pub url: String,
    /// At most 480 px on its longest side.
    pub thumbnail_url: String,
    pub width: i32,
    pub height: i32,
    pub alt: String,
}

impl From<&Photo> for PhotoOut {
    fn from(p: &Photo) -> PhotoOut {
        PhotoOut {
            id: p.id,
            url: p.url(),
            thumbnail_url: p.thumb_url(),
            width: p.width,
            height: p.height,
            alt: p.alt.clone(),
        }
    }
}

/// The resized copies of an upload, ready to store.
pub struct Processed {
    pub full: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub thumb: Vec<u8>,
    pub thumb_width: u32,
    pub thumb_height: u32,
}

fn encode_jpeg(img: &DynamicImage) -> Result<Vec<u8>, image::ImageError> {
    // JPEG has no alpha channel: flatten onto white first.
    let rgb = match img {
        DynamicImage::ImageRgb8(_) => img.to_rgb8(),
        _ => {
            let rgba = img.to_rgba8();
            let mut rgb = image::RgbImage::new(rgba.width(), rgba.height());
            for (x, y, p) in rgba.enumerate_pixels() {
                let a = p[3] as u32;
                let mix = |c: u8| ((c as u32 * a + 255 * (255 - a)) / 255) as u8;
                rgb.put_pixel(x, y, image::Rgb([mix(p[0]), mix(p[1]), mix(p[2])]));
            }
            rgb
        }
    };
    let mut out = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 82);
    rgb.write_with_encoder(encoder)?;
    Ok(out)
}

/// A reader of `bytes` in `format` with explicit limits: side, and memory allocated.
fn reader(bytes: &[u8], format: ImageFormat) -> ImageReader<Cursor<&[u8]>> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    reader
}

/// The i18n key of a decoding error: a limit reached, or not a picture.
fn refusal(e: &image::ImageError) -> &'static str {
    match e {
        image::ImageError::Limits(_) => "photo-error-too-many-pixels",
        _ => "photo-error-not-image",
    }
}

/// [`process`] on a blocking thread, at most [`DECODERS`] at once in this process: what
/// request handlers call (decoding a large picture takes memory and CPU for a while).
pub async fn process_bounded(bytes: Vec<u8>) -> Result<Processed, &'static str> {
    if bytes.len() > MAX_PHOTO_BYTES {
        return Err("photo-error-too-large");
    }
    let _permit = DECODING
        .acquire()
        .await
        .map_err(|_| "photo-error-not-image")?;
    tokio::task::spawn_blocking(move || process(&bytes))
        .await
        .unwrap_or(Err("photo-error-not-image"))
}

/// Decodes (PNG, JPEG or WebP, recognized by content, not by name), checks, resizes and
/// re-encodes. The error is an i18n key for the `file` field. Blocking: handlers call
/// [`process_bounded`].
pub fn process(bytes: &[u8]) -> Result<Processed, &'static str> {
    if bytes.len() > MAX_PHOTO_BYTES {
        return Err("photo-error-too-large");
    }
    let format = image::guess_format(bytes).map_err(|_| "photo-error-not-image")?;
    if !matches!(
        format,
        ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::WebP
    ) {
        return Err("photo-error-not-image");
    }
    let (w, h) = reader(bytes, format)
        .into_dimensions()
        .map_err(|e| refusal(&e))?;
    if w == 0 || h == 0 {
        return Err("photo-error-not-image");
    }
    if (w as u64) * (h as u64) > MAX_PIXELS {
        return Err("photo-error-too-many-pixels");
    }
    let img = reader(bytes, format).decode().map_err(|e| refusal(&e))?;
    let full = if img.width() > FULL_SIDE || img.height() > FULL_SIDE {
        img.resize(FULL_SIDE, FULL_SIDE, image::imageops::FilterType::Triangle)
    } else {
        img
    };
    // `thumbnail` would enlarge a small picture: keep it as it is then.
    let thumb = if full.width() > THUMB_SIDE || full.height() > THUMB_SIDE {
        full.thumbnail(THUMB_SIDE, THUMB_SIDE)
    } else {
        full.clone()
    };
    Ok(Processed {
        width: full.width(),
        height: full.height(),
        thumb_width: thumb.width(),
        thumb_height: thumb.height(),
        full: encode_jpeg(&full).map_err(|_| "photo-error-not-image")?,
        thumb: encode_jpeg(&thumb).map_err(|_| "photo-error-not-image")?,
    })
}

/// Checks the text alternative and the picture; on success stores both copies and the row.
pub async fn add(
    db: &Db,
    owner_kind: PhotoOwner,
    owner_id: i64,
    bytes: Option<&[u8]>,
    alt: &str,
    by: Option<UserId>,
    now: i64,
) -> AppResult<Photo> {
    let mut errors = FieldErrors::default();
    let alt = alt.trim();
    if alt.is_empty() {
        errors.add("alt", "photo-error-alt-required");
    } else if alt.chars().count() > 300 {
        errors.add("alt", "photo-error-alt-too-long");
    }
    let processed = match bytes {
        None => {
            errors.add("file", "photo-error-missing");
            None
        }
        Some(b) => match process_bounded(b.to_vec()).await {
            Ok(p) => Some(p),
            Err(key) => {
                errors.add("file", key);
                None
            }
        },
    };
    errors.clone().into_result()?;
    let Some(p) = processed else {
        return Err(AppError::Invalid(errors));
    };
    let sha = sha256_hex(&p.full);
    let thumb_sha = sha256_hex(&p.thumb);
    let alt = alt.to_string();
    let photo: Photo = db_tx!(db, |tx| async {
        for (s, content) in [(&sha, &p.full), (&thumb_sha, &p.thumb)] {
            sqlx::query(
                "INSERT INTO file_blobs (sha256, size, content, created_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (sha256) DO NOTHING",
            )
            .bind(s)
            .bind(content.len() as i64)
            .bind(content)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query_as(
            "INSERT INTO photos (owner_kind, owner_id, sha256, thumb_sha256, width, height, \
             thumb_width, thumb_height, alt, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
             RETURNING id, owner_kind, owner_id, sha256, thumb_sha256, width, height, \
             thumb_width, thumb_height, alt, created_at",
        )
        .bind(owner_kind)
        .bind(owner_id)
        .bind(&sha)
        .bind(&thumb_sha)
        .bind(p.width as i32)
        .bind(p.height as i32)
        .bind(p.thumb_width as i32)
        .bind(p.thumb_height as i32)
        .bind(&alt)
        .bind(by)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
    })?;
    Ok(photo)
}

const COLUMNS: &str = "id, owner_kind, owner_id, sha256, thumb_sha256, width, height, \
                       thumb_width, thumb_height, alt, created_at";

/// The photos of an owner, oldest first.
pub async fn of(db: &Db, owner_kind: PhotoOwner, owner_id: i64) -> AppResult<Vec<Photo>> {
    let sql =
        format!("SELECT {COLUMNS} FROM photos WHERE owner_kind = $1 AND owner_id = $2 ORDER BY id");
    Ok(db_run!(db, |p| sqlx::query_as(&sql)
        .bind(owner_kind)
        .bind(owner_id)
        .fetch_all(p)
        .await)?)
}

/// The photos of several owners of one kind in one query, oldest first per owner (cards of a
/// directory or an agenda).
pub async fn of_many(
    db: &Db,
    owner_kind: PhotoOwner,
    owner_ids: &[i64],
) -> AppResult<std::collections::HashMap<i64, Vec<Photo>>> {
    let mut out: std::collections::HashMap<i64, Vec<Photo>> = std::collections::HashMap::new();
    if owner_ids.is_empty() {
        return Ok(out);
    }
    let sql = format!(
        "SELECT {COLUMNS} FROM photos WHERE owner_kind = $1 AND owner_id IN ({}) \
         ORDER BY owner_id, id",
        crate::db::id_list(owner_ids)
    );
    let rows: Vec<Photo> = db_run!(db, |p| sqlx::query_as(&sql)
        .bind(owner_kind)
        .fetch_all(p)
        .await)?;
    for photo in rows {
        out.entry(photo.owner_id).or_default().push(photo);
    }
    Ok(out)
}

pub async fn by_id(db: &Db, id: i64) -> AppResult<Option<Photo>> {
    let sql = format!("SELECT {COLUMNS} FROM photos WHERE id = $1");
    Ok(db_run!(db, |p| sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(p)
        .await)?)
}

/// Deletes the photo row of this owner (its blobs stay: they may be shared).
pub async fn delete(db: &Db, owner_kind: PhotoOwner, owner_id: i64, id: i64) -> AppResult<bool> {
    let n = db_run!(db, |p| sqlx::query(
        "DELETE FROM photos WHERE id = $1 AND owner_kind = $2 AND owner_id = $3"
    )
    .bind(id)
    .bind(owner_kind)
    .bind(owner_id)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n > 0)
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/photos/{id}/{file}", get(serve))
}

/// `GET /photos/{id}/{hash}.jpg`: the photo or its thumbnail, chosen by the hash prefix in the
/// address (so the address changes when the content does and can be cached for a year).
async fn serve(
    State(state): State<AppState>,
    Path((id, file)): Path<(i64, String)>,
) -> AppResult<Response> {
    let photo = by_id(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let prefix = file.strip_suffix(".jpg").ok_or(AppError::NotFound)?;
    let sha = if prefix.len() == 16 && photo.sha256.starts_with(prefix) {
        &photo.sha256
    } else if prefix.len() == 16 && photo.thumb_sha256.starts_with(prefix) {
        &photo.thumb_sha256
    } else {
        return Err(AppError::NotFound);
    };
    let bytes = blob(&state.db, sha).await?.ok_or(AppError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/jpeg"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        bytes,
    )
        .into_response())
}

/// The SHA-256 of some bytes, hex: the key of `file_blobs` (photos and documents alike).
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The bytes stored under a SHA-256 in `file_blobs`, if any.
pub async fn blob(db: &Db, sha256: &str) -> AppResult<Option<Vec<u8>>> {
    Ok(db_run!(db, |p| sqlx::query_scalar::<_, Vec<u8>>(
        "SELECT content FROM file_blobs WHERE sha256 = $1"
    )
    .bind(sha256)
    .fetch_optional(p)
    .await)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbaImage::from_fn(w, h, |x, y| {
            image::Rgba([
                (x % 256) as u8,
                (y % 256) as u8,
                128,
                if x < 10 { 0 } else { 255 },
            ])
        });
        let mut out = Vec::new();
        DynamicImage::ImageRgba8(img)
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn owners_keep_their_stored_texts() {
        assert_eq!(
            PhotoOwner::TEXTS,
            &["place", "space", "event", "news", "actor"]
        );
        assert_eq!("actor".parse::<PhotoOwner>(), Ok(PhotoOwner::Actor));
        assert_eq!("space".parse::<PhotoOwner>(), Ok(PhotoOwner::Space));
        assert!("user".parse::<PhotoOwner>().is_err());
    }

    #[test]
    fn resizes_large_pictures_and_keeps_small_ones() {
        let p = process(&png(2400, 1200)).unwrap();
        assert_eq!((p.width, p.height), (1600, 800));
        assert_eq!((p.thumb_width, p.thumb_height), (480, 240));
        assert_eq!(image::guess_format(&p.full).unwrap(), ImageFormat::Jpeg);
        let small = process(&png(300, 200)).unwrap();
        assert_eq!((small.width, small.height), (300, 200));
        assert_eq!((small.thumb_width, small.thumb_height), (300, 200));
    }

    #[test]
    fn refuses_what_is_not_a_picture() {
        assert_eq!(
            process(b"%PDF-1.4 pas une image").err(),
            Some("photo-error-not-image")
        );
        assert_eq!(process(b"").err(), Some("photo-error-not-image"));
        let mut truncated = png(100, 100);
        truncated.truncate(60);
        assert_eq!(process(&truncated).err(), Some("photo-error-not-image"));
        // A GIF is a picture, but not one of the accepted formats.
        assert_eq!(
            process(b"GIF89a\x01\x00\x01\x00").err(),
            Some("photo-error-not-image")
        );
    }

    /// CRC-32 (ISO-HDLC), as PNG chunks use.
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in bytes {
            crc ^= b as u32;
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn refuses_decompression_bombs_before_decoding() {
        // A valid PNG header announcing 20 000 × 20 000 pixels.
        let img = image::GrayImage::new(1, 1);
        let mut out = Vec::new();
        DynamicImage::ImageLuma8(img)
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        // IHDR's width and height live at bytes 16..24, its CRC (over bytes 12..29) at 29..33.
        out[16..20].copy_from_slice(&20_000u32.to_be_bytes());
        out[20..24].copy_from_slice(&20_000u32.to_be_bytes());
        let crc = crc32(&out[12..29]);
        out[29..33].copy_from_slice(&crc.to_be_bytes());
        assert_eq!(process(&out).err(), Some("photo-error-too-many-pixels"));
    }

    #[tokio::test]
    async fn refuses_a_7000_square_before_decoding_it() {
        // One colour: 49 Mpx in a small file.
        let img = image::GrayImage::new(7000, 7000);
        let mut out = Vec::new();
        DynamicImage::ImageLuma8(img)
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        assert!(out.len() < MAX_PHOTO_BYTES);
        assert_eq!(
            process_bounded(out).await.err(),
            Some("photo-error-too-many-pixels")
        );
        // A reasonable picture still goes through the same path.
        assert!(process_bounded(png(300, 200)).await.is_ok());
    }
}
