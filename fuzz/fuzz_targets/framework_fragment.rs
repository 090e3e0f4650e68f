//! A framework fragment laid over a base framework (`--data DIR` without framework.yaml),
//! then every check: any text must load or give diagnostics, never panic, quickly and in
//! bounded memory. The base is the small example framework (examples/acme-sre), so each run
//! checks a few items rather than the whole embedded framework: about 30 times faster.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pathway::framework::{check, load, Framework, FrameworkData};
use std::path::Path;
use std::sync::OnceLock;

static BASE: OnceLock<FrameworkData> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let base = BASE.get_or_init(|| {
        let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/acme-sre");
        load::load_path(&example, None).data.expect("the example loads")
    });
    if let Ok(text) = std::str::from_utf8(data) {
        let loaded = load::load_fragment_text(Path::new("fuzz/fragment.yaml"), text, base);
        let diagnostics = check::check_loaded(&loaded);
        if diagnostics.is_empty() {
            // A framework that passes every check must work for the lookups commands use.
            let framework = Framework::new(loaded.data.expect("data when clean"));
            for role in &framework.data.roles {
                for expectation in &role.expectations {
                    assert!(framework.skill(&expectation.skill).is_some());
                    assert!(framework.expected_level(role, expectation) <= 5);
                }
            }
        }
    }
});
