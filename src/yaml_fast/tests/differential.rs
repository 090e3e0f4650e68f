//! Random YAML in and around the subset, read by both readers.
//!
//! Trees are written as YAML in randomly chosen styles that stay inside the subset (so the
//! fast reader must answer, and answer as yaml_serde does), then mutated into near misses
//! (where it must answer as yaml_serde does, or leave the text to it).

use super::agreed;
use crate::framework::{Fragment, Manifest};
use crate::synth::{self, Rng, Scale};
use crate::yaml_fast::from_str;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use serde_yaml::Value;

#[derive(Debug, Clone)]
enum Tree {
    /// Written plain whatever it looks like (a number, a boolean, null, a word); empty is
    /// written as nothing at all.
    Plain(String),
    /// Written in any style that can hold it.
    Str(String),
    Seq(Vec<Tree>),
    Map(Vec<(String, Tree)>),
}

/// Characters the fast reader takes outside double quotes.
fn printable(c: char) -> bool {
    matches!(c, ' '..='~')
        || (c > '\u{9f}'
            && !matches!(
                c,
                '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
            ))
}

fn is_indicator(c: char) -> bool {
    "-?:,[]{}#&*!|>'\"%@`".contains(c)
}

/// Whether `s` can be written as a plain scalar after `key: ` or `- `.
fn plain_ok(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let second = chars.next();
    s.chars().all(printable)
        && !s.starts_with(' ')
        && !s.ends_with(' ')
        && (!is_indicator(first) || (first == '-' && second.is_some_and(|c| c != ' ')))
        && !s.contains(": ")
        && !s.ends_with(':')
        && !s.contains(" #")
}

/// Whether `s` can be a plain key at any column.
fn key_ok(s: &str) -> bool {
    plain_ok(s) && !s.starts_with('-') && !s.starts_with("...") && s.len() < 100
}

/// Whether `s` can be an item of a flow sequence without quotes.
fn flow_plain_ok(s: &str) -> bool {
    plain_ok(s) && !s.contains([',', '[', ']', '{', '}', ':', '#'])
}

/// Writes trees as YAML, choosing styles at random from the subset.
struct Writer {
    rng: Rng,
    out: String,
}

impl Writer {
    fn document(tree: &Tree, seed: u64) -> String {
        let mut w = Writer {
            rng: Rng::new(seed),
            out: String::new(),
        };
        if w.chance(4) {
            let start = if w.chance(2) {
                "---\n"
            } else {
                "--- # start\n"
            };
            w.out.push_str(start);
        }
        if w.chance(4) {
            w.comment(0);
        }
        let column = if w.chance(5) { w.rng.below(3) } else { 0 };
        match tree {
            Tree::Seq(items) if !items.is_empty() => w.items(items, column),
            Tree::Map(entries) if !entries.is_empty() => w.entries(entries, column, false),
            _ => {
                w.indent(column);
                w.out.push_str("k:");
                w.value(tree, column, true);
            }
        }
        w.out
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.rng.below(one_in) == 0
    }

    fn indent(&mut self, column: usize) {
        self.out.extend(std::iter::repeat_n(' ', column));
    }

    fn comment(&mut self, column: usize) {
        self.indent(column);
        self.out.push_str("# note: - [x] 'y' |\n");
    }

    /// Maybe a blank line or a comment line (at any indentation) before an entry.
    fn gap(&mut self) {
        if self.chance(8) {
            self.out.push('\n');
        }
        if self.chance(8) {
            let column = self.rng.below(6);
            self.comment(column);
        }
    }

    fn end_line(&mut self) {
        if self.chance(6) {
            self.out.push_str("  # c");
        }
        self.out.push('\n');
    }

    /// Mapping entries at `column`; the first one's key is already there when `inline`
    /// (a compact mapping after `- `).
    fn entries(&mut self, entries: &[(String, Tree)], column: usize, inline: bool) {
        for (n, (key, value)) in entries.iter().enumerate() {
            if !(n == 0 && inline) {
                self.gap();
                self.indent(column);
            }
            self.out.push_str(key);
            if self.chance(12) {
                self.out.push(' ');
            }
            self.out.push(':');
            self.value(value, column, true);
        }
    }

    fn items(&mut self, items: &[Tree], column: usize) {
        for item in items {
            self.gap();
            self.indent(column);
            self.out.push('-');
            self.value(item, column, false);
        }
    }

    /// A value after `key:` or `-` (`parent`: the column of either).
    fn value(&mut self, tree: &Tree, parent: usize, in_map: bool) {
        match tree {
            Tree::Plain(s) => {
                if !s.is_empty() {
                    self.out.push(' ');
                    self.out.push_str(s);
                }
                self.end_line();
            }
            Tree::Str(s) => self.string(s, parent),
            Tree::Seq(items) if items.is_empty() => {
                let empty = if self.chance(3) { " [ ]" } else { " []" };
                self.out.push_str(empty);
                self.end_line();
            }
            Tree::Map(entries) if entries.is_empty() => {
                let empty = if self.chance(3) { " { }" } else { " {}" };
                self.out.push_str(empty);
                self.end_line();
            }
            Tree::Seq(items)
                if self.chance(3)
                    && items
                        .iter()
                        .all(|item| matches!(item, Tree::Str(_) | Tree::Plain(_))) =>
            {
                self.flow(items);
                self.end_line();
            }
            Tree::Seq(items) => {
                self.end_line();
                let column = if in_map && self.chance(2) {
                    parent
                } else {
                    parent + 1 + self.rng.below(4)
                };
                self.items(items, column);
            }
            Tree::Map(entries)
                if self.chance(3)
                    && entries.iter().all(|(key, value)| {
                        !key.contains([',', '[', ']', '{', '}', ':', '#'])
                            && matches!(value, Tree::Str(_) | Tree::Plain(_))
                            && !matches!(value, Tree::Plain(s) if s.is_empty())
                    }) =>
            {
                self.flow_map(entries);
                self.end_line();
            }
            Tree::Map(entries) => {
                if !in_map && self.chance(2) {
                    let gap = 1 + self.rng.below(3);
                    self.indent(gap);
                    self.entries(entries, parent + 1 + gap, true);
                } else {
                    self.end_line();
                    let column = parent + 1 + self.rng.below(4);
                    self.entries(entries, column, false);
                }
            }
        }
    }

    fn flow(&mut self, items: &[Tree]) {
        self.out.push_str(" [");
        for (n, item) in items.iter().enumerate() {
            if n > 0 {
                self.out.push(',');
            }
            if n > 0 || self.chance(4) {
                self.out.push(' ');
            }
            self.flow_scalar(item);
        }
        if self.chance(4) {
            self.out.push(' ');
        }
        self.out.push(']');
    }

    fn flow_map(&mut self, entries: &[(String, Tree)]) {
        self.out.push_str(" {");
        for (n, (key, value)) in entries.iter().enumerate() {
            if n > 0 {
                self.out.push(',');
            }
            if n > 0 || self.chance(2) {
                self.out.push(' ');
            }
            self.out.push_str(key);
            self.out.push_str(": ");
            self.flow_scalar(value);
        }
        if self.chance(2) {
            self.out.push(' ');
        }
        self.out.push('}');
    }

    fn flow_scalar(&mut self, item: &Tree) {
        match item {
            Tree::Plain(s) | Tree::Str(s) if flow_plain_ok(s) && self.chance(2) => {
                self.out.push_str(s)
            }
            Tree::Plain(s) | Tree::Str(s) => self.quoted(s),
            _ => unreachable!("flow collections hold scalars"),
        }
    }

    fn quoted(&mut self, s: &str) {
        if s.chars().all(printable) && self.chance(2) {
            self.out.push('\'');
            self.out.push_str(&s.replace('\'', "''"));
            self.out.push('\'');
        } else {
            self.double_quoted(s);
        }
    }

    fn double_quoted(&mut self, s: &str) {
        self.out.push('"');
        for c in s.chars() {
            let escaped = match c {
                '"' => Some("\\\"".to_string()),
                '\\' => Some("\\\\".to_string()),
                '\n' => Some("\\n".to_string()),
                '\t' => Some("\\t".to_string()),
                '\r' => Some("\\r".to_string()),
                '\0' => Some("\\0".to_string()),
                '\u{7}' => Some("\\a".to_string()),
                '\u{1b}' => Some("\\e".to_string()),
                '\u{85}' => Some("\\N".to_string()),
                '\u{a0}' => Some("\\_".to_string()),
                '\u{2028}' => Some("\\L".to_string()),
                '\u{2029}' => Some("\\P".to_string()),
                '/' if self.chance(3) => Some("\\/".to_string()),
                ' ' if self.chance(8) => Some("\\ ".to_string()),
                c if !printable(c) || self.chance(12) => {
                    Some(match (c as u32, self.rng.below(3)) {
                        (code @ 0..=0xff, 0) => format!("\\x{code:02X}"),
                        (code @ 0..=0xffff, 0 | 1) => format!("\\u{code:04x}"),
                        (code, _) => format!("\\U{code:08X}"),
                    })
                }
                _ => None,
            };
            match escaped {
                Some(escaped) => self.out.push_str(&escaped),
                None => self.out.push(c),
            }
        }
        self.out.push('"');
    }

    /// A string in a style chosen from those that can hold it.
    fn string(&mut self, s: &str, parent: usize) {
        let lines_ok = s.chars().all(|c| c == '\n' || printable(c));
        // The first line with content sets the indentation: it must not start with a space.
        let first_content = s.split('\n').find(|line| !line.is_empty());
        let literal_ok = lines_ok && first_content.is_some_and(|line| !line.starts_with(' '));
        let folded_ok = literal_ok && !s.contains('\n');
        match self.rng.below(6) {
            0 | 1 if plain_ok(s) => {
                self.out.push(' ');
                self.out.push_str(s);
                self.end_line();
            }
            2 if s.chars().all(printable) => {
                self.out.push_str(" '");
                self.out.push_str(&s.replace('\'', "''"));
                self.out.push('\'');
                self.end_line();
            }
            3 if literal_ok => self.literal(s, parent),
            4 if folded_ok => self.folded(s, parent),
            _ => {
                self.out.push(' ');
                self.double_quoted(s);
                self.end_line();
            }
        }
    }

    fn literal(&mut self, s: &str, parent: usize) {
        let body = s.trim_end_matches('\n');
        let trailing = s.len() - body.len();
        let header = match trailing {
            0 => " |-",
            1 if self.chance(2) => " |+",
            1 => " |",
            _ => " |+",
        };
        self.out.push_str(header);
        self.end_line();
        let column = parent + 1 + self.rng.below(4);
        for line in body.split('\n') {
            if line.is_empty() {
                // An empty line may hold spaces, fewer than the indentation.
                let spaces = self.rng.below(column);
                self.indent(spaces);
            } else {
                self.indent(column);
                self.out.push_str(line);
            }
            self.out.push('\n');
        }
        for _ in 1..trailing {
            self.out.push('\n');
        }
    }

    /// A folded scalar holding the words of `s` (not always `s` itself: a break folds to
    /// one space), broken across lines, with the odd empty or more-indented line.
    fn folded(&mut self, s: &str, parent: usize) {
        let chomp = ["", "-", "+"][self.rng.below(3)];
        self.out.push_str(" >");
        self.out.push_str(chomp);
        self.end_line();
        let column = parent + 1 + self.rng.below(4);
        let mut line_start = true;
        for (n, word) in s.split(' ').enumerate() {
            if n > 0 {
                if self.chance(3) {
                    self.out.push('\n');
                    if self.chance(5) {
                        self.out.push('\n');
                    }
                    line_start = true;
                } else {
                    self.out.push(' ');
                }
            }
            if line_start {
                self.indent(column);
                if n > 0 && self.chance(6) {
                    self.out.push_str("  ");
                }
                line_start = false;
            }
            self.out.push_str(word);
        }
        self.out.push('\n');
        if chomp == "+" && self.chance(2) {
            self.out.push('\n');
        }
    }
}

const WORDS: &[&str] = &[
    "~",
    "null",
    "Null",
    "NULL",
    "true",
    "True",
    "FALSE",
    "yes",
    "no",
    "on",
    "1",
    "-1",
    "+1",
    "0",
    "-0",
    "010",
    "-010",
    "0x1F",
    "-0x1f",
    "0o17",
    "0b101",
    "0x",
    "1.5",
    "-.5",
    "5.",
    "1e3",
    "1E-3",
    "1_000",
    ".inf",
    "-.Inf",
    "+.INF",
    ".nan",
    ".NaN",
    "inf",
    "nan",
    "infinity",
    "18446744073709551616",
    "-9223372036854775809",
    "technical",
    "critical",
    "a b",
    "a:b",
    "a#b",
    "-x",
    "---",
    "...",
    "é",
    "a — b",
    "'",
    "\"",
    "\\",
];

fn scalar_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{1,8}",
        "[a-z]{1,5}( {1,2}[a-z]{1,5}){0,3}",
        prop::sample::select(WORDS).prop_map(String::from),
        "[-+]?(0x|0o|0b|0|\\.)?[0-9a-fA-F_.eE]{1,6}",
        "[ -~]{0,16}",
        "[a-z \\\\\"'#:\\-é—\u{85}\u{a0}\u{2028}\u{feff}\u{7}\t\r\n]{0,12}",
        "( {0,2}[a-z#:]{0,6} {0,2}\n){1,4}[a-z ]{0,6}",
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z_][a-z0-9_ -]{0,8}",
        "[0-9]{1,3}",
        prop::sample::select(WORDS).prop_map(String::from),
        "[ -~]{1,6}",
    ]
    .prop_filter("a plain key", |k| key_ok(k))
}

fn tree() -> impl Strategy<Value = Tree> {
    let leaf = prop_oneof![
        scalar_text().prop_map(Tree::Str),
        scalar_text()
            .prop_filter("plain", |s| s.is_empty() || plain_ok(s))
            .prop_map(Tree::Plain),
    ];
    leaf.prop_recursive(5, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Tree::Seq),
            prop::collection::vec((key(), inner), 0..6).prop_map(Tree::Map),
        ]
    })
}

/// Pieces that turn YAML into near misses.
const NOISE: &[&str] = &[
    ": ", "- ", "-", "#", " #", " ", "  ", "\t", "'", "\"", "|", "|-", ">", "&a ", "*a", "!t ",
    "[", "]", "{", "}", "{a: 1}", ",", "\n", "\n ", "\n  - ", "---\n", "...\n", "\\", "\\n", "? ",
    "%", "@", "`", "\r", "\u{85}", "\u{feff}", "~", "1", "x", "k: v",
];

/// One to three random edits: insert noise, delete a few characters, indent, dedent or
/// duplicate a line.
fn mutate(text: &str, seed: u64) -> String {
    let mut rng = Rng::new(seed ^ 0x5eed);
    let mut text = text.to_string();
    for _ in 0..1 + rng.below(3) {
        if text.is_empty() {
            text.push_str(NOISE[rng.below(NOISE.len())]);
            continue;
        }
        let mut at = rng.below(text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let line_start = text[..at].rfind('\n').map_or(0, |k| k + 1);
        match rng.below(6) {
            0 | 1 => text.insert_str(at, NOISE[rng.below(NOISE.len())]),
            2 => {
                let mut end = (at + 1 + rng.below(4)).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                text.replace_range(at..end, "");
            }
            3 => text.insert(line_start, ' '),
            4 if text[line_start..].starts_with(' ') => {
                text.remove(line_start);
            }
            _ => {
                let line_end = text[at..].find('\n').map_or(text.len(), |k| at + k + 1);
                let line = text[line_start..line_end].to_string();
                text.insert_str(line_start, &line);
            }
        }
    }
    text
}

/// The fast reader on text in the subset: it must answer, and as yaml_serde does (or fail
/// where yaml_serde fails, on a duplicate key).
fn exact<T: serde::de::DeserializeOwned + std::fmt::Debug>(
    text: &str,
) -> Result<(), TestCaseError> {
    let fast = from_str::<T>(text);
    match serde_yaml::from_str::<T>(text) {
        Ok(slow) => prop_assert_eq!(
            fast.map(|v| format!("{v:?}")),
            Some(format!("{slow:?}")),
            "text: {:?}",
            text
        ),
        Err(e) => prop_assert!(fast.is_none(), "yaml_serde: {e}; text: {text:?}"),
    }
    Ok(())
}

/// A fragment of a small generated framework, as a tree, with one leaf in eight replaced by
/// a scalar that tests resolution (a number where a string is, a string where a number is).
fn fragment_tree(seed: u64) -> Tree {
    let mut rng = Rng::new(seed);
    let scale = Scale {
        skills: 2 + rng.below(4),
        roles: 1 + rng.below(2),
        expectations_per_role: 1 + rng.below(4),
        pathways: 1,
        resources: 1 + rng.below(3),
        blueprint_roles: rng.below(2) == 0,
    };
    let data = synth::framework(scale, seed);
    let fragment = match rng.below(4) {
        0 => Fragment {
            skills: data.skills,
            ..Fragment::default()
        },
        1 => Fragment {
            roles: data.roles,
            ..Fragment::default()
        },
        2 => Fragment {
            pathways: data.pathways,
            ..Fragment::default()
        },
        _ => Fragment {
            resources: data.resources,
            ..Fragment::default()
        },
    };
    let value = serde_yaml::to_value(&fragment).unwrap();
    disturb(tree_of(&value), &mut rng)
}

fn tree_of(value: &Value) -> Tree {
    match value {
        Value::Null => Tree::Plain(String::new()),
        Value::Bool(b) => Tree::Plain(b.to_string()),
        Value::Number(n) => Tree::Plain(n.to_string()),
        Value::String(s) => Tree::Str(s.clone()),
        Value::Sequence(items) => Tree::Seq(items.iter().map(tree_of).collect()),
        Value::Mapping(entries) => Tree::Map(
            entries
                .iter()
                .map(|(k, v)| {
                    let key = match k {
                        Value::String(s) => s.clone(),
                        other => serde_yaml::to_string(other).unwrap().trim().to_string(),
                    };
                    (key, tree_of(v))
                })
                .collect(),
        ),
        Value::Tagged(_) => unreachable!("no tags in the model"),
    }
}

fn disturb(tree: Tree, rng: &mut Rng) -> Tree {
    const PLAIN: &[&str] = &[
        "", "~", "true", "1", "300", "-1", "0x1F", "1e3", ".inf", "010", "3.5",
    ];
    const STR: &[&str] = &["1", "true", "technical", "critical", "x", "~"];
    match tree {
        Tree::Seq(items) => Tree::Seq(items.into_iter().map(|t| disturb(t, rng)).collect()),
        Tree::Map(entries) => Tree::Map(
            entries
                .into_iter()
                .map(|(k, v)| (k, disturb(v, rng)))
                .collect(),
        ),
        leaf if rng.below(8) != 0 => leaf,
        _ if rng.below(2) == 0 => Tree::Plain(PLAIN[rng.below(PLAIN.len())].to_string()),
        _ => Tree::Str(STR[rng.below(STR.len())].to_string()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn in_the_subset_the_fast_reader_answers_as_yaml_serde(tree in tree(), seed in any::<u64>()) {
        exact::<Value>(&Writer::document(&tree, seed))?;
    }

    #[test]
    fn near_misses_are_read_as_yaml_serde_reads_them_or_left_to_it(
        tree in tree(),
        seed in any::<u64>(),
    ) {
        agreed::<Value>(&mutate(&Writer::document(&tree, seed), seed));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn fragments_are_read_as_yaml_serde_reads_them(seed in any::<u64>()) {
        let text = Writer::document(&fragment_tree(seed), seed);
        exact::<Fragment>(&text)?;
        agreed::<Fragment>(&mutate(&text, seed));
    }

    #[test]
    fn manifests_are_read_as_yaml_serde_reads_them(seed in any::<u64>()) {
        let manifest = synth::framework(Scale { skills: 1, roles: 1, expectations_per_role: 1, pathways: 1, resources: 1, blueprint_roles: false }, 1).manifest;
        let mut rng = Rng::new(seed);
        let tree = disturb(tree_of(&serde_yaml::to_value(&manifest).unwrap()), &mut rng);
        let text = Writer::document(&tree, seed);
        exact::<Manifest>(&text)?;
        agreed::<Manifest>(&mutate(&text, seed));
    }
}

/// The near-miss property means something only if both outcomes are common.
#[test]
fn near_misses_take_both_paths() {
    let mut runner = TestRunner::deterministic();
    let strategy = tree();
    let (mut fast, mut left) = (0, 0);
    for seed in 0..600 {
        let tree = strategy.new_tree(&mut runner).unwrap().current();
        let text = mutate(&Writer::document(&tree, seed), seed);
        match agreed::<Value>(&text) {
            Some(_) => fast += 1,
            None => left += 1,
        }
    }
    assert!(
        fast >= 100 && left >= 100,
        "{fast} read fast, {left} left to yaml_serde"
    );
}
