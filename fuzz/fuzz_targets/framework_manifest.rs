//! A framework.yaml on its own (a whole framework with no items), then every check.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pathway::framework::{check, load};
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let loaded = load::load_manifest_text(Path::new("fuzz/framework.yaml"), text);
        let _ = check::check_loaded(&loaded);
    }
});
