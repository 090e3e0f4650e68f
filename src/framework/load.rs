//! Reading a framework from a folder of YAML files (`--data DIR`, `pathway validate DIR`).
//!
//! A folder with a `framework.yaml` is a whole framework and replaces the embedded one. A
//! folder without one is an overlay: its skills, roles, pathways and resources are added to
//! the embedded framework, replacing any item with the same id.

use super::check::{declared_id, Diagnostic, Severity};
use super::model::{Fragment, FrameworkData, Manifest, Pathway, Resource, Role, Skill};
use std::collections::{BTreeSet, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Largest YAML file read, in bytes (the embedded framework's largest file is about 33 KB).
/// Larger files are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Largest framework folder read, all YAML files together. A framework the size of ESCO
/// (13,500 skills, 3,000 roles) is 50 to 80 MB of YAML and peaks under 300 MB of memory
/// (docs/PERFORMANCE.md); this leaves room above that and still bounds memory.
pub const MAX_TOTAL_BYTES: u64 = 128 * 1024 * 1024;

/// Deepest sub-folder searched for YAML files.
const MAX_FOLDER_DEPTH: usize = 8;

/// A file that was read, kept so diagnostics can point at lines.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
}

/// Which file each item came from (`None`: the embedded framework).
#[derive(Debug, Clone, Default)]
pub struct Origins {
    pub manifest: Option<usize>,
    pub skills: Vec<Option<usize>>,
    pub roles: Vec<Option<usize>>,
    pub pathways: Vec<Option<usize>>,
    pub resources: Vec<Option<usize>>,
}

/// The result of loading: the data, the files read, where each item came from, and every
/// problem met on the way. Usable only when `has_errors()` is false.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// What was read. When `framework.yaml` could not be read, this carries the embedded
    /// manifest as a stand-in (`stand_in_manifest`) so the items can still be checked.
    pub data: Option<FrameworkData>,
    pub files: Vec<SourceFile>,
    pub origins: Origins,
    pub diagnostics: Vec<Diagnostic>,
    /// Ids of items that were declared but could not be read (a wrong type, an unknown key):
    /// already reported, so references to them are not reported again as unknown.
    pub unreadable_ids: BTreeSet<String>,
    /// `data.manifest` is a stand-in, not the folder's own.
    pub stand_in_manifest: bool,
}

/// Reads a YAML file as text, refusing what is not a file, too large, or not UTF-8. Reads
/// at most one byte past the limit, so a device or a growing file cannot exhaust memory.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let file_diag = |message: String, hint: &str| {
        Diagnostic::error(message)
            .in_file(path)
            .with_hint(hint.to_string())
    };
    let cannot_read = |e: std::io::Error| {
        file_diag(
            format!("cannot read: {e}"),
            "check the path and its permissions",
        )
    };
    let file = std::fs::File::open(path).map_err(cannot_read)?;
    let meta = file.metadata().map_err(cannot_read)?;
    if !meta.is_file() {
        return Err(file_diag(
            "not a regular file".to_string(),
            "give a YAML file or a folder of them",
        ));
    }
    let too_large = |size: u64| {
        file_diag(
            format!(
                "file is {} bytes, over the limit of {} MiB for one file",
                size,
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            "split it into several files in the same folder (see docs/FORMAT.md, Limits)",
        )
    };
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot_read)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.into_bytes()[..offset]).into_owned();
        let (line, column) = line_col_of_offset(&text, offset);
        file_diag(
            format!("file is not UTF-8 (first bad byte at line {line}, column {column})"),
            "save it as UTF-8",
        )
        .at(line, column)
    })
}

fn line_col_of_offset(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    (line, column)
}

/// The shape check every untrusted YAML text passes before it is parsed (alias bombs, deep
/// nesting), as a diagnostic.
fn guard(path: &Path, text: &str) -> Result<(), Diagnostic> {
    crate::yaml_guard::guard(text).map_err(|refused| {
        Diagnostic::error(format!("refused: {}", refused.message))
            .in_file(path)
            .at(refused.line, refused.column)
            .with_hint(refused.hint)
    })
}

/// Parses YAML text into `T`, turning a refusal or a parse error into a diagnostic with line
/// and column.
pub fn parse_yaml<T: serde::de::DeserializeOwned>(
    path: &Path,
    text: &str,
) -> Result<T, Diagnostic> {
    guard(path, text)?;
    // The fast reader answers only where yaml_serde would give the same value.
    if let Some(value) = crate::yaml_fast::from_str(text) {
        return Ok(value);
    }
    serde_yaml::from_str(text)
        .map_err(|e| syntax_error(path, text).unwrap_or_else(|| yaml_diagnostic(path, &e)))
}

/// A syntax error in the text, if there is one. A typed parse can stop at a type mismatch
/// before it reaches a syntax error further on, and the syntax error is the one to fix first.
fn syntax_error(path: &Path, text: &str) -> Option<Diagnostic> {
    serde_yaml::from_str::<serde_yaml::Value>(text)
        .err()
        .map(|e| yaml_diagnostic(path, &e))
}

pub fn yaml_diagnostic(path: &Path, error: &serde_yaml::Error) -> Diagnostic {
    let message = without_first_location(&error.to_string());
    let hint = yaml_hint(&message);
    let mut diagnostic = Diagnostic::error(message).in_file(path);
    if let Some(location) = error.location() {
        diagnostic = diagnostic.at(location.line(), location.column());
    }
    match hint {
        Some(hint) => diagnostic.with_hint(hint),
        None => diagnostic,
    }
}

/// The message without its first " at line L column C" (the diagnostic carries it), keeping
/// any later context such as ", while parsing a flow sequence at line 3 column 11".
fn without_first_location(message: &str) -> String {
    let Some(start) = message.find(" at line ") else {
        return message.to_string();
    };
    let rest = &message[start + " at line ".len()..];
    let end = rest
        .find(" column ")
        .map(|c| {
            let digits = rest[c + " column ".len()..]
                .find(|ch: char| !ch.is_ascii_digit())
                .unwrap_or(rest.len() - c - " column ".len());
            c + " column ".len() + digits
        })
        .unwrap_or(0);
    format!("{}{}", &message[..start], &rest[end..])
}

fn yaml_hint(message: &str) -> Option<String> {
    if let Some(rest) = message.split("unknown field `").nth(1) {
        let field = rest.split('`').next().unwrap_or_default();
        let expected: Vec<&str> = message
            .split("expected one of ")
            .nth(1)
            .map(|list| list.split(", ").map(|s| s.trim_matches('`')).collect())
            .or_else(|| {
                message
                    .split("expected `")
                    .nth(1)
                    .map(|one| vec![one.trim_end_matches('`')])
            })
            .unwrap_or_default();
        return Some(
            match crate::suggest::did_you_mean(field, expected.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => "remove the key or check its spelling against docs/FORMAT.md".to_string(),
            },
        );
    }
    if message.contains("missing field") {
        return Some("add the key; docs/FORMAT.md lists the keys each item needs".to_string());
    }
    if message.contains("level") && message.contains("expected u8") {
        return Some("use a level from 0 (no exposure) to 5 (expert)".to_string());
    }
    if message.contains("invalid type") || message.contains("invalid value") {
        return Some("docs/FORMAT.md gives the type of every key".to_string());
    }
    if message.contains("unknown variant") {
        return Some("use one of the values listed".to_string());
    }
    if message.contains("did not find expected")
        || message.contains("while parsing")
        || message.contains("while scanning")
        || message.contains("mapping values are not allowed")
    {
        return Some(
            "a YAML syntax error: check the brackets, quotes and indentation here and just above"
                .to_string(),
        );
    }
    if message.contains("recursion limit") || message.contains("repetition limit") {
        return Some(
            "the file nests or repeats aliases too deeply to be a framework; flatten it"
                .to_string(),
        );
    }
    None
}

/// Parses a fragment. When it does not match the format, the items that do are kept and each
/// item that does not gets its own diagnostic, so one mistake does not hide the others (nor
/// make every reference to the file's ids look broken).
fn parse_fragment(path: &Path, text: &str) -> (Fragment, Vec<Diagnostic>, Vec<String>) {
    if let Err(refused) = guard(path, text) {
        return (Fragment::default(), vec![refused], Vec::new());
    }
    // Most files are plain YAML the fast reader takes; anything else, and every error, goes
    // through yaml_serde below exactly as before.
    if let Some(fragment) = crate::yaml_fast::from_str::<Fragment>(text) {
        return (fragment, Vec::new(), Vec::new());
    }
    let primary = match serde_yaml::from_str::<Fragment>(text) {
        Ok(fragment) => return (fragment, Vec::new(), Vec::new()),
        Err(e) => yaml_diagnostic(path, &e),
    };
    // Not valid YAML at all: the parser's one error is all there is to say.
    let top = match serde_yaml::from_str::<serde_yaml::Value>(text) {
        Ok(serde_yaml::Value::Mapping(top)) => top,
        Ok(_) => return (Fragment::default(), vec![primary], Vec::new()),
        Err(e) => {
            return (
                Fragment::default(),
                vec![yaml_diagnostic(path, &e)],
                Vec::new(),
            )
        }
    };
    let mut salvage = Salvage {
        path,
        text,
        primary: Some(primary),
        diagnostics: Vec::new(),
        unreadable: Vec::new(),
        failures: 0,
    };
    let mut fragment = Fragment::default();
    const KEYS: [&str; 4] = ["skills", "roles", "pathways", "resources"];
    for (key, items) in top {
        match key.as_str() {
            Some("skills") => salvage.items::<Skill>("skills", items, &mut fragment.skills),
            Some("roles") => salvage.items::<Role>("roles", items, &mut fragment.roles),
            Some("pathways") => salvage.items::<Pathway>("pathways", items, &mut fragment.pathways),
            Some("resources") => {
                salvage.items::<Resource>("resources", items, &mut fragment.resources)
            }
            other => {
                let key = other.map_or_else(|| format!("{key:?}"), str::to_string);
                let hint = match crate::suggest::did_you_mean(&key, KEYS.iter().copied()) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => "a fragment holds only skills, roles, pathways and resources".into(),
                };
                let fallback = Diagnostic::error(format!(
                    "unknown field `{key}`, expected one of `skills`, `roles`, `pathways`, `resources`"
                ))
                .with_hint(hint);
                salvage.report(fallback, &format!("{key}:"), None);
            }
        }
    }
    if salvage.failures >= super::check::MAX_REPORTED {
        salvage.diagnostics.push(
            Diagnostic::error(format!(
                "{} items in this file do not match the format; the rest of it was not checked",
                salvage.failures
            ))
            .in_file(path)
            .with_hint("fix the problems above and run validate again".to_string()),
        );
    }
    // The typed parse and the salvage should agree; if they do not, the parser's word stands.
    if let Some(primary) = salvage.primary.take() {
        salvage.diagnostics.insert(0, primary);
    }
    (fragment, salvage.diagnostics, salvage.unreadable)
}

struct Salvage<'a> {
    path: &'a Path,
    text: &'a str,
    /// The typed parse's error, which has the exact location: used for the first problem.
    primary: Option<Diagnostic>,
    diagnostics: Vec<Diagnostic>,
    unreadable: Vec<String>,
    /// Items that did not match; past `MAX_REPORTED` the rest of the file is left alone.
    failures: usize,
}

impl Salvage<'_> {
    fn items<T: serde::de::DeserializeOwned>(
        &mut self,
        key: &str,
        items: serde_yaml::Value,
        out: &mut Vec<T>,
    ) {
        let serde_yaml::Value::Sequence(items) = items else {
            let fallback = Diagnostic::error(format!("`{key}` must be a list of items"))
                .with_hint(format!("write each item as `- id: ...` under `{key}:`"));
            self.report(fallback, &format!("{key}:"), None);
            return;
        };
        for item in items {
            if self.failures >= super::check::MAX_REPORTED {
                return;
            }
            let id = item.get("id").and_then(|v| v.as_str()).map(str::to_string);
            match serde_yaml::from_value::<T>(item) {
                Ok(parsed) => out.push(parsed),
                Err(e) => {
                    self.failures += 1;
                    let message = e.to_string();
                    let hint = yaml_hint(&message);
                    let kind = key.trim_end_matches('s');
                    let mut fallback = Diagnostic::error(match &id {
                        Some(id) => format!("{kind} '{id}': {message}"),
                        None => format!("a {kind} without an id: {message}"),
                    });
                    if let Some(hint) = hint {
                        fallback = fallback.with_hint(hint);
                    }
                    self.report(fallback, &format!("{key}:"), id.as_deref());
                    if let Some(id) = id {
                        self.unreadable.push(id);
                    }
                }
            }
        }
    }

    /// The first problem takes the parser's own diagnostic; later ones point at the value the
    /// message names within the item with that `id:`, else at the `id:` line, else at the
    /// line that starts with `needle`.
    fn report(&mut self, fallback: Diagnostic, needle: &str, id: Option<&str>) {
        if let Some(primary) = self.primary.take() {
            self.diagnostics.push(primary);
            return;
        }
        let mut diagnostic = fallback.in_file(self.path);
        // Locating scans the file; past the report's size, later problems are only counted.
        if self.diagnostics.len() >= super::check::MAX_REPORTED {
            self.diagnostics.push(diagnostic);
            return;
        }
        let lines: Vec<&str> = self.text.lines().collect();
        let indentation = |line: &str| line.len() - line.trim_start().len();
        let found = match id {
            Some(id) => lines
                .iter()
                .position(|line| declared_id(line) == Some(id))
                .map(|start| {
                    let end = (start + 1..lines.len())
                        .find(|&n| {
                            declared_id(lines[n]).is_some()
                                && indentation(lines[n]) <= indentation(lines[start])
                        })
                        .unwrap_or(lines.len());
                    let named = named_value(&diagnostic.message);
                    named
                        .and_then(|named| {
                            (start..end).find_map(|n| {
                                let byte = lines[n].find(&named)?;
                                Some((n, lines[n][..byte].chars().count()))
                            })
                        })
                        .unwrap_or((start, indentation(lines[start])))
                }),
            None => lines
                .iter()
                .position(|line| line.trim_start().starts_with(needle))
                .map(|n| (n, indentation(lines[n]))),
        };
        if let Some((line, column)) = found {
            diagnostic = diagnostic.at(line + 1, column + 1);
        }
        self.diagnostics.push(diagnostic);
    }
}

/// The text a serde message names, to find it in the file: the key of an unknown field
/// (`titel:`), an unknown variant, or the value of the wrong type.
fn named_value(message: &str) -> Option<String> {
    let backticked = |after: &str| {
        message
            .split(after)
            .nth(1)?
            .split('`')
            .nth(1)
            .map(str::to_string)
    };
    if let Some(field) = backticked("unknown field") {
        return Some(format!("{field}:"));
    }
    if let Some(variant) = backticked("unknown variant") {
        return Some(variant);
    }
    if let Some(rest) = message.split("invalid type: string \"").nth(1) {
        return rest.split('"').next().map(str::to_string);
    }
    backticked("invalid value: integer")
}

/// The YAML files a load of `path` reads: every `.yaml`/`.yml` below a folder (as
/// [`load_path`] finds them), or the file itself. For the compiled cache's fingerprint.
pub fn yaml_paths(path: &Path) -> std::io::Result<Vec<PathBuf>> {
    if path.is_dir() {
        yaml_files(path)
    } else if path.exists() {
        Ok(vec![path.to_path_buf()])
    } else {
        Err(std::io::ErrorKind::NotFound.into())
    }
}

/// All `.yaml`/`.yml` files below `dir`, sorted so loading is deterministic. Hidden entries
/// (`.git`, editor files) are skipped, and symbolic links to folders are not followed, so a
/// link cycle cannot make the walk endless.
fn yaml_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![(dir.to_path_buf(), 0)];
    while let Some((folder, depth)) = pending.pop() {
        for entry in std::fs::read_dir(&folder)? {
            let entry = entry?;
            let path = entry.path();
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            if entry.file_type()?.is_dir() {
                if depth < MAX_FOLDER_DEPTH {
                    pending.push((path, depth + 1));
                }
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml")
            ) {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Whether `path` is a framework of its own (a folder with a `framework.yaml`, or that file
/// alone), which replaces the embedded framework rather than adding to it.
pub fn is_whole_framework(path: &Path) -> bool {
    if path.is_dir() {
        path.join("framework.yaml").is_file()
    } else {
        path.file_name()
            .is_some_and(|name| name == "framework.yaml")
    }
}

/// Loads a framework folder (or a single fragment file). Without a `framework.yaml` at the
/// top of the folder, the items are laid over `base`.
pub fn load_path(path: &Path, base: Option<&FrameworkData>) -> Loaded {
    let mut loaded = Loaded::empty();
    let paths = if path.is_dir() {
        match yaml_files(path) {
            Ok(paths) => paths,
            Err(e) => {
                loaded.diagnostics.push(
                    Diagnostic::error(format!("cannot read the folder: {e}"))
                        .in_file(path)
                        .with_hint("check the path and its permissions".to_string()),
                );
                return loaded;
            }
        }
    } else if path.exists() {
        vec![path.to_path_buf()]
    } else {
        loaded.diagnostics.push(
            Diagnostic::error("no such file or folder".to_string())
                .in_file(path)
                .with_hint(
                    "give the folder that holds framework.yaml and the other YAML files"
                        .to_string(),
                ),
        );
        return loaded;
    };
    if paths.is_empty() {
        loaded.diagnostics.push(
            Diagnostic::error("no YAML files found".to_string())
                .in_file(path)
                .with_hint("a framework folder holds framework.yaml and *.yaml fragments; `pathway export-framework DIR` writes one to start from".to_string()),
        );
        return loaded;
    }
    // Files over the per-file limit are refused one by one, with their names.
    let total: u64 = paths
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .filter(|&len| len <= MAX_FILE_BYTES)
        .sum();
    if total > MAX_TOTAL_BYTES {
        loaded.diagnostics.push(
            Diagnostic::error(format!(
                "the YAML files hold {total} bytes, over the limit of {} MiB for a framework",
                MAX_TOTAL_BYTES / (1024 * 1024)
            ))
            .in_file(path)
            .with_hint(
                "check that the folder holds only the framework (see docs/FORMAT.md, Limits)"
                    .to_string(),
            ),
        );
        return loaded;
    }

    let whole = is_whole_framework(path);
    let top_manifest = path.join("framework.yaml");
    let mut manifest = None;
    let mut fragments = Vec::new();
    for file in paths {
        if whole && (file == top_manifest || file == path) {
            let text = read_text(&file);
            manifest = Some((file, text));
        } else {
            // Read where it is parsed, on every core.
            fragments.push((file, None));
        }
    }
    assemble(loaded, path, manifest, fragments, base)
}

/// Lays one fragment's text over `base`, as `load_path` does for a folder without
/// framework.yaml. No file is read: for tests and fuzzing.
pub fn load_fragment_text(path: &Path, text: &str, base: &FrameworkData) -> Loaded {
    assemble(
        Loaded::empty(),
        path,
        None,
        vec![(path.to_path_buf(), Some(Ok(text.to_string())))],
        Some(base),
    )
}

/// Reads a framework.yaml's text alone, as a whole framework with no items. No file is
/// read: for tests and fuzzing.
pub fn load_manifest_text(path: &Path, text: &str) -> Loaded {
    let folder = path.parent().unwrap_or(Path::new("."));
    assemble(
        Loaded::empty(),
        folder,
        Some((path.to_path_buf(), Ok(text.to_string()))),
        Vec::new(),
        None,
    )
}

impl Loaded {
    fn empty() -> Loaded {
        Loaded {
            data: None,
            files: Vec::new(),
            origins: Origins::default(),
            diagnostics: Vec::new(),
            unreadable_ids: BTreeSet::new(),
            stand_in_manifest: false,
        }
    }
}

/// A fragment's text given by the caller (or the error reading it), or `None` to read it from
/// its file.
type FragmentText = Option<Result<String, Diagnostic>>;

/// Builds the framework from the manifest's text, if the folder has one, then every fragment
/// in order: from its text, or read from its file.
fn assemble(
    mut loaded: Loaded,
    root: &Path,
    manifest: Option<(PathBuf, Result<String, Diagnostic>)>,
    fragments: Vec<(PathBuf, FragmentText)>,
    base: Option<&FrameworkData>,
) -> Loaded {
    let top_manifest = root.join("framework.yaml");
    let mut data = match (&manifest, base) {
        (Some(_), _) => None,
        (None, Some(base)) => {
            let data = base.clone();
            loaded.origins.skills = vec![None; data.skills.len()];
            loaded.origins.roles = vec![None; data.roles.len()];
            loaded.origins.pathways = vec![None; data.pathways.len()];
            loaded.origins.resources = vec![None; data.resources.len()];
            Some(data)
        }
        (None, None) => {
            loaded.diagnostics.push(
                Diagnostic::error("no framework.yaml in this folder".to_string())
                    .in_file(root)
                    .with_hint("add a framework.yaml (see docs/FORMAT.md) or load it as an overlay with --data".to_string()),
            );
            None
        }
    };

    // The manifest first, so fragments have something to land in.
    if let Some((manifest_file, text)) = manifest {
        let manifest = match text {
            Err(d) => {
                loaded.diagnostics.push(d);
                None
            }
            Ok(text) => {
                let manifest = if text.trim().is_empty() {
                    loaded.diagnostics.push(
                        Diagnostic::error("framework.yaml is empty".to_string())
                            .in_file(&manifest_file)
                            .with_hint("see docs/FORMAT.md for the keys it needs".to_string()),
                    );
                    None
                } else {
                    match parse_yaml::<Manifest>(&manifest_file, &text) {
                        Ok(manifest) => Some(manifest),
                        Err(d) => {
                            loaded.diagnostics.push(d);
                            None
                        }
                    }
                };
                loaded.origins.manifest = Some(loaded.files.len());
                loaded.files.push(SourceFile {
                    path: manifest_file,
                    text,
                });
                manifest
            }
        };
        // Without a readable manifest the items are still checked, against a stand-in.
        let manifest = manifest.or_else(|| {
            loaded.stand_in_manifest = true;
            stand_in_manifest()
        });
        data = manifest.map(|manifest| FrameworkData {
            manifest,
            skills: Vec::new(),
            roles: Vec::new(),
            pathways: Vec::new(),
            resources: Vec::new(),
        });
    }

    // Fragments are read and parsed on every core (parsing YAML is most of the cost of a
    // large framework, reading 50 MB a tenth of it), then merged in file order, so the result
    // does not depend on timing.
    let is_manifest = |file: &Path| file.file_name().is_some_and(|n| n == "framework.yaml");
    let parsed = crate::parallel::map(&fragments, 2, |(file, text)| {
        let text = match text {
            Some(text) => text.clone(), // a text given by a test: one small copy
            None => read_text(file),
        };
        let parsed = match &text {
            Ok(text) if !is_manifest(file) && !text.trim().is_empty() => {
                Some(parse_fragment(file, text))
            }
            _ => None,
        };
        (text, parsed)
    });
    for ((file, _), (text, parsed)) in fragments.into_iter().zip(parsed) {
        let text = match text {
            Ok(text) => text,
            Err(d) => {
                loaded.diagnostics.push(d);
                continue;
            }
        };
        let file_index = loaded.files.len();
        if is_manifest(&file) {
            loaded.diagnostics.push(
                Diagnostic::error(
                    "framework.yaml belongs at the top of the framework folder".to_string(),
                )
                .in_file(&file)
                .with_hint(format!(
                    "move it to {}, or rename it if it holds skills, roles, pathways or resources",
                    top_manifest.display()
                )),
            );
        } else if text.trim().is_empty() {
            loaded.diagnostics.push(
                Diagnostic::warning("file is empty; nothing loaded from it".to_string())
                    .in_file(&file),
            );
        } else if let Some((fragment, diagnostics, unreadable)) = parsed {
            loaded.diagnostics.extend(diagnostics);
            loaded.unreadable_ids.extend(unreadable);
            if let Some(data) = data.as_mut() {
                merge(data, &mut loaded.origins, fragment, file_index);
            }
        }
        loaded.files.push(SourceFile { path: file, text });
    }
    loaded.data = data;
    loaded
}

/// The embedded framework's manifest, decoded once: the stand-in for an unreadable one.
fn stand_in_manifest() -> Option<Manifest> {
    static EMBEDDED: std::sync::OnceLock<Option<Manifest>> = std::sync::OnceLock::new();
    EMBEDDED
        .get_or_init(|| {
            super::Framework::embedded()
                .ok()
                .map(|f| f.manifest().clone())
        })
        .clone()
}

/// Adds a fragment's items. An item whose id came from the base (embedded) framework replaces
/// it; a second definition within the loaded files is kept, so `check` reports the duplicate.
fn merge(data: &mut FrameworkData, origins: &mut Origins, fragment: Fragment, file: usize) {
    fn lay<T>(
        items: &mut Vec<T>,
        origins: &mut Vec<Option<usize>>,
        new: Vec<T>,
        file: usize,
        id: impl Fn(&T) -> &str,
    ) {
        if new.is_empty() {
            return;
        }
        // Items still from the base: none in a folder with its own framework.yaml, and then
        // no map is built (building it for every file made loading quadratic in the files).
        let from_base: HashMap<String, usize> =
            if origins.len() >= items.len() && origins.iter().all(Option::is_some) {
                HashMap::new()
            } else {
                items
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| origins.get(*i).copied().flatten().is_none())
                    .map(|(i, item)| (id(item).to_string(), i))
                    .collect()
            };
        for item in new {
            match from_base.get(id(&item)) {
                Some(&i) if origins[i].is_none() => {
                    items[i] = item;
                    origins[i] = Some(file);
                }
                _ => {
                    items.push(item);
                    origins.push(Some(file));
                }
            }
        }
    }
    lay(
        &mut data.skills,
        &mut origins.skills,
        fragment.skills,
        file,
        |s| &s.id,
    );
    lay(
        &mut data.roles,
        &mut origins.roles,
        fragment.roles,
        file,
        |r| &r.id,
    );
    lay(
        &mut data.pathways,
        &mut origins.pathways,
        fragment.pathways,
        file,
        |p| &p.id,
    );
    lay(
        &mut data.resources,
        &mut origins.resources,
        fragment.resources,
        file,
        |r| &r.id,
    );
}

impl Loaded {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}
