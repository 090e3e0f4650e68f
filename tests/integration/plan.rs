//! `pathway plan` through the real binary: the acceptance lines of the growth-plan issue,
//! inputs and their errors, and a snapshot of each renderer on a pinned date.

use crate::util::Pathway;
use serde::Deserialize;
use std::collections::BTreeSet;

/// An intermediate platform engineer a year into the role, rated on every skill a Senior
/// Platform Engineer is expected to have.
const INTERMEDIATE: &str = "\
person: sam
ratings:
  ci-cd: 3
  cloud-fundamentals: 3
  cloud-security: 2
  influence: 2
  infrastructure-as-code: 3
  kubernetes: 3
  linux-networking: 4
  observability: 2
  operational-ownership: 3
  systems-thinking: 2
  advanced-networking: 2
  ci-runtime-performance: 1
  coaching: 1
  gitops: 3
  developer-empathy: 2
  kubernetes-multi-tenancy: 1
  policy-as-code: 1
  pragmatic-prioritization: 2
  reliability-engineering: 2
  risk-management: 2
  automation-scripting: 3
  supply-chain-security: 1
  stakeholder-management: 2
  technical-communication: 2
  aiops: 1
  confidential-computing: 0
  containers: 3
  multi-cloud: 1
  platform-dependencies: 2
  platform-api-design: 1
  service-mesh: 1
";

/// A senior platform engineer rated on every skill a Staff Platform Engineer is expected to have.
const SENIOR: &str = "\
cloud-fundamentals: 4
kubernetes: 4
infrastructure-as-code: 4
ci-cd: 4
linux-networking: 4
observability: 4
automation-scripting: 3
cloud-security: 3
gitops: 3
service-mesh: 2
policy-as-code: 3
supply-chain-security: 3
containers: 3
platform-dependencies: 2
reliability-engineering: 3
kubernetes-multi-tenancy: 3
advanced-networking: 3
ci-runtime-performance: 3
platform-api-design: 2
upgrade-migration: 3
platform-architecture: 3
systems-thinking: 4
pragmatic-prioritization: 3
influence: 4
operational-ownership: 4
technical-communication: 3
developer-empathy: 3
risk-management: 3
coaching: 3
stakeholder-management: 3
strategy-roadmap: 2
";

/// Nearly senior: three gaps left, for short snapshot plans.
const NEARLY_SENIOR: &str = "\
ci-cd: 4
cloud-fundamentals: 4
cloud-security: 4
influence: 3
infrastructure-as-code: 4
kubernetes: 4
linux-networking: 4
observability: 4
operational-ownership: 4
systems-thinking: 4
advanced-networking: 3
ci-runtime-performance: 3
coaching: 2
gitops: 3
developer-empathy: 3
kubernetes-multi-tenancy: 3
policy-as-code: 3
pragmatic-prioritization: 3
reliability-engineering: 3
risk-management: 3
automation-scripting: 3
supply-chain-security: 3
stakeholder-management: 3
technical-communication: 3
aiops: 2
confidential-computing: 2
containers: 2
multi-cloud: 2
platform-dependencies: 2
platform-api-design: 1
service-mesh: 2
";

const FROM: &str = "intermediate-platform-engineer";
const SENIOR_ID: &str = "senior-platform-engineer";
const STAFF_ID: &str = "staff-platform-engineer";

// --- Typed view of the JSON, as a script would read it --------------------------------------

#[derive(Debug, Deserialize)]
struct PlanJson {
    schema_version: u32,
    kind: String,
    inputs: Inputs,
    mode: String,
    pathway: Option<PathwayJson>,
    start: String,
    effort: Effort,
    skills: Vec<SkillJson>,
    months: Vec<MonthJson>,
    after_plan: Vec<CheckInJson>,
}

#[derive(Debug, Deserialize)]
struct Inputs {
    source: String,
    to: String,
    from: Option<String>,
    start: String,
    today: String,
    file: Option<String>,
}

#[derive(Debug, Deserialize)]
struct PathwayJson {
    id: String,
    typical_months: Range,
}

#[derive(Debug, Deserialize)]
struct Range {
    min: u32,
    max: u32,
}

#[derive(Debug, Deserialize)]
struct Effort {
    total_hours: f64,
    hours_per_week: f64,
    hours_per_month: f64,
    focus_capacity: usize,
    months: u32,
    comparison: String,
}

#[derive(Debug, Deserialize)]
struct SkillJson {
    skill: String,
    to_level: u8,
    first_month: u32,
    last_month: u32,
    builds_on: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct MonthJson {
    index: u32,
    month: String,
    label: String,
    focus: Vec<FocusJson>,
    activities: Vec<ActivityJson>,
    check_ins: Vec<CheckInJson>,
}

#[derive(Debug, Deserialize)]
struct FocusJson {
    skill: String,
    level_by_month_end: u8,
    reaches_target: bool,
}

#[derive(Debug, Deserialize)]
struct ActivityJson {
    kind: String,
    title: String,
    source: String,
    resource: Option<String>,
    skills: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct CheckInJson {
    kind: String,
    date: String,
    command: Option<String>,
    skills: Vec<String>,
}

fn plan_json(p: &Pathway, args: &[&str]) -> PlanJson {
    let mut all = vec!["plan"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let text = p.run(&all).ok();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not a plan ({e}):\n{text}"))
}

fn ratings(p: &Pathway, name: &str, text: &str) -> String {
    p.file(name, text).display().to_string()
}

/// Every gap skill is a focus in some month, has an activity, and reaches its level.
fn assert_complete(plan: &PlanJson) {
    assert!(!plan.skills.is_empty());
    for skill in &plan.skills {
        let focus: Vec<&FocusJson> = plan
            .months
            .iter()
            .flat_map(|m| &m.focus)
            .filter(|f| f.skill == skill.skill)
            .collect();
        assert!(!focus.is_empty(), "{} is never a focus", skill.skill);
        assert!(
            focus
                .iter()
                .any(|f| f.reaches_target && f.level_by_month_end == skill.to_level),
            "{} never reaches {}",
            skill.skill,
            skill.to_level
        );
        assert!(
            plan.months
                .iter()
                .flat_map(|m| &m.activities)
                .any(|a| a.skills.contains(&skill.skill)),
            "{} has no activity",
            skill.skill
        );
    }
}

// --- Acceptance ----------------------------------------------------------------------------

#[test]
fn curated_pathway_plan_starts_in_january_2027_with_its_projects_books_and_courses() {
    let p = Pathway::new();
    let file = ratings(&p, "r.yaml", INTERMEDIATE);
    let args = [
        "plan",
        "--ratings",
        &file,
        "--to",
        SENIOR_ID,
        "--from",
        FROM,
        "--start",
        "2027-01",
    ];
    let table = p.run(&args).ok();

    // Months are labelled from January 2027, in calendar order.
    let labels: Vec<&str> = table.lines().filter(|l| l.contains(" · month ")).collect();
    assert!(
        labels[0].starts_with("January 2027 · month 1 of "),
        "{labels:?}"
    );
    assert!(labels[1].starts_with("February 2027 · month 2 of "));
    assert!(labels[12].starts_with("January 2028 · month 13 of "));

    let plan = plan_json(&p, &args[1..]);
    assert_eq!(plan.mode, "pathway");
    assert_eq!(
        plan.pathway.as_ref().map(|p| p.id.as_str()),
        Some("intermediate-to-senior-platform-engineer")
    );
    assert_eq!(plan.months[0].month, "2027-01");
    assert_eq!(plan.months[0].label, "January 2027");
    // The pathway's own projects, books and courses are in the plan, by name in the table.
    for kinds in [
        &["project"][..],
        &["reading"][..],
        &["course", "certification"][..],
    ] {
        let from_pathway: Vec<&ActivityJson> = plan
            .months
            .iter()
            .flat_map(|m| &m.activities)
            .filter(|a| kinds.contains(&a.kind.as_str()) && a.source == "pathway")
            .collect();
        assert!(!from_pathway.is_empty(), "no pathway {kinds:?}");
        for a in from_pathway {
            assert!(table.contains(&a.title), "{} not in the table", a.title);
        }
    }
    for title in [
        "Platform engineering standards",
        "The Site Reliability Workbook",
        "Production Kubernetes",
        "Service Mesh with Istio or Cilium",
    ] {
        assert!(table.contains(title), "{title} missing");
    }
    // The pathway's behaviours and AI-literacy items are drawn on too.
    let sources: BTreeSet<(&str, &str)> = plan
        .months
        .iter()
        .flat_map(|m| &m.activities)
        .map(|a| (a.kind.as_str(), a.source.as_str()))
        .collect();
    assert!(sources.contains(&("behaviour", "pathway")));
    assert!(sources.contains(&("ai-literacy", "pathway")));
    // The length is compared with the pathway's typical one.
    let typical = &plan.pathway.as_ref().unwrap().typical_months;
    assert_eq!((typical.min, typical.max), (18, 36));
    assert_eq!(
        plan.effort.comparison,
        format!(
            "typical: 18–36 months; your gaps at 5 h/week: about {}",
            plan.effort.months
        )
    );
    let markdown = p.run(&[&args[..], &["--format", "markdown"]].concat()).ok();
    assert!(markdown.contains(&plan.effort.comparison), "{markdown}");
    assert!(markdown.contains("estimates to adjust, not deadlines"));
    assert_complete(&plan);
}

#[test]
fn pair_without_a_pathway_gets_a_complete_plan_from_the_catalogue() {
    let p = Pathway::new();
    let file = ratings(&p, "s.yaml", SENIOR);
    let plan = plan_json(
        &p,
        &[
            "--ratings",
            &file,
            "--to",
            STAFF_ID,
            "--from",
            SENIOR_ID,
            "--start",
            "2027-01",
        ],
    );
    assert_eq!(plan.mode, "catalogue");
    assert!(plan.pathway.is_none());
    assert!(plan.effort.comparison.contains("no curated pathway"));
    assert_complete(&plan);
    // Every month has something to do beyond the focus: catalogue resources and practices.
    for month in &plan.months {
        assert!(month.activities.len() >= 3, "{}: too few", month.label);
        assert!(month.check_ins.iter().any(|c| c.kind == "reflection"));
    }
    let catalogue: BTreeSet<&str> = plan
        .months
        .iter()
        .flat_map(|m| &m.activities)
        .filter(|a| a.source == "catalogue")
        .map(|a| a.kind.as_str())
        .collect();
    for kind in ["project", "reading"] {
        assert!(
            catalogue.contains(kind),
            "no catalogue {kind}: {catalogue:?}"
        );
    }
    assert!(plan
        .months
        .iter()
        .flat_map(|m| &m.activities)
        .all(|a| a.source != "pathway"));
}

#[test]
fn ten_hours_a_week_takes_about_half_as_long_as_five() {
    let p = Pathway::new();
    let file = ratings(&p, "r.yaml", INTERMEDIATE);
    let months = |hours: &str| {
        plan_json(
            &p,
            &[
                "--ratings",
                &file,
                "--to",
                SENIOR_ID,
                "--from",
                FROM,
                "--start",
                "2027-01",
                "--hours-per-week",
                hours,
            ],
        )
        .effort
        .months
    };
    let (five, ten) = (months("5"), months("10"));
    let ratio = f64::from(ten) / f64::from(five);
    assert!((0.42..=0.58).contains(&ratio), "5 h: {five}, 10 h: {ten}");
    // And it shows in the capacity: more focus skills at once.
    let plan = plan_json(
        &p,
        &[
            "--ratings",
            &file,
            "--to",
            SENIOR_ID,
            "--hours-per-week",
            "10",
        ],
    );
    assert_eq!(plan.effort.focus_capacity, 4);
    assert_eq!(plan.effort.hours_per_week, 10.0);
}

#[test]
fn json_parses_and_every_item_names_the_skills_it_serves() {
    let p = Pathway::new();
    let file = ratings(&p, "r.yaml", INTERMEDIATE);
    let plan = plan_json(
        &p,
        &[
            "--ratings",
            &file,
            "--to",
            SENIOR_ID,
            "--from",
            FROM,
            "--start",
            "2027-01",
        ],
    );
    assert_eq!(plan.schema_version, 1);
    assert_eq!(plan.kind, "plan");
    assert_eq!(plan.inputs.source, "ratings");
    assert_eq!(plan.inputs.to, SENIOR_ID);
    assert_eq!(plan.inputs.from.as_deref(), Some(FROM));
    assert_eq!(plan.inputs.start, "2027-01");
    assert_eq!(plan.inputs.today, "2026-11-21");
    assert_eq!(plan.start, "2027-01");
    assert!(plan.effort.total_hours > 0.0);
    assert!((plan.effort.hours_per_month - 21.7).abs() < 0.05);
    let planned: BTreeSet<&str> = plan.skills.iter().map(|s| s.skill.as_str()).collect();
    let mut items = 0;
    for month in &plan.months {
        assert_eq!(month.index as usize, items_month(&plan, month));
        for a in &month.activities {
            items += 1;
            assert!(!a.skills.is_empty(), "{} names no skill", a.title);
            assert!(a.skills.iter().all(|s| planned.contains(s.as_str())));
            if matches!(
                a.kind.as_str(),
                "project" | "reading" | "course" | "certification"
            ) {
                assert!(a.resource.is_some(), "{} has no resource id", a.title);
            }
        }
        for c in &month.check_ins {
            items += 1;
            assert!(!c.skills.is_empty(), "{} check-in names no skill", c.kind);
            assert!(
                c.date.starts_with(&month.month),
                "{} not in {}",
                c.date,
                month.month
            );
        }
    }
    assert!(items > plan.months.len() * 5);
    for c in &plan.after_plan {
        assert!(
            !c.skills.is_empty(),
            "{} after the plan names no skill",
            c.kind
        );
    }
    // Foundations come first.
    for skill in &plan.skills {
        for f in &skill.builds_on {
            let foundation = plan.skills.iter().find(|s| &s.skill == f).unwrap();
            assert!(
                skill.first_month > foundation.last_month,
                "{} before {f}",
                skill.skill
            );
        }
    }
    assert!(
        plan.after_plan.is_empty(),
        "a 12-month goal falls inside a long plan"
    );
}

fn items_month(plan: &PlanJson, month: &MonthJson) -> usize {
    plan.months
        .iter()
        .position(|m| m.month == month.month)
        .unwrap()
        + 1
}

#[test]
fn ics_is_a_calendar_a_standard_parser_reads() {
    let p = Pathway::new();
    let file = ratings(&p, "r.yaml", INTERMEDIATE);
    let args = [
        "plan",
        "--ratings",
        &file,
        "--to",
        SENIOR_ID,
        "--from",
        FROM,
        "--start",
        "2027-01",
        "--format",
        "ics",
    ];
    let text = p.run(&args).ok();
    let events = strict_ics(&text);

    // A third-party parser (the `ical` crate) reads the same text.
    let calendars: Vec<ical::parser::ical::component::IcalCalendar> =
        ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()))
            .collect::<Result<_, _>>()
            .expect("ical parses the calendar");
    assert_eq!(calendars.len(), 1);
    let calendar = &calendars[0];
    assert_eq!(calendar.events.len(), events.len());
    let property = |event: &ical::parser::ical::component::IcalEvent, name: &str| {
        event
            .properties
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
            .unwrap_or_default()
    };
    let first = &calendar.events[0];
    assert_eq!(property(first, "DTSTART"), "20270131");
    assert_eq!(property(first, "DTSTAMP"), "20261121T000000Z");
    assert!(property(first, "SUMMARY").contains("January 2027"));

    // Check-ins and milestones as events: one per check-in in the JSON.
    let plan = plan_json(&p, &args[1..9]);
    let check_ins: usize =
        plan.months.iter().map(|m| m.check_ins.len()).sum::<usize>() + plan.after_plan.len();
    assert_eq!(events.len(), check_ins);
    let summaries: Vec<&str> = events.iter().map(|e| e.summary.as_str()).collect();
    for wanted in [
        "30-day goals of a Senior Platform Engineer",
        "60-day goals",
        "90-day goals",
        "6-month goals",
        "12-month goals",
        "Quarterly re-assessment",
    ] {
        assert!(summaries.iter().any(|s| s.contains(wanted)), "no {wanted}");
    }
    let reassessment = events
        .iter()
        .find(|e| e.summary.contains("re-assessment"))
        .unwrap();
    assert_eq!(reassessment.date, "20270331");
    assert!(reassessment
        .description
        .contains("pathway assess --to senior-platform-engineer"));
    // Deterministic: the same inputs and "today" give the same bytes.
    assert_eq!(p.run(&args).ok(), text);
}

/// One event as the strict reader saw it (values unescaped).
struct IcsEvent {
    summary: String,
    description: String,
    date: String,
}

/// A strict RFC 5545 reader for what `plan` writes: CRLF endings, lines of at most 75 octets,
/// folding, property syntax, escapes, nesting, and the required properties.
fn strict_ics(text: &str) -> Vec<IcsEvent> {
    assert!(text.ends_with("\r\n"), "does not end in CRLF");
    let physical: Vec<&str> = text.split_terminator("\r\n").collect();
    let mut lines: Vec<String> = Vec::new();
    for line in &physical {
        assert!(
            !line.contains('\r') && !line.contains('\n'),
            "bare CR or LF in {line:?}"
        );
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        if let Some(rest) = line.strip_prefix(' ') {
            lines.last_mut().expect("continuation first").push_str(rest);
        } else {
            assert!(!line.starts_with('\t'));
            lines.push(line.to_string());
        }
    }
    let mut stack: Vec<String> = Vec::new();
    let mut events = Vec::new();
    let mut calendar_props: Vec<String> = Vec::new();
    let mut event: Vec<(String, String, String)> = Vec::new();
    let mut uids = BTreeSet::new();
    for line in &lines {
        let colon = line
            .find(':')
            .unwrap_or_else(|| panic!("no colon: {line:?}"));
        let (head, value) = (&line[..colon], &line[colon + 1..]);
        let mut parts = head.split(';');
        let name = parts.next().unwrap();
        assert!(
            !name.is_empty() && name.chars().all(|c| c.is_ascii_uppercase() || c == '-'),
            "bad name {name:?}"
        );
        let params: Vec<&str> = parts.collect();
        for param in &params {
            let (key, val) = param.split_once('=').expect("param is KEY=VALUE");
            assert!(key.chars().all(|c| c.is_ascii_uppercase() || c == '-'));
            assert!(!val.is_empty());
        }
        match name {
            "BEGIN" => {
                match value {
                    "VCALENDAR" => assert!(stack.is_empty(), "nested VCALENDAR"),
                    "VEVENT" => {
                        assert_eq!(stack, ["VCALENDAR"]);
                        event.clear();
                    }
                    other => panic!("unexpected component {other}"),
                }
                stack.push(value.to_string());
            }
            "END" => {
                assert_eq!(stack.pop().as_deref(), Some(value), "END:{value} unmatched");
                if value == "VEVENT" {
                    let get = |n: &str| {
                        let found: Vec<&(String, String, String)> =
                            event.iter().filter(|(k, _, _)| k == n).collect();
                        assert!(found.len() <= 1, "{n} twice");
                        found.first().map(|(_, p, v)| (p.clone(), v.clone()))
                    };
                    let uid = get("UID").expect("UID").1;
                    assert!(uids.insert(uid.clone()), "duplicate UID {uid}");
                    let stamp = get("DTSTAMP").expect("DTSTAMP").1;
                    assert!(
                        stamp.len() == 16 && stamp.ends_with('Z') && &stamp[8..9] == "T",
                        "DTSTAMP {stamp}"
                    );
                    let (params, start) = get("DTSTART").expect("DTSTART");
                    assert_eq!(params, "VALUE=DATE");
                    let (_, end) = get("DTEND").expect("DTEND");
                    let day = |d: &str| {
                        chrono::NaiveDate::parse_from_str(d, "%Y%m%d")
                            .unwrap_or_else(|_| panic!("bad date {d}"))
                    };
                    assert_eq!(day(&end), day(&start).succ_opt().unwrap());
                    events.push(IcsEvent {
                        summary: unescape(&get("SUMMARY").expect("SUMMARY").1),
                        description: unescape(&get("DESCRIPTION").map(|d| d.1).unwrap_or_default()),
                        date: start,
                    });
                }
            }
            _ => match stack.last().map(String::as_str) {
                Some("VEVENT") => {
                    event.push((name.to_string(), params.join(";"), value.to_string()))
                }
                Some("VCALENDAR") => calendar_props.push(format!("{name}:{value}")),
                _ => panic!("property outside a component: {line}"),
            },
        }
    }
    assert!(stack.is_empty(), "unclosed {stack:?}");
    assert!(calendar_props.contains(&"VERSION:2.0".to_string()));
    assert!(calendar_props.iter().any(|p| p.starts_with("PRODID:")));
    assert!(!events.is_empty());
    events
}

/// Unescapes a TEXT value, refusing unescaped commas and semicolons and unknown escapes.
fn unescape(value: &str) -> String {
    let mut out = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(c @ ('\\' | ';' | ',')) => out.push(c),
                other => panic!("bad escape \\{other:?} in {value:?}"),
            },
            ',' | ';' => panic!("unescaped {c} in {value:?}"),
            c => out.push(c),
        }
    }
    out
}

// --- Inputs --------------------------------------------------------------------------------

/// A saved assessment as `pathway assess` writes it.
fn saved_assessment(p: &Pathway, person: &str, name: &str, created: &str, ratings: &str) {
    let mut text = format!(
        "schema_version: 1\nperson: {person}\nrater: self\nfrom: {FROM}\nto: {SENIOR_ID}\n\
         created: {created}\nframework:\n  id: platform-engineering\n  version: 2026.11.0\n\
         mode: full\nratings:\n"
    );
    for line in ratings.lines().filter(|l| l.contains(':')) {
        let (skill, level) = line.trim().split_once(':').unwrap();
        if skill == "person" || skill == "ratings" {
            continue;
        }
        text.push_str(&format!("  {skill}:\n    level: {}\n", level.trim()));
    }
    p.file(&format!("assessments/{person}/{name}"), &text);
}

#[test]
fn plans_from_the_latest_saved_assessment_of_the_person() {
    let p = Pathway::new();
    saved_assessment(
        &p,
        "tester",
        "20261001T090000Z-self-senior-platform-engineer.yaml",
        "2026-10-01T09:00:00Z",
        INTERMEDIATE,
    );
    saved_assessment(
        &p,
        "tester",
        "20261115T090000Z-self-senior-platform-engineer.yaml",
        "2026-11-15T09:00:00Z",
        NEARLY_SENIOR,
    );
    let plan = plan_json(&p, &[]);
    assert_eq!(plan.inputs.source, "saved-assessment");
    assert!(plan
        .inputs
        .file
        .as_deref()
        .unwrap()
        .contains("20261115T090000Z"));
    // The newer, nearly-senior assessment: few gaps, a short plan.
    assert!(plan.skills.len() <= 4, "{} skills", plan.skills.len());
    // Default start: the month after today (2026-11-21).
    assert_eq!(plan.start, "2026-12");
    assert_eq!(plan.months[0].label, "December 2026");
    // The pathway between the assessment's roles is drawn on.
    assert_eq!(plan.mode, "pathway");

    // `--to` overrides the assessment's target.
    let staff = plan_json(&p, &["--to", STAFF_ID]);
    assert_eq!(staff.inputs.to, STAFF_ID);
    assert_eq!(staff.mode, "catalogue");

    // --assessment FILE reads that file instead.
    let older = p
        .home()
        .join("assessments/tester/20261001T090000Z-self-senior-platform-engineer.yaml");
    let from_file = plan_json(&p, &["--assessment", older.to_str().unwrap()]);
    assert_eq!(from_file.inputs.source, "assessment-file");
    assert!(from_file.skills.len() > 20);
}

#[test]
fn without_an_assessment_it_says_how_to_make_one() {
    let p = Pathway::new();
    let stderr = p.run(&["plan"]).fails(2);
    assert!(
        stderr.contains("no saved assessment for 'tester'"),
        "{stderr}"
    );
    assert!(stderr.contains("pathway assess --to ROLE"), "{stderr}");
    let stderr = p.run(&["plan", "--person", "alex"]).fails(2);
    assert!(stderr.contains("'alex'"), "{stderr}");
}

#[test]
fn bad_inputs_are_refused_with_a_hint() {
    let p = Pathway::new();
    let file = ratings(&p, "r.yaml", INTERMEDIATE);
    let base = ["plan", "--ratings", file.as_str(), "--to", SENIOR_ID];
    let refused = |extra: &[&str], wanted: &str| {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        let stderr = p.run(&args).fails(2);
        assert!(stderr.contains(wanted), "{extra:?}: {stderr}");
        assert!(stderr.contains("hint:"), "{extra:?}: {stderr}");
        assert!(!stderr.contains("panicked"));
    };
    refused(&["--start", "2027-13"], "month 13 does not exist");
    refused(&["--start", "January"], "not a month");
    refused(&["--start", "2027-1"], "use YYYY-MM");
    refused(&["--hours-per-week", "0"], "above 0");
    refused(&["--hours-per-week=-2"], "above 0");
    refused(&["--hours-per-week", "100"], "more than the 40 h/week");
    refused(&["--months", "0"], "outside 1–120");
    refused(&["--months", "2"], "--months");
    let stderr = p
        .run(&[
            "plan",
            "--ratings",
            &file,
            "--to",
            "senior-platfrom-engineer",
        ])
        .fails(2);
    assert!(
        stderr.contains("did you mean 'senior-platform-engineer'"),
        "{stderr}"
    );
    refused(&["--from", "nobody"], "unknown role 'nobody'");
    // --months and --hours-per-week together is a usage error.
    p.run(&[
        "plan",
        "--ratings",
        &file,
        "--to",
        SENIOR_ID,
        "--months",
        "12",
        "--hours-per-week",
        "5",
    ])
    .fails(2);
    // Ratings need a target.
    let stderr = p.run(&["plan", "--rate", "kubernetes=3"]).fails(2);
    assert!(stderr.contains("--to ROLE is needed"), "{stderr}");
    // A plan of decades is refused with the pace that would do.
    let zeros = ratings(&p, "zeros.yaml", "kubernetes: 0\n");
    let stderr = p
        .run(&[
            "plan",
            "--ratings",
            &zeros,
            "--to",
            STAFF_ID,
            "--hours-per-week",
            "1",
        ])
        .fails(2);
    assert!(stderr.contains("more than 120 months"), "{stderr}");
    assert!(stderr.contains("--hours-per-week"), "{stderr}");
}

#[test]
fn partial_ratings_warn_and_plan_the_rest_from_zero() {
    let p = Pathway::new();
    let run = p.run(&[
        "plan",
        "--rate",
        "kubernetes=3",
        "--rate",
        "ci-cd=4",
        "--to",
        SENIOR_ID,
        "--hours-per-week",
        "10",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&run.ok()).unwrap();
    assert!(run.stderr().contains("have no rating"), "{}", run.stderr());
    assert!(json["summary"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l.as_str().unwrap().contains("planned from level 0")));
}

#[test]
fn months_flag_sets_the_pace_to_fit() {
    let p = Pathway::new();
    let file = ratings(&p, "r.yaml", INTERMEDIATE);
    let plan = plan_json(
        &p,
        &[
            "--ratings",
            &file,
            "--to",
            SENIOR_ID,
            "--from",
            FROM,
            "--months",
            "12",
        ],
    );
    assert!(
        plan.months.len() <= 12 && plan.months.len() >= 10,
        "{}",
        plan.months.len()
    );
    assert!(
        plan.effort.hours_per_week > 8.0,
        "{}",
        plan.effort.hours_per_week
    );
}

#[test]
fn zero_gaps_give_a_short_stretch_plan_toward_the_next_role() {
    let p = Pathway::new();
    let file = ratings(
        &p,
        "z.yaml",
        &NEARLY_SENIOR
            .replace("influence: 3", "influence: 4")
            .replace("coaching: 2", "coaching: 3")
            .replace("platform-api-design: 1", "platform-api-design: 2"),
    );
    let plan = plan_json(
        &p,
        &["--ratings", &file, "--to", SENIOR_ID, "--start", "2027-01"],
    );
    assert_eq!(plan.mode, "stretch");
    assert!(!plan.months.is_empty() && plan.months.len() <= 3);
    for month in &plan.months {
        assert!(!month.focus.is_empty());
        assert!(month.activities.len() >= 4);
    }
    let table = p
        .run(&[
            "plan",
            "--ratings",
            &file,
            "--to",
            SENIOR_ID,
            "--start",
            "2027-01",
        ])
        .ok();
    let table = table.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        table.contains("stretch toward Staff Platform Engineer"),
        "{table}"
    );
    assert!(table.contains("Toward Staff Platform Engineer"));
    let reassess = plan
        .months
        .last()
        .unwrap()
        .check_ins
        .iter()
        .find(|c| c.kind == "reassessment")
        .expect("a re-assessment at the end");
    assert!(reassess
        .command
        .as_deref()
        .unwrap()
        .starts_with("pathway assess --to staff-platform-engineer"));
}

// --- Snapshots of each renderer on a pinned date ---------------------------------------------

fn snapshot_args(p: &Pathway, format: &str) -> String {
    let file = ratings(p, "nearly.yaml", NEARLY_SENIOR);
    p.run(&[
        "plan",
        "--ratings",
        &file,
        "--to",
        SENIOR_ID,
        "--from",
        FROM,
        "--person",
        "sam",
        "--format",
        format,
    ])
    .ok()
    .replace(&file, "nearly.yaml")
}

#[test]
fn snapshot_table() {
    insta::assert_snapshot!("plan_table", snapshot_args(&Pathway::new(), "table"));
}

#[test]
fn snapshot_markdown() {
    insta::assert_snapshot!("plan_markdown", snapshot_args(&Pathway::new(), "markdown"));
}

#[test]
fn snapshot_json() {
    insta::assert_snapshot!("plan_json", snapshot_args(&Pathway::new(), "json"));
}

#[test]
fn snapshot_ics() {
    let text = snapshot_args(&Pathway::new(), "ics");
    assert!(text.contains("\r\n"));
    // Shown with visible line ends; the CRLF itself is checked by the strict reader above.
    insta::assert_snapshot!("plan_ics", text.replace("\r\n", "␍\n"));
}

#[test]
fn snapshot_stretch_markdown() {
    let p = Pathway::new();
    let file = ratings(
        &p,
        "z.yaml",
        &NEARLY_SENIOR
            .replace("influence: 3", "influence: 4")
            .replace("coaching: 2", "coaching: 3")
            .replace("platform-api-design: 1", "platform-api-design: 2"),
    );
    let text = p
        .run(&[
            "plan",
            "--ratings",
            &file,
            "--to",
            SENIOR_ID,
            "--format",
            "markdown",
        ])
        .ok()
        .replace(&file, "z.yaml");
    insta::assert_snapshot!("plan_stretch_markdown", text);
}
