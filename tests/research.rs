//! Research data as it really is (issue #26): each way a real dataset lost records, or was
//! silently mis-read, through the column mapping, is a test here; and the REDCap data
//! dictionary is checked against REDCap's own column rules, for both rule sets.

use crate::util;

use serde_json::Value;
use util::{cp, fixture};

/// The results of `args` as JSON Lines, with the exit code.
fn jsonl(args: &[&str], stdin: &str) -> (Vec<Value>, i32, String) {
    let run = cp().args(args).stdin(stdin).run();
    (run.jsonl(), run.code, run.stderr)
}

/// The status of factor `id` in a JSON result.
fn status(result: &Value, id: &str) -> &'static str {
    for key in ["not_assessed", "absent", "not_applicable"] {
        if result[key]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f.as_str() == Some(id))
        {
            return match key {
                "not_assessed" => "not_assessed",
                "absent" => "absent",
                _ => "not_applicable",
            };
        }
    }
    if result["present"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["id"] == id)
    {
        return "present";
    }
    "missing"
}

/// A CSV table as its header and rows.
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn read(text: &str) -> Table {
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header = reader.headers().unwrap().iter().map(String::from).collect();
        let rows = reader
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
        Table { header, rows }
    }

    /// The cell of row `row` (from 0) in column `name`.
    fn cell(&self, row: usize, name: &str) -> &str {
        let at = self.header.iter().position(|h| h == name).unwrap();
        &self.rows[row][at]
    }
}

fn codes(result: &Value) -> Vec<&str> {
    result["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect()
}

// ---- 1. a mistyped mapped column is an error, before any output -------------------------

#[test]
fn a_mistyped_map_column_exits_2_naming_it_and_the_nearest_real_ones() {
    let csv = "study,wekks,bwt\n1,30,1850\n2,39,3400\n";
    for extra in [&["--allow-extra-fields"][..], &[]] {
        let run = cp()
            .args(["screen", "--input-format", "csv", "-f", "csv"])
            .args(extra)
            .args(["--map", "weeks=gestational_age_weeks"])
            .stdin(csv)
            .run();
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert_eq!(run.stdout, "", "no output at all, not even a header");
        if extra.is_empty() {
            // Without --allow-extra-fields the header's first stray column is refused.
            assert!(run.stderr.contains("\"study\""), "{}", run.stderr);
            continue;
        }
        assert!(run.stderr.contains("\"weeks\""), "{}", run.stderr);
        assert!(
            run.stderr.contains("is in no input's header"),
            "{}",
            run.stderr
        );
        // The nearest real columns, closest first.
        assert!(
            run.stderr.contains("the nearest columns are \"wekks\", "),
            "{}",
            run.stderr
        );
    }
    // The same through a mapping file, and with a second input that has the column: a
    // column in some input's header is fine.
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("m.json");
    std::fs::write(&map, r#"{"columns": {"weeks": "gestational_age_weeks"}}"#).unwrap();
    let a = dir.path().join("a.csv");
    std::fs::write(&a, "id,wekks\n1,30\n").unwrap();
    let run = cp()
        .args(["screen", "--allow-extra-fields", "--mapping"])
        .arg(&map)
        .arg(&a)
        .run();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("\"weeks\""));
    let b = dir.path().join("b.csv");
    std::fs::write(&b, "id,weeks\n2,30\n").unwrap();
    let run = cp()
        .args(["screen", "-f", "jsonl", "--allow-extra-fields", "--mapping"])
        .arg(&map)
        .arg(&a)
        .arg(&b)
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.jsonl().len(), 2);
}

#[test]
fn a_mapped_key_that_no_json_record_has_exits_2_after_the_results() {
    // JSON has no header: the check is known only at the end of the run.
    let args = [
        "screen",
        "-f",
        "jsonl",
        "--allow-extra-fields",
        "--map",
        "weeks=gestational_age_weeks",
    ];
    let run = cp()
        .args(args)
        .stdin("{\"wekks\": 30}\n{\"wekks\": 31}\n")
        .run();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(run.jsonl().len(), 2, "every record still has its result");
    assert!(
        run.stderr
            .contains("the mapping names the key \"weeks\", which no record has"),
        "{}",
        run.stderr
    );
    // One record with the key is enough.
    let run = cp()
        .args(args)
        .stdin("{\"wekks\": 30}\n{\"weeks\": 31}\n")
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_header_error_leaves_no_header_only_table() {
    // Before: `> results.csv` kept the table's header row over a refused input.
    let run = cp()
        .args(["screen", "-f", "csv", &fixture("bad-header.csv")])
        .run();
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("gestation_weeks"), "{}", run.stderr);
    // A second input with a bad header stops the run before the first is written.
    let run = cp()
        .args(["screen", "-f", "csv", &fixture("cohort.csv")])
        .arg(fixture("bad-header.csv"))
        .run();
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
}

// ---- 2. missing codes by value, and per question ------------------------------------------

#[test]
fn na_999_matches_999_0_and_999_00_as_pandas_writes_them() {
    let csv = "id,gestational_age_weeks,birth_weight_grams\na,999,1850\nb,999.0,1850\nc,999.00,1850\nd,-99.0,999\n";
    let (results, code, stderr) = jsonl(
        &[
            "screen",
            "--input-format",
            "csv",
            "-f",
            "jsonl",
            "--na",
            "999",
            "--na",
            "-99",
        ],
        csv,
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(results.len(), 4);
    for r in &results[..3] {
        assert_eq!(r["status"], "screened", "{r}");
        assert_eq!(status(r, "preterm_under_32_weeks"), "not_assessed");
        assert_eq!(status(r, "birth_weight_under_2000_g"), "present");
    }
    assert_eq!(
        status(&results[3], "birth_weight_under_2000_g"),
        "not_assessed"
    );
    // In JSON too: the number 999.0 is the code 999.
    let (results, code, _) = jsonl(
        &["screen", "-f", "jsonl", "--na", "999"],
        r#"{"gestational_age_weeks": 999.0}"#,
    );
    assert_eq!(code, 0);
    assert_eq!(
        status(&results[0], "preterm_under_32_weeks"),
        "not_assessed"
    );
}

#[test]
fn a_missing_code_can_belong_to_one_question() {
    // 99 is "unknown" for the weeks only; a birth weight of 99 g stays an error.
    let csv = "gestational_age_weeks,birth_weight_grams\n99,99\n";
    let (results, code, _) = jsonl(
        &[
            "screen",
            "--input-format",
            "csv",
            "-f",
            "jsonl",
            "--na",
            "gestational_age_weeks:99",
        ],
        csv,
    );
    assert_eq!(code, 1);
    assert_eq!(results[0]["status"], "invalid");
    let errors = results[0]["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["field"], "birth_weight_grams");
    assert_eq!(errors[0]["code"], "out_of_range");
}

// ---- 3. one bad field no longer costs the whole record ------------------------------------

#[test]
fn a_46_week_pregnancy_no_longer_hides_a_valid_birth_weight() {
    let csv = "id,gestational_age_weeks,birth_weight_grams\nx,46,1850\n";
    let args = ["screen", "--input-format", "csv", "-f", "jsonl"];
    // The default stays strict: the whole record is invalid.
    let (strict, code, _) = jsonl(&args, csv);
    assert_eq!(code, 1);
    assert_eq!(strict[0]["status"], "invalid");
    assert_eq!(status(&strict[0], "birth_weight_under_2000_g"), "missing");
    // Per field: the weight is screened, the weeks' factor is not assessed, and the error
    // is still there with its code.
    let mut per_field = args.to_vec();
    per_field.extend(["--field-errors", "not-assessed"]);
    let (results, code, stderr) = jsonl(&per_field, csv);
    assert_eq!(code, 0, "{stderr}");
    let r = &results[0];
    assert_eq!(r["status"], "screened");
    assert_eq!(status(r, "birth_weight_under_2000_g"), "present");
    assert_eq!(status(r, "preterm_under_32_weeks"), "not_assessed");
    assert_eq!(codes(r), ["out_of_range"]);
    assert_eq!(r["errors"][0]["field"], "gestational_age_weeks");

    // The CSV error columns and the summary count it.
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("s.json");
    let run = cp()
        .args(["screen", "--input-format", "csv", "-f", "csv"])
        .args(["--field-errors", "not-assessed", "--summary-format", "json"])
        .arg("--summary-file")
        .arg(&summary)
        .stdin(csv)
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let table = Table::read(&run.stdout);
    let cell = |name: &str| table.cell(0, name);
    assert_eq!(cell("status"), "screened");
    assert_eq!(cell("birth_weight_under_2000_g"), "present");
    assert_eq!(cell("preterm_under_32_weeks"), "not_assessed");
    assert_eq!(cell("gestational_age_weeks"), "");
    assert_eq!(cell("errors"), "1");
    assert_eq!(cell("error_field"), "gestational_age_weeks");
    assert_eq!(cell("error_code"), "out_of_range");
    let s: Value = serde_json::from_slice(&std::fs::read(&summary).unwrap()).unwrap();
    assert_eq!(s["screened"], 1);
    assert_eq!(s["invalid"], 0);
    assert_eq!(s["field_errors"]["records"], 1);
    assert_eq!(s["field_errors"]["codes"]["out_of_range"], 1);
}

#[test]
fn a_whole_record_error_stays_invalid_whatever_field_errors_says() {
    // An unknown field is not an answer that failed its check.
    let (results, code, _) = jsonl(
        &["screen", "-f", "jsonl", "--field-errors", "not-assessed"],
        r#"{"gestational_age_weeks": 46, "nope": 1}"#,
    );
    assert_eq!(code, 1);
    assert_eq!(results[0]["status"], "invalid");
}

/// The same per-field error on a page (`--format html`), in each language: said before the
/// findings with its field, and not said at all for a record without one.
#[test]
fn a_page_says_which_answers_were_read_as_unknown_in_every_language() {
    let csv = "id,gestational_age_weeks,birth_weight_grams\nx,46,1850\ny,39,3400\n";
    // A phrase of each catalog's read-as-unknown message, and its "Risk factors present".
    for (lang, said, findings) in [
        ("en", "were read as unknown", "Risk factors present"),
        ("zh-Hans", "已按“不清楚”处理", "存在的危险因素"),
        ("zh-Hant", "已按「不清楚」處理", "存在的危險因素"),
    ] {
        let run = cp()
            .args([
                "--lang",
                lang,
                "screen",
                "--input-format",
                "csv",
                "-f",
                "html",
            ])
            .args(["--field-errors", "not-assessed"])
            .stdin(csv)
            .run();
        assert_eq!(run.code, 0, "{lang}: {}", run.stderr);
        let page = &run.stdout;
        // Two records: only the first has the paragraph, before its own findings.
        assert_eq!(page.matches(said).count(), 1, "{lang}: {page}");
        let at = page.find(said).unwrap();
        let first_findings = page.find(findings).expect(findings);
        assert!(at < first_findings, "{lang}: said before the findings");
        let field = page.find("<code>gestational_age_weeks</code>: ").unwrap();
        assert!(at < field && field < first_findings, "{lang}");
        // The error's own sentence, in the page's language: it names the 46 weeks.
        assert!(page[field..first_findings].contains("46"), "{lang}");
        // The record is screened: its weight's factor is found.
        assert_eq!(page.matches(findings).count(), 2, "{lang}");
    }
    // Strict (the default): the record is not screened, and the page says so instead.
    let run = cp()
        .args(["screen", "--input-format", "csv", "-f", "html"])
        .stdin(csv)
        .run();
    assert_eq!(run.code, 1);
    assert!(!run.stdout.contains("were read as unknown"));
    assert!(run.stdout.contains("<code>gestational_age_weeks</code>: "));
}

/// In FHIR, a screened record's per-field errors are an OperationOutcome after its
/// Observations, coded in the errors CodeSystem as an invalid record's are, but as
/// warnings: the record was screened.
#[test]
fn fhir_carries_the_answers_read_as_unknown_as_warnings() {
    let csv = "id,gestational_age_weeks,birth_weight_grams\nx,46,1850\ny,39,3400\n";
    let bundles = |extra: &[&str]| -> Vec<Value> {
        let run = cp()
            .args(["screen", "--input-format", "csv", "-f", "fhir"])
            .args(extra)
            .stdin(csv)
            .run();
        assert!(run.code <= 1, "{}", run.stderr);
        run.jsonl()
    };
    let resources = |bundle: &Value| -> Vec<String> {
        bundle["entry"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["resource"]["resourceType"].as_str().unwrap().to_string())
            .collect()
    };
    let strict = bundles(&[]);
    let invalid = &strict[0]["entry"][0]["resource"];
    assert_eq!(invalid["issue"][0]["severity"], "error");
    for shape in ["full", "compact"] {
        let out = bundles(&["--field-errors", "not-assessed", "--fhir", shape]);
        let kinds = resources(&out[0]);
        assert_eq!(kinds[0], "RiskAssessment", "{shape}");
        assert_eq!(kinds.last().unwrap(), "OperationOutcome", "{shape}");
        assert_eq!(
            kinds.iter().filter(|k| *k == "OperationOutcome").count(),
            1,
            "{shape}"
        );
        // The record without an error has none.
        assert!(!resources(&out[1]).contains(&"OperationOutcome".to_string()));
        let entries = out[0]["entry"].as_array().unwrap();
        let outcome = &entries.last().unwrap()["resource"];
        let issue = &outcome["issue"][0];
        assert_eq!(outcome["issue"].as_array().unwrap().len(), 1);
        assert_eq!(issue["severity"], "warning");
        assert_eq!(issue["code"], "value");
        // The same coding as the invalid record's: system and code.
        assert_eq!(
            issue["details"]["coding"],
            invalid["issue"][0]["details"]["coding"]
        );
        assert_eq!(issue["details"]["coding"][0]["code"], "out_of_range");
        assert!(
            issue["diagnostics"]
                .as_str()
                .unwrap()
                .contains("gestational_age_weeks")
        );
        // Every entry has its own fullUrl.
        let mut urls: Vec<&str> = entries
            .iter()
            .map(|e| e["fullUrl"].as_str().unwrap())
            .collect();
        urls.sort();
        urls.dedup();
        assert_eq!(urls.len(), entries.len(), "{shape}");
    }
}

// ---- 4. numbers as spreadsheets write them -------------------------------------------------

#[test]
fn csv_cells_in_e_notation_and_with_a_trailing_point_read_as_json_numbers() {
    let csv = "id,gestational_age_weeks,birth_weight_grams\na,3.15e1,1850.\nb,3.9E1,3.4e3\n";
    let (from_csv, code, stderr) = jsonl(&["screen", "--input-format", "csv", "-f", "jsonl"], csv);
    assert_eq!(code, 0, "{stderr}");
    let json = "{\"id\":\"a\",\"gestational_age_weeks\":3.15e1,\"birth_weight_grams\":1850}\n\
                {\"id\":\"b\",\"gestational_age_weeks\":3.9E1,\"birth_weight_grams\":3.4e3}\n";
    let (from_json, code, _) = jsonl(&["screen", "-f", "jsonl"], json);
    assert_eq!(code, 0);
    for (c, j) in from_csv.iter().zip(&from_json) {
        let strip = |v: &Value| {
            let mut v = v.clone();
            v.as_object_mut().unwrap().remove("line");
            v
        };
        assert_eq!(strip(c), strip(j));
    }
    assert_eq!(status(&from_csv[0], "preterm_under_32_weeks"), "present");
    assert_eq!(status(&from_csv[1], "birth_weight_under_2000_g"), "absent");
    // An id is kept as written.
    let (r, _, _) = jsonl(
        &["screen", "--input-format", "csv", "-f", "jsonl"],
        "id,birth_weight_grams\n1e2,1850\n",
    );
    assert_eq!(r[0]["id"], "1e2");
}

#[test]
fn a_decimal_comma_can_be_allowed_for_semicolon_files() {
    let csv = "id;gestational_age_weeks;birth_weight_grams\na;31,5;1,85 kg\nb;39;4 lb, 1 oz\n";
    let base = ["screen", "--input-format", "csv", "-f", "jsonl"];
    let (without, code, _) = jsonl(&base, csv);
    assert_eq!(code, 1);
    assert_eq!(without[0]["status"], "invalid");
    let mut args = base.to_vec();
    args.push("--decimal-comma");
    let (with, _, _) = jsonl(&args, csv);
    assert_eq!(with[0]["status"], "screened", "{}", with[0]);
    assert_eq!(status(&with[0], "preterm_under_32_weeks"), "present");
    assert_eq!(status(&with[0], "birth_weight_under_2000_g"), "present");
    // A comma that is not between two digits keeps its meaning (4 lb, 1 oz is 1843 g).
    assert_eq!(with[1]["status"], "screened", "{}", with[1]);
    assert_eq!(status(&with[1], "birth_weight_under_2000_g"), "present");
    assert_eq!(status(&with[1], "preterm_under_32_weeks"), "absent");
}

// ---- 5. codes that replace the built-in ones; one question from two columns --------------

#[test]
fn codes_replace_the_built_in_answers_of_their_question() {
    // birth_asphyxia coded 1 = no, 2 = yes: a 0 is no longer read as "no".
    let csv = "id,birth_asphyxia\na,1\nb,2\nc,0\nd,yes\ne,NA\nf,1.0\n";
    let (r, code, _) = jsonl(
        &[
            "screen",
            "--input-format",
            "csv",
            "-f",
            "jsonl",
            "--codes",
            "birth_asphyxia:1=no,2=yes",
        ],
        csv,
    );
    assert_eq!(code, 1);
    assert_eq!(status(&r[0], "birth_asphyxia"), "absent");
    assert_eq!(status(&r[1], "birth_asphyxia"), "present");
    for stray in [&r[2], &r[3]] {
        assert_eq!(stray["status"], "invalid");
        assert_eq!(codes(stray), ["not_a_code"]);
        assert!(
            stray["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("1, 2"),
            "{stray}"
        );
    }
    assert_eq!(status(&r[4], "birth_asphyxia"), "not_assessed");
    assert_eq!(status(&r[5], "birth_asphyxia"), "absent");
}

#[test]
fn one_question_from_two_columns_weeks_and_days_pounds_and_ounces() {
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("m.json");
    std::fs::write(
        &map,
        r#"{"combine": {"gestational_age_weeks": {"ga_d": "d", "ga_w": "w"},
                        "birth_weight_grams": {"lb": "lb", "oz": "oz"}}}"#,
    )
    .unwrap();
    let csv = "id,ga_w,ga_d,lb,oz\na,31,6,4,6\nb,32,0,4,7\nc,31,,4,6\nd,,,,\ne,31,7,4,6\n";
    let run = cp()
        .args(["screen", "--input-format", "csv", "-f", "csv", "--mapping"])
        .arg(&map)
        .stdin(csv)
        .run();
    let table = Table::read(&run.stdout);
    let rows = &table.rows;
    let cell = |row: usize, name: &str| table.cell(row, name);
    // 31+6 weeks and 4 lb 6 oz (1984.5 g): both under the cut-offs.
    assert_eq!(cell(0, "preterm_under_32_weeks"), "present");
    assert_eq!(
        cell(0, "gestational_age_weeks").parse::<f64>().unwrap(),
        31.0 + 6.0 / 7.0
    );
    assert_eq!(cell(0, "birth_weight_under_2000_g"), "present");
    let grams: f64 = cell(0, "birth_weight_grams").parse().unwrap();
    assert!(
        (grams - (4.0 * 453.59237 + 6.0 * 28.349523125)).abs() < 1e-6,
        "{grams}"
    );
    // 32+0 weeks and 4 lb 7 oz (2012.8 g): neither.
    assert_eq!(cell(1, "preterm_under_32_weeks"), "absent");
    assert_eq!(cell(1, "birth_weight_under_2000_g"), "absent");
    // Days left blank: the weeks alone are not the answer; unknown, never a guess.
    assert_eq!(cell(2, "preterm_under_32_weeks"), "not_assessed");
    assert_eq!(cell(2, "birth_weight_under_2000_g"), "present");
    // Every part blank: unanswered.
    assert_eq!(cell(3, "status"), "screened");
    assert_eq!(cell(3, "preterm_under_32_weeks"), "not_assessed");
    assert_eq!(cell(3, "birth_weight_under_2000_g"), "not_assessed");
    // Seven days is the notation's own error, named by the question.
    assert_eq!(cell(4, "status"), "invalid");
    assert_eq!(cell(4, "error_field"), "gestational_age_weeks");
    assert_eq!(cell(4, "error_code"), "part_too_large");
    // The message shows the value as the parts were put together.
    assert!(
        cell(4, "error_message").starts_with("\"31 w 7 d\""),
        "{}",
        run.stdout
    );
    assert_eq!(rows.len(), 5);
}

// ---- 6. columns carried through -----------------------------------------------------------

#[test]
fn kept_columns_reach_the_table_json_and_codebook() {
    let csv = "id,birth_weight_grams,sex,status\na,1850,F,x\nb,bad,,y\n";
    let args = [
        "screen",
        "--input-format",
        "csv",
        "--allow-extra-fields",
        "--keep",
        "sex",
        "--keep",
        "status",
    ];
    let run = cp().args(args).args(["-f", "csv"]).stdin(csv).run();
    let table = Table::read(&run.stdout);
    let n = table.header.len();
    assert_eq!(table.header[n - 2..], ["sex", "input_status"]);
    assert_eq!(table.rows[0][n - 2..], ["F", "x"]);
    assert_eq!(table.rows[1][n - 2..], ["", "y"]);
    assert_eq!(table.cell(1, "status"), "invalid");
    let (r, _, _) = jsonl(&[&args[..], &["-f", "jsonl"]].concat(), csv);
    assert_eq!(r[0]["kept"], serde_json::json!({"sex": "F", "status": "x"}));
    assert_eq!(r[1]["kept"], serde_json::json!({"sex": "", "status": "y"}));
    // JSON records carry keys through the same way.
    let (r, code, _) = jsonl(
        &["screen", "-f", "jsonl", "--keep", "sex"],
        r#"{"birth_weight_grams": 1850, "sex": "M"}"#,
    );
    assert_eq!(code, 0);
    assert_eq!(r[0]["kept"]["sex"], "M");
    let book = cp().args(["codebook", "--keep", "sex"]).run().json();
    let last = book["fields"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["name"], "sex");
    assert_eq!(last["cp_screen"]["kind"], "kept");
}

// ---- 8. the summary against an outcome ----------------------------------------------------

#[test]
fn the_research_fixture_summary_by_outcome_matches_the_hand_count() {
    let run = cp()
        .args([
            "screen",
            "-f",
            "jsonl",
            "--allow-extra-fields",
            "--field-errors",
            "not-assessed",
            "--summary-by",
            "cp_dx",
            "--summary-format",
            "json",
            "--mapping",
            &fixture("research/mapping.json"),
            &fixture("research/cohort.csv"),
        ])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let results = run.jsonl();
    assert_eq!(results.len(), 6);
    let summary: Value = serde_json::from_str(run.stderr.lines().next().unwrap()).unwrap();
    assert_eq!(summary["by"]["column"], "cp_dx");
    let group = |value: &str, factor: &str| {
        let g = summary["by"]["groups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["value"] == value)
            .unwrap();
        let f = g["factors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == factor)
            .unwrap();
        [&f["present"], &f["absent"], &f["not_assessed"]].map(|v| v.as_u64().unwrap())
    };
    // By hand from cohort.csv: R-01, R-04, R-06 have cp_dx = yes.
    // R-01 30+4 wk, 4 lb 1 oz, asphyxia 1; R-04 46 wk (not assessed), 4 lb 2 oz, 2;
    // R-06 29+6, 3 lb 0 oz, 1.
    assert_eq!(group("yes", "preterm_under_32_weeks"), [2, 0, 1]);
    assert_eq!(group("yes", "birth_weight_under_2000_g"), [3, 0, 0]);
    assert_eq!(group("yes", "birth_asphyxia"), [2, 1, 0]);
    // R-02 39+0, 7 lb 8 oz, 2; R-03 999.0 wk, 6 lb 2 oz, 2; R-05 33+2, 999.0 lb, 9.
    assert_eq!(group("no", "preterm_under_32_weeks"), [0, 2, 1]);
    assert_eq!(group("no", "birth_weight_under_2000_g"), [0, 2, 1]);
    assert_eq!(group("no", "birth_asphyxia"), [0, 2, 1]);
    assert_eq!(summary["field_errors"]["codes"]["out_of_range"], 1);
    assert_eq!(results[3]["kept"]["sex"], "F");
    assert_eq!(results[3]["kept"]["cp_dx"], "yes");
}

// ---- 7. REDCap ----------------------------------------------------------------------------

/// REDCap's column rules for a data dictionary, from its documentation: the 18 columns in
/// order; the first field the record id; field (variable) names of lower-case letters,
/// digits and underscores starting with a letter, unique, at most 100 characters; form
/// names alike; a known field type; radio choices `code, label | code, label` with unique
/// codes; validation `number` / `integer` with numeric min <= max only on text fields;
/// branching logic `[field] op value` joined by `and` / `or`, naming an earlier field and
/// one of its codes in quotes, or a number.
fn check_redcap_dictionary(text: &str) {
    const COLUMNS: [&str; 18] = [
        "Variable / Field Name",
        "Form Name",
        "Section Header",
        "Field Type",
        "Field Label",
        "Choices, Calculations, OR Slider Labels",
        "Field Note",
        "Text Validation Type OR Show Slider Number",
        "Text Validation Min",
        "Text Validation Max",
        "Identifier?",
        "Branching Logic (Show field only if...)",
        "Required Field?",
        "Custom Alignment",
        "Question Number (surveys only)",
        "Matrix Group Name",
        "Matrix Ranking?",
        "Field Annotation",
    ];
    const TYPES: [&str; 12] = [
        "text",
        "notes",
        "dropdown",
        "radio",
        "checkbox",
        "yesno",
        "truefalse",
        "calc",
        "file",
        "slider",
        "descriptive",
        "sql",
    ];
    let name_ok = |n: &str| {
        !n.is_empty()
            && n.len() <= 100
            && n.starts_with(|c: char| c.is_ascii_lowercase())
            && n.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    };
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<&str> = reader
        .headers()
        .unwrap()
        .iter()
        .collect::<Vec<_>>()
        .to_vec();
    assert_eq!(header, COLUMNS);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(rows.len() > 2);
    assert_eq!(&rows[0][3], "text", "the record id is a text field");
    let mut fields: Vec<(String, Vec<String>)> = Vec::new();
    for row in &rows {
        assert_eq!(row.len(), 18);
        let (name, form, kind) = (&row[0], &row[1], &row[3]);
        assert!(name_ok(name), "field name {name:?}");
        assert!(name_ok(form), "form name {form:?}");
        assert!(TYPES.contains(&kind), "field type {kind:?}");
        assert!(!row[4].is_empty(), "{name}: a label");
        assert!(
            fields.iter().all(|(f, _)| f != name),
            "{name} is given twice"
        );
        let mut field_codes = Vec::new();
        if matches!(kind, "radio" | "dropdown" | "checkbox") {
            for choice in row[5].split(" | ") {
                let (code, label) = choice.split_once(", ").expect("code, label");
                assert!(
                    !code.is_empty() && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
                    "{name}: code {code:?}"
                );
                assert!(!label.trim().is_empty());
                assert!(
                    !field_codes.contains(&code.to_string()),
                    "{name}: {code} twice"
                );
                field_codes.push(code.to_string());
            }
        } else {
            assert_eq!(&row[5], "", "{name}: choices only for choice fields");
        }
        let validation = &row[7];
        if !validation.is_empty() {
            assert_eq!(kind, "text", "{name}: validation only on text fields");
            assert!(["number", "integer"].contains(&validation), "{validation}");
            let min: f64 = row[8].parse().expect("numeric min");
            let max: f64 = row[9].parse().expect("numeric max");
            assert!(min <= max);
        } else {
            assert_eq!(
                (&row[8], &row[9]),
                ("", ""),
                "{name}: min/max need validation"
            );
        }
        let logic = &row[11];
        if !logic.is_empty() {
            let flat = logic.replace(['(', ')'], " ");
            assert_eq!(logic.matches('(').count(), logic.matches(')').count());
            for term in flat.split(" and ").flat_map(|t| t.split(" or ")) {
                let term = term.trim();
                let (field, rest) = term
                    .strip_prefix('[')
                    .and_then(|t| t.split_once("] "))
                    .unwrap_or_else(|| panic!("{name}: {term:?}"));
                let (op, value) = rest.split_once(' ').unwrap();
                assert!(["=", "<>", "<", "<=", ">", ">="].contains(&op), "{op}");
                let earlier = fields
                    .iter()
                    .find(|(f, _)| f == field)
                    .unwrap_or_else(|| panic!("{name}: {field} is not an earlier field"));
                match value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) {
                    Some(code) => assert!(earlier.1.contains(&code.to_string()), "{code}"),
                    None => {
                        value.parse::<f64>().expect("a number or a quoted code");
                    }
                }
            }
        }
        fields.push((name.to_string(), field_codes));
    }
}

#[test]
fn the_redcap_dictionaries_of_both_rule_sets_follow_redcaps_column_rules() {
    for (set, lang) in [
        ("cerebral-palsy", "en"),
        ("evidence", "en"),
        ("cerebral-palsy", "zh-Hans"),
        ("evidence", "zh-Hans"),
    ] {
        let run = cp()
            .args(["--rule-set", set, "--lang", lang, "export", "redcap"])
            .run();
        assert_eq!(run.code, 0, "{}", run.stderr);
        check_redcap_dictionary(&run.stdout);
    }
    // The evidence set's conditional question is branching logic on its gate.
    let dict = cp()
        .args(["--rule-set", "evidence", "export", "redcap"])
        .run()
        .stdout;
    assert!(dict.contains("[multiple_birth] = '1'"), "{dict}");
}

#[test]
fn the_checker_refuses_what_redcap_refuses() {
    let good = cp().args(["export", "redcap"]).run().stdout;
    for (from, to) in [
        ("maternal_infection,", "Maternal_Infection,"),
        ("\"1, Yes | 0, No", "\"1 Yes | 0, No"),
        (",number,", ",decimal,"),
        (",radio,", ",button,"),
    ] {
        let bad = good.replacen(from, to, 1);
        assert_ne!(bad, good, "{from}");
        let refused = std::panic::catch_unwind(|| check_redcap_dictionary(&bad)).is_err();
        assert!(refused, "the checker took {to:?}");
    }
}

/// A REDCap export of the instrument: raw (field names, codes) or labels (the dictionary's
/// labels as the header, choice labels as values), for the records of `values`.
fn redcap_export(labels: bool, rows: &[(&str, &[(&str, &str)])]) -> String {
    let dict = cp().args(["export", "redcap"]).run().stdout;
    let mut reader = csv::Reader::from_reader(dict.as_bytes());
    let fields: Vec<(String, String, String)> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[4].to_string(), r[5].to_string())
        })
        .collect();
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = fields
        .iter()
        .map(|(n, l, _)| if labels { l.clone() } else { n.clone() })
        .collect();
    header.push(if labels {
        "Complete?".into()
    } else {
        "cerebral_palsy_complete".into()
    });
    out.write_record(&header).unwrap();
    for (id, answers) in rows {
        let mut row: Vec<String> = fields
            .iter()
            .map(|(name, _, choices)| {
                if name == "record_id" {
                    return id.to_string();
                }
                let Some((_, code)) = answers.iter().find(|(q, _)| q == name) else {
                    return String::new();
                };
                if !labels || choices.is_empty() {
                    return code.to_string();
                }
                choices
                    .split(" | ")
                    .find_map(|c| c.strip_prefix(&format!("{code}, ")))
                    .unwrap()
                    .to_string()
            })
            .collect();
        row.push(if labels {
            "Complete".into()
        } else {
            "2".into()
        });
        out.write_record(&row).unwrap();
    }
    String::from_utf8(out.into_inner().unwrap()).unwrap()
}

#[test]
fn a_redcap_export_of_the_instrument_screens_with_no_options() {
    let rows: [(&str, &[(&str, &str)]); 3] = [
        (
            "1",
            &[
                ("gestational_age_weeks", "30.5"),
                ("birth_weight_grams", "1850"),
                ("birth_asphyxia", "1"),
                ("maternal_infection", "0"),
            ],
        ),
        (
            "2",
            &[
                ("gestational_age_weeks", "39"),
                ("birth_asphyxia", "9"),
                ("family_epilepsy", "1"),
            ],
        ),
        ("3", &[("short_umbilical_cord", "0")]),
    ];
    let json = r#"{"id": "1", "gestational_age_weeks": 30.5, "birth_weight_grams": 1850, "birth_asphyxia": "yes", "maternal_infection": "no"}
{"id": "2", "gestational_age_weeks": 39, "birth_asphyxia": "unknown", "family_epilepsy": "yes"}
{"id": "3", "short_umbilical_cord": "no"}
"#;
    let (expected, code, _) = jsonl(&["screen", "-f", "jsonl"], json);
    assert_eq!(code, 0);
    let dir = tempfile::tempdir().unwrap();
    for labels in [false, true] {
        let path = dir.path().join(format!("export-{labels}.csv"));
        std::fs::write(&path, redcap_export(labels, &rows)).unwrap();
        let run = cp().args(["screen", "-f", "jsonl"]).arg(&path).run();
        assert_eq!(run.code, 0, "labels {labels}: {}", run.stderr);
        let got = run.jsonl();
        assert_eq!(got.len(), 3);
        for (g, e) in got.iter().zip(&expected) {
            for key in ["id", "status", "present", "not_assessed", "absent"] {
                assert_eq!(g[key], e[key], "labels {labels}: {key}");
            }
        }
        assert_eq!(status(&got[1], "birth_asphyxia"), "not_assessed");
        assert_eq!(status(&got[0], "maternal_infection"), "absent");
    }
    // With --keep and --summary-by (which map no column) it is still read as REDCap's.
    let raw = "record_id,birth_asphyxia,cp_dx,cerebral_palsy_complete\n1,1,yes,2\n2,9,no,2\n";
    let run = cp()
        .args([
            "screen",
            "--input-format",
            "csv",
            "-f",
            "jsonl",
            "--keep",
            "cp_dx",
        ])
        .args(["--summary-by", "cp_dx", "--summary-format", "json"])
        .stdin(raw)
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let got = run.jsonl();
    assert_eq!(got[0]["id"], "1");
    assert_eq!(status(&got[0], "birth_asphyxia"), "present");
    assert_eq!(status(&got[1], "birth_asphyxia"), "not_assessed");
    assert_eq!(got[1]["kept"]["cp_dx"], "no");
    // A raw export's yes/no answers are REDCap's codes: "yes" is not one of them.
    let raw = "record_id,birth_asphyxia\n1,yes\n";
    let (r, code, _) = jsonl(&["screen", "--input-format", "csv", "-f", "jsonl"], raw);
    assert_eq!(code, 1);
    assert_eq!(codes(&r[0]), ["not_a_code"]);
}

#[test]
fn a_combined_question_needs_two_columns_and_a_text_report_says_what_was_read_as_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("m.json");
    std::fs::write(&map, r#"{"combine": {"birth_weight_grams": {"lb": "lb"}}}"#).unwrap();
    let run = cp()
        .args(["screen", "--input-format", "csv", "--mapping"])
        .arg(&map)
        .stdin("lb\n4\n")
        .run();
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("two or more columns"), "{}", run.stderr);
    // A unit the question does not have is refused as for --unit.
    std::fs::write(
        &map,
        r#"{"combine": {"birth_weight_grams": {"lb": "lb", "oz": "w"}}}"#,
    )
    .unwrap();
    let run = cp()
        .args(["screen", "--mapping"])
        .arg(&map)
        .stdin("{}")
        .run();
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("\"w\" is not a unit of birth_weight_grams"),
        "{}",
        run.stderr
    );

    let run = cp()
        .args([
            "screen",
            "--input-format",
            "csv",
            "--field-errors",
            "not-assessed",
        ])
        .stdin("gestational_age_weeks,birth_weight_grams\n46,1850\n")
        .run();
    assert_eq!(run.code, 0);
    let at = run.stdout.find("were read as unknown").expect(&run.stdout);
    let weight = run.stdout.find("Birth weight under 2000 g").unwrap();
    assert!(at < weight, "the errors come before the findings");
    assert!(
        run.stdout
            .contains("gestational_age_weeks: 46 weeks is outside")
    );
}

#[test]
fn pandas_reads_the_research_table_with_kept_columns_by_the_codebook() {
    let ok = std::process::Command::new("python3")
        .args(["-c", "import pandas"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(std::env::var_os("CI").is_none(), "pandas is not installed");
        eprintln!("SKIPPED: pandas is not installed (python3 -m pip install pandas)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).display().to_string();
    let mapping = [
        "--mapping",
        "tests/fixtures/research/mapping.json",
        "--keep",
        "cp_dx",
    ];
    let screen = |format: &str| {
        cp().arg("screen")
            .args(mapping)
            .args([
                "--allow-extra-fields",
                "--field-errors",
                "not-assessed",
                "-f",
                format,
            ])
            .arg(fixture("research/cohort.csv"))
            .run()
    };
    let (table, jsonl) = (screen("csv"), screen("jsonl"));
    assert_eq!(table.code, 0, "{}", table.stderr);
    let codebook = cp().arg("codebook").args(mapping).run();
    assert_eq!(codebook.code, 0, "{}", codebook.stderr);
    std::fs::write(path("t.csv"), &table.stdout).unwrap();
    std::fs::write(path("r.jsonl"), &jsonl.stdout).unwrap();
    std::fs::write(path("codebook.json"), &codebook.stdout).unwrap();
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/consumers/pandas_reads_table.py"
    );
    let out = std::process::Command::new("python3")
        .args([
            script,
            &path("codebook.json"),
            &path("t.csv"),
            &path("r.jsonl"),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // Both kept columns (the mapping file's sex, --keep cp_dx) were compared.
    let book: Value = serde_json::from_str(&codebook.stdout).unwrap();
    let kept: Vec<&str> = book["fields"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["cp_screen"]["kind"] == "kept")
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(kept, ["sex", "cp_dx"]);
}
