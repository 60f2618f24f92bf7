//! The one way the end-to-end tests run the `cp-screen` binary.
//!
//! This module owns the environment a test run sees, so that a result never depends on
//! the shell, locale or terminal of whoever runs `cargo test`:
//!
//! - the working directory is the crate root (`CARGO_MANIFEST_DIR`), so fixture paths
//!   are short, relative, and appear the same in every message and snapshot;
//! - `LANG=C.UTF-8`, with `LC_ALL`, `LC_MESSAGES` and `LANGUAGE` removed;
//! - `NO_COLOR`, `CLICOLOR_FORCE` and `ACCESSIBLE` removed: a test that cares about
//!   color passes `--color` (or sets the variable itself when the variable is the point),
//!   and plain questionnaire mode is chosen by `--plain` or [`Cp::dumb_terminal`];
//! - `TERM=xterm` (or `dumb` when asked), and no `COLUMNS`, so that output to a pipe is
//!   wrapped at its fixed width (a test that cares about `COLUMNS` sets it).
//!
//! It also holds the small helpers the test modules share: fixture paths, feeding
//! standard input, collecting (stdout, stderr, exit code) and parsing JSON / JSON Lines.
//! The one test binary (`tests/it.rs`) declares it with `mod util;` and its modules
//! `use crate::util;`, so a helper that no test calls any more is a dead-code warning.

pub mod fhir;

use std::ffi::OsStr;
use std::process::Output;

use serde_json::Value;

/// The path of a file in `tests/fixtures/`, relative to the crate root (the working
/// directory of every run).
pub fn fixture(name: &str) -> String {
    format!("tests/fixtures/{name}")
}

/// A `cp-screen` invocation with the pinned environment described in the module docs.
pub fn cp() -> Cp {
    Cp {
        cmd: assert_cmd::Command::from_std(cp_std()),
    }
}

/// The same pinned invocation as a plain [`std::process::Command`], for the few tests
/// that must `spawn` the child and read its output while it runs.
pub fn cp_std() -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin!("cp-screen"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANGUAGE")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("ACCESSIBLE")
        .env("TERM", "xterm")
        .env_remove("COLUMNS");
    cmd
}

/// A builder around [`assert_cmd::Command`]; every method takes and returns it by value.
pub struct Cp {
    cmd: assert_cmd::Command,
}

impl Cp {
    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        self.cmd.arg(arg);
        self
    }

    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.cmd.args(args);
        self
    }

    /// Sets one variable on top of the pinned environment (for tests about that variable).
    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Self {
        self.cmd.env(key, value);
        self
    }

    /// `TERM=dumb` instead of `xterm`.
    pub fn dumb_terminal(self) -> Self {
        self.env("TERM", "dumb")
    }

    /// Bytes for standard input (by default the child gets an empty, closed stdin).
    pub fn stdin(mut self, input: impl Into<Vec<u8>>) -> Self {
        self.cmd.write_stdin(input);
        self
    }

    /// Runs it and hands back `assert_cmd`'s assertions.
    pub fn assert(mut self) -> assert_cmd::assert::Assert {
        self.cmd.assert()
    }

    /// Runs it and hands back the raw output.
    pub fn output(mut self) -> Output {
        self.cmd.output().expect("cp-screen could not be started")
    }

    /// Runs it and hands back stdout and stderr as text, and the exit code.
    pub fn run(self) -> Run {
        let out = self.output();
        Run {
            stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
            code: out.status.code().expect("cp-screen ended by a signal"),
        }
    }
}

/// What one run wrote and how it ended.
#[derive(Debug)]
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl Run {
    /// Stdout parsed as one JSON document.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", self.stdout))
    }

    /// Stdout parsed as JSON Lines: one JSON value per line.
    pub fn jsonl(&self) -> Vec<Value> {
        jsonl(&self.stdout)
    }

    /// The whole run as one text for a snapshot: exit code, stdout, stderr. The closing
    /// marker keeps trailing spaces and newlines part of what is compared.
    pub fn transcript(&self) -> String {
        format!(
            "exit code: {}\n----- stdout -----\n{}----- stderr -----\n{}----- end -----\n",
            self.code, self.stdout, self.stderr
        )
    }
}

/// Text parsed as JSON Lines: one JSON value per line.
pub fn jsonl(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON line ({e}): {l}")))
        .collect()
}
