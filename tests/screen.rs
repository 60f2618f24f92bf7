//! End-to-end behaviour of `cp-screen screen` and `cp-screen rules check`: input shapes,
//! formats, exit codes and messages, as a batch user sees them.

use crate::util;

use predicates::prelude::*;
use serde_json::Value;
use util::{Cp, cp, fixture};

fn json_out(args: &[&str]) -> (Value, i32) {
    let run = cp().args(args).run();
    (run.json(), run.code)
}

fn jsonl_out(args: &[&str], stdin: Option<&str>) -> (Vec<Value>, i32, String) {
    let mut cmd = cp().args(args);
    if let Some(s) = stdin {
        cmd = cmd.stdin(s);
    }
    let run = cmd.run();
    (run.jsonl(), run.code, run.stderr)
}

#[test]
fn mixed_json_lines_give_one_result_per_record_in_order_and_exit_1() {
    let (results, code, stderr) = jsonl_out(
        &["screen", "--format", "jsonl", &fixture("mixed.jsonl")],
        None,
    );
    assert_eq!(code, 1);
    assert_eq!(results.len(), 5, "the blank line is not a record");
    let summary: Vec<(u64, &str, u64)> = results
        .iter()
        .map(|r| {
            (
                r["record"].as_u64().unwrap(),
                r["status"].as_str().unwrap(),
                r["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (1, "screened", 1),
            (2, "screened", 2),
            (3, "invalid", 4),
            (4, "invalid", 5),
            (5, "screened", 6)
        ]
    );
    let present: Vec<&str> = results[0]["present"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        present,
        [
            "family_history",
            "preterm_under_32_weeks",
            "birth_weight_under_2000_g"
        ]
    );
    assert_eq!(results[0]["absent"], serde_json::json!(["birth_asphyxia"]));
    // Record 2: unknown and null answers are not assessed, never absent.
    let not_assessed = results[1]["not_assessed"].as_array().unwrap();
    assert!(not_assessed.contains(&"maternal_infection".into()));
    assert!(not_assessed.contains(&"family_history".into()));
    assert_eq!(
        results[1]["absent"],
        serde_json::json!(["preterm_under_32_weeks", "birth_weight_under_2000_g"])
    );
    // Record 3: both problems are reported, with their fields.
    let errors = results[2]["errors"].as_array().unwrap();
    assert_eq!(errors[0]["field"], "gestational_age_weeks");
    assert_eq!(
        errors[0]["message"],
        "353 weeks is outside the plausible range 20 to 45 weeks"
    );
    assert_eq!(errors[1]["field"], "birth_asphixia");
    assert!(
        errors[1]["message"]
            .as_str()
            .unwrap()
            .contains("did you mean \"birth_asphyxia\"?")
    );
    assert_eq!(results[2]["present"], serde_json::json!([]));
    // Record 4: malformed JSON, placed in the file.
    assert_eq!(results[3]["errors"][0]["field"], Value::Null);
    assert!(
        results[3]["errors"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("not valid JSON at line 5, column 46: EOF while parsing an object")
    );
    assert_eq!(results[4]["present"][0]["id"], "short_umbilical_cord");
    assert!(stderr.contains("2 of 5 records invalid"), "{stderr}");
}

#[test]
fn every_result_has_the_contract_fields() {
    let (results, _, _) = jsonl_out(
        &["screen", "--format", "jsonl", &fixture("mixed.jsonl")],
        None,
    );
    for r in &results {
        for key in [
            "record",
            "id",
            "status",
            "present",
            "not_assessed",
            "absent",
            "errors",
            "rules",
            "rules_hash",
        ] {
            assert!(r.get(key).is_some(), "missing {key} in {r}");
        }
        assert_eq!(r["rules"], "cerebral-palsy@1.3.0");
        let total = r["present"].as_array().unwrap().len()
            + r["not_assessed"].as_array().unwrap().len()
            + r["absent"].as_array().unwrap().len();
        match r["status"].as_str().unwrap() {
            "screened" => assert_eq!(total, 14, "every factor lands in exactly one list"),
            _ => assert_eq!(total, 0, "an invalid record is not partly screened"),
        }
    }
    let p = &results[0]["present"][0];
    for key in ["id", "name", "section", "tier", "because", "source_words"] {
        assert!(p.get(key).is_some(), "missing {key} in {p}");
    }
}

#[test]
fn a_single_object_gives_an_array_of_one_result() {
    let (all, code) = json_out(&["screen", "--format", "json", &fixture("one.json")]);
    assert_eq!(code, 0);
    assert_eq!(all.as_array().unwrap().len(), 1);
    let v = &all[0];
    assert_eq!(v["id"], "baby-1");
    assert_eq!(v["record"], 1);
    let ids: Vec<&str> = v["present"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["preterm_under_32_weeks", "birth_asphyxia"]);
    assert_eq!(
        v["present"][0]["because"],
        "gestational age at birth 31w4d (31.6 weeks): under 32 weeks"
    );
}

#[test]
fn an_array_gives_an_array_with_bad_elements_reported_by_position() {
    let (v, code) = json_out(&["screen", "--format", "json", &fixture("array.json")]);
    assert_eq!(code, 1);
    let results = v.as_array().unwrap();
    assert_eq!(results.len(), 4);
    assert_eq!(results[0]["present"][0]["id"], "birth_weight_under_2000_g");
    assert_eq!(
        results[1]["absent"].as_array().unwrap(),
        &[Value::from("birth_weight_under_2000_g")]
    );
    assert_eq!(results[2]["status"], "invalid");
    assert!(
        results[2]["errors"][0]["message"]
            .as_str()
            .unwrap()
            .ends_with("found an array")
    );
    assert_eq!(results[2]["line"], 4);
    assert_eq!(results[3]["errors"][0]["field"], "fetal_malformation");
    assert_eq!(
        results[3]["id"], 4,
        "the id of an invalid record is still echoed"
    );
}

#[test]
fn json_lines_on_stdin_and_a_dash_are_read() {
    let input = "{\"id\": \"s\", \"birth_asphyxia\": true}\n";
    for args in [
        &["screen", "-f", "jsonl"][..],
        &["screen", "-f", "jsonl", "-"][..],
    ] {
        let (results, code, _) = jsonl_out(args, Some(input));
        assert_eq!(code, 0);
        assert_eq!(results.len(), 1);
        assert_eq!(results[0]["present"][0]["id"], "birth_asphyxia");
    }
}

#[test]
fn a_json_document_of_several_lines_is_one_record() {
    let (all, code) = json_out(&["screen", "-f", "json", &fixture("all-no.json")]);
    assert_eq!(code, 0);
    assert_eq!(all.as_array().unwrap().len(), 1);
    let v = &all[0];
    assert_eq!(v["present"], serde_json::json!([]));
    assert_eq!(v["not_assessed"], serde_json::json!([]));
    assert_eq!(v["absent"].as_array().unwrap().len(), 14);
}

#[test]
fn text_report_says_what_was_found_and_that_it_is_not_a_diagnosis() {
    cp().args(["screen", &fixture("one.json")])
        .assert()
        .code(0)
        // The run's only record: no "Record 1 · line 1".
        .stdout(predicate::str::starts_with(
            "Screening result · id \"baby-1\"\n",
        ))
        .stdout(predicate::str::contains("risk factors present").not())
        .stdout(predicate::str::contains(
            "because gestational age at birth 31w4d (31.6 weeks): under 32 weeks",
        ))
        .stdout(predicate::str::contains(
            "because asphyxia after birth (needed resuscitation): yes",
        ))
        .stdout(predicate::str::contains("not a diagnosis"))
        .stdout(predicate::str::contains("does not rule cerebral palsy out"))
        .stdout(predicate::str::contains("is the person to talk to"))
        .stdout(predicate::str::contains(
            "Babies born before 32 weeks or weighing under 2000 g are often offered extra",
        ))
        .stdout(predicate::str::contains("\x1b[").not());
}

#[test]
fn nothing_found_still_carries_the_full_note() {
    cp().args(["screen", &fixture("all-no.json")])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "No risk factor of this checklist was found",
        ))
        .stdout(predicate::str::contains("does not rule cerebral palsy out"))
        .stdout(predicate::str::contains("extra developmental check-ups").not());
}

#[test]
fn color_follows_the_flag_and_no_color() {
    let colored = |cmd: Cp| cmd.run().stdout.contains("\x1b[");
    let file = fixture("one.json");
    assert!(colored(cp().args(["screen", "--color", "always", &file])));
    assert!(!colored(cp().args(["screen", "--color", "never", &file])));
    // auto with a pipe for stdout: no color, whatever the environment says.
    assert!(!colored(
        cp().args(["screen", &file]).env("CLICOLOR_FORCE", "1")
    ));
    assert!(!colored(
        cp().args(["screen", "--color", "auto", &file])
            .env("NO_COLOR", "1")
    ));
    // JSON is never colored.
    assert!(!colored(
        cp().args(["screen", "--color", "always", "-f", "json", &file])
    ));
}

#[test]
fn unknown_fields_are_errors_unless_allowed() {
    let file = fixture("extra.jsonl");
    let (r, code, _) = jsonl_out(&["screen", "-f", "jsonl", &file], None);
    assert_eq!(code, 1);
    assert_eq!(r[0]["errors"][0]["field"], "site");
    let (r, code, _) = jsonl_out(
        &["screen", "-f", "jsonl", "--allow-extra-fields", &file],
        None,
    );
    assert_eq!(code, 0);
    assert_eq!(r[0]["present"][0]["id"], "birth_asphyxia");
}

#[test]
fn a_truncated_array_keeps_earlier_results_then_exits_2() {
    let run = cp()
        .args(["screen", "-f", "jsonl", &fixture("truncated.json")])
        .run();
    assert_eq!(run.code, 2);
    let (stdout, stderr) = (run.stdout, run.stderr);
    // The cut element is an invalid record of its own, named by its line.
    assert_eq!(stdout.lines().count(), 3, "{stdout}");
    assert!(
        stdout
            .lines()
            .nth(2)
            .unwrap()
            .contains("not valid JSON at line 4"),
        "{stdout}"
    );
    assert!(
        stderr.contains("tests/fixtures/truncated.json: the input ends inside the array at line 5"),
        "{stderr}"
    );
    assert!(stderr.contains("the 3 records before it were screened"));
}

#[test]
fn input_that_is_not_json_exits_2_with_its_place() {
    cp().args(["screen", &fixture("not-json.txt")])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "tests/fixtures/not-json.txt: line 1, column 1: found text that is not JSON (\"these are no\")",
        ));
}

#[test]
fn no_records_is_not_an_error_whatever_the_input_looks_like() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.json");
    std::fs::write(&empty, "").unwrap();
    let header = dir.path().join("header.csv");
    std::fs::write(&header, "id,birth_asphyxia\n").unwrap();
    let (empty, header) = (empty.to_str().unwrap(), header.to_str().unwrap());
    for (args, stdin, shown) in [
        (vec!["screen"], "", "<stdin>"),
        (vec!["screen"], "  \n", "<stdin>"),
        (vec!["screen"], "[]", "<stdin>"),
        (vec!["screen", empty], "", empty),
        (vec!["screen", header], "", header),
    ] {
        for format in ["text", "json", "jsonl"] {
            let out = cp().args(&args).args(["-f", format]).stdin(stdin).run();
            assert_eq!(out.code, 0, "{args:?} {stdin:?} {format}: {}", out.stderr);
            assert_eq!(
                out.stdout,
                if format == "json" { "[]\n" } else { "" },
                "{args:?} {stdin:?} {format}"
            );
            assert_eq!(
                out.stderr,
                format!("cp-screen: no answer records in {shown}; nothing was screened\n")
            );
        }
    }
    // --quiet leaves the note out; records in another file are screened as usual.
    let out = cp().args(["screen", "-q", empty]).run();
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
    let out = cp()
        .args(["screen", "-f", "jsonl", empty, &fixture("one.json")])
        .run();
    assert_eq!(out.code, 0);
    assert_eq!(out.jsonl().len(), 1);
    assert_eq!(out.stderr, "");
}

#[test]
fn several_files_are_screened_in_order_and_named() {
    let (r, code, _) = jsonl_out(
        &[
            "screen",
            "-f",
            "jsonl",
            &fixture("one.json"),
            &fixture("array.json"),
        ],
        None,
    );
    assert_eq!(code, 1);
    assert_eq!(r.len(), 5);
    assert_eq!(r[0]["file"], "tests/fixtures/one.json");
    assert_eq!(r[1]["file"], "tests/fixtures/array.json");
    assert_eq!(r[1]["record"], 1, "records are numbered within their file");
    assert_eq!(r[4]["record"], 4);
}

#[test]
fn questionnaire_flags_before_another_command_are_a_usage_error() {
    cp().args(["--explain", "screen", &fixture("one.json")])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("belong to the questionnaire"));
}

#[test]
fn usage_errors_exit_2() {
    cp().args(["screen", "--format", "xml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid value 'xml'"));
    cp().args(["screen", "-", "-"])
        .stdin("{}")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "standard input (\"-\") can be read only once",
        ));
}

#[test]
fn a_broken_pipe_ends_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    let big: String = (0..20_000)
        .map(|i| format!("{{\"id\": {i}, \"birth_asphyxia\": \"yes\"}}\n"))
        .collect();
    let path = std::env::temp_dir().join(format!("cp-screen-pipe-{}.jsonl", std::process::id()));
    std::fs::write(&path, big).unwrap();
    let mut child = util::cp_std()
        .args(["screen", path.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 100];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // stdout is dropped here, as `head` would.
    let out = child.wait_with_output().unwrap();
    std::fs::remove_file(&path).ok();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn a_custom_rule_file_drives_the_screening() {
    let rules = fixture("minimal-rules.json");
    let (r, code, _) = jsonl_out(
        &["--rules", &rules, "screen", "-f", "jsonl"],
        Some(
            "{\"temperature_c\": \"38.5 \", \"cough\": \"yes\"}\n{\"temperature_c\": 37, \"cough\": \"unknown\"}\n{\"cough\": \"yes\"}\n",
        ),
    );
    assert_eq!(code, 0);
    assert_eq!(
        r[0]["present"][0]["because"],
        "temperature 38.5 C: at least 38 C; a cough: yes"
    );
    assert_eq!(
        r[1]["absent"],
        serde_json::json!(["fever_and_cough"]),
        "all with one false part is false"
    );
    assert_eq!(r[2]["not_assessed"], serde_json::json!(["fever_and_cough"]));
    assert_eq!(r[0]["rules"], "tiny@0.1");
}

#[test]
fn rules_check_summarises_a_valid_file() {
    cp().args(["rules", "check", "rules/cerebral-palsy.json"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "rules/cerebral-palsy.json: valid rule set cerebral-palsy@1.3.0",
        ))
        .stdout(predicate::str::contains(
            "3 sections, 16 questions (14 yes/no, 2 numeric), 14 factors",
        ))
        .stdout(predicate::str::contains(
            "preterm_under_32_weeks (source page: most important): \"Gestational age less than 32 weeks\"",
        ));
}

#[test]
fn every_result_names_the_hash_of_the_rule_file_used() {
    let digest_of = |file: &str| {
        let text = cp().args(["rules", "check", file]).run().stdout;
        let line = text
            .lines()
            .find(|l| l.trim_start().starts_with("sha256: "))
            .unwrap()
            .to_string();
        line.trim_start().trim_start_matches("sha256: ").to_string()
    };
    let embedded = digest_of("rules/cerebral-palsy.json");
    assert_eq!(embedded.len(), 64);
    let (r, _, _) = jsonl_out(&["screen", "-f", "jsonl", &fixture("one.json")], None);
    assert_eq!(
        r[0]["rules_hash"],
        format!("sha256:{}", &embedded[..16]),
        "the embedded rules are the file's bytes"
    );
    let tiny = digest_of(&fixture("minimal-rules.json"));
    let (r, _, _) = jsonl_out(
        &[
            "--rules",
            &fixture("minimal-rules.json"),
            "screen",
            "-f",
            "jsonl",
        ],
        Some("{}"),
    );
    assert_eq!(r[0]["rules_hash"], format!("sha256:{}", &tiny[..16]));
    cp().args(["screen", &fixture("one.json")])
        .assert()
        .stdout(predicate::str::contains(format!(
            "Rules: cerebral-palsy@1.3.0 (sha256:{})",
            &embedded[..16]
        )));
}

#[test]
fn rules_check_names_the_place_of_each_problem() {
    cp().args(["rules", "check", &fixture("bad-rules.json")])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "cp-screen: error: invalid rule file tests/fixtures/bad-rules.json: factors[0].when.any[1].question: unknown question \"cogh\" (did you mean \"cough\"?)",
        ));
}

#[test]
fn an_invalid_rule_file_stops_screening_with_exit_2() {
    cp().args([
        "--rules",
        &fixture("bad-rules.json"),
        "screen",
        &fixture("one.json"),
    ])
    .assert()
    .code(2)
    .stdout("");
    cp().args(["--rules", "missing.json", "screen", &fixture("one.json")])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "cannot read rule file missing.json",
        ));
}

#[test]
fn follow_up_is_suggested_only_for_the_factors_the_rule_file_names() {
    // Bleeding in pregnancy (about one pregnancy in six) is in the source's top tier, but
    // is not one of the factors NICE lists: no follow-up sentence, here or in JSON.
    let bleeding = r#"{"threatened_miscarriage": "yes", "fetal_malformation": "yes"}"#;
    let text = cp().args(["screen"]).stdin(bleeding).run();
    assert!(
        text.stdout
            .contains("Bleeding in pregnancy (including threatened miscarriage)"),
        "{}",
        text.stdout
    );
    assert!(!text.stdout.contains("check-ups"), "{}", text.stdout);
    let json = cp()
        .args(["screen", "-f", "jsonl"])
        .stdin(bleeding)
        .run()
        .json();
    assert_eq!(json["follow_up"], false);
    for preterm in [
        r#"{"gestational_age_weeks": "31+6"}"#,
        r#"{"birth_weight_grams": 1999}"#,
    ] {
        let json = cp()
            .args(["screen", "-f", "jsonl"])
            .stdin(preterm)
            .run()
            .json();
        assert_eq!(json["follow_up"], true, "{preterm}");
        let text = cp().args(["screen"]).stdin(preterm).run();
        assert!(
            text.stdout
                .contains("developmental check-ups in their first two years"),
            "{}",
            text.stdout
        );
    }
}

#[test]
fn the_two_rule_sets_disagree_where_their_thresholds_do() {
    let record = r#"{"birth_weight_grams": 2100}"#;
    let source = cp()
        .args(["screen", "-f", "jsonl"])
        .stdin(record)
        .run()
        .json();
    assert!(
        source["absent"]
            .as_array()
            .unwrap()
            .contains(&"birth_weight_under_2000_g".into())
    );
    let evidence = cp()
        .args(["--rule-set", "evidence", "screen", "-f", "jsonl"])
        .stdin(record)
        .run()
        .json();
    assert_eq!(
        evidence["rules"].as_str().unwrap(),
        "cerebral-palsy-evidence@1.3.0"
    );
    let present: Vec<&str> = evidence["present"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(present, ["birth_weight_under_2500_g"]);
    assert!(
        evidence["absent"]
            .as_array()
            .unwrap()
            .contains(&"birth_weight_under_1500_g".into())
    );
}

#[test]
fn a_question_not_asked_makes_its_factor_not_applicable_and_refuses_an_answer() {
    let run = |record: &str| {
        cp().args(["--rule-set", "evidence", "screen", "-f", "jsonl"])
            .stdin(record)
            .run()
    };
    // Not a multiple birth: the co-twin question is not asked, its factor not applicable.
    let single = run(r#"{"multiple_birth": "no"}"#).json();
    assert_eq!(single["status"], "screened");
    assert_eq!(
        single["not_applicable"],
        serde_json::json!(["co_twin_death"])
    );
    assert!(
        !single["not_assessed"]
            .as_array()
            .unwrap()
            .contains(&"co_twin_death".into())
    );
    // Unknown whether it was a multiple birth: not assessed, never not applicable or absent.
    let unknown = run(r#"{"multiple_birth": "unknown"}"#).json();
    assert_eq!(unknown["not_applicable"], serde_json::json!([]));
    assert!(
        unknown["not_assessed"]
            .as_array()
            .unwrap()
            .contains(&"co_twin_death".into())
    );
    // Twins, co-twin alive: absent.
    let twins = run(r#"{"multiple_birth": "yes", "co_twin_death": "no"}"#).json();
    assert!(
        twins["absent"]
            .as_array()
            .unwrap()
            .contains(&"co_twin_death".into())
    );
    // An answer to a question that was not asked is an error for that record.
    let out = run(r#"{"id": "c", "multiple_birth": "no", "co_twin_death": "yes"}"#);
    assert_eq!(out.code, 1);
    let bad = out.json();
    assert_eq!(bad["status"], "invalid");
    assert_eq!(bad["errors"][0]["field"], "co_twin_death");
    assert_eq!(bad["errors"][0]["code"], "not_asked");
    assert!(
        bad["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("twin, triplet or more: yes")
    );
    // "unknown" for a question not asked is fine.
    let fine = run(r#"{"multiple_birth": "no", "co_twin_death": "unknown"}"#).json();
    assert_eq!(fine["status"], "screened");
    // The text report names the not-applicable factor in a list of its own.
    let text = cp()
        .args(["--rule-set", "evidence", "screen"])
        .stdin(r#"{"multiple_birth": "no"}"#)
        .run();
    assert!(
        text.stdout.contains(
            "Not applicable (question not asked for this child): Death of a twin or triplet"
        ),
        "{}",
        text.stdout
    );
}

#[test]
fn counts_of_one_are_singular() {
    let out = cp()
        .args(["screen", "-f", "jsonl"])
        .stdin("[{\"birth_asphyxia\": \"yes\"},")
        .run();
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .ends_with("; the 1 record before it was screened\n"),
        "{}",
        out.stderr
    );
    let out = cp()
        .args(["screen", "--input-format", "csv", "-f", "jsonl"])
        .stdin("id,birth_asphyxia\na\n")
        .run();
    assert_eq!(out.code, 1);
    assert_eq!(
        out.json()["errors"][0]["message"],
        "row 1 has 1 cell but the header has 2 columns"
    );
    assert_eq!(
        out.stderr,
        "cp-screen: 1 of 1 record invalid and not screened; its errors are in the output\n"
    );
    let out = cp()
        .args(["rules", "check", &fixture("minimal-rules.json")])
        .run();
    assert!(
        out.stdout
            .contains("  1 section, 2 questions (1 yes/no, 1 numeric), 1 factor\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn the_help_names_every_input_format() {
    let top = cp().arg("--help").run().stdout;
    assert!(top.contains("CSV"), "{top}");
    let screen = cp().args(["screen", "--help"]).run().stdout;
    // Wherever the help wraps its lines.
    let words = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("CSV (files named *.csv"), "{screen}");
}
