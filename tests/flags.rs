//! Options that do nothing in the mode chosen are refused with exit 2 and a message naming
//! the option, the mode and where it acts, rather than silently ignored; the ones that act
//! are still taken.

use crate::util;

/// `screen ARGS examples/baby.json` (or the files in `args`): exit code and stderr.
fn screen(args: &[&str]) -> (i32, String) {
    let mut all = vec!["screen"];
    all.extend_from_slice(args);
    if !args
        .iter()
        .any(|a| a.starts_with("examples/") || a.starts_with("tests/"))
    {
        all.push("examples/baby.json");
    }
    let run = util::cp().args(all).run();
    (run.code, run.stderr)
}

#[test]
fn every_idle_combination_is_refused_with_what_it_is_for() {
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &["--explain", "-f", "csv"],
            "--explain does nothing with --format csv",
            "--format html",
        ),
        (
            &["--explain", "-f", "tsv"],
            "--explain does nothing with --format tsv",
            "--format text",
        ),
        (
            &["--explain", "-f", "fhir"],
            "--explain does nothing with --format fhir",
            "--format jsonl",
        ),
        (
            &["--fhir", "compact", "-f", "jsonl"],
            "--fhir compact does nothing with --format jsonl",
            "--format fhir",
        ),
        (
            &["--id-system", "https://example.org/ids", "-f", "csv"],
            "--id-system does nothing with --format csv",
            "--format fhir",
        ),
        (
            &["--decimal-comma"],
            "--decimal-comma does nothing with --input-format auto",
            "*.csv",
        ),
        (
            &["--bom", "-f", "json"],
            "--bom does nothing with --format json",
            "--format csv",
        ),
        (
            &["--bom"],
            "--bom does nothing with --format text",
            "--format tsv",
        ),
        (
            &["--bom", "-f", "html"],
            "--bom does nothing with --format html",
            "--format csv",
        ),
        (
            &["--raw-cells", "-f", "jsonl"],
            "--raw-cells does nothing with --format jsonl",
            "--format csv",
        ),
        (
            &["--paper", "letter"],
            "--paper does nothing with --format text",
            "--format html",
        ),
        (
            &["--paper", "a4", "-f", "csv"],
            "--paper does nothing with --format csv",
            "--format html",
        ),
        (
            &["--delimiter", ";"],
            "--delimiter does nothing with --input-format auto",
            "--input-format csv",
        ),
        (
            &[
                "--delimiter",
                ";",
                "--input-format",
                "json",
                "examples/cohort.csv",
            ],
            "--delimiter does nothing with --input-format json",
            "*.csv",
        ),
    ];
    for (args, said, applies) in cases {
        let (code, stderr) = screen(args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stderr.contains(said), "{args:?}: {stderr}");
        assert!(stderr.contains(applies), "{args:?}: {stderr}");
        assert!(stderr.lines().count() == 1, "{args:?}: one line: {stderr}");
    }
}

#[test]
fn the_same_options_act_where_they_belong() {
    for args in [
        &["--explain"][..],
        &["--explain", "-f", "json"],
        &["--explain", "-f", "jsonl"],
        &["--bom", "-f", "csv"],
        &["--raw-cells", "-f", "tsv"],
        &["--paper", "letter", "-f", "html"],
        &["--fhir", "compact", "-f", "fhir"],
        &["--id-system", "https://example.org/ids", "-f", "fhir"],
        &[
            "--delimiter",
            ";",
            "tests/fixtures/excel-europe.csv",
            "--allow-extra-fields",
        ],
        &[
            "--delimiter",
            ",",
            "--input-format",
            "csv",
            "examples/cohort.csv",
        ],
    ] {
        let (code, stderr) = screen(args);
        assert_ne!(code, 2, "{args:?}: {stderr}");
    }
}

#[test]
fn explain_in_html_shows_how_each_factor_was_decided() {
    let plain = util::cp()
        .args(["screen", "-f", "html", "examples/baby.json"])
        .run()
        .stdout;
    let explained = util::cp()
        .args(["screen", "--explain", "-f", "html", "examples/baby.json"])
        .run()
        .stdout;
    assert!(!plain.contains("How each factor was decided"));
    assert!(
        explained.contains("How each factor was decided"),
        "{explained}"
    );
    // The comparison that decided birth weight, as the text explanation says it.
    let text = util::cp()
        .args(["screen", "--explain", "examples/baby.json"])
        .run()
        .stdout;
    assert!(text.contains("1843 g"), "{text}");
    assert!(explained.contains("1843 g"), "{explained}");
}

#[test]
fn paper_with_text_handouts_is_refused_too() {
    for args in [
        &["factors", "--paper", "letter"][..],
        &["demo", "--paper", "letter"],
    ] {
        let run = util::cp().args(args).run();
        assert_eq!(run.code, 2, "{args:?}");
        assert!(
            run.stderr
                .contains("--paper does nothing with --format text"),
            "{}",
            run.stderr
        );
    }
    let run = util::cp()
        .args(["factors", "--paper", "letter", "-f", "html"])
        .run();
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.contains("letter"),
        "the page is laid out for Letter"
    );
}

#[cfg(unix)]
#[test]
fn a_picture_summary_refuses_a_terminal_and_goes_to_a_file() {
    use expectrl::{Eof, Expect, Session};
    for format in ["svg", "html"] {
        let mut cmd = util::cp_std();
        cmd.args([
            "screen",
            "-q",
            "--summary-format",
            format,
            "-f",
            "jsonl",
            "examples/baby.json",
        ]);
        let mut p = Session::spawn(cmd).expect("a pseudo-terminal");
        p.set_expect_timeout(Some(std::time::Duration::from_secs(15)));
        p.expect(format!("a {format} summary is a page to open in a browser"))
            .unwrap();
        p.expect(Eof).unwrap();
        match p.get_process().wait().unwrap() {
            expectrl::process::unix::WaitStatus::Exited(_, code) => assert_eq!(code, 2),
            other => panic!("{other:?}"),
        }
    }
    // To a file, or to a stderr that is not a terminal, it is written.
    let dir = tempfile::tempdir().unwrap();
    let chart = dir.path().join("chart.svg");
    let run = util::cp()
        .args(["screen", "--summary-format", "svg", "--summary-file"])
        .arg(&chart)
        .arg("examples/baby.json")
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(std::fs::read_to_string(&chart).unwrap().starts_with("<svg"));
}

#[test]
fn columns_narrows_piped_reports() {
    let wide = util::cp()
        .args(["screen", "examples/baby.json"])
        .run()
        .stdout;
    let narrow = util::cp()
        .args(["screen", "examples/baby.json"])
        .env("COLUMNS", "50")
        .run()
        .stdout;
    let longest = |t: &str| t.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(longest(&wide) > 50, "{wide}");
    assert!(longest(&narrow) <= 50, "{narrow}");
    // Nonsense and tiny widths are ignored, not obeyed.
    for cols in ["abc", "5", ""] {
        let out = util::cp()
            .args(["screen", "examples/baby.json"])
            .env("COLUMNS", cols)
            .run()
            .stdout;
        assert_eq!(out, wide, "COLUMNS={cols:?}");
    }
}

#[cfg(unix)]
#[test]
fn man_on_a_terminal_is_formatted_and_to_a_pipe_is_roff() {
    use expectrl::{Eof, Expect, Session};
    let piped = util::cp().args(["man", "screen"]).run().stdout;
    assert!(
        piped.starts_with(".ie") || piped.contains("\n.TH "),
        "{piped}"
    );
    let has_man = std::process::Command::new("man")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let mut cmd = util::cp_std();
    cmd.args(["man", "screen"])
        .env("MANPAGER", "cat")
        .env("PAGER", "cat");
    let mut p = Session::spawn(cmd).expect("a pseudo-terminal");
    p.set_expect_timeout(Some(std::time::Duration::from_secs(20)));
    let found = p.expect(Eof).unwrap();
    // Expecting the end, what was read is the match itself.
    let shown = String::from_utf8_lossy(found.get(0).unwrap_or_default()).into_owned();
    if has_man {
        assert!(shown.contains("General Commands Manual"), "{shown}");
        assert!(!shown.contains(".TH "), "formatted, not roff: {shown}");
    } else {
        // Without man(1), the roff is printed as to a pipe.
        assert!(shown.contains(".TH "), "{shown}");
    }
}

#[test]
fn an_option_of_a_command_given_before_it_names_the_commands_that_take_it() {
    for given in ["--formt", "--format"] {
        let run = util::cp()
            .args([given, "json", "screen", "examples/baby.json"])
            .run();
        assert_eq!(run.code, 2, "{given}");
        assert!(
            run.stderr.contains(&format!("unexpected option {given} before a command; --format is an option of cp-screen screen")),
            "{given}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("--force"), "{}", run.stderr);
    }
    // After the command, clap's own suggestion is about that command's options.
    let run = util::cp().args(["screen", "--formt", "json"]).run();
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("'--format'"), "{}", run.stderr);
    // A close top-level option is still clap's suggestion.
    let run = util::cp().args(["--forse"]).run();
    assert!(run.stderr.contains("'--force'"), "{}", run.stderr);
}
