//! Calendar dates, from the system clock and from `plan.toml`: today and this year, a
//! publication date (`YYYY-MM-DD`) checked, the date a year's documents carry and the same as
//! seconds since 1970 for Typst. Used by the plan's checks, the documents, `init`, `check` and
//! `publish`, so kept below all of them.

use crate::model::Plan;

/// The current calendar year (UTC), from the system clock.
pub fn this_year() -> u16 {
    u16::try_from(today().0).unwrap_or(2026)
}

/// Today's date (UTC) from the system clock: year, month, day (civil-from-days, proleptic
/// Gregorian).
pub fn today() -> (i64, i64, i64) {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let z = (seconds / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Today's date (UTC), `YYYY-MM-DD`.
pub fn today_iso() -> String {
    let (y, m, d) = today();
    format!("{y:04}-{m:02}-{d:02}")
}

/// The date a year's documents carry: its publication date in `plan.toml`, else 1 January of the
/// year, as the PDFs' creation date (PDF/A needs one).
pub fn document_date(plan: &Plan, year: u16) -> [u16; 3] {
    plan.publication_dates
        .get(&year)
        .and_then(|iso| parse(iso))
        .map_or([year, 1, 1], |(y, m, d)| [y, m.into(), d.into()])
}

/// `YYYY-MM-DD` → (year, month, day), checked.
pub fn parse(iso: &str) -> Option<(u16, u8, u8)> {
    let mut parts = iso.trim().splitn(3, '-');
    let y: u16 = parts.next()?.parse().ok()?;
    let m: u8 = parts.next()?.parse().ok()?;
    let d: u8 = parts.next()?.parse().ok()?;
    let leap = (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    ((1..=12).contains(&m) && d >= 1 && d <= days[m as usize - 1]).then_some((y, m, d))
}

/// The creation date a year's PDFs carry, as Typst takes it: midnight UTC of the year's
/// publication date (see [`document_date`]), in seconds since 1970.
pub fn document_timestamp(plan: &Plan, year: u16) -> i64 {
    epoch_seconds(document_date(plan, year))
}

/// Midnight UTC of a calendar date as seconds since 1970 (days-from-civil, proleptic Gregorian).
pub fn epoch_seconds([y, m, d]: [u16; 3]) -> i64 {
    let (y, m, d) = (i64::from(y) - i64::from(m <= 2), i64::from(m), i64::from(d));
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468) * 86_400
}

#[cfg(test)]
mod tests {
    #[test]
    fn this_year_is_a_plausible_year() {
        assert!((2024..2200).contains(&super::this_year()));
    }

    #[test]
    fn a_date_that_is_not_one_is_refused() {
        assert_eq!(super::parse("2026-11-24"), Some((2026, 11, 24)));
        assert_eq!(super::parse("2026-02-30"), None);
    }

    #[test]
    fn epoch_of_dates() {
        assert_eq!(super::epoch_seconds([1970, 1, 1]), 0);
        assert_eq!(super::epoch_seconds([2026, 11, 24]), 1_795_478_400);
        assert_eq!(super::epoch_seconds([2000, 3, 1]), 951_868_800);
    }
}
