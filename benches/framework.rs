//! Benchmarks for the work behind every command: loading a framework (the embedded blob, a
//! YAML folder, the compiled cache), checking it, the gap analysis and the growth plan.
//!
//! cargo bench --bench framework
//!
//! Uses divan (a dev-dependency) rather than criterion: it needs no plotting stack, builds in
//! seconds, and its benchmarks take arguments, which gives the growth rows directly. The YAML
//! folders are synthetic (pathway::synth) at 1/16 and 4/16 of ESCO; the full ESCO scale is
//! measured on the binary instead (docs/PERFORMANCE.md), as one load takes seconds.

use chrono::NaiveDate;
use divan::Bencher;
use pathway::framework::{check, load, Framework, FrameworkData};
use pathway::gap;
use pathway::plan::{self, Pace, PlanRequest};
use pathway::synth::{self, Scale};
use std::path::PathBuf;
use std::sync::LazyLock;

fn main() {
    divan::main();
}

/// Synthetic framework folders, written once per run: (sixteenths of ESCO, folder).
static FOLDERS: LazyLock<(tempfile::TempDir, Vec<(usize, PathBuf)>)> = LazyLock::new(|| {
    let root = tempfile::tempdir().expect("temp folder");
    let folders = SIXTEENTHS
        .iter()
        .map(|&n| {
            let dir = root.path().join(format!("x{n}"));
            synth::write_folder(&synth::framework(Scale::esco_sixteenths(n), 7), &dir, 500)
                .expect("write the synthetic framework");
            (n, dir)
        })
        .collect();
    (root, folders)
});

const SIXTEENTHS: [usize; 2] = [1, 4];

fn folder(sixteenths: usize) -> &'static PathBuf {
    &FOLDERS.1.iter().find(|(n, _)| *n == sixteenths).unwrap().1
}

fn embedded() -> Framework {
    Framework::embedded().expect("embedded framework")
}

#[divan::bench]
fn load_embedded_blob() -> Framework {
    embedded()
}

#[divan::bench]
fn load_embedded_yaml_folder() -> load::Loaded {
    load::load_path(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data"),
        None,
    )
}

#[divan::bench(args = SIXTEENTHS, sample_count = 10, sample_size = 1)]
fn load_synthetic_yaml_folder(sixteenths: usize) -> load::Loaded {
    load::load_path(folder(sixteenths), None)
}

#[divan::bench(args = SIXTEENTHS, sample_count = 10, sample_size = 1)]
fn check_synthetic(bencher: Bencher, sixteenths: usize) {
    let loaded = load::load_path(folder(sixteenths), None);
    bencher.bench(|| check::check_loaded(&loaded));
}

/// Decoding the compiled cache's payload (postcard) instead of parsing the YAML.
#[divan::bench(args = SIXTEENTHS, sample_count = 10, sample_size = 1)]
fn load_synthetic_compiled(bencher: Bencher, sixteenths: usize) {
    let data = load::load_path(folder(sixteenths), None).data.unwrap();
    let blob = postcard::to_stdvec(&data).unwrap();
    bencher.bench(|| postcard::from_bytes::<FrameworkData>(&blob).unwrap());
}

#[divan::bench(args = ["embedded", "synthetic"])]
fn gap_analyse(bencher: Bencher, which: &str) {
    let framework = match which {
        "embedded" => embedded(),
        _ => Framework::new(synth::framework(Scale::esco_sixteenths(1), 7)),
    };
    let role = match which {
        "embedded" => framework.role("senior-platform-engineer").unwrap(),
        _ => framework.roles().next().unwrap(),
    };
    let ratings = synth::ratings(&framework, role, 7);
    bencher.bench(|| gap::analyse(&framework, role, &ratings));
}

#[divan::bench(args = ["embedded", "synthetic"])]
fn plan_build(bencher: Bencher, which: &str) {
    let framework = match which {
        "embedded" => embedded(),
        _ => Framework::new(synth::framework(Scale::esco_sixteenths(1), 7)),
    };
    let (from, to) = match which {
        "embedded" => (
            framework.role("intermediate-platform-engineer"),
            framework.role("senior-platform-engineer").unwrap(),
        ),
        _ => (
            Some(framework.roles().next().unwrap()),
            framework.roles().nth(1).unwrap(),
        ),
    };
    let ratings = synth::ratings(&framework, to, 7);
    let report = gap::analyse(&framework, to, &ratings);
    let start = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    bencher.bench(|| {
        plan::build_plan(&PlanRequest {
            framework: &framework,
            report: &report,
            from,
            to,
            pace: Pace::Default,
            start,
            person: None,
        })
        .unwrap()
    });
}
