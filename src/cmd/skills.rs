//! `pathway skills [--role ID]`: the catalogue, or the skills one role expects.

use crate::cli::Format;
use crate::cmd::role::{expectations, importance_label};
use crate::context::{emit, Context};
use crate::framework::SkillKind;
use crate::render;
use anyhow::Result;
use serde::Serialize;

#[derive(Serialize)]
struct SkillRow<'a> {
    id: &'a str,
    name: &'a str,
    kind: SkillKind,
    category: &'a str,
    /// With --role: the role's importance and expected level.
    importance: Option<crate::framework::Importance>,
    expected_level: Option<u8>,
    resources: usize,
}

#[derive(Serialize)]
struct SkillsView<'a> {
    role: Option<&'a str>,
    skills: Vec<SkillRow<'a>>,
}

pub fn run(context: &Context, role_id: Option<&str>) -> Result<()> {
    let format = context.format(&[Format::Table, Format::Markdown, Format::Json])?;
    let framework = context.framework()?;
    let rows: Vec<SkillRow> = match role_id {
        Some(id) => {
            let role = framework.require_role(id)?;
            expectations(framework, role)
                .into_iter()
                .map(|e| SkillRow {
                    id: e.skill,
                    name: e.name,
                    kind: e.kind.unwrap_or(SkillKind::Technical),
                    category: e.category,
                    importance: Some(e.importance),
                    expected_level: Some(e.expected_level),
                    resources: framework.resource_count_for(e.skill),
                })
                .collect()
        }
        None => {
            let mut skills = framework.skill_headers();
            skills.sort_by(|a, b| (a.kind, a.category, a.name).cmp(&(b.kind, b.category, b.name)));
            skills
                .into_iter()
                .map(|s| SkillRow {
                    id: s.id,
                    name: s.name,
                    kind: s.kind,
                    category: s.category,
                    importance: None,
                    expected_level: None,
                    resources: framework.resource_count_for(s.id),
                })
                .collect()
        }
    };
    let view = SkillsView {
        role: role_id,
        skills: rows,
    };
    let (header, cells): (Vec<&str>, Vec<Vec<String>>) = if role_id.is_some() {
        (
            vec!["ID", "SKILL", "CATEGORY", "IMPORTANCE", "LEVEL"],
            view.skills
                .iter()
                .map(|r| {
                    vec![
                        r.id.to_string(),
                        r.name.to_string(),
                        r.category.to_string(),
                        r.importance
                            .map(importance_label)
                            .unwrap_or_default()
                            .to_string(),
                        r.expected_level.map(|l| l.to_string()).unwrap_or_default(),
                    ]
                })
                .collect(),
        )
    } else {
        (
            vec!["ID", "SKILL", "CATEGORY", "RESOURCES"],
            view.skills
                .iter()
                .map(|r| {
                    vec![
                        r.id.to_string(),
                        r.name.to_string(),
                        r.category.to_string(),
                        r.resources.to_string(),
                    ]
                })
                .collect(),
        )
    };
    let text = match format {
        Format::Json => render::json("skills", &view)?,
        Format::Markdown => render::markdown_table(&header, &cells),
        _ => {
            let right = if role_id.is_some() { vec![4] } else { vec![3] };
            let mut out = render::table(&context.style, &header, cells, &right);
            out.push_str(&context.style.hint(&format!(
                "{} skills. Next: pathway skill <ID>",
                view.skills.len()
            )));
            out
        }
    };
    emit(&text)
}
