//! A first, cheap pass over YAML that a person handed us (`--data`, `validate`, `--ratings`,
//! saved assessments), refusing the shapes that cost far more to parse than their size.
//!
//! `yaml_serde` loads every event of a document before it deserializes, and only then applies
//! its nesting limit (128) and alias limit. That leaves three ways to exhaust a machine with a
//! small file: thousands of nested `[` (libyaml slows down quadratically with flow depth: a
//! 1 MiB file takes about a minute), compact `- - - ...` nesting (memory per level), and
//! aliases that copy a large anchored node many times (a 200 KB file needs gigabytes). The
//! "billion laughs" is the last kind.
//!
//! This pass streams the same libyaml parser's events (nothing is stored but the open nodes
//! and one number per anchor), so it uses memory bounded by `MAX_DEPTH` and the number of
//! anchors, and it stops at the first event over a limit. Syntax errors are left to the real
//! parse, which reports them with a better message; since both passes see the same events,
//! everything the real parse loads has been through this one.

use crate::byte_search;
use libyaml_rs as sys;
use std::collections::HashMap;
use std::mem::MaybeUninit;

/// Deepest nesting of sequences and mappings accepted. A framework needs about eight.
pub const MAX_DEPTH: usize = 64;

/// Aliases may add at most as many nodes as the document has of its own, plus this many.
pub const ALIAS_ALLOWANCE: u64 = 10_000;

/// Most values (keys included) one file may hold. A 1 MiB framework file of ordinary items
/// holds about 150,000; a 1 MiB flow list of single digits holds 500,000, and parsing it
/// takes hundreds of megabytes (every event is stored before deserializing).
pub const MAX_NODES: u64 = 250_000;

/// Why a document was refused, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub message: String,
    /// 1-based.
    pub line: usize,
    /// 1-based.
    pub column: usize,
    pub hint: String,
}

/// Checks nesting depth and alias expansion; `Ok` also when the text is not valid YAML (the
/// real parse reports that).
pub fn guard(text: &str) -> Result<(), Refused> {
    // The event pass costs as much as the real parse; most files are plainly harmless.
    if provably_safe(text) {
        return Ok(());
    }
    full_guard(text)
}

/// The event pass, without the byte-level shortcut (`guard` is the one to call).
pub fn full_guard(text: &str) -> Result<(), Refused> {
    let mut parser = EventStream::new(text.as_bytes());
    let mut shape = Shape::default();
    while let Some(event) = parser.next() {
        shape.visit(event)?;
    }
    Ok(())
}

/// Whether a look at the bytes proves that `full_guard` accepts `text`: no alias can
/// occur, and upper bounds on the nesting depth and on the number of values are within the
/// limits. `false` only means "not proven"; `guard` then runs the event pass. Linear time,
/// no allocation.
///
/// Why the bounds hold (libyaml's scanner and parser, which both passes use):
///
/// * **Aliases.** Only alias events can be refused for expansion or self-reference. An alias
///   token starts at a `*` where a token can start: at the start of the text, after a blank
///   or a line break, or right after a token that does not end in an ASCII letter or digit
///   or `*` (a plain scalar, a tag or an anchor swallows a following `*` or is an error;
///   a `*` token start with a `*` after it is an alias without a name, an error). And its
///   name must start with `[0-9A-Za-z_-]`, or the scanner stops with an error. Any other
///   `*` ("a * b", "R&D*", "**bold**") cannot be an alias.
/// * **Values.** Every value event (scalar, alias, collection start) fills one slot of the
///   grammar, and every slot is owed to a byte: the first document's root (1), a later
///   document's root to its `---`, a block sequence entry to its `-`, a block mapping entry
///   (key and value, 2) to its `?` or `:`, a flow sequence entry to its `[` or `,`, a flow
///   mapping entry (2) to its `{` or `,`, and a single-pair mapping inside a flow sequence
///   (key and value, 2) to its `?` or `:`. Counting every such byte, wherever it is,
///   over-counts and so stays an upper bound.
/// * **Depth.** Block collections only ever contain flow ones, never the reverse, and each
///   open flow collection came from a `[` or `{` and may hold one open single-pair mapping:
///   at most `2 * F` open flow nodes, F the number of `[` and `{` bytes. Open block
///   collections are the scanner's indentation levels (strictly increasing columns) plus
///   indentless sequences (a `- ` at a mapping's own column; count it at that column +
///   0.5). Each is opened by a `-`, `?` or `:` followed by a blank or line break, on some
///   line, at a column at least that line's indentation `f` (its leading spaces and tabs; a
///   line whose first token is not there, because it starts inside a quoted scalar or a
///   flow collection, cannot open block collections at all: simple keys are not allowed
///   after those). The first token of every line that opens one closes all levels deeper
///   than `f`. So along the open collections, the lines that opened them have non-
///   decreasing `f`, and all but the last of the lines sharing one `f = v` opened only
///   collections at column `v` or `v + 0.5`: at most two. Depth is thus at most
///   `sum over v of (2 + most indicators on one line with indentation v) + 2 * F`.
///
/// Lines end at CR or LF; text with the other line breaks libyaml knows (NEL, LS, PS) or a
/// byte order mark (skipped at column 0, shifting columns) is not judged here.
pub fn provably_safe(text: &str) -> bool {
    prescan(text)
        .is_some_and(|bounds| bounds.depth <= MAX_DEPTH as u64 && bounds.values <= MAX_NODES)
}

/// Upper bounds on what the event pass would see, when no alias is possible.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Bounds {
    /// Open sequences and mappings at once.
    depth: u64,
    /// Node events (scalars and collection starts).
    values: u64,
}

/// The bounds argued for at `provably_safe`; `None` when an alias is possible or the text
/// has a line break or BOM the argument does not cover.
///
/// The same answer as [`prescan_bytewise`], in passes that skip ordinary bytes: counting
/// bytes of one kind vectorizes, and the rare bytes (`*`, the lead bytes of BOM, NEL, LS and
/// PS) and the indicators are found with SIMD byte search ([`byte_search`]); a line's
/// indentation is looked at only when it holds an indicator followed by a blank. A quarter fewer instructions than the
/// byte-by-byte loop on framework files. Text with a CR (a line break of its own) takes the
/// byte-by-byte loop.
fn prescan(text: &str) -> Option<Bounds> {
    let bytes = text.as_bytes();
    if byte_search::find(b'\r', bytes).is_some() {
        return prescan_bytewise(text);
    }
    // BOM (EF BB BF), NEL (C2 85), LS and PS (E2 80 A8 / A9).
    for i in byte_search::positions3(0xef, 0xc2, 0xe2, bytes) {
        let next = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
        let special = match bytes[i] {
            0xef => next(1) == 0xbb && next(2) == 0xbf,
            0xc2 => next(1) == 0x85,
            _ => next(1) == 0x80 && matches!(next(2), 0xa8 | 0xa9),
        };
        if special {
            return None;
        }
    }
    for i in byte_search::positions(b'*', bytes) {
        if alias_may_start(bytes, i) {
            return None;
        }
    }
    let counts = Counts::of(bytes);
    // Indicators followed by a blank, by line: the lines are found only where there is one.
    let mut most_on_a_line = [0u8; MAX_INDENT + 1];
    let mut record = |indent: usize, on_line: u32| -> Option<()> {
        if on_line > 0 {
            let most = most_on_a_line.get_mut(indent)?;
            *most = (*most).max(on_line.min(u32::from(u8::MAX)) as u8);
        }
        Some(())
    };
    let indentation = |start: usize| {
        bytes[start..]
            .iter()
            .take_while(|&&b| matches!(b, b' ' | b'\t'))
            .count()
    };
    let (mut indent, mut on_line, mut searched_to) = (indentation(0), 0u32, 0);
    for i in byte_search::positions3(b'-', b'?', b':', bytes) {
        if !blank_after(bytes, i + 1) {
            continue;
        }
        if let Some(k) = byte_search::rfind(b'\n', &bytes[searched_to..i]) {
            record(indent, on_line)?;
            indent = indentation(searched_to + k + 1);
            on_line = 0;
        }
        on_line += 1;
        searched_to = i;
    }
    record(indent, on_line)?;
    Some(counts.bounds(&most_on_a_line))
}

/// Indentations past this are not tracked (their lines need not be indicator-free, but then
/// the text is not judged).
const MAX_INDENT: usize = 255;

/// Blank, line break or end of text after an indicator (NUL too, to be safe).
fn blank_after(bytes: &[u8], at: usize) -> bool {
    bytes
        .get(at)
        .is_none_or(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | 0))
}

/// Whether the `*` at `i` can start an alias. After a `*`: either both are inside one token,
/// or the first began an alias with an empty name, which is a scanner error.
fn alias_may_start(bytes: &[u8], i: usize) -> bool {
    let token_start = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'*');
    let name_follows = bytes
        .get(i + 1)
        .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'));
    token_start && name_follows
}

/// How many of each indicator byte a text holds.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Counts {
    dashes: u64,
    /// `?` and `:`.
    indicators: u64,
    commas: u64,
    squares: u64,
    curlies: u64,
}

impl Counts {
    fn of(bytes: &[u8]) -> Counts {
        let mut counts = Counts::default();
        // Byte-wide counters over blocks short enough not to overflow: this vectorizes.
        for block in bytes.chunks(255) {
            let (mut dashes, mut indicators, mut commas, mut squares, mut curlies) =
                (0u8, 0u8, 0u8, 0u8, 0u8);
            for &b in block {
                dashes += u8::from(b == b'-');
                indicators += u8::from(b == b'?') + u8::from(b == b':');
                commas += u8::from(b == b',');
                squares += u8::from(b == b'[');
                curlies += u8::from(b == b'{');
            }
            counts.dashes += u64::from(dashes);
            counts.indicators += u64::from(indicators);
            counts.commas += u64::from(commas);
            counts.squares += u64::from(squares);
            counts.curlies += u64::from(curlies);
        }
        counts
    }

    fn bounds(&self, most_on_a_line: &[u8; MAX_INDENT + 1]) -> Bounds {
        let block_depth: u64 = most_on_a_line
            .iter()
            .filter(|&&most| most > 0)
            .map(|&most| 2 + u64::from(most))
            .sum();
        Bounds {
            depth: block_depth + 2 * (self.squares + self.curlies),
            values: 1
                + self.dashes
                + self.squares
                + 2 * (self.indicators + self.commas + self.curlies),
        }
    }
}

/// [`prescan`] one byte at a time: for text with CR line breaks, and as the reference the
/// faster passes are tested against.
fn prescan_bytewise(text: &str) -> Option<Bounds> {
    /// Byte classes; 0 is an ordinary byte.
    const BREAK: u8 = 1;
    const DASH: u8 = 2;
    /// `?` and `:`.
    const INDICATOR: u8 = 3;
    const COMMA: u8 = 4;
    const OPEN_SQUARE: u8 = 5;
    const OPEN_CURLY: u8 = 6;
    const STAR: u8 = 7;
    const HIGH: u8 = 8;
    const CLASS: [u8; 256] = {
        let mut class = [0u8; 256];
        class[b'\n' as usize] = BREAK;
        class[b'\r' as usize] = BREAK;
        class[b'-' as usize] = DASH;
        class[b'?' as usize] = INDICATOR;
        class[b':' as usize] = INDICATOR;
        class[b',' as usize] = COMMA;
        class[b'[' as usize] = OPEN_SQUARE;
        class[b'{' as usize] = OPEN_CURLY;
        class[b'*' as usize] = STAR;
        let mut byte = 0x80;
        while byte < 256 {
            class[byte] = HIGH;
            byte += 1;
        }
        class
    };
    let bytes = text.as_bytes();
    let mut dashes: u64 = 0;
    let mut indicators: u64 = 0;
    let mut commas: u64 = 0;
    let mut squares: u64 = 0;
    let mut curlies: u64 = 0;
    // Most `-`/`?`/`:` followed by a blank on one line, by the line's indentation.
    let mut most_on_a_line = [0u8; MAX_INDENT + 1];
    let mut i = 0;
    while i < bytes.len() {
        // A line: its indentation, then its bytes up to the break.
        let start = i;
        while i < bytes.len() && matches!(bytes[i], b' ' | b'\t') {
            i += 1;
        }
        let indent = i - start;
        let mut on_line: u32 = 0;
        while i < bytes.len() {
            let byte = bytes[i];
            match CLASS[byte as usize] {
                0 => {}
                BREAK => break,
                DASH => {
                    dashes += 1;
                    on_line += u32::from(blank_after(bytes, i + 1));
                }
                INDICATOR => {
                    indicators += 1;
                    on_line += u32::from(blank_after(bytes, i + 1));
                }
                COMMA => commas += 1,
                OPEN_SQUARE => squares += 1,
                OPEN_CURLY => curlies += 1,
                STAR => {
                    if alias_may_start(bytes, i) {
                        return None;
                    }
                }
                _ => {
                    // BOM (EF BB BF), NEL (C2 85), LS and PS (E2 80 A8 / A9).
                    let next = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
                    let special = match byte {
                        0xEF => next(1) == 0xBB && next(2) == 0xBF,
                        0xC2 => next(1) == 0x85,
                        0xE2 => next(1) == 0x80 && matches!(next(2), 0xA8 | 0xA9),
                        _ => false,
                    };
                    if special {
                        return None;
                    }
                }
            }
            i += 1;
        }
        if on_line > 0 {
            let most = most_on_a_line.get_mut(indent)?;
            *most = (*most).max(on_line.min(u32::from(u8::MAX)) as u8);
        }
        // Past the CR or LF (a CRLF leaves an empty line between, which counts for nothing).
        i += 1;
    }
    let counts = Counts {
        dashes,
        indicators,
        commas,
        squares,
        curlies,
    };
    Some(counts.bounds(&most_on_a_line))
}

/// Panics if the byte-level bounds do not hold for `text`: what the event pass sees must
/// have no alias, and depth and values within the bounds. For property tests and fuzzing.
#[doc(hidden)]
pub fn assert_prescan_sound(text: &str) {
    let Some(bounds) = prescan(text) else {
        return;
    };
    let mut events = EventStream::new(text.as_bytes());
    let (mut depth, mut deepest, mut values) = (0u64, 0u64, 0u64);
    while let Some(event) = events.next() {
        match event {
            Event::Alias(..) => panic!("an alias the prescan ruled out in {text:?}"),
            Event::Scalar(..) => values += 1,
            Event::Start(..) => {
                values += 1;
                depth += 1;
                deepest = deepest.max(depth);
            }
            Event::End => depth = depth.saturating_sub(1),
            Event::DocumentStart | Event::Other => {}
        }
    }
    assert!(
        deepest <= bounds.depth && values <= bounds.values,
        "depth {deepest} and {values} values over the bounds {bounds:?} for {text:?}"
    );
}

/// One node still open (a sequence or mapping whose end has not come yet).
struct Open {
    anchor: Option<Vec<u8>>,
    /// Nodes inside it so far, aliases expanded, itself included.
    size: u64,
    /// Levels of nesting below and including it.
    height: usize,
}

#[derive(Default)]
struct Shape {
    open: Vec<Open>,
    /// Expanded size and height of every closed anchor of the current document.
    anchors: HashMap<Vec<u8>, (u64, usize)>,
    /// Node events seen: what the document holds of its own.
    own_nodes: u64,
    /// Nodes once every alias is expanded.
    expanded_nodes: u64,
}

enum Event {
    DocumentStart,
    Alias(Vec<u8>, Mark),
    Scalar(Option<Vec<u8>>, Mark),
    Start(Option<Vec<u8>>, Mark),
    End,
    Other,
}

#[derive(Clone, Copy)]
struct Mark {
    line: usize,
    column: usize,
}

impl Shape {
    fn visit(&mut self, event: Event) -> Result<(), Refused> {
        match event {
            Event::DocumentStart => {
                self.open.clear();
                self.anchors.clear();
            }
            Event::Scalar(anchor, mark) => {
                self.count_own(mark)?;
                self.expanded_nodes += 1;
                if let Some(anchor) = anchor {
                    self.anchors.insert(anchor, (1, 1));
                }
                self.add_to_parent(1, 1);
            }
            Event::Start(anchor, mark) => {
                self.count_own(mark)?;
                self.expanded_nodes += 1;
                if self.open.len() >= MAX_DEPTH {
                    return Err(too_deep(mark));
                }
                self.open.push(Open {
                    anchor,
                    size: 1,
                    height: 1,
                });
            }
            Event::End => {
                if let Some(node) = self.open.pop() {
                    if let Some(anchor) = node.anchor {
                        self.anchors.insert(anchor, (node.size, node.height));
                    }
                    self.add_to_parent(node.size, node.height);
                }
            }
            Event::Alias(name, mark) => {
                self.count_own(mark)?;
                let Some(&(size, height)) = self.anchors.get(&name) else {
                    if self
                        .open
                        .iter()
                        .any(|o| o.anchor.as_deref() == Some(&name[..]))
                    {
                        return Err(Refused {
                            message: format!(
                                "alias *{} refers to the node that contains it",
                                String::from_utf8_lossy(&name)
                            ),
                            line: mark.line,
                            column: mark.column,
                            hint: "a node cannot include itself; write the values out".into(),
                        });
                    }
                    // An undefined alias: the real parse reports it.
                    return Ok(());
                };
                if self.open.len() + height > MAX_DEPTH {
                    return Err(too_deep(mark));
                }
                self.expanded_nodes = self.expanded_nodes.saturating_add(size);
                if self.expanded_nodes > self.own_nodes.saturating_mul(2) + ALIAS_ALLOWANCE {
                    return Err(Refused {
                        message: format!(
                            "aliases expand this file to over {} nodes from {} written \
                             (an alias bomb, or anchors reused far too often)",
                            self.expanded_nodes, self.own_nodes
                        ),
                        line: mark.line,
                        column: mark.column,
                        hint: "write the repeated values out instead of using *aliases".into(),
                    });
                }
                self.add_to_parent(size, height);
            }
            Event::Other => {}
        }
        Ok(())
    }

    fn count_own(&mut self, mark: Mark) -> Result<(), Refused> {
        self.own_nodes += 1;
        if self.own_nodes > MAX_NODES {
            return Err(Refused {
                message: format!("more than {MAX_NODES} values in one file"),
                line: mark.line,
                column: mark.column,
                hint: "split the file; a framework file or ratings file holds far fewer values"
                    .into(),
            });
        }
        Ok(())
    }

    fn add_to_parent(&mut self, size: u64, height: usize) {
        if let Some(parent) = self.open.last_mut() {
            parent.size = parent.size.saturating_add(size);
            parent.height = parent.height.max(height + 1);
        }
    }
}

fn too_deep(mark: Mark) -> Refused {
    Refused {
        message: format!("nesting deeper than {MAX_DEPTH} levels"),
        line: mark.line,
        column: mark.column,
        hint: "a framework or ratings file nests a few levels; check the brackets and indentation"
            .into(),
    }
}

/// libyaml's event stream over a byte slice. The parser state is boxed because libyaml keeps
/// pointers into it; the input outlives the stream.
struct EventStream<'input> {
    parser: Box<MaybeUninit<sys::yaml_parser_t>>,
    done: bool,
    _input: &'input [u8],
}

impl<'input> EventStream<'input> {
    fn new(input: &'input [u8]) -> EventStream<'input> {
        let mut parser = Box::new(MaybeUninit::<sys::yaml_parser_t>::uninit());
        // SAFETY: `yaml_parser_initialize` fully initialises the struct it is given; the input
        // slice is borrowed for the stream's lifetime, so the pointer stays valid.
        let ok = unsafe {
            let raw = parser.as_mut_ptr();
            let ok = sys::yaml_parser_initialize(raw).ok;
            if ok {
                sys::yaml_parser_set_encoding(raw, sys::YAML_UTF8_ENCODING);
                sys::yaml_parser_set_input_string(raw, input.as_ptr(), input.len() as u64);
            }
            ok
        };
        assert!(ok, "libyaml could not allocate a parser");
        EventStream {
            parser,
            done: false,
            _input: input,
        }
    }

    /// The next event, or `None` at the end of the stream or at a syntax error.
    fn next(&mut self) -> Option<Event> {
        if self.done {
            return None;
        }
        let mut raw = MaybeUninit::<sys::yaml_event_t>::uninit();
        // SAFETY: the parser was initialised in `new`; a successful `yaml_parser_parse`
        // initialises the event, whose anchor pointers are NUL-terminated strings owned by it
        // until `yaml_event_delete`, and we copy them before that.
        unsafe {
            if !sys::yaml_parser_parse(self.parser.as_mut_ptr(), raw.as_mut_ptr()).ok {
                self.done = true;
                return None;
            }
            let event = &*raw.as_ptr();
            let mark = Mark {
                line: event.start_mark.line as usize + 1,
                column: event.start_mark.column as usize + 1,
            };
            let converted = match event.type_ {
                sys::YAML_STREAM_END_EVENT => {
                    self.done = true;
                    Event::Other
                }
                sys::YAML_DOCUMENT_START_EVENT => Event::DocumentStart,
                sys::YAML_ALIAS_EVENT => {
                    Event::Alias(c_bytes(event.data.alias.anchor).unwrap_or_default(), mark)
                }
                sys::YAML_SCALAR_EVENT => Event::Scalar(c_bytes(event.data.scalar.anchor), mark),
                sys::YAML_SEQUENCE_START_EVENT => {
                    Event::Start(c_bytes(event.data.sequence_start.anchor), mark)
                }
                sys::YAML_MAPPING_START_EVENT => {
                    Event::Start(c_bytes(event.data.mapping_start.anchor), mark)
                }
                sys::YAML_SEQUENCE_END_EVENT | sys::YAML_MAPPING_END_EVENT => Event::End,
                _ => Event::Other,
            };
            sys::yaml_event_delete(raw.as_mut_ptr());
            Some(converted)
        }
    }
}

/// Copies a NUL-terminated libyaml string, if the pointer is not null.
///
/// # Safety
/// `ptr` is null or points at a NUL-terminated string.
unsafe fn c_bytes(ptr: *const u8) -> Option<Vec<u8>> {
    if ptr.is_null() {
        return None;
    }
    // SAFETY: the caller promises a NUL-terminated string.
    Some(
        unsafe { std::ffi::CStr::from_ptr(ptr.cast()) }
            .to_bytes()
            .to_vec(),
    )
}

impl Drop for EventStream<'_> {
    fn drop(&mut self) {
        // SAFETY: initialised in `new` and deleted exactly once, here.
        unsafe { sys::yaml_parser_delete(self.parser.as_mut_ptr()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn laughs(levels: usize) -> String {
        let mut text = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for level in 1..levels {
            let previous = format!("*a{}", level - 1);
            text += &format!("a{level}: &a{level} [{}]\n", vec![previous; 9].join(", "));
        }
        text
    }

    #[test]
    fn ordinary_yaml_passes() {
        let text = "skills:\n  - id: a\n    anchors: {1: x, 2: y}\n    sources: [authored]\n";
        assert_eq!(guard(text), Ok(()));
        assert_eq!(guard("{\"kubernetes\": 3, \"go\": [1, 2]}"), Ok(()));
    }

    #[test]
    fn modest_anchor_reuse_passes() {
        let text = "common: &src [authored, seed]\na: *src\nb: *src\nc: *src\n";
        assert_eq!(guard(text), Ok(()));
    }

    #[test]
    fn billion_laughs_is_refused_at_the_alias_that_tips_it() {
        let refused = guard(&laughs(10)).unwrap_err();
        assert!(refused.message.contains("alias"), "{refused:?}");
        assert!(refused.line > 1 && refused.line <= 10, "{refused:?}");
    }

    #[test]
    fn a_large_anchor_copied_many_times_is_refused() {
        let items = vec!["1"; 20_000].join(",");
        let aliases = vec!["*a"; 1_000].join(",");
        let text = format!("a: &a [{items}]\nb: [{aliases}]\n");
        assert!(guard(&text).is_err());
    }

    #[test]
    fn deep_flow_and_block_nesting_are_refused() {
        let flow = "[".repeat(1_000_000);
        let refused = guard(&flow).unwrap_err();
        assert_eq!((refused.line, refused.column), (1, MAX_DEPTH + 1));
        assert!(guard(&format!("{}x\n", "- ".repeat(100_000))).is_err());
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert_eq!(guard(&ok), Ok(()));
    }

    #[test]
    fn an_alias_to_a_deep_anchor_counts_its_depth() {
        let deep = format!("{}1{}", "[".repeat(40), "]".repeat(40));
        let text = format!("a: &a {deep}\nb: {}*a{}\n", "[".repeat(40), "]".repeat(40));
        assert!(guard(&text).unwrap_err().message.contains("nesting"));
    }

    #[test]
    fn too_many_values_are_refused() {
        let wide = format!("[{}1]", "1,".repeat(MAX_NODES as usize));
        let refused = guard(&wide).unwrap_err();
        assert!(
            refused.message.contains("values in one file"),
            "{refused:?}"
        );
        let fine = format!("[{}1]", "1,".repeat(MAX_NODES as usize - 10));
        assert_eq!(guard(&fine), Ok(()));
    }

    #[test]
    fn a_self_referencing_alias_is_refused() {
        let refused = guard("a: &x [1, *x]\n").unwrap_err();
        assert!(refused.message.contains("contains it"), "{refused:?}");
    }

    #[test]
    fn plain_framework_yaml_is_proven_safe_without_the_event_pass() {
        let text = "skills:\n- id: a-b\n  name: R&D * 2, a & b, **bold**\n  description: |-\n    \
                    Text: with - dashes, commas? and: colons.\n  anchors:\n    1: x\n  \
                    sources:\n  - synthetic\n";
        assert!(provably_safe(text));
        assert!(provably_safe(""));
        assert!(provably_safe("sources: [authored]\ncodes: {esco: S1}\n"));
    }

    #[test]
    fn the_prescan_does_not_vouch_for_what_the_guard_refuses() {
        let refused = [
            laughs(10),
            "a: &x [1, *x]\n".to_string(),
            "[".repeat(1_000),
            format!("{}x\n", "- ".repeat(100)),
            format!("[{}1]", "1,".repeat(MAX_NODES as usize)),
        ];
        for text in &refused {
            assert!(full_guard(text).is_err());
            assert!(!provably_safe(text), "{}", &text[..40.min(text.len())]);
        }
        // Just over the depth limit, each way it can be built.
        let compact = format!("{}x\n", "- ".repeat(MAX_DEPTH + 1));
        let stairs: String = (0..=MAX_DEPTH)
            .map(|n| format!("{}- \n", "  ".repeat(n)))
            .collect();
        let keys: String = (0..=MAX_DEPTH)
            .map(|n| format!("{}k:\n", " ".repeat(n)))
            .collect();
        for text in [compact, stairs, keys] {
            assert!(full_guard(&text).is_err(), "{text}");
            assert!(!provably_safe(&text), "{text}");
        }
    }

    #[test]
    fn the_prescan_leaves_possible_aliases_and_odd_line_breaks_to_the_event_pass() {
        for text in [
            "a: *x\n",
            "*x\n",
            "[*x]",
            "{a: *x}",
            "a: [b,*x]",
            "- *x_1\n",
            "a:\t*x\n",
            "\u{feff}a: 1\n",
            "a: 1\u{85}b: 2\n",
            "a: 1\u{2028}b: 2\n",
        ] {
            assert_eq!(prescan(text), None, "{text:?}");
        }
        for text in [
            "a: R*x\n",
            "a: 2 * x\n",
            "a: **x\n",
            "a: '*'\n",
            "a: &x 1\n",
        ] {
            assert!(prescan(text).is_some(), "{text:?}");
        }
    }

    mod prescan_soundness {
        use super::super::{assert_prescan_sound, prescan, prescan_bytewise};
        use proptest::prelude::*;

        /// Pieces of YAML chosen to meet every rule the prescan relies on: indicators with and
        /// without blanks after them, flow brackets, quotes that hide brackets, anchors and
        /// aliases, tags, block scalars, document markers, tabs, CR, odd line breaks.
        const PIECES: &[&str] = &[
            "- ",
            "-",
            "? ",
            "?",
            ": ",
            ":",
            ",",
            "[",
            "]",
            "{",
            "}",
            "a",
            "key",
            "b c",
            " ",
            "  ",
            "    ",
            "\t",
            "\n",
            "\n",
            "\n",
            "\r\n",
            "\r",
            "&a ",
            "&b",
            "*a",
            "*b",
            " *a",
            "*",
            "**x**",
            "R&D",
            "\"",
            "'",
            "\\",
            "#",
            " #c",
            "|",
            "|-",
            "|2",
            ">",
            "!t ",
            "!!str ",
            "---",
            "--- ",
            "...",
            "%YAML 1.1\n",
            "\u{e9}",
            "\u{85}",
            "\u{2028}",
            "\u{feff}",
            "1",
            "x: ",
            "- - ",
            "\"q]\"",
            "'q}'",
            "\u{0}",
            "a:b",
            "-x",
        ];

        fn piece() -> impl Strategy<Value = &'static str> {
            prop::sample::select(PIECES)
        }

        /// Lines with chosen indentation, so block structure (and its closing) is common.
        fn lines() -> impl Strategy<Value = String> {
            prop::collection::vec((0usize..12, prop::collection::vec(piece(), 0..8)), 0..24)
                .prop_map(|lines| {
                    lines
                        .into_iter()
                        .map(|(indent, pieces)| {
                            format!("{}{}\n", " ".repeat(indent), pieces.concat())
                        })
                        .collect()
                })
        }

        /// Mostly valid block YAML: the block depth bound is only tested where the parser gets
        /// far without a syntax error.
        fn block_lines() -> impl Strategy<Value = String> {
            let indent = prop::sample::select(&[0usize, 0, 1, 2, 2, 3, 4, 4, 6, 8][..]);
            let token = prop::sample::select(
                &[
                    "- ", "- ", "k: ", "k:", "? ", ": ", "a", "\"s\"", "[a]", "{k: v}", "-",
                ][..],
            );
            prop::collection::vec((indent, prop::collection::vec(token, 1..5)), 0..30).prop_map(
                |lines| {
                    lines
                        .into_iter()
                        .map(|(indent, tokens)| {
                            format!("{}{}\n", " ".repeat(indent), tokens.concat())
                        })
                        .collect()
                },
            )
        }

        /// Flow collections with keys that need no blank after their `:`.
        fn flow_soup() -> impl Strategy<Value = String> {
            let token = prop::sample::select(
                &[
                    "[", "]", "{", "}", ",", "\"k\":", "a", "? ", ": ", " ", "\n", "- ", "k: ",
                ][..],
            );
            prop::collection::vec(token, 0..60).prop_map(|tokens| tokens.concat())
        }

        /// A tree to write as valid YAML in many styles, so the text gets deep without a syntax
        /// error stopping the parser early (random pieces rarely do).
        #[derive(Debug, Clone)]
        enum Tree {
            Leaf,
            /// Items, mapping or not, written in flow style or not, indentation step.
            Node(Vec<Tree>, bool, bool, usize),
        }

        fn tree() -> impl Strategy<Value = Tree> {
            Just(Tree::Leaf).prop_recursive(16, 80, 4, |inner| {
                (
                    prop::collection::vec(inner, 0..4),
                    any::<bool>(),
                    0..5u8,
                    1..4usize,
                )
                    .prop_map(|(items, mapping, style, step)| {
                        Tree::Node(items, mapping, style == 0, step)
                    })
            })
        }

        /// Flow style; keys are quoted so their `:` needs no blank (`"k":v`), and a one-entry
        /// mapping in a sequence is written as a single pair (`["k":v]`).
        fn flow(tree: &Tree) -> String {
            match tree {
                Tree::Leaf => "x".into(),
                Tree::Node(items, mapping, ..) => {
                    let items: Vec<String> = items
                        .iter()
                        .enumerate()
                        .map(|(n, item)| match (mapping, item) {
                            (true, _) => format!("\"k{n}\":{}", flow(item)),
                            (false, Tree::Node(pair, true, ..)) if pair.len() == 1 => {
                                format!("\"k\":{}", flow(&pair[0]))
                            }
                            (false, _) => flow(item),
                        })
                        .collect();
                    match mapping {
                        true => format!("{{{}}}", items.join(", ")),
                        false => format!("[{}]", items.join(", ")),
                    }
                }
            }
        }

        /// Writes `tree` at column `indent`; `inline`: the cursor is already there, after
        /// `- ` (so sequences nest compactly, `- - x`, and mappings start `- k: v`).
        fn block(tree: &Tree, indent: usize, inline: bool, out: &mut String) {
            let pad = |n: usize, out: &mut String, first: bool| {
                if !(first && inline) {
                    out.push_str(&" ".repeat(n));
                }
            };
            match tree {
                Tree::Node(items, mapping, false, step) if !items.is_empty() => {
                    for (n, item) in items.iter().enumerate() {
                        pad(indent, out, n == 0);
                        if !mapping {
                            out.push_str("- ");
                            block(item, indent + 2, true, out);
                            continue;
                        }
                        match item {
                            Tree::Node(children, child_mapping, false, _)
                                if !children.is_empty() =>
                            {
                                out.push_str(&format!("k{n}:\n"));
                                // A sequence may sit at its key's column (indentless).
                                let at = if !child_mapping && step % 2 == 1 {
                                    indent
                                } else {
                                    indent + step
                                };
                                block(item, at, false, out);
                            }
                            _ => out.push_str(&format!("k{n}: {}\n", flow(item))),
                        }
                    }
                }
                _ => {
                    pad(indent, out, true);
                    out.push_str(&flow(tree));
                    out.push('\n');
                }
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(3000))]

            #[test]
            fn bounds_hold_for_valid_yaml_in_any_style(tree in tree(), indent in 0..3usize) {
                let mut text = String::new();
                block(&tree, indent, false, &mut text);
                assert_prescan_sound(&text);
            }

            #[test]
            fn bounds_hold_for_block_yaml(text in block_lines()) {
                assert_prescan_sound(&text);
            }

            #[test]
            fn bounds_hold_for_flow_yaml(text in flow_soup()) {
                assert_prescan_sound(&text);
            }

            #[test]
            fn bounds_hold_for_any_piece_soup(pieces in prop::collection::vec(piece(), 0..80)) {
                assert_prescan_sound(&pieces.concat());
            }

            #[test]
            fn bounds_hold_for_indented_lines(text in lines()) {
                assert_prescan_sound(&text);
            }

            #[test]
            fn bounds_hold_for_any_text(text in "[ -~\t\n\r]{0,120}") {
                assert_prescan_sound(&text);
            }

            #[test]
            fn the_fast_passes_give_the_bytewise_answer(
                text in prop_oneof![
                    prop::collection::vec(piece(), 0..80).prop_map(|p| p.concat()),
                    lines(),
                    block_lines(),
                    flow_soup(),
                    "[ -~\t\n]{0,300}",
                ],
            ) {
                prop_assert_eq!(prescan(&text), prescan_bytewise(&text), "{:?}", text);
            }
        }
    }

    #[test]
    fn syntax_errors_are_left_to_the_real_parse() {
        assert_eq!(guard("a: [1, 2\nb: }"), Ok(()));
        assert_eq!(guard(""), Ok(()));
        assert_eq!(guard("x: *undefined"), Ok(()));
    }
}
