//! An assessment: who rated whom, against which role, when, and a rating per skill. Saved as a
//! small YAML file; also the parser for the `--ratings` file format.

use crate::cli::Rater;
use crate::error::Invalid;
use crate::framework::{Framework, Role};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// Highest saved-assessment schema this build reads and the one it writes.
pub const ASSESSMENT_SCHEMA: u32 = 1;

/// Largest ratings or assessment file read, in bytes.
pub const MAX_RATINGS_BYTES: usize = 1024 * 1024;

/// One skill's rating. `level: None` with `unsure: true` is "not sure", kept as such.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rating {
    #[serde(default)]
    pub level: Option<u8>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unsure: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

impl Rating {
    pub fn level(level: u8) -> Rating {
        Rating {
            level: Some(level),
            ..Rating::default()
        }
    }

    pub fn unsure() -> Rating {
        Rating {
            level: None,
            unsure: true,
            note: String::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Every skill the target expects.
    Full,
    /// The target's scorecard dimensions, each rating the skills it stands for.
    Quick,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrameworkRef {
    pub id: String,
    pub version: String,
}

/// A saved assessment (or a draft of one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    pub schema_version: u32,
    pub person: String,
    pub rater: Rater,
    /// The rater's name when it is not the person (a manager or peer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rater_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    pub to: String,
    pub created: DateTime<Utc>,
    pub framework: FrameworkRef,
    pub mode: Mode,
    /// Skill id → rating, in id order so files diff well.
    pub ratings: BTreeMap<String, Rating>,
}

impl Assessment {
    pub fn new(
        framework: &Framework,
        person: &str,
        rater: Rater,
        from: Option<&str>,
        to: &str,
        created: DateTime<Utc>,
    ) -> Assessment {
        Assessment {
            schema_version: ASSESSMENT_SCHEMA,
            person: person.to_string(),
            rater,
            rater_name: None,
            from: from.map(str::to_string),
            to: to.to_string(),
            created,
            framework: FrameworkRef {
                id: framework.manifest().id.clone(),
                version: framework.manifest().version.clone(),
            },
            mode: Mode::Full,
            ratings: BTreeMap::new(),
        }
    }

    /// Skills the target role expects that have no rating yet, in the role's order.
    pub fn missing<'a>(&self, role: &'a Role) -> Vec<&'a str> {
        role.expectations
            .iter()
            .map(|e| e.skill.as_str())
            .filter(|s| !self.ratings.contains_key(*s))
            .collect()
    }

    /// Parses a saved assessment, refusing a newer schema with a clear message.
    pub fn from_yaml(path: &Path, text: &str) -> Result<Assessment, Invalid> {
        #[derive(Deserialize)]
        struct Version {
            schema_version: Option<u32>,
        }
        let location = |e: &serde_yaml::Error| {
            e.location()
                .map(|l| format!(":{}:{}", l.line(), l.column()))
                .unwrap_or_default()
        };
        guarded(&path.display().to_string(), text)?;
        let version: Version = serde_yaml::from_str(text).map_err(|e| {
            Invalid::new(format!(
                "{}{}: not a pathway assessment: {}",
                path.display(),
                location(&e),
                strip_location(&e)
            ))
        })?;
        match version.schema_version {
            Some(v) if v > ASSESSMENT_SCHEMA => {
                return Err(Invalid::new(format!(
                    "{}: written by a newer pathway (assessment schema {v}; this one reads up to {ASSESSMENT_SCHEMA})",
                    path.display()
                ))
                .hint("upgrade pathway to read it; the file was left untouched"))
            }
            None => return Err(Invalid::new(format!("{}: not a pathway assessment (no schema_version)", path.display()))),
            Some(_) => {}
        }
        serde_yaml::from_str(text).map_err(|e| {
            Invalid::new(format!(
                "{}{}: damaged assessment: {}",
                path.display(),
                location(&e),
                strip_location(&e)
            ))
            .hint("fix the file by hand, or move it out of the way; pathway never deletes it")
        })
    }

    pub fn to_yaml(&self) -> anyhow::Result<String> {
        Ok(serde_yaml::to_string(self)?)
    }
}

/// Refuses alias bombs and deep nesting before the YAML parser loads the text.
fn guarded(origin: &str, text: &str) -> Result<(), Invalid> {
    crate::yaml_guard::guard(text).map_err(|refused| {
        Invalid::new(format!(
            "{origin}:{}:{}: refused: {}",
            refused.line, refused.column, refused.message
        ))
        .hint(refused.hint)
    })
}

fn strip_location(error: &serde_yaml::Error) -> String {
    let message = error.to_string();
    match message.find(" at line ") {
        Some(cut) => message[..cut].to_string(),
        None => message,
    }
}

/// The `--ratings` file: either a plain map `skill: level`, or a document with `ratings:` and
/// optional `person`, `rater`, `from`, `to`. A level is 0–5, `?` (not sure), or
/// `{level, note}`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RatingsInput {
    pub person: Option<String>,
    pub rater: Option<Rater>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub ratings: BTreeMap<String, Rating>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RatingsDocument {
    #[serde(default)]
    person: Option<String>,
    #[serde(default)]
    rater: Option<Rater>,
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    to: Option<String>,
    /// Each value is a level, `?`, or `{level, note, unsure}`; checked one by one so a
    /// mistake names its skill and line.
    ratings: BTreeMap<String, serde_yaml::Value>,
}

/// A ratings file's document, from the YAML parser; its errors say where and what to write.
fn yaml_document(origin: &str, text: &str) -> Result<RatingsDocument, Invalid> {
    let location = |e: &serde_yaml::Error| {
        e.location()
            .map(|l| format!(":{}:{}", l.line(), l.column()))
            .unwrap_or_default()
    };
    let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
        // `skill: ?` is not YAML (`?` starts a complex key), though it reads naturally.
        let bare_unsure = e
            .location()
            .and_then(|l| text.lines().nth(l.line().saturating_sub(1)))
            .and_then(|line| line.trim_end().strip_suffix('?'))
            .filter(|before| before.trim_end().ends_with(':'))
            .map(|before| before.trim_end().trim_end_matches(':').trim().to_string());
        let hint = match bare_unsure {
            Some(skill) => {
                format!("for \"not sure\", quote the question mark: write `{skill}: \"?\"`")
            }
            None => "a ratings file is YAML or JSON: `skill-id: level` per line".to_string(),
        };
        Invalid::new(format!("{origin}{}: {}", location(&e), strip_location(&e))).hint(hint)
    })?;
    if value.is_null() {
        return Err(
            Invalid::new(format!("{origin}: the ratings file has no ratings"))
                .hint("write one `skill-id: level` per line, e.g. `kubernetes: 3`"),
        );
    }
    Ok(if value.get("ratings").is_some() {
        serde_yaml::from_value(value).map_err(|e| {
            let message = strip_location(&e);
            let unknown = message
                .split("unknown field `")
                .nth(1)
                .and_then(|rest| rest.split('`').next());
            let keys = ["person", "rater", "from", "to", "ratings"];
            let hint = match unknown.and_then(|k| crate::suggest::did_you_mean(k, keys.into_iter()))
            {
                Some(best) => format!(
                    "did you mean `{best}`? Top-level keys are person, rater, from, to and ratings"
                ),
                None => "top-level keys are person, rater, from, to and ratings".to_string(),
            };
            Invalid::new(format!("{origin}: {message}")).hint(hint)
        })?
    } else {
        let ratings: BTreeMap<String, serde_yaml::Value> =
            serde_yaml::from_value(value).map_err(|e| {
                Invalid::new(format!("{origin}: {}", strip_location(&e)))
                    .hint("write one `skill-id: level` per line, e.g. `kubernetes: 3`")
            })?;
        RatingsDocument {
            person: None,
            rater: None,
            from: None,
            to: None,
            ratings,
        }
    })
}

/// The common shape of a ratings file, read without the YAML parser: `skill: level` lines
/// (a level 0–9 or a quoted `?`), either at the top or under `ratings:` indented by two
/// spaces, with `person`, `from` and `to` as plain ids and `rater` as one of its names. Any
/// other text (comments, blank lines, notes, flow style, duplicate keys, ...) gives `None`
/// and goes through the YAML parser, which reads this shape the same way (the tests compare
/// the two) and words every error.
fn simple_document(text: &str) -> Option<RatingsDocument> {
    /// A plain scalar YAML reads as a string: not null, a boolean or a number, and short
    /// enough for an implicit key.
    fn plain_id(s: &str) -> bool {
        s.len() <= 128
            && s.starts_with(|c: char| c.is_ascii_lowercase())
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !matches!(s, "null" | "true" | "false")
    }
    fn level(s: &str) -> Option<serde_yaml::Value> {
        match s.as_bytes() {
            [digit @ b'0'..=b'9'] => Some(u64::from(digit - b'0').into()),
            b"\"?\"" | b"'?'" => Some("?".into()),
            _ => None,
        }
    }
    fn entry(line: &str) -> Option<(&str, &str)> {
        // Split at the first colon: a plain id holds none, so a key that needs a later
        // ": " is not one either.
        let (key, rest) = line.split_once(':')?;
        let value = rest.strip_prefix(' ')?;
        plain_id(key).then_some((key, value))
    }
    type Ratings = Vec<(String, serde_yaml::Value)>;
    fn rate(ratings: &mut Ratings, line: &str) -> Option<()> {
        let (skill, value) = entry(line)?;
        ratings.push((skill.to_string(), level(value)?));
        Some(())
    }
    /// The ratings as the map they go into, built in one pass from the sorted list; `None`
    /// for a second entry for a skill, an error the parser words.
    fn map(mut ratings: Ratings) -> Option<BTreeMap<String, serde_yaml::Value>> {
        ratings.sort_by(|a, b| a.0.cmp(&b.0));
        if ratings.windows(2).any(|pair| pair[0].0 == pair[1].0) {
            return None;
        }
        Some(BTreeMap::from_iter(ratings))
    }
    let body = text.strip_suffix('\n').unwrap_or(text);
    let mut document = RatingsDocument {
        person: None,
        rater: None,
        from: None,
        to: None,
        ratings: BTreeMap::new(),
    };
    let mut ratings: Ratings = Vec::new();
    if !body.split('\n').any(|line| line == "ratings:") {
        for line in body.split('\n') {
            if line.starts_with("ratings:") {
                return None;
            }
            rate(&mut ratings, line)?;
        }
        document.ratings = map(ratings)?;
        return Some(document);
    }
    let mut lines = body.split('\n').peekable();
    while let Some(line) = lines.next() {
        if line == "ratings:" {
            if !ratings.is_empty() {
                return None;
            }
            while let Some(line) = lines.next_if(|l| l.starts_with(' ')) {
                rate(&mut ratings, line.strip_prefix("  ")?)?;
            }
            if ratings.is_empty() {
                return None;
            }
            continue;
        }
        let (key, value) = entry(line)?;
        let field = match key {
            "person" => &mut document.person,
            "from" => &mut document.from,
            "to" => &mut document.to,
            "rater" => {
                let rater = match value {
                    "self" => Rater::SelfRater,
                    "manager" => Rater::Manager,
                    "peer" => Rater::Peer,
                    _ => return None,
                };
                if document.rater.replace(rater).is_some() {
                    return None;
                }
                continue;
            }
            // An unknown key: the parser's error names it.
            _ => return None,
        };
        if !plain_id(value) || field.replace(value.to_string()).is_some() {
            return None;
        }
    }
    document.ratings = map(ratings)?;
    Some(document)
}

/// Parses a ratings file's text (YAML or JSON, which is YAML). `origin` names it in errors.
/// Skill ids are checked against the framework, levels against the scale.
pub fn parse_ratings(
    origin: &str,
    text: &str,
    framework: &Framework,
) -> Result<RatingsInput, Invalid> {
    parse_ratings_with(origin, text, framework, true)
}

/// `parse_ratings`; `fast: false` always uses the YAML parser (for the tests).
fn parse_ratings_with(
    origin: &str,
    text: &str,
    framework: &Framework,
    fast: bool,
) -> Result<RatingsInput, Invalid> {
    if text.len() > MAX_RATINGS_BYTES {
        return Err(Invalid::new(format!(
            "{origin}: {} bytes is over the {} KiB limit for a ratings file",
            text.len(),
            MAX_RATINGS_BYTES / 1024
        ))
        .hint("a ratings file lists one line per skill; check it is the right file"));
    }
    if text.trim().is_empty() {
        return Err(Invalid::new(format!("{origin}: the ratings file is empty"))
            .hint("write one `skill-id: level` per line, e.g. `kubernetes: 3`"));
    }
    // The guard is there for the YAML parser. The common shape `simple_document` reads
    // (flat `skill: level` lines) has no aliases or nesting to guard against.
    let document = match simple_document(text).filter(|_| fast) {
        Some(document) => document,
        None => {
            guarded(origin, text)?;
            yaml_document(origin, text)?
        }
    };

    let line_of = |skill: &str| {
        text.lines()
            .position(|line| {
                let t = line.trim_start().trim_start_matches('"');
                t.starts_with(skill)
                    && t[skill.len()..]
                        .trim_start_matches('"')
                        .trim_start()
                        .starts_with(':')
            })
            .map(|n| format!(":{}", n + 1))
            .unwrap_or_default()
    };
    let mut ratings = Vec::with_capacity(document.ratings.len());
    for (skill, value) in document.ratings {
        if !framework.has_skill(&skill) {
            let known = framework.skill_ids();
            let error = Invalid::new(format!(
                "{origin}{}: unknown skill '{skill}'",
                line_of(&skill)
            ));
            return Err(match crate::suggest::did_you_mean(&skill, known) {
                Some(best) => error.hint(format!(
                    "did you mean '{best}'? (`pathway skills` lists them all)"
                )),
                None => error.hint("`pathway skills` lists the skill ids"),
            });
        }
        let out_of_range = |shown: String| {
            Invalid::new(format!(
                "{origin}{}: level {shown} for '{skill}' is outside 0–5",
                line_of(&skill)
            ))
            .hint("use 0 (no exposure) to 5 (expert), or ? for not sure")
        };
        let not_a_rating = || {
            Invalid::new(format!(
                "{origin}{}: the rating for '{skill}' is not a level",
                line_of(&skill)
            ))
            .hint("write a level 0–5, `?` for not sure, or `{level: 3, note: \"...\"}`")
        };
        let level_of = |value: &serde_yaml::Value| -> Result<Option<u8>, Invalid> {
            match value {
                serde_yaml::Value::Number(n) => match n.as_i64() {
                    Some(l @ 0..=5) => Ok(Some(l as u8)),
                    _ => Err(out_of_range(n.to_string())),
                },
                serde_yaml::Value::String(s) if is_unsure(s) => Ok(None),
                serde_yaml::Value::String(s) => match s.trim().parse::<i64>() {
                    Ok(l @ 0..=5) => Ok(Some(l as u8)),
                    _ => Err(out_of_range(format!("'{s}'"))),
                },
                serde_yaml::Value::Null => Ok(None),
                _ => Err(not_a_rating()),
            }
        };
        let rating = match &value {
            serde_yaml::Value::Mapping(fields) => {
                let mut rating = Rating::default();
                let mut unsure = false;
                for (key, field) in fields {
                    match key.as_str() {
                        Some("level") => rating.level = level_of(field)?,
                        Some("note") => match field {
                            serde_yaml::Value::String(note) => rating.note = note.clone(),
                            serde_yaml::Value::Null => {}
                            _ => {
                                return Err(not_a_rating()
                                    .hint("a note is text: `note: \"what shows it\"`"))
                            }
                        },
                        Some("unsure") => match field {
                            serde_yaml::Value::Bool(flag) => unsure = *flag,
                            _ => return Err(not_a_rating().hint("write `unsure: true`")),
                        },
                        other => {
                            let key = other.map_or_else(|| format!("{key:?}"), str::to_string);
                            let fields = ["level", "note", "unsure"];
                            let hint = match crate::suggest::did_you_mean(&key, fields.into_iter())
                            {
                                Some(best) => format!(
                                    "did you mean `{best}`? A rating takes level, note and unsure"
                                ),
                                None => "a rating takes level, note and unsure".to_string(),
                            };
                            return Err(Invalid::new(format!(
                                "{origin}{}: unknown key `{key}` in the rating for '{skill}'",
                                line_of(&skill)
                            ))
                            .hint(hint));
                        }
                    }
                }
                rating.unsure = rating.level.is_none() || unsure;
                rating
            }
            serde_yaml::Value::Number(_)
            | serde_yaml::Value::String(_)
            | serde_yaml::Value::Null => match level_of(&value)? {
                Some(l) => Rating::level(l),
                None => Rating::unsure(),
            },
            _ => return Err(not_a_rating()),
        };
        ratings.push((skill, rating));
    }
    Ok(RatingsInput {
        person: document.person,
        rater: document.rater,
        from: document.from,
        to: document.to,
        // In key order already (from a map): built in one pass rather than key by key.
        ratings: BTreeMap::from_iter(ratings),
    })
}

fn is_unsure(text: &str) -> bool {
    matches!(
        text.trim().to_lowercase().as_str(),
        "?" | "unsure" | "not sure" | "n/a"
    )
}

/// Parses one `--rate SKILL=LEVEL`.
pub fn parse_rate(arg: &str, framework: &Framework) -> Result<(String, Rating), Invalid> {
    let Some((skill, level)) = arg.split_once('=') else {
        return Err(Invalid::new(format!("--rate {arg}: expected SKILL=LEVEL"))
            .hint("e.g. --rate kubernetes=3 (or =? for not sure)"));
    };
    let text = format!(
        "\"{}\": \"{}\"\n",
        skill.trim().replace('"', ""),
        level.trim().replace('"', "")
    );
    let parsed = parse_ratings(&format!("--rate {arg}"), &text, framework)?;
    Ok(parsed
        .ratings
        .into_iter()
        .next()
        .expect("one rating parsed"))
}

/// Ratings given on the command line: `--ratings FILE` (or `-` for stdin), then every
/// `--rate SKILL=LEVEL` on top. `None` when neither was given.
pub fn ratings_from_args(
    args: &crate::cli::RatingsArgs,
    framework: &Framework,
) -> anyhow::Result<Option<RatingsInput>> {
    use std::io::Read;
    let mut input = match &args.ratings {
        None if args.rate.is_empty() => return Ok(None),
        None => RatingsInput::default(),
        Some(path) if path.as_os_str() == "-" => {
            let mut text = String::new();
            std::io::stdin()
                .take(MAX_RATINGS_BYTES as u64 + 1)
                .read_to_string(&mut text)
                .map_err(|e| Invalid::new(format!("cannot read ratings from stdin: {e}")))?;
            parse_ratings("<stdin>", &text, framework)?
        }
        Some(path) => {
            let origin = path.display().to_string();
            let meta = std::fs::metadata(path).map_err(|e| {
                Invalid::new(format!("{origin}: cannot read the ratings file: {e}"))
                    .hint("check the path; `--ratings -` reads from stdin")
            })?;
            if meta.len() > MAX_RATINGS_BYTES as u64 {
                return Err(Invalid::new(format!(
                    "{origin}: {} bytes is over the {} KiB limit for a ratings file",
                    meta.len(),
                    MAX_RATINGS_BYTES / 1024
                ))
                .into());
            }
            let bytes = std::fs::read(path).map_err(|e| Invalid::new(format!("{origin}: {e}")))?;
            let text = String::from_utf8(bytes).map_err(|_| {
                Invalid::new(format!("{origin}: not UTF-8 text"))
                    .hint("save the ratings file as UTF-8")
            })?;
            parse_ratings(&origin, &text, framework)?
        }
    };
    for arg in &args.rate {
        let (skill, rating) = parse_rate(arg, framework)?;
        input.ratings.insert(skill, rating);
    }
    Ok(Some(input))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::sync::OnceLock;

    fn framework() -> &'static Framework {
        static FRAMEWORK: OnceLock<Framework> = OnceLock::new();
        FRAMEWORK.get_or_init(|| Framework::embedded().unwrap())
    }

    /// The fast path and the YAML parser agree on the result, errors included.
    fn same_either_way(text: &str) -> Result<(), TestCaseError> {
        let fast = parse_ratings_with("r.yaml", text, framework(), true);
        let yaml = parse_ratings_with("r.yaml", text, framework(), false);
        prop_assert_eq!(fast, yaml, "{:?}", text);
        Ok(())
    }

    fn key() -> impl Strategy<Value = String> {
        prop_oneof![
            // Skills of the framework, most often.
            4 => prop::sample::select(vec![
                "kubernetes", "gitops", "ci-cd", "linux-networking", "coaching", "aiops",
            ]),
            1 => prop::sample::select(vec![
                "kubernets", "person", "rater", "from", "to", "ratings", "null", "true",
                "false", "yes", "no", "Kubernetes", "~", "1abc", "inf", "nan", "a--b", "x-",
            ]),
        ]
        .prop_map(str::to_string)
    }

    fn value() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => (0u8..=9).prop_map(|l| l.to_string()),
            1 => Just("\"?\"".to_string()),
            1 => prop::sample::select(vec![
                "'?'", "?", "10", "-1", "3 ", "03", "3.5", "x", "null", "self", "manager",
                "peer", "senior-platform-engineer", "{level: 3}", "", "\"3\"", "3 # note",
                "true", "~",
            ])
            .prop_map(str::to_string),
        ]
    }

    fn line() -> impl Strategy<Value = String> {
        prop_oneof![
            6 => (key(), value()).prop_map(|(k, v)| format!("{k}: {v}")),
            4 => (key(), value()).prop_map(|(k, v)| format!("  {k}: {v}")),
            1 => Just("ratings:".to_string()),
            1 => prop::sample::select(vec![
                "", "# comment", "kubernetes:3", "    gitops: 2", "\tgitops: 2", "gitops: 2\r",
                "to: senior-platform-engineer", "person: sam", "rater: manager",
                "from: intermediate-platform-engineer", "rater: boss", "---", "ratings: 3",
                "ratings: {}",
            ])
            .prop_map(str::to_string),
        ]
    }

    fn document(lines: Vec<String>, ending: &str) -> String {
        let mut text = lines.join("\n");
        text.push_str(ending);
        text
    }

    fn ending() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec!["\n", "", "\n\n", " "])
    }

    /// Well-formed files of both shapes, so most cases take the fast path.
    fn well_formed() -> impl Strategy<Value = String> {
        let rating = || (key(), value()).prop_map(|(k, v)| format!("{k}: {v}"));
        let header = prop::sample::select(vec![
            "to: senior-platform-engineer",
            "from: intermediate-platform-engineer",
            "person: sam",
            "rater: peer",
            "rater: self",
        ])
        .prop_map(str::to_string);
        prop_oneof![
            (prop::collection::vec(rating(), 1..8), ending())
                .prop_map(|(lines, end)| document(lines, end)),
            (
                prop::collection::vec(header, 0..4),
                prop::collection::vec(rating().prop_map(|l| format!("  {l}")), 1..8),
                ending()
            )
                .prop_map(|(mut lines, ratings, end)| {
                    lines.push("ratings:".to_string());
                    lines.extend(ratings);
                    document(lines, end)
                }),
        ]
    }

    #[test]
    fn the_usual_files_take_the_fast_path_and_agree() {
        let flat = "kubernetes: 3\ngitops: \"?\"\nci-cd: 0\n";
        let nested = "person: sam\nrater: manager\nfrom: intermediate-platform-engineer\n\
                      to: senior-platform-engineer\nratings:\n  kubernetes: 4\n  gitops: '?'\n";
        for text in [flat, nested] {
            assert!(simple_document(text).is_some(), "{text}");
            same_either_way(text).unwrap();
        }
        let input = parse_ratings("r.yaml", nested, framework()).unwrap();
        assert_eq!(input.rater, Some(Rater::Manager));
        assert_eq!(input.ratings["kubernetes"].level, Some(4));
        assert!(input.ratings["gitops"].unsure);
        // Outside the shape: the YAML parser reads it.
        for text in [
            "kubernetes: 3 # note\n",
            "ratings:\n",
            "\nkubernetes: 3",
            "{kubernetes: 3}",
        ] {
            assert!(simple_document(text).is_none(), "{text}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn well_formed_files_read_the_same_either_way(text in well_formed()) {
            same_either_way(&text)?;
        }

        #[test]
        fn any_mix_of_lines_reads_the_same_either_way(
            lines in prop::collection::vec(line(), 1..10),
            end in ending(),
        ) {
            same_either_way(&document(lines, end))?;
        }
    }
}
