//! The framework's data model: exactly what the YAML files under `data/` hold.
//!
//! These types are shared with `build.rs` (through `#[path]`), which parses the embedded YAML
//! at build time and stores it as a compact binary blob, so keep this file free of anything
//! but serde types and small pure helpers.
//!
//! Every struct denies unknown fields: a typo in a key is an error, never a silent default.
//! No `skip_serializing_if`: the embedded blob is postcard, which is not self-describing, so
//! every field must be written even when empty.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The top-level `framework.yaml`: identity, the proficiency scale and the rules that turn a
/// role's rank and a skill's importance into numbers.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub schema_version: u32,
    pub id: String,
    pub name: String,
    pub version: String,
    #[serde(default)]
    pub description: String,
    /// Levels 0–5, each with a name and a generic descriptor.
    pub scale: Vec<ScaleLevel>,
    /// Weight of each importance in the readiness and gap arithmetic.
    pub importance_weights: ImportanceWeights,
    /// Expected level by role rank and skill importance, used where an expectation gives none.
    pub expected_levels: Vec<ExpectedLevelRule>,
    /// Hours one level step takes, by importance, unless a skill says otherwise.
    pub effort: EffortModel,
    /// Readiness bands, checked from the top; the first whose `min_readiness` is met applies.
    pub readiness_bands: Vec<ReadinessBand>,
    /// The documents the data was derived from (provenance).
    #[serde(default)]
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ScaleLevel {
    pub level: u8,
    pub name: String,
    pub descriptor: String,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ImportanceWeights {
    pub critical: f64,
    pub important: f64,
    pub optional: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ExpectedLevelRule {
    /// Applies to roles of this rank and above, up to the next rule's rank.
    pub rank: u8,
    pub critical: u8,
    pub important: u8,
    pub optional: u8,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct EffortModel {
    /// Hours of deliberate practice to move one level on a skill of this importance.
    pub hours_per_level: ImportanceWeights,
    /// Extra cost of the higher steps: step to level L costs `hours * (1 + (L-1) * step_growth)`.
    #[serde(default)]
    pub step_growth: f64,
    /// Default pace when the user gives none.
    pub default_hours_per_week: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ReadinessBand {
    pub id: String,
    pub label: String,
    /// Lowest readiness (0–100) for this band.
    pub min_readiness: f64,
    /// Whether a critical gap caps a person below this band.
    #[serde(default)]
    pub requires_no_critical_gaps: bool,
    #[serde(default)]
    pub meaning: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// How data items cite it: a seed's file name, for example.
    pub id: String,
    pub title: String,
    pub kind: String,
}

/// The whole framework as one value: what the embedded blob holds.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FrameworkData {
    pub manifest: Manifest,
    pub skills: Vec<Skill>,
    pub roles: Vec<Role>,
    pub pathways: Vec<Pathway>,
    pub resources: Vec<Resource>,
}

/// Where each part of the embedded blob lies, so a command decodes only what it reads.
///
/// `build.rs` writes this (with `S = String`) at the start of the blob, followed by the
/// manifest and every item encoded on its own; spans are `(start, end)` byte offsets into the
/// part after the table. Run time reads it with `S = &str`, borrowed from the blob.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Toc<S> {
    pub manifest: (u32, u32),
    pub skills: Vec<(S, u32, u32)>,
    pub roles: Vec<(S, u32, u32)>,
    pub pathways: Vec<(S, u32, u32)>,
    pub resources: Vec<(S, u32, u32)>,
    /// Where each collection's [`id_table`] lies, as little-endian `u32`s: a lookup by id
    /// hashes it and compares one or two ids, with nothing to build or decode first. Skills,
    /// roles, pathways, resources.
    pub id_tables: [(u32, u32); 4],
    /// Where the resource positions by skill lie: a `(Vec<(String, u32, u32)>, Vec<u32>)`,
    /// each skill (sorted by id) with the span of its resource positions (catalogue order) in
    /// the list of all of them. `resources_for` then decodes only the resources it returns.
    pub resources_by_skill: (u32, u32),
    /// Where the roles' headers lie (a `Vec<RoleHeader>`, catalogue order): listings and
    /// career links read these instead of decoding every role.
    pub role_headers: (u32, u32),
    /// Where the list of where each role's [`Role::outline`] lies (a `Vec<(u32, u32)>`,
    /// catalogue order) lies: read only by the commands that read outlines.
    pub role_outlines: (u32, u32),
    /// Where the skills' headers lie (a `Vec<SkillHeader>`, catalogue order).
    pub skill_headers: (u32, u32),
    /// Where the resources' headers lie (a `Vec<ResourceHeader>`, catalogue order).
    pub resource_headers: (u32, u32),
}

/// FNV-1a of an id: the hash of the id tables.
pub fn id_hash(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// An open-addressing table of the positions of `count` items by [`id_hash`] of their ids:
/// `position + 1` per slot (0: empty), linear probing, a power of two of slots at least twice
/// the items, so a probe always ends at an empty slot. The first item of an id is the one
/// kept (duplicates are reported by the checks). [`id_lookup`] reads it.
pub fn id_table<'a>(count: usize, id: impl Fn(usize) -> &'a str) -> Vec<u32> {
    let slots = (2 * count).next_power_of_two();
    let mut table = vec![0_u32; slots];
    for position in 0..count {
        let key = id(position);
        let mut slot = id_hash(key) as usize & (slots - 1);
        loop {
            match table[slot] {
                0 => {
                    table[slot] = position as u32 + 1;
                    break;
                }
                taken if id(taken as usize - 1) == key => break,
                _ => slot = (slot + 1) & (slots - 1),
            }
        }
    }
    table
}

/// The position of `key` in an [`id_table`] of `slots` slots, read by `slot`; `id` gives the
/// id at a position.
pub fn id_lookup<'a>(
    key: &str,
    slots: usize,
    slot: impl Fn(usize) -> u32,
    id: impl Fn(usize) -> &'a str,
) -> Option<usize> {
    let mut at = id_hash(key) as usize & slots.checked_sub(1)?;
    loop {
        match slot(at) {
            0 => return None,
            taken if id(taken as usize - 1) == key => return Some(taken as usize - 1),
            _ => at = (at + 1) & (slots - 1),
        }
    }
}

/// What a listing of skills or of a role's expectations shows of a skill, and what the gap and
/// plan arithmetic read of it (foundations and effort), so neither decodes the skill.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SkillHeader<S> {
    pub id: S,
    pub name: S,
    pub kind: SkillKind,
    pub category: S,
    pub builds_on: Vec<S>,
    pub hours_per_level: Option<f64>,
}

impl Skill {
    pub fn header(&self) -> SkillHeader<&str> {
        SkillHeader {
            id: &self.id,
            name: &self.name,
            kind: self.kind,
            category: &self.category,
            builds_on: self.builds_on.iter().map(String::as_str).collect(),
            hours_per_level: self.hours_per_level,
        }
    }
}

/// What a plan weighs of a resource before it picks one: only the picked ones are decoded.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq)]
pub struct ResourceHeader {
    pub kind: ResourceKind,
    pub hours: f64,
}

impl Resource {
    pub fn header(&self) -> ResourceHeader {
        ResourceHeader {
            kind: self.kind,
            hours: self.hours,
        }
    }
}

/// What a listing or a career link shows of a role.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RoleHeader<S> {
    pub id: S,
    pub title: S,
    pub track: Track,
    pub rank: u8,
    pub assessable: bool,
    /// How many skill expectations it has.
    pub skills: u32,
    /// `career.next`: the roles it leads to.
    pub next: Vec<S>,
}

impl Role {
    /// The role without its prose: what gap analysis, plans and scripted assessments read. It
    /// keeps the id, title, family, track, rank, whether it is assessable, the expectations
    /// (without the names the sources give them and their notes), the milestones, the career
    /// links and the scorecard (which `--quick` rates); the rest is empty. The embedded blob holds each role's outline too, which decodes in a fraction of
    /// the time of the whole role.
    pub fn outline(&self) -> Role {
        Role {
            id: self.id.clone(),
            title: self.title.clone(),
            family: self.family.clone(),
            track: self.track,
            rank: self.rank,
            assessable: self.assessable,
            summary: String::new(),
            mission: String::new(),
            responsibilities: Vec::new(),
            expectations: self
                .expectations
                .iter()
                .map(|e| Expectation {
                    skill: e.skill.clone(),
                    importance: e.importance,
                    tier: e.tier,
                    level: e.level,
                    as_named: Vec::new(),
                    note: String::new(),
                })
                .collect(),
            kpis: Vec::new(),
            tools: Vec::new(),
            deliverables: Vec::new(),
            milestones: self.milestones.clone(),
            career: self.career.clone(),
            experience: None,
            anti_patterns: Vec::new(),
            scorecard: self.scorecard.clone(),
            sources: Vec::new(),
        }
    }

    pub fn header(&self) -> RoleHeader<&str> {
        RoleHeader {
            id: &self.id,
            title: &self.title,
            track: self.track,
            rank: self.rank,
            assessable: self.assessable,
            skills: self.expectations.len() as u32,
            next: self.career.next.iter().map(String::as_str).collect(),
        }
    }
}

/// Any other YAML file under the framework folder: a fragment holding any mix of the four
/// collections. Fragments are merged; an id may appear once across the whole framework.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Fragment {
    #[serde(default)]
    pub skills: Vec<Skill>,
    #[serde(default)]
    pub roles: Vec<Role>,
    #[serde(default)]
    pub pathways: Vec<Pathway>,
    #[serde(default)]
    pub resources: Vec<Resource>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum SkillKind {
    Technical,
    Behavioural,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Skill {
    pub id: String,
    pub name: String,
    pub kind: SkillKind,
    pub category: String,
    pub description: String,
    /// What a person at levels 1..=5 does on this skill, concretely.
    pub anchors: BTreeMap<u8, String>,
    /// Skills that should be in place before this one is worked on.
    #[serde(default)]
    pub builds_on: Vec<String>,
    /// Hours per level step, overriding the importance-based default.
    #[serde(default)]
    pub hours_per_level: Option<f64>,
    /// External codes, e.g. `sfia: PROD`.
    #[serde(default)]
    pub codes: BTreeMap<String, String>,
    /// Where it came from: source ids, or `authored`.
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Track {
    IndividualContributor,
    Management,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Importance {
    Critical,
    Important,
    Optional,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Tier {
    MustHave,
    GoodToHave,
    Advanced,
    Emerging,
    Behavioural,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Horizon {
    #[serde(rename = "30-days")]
    Days30,
    #[serde(rename = "60-days")]
    Days60,
    #[serde(rename = "90-days")]
    Days90,
    #[serde(rename = "6-months")]
    Months6,
    #[serde(rename = "12-months")]
    Months12,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub id: String,
    pub title: String,
    #[serde(default = "default_family")]
    pub family: String,
    pub track: Track,
    /// Seniority for ordering and for the expected-level rule (1 entry … 6 executive).
    pub rank: u8,
    /// Full roles can be assessed against; career-graph nodes only link.
    #[serde(default)]
    pub assessable: bool,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub mission: String,
    #[serde(default)]
    pub responsibilities: Vec<ResponsibilityGroup>,
    #[serde(default)]
    pub expectations: Vec<Expectation>,
    #[serde(default)]
    pub kpis: Vec<Kpi>,
    #[serde(default)]
    pub tools: Vec<Tool>,
    #[serde(default)]
    pub deliverables: Vec<String>,
    #[serde(default)]
    pub milestones: Vec<Milestone>,
    #[serde(default)]
    pub career: CareerLinks,
    #[serde(default)]
    pub experience: Option<Experience>,
    #[serde(default)]
    pub anti_patterns: Vec<String>,
    #[serde(default)]
    pub scorecard: Vec<ScorecardDimension>,
    pub sources: Vec<String>,
}

fn default_family() -> String {
    "platform-engineering".to_string()
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ResponsibilityGroup {
    pub group: String,
    pub items: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    pub skill: String,
    pub importance: Importance,
    #[serde(default)]
    pub tier: Option<Tier>,
    /// Overrides the rank/importance rule.
    #[serde(default)]
    pub level: Option<u8>,
    /// How the source document names this skill (several where it names it twice).
    #[serde(default)]
    pub as_named: Vec<String>,
    /// Context, e.g. "Critical in regulated industries".
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Kpi {
    pub name: String,
    pub measures: String,
    pub target: String,
    pub frequency: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Tool {
    pub name: String,
    pub category: String,
    /// Common, optional or context-specific, as the source rates it.
    pub commonality: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    pub horizon: Horizon,
    pub goals: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CareerLinks {
    #[serde(default)]
    pub feeders: Vec<String>,
    #[serde(default)]
    pub next: Vec<String>,
    #[serde(default)]
    pub adjacent: Vec<String>,
    /// What it takes to move from this role to the named one.
    #[serde(default)]
    pub promotion: Vec<Promotion>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Promotion {
    pub to: String,
    pub criteria: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Experience {
    #[serde(default)]
    pub years: String,
    #[serde(default)]
    pub background: Vec<String>,
    /// Resource ids of kind `certification`.
    #[serde(default)]
    pub certifications: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ScorecardDimension {
    pub dimension: String,
    /// The skills this dimension stands for (used by `assess --quick`).
    pub skills: Vec<String>,
    #[serde(default)]
    pub meets_bar: String,
    #[serde(default)]
    pub excellent: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Pathway {
    pub id: String,
    pub from: String,
    pub to: String,
    pub title: String,
    pub duration_months: DurationRange,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub focus_areas: Vec<PathwayItem>,
    #[serde(default)]
    pub skills_to_develop: Vec<PathwayItem>,
    #[serde(default)]
    pub behaviours: Vec<PathwayItem>,
    /// Resource ids (kind `project`).
    #[serde(default)]
    pub projects: Vec<String>,
    #[serde(default)]
    pub ai_literacy: Vec<PathwayItem>,
    /// Resource ids (kind `book`).
    #[serde(default)]
    pub reading: Vec<String>,
    /// Resource ids (kind `course` or `certification`).
    #[serde(default)]
    pub courses: Vec<String>,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DurationRange {
    pub min: u32,
    pub max: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PathwayItem {
    /// A short name (focus areas have one; other items may leave it empty).
    #[serde(default)]
    pub name: String,
    pub description: String,
    pub skills: Vec<String>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum ResourceKind {
    Book,
    Course,
    Certification,
    Project,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    pub id: String,
    pub kind: ResourceKind,
    pub title: String,
    /// Books: the authors, in the order the cover gives.
    #[serde(default)]
    pub authors: Vec<String>,
    /// Courses and certifications: who offers it.
    #[serde(default)]
    pub provider: String,
    pub description: String,
    /// Skills it builds; a plan uses it to close gaps on these.
    pub skills: Vec<String>,
    /// Estimated hours of effort to complete it.
    pub hours: f64,
    /// Projects: what proves it is done.
    #[serde(default)]
    pub deliverable: String,
    pub sources: Vec<String>,
}

impl ResourceKind {
    pub fn label(self) -> &'static str {
        match self {
            ResourceKind::Book => "Book",
            ResourceKind::Course => "Course",
            ResourceKind::Certification => "Certification",
            ResourceKind::Project => "Project",
        }
    }
}
