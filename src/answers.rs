//! Answer records: the one `Answers` type that the questionnaire, JSON and CSV input all
//! produce, and the strict conversion of written values into it. A record's problems are
//! collected as `FieldError`s so that one bad record never stops the others.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Serialize, Serializer};

use crate::notation;
use crate::problem::{Found, JsonKind, NotationError, RecordProblem};
use crate::rules::{Question, QuestionKind, RuleSet};
use crate::suggest;

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
    pub fn is_known(&self) -> bool {
        !matches!(self, Answer::Unanswered | Answer::Unknown)
    }
}

/// Answers to every question of a rule set, indexed like `RuleSet::questions`.
#[derive(Debug, Clone, PartialEq)]
pub struct Answers {
    pub values: Vec<Answer>,
}

impl Answers {
    pub fn unanswered(rules: &RuleSet) -> Answers {
        Answers {
            values: vec![Answer::Unanswered; rules.questions.len()],
        }
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

    /// The message a person reads, in the language of the run.
    pub fn message(&self, rules: &RuleSet) -> String {
        crate::words::get().record_problem(rules, &self.problem)
    }
}

/// A record as read: its id, its answers, and whatever was wrong with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub id: Option<RecordId>,
    pub answers: Answers,
    pub errors: Vec<FieldError>,
    /// Where the answers came from, when that was a FHIR QuestionnaireResponse: what a
    /// FHIR result refers back to.
    pub response: Option<Box<crate::fhir::response::ResponseRef>>,
}

impl Record {
    pub fn new(rules: &RuleSet) -> Record {
        Record {
            id: None,
            answers: Answers::unanswered(rules),
            errors: Vec::new(),
            response: None,
        }
    }

    /// A record that could not be read at all.
    pub fn broken(rules: &RuleSet, problem: RecordProblem) -> Record {
        let mut r = Record::new(rules);
        r.errors.push(FieldError::record(problem));
        r
    }
}

/// Converts a written answer (a JSON string, a CSV cell, a typed line) for question `q`.
/// How spreadsheets and registries write "unknown": empty, `NA`, `N/A`, `.`, and the
/// questionnaire's own "Don't know" (in every language cp-screen speaks).
const MISSING: [&str; 9] = [
    "unknown",
    "na",
    "n/a",
    ".",
    "don't know",
    "dont know",
    "don\u{2019}t know",
    "不清楚",
    "不知道",
];
/// Yes and no as spreadsheets write them: Y / N, 1 / 0, TRUE / FALSE, and the words of the
/// questionnaire in every language.
const YES: [&str; 6] = ["yes", "y", "true", "1", "有", "是"];
const NO: [&str; 6] = ["no", "n", "false", "0", "没有", "否"];

fn is_one_of(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| text.eq_ignore_ascii_case(w))
}

/// Whether `text` (trimmed) is a missing value: built in, or one of `extra` (`--na`).
pub fn is_missing(text: &str, extra: &[String]) -> bool {
    text.is_empty()
        || is_one_of(text, &MISSING)
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
        // A number starts with a digit; only other texts can be a missing-value code.
        _ if !trimmed.starts_with(|c: char| c.is_ascii_digit()) && is_missing(trimmed, &[]) => {
            Ok(Answer::Unknown)
        }
        QuestionKind::YesNo => {
            if is_one_of(trimmed, &YES) {
                Ok(Answer::Yes)
            } else if is_one_of(trimmed, &NO) {
                Ok(Answer::No)
            } else {
                Err(RecordProblem::NotYesNo {
                    text: text.to_string(),
                })
            }
        }
        QuestionKind::Number(spec) => notation::parse(trimmed, spec)
            .map(|value| Answer::Number {
                value,
                // A plain number in the base unit says nothing more than the value.
                written: (trimmed.parse::<f64>().ok() != Some(value)).then(|| trimmed.into()),
            })
            .map_err(|error| RecordProblem::Number {
                question: q.index,
                error,
            }),
    }
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

impl<'r> RecordReader<'r> {
    /// Reads one JSON value as a record. A syntax error is returned as `Err` so the caller
    /// can place it (line and column in the input); anything else lands in `Record::errors`.
    pub fn parse_json(&self, bytes: &[u8]) -> Result<Record, serde_json::Error> {
        // Validating UTF-8 once for the whole record is cheaper than string by string;
        // invalid UTF-8 goes the slow way to get serde_json's placed error.
        let mut record = match std::str::from_utf8(bytes) {
            Ok(text) => self.read_one(serde_json::Deserializer::from_str(text)),
            Err(_) => self.read_one(serde_json::Deserializer::from_slice(bytes)),
        }?;
        if let Some(RecordId::Number(n)) = &mut record.id
            && n.0.contains(['.', 'e', 'E'])
            && let Some(text) = written_id(bytes)
        {
            n.0 = text;
        }
        Ok(record)
    }

    /// Reads exactly one record from `de`; anything after it is a syntax error.
    fn read_one<'de, R: serde_json::de::Read<'de>>(
        &self,
        mut de: serde_json::Deserializer<R>,
    ) -> Result<Record, serde_json::Error> {
        let mut record = RecordSeed { reader: *self }.deserialize(&mut de)?;
        de.end()?;
        if self.rules.conditional {
            self.check_asked(&mut record);
        }
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
        let mut hint = 0;
        for (key, cell) in cells {
            let text = match cell {
                // Most cells start with a letter or a digit: not blank.
                Ok(text) if text.as_bytes().first().is_some_and(u8::is_ascii_graphic) => text,
                // ASCII cells are trimmed as ASCII (a vertical tab stays, and is read as an
                // answer), others as Unicode text.
                Ok(text) if text.is_ascii() && text.trim_ascii().is_empty() => continue,
                Ok(text) if !text.is_ascii() && text.trim().is_empty() => continue,
                Ok(text) => text,
                Err(e) => {
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
            self.apply(
                &mut record,
                key,
                Raw::Str(Cow::Borrowed(text)),
                &mut seen,
                &mut hint,
            );
        }
        if self.rules.conditional {
            self.check_asked(&mut record);
        }
        record
    }

    /// Refuses answers to questions that were not asked: a record that says "no" to a
    /// multiple birth cannot say a co-twin died. Unknown answers are fine.
    pub(crate) fn check_asked(&self, record: &mut Record) {
        let asked = crate::engine::asked(self.rules, &record.answers);
        for (q, state) in self.rules.questions.iter().zip(asked) {
            if state == crate::engine::Asked::No && record.answers.values[q.index].is_known() {
                record.errors.push(FieldError::field(
                    &q.id,
                    RecordProblem::NotAsked { question: q.index },
                ));
            }
        }
    }

    /// Applies one key/value pair to `record`.
    pub(crate) fn apply(
        &self,
        record: &mut Record,
        key: &str,
        value: Raw<'_>,
        seen: &mut Seen,
        hint: &mut usize,
    ) {
        // A dataset's own column names stand for question ids (or the id).
        let key = match self.codings.and_then(|c| c.column(key)) {
            Some(mapped) => mapped,
            None => key,
        };
        if key == "id" {
            if record.id.is_some() {
                record.errors.push(FieldError::field(
                    "id",
                    RecordProblem::GivenTwice { is_id: true },
                ));
                return;
            }
            match value {
                // `"id": null`, as exports write a blank id: a record without one.
                Raw::Null => {}
                Raw::Str(s) => record.id = Some(RecordId::Text(s.into_owned())),
                Raw::Num(n) => record.id = Some(RecordId::Number(n.into())),
                other => record.errors.push(FieldError::field(
                    "id",
                    RecordProblem::InvalidId {
                        found: other.kind(),
                    },
                )),
            }
            return;
        }
        let Some(qi) = self.rules.question_index_from(key, *hint) else {
            if !self.allow_extra_fields {
                record.errors.push(FieldError {
                    // As given: text output escapes it, JSON output writes it as \u escapes.
                    field: Some(key.to_string()),
                    problem: unknown_field(key, self.rules),
                });
            }
            return;
        };
        *hint = qi + 1;
        if !seen.insert(qi) {
            record.errors.push(FieldError::field(
                key,
                RecordProblem::GivenTwice { is_id: false },
            ));
            return;
        }
        let q = &self.rules.questions[qi];
        // A dataset's own codes, missing values and units, before anything else.
        let recoded = self.codings.and_then(|c| match &value {
            Raw::Str(s) => c.recode(qi, s),
            Raw::Num(n) => c.recode(qi, &n.to_string()),
            _ => None,
        });
        let value = match &recoded {
            Some(text) => Raw::Str(std::borrow::Cow::Borrowed(text.as_str())),
            None => value,
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
            Ok(answer) => record.answers.values[qi] = answer,
            Err(problem) => record.errors.push(FieldError::field(key, problem)),
        }
    }
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
        let mut hint = 0;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let value = map.next_value_seed(RawSeed)?;
            self.reader
                .apply(&mut record, &key, value, &mut seen, &mut hint);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> RuleSet {
        RuleSet::default_rules()
    }

    fn read(rules: &RuleSet, json: &str) -> Record {
        RecordReader {
            rules,
            allow_extra_fields: false,
            codings: None,
        }
        .parse_json(json.as_bytes())
        .expect("valid JSON")
    }

    fn answer(rules: &RuleSet, record: &Record, id: &str) -> Answer {
        record.answers.values[rules.question_index(id).unwrap()].clone()
    }

    #[test]
    fn yes_no_answers_accept_words_in_any_case_and_booleans() {
        let r = rules();
        let rec = read(
            &r,
            r#"{"birth_asphyxia": "YES", "fetal_malformation": false, "family_epilepsy": "Unknown",
                "family_cerebral_palsy": null, "short_umbilical_cord": "no"}"#,
        );
        assert!(rec.errors.is_empty(), "{:?}", rec.errors);
        assert_eq!(answer(&r, &rec, "birth_asphyxia"), Answer::Yes);
        assert_eq!(answer(&r, &rec, "fetal_malformation"), Answer::No);
        assert_eq!(answer(&r, &rec, "family_epilepsy"), Answer::Unknown);
        assert_eq!(answer(&r, &rec, "family_cerebral_palsy"), Answer::Unknown);
        assert_eq!(answer(&r, &rec, "short_umbilical_cord"), Answer::No);
        assert_eq!(answer(&r, &rec, "maternal_infection"), Answer::Unanswered);
    }

    #[test]
    fn numbers_come_as_json_numbers_or_written_strings() {
        let r = rules();
        let rec = read(
            &r,
            r#"{"gestational_age_weeks": 31.5, "birth_weight_grams": "4 lb 1 oz"}"#,
        );
        assert!(rec.errors.is_empty(), "{:?}", rec.errors);
        assert_eq!(
            answer(&r, &rec, "gestational_age_weeks"),
            Answer::Number {
                value: 31.5,
                written: None
            }
        );
        match answer(&r, &rec, "birth_weight_grams") {
            Answer::Number { value, written } => {
                assert!((value - 1842.7).abs() < 0.1);
                assert_eq!(written.as_deref(), Some("4 lb 1 oz"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn record_id_is_a_string_or_a_number() {
        let r = rules();
        assert_eq!(
            read(&r, r#"{"id": "a-1"}"#).id,
            Some(RecordId::Text("a-1".into()))
        );
        assert_eq!(
            read(&r, r#"{"id": 17}"#).id,
            Some(RecordId::Number(17.into()))
        );
        // Issue 16: echoed as given, not as a float.
        for id in ["98765432109876543210", "1e2", "-0.50", "17"] {
            let rec = read(&r, &format!("{{\"id\": {id}}}"));
            let Some(RecordId::Number(n)) = &rec.id else {
                panic!("{id}: {:?}", rec.id)
            };
            assert_eq!(n.as_str(), id);
            assert_eq!(serde_json::to_string(&rec.id).unwrap(), id);
        }
        let rec = read(&r, r#"{"id": [1]}"#);
        assert_eq!(
            rec.errors[0].message(&r),
            "expected a string or a number, found an array"
        );
    }

    #[test]
    fn unknown_field_is_an_error_with_a_suggestion() {
        let r = rules();
        let rec = read(&r, r#"{"birth_asphixia": "yes"}"#);
        assert_eq!(rec.errors.len(), 1);
        assert_eq!(rec.errors[0].field.as_deref(), Some("birth_asphixia"));
        assert!(
            rec.errors[0]
                .message(&r)
                .contains("did you mean \"birth_asphyxia\"?")
        );
        assert!(rec.errors[0].message(&r).contains("--allow-extra-fields"));
    }

    #[test]
    fn extra_fields_can_be_allowed() {
        let r = rules();
        let rec = RecordReader {
            rules: &r,
            allow_extra_fields: true,
            codings: None,
        }
        .parse_json(br#"{"site": "north", "nested": {"a": [1]}, "birth_asphyxia": "yes"}"#)
        .unwrap();
        assert!(rec.errors.is_empty());
        assert_eq!(answer(&r, &rec, "birth_asphyxia"), Answer::Yes);
    }

    #[test]
    fn wrong_types_are_errors_naming_what_was_expected() {
        let r = rules();
        let rec = read(
            &r,
            r#"{"birth_asphyxia": 1, "gestational_age_weeks": true, "birth_weight_grams": [1850],
                "fetal_malformation": "maybe"}"#,
        );
        let messages: Vec<(&str, String)> = rec
            .errors
            .iter()
            .map(|e| (e.field.as_deref().unwrap(), e.message(&r)))
            .collect();
        assert_eq!(messages.len(), 4, "{messages:?}");
        assert!(messages[0].1.contains("found the number 1"));
        assert!(messages[1].1.starts_with("expected a number of weeks"));
        assert!(messages[1].1.ends_with("found true"));
        assert!(messages[2].1.ends_with("found an array"));
        assert!(messages[3].1.starts_with("\"maybe\" is not an answer"));
    }

    #[test]
    fn every_problem_has_a_stable_code() {
        let r = rules();
        let codes = |json: &str| -> Vec<&'static str> {
            read(&r, json).errors.iter().map(FieldError::code).collect()
        };
        assert_eq!(codes(r#"{"gestational_age_weeks": 353}"#), ["out_of_range"]);
        assert_eq!(
            codes(r#"{"birth_weight_grams": "1850 gr"}"#),
            ["unknown_unit"]
        );
        assert_eq!(codes(r#"{"birth_weight_grams": "abc"}"#), ["not_a_number"]);
        assert_eq!(codes(r#"{"birth_asphixia": "yes"}"#), ["unknown_field"]);
        assert_eq!(codes(r#"{"birth_asphyxia": "maybe"}"#), ["not_yes_no"]);
        assert_eq!(codes(r#"{"birth_asphyxia": [1]}"#), ["wrong_type"]);
        assert_eq!(codes(r#"{"id": {}}"#), ["invalid_id"]);
        assert_eq!(codes("[1]"), ["not_an_object"]);
        assert_eq!(
            codes(r#"{"gestational_age_weeks": "31+7"}"#),
            ["part_too_large"]
        );
    }

    #[test]
    fn out_of_range_json_numbers_are_errors_not_clamped() {
        let r = rules();
        let rec = read(&r, r#"{"gestational_age_weeks": 353}"#);
        assert_eq!(
            rec.errors[0].message(&r),
            "353 weeks is outside the plausible range 20 to 45 weeks"
        );
        let rec = read(&r, r#"{"birth_weight_grams": -5}"#);
        assert!(rec.errors[0].message(&r).contains("negative"));
    }

    #[test]
    fn seen_sets_of_any_size_refuse_repeats() {
        for n in [1, 64, 65, 200] {
            let mut seen = Seen::new(n);
            for i in 0..n {
                assert!(seen.insert(i), "first time {i} of {n}");
                assert!(!seen.insert(i), "second time {i} of {n}");
            }
        }
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let r = rules();
        let rec = read(&r, r#"{"birth_asphyxia": "yes", "birth_asphyxia": "no"}"#);
        assert_eq!(
            rec.errors[0].message(&r),
            "given twice; give each question once"
        );
    }

    #[test]
    fn non_objects_are_record_errors() {
        let r = rules();
        for (json, found) in [
            ("[1,2]", "an array"),
            ("\"x\"", "a string"),
            ("3", "a number"),
            ("null", "null"),
        ] {
            let rec = read(&r, json);
            assert!(
                rec.errors[0]
                    .message(&r)
                    .ends_with(&format!("found {found}")),
                "{json}"
            );
            assert_eq!(rec.errors[0].field, None);
        }
    }

    #[test]
    fn escaped_strings_are_read() {
        let r = rules();
        let rec = read(&r, r#"{"birth_\u0061sphyxia": "y\u0065s"}"#);
        assert!(rec.errors.is_empty(), "{:?}", rec.errors);
        assert_eq!(answer(&r, &rec, "birth_asphyxia"), Answer::Yes);
    }

    /// A CSV row as it used to be read: the JSON object of its non-blank cells, parsed
    /// with `parse_json`; a cell that is not UTF-8 made the row invalid.
    fn row_through_json(
        reader: &RecordReader<'_>,
        keys: &[&str],
        cells: &[&[u8]],
        row: u64,
    ) -> Record {
        let mut json = b"{".to_vec();
        for (key, cell) in keys.iter().zip(cells) {
            let text = if cell.is_ascii() {
                if cell.trim_ascii().is_empty() {
                    continue;
                }
                std::str::from_utf8(cell).unwrap()
            } else {
                match std::str::from_utf8(cell) {
                    Ok(text) if text.trim().is_empty() => continue,
                    Ok(text) => text,
                    Err(e) => {
                        let problem = RecordProblem::CsvNotUtf8 {
                            row,
                            column: key.to_string(),
                            byte: e.valid_up_to(),
                        };
                        return Record::broken(reader.rules, problem);
                    }
                }
            };
            if json.len() > 1 {
                json.push(b',');
            }
            serde_json::to_writer(&mut json, key).unwrap();
            json.push(b':');
            serde_json::to_writer(&mut json, text).unwrap();
        }
        json.push(b'}');
        reader.parse_json(&json).expect("valid JSON")
    }

    /// Each row read from its cells and through JSON gives the same record.
    fn assert_cells_read_as_json(reader: &RecordReader<'_>, keys: &[&str], rows: &[&[&[u8]]]) {
        for (i, cells) in rows.iter().enumerate() {
            let row = i as u64 + 1;
            let direct = reader.read_cells(
                keys.iter()
                    .copied()
                    .zip(cells.iter().map(|c| std::str::from_utf8(c))),
                row,
            );
            assert_eq!(
                direct,
                row_through_json(reader, keys, cells, row),
                "row {row}"
            );
        }
    }

    #[test]
    fn csv_cells_are_read_as_the_json_object_of_the_row_would_be() {
        let r = rules();
        let reader = RecordReader {
            rules: &r,
            allow_extra_fields: false,
            codings: None,
        };
        let keys = [
            "id",
            "birth_asphyxia",
            "gestational_age_weeks",
            "birth_weight_grams",
            "fetal_malformation",
        ];
        let rows: &[&[&[u8]]] = &[
            &[b"a", b"yes", b"31+4", b"1.2 kg", b""],
            // Blank cells, a vertical tab (not blank as ASCII), a no-break space (blank).
            &[b"", b"  ", b"\x0b", "\u{a0}".as_bytes(), b"no"],
            &[b"x\"y\\z", b"Y", b"31w4d", b"4 lb 1 oz", b"maybe"],
            &[b"tab\tid", b"NA", b"353", b"abc", b"TRUE"],
            &[
                " \u{202e}id ".as_bytes(),
                b"1",
                b"0x1F",
                b"1e3",
                "don\u{2019}t know".as_bytes(),
            ],
            &[b"\n", b"\r\nyes\n", b" 39 ", "\u{3000}".as_bytes(), b"N/A"],
            &[
                b"1",
                "\u{662f}".as_bytes(),
                "31\u{ff0b}4".as_bytes(),
                b"-5",
                b"\x01",
            ],
            // Not UTF-8, after a valid cell and before a bad answer: the row alone is wrong.
            &[b"ok", b"yes", b"\xff", b"\xe2\x82", b"maybe"],
            &[b"ok", b"yes", b"39", b"bad \xe2\x82", b"no"],
            // The id alone is not UTF-8 (its byte is counted from the start of the cell).
            &[b"id\xc3", b"", b"", b"", b""],
        ];
        assert_cells_read_as_json(&reader, &keys, rows);
        // A key given twice, and an unknown key, with and without extra fields allowed.
        let keys = ["birth_asphyxia", "nope", "birth_asphyxia", "id", "id"];
        let rows: &[&[&[u8]]] = &[
            &[b"yes", b"x", b"no", b"a", b"b"],
            &[b"", b"x", b"no", b"", b"b"],
        ];
        assert_cells_read_as_json(&reader, &keys, rows);
        let extra = RecordReader {
            allow_extra_fields: true,
            ..reader
        };
        assert_cells_read_as_json(&extra, &keys, rows);
    }

    #[test]
    fn mapped_csv_cells_are_read_as_the_json_object_of_the_row_would_be() {
        let r = rules();
        let codings = Codings::build(
            &r,
            None,
            &["-9".to_string()],
            &["asphyxia=birth_asphyxia".to_string()],
            &["birth_asphyxia:1=yes,2=no,9=unknown".to_string()],
            &["birth_weight_grams=lb".to_string()],
        )
        .unwrap();
        let reader = RecordReader {
            rules: &r,
            allow_extra_fields: false,
            codings: Some(&codings),
        };
        let keys = ["id", "birth_asphyxia", "birth_weight_grams", "asphyxia"];
        let rows: &[&[&[u8]]] = &[
            &[b"a", b"1", b"7.5", b""],
            &[b"b", b"2", b"-9", b""],
            &[b"c", b"9", b"7 lb", b""],
            &[b"d", b" 1 ", b"3000 g", b""],
            &[b"e", b"3", b"x", b""],
            &[b"f", b"-9", b"", b"1"],
            &[b"-9", b"", b"", b"2"],
        ];
        assert_cells_read_as_json(&reader, &keys, rows);
    }

    #[test]
    fn csv_cells_of_questions_not_asked_are_refused_as_in_json() {
        let r = crate::rules::Embedded::find("evidence").unwrap().load();
        assert!(r.conditional);
        let reader = RecordReader {
            rules: &r,
            allow_extra_fields: false,
            codings: None,
        };
        let keys = ["id", "multiple_birth", "co_twin_death"];
        let rows: &[&[&[u8]]] = &[
            &[b"a", b"no", b"yes"],
            &[b"b", b"yes", b"yes"],
            &[b"c", b"no", b"unknown"],
            &[b"d", b"", b"no"],
        ];
        assert_cells_read_as_json(&reader, &keys, rows);
        let cells = rows[0].iter().map(|c| std::str::from_utf8(c));
        let direct = reader.read_cells(keys.iter().copied().zip(cells), 1);
        assert_eq!(direct.errors[0].code(), "not_asked");
    }

    #[test]
    fn syntax_errors_are_returned_for_placement() {
        let r = rules();
        let reader = RecordReader {
            rules: &r,
            allow_extra_fields: false,
            codings: None,
        };
        assert!(reader.parse_json(br#"{"birth_asphyxia": }"#).is_err());
        assert!(reader.parse_json(br#"{} {}"#).is_err());
    }
}

/// How a dataset writes its answers, when not as cp-screen does: its column (or key) names,
/// its coded answers ("1" for yes, as SPSS and Stata value labels write them), the unit of
/// its bare numbers, and more missing-value codes. From `--map`, `--codes`, `--unit`, `--na`
/// or a mapping file (`--mapping`), checked against the rule set.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Codings {
    /// More codes that mean "unknown" (beside empty, NA, N/A, ".", Don't know).
    pub missing: Vec<String>,
    /// A dataset column and the question id (or `id`) it holds.
    pub columns: std::collections::BTreeMap<String, String>,
    /// Per question id: each code and the answer it stands for.
    pub codes: std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>>,
    /// Per number question id: the unit symbol of its bare numbers.
    pub units: std::collections::BTreeMap<String, String>,
    /// The same, resolved: codes and units by question index.
    #[serde(skip)]
    by_question: Vec<QuestionCodings>,
}

/// One question's codes (code, answer) and the unit of its bare numbers.
type QuestionCodings = (Option<Vec<(String, String)>>, Option<String>);

/// A mapping that does not fit the rule set.
#[derive(Debug, Clone, PartialEq)]
pub enum MappingProblem {
    /// `COLUMN=QUESTION`, `QUESTION:CODE=ANSWER,...` or `QUESTION=UNIT` written otherwise.
    Syntax { option: &'static str, text: String },
    UnknownQuestion {
        id: String,
        suggestion: Option<String>,
    },
    /// A unit for a question that is not a number question, or a unit it does not have.
    BadUnit {
        question: String,
        unit: String,
        known: Vec<String>,
    },
    /// A code that stands for something that is not an answer to its question.
    BadAnswer {
        question: String,
        code: String,
        answer: String,
    },
    /// The mapping file cannot be read as one.
    File { what: String },
}

impl MappingProblem {
    pub fn code(&self) -> &'static str {
        match self {
            MappingProblem::Syntax { .. } | MappingProblem::File { .. } => "invalid_mapping",
            MappingProblem::UnknownQuestion { .. } => "unknown_question",
            MappingProblem::BadUnit { .. } => "unknown_unit",
            MappingProblem::BadAnswer { .. } => "invalid_code",
        }
    }
}

/// A mapping file: `{"columns": {...}, "codes": {...}, "units": {...}, "missing": [...]}`.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MappingFile {
    #[serde(default)]
    pub missing: Vec<String>,
    #[serde(default)]
    pub columns: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    pub codes: std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>>,
    #[serde(default)]
    pub units: std::collections::BTreeMap<String, String>,
}

impl Codings {
    /// Builds and checks the codings from a mapping file (if any) and the options, which
    /// add to it.
    pub fn build(
        rules: &RuleSet,
        file: Option<MappingFile>,
        na: &[String],
        map: &[String],
        codes: &[String],
        units: &[String],
    ) -> Result<Codings, MappingProblem> {
        let mut c = Codings::default();
        if let Some(f) = file {
            c.missing = f.missing;
            c.columns = f.columns;
            c.codes = f.codes;
            c.units = f.units;
        }
        c.missing.extend(na.iter().map(|s| s.trim().to_string()));
        let split = |option: &'static str, text: &str, sep: char| {
            text.split_once(sep)
                .map(|(a, b)| (a.trim().to_string(), b.trim().to_string()))
                .filter(|(a, b)| !a.is_empty() && !b.is_empty())
                .ok_or(MappingProblem::Syntax {
                    option,
                    text: text.to_string(),
                })
        };
        for m in map {
            let (column, question) = split("--map", m, '=')?;
            c.columns.insert(column, question);
        }
        for spec in codes {
            let (question, list) = split("--codes", spec, ':')?;
            let entry = c.codes.entry(question).or_default();
            for pair in list.split(',') {
                let (code, answer) = split("--codes", pair, '=')?;
                entry.insert(code, answer);
            }
        }
        for u in units {
            let (question, unit) = split("--unit", u, '=')?;
            c.units.insert(question, unit);
        }
        let question = |id: &str| {
            rules
                .question_index(id)
                .ok_or_else(|| MappingProblem::UnknownQuestion {
                    id: id.to_string(),
                    suggestion: question_suggestion(id, rules),
                })
        };
        for target in c.columns.values() {
            if target != "id" {
                question(target)?;
            }
        }
        c.by_question = vec![(None, None); rules.questions.len()];
        for (id, list) in &c.codes {
            let qi = question(id)?;
            for (code, answer) in list {
                if answer_from_text(answer, &rules.questions[qi]).is_err() {
                    return Err(MappingProblem::BadAnswer {
                        question: id.clone(),
                        code: code.clone(),
                        answer: answer.clone(),
                    });
                }
            }
            c.by_question[qi].0 = Some(list.iter().map(|(k, v)| (k.clone(), v.clone())).collect());
        }
        for (id, unit) in &c.units {
            let qi = question(id)?;
            let known: Vec<String> = match &rules.questions[qi].kind {
                QuestionKind::Number(spec) => spec.units.iter().map(|u| u.symbol.clone()).collect(),
                QuestionKind::YesNo => Vec::new(),
            };
            if !known.contains(unit) {
                return Err(MappingProblem::BadUnit {
                    question: id.clone(),
                    unit: unit.clone(),
                    known,
                });
            }
            c.by_question[qi].1 = Some(unit.clone());
        }
        Ok(c)
    }

    /// Whether there is nothing to map.
    pub fn is_empty(&self) -> bool {
        self.missing.is_empty()
            && self.columns.is_empty()
            && self.codes.is_empty()
            && self.units.is_empty()
    }

    /// The question id (or `id`) a dataset column or key stands for, if mapped.
    pub fn column(&self, name: &str) -> Option<&str> {
        let name = name.trim();
        self.columns
            .iter()
            .find(|(column, _)| column.eq_ignore_ascii_case(name))
            .map(|(_, q)| q.as_str())
    }

    /// `text` as the answer it stands for: a code's answer, a missing code as "unknown", a
    /// bare number with its unit; `None` when there is nothing to change.
    fn recode(&self, question: usize, text: &str) -> Option<String> {
        let text = text.trim();
        if is_missing(text, &self.missing) {
            return Some("unknown".into());
        }
        let (codes, unit) = self.by_question.get(question)?;
        if let Some(answer) = codes
            .as_ref()
            .and_then(|c| c.iter().find(|(code, _)| code.eq_ignore_ascii_case(text)))
        {
            return Some(answer.1.clone());
        }
        if let Some(unit) = unit
            && text.parse::<f64>().is_ok()
        {
            return Some(format!("{text} {unit}"));
        }
        None
    }
}
