//! The integration tests, as one test binary (`[[test]] name = "it"` in `Cargo.toml`, with
//! `autotests = false`), the way ripgrep and just keep theirs: each file in `tests/` is a
//! module of it, and `tests/util/` is the one harness they share. One binary links once
//! after an edit, where nineteen each linked the library and every dependency again.
//!
//! One module, or one test: `cargo test --test it snapshots::`, `cargo test --test it
//! screen::a_broken_pipe`. The memory bounds are ignored by a plain `cargo test`; CI runs
//! them with `cargo test --test it memory:: -- --ignored --test-threads 1`.
//!
//! A new file in `tests/` is a test only once it is declared here (cargo no longer finds
//! test files by itself); [`every_test_file_is_a_module`] fails until it is.
//!
//! # One process for all
//!
//! The modules used to be separate processes; now they share one, and run on the same
//! threads. What a process holds is therefore shared, and the tests keep to this:
//!
//! - **The language.** `cp_screen::words::choose` (which `cp_screen::app::run` and
//!   `cp_screen::api::choose_language` call) sets a once-only global that the library reads
//!   for every sentence. The in-process tests (`properties`, `versions`, and `fuzz` through
//!   `fuzz/checks.rs`) run in the default, English. No test calls any of them in the test
//!   process: a test of a language runs the binary, as `language` does through [`util::cp`].
//! - **The environment and the working directory.** No test changes them (`set_var`,
//!   `remove_var`, `set_current_dir`): a child gets its variables and its working directory
//!   on its own `Command` ([`util::cp`] pins them), so a test reads the same environment
//!   whichever test ran before it. [`no_test_changes_what_the_process_shares`] holds these
//!   two.
//! - **Children** are waited for by their own pid (`memory` uses `wait4` on its child),
//!   never as whichever child of the process ends first.
//! - **Statics** in the tests (`util::fhir`'s compiled schema, the rule sets of `properties`
//!   and `fuzz`) are computed once and never changed, so sharing them changes no result.
//! - **Files**: every test writes in its own `tempfile::tempdir()`, or under a name with
//!   the process id that no other test uses (`screen::a_broken_pipe_ends_quietly`).

mod util;

mod architecture;
mod ask;
mod batch;
mod docs;
mod fhir;
mod flags;
mod fuzz;
mod hardening;
mod hostile;
mod language;
mod memory;
mod pages;
mod properties;
mod pty;
mod regions;
mod research;
mod safety;
mod saved;
mod screen;
mod serve;
mod snapshots;
mod table;
mod teach;
mod versions;

use std::path::Path;

/// This file's own text, to check what it declares.
const THIS_FILE: &str = include_str!("it.rs");

/// The test files (`tests/*.rs`, and the folders with a `mod.rs`), by module name.
fn test_modules() -> Vec<String> {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut names: Vec<String> = std::fs::read_dir(&tests)
        .unwrap()
        .filter_map(|entry| {
            let path = entry.unwrap().path();
            let module = if path.is_dir() {
                path.join("mod.rs")
                    .is_file()
                    .then(|| path.file_name().unwrap())
            } else {
                (path.extension()? == "rs").then(|| path.file_stem().unwrap())
            };
            Some(module?.to_str().unwrap().to_string())
        })
        .filter(|name| name != "it")
        .collect();
    names.sort();
    names
}

#[test]
fn every_test_file_is_a_module() {
    let modules = test_modules();
    assert!(modules.len() > 10, "{modules:?}");
    for name in modules {
        assert!(
            THIS_FILE.lines().any(|l| l == format!("mod {name};")),
            "tests/{name}.rs is not compiled: declare `mod {name};` in tests/it.rs"
        );
    }
}

#[test]
fn no_test_changes_what_the_process_shares() {
    fn rust_files(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                rust_files(&path, files);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("fuzz/checks.rs")];
    rust_files(&root.join("tests"), &mut files);
    let shared = [
        ("words::choose", "the language"),
        ("app::run", "the language"),
        ("choose_language", "the language"),
        ("set_var(", "the environment"),
        ("remove_var(", "the environment"),
        ("set_current_dir(", "the working directory"),
    ];
    for file in files.iter().filter(|f| !f.ends_with("tests/it.rs")) {
        let text = std::fs::read_to_string(file).unwrap();
        for (call, what) in shared {
            assert!(
                !text.contains(call),
                "{}: {call} changes {what} of the whole test process, which every test \
                 shares; set it on the child instead (util::cp, Command::env, current_dir)",
                file.display()
            );
        }
    }
}
