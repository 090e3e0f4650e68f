//! `pathway history [--person P]`: saved assessments, newest first, with readiness against the
//! current framework and the change since the previous assessment of the same person and target
//! (by the same kind of rater: self, manager or peer).
//! Files that cannot be read are named on stderr and skipped, never touched.

use crate::cli::{Format, HistoryArgs, Rater};
use crate::context::{emit, Context};
use crate::framework::Framework;
use crate::gap;
use crate::render::{self, gap_report::rater_label};
use crate::store::{Saved, Store};
use anyhow::Result;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::path::Path;

#[derive(Debug, Serialize)]
struct Entry {
    #[serde(serialize_with = "crate::iso_date::write")]
    date: NaiveDate,
    created: DateTime<Utc>,
    person: String,
    rater: Rater,
    #[serde(skip_serializing_if = "Option::is_none")]
    rater_name: Option<String>,
    from: Option<String>,
    to: String,
    to_title: String,
    mode: crate::assessment::Mode,
    /// Readiness against the framework in use; none when it no longer has the target role.
    readiness: Option<f64>,
    band: Option<String>,
    /// Readiness change since the previous assessment of the same person and target by the
    /// same kind of rater.
    change: Option<f64>,
    /// That previous assessment's date.
    #[serde(serialize_with = "crate::iso_date::write_option")]
    previous: Option<NaiveDate>,
    path: String,
}

#[derive(Debug, Serialize)]
struct SkippedView {
    path: String,
    reason: String,
}

#[derive(Debug, Serialize)]
struct HistoryView {
    assessments: Vec<Entry>,
    skipped: Vec<SkippedView>,
}

fn entries(framework: &Framework, saved: &[Saved]) -> Vec<Entry> {
    let readiness: Vec<Option<(f64, String)>> = saved
        .iter()
        .map(|s| {
            let role = framework.role(&s.assessment.to)?;
            if role.expectations.is_empty() {
                return None;
            }
            let report = gap::analyse(framework, role, &s.assessment.ratings);
            Some((report.readiness, report.band))
        })
        .collect();
    saved
        .iter()
        .enumerate()
        .map(|(index, s)| {
            let a = &s.assessment;
            // The list is newest first: the previous one is the next match further down. The
            // same kind of rater too: a manager's rating after a self-rating is not progress
            // (`pathway compare` puts those side by side).
            let previous = saved.iter().enumerate().skip(index + 1).find(|(_, older)| {
                let o = &older.assessment;
                o.person == a.person && o.to == a.to && o.rater == a.rater
            });
            let current = readiness[index].as_ref().map(|(r, _)| *r);
            let change = previous.and_then(|(older, _)| {
                let before = readiness[older].as_ref()?.0;
                Some(((current? - before) * 10.0).round() / 10.0)
            });
            Entry {
                date: a.created.date_naive(),
                created: a.created,
                person: a.person.clone(),
                rater: a.rater,
                rater_name: a.rater_name.clone(),
                from: a.from.clone(),
                to: a.to.clone(),
                to_title: framework
                    .role(&a.to)
                    .map_or_else(|| a.to.clone(), |r| r.title.clone()),
                mode: a.mode,
                readiness: current,
                band: readiness[index].as_ref().map(|(_, b)| b.clone()),
                change,
                previous: previous.map(|(_, older)| older.assessment.created.date_naive()),
                path: s.path.display().to_string(),
            }
        })
        .collect()
}

fn rater_cell(entry: &Entry) -> String {
    match &entry.rater_name {
        Some(name) => format!("{} ({name})", rater_label(entry.rater)),
        None => rater_label(entry.rater).to_string(),
    }
}

fn target_cell(entry: &Entry) -> String {
    match entry.mode {
        crate::assessment::Mode::Quick => format!("{} (quick)", entry.to_title),
        crate::assessment::Mode::Full => entry.to_title.clone(),
    }
}

fn readiness_cell(entry: &Entry) -> String {
    entry
        .readiness
        .map_or_else(|| "-".to_string(), |r| format!("{r:.1}%"))
}

fn change_cell(entry: &Entry) -> String {
    match entry.change {
        Some(change) if change > 0.0 => format!("+{change:.1}"),
        Some(change) => format!("{change:.1}"),
        None => "first".to_string(),
    }
}

fn rows(entries: &[Entry]) -> Vec<Vec<String>> {
    entries
        .iter()
        .map(|e| {
            vec![
                e.date.to_string(),
                e.person.clone(),
                rater_cell(e),
                target_cell(e),
                readiness_cell(e),
                e.band.clone().unwrap_or_default(),
                change_cell(e),
            ]
        })
        .collect()
}

/// "warning: skipped <path>: <reason>", without naming the path twice.
fn warning(path: &Path, reason: &str) -> String {
    let shown = path.display().to_string();
    if reason.starts_with(&shown) {
        format!("warning: skipped {reason}")
    } else {
        format!("warning: skipped {shown}: {reason}")
    }
}

pub fn run(context: &Context, args: &HistoryArgs) -> Result<()> {
    let format = context.format(&[Format::Table, Format::Markdown, Format::Json])?;
    let framework = context.framework()?;
    let store = Store::new(context.home()?);
    let (saved, skipped) = store.list(args.person.as_deref())?;
    for file in &skipped {
        eprintln!("{}", warning(&file.path, &file.reason));
    }
    let entries = entries(framework, &saved);
    let s = &context.style;
    let text = match format {
        Format::Json => render::json(
            "history",
            &HistoryView {
                assessments: entries,
                skipped: skipped
                    .iter()
                    .map(|f| SkippedView {
                        path: f.path.display().to_string(),
                        reason: f.reason.clone(),
                    })
                    .collect(),
            },
        )?,
        _ if entries.is_empty() => {
            eprintln!(
                "No saved assessments{} in {}.",
                args.person
                    .as_deref()
                    .map(|p| format!(" of {p}"))
                    .unwrap_or_default(),
                store.assessments_dir().display()
            );
            s.hint("Next: pathway assess")
        }
        Format::Markdown => render::markdown_table(
            &[
                "Date",
                "Person",
                "Rater",
                "Target",
                "Readiness",
                "Band",
                "Change",
            ],
            &rows(&entries),
        ),
        _ => {
            let mut out = render::table(
                s,
                &[
                    "DATE",
                    "PERSON",
                    "RATER",
                    "TARGET",
                    "READINESS",
                    "BAND",
                    "CHANGE",
                ],
                rows(&entries),
                &[4, 6],
            );
            out.push_str(&s.hint(
                "\nChange: readiness points since the previous assessment of the same person and target, by the same kind of rater.\nNext: pathway compare latest previous",
            ));
            out
        }
    };
    emit(&text)
}
