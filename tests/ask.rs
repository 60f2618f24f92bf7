//! The questionnaire end to end: plain mode through stdin, the faults a user can cause,
//! and the round trip from `--save` to `screen`. Real-terminal runs are in `tests/pty.rs`.

use crate::util;

use predicates::prelude::*;
use util::cp;

/// Plain-mode keys for a whole session: 1 = Yes, 2 = No, 3 = Don't know; then confirm.
const SESSION: &str = "1\n2\n3\n2\n2\n2\n1\n2\n2\n30+4\n1.85 kg\n2\n1\n2\n2\n2\n\n";

#[test]
fn plain_mode_runs_the_whole_questionnaire_from_stdin() {
    let out = cp().args(["ask", "--plain"]).stdin(SESSION).run();
    assert_eq!(out.code, 0);
    let (stdout, stderr) = (out.stdout, out.stderr);
    // The prompts go to stderr, numbered, with progress and the echoed choice.
    assert!(stderr.contains("Pregnancy, question 1 of 16: Did the mother have an infection during the pregnancy?\nYour answer\n  1) Yes\n  2) No\n  3) Don't know\n"), "{stderr}");
    assert!(stderr.contains("Choose 1 to 4 (Enter = 3, Don't know): 1\n"));
    assert!(stderr.contains("  30+4 weeks = 30.6 weeks\n"));
    assert!(stderr.contains("  1.85 kg = 1850 g\n"));
    assert!(
        !stderr.contains('\x1b'),
        "plain mode draws no escape sequences"
    );
    // The report goes to stdout.
    assert!(
        stdout.starts_with("\nYour screening result\n\n"),
        "no score-like count under the heading: {stdout}"
    );
    assert_eq!(stdout.matches('●').count(), 5, "{stdout}");
    assert!(
        stdout.contains("because gestational age at birth 30+4 weeks (30.6 weeks): under 32 weeks")
    );
    assert!(stdout.contains("Not assessed (answer unknown or missing): Fetal hypoxia"));
    assert!(stdout.contains("does not rule cerebral palsy out"));
}

#[test]
fn plain_mode_is_chosen_by_accessible_or_a_dumb_terminal() {
    cp().env("ACCESSIBLE", "1")
        .stdin(SESSION)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Your screening result"));
    cp().dumb_terminal()
        .stdin(SESSION)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Your screening result"));
}

#[test]
fn plain_mode_re_prompts_bad_entries_with_the_reason() {
    let session = "9\n2\n2\n2\n2\n2\n2\n2\n2\n2\n353\n31+7\n39\n4 stone\n3400\n2\n2\n2\n2\n2\n\n";
    let out = cp().args(["--plain"]).stdin(session).run();
    assert_eq!(out.code, 0);
    let stderr = out.stderr;
    assert!(stderr.contains(
        "\"9\" is not one of the choices; type a number from 1 to 4, or \"yes\", \"no\", \"don't know\" or \"?\"."
    ));
    assert!(stderr.contains(
        "353 weeks is outside the plausible range 20 to 45 weeks. Accepted: for example 31+4"
    ));
    assert!(stderr.contains("\"31+7\": 7 days is a whole week or more"));
    assert!(stderr.contains("\"4 stone\": unknown unit \"stone\"; expected one of kg, lb, oz, g"));
}

#[test]
fn going_back_in_plain_mode_changes_the_earlier_answer() {
    // Question 2 offers "5) Back"; question 1 is then answered No instead of Yes.
    let session = "1\n5\n2\n2\n2\n2\n2\n2\n2\n2\n2\n39\n3400\n2\n2\n2\n2\n2\n\n";
    cp().args(["--plain"])
        .stdin(session)
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "No risk factor of this checklist was found in the answers.",
        ));
}

#[test]
fn end_of_input_ends_with_a_message_and_no_report() {
    cp().args(["ask", "--plain", "--save", "never-written.json"])
        .stdin("1\n2\n")
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "standard input ended before the questionnaire was complete; nothing was saved",
        ));
    assert!(
        !std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("never-written.json")
            .exists()
    );
}

#[test]
fn without_a_terminal_ask_points_to_plain_and_screen() {
    cp().stdin("").assert().code(2).stdout("").stderr(
        predicate::str::contains("the questionnaire needs a terminal")
            .and(predicate::str::contains("cp-screen ask --plain"))
            .and(predicate::str::contains("cp-screen screen FILE")),
    );
}

#[test]
fn saved_answers_screen_to_the_identical_report() {
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("answers.json");
    let asked = cp()
        .args([
            "ask",
            "--plain",
            "--color",
            "never",
            "--save",
            saved.to_str().unwrap(),
        ])
        .stdin(SESSION)
        .run();
    assert_eq!(asked.code, 0);
    let screened = cp()
        .args(["screen", "--color", "never", saved.to_str().unwrap()])
        .run();
    assert_eq!(screened.code, 0);
    // Everything after the heading line is the same report.
    let body = |text: &str| {
        let text = text.trim_start_matches('\n').to_string();
        text.split_once('\n').unwrap().1.to_string()
    };
    assert_eq!(body(&asked.stdout), body(&screened.stdout));
    let record: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&saved).unwrap()).unwrap();
    let keys: Vec<&String> = record.as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 17);
    assert_eq!(keys[0], "cp_screen", "what saved it comes first");
    assert_eq!(
        keys[1], "maternal_infection",
        "keys follow the rule file's order"
    );
    assert_eq!(
        record["gestational_age_weeks"], "30+4",
        "numbers are saved as written"
    );
    assert_eq!(record["fetal_hypoxia"], "unknown");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&saved).unwrap().permissions().mode();
        assert_eq!(
            mode & 0o777,
            0o600,
            "saved answers are readable by the owner only"
        );
    }
}

#[test]
fn an_unwritable_save_path_is_refused_before_any_question() {
    cp().args(["--plain", "--save", "/nonexistent-dir/answers.json"])
        .stdin(SESSION)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "cannot write /nonexistent-dir/answers.json: No such file or directory",
        ))
        .stderr(predicate::str::contains("question 1 of 16").not());
}

#[test]
fn the_evidence_sets_co_twin_question_is_asked_only_after_a_multiple_birth() {
    // 5 pregnancy questions, the last "not a twin"; then family (2), numbers, 13 birth,
    // newborn and later questions, and Enter to confirm at the review.
    let single = format!("2\n2\n2\n2\n2\n2\n2\n39\n3400\n{}\n", "2\n".repeat(13));
    let out = cp()
        .args(["--rule-set", "evidence", "ask", "--plain"])
        .stdin(single)
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        !out.stderr.contains("twin or triplet die"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("question 7 of 23"), "{}", out.stderr);
    let flat = out.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(
            "Not applicable (question not asked for this child): Death of a twin or triplet"
        ),
        "{}",
        out.stdout
    );
    assert!(!flat.contains("Not assessed ("), "{}", out.stdout);

    let twins = format!("2\n2\n2\n2\n1\n1\n2\n2\n39\n3400\n{}\n", "2\n".repeat(13));
    let out = cp()
        .args(["--rule-set", "evidence", "ask", "--plain"])
        .stdin(twins)
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("Pregnancy, question 6 of 23: Did the baby's twin or triplet die"),
        "{}",
        out.stderr
    );
    assert!(
        out.stdout.contains("Death of a twin or triplet (major)"),
        "{}",
        out.stdout
    );
}

#[test]
fn save_never_replaces_a_file_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("answers.json");
    std::fs::write(&saved, "{\"id\": \"someone else\"}\n").unwrap();
    let path = saved.to_str().unwrap();
    let refused = cp()
        .args(["ask", "--plain", "--save", path])
        .stdin(SESSION)
        .run();
    assert_eq!(refused.code, 2);
    assert_eq!(refused.stdout, "", "refused before any question");
    assert_eq!(
        refused.stderr,
        format!(
            "cp-screen: error: {path} already exists; choose another file, or add --force to replace it\n"
        )
    );
    assert_eq!(
        std::fs::read_to_string(&saved).unwrap(),
        "{\"id\": \"someone else\"}\n",
        "the file is untouched"
    );
    let forced = cp()
        .args(["ask", "--plain", "--save", path, "--force"])
        .stdin(SESSION)
        .run();
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    let record: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&saved).unwrap()).unwrap();
    assert_eq!(record["maternal_infection"], "yes");
    assert!(record.get("id").is_none());
}

#[test]
fn an_id_is_saved_first_in_the_record_and_screened_back() {
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("b-7.json");
    let path = saved.to_str().unwrap();
    let asked = cp()
        .args(["ask", "--plain", "--save", path, "--id", "b-7"])
        .stdin(SESSION)
        .run();
    assert_eq!(asked.code, 0);
    assert!(
        asked
            .stderr
            .ends_with(&format!("Answers saved to {path} (id \"b-7\")\n")),
        "{}",
        asked.stderr
    );
    let record: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&saved).unwrap()).unwrap();
    let keys: Vec<&String> = record.as_object().unwrap().keys().collect();
    assert_eq!(keys[0], "id");
    assert_eq!(record["id"], "b-7");
    let screened = cp().args(["screen", "--format", "json", path]).run();
    assert_eq!(screened.json()[0]["id"], "b-7");
    // --id and --force only mean something with --save.
    let out = cp()
        .args(["ask", "--plain", "--id", "x"])
        .stdin(SESSION)
        .run();
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--save"), "{}", out.stderr);
}

#[test]
fn plain_mode_takes_words_and_question_marks() {
    // y / n / don't know / ? (help, then the answer) as words instead of numbers.
    let session = "y\nn\ndon't know\n?\nNO\nn\nno\nyes\nn\nn\n30+4\n1.85 kg\nn\nYes\nn\nn\nn\n\n";
    let out = cp().args(["ask", "--plain"]).stdin(session).run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout.matches('●').count(), 5, "{}", out.stdout);
    assert!(
        out.stderr.contains("severe malnutrition"),
        "help was shown: {}",
        out.stderr
    );
    assert!(
        out.stderr.contains("  16) Short umbilical cord: no\n"),
        "{}",
        out.stderr
    );
}

/// The numbers a plain review lists, in order ("c" for Confirm).
fn review_tags(review: &str) -> Vec<String> {
    review
        .lines()
        .take_while(|l| !l.starts_with("Choose"))
        .filter_map(|l| l.strip_prefix("  ")?.split_once(") "))
        .map(|(tag, _)| tag.to_string())
        .collect()
}

#[test]
fn plain_review_numbers_are_the_question_numbers_in_the_default_set() {
    // Every answer "no" (numbers at term), then "5" at the review changes question 5.
    let mut session = "n\n".repeat(9);
    session.push_str("39\n3400\n");
    session.push_str(&"n\n".repeat(5));
    session.push_str("5\ny\n\n");
    let out = cp().args(["ask", "--plain"]).stdin(session).run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let reviews: Vec<&str> = out
        .stderr
        .split("Confirm, or choose an answer to change\n")
        .skip(1)
        .collect();
    assert_eq!(reviews.len(), 2, "{}", out.stderr);
    let expected: Vec<String> = std::iter::once("c".to_string())
        .chain((1..=16).map(|n| n.to_string()))
        .collect();
    assert_eq!(review_tags(reviews[0]), expected);
    assert!(
        reviews[0].contains("  c) Confirm and show the result\n"),
        "{}",
        reviews[0]
    );
    assert!(
        reviews[0].contains("\n  5) Threatened miscarriage or bleeding during pregnancy: no\n"),
        "{}",
        reviews[0]
    );
    assert!(
        reviews[0].contains(
            "Choose a number from 1 to 16, or c (Enter = c, Confirm and show the result): "
        ),
        "{}",
        reviews[0]
    );
    // "5" asked question 5 again, and its new answer is in the second review.
    let again = reviews[0].split_once("question ").unwrap().1;
    assert!(again.starts_with("5 of 16:"), "{again}");
    assert!(
        reviews[1].contains("\n  5) Threatened miscarriage or bleeding during pregnancy: yes\n"),
        "{}",
        reviews[1]
    );
    assert!(
        out.stdout.contains("Bleeding in pregnancy"),
        "{}",
        out.stdout
    );
}

#[test]
fn plain_review_numbers_are_the_question_numbers_in_the_evidence_set() {
    // Not a twin: question 6 (asked only of twins) is skipped, and the output says so.
    let mut session = "n\n".repeat(7);
    session.push_str("39\n3400\n");
    session.push_str(&"n\n".repeat(13));
    session.push_str("7\ny\n\n");
    let out = cp()
        .args(["--rule-set", "evidence", "ask", "--plain"])
        .stdin(session)
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "Question 6 skipped: it is asked only when \"twin, triplet or more: yes\".\n"
        ),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("question 6 of 23"), "{}", out.stderr);
    // The numbers go on from 5 to 7 in the questions and in the review.
    assert!(out.stderr.contains("question 7 of 23"), "{}", out.stderr);
    let reviews: Vec<&str> = out
        .stderr
        .split("Confirm, or choose an answer to change\n")
        .skip(1)
        .collect();
    assert_eq!(reviews.len(), 2, "{}", out.stderr);
    let expected: Vec<String> = std::iter::once("c".to_string())
        .chain((1..=23).filter(|n| *n != 6).map(|n| n.to_string()))
        .collect();
    assert_eq!(review_tags(reviews[0]), expected);
    // "7" changed question 7, not the seventh item.
    let again = reviews[0].split_once("question ").unwrap().1;
    assert!(again.starts_with("7 of 23:"), "{again}");
    assert!(
        reviews[1].contains("\n  7) Cerebral palsy in a parent, brother or sister: yes\n"),
        "{}",
        reviews[1]
    );
}

#[test]
fn a_plain_number_is_echoed_with_its_number_and_unit() {
    // The reproduction of issue #15, item 1.
    let out = cp()
        .args(["ask", "--plain"])
        .stdin("\n\n\n\n\n\n\n\n\n31.5\n1850\n\n\n\n\n\n\n")
        .run();
    assert_eq!(out.code, 0);
    assert!(
        out.stderr
            .contains("\n  31.5 = 31.5 weeks, that is 31 weeks 3.5 days\n"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("\n  1850 = 1850 g\n"));
    assert!(!out.stderr.contains("   weeks = ") && !out.stderr.contains("   g = "));
    // The reason for a negative number names the accepted forms once.
    let out = cp()
        .args(["ask", "--plain"])
        .stdin("\n\n\n\n\n\n\n\n\n-5\n\n\n\n\n\n\n\n\n\n")
        .run();
    let reason = out.stderr.lines().find(|l| l.contains("negative")).unwrap();
    assert_eq!(reason.matches("31w4d").count(), 1, "{reason}");
}

#[test]
fn a_save_path_that_cannot_be_a_file_is_refused_before_any_question() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("answers.json");
    std::fs::write(&file, "{}").unwrap();
    for (path, says) in [
        (dir.path().to_path_buf(), "is a directory"),
        (file.join("inside.json"), "not a directory"),
    ] {
        let run = cp().args(["ask", "--plain", "--save"]).arg(&path).run();
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(
            run.stdout.is_empty(),
            "no question was asked: {}",
            run.stdout
        );
        assert!(run.stderr.contains(says), "{}", run.stderr);
        assert!(run.stderr.contains("cannot write"), "{}", run.stderr);
    }
}

/// The yes / no / don't-know words of a language's vocabulary catalog, by meaning.
fn vocabulary(tag: &str) -> Vec<(&'static str, String)> {
    let path = format!("locales/{tag}/vocabulary.ftl");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut words = Vec::new();
    for (id, meaning) in [
        ("shortcut-yes", "yes"),
        ("shortcut-no", "no"),
        ("shortcut-dont-know", "unknown"),
    ] {
        let line = text
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{id} = ")))
            .unwrap_or_else(|| panic!("{path}: no {id}"));
        words.extend(line.split(", ").map(|w| (meaning, w.trim().to_string())));
    }
    words
}

#[test]
fn every_answer_word_of_the_questionnaire_is_read_the_same_in_a_record_file() {
    // One word list per language: 未知 and 不详 (what a nurse writes) mean "don't know" at
    // the prompt and in a file alike, as 无 and 不是 mean "no".
    let words: Vec<(&str, String)> = ["en", "zh-Hans"]
        .iter()
        .flat_map(|t| vocabulary(t))
        .collect();
    for word in ["未知", "不详", "无", "不是", "否", "是"] {
        assert!(
            words.iter().any(|(_, w)| w == word),
            "{word} is in a vocabulary"
        );
    }
    let records: String = words
        .iter()
        .map(|(_, w)| format!("{}\n", serde_json::json!({ "birth_asphyxia": w })))
        .collect();
    let out = cp().args(["screen", "-f", "jsonl"]).stdin(records).run();
    assert_eq!(out.code, 0, "{}", out.stdout);
    let results: Vec<serde_json::Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(results.len(), words.len());
    for ((meaning, word), r) in words.iter().zip(&results) {
        let status = if r["present"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["id"] == "birth_asphyxia")
        {
            "yes"
        } else if r["absent"]
            .as_array()
            .unwrap()
            .contains(&"birth_asphyxia".into())
        {
            "no"
        } else {
            assert!(
                r["not_assessed"]
                    .as_array()
                    .unwrap()
                    .contains(&"birth_asphyxia".into()),
                "{r}"
            );
            "unknown"
        };
        assert_eq!(status, *meaning, "{word:?} in a record file");
    }
    // The same words at the questionnaire's prompt (question 1, then Enter for the rest).
    for (meaning, word) in &words {
        let session = format!("{word}\n{}", "\n".repeat(20));
        let out = cp()
            .args([
                "--lang",
                "zh-Hans",
                "ask",
                "--plain",
                "--save",
                "/dev/stdout",
            ])
            .stdin(session)
            .run();
        assert_eq!(out.code, 0, "{word}: {}", out.stderr);
        let saved = out
            .stdout
            // The saved record is the last object that starts a line (its `cp_screen` is
            // an object inside it).
            .rsplit_once("\n{")
            .map(|(_, r)| format!("{{{r}"))
            .unwrap();
        let saved: serde_json::Value = serde_json::from_str(&saved).unwrap();
        assert_eq!(
            saved["maternal_infection"], *meaning,
            "{word:?} at the prompt"
        );
    }
}
