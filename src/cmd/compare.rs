//! `pathway compare`: two assessments of one person (self vs manager, then vs now), or two
//! roles' expectations (`--roles FROM TO`).
//!
//! An assessment reference is one of:
//! - a file path (any saved assessment file);
//! - `latest`, `previous`, or `@N` (the N-th newest, `@1` = latest) of `--person`, any rater;
//! - any of those with a rater: `latest:manager`, `previous:self`, `@3:peer`;
//! - a bare rater, `self`, `manager` or `peer`: that rater's latest.
//!
//! `--rater R` gives the rater to references that name none. No reference means `previous`
//! against `latest`; one means it against `latest`. A keyword wins over a file of the same
//! name: write `./latest` for the file.

use super::role::{horizon_label, importance_label};
use crate::cli::{CompareArgs, Format, Rater};
use crate::compare::{
    self, rater_label, AssessmentComparison, RoleComparison, SkillChange, SkillChangeKind,
    SkillRow, SkillSide, View,
};
use crate::context::{emit, Context};
use crate::error::Invalid;
use crate::render::{self, Style};
use crate::store::{self, Saved, Store};
use anyhow::Result;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// How many "talk about first" lines the table shows before the per-skill list.
const TALK_ABOUT_SHOWN: usize = 5;
/// How many moved skills the progress table lists before the per-skill list.
const MOVED_SHOWN: usize = 8;

pub fn run(context: &Context, args: &CompareArgs) -> Result<()> {
    let format = context.format(&[Format::Table, Format::Markdown, Format::Json, Format::Csv])?;
    let framework = context.framework()?;
    if let Some(roles) = &args.roles {
        let from = framework.require_role(&roles[0])?;
        let to = framework.require_role(&roles[1])?;
        let comparison = compare::compare_roles(framework, from, to)?;
        let style = &context.style;
        let text = match format {
            Format::Json => render::json("comparison", &comparison)?,
            Format::Markdown => roles_markdown(&comparison),
            Format::Csv => roles_csv(&comparison),
            _ => {
                let mut text = roles_table(&comparison, style);
                let next = match framework.pathway_between(&from.id, &to.id) {
                    Some(pathway) => format!("Next: pathway pathway {}", pathway.id),
                    None => format!("Next: pathway assess --to {}", to.id),
                };
                text.push('\n');
                text.push_str(&style.hint(&next));
                text
            }
        };
        return emit(&text);
    }

    let store = Store::new(context.home()?);
    let (first, second) = resolve(&store, args)?;
    let mut comparison =
        compare::compare_assessments(framework, &first.assessment, &second.assessment)?;
    // A progress view puts the older one first, swapping only when the first is newer.
    let swapped = comparison.a.created != first.assessment.created;
    let (file_a, file_b) = if swapped {
        (&second.path, &first.path)
    } else {
        (&first.path, &second.path)
    };
    comparison.a.file = Some(file_a.display().to_string());
    comparison.b.file = Some(file_b.display().to_string());
    let style = &context.style;
    let text = match format {
        Format::Json => render::json("comparison", &comparison)?,
        Format::Markdown => assessments_markdown(&comparison),
        Format::Csv => assessments_csv(&comparison),
        _ => {
            let mut text = assessments_table(&comparison, style);
            text.push('\n');
            text.push_str(
                &style.hint("Next: add --format markdown to paste this into your 1:1 notes"),
            );
            text
        }
    };
    emit(&text)
}

// ---------------------------------------------------------------------------------------------
// References

#[derive(Debug, Clone, PartialEq, Eq)]
enum Reference {
    File(PathBuf),
    /// The `nth` newest (0 = latest) of the person's assessments, of one rater if given.
    Saved {
        nth: usize,
        rater: Option<Rater>,
        text: String,
    },
}

fn rater_named(name: &str) -> Option<Rater> {
    match name {
        "self" => Some(Rater::SelfRater),
        "manager" => Some(Rater::Manager),
        "peer" => Some(Rater::Peer),
        _ => None,
    }
}

const FORMS: &str = "latest, previous, @N, latest:manager, previous:self, manager";

fn parse_reference(text: &str, default_rater: Option<Rater>) -> Result<Reference, Invalid> {
    let lower = text.trim().to_lowercase();
    let (position, rater) = match lower.split_once(':') {
        Some((position, rater)) => (position, Some(rater)),
        None => (lower.as_str(), None),
    };
    if rater.is_none() {
        if let Some(rater) = rater_named(position) {
            return Ok(Reference::Saved {
                nth: 0,
                rater: Some(rater),
                text: text.to_string(),
            });
        }
    }
    let nth = match position {
        "latest" => 0,
        "previous" => 1,
        p if p.starts_with('@') => match p[1..].parse::<usize>() {
            Ok(n) if n >= 1 => n - 1,
            _ => {
                return Err(Invalid::new(format!(
                    "'{text}': @N takes a number from 1 (the latest)"
                ))
                .hint(format!("references: {FORMS}")))
            }
        },
        // Anything else (including `C:\…`) is a path.
        _ => return Ok(Reference::File(PathBuf::from(text))),
    };
    let rater = match rater {
        None => default_rater,
        Some(name) => Some(rater_named(name).ok_or_else(|| {
            Invalid::new(format!("'{text}': unknown rater '{name}'"))
                .hint("raters are self, manager and peer, e.g. latest:manager")
        })?),
    };
    Ok(Reference::Saved {
        nth,
        rater,
        text: text.to_string(),
    })
}

/// The person `--person` names, else the login name.
/// The person's saved assessments, newest first; damaged files are reported and left alone.
fn saved_of(store: &Store, person: &str) -> Result<Vec<Saved>> {
    let (saved, skipped) = store.list(Some(person))?;
    for file in skipped {
        report_skipped(&file);
    }
    Ok(saved)
}

fn report_skipped(file: &store::Skipped) {
    let path = file.path.display().to_string();
    if file.reason.contains(&path) {
        eprintln!("pathway: skipped {} (left untouched)", file.reason);
    } else {
        eprintln!("pathway: skipped {path}: {} (left untouched)", file.reason);
    }
}

fn assessment_line(position: usize, saved: &Saved) -> String {
    let a = &saved.assessment;
    let rater = match &a.rater_name {
        Some(name) => format!("{} ({name})", rater_label(a.rater)),
        None => rater_label(a.rater).to_string(),
    };
    let file = saved.path.file_name().map_or_else(
        || saved.path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    format!(
        "  @{:<3} {}  {:<9} → {}  {}",
        position + 1,
        a.created.format("%Y-%m-%d %H:%M"),
        rater,
        a.to,
        file
    )
}

/// "alex has 3 saved assessments in DIR, newest first:" and one line per assessment.
fn describe_saved(person: &str, saved: &[Saved]) -> String {
    let folder = saved
        .first()
        .and_then(|s| s.path.parent())
        .map_or_else(String::new, |p| format!(" in {}", p.display()));
    let mut text = format!(
        "{person} has {} saved assessment{}{folder}, newest first:",
        saved.len(),
        if saved.len() == 1 { "" } else { "s" }
    );
    for (position, s) in saved.iter().enumerate() {
        text.push('\n');
        text.push_str(&assessment_line(position, s));
    }
    text
}

/// Who has saved assessments, for when the person named has none.
fn describe_people(store: &Store) -> Result<String> {
    let (saved, _) = store.list(None)?;
    let mut people: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for s in &saved {
        people
            .entry(store::slug(&s.assessment.person))
            .or_insert_with(|| (s.assessment.person.clone(), 0))
            .1 += 1;
    }
    if people.is_empty() {
        return Ok(format!(
            "no assessments are saved in {} yet",
            store.assessments_dir().display()
        ));
    }
    let list: Vec<String> = people
        .values()
        .map(|(name, count)| format!("{name} ({count})"))
        .collect();
    Ok(format!(
        "people with saved assessments: {}",
        list.join(", ")
    ))
}

/// What exists for `person`: their assessments, or else the people who have some.
fn what_exists(store: &Store, person: &str) -> Result<String> {
    let (saved, _) = store.list(Some(person))?;
    if saved.is_empty() {
        Ok(format!(
            "{person} has no saved assessments; {}",
            describe_people(store)?
        ))
    } else {
        Ok(describe_saved(person, &saved))
    }
}

/// Turns the references into two saved assessments (first, second).
fn resolve(store: &Store, args: &CompareArgs) -> Result<(Saved, Saved)> {
    let mut references = args
        .refs
        .iter()
        .map(|r| parse_reference(r, args.rater))
        .collect::<Result<Vec<_>, _>>()?;
    let latest = Reference::Saved {
        nth: 0,
        rater: args.rater,
        text: "latest".to_string(),
    };
    match references.len() {
        0 => {
            references.push(Reference::Saved {
                nth: 1,
                rater: args.rater,
                text: "previous".to_string(),
            });
            references.push(latest);
        }
        1 => references.push(latest),
        _ => {}
    }

    // Files first: their person is the default for keywords when --person is not given.
    let mut files: Vec<Option<Saved>> = Vec::new();
    for reference in &references {
        files.push(match reference {
            Reference::File(path) => Some(read_file(store, args, path)?),
            Reference::Saved { .. } => None,
        });
    }
    let person = match (&args.person, files.iter().flatten().next()) {
        (Some(person), _) => person.clone(),
        (None, Some(file)) => file.assessment.person.clone(),
        (None, None) => crate::config::default_person(store.root())?,
    };

    let mut saved: Option<Vec<Saved>> = None;
    let mut resolved = Vec::new();
    for (reference, file) in references.iter().zip(files) {
        if let Some(file) = file {
            resolved.push(file);
            continue;
        }
        let Reference::Saved { nth, rater, text } = reference else {
            unreachable!("files were read above")
        };
        if saved.is_none() {
            saved = Some(saved_of(store, &person)?);
        }
        let all = saved.as_deref().unwrap_or_default();
        if all.is_empty() {
            let whose = if args.person.is_some() {
                person.clone()
            } else {
                format!("{person} (you; --person picks someone else)")
            };
            return Err(Invalid::new(format!(
                "'{text}' names nothing: {whose} has no saved assessments; {}",
                describe_people(store)?
            ))
            .hint(format!(
                "save one with `pathway assess --person {person}`, or give --person NAME"
            ))
            .into());
        }
        let of_rater: Vec<&Saved> = all
            .iter()
            .filter(|s| rater.is_none_or(|r| s.assessment.rater == r))
            .collect();
        match of_rater.get(*nth) {
            Some(found) => resolved.push((*found).clone()),
            None => {
                let kind = rater.map_or(String::new(), |r| format!("{} ", rater_label(r)));
                return Err(Invalid::new(format!(
                    "'{text}' names nothing: {person} has {} {kind}assessment{}\n{}",
                    of_rater.len(),
                    if of_rater.len() == 1 { "" } else { "s" },
                    describe_saved(&person, all)
                ))
                .hint(format!(
                    "pick from the list (@N, a file), or save another with `pathway assess --person {person}{}`",
                    rater.map_or(String::new(), |r| format!(" --rater {}", rater_label(r)))
                ))
                .into());
            }
        }
    }
    let second = resolved.pop().expect("two references");
    let first = resolved.pop().expect("two references");
    if first.path == second.path {
        let message = if args.refs.len() == 1 {
            format!(
                "'{}' is the latest assessment, and one reference is compared with the latest",
                args.refs[0]
            )
        } else {
            format!(
                "both references name the same assessment ({})",
                first.path.display()
            )
        };
        return Err(
            Invalid::new(format!("{message}\n{}", what_exists(store, &person)?))
                .hint("give two different assessments, e.g. latest:self latest:manager")
                .into(),
        );
    }
    Ok((first, second))
}

fn read_file(store: &Store, args: &CompareArgs, path: &std::path::Path) -> Result<Saved> {
    if !path.is_file() {
        let person = match &args.person {
            Some(p) => p.clone(),
            None => crate::config::default_person(store.root())?,
        };
        let what = if path.exists() {
            "is not a file"
        } else {
            "does not exist"
        };
        return Err(Invalid::new(format!(
            "'{}' {what} and is not a reference\n{}",
            path.display(),
            what_exists(store, &person)?
        ))
        .hint(format!("give an assessment file or a reference: {FORMS}"))
        .into());
    }
    match store::read_assessment(path) {
        Ok(assessment) => Ok(Saved {
            path: path.to_path_buf(),
            assessment,
        }),
        Err(reason) => {
            let path_text = path.display().to_string();
            let message = if reason.contains(&path_text) {
                reason
            } else {
                format!("{path_text}: {reason}")
            };
            Err(Invalid::new(message)
                .hint("fix the file by hand or pick another; pathway never changes it")
                .into())
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Markers: ▲▼ on a colour terminal, +/- in plain text

fn arrows(style: &Style) -> bool {
    style.color && style.unicode
}

/// "▲2" / "▼1" / "=" with arrows, "+2" / "-1" / "0" without.
fn marker(style: &Style, difference: i8) -> String {
    match (difference.signum(), arrows(style)) {
        (1, true) => format!("▲{difference}"),
        (-1, true) => format!("▼{}", difference.unsigned_abs()),
        (0, true) => "=".to_string(),
        (1, false) => format!("+{difference}"),
        (-1, false) => format!("-{}", difference.unsigned_abs()),
        _ => "0".to_string(),
    }
}

fn points(style: &Style, change: f64) -> String {
    if change.abs() < 0.05 {
        return "no change".to_string();
    }
    match (change > 0.0, arrows(style)) {
        (true, true) => format!("▲{change:.1} points"),
        (false, true) => format!("▼{:.1} points", change.abs()),
        (true, false) => format!("+{change:.1} points"),
        (false, false) => format!("-{:.1} points", change.abs()),
    }
}

/// Colours every ▲/▼ marker after the tables are laid out, so the escape codes never count
/// towards a column's width.
fn paint_markers(
    style: &Style,
    text: &str,
    up: fn(&Style, &str) -> String,
    down: fn(&Style, &str) -> String,
) -> String {
    if !style.color {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '▲' || c == '▼' {
            let mut token = c.to_string();
            while let Some(&next) = chars.peek() {
                if next.is_ascii_digit() || next == '.' {
                    token.push(next);
                    chars.next();
                } else {
                    break;
                }
            }
            out.push_str(&if c == '▲' {
                up(style, &token)
            } else {
                down(style, &token)
            });
        } else {
            out.push(c);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Two assessments

fn rating_text(side: &SkillSide) -> String {
    match side.rating {
        Some(level) => level.to_string(),
        None if side.unsure => "?".to_string(),
        None => "-".to_string(),
    }
}

fn expected_text(row: &SkillRow) -> String {
    if row.a.expected == row.b.expected {
        row.a.expected.to_string()
    } else {
        format!("{}/{}", row.a.expected, row.b.expected)
    }
}

fn names(c: &AssessmentComparison, ids: &[String]) -> String {
    ids.iter()
        .map(|id| c.skill(id).map_or(id.as_str(), |r| r.name.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn evidence(c: &AssessmentComparison, row: &SkillRow) -> String {
    let mut parts = Vec::new();
    for (label, side) in [(&c.a.label, &row.a), (&c.b.label, &row.b)] {
        if !side.note.is_empty() {
            parts.push(format!("{label}: {}", side.note));
        }
    }
    parts.join("; ")
}

fn role_text(c: &AssessmentComparison) -> String {
    if c.shared_skills_only {
        format!("{} / {}", c.a.role_title, c.b.role_title)
    } else {
        c.b.role_title.clone()
    }
}

fn side_when(side: &compare::Side) -> String {
    match &side.rater_name {
        Some(name) if side.label != *name => {
            format!("{} ({name}) {}", side.label, side.date)
        }
        _ => format!("{} {}", side.label, side.date),
    }
}

/// "Kubernetes operations: self 5, manager 2, expected 4"
fn talk_line(c: &AssessmentComparison, row: &SkillRow) -> String {
    format!(
        "{}: {} {}, {} {}, expected {}",
        row.name,
        c.a.label,
        rating_text(&row.a),
        c.b.label,
        rating_text(&row.b),
        expected_text(row)
    )
}

fn readiness_line(c: &AssessmentComparison) -> String {
    let band = |s: &compare::Side| {
        if s.band_label.is_empty() {
            String::new()
        } else {
            format!(" ({})", s.band_label)
        }
    };
    if c.shared_skills_only {
        format!(
            "Readiness: {} {:.1}% for {}{}, {} {:.1}% for {}{}",
            c.a.label,
            c.a.readiness,
            c.a.role_title,
            band(&c.a),
            c.b.label,
            c.b.readiness,
            c.b.role_title,
            band(&c.b)
        )
    } else {
        format!(
            "Readiness for {}: {} {:.1}%{}, {} {:.1}%{}",
            c.b.role_title,
            c.a.label,
            c.a.readiness,
            band(&c.a),
            c.b.label,
            c.b.readiness,
            band(&c.b)
        )
    }
}

fn assessments_table(c: &AssessmentComparison, s: &Style) -> String {
    let text = match c.view {
        View::Progress => progress_table(c, s),
        _ => calibration_table(c, s),
    };
    match c.view {
        View::Progress => paint_markers(s, &text, Style::green, Style::red),
        // In a calibration neither direction is better: both markers only draw the eye.
        _ => paint_markers(s, &text, Style::yellow, Style::yellow),
    }
}

fn calibration_table(c: &AssessmentComparison, s: &Style) -> String {
    let width = usize::from(s.width);
    let cal = c.calibration.as_ref().expect("a calibration view");
    let mut out = s.heading(&format!(
        "{}: {} vs {} · {}",
        c.person,
        c.a.label,
        c.b.label,
        role_text(c)
    ));
    // The first lines are the conversation: the largest disagreements.
    if cal.talk_about.is_empty() {
        out.push_str(&render::wrap(
            "Nothing stands out: the two views agree within one level on every skill both rated, and on which expectations are met.",
            width,
            0,
        ));
    } else {
        out.push_str(&s.bold("Talk about first:"));
        out.push('\n');
        for id in cal.talk_about.iter().take(TALK_ABOUT_SHOWN) {
            let Some(row) = c.skill(id) else { continue };
            let size = row.difference.unwrap_or(0);
            out.push_str(&format!("  {:<3} {}\n", marker(s, size), talk_line(c, row)));
            // Each side's evidence on its own line, under the ratings it supports.
            for (label, side) in [(&c.a.label, &row.a), (&c.b.label, &row.b)] {
                if !side.note.is_empty() {
                    let wrapped = render::wrap(&format!("{label}: {}", side.note), width, 6);
                    for line in wrapped.lines() {
                        out.push_str(&s.dim(line));
                        out.push('\n');
                    }
                }
            }
        }
        if cal.talk_about.len() > TALK_ABOUT_SHOWN {
            out.push_str(&format!(
                "  … and {} more in the table below\n",
                cal.talk_about.len() - TALK_ABOUT_SHOWN
            ));
        }
    }
    out.push('\n');
    let mut summary = vec![format!(
        "Agreement: {} of {} skills within one level ({:.0}%)",
        cal.agreement.within_one_level, cal.agreement.compared, cal.agreement.rate
    )];
    summary.push(readiness_line(c));
    if !cal.gaps_both_see.is_empty() {
        summary.push(format!("Gaps both see: {}", names(c, &cal.gaps_both_see)));
    }
    for (label, ids) in [
        (&c.a.label, &cal.strengths_only_a_sees),
        (&c.b.label, &cal.strengths_only_b_sees),
    ] {
        if !ids.is_empty() {
            summary.push(format!("Strengths only {label} sees: {}", names(c, ids)));
        }
    }
    if !cal.strengths_both_see.is_empty() {
        summary.push(format!(
            "Strengths both see: {}",
            names(c, &cal.strengths_both_see)
        ));
    }
    if !cal.to_confirm.is_empty() {
        summary.push(format!(
            "Not compared (one side not sure or did not rate): {}",
            names(c, &cal.to_confirm)
        ));
    }
    summary.push(format!(
        "Assessments: {}, {}",
        side_when(&c.a),
        side_when(&c.b)
    ));
    for line in summary.iter().chain(&c.notes) {
        out.push_str(&render::wrap(line, width, 0));
    }

    out.push_str(&s.section(&format!("Per skill ({})", c.skills.len())));
    let with_notes = c.skills.iter().any(|r| !evidence(c, r).is_empty());
    let mut header = vec![
        "SKILL".to_string(),
        c.a.label.to_uppercase(),
        c.b.label.to_uppercase(),
        "EXPECTED".to_string(),
        "DIFF".to_string(),
    ];
    if with_notes {
        header.push("EVIDENCE".to_string());
    }
    let rows = c
        .skills
        .iter()
        .map(|row| {
            let mut cells = vec![
                row.name.clone(),
                rating_text(&row.a),
                rating_text(&row.b),
                expected_text(row),
                row.difference.map_or(String::new(), |d| marker(s, d)),
            ];
            if with_notes {
                cells.push(evidence(c, row));
            }
            cells
        })
        .collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    out.push_str(&render::table(s, &header, rows, &[1, 2, 3, 4]));
    out
}

fn progress_table(c: &AssessmentComparison, s: &Style) -> String {
    let width = usize::from(s.width);
    let p = c.progress.as_ref().expect("a progress view");
    let mut out = s.heading(&format!(
        "{}: progress, {} → {}, {} apart · {}",
        c.person,
        c.a.date,
        c.b.date,
        c.time_between.describe(),
        rater_label(c.b.rater)
    ));
    let band = |label: &str| {
        if label.is_empty() {
            String::new()
        } else {
            format!(" ({label})")
        }
    };
    let readiness = if c.shared_skills_only {
        format!(
            "Readiness: then {:.1}% for {}, now {:.1}% for {}",
            p.readiness_then, c.a.role_title, p.readiness_now, c.b.role_title
        )
    } else {
        format!(
            "Readiness for {}: then {:.1}%{}, now {:.1}%{}, {}",
            c.b.role_title,
            p.readiness_then,
            band(&p.band_then),
            p.readiness_now,
            band(&p.band_now),
            points(s, p.readiness_change)
        )
    };
    out.push_str(&render::wrap(&readiness, width, 0));
    if p.moved.is_empty() {
        out.push_str("No skill moved.\n");
    } else {
        out.push_str(&s.bold(&format!(
            "Moved: {} skill{} ({} up, {} down)",
            p.moved.len(),
            if p.moved.len() == 1 { "" } else { "s" },
            p.moved_up,
            p.moved_down
        )));
        out.push('\n');
        for id in p.moved.iter().take(MOVED_SHOWN) {
            let Some(row) = c.skill(id) else { continue };
            out.push_str(&format!(
                "  {:<3} {}: {} → {} (expected {})\n",
                marker(s, row.difference.unwrap_or(0)),
                row.name,
                rating_text(&row.a),
                rating_text(&row.b),
                row.b.expected
            ));
        }
        if p.moved.len() > MOVED_SHOWN {
            out.push_str(&format!(
                "  … and {} more in the table below\n",
                p.moved.len() - MOVED_SHOWN
            ));
        }
    }
    if !p.critical_gaps_not_moved.is_empty() {
        let list: Vec<String> = p
            .critical_gaps_not_moved
            .iter()
            .filter_map(|id| c.skill(id))
            .map(|row| {
                format!(
                    "{} ({}, expected {})",
                    row.name,
                    rating_text(&row.b),
                    row.b.expected
                )
            })
            .collect();
        out.push_str(&render::wrap(
            &format!("Critical gaps that have not moved: {}", list.join(", ")),
            width,
            0,
        ));
    }
    if !p.newly_rated.is_empty() {
        out.push_str(&render::wrap(
            &format!("Rated for the first time: {}", names(c, &p.newly_rated)),
            width,
            0,
        ));
    }
    for note in &c.notes {
        out.push_str(&render::wrap(note, width, 0));
    }

    out.push_str(&s.section(&format!("Per skill ({})", c.skills.len())));
    let with_notes = c.skills.iter().any(|r| !r.b.note.is_empty());
    let mut header = vec!["SKILL", "THEN", "NOW", "CHANGE", "EXPECTED"];
    if with_notes {
        header.push("EVIDENCE (NOW)");
    }
    let rows = c
        .skills
        .iter()
        .map(|row| {
            let mut cells = vec![
                row.name.clone(),
                rating_text(&row.a),
                rating_text(&row.b),
                row.difference.map_or(String::new(), |d| marker(s, d)),
                row.b.expected.to_string(),
            ];
            if with_notes {
                cells.push(row.b.note.clone());
            }
            cells
        })
        .collect();
    out.push_str(&render::table(s, &header, rows, &[1, 2, 3, 4]));
    out
}

fn signed(difference: Option<i8>) -> String {
    match difference {
        Some(d) if d > 0 => format!("+{d}"),
        Some(d) => d.to_string(),
        None => String::new(),
    }
}

fn assessments_markdown(c: &AssessmentComparison) -> String {
    let mut out = String::new();
    let bullet = |out: &mut String, text: String| out.push_str(&format!("- {text}\n"));
    match (&c.calibration, &c.progress) {
        (Some(cal), _) => {
            out.push_str(&format!(
                "# Calibration: {} — {} vs {}\n\n",
                c.person, c.a.label, c.b.label
            ));
            out.push_str(&format!(
                "Target role: {} · {}, {}\n\n",
                role_text(c),
                side_when(&c.a),
                side_when(&c.b)
            ));
            out.push_str("## Talk about first\n\n");
            if cal.talk_about.is_empty() {
                out.push_str("Nothing stands out: the two views agree within one level on every skill both rated.\n");
            }
            for id in &cal.talk_about {
                let Some(row) = c.skill(id) else { continue };
                bullet(
                    &mut out,
                    format!(
                        "**{}**: {} {}, {} {} ({}), expected {}",
                        row.name,
                        c.a.label,
                        rating_text(&row.a),
                        c.b.label,
                        rating_text(&row.b),
                        signed(row.difference),
                        expected_text(row)
                    ),
                );
                for (label, side) in [(&c.a.label, &row.a), (&c.b.label, &row.b)] {
                    if !side.note.is_empty() {
                        out.push_str(&format!("  - {label}: {}\n", side.note));
                    }
                }
            }
            out.push_str("\n## Summary\n\n");
            bullet(
                &mut out,
                format!(
                    "Agreement: {} of {} skills within one level ({:.0}%)",
                    cal.agreement.within_one_level, cal.agreement.compared, cal.agreement.rate
                ),
            );
            bullet(&mut out, readiness_line(c));
            if !cal.gaps_both_see.is_empty() {
                bullet(
                    &mut out,
                    format!("Gaps both see: {}", names(c, &cal.gaps_both_see)),
                );
            }
            for (label, ids) in [
                (&c.a.label, &cal.strengths_only_a_sees),
                (&c.b.label, &cal.strengths_only_b_sees),
            ] {
                if !ids.is_empty() {
                    bullet(
                        &mut out,
                        format!("Strengths only {label} sees: {}", names(c, ids)),
                    );
                }
            }
            if !cal.strengths_both_see.is_empty() {
                bullet(
                    &mut out,
                    format!("Strengths both see: {}", names(c, &cal.strengths_both_see)),
                );
            }
            if !cal.to_confirm.is_empty() {
                bullet(
                    &mut out,
                    format!(
                        "Not compared (one side not sure or did not rate): {}",
                        names(c, &cal.to_confirm)
                    ),
                );
            }
        }
        (None, Some(p)) => {
            out.push_str(&format!(
                "# Progress: {} — {} → {}\n\n",
                c.person, c.a.date, c.b.date
            ));
            out.push_str(&format!(
                "{} apart · rated by {} · target role: {}\n\n",
                c.time_between.describe(),
                rater_label(c.b.rater),
                role_text(c)
            ));
            out.push_str("## Summary\n\n");
            bullet(
                &mut out,
                format!(
                    "Readiness: then {:.1}%, now {:.1}% ({}{:.1} points)",
                    p.readiness_then,
                    p.readiness_now,
                    if p.readiness_change > 0.0 { "+" } else { "" },
                    p.readiness_change
                ),
            );
            if p.moved.is_empty() {
                bullet(&mut out, "No skill moved".to_string());
            }
            for id in &p.moved {
                let Some(row) = c.skill(id) else { continue };
                bullet(
                    &mut out,
                    format!(
                        "**{}**: {} → {} ({})",
                        row.name,
                        rating_text(&row.a),
                        rating_text(&row.b),
                        signed(row.difference)
                    ),
                );
            }
            if !p.critical_gaps_not_moved.is_empty() {
                bullet(
                    &mut out,
                    format!(
                        "Critical gaps that have not moved: {}",
                        names(c, &p.critical_gaps_not_moved)
                    ),
                );
            }
        }
        _ => {}
    }
    for note in &c.notes {
        out.push_str(&format!("\n> {note}\n"));
    }
    out.push_str("\n## Per skill\n\n");
    let (head_a, head_b) = match c.view {
        View::Progress => ("Then".to_string(), "Now".to_string()),
        _ => (capitalised(&c.a.label), capitalised(&c.b.label)),
    };
    let rows: Vec<Vec<String>> = c
        .skills
        .iter()
        .map(|row| {
            vec![
                row.name.clone(),
                rating_text(&row.a),
                rating_text(&row.b),
                expected_text(row),
                signed(row.difference),
                evidence(c, row),
            ]
        })
        .collect();
    out.push_str(&render::markdown_table(
        &[
            "Skill",
            &head_a,
            &head_b,
            "Expected",
            "Difference",
            "Evidence",
        ],
        &rows,
    ));
    out
}

fn assessments_csv(c: &AssessmentComparison) -> String {
    let view = match c.view {
        View::Progress => "progress",
        _ => "calibration",
    };
    let rating = |s: &SkillSide| match s.rating {
        Some(level) => level.to_string(),
        None if s.unsure => "?".to_string(),
        None => String::new(),
    };
    let rows: Vec<Vec<String>> = c
        .skills
        .iter()
        .map(|row| {
            vec![
                view.to_string(),
                row.skill.clone(),
                row.name.clone(),
                importance_label(row.importance).to_string(),
                c.a.label.clone(),
                c.a.date.to_string(),
                rating(&row.a),
                row.a.expected.to_string(),
                row.a.note.clone(),
                c.b.label.clone(),
                c.b.date.to_string(),
                rating(&row.b),
                row.b.expected.to_string(),
                row.b.note.clone(),
                row.difference.map_or(String::new(), |d| d.to_string()),
                row.agree.map_or(String::new(), |a| a.to_string()),
            ]
        })
        .collect();
    render::csv(
        &[
            "view",
            "skill",
            "name",
            "importance",
            "a",
            "a_date",
            "a_rating",
            "a_expected",
            "a_note",
            "b",
            "b_date",
            "b_rating",
            "b_expected",
            "b_note",
            "difference",
            "within_one_level",
        ],
        &rows,
    )
}

// ---------------------------------------------------------------------------------------------
// Two roles

fn change_words(change: &SkillChange) -> String {
    change
        .changes
        .iter()
        .map(|k| match k {
            SkillChangeKind::Added => "new",
            SkillChangeKind::Dropped => "dropped",
            SkillChangeKind::Raised => "raised",
            SkillChangeKind::Lowered => "lowered",
            SkillChangeKind::MoreImportant => "more important",
            SkillChangeKind::LessImportant => "less important",
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn level_words(change: &SkillChange, with_marker: Option<&Style>) -> String {
    let level = |side: Option<compare::ExpectationSide>| {
        side.map_or("-".to_string(), |s| s.level.to_string())
    };
    let arrow = match with_marker {
        Some(style) if change.level_change != 0 && change.from.is_some() && change.to.is_some() => {
            format!(" {}", marker(style, change.level_change))
        }
        _ => String::new(),
    };
    format!("{} → {}{arrow}", level(change.from), level(change.to))
}

fn importance_words(change: &SkillChange) -> String {
    match (change.from, change.to) {
        (Some(x), Some(y)) if x.importance != y.importance => format!(
            "{} → {}",
            importance_label(x.importance),
            importance_label(y.importance)
        ),
        (_, Some(y)) => importance_label(y.importance).to_string(),
        (Some(x), None) => format!("was {}", importance_label(x.importance)),
        (None, None) => String::new(),
    }
}

fn roles_headline(c: &RoleComparison) -> String {
    let n = &c.counts;
    let mut parts = vec![
        format!(
            "{} expected level{} raised",
            n.raised,
            if n.raised == 1 { "" } else { "s" }
        ),
        format!(
            "{} new skill{}",
            n.added,
            if n.added == 1 { "" } else { "s" }
        ),
    ];
    if n.dropped > 0 {
        parts.push(format!("{} dropped", n.dropped));
    }
    if n.lowered > 0 {
        parts.push(format!("{} lowered", n.lowered));
    }
    if n.more_important > 0 {
        parts.push(format!("{} more important", n.more_important));
    }
    if n.less_important > 0 {
        parts.push(format!("{} less important", n.less_important));
    }
    parts.push(format!("{} unchanged", n.unchanged));
    format!("{}: {}.", c.to.title, parts.join(", "))
}

fn roles_table(c: &RoleComparison, s: &Style) -> String {
    let width = usize::from(s.width);
    let mut out = s.heading(&format!("{} → {}", c.from.title, c.to.title));
    out.push_str(&render::wrap(&roles_headline(c), width, 0));
    for note in &c.notes {
        out.push_str(&render::wrap(note, width, 0));
    }
    if !c.skills.is_empty() {
        out.push_str(&s.section("Skills that change, most significant first"));
        let rows = c
            .skills
            .iter()
            .map(|change| {
                vec![
                    change.name.clone(),
                    change_words(change),
                    level_words(change, Some(s)),
                    importance_words(change),
                ]
            })
            .collect();
        out.push_str(&render::table(
            s,
            &["SKILL", "CHANGE", "LEVEL", "IMPORTANCE"],
            rows,
            &[],
        ));
    }
    if !c.responsibilities.new.is_empty() {
        out.push_str(&s.section(&format!(
            "New responsibilities ({})",
            c.responsibilities.new.len()
        )));
        let mut group = "";
        for item in &c.responsibilities.new {
            if item.group != group {
                group = &item.group;
                out.push_str(&format!("{}\n", s.bold(&capitalised(group))));
            }
            out.push_str(&render::bullets(std::slice::from_ref(&item.text), width, 2));
        }
        if !c.responsibilities.carried_over.is_empty() {
            out.push_str(&format!(
                "Carried over: {} responsibilities\n",
                c.responsibilities.carried_over.len()
            ));
        }
    }
    if !c.kpis.new.is_empty() || !c.kpis.carried_over.is_empty() {
        out.push_str(&s.section(&format!(
            "KPIs: {} new, {} carried over",
            c.kpis.new.len(),
            c.kpis.carried_over.len()
        )));
        let rows =
            c.kpis
                .new
                .iter()
                .map(|k| vec![k.name.clone(), "new".to_string(), k.target.clone()])
                .chain(
                    c.kpis.carried_over.iter().map(|k| {
                        vec![k.name.clone(), "carried over".to_string(), k.target.clone()]
                    }),
                )
                .collect();
        out.push_str(&render::table(
            s,
            &["KPI", "STATUS", "EXAMPLE TARGET"],
            rows,
            &[],
        ));
        if !c.kpis.dropped.is_empty() {
            let dropped: Vec<&str> = c.kpis.dropped.iter().map(|k| k.name.as_str()).collect();
            out.push_str(&render::wrap(
                &format!("No longer listed: {}", dropped.join(", ")),
                width,
                0,
            ));
        }
    }
    for milestone in &c.milestones {
        out.push_str(&s.section(&format!(
            "Goals: first {}{}",
            horizon_label(milestone.horizon),
            if milestone.carried_over.is_empty() {
                String::new()
            } else {
                format!(" ({} carried over)", milestone.carried_over.len())
            }
        )));
        out.push_str(&render::bullets(&milestone.new, width, 0));
    }
    paint_markers(s, &out, Style::green, Style::red)
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn roles_markdown(c: &RoleComparison) -> String {
    let mut out = format!(
        "# {} → {}\n\n{}\n\n",
        c.from.title,
        c.to.title,
        roles_headline(c)
    );
    for note in &c.notes {
        out.push_str(&format!("> {note}\n\n"));
    }
    if !c.skills.is_empty() {
        out.push_str("## Skills that change\n\n");
        let rows: Vec<Vec<String>> = c
            .skills
            .iter()
            .map(|change| {
                vec![
                    change.name.clone(),
                    change_words(change),
                    level_words(change, None),
                    signed(Some(change.level_change)),
                    importance_words(change),
                ]
            })
            .collect();
        out.push_str(&render::markdown_table(
            &["Skill", "Change", "Level", "Difference", "Importance"],
            &rows,
        ));
        out.push('\n');
    }
    if !c.responsibilities.new.is_empty() {
        out.push_str("## New responsibilities\n\n");
        let mut group = "";
        for item in &c.responsibilities.new {
            if item.group != group {
                if !group.is_empty() {
                    out.push('\n');
                }
                group = &item.group;
                out.push_str(&format!("### {}\n\n", capitalised(group)));
            }
            out.push_str(&format!("- {}\n", item.text));
        }
        out.push('\n');
    }
    if !c.kpis.new.is_empty() || !c.kpis.carried_over.is_empty() {
        out.push_str("## KPIs\n\n");
        let rows: Vec<Vec<String>> =
            c.kpis
                .new
                .iter()
                .map(|k| vec![k.name.clone(), "new".to_string(), k.target.clone()])
                .chain(
                    c.kpis.carried_over.iter().map(|k| {
                        vec![k.name.clone(), "carried over".to_string(), k.target.clone()]
                    }),
                )
                .collect();
        out.push_str(&render::markdown_table(
            &["KPI", "Status", "Example target"],
            &rows,
        ));
        out.push('\n');
    }
    if !c.milestones.is_empty() {
        out.push_str("## Goals\n\n");
        for milestone in &c.milestones {
            out.push_str(&format!(
                "### First {}\n\n",
                horizon_label(milestone.horizon)
            ));
            for goal in &milestone.new {
                out.push_str(&format!("- {goal}\n"));
            }
            for goal in &milestone.carried_over {
                out.push_str(&format!("- {goal} *(carried over)*\n"));
            }
            out.push('\n');
        }
    }
    out
}

fn roles_csv(c: &RoleComparison) -> String {
    let mut rows: Vec<Vec<String>> = c
        .skills
        .iter()
        .map(|change| {
            let importance = |s: Option<compare::ExpectationSide>| {
                s.map_or(String::new(), |s| {
                    importance_label(s.importance).to_string()
                })
            };
            let level = |s: Option<compare::ExpectationSide>| {
                s.map_or(String::new(), |s| s.level.to_string())
            };
            vec![
                "skill".to_string(),
                change.skill.clone(),
                change.name.clone(),
                change_words(change),
                importance(change.from),
                importance(change.to),
                level(change.from),
                level(change.to),
                change.level_change.to_string(),
                String::new(),
            ]
        })
        .collect();
    let item = |section: &str, name: &str, change: &str, detail: &str| {
        vec![
            section.to_string(),
            String::new(),
            name.to_string(),
            change.to_string(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            detail.to_string(),
        ]
    };
    for (list, change) in [
        (&c.responsibilities.new, "new"),
        (&c.responsibilities.carried_over, "carried over"),
        (&c.responsibilities.dropped, "dropped"),
    ] {
        rows.extend(
            list.iter()
                .map(|r| item("responsibility", &r.text, change, &r.group)),
        );
    }
    for (list, change) in [
        (&c.kpis.new, "new"),
        (&c.kpis.carried_over, "carried over"),
        (&c.kpis.dropped, "dropped"),
    ] {
        rows.extend(list.iter().map(|k| item("kpi", &k.name, change, &k.target)));
    }
    for milestone in &c.milestones {
        let horizon = horizon_label(milestone.horizon);
        rows.extend(
            milestone
                .new
                .iter()
                .map(|g| item("milestone", g, "new", horizon)),
        );
        rows.extend(
            milestone
                .carried_over
                .iter()
                .map(|g| item("milestone", g, "carried over", horizon)),
        );
    }
    render::csv(
        &[
            "section",
            "skill",
            "name",
            "change",
            "from_importance",
            "to_importance",
            "from_level",
            "to_level",
            "level_change",
            "detail",
        ],
        &rows,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_parse_keywords_raters_and_paths() {
        let saved = |nth, rater| Reference::Saved {
            nth,
            rater,
            text: String::new(),
        };
        let parse = |text: &str| match parse_reference(text, None).unwrap() {
            Reference::Saved { nth, rater, .. } => saved(nth, rater),
            file => file,
        };
        assert_eq!(parse("latest"), saved(0, None));
        assert_eq!(parse("previous"), saved(1, None));
        assert_eq!(parse("@3"), saved(2, None));
        assert_eq!(parse("latest:manager"), saved(0, Some(Rater::Manager)));
        assert_eq!(parse("Previous:Self"), saved(1, Some(Rater::SelfRater)));
        assert_eq!(parse("peer"), saved(0, Some(Rater::Peer)));
        assert_eq!(
            parse("./latest"),
            Reference::File(PathBuf::from("./latest"))
        );
        assert_eq!(
            parse("reviews/q3.yaml"),
            Reference::File(PathBuf::from("reviews/q3.yaml"))
        );
        assert!(parse_reference("latest:boss", None).is_err());
        assert!(parse_reference("@0", None).is_err());
        match parse_reference("previous", Some(Rater::Manager)).unwrap() {
            Reference::Saved { nth, rater, .. } => {
                assert_eq!((nth, rater), (1, Some(Rater::Manager)))
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn markers_fall_back_to_plain_text_without_colour() {
        let plain = Style::plain(100);
        assert_eq!(marker(&plain, 2), "+2");
        assert_eq!(marker(&plain, -1), "-1");
        assert_eq!(marker(&plain, 0), "0");
        let colour = Style {
            color: true,
            ..plain
        };
        assert_eq!(marker(&colour, 2), "▲2");
        assert_eq!(marker(&colour, -3), "▼3");
        let painted = paint_markers(&colour, "a ▲2 b ▼1.5", Style::green, Style::red);
        assert_eq!(painted, "a \x1b[32m▲2\x1b[0m b \x1b[31m▼1.5\x1b[0m");
        assert_eq!(
            paint_markers(&plain, "a ▲2", Style::green, Style::red),
            "a ▲2"
        );
    }
}
