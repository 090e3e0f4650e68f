//! Comparisons for 1:1s, with no terminal and no files: two assessments of one person, or two
//! roles' expectations.
//!
//! Two assessments by different raters (self and manager, or two peers) give a *calibration*
//! view: how often the two agree, what to talk about, the gaps both see and the strengths only
//! one side sees. Two by the same rater give a *progress* view: readiness then and now, the
//! skills that moved, the Critical gaps that did not. Against different target roles only the
//! skills both roles expect are compared, each rating against its own role's expected level.
//!
//! Sign convention: `difference` is always b's rating minus a's. In a progress view a is the
//! older assessment, so a positive difference is growth.

use crate::assessment::Assessment;
use crate::cli::Rater;
use crate::error::Invalid;
use crate::framework::{Framework, Horizon, Importance, Role, Track};
use crate::gap::{self, GapReport, Status};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum View {
    /// Different raters: where do the two views of one person agree?
    Calibration,
    /// Same rater, different dates: what changed?
    Progress,
    /// Two roles: what changes from one to the other?
    Roles,
}

pub fn rater_label(rater: Rater) -> &'static str {
    match rater {
        Rater::SelfRater => "self",
        Rater::Manager => "manager",
        Rater::Peer => "peer",
    }
}

/// One of the two assessments, as the comparison describes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Side {
    /// A short name for columns and sentences: the rater ("self", "manager") in a calibration
    /// view, "then" or "now" in a progress view.
    pub label: String,
    pub person: String,
    pub rater: Rater,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rater_name: Option<String>,
    pub created: DateTime<Utc>,
    #[serde(serialize_with = "crate::iso_date::write")]
    pub date: NaiveDate,
    pub role: String,
    pub role_title: String,
    /// Readiness (0–100) against this assessment's own target role.
    pub readiness: f64,
    pub band: String,
    pub band_label: String,
    pub critical_gaps: Vec<String>,
    /// Where the assessment was read from; set by the command, not the domain.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

/// One side's view of one skill.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkillSide {
    /// 0–5; `None` when "not sure" or not rated.
    pub rating: Option<u8>,
    pub unsure: bool,
    /// Expected level in this side's target role.
    pub expected: u8,
    pub status: Status,
    /// The evidence the rater gave for this rating.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
}

impl SkillSide {
    fn meets(&self) -> Option<bool> {
        self.rating.map(|r| r >= self.expected)
    }

    fn above(&self) -> bool {
        self.rating.is_some_and(|r| r > self.expected)
    }

    fn below(&self) -> bool {
        self.rating.is_some_and(|r| r < self.expected)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkillRow {
    pub skill: String,
    pub name: String,
    /// The higher of the two roles' importance when the roles differ.
    pub importance: Importance,
    pub a: SkillSide,
    pub b: SkillSide,
    /// b's rating − a's; `None` unless both gave a level.
    pub difference: Option<i8>,
    /// Within one level of each other (`None` unless both gave a level).
    pub agree: Option<bool>,
    /// The ratings are close but one side sees the expectation met and the other does not.
    pub expectation_split: bool,
}

impl SkillRow {
    fn gap_size(&self) -> u8 {
        let gap = |s: &SkillSide| s.expected.saturating_sub(s.rating.unwrap_or(0));
        gap(&self.a).max(gap(&self.b))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    /// Skills both sides gave a level for.
    pub compared: usize,
    /// Of those, the ones within one level of each other.
    pub within_one_level: usize,
    /// within_one_level / compared, 0–100, one decimal.
    pub rate: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Calibration {
    pub agreement: Agreement,
    /// Worth a conversation, most first: disagreements of two levels or more (largest first),
    /// then one-level differences that straddle the expected level.
    pub talk_about: Vec<String>,
    /// Both rate the skill below expectation.
    pub gaps_both_see: Vec<String>,
    /// a rates the skill above expectation, b does not.
    pub strengths_only_a_sees: Vec<String>,
    pub strengths_only_b_sees: Vec<String>,
    pub strengths_both_see: Vec<String>,
    /// One side gave a level, the other was not sure or did not rate it.
    pub to_confirm: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progress {
    pub readiness_then: f64,
    pub readiness_now: f64,
    /// Percentage points, one decimal.
    pub readiness_change: f64,
    pub band_then: String,
    pub band_now: String,
    /// Skills whose rating changed, largest move first.
    pub moved: Vec<String>,
    pub moved_up: usize,
    pub moved_down: usize,
    /// Critical skills below expectation now, with the same rating as then.
    pub critical_gaps_not_moved: Vec<String>,
    /// Rated now with a level, not then.
    pub newly_rated: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TimeBetween {
    pub days: i64,
    /// Rounded to the nearest month.
    pub months: i64,
}

impl TimeBetween {
    pub fn between(earlier: NaiveDate, later: NaiveDate) -> TimeBetween {
        let days = (later - earlier).num_days().abs();
        TimeBetween {
            days,
            // People say "about six months" for 182 days: round to the nearest month.
            months: (days as f64 / DAYS_PER_MONTH).round() as i64,
        }
    }

    /// "12 days", "about 6 months (182 days)", "about 1 year 2 months (428 days)".
    pub fn describe(&self) -> String {
        let plural = |n: i64, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        if self.days < 45 {
            return plural(self.days, "day");
        }
        let years = self.months / 12;
        let months = self.months % 12;
        let span = match (years, months) {
            (0, m) => plural(m, "month"),
            (y, 0) => plural(y, "year"),
            (y, m) => format!("{} {}", plural(y, "year"), plural(m, "month")),
        };
        format!("about {span} ({})", plural(self.days, "day"))
    }
}

/// The mean length of a calendar month.
const DAYS_PER_MONTH: f64 = 365.2425 / 12.0;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssessmentComparison {
    pub view: View,
    pub person: String,
    pub a: Side,
    pub b: Side,
    pub time_between: TimeBetween,
    /// Which side is the more recent ("a", "b"), or "same-day".
    pub later: String,
    /// The two target roles differ, so only the skills both expect are compared.
    pub shared_skills_only: bool,
    /// Sentences to show with the comparison (different roles, time between ...).
    pub notes: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calibration: Option<Calibration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub progress: Option<Progress>,
    /// Every compared skill: what to talk about (calibration) or what moved (progress) first.
    pub skills: Vec<SkillRow>,
}

impl AssessmentComparison {
    pub fn skill(&self, id: &str) -> Option<&SkillRow> {
        self.skills.iter().find(|s| s.skill == id)
    }
}

/// Whether two assessments come from different raters: a different kind, or two named people
/// of the same kind (two peers).
fn different_raters(a: &Assessment, b: &Assessment) -> bool {
    a.rater != b.rater
        || matches!((&a.rater_name, &b.rater_name), (Some(x), Some(y)) if !x.trim().eq_ignore_ascii_case(y.trim()))
}

fn target_role<'f>(framework: &'f Framework, assessment: &Assessment) -> Result<&'f Role, Invalid> {
    framework.role(&assessment.to).ok_or_else(|| {
        Invalid::new(format!(
            "the assessment of {} made {} targets role '{}', which this framework does not have",
            assessment.person,
            assessment.created.date_naive(),
            assessment.to
        ))
        .hint("use the framework it was made with (--data), or compare assessments of a known role")
    })
}

fn side(assessment: &Assessment, report: &GapReport, label: String) -> Side {
    Side {
        label,
        person: assessment.person.clone(),
        rater: assessment.rater,
        rater_name: assessment.rater_name.clone(),
        created: assessment.created,
        date: assessment.created.date_naive(),
        role: report.role.clone(),
        role_title: report.role_title.clone(),
        readiness: report.readiness,
        band: report.band.clone(),
        band_label: report.band_label.clone(),
        critical_gaps: report.critical_gaps.clone(),
        file: None,
    }
}

fn skill_side(assessment: &Assessment, report: &GapReport, skill: &str) -> SkillSide {
    let gap = report.skill(skill);
    let rating = assessment.ratings.get(skill);
    SkillSide {
        rating: rating.and_then(|r| r.level),
        unsure: rating.is_some_and(|r| r.level.is_none()),
        expected: gap.map_or(0, |g| g.expected),
        status: gap.map_or(Status::Unrated, |g| g.status),
        note: rating
            .map(|r| r.note.trim().to_string())
            .unwrap_or_default(),
    }
}

fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

/// Orders rows by the size of their difference, then importance, then name; rows without a
/// difference go last.
fn by_difference(a: &SkillRow, b: &SkillRow) -> std::cmp::Ordering {
    let size = |r: &SkillRow| r.difference.map_or(-1, |d| i16::from(d).abs());
    size(b)
        .cmp(&size(a))
        .then(a.importance.cmp(&b.importance))
        .then(a.name.cmp(&b.name))
}

/// Compares two assessments of the same person. The view follows from the raters: different
/// raters give a calibration, the same rater a progress view (a becomes the older one).
pub fn compare_assessments(
    framework: &Framework,
    first: &Assessment,
    second: &Assessment,
) -> Result<AssessmentComparison, Invalid> {
    if crate::store::slug(&first.person) != crate::store::slug(&second.person) {
        return Err(Invalid::new(format!(
            "these are assessments of two people ({} and {}); compare looks at one person's assessments",
            first.person, second.person
        ))
        .hint("give two assessments of the same person, or use --person to pick whose"));
    }
    let view = if different_raters(first, second) {
        View::Calibration
    } else {
        View::Progress
    };
    // A progress view reads from then to now, whatever order the references came in.
    let (a, b) = if view == View::Progress && second.created < first.created {
        (second, first)
    } else {
        (first, second)
    };
    let role_a = target_role(framework, a)?;
    let role_b = target_role(framework, b)?;
    let report_a = gap::analyse(framework, role_a, &a.ratings);
    let report_b = gap::analyse(framework, role_b, &b.ratings);
    let shared_skills_only = role_a.id != role_b.id;
    let b_skills: BTreeSet<&str> = role_b
        .expectations
        .iter()
        .map(|e| e.skill.as_str())
        .collect();
    let skills: Vec<&str> = role_a
        .expectations
        .iter()
        .map(|e| e.skill.as_str())
        .filter(|s| b_skills.contains(s))
        .collect();
    if skills.is_empty() && role_a.id == role_b.id {
        return Err(Invalid::new(format!(
            "{} has no skill expectations, so there is nothing to compare",
            role_a.title
        ))
        .hint("`pathway roles` marks the roles with skill expectations"));
    }
    if skills.is_empty() {
        return Err(Invalid::new(format!(
            "{} and {} share no skills, so their assessments cannot be compared",
            role_a.title, role_b.title
        ))
        .hint("compare two assessments against the same or related target roles"));
    }

    let (label_a, label_b) = match view {
        View::Progress => ("then".to_string(), "now".to_string()),
        _ if a.rater != b.rater => (
            rater_label(a.rater).to_string(),
            rater_label(b.rater).to_string(),
        ),
        // Two raters of the same kind: their names tell them apart.
        _ => (
            a.rater_name
                .clone()
                .unwrap_or_else(|| format!("{} 1", rater_label(a.rater))),
            b.rater_name
                .clone()
                .unwrap_or_else(|| format!("{} 2", rater_label(b.rater))),
        ),
    };
    let side_a = side(a, &report_a, label_a);
    let side_b = side(b, &report_b, label_b);
    let time_between = TimeBetween::between(side_a.date, side_b.date);
    let later = match side_a.date.cmp(&side_b.date) {
        std::cmp::Ordering::Less => "b",
        std::cmp::Ordering::Greater => "a",
        std::cmp::Ordering::Equal => "same-day",
    }
    .to_string();

    let mut rows: Vec<SkillRow> = skills
        .iter()
        .map(|&skill| {
            let gap_a = report_a.skill(skill);
            let gap_b = report_b.skill(skill);
            let importance = match (gap_a, gap_b) {
                (Some(x), Some(y)) => x.importance.min(y.importance),
                (Some(x), None) | (None, Some(x)) => x.importance,
                (None, None) => Importance::Optional,
            };
            let name = gap_a
                .map(|g| g.name.clone())
                .unwrap_or_else(|| skill.to_string());
            let side_a = skill_side(a, &report_a, skill);
            let side_b = skill_side(b, &report_b, skill);
            let difference = match (side_a.rating, side_b.rating) {
                (Some(x), Some(y)) => Some(y as i8 - x as i8),
                _ => None,
            };
            let agree = difference.map(|d| d.abs() <= 1);
            let expectation_split =
                difference.is_some_and(|d| d.abs() == 1) && side_a.meets() != side_b.meets();
            SkillRow {
                skill: skill.to_string(),
                name,
                importance,
                a: side_a,
                b: side_b,
                difference,
                agree,
                expectation_split,
            }
        })
        .collect();
    rows.sort_by(by_difference);

    let mut notes = Vec::new();
    if shared_skills_only {
        notes.push(format!(
            "The two assessments target different roles ({} and {}): only the {} skills both roles expect are compared, each rating against its own role's expected level.",
            role_a.title,
            role_b.title,
            rows.len()
        ));
    }
    let ids = |rows: &[&SkillRow]| rows.iter().map(|r| r.skill.clone()).collect::<Vec<_>>();

    let (calibration, progress) = match view {
        View::Progress => {
            let mut moved: Vec<&SkillRow> = rows
                .iter()
                .filter(|r| r.difference.is_some_and(|d| d != 0))
                .collect();
            // Largest move first; at equal size a rise before a fall.
            moved.sort_by(|x, y| {
                let size = |r: &SkillRow| r.difference.map_or(0, |d| d.unsigned_abs());
                size(y)
                    .cmp(&size(x))
                    .then(y.difference.cmp(&x.difference))
                    .then(x.importance.cmp(&y.importance))
                    .then(x.name.cmp(&y.name))
            });
            let mut unmoved: Vec<&SkillRow> = rows
                .iter()
                .filter(|r| {
                    report_b
                        .skill(&r.skill)
                        .is_some_and(|g| g.importance == Importance::Critical && g.gap > 0)
                        && r.a.rating == r.b.rating
                })
                .collect();
            unmoved.sort_by(|x, y| y.gap_size().cmp(&x.gap_size()).then(x.name.cmp(&y.name)));
            let newly_rated: Vec<&SkillRow> = rows
                .iter()
                .filter(|r| r.a.rating.is_none() && r.b.rating.is_some())
                .collect();
            let progress = Progress {
                readiness_then: report_a.readiness,
                readiness_now: report_b.readiness,
                readiness_change: round1(report_b.readiness - report_a.readiness),
                band_then: report_a.band_label.clone(),
                band_now: report_b.band_label.clone(),
                moved_up: moved.iter().filter(|r| r.difference > Some(0)).count(),
                moved_down: moved.iter().filter(|r| r.difference < Some(0)).count(),
                moved: ids(&moved),
                critical_gaps_not_moved: ids(&unmoved),
                newly_rated: ids(&newly_rated),
            };
            // Show the moves first in the per-skill list too.
            let order: Vec<String> = progress.moved.clone();
            rows.sort_by_key(|r| {
                order
                    .iter()
                    .position(|m| *m == r.skill)
                    .unwrap_or(usize::MAX)
            });
            (None, Some(progress))
        }
        _ => {
            if time_between.days > 0 {
                let later_label = if later == "b" {
                    &side_b.label
                } else {
                    &side_a.label
                };
                notes.push(format!(
                    "The two assessments were made {} apart ({} later): part of a difference may be change over time rather than disagreement.",
                    time_between.describe(),
                    later_label
                ));
            }
            let compared: Vec<&SkillRow> = rows.iter().filter(|r| r.agree.is_some()).collect();
            let within = compared.iter().filter(|r| r.agree == Some(true)).count();
            let mut talk: Vec<&SkillRow> = rows
                .iter()
                .filter(|r| r.agree == Some(false) || r.expectation_split)
                .collect();
            // Disagreements first (largest first), then the close calls on the expectation.
            talk.sort_by(|x, y| by_difference(x, y));
            let mut gaps_both: Vec<&SkillRow> =
                rows.iter().filter(|r| r.a.below() && r.b.below()).collect();
            gaps_both.sort_by(|x, y| {
                x.importance
                    .cmp(&y.importance)
                    .then(y.gap_size().cmp(&x.gap_size()))
                    .then(x.name.cmp(&y.name))
            });
            let surplus = |s: &SkillSide| s.rating.unwrap_or(0).saturating_sub(s.expected);
            let strengths = |pick: &dyn Fn(&SkillRow) -> bool, of: &dyn Fn(&SkillRow) -> u8| {
                let mut found: Vec<&SkillRow> = rows.iter().filter(|r| pick(r)).collect();
                found.sort_by(|x, y| {
                    of(y)
                        .cmp(&of(x))
                        .then(x.importance.cmp(&y.importance))
                        .then(x.name.cmp(&y.name))
                });
                ids(&found)
            };
            let calibration = Calibration {
                agreement: Agreement {
                    compared: compared.len(),
                    within_one_level: within,
                    rate: if compared.is_empty() {
                        0.0
                    } else {
                        round1(within as f64 / compared.len() as f64 * 100.0)
                    },
                },
                talk_about: ids(&talk),
                gaps_both_see: ids(&gaps_both),
                strengths_only_a_sees: strengths(
                    &|r| r.a.above() && r.b.rating.is_some() && !r.b.above(),
                    &|r| surplus(&r.a),
                ),
                strengths_only_b_sees: strengths(
                    &|r| r.b.above() && r.a.rating.is_some() && !r.a.above(),
                    &|r| surplus(&r.b),
                ),
                strengths_both_see: strengths(&|r| r.a.above() && r.b.above(), &|r| {
                    surplus(&r.a).min(surplus(&r.b))
                }),
                to_confirm: ids(&rows
                    .iter()
                    .filter(|r| r.a.rating.is_some() != r.b.rating.is_some())
                    .collect::<Vec<_>>()),
            };
            let order = calibration.talk_about.clone();
            rows.sort_by_key(|r| {
                order
                    .iter()
                    .position(|m| *m == r.skill)
                    .unwrap_or(usize::MAX)
            });
            (Some(calibration), None)
        }
    };

    Ok(AssessmentComparison {
        view,
        person: a.person.clone(),
        a: side_a,
        b: side_b,
        time_between,
        later,
        shared_skills_only,
        notes,
        calibration,
        progress,
        skills: rows,
    })
}

// ---------------------------------------------------------------------------------------------
// Two roles

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleSummary {
    pub id: String,
    pub title: String,
    pub rank: u8,
    pub track: Track,
}

impl RoleSummary {
    fn of(role: &Role) -> RoleSummary {
        RoleSummary {
            id: role.id.clone(),
            title: role.title.clone(),
            rank: role.rank,
            track: role.track,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ExpectationSide {
    pub importance: Importance,
    pub level: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SkillChangeKind {
    /// Expected in the second role only.
    Added,
    /// Expected in the first role only.
    Dropped,
    /// A higher expected level.
    Raised,
    Lowered,
    MoreImportant,
    LessImportant,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkillChange {
    pub skill: String,
    pub name: String,
    pub changes: Vec<SkillChangeKind>,
    pub from: Option<ExpectationSide>,
    pub to: Option<ExpectationSide>,
    /// Expected level in the second role minus the first (a missing expectation counts as 0).
    pub level_change: i8,
    /// How much the change matters: level change weighted by importance, plus any change in
    /// weight; half that for a drop or a lowered level. Orders the list.
    pub significance: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemChanges<T> {
    /// In the second role only.
    pub new: Vec<T>,
    /// In both (matched by name, ignoring case and spacing).
    pub carried_over: Vec<T>,
    /// In the first role only.
    pub dropped: Vec<T>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResponsibilityItem {
    pub group: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiItem {
    pub name: String,
    pub target: String,
    pub frequency: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MilestoneChange {
    pub horizon: Horizon,
    pub new: Vec<String>,
    pub carried_over: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SkillChangeCounts {
    pub added: usize,
    pub dropped: usize,
    pub raised: usize,
    pub lowered: usize,
    pub more_important: usize,
    pub less_important: usize,
    pub unchanged: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleComparison {
    pub view: View,
    pub from: RoleSummary,
    pub to: RoleSummary,
    pub counts: SkillChangeCounts,
    /// Every skill whose expectation changes, most significant first.
    pub skills: Vec<SkillChange>,
    pub added: Vec<String>,
    pub dropped: Vec<String>,
    pub raised: Vec<String>,
    pub lowered: Vec<String>,
    pub importance_changed: Vec<String>,
    pub responsibilities: ItemChanges<ResponsibilityItem>,
    pub kpis: ItemChanges<KpiItem>,
    pub milestones: Vec<MilestoneChange>,
    pub notes: Vec<String>,
}

/// Lowercase with single spaces, so "Change failure rate" matches "change  failure rate".
fn normalised(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn split_items<T: Clone>(from: &[T], to: &[T], key: impl Fn(&T) -> String) -> ItemChanges<T> {
    let from_keys: BTreeSet<String> = from.iter().map(&key).collect();
    let to_keys: BTreeSet<String> = to.iter().map(&key).collect();
    ItemChanges {
        new: to
            .iter()
            .filter(|i| !from_keys.contains(&key(i)))
            .cloned()
            .collect(),
        carried_over: to
            .iter()
            .filter(|i| from_keys.contains(&key(i)))
            .cloned()
            .collect(),
        dropped: from
            .iter()
            .filter(|i| !to_keys.contains(&key(i)))
            .cloned()
            .collect(),
    }
}

/// What changes from role `from` to role `to`.
pub fn compare_roles(
    framework: &Framework,
    from: &Role,
    to: &Role,
) -> Result<RoleComparison, Invalid> {
    if from.id == to.id {
        return Err(Invalid::new(format!(
            "--roles names {} twice; compare it with another role",
            from.id
        ))
        .hint(
            "e.g. pathway compare --roles intermediate-platform-engineer senior-platform-engineer",
        ));
    }
    let expectation = |role: &Role, skill: &str| {
        role.expectations
            .iter()
            .find(|e| e.skill == skill)
            .map(|e| ExpectationSide {
                importance: e.importance,
                level: framework.expected_level(role, e),
            })
    };
    // The second role's skills in its own order, then the ones it drops.
    let mut skill_ids: Vec<&str> = to.expectations.iter().map(|e| e.skill.as_str()).collect();
    for e in &from.expectations {
        if !skill_ids.contains(&e.skill.as_str()) {
            skill_ids.push(&e.skill);
        }
    }
    let mut counts = SkillChangeCounts::default();
    let mut changes = Vec::new();
    for skill in skill_ids {
        let before = expectation(from, skill);
        let after = expectation(to, skill);
        let mut kinds = Vec::new();
        match (before, after) {
            (None, Some(_)) => kinds.push(SkillChangeKind::Added),
            (Some(_), None) => kinds.push(SkillChangeKind::Dropped),
            (Some(x), Some(y)) => {
                if y.level > x.level {
                    kinds.push(SkillChangeKind::Raised);
                } else if y.level < x.level {
                    kinds.push(SkillChangeKind::Lowered);
                }
                // Importance is ordered Critical < Important < Optional.
                if y.importance < x.importance {
                    kinds.push(SkillChangeKind::MoreImportant);
                } else if y.importance > x.importance {
                    kinds.push(SkillChangeKind::LessImportant);
                }
            }
            (None, None) => {}
        }
        for kind in &kinds {
            match kind {
                SkillChangeKind::Added => counts.added += 1,
                SkillChangeKind::Dropped => counts.dropped += 1,
                SkillChangeKind::Raised => counts.raised += 1,
                SkillChangeKind::Lowered => counts.lowered += 1,
                SkillChangeKind::MoreImportant => counts.more_important += 1,
                SkillChangeKind::LessImportant => counts.less_important += 1,
            }
        }
        if kinds.is_empty() {
            counts.unchanged += 1;
            continue;
        }
        let level = |s: Option<ExpectationSide>| s.map_or(0, |s| s.level);
        let weight = |s: Option<ExpectationSide>| s.map_or(0.0, |s| framework.weight(s.importance));
        let level_change = level(after) as i8 - level(before) as i8;
        let mut significance = f64::from(level_change.unsigned_abs())
            * weight(after).max(weight(before))
            + match (before, after) {
                (Some(_), Some(_)) => (weight(after) - weight(before)).abs(),
                _ => 0.0,
            };
        // A dropped or lowered expectation asks nothing new of the person: it counts half.
        if level_change < 0 || after.is_none() {
            significance /= 2.0;
        }
        changes.push(SkillChange {
            skill: skill.to_string(),
            name: framework
                .skill(skill)
                .map_or_else(|| skill.to_string(), |s| s.name.clone()),
            changes: kinds,
            from: before,
            to: after,
            level_change,
            significance,
        });
    }
    changes.sort_by(|x, y| {
        let importance = |c: &SkillChange| c.to.or(c.from).map(|s| s.importance);
        y.significance
            .total_cmp(&x.significance)
            .then(importance(x).cmp(&importance(y)))
            .then(x.name.cmp(&y.name))
    });
    let with = |kind: SkillChangeKind| {
        changes
            .iter()
            .filter(|c| c.changes.contains(&kind))
            .map(|c| c.skill.clone())
            .collect::<Vec<_>>()
    };
    let added = with(SkillChangeKind::Added);
    let dropped = with(SkillChangeKind::Dropped);
    let raised = with(SkillChangeKind::Raised);
    let lowered = with(SkillChangeKind::Lowered);
    let importance_changed: Vec<String> = changes
        .iter()
        .filter(|c| {
            c.changes.contains(&SkillChangeKind::MoreImportant)
                || c.changes.contains(&SkillChangeKind::LessImportant)
        })
        .map(|c| c.skill.clone())
        .collect();

    let responsibilities = |role: &Role| {
        role.responsibilities
            .iter()
            .flat_map(|g| {
                g.items.iter().map(|item| ResponsibilityItem {
                    group: g.group.clone(),
                    text: item.clone(),
                })
            })
            .collect::<Vec<_>>()
    };
    let kpis = |role: &Role| {
        role.kpis
            .iter()
            .map(|k| KpiItem {
                name: k.name.clone(),
                target: k.target.clone(),
                frequency: k.frequency.clone(),
            })
            .collect::<Vec<_>>()
    };
    let mut horizons: Vec<Horizon> = to.milestones.iter().map(|m| m.horizon).collect();
    horizons.sort();
    horizons.dedup();
    let milestones = horizons
        .into_iter()
        .map(|horizon| {
            let goals = |role: &Role| {
                role.milestones
                    .iter()
                    .filter(|m| m.horizon == horizon)
                    .flat_map(|m| m.goals.iter().cloned())
                    .collect::<Vec<_>>()
            };
            let split = split_items(&goals(from), &goals(to), |g| normalised(g));
            MilestoneChange {
                horizon,
                new: split.new,
                carried_over: split.carried_over,
            }
        })
        .collect();

    let mut notes = Vec::new();
    if from.track != to.track {
        notes.push(format!(
            "{} is on the {} track and {} on the {} track.",
            from.title,
            track_name(from.track),
            to.title,
            track_name(to.track)
        ));
    }
    if to.rank < from.rank {
        notes.push(format!(
            "{} is a more senior role than {}: expectations mostly go down in this direction.",
            from.title, to.title
        ));
    }
    for role in [from, to] {
        if role.expectations.is_empty() {
            notes.push(format!(
                "{} is a career-graph link without skill expectations, so every skill shows as {}.",
                role.title,
                if role.id == from.id {
                    "added"
                } else {
                    "dropped"
                }
            ));
        }
    }

    Ok(RoleComparison {
        view: View::Roles,
        from: RoleSummary::of(from),
        to: RoleSummary::of(to),
        counts,
        skills: changes,
        added,
        dropped,
        raised,
        lowered,
        importance_changed,
        responsibilities: split_items(&responsibilities(from), &responsibilities(to), |r| {
            normalised(&r.text)
        }),
        kpis: split_items(&kpis(from), &kpis(to), |k| normalised(&k.name)),
        milestones,
        notes,
    })
}

pub fn track_name(track: Track) -> &'static str {
    match track {
        Track::IndividualContributor => "individual-contributor",
        Track::Management => "management",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::Rating;
    use chrono::TimeZone;

    fn framework() -> Framework {
        Framework::embedded().expect("embedded framework")
    }

    fn assessment(
        framework: &Framework,
        rater: Rater,
        to: &str,
        date: (i32, u32, u32),
        ratings: &[(&str, Rating)],
    ) -> Assessment {
        let created = Utc
            .with_ymd_and_hms(date.0, date.1, date.2, 10, 0, 0)
            .unwrap();
        let mut a = Assessment::new(framework, "alex", rater, None, to, created);
        // Every expected skill at its expected level unless the test says otherwise.
        let role = framework.role(to).unwrap();
        for e in &role.expectations {
            a.ratings.insert(
                e.skill.clone(),
                Rating::level(framework.expected_level(role, e)),
            );
        }
        for (skill, rating) in ratings {
            a.ratings.insert(skill.to_string(), rating.clone());
        }
        a
    }

    const SENIOR: &str = "senior-platform-engineer";

    #[test]
    fn different_raters_give_a_calibration_with_the_largest_disagreement_first() {
        let f = framework();
        let own = assessment(
            &f,
            Rater::SelfRater,
            SENIOR,
            (2026, 11, 1),
            &[
                ("kubernetes", Rating::level(5)),
                ("observability", Rating::level(3)),
                ("cloud-security", Rating::level(2)),
                ("coaching", Rating::level(3)),
            ],
        );
        let manager = assessment(
            &f,
            Rater::Manager,
            SENIOR,
            (2026, 11, 1),
            &[
                (
                    "kubernetes",
                    Rating {
                        level: Some(2),
                        unsure: false,
                        note: "needed help with the 1.30 upgrade".into(),
                    },
                ),
                ("observability", Rating::level(4)),
                ("cloud-security", Rating::level(2)),
                ("coaching", Rating::level(5)),
            ],
        );
        let c = compare_assessments(&f, &own, &manager).unwrap();
        assert_eq!(c.view, View::Calibration);
        assert_eq!(
            (c.a.label.as_str(), c.b.label.as_str()),
            ("self", "manager")
        );
        let cal = c.calibration.as_ref().unwrap();
        // kubernetes differs by 3, coaching by 2; observability is one level apart but the
        // manager sees the expectation met and self does not.
        assert_eq!(cal.talk_about, ["kubernetes", "coaching", "observability"]);
        assert_eq!(c.skills[0].skill, "kubernetes");
        assert_eq!(c.skills[0].difference, Some(-3));
        assert_eq!(c.skills[0].b.note, "needed help with the 1.30 upgrade");
        assert!(cal.gaps_both_see.contains(&"cloud-security".to_string()));
        assert_eq!(cal.strengths_only_a_sees, ["kubernetes"]);
        assert_eq!(cal.strengths_only_b_sees, ["coaching"]);
        let compared = c.skills.len();
        assert_eq!(cal.agreement.compared, compared);
        assert_eq!(cal.agreement.within_one_level, compared - 2);
        assert!(c.notes.is_empty(), "same day, same role: {:?}", c.notes);
    }

    #[test]
    fn same_rater_months_apart_gives_progress_then_to_now_whatever_the_order() {
        let f = framework();
        let then = assessment(
            &f,
            Rater::SelfRater,
            SENIOR,
            (2026, 5, 10),
            &[
                ("kubernetes", Rating::level(2)),
                ("observability", Rating::level(2)),
                ("cloud-security", Rating::level(2)),
                ("gitops", Rating::level(3)),
            ],
        );
        let now = assessment(
            &f,
            Rater::SelfRater,
            SENIOR,
            (2026, 11, 12),
            &[
                ("kubernetes", Rating::level(4)),
                ("observability", Rating::level(3)),
                ("cloud-security", Rating::level(2)),
                ("gitops", Rating::level(2)),
            ],
        );
        let c = compare_assessments(&f, &now, &then).unwrap();
        assert_eq!(c.view, View::Progress);
        assert_eq!(c.a.date, NaiveDate::from_ymd_opt(2026, 5, 10).unwrap());
        let p = c.progress.as_ref().unwrap();
        assert!(p.readiness_now > p.readiness_then);
        assert_eq!(p.moved[0], "kubernetes");
        assert_eq!(p.moved.len(), 3);
        assert_eq!((p.moved_up, p.moved_down), (2, 1));
        assert_eq!(p.critical_gaps_not_moved, ["cloud-security"]);
        assert_eq!(c.time_between.days, 186);
        assert_eq!(c.time_between.months, 6);
        assert_eq!(c.skill("kubernetes").unwrap().difference, Some(2));
    }

    #[test]
    fn different_target_roles_compare_only_shared_skills() {
        let f = framework();
        let own = assessment(&f, Rater::SelfRater, SENIOR, (2026, 11, 1), &[]);
        let manager = assessment(
            &f,
            Rater::Manager,
            "intermediate-platform-engineer",
            (2026, 11, 20),
            &[],
        );
        let c = compare_assessments(&f, &own, &manager).unwrap();
        assert!(c.shared_skills_only);
        let senior = f.role(SENIOR).unwrap();
        let inter = f.role("intermediate-platform-engineer").unwrap();
        for row in &c.skills {
            assert!(senior.expectations.iter().any(|e| e.skill == row.skill));
            assert!(inter.expectations.iter().any(|e| e.skill == row.skill));
        }
        assert!(!c.skills.iter().any(|r| r.skill == "stakeholder-management"));
        assert!(c.notes[0].contains("different roles"), "{:?}", c.notes);
        // Calibration across dates says how far apart they are.
        assert!(
            c.notes[1].contains("19 days apart (manager later)"),
            "{:?}",
            c.notes
        );
    }

    #[test]
    fn not_sure_on_one_side_is_to_confirm_not_a_disagreement() {
        let f = framework();
        let own = assessment(&f, Rater::SelfRater, SENIOR, (2026, 11, 1), &[]);
        let peer = assessment(
            &f,
            Rater::Peer,
            SENIOR,
            (2026, 11, 1),
            &[
                ("finops", Rating::unsure()),
                ("kubernetes", Rating::unsure()),
            ],
        );
        let c = compare_assessments(&f, &own, &peer).unwrap();
        let cal = c.calibration.unwrap();
        assert_eq!(
            cal.to_confirm,
            ["kubernetes"],
            "finops is not a senior skill"
        );
        assert!(cal.talk_about.is_empty());
        let row = c.skills.iter().find(|r| r.skill == "kubernetes").unwrap();
        assert_eq!(
            (row.difference, row.agree, row.b.unsure),
            (None, None, true)
        );
        assert_eq!(cal.agreement.compared, c.skills.len() - 1);
        assert_eq!(cal.agreement.rate, 100.0);
    }

    #[test]
    fn two_people_are_refused() {
        let f = framework();
        let a = assessment(&f, Rater::SelfRater, SENIOR, (2026, 11, 1), &[]);
        let mut b = a.clone();
        b.person = "sam".into();
        assert!(compare_assessments(&f, &a, &b).is_err());
    }

    #[test]
    fn roles_intermediate_to_senior_raise_expectations_and_add_skills() {
        let f = framework();
        let c = compare_roles(
            &f,
            f.role("intermediate-platform-engineer").unwrap(),
            f.role(SENIOR).unwrap(),
        )
        .unwrap();
        assert!(c.raised.contains(&"kubernetes".to_string()));
        assert!(c.added.contains(&"stakeholder-management".to_string()));
        assert!(c.lowered.is_empty() || c.counts.lowered == c.lowered.len());
        assert!(c
            .skills
            .windows(2)
            .all(|w| w[0].significance >= w[1].significance));
        let k8s = c.skills.iter().find(|s| s.skill == "kubernetes").unwrap();
        assert_eq!(k8s.from.unwrap().level, 3);
        assert_eq!(k8s.to.unwrap().level, 4);
        assert_eq!(k8s.level_change, 1);
        assert!(!c.kpis.new.is_empty());
        assert!(!c.milestones.is_empty());
        assert!(compare_roles(&f, f.role(SENIOR).unwrap(), f.role(SENIOR).unwrap()).is_err());
    }

    #[test]
    fn time_between_rounds_to_months_and_reads_well() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let t = TimeBetween::between(d(2026, 3, 30), d(2026, 1, 31));
        assert_eq!((t.days, t.months), (58, 2));
        assert_eq!(
            TimeBetween::between(d(2026, 3, 1), d(2026, 3, 13)).describe(),
            "12 days"
        );
        assert_eq!(
            TimeBetween::between(d(2026, 5, 12), d(2026, 11, 10)).describe(),
            "about 6 months (182 days)"
        );
        assert_eq!(
            TimeBetween::between(d(2025, 1, 10), d(2026, 3, 10)).describe(),
            "about 1 year 2 months (424 days)"
        );
    }
}
