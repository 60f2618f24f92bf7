//! The one implementation of [`Words`]: every method picks a message of the run's catalog
//! (`locales/<tag>/*.ftl`) and the values it needs. What a language says, and in which
//! order, is in its catalog; which message fits, and how lists and quotes are built from
//! the parts a catalog gives, is here, once for every language.

use std::sync::OnceLock;

use super::{Clause, FactorCounts, Noun, Phrase, Place, Shortcut, Words};
use crate::answers::{Answer, RecordId};
use crate::engine::{Status, Truth};
use crate::locale::{Arg, LANGUAGES, Lang, Meaning, Message, Piece, Vocabulary, is_han};
use crate::notation::{format_plain, format_value};
use crate::problem::{
    ArrayBreak, Found, HeaderProblem, InputProblem, JsonKind, NotationError, NotationProblem,
    RangeProblem, RecordPlace, RecordProblem, RefKind, RuleProblem, RuleProblemKind, Usage,
};
use crate::rules::{ConfidenceLevel, NumberSpec, Op, QuestionKind, RuleSet};
use crate::sanitize::{escape_control, short};

/// The message `$id` of `$lang`'s catalog, found once per place and language: no lookup by
/// name after the first.
macro_rules! found {
    ($lang:expr, $id:literal) => {{
        static FOUND: [OnceLock<Option<Message>>; LANGUAGES.len()] =
            [const { OnceLock::new() }; LANGUAGES.len()];
        let lang = $lang.lang();
        FOUND[lang as usize].get_or_init(|| lang.catalog().message($id))
    }};
}

/// The message `$id` of `$lang`'s catalog with `name = value` arguments.
macro_rules! say {
    ($lang:expr, $id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        match found!($lang, $id) {
            Some(m) => m.format($id, &[$((stringify!($name), Arg::from($value))),*]),
            None => String::from($id),
        }
    };
}

/// `say!`, appended to `$out`.
macro_rules! say_into {
    ($out:expr, $lang:expr, $id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        match found!($lang, $id) {
            Some(m) => m.format_into($out, $id, &[$((stringify!($name), Arg::from($value))),*]),
            None => $out.push_str($id),
        }
    };
}

/// The fixed text `$id` of `$lang`'s catalog, found once per place and language.
macro_rules! text {
    ($lang:expr, $id:literal) => {{
        static FOUND: [OnceLock<&'static str>; LANGUAGES.len()] =
            [const { OnceLock::new() }; LANGUAGES.len()];
        let lang = $lang.lang();
        *FOUND[lang as usize].get_or_init(|| lang.catalog().text($id))
    }};
}

/// `self` in a method of `Lang` or of `&Lang`, for the macros.
trait AsLang {
    fn lang(&self) -> Lang;
}

impl AsLang for Lang {
    fn lang(&self) -> Lang {
        *self
    }
}

/// Every phrase and its message: the match makes a phrase without one a compile error.
macro_rules! phrases {
    ($($variant:ident => $id:literal),* $(,)?) => {
        pub(super) fn phrase_id(p: Phrase) -> &'static str {
            match p {
                $(Phrase::$variant => $id),*
            }
        }
        /// Every phrase.
        pub(super) const ALL_PHRASES: &[Phrase] = &[$(Phrase::$variant),*];
    };
}

phrases! {
    NothingFound => "nothing-found",
    Because => "because",
    Source => "source",
    NotAssessedList => "not-assessed-list",
    AbsentList => "absent-list",
    HowDecided => "how-decided",
    CorrectAndRescreen => "correct-and-rescreen",
    SummaryNote => "summary-note",
    SummaryFactor => "summary-factor",
    SummaryPresent => "summary-present",
    SummaryNotAssessed => "summary-not-assessed",
    SummaryNotApplicable => "summary-not-applicable",
    NotApplicableList => "not-applicable-list",
    SummaryAbsent => "summary-absent",
    YourResult => "your-result",
    AlwaysDontKnow => "always-dont-know",
    YourAnswer => "your-answer",
    Yes => "choice-yes",
    No => "choice-no",
    DontKnow => "choice-dont-know",
    Help => "choice-help",
    Back => "choice-back",
    ReviewHeading => "review-heading",
    Confirm => "choice-confirm",
    ReviewPrompt => "review-prompt",
    Interrupted => "interrupted",
    FactorsFooter => "factors-footer",
    Guidance => "guidance",
    PageSubtitle => "page-subtitle",
    FactorsPresent => "factors-present",
    AnswersGiven => "answers-given",
    NoRecords => "no-records-read",
    FollowUpCard => "follow-up-card",
    ChartTitle => "chart-title",
    TableFactor => "table-factor",
    TableTier => "table-tier",
    TablePresentWhen => "table-present-when",
    TableSourceWords => "table-source-words",
    WhatItMeans => "what-it-means",
    QuestionAsked => "question-asked",
    PresentWhen => "present-when",
    SourceWords => "source-words",
    ReadingUsed => "reading-used",
    OtherReading => "other-reading",
    Literature => "literature",
    Codes => "codes",
    YesNoAnswers => "yes-no-answers",
    UnknownNotAbsent => "unknown-not-absent",
    NoStudy => "no-study",
    FollowUpNote => "follow-up-note",
    WorkedExamples => "worked-examples",
    DemoFooter => "demo-footer",
    WhatItReports => "what-it-reports",
    TeachingNote => "teaching-note",
}

/// A message written straight into an output: its texts, and the places of its values in
/// the order the caller gives them.
#[derive(Debug, Clone, Copy)]
enum Slot {
    Text(&'static str),
    Value(usize),
}

/// The texts said for every factor of every record, resolved once per language. All in
/// the first catalog file, so that screening loads no other.
struct Fixed {
    answers: [&'static str; 5],
    ops: [&'static str; 10],
    because_number: &'static [Clause],
    because_yes_no: &'static [Clause],
    clause_separator: &'static str,
    list_separator: &'static str,
    written_and_understood: &'static [Slot],
    target_not: &'static [Slot],
    /// The catalog prefers a unit's name in Chinese characters when a rule file gives one.
    han_unit_names: bool,
}

/// The parts of the plain message `id`, with its variables `names` as values 0, 1, ...
fn slots(lang: Lang, id: &str, names: &[&str]) -> &'static [Slot] {
    let slots: Vec<Slot> = lang
        .catalog()
        .pieces(id)
        .into_iter()
        .map(|piece| match piece {
            Piece::Var(name) => match names.iter().position(|n| *n == name) {
                Some(i) => Slot::Value(i),
                None => {
                    debug_assert!(false, "{id}: no ${name}");
                    Slot::Text("")
                }
            },
            Piece::Text(t) => Slot::Text(Box::leak(t.to_string().into_boxed_str())),
            Piece::Gap => {
                debug_assert!(false, "{id}: a pattern written directly has no SP()");
                Slot::Text(" ")
            }
        })
        .collect();
    Box::leak(slots.into_boxed_slice())
}

fn write_slots(out: &mut String, slots: &[Slot], values: &[&str]) {
    for slot in slots {
        match slot {
            Slot::Text(t) => out.push_str(t),
            Slot::Value(i) => out.push_str(values[*i]),
        }
    }
}

fn fixed(lang: Lang) -> &'static Fixed {
    static FIXED: [OnceLock<Fixed>; LANGUAGES.len()] = [const { OnceLock::new() }; LANGUAGES.len()];
    FIXED[lang as usize].get_or_init(|| {
        let c = lang.catalog();
        let clauses = |id: &str| -> &'static [Clause] {
            let parts: Vec<Clause> = slots(lang, id, &["label", "answer", "target"])
                .iter()
                .map(|slot| match slot {
                    Slot::Value(0) => Clause::Label,
                    Slot::Value(1) => Clause::Answer,
                    Slot::Value(_) => Clause::Target,
                    Slot::Text(t) => Clause::Text(t),
                })
                .collect();
            Box::leak(parts.into_boxed_slice())
        };
        Fixed {
            answers: [
                "answer-unanswered",
                "answer-unknown",
                "answer-yes",
                "answer-no",
                "answer-number",
            ]
            .map(|id| c.text(id)),
            ops: [
                "op-equals",
                "op-less-than",
                "op-at-most",
                "op-greater-than",
                "op-at-least",
                "op-not-equals",
                "op-not-less-than",
                "op-not-at-most",
                "op-not-greater-than",
                "op-not-at-least",
            ]
            .map(|id| c.text(id)),
            because_number: clauses("because-number"),
            because_yes_no: clauses("because-yes-no"),
            clause_separator: c.text("because-separator"),
            list_separator: c.text("list-separator"),
            written_and_understood: slots(
                lang,
                "written-and-understood",
                &["written", "understood"],
            ),
            target_not: slots(lang, "target-not", &["word"]),
            han_unit_names: c.text("unit-names") == "han",
        }
    })
}

/// The fixed phrases of a language, resolved once.
fn phrases(lang: Lang) -> &'static [&'static str] {
    static PHRASES: [OnceLock<Vec<&'static str>>; LANGUAGES.len()] =
        [const { OnceLock::new() }; LANGUAGES.len()];
    PHRASES[lang as usize].get_or_init(|| {
        let c = lang.catalog();
        let mut phrases = vec![""; ALL_PHRASES.len()];
        for p in ALL_PHRASES {
            phrases[*p as usize] = c.text(phrase_id(*p));
        }
        phrases
    })
}

fn kind_id(k: JsonKind) -> &'static str {
    match k {
        JsonKind::Null => "json-null",
        JsonKind::Boolean => "json-boolean",
        JsonKind::Number => "json-number",
        JsonKind::String => "json-string",
        JsonKind::Array => "json-array",
        JsonKind::Object => "json-object",
    }
}

fn truth_id(t: Truth) -> &'static str {
    match t {
        Truth::True => "truth-true",
        Truth::False => "truth-false",
        Truth::Unknown => "truth-unknown",
    }
}

fn meaning(s: Shortcut) -> Meaning {
    match s {
        Shortcut::Yes => Meaning::Yes,
        Shortcut::No => Meaning::No,
        Shortcut::DontKnow => Meaning::Unknown,
        Shortcut::Help => Meaning::Help,
        Shortcut::Back => Meaning::Back,
        Shortcut::Confirm => Meaning::Confirm,
    }
}

impl Lang {
    fn text(self, id: &str) -> &'static str {
        self.catalog().text(id)
    }

    /// `items` as one text: joined by the message `separator`, the last one added by the
    /// message `last` (`{ $head } and { $last }`).
    fn join<S: AsRef<str>>(self, items: &[S], separator: &str, last: &str) -> String {
        match items {
            [] => String::new(),
            [one] => one.as_ref().to_string(),
            [rest @ .., end] => {
                let sep = self.text(separator);
                let head = rest
                    .iter()
                    .map(AsRef::as_ref)
                    .collect::<Vec<&str>>()
                    .join(sep);
                self.catalog().format(
                    last,
                    &[("head", Arg::Str(&head)), ("last", Arg::Str(end.as_ref()))],
                )
            }
        }
    }

    /// Items joined by the list separator only (", ", "、").
    fn enumerate<S: AsRef<str>>(self, items: &[S]) -> String {
        let sep = fixed(self).list_separator;
        items
            .iter()
            .map(AsRef::as_ref)
            .collect::<Vec<&str>>()
            .join(sep)
    }

    /// "a, b or c".
    fn list_or<S: AsRef<str>>(self, items: &[S]) -> String {
        self.join(items, "list-or-separator", "list-or")
    }

    /// Quotes text for a message, escaped and cut after `max` characters.
    fn quote_up_to(self, text: &str, max: usize) -> String {
        let escaped = escape_control(text);
        let mut chars = escaped.chars();
        let head: String = chars.by_ref().take(max).collect();
        let rest = chars.count();
        if rest == 0 {
            say!(self, "quote", text = &head)
        } else {
            say!(self, "quote-cut", head = &head, rest = rest)
        }
    }

    fn kind(self, k: JsonKind) -> &'static str {
        self.text(kind_id(k))
    }

    /// "found an array", "实际是数组".
    fn found(self, what: &str) -> String {
        say!(self, "found", what = what)
    }

    fn hint(self, suggestion: &Option<String>) -> String {
        match suggestion {
            Some(s) => say!(self, "did-you-mean", suggestion = s),
            None => String::new(),
        }
    }

    /// JSON keys as typed in the file: `"a", "b"`.
    fn keys(self, items: &[String]) -> String {
        let quoted: Vec<String> = items.iter().map(|k| format!("\"{k}\"")).collect();
        self.enumerate(&quoted)
    }

    fn truth(self, t: Truth) -> &'static str {
        self.text(truth_id(t))
    }

    /// A unit's name as the catalog likes it: in Chinese characters when the catalog
    /// prefers them and the rule file gives one, else the last (longest) name.
    fn unit_name(self, unit: &crate::rules::Unit) -> String {
        let han = fixed(self).han_unit_names;
        unit.names
            .iter()
            .find(|n| han && n.chars().any(is_han))
            .or(unit.names.last())
            .unwrap_or(&unit.symbol)
            .clone()
    }

    /// What a number question accepts, as the tail of a sentence about a wrong answer.
    fn expected(self, spec: &NumberSpec) -> String {
        if spec.examples.is_empty() {
            say!(self, "expected-number-of", unit = &spec.unit)
        } else {
            let examples = self.enumerate(&spec.examples);
            say!(self, "expected-examples", examples = &examples)
        }
    }

    fn range_problem(self, p: RangeProblem, spec: &NumberSpec) -> String {
        match p {
            RangeProblem::NotFinite => text!(self, "range-not-finite").into(),
            RangeProblem::Negative => text!(self, "range-negative").into(),
            RangeProblem::OutOfRange => {
                say!(self, "range-outside", range = &self.range(spec))
            }
        }
    }

    fn notation_problem(self, spec: &NumberSpec, p: &NotationProblem) -> String {
        use NotationProblem::*;
        let expected = || self.expected(spec);
        let plus_name = || {
            spec.plus_unit
                .map(|i| self.unit_name(&spec.units[i]))
                .unwrap_or_default()
        };
        match p {
            Negative => say!(self, "notation-negative", expected = &expected()),
            DecimalComma => text!(self, "notation-decimal-comma").into(),
            PlusNotUsed => say!(self, "notation-plus-not-used", expected = &expected()),
            OneBeforePlus => say!(self, "notation-one-before-plus", expected = &expected()),
            OneAfterPlus => say!(self, "notation-one-after-plus", expected = &expected()),
            PlusWithUnits => say!(self, "notation-plus-with-units", expected = &expected()),
            PlusWrongUnit { unit } => say!(
                self,
                "notation-plus-wrong-unit",
                plus_name = &plus_name(),
                unit = &self.quote(unit)
            ),
            PlusTooLarge { amount, bound } => say!(
                self,
                "notation-plus-too-large",
                amount = &short(amount),
                plus_name = &plus_name(),
                unit_one = &self.unit_one(spec),
                bound = &format_plain(*bound, 3)
            ),
            NoNumber => say!(self, "notation-no-number", expected = &expected()),
            FractionBeforeSmaller { amount, readings } => {
                let readings: Vec<String> = readings
                    .iter()
                    .map(|r| crate::notation::with_unit(*r, spec))
                    .collect();
                let readings = self.join(&readings, "readings-separator", "readings-last");
                say!(
                    self,
                    "notation-fraction-before-smaller",
                    amount = &short(amount),
                    readings = &readings,
                    expected = &expected()
                )
            }
            PartWithoutUnit { amount } => say!(
                self,
                "notation-part-without-unit",
                amount = &self.quote(amount),
                expected = &expected()
            ),
            UnitOrder { unit, previous } => say!(
                self,
                "notation-unit-order",
                unit = unit,
                previous = previous
            ),
            PartTooLarge {
                amount,
                unit,
                previous,
                bound,
            } => say!(
                self,
                "notation-part-too-large",
                amount = &short(amount),
                unit = unit,
                previous = previous,
                bound = &format_plain(*bound, 3)
            ),
            UnknownUnit { name, suggestion } => {
                if spec.units.is_empty() {
                    say!(
                        self,
                        "notation-unknown-unit-plain",
                        name = &self.quote(name),
                        unit = &spec.unit
                    )
                } else {
                    let symbols: Vec<&str> = spec.units.iter().map(|u| u.symbol.as_str()).collect();
                    say!(
                        self,
                        "notation-unknown-unit",
                        name = &self.quote(name),
                        hint = &self.hint(suggestion),
                        symbols = &self.enumerate(&symbols)
                    )
                }
            }
            ExpectedNumberAt { rest } => {
                say!(
                    self,
                    "notation-expected-number-at",
                    rest = &self.quote(rest)
                )
            }
            Unexpected { found } => say!(
                self,
                "notation-unexpected",
                found = &self.quote(found.encode_utf8(&mut [0; 4]))
            ),
            NotANumber { text } => say!(self, "notation-not-a-number", text = &self.quote(text)),
            TooLarge => text!(self, "notation-too-large").into(),
            TooManyDigits { limit, .. } => {
                say!(self, "notation-too-many-digits", limit = *limit)
            }
            TooManyParts { limit } => say!(self, "notation-too-many-parts", limit = *limit),
        }
    }
}

impl Words for Lang {
    fn phrase(&self, p: Phrase) -> &'static str {
        phrases(*self)[p as usize]
    }

    fn count(&self, n: u64, noun: Noun) -> String {
        let noun = match noun {
            Noun::Record => "record",
            Noun::Error => "error",
            Noun::Problem => "problem",
            Noun::Cell => "cell",
            Noun::Column => "column",
            Noun::Section => "section",
            Noun::Question => "question",
            Noun::Factor => "factor",
        };
        say!(self, "count", n = n, noun = noun)
    }

    fn list(&self, items: &[String]) -> String {
        self.join(items, "list-and-separator", "list-and")
    }

    fn quote(&self, text: &str) -> String {
        self.quote_up_to(text, 40)
    }

    fn answer_word(&self, answer: &Answer) -> &'static str {
        let i = match answer {
            Answer::Unanswered => 0,
            Answer::Unknown => 1,
            Answer::Yes => 2,
            Answer::No => 3,
            Answer::Number { .. } => 4,
        };
        fixed(*self).answers[i]
    }

    fn op(&self, op: Op, negated: bool) -> &'static str {
        let i = match op {
            Op::Equals => 0,
            Op::LessThan => 1,
            Op::AtMost => 2,
            Op::GreaterThan => 3,
            Op::AtLeast => 4,
        };
        fixed(*self).ops[i + if negated { 5 } else { 0 }]
    }

    fn yes_no_target(&self, want: bool, negated: bool) -> String {
        let word = self.answer_word(if want { &Answer::Yes } else { &Answer::No });
        if negated {
            let mut out = String::new();
            write_slots(&mut out, fixed(*self).target_not, &[word]);
            out
        } else {
            word.to_string()
        }
    }

    fn unit_one(&self, spec: &NumberSpec) -> String {
        let base_names = || {
            spec.units
                .iter()
                .filter(|u| u.size == 1.0)
                .flat_map(|u| u.names.iter())
        };
        // In Chinese characters when the catalog prefers them and the rule file gives one
        // ("周"); else the English singular: the name whose plural ("-s") is also a name.
        if fixed(*self).han_unit_names
            && let Some(name) = base_names().find(|n| n.chars().any(is_han))
        {
            return name.clone();
        }
        base_names()
            .find(|n| {
                n.len() > 2
                    && spec
                        .units
                        .iter()
                        .any(|u| u.names.contains(&format!("{n}s")))
            })
            .cloned()
            .unwrap_or_else(|| spec.unit.clone())
    }

    fn written_and_understood(&self, out: &mut String, written: &str, understood: &str) {
        write_slots(
            out,
            fixed(*self).written_and_understood,
            &[written, understood],
        );
    }

    fn because_clause(&self, number: bool) -> &'static [Clause] {
        let f = fixed(*self);
        if number {
            f.because_number
        } else {
            f.because_yes_no
        }
    }

    fn clause_separator(&self) -> &'static str {
        fixed(*self).clause_separator
    }

    fn describe_compare(&self, label: &str, number: bool, equals: bool, target: &str) -> String {
        match (number, equals) {
            (false, _) => say!(self, "describe-yes-no", label = label, target = target),
            (true, true) => say!(self, "describe-equals", label = label, target = target),
            (true, false) => say!(self, "describe-compare", label = label, target = target),
        }
    }

    fn describe_group(&self, all: bool, parts: &[String]) -> String {
        let parts = parts.join(text!(self, "describe-separator"));
        if all {
            say!(self, "describe-all", parts = &parts)
        } else {
            say!(self, "describe-any", parts = &parts)
        }
    }

    fn describe_not(&self, inner: &str) -> String {
        say!(self, "describe-not", inner = inner)
    }

    fn explain_compare(&self, question: &str, answer: &str, test: &str, t: Truth) -> String {
        let verdict = match t {
            Truth::True => say!(self, "verdict-true", test = test),
            Truth::False => say!(self, "verdict-false", test = test),
            Truth::Unknown => say!(self, "verdict-unknown", test = test),
        };
        say!(
            self,
            "explain-compare",
            question = question,
            answer = answer,
            verdict = &verdict
        )
    }

    fn explain_group(&self, all: bool, t: Truth) -> String {
        if all {
            say!(self, "explain-all", truth = self.truth(t))
        } else {
            say!(self, "explain-any", truth = self.truth(t))
        }
    }

    fn explain_not(&self, t: Truth) -> String {
        say!(self, "explain-not", truth = self.truth(t))
    }

    fn explain_factor(&self, factor: &str, status: Status) -> String {
        let status = self.text(match status {
            Status::Present => "status-present",
            Status::Absent => "status-absent",
            Status::NotAssessed => "status-not-assessed",
            Status::NotApplicable => "status-not-applicable",
        });
        say!(self, "explain-factor", factor = factor, status = status)
    }

    fn record_heading(
        &self,
        record: u64,
        id: Option<&RecordId>,
        file: Option<&str>,
        line: Option<u64>,
    ) -> String {
        let mut heading = say!(self, "record-heading", record = record);
        match id {
            Some(RecordId::Text(t)) => {
                say_into!(
                    &mut heading,
                    self,
                    "record-id-text",
                    id = &escape_control(t)
                )
            }
            Some(RecordId::Number(n)) => {
                say_into!(&mut heading, self, "record-id-number", id = n.as_str())
            }
            None => {}
        }
        let mut place = Vec::new();
        if let Some(file) = file {
            place.push(escape_control(file).into_owned());
        }
        if let Some(line) = line {
            place.push(say!(self, "record-line", line = line));
        }
        if !place.is_empty() {
            let place = place.join(text!(self, "record-place-separator"));
            say_into!(&mut heading, self, "record-place", place = &place);
        }
        heading
    }

    fn factor_counts(&self, counts: FactorCounts) -> String {
        let FactorCounts {
            present,
            total,
            absent,
            not_assessed,
            not_applicable,
        } = counts;
        let mut line = say!(
            self,
            "factor-counts",
            present = present,
            total = total,
            absent = absent,
            not_assessed = not_assessed
        );
        if not_applicable > 0 {
            say_into!(
                &mut line,
                self,
                "factor-counts-not-applicable",
                not_applicable = not_applicable
            );
        }
        line
    }

    fn nothing_found_but(&self, not_assessed: usize, total: usize) -> String {
        say!(
            self,
            "nothing-found-but",
            not_assessed = not_assessed,
            total = total
        )
    }

    fn tier_note(&self, tier: &str) -> String {
        say!(self, "tier-note", tier = tier)
    }

    fn quoted_source(&self, words: &str) -> String {
        say!(self, "quoted-source", words = words)
    }

    fn quoted_source_in(&self, words: &str, document: &str) -> String {
        say!(self, "quoted-source-in", words = words, document = document)
    }

    fn rules_footer(&self, tag: &str, hash: &str) -> String {
        say!(self, "rules-footer", tag = tag, hash = hash)
    }

    fn not_screened(&self, errors: usize) -> String {
        let errors = self.count(errors as u64, Noun::Error);
        say!(self, "not-screened", errors = &errors)
    }

    fn summary_line(
        &self,
        read: u64,
        screened: u64,
        invalid: u64,
        tag: &str,
        hash: &str,
    ) -> String {
        let read = self.count(read, Noun::Record);
        say!(
            self,
            "summary-line",
            read = &read,
            screened = screened,
            invalid = invalid,
            tag = tag,
            hash = hash
        )
    }

    fn invalid_records(&self, invalid: u64, read: u64) -> String {
        let read = self.count(read, Noun::Record);
        say!(self, "invalid-records", invalid = invalid, read = &read)
    }

    fn fhir_problem(&self, problem: &crate::problem::FhirProblem) -> String {
        use crate::problem::FhirProblem::*;
        match problem {
            NotAResponse { found: Some(t) } if t == "Bundle" => {
                text!(self, "fhir-bundle-in-stream").into()
            }
            NotAResponse { found: Some(t) } => {
                say!(self, "fhir-not-a-response", found = &self.quote(t))
            }
            NotAResponse { found: None } => text!(self, "fhir-no-resource-type").into(),
            // A questionnaire's URL is quoted as JSON quotes it, whole, in every language.
            OtherQuestionnaire {
                found,
                expected,
                embedded: Some(name),
            } => say!(
                self,
                "fhir-other-questionnaire-embedded",
                found = &Lang::En.quote_up_to(found, 200),
                expected = &Lang::En.quote_up_to(expected, 200),
                name = name
            ),
            OtherQuestionnaire {
                found,
                expected,
                embedded: None,
            } => say!(
                self,
                "fhir-other-questionnaire",
                found = &Lang::En.quote_up_to(found, 200),
                expected = &Lang::En.quote_up_to(expected, 200)
            ),
            EnteredInError => text!(self, "fhir-entered-in-error").into(),
            Structure { path, what } if path.is_empty() || path == "." => {
                say!(self, "fhir-structure", what = what)
            }
            Structure { path, what } => say!(self, "fhir-structure-at", path = path, what = what),
            EntryNotAnObject { index } => say!(
                self,
                "fhir-structure-at",
                path = &format!("entry[{index}]"),
                what = text!(self, "fhir-expected-entry-object")
            ),
            EntriesNotAnArray => say!(
                self,
                "fhir-structure-at",
                path = "entry",
                what = text!(self, "fhir-expected-entries-array")
            ),
            SeveralAnswers { count } => say!(self, "fhir-several-answers", count = *count),
            NoValue => text!(self, "fhir-no-value").into(),
            UnsupportedValue { key } => say!(self, "fhir-unsupported-value", key = key),
            UnknownCoding { system, code } => {
                let system = system
                    .as_deref()
                    .map(|s| say!(self, "fhir-coding-system", system = &self.quote(s)))
                    .unwrap_or_default();
                say!(
                    self,
                    "fhir-unknown-coding",
                    code = &self.quote(code),
                    system = &system
                )
            }
            UnknownUnit { unit, accepted } => say!(
                self,
                "fhir-unknown-unit",
                unit = &self.quote(unit),
                accepted = &self.keys(accepted)
            ),
            Comparator { comparator } => {
                say!(
                    self,
                    "fhir-comparator",
                    comparator = &self.quote(comparator)
                )
            }
        }
    }

    fn record_problem(&self, rules: &RuleSet, problem: &RecordProblem) -> String {
        use RecordProblem::*;
        let spec = |q: usize| match &rules.questions[q].kind {
            QuestionKind::Number(spec) => Some(spec),
            QuestionKind::YesNo => None,
        };
        match problem {
            GivenTwice { is_id: true } => text!(self, "record-given-twice-id").into(),
            GivenTwice { is_id: false } => text!(self, "record-given-twice").into(),
            InvalidId { found } => {
                say!(
                    self,
                    "record-invalid-id",
                    found = &self.found(self.kind(*found))
                )
            }
            UnknownField {
                rules: tag,
                suggestion,
            } => say!(
                self,
                "record-unknown-field",
                rules = tag,
                hint = &self.hint(suggestion)
            ),
            NotYesNo { text } => say!(self, "record-not-yes-no", text = &self.quote(text)),
            NumberForYesNo { shown } => say!(self, "record-number-for-yes-no", shown = shown),
            WrongTypeForYesNo { found } => say!(
                self,
                "record-wrong-type-for-yes-no",
                found = &self.found(self.kind(*found))
            ),
            WrongTypeForNumber { question, found } => {
                let found = match found {
                    Found::Kind(k) => self.kind(*k).to_string(),
                    Found::Bool(b) => b.to_string(),
                };
                let found = self.found(&found);
                match spec(*question) {
                    Some(spec) => say!(
                        self,
                        "record-wrong-type-for-number",
                        unit = &spec.unit,
                        forms = &self.forms(spec),
                        found = &found
                    ),
                    None => say!(self, "record-wrong-type-for-yes-no", found = &found),
                }
            }
            UnusableNumber { shown } => say!(self, "record-unusable-number", shown = shown),
            Number { question, error } => match spec(*question) {
                Some(spec) => self.notation_error(spec, error),
                None => text!(self, "record-number-for-yes-no-question").into(),
            },
            NotAnObject { found } => say!(
                self,
                "record-not-an-object",
                found = &self.found(self.kind(*found))
            ),
            InvalidJson {
                at,
                what,
                cut_short,
            } => {
                let hint = if *cut_short {
                    text!(self, "record-cut-short")
                } else {
                    ""
                };
                match at {
                    Some((line, column)) => say!(
                        self,
                        "record-invalid-json-at",
                        line = *line,
                        column = *column,
                        what = what,
                        hint = hint
                    ),
                    None => say!(self, "record-invalid-json", what = what, hint = hint),
                }
            }
            TooLarge {
                place,
                bytes,
                limit,
            } => {
                let what = match place {
                    RecordPlace::Line(l) => say!(self, "record-place-line", line = *l),
                    RecordPlace::CsvRow(r) => say!(self, "record-place-row", row = *r),
                    RecordPlace::ArrayElement(e) => {
                        say!(self, "record-place-element", element = *e, index = *e - 1)
                    }
                };
                say!(
                    self,
                    "record-too-large",
                    what = &what,
                    bytes = *bytes,
                    limit = *limit
                )
            }
            EmptyArrayElement {
                element,
                line,
                column,
            } => say!(
                self,
                "record-empty-array-element",
                element = *element,
                index = *element - 1,
                line = *line,
                column = *column
            ),
            CsvCellCount {
                row,
                cells,
                columns,
            } => say!(
                self,
                "record-csv-cell-count",
                row = *row,
                cells = *cells,
                columns = *columns
            ),
            CsvNotUtf8 { row, column, byte } => say!(
                self,
                "record-csv-not-utf8",
                row = *row,
                column = column,
                byte = &byte.to_string()
            ),
            NotAsked { question } => {
                let condition = rules.questions[*question]
                    .ask_when
                    .as_ref()
                    .map(|c| super::describe(rules, c))
                    .unwrap_or_default();
                say!(self, "record-not-asked", condition = &condition)
            }
            CsvUnclosedQuote { row } => say!(self, "record-csv-unclosed-quote", row = *row),
            MoreErrors { count } => say!(self, "record-more-errors", count = *count),
            InArray { element, inner } => say!(
                self,
                "record-in-array",
                element = *element,
                index = *element - 1,
                problem = &self.record_problem(rules, inner)
            ),
            Fhir(problem) => self.fhir_problem(problem),
        }
    }

    fn notation_error(&self, spec: &NumberSpec, error: &NotationError) -> String {
        match error {
            NotationError::Syntax { text, problem } => say!(
                self,
                "notation-syntax",
                text = &self.quote(text),
                problem = &self.notation_problem(spec, problem)
            ),
            NotationError::Range {
                text,
                plain: true,
                problem,
                ..
            } => {
                let mut did_you_mean = String::new();
                if *problem == RangeProblem::OutOfRange
                    && let Ok(value) = text.parse::<f64>()
                {
                    let units = crate::notation::plausible_units(value, spec);
                    if !units.is_empty() {
                        let written: Vec<String> =
                            units.iter().map(|u| format!("{text} {u}")).collect();
                        did_you_mean = self.did_you_mean_unit(&written);
                    }
                }
                say!(
                    self,
                    "notation-range-plain",
                    text = text,
                    unit = &spec.unit,
                    problem = &self.range_problem(*problem, spec),
                    did_you_mean = &did_you_mean
                )
            }
            NotationError::Range {
                text,
                plain: false,
                value,
                problem,
            } => say!(
                self,
                "notation-range",
                text = &self.quote(text),
                value = &format_value(*value, spec),
                unit = &spec.unit,
                problem = &self.range_problem(*problem, spec)
            ),
        }
    }

    fn rule_problem(&self, problem: &RuleProblem) -> String {
        use RuleProblemKind::*;
        let place = &problem.place;
        let message = match &problem.kind {
            // A read that stops one byte past the limit (a pipe, `/dev/zero`) knows no more.
            FileTooLarge { bytes, limit } if *bytes == *limit as u64 + 1 => {
                say!(self, "rule-file-over-limit", bytes = *bytes, limit = *limit)
            }
            FileTooLarge { bytes, limit } => {
                say!(self, "rule-file-too-large", bytes = *bytes, limit = *limit)
            }
            NotUtf8 { offset } => say!(self, "rule-not-utf8", offset = *offset),
            EmptyFile => text!(self, "rule-empty-file").into(),
            NotAnObject { found } => {
                say!(
                    self,
                    "rule-not-an-object",
                    found = &self.found(self.kind(*found))
                )
            }
            Structure { what } => what.clone(),
            ControlCharacter { code_point } => say!(
                self,
                "rule-control-character",
                code_point = &format!("{code_point:04X}")
            ),
            Empty => text!(self, "rule-empty").into(),
            IdCharacters { id } => say!(self, "rule-id-characters", id = &self.quote(id)),
            DuplicateId { id, first } => say!(self, "rule-duplicate-id", id = id, first = first),
            NoQuestions => text!(self, "rule-no-questions").into(),
            NoFactors => text!(self, "rule-no-factors").into(),
            UnknownReference {
                what,
                id,
                suggestion,
                known,
            } => {
                let what = self.text(match what {
                    RefKind::Section => "ref-section",
                    RefKind::Tier => "ref-tier",
                    RefKind::Factor => "ref-factor",
                });
                say!(
                    self,
                    "rule-unknown-reference",
                    what = what,
                    id = id,
                    hint = &self.hint(suggestion),
                    known = &self.enumerate(known)
                )
            }
            ReservedId { id } => say!(self, "rule-reserved-id", id = id),
            TableColumnId { id } => say!(self, "rule-table-column-id", id = id),
            NotAUri { value } => say!(self, "rule-not-a-uri", value = value),
            MissingKey { key, with } => say!(self, "rule-missing-key", key = key, with = with),
            OnlyNumberQuestions { field } => {
                say!(self, "rule-only-number-questions", field = field)
            }
            MissingRange { field } => say!(self, "rule-missing-range", field = field),
            MissingUnit => text!(self, "rule-missing-unit").into(),
            EmptyRange { min, max } => say!(
                self,
                "rule-empty-range",
                min = &min.to_string(),
                max = &max.to_string()
            ),
            NegativeMin { min } => say!(self, "rule-negative-min", min = &min.to_string()),
            NotPositive { value } => {
                say!(self, "rule-not-positive", value = &value.to_string())
            }
            UnitSizeAbsurd { size } => {
                say!(self, "rule-unit-size-absurd", size = &format!("{size:e}"))
            }
            TooManyDecimals { decimals, limit } => say!(
                self,
                "rule-too-many-decimals",
                decimals = &decimals.to_string(),
                limit = &limit.to_string()
            ),
            UnitWithoutName => text!(self, "rule-unit-without-name").into(),
            UnitNameNotLetters { name } => say!(self, "rule-unit-name-not-letters", name = name),
            UnitNameTwice { name } => say!(self, "rule-unit-name-twice", name = name),
            UnknownPlusUnit { symbol, suggestion } => say!(
                self,
                "rule-unknown-plus-unit",
                symbol = symbol,
                hint = &self.hint(suggestion)
            ),
            TooDeep { limit } => say!(self, "rule-too-deep", limit = &limit.to_string()),
            NotACondition { found } => {
                say!(
                    self,
                    "rule-not-a-condition",
                    found = &self.found(self.kind(*found))
                )
            }
            CombinatorNotAlone { key, others } => say!(
                self,
                "rule-combinator-not-alone",
                key = key,
                others = &self.keys(others)
            ),
            NotAConditionList { found, .. } => say!(
                self,
                "rule-not-a-condition-list",
                found = &self.found(self.kind(*found))
            ),
            EmptyCombinator { key } => say!(self, "rule-empty-combinator", key = key),
            UnknownConditionKey { key, suggestion } => say!(
                self,
                "rule-unknown-condition-key",
                key = key,
                hint = &self.hint(suggestion)
            ),
            NoQuestion => text!(self, "rule-no-question").into(),
            QuestionNotAString { found } => say!(
                self,
                "rule-question-not-a-string",
                found = &self.found(self.kind(*found))
            ),
            NoComparison => text!(self, "rule-no-comparison").into(),
            SeveralComparisons { keys } => {
                say!(self, "rule-several-comparisons", keys = &self.keys(keys))
            }
            UnknownQuestion { id, suggestion } => say!(
                self,
                "rule-unknown-question",
                id = id,
                hint = &self.hint(suggestion)
            ),
            NumericOnYesNo { question } => {
                say!(self, "rule-numeric-on-yes-no", question = question)
            }
            NotYesOrNo { question, found } => say!(
                self,
                "rule-not-yes-or-no",
                question = question,
                found = &self.found(found)
            ),
            TargetOutOfRange {
                value,
                question,
                min,
                max,
                unit,
            } => say!(
                self,
                "rule-target-out-of-range",
                value = &value.to_string(),
                question = question,
                min = &min.to_string(),
                max = &max.to_string(),
                unit = unit
            ),
            NotANumberTarget { question, found } => say!(
                self,
                "rule-not-a-number-target",
                question = question,
                found = &self.found(found)
            ),
            BadLanguages => text!(self, "rule-bad-languages").into(),
            BadTranslations => text!(self, "rule-bad-translations").into(),
            UndeclaredLanguage { lang, declared } => say!(
                self,
                "rule-undeclared-language",
                lang = lang,
                declared = &declared.join(", ")
            ),
            UnknownTranslatedText { field, known } => {
                if known.is_empty() {
                    say!(self, "rule-nothing-to-translate", field = field)
                } else {
                    say!(
                        self,
                        "rule-unknown-translated-text",
                        field = field,
                        known = &known.join(", ")
                    )
                }
            }
            MissingTranslation { lang } => say!(self, "rule-missing-translation", lang = lang),
            AskWhenNotEarlier { question } => {
                say!(self, "rule-ask-when-not-earlier", question = question)
            }
        };
        if place.is_empty() {
            message
        } else {
            say!(self, "rule-problem-at", place = place, message = &message)
        }
    }

    fn invalid_rule_file(&self, file: &str, problems: &[String]) -> String {
        if let [only] = problems {
            say!(self, "invalid-rule-file", file = file, problem = only)
        } else {
            let count = self.count(problems.len() as u64, Noun::Problem);
            let mut s = say!(
                self,
                "invalid-rule-file-problems",
                file = file,
                count = &count
            );
            for p in problems {
                s.push_str("\n  ");
                s.push_str(p);
            }
            s
        }
    }

    fn input_problem(&self, name: &str, problem: &InputProblem) -> String {
        match problem {
            InputProblem::Empty => say!(self, "input-empty", name = name),
            InputProblem::NotRecords {
                line,
                column,
                json_value,
                shown,
            } => {
                let what = if *json_value {
                    text!(self, "input-found-json-value")
                } else {
                    text!(self, "input-found-text")
                };
                let csv = if super::looks_like_csv(*line, *json_value, shown) {
                    text!(self, "input-csv-hint")
                } else {
                    ""
                };
                say!(
                    self,
                    "input-not-records",
                    name = name,
                    line = *line,
                    column = *column,
                    what = what,
                    shown = shown,
                    csv = csv
                )
            }
            InputProblem::FhirBundleTooLarge { limit } => say!(
                self,
                "input-fhir-bundle-too-large",
                name = name,
                mib = (*limit / (1024 * 1024)) as u64
            ),
            InputProblem::NotJsonAfter { records, what } => say!(
                self,
                "input-not-json-after",
                name = name,
                records = *records,
                what = what
            ),
            InputProblem::ArrayBroken {
                how,
                line,
                column,
                records,
            } => {
                let (line, column) = (*line, *column);
                let what = match how {
                    ArrayBreak::EndsInside => {
                        say!(self, "array-ends-inside", line = line, column = column)
                    }
                    ArrayBreak::TextAfter => {
                        say!(self, "array-text-after", line = line, column = column)
                    }
                    ArrayBreak::UnexpectedBrace => {
                        say!(self, "array-unexpected-brace", line = line, column = column)
                    }
                };
                say!(
                    self,
                    "input-array-broken",
                    name = name,
                    what = &what,
                    records = *records
                )
            }
            InputProblem::CsvNoHeader => say!(self, "input-csv-no-header", name = name),
            InputProblem::CsvHeader(h) => {
                let problem = match h {
                    HeaderProblem::ColumnTwice { column, name } => say!(
                        self,
                        "csv-column-twice",
                        column = *column,
                        name = &self.quote(name)
                    ),
                    HeaderProblem::UnknownColumn {
                        column,
                        name,
                        rules,
                        suggestion,
                    } => say!(
                        self,
                        "csv-unknown-column",
                        column = *column,
                        name = &self.quote(name),
                        rules = rules,
                        hint = &self.hint(suggestion)
                    ),
                };
                say!(self, "input-csv-header", name = name, problem = &problem)
            }
            InputProblem::CsvUnreadable { what } => {
                say!(self, "input-csv-unreadable", name = name, what = what)
            }
            InputProblem::CsvHeaderTooLarge { limit } => say!(
                self,
                "input-csv-header-too-large",
                name = name,
                limit = *limit as u64
            ),
            InputProblem::CsvHeaderUnclosedQuote => {
                say!(self, "input-csv-header-unclosed-quote", name = name)
            }
        }
    }

    fn usage(&self, usage: &Usage) -> String {
        match usage {
            Usage::SummaryOverwrites { path, input } => match input {
                Some(name) => say!(
                    self,
                    "usage-summary-overwrites-input",
                    path = &escape_control(path),
                    input = &self.quote(name)
                ),
                None => say!(
                    self,
                    "usage-summary-overwrites-stdout",
                    path = &escape_control(path)
                ),
            },
            Usage::AskOptionsBeforeCommand => {
                text!(self, "usage-ask-options-before-command").into()
            }
            Usage::NotExportable { question } => {
                say!(self, "usage-not-exportable", question = question)
            }
            Usage::StdinTwice => text!(self, "usage-stdin-twice").into(),
            Usage::StdinIsTerminal => text!(self, "usage-stdin-is-terminal").into(),
            Usage::NoTerminal => text!(self, "usage-no-terminal").into(),
            Usage::NoSuchFactor {
                id,
                rules,
                suggestion,
            } => say!(
                self,
                "usage-no-such-factor",
                id = &self.quote(id),
                rules = rules,
                hint = &self.hint(suggestion)
            ),
            Usage::NoSuchDemo { name, suggestion } => say!(
                self,
                "usage-no-such-demo",
                name = &self.quote(name),
                hint = &self.hint(suggestion)
            ),
            Usage::Mapping(p) => {
                use crate::problem::MappingProblem as M;
                match p.as_ref() {
                    M::Syntax { option, text } => {
                        let form = self.text(match *option {
                            "--map" => "mapping-form-map",
                            "--unit" => "mapping-form-unit",
                            _ => "mapping-form-codes",
                        });
                        say!(
                            self,
                            "mapping-syntax",
                            option = *option,
                            text = &self.quote(text),
                            form = form
                        )
                    }
                    M::UnknownQuestion { id, suggestion } => say!(
                        self,
                        "mapping-unknown-question",
                        id = &self.quote(id),
                        hint = &self.hint(suggestion)
                    ),
                    M::BadUnit {
                        question,
                        unit,
                        known,
                    } if known.is_empty() => say!(
                        self,
                        "mapping-unit-not-number",
                        question = question,
                        unit = &self.quote(unit)
                    ),
                    M::BadUnit {
                        question,
                        unit,
                        known,
                    } => say!(
                        self,
                        "mapping-bad-unit",
                        question = question,
                        unit = &self.quote(unit),
                        known = &known.join(", ")
                    ),
                    M::BadAnswer {
                        question,
                        code,
                        answer,
                    } => say!(
                        self,
                        "mapping-bad-answer",
                        question = question,
                        code = &self.quote(code),
                        answer = &self.quote(answer)
                    ),
                    M::File { what } => say!(self, "mapping-file", what = what),
                }
            }
            Usage::NoSuchLanguage { tag, known } => say!(
                self,
                "usage-no-such-language",
                tag = &self.quote(tag),
                known = &known.join(", ")
            ),
            Usage::NoDemos { rules } => say!(self, "usage-no-demos", rules = rules),
            Usage::NoSuchRuleSet {
                name,
                suggestion,
                known,
            } => say!(
                self,
                "usage-no-such-rule-set",
                name = &self.quote(name),
                hint = &self.hint(suggestion),
                known = &self.enumerate(known)
            ),
            Usage::FactorByWords {
                query,
                rules,
                factors,
            } => say!(
                self,
                "usage-factor-by-words",
                query = &self.quote(query),
                rules = rules,
                matches = &self.factor_matches(factors)
            ),
            Usage::QuestionNotFactor { question, factors } => match factors.as_slice() {
                [only] => say!(
                    self,
                    "usage-question-not-factor-one",
                    question = question,
                    factor = only
                ),
                _ => say!(
                    self,
                    "usage-question-not-factor",
                    question = question,
                    factors = &self.join(factors, "factors-separator", "factors-last")
                ),
            },
            Usage::SaveExists { path } => {
                say!(self, "usage-save-exists", path = &escape_control(path))
            }
            Usage::NoSuchCommand { name, suggestion } => say!(
                self,
                "usage-no-such-command",
                name = &self.quote(name),
                hint = &self.hint(suggestion)
            ),
            Usage::FileAsCommand { path } => {
                say!(self, "usage-file-as-command", path = &escape_control(path))
            }
        }
    }

    fn cannot_read(&self, what: &str, rules_file: bool, why: &str) -> String {
        if rules_file {
            say!(self, "cannot-read-rule-file", what = what, why = why)
        } else {
            say!(self, "cannot-read", what = what, why = why)
        }
    }

    fn cannot_write(&self, what: &str, why: &str) -> String {
        say!(self, "cannot-write", what = what, why = why)
    }

    fn input_ended(&self) -> String {
        text!(self, "input-ended").into()
    }

    fn rules_valid(&self, shown: &str, tag: &str, title: &str) -> String {
        say!(self, "rules-valid", shown = shown, tag = tag, title = title)
    }

    fn rules_counts(
        &self,
        sections: usize,
        questions: usize,
        numeric: usize,
        factors: usize,
    ) -> String {
        say!(
            self,
            "rules-counts",
            sections = sections,
            questions = questions,
            yes_no = questions - numeric,
            numeric = numeric,
            factors = factors
        )
    }

    fn factors_title(&self, tag: &str, hash: &str) -> String {
        say!(self, "factors-title", tag = tag, hash = hash)
    }

    fn source_line(&self, title: &str, kind: Option<&str>) -> String {
        match kind {
            Some(kind) => say!(self, "source-line-kind", title = title, kind = kind),
            None => say!(self, "source-line", title = title),
        }
    }

    fn factor_place(&self, section: &str, tier: &str, follow_up: bool) -> String {
        let mut s = say!(self, "factor-place", section = section, tier = tier);
        if follow_up {
            s.push_str(self.phrase(Phrase::FollowUpNote));
        }
        s
    }

    fn number_answers(&self, spec: &NumberSpec) -> String {
        let range = self.range(spec);
        if spec.examples.is_empty() {
            say!(self, "number-answers", unit = &spec.unit, range = &range)
        } else {
            say!(
                self,
                "number-answers-forms",
                unit = &spec.unit,
                forms = &self.forms(spec),
                range = &range
            )
        }
    }

    fn citation(&self, text: &str, citation: Option<&str>) -> String {
        match citation {
            Some(c) => say!(self, "citation-with-source", text = text, citation = c),
            None => say!(self, "citation", text = text),
        }
    }

    fn worked_example(&self, title: &str) -> String {
        say!(self, "worked-example", title = title)
    }

    fn demo_record_intro(&self, name: &str) -> String {
        say!(self, "demo-record-intro", name = name)
    }

    fn forms(&self, spec: &NumberSpec) -> String {
        if spec.examples.is_empty() {
            say!(self, "forms-number-of", unit = &spec.unit)
        } else {
            let examples = self.enumerate(&spec.examples);
            say!(self, "forms-examples", examples = &examples)
        }
    }

    fn range(&self, spec: &NumberSpec) -> String {
        say!(
            self,
            "range",
            min = &format_plain(spec.min, 6),
            max = &format_plain(spec.max, 6),
            unit = &spec.unit
        )
    }

    fn intro(&self, questions: usize, sections: &[String]) -> String {
        say!(
            self,
            "intro",
            questions = questions,
            sections = &self.list(sections)
        )
    }

    fn section_heading(&self, title: &str) -> String {
        say!(self, "section-heading", title = title)
    }

    fn question_line(&self, section: &str, n: usize, total: usize, text: &str) -> String {
        say!(
            self,
            "question-line",
            section = section,
            n = n,
            total = total,
            text = text
        )
    }

    fn number_hint(&self, spec: &NumberSpec, can_go_back: bool) -> String {
        let forms = self.forms(spec);
        if can_go_back {
            say!(self, "number-hint-back", forms = &forms)
        } else {
            say!(self, "number-hint", forms = &forms)
        }
    }

    fn reprompt(&self, why: &str, spec: &NumberSpec) -> String {
        // A reason that names the accepted forms already ("-5") need not repeat them.
        let named = if why.contains(&self.forms(spec)) {
            "yes"
        } else {
            "no"
        };
        say!(
            self,
            "reprompt",
            why = why,
            expected = &self.expected(spec),
            named = named
        )
    }

    fn echo(&self, said: &str, understood: &str) -> String {
        say!(self, "echo", said = said, understood = understood)
    }

    fn echo_split(&self, understood: &str, whole: &str, part: &str) -> String {
        say!(
            self,
            "echo-split",
            understood = understood,
            whole = whole,
            part = part
        )
    }

    fn with_assumptions(&self, understood: &str, notes: &[&str]) -> String {
        let notes = self.join(notes, "assumptions-separator", "assumptions-last");
        say!(
            self,
            "with-assumptions",
            understood = understood,
            notes = &notes
        )
    }

    fn join_note(&self, text: &str, note: &str) -> String {
        say!(self, "join-note", text = text, note = note)
    }

    fn review_item(&self, n: usize, label: &str, answer: &str) -> String {
        say!(self, "review-item", n = n, label = label, answer = answer)
    }

    fn saved_to(&self, path: &str) -> String {
        say!(self, "saved-to", path = path)
    }

    fn plain_choose(&self, items: usize, default: usize, default_item: &str) -> String {
        say!(
            self,
            "plain-choose",
            items = items,
            default = default,
            default_item = default_item
        )
    }

    fn plain_not_a_choice(&self, typed: &str, items: usize, words: &[&str]) -> String {
        if words.is_empty() {
            return say!(self, "plain-not-a-choice", typed = typed, items = items);
        }
        let words: Vec<String> = words
            .iter()
            .map(|w| say!(self, "choice-word", word = *w))
            .collect();
        say!(
            self,
            "plain-not-a-choice-words",
            typed = typed,
            items = items,
            words = &self.list_or(&words)
        )
    }

    fn plain_keep(&self, initial: &str) -> String {
        say!(self, "plain-keep", initial = initial)
    }

    fn rule_sets_heading(&self) -> String {
        text!(self, "rule-sets-heading").into()
    }

    fn rule_set_name(&self, name: &str, aliases: &[&str], default: bool) -> String {
        let mut notes = Vec::new();
        if default {
            notes.push(text!(self, "rule-set-default").to_string());
        }
        if !aliases.is_empty() {
            let aliases = self.enumerate(aliases);
            notes.push(say!(self, "rule-set-aliases", aliases = &aliases));
        }
        if notes.is_empty() {
            name.to_string()
        } else {
            let notes = notes.join(text!(self, "rule-set-notes-separator"));
            say!(self, "rule-set-name", name = name, notes = &notes)
        }
    }

    fn rule_set_counts(&self, factors: usize, questions: usize, hash: &str) -> String {
        say!(
            self,
            "rule-set-counts",
            factors = factors,
            questions = questions,
            hash = hash
        )
    }

    fn rule_set_title(&self, tag: &str, title: &str) -> String {
        say!(self, "rule-set-title", tag = tag, title = title)
    }

    fn compare_heading(&self, a: &str, a_factors: usize, b: &str, b_factors: usize) -> String {
        say!(
            self,
            "compare-heading",
            a = a,
            a_factors = a_factors,
            b = b,
            b_factors = b_factors
        )
    }

    fn compare_same(&self) -> String {
        text!(self, "compare-same").into()
    }

    fn compare_differ(&self, b: &str) -> String {
        say!(self, "compare-differ", b = b)
    }

    fn compare_only_in(&self, a: &str, b: &str) -> String {
        say!(self, "compare-only-in", a = a, b = b)
    }

    fn compare_follow_up(&self, tag: &str, factors: &[&str]) -> String {
        if factors.is_empty() {
            say!(self, "compare-follow-up-by-tier", tag = tag)
        } else {
            say!(
                self,
                "compare-follow-up",
                tag = tag,
                factors = &self.enumerate(factors)
            )
        }
    }

    fn compare_note(&self) -> String {
        text!(self, "compare-note").into()
    }

    fn follow_up_place(&self, why: &str) -> String {
        say!(self, "follow-up-place", why = why)
    }

    fn asked_only_when(&self, condition: &str) -> String {
        say!(self, "asked-only-when", condition = condition)
    }

    fn confidence(&self, level: ConfidenceLevel, note: Option<&str>) -> String {
        let level = self.text(match level {
            ConfidenceLevel::High => "confidence-high",
            ConfidenceLevel::Moderate => "confidence-moderate",
            ConfidenceLevel::Low => "confidence-low",
        });
        match note {
            Some(note) => say!(self, "confidence-with-note", level = level, note = note),
            None => say!(self, "confidence", level = level),
        }
    }

    fn page_meta(&self, date: &str, tag: &str, hash: &str) -> String {
        say!(self, "page-meta", date = date, tag = tag, hash = hash)
    }

    fn translated(&self, text: &str) -> String {
        say!(self, "translated", text = text)
    }

    fn list_separator(&self) -> &'static str {
        fixed(*self).list_separator
    }

    fn chart_totals(&self, read: u64, screened: u64, invalid: u64) -> String {
        let read = self.count(read, Noun::Record);
        say!(
            self,
            "chart-totals",
            read = &read,
            screened = screened,
            invalid = invalid
        )
    }

    fn chart_segment(&self, factor: &str, status: &str, n: u64, of: u64, percent: &str) -> String {
        say!(
            self,
            "chart-segment",
            factor = factor,
            status = status,
            n = n,
            of = of,
            percent = percent
        )
    }

    fn shortcuts(&self, s: Shortcut) -> &'static [&'static str] {
        Vocabulary::of(*self).shortcuts(meaning(s))
    }

    fn short_prompt(&self) -> &'static str {
        text!(self, "short-prompt")
    }

    fn did_you_mean_unit(&self, written: &[String]) -> String {
        let written = self.join(written, "readings-separator", "readings-last");
        say!(self, "did-you-mean-unit", written = &written)
    }

    fn saved_with_id(&self, path: &str, id: &str) -> String {
        say!(self, "saved-with-id", path = path, id = &self.quote(id))
    }

    fn no_records(&self, inputs: &[String]) -> String {
        say!(self, "no-records", inputs = &self.list(inputs))
    }

    fn factor_matches(&self, ids: &[String]) -> String {
        match ids {
            [] => text!(self, "factor-matches-none").into(),
            [only] => say!(self, "factor-matches-one", factor = only),
            _ => say!(self, "factor-matches", factors = &self.list_or(ids)),
        }
    }

    fn man_sections(&self) -> Vec<(&'static str, Vec<String>)> {
        const SECTIONS: &[(&str, &[&str])] = &[
            (
                "man-input-formats",
                &[
                    "man-input-formats-1",
                    "man-input-formats-2",
                    "man-input-formats-3",
                ],
            ),
            (
                "man-exit-status",
                &[
                    "man-exit-status-0",
                    "man-exit-status-1",
                    "man-exit-status-2",
                    "man-exit-status-130",
                ],
            ),
            (
                "man-examples",
                &[
                    "man-examples-ask",
                    "man-examples-ask-command",
                    "man-examples-screen",
                    "man-examples-screen-command",
                    "man-examples-screen-cohort-command",
                    "man-examples-learn",
                    "man-examples-factors-command",
                    "man-examples-quiz-command",
                ],
            ),
        ];
        SECTIONS
            .iter()
            .map(|(title, paragraphs)| {
                let paragraphs = paragraphs.iter().map(|id| self.text(id).into()).collect();
                (self.text(title), paragraphs)
            })
            .collect()
    }

    fn quiz_question(&self, factors: usize) -> String {
        say!(self, "quiz-question", factors = factors)
    }

    fn quiz_press_enter(&self) -> &'static str {
        text!(self, "quiz-press-enter")
    }

    fn fhir_place(&self, place: &Place<'_>) -> String {
        let mut parts = Vec::new();
        if let Some(file) = place.file {
            let length = text!(self, "place-file-quote-length")
                .parse()
                .unwrap_or(200);
            parts.push(say!(
                self,
                "place-file",
                file = &self.quote_up_to(file, length)
            ));
        }
        parts.push(say!(self, "place-record", record = place.record));
        if let Some(line) = place.line {
            parts.push(say!(self, "place-line", line = line));
        }
        if let Some(field) = place.field {
            parts.push(say!(self, "place-field", field = &self.quote(field)));
        }
        if let Some(id) = &place.id {
            parts.push(say!(self, "place-id", id = &self.quote(id)));
        }
        parts.join(text!(self, "place-separator"))
    }

    fn form_number_help(
        &self,
        unit: &str,
        min: f64,
        max: f64,
        example: Option<(&str, &str)>,
    ) -> String {
        let (min, max) = (min.to_string(), max.to_string());
        let mut help = say!(
            self,
            "form-number-help",
            unit = unit,
            min = &min,
            max = &max
        );
        if let Some((written, decimal)) = example {
            say_into!(
                &mut help,
                self,
                "form-number-help-part",
                written = written,
                decimal = decimal
            );
        }
        help
    }

    fn more_rule_problems(&self, shown: usize, total: usize) -> String {
        say!(
            self,
            "more-rule-problems",
            more = total - shown,
            shown = shown,
            total = total
        )
    }

    fn includes_note(&self, names: &[String]) -> String {
        // Inside a sentence a name starts small ("born before 37 weeks"), unless its first
        // word is an abbreviation ("HIV infection"); scripts without case are unchanged.
        let names: Vec<String> = names
            .iter()
            .map(|name| {
                let first = name.split_whitespace().next().unwrap_or_default();
                if first.chars().skip(1).any(char::is_uppercase) {
                    return name.clone();
                }
                let mut chars = name.chars();
                match chars.next() {
                    Some(c) => c.to_lowercase().chain(chars).collect(),
                    None => String::new(),
                }
            })
            .collect();
        say!(self, "includes-note", names = &self.list(&names))
    }
}
