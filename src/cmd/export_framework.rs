//! `pathway export-framework DIR [--force]`: writes the embedded framework as YAML files, the
//! natural start for an organisation's own. The files load back (`--data DIR`) as exactly the
//! embedded framework, in the same order, and `pathway validate DIR` passes them.

use crate::cli::Format;
use crate::context::{emit, Context};
use crate::error::Invalid;
use crate::framework::{Fragment, Framework, FrameworkData};
use crate::render;
use anyhow::{Context as _, Result};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// One file to write: its path under DIR and its text.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportFile {
    pub name: &'static str,
    pub items: usize,
    pub text: String,
}

#[derive(Serialize)]
struct FileRow {
    path: String,
    items: usize,
}

#[derive(Serialize)]
struct ExportView<'a> {
    dir: String,
    framework: &'a str,
    version: &'a str,
    files: Vec<FileRow>,
}

/// The framework as files: `framework.yaml` and one file per collection, so the order of
/// items (which decides, for example, which resource a plan offers first) survives the trip.
pub fn export_files(data: &FrameworkData) -> Result<Vec<ExportFile>> {
    let banner = |what: &str| {
        format!(
            "# {what} of the framework '{}' {}, exported by pathway {}.\n\
             # Edit freely; `pathway validate <DIR>` checks it. Format: docs/FORMAT.md.\n",
            data.manifest.id,
            data.manifest.version,
            env!("CARGO_PKG_VERSION")
        )
    };
    let fragment = |fragment: Fragment| -> Result<String> {
        let mut value = serde_yaml::to_value(&fragment)?;
        if let serde_yaml::Value::Mapping(map) = &mut value {
            // A fragment names only its own collection.
            map.retain(|_, items| items.as_sequence().is_some_and(|s| !s.is_empty()));
            for (key, items) in map.iter_mut() {
                if let Some(items) = items.as_sequence_mut() {
                    for item in items {
                        match key.as_str() {
                            Some("skills") => tidy::<crate::framework::Skill>(item),
                            Some("roles") => tidy::<crate::framework::Role>(item),
                            Some("pathways") => tidy::<crate::framework::Pathway>(item),
                            _ => tidy::<crate::framework::Resource>(item),
                        }
                    }
                }
            }
        }
        Ok(serde_yaml::to_string(&value)?)
    };
    let mut manifest = serde_yaml::to_value(&data.manifest)?;
    tidy::<crate::framework::Manifest>(&mut manifest);
    Ok(vec![
        ExportFile {
            name: "framework.yaml",
            items: 1,
            text: banner("Manifest") + &serde_yaml::to_string(&manifest)?,
        },
        ExportFile {
            name: "skills.yaml",
            items: data.skills.len(),
            text: banner("Skills")
                + &fragment(Fragment {
                    skills: data.skills.clone(),
                    ..Fragment::default()
                })?,
        },
        ExportFile {
            name: "roles.yaml",
            items: data.roles.len(),
            text: banner("Roles")
                + &fragment(Fragment {
                    roles: data.roles.clone(),
                    ..Fragment::default()
                })?,
        },
        ExportFile {
            name: "pathways.yaml",
            items: data.pathways.len(),
            text: banner("Learning pathways")
                + &fragment(Fragment {
                    pathways: data.pathways.clone(),
                    ..Fragment::default()
                })?,
        },
        ExportFile {
            name: "resources.yaml",
            items: data.resources.len(),
            text: banner("Resources (books, courses, certifications, projects)")
                + &fragment(Fragment {
                    resources: data.resources.clone(),
                    ..Fragment::default()
                })?,
        },
    ])
}

/// Drops keys that only repeat a default (`null`, `[]`, `{}`, `""`, `false`), recursively, so
/// the files read like hand-written ones. Each item is parsed back and compared: where
/// dropping a key would change it (the key is required, or its default differs), the item
/// is kept as it was.
fn tidy<T: DeserializeOwned + Serialize + PartialEq>(item: &mut serde_yaml::Value) {
    let Ok(original) = serde_yaml::from_value::<T>(item.clone()) else {
        return;
    };
    let mut tidied = item.clone();
    strip_defaults(&mut tidied);
    if serde_yaml::from_value::<T>(tidied.clone()).is_ok_and(|back| back == original) {
        *item = tidied;
    }
}

fn strip_defaults(value: &mut serde_yaml::Value) {
    use serde_yaml::Value;
    match value {
        Value::Mapping(map) => {
            map.retain(|_, v| {
                !matches!(v, Value::Null | Value::Bool(false))
                    && !v.as_sequence().is_some_and(|s| s.is_empty())
                    && !v.as_mapping().is_some_and(|m| m.is_empty())
                    && !v.as_str().is_some_and(str::is_empty)
            });
            for (_, v) in map.iter_mut() {
                strip_defaults(v);
            }
        }
        Value::Sequence(items) => items.iter_mut().for_each(strip_defaults),
        _ => {}
    }
}

pub fn run(context: &Context, dir: &Path, force: bool) -> Result<()> {
    let format = context.format(&[Format::Table, Format::Json])?;
    refuse_unless_empty(dir, force)?;
    let embedded = Framework::embedded_data()?;
    let files = export_files(&embedded)?;
    for file in &files {
        let path = dir.join(file.name);
        crate::store::write_atomic(&path, &file.text)
            .with_context(|| format!("cannot export the framework to {}", dir.display()))?;
        shareable(&path)?;
    }
    let view = ExportView {
        dir: dir.display().to_string(),
        framework: &embedded.manifest.id,
        version: &embedded.manifest.version,
        files: files
            .iter()
            .map(|f| FileRow {
                path: dir.join(f.name).display().to_string(),
                items: f.items,
            })
            .collect(),
    };
    let text = match format {
        Format::Json => render::json("export", &view)?,
        _ => {
            let rows = view
                .files
                .iter()
                .map(|f| vec![f.path.clone(), f.items.to_string()])
                .collect();
            let s = &context.style;
            let mut out = render::table(s, &["FILE", "ITEMS"], rows, &[1]);
            out.push_str(&format!(
                "Wrote the framework '{}' {} to {} ({} files).\n",
                view.framework,
                view.version,
                view.dir,
                view.files.len()
            ));
            out.push_str(&s.hint(&format!(
                "Next: edit the files, then `pathway validate {0}` and `pathway --data {0} roles`",
                view.dir
            )));
            out
        }
    };
    emit(&text)
}

/// The temporary file behind an atomic write is private (0600); a framework is meant to be
/// shared and committed, so give it the usual permissions.
fn shareable(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644))
            .with_context(|| format!("cannot set permissions on {}", path.display()))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Refuses a file, or a folder with anything in it unless `--force` (which replaces files of
/// the same name and leaves the others alone).
fn refuse_unless_empty(dir: &Path, force: bool) -> Result<(), Invalid> {
    if dir.exists() && !dir.is_dir() {
        return Err(
            Invalid::new(format!("{} exists and is not a folder", dir.display()))
                .hint("give a new or empty folder to export into"),
        );
    }
    let occupied: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries.filter_map(|e| e.ok()).map(|e| e.path()).collect(),
        Err(_) => Vec::new(),
    };
    if !occupied.is_empty() && !force {
        return Err(Invalid::new(format!(
            "{} is not empty ({} entries)",
            dir.display(),
            occupied.len()
        ))
        .hint("give a new or empty folder, or add --force to write framework.yaml, skills.yaml, roles.yaml, pathways.yaml and resources.yaml into it, replacing files of those names"));
    }
    Ok(())
}
