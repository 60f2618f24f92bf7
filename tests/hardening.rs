//! Regressions of the third adversarial run (issue 28): each test failed before its fix.

use crate::util;

use std::process::Stdio;

use util::{cp, cp_std, fixture, jsonl};

/// Runs `args` with `stdin` (through `util`'s pinned run), as (stdout, stderr, exit code).
fn run(args: &[&str], stdin: &str) -> (String, String, i32) {
    let util::Run {
        stdout,
        stderr,
        code,
    } = cp().args(args).stdin(stdin).run();
    (stdout, stderr, code)
}

#[test]
fn completions_into_a_closed_pipe_end_quietly() {
    // Item 15: `cp-screen completions bash | head -1` panicked (exit 101).
    let mut child = cp_std()
        .args(["completions", "bash"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away before the script is written.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn a_summary_file_that_is_an_input_or_the_output_is_refused_before_reading() {
    // Item 3: `--summary-file` naming an input (or the file stdout goes to) destroyed it.
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("cohort.jsonl");
    let records = "{\"birth_asphyxia\": \"yes\"}\n";
    std::fs::write(&input, records).unwrap();
    let input = input.to_str().unwrap();
    // By another path to the same file, too.
    let other_path = format!("{}/./cohort.jsonl", dir.path().display());
    for summary in [input, other_path.as_str()] {
        let (stdout, stderr, code) = run(&["screen", input, "--summary-file", summary], "");
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains("the summary would destroy it"), "{stderr}");
        assert_eq!(stdout, "", "nothing is read or written");
        assert_eq!(std::fs::read_to_string(input).unwrap(), records);
    }
    // The file stdout goes to, and the file stdin comes from.
    let out_path = dir.path().join("out.txt");
    let out_file = std::fs::File::create(&out_path).unwrap();
    let out = cp_std()
        .args([
            "screen",
            input,
            "--summary-file",
            out_path.to_str().unwrap(),
        ])
        .stdout(out_file)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("standard output goes"));
    let out = cp_std()
        .args(["screen", "-", "--summary-file", input])
        .stdin(std::fs::File::open(input).unwrap())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("<stdin>"));
    assert_eq!(std::fs::read_to_string(input).unwrap(), records);
    // Another file is fine.
    let summary = dir.path().join("summary.txt");
    let (_, stderr, code) = run(
        &["screen", input, "--summary-file", summary.to_str().unwrap()],
        "",
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        std::fs::read_to_string(summary)
            .unwrap()
            .contains("birth_asphyxia")
    );
}

#[test]
fn a_save_path_that_cannot_be_written_is_refused_before_the_first_question() {
    // Item 7: only existence was checked up front; after every answer the save failed
    // (answers lost) and the message named the internal temporary file. As root every
    // folder is writable, so the test uses one no one can create files in.
    if !std::path::Path::new("/sys/kernel").is_dir() {
        return;
    }
    let (stdout, stderr, code) = run(&["ask", "--plain", "--save", "/sys/answers.json"], "1\n");
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("cannot write /sys/answers.json"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("question 1"),
        "asked before refusing: {stderr}"
    );
    assert!(
        !stderr.contains(".cp-screen-"),
        "the temporary file is named: {stderr}"
    );
    assert_eq!(stdout, "");
}

#[test]
fn a_mapped_csv_column_is_mapped_once_as_in_json() {
    // Item 2: the CSV header plan mapped a column, then each cell's key was mapped again,
    // so a swap of two columns was undone and a chain followed twice.
    let statuses = |args: &[&str], input: &str| -> Vec<(String, String)> {
        let (stdout, stderr, code) = run(args, input);
        assert_eq!(code, 0, "{stderr}");
        let r = &jsonl(&stdout)[0];
        let mut out: Vec<(String, String)> = ["present", "absent"]
            .iter()
            .flat_map(|s| {
                r[s].as_array().unwrap().iter().map(move |f| {
                    let id = f.get("id").unwrap_or(f).as_str().unwrap().to_string();
                    (id, s.to_string())
                })
            })
            .collect();
        out.sort();
        out
    };
    // A chain: a holds asphyxia, the column called birth_asphyxia holds hypoxia; and a
    // swap of two question columns.
    let chain = ["a=birth_asphyxia", "birth_asphyxia=fetal_hypoxia"];
    let swap = [
        "birth_asphyxia=fetal_hypoxia",
        "fetal_hypoxia=birth_asphyxia",
    ];
    for (maps, header) in [
        (chain, "a,birth_asphyxia"),
        (swap, "birth_asphyxia,fetal_hypoxia"),
    ] {
        let args = |input_format: &'static str| {
            vec![
                "screen",
                "-f",
                "jsonl",
                "--allow-extra-fields",
                "--input-format",
                input_format,
                "--map",
                maps[0],
                "--map",
                maps[1],
            ]
        };
        let (first, second) = header.split_once(',').unwrap();
        let csv = statuses(&args("csv"), &format!("{header}\nyes,no\n"));
        let json = statuses(
            &args("json"),
            &format!(r#"{{"{first}": "yes", "{second}": "no"}}"#),
        );
        assert_eq!(csv, json, "{maps:?}");
        let status = |id: &str| json.iter().find(|(f, _)| f == id).map(|(_, s)| s.as_str());
        // The first column holds "yes": the question it is mapped to is present.
        let (yes, no) = if maps == chain {
            ("birth_asphyxia", "fetal_hypoxia")
        } else {
            ("fetal_hypoxia", "birth_asphyxia")
        };
        assert_eq!(status(yes), Some("present"), "{maps:?}: {json:?}");
        assert_eq!(status(no), Some("absent"), "{maps:?}: {json:?}");
    }
}

#[test]
fn a_stray_quote_in_a_large_csv_loses_only_its_own_row() {
    // Item 1: one stray opening quote in row 3 of a cohort turned the rest of the file
    // (over 1 MiB) into one "record too large" row: 3 results for 100,000 rows.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cohort.csv");
    let mut text = String::from("id,birth_asphyxia,gestational_age_weeks\n");
    for i in 1..=100_000 {
        if i == 3 {
            text.push_str("r3,\"yes,39\n");
        } else {
            text.push_str(&format!("r{i},yes,39\n"));
        }
    }
    assert!(text.len() > 1024 * 1024 + 100);
    std::fs::write(&path, &text).unwrap();
    let (stdout, stderr, code) = run(&["screen", "-f", "jsonl", path.to_str().unwrap()], "");
    assert_eq!(code, 1, "{stderr}");
    let results = jsonl(&stdout);
    assert_eq!(results.len(), 100_000, "one result per row");
    for (i, r) in results.iter().enumerate() {
        let row = i as u64 + 1;
        assert_eq!(r["record"], row);
        if row == 3 {
            assert_eq!(r["errors"][0]["code"], "csv_unclosed_quote", "{r}");
        } else {
            assert_eq!(r["status"], "screened", "{r}");
            assert_eq!(r["id"], format!("r{row}"));
        }
    }
}

#[test]
fn a_broken_array_element_is_one_invalid_record_named_by_its_own_line() {
    // Item 4: an unclosed string in element 3 (line 4) stopped the run, and the error
    // blamed the end of the file ("ends inside the array at line 5003").
    let mut text = String::from("[\n");
    for i in 1..=5000 {
        let element = match i {
            3 => "  {\"birth_asphyxia\": \"yes},".to_string(),
            5 => "  {\"birth_asphyxia\": \"yes\",".to_string(),
            _ => format!("  {{\"id\": \"r{i}\", \"birth_asphyxia\": \"no\"}},"),
        };
        text.push_str(&element);
        text.push('\n');
    }
    text.push_str("  {\"id\": \"last\"}\n]\n");
    let (stdout, stderr, code) = run(&["screen", "-f", "jsonl"], &text);
    assert_eq!(code, 1, "{stderr}");
    let results = jsonl(&stdout);
    assert_eq!(results.len(), 5001, "one result per element");
    for (i, r) in results.iter().enumerate() {
        let element = i + 1;
        assert_eq!(r["record"], element);
        assert_eq!(r["line"], element + 1, "{r}");
        match element {
            3 | 5 => {
                let message = r["errors"][0]["message"].as_str().unwrap();
                let line = format!("at line {}", element + 1);
                assert!(message.contains(&line), "{message}");
                assert_eq!(r["errors"][0]["code"], "invalid_json");
            }
            _ => assert_eq!(r["status"], "screened", "{r}"),
        }
    }
    // A string broken over lines of a pretty-printed array.
    let text = "[\n {\n  \"birth_asphyxia\": \"yes\n },\n {\n  \"birth_asphyxia\": \"no\"\n }\n]\n";
    let (stdout, _, code) = run(&["screen", "-f", "jsonl"], text);
    assert_eq!(code, 1);
    let results = jsonl(&stdout);
    assert_eq!(results.len(), 2);
    assert_eq!(results[1]["status"], "screened");
    assert_eq!(results[1]["line"], 5);
}

#[test]
fn table_cells_that_a_spreadsheet_would_run_are_guarded_unless_raw_is_asked() {
    // Item 9: ids and unknown keys starting with = + - @ were written as they are, and a
    // spreadsheet opening the table runs them as formulas.
    let input = "{\"id\": \"=HYPERLINK(\\\"http://x\\\")\", \"birth_asphyxia\": \"yes\"}\n\
                 {\"id\": \"-2+3\", \"@SUM(A1)\": \"yes\"}\n{\"id\": \"b-7\"}\n";
    let (stdout, _, code) = run(&["screen", "-f", "csv"], input);
    assert_eq!(code, 1);
    let rows: Vec<&str> = stdout.lines().collect();
    assert!(
        rows[1].starts_with("1,\"'=HYPERLINK(\"\"http://x\"\")\","),
        "{}",
        rows[1]
    );
    assert!(rows[2].starts_with("2,'-2+3,"), "{}", rows[2]);
    assert!(rows[2].contains(",'@SUM(A1),unknown_field,"), "{}", rows[2]);
    assert!(
        rows[3].starts_with("3,b-7,"),
        "a cell inside is left alone: {}",
        rows[3]
    );
    // pandas reads the guarded cell back as text with its quote.
    let (raw, _, _) = run(&["screen", "-f", "tsv", "--raw-cells"], input);
    let rows: Vec<&str> = raw.lines().collect();
    assert!(rows[1].starts_with("1\t\"=HYPERLINK"), "{}", rows[1]);
    assert!(rows[2].starts_with("2\t-2+3\t"), "{}", rows[2]);
}

#[cfg(unix)]
#[test]
fn a_table_on_a_terminal_shows_control_characters_as_escapes() {
    // Item 10: CSV and TSV written to a terminal copied escape sequences from ids and
    // keys raw (the title set, the screen cleared), unlike every other format.
    use expectrl::{Eof, Expect, Session};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("evil.jsonl");
    std::fs::write(&path, "{\"id\": \"\\u001b]0;pwned\\u0007\\u001b[2J\"}\n").unwrap();
    for format in ["csv", "tsv"] {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin!("cp-screen"));
        cmd.args(["screen", "-f", format, path.to_str().unwrap()])
            .env("NO_COLOR", "1")
            .env("TERM", "xterm");
        let mut p = Session::spawn(cmd).unwrap();
        p.set_expect_timeout(Some(std::time::Duration::from_secs(15)));
        let seen = p.expect(Eof).unwrap();
        let text = String::from_utf8_lossy(seen.matches().next().unwrap_or_default()).into_owned();
        assert!(text.contains("\\u{1b}]0;pwned\\u{7}"), "{format}: {text:?}");
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{format}: {text:?}"
        );
    }
}

#[test]
fn a_record_of_many_bad_keys_keeps_twenty_errors_and_counts_the_rest() {
    // Item 11: a record under 1 MiB with ~100,000 unknown keys held 100,000 errors (and,
    // as FHIR, about 450 bytes of memory per input byte per worker).
    let keys: Vec<String> = (0..100_000).map(|i| format!("\"{i}\":1")).collect();
    let record = format!("{{{}}}\n", keys.join(","));
    assert!(record.len() < 1024 * 1024);
    let (stdout, stderr, code) = run(&["screen", "-f", "jsonl"], &record);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stdout.len() < 20_000,
        "output per record is bounded: {}",
        stdout.len()
    );
    let r = &jsonl(&stdout)[0];
    let errors = r["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 20);
    assert!(errors[..19].iter().all(|e| e["code"] == "unknown_field"));
    assert_eq!(errors[19]["code"], "more_errors");
    assert_eq!(errors[19]["message"], "99981 more errors, not shown");
    let (csv, _, _) = run(&["screen", "-f", "csv"], &record);
    let row: Vec<&str> = csv.lines().nth(1).unwrap().split(',').collect();
    assert!(
        row.contains(&"100000"),
        "the CSV count is every error: {row:?}"
    );
    let (fhir, _, _) = run(&["screen", "-f", "fhir"], &record);
    assert!(fhir.len() < 40_000, "{}", fhir.len());
    assert!(fhir.contains("\"too-costly\""));
}

#[test]
fn a_mapping_file_larger_than_a_mapping_is_refused_unread() {
    // Item 13: `--mapping FILE` was read whole, whatever its size.
    let big = " ".repeat(2 * 1024 * 1024);
    let (stdout, stderr, code) = run(
        &["screen", "--mapping", "/dev/stdin", &fixture("one.json")],
        &big,
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("/dev/stdin: file too large"), "{stderr}");
    assert_eq!(stdout, "");
}

#[test]
fn a_record_reads_every_word_the_questionnaire_takes_in_any_locale() {
    // Issue 21: the record reader had its own copy of the yes/no words, which had drifted:
    // 无 and 不确定 were taken at the prompt but refused in a record file.
    for lang in ["C.UTF-8", "zh_CN.UTF-8"] {
        let out = cp()
            .env("LANG", lang)
            .args(["screen", "-f", "jsonl"])
            .stdin(
                r#"{"birth_asphyxia": "无", "fetal_hypoxia": "不确定", "maternal_infection": "是", "fetal_malformation": "N/A"}"#,
            )
            .run();
        assert_eq!(out.code, 0, "{lang}: {}", out.stdout);
        let r = &jsonl(&out.stdout)[0];
        assert!(
            r["absent"]
                .as_array()
                .unwrap()
                .contains(&"birth_asphyxia".into()),
            "{r}"
        );
        assert!(
            r["not_assessed"]
                .as_array()
                .unwrap()
                .contains(&"fetal_hypoxia".into())
        );
        assert_eq!(r["present"][0]["id"], "maternal_infection");
        assert!(
            r["not_assessed"]
                .as_array()
                .unwrap()
                .contains(&"fetal_malformation".into())
        );
    }
}

#[cfg(unix)]
#[test]
fn the_questionnaire_on_a_terminal_two_rows_high_asks_on_one_line() {
    // Item 12: dialoguer's paged menu panicked on a terminal 1-2 rows high (exit 101, the
    // answers lost); the choices are now listed and one is typed.
    use expectrl::{Eof, Expect, Session};
    use std::time::Duration;
    let bin = assert_cmd::cargo::cargo_bin!("cp-screen");
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c")
        .arg("while [ \"$(stty size)\" != \"2 80\" ]; do sleep 0.05; done; exec \"$0\" ask")
        .arg(bin)
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env_remove("ACCESSIBLE");
    let mut p = Session::spawn(cmd).unwrap();
    p.get_process_mut().set_window_size(80, 2).unwrap();
    p.set_expect_timeout(Some(Duration::from_secs(15)));
    // Nine yes/no questions, the two numbers, five more, then the review's default.
    let answers = ["2"; 9]
        .into_iter()
        .chain(["30+4", "1850"])
        .chain(["n"; 5])
        .chain([""]);
    for answer in answers {
        p.expect("Your answer")
            .or_else(|_| p.expect("Confirm"))
            .unwrap();
        p.send(format!("{answer}\r")).unwrap();
    }
    let seen = p.expect(Eof).unwrap();
    let rest = String::from_utf8_lossy(seen.matches().next().unwrap_or_default()).into_owned();
    assert!(rest.contains("Born before 32 weeks"), "{rest}");
    match p.get_process().wait().unwrap() {
        expectrl::process::unix::WaitStatus::Exited(_, code) => assert_eq!(code, 0, "{rest}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_split_echo_names_the_smaller_unit_in_the_run_s_language() {
    // Item 18: in Chinese, 31.5 weeks was echoed as "31 周 3.5 days".
    let answers = format!("{}31.5\n", "3\n".repeat(9));
    let out = cp()
        .args(["--lang", "zh-Hans", "ask", "--plain"])
        .stdin(answers.clone())
        .run();
    assert!(
        out.stderr.contains("31.5 = 31.5 周，即 31 周 3.5 天"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("days"), "{}", out.stderr);
    let out = cp().args(["ask", "--plain"]).stdin(answers).run();
    assert!(out.stderr.contains("31 weeks 3.5 days"), "{}", out.stderr);
}

#[test]
fn a_report_at_20_and_24_columns_has_no_line_wider_in_any_language() {
    // Item 19: at 24 columns the because-clauses, the explanation's deeper indents, its
    // heading and the footer's rule-set tag and hash ran past the edge (at 20, the
    // because-clauses had 4 columns left, one word a line, each wider than that).
    let record = r#"{"maternal_infection": "yes", "gestational_age_weeks": "30+4",
        "birth_weight_grams": "1850", "abnormal_fetal_position": "yes", "family_epilepsy": "yes"}"#;
    for rule_set in ["cerebral-palsy", "cerebral-palsy-evidence"] {
        for lang in ["en", "zh-Hans", "zh-Hant"] {
            let args = [
                "--lang",
                lang,
                "--rule-set",
                rule_set,
                "screen",
                "--explain",
                "--allow-extra-fields",
            ];
            // The footer at full width: what the narrow ones must still say.
            let wide = cp().args(args).stdin(record).run();
            assert_eq!(wide.code, 0, "{}", wide.stderr);
            let footer: String = wide
                .stdout
                .lines()
                .last()
                .unwrap()
                .split_whitespace()
                .collect();
            assert!(footer.contains("sha256:"), "{footer}");
            for cols in [20, 24] {
                let out = cp()
                    .args(args)
                    .env("COLUMNS", cols.to_string())
                    .stdin(record)
                    .run();
                assert_eq!(out.code, 0, "{}", out.stderr);
                for line in out.stdout.lines() {
                    assert!(
                        textwrap::core::display_width(line) <= cols,
                        "{rule_set} {lang} at {cols}: {line:?} is {} columns:\n{}",
                        textwrap::core::display_width(line),
                        out.stdout
                    );
                }
                // Broken, not lost: the tag and the hash are all there.
                let joined: String = out.stdout.split_whitespace().collect();
                assert!(
                    joined.ends_with(&footer),
                    "{rule_set} {lang} at {cols}: {footer}\n{}",
                    out.stdout
                );
            }
        }
    }
}
