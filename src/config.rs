//! The user's settings: an optional `config.yaml` in the pathway home (`PATHWAY_HOME`, else the
//! platform data directory). Today it holds one thing, the name to assess by default:
//!
//! ```yaml
//! person: Ada Lovelace
//! ```

use crate::error::Invalid;
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Who `assess`, `plan`, `history` and `compare` mean when `--person` is not given.
    #[serde(default)]
    pub person: Option<String>,
}

pub fn config_path(home: &Path) -> PathBuf {
    home.join("config.yaml")
}

/// Reads `config.yaml` from the home folder; a missing file is an empty config.
pub fn load(home: &Path) -> Result<Config, Invalid> {
    let path = config_path(home);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(e) => return Err(Invalid::new(format!("{}: {e}", path.display()))),
    };
    if text.trim().is_empty() {
        return Ok(Config::default());
    }
    serde_yaml::from_str(&text).map_err(|e| {
        let location = e
            .location()
            .map(|l| format!(":{}:{}", l.line(), l.column()))
            .unwrap_or_default();
        Invalid::new(format!("{}{location}: {e}", path.display()))
            .hint("the config file holds one key, e.g. `person: Ada Lovelace`")
    })
}

/// The login name (`USER`, else `USERNAME`, else `LOGNAME`), or "me" when none is set.
pub fn login_name() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .filter_map(|var| std::env::var(var).ok())
        .map(|name| name.trim().to_string())
        .find(|name| !name.is_empty())
        .unwrap_or_else(|| "me".to_string())
}

/// The person to assess by default: the config's `person`, else the login name.
pub fn default_person(home: &Path) -> Result<String, Invalid> {
    Ok(load(home)?
        .person
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .unwrap_or_else(login_name))
}
