//! Teaching and transparency commands: factors, demo, template, schema, explanations,
//! completions and the manual page.

use crate::util;

use predicates::prelude::*;
use serde_json::{Value, json};
use util::cp;

fn stdout_of(args: &[&str]) -> String {
    let run = cp().args(["--color", "never"]).args(args).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
}

/// The text with every run of whitespace made one space, to find prose across line wraps.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn json_of(args: &[&str]) -> Value {
    serde_json::from_str(&stdout_of(args)).unwrap()
}

const FACTOR_IDS: [&str; 14] = [
    "maternal_infection",
    "harmful_exposure",
    "fetal_hypoxia",
    "maternal_nutrition_disorder",
    "threatened_miscarriage",
    "family_history",
    "chromosomal_abnormality",
    "preterm_under_32_weeks",
    "birth_weight_under_2000_g",
    "fetal_malformation",
    "birth_asphyxia",
    "amnion_abnormality",
    "abnormal_fetal_position",
    "short_umbilical_cord",
];

#[test]
fn factors_lists_every_factor_with_tier_condition_and_source_words() {
    let text = stdout_of(&["factors"]);
    for id in FACTOR_IDS {
        assert!(text.contains(id), "{id} missing");
    }
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("preterm_under_32_weeks"))
        .unwrap();
    let preterm = lines[at];
    // The tier says whose ranking it is, wrapped in its column.
    assert!(preterm.contains("source page:"), "{preterm}");
    assert!(
        lines[at + 1].contains("most important"),
        "{}",
        lines[at + 1]
    );
    assert!(preterm.contains("gestational age at birth under"));
    assert!(preterm.contains("\"Gestational age less"));
    assert!(text.contains("\"foreshadowing\""));
    assert!(text.contains("not a diagnosis"));
}

#[test]
fn one_factor_in_full_shows_reading_literature_and_codes() {
    let text = flat(&stdout_of(&["factors", "preterm_under_32_weeks"]));
    for needle in [
        "preterm_under_32_weeks: Born before 32 weeks",
        "What it means",
        "gestational_age_weeks: How many weeks of pregnancy were completed at birth?",
        "gestational age at birth under 32 weeks",
        "\"Gestational age less than 32 weeks\" (Cerebral palsy syndrome)",
        "31+6 counts, 32+0 does not",
        "O'Callaghan ME, MacLennan AH, Gibson CS, et al. Epidemiologic associations with cerebral palsy. Obstet Gynecol 2011",
        "Absolute risk, Norway",
        "ICD-10 (WHO 2019) P07.2",
        "ICD-10 (WHO 2019) P07.3",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
}

#[test]
fn unclear_source_words_show_both_readings() {
    let text = flat(&stdout_of(&["factors", "threatened_miscarriage"]));
    assert!(text.contains("\"foreshadowing\""));
    assert!(text.contains("先兆流产"));
    assert!(text.contains("Other possible reading"));
    assert!(text.contains("pre-eclampsia"));
    let text = flat(&stdout_of(&["factors", "amnion_abnormality"]));
    assert!(text.contains("羊膜"));
    assert!(text.contains("Chorioamnionitis alone is the better-supported factor"));
}

#[test]
fn a_factor_without_studies_says_so_instead_of_inventing_one() {
    // Since rule sets 1.2.0 every embedded factor has evidence; the made-up test file has none.
    let text = flat(&stdout_of(&[
        "--rules",
        "tests/fixtures/minimal-rules.json",
        "factors",
        "fever_and_cough",
    ]));
    assert!(text.contains("The rule set cites no further study for this factor."));
}

#[test]
fn a_mistyped_factor_gets_a_suggestion() {
    cp().args(["factors", "preterm_undr_32_weeks"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no factor \"preterm_undr_32_weeks\" in rule set cerebral-palsy@1.3.0 (did you mean \"preterm_under_32_weeks\"?)"));
}

#[test]
fn factors_are_found_in_any_case_by_words_and_by_their_questions() {
    assert_eq!(
        stdout_of(&["factors", "BIRTH_Asphyxia"]),
        stdout_of(&["factors", "birth_asphyxia"])
    );
    let error = |args: &[&str]| {
        let out = cp().args(args).run();
        assert_eq!(out.code, 2, "{args:?}");
        assert_eq!(out.stdout, "");
        out.stderr
    };
    // Words that find one factor show it, and say so on stderr.
    let found = cp().args(["factors", "asphyxia"]).run();
    assert_eq!(found.code, 0);
    assert_eq!(found.stdout, stdout_of(&["factors", "birth_asphyxia"]));
    assert_eq!(
        found.stderr,
        "\"asphyxia\" is not a factor id; this is the one factor it finds, birth_asphyxia:\n"
    );
    // Words of a question the factor asks lead to it too.
    let shown = |args: &[&str], id: &str| {
        let out = cp().args(args).run();
        assert_eq!(out.code, 0, "{args:?}");
        assert!(
            out.stdout.starts_with(&format!("{id}: ")),
            "{args:?}: {}",
            out.stdout
        );
    };
    shown(&["factors", "epilepsy"], "family_history");
    shown(&["factors", "Weight"], "birth_weight_under_2000_g");
    // Words that find several list them.
    assert!(
        error(&["--rule-set", "evidence", "factors", "weight"]).contains(
            "did you mean one of birth_weight_under_2500_g or birth_weight_under_1500_g?"
        )
    );
    assert!(error(&["factors", "-f", "json", "fetal"]).contains(
        "did you mean one of fetal_hypoxia, fetal_malformation or abnormal_fetal_position?"
    ));
    assert_eq!(
        error(&["factors", "gestational_age_weeks"]),
        "cp-screen: error: \"gestational_age_weeks\" is a question, not a factor; the factor that uses it is preterm_under_32_weeks (`cp-screen factors preterm_under_32_weeks`)\n"
    );
    assert!(
        error(&["factors", "family_epilepsy"])
            .contains("the factor that uses it is family_history")
    );
    assert!(error(&["factors", "colour"]).ends_with("; `cp-screen factors` lists them\n"));
}

#[test]
fn a_file_given_as_a_command_gets_the_command_that_screens_it() {
    let out = cp().arg("examples/baby.json").run();
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "cp-screen: error: examples/baby.json is a file, not a command; to screen the answer records in it, run `cp-screen screen examples/baby.json`\n"
    );
    // Anything else is clap's own message.
    let out = cp().arg("no-such-command").run();
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("unrecognized subcommand 'no-such-command'"),
        "{}",
        out.stderr
    );
    let out = cp().arg("--version").run();
    assert_eq!(out.code, 0);
    assert!(out.stdout.starts_with("cp-screen "));
}

#[test]
fn factors_as_json_carry_everything_and_the_rules_hash() {
    let all = json_of(&["factors", "--format", "json"]);
    assert_eq!(all["rules"], "cerebral-palsy@1.3.0");
    assert_eq!(all["rules_sha256"].as_str().unwrap().len(), 64);
    let ids: Vec<&str> = all["factors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, FACTOR_IDS);
    assert!(
        all["guidance"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["citation"].as_str().unwrap().contains("NG62"))
    );
    let one = json_of(&["factors", "birth_weight_under_2000_g", "-f", "json"]);
    assert_eq!(
        one["when"],
        json!({"question": "birth_weight_grams", "less_than": 2000})
    );
    assert_eq!(one["present_when"], "birth weight under 2000 g");
    assert_eq!(one["questions"][0]["id"], "birth_weight_grams");
    assert_eq!(one["questions"][0]["min"], 200.0);
    assert_eq!(one["codes"][0]["code"], "P07.0");
    assert_eq!(one["rules_sha256"], all["rules_sha256"]);
}

#[test]
fn demo_lists_the_worked_examples() {
    let text = stdout_of(&["demo"]);
    for name in [
        "very-preterm",
        "family-history",
        "nothing-found",
        "unknowns",
        "input-error",
    ] {
        assert!(text.contains(name), "{name}");
    }
}

#[test]
fn each_demo_screens_with_an_explanation_and_a_teaching_note() {
    let cases = [
        ("very-preterm", "● Born before 32 weeks"),
        ("family-history", "● Family history"),
        (
            "nothing-found",
            "No risk factor of this checklist was found in the answers. Whatever this list shows",
        ),
        ("unknowns", "13 of the 14 factors could not be assessed"),
        ("input-error", "Not screened: the record has 2 errors"),
    ];
    for (name, expected) in cases {
        let text = flat(&stdout_of(&["demo", name]));
        assert!(text.contains(expected), "{name}: {expected:?} in\n{text}");
        assert!(text.contains("Teaching note"), "{name}");
        if name != "input-error" {
            assert!(text.contains("How each factor was decided"), "{name}");
        }
    }
    let text = flat(&stdout_of(&["demo", "nothing-found"]));
    assert!(text.contains("does not rule cerebral palsy out"));
}

#[test]
fn a_demo_record_screens_the_same_through_screen() {
    let record = stdout_of(&["demo", "very-preterm", "--record"]);
    let v = cp()
        .args(["screen", "-f", "jsonl"])
        .stdin(record)
        .run()
        .json();
    let ids: Vec<&str> = v["present"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["preterm_under_32_weeks", "birth_weight_under_2000_g"]);
    cp().args(["demo", "very-pretrm"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("(did you mean \"very-preterm\"?)"));
}

#[test]
fn explain_traces_every_factor_in_text_and_json() {
    let record = r#"{"gestational_age_weeks": 33, "family_epilepsy": "no", "family_cerebral_palsy": "no", "family_intellectual_disability": "no"}"#;
    cp().args(["screen", "--explain", "--color", "never"])
        .stdin(record)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("    preterm_under_32_weeks: absent\n      gestational_age_weeks = 33 weeks: not under 32 weeks\n"))
        .stdout(predicate::str::contains("    family_history: absent\n      any of (true if any part is true, false only if every part is false): false\n"))
        .stdout(predicate::str::contains("    birth_asphyxia: not assessed\n      birth_asphyxia = unanswered: cannot tell if yes\n"));
    let v = cp()
        .args(["screen", "--explain", "-f", "jsonl"])
        .stdin(record)
        .run()
        .json();
    let explain = v["explain"].as_array().unwrap();
    assert_eq!(explain.len(), 14);
    let preterm = explain
        .iter()
        .find(|e| e["factor"] == "preterm_under_32_weeks")
        .unwrap();
    assert_eq!(preterm["status"], "absent");
    assert_eq!(
        preterm["steps"][0],
        json!({"question": "gestational_age_weeks", "answer": "33 weeks", "test": "under 32 weeks", "holds": false})
    );
    let asphyxia = explain
        .iter()
        .find(|e| e["factor"] == "birth_asphyxia")
        .unwrap();
    assert_eq!(asphyxia["steps"][0]["holds"], Value::Null);
}

pub(crate) fn validator() -> jsonschema::Validator {
    validator_for(&[])
}

/// The JSON Schema of the rule set `rule_set_args` choose (none: the default).
pub(crate) fn validator_for(rule_set_args: &[&str]) -> jsonschema::Validator {
    let mut args = rule_set_args.to_vec();
    args.push("schema");
    let schema = json_of(&args);
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    jsonschema::draft202012::new(&schema).expect("the schema is a valid 2020-12 schema")
}

#[test]
fn the_schema_validates_the_template() {
    let v = validator();
    let template = json_of(&["template"]);
    assert_eq!(template.as_object().unwrap().len(), 17);
    assert!(v.is_valid(&template));
    let line = stdout_of(&["template", "--format", "jsonl"]);
    assert_eq!(line.lines().count(), 1);
    assert!(v.is_valid(&serde_json::from_str(&line).unwrap()));
    // The template itself screens: every factor not assessed.
    let r = cp()
        .args(["screen", "-f", "jsonl"])
        .stdin(line)
        .run()
        .json();
    assert_eq!(r["not_assessed"].as_array().unwrap().len(), 14);
}

#[test]
fn the_schema_accepts_every_notation_and_refuses_what_screen_refuses_by_form() {
    let v = validator();
    let accepted = [
        json!({"gestational_age_weeks": "31+4"}),
        json!({"gestational_age_weeks": "31w4d"}),
        json!({"gestational_age_weeks": "31 Weeks 4 days"}),
        json!({"gestational_age_weeks": "31.5"}),
        json!({"gestational_age_weeks": "31+4/40"}),
        json!({"gestational_age_weeks": "31周4天"}),
        json!({"gestational_age_weeks": "31周+4"}),
        json!({"gestational_age_weeks": "孕31+4周"}),
        json!({"gestational_age_weeks": "３１＋４"}),
        json!({"birth_weight_grams": "6斤2两"}),
        json!({"birth_weight_grams": "3台斤8兩"}),
        json!({"birth_weight_grams": "3斤半"}),
        json!({"birth_weight_grams": "3司马斤"}),
        json!({"birth_weight_grams": "2100公克"}),
        json!({"birth_weight_grams": "4磅6盎司"}),
        json!({"gestational_age_weeks": "31周零4天"}),
        json!({"gestational_age_weeks": "31週又4天。"}),
        json!({"birth_weight_grams": "3.1公斤"}),
        json!({"birth_weight_grams": "1850克"}),
        json!({"gestational_age_weeks": "31/40"}),
        json!({"gestational_age_weeks": "31 weeks, 4 days"}),
        json!({"birth_weight_grams": "4 lb, 1 oz"}),
        json!({"gestational_age_weeks": 31.5}),
        json!({"birth_weight_grams": "1850 g"}),
        json!({"birth_weight_grams": "1.85 kg"}),
        json!({"birth_weight_grams": "4 lb 1 oz"}),
        json!({"birth_weight_grams": "65 oz"}),
        json!({"birth_weight_grams": null, "birth_asphyxia": "YES", "id": 7}),
        json!({"birth_asphyxia": true, "fetal_malformation": "unknown", "short_umbilical_cord": ""}),
    ];
    for record in &accepted {
        assert!(v.is_valid(record), "should accept {record}");
    }
    let refused = [
        json!({"gestational_age_weeks": "31 weaks"}),
        json!({"gestational_age_weeks": 353}),
        json!({"gestational_age_weeks": "-31"}),
        json!({"gestational_age_weeks": "31+4/"}),
        json!({"birth_weight_grams": "1850/40"}),
        json!({"birth_weight_grams": "4 stone"}),
        json!({"birth_weight_grams": "3斤斤"}),
        json!({"gestational_age_weeks": "31周零"}),
        json!({"birth_asphyxia": "maybe"}),
        json!({"birth_asphyxia": 1}),
        json!({"birth_asphixia": "yes"}),
        json!({"id": [1]}),
        json!([{}]),
    ];
    for record in &refused {
        assert!(!v.is_valid(record), "should refuse {record}");
    }
}

#[test]
fn the_csv_template_is_a_header_that_screen_reads() {
    let header = stdout_of(&["template", "-f", "csv"]);
    assert!(header.starts_with("id,maternal_infection,"));
    let input = format!("{header}r1,yes,,,,,,,,,30+1,,,,,,\n");
    let r = cp()
        .args(["screen", "--input-format", "csv", "-f", "jsonl"])
        .stdin(input)
        .run()
        .json();
    assert_eq!(r["status"], "screened", "{r}");
    let ids: Vec<&str> = r["present"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["maternal_infection", "preterm_under_32_weeks"]);
}

#[test]
fn completions_and_the_manual_page_are_generated() {
    let bash = stdout_of(&["completions", "bash"]);
    assert!(
        bash.contains("complete -F _cp__screen"),
        "{}",
        &bash[..200.min(bash.len())]
    );
    assert!(bash.contains("factors"));
    let zsh = stdout_of(&["completions", "zsh"]);
    assert!(zsh.starts_with("#compdef cp-screen"));
    let fish = stdout_of(&["completions", "fish"]);
    assert!(fish.contains("complete -c cp-screen"));
    let man = stdout_of(&["man"]);
    assert!(man.contains(".TH cp-screen"));
    assert!(flat(&man).contains("not a diagnosis"));
    for section in [
        ".SH \"INPUT FORMATS\"",
        ".SH \"EXIT STATUS\"",
        ".SH \"EXAMPLES\"",
    ] {
        assert!(man.contains(section), "{section}");
    }
    assert!(
        man.contains(".TP\n.B 130\ninterrupted"),
        "exit codes are listed"
    );
    assert!(
        !man.contains("cp\\-screen\\-help(1)"),
        "no page for clap's help command"
    );
}

#[test]
fn every_manual_page_the_manual_refers_to_is_made() {
    let dir = tempfile::tempdir().unwrap();
    let out = cp()
        .args(["man", "--dir", dir.path().join("man1").to_str().unwrap()])
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let made: Vec<String> = out
        .stdout
        .lines()
        .map(|l| {
            std::path::Path::new(l)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    // Each "cp\-screen\-X(1)" in a page is a file that was made.
    let mut referred = Vec::new();
    for name in &made {
        let page = std::fs::read_to_string(dir.path().join("man1").join(name)).unwrap();
        assert!(page.contains(".SH \"EXIT STATUS\""), "{name}");
        for (at, _) in page.match_indices("cp\\-screen\\-") {
            let name: String = page[at..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '\\' || *c == '-')
                .collect();
            if page[at + name.len()..].starts_with("(1)") {
                referred.push(format!("{}.1", name.replace("\\-", "-")));
            }
        }
    }
    assert!(referred.len() >= 10, "{referred:?}");
    for page in &referred {
        assert!(
            made.contains(page),
            "{page} is referred to but not made: {made:?}"
        );
    }
    // One page alone, by command.
    let screen = stdout_of(&["man", "screen"]);
    assert!(
        screen.contains(".TH cp-screen-screen 1"),
        "{}",
        &screen[..200]
    );
    assert!(screen.contains(".SH \"INPUT FORMATS\""));
    assert!(stdout_of(&["man", "rules", "check"]).contains(".TH cp-screen-rules-check 1"));
    let out = cp().args(["man", "scren"]).run();
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "cp-screen: error: no command \"scren\" (did you mean \"screen\"?); `cp-screen --help` lists them\n"
    );
}

#[test]
fn a_demo_as_json_carries_the_record_and_the_result_screen_gives() {
    let demo = json_of(&["demo", "family-history", "--format", "json"]);
    assert_eq!(demo["name"], "family-history");
    assert!(demo["teaching_note"].as_str().unwrap().len() > 20);
    let record = stdout_of(&["demo", "family-history", "--record"]);
    assert_eq!(
        demo["record"],
        serde_json::from_str::<Value>(&record).unwrap()
    );
    let screened = cp()
        .args(["screen", "--explain", "-f", "jsonl"])
        .stdin(record)
        .run()
        .json();
    for field in [
        "id",
        "status",
        "present",
        "not_assessed",
        "absent",
        "not_applicable",
        "follow_up",
        "errors",
        "explain",
        "rules_hash",
    ] {
        assert_eq!(demo["result"][field], screened[field], "{field}");
    }
    let list = json_of(&["demo", "-f", "json"]);
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"very-preterm") && names.contains(&"input-error"));
}

/// `demo very-preterm --quiz` with `typed` on standard input: (stdout, stderr).
fn quiz(typed: &str) -> (String, String) {
    let out = cp()
        .args(["--color", "never", "demo", "very-preterm", "--quiz"])
        .stdin(typed)
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    (flat(&out.stdout), out.stderr)
}

#[test]
fn a_demo_quiz_asks_the_learner_to_choose_the_factors_then_says_what_was_right() {
    // Present in this example: 8) born before 32 weeks and 9) birth weight under 2000 g.
    let (text, stderr) = quiz("8, 9\n");
    let record = text.find("\"gestational_age_weeks\": \"29+3\"").unwrap();
    let question = text
        .find("Quiz: which of these 14 risk factors are present in this record?")
        .unwrap();
    let choices = text.find("8) Born before 32 weeks").unwrap();
    let verdict = text
        .find("All right: you chose every factor present, and no other.")
        .unwrap();
    let result = text.find("● Born before 32 weeks").unwrap();
    let note = text.find("Teaching note").unwrap();
    assert!(
        record < question
            && question < choices
            && choices < verdict
            && verdict < result
            && result < note,
        "{text}"
    );
    assert!(text.contains("14) Short umbilical cord"), "{text}");
    assert!(
        stderr.starts_with("Type the numbers of the factors"),
        "{stderr}"
    );
    // One right, one missed, one chosen that is absent; a wrong number is asked again.
    let (text, stderr) = quiz("99\n8 1\n");
    assert!(
        stderr.contains("\"99\" is not a factor's number; type numbers from 1 to 14"),
        "{stderr}"
    );
    assert!(
        text.contains("Right, present: Born before 32 weeks."),
        "{text}"
    );
    assert!(
        text.contains("Present, but not chosen: Birth weight under 2000 g."),
        "{text}"
    );
    assert!(
        text.contains("Chosen, but absent in this record: Infection during pregnancy."),
        "{text}"
    );
    assert!(!text.contains("All right"));
    // "none" misses both.
    let (text, _) = quiz("none\n");
    assert!(
        text.contains(
            "Present, but not chosen: Born before 32 weeks and Birth weight under 2000 g."
        ),
        "{text}"
    );
    // The end of standard input reveals the result without a verdict; a quiz needs an
    // example to ask about.
    let (text, _) = quiz("");
    assert!(
        text.contains("No answer was given; here is the result."),
        "{text}"
    );
    assert!(text.contains("● Born before 32 weeks"));
    let out = cp().args(["demo", "--quiz"]).run();
    assert_eq!(out.code, 2);
}

#[test]
fn a_quiz_with_unknown_answers_says_which_chosen_factors_the_record_cannot_tell() {
    let out = cp()
        .args(["--lang", "zh-Hans", "demo", "unknowns", "--quiz"])
        .stdin("１，3\n")
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("选了，但这条记录无法判断（答案不清楚或未填写）：孕期感染和胎儿宫内缺氧"),
        "{}",
        out.stdout
    );
}

/// A citation names its authors (or the institution that wrote it), where it was published
/// and the year: "Surname AB, Surname C. Title. Journal 2014;..." or "Institution (NICE).
/// Title. ... 2017".
fn is_full_citation(c: &str) -> bool {
    let has_year = c
        .split(|ch: char| !ch.is_ascii_digit())
        .any(|n| n.len() == 4 && (n.starts_with("19") || n.starts_with("20")));
    let institution = [
        "National Institute for Health and Care Excellence (NICE). ",
        "US Centers for Disease Control and Prevention (CDC), ",
    ]
    .iter()
    .any(|i| c.starts_with(i));
    let mut words = c.split_whitespace();
    let surname = words
        .next()
        .is_some_and(|w| w.starts_with(|ch: char| ch.is_uppercase()));
    let initials = words.next().is_some_and(|w| {
        let w = w.trim_end_matches([',', '.']);
        (1..=3).contains(&w.len()) && w.chars().all(|ch| ch.is_ascii_uppercase())
    });
    // Authors, then the title, then the journal with the year: at least two ". ".
    let parts = c.split(". ").count() >= 3;
    has_year && (institution || (surname && initials && parts))
}

#[test]
fn every_citation_of_both_rule_sets_names_authors_journal_and_year() {
    assert!(is_full_citation(
        "Bear JJ, Wu YW. Maternal infections. Pediatr Neurol 2016;57:74-79"
    ));
    assert!(!is_full_citation(
        "a Californian cohort study, as summarised in the reference notes"
    ));
    assert!(!is_full_citation("O'Callaghan et al., Obstet Gynecol"));
    for set in ["cerebral-palsy", "evidence"] {
        let all = json_of(&["--rule-set", set, "factors", "--format", "json"]);
        let mut citations: Vec<String> = Vec::new();
        for f in all["factors"].as_array().unwrap() {
            for e in f["evidence"].as_array().unwrap() {
                if let Some(c) = e["citation"].as_str() {
                    citations.push(c.to_string());
                }
            }
        }
        for e in all["guidance"].as_array().unwrap() {
            citations.push(e["citation"].as_str().unwrap_or_default().to_string());
        }
        assert!(citations.len() > 10, "{set}: {}", citations.len());
        for c in &citations {
            assert!(is_full_citation(c), "{set}: not a full citation: {c}");
        }
    }
}

#[test]
fn every_factor_of_the_evidence_set_cites_a_study_and_has_a_confidence() {
    let all = json_of(&["--rule-set", "evidence", "factors", "--format", "json"]);
    let factors = all["factors"].as_array().unwrap();
    assert_eq!(factors.len(), 25);
    for f in factors {
        let cited = f["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["citation"].is_string())
            .count();
        assert!(cited > 0, "{} cites nothing", f["id"]);
        assert!(
            ["high", "moderate", "low"].contains(&f["confidence"]["level"].as_str().unwrap_or("")),
            "{}",
            f["id"]
        );
    }
}

#[test]
fn the_default_sets_codes_are_the_reviewed_ones() {
    let all = json_of(&["factors", "--format", "json"]);
    let codes = |id: &str| -> Vec<String> {
        let f = all["factors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == id)
            .unwrap();
        f["codes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                assert_eq!(c["system"], "ICD-10 (WHO 2019)", "{id}: {c}");
                c["code"].as_str().unwrap().to_string()
            })
            .collect()
    };
    let expected: [(&str, &[&str]); 14] = [
        (
            "maternal_infection",
            &["P00.2", "O98", "O23", "O99.5", "P00.1", "P00.3", "P00.8"],
        ),
        ("harmful_exposure", &["P04", "P04.6", "O35.5", "O35.6"]),
        ("fetal_hypoxia", &["P20", "O36.3", "O68"]),
        ("maternal_nutrition_disorder", &["P00.4", "O25"]),
        ("threatened_miscarriage", &["O20.0", "O46"]),
        ("family_history", &["Z82.0", "Z81.0"]),
        ("chromosomal_abnormality", &["Q90-Q99"]),
        ("preterm_under_32_weeks", &["P07.2", "P07.3"]),
        ("birth_weight_under_2000_g", &["P07.0", "P07.1"]),
        ("fetal_malformation", &["Q00-Q89"]),
        ("birth_asphyxia", &["P21.0", "P21.1", "P21.9"]),
        ("amnion_abnormality", &["P02.7", "O41.1", "P01.1", "O42"]),
        ("abnormal_fetal_position", &["O32", "P01.7"]),
        ("short_umbilical_cord", &["O69.3", "P02.6"]),
    ];
    for (id, want) in expected {
        assert_eq!(codes(id), want, "{id}");
    }
}
