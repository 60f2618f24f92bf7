//! Tests of loading rule files: the embedded sets, strictness and every problem.

use super::*;

fn default_json() -> Value {
    serde_json::from_str(DEFAULT_RULES).unwrap()
}

/// Loads the default rules after `edit`, returning the problems.
fn problems_after(edit: impl FnOnce(&mut Value)) -> Vec<String> {
    let mut v = default_json();
    edit(&mut v);
    match RuleSet::from_json(&v.to_string(), "test.json") {
        Ok(_) => Vec::new(),
        Err(e) => e
            .problems
            .iter()
            .map(|p| crate::words::get().rule_problem(p))
            .collect(),
    }
}

fn assert_problem(edit: impl FnOnce(&mut Value), expected: &str) {
    let problems = problems_after(edit);
    assert!(
        problems.iter().any(|p| p.contains(expected)),
        "expected a problem containing {expected:?}, got {problems:#?}"
    );
}

#[test]
fn embedded_rules_load_with_the_documented_ids() {
    let rules = RuleSet::default_rules();
    assert_eq!(rules.tag(), "cerebral-palsy@1.3.0");
    assert_eq!(rules.questions.len(), 16);
    assert_eq!(rules.factors.len(), 14);
    for id in [
        "maternal_infection",
        "harmful_exposure",
        "fetal_hypoxia",
        "maternal_nutrition_disorder",
        "family_cerebral_palsy",
        "family_epilepsy",
        "family_intellectual_disability",
        "chromosomal_abnormality",
        "gestational_age_weeks",
        "birth_weight_grams",
        "threatened_miscarriage",
        "fetal_malformation",
        "birth_asphyxia",
        "amnion_abnormality",
        "abnormal_fetal_position",
        "short_umbilical_cord",
    ] {
        assert!(rules.question_index(id).is_some(), "missing question {id}");
    }
    for id in [
        "family_history",
        "preterm_under_32_weeks",
        "birth_weight_under_2000_g",
        "amnion_abnormality",
    ] {
        assert!(rules.factor_index(id).is_some(), "missing factor {id}");
    }
}

#[test]
fn every_embedded_rule_set_finds_each_question_by_its_id() {
    for embedded in crate::rules::EMBEDDED {
        let rules = embedded.load();
        for (i, q) in rules.questions.iter().enumerate() {
            assert_eq!(rules.question_index(&q.id), Some(i), "{}", q.id);
        }
        assert_eq!(rules.question_index("nope"), None);
        assert_eq!(rules.question_index(""), None);
    }
}

#[test]
fn the_hash_names_the_exact_bytes_of_the_rule_file() {
    let a = RuleSet::default_rules();
    assert_eq!(a.sha256.len(), 64);
    assert_eq!(a.short_hash(), format!("sha256:{}", &a.sha256[..16]));
    // The same rules with other whitespace are other bytes, so another hash.
    let b = RuleSet::from_json(&format!("{DEFAULT_RULES}\n"), "b").unwrap();
    assert_ne!(a.sha256, b.sha256);
    // The SHA-256 of "abc", a published test vector.
    assert_eq!(
        sha256_hex(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

#[test]
fn unknown_question_in_condition_names_its_place_and_suggests() {
    assert_problem(
        |v| v["factors"][5]["when"]["any"][1]["question"] = "famly_epilepsy".into(),
        "factors[5].when.any[1].question: unknown question \"famly_epilepsy\" (did you mean \"family_epilepsy\"?)",
    );
}

#[test]
fn unknown_top_level_key_is_refused_with_its_path() {
    assert_problem(
        |v| v["factors"][0]["colour"] = "red".into(),
        "factors[0].colour: unknown field `colour`, expected one of `id`",
    );
}

#[test]
fn unknown_key_in_condition_is_refused() {
    assert_problem(
        |v| v["factors"][0]["when"]["equal"] = "yes".into(),
        "factors[0].when: unknown key \"equal\" (did you mean \"equals\"?)",
    );
}

#[test]
fn duplicate_ids_are_refused() {
    assert_problem(
        |v| v["factors"][1]["id"] = "maternal_infection".into(),
        "factors[1].id: duplicate id \"maternal_infection\" (first used by factors[0])",
    );
    assert_problem(
        |v| v["questions"][1]["id"] = "maternal_infection".into(),
        "questions[1].id: duplicate id",
    );
}

#[test]
fn numeric_comparison_on_yes_no_question_is_refused() {
    assert_problem(
        |v| {
            v["factors"][0]["when"] =
                serde_json::json!({"question": "maternal_infection", "less_than": 3})
        },
        "factors[0].when.less_than: \"maternal_infection\" is a yes/no question",
    );
}

#[test]
fn range_with_min_above_max_is_refused() {
    assert_problem(
        |v| v["questions"][9]["min"] = 50.into(),
        "questions[9]: the range is empty: min 50 is greater than max 45",
    );
}

#[test]
fn empty_any_and_all_are_refused() {
    assert_problem(
        |v| v["factors"][4]["when"] = serde_json::json!({"any": []}),
        "factors[4].when.any: an empty \"any\" is not allowed",
    );
    assert_problem(
        |v| v["factors"][4]["when"] = serde_json::json!({"not": {"all": []}}),
        "factors[4].when.not.all: an empty \"all\"",
    );
}

#[test]
fn two_comparisons_in_one_node_are_refused() {
    assert_problem(
        |v| {
            v["factors"][7]["when"] = serde_json::json!(
                {"question": "gestational_age_weeks", "less_than": 32, "at_least": 20})
        },
        "one comparison per condition",
    );
}

#[test]
fn threshold_must_be_a_number_for_number_questions() {
    assert_problem(
        |v| v["factors"][7]["when"]["less_than"] = "32".into(),
        "factors[7].when.less_than: expected a number",
    );
}

#[test]
fn unknown_section_and_tier_are_refused() {
    assert_problem(
        |v| v["factors"][0]["tier"] = "most_importnt".into(),
        "factors[0].tier: unknown tier \"most_importnt\" (did you mean \"most_important\"?)",
    );
    assert_problem(
        |v| v["questions"][0]["section"] = "labour".into(),
        "questions[0].section: unknown section \"labour\"",
    );
    // With no tiers at all, every factor's tier is unknown: reported, not a panic.
    assert_problem(
        |v| v["tiers"] = serde_json::json!([]),
        "factors[0].tier: unknown tier",
    );
}

#[test]
fn deep_condition_trees_are_refused() {
    let mut cond = serde_json::json!({"question": "birth_asphyxia", "equals": "yes"});
    for _ in 0..40 {
        cond = serde_json::json!({ "not": cond });
    }
    assert_problem(
        |v| v["factors"][0]["when"] = cond,
        "conditions nest deeper than 32 levels",
    );
}

#[test]
fn several_problems_are_reported_together() {
    let problems = problems_after(|v| {
        v["factors"][0]["tier"] = "nope".into();
        v["factors"][1]["section"] = "nope".into();
    });
    assert_eq!(problems.len(), 2, "{problems:#?}");
}

#[test]
fn empty_and_non_json_files_are_refused() {
    let message = |e: RulesError| crate::error::Error::from(e).message(crate::words::get());
    let err = RuleSet::from_json("  \n", "empty.json").unwrap_err();
    assert!(message(err).contains("empty.json: the file is empty"));
    let err = RuleSet::from_json("{\"id\": 3}", "bad.json").unwrap_err();
    assert!(message(err).contains("id: invalid type: integer `3`, expected a string"));
}

#[test]
fn ids_with_control_or_odd_characters_are_refused() {
    assert_problem(
        |v| v["factors"][0]["id"] = "bad\u{1b}[2Jid".into(),
        "factors[0].id: \"bad\\u{1b}[2Jid\" may only contain ASCII letters, digits",
    );
    assert_problem(
        |v| v["questions"][0]["id"] = "has space".into(),
        "may only contain",
    );
}

#[test]
fn control_characters_in_rule_text_are_refused_with_their_place() {
    assert_problem(
        |v| v["questions"][2]["help"] = "look \u{1b}[8mhidden".into(),
        "questions[2].help: contains the control character U+001B",
    );
    assert_problem(
        |v| v["factors"][1]["name"] = "right\u{202e}left".into(),
        "factors[1].name: contains the control character U+202E",
    );
}

#[test]
fn reserved_question_id_is_refused() {
    assert_problem(
        |v| v["questions"][0]["id"] = "id".into(),
        "questions[0].id: \"id\" is reserved",
    );
}

#[test]
fn plus_unit_must_be_a_unit() {
    assert_problem(
        |v| v["questions"][9]["plus_unit"] = "days".into(),
        "questions[9].plus_unit: \"days\" is not the symbol of one of its units",
    );
}

#[test]
fn problems_past_those_shown_are_counted_without_searching_for_suggestions() {
    // Issue 28: thousands of bad references each searched every id for a suggestion
    // (20 s for an 800 KB file); only the problems shown are described in full.
    let mut v = default_json();
    let factor = v["factors"][0].clone();
    let factors: Vec<Value> = (0..SHOWN_PROBLEMS + 10)
        .map(|i| {
            let mut f = factor.clone();
            f["id"] = format!("f{i}").into();
            f["when"] = serde_json::json!({"question": "birth_asphyxiaa", "equals": "yes"});
            f
        })
        .collect();
    v["factors"] = factors.into();
    v.as_object_mut().unwrap().remove("follow_up");
    let err = RuleSet::from_json(&v.to_string(), "many.json").unwrap_err();
    let unknown: Vec<&RuleProblemKind> = err
        .problems
        .iter()
        .map(|p| &p.kind)
        .filter(|k| matches!(k, RuleProblemKind::UnknownQuestion { .. }))
        .collect();
    assert_eq!(
        unknown.len(),
        SHOWN_PROBLEMS + 10,
        "every problem is counted"
    );
    let suggested = |k: &RuleProblemKind| matches!(k, RuleProblemKind::UnknownQuestion { suggestion: Some(s), .. } if s == "birth_asphyxia");
    assert!(suggested(unknown[0]));
    assert!(!suggested(unknown[SHOWN_PROBLEMS + 5]));
}

#[test]
fn a_factor_cannot_take_a_column_name_of_the_results_table() {
    // Issue 28: a factor "status" made two "status" columns in the table and codebook.
    for id in ["status", "errors", "record", "rules_hash"] {
        assert_problem(
            |v| v["factors"][0]["id"] = id.into(),
            &format!("factors[0].id: \"{id}\" is a column of the results table"),
        );
    }
}

#[test]
fn fhir_urls_that_export_would_write_and_screen_refuse_are_problems() {
    // Issue 28: "|" or an empty questionnaire URL, or an empty code system, passed.
    for (key, bad) in [
        ("questionnaire", "https://x.org/Questionnaire/cp|1.0"),
        ("questionnaire", ""),
        ("code_system", ""),
        ("code_system", "no scheme"),
    ] {
        assert_problem(
            |v| v["fhir"][key] = bad.into(),
            &format!("fhir.{key}: \"{bad}\" is not a URI"),
        );
    }
    let problems = problems_after(|v| {
        v["fhir"]["questionnaire"] = "urn:uuid:53fefa32-fcbb-4ff8-8a92-55ee120877b7".into();
        v["fhir"]["code_system"] = "https://example.org/fhir/CodeSystem/cp".into();
    });
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn a_stricter_cut_off_of_the_same_question_and_direction_implies_the_looser() {
    let cmp = |question: usize, op: Op, value: f64| Condition::Compare {
        question,
        op,
        value: Target::Number(value),
    };
    use Op::*;
    assert!(cmp(0, LessThan, 32.0).implies(&cmp(0, LessThan, 37.0)));
    assert!(!cmp(0, LessThan, 37.0).implies(&cmp(0, LessThan, 32.0)));
    assert!(cmp(0, AtMost, 31.0).implies(&cmp(0, LessThan, 32.0)));
    assert!(!cmp(0, AtMost, 32.0).implies(&cmp(0, LessThan, 32.0)));
    assert!(cmp(0, LessThan, 32.0).implies(&cmp(0, AtMost, 32.0)));
    assert!(cmp(0, AtLeast, 42.0).implies(&cmp(0, GreaterThan, 41.0)));
    assert!(!cmp(0, AtLeast, 41.0).implies(&cmp(0, GreaterThan, 41.0)));
    // Another question, the other direction, a yes/no answer or a group: not implied.
    assert!(!cmp(0, LessThan, 32.0).implies(&cmp(1, LessThan, 37.0)));
    assert!(!cmp(0, LessThan, 32.0).implies(&cmp(0, GreaterThan, 20.0)));
    let yes = Condition::Compare {
        question: 0,
        op: Equals,
        value: Target::YesNo(true),
    };
    assert!(!yes.implies(&yes));
    assert!(!Condition::All(vec![cmp(0, LessThan, 32.0)]).implies(&cmp(0, LessThan, 37.0)));
}

#[test]
fn the_embedded_sets_nest_only_their_graded_thresholds() {
    let includes = |rules: &RuleSet| -> Vec<(String, Vec<String>)> {
        rules
            .factors
            .iter()
            .filter(|f| !f.includes.is_empty())
            .map(|f| {
                let ids = f.includes.iter().map(|&i| rules.factors[i].id.clone());
                (f.id.clone(), ids.collect())
            })
            .collect()
    };
    assert_eq!(includes(&EMBEDDED[0].load()), []);
    assert_eq!(
        includes(&EMBEDDED[1].load()),
        [
            (
                "preterm_under_32_weeks".to_string(),
                vec!["preterm_under_37_weeks".to_string()]
            ),
            (
                "birth_weight_under_1500_g".to_string(),
                vec!["birth_weight_under_2500_g".to_string()]
            ),
        ]
    );
}

#[test]
fn a_unit_with_a_note_is_found_in_an_ascii_answer_only_when_one_has_an_ascii_name() {
    let weight = |rules: &RuleSet| match &rules.questions
        [rules.question_index("birth_weight_grams").unwrap()]
    .kind
    {
        QuestionKind::Number(spec) => spec.clone(),
        QuestionKind::YesNo => panic!("a number question"),
    };
    // The embedded set's noted units (斤, 兩) are named in Chinese only: an ASCII answer
    // is not looked through for them.
    let spec = weight(&RuleSet::default_rules());
    assert!(!spec.noted_ascii);
    assert!(crate::notation::units_used("2 lb 6 oz", &spec).is_empty());
    assert_eq!(
        crate::notation::units_used("3市斤", &spec)
            .iter()
            .map(|u| u.symbol.as_str())
            .collect::<Vec<_>>(),
        ["市斤"]
    );
    // A rule file that names one in ASCII ("jin") has it found in an ASCII answer.
    let rules = with_ascii_jin();
    let spec = weight(&rules);
    assert!(spec.noted_ascii);
    let used = crate::notation::units_used("7 jin", &spec);
    assert_eq!(
        used.iter().map(|u| u.symbol.as_str()).collect::<Vec<_>>(),
        ["市斤"]
    );
}

/// The embedded rule set with the mainland's 斤 also named in ASCII ("jin"): a unit whose
/// size is an assumption, found in an ASCII answer.
pub(crate) fn with_ascii_jin() -> RuleSet {
    with_ascii_name("jin", &["市斤"])
}

/// The default rule set with the name `name` added to the units of birth weight with
/// these symbols.
pub(crate) fn with_ascii_name(name: &str, symbols: &[&str]) -> RuleSet {
    let mut v = default_json();
    let question = v["questions"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|q| q["id"] == "birth_weight_grams")
        .unwrap();
    for unit in question["units"].as_array_mut().unwrap() {
        if symbols.iter().any(|s| unit["symbol"] == *s) {
            unit["names"].as_array_mut().unwrap().push(name.into());
        }
    }
    RuleSet::from_json(&v.to_string(), "jin.json").unwrap()
}
