//! The JSON result object (the contract documented in the README), and `--format json`.
//!
//! The object's fields are listed once, in `JsonResult`. What is the same for every record
//! of a rule set (factor ids, names, sections, tiers, source words, the rules tag and
//! hash) is escaped once into raw JSON and copied, so that batch output is mostly copying.

use std::cell::RefCell;
use std::io::{self, Write};

use serde::Serialize;
use serde::ser::{SerializeSeq, Serializer};
use serde_json::value::RawValue;

use super::{Framing, Output, Place, ReportOptions, RunEnd};
use crate::answers::{FieldError, RecordId};
use crate::engine::{ScreenResult, Status, Truth};
use crate::rules::RuleSet;
use crate::words;

/// Renders results as JSON objects for one rule set.
pub struct JsonRecord<'r> {
    rules: &'r RuleSet,
    factors: Vec<FactorJson>,
    rules_tag: Box<RawValue>,
    rules_hash: Box<RawValue>,
}

/// A factor's constant fields, already escaped.
struct FactorJson {
    id: Box<RawValue>,
    name: Box<RawValue>,
    section: Box<RawValue>,
    tier: Box<RawValue>,
    source_words: Box<RawValue>,
}

fn raw(s: &str) -> Box<RawValue> {
    RawValue::from_string(serde_json::to_string(s).expect("a string always serializes"))
        .expect("a serialized string is valid JSON")
}

#[derive(Serialize)]
struct JsonResult<'a> {
    record: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u64>,
    id: Option<&'a RecordId>,
    status: &'static str,
    present: Present<'a>,
    not_assessed: Ids<'a>,
    absent: Ids<'a>,
    errors: Errors<'a>,
    rules: &'a RawValue,
    rules_hash: &'a RawValue,
    #[serde(skip_serializing_if = "Option::is_none")]
    explain: Option<Vec<JsonExplain<'a>>>,
}

#[derive(Serialize)]
struct JsonPresent<'a> {
    id: &'a RawValue,
    name: &'a RawValue,
    section: &'a RawValue,
    tier: &'a RawValue,
    because: &'a str,
    source_words: &'a RawValue,
}

#[derive(Serialize)]
struct JsonError<'a> {
    field: Option<&'a str>,
    code: &'static str,
    message: String,
}

#[derive(Serialize)]
struct JsonExplain<'a> {
    factor: &'a str,
    status: &'static str,
    steps: Vec<JsonStep<'a>>,
}

#[derive(Serialize)]
struct JsonStep<'a> {
    question: &'a str,
    answer: String,
    test: String,
    holds: Option<bool>,
}

/// The ids of the factors with one status, without collecting them first.
struct Ids<'a> {
    json: &'a JsonRecord<'a>,
    statuses: &'a [Status],
    want: Status,
}

impl Serialize for Ids<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for (f, status) in self.statuses.iter().enumerate() {
            if *status == self.want {
                seq.serialize_element(&*self.json.factors[f].id)?;
            }
        }
        seq.end()
    }
}

/// The present factors, each with its because-clause.
struct Present<'a> {
    json: &'a JsonRecord<'a>,
    result: &'a ScreenResult,
}

impl Serialize for Present<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        thread_local! {
            // One because-clause at a time, in a buffer reused across records.
            static BECAUSE: RefCell<String> = RefCell::new(String::with_capacity(256));
        }
        let mut seq = s.serialize_seq(None)?;
        let statuses = self.result.statuses.as_deref().unwrap_or_default();
        let rules = self.json.rules;
        for (f, status) in statuses.iter().enumerate() {
            if *status != Status::Present {
                continue;
            }
            let fj = &self.json.factors[f];
            BECAUSE.with(|b| {
                let mut because = b.borrow_mut();
                words::because_into(&mut because, rules, &self.result.evaluated(rules, f));
                seq.serialize_element(&JsonPresent {
                    id: &fj.id,
                    name: &fj.name,
                    section: &fj.section,
                    tier: &fj.tier,
                    because: &because,
                    source_words: &fj.source_words,
                })
            })?;
        }
        seq.end()
    }
}

/// A record's errors, each with its code and its message in the language of the run.
struct Errors<'a> {
    rules: &'a RuleSet,
    errors: &'a [FieldError],
}

impl Serialize for Errors<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.errors.len()))?;
        for e in self.errors {
            seq.serialize_element(&JsonError {
                field: e.field.as_deref(),
                code: e.code(),
                message: e.message(self.rules),
            })?;
        }
        seq.end()
    }
}

impl<'r> JsonRecord<'r> {
    pub fn new(rules: &'r RuleSet) -> JsonRecord<'r> {
        JsonRecord {
            rules,
            factors: rules
                .factors
                .iter()
                .map(|f| FactorJson {
                    id: raw(&f.id),
                    name: raw(&f.name),
                    section: raw(&rules.sections[f.section].id),
                    tier: raw(&rules.tiers[f.tier].id),
                    source_words: raw(&f.source_words),
                })
                .collect(),
            rules_tag: raw(&rules.tag()),
            rules_hash: raw(&rules.short_hash()),
        }
    }

    /// Appends one result as a JSON object (no trailing newline).
    pub fn write(&self, out: &mut Vec<u8>, result: &ScreenResult, explain: bool) {
        let statuses = result.statuses.as_deref().unwrap_or_default();
        let ids = |want| Ids {
            json: self,
            statuses,
            want,
        };
        let json = JsonResult {
            record: result.position.record,
            file: result.position.file.as_deref(),
            line: result.position.line,
            id: result.record.id.as_ref(),
            status: if result.is_valid() {
                "screened"
            } else {
                "invalid"
            },
            present: Present { json: self, result },
            not_assessed: ids(Status::NotAssessed),
            absent: ids(Status::Absent),
            errors: Errors {
                rules: self.rules,
                errors: &result.record.errors,
            },
            rules: &self.rules_tag,
            rules_hash: &self.rules_hash,
            explain: (explain && result.is_valid()).then(|| self.explain(result)),
        };
        // Writing into a Vec cannot fail.
        let _ = serde_json::to_writer(out, &json);
    }

    fn explain<'a>(&'a self, result: &'a ScreenResult) -> Vec<JsonExplain<'a>> {
        let rules = self.rules;
        let statuses = result.statuses.as_deref().unwrap_or_default();
        rules
            .factors
            .iter()
            .zip(statuses)
            .enumerate()
            .map(|(i, (f, s))| {
                let evaluated = result.evaluated(rules, i);
                JsonExplain {
                    factor: &f.id,
                    status: s.id(),
                    steps: evaluated
                        .comparisons()
                        .into_iter()
                        .filter_map(|step| {
                            let crate::engine::Evaluated::Compare {
                                question, truth, ..
                            } = step
                            else {
                                return None;
                            };
                            let (answer, test) = words::step_words(rules, step)?;
                            Some(JsonStep {
                                question: &rules.questions[*question].id,
                                answer,
                                test,
                                holds: match truth {
                                    Truth::True => Some(true),
                                    Truth::False => Some(false),
                                    Truth::Unknown => None,
                                },
                            })
                        })
                        .collect(),
                }
            })
            .collect()
    }
}

/// `--format json`: one result object for one object read, otherwise an array.
pub struct Json<'r> {
    record: JsonRecord<'r>,
    explain: bool,
}

impl<'r> Json<'r> {
    pub fn new(rules: &'r RuleSet, options: ReportOptions) -> Json<'r> {
        Json {
            record: JsonRecord::new(rules),
            explain: options.explain,
        }
    }
}

impl Output for Json<'_> {
    fn record(&self, buf: &mut Vec<u8>, result: &ScreenResult, place: Place) {
        if !place.first_in_batch {
            buf.extend_from_slice(b",\n");
        }
        self.record.write(buf, result, self.explain);
    }

    /// A lone result stays an object only if the input was one object, so the first
    /// result is held until a second one, or the end, decides.
    fn write_batch(
        &self,
        out: &mut dyn Write,
        bytes: &[u8],
        results: u64,
        framing: &mut Framing,
    ) -> io::Result<()> {
        if results == 0 {
            return Ok(());
        }
        match (framing.results, framing.held.take()) {
            (0, _) if results == 1 => framing.held = Some(bytes.to_vec()),
            (0, _) => {
                out.write_all(b"[\n")?;
                out.write_all(bytes)?;
            }
            (_, Some(held)) => {
                out.write_all(b"[\n")?;
                out.write_all(&held)?;
                out.write_all(b",\n")?;
                out.write_all(bytes)?;
            }
            (_, None) => {
                out.write_all(b",\n")?;
                out.write_all(bytes)?;
            }
        }
        framing.results += results;
        Ok(())
    }

    fn end(&self, out: &mut dyn Write, framing: &mut Framing, end: RunEnd) -> io::Result<()> {
        match (framing.results, framing.held.take()) {
            (0, _) => out.write_all(b"[]\n"),
            (_, Some(held)) if end.single_object => {
                out.write_all(&held)?;
                out.write_all(b"\n")
            }
            (_, Some(held)) => {
                out.write_all(b"[\n")?;
                out.write_all(&held)?;
                out.write_all(b"\n]\n")
            }
            (_, None) => out.write_all(b"\n]\n"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::RecordReader;
    use serde_json::{Value, json};

    fn result_for(rules: &RuleSet, text: &str) -> ScreenResult {
        let record = RecordReader {
            rules,
            allow_extra_fields: false,
        }
        .parse_json(text.as_bytes())
        .unwrap();
        ScreenResult::alone(rules, record)
    }

    /// The result object built the slow, obvious way with `serde_json::Value`, from the
    /// contract in the README: the reference for the raw-JSON shortcuts.
    fn reference(rules: &RuleSet, r: &ScreenResult) -> String {
        let mut m = serde_json::Map::new();
        m.insert("record".into(), json!(r.position.record));
        if let Some(f) = &r.position.file {
            m.insert("file".into(), json!(f.as_ref()));
        }
        if let Some(l) = r.position.line {
            m.insert("line".into(), json!(l));
        }
        m.insert("id".into(), serde_json::to_value(&r.record.id).unwrap());
        let statuses = r.statuses.clone().unwrap_or_default();
        m.insert(
            "status".into(),
            json!(if r.is_valid() { "screened" } else { "invalid" }),
        );
        let with = |want: Status| -> Vec<Value> {
            statuses
                .iter()
                .enumerate()
                .filter(|(_, s)| **s == want)
                .map(|(i, _)| json!(rules.factors[i].id))
                .collect()
        };
        let present: Vec<Value> = statuses
            .iter()
            .enumerate()
            .filter(|(_, s)| **s == Status::Present)
            .map(|(i, _)| {
                let f = &rules.factors[i];
                json!({
                    "id": f.id, "name": f.name, "section": rules.sections[f.section].id,
                    "tier": rules.tiers[f.tier].id,
                    "because": words::because(rules, &r.evaluated(rules, i)),
                    "source_words": f.source_words,
                })
            })
            .collect();
        m.insert("present".into(), json!(present));
        m.insert("not_assessed".into(), json!(with(Status::NotAssessed)));
        m.insert("absent".into(), json!(with(Status::Absent)));
        let errors: Vec<Value> = r
            .record
            .errors
            .iter()
            .map(|e| json!({"field": e.field, "code": e.code(), "message": e.message(rules)}))
            .collect();
        m.insert("errors".into(), json!(errors));
        m.insert("rules".into(), json!(rules.tag()));
        m.insert("rules_hash".into(), json!(rules.short_hash()));
        serde_json::to_string(&Value::Object(m)).unwrap()
    }

    #[test]
    fn the_result_object_matches_a_plain_serde_reference_byte_for_byte() {
        let rules = RuleSet::default_rules();
        let fast = JsonRecord::new(&rules);
        let inputs = [
            r#"{"id": "a\"b", "gestational_age_weeks": "30+4", "family_epilepsy": "yes", "birth_asphyxia": "no"}"#,
            r#"{"id": 18446744073709551615, "birth_weight_grams": 1999.5}"#,
            r#"{}"#,
            r#"{"gestational_age_weeks": 353, "nope": 1}"#,
            r#"[1]"#,
        ];
        for (i, text) in inputs.iter().enumerate() {
            let mut r = result_for(&rules, text);
            r.position.record = 10_000_000_007 + i as u64;
            r.position.line = (i % 2 == 0).then_some(i as u64 * 1_000);
            r.position.file = (i == 1).then(|| std::sync::Arc::from("dir/ä \"x\".jsonl"));
            let mut got = Vec::new();
            fast.write(&mut got, &r, false);
            assert_eq!(
                String::from_utf8(got).unwrap(),
                reference(&rules, &r),
                "{text}"
            );
        }
    }

    #[test]
    fn json_result_has_the_contract_fields() {
        let rules = RuleSet::default_rules();
        let r = result_for(&rules, r#"{"id": 7, "birth_weight_grams": "1.85 kg"}"#);
        let mut out = Vec::new();
        JsonRecord::new(&rules).write(&mut out, &r, false);
        let v: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["record"], 1);
        assert_eq!(v["id"], 7);
        assert_eq!(v["status"], "screened");
        assert_eq!(v["present"][0]["id"], "birth_weight_under_2000_g");
        assert_eq!(v["present"][0]["section"], "birth");
        assert_eq!(v["present"][0]["tier"], "most_important");
        assert_eq!(
            v["present"][0]["because"],
            "birth weight 1.85 kg (1850 g): under 2000 g"
        );
        assert_eq!(v["not_assessed"].as_array().unwrap().len(), 13);
        assert_eq!(v["absent"].as_array().unwrap().len(), 0);
        assert_eq!(v["errors"].as_array().unwrap().len(), 0);
        assert_eq!(v["rules"], "cerebral-palsy@1.0.0");
        assert!(v.get("file").is_none());
    }

    #[test]
    fn every_error_carries_a_code_beside_its_message() {
        let rules = RuleSet::default_rules();
        let r = result_for(
            &rules,
            r#"{"gestational_age_weeks": 353, "birth_asphixia": "yes"}"#,
        );
        let mut out = Vec::new();
        JsonRecord::new(&rules).write(&mut out, &r, false);
        let v: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["status"], "invalid");
        assert_eq!(v["errors"][0]["field"], "gestational_age_weeks");
        assert_eq!(v["errors"][0]["code"], "out_of_range");
        assert_eq!(
            v["errors"][0]["message"],
            "353 weeks is outside the plausible range 20 to 45 weeks"
        );
        assert_eq!(v["errors"][1]["code"], "unknown_field");
    }
}
