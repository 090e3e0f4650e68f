//! Dates in documents as `YYYY-MM-DD`, for `#[serde(serialize_with = "crate::iso_date::write")]`
//! (and `write_option` for an `Option<NaiveDate>`).
//!
//! chrono writes the same text through `core::fmt`, a character at a time: about 450
//! instructions a date, and a plan has 60 of them. This writes the ten bytes directly, and
//! [`parse`] reads them back the same way.

use chrono::{Datelike, NaiveDate};
use serde::{Serialize, Serializer};

/// The date as chrono's `Serialize` writes it, with four-digit years written directly.
pub fn write<S: Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
    match text(*date) {
        Some(bytes) => {
            // The ten bytes are ASCII digits and dashes.
            let text = std::str::from_utf8(&bytes).expect("ASCII");
            serializer.serialize_str(text)
        }
        None => date.serialize(serializer),
    }
}

/// [`write`] for a date that may be absent (`null`, as serde writes `None`).
pub fn write_option<S: Serializer>(
    date: &Option<NaiveDate>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match date {
        Some(date) => write(date, serializer),
        None => serializer.serialize_none(),
    }
}

/// `NaiveDate::parse_from_str(text, "%Y-%m-%d")`, with the common `YYYY-MM-DD` read
/// directly: chrono's format parser is a few hundred lines of code that `assess` and `plan`
/// would run once a start, for one date (`PATHWAY_TODAY`).
pub fn parse(text: &str) -> chrono::ParseResult<NaiveDate> {
    match text.as_bytes() {
        [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] => {
            let digits = [*y1, *y2, *y3, *y4, *m1, *m2, *d1, *d2];
            if digits.iter().all(u8::is_ascii_digit) {
                let n = |range: std::ops::Range<usize>| {
                    digits[range]
                        .iter()
                        .fold(0_u32, |n, d| n * 10 + u32::from(d - b'0'))
                };
                // Year 0 to 9999 always fits; an impossible day falls through to chrono,
                // which words the error.
                let year = i32::try_from(n(0..4)).expect("four digits");
                if let Some(date) = NaiveDate::from_ymd_opt(year, n(4..6), n(6..8)) {
                    return Ok(date);
                }
            }
            NaiveDate::parse_from_str(text, "%Y-%m-%d")
        }
        _ => NaiveDate::parse_from_str(text, "%Y-%m-%d"),
    }
}

/// `YYYY-MM-DD` for years 0 to 9999 (other years take a sign or more digits).
fn text(date: NaiveDate) -> Option<[u8; 10]> {
    let year = u16::try_from(date.year()).ok().filter(|&y| y <= 9999)?;
    let digit = |n: u16| b'0' + (n % 10) as u8;
    let (month, day) = (date.month() as u16, date.day() as u16);
    Some([
        digit(year / 1000),
        digit(year / 100),
        digit(year / 10),
        digit(year),
        b'-',
        digit(month / 10),
        digit(month),
        b'-',
        digit(day / 10),
        digit(day),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[derive(Serialize)]
    struct Dated {
        #[serde(serialize_with = "write")]
        date: NaiveDate,
    }

    #[derive(Serialize)]
    struct MaybeDated {
        #[serde(serialize_with = "write_option")]
        date: Option<NaiveDate>,
    }

    proptest! {
        /// Any text, and every ten-character shape of digits and dashes, read as chrono reads it.
        #[test]
        fn dates_are_read_as_chrono_reads_them(text in "([0-9]{4}-[0-9]{2}-[0-9]{2})|([0-9-+ ]{0,12})|(.{0,12})") {
            prop_assert_eq!(parse(&text), NaiveDate::parse_from_str(&text, "%Y-%m-%d"));
        }

        /// Every date chrono can hold, written as chrono's own `Serialize` writes it.
        #[test]
        fn dates_are_written_as_chrono_writes_them(days in NaiveDate::MIN.num_days_from_ce()..=NaiveDate::MAX.num_days_from_ce()) {
            let date = NaiveDate::from_num_days_from_ce_opt(days).expect("in range");
            let ours = serde_json::to_string(&Dated { date }).expect("serialises");
            let chrono = serde_json::to_string(&serde_json::json!({ "date": date })).expect("serialises");
            prop_assert_eq!(ours, chrono);
        }

        /// Present or absent, as serde writes an `Option`.
        #[test]
        fn optional_dates_are_written_as_serde_writes_them(days in proptest::option::of(0..=3_652_058_i32)) {
            let date = days.map(|d| NaiveDate::from_num_days_from_ce_opt(d).expect("in range"));
            let ours = serde_json::to_string(&MaybeDated { date }).expect("serialises");
            let serde = serde_json::to_string(&serde_json::json!({ "date": date })).expect("serialises");
            prop_assert_eq!(ours, serde);
        }
    }

    #[test]
    fn read_dates_at_the_edges() {
        for text in [
            "2026-11-21",
            "0000-01-01",
            "9999-12-31",
            "2024-02-29",
            "2025-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-01-32",
            "2026-1-5",
            "+2026-01-05",
            "12026-01-05",
            "2026-01-05 ",
        ] {
            assert_eq!(
                parse(text),
                NaiveDate::parse_from_str(text, "%Y-%m-%d"),
                "{text}"
            );
        }
    }

    #[test]
    fn years_at_the_edges_of_four_digits() {
        for (y, m, d) in [
            (0, 1, 1),
            (9999, 12, 31),
            (10000, 1, 1),
            (-1, 12, 31),
            (2027, 2, 28),
        ] {
            let date = NaiveDate::from_ymd_opt(y, m, d).expect("valid");
            let ours = serde_json::to_string(&Dated { date }).expect("serialises");
            assert_eq!(
                ours,
                format!("{{\"date\":\"{}\"}}", date.format("%Y-%m-%d"))
            );
        }
    }
}
