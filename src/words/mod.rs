//! Every sentence a person reads, in one place. The engine, the rule loader, the notation
//! parser and the answer reader return data (statuses, evaluated conditions, problems with
//! codes); this module turns that data into text in the language chosen once at start-up,
//! like the color decision.
//!
//! What a language says, and in which order, is in its Fluent catalogs
//! (`locales/<tag>/*.ftl`, loaded by [`crate::locale`]); [`Words`] has one implementation
//! (`say.rs`) that picks the message and its values. What is the same in every language
//! (walking a condition tree, choosing which comparisons decided a factor) is written once
//! here.

mod say;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::{LazyLock, OnceLock};

use crate::answers::{Answer, RecordId};
use crate::engine::{Evaluated, Status, Truth};
use crate::notation;
use crate::problem::{InputProblem, NotationError, RecordProblem, RuleProblem, Usage};
use crate::rules::{Condition, NumberSpec, Op, QuestionKind, RuleSet, Target};

pub use crate::locale::{Lang, negotiate, negotiate_with_region, requested_by_environment};

/// Every language, with its tag and its words, in the order of [`crate::locale::LANGUAGES`]
/// (where a new language is registered).
pub static LANGUAGES: LazyLock<Vec<(Lang, &'static str, &'static dyn Words)>> =
    LazyLock::new(|| {
        crate::locale::LANGUAGES
            .iter()
            .map(|l| (l.lang, l.tag, &l.lang as &'static dyn Words))
            .collect()
    });

static CHOSEN: OnceLock<(Lang, &'static dyn Words)> = OnceLock::new();

/// Chooses the language of the run; only the first choice counts.
pub fn choose(lang: Lang) {
    let _ = CHOSEN.set((lang, &lang.language().lang));
}

thread_local! {
    /// The language of what this thread is saying now, when it is not the run's: a page of
    /// `cp-screen serve`, made in the language its request asked for.
    static SCOPED: std::cell::Cell<Option<Lang>> = const { std::cell::Cell::new(None) };
}

/// Runs `f` with `lang` as the language of every sentence this thread says, then puts the
/// previous one back (also when `f` panics). For a server that answers each request in
/// its own language; `f` must not hand work to other threads.
pub fn in_language<R>(lang: Lang, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<Lang>);
    impl Drop for Restore {
        fn drop(&mut self) {
            SCOPED.with(|s| s.set(self.0));
        }
    }
    let _restore = Restore(SCOPED.with(|s| s.replace(Some(lang))));
    f()
}

/// The language of the run (English until one is chosen), or of [`in_language`].
pub fn chosen() -> Lang {
    if let Some(lang) = SCOPED.with(std::cell::Cell::get) {
        return lang;
    }
    CHOSEN.get().map_or(Lang::En, |(lang, _)| *lang)
}

/// The words of the chosen language (English until one is chosen), or of
/// [`in_language`]. Called for every sentence, so it is a thread-local read and one
/// atomic load.
pub fn get() -> &'static dyn Words {
    if let Some(lang) = SCOPED.with(std::cell::Cell::get) {
        return &lang.language().lang;
    }
    CHOSEN.get().map_or(&Lang::En, |(_, words)| *words)
}

/// The language of a run: `tag` (`--lang`), else what the environment asks for, else
/// English. Decided once, at the edge (`app`, `api`).
pub fn decide(tag: Option<&str>) -> Result<Lang, crate::problem::Usage> {
    decide_with_region(tag).map(|(lang, _)| lang)
}

/// [`decide`], with the region of the tag that chose the language (`zh-TW`: `TW`), which
/// says what a bare 斤 weighs; `None` when the tag names none (`en`, `zh-Hant`).
pub fn decide_with_region(
    tag: Option<&str>,
) -> Result<(Lang, Option<String>), crate::problem::Usage> {
    match tag {
        Some(tag) => negotiate_with_region(&[tag.to_string()]).ok_or_else(|| {
            crate::problem::Usage::NoSuchLanguage {
                tag: tag.to_string(),
                known: LANGUAGES.iter().map(|(_, t, _)| t.to_string()).collect(),
            }
        }),
        None => {
            let requested = requested_by_environment(|name| std::env::var(name).ok());
            Ok(negotiate_with_region(&requested).unwrap_or((Lang::En, None)))
        }
    }
}

/// The region of the run (`--region`, else the one of the language's tag), for the rule
/// sets loaded at the edge; only the first choice counts.
pub fn choose_region(region: Option<String>) {
    let _ = REGION.set(region);
}

/// The region of the run, if one was chosen and known.
pub fn region() -> Option<&'static str> {
    REGION.get().and_then(|r| r.as_deref())
}

static REGION: OnceLock<Option<String>> = OnceLock::new();

/// Where a record (and a field of it) was in the input, for messages.
#[derive(Debug, Clone, Default)]
pub struct Place<'a> {
    pub file: Option<&'a str>,
    pub record: u64,
    pub line: Option<u64>,
    pub id: Option<String>,
    pub field: Option<&'a str>,
}

/// Things counted in messages: a language makes "1 record" / "2 records" its own way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Noun {
    Record,
    Error,
    Problem,
    Cell,
    Column,
    Section,
    Question,
    Factor,
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

/// How many of a record's factors have each status, for its report's heading.
#[derive(Debug, Clone, Copy)]
pub struct FactorCounts {
    pub present: usize,
    pub total: usize,
    pub absent: usize,
    pub not_assessed: usize,
    pub not_applicable: usize,
}

/// A line of the quiz's verdict: which chosen factors were right, which present ones were
/// missed, which chosen ones are absent, and which cannot be assessed from the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuizLine {
    Right,
    Missed,
    Absent,
    NotAssessed,
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
    UnitsRead,
    HowDecided,
    CorrectAndRescreen,
    ReadAsUnknown,
    SummaryNote,
    SummaryFactor,
    SummaryPresent,
    SummaryNotAssessed,
    SummaryNotApplicable,
    NotApplicableList,
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
    MenuKeys,
    // teaching
    FactorsFooter,
    Guidance,
    PageSubtitle,
    FactorsPresent,
    AnswersGiven,
    NoRecords,
    FollowUpCard,
    ChartTitle,
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
    /// The heading of a run's only report: "Screening result", with the record's id.
    fn result_heading(&self, id: Option<&RecordId>) -> String;
    /// A record's heading: "Record 3 · id r3 · line 4", with the file when there are several.
    fn record_heading(
        &self,
        record: u64,
        id: Option<&RecordId>,
        file: Option<&str>,
        line: Option<u64>,
    ) -> String {
        let mut heading = String::with_capacity(64);
        self.record_heading_into(&mut heading, record, id, file, line);
        heading
    }
    /// `record_heading(..)`, appended to `out` (a report's page writes it straight in).
    fn record_heading_into(
        &self,
        out: &mut String,
        record: u64,
        id: Option<&RecordId>,
        file: Option<&str>,
        line: Option<u64>,
    );
    fn factor_counts(&self, counts: FactorCounts) -> String;
    fn nothing_found_but(&self, not_assessed: usize, total: usize) -> String;
    fn tier_note(&self, tier: &str) -> String;
    /// What a present factor includes, after its name in a report for people: "(includes:
    /// born before 37 weeks)". `names` are the included factors' names as the rule file
    /// writes them.
    fn includes_note(&self, names: &[String]) -> String;
    fn quoted_source(&self, words: &str) -> String;
    /// The source's words with the document they come from.
    fn quoted_source_in(&self, words: &str, document: &str) -> String;
    fn rules_footer(&self, tag: &str, hash: &str) -> String;
    fn not_screened(&self, errors: usize) -> String;
    fn summary_line(&self, read: u64, screened: u64, invalid: u64, tag: &str, hash: &str)
    -> String;
    fn invalid_records(&self, invalid: u64, read: u64) -> String;
    /// The heading of one outcome's counts in a summary by an outcome (`--summary-by`).
    fn summary_group(&self, column: &str, value: &str, screened: u64, invalid: u64) -> String;
    /// How many screened records had answers that failed their check and were read as
    /// unknown (`--field-errors not-assessed`), with the count of each error code.
    fn summary_field_errors(&self, records: u64, codes: &str) -> String;

    // ---- problems
    fn record_problem(&self, rules: &RuleSet, problem: &RecordProblem) -> String;
    /// A problem of a FHIR QuestionnaireResponse or of one of its answers.
    fn fhir_problem(&self, problem: &crate::problem::FhirProblem) -> String;
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
    /// A decimal value split into the whole unit and the `+` unit: "31.5 weeks (31 weeks
    /// 3.5 days)", so that 31.5 meant as 31 weeks 5 days is caught.
    fn echo_split(&self, understood: &str, whole: &str, part: &str) -> String;
    /// A value with the assumptions of the units it was written in: "3100 g, assuming
    /// 1 斤 = 500 g and 1 两 = 50 g".
    fn with_assumptions(&self, understood: &str, notes: &[&str]) -> String;
    /// A text and a note in brackets after it: "Born before 32 weeks (most important)";
    /// a language decides whether a space goes between.
    fn join_note(&self, text: &str, note: &str) -> String;
    /// A factor's id where people read it (tables, explanations), with its name beside it
    /// in a language whose readers do not read the English ids as words.
    fn id_with_name(&self, id: &str, name: &str) -> String;
    /// An id and what it names or says ("birth_asphyxia: Asphyxia at birth"), with the
    /// language's colon; with an empty `text`, the id as a label before a message.
    fn id_and_text(&self, id: &str, text: &str) -> String;
    /// An error that ends a command, as standard error shows it ("cp-screen: error: …").
    fn error_line(&self, message: &str) -> String;
    /// An answer in the review, after its question's number: "Birth weight: 1850 g".
    fn review_answer(&self, label: &str, answer: &str) -> String;
    /// Said where a conditional question is passed over: its number, and when it is asked.
    fn question_skipped(&self, n: usize, condition: &str) -> String;
    /// Under an arrow-key menu nobody has touched yet: what Enter chooses.
    fn menu_enter(&self, item: &str) -> String;
    fn saved_to(&self, path: &str) -> String;
    /// `ask --report FILE`: where the printable page went.
    fn report_written_to(&self, path: &str) -> String;
    fn plain_choose(&self, items: usize, default: usize, default_item: &str) -> String;
    /// A plain menu whose Enter chooses an item named by a word (the review's Confirm).
    fn plain_choose_key(&self, items: usize, key: &str, default_item: &str) -> String;
    /// Said on a plain menu when the line typed chooses nothing; `words` are the words
    /// that also choose an item.
    fn plain_not_a_choice(&self, typed: &str, items: usize, words: &[&str]) -> String;
    fn plain_keep(&self, initial: &str) -> String;

    // ---- embedded rule sets: `rules list`, `rules compare`, follow-up, confidence
    fn rule_sets_heading(&self) -> String;
    /// "cerebral-palsy (the default; also: source)".
    fn rule_set_name(&self, name: &str, aliases: &[&str], default: bool) -> String;
    fn rule_set_counts(&self, factors: usize, questions: usize, hash: &str) -> String;
    /// "cerebral-palsy@1.1.0: Documented risk factors of cerebral palsy".
    fn rule_set_title(&self, tag: &str, title: &str) -> String;
    fn compare_heading(&self, a: &str, a_factors: usize, b: &str, b_factors: usize) -> String;
    fn compare_same(&self) -> String;
    fn compare_differ(&self, b: &str) -> String;
    /// Factors of `a` with no counterpart in `b`.
    fn compare_only_in(&self, a: &str, b: &str) -> String;
    fn compare_follow_up(&self, tag: &str, factors: &[&str]) -> String;
    fn compare_note(&self) -> String;
    /// "Follow-up: ..." on a factor page: the follow-up sentence's reason.
    fn follow_up_place(&self, why: &str) -> String;
    /// A conditional question: "Asked only when twin, triplet or more: yes; ...".
    fn asked_only_when(&self, condition: &str) -> String;
    /// "Confidence: moderate (acts mainly through ...)".
    fn confidence(&self, level: crate::rules::ConfidenceLevel, note: Option<&str>) -> String;

    // ---- pages: the printable report, handouts, the cohort chart
    /// "Printed 2026-11-26 · rules cerebral-palsy@1.1.0 (sha256:...)".
    fn page_meta(&self, date: &str, tag: &str, hash: &str) -> String;
    /// A translation of the source's words, marked as one: "(translation: ...)".
    fn translated(&self, text: &str) -> String;
    /// Between the names of a list of factors: ", ".
    fn list_separator(&self) -> &'static str;
    /// "10 records read, 8 screened, 2 invalid".
    fn chart_totals(&self, read: u64, screened: u64, invalid: u64) -> String;
    /// A bar segment's title: "Born before 32 weeks: present in 3 of 8 screened records (38%)".
    fn chart_segment(&self, factor: &str, status: &str, n: u64, of: u64, percent: &str) -> String;

    // ---- the questionnaire and the command line as a newcomer finds them (issue #15)
    /// The words that choose a menu item in plain mode, or a command at a number prompt
    /// ("back", "?"); lower case, matched without regard to case.
    fn shortcuts(&self, s: Shortcut) -> &'static [&'static str];
    /// The prompt of a menu whose question is shown above it because it is too wide for
    /// one line of the terminal.
    fn short_prompt(&self) -> &'static str;
    /// An out-of-range plain number that would be plausible in another unit:
    /// "did you mean 1.85 kg?".
    fn did_you_mean_unit(&self, written: &[String]) -> String;
    /// The saved record's id, after "Answers saved to ...".
    fn saved_with_id(&self, path: &str, id: &str) -> String;
    /// The stderr note of a run that read no record at all (not an error).
    fn no_records(&self, inputs: &[String]) -> String;
    /// `cp-screen factors QUERY` found the query in these factor ids and names.
    fn factor_matches(&self, ids: &[String]) -> String;
    /// The man page sections clap does not make: (title, paragraphs); a paragraph
    /// starting with "$ " is an example command, one with "  " an indented item.
    fn man_sections(&self) -> Vec<(&'static str, Vec<String>)>;
    /// The quiz: the question put to the learner, the prompt for the factors chosen (by
    /// number, 1 to `factors`), a choice that names none, and what the choice got right.
    fn quiz_question(&self, factors: usize) -> String;
    fn quiz_prompt(&self, factors: usize) -> String;
    fn quiz_bad_choice(&self, text: &str, factors: usize) -> String;
    fn quiz_verdict(&self, line: QuizLine, factors: &str) -> String;
    fn quiz_all_right(&self) -> &'static str;
    fn quiz_no_choice(&self) -> &'static str;
    /// `factors WORDS` found one factor by its words, not by its id: which one is shown.
    fn factor_found_by_words(&self, query: &str, id: &str) -> String;
    /// Where a record was, for a FHIR OperationOutcome's `diagnostics`: "file answers.ndjson,
    /// record 3, line 7, field \"x\", id \"r1\"".
    fn fhir_place(&self, place: &Place<'_>) -> String;
    /// The help of a number question in an exported FHIR Questionnaire, whose field takes
    /// a plain number only: its unit and range, and `example` (`31+4`, `31.57`) showing a
    /// mixed notation as the decimal to type.
    fn form_number_help(
        &self,
        unit: &str,
        min: f64,
        max: f64,
        example: Option<(&str, &str)>,
    ) -> String;

    // ---- added for issue 16 (hardening II) ----
    /// After the first `shown` problems of a rule file, when there are `total`.
    fn more_rule_problems(&self, shown: usize, total: usize) -> String;
    /// A unit's name in this language's script where the rule file gives one ("天" in
    /// Chinese, "days" in English): for echoes such as "31 weeks 3.5 days".
    fn unit_label(&self, unit: &crate::rules::Unit) -> String;
}

/// Choices that can also be typed as a word in plain mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortcut {
    Yes,
    No,
    DontKnow,
    Help,
    Back,
    Confirm,
}

// ---- what is the same in every language ---------------------------------------------------

/// Whether input refused as not JSON looks like a CSV header (its first line holds
/// separators), so that the message can say how to read it as CSV.
pub fn looks_like_csv(line: u64, json_value: bool, shown: &str) -> bool {
    line == 1 && !json_value && shown.contains([',', ';', '\t'])
}

/// A factor's name with its tier: "Born before 32 weeks (most important)".
pub fn name_and_tier(rules: &RuleSet, factor: &crate::rules::Factor) -> String {
    let w = get();
    w.join_note(&factor.name, &w.tier_note(&rules.tiers[factor.tier].title))
}

/// A present factor as a report for people shows it: its name, its tier, and the present
/// factors it includes (`included`, indexes into the rule set's factors), if any.
pub fn name_tier_and_includes(
    rules: &RuleSet,
    factor: &crate::rules::Factor,
    included: &[usize],
) -> String {
    let text = name_and_tier(rules, factor);
    if included.is_empty() {
        return text;
    }
    let w = get();
    let names: Vec<String> = included
        .iter()
        .map(|&i| rules.factors[i].name.clone())
        .collect();
    w.join_note(&text, &w.includes_note(&names))
}

/// The source's own words, quoted, with their translation beside them when the run's
/// language is not the source's: "“Gestational age less than 32 weeks”（中文译文：…）".
pub fn source_words(factor: &crate::rules::Factor) -> String {
    let w = get();
    let quoted = w.quoted_source(&factor.source_words);
    match &factor.source_words_translation {
        Some(t) => w.join_note(&quoted, &w.translated(t)),
        None => quoted,
    }
}

/// Adds to `understood` the assumption of every unit with a note that `written` uses:
/// "3100 g (assuming 1 斤 = 500 g, the mainland 市斤)".
pub fn with_assumptions(understood: &mut String, written: &str, spec: &NumberSpec) {
    if spec.units.iter().all(|u| u.note.is_none()) {
        return;
    }
    let notes = notation::notes_used(written, spec);
    if !notes.is_empty() {
        let w = get();
        *understood = w.with_assumptions(understood, &notes);
    }
}

/// Each number answer of `result` written with a unit whose size is an assumption (a 斤),
/// with its question and what it was read as: "birth weight 3斤8兩 (2100 g, assuming a
/// 台斤 of 600 g and a 台兩 of 37.5 g)". For reports, which state the assumption even
/// when no factor shows the answer.
pub fn assumed_answers(rules: &RuleSet, answers: &[Answer]) -> Vec<String> {
    crate::answers::assumed_units(rules, answers)
        .map(|(q, answer, _)| format!("{} {}", q.label, self::answer(rules, q.index, answer)))
        .collect()
}

/// What was understood of a typed number, said back when it is not exactly what was typed
/// ("31+4 = 31.57 weeks"; a plain number gets its unit: "1850 = 1850 g"), or `None`. `said`
/// is the typed text, trimmed and escaped. The terminal questionnaire and the browser's
/// pages say the same.
pub fn number_echo(said: &str, value: f64, spec: &NumberSpec) -> Option<String> {
    let w = get();
    let mut understood = notation::with_unit(value, spec);
    with_assumptions(&mut understood, said, spec);
    // "31.5" may be meant as 31 weeks 5 days: say it is 31 weeks 3.5 days.
    if let (Some(plus), Ok(_)) = (spec.plus_unit, said.parse::<f64>())
        && value.fract() != 0.0
    {
        let unit = &spec.units[plus];
        let part = value.fract() / unit.size;
        understood = w.echo_split(
            &understood,
            &format!("{} {}", value.trunc(), spec.unit),
            &format!(
                "{} {}",
                notation::format_under(part, 1.0 / unit.size, 2),
                w.unit_label(unit)
            ),
        );
    }
    let shown = if said.parse::<f64>().is_ok() {
        said.to_string()
    } else {
        said_with_unit(said, spec).into_owned()
    };
    // "1850克 = 1850 克" says nothing: spaces alone do not make an echo.
    let spaceless = |t: &str| t.replace(' ', "");
    (spaceless(&shown) != spaceless(&understood)).then(|| w.echo(&shown, &understood))
}

/// An answer in words: "30+4 weeks (30.6 weeks)", "yes", "unknown".
pub fn answer(rules: &RuleSet, question: usize, answer: &Answer) -> String {
    let mut out = String::new();
    push_answer(&mut out, rules, question, answer);
    out
}

/// `answer(..)` without the units' assumptions ("6斤2两 (3100 g)"), for the
/// questionnaire's review: its echo said them when the answer was typed, and a menu item
/// has one line.
pub fn brief_answer(rules: &RuleSet, question: usize, answer: &Answer) -> String {
    let mut out = String::new();
    push_answer_with(&mut out, rules, question, answer, false);
    out
}

/// Appends `answer(..)` to `out`.
pub fn push_answer(out: &mut String, rules: &RuleSet, question: usize, answer: &Answer) {
    push_answer_with(out, rules, question, answer, true);
}

fn push_answer_with(
    out: &mut String,
    rules: &RuleSet,
    question: usize,
    answer: &Answer,
    assumptions: bool,
) {
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
    // A batch says the same notations again and again ("2 lb 6 oz (1077 g)").
    let language = chosen() as usize;
    let way = (question, assumptions);
    crate::answers::say_kept(out, way, written, (language, value.to_bits()), |out| {
        push_written_answer(out, w, spec, value, written, assumptions);
    });
}

/// `push_answer_with` for a number answered in a notation (`written`).
fn push_written_answer(
    out: &mut String,
    w: &dyn Words,
    spec: &NumberSpec,
    value: f64,
    written: &str,
    assumptions: bool,
) {
    // "31周4天。": the full stop that ends a Chinese sentence is not part of the number.
    let written = crate::sanitize::escape_control(written.trim().trim_end_matches('。').trim_end());
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
        if assumptions {
            with_assumptions(&mut canonical, &written, spec);
        }
        let said = said_with_unit(&written, spec);
        let spaced = |c: &char| *c != ' ';
        if said
            .chars()
            .filter(spaced)
            .eq(canonical.chars().filter(spaced))
        {
            // "1850 g" written as "1850 g" (or "1850克" as "1850 克"): say it once.
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

/// The because-clause of a factor whose whole condition is one comparison of a number,
/// as the words before the answer and the words after it: `because` of such a factor is
/// `before`, the answer (`push_answer`), then `after`, whatever the answer. `None` where
/// the chosen language's clause does not name the answer exactly once.
pub fn because_around_answer(rules: &RuleSet, condition: &Condition) -> Option<(String, String)> {
    let Condition::Compare {
        question,
        op,
        value,
    } = condition
    else {
        return None;
    };
    let q = &rules.questions[*question];
    if !matches!(q.kind, QuestionKind::Number(_)) {
        return None;
    }
    let parts = get().because_clause(true);
    if parts.iter().filter(|p| matches!(p, Clause::Answer)).count() != 1 {
        return None;
    }
    let (mut before, mut after) = (String::new(), String::new());
    let mut out = &mut before;
    for part in parts {
        match part {
            Clause::Label => out.push_str(&q.label),
            Clause::Answer => out = &mut after,
            Clause::Target => push_target(out, rules, *question, *op, *value, false),
            Clause::Text(text) => out.push_str(text),
        }
    }
    Some((before, after))
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
