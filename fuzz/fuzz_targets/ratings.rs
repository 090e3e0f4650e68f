//! The `--ratings` file parser: any text must give ratings or an `Invalid` error, quickly and
//! in bounded memory (run with -rss_limit_mb and -timeout to make blow-ups crash).
#![no_main]

use libfuzzer_sys::fuzz_target;
use pathway::framework::Framework;
use std::sync::OnceLock;

static FRAMEWORK: OnceLock<Framework> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let framework = FRAMEWORK.get_or_init(|| Framework::embedded().expect("embedded framework"));
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(input) = pathway::assessment::parse_ratings("fuzz", text, framework) {
            for rating in input.ratings.values() {
                assert!(rating.level.is_none_or(|l| l <= 5));
                assert!(rating.level.is_some() || rating.unsure);
            }
        }
        // Saved assessments take the same path through the guard and the parser.
        let _ = pathway::assessment::Assessment::from_yaml(std::path::Path::new("fuzz"), text);
    }
});
