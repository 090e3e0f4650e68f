//! Prints a ratings file (the `--ratings` format) against a role of the embedded framework,
//! for the benchmarks in docs/PERFORMANCE.md.
//!
//! cargo run --release --example gen-ratings -- senior-platform-engineer > /tmp/ratings.yaml

fn main() -> anyhow::Result<()> {
    let role_id = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "senior-platform-engineer".to_string());
    let framework = pathway::framework::Framework::embedded()?;
    let role = framework.require_role(&role_id)?;
    print!("{}", pathway::synth::ratings_yaml(&framework, role, 7));
    Ok(())
}
