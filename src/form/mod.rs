//! Reading what clients send: form and JSON extractors whose rejections are ours, multipart
//! uploads, and the parsing helpers shared by every area's pages and API.

mod extract;
pub mod hygiene;
pub mod parse;
pub mod upload;

pub use extract::{decode_json, ApiPath, Form, Json, Query};
pub use upload::{read_upload, Upload, MAX_UPLOAD_BYTES};
