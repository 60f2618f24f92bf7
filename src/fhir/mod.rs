//! HL7 FHIR R4: the rule set as a Questionnaire and a CodeSystem (`cp-screen export`),
//! QuestionnaireResponses read as answer records (`response`), and results written as
//! Bundles (`output::fhir`). Hand-written: the few resources used are built as JSON values
//! and read with small serde structs (the FHIR crates cost minutes of build for a model of
//! every resource; see the README).
//!
//! Nothing here knows a factor or a question: everything comes from the rule file,
//! including the UCUM codes of units and the FHIR URIs of code systems.

pub mod codes;

use codes::{
    ITEM_CONTROL, ITEM_CONTROL_SYSTEM, LOINC, LOINC_NO, LOINC_UNKNOWN, LOINC_YES, MAX_VALUE,
    MIN_VALUE, QUESTIONNAIRE_UNIT, TRANSLATION, UCUM,
};

use serde_json::{Map, Value, json};

use crate::engine::Status;
use crate::rules::{Condition, Op, QuestionKind, RuleSet, Target};
use crate::words::{self, Phrase};

/// The rule set in each language it has texts in: the file's own language first.
pub struct Texts<'r> {
    pub base: &'r RuleSet,
    /// (BCP 47 tag, the rule set loaded with that language's texts).
    pub translations: Vec<(String, &'r RuleSet)>,
}

/// A `value`-style string, with the translation extension on its `_` sibling when another
/// language says it differently.
fn put_text(
    into: &mut Map<String, Value>,
    key: &str,
    base: &str,
    others: impl Iterator<Item = (String, String)>,
) {
    into.insert(key.to_string(), json!(base));
    let extensions: Vec<Value> = others
        .filter(|(_, text)| text != base)
        .map(|(lang, text)| {
            json!({
                "url": TRANSLATION,
                "extension": [
                    {"url": "lang", "valueCode": lang},
                    {"url": "content", "valueString": text},
                ]
            })
        })
        .collect();
    if !extensions.is_empty() {
        into.insert(format!("_{key}"), json!({ "extension": extensions }));
    }
}

impl Texts<'_> {
    /// `f` of each translation, with its language tag.
    fn each<'a>(
        &'a self,
        f: impl Fn(&RuleSet) -> String + 'a,
    ) -> impl Iterator<Item = (String, String)> + 'a {
        self.translations
            .iter()
            .map(move |(lang, rules)| (lang.clone(), f(rules)))
    }
}

/// A FHIR `id` (64 letters, digits, `-` and `.` at most) from a rule-set id, if it is one.
pub fn fhir_id(id: &str) -> Option<&str> {
    (!id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.'))
    .then_some(id)
}

/// A computer-friendly `name` (`CerebralPalsyEvidence`) from a rule-set id.
fn fhir_name(id: &str) -> String {
    let mut name: String = id
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            let first = chars.next().map(|c| c.to_ascii_uppercase());
            first.into_iter().chain(chars).collect::<String>()
        })
        .collect();
    if !name.starts_with(|c: char| c.is_ascii_uppercase()) {
        name.insert(0, 'Q');
    }
    name
}

/// The words of the language tagged `tag` (`zh-CN` gets 简体中文), or English when
/// cp-screen does not speak it.
fn words_in(tag: &str) -> &'static dyn words::Words {
    let lang = words::negotiate(&[tag.to_string()]).unwrap_or(words::Lang::En);
    words::LANGUAGES
        .iter()
        .find(|(l, _, _)| *l == lang)
        .map_or(words::LANGUAGES[0].2, |(_, _, w)| *w)
}

/// The answer options of a yes / no question: LOINC Yes, No, Unknown, with the display in
/// the questionnaire's language and the others. The display is the questionnaire's own
/// word ("Don't know" for LA4489-6, whose LOINC display is "Unknown"): it is what a form
/// shows the person answering.
fn yes_no_options(texts: &Texts<'_>) -> Vec<Value> {
    [
        (LOINC_YES, Phrase::Yes),
        (LOINC_NO, Phrase::No),
        (LOINC_UNKNOWN, Phrase::DontKnow),
    ]
    .iter()
    .map(|(code, phrase)| {
        let mut coding = Map::new();
        coding.insert("system".into(), json!(LOINC));
        coding.insert("code".into(), json!(code));
        let display = |tag: &str| words_in(tag).phrase(*phrase).to_string();
        let others = texts
            .translations
            .iter()
            .map(|(tag, _)| (tag.clone(), display(tag)));
        put_text(
            &mut coding,
            "display",
            &display(&texts.base.language),
            others,
        );
        json!({ "valueCoding": coding })
    })
    .collect()
}

/// Why a rule set cannot be written as a Questionnaire.
#[derive(Debug, Clone, PartialEq)]
pub enum ExportProblem {
    /// An `ask_when` that `enableWhen` cannot say (a `not`, or `all` inside `any`).
    AskWhen { question: String },
}

/// `enableWhen` and `enableBehavior` for an `ask_when`.
fn enable_when(
    rules: &RuleSet,
    condition: &Condition,
) -> Option<(Vec<Value>, Option<&'static str>)> {
    fn one(rules: &RuleSet, c: &Condition) -> Option<Value> {
        let Condition::Compare {
            question,
            op,
            value,
        } = c
        else {
            return None;
        };
        let id = &rules.questions()[*question].id;
        Some(match value {
            Target::YesNo(want) => {
                let code = if *want { LOINC_YES } else { LOINC_NO };
                json!({"question": id, "operator": "=", "answerCoding": {"system": LOINC, "code": code}})
            }
            Target::Number(n) => {
                let operator = match op {
                    Op::Equals => "=",
                    Op::LessThan => "<",
                    Op::AtMost => "<=",
                    Op::GreaterThan => ">",
                    Op::AtLeast => ">=",
                };
                json!({"question": id, "operator": operator, "answerDecimal": n})
            }
        })
    }
    match condition {
        Condition::Compare { .. } => Some((vec![one(rules, condition)?], None)),
        Condition::All(parts) => Some((
            parts.iter().map(|p| one(rules, p)).collect::<Option<_>>()?,
            Some("all"),
        )),
        Condition::Any(parts) => Some((
            parts.iter().map(|p| one(rules, p)).collect::<Option<_>>()?,
            Some("any"),
        )),
        Condition::Not(_) => None,
    }
}

/// The rule set as an R4 Questionnaire: a group per section, an item per question
/// (`linkId` = the question id), yes / no / don't know as LOINC-coded choices, numbers as
/// decimals in the base unit (UCUM) with their plausible range, `enableWhen` for
/// conditional questions, help as a help item, and every other language's texts in the
/// translation extension.
pub fn questionnaire(texts: &Texts<'_>) -> Result<Value, ExportProblem> {
    let rules = texts.base;
    let mut q = Map::new();
    q.insert("resourceType".into(), json!("Questionnaire"));
    if let Some(id) = fhir_id(rules.id()) {
        q.insert("id".into(), json!(id));
    }
    q.insert("language".into(), json!(rules.language));
    q.insert("url".into(), json!(rules.questionnaire_url()));
    q.insert("version".into(), json!(rules.version()));
    q.insert("name".into(), json!(fhir_name(rules.id())));
    put_text(
        &mut q,
        "title",
        rules.title(),
        texts.each(|r| r.title().to_string()),
    );
    q.insert("status".into(), json!("active"));
    q.insert("subjectType".into(), json!(["Patient"]));
    // `description` is markdown: one paragraph per sentence, in any language.
    let notice = |r: &RuleSet| {
        let report = &r.report;
        format!(
            "{}\n\n{}\n\n{}",
            report.not_a_diagnosis.trim(),
            report.none_does_not_rule_out.trim(),
            report.see_clinician.trim()
        )
    };
    put_text(&mut q, "description", &notice(rules), texts.each(notice));
    // The notice again as the form's first item: form tools do not show `description`.
    let mut groups = Vec::new();
    let mut shown = Map::new();
    shown.insert("linkId".into(), json!("notice"));
    put_text(&mut shown, "text", &notice(rules), texts.each(notice));
    shown.insert("type".into(), json!("display"));
    groups.push(Value::Object(shown));
    for (s, section) in rules.sections().iter().enumerate() {
        let mut items = Vec::new();
        if let Some(intro) = &section.intro {
            let mut item = Map::new();
            item.insert("linkId".into(), json!(format!("{}.intro", section.id)));
            put_text(
                &mut item,
                "text",
                intro,
                texts.each(|r| r.sections()[s].intro.clone().unwrap_or_default()),
            );
            item.insert("type".into(), json!("display"));
            items.push(Value::Object(item));
        }
        for question in rules.questions().iter().filter(|q| q.section == s) {
            items.push(question_item(texts, question.index)?);
        }
        let mut group = Map::new();
        group.insert("linkId".into(), json!(section.id));
        put_text(
            &mut group,
            "text",
            &section.title,
            texts.each(|r| r.sections()[s].title.clone()),
        );
        group.insert("type".into(), json!("group"));
        group.insert("item".into(), Value::Array(items));
        groups.push(Value::Object(group));
    }
    q.insert("item".into(), Value::Array(groups));
    Ok(Value::Object(q))
}

fn question_item(texts: &Texts<'_>, i: usize) -> Result<Value, ExportProblem> {
    let rules = texts.base;
    let question = &rules.questions()[i];
    let mut item = Map::new();
    item.insert("linkId".into(), json!(question.id));
    // A code another form may carry for the same question (LOINC 8339-4 birth weight),
    // so that its responses are easy to map (`--map 8339-4=birth_weight_grams`).
    if let Some(coding) = &question.fhir_code {
        item.insert("code".into(), json!([coding]));
    }
    let text = |r: &RuleSet| {
        let q = &r.questions()[i];
        q.form_text.clone().unwrap_or_else(|| q.text.clone())
    };
    put_text(&mut item, "text", &text(rules), texts.each(text));
    match &question.kind {
        QuestionKind::YesNo => {
            item.insert("extension".into(), json!([item_control("radio-button")]));
            item.insert("type".into(), json!("choice"));
            item.insert("required".into(), json!(false));
            item.insert("answerOption".into(), Value::Array(yes_no_options(texts)));
        }
        QuestionKind::Number(spec) => {
            let mut extensions = Vec::new();
            if let Some(ucum) = &spec.ucum {
                extensions.push(json!({
                    "url": QUESTIONNAIRE_UNIT,
                    "valueCoding": {"system": UCUM, "code": ucum, "display": spec.unit},
                }));
            }
            extensions.push(json!({"url": MIN_VALUE, "valueDecimal": spec.min}));
            // (`31.57` for 31+4: two decimals, as the help says.)
            extensions.push(json!({"url": MAX_VALUE, "valueDecimal": spec.max}));
            item.insert("extension".into(), Value::Array(extensions));
            item.insert("type".into(), json!("decimal"));
            item.insert("required".into(), json!(false));
        }
    }
    if let Some(condition) = &question.ask_when {
        let (when, behavior) =
            enable_when(rules, condition).ok_or_else(|| ExportProblem::AskWhen {
                question: question.id.clone(),
            })?;
        item.insert("enableWhen".into(), Value::Array(when));
        if let Some(behavior) = behavior {
            item.insert("enableBehavior".into(), json!(behavior));
        }
    }
    // A number field takes a plain number only, so its help says that, in place of the
    // rule file's, which lists notations ("31+4", "1.85 kg") a form cannot take.
    let help_in = |r: &RuleSet, lang: &str| match &r.questions()[i].kind {
        QuestionKind::Number(spec) => Some(form_number_help(spec, lang)),
        QuestionKind::YesNo => r.questions()[i].help.clone(),
    };
    if let Some(help) = help_in(rules, &rules.language) {
        let mut shown = Map::new();
        shown.insert("extension".into(), json!([item_control("help")]));
        shown.insert("linkId".into(), json!(format!("{}.help", question.id)));
        put_text(
            &mut shown,
            "text",
            &help,
            texts
                .translations
                .iter()
                .map(|(lang, r)| (lang.clone(), help_in(r, lang).unwrap_or_default())),
        );
        shown.insert("type".into(), json!("display"));
        item.insert("item".into(), json!([shown]));
    }
    Ok(Value::Object(item))
}

/// The SDC item-control extension (`help`, `radio-button`).
fn item_control(code: &str) -> Value {
    json!({
        "url": ITEM_CONTROL,
        "valueCodeableConcept": {"coding": [{"system": ITEM_CONTROL_SYSTEM, "code": code}]},
    })
}

/// The help of a number field: its unit and range, and the first example of the rule file
/// with a `+` ("31+4") shown as the decimal to type (31.57).
fn form_number_help(spec: &crate::rules::NumberSpec, lang: &str) -> String {
    let example = spec
        .examples
        .iter()
        .find(|e| e.contains('+'))
        .and_then(|e| Some((e.as_str(), crate::notation::parse(e, spec).ok()?)));
    let decimal = example.map(|(e, v)| (e, format!("{:.2}", v)));
    words_in(lang).form_number_help(
        &spec.unit,
        spec.min,
        spec.max,
        decimal.as_ref().map(|(e, d)| (*e, d.as_str())),
    )
}

/// The factor ids as an R4 CodeSystem (the system of the factor Observations' codes), with
/// every other language's names as designations.
pub fn code_system(texts: &Texts<'_>) -> Value {
    let rules = texts.base;
    let concepts: Vec<Value> = rules
        .factors()
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let mut concept = Map::new();
            concept.insert("code".into(), json!(f.id));
            concept.insert("display".into(), json!(f.name));
            concept.insert("definition".into(), json!(f.reading));
            let designations: Vec<Value> = texts
                .translations
                .iter()
                .filter(|(_, r)| r.factors()[i].name != f.name)
                .map(|(lang, r)| json!({"language": lang, "value": r.factors()[i].name}))
                .collect();
            if !designations.is_empty() {
                concept.insert("designation".into(), Value::Array(designations));
            }
            let properties = code_properties(rules, i);
            if !properties.is_empty() {
                concept.insert("property".into(), Value::Array(properties));
            }
            Value::Object(concept)
        })
        .collect();
    let mut cs = Map::new();
    cs.insert("resourceType".into(), json!("CodeSystem"));
    if let Some(id) = fhir_id(rules.id()) {
        cs.insert("id".into(), json!(id));
    }
    cs.insert("language".into(), json!(rules.language));
    cs.insert("url".into(), json!(rules.factor_code_system()));
    cs.insert("version".into(), json!(rules.version()));
    cs.insert(
        "name".into(),
        json!(format!("{}Factors", fhir_name(rules.id()))),
    );
    put_text(
        &mut cs,
        "title",
        rules.title(),
        texts.each(|r| r.title().to_string()),
    );
    cs.insert("status".into(), json!("active"));
    cs.insert("caseSensitive".into(), json!(true));
    cs.insert("content".into(), json!("complete"));
    cs.insert("count".into(), json!(concepts.len()));
    // The ICD-10 (and other) codes of a factor are properties of its concept, not codes
    // of its Observations: they are not equivalent to the factor.
    let properties: Vec<Value> = rules
        .fhir
        .systems
        .iter()
        .map(|s| {
            json!({
                "code": property_code(&s.uri),
                "uri": s.uri,
                "description": format!("A code of {} that the factor's rule file lists for it (not equivalent to the factor)", s.name),
                "type": "Coding",
            })
        })
        .collect();
    if !properties.is_empty() {
        cs.insert("property".into(), Value::Array(properties));
    }
    cs.insert("concept".into(), Value::Array(concepts));
    Value::Object(cs)
}

/// The `code` of a CodeSystem property holding codes of the system `uri`: its last path
/// segment (`icd-10`).
fn property_code(uri: &str) -> String {
    let code: String = uri
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(uri)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
        .collect();
    if code.is_empty() {
        "code".to_string()
    } else {
        code
    }
}

/// A factor's codes as CodeSystem concept properties: every code of a system the rule
/// file's `fhir` names (a range such as `Q00-Q89` is not one code, and is left out).
fn code_properties(rules: &RuleSet, factor: usize) -> Vec<Value> {
    rules.factors()[factor]
        .codes
        .iter()
        .filter(|code| !code.code.contains('-'))
        .filter_map(|code| {
            let known = rules.fhir.systems.iter().find(|s| s.name == code.system)?;
            let mut coding = json!({"system": known.uri, "code": code.code, "display": code.title});
            if let Some(version) = &known.version {
                coding["version"] = json!(version);
            }
            Some(json!({"code": property_code(&known.uri), "valueCoding": coding}))
        })
        .collect()
}

/// The error codes of invalid records (`errors[].code`, an OperationOutcome's
/// `issue.details`) as an R4 CodeSystem.
pub fn error_code_system(rules: &RuleSet) -> Value {
    let concepts: Vec<Value> = crate::problem::RECORD_ERROR_CODES
        .iter()
        .map(|code| json!({"code": code, "display": code}))
        .collect();
    json!({
        "resourceType": "CodeSystem",
        "id": "errors",
        "url": format!("{}/CodeSystem/errors", rules.fhir_base()),
        "version": env!("CARGO_PKG_VERSION"),
        "name": "CpScreenErrors",
        "title": "cp-screen error codes",
        "status": "active",
        "description": "Why cp-screen could not screen a record (errors[].code); the README's table of error codes says what each means.",
        "caseSensitive": true,
        "content": "complete",
        "count": concepts.len(),
        "concept": concepts,
    })
}

/// The value sets cp-screen uses, as a Bundle (type `collection`): the answers of a yes /
/// no question, the values of a factor's Observation, the factor codes and the error codes.
pub fn value_sets(rules: &RuleSet) -> Value {
    use codes::{DATA_ABSENT_REASON, SNOMED, SNOMED_ABSENT, SNOMED_PRESENT};
    let base = rules.fhir_base();
    let id = fhir_id(rules.id()).unwrap_or("rules");
    let set = |id: String, name: &str, title: &str, description: &str, include: Value| {
        json!({
            "fullUrl": format!("{base}/ValueSet/{id}"),
            "resource": {
                "resourceType": "ValueSet",
                "id": id,
                "url": format!("{base}/ValueSet/{id}"),
                "version": rules.version(),
                "name": name,
                "title": title,
                "status": "active",
                "description": description,
                "compose": {"include": include},
            }
        })
    };
    let entries = vec![
        set(
            "yes-no-unknown".to_string(),
            "YesNoUnknown",
            "Yes, no, don't know",
            "The answer options of every yes / no question of the exported Questionnaire.",
            json!([{"system": LOINC, "concept": [
                {"code": LOINC_YES, "display": "Yes"},
                {"code": LOINC_NO, "display": "No"},
                {"code": LOINC_UNKNOWN, "display": "Unknown"},
            ]}]),
        ),
        set(
            "factor-status".to_string(),
            "FactorStatus",
            "A factor present or absent",
            "The value of a factor's Observation (valueCodeableConcept); a factor not assessed, or not applicable, has a dataAbsentReason instead.",
            json!([{"system": SNOMED, "concept": [
                {"code": SNOMED_PRESENT, "display": "Present"},
                {"code": SNOMED_ABSENT, "display": "Absent"},
            ]}]),
        ),
        set(
            "factor-absent-reason".to_string(),
            "FactorAbsentReason",
            "Why a factor has no value",
            "The dataAbsentReason of a factor not assessed (unknown) or not applicable.",
            json!([{"system": DATA_ABSENT_REASON, "concept": [
                {"code": "unknown", "display": "Unknown"},
                {"code": "not-applicable", "display": "Not Applicable"},
            ]}]),
        ),
        set(
            format!("{id}-factors"),
            &format!("{}Factors", fhir_name(rules.id())),
            rules.title(),
            "Every factor of the rule set (the code of its Observations).",
            json!([{"system": rules.factor_code_system(), "version": rules.version()}]),
        ),
        set(
            "errors".to_string(),
            "CpScreenErrors",
            "cp-screen error codes",
            "Every error code of an invalid record.",
            json!([{"system": format!("{base}/CodeSystem/errors")}]),
        ),
    ];
    json!({"resourceType": "Bundle", "type": "collection", "entry": entries})
}

/// The `dataAbsentReason` code of a factor that was not assessed or does not apply.
pub fn absent_reason(status: Status) -> Option<&'static str> {
    match status {
        Status::NotAssessed => Some("unknown"),
        Status::NotApplicable => Some("not-applicable"),
        Status::Present | Status::Absent => None,
    }
}
