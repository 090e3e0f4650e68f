//! The career framework: its data model, where it comes from (embedded blob or a folder of
//! YAML), the checks it must pass, and the lookups every command needs.

pub mod cache;
pub mod check;
pub mod load;
pub mod model;
mod trusted;

pub use model::*;

use crate::error::Invalid;
use crate::suggest::did_you_mean;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The embedded framework, parsed from `data/` and checked when the crate is built.
static EMBEDDED_BLOB: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/framework.bin"));

/// A loaded framework with indexes for lookups by id.
///
/// The indexes are built on first use: most commands look up a handful of ids or none, and
/// building every index up front costs more than the whole of `pathway roles`.
#[derive(Debug, Clone)]
pub struct Framework {
    pub data: FrameworkData,
    skill_index: OnceLock<HashMap<String, usize>>,
    role_index: OnceLock<HashMap<String, usize>>,
    pathway_index: OnceLock<HashMap<String, usize>>,
    resource_index: OnceLock<HashMap<String, usize>>,
    /// Resource positions by the skill they build, in catalogue order.
    resources_by_skill: OnceLock<HashMap<String, Vec<usize>>>,
}

fn index_of<T>(items: &[T], id: impl Fn(&T) -> &str) -> HashMap<String, usize> {
    let mut index = HashMap::with_capacity(items.len());
    for (position, item) in items.iter().enumerate() {
        // First one wins; duplicates are reported by `check`.
        index.entry(id(item).to_string()).or_insert(position);
    }
    index
}

impl Framework {
    /// The framework compiled into the binary.
    pub fn embedded() -> anyhow::Result<Framework> {
        use serde::Deserialize;
        // This build wrote the blob from Rust strings: no need to check them again.
        let mut blob = postcard::Deserializer::from_bytes(EMBEDDED_BLOB);
        let data = FrameworkData::deserialize(trusted::Trusted(&mut blob))
            .map_err(|e| anyhow::anyhow!("the embedded framework is unreadable: {e}"))?;
        Ok(Framework::new(data))
    }

    pub fn new(data: FrameworkData) -> Framework {
        Framework {
            data,
            skill_index: OnceLock::new(),
            role_index: OnceLock::new(),
            pathway_index: OnceLock::new(),
            resource_index: OnceLock::new(),
            resources_by_skill: OnceLock::new(),
        }
    }

    fn resources_by_skill(&self) -> &HashMap<String, Vec<usize>> {
        self.resources_by_skill.get_or_init(|| {
            let mut by_skill: HashMap<String, Vec<usize>> = HashMap::new();
            for (position, resource) in self.data.resources.iter().enumerate() {
                for skill in &resource.skills {
                    by_skill.entry(skill.clone()).or_default().push(position);
                }
            }
            by_skill
        })
    }

    pub fn manifest(&self) -> &Manifest {
        &self.data.manifest
    }

    pub fn skill(&self, id: &str) -> Option<&Skill> {
        self.skill_index
            .get_or_init(|| index_of(&self.data.skills, |s| &s.id))
            .get(id)
            .map(|&i| &self.data.skills[i])
    }

    pub fn role(&self, id: &str) -> Option<&Role> {
        self.role_index
            .get_or_init(|| index_of(&self.data.roles, |r| &r.id))
            .get(id)
            .map(|&i| &self.data.roles[i])
    }

    pub fn pathway(&self, id: &str) -> Option<&Pathway> {
        self.pathway_index
            .get_or_init(|| index_of(&self.data.pathways, |p| &p.id))
            .get(id)
            .map(|&i| &self.data.pathways[i])
    }

    pub fn resource(&self, id: &str) -> Option<&Resource> {
        self.resource_index
            .get_or_init(|| index_of(&self.data.resources, |r| &r.id))
            .get(id)
            .map(|&i| &self.data.resources[i])
    }

    /// A role by id, or an `Invalid` error with a "did you mean" and the way to list them.
    pub fn require_role(&self, id: &str) -> Result<&Role, Invalid> {
        self.role(id).ok_or_else(|| {
            unknown_id(
                "role",
                id,
                self.data.roles.iter().map(|r| r.id.as_str()),
                "pathway roles",
            )
        })
    }

    /// An assessable role (one with expectations), or an error naming the assessable ones.
    pub fn require_assessable_role(&self, id: &str) -> Result<&Role, Invalid> {
        let role = self.require_role(id)?;
        if role.assessable && !role.expectations.is_empty() {
            Ok(role)
        } else {
            Err(Invalid::new(format!(
                "role '{id}' ({}) is a node in the career graph, not a role with skill expectations",
                role.title
            ))
            .hint("`pathway roles` marks the roles you can assess against"))
        }
    }

    pub fn require_skill(&self, id: &str) -> Result<&Skill, Invalid> {
        self.skill(id).ok_or_else(|| {
            unknown_id(
                "skill",
                id,
                self.data.skills.iter().map(|s| s.id.as_str()),
                "pathway skills",
            )
        })
    }

    pub fn require_pathway(&self, id: &str) -> Result<&Pathway, Invalid> {
        self.pathway(id).ok_or_else(|| {
            unknown_id(
                "pathway",
                id,
                self.data.pathways.iter().map(|p| p.id.as_str()),
                "pathway pathways",
            )
        })
    }

    /// Expected level for one expectation of a role: its own `level`, else the rank rule.
    pub fn expected_level(&self, role: &Role, expectation: &Expectation) -> u8 {
        expectation
            .level
            .unwrap_or_else(|| self.rule_level(role.rank, expectation.importance))
    }

    /// The rank × importance rule of the manifest: the last rule whose rank is at or below.
    pub fn rule_level(&self, rank: u8, importance: Importance) -> u8 {
        let rules = &self.data.manifest.expected_levels;
        let rule = rules
            .iter()
            .filter(|rule| rule.rank <= rank)
            .max_by_key(|rule| rule.rank)
            .or_else(|| rules.iter().min_by_key(|rule| rule.rank));
        match rule {
            Some(rule) => match importance {
                Importance::Critical => rule.critical,
                Importance::Important => rule.important,
                Importance::Optional => rule.optional,
            },
            None => 0,
        }
    }

    pub fn weight(&self, importance: Importance) -> f64 {
        let weights = self.data.manifest.importance_weights;
        match importance {
            Importance::Critical => weights.critical,
            Importance::Important => weights.important,
            Importance::Optional => weights.optional,
        }
    }

    /// Hours to move one level up to `to_level` on a skill of this importance.
    pub fn step_hours(&self, skill: &Skill, importance: Importance, to_level: u8) -> f64 {
        let effort = &self.data.manifest.effort;
        let base = skill.hours_per_level.unwrap_or(match importance {
            Importance::Critical => effort.hours_per_level.critical,
            Importance::Important => effort.hours_per_level.important,
            Importance::Optional => effort.hours_per_level.optional,
        });
        base * (1.0 + f64::from(to_level.saturating_sub(1)) * effort.step_growth)
    }

    /// The curated pathway between two roles, if there is one.
    pub fn pathway_between(&self, from: &str, to: &str) -> Option<&Pathway> {
        self.data
            .pathways
            .iter()
            .find(|p| p.from == from && p.to == to)
    }

    /// Resources that build a skill, in catalogue order.
    pub fn resources_for(&self, skill: &str) -> impl Iterator<Item = &Resource> {
        self.resources_by_skill()
            .get(skill)
            .into_iter()
            .flatten()
            .map(|&i| &self.data.resources[i])
    }

    /// Roles that expect a skill, with the expectation, ordered by rank then title.
    pub fn roles_expecting(&self, skill: &str) -> Vec<(&Role, &Expectation)> {
        let mut found: Vec<_> = self
            .data
            .roles
            .iter()
            .filter_map(|role| {
                role.expectations
                    .iter()
                    .find(|e| e.skill == skill)
                    .map(|e| (role, e))
            })
            .collect();
        found.sort_by(|a, b| (a.0.rank, &a.0.title).cmp(&(b.0.rank, &b.0.title)));
        found
    }

    /// Roles that lead into this one: its own feeders plus every role that names it as next.
    pub fn leads_from(&self, role: &Role) -> Vec<&Role> {
        let mut ids: Vec<&str> = role.career.feeders.iter().map(String::as_str).collect();
        for other in &self.data.roles {
            if other.career.next.iter().any(|n| n == &role.id) && !ids.contains(&other.id.as_str())
            {
                ids.push(&other.id);
            }
        }
        ids.iter().filter_map(|id| self.role(id)).collect()
    }

    /// The readiness band for a readiness (0–100) and whether any critical gap is open.
    pub fn band(&self, readiness: f64, critical_gaps: bool) -> Option<&ReadinessBand> {
        self.data.manifest.readiness_bands.iter().find(|band| {
            readiness + 1e-9 >= band.min_readiness
                && !(band.requires_no_critical_gaps && critical_gaps)
        })
    }
}

/// "unknown role 'x'", with the closest known id and how to list them all.
pub fn unknown_id<'a>(
    kind: &str,
    id: &str,
    known: impl Iterator<Item = &'a str>,
    list_command: &str,
) -> Invalid {
    let error = Invalid::new(format!("unknown {kind} '{id}'"));
    match did_you_mean(id, known) {
        Some(best) => error.hint(format!(
            "did you mean '{best}'? (`{list_command}` lists them all)"
        )),
        None => error.hint(format!("`{list_command}` lists them all")),
    }
}
