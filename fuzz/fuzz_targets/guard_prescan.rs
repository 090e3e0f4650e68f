//! The guard's byte-level shortcut: wherever it proves a text harmless, the libyaml event
//! stream must agree (no alias, depth and values within its bounds).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        pathway::yaml_guard::assert_prescan_sound(text);
    }
});
