//! The one implementation of [`Words`]: every method picks a message of the run's catalog
//! (`locales/<tag>/*.ftl`) and the values it needs. What a language says, and in which
//! order, is in its catalog; which message fits, and how lists and quotes are built from
//! the parts a catalog gives, is here, once for every language.

use std::sync::OnceLock;

use super::{Clause, FactorCounts, Noun, Phrase, Place, QuizLine, Shortcut, Words};
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
    UnitsRead => "units-read",
    HowDecided => "how-decided",
    CorrectAndRescreen => "correct-and-rescreen",
    ReadAsUnknown => "read-as-unknown",
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
    MenuKeys => "menu-keys",
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

/// The parts of the plain message `id`, with its variables `names` as values 0, 1, ...,
/// kept for the whole run.
fn slots(lang: Lang, id: &str, names: &[&str]) -> &'static [Slot] {
    Box::leak(slot_list(lang, id, names).into_boxed_slice())
}

/// The same, for a caller that keeps what it makes of them.
fn slot_list(lang: Lang, id: &str, names: &[&str]) -> Vec<Slot> {
    lang.catalog()
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
        .collect()
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
            let parts: Vec<Clause> = slot_list(lang, id, &["label", "answer", "target"])
                .into_iter()
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

    /// ` · id "…"` after a heading, when the record has an id.
    fn push_id(self, heading: &mut String, id: Option<&RecordId>) {
        match id {
            Some(RecordId::Text(t)) => {
                say_into!(heading, self, "record-id-text", id = &escape_control(t))
            }
            Some(RecordId::Number(n)) => {
                say_into!(heading, self, "record-id-number", id = n.as_str())
            }
            None => {}
        }
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
}

mod problems;

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
        // The words in `Answer::WORDS`' order, then the one for a number.
        fixed(*self).answers[answer.word_index().unwrap_or(Answer::WORDS.len())]
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

    fn result_heading(&self, id: Option<&RecordId>) -> String {
        let mut heading = text!(self, "result-heading").to_string();
        self.push_id(&mut heading, id);
        heading
    }

    fn record_heading_into(
        &self,
        heading: &mut String,
        record: u64,
        id: Option<&RecordId>,
        file: Option<&str>,
        line: Option<u64>,
    ) {
        say_into!(heading, self, "record-heading", record = record);
        self.push_id(heading, id);
        if file.is_none() && line.is_none() {
            return;
        }
        thread_local! {
            // The file and the line, between the separator (every record), in a buffer
            // reused across records.
            static PLACE: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
        }
        PLACE.with_borrow_mut(|place| {
            place.clear();
            if let Some(file) = file {
                place.push_str(&escape_control(file));
            }
            if let Some(line) = line {
                if file.is_some() {
                    place.push_str(text!(self, "record-place-separator"));
                }
                say_into!(place, self, "record-line", line = line);
            }
            say_into!(heading, self, "record-place", place = place.as_str());
        });
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

    fn summary_group(&self, column: &str, value: &str, screened: u64, invalid: u64) -> String {
        say!(
            self,
            "summary-group",
            column = column,
            value = value,
            screened = screened,
            invalid = invalid
        )
    }

    fn summary_field_errors(&self, records: u64, codes: &str) -> String {
        say!(
            self,
            "summary-field-errors",
            records = records,
            codes = codes
        )
    }

    fn invalid_records(&self, invalid: u64, read: u64) -> String {
        let read = self.count(read, Noun::Record);
        say!(self, "invalid-records", invalid = invalid, read = &read)
    }

    fn fhir_problem(&self, problem: &crate::problem::FhirProblem) -> String {
        Lang::fhir_problem(self, problem)
    }

    fn record_problem(&self, rules: &RuleSet, problem: &RecordProblem) -> String {
        Lang::record_problem(self, rules, problem)
    }

    fn notation_error(&self, spec: &NumberSpec, error: &NotationError) -> String {
        Lang::notation_error(self, spec, error)
    }

    fn rule_problem(&self, problem: &RuleProblem) -> String {
        Lang::rule_problem(self, problem)
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
        Lang::input_problem(self, name, problem)
    }

    fn usage(&self, usage: &Usage) -> String {
        Lang::usage(self, usage)
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

    fn id_with_name(&self, id: &str, name: &str) -> String {
        if text!(self, "names-beside-ids") == "yes" {
            say!(self, "id-and-name", id = id, name = name)
        } else {
            id.to_string()
        }
    }

    fn error_line(&self, message: &str) -> String {
        say!(self, "error-line", message = message)
    }

    fn id_and_text(&self, id: &str, text: &str) -> String {
        say!(self, "id-and-text", id = id, text = text)
    }

    fn review_answer(&self, label: &str, answer: &str) -> String {
        say!(self, "review-answer", label = label, answer = answer)
    }

    fn question_skipped(&self, n: usize, condition: &str) -> String {
        say!(self, "question-skipped", n = n, condition = condition)
    }

    fn menu_enter(&self, item: &str) -> String {
        say!(self, "menu-enter", item = item)
    }

    fn saved_to(&self, path: &str) -> String {
        say!(self, "saved-to", path = path)
    }

    fn report_written_to(&self, path: &str) -> String {
        say!(self, "report-written-to", path = path)
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

    fn plain_choose_key(&self, items: usize, key: &str, default_item: &str) -> String {
        say!(
            self,
            "plain-choose-key",
            items = items,
            key = key,
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

    fn quiz_prompt(&self, factors: usize) -> String {
        say!(self, "quiz-prompt", factors = factors)
    }

    fn quiz_bad_choice(&self, text: &str, factors: usize) -> String {
        say!(
            self,
            "quiz-bad-choice",
            text = &self.quote(text),
            factors = factors
        )
    }

    fn quiz_verdict(&self, line: QuizLine, factors: &str) -> String {
        match line {
            QuizLine::Right => say!(self, "quiz-right", factors = factors),
            QuizLine::Missed => say!(self, "quiz-missed", factors = factors),
            QuizLine::Absent => say!(self, "quiz-absent", factors = factors),
            QuizLine::NotAssessed => say!(self, "quiz-not-assessed", factors = factors),
        }
    }

    fn quiz_all_right(&self) -> &'static str {
        text!(self, "quiz-all-right")
    }

    fn quiz_no_choice(&self) -> &'static str {
        text!(self, "quiz-no-choice")
    }

    fn factor_found_by_words(&self, query: &str, id: &str) -> String {
        say!(
            self,
            "factor-found-by-words",
            query = &self.quote(query),
            id = id
        )
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

    fn unit_label(&self, unit: &crate::rules::Unit) -> String {
        self.unit_name(unit)
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
