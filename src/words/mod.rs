//! Every sentence a person reads, in one place. The engine, the rule loader, the notation
//! parser and the answer reader return data (statuses, evaluated conditions, problems with
//! codes); this module turns that data into text in the language chosen once at start-up,
//! like the color decision.
//!
//! A language is one file implementing [`Words`] plus one line in [`LANGUAGES`]. What is
//! the same in every language (walking a condition tree, choosing which comparisons
//! decided a factor) is written once here; what a language says and in which order is in
//! its file.

mod en;

use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::OnceLock;

use crate::answers::{Answer, RecordId};
use crate::engine::{Evaluated, Status, Truth};
use crate::notation;
use crate::problem::{InputProblem, NotationError, RecordProblem, RuleProblem, Usage};
use crate::rules::{Condition, NumberSpec, Op, QuestionKind, RuleSet, Target};

/// A language cp-screen speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
}

/// Every language, with its tag and its words. A new language is registered here.
pub const LANGUAGES: &[(Lang, &str, &dyn Words)] = &[(Lang::En, "en", &en::English)];

static CHOSEN: OnceLock<&'static dyn Words> = OnceLock::new();

/// Chooses the language of the run; only the first choice counts.
pub fn choose(lang: Lang) {
    if let Some((_, _, words)) = LANGUAGES.iter().find(|(l, _, _)| *l == lang) {
        let _ = CHOSEN.set(*words);
    }
}

/// The words of the chosen language (English until one is chosen). Called for every
/// sentence, so it is one atomic load.
pub fn get() -> &'static dyn Words {
    CHOSEN.get().copied().unwrap_or(&en::English)
}

/// Things counted in messages: a language makes "1 record" / "2 records" its own way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Noun {
    Record,
    Error,
    Problem,
}

/// A part of a because-clause, in the order a language puts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clause {
    /// The question's label: "birth weight".
    Label,
    /// The answer: "1.85 kg (1850 g)".
    Answer,
    /// What it was compared with: "under 2000 g" (number questions only).
    Target,
    Text(&'static str),
}

/// Fixed phrases: labels, headings, menu items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phrase {
    // reports
    NothingFound,
    Because,
    Source,
    NotAssessedList,
    AbsentList,
    HowDecided,
    CorrectAndRescreen,
    SummaryNote,
    SummaryFactor,
    SummaryPresent,
    SummaryNotAssessed,
    SummaryAbsent,
    // questionnaire
    YourResult,
    AlwaysDontKnow,
    YourAnswer,
    Yes,
    No,
    DontKnow,
    Help,
    Back,
    ReviewHeading,
    Confirm,
    ReviewPrompt,
    Interrupted,
    // teaching
    FactorsFooter,
    TableFactor,
    TableTier,
    TablePresentWhen,
    TableSourceWords,
    WhatItMeans,
    QuestionAsked,
    PresentWhen,
    SourceWords,
    ReadingUsed,
    OtherReading,
    Literature,
    Codes,
    YesNoAnswers,
    UnknownNotAbsent,
    NoStudy,
    FollowUpNote,
    WorkedExamples,
    DemoFooter,
    WhatItReports,
    TeachingNote,
}

/// What one language says. Every method returns or appends text for people; ids, codes
/// and statuses never pass through here.
pub trait Words: Sync {
    fn phrase(&self, p: Phrase) -> &'static str;
    /// "1 record", "3 errors".
    fn count(&self, n: u64, noun: Noun) -> String;
    /// "a, b and c".
    fn list(&self, items: &[String]) -> String;
    /// Quotes text for a message, shortened and escaped: `"abc"`.
    fn quote(&self, text: &str) -> String;

    // ---- answers and conditions
    fn answer_word(&self, answer: &Answer) -> &'static str;
    fn op(&self, op: Op, negated: bool) -> &'static str;
    /// A yes/no target, maybe negated: "yes", "not no".
    fn yes_no_target(&self, want: bool, negated: bool) -> String;
    /// The singular of the base unit ("week"), for "a whole week or more".
    fn unit_one(&self, spec: &NumberSpec) -> String;
    /// Appends "30+4 weeks (30.6 weeks)": as written, then as understood.
    fn written_and_understood(&self, out: &mut String, written: &str, understood: &str);
    /// The order of one comparison of a because-clause, "birth weight 1850 g: under
    /// 2000 g", for a number question or a yes/no one. A pattern rather than a finished
    /// string: this runs for every factor present in every record, and the parts are
    /// written straight into the output.
    fn because_clause(&self, number: bool) -> &'static [Clause];
    fn clause_separator(&self) -> &'static str;
    /// One comparison described: "gestational age at birth under 32 weeks".
    fn describe_compare(&self, label: &str, number: bool, equals: bool, target: &str) -> String;
    fn describe_group(&self, all: bool, parts: &[String]) -> String;
    fn describe_not(&self, inner: &str) -> String;
    /// One line of `--explain`: "gestational_age_weeks = 33 weeks: not under 32 weeks".
    fn explain_compare(&self, question: &str, answer: &str, test: &str, truth: Truth) -> String;
    fn explain_group(&self, all: bool, truth: Truth) -> String;
    fn explain_not(&self, truth: Truth) -> String;
    fn explain_factor(&self, factor: &str, status: Status) -> String;

    // ---- reports
    fn record_heading(
        &self,
        record: u64,
        id: Option<&RecordId>,
        file: Option<&str>,
        line: Option<u64>,
    ) -> String;
    fn factor_counts(&self, present: usize, total: usize, absent: usize, unknown: usize) -> String;
    fn nothing_found_but(&self, not_assessed: usize, total: usize) -> String;
    fn tier_note(&self, tier: &str) -> String;
    fn quoted_source(&self, words: &str) -> String;
    /// The source's words with the document they come from.
    fn quoted_source_in(&self, words: &str, document: &str) -> String;
    fn rules_footer(&self, tag: &str, hash: &str) -> String;
    fn not_screened(&self, errors: usize) -> String;
    fn summary_line(&self, read: u64, screened: u64, invalid: u64, tag: &str, hash: &str)
    -> String;
    fn invalid_records(&self, invalid: u64, read: u64) -> String;

    // ---- problems
    fn record_problem(&self, rules: &RuleSet, problem: &RecordProblem) -> String;
    fn notation_error(&self, spec: &NumberSpec, error: &NotationError) -> String;
    fn rule_problem(&self, problem: &RuleProblem) -> String;
    fn invalid_rule_file(&self, file: &str, problems: &[String]) -> String;
    fn input_problem(&self, name: &str, problem: &InputProblem) -> String;
    fn usage(&self, usage: &Usage) -> String;
    fn cannot_read(&self, what: &str, rules_file: bool, why: &str) -> String;
    fn cannot_write(&self, what: &str, why: &str) -> String;
    fn input_ended(&self) -> String;

    // ---- rule sets, factors, examples
    fn rules_valid(&self, shown: &str, tag: &str, title: &str) -> String;
    fn rules_counts(
        &self,
        sections: usize,
        questions: usize,
        numeric: usize,
        factors: usize,
    ) -> String;
    fn factors_title(&self, tag: &str, hash: &str) -> String;
    fn source_line(&self, title: &str, kind: Option<&str>) -> String;
    fn factor_place(&self, section: &str, tier: &str, follow_up: bool) -> String;
    fn number_answers(&self, spec: &NumberSpec) -> String;
    fn citation(&self, text: &str, citation: Option<&str>) -> String;
    fn worked_example(&self, title: &str) -> String;
    fn demo_record_intro(&self, name: &str) -> String;
    /// "for example 31+4, 31w4d" (the accepted forms of a number question).
    fn forms(&self, spec: &NumberSpec) -> String;
    /// "20 to 45 weeks".
    fn range(&self, spec: &NumberSpec) -> String;

    // ---- the questionnaire
    fn intro(&self, questions: usize, sections: &[String]) -> String;
    fn section_heading(&self, title: &str) -> String;
    /// A question with where it stands: "Birth, question 9 of 16: How many weeks ...?".
    fn question_line(&self, section: &str, n: usize, total: usize, text: &str) -> String;
    fn number_hint(&self, spec: &NumberSpec, can_go_back: bool) -> String;
    fn reprompt(&self, why: &str, spec: &NumberSpec) -> String;
    fn echo(&self, said: &str, understood: &str) -> String;
    fn review_item(&self, n: usize, label: &str, answer: &str) -> String;
    fn saved_to(&self, path: &str) -> String;
    fn plain_choose(&self, items: usize, default: usize, default_item: &str) -> String;
    fn plain_not_a_choice(&self, typed: &str, items: usize) -> String;
    fn plain_keep(&self, initial: &str) -> String;

    // ---- added for issue 16 (hardening II) ----
    /// After the first `shown` problems of a rule file, when there are `total`.
    fn more_rule_problems(&self, shown: usize, total: usize) -> String;
    /// `--summary-file` or output could not be written because stdout is closed.
    fn stdout_closed(&self) -> String;
}

// ---- what is the same in every language ---------------------------------------------------

/// An answer in words: "30+4 weeks (30.6 weeks)", "yes", "unknown".
pub fn answer(rules: &RuleSet, question: usize, answer: &Answer) -> String {
    let mut out = String::new();
    push_answer(&mut out, rules, question, answer);
    out
}

/// Appends `answer(..)` to `out`.
pub fn push_answer(out: &mut String, rules: &RuleSet, question: usize, answer: &Answer) {
    let w = get();
    let (value, written) = match answer {
        Answer::Number { value, written } => (*value, written),
        other => return out.push_str(w.answer_word(other)),
    };
    let QuestionKind::Number(spec) = &rules.questions[question].kind else {
        return notation::push_plain(out, value, 2);
    };
    let Some(written) = written else {
        return notation::push_with_unit(out, value, spec);
    };
    let written = crate::sanitize::escape_control(written.trim());
    if written.parse::<f64>().ok() == Some(value) {
        // A plain number in the base unit says nothing the canonical form does not.
        return notation::push_with_unit(out, value, spec);
    }
    thread_local! {
        // The value as understood, in a buffer reused across answers.
        static CANONICAL: RefCell<String> = const { RefCell::new(String::new()) };
    }
    CANONICAL.with(|c| {
        let mut canonical = c.borrow_mut();
        canonical.clear();
        notation::push_with_unit(&mut canonical, value, spec);
        let said = said_with_unit(&written, spec);
        if *said == *canonical {
            // "1850 g" written as "1850 g": say it once.
            out.push_str(&said);
        } else {
            w.written_and_understood(out, &said, &canonical);
        }
    });
}

/// What the person wrote, with the base unit added when they wrote none ("30+4 weeks").
pub fn said_with_unit<'a>(written: &'a str, spec: &NumberSpec) -> Cow<'a, str> {
    if written.chars().any(char::is_alphabetic) {
        Cow::Borrowed(written)
    } else {
        Cow::Owned(format!("{written} {}", spec.unit))
    }
}

/// A comparison's target in words: "under 32 weeks", "yes", "not yes".
pub fn target(rules: &RuleSet, question: usize, op: Op, value: Target, negated: bool) -> String {
    let mut out = String::new();
    push_target(&mut out, rules, question, op, value, negated);
    out
}

/// Appends `target(..)` to `out`.
fn push_target(
    out: &mut String,
    rules: &RuleSet,
    question: usize,
    op: Op,
    value: Target,
    negated: bool,
) {
    let w = get();
    match (value, &rules.questions[question].kind) {
        (Target::YesNo(b), _) => out.push_str(&w.yes_no_target(b, negated)),
        (Target::Number(n), kind) => {
            if op != Op::Equals || negated {
                out.push_str(w.op(op, negated));
                out.push(' ');
            }
            notation::push_plain(out, n, 6);
            if let QuestionKind::Number(spec) = kind {
                out.push(' ');
                out.push_str(&spec.unit);
            }
        }
    }
}

/// Why a present factor matched: each comparison that decided the outcome, as
/// "gestational age at birth 30+4 weeks (30.6 weeks): under 32 weeks".
pub fn because(rules: &RuleSet, evaluated: &Evaluated<'_>) -> String {
    let mut out = String::with_capacity(96);
    because_into(&mut out, rules, evaluated);
    out
}

/// `because`, written into `out` (cleared first) so that a caller can reuse one buffer.
pub fn because_into(out: &mut String, rules: &RuleSet, evaluated: &Evaluated<'_>) {
    out.clear();
    collect_because(out, rules, evaluated, false);
}

fn collect_because(out: &mut String, rules: &RuleSet, e: &Evaluated<'_>, negated: bool) {
    let w = get();
    match e {
        Evaluated::Compare {
            question,
            op,
            target: t,
            answer: a,
            ..
        } => {
            let q = &rules.questions[*question];
            if !out.is_empty() {
                out.push_str(w.clause_separator());
            }
            let number = matches!(q.kind, QuestionKind::Number(_));
            for part in w.because_clause(number) {
                match part {
                    Clause::Label => out.push_str(&q.label),
                    Clause::Answer => push_answer(out, rules, *question, a),
                    Clause::Target => push_target(out, rules, *question, *op, *t, negated),
                    Clause::Text(text) => out.push_str(text),
                }
            }
        }
        Evaluated::All(parts, _) | Evaluated::Any(parts, _) => {
            // Name only the parts that decided the outcome.
            let wanted = if negated { Truth::False } else { Truth::True };
            for p in parts.iter().filter(|p| p.truth() == wanted) {
                collect_because(out, rules, p, negated);
            }
        }
        Evaluated::Not(inner, _) => collect_because(out, rules, inner, !negated),
    }
}

/// A condition in plain words, in the same wording as the because-clauses: "gestational
/// age at birth under 32 weeks".
pub fn describe(rules: &RuleSet, condition: &Condition) -> String {
    let w = get();
    match condition {
        Condition::Compare {
            question,
            op,
            value,
        } => {
            let q = &rules.questions[*question];
            let number = matches!(q.kind, QuestionKind::Number(_));
            let t = target(rules, *question, *op, *value, false);
            w.describe_compare(&q.label, number, *op == Op::Equals, &t)
        }
        Condition::All(parts) | Condition::Any(parts) => {
            let parts: Vec<String> = parts.iter().map(|p| describe(rules, p)).collect();
            w.describe_group(matches!(condition, Condition::All(_)), &parts)
        }
        Condition::Not(inner) => w.describe_not(&describe(rules, inner)),
    }
}

/// One comparison of an evaluated tree as (answer, test) words, for explanations.
pub fn step_words(rules: &RuleSet, e: &Evaluated<'_>) -> Option<(String, String)> {
    let Evaluated::Compare {
        question,
        op,
        target: t,
        answer: a,
        ..
    } = e
    else {
        return None;
    };
    Some((
        answer(rules, *question, a),
        target(rules, *question, *op, *t, false),
    ))
}

/// `--explain` for one factor: a line per node with its depth (0 for the whole condition).
pub fn explain_lines(
    rules: &RuleSet,
    e: &Evaluated<'_>,
    depth: usize,
    out: &mut Vec<(usize, String)>,
) {
    let w = get();
    match e {
        Evaluated::Compare {
            question, truth, ..
        } => {
            let (a, t) = step_words(rules, e).unwrap_or_default();
            let id = &rules.questions[*question].id;
            out.push((depth, w.explain_compare(id, &a, &t, *truth)));
        }
        Evaluated::All(parts, truth) | Evaluated::Any(parts, truth) => {
            let all = matches!(e, Evaluated::All(..));
            out.push((depth, w.explain_group(all, *truth)));
            for p in parts {
                explain_lines(rules, p, depth + 1, out);
            }
        }
        Evaluated::Not(inner, truth) => {
            out.push((depth, w.explain_not(*truth)));
            explain_lines(rules, inner, depth + 1, out);
        }
    }
}
