//! The report for people: factors present grouped by section with their because-clauses,
//! what could not be assessed, what was checked and not found, and the closing sentences.
//! Also the wrapping every text output uses: by terminal columns, not characters, so that
//! Chinese and other wide text fits.

use std::io::{self, Write};

use colored::{ColoredString, Colorize};

use super::{Output, Place, ReportOptions};
use crate::engine::{ScreenResult, Status};
use crate::rules::RuleSet;
use crate::sanitize::escape_control;
use crate::words::{self, Phrase};

/// `--format text`.
pub struct Text<'r> {
    rules: &'r RuleSet,
    rules_tag: String,
    /// The labels and footer of every report of the run, in the language it was made in.
    labels: Labels,
    options: ReportOptions,
    /// This output's own number, never another's: what its workers keep per thread (the
    /// lines of present factors) is kept under it.
    run: u64,
}

impl<'r> Text<'r> {
    pub fn new(rules: &'r RuleSet, options: ReportOptions) -> Text<'r> {
        static RUNS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let rules_tag = rules.tag();
        Text {
            rules,
            labels: Labels::new(rules, &rules_tag, options.width),
            rules_tag,
            options,
            run: RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }

    /// One result's report under `heading`.
    fn report(&self, buf: &mut Vec<u8>, result: &ScreenResult, heading: &str) {
        // A scoped language (`words::in_language`) other than the run's has labels made
        // for it.
        let other;
        let labels = if self.labels.still_right() {
            &self.labels
        } else {
            other = Labels::new(self.rules, &self.rules_tag, self.options.width);
            &other
        };
        // Writing into a Vec cannot fail.
        let _ = write_report_headed(
            buf,
            self.rules,
            labels,
            result,
            self.options,
            heading,
            Some(self.run),
        );
    }
}

impl Output for Text<'_> {
    fn record(&self, buf: &mut Vec<u8>, result: &ScreenResult, place: Place) {
        if !place.first_of_run {
            buf.push(b'\n');
        }
        thread_local! {
            // The heading, in a buffer reused across records.
            static HEADING: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
        }
        HEADING.with_borrow_mut(|heading| {
            heading.clear();
            if place.only_of_run && self.options.heading.is_none() {
                heading.push_str(&words::get().result_heading(result.record.id.as_ref()));
            } else {
                push_heading(heading, result, self.options);
            }
            self.report(buf, result, heading);
        });
    }
}

/// Writes one result as a report for a person.
pub fn write_report(
    out: &mut dyn Write,
    rules: &RuleSet,
    rules_tag: &str,
    result: &ScreenResult,
    options: ReportOptions,
) -> io::Result<()> {
    let heading = heading(result, options);
    let labels = Labels::new(rules, rules_tag, options.width);
    write_report_headed(out, rules, &labels, result, options, &heading, None)
}

/// What every report of a run says the same way, made once: the label before a present
/// factor's reason, those before the lists of factors by status, and the rule set's
/// sentences, wrapped (at the run's width, colored or not, in its language).
struct Labels {
    /// The language they are in, and whether they are colored.
    language: crate::locale::Lang,
    colored: bool,
    because_first: String,
    because_rest: String,
    becauses: super::Becauses,
    not_assessed: String,
    not_applicable: String,
    absent: String,
    /// Every factor's name and the list separator suit `write_list`.
    plain_names: bool,
    units_read: String,
    /// Wrapped: the warning signs after a blank line (or nothing), the follow-up sentence,
    /// the three sentences every report ends with, and the footer.
    warning_signs: Vec<u8>,
    follow_up: Vec<u8>,
    closing: Vec<u8>,
    footer: Vec<u8>,
}

impl Labels {
    fn new(rules: &RuleSet, rules_tag: &str, width: usize) -> Labels {
        let w = words::get();
        let because_first = format!("        {}", w.phrase(Phrase::Because));
        let list = |label| format!("  {}", w.phrase(label));
        let wrapped = |texts: &[&str], style| {
            let mut bytes = Vec::new();
            for text in texts {
                // Writing into a Vec cannot fail.
                let _ = write_styled_now(&mut bytes, width, "  ", "  ", text, style);
            }
            bytes
        };
        let mut warning_signs = Vec::new();
        let _ = write_warning_signs(&mut warning_signs, rules, width);
        let report = &rules.report;
        Labels {
            language: words::chosen(),
            colored: colored::control::SHOULD_COLORIZE.should_colorize(),
            because_rest: " ".repeat(display_width(&because_first)),
            because_first,
            becauses: super::Becauses::new(rules),
            not_assessed: list(Phrase::NotAssessedList),
            not_applicable: list(Phrase::NotApplicableList),
            absent: list(Phrase::AbsentList),
            plain_names: rules.factors.iter().all(|f| plain_words(&f.name))
                && w.list_separator().strip_suffix(' ').is_some_and(|stem| {
                    !stem.contains(' ') && crate::sanitize::is_printable_ascii(stem)
                }),
            units_read: list(Phrase::UnitsRead),
            warning_signs,
            follow_up: wrapped(&[&report.follow_up], Style::Plain),
            closing: wrapped(
                &[
                    &report.not_a_diagnosis,
                    &report.none_does_not_rule_out,
                    &report.see_clinician,
                ],
                Style::Plain,
            ),
            footer: wrapped(
                &[&w.rules_footer(rules_tag, &rules.short_hash())],
                Style::Dimmed,
            ),
        }
    }

    /// Whether these are still the labels to use: the language and coloring unchanged.
    fn still_right(&self) -> bool {
        self.language == words::chosen()
            && self.colored == colored::control::SHOULD_COLORIZE.should_colorize()
    }
}

/// A report's heading: the one asked for, else the record's number, id, file and line.
fn heading(result: &ScreenResult, options: ReportOptions) -> String {
    let mut heading = String::new();
    push_heading(&mut heading, result, options);
    heading
}

/// `heading(..)`, appended to `out`.
fn push_heading(out: &mut String, result: &ScreenResult, options: ReportOptions) {
    match options.heading {
        Some(h) => out.push_str(h),
        None => super::push_record_heading(out, result),
    }
}

/// Writes one result as a report for a person, under `heading`. `run` is the number of
/// the `Text` output writing it, under which lines that repeat are kept; `None` keeps
/// nothing.
fn write_report_headed(
    out: &mut dyn Write,
    rules: &RuleSet,
    labels: &Labels,
    result: &ScreenResult,
    options: ReportOptions,
    heading: &str,
    run: Option<u64>,
) -> io::Result<()> {
    let w = words::get();
    let width = options.width;
    // Different in every record: never kept.
    write_fresh(out, width, "", "", heading, Style::Heading)?;
    let Some(statuses) = &result.statuses else {
        return write_invalid(out, rules, result, width);
    };
    if !result.record.errors.is_empty() {
        // Screened with answers read as unknown (`--field-errors not-assessed`): said
        // first, so that no one takes a not-assessed factor for a checked one.
        out.write_all(b"\n")?;
        write_wrapped(out, width, "  ", "  ", w.phrase(Phrase::ReadAsUnknown))?;
        write_errors(out, rules, &result.record.errors, width)?;
    }
    let total = statuses.len();
    let present = result.count(Status::Present);
    let not_assessed = result.count(Status::NotAssessed);
    // No "N of M risk factors present" line: to a parent it reads like a score, and nested
    // factors would count one fact twice. The counts are in machine output.

    if present == 0 {
        out.write_all(b"\n")?;
        if not_assessed == 0 {
            write_wrapped(out, width, "  ", "  ", w.phrase(Phrase::NothingFound))?;
        } else {
            // Unknown is not no: finding nothing among a few answers is not reassurance.
            write_wrapped(
                out,
                width,
                "  ",
                "  ",
                &w.nothing_found_but(not_assessed, total),
            )?;
        }
        // Nothing found is when a parent most needs to read this, so it comes first.
        out.write_all(&labels.warning_signs)?;
    }
    let (because_first, because_rest) = (&labels.because_first, &labels.because_rest);
    // Nested factors once: "Born before 32 weeks (includes: born before 37 weeks)".
    let shown = super::present_for_people(rules, statuses);
    for (si, section) in rules.sections.iter().enumerate() {
        let in_section = || {
            shown
                .iter()
                .filter(|(f, _)| rules.factors[*f].section == si)
        };
        if in_section().next().is_none() {
            continue;
        }
        out.write_all(b"\n")?;
        write_styled(out, width, "  ", "  ", &section.title, Style::Bold)?;
        for (f, included) in in_section() {
            let f = *f;
            let factor = &rules.factors[f];
            write_factor_line(out, rules, f, included, width, run)?;
            labels.becauses.with(rules, result, f, |because| {
                write_wrapped(out, width, because_first, because_rest, because)
            })?;
            // How common it is among children without the condition, where a checked
            // figure exists: "present" read against how often the answer is yes anyway.
            if let Some(common) = &factor.how_common {
                write_styled(
                    out,
                    width,
                    because_rest,
                    because_rest,
                    &common.text,
                    Style::Dimmed,
                )?;
            }
            // The source's own words (machine-translated in the default set: "foreshadowing"
            // beside a bleeding question alarms without informing) are on the factor's page,
            // beside the reading used, and in machine output; not in a report for people.
        }
    }
    if present > 0 {
        out.write_all(&labels.warning_signs)?;
    }
    // One string for the lists `write_list` does not take, filled again for each.
    let mut names = String::new();
    for (status, first) in [
        (Status::NotAssessed, &labels.not_assessed),
        (Status::NotApplicable, &labels.not_applicable),
        (Status::Absent, &labels.absent),
    ] {
        if result.count(status) > 0 {
            out.write_all(b"\n")?;
            let listed = || {
                (rules.factors.iter().zip(statuses))
                    .filter(|(_, s)| **s == status)
                    .map(|(f, _)| f.name.as_str())
            };
            if labels.plain_names
                && let Some(written) =
                    write_list(out, width, first, "    ", listed(), w.list_separator())
            {
                written?;
                continue;
            }
            names.clear();
            // As `join` would: a separator between any two names, empty ones too.
            for (n, name) in listed().enumerate() {
                if n > 0 {
                    names.push_str(w.list_separator());
                }
                names.push_str(name);
            }
            write_wrapped(out, width, first, "    ", &names)?;
        }
    }
    // What a 斤 was taken to weigh, whether or not a factor shows the answer.
    let assumed = words::assumed_answers(rules, &result.record.answers.values);
    if !assumed.is_empty() {
        out.write_all(b"\n")?;
        write_wrapped(
            out,
            width,
            &labels.units_read,
            "    ",
            &assumed.join(w.list_separator()),
        )?;
    }
    if options.explain {
        write_explain(out, rules, result, statuses, width)?;
    }
    out.write_all(b"\n")?;
    if result.follow_up(rules) {
        out.write_all(&labels.follow_up)?;
    }
    out.write_all(&labels.closing)?;
    out.write_all(&labels.footer)
}

/// A present factor's line: its name, its tier and what it includes. The same for every
/// record that has the factor, so kept per thread once written.
fn write_factor_line(
    out: &mut dyn Write,
    rules: &RuleSet,
    f: usize,
    included: &[usize],
    width: usize,
    run: Option<u64>,
) -> io::Result<()> {
    use std::cell::RefCell;
    // The factor, the factors it includes (as bits: only rule sets of up to 64 factors
    // have their lines kept), the width, the coloring and the language (a scoped language,
    // `words::in_language`, may change it).
    type Key = (usize, u64, usize, bool, usize);
    thread_local! {
        // The lines of one `Text` output at a time (the last one to write here).
        static LINES: RefCell<(u64, rustc_hash::FxHashMap<Key, Vec<u8>>)> = RefCell::default();
    }
    let included_bits = included.iter().try_fold(0u64, |bits, &i| {
        Some(bits | 1u64.checked_shl(u32::try_from(i).ok()?)?)
    });
    let run = run.filter(|_| included_bits.is_some());
    let colored = colored::control::SHOULD_COLORIZE.should_colorize();
    let key = (
        f,
        included_bits.unwrap_or_default(),
        width,
        colored,
        words::chosen() as usize,
    );
    // A kept line is written from where it is kept, not copied out first.
    if let Some(run) = run
        && let Some(written) = LINES.with_borrow(|(of, lines)| {
            (*of == run)
                .then(|| lines.get(&key).map(|line| out.write_all(line)))
                .flatten()
        })
    {
        return written;
    }
    let mut line = Vec::new();
    let w = words::get();
    let factor = &rules.factors[f];
    let tier = w.tier_note(&rules.tiers[factor.tier].title);
    let text = words::name_tier_and_includes(rules, factor, included);
    if display_width(&text) + 6 <= width {
        // The name bold, its tier (and what it includes) dimmed, as the language joins them.
        let styled = text.replacen(factor.name.as_str(), &factor.name.bold().to_string(), 1);
        let styled = match styled.rfind(tier.as_str()) {
            Some(at) => format!("{}{}", &styled[..at], styled[at..].dimmed()),
            None => styled,
        };
        writeln!(line, "    {} {styled}", "●".yellow())?;
    } else {
        // On a narrow terminal the name and its tier wrap, in one style.
        write_styled(&mut line, width, "    ● ", "      ", &text, Style::Bold)?;
    }
    out.write_all(&line)?;
    let Some(run) = run else { return Ok(()) };
    LINES.with_borrow_mut(|(of, lines)| {
        if *of != run {
            *of = run;
            lines.clear();
        }
        if lines.len() < WRAPPED_KEPT {
            lines.insert(key, line);
        }
    });
    Ok(())
}

/// The rule set's warning signs (the signs that should send a parent to a doctor soon,
/// whatever the list shows), in bold after a blank line; nothing when the file has none.
fn write_warning_signs(out: &mut dyn Write, rules: &RuleSet, width: usize) -> io::Result<()> {
    let Some(signs) = &rules.report.warning_signs else {
        return Ok(());
    };
    out.write_all(b"\n")?;
    write_styled(out, width, "  ", "  ", signs, Style::Bold)
}

fn write_invalid(
    out: &mut dyn Write,
    rules: &RuleSet,
    result: &ScreenResult,
    width: usize,
) -> io::Result<()> {
    let w = words::get();
    let errors = &result.record.errors;
    write_styled(
        out,
        width,
        "",
        "",
        &w.not_screened(result.record.error_count() as usize),
        Style::Alarm,
    )?;
    write_errors(out, rules, errors, width)?;
    write_wrapped(out, width, "  ", "  ", w.phrase(Phrase::CorrectAndRescreen))
}

/// A record's errors, one per paragraph, each after its field.
fn write_errors(
    out: &mut dyn Write,
    rules: &RuleSet,
    errors: &[crate::answers::FieldError],
    width: usize,
) -> io::Result<()> {
    let w = words::get();
    for e in errors {
        let field = match &e.field {
            Some(f) => format!("  {}", w.id_and_text(&escape_control(f), "")),
            None => "  ".to_string(),
        };
        write_wrapped(
            out,
            width,
            &field,
            "      ",
            &words::get().record_problem(rules, &e.problem),
        )?;
    }
    Ok(())
}

fn write_explain(
    out: &mut dyn Write,
    rules: &RuleSet,
    result: &ScreenResult,
    statuses: &[Status],
    width: usize,
) -> io::Result<()> {
    let w = words::get();
    out.write_all(b"\n")?;
    write_styled(
        out,
        width,
        "  ",
        "  ",
        w.phrase(Phrase::HowDecided),
        Style::Bold,
    )?;
    for (i, (factor, status)) in rules.factors.iter().zip(statuses).enumerate() {
        let line = w.explain_factor(&w.id_with_name(&factor.id, &factor.name), *status);
        write_wrapped(out, width, "    ", "        ", &line)?;
        let mut lines = Vec::new();
        words::explain_lines(rules, &result.evaluated(rules, i), 0, &mut lines);
        for (depth, line) in lines {
            // Two columns per level under the factor, and four more for a wrapped line.
            let indent = " ".repeat(6 + 2 * depth);
            write_wrapped(out, width, &indent, &format!("{indent}    "), &line)?;
        }
    }
    Ok(())
}

/// Writes `text` after `first`, wrapped at `width` columns with `rest` before later lines.
/// Control characters are escaped first, so no text can act on the reader's terminal.
pub fn write_wrapped(
    out: &mut dyn Write,
    width: usize,
    first: &str,
    rest: &str,
    text: &str,
) -> io::Result<()> {
    write_styled(out, width, first, rest, text, Style::Plain)
}

/// How the text of a wrapped paragraph looks (its indents stay plain).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Bold,
    /// A report's heading.
    Heading,
    Dimmed,
    /// "Not screened".
    Alarm,
}

impl Style {
    fn apply(self, text: &str) -> ColoredString {
        match self {
            Style::Plain => text.normal(),
            Style::Bold => text.bold(),
            Style::Heading => text.bold().underline(),
            Style::Dimmed => text.dimmed(),
            Style::Alarm => text.red().bold(),
        }
    }
}

/// The most paragraphs kept wrapped per thread, and the longest kept.
const WRAPPED_KEPT: usize = 512;
const WRAPPED_LONGEST: usize = 2048;

/// `write_wrapped` with `style` (a color) applied to the text of each line, not to the
/// indents. A label in `first` too wide to take even the first word after it (on a narrow
/// terminal) gets lines of its own, and the text starts below it.
///
/// A batch of text reports wraps the same paragraphs again and again (section titles, the
/// usual because-clauses, lists of names): the first paragraphs seen (up to
/// `WRAPPED_KEPT`, each of at most `WRAPPED_LONGEST` bytes) are kept wrapped, per thread,
/// and copied when seen again at the same width, indents, style and coloring (which costs
/// less than `write_simple`). Others are written by `write_fresh`.
fn write_styled(
    out: &mut dyn Write,
    width: usize,
    first: &str,
    rest: &str,
    text: &str,
    style: Style,
) -> io::Result<()> {
    use std::cell::RefCell;
    use std::hash::BuildHasher;
    /// A paragraph as written, and what it was asked with.
    struct Kept {
        how: (Style, bool, usize),
        first: Box<str>,
        rest: Box<str>,
        text: Box<str>,
        bytes: Vec<u8>,
    }
    thread_local! {
        // By a hash of everything the bytes depend on; the hash of a key is the key.
        static WRAPPED: RefCell<std::collections::HashMap<u64, Kept, rustc_hash::FxBuildHasher>> =
            RefCell::default();
    }
    if text.len() + first.len() + rest.len() > WRAPPED_LONGEST {
        return write_fresh(out, width, first, rest, text, style);
    }
    let how = (
        style,
        colored::control::SHOULD_COLORIZE.should_colorize(),
        width,
    );
    let hash = rustc_hash::FxBuildHasher.hash_one((style as u8, how.1, width, first, rest, text));
    WRAPPED.with_borrow_mut(|kept| {
        match kept.get(&hash) {
            Some(k)
                if k.how == how && *k.text == *text && *k.first == *first && *k.rest == *rest =>
            {
                return out.write_all(&k.bytes);
            }
            // Another paragraph with the same hash: written, not kept.
            Some(_) => return write_fresh(out, width, first, rest, text, style),
            None => {}
        }
        if kept.len() >= WRAPPED_KEPT {
            return write_fresh(out, width, first, rest, text, style);
        }
        let mut bytes = Vec::with_capacity(first.len() + 2 * text.len() + 16);
        write_fresh(&mut bytes, width, first, rest, text, style)?;
        out.write_all(&bytes)?;
        {
            let k = Kept {
                how,
                first: first.into(),
                rest: rest.into(),
                text: text.into(),
                bytes,
            };
            kept.insert(hash, k);
        }
        Ok(())
    })
}

/// A paragraph not kept (a record's heading, which differs in every record, or one that
/// missed): by `write_simple` where it can, else `write_styled_now`.
fn write_fresh(
    out: &mut dyn Write,
    width: usize,
    first: &str,
    rest: &str,
    text: &str,
    style: Style,
) -> io::Result<()> {
    match write_simple(out, width, first, rest, text, style) {
        Some(written) => written,
        None => write_styled_now(out, width, first, rest, text, style),
    }
}

/// `write_styled_now` for the usual paragraph, written straight from `text` without
/// building its lines: printable ASCII words between single spaces, shown without color,
/// after indents of printable ASCII that keep their width (`fit_indents`) and leave room
/// for every word (so neither the label's own lines nor `break_long` come in). The lines
/// are those of `wrap_narrow`, each a slice of `text` (tested against the general path).
/// `None`, with nothing written, for any other paragraph (or one of more than 49 lines).
fn write_simple(
    out: &mut dyn Write,
    width: usize,
    first: &str,
    rest: &str,
    text: &str,
    style: Style,
) -> Option<io::Result<()>> {
    use crate::sanitize::{is_printable_ascii, needs_escape};
    let b = text.as_bytes();
    if b.first().is_none_or(|&c| c == b' ')
        || b.last() == Some(&b' ')
        || !is_printable_ascii(first)
        || !is_printable_ascii(rest)
        || (style != Style::Plain && colored::control::SHOULD_COLORIZE.should_colorize())
    {
        return None;
    }
    let most = width.saturating_sub(MIN_ROOM);
    let spaces = |indent: &str| indent.len() - indent.trim_start_matches(' ').len();
    if spaces(first) > most || spaces(rest) > most {
        return None;
    }
    if !is_printable_ascii(text) {
        // Other text only when it fits whole on the first line (a record's heading, with
        // its "·"), nothing in it is escaped, and its only spaces are single ASCII ones:
        // then that line is all wrapping would make of it, wide characters or not.
        let mut after_space = true;
        let mut columns = first.len();
        for c in text.chars() {
            if c.is_ascii() {
                // An ASCII control is escaped; a space may not follow a space.
                if c.is_ascii_control() || (c == ' ' && after_space) {
                    return None;
                }
                after_space = c == ' ';
                columns += 1;
            } else {
                if needs_escape(c) || c.is_whitespace() {
                    return None;
                }
                after_space = false;
                columns += display_width(c.encode_utf8(&mut [0; 4]));
            }
        }
        if columns > width {
            return None;
        }
        let written = out
            .write_all(first.as_bytes())
            .and_then(|()| out.write_all(b))
            .and_then(|()| out.write_all(b"\n"));
        return Some(written);
    }
    // Where each line after the first starts, found in one pass: every word fits after
    // either indent, and no two spaces meet.
    let room = width.saturating_sub(first.len().max(rest.len()));
    let mut starts = [0usize; 48];
    let mut lines = 0;
    let (mut start, mut line_start, mut used) = (0, 0, first.len());
    // The word that ends at `i` (a space, or the end of the text).
    let mut word_ends = |i: usize| -> Option<()> {
        let word = i - start;
        if word == 0 || word > room {
            return None;
        }
        if start > line_start && used + 1 + word > width {
            *starts.get_mut(lines)? = start;
            lines += 1;
            line_start = start;
            used = rest.len() + word;
        } else {
            used += word + usize::from(start > line_start);
        }
        start = i + 1;
        Some(())
    };
    // The spaces, found eight bytes at a time.
    let mut chunks = b.chunks_exact(8);
    for (n, chunk) in chunks.by_ref().enumerate() {
        let word = u64::from_le_bytes(chunk.try_into().ok()?);
        let mut spaces = crate::sanitize::byte_mask(word, b' ');
        while spaces != 0 {
            word_ends(n * 8 + spaces.trailing_zeros() as usize / 8)?;
            spaces &= spaces - 1;
        }
    }
    let tail = b.len() - chunks.remainder().len();
    for (i, &c) in chunks.remainder().iter().enumerate() {
        if c == b' ' {
            word_ends(tail + i)?;
        }
    }
    word_ends(b.len())?;
    let mut write = || {
        let mut from = 0;
        for (n, &to) in starts[..lines].iter().chain([&(b.len() + 1)]).enumerate() {
            out.write_all(if n == 0 { first } else { rest }.as_bytes())?;
            out.write_all(&b[from..to - 1])?;
            out.write_all(b"\n")?;
            from = to;
        }
        Ok(())
    };
    Some(write())
}

/// Whether `text` is printable ASCII words between single spaces, as `write_list` takes.
fn plain_words(text: &str) -> bool {
    crate::sanitize::is_printable_ascii(text)
        && !text.is_empty()
        && !text.starts_with(' ')
        && !text.ends_with(' ')
        && !text.contains("  ")
}

/// A list of factors' names (`plain_words`) between `separator` (printable ASCII ending in
/// its only space: ", "), as `write_wrapped` writes the names joined by it, written from
/// the names' words without joining, hashing and scanning them: the lists differ from
/// record to record, so they are seldom kept. `None`, with nothing written, where the
/// indents would give way or a word does not fit on its line (then the general path).
fn write_list<'n>(
    out: &mut dyn Write,
    width: usize,
    first: &str,
    rest: &str,
    names: impl Iterator<Item = &'n str>,
    separator: &str,
) -> Option<io::Result<()>> {
    use crate::sanitize::is_printable_ascii;
    let most = width.saturating_sub(MIN_ROOM);
    let spaces = |indent: &str| indent.len() - indent.trim_start_matches(' ').len();
    if !is_printable_ascii(first)
        || !is_printable_ascii(rest)
        || spaces(first) > most
        || spaces(rest) > most
    {
        return None;
    }
    let stem = separator.strip_suffix(' ')?;
    let room = width.saturating_sub(first.len().max(rest.len()));
    thread_local! {
        // The list's lines, in a buffer reused across lists.
        static LINES: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    LINES.with_borrow_mut(|lines| {
        lines.clear();
        lines.extend_from_slice(first.as_bytes());
        let mut line = ListLine {
            used: first.len(),
            empty: true,
            width,
            rest,
        };
        let mut names = names.peekable();
        while let Some(name) = names.next() {
            debug_assert!(plain_words(name), "{name:?}");
            // The separator's stem goes with the last word of every name but the last.
            let stem = if names.peek().is_some() { stem } else { "" };
            let len = name.len() + stem.len();
            if len <= room && line.fits(len) {
                // The whole name on this line: its words one after another, as they are.
                line.push(lines, name, stem);
                continue;
            }
            // Word by word (a short scan finds a name's spaces sooner than `split` does).
            let mut words = name;
            loop {
                let (word, after) = match words.bytes().position(|b| b == b' ') {
                    Some(at) => (&words[..at], Some(&words[at + 1..])),
                    None => (words, None),
                };
                let stem = if after.is_none() { stem } else { "" };
                let len = word.len() + stem.len();
                if len == 0 || len > room {
                    return None;
                }
                line.push(lines, word, stem);
                match after {
                    Some(after) => words = after,
                    None => break,
                }
            }
        }
        lines.push(b'\n');
        let written = out.write_all(lines);
        if lines.capacity() > 64 * 1024 {
            *lines = Vec::new();
        }
        Some(written)
    })
}

/// The line `write_list` is filling.
struct ListLine<'r> {
    /// Its columns so far, and whether it has a word yet.
    used: usize,
    empty: bool,
    width: usize,
    /// The indent of the lines after the first.
    rest: &'r str,
}

impl ListLine<'_> {
    /// Whether `len` more columns fit on the line.
    fn fits(&self, len: usize) -> bool {
        self.empty || self.used + 1 + len <= self.width
    }

    /// Appends `text` and `stem` to `lines`, as `write_simple` fills lines: when they would
    /// pass the width, on the next line, after `rest`.
    fn push(&mut self, lines: &mut Vec<u8>, text: &str, stem: &str) {
        let len = text.len() + stem.len();
        if self.fits(len) {
            if !self.empty {
                lines.push(b' ');
                self.used += 1;
            }
            self.used += len;
        } else {
            lines.push(b'\n');
            lines.extend_from_slice(self.rest.as_bytes());
            self.used = self.rest.len() + len;
        }
        self.empty = false;
        lines.extend_from_slice(text.as_bytes());
        lines.extend_from_slice(stem.as_bytes());
    }
}

fn write_styled_now(
    out: &mut dyn Write,
    width: usize,
    first: &str,
    rest: &str,
    text: &str,
    style: Style,
) -> io::Result<()> {
    let text = escape_control(text);
    // On a narrow terminal the indents give way (as in `wrap`), and each line's style
    // starts after the indent it has.
    let (first, rest) = fit_indents(width, first, rest);
    let (first, rest) = (first.as_ref(), rest.as_ref());
    let mut first = first;
    // Whether the label leaves room for the first word is seen before any word is broken.
    if !first.trim().is_empty() && first_line_overflows(&text, width, first, rest) {
        let indent = &first[..first.len() - first.trim_start().len()];
        for line in wrap(first.trim(), width, indent, indent) {
            writeln!(out, "{line}")?;
        }
        first = rest;
    }
    let lines = wrap(&text, width, first, rest);
    let plain = style == Style::Plain || !colored::control::SHOULD_COLORIZE.should_colorize();
    for (i, line) in lines.iter().enumerate() {
        if plain {
            out.write_all(line.as_bytes())?;
            out.write_all(b"\n")?;
            continue;
        }
        let indent = if i == 0 { first } else { rest };
        let (indent, body) = line.split_at(indent.len().min(line.len()));
        writeln!(out, "{indent}{}", style.apply(body))?;
    }
    Ok(())
}

/// Whether the first line of `text` wrapped after `first` is wider than `width`: when the
/// label leaves no room for the first word. Where words are whole (text without
/// characters two columns wide), that is the label and the first word; otherwise the
/// first line is wrapped to see.
fn first_line_overflows(text: &str, width: usize, first: &str, rest: &str) -> bool {
    if text.is_ascii() {
        // The first word goes right after the label (which ends in its own space).
        let word = text.split_ascii_whitespace().next().unwrap_or("");
        return display_width(first) + word.len() > width;
    }
    display_width(&wrap_words(text, width, first, rest)[0]) > width
}

/// The number of terminal columns `text` takes (a Chinese character takes two).
pub fn display_width(text: &str) -> usize {
    // Printable ASCII (most text, and every English line) takes a column a byte; anything
    // else is measured by textwrap, which also skips color codes.
    if crate::sanitize::is_printable_ascii(text) {
        text.len()
    } else {
        textwrap::core::display_width(text)
    }
}

/// Splits `text` into lines of at most `width` columns (a longer word stands alone), the
/// first starting with `first` and the others with `rest`. Words are separated by spaces;
/// text with wide characters (Chinese) may also break between them, as its writing does.
///
/// On a narrow terminal the indents give way so that at least `MIN_ROOM` columns are left
/// for the text (`fit_indents`), and a word still wider than its line (a hash, a URL, a
/// rule set's tag) is broken after a `/`, `@`, `:` or `-` where it can be, else where it
/// must (`break_long`): no line is wider than `width` unless `width` is tiny.
pub fn wrap(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    let (first, rest) = fit_indents(width, first, rest);
    let lines = wrap_words(text, width, &first, &rest);
    if lines.iter().all(|l| display_width(l) <= width) {
        return lines;
    }
    break_long(lines, width, &first, &rest)
}

/// The columns a wrapped line keeps for its text however deep its indent: an indent that
/// would leave less gives way (only below 14 + indent columns, so never at 40 or wider
/// for the report's indents).
pub const MIN_ROOM: usize = 14;

/// `first` and `rest` with their leading spaces cut so that `MIN_ROOM` columns are left
/// for text on a line of `width` columns (a label in `first` is kept whole).
pub fn fit_indents<'a>(
    width: usize,
    first: &'a str,
    rest: &'a str,
) -> (std::borrow::Cow<'a, str>, std::borrow::Cow<'a, str>) {
    let most = width.saturating_sub(MIN_ROOM);
    let fit = |indent: &'a str| -> std::borrow::Cow<'a, str> {
        let label = indent.trim_start_matches(' ');
        let spaces = indent.len() - label.len();
        if spaces <= most {
            indent.into()
        } else {
            format!("{}{label}", " ".repeat(most)).into()
        }
    };
    (fit(first), fit(rest))
}

/// Where a word too wide for its line may be broken: after one of these.
const BREAK_AFTER: &[char] = &['/', '@', ':', '-', '_', '?', '&', '=', '#', ',', '，', '：'];

/// Lines wider than `width` (a word longer than a line stands alone on one) broken into
/// pieces that fit, each after the line's indent: after a `BREAK_AFTER` character when
/// one leaves at least a third of the line used, else at the last character that fits.
fn break_long(lines: Vec<String>, width: usize, first: &str, rest: &str) -> Vec<String> {
    let mut out = Vec::with_capacity(lines.len() + 2);
    for (i, line) in lines.into_iter().enumerate() {
        if display_width(&line) <= width {
            out.push(line);
            continue;
        }
        let indent = if i == 0 { first } else { rest };
        let (mut lead, mut body) = match line.strip_prefix(indent) {
            Some(body) => (indent, body),
            None => ("", line.as_str()),
        };
        loop {
            let room = width.saturating_sub(display_width(lead)).max(1);
            if display_width(body) <= room {
                out.push(format!("{lead}{body}"));
                break;
            }
            let cut = break_at(body, room);
            out.push(format!("{lead}{}", body[..cut].trim_end()));
            body = body[cut..].trim_start();
            lead = rest;
            if body.is_empty() {
                break;
            }
        }
    }
    out
}

/// The byte index to break `word` at so that the part before it takes at most `room`
/// columns (at least one character).
fn break_at(word: &str, room: usize) -> usize {
    let mut used = 0;
    let mut hard = 0;
    let mut soft = None;
    for (at, c) in word.char_indices() {
        let w = display_width(c.encode_utf8(&mut [0; 4]));
        if used + w > room {
            break;
        }
        used += w;
        hard = at + c.len_utf8();
        if (BREAK_AFTER.contains(&c) || c == ' ') && used * 3 >= room {
            soft = Some(hard);
        }
    }
    if hard == 0 {
        // Not even one character fits: it goes alone.
        hard = word.chars().next().map_or(0, char::len_utf8);
    }
    soft.unwrap_or(hard)
}

/// `wrap` without the narrow-terminal care: whole words, indents as given.
fn wrap_words(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    // Every reader of English text pays for wrapping (a batch of text reports wraps
    // millions of lines): where no character takes two columns, the greedy loop of
    // `wrap_narrow` gives the same lines as textwrap at a fraction of its cost (tested).
    if text.is_ascii() {
        return wrap_narrow(text.split_ascii_whitespace(), width, first, rest);
    }
    let wide = text
        .chars()
        .any(|c| !c.is_ascii() && display_width(c.encode_utf8(&mut [0; 4])) > 1);
    if !wide {
        return wrap_narrow(text.split_whitespace(), width, first, rest);
    }
    use textwrap::{Options, WordSeparator, WordSplitter, WrapAlgorithm};
    let options = Options::new(width.max(1))
        .initial_indent(first)
        .subsequent_indent(rest)
        .break_words(false)
        .word_splitter(WordSplitter::NoHyphenation)
        .wrap_algorithm(WrapAlgorithm::FirstFit)
        .word_separator(if wide {
            WordSeparator::UnicodeBreakProperties
        } else {
            WordSeparator::AsciiSpace
        });
    // One line of text, however it was broken before: runs of spaces and newlines count
    // as one space.
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    textwrap::wrap(&glue_notations(&joined), options)
        .into_iter()
        .map(|l| unglue(l.trim_end()))
        .collect()
}

/// A space that does not break (Unicode line-break class GL).
const NO_BREAK_SPACE: char = '\u{a0}';
/// No break here, and no width (class WJ).
const WORD_JOINER: char = '\u{2060}';

/// `text` with its number notations made unbreakable for the wrapper: Chinese text breaks
/// between any two characters, which would cut "6斤2两" after the 6, "1850 克" at its
/// space, "3.1公斤" inside its unit or "4 lb 1 oz" anywhere. A digit is joined to the
/// Chinese unit after it (at most two characters: 克, 公斤) and to a Chinese character
/// before it; a space between a digit and a unit (克, kg, oz) does not break.
fn glue_notations(text: &str) -> String {
    let han = |c: char| display_width(c.encode_utf8(&mut [0; 4])) > 1 && c.is_alphabetic();
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    // Chinese characters joined since the last digit, when one was.
    let mut unit: Option<usize> = None;
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        if c == ' ' {
            // A unit written in letters is a word of one or two ("g", "kg", "lb", "oz"):
            // longer words are prose ("QS162 statement"), which breaks as usual.
            let letters = |run: &mut dyn Iterator<Item = &char>| {
                run.take_while(|c| c.is_ascii_alphabetic()).count()
            };
            let unit_after = before.is_some_and(|b| b.is_ascii_digit())
                && after.is_some_and(|a| {
                    han(a) || (1..=2).contains(&letters(&mut chars[i + 1..].iter()))
                });
            let number_after = after.is_some_and(|a| a.is_ascii_digit())
                && (1..=2).contains(&letters(&mut chars[..i].iter().rev()));
            if unit_after || number_after {
                out.push(NO_BREAK_SPACE);
                continue;
            }
            unit = None;
        } else if c.is_ascii_digit() {
            if before.is_some_and(han) {
                out.push(WORD_JOINER);
            }
            unit = Some(0);
        } else if han(c) {
            match unit {
                Some(n) if n < 2 => {
                    out.push(WORD_JOINER);
                    unit = Some(n + 1);
                }
                _ => unit = None,
            }
        } else if c != '.' {
            unit = None;
        }
        out.push(c);
    }
    out
}

/// A wrapped line of `glue_notations` text as it is shown.
fn unglue(line: &str) -> String {
    line.chars()
        .filter(|c| *c != WORD_JOINER)
        .map(|c| if c == NO_BREAK_SPACE { ' ' } else { c })
        .collect()
}

/// `wrap` for text in which no character takes two columns (and so no line breaks
/// inside a word): greedy, breaking between `words`, as textwrap's first-fit does.
fn wrap_narrow<'t>(
    words: impl Iterator<Item = &'t str>,
    width: usize,
    first: &str,
    rest: &str,
) -> Vec<String> {
    let columns = |s: &str| {
        if s.is_ascii() {
            s.len()
        } else {
            display_width(s)
        }
    };
    let mut lines = Vec::new();
    let mut line = String::with_capacity(width + 16);
    line.push_str(first);
    let mut used = columns(first);
    let mut empty = true;
    for word in words {
        let wide = columns(word);
        if !empty && used + 1 + wide > width {
            let mut next = String::with_capacity(width + 16);
            next.push_str(rest);
            lines.push(std::mem::replace(&mut line, next));
            used = columns(rest);
            empty = true;
        }
        if !empty {
            line.push(' ');
            used += 1;
        }
        line.push_str(word);
        used += wide;
        empty = false;
    }
    lines.push(line);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(rules: &RuleSet, json: &str) -> String {
        colored::control::set_override(false);
        let mut out = Vec::new();
        let r = ScreenResult::of_json(rules, json);
        write_report(&mut out, rules, &rules.tag(), &r, ReportOptions::default()).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_list_of_names_has_a_separator_between_any_two_even_empty_ones() {
        // The loader accepts a factor named "" (a translation may leave a name out).
        let mut rules = RuleSet::default_rules();
        rules.factors[0].name = String::new();
        rules.factors[1].name = String::new();
        let names: Vec<&str> = rules.factors.iter().map(|f| f.name.as_str()).collect();
        let t = text(&rules, "{}").replace("\n    ", " ");
        let list = format!(
            "Not assessed (answer unknown or missing): {}",
            names.join(", ")
        );
        assert!(list.contains(": , , "), "{list}");
        assert!(t.contains(&list), "{t}");
    }

    #[test]
    fn text_report_groups_present_factors_and_carries_the_note() {
        let rules = RuleSet::default_rules();
        let t = text(
            &rules,
            r#"{"id": "b1", "gestational_age_weeks": "30+4", "family_epilepsy": "yes", "birth_asphyxia": "no"}"#,
        );
        assert!(t.starts_with("Record 1 · id \"b1\"\n"), "{t}");
        assert!(
            !t.contains("risk factors present"),
            "no score-like count: {t}"
        );
        let family = t.find("  Family\n").expect("family section");
        let birth = t.find("  Birth\n").expect("birth section");
        assert!(family < birth, "sections follow the rule file's order");
        assert!(t.contains("● Born before 32 weeks (source page: most important)"));
        assert!(
            t.contains("because gestational age at birth 30+4 weeks (30.6 weeks): under 32 weeks")
        );
        assert!(
            !t.contains("Gestational age less than 32 weeks"),
            "the source's words are on the factor page"
        );
        assert!(t.contains("Checked and not found: Asphyxia at birth"));
        assert!(t.contains(&rules.report.follow_up[..40]));
        assert!(t.contains("not a diagnosis"));
        assert!(t.contains("does not rule cerebral palsy out"));
        assert!(t.contains("Rules: cerebral-palsy@1.3.0"));
    }

    #[test]
    fn finding_nothing_still_says_it_does_not_rule_out() {
        let rules = RuleSet::default_rules();
        let all_no = r#"{"maternal_infection": "no", "harmful_exposure": "no", "fetal_hypoxia": "no",
            "maternal_nutrition_disorder": "no", "family_cerebral_palsy": "no", "family_epilepsy": "no",
            "family_intellectual_disability": "no", "chromosomal_abnormality": "no",
            "gestational_age_weeks": 40, "birth_weight_grams": 3400, "threatened_miscarriage": "no",
            "fetal_malformation": "no", "birth_asphyxia": "no", "amnion_abnormality": "no",
            "abnormal_fetal_position": "no", "short_umbilical_cord": "no"}"#;
        let t = text(&rules, all_no);
        let t = t.replace('\n', " ");
        assert!(
            t.contains("No risk factor of this checklist was found"),
            "{t}"
        );
        assert!(t.contains("does not rule cerebral palsy out"));
        // With unknowns, finding nothing says how much could not be assessed.
        let t = text(&rules, r#"{"birth_asphyxia": "no"}"#).replace("\n  ", " ");
        assert!(t.contains("No risk factor was found in the answers given, but 13 of the 14 factors could not be assessed"), "{t}");
        assert!(t.contains("does not rule cerebral palsy out"));
        assert!(
            !t.contains("developmental follow-up"),
            "no follow-up line without a most important factor"
        );
    }

    #[test]
    fn invalid_record_lists_its_errors_and_no_findings() {
        let rules = RuleSet::default_rules();
        let t = text(&rules, r#"{"gestational_age_weeks": 353}"#);
        assert!(t.contains("Not screened: the record has 1 error,"));
        assert!(t.contains(
            "gestational_age_weeks: 353 weeks is outside the plausible range 20 to 45 weeks"
        ));
        assert!(!t.contains("risk factors present"));
    }

    #[test]
    fn ids_with_control_characters_are_escaped() {
        let rules = RuleSet::default_rules();
        let t = text(&rules, "{\"id\": \"x\\u001b[2Jy\"}");
        assert!(t.contains("id \"x\\u{1b}[2Jy\""), "{t}");
        assert!(!t.contains('\x1b'));
    }

    #[test]
    fn a_report_fits_a_narrow_terminal() {
        colored::control::set_override(false);
        let rules = RuleSet::default_rules();
        let r = ScreenResult::of_json(
            &rules,
            r#"{"id": "b1", "gestational_age_weeks": "30+4", "birth_weight_grams": "1.85 kg", "birth_asphyxia": "no"}"#,
        );
        for width in [40, 60] {
            let mut out = Vec::new();
            let options = ReportOptions {
                explain: false,
                heading: None,
                width,
            };
            write_report(&mut out, &rules, &rules.tag(), &r, options).unwrap();
            let t = String::from_utf8(out).unwrap();
            for line in t.lines() {
                assert!(display_width(line) <= width, "{width}: {line:?}\n{t}");
            }
            // A label too wide for its first word stands on its own line.
            if width == 40 {
                assert!(
                    t.contains("  Not assessed (answer unknown or\n  missing):\n    Infection"),
                    "{t}"
                );
            }
        }
    }

    #[test]
    fn wrap_breaks_between_words_and_indents() {
        assert_eq!(
            wrap("aaaaaaa bbbbbbb ccccccc", 16, "", "  "),
            ["aaaaaaa bbbbbbb", "  ccccccc"]
        );
        // Narrower, the indent gives way to the text (`MIN_ROOM`).
        assert_eq!(wrap("aa bb cc", 5, "", "  "), ["aa bb", "cc"]);
        assert_eq!(
            wrap("averylongword x", 20, "> ", "  "),
            ["> averylongword x"]
        );
        // A word longer than a line is broken (issue 28 item 19; it overflowed).
        assert_eq!(
            wrap("averylongword x", 5, "> ", "  "),
            ["> ave", "rylon", "gword", "x"]
        );
        assert_eq!(wrap("", 5, "> ", ""), ["> "]);
        assert_eq!(
            wrap("well-known  words\nhere", 12, "", ""),
            ["well-known", "words here"]
        );
    }

    #[test]
    fn a_word_wider_than_its_line_is_broken_where_it_can_be() {
        // Issue 28 item 19: at 20 and 24 columns the footer's tag and hash overflowed.
        assert_eq!(
            wrap(
                "Rules: cerebral-palsy@1.3.0 (sha256:e116df0ce2e447b2)",
                20,
                "  ",
                "  "
            ),
            [
                "  Rules:",
                "  cerebral-palsy@",
                "  1.3.0",
                "  (sha256:",
                "  e116df0ce2e447b2)"
            ]
        );
        assert_eq!(
            wrap(
                "规则：cerebral-palsy@1.3.0（sha256:e116df0ce2e447b2）",
                20,
                "  ",
                "  "
            ),
            [
                "  规则：",
                "  cerebral-palsy@",
                "  1.3.0",
                "  （sha256:",
                "  e116df0ce2e447b2）"
            ]
        );
        let url = "https://cp-screen.example/fhir/Questionnaire/cerebral-palsy";
        let lines = wrap(&format!("See {url} for it"), 24, "  ", "    ");
        assert!(lines.iter().all(|l| display_width(l) <= 24), "{lines:#?}");
        let rejoined: String = lines.iter().map(|l| l.trim()).collect();
        assert_eq!(rejoined, format!("See{url}for it"));
        assert!(lines.iter().any(|l| l.ends_with("/fhir/")), "{lines:#?}");
        // No letter is lost when nothing fits at all.
        assert_eq!(wrap("abc", 1, "", ""), ["a", "b", "c"]);
    }

    #[test]
    fn deep_indents_give_way_on_a_narrow_line() {
        // Issue 28 item 19: the because-clause's 16 columns of indent left 4 at 20.
        let first = "        because ";
        let rest = " ".repeat(16);
        let said = |width| {
            let mut out = Vec::new();
            let text = "infection of the mother during pregnancy: yes";
            write_wrapped(&mut out, width, first, &rest, text).unwrap();
            String::from_utf8(out).unwrap()
        };
        assert_eq!(
            said(20),
            "      because\n      infection of\n      the mother\n      during\n      pregnancy: yes\n"
        );
        assert_eq!(
            said(24),
            "        because\n          infection of\n          the mother\n          during\n          pregnancy: yes\n"
        );
        // At 40 and wider nothing changes.
        assert_eq!(
            fit_indents(40, first, &rest),
            (first.into(), rest.clone().into())
        );
    }

    #[test]
    fn the_narrow_path_wraps_exactly_like_textwrap() {
        use textwrap::{Options, WordSeparator, WordSplitter, WrapAlgorithm};
        let ascii = "Not assessed (answer unknown or missing): Infection of the mother during \
            pregnancy, Harmful physical or chemical exposure, Lack of oxygen before birth, a \
            averyveryverylongwordthatdoesnotfitonanyline x y";
        // Not ASCII, but no character two columns wide (a dot, a bullet, accents, a
        // no-break space and a combining accent, which takes none).
        let narrow = "Record 12 · id \"r0000012\" · line 12 ● Naïve café\u{a0}crème, e\u{301}té \
            Ünïcödé wörds — “quoted” … x y";
        for (text, width) in [5, 12, 20, 40, 61, 88]
            .into_iter()
            .flat_map(|w| [(ascii, w), (narrow, w)])
        {
            for (first, rest) in [
                ("", ""),
                ("  ", "    "),
                ("        because ", "                "),
                ("  Über: ", "    "),
            ] {
                let options = Options::new(width)
                    .initial_indent(first)
                    .subsequent_indent(rest)
                    .break_words(false)
                    .word_splitter(WordSplitter::NoHyphenation)
                    .wrap_algorithm(WrapAlgorithm::FirstFit)
                    .word_separator(WordSeparator::AsciiSpace);
                let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
                let reference: Vec<String> = textwrap::wrap(&joined, options)
                    .into_iter()
                    .map(|l| l.trim_end().to_string())
                    .collect();
                assert_eq!(
                    wrap_words(text, width, first, rest),
                    reference,
                    "{width} {first:?}"
                );
            }
        }
    }

    /// The paragraph, written by `write_simple` when it takes it, else `None`; and as the
    /// general path writes it.
    fn both_ways(width: usize, first: &str, rest: &str, text: &str) -> (Option<String>, String) {
        colored::control::set_override(false);
        let mut simple = Vec::new();
        let taken = write_simple(&mut simple, width, first, rest, text, Style::Bold)
            .map(|r| r.map(|()| String::from_utf8(simple).unwrap()).unwrap());
        let mut general = Vec::new();
        write_styled_now(&mut general, width, first, rest, text, Style::Bold).unwrap();
        (taken, String::from_utf8(general).unwrap())
    }

    #[test]
    fn the_simple_path_takes_the_usual_paragraph_and_writes_what_the_general_one_does() {
        let text = "Not a diagnosis: most children with one or more of these factors do not \
            have cerebral palsy, and having none does not rule it out.";
        let (taken, general) = both_ways(40, "  ", "  ", text);
        assert_eq!(taken.as_deref(), Some(general.as_str()));
        assert_eq!(
            general,
            // 37, 37 and 38 columns: the next word would make each 41 or more.
            "  Not a diagnosis: most children with\n  one or more of these factors do not\n  \
             have cerebral palsy, and having none\n  does not rule it out.\n"
        );
        // Text that is not ASCII, when it fits on its line.
        let heading = "Record 12 · id \"r0000012\" · line 12";
        let (taken, general) = both_ways(40, "", "", heading);
        assert_eq!(taken.as_deref(), Some(general.as_str()));
        assert_eq!(general, format!("{heading}\n"));
        let (taken, general) = both_ways(40, "  ", "  ", "出生体重不足 2000 克");
        assert_eq!(taken.as_deref(), Some("  出生体重不足 2000 克\n"));
        assert_eq!(general, "  出生体重不足 2000 克\n");
        // What it leaves to the general path: two spaces, a control character, wide or
        // other Unicode text, a word too long for its line, a deep indent on a narrow line.
        for (width, first, text) in [
            (40, "  ", "two  spaces"),
            (40, "  ", "a\tb"),
            (12, "  ", "出生体重不足两千克"),
            (12, "  ", "naïve and long"),
            (40, "  ", "naïve\u{200b}"),
            (40, "  ", "naïve\u{a0}x"),
            (10, "  ", "sha256:e116df0ce2e447b2"),
            (20, "          ", "deep"),
            (40, "  ", " leading"),
            (40, "  ", ""),
            (10, "  ", "word ".repeat(60).trim_end()),
        ] {
            assert_eq!(both_ways(width, first, "  ", text).0, None, "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_simple_path_writes_exactly_what_the_general_one_does(
            words in proptest::collection::vec(
                "[!-~]{1,14}|[a-z]{20,40}| |[·éü一-龥]{1,6}|\u{a0}|\u{200b}|\u{3000}", 0..40),
            width in 1usize..100,
            indents in 0usize..5,
        ) {
            let (first, rest) = [
                ("", ""),
                ("  ", "  "),
                ("  Not assessed: ", "    "),
                ("        because ", "                "),
                ("    - ", "      "),
            ][indents];
            let text = words.join(" ");
            let (taken, general) = both_ways(width, first, rest, &text);
            if let Some(taken) = taken {
                proptest::prop_assert_eq!(taken, general);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn a_list_written_from_its_names_is_the_names_joined_and_wrapped(
            names in proptest::collection::vec("[!-~]{1,9}( [!-~]{1,12}){0,3}", 1..16),
            separator in proptest::sample::select(vec![", ", "; ", " ", "/ "]),
            width in 1usize..90,
            indents in 0usize..3,
        ) {
            colored::control::set_override(false);
            let (first, rest) = [
                ("  Not assessed (unknown answers): ", "    "),
                ("", ""),
                ("  Absent: ", "    "),
            ][indents];
            let mut listed = Vec::new();
            let taken = write_list(&mut listed, width, first, rest,
                names.iter().map(String::as_str), separator);
            let mut general = Vec::new();
            write_styled_now(&mut general, width, first, rest, &names.join(separator),
                Style::Plain).unwrap();
            if let Some(taken) = taken {
                taken.unwrap();
                proptest::prop_assert_eq!(String::from_utf8(listed).unwrap(),
                    String::from_utf8(general).unwrap());
            } else {
                proptest::prop_assert!(listed.is_empty());
            }
        }
    }

    #[test]
    fn a_list_of_plain_names_is_written_from_its_words() {
        colored::control::set_override(false);
        let names = ["Born before 32 weeks", "Birth weight under 2000 g", "Twins"];
        let mut listed = Vec::new();
        let taken = write_list(
            &mut listed,
            40,
            "  Absent: ",
            "    ",
            names.into_iter(),
            ", ",
        );
        assert!(taken.is_some());
        // 37 columns ("weight" would make 44); the rest after the four-space indent, the
        // separator's comma kept with the word before it.
        assert_eq!(
            String::from_utf8(listed).unwrap(),
            "  Absent: Born before 32 weeks, Birth\n    weight under 2000 g, Twins\n"
        );
        // A word longer than the line leaves the list to the general path.
        let mut listed = Vec::new();
        let long = ["sha256:e116df0ce2e447b2e116df0ce2e447b2"];
        assert!(
            write_list(
                &mut listed,
                30,
                "  Absent: ",
                "    ",
                long.into_iter(),
                ", "
            )
            .is_none()
        );
        assert!(listed.is_empty());
    }

    #[test]
    fn wide_text_is_measured_in_columns_and_broken_between_characters() {
        let text = "这是一个很长的中文句子，用来检查换行是否按照终端的显示宽度进行。";
        let lines = wrap(text, 20, "  ", "  ");
        assert!(lines.len() > 1, "{lines:?}");
        for l in &lines {
            assert!(
                display_width(l) <= 20,
                "{l:?} is {} columns",
                display_width(l)
            );
        }
        assert_eq!(lines.concat().replace("  ", ""), text);
    }

    #[test]
    fn chinese_text_never_breaks_inside_a_notation() {
        let text = "例如 1850、1850克、3.1公斤、6斤2两、4 lb 1 oz；6斤2两 = 3100 克，按 1 斤 = 500 克、1 两 = 50 克，即 31周4天";
        let notations = [
            "1850克",
            "3.1公斤",
            "6斤2两",
            "4 lb 1 oz",
            "3100 克",
            "1 斤",
            "500 克",
            "1 两",
            "50 克",
            "31周4天",
        ];
        for width in 16..=60 {
            let lines = wrap(text, width, "  ", "  ");
            for n in notations {
                assert!(
                    lines.iter().any(|l| l.contains(n)),
                    "{width}: {n:?} is cut: {lines:#?}"
                );
            }
            assert!(
                lines.iter().all(|l| display_width(l) <= width),
                "{width}: {lines:#?}"
            );
            // Nothing is added or lost (no joiner, no no-break space is left).
            assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
        }
    }
}
