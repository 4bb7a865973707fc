//! RFC 3339 timestamps, just enough to bucket usage by UTC day: strict parsing
//! (`2026-11-03T14:05:09.120Z`, `2026-11-03T16:05:09+02:00`) into seconds since the epoch.
//!
//! Written by hand because the whole need is ~80 lines and date crates would add tens of
//! kilobytes to the wasm package.

use std::fmt;

/// A point in time, as whole seconds since 1970-01-01T00:00:00Z (sub-second digits are
/// validated and dropped: no price depends on them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

/// A UTC calendar day, as days since 1970-01-01.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(i64);

impl Timestamp {
    /// The instant `seconds` after the Unix epoch.
    pub fn from_unix_seconds(seconds: i64) -> Timestamp {
        Timestamp(seconds)
    }

    /// Seconds since the Unix epoch.
    pub fn unix_seconds(self) -> i64 {
        self.0
    }

    /// The UTC day this instant falls on.
    pub fn day(self) -> Day {
        Day(self.0.div_euclid(86_400))
    }

    /// Parses an RFC 3339 date-time (`T` or space separator, `Z` or `±hh:mm` offset,
    /// optional fraction). Years 0000-9999 only.
    pub fn parse_rfc3339(text: &str) -> Result<Timestamp, String> {
        let b = text.as_bytes();
        // Nearly every timestamp is `YYYY-MM-DDThh:mm:ssZ`: read at once, without the
        // general path's checks one part at a time (which names what is wrong).
        if let Some(t) = Self::plain_utc(b) {
            return Ok(t);
        }
        Self::parse_general(text)
    }

    /// Every form [`Timestamp::parse_rfc3339`] takes, part by part, naming what is wrong.
    fn parse_general(text: &str) -> Result<Timestamp, String> {
        let b = text.as_bytes();
        if b.len() < 20 {
            return Err(format!(
                "{text:?} is too short (expected e.g. 2026-11-03T14:05:09Z)"
            ));
        }
        let num = |from: usize, len: usize| -> Result<i64, String> {
            let part = b
                .get(from..from + len)
                .ok_or_else(|| format!("{text:?} is truncated"))?;
            let mut v: i64 = 0;
            for &c in part {
                if !c.is_ascii_digit() {
                    return Err(format!("{text:?} has a non-digit where a digit belongs"));
                }
                v = v * 10 + i64::from(c - b'0');
            }
            Ok(v)
        };
        let sep = |at: usize, allowed: &[u8]| -> Result<(), String> {
            match b.get(at) {
                Some(c) if allowed.contains(c) => Ok(()),
                _ => Err(format!("{text:?} is not of the form YYYY-MM-DDThh:mm:ssZ")),
            }
        };
        let year = num(0, 4)?;
        sep(4, b"-")?;
        let month = num(5, 2)?;
        sep(7, b"-")?;
        let day = num(8, 2)?;
        sep(10, b"Tt ")?;
        let hour = num(11, 2)?;
        sep(13, b":")?;
        let minute = num(14, 2)?;
        sep(16, b":")?;
        let second = num(17, 2)?;
        if !is_date(year, month, day) {
            return Err(format!("{text:?} is not a calendar date"));
        }
        if !is_time(hour, minute, second) {
            return Err(format!("{text:?} is not a time of day"));
        }
        let mut pos = 19;
        if b.get(pos) == Some(&b'.') {
            pos += 1;
            let start = pos;
            while b.get(pos).is_some_and(u8::is_ascii_digit) {
                pos += 1;
            }
            if pos == start {
                return Err(format!("{text:?} has an empty fraction of a second"));
            }
        }
        let offset_seconds = match b.get(pos) {
            Some(b'Z') | Some(b'z') if pos + 1 == b.len() => 0,
            Some(&sign @ (b'+' | b'-')) if pos + 6 == b.len() => {
                let oh = num(pos + 1, 2)?;
                sep(pos + 3, b":")?;
                let om = num(pos + 4, 2)?;
                if oh > 23 || om > 59 {
                    return Err(format!("{text:?} has an invalid UTC offset"));
                }
                let off = oh * 3600 + om * 60;
                if sign == b'-' {
                    -off
                } else {
                    off
                }
            }
            _ => {
                return Err(format!(
                    "{text:?} needs a UTC offset at the end (Z or +hh:mm)"
                ))
            }
        };
        let days = days_from_civil(year, month, day);
        let local = days * 86_400 + hour * 3600 + minute * 60 + in_minute(second);
        Ok(Timestamp(local - offset_seconds))
    }
}

impl Timestamp {
    /// `YYYY-MM-DDThh:mm:ssZ` when `b` is exactly that and valid; `None` sends it to the
    /// general path, which reads it or names the fault.
    #[inline(never)]
    fn plain_utc(b: &[u8]) -> Option<Timestamp> {
        let separators = [
            (4, b'-'),
            (7, b'-'),
            (10, b'T'),
            (13, b':'),
            (16, b':'),
            (19, b'Z'),
        ];
        if b.len() != 20 || !separators.iter().all(|&(i, c)| b.get(i) == Some(&c)) {
            return None;
        }
        // Two digits at `i`.
        let two = |i: usize| {
            let hi = b.get(i)?.wrapping_sub(b'0');
            let lo = b.get(i + 1)?.wrapping_sub(b'0');
            (hi <= 9 && lo <= 9).then_some(i64::from(hi) * 10 + i64::from(lo))
        };
        let (year, month, day) = (two(0)? * 100 + two(2)?, two(5)?, two(8)?);
        let (hour, minute, second) = (two(11)?, two(14)?, two(17)?);
        (is_date(year, month, day) && is_time(hour, minute, second)).then(|| {
            Timestamp(
                days_from_civil(year, month, day) * 86_400
                    + hour * 3600
                    + minute * 60
                    + in_minute(second),
            )
        })
    }
}

impl Day {
    /// Days since 1970-01-01.
    pub fn days_since_epoch(self) -> i64 {
        self.0
    }
}

/// `YYYY-MM-DD`.
/// RFC 3339 in UTC, to the second (`2026-03-04T05:06:07Z`).
impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.0.rem_euclid(86_400);
        write!(
            f,
            "{}T{:02}:{:02}:{:02}Z",
            self.day(),
            secs / 3600,
            secs % 3600 / 60,
            secs % 60
        )
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = civil_from_days(self.0);
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

fn is_date(year: i64, month: i64, day: i64) -> bool {
    (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)
}

/// 60 is a leap second, which RFC 3339 allows.
fn is_time(hour: i64, minute: i64, second: i64) -> bool {
    hour <= 23 && minute <= 59 && second <= 60
}

/// A second of the minute as a count of seconds since 1970, which has no leap seconds: a leap
/// second (`23:59:60`) is the last second of its minute, as chrono and the time crate read
/// it, so it stays in its day (and its price) rather than becoming the next minute.
fn in_minute(second: i64) -> i64 {
    second.min(59)
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> i64 {
        Timestamp::parse_rfc3339(s).unwrap().unix_seconds()
    }

    /// The plain form's quick path reads what the general path reads, and leaves every
    /// invalid date, time or character to it (so its messages stay the general path's).
    #[test]
    fn quick_path_agrees_with_the_general_one() {
        let mut checked = 0;
        for year in [0, 1, 1900, 1970, 1999, 2000, 2024, 2026, 2100, 9999] {
            for month in 0..=13 {
                for day in [0, 1, 28, 29, 30, 31, 32] {
                    for (h, m, sec) in [
                        (0, 0, 0),
                        (23, 59, 59),
                        (23, 59, 60),
                        (24, 0, 0),
                        (0, 60, 0),
                        (0, 0, 61),
                    ] {
                        let text = format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{sec:02}Z");
                        let quick = Timestamp::plain_utc(text.as_bytes());
                        let general = Timestamp::parse_general(&text);
                        match quick {
                            Some(t) => assert_eq!(Ok(t), general, "{text}"),
                            None => assert!(general.is_err(), "{text} left to the general path"),
                        }
                        checked += usize::from(quick.is_some());
                    }
                }
            }
        }
        // The valid dates: of the days [1, 28, 29, 30, 31], 5 in each of 7 long months and 4 in
        // each of 4 short ones, and February's 3 in the 3 leap years (0, 2000, 2024) or 2 in the
        // other 7: 10 x 51 + 3 x 3 + 7 x 2 = 533, at 3 valid times each.
        assert_eq!(checked, 1_599);
        for other in [
            "2026-11-03t14:05:09Z",
            "2026-11-03T14:05:09z",
            "2026-11-03 14:05:09Z",
            "2026-1a-03T14:05:09Z",
            "2026-11-03T14:05:09+00:00",
            "2026-11-03T14:05:09.1Z",
        ] {
            assert_eq!(Timestamp::plain_utc(other.as_bytes()), None, "{other}");
            assert!(
                Timestamp::parse_rfc3339(other).is_ok() || other.contains('a'),
                "{other}"
            );
        }
    }

    #[test]
    fn known_instants() {
        assert_eq!(ts("1970-01-01T00:00:00Z"), 0);
        // 2026-11-22T00:00:00Z: 20,779 days after the epoch (checked with Python's datetime).
        assert_eq!(ts("2026-11-22T00:00:00Z"), 20_779 * 86_400);
        assert_eq!(ts("2000-02-29T12:00:00.5Z"), 951_825_600);
        assert_eq!(ts("2026-11-03T16:05:09+02:00"), ts("2026-11-03T14:05:09Z"));
        assert_eq!(ts("2026-11-03 14:05:09z"), ts("2026-11-03T14:05:09Z"));
    }

    #[test]
    fn offsets_move_the_utc_day() {
        let t = Timestamp::parse_rfc3339("2026-11-03T23:30:00-05:00").unwrap();
        assert_eq!(t.day().to_string(), "2026-11-04");
        let t = Timestamp::parse_rfc3339("2026-11-03T00:30:00+01:00").unwrap();
        assert_eq!(t.day().to_string(), "2026-11-02");
        let t = Timestamp::parse_rfc3339("1969-12-31T23:59:59Z").unwrap();
        assert_eq!(t.day().to_string(), "1969-12-31");
    }

    #[test]
    fn a_leap_second_is_the_last_second_of_its_minute() {
        // The leap second at the end of a year stays in that year's last day, through both
        // paths and with an offset that puts it there in UTC.
        for text in [
            "2016-12-31T23:59:60Z",
            "2016-12-31T23:59:60.5Z",
            "2017-01-01T08:59:60+09:00",
        ] {
            let t = Timestamp::parse_rfc3339(text).unwrap();
            assert_eq!(t.unix_seconds(), ts("2016-12-31T23:59:59Z"), "{text}");
            assert_eq!(t.day().to_string(), "2016-12-31", "{text}");
        }
    }

    #[test]
    fn rejects_what_is_not_rfc3339() {
        for bad in [
            "2026-11-03",
            "2026-11-03T14:05:09",
            "2026-02-29T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-11-03T24:00:00Z",
            "2026-11-03T14:05:09.Z",
            "2026-11-03T14:05:09+0200",
            "2026-11-03T14:05:09Zjunk",
            "２０２６-11-03T14:05:09Z",
            "",
        ] {
            assert!(Timestamp::parse_rfc3339(bad).is_err(), "{bad}");
        }
    }
}
