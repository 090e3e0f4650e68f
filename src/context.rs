//! What every command needs from its surroundings, decided once: the output format and style,
//! the framework (loaded lazily: `--version` and `completions` never pay for it), "today",
//! and where assessments live.

use crate::cli::{Format, GlobalArgs};
use crate::error::Invalid;
use crate::framework::{cache, check::Severity, load, Framework};
use crate::render::Style;
use anyhow::{Context as _, Result};
use chrono::NaiveDate;
use std::cell::OnceCell;
use std::io::Write;
use std::path::PathBuf;

/// Environment variable that pins "today" (YYYY-MM-DD) for reproducible output and tests.
pub const TODAY_VAR: &str = "PATHWAY_TODAY";
/// Environment variable for the folder where assessments are saved.
pub const HOME_VAR: &str = "PATHWAY_HOME";
/// Environment variable for a framework folder, as `--data` (the flag wins).
pub const DATA_VAR: &str = "PATHWAY_DATA";

pub struct Context {
    pub global: GlobalArgs,
    pub style: Style,
    framework: OnceCell<Framework>,
}

impl Context {
    pub fn new(mut global: GlobalArgs) -> Context {
        if global.data.is_none() {
            global.data = std::env::var_os(DATA_VAR)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from);
        }
        let style = Style::detect(global.color);
        Context {
            global,
            style,
            framework: OnceCell::new(),
        }
    }

    /// The requested format, checked against the ones this command can print.
    pub fn format(&self, supported: &[Format]) -> Result<Format, Invalid> {
        let format = self.global.format.unwrap_or(Format::Table);
        if supported.contains(&format) {
            Ok(format)
        } else {
            let names: Vec<String> = supported
                .iter()
                .map(|f| format!("{f:?}").to_lowercase())
                .collect();
            Err(Invalid::new(format!(
                "this command cannot print --format {}",
                format!("{format:?}").to_lowercase()
            ))
            .hint(format!("use one of: {}", names.join(", "))))
        }
    }

    /// The framework: `--data`/`PATHWAY_DATA` if given, else the embedded one.
    pub fn framework(&self) -> Result<&Framework> {
        if let Some(framework) = self.framework.get() {
            return Ok(framework);
        }
        let framework = match &self.global.data {
            None => Framework::embedded()?,
            Some(dir) => load_custom(dir)?,
        };
        Ok(self.framework.get_or_init(|| framework))
    }

    /// "Today": `PATHWAY_TODAY` if set, else the local date.
    pub fn today(&self) -> Result<NaiveDate> {
        today()
    }

    /// Where assessments are saved: `PATHWAY_HOME`, else the platform's data directory.
    pub fn home(&self) -> Result<PathBuf> {
        home()
    }
}

pub fn today() -> Result<NaiveDate> {
    match std::env::var(TODAY_VAR) {
        Ok(value) => crate::iso_date::parse(value.trim()).map_err(|_| {
            Invalid::new(format!("{TODAY_VAR}={value} is not a date"))
                .hint("use YYYY-MM-DD, e.g. 2027-01-15")
                .into()
        }),
        Err(_) => Ok(chrono::Local::now().date_naive()),
    }
}

pub fn home() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os(HOME_VAR).filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    dirs::data_dir().map(|d| d.join("pathway")).ok_or_else(|| {
        Invalid::new("cannot find a data directory on this platform")
            .hint(format!("set {HOME_VAR} to a folder for saved assessments"))
            .into()
    })
}

/// Loads `--data DIR`; any error-level problem stops the command with the full list. A folder
/// that loaded cleanly before and has not changed since comes from the compiled cache.
fn load_custom(dir: &std::path::Path) -> Result<Framework> {
    let fingerprint = cache::fingerprint(dir);
    if let Some(data) = fingerprint.and_then(|f| cache::read(dir, f)) {
        return Ok(Framework::new(data));
    }
    let base = if load::is_whole_framework(dir) {
        None
    } else {
        Some(Framework::embedded_data()?)
    };
    let loaded = load::load_path(dir, base.as_ref());
    let mut diagnostics = crate::framework::check::check_loaded(&loaded);
    crate::framework::check::sort(&mut diagnostics);
    let errors: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    if !errors.is_empty() || loaded.data.is_none() {
        let mut message = format!(
            "the framework in {} has {} problem{}:",
            dir.display(),
            errors.len(),
            if errors.len() == 1 { "" } else { "s" }
        );
        for d in errors.iter().take(20) {
            message.push_str(&format!("\n{d}"));
        }
        if errors.len() > 20 {
            message.push_str(&format!("\n... and {} more", errors.len() - 20));
        }
        return Err(Invalid::new(message)
            .hint(format!(
                "run `pathway validate {}` for the full report",
                dir.display()
            ))
            .into());
    }
    let data = loaded.data.context("framework did not load")?;
    if let Some(fingerprint) = fingerprint {
        cache::write(dir, fingerprint, &data);
    }
    Ok(Framework::new(data))
}

/// Writes a command's output to stdout in one go. A closed pipe surfaces as an io error
/// that `main` treats as a quiet success.
pub fn emit(text: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(())
}
