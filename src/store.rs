//! Where assessments live on disk, written atomically and never overwritten.
//!
//! Layout under the home folder (`PATHWAY_HOME`, else the platform data directory):
//! `assessments/<person>/<timestamp>-<rater>-<target>[-<n>].yaml`, and one draft per person in
//! `drafts/<person>.yaml` while an interactive assessment is under way.

use crate::assessment::Assessment;
use anyhow::{Context as _, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// A saved assessment and the file it came from.
#[derive(Debug, Clone)]
pub struct Saved {
    pub path: PathBuf,
    pub assessment: Assessment,
}

/// A file under the store that could not be read as an assessment; reported, never touched.
#[derive(Debug, Clone)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

pub struct Store {
    root: PathBuf,
}

/// A person's name as a safe file-name component.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '.' || c == '_' {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_matches(|c| c == '-' || c == '.').to_string();
    if trimmed.is_empty() {
        "unnamed".to_string()
    } else {
        trimmed
    }
}

impl Store {
    pub fn new(root: PathBuf) -> Store {
        Store { root }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn assessments_dir(&self) -> PathBuf {
        self.root.join("assessments")
    }

    pub fn draft_path(&self, person: &str) -> PathBuf {
        self.root
            .join("drafts")
            .join(format!("{}.yaml", slug(person)))
    }

    /// Saves a new assessment under a fresh name; two runs at once both keep their file.
    pub fn save(&self, assessment: &Assessment) -> Result<PathBuf> {
        let dir = self.assessments_dir().join(slug(&assessment.person));
        let stem = format!(
            "{}-{}-{}",
            assessment.created.format("%Y%m%dT%H%M%SZ"),
            serde_yaml::to_string(&assessment.rater)?.trim(),
            slug(&assessment.to)
        );
        let text = assessment.to_yaml()?;
        write_new(&dir, &stem, &text)
    }

    /// Writes (or replaces) the person's draft atomically.
    pub fn save_draft(&self, assessment: &Assessment) -> Result<PathBuf> {
        let path = self.draft_path(&assessment.person);
        write_atomic(&path, &assessment.to_yaml()?)?;
        Ok(path)
    }

    pub fn load_draft(&self, person: &str) -> Result<Option<(PathBuf, Assessment)>> {
        let path = self.draft_path(person);
        if !path.exists() {
            return Ok(None);
        }
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        Ok(Some((path.clone(), Assessment::from_yaml(&path, &text)?)))
    }

    pub fn remove_draft(&self, person: &str) -> Result<()> {
        let path = self.draft_path(person);
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(e).with_context(|| format!("cannot remove the draft {}", path.display()))
            }
            _ => Ok(()),
        }
    }

    /// Every saved assessment (of one person, if given), newest first, and the files skipped.
    pub fn list(&self, person: Option<&str>) -> Result<(Vec<Saved>, Vec<Skipped>)> {
        let base = self.assessments_dir();
        let dirs: Vec<PathBuf> = match person {
            Some(p) => vec![base.join(slug(p))],
            None => match std::fs::read_dir(&base) {
                Ok(entries) => entries
                    .filter_map(|e| e.ok())
                    .map(|e| e.path())
                    .filter(|p| p.is_dir())
                    .collect(),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
                Err(e) => return Err(e).with_context(|| format!("cannot read {}", base.display())),
            },
        };
        let mut files = Vec::new();
        for dir in dirs {
            let entries = match std::fs::read_dir(&dir) {
                Ok(entries) => entries,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(e).with_context(|| format!("cannot read {}", dir.display())),
            };
            files.extend(
                entries
                    .filter_map(|e| e.ok())
                    .map(|entry| entry.path())
                    .filter(|path| path.extension().and_then(|e| e.to_str()) == Some("yaml")),
            );
        }
        // Parsing is most of the work of `history`; a long history is parsed on every core.
        let read = crate::parallel::map(&files, 32, |path| read_assessment(path));
        let mut saved = Vec::new();
        let mut skipped = Vec::new();
        for (path, result) in files.into_iter().zip(read) {
            match result {
                Ok(assessment) => saved.push(Saved { path, assessment }),
                Err(reason) => skipped.push(Skipped { path, reason }),
            }
        }
        // Newest first; the file name breaks ties so the order is stable.
        saved.sort_by(|a, b| {
            b.assessment
                .created
                .cmp(&a.assessment.created)
                .then(b.path.cmp(&a.path))
        });
        skipped.sort_by(|a, b| a.path.cmp(&b.path));
        Ok((saved, skipped))
    }
}

/// Reads one assessment file, with a reason when it cannot be used.
pub fn read_assessment(path: &Path) -> Result<Assessment, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() > crate::assessment::MAX_RATINGS_BYTES {
        return Err(format!(
            "{} bytes, over the size limit for an assessment",
            bytes.len()
        ));
    }
    let text = String::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_string())?;
    Assessment::from_yaml(path, &text).map_err(|e| e.to_string())
}

/// Writes `text` to `dir/<stem>.yaml`, or `<stem>-2.yaml` … when taken, never replacing a file.
fn write_new(dir: &Path, stem: &str, text: &str) -> Result<PathBuf> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut temp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    temp.write_all(text.as_bytes())?;
    temp.as_file().sync_all()?;
    let mut attempt = 1;
    loop {
        let name = if attempt == 1 {
            format!("{stem}.yaml")
        } else {
            format!("{stem}-{attempt}.yaml")
        };
        let path = dir.join(name);
        match temp.persist_noclobber(&path) {
            Ok(_) => return Ok(path),
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists && attempt < 1000 => {
                temp = e.file;
                attempt += 1;
            }
            Err(e) => {
                return Err(e.error).with_context(|| format!("cannot write {}", path.display()))
            }
        }
    }
}

/// Replaces `path` with `text` atomically: a temporary file in the same folder, then a rename.
pub fn write_atomic(path: &Path, text: &str) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut temp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    temp.write_all(text.as_bytes())?;
    temp.as_file().sync_all()?;
    temp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}
