//! Replays saved fuzz inputs through the fuzz targets' own checks (`fuzz/checks.rs`):
//! every input a fuzzer ever failed on is kept under `tests/fuzz-inputs/<target>/`, with a
//! few seeds, so that what was fixed stays fixed, in CI, without a nightly toolchain.

#[allow(dead_code)]
mod checks {
    include!("../fuzz/checks.rs");
}

use std::path::Path;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-inputs")
        .join(target);
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            let path = entry.unwrap().path();
            (path.display().to_string(), std::fs::read(&path).unwrap())
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no saved inputs for {target}");
    files
}

#[test]
fn saved_answer_records_pass_the_fuzz_checks() {
    for (_, data) in inputs("answer_record") {
        checks::answer_record(&data);
    }
}

#[test]
fn saved_notations_pass_the_fuzz_checks() {
    for (_, data) in inputs("notation") {
        if let Ok(text) = std::str::from_utf8(&data) {
            checks::notation(text);
        }
    }
}

#[test]
fn saved_rule_files_pass_the_fuzz_checks() {
    for (_, data) in inputs("rule_file") {
        if let Ok(text) = std::str::from_utf8(&data) {
            checks::rule_file(text);
        }
    }
}

#[test]
fn saved_input_streams_pass_the_fuzz_checks() {
    for (_, data) in inputs("input_stream") {
        checks::input_stream(&data);
    }
}

#[test]
fn saved_fhir_responses_pass_the_fuzz_checks() {
    for (_, data) in inputs("fhir_response") {
        checks::fhir_response(&data);
    }
}

#[test]
fn saved_csv_mappings_pass_the_fuzz_checks() {
    for (_, data) in inputs("csv_mapping") {
        checks::csv_mapping(&data);
    }
}
