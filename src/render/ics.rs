//! iCalendar (RFC 5545) output: all-day events, with the escaping, CRLF line endings and
//! 75-octet line folding the standard asks for. Knows nothing of plans.

use chrono::{NaiveDate, NaiveDateTime};

/// Longest content line, in octets, before it is folded (RFC 5545 §3.1).
const MAX_LINE_OCTETS: usize = 75;

pub struct Calendar {
    /// `PRODID`, e.g. `-//pathway//growth plan//EN`.
    pub product: String,
    /// Shown by calendar apps as the calendar's name.
    pub name: String,
    pub events: Vec<Event>,
}

/// An all-day event.
pub struct Event {
    /// Stable across runs, so importing a new version of a plan updates its events.
    pub uid: String,
    pub date: NaiveDate,
    pub summary: String,
    pub description: String,
    pub categories: Vec<String>,
}

/// Escapes a TEXT value: backslash, semicolon, comma and line breaks.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            // Other control characters are not allowed in TEXT.
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Folds one content line into lines of at most 75 octets, never splitting a character or
/// an escape such as `\,` (the standard allows it, some readers trip on it); each
/// continuation starts with a space. Every line ends in CRLF.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut used = 0;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        let mut unit = String::from(c);
        if c == '\\' {
            if let Some(next) = chars.next() {
                unit.push(next);
            }
        }
        if used + unit.len() > MAX_LINE_OCTETS {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push_str(&unit);
        used += unit.len();
    }
    out.push_str("\r\n");
    out
}

fn date_value(date: NaiveDate) -> String {
    date.format("%Y%m%d").to_string()
}

/// The calendar as text. `stamp` is the `DTSTAMP` of every event: pass a fixed time (such as
/// the start of "today") so the same plan gives the same file.
pub fn calendar(calendar: &Calendar, stamp: NaiveDateTime) -> String {
    let mut out = String::new();
    let mut line = |text: String| out.push_str(&fold(&text));
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line(format!("PRODID:{}", escape_text(&calendar.product)));
    line("CALSCALE:GREGORIAN".into());
    line("METHOD:PUBLISH".into());
    line(format!("X-WR-CALNAME:{}", escape_text(&calendar.name)));
    let stamp = stamp.format("%Y%m%dT%H%M%SZ").to_string();
    for event in &calendar.events {
        line("BEGIN:VEVENT".into());
        line(format!("UID:{}", escape_text(&event.uid)));
        line(format!("DTSTAMP:{stamp}"));
        line(format!("DTSTART;VALUE=DATE:{}", date_value(event.date)));
        let next = event.date.succ_opt().unwrap_or(event.date);
        line(format!("DTEND;VALUE=DATE:{}", date_value(next)));
        line(format!("SUMMARY:{}", escape_text(&event.summary)));
        if !event.description.is_empty() {
            line(format!("DESCRIPTION:{}", escape_text(&event.description)));
        }
        if !event.categories.is_empty() {
            let categories: Vec<String> = event.categories.iter().map(|c| escape_text(c)).collect();
            line(format!("CATEGORIES:{}", categories.join(",")));
        }
        // A reminder, not a meeting: it does not block time.
        line("TRANSP:TRANSPARENT".into());
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_specials() {
        assert_eq!(escape_text("a,b;c\\d\ne\r\nf"), "a\\,b\\;c\\\\d\\ne\\nf");
    }

    #[test]
    fn folds_at_75_octets_without_splitting_characters() {
        let line = format!("DESCRIPTION:{}", "é".repeat(100));
        let folded = fold(&line);
        for physical in folded.split_terminator("\r\n") {
            assert!(physical.len() <= 75, "{} octets", physical.len());
        }
        let unfolded = folded.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, line);
    }

    #[test]
    fn never_folds_inside_an_escape() {
        let line = format!("SUMMARY:{}\\,{}", "x".repeat(66), "y".repeat(20));
        let folded = fold(&line);
        assert!(
            folded.starts_with(&format!("SUMMARY:{}\r\n \\,", "x".repeat(66))),
            "{folded}"
        );
    }

    #[test]
    fn short_lines_are_left_alone() {
        assert_eq!(fold("VERSION:2.0"), "VERSION:2.0\r\n");
        let exactly = "X".repeat(75);
        assert_eq!(fold(&exactly), format!("{exactly}\r\n"));
        assert_eq!(
            fold(&"X".repeat(76)),
            format!("{}\r\n X\r\n", "X".repeat(75))
        );
    }
}
