//! FHIR R4 end to end: the exported Questionnaire and CodeSystem, QuestionnaireResponses
//! read in the shapes real form tools send (one, a Bundle, NDJSON), and `--format fhir`.
//! Every resource cp-screen writes is validated against the official R4 JSON schema
//! (`tests/fhir/fhir.schema.json`), and the rules the schema cannot check (que-12,
//! bdl-7, references inside a Bundle) are checked here by hand.

use crate::util;

use std::collections::{BTreeMap, HashSet};

use serde_json::{Value, json};
use util::{cp, fhir, fixture};

const CP_URL: &str = "https://cp-screen.example/fhir/Questionnaire/cerebral-palsy";

fn export(rule_set: &str, what: &str, lang: &str) -> Value {
    let run = cp()
        .args(["--rule-set", rule_set, "--lang", lang, "export", what])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.json()
}

/// `cp-screen export questionnaire` with `rules` as the rule file.
fn export_with_rules(rules: &Value) -> util::Run {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rules.json");
    std::fs::write(&path, rules.to_string()).unwrap();
    cp().arg("--rules")
        .arg(&path)
        .args(["export", "questionnaire"])
        .run()
}

fn assert_valid(resource: &Value) {
    if let Err(errors) = fhir::validate(resource) {
        panic!(
            "not valid FHIR R4:\n{}\n{}",
            errors.join("\n"),
            serde_json::to_string_pretty(resource).unwrap()
        );
    }
}

/// Every item of a Questionnaire (or response), depth first.
fn items(resource: &Value) -> Vec<&Value> {
    fn walk<'a>(v: &'a Value, out: &mut Vec<&'a Value>) {
        for item in v["item"].as_array().into_iter().flatten() {
            out.push(item);
            walk(item, out);
        }
    }
    let mut out = Vec::new();
    walk(resource, &mut out);
    out
}

fn item<'a>(q: &'a Value, link_id: &str) -> &'a Value {
    items(q)
        .into_iter()
        .find(|i| i["linkId"] == link_id)
        .unwrap_or_else(|| panic!("no item {link_id}"))
}

fn translation<'a>(element: &'a Value, lang: &str) -> Option<&'a str> {
    element["extension"]
        .as_array()?
        .iter()
        .filter(|e| e["url"] == "http://hl7.org/fhir/StructureDefinition/translation")
        .find(|e| e["extension"][0]["valueCode"] == lang)
        .and_then(|e| e["extension"][1]["valueString"].as_str())
}

// ---- export -------------------------------------------------------------------------------

#[test]
fn exported_questionnaires_of_both_rule_sets_are_valid_r4_in_any_run_language() {
    for rule_set in ["cerebral-palsy", "evidence"] {
        let en = export(rule_set, "questionnaire", "en");
        assert_valid(&en);
        // The resource carries every language; the run's language does not change it.
        assert_eq!(
            export(rule_set, "questionnaire", "zh-Hans"),
            en,
            "{rule_set}"
        );
        // que-12: enableBehavior is present whenever there is more than one enableWhen.
        for i in items(&en) {
            if i["enableWhen"].as_array().is_some_and(|w| w.len() > 1) {
                assert!(i["enableBehavior"].is_string(), "{i}");
            }
        }
        // linkIds are unique.
        let ids: Vec<&str> = items(&en)
            .iter()
            .filter_map(|i| i["linkId"].as_str())
            .collect();
        assert_eq!(ids.iter().collect::<HashSet<_>>().len(), ids.len());
    }
}

#[test]
fn the_questionnaire_has_a_group_per_section_and_an_item_per_question() {
    let q = export("cerebral-palsy", "questionnaire", "en");
    assert_eq!(q["url"], CP_URL);
    assert_eq!(q["version"], "1.3.0");
    assert_eq!(q["status"], "active");
    // First the notice, as a text of the form itself: form tools do not show `description`.
    let notice = &q["item"][0];
    assert_eq!(
        (&notice["linkId"], &notice["type"]),
        (&json!("notice"), &json!("display"))
    );
    assert!(notice["text"].as_str().unwrap().contains("not a diagnosis"));
    assert!(translation(&notice["_text"], "zh-Hans").is_some_and(|t| t.contains("不是诊断")));
    let groups: Vec<&str> = q["item"]
        .as_array()
        .unwrap()
        .iter()
        .skip(1)
        .map(|g| {
            assert_eq!(g["type"], "group");
            g["linkId"].as_str().unwrap()
        })
        .collect();
    assert_eq!(groups, ["pregnancy", "family", "birth"]);
    // Every question of the answer template is an item, with the question id as linkId.
    let template = cp().args(["template"]).run().json();
    let questions: Vec<&String> = template
        .as_object()
        .unwrap()
        .keys()
        .filter(|k| *k != "id")
        .collect();
    assert_eq!(questions.len(), 16);
    for id in &questions {
        let i = item(&q, id);
        assert_eq!(i["required"], false, "{id}");
        assert!(i["text"].as_str().is_some_and(|t| t.ends_with('?')), "{id}");
    }
    // Yes / no / don't know are LOINC answers, with the Chinese display beside.
    let choice = item(&q, "birth_asphyxia");
    assert_eq!(choice["type"], "choice");
    assert_eq!(
        choice["extension"][0]["valueCodeableConcept"]["coding"][0]["code"],
        "radio-button"
    );
    let codes: Vec<&str> = choice["answerOption"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            assert_eq!(o["valueCoding"]["system"], "http://loinc.org");
            o["valueCoding"]["code"].as_str().unwrap()
        })
        .collect();
    assert_eq!(codes, ["LA33-6", "LA32-8", "LA4489-6"]);
    let yes = &choice["answerOption"][0]["valueCoding"];
    assert_eq!(yes["display"], "Yes");
    assert_eq!(translation(&yes["_display"], "zh-Hans"), Some("有"));
    // Numbers: decimals in the base unit (UCUM), with the plausible range.
    let weight = item(&q, "birth_weight_grams");
    assert_eq!(weight["type"], "decimal");
    let ext = |url: &str| {
        weight["extension"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["url"] == url)
            .cloned()
            .unwrap_or_else(|| panic!("no {url}"))
    };
    let unit = ext("http://hl7.org/fhir/StructureDefinition/questionnaire-unit");
    assert_eq!(unit["valueCoding"]["system"], "http://unitsofmeasure.org");
    assert_eq!(unit["valueCoding"]["code"], "g");
    assert_eq!(
        ext("http://hl7.org/fhir/StructureDefinition/minValue")["valueDecimal"],
        200.0
    );
    assert_eq!(
        ext("http://hl7.org/fhir/StructureDefinition/maxValue")["valueDecimal"],
        7000.0
    );
    let weeks = item(&q, "gestational_age_weeks");
    assert_eq!(weeks["extension"][0]["valueCoding"]["code"], "wk");
    // Help is a help item of its question; Chinese texts ride in the translation extension.
    let help = &weeks["item"][0];
    assert_eq!(help["type"], "display");
    assert_eq!(
        help["extension"][0]["valueCodeableConcept"]["coding"][0]["code"],
        "help"
    );
    assert!(
        translation(&weeks["_text"], "zh-Hans").is_some_and(|t| t.contains("周")),
        "{weeks}"
    );
    // A decimal field takes a plain number: its text and help say so, and never offer the
    // notations of JSON input ("31+4" typed into a decimal field is read as 31 by some
    // form tools, and "1.85 kg" is refused).
    assert_eq!(
        help["text"],
        "A number in weeks, from 20 to 45. Write a part as a decimal: 31+4 is 31.57."
    );
    assert_eq!(
        translation(&help["_text"], "zh-Hans"),
        Some("填写一个数字，单位为周，范围 20 到 45。不足一个单位的部分写成小数：31+4 即 31.57。")
    );
    assert!(
        !translation(&weeks["_text"], "zh-Hans")
            .unwrap()
            .contains('+')
    );
    assert_eq!(
        weight["text"],
        "What did the baby weigh at birth, in grams?"
    );
    assert_eq!(
        weight["item"][0]["text"],
        "A number in g, from 200 to 7000."
    );
    // Yes/no questions keep the rule file's own help.
    assert_eq!(
        item(&q, "fetal_malformation")["item"][0]["text"],
        "A difference in how a body part formed before birth, found before or after birth. \
         Chromosomal conditions (such as Down syndrome) are asked separately."
    );
    // The notice is in the description, never a probability anywhere.
    assert!(
        q["description"]
            .as_str()
            .unwrap()
            .contains("not a diagnosis")
    );
}

#[test]
fn conditional_questions_become_enable_when() {
    let q = export("evidence", "questionnaire", "en");
    let twin = item(&q, "co_twin_death");
    assert_eq!(
        twin["enableWhen"],
        json!([{"question": "multiple_birth", "operator": "=",
                "answerCoding": {"system": "http://loinc.org", "code": "LA33-6"}}])
    );
    // The question it depends on comes before it, as enableWhen needs.
    let order: Vec<&str> = items(&q)
        .iter()
        .filter_map(|i| i["linkId"].as_str())
        .collect();
    let pos = |id: &str| order.iter().position(|x| *x == id).unwrap();
    assert!(pos("multiple_birth") < pos("co_twin_death"));
}

#[test]
fn an_ask_when_that_enable_when_cannot_say_is_refused_with_a_code() {
    let mut rules: Value =
        serde_json::from_str(include_str!("../rules/cerebral-palsy-evidence.json")).unwrap();
    for q in rules["questions"].as_array_mut().unwrap() {
        if q["id"] == "co_twin_death" {
            q["ask_when"] = json!({"not": {"question": "multiple_birth", "equals": "no"}});
        }
    }
    let run = export_with_rules(&rules);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("co_twin_death"), "{}", run.stderr);
    assert!(run.stderr.contains("enableWhen"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}

#[test]
fn the_code_system_of_factor_ids_is_valid_and_complete() {
    for rule_set in ["cerebral-palsy", "evidence"] {
        let cs = export(rule_set, "codesystem", "en");
        assert_valid(&cs);
        let factors = cp()
            .args(["--rule-set", rule_set, "factors", "--format", "json"])
            .run()
            .json();
        let ids: Vec<&Value> = factors["factors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| &f["id"])
            .collect();
        let codes: Vec<&Value> = cs["concept"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| &c["code"])
            .collect();
        assert_eq!(codes, ids, "{rule_set}");
        assert_eq!(cs["count"], ids.len());
        assert!(cs["concept"][0]["designation"][0]["language"] == "zh-Hans");
    }
}

// ---- reading responses ----------------------------------------------------------------------

/// Screens `args` as JSON Lines and returns each record's outcome without its place.
fn outcomes(args: &[&str], stdin: Option<&str>) -> Vec<Value> {
    let mut c = cp().args(["screen", "-f", "jsonl"]).args(args);
    if let Some(input) = stdin {
        c = c.stdin(input);
    }
    let run = c.run();
    assert!(run.code <= 1, "{}", run.stderr);
    run.jsonl().into_iter().map(outcome).collect()
}

/// What screening said, without where the record was (line, record number).
fn outcome(mut r: Value) -> Value {
    let present: Vec<Value> = r["present"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| json!([p["id"], p["because"]]))
        .collect();
    let errors: Vec<Value> = r["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| json!([e["field"], e["code"]]))
        .collect();
    let obj = r.as_object_mut().unwrap();
    json!({
        "status": obj["status"], "present": present, "absent": obj["absent"],
        "not_assessed": obj["not_assessed"], "not_applicable": obj["not_applicable"],
        "follow_up": obj["follow_up"], "errors": errors,
    })
}

#[test]
fn a_response_written_like_a_form_tool_screens_like_its_answer_record() {
    // Groups, answers as LOINC codings, weeks and pounds as UCUM quantities, texts repeated,
    // an identifier and no id: the shape LHC-Forms sends.
    let from_fhir = cp()
        .args(["screen", "-f", "jsonl", &fixture("fhir/form-tool.json")])
        .run();
    assert_eq!(from_fhir.code, 0, "{}", from_fhir.stderr);
    let from_fhir = &from_fhir.jsonl()[0];
    let from_json = &cp()
        .args([
            "screen",
            "-f",
            "jsonl",
            &fixture("fhir/form-tool.answers.json"),
        ])
        .run()
        .jsonl()[0];
    assert_eq!(outcome(from_fhir.clone()), outcome(from_json.clone()));
    assert_eq!(from_fhir["id"], "clinic-0042");
    assert_eq!(
        from_fhir["present"][1]["because"],
        "birth weight 4.25 lb (1928 g): under 2000 g"
    );
    // Chosen explicitly, it reads the same.
    let explicit = outcomes(
        &["--input-format", "fhir", &fixture("fhir/form-tool.json")],
        None,
    );
    assert_eq!(explicit[0], outcome(from_json.clone()));
}

/// A demo's answer record as a QuestionnaireResponse in one of the shapes tools send.
#[derive(Clone, Copy, Debug)]
enum Shape {
    /// Groups, LOINC codings with displays, `url|version`, valueDecimal / valueString.
    Coded,
    /// Flat items, valueBoolean, unknown as an item without answer, quantities with a
    /// UCUM code, `identifier` for the id.
    Boolean,
    /// Groups, HL7 v2-0136 Y / N and NullFlavor UNK, valueInteger, quantities with only
    /// a unit text.
    V2,
}

fn response(record: &Value, questionnaire: &Value, shape: Shape) -> Value {
    let answers = record.as_object().unwrap();
    let answer_of = |value: &Value| -> Option<Value> {
        let unknown = value.is_null()
            || value
                .as_str()
                .is_some_and(|s| s.is_empty() || s == "unknown");
        let yes_no = value.as_str().filter(|s| *s == "yes" || *s == "no");
        Some(match (shape, yes_no, unknown) {
            (Shape::Boolean, _, true) => return None,
            (Shape::Coded, _, true) => {
                json!({"valueCoding": {"system": "http://loinc.org", "code": "LA4489-6", "display": "Don't know"}})
            }
            (Shape::V2, _, true) => {
                json!({"valueCoding": {"system": "http://terminology.hl7.org/CodeSystem/v3-NullFlavor", "code": "UNK"}})
            }
            (Shape::Coded, Some(yn), _) => {
                let (code, display) = if yn == "yes" {
                    ("LA33-6", "Yes")
                } else {
                    ("LA32-8", "No")
                };
                json!({"valueCoding": {"system": "http://loinc.org", "code": code, "display": display}})
            }
            (Shape::Boolean, Some(yn), _) => json!({"valueBoolean": yn == "yes"}),
            (Shape::V2, Some(yn), _) => json!({"valueCoding": {
                "system": "http://terminology.hl7.org/CodeSystem/v2-0136",
                "code": if yn == "yes" { "Y" } else { "N" }}}),
            (_, None, false) => match value {
                Value::Number(n) if matches!(shape, Shape::V2) && n.is_u64() => {
                    json!({"valueInteger": n})
                }
                Value::Number(n) => json!({"valueDecimal": n}),
                Value::String(s) => {
                    // "1.28 kg" as a quantity; other notations ("29+3", "7 lb 4 oz") as text.
                    let quantity = s.split_once(' ').and_then(|(v, u)| {
                        let v: f64 = v.parse().ok()?;
                        let code = match u {
                            "kg" => "kg",
                            "g" => "g",
                            "lb" => "[lb_av]",
                            _ => return None,
                        };
                        Some((v, u, code))
                    });
                    match (shape, quantity) {
                        (Shape::Boolean, Some((v, _, code))) => json!({"valueQuantity": {
                            "value": v, "system": "http://unitsofmeasure.org", "code": code}}),
                        (Shape::V2, Some((v, unit, _))) => {
                            json!({"valueQuantity": {"value": v, "unit": unit}})
                        }
                        _ => json!({"valueString": s}),
                    }
                }
                other => panic!("unexpected answer {other}"),
            },
        })
    };
    let item_of = |key: &str, value: &Value| -> Value {
        match answer_of(value) {
            Some(a) => json!({"linkId": key, "answer": [a]}),
            None => json!({"linkId": key}),
        }
    };
    let mut resource = json!({
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
    });
    let url = format!(
        "{}|{}",
        questionnaire["url"].as_str().unwrap(),
        questionnaire["version"].as_str().unwrap()
    );
    match shape {
        Shape::Coded => resource["questionnaire"] = json!(url),
        Shape::Boolean => resource["questionnaire"] = questionnaire["url"].clone(),
        Shape::V2 => {}
    }
    if let Some(id) = answers.get("id") {
        match shape {
            Shape::Boolean => resource["identifier"] = json!({"value": id}),
            _ => resource["id"] = id.clone(),
        }
    }
    let mut placed = HashSet::new();
    let item_list: Vec<Value> = match shape {
        Shape::Boolean => answers
            .iter()
            .filter(|(k, _)| *k != "id")
            .map(|(k, v)| item_of(k, v))
            .collect(),
        Shape::Coded | Shape::V2 => {
            let mut groups: Vec<Value> = questionnaire["item"]
                .as_array()
                .unwrap()
                .iter()
                .map(|group| {
                    let inside: Vec<Value> = items(group)
                        .into_iter()
                        .filter_map(|i| {
                            let id = i["linkId"].as_str()?;
                            let value = answers.get(id)?;
                            placed.insert(id.to_string());
                            Some(item_of(id, value))
                        })
                        .collect();
                    json!({"linkId": group["linkId"], "item": inside})
                })
                .collect();
            // Keys that are not questions (a typo) go in as items of their own.
            for (k, v) in answers {
                if k != "id" && !placed.contains(k) {
                    groups.push(item_of(k, v));
                }
            }
            groups
        }
    };
    resource["item"] = Value::Array(item_list);
    resource
}

#[test]
fn responses_made_by_lhc_forms_screen_like_their_answer_records() {
    // Made by LHC-Forms 40.1.3 in headless Chromium from `cp-screen export questionnaire`,
    // answered through its UI (tests/fixtures/fhir/lforms/README.md). They answer the
    // Questionnaires of cerebral-palsy 1.1.0 and cerebral-palsy-evidence 1.0.0, so they are
    // screened with those rule files, kept as fixtures.
    let source = fixture("cerebral-palsy-1.1.0.json");
    let evidence = fixture("cerebral-palsy-evidence-1.0.0.json");
    for (name, rules) in [
        ("cp-a", &source),
        ("cp-b", &source),
        ("cp-c", &source),
        ("ev-twin", &evidence),
    ] {
        let response = fixture(&format!("fhir/lforms/{name}.json"));
        let answers = fixture(&format!("fhir/lforms/{name}.answers.json"));
        let got = outcomes(&["--rules", rules, &response], None);
        let want = outcomes(&["--rules", rules, &answers], None);
        assert_eq!(got, want, "{name}");
        assert_eq!(got[0]["status"], "screened", "{name}");
        // The embedded sets are newer versions: another questionnaire, refused.
        let newer = outcomes(&[&response], None);
        assert_eq!(newer[0]["status"], "invalid", "{name}");
    }
    // The partly answered form: what was left blank is not assessed, never absent.
    let partial = outcomes(
        &["--rules", &source, &fixture("fhir/lforms/cp-c.json")],
        None,
    );
    let not_assessed = partial[0]["not_assessed"].as_array().unwrap();
    assert!(not_assessed.contains(&json!("preterm_under_32_weeks")));
    assert!(not_assessed.contains(&json!("family_history")));
}

#[test]
fn every_demo_as_responses_in_three_tool_shapes_screens_like_its_answer_record() {
    let dir = tempfile::tempdir().unwrap();
    for rule_set in ["cerebral-palsy", "evidence"] {
        let questionnaire = export(rule_set, "questionnaire", "en");
        let demos = cp()
            .args(["--rule-set", rule_set, "demo", "--format", "json"])
            .run()
            .json();
        let mut records = Vec::new();
        for demo in demos.as_array().unwrap() {
            let name = demo["name"].as_str().unwrap();
            let record = cp()
                .args(["--rule-set", rule_set, "demo", name, "--record"])
                .run()
                .json();
            records.push((name.to_string(), record));
        }
        let answers: String = records.iter().map(|(_, r)| format!("{r}\n")).collect();
        let expected = outcomes(&["--rule-set", rule_set, "-"], Some(&answers));
        assert!(expected.len() >= 3);
        for shape in [Shape::Coded, Shape::Boolean, Shape::V2] {
            let ndjson: String = records
                .iter()
                .map(|(_, r)| format!("{}\n", response(r, &questionnaire, shape)))
                .collect();
            let path = dir.path().join(format!("{rule_set}-{shape:?}.ndjson"));
            std::fs::write(&path, &ndjson).unwrap();
            let got = outcomes(&["--rule-set", rule_set, path.to_str().unwrap()], None);
            for (((name, _), want), got) in records.iter().zip(&expected).zip(&got) {
                assert_eq!(got, want, "{rule_set} demo {name} as {shape:?}");
            }
            assert_eq!(got.len(), expected.len());
        }
    }
}

#[test]
fn a_bundle_of_responses_is_one_record_per_response_in_order() {
    let form: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("fhir/form-tool.json")).unwrap())
            .unwrap();
    let mut second = form.clone();
    second["identifier"]["value"] = json!("clinic-0043");
    second["item"] = json!([{"linkId": "birth", "item": [
        {"linkId": "gestational_age_weeks", "answer": [{"valueString": "31+4"}]}]}]);
    let bundle = json!({
        "resourceType": "Bundle",
        "type": "searchset",
        "entry": [
            {"fullUrl": "https://ehr.example/QuestionnaireResponse/1", "resource": form, "search": {"mode": "match"}},
            {"resource": {"resourceType": "Patient", "id": "example"}, "search": {"mode": "include"}},
            {"resource": second},
            {"resource": {"resourceType": "Observation", "status": "final"}},
        ]
    });
    let pretty = serde_json::to_string_pretty(&bundle).unwrap();
    let run = cp()
        .args(["screen", "-f", "jsonl", "-"])
        .stdin(pretty.clone())
        .run();
    // The included Patient is context, not a record; the Observation is a record that is
    // not a response.
    assert_eq!(run.code, 1, "{}", run.stderr);
    let results = run.jsonl();
    assert_eq!(results.len(), 3);
    assert_eq!(results[0]["id"], "clinic-0042");
    assert_eq!(results[1]["id"], "clinic-0043");
    assert_eq!(results[1]["present"][0]["id"], "preterm_under_32_weeks");
    assert_eq!(results[2]["status"], "invalid");
    assert_eq!(results[2]["errors"][0]["code"], "fhir_not_a_response");
    // Records are placed at the line where their resource starts.
    let line = |needle: &str| pretty.lines().position(|l| l.contains(needle)).unwrap() as u64;
    assert_eq!(results[2]["line"], line("\"Observation\""));
}

#[test]
fn ndjson_responses_stream_and_a_bad_line_is_one_invalid_record() {
    let form: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("fhir/form-tool.json")).unwrap())
            .unwrap();
    let input =
        format!("{form}\n{{\"resourceType\": \"QuestionnaireResponse\", \"item\": [\n{form}\n");
    let run = cp().args(["screen", "-f", "jsonl", "-"]).stdin(input).run();
    assert_eq!(run.code, 1);
    let results = run.jsonl();
    assert_eq!(results.len(), 3);
    assert_eq!(results[0]["status"], "screened");
    assert_eq!(results[1]["errors"][0]["code"], "invalid_json");
    assert_eq!(results[2]["status"], "screened");
    assert_eq!(results[2]["line"], 3);
}

/// Screens one response with `items` (and `extra` top-level fields) and returns its
/// errors as (field, code, message).
fn errors_of(extra: Value, items: Value) -> Vec<(Value, String, String)> {
    let mut resource = json!({
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "item": items,
    });
    for (k, v) in extra.as_object().unwrap() {
        resource[k] = v.clone();
    }
    let run = cp()
        .args(["screen", "-f", "jsonl", "--input-format", "fhir", "-"])
        .stdin(resource.to_string())
        .run();
    assert_eq!(run.code, 1, "{}", run.stdout);
    let r = &run.jsonl()[0];
    assert_eq!(r["status"], "invalid");
    r["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].clone(),
                e["code"].as_str().unwrap().to_string(),
                e["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn responses_that_cannot_be_read_say_what_where_and_what_was_expected() {
    let one = |extra: Value, items: Value| {
        let e = errors_of(extra, items);
        assert_eq!(e.len(), 1, "{e:?}");
        e.into_iter().next().unwrap()
    };
    let none = json!({});
    let q = |link: &str, answer: Value| json!([{"linkId": link, "answer": [answer]}]);

    let (field, code, message) = one(
        json!({"questionnaire": "https://forms.example/Questionnaire/apgar|2"}),
        json!([]),
    );
    assert_eq!(
        (field, code.as_str()),
        (json!("questionnaire"), "fhir_other_questionnaire")
    );
    assert!(
        message.contains("https://forms.example/Questionnaire/apgar|2"),
        "{message}"
    );
    assert!(message.contains(&format!("{CP_URL}|1.3.0")), "{message}");
    // Another version of the same questionnaire is another questionnaire.
    let (_, code, message) = one(
        json!({"questionnaire": format!("{CP_URL}|1.0.0")}),
        json!([]),
    );
    assert_eq!(code, "fhir_other_questionnaire");
    assert!(!message.contains("--rule-set"), "{message}");
    // A response to the other embedded rule set's questionnaire says how to screen it.
    let (_, _, message) = one(
        json!({"questionnaire": "https://cp-screen.example/fhir/Questionnaire/cerebral-palsy-evidence|1.3.0"}),
        json!([]),
    );
    assert!(
        message.ends_with("screen it with --rule-set cerebral-palsy-evidence"),
        "{message}"
    );

    let (field, code, _) = one(json!({"status": "entered-in-error"}), json!([]));
    assert_eq!(
        (field, code.as_str()),
        (json!("status"), "fhir_entered_in_error")
    );

    let (field, code, message) = one(
        none.clone(),
        json!([{"linkId": "birth_asphyxia", "answer": [{"valueBoolean": true}, {"valueBoolean": false}]}]),
    );
    assert_eq!(
        (field, code.as_str()),
        (json!("birth_asphyxia"), "fhir_several_answers")
    );
    assert!(message.contains('2'), "{message}");

    // One answer each: the code, and what the message must name. The last three are the
    // same range checks, notations and field checks as JSON.
    let cases: [(&str, Value, &str, &[&str]); 9] = [
        // A system URI is named whole, however long.
        (
            "birth_asphyxia",
            json!({"valueCoding": {"system": "https://terminology.example.org/fhir/CodeSystem/local-answers-of-the-maternity-unit", "code": "1"}}),
            "fhir_unknown_coding",
            &[
                "\"https://terminology.example.org/fhir/CodeSystem/local-answers-of-the-maternity-unit\"",
            ],
        ),
        (
            "birth_asphyxia",
            json!({"valueCoding": {"system": "http://snomed.info/sct", "code": "52101004"}}),
            "fhir_unknown_coding",
            &["52101004", "LA33-6", "373066001", "asked-unknown"],
        ),
        (
            "birth_weight_grams",
            json!({"valueQuantity": {"value": 3, "system": "http://unitsofmeasure.org", "code": "mg"}}),
            "fhir_unknown_unit",
            &["\"mg\"", "[lb_av]"],
        ),
        (
            "birth_weight_grams",
            json!({"valueQuantity": {"value": 1500, "comparator": "<", "code": "g"}}),
            "fhir_comparator",
            &["\"<\""],
        ),
        (
            "birth_asphyxia",
            json!({"valueDate": "2026-01-01"}),
            "fhir_unsupported_value",
            &["valueDate", "valueBoolean"],
        ),
        (
            "birth_asphyxia",
            json!({"extension": []}),
            "fhir_no_value",
            &["valueCoding"],
        ),
        (
            "gestational_age_weeks",
            json!({"valueDecimal": 353}),
            "out_of_range",
            &["353"],
        ),
        (
            "gestational_age_weeks",
            json!({"valueString": "31.5+4"}),
            "ambiguous_fraction",
            &["31.5+4"],
        ),
        (
            "birth_asphixia",
            json!({"valueBoolean": true}),
            "unknown_field",
            &["birth_asphyxia"],
        ),
    ];
    for (link_id, answer, code, says) in cases {
        let (field, got, message) = one(none.clone(), q(link_id, answer));
        assert_eq!((field, got.as_str()), (json!(link_id), code), "{message}");
        for part in says {
            assert!(message.contains(part), "{code}: {message}");
        }
    }

    // A shape the reader cannot follow is placed by its path.
    let (field, code, message) = one(none.clone(), json!([{"answer": []}]));
    assert_eq!((field, code.as_str()), (Value::Null, "fhir_invalid"));
    assert!(
        message.contains("item[0]") && message.contains("linkId"),
        "{message}"
    );

    let (field, code, _) = one(json!({"resourceType": "Patient"}), json!([]));
    assert_eq!(
        (field, code.as_str()),
        (json!("resourceType"), "fhir_not_a_response")
    );
}

#[test]
fn a_response_answering_a_question_that_was_not_asked_is_refused() {
    let run = cp()
        .args([
            "--rule-set",
            "evidence",
            "screen",
            "-f",
            "jsonl",
            "--input-format",
            "fhir",
            "-",
        ])
        .stdin(
            json!({"resourceType": "QuestionnaireResponse", "status": "completed", "item": [
                {"linkId": "multiple_birth", "answer": [{"valueBoolean": false}]},
                {"linkId": "co_twin_death", "answer": [{"valueBoolean": true}]}]})
            .to_string(),
        )
        .run();
    assert_eq!(run.code, 1);
    assert_eq!(run.jsonl()[0]["errors"][0]["code"], "not_asked");
}

#[test]
fn a_bundle_file_too_large_to_read_whole_is_refused_with_the_ndjson_hint() {
    let entry = json!({"resource": {"resourceType": "QuestionnaireResponse", "status": "completed",
        "text": {"status": "generated", "div": "x".repeat(1024 * 1024)}}});
    let entries: Vec<Value> = (0..33).map(|_| entry.clone()).collect();
    let bundle = json!({"resourceType": "Bundle", "type": "collection", "entry": entries});
    let run = cp()
        .args(["screen", "-f", "jsonl", "-"])
        .stdin(bundle.to_string())
        .run();
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("NDJSON"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}

// ---- writing results -------------------------------------------------------------------------

/// Checks the rules of a result Bundle the schema cannot: unique fullUrls (bdl-7), and
/// that every `urn:uuid` reference points into the Bundle.
fn check_bundle(bundle: &Value) {
    assert_valid(bundle);
    // The schema's Reference has no type: check that every subject is an object.
    for entry in bundle["entry"].as_array().unwrap() {
        let subject = &entry["resource"]["subject"];
        assert!(subject.is_object() || subject.is_null(), "{subject}");
    }
    assert_eq!(bundle["type"], "collection");
    let entries = bundle["entry"].as_array().unwrap();
    let urls: HashSet<&str> = entries
        .iter()
        .map(|e| e["fullUrl"].as_str().unwrap())
        .collect();
    assert_eq!(urls.len(), entries.len(), "fullUrls are unique");
    let text = bundle.to_string();
    for reference in text.split("\"reference\":\"").skip(1) {
        let target = &reference[..reference.find('"').unwrap()];
        if target.starts_with("urn:uuid:") {
            assert!(urls.contains(target), "{target} is in the Bundle");
        }
    }
}

#[test]
fn fhir_results_are_valid_bundles_one_per_record_in_order() {
    let form = std::fs::read_to_string(fixture("fhir/form-tool.json")).unwrap();
    let form: Value = serde_json::from_str(&form).unwrap();
    let invalid = json!({"resourceType": "QuestionnaireResponse", "status": "completed", "item": [
        {"linkId": "gestational_age_weeks", "answer": [{"valueDecimal": 353}]},
        {"linkId": "birth_asphixia", "answer": [{"valueBoolean": true}]}]});
    let input = format!("{form}\n{invalid}\nnot json\n");
    let run = cp()
        .args(["screen", "--format", "fhir", "-"])
        .stdin(input)
        .run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    let bundles = run.jsonl();
    assert_eq!(bundles.len(), 3);
    bundles.iter().for_each(check_bundle);

    // A screened record: a RiskAssessment, then an Observation per factor.
    let entries = bundles[0]["entry"].as_array().unwrap();
    assert_eq!(entries.len(), 1 + 14);
    let assessment = &entries[0]["resource"];
    assert_eq!(assessment["resourceType"], "RiskAssessment");
    assert_eq!(assessment["status"], "final");
    assert!(
        assessment.get("prediction").is_none(),
        "never a probability or a grade"
    );
    assert_eq!(
        assessment["subject"],
        json!({"reference": "Patient/example"})
    );
    assert_eq!(
        assessment["basis"][0],
        json!({"type": "QuestionnaireResponse",
               "identifier": {"system": "https://clinic.example/responses", "value": "clinic-0042"}})
    );
    assert_eq!(assessment["basis"].as_array().unwrap().len(), 1 + 14);
    let method = assessment["method"]["text"].as_str().unwrap();
    assert!(
        method.contains("cerebral-palsy@1.3.0") && method.contains("sha256:"),
        "{method}"
    );
    let notes: Vec<&str> = assessment["note"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["text"].as_str().unwrap())
        .collect();
    assert!(notes[0].contains("not a diagnosis"));
    assert!(notes[1].contains("does not rule cerebral palsy out"));
    assert!(notes[2].contains("clinician"));
    assert!(notes.iter().all(|n| !n.contains('%')));

    let observation = |factor: &str| {
        entries
            .iter()
            .map(|e| &e["resource"])
            .find(|r| r["code"]["coding"][0]["code"] == factor)
            .unwrap_or_else(|| panic!("no Observation of {factor}"))
    };
    let weight = observation("birth_weight_under_2000_g");
    assert_eq!(
        weight["code"]["coding"][0]["system"],
        "https://cp-screen.example/fhir/CodeSystem/cerebral-palsy"
    );
    // The factor's own code only: its ICD-10 codes are not equivalent to it (they are
    // properties of its concept in the exported CodeSystem).
    assert_eq!(
        weight["code"]["coding"].as_array().unwrap().len(),
        1,
        "{weight}"
    );
    assert_eq!(
        weight["valueCodeableConcept"]["coding"][0]["code"],
        "52101004"
    );
    assert_eq!(weight["valueCodeableConcept"]["text"], "present");
    assert_eq!(
        weight["note"][0]["text"],
        "birth weight 4.25 lb (1928 g): under 2000 g"
    );
    assert_eq!(weight["derivedFrom"][0], assessment["basis"][0]);
    let absent = observation("birth_asphyxia");
    assert_eq!(
        absent["valueCodeableConcept"]["coding"][0]["code"],
        "2667000"
    );
    let unknown = observation("fetal_hypoxia");
    assert!(unknown.get("valueCodeableConcept").is_none());
    assert_eq!(unknown["dataAbsentReason"]["coding"][0]["code"], "unknown");
    // A range ("Q00-Q89") is not a code: the Observation carries only real codes.
    let malformation = observation("fetal_malformation");
    let codes: Vec<&str> = malformation["code"]["coding"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert!(
        codes
            .iter()
            .all(|c| !c.contains('-') || *c == "fetal_malformation"),
        "{codes:?}"
    );

    // Invalid records: an OperationOutcome with the error codes in order.
    let issues = &bundles[1]["entry"][0]["resource"];
    assert_eq!(issues["resourceType"], "OperationOutcome");
    let codes: Vec<&Value> = issues["issue"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| &i["details"]["coding"][0]["code"])
        .collect();
    assert_eq!(codes, [&json!("out_of_range"), &json!("unknown_field")]);
    assert!(
        issues["issue"][0]["diagnostics"]
            .as_str()
            .unwrap()
            .contains("gestational_age_weeks")
    );
    assert_eq!(
        bundles[2]["entry"][0]["resource"]["issue"][0]["details"]["coding"][0]["code"],
        "invalid_json"
    );
}

#[test]
fn fhir_output_of_answer_records_and_in_chinese_keeps_its_codes() {
    let record = std::fs::read_to_string(fixture("fhir/form-tool.answers.json")).unwrap();
    let en = cp()
        .args(["screen", "--format", "fhir", "-"])
        .stdin(record.clone())
        .run();
    let zh = cp()
        .args(["--lang", "zh-Hans", "screen", "--format", "fhir", "-"])
        .stdin(record)
        .run();
    let (en, zh) = (&en.jsonl()[0], &zh.jsonl()[0]);
    check_bundle(en);
    check_bundle(zh);
    let assessment = &en["entry"][0]["resource"];
    // No response to point back to: the record id is the subject.
    assert_eq!(
        assessment["subject"],
        json!({"identifier": {"value": "clinic-0042"}})
    );
    assert_eq!(assessment["basis"].as_array().unwrap().len(), 14);
    // Codes, statuses and ids are the same in every language; only the notes differ.
    fn codes(v: &Value) -> BTreeMap<String, Value> {
        v["entry"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let r = &e["resource"];
                (
                    e["fullUrl"].as_str().unwrap().to_string(),
                    json!([
                        r["code"]["coding"][0]["code"],
                        r["valueCodeableConcept"]["coding"],
                        r["dataAbsentReason"]
                    ]),
                )
            })
            .collect()
    }
    assert_eq!(codes(en), codes(zh));
    assert!(
        zh["entry"][0]["resource"]["note"][0]["text"]
            .as_str()
            .unwrap()
            .contains("不是诊断")
    );
}

#[test]
fn the_same_input_gives_the_same_fhir_output() {
    let record = std::fs::read_to_string(fixture("fhir/form-tool.json")).unwrap();
    // The run's instant (Bundle.timestamp, Observation.issued) from SOURCE_DATE_EPOCH.
    let run = |threads: &str| {
        cp().env("SOURCE_DATE_EPOCH", "1795651200")
            .args(["screen", "--format", "fhir", "-j", threads, "-"])
            .stdin(format!(
                "{}\n{}\n",
                record.replace('\n', ""),
                record.replace('\n', "")
            ))
            .run()
            .stdout
    };
    let one = run("1");
    assert_eq!(one, run("2"));
    let lines: Vec<Value> = util::jsonl(&one);
    // Two records, two sets of fullUrls.
    assert_ne!(
        lines[0]["entry"][0]["fullUrl"],
        lines[1]["entry"][0]["fullUrl"]
    );
    // The same record from a file is another record: other fullUrls.
    let from_file = cp()
        .args([
            "screen",
            "--format",
            "fhir",
            &fixture("fhir/form-tool.json"),
        ])
        .run()
        .jsonl();
    assert_ne!(
        from_file[0]["entry"][0]["fullUrl"],
        lines[0]["entry"][0]["fullUrl"]
    );
}

// ---- the validator itself ----------------------------------------------------------------------

#[test]
fn the_schema_check_fails_on_what_r4_forbids() {
    // So that a pass above means something.
    let no_subject = json!({"resourceType": "RiskAssessment", "status": "final"});
    assert!(fhir::validate(&no_subject).is_err());
    let stray = json!({"resourceType": "Observation", "status": "final",
        "code": {"text": "x"}, "probability": 0.3});
    let errors = fhir::validate(&stray).unwrap_err();
    assert!(
        errors.iter().any(|e| e.contains("probability")),
        "{errors:?}"
    );
    let bad_status = json!({"resourceType": "Questionnaire", "status": "bogus"});
    assert!(fhir::validate(&bad_status).is_err());
    // What the hostile-id test relies on: an empty string and a form feed are not R4
    // strings, and white space is not in a uri.
    for text in ["", "a\u{c}b"] {
        let observation =
            json!({"resourceType": "Observation", "status": "final", "code": {"text": text}});
        assert!(fhir::validate(&observation).is_err(), "{text:?}");
    }
    let observation = json!({"resourceType": "Observation", "status": "final", "code": {"text": "x"},
        "subject": {"identifier": {"system": "not a uri", "value": "1"}}});
    assert!(fhir::validate(&observation).is_err());
}

// ---- hostile input -----------------------------------------------------------------------------

#[test]
fn responses_nested_thousands_deep_are_one_invalid_record_not_a_crash() {
    let mut item = r#"{"linkId":"x"}"#.to_string();
    for i in 0..5000 {
        item = format!(r#"{{"linkId":"g{i}","item":[{item}]}}"#);
    }
    let deep = format!(
        r#"{{"resourceType":"QuestionnaireResponse","status":"completed","item":[{item}]}}"#
    );
    let ok = json!({"resourceType": "QuestionnaireResponse", "status": "completed"});
    let run = cp()
        .args(["screen", "-f", "jsonl", "-"])
        .stdin(format!("{ok}\n{deep}\n{ok}\n"))
        .run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    let results = run.jsonl();
    assert_eq!(results.len(), 3);
    assert_eq!(results[1]["errors"][0]["code"], "invalid_json");
    assert_eq!(results[2]["status"], "screened");
}

#[test]
fn a_bundle_followed_by_text_screens_its_records_then_stops_with_exit_2() {
    let bundle = json!({"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "QuestionnaireResponse", "status": "completed"}}]});
    let run = cp()
        .args(["screen", "-f", "jsonl", "-"])
        .stdin(format!("{bundle}\nnot json\n"))
        .run();
    assert_eq!(run.code, 2);
    assert_eq!(run.jsonl().len(), 1);
    assert!(
        run.stderr
            .contains("not valid JSON after record 1: expected ident at line 2 column 2"),
        "{}",
        run.stderr
    );
}

#[test]
fn link_ids_of_another_questionnaire_can_be_mapped_and_id_is_never_a_question() {
    let screen = |asphyxia: Value| {
        let response = json!({"resourceType": "QuestionnaireResponse", "status": "completed", "item": [
            {"linkId": "bwt", "answer": [{"valueDecimal": 1850}]},
            {"linkId": "asphyxia", "answer": [asphyxia]}]});
        cp().args([
            "screen",
            "-f",
            "jsonl",
            "--map",
            "bwt=birth_weight_grams",
            "--map",
        ])
        .args([
            "asphyxia=birth_asphyxia",
            "--codes",
            "birth_asphyxia:1=yes,2=no",
            "-",
        ])
        .stdin(response.to_string())
        .run()
    };
    // A dataset's code written as text is read through `--codes`...
    let run = screen(json!({"valueString": "1"}));
    assert_eq!(run.code, 0, "{}", run.stdout);
    let results = run.jsonl();
    let present: Vec<&Value> = results[0]["present"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["id"])
        .collect();
    assert_eq!(
        present,
        [
            &json!("birth_weight_under_2000_g"),
            &json!("birth_asphyxia")
        ]
    );
    // ...but a coding's code is not: a coding is refused with the codes it could be.
    let run = screen(json!({"valueCoding": {"code": "1"}}));
    assert_eq!(run.code, 1);
    let r = &run.jsonl()[0];
    assert_eq!(r["errors"][0]["field"], "asphyxia");
    assert_eq!(r["errors"][0]["code"], "fhir_unknown_coding");

    let errors = errors_of(
        json!({}),
        json!([{"linkId": "id", "answer": [{"valueString": "x"}]}]),
    );
    assert_eq!(errors[0].1, "unknown_field");
}

#[test]
fn a_large_bundle_with_sorted_keys_is_still_a_bundle() {
    // `jq -S` and `json.dumps(sort_keys=True)` put `entry` before `resourceType`, and
    // 2000 entries put `resourceType` far past the first bytes read.
    let form: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("fhir/form-tool.json")).unwrap())
            .unwrap();
    let entries: Vec<Value> = (0..2000)
        .map(|i| {
            let mut f = form.clone();
            f["identifier"]["value"] = json!(format!("r{i}"));
            json!({"resource": f})
        })
        .collect();
    let sorted = json!({"entry": entries, "resourceType": "Bundle", "type": "collection"});
    let text = sorted.to_string();
    assert!(text.len() > 512 * 1024);
    for format in [None, Some("fhir")] {
        let mut c = cp().args(["screen", "-f", "jsonl", "-q"]);
        if let Some(f) = format {
            c = c.args(["--input-format", f]);
        }
        let run = c.arg("-").stdin(text.clone()).run();
        assert_eq!(run.code, 0, "{}", run.stderr);
        let results = run.jsonl();
        assert_eq!(results.len(), 2000);
        assert_eq!(results[1999]["id"], "r1999");
    }
}

#[test]
fn a_bundle_whose_entry_is_not_a_list_says_so() {
    let run = cp()
        .args(["screen", "-f", "jsonl", "-"])
        .stdin(r#"{"resourceType": "Bundle", "entry": {"resource": {}}}"#)
        .run();
    assert_eq!(run.code, 1);
    let e = &run.jsonl()[0]["errors"][0];
    assert_eq!(e["code"], "fhir_invalid");
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("at entry: expected an array"),
        "{e}"
    );
}

#[test]
fn subjects_and_identifiers_that_are_not_fhir_are_refused_not_passed_on() {
    let e = errors_of(json!({"subject": "Patient/1"}), json!([]));
    assert_eq!(
        (&e[0].0, e[0].1.as_str()),
        (&json!("subject"), "fhir_invalid")
    );
    assert!(e[0].2.contains("a Reference object"), "{}", e[0].2);
    let e = errors_of(json!({"identifier": [{"value": "x1"}]}), json!([]));
    assert_eq!(
        (&e[0].0, e[0].1.as_str()),
        (&json!("identifier"), "fhir_invalid")
    );
    assert!(e[0].2.contains("not a list"), "{}", e[0].2);
}

#[test]
fn without_a_subject_the_result_says_unknown_and_never_takes_the_response_id() {
    let response = json!({"resourceType": "QuestionnaireResponse", "status": "completed",
        "id": "a/b c", "item": [{"linkId": "birth_weight_grams", "answer": [{"valueDecimal": 1900}]}]});
    let run = cp()
        .args(["screen", "--format", "fhir", "-"])
        .stdin(response.to_string())
        .run();
    let bundle = &run.jsonl()[0];
    check_bundle(bundle);
    let assessment = &bundle["entry"][0]["resource"];
    assert_eq!(
        assessment["subject"],
        json!({"extension": [{"url": "http://hl7.org/fhir/StructureDefinition/data-absent-reason",
                              "valueCode": "unknown"}]})
    );
    // "a/b c" is not a FHIR id, so no reference is made of it.
    assert_eq!(assessment["basis"][0]["type"], "QuestionnaireResponse");
    assert!(assessment["basis"][0].get("reference").is_none());
    assert!(
        assessment["basis"][0]["display"]
            .as_str()
            .unwrap()
            .contains("a/b c")
    );
}

#[test]
fn an_invalid_records_outcome_names_its_file_id_and_item() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clinic.ndjson");
    let response = json!({"resourceType": "QuestionnaireResponse", "status": "completed",
        "id": "r7", "item": [{"linkId": "birth", "item": [
            {"linkId": "gestational_age_weeks", "answer": [{"valueDecimal": 353}]}]}]});
    std::fs::write(&path, format!("{response}\n")).unwrap();
    let other = dir.path().join("other.ndjson");
    std::fs::write(&other, format!("{response}\n")).unwrap();
    let run = cp()
        .args(["screen", "--format", "fhir"])
        .arg(&path)
        .arg(&other)
        .run();
    assert_eq!(run.code, 1);
    let bundles = run.jsonl();
    let issue = &bundles[0]["entry"][0]["resource"]["issue"][0];
    let diagnostics = issue["diagnostics"].as_str().unwrap();
    assert!(
        diagnostics.contains("clinic.ndjson") && diagnostics.contains("\"r7\""),
        "{diagnostics}"
    );
    assert!(
        diagnostics.contains("\"gestational_age_weeks\""),
        "{diagnostics}"
    );
    assert_eq!(
        issue["expression"],
        json!([
            "QuestionnaireResponse.repeat(item | answer.item).where(linkId = 'gestational_age_weeks')"
        ])
    );
    let second = bundles[1]["entry"][0]["resource"]["issue"][0]["diagnostics"]
        .as_str()
        .unwrap();
    assert!(second.contains("other.ndjson"), "{second}");
    // A different file, the same record: other fullUrls.
    assert_ne!(
        bundles[0]["entry"][0]["fullUrl"],
        bundles[1]["entry"][0]["fullUrl"]
    );
}

#[test]
fn quantities_keep_the_number_as_sent_whatever_its_notation() {
    let e = errors_of(
        json!({}),
        json!([{"linkId": "birth_weight_grams", "answer": [{"valueQuantity": {"value": 1e-7, "code": "kg"}}]}]),
    );
    assert_eq!(e[0].1, "out_of_range");
    assert!(e[0].2.starts_with("\"0.0000001 kg\""), "{}", e[0].2);
}

#[test]
fn a_rule_file_tagging_its_chinese_zh_cn_still_exports_chinese_answer_words() {
    fn retag(v: &mut Value) {
        match v {
            Value::Object(map) => {
                if let Some(t) = map.get_mut("translations").and_then(Value::as_object_mut)
                    && let Some(zh) = t.remove("zh-Hans")
                {
                    t.insert("zh-CN".into(), zh);
                    // A file in English and Simplified Chinese only.
                    t.remove("zh-Hant");
                }
                map.values_mut().for_each(retag);
            }
            Value::Array(items) => items.iter_mut().for_each(retag),
            _ => {}
        }
    }
    let mut rules: Value =
        serde_json::from_str(include_str!("../rules/cerebral-palsy.json")).unwrap();
    retag(&mut rules);
    rules["languages"] = json!(["en", "zh-CN"]);
    let run = export_with_rules(&rules);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let q = run.json();
    let yes = &item(&q, "birth_asphyxia")["answerOption"][0]["valueCoding"];
    assert_eq!(translation(&yes["_display"], "zh-CN"), Some("有"));
}

#[test]
fn hl7_v2_yes_and_no_are_read_from_either_table() {
    for system in [
        "http://terminology.hl7.org/CodeSystem/v2-0136",
        "http://terminology.hl7.org/CodeSystem/v2-0532",
    ] {
        let response = json!({"resourceType": "QuestionnaireResponse", "status": "completed",
            "item": [{"linkId": "birth_asphyxia",
                      "answer": [{"valueCoding": {"system": system, "code": "Y"}}]}]});
        let run = cp()
            .args(["screen", "-f", "jsonl", "-"])
            .stdin(response.to_string())
            .run();
        assert_eq!(run.code, 0, "{system}: {}", run.stdout);
        assert_eq!(
            run.jsonl()[0]["present"][0]["id"],
            "birth_asphyxia",
            "{system}"
        );
    }
}

// ---- what integrators hit (issue 27) -----------------------------------------------------------

/// Checks what the schema cannot in a result Bundle (beside `check_bundle`): every
/// Observation has a status and obs-6 (no `dataAbsentReason` beside a value, in the
/// Observation or a component); every RiskAssessment has a status and no prediction; the
/// Bundle's `timestamp` and each Observation's `issued` are instants with a zone.
fn check_invariants(bundle: &Value) {
    check_bundle(bundle);
    let instant = |v: &Value| {
        let t = v.as_str().unwrap_or_else(|| panic!("an instant: {v}"));
        assert!(
            t.len() >= 20 && (t.ends_with('Z') || t.contains('+')),
            "{t}"
        );
    };
    if !bundle["timestamp"].is_null() {
        instant(&bundle["timestamp"]);
    }
    for entry in bundle["entry"].as_array().unwrap() {
        let r = &entry["resource"];
        let has_value = |o: &Value| {
            o.as_object()
                .unwrap()
                .keys()
                .any(|k| k.starts_with("value"))
        };
        match r["resourceType"].as_str().unwrap() {
            "Observation" => {
                assert_eq!(r["status"], "final");
                assert!(
                    !(has_value(r) && r.get("dataAbsentReason").is_some()),
                    "obs-6: {r}"
                );
                for c in r["component"].as_array().into_iter().flatten() {
                    assert!(
                        has_value(c) != c.get("dataAbsentReason").is_some(),
                        "obs-6: {c}"
                    );
                    // obs-7: a component's code is never the Observation's own.
                    assert_ne!(c["code"], r["code"]);
                }
                if !r["issued"].is_null() {
                    instant(&r["issued"]);
                }
            }
            "RiskAssessment" => {
                assert_eq!(r["status"], "final");
                assert!(r.get("prediction").is_none());
            }
            _ => {}
        }
    }
}

/// A response with `items`, screened with `args` (FHIR input), as (exit code, JSON Lines
/// results).
fn screen_response(args: &[&str], extra: Value, items: Value) -> (i32, Vec<Value>) {
    let mut response =
        json!({"resourceType": "QuestionnaireResponse", "status": "completed", "item": items});
    for (k, v) in extra.as_object().unwrap() {
        response[k] = v.clone();
    }
    let run = cp()
        .args(["screen", "-f", "jsonl", "--input-format", "fhir"])
        .args(args)
        .arg("-")
        .stdin(response.to_string())
        .run();
    (run.code, run.jsonl())
}

/// The ids of a result's present factors.
fn present_ids(result: &Value) -> Vec<&str> {
    result["present"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect()
}

#[test]
fn dont_know_as_data_absent_reason_and_snomed_yes_no_are_read() {
    let dar = "http://terminology.hl7.org/CodeSystem/data-absent-reason";
    let sct = "http://snomed.info/sct";
    let coding =
        |system: &str, code: &str| json!({"valueCoding": {"system": system, "code": code}});
    // R4's yesnodontknow value set: v2-0136 Y / N and data-absent-reason asked-unknown.
    let (code, results) = screen_response(
        &[],
        json!({}),
        json!([
            {"linkId": "birth_asphyxia", "answer": [coding(sct, "373066001")]},
            {"linkId": "maternal_infection", "answer": [coding(sct, "373067005")]},
            {"linkId": "family_cerebral_palsy", "answer": [coding(dar, "asked-unknown")]},
            {"linkId": "threatened_miscarriage", "answer": [coding(dar, "asked-declined")]},
            {"linkId": "harmful_exposure", "answer": [coding(dar, "not-asked")]},
        ]),
    );
    assert_eq!(code, 0, "{results:?}");
    let r = &results[0];
    assert_eq!(present_ids(r), ["birth_asphyxia"]);
    assert!(
        r["absent"]
            .as_array()
            .unwrap()
            .contains(&json!("maternal_infection"))
    );
    let not_assessed = r["not_assessed"].as_array().unwrap();
    for unknown in [
        "family_history",
        "threatened_miscarriage",
        "harmful_exposure",
    ] {
        assert!(not_assessed.contains(&json!(unknown)), "{unknown}: {r}");
    }
    // A data-absent-reason that does not mean unknown is refused, named whole.
    let (code, results) = screen_response(
        &[],
        json!({}),
        json!([{"linkId": "birth_asphyxia", "answer": [coding(dar, "masked")]}]),
    );
    assert_eq!(code, 1);
    let error = &results[0]["errors"][0];
    assert_eq!(error["code"], "fhir_unknown_coding");
    let message = error["message"].as_str().unwrap();
    assert!(message.contains(&format!("\"{dar}\"")), "{message}");
}

#[test]
fn with_allow_extra_fields_items_that_are_not_questions_are_ignored() {
    let items = json!([
        {"linkId": "visit", "answer": [{"valueDate": "2026-11-02"}]},
        {"linkId": "scan", "answer": [{"valueAttachment": {"contentType": "application/pdf"}}]},
        {"linkId": "midwives", "answer": [{"valueString": "A"}, {"valueString": "B"}]},
        {"linkId": "birth", "item": [
            {"linkId": "birth_asphyxia", "answer": [{"valueBoolean": true}]}]},
    ]);
    let (code, results) = screen_response(&["--allow-extra-fields"], json!({}), items.clone());
    assert_eq!(code, 0, "{results:?}");
    assert_eq!(present_ids(&results[0]), ["birth_asphyxia"]);
    // Noted in the FHIR result: the linkIds ignored, in order.
    let response =
        json!({"resourceType": "QuestionnaireResponse", "status": "completed", "item": items});
    let run = cp()
        .args(["screen", "-f", "fhir", "--allow-extra-fields", "-"])
        .stdin(response.to_string())
        .run();
    let bundle = &run.jsonl()[0];
    check_invariants(bundle);
    let ignored: Vec<(&str, &str)> = bundle["entry"][0]["resource"]["extension"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["url"].as_str().unwrap(),
                e["valueString"].as_str().unwrap(),
            )
        })
        .collect();
    let url = "https://cp-screen.example/fhir/StructureDefinition/ignored-item";
    assert_eq!(ignored, [(url, "visit"), (url, "scan"), (url, "midwives")]);
    // Without it, each is refused as any key that is not a question is.
    let (code, results) = screen_response(&[], json!({}), items);
    assert_eq!(code, 1);
    let errors: Vec<(&str, &str)> = results[0]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        errors,
        [
            ("visit", "unknown_field"),
            ("scan", "unknown_field"),
            ("midwives", "unknown_field")
        ]
    );
}

#[test]
fn a_response_to_another_questionnaire_is_screened_when_its_link_ids_are_mapped() {
    // A LOINC-coded newborn panel: birth weight is item 8339-4.
    let canonical = "http://loinc.org/q/newborn-panel|2.81";
    let panel = json!({"questionnaire": canonical, "authored": "2026-11-02T09:30:00+01:00",
        "subject": {"reference": "Patient/baby-1"}});
    let items = json!([{"linkId": "8339-4", "answer": [{"valueQuantity": {"value": 1850, "system": "http://unitsofmeasure.org", "code": "g"}}]}]);
    // Refused without --map, as before.
    let (code, results) = screen_response(&[], panel.clone(), items.clone());
    assert_eq!(code, 1);
    assert_eq!(results[0]["errors"][0]["code"], "fhir_other_questionnaire");
    let (code, results) = screen_response(
        &["--map", "8339-4=birth_weight_grams"],
        panel.clone(),
        items.clone(),
    );
    assert_eq!(code, 0, "{results:?}");
    assert_eq!(present_ids(&results[0]), ["birth_weight_under_2000_g"]);
    // The result says which questionnaire was answered.
    let mut response =
        json!({"resourceType": "QuestionnaireResponse", "status": "completed", "item": items});
    for (k, v) in panel.as_object().unwrap() {
        response[k] = v.clone();
    }
    let run = cp()
        .args([
            "screen",
            "-f",
            "fhir",
            "--map",
            "8339-4=birth_weight_grams",
            "-",
        ])
        .stdin(response.to_string())
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let bundle = &run.jsonl()[0];
    check_invariants(bundle);
    let assessment = &bundle["entry"][0]["resource"];
    assert_eq!(assessment["extension"][0]["valueCanonical"], canonical);
    assert_eq!(
        assessment["extension"][0]["url"],
        "https://cp-screen.example/fhir/StructureDefinition/questionnaire"
    );
}

#[test]
fn authored_becomes_the_occurrence_and_the_run_gives_issued_and_the_timestamp() {
    let response = json!({"resourceType": "QuestionnaireResponse", "status": "completed",
        "authored": "2026-11-02T09:30:00+01:00",
        "item": [{"linkId": "birth_asphyxia", "answer": [{"valueBoolean": true}]}]});
    let run = |epoch: &str| {
        cp().env("SOURCE_DATE_EPOCH", epoch)
            .args(["screen", "-f", "fhir", "-"])
            .stdin(response.to_string())
            .run()
            .stdout
    };
    let out = run("1795651200");
    assert_eq!(
        out,
        run("1795651200"),
        "reproducible under SOURCE_DATE_EPOCH"
    );
    let bundle = &util::jsonl(&out)[0];
    check_invariants(bundle);
    assert_eq!(bundle["timestamp"], "2026-11-26T00:00:00Z");
    let resources: Vec<&Value> = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["resource"])
        .collect();
    assert_eq!(
        resources[0]["occurrenceDateTime"],
        "2026-11-02T09:30:00+01:00"
    );
    for observation in &resources[1..] {
        assert_eq!(
            observation["effectiveDateTime"],
            "2026-11-02T09:30:00+01:00"
        );
        assert_eq!(observation["issued"], "2026-11-26T00:00:00Z");
    }
    // A date that is not an R4 dateTime is refused where it is.
    for bad in [
        "02/11/2026",
        "2026-11-02T09:30",
        "2026-13-01",
        "",
        "2026-11-02 09:30:00Z",
    ] {
        let (code, results) = screen_response(&[], json!({"authored": bad}), json!([]));
        assert_eq!(code, 1, "{bad}");
        let error = &results[0]["errors"][0];
        assert_eq!(
            (error["field"].as_str(), error["code"].as_str()),
            (Some("authored"), Some("fhir_invalid")),
            "{bad}"
        );
    }
    for good in ["2026", "2026-11", "2026-11-02", "2026-11-02T09:30:00.123Z"] {
        let (code, _) = screen_response(&[], json!({"authored": good}), json!([]));
        assert_eq!(code, 0, "{good}");
    }
}

#[test]
fn an_observation_holds_its_factor_code_only_and_icd_10_codes_are_properties_of_the_concept() {
    let run = cp()
        .args(["screen", "-f", "fhir", &fixture("fhir/form-tool.json")])
        .run();
    let bundle = &run.jsonl()[0];
    check_invariants(bundle);
    for entry in &bundle["entry"].as_array().unwrap()[1..] {
        let codings = entry["resource"]["code"]["coding"].as_array().unwrap();
        assert_eq!(codings.len(), 1, "{codings:?}");
        assert_eq!(
            codings[0]["system"],
            "https://cp-screen.example/fhir/CodeSystem/cerebral-palsy"
        );
        assert!(!entry.to_string().contains("icd-10"));
    }
    // The ICD-10 codes the rule file lists are in the code system, as properties.
    let cs = export("cerebral-palsy", "codesystem", "en");
    assert_valid(&cs);
    assert_eq!(cs["property"][0]["code"], "icd-10");
    assert_eq!(cs["property"][0]["type"], "Coding");
    let weight = cs["concept"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "birth_weight_under_2000_g")
        .unwrap();
    let icd: Vec<&str> = weight["property"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["valueCoding"]["code"].as_str().unwrap())
        .collect();
    assert!(icd.contains(&"P07.0") && icd.contains(&"P07.1"), "{icd:?}");
}

/// A minimal FHIRPath evaluator for the one shape of `expression` cp-screen writes:
/// `QuestionnaireResponse.repeat(A | B.c).where(linkId = '...')`.
fn resolve<'a>(resource: &'a Value, expression: &str) -> Vec<&'a Value> {
    let rest = expression
        .strip_prefix("QuestionnaireResponse.repeat(")
        .expect("a repeat() expression");
    let (projection, rest) = rest.split_once(").where(linkId = '").unwrap();
    let link_id = rest
        .strip_suffix("')")
        .unwrap()
        .replace("\\'", "'")
        .replace("\\\\", "\\");
    let paths: Vec<Vec<&str>> = projection
        .split(" | ")
        .map(|p| p.split('.').collect())
        .collect();
    fn step<'v>(from: &'v Value, path: &[&str], out: &mut Vec<&'v Value>) {
        match path.split_first() {
            None => out.push(from),
            Some((key, rest)) => match &from[*key] {
                Value::Array(items) => items.iter().for_each(|i| step(i, rest, out)),
                Value::Null => {}
                one => step(one, rest, out),
            },
        }
    }
    // repeat(): the projection of each node, then of those, until nothing new.
    let mut found = Vec::new();
    let mut todo = vec![resource];
    while let Some(node) = todo.pop() {
        for path in &paths {
            let mut next = Vec::new();
            step(node, path, &mut next);
            found.extend(next.iter().copied());
            todo.extend(next);
        }
    }
    found
        .into_iter()
        .filter(|i| i["linkId"] == link_id.as_str())
        .collect()
}

#[test]
fn an_outcome_expression_finds_items_nested_in_answers() {
    // The follow-up question sits in the answer of the question it follows, as R4 allows.
    let response = json!({"resourceType": "QuestionnaireResponse", "status": "completed", "item": [
        {"linkId": "birth", "item": [
            {"linkId": "multiple_birth", "answer": [{"valueBoolean": true, "item": [
                {"linkId": "co_twin_death", "answer": [{"valueString": "perhaps"}]}]}]}]}]});
    let run = cp()
        .args(["--rule-set", "evidence", "screen", "-f", "fhir", "-"])
        .stdin(response.to_string())
        .run();
    assert_eq!(run.code, 1, "{}", run.stdout);
    let bundle = &run.jsonl()[0];
    check_invariants(bundle);
    let issue = &bundle["entry"][0]["resource"]["issue"][0];
    let expression = issue["expression"][0].as_str().unwrap();
    let found = resolve(&response, expression);
    assert_eq!(found.len(), 1, "{expression}");
    assert_eq!(found[0]["answer"][0]["valueString"], "perhaps");
    // The old expression, repeat(item), did not reach it: the check can fail.
    assert!(resolve(&response, &expression.replace("item | answer.item", "item")).is_empty());
}

#[test]
fn included_responses_are_screened_and_bundle_keys_are_read_as_json_keys() {
    let response = |id: &str, asphyxia: bool| {
        json!({"resourceType": "QuestionnaireResponse", "id": id,
        "status": "completed", "item": [{"linkId": "birth_asphyxia", "answer": [{"valueBoolean": asphyxia}]}]})
    };
    // Patient?_revinclude=QuestionnaireResponse:subject: Patients match, responses are included.
    let search = json!({"resourceType": "Bundle", "type": "searchset", "entry": [
        {"resource": {"resourceType": "Patient", "id": "p1"}, "search": {"mode": "match"}},
        {"resource": response("r1", true), "search": {"mode": "include"}},
        {"resource": {"resourceType": "Patient", "id": "p2"}, "search": {"mode": "match"}},
        {"resource": response("r2", false), "search": {"mode": "include"}},
        {"resource": {"resourceType": "OperationOutcome", "issue": []}, "search": {"mode": "outcome"}},
    ]});
    let ids = |text: String| -> Vec<Value> {
        let run = cp().args(["screen", "-f", "jsonl", "-"]).stdin(text).run();
        assert_eq!(run.code, 0, "{}", run.stdout);
        run.jsonl().iter().map(|r| r["id"].clone()).collect()
    };
    assert_eq!(ids(search.to_string()), [json!("r1"), json!("r2")]);
    // `entry` written with an escape is `entry`.
    let escaped = search
        .to_string()
        .replacen("\"entry\"", "\"entr\\u0079\"", 1);
    assert!(escaped.contains("entr\\u0079"));
    assert_eq!(ids(escaped), [json!("r1"), json!("r2")]);
    // Given twice, the last counts (as JSON.parse and Python's json read it).
    let text = search.to_string();
    let twice = format!(
        "{{\"entry\": [{}], {}",
        json!({"resource": response("first", true)}),
        &text[1..]
    );
    assert_eq!(ids(twice), [json!("r1"), json!("r2")]);
    let twice = format!(
        "{}, \"entry\": [{}]}}",
        &text[..text.len() - 1],
        json!({"resource": response("last", true)})
    );
    assert_eq!(ids(twice), [json!("last")]);
    // An escaped resourceType still names a Bundle.
    let escaped = text.replacen("\"Bundle\"", "\"Bund\\u006ce\"", 1);
    assert_eq!(ids(escaped), [json!("r1"), json!("r2")]);
}

#[test]
fn hostile_ids_references_and_control_characters_never_reach_a_bundle() {
    let responses = [
        json!({"resourceType": "QuestionnaireResponse", "id": "", "status": "completed",
            "subject": {"reference": ""}, "identifier": {"value": "\u{c}"},
            "item": [{"linkId": "birth_asphyxia", "answer": [{"valueBoolean": true}]}]}),
        json!({"resourceType": "QuestionnaireResponse", "id": "a\u{c}b", "status": "completed",
            "subject": {"reference": "Patient/1 2", "display": "\u{7}"},
            "identifier": {"system": "not a uri", "value": " "}, "item": []}),
        // Invalid: its OperationOutcome names the linkId and the id.
        json!({"resourceType": "QuestionnaireResponse", "id": "\u{c}", "status": "completed",
            "item": [{"linkId": "birth\u{c}asphyxia", "answer": [{"valueBoolean": true}]}]}),
    ];
    let records = [
        json!({"id": "", "birth_asphyxia": "yes"}),
        json!({"id": "\u{c}\u{1b}[31m", "birth_asphyxia": "yes"}),
        json!({"id": " ", "birth_asphyxia": "yes"}),
        json!({"id": "\u{c}", "birth_asphixia": "yes"}),
    ];
    for (input, format) in [(&responses[..], "fhir"), (&records[..], "json")] {
        let text: String = input.iter().map(|r| format!("{r}\n")).collect();
        for shape in ["full", "compact"] {
            let run = cp()
                .args([
                    "screen",
                    "-f",
                    "fhir",
                    "--fhir",
                    shape,
                    "--input-format",
                    format,
                    "-",
                ])
                .stdin(text.clone())
                .run();
            assert!(run.code <= 1, "{}", run.stderr);
            assert!(!run.stdout.contains('\u{1b}'));
            let bundles = run.jsonl();
            assert_eq!(bundles.len(), input.len());
            for bundle in &bundles {
                check_invariants(bundle);
            }
        }
    }
}

#[test]
fn compact_results_are_one_observation_with_a_component_per_factor_present_or_unknown() {
    let input = std::fs::read_to_string(fixture("fhir/form-tool.json")).unwrap();
    let run = |shape: &str| {
        cp().env("SOURCE_DATE_EPOCH", "1795651200")
            .args(["screen", "-f", "fhir", "--fhir", shape, "-"])
            .stdin(input.clone())
            .run()
    };
    let full = &run("full").jsonl()[0];
    let compact_run = run("compact");
    let compact = &compact_run.jsonl()[0];
    check_invariants(compact);
    assert!(compact_run.stdout.len() * 2 < run("full").stdout.len());
    let entries = compact["entry"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    let assessment = &entries[0]["resource"];
    let panel = &entries[1]["resource"];
    assert_eq!(assessment["note"], full["entry"][0]["resource"]["note"]);
    assert_eq!(assessment["basis"][1]["reference"], entries[1]["fullUrl"]);
    // Each component says what the full shape's Observation of that factor says.
    let full_by_code: BTreeMap<String, &Value> = full["entry"].as_array().unwrap()[1..]
        .iter()
        .map(|e| {
            (
                e["resource"]["code"]["coding"][0]["code"]
                    .as_str()
                    .unwrap()
                    .to_string(),
                &e["resource"],
            )
        })
        .collect();
    let components = panel["component"].as_array().unwrap();
    for c in components {
        let o = full_by_code[c["code"]["coding"][0]["code"].as_str().unwrap()];
        assert_eq!(c["valueCodeableConcept"], o["valueCodeableConcept"]);
        assert_eq!(c["dataAbsentReason"], o["dataAbsentReason"]);
    }
    // Listed: every factor present or not assessed; left out: the absent ones.
    let listed = |o: &Value| {
        o["valueCodeableConcept"]["text"] == "present"
            || o["dataAbsentReason"]["coding"][0]["code"] == "unknown"
    };
    assert_eq!(
        components.len(),
        full_by_code.values().filter(|o| listed(o)).count()
    );
    assert!(
        components
            .iter()
            .any(|c| c["valueCodeableConcept"]["text"] == "present")
    );
    assert!(
        components
            .iter()
            .any(|c| c.get("dataAbsentReason").is_some())
    );
}

#[test]
fn the_base_url_and_the_identifier_system_are_set_on_the_command_line() {
    let run = cp()
        .args([
            "screen",
            "-f",
            "fhir",
            "--fhir-base",
            "https://fhir.example.org/base/",
            "--id-system",
            "urn:oid:1.2.3.4",
            "-",
        ])
        .stdin(
            r#"{"id": "x-1", "birth_asphyxia": "yes", "gestational_age_weeks": 353}"#.to_string()
                + "\n"
                + r#"{"id": "x-2", "birth_asphyxia": "yes"}"#,
        )
        .run();
    let bundles = run.jsonl();
    let text = run.stdout.clone();
    assert!(!text.contains("cp-screen.example"), "{text}");
    let outcome = &bundles[0]["entry"][0]["resource"];
    assert_eq!(
        outcome["issue"][0]["details"]["coding"][0]["system"],
        "https://fhir.example.org/base/CodeSystem/errors"
    );
    let observation = &bundles[1]["entry"][1]["resource"];
    assert_eq!(
        observation["code"]["coding"][0]["system"],
        "https://fhir.example.org/base/CodeSystem/cerebral-palsy"
    );
    assert_eq!(
        observation["subject"]["identifier"],
        json!({"system": "urn:oid:1.2.3.4", "value": "x-2"})
    );
    // The exported Questionnaire has the same base, and responses to it are read.
    let q = cp()
        .args([
            "export",
            "questionnaire",
            "--fhir-base",
            "https://fhir.example.org/base",
        ])
        .run()
        .json();
    assert_eq!(
        q["url"],
        "https://fhir.example.org/base/Questionnaire/cerebral-palsy"
    );
    let (code, _) = screen_response(
        &["--fhir-base", "https://fhir.example.org/base"],
        json!({"questionnaire": "https://fhir.example.org/base/Questionnaire/cerebral-palsy"}),
        json!([]),
    );
    assert_eq!(code, 0);
    // Not a URI: refused before anything is read, with its code.
    for (option, value) in [
        ("--fhir-base", "fhir.example.org"),
        ("--id-system", "my registry"),
    ] {
        let run = cp()
            .args(["screen", "-f", "fhir", option, value, "-"])
            .stdin("")
            .run();
        assert_eq!(run.code, 2, "{option} {value}");
        assert!(run.stderr.contains(value), "{}", run.stderr);
        assert!(run.stderr.contains("URI"), "{}", run.stderr);
    }
}

#[test]
fn export_writes_the_errors_code_system_and_the_value_sets() {
    let errors = cp().args(["export", "errors"]).run().json();
    assert_valid(&errors);
    assert_eq!(
        errors["url"],
        "https://cp-screen.example/fhir/CodeSystem/errors"
    );
    let codes: HashSet<&str> = errors["concept"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes.len(), errors["count"].as_u64().unwrap() as usize);
    // Every code of the documents' table of record errors, and of the FHIR page's table.
    let readme = ["docs/batch.md", "docs/fhir.md"]
        .map(|f| std::fs::read_to_string(f).unwrap())
        .join("\n");
    let table_codes: Vec<&str> = readme
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split_once('`').map(|(c, _)| c))
        .filter(|c| !c.ends_with('*') && c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_'))
        .collect();
    assert!(table_codes.len() > 20, "{table_codes:?}");
    for code in &table_codes {
        if readme.contains(&format!("| `{code}` | is "))
            || readme.contains(&format!("| `{code}` | has "))
            || code.starts_with("fhir_")
        {
            assert!(codes.contains(code), "{code} is in the errors CodeSystem");
        }
    }
    // The codes invalid records are given are all in it.
    let run = cp()
        .args(["screen", "-f", "fhir", "-"])
        .stdin("{\"birth_asphixia\": 1}\n[1]\nnot json\n{\"gestational_age_weeks\": \"31.5+4\"}\n")
        .run();
    for bundle in run.jsonl() {
        let code = &bundle["entry"][0]["resource"]["issue"][0]["details"]["coding"][0];
        assert_eq!(code["system"], errors["url"]);
        assert!(codes.contains(code["code"].as_str().unwrap()), "{code}");
    }

    let sets = cp().args(["export", "valuesets"]).run().json();
    check_bundle(&sets);
    let urls: Vec<&str> = sets["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["resource"]["url"].as_str().unwrap())
        .collect();
    assert!(urls.contains(&"https://cp-screen.example/fhir/ValueSet/yes-no-unknown"));
    assert!(urls.contains(&"https://cp-screen.example/fhir/ValueSet/errors"));
    // The answer options of the Questionnaire are the yes-no-unknown value set's codes.
    let q = export("cerebral-palsy", "questionnaire", "en");
    let options: Vec<&Value> = item(&q, "birth_asphyxia")["answerOption"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| &o["valueCoding"]["code"])
        .collect();
    let yes_no = &sets["entry"][0]["resource"]["compose"]["include"][0]["concept"];
    let codes: Vec<&Value> = yes_no
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["code"])
        .collect();
    assert_eq!(options, codes);
}

#[test]
fn a_questions_fhir_code_is_its_items_code_and_a_bad_one_is_refused() {
    let mut rules: Value =
        serde_json::from_str(&std::fs::read_to_string("rules/cerebral-palsy.json").unwrap())
            .unwrap();
    let weight = rules["questions"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|q| q["id"] == "birth_weight_grams")
        .unwrap();
    // The embedded set carries LOINC 8339-4; the file's code is what is exported.
    weight["fhir_code"] = json!({"system": "http://loinc.org", "code": "56056-5", "display": "Birth weight - Reported"});
    let run = export_with_rules(&rules);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let q = run.json();
    assert_valid(&q);
    assert_eq!(
        item(&q, "birth_weight_grams")["code"],
        json!([{"system": "http://loinc.org", "code": "56056-5", "display": "Birth weight - Reported"}])
    );
    // Only where the rule file gives one: the embedded sets' two, and no yes / no question.
    let embedded = cp().args(["export", "questionnaire"]).run().json();
    assert_eq!(
        item(&embedded, "gestational_age_weeks")["code"][0]["code"],
        "76516-4"
    );
    assert_eq!(
        item(&embedded, "birth_weight_grams")["code"][0]["code"],
        "8339-4"
    );
    assert!(item(&q, "birth_asphyxia").get("code").is_none());
    for bad in [
        json!({"system": "loinc", "code": "8339-4"}),
        json!({"system": "http://loinc.org", "code": " "}),
    ] {
        let weight = rules["questions"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .find(|q| q["id"] == "birth_weight_grams")
            .unwrap();
        weight["fhir_code"] = bad;
        let run = export_with_rules(&rules);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(run.stderr.contains("fhir_code"), "{}", run.stderr);
    }
}
