//! The compiled cache for `--data` frameworks.
//!
//! Parsing a framework of national-taxonomy size from YAML takes seconds; decoding the same
//! framework from postcard takes a fraction of that. After a folder loads without errors, its
//! data is stored in the cache folder; the next run with the same files decodes it instead.
//!
//! - Where: `PATHWAY_CACHE` if set (`off` turns the cache off), else the platform's cache
//!   folder (`dirs::cache_dir()/pathway`), one file per framework folder.
//! - When it is used: only when every YAML file has the same path, size and modification time
//!   as when it was stored, and the same `pathway` build stored it (version, data model and
//!   embedded framework, which an overlay folder builds on). Anything else is a miss.
//! - Written atomically (temporary file, then rename); a file that cannot be read or decoded
//!   is a miss and the YAML is loaded as if there were no cache. Failing to write it is not an
//!   error either: the cache only ever saves time.

use super::model::FrameworkData;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// Environment variable for the cache folder (`off` to disable the cache).
pub const CACHE_VAR: &str = "PATHWAY_CACHE";

/// First bytes of a cache file, with the layout version.
const MAGIC: &[u8; 8] = b"PWFC\0\0\0\x01";

/// Identifies the build: its version, the data model and the embedded framework.
const BUILD_KEY: &str = concat!(env!("CARGO_PKG_VERSION"), "+", env!("PATHWAY_BUILD_KEY"));

/// FNV-1a, 64 bits: stable across Rust versions and platforms, which the std hasher is not.
#[derive(Clone, Copy)]
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn bytes(mut self, bytes: &[u8]) -> Fnv {
        for &byte in bytes {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
        // A separator, so ("ab", "c") and ("a", "bc") differ.
        self.0 ^= 0xff;
        self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        self
    }

    fn number(self, n: u64) -> Fnv {
        self.bytes(&n.to_le_bytes())
    }
}

/// The cache folder, or `None` when the cache is off or the platform has none.
pub fn folder() -> Option<PathBuf> {
    match std::env::var_os(CACHE_VAR) {
        Some(value) if value == "off" => None,
        Some(value) if !value.is_empty() => Some(PathBuf::from(value)),
        _ => dirs::cache_dir().map(|d| d.join("pathway")),
    }
}

/// The cache file for a framework folder (one per folder, replaced when it changes).
fn file_for(cache: &Path, source: &Path) -> PathBuf {
    let source = source
        .canonicalize()
        .unwrap_or_else(|_| source.to_path_buf());
    let key = Fnv::new().bytes(source.as_os_str().as_encoded_bytes()).0;
    cache.join(format!("framework-{key:016x}.bin"))
}

/// A fingerprint of the files a load would read, or `None` if any cannot be listed.
pub fn fingerprint(source: &Path) -> Option<u64> {
    let files = super::load::yaml_paths(source).ok()?;
    let mut hash = Fnv::new().bytes(BUILD_KEY.as_bytes());
    for file in files {
        let meta = std::fs::metadata(&file).ok()?;
        let modified = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
        hash = hash
            .bytes(file.as_os_str().as_encoded_bytes())
            .number(meta.len())
            .number(modified.as_secs())
            .number(u64::from(modified.subsec_nanos()));
    }
    Some(hash.0)
}

/// The framework stored for `source` under `fingerprint`, if there is one and it decodes.
pub fn read(source: &Path, fingerprint: u64) -> Option<FrameworkData> {
    let path = file_for(&folder()?, source);
    let bytes = std::fs::read(path).ok()?;
    let rest = bytes.strip_prefix(MAGIC)?;
    let (stored, payload) = rest.split_first_chunk::<8>()?;
    if u64::from_le_bytes(*stored) != fingerprint {
        return None;
    }
    match postcard::take_from_bytes::<FrameworkData>(payload) {
        Ok((data, [])) => Some(data),
        _ => None,
    }
}

/// Stores a framework that loaded without errors; quietly does nothing if it cannot.
pub fn write(source: &Path, fingerprint: u64, data: &FrameworkData) {
    let _ = try_write(source, fingerprint, data);
}

fn try_write(source: &Path, fingerprint: u64, data: &FrameworkData) -> Option<()> {
    let cache = folder()?;
    std::fs::create_dir_all(&cache).ok()?;
    let mut bytes = Vec::with_capacity(1 << 20);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&fingerprint.to_le_bytes());
    let bytes = postcard::to_extend(data, bytes).ok()?;
    let mut temp = tempfile::NamedTempFile::new_in(&cache).ok()?;
    temp.write_all(&bytes).ok()?;
    temp.persist(file_for(&cache, source)).ok()?;
    Some(())
}
