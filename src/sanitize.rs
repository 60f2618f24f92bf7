//! Text from input files and rule files is shown to people on terminals. Control characters
//! in it are escaped here so no record can move the cursor, change colors or hide text.

use std::borrow::Cow;

/// `s` with every control character written as an escape (`\u{1b}`, `\n`, ...).
pub fn escape_control(s: &str) -> Cow<'_, str> {
    if is_printable_ascii(s) || !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if needs_escape(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Characters that can move the cursor, change colors, reorder text on a terminal, or hide
/// in it: controls, bidirectional marks and overrides (U+061C, U+200E/F, U+202A-E,
/// U+2066-9), zero-width and invisible characters (U+00AD, U+180E, U+200B-D, U+2060-4,
/// U+206A-F, U+FEFF), line and paragraph separators, interlinear annotation marks, and tag
/// characters (U+E0000-U+E007F).
pub fn needs_escape(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_control();
    }
    c.is_control()
        || matches!(
            c,
            '\u{00ad}'
                | '\u{061c}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{206f}'
                | '\u{feff}'
                | '\u{fff9}'..='\u{fffb}'
                | '\u{e0000}'..='\u{e007f}'
        )
}

/// Where the eight bytes of `word` (read little-endian) equal `byte`: the high bit of each
/// such byte is set, no other bit: eight bytes looked at in a few instructions, for
/// searches that stop every few bytes (the spaces of a paragraph), where `memchr`'s
/// start-up on each search costs more than the search.
pub fn byte_mask(word: u64, byte: u8) -> u64 {
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    // Zero where `word` has `byte`; `((y & 0x7f) + 0x7f) | y` has its high bit set exactly
    // where the byte `y` is not zero (no carry crosses bytes).
    let x = word ^ (u64::from(byte) * 0x0101_0101_0101_0101);
    !(((x & LOW).wrapping_add(LOW)) | x) & !LOW
}

/// Whether `s` is all printable ASCII (the usual case: nothing to escape, a column a
/// byte), seen in one pass the compiler can vectorise.
pub fn is_printable_ascii(s: &str) -> bool {
    s.bytes()
        .fold(true, |acc, b| acc & (0x20..0x7f).contains(&b))
}

/// A word from the input inside a sentence, unquoted: escaped and cut to 20 characters.
pub fn short(s: &str) -> String {
    short_to(s, 20)
}

/// `s` escaped and cut to `max` characters, with "…" where it was cut.
pub fn short_to(s: &str, max: usize) -> String {
    let escaped = escape_control(s);
    let mut chars = escaped.chars();
    let head: String = chars.by_ref().take(max).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn a_byte_mask_marks_exactly_the_bytes_equal_to_the_byte(
            bytes in proptest::prelude::any::<[u8; 8]>(),
            other in proptest::prelude::any::<u8>(),
            pick in 0usize..10,
        ) {
            // Mostly a byte the word has (once or more), sometimes any byte.
            let byte = bytes.get(pick).copied().unwrap_or(other);
            let mask = byte_mask(u64::from_le_bytes(bytes), byte);
            for (i, &c) in bytes.iter().enumerate() {
                proptest::prop_assert_eq!(mask >> (i * 8) & 0xff, if c == byte { 0x80 } else { 0 });
            }
        }
    }

    #[test]
    fn escapes_terminal_control_sequences() {
        assert_eq!(escape_control("a\x1b[31mred"), "a\\u{1b}[31mred");
        assert_eq!(escape_control("line\nbreak"), "line\\nbreak");
        assert_eq!(escape_control("plain é"), "plain é");
        assert_eq!(escape_control("rtl\u{202e}x"), "rtl\\u{202e}x");
        // Issue 16: invisible characters that were let through.
        for c in [
            '\u{061c}',
            '\u{2028}',
            '\u{2029}',
            '\u{feff}',
            '\u{e0041}',
            '\u{2060}',
        ] {
            assert!(needs_escape(c), "U+{:04X}", c as u32);
            assert!(escape_control(&format!("a{c}b")).starts_with("a\\u{"));
        }
        assert_eq!(escape_control("é ü 中文 🙂"), "é ü 中文 🙂");
    }
}
