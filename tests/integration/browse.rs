//! The browse commands through the real binary: roles, role, skills, skill, pathways, pathway.

use crate::util::Pathway;

#[test]
fn roles_json_lists_every_role() {
    let json = Pathway::new().run(&["roles", "--format", "json"]).json();
    assert_eq!(json["schema_version"], 1);
    let ids: Vec<&str> = json["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    for id in [
        "intermediate-platform-engineer",
        "senior-platform-specialist",
        "senior-platform-engineer",
        "senior-cloud-native-engineer",
        "cloud-platform-engineering-leader",
        "staff-platform-engineer",
        "lead-platform-engineer",
        "director-of-platform-engineering",
        "principal-platform-engineer",
        "devops-engineer",
    ] {
        assert!(ids.contains(&id), "roles lacks {id}");
    }
}

#[test]
fn role_json_carries_skills_kpis_goals_and_links() {
    let p = Pathway::new();
    for id in [
        "senior-platform-specialist",
        "senior-platform-engineer",
        "senior-cloud-native-engineer",
        "cloud-platform-engineering-leader",
    ] {
        let json = p.run(&["role", id, "--format", "json"]).json();
        let role = &json["role"];
        assert_eq!(role["id"], id);
        let skills = json["skills"].as_array().unwrap();
        assert!(skills
            .iter()
            .all(|s| s["importance"].is_string() && s["expected_level"].is_u64()));
        assert!(skills.iter().any(|s| s["importance"] == "critical"));
        assert!(role["kpis"]
            .as_array()
            .unwrap()
            .iter()
            .all(|k| k["target"].is_string()));
        let horizons: Vec<&str> = role["milestones"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["horizon"].as_str().unwrap())
            .collect();
        assert_eq!(
            horizons,
            ["30-days", "60-days", "90-days", "6-months", "12-months"]
        );
        assert!(!json["leads_to"].as_array().unwrap().is_empty());
        assert!(!json["leads_from"].as_array().unwrap().is_empty());
    }
}

#[test]
fn pathway_json_contains_every_item_of_the_learning_pathway() {
    let json = Pathway::new()
        .run(&[
            "pathway",
            "intermediate-to-senior-platform-engineer",
            "--format",
            "json",
        ])
        .json();
    let p = &json["pathway"];
    assert_eq!(p["focus_areas"].as_array().unwrap().len(), 5);
    assert_eq!(p["ai_literacy"].as_array().unwrap().len(), 6);
    let reading = json["resolved"]["reading"].as_array().unwrap();
    let titles: Vec<&str> = reading
        .iter()
        .map(|b| b["title"].as_str().unwrap())
        .collect();
    assert_eq!(reading.len(), 5);
    for title in [
        "Production Kubernetes",
        "Observability Engineering",
        "Team Topologies",
        "The Site Reliability Workbook",
        "Cloud FinOps",
    ] {
        assert!(titles.contains(&title), "missing book {title}");
    }
    assert!(reading
        .iter()
        .all(|b| !b["authors"].as_array().unwrap().is_empty()));
    let courses = json["resolved"]["courses"].as_array().unwrap();
    assert_eq!(courses.len(), 4);
    assert!(courses.iter().any(|c| c["provider"] == "Pluralsight"));
    assert_eq!(json["resolved"]["projects"].as_array().unwrap().len(), 6);
}

#[test]
fn a_mistyped_role_exits_2_with_a_suggestion() {
    let stderr = Pathway::new()
        .run(&["role", "senior-platfrom-engineer"])
        .fails(2);
    assert!(
        stderr.contains("did you mean 'senior-platform-engineer'"),
        "{stderr}"
    );
    let stderr = Pathway::new().run(&["skill", "kubernets"]).fails(2);
    assert!(stderr.contains("did you mean 'kubernetes'"), "{stderr}");
}

#[test]
fn piped_and_no_color_output_has_no_escape_codes() {
    let p = Pathway::new();
    for args in [
        vec!["roles"],
        vec!["role", "senior-platform-engineer"],
        vec!["skill", "kubernetes"],
    ] {
        let out = p.run(&args).ok();
        assert!(!out.contains('\u{1b}'), "escape codes in piped {args:?}");
        let out = p
            .run_with(
                &[args.as_slice(), &["--color", "always"]].concat(),
                &[],
                None,
            )
            .ok();
        assert!(
            out.contains('\u{1b}'),
            "--color always should colour {args:?}"
        );
        let out = p.run_with(&args, &[("NO_COLOR", "1")], None).ok();
        assert!(!out.contains('\u{1b}'));
    }
}

#[test]
fn closed_pipe_exits_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    let p = Pathway::new();
    let mut child = p
        .command(&["skills"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read one byte, then close our end, as `head -c1` would.
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
fn markdown_renders_tables() {
    let out = Pathway::new()
        .run(&[
            "skills",
            "--role",
            "senior-platform-engineer",
            "--format",
            "markdown",
        ])
        .ok();
    assert!(out.starts_with("| ID | SKILL |"), "{out}");
    assert!(out.contains("| kubernetes |"));
}

#[test]
fn bare_pathway_prints_a_guide_and_help_works() {
    let p = Pathway::new();
    assert!(p.run(&[]).ok().contains("pathway assess"));
    assert!(p.run(&["--help"]).ok().contains("Usage"));
    assert!(p.run(&["completions", "bash"]).ok().contains("pathway"));
    assert!(p.run(&["man"]).ok().contains(".TH"));
    p.run(&["--no-such-flag"]).fails(2);
}

#[test]
fn cli_definition_is_consistent() {
    use clap::CommandFactory;
    pathway::cli::Cli::command().debug_assert();
}
