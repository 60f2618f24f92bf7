//! Errors that end a command, each mapped to one exit code. Problems with single records
//! are not errors here: they are results (`status: "invalid"`), and only set exit code 1.

use std::fmt;
use std::io;
use std::process::ExitCode;

use crate::problem::{InputProblem, Usage};
use crate::rules::RulesError;

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

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let w = crate::words::get();
        // File names are text from the command line: escaped like everything else shown.
        let shown = |name: &str| crate::sanitize::escape_control(name).into_owned();
        match self {
            Error::Rules(e) => e.fmt(f),
            Error::ReadRules { path, source } => {
                f.write_str(&w.cannot_read(&shown(path), true, &source.to_string()))
            }
            Error::ReadInput { path, source } => {
                f.write_str(&w.cannot_read(&shown(path), false, &source.to_string()))
            }
            Error::Input { name, problem } => f.write_str(&w.input_problem(&shown(name), problem)),
            Error::Usage(u) => f.write_str(&w.usage(u)),
            Error::InputEnded => f.write_str(&w.input_ended()),
            Error::Write { what, source } => {
                f.write_str(&w.cannot_write(&shown(what), &source.to_string()))
            }
            Error::Interrupted => f.write_str("interrupted"),
            Error::Io(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Error {}

impl Error {
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
