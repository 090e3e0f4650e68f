//! Every rule a framework must satisfy, reported all at once with file, line and column.

use super::load::{Loaded, SourceFile};
use super::model::*;
use crate::suggest::did_you_mean;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem: where it is, what is wrong, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(message: String) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: None,
            line: None,
            column: None,
            message,
            hint: None,
        }
    }

    pub fn warning(message: String) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub fn in_file(mut self, path: &Path) -> Diagnostic {
        self.file = Some(path.display().to_string());
        self
    }

    pub fn at(mut self, line: usize, column: usize) -> Diagnostic {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub fn with_hint(mut self, hint: String) -> Diagnostic {
        self.hint = Some(hint);
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{file}")?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
                if let Some(column) = self.column {
                    write!(f, ":{column}")?;
                }
            }
            write!(f, ": ")?;
        }
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{label}: {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Highest framework schema this build reads.
pub const SUPPORTED_SCHEMA: u32 = 1;

/// Where an item's text is, so a problem can be pointed at a line.
struct Locator<'a> {
    files: &'a [SourceFile],
}

impl Locator<'_> {
    /// The line and column of the first whole-word `needle` at or after the line that
    /// declares `id: <owner>` in `file` (or from the top when there is no owner).
    fn find(
        &self,
        file: Option<usize>,
        owner: Option<&str>,
        needle: &str,
    ) -> Option<(usize, usize)> {
        let text = &self.files.get(file?)?.text;
        let mut start = 0;
        if let Some(owner) = owner {
            start = text
                .lines()
                .position(|line| declares_id(line, owner))
                .unwrap_or(0);
        }
        for (number, line) in text.lines().enumerate().skip(start) {
            if let Some(column) = find_word(line, needle) {
                return Some((number + 1, column + 1));
            }
        }
        None
    }

    fn diagnostic(
        &self,
        file: Option<usize>,
        owner: Option<&str>,
        needle: &str,
        message: String,
    ) -> Diagnostic {
        let mut diagnostic = Diagnostic::error(message);
        if let Some(source) = file.and_then(|f| self.files.get(f)) {
            diagnostic = diagnostic.in_file(&source.path);
            if let Some((line, column)) = self.find(file, owner, needle) {
                diagnostic = diagnostic.at(line, column);
            }
        }
        diagnostic
    }
}

fn declares_id(line: &str, id: &str) -> bool {
    let trimmed = line.trim_start().trim_start_matches("- ").trim_start();
    trimmed
        .strip_prefix("id:")
        .map(|rest| rest.trim().trim_matches(|c| c == '"' || c == '\'') == id)
        .unwrap_or(false)
}

/// Byte column of `word` in `line` where it is not part of a longer id.
fn find_word(line: &str, word: &str) -> Option<usize> {
    let is_id_char = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.';
    let mut from = 0;
    while let Some(found) = line[from..].find(word) {
        let start = from + found;
        let end = start + word.len();
        let before_ok = line[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !is_id_char(c));
        let after_ok = line[end..].chars().next().is_none_or(|c| !is_id_char(c));
        if before_ok && after_ok {
            return Some(start);
        }
        from = end;
    }
    None
}

/// Checks a loaded framework; returns its diagnostics followed by every rule broken.
pub fn check_loaded(loaded: &Loaded) -> Vec<Diagnostic> {
    let mut diagnostics = loaded.diagnostics.clone();
    if let Some(data) = &loaded.data {
        diagnostics.extend(check(data, &loaded.files, &loaded.origins));
    }
    diagnostics
}

/// Every rule of the format. `files` and `origins` only serve to point at lines; pass empty
/// ones for the embedded framework.
pub fn check(
    data: &FrameworkData,
    files: &[SourceFile],
    origins: &super::load::Origins,
) -> Vec<Diagnostic> {
    let at = Locator { files };
    let mut out = Vec::new();
    let origin = |list: &Vec<Option<usize>>, i: usize| list.get(i).copied().flatten();

    // Manifest.
    let manifest = &data.manifest;
    let mfile = origins.manifest;
    if manifest.schema_version > SUPPORTED_SCHEMA {
        out.push(
            at.diagnostic(
                mfile,
                None,
                "schema_version",
                format!(
                    "schema_version {} is newer than this pathway reads ({SUPPORTED_SCHEMA})",
                    manifest.schema_version
                ),
            )
            .with_hint("upgrade pathway, or write the framework in schema 1".into()),
        );
    }
    let levels: Vec<u8> = manifest.scale.iter().map(|l| l.level).collect();
    if levels != [0, 1, 2, 3, 4, 5] {
        out.push(at.diagnostic(
            mfile,
            None,
            "scale",
            format!("the scale must list levels 0 to 5 once each, in order; it lists {levels:?}"),
        ));
    }
    for rule in &manifest.expected_levels {
        for level in [rule.critical, rule.important, rule.optional] {
            if level > 5 {
                out.push(level_error(&at, mfile, None, level, "expected_levels"));
            }
        }
    }
    if manifest.expected_levels.is_empty() {
        out.push(at.diagnostic(mfile, None, "expected_levels", "expected_levels is empty".into())
            .with_hint("give at least one rule, e.g. `- { rank: 1, critical: 2, important: 1, optional: 1 }`".into()));
    }
    if manifest.readiness_bands.is_empty() {
        out.push(at.diagnostic(
            mfile,
            None,
            "readiness_bands",
            "readiness_bands is empty".into(),
        ));
    }
    let source_ids: HashSet<&str> = manifest.sources.iter().map(|s| s.id.as_str()).collect();

    // Ids.
    let skill_ids: Vec<&str> = data.skills.iter().map(|s| s.id.as_str()).collect();
    let role_ids: Vec<&str> = data.roles.iter().map(|r| r.id.as_str()).collect();
    let resource_ids: Vec<&str> = data.resources.iter().map(|r| r.id.as_str()).collect();
    let skills: HashSet<&str> = skill_ids.iter().copied().collect();
    let roles: HashSet<&str> = role_ids.iter().copied().collect();
    let resources: HashMap<&str, ResourceKind> = data
        .resources
        .iter()
        .map(|r| (r.id.as_str(), r.kind))
        .collect();

    duplicates(
        &at,
        &mut out,
        "skill",
        data.skills.iter().map(|s| s.id.as_str()),
        &origins.skills,
    );
    duplicates(
        &at,
        &mut out,
        "role",
        data.roles.iter().map(|r| r.id.as_str()),
        &origins.roles,
    );
    duplicates(
        &at,
        &mut out,
        "pathway",
        data.pathways.iter().map(|p| p.id.as_str()),
        &origins.pathways,
    );
    duplicates(
        &at,
        &mut out,
        "resource",
        data.resources.iter().map(|r| r.id.as_str()),
        &origins.resources,
    );

    let reference = |out: &mut Vec<Diagnostic>,
                     file: Option<usize>,
                     owner: &str,
                     kind: &str,
                     id: &str,
                     known: &HashSet<&str>,
                     all: &[&str]| {
        if !known.contains(id) {
            let mut d = at.diagnostic(
                file,
                Some(owner),
                id,
                format!("{owner} refers to unknown {kind} '{id}'"),
            );
            d = match did_you_mean(id, all.iter().copied()) {
                Some(best) => d.with_hint(format!("did you mean '{best}'?")),
                None => d.with_hint(format!(
                    "define a {kind} with id '{id}', or fix the reference"
                )),
            };
            out.push(d);
        }
    };
    let sources_ok =
        |out: &mut Vec<Diagnostic>, file: Option<usize>, owner: &str, sources: &[String]| {
            if sources.is_empty() {
                out.push(
                    at.diagnostic(file, Some(owner), owner, format!("{owner} has no sources"))
                        .with_hint("list the documents it came from, or `authored`".into()),
                );
            }
            for source in sources {
                if source != "authored" && !source_ids.contains(source.as_str()) {
                    let mut d = at.diagnostic(
                        file,
                        Some(owner),
                        source,
                        format!("{owner} cites unknown source '{source}'"),
                    );
                    d.severity = Severity::Warning;
                    out.push(d.with_hint(
                        "add it to `sources` in framework.yaml, or write `authored`".into(),
                    ));
                }
            }
        };

    // Skills.
    for (i, skill) in data.skills.iter().enumerate() {
        let file = origin(&origins.skills, i);
        let keys: Vec<u8> = skill.anchors.keys().copied().collect();
        if keys != [1, 2, 3, 4, 5] {
            out.push(
                at.diagnostic(
                    file,
                    Some(&skill.id),
                    "anchors",
                    format!(
                        "skill '{}' must have an anchor for each level 1 to 5; it has {keys:?}",
                        skill.id
                    ),
                )
                .with_hint(
                    "write what a person at each level does, under `anchors:` with keys 1 to 5"
                        .into(),
                ),
            );
        }
        for (level, text) in &skill.anchors {
            if text.trim().is_empty() {
                out.push(at.diagnostic(
                    file,
                    Some(&skill.id),
                    &format!("{level}:"),
                    format!("skill '{}' has an empty anchor for level {level}", skill.id),
                ));
            }
        }
        for dep in &skill.builds_on {
            reference(&mut out, file, &skill.id, "skill", dep, &skills, &skill_ids);
        }
        if let Some(hours) = skill.hours_per_level {
            if !(hours.is_finite() && hours > 0.0) {
                out.push(at.diagnostic(
                    file,
                    Some(&skill.id),
                    "hours_per_level",
                    format!(
                        "skill '{}' has hours_per_level {hours}; it must be above 0",
                        skill.id
                    ),
                ));
            }
        }
        sources_ok(&mut out, file, &skill.id, &skill.sources);
    }
    out.extend(cycles(data, &at, origins));

    // Roles.
    for (i, role) in data.roles.iter().enumerate() {
        let file = origin(&origins.roles, i);
        let id = role.id.as_str();
        if role.assessable && role.expectations.is_empty() {
            out.push(
                at.diagnostic(
                    file,
                    Some(id),
                    "assessable",
                    format!("role '{id}' is assessable but expects no skills"),
                )
                .with_hint("add `expectations`, or set `assessable: false`".into()),
            );
        }
        let mut seen = HashSet::new();
        for expectation in &role.expectations {
            reference(
                &mut out,
                file,
                id,
                "skill",
                &expectation.skill,
                &skills,
                &skill_ids,
            );
            if !seen.insert(expectation.skill.as_str()) {
                out.push(
                    at.diagnostic(
                        file,
                        Some(id),
                        &expectation.skill,
                        format!("role '{id}' expects skill '{}' twice", expectation.skill),
                    )
                    .with_hint(
                        "keep one expectation per skill; list other names under `as_named`".into(),
                    ),
                );
            }
            if let Some(level) = expectation.level {
                if level > 5 {
                    out.push(level_error(&at, file, Some(id), level, "level"));
                }
            }
        }
        for linked in role
            .career
            .feeders
            .iter()
            .chain(&role.career.next)
            .chain(&role.career.adjacent)
        {
            reference(&mut out, file, id, "role", linked, &roles, &role_ids);
        }
        for promotion in &role.career.promotion {
            reference(&mut out, file, id, "role", &promotion.to, &roles, &role_ids);
        }
        if let Some(experience) = &role.experience {
            for cert in &experience.certifications {
                match resources.get(cert.as_str()) {
                    None => reference(
                        &mut out,
                        file,
                        id,
                        "resource",
                        cert,
                        &HashSet::new(),
                        &resource_ids,
                    ),
                    Some(ResourceKind::Certification) => {}
                    Some(kind) => out.push(
                        at.diagnostic(
                            file,
                            Some(id),
                            cert,
                            format!(
                        "role '{id}' lists '{cert}' as a certification, but it is a {kind:?}"
                    )
                            .to_lowercase(),
                        ),
                    ),
                }
            }
        }
        for dimension in &role.scorecard {
            for skill in &dimension.skills {
                reference(&mut out, file, id, "skill", skill, &skills, &skill_ids);
            }
        }
        sources_ok(&mut out, file, id, &role.sources);
    }

    // Pathways.
    for (i, pathway) in data.pathways.iter().enumerate() {
        let file = origin(&origins.pathways, i);
        let id = pathway.id.as_str();
        reference(&mut out, file, id, "role", &pathway.from, &roles, &role_ids);
        reference(&mut out, file, id, "role", &pathway.to, &roles, &role_ids);
        if pathway.duration_months.min > pathway.duration_months.max {
            out.push(at.diagnostic(
                file,
                Some(id),
                "duration_months",
                format!("pathway '{id}' has a duration whose min is above its max"),
            ));
        }
        let groups = [
            ("focus area", &pathway.focus_areas),
            ("skill to develop", &pathway.skills_to_develop),
            ("behaviour", &pathway.behaviours),
            ("AI-literacy item", &pathway.ai_literacy),
        ];
        for (label, items) in groups {
            for item in items {
                if item.skills.is_empty() {
                    let needle = item
                        .description
                        .split_whitespace()
                        .take(3)
                        .collect::<Vec<_>>()
                        .join(" ");
                    out.push(
                        at.diagnostic(
                            file,
                            Some(id),
                            &needle,
                            format!("a {label} of pathway '{id}' is linked to no skill"),
                        )
                        .with_hint("add `skills: [...]` naming the skills it builds".into()),
                    );
                }
                for skill in &item.skills {
                    reference(&mut out, file, id, "skill", skill, &skills, &skill_ids);
                }
            }
        }
        let wanted = [
            (&pathway.projects, &[ResourceKind::Project][..], "projects"),
            (&pathway.reading, &[ResourceKind::Book][..], "reading"),
            (
                &pathway.courses,
                &[ResourceKind::Course, ResourceKind::Certification][..],
                "courses",
            ),
        ];
        for (list, kinds, key) in wanted {
            for resource in list {
                match resources.get(resource.as_str()) {
                    None => reference(
                        &mut out,
                        file,
                        id,
                        "resource",
                        resource,
                        &HashSet::new(),
                        &resource_ids,
                    ),
                    Some(kind) if !kinds.contains(kind) => out.push(at.diagnostic(
                        file,
                        Some(id),
                        resource,
                        format!(
                            "pathway '{id}' lists '{resource}' under {key}, but it is a {}",
                            format!("{kind:?}").to_lowercase()
                        ),
                    )),
                    Some(_) => {}
                }
            }
        }
        sources_ok(&mut out, file, id, &pathway.sources);
    }

    // Resources.
    for (i, resource) in data.resources.iter().enumerate() {
        let file = origin(&origins.resources, i);
        let id = resource.id.as_str();
        if resource.skills.is_empty() {
            out.push(
                at.diagnostic(
                    file,
                    Some(id),
                    id,
                    format!("resource '{id}' is linked to no skill"),
                )
                .with_hint("add `skills: [...]` naming the skills it builds".into()),
            );
        }
        for skill in &resource.skills {
            reference(&mut out, file, id, "skill", skill, &skills, &skill_ids);
        }
        if !(resource.hours.is_finite() && resource.hours > 0.0) {
            out.push(at.diagnostic(
                file,
                Some(id),
                "hours",
                format!(
                    "resource '{id}' has hours {}; it must be above 0",
                    resource.hours
                ),
            ));
        }
        sources_ok(&mut out, file, id, &resource.sources);
    }

    // Coverage: a plan needs something to offer for every expected skill.
    let covered: HashSet<&str> = data
        .resources
        .iter()
        .flat_map(|r| r.skills.iter().map(String::as_str))
        .collect();
    let mut reported = HashSet::new();
    for (i, role) in data.roles.iter().enumerate() {
        for expectation in &role.expectations {
            let skill = expectation.skill.as_str();
            if skills.contains(skill) && !covered.contains(skill) && reported.insert(skill) {
                let file = origin(&origins.roles, i);
                let mut d = at.diagnostic(
                    file,
                    Some(&role.id),
                    skill,
                    format!(
                        "skill '{skill}' is expected by role '{}' but no resource builds it",
                        role.id
                    ),
                );
                d.severity = Severity::Warning;
                out.push(d.with_hint(
                    "add a book, course, certification or project whose `skills` include it".into(),
                ));
            }
        }
    }
    out
}

fn level_error(
    at: &Locator,
    file: Option<usize>,
    owner: Option<&str>,
    level: u8,
    key: &str,
) -> Diagnostic {
    let _ = key;
    at.diagnostic(
        file,
        owner,
        &level.to_string(),
        format!("level {level} is outside the scale 0 to 5"),
    )
    .with_hint("use a level from 0 (no exposure) to 5 (expert)".into())
}

fn duplicates<'a>(
    at: &Locator,
    out: &mut Vec<Diagnostic>,
    kind: &str,
    ids: impl Iterator<Item = &'a str>,
    origins: &[Option<usize>],
) {
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, id) in ids.enumerate() {
        match first.get(id) {
            None => {
                first.insert(id, i);
            }
            Some(&earlier) => {
                let file = origins.get(i).copied().flatten();
                let earlier_at = origins
                    .get(earlier)
                    .copied()
                    .flatten()
                    .and_then(|f| at.files.get(f).map(|s| (f, s)))
                    .map(
                        |(f, s)| match at.find(Some(f), None, &format!("id: {id}")) {
                            Some((line, _)) => format!("{}:{line}", s.path.display()),
                            None => s.path.display().to_string(),
                        },
                    )
                    .unwrap_or_else(|| "earlier".to_string());
                // Point at the second declaration: search after the first when in one file.
                let mut d = Diagnostic::error(format!(
                    "duplicate {kind} id '{id}' (first defined at {earlier_at})"
                ));
                if let Some(source) = file.and_then(|f| at.files.get(f)) {
                    d = d.in_file(&source.path);
                    let declarations: Vec<usize> = source
                        .text
                        .lines()
                        .enumerate()
                        .filter(|(_, line)| declares_id(line, id))
                        .map(|(n, _)| n + 1)
                        .collect();
                    let same_file = origins.get(earlier).copied().flatten() == file;
                    let line = if same_file {
                        declarations.get(1)
                    } else {
                        declarations.first()
                    };
                    if let Some(&line) = line {
                        let column = source
                            .text
                            .lines()
                            .nth(line - 1)
                            .and_then(|l| l.find("id:"))
                            .unwrap_or(0)
                            + 1;
                        d = d.at(line, column);
                    }
                }
                out.push(d.with_hint(format!(
                    "give each {kind} a unique id; rename or remove this one"
                )));
            }
        }
    }
}

/// A skill may not (indirectly) build on itself: the plan orders foundations first.
fn cycles(data: &FrameworkData, at: &Locator, origins: &super::load::Origins) -> Vec<Diagnostic> {
    let index: HashMap<&str, usize> = data
        .skills
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    // 0 = unvisited, 1 = on the stack, 2 = done.
    let mut state = vec![0u8; data.skills.len()];
    let mut out = Vec::new();
    for start in 0..data.skills.len() {
        if state[start] != 0 {
            continue;
        }
        // Iterative depth-first search: frameworks can be large, recursion is not safe.
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        state[start] = 1;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            let deps = &data.skills[node].builds_on;
            if *next < deps.len() {
                let dep = &deps[*next];
                *next += 1;
                if let Some(&d) = index.get(dep.as_str()) {
                    match state[d] {
                        0 => {
                            state[d] = 1;
                            stack.push((d, 0));
                        }
                        1 => {
                            let owner = &data.skills[node].id;
                            let file = origins.skills.get(node).copied().flatten();
                            out.push(at.diagnostic(file, Some(owner), dep, format!(
                                "skill '{owner}' builds on '{dep}', which builds back on it (a cycle)"
                            )).with_hint("remove one of the `builds_on` links".into()));
                        }
                        _ => {}
                    }
                }
            } else {
                state[node] = 2;
                stack.pop();
            }
        }
    }
    out
}
