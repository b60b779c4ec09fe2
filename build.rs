//! Embeds the front-end packages installed from the npm registry (`npm ci`): no vendored
//! copies in git.

use std::path::Path;

fn main() {
    let out = std::env::var("OUT_DIR").expect("OUT_DIR");
    let files = [
        ("node_modules/htmx.org/dist/htmx.min.js", "htmx.min.js"),
        ("node_modules/leaflet/dist/leaflet.js", "leaflet.js"),
        ("node_modules/leaflet/dist/leaflet.css", "leaflet.css"),
        (
            "node_modules/leaflet/dist/images/marker-icon.png",
            "marker-icon.png",
        ),
        (
            "node_modules/leaflet/dist/images/marker-icon-2x.png",
            "marker-icon-2x.png",
        ),
        (
            "node_modules/leaflet/dist/images/marker-shadow.png",
            "marker-shadow.png",
        ),
        ("node_modules/leaflet/dist/images/layers.png", "layers.png"),
        (
            "node_modules/leaflet/dist/images/layers-2x.png",
            "layers-2x.png",
        ),
        (
            "node_modules/leaflet.markercluster/dist/leaflet.markercluster.js",
            "leaflet.markercluster.js",
        ),
        (
            "node_modules/leaflet.markercluster/dist/MarkerCluster.css",
            "MarkerCluster.css",
        ),
        (
            "node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css",
            "MarkerCluster.Default.css",
        ),
    ];
    for (src, name) in files {
        println!("cargo:rerun-if-changed={src}");
        if !Path::new(src).exists() {
            panic!("{src} is missing: run `npm ci` in the repository first (see README).");
        }
        std::fs::copy(src, Path::new(&out).join(name)).expect("copy front-end asset");
    }
    println!("cargo:rerun-if-changed=migrations");
}
