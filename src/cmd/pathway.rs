//! `pathway pathway <ID>`: one pathway in full, with its resources resolved.

use crate::cli::Format;
use crate::cmd::skill::resource_line;
use crate::context::{emit, Context};
use crate::framework::{Pathway, PathwayItem, Resource};
use crate::render::{self, Style};
use anyhow::Result;
use serde::Serialize;

#[derive(Serialize)]
struct PathwayView<'a> {
    pathway: &'a Pathway,
    from_title: &'a str,
    to_title: &'a str,
    /// `projects`, `reading` and `courses` with each resource in full.
    resolved: Resolved<'a>,
}

#[derive(Serialize)]
struct Resolved<'a> {
    projects: Vec<&'a Resource>,
    reading: Vec<&'a Resource>,
    courses: Vec<&'a Resource>,
}

pub fn run(context: &Context, id: &str) -> Result<()> {
    let format = context.format(&[Format::Table, Format::Markdown, Format::Json])?;
    let framework = context.framework()?;
    let pathway = framework.require_pathway(id)?;
    let resolve = |ids: &'_ [String]| -> Vec<&Resource> {
        ids.iter().filter_map(|id| framework.resource(id)).collect()
    };
    let title = |id: &str| framework.role(id).map_or("", |r| r.title.as_str());
    let view = PathwayView {
        pathway,
        from_title: title(&pathway.from),
        to_title: title(&pathway.to),
        resolved: Resolved {
            projects: resolve(&pathway.projects),
            reading: resolve(&pathway.reading),
            courses: resolve(&pathway.courses),
        },
    };
    let text = match format {
        Format::Json => render::json("pathway", &view)?,
        Format::Markdown => markdown(&view),
        _ => table(&view, &context.style),
    };
    emit(&text)
}

fn item_line(item: &PathwayItem) -> String {
    let skills = format!("[{}]", item.skills.join(", "));
    if item.name.is_empty() {
        format!("{} {skills}", item.description)
    } else {
        format!("{}: {} {skills}", item.name, item.description)
    }
}

fn table(view: &PathwayView, s: &Style) -> String {
    let p = view.pathway;
    let width = usize::from(s.width);
    let mut out = s.heading(&format!("{} ({})", p.title, p.id));
    out.push_str(&s.dim(&format!(
        "{} → {} · typically {}–{} months",
        view.from_title, view.to_title, p.duration_months.min, p.duration_months.max
    )));
    out.push('\n');
    if !p.summary.is_empty() {
        out.push('\n');
        out.push_str(&render::wrap(&p.summary, width, 0));
    }
    let groups = [
        ("Focus areas", &p.focus_areas),
        ("Skills to develop", &p.skills_to_develop),
        ("Behaviours to practise", &p.behaviours),
        ("AI literacy", &p.ai_literacy),
    ];
    for (title, items) in groups {
        if items.is_empty() {
            continue;
        }
        out.push_str(&s.section(&format!("{title} ({})", items.len())));
        let lines: Vec<String> = items.iter().map(item_line).collect();
        out.push_str(&render::bullets(&lines, width, 0));
    }
    let resources = [
        ("Hands-on projects", &view.resolved.projects),
        ("Reading", &view.resolved.reading),
        ("Courses and certifications", &view.resolved.courses),
    ];
    for (title, list) in resources {
        if list.is_empty() {
            continue;
        }
        out.push_str(&s.section(&format!("{title} ({})", list.len())));
        let lines: Vec<String> = list
            .iter()
            .map(|r| {
                let mut line = format!("{} [{}]", resource_line(r), r.id);
                if !r.deliverable.is_empty() {
                    line.push_str(&format!(". Proof: {}", r.deliverable));
                }
                line
            })
            .collect();
        out.push_str(&render::bullets(&lines, width, 0));
    }
    out.push('\n');
    out.push_str(&s.hint(&format!(
        "Next: pathway plan --from {} --to {}",
        p.from, p.to
    )));
    out
}

fn markdown(view: &PathwayView) -> String {
    let p = view.pathway;
    let mut out = format!(
        "# {}\n\n*{} → {} · typically {}–{} months*\n\n{}\n",
        p.title,
        view.from_title,
        view.to_title,
        p.duration_months.min,
        p.duration_months.max,
        p.summary
    );
    let groups = [
        ("Focus areas", &p.focus_areas),
        ("Skills to develop", &p.skills_to_develop),
        ("Behaviours to practise", &p.behaviours),
        ("AI literacy", &p.ai_literacy),
    ];
    for (title, items) in groups {
        out.push_str(&format!("\n## {title}\n\n"));
        for item in items {
            out.push_str(&format!("- {}\n", item_line(item)));
        }
    }
    let resources = [
        ("Hands-on projects", &view.resolved.projects),
        ("Reading", &view.resolved.reading),
        ("Courses and certifications", &view.resolved.courses),
    ];
    for (title, list) in resources {
        out.push_str(&format!("\n## {title}\n\n"));
        for r in list {
            out.push_str(&format!("- {} (`{}`)\n", resource_line(r), r.id));
        }
    }
    out
}
