//! The fast reader against yaml_serde: wherever it answers, it must answer exactly as
//! yaml_serde does; and on the YAML frameworks are written in, it must answer.

use super::agreed;
use crate::framework::{Fragment, Manifest};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_yaml::Value;
use std::collections::BTreeMap;
use std::fmt::Debug;
use std::path::{Path, PathBuf};

/// Like `agreed`, and the fast reader must have answered.
fn read<T: DeserializeOwned + Debug>(text: &str) -> T {
    agreed(text).unwrap_or_else(|| panic!("the fast reader gave up on {text:?}"))
}

/// The string value of key `a`, read by the fast reader (and checked against yaml_serde).
fn string_a(text: &str) -> String {
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct A {
        a: String,
        /// So a text can go on after the scalar.
        #[serde(default)]
        #[allow(dead_code)]
        b: Option<u8>,
    }
    read::<A>(text).a
}

// ---------------------------------------------------------------------------------------
// Block scalars: every chomping and indentation case, against libyaml's answer.

#[test]
fn literal_block_scalars_chomp_as_libyaml_does() {
    for (text, expected) in [
        // Clip keeps one line break, strip none, keep all.
        ("a: |\n  x\n  y\n", "x\ny\n"),
        ("a: |-\n  x\n  y\n", "x\ny"),
        ("a: |+\n  x\n  y\n", "x\ny\n"),
        ("a: |\n  x\n\n\nb: 1\n", "x\n"),
        ("a: |-\n  x\n\n\nb: 1\n", "x"),
        ("a: |+\n  x\n\n\nb: 1\n", "x\n\n\n"),
        // Trailing blank lines at the end of the text.
        ("a: |+\n  x\n\n", "x\n\n"),
        ("a: |\n  x\n\n", "x\n"),
        // No line break at the end of the text: none to keep.
        ("a: |\n  x", "x"),
        ("a: |+\n  x", "x"),
        ("a: |-\n  x", "x"),
        // Empty block scalars.
        ("a: |\nb: 1\n", ""),
        ("a: |+\n\nb: 1\n", "\n"),
        ("a: |-\n\n\nb: 1\n", ""),
        ("a: |\n", ""),
        ("a: |", ""),
        // A comment after the header.
        ("a: |- # why\n  x\n", "x"),
        ("a: | # why\n  x\n", "x\n"),
    ] {
        assert_eq!(string_a(text), expected, "{text:?}");
    }
}

#[test]
fn block_scalar_indentation_follows_the_first_line() {
    for (text, expected) in [
        // Lines indented further than the first keep the extra spaces (what the synthetic
        // frameworks write).
        ("a: |-\n    First\n        second.\n", "First\n    second."),
        ("a: |-\n  x\n    y\n  z\n", "x\n  y\nz"),
        // Leading empty lines are content; so is a line of spaces past the indentation.
        ("a: |\n\n  x\n", "\nx\n"),
        ("a: |\n  x\n     \n  y\n", "x\n   \ny\n"),
        // A line of fewer spaces is an empty line.
        ("a: |\n  x\n \n  y\n", "x\n\ny\n"),
        // A `#` inside the indentation is content, not a comment.
        ("a: |\n  x\n    # c\n", "x\n  # c\n"),
        ("a: |\n  # c\n", "# c\n"),
        // Content deeper than its key by any amount.
        ("a: |\n          x\n", "x\n"),
        ("a: |\n x\n", "x\n"),
    ] {
        assert_eq!(string_a(text), expected, "{text:?}");
    }
}

#[test]
fn folded_block_scalars_fold_as_libyaml_does() {
    for (text, expected) in [
        ("a: >\n  x\n  y\n\n  z\n", "x y\nz\n"),
        ("a: >-\n  x\n  y\n", "x y"),
        ("a: >+\n  x\n  y\n\n", "x y\n\n"),
        // More-indented lines are not folded, nor the breaks around them.
        ("a: >-\n  x\n    y\n  z\n", "x\n  y\nz"),
        ("a: >\n  x\n\n    y\n\n  z\n", "x\n\n  y\n\nz\n"),
        // Several empty lines between paragraphs.
        ("a: >-\n  x\n\n\n  y\n", "x\n\ny"),
        ("a: >\n\n  x\n", "\nx\n"),
    ] {
        assert_eq!(string_a(text), expected, "{text:?}");
    }
}

#[test]
fn block_scalars_end_where_their_parent_says() {
    #[derive(Debug, Deserialize, PartialEq)]
    struct Item {
        a: String,
        b: u8,
    }
    // In a compact mapping, the content must be deeper than the key, not just the `-`.
    let items: Vec<Item> = read("- a: |\n    x\n  b: 1\n- a: >-\n   y\n   z\n  b: 2\n");
    assert_eq!(
        items,
        [
            Item {
                a: "x\n".into(),
                b: 1
            },
            Item {
                a: "y z".into(),
                b: 2
            }
        ]
    );
    // As sequence entries, at a key's column or deeper.
    let lists: BTreeMap<String, Vec<String>> = read("k:\n- |\n  x\n- y\nl:\n  - |-\n    z\n");
    assert_eq!(lists["k"], ["x\n", "y"]);
    assert_eq!(lists["l"], ["z"]);
}

#[test]
fn block_scalars_the_fast_reader_leaves_to_yaml_serde() {
    for text in [
        // An indentation indicator.
        "a: |2\n   x\n",
        // A leading line of spaces deeper than the first line (libyaml takes its depth).
        "a: |\n     \n  x\n",
        // A less indented comment ends the scalar; what follows is too deep.
        "a: |\n    x\n  # c\n    y\n",
        // Tabs.
        "a: |\n  x\ty\n",
        // Text after the header.
        "a: | x\n  y\n",
        "a: |#c\n  y\n",
    ] {
        assert!(agreed::<Value>(text).is_none(), "{text:?}");
    }
}

// ---------------------------------------------------------------------------------------
// Scalars: how each type reads each plain scalar, as yaml_serde reads it.

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Typed {
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    string: String,
    #[serde(default)]
    level: Option<u8>,
    #[serde(default)]
    hours: Option<f64>,
    #[serde(default)]
    flag: Option<bool>,
    #[serde(default)]
    signed: Option<i32>,
    #[serde(default)]
    anchors: BTreeMap<u8, String>,
    #[serde(default)]
    list: Vec<String>,
    #[serde(default)]
    kind: Option<crate::framework::SkillKind>,
}

#[test]
fn a_string_field_takes_any_scalar_as_written() {
    for (value, expected) in [
        ("true", "true"),
        ("1", "1"),
        ("~", "~"),
        ("null", "null"),
        ("0x1F", "0x1F"),
        ("1e3", "1e3"),
        (".inf", ".inf"),
        ("'it''s'", "it's"),
        ("\"tab\\there \\u00e9\\x41\"", "tab\there éA"),
        ("\"\"", ""),
        ("''", ""),
        ("a b  c", "a b  c"),
        ("a#b", "a#b"),
        ("a # comment", "a"),
        ("x:y", "x:y"),
        ("-x", "-x"),
        ("---", "---"),
        ("", ""),
    ] {
        let typed: Typed = read(&format!("string: {value}\n"));
        assert_eq!(typed.string, expected, "{value:?}");
    }
}

#[test]
fn options_are_none_for_null_and_empty_only() {
    for (text, expected) in [
        ("text: ~\n", None),
        ("text: null\n", None),
        ("text: NULL\n", None),
        ("text:\n", None),
        ("text: # nothing\n", None),
        ("text: 'null'\n", Some("null")),
        ("text: \"~\"\n", Some("~")),
        ("text: nil\n", Some("nil")),
        ("text: |-\n  ~\n", Some("~")),
    ] {
        assert_eq!(read::<Typed>(text).text.as_deref(), expected, "{text:?}");
    }
    assert_eq!(read::<Typed>("level:\n").level, None);
    assert_eq!(read::<Typed>("level: 3\n").level, Some(3));
}

#[test]
fn numbers_and_booleans_resolve_as_yaml_serde_resolves_them() {
    for (text, level) in [
        ("level: 3", 3),
        ("level: +3", 3),
        ("level: 0x1F", 31),
        ("level: 0o17", 15),
        ("level: 0b11", 3),
    ] {
        assert_eq!(read::<Typed>(text).level, Some(level), "{text:?}");
    }
    for (text, hours) in [
        ("hours: 1e3", 1000.0),
        ("hours: 9", 9.0),
        ("hours: 010", 10.0),
        ("hours: -.5", -0.5),
        ("hours: .inf", f64::INFINITY),
        ("hours: -.Inf", f64::NEG_INFINITY),
    ] {
        assert_eq!(read::<Typed>(text).hours, Some(hours), "{text:?}");
    }
    assert!(read::<Typed>("hours: .nan").hours.unwrap().is_nan());
    assert_eq!(read::<Typed>("signed: -0x10").signed, Some(-16));
    assert_eq!(read::<Typed>("flag: True").flag, Some(true));
    assert_eq!(read::<Typed>("flag: FALSE").flag, Some(false));
    // Integer keys, as the skill anchors have.
    let typed: Typed = read("anchors: {}\n");
    assert!(typed.anchors.is_empty());
    let typed: Typed = read("anchors:\n  1: a\n  0x2: b\n  3: |\n    c\n");
    assert_eq!(typed.anchors[&1], "a");
    assert_eq!(typed.anchors[&2], "b");
    assert_eq!(typed.anchors[&3], "c\n");
    // Enums from any scalar style.
    assert_eq!(
        read::<Typed>("kind: 'technical'").kind,
        Some(crate::framework::SkillKind::Technical)
    );
}

#[test]
fn type_mismatches_are_left_to_yaml_serde() {
    for text in [
        "level: '3'",
        "level: 300",
        "level: -1",
        "level: 3.0",
        "level: 010",
        "hours: '1'",
        "hours: 1_000",
        "hours: inf",
        "flag: yes",
        "flag: 'true'",
        "string: [a]",
        "string:\n  a: b\n",
        "list: a",
        "list: {}",
        "anchors: {x: a}",
        "anchors:\n  '1': a\n",
        "anchors:\n  x: a\n",
        "kind: manager",
        "kind:\n  technical: x\n",
        "unknown: 1",
        "text: a\ntext: b\n",
    ] {
        assert!(agreed::<Typed>(text).is_none(), "{text:?}");
        assert!(serde_yaml::from_str::<Typed>(text).is_err(), "{text:?}");
    }
}

#[test]
fn values_resolve_as_yaml_serde_resolves_them() {
    for scalar in [
        "~",
        "null",
        "Null",
        "",
        "true",
        "False",
        "1",
        "-1",
        "+1",
        "0x1F",
        "-0x1F",
        "0o17",
        "0b101",
        "010",
        "-010",
        "1.5",
        "1e3",
        "-1E-3",
        ".inf",
        "-.inf",
        ".NaN",
        "18446744073709551616",
        "-9223372036854775809",
        "340282366920938463463374607431768211456",
        "1_000",
        "0x",
        "yes",
        "'1'",
        "\"true\"",
        "[1, '2', \"3\", a b, -4]",
        "[]",
        "{}",
        "{ a: 1, 2: '3', c: \"d\" }",
    ] {
        // Where yaml_serde refuses (a `Value` has no 128-bit integers), so must the fast reader.
        let text = format!("v: {scalar}\n");
        assert_eq!(
            agreed::<Value>(&text).is_some(),
            serde_yaml::from_str::<Value>(&text).is_ok(),
            "{text:?}"
        );
    }
}

#[test]
fn characters_libyaml_treats_apart_are_found_anywhere() {
    // Around the reader's 1024-byte blocks, so a character may straddle two.
    for pad in 1018..1030 {
        let x = "x".repeat(pad);
        let fine = format!("a: {x}\u{e9}\u{2014}\u{20ac}\u{1f600}\u{a0}\n");
        assert!(super::plain_characters(fine.as_bytes()), "{pad}");
        for odd in [
            "\t", "\r", "\0", "\u{7f}", "\u{85}", "\u{9f}", "\u{2028}", "\u{2029}", "\u{feff}",
            "\u{fffe}", "\u{ffff}",
        ] {
            let text = format!("a: {x}{odd}\n");
            assert!(!super::plain_characters(text.as_bytes()), "{pad} {odd:?}");
        }
    }
}

proptest::proptest! {
    #[test]
    fn colons_and_hashes_are_found_eight_bytes_at_a_time(
        bytes in proptest::collection::vec(
            proptest::sample::select(&[b':', b'#', b';', b'9', b'"', b'$', b'a', 0x00, 0x80, 0xba, 0xff][..]),
            0..40,
        ),
    ) {
        let naive = bytes.iter().position(|&b| b == b':' || b == b'#');
        proptest::prop_assert_eq!(super::colon_or_hash(&bytes), naive);
    }
}

// ---------------------------------------------------------------------------------------
// Structure.

#[test]
fn block_structure_in_its_usual_shapes() {
    for text in [
        // What yaml_serde writes: sequences at their key's column.
        "skills:\n- id: a\n  anchors:\n    1: x\n  sources:\n  - s\n- id: b\n",
        // Sequences indented under their key; compact mappings with more spaces after `-`.
        "a:\n  - x\n  -   k: 1\n      l: 2\n  -\n    m: 3\n  - - 4\n",
        // A mapping indented by one, by four; a top-level mapping not at the margin.
        "a:\n b: 1\n c:\n     d: 2\n",
        "  a: 1\n  b: 2\n",
        // Comments and blank lines anywhere, a leading `---`.
        "--- # start\n# c\na: 1 # c\n\n   # c\nb:\n# c\n  - x\n\n  # c\n  - y\n",
        // Empty values: null, or an empty collection for a collection.
        "a:\nb: ~\nc:\n- \n-\n- ~\n",
        // Top-level sequences.
        "- a\n- b: 1\n  c: 2\n-\n  - d\n",
    ] {
        // `- - 4` is outside the subset: the fast reader must leave it, not misread it.
        let fast = agreed::<Value>(text);
        assert_eq!(fast.is_some(), !text.contains("- - "), "{text:?}");
    }
}

#[test]
fn shapes_outside_the_subset_are_left_to_yaml_serde() {
    for text in [
        // Anchors, aliases, tags, directives, documents.
        "a: &x 1\nb: *x\n",
        "a: !t 1\n",
        "%YAML 1.1\n---\na: 1\n",
        "a: 1\n---\nb: 2\n",
        "a: 1\n...\n",
        // Multi-line scalars.
        "a: one\n  two\n",
        "a: 'one\n  two'\n",
        "a: \"one\\\n  two\"\n",
        "- one\n  two\n",
        // Flow collections nested, over several lines, with empty or odd entries.
        "a: [[1]]\n",
        "a: [{b: 1}]\n",
        "a: {b: [1]}\n",
        "a: {b: 1,\n  c: 2}\n",
        "a: {b: }\n",
        "a: {b}\n",
        "a: {b:1}\n",
        "a: {'b': 1}\n",
        "a: [1, ]\n",
        "a: [x:y]\n",
        // Complex keys, quoted keys.
        "a: [b: 1]\n",
        "? a\n: 1\n",
        "'a': 1\n",
        "\"a\": 1\n",
        // Tabs, carriage returns, a byte order mark, control characters, other line breaks.
        "a:\t1\n",
        "a: 1\r\nb: 2\r\n",
        "\u{feff}a: 1\n",
        "a: \u{7}\n",
        "a: x\u{85}y\n",
        "a: x\u{2028}y\n",
        // Syntax errors.
        "a: 1\n b: 2\n",
        "a: b: c\n",
        "a:\n  - x\n  b: 1\n",
        "- a\nb: 1\n",
        "a: [1, 2\n",
        "a: 'x' y\n",
        "a: - x\n",
        "a\n",
        "",
        "# only a comment\n",
        "---\n",
    ] {
        assert!(agreed::<Value>(text).is_none(), "{text:?}");
    }
}

// ---------------------------------------------------------------------------------------
// The framework files that exist: the fast path must be the one taken.

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(yaml_files(&path));
        } else if path.extension().is_some_and(|e| e == "yaml") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// Reads every YAML file of a framework folder with the fast reader, as the loader would,
/// and checks the result against yaml_serde. Returns how many files were read.
fn every_file_is_read_fast(dir: &Path) -> usize {
    let files = yaml_files(dir);
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let read = if file.file_name().is_some_and(|n| n == "framework.yaml") {
            agreed::<Manifest>(&text).is_some()
        } else {
            agreed::<Fragment>(&text).is_some()
        };
        assert!(read, "the fast reader gave up on {}", file.display());
        assert!(agreed::<Value>(&text).is_some(), "{}", file.display());
    }
    files.len()
}

#[test]
fn the_embedded_framework_is_read_fast() {
    assert!(every_file_is_read_fast(&repo().join("data")) >= 20);
}

#[test]
fn the_example_framework_is_read_fast() {
    assert!(every_file_is_read_fast(&repo().join("examples/acme-sre")) >= 5);
}

#[test]
fn generated_frameworks_are_read_fast() {
    use crate::synth::{self, Scale};
    for (seed, blueprint_roles) in [(1, true), (2, false)] {
        let dir = tempfile::tempdir().unwrap();
        let scale = Scale {
            skills: 40,
            roles: 6,
            expectations_per_role: 12,
            pathways: 3,
            resources: 40,
            blueprint_roles,
        };
        let data = synth::framework(scale, seed);
        synth::write_folder(&data, dir.path(), 10).unwrap();
        assert!(every_file_is_read_fast(dir.path()) >= 10);
    }
}

mod differential;
