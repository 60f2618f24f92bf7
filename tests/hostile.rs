//! A corpus of hostile and broken inputs and rule files, run end to end. Each case states
//! the exit code and the key words of its message; every case also checks that the tool
//! neither panicked nor wrote a terminal escape sequence taken from the input.

use crate::util;

use std::path::Path;

struct Case {
    name: &'static str,
    /// Arguments after `cp-screen`; `{file}` is replaced by the path of `file`.
    args: Vec<&'static str>,
    stdin: Vec<u8>,
    /// Written to a scratch file whose path replaces `{file}`.
    file: Option<Vec<u8>>,
    /// The file's name (its extension picks CSV).
    file_name: &'static str,
    exit: i32,
    /// Words that must appear in stdout + stderr.
    says: Vec<&'static str>,
    /// How many results a JSON Lines output must hold, when it is one.
    results: Option<usize>,
}

fn case(name: &'static str, stdin: impl Into<Vec<u8>>, exit: i32, says: &[&'static str]) -> Case {
    Case {
        name,
        args: vec!["screen", "-f", "jsonl"],
        stdin: stdin.into(),
        file: None,
        file_name: "input.json",
        exit,
        says: says.to_vec(),
        results: None,
    }
}

impl Case {
    fn results(mut self, n: usize) -> Case {
        self.results = Some(n);
        self
    }

    fn args(mut self, args: &[&'static str]) -> Case {
        self.args = args.to_vec();
        self
    }

    fn file(mut self, name: &'static str, bytes: impl Into<Vec<u8>>) -> Case {
        self.file = Some(bytes.into());
        self.file_name = name;
        self
    }

    /// A rule-file case: `--rules {file} screen` on one harmless record.
    fn rules(name: &'static str, rules: impl Into<Vec<u8>>, says: &[&'static str]) -> Case {
        case(name, "{}", 2, says)
            .args(&["--rules", "{file}", "screen", "-f", "jsonl"])
            .file("rules.json", rules)
    }
}

fn default_rules_with(edit: impl FnOnce(&mut serde_json::Value)) -> Vec<u8> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/cerebral-palsy.json"),
    )
    .unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    edit(&mut v);
    v.to_string().into_bytes()
}

fn nested(open: &str, close: &str, depth: usize, inner: &str) -> String {
    format!("{}{inner}{}", open.repeat(depth), close.repeat(depth))
}

fn corpus() -> Vec<Case> {
    let long = "x".repeat(10 * 1024 * 1024);
    let many_fields: String = {
        let fields: Vec<String> = (0..5000).map(|i| format!("\"extra_{i}\": {i}")).collect();
        format!("{{{}, \"birth_asphyxia\": \"yes\"}}\n", fields.join(", "))
    };
    let mut deep_condition = serde_json::json!({"question": "birth_asphyxia", "equals": "yes"});
    for _ in 0..40 {
        deep_condition = serde_json::json!({ "not": deep_condition });
    }
    vec![
        // ---- the shape of the input
        // No record is not an error: exit 0 with a note, as for `[]`.
        case("empty input", "", 0, &["no answer records in <stdin>"]).results(0),
        case("only whitespace", " \n\t\r\n ", 0, &["no answer records"]).results(0),
        case(
            "only a byte order mark",
            "\u{feff}",
            0,
            &["no answer records"],
        )
        .results(0),
        case(
            "a byte order mark before an object",
            "\u{feff}{\"birth_asphyxia\": \"yes\"}",
            0,
            &["\"birth_asphyxia\""],
        )
        .results(1),
        case(
            "a byte order mark before a pretty-printed object",
            "\u{feff}{\n  \"birth_asphyxia\": \"yes\"\n}\n",
            0,
            &["\"present\":[{\"id\":\"birth_asphyxia\""],
        )
        .results(1),
        case(
            "CRLF line endings",
            "{\"id\": 1}\r\n\r\n{\"id\": 2}\r\n",
            0,
            &["\"id\":2"],
        )
        .results(2),
        case(
            "plain text",
            "hello world\n",
            2,
            &["line 1, column 1: found text that is not JSON (\"hello world\")"],
        ),
        case(
            "a string at the top",
            "\"a record?\"",
            2,
            &["a JSON value that is not an answer record"],
        ),
        case(
            "a number at the top",
            "42",
            2,
            &["a JSON value that is not an answer record"],
        ),
        case(
            "a closing bracket alone",
            "]",
            2,
            &["text that is not JSON"],
        ),
        case(
            "invalid UTF-8 before anything",
            b"\xff\xfe{}".to_vec(),
            2,
            &["text that is not JSON"],
        ),
        case(
            "invalid UTF-8 inside a record",
            b"{\"id\": \"a\xff\"}\n{\"id\": 2}\n".to_vec(),
            1,
            &["invalid unicode code point"],
        )
        .results(2),
        case(
            "a NUL byte inside a string",
            b"{\"id\": \"a\x00b\"}\n".to_vec(),
            1,
            &["control character"],
        )
        .results(1),
        case("an empty array", "[]", 0, &[]).results(0),
        case(
            "a truncated array",
            "[{\"id\": 1}, {\"id\": 2}, {\"id\"",
            2,
            &[
                "ends inside the array at line 1",
                "the 2 records before it were screened",
            ],
        )
        .results(2),
        case(
            "a truncated array of numbers",
            "[1, 2",
            2,
            &["ends inside the array"],
        )
        .results(1),
        case(
            "text after an array",
            "[{}] {}",
            2,
            &["unexpected text after the end of the array"],
        )
        .results(1),
        case(
            "a brace closing an array",
            "[{}}",
            2,
            &["unexpected \"}\" in the array"],
        )
        .results(1),
        case(
            "commas without elements",
            "[,]",
            1,
            &["array element 1 (index 0)", "is empty (an extra comma?)"],
        )
        .results(2),
        case(
            "an array where an object belongs",
            "[[1, 2]]",
            1,
            &[
                "array element 1 (index 0): expected an answer record",
                "found an array",
            ],
        )
        .results(1),
        case(
            "null as a record",
            "{\"id\": 1}\nnull\n",
            1,
            &["found null"],
        )
        .results(2),
        case(
            "trailing characters after a record",
            "{} x\n",
            1,
            &["line 1, column 4: trailing characters"],
        )
        .results(1),
        case(
            "a record cut short",
            "{\"id\": 1, \"birth_asphyxia\": \n{\"id\": 2}\n",
            1,
            &["EOF while parsing", "is the record cut short?"],
        )
        .results(2),
        case(
            "a 10 MB string",
            format!("{{\"id\": \"{long}\"}}\n{{\"id\": 2}}\n"),
            1,
            &["is 10485770 bytes long; a record may be at most 1048576 bytes"],
        )
        .results(2),
        case(
            "nesting a million levels deep",
            format!("{}\n", nested("[", "]", 1_000_000, "")),
            1,
            &["a record may be at most"],
        )
        .results(1),
        case(
            "nesting deep inside a field",
            format!("{{\"id\": {}}}\n", nested("[", "]", 5_000, "1")),
            1,
            &[
                "\"field\":\"id\"",
                "expected a string or a number, found an array",
            ],
        )
        .results(1),
        case(
            "duplicate keys",
            "{\"birth_asphyxia\": \"yes\", \"birth_asphyxia\": \"no\"}",
            1,
            &["given twice"],
        )
        .results(1),
        case(
            "thousands of unknown fields, allowed",
            many_fields.clone(),
            0,
            &["\"birth_asphyxia\""],
        )
        .args(&["screen", "-f", "jsonl", "--allow-extra-fields"])
        .results(1),
        case(
            "thousands of unknown fields",
            many_fields,
            1,
            // The first 19 are kept, the rest counted (issue 28).
            &["extra_18", "not a question of rule set", "4981 more errors, not shown"],
        )
        .results(1),
        case(
            "a record with only an id",
            "{\"id\": \"only\"}",
            0,
            &[
                "\"id\":\"only\"",
                "\"not_assessed\":[\"maternal_infection\"",
            ],
        )
        .results(1),
        case(
            "an unknown field",
            "{\"birth_asphixia\": \"yes\"}",
            1,
            &["did you mean \\\"birth_asphyxia\\\"?"],
        )
        .results(1),
        // ---- values
        case(
            "1e309",
            "{\"gestational_age_weeks\": 1e309}",
            1,
            &["number out of range"],
        )
        .results(1),
        case(
            "minus zero",
            "{\"gestational_age_weeks\": -0}",
            1,
            &["outside the plausible range 20 to 45 weeks"],
        )
        .results(1),
        case(
            "\"NaN\" as a string",
            "{\"birth_weight_grams\": \"NaN\"}",
            1,
            &["expected a number"],
        )
        .results(1),
        case(
            "\"Infinity\" as a string",
            "{\"birth_weight_grams\": \"Infinity\"}",
            1,
            &["expected a number"],
        )
        .results(1),
        case(
            "a huge number as a string",
            format!("{{\"birth_weight_grams\": \"{}\"}}", "9".repeat(400)),
            1,
            &["too many significant digits"],
        )
        .results(1),
        case(
            "a negative weight",
            "{\"birth_weight_grams\": -1850}",
            1,
            &["negative"],
        )
        .results(1),
        case(
            "a zero weight",
            "{\"birth_weight_grams\": 0}",
            1,
            &["0 g is outside the plausible range 200 to 7000 g"],
        )
        .results(1),
        case(
            "seven days",
            "{\"gestational_age_weeks\": \"31+7\"}",
            1,
            &["7 days is a whole week or more"],
        )
        .results(1),
        case(
            "a negative day count",
            "{\"gestational_age_weeks\": \"31+-1\"}",
            1,
            &["negative values are not accepted"],
        )
        .results(1),
        case(
            "a unit that does not exist",
            "{\"birth_weight_grams\": \"3 stone\"}",
            1,
            &["unknown unit \\\"stone\\\""],
        )
        .results(1),
        case(
            "true where a number belongs",
            "{\"gestational_age_weeks\": true}",
            1,
            &["expected a number of weeks", "found true"],
        )
        .results(1),
        case(
            "a number where yes/no belongs",
            "{\"birth_asphyxia\": 1}",
            1,
            &["found the number 1"],
        )
        .results(1),
        case(
            "an object where an answer belongs",
            "{\"birth_asphyxia\": {\"a\": 1}}",
            1,
            &["found an object"],
        )
        .results(1),
        case(
            "a terminal escape in an id, as text",
            "{\"id\": \"\\u001b[2J\\u001b[31mred\"}",
            0,
            &["id \"\\u{1b}[2J\\u{1b}[31mred\""],
        )
        .args(&["screen"]),
        case(
            "a terminal escape in a field name, as text",
            "{\"x\\u001b[8m\": 1}",
            1,
            &["x\\u{1b}[8m:"],
        )
        .args(&["screen"]),
        case(
            "a terminal escape in a value, as text",
            "{\"birth_weight_grams\": \"\\u001b]0;title\\u0007 g\"}",
            1,
            &["\\u{1b}]0;title\\u{7} g"],
        )
        .args(&["screen"]),
        // ---- CSV
        case("an empty CSV file", "", 2, &["no header row"])
            .args(&["screen", "-f", "jsonl", "{file}"])
            .file("empty.csv", ""),
        case("a CSV header alone", "", 0, &[])
            .args(&["screen", "-f", "jsonl", "{file}"])
            .file("header.csv", "id,birth_asphyxia\n")
            .results(0),
        case(
            "a CSV column twice",
            "",
            2,
            &["column 3 (\"birth_asphyxia\") appears twice"],
        )
        .args(&["screen", "{file}"])
        .file("twice.csv", "id,birth_asphyxia,birth_asphyxia\n"),
        case(
            "invalid UTF-8 in a CSV cell",
            "",
            1,
            &["row 1, column \\\"birth_asphyxia\\\": the cell is not valid UTF-8"],
        )
        .args(&["screen", "-f", "jsonl", "{file}"])
        .file("bad.csv", b"id,birth_asphyxia\nr1,ye\xffs\n".to_vec())
        .results(1),
        // ---- rule files
        Case::rules("an empty rule file", "", &["the file is empty"]),
        Case::rules(
            "a rule file that is not JSON",
            "rules: yes",
            &["expected value at line 1 column 1"],
        ),
        Case::rules(
            "a rule file of the wrong type",
            "[]",
            &["expected a rule set (a JSON object), found an array"],
        ),
        Case::rules(
            "questions of the wrong type",
            default_rules_with(|v| v["questions"] = serde_json::json!({})),
            &["questions: invalid type: map, expected a sequence"],
        ),
        Case::rules(
            "a question of the wrong type",
            default_rules_with(|v| v["questions"][2] = "fetal_hypoxia".into()),
            &["questions[2]: invalid type: string \"fetal_hypoxia\", expected a question object"],
        ),
        Case::rules(
            "a rule file with trailing data",
            format!(
                "{} {{}}",
                String::from_utf8(default_rules_with(|_| {})).unwrap()
            ),
            &["trailing characters"],
        ),
        Case::rules(
            "an unknown question in a condition",
            default_rules_with(|v| {
                v["factors"][3]["when"]["question"] = "maternal_nutrtion_disorder".into()
            }),
            &[
                "factors[3].when.question: unknown question \"maternal_nutrtion_disorder\" (did you mean \"maternal_nutrition_disorder\"?)",
            ],
        ),
        Case::rules(
            "a deep condition tree",
            default_rules_with(|v| v["factors"][0]["when"] = deep_condition),
            &["conditions nest deeper than 32 levels"],
        ),
        Case::rules(
            "a rule file over the size limit",
            format!(
                "{}{}",
                String::from_utf8(default_rules_with(|_| {})).unwrap(),
                " ".repeat(1024 * 1024)
            ),
            &["rule files are limited to 1048576 bytes"],
        ),
        Case::rules(
            "a rule file that is not UTF-8",
            b"{\"id\": \"\xff\"}".to_vec(),
            &["not UTF-8 text"],
        ),
        Case::rules(
            "a control character in rule text",
            default_rules_with(|v| v["questions"][0]["text"] = "Did\u{1b}[8m it?".into()),
            &["questions[0].text: contains the control character U+001B"],
        ),
        Case::rules(
            "a number question without a range",
            default_rules_with(|v| {
                v["questions"][9].as_object_mut().unwrap().remove("max");
            }),
            &["questions[9]: a number question needs \"max\""],
        ),
        case(
            "a rule file that is a folder",
            "{}",
            2,
            &["cannot read rule file"],
        )
        .args(&["--rules", "tests", "screen"]),
        // ---- issue 16 (hardening II)
        case(
            "a fraction before days is ambiguous, never summed across the cut-off",
            "{\"gestational_age_weeks\": \"31.5+4\"}\n{\"gestational_age_weeks\": \"31.9w6d\"}\n{\"birth_weight_grams\": \"4.5 lb 15 oz\"}\n",
            1,
            &["\"code\":\"ambiguous_fraction\"", "which could mean"],
        )
        .results(3),
        case(
            "a bad line after a pretty-printed record is one invalid result",
            "{\n \"id\": \"p\"\n}\n{\"id\":\"l2\"}\n{\"id\": bad}\n{\"id\":\"l4\"}\n",
            1,
            &["\"id\":\"l4\"", "\"code\":\"invalid_json\""],
        )
        .results(4),
        case(
            "an unclosed CSV quote does not swallow the rows after it",
            "",
            1,
            &["\"code\":\"csv_unclosed_quote\"", "\"id\":\"b\"", "\"id\":\"c\""],
        )
        .args(&["screen", "-f", "jsonl", "{file}"])
        .file("input.csv", "id,birth_asphyxia\na,\"yes\nb,no\nc,yes\n")
        .results(3),
        case(
            "a CSV cut off inside a quoted cell is not accepted",
            "",
            1,
            &["\"code\":\"csv_unclosed_quote\""],
        )
        .args(&["screen", "-f", "jsonl", "{file}"])
        .file("input.csv", "id,birth_asphyxia\na,\"yes")
        .results(1),
        Case::rules(
            "escapes in serde's unknown-field message",
            default_rules_with(|v| v["factors"][0]["x\u{1b}[31m\u{202e}"] = 1.into()),
            &["unknown field `x\\u{1b}[31m\\u{202e}`"],
        ),
        Case::rules(
            "escapes in an unknown section",
            default_rules_with(|v| v["factors"][0]["section"] = "s\u{1b}]0;x\u{7}\u{202e}".into()),
            &["unknown section \"s\\u{1b}]0;x\\u{7}\\u{202e}\""],
        ),
        Case::rules(
            "a line separator in rule text",
            default_rules_with(|v| v["questions"][0]["text"] = "Did\u{2028}it?".into()),
            &["contains the control character U+2028"],
        ),
        Case::rules(
            "a tag character in rule text",
            default_rules_with(|v| v["questions"][0]["text"] = "Did\u{e0041}it?".into()),
            &["contains the control character U+E0041"],
        ),
        Case::rules(
            "a unit of infinite size",
            default_rules_with(|v| {
                v["questions"][9]["units"][0]["factor"] = 1e300.into();
                v["questions"][9]["units"][0]["per"] = 1e-300.into();
            }),
            &["questions[9].units[0]: the unit is inf base units"],
        ),
        Case::rules(
            "a unit of zero size",
            default_rules_with(|v| {
                v["questions"][9]["units"][0]["factor"] = 1e-300.into();
                v["questions"][9]["units"][0]["per"] = 1e300.into();
            }),
            &["questions[9].units[0]: the unit is 0e0 base units"],
        ),
        Case::rules(
            "decimals of 2^64-1",
            default_rules_with(|v| v["questions"][9]["decimals"] = u64::MAX.into()),
            &["questions[9].decimals: 18446744073709551615 decimals; answers are shown with at most 6"],
        ),
        case(
            "a rule file that never ends",
            "{}",
            2,
            &["the file is over 1048576 bytes"],
        )
        .args(&["--rules", "/dev/zero", "screen"]),
        case(
            "an invisible character in an unknown key stays that key in JSON",
            "{\"birth\u{200b}asphyxia\": \"yes\"}",
            1,
            &["\"field\":\"birth\\u200basphyxia\""],
        )
        .results(1),
        case(
            "a no-break space and a byte order mark in a number",
            "{\"birth_weight_grams\": \"1850\u{a0}g\"}\n{\"birth_weight_grams\": \"\u{feff}1850\"}\n",
            0,
            &["\"status\":\"screened\""],
        )
        .results(2),
        case(
            "numeric ids are echoed as given",
            "{\"id\": 98765432109876543210}\n{\"id\": 1e2}\n",
            0,
            &["\"id\":98765432109876543210,", "\"id\":1e2,"],
        )
        .results(2),
        case(
            "a file name with escapes in an error",
            "",
            2,
            &["in\\u{1b}[31m.json"],
        )
        .args(&["screen", "{file}"])
        .file("in\u{1b}[31m.json", "hello"),
    ]
}

#[test]
fn every_hostile_input_gets_its_exit_code_and_a_clear_message() {
    let cases = corpus();
    assert!(cases.len() >= 40, "the corpus has {} cases", cases.len());
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for c in &cases {
        let path = dir.path().join(c.file_name);
        if let Some(bytes) = &c.file {
            std::fs::write(&path, bytes).unwrap();
        }
        let args: Vec<String> = c
            .args
            .iter()
            .map(|a| a.replace("{file}", path.to_str().unwrap()))
            .collect();
        // NO_COLOR as before: any escape character in the output came from the input.
        let out = util::cp()
            .env("NO_COLOR", "1")
            .args(&args)
            .stdin(c.stdin.clone())
            .output();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let all = format!("{stdout}{stderr}");
        let mut problems = Vec::new();
        if out.status.code() != Some(c.exit) {
            problems.push(format!("exit {:?}, expected {}", out.status.code(), c.exit));
        }
        for word in &c.says {
            if !all.contains(word) {
                problems.push(format!("does not say {word:?}"));
            }
        }
        if all.contains("panicked") || all.contains("RUST_BACKTRACE") {
            problems.push("panicked".into());
        }
        if all.contains('\x1b') {
            problems.push("wrote a raw escape character".into());
        }
        if let Some(n) = c.results {
            let lines = stdout.lines().count();
            if lines != n {
                problems.push(format!("{lines} results, expected {n}"));
            }
        }
        if !problems.is_empty() {
            let shown: String = all.chars().take(600).collect();
            failures.push(format!(
                "{}: {}\n  output: {shown}",
                c.name,
                problems.join("; ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

// ---- issue 16: cases that need more than one run of the corpus above

#[test]
fn summary_file_writes_into_a_fifo_instead_of_replacing_it() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("summary.fifo");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let out = util::cp()
        .args([
            "screen",
            "-f",
            "jsonl",
            "--summary-file",
            fifo.to_str().unwrap(),
        ])
        .stdin("{}\n")
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let summary = reader.join().unwrap();
    assert!(summary.contains("1 record read"), "{summary}");
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo(), "the FIFO is still a FIFO");
}

#[test]
fn many_bad_references_make_a_short_message() {
    // Issue 16: each problem listed every known id, and every problem was shown: an 800 KB
    // rule file made a 500 MB message.
    let rules = default_rules_with(|v| {
        // Without the translations, so that 1500 factors fit in the file-size limit.
        fn untranslated(v: &mut serde_json::Value) {
            match v {
                serde_json::Value::Object(map) => {
                    map.remove("translations");
                    map.remove("languages");
                    map.values_mut().for_each(untranslated);
                }
                serde_json::Value::Array(items) => items.iter_mut().for_each(untranslated),
                _ => {}
            }
        }
        untranslated(v);
        let factor = v["factors"][0].clone();
        let many: Vec<serde_json::Value> = (0..1500)
            .map(|i| {
                let mut f = factor.clone();
                for long in ["evidence", "codes", "meaning"] {
                    f.as_object_mut().unwrap().remove(long);
                }
                f["id"] = format!("f{i}").into();
                f["section"] = format!("nowhere{i}").into();
                f["tier"] = format!("none{i}").into();
                f
            })
            .collect();
        v["factors"] = many.into();
        let sections: Vec<serde_json::Value> = (0..200)
            .map(|i| serde_json::json!({"id": format!("s{i}"), "title": "S", "intro": "I"}))
            .collect();
        v["sections"] = sections.into();
    });
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rules.json");
    std::fs::write(&path, rules).unwrap();
    let out = util::cp()
        .args(["rules", "check", path.to_str().unwrap()])
        .run();
    assert_eq!(out.code, 2);
    assert!(out.stderr.len() < 20_000, "{} bytes", out.stderr.len());
    assert!(
        out.stderr.contains("more (the first 20 of ") && out.stderr.contains("problems are shown)"),
        "{}",
        &out.stderr[out.stderr.len().saturating_sub(300)..]
    );
    assert!(
        out.stderr.contains("known: s0, s1,"),
        "{}",
        &out.stderr[..600]
    );
}

#[test]
fn output_discarded_as_python_and_node_discard_it_is_accepted() {
    // Issue 28: Python's `subprocess.DEVNULL` and node's `'ignore'` open /dev/null
    // read-write, which a check for a closed stdout (`>&-`, which Rust's runtime also
    // replaces by /dev/null read-write) could not tell apart: both were refused.
    let null = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/null")
        .unwrap();
    let out = util::cp_std()
        .args(["screen", "-f", "jsonl", "tests/fixtures/one.json"])
        .stdout(null)
        .stderr(std::process::Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn plain_prompts_survive_bytes_that_are_not_utf8_and_overlong_lines() {
    // Issue 16: one non-UTF-8 line ended the questionnaire (exit 2); a line had no limit.
    let mut session = b"\xff\xfe\n".to_vec();
    session.extend(std::iter::repeat_n(b'1', 1 << 20));
    session.extend_from_slice(b"\n1\n2\n3\n2\n2\n2\n1\n2\n2\n30+4\n1.85 kg\n2\n1\n2\n2\n2\n\n");
    let out = util::cp().args(["ask", "--plain"]).stdin(session).run();
    assert_eq!(out.code, 0, "{}", &out.stderr[..out.stderr.len().min(2000)]);
    assert!(out.stdout.contains("Your screening result"));
    assert!(out.stderr.contains("is not one of the choices"));
    assert!(
        out.stderr.len() < 100_000,
        "the long line is not echoed whole"
    );
}

#[test]
fn a_signal_while_screening_into_a_pipe_never_cuts_a_line() {
    use std::io::{Read, Write};
    for signal in [libc::SIGTERM, libc::SIGINT] {
        let mut child = util::cp_std()
            .args(["screen", "-f", "jsonl", "--explain"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let feeder = std::thread::spawn(move || {
            let lines = "{\"birth_asphyxia\": \"yes\"}\n".repeat(1000);
            while stdin.write_all(lines.as_bytes()).is_ok() {}
        });
        let mut stdout = child.stdout.take().unwrap();
        let mut output = vec![0u8; 256 * 1024];
        stdout.read_exact(&mut output).unwrap();
        unsafe {
            libc::kill(child.id() as i32, signal);
        }
        stdout.read_to_end(&mut output).unwrap();
        let status = child.wait().unwrap();
        feeder.join().unwrap();
        assert_eq!(status.code(), Some(130), "signal {signal}");
        assert_eq!(
            output.last(),
            Some(&b'\n'),
            "signal {signal}: the last line is whole"
        );
        for line in output.split(|b| *b == b'\n').filter(|l| !l.is_empty()) {
            serde_json::from_slice::<serde_json::Value>(line).expect("every line is JSON");
        }
    }
}
