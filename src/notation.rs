//! Numbers as people write them: `31+4`, `31w4d`, `31 weeks 4 days`, `1.85 kg`,
//! `4 lb 1 oz`. The units come from the question in the rule file; this module only knows
//! the grammar. Batch records and the questionnaire both go through `parse`. Problems are
//! returned as data (`NotationError`); `words` says them.

use crate::problem::{NotationError, NotationProblem, RangeProblem};
use crate::rules::{NumberSpec, Unit};

/// Parses `text` (already known not to be empty or "unknown") into the question's base
/// unit and checks it against the plausible range.
pub fn parse(text: &str, spec: &NumberSpec) -> Result<f64, NotationError> {
    let text = &*spaces_as_spaces(text);
    let value = parse_unchecked(text, spec)?;
    check_range(value, spec).map(|()| value).map_err(|problem| {
        let text = text.trim();
        NotationError::Range {
            text: text.to_string(),
            // A plain number reads the same whether it came as a JSON number or as text
            // (a CSV cell): "353 weeks is outside ...".
            plain: text.parse::<f64>().ok() == Some(value),
            value,
            problem,
        }
    })
}

/// Any Unicode space (the no-break space French and German spreadsheets write in "1850 g")
/// as a plain space, and byte order marks dropped: the published schema's `\s` accepts
/// them, so the parser does too.
fn spaces_as_spaces(text: &str) -> std::borrow::Cow<'_, str> {
    if text.is_ascii() {
        return text.into();
    }
    text.chars()
        .filter(|c| *c != '\u{feff}')
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect::<String>()
        .into()
}

/// Checks a value in base units against the question's range.
pub fn check_range(value: f64, spec: &NumberSpec) -> Result<(), RangeProblem> {
    if !value.is_finite() {
        return Err(RangeProblem::NotFinite);
    }
    if value < 0.0 {
        return Err(RangeProblem::Negative);
    }
    if value < spec.min || value > spec.max {
        return Err(RangeProblem::OutOfRange);
    }
    Ok(())
}

/// A value at the question's precision with its unit: "30.6 weeks".
pub fn with_unit(value: f64, spec: &NumberSpec) -> String {
    let mut s = String::with_capacity(16);
    push_with_unit(&mut s, value, spec);
    s
}

/// Appends `with_unit(..)` to `out`.
pub fn push_with_unit(out: &mut String, value: f64, spec: &NumberSpec) {
    push_value(out, value, spec);
    out.push(' ');
    out.push_str(&spec.unit);
}

/// A value of question `spec` as shown to people: at the question's precision, or with as
/// many more decimals as it takes for the shown number to sit on the same side of every
/// threshold it is compared with (and of the range's ends) as the value itself. 31.96
/// weeks beside "under 32 weeks" shows as 31.96, never as 32.
pub fn format_value(value: f64, spec: &NumberSpec) -> String {
    let mut s = String::with_capacity(12);
    push_value(&mut s, value, spec);
    s
}

/// Appends `format_value(..)` to `out`.
pub fn push_value(out: &mut String, value: f64, spec: &NumberSpec) {
    let agrees = |shown: f64| {
        spec.cutoffs
            .iter()
            .chain([&spec.min, &spec.max])
            .all(|c| value.partial_cmp(c) == shown.partial_cmp(c))
    };
    if !value.is_finite() || value.abs() >= 1e9 {
        return push_plain(out, value, spec.decimals);
    }
    for decimals in spec.decimals..=6 {
        let scale = 10f64.powi(decimals as i32);
        if agrees((value * scale).round() / scale) {
            return push_plain(out, value, decimals);
        }
    }
    // Closer to a threshold than a millionth: the shortest text that reads back exactly.
    use std::fmt::Write;
    let _ = write!(out, "{value}");
}

/// `value` with at most `decimals` decimals and no trailing zeros.
pub fn format_plain(value: f64, decimals: usize) -> String {
    let mut s = String::with_capacity(12);
    push_plain(&mut s, value, decimals);
    s
}

/// `value` (which is under `bound`) with `decimals` decimals, or as many more as it takes
/// for the shown number to stay under `bound`: 6.9993 days beside a week of 7 shows as
/// 6.999, never as 7 (which would say "31 weeks 7 days" for 31.9999 weeks).
pub fn format_under(value: f64, bound: f64, decimals: usize) -> String {
    for d in decimals..=6 {
        let shown = format_plain(value, d);
        if shown.parse::<f64>().is_ok_and(|s| s < bound) {
            return shown;
        }
    }
    // Closer to the bound than a millionth: cut, never round up.
    format_plain((value * 1e6).floor() / 1e6, 6)
}

/// Appends `format_plain(value, decimals)` to `out`.
pub fn push_plain(out: &mut String, value: f64, decimals: usize) {
    use std::fmt::Write;
    // Fast path: scale and round to an integer, avoiding float formatting's exact
    // (and slow) algorithm for the everyday case of a plausible measurement.
    let scale = 10f64.powi(decimals as i32);
    let scaled = (value * scale).round();
    if value.is_finite() && scaled.abs() < 1e15 && decimals <= 6 {
        let n = scaled.abs() as u64;
        let pow = 10u64.pow(decimals as u32);
        let (int, mut frac) = (n / pow, n % pow);
        if scaled < 0.0 && n != 0 {
            out.push('-');
        }
        let mut digits = itoa::Buffer::new();
        out.push_str(digits.format(int));
        if frac != 0 {
            let mut width = decimals;
            while frac % 10 == 0 {
                frac /= 10;
                width -= 1;
            }
            out.push('.');
            let frac = digits.format(frac);
            // Zeros after the point: 0.05 is 5 hundredths, written in 2 places.
            for _ in frac.len()..width {
                out.push('0');
            }
            out.push_str(frac);
        }
        return;
    }
    // Absurd magnitudes (typos, hostile input) in scientific notation, not 300 digits.
    let _ = write!(out, "{value:.3e}");
}

#[derive(Debug, Clone, Copy, Default)]
struct Part<'a> {
    amount: f64,
    amount_text: &'a str,
    unit: Option<&'a str>,
}

/// Full-width digits, signs and letters (from Chinese and Japanese input methods: "３１＋４")
/// as their ASCII forms, and the ideographic space as a space.
fn narrow(text: &str) -> std::borrow::Cow<'_, str> {
    let wide = |c: char| ('\u{FF01}'..='\u{FF5E}').contains(&c) || c == '\u{3000}';
    if !text.chars().any(wide) {
        return text.into();
    }
    text.chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            c if wide(c) => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect::<String>()
        .into()
}

/// The units a value written as `text` uses that carry a note (an assumption such as the
/// size of a 斤), for the echo and the explanation.
pub fn notes_used<'s>(text: &str, spec: &'s NumberSpec) -> Vec<&'s str> {
    units_used(text, spec)
        .into_iter()
        .filter_map(|u| u.note.as_deref())
        .collect()
}

/// The units with a note that a value written as `text` uses, each once, as the parser
/// reads them (a bare 斤 as the region's): for the echo, the explanation and the JSON
/// result's `units_assumed`.
pub fn units_used<'s>(text: &str, spec: &'s NumberSpec) -> Vec<&'s Unit> {
    // The common case, in every answer shown: no unit with a note is written at all. Said
    // without allocating: this runs for every number answer of every record.
    let ascii = text.is_ascii();
    if ascii && !spec.noted_ascii {
        return Vec::new();
    }
    let used = spec
        .units
        .iter()
        .filter(|u| u.note.is_some())
        .flat_map(|u| &u.names)
        .any(|n| {
            if n.is_ascii() {
                contains_ignore_ascii_case(text, n)
            } else {
                !ascii && text.contains(n.as_str())
            }
        });
    if !used {
        return Vec::new();
    }
    let lower = narrow(text).to_lowercase();
    let lower = lower.trim().trim_end_matches(FULL_STOP);
    let mut units: Vec<&Unit> = Vec::new();
    for piece in lower.split('+') {
        let Ok(parts) = tokenize(piece.trim()) else {
            continue;
        };
        let parts = parts.as_slice();
        let context = region_context(parts, spec);
        for name in parts.iter().filter_map(|p| p.unit) {
            if let Ok(unit) = find_unit(name, spec, context)
                && unit.note.is_some()
                && !units.iter().any(|u| std::ptr::eq(*u, unit))
            {
                units.push(unit);
            }
        }
    }
    units
}

/// Whether `haystack` contains `needle` (ASCII) in any ASCII case.
fn contains_ignore_ascii_case(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    n.is_empty() || h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

/// The full stop a Chinese sentence ends with ("31周4天。"), which says nothing more.
const FULL_STOP: char = '。';

fn parse_unchecked(text: &str, spec: &NumberSpec) -> Result<f64, NotationError> {
    match plain_decimal(text) {
        Some(value) => Ok(value),
        None => parse_written(text, spec),
    }
}

/// A plain decimal in the question's base unit ("29", "1850", "24.5": most written
/// numbers), read at once: `parse_written` comes to the same value for it (one part,
/// without a unit), through every step it takes for notations.
pub(crate) fn plain_decimal(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    // One ends in a digit; most notations end in a unit's letter, and stop here.
    if !bytes.last().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    // Whole numbers of up to 15 digits, the most common, without a float parser: every
    // one is a double exactly, the one `str::parse` gives.
    if (1..=MAX_DIGITS).contains(&bytes.len()) && bytes.iter().all(u8::is_ascii_digit) {
        let whole = bytes.iter().fold(0u64, |n, d| n * 10 + u64::from(d - b'0'));
        return Some(whole as f64);
    }
    // Digits with at most one dot, between digits; anything else stops at once.
    let mut dot = None;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'.' && dot.is_none() {
            dot = Some(i);
        } else if !b.is_ascii_digit() {
            return None;
        }
    }
    if bytes.is_empty()
        || dot.is_some_and(|i| i == 0 || i + 1 == bytes.len())
        || significant_digits(text) > MAX_DIGITS
    {
        return None;
    }
    text.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A plain decimal and a unit of the question named in lower-case ASCII letters, with one
/// space between them or none ("3549 g", "3.549 kg", "31 weeks"), read at once when no
/// other unit of the question has that name (`NumberSpec::plain_units`): `parse_written`
/// comes to the same value for it (one part, its amount times its unit's size), through
/// every step it takes for notations. Such notations can be thousands (every weight in
/// grams or kilograms), too many to keep.
pub(crate) fn decimal_with_unit(text: &str, spec: &NumberSpec) -> Option<f64> {
    let bytes = text.as_bytes();
    let digits = bytes
        .iter()
        .position(|b| !(b.is_ascii_digit() || *b == b'.'))?;
    let rest = &bytes[digits..];
    let name = rest.strip_prefix(b" ").unwrap_or(rest);
    let (_, size) = spec.plain_units.iter().find(|(n, _)| **n == *name)?;
    Some(plain_decimal(&text[..digits])? * size)
}

/// The most significant digits a written number may have: every decimal of 15 digits or
/// fewer is a different double, in the same order, so comparing the doubles compares the
/// decimals. With more, "31.99999999999999999" is read as 32.0 and would be "not under 32".
pub const MAX_DIGITS: usize = 15;

/// The significant digits of a decimal as written ("0031.500" has 3: 3, 1 and 5).
fn significant_digits(text: &str) -> usize {
    let digits = text.trim_start_matches(['0', '.']);
    // Zeros at the end of a fraction do not count ("1850.000" is 1850).
    let digits = if text.contains('.') {
        digits.trim_end_matches('0')
    } else {
        digits
    };
    digits.bytes().filter(u8::is_ascii_digit).count()
}

fn parse_written(text: &str, spec: &NumberSpec) -> Result<f64, NotationError> {
    use NotationProblem as P;
    let original = text.trim();
    let narrowed = narrow(original.trim_end_matches(FULL_STOP).trim_end());
    // "孕31+4周": the gestational-age prefix of Chinese notes says nothing more.
    let narrowed = match narrowed.trim_start().strip_prefix('孕') {
        Some(rest) => std::borrow::Cow::Owned(rest.trim_start().to_string()),
        None => narrowed,
    };
    let lower: std::borrow::Cow<'_, str> = if narrowed
        .bytes()
        .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
    {
        narrowed.to_lowercase().into()
    } else {
        narrowed
    };
    let err = |problem: NotationProblem| NotationError::Syntax {
        text: original.to_string(),
        problem,
    };

    let lower = loosen(lower, spec.plus_unit.is_some());
    if lower.starts_with('-') || lower.contains("+-") || lower.contains("+ -") {
        return Err(err(P::Negative));
    }
    if lower.contains(',') {
        return Err(err(P::DecimalComma));
    }

    // "31+4": the part after the plus is in the question's plus unit.
    if let Some((whole, rest)) = lower.split_once('+') {
        let Some(pu) = spec.plus_unit else {
            return Err(err(P::PlusNotUsed));
        };
        let whole_part = tokenize(whole.trim()).map_err(err)?;
        let rest_part = tokenize(rest.trim()).map_err(err)?;
        let [w] = whole_part.as_slice() else {
            return Err(err(P::OneBeforePlus));
        };
        let [r] = rest_part.as_slice() else {
            return Err(err(P::OneAfterPlus));
        };
        // The question's own unit may follow the whole ("31周+4", "31w+4") or end the
        // whole notation ("31+4周"); any other unit before the plus is refused.
        let base = |u: &str| {
            spec.units
                .iter()
                .any(|unit| unit.size == 1.0 && unit.names.iter().any(|n| n == u))
        };
        if w.unit.is_some_and(|u| !base(u)) {
            return Err(err(P::PlusWithUnits));
        }
        let mut r = *r;
        if r.unit.is_some_and(base) && w.unit.is_none() {
            r.unit = None;
        }
        let plus = &spec.units[pu];
        if let Some(u) = r.unit.filter(|u| !plus.names.iter().any(|n| n == u)) {
            return Err(err(P::PlusWrongUnit {
                unit: u.to_string(),
            }));
        }
        if w.amount.fract() != 0.0 {
            return Err(err(fraction_before_smaller(w, &r, plus.size, 1.0)));
        }
        let bound = 1.0 / plus.size;
        if r.amount >= bound - 1e-9 {
            return Err(err(P::PlusTooLarge {
                amount: r.amount_text.to_string(),
                bound,
            }));
        }
        return Ok(w.amount + r.amount * plus.size);
    }

    let parts = tokenize(&lower).map_err(err)?;
    let parts = parts.as_slice();
    if parts.is_empty() {
        return Err(err(P::NoNumber));
    }
    let context = region_context(parts, spec);
    if let [only] = parts {
        return match only.unit {
            None => Ok(only.amount),
            Some(u) => Ok(only.amount * find_unit(u, spec, context).map_err(err)?.size),
        };
    }
    // Several parts ("4 lb 1 oz", "31w4d"): every part has a unit, each smaller than the
    // one before, and each below one of the unit before it (no "31w7d").
    let mut total = 0.0;
    let mut previous: Option<(&str, f64)> = None;
    for (i, part) in parts.iter().enumerate() {
        let Some(u) = part.unit else {
            return Err(err(P::PartWithoutUnit {
                amount: part.amount_text.to_string(),
            }));
        };
        let unit = find_unit(u, spec, context).map_err(err)?;
        if let Some((prev_name, prev_size)) = previous {
            if unit.size >= prev_size {
                return Err(err(P::UnitOrder {
                    unit: u.to_string(),
                    previous: prev_name.to_string(),
                }));
            }
            let before = &parts[i - 1];
            if before.amount.fract() != 0.0 {
                return Err(err(fraction_before_smaller(
                    before, part, unit.size, prev_size,
                )));
            }
            let bound = prev_size / unit.size;
            if part.amount >= bound - 1e-9 {
                return Err(err(P::PartTooLarge {
                    amount: part.amount_text.to_string(),
                    unit: u.to_string(),
                    previous: prev_name.to_string(),
                    bound,
                }));
            }
        }
        total += part.amount * unit.size;
        previous = Some((u, unit.size));
    }
    Ok(total)
}

/// Drops what some notes add and what says nothing more: the "/40" of UK and Chinese
/// maternity notes ("31+4/40", "31/40", where the question has a "+" form), and a comma
/// between parts ("31 weeks, 4 days": a comma after a unit word; "1,850" stays a decimal
/// comma).
fn loosen(text: std::borrow::Cow<'_, str>, plus: bool) -> std::borrow::Cow<'_, str> {
    let mut text = text;
    if plus && let Some((before, after)) = text.rsplit_once('/') {
        let after = after.trim();
        if !before.trim().is_empty()
            && !after.is_empty()
            && after.bytes().all(|b| b.is_ascii_digit())
        {
            text = before.trim_end().to_string().into();
        }
    }
    let after_word = |i: usize, t: &str| {
        t[..i]
            .trim_end()
            .chars()
            .next_back()
            .is_some_and(char::is_alphabetic)
    };
    if text.contains(',') && text.match_indices(',').all(|(i, _)| after_word(i, &text)) {
        text = text.replace(',', " ").into();
    }
    text
}

/// The units in which a plain number outside the range would be plausible: 1.85 (grams)
/// read as 1.85 kg, 224 (weeks) as 224 days. For "did you mean".
pub fn plausible_units(value: f64, spec: &NumberSpec) -> Vec<&str> {
    spec.units
        .iter()
        // Not a unit whose size is an assumption (a 斤): suggest only what is certain.
        .filter(|u| u.size != 1.0 && u.note.is_none() && check_range(value * u.size, spec).is_ok())
        .map(|u| u.symbol.as_str())
        .collect()
}

/// "31.5+4", "31.9w6d", "4.5 lb 15 oz": a fraction of the larger unit followed by a smaller
/// unit has no single reading, so it is refused with the readings (in base units) it could
/// have, sorted and without repeats. `small_size` and `large_size` are in base units.
fn fraction_before_smaller(
    large: &Part<'_>,
    small: &Part<'_>,
    small_size: f64,
    large_size: f64,
) -> NotationProblem {
    let whole = large.amount.trunc();
    let mut readings = vec![
        // As written: the fraction and the smaller part added up.
        large.amount * large_size + small.amount * small_size,
        // The fraction was a slip: whole units and the smaller part.
        whole * large_size + small.amount * small_size,
        // The smaller part was a slip: the fraction alone.
        large.amount * large_size,
    ];
    // The dot was meant as the separator ("31.5" for 31+5), when that is a valid reading.
    let digits = large.amount_text.split_once('.').map_or("", |(_, d)| d);
    if let Ok(d) = digits.parse::<f64>()
        && d < large_size / small_size - 1e-9
    {
        readings.push(whole * large_size + d * small_size);
    }
    readings.retain(|r| r.is_finite());
    readings.sort_by(f64::total_cmp);
    readings.dedup_by(|a, b| (*a - *b).abs() < 1e-9);
    NotationProblem::FractionBeforeSmaller {
        amount: large.amount_text.to_string(),
        readings,
    }
}

/// The unit `name` means: the one unit of that name, or, for a name several regions'
/// units share (a bare 斤), the unit of the region that an explicit regional unit of the
/// same notation names (`context`: "3台斤8兩" is Taiwan's in every region), else of the
/// run's region; refused when neither tells.
fn find_unit<'s>(
    name: &str,
    spec: &'s NumberSpec,
    context: Option<&[String]>,
) -> Result<&'s Unit, NotationProblem> {
    let mut named = spec
        .units
        .iter()
        .filter(|u| u.names.iter().any(|n| n == name));
    let Some(first) = named.next() else {
        // Suggested only from units whose size is certain: no "did you mean" offers a
        // region's unit, which may be of another size than the one meant.
        let certain = spec
            .units
            .iter()
            .filter(|u| u.regions.is_empty() && u.note.is_none())
            .flat_map(|u| u.names.iter().map(String::as_str));
        return Err(NotationProblem::UnknownUnit {
            name: name.to_string(),
            suggestion: crate::suggest::did_you_mean(name, certain).map(str::to_string),
        });
    };
    if named.next().is_none() {
        return Ok(first);
    }
    let in_region = |region: &str| {
        spec.units
            .iter()
            .find(|u| u.names.iter().any(|n| n == name) && u.regions.iter().any(|r| r == region))
    };
    let chosen = context
        .into_iter()
        .flatten()
        .chain(&spec.region)
        .find_map(|region| in_region(region));
    chosen.ok_or_else(|| NotationProblem::RegionalUnit {
        name: name.to_string(),
        region: spec.region.clone(),
        explicit: spec
            .units
            .iter()
            .filter(|u| u.names.iter().any(|n| n == name))
            .filter_map(|u| own_name(u, spec))
            .map(str::to_string)
            .collect(),
    })
}

/// The first name of `unit` that no other unit of the question has ("台斤"), if any.
fn own_name<'s>(unit: &'s Unit, spec: &NumberSpec) -> Option<&'s str> {
    unit.names
        .iter()
        .find(|n| spec.units.iter().filter(|u| u.names.contains(n)).count() == 1)
        .map(String::as_str)
}

/// The regions an explicit regional unit among `parts` names ("台斤": Taiwan), which a
/// bare 兩 beside it follows.
fn region_context<'s>(parts: &[Part<'_>], spec: &'s NumberSpec) -> Option<&'s [String]> {
    parts.iter().filter_map(|p| p.unit).find_map(|name| {
        let mut named = spec
            .units
            .iter()
            .filter(|u| u.names.iter().any(|n| n == name));
        match (named.next(), named.next()) {
            (Some(unit), None) if !unit.regions.is_empty() => Some(unit.regions.as_slice()),
            _ => None,
        }
    })
}

/// Splits "4 lb 1 oz" / "31w4d" / "1.85kg" into (number, unit) parts.
/// No written number needs more parts than this ("4 lb 1 oz" has two).
const MAX_PARTS: usize = 6;

/// The parts of a written number, kept on the stack: parsing runs once per answer.
struct Parts<'a> {
    buf: [Part<'a>; MAX_PARTS],
    len: usize,
}

impl<'a> Parts<'a> {
    fn push(&mut self, part: Part<'a>) -> Result<(), NotationProblem> {
        if self.len == MAX_PARTS {
            return Err(NotationProblem::TooManyParts { limit: MAX_PARTS });
        }
        self.buf[self.len] = part;
        self.len += 1;
        Ok(())
    }

    fn as_slice(&self) -> &[Part<'a>] {
        &self.buf[..self.len]
    }
}

fn tokenize(s: &str) -> Result<Parts<'_>, NotationProblem> {
    let bytes = s.as_bytes();
    let mut parts = Parts {
        buf: [Part::default(); MAX_PARTS],
        len: 0,
    };
    let mut i = 0;
    let skip_space = |i: &mut usize| {
        while *i < bytes.len() && bytes[*i].is_ascii_whitespace() {
            *i += 1;
        }
    };
    skip_space(&mut i);
    while i < bytes.len() {
        let start = i;
        while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
            i += 1;
        }
        let amount_text = &s[start..i];
        if amount_text.is_empty() {
            let rest: String = s[start..].chars().take(12).collect();
            return Err(NotationProblem::ExpectedNumberAt { rest });
        }
        let amount = parse_amount(amount_text)?;
        skip_space(&mut i);
        let ustart = i;
        while i < bytes.len() && !bytes[i].is_ascii_digit() && !bytes[i].is_ascii_whitespace() {
            // Stop at the first byte that cannot be part of a unit word.
            let c = s[i..].chars().next().unwrap_or(' ');
            if !c.is_alphabetic() && c != '.' {
                return Err(NotationProblem::Unexpected { found: c });
            }
            i += c.len_utf8();
        }
        let unit = &s[ustart..i];
        let unit = unit.strip_suffix('.').unwrap_or(unit);
        // "31周零4天", "31周又4天": a word joining two parts says nothing more.
        let unit = match unit.strip_suffix(['零', '又']) {
            Some(u) if !u.is_empty() && i < bytes.len() => u,
            _ => unit,
        };
        // "3斤半": a half of the unit it follows.
        let (amount, unit) = match unit.strip_suffix('半') {
            Some(u) if !u.is_empty() => (amount + 0.5, u),
            _ => (amount, unit),
        };
        parts.push(Part {
            amount,
            amount_text,
            unit: (!unit.is_empty()).then_some(unit),
        })?;
        skip_space(&mut i);
    }
    Ok(parts)
}

fn parse_amount(text: &str) -> Result<f64, NotationProblem> {
    let not_a_number = || NotationProblem::NotANumber {
        text: text.to_string(),
    };
    if text.matches('.').count() > 1 || text.starts_with('.') || text.ends_with('.') {
        return Err(not_a_number());
    }
    let v = text.parse::<f64>().map_err(|_| not_a_number())?;
    if significant_digits(text) > MAX_DIGITS {
        return Err(NotationProblem::TooManyDigits {
            text: text.to_string(),
            limit: MAX_DIGITS,
        });
    }
    if v.is_finite() {
        Ok(v)
    } else {
        Err(NotationProblem::TooLarge)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{QuestionKind, RuleSet};

    fn spec(id: &str) -> NumberSpec {
        let rules = RuleSet::default_rules();
        match &rules.questions[rules.question_index(id).unwrap()].kind {
            QuestionKind::Number(s) => s.clone(),
            QuestionKind::YesNo => panic!("{id} is not a number question"),
        }
    }

    fn weeks(text: &str) -> Result<f64, (NotationError, &'static str)> {
        let id = "gestational_age_weeks";
        parse(text, &spec(id)).map_err(|e| (e, id))
    }

    fn grams(text: &str) -> Result<f64, (NotationError, &'static str)> {
        let id = "birth_weight_grams";
        parse(text, &spec(id)).map_err(|e| (e, id))
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6
    }

    /// The message a person reads.
    fn err_of(r: Result<f64, (NotationError, &str)>) -> String {
        let (e, id) = r.expect_err("expected an error");
        crate::words::get().notation_error(&spec(id), &e)
    }

    #[test]
    fn a_part_is_never_shown_rounded_up_to_a_whole() {
        assert_eq!(format_under(3.5, 7.0, 2), "3.5");
        assert_eq!(format_under(6.9993, 7.0, 2), "6.999");
        assert_eq!(format_under(6.99999993, 7.0, 2), "6.999999");
        assert_eq!(format_under(0.0001, 7.0, 2), "0");
    }

    #[test]
    fn more_digits_than_a_double_holds_are_refused_never_rounded_to_a_cut_off() {
        let rules = RuleSet::default_rules();
        let spec = |id: &str| {
            let q = rules.question_index(id).unwrap();
            let QuestionKind::Number(spec) = &rules.questions()[q].kind else {
                panic!()
            };
            spec.clone()
        };
        let weeks = spec("gestational_age_weeks");
        let grams = spec("birth_weight_grams");
        for (text, spec) in [
            ("31.99999999999999999", &weeks),
            ("1999.99999999999999999 g", &grams),
            ("1999.99999999999999999", &grams),
        ] {
            let e = parse(text, spec).unwrap_err();
            assert!(
                matches!(
                    &e,
                    NotationError::Syntax {
                        problem: NotationProblem::TooManyDigits { limit: 15, .. },
                        ..
                    }
                ),
                "{text}: {e:?}"
            );
        }
        // Fifteen digits, and zeros that say nothing, are read.
        assert_eq!(parse("31.9999999999999", &weeks).unwrap(), 31.9999999999999);
        assert_eq!(parse("1850.000000000000000", &grams).unwrap(), 1850.0);
        assert_eq!(parse("0031.5", &weeks).unwrap(), 31.5);
        assert_eq!(significant_digits("0.000000000000001234"), 4);
    }

    #[test]
    fn plain_decimals_are_read_as_the_full_parser_reads_them() {
        let mut texts: Vec<String> = [
            "29",
            "1850",
            "24.5",
            "0",
            "00029",
            "0.0",
            "31.571428571428573",
            "1e3",
            "29.",
            ".5",
            "1.2.3",
            "",
            ".",
            "+29",
            "-5",
            " 29",
            "29 ",
            "29g",
            "١٢",
            "３１",
            "31+4",
            "4.5.",
            "0x1F",
            "inf",
            "NaN",
            "1_000",
        ]
        .map(String::from)
        .to_vec();
        texts.push("9".repeat(400));
        // Whole numbers of 15 digits (read without a float parser) and of 16.
        texts.extend(["999999999999999", "000000000000029", "9999999999999999"].map(String::from));
        texts.push(format!("1.{}", "0".repeat(400)));
        // Every short string of digits, dots and a space.
        let alphabet = ['0', '1', '9', '.', ' '];
        for n in 1..=4u32 {
            for i in 0..alphabet.len().pow(n) {
                let mut text = String::new();
                let mut i = i;
                for _ in 0..n {
                    text.push(alphabet[i % alphabet.len()]);
                    i /= alphabet.len();
                }
                texts.push(text);
            }
        }
        let mut plain = 0;
        for id in ["gestational_age_weeks", "birth_weight_grams"] {
            let spec = spec(id);
            for text in &texts {
                if let Some(value) = plain_decimal(text) {
                    plain += 1;
                    assert_eq!(parse_written(text, &spec), Ok(value), "{text:?}");
                }
                // Through `parse_unchecked`, the same result either way.
                let quick = parse_unchecked(text, &spec);
                assert_eq!(quick, parse_written(text, &spec), "{text:?}");
            }
        }
        assert!(plain > 100, "{plain}");
    }

    #[test]
    fn a_decimal_and_a_unit_are_read_as_the_full_parser_reads_them() {
        let amounts = [
            "0",
            "7",
            "31",
            "1850",
            "3.549",
            "0.5",
            "00029",
            "29.",
            ".5",
            "1.2.3",
            "",
            "999999999999999",
            "1.2345678901234567",
        ];
        let mut read = 0;
        for rules in [
            RuleSet::default_rules(),
            crate::rules::EMBEDDED[1].load(),
            crate::rules::tests::with_ascii_jin(),
            crate::rules::tests::with_ascii_name("jin", &["市斤", "台斤"]),
        ] {
            for question in &rules.questions {
                let QuestionKind::Number(spec) = &question.kind else {
                    continue;
                };
                // Every unit's every name, a name no unit has, and names in other cases.
                let mut names: Vec<String> = spec
                    .units
                    .iter()
                    .flat_map(|u| u.names.iter().cloned())
                    .collect();
                names.extend(["x", "G", "Kg", "g.", "g g", "1g", "", "weekz"].map(String::from));
                for amount in amounts {
                    for name in &names {
                        for between in ["", " ", "  ", "\t"] {
                            let text = format!("{amount}{between}{name}");
                            let Some(value) = decimal_with_unit(&text, spec) else {
                                continue;
                            };
                            read += 1;
                            assert_eq!(
                                parse_written(&text, spec).map(f64::to_bits),
                                Ok(value.to_bits()),
                                "{text:?}"
                            );
                        }
                    }
                }
            }
        }
        assert!(read > 100, "{read}");
        // The usual notations are read at once; a name several units share is not (a bare
        // "jin" needs the region), nor a name in capitals, two spaces, or a unit alone.
        let grams = spec("birth_weight_grams");
        assert_eq!(decimal_with_unit("3549 g", &grams), Some(3549.0));
        assert_eq!(decimal_with_unit("1.85kg", &grams), Some(1.85 * 1000.0));
        assert_eq!(
            decimal_with_unit("31 weeks", &spec("gestational_age_weeks")),
            Some(31.0)
        );
        // "jin" for the mainland's 市斤 and Taiwan's 台斤 alike.
        let jin = crate::rules::tests::with_ascii_name("jin", &["市斤", "台斤"]);
        let weight = jin.question_index("birth_weight_grams").unwrap();
        let QuestionKind::Number(jin) = &jin.questions[weight].kind else {
            unreachable!()
        };
        assert!(parse_written("3 jin", jin).is_err());
        for text in ["3 jin", "3549 G", "3549  g", "g", "3549 g.", "31+4 weeks"] {
            assert_eq!(
                decimal_with_unit(text, if text == "3 jin" { jin } else { &grams }),
                None,
                "{text}"
            );
        }
    }

    #[test]
    fn gestational_age_notations_agree() {
        let expected = 31.0 + 4.0 / 7.0;
        for text in [
            "31+4",
            "31 + 4",
            "31w4d",
            "31W 4D",
            "31 weeks 4 days",
            "31 wk 4 d",
            "31+4d",
        ] {
            assert!(close(weeks(text).unwrap(), expected), "{text}");
        }
        assert!(close(weeks("31.5").unwrap(), 31.5));
        assert!(close(weeks("31").unwrap(), 31.0));
        assert!(close(weeks("31 weeks").unwrap(), 31.0));
        assert!(close(weeks("224 days").unwrap(), 32.0));
    }

    #[test]
    fn birth_weight_notations_agree() {
        assert!(close(grams("1850").unwrap(), 1850.0));
        assert!(close(grams("1850 g").unwrap(), 1850.0));
        assert!(close(grams("1850g").unwrap(), 1850.0));
        assert!(close(grams("1.85 kg").unwrap(), 1850.0));
        assert!(close(grams("1.85kg").unwrap(), 1850.0));
        assert!(close(
            grams("4 lb 1 oz").unwrap(),
            4.0 * 453.59237 + 28.349523125
        ));
        assert!(close(
            grams("4lb1oz").unwrap(),
            4.0 * 453.59237 + 28.349523125
        ));
        assert!(close(grams("65 oz").unwrap(), 65.0 * 28.349523125));
        assert!(close(grams("3 pounds").unwrap(), 3.0 * 453.59237));
    }

    #[test]
    fn maternity_note_forms_and_commas_between_parts_are_read() {
        let expected = 31.0 + 4.0 / 7.0;
        for text in [
            "31+4/40",
            "31+4 / 40",
            "31 weeks, 4 days",
            "31w, 4d",
            "31 + 4/40",
        ] {
            assert!(close(weeks(text).unwrap(), expected), "{text}");
        }
        assert!(close(weeks("31/40").unwrap(), 31.0));
        assert!(close(weeks("41+3/40").unwrap(), 41.0 + 3.0 / 7.0));
        assert!(close(
            grams("4 lb, 1 oz").unwrap(),
            4.0 * 453.59237 + 28.349523125
        ));
        // A comma after a number is still a decimal comma, and "/" means nothing for a
        // question without a "+" form.
        assert!(err_of(grams("1,850")).contains("dot and no thousands separator"));
        assert!(err_of(weeks("31,5 weeks")).contains("dot and no thousands separator"));
        assert!(err_of(grams("1850/40")).contains("unexpected \"/\""));
        assert!(err_of(weeks("31+4/")).contains("unexpected \"/\""));
        assert!(err_of(weeks("31+4/40w")).contains("unexpected \"/\""));
    }

    #[test]
    fn a_plain_number_plausible_in_another_unit_gets_a_did_you_mean() {
        let e = err_of(grams("1.85"));
        assert_eq!(
            e,
            "1.85 g is outside the plausible range 200 to 7000 g (did you mean 1.85 kg or 1.85 lb?)"
        );
        let e = err_of(grams("3.4"));
        assert!(e.ends_with("(did you mean 3.4 kg or 3.4 lb?)"), "{e}");
        let e = err_of(weeks("224"));
        assert!(e.ends_with("(did you mean 224 d?)"), "{e}");
        // No unit makes 353 weeks plausible: no guess.
        assert_eq!(
            err_of(weeks("353")),
            "353 weeks is outside the plausible range 20 to 45 weeks"
        );
    }

    #[test]
    fn days_of_a_week_or_more_are_refused() {
        assert!(err_of(weeks("31+7")).contains("7 days is a whole week or more"));
        assert!(err_of(weeks("31w7d")).contains("7 d is a whole w or more"));
        assert!(err_of(weeks("31 weeks 10 days")).contains("is a whole weeks or more"));
        assert!(weeks("31+6").is_ok());
    }

    #[test]
    fn a_fraction_before_a_smaller_unit_is_refused_with_its_readings() {
        // Issue 16: "31.5+4" was summed to 32.07 weeks, so preterm-under-32 was absent
        // though every reading of the typo is under 32.
        for text in ["31.5+4", "31.9w6d", "31.5 weeks 4 days"] {
            let (e, _) = weeks(text).expect_err(text);
            let NotationError::Syntax { problem, .. } = &e else {
                panic!("{text}: {e:?}")
            };
            assert_eq!(problem.code(), "ambiguous_fraction", "{text}");
        }
        let e = err_of(weeks("31.5+4"));
        assert!(
            e.contains("31.5 is a fraction followed by a smaller unit, which could mean 31.5 weeks, 31.6 weeks, 31.7 weeks or 32.1 weeks"),
            "{e}"
        );
        assert!(
            err_of(grams("4.5 lb 15 oz")).contains("4.5 is a fraction followed by a smaller unit")
        );
        // A whole number written with ".0" is not a fraction, and a lone fraction is fine.
        assert!(close(weeks("31.0+4").unwrap(), 31.0 + 4.0 / 7.0));
        assert!(close(weeks("31.5").unwrap(), 31.5));
        assert!(close(
            grams("4 lb 1.5 oz").unwrap(),
            4.0 * 453.59237 + 1.5 * 28.349523125
        ));
    }

    #[test]
    fn unicode_spaces_and_a_byte_order_mark_read_like_spaces() {
        // Issue 16: the schema accepted these, the parser refused them.
        assert!(close(grams("1850\u{a0}g").unwrap(), 1850.0));
        assert!(close(
            grams("4\u{202f}lb\u{a0}1 oz").unwrap(),
            4.0 * 453.59237 + 28.349523125
        ));
        assert!(close(grams("\u{feff}1850").unwrap(), 1850.0));
        assert!(close(weeks("31\u{a0}+\u{a0}4").unwrap(), 31.0 + 4.0 / 7.0));
    }

    #[test]
    fn ounces_of_a_pound_or_more_are_refused() {
        assert!(err_of(grams("4 lb 16 oz")).contains("16 oz is a whole lb or more"));
    }

    #[test]
    fn negative_values_are_refused() {
        assert!(err_of(weeks("-31")).contains("negative values are not accepted"));
        assert!(err_of(weeks("31+-1")).contains("negative values are not accepted"));
    }

    #[test]
    fn out_of_range_values_name_the_range() {
        let e = err_of(weeks("353"));
        assert_eq!(e, "353 weeks is outside the plausible range 20 to 45 weeks");
        let e = err_of(weeks("353+1"));
        assert!(
            e.contains("\"353+1\" is 353.1 weeks, outside the plausible range 20 to 45 weeks"),
            "{e}"
        );
        let e = err_of(grams("20 kg"));
        assert!(
            e.contains("\"20 kg\" is 20000 g, outside the plausible range 200 to 7000 g"),
            "{e}"
        );
        assert!(err_of(grams("0")).contains("outside the plausible range"));
    }

    #[test]
    fn unknown_units_are_refused_with_a_suggestion() {
        let e = err_of(grams("1850 gr"));
        assert!(e.contains("unknown unit \"gr\""), "{e}");
        let e = err_of(grams("4 stone"));
        assert!(e.contains("expected one of kg, lb, oz, g"), "{e}");
        let e = err_of(weeks("31 weaks"));
        assert!(e.contains("did you mean \"weeks\"?"), "{e}");
    }

    #[test]
    fn malformed_numbers_are_refused() {
        assert!(err_of(grams("1,850")).contains("dot and no thousands separator"));
        assert!(err_of(grams("1.8.5")).contains("is not a number"));
        assert!(err_of(grams("abc")).contains("expected a number"));
        assert!(err_of(grams("4 lb 1")).contains("has no unit"));
        assert!(err_of(grams("1 oz 1 lb")).contains("larger unit first"));
        assert!(err_of(grams("1850+3")).contains("\"+\" form is not used"));
        assert!(err_of(weeks("31+")).contains("expected one number after"));
        // Only the question's own unit may stand before the "+".
        assert!(err_of(weeks("31d+4")).contains("without units"));
    }

    #[test]
    fn chinese_notes_and_full_width_input_are_read() {
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        for (text, want) in [
            ("31w+4", 31.0 + 4.0 / 7.0),
            ("31周+4", 31.0 + 4.0 / 7.0),
            ("31+4周", 31.0 + 4.0 / 7.0),
            ("孕31+4周", 31.0 + 4.0 / 7.0),
            ("３１＋４", 31.0 + 4.0 / 7.0),
            ("31周4天", 31.0 + 4.0 / 7.0),
            ("\u{3000}３１．５周", 31.5),
        ] {
            assert!(close(weeks(text).unwrap(), want), "{text}");
        }
        for (text, want) in [
            ("6台斤2兩", 3675.0),
            ("3.1公斤", 3100.0),
            ("1850克", 1850.0),
        ] {
            assert!(close(grams(text).unwrap(), want), "{text}");
        }
        // "公斤" is its own unit, not a 斤: no 斤 assumption for it.
        let spec = in_region("birth_weight_grams", Some("CN"));
        assert!(notes_used("3.1公斤", &spec).is_empty());
        assert_eq!(
            notes_used("6斤2两", &spec),
            ["a mainland 市斤 of 500 g", "a mainland 市两 of 50 g"]
        );
        assert_eq!(notes_used("６斤", &spec), ["a mainland 市斤 of 500 g"]);
    }

    #[test]
    fn out_of_range_values_in_messages_are_escaped_and_shortened() {
        // Leading zeros are not significant digits: this is 9000 kg, out of range.
        let long = format!("{}9000 kg", "0".repeat(300));
        let e = err_of(grams(&long));
        assert!(
            e.contains("(267 more characters) is 9000000 g, outside"),
            "{e}"
        );
        assert!(e.len() < 400, "{}", e.len());
        // A long number of many digits is refused for its digits, and shortened too.
        let e = err_of(grams(&format!("{} kg", "1".repeat(300))));
        assert!(
            e.contains("(263 more characters): too many significant digits"),
            "{e}"
        );
        assert!(e.len() < 400, "{}", e.len());
    }

    #[test]
    fn long_unit_words_and_amounts_are_shortened_in_messages() {
        // Found by the notation fuzzer: a made-up unit hundreds of letters long.
        let unit = format!("222ounce{}oloks8 d4sh", "L".repeat(1000));
        let e = err_of(grams(&unit));
        assert!(e.len() < 300, "{} characters: {e}", e.len());
        assert!(e.contains("unknown unit \"ounce"), "{e}");
        let e = err_of(weeks(&format!("31+7.{}", "0".repeat(500))));
        assert!(e.len() < 300, "{} characters: {e}", e.len());
        assert!(
            e.contains("7.000000000000000000… days is a whole week"),
            "{e}"
        );
        let e = err_of(grams(&format!("4 lb {}", "1".repeat(500))));
        assert!(e.len() < 300, "{} characters: {e}", e.len());
    }

    #[test]
    fn values_in_messages_are_escaped_and_shortened() {
        let e = err_of(grams("\x1b[2J1850 q"));
        assert!(e.starts_with("\"\\u{1b}[2J1850 q\": "), "{e}");
        let e = err_of(grams(&"9".repeat(1000)));
        assert!(e.contains("(960 more characters)"), "{e}");
        assert!(e.len() < 300, "{e}");
    }

    #[test]
    fn formatting_trims_trailing_zeros() {
        assert_eq!(format_plain(31.571, 1), "31.6");
        assert_eq!(format_plain(32.0, 1), "32");
        assert_eq!(format_plain(1842.0, 0), "1842");
        assert_eq!(format_plain(1842.7, 0), "1843");
        assert_eq!(format_plain(-0.0, 0), "0");
        assert_eq!(format_plain(0.05, 2), "0.05");
        assert_eq!(format_plain(7.000001, 6), "7.000001");
        assert_eq!(format_plain(-3.0102, 4), "-3.0102");
        assert_eq!(format_plain(31.0 + 4.0 / 7.0, 6), "31.571429");
        assert_eq!(format_plain(-2.5, 1), "-2.5");
        assert_eq!(format_plain(1e300, 2), "1.000e300");
        assert_eq!(format_plain(-2.5e16, 0), "-2.500e16");
    }

    #[test]
    fn fast_formatting_agrees_with_std_away_from_ties() {
        // Ties (x.x5 exactly) may round differently; measurements are not exact ties.
        for i in 0..20_000u32 {
            let v = f64::from(i) * 0.37 + 0.013;
            for d in 0..4 {
                let std = format!("{v:.d$}");
                let std = if std.contains('.') {
                    std.trim_end_matches('0').trim_end_matches('.').to_string()
                } else {
                    std
                };
                assert_eq!(format_plain(v, d), std, "{v} with {d} decimals");
            }
        }
    }

    /// The question `id` of the default rules, as a run in `region` reads it.
    fn in_region(id: &str, region: Option<&str>) -> NumberSpec {
        let mut rules = RuleSet::default_rules();
        rules.set_region(region);
        match &rules.questions[rules.question_index(id).unwrap()].kind {
            QuestionKind::Number(s) => s.clone(),
            QuestionKind::YesNo => panic!("{id} is not a number question"),
        }
    }

    #[test]
    fn a_bare_jin_weighs_what_the_region_of_the_run_says() {
        let at = |region: Option<&str>, text: &str| {
            parse(text, &in_region("birth_weight_grams", region))
        };
        // Each region's arithmetic at the 2000 g cut-off.
        assert!(close(at(Some("TW"), "3斤8兩").unwrap(), 2100.0));
        assert!(close(at(Some("CN"), "3斤8两").unwrap(), 1900.0));
        assert!(close(at(Some("HK"), "3斤8兩").unwrap(), 2116.7643700));
        assert!(close(at(Some("MO"), "3斤8兩").unwrap(), 2116.7643700));
        // The character does not choose the region: a 两 in Taiwan is Taiwan's.
        assert!(close(at(Some("TW"), "3斤8两").unwrap(), 2100.0));
        // 半 is half of the unit it follows.
        assert!(close(at(Some("TW"), "3斤半").unwrap(), 2100.0));
        assert!(close(at(Some("CN"), "3斤半").unwrap(), 1750.0));
        for region in [None, Some("TW"), Some("HK"), Some("CN"), Some("US")] {
            // An explicit unit is itself everywhere, and a bare 兩 beside it is of its region.
            assert!(close(at(region, "3台斤8兩").unwrap(), 2100.0), "{region:?}");
            assert!(close(at(region, "3臺斤8两").unwrap(), 2100.0), "{region:?}");
            assert!(close(at(region, "3市斤8两").unwrap(), 1900.0), "{region:?}");
            assert!(
                close(at(region, "3司馬斤8兩").unwrap(), 2116.76437),
                "{region:?}"
            );
            assert!(close(at(region, "3台斤半").unwrap(), 2100.0), "{region:?}");
            assert!(
                close(at(region, "4磅6盎司").unwrap(), 1984.46661875),
                "{region:?}"
            );
            assert!(close(at(region, "2100公克").unwrap(), 2100.0), "{region:?}");
        }
    }

    #[test]
    fn a_bare_jin_without_a_region_asks_for_grams_and_names_the_explicit_units() {
        for (region, text) in [(None, "3斤8兩"), (Some("US"), "3斤"), (None, "8兩")] {
            let e = parse(text, &in_region("birth_weight_grams", region)).unwrap_err();
            let NotationError::Syntax {
                problem: NotationProblem::RegionalUnit { explicit, .. },
                ..
            } = &e
            else {
                panic!("{text}: {e:?}");
            };
            assert_eq!(e.code(), "regional_unit");
            assert!(explicit.len() == 3, "{explicit:?}");
        }
        let spec = in_region("birth_weight_grams", None);
        let e = parse("3斤8兩", &spec).unwrap_err();
        let message = crate::words::get().notation_error(&spec, &e);
        for unit in ["台斤", "司馬斤", "市斤", "--region", "2100 g"] {
            assert!(message.contains(unit), "{message}");
        }
    }

    #[test]
    fn no_did_you_mean_offers_a_unit_whose_size_depends_on_the_region() {
        let spec = in_region("birth_weight_grams", Some("TW"));
        for text in ["3台觔", "3市觔", "3斤斤", "3司馬觔"] {
            match parse(text, &spec) {
                Err(NotationError::Syntax {
                    problem: NotationProblem::UnknownUnit { suggestion, .. },
                    ..
                }) => assert!(
                    suggestion
                        .as_deref()
                        .is_none_or(|s| !s.contains('斤') && !s.contains('兩')),
                    "{text}: {suggestion:?}"
                ),
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn the_units_used_name_the_region_read() {
        let used = |region: &str, text: &str| -> Vec<String> {
            let spec = in_region("birth_weight_grams", Some(region));
            units_used(text, &spec)
                .iter()
                .map(|u| u.symbol.clone())
                .collect()
        };
        assert_eq!(used("TW", "3斤8兩"), ["台斤", "台兩"]);
        assert_eq!(used("HK", "3斤8兩"), ["司馬斤", "司馬兩"]);
        assert_eq!(used("CN", "3斤8两"), ["市斤", "市两"]);
        assert_eq!(used("CN", "3台斤8兩"), ["台斤", "台兩"]);
        assert!(used("TW", "3.1公斤").is_empty());
        assert!(used("TW", "2100").is_empty());
    }

    #[test]
    fn chinese_joining_words_and_a_full_stop_are_read() {
        for text in [
            "31周零4天",
            "31周又4天",
            "31週4天",
            "31週零4天",
            "31周4天。",
            "31+4。",
            "31個星期4天",
        ] {
            let r = weeks(text);
            if text == "31個星期4天" {
                // 個 is not a unit: refused, never guessed.
                assert!(r.is_err(), "{text}");
                continue;
            }
            assert!(close(r.unwrap(), 31.0 + 4.0 / 7.0), "{text}");
        }
        // 零 and 又 join parts; alone they are no unit.
        assert!(weeks("31零").is_err());
        assert!(weeks("31周零").is_err());
    }
}
