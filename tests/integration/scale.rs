//! The synthetic framework generator behind docs/PERFORMANCE.md, and the compiled cache that
//! keeps large `--data` folders fast. Only tiny sizes here: the scale figures are measured,
//! not timed in tests.

use crate::util::Pathway;
use chrono::{TimeZone, Utc};
use pathway::framework::check::check_loaded;
use pathway::framework::{load, Framework};
use pathway::store::Store;
use pathway::synth::{self, Scale};
use std::path::Path;

fn tiny(blueprint_roles: bool) -> Scale {
    Scale {
        blueprint_roles,
        ..Scale::tiny()
    }
}

fn write_tiny(dir: &Path, seed: u64) -> usize {
    synth::write_folder(&synth::framework(tiny(false), seed), dir, 25)
        .expect("write the synthetic framework")
}

#[test]
fn synthetic_frameworks_pass_every_check_without_warnings() {
    for blueprint_roles in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let scale = tiny(blueprint_roles);
        let files = synth::write_folder(&synth::framework(scale, 7), dir.path(), 25).unwrap();
        assert!(files > 4, "fragments are split over several files");
        let loaded = load::load_path(dir.path(), None);
        let diagnostics: Vec<String> = check_loaded(&loaded)
            .iter()
            .map(|d| d.to_string())
            .collect();
        assert!(diagnostics.is_empty(), "{}", diagnostics.join("\n"));
        let data = loaded.data.expect("loads");
        assert_eq!(data.skills.len(), scale.skills);
        assert_eq!(data.roles.len(), scale.roles);
        assert_eq!(data.pathways.len(), scale.pathways);
        assert_eq!(data.resources.len(), scale.resources);
        assert!(data
            .roles
            .iter()
            .all(|r| r.expectations.len() == scale.expectations_per_role));
        assert_eq!(
            data.roles.iter().all(|r| !r.kpis.is_empty()),
            blueprint_roles,
            "blueprint roles carry KPIs, taxonomy-like roles none"
        );
        // What was written is what was generated: nothing lost in the YAML.
        assert_eq!(data, synth::framework(scale, 7));
    }
}

#[test]
fn generator_is_deterministic_given_the_seed() {
    let scale = Scale::tiny();
    assert_eq!(synth::framework(scale, 3), synth::framework(scale, 3));
    assert_ne!(synth::framework(scale, 3), synth::framework(scale, 4));
}

#[test]
fn scales_are_sixteenths_of_esco() {
    assert_eq!(Scale::esco_sixteenths(16), Scale::ESCO);
    let sixteenth = Scale::esco_sixteenths(1);
    assert_eq!(sixteenth.skills, 844);
    assert_eq!(sixteenth.roles, 188);
    assert_eq!(Scale::esco_sixteenths(4).resources, 5_000);
}

fn roles_json(p: &Pathway, data: &Path, cache: &str) -> serde_json::Value {
    p.run_with(
        &[
            "--data",
            data.to_str().unwrap(),
            "roles",
            "--format",
            "json",
        ],
        &[("PATHWAY_CACHE", cache)],
        None,
    )
    .json()
}

fn cache_files(cache: &Path) -> Vec<std::path::PathBuf> {
    match std::fs::read_dir(cache) {
        Ok(entries) => entries.map(|e| e.unwrap().path()).collect(),
        Err(_) => Vec::new(),
    }
}

#[test]
fn a_clean_data_folder_is_cached_and_the_cache_follows_its_files() {
    let p = Pathway::new();
    let data = p.home().join("framework");
    write_tiny(&data, 7);
    let cache = p.home().join("cache");
    let cache_var = cache.to_str().unwrap();

    let first = roles_json(&p, &data, cache_var);
    assert_eq!(
        first["roles"].as_array().unwrap().len(),
        Scale::tiny().roles
    );
    let stored = cache_files(&cache);
    assert_eq!(stored.len(), 1, "one cache file per folder: {stored:?}");
    assert_eq!(
        roles_json(&p, &data, cache_var),
        first,
        "same answer from the cache"
    );

    // A changed file is a miss: the new title shows, and the cache file is replaced.
    let roles_file = data.join("roles/roles-001.yaml");
    let text = std::fs::read_to_string(&roles_file).unwrap();
    let first_title = first["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["title"].as_str().unwrap().to_string())
        .find(|t| text.contains(&format!("title: {t}\n")))
        .expect("a title from roles-001.yaml");
    std::fs::write(
        &roles_file,
        text.replacen(
            &format!("title: {first_title}\n"),
            "title: Renamed Role\n",
            1,
        ),
    )
    .unwrap();
    let changed = roles_json(&p, &data, cache_var);
    assert!(changed.to_string().contains("Renamed Role"));
    assert!(!changed.to_string().contains(&format!("\"{first_title}\"")));
    assert_eq!(cache_files(&cache).len(), 1);

    // A damaged cache file is ignored, never an error.
    std::fs::write(&stored[0], b"PWFC not a framework").unwrap();
    assert_eq!(roles_json(&p, &data, cache_var), changed);
}

#[test]
fn a_folder_with_errors_is_not_cached_and_the_cache_can_be_turned_off() {
    let p = Pathway::new();
    let data = p.home().join("framework");
    write_tiny(&data, 7);
    let cache = p.home().join("cache");
    roles_json(&p, &data, "off");
    assert!(cache_files(&cache).is_empty());
    assert!(cache_files(&p.home().join(".cache/pathway")).is_empty());

    std::fs::write(
        data.join("roles/broken.yaml"),
        "roles:\n  - id: broken\n    title: Broken\n    track: individual-contributor\n    rank: 2\n    expectations:\n      - { skill: no-such-skill, importance: critical }\n    sources: [authored]\n",
    )
    .unwrap();
    let stderr = p
        .run_with(
            &["--data", data.to_str().unwrap(), "roles"],
            &[("PATHWAY_CACHE", cache.to_str().unwrap())],
            None,
        )
        .fails(2);
    assert!(stderr.contains("no-such-skill"), "{stderr}");
    assert!(cache_files(&cache).is_empty());
}

#[test]
fn synthetic_assessments_are_saved_and_listed() {
    let framework = Framework::embedded().unwrap();
    let role = framework.require_role("senior-platform-engineer").unwrap();
    let newest = Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap();
    // Over 32 files: `Store::list` reads them on every core.
    let assessments = synth::assessments(&framework, role, 40, 4, newest, 7);
    assert_eq!(
        assessments,
        synth::assessments(&framework, role, 40, 4, newest, 7)
    );
    let home = tempfile::tempdir().unwrap();
    let store = Store::new(home.path().to_path_buf());
    for assessment in &assessments {
        store.save(assessment).unwrap();
    }
    let (saved, skipped) = store.list(None).unwrap();
    assert!(skipped.is_empty(), "{skipped:?}");
    assert_eq!(saved.len(), 40);
    assert!(saved
        .windows(2)
        .all(|w| w[0].assessment.created > w[1].assessment.created));
    assert_eq!(saved[0].assessment.created, newest, "newest first");
    let people: std::collections::BTreeSet<_> =
        saved.iter().map(|s| s.assessment.person.clone()).collect();
    assert_eq!(people.len(), 4);
    assert!(saved
        .iter()
        .all(|s| s.assessment.ratings.len() == role.expectations.len()));
}

/// `gap::analyse` counts each skill's dependants once before sorting; the order must still be
/// the documented one: weighted gap, importance, then skills that more others build on.
#[test]
fn gap_priorities_follow_the_documented_order() {
    let framework = Framework::embedded().unwrap();
    for role in framework.roles().filter(|r| r.assessable) {
        for seed in 0..5 {
            let ratings = synth::ratings(&framework, role, seed);
            let report = pathway::gap::analyse(&framework, role, &ratings);
            let dependants = |id: &str| {
                role.expectations
                    .iter()
                    .filter(|e| {
                        framework
                            .skill(&e.skill)
                            .is_some_and(|s| s.builds_on.iter().any(|b| b == id))
                    })
                    .count()
            };
            for pair in report.skills.windows(2) {
                let (a, b) = (&pair[0], &pair[1]);
                let order = b
                    .weighted_gap
                    .total_cmp(&a.weighted_gap)
                    .then(a.importance.cmp(&b.importance))
                    .then(dependants(&b.skill).cmp(&dependants(&a.skill)))
                    .then(a.name.cmp(&b.name));
                assert_ne!(
                    order,
                    std::cmp::Ordering::Greater,
                    "{}: {} before {}",
                    role.id,
                    a.skill,
                    b.skill
                );
            }
        }
    }
}
