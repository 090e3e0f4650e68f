//! The gap report for people: readiness and its band, critical gaps, top priorities, strengths
//! and skills to confirm, then one row per skill sorted by weighted gap. JSON is the command's
//! business (it carries the inputs too); this file only draws.

use crate::assessment::{Assessment, Mode};
use crate::cli::Rater;
use crate::framework::{Framework, Importance};
use crate::gap::{GapReport, SkillGap, Status};
use crate::render::{self, Style};

const QUICK_NOTE: &str = "Quick look: each answer rated every skill of its scorecard dimension, \
     so the figures are approximate; a full assessment refines them.";

fn importance_label(importance: Importance) -> &'static str {
    match importance {
        Importance::Critical => "Critical",
        Importance::Important => "Important",
        Importance::Optional => "Optional",
    }
}

pub fn rater_label(rater: Rater) -> &'static str {
    match rater {
        Rater::SelfRater => "self",
        Rater::Manager => "manager",
        Rater::Peer => "peer",
    }
}

/// "tester · self-assessment · 2026-11-21 · quick look · from Intermediate Platform Engineer"
fn byline(assessment: &Assessment, framework: &Framework) -> String {
    let mut parts = vec![assessment.person.clone()];
    parts.push(match (assessment.rater, &assessment.rater_name) {
        (Rater::SelfRater, _) => "self-assessment".to_string(),
        (rater, Some(name)) => format!("rated by {name} ({})", rater_label(rater)),
        (rater, None) => format!("rated by a {}", rater_label(rater)),
    });
    parts.push(assessment.created.format("%Y-%m-%d").to_string());
    if assessment.mode == Mode::Quick {
        parts.push("quick look".to_string());
    }
    if let Some(from) = &assessment.from {
        let title = framework.role(from).map_or(from.as_str(), |r| &r.title);
        parts.push(format!("from {title}"));
    }
    parts.join(" · ")
}

/// The rating column: a level, "? (confirm)" for not sure, "- (unrated)" when never asked.
pub fn rating_cell(skill: &SkillGap) -> String {
    match skill.status {
        Status::Unsure => "? (confirm)".to_string(),
        Status::Unrated => "- (unrated)".to_string(),
        _ => skill.rating.map_or_else(String::new, |l| l.to_string()),
    }
}

fn named<'a>(report: &'a GapReport, ids: &'a [String]) -> impl Iterator<Item = &'a SkillGap> {
    ids.iter().filter_map(|id| report.skill(id))
}

fn headline(report: &GapReport) -> String {
    format!(
        "Readiness {:.1}% · {}",
        report.readiness,
        if report.band_label.is_empty() {
            "no band"
        } else {
            &report.band_label
        }
    )
}

fn meter(readiness: f64, unicode: bool) -> String {
    let cells = 30usize;
    let filled = ((readiness / 100.0) * cells as f64).round() as usize;
    let (full, empty) = if unicode { ("█", "░") } else { ("#", "-") };
    format!(
        "{}{}",
        full.repeat(filled.min(cells)),
        empty.repeat(cells - filled.min(cells))
    )
}

fn critical_line(report: &GapReport) -> Option<String> {
    match report.critical_gaps.len() {
        0 => None,
        1 => Some("Not ready while a Critical skill is below expectation, and 1 is:".to_string()),
        n => Some(format!(
            "Not ready while a Critical skill is below expectation, and {n} are:"
        )),
    }
}

fn gap_item(skill: &SkillGap) -> String {
    let rated = match skill.status {
        Status::Unsure => "not sure".to_string(),
        Status::Unrated => "unrated".to_string(),
        _ => format!("rated {}", skill.rating.unwrap_or(0)),
    };
    format!(
        "{}: {rated}, expected {} · {}",
        skill.name,
        skill.expected,
        importance_label(skill.importance)
    )
}

fn strength_item(skill: &SkillGap) -> String {
    format!(
        "{}: rated {}, expected {} (+{})",
        skill.name,
        skill.rating.unwrap_or(0),
        skill.expected,
        skill.surplus
    )
}

fn rows(report: &GapReport) -> Vec<Vec<String>> {
    report
        .skills
        .iter()
        .map(|s| {
            vec![
                if s.priority > 0 {
                    s.priority.to_string()
                } else {
                    String::new()
                },
                s.name.clone(),
                rating_cell(s),
                s.expected.to_string(),
                s.gap.to_string(),
                format!("{:.0}", s.weighted_gap),
                importance_label(s.importance).to_string(),
            ]
        })
        .collect()
}

/// `#` is the priority: 1 = work on first; blank for skills without a gap.
const HEADER: [&str; 7] = [
    "#",
    "SKILL",
    "RATING",
    "EXPECTED",
    "GAP",
    "WEIGHTED",
    "IMPORTANCE",
];

fn unrated(report: &GapReport) -> Vec<&SkillGap> {
    report
        .skills
        .iter()
        .filter(|s| s.status == Status::Unrated)
        .collect()
}

/// The report for a terminal.
pub fn table(
    assessment: &Assessment,
    report: &GapReport,
    framework: &Framework,
    s: &Style,
) -> String {
    let width = usize::from(s.width);
    let mut out = s.heading(&format!(
        "Gap report: {} ({})",
        report.role_title, report.role
    ));
    out.push_str(&s.dim(&byline(assessment, framework)));
    out.push_str("\n\n");
    let headline = headline(report);
    out.push_str(&if report.band == "ready" {
        s.bold(&s.green(&headline))
    } else if report.critical_gaps.is_empty() {
        s.bold(&s.yellow(&headline))
    } else {
        s.bold(&s.red(&headline))
    });
    out.push('\n');
    out.push_str(&meter(report.readiness, s.unicode));
    out.push('\n');
    if !report.band_meaning.is_empty() {
        out.push_str(&render::wrap(&report.band_meaning, width, 0));
    }
    if assessment.mode == Mode::Quick {
        out.push_str(&s.dim(&render::wrap(QUICK_NOTE, width, 0)));
    }
    if let Some(line) = critical_line(report) {
        out.push_str(&s.section("Critical gaps"));
        out.push_str(&render::wrap(&line, width, 0));
        let items: Vec<String> = named(report, &report.critical_gaps).map(gap_item).collect();
        out.push_str(&render::bullets(&items, width, 0));
    }
    if !report.top_priorities.is_empty() {
        out.push_str(&s.section("Top priorities"));
        for (n, skill) in named(report, &report.top_priorities).enumerate() {
            out.push_str(&render::wrap(
                &format!("{}. {}", n + 1, gap_item(skill)),
                width,
                0,
            ));
        }
    }
    if !report.strengths.is_empty() {
        out.push_str(&s.section("Strengths"));
        let items: Vec<String> = named(report, &report.strengths)
            .map(strength_item)
            .collect();
        out.push_str(&render::bullets(&items, width, 0));
    }
    if !report.to_confirm.is_empty() {
        out.push_str(&s.section("To confirm"));
        out.push_str(&render::wrap(
            "Rated \"not sure\": counted as 0 until confirmed with a colleague or a manager.",
            width,
            0,
        ));
        let items: Vec<String> = named(report, &report.to_confirm).map(gap_item).collect();
        out.push_str(&render::bullets(&items, width, 0));
    }
    let unrated = unrated(report);
    if !unrated.is_empty() {
        out.push_str(&s.section("Unrated"));
        out.push_str(&render::wrap(
            &format!(
                "{} skill{} the quick look does not cover, counted as 0; a full assessment rates them.",
                unrated.len(),
                if unrated.len() == 1 { "" } else { "s" }
            ),
            width,
            0,
        ));
        let names: Vec<String> = unrated.iter().map(|s| s.name.clone()).collect();
        out.push_str(&render::bullets(&names, width, 0));
    }
    out.push_str(&s.section(&format!("Per skill ({})", report.skills.len())));
    out.push_str(&render::table(s, &HEADER, rows(report), &[0, 3, 4, 5]));
    out
}

/// The report in Markdown, for 1:1 notes and documents.
pub fn markdown(assessment: &Assessment, report: &GapReport, framework: &Framework) -> String {
    let mut out = format!(
        "# Gap report: {} (`{}`)\n\n*{}*\n\n**{}**",
        report.role_title,
        report.role,
        byline(assessment, framework),
        headline(report)
    );
    if !report.band_meaning.is_empty() {
        out.push_str(&format!(": {}", report.band_meaning));
    }
    out.push_str("\n\n");
    if assessment.mode == Mode::Quick {
        out.push_str(&format!("*{QUICK_NOTE}*\n\n"));
    }
    let list = |items: Vec<String>| items.iter().map(|i| format!("- {i}\n")).collect::<String>();
    if let Some(line) = critical_line(report) {
        out.push_str(&format!(
            "## Critical gaps\n\n{line}\n\n{}\n",
            list(named(report, &report.critical_gaps).map(gap_item).collect())
        ));
    }
    if !report.top_priorities.is_empty() {
        out.push_str("## Top priorities\n\n");
        for (n, skill) in named(report, &report.top_priorities).enumerate() {
            out.push_str(&format!("{}. {}\n", n + 1, gap_item(skill)));
        }
        out.push('\n');
    }
    if !report.strengths.is_empty() {
        out.push_str(&format!(
            "## Strengths\n\n{}\n",
            list(
                named(report, &report.strengths)
                    .map(strength_item)
                    .collect()
            )
        ));
    }
    if !report.to_confirm.is_empty() {
        out.push_str(&format!(
            "## To confirm\n\nRated \"not sure\": counted as 0 until confirmed.\n\n{}\n",
            list(named(report, &report.to_confirm).map(gap_item).collect())
        ));
    }
    let unrated = unrated(report);
    if !unrated.is_empty() {
        out.push_str(&format!(
            "## Unrated\n\nNot covered by the quick look; counted as 0.\n\n{}\n",
            list(unrated.iter().map(|s| s.name.clone()).collect())
        ));
    }
    out.push_str("## Per skill\n\n");
    out.push_str(&render::markdown_table(
        &[
            "#",
            "Skill",
            "Rating",
            "Expected",
            "Gap",
            "Weighted gap",
            "Importance",
        ],
        &rows(report),
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::Rating;
    use chrono::TimeZone;

    fn sample() -> (Framework, Assessment, GapReport) {
        let framework = Framework::embedded().unwrap();
        let role = framework.role("senior-platform-engineer").unwrap().clone();
        let mut assessment = Assessment::new(
            &framework,
            "ada",
            Rater::SelfRater,
            Some("intermediate-platform-engineer"),
            &role.id,
            chrono::Utc.with_ymd_and_hms(2026, 11, 21, 9, 0, 0).unwrap(),
        );
        for e in &role.expectations {
            let expected = framework.expected_level(&role, e);
            assessment
                .ratings
                .insert(e.skill.clone(), Rating::level(expected));
        }
        assessment
            .ratings
            .insert("kubernetes".into(), Rating::level(2));
        assessment
            .ratings
            .insert("observability".into(), Rating::unsure());
        assessment
            .ratings
            .insert("technical-communication".into(), Rating::level(5));
        let report = crate::gap::analyse(&framework, &role, &assessment.ratings);
        (framework, assessment, report)
    }

    #[test]
    fn table_calls_out_critical_gaps_priorities_strengths_and_unsure() {
        let (framework, assessment, report) = sample();
        let text = table(&assessment, &report, &framework, &Style::plain(100));
        let readiness = text.find("Readiness").unwrap();
        let per_skill = text.find("Per skill").unwrap();
        for section in ["Critical gaps", "Top priorities", "Strengths", "To confirm"] {
            let at = text
                .find(section)
                .unwrap_or_else(|| panic!("{section}:\n{text}"));
            assert!(
                readiness < at && at < per_skill,
                "{section} is out of place"
            );
        }
        assert!(text.contains("? (confirm)"));
        assert!(text.contains("Kubernetes operations: rated 2, expected 4 · Critical"));
        assert!(text.contains("ada · self-assessment · 2026-11-21 · from Intermediate"));
        // Sorted by weighted gap: Kubernetes (2 × 3 = 6) before a 1-step gap.
        let kubernetes = text.rfind("Kubernetes operations").unwrap();
        let observability = text.rfind("Observability and alerting").unwrap();
        assert!(
            observability < kubernetes,
            "observability's gap (4 × 3) is larger"
        );
    }

    #[test]
    fn markdown_has_the_same_sections() {
        let (framework, assessment, report) = sample();
        let text = markdown(&assessment, &report, &framework);
        assert!(text.starts_with("# Gap report: Senior Platform Engineer"));
        assert!(text.contains("## Critical gaps"));
        assert!(
            text.contains("| # | Skill | Rating | Expected | Gap | Weighted gap | Importance |")
        );
        assert!(text
            .contains("| 1 | Observability and alerting | ? (confirm) | 4 | 4 | 12 | Critical |"));
    }
}
