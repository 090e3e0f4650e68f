//! `pathway compare` through the real binary: calibration (self vs manager), progress (months
//! apart), role vs role, the reference forms and their errors, and every output format.

use crate::util::Pathway;
use chrono::{DateTime, Utc};
use pathway::assessment::{Assessment, Rating};
use pathway::cli::Rater;
use pathway::framework::Framework;
use pathway::store::Store;
use serde_json::Value;
use std::path::PathBuf;

const SENIOR: &str = "senior-platform-engineer";
const INTERMEDIATE: &str = "intermediate-platform-engineer";

/// Saves an assessment of `person` into the test home, as `assess` would: every skill the
/// target expects at its expected level, then the given ratings (level, evidence note).
fn save(
    p: &Pathway,
    person: &str,
    rater: Rater,
    to: &str,
    created: &str,
    ratings: &[(&str, u8, &str)],
) -> PathBuf {
    let framework = Framework::embedded().unwrap();
    let created: DateTime<Utc> = created.parse().unwrap();
    let mut assessment = Assessment::new(&framework, person, rater, None, to, created);
    let role = framework.role(to).unwrap();
    for e in &role.expectations {
        assessment.ratings.insert(
            e.skill.clone(),
            Rating::level(framework.expected_level(role, e)),
        );
    }
    for (skill, level, note) in ratings {
        assessment.ratings.insert(
            skill.to_string(),
            Rating {
                level: Some(*level),
                unsure: false,
                note: note.to_string(),
            },
        );
    }
    Store::new(p.home().to_path_buf())
        .save(&assessment)
        .unwrap()
}

/// alex rates themself, then the manager rates alex a week later. Kubernetes is three levels
/// apart, coaching two; observability one, across the expected level.
fn self_and_manager(p: &Pathway) -> (PathBuf, PathBuf) {
    let own = save(
        p,
        "alex",
        Rater::SelfRater,
        SENIOR,
        "2026-11-10T09:00:00Z",
        &[
            (
                "kubernetes",
                5,
                "Led the 1.30 upgrade, \"zero downtime\", three regions",
            ),
            ("coaching", 3, ""),
            ("observability", 3, ""),
            ("cloud-security", 2, ""),
        ],
    );
    let manager = save(
        p,
        "alex",
        Rater::Manager,
        SENIOR,
        "2026-11-17T09:00:00Z",
        &[
            ("kubernetes", 2, "The upgrade needed a lot of support"),
            ("coaching", 5, "Both new joiners credit alex"),
            ("observability", 4, ""),
            ("cloud-security", 2, ""),
        ],
    );
    (own, manager)
}

fn skill<'a>(json: &'a Value, id: &str) -> &'a Value {
    json["skills"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["skill"] == id)
        .unwrap_or_else(|| panic!("no skill {id} in {json:#}"))
}

#[test]
fn self_vs_manager_json_lists_per_skill_ratings_and_differences() {
    let p = Pathway::new();
    self_and_manager(&p);
    let json = p
        .run(&[
            "compare",
            "latest:self",
            "latest:manager",
            "--person",
            "alex",
            "--format",
            "json",
        ])
        .json();
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["kind"], "comparison");
    assert_eq!(json["view"], "calibration");
    assert_eq!(json["a"]["rater"], "self");
    assert_eq!(json["b"]["rater"], "manager");
    let skills = json["skills"].as_array().unwrap();
    let expected = Framework::embedded()
        .unwrap()
        .role(SENIOR)
        .unwrap()
        .expectations
        .len();
    assert_eq!(skills.len(), expected);
    for s in skills {
        let (a, b) = (&s["a"]["rating"], &s["b"]["rating"]);
        assert!(s["a"]["expected"].is_u64() && s["b"]["expected"].is_u64());
        assert_eq!(
            s["difference"].as_i64().unwrap(),
            b.as_i64().unwrap() - a.as_i64().unwrap(),
            "{s}"
        );
    }
    let k8s = skill(&json, "kubernetes");
    assert_eq!(
        (&k8s["a"]["rating"], &k8s["b"]["rating"], &k8s["difference"]),
        (&Value::from(5), &Value::from(2), &Value::from(-3))
    );
    assert_eq!(k8s["b"]["note"], "The upgrade needed a lot of support");
    let calibration = &json["calibration"];
    assert_eq!(
        calibration["talk_about"],
        serde_json::json!(["kubernetes", "coaching", "observability"])
    );
    assert_eq!(calibration["agreement"]["compared"], expected);
    assert_eq!(calibration["agreement"]["within_one_level"], expected - 2);
    assert!(calibration["gaps_both_see"]
        .as_array()
        .unwrap()
        .contains(&Value::from("cloud-security")));
    assert_eq!(
        calibration["strengths_only_a_sees"],
        serde_json::json!(["kubernetes"])
    );
    assert_eq!(
        calibration["strengths_only_b_sees"],
        serde_json::json!(["coaching"])
    );
    assert_eq!(json["time_between"]["days"], 7);
}

#[test]
fn self_vs_manager_table_names_the_largest_disagreements_first() {
    let p = Pathway::new();
    self_and_manager(&p);
    let out = p
        .run(&["compare", "self", "manager", "--person", "alex"])
        .ok();
    let lines: Vec<&str> = out.lines().collect();
    // A heading (two lines in plain text), then the conversation.
    assert!(lines[0].starts_with("alex: self vs manager"), "{out}");
    assert_eq!(lines[2], "Talk about first:", "{out}");
    assert!(
        lines[3].contains("-3") && lines[3].contains("Kubernetes operations: self 5, manager 2"),
        "{out}"
    );
    let coaching = lines
        .iter()
        .position(|l| l.contains("Coaching and mentorship: self 3, manager 5"))
        .unwrap();
    assert!(coaching <= 7, "{out}");
    // The evidence sits under the rating it supports.
    assert_eq!(
        lines[4].trim(),
        "self: Led the 1.30 upgrade, \"zero downtime\", three regions",
        "{out}"
    );
    assert_eq!(
        lines[5].trim(),
        "manager: The upgrade needed a lot of support",
        "{out}"
    );
    assert!(out.contains("Agreement: "));
    assert!(out.contains("Strengths only manager sees: Coaching and mentorship"));
    assert!(out.contains("7 days apart (manager later)"));
    assert!(!out.contains('\u{1b}'), "piped output has no colour");
    assert!(
        !out.contains('▲') && !out.contains('▼'),
        "plain markers: {out}"
    );

    let coloured = p
        .run(&[
            "compare", "self", "manager", "--person", "alex", "--color", "always",
        ])
        .ok();
    assert!(
        coloured.contains("▼3") && coloured.contains("▲2"),
        "{coloured}"
    );
    assert!(coloured.contains('\u{1b}'));
}

#[test]
fn no_reference_compares_latest_with_previous_for_the_login_user() {
    let p = Pathway::new();
    // The harness sets USER=tester.
    save(
        &p,
        "tester",
        Rater::SelfRater,
        SENIOR,
        "2026-06-01T09:00:00Z",
        &[("kubernetes", 2, "")],
    );
    save(
        &p,
        "tester",
        Rater::SelfRater,
        SENIOR,
        "2026-11-01T09:00:00Z",
        &[("kubernetes", 3, "")],
    );
    let json = p.run(&["compare", "--format", "json"]).json();
    assert_eq!(json["view"], "progress");
    assert_eq!(json["a"]["date"], "2026-06-01");
    assert_eq!(json["b"]["date"], "2026-11-01");
    assert_eq!(skill(&json, "kubernetes")["difference"], 1);
}

/// Two self-assessments six months apart: growth on several skills, one step back, and a
/// Critical gap that did not move.
fn months_apart(p: &Pathway) {
    save(
        p,
        "alex",
        Rater::SelfRater,
        SENIOR,
        "2026-05-10T09:00:00Z",
        &[
            ("kubernetes", 2, ""),
            ("observability", 2, ""),
            ("cloud-security", 2, ""),
            ("influence", 2, ""),
            ("gitops", 3, ""),
        ],
    );
    save(
        p,
        "alex",
        Rater::SelfRater,
        SENIOR,
        "2026-11-12T09:00:00Z",
        &[
            ("kubernetes", 4, "Ran the cluster upgrade"),
            ("observability", 3, ""),
            ("cloud-security", 2, ""),
            ("influence", 3, ""),
            ("gitops", 2, ""),
        ],
    );
}

#[test]
fn self_assessments_months_apart_show_readiness_then_and_now_and_what_moved() {
    let p = Pathway::new();
    months_apart(&p);
    let json = p
        .run(&[
            "compare", "previous", "latest", "--person", "alex", "-f", "json",
        ])
        .json();
    assert_eq!(json["view"], "progress");
    let progress = &json["progress"];
    let then = progress["readiness_then"].as_f64().unwrap();
    let now = progress["readiness_now"].as_f64().unwrap();
    assert!(now > then, "{progress}");
    assert_eq!(
        progress["moved"],
        serde_json::json!(["kubernetes", "influence", "observability", "gitops"])
    );
    assert_eq!(
        (
            progress["moved_up"].as_u64(),
            progress["moved_down"].as_u64()
        ),
        (Some(3), Some(1))
    );
    assert_eq!(
        progress["critical_gaps_not_moved"],
        serde_json::json!(["cloud-security"])
    );
    assert_eq!(json["time_between"]["days"], 186);
    assert_eq!(json["time_between"]["months"], 6);
    assert_eq!(skill(&json, "kubernetes")["difference"], 2);
    assert_eq!(skill(&json, "gitops")["difference"], -1);

    // The order of the references does not matter: then is always the older one.
    let reversed = p
        .run(&[
            "compare", "latest", "previous", "--person", "alex", "-f", "json",
        ])
        .json();
    assert_eq!(reversed["progress"], json["progress"]);

    let out = p.run(&["compare", "--person", "alex"]).ok();
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].contains("progress, 2026-05-10 → 2026-11-12, about 6 months (186 days) apart"),
        "{out}"
    );
    assert!(
        lines[2].starts_with(&format!(
            "Readiness for Senior Platform Engineer: then {then:.1}%"
        )) && lines[2].contains(&format!("now {now:.1}%")),
        "{out}"
    );
    assert!(out.contains("Moved: 4 skills (3 up, 1 down)"), "{out}");
    assert!(
        out.contains("  +2  Kubernetes operations: 2 → 4 (expected 4)"),
        "{out}"
    );
    assert!(
        out.contains("  -1  GitOps with Argo CD or Flux: 3 → 2"),
        "{out}"
    );
    assert!(out.contains(
        "Critical gaps that have not moved: Cloud security fundamentals (2, expected 4)"
    ));

    let markdown = p
        .run(&["compare", "--person", "alex", "-f", "markdown"])
        .ok();
    assert!(
        markdown.starts_with("# Progress: alex — 2026-05-10 → 2026-11-12"),
        "{markdown}"
    );
    assert!(
        markdown.contains("- **Kubernetes operations**: 2 → 4 (+2)"),
        "{markdown}"
    );
    assert!(markdown.contains("| Skill | Then | Now | Expected | Difference | Evidence |"));
}

#[test]
fn roles_comparison_lists_raised_expectations_and_new_skills() {
    let p = Pathway::new();
    let json = p
        .run(&[
            "compare",
            "--roles",
            INTERMEDIATE,
            SENIOR,
            "--format",
            "json",
        ])
        .json();
    assert_eq!(json["kind"], "comparison");
    assert_eq!(json["view"], "roles");
    assert_eq!(json["from"]["id"], INTERMEDIATE);
    assert_eq!(json["to"]["id"], SENIOR);
    let raised = json["raised"].as_array().unwrap();
    for id in ["kubernetes", "ci-cd", "influence", "systems-thinking"] {
        assert!(raised.contains(&Value::from(id)), "{id} not raised");
    }
    let added = json["added"].as_array().unwrap();
    assert!(added.contains(&Value::from("stakeholder-management")));
    let k8s = json["skills"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["skill"] == "kubernetes")
        .unwrap();
    assert_eq!(
        (k8s["from"]["level"].as_u64(), k8s["to"]["level"].as_u64()),
        (Some(3), Some(4))
    );
    // Most significant first.
    let significance: Vec<f64> = json["skills"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["significance"].as_f64().unwrap())
        .collect();
    assert!(significance.windows(2).all(|w| w[0] >= w[1]));
    assert!(!json["kpis"]["new"].as_array().unwrap().is_empty());
    assert!(!json["responsibilities"]["new"]
        .as_array()
        .unwrap()
        .is_empty());
    assert_eq!(json["milestones"].as_array().unwrap().len(), 5);

    let out = p.run(&["compare", "--roles", INTERMEDIATE, SENIOR]).ok();
    assert!(out.starts_with("Intermediate Platform Engineer → Senior Platform Engineer"));
    assert!(out.contains("expected levels raised"), "{out}");
    let row = out
        .lines()
        .find(|l| l.contains("Kubernetes operations"))
        .unwrap();
    assert!(row.contains("raised") && row.contains("3 → 4 +1"), "{row}");
    let row = out
        .lines()
        .find(|l| l.contains("Stakeholder management"))
        .unwrap();
    assert!(row.contains("new"), "{row}");
    assert!(out.contains("New responsibilities"));
    assert!(out.contains("Goals: first 90 days"));

    let markdown = p
        .run(&["compare", "--roles", INTERMEDIATE, SENIOR, "-f", "markdown"])
        .ok();
    assert!(
        markdown.contains("| Kubernetes operations | raised | 3 → 4 | +1 | Critical |"),
        "{markdown}"
    );

    p.run(&["compare", "--roles", SENIOR, SENIOR]).fails(2);
    let stderr = p
        .run(&[
            "compare",
            "--roles",
            INTERMEDIATE,
            "senior-platfrom-engineer",
        ])
        .fails(2);
    assert!(
        stderr.contains("did you mean 'senior-platform-engineer'"),
        "{stderr}"
    );
}

#[test]
fn a_missing_file_exits_2_and_lists_what_exists() {
    let p = Pathway::new();
    let (own, manager) = self_and_manager(&p);
    let stderr = p
        .run(&["compare", "no-such-file.yaml", "latest", "--person", "alex"])
        .fails(2);
    assert!(
        stderr.contains("'no-such-file.yaml' does not exist"),
        "{stderr}"
    );
    assert!(stderr.contains("alex has 2 saved assessments"), "{stderr}");
    for path in [&own, &manager] {
        let name = path.file_name().unwrap().to_str().unwrap();
        assert!(stderr.contains(name), "{name} not listed:\n{stderr}");
    }
    assert!(stderr.contains("@1") && stderr.contains("@2"));
}

#[test]
fn a_person_with_no_assessments_exits_2_and_names_who_has_some() {
    let p = Pathway::new();
    let stderr = p.run(&["compare", "--person", "sam"]).fails(2);
    assert!(stderr.contains("no assessments are saved"), "{stderr}");

    self_and_manager(&p);
    save(
        &p,
        "robin",
        Rater::SelfRater,
        SENIOR,
        "2026-11-01T09:00:00Z",
        &[],
    );
    let stderr = p
        .run(&["compare", "latest", "previous", "--person", "sam"])
        .fails(2);
    assert!(stderr.contains("sam has no saved assessments"), "{stderr}");
    assert!(
        stderr.contains("people with saved assessments: alex (2), robin (1)"),
        "{stderr}"
    );
    // The default person is the login name (USER=tester in the harness).
    let stderr = p.run(&["compare"]).fails(2);
    assert!(
        stderr.contains("tester (you; --person picks someone else)"),
        "{stderr}"
    );
}

#[test]
fn a_reference_past_the_end_exits_2_and_lists_the_assessments() {
    let p = Pathway::new();
    self_and_manager(&p);
    let stderr = p
        .run(&[
            "compare",
            "previous:manager",
            "latest:manager",
            "--person",
            "alex",
        ])
        .fails(2);
    assert!(
        stderr.contains("'previous:manager' names nothing: alex has 1 manager assessment"),
        "{stderr}"
    );
    assert!(stderr.contains("alex has 2 saved assessments"));
    let stderr = p.run(&["compare", "latest:boss", "latest"]).fails(2);
    assert!(stderr.contains("unknown rater 'boss'"), "{stderr}");
    let stderr = p
        .run(&["compare", "latest", "@1", "--person", "alex"])
        .fails(2);
    assert!(stderr.contains("same assessment"), "{stderr}");
}

#[test]
fn files_compare_directly_and_a_damaged_one_is_reported_and_left_alone() {
    let p = Pathway::new();
    let (own, manager) = self_and_manager(&p);
    let json = p
        .run(&[
            "compare",
            own.to_str().unwrap(),
            manager.to_str().unwrap(),
            "-f",
            "json",
        ])
        .json();
    assert_eq!(json["view"], "calibration");
    assert_eq!(json["a"]["file"], own.to_str().unwrap());

    let damaged = p.file(
        "assessments/alex/20261119T090000Z-self-broken.yaml",
        "schema_version: 1\nperson: [",
    );
    let before = std::fs::read(&damaged).unwrap();
    let run = p.run(&[
        "compare", "self", "manager", "--person", "alex", "-f", "json",
    ]);
    assert_eq!(run.json()["view"], "calibration");
    let stderr = run.stderr();
    assert!(
        stderr.contains("skipped") && stderr.contains("20261119T090000Z-self-broken.yaml"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(&damaged).unwrap(),
        before,
        "the damaged file was changed"
    );

    // Named directly, it is an error that says what is wrong with it.
    let stderr = p
        .run(&[
            "compare",
            damaged.to_str().unwrap(),
            "latest",
            "--person",
            "alex",
        ])
        .fails(2);
    assert!(
        stderr.contains("20261119T090000Z-self-broken.yaml"),
        "{stderr}"
    );
}

#[test]
fn different_target_roles_compare_only_the_shared_skills_and_say_so() {
    let p = Pathway::new();
    save(
        &p,
        "alex",
        Rater::SelfRater,
        SENIOR,
        "2026-11-10T09:00:00Z",
        &[],
    );
    save(
        &p,
        "alex",
        Rater::Manager,
        INTERMEDIATE,
        "2026-11-10T10:00:00Z",
        &[],
    );
    let json = p
        .run(&[
            "compare", "self", "manager", "--person", "alex", "-f", "json",
        ])
        .json();
    assert_eq!(json["shared_skills_only"], true);
    let framework = Framework::embedded().unwrap();
    let senior = framework.role(SENIOR).unwrap();
    let intermediate = framework.role(INTERMEDIATE).unwrap();
    let shared = senior
        .expectations
        .iter()
        .filter(|e| intermediate.expectations.iter().any(|i| i.skill == e.skill))
        .count();
    assert_eq!(json["skills"].as_array().unwrap().len(), shared);
    let out = p
        .run(&["compare", "self", "manager", "--person", "alex"])
        .ok();
    assert!(out.contains("target different roles"), "{out}");
    assert!(
        out.contains(&format!("only the {shared} skills both roles expect")),
        "{out}"
    );
}

/// A small RFC 4180 reader: enough to prove the CSV parses.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(!quoted, "unterminated quote");
    rows
}

#[test]
fn csv_parses_with_one_row_per_skill() {
    let p = Pathway::new();
    self_and_manager(&p);
    let text = p
        .run(&[
            "compare", "self", "manager", "--person", "alex", "-f", "csv",
        ])
        .ok();
    let rows = parse_csv(&text);
    let header = &rows[0];
    assert_eq!(header[..4], ["view", "skill", "name", "importance"]);
    assert!(rows.iter().all(|r| r.len() == header.len()));
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let k8s = rows.iter().find(|r| r[1] == "kubernetes").unwrap();
    assert_eq!(k8s[column("a_rating")], "5");
    assert_eq!(k8s[column("b_rating")], "2");
    assert_eq!(k8s[column("difference")], "-3");
    assert_eq!(
        k8s[column("a_note")],
        "Led the 1.30 upgrade, \"zero downtime\", three regions"
    );
    let roles = parse_csv(
        &p.run(&["compare", "--roles", INTERMEDIATE, SENIOR, "-f", "csv"])
            .ok(),
    );
    assert!(roles.iter().all(|r| r.len() == roles[0].len()));
    assert!(roles
        .iter()
        .any(|r| r[0] == "skill" && r[1] == "kubernetes" && r[3] == "raised"));
    assert!(roles.iter().any(|r| r[0] == "kpi" && r[3] == "new"));
}

#[test]
fn markdown_is_ready_for_1on1_notes() {
    let p = Pathway::new();
    self_and_manager(&p);
    let out = p
        .run(&[
            "compare", "self", "manager", "--person", "alex", "-f", "markdown",
        ])
        .ok();
    assert!(
        out.starts_with("# Calibration: alex — self vs manager\n"),
        "{out}"
    );
    let talk = out.find("## Talk about first").unwrap();
    let k8s = out
        .find("- **Kubernetes operations**: self 5, manager 2 (-3), expected 4")
        .unwrap();
    assert!(talk < k8s);
    assert!(out.contains("  - manager: The upgrade needed a lot of support"));
    assert!(out.contains("| Skill | Self | Manager | Expected | Difference | Evidence |"));
    assert!(!out.contains('\u{1b}'));
}
