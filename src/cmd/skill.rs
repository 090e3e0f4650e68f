//! `pathway skill <ID>`: one skill with its anchors, the roles that expect it and its resources.

use crate::cli::Format;
use crate::cmd::role::importance_label;
use crate::context::{emit, Context};
use crate::framework::{Importance, Resource, Skill};
use crate::render;
use anyhow::Result;
use serde::Serialize;

#[derive(Serialize)]
struct AnchorView<'a> {
    level: u8,
    name: &'a str,
    anchor: &'a str,
}

#[derive(Serialize)]
struct ExpectedBy<'a> {
    role: &'a str,
    title: &'a str,
    importance: Importance,
    expected_level: u8,
}

#[derive(Serialize)]
struct SkillView<'a> {
    skill: &'a Skill,
    levels: Vec<AnchorView<'a>>,
    expected_by: Vec<ExpectedBy<'a>>,
    resources: Vec<&'a Resource>,
}

pub fn resource_line(resource: &Resource) -> String {
    let by = if !resource.authors.is_empty() {
        format!(" by {}", resource.authors.join(", "))
    } else if !resource.provider.is_empty() {
        format!(" ({})", resource.provider)
    } else {
        String::new()
    };
    format!("{}: {}{by}", resource.kind.label(), resource.title)
}

pub fn run(context: &Context, id: &str) -> Result<()> {
    let format = context.format(&[Format::Table, Format::Markdown, Format::Json])?;
    let framework = context.framework()?;
    let skill = framework.require_skill(id)?;
    let scale = &framework.manifest().scale;
    let view = SkillView {
        skill,
        levels: skill
            .anchors
            .iter()
            .map(|(&level, anchor)| AnchorView {
                level,
                name: scale
                    .iter()
                    .find(|l| l.level == level)
                    .map_or("", |l| l.name.as_str()),
                anchor,
            })
            .collect(),
        expected_by: framework
            .roles_expecting(&skill.id)
            .into_iter()
            .map(|(role, e)| ExpectedBy {
                role: &role.id,
                title: &role.title,
                importance: e.importance,
                expected_level: framework.expected_level(role, e),
            })
            .collect(),
        resources: framework.resources_for(&skill.id).collect(),
    };
    let s = &context.style;
    let width = usize::from(s.width);
    let text = match format {
        Format::Json => render::json("skill", &view)?,
        Format::Markdown => {
            let mut out = format!(
                "# {} (`{}`)\n\n*{} · {:?}*\n\n{}\n\n## Levels\n\n",
                skill.name, skill.id, skill.category, skill.kind, skill.description
            );
            for level in &view.levels {
                out.push_str(&format!(
                    "{}. **{}**: {}\n",
                    level.level, level.name, level.anchor
                ));
            }
            out.push_str("\n## Expected by\n\n");
            let rows: Vec<Vec<String>> = view
                .expected_by
                .iter()
                .map(|e| {
                    vec![
                        e.title.to_string(),
                        importance_label(e.importance).to_string(),
                        e.expected_level.to_string(),
                    ]
                })
                .collect();
            out.push_str(&render::markdown_table(
                &["Role", "Importance", "Level"],
                &rows,
            ));
            out.push_str("\n## Resources\n\n");
            for r in &view.resources {
                out.push_str(&format!("- {} (`{}`)\n", resource_line(r), r.id));
            }
            out
        }
        _ => {
            let mut out = s.heading(&format!("{} ({})", skill.name, skill.id));
            out.push_str(&s.dim(&format!(
                "{} · {}",
                skill.category,
                format!("{:?}", skill.kind).to_lowercase()
            )));
            out.push_str("\n\n");
            out.push_str(&render::wrap(&skill.description, width, 0));
            if !skill.builds_on.is_empty() {
                out.push_str(&format!("Builds on: {}\n", skill.builds_on.join(", ")));
            }
            out.push_str(&s.section("Levels"));
            let rows = view
                .levels
                .iter()
                .map(|l| {
                    vec![
                        l.level.to_string(),
                        l.name.to_string(),
                        l.anchor.to_string(),
                    ]
                })
                .collect();
            out.push_str(&render::table(
                s,
                &["LEVEL", "NAME", "WHAT IT LOOKS LIKE"],
                rows,
                &[0],
            ));
            if !view.expected_by.is_empty() {
                out.push_str(&s.section("Expected by"));
                let rows = view
                    .expected_by
                    .iter()
                    .map(|e| {
                        vec![
                            e.title.to_string(),
                            importance_label(e.importance).to_string(),
                            e.expected_level.to_string(),
                        ]
                    })
                    .collect();
                out.push_str(&render::table(
                    s,
                    &["ROLE", "IMPORTANCE", "LEVEL"],
                    rows,
                    &[2],
                ));
            }
            if !view.resources.is_empty() {
                out.push_str(&s.section("Resources"));
                let lines: Vec<String> = view
                    .resources
                    .iter()
                    .map(|r| format!("{} [{}]", resource_line(r), r.id))
                    .collect();
                out.push_str(&render::bullets(&lines, width, 0));
            }
            out
        }
    };
    emit(&text)
}
