//! The run summary (`--summary`): how many records were read, screened and invalid, and per
//! factor how many records had it present, not assessed and absent. Counts of records,
//! never a measure of any child.

use std::io::{self, Write};

use serde::Serialize;

use crate::engine::{ScreenResult, Status};
use crate::rules::RuleSet;
use crate::words::{self, Phrase};

/// What a run read and found: for the exit code, the closing message and `--summary`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub screened: u64,
    pub invalid: u64,
    /// Per factor (indexed like `RuleSet::factors`), over screened records.
    pub present: Vec<u64>,
    pub not_assessed: Vec<u64>,
}

impl Counts {
    pub fn new(factors: usize) -> Counts {
        Counts {
            present: vec![0; factors],
            not_assessed: vec![0; factors],
            ..Counts::default()
        }
    }

    pub fn read(&self) -> u64 {
        self.screened + self.invalid
    }

    /// How many screened records have factor `i` absent: the rest of the screened ones.
    pub fn absent(&self, i: usize) -> u64 {
        self.screened - self.present[i] - self.not_assessed[i]
    }

    pub fn add_result(&mut self, result: &ScreenResult) {
        match &result.statuses {
            None => self.invalid += 1,
            Some(statuses) => {
                self.screened += 1;
                for (i, s) in statuses.iter().enumerate() {
                    match s {
                        Status::Present => self.present[i] += 1,
                        Status::NotAssessed => self.not_assessed[i] += 1,
                        Status::Absent => {}
                    }
                }
            }
        }
    }

    pub fn merge(&mut self, other: &Counts) {
        self.screened += other.screened;
        self.invalid += other.invalid;
        for (a, b) in self.present.iter_mut().zip(&other.present) {
            *a += b;
        }
        for (a, b) in self.not_assessed.iter_mut().zip(&other.not_assessed) {
            *a += b;
        }
    }
}

#[derive(Serialize)]
struct JsonSummary<'a> {
    rules: String,
    rules_sha256: &'a str,
    records: u64,
    screened: u64,
    invalid: u64,
    factors: Vec<JsonFactorCount<'a>>,
}

#[derive(Serialize)]
struct JsonFactorCount<'a> {
    id: &'a str,
    present: u64,
    not_assessed: u64,
    absent: u64,
}

/// Writes the run summary as JSON (one object and a newline).
pub fn write_json(out: &mut dyn Write, rules: &RuleSet, counts: &Counts) -> io::Result<()> {
    let summary = JsonSummary {
        rules: rules.tag(),
        rules_sha256: &rules.sha256,
        records: counts.read(),
        screened: counts.screened,
        invalid: counts.invalid,
        factors: rules
            .factors
            .iter()
            .enumerate()
            .map(|(i, f)| JsonFactorCount {
                id: &f.id,
                present: counts.present[i],
                not_assessed: counts.not_assessed[i],
                absent: counts.absent(i),
            })
            .collect(),
    };
    serde_json::to_writer(&mut *out, &summary)?;
    writeln!(out)
}

/// Writes the run summary as a table for people.
pub fn write_text(out: &mut dyn Write, rules: &RuleSet, counts: &Counts) -> io::Result<()> {
    let w = words::get();
    writeln!(
        out,
        "{}",
        w.summary_line(
            counts.read(),
            counts.screened,
            counts.invalid,
            &rules.tag(),
            &rules.short_hash()
        )
    )?;
    let width = rules.factor_id_width();
    writeln!(
        out,
        "  {:width$}  {:>9}  {:>12}  {:>9}",
        w.phrase(Phrase::SummaryFactor),
        w.phrase(Phrase::SummaryPresent),
        w.phrase(Phrase::SummaryNotAssessed),
        w.phrase(Phrase::SummaryAbsent)
    )?;
    for (i, f) in rules.factors.iter().enumerate() {
        writeln!(
            out,
            "  {:width$}  {:>9}  {:>12}  {:>9}",
            f.id,
            counts.present[i],
            counts.not_assessed[i],
            counts.absent(i)
        )?;
    }
    writeln!(out, "  {}", w.phrase(Phrase::SummaryNote))
}
