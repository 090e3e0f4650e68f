//! The fast YAML reader against yaml_serde: wherever it answers for a text (as a YAML value,
//! a framework fragment or a manifest), yaml_serde must give the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        pathway::yaml_fast::assert_agrees_with_yaml_serde(text);
    }
});
