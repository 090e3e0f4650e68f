//! The gap between a person's ratings and a role's expectations.
//!
//! Per skill: gap = expected − rating (never below zero), weighted by importance. Readiness is
//! the importance-weighted share of expectations met, where a skill rated below expectation
//! counts in proportion (rating / expected). "Not sure" counts as 0 in the arithmetic and is
//! listed as a gap to confirm. Strengths are ratings above expectation.

use crate::assessment::Rating;
use crate::framework::{Framework, Importance, Role, SkillHeader, SkillKind, Tier};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Rated at or above expectation.
    Met,
    /// Rated below expectation.
    Gap,
    /// "Not sure": a gap to confirm.
    Unsure,
    /// No rating at all (quick assessments leave some skills out).
    Unrated,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkillGap {
    pub skill: String,
    pub name: String,
    pub kind: SkillKind,
    pub category: String,
    pub importance: Importance,
    pub tier: Option<Tier>,
    pub weight: f64,
    pub expected: u8,
    pub rating: Option<u8>,
    pub status: Status,
    /// expected − rating, never below zero ("not sure" and unrated count as 0).
    pub gap: u8,
    pub weighted_gap: f64,
    /// rating − expected where above expectation.
    pub surplus: u8,
    /// 1 = work on first; 0 for skills without a gap.
    pub priority: usize,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GapReport {
    pub role: String,
    pub role_title: String,
    /// 0–100: the importance-weighted share of expectations met.
    pub readiness: f64,
    pub band: String,
    pub band_label: String,
    pub band_meaning: String,
    /// Critical skills below expectation: no one is ready while any remain.
    pub critical_gaps: Vec<String>,
    /// The highest-priority gaps (up to five).
    pub top_priorities: Vec<String>,
    /// Ratings above expectation.
    pub strengths: Vec<String>,
    /// Skills rated "not sure".
    pub to_confirm: Vec<String>,
    pub total_gap: u32,
    pub total_weighted_gap: f64,
    /// Sorted by weighted gap, largest first; then the met skills.
    pub skills: Vec<SkillGap>,
}

impl GapReport {
    pub fn gaps(&self) -> impl Iterator<Item = &SkillGap> {
        self.skills.iter().filter(|s| s.gap > 0)
    }

    pub fn skill(&self, id: &str) -> Option<&SkillGap> {
        self.skills.iter().find(|s| s.skill == id)
    }
}

/// Computes the gap report for `ratings` against `role`.
pub fn analyse(
    framework: &Framework,
    role: &Role,
    ratings: &BTreeMap<String, Rating>,
) -> GapReport {
    // Headers only: no skill is decoded for its name, category or foundations.
    let headers: Vec<Option<SkillHeader<&str>>> = role
        .expectations
        .iter()
        .map(|e| framework.skill_header(&e.skill))
        .collect();
    let skills: Vec<SkillGap> = role
        .expectations
        .iter()
        .zip(&headers)
        .map(|(expectation, skill)| {
            let expected = framework.expected_level(role, expectation).min(5);
            let rating = ratings.get(&expectation.skill);
            let level = rating.and_then(|r| r.level);
            let status = match (rating, level) {
                (None, _) => Status::Unrated,
                (Some(_), None) => Status::Unsure,
                (Some(_), Some(l)) if l >= expected => Status::Met,
                (Some(_), Some(_)) => Status::Gap,
            };
            let effective = level.unwrap_or(0);
            let gap = expected.saturating_sub(effective);
            let weight = framework.weight(expectation.importance);
            SkillGap {
                skill: expectation.skill.clone(),
                name: skill
                    .as_ref()
                    .map_or_else(|| expectation.skill.clone(), |s| s.name.to_string()),
                kind: skill.as_ref().map_or(SkillKind::Technical, |s| s.kind),
                category: skill
                    .as_ref()
                    .map_or_else(String::new, |s| s.category.to_string()),
                importance: expectation.importance,
                tier: expectation.tier,
                weight,
                expected,
                rating: level,
                status,
                gap,
                weighted_gap: f64::from(gap) * weight,
                surplus: effective.saturating_sub(expected),
                priority: 0,
                note: rating.map(|r| r.note.clone()).unwrap_or_default(),
            }
        })
        .collect();

    // Largest weighted gap first; ties go to the more important skill, then to the one more
    // skills build on (a foundation), then by name so the order is stable.
    // Counted once before sorting (the comparison runs n·log n times): how many of the role's
    // skills build on each one. Each skill's foundations, once each, sorted: a skill's count
    // is the length of its run.
    let mut foundations: Vec<&str> = Vec::new();
    for skill in headers.iter().flatten() {
        for (i, foundation) in skill.builds_on.iter().enumerate() {
            if !skill.builds_on[..i].contains(foundation) {
                foundations.push(foundation);
            }
        }
    }
    foundations.sort_unstable();
    let dependants = |skill: &str| {
        let start = foundations.partition_point(|&f| f < skill);
        foundations[start..].partition_point(|&f| f == skill)
    };
    // Looked up once per skill, not once per comparison; the sort moves indexes (stable, as
    // the sort of the gaps themselves was), not whole gaps.
    let counts: Vec<usize> = skills.iter().map(|s| dependants(&s.skill)).collect();
    let mut order: Vec<usize> = (0..skills.len()).collect();
    order.sort_by(|&i, &j| {
        let (a, b) = (&skills[i], &skills[j]);
        b.weighted_gap
            .total_cmp(&a.weighted_gap)
            .then(a.importance.cmp(&b.importance))
            .then(counts[j].cmp(&counts[i]))
            .then(a.name.cmp(&b.name))
    });
    let mut slots: Vec<Option<SkillGap>> = skills.into_iter().map(Some).collect();
    let mut skills: Vec<SkillGap> = order
        .iter()
        .map(|&i| slots[i].take().expect("each index once"))
        .collect();
    let mut priority = 0;
    for skill in skills.iter_mut() {
        if skill.gap > 0 {
            priority += 1;
            skill.priority = priority;
        }
    }

    let total_weight: f64 = skills.iter().map(|s| s.weight).sum();
    let met_weight: f64 = skills
        .iter()
        .map(|s| {
            if s.expected == 0 {
                s.weight
            } else {
                s.weight * f64::from(s.rating.unwrap_or(0).min(s.expected)) / f64::from(s.expected)
            }
        })
        .sum();
    let readiness = if total_weight > 0.0 {
        (met_weight / total_weight * 100.0).clamp(0.0, 100.0)
    } else {
        100.0
    };
    // Rounded to one decimal so reports and JSON agree and stay stable across platforms.
    let readiness = (readiness * 10.0).round() / 10.0;
    let critical_gaps: Vec<String> = skills
        .iter()
        .filter(|s| s.importance == Importance::Critical && s.gap > 0)
        .map(|s| s.skill.clone())
        .collect();
    let band = framework.band(readiness, !critical_gaps.is_empty());
    let mut strengths: Vec<&SkillGap> = skills.iter().filter(|s| s.surplus > 0).collect();
    strengths.sort_by(|a, b| {
        b.surplus
            .cmp(&a.surplus)
            .then(a.importance.cmp(&b.importance))
            .then(a.name.cmp(&b.name))
    });
    GapReport {
        role: role.id.clone(),
        role_title: role.title.clone(),
        readiness,
        band: band.map_or_else(String::new, |b| b.id.clone()),
        band_label: band.map_or_else(String::new, |b| b.label.clone()),
        band_meaning: band.map_or_else(String::new, |b| b.meaning.clone()),
        critical_gaps,
        top_priorities: skills
            .iter()
            .filter(|s| s.gap > 0)
            .take(5)
            .map(|s| s.skill.clone())
            .collect(),
        strengths: strengths.iter().map(|s| s.skill.clone()).collect(),
        to_confirm: skills
            .iter()
            .filter(|s| s.status == Status::Unsure)
            .map(|s| s.skill.clone())
            .collect(),
        total_gap: skills.iter().map(|s| u32::from(s.gap)).sum(),
        total_weighted_gap: skills.iter().map(|s| s.weighted_gap).sum(),
        skills,
    }
}
