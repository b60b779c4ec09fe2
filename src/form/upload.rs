//! Multipart uploads: the text fields and the file of a form, read with a size limit, shared by
//! every area that takes a file (documents, photos of places, spaces and events).

use std::collections::HashMap;

use axum::extract::Multipart;

use crate::error::{AppError, AppResult};

/// The largest file a form may carry (documents, photos).
pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;

/// What a multipart form carried: its text fields and its file, if any.
#[derive(Default)]
pub struct Upload {
    pub fields: HashMap<String, String>,
    pub file: Option<(String, Vec<u8>)>,
    pub too_large: bool,
}

impl Upload {
    pub fn get(&self, k: &str) -> &str {
        self.fields.get(k).map(String::as_str).unwrap_or("")
    }
    pub fn id(&self, k: &str) -> Option<i64> {
        self.get(k).trim().parse().ok()
    }
}

/// Reads a multipart form; a file larger than the limit is noted, not kept. A text field
/// carrying a control character is refused (422 on that field, [`super::hygiene`]).
pub async fn read_upload(mut mp: Multipart) -> AppResult<Upload> {
    let mut up = Upload::default();
    let bad = |e: axum::extract::multipart::MultipartError| AppError::BadRequest(e.body_text());
    while let Some(mut field) = mp.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or("").to_string();
        if let Some(filename) = field.file_name().map(str::to_string) {
            let mut bytes = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(bad)? {
                if bytes.len() + chunk.len() > MAX_UPLOAD_BYTES {
                    up.too_large = true;
                    bytes.clear();
                    break;
                }
                bytes.extend_from_slice(&chunk);
            }
            let nothing_chosen = filename.is_empty() && bytes.is_empty();
            if !up.too_large && !nothing_chosen {
                up.file = Some((filename, bytes));
            }
        } else {
            let text = field.text().await.map_err(bad)?;
            super::hygiene::check_pairs([(&name, &text)]).map_err(AppError::Invalid)?;
            up.fields.insert(name, text.chars().take(200_000).collect());
        }
    }
    Ok(up)
}
