//! Writes synthetic saved assessments into a pathway home, for `history` at scale
//! (see docs/PERFORMANCE.md).
//!
//! cargo run --release --example gen-assessments -- /tmp/home --count 1000

use chrono::{TimeZone, Utc};
use clap::Parser;
use pathway::framework::Framework;
use pathway::store::Store;
use pathway::synth;
use std::path::PathBuf;

#[derive(Parser)]
struct Args {
    /// The home folder (what PATHWAY_HOME points at)
    home: PathBuf,
    /// How many assessments
    #[arg(long, default_value_t = 1000)]
    count: usize,
    /// Spread over this many people
    #[arg(long, default_value_t = 20)]
    people: usize,
    /// Target role of the embedded framework
    #[arg(long, default_value = "senior-platform-engineer")]
    role: String,
    /// Seed: the same seed writes the same assessments
    #[arg(long, default_value_t = 7)]
    seed: u64,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let framework = Framework::embedded()?;
    let role = framework.require_role(&args.role)?;
    let newest = Utc.with_ymd_and_hms(2026, 11, 20, 9, 30, 0).unwrap();
    let store = Store::new(args.home.clone());
    let assessments =
        synth::assessments(&framework, role, args.count, args.people, newest, args.seed);
    for assessment in &assessments {
        store.save(assessment)?;
    }
    eprintln!(
        "{}: {} assessments of {} people against {}",
        args.home.display(),
        assessments.len(),
        args.people,
        role.id
    );
    Ok(())
}
