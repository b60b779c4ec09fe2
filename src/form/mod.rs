//! Reading what clients send: form and JSON extractors whose rejections are ours, multipart
//! uploads, and the parsing helpers shared by every area's pages and API.

mod extract;
pub mod hygiene;
pub mod parse;
mod patch;
pub mod upload;

pub use extract::{decode_json, decode_value, ApiPath, Form, Json, Query};
pub use patch::{merge_patch, patched};
pub use upload::{read_upload, Upload, MAX_UPLOAD_BYTES};
