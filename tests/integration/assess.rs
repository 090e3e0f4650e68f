//! `pathway assess` and `pathway history` through the real binary: ratings from files, flags and
//! stdin, the errors a script gets, saving and reloading, history, readiness properties, and a
//! few end-to-end runs in a pseudo-terminal, Ctrl-C included.

use crate::util::Pathway;
use pathway::assessment::{Assessment, Mode, Rating};
use pathway::framework::Framework;
use serde_json::Value;
use std::path::{Path, PathBuf};

const TARGET: &str = "senior-platform-engineer";

fn framework() -> Framework {
    Framework::embedded().expect("embedded framework")
}

/// Every skill the target expects, at its expected level, with a few changed.
fn levels(changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let framework = framework();
    let role = framework.role(TARGET).unwrap();
    role.expectations
        .iter()
        .map(|e| {
            let level = changes
                .iter()
                .find(|(skill, _)| *skill == e.skill)
                .map_or_else(
                    || framework.expected_level(role, e).to_string(),
                    |(_, l)| l.to_string(),
                );
            (e.skill.clone(), level)
        })
        .collect()
}

fn ratings_yaml(levels: &[(String, String)]) -> String {
    let mut text = String::from("# ratings for the integration tests\n");
    for (skill, level) in levels {
        if level == "?" {
            text.push_str(&format!("{skill}: \"?\"\n"));
        } else {
            text.push_str(&format!("{skill}: {level}\n"));
        }
    }
    text
}

/// Assessment files saved under the home folder, sorted.
fn saved_files(home: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
        if let Ok(entries) = std::fs::read_dir(dir) {
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, found);
                } else {
                    found.push(path);
                }
            }
        }
    }
    let mut found = Vec::new();
    walk(&home.join("assessments"), &mut found);
    found.sort();
    found
}

fn load(path: &Path) -> Assessment {
    let text = std::fs::read_to_string(path).expect("saved file");
    Assessment::from_yaml(path, &text).expect("saved file reloads")
}

fn skill_entry<'a>(json: &'a Value, id: &str) -> &'a Value {
    json["report"]["skills"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["skill"] == id)
        .unwrap_or_else(|| panic!("no {id} in the report"))
}

#[test]
fn ratings_yaml_file_prints_only_json_with_readiness_and_gaps_and_saves_nothing() {
    let p = Pathway::new();
    let file = p.file(
        "r.yaml",
        &ratings_yaml(&levels(&[("kubernetes", "2"), ("observability", "?")])),
    );
    let run = p.run(&[
        "assess",
        "--to",
        TARGET,
        "--ratings",
        file.to_str().unwrap(),
        "--format",
        "json",
        "--no-save",
    ]);
    let json = run.json();
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["kind"], "assessment");
    assert_eq!(json["person"], "tester");
    assert_eq!(json["rater"], "self");
    assert_eq!(json["to"], TARGET);
    assert_eq!(json["date"], "2026-11-21");
    assert_eq!(json["saved_to"], Value::Null);
    let readiness = json["report"]["readiness"].as_f64().unwrap();
    assert!(readiness > 0.0 && readiness < 100.0, "{readiness}");
    assert_eq!(json["report"]["band"], "close");
    let kubernetes = skill_entry(&json, "kubernetes");
    assert_eq!(kubernetes["rating"], 2);
    assert_eq!(kubernetes["expected"], 4);
    assert_eq!(kubernetes["gap"], 2);
    assert_eq!(kubernetes["weighted_gap"], 6.0);
    assert_eq!(kubernetes["status"], "gap");
    let observability = skill_entry(&json, "observability");
    assert_eq!(observability["status"], "unsure");
    assert_eq!(json["ratings"]["observability"]["unsure"], true);
    let critical: Vec<&str> = json["report"]["critical_gaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(critical.contains(&"kubernetes") && critical.contains(&"observability"));
    assert_eq!(json["report"]["to_confirm"][0], "observability");
    assert_eq!(
        json["report"]["skills"].as_array().unwrap().len(),
        framework().role(TARGET).unwrap().expectations.len()
    );
    // --no-save writes nothing: not an assessment, not a draft.
    assert!(!p.home().join("assessments").exists());
    assert!(!p.home().join("drafts").exists());
}

#[test]
fn ratings_json_file_with_notes_and_a_document_header() {
    let p = Pathway::new();
    let mut ratings = serde_json::Map::new();
    for (skill, level) in levels(&[]) {
        ratings.insert(skill, Value::from(level.parse::<u8>().unwrap()));
    }
    ratings.insert(
        "ci-cd".into(),
        serde_json::json!({"level": 3, "note": "built the release pipeline"}),
    );
    let document = serde_json::json!({
        "person": "Ada Lovelace",
        "rater": "manager",
        "from": "intermediate-platform-engineer",
        "to": TARGET,
        "ratings": ratings,
    });
    let file = p.file("r.json", &document.to_string());
    let json = p
        .run(&[
            "assess",
            "--ratings",
            file.to_str().unwrap(),
            "--format",
            "json",
        ])
        .json();
    assert_eq!(json["person"], "Ada Lovelace");
    assert_eq!(json["rater"], "manager");
    assert_eq!(json["from"], "intermediate-platform-engineer");
    assert_eq!(
        json["ratings"]["ci-cd"]["note"],
        "built the release pipeline"
    );
    assert_eq!(
        skill_entry(&json, "ci-cd")["note"],
        "built the release pipeline"
    );
    // The saved file is where the JSON says, and reloads to the same ratings.
    let saved = PathBuf::from(json["saved_to"].as_str().unwrap());
    assert!(saved.starts_with(p.home().join("assessments")));
    let reloaded = load(&saved);
    assert_eq!(reloaded.person, "Ada Lovelace");
    assert_eq!(
        reloaded.from.as_deref(),
        Some("intermediate-platform-engineer")
    );
    assert_eq!(reloaded.mode, Mode::Full);
    assert_eq!(
        reloaded.ratings["ci-cd"],
        Rating {
            level: Some(3),
            unsure: false,
            note: "built the release pipeline".into()
        }
    );
    assert_eq!(reloaded.ratings.len(), ratings.len());
}

#[test]
fn rate_flags_alone_and_on_top_of_a_file() {
    let p = Pathway::new();
    let mut args: Vec<String> = vec!["assess".into(), "--to".into(), TARGET.into()];
    for (skill, level) in levels(&[("kubernetes", "5")]) {
        args.push("--rate".into());
        args.push(format!("{skill}={level}"));
    }
    args.extend(["--format".into(), "json".into(), "--no-save".into()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let json = p.run(&args).json();
    assert_eq!(skill_entry(&json, "kubernetes")["surplus"], 1);
    assert_eq!(json["report"]["strengths"][0], "kubernetes");
    assert_eq!(json["report"]["readiness"], 100.0);
    assert_eq!(json["report"]["band"], "ready");

    // --rate wins over the file.
    let file = p.file("r.yaml", &ratings_yaml(&levels(&[])));
    let json = p
        .run(&[
            "assess",
            "--to",
            TARGET,
            "--ratings",
            file.to_str().unwrap(),
            "--rate",
            "kubernetes=1",
            "--format",
            "json",
            "--no-save",
        ])
        .json();
    assert_eq!(skill_entry(&json, "kubernetes")["rating"], 1);
}

#[test]
fn ratings_from_stdin() {
    let p = Pathway::new();
    let text = format!("to: {TARGET}\nratings:\n{}", {
        let mut body = String::new();
        for (skill, level) in levels(&[("gitops", "1")]) {
            body.push_str(&format!("  {skill}: {level}\n"));
        }
        body
    });
    let run = p.run_with(
        &["assess", "--ratings", "-", "--format", "json", "--no-save"],
        &[],
        Some(&text),
    );
    let json = run.json();
    assert_eq!(skill_entry(&json, "gitops")["rating"], 1);
    assert_eq!(json["to"], TARGET);
}

#[test]
fn a_missing_skill_exits_2_and_names_it_with_how_to_supply_it() {
    let p = Pathway::new();
    let mut all = levels(&[]);
    all.retain(|(skill, _)| skill != "kubernetes");
    let file = p.file("r.yaml", &ratings_yaml(&all));
    let run = p.run(&[
        "assess",
        "--to",
        TARGET,
        "--ratings",
        file.to_str().unwrap(),
        "--format",
        "json",
        "--no-save",
    ]);
    let stderr = run.fails(2);
    assert!(
        run.stdout().is_empty(),
        "nothing on stdout: {}",
        run.stdout()
    );
    assert!(stderr.contains("missing: kubernetes\n"), "{stderr}");
    assert!(stderr.contains("--rate kubernetes=3"), "{stderr}");
    assert!(stderr.contains("--ratings FILE"), "{stderr}");
}

#[test]
fn no_terminal_and_no_ratings_exits_2_naming_ratings_not_a_prompt_error() {
    let p = Pathway::new();
    let run = p.run_with(&["assess", "--to", TARGET], &[], Some("\n"));
    let stderr = run.fails(2);
    assert!(stderr.contains("--ratings"), "{stderr}");
    assert!(stderr.contains("--rate"), "{stderr}");
    assert!(stderr.contains("stdin is not a terminal"), "{stderr}");
    assert!(!stderr.contains("prompt failed"), "{stderr}");
    // Every expected skill id is listed.
    for e in &framework().role(TARGET).unwrap().expectations {
        assert!(stderr.contains(&e.skill), "{} not listed", e.skill);
    }

    let run = p.run(&["assess", "--no-input"]);
    let stderr = run.fails(2);
    assert!(stderr.contains("--to"), "{stderr}");
    assert!(stderr.contains("--ratings"), "{stderr}");
    assert!(stderr.contains("--no-input"), "{stderr}");
}

#[test]
fn unknown_skill_role_and_level_get_clear_errors() {
    let p = Pathway::new();
    let stderr = p
        .run(&[
            "assess",
            "--to",
            "senior-platfrom-engineer",
            "--rate",
            "kubernetes=3",
        ])
        .fails(2);
    assert!(
        stderr.contains("did you mean 'senior-platform-engineer'"),
        "{stderr}"
    );

    let stderr = p
        .run(&["assess", "--to", TARGET, "--rate", "kubernets=3"])
        .fails(2);
    assert!(stderr.contains("unknown skill 'kubernets'"), "{stderr}");
    assert!(stderr.contains("did you mean 'kubernetes'"), "{stderr}");

    let file = p.file("bad.yaml", "kubernetes: 3\ngitops: 7\n");
    let stderr = p
        .run(&[
            "assess",
            "--to",
            TARGET,
            "--ratings",
            file.to_str().unwrap(),
        ])
        .fails(2);
    assert!(stderr.contains("bad.yaml:2"), "{stderr}");
    assert!(stderr.contains("outside 0–5"), "{stderr}");

    let stderr = p
        .run(&[
            "assess",
            "--to",
            "devops-engineer",
            "--rate",
            "kubernetes=3",
        ])
        .fails(2);
    assert!(
        stderr.contains("not a role with skill expectations"),
        "{stderr}"
    );

    let stderr = p
        .run(&[
            "assess",
            "--to",
            TARGET,
            "--from",
            "senior-platfrom-specialist",
            "--rate",
            "kubernetes=3",
        ])
        .fails(2);
    assert!(
        stderr.contains("did you mean 'senior-platform-specialist'"),
        "{stderr}"
    );
    assert!(!p.home().join("assessments").exists());
}

#[test]
fn output_writes_the_file_there_and_not_in_the_store() {
    let p = Pathway::new();
    let file = p.file("r.yaml", &ratings_yaml(&levels(&[("coaching", "1")])));
    let out = p.home().join("reviews/ada-q4.yaml");
    let run = p.run(&[
        "assess",
        "--to",
        TARGET,
        "--ratings",
        file.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    let stdout = run.ok();
    assert!(stdout.contains("Gap report: Senior Platform Engineer"));
    assert!(run
        .stderr()
        .contains(&format!("Saved to {}", out.display())));
    assert_eq!(load(&out).ratings["coaching"].level, Some(1));
    assert!(saved_files(p.home()).is_empty());
}

#[test]
fn table_report_lists_priorities_strengths_and_confirmations_above_the_table() {
    let p = Pathway::new();
    let file = p.file(
        "r.yaml",
        &ratings_yaml(&levels(&[
            ("kubernetes", "2"),
            ("observability", "?"),
            ("technical-communication", "5"),
        ])),
    );
    let run = p.run(&[
        "assess",
        "--to",
        TARGET,
        "--ratings",
        file.to_str().unwrap(),
    ]);
    let stdout = run.ok();
    let position = |text: &str| {
        stdout
            .find(text)
            .unwrap_or_else(|| panic!("no {text:?} in\n{stdout}"))
    };
    assert!(position("Readiness") < position("Critical gaps"));
    assert!(position("Critical gaps") < position("Top priorities"));
    assert!(position("Top priorities") < position("Strengths"));
    assert!(position("Strengths") < position("To confirm"));
    assert!(position("To confirm") < position("Per skill"));
    assert!(stdout.contains("Not ready while a Critical skill is below expectation, and 2 are:"));
    assert!(stdout.contains("? (confirm)"));
    // No hints when stdout is not a terminal.
    assert!(!stdout.contains("Next:"));
    let saved = saved_files(p.home());
    assert_eq!(saved.len(), 1);
    assert!(run
        .stderr()
        .contains(&format!("Saved to {}", saved[0].display())));

    let markdown = p
        .run(&[
            "assess",
            "--to",
            TARGET,
            "--ratings",
            file.to_str().unwrap(),
            "--format",
            "markdown",
            "--no-save",
        ])
        .ok();
    assert!(markdown.starts_with("# Gap report: Senior Platform Engineer"));
    assert!(markdown
        .contains("| 1 | Observability and alerting | ? (confirm) | 4 | 4 | 12 | Critical |"));
}

#[test]
fn the_config_file_names_the_default_person() {
    let p = Pathway::new();
    p.file("config.yaml", "person: Grace Hopper\n");
    let file = p.file("r.yaml", &ratings_yaml(&levels(&[])));
    let json = p
        .run(&[
            "assess",
            "--to",
            TARGET,
            "--ratings",
            file.to_str().unwrap(),
            "--format",
            "json",
        ])
        .json();
    assert_eq!(json["person"], "Grace Hopper");
    p.file("config.yaml", "persn: typo\n");
    let stderr = p
        .run(&[
            "assess",
            "--to",
            TARGET,
            "--ratings",
            file.to_str().unwrap(),
        ])
        .fails(2);
    assert!(stderr.contains("config.yaml"), "{stderr}");
}

#[test]
fn history_lists_assessments_newest_first_with_the_change_and_skips_damaged_files() {
    let p = Pathway::new();
    let empty = p.run(&["history"]);
    empty.ok();
    assert!(empty.stderr().contains("No saved assessments"));

    let before = p.file(
        "before.yaml",
        &ratings_yaml(&levels(&[("kubernetes", "1"), ("ci-cd", "2")])),
    );
    let after = p.file("after.yaml", &ratings_yaml(&levels(&[("kubernetes", "3")])));
    let other = p.file("other.yaml", &ratings_yaml(&levels(&[])));
    p.run_with(
        &[
            "assess",
            "--to",
            TARGET,
            "--ratings",
            before.to_str().unwrap(),
        ],
        &[("PATHWAY_TODAY", "2026-08-01")],
        None,
    )
    .ok();
    p.run(&[
        "assess",
        "--to",
        TARGET,
        "--ratings",
        after.to_str().unwrap(),
    ])
    .ok();
    p.run(&[
        "assess",
        "--to",
        TARGET,
        "--person",
        "Ada",
        "--rater",
        "manager",
        "--ratings",
        other.to_str().unwrap(),
    ])
    .ok();
    // A manager's rating of tester: not compared with tester's self-assessments.
    p.run(&[
        "assess",
        "--to",
        TARGET,
        "--rater",
        "manager",
        "--ratings",
        other.to_str().unwrap(),
    ])
    .ok();
    // A hand-damaged file: reported, skipped, left alone.
    let damaged = p.file(
        "assessments/tester/20260901T000000Z-self-x.yaml",
        "schema_version: 1\nperson: [broken\n",
    );

    let run = p.run(&["history", "--format", "json"]);
    let json = run.json();
    assert_eq!(json["kind"], "history");
    let entries = json["assessments"].as_array().unwrap();
    assert_eq!(entries.len(), 4);
    let dates: Vec<&str> = entries
        .iter()
        .map(|e| e["date"].as_str().unwrap())
        .collect();
    assert_eq!(dates[3], "2026-08-01", "oldest last: {dates:?}");
    let manager = entries
        .iter()
        .find(|e| e["person"] == "tester" && e["rater"] == "manager")
        .unwrap();
    assert_eq!(manager["change"], Value::Null);
    let tester: Vec<&Value> = entries
        .iter()
        .filter(|e| e["person"] == "tester" && e["rater"] == "self")
        .collect();
    assert_eq!(tester[0]["date"], "2026-11-21");
    let change = tester[0]["change"].as_f64().unwrap();
    let expected =
        tester[0]["readiness"].as_f64().unwrap() - tester[1]["readiness"].as_f64().unwrap();
    assert!(
        change > 0.0 && (change - expected).abs() < 0.11,
        "{change} vs {expected}"
    );
    assert_eq!(tester[0]["previous"], "2026-08-01");
    assert_eq!(tester[1]["change"], Value::Null);
    let ada = entries.iter().find(|e| e["person"] == "Ada").unwrap();
    assert_eq!(ada["rater"], "manager");
    assert_eq!(ada["readiness"], 100.0);
    assert_eq!(ada["band"], "ready");
    assert_eq!(json["skipped"].as_array().unwrap().len(), 1);
    assert!(
        run.stderr().contains("warning: skipped"),
        "{}",
        run.stderr()
    );
    assert!(run.stderr().contains("20260901T000000Z-self-x.yaml"));
    assert!(damaged.exists(), "a damaged file is never deleted");

    let table = p.run(&["history"]);
    let stdout = table.ok();
    assert!(stdout.contains("DATE") && stdout.contains("READINESS") && stdout.contains("CHANGE"));
    assert!(stdout.contains("Senior Platform Engineer"));
    assert!(stdout.contains("first"));
    assert!(stdout.find("2026-11-21").unwrap() < stdout.find("2026-08-01").unwrap());

    let only_ada = p
        .run(&["history", "--person", "Ada", "--format", "json"])
        .json();
    assert_eq!(only_ada["assessments"].as_array().unwrap().len(), 1);
    let markdown = p.run(&["history", "--format", "markdown"]).ok();
    assert!(markdown.starts_with("| Date | Person | Rater | Target | Readiness | Band | Change |"));
}

mod properties {
    use super::{framework, TARGET};
    use pathway::assessment::Rating;
    use pathway::framework::Framework;
    use pathway::gap::analyse;
    use proptest::prelude::*;
    use std::collections::BTreeMap;
    use std::sync::OnceLock;

    fn shared() -> &'static Framework {
        static FRAMEWORK: OnceLock<Framework> = OnceLock::new();
        FRAMEWORK.get_or_init(framework)
    }

    fn assessable() -> Vec<String> {
        shared()
            .roles()
            .filter(|r| r.assessable && !r.expectations.is_empty())
            .map(|r| r.id.clone())
            .collect()
    }

    /// A role and, per expected skill: None (unrated), Some(None) (not sure), Some(Some(level)).
    fn role_and_ratings() -> impl Strategy<Value = (String, Vec<Option<Option<u8>>>)> {
        proptest::sample::select(assessable()).prop_flat_map(|role| {
            let n = shared().role(&role).unwrap().expectations.len();
            (
                Just(role),
                proptest::collection::vec(proptest::option::of(proptest::option::of(0u8..=5)), n),
            )
        })
    }

    fn ratings_for(role: &str, values: &[Option<Option<u8>>]) -> BTreeMap<String, Rating> {
        let role = shared().role(role).unwrap();
        role.expectations
            .iter()
            .zip(values)
            .filter_map(|(e, v)| {
                v.map(|level| {
                    (
                        e.skill.clone(),
                        level.map_or_else(Rating::unsure, Rating::level),
                    )
                })
            })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn readiness_stays_within_0_and_100((role, values) in role_and_ratings()) {
            let framework = shared();
            let report = analyse(framework, framework.role(&role).unwrap(), &ratings_for(&role, &values));
            prop_assert!((0.0..=100.0).contains(&report.readiness), "{}", report.readiness);
            prop_assert!(!report.band.is_empty());
        }

        #[test]
        fn raising_any_rating_never_lowers_readiness(
            (role, values) in role_and_ratings(),
            pick in any::<proptest::sample::Index>(),
            raise_to in 0u8..=5,
        ) {
            let framework = shared();
            let role_def = framework.role(&role).unwrap();
            let before = ratings_for(&role, &values);
            let index = pick.index(values.len());
            let current = values[index].flatten().unwrap_or(0);
            let mut raised = values.clone();
            raised[index] = Some(Some(current.max(raise_to)));
            let after = ratings_for(&role, &raised);
            let r_before = analyse(framework, role_def, &before).readiness;
            let r_after = analyse(framework, role_def, &after).readiness;
            prop_assert!(r_after >= r_before, "{} -> {} raising {}", r_before, r_after, role_def.expectations[index].skill);
        }

        #[test]
        fn everything_at_expectation_is_100_and_ready(role in proptest::sample::select(assessable()), extra in 0u8..=2) {
            let framework = shared();
            let role = framework.role(&role).unwrap();
            let ratings: BTreeMap<String, Rating> = role
                .expectations
                .iter()
                .map(|e| {
                    let level = (framework.expected_level(role, e) + extra).min(5);
                    (e.skill.clone(), Rating::level(level))
                })
                .collect();
            let report = analyse(framework, role, &ratings);
            prop_assert_eq!(report.readiness, 100.0);
            prop_assert_eq!(report.band.as_str(), "ready");
            prop_assert!(report.critical_gaps.is_empty());
        }
    }

    #[test]
    fn the_target_used_above_is_assessable() {
        assert!(assessable().iter().any(|id| id == TARGET));
    }
}

/// End to end in a pseudo-terminal: keys in, screen out, waiting on text (never on time).
#[cfg(unix)]
mod terminal {
    use super::{framework, load, saved_files, TARGET};
    use crate::util::Pathway;
    use expectrl::process::unix::WaitStatus;
    use expectrl::{Eof, Expect, Regex};
    use std::time::Duration;

    struct Screen {
        session: expectrl::session::OsSession,
        seen: String,
    }

    impl Screen {
        fn spawn(p: &Pathway, args: &[&str], color: bool) -> Screen {
            let mut command = p.command(args);
            command.env("TERM", "xterm-256color");
            if !color {
                command.env("NO_COLOR", "1");
            }
            let mut session = expectrl::Session::spawn(command).expect("spawn in a pty");
            session
                .get_process_mut()
                .set_window_size(100, 50)
                .expect("window size");
            // Generous: a loaded machine is slow, and a wait only lasts until the text shows.
            session.set_expect_timeout(Some(Duration::from_secs(60)));
            Screen {
                session,
                seen: String::new(),
            }
        }

        /// Waits for `text`; returns what came before it.
        fn wait_for(&mut self, text: &str) -> String {
            match self.session.expect(text) {
                Ok(found) => {
                    let before = String::from_utf8_lossy(found.before()).to_string();
                    self.seen.push_str(&before);
                    self.seen.push_str(text);
                    before
                }
                Err(e) => panic!("waiting for {text:?}: {e}\nscreen so far:\n{}", self.seen),
            }
        }

        fn keys(&mut self, keys: &str) {
            self.session.send(keys).expect("send keys");
        }

        /// Reads to the end and returns the exit code and the rest of the screen.
        fn finish(mut self) -> (i32, String) {
            let rest = match self.session.expect(Eof) {
                Ok(found) => {
                    String::from_utf8_lossy(found.matches().next().unwrap_or_default()).to_string()
                }
                Err(e) => panic!("waiting for the end: {e}\nscreen so far:\n{}", self.seen),
            };
            self.seen.push_str(&rest);
            let code = match self.session.get_process().wait().expect("wait") {
                WaitStatus::Exited(_, code) => code,
                other => panic!("did not exit normally: {other:?}\n{}", self.seen),
            };
            (code, self.seen)
        }

        /// Answers the setup questions with their defaults (tester, self, no current role).
        fn accept_setup(&mut self) {
            self.wait_for("Who is being assessed");
            self.keys("\r");
            self.wait_for("peer: rating a colleague");
            self.keys("\r");
            // In colour the highlighted item is styled letter by letter: wait on a plain one.
            self.wait_for("Current role");
            self.wait_for("(systems-engineer)");
            self.keys("\r");
        }

        /// Waits for question `n` of `total` and its level list.
        fn question(&mut self, n: usize, total: usize) -> String {
            let before = self.wait_for(&format!("{n} of {total} · Quick look"));
            self.wait_for("Not sure");
            before
        }

        fn note(&mut self, text: &str) {
            self.wait_for("Evidence");
            self.keys(text);
            self.keys("\r");
        }
    }

    /// Quick questions of the target, and the level each starts on (the highest expectation).
    fn quick_questions() -> Vec<(Vec<String>, u8)> {
        let framework = framework();
        let role = framework.role(TARGET).unwrap();
        role.scorecard
            .iter()
            .map(|d| {
                let expected: Vec<(String, u8)> = d
                    .skills
                    .iter()
                    .filter_map(|s| role.expectations.iter().find(|e| &e.skill == s))
                    .map(|e| (e.skill.clone(), framework.expected_level(role, e)))
                    .collect();
                let start = expected.iter().map(|(_, l)| *l).max().unwrap_or(0);
                (
                    expected.into_iter().map(|(s, _)| s).collect::<Vec<_>>(),
                    start,
                )
            })
            .filter(|(skills, _)| !skills.is_empty())
            .collect()
    }

    #[test]
    fn no_input_in_a_terminal_never_prompts() {
        let p = Pathway::new();
        let mut screen = Screen::spawn(&p, &["assess", "--no-input", "--to", TARGET], false);
        screen.wait_for("--no-input was given");
        screen.wait_for("--ratings FILE");
        let (code, seen) = screen.finish();
        assert_eq!(code, 2, "{seen}");
        assert!(!seen.contains("Who is being assessed"), "{seen}");
    }

    #[test]
    fn a_quick_assessment_completes_by_keyboard_alone() {
        let p = Pathway::new();
        let questions = quick_questions();
        let total = questions.len();
        let mut screen = Screen::spawn(&p, &["assess", "--quick", "--to", TARGET], true);
        screen.accept_setup();
        for n in 1..=total {
            screen.question(n, total);
            if n == 1 {
                screen.keys("k"); // one level below the highlighted expectation
            }
            screen.keys("\r");
            screen.note(if n == 1 { "runs our clusters" } else { "" });
        }
        screen.wait_for("Readiness");
        screen.wait_for("Per skill");
        let saved = screen
            .session
            .expect(Regex("Saved to ([^\r\n]+)"))
            .expect("saved line");
        let path = String::from_utf8_lossy(saved.get(1).unwrap()).to_string();
        let (code, _) = screen.finish();
        assert_eq!(code, 0);

        let assessment = load(std::path::Path::new(&path));
        assert_eq!(saved_files(p.home()), vec![std::path::PathBuf::from(&path)]);
        assert_eq!(assessment.person, "tester");
        assert_eq!(assessment.mode, pathway::assessment::Mode::Quick);
        let (first_skills, start) = &questions[0];
        for skill in first_skills {
            assert_eq!(assessment.ratings[skill].level, Some(start - 1), "{skill}");
            assert_eq!(assessment.ratings[skill].note, "runs our clusters");
        }
        for (skills, _) in &questions {
            for skill in skills {
                assert!(assessment.ratings.contains_key(skill), "{skill} unrated");
            }
        }
        assert!(
            !p.home().join("drafts/tester.yaml").exists(),
            "the draft is removed once saved"
        );
    }

    #[test]
    fn ctrl_c_at_question_3_keeps_the_draft_and_resume_asks_only_the_rest() {
        let p = Pathway::new();
        let questions = quick_questions();
        let total = questions.len();
        let mut screen = Screen::spawn(&p, &["assess", "--quick", "--to", TARGET], false);
        screen.accept_setup();
        screen.question(1, total);
        screen.keys("k");
        screen.keys("\r");
        screen.note("first answer");
        screen.question(2, total);
        screen.keys("j"); // from the expectation down the list ...
        screen.keys("j"); // ... twice
        screen.keys("\r");
        screen.note("");
        screen.question(3, total);
        screen.keys("\x03");
        screen.wait_for("interrupted");
        screen.wait_for("pathway assess --resume");
        let (code, seen) = screen.finish();
        assert_eq!(code, 130, "{seen}");
        assert!(seen.contains(&format!("2 of {total} questions")), "{seen}");
        // The cursor is shown again after the last time a prompt hid it.
        let hidden = seen.rfind("\x1b[?25l").expect("a prompt hid the cursor");
        let shown = seen.rfind("\x1b[?25h").expect("the cursor is shown again");
        assert!(shown > hidden, "the cursor was left hidden");
        let draft = p.home().join("drafts/tester.yaml");
        assert!(draft.exists(), "the draft is kept");
        assert!(saved_files(p.home()).is_empty());

        let mut screen = Screen::spawn(&p, &["assess", "--resume"], false);
        let before = screen.question(3, total);
        assert!(
            !before.contains(&format!("1 of {total}")),
            "question 1 asked again:\n{before}"
        );
        assert!(
            !before.contains(&format!("2 of {total}")),
            "question 2 asked again:\n{before}"
        );
        assert!(!before.contains("Who is being assessed"), "{before}");
        screen.keys("\r");
        screen.note("");
        for n in 4..=total {
            screen.question(n, total);
            screen.keys("\r");
            screen.note("");
        }
        screen.wait_for("Readiness");
        let saved = screen
            .session
            .expect(Regex("Saved to ([^\r\n]+)"))
            .expect("saved line");
        let path = String::from_utf8_lossy(saved.get(1).unwrap()).to_string();
        let (code, _) = screen.finish();
        assert_eq!(code, 0);

        let assessment = load(std::path::Path::new(&path));
        let (first, start1) = &questions[0];
        for skill in first {
            assert_eq!(assessment.ratings[skill].level, Some(start1 - 1), "{skill}");
            assert_eq!(assessment.ratings[skill].note, "first answer");
        }
        // Question 2: two steps down from its start; past level 5 lies "Not sure".
        let (second, start2) = &questions[1];
        let pick = (usize::from(*start2) + 2) % 7; // the list wraps around
        for skill in second.iter().filter(|s| !first.contains(s)) {
            let rating = &assessment.ratings[skill];
            if pick == 6 {
                assert!(
                    rating.unsure && rating.level.is_none(),
                    "{skill}: {rating:?}"
                );
            } else {
                assert_eq!(rating.level, Some(pick as u8), "{skill}");
            }
        }
        for (skills, _) in &questions {
            for skill in skills {
                assert!(assessment.ratings.contains_key(skill), "{skill} unrated");
            }
        }
        assert!(!draft.exists(), "the draft is removed once saved");

        let history = p.run(&["history", "--format", "json"]).json();
        assert_eq!(history["assessments"].as_array().unwrap().len(), 1);
    }
}

#[test]
fn assess_ends_with_the_growth_plan_unless_told_not_to() {
    let p = Pathway::new();
    let ratings = p.file(
        "r.yaml",
        &ratings_yaml(&levels(&[("kubernetes", "2"), ("observability", "1")])),
    );
    let ratings = ratings.to_str().unwrap();
    let table = p
        .run(&[
            "assess",
            "--to",
            TARGET,
            "--ratings",
            ratings,
            "--no-save",
            "--start",
            "2027-03",
        ])
        .ok();
    let report_at = table.find("Readiness").expect("gap report first");
    let plan_at = table.find("Growth plan").expect("then the plan");
    assert!(report_at < plan_at, "{table}");
    assert!(
        table.contains("March 2027"),
        "the plan starts at --start:\n{table}"
    );

    let json = p
        .run(&[
            "assess",
            "--to",
            TARGET,
            "--ratings",
            ratings,
            "--no-save",
            "--format",
            "json",
        ])
        .json();
    let months = json["plan"]["months"]
        .as_array()
        .expect("plan.months in the assessment JSON");
    let focus: Vec<&str> = months
        .iter()
        .flat_map(|m| m["focus"].as_array().unwrap())
        .map(|f| f["skill"].as_str().unwrap())
        .collect();
    assert!(
        focus.contains(&"kubernetes") && focus.contains(&"observability"),
        "{focus:?}"
    );

    let without = p
        .run(&[
            "assess",
            "--to",
            TARGET,
            "--ratings",
            ratings,
            "--no-save",
            "--no-plan",
        ])
        .ok();
    assert!(!without.contains("Growth plan"));
    let json = p
        .run(&[
            "assess",
            "--to",
            TARGET,
            "--ratings",
            ratings,
            "--no-save",
            "--no-plan",
            "--format",
            "json",
        ])
        .json();
    assert!(json.get("plan").is_none());
}
