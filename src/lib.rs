//! cp-screen: a screening checklist for the documented risk factors of cerebral palsy.
//!
//! The rule file (`rules`) drives everything; the engine (`engine`) is a pure function of
//! a rule set and answers (`answers`); `report` renders results into any writer; `input`
//! streams records; `app` wires the commands together. It never makes a diagnosis.

pub mod answers;
pub mod app;
pub mod ask;
pub mod cli;
pub mod color;
pub mod engine;
pub mod error;
pub mod input;
pub mod notation;
pub mod report;
pub mod rules;
pub mod sanitize;
pub mod save;
pub mod screen;
pub mod suggest;
pub mod teach;
