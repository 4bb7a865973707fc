//! The hand-written RFC 3339 reader (`time.rs`) against jiff, an established date library:
//! the same instant for every date, time and offset it accepts, the same UTC day, and a
//! refusal exactly where the calendar has no such date.

#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failing test"
)]

use jiff::civil::{Date, DateTime};
use jiff::tz::{Offset, TimeZone};
use proptest::prelude::*;
use tariff_request::time::Timestamp;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4_000))]

    /// Any date of years 0-9999 (day 1-31, so impossible dates too), any time of day, any
    /// offset, with or without a fraction: the same instant as jiff, or refused where jiff
    /// has no such date. (A leap second, `:60`, which RFC 3339 allows and jiff's civil
    /// times do not, is left out.)
    #[test]
    fn the_same_instant_as_jiff(
        // Half the years are the calendar's edge cases (centuries, leap and not), half the
        // days the ends of months, so that impossible dates come up often.
        year in prop_oneof![0i16..=9999, prop::sample::select(vec![
            0i16, 4, 100, 400, 1600, 1700, 1800, 1900, 1970, 2000, 2024, 2100, 2400, 9999])],
        month in 1i8..=12,
        day in prop_oneof![1i8..=31, 28i8..=31],
        hour in 0i8..=23, minute in 0i8..=59, second in 0i8..=59,
        offset_minutes in -(23 * 60 + 59)..=(23 * 60 + 59i32),
        fraction in prop::option::of("[0-9]{1,9}"),
        separator in prop::sample::select(vec!['T', 't', ' ']),
    ) {
        let zone = if offset_minutes == 0 && day % 2 == 0 {
            "Z".to_string()
        } else {
            let sign = if offset_minutes < 0 { '-' } else { '+' };
            let m = offset_minutes.abs();
            format!("{sign}{:02}:{:02}", m / 60, m % 60)
        };
        let frac = fraction.map(|f| format!(".{f}")).unwrap_or_default();
        let text = format!(
            "{year:04}-{month:02}-{day:02}{separator}{hour:02}:{minute:02}:{second:02}{frac}{zone}"
        );
        let ours = Timestamp::parse_rfc3339(&text);
        match Date::new(year, month, day) {
            Err(_) => prop_assert!(ours.is_err(), "{text} is no date, yet read as {ours:?}"),
            Ok(date) => {
                let local = DateTime::from_parts(date, jiff::civil::time(hour, minute, second, 0));
                let offset = Offset::from_seconds(offset_minutes * 60).unwrap();
                // jiff's instants end a day short of year 10000 in UTC (so that every offset
                // has a civil time); past that there is nothing to compare with.
                let Ok(zoned) = local.to_zoned(TimeZone::fixed(offset)) else {
                    prop_assume!(false);
                    return Ok(());
                };
                let theirs = zoned.timestamp();
                let ours = ours.map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
                prop_assert_eq!(ours.unix_seconds(), theirs.as_second(), "{}", text);
                // The UTC day usage is bucketed by.
                let day = theirs.to_zoned(TimeZone::UTC).date();
                prop_assert_eq!(ours.day().to_string(), day.strftime("%Y-%m-%d").to_string());
            }
        }
    }
}
