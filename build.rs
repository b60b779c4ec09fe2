//! Embeds the front-end packages installed from the npm registry (`npm ci`): no vendored
//! copies in git.

use std::path::Path;

fn main() {
    let out = std::env::var("OUT_DIR").expect("OUT_DIR");
    let files = [("node_modules/htmx.org/dist/htmx.min.js", "htmx.min.js")];
    for (src, name) in files {
        println!("cargo:rerun-if-changed={src}");
        if !Path::new(src).exists() {
            panic!("{src} is missing: run `npm ci` in the repository first (see README).");
        }
        std::fs::copy(src, Path::new(&out).join(name)).expect("copy front-end asset");
    }
    println!("cargo:rerun-if-changed=migrations");
}
