//! `pathway roles`: every role, ordered by track and rank.

use crate::cli::Format;
use crate::context::{emit, Context};
use crate::framework::{Framework, RoleHeader, Track};
use crate::render;
use anyhow::Result;
use serde::Serialize;

#[derive(Serialize)]
struct RoleRow<'a> {
    id: &'a str,
    title: &'a str,
    track: Track,
    rank: u8,
    assessable: bool,
    skills: usize,
}

#[derive(Serialize)]
struct RolesView<'a> {
    framework: &'a str,
    roles: Vec<RoleRow<'a>>,
}

pub fn track_label(track: Track) -> &'static str {
    match track {
        Track::IndividualContributor => "IC",
        Track::Management => "management",
    }
}

/// Assessable roles first, then by track, rank and title: the ones a person can act on lead.
pub fn sorted_roles(framework: &Framework) -> Vec<RoleHeader<&str>> {
    let mut roles = framework.role_headers();
    roles.sort_by(|a, b| {
        (!a.assessable, a.track, a.rank, &a.title).cmp(&(!b.assessable, b.track, b.rank, &b.title))
    });
    roles
}

pub fn run(context: &Context) -> Result<()> {
    let format = context.format(&[Format::Table, Format::Markdown, Format::Json])?;
    let framework = context.framework()?;
    let roles = sorted_roles(framework);
    let view = RolesView {
        framework: &framework.manifest().name,
        roles: roles
            .iter()
            .map(|r| RoleRow {
                id: r.id,
                title: r.title,
                track: r.track,
                rank: r.rank,
                assessable: r.assessable,
                skills: r.skills as usize,
            })
            .collect(),
    };
    let rows: Vec<Vec<String>> = view
        .roles
        .iter()
        .map(|r| {
            vec![
                r.id.to_string(),
                r.title.to_string(),
                track_label(r.track).to_string(),
                r.rank.to_string(),
                if r.assessable {
                    r.skills.to_string()
                } else {
                    "-".to_string()
                },
            ]
        })
        .collect();
    let header = ["ID", "TITLE", "TRACK", "RANK", "SKILLS"];
    let text = match format {
        Format::Json => render::json("roles", &view)?,
        Format::Markdown => render::markdown_table(&header, &rows),
        _ => {
            let assessable = view.roles.iter().filter(|r| r.assessable).count();
            let mut out = render::table(&context.style, &header, rows, &[3, 4]);
            out.push_str(&context.style.hint(&format!(
                "{} roles, {assessable} with skill expectations (SKILLS); the rest are career-graph links. \
                 Next: pathway role <ID>",
                view.roles.len()
            )));
            out
        }
    };
    emit(&text)
}
