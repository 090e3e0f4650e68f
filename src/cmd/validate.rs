//! `pathway validate [PATH]`: checks a framework folder (or one fragment, or the framework
//! `--data` names, or the embedded one) and reports every problem at once, like a compiler:
//! `file:line:column: error: what is wrong`, then how to fix it. Exit 0 when there are no
//! errors (warnings are shown but pass), 2 otherwise.

use crate::cli::Format;
use crate::context::{emit, Context};
use crate::error::exit;
use crate::framework::check::{self, Diagnostic, Severity, MAX_REPORTED};
use crate::framework::load::{self, Origins};
use crate::framework::{Framework, FrameworkData};
use crate::render::{self, Style};
use anyhow::Result;
use serde::Serialize;
use std::path::Path;

/// How the checked framework relates to the embedded one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
enum Mode {
    /// The framework compiled into pathway.
    Embedded,
    /// A folder with its own framework.yaml: used instead of the embedded framework.
    Replace,
    /// A folder without framework.yaml, or one file: laid over the embedded framework.
    Overlay,
}

#[derive(Serialize)]
struct Counts {
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct Summary<'a> {
    id: &'a str,
    name: &'a str,
    version: &'a str,
    skills: usize,
    roles: usize,
    pathways: usize,
    resources: usize,
}

#[derive(Serialize)]
struct ValidationView<'a> {
    /// The folder or file checked; `null` for the embedded framework.
    path: Option<String>,
    mode: Mode,
    /// No errors (warnings allowed): the framework can be used with `--data`.
    valid: bool,
    files: usize,
    counts: Counts,
    /// What was loaded, when a manifest could be read.
    framework: Option<Summary<'a>>,
    /// Every problem, sorted by file, line and column.
    diagnostics: &'a [Diagnostic],
}

pub fn run(context: &Context, path: Option<&Path>) -> Result<u8> {
    let format = context.format(&[Format::Table, Format::Markdown, Format::Json])?;
    let embedded = Framework::embedded_data()?;
    // PATH, else the framework `--data`/PATHWAY_DATA names, else the embedded one.
    let path = path.or(context.global.data.as_deref());
    let (mode, files, data, mut diagnostics, loaded);
    match path {
        None => {
            mode = Mode::Embedded;
            files = 0;
            diagnostics = check::check(&embedded, &[], &Origins::default());
            data = Some(&embedded);
        }
        Some(path) => {
            let whole = load::is_whole_framework(path);
            mode = if whole { Mode::Replace } else { Mode::Overlay };
            loaded = load::load_path(path, (!whole).then_some(&embedded));
            files = loaded.files.len();
            diagnostics = check::check_loaded(&loaded);
            data = loaded.data.as_ref().filter(|_| !loaded.stand_in_manifest);
        }
    }
    check::sort(&mut diagnostics);
    let counts = Counts {
        errors: diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count(),
        warnings: diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count(),
    };
    let view = ValidationView {
        path: path.map(|p| p.display().to_string()),
        mode,
        valid: counts.errors == 0,
        files,
        counts,
        framework: data.map(summary),
        diagnostics: &diagnostics,
    };
    let text = match format {
        Format::Json => render::json("validation", &view)?,
        Format::Markdown => markdown(&view),
        _ => table(&view, &context.style),
    };
    emit(&text)?;
    Ok(if view.valid {
        exit::SUCCESS
    } else {
        exit::INVALID
    })
}

fn summary(data: &FrameworkData) -> Summary<'_> {
    Summary {
        id: &data.manifest.id,
        name: &data.manifest.name,
        version: &data.manifest.version,
        skills: data.skills.len(),
        roles: data.roles.len(),
        pathways: data.pathways.len(),
        resources: data.resources.len(),
    }
}

fn subject(view: &ValidationView) -> String {
    match &view.path {
        None => "the embedded framework".to_string(),
        Some(path) => path.clone(),
    }
}

fn plural(count: usize, word: &str) -> String {
    format!("{count} {word}{}", if count == 1 { "" } else { "s" })
}

fn location(d: &Diagnostic) -> String {
    let mut text = d.file.clone().unwrap_or_default();
    if let Some(line) = d.line {
        text.push_str(&format!(":{line}"));
        if let Some(column) = d.column {
            text.push_str(&format!(":{column}"));
        }
    }
    text
}

fn mode_note(view: &ValidationView) -> &'static str {
    match view.mode {
        Mode::Embedded => "",
        Mode::Replace => " (has framework.yaml: replaces the embedded framework)",
        Mode::Overlay => " (no framework.yaml: laid over the embedded framework)",
    }
}

/// Compiler-style lines, then a one-line verdict.
fn table(view: &ValidationView, s: &Style) -> String {
    let mut out = String::new();
    for d in view.diagnostics.iter().take(MAX_REPORTED) {
        let label = match d.severity {
            Severity::Error => s.bold(&s.red("error")),
            Severity::Warning => s.bold(&s.yellow("warning")),
        };
        let place = location(d);
        if place.is_empty() {
            out.push_str(&format!("{label}: {}\n", d.message));
        } else {
            out.push_str(&format!("{}: {label}: {}\n", s.bold(&place), d.message));
        }
        if let Some(hint) = &d.hint {
            out.push_str(&format!("  {} {hint}\n", s.cyan("hint:")));
        }
    }
    if view.diagnostics.len() > MAX_REPORTED {
        out.push_str(&format!(
            "... and {} more not shown here (`--format json` lists them all)\n",
            view.diagnostics.len() - MAX_REPORTED
        ));
    }
    if !view.diagnostics.is_empty() {
        out.push('\n');
    }
    let contents = view.framework.as_ref().map(|f| {
        format!(
            "{}, {}, {}, {}",
            plural(f.skills, "skill"),
            plural(f.roles, "role"),
            plural(f.pathways, "pathway"),
            plural(f.resources, "resource")
        )
    });
    if view.valid {
        let warnings = if view.counts.warnings > 0 {
            format!(" with {}", plural(view.counts.warnings, "warning"))
        } else {
            String::new()
        };
        out.push_str(&format!(
            "{} {} is valid{warnings}: {}{}\n",
            s.green("ok:"),
            subject(view),
            contents.unwrap_or_default(),
            mode_note(view)
        ));
        if let Some(path) = &view.path {
            out.push_str(&s.hint(&format!("Next: pathway --data {path} roles")));
        }
    } else {
        out.push_str(&format!(
            "{} {} has {} and {}{}\n",
            s.bold(&s.red("invalid:")),
            subject(view),
            plural(view.counts.errors, "error"),
            plural(view.counts.warnings, "warning"),
            mode_note(view)
        ));
        out.push_str(
            &s.hint("Fix the errors above (each names its file and line) and run validate again."),
        );
    }
    out
}

fn markdown(view: &ValidationView) -> String {
    let mut out = format!("## Validation of {}\n\n", subject(view));
    if view.diagnostics.is_empty() {
        out.push_str("No problems found.\n\n");
    } else {
        let rows: Vec<Vec<String>> = view
            .diagnostics
            .iter()
            .take(MAX_REPORTED)
            .map(|d| {
                vec![
                    format!("{:?}", d.severity).to_lowercase(),
                    location(d),
                    d.message.clone(),
                    d.hint.clone().unwrap_or_default(),
                ]
            })
            .collect();
        out.push_str(&render::markdown_table(
            &["Severity", "Where", "Problem", "Fix"],
            &rows,
        ));
        if view.diagnostics.len() > MAX_REPORTED {
            out.push_str(&format!(
                "\n... and {} more (`--format json` lists them all)\n",
                view.diagnostics.len() - MAX_REPORTED
            ));
        }
        out.push('\n');
    }
    out.push_str(&format!(
        "**{}**: {}, {}{}.\n",
        if view.valid { "Valid" } else { "Invalid" },
        plural(view.counts.errors, "error"),
        plural(view.counts.warnings, "warning"),
        mode_note(view)
    ));
    out
}
