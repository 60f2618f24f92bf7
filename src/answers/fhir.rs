//! FHIR R4 QuestionnaireResponses read as answer records. Answers are matched to
//! questions by `linkId`, through nested groups and answers' own items, and each answer
//! goes through exactly the same conversion as a JSON answer (`RecordReader::apply`): the
//! same notations, range checks, codings and error codes. Form tools send answers in
//! different shapes, and all of these are read:
//!
//! - `valueBoolean`; `valueCoding` with LOINC LA33-6 / LA32-8 / LA4489-6, HL7 v2-0136
//!   `Y` / `N`, SNOMED CT 373066001 / 373067005 (yes / no), any v3 NullFlavor, or a
//!   data-absent-reason code that means unknown (`asked-unknown`, R4's `yesnodontknow`
//!   "Don't know"); a coding with only a `display` is read as text;
//! - `valueString`, with every notation of JSON input ("31+4", "1.85 kg");
//! - `valueDecimal`, `valueInteger`: the question's base unit;
//! - `valueQuantity` with a UCUM `code` or only a `unit` text, matched against the units
//!   of the rule file.
//!
//! An item without an answer is unknown.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::{FieldError, Raw, Record, RecordId, RecordReader, Seen};
use crate::fhir::codes::{
    DATA_ABSENT_REASON, DATA_ABSENT_UNKNOWN, LOINC, LOINC_NO, LOINC_UNKNOWN, LOINC_YES,
    NULL_FLAVOR, SNOMED, SNOMED_NO, SNOMED_YES, UCUM, V2_YES_NO, V2_YES_NO_0532,
};
use crate::problem::{FhirProblem, RecordProblem};
use crate::rules::QuestionKind;

/// What a FHIR result points back to: the response itself and its subject.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ResponseRef {
    /// The response's logical `id`.
    pub id: Option<String>,
    pub identifier: Option<Identifier>,
    pub subject: Option<Reference>,
    /// The canonical of the other questionnaire the response answers, when its linkIds
    /// were mapped (`--map`) to this rule set's questions.
    pub questionnaire: Option<String>,
    /// When the answers were given (`authored`, an R4 dateTime).
    pub authored: Option<String>,
    /// The linkIds of answered items that are not questions, ignored with
    /// `--allow-extra-fields` (the first [`MAX_IGNORED`]), so that the result can say so.
    pub ignored: Vec<String>,
}

/// The most ignored linkIds a result names.
pub const MAX_IGNORED: usize = 20;

/// An R4 Identifier, as far as cp-screen passes it on.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, serde::Serialize)]
#[serde(expecting = "an Identifier object")]
pub struct Identifier {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// An R4 Reference (to the subject), as far as cp-screen passes it on.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, serde::Serialize)]
#[serde(expecting = "a Reference object")]
pub struct Reference {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<Identifier>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
}

/// A string R4 can carry: not empty, no control character (R4 `string` is
/// `[ \r\n\t\S]+`), and for a `uri` no white space at all; else absent, as R4 says of an
/// element without a proper value.
fn fhir_string(text: Option<String>, uri: bool) -> Option<String> {
    text.filter(|t| {
        !t.trim().is_empty()
            && !t.chars().any(|c| {
                (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || (uri && c.is_whitespace())
            })
    })
}

impl Identifier {
    /// Only what R4 can carry; `None` when nothing is left.
    fn cleaned(self) -> Option<Identifier> {
        let cleaned = Identifier {
            system: fhir_string(self.system, true),
            value: fhir_string(self.value, false),
        };
        (cleaned.system.is_some() || cleaned.value.is_some()).then_some(cleaned)
    }
}

impl Reference {
    /// Only what R4 can carry; `None` when nothing is left.
    fn cleaned(self) -> Option<Reference> {
        let cleaned = Reference {
            reference: fhir_string(self.reference, false)
                .filter(|r| !r.chars().any(char::is_whitespace)),
            kind: fhir_string(self.kind, true),
            identifier: self.identifier.and_then(Identifier::cleaned),
            display: fhir_string(self.display, false),
        };
        let any = cleaned.reference.is_some()
            || cleaned.identifier.is_some()
            || cleaned.display.is_some();
        any.then_some(cleaned)
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", expecting = "a QuestionnaireResponse object")]
struct Response<'a> {
    #[serde(borrow, default)]
    resource_type: Option<Cow<'a, str>>,
    #[serde(default)]
    id: Option<String>,
    #[serde(borrow, default)]
    identifier: Option<&'a RawValue>,
    #[serde(borrow, default)]
    questionnaire: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    status: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    subject: Option<&'a RawValue>,
    #[serde(borrow, default)]
    authored: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    item: Vec<Item<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", expecting = "an item object")]
struct Item<'a> {
    #[serde(borrow)]
    link_id: Cow<'a, str>,
    #[serde(borrow, default)]
    answer: Vec<Answer<'a>>,
    #[serde(borrow, default)]
    item: Vec<Item<'a>>,
}

#[derive(Deserialize)]
#[serde(expecting = "a Coding object")]
struct Coding<'a> {
    #[serde(borrow, default)]
    system: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    code: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    display: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
#[serde(expecting = "a Quantity object")]
struct Quantity<'a> {
    #[serde(default)]
    value: Option<serde_json::Number>,
    #[serde(borrow, default)]
    comparator: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    unit: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    system: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    code: Option<Cow<'a, str>>,
}

/// A string borrowed from the input when it has no escapes.
#[derive(Deserialize)]
struct Text<'a>(#[serde(borrow)] Cow<'a, str>);

/// One answer's `value[x]`.
enum Value<'a> {
    Boolean(bool),
    Number(serde_json::Number),
    String(Cow<'a, str>),
    Coding(Coding<'a>),
    Quantity(Quantity<'a>),
    /// A `value[x]` cp-screen does not read (`valueDate`, `valueAttachment`...).
    Other(String),
}

struct Answer<'a> {
    /// Every `value[x]` of the answer (R4 allows one; more is an error).
    values: Vec<Value<'a>>,
    item: Vec<Item<'a>>,
}

impl<'de: 'a, 'a> Deserialize<'de> for Answer<'a> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct AnswerVisitor<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for AnswerVisitor<'a> {
            type Value = Answer<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a QuestionnaireResponse answer object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Answer<'a>, A::Error> {
                let mut answer = Answer {
                    values: Vec::new(),
                    item: Vec::new(),
                };
                while let Some(Text(key)) = map.next_key::<Text<'a>>()? {
                    let value = match key.as_ref() {
                        "valueBoolean" => Value::Boolean(map.next_value()?),
                        "valueDecimal" | "valueInteger" => Value::Number(map.next_value()?),
                        "valueString" => Value::String(map.next_value::<Text<'a>>()?.0),
                        "valueCoding" => Value::Coding(map.next_value()?),
                        "valueQuantity" => Value::Quantity(map.next_value()?),
                        "item" => {
                            answer.item = map.next_value()?;
                            continue;
                        }
                        other if other.starts_with("value") => {
                            map.next_value::<IgnoredAny>()?;
                            Value::Other(other.to_string())
                        }
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                            continue;
                        }
                    };
                    answer.values.push(value);
                }
                Ok(answer)
            }
        }
        d.deserialize_map(AnswerVisitor(std::marker::PhantomData))
    }
}

impl RecordReader<'_> {
    /// Reads one QuestionnaireResponse as a record. A JSON syntax error is returned as
    /// `Err` so the caller can place it; a response of the wrong shape (an item without a
    /// `linkId`, `item` that is not a list) is a `fhir_invalid` error of the record.
    pub fn parse_fhir(&self, bytes: &[u8]) -> Result<Record, serde_json::Error> {
        let mut de = serde_json::Deserializer::from_slice(bytes);
        let response = match Response::deserialize(&mut de).and_then(|r| de.end().map(|()| r)) {
            Ok(response) => response,
            Err(e) if e.is_data() => {
                // Read again, only to say where the shape is wrong.
                let mut de = serde_json::Deserializer::from_slice(bytes);
                let path = match serde_path_to_error::deserialize::<_, Response<'_>>(&mut de) {
                    Err(placed) => placed.path().to_string(),
                    Ok(_) => String::new(),
                };
                let problem = FhirProblem::Structure {
                    path,
                    what: shape_problem(&e),
                };
                return Ok(Record::broken(self.rules, RecordProblem::Fhir(problem)));
            }
            Err(e) => return Err(e),
        };
        Ok(self.response_record(response))
    }

    fn response_record(&self, response: Response<'_>) -> Record {
        let rules = self.rules;
        let mut record = Record::new(rules);
        let fail = |record: &mut Record, field: &str, problem: FhirProblem| {
            record
                .errors
                .push(FieldError::field(field, RecordProblem::Fhir(problem)));
        };
        match response.resource_type.as_deref() {
            Some("QuestionnaireResponse") => {}
            other => {
                let found = other.map(str::to_string);
                fail(
                    &mut record,
                    "resourceType",
                    FhirProblem::NotAResponse { found },
                );
                return record;
            }
        }
        // Read strictly: they are passed on into results, which must stay valid FHIR.
        let identifier: Option<Identifier> = shaped(
            response.identifier,
            ("identifier", "an Identifier object (one, not a list)"),
            &mut record,
        );
        let subject: Option<Reference> = shaped(
            response.subject,
            ("subject", "a Reference object"),
            &mut record,
        );
        let identifier = identifier.and_then(Identifier::cleaned);
        let subject = subject.and_then(Reference::cleaned);
        let identifier_value = identifier.as_ref().and_then(|i| i.value.clone());
        record.id = response.id.clone().or(identifier_value).map(RecordId::Text);
        record.response = Some(Box::new(ResponseRef {
            id: response.id,
            identifier,
            subject,
            questionnaire: None,
            authored: None,
            ignored: Vec::new(),
        }));
        if let Some(authored) = response.authored.as_deref() {
            if is_date_time(authored) {
                if let Some(r) = record.response.as_mut() {
                    r.authored = Some(authored.to_string());
                }
            } else {
                let problem = FhirProblem::Structure {
                    path: "authored".to_string(),
                    what: format!(
                        "{authored:?} is not a FHIR dateTime (YYYY, YYYY-MM, YYYY-MM-DD or \
                         YYYY-MM-DDThh:mm:ss with Z or an offset)"
                    ),
                };
                fail(&mut record, "authored", problem);
            }
        }
        if let Some(canonical) = response.questionnaire.as_deref() {
            let (url, version) = match canonical.split_once('|') {
                Some((url, version)) => (url, Some(version)),
                None => (canonical, None),
            };
            let expected_url = rules.questionnaire_url();
            let other = url != expected_url || version.is_some_and(|v| v != rules.version());
            // Mapped linkIds (`--map`) say how another questionnaire's answers are read:
            // screened, with the questionnaire it answers kept in the result.
            let mapped = self.codings.is_some_and(|c| !c.columns.is_empty());
            if other && mapped {
                if let Some(r) = record.response.as_mut() {
                    r.questionnaire = Some(canonical.to_string());
                }
            } else if other {
                let embedded = embedded_rule_set_of(url).filter(|_| url != expected_url);
                fail(
                    &mut record,
                    "questionnaire",
                    FhirProblem::OtherQuestionnaire {
                        found: canonical.to_string(),
                        expected: format!("{expected_url}|{}", rules.version()),
                        embedded: embedded.map(str::to_string),
                    },
                );
                return record;
            }
        }
        if response.status.as_deref() == Some("entered-in-error") {
            fail(&mut record, "status", FhirProblem::EnteredInError);
            return record;
        }
        let mut seen = Seen::new(rules.questions().len());
        self.read_items(&mut record, &response.item, &mut seen);
        record
    }

    /// Reads the answers of `items` and of the items nested in them.
    fn read_items(&self, record: &mut Record, items: &[Item<'_>], seen: &mut Seen) {
        for item in items {
            let link_id = item.link_id.as_ref();
            let mapped = self
                .codings
                .and_then(|c| c.column(link_id))
                .unwrap_or(link_id);
            // `id` is the record id's key in JSON, never a question's: as a linkId it is
            // refused like any other that is not a question.
            let question = (mapped != "id")
                .then(|| self.rules.question_index(mapped))
                .flatten();
            match (question, item.answer.as_slice()) {
                // No answer: unknown, for a question; a group or a text otherwise.
                (Some(_), []) => self.apply(record, link_id, Raw::Null, seen),
                (None, []) => {}
                (None, _) if mapped == "id" => {
                    if !self.allow_extra_fields {
                        let problem = crate::answers::unknown_field(link_id, self.rules);
                        record.push_error(FieldError::field(link_id, problem));
                    }
                }
                // Not a question: refused as a JSON key is, or ignored whatever its answers
                // are (a visit date, an attachment, several) with --allow-extra-fields, and
                // noted in the result.
                (None, _) => {
                    if self.allow_extra_fields
                        && let Some(response) = record.response.as_mut()
                        && response.ignored.len() < MAX_IGNORED
                    {
                        response.ignored.push(link_id.to_string());
                    }
                    self.apply(record, link_id, Raw::Null, seen)
                }
                (Some(_), [answer]) => self.read_answer(record, link_id, question, answer, seen),
                (Some(_), several) => record.push_error(FieldError::field(
                    link_id,
                    RecordProblem::Fhir(FhirProblem::SeveralAnswers {
                        count: several.len(),
                    }),
                )),
            }
            // Items nested in answers, then in the item itself.
            for answer in &item.answer {
                self.read_items(record, &answer.item, seen);
            }
            self.read_items(record, &item.item, seen);
        }
    }

    fn read_answer(
        &self,
        record: &mut Record,
        link_id: &str,
        question: Option<usize>,
        answer: &Answer<'_>,
        seen: &mut Seen,
    ) {
        let fail = |record: &mut Record, problem: FhirProblem| {
            record
                .errors
                .push(FieldError::field(link_id, RecordProblem::Fhir(problem)));
        };
        let value = match answer.values.as_slice() {
            [] => return fail(record, FhirProblem::NoValue),
            [value] => value,
            several => {
                return fail(
                    record,
                    FhirProblem::SeveralAnswers {
                        count: several.len(),
                    },
                );
            }
        };
        // A key that is not a question is refused (or ignored) by `apply` as in JSON.
        let raw = match value {
            Value::Boolean(b) => Raw::Bool(*b),
            Value::Number(n) => Raw::Num(n.clone()),
            Value::String(s) => Raw::Str(Cow::Borrowed(s.as_ref())),
            Value::Other(key) => {
                return fail(record, FhirProblem::UnsupportedValue { key: key.clone() });
            }
            Value::Coding(coding) => match coding_answer(coding) {
                Ok(raw) => raw,
                Err(problem) => return fail(record, problem),
            },
            Value::Quantity(quantity) => match self.quantity_answer(question, quantity) {
                Ok(raw) => raw,
                Err(problem) => return fail(record, problem),
            },
        };
        self.apply(record, link_id, raw, seen);
    }

    /// A quantity as the answer of a number question: a bare number in the question's base
    /// unit, or the number with the unit's symbol for the notation parser ("4.2 lb").
    fn quantity_answer<'a>(
        &self,
        question: Option<usize>,
        quantity: &'a Quantity<'a>,
    ) -> Result<Raw<'a>, FhirProblem> {
        if let Some(comparator) = &quantity.comparator {
            return Err(FhirProblem::Comparator {
                comparator: comparator.to_string(),
            });
        }
        let Some(value) = &quantity.value else {
            return Err(FhirProblem::NoValue);
        };
        let spec = match question.map(|q| &self.rules.questions()[q].kind) {
            Some(QuestionKind::Number(spec)) => spec,
            // Not a number question: `apply` says what it expected.
            _ => return Ok(Raw::Object),
        };
        let ucum_code = quantity
            .code
            .as_deref()
            .filter(|_| quantity.system.as_deref().is_none_or(|s| s == UCUM));
        let symbol: Option<&str> = if let Some(code) = ucum_code {
            if spec.ucum.as_deref() == Some(code) {
                None
            } else if let Some(unit) = spec.units.iter().find(|u| u.ucum.as_deref() == Some(code)) {
                Some(&unit.symbol)
            } else {
                return Err(FhirProblem::UnknownUnit {
                    unit: code.to_string(),
                    accepted: accepted_units(spec),
                });
            }
        } else if let Some(text) = quantity.unit.as_deref().or(quantity.code.as_deref()) {
            let lower = text.trim().to_lowercase();
            if lower == spec.unit.to_lowercase() {
                None
            } else if let Some(unit) = spec.units.iter().find(|u| u.symbol.to_lowercase() == lower)
            {
                Some(&unit.symbol)
            } else if let Some(name) = spec
                .units
                .iter()
                .flat_map(|u| &u.names)
                .find(|n| **n == lower)
            {
                // The name as written: a bare 斤 is the region's, which the notation
                // parser decides (or refuses), as for every other input.
                Some(name)
            } else {
                return Err(FhirProblem::UnknownUnit {
                    unit: text.to_string(),
                    accepted: accepted_units(spec),
                });
            }
        } else {
            None
        };
        Ok(match symbol {
            None => Raw::Num(value.clone()),
            // As a person writes it, for the notation parser and the echo: f64's Display
            // never uses an exponent ("1e-7" is "0.0000001"), which notations do not take.
            Some(symbol) => {
                let value = value.as_f64().unwrap_or(f64::NAN);
                Raw::Str(Cow::Owned(format!("{value} {symbol}")))
            }
        })
    }
}

/// Whether `text` is an R4 `dateTime`: a year, a month or a day, or a time to the second
/// with its zone (the R4 pattern, checked by hand).
fn is_date_time(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |from: usize, n: usize| {
        b.get(from..from + n)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    let number = |from: usize, n: usize| -> u32 {
        b[from..from + n]
            .iter()
            .fold(0, |v, d| v * 10 + u32::from(d - b'0'))
    };
    if !digits(0, 4) || number(0, 4) == 0 {
        return false;
    }
    match b.len() {
        4 => return true,
        7 | 10 => {}
        n if n >= 20 => {}
        _ => return false,
    }
    if b[4] != b'-' || !digits(5, 2) || !(1..=12).contains(&number(5, 2)) {
        return false;
    }
    if b.len() == 7 {
        return true;
    }
    if b[7] != b'-' || !digits(8, 2) || !(1..=31).contains(&number(8, 2)) {
        return false;
    }
    if b.len() == 10 {
        return true;
    }
    let time_ok = b[10] == b'T'
        && digits(11, 2)
        && number(11, 2) <= 23
        && b[13] == b':'
        && digits(14, 2)
        && number(14, 2) <= 59
        && b[16] == b':'
        && digits(17, 2)
        && number(17, 2) <= 60;
    if !time_ok {
        return false;
    }
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match &b[i..] {
        [b'Z'] => true,
        [sign, ..] if (*sign == b'+' || *sign == b'-') && b.len() == i + 6 => {
            digits(i + 1, 2)
                && b[i + 3] == b':'
                && digits(i + 4, 2)
                && number(i + 4, 2) <= 59
                && (number(i + 1, 2) <= 13 || (number(i + 1, 2) == 14 && number(i + 4, 2) == 0))
        }
        _ => false,
    }
}

/// What serde says is wrong with a shape, without its place (the record is placed by
/// the caller; a line and column inside a record would mislead).
fn shape_problem(e: &serde_json::Error) -> String {
    let what = e.to_string();
    match what.rfind(" at line ") {
        Some(i) => what[..i].to_string(),
        None => what,
    }
}

/// `raw` read as a `T`, or a `fhir_invalid` error of `field` saying it is not `expected`.
fn shaped<T: serde::de::DeserializeOwned>(
    raw: Option<&RawValue>,
    (field, expected): (&str, &str),
    record: &mut Record,
) -> Option<T> {
    let raw = raw?.get();
    // serde would read a struct from a list too, field by field.
    let parsed = if raw.starts_with('{') {
        serde_json::from_str(raw).map_err(|e| shape_problem(&e))
    } else {
        Err(format!("expected {expected}"))
    };
    match parsed {
        Ok(value) => Some(value),
        Err(what) => {
            let path = field.to_string();
            let problem = RecordProblem::Fhir(FhirProblem::Structure { path, what });
            record.push_error(FieldError::field(field, problem));
            None
        }
    }
}

/// The name of the embedded rule set whose Questionnaire has the canonical `url`, to
/// suggest `--rule-set NAME` (worked out once, on the first response for another one).
fn embedded_rule_set_of(url: &str) -> Option<&'static str> {
    static URLS: std::sync::OnceLock<Vec<(String, &'static str)>> = std::sync::OnceLock::new();
    let urls = URLS.get_or_init(|| {
        crate::rules::EMBEDDED
            .iter()
            .map(|e| (e.load().questionnaire_url(), e.name))
            .collect()
    });
    urls.iter().find(|(u, _)| u == url).map(|(_, name)| *name)
}

/// The UCUM codes a number question takes, its base unit's first.
fn accepted_units(spec: &crate::rules::NumberSpec) -> Vec<String> {
    let mut codes: Vec<String> = spec.ucum.iter().cloned().collect();
    for unit in &spec.units {
        if let Some(code) = &unit.ucum
            && !codes.contains(code)
        {
            codes.push(code.clone());
        }
    }
    codes
}

/// A coded answer as yes (true), no (false) or unknown (null).
fn coding_answer<'a>(coding: &'a Coding<'a>) -> Result<Raw<'a>, FhirProblem> {
    let system = coding.system.as_deref();
    let Some(code) = coding.code.as_deref() else {
        // Only a display: read like a written answer ("Yes", "Don't know").
        return match &coding.display {
            Some(display) => Ok(Raw::Str(Cow::Borrowed(display.as_ref()))),
            None => Err(FhirProblem::NoValue),
        };
    };
    // HL7 v2 yes / no, by its R4 table (0136) or its current one (0532).
    let system = system.map(|s| if s == V2_YES_NO_0532 { V2_YES_NO } else { s });
    let answer = match (system, code) {
        (Some(LOINC) | None, LOINC_YES)
        | (Some(V2_YES_NO) | None, "Y")
        | (Some(SNOMED) | None, SNOMED_YES) => Some(Raw::Bool(true)),
        (Some(LOINC) | None, LOINC_NO)
        | (Some(V2_YES_NO) | None, "N")
        | (Some(SNOMED) | None, SNOMED_NO) => Some(Raw::Bool(false)),
        (Some(LOINC) | None, LOINC_UNKNOWN) | (Some(NULL_FLAVOR), _) | (None, "UNK" | "ASKU") => {
            Some(Raw::Null)
        }
        (Some(DATA_ABSENT_REASON) | None, code) if DATA_ABSENT_UNKNOWN.contains(&code) => {
            Some(Raw::Null)
        }
        _ => None,
    };
    answer.ok_or_else(|| FhirProblem::UnknownCoding {
        system: system.map(str::to_string),
        code: code.to_string(),
    })
}
