//! Writes a synthetic framework folder for benchmarks (see docs/PERFORMANCE.md).
//!
//! cargo run --release --example gen-framework -- /tmp/esco            # ESCO scale
//! cargo run --release --example gen-framework -- /tmp/x1 --sixteenths 1

use clap::Parser;
use pathway::synth::{self, Scale};
use std::path::PathBuf;

#[derive(Parser)]
struct Args {
    /// Folder to write (framework.yaml and fragments under skills/, roles/, ...)
    dir: PathBuf,
    /// Size in sixteenths of ESCO (13,500 skills, 3,000 roles x 40 expectations, 500 pathways,
    /// 20,000 resources): 16 is ESCO, 4 a quarter of it, 1 a sixteenth
    #[arg(long, default_value_t = 16)]
    sixteenths: usize,
    /// Seed: the same seed writes the same files
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// Roles with every section of the embedded blueprint roles (about 15 KB of YAML each)
    /// instead of what a taxonomy like ESCO has for an occupation (about 6 KB)
    #[arg(long)]
    blueprint_roles: bool,
    /// Also write a ratings file (for `--ratings`) against the first role to this path
    #[arg(long, value_name = "FILE")]
    ratings: Option<PathBuf>,
    /// Most items per fragment file
    #[arg(long, default_value_t = 500)]
    per_file: usize,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let scale = Scale {
        blueprint_roles: args.blueprint_roles,
        ..Scale::esco_sixteenths(args.sixteenths)
    };
    let data = synth::framework(scale, args.seed);
    let files = synth::write_folder(&data, &args.dir, args.per_file)?;
    let bytes: u64 = walk(&args.dir)?;
    if let Some(path) = &args.ratings {
        let framework = pathway::framework::Framework::new(data.clone());
        std::fs::write(
            path,
            synth::ratings_yaml(&framework, &data.roles[0], args.seed),
        )?;
        eprintln!("{}: ratings against {}", path.display(), data.roles[0].id);
    }
    eprintln!(
        "{}: {} skills, {} roles x {} expectations, {} pathways, {} resources; {files} files, {:.1} MB",
        args.dir.display(),
        data.skills.len(),
        data.roles.len(),
        scale.expectations_per_role,
        data.pathways.len(),
        data.resources.len(),
        bytes as f64 / 1e6
    );
    Ok(())
}

fn walk(dir: &std::path::Path) -> std::io::Result<u64> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        total += if entry.file_type()?.is_dir() {
            walk(&entry.path())?
        } else {
            entry.metadata()?.len()
        };
    }
    Ok(total)
}
