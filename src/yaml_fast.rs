//! A fast reader for the plain YAML that framework files are written in.
//!
//! A framework the size of ESCO is 50 to 80 MB of YAML, and `yaml_serde` spends about 300
//! instructions a byte on it: libyaml scans every character through a general state machine,
//! stores every event, and only then deserializes. Nearly all of that YAML has one simple
//! shape (what `yaml_serde` itself writes, and what people write by hand): block mappings
//! and sequences, one-line scalars and block scalars. This module reads that shape a line at
//! a time, straight into the serde types, borrowing from the text and allocating only the
//! final strings.
//!
//! # The contract
//!
//! [`from_str`] returns `None` whenever the text leaves the subset below or anything at all
//! goes wrong: anchors, aliases, tags, tabs, carriage returns, control characters, multi-line
//! plain or quoted scalars, flow collections that nest or span lines, complex or quoted keys,
//! directives or a second document, a deserialization error of any kind (a type mismatch, an
//! unknown field, a duplicate key, a missing field). The caller then runs `yaml_serde` on the same text, unchanged, so every
//! error message and location stays exactly what it was. It returns `Some(value)` only where
//! `yaml_serde` returns `Ok` with an equal value: scalars resolve as `yaml_serde` resolves
//! them for each target type (the functions at the end of this file mirror its `de.rs`), and
//! the visitor sees the same calls in the same order. The differential tests below hold it
//! to that.
//!
//! # The subset
//!
//! * Block mappings of plain keys (`key: value`, `key:` with the value below or empty), at
//!   any consistent indentation.
//! * Block sequences (`- item`), also at their parent key's indentation, and compact
//!   mappings inside them (`- key: value` with the other keys below `key`).
//! * Scalars on one line: plain, single-quoted, double-quoted (with libyaml's escapes).
//! * Literal and folded block scalars (`|`, `|-`, `|+`, `>`, `>-`, `>+`, without an
//!   indentation indicator), folded and chomped exactly as libyaml does.
//! * Flow sequences and mappings of one-line scalars, on one line (`[a, "b"]`, `[]`,
//!   `{ rank: 1, name: x }`, `{}`), with plain keys.
//! * Comments, blank lines, and one leading `---`.
//!
//! The guard (`yaml_guard`) still runs first: this reader refuses aliases and deep nesting
//! anyway, but the general parser behind it must not see a bomb.

use crate::byte_search;
use serde::de::{self, DeserializeOwned, DeserializeSeed, Visitor};
use std::borrow::Cow;
use std::fmt;

/// Deepest nesting read here (the guard refuses more than 64 anyway; `yaml_serde` allows 128).
const MAX_DEPTH: usize = 64;

/// libyaml gives up on a key longer than 1024 characters; stay well inside that.
const MAX_KEY_BYTES: usize = 1000;

/// Reads `text` into `T` when it is in the subset this module handles; `None` otherwise, or
/// on any error, and then `yaml_serde` must be asked. See the module documentation for the
/// contract: `Some(value)` only where `yaml_serde::from_str::<T>(text)` gives `Ok(value)`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
    if !plain_characters(text.as_bytes()) {
        return None;
    }
    let mut reader = Reader {
        text,
        line: None,
        depth: 0,
    };
    let node = reader.document().ok()?;
    let value = T::deserialize(Node {
        reader: &mut reader,
        kind: node,
    })
    .ok()?;
    // Anything left over (less indented than the top node) is not one document.
    reader.line.is_none().then_some(value)
}

/// Panics if the fast reader answers for `text` where yaml_serde does not, or differently:
/// read as a `serde_yaml::Value`, a framework fragment and a manifest. Text the guard refuses
/// is skipped (the loader never parses it). For fuzzing and the fuzz corpus replay.
#[doc(hidden)]
pub fn assert_agrees_with_yaml_serde(text: &str) {
    if crate::yaml_guard::guard(text).is_err() {
        return;
    }
    agreed::<serde_yaml::Value>(text);
    agreed::<crate::framework::Fragment>(text);
    agreed::<crate::framework::Manifest>(text);
}

/// The fast reader's answer, after checking that where it has one, yaml_serde gives the same
/// (compared through `Debug`, which tells NaN, -0.0 and every string apart).
#[doc(hidden)]
pub fn agreed<T: DeserializeOwned + fmt::Debug>(text: &str) -> Option<T> {
    let fast = from_str::<T>(text);
    if let Some(fast) = &fast {
        match serde_yaml::from_str::<T>(text) {
            Ok(slow) => assert_eq!(
                format!("{fast:?}"),
                format!("{slow:?}"),
                "the fast reader and yaml_serde disagree on {text:?}"
            ),
            Err(e) => panic!("the fast reader accepted {text:?}, yaml_serde refused it: {e}"),
        }
    }
    fast
}

/// Whether every character is one the subset allows: printable ASCII, line feeds, and
/// non-ASCII characters other than those libyaml refuses (C1 controls, U+FFFE, U+FFFF) or
/// treats as line breaks or skips (NEL, LS, PS, the byte order mark). No tabs and no carriage
/// returns: they have rules of their own in YAML that this reader does not follow.
fn plain_characters(bytes: &[u8]) -> bool {
    // Most blocks are printable ASCII and line feeds: one branch-free pass that vectorizes
    // (blocks long enough to pay for summing up the vector at their end).
    for (n, block) in bytes.chunks(1024).enumerate() {
        let odd = block.iter().fold(0u8, |odd, &b| {
            odd | (u8::from(b.wrapping_sub(0x20) > 0x5e) & u8::from(b != b'\n'))
        });
        if odd != 0 && !plain_block(bytes, n * 1024, n * 1024 + block.len()) {
            return false;
        }
    }
    true
}

/// `plain_characters` one character at a time, for the characters that start in
/// `bytes[start..end]`; one that runs on past `end` is looked at whole.
fn plain_block(bytes: &[u8], start: usize, end: usize) -> bool {
    // Back to the start of the character the block begins in (never more than 3 bytes).
    let mut i = start;
    while i > 0 && (0x80..0xc0).contains(&bytes[i]) {
        i -= 1;
    }
    while i < end {
        let b = bytes[i];
        let at = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
        i += match b {
            b'\n' | 0x20..=0x7e => 1,
            0x00..=0x1f | 0x7f => return false,
            // Lead bytes of valid UTF-8 (the text is a `str`).
            0xc2 if (0x80..=0x9f).contains(&at(1)) => return false,
            0xe2 if at(1) == 0x80 && matches!(at(2), 0xa8 | 0xa9) => return false,
            0xef if (at(1), at(2)) == (0xbb, 0xbf) => return false,
            0xef if at(1) == 0xbf && matches!(at(2), 0xbe | 0xbf) => return false,
            0xc0..=0xdf => 2,
            0xe0..=0xef => 3,
            _ => 4,
        };
    }
    true
}

/// Why the fast path gave up. It carries nothing: the caller asks `yaml_serde` instead.
#[derive(Debug)]
pub struct Bail;

impl fmt::Display for Bail {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("outside the YAML subset the fast reader handles")
    }
}

impl std::error::Error for Bail {}

impl de::Error for Bail {
    fn custom<T: fmt::Display>(_: T) -> Bail {
        Bail
    }
}

type Result<T, E = Bail> = std::result::Result<T, E>;

/// A line with content (not blank, not only a comment). For the first key of a compact
/// mapping (`- key: value`), `indent` is the key's column and the line starts before it.
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    /// Spaces before the content: the content's column.
    indent: usize,
    /// The line feed ending it, or the end of the text.
    end: usize,
}

impl Line {
    fn content(&self) -> usize {
        self.start + self.indent
    }
}

struct Reader<'a> {
    text: &'a str,
    /// The next line with content, not yet consumed; `None` at the end of the text.
    line: Option<Line>,
    /// Sequences and mappings open.
    depth: usize,
}

/// What a value turned out to be, once its first line has been looked at.
enum Kind<'a> {
    Plain(&'a str),
    /// Quoted or block scalar: always a string, whatever it looks like.
    Text(Cow<'a, str>),
    /// A flow sequence on one line, already checked: the text after its `[`, up to and
    /// including its `]`.
    FlowSeq(&'a str),
    /// The same for a flow mapping, from after its `{` to its `}`.
    FlowMap(&'a str),
    /// A block mapping whose first key is on the reader's current line, at this column.
    Map(usize),
    /// A block sequence whose first `-` is on the reader's current line, at this column;
    /// `true` when it sits at its parent key's column (it ends at a line without `-` there).
    Seq(usize, bool),
}

impl<'a> Reader<'a> {
    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    fn slice(&self, start: usize, end: usize) -> Result<&'a str> {
        self.text.get(start..end).ok_or(Bail)
    }

    /// The first line with content at or after `pos` (a line start), skipping blank lines
    /// and comments.
    fn next_line(&self, mut pos: usize) -> Option<Line> {
        let bytes = self.bytes();
        while pos < bytes.len() {
            let indent = bytes[pos..].iter().take_while(|&&b| b == b' ').count();
            let content = pos + indent;
            let end =
                byte_search::find(b'\n', &bytes[content..]).map_or(bytes.len(), |k| content + k);
            if content < end && bytes[content] != b'#' {
                return Some(Line {
                    start: pos,
                    indent,
                    end,
                });
            }
            pos = end + 1;
        }
        None
    }

    /// Consumes lines up to `pos` (a line start): the next line with content becomes current.
    fn advance(&mut self, pos: usize) -> Result<()> {
        self.line = self.next_line(pos);
        if let Some(line) = self.line {
            // `---` or `...` at the left margin would end the document.
            let rest = &self.bytes()[line.start..line.end];
            if line.indent == 0 && (rest.starts_with(b"---") || rest.starts_with(b"...")) {
                return Err(Bail);
            }
        }
        Ok(())
    }

    /// Reads up to the top node: a block mapping or sequence, after an optional `---`.
    fn document(&mut self) -> Result<Kind<'a>> {
        let first = self.next_line(0).ok_or(Bail)?;
        let bytes = self.bytes();
        if first.indent == 0 && bytes[first.start..first.end].starts_with(b"---") {
            self.finish_line(first, first.start + 3)?;
            self.advance((first.end + 1).min(bytes.len()))?;
        } else {
            self.advance(first.start)?;
        }
        let line = self.line.ok_or(Bail)?;
        Ok(if self.is_entry(line) {
            Kind::Seq(line.indent, false)
        } else {
            Kind::Map(line.indent)
        })
    }

    /// Whether the line's content is a sequence entry (`-` then a space or the line end).
    fn is_entry(&self, line: Line) -> bool {
        let bytes = self.bytes();
        let at = line.content();
        bytes[at] == b'-' && (at + 1 == line.end || bytes[at + 1] == b' ')
    }

    /// Checks that only blanks and a comment follow `pos` on the line.
    fn finish_line(&self, line: Line, pos: usize) -> Result<()> {
        let bytes = self.bytes();
        let rest = bytes.get(pos..line.end).ok_or(Bail)?;
        let blanks = rest.iter().take_while(|&&b| b == b' ').count();
        match rest.get(blanks) {
            None => Ok(()),
            Some(b'#') if blanks > 0 => Ok(()),
            Some(_) => Err(Bail),
        }
    }

    /// The key of a mapping entry on `line`, and the position of its `:`.
    fn key(&self, line: Line) -> Result<(&'a str, usize)> {
        let start = line.content();
        if is_indicator(self.bytes()[start]) {
            return Err(Bail);
        }
        match scan_plain(self.bytes(), start, line.end) {
            (end, Some(colon)) if end - start <= MAX_KEY_BYTES => {
                Ok((self.slice(start, end)?, colon))
            }
            _ => Err(Bail),
        }
    }

    /// The value that starts at `at` on `line`: after a key's `:` (`in_map`) or a sequence
    /// entry's `-`. `parent` is the column of that key or `-`: lines below belong to the value
    /// only when indented further (or, for a key, when they are entries at its column).
    fn value(&mut self, line: Line, at: usize, parent: usize, in_map: bool) -> Result<Kind<'a>> {
        let bytes = self.bytes();
        let blanks = bytes[at..line.end]
            .iter()
            .take_while(|&&b| b == b' ')
            .count();
        let start = at + blanks;
        let next_line = (line.end + 1).min(bytes.len());
        let Some(&first) = bytes.get(start).filter(|_| start < line.end) else {
            self.advance(next_line)?;
            return Ok(self.below(parent, in_map));
        };
        let kind = match first {
            b'#' if blanks > 0 => {
                self.advance(next_line)?;
                return Ok(self.below(parent, in_map));
            }
            b'\'' | b'"' => {
                let (text, after) = quoted(self.text, start, line.end)?;
                self.finish_line(line, after)?;
                Kind::Text(text)
            }
            b'|' | b'>' => {
                return Ok(Kind::Text(Cow::Owned(
                    self.block_scalar(line, start, parent)?,
                )))
            }
            b'[' | b'{' => {
                let close = flow_end(self.text, start + 1, line.end)?;
                self.finish_line(line, close + 1)?;
                let inside = self.slice(start + 1, close + 1)?;
                if first == b'[' {
                    Kind::FlowSeq(inside)
                } else {
                    Kind::FlowMap(inside)
                }
            }
            // A plain scalar may start with `-` when no blank follows (`-1`, `-x`).
            b'-' if bytes.get(start + 1).is_some_and(|&b| b != b' ') && start + 1 < line.end => {
                self.plain(line, start, in_map)?
            }
            b if is_indicator(b) => return Err(Bail),
            _ => self.plain(line, start, in_map)?,
        };
        if !matches!(kind, Kind::Map(_)) {
            self.advance(next_line)?;
        }
        Ok(kind)
    }

    /// A plain scalar from `start`, or in a sequence entry, a compact mapping's first key.
    fn plain(&mut self, line: Line, start: usize, in_map: bool) -> Result<Kind<'a>> {
        match scan_plain(self.bytes(), start, line.end) {
            (end, None) => Ok(Kind::Plain(self.slice(start, end)?)),
            // `key: a: b` is an error; `- a: b` starts a mapping at `a`.
            (_, Some(_)) if in_map => Err(Bail),
            (_, Some(_)) => {
                let column = start - line.start;
                self.line = Some(Line {
                    start: line.start,
                    indent: column,
                    end: line.end,
                });
                Ok(Kind::Map(column))
            }
        }
    }

    /// The value of a key or entry with nothing after it on its line: a block collection
    /// on the lines below, or an empty plain scalar (null).
    fn below(&self, parent: usize, in_map: bool) -> Kind<'a> {
        match self.line {
            Some(line) if line.indent > parent => {
                if self.is_entry(line) {
                    Kind::Seq(line.indent, false)
                } else {
                    Kind::Map(line.indent)
                }
            }
            Some(line) if in_map && line.indent == parent && self.is_entry(line) => {
                Kind::Seq(line.indent, true)
            }
            _ => Kind::Plain(""),
        }
    }

    /// A literal (`|`) or folded (`>`) block scalar whose indicator is at `at`, read as
    /// libyaml's `yaml_parser_scan_block_scalar` reads it. `parent` is the indentation of the
    /// collection it belongs to: its content is indented further.
    fn block_scalar(&mut self, line: Line, at: usize, parent: usize) -> Result<String> {
        let bytes = self.bytes();
        let literal = bytes[at] == b'|';
        let mut header = at + 1;
        // -1 strip, 0 clip, 1 keep.
        let chomping = match bytes.get(header).filter(|_| header < line.end) {
            Some(b'-') => -1,
            Some(b'+') => 1,
            _ => 0,
        };
        if chomping != 0 {
            header += 1;
        }
        self.finish_line(line, header)?;

        let mut pos = (line.end + 1).min(bytes.len());
        // The text holds at least as many bytes as the value (indentation is dropped, every
        // other byte gives at most one): one allocation, no regrowth.
        let capacity = block_extent(bytes, pos, parent) - pos;
        let mut out = String::with_capacity(capacity);
        // 0 until the first line with content sets it.
        let mut indent = 0;
        let mut leading_break = false;
        let mut trailing_breaks = 0;
        let mut leading_blank = false;
        let mut column = block_breaks(bytes, &mut pos, &mut indent, &mut trailing_breaks, parent);
        while column == indent && pos + column < bytes.len() {
            let content = pos + column;
            let trailing_blank = bytes[content] == b' ';
            if !literal && leading_break && !leading_blank && !trailing_blank {
                // Folding: a single line break between two lines becomes a space.
                if trailing_breaks == 0 {
                    out.push(' ');
                }
            } else if leading_break {
                out.push('\n');
            }
            leading_break = false;
            push_breaks(&mut out, trailing_breaks);
            trailing_breaks = 0;
            leading_blank = trailing_blank;
            let end =
                byte_search::find(b'\n', &bytes[content..]).map_or(bytes.len(), |k| content + k);
            out.push_str(self.slice(content, end)?);
            if end < bytes.len() {
                leading_break = true;
                pos = end + 1;
            } else {
                pos = end;
            }
            column = block_breaks(bytes, &mut pos, &mut indent, &mut trailing_breaks, parent);
        }
        if chomping != -1 && leading_break {
            out.push('\n');
        }
        if chomping == 1 {
            push_breaks(&mut out, trailing_breaks);
        }
        debug_assert!(out.len() <= capacity, "{out:?} outgrew {capacity}");
        self.advance(pos)?;
        Ok(out)
    }
}

/// Where the block scalar whose content starts at `pos` ends: the loop of `block_scalar`
/// without the output.
fn block_extent(bytes: &[u8], mut pos: usize, parent: usize) -> usize {
    let (mut indent, mut breaks) = (0, 0);
    let mut column = block_breaks(bytes, &mut pos, &mut indent, &mut breaks, parent);
    while column == indent && pos + column < bytes.len() {
        let content = pos + column;
        pos = byte_search::find(b'\n', &bytes[content..]).map_or(bytes.len(), |k| content + k + 1);
        column = block_breaks(bytes, &mut pos, &mut indent, &mut breaks, parent);
    }
    pos
}

/// libyaml's `yaml_parser_scan_block_scalar_breaks`: from the line start `pos`, eats the
/// indentation (up to `indent` spaces once known) and empty lines, counting them in
/// `breaks`, and stops at the first line with more; returns its column. The first call sets
/// `indent`: the deepest of those lines, and at least one more than `parent`.
fn block_breaks(
    bytes: &[u8],
    pos: &mut usize,
    indent: &mut usize,
    breaks: &mut usize,
    parent: usize,
) -> usize {
    let mut deepest = 0;
    loop {
        let mut column = 0;
        while (*indent == 0 || column < *indent) && bytes.get(*pos + column) == Some(&b' ') {
            column += 1;
        }
        deepest = deepest.max(column);
        if bytes.get(*pos + column) == Some(&b'\n') {
            *breaks += 1;
            *pos += column + 1;
            continue;
        }
        if *indent == 0 {
            *indent = deepest.max(parent + 1);
        }
        return column;
    }
}

fn push_breaks(out: &mut String, count: usize) {
    out.extend(std::iter::repeat_n('\n', count));
}

/// Bytes that cannot start a plain scalar (libyaml's list; `-`, `?` and `:` can when no blank
/// follows, which the callers allow only for `-`).
fn is_indicator(b: u8) -> bool {
    matches!(
        b,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    )
}

/// Scans a plain scalar in block context from `start` to at most `end`: it stops at a `:`
/// followed by a blank or the line end (returned: a mapping key), or at a `#` after a blank
/// (a comment). Returns the end of the scalar, trailing blanks left out.
fn scan_plain(bytes: &[u8], start: usize, end: usize) -> (usize, Option<usize>) {
    let mut from = start;
    let trim = |mut k: usize| {
        while k > start && bytes[k - 1] == b' ' {
            k -= 1;
        }
        k
    };
    while let Some(k) = colon_or_hash(&bytes[from..end]).map(|k| from + k) {
        if bytes[k] == b':' {
            if k + 1 == end || bytes[k + 1] == b' ' {
                return (trim(k), Some(k));
            }
        } else if k > start && bytes[k - 1] == b' ' {
            return (trim(k), None);
        }
        from = k + 1;
    }
    (trim(end), None)
}

/// The first `:` or `#` in `bytes`. Keys and most values are short, where the set-up of a
/// SIMD search costs more than it saves: this looks at eight bytes at a time in a `u64`.
fn colon_or_hash(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    // High bit set in each byte of `x` that is zero; the lowest one flagged is always right
    // (a borrow only moves upward), and that is the only one used.
    let zeros = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for word in words.by_ref() {
        let word = u64::from_le_bytes(word.try_into().unwrap_or_default());
        let found = zeros(word ^ (ONES * u64::from(b':'))) | zeros(word ^ (ONES * u64::from(b'#')));
        if found != 0 {
            return Some(at + found.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    words
        .remainder()
        .iter()
        .position(|&b| b == b':' || b == b'#')
        .map(|k| at + k)
}

/// A quoted scalar on one line, its opening quote at `start`: the value and the position
/// after the closing quote.
fn quoted(text: &str, start: usize, end: usize) -> Result<(Cow<'_, str>, usize)> {
    let bytes = text.as_bytes();
    let mut owned: Option<String> = None;
    let mut run = start + 1;
    let mut from = run;
    if bytes[start] == b'\'' {
        loop {
            let k = from + byte_search::find(b'\'', &bytes[from..end]).ok_or(Bail)?;
            if bytes.get(k + 1) == Some(&b'\'') && k + 1 < end {
                // `''` is one quote.
                owned
                    .get_or_insert_with(String::new)
                    .push_str(&text[run..=k]);
                from = k + 2;
                run = from;
                continue;
            }
            return Ok((finish(owned, &text[run..k]), k + 1));
        }
    }
    loop {
        let k = from + byte_search::find2(b'"', b'\\', &bytes[from..end]).ok_or(Bail)?;
        if bytes[k] == b'"' {
            return Ok((finish(owned, &text[run..k]), k + 1));
        }
        let out = owned.get_or_insert_with(String::new);
        out.push_str(&text[run..k]);
        let escape = *bytes.get(k + 1).filter(|_| k + 1 < end).ok_or(Bail)?;
        let simple = match escape {
            b'0' => Some('\0'),
            b'a' => Some('\x07'),
            b'b' => Some('\x08'),
            b't' => Some('\t'),
            b'n' => Some('\n'),
            b'v' => Some('\x0b'),
            b'f' => Some('\x0c'),
            b'r' => Some('\r'),
            b'e' => Some('\x1b'),
            b' ' => Some(' '),
            b'"' => Some('"'),
            b'/' => Some('/'),
            b'\\' => Some('\\'),
            b'N' => Some('\u{85}'),
            b'_' => Some('\u{a0}'),
            b'L' => Some('\u{2028}'),
            b'P' => Some('\u{2029}'),
            _ => None,
        };
        let used = if let Some(c) = simple {
            out.push(c);
            2
        } else {
            let digits = match escape {
                b'x' => 2,
                b'u' => 4,
                b'U' => 8,
                _ => return Err(Bail),
            };
            let hex = bytes.get(k + 2..k + 2 + digits).ok_or(Bail)?;
            if k + 2 + digits > end || !hex.iter().all(u8::is_ascii_hexdigit) {
                return Err(Bail);
            }
            let code = hex.iter().fold(0u32, |code, &h| {
                code << 4 | (h as char).to_digit(16).unwrap_or(0)
            });
            out.push(char::from_u32(code).ok_or(Bail)?);
            2 + digits
        };
        from = k + used;
        run = from;
    }
}

fn finish<'a>(owned: Option<String>, tail: &'a str) -> Cow<'a, str> {
    match owned {
        None => Cow::Borrowed(tail),
        Some(mut out) => {
            out.push_str(tail);
            Cow::Owned(out)
        }
    }
}

fn skip_blanks(bytes: &[u8], mut pos: usize, end: usize) -> usize {
    while pos < end && bytes[pos] == b' ' {
        pos += 1;
    }
    pos
}

/// A scalar inside a flow collection at `pos` (blanks before it are skipped): the scalar,
/// and the position of the first character after it that is not a blank. Plain scalars stop
/// at any flow indicator, `:` or `#`: the caller checks which one it was.
fn flow_scalar(text: &str, pos: usize, end: usize) -> Result<(Kind<'_>, usize)> {
    let bytes = text.as_bytes();
    let start = skip_blanks(bytes, pos, end);
    let &first = bytes.get(start).filter(|_| start < end).ok_or(Bail)?;
    let (kind, after) = if first == b'\'' || first == b'"' {
        let (value, after) = quoted(text, start, end)?;
        (Kind::Text(value), after)
    } else {
        let dash_ok = first == b'-'
            && bytes
                .get(start + 1)
                .is_some_and(|&b| !matches!(b, b' ' | b',' | b'[' | b']' | b'{' | b'}' | b':'));
        if is_indicator(first) && !dash_ok {
            return Err(Bail);
        }
        // `:` and `#` follow rules of their own in flow context: not read here.
        let stop = bytes[start..end]
            .iter()
            .position(|b| matches!(b, b',' | b'[' | b']' | b'{' | b'}' | b':' | b'#'))
            .map_or(end, |k| start + k);
        let mut value_end = stop;
        while bytes[value_end - 1] == b' ' {
            value_end -= 1;
        }
        (Kind::Plain(text.get(start..value_end).ok_or(Bail)?), stop)
    };
    Ok((kind, skip_blanks(bytes, after, end)))
}

/// The key of a flow mapping entry at `pos`: a plain scalar and `: `. Returns the key and
/// where its value starts.
fn flow_key(text: &str, pos: usize, end: usize) -> Result<(&str, usize)> {
    let bytes = text.as_bytes();
    match flow_scalar(text, pos, end)? {
        (Kind::Plain(key), colon)
            if bytes.get(colon) == Some(&b':')
                && bytes.get(colon + 1) == Some(&b' ')
                && colon + 1 < end =>
        {
            Ok((key, colon + 1))
        }
        _ => Err(Bail),
    }
}

/// Checks the flow collection whose content starts at `pos`, just after its `[` or `{`
/// (`text[pos - 1]`), and returns the position of its closing bracket, on the same line.
fn flow_end(text: &str, pos: usize, end: usize) -> Result<usize> {
    let bytes = text.as_bytes();
    let (mapping, closer) = match bytes[pos - 1] {
        b'{' => (true, b'}'),
        _ => (false, b']'),
    };
    let mut at = skip_blanks(bytes, pos, end);
    if bytes.get(at) == Some(&closer) && at < end {
        return Ok(at);
    }
    loop {
        let item_start = if mapping {
            flow_key(text, at, end)?.1
        } else {
            at
        };
        let (_, after) = flow_scalar(text, item_start, end)?;
        match bytes.get(after) {
            // `[a, ]`: libyaml allows it, the next item must not be missing here.
            Some(b',') if after < end => at = after + 1,
            Some(&b) if b == closer && after < end => return Ok(after),
            _ => return Err(Bail),
        }
    }
}

/// A value to deserialize: what it is, and the reader for what lies below it.
struct Node<'r, 'a> {
    reader: &'r mut Reader<'a>,
    kind: Kind<'a>,
}

impl<'a> Node<'_, 'a> {
    fn enter(&mut self) -> Result<()> {
        self.reader.depth += 1;
        if self.reader.depth > MAX_DEPTH {
            return Err(Bail);
        }
        Ok(())
    }

    fn visit_map<V: Visitor<'a>>(mut self, column: usize, visitor: V) -> Result<V::Value> {
        self.enter()?;
        let mut map = BlockMap {
            reader: &mut *self.reader,
            column,
            value: None,
        };
        let value = visitor.visit_map(&mut map)?;
        // The visitor must have read every entry, as yaml_serde requires.
        if map.value.is_some() || self.reader.line.is_some_and(|l| l.indent >= column) {
            return Err(Bail);
        }
        self.reader.depth -= 1;
        Ok(value)
    }

    fn visit_seq<V: Visitor<'a>>(
        mut self,
        column: usize,
        indentless: bool,
        visitor: V,
    ) -> Result<V::Value> {
        self.enter()?;
        let mut seq = BlockSeq {
            reader: &mut *self.reader,
            column,
            indentless,
        };
        let value = visitor.visit_seq(&mut seq)?;
        if seq.more() {
            return Err(Bail);
        }
        self.reader.depth -= 1;
        Ok(value)
    }

    fn visit_flow_seq<V: Visitor<'a>>(mut self, inside: &'a str, visitor: V) -> Result<V::Value> {
        self.enter()?;
        let mut seq = Flow::new(inside);
        let value = visitor.visit_seq(&mut seq)?;
        if !seq.at_end() {
            return Err(Bail);
        }
        self.reader.depth -= 1;
        Ok(value)
    }

    fn visit_flow_map<V: Visitor<'a>>(mut self, inside: &'a str, visitor: V) -> Result<V::Value> {
        self.enter()?;
        let mut map = Flow::new(inside);
        let value = visitor.visit_map(&mut map)?;
        if map.value.is_some() || !map.at_end() {
            return Err(Bail);
        }
        self.reader.depth -= 1;
        Ok(value)
    }
}

/// The methods a scalar answers for itself; a collection is the wrong type for them.
macro_rules! scalar_methods {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
            match self.kind {
                Kind::Plain(value) => Plain(value).$method(visitor),
                Kind::Text(value) => Text(value).$method(visitor),
                _ => Err(Bail),
            }
        }
    )*};
}

impl<'a> de::Deserializer<'a> for Node<'_, 'a> {
    type Error = Bail;

    scalar_methods! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
        deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char deserialize_str
        deserialize_string deserialize_identifier deserialize_bytes deserialize_byte_buf
        deserialize_unit
    }

    fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        match self.kind {
            Kind::Plain(value) => Plain(value).deserialize_any(visitor),
            Kind::Text(value) => Text(value).deserialize_any(visitor),
            Kind::FlowSeq(inside) => self.visit_flow_seq(inside, visitor),
            Kind::FlowMap(inside) => self.visit_flow_map(inside, visitor),
            Kind::Map(column) => self.visit_map(column, visitor),
            Kind::Seq(column, indentless) => self.visit_seq(column, indentless, visitor),
        }
    }

    fn deserialize_option<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        match self.kind {
            Kind::Plain(value) => Plain(value).deserialize_option(visitor),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        match self.kind {
            Kind::Plain(value) => Plain(value).deserialize_seq(visitor),
            Kind::FlowSeq(inside) => self.visit_flow_seq(inside, visitor),
            Kind::Seq(column, indentless) => self.visit_seq(column, indentless, visitor),
            _ => Err(Bail),
        }
    }

    fn deserialize_tuple<V: Visitor<'a>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        match self.kind {
            Kind::Plain(value) => Plain(value).deserialize_map(visitor),
            Kind::FlowMap(inside) => self.visit_flow_map(inside, visitor),
            Kind::Map(column) => self.visit_map(column, visitor),
            _ => Err(Bail),
        }
    }

    fn deserialize_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'a>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match self.kind {
            Kind::Plain(value) => Plain(value).deserialize_enum(name, variants, visitor),
            Kind::Text(value) => Text(value).deserialize_enum(name, variants, visitor),
            // Enums with content are written with tags in YAML, which this reader refuses.
            _ => Err(Bail),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        // Read it all the same: yaml_serde fails on anything wrong inside it.
        self.deserialize_any(de::IgnoredAny)?;
        visitor.visit_unit()
    }
}

struct BlockMap<'r, 'a> {
    reader: &'r mut Reader<'a>,
    column: usize,
    /// The line of the key just read and where its value starts.
    value: Option<(Line, usize)>,
}

impl<'a> de::MapAccess<'a> for BlockMap<'_, 'a> {
    type Error = Bail;

    fn next_key_seed<K: DeserializeSeed<'a>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.value.is_some() {
            return Err(Bail);
        }
        let Some(line) = self.reader.line else {
            return Ok(None);
        };
        if line.indent < self.column {
            return Ok(None);
        }
        // Deeper lines after a value: a multi-line scalar or an error either way.
        if line.indent > self.column || self.reader.is_entry(line) {
            return Err(Bail);
        }
        let (key, colon) = self.reader.key(line)?;
        self.value = Some((line, colon + 1));
        seed.deserialize(Plain(key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, seed: V) -> Result<V::Value> {
        let (line, at) = self.value.take().ok_or(Bail)?;
        let kind = self.reader.value(line, at, self.column, true)?;
        seed.deserialize(Node {
            reader: &mut *self.reader,
            kind,
        })
    }
}

struct BlockSeq<'r, 'a> {
    reader: &'r mut Reader<'a>,
    column: usize,
    indentless: bool,
}

impl BlockSeq<'_, '_> {
    /// Whether another entry (or something that is not the end of the sequence) follows.
    fn more(&self) -> bool {
        match self.reader.line {
            None => false,
            Some(line) if line.indent < self.column => false,
            Some(line) if line.indent == self.column && self.indentless => {
                self.reader.is_entry(line)
            }
            Some(_) => true,
        }
    }
}

impl<'a> de::SeqAccess<'a> for BlockSeq<'_, 'a> {
    type Error = Bail;

    fn next_element_seed<T: DeserializeSeed<'a>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if !self.more() {
            return Ok(None);
        }
        let line = self.reader.line.ok_or(Bail)?;
        if line.indent != self.column || !self.reader.is_entry(line) {
            return Err(Bail);
        }
        // `- - a` (a sequence in a sequence on one line) fails in `value`.
        let dash = line.content();
        let kind = self.reader.value(line, dash + 1, self.column, false)?;
        seed.deserialize(Node {
            reader: &mut *self.reader,
            kind,
        })
        .map(Some)
    }
}

/// The entries of a flow collection checked by `flow_end`.
struct Flow<'a> {
    /// The text after the opening bracket, up to and including the closing one.
    inside: &'a str,
    pos: usize,
    /// Where the value of the key just read starts.
    value: Option<usize>,
    done: bool,
}

impl<'a> Flow<'a> {
    fn new(inside: &'a str) -> Flow<'a> {
        Flow {
            inside,
            pos: 0,
            value: None,
            done: false,
        }
    }

    /// Whether the collection ends here (before an item).
    fn at_end(&mut self) -> bool {
        let bytes = self.inside.as_bytes();
        let at = skip_blanks(bytes, self.pos, bytes.len());
        self.done = self.done || at + 1 == bytes.len();
        self.done
    }

    /// The scalar at the current position; moves past the `,` after it or to the end.
    fn scalar(&mut self, from: usize) -> Result<Kind<'a>> {
        let (kind, after) = flow_scalar(self.inside, from, self.inside.len())?;
        self.pos = after + 1;
        self.done = after + 1 >= self.inside.len();
        Ok(kind)
    }
}

fn deserialize_scalar<'a, S: DeserializeSeed<'a>>(seed: S, kind: Kind<'a>) -> Result<S::Value> {
    match kind {
        Kind::Plain(value) => seed.deserialize(Plain(value)),
        Kind::Text(value) => seed.deserialize(Text(value)),
        _ => Err(Bail),
    }
}

impl<'a> de::SeqAccess<'a> for Flow<'a> {
    type Error = Bail;

    fn next_element_seed<T: DeserializeSeed<'a>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.at_end() {
            return Ok(None);
        }
        let item = self.scalar(self.pos)?;
        deserialize_scalar(seed, item).map(Some)
    }
}

impl<'a> de::MapAccess<'a> for Flow<'a> {
    type Error = Bail;

    fn next_key_seed<K: DeserializeSeed<'a>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.value.is_some() {
            return Err(Bail);
        }
        if self.at_end() {
            return Ok(None);
        }
        let (key, value) = flow_key(self.inside, self.pos, self.inside.len())?;
        self.value = Some(value);
        seed.deserialize(Plain(key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, seed: V) -> Result<V::Value> {
        let from = self.value.take().ok_or(Bail)?;
        let value = self.scalar(from)?;
        deserialize_scalar(seed, value)
    }
}

/// An empty sequence or mapping.
struct Empty;

impl<'a> de::SeqAccess<'a> for Empty {
    type Error = Bail;

    fn next_element_seed<T: DeserializeSeed<'a>>(&mut self, _seed: T) -> Result<Option<T::Value>> {
        Ok(None)
    }
}

impl<'a> de::MapAccess<'a> for Empty {
    type Error = Bail;

    fn next_key_seed<K: DeserializeSeed<'a>>(&mut self, _seed: K) -> Result<Option<K::Value>> {
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, _seed: V) -> Result<V::Value> {
        Err(Bail)
    }
}

/// A plain scalar: resolved by the type asked for, as yaml_serde resolves an untagged plain
/// scalar (`de.rs`: `visit_untagged_scalar` and the `deserialize_*` methods).
struct Plain<'a>(&'a str);

impl<'a> de::Deserializer<'a> for Plain<'a> {
    type Error = Bail;

    fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        let v = self.0;
        if v.is_empty() || is_null(v) {
            return visitor.visit_unit();
        }
        if let Some(boolean) = parse_bool(v) {
            return visitor.visit_bool(boolean);
        }
        if let Some(int) = parse_unsigned_int(v, u64::from_str_radix) {
            return visitor.visit_u64(int);
        }
        if let Some(int) = parse_negative_int(v, i64::from_str_radix) {
            return visitor.visit_i64(int);
        }
        if let Some(int) = parse_unsigned_int(v, u128::from_str_radix) {
            return visitor.visit_u128(int);
        }
        if let Some(int) = parse_negative_int(v, i128::from_str_radix) {
            return visitor.visit_i128(int);
        }
        if !digits_but_not_number(v) {
            if let Some(float) = parse_f64(v) {
                return visitor.visit_f64(float);
            }
        }
        visitor.visit_borrowed_str(v)
    }

    fn deserialize_bool<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_bool(parse_bool(self.0).ok_or(Bail)?)
    }

    fn deserialize_i8<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_i16<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_i32<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_i64<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i64(parse_signed_int(self.0, i64::from_str_radix).ok_or(Bail)?)
    }

    fn deserialize_i128<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i128(parse_signed_int(self.0, i128::from_str_radix).ok_or(Bail)?)
    }

    fn deserialize_u8<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_u16<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_u32<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_u64<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_u64(parse_unsigned_int(self.0, u64::from_str_radix).ok_or(Bail)?)
    }

    fn deserialize_u128<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_u128(parse_unsigned_int(self.0, u128::from_str_radix).ok_or(Bail)?)
    }

    fn deserialize_f32<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_f64(parse_f64(self.0).ok_or(Bail)?)
    }

    fn deserialize_char<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.0)
    }

    fn deserialize_str<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.0)
    }

    fn deserialize_string<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.0)
    }

    fn deserialize_identifier<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.0)
    }

    fn deserialize_bytes<V: Visitor<'a>>(self, _visitor: V) -> Result<V::Value> {
        Err(Bail)
    }

    fn deserialize_byte_buf<V: Visitor<'a>>(self, _visitor: V) -> Result<V::Value> {
        Err(Bail)
    }

    fn deserialize_option<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        if self.0.is_empty() || is_null(self.0) {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        if self.0.is_empty() || is_null(self.0) {
            visitor.visit_unit()
        } else {
            Err(Bail)
        }
    }

    fn deserialize_unit_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    /// An empty plain scalar is an empty sequence or mapping (`skills:` with nothing after).
    fn deserialize_seq<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        if !self.0.is_empty() {
            return Err(Bail);
        }
        visitor.visit_seq(Empty)
    }

    fn deserialize_tuple<V: Visitor<'a>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        if !self.0.is_empty() {
            return Err(Bail);
        }
        visitor.visit_map(Empty)
    }

    fn deserialize_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_enum(UnitVariant(self))
    }

    fn deserialize_ignored_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_unit()
    }
}

/// A quoted or block scalar: a string for every type that takes one, never a number, a
/// boolean or null.
struct Text<'a>(Cow<'a, str>);

impl<'a> Text<'a> {
    fn visit<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        match self.0 {
            Cow::Borrowed(value) => visitor.visit_borrowed_str(value),
            Cow::Owned(value) => visitor.visit_string(value),
        }
    }
}

macro_rules! not_for_text {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'a>>(self, _visitor: V) -> Result<V::Value> {
            Err(Bail)
        }
    )*};
}

impl<'a> de::Deserializer<'a> for Text<'a> {
    type Error = Bail;

    not_for_text! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
        deserialize_u128 deserialize_f32 deserialize_f64 deserialize_bytes deserialize_byte_buf
        deserialize_unit deserialize_seq deserialize_map
    }

    fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        self.visit(visitor)
    }

    fn deserialize_char<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        self.visit(visitor)
    }

    fn deserialize_str<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        self.visit(visitor)
    }

    fn deserialize_string<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        self.visit(visitor)
    }

    fn deserialize_identifier<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        self.visit(visitor)
    }

    fn deserialize_option<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_some(self)
    }

    fn deserialize_unit_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _visitor: V,
    ) -> Result<V::Value> {
        Err(Bail)
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_tuple<V: Visitor<'a>>(self, _len: usize, _visitor: V) -> Result<V::Value> {
        Err(Bail)
    }

    fn deserialize_tuple_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _len: usize,
        _visitor: V,
    ) -> Result<V::Value> {
        Err(Bail)
    }

    fn deserialize_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value> {
        Err(Bail)
    }

    fn deserialize_enum<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_enum(UnitVariant(self))
    }

    fn deserialize_ignored_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_unit()
    }
}

/// An enum written as a scalar: the scalar names a unit variant (yaml_serde's
/// `UnitVariantAccess`).
struct UnitVariant<D>(D);

impl<'a, D: de::Deserializer<'a, Error = Bail>> de::EnumAccess<'a> for UnitVariant<D> {
    type Error = Bail;
    type Variant = UnitOnly;

    fn variant_seed<S: DeserializeSeed<'a>>(self, seed: S) -> Result<(S::Value, UnitOnly)> {
        Ok((seed.deserialize(self.0)?, UnitOnly))
    }
}

/// What is left of a scalar once it has named the variant: a unit variant's (no) content.
struct UnitOnly;

impl<'a> de::VariantAccess<'a> for UnitOnly {
    type Error = Bail;

    fn unit_variant(self) -> Result<()> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'a>>(self, _seed: T) -> Result<T::Value> {
        Err(Bail)
    }

    fn tuple_variant<V: Visitor<'a>>(self, _len: usize, _visitor: V) -> Result<V::Value> {
        Err(Bail)
    }

    fn struct_variant<V: Visitor<'a>>(
        self,
        _fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value> {
        Err(Bail)
    }
}

// How yaml_serde 0.10 resolves plain scalars (its `de.rs`), kept the same line for line.

fn is_null(scalar: &str) -> bool {
    matches!(scalar, "null" | "Null" | "NULL" | "~")
}

fn parse_bool(scalar: &str) -> Option<bool> {
    match scalar {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

type FromStrRadix<T> = fn(&str, u32) -> Result<T, std::num::ParseIntError>;

fn parse_unsigned_int<T>(scalar: &str, from_str_radix: FromStrRadix<T>) -> Option<T> {
    let unpositive = scalar.strip_prefix('+').unwrap_or(scalar);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = unpositive.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(int) = from_str_radix(rest, radix) {
                return Some(int);
            }
        }
    }
    if unpositive.starts_with(['+', '-']) {
        return None;
    }
    if digits_but_not_number(scalar) {
        return None;
    }
    from_str_radix(unpositive, 10).ok()
}

fn parse_signed_int<T>(scalar: &str, from_str_radix: FromStrRadix<T>) -> Option<T> {
    let unpositive = if let Some(unpositive) = scalar.strip_prefix('+') {
        if unpositive.starts_with(['+', '-']) {
            return None;
        }
        unpositive
    } else {
        scalar
    };
    for (prefix, negative, radix) in [("0x", "-0x", 16), ("0o", "-0o", 8), ("0b", "-0b", 2)] {
        if let Some(rest) = unpositive.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(int) = from_str_radix(rest, radix) {
                return Some(int);
            }
        }
        if let Some(rest) = scalar.strip_prefix(negative) {
            if let Ok(int) = from_str_radix(&format!("-{rest}"), radix) {
                return Some(int);
            }
        }
    }
    if digits_but_not_number(scalar) {
        return None;
    }
    from_str_radix(unpositive, 10).ok()
}

fn parse_negative_int<T>(scalar: &str, from_str_radix: FromStrRadix<T>) -> Option<T> {
    for (prefix, radix) in [("-0x", 16), ("-0o", 8), ("-0b", 2)] {
        if let Some(rest) = scalar.strip_prefix(prefix) {
            if let Ok(int) = from_str_radix(&format!("-{rest}"), radix) {
                return Some(int);
            }
        }
    }
    if digits_but_not_number(scalar) {
        return None;
    }
    from_str_radix(scalar, 10).ok()
}

fn parse_f64(scalar: &str) -> Option<f64> {
    let unpositive = if let Some(unpositive) = scalar.strip_prefix('+') {
        if unpositive.starts_with(['+', '-']) {
            return None;
        }
        unpositive
    } else {
        scalar
    };
    if let ".inf" | ".Inf" | ".INF" = unpositive {
        return Some(f64::INFINITY);
    }
    if let "-.inf" | "-.Inf" | "-.INF" = scalar {
        return Some(f64::NEG_INFINITY);
    }
    if let ".nan" | ".NaN" | ".NAN" = scalar {
        return Some(f64::NAN.copysign(1.0));
    }
    if let Ok(float) = unpositive.parse::<f64>() {
        if float.is_finite() {
            return Some(float);
        }
    }
    None
}

fn digits_but_not_number(scalar: &str) -> bool {
    // Leading zeros followed by digits: a string in YAML 1.2.
    let scalar = scalar.strip_prefix(['-', '+']).unwrap_or(scalar);
    scalar.len() > 1 && scalar.starts_with('0') && scalar[1..].bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests;
