//! `pathway role <ID>`: one role in full, including where it leads to and from.

use crate::cli::Format;
use crate::context::{emit, Context};
use crate::framework::{Framework, Horizon, Importance, Role, RoleHeader, Tier};
use crate::render::{self, Style};
use anyhow::Result;
use serde::Serialize;

#[derive(Serialize)]
pub struct ExpectationView<'a> {
    pub skill: &'a str,
    pub name: &'a str,
    pub kind: Option<crate::framework::SkillKind>,
    pub category: &'a str,
    pub importance: Importance,
    pub tier: Option<Tier>,
    pub expected_level: u8,
    pub as_named: &'a [String],
    pub note: &'a str,
}

#[derive(Serialize)]
struct LinkView<'a> {
    id: &'a str,
    title: &'a str,
    assessable: bool,
}

#[derive(Serialize)]
struct RoleView<'a> {
    role: &'a Role,
    /// Expectations with the skill's name and the expected level the rule gives.
    skills: Vec<ExpectationView<'a>>,
    leads_to: Vec<LinkView<'a>>,
    leads_from: Vec<LinkView<'a>>,
    adjacent: Vec<LinkView<'a>>,
    pathways: Vec<&'a str>,
}

pub fn importance_label(importance: Importance) -> &'static str {
    match importance {
        Importance::Critical => "Critical",
        Importance::Important => "Important",
        Importance::Optional => "Optional",
    }
}

pub fn tier_label(tier: Option<Tier>) -> &'static str {
    match tier {
        Some(Tier::MustHave) => "must-have",
        Some(Tier::GoodToHave) => "good-to-have",
        Some(Tier::Advanced) => "advanced",
        Some(Tier::Emerging) => "emerging",
        Some(Tier::Behavioural) => "behavioural",
        None => "",
    }
}

pub fn horizon_label(horizon: Horizon) -> &'static str {
    match horizon {
        Horizon::Days30 => "30 days",
        Horizon::Days60 => "60 days",
        Horizon::Days90 => "90 days",
        Horizon::Months6 => "6 months",
        Horizon::Months12 => "12 months",
    }
}

/// A role's expectations, most important first, then by expected level and name.
pub fn expectations<'a>(framework: &'a Framework, role: &'a Role) -> Vec<ExpectationView<'a>> {
    let mut views: Vec<ExpectationView> = role
        .expectations
        .iter()
        .map(|e| {
            let skill = framework.skill_header(&e.skill);
            ExpectationView {
                skill: &e.skill,
                name: skill.as_ref().map_or(e.skill.as_str(), |s| s.name),
                kind: skill.as_ref().map(|s| s.kind),
                category: skill.as_ref().map_or("", |s| s.category),
                importance: e.importance,
                tier: e.tier,
                expected_level: framework.expected_level(role, e),
                as_named: &e.as_named,
                note: &e.note,
            }
        })
        .collect();
    views.sort_by(|a, b| {
        (a.importance, std::cmp::Reverse(a.expected_level), a.name).cmp(&(
            b.importance,
            std::cmp::Reverse(b.expected_level),
            b.name,
        ))
    });
    views
}

/// Links to roles by id; the headers say what they are without decoding the roles.
fn links<'a>(
    headers: &[RoleHeader<&'a str>],
    ids: impl Iterator<Item = &'a String>,
) -> Vec<LinkView<'a>> {
    // The first role with an id, as `Framework::role` finds it.
    ids.map(|id| match headers.iter().find(|h| h.id == id) {
        Some(r) => LinkView {
            id,
            title: r.title,
            assessable: r.assessable,
        },
        None => LinkView {
            id,
            title: id,
            assessable: false,
        },
    })
    .collect()
}

pub fn run(context: &Context, id: &str) -> Result<()> {
    let format = context.format(&[Format::Table, Format::Markdown, Format::Json])?;
    let framework = context.framework()?;
    let role = framework.require_role(id)?;
    let headers = framework.role_headers();
    let view = RoleView {
        role,
        skills: expectations(framework, role),
        leads_to: links(&headers, role.career.next.iter()),
        leads_from: framework
            .leads_from(role)
            .into_iter()
            .map(|r| LinkView {
                id: r.id,
                title: r.title,
                assessable: r.assessable,
            })
            .collect(),
        adjacent: links(&headers, role.career.adjacent.iter()),
        pathways: framework
            .pathways()
            .filter(|p| p.from == role.id || p.to == role.id)
            .map(|p| p.id.as_str())
            .collect(),
    };
    let text = match format {
        Format::Json => render::json("role", &view)?,
        Format::Markdown => markdown(&view),
        _ => table(&view, &context.style),
    };
    emit(&text)
}

fn track_text(role: &Role) -> String {
    format!(
        "{} · rank {}{}",
        match role.track {
            crate::framework::Track::IndividualContributor => "individual contributor",
            crate::framework::Track::Management => "management",
        },
        role.rank,
        if role.assessable {
            ""
        } else {
            " · career-graph link (no skill expectations)"
        }
    )
}

fn link_line(links: &[LinkView]) -> String {
    links
        .iter()
        .map(|l| format!("{} ({})", l.title, l.id))
        .collect::<Vec<_>>()
        .join(", ")
}

fn table(view: &RoleView, s: &Style) -> String {
    let role = view.role;
    let width = usize::from(s.width);
    let mut out = s.heading(&format!("{} ({})", role.title, role.id));
    out.push_str(&s.dim(&track_text(role)));
    out.push('\n');
    if !role.summary.is_empty() {
        out.push('\n');
        out.push_str(&render::wrap(&role.summary, width, 0));
    }
    if !role.mission.is_empty() {
        out.push_str(&s.section("Mission"));
        out.push_str(&render::wrap(&role.mission, width, 0));
    }
    if !view.skills.is_empty() {
        out.push_str(&s.section(&format!("Skills expected ({})", view.skills.len())));
        let rows = view
            .skills
            .iter()
            .map(|e| {
                vec![
                    e.name.to_string(),
                    importance_label(e.importance).to_string(),
                    tier_label(e.tier).to_string(),
                    e.expected_level.to_string(),
                    e.skill.to_string(),
                ]
            })
            .collect();
        out.push_str(&render::table(
            s,
            &["SKILL", "IMPORTANCE", "TIER", "LEVEL", "ID"],
            rows,
            &[3],
        ));
    }
    for group in &role.responsibilities {
        out.push_str(&s.section(&format!("Responsibilities: {}", group.group)));
        out.push_str(&render::bullets(&group.items, width, 0));
    }
    if !role.kpis.is_empty() {
        out.push_str(&s.section(&format!("KPIs ({})", role.kpis.len())));
        let rows = role
            .kpis
            .iter()
            .map(|k| vec![k.name.clone(), k.target.clone(), k.frequency.clone()])
            .collect();
        out.push_str(&render::table(
            s,
            &["KPI", "EXAMPLE TARGET", "FREQUENCY"],
            rows,
            &[],
        ));
    }
    for milestone in &role.milestones {
        out.push_str(&s.section(&format!(
            "Goals: first {}",
            horizon_label(milestone.horizon)
        )));
        out.push_str(&render::bullets(&milestone.goals, width, 0));
    }
    if !role.deliverables.is_empty() {
        out.push_str(&s.section("Deliverables"));
        out.push_str(&render::bullets(&role.deliverables, width, 0));
    }
    if !role.tools.is_empty() {
        out.push_str(&s.section(&format!("Tools ({})", role.tools.len())));
        let rows = role
            .tools
            .iter()
            .map(|t| vec![t.name.clone(), t.category.clone(), t.commonality.clone()])
            .collect();
        out.push_str(&render::table(
            s,
            &["TOOL", "CATEGORY", "COMMONALITY"],
            rows,
            &[],
        ));
    }
    if !role.scorecard.is_empty() {
        out.push_str(&s.section("Scorecard"));
        let rows = role
            .scorecard
            .iter()
            .map(|d| {
                vec![
                    d.dimension.clone(),
                    d.meets_bar.clone(),
                    d.excellent.clone(),
                ]
            })
            .collect();
        out.push_str(&render::table(
            s,
            &["DIMENSION", "MEETS BAR", "EXCELLENT"],
            rows,
            &[],
        ));
    }
    if let Some(experience) = &role.experience {
        out.push_str(&s.section("Experience"));
        if !experience.years.is_empty() {
            out.push_str(&format!("Years: {}\n", experience.years));
        }
        out.push_str(&render::bullets(&experience.background, width, 0));
        if !experience.certifications.is_empty() {
            out.push_str(&format!(
                "Certifications: {}\n",
                experience.certifications.join(", ")
            ));
        }
    }
    if !role.anti_patterns.is_empty() {
        out.push_str(&s.section("Anti-patterns"));
        out.push_str(&render::bullets(&role.anti_patterns, width, 0));
    }
    out.push_str(&s.section("Career"));
    if !view.leads_from.is_empty() {
        out.push_str(&render::wrap(
            &format!("Leads from: {}", link_line(&view.leads_from)),
            width,
            0,
        ));
    }
    if !view.leads_to.is_empty() {
        out.push_str(&render::wrap(
            &format!("Leads to: {}", link_line(&view.leads_to)),
            width,
            0,
        ));
    }
    if !view.adjacent.is_empty() {
        out.push_str(&render::wrap(
            &format!("Adjacent: {}", link_line(&view.adjacent)),
            width,
            0,
        ));
    }
    for promotion in &role.career.promotion {
        out.push_str(&format!("To move up to {}:\n", promotion.to));
        out.push_str(&render::bullets(&promotion.criteria, width, 2));
    }
    if !view.pathways.is_empty() {
        out.push_str(&format!("Pathways: {}\n", view.pathways.join(", ")));
    }
    if role.assessable {
        out.push('\n');
        out.push_str(&s.hint(&format!("Next: pathway assess --to {}", role.id)));
    }
    out
}

fn markdown(view: &RoleView) -> String {
    let role = view.role;
    let mut out = format!(
        "# {} (`{}`)\n\n*{}*\n\n",
        role.title,
        role.id,
        track_text(role)
    );
    if !role.summary.is_empty() {
        out.push_str(&format!("{}\n\n", role.summary));
    }
    if !role.mission.is_empty() {
        out.push_str(&format!("**Mission.** {}\n\n", role.mission));
    }
    if !view.skills.is_empty() {
        out.push_str("## Skills expected\n\n");
        let rows: Vec<Vec<String>> = view
            .skills
            .iter()
            .map(|e| {
                vec![
                    e.name.to_string(),
                    importance_label(e.importance).to_string(),
                    tier_label(e.tier).to_string(),
                    e.expected_level.to_string(),
                    format!("`{}`", e.skill),
                ]
            })
            .collect();
        out.push_str(&render::markdown_table(
            &["Skill", "Importance", "Tier", "Level", "Id"],
            &rows,
        ));
        out.push('\n');
    }
    let list = |items: &[String]| items.iter().map(|i| format!("- {i}\n")).collect::<String>();
    for group in &role.responsibilities {
        out.push_str(&format!(
            "## Responsibilities: {}\n\n{}\n",
            group.group,
            list(&group.items)
        ));
    }
    if !role.kpis.is_empty() {
        out.push_str("## KPIs\n\n");
        let rows: Vec<Vec<String>> = role
            .kpis
            .iter()
            .map(|k| {
                vec![
                    k.name.clone(),
                    k.measures.clone(),
                    k.target.clone(),
                    k.frequency.clone(),
                ]
            })
            .collect();
        out.push_str(&render::markdown_table(
            &["KPI", "Measures", "Example target", "Frequency"],
            &rows,
        ));
        out.push('\n');
    }
    for milestone in &role.milestones {
        out.push_str(&format!(
            "## Goals: first {}\n\n{}\n",
            horizon_label(milestone.horizon),
            list(&milestone.goals)
        ));
    }
    if !role.deliverables.is_empty() {
        out.push_str(&format!(
            "## Deliverables\n\n{}\n",
            list(&role.deliverables)
        ));
    }
    if !role.anti_patterns.is_empty() {
        out.push_str(&format!(
            "## Anti-patterns\n\n{}\n",
            list(&role.anti_patterns)
        ));
    }
    out.push_str("## Career\n\n");
    if !view.leads_from.is_empty() {
        out.push_str(&format!("- Leads from: {}\n", link_line(&view.leads_from)));
    }
    if !view.leads_to.is_empty() {
        out.push_str(&format!("- Leads to: {}\n", link_line(&view.leads_to)));
    }
    if !view.adjacent.is_empty() {
        out.push_str(&format!("- Adjacent: {}\n", link_line(&view.adjacent)));
    }
    for promotion in &role.career.promotion {
        out.push_str(&format!(
            "\nTo move up to `{}`:\n\n{}",
            promotion.to,
            list(&promotion.criteria)
        ));
    }
    out
}
