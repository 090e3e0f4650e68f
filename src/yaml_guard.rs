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
    let mut parser = EventStream::new(text.as_bytes());
    let mut shape = Shape::default();
    while let Some(event) = parser.next() {
        shape.visit(event)?;
    }
    Ok(())
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
    fn syntax_errors_are_left_to_the_real_parse() {
        assert_eq!(guard("a: [1, 2\nb: }"), Ok(()));
        assert_eq!(guard(""), Ok(()));
        assert_eq!(guard("x: *undefined"), Ok(()));
    }
}
