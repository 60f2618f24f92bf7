//! Research tables: `screen --format csv|tsv`, the codebook that describes them, and JSON
//! that is always an array. A real consumer (pandas) reads the table with the codebook's
//! types; in CI (CI=true) pandas must be there, elsewhere the test says it is skipped.

use crate::util;

use std::process::Command;

use util::{cp, fixture};

/// Whether `python3 -c "import pandas"` works; in CI its absence is a failure.
fn pandas_available() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import pandas"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "pandas is not installed: .ci/run installs it (python3 -m pip install pandas)"
        );
        eprintln!("SKIPPED: pandas is not installed (python3 -m pip install pandas)");
    }
    ok
}

/// Screens `input` as CSV (or TSV) and JSON Lines with `args`, writes the codebook, and has
/// pandas read the table with it and compare every value with the JSON results.
fn pandas_agrees(args: &[&str], input: &str, tsv: bool) {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).display().to_string();
    let format = if tsv { "tsv" } else { "csv" };
    let table = cp().args(args).args(["screen", "-f", format, input]).run();
    let jsonl = cp().args(args).args(["screen", "-f", "jsonl", input]).run();
    let codebook = cp().args(args).args(["codebook"]).run();
    assert_eq!(codebook.code, 0);
    std::fs::write(path("t.csv"), &table.stdout).unwrap();
    std::fs::write(path("r.jsonl"), &jsonl.stdout).unwrap();
    std::fs::write(path("codebook.json"), &codebook.stdout).unwrap();
    if !pandas_available() {
        return;
    }
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/consumers/pandas_reads_table.py"
    );
    let mut cmd = Command::new("python3");
    cmd.args([
        script,
        &path("codebook.json"),
        &path("t.csv"),
        &path("r.jsonl"),
    ]);
    if tsv {
        cmd.arg("\t");
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn pandas_reads_the_csv_of_the_examples_cohort_with_the_codebooks_types() {
    pandas_agrees(&[], "examples/cohort.jsonl", false);
    pandas_agrees(&[], &fixture("mixed.jsonl"), false);
    pandas_agrees(&[], &fixture("mixed.jsonl"), true);
    pandas_agrees(&["--rule-set", "evidence"], "examples/2100g.json", false);
}

#[test]
fn the_csv_has_a_row_per_record_and_a_column_per_factor() {
    let out = cp()
        .args(["screen", "-f", "csv", "examples/cohort.jsonl"])
        .run();
    assert_eq!(out.code, 1, "one record of the cohort is invalid");
    let mut reader = csv::Reader::from_reader(out.stdout.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(&header[..5], ["record", "id", "file", "line", "status"]);
    assert!(header.contains(&"preterm_under_32_weeks".to_string()));
    assert!(header.contains(&"gestational_age_weeks".to_string()));
    assert_eq!(
        &header[header.len() - 3..],
        ["rule_set", "rule_set_version", "rules_hash"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    let cell = |row: &csv::StringRecord, name: &str| {
        row[header.iter().position(|h| h == name).unwrap()].to_string()
    };
    // The file is named even for one input; weeks and grams are plain, unrounded numbers.
    assert_eq!(cell(&rows[0], "file"), "examples/cohort.jsonl");
    assert_eq!(cell(&rows[0], "preterm_under_32_weeks"), "present");
    assert_eq!(
        cell(&rows[0], "gestational_age_weeks"),
        "30.571428571428573"
    );
    assert_eq!(cell(&rows[0], "birth_weight_grams"), "1850");
    assert_eq!(cell(&rows[0], "follow_up"), "true");
    assert_eq!(cell(&rows[1], "birth_asphyxia"), "not_assessed");
    assert_eq!(cell(&rows[2], "status"), "invalid");
    assert_eq!(cell(&rows[2], "preterm_under_32_weeks"), "");
    assert_eq!(cell(&rows[2], "error_code"), "out_of_range");
    assert_eq!(cell(&rows[2], "rule_set_version"), "1.3.0");
}

#[test]
fn csv_quotes_what_it_must_and_tsv_uses_tabs() {
    let record = r#"{"id": "a, \"quoted\"\nid", "birth_asphyxia": "yes"}"#;
    let out = cp().args(["screen", "-f", "csv"]).stdin(record).run();
    let mut reader = csv::Reader::from_reader(out.stdout.as_bytes());
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!(&row[1], "a, \"quoted\"\nid");
    assert_eq!(&row[2], "<stdin>");
    let tsv = cp().args(["screen", "-f", "tsv"]).stdin(record).run();
    let header = tsv.stdout.lines().next().unwrap();
    assert!(
        header.starts_with("record\tid\tfile\tline\tstatus\t"),
        "{header}"
    );
}

#[test]
fn the_bom_is_only_there_when_asked_for() {
    let plain = cp().args(["screen", "-f", "csv"]).stdin("{}").run();
    assert!(plain.stdout.starts_with("record,"));
    let bom = cp()
        .args(["screen", "-f", "csv", "--bom"])
        .stdin("{}")
        .run();
    assert!(bom.stdout.starts_with("\u{feff}record,"));
}

#[test]
fn no_records_still_give_the_header() {
    let out = cp().args(["screen", "-f", "csv"]).stdin("[]").run();
    assert_eq!(out.code, 0);
    assert_eq!(out.stdout.lines().count(), 1);
    assert!(out.stdout.starts_with("record,id,"));
}

#[test]
fn json_output_is_always_an_array() {
    for input in [
        r#"{"id": "one"}"#,
        r#"[{"id": "one"}]"#,
        "{\"id\": \"one\"}\n",
    ] {
        let v = cp()
            .args(["screen", "-f", "json"])
            .stdin(input)
            .run()
            .json();
        let array = v.as_array().unwrap_or_else(|| panic!("not an array: {v}"));
        assert_eq!(array.len(), 1);
        assert_eq!(array[0]["id"], "one");
    }
    let v = cp().args(["screen", "-f", "json"]).stdin("[]").run().json();
    assert_eq!(v, serde_json::json!([]));
}

#[test]
fn the_codebook_describes_every_column_with_its_threshold() {
    let codebook = cp().args(["codebook"]).run().json();
    let out = cp().args(["screen", "-f", "csv"]).stdin("{}").run();
    let header: Vec<&str> = out.stdout.lines().next().unwrap().split(',').collect();
    let names: Vec<&str> = codebook["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, header);
    let preterm = codebook["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "preterm_under_32_weeks")
        .unwrap();
    assert_eq!(
        preterm["cp_screen"]["thresholds"],
        serde_json::json!([{"question": "gestational_age_weeks", "comparison": "less_than", "threshold": 32.0, "unit": "weeks"}])
    );
    assert_eq!(preterm["cp_screen"]["follow_up"], true);
    assert_eq!(codebook["cp_screen"]["rules"], "cerebral-palsy@1.3.0");
}

/// The results of `args` as JSON Lines, without where each record stood (`line` differs
/// between CSV and JSON input).
fn results(args: &[&str]) -> Vec<serde_json::Value> {
    cp().args(args)
        .run()
        .jsonl()
        .into_iter()
        .map(|mut r| {
            r.as_object_mut().unwrap().remove("line");
            r
        })
        .collect()
}

#[test]
fn a_european_excel_export_screens_without_errors() {
    // `;` separators, CRLF line ends, a byte-order mark, a header in another case with a
    // space, Y / n / 1 / 0, NA, "Don't know", "." and empty trailing columns.
    let out = cp()
        .args(["screen", "-f", "jsonl", &fixture("excel-europe.csv")])
        .run();
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let rows = out.jsonl();
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0]["id"], "r1");
    let present = |r: &serde_json::Value| -> Vec<String> {
        r["present"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        present(&rows[0]),
        [
            "preterm_under_32_weeks",
            "birth_weight_under_2000_g",
            "birth_asphyxia"
        ]
    );
    assert!(
        rows[1]["absent"]
            .as_array()
            .unwrap()
            .contains(&"birth_asphyxia".into())
    );
    assert!(
        rows[1]["not_assessed"]
            .as_array()
            .unwrap()
            .contains(&"preterm_under_32_weeks".into())
    );
    assert_eq!(
        present(&rows[2]),
        ["preterm_under_32_weeks", "birth_asphyxia"]
    );
    assert!(
        rows[3]["not_assessed"]
            .as_array()
            .unwrap()
            .contains(&"birth_asphyxia".into())
    );
    // --delimiter chooses the separator when the header would mislead.
    let forced = cp()
        .args([
            "screen",
            "-f",
            "jsonl",
            "--delimiter",
            ",",
            &fixture("excel-europe.csv"),
        ])
        .run();
    assert_eq!(
        forced.code, 2,
        "one column named with semicolons is not a question"
    );
}

#[test]
fn a_registry_file_screens_through_a_mapping_like_the_same_answer_records() {
    let mapped = results(&[
        "screen",
        "-f",
        "jsonl",
        "--mapping",
        "tests/fixtures/registry/mapping.json",
        "tests/fixtures/registry/cohort.csv",
    ]);
    let direct = results(&[
        "screen",
        "-f",
        "jsonl",
        "tests/fixtures/registry/same-as-records.jsonl",
    ]);
    assert_eq!(mapped.len(), 4);
    assert_eq!(mapped, direct);
    // The same mapping as options.
    let options = results(&[
        "screen",
        "-f",
        "jsonl",
        "--map",
        "study_no=id",
        "--map",
        "WEEKS=gestational_age_weeks",
        "--map",
        "bwt_lb=birth_weight_grams",
        "--map",
        "asphyxia=birth_asphyxia",
        "--codes",
        "birth_asphyxia:1=yes,2=no,9=unknown",
        "--unit",
        "birth_weight_grams=lb",
        "--na",
        "-99",
        "tests/fixtures/registry/cohort.csv",
    ]);
    assert_eq!(options, direct);
    // The mapping is in the summary and the codebook, to trace a result to its column.
    let summary = cp()
        .args([
            "screen",
            "-f",
            "jsonl",
            "--summary-format",
            "json",
            "--mapping",
            "tests/fixtures/registry/mapping.json",
            "tests/fixtures/registry/cohort.csv",
        ])
        .run();
    let summary: serde_json::Value = serde_json::from_str(&summary.stderr).unwrap();
    assert_eq!(
        summary["mapping"]["columns"]["weeks"],
        "gestational_age_weeks"
    );
    let book = cp()
        .args([
            "codebook",
            "--mapping",
            "tests/fixtures/registry/mapping.json",
        ])
        .run()
        .json();
    assert_eq!(
        book["cp_screen"]["mapping"]["units"]["birth_weight_grams"],
        "lb"
    );
}

#[test]
fn a_mapping_that_does_not_fit_the_rules_is_refused_with_its_reason() {
    let refused = |args: &[&str], says: &str| {
        let out = cp()
            .args(["screen", "-f", "jsonl"])
            .args(args)
            .stdin("{}")
            .run();
        assert_eq!(out.code, 2, "{args:?}");
        assert_eq!(out.stdout, "", "nothing is screened with a wrong mapping");
        assert!(out.stderr.contains(says), "{args:?}: {}", out.stderr);
    };
    refused(&["--map", "weeks"], "COLUMN=QUESTION");
    refused(&["--map", "weeks=gestation"], "not a question");
    refused(
        &["--unit", "birth_weight_grams=stone"],
        "its units are kg, lb",
    );
    refused(&["--unit", "birth_asphyxia=kg"], "not a number question");
    refused(&["--codes", "birth_asphyxia:1=maybe"], "not an answer");
}

#[test]
fn spreadsheet_codings_are_answers_and_anything_else_still_an_error() {
    for (written, status) in [
        ("Y", "present"),
        ("y", "present"),
        ("1", "present"),
        ("TRUE", "present"),
        ("N", "absent"),
        ("0", "absent"),
        ("false", "absent"),
        ("NA", "not_assessed"),
        ("N/A", "not_assessed"),
        (".", "not_assessed"),
        ("Don't know", "not_assessed"),
        ("", "not_assessed"),
    ] {
        let r = cp()
            .args(["screen", "-f", "jsonl"])
            .stdin(serde_json::json!({"birth_asphyxia": written}).to_string())
            .run()
            .json();
        let placed = ["absent", "not_assessed"]
            .into_iter()
            .find(|s| r[s].as_array().unwrap().contains(&"birth_asphyxia".into()))
            .unwrap_or("present");
        assert_eq!(placed, status, "{written:?}");
    }
    let out = cp()
        .args(["screen", "-f", "jsonl"])
        .stdin(r#"{"birth_asphyxia": "2"}"#)
        .run();
    assert_eq!(out.code, 1);
    let message = out.json()["errors"][0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(message.contains("Y / N, 1 / 0"), "{message}");
    // A null id is a record without one.
    let r = cp()
        .args(["screen", "-f", "jsonl"])
        .stdin(r#"{"id": null}"#)
        .run()
        .json();
    assert_eq!(r["status"], "screened");
    assert_eq!(r["id"], serde_json::Value::Null);
}

#[test]
fn of_several_files_an_unreadable_one_is_reported_and_the_others_screened() {
    let out = cp()
        .args([
            "screen",
            "-f",
            "jsonl",
            "examples/baby.json",
            "no-such-file.json",
            "examples/cohort.jsonl",
        ])
        .run();
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stdout.lines().count(),
        4,
        "every record of the readable files"
    );
    assert!(
        out.stderr.contains("cannot read no-such-file.json"),
        "{}",
        out.stderr
    );
    // One file that cannot be read is still an error, and so are several.
    assert_eq!(cp().args(["screen", "no-such-file.json"]).run().code, 2);
    assert_eq!(cp().args(["screen", "a.json", "b.json"]).run().code, 2);
}

#[test]
fn csv_on_standard_input_gets_a_hint() {
    let out = cp()
        .args(["screen"])
        .stdin("id,birth_asphyxia\na,yes\n")
        .run();
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("add --input-format csv"),
        "{}",
        out.stderr
    );
    let out = cp()
        .args(["screen", "--input-format", "csv", "-f", "jsonl"])
        .stdin("id,birth_asphyxia\na,yes\n")
        .run();
    assert_eq!(out.code, 0);
}

#[test]
fn an_unclosed_quote_in_a_semicolon_file_swallows_no_row() {
    // The guard that finds unclosed quotes follows the file's own separator.
    let out = cp()
        .args(["screen", "--input-format", "csv", "-f", "jsonl"])
        .stdin("id;birth_asphyxia\na;\"yes\nb;no\nc;yes\n")
        .run();
    let rows = out.jsonl();
    assert_eq!(rows.len(), 3, "{}", out.stdout);
    assert_eq!(rows[0]["errors"][0]["code"], "csv_unclosed_quote");
    assert_eq!(rows[1]["id"], "b");
    assert_eq!(rows[2]["id"], "c");
}

#[test]
fn r_reads_the_csv_with_the_codebooks_classes() {
    let available = Command::new("Rscript")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        assert!(
            std::env::var_os("CI").is_none(),
            "R is not installed: .ci/run installs r-base-core"
        );
        eprintln!("SKIPPED: R is not installed (apt-get install r-base-core)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).display().to_string();
    for input in [fixture("mixed.jsonl"), "examples/cohort.jsonl".to_string()] {
        let table = cp().args(["screen", "-f", "csv", &input]).run();
        let summary = cp()
            .args(["screen", "-f", "jsonl", "--summary-format", "json", &input])
            .run();
        let codebook = cp().args(["codebook"]).run();
        std::fs::write(path("t.csv"), &table.stdout).unwrap();
        std::fs::write(path("summary.json"), &summary.stderr).unwrap();
        std::fs::write(path("codebook.json"), &codebook.stdout).unwrap();
        let script = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/consumers/r_reads_table.R"
        );
        let out = Command::new("Rscript")
            .args([
                script,
                &path("codebook.json"),
                &path("t.csv"),
                &path("summary.json"),
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{input}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
