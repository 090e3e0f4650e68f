//! Output for people and machines. Commands build a plain view of their result; these helpers
//! turn it into a table, Markdown or versioned JSON. Nothing here knows the domain, except
//! `gap_report`, which draws the gap report for every command that shows one.

pub mod gap_report;
pub mod ics;
pub mod style;

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
    let mut table = Table::new();
    table
        .load_style(if style.unicode {
            UNICODE_TABLE
        } else {
            ASCII_TABLE
        })
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(style.width)
        .set_header(
            header
                .iter()
                .map(|h| comfy_table::Cell::new(h).add_attribute(comfy_table::Attribute::Bold)),
        );
    // comfy-table styles only a terminal; the decision is ours (`--color`, NO_COLOR ...).
    if style.color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    // Ids and numbers are single words: breaking them mid-word helps no one.
    let single_words: Vec<bool> = (0..header.len())
        .map(|c| {
            rows.iter().all(|row| {
                row.get(c)
                    .is_none_or(|cell| !cell.contains(char::is_whitespace))
            })
        })
        .collect();
    for row in rows {
        table.add_row(row);
    }
    for (index, single) in single_words.into_iter().enumerate() {
        if let (true, Some(column)) = (single, table.column_mut(index)) {
            column.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
        }
    }
    for &column in right {
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
