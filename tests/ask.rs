//! The questionnaire end to end: plain mode through stdin, the faults a user can cause,
//! and the round trip from `--save` to `screen`. Real-terminal runs are in `tests/pty.rs`.

mod util;

use predicates::prelude::*;
use util::cp;

/// Plain-mode keys for a whole session: 1 = Yes, 2 = No, 3 = Don't know; then confirm.
const SESSION: &str = "1\n2\n3\n2\n2\n1\n2\n2\n30+4\n1.85 kg\n2\n2\n1\n2\n2\n2\n\n";

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
        stdout.starts_with(
            "\nYour screening result\n5 of 14 risk factors present, 8 absent, 1 not assessed\n"
        ),
        "{stdout}"
    );
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
    let session = "9\n2\n2\n2\n2\n2\n2\n2\n2\n353\n31+7\n39\n4 stone\n3400\n2\n2\n2\n2\n2\n2\n\n";
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
    let session = "1\n5\n2\n2\n2\n2\n2\n2\n2\n2\n39\n3400\n2\n2\n2\n2\n2\n2\n\n";
    cp().args(["--plain"])
        .stdin(session)
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "0 of 14 risk factors present, 14 absent, 0 not assessed",
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
    assert_eq!(keys.len(), 16);
    assert_eq!(
        keys[0], "maternal_infection",
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
