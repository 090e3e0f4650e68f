//! Every rule a framework must satisfy, reported all at once with file, line and column.

use super::load::{Loaded, SourceFile};
use super::model::*;
use crate::suggest::did_you_mean;
use serde::Serialize;
use std::cell::{Cell, OnceCell, RefCell};
// foldhash: the check looks up every reference of a taxonomy-sized framework (hundreds of
// thousands), and SipHash took a fifth of its time; foldhash keeps a per-process random seed.
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::collections::BTreeSet;
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

    pub fn with_message(mut self, message: String) -> Diagnostic {
        self.message = message;
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

/// Problems pointed at a line and given a suggestion; past this many, the rest are only
/// counted, so a huge broken file cannot make the check quadratic or the report endless.
pub const MAX_REPORTED: usize = 200;

/// The `id:` declarations of one file, found once.
struct FileIndex<'a> {
    lines: Vec<&'a str>,
    /// Line numbers (0-based) that declare each id, in order.
    declarations: HashMap<&'a str, Vec<usize>>,
    /// Every declaring line (0-based) with its indentation, in order.
    declaring_lines: Vec<(usize, usize)>,
}

impl<'a> FileIndex<'a> {
    fn new(text: &'a str) -> FileIndex<'a> {
        let lines: Vec<&str> = text.lines().collect();
        let mut declarations: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut declaring_lines = Vec::new();
        for (number, line) in lines.iter().enumerate() {
            if let Some(id) = declared_id(line) {
                declarations.entry(id).or_default().push(number);
                declaring_lines.push((number, indentation(line)));
            }
        }
        FileIndex {
            lines,
            declarations,
            declaring_lines,
        }
    }

    /// The lines of the item declared at `start`: up to the next declaration that is not
    /// nested inside it.
    fn item_end(&self, start: usize) -> usize {
        let indent = indentation(self.lines[start]);
        self.declaring_lines
            .iter()
            .find(|&&(line, other)| line > start && other <= indent)
            .map_or(self.lines.len(), |&(line, _)| line)
    }
}

fn indentation(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// Where an item's text is, so a problem can be pointed at a line.
struct Locator<'a> {
    files: &'a [SourceFile],
    /// Each file's index, built the first time a problem is located in it: a framework
    /// without problems (the usual case) never needs one, and indexing every line of a
    /// taxonomy-sized framework cost as much as the rest of the check.
    index: Vec<OnceCell<FileIndex<'a>>>,
    /// Diagnostics made so far; past `MAX_REPORTED` they are not located.
    made: Cell<usize>,
    /// How often each (file, owner, needle) was pointed at, so a second problem with the
    /// same id in the same item points at its second occurrence, not the first again.
    pointed: RefCell<HashMap<(usize, String, String), usize>>,
}

impl<'a> Locator<'a> {
    fn new(files: &'a [SourceFile]) -> Locator<'a> {
        Locator {
            files,
            index: files.iter().map(|_| OnceCell::new()).collect(),
            made: Cell::new(0),
            pointed: RefCell::new(HashMap::new()),
        }
    }

    /// The index of file `file`, built on first use.
    fn index(&self, file: usize) -> Option<&FileIndex<'a>> {
        let cell = self.index.get(file)?;
        Some(cell.get_or_init(|| FileIndex::new(&self.files[file].text)))
    }

    /// Whether the report is full: later problems are counted, not located or explained.
    fn exhausted(&self) -> bool {
        self.made.get() >= MAX_REPORTED
    }

    /// The lines of the item that declares `id: <owner>` in a file (the whole file when there
    /// is no owner or it is not found), and the declaring line.
    fn item(&self, index: &FileIndex, owner: Option<&str>) -> (usize, usize, Option<usize>) {
        let declared = owner.and_then(|o| index.declarations.get(o)?.first().copied());
        match declared {
            Some(start) => (start, index.item_end(start), declared),
            None => (0, index.lines.len(), None),
        }
    }

    /// The line and column of a whole-word `needle` within the owner's item: the first
    /// occurrence, or the next one each time the same needle is asked for again (the last
    /// when there are no more).
    fn find(
        &self,
        file: Option<usize>,
        owner: Option<&str>,
        needle: &str,
    ) -> Option<(usize, usize)> {
        let file = file?;
        let index = self.index(file)?;
        let (start, end, _) = self.item(index, owner);
        let mut pointed = self.pointed.borrow_mut();
        let nth = pointed
            .entry((
                file,
                owner.unwrap_or_default().to_string(),
                needle.to_string(),
            ))
            .or_insert(0);
        let mut found = None;
        let mut seen = 0;
        for number in start..end {
            if let Some(byte) = find_word(index.lines[number], needle) {
                // Columns count characters, as the YAML parser's do.
                let column = index.lines[number][..byte].chars().count();
                found = Some((number + 1, column + 1));
                if seen == *nth {
                    break;
                }
                seen += 1;
            }
        }
        if found.is_some() {
            *nth += 1;
        }
        found
    }

    /// The owner's `id:` line.
    fn owner_line(&self, file: Option<usize>, owner: Option<&str>) -> Option<(usize, usize)> {
        let index = self.index(file?)?;
        let (_, _, declared) = self.item(index, owner);
        declared.map(|line| {
            let column = index.lines[line].find("id:").unwrap_or(0);
            (line + 1, column + 1)
        })
    }

    fn diagnostic(
        &self,
        file: Option<usize>,
        owner: Option<&str>,
        needle: &str,
        message: String,
    ) -> Diagnostic {
        self.diagnostic_at(file, owner, &[needle], message)
    }

    /// A diagnostic in the owner's file at the first of `needles` found in the owner's item
    /// (the most precise first), else at the owner's `id:` line.
    fn diagnostic_at(
        &self,
        file: Option<usize>,
        owner: Option<&str>,
        needles: &[&str],
        message: String,
    ) -> Diagnostic {
        let mut diagnostic = Diagnostic::error(message);
        let locate = !self.exhausted();
        self.made.set(self.made.get() + 1);
        if let Some(source) = file.and_then(|f| self.files.get(f)) {
            diagnostic = diagnostic.in_file(&source.path);
            if locate {
                let found = needles
                    .iter()
                    .find_map(|needle| self.find(file, owner, needle))
                    .or_else(|| self.owner_line(file, owner));
                if let Some((line, column)) = found {
                    diagnostic = diagnostic.at(line, column);
                }
            }
        }
        diagnostic
    }
}

/// The id a line declares (`id: x` or `- id: x`), if it declares one.
pub(crate) fn declared_id(line: &str) -> Option<&str> {
    let rest = after_list_marks(line).strip_prefix("id:")?;
    let rest = match rest.find(" #") {
        Some(comment) => &rest[..comment],
        None => rest,
    };
    Some(rest.trim().trim_matches(|c| c == '"' || c == '\''))
}

/// `line` without its indentation and `- ` list marks (then indentation again). Called for
/// every line of every file: ASCII is handled bytewise, the rest as `str::trim_start` does.
fn after_list_marks(line: &str) -> &str {
    let bytes = line.as_bytes();
    let blanks = |mut at: usize| {
        while bytes.get(at).is_some_and(u8::is_ascii_whitespace) || bytes.get(at) == Some(&0x0b) {
            at += 1;
        }
        at
    };
    let mut at = blanks(0);
    if bytes.get(at).is_some_and(|byte| !byte.is_ascii()) {
        return line.trim_start().trim_start_matches("- ").trim_start();
    }
    while bytes[at..].starts_with(b"- ") {
        at += 2;
    }
    let at = blanks(at);
    match bytes.get(at) {
        Some(byte) if !byte.is_ascii() => line[at..].trim_start(),
        _ => &line[at..],
    }
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

/// Orders diagnostics by file, line and column, as a compiler lists them. Stable: problems
/// without a line keep the order they were found in.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line.unwrap_or(0), a.column.unwrap_or(0)).cmp(&(
            &b.file,
            b.line.unwrap_or(0),
            b.column.unwrap_or(0),
        ))
    });
}

/// Checks a loaded framework; returns its diagnostics followed by every rule broken.
pub fn check_loaded(loaded: &Loaded) -> Vec<Diagnostic> {
    let mut diagnostics = loaded.diagnostics.clone();
    if let Some(data) = &loaded.data {
        let options = Options {
            unreadable_ids: loaded.unreadable_ids.iter().map(String::as_str).collect(),
            stand_in_manifest: loaded.stand_in_manifest,
        };
        diagnostics.extend(rules(data, &loaded.files, &loaded.origins, &options));
    }
    diagnostics
}

/// Ids to their first position: a reference found there gives the item it names.
fn positions<'a>(ids: &[&'a str]) -> HashMap<&'a str, usize> {
    let mut map = HashMap::with_capacity(ids.len());
    for (i, id) in ids.iter().enumerate() {
        map.entry(*id).or_insert(i);
    }
    map
}

/// Every rule of the format. `files` and `origins` only serve to point at lines; pass empty
/// ones for the embedded framework.
pub fn check(
    data: &FrameworkData,
    files: &[SourceFile],
    origins: &super::load::Origins,
) -> Vec<Diagnostic> {
    rules(data, files, origins, &Options::default())
}

#[derive(Default)]
struct Options<'a> {
    /// Declared but unreadable ids (already reported): not reported again as unknown.
    unreadable_ids: BTreeSet<&'a str>,
    /// The manifest is a stand-in for an unreadable one: do not check it or cite its sources.
    stand_in_manifest: bool,
}

fn rules(
    data: &FrameworkData,
    files: &[SourceFile],
    origins: &super::load::Origins,
    options: &Options,
) -> Vec<Diagnostic> {
    let at = Locator::new(files);
    let mut out = Vec::new();
    let origin = |list: &Vec<Option<usize>>, i: usize| list.get(i).copied().flatten();

    // Manifest.
    let manifest = &data.manifest;
    let mfile = origins.manifest;
    if !options.stand_in_manifest {
        check_manifest(&at, &mut out, manifest, mfile);
    }
    let source_ids: HashSet<&str> = manifest.sources.iter().map(|s| s.id.as_str()).collect();

    // Ids.
    let skill_ids: Vec<&str> = data.skills.iter().map(|s| s.id.as_str()).collect();
    let role_ids: Vec<&str> = data.roles.iter().map(|r| r.id.as_str()).collect();
    let resource_ids: Vec<&str> = data.resources.iter().map(|r| r.id.as_str()).collect();
    let skills = positions(&skill_ids);
    let roles = positions(&role_ids);
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

    // The position of the item `id` names, if it is one of `known`; reports it if it is not.
    let reference = |out: &mut Vec<Diagnostic>,
                     file: Option<usize>,
                     owner_kind: &str,
                     owner: &str,
                     kind: &str,
                     id: &str,
                     known: &HashMap<&str, usize>,
                     all: &[&str]|
     -> Option<usize> {
        let found = known.get(id).copied();
        if found.is_none() && !options.unreadable_ids.contains(id) {
            let mut d = at.diagnostic(
                file,
                Some(owner),
                id,
                format!("{owner_kind} '{owner}' refers to unknown {kind} '{id}'"),
            );
            // Past the report's size, suggestions are not worth their cost.
            let suggestion = if at.exhausted() {
                None
            } else {
                did_you_mean(id, all.iter().copied())
            };
            d = match suggestion {
                Some(best) => d.with_hint(format!("did you mean '{best}'?")),
                None => d.with_hint(format!(
                    "define a {kind} with id '{id}', or fix the reference"
                )),
            };
            out.push(d);
        }
        found
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
                if source != "authored"
                    && !options.stand_in_manifest
                    && !source_ids.contains(source.as_str())
                {
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
            reference(
                &mut out, file, "skill", &skill.id, "skill", dep, &skills, &skill_ids,
            );
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

    // Roles. Each expectation's skill is looked up once: its position serves to find a skill
    // expected twice (the last role, plus one, that expected each skill) and, below, whether
    // a resource builds it. 3,000 roles of 40 expectations made these hash lookups most of
    // the check of a large framework.
    let mut expected: Vec<Option<usize>> = Vec::new();
    let mut expected_by = vec![0_usize; skill_ids.len()];
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
        let mut unknown_seen = HashSet::new();
        for expectation in &role.expectations {
            let position = reference(
                &mut out,
                file,
                "role",
                id,
                "skill",
                &expectation.skill,
                &skills,
                &skill_ids,
            );
            expected.push(position);
            let again = match position {
                Some(p) => std::mem::replace(&mut expected_by[p], i + 1) == i + 1,
                None => !unknown_seen.insert(expectation.skill.as_str()),
            };
            if again {
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
                    out.push(
                        level_error(&at, file, Some(id), level, "level").with_message(format!(
                            "role '{id}' expects level {level} on skill '{}', outside the scale 0 to 5",
                            expectation.skill
                        )),
                    );
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
            reference(
                &mut out, file, "role", id, "role", linked, &roles, &role_ids,
            );
        }
        for promotion in &role.career.promotion {
            reference(
                &mut out,
                file,
                "role",
                id,
                "role",
                &promotion.to,
                &roles,
                &role_ids,
            );
        }
        if let Some(experience) = &role.experience {
            for cert in &experience.certifications {
                match resources.get(cert.as_str()) {
                    None => {
                        reference(
                            &mut out,
                            file,
                            "role",
                            id,
                            "resource",
                            cert,
                            &HashMap::new(),
                            &resource_ids,
                        );
                    }
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
                reference(
                    &mut out, file, "role", id, "skill", skill, &skills, &skill_ids,
                );
            }
        }
        sources_ok(&mut out, file, id, &role.sources);
    }

    // Pathways.
    for (i, pathway) in data.pathways.iter().enumerate() {
        let file = origin(&origins.pathways, i);
        let id = pathway.id.as_str();
        reference(
            &mut out,
            file,
            "pathway",
            id,
            "role",
            &pathway.from,
            &roles,
            &role_ids,
        );
        reference(
            &mut out,
            file,
            "pathway",
            id,
            "role",
            &pathway.to,
            &roles,
            &role_ids,
        );
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
                    reference(
                        &mut out, file, "pathway", id, "skill", skill, &skills, &skill_ids,
                    );
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
                    None => {
                        reference(
                            &mut out,
                            file,
                            "pathway",
                            id,
                            "resource",
                            resource,
                            &HashMap::new(),
                            &resource_ids,
                        );
                    }
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
    let mut covered = vec![false; skill_ids.len()];
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
            if let Some(p) = reference(
                &mut out, file, "resource", id, "skill", skill, &skills, &skill_ids,
            ) {
                covered[p] = true;
            }
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
    let mut reported = vec![false; skill_ids.len()];
    let mut expected = expected.into_iter();
    for (i, role) in data.roles.iter().enumerate() {
        for expectation in &role.expectations {
            let skill = expectation.skill.as_str();
            let Some(p) = expected.next().flatten() else {
                continue; // not a skill of the framework: reported above (or unreadable)
            };
            if !covered[p] && !std::mem::replace(&mut reported[p], true) {
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

/// The manifest's own rules: a schema this build reads, the 0–5 scale, usable numbers.
fn check_manifest(
    at: &Locator,
    out: &mut Vec<Diagnostic>,
    manifest: &Manifest,
    mfile: Option<usize>,
) {
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
        out.push(
            at.diagnostic(
                mfile,
                None,
                "scale",
                format!(
                    "the scale must list levels 0 to 5 once each, in order; it lists {levels:?}"
                ),
            )
            .with_hint("write six entries under `scale:`, `level: 0` to `level: 5`".into()),
        );
    }
    for rule in &manifest.expected_levels {
        for (key, level) in [
            ("critical", rule.critical),
            ("important", rule.important),
            ("optional", rule.optional),
        ] {
            if level > 5 {
                out.push(level_error(at, mfile, None, level, key));
            }
        }
    }
    if manifest.expected_levels.is_empty() {
        out.push(at.diagnostic(mfile, None, "expected_levels", "expected_levels is empty".into())
            .with_hint("give at least one rule, e.g. `- { rank: 1, critical: 2, important: 1, optional: 1 }`".into()));
    }
    if manifest.readiness_bands.is_empty() {
        out.push(
            at.diagnostic(
                mfile,
                None,
                "readiness_bands",
                "readiness_bands is empty".into(),
            )
            .with_hint("give at least one band with `min_readiness: 0`".into()),
        );
    }
    for band in &manifest.readiness_bands {
        if !(0.0..=100.0).contains(&band.min_readiness) {
            out.push(
                at.diagnostic(
                    mfile,
                    Some(&band.id),
                    "min_readiness",
                    format!(
                        "readiness band '{}' has min_readiness {}; it must be 0 to 100",
                        band.id, band.min_readiness
                    ),
                )
                .with_hint("readiness is a percentage".into()),
            );
        }
    }
    let weights = manifest.importance_weights;
    let hours = manifest.effort.hours_per_level;
    for (key, value) in [
        ("importance_weights", weights.critical),
        ("importance_weights", weights.important),
        ("importance_weights", weights.optional),
        ("hours_per_level", hours.critical),
        ("hours_per_level", hours.important),
        ("hours_per_level", hours.optional),
        (
            "default_hours_per_week",
            manifest.effort.default_hours_per_week,
        ),
    ] {
        if !(value.is_finite() && value > 0.0) {
            out.push(
                at.diagnostic(
                    mfile,
                    None,
                    key,
                    format!("{key} has {value}; every value must be above 0"),
                )
                .with_hint("use a positive number".into()),
            );
        }
    }
    if !(manifest.effort.step_growth.is_finite() && manifest.effort.step_growth >= 0.0) {
        out.push(at.diagnostic(
            mfile,
            None,
            "step_growth",
            format!(
                "step_growth is {}; it must be 0 or more",
                manifest.effort.step_growth
            ),
        ));
    }
}

fn level_error(
    at: &Locator,
    file: Option<usize>,
    owner: Option<&str>,
    level: u8,
    key: &str,
) -> Diagnostic {
    at.diagnostic_at(
        file,
        owner,
        &[&format!("{key}: {level}"), &level.to_string()],
        format!("{key}: {level} is outside the scale 0 to 5"),
    )
    .with_hint("use a level from 0 (no exposure) to 5 (expert)".into())
}

fn duplicates<'a>(
    at: &Locator,
    out: &mut Vec<Diagnostic>,
    kind: &str,
    ids: impl Iterator<Item = &'a str> + Clone,
    origins: &[Option<usize>],
) {
    // Most frameworks have no duplicate: one set answers that, and the counts below, which
    // only serve to point at a duplicate, are kept only when there is one.
    let mut unique: HashSet<&str> = HashSet::with_capacity(ids.size_hint().0);
    if ids.clone().all(|id| unique.insert(id)) {
        return;
    }
    drop(unique);
    let mut first: HashMap<&str, usize> = HashMap::new();
    // How many times each id has been declared in each file so far, to point at the n-th.
    let mut declared: HashMap<(Option<usize>, &str), usize> = HashMap::new();
    let declaration = |file: Option<usize>, id: &str, nth: usize| -> Option<(usize, usize)> {
        let index = at.index(file?)?;
        let line = *index.declarations.get(id)?.get(nth)?;
        let column = index.lines[line].find("id:").unwrap_or(0);
        Some((line + 1, column + 1))
    };
    for (i, id) in ids.enumerate() {
        let file = origins.get(i).copied().flatten();
        let nth = {
            let count = declared.entry((file, id)).or_insert(0);
            *count += 1;
            *count - 1
        };
        let Some(&earlier) = first.get(id) else {
            first.insert(id, i);
            continue;
        };
        let earlier_file = origins.get(earlier).copied().flatten();
        let earlier_at = match earlier_file.and_then(|f| at.files.get(f)) {
            Some(source) => match declaration(earlier_file, id, 0) {
                Some((line, _)) => format!("{}:{line}", source.path.display()),
                None => source.path.display().to_string(),
            },
            None => "in the embedded framework".to_string(),
        };
        let mut d = Diagnostic::error(format!(
            "duplicate {kind} id '{id}' (first defined at {earlier_at})"
        ));
        at.made.set(at.made.get() + 1);
        if let Some(source) = file.and_then(|f| at.files.get(f)) {
            d = d.in_file(&source.path);
            if let Some((line, column)) = declaration(file, id, nth) {
                d = d.at(line, column);
            }
        }
        out.push(d.with_hint(format!(
            "give each {kind} a unique id; rename or remove this one"
        )));
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn list_marks_are_stripped_as_trim_start_would(
            pieces in prop::collection::vec(
                prop::sample::select(&[" ", "\t", "\u{b}", "\u{a0}", "\u{3000}", "- ", "-", "id:", "x", "é", "\r"][..]),
                0..12,
            )
        ) {
            let line = pieces.concat();
            prop_assert_eq!(
                after_list_marks(&line),
                line.trim_start().trim_start_matches("- ").trim_start()
            );
        }
    }

    /// The first role that expects any skill.
    fn expecting(data: &FrameworkData) -> usize {
        data.roles
            .iter()
            .position(|r| !r.expectations.is_empty())
            .unwrap()
    }

    fn messages(data: &FrameworkData) -> Vec<String> {
        check(data, &[], &Default::default())
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn a_skill_expected_twice_by_a_role_is_reported_at_each_repeat_and_unknown_ones_too() {
        let mut data = crate::framework::Framework::embedded_data().unwrap();
        assert_eq!(messages(&data), Vec::<String>::new());
        let r = expecting(&data);
        let other = if r == 0 { 1 } else { 0 };
        let known = data.roles[r].expectations[0].clone();
        let mut unknown = known.clone();
        unknown.skill = "no-such-skill".into();
        let role = data.roles[r].id.clone();
        data.roles[r]
            .expectations
            .extend([known.clone(), unknown.clone(), known.clone(), unknown]);
        // Another role expecting the same skill once is no repeat.
        data.roles[other]
            .expectations
            .retain(|e| e.skill != known.skill);
        data.roles[other].expectations.push(known.clone());
        let twice = format!("role '{role}' expects skill '{}' twice", known.skill);
        let unknown_twice = format!("role '{role}' expects skill 'no-such-skill' twice");
        let unknown_ref = format!("role '{role}' refers to unknown skill 'no-such-skill'");
        assert_eq!(
            messages(&data),
            [
                twice.clone(),
                unknown_ref.clone(),
                twice,
                unknown_ref,
                unknown_twice
            ]
        );
    }

    #[test]
    fn an_expected_skill_no_resource_builds_is_warned_about_once() {
        let mut data = crate::framework::Framework::embedded_data().unwrap();
        let skill = data.roles[expecting(&data)].expectations[0].skill.clone();
        for resource in &mut data.resources {
            resource.skills.retain(|s| *s != skill);
        }
        // Every resource still builds some skill, so only the coverage rule speaks.
        data.resources.retain(|r| !r.skills.is_empty());
        for pathway in &mut data.pathways {
            pathway
                .projects
                .retain(|p| data.resources.iter().any(|r| r.id == *p));
            pathway
                .reading
                .retain(|p| data.resources.iter().any(|r| r.id == *p));
            pathway
                .courses
                .retain(|p| data.resources.iter().any(|r| r.id == *p));
        }
        let first = data
            .roles
            .iter()
            .find(|r| r.expectations.iter().any(|e| e.skill == skill))
            .unwrap()
            .id
            .clone();
        let expected_by = data
            .roles
            .iter()
            .filter(|r| r.expectations.iter().any(|e| e.skill == skill))
            .count();
        assert!(expected_by >= 1);
        let diagnostics = check(&data, &[], &Default::default());
        let coverage: Vec<&Diagnostic> = diagnostics
            .iter()
            .filter(|d| d.message.contains("no resource builds it"))
            .collect();
        assert_eq!(coverage.len(), 1, "{diagnostics:#?}");
        assert_eq!(coverage[0].severity, Severity::Warning);
        assert_eq!(
            coverage[0].message,
            format!("skill '{skill}' is expected by role '{first}' but no resource builds it")
        );
    }

    #[test]
    fn a_duplicate_id_is_reported_once_for_each_repeat() {
        let mut data = crate::framework::Framework::embedded_data().unwrap();
        let skill = data.skills[3].clone();
        data.skills.push(skill.clone());
        data.skills.push(skill.clone());
        let duplicates: Vec<String> = messages(&data)
            .into_iter()
            .filter(|m| m.starts_with("duplicate"))
            .collect();
        let message = format!(
            "duplicate skill id '{}' (first defined at in the embedded framework)",
            skill.id
        );
        assert_eq!(duplicates, [message.clone(), message]);
    }

    #[test]
    fn declared_ids_are_found_under_list_marks() {
        assert_eq!(declared_id("  - id: a-b # note"), Some("a-b"));
        assert_eq!(declared_id("- - id: 'x'"), Some("x"));
        assert_eq!(declared_id("\u{3000}id: y"), Some("y"));
        assert_eq!(declared_id("  name: id: z"), None);
    }
}
