//! `--format fhir`: FHIR R4 NDJSON, one Bundle (type `collection`) per record, in input
//! order. A screened record's Bundle holds a RiskAssessment and an Observation per factor;
//! an invalid record's Bundle holds an OperationOutcome with its error codes in order, so
//! that nothing is lost.
//!
//! The RiskAssessment never carries a `prediction`: cp-screen gives no probability and no
//! risk grade. Its `note`s are the rule set's not-a-diagnosis and see-a-clinician
//! sentences, and its warning signs (when the rule file has them). Each Observation's `code` is the factor id in the rule set's code system
//! (`cp-screen export codesystem`) with the factor's ICD-10 codes; present and absent are
//! SNOMED CT qualifier values, and a factor not assessed (or not applicable) has a
//! `dataAbsentReason` instead of a value.
//!
//! `fullUrl`s are name-based UUIDs (v5) of the rule set, the input's name, the record's
//! place, id and answers, so the same input gives the same output, and different records
//! (or the same one elsewhere) get different ones.

use serde_json::{Value, json};

use super::Output;
use crate::engine::{ScreenResult, Status};
use crate::fhir;
use crate::fhir::codes::{
    DATA_ABSENT_REASON, OBSERVATION_CATEGORY, SNOMED, SNOMED_ABSENT, SNOMED_PRESENT,
};
use crate::problem::{FhirProblem, RecordProblem};
use crate::rules::{FHIR_BASE, RuleSet};
use crate::words::{self, Place};

pub struct Fhir<'r> {
    rules: &'r RuleSet,
    /// Each factor's `Observation.code`.
    codes: Vec<Value>,
    /// `RiskAssessment.method`, `code` and `note`.
    method: Value,
    code: Value,
    notes: Vec<Value>,
    /// The name the record UUIDs are made from.
    namespace: uuid::Uuid,
    /// The name of the one input (several inputs name their own in each result).
    input: Option<std::sync::Arc<str>>,
    /// The code system of cp-screen's error codes (`errors[].code`) in OperationOutcomes.
    error_codes: String,
}

impl<'r> Fhir<'r> {
    pub fn new(rules: &'r RuleSet, input: Option<std::sync::Arc<str>>) -> Fhir<'r> {
        let system = rules.factor_code_system();
        let codes = rules
            .factors()
            .iter()
            .map(|f| {
                let mut codings = vec![json!({"system": system, "code": f.id, "display": f.name})];
                for code in &f.codes {
                    // A range ("Q00-Q89") is not a code; a system FHIR cannot name is left out.
                    let Some(known) = rules.fhir.systems.iter().find(|s| s.name == code.system)
                    else {
                        continue;
                    };
                    if code.code.contains('-') {
                        continue;
                    }
                    let mut coding =
                        json!({"system": known.uri, "code": code.code, "display": code.title});
                    if let Some(version) = &known.version {
                        coding["version"] = json!(version);
                    }
                    codings.push(coding);
                }
                json!({"coding": codings, "text": f.name})
            })
            .collect();
        let report = &rules.report;
        let notes = [
            &report.not_a_diagnosis,
            &report.none_does_not_rule_out,
            &report.see_clinician,
        ]
        .into_iter()
        .chain(&report.warning_signs)
        .map(|text| json!({"text": text.trim()}))
        .collect();
        // Names, not words: the same in every language.
        let method = json!({"text": format!("cp-screen {} sha256:{}", rules.tag(), rules.sha256)});
        let namespace = uuid::Uuid::new_v5(
            &uuid::Uuid::NAMESPACE_URL,
            format!("{FHIR_BASE}/run/{}", rules.sha256).as_bytes(),
        );
        Fhir {
            rules,
            codes,
            method,
            code: json!({"text": rules.title()}),
            notes,
            namespace,
            input,
            error_codes: format!("{FHIR_BASE}/CodeSystem/errors"),
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

    fn full_url(record: uuid::Uuid, index: usize) -> String {
        let name = index.to_string();
        format!("urn:uuid:{}", uuid::Uuid::new_v5(&record, name.as_bytes()))
    }

    /// The Bundle of one result.
    pub fn bundle(&self, result: &ScreenResult) -> Value {
        let uuid = self.record_uuid(result);
        let entries = match &result.statuses {
            Some(statuses) => self.screened(result, statuses, uuid),
            None => vec![json!({
                "fullUrl": Self::full_url(uuid, 0),
                "resource": self.outcome(result),
            })],
        };
        json!({"resourceType": "Bundle", "type": "collection", "entry": entries})
    }

    fn screened(&self, result: &ScreenResult, statuses: &[Status], uuid: uuid::Uuid) -> Vec<Value> {
        let rules = self.rules;
        let response = result.record.response.as_deref();
        // The response's subject; else, for an answer record, its id; else "unknown", as
        // FHIR says of a required element with no value.
        let subject = match (response, &result.record.id) {
            (Some(r), _) => r.subject.as_ref().map(|s| json!(s)),
            (None, Some(id)) => Some(json!({"identifier": {"value": id.to_string()}})),
            (None, None) => None,
        }
        .unwrap_or_else(
            || json!({"extension": [{"url": fhir::codes::DATA_ABSENT_EXTENSION, "valueCode": "unknown"}]}),
        );
        let basis =
            response.map(
                |r| match (r.id.as_deref().and_then(fhir::fhir_id), &r.identifier) {
                    (Some(id), _) => json!({"reference": format!("QuestionnaireResponse/{id}")}),
                    (None, Some(identifier)) => {
                        json!({"type": "QuestionnaireResponse", "identifier": identifier})
                    }
                    (None, None) => json!({
                        "type": "QuestionnaireResponse",
                        "display": words::get().fhir_place(&self.place(result)),
                    }),
                },
            );
        let mut entries = Vec::with_capacity(statuses.len() + 1);
        let mut observed = Vec::with_capacity(statuses.len());
        for (i, status) in statuses.iter().enumerate() {
            let url = Self::full_url(uuid, i + 1);
            let mut observation = json!({
                "resourceType": "Observation",
                "status": "final",
                "category": [{"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}],
                "code": self.codes[i],
                "subject": subject,
            });
            if let Some(basis) = &basis {
                observation["derivedFrom"] = json!([basis]);
            }
            match (status, fhir::absent_reason(*status)) {
                (_, Some(reason)) => {
                    observation["dataAbsentReason"] =
                        json!({"coding": [{"system": DATA_ABSENT_REASON, "code": reason}]});
                }
                (Status::Present, None) => {
                    observation["valueCodeableConcept"] = json!({
                        "coding": [{"system": SNOMED, "code": SNOMED_PRESENT, "display": "Present"}],
                        "text": status.id(),
                    });
                    let because = words::because(rules, &result.evaluated(rules, i));
                    observation["note"] = json!([{"text": because}]);
                }
                (_, None) => {
                    observation["valueCodeableConcept"] = json!({
                        "coding": [{"system": SNOMED, "code": SNOMED_ABSENT, "display": "Absent"}],
                        "text": status.id(),
                    });
                }
            }
            observed.push(json!({"reference": url}));
            entries.push(json!({"fullUrl": url, "resource": observation}));
        }
        let mut notes = self.notes.clone();
        if result.follow_up(rules) {
            notes.push(json!({"text": rules.report.follow_up.trim()}));
        }
        let mut all_basis: Vec<Value> = basis.into_iter().collect();
        all_basis.extend(observed);
        let assessment = json!({
            "resourceType": "RiskAssessment",
            "status": "final",
            "method": self.method,
            "code": self.code,
            "subject": subject,
            "basis": all_basis,
            "note": notes,
        });
        entries.insert(
            0,
            json!({"fullUrl": Self::full_url(uuid, 0), "resource": assessment}),
        );
        entries
    }

    /// An invalid record: its errors, in order, as issues.
    fn outcome(&self, result: &ScreenResult) -> Value {
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
                    "severity": "error",
                    "code": issue_type(&e.problem),
                    "details": {
                        "coding": [{"system": self.error_codes, "code": e.code()}],
                        "text": words::get().record_problem(self.rules, &e.problem),
                    },
                    "diagnostics": words::get().fhir_place(&place),
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
            let quoted = link_id.replace('\\', "\\\\").replace('\'', "\\'");
            format!("QuestionnaireResponse.repeat(item).where(linkId = '{quoted}')")
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

impl Output for Fhir<'_> {
    fn record(&self, buf: &mut Vec<u8>, result: &ScreenResult, _place: super::Place) {
        let start = buf.len();
        // Writing a Value into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *buf, &self.bundle(result));
        // Text from the input (an id, a linkId) never reaches a terminal raw.
        super::json::escape_invisible(buf, start);
        buf.push(b'\n');
    }
}
