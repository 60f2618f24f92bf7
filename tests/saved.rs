//! Saved answer records carry the rule set that asked them (`cp_screen`: id, version,
//! SHA-256, language, time): `screen` uses that set when none is named and refuses a record
//! of another set with one message naming both, never a list of unknown fields.

use serde_json::{Value, json};

use crate::util;

/// The embedded sets' tags (`id@version`), as results name them (tests/versions.rs pins them).
const EVIDENCE: &str = "cerebral-palsy-evidence@1.3.0";
const SOURCE: &str = "cerebral-palsy@1.3.0";

/// Answers every question of the evidence set "Don't know" in plain mode and saves them.
fn save_with_evidence(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("ev.json");
    util::cp()
        .args(["--rule-set", "evidence", "ask", "--plain", "--save"])
        .arg(&path)
        .env("SOURCE_DATE_EPOCH", "1796538645")
        .stdin("\n".repeat(60))
        .assert()
        .success();
    path
}

#[test]
fn a_saved_record_names_its_rule_set_language_and_time() {
    let dir = tempfile::tempdir().unwrap();
    let saved: Value =
        serde_json::from_slice(&std::fs::read(save_with_evidence(dir.path())).unwrap()).unwrap();
    let stamp = &saved["cp_screen"];
    assert_eq!(stamp["rule_set"], "cerebral-palsy-evidence");
    assert_eq!(stamp["version"], "1.3.0");
    let hash = stamp["sha256"].as_str().unwrap();
    assert_eq!(hash.len(), 64);
    let listed = util::cp().args(["rules", "list"]).run().stdout;
    assert!(
        listed.contains(&format!("sha256:{}", &hash[..16])),
        "{listed}"
    );
    assert_eq!(stamp["lang"], "en");
    assert_eq!(stamp["saved"], "2026-12-06T06:30:45Z");
    // The schema of the set allows it.
    let v = crate::teach::validator_for(&["--rule-set", "evidence"]);
    assert!(v.is_valid(&saved), "{saved}");
}

#[test]
fn a_record_saved_with_the_evidence_set_is_screened_with_it_when_none_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = save_with_evidence(dir.path());
    let run = util::cp().args(["screen", "-f", "jsonl"]).arg(&path).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let result = run.json();
    assert_eq!(result["rules"], EVIDENCE, "{result}");
    assert_eq!(result["status"], "screened");
    // The text report names it too.
    let report = util::cp().arg("screen").arg(&path).run().stdout;
    assert!(report.contains(&format!("Rules: {EVIDENCE}")), "{report}");
}

#[test]
fn another_rule_set_is_refused_with_one_message_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    let path = save_with_evidence(dir.path());
    for extra in [&[][..], &["--allow-extra-fields"][..]] {
        let run = util::cp()
            .args(["screen", "--rule-set", "source", "-f", "jsonl"])
            .args(extra)
            .arg(&path)
            .run();
        assert_eq!(run.code, 1, "{extra:?}");
        let result = run.json();
        let errors = result["errors"].as_array().unwrap();
        assert_eq!(errors.len(), 1, "{extra:?}: {errors:?}");
        assert_eq!(errors[0]["code"], "other_rule_set");
        assert_eq!(errors[0]["field"], "cp_screen");
        let message = errors[0]["message"].as_str().unwrap();
        assert!(message.contains(EVIDENCE), "{message}");
        assert!(message.contains(SOURCE), "{message}");
        assert!(
            message.contains("--rule-set cerebral-palsy-evidence"),
            "{message}"
        );
        assert!(!message.contains("--allow-extra-fields"), "{message}");
    }
}

#[test]
fn a_record_of_an_older_version_is_refused_and_told_to_use_its_rule_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = save_with_evidence(dir.path());
    let mut saved: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    saved["cp_screen"]["version"] = json!("1.0.0");
    std::fs::write(&path, saved.to_string()).unwrap();
    // No embedded set is that one: the default set screens it, and refuses it.
    let run = util::cp().args(["screen", "-f", "jsonl"]).arg(&path).run();
    assert_eq!(run.code, 1);
    let result = run.json();
    assert_eq!(result["rules"], SOURCE);
    assert_eq!(result["errors"][0]["code"], "other_rule_set");
    let message = result["errors"][0]["message"].as_str().unwrap();
    assert!(!message.contains(EVIDENCE), "{message}");
    assert!(
        message.contains("cerebral-palsy-evidence@1.0.0"),
        "{message}"
    );
    assert!(message.contains("--rules FILE"), "{message}");
}

#[test]
fn a_malformed_stamp_is_an_error_of_its_own_field() {
    for stamp in [
        json!("cerebral-palsy"),
        json!({"rule_set": "cerebral-palsy"}),
        json!({"rule_set": "a", "version": "1", "sha256": "abc"}),
    ] {
        let record = json!({"cp_screen": stamp, "birth_asphyxia": "yes"});
        let run = util::cp()
            .args(["screen", "-f", "jsonl"])
            .stdin(record.to_string())
            .run();
        assert_eq!(run.code, 1, "{stamp}");
        let result = run.json();
        assert_eq!(result["errors"][0]["code"], "invalid_saved_with", "{stamp}");
        assert_eq!(result["errors"][0]["field"], "cp_screen");
    }
}

#[test]
fn a_records_own_set_is_accepted_whatever_the_key_order() {
    // The stamp after the answers, as a hand-edited file may have it.
    let dir = tempfile::tempdir().unwrap();
    let path = save_with_evidence(dir.path());
    let saved: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let mut reordered = serde_json::Map::new();
    for (k, v) in saved.as_object().unwrap() {
        if k != "cp_screen" {
            reordered.insert(k.clone(), v.clone());
        }
    }
    reordered.insert("cp_screen".into(), saved["cp_screen"].clone());
    let run = util::cp()
        .args(["screen", "--rule-set", "evidence", "-f", "jsonl"])
        .stdin(Value::Object(reordered.clone()).to_string())
        .run();
    assert_eq!(run.code, 0, "{}", run.stdout);
    // And refused, with the one error, by another set.
    let run = util::cp()
        .args(["screen", "-f", "jsonl"])
        .stdin(Value::Object(reordered).to_string())
        .run();
    assert_eq!(run.json()["errors"].as_array().unwrap().len(), 1);
}

#[test]
fn a_misspelt_question_gets_a_did_you_mean_and_no_advice_to_ignore_it() {
    let run = util::cp()
        .args(["screen", "-f", "jsonl"])
        .stdin(r#"{"birth_asphixia": "yes", "visit_date": "2026-01-01"}"#)
        .run();
    let errors = run.json()["errors"].clone();
    let misspelt = errors[0]["message"].as_str().unwrap();
    assert!(
        misspelt.contains("did you mean \"birth_asphyxia\""),
        "{misspelt}"
    );
    assert!(!misspelt.contains("--allow-extra-fields"), "{misspelt}");
    let stray = errors[1]["message"].as_str().unwrap();
    assert!(stray.contains("--allow-extra-fields"), "{stray}");
}

#[test]
fn the_schema_accepts_every_word_that_screen_reads() {
    let v = crate::teach::validator();
    for word in [
        "Y",
        "n",
        "1",
        "0",
        "TRUE",
        "有",
        "没有",
        "无",
        "不清楚",
        "NA",
        "n/a",
        ".",
        "dk",
        "Don't know",
    ] {
        let record = json!({"birth_asphyxia": word});
        assert!(v.is_valid(&record), "the schema refuses {word:?}");
        let run = util::cp()
            .args(["screen", "-f", "jsonl"])
            .stdin(record.to_string())
            .run();
        assert_eq!(run.code, 0, "screen refuses {word:?}: {}", run.stdout);
    }
    for word in ["maybe", "yess", "2"] {
        assert!(!v.is_valid(&json!({"birth_asphyxia": word})), "{word:?}");
    }
}

#[test]
fn ask_report_writes_the_same_printable_page_that_screen_makes_of_the_saved_answers() {
    let dir = tempfile::tempdir().unwrap();
    let (saved, page) = (dir.path().join("a.json"), dir.path().join("r.html"));
    let typed = "1\n2\n3\n2\n2\n1\n2\n2\n2\n30+4\n1.85 kg\n2\n1\n2\n2\n2\n\n";
    let run = util::cp()
        .args(["ask", "--plain", "--save"])
        .arg(&saved)
        .arg("--report")
        .arg(&page)
        .env("SOURCE_DATE_EPOCH", "1796538645")
        .stdin(typed)
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("Printable report written to"),
        "{}",
        run.stderr
    );
    let written = std::fs::read_to_string(&page).unwrap();
    let screened = util::cp()
        .args(["screen", "--format", "html"])
        .arg(&saved)
        .env("SOURCE_DATE_EPOCH", "1796538645")
        .run()
        .stdout;
    assert_eq!(written, screened);
    assert!(written.contains("Screening result"), "{written}");
    assert!(!written.contains("Record 1"), "{written}");
    assert!(written.contains("Born before 32 weeks"));
    // Never replaced without --force, checked before the first question.
    let run = util::cp()
        .args(["ask", "--plain", "--report"])
        .arg(&page)
        .stdin(typed)
        .run();
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert!(!run.stderr.contains("question 1"), "{}", run.stderr);
}
