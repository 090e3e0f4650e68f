//! Bring your own framework: `validate`, `export-framework`, `--data` and the example in
//! examples/acme-sre, through the real binary.

use crate::util::{repo, Pathway};
use pathway::framework::{load, Framework};
use std::path::{Path, PathBuf};

const EXAMPLE: &str = "examples/acme-sre";

fn example() -> PathBuf {
    repo().join(EXAMPLE)
}

/// Copies a framework folder into the test's home so it can be damaged.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A copy of the example framework at `to`, to damage.
pub fn copy_example(to: &Path) {
    copy_dir(&example(), to);
}

/// Replaces the one occurrence of `from` in a file, and returns the 1-based line it is on.
fn plant(path: &Path, from: &str, to: &str) -> usize {
    let text = std::fs::read_to_string(path).unwrap();
    assert_eq!(
        text.matches(from).count(),
        1,
        "{from} in {}",
        path.display()
    );
    let line = text[..text.find(from).unwrap()].matches('\n').count() + 1;
    std::fs::write(path, text.replace(from, to)).unwrap();
    line
}

fn ids(json: &serde_json::Value, key: &str) -> Vec<String> {
    json[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn validate_without_a_path_checks_the_embedded_framework() {
    let json = Pathway::new().run(&["validate", "--format", "json"]).json();
    assert_eq!(json["kind"], "validation");
    assert_eq!(json["mode"], "embedded");
    assert_eq!(json["valid"], true);
    assert_eq!(json["counts"]["errors"], 0);
    assert_eq!(json["counts"]["warnings"], 0);
    assert_eq!(json["framework"]["id"], "platform-engineering");
    let table = Pathway::new().run(&["validate"]).ok();
    assert!(table.contains("the embedded framework is valid"), "{table}");
}

#[test]
fn the_example_framework_validates_cleanly() {
    let p = Pathway::new();
    let out = p.run(&["validate", example().to_str().unwrap()]).ok();
    assert!(out.contains("is valid"), "{out}");
    assert!(out.contains("replaces the embedded framework"), "{out}");
    let json = p
        .run(&["validate", example().to_str().unwrap(), "--format", "json"])
        .json();
    assert_eq!(json["mode"], "replace");
    assert_eq!(json["counts"]["errors"], 0);
    assert_eq!(json["counts"]["warnings"], 0);
    assert_eq!(json["framework"]["id"], "acme-sre");
    assert_eq!(json["framework"]["roles"], 4);
    assert_eq!(json["files"], 6);
}

#[test]
fn three_planted_mistakes_are_all_reported_with_their_lines() {
    let p = Pathway::new();
    let broken = p.home().join("broken");
    copy_dir(&example(), &broken);
    let roles = broken.join("roles.yaml");
    let typo_line = plant(
        &roles,
        "{ skill: kubernetes, importance: critical }",
        "{ skill: kubernets, importance: critical }",
    );
    let level_line = plant(
        &roles,
        "importance: important, level: 3 }",
        "importance: important, level: 7 }",
    );
    let skills = broken.join("skills/behavioural.yaml");
    let mut text = std::fs::read_to_string(&skills).unwrap();
    let duplicate_line = text.lines().count() + 1;
    text.push_str(
        "  - id: mentoring\n    name: Mentoring again\n    kind: behavioural\n    category: Collaboration\n    \
         description: Defined twice by mistake.\n    anchors: {1: a, 2: b, 3: c, 4: d, 5: e}\n    sources: [authored]\n",
    );
    std::fs::write(&skills, text).unwrap();

    let dir = broken.to_str().unwrap();
    let json_run = p.run(&["validate", dir, "--format", "json"]);
    assert_eq!(json_run.code(), 2, "{}", json_run.stderr());
    let json: serde_json::Value = serde_json::from_str(&json_run.stdout()).unwrap();
    assert_eq!(json["valid"], false);
    assert_eq!(json["counts"]["errors"], 3, "{json:#}");
    let diagnostics = json["diagnostics"].as_array().unwrap();
    let find = |needle: &str| {
        diagnostics
            .iter()
            .find(|d| d["message"].as_str().unwrap().contains(needle))
            .unwrap_or_else(|| panic!("no diagnostic about {needle}: {json:#}"))
    };
    let typo = find("kubernets");
    assert!(typo["file"].as_str().unwrap().ends_with("roles.yaml"));
    assert_eq!(typo["line"], typo_line);
    assert!(typo["column"].as_u64().unwrap() > 1);
    assert_eq!(typo["hint"], "did you mean 'kubernetes'?");
    let level = find("level 7");
    assert_eq!(level["line"], level_line);
    assert!(level["hint"]
        .as_str()
        .unwrap()
        .contains("0 (no exposure) to 5"));
    let duplicate = find("duplicate skill id 'mentoring'");
    assert!(duplicate["file"]
        .as_str()
        .unwrap()
        .ends_with("behavioural.yaml"));
    assert_eq!(duplicate["line"], duplicate_line);
    assert!(duplicate["message"]
        .as_str()
        .unwrap()
        .contains("behavioural.yaml:"));

    // The same three on a terminal-style report, each as file:line:column.
    let stdout = p.run(&["validate", dir]).output;
    let table = String::from_utf8(stdout.stdout).unwrap();
    assert_eq!(stdout.status.code(), Some(2));
    assert!(
        table.contains(&format!("roles.yaml:{typo_line}:")),
        "{table}"
    );
    assert!(
        table.contains(&format!("roles.yaml:{level_line}:")),
        "{table}"
    );
    assert!(
        table.contains(&format!("behavioural.yaml:{duplicate_line}:")),
        "{table}"
    );
    assert!(table.contains("did you mean 'kubernetes'?"), "{table}");
    assert!(table.contains("has 3 errors"), "{table}");

    // A framework with errors is refused by every command that would use it.
    let stderr = p.run(&["--data", dir, "roles"]).fails(2);
    assert!(stderr.contains("3 problems"), "{stderr}");
    assert!(stderr.contains("pathway validate"), "{stderr}");
}

#[test]
fn data_loads_the_example_instead_of_the_embedded_framework() {
    let p = Pathway::new();
    let dir = example();
    let dir = dir.to_str().unwrap();
    let roles = p.run(&["--data", dir, "roles", "--format", "json"]).json();
    assert_eq!(
        ids(&roles, "roles"),
        ["sre-1", "sre-2", "senior-sre", "staff-sre"]
    );
    let table = p.run(&["--data", dir, "roles"]).ok();
    assert!(
        table.contains("Senior Site Reliability Engineer"),
        "{table}"
    );
    assert!(!table.contains("senior-platform-engineer"), "{table}");

    let skills = p.run(&["--data", dir, "skills", "--format", "json"]).json();
    assert_eq!(skills["skills"].as_array().unwrap().len(), 7);
    let role = p
        .run(&["--data", dir, "role", "senior-sre", "--format", "json"])
        .json();
    assert_eq!(role["role"]["title"], "Senior Site Reliability Engineer");
    let levels: Vec<(String, u64)> = role["skills"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["skill"].as_str().unwrap().to_string(),
                s["expected_level"].as_u64().unwrap(),
            )
        })
        .collect();
    // Rank 3 expects 4 on a Critical skill; the explicit `level: 3` wins over the rule.
    assert!(levels.contains(&("kubernetes".into(), 4)), "{levels:?}");
    assert!(
        levels.contains(&("infrastructure-as-code".into(), 3)),
        "{levels:?}"
    );
    // An id from the embedded framework does not exist here.
    let stderr = p
        .run(&["--data", dir, "role", "senior-platform-engineer"])
        .fails(2);
    assert!(stderr.contains("unknown role"), "{stderr}");

    // PATHWAY_DATA does the same as --data.
    let run = p.run_with(
        &["roles", "--format", "json"],
        &[("PATHWAY_DATA", dir)],
        None,
    );
    assert_eq!(ids(&run.json(), "roles").len(), 4);
}

#[test]
fn a_folder_without_framework_yaml_is_laid_over_the_embedded_framework() {
    let p = Pathway::new();
    p.file(
        "overlay/acme.yaml",
        "skills:\n  - id: kubernetes\n    name: Kubernetes at Acme\n    kind: technical\n    \
         category: Runtime & orchestration\n    description: Our clusters.\n    \
         anchors: {1: a, 2: b, 3: c, 4: d, 5: e}\n    sources: [authored]\n\
         roles:\n  - id: acme-sre\n    title: Acme SRE\n    track: individual-contributor\n    rank: 2\n    \
         assessable: true\n    expectations:\n      - { skill: kubernetes, importance: critical }\n    \
         career: { feeders: [devops-engineer] }\n    sources: [authored]\n",
    );
    let dir = p.home().join("overlay");
    let dir = dir.to_str().unwrap();
    let json = p.run(&["validate", dir, "--format", "json"]).json();
    assert_eq!(json["mode"], "overlay");
    assert_eq!(json["valid"], true, "{json:#}");
    let embedded = Framework::embedded().unwrap();
    assert_eq!(
        json["framework"]["roles"],
        embedded.roles().len() + 1,
        "one role added"
    );
    assert_eq!(
        json["framework"]["skills"],
        embedded.skills().len(),
        "kubernetes replaced, not added"
    );
    let roles = ids(
        &p.run(&["--data", dir, "roles", "--format", "json"]).json(),
        "roles",
    );
    assert!(roles.contains(&"acme-sre".to_string()));
    assert!(roles.contains(&"senior-platform-engineer".to_string()));
    let skill = p
        .run(&["--data", dir, "skill", "kubernetes", "--format", "json"])
        .json();
    assert_eq!(skill["skill"]["name"], "Kubernetes at Acme", "{skill:#}");
}

#[test]
fn validate_uses_pathway_data_when_no_path_is_given() {
    let p = Pathway::new();
    let dir = example();
    let run = p.run_with(
        &["validate", "--format", "json"],
        &[("PATHWAY_DATA", dir.to_str().unwrap())],
        None,
    );
    let json = run.json();
    assert_eq!(json["framework"]["id"], "acme-sre");
    assert_eq!(json["path"], dir.to_str().unwrap());
}

#[test]
fn validate_markdown_lists_problems_in_a_table() {
    let p = Pathway::new();
    p.file("bad/x.yaml", "roles:\n  - id: r\n    title: R\n    track: individual-contributor\n    rank: 2\n    career: { next: [senior-platfrom-engineer] }\n    sources: [authored]\n");
    let run = p.run(&[
        "validate",
        p.home().join("bad").to_str().unwrap(),
        "--format",
        "markdown",
    ]);
    assert_eq!(run.code(), 2);
    let out = run.stdout();
    assert!(
        out.contains("| Severity | Where | Problem | Fix |"),
        "{out}"
    );
    assert!(out.contains("x.yaml:6:"), "{out}");
    assert!(
        out.contains("did you mean 'senior-platform-engineer'?"),
        "{out}"
    );
    assert!(out.contains("**Invalid**"), "{out}");
}

#[test]
fn export_writes_files_that_validate_and_load_back_as_the_embedded_framework() {
    let p = Pathway::new();
    let dir = p.home().join("ours");
    let json = p
        .run(&[
            "export-framework",
            dir.to_str().unwrap(),
            "--format",
            "json",
        ])
        .json();
    assert_eq!(json["kind"], "export");
    let written: Vec<&str> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(written.len(), 5);
    for name in [
        "framework.yaml",
        "skills.yaml",
        "roles.yaml",
        "pathways.yaml",
        "resources.yaml",
    ] {
        assert!(dir.join(name).is_file(), "{name} written");
    }
    let validation = p
        .run(&["validate", dir.to_str().unwrap(), "--format", "json"])
        .json();
    assert_eq!(validation["counts"]["errors"], 0, "{validation:#}");
    assert_eq!(validation["counts"]["warnings"], 0, "{validation:#}");

    // Loaded back, it is the embedded framework, item for item and in the same order.
    let loaded = load::load_path(&dir, None);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    assert_eq!(loaded.data.unwrap(), Framework::embedded_data().unwrap());

    // And the commands read it as they read the embedded one.
    let theirs = p.run(&["roles", "--format", "json"]).json();
    let ours = p
        .run(&["--data", dir.to_str().unwrap(), "roles", "--format", "json"])
        .json();
    assert_eq!(theirs, ours);
}

#[test]
fn export_refuses_a_folder_that_is_not_empty_unless_forced() {
    let p = Pathway::new();
    let notes = p.file("busy/notes.txt", "keep me\n");
    let dir = p.home().join("busy");
    let stderr = p.run(&["export-framework", dir.to_str().unwrap()]).fails(2);
    assert!(stderr.contains("is not empty"), "{stderr}");
    assert!(stderr.contains("--force"), "{stderr}");
    assert!(!dir.join("framework.yaml").exists(), "nothing written");

    let out = p
        .run(&["export-framework", dir.to_str().unwrap(), "--force"])
        .ok();
    assert!(out.contains("framework.yaml"), "{out}");
    assert!(dir.join("framework.yaml").is_file());
    assert_eq!(std::fs::read_to_string(notes).unwrap(), "keep me\n");

    let file = p.file("a-file", "x");
    let stderr = p
        .run(&["export-framework", file.to_str().unwrap()])
        .fails(2);
    assert!(stderr.contains("not a folder"), "{stderr}");
}

#[test]
fn export_into_an_unwritable_place_fails_clearly() {
    let p = Pathway::new();
    // Tests may run as root, which ignores permissions: a path below a regular file can
    // never be created.
    let file = p.file("plain-file", "x");
    let target = file.join("framework");
    let run = p.run(&["export-framework", target.to_str().unwrap()]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(run.stderr().contains("cannot"), "{}", run.stderr());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
}

#[test]
fn validate_output_to_a_closed_pipe_exits_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    let p = Pathway::new();
    // Enough problems that the report is larger than a pipe's buffer.
    let mut text = String::from("roles:\n");
    for n in 0..800 {
        text.push_str(&format!(
            "  - id: role-{n}\n    title: R\n    track: individual-contributor\n    rank: 2\n    \
             career: {{ next: [no-such-role-{n}] }}\n    sources: [authored]\n"
        ));
    }
    p.file("many/roles.yaml", &text);
    let mut child = p
        .command(&["validate", "many", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut byte = [0u8; 1];
    stdout.read_exact(&mut byte).unwrap();
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(
        output.stderr.is_empty(),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn assess_and_plan_work_on_a_custom_framework() {
    let p = Pathway::new();
    let data = crate::util::repo().join("examples/acme-sre");
    let data = data.to_str().unwrap();
    let rates = [
        "communication=2",
        "incident-response=3",
        "kubernetes=2",
        "observability=3",
        "capacity-planning=1",
        "infrastructure-as-code=2",
        "mentoring=3",
    ];
    let mut args = vec![
        "--data",
        data,
        "assess",
        "--to",
        "senior-sre",
        "--from",
        "sre-2",
        "--format",
        "json",
    ];
    for rate in &rates {
        args.extend(["--rate", rate]);
    }
    let json = p.run(&args).json();
    assert_eq!(json["to"], "senior-sre");
    let readiness = json["report"]["readiness"].as_f64().unwrap();
    assert!(readiness > 0.0 && readiness < 100.0, "{readiness}");
    // The plan after the report draws on the example's own curated pathway.
    assert_eq!(
        json["plan"]["pathway"]["id"], "sre-2-to-senior-sre",
        "{}",
        json["plan"]
    );

    // The saved assessment is what `plan` reads next, against the same framework.
    let plan = p
        .run(&[
            "--data", data, "plan", "--person", "tester", "--format", "json",
        ])
        .json();
    assert_eq!(plan["pathway"]["id"], "sre-2-to-senior-sre");
    let focus: Vec<&str> = plan["months"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| m["focus"].as_array().unwrap())
        .map(|f| f["skill"].as_str().unwrap())
        .collect();
    assert!(
        focus.contains(&"capacity-planning") && focus.contains(&"kubernetes"),
        "{focus:?}"
    );
}
