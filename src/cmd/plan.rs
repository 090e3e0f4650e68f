//! `pathway plan`: a dated growth plan from the latest saved assessment of a person, from an
//! assessment file, or from ratings given on the command line. `assess` calls
//! [`render_plan`] to print the same plan after its gap report.

use crate::assessment::{Assessment, FrameworkRef, Rating};
use crate::cli::{Format, PaceArgs, PlanArgs, Rater};
use crate::cmd::role::importance_label;
use crate::context::{emit, Context};
use crate::error::Invalid;
use crate::framework::{Framework, Role};
use crate::gap::GapReport;
use crate::plan::{
    self, Activity, ActivityKind, CheckIn, CheckInKind, Focus, Month, Pace, Plan, PlanMode,
    PlanRequest,
};
use crate::render::{self, ics, Style};
use crate::store::{self, Store};
use anyhow::Result;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The formats `plan` prints.
pub const FORMATS: [Format; 4] = [Format::Table, Format::Markdown, Format::Json, Format::Ics];

/// What the plan was built from, for the JSON `inputs` and the plan's header.
#[derive(Debug, Clone, Serialize)]
pub struct PlanInputs {
    pub person: Option<String>,
    /// `saved-assessment`, `assessment-file`, `ratings` or `assess`.
    pub source: &'static str,
    /// The assessment or ratings file, when there was one.
    pub file: Option<String>,
    pub rater: Option<Rater>,
    pub assessed: Option<DateTime<Utc>>,
    pub from: Option<String>,
    pub to: String,
    /// `YYYY-MM`.
    pub start: String,
    pub hours_per_week: Option<f64>,
    pub months: Option<u32>,
    #[serde(serialize_with = "crate::iso_date::write")]
    pub today: NaiveDate,
    pub framework: FrameworkRef,
}

#[derive(Serialize)]
struct PlanDocument<'a> {
    inputs: &'a PlanInputs,
    #[serde(flatten)]
    plan: &'a Plan<'a>,
}

/// Ratings and roles, wherever they came from.
struct Source {
    person: Option<String>,
    ratings: BTreeMap<String, Rating>,
    from: Option<String>,
    to: String,
    kind: &'static str,
    path: Option<PathBuf>,
    rater: Option<Rater>,
    assessed: Option<DateTime<Utc>>,
}

pub fn run(context: &Context, args: &PlanArgs) -> Result<()> {
    let format = context.format(&FORMATS)?;
    let framework = context.framework()?;
    let today = context.today()?;
    // Check the pace first: a typo there should not wait on reading assessments.
    let pace = pace_from_args(&args.pace)?;
    let start = start_from_args(&args.pace, today)?;
    let source = source(context, framework, args)?;

    // Outlines: the plan reads none of the roles' prose.
    let to = framework.require_assessable_role_outline(&source.to)?;
    let from = source
        .from
        .as_deref()
        .map(|id| framework.require_role_outline(id))
        .transpose()?;
    warn_unrated(to, &source);
    let report = crate::gap::analyse(framework, to, &source.ratings);
    let plan = plan::build_plan(&PlanRequest {
        framework,
        report: &report,
        from,
        to,
        pace,
        start,
        person: args.person.as_deref().or(source.person.as_deref()),
    })?;
    let inputs = PlanInputs {
        person: source.person.clone(),
        source: source.kind,
        file: source.path.as_ref().map(|p| p.display().to_string()),
        rater: source.rater,
        assessed: source.assessed,
        from: from.map(|r| r.id.clone()),
        to: to.id.clone(),
        start: plan.start.clone(),
        hours_per_week: args.pace.hours_per_week,
        months: args.pace.months,
        today,
        framework: framework_ref(framework),
    };
    if format == Format::Json {
        render::print_json(
            "plan",
            &PlanDocument {
                inputs: &inputs,
                plan: &plan,
            },
        )?;
        // The process ends soon: see `crate::run`.
        std::mem::forget(plan);
        std::mem::forget((report, inputs, source));
        return Ok(());
    }
    let mut text = render(&plan, &inputs, format, &context.style)?;
    if format == Format::Table {
        text.push_str(&pathway_hint(framework, from, to, &context.style));
    }
    emit(&text)
}

/// Builds the plan for a gap report and renders it: what `assess` prints after its report.
#[allow(clippy::too_many_arguments)]
pub fn render_plan(
    framework: &Framework,
    plan: &Plan,
    from: Option<&Role>,
    to: &Role,
    pace: &PaceArgs,
    person: Option<&str>,
    today: NaiveDate,
    format: Format,
    style: &Style,
) -> Result<String> {
    let inputs = PlanInputs {
        person: person.map(str::to_string),
        source: "assess",
        file: None,
        rater: None,
        assessed: None,
        from: from.map(|r| r.id.clone()),
        to: to.id.clone(),
        start: plan.start.clone(),
        hours_per_week: pace.hours_per_week,
        months: pace.months,
        today,
        framework: framework_ref(framework),
    };
    render(plan, &inputs, format, style)
}

/// The plan for a gap report with the pace flags checked (bad flags are `Invalid`).
pub fn plan_for<'a>(
    framework: &'a Framework,
    report: &'a GapReport,
    from: Option<&'a Role>,
    to: &'a Role,
    pace: &PaceArgs,
    person: Option<&'a str>,
    today: NaiveDate,
) -> Result<Plan<'a>> {
    Ok(plan::build_plan(&PlanRequest {
        framework,
        report,
        from,
        to,
        pace: pace_from_args(pace)?,
        start: start_from_args(pace, today)?,
        person,
    })?)
}

/// A plan in one of [`FORMATS`].
pub fn render(plan: &Plan, inputs: &PlanInputs, format: Format, style: &Style) -> Result<String> {
    Ok(match format {
        Format::Json => render::json("plan", &PlanDocument { inputs, plan })?,
        Format::Markdown => markdown(plan, inputs),
        Format::Ics => calendar(plan, inputs),
        _ => table(plan, inputs, style),
    })
}

fn framework_ref(framework: &Framework) -> FrameworkRef {
    FrameworkRef {
        id: framework.manifest().id.clone(),
        version: framework.manifest().version.clone(),
    }
}

pub fn pace_from_args(args: &PaceArgs) -> Result<Pace, Invalid> {
    let pace = match (args.hours_per_week, args.months) {
        (Some(h), _) => Pace::HoursPerWeek(h),
        (None, Some(n)) => Pace::Months(n),
        (None, None) => Pace::Default,
    };
    plan::validate_pace(pace)?;
    Ok(pace)
}

/// `--start YYYY-MM`, else the month after today.
pub fn start_from_args(args: &PaceArgs, today: NaiveDate) -> Result<NaiveDate, Invalid> {
    match &args.start {
        None => Ok(plan::month_start(today, 1)),
        Some(text) => parse_month(text),
    }
}

/// A month as `YYYY-MM` (four-digit year, two-digit month).
pub fn parse_month(text: &str) -> Result<NaiveDate, Invalid> {
    let invalid = || {
        Invalid::new(format!("--start {text}: not a month"))
            .hint("use YYYY-MM, e.g. --start 2027-01")
    };
    let trimmed = text.trim();
    let (year, month) = trimmed.split_once('-').ok_or_else(invalid)?;
    if year.len() != 4
        || month.len() != 2
        || !year
            .chars()
            .chain(month.chars())
            .all(|c| c.is_ascii_digit())
    {
        return Err(invalid());
    }
    let year: i32 = year.parse().map_err(|_| invalid())?;
    let month: u32 = month.parse().map_err(|_| invalid())?;
    if year < 1970 {
        return Err(
            Invalid::new(format!("--start {text}: the year is too far back"))
                .hint("use a month from 1970 on, e.g. --start 2027-01"),
        );
    }
    NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(|| {
        Invalid::new(format!("--start {text}: month {month} does not exist"))
            .hint("months run from 01 to 12, e.g. --start 2027-01")
    })
}

/// Who "you" are when `--person` is not given: the login name.
fn source(context: &Context, framework: &Framework, args: &PlanArgs) -> Result<Source> {
    if let Some(path) = &args.assessment {
        let assessment = store::read_assessment(path).map_err(|reason| {
            let shown = path.display().to_string();
            let message = if reason.starts_with(&shown) {
                reason
            } else {
                format!("{shown}: {reason}")
            };
            Invalid::new(message).hint("give a file written by `pathway assess`")
        })?;
        return Ok(from_assessment(assessment, args, "assessment-file", path));
    }
    if let Some(input) = crate::assessment::ratings_from_args(&args.ratings, framework)? {
        let to = args.to.clone().or(input.to).ok_or_else(|| {
            Invalid::new("--to ROLE is needed to plan from ratings")
                .hint("e.g. --to senior-platform-engineer (`pathway roles` lists them)")
        })?;
        return Ok(Source {
            person: args.person.clone().or(input.person),
            ratings: input.ratings,
            from: args.from.clone().or(input.from),
            to,
            kind: "ratings",
            path: args.ratings.ratings.clone(),
            rater: input.rater,
            assessed: None,
        });
    }
    let person = match &args.person {
        Some(person) => person.clone(),
        None => crate::config::default_person(&context.home()?)?,
    };
    let store = Store::new(context.home()?);
    let (saved, skipped) = store.list(Some(&person))?;
    for file in &skipped {
        eprintln!("warning: skipped {}: {}", file.path.display(), file.reason);
    }
    match saved.into_iter().next() {
        Some(latest) => Ok(from_assessment(
            latest.assessment,
            args,
            "saved-assessment",
            &latest.path,
        )),
        None => Err(Invalid::new(format!(
            "no saved assessment for '{person}' in {}",
            store.assessments_dir().display()
        ))
        .hint(
            "create one with `pathway assess --to ROLE`, or plan from ratings: \
             `pathway plan --ratings FILE --to ROLE`",
        )
        .into()),
    }
}

fn from_assessment(
    assessment: Assessment,
    args: &PlanArgs,
    kind: &'static str,
    path: &Path,
) -> Source {
    Source {
        person: Some(assessment.person),
        ratings: assessment.ratings,
        from: args.from.clone().or(assessment.from),
        to: args.to.clone().unwrap_or(assessment.to),
        kind,
        path: Some(path.to_path_buf()),
        rater: Some(assessment.rater),
        assessed: Some(assessment.created),
    }
}

/// Ratings that leave out some of the target's skills plan them from 0: say so once.
fn warn_unrated(to: &Role, source: &Source) {
    let missing: Vec<&str> = to
        .expectations
        .iter()
        .map(|e| e.skill.as_str())
        .filter(|s| !source.ratings.contains_key(*s))
        .collect();
    if missing.is_empty() || source.kind != "ratings" {
        return;
    }
    let shown: Vec<&str> = missing.iter().take(5).copied().collect();
    eprintln!(
        "warning: {} of the {} skills {} expects {} no rating ({}{}); the plan assumes level 0 for {}",
        missing.len(),
        to.expectations.len(),
        to.title,
        if missing.len() == 1 { "has" } else { "have" },
        shown.join(", "),
        if missing.len() > shown.len() { ", ..." } else { "" },
        if missing.len() == 1 { "it" } else { "them" }
    );
    eprintln!(
        "  hint: add them to the ratings file or with --rate SKILL=LEVEL (`pathway skills --role {}` lists them)",
        to.id
    );
}

/// Points at a curated pathway the plan could have used, if `--from` was left out.
fn pathway_hint(framework: &Framework, from: Option<&Role>, to: &Role, style: &Style) -> String {
    if from.is_some() {
        return String::new();
    }
    match framework.pathways().find(|p| p.to == to.id) {
        Some(p) => style.hint(&format!(
            "A curated pathway leads here from {}: add --from {} to draw on it.",
            framework
                .role_outline(&p.from)
                .map_or(p.from.as_str(), |r| r.title.as_str()),
            p.from
        )),
        None => String::new(),
    }
}

// --- Text shared by the table and Markdown ------------------------------------------------

fn title(plan: &Plan) -> String {
    match (&plan.from, plan.mode) {
        (_, PlanMode::Stretch) => format!(
            "Growth plan: {}{}",
            plan.to.title,
            plan.stretch_toward
                .as_ref()
                .map_or_else(String::new, |n| format!(", stretching toward {}", n.title))
        ),
        (Some(from), _) => format!("Growth plan: {} → {}", from.title, plan.to.title),
        (None, _) => format!("Growth plan: {}", plan.to.title),
    }
}

fn source_line(inputs: &PlanInputs) -> String {
    let mut parts = Vec::new();
    if let Some(person) = &inputs.person {
        parts.push(format!("for {person}"));
    }
    match inputs.source {
        "saved-assessment" | "assessment-file" => {
            let mut what = "from the assessment".to_string();
            if let Some(when) = inputs.assessed {
                what.push_str(&format!(" of {}", when.format("%Y-%m-%d")));
            }
            if let Some(rater) = inputs.rater {
                what.push_str(&format!(
                    " ({} rating)",
                    match rater {
                        Rater::SelfRater => "self",
                        Rater::Manager => "manager",
                        Rater::Peer => "peer",
                    }
                ));
            }
            if let Some(path) = &inputs.file {
                what.push_str(&format!(" in {path}"));
            }
            parts.push(what);
        }
        "ratings" => parts.push(match &inputs.file {
            Some(path) => format!("from the ratings in {path}"),
            None => "from the ratings given".to_string(),
        }),
        _ => {}
    }
    parts.push(format!("made {}", inputs.today.format("%Y-%m-%d")));
    parts.join(" · ")
}

fn level_name(plan_levels: &[(u8, String)], level: u8) -> &str {
    plan_levels
        .iter()
        .find(|(l, _)| *l == level)
        .map_or("", |(_, name)| name.as_str())
}

fn focus_text(focus: &Focus, levels: &[(u8, String)]) -> String {
    let progress = if focus.reaches_target {
        format!(
            "reach {} ({}), the target",
            focus.level_by_month_end,
            level_name(levels, focus.level_by_month_end)
        )
    } else if focus.level_by_month_end > focus.level_at_start {
        format!(
            "reach {} ({}) on the way to {}",
            focus.level_by_month_end,
            level_name(levels, focus.level_by_month_end),
            focus.target_level
        )
    } else {
        format!(
            "{} → {}, about {}% of the step by month end",
            focus.level_at_start,
            focus.working_toward,
            (focus.step_progress * 100.0).round()
        )
    };
    format!("{}: {progress} · {} h", focus.name, hours(focus.hours))
}

fn hours(h: f64) -> String {
    if (h - h.round()).abs() < 0.05 {
        format!("{}", h.round())
    } else {
        format!("{h:.1}")
    }
}

/// One activity as a sentence: what, by whom, which part, and (first and last month) what it
/// is and what proves it.
fn activity_text(activity: &Activity) -> String {
    let mut text = format!("{}: {}", activity.kind.label(), activity.title);
    if let Some(by) = &activity.by {
        match activity.kind {
            ActivityKind::Reading => text.push_str(&format!(" by {by}")),
            _ => text.push_str(&format!(" from {by}")),
        }
    }
    if !activity.detail.is_empty() {
        text.push_str(&format!(", {}", activity.detail));
    }
    text.push('.');
    let first = activity.part <= 1;
    let last = activity.part == activity.parts;
    if first && !activity.description.is_empty() {
        text.push(' ');
        text.push_str(&activity.description);
    }
    if let Some(deliverable) = &activity.deliverable {
        if last {
            text.push_str(&format!(" Deliver: {deliverable}"));
        } else if first {
            text.push_str(&format!(" Proof of done: {deliverable}"));
        }
    }
    text
}

fn month_range(plan: &Plan, first: u32, last: u32) -> String {
    let short = |index: u32| {
        plan.months
            .get(index.saturating_sub(1) as usize)
            .map_or_else(String::new, |m| m.first_day.format("%b %Y").to_string())
    };
    if first == 0 {
        String::new()
    } else if first == last {
        short(first)
    } else {
        format!("{}–{}", short(first), short(last))
    }
}

fn check_in_text(check_in: &CheckIn) -> String {
    match check_in.kind {
        CheckInKind::Reflection => format!("{}: {}", check_in.title, check_in.text),
        CheckInKind::Reassessment => format!(
            "{}: {}{}",
            check_in.title,
            check_in.text,
            check_in
                .command
                .as_ref()
                .map_or_else(String::new, |c| format!(" Run: {c}"))
        ),
        CheckInKind::Milestone => format!("{}:", check_in.title),
    }
}

// --- Table (terminal) ------------------------------------------------------------------------

fn table(plan: &Plan, inputs: &PlanInputs, s: &Style) -> String {
    let width = usize::from(s.width);
    let levels: Vec<(u8, String)> = plan
        .scale
        .iter()
        .map(|l| (l.level, l.name.clone()))
        .collect();
    let mut out = s.heading(&title(plan));
    out.push_str(&s.dim(&source_line(inputs)));
    out.push('\n');
    out.push('\n');
    for line in &plan.summary {
        out.push_str(&render::wrap(line, width, 0));
    }

    if !plan.skills.is_empty() {
        out.push_str(&s.section(&format!(
            "Skills, in the order taken up ({})",
            plan.skills.len()
        )));
        let rows = plan
            .skills
            .iter()
            .map(|k| {
                vec![
                    k.name.to_string(),
                    importance_label(k.importance).to_string(),
                    format!("{} → {}", k.from_level, k.to_level),
                    hours(k.hours),
                    month_range(plan, k.first_month, k.last_month),
                    k.skill.to_string(),
                ]
            })
            .collect();
        out.push_str(&render::table(
            s,
            &["SKILL", "IMPORTANCE", "LEVEL", "HOURS", "MONTHS", "ID"],
            rows,
            &[3],
        ));
    }

    for month in &plan.months {
        out.push_str(&s.section(&format!(
            "{} · month {} of {}",
            month.label,
            month.index,
            plan.months.len()
        )));
        out.push_str(&month_table(month, &levels, s, width));
    }

    if !plan.after_plan.is_empty() {
        out.push_str(&s.section("After the plan"));
        for check_in in &plan.after_plan {
            out.push_str(&render::wrap(
                &format!("{} ({}):", check_in.title, check_in.date.format("%B %Y")),
                width,
                0,
            ));
            out.push_str(&render::bullets(&check_in.goals, width, 2));
        }
    }
    // After `assess`, assess prints its own next steps; one "Next:" is enough.
    if inputs.source != "assess" {
        out.push('\n');
        out.push_str(&s.hint(&format!(
            "Next: add --format ics > plan.ics to put the check-ins in your calendar; re-assess with `pathway assess --to {}`",
            plan.to.id
        )));
    }
    out
}

fn month_table(month: &Month, levels: &[(u8, String)], s: &Style, width: usize) -> String {
    let mut out = String::new();
    let tagged = |text: String, skills: &[&str]| {
        if skills.is_empty() {
            text
        } else {
            format!("{text} {}", s.dim(&format!("[{}]", skills.join(", "))))
        }
    };
    out.push_str(&s.bold("Focus"));
    out.push('\n');
    let focus: Vec<String> = month.focus.iter().map(|f| focus_text(f, levels)).collect();
    out.push_str(&render::bullets(&focus, width, 0));
    out.push_str(&s.bold("Activities"));
    out.push('\n');
    let activities: Vec<String> = month
        .activities
        .iter()
        .map(|a| tagged(activity_text(a), &a.skills))
        .collect();
    out.push_str(&render::bullets(&activities, width, 0));
    out.push_str(&s.bold("Check-ins"));
    out.push('\n');
    for check_in in &month.check_ins {
        out.push_str(&render::bullets(&[check_in_text(check_in)], width, 0));
        if !check_in.goals.is_empty() {
            out.push_str(&render::bullets(&check_in.goals, width, 2));
        }
    }
    out
}

// --- Markdown ------------------------------------------------------------------------------

fn markdown(plan: &Plan, inputs: &PlanInputs) -> String {
    let levels: Vec<(u8, String)> = plan
        .scale
        .iter()
        .map(|l| (l.level, l.name.clone()))
        .collect();
    let e = &plan.effort;
    let mut out = format!("# {}\n\n*{}*\n\n", title(plan), source_line(inputs));
    for line in &plan.summary {
        out.push_str(&format!("- {line}\n"));
    }
    out.push_str("\n## Effort\n\n");
    let mut rows = vec![
        vec![
            "Hours of deliberate practice".to_string(),
            hours(e.total_hours),
        ],
        vec!["Hours per week".to_string(), hours(e.hours_per_week)],
        vec!["Hours per month".to_string(), hours(e.hours_per_month)],
        vec![
            "Focus skills at once".to_string(),
            e.focus_capacity.to_string(),
        ],
        vec!["Months".to_string(), e.months.to_string()],
    ];
    if let Some(range) = e.typical_months {
        rows.push(vec![
            "Typical for the pathway".to_string(),
            format!("{}–{} months", range.min, range.max),
        ]);
    }
    out.push_str(&render::markdown_table(&["Effort", "Estimate"], &rows));

    if !plan.skills.is_empty() {
        out.push_str("\n## Skills, in the order taken up\n\n");
        let rows: Vec<Vec<String>> = plan
            .skills
            .iter()
            .map(|k| {
                vec![
                    format!("{} (`{}`)", k.name, k.skill),
                    importance_label(k.importance).to_string(),
                    format!("{} → {}", k.from_level, k.to_level),
                    hours(k.hours),
                    month_range(plan, k.first_month, k.last_month),
                ]
            })
            .collect();
        out.push_str(&render::markdown_table(
            &["Skill", "Importance", "Level", "Hours", "Months"],
            &rows,
        ));
    }

    let code = |skills: &[&str]| {
        skills
            .iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    for month in &plan.months {
        out.push_str(&format!(
            "\n## {} (month {} of {})\n\n**Focus**\n\n",
            month.label,
            month.index,
            plan.months.len()
        ));
        for f in &month.focus {
            out.push_str(&format!("- {}\n", focus_text(f, &levels)));
        }
        out.push_str("\n**Activities**\n\n");
        for a in &month.activities {
            // Bold the kind ("**Project:** ...") so the month scans quickly.
            let text = activity_text(a);
            let text = match text.split_once(": ") {
                Some((kind, rest)) => format!("**{kind}:** {rest}"),
                None => text,
            };
            out.push_str(&format!("- {text}"));
            if !a.skills.is_empty() {
                out.push_str(&format!(" *Serves:* {}", code(&a.skills)));
            }
            out.push('\n');
        }
        out.push_str("\n**Check-ins**\n\n");
        for c in &month.check_ins {
            match c.kind {
                CheckInKind::Reassessment => out.push_str(&format!(
                    "- **{}:** {}{}\n",
                    c.title,
                    c.text,
                    c.command
                        .as_ref()
                        .map_or_else(String::new, |cmd| format!(" Run `{cmd}`."))
                )),
                CheckInKind::Reflection => {
                    out.push_str(&format!("- **{}:** {}\n", c.title, c.text))
                }
                CheckInKind::Milestone => out.push_str(&format!("- **{}:**\n", c.title)),
            }
            for goal in &c.goals {
                out.push_str(&format!("  - {goal}\n"));
            }
        }
    }
    if !plan.after_plan.is_empty() {
        out.push_str("\n## After the plan\n\n");
        for c in &plan.after_plan {
            out.push_str(&format!("- {} ({}):\n", c.title, c.date.format("%B %Y")));
            for goal in &c.goals {
                out.push_str(&format!("  - {goal}\n"));
            }
        }
    }
    out
}

// --- iCalendar -------------------------------------------------------------------------------

/// Check-ins and milestones as all-day events on the last day of their month. UIDs are built
/// from the person, the target role, the month and the kind, so re-importing a new version of
/// the plan updates events instead of duplicating them.
fn calendar(plan: &Plan, inputs: &PlanInputs) -> String {
    let key = format!(
        "{}-{}",
        store::slug(inputs.person.as_deref().unwrap_or("me")),
        plan.to.id
    );
    let mut events = Vec::new();
    let mut add = |check_in: &CheckIn, month: Option<&Month>| {
        let kind = match check_in.kind {
            CheckInKind::Reflection => "reflection",
            CheckInKind::Reassessment => "reassessment",
            CheckInKind::Milestone => "milestone",
        };
        let horizon = check_in
            .horizon
            .map(|h| {
                serde_json::to_value(h)
                    .ok()
                    .and_then(|v| v.as_str().map(|s| format!("-{s}")))
                    .unwrap_or_default()
            })
            .unwrap_or_default();
        let uid = format!(
            "{}-{kind}{horizon}-{key}@pathway",
            check_in.date.format("%Y%m")
        );
        let (summary, mut description) = match check_in.kind {
            CheckInKind::Reflection => (
                format!(
                    "Growth plan check-in: {}",
                    month.map_or("", |m| m.label.as_str())
                ),
                check_in.text.clone(),
            ),
            CheckInKind::Reassessment => (
                format!("{}: {}", check_in.title, plan.to.title),
                format!(
                    "{}{}",
                    check_in.text,
                    check_in
                        .command
                        .as_ref()
                        .map_or_else(String::new, |c| format!("\nRun: {c}"))
                ),
            ),
            CheckInKind::Milestone => (
                check_in.title.to_string(),
                format!(
                    "{}\n{}",
                    check_in.text,
                    check_in
                        .goals
                        .iter()
                        .map(|g| format!("- {g}"))
                        .collect::<Vec<_>>()
                        .join("\n")
                ),
            ),
        };
        if let (CheckInKind::Reflection, Some(month)) = (check_in.kind, month) {
            let focus: Vec<String> = month
                .focus
                .iter()
                .map(|f| format!("{} (toward {})", f.name, f.working_toward))
                .collect();
            description.push_str(&format!("\n\nFocus this month: {}.", focus.join("; ")));
            let activities: Vec<String> = month
                .activities
                .iter()
                .map(|a| format!("- {}: {}", a.kind.label(), a.title))
                .collect();
            description.push_str(&format!("\nActivities:\n{}", activities.join("\n")));
        }
        events.push(ics::Event {
            uid,
            date: check_in.date,
            summary,
            description,
            categories: vec!["Growth plan".to_string()],
        });
    };
    for month in &plan.months {
        for check_in in &month.check_ins {
            add(check_in, Some(month));
        }
    }
    for check_in in &plan.after_plan {
        add(check_in, None);
    }
    let stamp = inputs.today.and_hms_opt(0, 0, 0).unwrap_or_default();
    ics::calendar(
        &ics::Calendar {
            product: "-//pathway//growth plan//EN".to_string(),
            name: title(plan),
            events,
        },
        stamp,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_months() {
        assert_eq!(
            parse_month("2027-01").unwrap(),
            NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()
        );
        for bad in [
            "2027-13",
            "2027-1",
            "27-01",
            "2027/01",
            "2027-01-05",
            "",
            "1969-12",
        ] {
            let error = parse_month(bad).unwrap_err();
            assert!(error.hint.is_some(), "{bad}: {error}");
        }
    }

    #[test]
    fn start_defaults_to_the_month_after_today() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 21).unwrap();
        assert_eq!(
            start_from_args(&PaceArgs::default(), today).unwrap(),
            NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()
        );
    }

    #[test]
    fn pace_flags_are_checked() {
        let with = |h: Option<f64>, m: Option<u32>| PaceArgs {
            hours_per_week: h,
            months: m,
            start: None,
        };
        assert!(pace_from_args(&with(Some(0.0), None)).is_err());
        assert!(pace_from_args(&with(Some(-3.0), None)).is_err());
        assert!(pace_from_args(&with(Some(f64::NAN), None)).is_err());
        assert!(pace_from_args(&with(Some(80.0), None)).is_err());
        assert!(pace_from_args(&with(None, Some(0))).is_err());
        assert!(pace_from_args(&with(None, Some(500))).is_err());
        assert_eq!(
            pace_from_args(&with(Some(7.5), None)).unwrap(),
            Pace::HoursPerWeek(7.5)
        );
        assert_eq!(pace_from_args(&with(None, None)).unwrap(), Pace::Default);
    }
}
