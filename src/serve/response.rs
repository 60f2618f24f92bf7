//! The answers as a FHIR R4 QuestionnaireResponse to the rule set's Questionnaire (the one
//! `cp-screen export questionnaire` writes): one group per section, yes / no / don't know
//! as the LOINC answer codings of the Questionnaire's options, numbers as `valueDecimal`
//! in the question's unit. Questions not asked are left out; `cp-screen screen` reads the
//! response back to the same answers.

use serde_json::{Map, Value, json};

use crate::answers::{Answer, Answers};
use crate::fhir::codes::{LOINC, LOINC_NO, LOINC_UNKNOWN, LOINC_YES};
use crate::rules::RuleSet;
use crate::words::{self, Phrase};

pub fn questionnaire_response(rules: &RuleSet, answers: &Answers) -> Value {
    let w = words::get();
    let coding = |code: &str, phrase: Phrase| json!({"valueCoding": {"system": LOINC, "code": code, "display": w.phrase(phrase)}});
    let mut groups = Vec::new();
    for (s, section) in rules.sections.iter().enumerate() {
        let items: Vec<Value> = rules
            .questions
            .iter()
            .filter(|q| q.section == s)
            .filter_map(|q| {
                let answer = match &answers.values[q.index] {
                    Answer::Unanswered => return None,
                    Answer::Yes => coding(LOINC_YES, Phrase::Yes),
                    Answer::No => coding(LOINC_NO, Phrase::No),
                    Answer::Unknown => coding(LOINC_UNKNOWN, Phrase::DontKnow),
                    Answer::Number { value, .. } => json!({ "valueDecimal": value }),
                };
                Some(json!({
                    "linkId": q.id,
                    "text": q.form_text.as_deref().unwrap_or(&q.text),
                    "answer": [answer],
                }))
            })
            .collect();
        if !items.is_empty() {
            groups.push(json!({
                "linkId": section.id,
                "text": section.title,
                "item": items,
            }));
        }
    }
    let mut response = Map::new();
    response.insert("resourceType".into(), json!("QuestionnaireResponse"));
    response.insert("language".into(), json!(rules.language));
    response.insert(
        "questionnaire".into(),
        json!(format!("{}|{}", rules.questionnaire_url(), rules.version())),
    );
    response.insert("status".into(), json!("completed"));
    response.insert("item".into(), Value::Array(groups));
    Value::Object(response)
}
