//! The usual answer record read without a general JSON parser: one flat object whose keys
//! and string values hold no escape, and whose other values are numbers, `true`, `false`
//! or `null`. Nearly every record of a batch is one; anything else (an escape, a nested
//! value, a syntax error) is left to serde_json, which reads it from the start and places
//! its errors. Both readers hand the same keys and values to `RecordReader::apply`, in
//! the same order; a test reads random records both ways.

use super::Raw;
use crate::rules::RuleSet;

/// A short value as one number ([`word`]): a string of at most seven bytes is its bytes,
/// little-endian, padded with zeros; `null`, `true` and `false` are these, which no string
/// without escapes can be (they begin with a quote). Anything else is `NOT_SHORT`.
pub(super) const NULL: u64 = word(b"\"null");
pub(super) const TRUE: u64 = word(b"\"true");
pub(super) const FALSE: u64 = word(b"\"false");
pub(super) const NOT_SHORT: u64 = u64::MAX;

/// `bytes` (at most seven) as a short value.
pub(super) use crate::rules::short_word as word;

/// A value of the record: a string is cut out of the record's text only when it is
/// needed (most answers are known from their short word alone, `word`). Nothing in it
/// needs dropping, so a value not used costs nothing.
pub(super) enum Value<'t> {
    Str {
        bytes: &'t [u8],
        start: usize,
        end: usize,
    },
    Null,
    Bool(bool),
    Num(serde_json::Number),
}

impl<'t> Value<'t> {
    /// The value as `RecordReader::apply` takes it.
    #[inline]
    pub(super) fn raw(self) -> Raw<'t> {
        match self {
            // UTF-8, as the whole text is (`fields`): the lossy reading borrows it as is.
            Value::Str { bytes, start, end } => {
                Raw::Str(String::from_utf8_lossy(&bytes[start..end]))
            }
            Value::Null => Raw::Null,
            Value::Bool(b) => Raw::Bool(b),
            Value::Num(n) => Raw::Num(n),
        }
    }
}

/// A key of the record: the question it is, when found at once from its first bytes
/// (`RuleSet::question_at`), or its text.
pub(super) enum Key<'t> {
    Question(usize),
    Other(&'t str),
}

/// Calls `field` with each key and value of `b`, a flat JSON object, in order: the key
/// (`Key`), the value, and the value as a short word when it is one (`word`). `None` as soon as `b` is anything else, or not UTF-8 (then `field` may have
/// been called for some keys).
pub(super) fn fields<'t>(
    b: &'t [u8],
    rules: &RuleSet,
    mut field: impl FnMut(Key<'t>, Value<'t>, u64),
) -> Option<()> {
    // No escape and no control character anywhere (a tab between tokens is allowed by
    // JSON, but rare enough to leave to serde_json): then a string ends at the next quote.
    // One pass without an early exit, so that the compiler checks many bytes at once; it
    // also finds whether all bytes are ASCII, and so UTF-8 (nearly every record is).
    let mut body = b;
    while let [rest @ .., b' ' | b'\t' | b'\r' | b'\n'] = body {
        body = rest;
    }
    let (bad, high) = body.iter().fold((false, 0u8), |(bad, high), &c| {
        (bad | (c < 0x20) | (c == b'\\'), high | c)
    });
    if bad || (high >= 0x80 && std::str::from_utf8(b).is_err()) {
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
        if b.get(i) != Some(&b'"') {
            i = skip_space(b, i);
            if b.get(i) != Some(&b'"') {
                return None;
            }
        }
        // A question's id is known from its first bytes, without looking for its end.
        let (key, after) = match rules.question_at(b, i + 1) {
            Some((q, len)) => (Key::Question(q), i + 2 + len),
            None => {
                let (close, _) = string_end(b, i + 1)?;
                let text = std::str::from_utf8(&b[i + 1..close]).ok()?;
                (Key::Other(text), close + 1)
            }
        };
        // Written without spaces, as most records are, each token follows the last at
        // once: spaces are skipped only where there are some.
        i = after;
        if b.get(i) != Some(&b':') {
            i = skip_space(b, i);
            if b.get(i) != Some(&b':') {
                return None;
            }
        }
        i = if b.get(i + 1).is_some_and(|c| *c > b' ') {
            i + 1
        } else {
            skip_space(b, i + 1)
        };
        let (value, after, word) = value(b, i)?;
        field(key, value, word);
        i = after;
        if b.get(i).is_none_or(|c| *c <= b' ') {
            i = skip_space(b, i);
        }
        match b.get(i) {
            Some(b',') => i += 1,
            Some(b'}') => return end(b, i + 1),
            _ => return None,
        }
    }
}

/// Where the string whose text starts at `start` ends (its closing quote), in a text
/// without escapes, and the string as a short word (`word`). Most strings of a record
/// are short: the first eight bytes are searched at once, and make the word.
#[inline(always)]
fn string_end(b: &[u8], start: usize) -> Option<(usize, u64)> {
    let Some(eight) = b.get(start..start + 8) else {
        // The last few bytes of the text.
        let close = start + next_quote(b.get(start..)?)?;
        let inner = &b[start..close];
        return Some((
            close,
            if inner.len() <= 7 {
                word(inner)
            } else {
                NOT_SHORT
            },
        ));
    };
    let eight = u64::from_le_bytes(eight.try_into().expect("eight bytes"));
    // A byte of `x` is zero exactly where `eight` has a quote; `found` has the top bit of
    // each such byte (no carry crosses a byte).
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let x = eight ^ 0x2222_2222_2222_2222;
    let found = !(((x & LOW) + LOW) | x | LOW);
    if found == 0 {
        let close = start + 8 + next_quote(&b[start + 8..])?;
        return Some((close, NOT_SHORT));
    }
    let len = (found.trailing_zeros() / 8) as usize;
    let mask = ((1u128 << (8 * len)) - 1) as u64;
    Some((start + len, eight & mask))
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

/// Where the first quote in `rest` is. The strings of a record are short: on x86-64,
/// memchr's SSE2 searcher, which is inlined here and finds most in its first sixteen
/// bytes, costs less than the general `memchr`, which picks its searcher through a
/// function pointer on every call.
fn next_quote(rest: &[u8]) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    if let Some(quote) = memchr::arch::x86_64::sse2::memchr::One::new(b'"') {
        return quote.find(rest);
    }
    memchr::memchr(b'"', rest)
}

/// A value starting at `i` that is not an array or an object, the index after it, and the
/// value as a short word (`word`).
// Inlined: returned through memory, the value is read back before its parts are all
// written, and the processor waits for them (a store-forwarding stall).
#[inline(always)]
fn value(b: &[u8], i: usize) -> Option<(Value<'_>, usize, u64)> {
    // Strings first, on their own: most values are strings.
    if b.get(i) == Some(&b'"') {
        let (close, word) = string_end(b, i + 1)?;
        let start = i + 1;
        return Some((
            Value::Str {
                bytes: b,
                start,
                end: close,
            },
            close + 1,
            word,
        ));
    }
    match b.get(i)? {
        b'n' => literal(b, i, b"null").map(|after| (Value::Null, after, NULL)),
        b't' => literal(b, i, b"true").map(|after| (Value::Bool(true), after, TRUE)),
        b'f' => literal(b, i, b"false").map(|after| (Value::Bool(false), after, FALSE)),
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
                std::str::from_utf8(written)
                    .ok()?
                    .parse::<serde_json::Number>()
                    .ok()?
            };
            Some((Value::Num(number), i + len, NOT_SHORT))
        }
        _ => None,
    }
}

// Inlined, so that the comparison is with a constant (not a call to libc's memcmp).
#[inline(always)]
fn literal(b: &[u8], i: usize, word: &[u8]) -> Option<usize> {
    b[i..].starts_with(word).then_some(i + word.len())
}
