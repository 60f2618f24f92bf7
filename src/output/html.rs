//! Pages people look at: the printable report (`--format html`, one page per record),
//! the class handouts (`factors --format html`, `demo --format html`) and the cohort
//! chart (`--summary-format html` or `svg`).
//!
//! Every page is one self-contained file: inline CSS, no script, no font or image fetched
//! from anywhere. It prints in black and white (statuses are words and patterns, never
//! color alone). Every text that comes from a rule file or an answer record goes through
//! maud, which escapes it: an id like `<script>` shows as text.

use std::io::{self, Write};

use maud::{DOCTYPE, Markup, PreEscaped, Render, html};

use super::summary::Counts;
use super::{Framing, Output, Place, RunEnd};
use crate::answers::Answer;
use crate::engine::{ScreenResult, Status};
use crate::rules::demos::Demo;
use crate::rules::{Factor, RuleSet};
use crate::words::{self, Phrase};

/// The paper a page is laid out for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

impl Paper {
    fn css(self) -> &'static str {
        match self {
            Paper::A4 => "A4",
            Paper::Letter => "letter",
        }
    }
}

/// The style of every page; `{paper}` is the `@page` size.
const STYLE: &str = r#"
@page { size: {paper}; margin: 8mm 12mm; }
* { box-sizing: border-box; }
html { font: 9pt/1.28 "Noto Sans", "DejaVu Sans", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; color: #000; background: #fff; }
html:lang(zh-Hans) { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "Noto Sans", "DejaVu Sans", sans-serif; }
html:lang(zh-Hant) { font-family: "Noto Sans CJK TC", "Source Han Sans TC", "PingFang TC", "Microsoft JhengHei", "Noto Sans CJK SC", "Noto Sans", "DejaVu Sans", sans-serif; }
body { margin: 0; }
h1 { font-size: 14pt; margin: 0 0 2pt; }
h2 { font-size: 10.5pt; margin: 5pt 0 2pt; border-bottom: 1px solid #000; }
h3 { font-size: 10pt; margin: 5pt 0 2pt; }
p { margin: 2pt 0; }
.meta { font-size: 8.5pt; margin-bottom: 4pt; }
.notice { border: 2pt solid #000; padding: 3pt 8pt; margin: 4pt 0; font-weight: 600; }
.notice p { margin: 1pt 0; }
.warning { border: 1.5pt dashed #000; padding: 2pt 8pt; margin: 3pt 0; font-weight: 600; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 1pt 4pt; border-bottom: 0.5pt solid #888; }
th { font-weight: 600; border-bottom: 1pt solid #000; }
ul { margin: 2pt 0; padding-left: 14pt; }
li { margin: 1pt 0; }
.factor { margin: 0; }
.factor .why { margin: 0 0 0 10pt; font-size: 8.5pt; line-height: 1.15; }
.factor .common { margin: 0 0 0 10pt; font-size: 7.5pt; line-height: 1.15; color: #333; }
.list b { font-weight: 600; }
.answers { columns: 2; column-gap: 14pt; margin: 2pt 0; font-size: 7.5pt; line-height: 1.15; }
.answers div { break-inside: avoid; page-break-inside: avoid; border-bottom: 0.5pt solid #999; padding: 0.5pt 0; }
.answers dt { display: inline; }
.answers dt::after { content: ": "; }
:lang(zh) .answers dt::after { content: "："; }
.answers dd { display: inline; margin: 0; font-weight: 600; }
.record { break-after: page; page-break-after: always; }
.record:last-of-type { break-after: auto; page-break-after: auto; }
.card { break-inside: avoid; page-break-inside: avoid; border: 0.75pt solid #000; padding: 4pt 8pt; margin: 0 0 6pt; }
.card h3 { margin-top: 0; }
.label { font-weight: 600; }
.translation { font-style: italic; }
pre { font-size: 8pt; white-space: pre-wrap; border-left: 2pt solid #888; padding-left: 6pt; }
.chart svg { width: 100%; height: auto; }
footer { font-size: 8pt; margin-top: 2pt; }
@media screen { body { max-width: 52em; margin: 1.5em auto; padding: 0 1em; } .record { border-bottom: 2px dashed #888; padding-bottom: 1em; margin-bottom: 1em; } }
"#;

/// The date the page was made, `YYYY-MM-DD`: today, or `SOURCE_DATE_EPOCH` when set (for
/// pages that must come out the same every time).
pub fn page_date() -> String {
    crate::clock::date(crate::clock::now())
}

/// A whole page around `body`.
fn page(rules: &RuleSet, title: &str, paper: Paper, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(rules.language) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (PreEscaped(STYLE.replace("{paper}", paper.css()))) }
            }
            body { (body) }
        }
    }
}

/// The rule set's three sentences every page carries, prominent.
fn notice(rules: &RuleSet) -> Markup {
    let r = &rules.report;
    html! {
        div.notice role="note" {
            p { (r.not_a_diagnosis) }
            p { (r.none_does_not_rule_out) }
            p { (r.see_clinician) }
        }
    }
}

/// The rule set's warning signs: the signs that should send a parent to a doctor soon,
/// whatever the list shows (nothing when the file has none).
fn warning_signs(rules: &RuleSet) -> Markup {
    html! {
        @if let Some(signs) = &rules.report.warning_signs {
            p.warning role="note" { (signs) }
        }
    }
}

fn meta_line(rules: &RuleSet, date: &str) -> Markup {
    let w = words::get();
    html! {
        p.meta { (w.page_meta(date, &rules.tag(), &rules.short_hash())) }
    }
}

/// A report's heading, escaped, into `out`: "Screening result" for the run's only record
/// (`only`), else the record's number, id, file and line.
fn push_page_heading(out: &mut String, result: &ScreenResult, only: bool) {
    thread_local! {
        // The heading before escaping, in a buffer reused across records.
        static HEADING: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    HEADING.with_borrow_mut(|heading| {
        heading.clear();
        if only {
            heading.push_str(&words::get().result_heading(result.record.id.as_ref()));
        } else {
            super::push_record_heading(heading, result);
        }
        Esc(heading.as_str()).render_to(out);
    });
}

/// Text escaped as maud escapes it (`&`, `<`, `>`, `"`), copying the runs between those
/// whole rather than byte by byte: for the texts that differ in every record.
struct Esc<S: AsRef<str>>(S);

impl<S: AsRef<str>> maud::Render for Esc<S> {
    fn render_to(&self, out: &mut String) {
        let mut rest = self.0.as_ref();
        // Most texts hold nothing to escape: one pass without an early exit, which the
        // compiler makes a few vector instructions per sixteen bytes, says so.
        let special = rest.as_bytes().iter().fold(0u8, |acc, &b| {
            acc | u8::from(b == b'&')
                | u8::from(b == b'<')
                | u8::from(b == b'>')
                | u8::from(b == b'"')
        }) != 0;
        if !special {
            return out.push_str(rest);
        }
        out.reserve(rest.len());
        while let Some(at) = rest
            .bytes()
            .position(|b| matches!(b, b'&' | b'<' | b'>' | b'"'))
        {
            out.push_str(&rest[..at]);
            out.push_str(match rest.as_bytes()[at] {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                _ => "&quot;",
            });
            rest = &rest[at + 1..];
        }
        out.push_str(rest);
    }
}

/// What every report of a run (one rule set, one language, one date) says the same,
/// rendered and escaped once: a batch of pages copies it.
struct Fixed {
    /// The title, the subtitle and the meta line, above the record's heading.
    top: String,
    notice: String,
    warning_signs: String,
    footer: String,
    /// Each question's label, capitalised, for the answers given.
    labels: Vec<String>,
    /// Each question's whole row of the answers given for each answer in a word
    /// (`Answer::WORDS`), label and all.
    word_rows: Vec<[String; 4]>,
    /// Each factor's line (name and tier) when it includes no other.
    factor_lines: Vec<String>,
    /// Each factor's name, for the lists of factors by status.
    names: Vec<String>,
    list_separator: String,
    becauses: super::Becauses,
}

impl Fixed {
    fn new(rules: &RuleSet, date: &str) -> Fixed {
        let w = words::get();
        let top = html! {
            h1 { (rules.title) }
            p.label { (w.phrase(Phrase::PageSubtitle)) }
            (meta_line(rules, date))
        };
        let labels: Vec<String> = rules
            .questions()
            .iter()
            .map(|q| html! { (capitalised(&q.label)) }.into_string())
            .collect();
        Fixed {
            top: top.into_string(),
            notice: notice(rules).into_string(),
            warning_signs: warning_signs(rules).into_string(),
            footer: html! { footer { (w.rules_footer(&rules.tag(), &rules.short_hash())) } }
                .into_string(),
            word_rows: labels
                .iter()
                .map(|label| {
                    Answer::WORDS.map(|answer| {
                        let mut row = String::new();
                        answer_row(&mut row, label, |out| {
                            Esc(w.answer_word(&answer)).render_to(out);
                        });
                        row
                    })
                })
                .collect(),
            labels,
            factor_lines: rules
                .factors()
                .iter()
                .map(|f| html! { (words::name_tier_and_includes(rules, f, &[])) }.into_string())
                .collect(),
            names: rules
                .factors()
                .iter()
                .map(|f| html! { (f.name) }.into_string())
                .collect(),
            list_separator: html! { (w.list_separator()) }.into_string(),
            becauses: super::Becauses::new(rules),
        }
    }
}

/// One record's report, as a page section.
#[cfg(test)]
fn report(rules: &RuleSet, result: &ScreenResult, date: &str) -> Markup {
    let mut page = String::new();
    report_into(
        &mut page,
        rules,
        &Fixed::new(rules, date),
        result,
        false,
        false,
    );
    PreEscaped(page)
}

/// One record's report, appended to `out`, and with `explain` how each factor was decided
/// (`--explain`); `only`: the run's only record, headed "Screening result". The page's
/// frame is written straight into `out`, so that a batch builds each page in one buffer
/// (growing a page's string piece by piece reallocated it several times per record).
fn report_into(
    out: &mut String,
    rules: &RuleSet,
    fixed: &Fixed,
    result: &ScreenResult,
    explain: bool,
    only: bool,
) {
    let w = words::get();
    out.push_str(r#"<section class="record">"#);
    out.push_str(&fixed.top);
    out.push_str("<p><b>");
    push_page_heading(out, result, only);
    out.push_str("</b></p>");
    out.push_str(&fixed.notice);
    Body(rules, fixed, result).render_to(out);
    if explain && result.statuses.is_some() {
        html! {
            h3 { (w.phrase(Phrase::HowDecided)) }
            (explanation(rules, result))
        }
        .render_to(out);
    }
    out.push_str(&fixed.footer);
    out.push_str("</section>");
}

fn invalid(rules: &RuleSet, result: &ScreenResult) -> Markup {
    let w = words::get();
    html! {
        h2 { (w.not_screened(result.record.error_count() as usize)) }
        (error_list(rules, result))
        p { (w.phrase(Phrase::CorrectAndRescreen)) }
    }
}

/// A record's errors, each after its field.
fn error_list(rules: &RuleSet, result: &ScreenResult) -> Markup {
    let w = words::get();
    html! {
        ul {
            @for e in &result.record.errors {
                li {
                    @if let Some(field) = &e.field { code { (field) } ": " }
                    (w.record_problem(rules, &e.problem))
                }
            }
        }
    }
}

/// A screened record's findings: the factors present (each with why), the warning signs,
/// the lists of the others by status and the follow-up line, written straight into the
/// page as `html!` would write them (a string of their own was copied into the page
/// again, for every record).
struct Screened<'a> {
    rules: &'a RuleSet,
    fixed: &'a Fixed,
    result: &'a ScreenResult,
    statuses: &'a [Status],
}

impl maud::Render for Screened<'_> {
    fn render_to(&self, out: &mut String) {
        let Screened {
            rules,
            fixed,
            result,
            statuses,
        } = *self;
        let w = words::get();
        if !result.record.errors.is_empty() {
            // Answers read as unknown (`--field-errors not-assessed`): said first, as in
            // the text report, so that no one takes a not-assessed factor for a checked one.
            html! {
                p { (Esc(w.phrase(Phrase::ReadAsUnknown))) }
                (error_list(rules, result))
            }
            .render_to(out);
        }
        out.push_str("<h2>");
        Esc(w.phrase(Phrase::FactorsPresent)).render_to(out);
        out.push_str("</h2>");
        // Nested factors once: "Born before 32 weeks (includes: born before 37 weeks)".
        let present = super::present_for_people(rules, statuses);
        if present.is_empty() {
            out.push_str("<p>");
            Esc(w.phrase(Phrase::NothingFound)).render_to(out);
            out.push_str("</p>");
        }
        for (i, included) in &present {
            let f = &rules.factors()[*i];
            out.push_str(r#"<div class="factor"><b>● "#);
            if included.is_empty() {
                out.push_str(&fixed.factor_lines[*i]);
            } else {
                Esc(words::name_tier_and_includes(rules, f, included)).render_to(out);
            }
            out.push_str(r#"</b><p class="why">"#);
            Esc(w.phrase(Phrase::Because)).render_to(out);
            Because(fixed, rules, result, *i).render_to(out);
            out.push_str("</p>");
            if let Some(common) = &f.how_common {
                out.push_str(r#"<p class="common">"#);
                Esc(&common.text).render_to(out);
                out.push_str("</p>");
            }
            out.push_str("</div>");
        }
        out.push_str(&fixed.warning_signs);
        for (status, label) in [
            (Status::NotAssessed, Phrase::NotAssessedList),
            (Status::NotApplicable, Phrase::NotApplicableList),
            (Status::Absent, Phrase::AbsentList),
        ] {
            if result.count(status) > 0 {
                out.push_str(r#"<p class="list"><b>"#);
                Esc(w.phrase(label)).render_to(out);
                out.push_str("</b>");
                // The names of the factors with a status, escaped once per run (`Fixed`).
                Names {
                    fixed,
                    statuses,
                    want: status,
                }
                .render_to(out);
                out.push_str("</p>");
            }
        }
        if result.follow_up(rules) {
            out.push_str("<p><b>");
            Esc(&rules.report.follow_up).render_to(out);
            out.push_str("</b></p>");
        }
    }
}

/// The answers given, under their heading, as `h2 { .. } dl.answers { div { dt { label }
/// dd { answer } } .. }` would write them, straight into the page: they are most of a
/// page's text, and built in a string of their own, the page's string grew again for them.
struct AnswersGiven<'a>(&'a RuleSet, &'a Fixed, &'a ScreenResult);

impl maud::Render for AnswersGiven<'_> {
    fn render_to(&self, out: &mut String) {
        let AnswersGiven(rules, fixed, result) = *self;
        let asked = crate::engine::asked(rules, &result.record.answers);
        out.push_str("<h2>");
        Esc(words::get().phrase(Phrase::AnswersGiven)).render_to(out);
        out.push_str("</h2>");
        out.push_str(r#"<dl class="answers">"#);
        for (q, answer) in rules.questions().iter().zip(&result.record.answers.values) {
            if asked[q.index] == crate::engine::Asked::No {
                continue;
            }
            match answer.word_index() {
                Some(i) => out.push_str(&fixed.word_rows[q.index][i]),
                None => answer_row(out, &fixed.labels[q.index], |out| {
                    push_answer(out, rules, q.index, answer);
                }),
            }
        }
        out.push_str("</dl>");
    }
}

/// One row of the answers given, `div { dt { label } dd { answer } }`, with `label`
/// escaped already and the answer written by `answer`.
fn answer_row(out: &mut String, label: &str, answer: impl FnOnce(&mut String)) {
    out.push_str("<div><dt>");
    out.push_str(label);
    out.push_str("</dt><dd>");
    answer(out);
    out.push_str("</dd></div>");
}

/// Factor `.3`'s because-clause for `.2`, escaped.
struct Because<'a>(&'a Fixed, &'a RuleSet, &'a ScreenResult, usize);

impl maud::Render for Because<'_> {
    fn render_to(&self, out: &mut String) {
        let Because(fixed, rules, result, f) = *self;
        fixed
            .becauses
            .with(rules, result, f, |because| Esc(because).render_to(out));
    }
}

/// The names of the factors with status `want`, between the list separator: escaped
/// already (`Fixed`).
struct Names<'a> {
    fixed: &'a Fixed,
    statuses: &'a [Status],
    want: Status,
}

impl maud::Render for Names<'_> {
    fn render_to(&self, out: &mut String) {
        let mut names = (self.fixed.names.iter().zip(self.statuses))
            .filter(|(_, s)| **s == self.want)
            .map(|(name, _)| name);
        if let Some(name) = names.next() {
            out.push_str(name);
        }
        for name in names {
            out.push_str(&self.fixed.list_separator);
            out.push_str(name);
        }
    }
}

/// An answer as `words::answer` says it, escaped, into `out` (said first into a buffer
/// reused across answers).
fn push_answer(out: &mut String, rules: &RuleSet, question: usize, answer: &Answer) {
    thread_local! {
        static SAID: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    SAID.with_borrow_mut(|said| {
        said.clear();
        words::push_answer(said, rules, question, answer);
        Esc(said.as_str()).render_to(out);
    });
}

/// `text` with its first letter in capitals (for labels, which are written to go inside
/// sentences).
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => {
            let mut s = String::with_capacity(text.len() + 2);
            s.extend(first.to_uppercase());
            s.push_str(chars.as_str());
            s
        }
        None => String::new(),
    }
}

/// `--format html`: a page per record, in one document.
pub struct HtmlReport<'r> {
    rules: &'r RuleSet,
    /// What every report says the same.
    fixed: Fixed,
    /// `--explain`: how each factor was decided, under each report.
    explain: bool,
    /// The page before and after the records, made once.
    head: String,
    tail: String,
}

impl<'r> HtmlReport<'r> {
    pub fn new(rules: &'r RuleSet, paper: Paper, explain: bool) -> HtmlReport<'r> {
        const MARK: &str = "\u{0}records\u{0}";
        let whole = page(rules, &rules.title, paper, html! { (PreEscaped(MARK)) }).into_string();
        let (head, tail) = whole.split_once(MARK).expect("the mark is in the page");
        HtmlReport {
            rules,
            fixed: Fixed::new(rules, &page_date()),
            explain,
            head: head.to_string(),
            tail: tail.to_string(),
        }
    }
}

impl Output for HtmlReport<'_> {
    fn record(&self, buf: &mut Vec<u8>, result: &ScreenResult, place: Place) {
        thread_local! {
            // A page's buffer, kept for the next record.
            static PAGE: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
        }
        PAGE.with_borrow_mut(|page| {
            page.clear();
            report_into(
                page,
                self.rules,
                &self.fixed,
                result,
                self.explain,
                place.only_of_run,
            );
            buf.extend_from_slice(page.as_bytes());
            // One huge page (`--explain` of a long record) is not kept.
            if page.capacity() > 64 * 1024 {
                *page = String::new();
            }
        });
        buf.push(b'\n');
    }

    fn opening(&self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(self.head.as_bytes())
    }

    /// The page's end; a run with no record gets a page that says so.
    fn end(&self, out: &mut dyn Write, framing: &mut Framing, _end: RunEnd) -> io::Result<()> {
        if !std::mem::replace(&mut framing.started, true) {
            self.opening(out)?;
            let empty =
                html! { p { (words::get().phrase(Phrase::NoRecords)) } (notice(self.rules)) };
            out.write_all(empty.into_string().as_bytes())?;
        }
        out.write_all(self.tail.as_bytes())?;
        out.write_all(b"\n")
    }
}

/// The page of one record's report, the run's only one (headed "Screening result"): what
/// `ask --report` writes and `serve` shows, the same page `screen --format html` makes of
/// that record alone.
pub fn single_report_page(
    rules: &RuleSet,
    result: &ScreenResult,
    paper: Paper,
    explain: bool,
) -> Vec<u8> {
    let report = HtmlReport::new(rules, paper, explain);
    let mut record = Vec::new();
    report.record(
        &mut record,
        result,
        Place {
            first_of_run: true,
            first_in_batch: true,
            only_of_run: true,
        },
    );
    let (mut out, mut framing) = (Vec::new(), Framing::default());
    // Writing into a Vec cannot fail.
    let _ = report.write_batch(&mut out, &record, 1, &mut framing);
    let _ = report.end(&mut out, &mut framing, RunEnd);
    out
}

/// One factor card for the handout.
fn card(rules: &RuleSet, index: usize, f: &Factor) -> Markup {
    let w = words::get();
    let tier = &rules.tiers()[f.tier];
    html! {
        div.card id=(f.id) {
            h3 { (f.name) " " small { code { (f.id) } } }
            p { (w.factor_place(&rules.sections()[f.section].title, &tier.title, false)) }
            @if let Some(m) = &f.meaning { p { (m) } }
            p { span.label { (w.phrase(Phrase::PresentWhen)) ": " } (words::describe(rules, &f.when)) }
            p { span.label { (w.phrase(Phrase::SourceWords)) ": " } (w.quoted_source(&f.source_words))
                @if let Some(t) = &f.source_words_translation { " " span.translation { (w.translated(t)) } }
            }
            p { span.label { (w.phrase(Phrase::ReadingUsed)) ": " } (f.reading) }
            @if let Some(alt) = &f.alternative_reading {
                p { span.label { (w.phrase(Phrase::OtherReading)) ": " } (alt) }
            }
            @if !f.evidence.is_empty() {
                p.label { (w.phrase(Phrase::Literature)) }
                ul { @for e in &f.evidence { li { (e.text) @if let Some(c) = &e.citation { " (" (c) ")" } } } }
            } @else {
                p { (w.phrase(Phrase::NoStudy)) }
            }
            @if let Some(c) = &f.confidence { p { (w.confidence(c.level, c.note.as_deref())) } }
            @if rules.is_follow_up(index) {
                p { (w.phrase(Phrase::FollowUpCard)) }
            }
            @if !f.codes.is_empty() {
                p { span.label { (w.phrase(Phrase::Codes)) ": " }
                    @for (i, c) in f.codes.iter().enumerate() {
                        @if i > 0 { "; " }
                        (c.system) " " b { (c.code) } " " (c.title)
                        @if let Some(n) = &c.note { " (" (n) ")" }
                    }
                }
            }
        }
    }
}

/// `factors --format html`: every factor card (or `only` one), the guidance and the
/// notice.
pub fn factors_page(rules: &RuleSet, only: Option<&Factor>, paper: Paper) -> String {
    let w = words::get();
    let body = html! {
        h1 { (w.factors_title(&rules.tag(), &rules.short_hash())) }
        p { (rules.title) }
        p.meta { (w.source_line(&rules.source.title, rules.source.kind.as_deref())) " · " (page_date()) }
        (notice(rules))
        (warning_signs(rules))
        @for (i, f) in rules.factors().iter().enumerate() {
            @if only.is_none_or(|o| o.id == f.id) { (card(rules, i, f)) }
        }
        @if !rules.guidance.is_empty() {
            h2 { (w.phrase(Phrase::Guidance)) }
            ul { @for e in &rules.guidance { li { (e.text) @if let Some(c) = &e.citation { " (" (c) ")" } } } }
        }
    };
    page(rules, &rules.title, paper, body).into_string()
}

/// `demo --format html`: the worked examples, each with its record, the report, how each
/// factor was decided, and the teaching note.
pub fn demos_page(rules: &RuleSet, demos: &[Demo], paper: Paper) -> String {
    let w = words::get();
    let fixed = Fixed::new(rules, &page_date());
    let body = html! {
        h1 { (w.phrase(Phrase::WorkedExamples)) " · " (rules.tag()) }
        (notice(rules))
        @for demo in demos {
            @let result = demo_result(rules, demo);
            section.record {
                h2 { (w.worked_example(&demo.title)) }
                p { (demo.description) }
                p.label { (w.demo_record_intro(&demo.name)) }
                pre { (serde_json::to_string_pretty(&demo.record).unwrap_or_default()) }
                h3 { (w.phrase(Phrase::WhatItReports)) }
                (Body(rules, &fixed, &result))
                h3 { (w.phrase(Phrase::HowDecided)) }
                (explanation(rules, &result))
                h3 { (w.phrase(Phrase::TeachingNote)) }
                p { (demo.teaching_note) }
            }
        }
    };
    page(rules, w.phrase(Phrase::WorkedExamples), paper, body).into_string()
}

fn demo_result(rules: &RuleSet, demo: &Demo) -> ScreenResult {
    let reader = crate::answers::RecordReader {
        rules,
        allow_extra_fields: false,
        codings: None,
    };
    let text = demo.record.to_string();
    let record = reader
        .parse_json(text.as_bytes())
        .unwrap_or_else(|_| crate::answers::Record::new(rules));
    ScreenResult::alone(rules, record)
}

/// What a record's report says: its factors and answers, or why it was not screened.
/// A record's findings (or its errors), and for a screened record the answers given.
struct Body<'a>(&'a RuleSet, &'a Fixed, &'a ScreenResult);

impl maud::Render for Body<'_> {
    fn render_to(&self, out: &mut String) {
        let Body(rules, fixed, result) = *self;
        match &result.statuses {
            None => invalid(rules, result).render_to(out),
            Some(statuses) => {
                Screened {
                    rules,
                    fixed,
                    result,
                    statuses,
                }
                .render_to(out);
                AnswersGiven(rules, fixed, result).render_to(out);
            }
        }
    }
}

fn explanation(rules: &RuleSet, result: &ScreenResult) -> Markup {
    let w = words::get();
    let Some(statuses) = &result.statuses else {
        return html! {};
    };
    type Traced<'a> = (&'a Factor, Status, Vec<(usize, String)>);
    let traced: Vec<Traced> = rules
        .factors()
        .iter()
        .zip(statuses)
        .enumerate()
        .map(|(i, (f, s))| {
            let mut lines = Vec::new();
            words::explain_lines(rules, &result.evaluated(rules, i), 0, &mut lines);
            (f, *s, lines)
        })
        .collect();
    html! {
        ul {
            @for (f, s, lines) in &traced {
                li { (w.explain_factor(&w.id_with_name(&f.id, &f.name), *s))
                    @if !lines.is_empty() {
                        ul { @for (_, line) in lines { li { (line) } } }
                    }
                }
            }
        }
    }
}

/// The share of `n` in `of`, in whole percent, never rounded up to 100 or down to 0 when it
/// is not.
fn percent(n: u64, of: u64) -> String {
    if of == 0 {
        return "0%".into();
    }
    let p = (n as f64 * 100.0 / of as f64).round() as u64;
    let p = match (n, p) {
        (0, _) => 0,
        (_, 0) => return "<1%".into(),
        (n, 100) if n < of => return ">99%".into(),
        (_, p) => p,
    };
    format!("{p}%")
}

/// The statuses in the chart, in the order of their segments, with their fill.
const SEGMENTS: [(Status, &str); 4] = [
    (Status::Present, "#000"),
    (Status::NotAssessed, "url(#hatch)"),
    (Status::NotApplicable, "#ccc"),
    (Status::Absent, "#fff"),
];

fn status_phrase(status: Status) -> Phrase {
    match status {
        Status::Present => Phrase::SummaryPresent,
        Status::NotAssessed => Phrase::SummaryNotAssessed,
        Status::NotApplicable => Phrase::SummaryNotApplicable,
        Status::Absent => Phrase::SummaryAbsent,
    }
}

fn count_of(counts: &Counts, i: usize, status: Status) -> u64 {
    let t = &counts.factors[i];
    match status {
        Status::Present => t.present,
        Status::NotAssessed => t.not_assessed,
        Status::NotApplicable => t.not_applicable,
        Status::Absent => counts.absent(i),
    }
}

/// The cohort chart: per factor a stacked bar of present, not assessed, not applicable and
/// absent, each segment with its count and share in a title; `data-*` attributes carry
/// the numbers for programs.
pub fn chart_svg(rules: &RuleSet, counts: &Counts) -> Markup {
    let w = words::get();
    let (label_w, bar_w, row_h, top) = (250.0, 420.0, 22.0, 48.0);
    let height = top + row_h * rules.factors().len() as f64 + 40.0;
    let width = label_w + bar_w + 150.0;
    let screened = counts.screened;
    let totals = w.chart_totals(counts.read(), counts.screened, counts.invalid);
    html! {
        svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox=(format!("0 0 {width} {height}"))
            aria-labelledby="chart-title chart-desc" font-family="sans-serif" font-size="12" {
            title #chart-title { (w.phrase(Phrase::ChartTitle)) }
            desc #chart-desc { (totals) }
            defs {
                pattern #hatch width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)" {
                    rect width="6" height="6" fill="#fff" {}
                    line x1="0" y1="0" x2="0" y2="6" stroke="#000" stroke-width="2" {}
                }
            }
            text x="0" y="16" font-weight="bold" { (w.phrase(Phrase::ChartTitle)) }
            text x="0" y="34" { (totals) }
            @for (i, f) in rules.factors().iter().enumerate() {
                @let y = top + row_h * i as f64;
                g.bar data-factor=(f.id) data-present=(count_of(counts, i, Status::Present))
                    data-not-assessed=(count_of(counts, i, Status::NotAssessed))
                    data-not-applicable=(count_of(counts, i, Status::NotApplicable))
                    data-absent=(count_of(counts, i, Status::Absent)) {
                    text x=(label_w - 6.0) y=(y + 15.0) text-anchor="end" { (f.name) }
                    @for (status, fill, n, x, seg) in segments(counts, i, label_w, bar_w) {
                        @if n > 0 {
                            rect x=(format!("{x:.2}")) y=(y + 3.0) width=(format!("{seg:.2}")) height=(row_h - 6.0)
                                fill=(fill) stroke="#000" stroke-width="0.75" {
                                title { (w.chart_segment(&f.name, w.phrase(status_phrase(status)), n, screened, &percent(n, screened))) }
                            }
                        }
                    }
                    text x=(label_w + bar_w + 8.0) y=(y + 15.0) {
                        (percent(count_of(counts, i, Status::Present), screened)) " " (w.phrase(Phrase::SummaryPresent))
                    }
                }
            }
            @let ly = top + row_h * rules.factors().len() as f64 + 18.0;
            @for (k, (status, fill)) in SEGMENTS.iter().enumerate() {
                @let lx = label_w + k as f64 * 120.0;
                rect x=(lx) y=(ly - 10.0) width="12" height="12" fill=(fill) stroke="#000" stroke-width="0.75" {}
                text x=(lx + 16.0) y=(ly) { (w.phrase(status_phrase(*status))) }
            }
        }
    }
}

/// Factor `i`'s bar: each status with its fill, count, start and width.
fn segments(
    counts: &Counts,
    i: usize,
    start: f64,
    width: f64,
) -> Vec<(Status, &'static str, u64, f64, f64)> {
    let mut x = start;
    SEGMENTS
        .iter()
        .map(|&(status, fill)| {
            let n = count_of(counts, i, status);
            let share = if counts.screened == 0 {
                0.0
            } else {
                n as f64 / counts.screened as f64
            };
            let seg = width * share;
            let at = x;
            x += seg;
            (status, fill, n, at, seg)
        })
        .collect()
}

/// `--summary-format svg`: the chart alone.
pub fn summary_svg(rules: &RuleSet, counts: &Counts) -> String {
    let mut s = chart_svg(rules, counts).into_string();
    s.push('\n');
    s
}

/// `--summary-format html`: the chart, the same numbers as a table, and the notice.
pub fn summary_page(rules: &RuleSet, counts: &Counts) -> String {
    let w = words::get();
    let body = html! {
        h1 { (w.phrase(Phrase::ChartTitle)) }
        (meta_line(rules, &page_date()))
        div.chart { (chart_svg(rules, counts)) }
        table {
            thead { tr {
                th { (w.phrase(Phrase::SummaryFactor)) }
                @for (status, _) in SEGMENTS { th { (w.phrase(status_phrase(status))) } }
            } }
            tbody {
                @for (i, f) in rules.factors().iter().enumerate() {
                    tr {
                        td { (f.name) " " small { code { (f.id) } } }
                        @for (status, _) in SEGMENTS {
                            @let n = count_of(counts, i, status);
                            td { (n) " (" (percent(n, counts.screened)) ")" }
                        }
                    }
                }
            }
        }
        p { (w.phrase(Phrase::SummaryNote)) }
        (notice(rules))
    };
    page(rules, w.phrase(Phrase::ChartTitle), Paper::A4, body).into_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_never_round_to_all_or_nothing() {
        assert_eq!(percent(0, 10), "0%");
        assert_eq!(percent(10, 10), "100%");
        assert_eq!(percent(1, 1000), "<1%");
        assert_eq!(percent(999, 1000), ">99%");
        assert_eq!(percent(1, 3), "33%");
        assert_eq!(percent(0, 0), "0%");
    }

    #[test]
    fn the_fast_escape_is_mauds() {
        use proptest::prelude::*;
        proptest!(|(text in "[a-z&<>\"'/ 斤·]{0,40}")| {
            let ours = html! { (Esc(&text)) }.into_string();
            let mauds = html! { (text) }.into_string();
            prop_assert_eq!(ours, mauds);
        });
    }

    #[test]
    fn text_from_records_and_rule_files_is_escaped() {
        let rules = RuleSet::default_rules();
        let r = ScreenResult::of_json(
            &rules,
            r#"{"id": "<script>alert(1)</script>", "birth_asphyxia": "yes"}"#,
        );
        let page = report(&rules, &r, "2026-11-26").into_string();
        assert!(!page.contains("<script>"), "{page}");
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }
}
