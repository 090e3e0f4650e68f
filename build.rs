//! Parses the embedded framework (`data/`) at build time and stores it as a postcard blob, so
//! the binary starts without parsing YAML. A file that does not parse fails the build; the
//! full rule check runs in the tests (`tests/integration/framework.rs`).

#[allow(dead_code)]
#[path = "src/framework/model.rs"]
mod model;

use model::{Fragment, FrameworkData, Manifest, Toc};
use serde::Serialize;
use std::path::{Path, PathBuf};

fn yaml_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            yaml_files(&path, found);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        ) {
            found.push(path);
        }
    }
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Appends each item encoded on its own; its id and where its bytes lie in `body`.
fn items<T: Serialize>(
    items: &[T],
    id: impl Fn(&T) -> &String,
    body: &mut Vec<u8>,
) -> Vec<(String, u32, u32)> {
    items
        .iter()
        .map(|item| {
            let (start, end) = encode(item, body);
            (id(item).clone(), start, end)
        })
        .collect()
}

fn encode<T: Serialize>(value: &T, body: &mut Vec<u8>) -> (u32, u32) {
    let start = body.len() as u32;
    body.extend(postcard::to_stdvec(value).expect("serialise the framework"));
    (start, body.len() as u32)
}

/// Resource positions by skill, sorted by skill id, as `Framework::resources_for` looks them up
/// at run time: each skill with where its positions lie in one list of all of them.
fn resources_by_skill(data: &FrameworkData) -> (Vec<(String, u32, u32)>, Vec<u32>) {
    let mut by_skill: Vec<(String, Vec<u32>)> = Vec::new();
    for (position, resource) in data.resources.iter().enumerate() {
        for skill in &resource.skills {
            match by_skill.iter_mut().find(|(s, _)| s == skill) {
                Some((_, positions)) => positions.push(position as u32),
                None => by_skill.push((skill.clone(), vec![position as u32])),
            }
        }
    }
    by_skill.sort_by(|a, b| a.0.cmp(&b.0));
    let mut all = Vec::new();
    let skills = by_skill
        .into_iter()
        .map(|(skill, positions)| {
            let start = all.len() as u32;
            all.extend(positions);
            (skill, start, all.len() as u32)
        })
        .collect();
    (skills, all)
}

/// The items' `model::id_table`, as little-endian `u32`s.
fn id_table<T>(items: &[T], id: impl Fn(&T) -> &String, body: &mut Vec<u8>) -> (u32, u32) {
    let table = model::id_table(items.len(), |i| id(&items[i]));
    let start = body.len() as u32;
    body.extend(table.iter().flat_map(|p| p.to_le_bytes()));
    (start, body.len() as u32)
}

/// The blob: its table of contents' length (u32, little-endian), the table (`Toc`), then the
/// manifest and each item encoded on its own, so the binary decodes only what a command reads.
fn sectioned(data: &FrameworkData) -> Vec<u8> {
    let mut body = Vec::new();
    let toc = Toc {
        manifest: encode(&data.manifest, &mut body),
        skills: items(&data.skills, |s| &s.id, &mut body),
        roles: items(&data.roles, |r| &r.id, &mut body),
        pathways: items(&data.pathways, |p| &p.id, &mut body),
        resources: items(&data.resources, |r| &r.id, &mut body),
        id_tables: [
            id_table(&data.skills, |s| &s.id, &mut body),
            id_table(&data.roles, |r| &r.id, &mut body),
            id_table(&data.pathways, |p| &p.id, &mut body),
            id_table(&data.resources, |r| &r.id, &mut body),
        ],
        resources_by_skill: encode(&resources_by_skill(data), &mut body),
        skill_headers: encode(
            &data
                .skills
                .iter()
                .map(model::Skill::header)
                .collect::<Vec<_>>(),
            &mut body,
        ),
        role_outlines: {
            let outlines: Vec<(u32, u32)> = data
                .roles
                .iter()
                .map(|role| encode(&role.outline(), &mut body))
                .collect();
            encode(&outlines, &mut body)
        },
        role_headers: encode(
            &data
                .roles
                .iter()
                .map(model::Role::header)
                .collect::<Vec<_>>(),
            &mut body,
        ),
        resource_headers: encode(
            &data
                .resources
                .iter()
                .map(model::Resource::header)
                .collect::<Vec<_>>(),
            &mut body,
        ),
    };
    let toc = postcard::to_stdvec(&toc).expect("serialise the table of contents");
    let mut blob = Vec::with_capacity(4 + toc.len() + body.len());
    blob.extend((toc.len() as u32).to_le_bytes());
    blob.extend(toc);
    blob.extend(body);
    blob
}

fn main() {
    let data_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    println!("cargo:rerun-if-changed={}", data_dir.display());
    let mut files = Vec::new();
    yaml_files(&data_dir, &mut files);
    files.sort();

    let read = |path: &Path| {
        println!("cargo:rerun-if-changed={}", path.display());
        std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    };
    let manifest_path = data_dir.join("framework.yaml");
    let manifest: Manifest = serde_yaml::from_str(&read(&manifest_path))
        .unwrap_or_else(|e| panic!("{}: {e}", manifest_path.display()));
    let mut data = FrameworkData {
        manifest,
        skills: Vec::new(),
        roles: Vec::new(),
        pathways: Vec::new(),
        resources: Vec::new(),
    };
    for path in files.iter().filter(|p| **p != manifest_path) {
        let text = read(path);
        if text.trim().is_empty() {
            continue;
        }
        let fragment: Fragment =
            serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        data.skills.extend(fragment.skills);
        data.roles.extend(fragment.roles);
        data.pathways.extend(fragment.pathways);
        data.resources.extend(fragment.resources);
    }
    let blob = sectioned(&data);
    // Identifies this build's data model and embedded framework, so the compiled cache of a
    // `--data` folder (src/framework/cache.rs) is never read by a build that differs in either.
    let model_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/framework/model.rs");
    let model = read(&model_path);
    println!(
        "cargo:rustc-env=PATHWAY_BUILD_KEY={:016x}",
        fnv1a(&blob) ^ fnv1a(model.as_bytes()).rotate_left(1)
    );
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("framework.bin");
    std::fs::write(&out, blob).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
}
