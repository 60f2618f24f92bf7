//! Errors that end a command, each mapped to one exit code. Problems with single records
//! are not errors here: they are results (`status: "invalid"`), and only set exit code 1.

use std::io;
use std::process::ExitCode;

use crate::problem::{InputProblem, Usage};
use crate::rules::{RulesError, SHOWN_PROBLEMS};
use crate::words::Words;

/// The exit codes, part of the public interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Every record was screened (whether or not factors were found).
    Success = 0,
    /// At least one record was invalid; every other record was still screened.
    InvalidRecords = 1,
    /// Usage error, unreadable or invalid rule file, unreadable or non-JSON input.
    Failure = 2,
    /// Interrupted by Ctrl-C.
    Interrupted = 130,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        ExitCode::from(e as u8)
    }
}

/// Why a command stopped. Each kind keeps its data; `Display` says it in the language of
/// the run (through `words`), and `code` names it the same way in every language.
#[derive(Debug)]
pub enum Error {
    Rules(RulesError),
    ReadRules {
        path: String,
        source: io::Error,
    },
    ReadInput {
        path: String,
        source: io::Error,
    },
    /// Input that cannot be read as records at all (not JSON, a broken array, ...).
    Input {
        name: String,
        problem: Box<InputProblem>,
    },
    Usage(Box<Usage>),
    /// Standard input closed before the questionnaire was complete.
    InputEnded,
    Write {
        what: String,
        source: io::Error,
    },
    Interrupted,
    Io(io::Error),
}

impl From<RulesError> for Error {
    fn from(e: RulesError) -> Error {
        Error::Rules(e)
    }
}

impl From<io::Error> for Error {
    fn from(e: io::Error) -> Error {
        Error::Io(e)
    }
}

impl From<Usage> for Error {
    fn from(u: Usage) -> Error {
        Error::Usage(Box::new(u))
    }
}

/// ...each cut to this many characters (serde's messages echo names of any length).
const PROBLEM_CHARS: usize = 500;

impl Error {
    /// What went wrong, in the words `w` of the run's language.
    pub fn message(&self, w: &dyn Words) -> String {
        // File names are text from the command line: escaped like everything else shown.
        let shown = |name: &str| crate::sanitize::escape_control(name).into_owned();
        match self {
            Error::Rules(e) => rules_error(w, e),
            Error::ReadRules { path, source } => {
                w.cannot_read(&shown(path), true, &source.to_string())
            }
            Error::ReadInput { path, source } => {
                w.cannot_read(&shown(path), false, &source.to_string())
            }
            Error::Input { name, problem } => w.input_problem(&shown(name), problem),
            Error::Usage(u) => w.usage(u),
            Error::InputEnded => w.input_ended(),
            Error::Write { what, source } => w.cannot_write(&shown(what), &source.to_string()),
            Error::Interrupted => "interrupted".to_string(),
            Error::Io(e) => e.to_string(),
        }
    }

    pub fn exit(&self) -> Exit {
        match self {
            Error::Interrupted => Exit::Interrupted,
            _ => Exit::Failure,
        }
    }

    /// A stable name for the kind of error, the same in every language.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Rules(_) => "invalid_rules",
            Error::ReadRules { .. } => "cannot_read_rules",
            Error::ReadInput { .. } => "cannot_read_input",
            Error::Input { problem, .. } => problem.code(),
            Error::Usage(u) => u.code(),
            Error::InputEnded => "input_ended",
            Error::Write { .. } => "cannot_write",
            Error::Interrupted => "interrupted",
            Error::Io(_) => "io",
        }
    }

    /// A broken pipe on stdout means the reader has gone (`| head`): end quietly.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io(e) if e.kind() == io::ErrorKind::BrokenPipe)
    }
}

/// An invalid rule file's problems, the first `SHOWN_PROBLEMS` of them.
fn rules_error(w: &dyn Words, e: &RulesError) -> String {
    // Every problem echoes text from the rule file (ids, keys, serde's "unknown field"):
    // escaped here, in one place, so none reaches a terminal raw; and capped, so a
    // small file cannot make a huge message.
    let problems: Vec<String> = e
        .problems
        .iter()
        .take(SHOWN_PROBLEMS)
        .map(|p| {
            let text = w.rule_problem(p);
            let text = crate::sanitize::escape_control(&text);
            let mut chars = text.chars();
            let mut shown: String = chars.by_ref().take(PROBLEM_CHARS).collect();
            if chars.next().is_some() {
                shown.push('…');
            }
            shown
        })
        .collect();
    let file = crate::sanitize::escape_control(&e.file);
    let mut message = w.invalid_rule_file(&file, &problems);
    if e.problems.len() > problems.len() {
        message.push_str("\n  ");
        message.push_str(&w.more_rule_problems(problems.len(), e.problems.len()));
    }
    message
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_are_the_documented_numbers() {
        assert_eq!(Exit::Success as u8, 0);
        assert_eq!(Exit::InvalidRecords as u8, 1);
        assert_eq!(Exit::Failure as u8, 2);
        assert_eq!(Exit::Interrupted as u8, 130);
        assert_eq!(Error::Interrupted.exit(), Exit::Interrupted);
        assert_eq!(Error::from(Usage::StdinTwice).exit(), Exit::Failure);
        assert_eq!(Error::from(Usage::StdinTwice).code(), "stdin_twice");
    }
}
