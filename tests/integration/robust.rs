//! Bad input, tried and handled: every row of docs/ROBUSTNESS.md has its test here (or names
//! the test elsewhere). Framework files go through the real binary (`validate`, `--data`);
//! ratings files through the ratings parser's library API; saved assessments through the
//! store.

use crate::util::Pathway;
use pathway::assessment::{self, parse_ratings, Assessment};
use pathway::cli::{Rater, RatingsArgs};
use pathway::framework::{Framework, FrameworkData};
use pathway::store::{self, Store};
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------------------------------
// Inputs

/// The classic "billion laughs": ten levels of nine aliases, about 3.9 billion strings once
/// expanded, in under 600 bytes.
fn billion_laughs(last_key: &str) -> String {
    let mut text = String::from(
        "a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for level in 1..10 {
        let previous = format!("*a{}", level - 1);
        text += &format!("a{level}: &a{level} [{}]\n", vec![previous; 9].join(","));
    }
    text + &format!("{last_key}: *a9\n")
}

/// One big anchored list copied many times: quadratic, not exponential, and just as deadly
/// (yaml_serde's own alias limit does not catch it).
fn anchor_copied_many_times() -> String {
    let items = vec!["1"; 20_000].join(",");
    let aliases = vec!["*big"; 2_000].join(",");
    format!("big: &big [{items}]\nskills: [{aliases}]\n")
}

fn deep_flow(levels: usize) -> String {
    format!("skills: {}{}\n", "[".repeat(levels), "]".repeat(levels))
}

fn deep_block(levels: usize) -> String {
    format!("skills:\n{}x\n", "- ".repeat(levels))
}

fn framework() -> Framework {
    Framework::embedded().unwrap()
}

/// Runs `pathway validate` on a folder holding one fragment, returning (exit code, stdout).
fn validate_fragment(p: &Pathway, name: &str, bytes: &[u8]) -> (i32, String) {
    let dir = p.home().join(format!("fw-{}", name.replace('/', "-")));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), bytes).unwrap();
    let run = p.run(&["validate", dir.to_str().unwrap()]);
    (run.code(), run.stdout())
}

fn ratings_error(text: &str) -> String {
    parse_ratings("ratings.yaml", text, &framework())
        .expect_err("refused")
        .to_string()
}

fn ratings_file(path: &Path) -> anyhow::Result<Option<assessment::RatingsInput>> {
    let args = RatingsArgs {
        ratings: Some(path.to_path_buf()),
        rate: Vec::new(),
    };
    assessment::ratings_from_args(&args, &framework())
}

// ---------------------------------------------------------------------------------------
// Framework files (`--data DIR`, `pathway validate DIR`)

#[test]
fn framework_malformed_yaml_names_file_line_and_column() {
    let p = Pathway::new();
    let (code, out) = validate_fragment(&p, "x.yaml", b"skills:\n  - id: a\n    name: [unclosed\n");
    assert_eq!(code, 2);
    assert!(
        out.contains("x.yaml:4:1: error: did not find expected ',' or ']'"),
        "{out}"
    );
    assert!(
        out.contains("while parsing a flow sequence at line 3 column 11"),
        "{out}"
    );
    assert!(out.contains("syntax error"), "{out}");
}

#[test]
fn framework_wrong_types_are_reported_for_every_item() {
    let p = Pathway::new();
    let text = "roles:\n\
                - id: r1\n  title: R1\n  track: individual-contributor\n  rank: three\n  sources: [authored]\n\
                - id: r2\n  title: R2\n  track: manager\n  rank: 2\n  sources: [authored]\n\
                - id: r3\n  title: R3\n  track: individual-contributor\n  rank: 2\n  career: { next: [r1, r2] }\n  sources: [authored]\n";
    let (code, out) = validate_fragment(&p, "x.yaml", text.as_bytes());
    assert_eq!(code, 2);
    assert!(
        out.contains(
            "x.yaml:5:9: error: roles[0].rank: invalid type: string \"three\", expected u8"
        ),
        "{out}"
    );
    assert!(
        out.contains("x.yaml:9:10: error: role 'r2': unknown variant `manager`"),
        "{out}"
    );
    // r3 is fine and is loaded; its links to the broken r1 and r2 are not reported again.
    assert!(!out.contains("unknown role"), "{out}");
    assert!(out.contains("has 2 errors"), "{out}");
}

#[test]
fn framework_unknown_keys_get_a_did_you_mean() {
    let p = Pathway::new();
    let text = "skils:\n  - id: a\n";
    let (code, out) = validate_fragment(&p, "top.yaml", text.as_bytes());
    assert_eq!(code, 2);
    assert!(
        out.contains("top.yaml:1:1: error: unknown field `skils`"),
        "{out}"
    );
    assert!(out.contains("did you mean `skills`?"), "{out}");

    let text = "roles:\n  - id: r\n    titel: R\n    track: individual-contributor\n    rank: 2\n    sources: [authored]\n";
    let (code, out) = validate_fragment(&p, "role.yaml", text.as_bytes());
    assert_eq!(code, 2);
    assert!(
        out.contains("role.yaml:3:5: error: roles[0]: unknown field `titel`"),
        "{out}"
    );
    assert!(out.contains("did you mean `title`?"), "{out}");
}

#[test]
fn framework_duplicate_ids_point_at_the_second_definition() {
    let p = Pathway::new();
    let skill = |name: &str| {
        format!(
            "  - id: same\n    name: {name}\n    kind: technical\n    category: C\n    description: D\n    \
             anchors: {{1: a, 2: b, 3: c, 4: d, 5: e}}\n    sources: [authored]\n"
        )
    };
    p.file(
        "dup/a.yaml",
        &format!("skills:\n{}{}", skill("First"), skill("Second")),
    );
    p.file("dup/b.yaml", &format!("skills:\n{}", skill("Third")));
    let run = p.run(&["validate", "dup"]);
    assert_eq!(run.code(), 2);
    let out = run.stdout();
    assert!(
        out.contains(
            "dup/a.yaml:9:5: error: duplicate skill id 'same' (first defined at dup/a.yaml:2)"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "dup/b.yaml:2:5: error: duplicate skill id 'same' (first defined at dup/a.yaml:2)"
        ),
        "{out}"
    );
}

#[test]
fn framework_references_to_missing_ids_get_a_did_you_mean() {
    let p = Pathway::new();
    let text = "roles:\n  - id: r\n    title: R\n    track: individual-contributor\n    rank: 2\n    \
                assessable: true\n    expectations:\n      - { skill: kubernets, importance: critical }\n      \
                - { skill: zzzz, importance: optional }\n    career: { next: [senior-platfrom-engineer] }\n    sources: [authored]\n";
    let (code, out) = validate_fragment(&p, "x.yaml", text.as_bytes());
    assert_eq!(code, 2);
    assert!(
        out.contains("x.yaml:8:18: error: role 'r' refers to unknown skill 'kubernets'"),
        "{out}"
    );
    assert!(out.contains("did you mean 'kubernetes'?"), "{out}");
    assert!(
        out.contains("x.yaml:9:18: error: role 'r' refers to unknown skill 'zzzz'"),
        "{out}"
    );
    assert!(out.contains("define a skill with id 'zzzz'"), "{out}");
    assert!(
        out.contains("did you mean 'senior-platform-engineer'?"),
        "{out}"
    );
}

#[test]
fn framework_levels_outside_the_scale_are_refused() {
    let p = Pathway::new();
    let role = |level: &str| {
        format!(
            "roles:\n  - id: r\n    title: R\n    track: individual-contributor\n    rank: 2\n    \
             assessable: true\n    expectations:\n      - {{ skill: kubernetes, importance: critical, level: {level} }}\n    \
             sources: [authored]\n"
        )
    };
    let (code, out) = validate_fragment(&p, "seven.yaml", role("7").as_bytes());
    assert_eq!(code, 2);
    assert!(out.contains("seven.yaml:8:52: error: role 'r' expects level 7 on skill 'kubernetes', outside the scale 0 to 5"), "{out}");
    for level in ["-1", "300"] {
        let (code, out) = validate_fragment(&p, "big.yaml", role(level).as_bytes());
        assert_eq!(code, 2, "{level}");
        assert!(out.contains("big.yaml:8:"), "{out}");
        assert!(
            out.contains("use a level from 0 (no exposure) to 5 (expert)"),
            "{out}"
        );
    }
    // The manifest's rules too.
    let dir = p.home().join("manifest");
    crate::validate::copy_example(&dir);
    let manifest = dir.join("framework.yaml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(
        &manifest,
        text.replace("{ rank: 3, critical: 4,", "{ rank: 3, critical: 6,"),
    )
    .unwrap();
    let run = p.run(&["validate", dir.to_str().unwrap()]);
    assert_eq!(run.code(), 2);
    assert!(
        run.stdout()
            .contains("critical: 6 is outside the scale 0 to 5"),
        "{}",
        run.stdout()
    );
}

#[test]
fn framework_empty_files() {
    let p = Pathway::new();
    // An empty fragment loads nothing and says so; it is not an error.
    let (code, out) = validate_fragment(&p, "empty.yaml", b"");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("empty.yaml: warning: file is empty"), "{out}");
    // An empty framework.yaml is an error, and the items are still checked against a
    // stand-in so their own mistakes show too.
    let dir = p.home().join("no-manifest");
    crate::validate::copy_example(&dir);
    std::fs::write(dir.join("framework.yaml"), "").unwrap();
    std::fs::write(
        dir.join("pathways.yaml"),
        std::fs::read_to_string(dir.join("pathways.yaml"))
            .unwrap()
            .replace("to: senior-sre", "to: senor-sre"),
    )
    .unwrap();
    let run = p.run(&["validate", dir.to_str().unwrap()]);
    assert_eq!(run.code(), 2);
    let out = run.stdout();
    assert!(
        out.contains("framework.yaml: error: framework.yaml is empty"),
        "{out}"
    );
    assert!(out.contains("did you mean 'senior-sre'?"), "{out}");
    assert!(
        !out.contains("cites unknown source"),
        "stand-in sources are not checked: {out}"
    );
}

#[test]
fn framework_file_that_is_not_utf8() {
    let p = Pathway::new();
    let (code, out) = validate_fragment(&p, "latin1.yaml", b"skills:\n  - id: caf\xe9\n");
    assert_eq!(code, 2);
    assert!(
        out.contains(
            "latin1.yaml:2:12: error: file is not UTF-8 (first bad byte at line 2, column 12)"
        ),
        "{out}"
    );
    assert!(out.contains("save it as UTF-8"), "{out}");
}

#[test]
fn framework_file_over_the_size_limit_is_refused_without_reading_it() {
    let p = Pathway::new();
    let dir = p.home().join("huge");
    std::fs::create_dir_all(&dir).unwrap();
    // A sparse 4 GiB file: reading it would take seconds and gigabytes.
    let file = std::fs::File::create(dir.join("skills.yaml")).unwrap();
    file.set_len(4 << 30).unwrap();
    let run = p.run(&["--data", dir.to_str().unwrap(), "roles"]);
    let stderr = run.fails(2);
    assert!(
        stderr.contains(
            "skills.yaml: error: file is 4294967296 bytes, over the limit of 1 MiB for one file"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("split it into several files"), "{stderr}");
    // Many files that are each fine but together too much.
    let many = p.home().join("many");
    std::fs::create_dir_all(&many).unwrap();
    for n in 0..129 {
        let file = std::fs::File::create(many.join(format!("part-{n:03}.yaml"))).unwrap();
        file.set_len(1024 * 1024).unwrap();
    }
    let stderr = p.run(&["--data", many.to_str().unwrap(), "roles"]).fails(2);
    assert!(
        stderr.contains("over the limit of 128 MiB for a framework"),
        "{stderr}"
    );
}

#[test]
fn framework_alias_bomb_is_refused_by_data_and_validate() {
    let p = Pathway::new();
    p.file("bomb/skills.yaml", &billion_laughs("skills"));
    let stderr = p.run(&["--data", "bomb", "roles"]).fails(2);
    assert!(stderr.contains("bomb/skills.yaml:5:10:"), "{stderr}");
    assert!(
        stderr.contains("refused: aliases expand this file"),
        "{stderr}"
    );
    let json = p.run(&["validate", "bomb", "--format", "json"]);
    assert_eq!(json.code(), 2);
    assert!(json.stdout().contains("alias bomb"), "{}", json.stdout());

    p.file("quadratic/skills.yaml", &anchor_copied_many_times());
    let stderr = p.run(&["--data", "quadratic", "roles"]).fails(2);
    assert!(
        stderr.contains("refused: aliases expand this file"),
        "{stderr}"
    );
}

#[test]
fn framework_deep_nesting_is_refused() {
    let p = Pathway::new();
    p.file("deep/skills.yaml", &deep_flow(100_000));
    let stderr = p.run(&["--data", "deep", "roles"]).fails(2);
    assert!(
        stderr.contains("deep/skills.yaml:1:72: error: refused: nesting deeper than 64 levels"),
        "{stderr}"
    );
    p.file("block/skills.yaml", &deep_block(200_000));
    let stderr = p.run(&["--data", "block", "roles"]).fails(2);
    assert!(
        stderr.contains("refused: nesting deeper than 64 levels"),
        "{stderr}"
    );
}

#[test]
fn framework_folder_oddities() {
    let p = Pathway::new();
    // Missing folder.
    let stderr = p.run(&["--data", "nowhere", "roles"]).fails(2);
    assert!(
        stderr.contains("nowhere: error: no such file or folder"),
        "{stderr}"
    );
    // A folder with no YAML in it.
    p.file("notes/readme.txt", "hello");
    let stderr = p.run(&["--data", "notes", "roles"]).fails(2);
    assert!(stderr.contains("no YAML files found"), "{stderr}");
    assert!(stderr.contains("export-framework"), "{stderr}");
    // Hidden folders (.git) are skipped, and a symbolic link back up does not loop.
    let dir = p.home().join("linked");
    crate::validate::copy_example(&dir);
    p.file("linked/.git/broken.yaml", "not: [valid");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&dir, dir.join("loop")).unwrap();
    let json = p.run(&["validate", "linked", "--format", "json"]).json();
    assert_eq!(json["counts"]["errors"], 0, "{json:#}");
    // framework.yaml below the top is a mistake, said plainly.
    p.file("nested/sub/framework.yaml", "schema_version: 1\n");
    let (code, out) = (
        p.run(&["validate", "nested"]).code(),
        p.run(&["validate", "nested"]).stdout(),
    );
    assert_eq!(code, 2);
    assert!(
        out.contains("framework.yaml belongs at the top of the framework folder"),
        "{out}"
    );
}

// ---------------------------------------------------------------------------------------
// Ratings files (`--ratings FILE`): the parser `assess` and `plan` share

#[test]
fn ratings_malformed_yaml() {
    let error = ratings_error("kubernetes: [3\n");
    assert!(
        error.starts_with("ratings.yaml:2:1: did not find expected ',' or ']'"),
        "{error}"
    );
    assert!(
        error.contains("hint: a ratings file is YAML or JSON"),
        "{error}"
    );
}

#[test]
fn ratings_wrong_types() {
    for text in [
        "kubernetes: [3]\n",
        "kubernetes: true\n",
        "kubernetes: {note: [x]}\n",
    ] {
        let error = ratings_error(text);
        assert!(
            error.starts_with("ratings.yaml:1: the rating for 'kubernetes' is not a level"),
            "{text}: {error}"
        );
    }
    let error = ratings_error("kubernetes: 3.5\n");
    assert!(
        error.contains("level 3.5 for 'kubernetes' is outside 0–5"),
        "{error}"
    );
    let error = ratings_error("- kubernetes\n- go\n");
    assert!(
        error.contains("invalid type: sequence, expected a map"),
        "{error}"
    );
    assert!(error.contains("`skill-id: level` per line"), "{error}");
}

#[test]
fn ratings_unknown_keys_get_a_did_you_mean() {
    let error = ratings_error("persn: sam\nratings:\n  kubernetes: 3\n");
    assert!(error.contains("unknown field `persn`"), "{error}");
    assert!(error.contains("did you mean `person`?"), "{error}");
    let error = ratings_error("kubernetes: {levl: 3}\n");
    assert!(
        error.contains("ratings.yaml:1: unknown key `levl` in the rating for 'kubernetes'"),
        "{error}"
    );
    assert!(error.contains("did you mean `level`?"), "{error}");
}

#[test]
fn ratings_duplicate_skills() {
    let error = ratings_error("kubernetes: 3\nterraform: 2\nkubernetes: 4\n");
    assert!(
        error.contains("duplicate entry with key \"kubernetes\""),
        "{error}"
    );
}

#[test]
fn ratings_unknown_skill_gets_a_did_you_mean() {
    let error = ratings_error("ci-cd: 2\nkubernets: 3\n");
    assert!(
        error.starts_with("ratings.yaml:2: unknown skill 'kubernets'"),
        "{error}"
    );
    assert!(error.contains("did you mean 'kubernetes'?"), "{error}");
}

#[test]
fn ratings_levels_outside_the_scale() {
    for (text, shown) in [
        ("kubernetes: 7\n", "7"),
        ("kubernetes: -1\n", "-1"),
        ("kubernetes: {level: 9, note: x}\n", "9"),
        ("kubernetes: three\n", "'three'"),
    ] {
        let error = ratings_error(text);
        assert!(
            error.contains(&format!("level {shown} for 'kubernetes' is outside 0–5")),
            "{error}"
        );
        assert!(
            error.contains("use 0 (no exposure) to 5 (expert), or ? for not sure"),
            "{error}"
        );
    }
    // `?` and a note are fine.
    let parsed = parse_ratings(
        "r",
        "kubernetes: \"?\"\nci-cd: {level: 2, note: ran the migration}\n",
        &framework(),
    )
    .unwrap();
    assert!(parsed.ratings["kubernetes"].unsure);
    assert_eq!(parsed.ratings["ci-cd"].note, "ran the migration");
}

#[test]
fn ratings_bare_question_mark_gets_a_hint_to_quote_it() {
    // `key: ?` is not valid YAML (`?` starts a complex key); say how to write "not sure".
    let error = ratings_error("ci-cd: 2\nkubernetes: ?\n");
    assert!(error.starts_with("ratings.yaml:2:13:"), "{error}");
    assert!(error.contains("write `kubernetes: \"?\"`"), "{error}");
}

#[test]
fn ratings_empty_file() {
    for text in ["", "   \n\n", "# only a comment\n", "~\n"] {
        let error = ratings_error(text);
        assert!(
            error.contains("ratings.yaml: the ratings file"),
            "{text:?}: {error}"
        );
        assert!(error.contains("kubernetes: 3"), "{error}");
    }
}

#[test]
fn ratings_file_that_is_not_utf8() {
    let p = Pathway::new();
    let path = p.home().join("ratings.yaml");
    std::fs::write(&path, b"kubernetes: 3 # caf\xe9\n").unwrap();
    let error = ratings_file(&path).unwrap_err().to_string();
    assert!(
        error.ends_with("ratings.yaml: not UTF-8 text\n  hint: save the ratings file as UTF-8"),
        "{error}"
    );
}

#[test]
fn ratings_file_over_the_size_limit() {
    let text = format!(
        "kubernetes: 3\n# {}\n",
        "x".repeat(assessment::MAX_RATINGS_BYTES)
    );
    let error = ratings_error(&text);
    assert!(
        error.contains("over the 1024 KiB limit for a ratings file"),
        "{error}"
    );
    let p = Pathway::new();
    let path = p.home().join("big.yaml");
    std::fs::File::create(&path)
        .unwrap()
        .set_len(4 << 30)
        .unwrap();
    let error = ratings_file(&path).unwrap_err().to_string();
    assert!(
        error.contains("4294967296 bytes is over the 1024 KiB limit"),
        "{error}"
    );
}

#[test]
fn ratings_alias_bomb_is_refused() {
    let error = ratings_error(&billion_laughs("kubernetes"));
    assert!(error.starts_with("ratings.yaml:5:10:"), "{error}");
    assert!(
        error.contains("refused: aliases expand this file"),
        "{error}"
    );
    let error = ratings_error(&anchor_copied_many_times());
    assert!(
        error.contains("refused: aliases expand this file"),
        "{error}"
    );
}

#[test]
fn ratings_deep_nesting_is_refused() {
    let error = ratings_error(&deep_flow(100_000));
    assert!(
        error.starts_with("ratings.yaml:1:72: refused: nesting deeper than 64 levels"),
        "{error}"
    );
    let error = ratings_error(&deep_block(200_000));
    assert!(
        error.contains("refused: nesting deeper than 64 levels"),
        "{error}"
    );
}

// ---------------------------------------------------------------------------------------
// Saved assessments and the data directory

fn assessment(person: &str) -> Assessment {
    use chrono::TimeZone;
    let created = chrono::Utc
        .with_ymd_and_hms(2026, 11, 21, 9, 30, 0)
        .unwrap();
    let mut a = Assessment::new(
        &framework(),
        person,
        Rater::SelfRater,
        Some("intermediate-platform-engineer"),
        "senior-platform-engineer",
        created,
    );
    a.ratings
        .insert("kubernetes".into(), assessment::Rating::level(3));
    a
}

/// Every file below `dir`, with its contents.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push((path.clone(), std::fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn store_skips_a_damaged_file_and_never_touches_it() {
    let p = Pathway::new();
    let store = Store::new(p.home().to_path_buf());
    let good = store.save(&assessment("sam")).unwrap();
    let folder = good.parent().unwrap();
    let bomb = billion_laughs("ratings");
    let damaged = [
        (
            "20260101T000000Z-self-x.yaml",
            &b"schema_version: 1\nperson: sam\nrater: [broken\n"[..],
        ),
        (
            "20260102T000000Z-self-x.yaml",
            b"schema_version: 1\nperson: sam\n",
        ),
        ("20260103T000000Z-self-x.yaml", b"\xff\xfe not text"),
        ("20260104T000000Z-self-x.yaml", b""),
        ("20260105T000000Z-self-x.yaml", bomb.as_bytes()),
    ];
    for (name, bytes) in damaged {
        std::fs::write(folder.join(name), bytes).unwrap();
    }
    let before = snapshot(p.home());
    let (saved, skipped) = store.list(Some("sam")).unwrap();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].path, good);
    assert_eq!(skipped.len(), damaged.len(), "{skipped:?}");
    let reasons: Vec<&str> = skipped.iter().map(|s| s.reason.as_str()).collect();
    assert!(
        reasons[0].contains("x.yaml:4:1: not a pathway assessment: did not find expected"),
        "names the line: {}",
        reasons[0]
    );
    assert!(reasons[1].contains("missing field"), "{}", reasons[1]);
    assert!(reasons[2].contains("not UTF-8"), "{}", reasons[2]);
    assert!(
        reasons[3].contains("not a pathway assessment"),
        "{}",
        reasons[3]
    );
    assert!(reasons[4].contains("refused"), "{}", reasons[4]);
    assert_eq!(
        snapshot(p.home()),
        before,
        "listing changed nothing on disk"
    );
    // Listing everyone skips them the same way.
    let (all, skipped_all) = store.list(None).unwrap();
    assert_eq!((all.len(), skipped_all.len()), (1, damaged.len()));
}

#[test]
fn store_refuses_a_newer_schema_clearly() {
    let p = Pathway::new();
    let store = Store::new(p.home().to_path_buf());
    let good = store.save(&assessment("sam")).unwrap();
    let newer = good.with_file_name("20270101T000000Z-self-senior-platform-engineer.yaml");
    let text = std::fs::read_to_string(&good)
        .unwrap()
        .replace("schema_version: 1", "schema_version: 9")
        + "confidence: high\n";
    std::fs::write(&newer, &text).unwrap();
    let (saved, skipped) = store.list(Some("sam")).unwrap();
    assert_eq!(saved.len(), 1);
    assert_eq!(skipped.len(), 1);
    assert!(
        skipped[0]
            .reason
            .contains("written by a newer pathway (assessment schema 9; this one reads up to 1)"),
        "{}",
        skipped[0].reason
    );
    assert!(
        skipped[0].reason.contains("upgrade pathway"),
        "{}",
        skipped[0].reason
    );
    assert_eq!(
        std::fs::read_to_string(&newer).unwrap(),
        text,
        "left untouched"
    );
}

#[test]
fn store_creates_a_missing_data_directory() {
    let p = Pathway::new();
    let root = p.home().join("not/yet/there");
    let store = Store::new(root.clone());
    assert_eq!(
        store.list(None).unwrap().0.len(),
        0,
        "a missing store is empty, not an error"
    );
    let path = store.save(&assessment("sam")).unwrap();
    assert!(path.starts_with(&root) && path.is_file());
    let draft = store.save_draft(&assessment("sam")).unwrap();
    assert!(draft.is_file());
}

#[test]
fn store_unwritable_directory_is_a_clear_error_and_leaves_nothing_behind() {
    let p = Pathway::new();
    // Tests may run as root, which ignores permissions; nothing can be created below a file.
    let file = p.file("plain-file", "precious\n");
    let store = Store::new(file.join("pathway"));
    let before = snapshot(p.home());
    let error = format!("{:#}", store.save(&assessment("sam")).unwrap_err());
    assert!(error.contains("cannot create"), "{error}");
    assert!(
        error.contains("plain-file/pathway/assessments/sam"),
        "{error}"
    );
    let error = format!("{:#}", store.save_draft(&assessment("sam")).unwrap_err());
    assert!(error.contains("cannot create"), "{error}");
    assert_eq!(
        snapshot(p.home()),
        before,
        "nothing written, nothing changed"
    );
}

#[test]
fn an_atomic_write_that_fails_keeps_the_old_file_and_no_partial_one() {
    let p = Pathway::new();
    let old = p.file("out/existing.yaml", "old: true\n");
    // The target is a folder, so the final rename fails after the temporary file is written.
    std::fs::create_dir_all(p.home().join("out/taken.yaml")).unwrap();
    let before = snapshot(p.home());
    assert!(store::write_atomic(&p.home().join("out/taken.yaml"), "new: true\n").is_err());
    assert_eq!(snapshot(p.home()), before, "the temporary file is gone");
    store::write_atomic(&old, "new: true\n").unwrap();
    assert_eq!(std::fs::read_to_string(&old).unwrap(), "new: true\n");
    assert_eq!(
        snapshot(p.home()).len(),
        1,
        "no temporary file left beside it"
    );
}

#[test]
fn store_concurrent_saves_keep_every_result() {
    let p = Pathway::new();
    let root = p.home().to_path_buf();
    let writers = 8;
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(writers));
    let handles: Vec<_> = (0..writers)
        .map(|n| {
            let root = root.clone();
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                // Same person, rater, target and second: the same file name for all.
                let mut a = assessment("sam");
                a.ratings
                    .insert("terraform".into(), assessment::Rating::level(n as u8 % 6));
                barrier.wait();
                Store::new(root).save(&a).unwrap()
            })
        })
        .collect();
    let mut paths: Vec<PathBuf> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    paths.sort();
    paths.dedup();
    assert_eq!(paths.len(), writers, "{paths:?}");
    let (saved, skipped) = Store::new(root).list(Some("sam")).unwrap();
    assert_eq!((saved.len(), skipped.len()), (writers, 0));
    let mut levels: Vec<u8> = saved
        .iter()
        .map(|s| s.assessment.ratings["terraform"].level.unwrap())
        .collect();
    levels.sort();
    assert_eq!(levels, [0, 0, 1, 1, 2, 3, 4, 5]);
}

#[test]
fn store_concurrent_saves_from_two_processes_keep_both() {
    // Two real `pathway` processes cannot save in this build yet (assess lands in parallel);
    // two processes of this test binary stand in: each runs the thread test's writer once.
    if let Ok(root) = std::env::var("PATHWAY_ROBUST_WRITER") {
        let mut a = assessment("sam");
        a.ratings
            .insert("terraform".into(), assessment::Rating::level(1));
        Store::new(PathBuf::from(root)).save(&a).unwrap();
        return;
    }
    let p = Pathway::new();
    let spawn = || {
        std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "robust::store_concurrent_saves_from_two_processes_keep_both",
                "--exact",
                "--quiet",
            ])
            .env("PATHWAY_ROBUST_WRITER", p.home())
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    let (mut first, mut second) = (spawn(), spawn());
    assert!(first.wait().unwrap().success());
    assert!(second.wait().unwrap().success());
    let (saved, skipped) = Store::new(p.home().to_path_buf())
        .list(Some("sam"))
        .unwrap();
    assert_eq!((saved.len(), skipped.len()), (2, 0));
}

// ---------------------------------------------------------------------------------------
// Fuzzing on stable: the committed fuzz corpus replayed, and arbitrary text through proptest
// (cargo-fuzz needs nightly; CI does not).

/// The example framework, loaded once: small, so the checks after each input stay cheap.
fn small_framework() -> &'static (Framework, FrameworkData) {
    static SMALL: std::sync::OnceLock<(Framework, FrameworkData)> = std::sync::OnceLock::new();
    SMALL.get_or_init(|| {
        let loaded = pathway::framework::load::load_path(
            &crate::util::repo().join("examples/acme-sre"),
            None,
        );
        let data = loaded.data.expect("the example loads");
        (Framework::new(data.clone()), data)
    })
}

/// What each fuzz target does, for one input.
fn through_every_parser(text: &str) {
    // The guard's byte-level shortcut must never vouch for more than the event pass allows.
    pathway::yaml_guard::assert_prescan_sound(text);
    // Where the fast YAML reader answers, yaml_serde must give the same value.
    pathway::yaml_fast::assert_agrees_with_yaml_serde(text);
    let (framework, data) = small_framework();
    if let Ok(input) = parse_ratings("fuzz", text, framework) {
        for rating in input.ratings.values() {
            assert!(rating.level.is_none_or(|l| l <= 5));
            assert!(rating.level.is_some() || rating.unsure);
        }
    }
    let _ = Assessment::from_yaml(Path::new("fuzz"), text);
    let loaded = pathway::framework::load::load_fragment_text(Path::new("f.yaml"), text, data);
    let _ = pathway::framework::check::check_loaded(&loaded);
    let loaded = pathway::framework::load::load_manifest_text(Path::new("framework.yaml"), text);
    let _ = pathway::framework::check::check_loaded(&loaded);
}

#[test]
fn the_fuzz_corpus_replays_without_a_panic() {
    let root = crate::util::repo().join("fuzz");
    let mut count = 0;
    for folder in ["seeds", "corpus"] {
        for target in [
            "ratings",
            "framework_fragment",
            "framework_manifest",
            "yaml_fast",
        ] {
            let Ok(entries) = std::fs::read_dir(root.join(folder).join(target)) else {
                continue;
            };
            for entry in entries {
                // A fuzzer running meanwhile may remove files as it reduces its corpus.
                let Ok(bytes) = std::fs::read(entry.unwrap().path()) else {
                    continue;
                };
                if let Ok(text) = std::str::from_utf8(&bytes) {
                    through_every_parser(text);
                    count += 1;
                }
            }
        }
    }
    assert!(
        count >= 10,
        "the corpus is in the repository ({count} inputs)"
    );
}

mod properties {
    use proptest::prelude::*;

    /// Pieces of YAML and of pathway's formats, so generated text is often nearly valid.
    fn yamlish() -> impl Strategy<Value = String> {
        let token = prop_oneof![
            Just("skills:\n".to_string()),
            Just("roles:\n".to_string()),
            Just("ratings:\n".to_string()),
            Just("  - id: ".to_string()),
            Just("kubernetes: ".to_string()),
            Just("level: ".to_string()),
            Just("&a ".to_string()),
            Just("*a".to_string()),
            Just("[".to_string()),
            Just("]".to_string()),
            Just("{".to_string()),
            Just("}".to_string()),
            Just(", ".to_string()),
            Just(": ".to_string()),
            Just("- ".to_string()),
            Just("? ".to_string()),
            Just("\n".to_string()),
            Just("\n    ".to_string()),
            Just("\"".to_string()),
            Just("|\n".to_string()),
            Just("---\n".to_string()),
            "[0-9]{1,3}",
            "[a-z-]{1,12}",
            any::<String>(),
        ];
        prop::collection::vec(token, 0..48).prop_map(|parts| parts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn yaml_like_text_never_panics(text in yamlish()) {
            super::through_every_parser(&text);
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
            super::through_every_parser(&String::from_utf8_lossy(&bytes));
        }
    }
}

#[test]
fn the_robustness_table_names_real_tests() {
    let repo = crate::util::repo();
    let doc = std::fs::read_to_string(repo.join("docs/ROBUSTNESS.md")).unwrap();
    let source = |module: &str| -> String {
        let path = match module {
            "yaml_guard" => repo.join("src/yaml_guard.rs"),
            other => repo.join(format!("tests/integration/{other}.rs")),
        };
        std::fs::read_to_string(path).unwrap()
    };
    // Every `module::…::test` the document names is a test that exists.
    let mut named = Vec::new();
    for quoted in doc.split('`').skip(1).step_by(2) {
        let parts: Vec<&str> = quoted.split("::").collect();
        let is_name = parts.len() >= 2
            && parts.iter().all(|p| {
                !p.is_empty()
                    && p.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            });
        if is_name && ["robust", "validate", "browse", "yaml_guard"].contains(&parts[0]) {
            let test = parts[parts.len() - 1];
            assert!(
                source(parts[0]).contains(&format!("fn {test}(")),
                "docs/ROBUSTNESS.md names `{quoted}`, which is not a test"
            );
            named.push(test.to_string());
        }
    }
    // Every test of this file is in the document.
    let this = source("robust");
    let lines: Vec<&str> = this.lines().collect();
    for pair in lines.windows(2) {
        if pair[0].trim() == "#[test]" {
            let name = pair[1].trim().trim_start_matches("fn ");
            let name = &name[..name.find('(').unwrap()];
            assert!(
                named.iter().any(|n| n == name),
                "robust::{name} is not in the table of docs/ROBUSTNESS.md"
            );
        }
    }
}
