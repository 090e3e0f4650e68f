//! Output for people and machines. Commands build a plain view of their result; these helpers
//! turn it into a table, Markdown or versioned JSON. Nothing here knows the domain, except
//! `gap_report`, which draws the gap report for every command that shows one.

pub mod gap_report;
pub mod ics;
mod json;
pub mod style;
pub mod table;

pub use style::Style;

use comfy_table::{ContentArrangement, LineStyle, Table, TableStyle};
use serde::Serialize;

/// Version of every JSON document pathway prints. Changes are additive only.
pub const SCHEMA_VERSION: u32 = 1;

/// Tables are a header, a rule under each column, and the rows: quiet on a shared screen.
const UNICODE_TABLE: TableStyle =
    TableStyle::new().header_separator(LineStyle::none().fill('─').junction(' '));
const ASCII_TABLE: TableStyle =
    TableStyle::new().header_separator(LineStyle::none().fill('-').junction(' '));

#[derive(Serialize)]
struct Envelope<'a, T: Serialize> {
    schema_version: u32,
    kind: &'a str,
    #[serde(flatten)]
    body: &'a T,
}

/// A JSON document: `{"schema_version": 1, "kind": "<kind>", ...body}`, pretty, with a newline.
pub fn json<T: Serialize>(kind: &str, body: &T) -> anyhow::Result<String> {
    if let Ok(text) = json::document(SCHEMA_VERSION, kind, body) {
        // Every document of a debug build (and so of the tests) is checked against serde_json.
        debug_assert_eq!(Some(&text), serde_json_document(kind, body).ok().as_ref());
        return Ok(text);
    }
    // Shapes the fast writer leaves out: serde_json writes the same bytes, or the error.
    Ok(serde_json_document(kind, body)?)
}

/// [`json`], printed to stdout as it is written (see [`json::stream_document`]).
pub fn print_json<T: Serialize>(kind: &str, body: &T) -> anyhow::Result<()> {
    if cfg!(debug_assertions) {
        // Debug builds (and so the tests) stream into memory through the same writer, then
        // check the document against serde_json before printing it.
        let shared = SharedBuffer::default();
        let text = match json::stream_document(SCHEMA_VERSION, kind, body, Box::new(shared.clone()))
        {
            Ok(()) => String::from_utf8(shared.0.take())?,
            Err(json::StreamError::Unsupported) => serde_json_document(kind, body)?,
            Err(error) => anyhow::bail!("writing the {kind} document as JSON: {error:?}"),
        };
        assert_eq!(
            text,
            serde_json_document(kind, body)?,
            "the streamed {kind} document"
        );
        return crate::context::emit(&text);
    }
    match json::stream_document(SCHEMA_VERSION, kind, body, Box::new(std::io::stdout().lock())) {
        Ok(()) => Ok(()),
        // Shapes the fast writer leaves out: serde_json writes the same bytes, or the error.
        Err(json::StreamError::Unsupported) => {
            crate::context::emit(&serde_json_document(kind, body)?)
        }
        Err(json::StreamError::Io(error)) => Err(error.into()),
        // Each document type is checked whole against serde_json by the tests: not expected.
        Err(json::StreamError::UnsupportedAfterOutput) => anyhow::bail!(
            "internal error: the {kind} document stopped part-way; please report it, and use --format table meanwhile"
        ),
    }
}

/// A `Write` into memory that stays readable after the writer is given away.
#[derive(Clone, Default)]
struct SharedBuffer(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl std::io::Write for SharedBuffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What [`json`] writes, as serde_json writes it.
fn serde_json_document<T: Serialize>(kind: &str, body: &T) -> serde_json::Result<String> {
    let mut text = serde_json::to_string_pretty(&Envelope {
        schema_version: SCHEMA_VERSION,
        kind,
        body,
    })?;
    text.push('\n');
    Ok(text)
}

/// A table sized to the terminal. `right` lists the columns to right-align (numbers).
pub fn table(style: &Style, header: &[&str], rows: Vec<Vec<String>>, right: &[usize]) -> String {
    // Ids and numbers are single words: breaking them mid-word helps no one.
    let single_words: Vec<bool> = (0..header.len())
        .map(|c| {
            rows.iter().all(|row| {
                row.get(c)
                    .is_none_or(|cell| !cell.contains(char::is_whitespace))
            })
        })
        .collect();
    let spec = table::Spec {
        header,
        rows: &rows,
        right,
        single_words: &single_words,
        width: style.width,
        color: style.color,
        rule: if style.unicode { '─' } else { '-' },
    };
    table::draw(&spec).unwrap_or_else(|| comfy_table(&spec))
}

/// The same table drawn by comfy-table: what `table::draw` reproduces, and the fallback for
/// what it does not cover.
pub fn comfy_table(spec: &table::Spec) -> String {
    let mut table = Table::new();
    table
        .load_style(if spec.rule == '─' {
            UNICODE_TABLE
        } else {
            ASCII_TABLE
        })
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(spec.width)
        .set_header(
            spec.header
                .iter()
                .map(|h| comfy_table::Cell::new(h).add_attribute(comfy_table::Attribute::Bold)),
        );
    // comfy-table styles only a terminal; the decision is ours (`--color`, NO_COLOR ...).
    if spec.color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    for row in spec.rows {
        table.add_row(row);
    }
    for (index, &single) in spec.single_words.iter().enumerate() {
        if let (true, Some(column)) = (single, table.column_mut(index)) {
            column.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
        }
    }
    for &column in spec.right {
        if let Some(column) = table.column_mut(column) {
            column.set_cell_alignment(comfy_table::CellAlignment::Right);
        }
    }
    let mut text = table.trim_fmt();
    text.push('\n');
    text
}

/// A Markdown table; pipes in cells are escaped.
pub fn markdown_table(header: &[&str], rows: &[Vec<String>]) -> String {
    let escape = |cell: &str| cell.replace('|', "\\|").replace('\n', " ");
    let mut out = String::new();
    out.push_str(&format!("| {} |\n", header.join(" | ")));
    out.push_str(&format!("|{}\n", "---|".repeat(header.len())));
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| escape(c)).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out
}

/// A CSV document with RFC 4180 quoting.
pub fn csv(header: &[&str], rows: &[Vec<String>]) -> String {
    let quote = |cell: &str| {
        if cell.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", cell.replace('"', "\"\""))
        } else {
            cell.to_string()
        }
    };
    let mut out = String::new();
    let line = |cells: Vec<String>| cells.join(",") + "\n";
    out.push_str(&line(header.iter().map(|h| quote(h)).collect()));
    for row in rows {
        out.push_str(&line(row.iter().map(|c| quote(c)).collect()));
    }
    out
}

/// Word-wraps `text` to `width` columns, indenting every line by `indent` spaces.
pub fn wrap(text: &str, width: usize, indent: usize) -> String {
    let width = width.saturating_sub(indent).max(20);
    let pad = " ".repeat(indent);
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            out.push_str(&pad);
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push_str(&pad);
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// A bulleted list, wrapped, for the terminal.
pub fn bullets(items: &[impl AsRef<str>], width: usize, indent: usize) -> String {
    let mut out = String::new();
    for item in items {
        let wrapped = wrap(item.as_ref(), width, indent + 2);
        let mut lines = wrapped.lines();
        if let Some(first) = lines.next() {
            out.push_str(&" ".repeat(indent));
            out.push_str("- ");
            out.push_str(first.trim_start());
            out.push('\n');
        }
        for rest in lines {
            out.push_str(rest);
            out.push('\n');
        }
    }
    out
}
