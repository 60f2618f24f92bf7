//! `--format fhir`: FHIR R4 NDJSON, one Bundle (type `collection`) per record, in input
//! order. A screened record's Bundle holds a RiskAssessment and its Observations; an
//! invalid record's Bundle holds an OperationOutcome with its error codes in order, so that
//! nothing is lost. A screened record with answers read as unknown (`--field-errors
//! not-assessed`) has their errors too, in an OperationOutcome of `warning` issues after
//! its Observations.
//!
//! Two shapes (`--fhir`): `full`, an Observation per factor (its `code` the factor id in the
//! rule set's code system, `cp-screen export codesystem`, and nothing else: the ICD-10 codes
//! of a factor are not equivalent to it, and are properties of its concept in that code
//! system); and `compact`, one Observation whose components are the factors present or
//! not assessed (a factor not listed was assessed and is absent, or does not apply).
//! Present and absent are SNOMED CT qualifier values; a factor not assessed (or not
//! applicable) has a `dataAbsentReason` instead of a value.
//!
//! The RiskAssessment never carries a `prediction`: cp-screen gives no probability and no
//! risk grade. Its `note`s are the rule set's not-a-diagnosis and see-a-clinician
//! sentences, and its warning signs (when the rule file has them). A response's `authored`
//! is the RiskAssessment's `occurrenceDateTime` and each Observation's `effectiveDateTime`;
//! the run's instant (`SOURCE_DATE_EPOCH` when set) is the Bundle's `timestamp` and each
//! Observation's `issued`.
//!
//! Written by hand from fragments made once per run (the rule set's codes, notes and
//! values), not built as `serde_json::Value`s: a million records take seconds, not minutes.
//! `fullUrl`s are name-based UUIDs (v5) of the rule set, the input's name, the record's
//! place, id and answers, so the same input gives the same output, and different records
//! (or the same one elsewhere) get different ones.

use serde_json::{Value, json};

use super::Output;
use crate::answers::ResponseRef;
use crate::engine::{ScreenResult, Status};
use crate::fhir;
use crate::fhir::codes::{
    DATA_ABSENT_REASON, OBSERVATION_CATEGORY, SNOMED, SNOMED_ABSENT, SNOMED_PRESENT,
};
use crate::problem::{FhirProblem, RecordProblem};
use crate::rules::RuleSet;
use crate::words::{self, Place};

/// `--fhir`: the shape of `--format fhir` results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum FhirShape {
    /// A RiskAssessment and an Observation per factor.
    #[default]
    Full,
    /// A RiskAssessment and one Observation with a component per factor present or not
    /// assessed.
    Compact,
}

/// How FHIR results are written, beyond the rule set (whose `fhir` names the URLs).
#[derive(Debug, Clone, Default)]
pub struct FhirOptions {
    pub shape: FhirShape,
    /// `--id-system`: the `system` of the subject identifier made from a record's id.
    pub id_system: Option<String>,
    /// The run's instant (`YYYY-MM-DDThh:mm:ssZ`): the Bundle's `timestamp`, the
    /// Observations' `issued`. None: left out.
    pub issued: Option<String>,
}

/// The run's instant as FHIR writes it: now, or `SOURCE_DATE_EPOCH` when set (for output
/// that must come out the same every time).
pub fn run_instant() -> String {
    crate::clock::date_time(crate::clock::now())
}

pub struct Fhir<'r> {
    rules: &'r RuleSet,
    shape: FhirShape,
    id_system: Option<String>,
    /// `{"resourceType":"Bundle","type":"collection","timestamp":...,"entry":[`.
    bundle_head: Vec<u8>,
    /// An Observation up to its `code`, and each factor's `code` (its own coding only).
    observation_head: Vec<u8>,
    codes: Vec<Vec<u8>>,
    /// `,"issued":...` or nothing.
    issued: Vec<u8>,
    /// The value (or `dataAbsentReason`) of each status, as a member.
    values: [Vec<u8>; 4],
    /// `,"method":..,"code":..` of the RiskAssessment, its notes without the closing `]`,
    /// and the follow-up note.
    assessment_middle: Vec<u8>,
    notes: Vec<u8>,
    follow_up: Vec<u8>,
    /// The compact Observation up to its components.
    compact_head: Vec<u8>,
    /// The name the record UUIDs are made from.
    namespace: uuid::Uuid,
    /// The name of the one input (several inputs name their own in each result).
    input: Option<std::sync::Arc<str>>,
    /// The code system of cp-screen's error codes (`errors[].code`) in OperationOutcomes.
    error_codes: String,
}

/// `value` as JSON, with what a terminal would act on escaped.
fn json_bytes(value: &Value) -> Vec<u8> {
    let mut out = serde_json::to_vec(value).unwrap_or_default();
    super::json::escape_invisible(&mut out, 0);
    out
}

/// Appends `text` as a JSON string, with what a terminal would act on escaped.
fn push_str(buf: &mut Vec<u8>, text: &str) {
    let start = buf.len();
    let _ = serde_json::to_writer(&mut *buf, text);
    super::json::escape_invisible(buf, start);
}

/// Text from an input (a file name, an id) as an R4 `string` takes it: control characters
/// shown as escapes, never empty.
fn fhir_text(text: &str) -> String {
    let escaped = crate::sanitize::escape_control(text);
    if escaped.trim().is_empty() {
        format!("{escaped:?}")
    } else {
        escaped.into_owned()
    }
}

impl<'r> Fhir<'r> {
    pub fn new(
        rules: &'r RuleSet,
        input: Option<std::sync::Arc<str>>,
        options: &FhirOptions,
    ) -> Fhir<'r> {
        let system = rules.factor_code_system();
        let codes = rules
            .factors()
            .iter()
            .map(|f| {
                json_bytes(&json!({
                    "coding": [{"system": system, "code": f.id, "display": f.name}],
                    "text": f.name,
                }))
            })
            .collect();
        let report = &rules.report;
        let notes: Vec<Value> = [
            &report.not_a_diagnosis,
            &report.none_does_not_rule_out,
            &report.see_clinician,
        ]
        .into_iter()
        .chain(&report.warning_signs)
        .map(|text| json!({"text": text.trim()}))
        .collect();
        let mut notes = json_bytes(&Value::Array(notes));
        notes.pop(); // the closing `]`: a follow-up note may come
        let follow_up = json_bytes(&json!({"text": report.follow_up.trim()}));
        // Names, not words: the same in every language.
        let method = json!({"text": format!("cp-screen {} sha256:{}", rules.tag(), rules.sha256)});
        let mut assessment_middle = b",\"method\":".to_vec();
        assessment_middle.extend(json_bytes(&method));
        assessment_middle.extend(b",\"code\":");
        assessment_middle.extend(json_bytes(&json!({"text": rules.title()})));
        let category = json!([{"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}]);
        let mut observation_head =
            b"{\"resourceType\":\"Observation\",\"status\":\"final\",\"category\":".to_vec();
        observation_head.extend(json_bytes(&category));
        let mut compact_head = observation_head.clone();
        compact_head.extend(b",\"code\":");
        // The rule set's title only: its factor code system has no code for the whole list.
        compact_head.extend(json_bytes(&json!({"text": rules.title()})));
        observation_head.extend(b",\"code\":");
        let value = |status: Status| -> Vec<u8> {
            let member = match (status, fhir::absent_reason(status)) {
                (_, Some(reason)) => {
                    json!({"dataAbsentReason": {"coding": [{"system": DATA_ABSENT_REASON, "code": reason}]}})
                }
                (Status::Present, None) => json!({"valueCodeableConcept": {
                    "coding": [{"system": SNOMED, "code": SNOMED_PRESENT, "display": "Present"}],
                    "text": status.id(),
                }}),
                (_, None) => json!({"valueCodeableConcept": {
                    "coding": [{"system": SNOMED, "code": SNOMED_ABSENT, "display": "Absent"}],
                    "text": status.id(),
                }}),
            };
            // `{"k":v}` less its braces: a member to append after a comma.
            let bytes = json_bytes(&member);
            bytes[1..bytes.len() - 1].to_vec()
        };
        let values = [
            value(Status::Present),
            value(Status::Absent),
            value(Status::NotAssessed),
            value(Status::NotApplicable),
        ];
        let mut bundle_head = b"{\"resourceType\":\"Bundle\",\"type\":\"collection\"".to_vec();
        let mut issued = Vec::new();
        if let Some(instant) = &options.issued {
            bundle_head.extend(b",\"timestamp\":");
            push_str(&mut bundle_head, instant);
            issued.extend(b",\"issued\":");
            push_str(&mut issued, instant);
        }
        bundle_head.extend(b",\"entry\":[");
        let base = rules.fhir_base();
        let namespace = uuid::Uuid::new_v5(
            &uuid::Uuid::NAMESPACE_URL,
            format!("{base}/run/{}", rules.sha256).as_bytes(),
        );
        Fhir {
            rules,
            shape: options.shape,
            id_system: options.id_system.clone(),
            bundle_head,
            observation_head,
            codes,
            issued,
            values,
            assessment_middle,
            notes,
            follow_up,
            compact_head,
            namespace,
            input,
            error_codes: format!("{base}/CodeSystem/errors"),
        }
    }

    /// The UUID all of a record's resources are named from.
    fn record_uuid(&self, result: &ScreenResult) -> uuid::Uuid {
        use crate::answers::Answer;
        use std::fmt::Write;
        let p = &result.position;
        let r = &result.record;
        // Spelled out field by field (not with Debug), so that the names, and the UUIDs,
        // stay the same from one version of the program to the next.
        let mut name = String::with_capacity(128);
        let _ = write!(
            name,
            "{}\0{}\0{}\0",
            p.file.as_deref().or(self.input.as_deref()).unwrap_or(""),
            p.record,
            r.id.as_ref().map(|id| id.to_string()).unwrap_or_default()
        );
        if let Some(response) = &r.response {
            let identifier = response.identifier.as_ref();
            let _ = write!(
                name,
                "{}\0{}\0{}\0",
                response.id.as_deref().unwrap_or(""),
                identifier.and_then(|i| i.system.as_deref()).unwrap_or(""),
                identifier.and_then(|i| i.value.as_deref()).unwrap_or("")
            );
        }
        for answer in &r.answers.values {
            let _ = match answer {
                Answer::Unanswered => write!(name, "-,"),
                Answer::Unknown => write!(name, "?,"),
                Answer::Yes => write!(name, "y,"),
                Answer::No => write!(name, "n,"),
                Answer::Number { value, .. } => write!(name, "{value},"),
            };
        }
        uuid::Uuid::new_v5(&self.namespace, name.as_bytes())
    }

    /// The `fullUrl` of a record's `index`th resource: the record's UUID with its last two
    /// bytes XORed with the index (still a version 5 UUID; one hash per record, not one per
    /// resource).
    fn push_full_url(buf: &mut Vec<u8>, record: uuid::Uuid, index: usize) {
        let mut bytes = *record.as_bytes();
        bytes[14] ^= (index >> 8) as u8;
        bytes[15] ^= index as u8;
        let mut text = [0u8; uuid::fmt::Hyphenated::LENGTH];
        let text = uuid::Uuid::from_bytes(bytes)
            .hyphenated()
            .encode_lower(&mut text);
        buf.extend_from_slice(b"\"urn:uuid:");
        buf.extend_from_slice(text.as_bytes());
        buf.push(b'"');
    }

    /// The Bundle of one result, as JSON (for tests and the library).
    pub fn bundle(&self, result: &ScreenResult) -> Value {
        let mut buf = Vec::new();
        self.write_bundle(&mut buf, result);
        serde_json::from_slice(&buf).unwrap_or(Value::Null)
    }

    fn write_bundle(&self, buf: &mut Vec<u8>, result: &ScreenResult) {
        let uuid = self.record_uuid(result);
        buf.extend_from_slice(&self.bundle_head);
        match &result.statuses {
            Some(statuses) => self.screened(buf, result, statuses, uuid),
            None => {
                buf.extend_from_slice(b"{\"fullUrl\":");
                Self::push_full_url(buf, uuid, 0);
                buf.extend_from_slice(b",\"resource\":");
                let start = buf.len();
                let _ = serde_json::to_writer(&mut *buf, &self.outcome(result, "error"));
                super::json::escape_invisible(buf, start);
                buf.push(b'}');
            }
        }
        buf.extend_from_slice(b"]}");
    }

    /// The subject of a result's resources, as a JSON value: the response's subject; else,
    /// for an answer record, its id; else "unknown", as FHIR says of a required element
    /// with no value.
    fn subject(&self, result: &ScreenResult) -> Vec<u8> {
        let response = result.record.response.as_deref();
        let subject = match (response, &result.record.id) {
            (Some(r), _) => r.subject.as_ref().map(|s| json!(s)),
            (None, Some(id)) => {
                let id = id.to_string();
                (!id.trim().is_empty()).then(|| {
                    let mut identifier = json!({"value": fhir_text(&id)});
                    if let Some(system) = &self.id_system {
                        identifier["system"] = json!(system);
                    }
                    json!({ "identifier": identifier })
                })
            }
            (None, None) => None,
        }
        .unwrap_or_else(
            || json!({"extension": [{"url": fhir::codes::DATA_ABSENT_EXTENSION, "valueCode": "unknown"}]}),
        );
        json_bytes(&subject)
    }

    /// What the results were derived from: the response, by id, identifier or place.
    fn basis(&self, result: &ScreenResult, response: &ResponseRef) -> Vec<u8> {
        let basis = match (
            response.id.as_deref().and_then(fhir::fhir_id),
            &response.identifier,
        ) {
            (Some(id), _) => json!({"reference": format!("QuestionnaireResponse/{id}")}),
            (None, Some(identifier)) => {
                json!({"type": "QuestionnaireResponse", "identifier": identifier})
            }
            (None, None) => json!({
                "type": "QuestionnaireResponse",
                "display": fhir_text(&words::get().fhir_place(&self.place(result))),
            }),
        };
        json_bytes(&basis)
    }

    /// The RiskAssessment's extensions, if any: the other questionnaire a response answers
    /// (its linkIds mapped), and the linkIds of answered items that are not questions,
    /// ignored with `--allow-extra-fields`.
    fn extensions(&self, buf: &mut Vec<u8>, response: Option<&ResponseRef>) {
        let Some(response) = response else { return };
        let base = self.rules.fhir_base();
        let mut first = true;
        let mut open = |buf: &mut Vec<u8>, name: &str| {
            buf.extend_from_slice(if std::mem::take(&mut first) {
                b",\"extension\":[{\"url\":"
            } else {
                b",{\"url\":"
            });
            push_str(buf, &format!("{base}/StructureDefinition/{name}"));
        };
        if let Some(canonical) = response.questionnaire.as_deref()
            && !canonical.is_empty()
            && !canonical.contains(char::is_whitespace)
        {
            open(buf, "questionnaire");
            buf.extend_from_slice(b",\"valueCanonical\":");
            push_str(buf, canonical);
            buf.push(b'}');
        }
        for link_id in response.ignored.iter().filter(|l| !l.trim().is_empty()) {
            open(buf, "ignored-item");
            buf.extend_from_slice(b",\"valueString\":");
            push_str(buf, &fhir_text(link_id));
            buf.push(b'}');
        }
        if !first {
            buf.push(b']');
        }
    }

    fn screened(
        &self,
        buf: &mut Vec<u8>,
        result: &ScreenResult,
        statuses: &[Status],
        uuid: uuid::Uuid,
    ) {
        let rules = self.rules;
        let response = result.record.response.as_deref();
        let subject = self.subject(result);
        let basis = response.map(|r| self.basis(result, r));
        let authored = response.and_then(|r| r.authored.as_deref());
        // The RiskAssessment.
        buf.extend_from_slice(b"{\"fullUrl\":");
        Self::push_full_url(buf, uuid, 0);
        buf.extend_from_slice(
            b",\"resource\":{\"resourceType\":\"RiskAssessment\",\"status\":\"final\"",
        );
        self.extensions(buf, response);
        buf.extend_from_slice(&self.assessment_middle);
        buf.extend_from_slice(b",\"subject\":");
        buf.extend_from_slice(&subject);
        if let Some(authored) = authored {
            buf.extend_from_slice(b",\"occurrenceDateTime\":");
            push_str(buf, authored);
        }
        buf.extend_from_slice(b",\"basis\":[");
        let mut first = true;
        if let Some(basis) = &basis {
            buf.extend_from_slice(basis);
            first = false;
        }
        let observed: Vec<usize> = match self.shape {
            FhirShape::Full => (1..=statuses.len()).collect(),
            FhirShape::Compact => vec![1],
        };
        for &i in &observed {
            if !std::mem::take(&mut first) {
                buf.push(b',');
            }
            buf.extend_from_slice(b"{\"reference\":");
            Self::push_full_url(buf, uuid, i);
            buf.push(b'}');
        }
        buf.extend_from_slice(b"],\"note\":");
        buf.extend_from_slice(&self.notes);
        if result.follow_up(rules) {
            buf.push(b',');
            buf.extend_from_slice(&self.follow_up);
        }
        buf.extend_from_slice(b"]}}");
        // What every Observation says after its code: subject, dates, derivation.
        let mut common = Vec::with_capacity(256);
        common.extend_from_slice(b",\"subject\":");
        common.extend_from_slice(&subject);
        if let Some(authored) = authored {
            common.extend_from_slice(b",\"effectiveDateTime\":");
            push_str(&mut common, authored);
        }
        common.extend_from_slice(&self.issued);
        if let Some(basis) = &basis {
            common.extend_from_slice(b",\"derivedFrom\":[");
            common.extend_from_slice(basis);
            common.push(b']');
        }
        let mut because = String::with_capacity(96);
        match self.shape {
            FhirShape::Full => {
                for (i, status) in statuses.iter().enumerate() {
                    buf.extend_from_slice(b",{\"fullUrl\":");
                    Self::push_full_url(buf, uuid, i + 1);
                    buf.extend_from_slice(b",\"resource\":");
                    buf.extend_from_slice(&self.observation_head);
                    buf.extend_from_slice(&self.codes[i]);
                    buf.extend_from_slice(&common);
                    buf.push(b',');
                    buf.extend_from_slice(&self.values[status_index(*status)]);
                    if *status == Status::Present {
                        words::because_into(&mut because, rules, &result.evaluated(rules, i));
                        buf.extend_from_slice(b",\"note\":[{\"text\":");
                        push_str(buf, &because);
                        buf.extend_from_slice(b"}]");
                    }
                    buf.extend_from_slice(b"}}");
                }
            }
            FhirShape::Compact => {
                buf.extend_from_slice(b",{\"fullUrl\":");
                Self::push_full_url(buf, uuid, 1);
                buf.extend_from_slice(b",\"resource\":");
                buf.extend_from_slice(&self.compact_head);
                buf.extend_from_slice(&common);
                let mut first = true;
                for (i, status) in statuses.iter().enumerate() {
                    if !matches!(status, Status::Present | Status::NotAssessed) {
                        continue;
                    }
                    buf.extend_from_slice(if std::mem::take(&mut first) {
                        b",\"component\":[{\"code\":"
                    } else {
                        b",{\"code\":"
                    });
                    buf.extend_from_slice(&self.codes[i]);
                    buf.push(b',');
                    buf.extend_from_slice(&self.values[status_index(*status)]);
                    buf.push(b'}');
                }
                // No component: nothing present, nothing unknown.
                if !first {
                    buf.push(b']');
                }
                buf.extend_from_slice(b"}}");
            }
        }
        // Answers read as unknown (`--field-errors not-assessed`): their errors, as an
        // invalid record's are, in an OperationOutcome after the Observations.
        if !result.record.errors.is_empty() {
            let index = match self.shape {
                FhirShape::Full => statuses.len() + 1,
                FhirShape::Compact => 2,
            };
            buf.extend_from_slice(b",{\"fullUrl\":");
            Self::push_full_url(buf, uuid, index);
            buf.extend_from_slice(b",\"resource\":");
            let start = buf.len();
            let _ = serde_json::to_writer(&mut *buf, &self.outcome(result, "warning"));
            super::json::escape_invisible(buf, start);
            buf.push(b'}');
        }
    }

    /// A record's errors, in order, as issues of `severity`: `error` for an invalid record,
    /// `warning` for the answers of a screened one read as unknown
    /// (`--field-errors not-assessed`).
    fn outcome(&self, result: &ScreenResult, severity: &str) -> Value {
        let from_response = result.record.response.is_some();
        let issues: Vec<Value> = result
            .record
            .errors
            .iter()
            .map(|e| {
                let place = Place {
                    field: e.field.as_deref(),
                    ..self.place(result)
                };
                let mut issue = json!({
                    "severity": severity,
                    "code": issue_type(&e.problem),
                    "details": {
                        "coding": [{"system": self.error_codes, "code": e.code()}],
                        "text": fhir_text(&words::get().record_problem(self.rules, &e.problem)),
                    },
                    "diagnostics": fhir_text(&words::get().fhir_place(&place)),
                });
                if let (true, Some(field)) = (from_response, &e.field) {
                    issue["expression"] = json!([response_path(field)]);
                }
                issue
            })
            .collect();
        json!({"resourceType": "OperationOutcome", "issue": issues})
    }

    /// Where a result's record was: file, number, line, id.
    fn place<'a>(&'a self, result: &'a ScreenResult) -> Place<'a> {
        let p = &result.position;
        Place {
            file: p.file.as_deref().or(self.input.as_deref()),
            record: p.record,
            line: p.line,
            id: result.record.id.as_ref().map(|id| id.to_string()),
            field: None,
        }
    }
}

/// The FHIRPath of a field of a QuestionnaireResponse: one of its own elements, or the item
/// with that `linkId`, at any depth.
fn response_path(field: &str) -> String {
    match field {
        "resourceType" | "questionnaire" | "status" | "identifier" | "subject" => {
            format!("QuestionnaireResponse.{field}")
        }
        link_id => {
            // A FHIRPath string literal: quote and backslash escaped, and control characters
            // (which an R4 string cannot hold) as `\uXXXX`.
            let mut quoted = String::with_capacity(link_id.len());
            for c in link_id.chars() {
                match c {
                    '\\' | '\'' => {
                        quoted.push('\\');
                        quoted.push(c);
                    }
                    c if c.is_control() => {
                        let mut units = [0u16; 2];
                        for unit in c.encode_utf16(&mut units) {
                            quoted.push_str(&format!("\\u{unit:04x}"));
                        }
                    }
                    c => quoted.push(c),
                }
            }
            // Items nest in items and in answers (`answer.item`): both are followed.
            format!("QuestionnaireResponse.repeat(item | answer.item).where(linkId = '{quoted}')")
        }
    }
}

/// The FHIR issue type of a record problem (`OperationOutcome.issue.code`).
fn issue_type(problem: &RecordProblem) -> &'static str {
    use RecordProblem::*;
    match problem {
        GivenTwice { .. } => "duplicate",
        TooLarge { .. } => "too-long",
        InvalidJson { .. }
        | NotAnObject { .. }
        | EmptyArrayElement { .. }
        | CsvCellCount { .. }
        | CsvNotUtf8 { .. }
        | CsvUnclosedQuote { .. } => "structure",
        UnknownField { .. } => "structure",
        InvalidId { .. }
        | NotYesNo { .. }
        | NotACode { .. }
        | NumberForYesNo { .. }
        | WrongTypeForYesNo { .. }
        | WrongTypeForNumber { .. }
        | UnusableNumber { .. }
        | Number { .. } => "value",
        NotAsked { .. } => "business-rule",
        OtherRuleSet { .. } => "not-supported",
        InvalidSavedWith { .. } => "structure",
        InArray { inner, .. } => issue_type(inner),
        // Counted, not kept: past the errors a record keeps.
        MoreErrors { .. } => "too-costly",
        Fhir(p) => match p {
            FhirProblem::NotAResponse { .. }
            | FhirProblem::Structure { .. }
            | FhirProblem::EntryNotAnObject { .. }
            | FhirProblem::EntriesNotAnArray => "structure",
            FhirProblem::OtherQuestionnaire { .. } | FhirProblem::UnsupportedValue { .. } => {
                "not-supported"
            }
            FhirProblem::EnteredInError => "business-rule",
            FhirProblem::SeveralAnswers { .. } => "multiple-matches",
            FhirProblem::NoValue => "required",
            FhirProblem::UnknownCoding { .. } => "code-invalid",
            FhirProblem::UnknownUnit { .. } | FhirProblem::Comparator { .. } => "value",
        },
    }
}

/// Where a status's value is in `Fhir::values`.
fn status_index(status: Status) -> usize {
    match status {
        Status::Present => 0,
        Status::Absent => 1,
        Status::NotAssessed => 2,
        Status::NotApplicable => 3,
    }
}

impl Output for Fhir<'_> {
    fn record(&self, buf: &mut Vec<u8>, result: &ScreenResult, _place: super::Place) {
        // Text from the input (an id, a linkId) is escaped where it is written, so that it
        // never reaches a terminal raw.
        self.write_bundle(buf, result);
        buf.push(b'\n');
    }
}
