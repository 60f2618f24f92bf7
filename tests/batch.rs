//! Batch screening at scale: order and count kept around bad records, CSV, several
//! files, the run summary, and output that does not depend on the number of threads.

use crate::util;

use predicates::prelude::*;
use serde_json::Value;
use util::{cp, fixture};

/// Line `i` of a generated file: mostly valid, with every kind of bad record mixed in.
/// Returns the line and whether it is a record (blank lines are not) and valid.
fn generated_line(i: usize) -> (String, Option<bool>) {
    match i % 10 {
        3 => (
            format!("{{\"id\": {i}, \"gestational_age_weeks\": {}}}", 300 + i),
            Some(false),
        ),
        5 => (
            format!("{{\"id\": {i}, \"birth_asphyxia\": [true]}}"),
            Some(false),
        ),
        7 if i % 20 == 7 => (format!("{{\"id\": {i}, \"birth_asphyxia\": "), Some(false)),
        7 => ("   ".to_string(), None),
        8 => (format!("[{i}]"), Some(false)),
        _ => (
            format!(
                "{{\"id\": {i}, \"gestational_age_weeks\": \"{}+{}\", \"birth_asphyxia\": \"{}\"}}",
                25 + i % 15,
                i % 7,
                if i.is_multiple_of(2) { "yes" } else { "no" }
            ),
            Some(true),
        ),
    }
}

#[test]
fn thousands_of_mixed_records_give_one_result_each_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mixed.jsonl");
    let n = 6_000;
    let lines: Vec<(String, Option<bool>)> = (0..n).map(generated_line).collect();
    let text: String = lines.iter().map(|(l, _)| format!("{l}\n")).collect();
    std::fs::write(&path, text).unwrap();
    let out = cp()
        .args(["screen", "-f", "jsonl", path.to_str().unwrap()])
        .run();
    assert_eq!(out.code, 1);
    let got = out.jsonl();
    let expected: Vec<(usize, bool)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, (_, kind))| kind.map(|valid| (i, valid)))
        .collect();
    assert_eq!(got.len(), expected.len(), "exactly one result per record");
    for (k, (r, (i, valid))) in got.iter().zip(&expected).enumerate() {
        assert_eq!(r["record"], k as u64 + 1, "records are numbered in order");
        assert_eq!(r["line"], *i as u64 + 1, "each result points at its line");
        assert_eq!(
            r["status"],
            if *valid { "screened" } else { "invalid" },
            "line {}",
            i + 1
        );
        if *valid {
            assert_eq!(r["id"], *i as u64);
        }
    }
    let cut_short = got.iter().find(|r| r["line"] == 8).unwrap();
    assert!(
        cut_short["errors"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("not valid JSON at line 8, column 28: EOF while parsing a value")
    );
    let stderr = out.stderr;
    let invalid = expected.iter().filter(|(_, v)| !v).count();
    assert!(
        stderr.contains(&format!("{invalid} of {} records invalid", expected.len())),
        "{stderr}"
    );
}

#[test]
fn output_does_not_depend_on_the_number_of_threads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.jsonl");
    let text: String = (0..3_000)
        .map(|i| format!("{}\n", generated_line(i).0))
        .collect();
    std::fs::write(&path, text).unwrap();
    let run = |threads: &str, format: &str| {
        cp().args([
            "screen",
            "-j",
            threads,
            "-f",
            format,
            path.to_str().unwrap(),
        ])
        .run()
        .stdout
    };
    for format in ["jsonl", "json", "text"] {
        let one = run("1", format);
        assert!(!one.is_empty());
        assert_eq!(one, run("2", format), "{format}");
        assert_eq!(one, run("7", format), "{format}");
    }
}

#[test]
fn an_array_element_that_is_not_an_object_is_placed_by_its_index() {
    let out = cp()
        .args(["screen", "-f", "jsonl", &fixture("array.json")])
        .run();
    let r = out.jsonl();
    assert_eq!(
        r[2]["errors"][0]["message"],
        "array element 3 (index 2): expected an answer record (a JSON object of question ids), found an array"
    );
}

#[test]
fn a_broken_element_in_an_array_is_one_invalid_record() {
    let out = cp()
        .args(["screen", "-f", "jsonl"])
        .stdin("[{\"id\": 1}, {\"id\": 2, \"birth_asphyxia\" \"yes\"}, {\"id\": 3}]")
        .run();
    assert_eq!(out.code, 1);
    let r = out.jsonl();
    assert_eq!(r.len(), 3);
    assert_eq!(r[1]["status"], "invalid");
    assert_eq!(
        r[1]["errors"][0]["message"],
        "array element 2 (index 1): not valid JSON at line 1, column 40: expected `:`"
    );
    assert_eq!(r[2]["id"], 3);
}

#[test]
fn csv_gives_the_same_results_as_json_for_the_same_records() {
    let screen = |file: &str| {
        let out = cp().args(["screen", "-f", "jsonl", &fixture(file)]).run();
        assert_eq!(out.code, 1, "c3 and c4 are invalid");
        out.jsonl()
    };
    let csv = screen("cohort.csv");
    let json = screen("cohort-same.jsonl");
    assert_eq!(csv.len(), 4);
    for (c, j) in csv.iter().zip(&json) {
        for key in [
            "record",
            "id",
            "status",
            "present",
            "not_assessed",
            "absent",
            "errors",
            "rules",
        ] {
            assert_eq!(c[key], j[key], "{key} of {}", c["id"]);
        }
        assert!(
            c.get("line").is_none(),
            "CSV rows are placed by record (row) number"
        );
    }
    assert_eq!(csv[3]["errors"][0]["field"], "birth_asphyxia");
    assert!(
        csv[3]["errors"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("\"maybe\" is not an answer")
    );
}

#[test]
fn csv_is_chosen_by_flag_for_stdin() {
    let out = cp()
        .args(["screen", "-f", "jsonl", "--input-format", "csv"])
        .stdin("id,birth_asphyxia\nq,yes\n")
        .run();
    assert_eq!(out.code, 0);
    assert_eq!(out.jsonl()[0]["present"][0]["id"], "birth_asphyxia");
}

#[test]
fn an_unknown_csv_column_is_refused_before_any_row() {
    cp().args(["screen", &fixture("bad-header.csv")])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "tests/fixtures/bad-header.csv: CSV header: column 2 (\"gestation_weeks\"): not a question of rule set cerebral-palsy@1.3.0",
        ));
    let out = cp()
        .args([
            "screen",
            "-f",
            "jsonl",
            "--allow-extra-fields",
            &fixture("bad-header.csv"),
        ])
        .run();
    assert_eq!(out.code, 0);
    assert_eq!(out.jsonl()[0]["present"][0]["id"], "birth_asphyxia");
}

#[test]
fn a_ragged_csv_row_is_an_invalid_record_and_blank_rows_are_skipped() {
    let out = cp()
        .args(["screen", "-f", "jsonl", &fixture("ragged.csv")])
        .run();
    assert_eq!(out.code, 1);
    let r = out.jsonl();
    assert_eq!(r.len(), 3);
    assert_eq!(
        r[1]["errors"][0]["message"],
        "row 2 has 3 cells but the header has 2 columns"
    );
    assert_eq!(r[2]["record"], 3);
    assert_eq!(r[2]["not_assessed"].as_array().unwrap().len(), 14);
}

#[test]
fn several_files_of_different_formats_are_screened_in_order() {
    let out = cp()
        .args([
            "screen",
            "-f",
            "jsonl",
            &fixture("cohort.csv"),
            &fixture("one.json"),
            &fixture("array.json"),
        ])
        .run();
    let r = out.jsonl();
    let places: Vec<(String, u64)> = r
        .iter()
        .map(|r| {
            (
                r["file"]
                    .as_str()
                    .unwrap()
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .to_string(),
                r["record"].as_u64().unwrap(),
            )
        })
        .collect();
    let want: Vec<(String, u64)> = [("cohort.csv", 4), ("one.json", 1), ("array.json", 4)]
        .iter()
        .flat_map(|(f, n)| (1..=*n).map(move |i| (f.to_string(), i)))
        .collect();
    assert_eq!(places, want);
}

#[test]
fn several_inputs_of_many_batches_keep_their_order_and_a_broken_one_ends_the_run() {
    // Workers take turns reading the inputs: each input spans many batches, so results
    // of different inputs are rendered at the same time on different threads.
    let dir = tempfile::tempdir().unwrap();
    let lines = |n: usize| -> String {
        (0..n)
            .map(|i| format!("{{\"id\":\"{i}\",\"birth_asphyxia\":\"yes\"}}\n"))
            .collect()
    };
    let first = dir.path().join("first.jsonl");
    let second = dir.path().join("second.jsonl");
    std::fs::write(&first, lines(1_500)).unwrap();
    std::fs::write(&second, lines(700)).unwrap();
    let files = [
        first.to_str().unwrap(),
        second.to_str().unwrap(),
        &fixture("truncated.json"),
        &fixture("one.json"),
    ];
    for threads in ["1", "2", "5"] {
        let out = cp()
            .args(["screen", "-q", "-f", "jsonl", "-j", threads])
            .args(files)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("ends inside the array"));
        let results: Vec<Value> = String::from_utf8_lossy(&out.get_output().stdout)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let places: Vec<(String, u64)> = results
            .iter()
            .map(|r| {
                let file = r["file"].as_str().unwrap();
                let name = file.rsplit(['/', '\\']).next().unwrap().to_string();
                (name, r["record"].as_u64().unwrap())
            })
            .collect();
        // Every record of the first two, then the truncated array's three (the cut one
        // invalid), and nothing of the input after the break.
        let want: Vec<(String, u64)> = [
            ("first.jsonl", 1_500),
            ("second.jsonl", 700),
            ("truncated.json", 3),
        ]
        .iter()
        .flat_map(|(f, n)| (1..=*n).map(move |i| (f.to_string(), i)))
        .collect();
        assert_eq!(places, want, "-j {threads}");
        assert_eq!(results[1_499]["id"], "1499");
        assert_eq!(results[1_500]["id"], "0");
        assert_eq!(results.last().unwrap()["status"], "invalid");
    }
}

#[test]
fn the_summary_counts_what_was_read() {
    let out = cp()
        .args([
            "screen",
            "-f",
            "jsonl",
            "--summary",
            "--summary-format",
            "json",
            &fixture("mixed.jsonl"),
        ])
        .run();
    assert_eq!(out.code, 1);
    assert_eq!(
        out.jsonl().len(),
        5,
        "stdout stays a clean JSON Lines stream"
    );
    let summary: Value = serde_json::from_str(&out.stderr).unwrap();
    assert_eq!(summary["records"], 5);
    assert_eq!(summary["screened"], 3);
    assert_eq!(summary["invalid"], 2);
    assert_eq!(summary["rules"], "cerebral-palsy@1.3.0");
    let factor = |id: &str| {
        summary["factors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == id)
            .unwrap()
            .clone()
    };
    // Screened: a1 (30+4 weeks, 1850 g, epilepsy yes, asphyxia no), a2 (39 weeks, 3400 g,
    // infection unknown, epilepsy null), a5 (short cord yes).
    let preterm = factor("preterm_under_32_weeks");
    assert_eq!(
        (
            preterm["present"].as_u64(),
            preterm["not_assessed"].as_u64(),
            preterm["absent"].as_u64()
        ),
        (Some(1), Some(1), Some(1))
    );
    let family = factor("family_history");
    assert_eq!(
        (
            family["present"].as_u64(),
            family["not_assessed"].as_u64(),
            family["absent"].as_u64()
        ),
        (Some(1), Some(2), Some(0))
    );
    let asphyxia = factor("birth_asphyxia");
    assert_eq!(
        (
            asphyxia["present"].as_u64(),
            asphyxia["not_assessed"].as_u64(),
            asphyxia["absent"].as_u64()
        ),
        (Some(0), Some(2), Some(1))
    );
    let cord = factor("short_umbilical_cord");
    assert_eq!(cord["present"], 1);
}

#[test]
fn the_text_summary_goes_to_stderr_or_a_file() {
    cp().args(["screen", "-f", "jsonl", "--summary", &fixture("array.json")])
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with(
            "Summary: 4 records read, 2 screened, 2 invalid (rules cerebral-palsy@1.3.0, sha256:",
        ))
        .stderr(predicate::function(|err: &str| {
            err.lines().any(|l| {
                l.split_whitespace().collect::<Vec<_>>()
                    == ["birth_weight_under_2000_g", "1", "0", "1"]
            })
        }))
        .stderr(predicate::str::contains("records invalid and not screened").not());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("summary.json");
    let out = cp()
        .args([
            "screen",
            "-f",
            "jsonl",
            "--summary-format",
            "json",
            "--summary-file",
            file.to_str().unwrap(),
            &fixture("one.json"),
        ])
        .run();
    assert_eq!(out.code, 0);
    assert_eq!(out.stderr, "");
    let summary: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(summary["screened"], 1);
}

/// The command tallies each factor only when a summary will be shown; every way of
/// asking for one (`--summary`, `--summary-format`, `--summary-file`) gets the same
/// counts, on one thread and on several.
#[test]
fn every_way_of_asking_for_a_summary_gets_the_factor_counts() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("summary.json");
    let file = file.to_str().unwrap();
    let input = fixture("mixed.jsonl");
    let present = |summary: &Value, id: &str| {
        summary["factors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == id)
            .map(|f| (f["present"].as_u64(), f["not_assessed"].as_u64()))
    };
    for threads in ["1", "3"] {
        let ways: [&[&str]; 3] = [
            &["--summary", "--summary-format", "json"],
            &["--summary-format", "json"],
            &["--summary-file", file, "--summary-format", "json"],
        ];
        for way in ways {
            let _ = std::fs::remove_file(file);
            let out = cp()
                .args(["screen", "-f", "jsonl", "-j", threads])
                .args(way)
                .arg(&input)
                .run();
            assert_eq!(out.code, 1, "{way:?}");
            let text = if way.contains(&"--summary-file") {
                std::fs::read_to_string(file).unwrap()
            } else {
                out.stderr.clone()
            };
            let summary: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(summary["screened"], 3, "{way:?}");
            // As `the_summary_counts_what_was_read` counts them by hand.
            assert_eq!(
                present(&summary, "preterm_under_32_weeks"),
                Some((Some(1), Some(1))),
                "{way:?} -j {threads}"
            );
            assert_eq!(
                present(&summary, "family_history"),
                Some((Some(1), Some(2))),
                "{way:?} -j {threads}"
            );
        }
    }
}

#[test]
fn the_summary_is_written_even_when_the_input_breaks() {
    cp().args([
        "screen",
        "-f",
        "jsonl",
        "--summary",
        &fixture("truncated.json"),
    ])
    .assert()
    .code(2)
    // The cut element is a record of its own (its string breaks at the line's end).
    .stderr(predicate::str::contains(
        "Summary: 3 records read, 2 screened, 1 invalid",
    ))
    .stderr(predicate::str::contains("ends inside the array"));
}

#[test]
fn quiet_and_piped_runs_print_nothing_but_errors_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.jsonl");
    // Larger than the progress bar's threshold; stderr is a pipe, so no bar.
    let line = "{\"id\": \"x\", \"birth_asphyxia\": \"yes\", \"note_padding\": \"..........................................................................\"}\n";
    std::fs::write(&path, line.repeat(9 * 1024 * 1024 / line.len())).unwrap();
    let out = cp()
        .args([
            "screen",
            "-q",
            "-f",
            "jsonl",
            "--allow-extra-fields",
            path.to_str().unwrap(),
        ])
        .run();
    assert_eq!(out.code, 0);
    assert_eq!(out.stderr, "");
    cp().args(["screen", "-q", &fixture("mixed.jsonl")])
        .assert()
        .code(1)
        .stderr("");
}

#[test]
fn from_a_slow_pipe_full_batches_are_written_before_the_input_ends() {
    // 3,000 records (about 300 KiB) on standard input, which then stays open: once the
    // first 256 KiB are read to recognise the input, every full batch (256 records) is
    // screened and written while the run waits for the rest, whichever thread screened
    // it (the calling thread, which writes, never waits for input here).
    use std::io::{BufRead, BufReader, Write};
    let record = |i: usize| {
        format!(
            "{{\"id\": \"r{i:05}\", \"birth_asphyxia\": \"yes\", \"note\": \"{}\"}}",
            "n".repeat(40)
        )
    };
    for threads in ["1", "2", "3"] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("cp-screen"))
            .args([
                "screen",
                "-q",
                "-f",
                "csv",
                "--allow-extra-fields",
                "-j",
                threads,
                "-",
            ])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (lines_tx, lines_rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                if lines_tx.send(line.unwrap()).is_err() {
                    break;
                }
            }
        });
        for i in 0..3000 {
            writeln!(stdin, "{}", record(i)).unwrap();
        }
        stdin.flush().unwrap();
        // The table's header, then 11 full batches.
        for i in 0..=11 * 256 {
            let line = lines_rx
                .recv_timeout(std::time::Duration::from_secs(60))
                .unwrap_or_else(|_| panic!("-j {threads}: line {i} while the input is open"));
            if i > 0 {
                assert!(line.contains(&format!("r{:05}", i - 1)), "{line}");
            }
        }
        drop(stdin);
        let rest: Vec<String> = lines_rx.iter().collect();
        assert_eq!(rest.len(), 3000 - 11 * 256, "-j {threads}");
        assert!(rest.last().unwrap().contains("r02999"), "{:?}", rest.last());
        assert!(child.wait().unwrap().success());
    }
}
