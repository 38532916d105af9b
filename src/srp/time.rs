//! Cognito's `TIMESTAMP` string (§7.6).

use alloc::string::String;

/// Cognito's `TIMESTAMP` for Unix time `unix_seconds` (UTC): Java pattern
/// `EEE MMM d HH:mm:ss 'UTC' yyyy`, English names, 24-hour clock, day of month not padded,
/// for example `Tue Sep 3 08:07:09 UTC 2024`.
pub fn timestamp(unix_seconds: u64) -> String {
    const DAYS: &[u8; 21] = b"SunMonTueWedThuFriSat";
    const MONTHS: &[u8; 36] = b"JanFebMarAprMayJunJulAugSepOctNovDec";
    let days = unix_seconds / 86_400;
    let secs = unix_seconds % 86_400;
    // Civil-from-days (H. Hinnant), over 400-year eras counted from 0000-03-01.
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = (mp + 2) % 12; // 0 = January
    let year = era * 400 + yoe + u64::from(month < 2);
    let wd = ((days + 4) % 7) as usize; // 1970-01-01 was a Thursday

    let mut s = String::with_capacity(32);
    let name = |s: &mut String, t: &[u8], i: usize| {
        s.extend(t[3 * i..3 * i + 3].iter().map(|&b| b as char));
        s.push(' ');
    };
    name(&mut s, DAYS, wd);
    name(&mut s, MONTHS, month as usize);
    push_num(&mut s, day, 1);
    s.push(' ');
    push_num(&mut s, secs / 3_600, 2);
    s.push(':');
    push_num(&mut s, secs / 60 % 60, 2);
    s.push(':');
    push_num(&mut s, secs % 60, 2);
    s.push_str(" UTC ");
    push_num(&mut s, year, 4);
    s
}

/// Appends `n` in decimal, zero-padded to at least `width` digits.
fn push_num(s: &mut String, mut n: u64, width: usize) {
    let mut buf = [b'0'; 20];
    let mut i = buf.len();
    while n > 0 || buf.len() - i < width {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    s.extend(buf[i..].iter().map(|&b| b as char));
}
