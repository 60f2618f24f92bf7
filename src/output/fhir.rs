//! `--format fhir`: FHIR R4 NDJSON, one Bundle (type `collection`) per record, in input
//! order. A screened record's Bundle holds a RiskAssessment and an Observation per factor;
//! an invalid record's Bundle holds an OperationOutcome with its error codes in order, so
//! that nothing is lost.
//!
//! The RiskAssessment never carries a `prediction`: cp-screen gives no probability and no
//! risk grade. Its `note`s are the rule set's not-a-diagnosis and see-a-clinician
//! sentences. Each Observation's `code` is the factor id in the rule set's code system
//! (`cp-screen export codesystem`) with the factor's ICD-10 codes; present and absent are
//! SNOMED CT qualifier values, and a factor not assessed (or not applicable) has a
//! `dataAbsentReason` instead of a value.
//!
//! `fullUrl`s are name-based UUIDs (v5) of the rule set, the input's name, the record's
//! place, id and answers, so the same input gives the same output, and different records
//! (or the same one elsewhere) get different ones.

use serde_json::{Value, json};

use super::{Output, Place};
use crate::engine::{ScreenResult, Status};
use crate::fhir::{
    self, DATA_ABSENT_REASON, OBSERVATION_CATEGORY, SNOMED, SNOMED_ABSENT, SNOMED_PRESENT,
};
use crate::rules::{FHIR_BASE, RuleSet};
use crate::words;

/// The code system of cp-screen's error codes (`errors[].code`) in OperationOutcomes.
pub const ERROR_CODES: &str = "https://cp-screen.example/fhir/CodeSystem/errors";

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
        .iter()
        .map(|text| json!({"text": text.trim()}))
        .collect();
        let method = json!({
            "text": format!("cp-screen rule set {} sha256:{}", rules.tag(), rules.sha256),
        });
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
        }
    }

    /// The UUID all of a record's resources are named from.
    fn record_uuid(&self, result: &ScreenResult) -> uuid::Uuid {
        let p = &result.position;
        let r = &result.record;
        let name = format!(
            "{:?}/{}/{:?}/{:?}/{:?}",
            p.file.as_deref().or(self.input.as_deref()),
            p.record,
            r.id,
            r.response,
            r.answers.values
        );
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
        let subject = match response.and_then(|r| r.subject.as_deref()) {
            Some(raw) => serde_json::from_str(raw).unwrap_or(Value::Null),
            None => match &result.record.id {
                Some(id) => json!({"identifier": {"value": id.to_string()}}),
                None => json!({"display": format!("record {}", result.position.record)}),
            },
        };
        let basis = response.map(|r| match (&r.id, &r.identifier) {
            (Some(id), _) => json!({"reference": format!("QuestionnaireResponse/{id}")}),
            (None, Some(identifier)) => json!({
                "type": "QuestionnaireResponse",
                "identifier": serde_json::from_str::<Value>(identifier).unwrap_or(Value::Null),
            }),
            (None, None) => json!({
                "type": "QuestionnaireResponse",
                "display": format!("record {}", result.position.record),
            }),
        });
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
        let p = &result.position;
        let place = match p.line {
            Some(line) => format!("record {}, line {line}", p.record),
            None => format!("record {}", p.record),
        };
        let issues: Vec<Value> = result
            .record
            .errors
            .iter()
            .map(|e| {
                let code = e.code();
                let kind = match code {
                    "duplicate_field" => "duplicate",
                    "record_too_large" => "too-long",
                    "invalid_json"
                    | "not_an_object"
                    | "fhir_invalid"
                    | "fhir_not_a_response"
                    | "empty_element"
                    | "csv_cell_count"
                    | "csv_unclosed_quote"
                    | "not_utf8" => "structure",
                    "fhir_other_questionnaire" | "fhir_unsupported_value" => "not-supported",
                    _ => "value",
                };
                let diagnostics = match &e.field {
                    Some(field) => format!("{place}, field {field:?}"),
                    None => place.clone(),
                };
                json!({
                    "severity": "error",
                    "code": kind,
                    "details": {
                        "coding": [{"system": ERROR_CODES, "code": code}],
                        "text": e.message(self.rules),
                    },
                    "diagnostics": diagnostics,
                })
            })
            .collect();
        json!({"resourceType": "OperationOutcome", "issue": issues})
    }
}

impl Output for Fhir<'_> {
    fn record(&self, buf: &mut Vec<u8>, result: &ScreenResult, _place: Place) {
        let start = buf.len();
        // Writing a Value into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *buf, &self.bundle(result));
        // Text from the input (an id, a linkId) never reaches a terminal raw.
        super::json::escape_invisible(buf, start);
        buf.push(b'\n');
    }
}
