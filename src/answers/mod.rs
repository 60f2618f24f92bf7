//! Answer records: the one `Answers` type that the questionnaire, JSON and CSV input all
//! produce, and the strict conversion of written values into it. A record's problems are
//! collected as `FieldError`s so that one bad record never stops the others.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::locale::{Meaning, Vocabulary};
use crate::notation;
use crate::problem::{Found, JsonKind, NotationError, RecordProblem};
use crate::rules::{Question, QuestionKind, RuleSet};
use crate::suggest;

mod fhir;
mod flat;
mod mapping;
#[cfg(test)]
mod tests;

pub use fhir::{Identifier, Reference, ResponseRef};
pub use mapping::{
    Codings, Column, MappingFile, REDCAP_CHOICES, REDCAP_RECORD_ID, RedcapExport, missing_columns,
    plan_columns, redcap_export, redcap_label,
};

/// Each number answer written with a unit whose size is an assumption (a 斤: Taiwan's,
/// Hong Kong's or the mainland's, as the parser read it), with its question: for the
/// reports and the JSON result, which say what was assumed even when no factor shows the
/// answer.
pub fn assumed_units<'r>(
    rules: &'r RuleSet,
    answers: &'r [Answer],
) -> impl Iterator<Item = (&'r Question, &'r Answer, Vec<&'r crate::rules::Unit>)> {
    // The answer first: most are no number as written, and a question is large.
    answers
        .iter()
        .zip(&rules.questions)
        .filter_map(|(answer, q)| {
            let Answer::Number {
                written: Some(w), ..
            } = answer
            else {
                return None;
            };
            let QuestionKind::Number(spec) = &q.kind else {
                return None;
            };
            let units = notation::units_used(w, spec);
            (!units.is_empty()).then_some((q, answer, units))
        })
}

/// One question's answer. `Unanswered` (the key is absent) and `Unknown` (null, "unknown",
/// empty) are kept apart for the record, but both make a factor *not assessed*.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Unanswered,
    Unknown,
    Yes,
    No,
    Number {
        value: f64,
        /// The text as the person wrote it ("31+4"), when it was a string.
        written: Option<Box<str>>,
    },
}

impl Answer {
    /// The answers said in a word (unanswered, unknown, yes, no), in the order of
    /// `word_index`.
    pub const WORDS: [Answer; 4] = [Answer::Unanswered, Answer::Unknown, Answer::Yes, Answer::No];

    /// Where the answer is in `WORDS`; `None` for a number.
    pub fn word_index(&self) -> Option<usize> {
        match self {
            Answer::Unanswered => Some(0),
            Answer::Unknown => Some(1),
            Answer::Yes => Some(2),
            Answer::No => Some(3),
            Answer::Number { .. } => None,
        }
    }

    pub fn is_known(&self) -> bool {
        !matches!(self, Answer::Unanswered | Answer::Unknown)
    }
}

/// Answers to every question of a rule set, indexed like `RuleSet::questions`.
#[derive(Debug, Clone, PartialEq)]
pub struct Answers {
    pub values: Vec<Answer>,
}

thread_local! {
    /// The answer lists of records dropped on this thread, to be filled again: a batch
    /// worker reads and drops a record for every line, and allocating each list costs
    /// more than taking one back.
    static SPARE: std::cell::RefCell<Vec<Vec<Answer>>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The most answer lists kept spare per thread, and the longest kept.
const SPARE_MOST: usize = 64;
const SPARE_LONGEST: usize = 256;

impl Answers {
    pub fn unanswered(rules: &RuleSet) -> Answers {
        let mut values = SPARE.with_borrow_mut(Vec::pop).unwrap_or_default();
        values.resize(rules.questions.len(), Answer::Unanswered);
        Answers { values }
    }
}

impl Drop for Answers {
    fn drop(&mut self) {
        let mut values = std::mem::take(&mut self.values);
        if values.capacity() == 0 || values.capacity() > SPARE_LONGEST {
            return;
        }
        values.clear();
        // `try_with`: a record dropped while its thread ends has nowhere to go.
        let _ = SPARE.try_with(|spare| {
            if let Ok(mut spare) = spare.try_borrow_mut()
                && spare.len() < SPARE_MOST
            {
                spare.push(values);
            }
        });
    }
}

thread_local! {
    /// The text of an id that a batch worker has written out (`give_back_id`), to hold
    /// the next record's: nearly every record has an id, and allocating each costs more.
    static SPARE_ID: std::cell::Cell<String> = const { std::cell::Cell::new(String::new()) };
}

/// The longest id text kept to be filled again.
const SPARE_ID_LONGEST: usize = 256;

/// `text` as an owned id, in the spare id's memory when it is borrowed.
fn id_text(text: Cow<'_, str>) -> String {
    match text {
        Cow::Owned(text) => text,
        Cow::Borrowed(text) => {
            let mut id = SPARE_ID.take();
            id.clear();
            id.push_str(text);
            id
        }
    }
}

/// Takes the text id out of a record that is done with, to hold the next record's id
/// read on this thread.
pub(crate) fn give_back_id(record: &mut Record) {
    if let Some(RecordId::Text(id)) = record.id.take()
        && id.capacity() <= SPARE_ID_LONGEST
    {
        SPARE_ID.set(id);
    }
}

/// The record's own id, echoed back as it was given.
#[derive(Debug, Clone, PartialEq)]
pub enum RecordId {
    Text(String),
    Number(IdNumber),
}

/// A numeric id exactly as written (`98765432109876543210` and `1e2` stay so; read as a
/// float they would come back as `9.876543210987654e19` and `100.0`).
#[derive(Debug, Clone, PartialEq)]
pub struct IdNumber(String);

impl IdNumber {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<serde_json::Number> for IdNumber {
    fn from(n: serde_json::Number) -> IdNumber {
        IdNumber(n.to_string())
    }
}

impl From<i32> for IdNumber {
    fn from(n: i32) -> IdNumber {
        IdNumber(n.to_string())
    }
}

impl fmt::Display for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for IdNumber {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Written as the JSON number text it was read from.
        match serde_json::value::RawValue::from_string(self.0.clone()) {
            Ok(raw) => raw.serialize(s),
            Err(_) => s.serialize_str(&self.0),
        }
    }
}

/// The text of a record's numeric `id` as written, read again when serde_json's numbers
/// would change it (a float, or an integer too large for 64 bits).
fn written_id(bytes: &[u8]) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct IdOnly<'a> {
        #[serde(borrow, default)]
        id: Option<&'a serde_json::value::RawValue>,
    }
    let raw = serde_json::from_slice::<IdOnly<'_>>(bytes).ok()?.id?;
    let text = raw.get().trim();
    (text.starts_with(|c: char| c == '-' || c.is_ascii_digit())).then(|| text.to_string())
}

impl fmt::Display for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecordId::Text(s) => f.write_str(s),
            RecordId::Number(n) => write!(f, "{n}"),
        }
    }
}

impl Serialize for RecordId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            RecordId::Text(t) => s.serialize_str(t),
            RecordId::Number(n) => n.serialize(s),
        }
    }
}

/// A problem with one field of a record (or the whole record when `field` is `None`).
#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    pub field: Option<String>,
    pub problem: RecordProblem,
}

impl FieldError {
    pub fn record(problem: RecordProblem) -> FieldError {
        FieldError {
            field: None,
            problem,
        }
    }

    pub fn field(field: &str, problem: RecordProblem) -> FieldError {
        FieldError {
            field: Some(field.to_string()),
            problem,
        }
    }

    /// The stable code of `errors[].code`.
    pub fn code(&self) -> &'static str {
        self.problem.code()
    }
}

/// The most errors kept for one record (the last of them counts the rest).
pub const MAX_ERRORS: usize = 20;

/// A record as read: its id, its answers, and whatever was wrong with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub id: Option<RecordId>,
    pub answers: Answers,
    pub errors: Vec<FieldError>,
    /// Where the answers came from, when that was a FHIR QuestionnaireResponse: what a
    /// FHIR result refers back to.
    pub response: Option<Box<ResponseRef>>,
    /// The input's columns carried through (`--keep`), in the order of the kept list;
    /// empty when none are kept.
    pub kept: Vec<String>,
    /// Which of the columns a mapping names (`Codings::named_columns`, the first 64) this
    /// JSON record has as keys: a run in which no record has one of them is an error.
    pub mapped: u64,
}

impl Record {
    pub fn new(rules: &RuleSet) -> Record {
        Record {
            id: None,
            answers: Answers::unanswered(rules),
            errors: Vec::new(),
            response: None,
            kept: Vec::new(),
            mapped: 0,
        }
    }

    /// Adds an error, keeping at most `MAX_ERRORS`: past that, the last one only counts
    /// the others (`RecordProblem::MoreErrors`), so that memory and output per record stay
    /// bounded however many bad keys a record has.
    pub fn push_error(&mut self, error: FieldError) {
        if self.errors.len() < MAX_ERRORS - 1 {
            self.errors.push(error);
            return;
        }
        if let Some(FieldError {
            problem: RecordProblem::MoreErrors { count },
            ..
        }) = self.errors.last_mut()
        {
            *count += 1;
            return;
        }
        self.errors
            .push(FieldError::record(RecordProblem::MoreErrors { count: 1 }));
    }

    /// Whether another error would only be counted (so a caller may skip the work of
    /// describing it, such as finding a suggestion).
    pub fn errors_full(&self) -> bool {
        self.errors.len() >= MAX_ERRORS
    }

    /// How many errors the record has, with those only counted.
    pub fn error_count(&self) -> u64 {
        match self.errors.last() {
            Some(FieldError {
                problem: RecordProblem::MoreErrors { count },
                ..
            }) => self.errors.len() as u64 - 1 + count,
            _ => self.errors.len() as u64,
        }
    }

    /// A record that could not be read at all.
    pub fn broken(rules: &RuleSet, problem: RecordProblem) -> Record {
        let mut r = Record::new(rules);
        r.errors.push(FieldError::record(problem));
        r
    }
}

/// The words a record may answer with: yes, no and "unknown" as the questionnaire takes
/// them and as spreadsheets and registries write them (Y / N, 1 / 0, TRUE / FALSE, NA,
/// N/A, "."), in every language cp-screen speaks, from the catalogs (`locale`). A record
/// reads the same whatever the locale.
fn vocabulary() -> &'static Vocabulary {
    Vocabulary::all()
}

/// Whether `text` (trimmed) is a missing value: built in, or one of `extra` (`--na`).
pub fn is_missing(text: &str, extra: &[String]) -> bool {
    text.is_empty()
        || vocabulary().means(text, Meaning::Unknown)
        || extra.iter().any(|m| text.eq_ignore_ascii_case(m))
}

pub fn answer_from_text(text: &str, q: &Question) -> Result<Answer, RecordProblem> {
    let trimmed = trim(text);
    if trimmed.is_empty() || trimmed == "unknown" {
        return Ok(Answer::Unknown);
    }
    match &q.kind {
        // The exact lower-case words are by far the most common; try them first.
        QuestionKind::YesNo if trimmed == "no" => Ok(Answer::No),
        QuestionKind::YesNo if trimmed == "yes" => Ok(Answer::Yes),
        // Any other word, looked up once. A number starts with a digit; only other texts
        // can be a missing-value code.
        QuestionKind::YesNo => match vocabulary().meaning(trimmed) {
            Some(Meaning::Yes) => Ok(Answer::Yes),
            Some(Meaning::No) => Ok(Answer::No),
            Some(Meaning::Unknown) if !trimmed.starts_with(|c: char| c.is_ascii_digit()) => {
                Ok(Answer::Unknown)
            }
            _ => Err(RecordProblem::NotYesNo {
                text: text.to_string(),
            }),
        },
        _ if !trimmed.starts_with(|c: char| c.is_ascii_digit()) && is_missing(trimmed, &[]) => {
            Ok(Answer::Unknown)
        }
        QuestionKind::Number(spec) => {
            // A plain decimal ("29", "3549", every number of a table) is read at once, as
            // `notation::parse` reads it: nothing to look up. One out of range is left to
            // `parse`, which places the error.
            if let Some(value) = notation::plain_decimal(trimmed)
                && notation::check_range(value, spec).is_ok()
            {
                return Ok(Answer::Number {
                    value,
                    written: None,
                });
            }
            // A decimal and a unit's name ("3549 g"): read at once, and not kept (a text
            // with letters is never the plain number `plain` below tells).
            if let Some(value) = notation::decimal_with_unit(trimmed, spec)
                && notation::check_range(value, spec).is_ok()
            {
                return Ok(Answer::Number {
                    value,
                    written: Some(trimmed.into()),
                });
            }
            let kept = KEPT.with_borrow(|kept| {
                kept.as_ref()?
                    .by_question
                    .get(q.index)?
                    .get(&Short::new(trimmed)?)
                    .map(|read| (read.value, read.plain))
            });
            let (value, plain) = match kept {
                Some(read) => read,
                None => {
                    let value =
                        notation::parse(trimmed, spec).map_err(|error| RecordProblem::Number {
                            question: q.index,
                            error,
                        })?;
                    // A plain number in the base unit says nothing more than the value.
                    let read = (value, trimmed.parse::<f64>().ok() == Some(value));
                    keep(q.index, trimmed, read);
                    read
                }
            };
            Ok(Answer::Number {
                value,
                written: (!plain).then(|| trimmed.into()),
            })
        }
    }
}

/// Notations read, by question and text, and what they came to (the value, and whether
/// the text was that plain number), kept per thread while `keeping_notations` runs; with
/// how each was said back (`say_kept`), in the same entry: a batch says a record's
/// numbers right after reading them, so the entry is still in the processor's cache.
#[derive(Default)]
struct Kept {
    by_question: Vec<rustc_hash::FxHashMap<Short, Read>>,
    len: usize,
    /// The words of every `Said`, one after the other.
    said: String,
}

thread_local! {
    static KEPT: std::cell::RefCell<Option<Kept>> = const { std::cell::RefCell::new(None) };
}

/// A notation as read, and as said back in each of `say_kept`'s two ways. Small: a
/// batch looks one up for nearly every record, and thousands are kept.
#[derive(Clone, Copy)]
struct Read {
    value: f64,
    plain: bool,
    said: [Said; 2],
}

/// How a written number was said, if it was: in which language (`say_kept`'s `also`; the
/// value is the entry's), and where its words are in `Kept::said`.
#[derive(Clone, Copy, Default)]
struct Said {
    start: u32,
    len: u16,
    language: u8,
    kept: bool,
}

/// The most notations kept as read (64 bytes each: enough for every distinct
/// notation of the benchmark's million records, about 8,400), the most bytes of words kept
/// as said (they bound the memory of text and page output), and the longest text kept.
const KEPT_MOST: usize = 10240;
const SAID_BYTES: usize = 256 * 1024;
pub(crate) const KEPT_LONGEST: usize = 31;

/// A text of at most `KEPT_LONGEST` bytes as a key held in the map itself, in four words:
/// a lookup compares them in the map's own memory, not bytes behind a pointer (notations
/// kept are thousands, and that pointer was a cache miss on nearly every lookup). With
/// its `Read`, an entry is 64 bytes.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Short {
    /// The text's bytes, padded with zeros, then its length in the last byte: told apart
    /// from the padding, as a text may end in zero bytes (`\u0000`).
    words: [u64; 4],
}

impl Short {
    /// `None` for a text longer than `KEPT_LONGEST` (not kept).
    #[inline]
    fn new(text: &str) -> Option<Short> {
        let b = text.as_bytes();
        if b.len() > KEPT_LONGEST {
            return None;
        }
        let mut bytes = [0u8; 32];
        bytes[..b.len()].copy_from_slice(b);
        bytes[31] = b.len() as u8;
        Some(Short {
            words: std::array::from_fn(|i| {
                u64::from_le_bytes(bytes[i * 8..i * 8 + 8].try_into().expect("eight bytes"))
            }),
        })
    }
}

const _: () = assert!(std::mem::size_of::<Short>() + std::mem::size_of::<Read>() == 64);

fn keep(question: usize, text: &str, (value, plain): (f64, bool)) {
    KEPT.with_borrow_mut(|kept| {
        let Some(kept) = kept else {
            return;
        };
        let Some(key) = Short::new(text).filter(|_| kept.len < KEPT_MOST) else {
            return;
        };
        if kept.by_question.len() <= question {
            kept.by_question.resize_with(question + 1, Default::default);
        }
        let read = Read {
            value,
            plain,
            said: [Said::default(); 2],
        };
        if kept.by_question[question].insert(key, read).is_none() {
            kept.len += 1;
        }
    });
}

/// Appends what `say` appends for the number `written` to question `question`, said in
/// one of two ways (`second`, as the caller numbers them), with `also` (the language and
/// the value, as the caller tells them apart): while `keeping_notations` runs, from what
/// was kept when the same was said before. The words for a number depend only on these
/// and the rule set, which is the same throughout. Kept with the notation as read, so
/// only a notation this thread read is kept as said.
pub(crate) fn say_kept(
    out: &mut String,
    (question, second): (usize, bool),
    written: &str,
    also: (usize, u64),
    say: impl FnOnce(&mut String),
) {
    let key = Short::new(written);
    let found = KEPT.with_borrow(|kept| {
        let kept = kept.as_ref()?;
        let read = kept.by_question.get(question)?.get(key.as_ref()?)?;
        let said = read.said[usize::from(second)];
        if !(said.kept && usize::from(said.language) == also.0 && read.value.to_bits() == also.1) {
            return None;
        }
        let start = said.start as usize;
        out.push_str(&kept.said[start..start + said.len as usize]);
        Some(())
    });
    if found.is_some() {
        return;
    }
    let start = out.len();
    say(out);
    let words = &out[start..];
    KEPT.with_borrow_mut(|kept| {
        let Some(kept) = kept else {
            return;
        };
        let at = kept.said.len();
        let (Ok(len), Ok(language)) = (u16::try_from(words.len()), u8::try_from(also.0)) else {
            return;
        };
        if at + words.len() > SAID_BYTES {
            return;
        }
        let Some(read) = key.and_then(|key| kept.by_question.get_mut(question)?.get_mut(&key))
        else {
            return;
        };
        // Said of another value than the one read (an answer made elsewhere): not kept.
        if read.value.to_bits() != also.1 {
            return;
        }
        read.said[usize::from(second)] = Said {
            start: at as u32,
            len,
            language,
            kept: true,
        };
        kept.said.push_str(words);
    });
}

/// Runs `f` with the notations this thread reads kept, so that a text seen again
/// ("32w5d", "2 lb 6 oz": a batch has few distinct ones) is not parsed again. Only for
/// answers to one rule set: a batch worker, whose records are all screened by the run's
/// rules (a question's index names its question, and its units, for the whole of `f`).
pub(crate) fn keeping_notations<R>(f: impl FnOnce() -> R) -> R {
    struct Forget;
    impl Drop for Forget {
        fn drop(&mut self) {
            KEPT.set(None);
        }
    }
    KEPT.set(Some(Kept::default()));
    let _forget = Forget;
    f()
}

/// `str::trim`, skipping the Unicode-aware scan when both ends are plain ASCII
/// characters (nearly always: this runs for every answer).
fn trim(text: &str) -> &str {
    match (text.as_bytes().first(), text.as_bytes().last()) {
        (Some(a), Some(b)) if a.is_ascii_graphic() && b.is_ascii_graphic() => text,
        _ => text.trim(),
    }
}

/// Converts a JSON number for question `q`; `shown` is the number as written.
pub fn answer_from_number(
    n: f64,
    shown: &dyn fmt::Display,
    q: &Question,
) -> Result<Answer, RecordProblem> {
    match &q.kind {
        QuestionKind::YesNo => Err(RecordProblem::NumberForYesNo {
            shown: shown.to_string(),
        }),
        QuestionKind::Number(spec) => match notation::check_range(n, spec) {
            Ok(()) => Ok(Answer::Number {
                value: n,
                written: None,
            }),
            Err(problem) => Err(RecordProblem::Number {
                question: q.index,
                error: NotationError::Range {
                    text: shown.to_string(),
                    plain: true,
                    value: n,
                    problem,
                },
            }),
        },
    }
}

/// Converts a JSON boolean for question `q`.
pub fn answer_from_bool(b: bool, q: &Question) -> Result<Answer, RecordProblem> {
    match &q.kind {
        QuestionKind::YesNo => Ok(if b { Answer::Yes } else { Answer::No }),
        QuestionKind::Number(_) => Err(RecordProblem::WrongTypeForNumber {
            question: q.index,
            found: Found::Bool(b),
        }),
    }
}

/// The problem of an answer of the wrong JSON type (an array, an object).
fn wrong_type(q: &Question, found: JsonKind) -> RecordProblem {
    match &q.kind {
        QuestionKind::YesNo => RecordProblem::WrongTypeForYesNo { found },
        QuestionKind::Number(_) => RecordProblem::WrongTypeForNumber {
            question: q.index,
            found: Found::Kind(found),
        },
    }
}

/// The problem of a key that is not a question.
pub fn unknown_field(key: &str, rules: &RuleSet) -> RecordProblem {
    RecordProblem::UnknownField {
        rules: rules.tag(),
        suggestion: question_suggestion(key, rules),
    }
}

/// The question id a mistyped `key` most likely meant, if any.
pub fn question_suggestion(key: &str, rules: &RuleSet) -> Option<String> {
    // The same stray column usually comes in every record of an export, and finding the
    // suggestion costs more than screening a record: remember recent ones per thread.
    thread_local! {
        static RECENT: std::cell::RefCell<Vec<(String, String, Option<String>)>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    const REMEMBERED: usize = 32;
    RECENT.with(|recent| {
        let mut recent = recent.borrow_mut();
        if let Some((_, _, s)) = recent
            .iter()
            .find(|(k, hash, _)| k == key && *hash == rules.sha256)
        {
            return s.clone();
        }
        let s = suggest::did_you_mean(key, rules.question_ids()).map(str::to_string);
        if recent.len() == REMEMBERED {
            recent.remove(0);
        }
        recent.push((key.to_string(), rules.sha256.clone(), s.clone()));
        s
    })
}

/// Builds records from JSON text under one rule set.
#[derive(Clone, Copy)]
pub struct RecordReader<'r> {
    pub rules: &'r RuleSet,
    pub allow_extra_fields: bool,
    /// How the dataset writes its answers, when mapped (`--map`, `--codes`, `--unit`,
    /// `--na`, `--mapping`).
    pub codings: Option<&'r Codings>,
}

/// The key of an answer record that names what saved it (the questionnaire's `--save`
/// writes it): the rule set, the language and the time. A record that names a rule set is
/// screened only by that rule set.
pub const SAVED_WITH_KEY: &str = "cp_screen";

/// What saved an answer record: `{"rule_set", "version", "sha256", "lang", "saved"}`.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct SavedWith {
    /// The rule set's id, version and the SHA-256 of its file (hex).
    pub rule_set: String,
    pub version: String,
    pub sha256: String,
    /// The language the questions were asked in (a BCP 47 tag).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// When the answers were saved (RFC 3339, UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub saved: Option<String>,
}

impl SavedWith {
    /// The stamp of answers to `rules` saved now, asked in `lang`.
    pub fn now(rules: &RuleSet, lang: &str, time: String) -> SavedWith {
        SavedWith {
            rule_set: rules.id().to_string(),
            version: rules.version().to_string(),
            sha256: rules.sha256().to_string(),
            lang: Some(lang.to_string()),
            saved: Some(time),
        }
    }

    /// Reads the value of [`SAVED_WITH_KEY`]; `Err` says what was expected.
    pub fn read(value: &serde_json::Value) -> Result<SavedWith, String> {
        let expected = || {
            "an object with \"rule_set\", \"version\" and \"sha256\" (64 hex digits)".to_string()
        };
        let saved = SavedWith::deserialize(value).map_err(|_| expected())?;
        if saved.sha256.len() != 64 || !saved.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(expected());
        }
        Ok(saved)
    }

    /// `id@version (sha256:…)`, as results name a rule set.
    pub fn tag(&self) -> String {
        format!(
            "{}@{} (sha256:{})",
            crate::sanitize::escape_control(&self.rule_set),
            crate::sanitize::escape_control(&self.version),
            &self.sha256[..16]
        )
    }
}

impl<'r> RecordReader<'r> {
    /// Checks a record's [`SAVED_WITH_KEY`]: it must name the rule set screening it.
    fn check_saved_with(&self, record: &mut Record, value: &serde_json::Value) {
        let rules = self.rules;
        let problem = match SavedWith::read(value) {
            Err(expected) => RecordProblem::InvalidSavedWith { expected },
            Ok(saved)
                if saved.rule_set == rules.id()
                    && saved.version == rules.version()
                    && saved.sha256 == rules.sha256() =>
            {
                return;
            }
            Ok(saved) => RecordProblem::OtherRuleSet {
                saved: saved.tag(),
                used: format!("{} ({})", rules.tag(), rules.short_hash()),
                embedded: crate::rules::Embedded::with_stamp(
                    &saved.rule_set,
                    &saved.version,
                    &saved.sha256,
                )
                .map(|e| e.name.to_string()),
            },
        };
        // Answers to another rule set's questions are not news once that is said: each
        // would advise --allow-extra-fields, which screens them against the wrong set. The
        // one error is the rule set (errors found before it, and their count, go).
        if matches!(problem, RecordProblem::OtherRuleSet { .. }) {
            record.errors.clear();
        }
        record.push_error(FieldError::field(SAVED_WITH_KEY, problem));
    }

    /// Reads one JSON value as a record. A syntax error is returned as `Err` so the caller
    /// can place it (line and column in the input); anything else lands in `Record::errors`.
    pub fn parse_json(&self, bytes: &[u8]) -> Result<Record, serde_json::Error> {
        // The usual record is read at once (checked to be UTF-8 there); any other goes
        // the slow way, and invalid UTF-8 gets serde_json's placed error.
        let mut record = match self.read_flat(bytes) {
            Some(record) => Ok(record),
            None => match std::str::from_utf8(bytes) {
                Ok(text) => self.read_one(serde_json::Deserializer::from_str(text)),
                Err(_) => self.read_one(serde_json::Deserializer::from_slice(bytes)),
            },
        }?;
        if let Some(RecordId::Number(n)) = &mut record.id
            && n.0.contains(['.', 'e', 'E'])
            && let Some(text) = written_id(bytes)
        {
            n.0 = text;
        }
        Ok(record)
    }

    /// Reads the usual record, a flat object without escapes (`flat`), without a general
    /// JSON parser; `None` for any other text, which `read_one` then reads.
    fn read_flat(&self, bytes: &[u8]) -> Option<Record> {
        let mut record = Record::new(self.rules);
        let mut seen = Seen::new(self.rules.questions.len());
        let mut saved_with = false;
        flat::fields(bytes, self.rules, |key, value, word| {
            let qi = match key {
                flat::Key::Question(qi) => qi,
                flat::Key::Other(key) => {
                    // The saved-with stamp is an object: serde_json reads a record that
                    // has one.
                    saved_with |= key == SAVED_WITH_KEY;
                    if !saved_with {
                        self.apply(&mut record, key, value.raw(), &mut seen);
                    }
                    return;
                }
            };
            if saved_with {
                return;
            }
            // A question known from the key's first bytes is not looked up again; its id
            // is the key's text.
            let key = &self.rules.questions[qi].id;
            if self.codings.is_some() {
                return self.apply(&mut record, key, value.raw(), &mut seen);
            }
            // The usual answer to a yes/no question, set at once: what `apply` would make
            // of it (a dataset's own codes aside).
            if let QuestionKind::YesNo = self.rules.questions[qi].kind
                && let Some(answer) = yes_no_word(word).or_else(|| yes_no_any_case(word))
                && seen.insert(qi)
            {
                set_unanswered(&mut record.answers.values[qi], answer);
            } else {
                self.apply_answer(&mut record, key, qi, value.raw(), &mut seen);
            }
        })?;
        (!saved_with).then_some(record)
    }

    /// Reads exactly one record from `de`; anything after it is a syntax error.
    fn read_one<'de, R: serde_json::de::Read<'de>>(
        &self,
        mut de: serde_json::Deserializer<R>,
    ) -> Result<Record, serde_json::Error> {
        let record = RecordSeed { reader: *self }.deserialize(&mut de)?;
        de.end()?;
        Ok(record)
    }

    /// Builds the record of CSV row `row` from its cells, `(key, cell)` for each column
    /// read, in order: the record of the JSON object of its non-blank cells, without
    /// writing and parsing that object. Blank cells are left out (unanswered); a cell that
    /// is not UTF-8 makes the whole row invalid; every other cell is read as a JSON string
    /// of the same text would be.
    pub fn read_cells<'c>(
        &self,
        cells: impl Iterator<Item = (&'c str, Result<&'c str, std::str::Utf8Error>)>,
        row: u64,
    ) -> Record {
        let mut record = Record::new(self.rules);
        let mut seen = Seen::new(self.rules.questions.len());
        let mut parts = Vec::new();
        thread_local! {
            // Per column read, the question its key was last found to be: a table's
            // columns are the same in every row, so one comparison finds it again.
            static COLUMNS: std::cell::RefCell<Vec<usize>> = const {
                std::cell::RefCell::new(Vec::new())
            };
        }
        let mut columns = COLUMNS.take();
        for (column, (key, cell)) in cells.enumerate() {
            let text = match cell {
                // Most cells start with a letter or a digit: not blank.
                Ok(text) if text.as_bytes().first().is_some_and(u8::is_ascii_graphic) => text,
                // ASCII cells are trimmed as ASCII (a vertical tab stays, and is read as an
                // answer), others as Unicode text.
                Ok(text) if text.is_ascii() && text.trim_ascii().is_empty() => continue,
                Ok(text) if !text.is_ascii() && text.trim().is_empty() => continue,
                Ok(text) => text,
                Err(e) => {
                    COLUMNS.set(columns);
                    return Record::broken(
                        self.rules,
                        RecordProblem::CsvNotUtf8 {
                            row,
                            column: key.to_string(),
                            byte: e.valid_up_to(),
                        },
                    );
                }
            };
            if let Some(part) = key.strip_prefix(mapping::PART) {
                // One part of a question built from several columns: read with the others.
                if let Ok(at) = part.parse::<usize>() {
                    parts.push((at, text));
                }
                continue;
            }
            // The header plan has mapped the column already: its key is not mapped again
            // (a swap of two columns would be undone, a chain followed twice).
            // A number in e-notation is read as a number, except as the id (kept as written).
            let value = if key == "id" {
                Raw::Str(Cow::Borrowed(text))
            } else {
                cell_value(text)
            };
            if columns.len() <= column {
                columns.resize(column + 1, usize::MAX);
            }
            let known = columns[column];
            let question = if self.rules.is_question(known, key) {
                Some(known)
            } else {
                let found = self.rules.question_index(key);
                columns[column] = found.unwrap_or(usize::MAX);
                found
            };
            match question {
                // The usual answer to a yes/no question, set at once (as `read_flat` does).
                Some(qi)
                    if self.codings.is_none()
                        && let QuestionKind::YesNo = self.rules.questions[qi].kind
                        && let Some(answer) = yes_no_text(text)
                        && seen.insert(qi) =>
                {
                    set_unanswered(&mut record.answers.values[qi], answer);
                }
                Some(qi) => self.apply_answer(&mut record, key, qi, value, &mut seen),
                None => self.apply_key(&mut record, key, value, &mut seen),
            }
        }
        COLUMNS.set(columns);
        if let Some(codings) = self.codings
            && !parts.is_empty()
        {
            for (q, text) in mapping::combine_parts(codings, &parts) {
                let id = &self.rules.questions[q].id;
                self.apply_key(&mut record, id, Raw::Str(Cow::Owned(text)), &mut seen);
            }
        }
        record
    }

    /// Applies one key/value pair of a record as written to `record`: a dataset's own
    /// column name stands for the question id (or the id) it is mapped to.
    pub(crate) fn apply(&self, record: &mut Record, key: &str, value: Raw<'_>, seen: &mut Seen) {
        let Some(codings) = self.codings else {
            return self.apply_key(record, key, value, seen);
        };
        if let Some(i) = codings.named_index(key) {
            record.mapped |= 1u64.checked_shl(i as u32).unwrap_or(0);
        }
        if let Some(slot) = codings.kept_slot(key) {
            // Carried through as written; read as an answer too when it is a question's.
            record.kept.resize(codings.keep.len(), String::new());
            record.kept[slot] = match &value {
                Raw::Str(s) => s.to_string(),
                Raw::Num(n) => n.to_string(),
                Raw::Bool(b) => b.to_string(),
                Raw::Null | Raw::Array | Raw::Object => String::new(),
            };
            let is_answer = codings.column(key).is_some()
                || key == "id"
                || self.rules.question_index(key).is_some();
            if !is_answer {
                return;
            }
        }
        let key = codings.column(key).unwrap_or(key);
        self.apply_key(record, key, value, seen);
    }

    /// Applies one answer whose key is already the record's own (a question id or "id").
    fn apply_key(&self, record: &mut Record, key: &str, value: Raw<'_>, seen: &mut Seen) {
        if key == "id" {
            if record.id.is_some() {
                record.push_error(FieldError::field(
                    "id",
                    RecordProblem::GivenTwice { is_id: true },
                ));
                return;
            }
            match value {
                // `"id": null`, as exports write a blank id: a record without one.
                Raw::Null => {}
                Raw::Str(s) => record.id = Some(RecordId::Text(id_text(s))),
                Raw::Num(n) => record.id = Some(RecordId::Number(n.into())),
                other => record.push_error(FieldError::field(
                    "id",
                    RecordProblem::InvalidId {
                        found: other.kind(),
                    },
                )),
            }
            return;
        }
        let Some(qi) = self.rules.question_index(key) else {
            let other_rule_set = || {
                record
                    .errors
                    .iter()
                    .any(|e| matches!(e.problem, RecordProblem::OtherRuleSet { .. }))
            };
            if !self.allow_extra_fields && !other_rule_set() {
                let problem = if record.errors_full() {
                    // Only counted: no suggestion is looked for.
                    RecordProblem::MoreErrors { count: 1 }
                } else {
                    unknown_field(key, self.rules)
                };
                record.push_error(FieldError {
                    // As given: text output escapes it, JSON output writes it as \u escapes.
                    field: Some(key.to_string()),
                    problem,
                });
            }
            return;
        };
        self.apply_answer(record, key, qi, value, seen);
    }

    /// Applies the answer to question `qi`, whose id is `key` as the record has it.
    fn apply_answer(
        &self,
        record: &mut Record,
        key: &str,
        qi: usize,
        value: Raw<'_>,
        seen: &mut Seen,
    ) {
        if !seen.insert(qi) {
            record.push_error(FieldError::field(
                key,
                RecordProblem::GivenTwice { is_id: false },
            ));
            return;
        }
        let q = &self.rules.questions[qi];
        // A dataset's own codes, missing values and units, before anything else.
        let recoded = self.codings.map(|c| match &value {
            Raw::Str(s) => c.recode(qi, s),
            Raw::Num(n) => c.recode(qi, &n.to_string()),
            _ => mapping::Recoded::Same,
        });
        let value = match &recoded {
            Some(mapping::Recoded::Text(text)) => Raw::Str(Cow::Borrowed(text.as_str())),
            Some(mapping::Recoded::Stray(problem)) => {
                record.push_error(FieldError::field(key, problem.clone()));
                return;
            }
            _ => value,
        };
        let converted = match value {
            Raw::Null => Ok(Answer::Unknown),
            Raw::Bool(b) => answer_from_bool(b, q),
            Raw::Num(n) => match n.as_f64() {
                Some(f) => answer_from_number(f, &n, q),
                None => Err(RecordProblem::UnusableNumber {
                    shown: n.to_string(),
                }),
            },
            Raw::Str(s) => answer_from_text(&s, q),
            Raw::Array => Err(wrong_type(q, JsonKind::Array)),
            Raw::Object => Err(wrong_type(q, JsonKind::Object)),
        };
        match converted {
            Ok(answer) => set_unanswered(&mut record.answers.values[qi], answer),
            Err(problem) => record.push_error(FieldError::field(key, problem)),
        }
    }
}

/// A CSV cell as the value it stands for: a number in e-notation (`3.4e3`) or with a
/// trailing point (`1850.`), as spreadsheets and pandas write them, is that number, as a
/// JSON number would be; anything else is read as text.
fn cell_value(text: &str) -> Raw<'_> {
    let b = text.as_bytes();
    let numeric_start = b
        .first()
        .is_some_and(|c| c.is_ascii_digit() || *c == b'-' || *c == b'.');
    if numeric_start
        && (b.last() == Some(&b'.') || memchr::memchr2(b'e', b'E', b).is_some())
        && let Ok(n) = text.parse::<f64>()
        && let Some(n) = serde_json::Number::from_f64(n)
    {
        return Raw::Num(n);
    }
    Raw::Str(Cow::Borrowed(text))
}

/// The answer to a yes/no question that a short value (`flat::word`) is when it is one of
/// the words `answer_from_text` takes first ("yes", "no", "unknown", empty) or a literal
/// (`true`, `false`, `null`): found by comparing with all at once, as the answers of a
/// batch come in any order.
fn yes_no_word(word: u64) -> Option<Answer> {
    word_answer(
        (word == UNKNOWN) | (word == 0) | (word == flat::NULL),
        (word == YES) | (word == flat::TRUE),
        (word == NO) | (word == flat::FALSE),
    )
}

/// Sets the answer to a question not answered before in the record (`Seen::insert` said
/// so), without a call to drop what was there: `Unanswered`, which holds nothing.
// Always inlined: passed to a call, the answer goes through memory, and reading it back
// whole before its parts are all written stalls the processor (store forwarding).
#[inline(always)]
fn set_unanswered(slot: &mut Answer, answer: Answer) {
    if let Answer::Unanswered = slot {
        std::mem::forget(std::mem::replace(slot, answer));
    } else {
        *slot = answer;
    }
}

/// The same for the words "unknown", "yes" and "no" written with capitals ("No",
/// "YES"), which mean what they do in small letters (`Vocabulary::meaning`).
fn yes_no_any_case(word: u64) -> Option<Answer> {
    let word = lower(word);
    word_answer(word == UNKNOWN, word == YES, word == NO)
}

/// A short word (`flat::word`) with the ASCII capital letters in it made small, eight
/// bytes at once; every other byte stays as it is.
const fn lower(word: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let seven = word & !HIGH;
    // Per byte, no carry out: the top bit is set from b'A' (0x80 - 0x41 = 0x3f) and
    // past b'Z' (0x80 - 0x5b = 0x25).
    let from_a = seven + 0x3f3f_3f3f_3f3f_3f3f;
    let past_z = seven + 0x2525_2525_2525_2525;
    let capital = from_a & !past_z & !word & HIGH;
    word | (capital >> 2)
}

/// The short words (`flat::word`) of the texts "unknown", "yes" and "no".
const UNKNOWN: u64 = flat::word(b"unknown");
const YES: u64 = flat::word(b"yes");
const NO: u64 = flat::word(b"no");

/// The answer of the one of `unknown`, `yes` and `no` that holds (at most one does),
/// picked without a branch.
fn word_answer(unknown: bool, yes: bool, no: bool) -> Option<Answer> {
    // By `Answer::WORDS`: unanswered (none of these), unknown, yes, no.
    let at = usize::from(unknown) | (usize::from(yes) * 2) | (usize::from(no) * 3);
    (at != 0).then(|| Answer::WORDS[at].clone())
}

/// The same for a text ("yes", "no", "unknown": a CSV cell); `None` for any other text,
/// and for one with a zero byte (whose short word could be one of theirs).
fn yes_no_text(text: &str) -> Option<Answer> {
    let b = text.as_bytes();
    let word = if b.len() <= 7 {
        flat::word(b)
    } else {
        flat::NOT_SHORT
    };
    // A zero byte at the end of the text leaves no trace in its word.
    let significant = (64 - word.leading_zeros() as usize).div_ceil(8);
    let exact = significant == b.len();
    // Only the three words, in any case: a text can also look like a literal's word
    // (`"null`).
    let word = lower(word);
    word_answer(
        exact & (word == UNKNOWN),
        exact & (word == YES),
        exact & (word == NO),
    )
}

/// Which questions a record has answered so far, to refuse a key given twice. A bit set
/// on the stack for rule sets of up to 64 questions (this runs for every record).
pub(crate) enum Seen {
    Small(u64),
    Large(Vec<bool>),
}

impl Seen {
    pub(crate) fn new(questions: usize) -> Seen {
        if questions <= 64 {
            Seen::Small(0)
        } else {
            Seen::Large(vec![false; questions])
        }
    }

    /// Marks question `i`; false if it was marked already.
    fn insert(&mut self, i: usize) -> bool {
        match self {
            Seen::Small(bits) => {
                let bit = 1u64 << i;
                let new = *bits & bit == 0;
                *bits |= bit;
                new
            }
            Seen::Large(flags) => !std::mem::replace(&mut flags[i], true),
        }
    }
}

/// A JSON value as far as an answer needs it; arrays and objects are skipped.
pub(crate) enum Raw<'de> {
    Null,
    Bool(bool),
    Num(serde_json::Number),
    Str(Cow<'de, str>),
    Array,
    Object,
}

impl Raw<'_> {
    fn kind(&self) -> JsonKind {
        match self {
            Raw::Null => JsonKind::Null,
            Raw::Bool(_) => JsonKind::Boolean,
            Raw::Num(_) => JsonKind::Number,
            Raw::Str(_) => JsonKind::String,
            Raw::Array => JsonKind::Array,
            Raw::Object => JsonKind::Object,
        }
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E>(self) -> Result<Raw<'de>, E> {
        Ok(Raw::Null)
    }
    fn visit_none<E>(self) -> Result<Raw<'de>, E> {
        Ok(Raw::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Raw<'de>, E> {
        Ok(Raw::Bool(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Raw<'de>, E> {
        Ok(Raw::Num(v.into()))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Raw<'de>, E> {
        Ok(Raw::Num(v.into()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Raw<'de>, E> {
        serde_json::Number::from_f64(v)
            .map(Raw::Num)
            .ok_or_else(|| E::custom("number out of range"))
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Raw<'de>, E> {
        Ok(Raw::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Raw<'de>, E> {
        Ok(Raw::Str(Cow::Owned(v.to_owned())))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw<'de>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Raw::Array)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw<'de>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Raw::Object)
    }
}

struct RawSeed;

impl<'de> DeserializeSeed<'de> for RawSeed {
    type Value = Raw<'de>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Raw<'de>, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

/// A map key, borrowed from the input when it has no escapes.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Cow<'de, str>, D::Error> {
        d.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
}

struct RecordSeed<'r> {
    reader: RecordReader<'r>,
}

impl<'de> DeserializeSeed<'de> for RecordSeed<'_> {
    type Value = Record;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Record, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for RecordSeed<'_> {
    type Value = Record;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an answer record (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Record, A::Error> {
        let rules = self.reader.rules;
        let mut record = Record::new(rules);
        let mut seen = Seen::new(rules.questions.len());
        while let Some(key) = map.next_key_seed(KeySeed)? {
            if key == SAVED_WITH_KEY {
                let value: serde_json::Value = map.next_value()?;
                self.reader.check_saved_with(&mut record, &value);
                continue;
            }
            let value = map.next_value_seed(RawSeed)?;
            self.reader.apply(&mut record, &key, value, &mut seen);
        }
        Ok(record)
    }

    // Anything but an object is a record-level error, after consuming the value.
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Record, A::Error> {
        RawVisitor.visit_seq(seq)?;
        Ok(self.not_an_object(JsonKind::Array))
    }
    fn visit_unit<E>(self) -> Result<Record, E> {
        Ok(self.not_an_object(JsonKind::Null))
    }
    fn visit_bool<E>(self, _: bool) -> Result<Record, E> {
        Ok(self.not_an_object(JsonKind::Boolean))
    }
    fn visit_u64<E>(self, _: u64) -> Result<Record, E> {
        Ok(self.not_an_object(JsonKind::Number))
    }
    fn visit_i64<E>(self, _: i64) -> Result<Record, E> {
        Ok(self.not_an_object(JsonKind::Number))
    }
    fn visit_f64<E>(self, _: f64) -> Result<Record, E> {
        Ok(self.not_an_object(JsonKind::Number))
    }
    fn visit_str<E>(self, _: &str) -> Result<Record, E> {
        Ok(self.not_an_object(JsonKind::String))
    }
}

impl RecordSeed<'_> {
    fn not_an_object(&self, found: JsonKind) -> Record {
        Record::broken(self.reader.rules, RecordProblem::NotAnObject { found })
    }
}
