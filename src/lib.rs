//! cp-screen: a screening checklist for the documented risk factors of cerebral palsy.
//! It never makes a diagnosis.
//!
//! The rule file (`rules`) drives everything. The engine (`engine`) is a pure function of
//! a rule set and answers (`answers`) that returns data; `words` alone turns data into
//! sentences, in the language of the run; `output` renders results in each format into
//! any writer; `batch` streams records through it; `app` wires the commands together.
//! ARCHITECTURE.md says where a new format, notation, language or rule-file field goes.

pub mod answers;
pub mod api;
pub mod app;
pub mod cli;
mod clock;
pub mod engine;
pub mod error;
pub mod fhir;
pub mod locale;
pub mod notation;
pub mod output;
pub mod problem;
pub mod rules;
pub mod words;

// The command's own parts: public for the fuzz targets and the end-to-end tests, not a
// stable library interface.
#[doc(hidden)]
pub mod ask;
#[doc(hidden)]
pub mod batch;
mod color;
#[doc(hidden)]
pub mod compare;
#[doc(hidden)]
pub mod input;
mod man;
mod sanitize;
mod save;
pub mod serve;
mod suggest;
#[doc(hidden)]
pub mod teach;
#[doc(hidden)]
pub mod terminal;
