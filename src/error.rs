//! Errors that end a command, each mapped to one exit code. Problems with single records
//! are not errors here: they are results (`status: "invalid"`), and only set exit code 1.

use std::io;
use std::process::ExitCode;

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

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Rules(#[from] RulesError),
    #[error("cannot read rule file {path}: {source}")]
    ReadRules { path: String, source: io::Error },
    #[error("cannot read {path}: {source}")]
    ReadInput { path: String, source: io::Error },
    /// Input that cannot be read as records at all (not JSON, a broken array, ...).
    #[error("{0}")]
    Input(String),
    #[error("{0}")]
    Usage(String),
    #[error("cannot write {what}: {source}")]
    Write { what: String, source: io::Error },
    #[error("interrupted")]
    Interrupted,
    #[error("{0}")]
    Io(#[from] io::Error),
}

impl Error {
    pub fn exit(&self) -> Exit {
        match self {
            Error::Interrupted => Exit::Interrupted,
            _ => Exit::Failure,
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
        assert_eq!(Error::Usage("x".into()).exit(), Exit::Failure);
    }
}
