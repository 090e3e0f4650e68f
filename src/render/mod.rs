//! Output for people and machines. Commands build a plain view of their result; these helpers
//! turn it into a table, Markdown or versioned JSON. Nothing here knows the domain, except
//! `gap_report`, which draws the gap report for every command that shows one.

pub mod gap_report;
pub mod ics;
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
    let mut text = pretty(&Envelope {
        schema_version: SCHEMA_VERSION,
        kind,
        body,
    })?;
    text.push('\n');
    Ok(text)
}

/// What `serde_json::to_string_pretty` writes, for less.
fn pretty<T: Serialize>(value: &T) -> anyhow::Result<String> {
    // `plan` and `assess` write 80-100 KB: growing from serde_json's 128 bytes copies them
    // again and again. Pages of the buffer that are never written are never touched.
    let mut bytes = Vec::with_capacity(128 * 1024);
    let mut serializer = serde_json::Serializer::with_formatter(&mut bytes, Pretty::default());
    value.serialize(&mut serializer)?;
    debug_assert!(std::str::from_utf8(&bytes).is_ok());
    // SAFETY: serde_json writes strings from `&str` and everything else (escapes, numbers,
    // punctuation) in ASCII, as do `Pretty`'s indentation writes; serde_json's own
    // `to_string_pretty` relies on the same. Checking 100 KB again costs 50k instructions.
    Ok(unsafe { String::from_utf8_unchecked(bytes) })
}

/// serde_json's `PrettyFormatter` with two-space indentation, byte for byte, but writing a
/// line break and its indentation in one write instead of one write per level.
#[derive(Default)]
struct Pretty {
    depth: usize,
    has_value: bool,
}

/// A line break followed by enough spaces for 32 levels; deeper levels write the rest.
const NEWLINE_INDENT: &[u8; 65] =
    b"\n                                                                ";

fn newline_indent<W: ?Sized + std::io::Write>(writer: &mut W, depth: usize) -> std::io::Result<()> {
    let wanted = 1 + 2 * depth;
    if wanted <= NEWLINE_INDENT.len() {
        return writer.write_all(&NEWLINE_INDENT[..wanted]);
    }
    writer.write_all(NEWLINE_INDENT)?;
    for _ in 0..(wanted - NEWLINE_INDENT.len()) / 2 {
        writer.write_all(b"  ")?;
    }
    Ok(())
}

impl serde_json::ser::Formatter for Pretty {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        writer.write_all(b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            newline_indent(writer, self.depth)?;
        }
        writer.write_all(b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        if !first {
            writer.write_all(b",")?;
        }
        newline_indent(writer, self.depth)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        _writer: &mut W,
    ) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        writer.write_all(b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            newline_indent(writer, self.depth)?;
        }
        writer.write_all(b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        if !first {
            writer.write_all(b",")?;
        }
        newline_indent(writer, self.depth)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
    ) -> std::io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(
        &mut self,
        _writer: &mut W,
    ) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
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
pub fn bullets(items: &[String], width: usize, indent: usize) -> String {
    let mut out = String::new();
    for item in items {
        let wrapped = wrap(item, width, indent + 2);
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::Value;

    fn value() -> impl Strategy<Value = Value> {
        let text = prop_oneof!["\\PC*", ".*", "[\"\\\\/\u{0}-\u{1f}\u{7f}é漢🙂]{0,8}",];
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            text.clone().prop_map(Value::String),
        ];
        leaf.prop_recursive(8, 96, 6, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec((text.clone(), inner), 0..6)
                    .prop_map(|entries| Value::Object(entries.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]
        #[test]
        fn pretty_is_serde_json_pretty(value in value()) {
            prop_assert_eq!(pretty(&value).unwrap(), serde_json::to_string_pretty(&value).unwrap());
        }

        #[test]
        fn json_keeps_the_envelope(value in value()) {
            let body = serde_json::json!({ "items": value, "count": 3 });
            let old = serde_json::to_string_pretty(&Envelope {
                schema_version: SCHEMA_VERSION,
                kind: "things",
                body: &body,
            })
            .unwrap() + "\n";
            prop_assert_eq!(json("things", &body).unwrap(), old);
        }
    }

    #[test]
    fn pretty_indents_past_the_static_buffer() {
        for depth in [0, 1, 31, 32, 33, 34, 40, 70] {
            let mut value = serde_json::json!({ "leaf": [1, {}, []] });
            for level in 0..depth {
                value = if level % 2 == 0 {
                    serde_json::json!([value, "x"])
                } else {
                    serde_json::json!({ "k": value })
                };
            }
            assert_eq!(
                pretty(&value).unwrap(),
                serde_json::to_string_pretty(&value).unwrap()
            );
        }
    }
}
