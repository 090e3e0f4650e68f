//! Reading a framework from a folder of YAML files (`--data DIR`, `pathway validate DIR`).
//!
//! A folder with a `framework.yaml` is a whole framework and replaces the embedded one. A
//! folder without one is an overlay: its skills, roles, pathways and resources are added to
//! the embedded framework, replacing any item with the same id.

use super::check::{Diagnostic, Severity};
use super::model::{Fragment, FrameworkData, Manifest};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Largest YAML file read, in bytes. Larger files are refused before parsing.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

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

/// The result of loading: the data (if the manifest could be had), the files read, where each
/// item came from, and every problem met on the way.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub data: Option<FrameworkData>,
    pub files: Vec<SourceFile>,
    pub origins: Origins,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads a YAML file as text, refusing what is too large or not UTF-8.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let file_diag = |message: String, hint: &str| {
        Diagnostic::error(message)
            .in_file(path)
            .with_hint(hint.to_string())
    };
    let meta = std::fs::metadata(path).map_err(|e| {
        file_diag(
            format!("cannot read: {e}"),
            "check the path and its permissions",
        )
    })?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(file_diag(
            format!(
                "file is {} MiB, over the limit of {} MiB",
                meta.len() / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            "split it into several files in the same folder",
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        file_diag(
            format!("cannot read: {e}"),
            "check the path and its permissions",
        )
    })?;
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
    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, column)
}

/// Parses YAML text into `T`, turning a parse error into a diagnostic with line and column.
pub fn parse_yaml<T: serde::de::DeserializeOwned>(
    path: &Path,
    text: &str,
) -> Result<T, Diagnostic> {
    serde_yaml::from_str(text).map_err(|e| yaml_diagnostic(path, &e))
}

pub fn yaml_diagnostic(path: &Path, error: &serde_yaml::Error) -> Diagnostic {
    let message = error.to_string();
    // The location is also at the end of the message; keep only the description.
    let message = match message.find(" at line ") {
        Some(cut) => message[..cut].to_string(),
        None => message,
    };
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
    if message.contains("unknown variant") {
        return Some("use one of the values listed".to_string());
    }
    if message.contains("recursion limit") || message.contains("repetition limit") {
        return Some(
            "the file nests or repeats aliases too deeply to be a framework; flatten it"
                .to_string(),
        );
    }
    None
}

/// The YAML files a load of `path` reads: every `.yaml`/`.yml` below a folder, or the file.
pub fn yaml_paths(path: &Path) -> std::io::Result<Vec<PathBuf>> {
    if path.is_dir() {
        yaml_files(path)
    } else if path.exists() {
        Ok(vec![path.to_path_buf()])
    } else {
        Err(std::io::ErrorKind::NotFound.into())
    }
}

/// All `.yaml`/`.yml` files below `dir`, sorted so loading is deterministic.
fn yaml_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder)? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
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

/// Loads a framework folder (or a single fragment file). Without a `framework.yaml`, the
/// items are laid over `base`.
pub fn load_path(path: &Path, base: Option<&FrameworkData>) -> Loaded {
    let mut loaded = Loaded {
        data: None,
        files: Vec::new(),
        origins: Origins::default(),
        diagnostics: Vec::new(),
    };
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

    let manifest_path = paths
        .iter()
        .position(|p| p.file_name().is_some_and(|n| n == "framework.yaml"));
    let mut data = match (manifest_path, base) {
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
                    .in_file(path)
                    .with_hint("add a framework.yaml (see docs/FORMAT.md) or load it as an overlay with --data".to_string()),
            );
            None
        }
    };

    // The manifest first, so fragments have something to land in.
    if let Some(index) = manifest_path {
        let manifest_file = &paths[index];
        match read_text(manifest_file) {
            Err(d) => loaded.diagnostics.push(d),
            Ok(text) => {
                if text.trim().is_empty() {
                    loaded.diagnostics.push(
                        Diagnostic::error("framework.yaml is empty".to_string())
                            .in_file(manifest_file)
                            .with_hint("see docs/FORMAT.md for the keys it needs".to_string()),
                    );
                } else {
                    match parse_yaml::<Manifest>(manifest_file, &text) {
                        Ok(manifest) => {
                            data = Some(FrameworkData {
                                manifest,
                                skills: Vec::new(),
                                roles: Vec::new(),
                                pathways: Vec::new(),
                                resources: Vec::new(),
                            });
                            loaded.origins.manifest = Some(loaded.files.len());
                        }
                        Err(d) => loaded.diagnostics.push(d),
                    }
                }
                loaded.files.push(SourceFile {
                    path: manifest_file.clone(),
                    text,
                });
            }
        }
    }

    // Fragments are parsed on every core (YAML parsing is most of the cost of a large
    // framework), then merged in file order so the result does not depend on timing.
    let fragments: Vec<&PathBuf> = paths
        .iter()
        .enumerate()
        .filter(|(position, _)| Some(*position) != manifest_path)
        .map(|(_, file)| file)
        .collect();
    for (file, read) in fragments.iter().zip(parse_fragments(&fragments)) {
        let (text, parsed) = match read {
            Ok(read) => read,
            Err(d) => {
                loaded.diagnostics.push(d);
                continue;
            }
        };
        let file_index = loaded.files.len();
        match parsed {
            None => loaded.diagnostics.push(
                Diagnostic::warning("file is empty; nothing loaded from it".to_string())
                    .in_file(file),
            ),
            Some(Ok(fragment)) => {
                if let Some(data) = data.as_mut() {
                    merge(data, &mut loaded.origins, fragment, file_index);
                }
            }
            Some(Err(d)) => loaded.diagnostics.push(d),
        }
        loaded.files.push(SourceFile {
            path: file.to_path_buf(),
            text,
        });
    }
    loaded.data = data;
    loaded
}

/// A fragment file read and parsed: its text, and the fragment (`None` for an empty file).
type ParsedFragment = Result<(String, Option<Result<Fragment, Diagnostic>>), Diagnostic>;

fn parse_fragment(file: &Path) -> ParsedFragment {
    let text = read_text(file)?;
    let parsed = if text.trim().is_empty() {
        None
    } else {
        Some(parse_yaml::<Fragment>(file, &text))
    };
    Ok((text, parsed))
}

/// Reads and parses `files` on every core; results in the order of `files`.
fn parse_fragments(files: &[&PathBuf]) -> Vec<ParsedFragment> {
    crate::parallel::map(files, 2, |file| parse_fragment(file))
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
        let from_base: HashMap<String, usize> = items
            .iter()
            .enumerate()
            .filter(|(i, _)| origins.get(*i).copied().flatten().is_none())
            .map(|(i, item)| (id(item).to_string(), i))
            .collect();
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
