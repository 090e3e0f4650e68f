//! Synthetic frameworks and saved assessments of any size, for benchmarks and the scale
//! figures in docs/PERFORMANCE.md (`examples/gen-framework.rs`, `examples/gen-assessments.rs`).
//!
//! Everything is deterministic given the seed. A generated framework passes every check of
//! `framework::check` without a warning: ids are unique, every reference resolves, `builds_on`
//! only points at earlier skills (so there is no cycle) and every skill has a resource. Text
//! lengths follow the embedded framework: a sentence or two per description, one per anchor.

use crate::assessment::{Assessment, FrameworkRef, Mode, Rating, ASSESSMENT_SCHEMA};
use crate::cli::Rater;
use crate::framework::*;
use anyhow::{Context as _, Result};
use chrono::{DateTime, Duration, Utc};
use std::collections::BTreeMap;
use std::path::Path;

/// How many of each item a framework holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale {
    pub skills: usize,
    pub roles: usize,
    pub expectations_per_role: usize,
    pub pathways: usize,
    pub resources: usize,
    /// Roles with every section the embedded blueprint roles have (KPIs, tools, milestones,
    /// scorecard ...: about 15 KB of YAML each) rather than what a taxonomy such as ESCO
    /// gives an occupation (a description, tasks, skills and career links: about 6 KB).
    pub blueprint_roles: bool,
}

impl Scale {
    /// The size of ESCO, the European skills taxonomy: 13,500 skills, about 3,000 occupations.
    pub const ESCO: Scale = Scale {
        skills: 13_500,
        roles: 3_000,
        expectations_per_role: 40,
        pathways: 500,
        resources: 20_000,
        blueprint_roles: false,
    };

    /// `sixteenths`/16 of ESCO (16 is ESCO itself), keeping 40 expectations per role; the
    /// growth table uses 1, 4 and 16.
    pub fn esco_sixteenths(sixteenths: usize) -> Scale {
        let part = |n: usize| (n * sixteenths).div_ceil(16).max(1);
        Scale {
            skills: part(Scale::ESCO.skills),
            roles: part(Scale::ESCO.roles),
            expectations_per_role: Scale::ESCO.expectations_per_role,
            pathways: part(Scale::ESCO.pathways),
            resources: part(Scale::ESCO.resources),
            blueprint_roles: false,
        }
    }

    /// A framework small enough for a unit test.
    pub fn tiny() -> Scale {
        Scale {
            skills: 60,
            roles: 12,
            expectations_per_role: 40,
            pathways: 4,
            resources: 90,
            blueprint_roles: true,
        }
    }
}

/// SplitMix64: small, fast, and the same sequence on every platform.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// A number in `low..=high`.
    pub fn between(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// `count` distinct numbers in `0..n`, in the order drawn.
    pub fn distinct(&mut self, count: usize, n: usize) -> Vec<usize> {
        let count = count.min(n);
        let mut chosen = Vec::with_capacity(count);
        while chosen.len() < count {
            let candidate = self.below(n);
            if !chosen.contains(&candidate) {
                chosen.push(candidate);
            }
        }
        chosen
    }
}

#[rustfmt::skip]
const SUBJECTS: &[&str] = &[
    "cloud", "platform", "cluster", "pipeline", "network", "identity", "storage", "runtime",
    "service", "release", "incident", "capacity", "cost", "policy", "telemetry", "database",
    "workload", "container", "gateway", "registry", "secret", "compliance", "data", "api",
    "mesh", "edge", "queue", "cache", "backup", "tenant", "template", "module",
];
#[rustfmt::skip]
const AREAS: &[&str] = &[
    "governance", "automation", "design", "operations", "security", "reliability", "delivery",
    "observability", "architecture", "migration", "performance", "testing", "recovery",
    "provisioning", "scaling", "hardening", "analysis", "planning", "enablement", "support",
];
#[rustfmt::skip]
const VERBS: &[&str] = &[
    "designs", "runs", "reviews", "automates", "documents", "measures", "improves", "tests",
    "owns", "explains", "plans", "secures", "migrates", "monitors", "standardises", "leads",
    "supports", "builds", "tunes", "audits",
];
#[rustfmt::skip]
const OBJECTS: &[&str] = &[
    "routine changes", "the team's services", "shared modules", "production incidents", "golden
    paths", "review checklists", "runbooks", "capacity forecasts", "service levels", "access
    policies", "release trains", "dashboards and alerts", "cost reports", "migration plans",
    "design records", "onboarding guides", "failure drills", "dependency upgrades", "security
    findings", "platform roadmaps",
];
#[rustfmt::skip]
const QUALIFIERS: &[&str] = &[
    "with guidance", "unaided", "for several teams", "across the organisation", "under time
    pressure", "with clear trade-offs", "before they reach production", "using data from
    production", "so others can repeat it", "within agreed budgets", "with the people who depend
    on them", "and teaches others to do the same",
];
#[rustfmt::skip]
const TITLES: &[&str] = &[
    "Engineer", "Specialist", "Analyst", "Architect", "Consultant", "Administrator",
    "Developer", "Technician", "Manager", "Lead",
];
const LEVELS: &[&str] = &["Junior", "Associate", "", "Senior", "Staff", "Principal"];
#[rustfmt::skip]
const PEOPLE: &[&str] = &[
    "Ada", "Grace", "Linus", "Margaret", "Ken", "Barbara", "Dennis", "Frances", "Alan", "Radia",
    "Edsger", "Katherine", "Tim", "Hedy", "John", "Sophie", "Guido", "Anita", "Bjarne", "Jean",
];
#[rustfmt::skip]
const SURNAMES: &[&str] = &[
    "Lovelace", "Hopper", "Torvalds", "Hamilton", "Thompson", "Liskov", "Ritchie", "Allen",
    "Turing", "Perlman", "Dijkstra", "Johnson", "Berners-Lee", "Lamarr", "McCarthy", "Wilson",
    "van Rossum", "Borg", "Stroustrup", "Bartik",
];
#[rustfmt::skip]
const PROVIDERS: &[&str] = &[
    "Linux Foundation", "Cloud Academy", "Coursera", "edX", "O'Reilly", "Pluralsight", "A Cloud
    Guru", "HashiCorp", "CNCF", "KodeKloud",
];

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// One sentence of about `chars` characters (never much shorter, at most one clause longer).
fn sentence(rng: &mut Rng, chars: usize) -> String {
    let mut text = format!(
        "{} {} {}",
        rng.pick(VERBS),
        rng.pick(OBJECTS),
        rng.pick(QUALIFIERS)
    );
    while text.len() < chars {
        text.push_str(&format!(
            ", {} {} {} {}",
            rng.pick(VERBS),
            rng.pick(SUBJECTS),
            rng.pick(AREAS),
            rng.pick(QUALIFIERS)
        ));
    }
    format!("{}.", capitalise(&text))
}

fn sentence_between(rng: &mut Rng, low: usize, high: usize) -> String {
    let chars = rng.between(low, high);
    sentence(rng, chars)
}

fn label(rng: &mut Rng) -> String {
    format!(
        "{} {}",
        capitalise(rng.pick::<&str>(SUBJECTS)),
        rng.pick(AREAS)
    )
}

fn ids(prefix: &str, n: usize, rng: &mut Rng) -> Vec<String> {
    (0..n)
        .map(|i| format!("{prefix}{}-{}-{i:05}", rng.pick(SUBJECTS), rng.pick(AREAS)))
        .collect()
}

const SOURCE: &str = "synthetic";

/// A framework of the given scale, the same for the same seed.
pub fn framework(scale: Scale, seed: u64) -> FrameworkData {
    let mut rng = Rng::new(seed);
    let mut manifest = Framework::embedded()
        .expect("the embedded framework decodes")
        .manifest()
        .clone();
    manifest.id = "synthetic".to_string();
    manifest.name = format!(
        "Synthetic framework ({} skills, {} roles)",
        scale.skills, scale.roles
    );
    manifest.version = format!("seed-{seed}");
    manifest.description = "Generated by pathway's synth module for benchmarks.".to_string();
    manifest.sources = vec![Source {
        id: SOURCE.to_string(),
        title: "Synthetic data generated for benchmarks".to_string(),
        kind: "generated".to_string(),
    }];

    let skill_ids = ids("", scale.skills, &mut rng);
    let skills: Vec<Skill> = skill_ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let behavioural = i % 7 == 0;
            // Only earlier skills: the `builds_on` graph has no cycle.
            let builds_on = if i == 0 {
                Vec::new()
            } else {
                let count = rng.below(3).min(i);
                rng.distinct(count, i)
                    .into_iter()
                    .map(|d| skill_ids[d].clone())
                    .collect()
            };
            Skill {
                id: id.clone(),
                name: capitalise(
                    &id.rsplit_once('-')
                        .map_or(id.as_str(), |p| p.0)
                        .replace('-', " "),
                ),
                kind: if behavioural {
                    SkillKind::Behavioural
                } else {
                    SkillKind::Technical
                },
                category: label(&mut rng),
                description: sentence_between(&mut rng, 120, 240),
                anchors: (1..=5u8)
                    .map(|level| (level, sentence_between(&mut rng, 90, 170)))
                    .collect(),
                builds_on,
                hours_per_level: (i % 11 == 0).then_some(40.0),
                codes: BTreeMap::from([(
                    "esco".to_string(),
                    format!("S{}.{}.{}", i % 9, i % 97, i),
                )]),
                sources: vec![SOURCE.to_string()],
            }
        })
        .collect();

    // Resources: resource i builds skill i (so every skill has one) and up to three others.
    let kinds = [
        ResourceKind::Book,
        ResourceKind::Book,
        ResourceKind::Course,
        ResourceKind::Project,
        ResourceKind::Certification,
        ResourceKind::Project,
        ResourceKind::Course,
        ResourceKind::Book,
    ];
    let resources: Vec<Resource> = (0..scale.resources)
        .map(|i| {
            let kind = kinds[i % kinds.len()];
            let mut built = vec![skill_ids[i % scale.skills].clone()];
            let others = rng.below(4);
            for other in rng.distinct(others, scale.skills) {
                if !built.contains(&skill_ids[other]) {
                    built.push(skill_ids[other].clone());
                }
            }
            let prefix = match kind {
                ResourceKind::Book => "book",
                ResourceKind::Course => "course",
                ResourceKind::Certification => "cert",
                ResourceKind::Project => "project",
            };
            Resource {
                id: format!("{prefix}-{i:05}-{}", rng.pick(SUBJECTS)),
                kind,
                title: format!("{} in practice, volume {}", label(&mut rng), i % 5 + 1),
                authors: if kind == ResourceKind::Book {
                    (0..rng.between(1, 3))
                        .map(|_| format!("{} {}", rng.pick(PEOPLE), rng.pick(SURNAMES)))
                        .collect()
                } else {
                    Vec::new()
                },
                provider: match kind {
                    ResourceKind::Course | ResourceKind::Certification => {
                        rng.pick(PROVIDERS).to_string()
                    }
                    _ => String::new(),
                },
                description: sentence_between(&mut rng, 110, 220),
                skills: built,
                hours: rng.between(4, 60) as f64,
                deliverable: if kind == ResourceKind::Project {
                    sentence(&mut rng, 80)
                } else {
                    String::new()
                },
                sources: vec![SOURCE.to_string()],
            }
        })
        .collect();
    let of_kind = |wanted: &[ResourceKind]| -> Vec<usize> {
        resources
            .iter()
            .enumerate()
            .filter(|(_, r)| wanted.contains(&r.kind))
            .map(|(i, _)| i)
            .collect()
    };
    let certifications = of_kind(&[ResourceKind::Certification]);
    let projects = of_kind(&[ResourceKind::Project]);
    let books = of_kind(&[ResourceKind::Book]);
    let courses = of_kind(&[ResourceKind::Course, ResourceKind::Certification]);
    let resource_ids = |rng: &mut Rng, pool: &[usize], n: usize| -> Vec<String> {
        rng.distinct(n, pool.len())
            .into_iter()
            .map(|i| resources[pool[i]].id.clone())
            .collect()
    };

    // Roles come in ladders of six ranks; each links to the ranks next to it.
    let role_ids: Vec<String> = (0..scale.roles)
        .map(|i| format!("{}-{}-role-{i:05}", rng.pick(SUBJECTS), rng.pick(AREAS)))
        .collect();
    let roles: Vec<Role> = (0..scale.roles)
        .map(|i| {
            let rank = (i % 6) as u8 + 1;
            let management = rank >= 5 && i % 2 == 0;
            let expected = rng.distinct(scale.expectations_per_role, scale.skills);
            let expectations: Vec<Expectation> = expected
                .iter()
                .enumerate()
                .map(|(n, &s)| {
                    let importance = match n % 10 {
                        0..=2 => Importance::Critical,
                        3..=6 => Importance::Important,
                        _ => Importance::Optional,
                    };
                    let behavioural = skills[s].kind == SkillKind::Behavioural;
                    Expectation {
                        skill: skill_ids[s].clone(),
                        importance,
                        tier: Some(if behavioural {
                            Tier::Behavioural
                        } else {
                            *rng.pick(&[
                                Tier::MustHave,
                                Tier::GoodToHave,
                                Tier::Advanced,
                                Tier::Emerging,
                            ])
                        }),
                        level: (n % 9 == 0).then_some(rng.between(1, 5) as u8),
                        as_named: vec![skills[s].name.clone()],
                        note: if n % 8 == 0 {
                            sentence(&mut rng, 50)
                        } else {
                            String::new()
                        },
                    }
                })
                .collect();
            let link = |offset: isize| -> Vec<String> {
                let j = i as isize + offset;
                if j >= 0 && (j as usize) < scale.roles && (j as usize) / 6 == i / 6 {
                    vec![role_ids[j as usize].clone()]
                } else {
                    Vec::new()
                }
            };
            let next = link(1);
            let adjacent = if scale.roles > 6 {
                vec![role_ids[(i + 6) % scale.roles].clone()]
            } else {
                Vec::new()
            };
            let scorecard_skills: Vec<String> =
                expectations.iter().map(|e| e.skill.clone()).collect();
            let title = format!(
                "{} {} {}",
                LEVELS[usize::from(rank) - 1],
                label(&mut rng),
                if management {
                    "Manager"
                } else {
                    rng.pick(TITLES)
                }
            )
            .trim()
            .to_string();
            let mut role = Role {
                id: role_ids[i].clone(),
                title,
                family: format!("{}-family", rng.pick(SUBJECTS)),
                track: if management {
                    Track::Management
                } else {
                    Track::IndividualContributor
                },
                rank,
                assessable: true,
                summary: [sentence(&mut rng, 160), sentence(&mut rng, 160)].join(" "),
                mission: sentence(&mut rng, 180),
                responsibilities: ["strategic", "operational", "technical", "leadership"]
                    .iter()
                    .map(|group| ResponsibilityGroup {
                        group: group.to_string(),
                        items: (0..4).map(|_| sentence(&mut rng, 90)).collect(),
                    })
                    .collect(),
                expectations,
                kpis: (0..4)
                    .map(|_| Kpi {
                        name: label(&mut rng),
                        measures: sentence(&mut rng, 70),
                        target: format!("{}% or better", rng.between(80, 99)),
                        frequency: rng.pick(&["Weekly", "Monthly", "Quarterly"]).to_string(),
                    })
                    .collect(),
                tools: (0..6)
                    .map(|_| Tool {
                        name: label(&mut rng),
                        category: capitalise(rng.pick::<&str>(AREAS)),
                        commonality: rng
                            .pick(&["common", "optional", "context-specific"])
                            .to_string(),
                    })
                    .collect(),
                deliverables: (0..4).map(|_| sentence(&mut rng, 70)).collect(),
                milestones: [
                    Horizon::Days30,
                    Horizon::Days60,
                    Horizon::Days90,
                    Horizon::Months6,
                    Horizon::Months12,
                ]
                .into_iter()
                .map(|horizon| Milestone {
                    horizon,
                    goals: (0..2).map(|_| sentence(&mut rng, 80)).collect(),
                })
                .collect(),
                career: CareerLinks {
                    feeders: link(-1),
                    promotion: next
                        .iter()
                        .map(|to| Promotion {
                            to: to.clone(),
                            criteria: (0..2).map(|_| sentence(&mut rng, 80)).collect(),
                        })
                        .collect(),
                    next,
                    adjacent,
                },
                experience: Some(Experience {
                    years: format!("{}+ years", usize::from(rank) * 2),
                    background: (0..2).map(|_| sentence(&mut rng, 60)).collect(),
                    certifications: if certifications.is_empty() {
                        Vec::new()
                    } else {
                        resource_ids(&mut rng, &certifications, 1)
                    },
                }),
                anti_patterns: (0..3).map(|_| sentence(&mut rng, 80)).collect(),
                scorecard: scorecard_skills
                    .chunks(8)
                    .map(|chunk| ScorecardDimension {
                        dimension: label(&mut rng),
                        skills: chunk.to_vec(),
                        meets_bar: sentence(&mut rng, 70),
                        excellent: sentence(&mut rng, 70),
                    })
                    .collect(),
                sources: vec![SOURCE.to_string()],
            };
            if !scale.blueprint_roles {
                // What a taxonomy knows of an occupation: description, tasks, skills, links.
                role.responsibilities.truncate(1);
                role.kpis.clear();
                role.tools.clear();
                role.deliverables.clear();
                role.milestones.clear();
                role.anti_patterns.clear();
                role.scorecard.clear();
            }
            role
        })
        .collect();

    // Pathways lead from a role to the next rank up on its ladder.
    let climbs: Vec<usize> = (0..scale.roles)
        .filter(|&i| i + 1 < scale.roles && (i + 1) / 6 == i / 6)
        .collect();
    let pathway_count = scale.pathways.min(climbs.len());
    let pathways: Vec<Pathway> = (0..pathway_count)
        .map(|p| {
            let from = climbs[p * climbs.len() / pathway_count];
            let to = from + 1;
            let target: Vec<String> = roles[to]
                .expectations
                .iter()
                .map(|e| e.skill.clone())
                .collect();
            let item = |rng: &mut Rng, named: bool| PathwayItem {
                name: if named { label(rng) } else { String::new() },
                description: sentence(rng, 150),
                skills: {
                    let count = rng.between(1, 4);
                    rng.distinct(count, target.len())
                }
                .into_iter()
                .map(|s| target[s].clone())
                .collect(),
            };
            Pathway {
                id: format!("{}-to-{}", role_ids[from], role_ids[to]),
                from: role_ids[from].clone(),
                to: role_ids[to].clone(),
                title: format!("{} to {}", roles[from].title, roles[to].title),
                duration_months: DurationRange {
                    min: rng.between(6, 18) as u32,
                    max: rng.between(19, 36) as u32,
                },
                summary: sentence(&mut rng, 220),
                focus_areas: (0..4).map(|_| item(&mut rng, true)).collect(),
                skills_to_develop: (0..5).map(|_| item(&mut rng, false)).collect(),
                behaviours: (0..3).map(|_| item(&mut rng, false)).collect(),
                projects: resource_ids(&mut rng, &projects, 4),
                ai_literacy: (0..3).map(|_| item(&mut rng, false)).collect(),
                reading: resource_ids(&mut rng, &books, 4),
                courses: resource_ids(&mut rng, &courses, 3),
                sources: vec![SOURCE.to_string()],
            }
        })
        .collect();

    FrameworkData {
        manifest,
        skills,
        roles,
        pathways,
        resources,
    }
}

/// Writes `data` as a framework folder: `framework.yaml` and fragments of at most `per_file`
/// items under `skills/`, `roles/`, `pathways/` and `resources/`. Returns the files written.
pub fn write_folder(data: &FrameworkData, dir: &Path, per_file: usize) -> Result<usize> {
    let per_file = per_file.max(1);
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let write = |path: &Path, text: String| -> Result<()> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
    };
    write(
        &dir.join("framework.yaml"),
        format!(
            "# Generated by pathway's synth module; do not edit.\n{}",
            to_yaml(&data.manifest)?
        ),
    )?;
    let mut files = 1;
    // At most `per_file` items a file, and files well under the loader's size limit: a chunk
    // whose YAML is larger is split in two until it fits.
    let limit = (crate::framework::load::MAX_FILE_BYTES / 2) as usize;
    let mut chunked =
        |folder: &str, count: usize, fragment: &dyn Fn(usize, usize) -> Fragment| -> Result<()> {
            let mut pending: Vec<(usize, usize)> = (0..count)
                .step_by(per_file)
                .map(|start| (start, (start + per_file).min(count)))
                .rev()
                .collect();
            let mut n = 0;
            while let Some((start, end)) = pending.pop() {
                let text = to_yaml(&fragment(start, end))?;
                if text.len() > limit && end - start > 1 {
                    let middle = start + (end - start) / 2;
                    pending.push((middle, end));
                    pending.push((start, middle));
                    continue;
                }
                n += 1;
                write(
                    &dir.join(folder).join(format!("{folder}-{n:03}.yaml")),
                    text,
                )?;
                files += 1;
            }
            Ok(())
        };
    chunked("skills", data.skills.len(), &|a, b| Fragment {
        skills: data.skills[a..b].to_vec(),
        ..Fragment::default()
    })?;
    chunked("roles", data.roles.len(), &|a, b| Fragment {
        roles: data.roles[a..b].to_vec(),
        ..Fragment::default()
    })?;
    chunked("pathways", data.pathways.len(), &|a, b| Fragment {
        pathways: data.pathways[a..b].to_vec(),
        ..Fragment::default()
    })?;
    chunked("resources", data.resources.len(), &|a, b| Fragment {
        resources: data.resources[a..b].to_vec(),
        ..Fragment::default()
    })?;
    Ok(files)
}

/// YAML as a person writes it: keys left at their default (null, empty) are left out.
fn to_yaml<T: serde::Serialize>(value: &T) -> Result<String> {
    fn prune(value: &mut serde_yaml::Value) {
        use serde_yaml::Value;
        match value {
            Value::Mapping(map) => {
                map.retain(|_, v| {
                    !matches!(v, Value::Null)
                        && v.as_str() != Some("")
                        && v.as_sequence().is_none_or(|s| !s.is_empty())
                        && v.as_mapping().is_none_or(|m| !m.is_empty())
                });
                for (_, v) in map.iter_mut() {
                    prune(v);
                }
            }
            Value::Sequence(items) => items.iter_mut().for_each(prune),
            _ => {}
        }
    }
    let mut value = serde_yaml::to_value(value)?;
    prune(&mut value);
    Ok(serde_yaml::to_string(&value)?)
}

/// A rating for every skill `role` expects, most a level or two below expectation so a plan
/// has gaps to close.
pub fn ratings(framework: &Framework, role: &Role, seed: u64) -> BTreeMap<String, Rating> {
    let mut rng = Rng::new(seed);
    role.expectations
        .iter()
        .map(|expectation| {
            let expected = framework.expected_level(role, expectation);
            let level = expected.saturating_sub(rng.below(3) as u8);
            (expectation.skill.clone(), Rating::level(level))
        })
        .collect()
}

/// [`ratings`] as a ratings file (the `--ratings` format).
pub fn ratings_yaml(framework: &Framework, role: &Role, seed: u64) -> String {
    let mut text = format!("to: {}\nratings:\n", role.id);
    for (skill, rating) in ratings(framework, role, seed) {
        text.push_str(&format!("  {skill}: {}\n", rating.level.unwrap_or(0)));
    }
    text
}

/// `count` saved assessments spread over `people` people, one every few days back from
/// `newest`, each rating every skill `role` expects. The same seed gives the same files.
pub fn assessments(
    framework: &Framework,
    role: &Role,
    count: usize,
    people: usize,
    newest: DateTime<Utc>,
    seed: u64,
) -> Vec<Assessment> {
    let mut rng = Rng::new(seed);
    let people = people.max(1);
    let raters = [
        Rater::SelfRater,
        Rater::SelfRater,
        Rater::Manager,
        Rater::Peer,
    ];
    (0..count)
        .map(|i| {
            let person = format!(
                "{}-{}-{:02}",
                PEOPLE[i % people % PEOPLE.len()].to_lowercase(),
                SURNAMES[i % people % SURNAMES.len()]
                    .to_lowercase()
                    .replace(' ', "-"),
                i % people
            );
            let rater = raters[i % raters.len()];
            let ratings = role
                .expectations
                .iter()
                .map(|e| {
                    let rating = match rng.below(12) {
                        0 => Rating::unsure(),
                        1 => Rating {
                            level: Some(rng.between(0, 5) as u8),
                            unsure: false,
                            note: sentence(&mut rng, 60),
                        },
                        _ => Rating::level(rng.between(0, 5) as u8),
                    };
                    (e.skill.clone(), rating)
                })
                .collect();
            Assessment {
                schema_version: ASSESSMENT_SCHEMA,
                person,
                rater,
                rater_name: (rater != Rater::SelfRater)
                    .then(|| format!("{} {}", rng.pick(PEOPLE), rng.pick(SURNAMES))),
                from: None,
                to: role.id.clone(),
                created: newest - Duration::hours((i as i64) * 61),
                framework: FrameworkRef {
                    id: framework.manifest().id.clone(),
                    version: framework.manifest().version.clone(),
                },
                mode: Mode::Full,
                ratings,
            }
        })
        .collect()
}
