//! The usual answer record read without a general JSON parser: one flat object whose keys
//! and string values hold no escape, and whose other values are numbers, `true`, `false`
//! or `null`. Nearly every record of a batch is one; anything else (an escape, a nested
//! value, a syntax error) is left to serde_json, which reads it from the start and places
//! its errors. Both readers hand the same keys and values to `RecordReader::apply`, in
//! the same order; a test reads random records both ways.

use std::borrow::Cow;

use super::Raw;

/// Calls `field` with each key and value of `text`, a flat JSON object, in order; `None`
/// as soon as `text` is anything else (then `field` may have been called for some keys).
pub(super) fn fields<'t>(text: &'t str, mut field: impl FnMut(&'t str, Raw<'t>)) -> Option<()> {
    let b = text.as_bytes();
    // No escape and no control character anywhere (a tab between tokens is allowed by
    // JSON, but rare enough to leave to serde_json): then a string ends at the next quote.
    // One pass without an early exit, so that the compiler checks many bytes at once.
    let body = text.trim_end_matches([' ', '\t', '\r', '\n']).as_bytes();
    if body
        .iter()
        .fold(false, |acc, &c| acc | (c < 0x20) | (c == b'\\'))
    {
        return None;
    }
    let mut i = skip_space(b, 0);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    i = skip_space(b, i + 1);
    if b.get(i) == Some(&b'}') {
        return end(b, i + 1);
    }
    loop {
        let (key, after) = string(text, i)?;
        i = skip_space(b, after);
        if b.get(i) != Some(&b':') {
            return None;
        }
        i = skip_space(b, i + 1);
        let (value, after) = value(text, i)?;
        field(key, value);
        i = skip_space(b, after);
        match b.get(i) {
            Some(b',') => i = skip_space(b, i + 1),
            Some(b'}') => return end(b, i + 1),
            _ => return None,
        }
    }
}

/// Only whitespace may follow the object.
fn end(b: &[u8], i: usize) -> Option<()> {
    (skip_space(b, i) == b.len()).then_some(())
}

fn skip_space(b: &[u8], mut i: usize) -> usize {
    while let Some(b' ' | b'\t' | b'\n' | b'\r') = b.get(i) {
        i += 1;
    }
    i
}

/// A string starting at `i` (its quote) in a text without escapes or control characters:
/// its text and the index after its closing quote.
fn string(text: &str, i: usize) -> Option<(&str, usize)> {
    let b = text.as_bytes();
    if b.get(i) != Some(&b'"') {
        return None;
    }
    let start = i + 1;
    let close = start + memchr::memchr(b'"', &b[start..])?;
    Some((&text[start..close], close + 1))
}

/// A value starting at `i` that is not an array or an object, and the index after it.
fn value(text: &str, i: usize) -> Option<(Raw<'_>, usize)> {
    let b = text.as_bytes();
    match b.get(i)? {
        b'"' => string(text, i).map(|(s, after)| (Raw::Str(Cow::Borrowed(s)), after)),
        b'n' => literal(b, i, b"null").map(|after| (Raw::Null, after)),
        b't' => literal(b, i, b"true").map(|after| (Raw::Bool(true), after)),
        b'f' => literal(b, i, b"false").map(|after| (Raw::Bool(false), after)),
        b'-' | b'0'..=b'9' => {
            let len = b[i..]
                .iter()
                .position(|c| !matches!(c, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
                .unwrap_or(b.len() - i);
            let written = &b[i..i + len];
            // A whole number of up to 18 digits without a leading zero is a u64 for
            // serde_json too; any other number is read by serde_json itself, so that it is
            // the same value (and a malformed one is refused, to be read and placed there).
            let number = if (1..=18).contains(&len)
                && written.iter().all(u8::is_ascii_digit)
                && (written[0] != b'0' || len == 1)
            {
                serde_json::Number::from(
                    written
                        .iter()
                        .fold(0u64, |n, d| n * 10 + u64::from(d - b'0')),
                )
            } else {
                text[i..i + len].parse::<serde_json::Number>().ok()?
            };
            Some((Raw::Num(number), i + len))
        }
        _ => None,
    }
}

fn literal(b: &[u8], i: usize, word: &[u8]) -> Option<usize> {
    b[i..].starts_with(word).then_some(i + word.len())
}
