//! Whole text outputs pinned as snapshots (insta), so that a refactor can show that what a
//! person reads did not change. Each snapshot holds the exit code, the whole stdout and the
//! whole stderr of one run with `--color never`, made through `tests/util` (fixed locale,
//! terminal and width, relative paths). The snapshot files are in `tests/snapshots/`; their
//! header names the command that made them.
//!
//! When an output changes on purpose: `INSTA_UPDATE=always cargo test --test it snapshots::`
//! (or `cargo insta review`), then read every changed `.snap` before committing it.

use crate::util;

use util::{Run, cp, fixture};

/// insta names a snapshot file after the module path, `it::snapshots` since the integration
/// tests are one binary (`tests/it.rs`). The files keep the names they had when this file
/// was a test binary of its own: `tests/snapshots/snapshots__NAME.snap`.
const FILE_PREFIX: &str = "snapshots__";

/// The settings of one snapshot: the command that made it as its description, no
/// expression, and the file name of [`FILE_PREFIX`] instead of the module path.
fn settings(description: String) -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_description(description);
    settings.set_omit_expression(true);
    settings.set_prepend_module_to_snapshot(false);
    settings
}

/// Runs `cp-screen --color never ARGS` (with `stdin` when given) and hands back the run and
/// the command line that made it.
fn run(args: &[&str], stdin: Option<&str>) -> (Run, String) {
    let mut cmd = cp().args(["--color", "never"]).args(args);
    let mut line = format!("cp-screen --color never {}", args.join(" "));
    if let Some(input) = stdin {
        cmd = cmd.stdin(input);
        line.push_str(" < scripted stdin");
    }
    (cmd.run(), line)
}

/// Compares the whole run (exit code, stdout, stderr) with snapshot `name`.
fn snapshot(name: &str, args: &[&str], stdin: Option<&str>) -> Run {
    let (run, line) = run(args, stdin);
    assert!(
        !run.stdout.contains('\x1b') && !run.stderr.contains('\x1b'),
        "--color never writes no escape sequence"
    );
    let name = format!("{FILE_PREFIX}{name}");
    settings(line).bind(|| insta::assert_snapshot!(name, run.transcript()));
    run
}

#[test]
fn screen_text_report_of_the_example_record() {
    let run = snapshot("screen_baby", &["screen", "examples/baby.json"], None);
    assert_eq!(run.code, 0);
}

#[test]
fn screen_text_report_of_valid_unknown_invalid_and_cut_short_records() {
    let run = snapshot("screen_mixed", &["screen", &fixture("mixed.jsonl")], None);
    assert_eq!(run.code, 1);
}

#[test]
fn screen_text_report_with_explain() {
    let run = snapshot(
        "screen_baby_explain",
        &["screen", "--explain", "examples/baby.json"],
        None,
    );
    assert_eq!(run.code, 0);
}

#[test]
fn screen_text_summary_on_stderr() {
    let file = fixture("mixed.jsonl");
    let (run, line) = run(&["screen", "--summary", &file], None);
    assert_eq!(run.code, 1);
    // The summary changes stderr only: stdout is the same report as without it.
    let (plain, _) = self::run(&["screen", &file], None);
    assert_eq!(run.stdout, plain.stdout);
    let stderr = format!("{}----- end -----\n", run.stderr);
    let name = format!("{FILE_PREFIX}screen_mixed_summary");
    settings(format!("{line} (stderr only)")).bind(|| insta::assert_snapshot!(name, stderr));
}

#[test]
fn factors_table() {
    assert_eq!(snapshot("factors", &["factors"], None).code, 0);
}

#[test]
fn one_factor_in_full() {
    let run = snapshot(
        "factors_preterm_under_32_weeks",
        &["factors", "preterm_under_32_weeks"],
        None,
    );
    assert_eq!(run.code, 0);
}

#[test]
fn demo_list() {
    assert_eq!(snapshot("demo", &["demo"], None).code, 0);
}

#[test]
fn one_demo() {
    let run = snapshot("demo_very_preterm", &["demo", "very-preterm"], None);
    assert_eq!(run.code, 0);
}

#[test]
fn rules_check_of_the_default_rule_file() {
    let run = snapshot(
        "rules_check",
        &["rules", "check", "rules/cerebral-palsy.json"],
        None,
    );
    assert_eq!(run.code, 0);
}

/// Plain-mode keys for a whole session, as in `tests/ask.rs`: 1 = Yes, 2 = No,
/// 3 = Don't know, the two numbers as typed, then Enter to confirm the review.
const SESSION: &str = "1\n2\n3\n2\n2\n2\n1\n2\n2\n30+4\n1.85 kg\n2\n1\n2\n2\n2\n\n";

#[test]
fn plain_questionnaire_session_and_report() {
    let run = snapshot("ask_plain", &["ask", "--plain"], Some(SESSION));
    assert_eq!(run.code, 0);
}

/// Text from a rule file in Chinese (two terminal columns a character, no spaces between
/// words) wraps within the report width: no line is wider than 88 columns, and the long
/// sentences are broken rather than left whole.
#[test]
fn wide_text_from_a_rule_file_wraps_within_the_width() {
    let out = util::cp()
        .args([
            "--rules",
            "tests/fixtures/wide-text-rules.json",
            "screen",
            "--color",
            "never",
        ])
        .stdin(r#"{"cough": "yes"}"#)
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut widest = 0;
    for line in out.stdout.lines() {
        let width: usize = line.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
        assert!(width <= 88, "{width} columns: {line}");
        widest = widest.max(width);
    }
    assert!(
        widest > 70,
        "the long sentences fill the lines:\n{}",
        out.stdout
    );
    // The because-clause is wrapped with its continuation lines indented under it.
    assert!(
        out.stdout.contains("        because 孩子在出生后"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("\n                "), "{}", out.stdout);
}
