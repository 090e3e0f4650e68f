//! Dates in documents as `YYYY-MM-DD`, for `#[serde(serialize_with = "crate::iso_date::write")]`
//! (and `write_option` for an `Option<NaiveDate>`).
//!
//! chrono writes the same text through `core::fmt`, a character at a time: about 450
//! instructions a date, and a plan has 60 of them. This writes the ten bytes directly, and
//! [`parse`] reads them back the same way.

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
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

/// A UTC time as chrono's `Serialize` writes it (RFC 3339, `Z`, the fraction of a second in
/// 0, 3, 6 or 9 digits), written directly for four-digit years: chrono goes through
/// `core::fmt`, code that `assess` runs for this one field.
pub fn write_utc<S: Serializer>(time: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
    match utc_text(time) {
        Some((bytes, len)) => {
            // Digits and ASCII punctuation.
            let text = std::str::from_utf8(&bytes[..len]).expect("ASCII");
            serializer.serialize_str(text)
        }
        None => time.serialize(serializer),
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.fff[fff[fff]]]Z` and its length, for years 0 to 9999.
fn utc_text(time: &DateTime<Utc>) -> Option<([u8; 30], usize)> {
    let date = text(time.date_naive())?;
    let mut out = [0_u8; 30];
    out[..10].copy_from_slice(&date);
    let two = |n: u32| [b'0' + (n / 10) as u8, b'0' + (n % 10) as u8];
    let (mut second, mut nano) = (time.second(), time.nanosecond());
    // A leap second is held as nanoseconds past 10^9 (as chrono writes it: second 60).
    if nano >= 1_000_000_000 {
        second += 1;
        nano -= 1_000_000_000;
    }
    out[10] = b'T';
    out[11..13].copy_from_slice(&two(time.hour()));
    out[13] = b':';
    out[14..16].copy_from_slice(&two(time.minute()));
    out[16] = b':';
    out[17..19].copy_from_slice(&two(second));
    let (digits, fraction) = if nano == 0 {
        (0, 0)
    } else if nano % 1_000_000 == 0 {
        (3, nano / 1_000_000)
    } else if nano % 1_000 == 0 {
        (6, nano / 1_000)
    } else {
        (9, nano)
    };
    let mut len = 19;
    if digits > 0 {
        out[len] = b'.';
        let mut rest = fraction;
        for at in (len + 1..=len + digits).rev() {
            out[at] = b'0' + (rest % 10) as u8;
            rest /= 10;
        }
        len += 1 + digits;
    }
    out[len] = b'Z';
    Some((out, len + 1))
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

        /// Times across every date chrono can hold, with every shape of fraction.
        #[test]
        fn times_are_written_as_chrono_writes_them(
            days in NaiveDate::MIN.num_days_from_ce()..=NaiveDate::MAX.num_days_from_ce(),
            seconds in 0_u32..86_400,
            nano in prop_oneof![Just(0_u32), (0_u32..1000).prop_map(|n| n * 1_000_000), (0_u32..1_000_000).prop_map(|n| n * 1000), 0_u32..2_000_000_000],
        ) {
            let date = NaiveDate::from_num_days_from_ce_opt(days).expect("in range");
            // chrono accepts a leap second only at second 59 of a minute.
            let nano = if seconds % 60 == 59 { nano } else { nano % 1_000_000_000 };
            let time = date
                .and_hms_nano_opt(seconds / 3600, seconds / 60 % 60, seconds % 60, nano)
                .expect("valid")
                .and_utc();
            let ours = serde_json::to_string(&Stamped { time }).expect("serialises");
            prop_assert_eq!(ours, chrono_json(time));
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

    #[derive(Serialize)]
    struct Stamped {
        #[serde(serialize_with = "write_utc")]
        time: DateTime<Utc>,
    }

    /// chrono's own output for the same time.
    fn chrono_json(time: DateTime<Utc>) -> String {
        serde_json::to_string(&serde_json::json!({ "time": time })).expect("serialises")
    }

    #[test]
    fn times_at_the_edges() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 21).expect("valid");
        for (year, nano) in [
            (2026, 0),
            (2026, 5_000_000),
            (2026, 5_000),
            (2026, 5),
            (2026, 999_999_999),
            (2026, 1_500_000_000),
            (0, 123),
            (9999, 0),
            (10000, 7),
            (-1, 0),
        ] {
            let time = NaiveDate::from_ymd_opt(year, 6, 30)
                .unwrap_or(day)
                .and_hms_nano_opt(23, 59, 59, nano)
                .expect("valid")
                .and_utc();
            let ours = serde_json::to_string(&Stamped { time }).expect("serialises");
            assert_eq!(ours, chrono_json(time), "{year} {nano}");
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
