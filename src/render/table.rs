//! The tables of `render::table`, drawn without comfy-table where we can prove the result is
//! the same bytes. comfy-table is general (any style, constraints, colours), and for a 40-row
//! table it spends more instructions than the rest of a command: a `String` per cell and line,
//! a width lookup per character, and the layout done with maps. Our tables use one shape of it
//! (no outer borders, a rule under the header, one space of padding, `ContentArrangement::
//! Dynamic`, `ContentWidth` on single-word columns, a bold header), so this module follows the
//! same algorithm (comfy-table 8.0's `arrangement::dynamic`, `content_split` and
//! `content_format`) for that shape only. Anything it does not cover returns `None`, and the
//! caller draws with comfy-table; the tests compare both over random tables.

use unicode_width::UnicodeWidthStr;

/// What `render::table` was asked to draw.
pub struct Spec<'a> {
    pub header: &'a [&'a str],
    pub rows: &'a [Vec<String>],
    /// Columns aligned right.
    pub right: &'a [usize],
    /// Columns whose cells are single words: they are never wrapped (comfy-table's
    /// `ColumnConstraint::ContentWidth`).
    pub single_words: &'a [bool],
    pub width: u16,
    pub color: bool,
    /// The rule under the header (`─` or `-`).
    pub rule: char,
}

/// Display width, as comfy-table measures it (`unicode-width`), with printable ASCII counted
/// without a table lookup.
fn width(text: &str) -> usize {
    if printable_ascii(text) {
        text.len()
    } else {
        text.width()
    }
}

/// Only bytes 0x20..0x7f; no early exit, so the loop is vectorised.
fn printable_ascii(text: &str) -> bool {
    text.bytes()
        .fold(true, |all, b| all & (b.wrapping_sub(0x20) < 0x5f))
}

/// Appends `count` spaces.
fn spaces(out: &mut String, mut count: usize) {
    const SPACES: &str = "                                                                ";
    while count > SPACES.len() {
        out.push_str(SPACES);
        count -= SPACES.len();
    }
    out.push_str(&SPACES[..count]);
}

/// The table's text, each line trimmed at the end, with a final newline; `None` when the
/// table is outside what this module reproduces.
pub fn draw(spec: &Spec) -> Option<String> {
    let columns = spec.header.len();
    if columns == 0 || spec.rows.iter().any(|row| row.len() != columns) {
        return None;
    }
    // comfy-table keeps widths in u16; stay far from its saturation.
    let limit = usize::from(u16::MAX) / 4;
    let mut max_widths = vec![0usize; columns];
    for (c, max) in max_widths.iter_mut().enumerate() {
        let cells = std::iter::once(spec.header[c]).chain(spec.rows.iter().map(|r| r[c].as_str()));
        for cell in cells {
            for line in cell.split('\n') {
                *max = (*max).max(width(line));
            }
        }
        // A column's content is at least 1 wide.
        *max = (*max).max(1);
        if *max > limit {
            return None;
        }
    }
    let widths = arrange(spec, &max_widths)?;
    let mut out = String::with_capacity(
        (spec.rows.len() + 2) * (widths.iter().map(|w| w + 3).sum::<usize>() + 1),
    );
    let header: Vec<&str> = spec.header.to_vec();
    draw_row(&mut out, spec, &widths, &header, true)?;
    let line_start = out.len();
    for (c, w) in widths.iter().enumerate() {
        if c > 0 {
            out.push(' ');
        }
        out.extend(std::iter::repeat_n(spec.rule, w + 2));
    }
    trim_line_end(&mut out, line_start);
    out.push('\n');
    let mut cells: Vec<&str> = Vec::with_capacity(columns);
    for row in spec.rows {
        cells.clear();
        cells.extend(row.iter().map(String::as_str));
        draw_row(&mut out, spec, &widths, &cells, false)?;
    }
    Some(out)
}

/// Removes trailing whitespace of the line of `out` that starts at `line_start` (comfy-table's
/// `trim_fmt`).
fn trim_line_end(out: &mut String, line_start: usize) {
    let kept = line_start + out[line_start..].trim_end().len();
    out.truncate(kept);
}

/// One row: every cell split into lines and wrapped to its column, then the lines side by side.
fn draw_row(
    out: &mut String,
    spec: &Spec,
    widths: &[usize],
    cells: &[&str],
    header: bool,
) -> Option<()> {
    let mut lines_per_cell: Vec<Vec<&str>> = Vec::with_capacity(cells.len());
    let mut height = 0;
    for (cell, &w) in cells.iter().zip(widths) {
        let mut lines = Vec::new();
        for line in cell.split('\n') {
            if width(line) > w {
                lines.extend(split_line(line, w)?);
            } else {
                lines.push(line);
            }
        }
        height = height.max(lines.len());
        lines_per_cell.push(lines);
    }
    for index in 0..height {
        let line_start = out.len();
        for (c, (lines, &w)) in lines_per_cell.iter().zip(widths).enumerate() {
            if c > 0 {
                out.push(' ');
            }
            let Some(line) = lines.get(index) else {
                // A shorter cell is topped up with spaces, never styled.
                spaces(out, w + 2);
                continue;
            };
            let remaining = w.saturating_sub(width(line));
            let (left, right) = if spec.right.contains(&c) {
                (remaining, 0)
            } else {
                (0, remaining)
            };
            let styled = header && spec.color;
            if styled {
                out.push_str("\x1b[1m");
            }
            spaces(out, 1 + left);
            out.push_str(line);
            spaces(out, right + 1);
            if styled {
                out.push_str("\x1b[0m");
            }
        }
        trim_line_end(out, line_start);
        out.push('\n');
    }
    Some(())
}

/// Content width of every column: comfy-table's dynamic arrangement for our tables (padding 1
/// on each side, one separator column between columns, no outer borders, `ContentWidth` on
/// single-word columns and no other constraint).
fn arrange(spec: &Spec, max_widths: &[usize]) -> Option<Vec<usize>> {
    let columns = max_widths.len();
    // Decided content widths, as comfy-table records them before clamping to at least 1.
    let mut decided: Vec<Option<usize>> = (0..columns)
        .map(|c| spec.single_words[c].then_some(max_widths[c]))
        .collect();
    let mut remaining = usize::from(spec.width).saturating_sub(columns - 1);
    for fixed in &decided {
        let taken = fixed.map_or(2, |w| w.max(1) + 2);
        remaining = remaining.saturating_sub(taken);
    }
    let mut open = decided.iter().filter(|d| d.is_none()).count();
    let average = |remaining: usize, open: usize| remaining.checked_div(open).unwrap_or(0);

    // Columns narrower than the average share get their content width, until none is left.
    let mut found = true;
    while found {
        found = false;
        if open == 0 || average(remaining, open) == 0 {
            break;
        }
        for c in 0..columns {
            if decided[c].is_some() {
                continue;
            }
            if max_widths[c] <= average(remaining, open) {
                decided[c] = Some(max_widths[c]);
                remaining = remaining.saturating_sub(max_widths[c]);
                open -= 1;
                if open == 0 {
                    break;
                }
                found = true;
            }
        }
    }

    // Columns whose longest line after wrapping at the average leaves 3 or more spare.
    if open > 0 {
        let mut found = true;
        while found {
            found = false;
            for (c, fixed) in decided.iter_mut().enumerate() {
                if fixed.is_some() {
                    continue;
                }
                let avg = average(remaining, open);
                let longest = longest_line_after_split(spec, c, avg)?;
                if avg.saturating_sub(longest) >= 3 {
                    *fixed = Some(longest);
                    remaining = remaining.saturating_sub(longest);
                    open -= 1;
                    if open == 0 {
                        break;
                    }
                    found = true;
                }
            }
        }
    }

    // The rest is shared out evenly, the first columns taking the remainder.
    if open > 0 {
        remaining = remaining.max(open);
        let share = remaining / open;
        let mut excess = remaining - share * open;
        for fixed in decided.iter_mut().filter(|d| d.is_none()) {
            let extra = usize::from(excess > 0);
            excess = excess.saturating_sub(1);
            *fixed = Some(share + extra);
        }
    }
    Some(decided.into_iter().map(|w| w.unwrap_or(1).max(1)).collect())
}

/// The widest line of column `c` (header included) once wrapped at `average` columns.
fn longest_line_after_split(spec: &Spec, c: usize, average: usize) -> Option<usize> {
    let content_width = average.clamp(1, usize::from(u16::MAX));
    let mut longest = 0;
    let cells = std::iter::once(spec.header[c]).chain(spec.rows.iter().map(|r| r[c].as_str()));
    for cell in cells {
        for line in cell.split('\n') {
            let w = width(line);
            if w > average {
                for part in split_line(line, content_width)? {
                    longest = longest.max(width(part));
                }
            } else {
                longest = longest.max(w);
            }
        }
    }
    Some(longest)
}

/// Space left on a line below which it is closed (comfy-table's `MIN_FREE_CHARS`).
const MIN_FREE_CHARS: usize = 2;

/// Wraps one line at spaces to `content_width` columns, splitting words longer than a line;
/// `None` if a word to split is not printable ASCII (comfy-table splits those by grapheme).
/// comfy-table builds each wrapped line by joining words with the space that separated them,
/// so every line is a slice of `line`: only where lines start and end is tracked here.
fn split_line(line: &str, content_width: usize) -> Option<Vec<&str>> {
    let offset = |part: &str| part.as_ptr() as usize - line.as_ptr() as usize;
    let mut lines = Vec::new();
    let mut words = line.split(' ');
    // comfy-table keeps the words on a stack and puts back at most the one it just took.
    let mut put_back: Option<&str> = None;
    // The line being filled: `line[start..end]`, empty when `start == end`.
    let (mut start, mut end) = (0, 0);
    let mut current_length = 0;
    while let Some(next) = put_back.take().or_else(|| words.next()) {
        let empty = start == end;
        let next_length = width(next);
        let mut added_length = next_length + current_length;
        if !empty {
            added_length += 1;
        }
        let mut remaining_width = content_width.saturating_sub(current_length);
        if !empty {
            remaining_width = remaining_width.saturating_sub(1);
        }
        if added_length <= content_width {
            if empty {
                start = offset(next);
            } else {
                current_length += 1;
            }
            end = offset(next) + next.len();
            current_length += next_length;
            if current_length > content_width.saturating_sub(MIN_FREE_CHARS) {
                lines.push(&line[start..end]);
                (start, end, current_length) = (0, 0, 0);
            }
            continue;
        }
        if !empty && remaining_width <= MIN_FREE_CHARS {
            put_back = Some(next);
            lines.push(&line[start..end]);
            (start, end, current_length) = (0, 0, 0);
            continue;
        }
        if next_length > content_width {
            if !printable_ascii(next) {
                return None;
            }
            let (head, tail) = next.split_at(next.len().min(remaining_width));
            if empty && head.is_empty() {
                // Unreachable for ASCII (a fresh line has room for one character), but
                // comfy-table forces one character onto the line rather than loop.
                return None;
            }
            if empty {
                start = offset(head);
            }
            end = offset(head) + head.len();
            lines.push(&line[start..end]);
            put_back = Some(tail);
            (start, end, current_length) = (0, 0, 0);
            continue;
        }
        lines.push(&line[start..end]);
        start = offset(next);
        end = start + next.len();
        current_length = next_length;
        if current_length > content_width.saturating_sub(MIN_FREE_CHARS) {
            lines.push(&line[start..end]);
            (start, end, current_length) = (0, 0, 0);
        }
    }
    if start != end {
        lines.push(&line[start..end]);
    }
    Some(lines)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use proptest::strategy::ValueTree;

    /// Words of ASCII, accented, dash, wide (CJK) and emoji characters; sometimes spaces in a
    /// row, a tab, a newline or nothing at all.
    fn cell() -> impl Strategy<Value = String> {
        let word = prop_oneof![
            8 => "[a-z0-9-]{1,12}",
            2 => "[A-Za-z]{20,45}",
            1 => "[éü–·]{1,4}",
            1 => "[漢字表]{1,5}",
            1 => Just("🙂".to_string()),
            1 => Just("".to_string()),
            1 => Just("\t".to_string()),
        ];
        let sep = prop_oneof![8 => Just(" "), 1 => Just("  "), 1 => Just("\n")];
        prop::collection::vec((word, sep), 0..8).prop_map(|parts| {
            let mut text = String::new();
            for (i, (word, sep)) in parts.into_iter().enumerate() {
                if i > 0 {
                    text.push_str(sep);
                }
                text.push_str(&word);
            }
            text
        })
    }

    /// Single-word cells (ids, numbers) are common in our tables and take the ContentWidth path.
    fn single() -> impl Strategy<Value = String> {
        prop_oneof![4 => "[a-z0-9-]{1,30}", 1 => "[0-9]{1,3}", 1 => "[–é]{1,3}"]
    }

    #[derive(Debug)]
    struct Case {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
        right: Vec<usize>,
        width: u16,
        color: bool,
        unicode: bool,
    }

    fn case() -> impl Strategy<Value = Case> {
        (1usize..7)
            .prop_flat_map(|columns| {
                let column_kinds = prop::collection::vec(any::<bool>(), columns);
                (
                    prop::collection::vec("[A-Z]{0,12}( [A-Z]{1,6})?", columns),
                    column_kinds,
                    0usize..25,
                    prop::collection::vec(0usize..8, 0..4),
                    prop_oneof![1u16..40, 40u16..130, 130u16..400],
                    any::<bool>(),
                    any::<bool>(),
                )
            })
            .prop_flat_map(|(header, kinds, row_count, right, width, color, unicode)| {
                let row = kinds
                    .iter()
                    .map(|&single_word| {
                        if single_word {
                            single().boxed()
                        } else {
                            cell().boxed()
                        }
                    })
                    .collect::<Vec<_>>();
                prop::collection::vec(row, row_count).prop_map(move |rows| Case {
                    header: header.clone(),
                    rows,
                    right: right.clone(),
                    width,
                    color,
                    unicode,
                })
            })
    }

    fn both(case: &Case) -> (Option<String>, String) {
        let header: Vec<&str> = case.header.iter().map(String::as_str).collect();
        let single_words: Vec<bool> = (0..header.len())
            .map(|c| {
                case.rows
                    .iter()
                    .all(|row| !row[c].contains(char::is_whitespace))
            })
            .collect();
        let spec = Spec {
            header: &header,
            rows: &case.rows,
            right: &case.right,
            single_words: &single_words,
            width: case.width,
            color: case.color,
            rule: if case.unicode { '─' } else { '-' },
        };
        (draw(&spec), crate::render::comfy_table(&spec))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn draws_what_comfy_table_draws(case in case()) {
            let (fast, comfy) = both(&case);
            if let Some(fast) = fast {
                prop_assert_eq!(fast, comfy);
            }
        }
    }

    /// The fast path must actually be taken for most tables, wrapped ones included.
    #[test]
    fn covers_most_tables() {
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let (mut drawn, mut wrapped, total) = (0, 0, 500);
        for _ in 0..total {
            let case = case().new_tree(&mut runner).unwrap().current();
            let (fast, comfy) = both(&case);
            if let Some(fast) = fast {
                assert_eq!(fast, comfy, "{case:?}");
                drawn += 1;
                if fast.lines().count() > case.rows.len() + 2 {
                    wrapped += 1;
                }
            }
        }
        // Falls back only for words to split that are not ASCII (wide characters in narrow
        // columns), which the generator makes often.
        assert!(drawn * 2 >= total, "fast path for {drawn} of {total}");
        assert!(wrapped * 5 >= total, "wrapped tables: {wrapped} of {total}");
    }

    #[test]
    fn falls_back_for_ragged_rows() {
        let rows = vec![vec!["a".to_string()]];
        let spec = Spec {
            header: &["A", "B"],
            rows: &rows,
            right: &[],
            single_words: &[true, true],
            width: 80,
            color: false,
            rule: '─',
        };
        assert_eq!(draw(&spec), None);
    }
}
