//! The run summary (`--summary`): how many records were read, screened and invalid, and per
//! factor how many records had it present, not assessed and absent. Counts of records,
//! never a measure of any child.

use std::io::{self, Write};

use serde::Serialize;

use crate::engine::{ScreenResult, Status};
use crate::output::text::display_width;
use crate::rules::RuleSet;
use crate::words::{self, Phrase};

/// What a run read and found: for the exit code, the closing message and `--summary`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub screened: u64,
    pub invalid: u64,
    /// Per factor (indexed like `RuleSet::factors`), over screened records.
    pub factors: Vec<FactorTally>,
}

/// How many screened records had one factor present, not assessed or not applicable (the
/// rest had it absent).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FactorTally {
    pub present: u64,
    pub not_assessed: u64,
    pub not_applicable: u64,
}

impl Counts {
    pub fn new(factors: usize) -> Counts {
        Counts {
            factors: vec![FactorTally::default(); factors],
            ..Counts::default()
        }
    }

    pub fn read(&self) -> u64 {
        self.screened + self.invalid
    }

    /// How many screened records have factor `i` absent: the rest of the screened ones.
    pub fn absent(&self, i: usize) -> u64 {
        let t = &self.factors[i];
        self.screened - t.present - t.not_assessed - t.not_applicable
    }

    pub fn add_result(&mut self, result: &ScreenResult) {
        match &result.statuses {
            None => self.invalid += 1,
            Some(statuses) => {
                self.screened += 1;
                for (t, s) in self.factors.iter_mut().zip(statuses) {
                    match s {
                        Status::Present => t.present += 1,
                        Status::NotAssessed => t.not_assessed += 1,
                        Status::NotApplicable => t.not_applicable += 1,
                        Status::Absent => {}
                    }
                }
            }
        }
    }

    pub fn merge(&mut self, other: &Counts) {
        self.screened += other.screened;
        self.invalid += other.invalid;
        for (a, b) in self.factors.iter_mut().zip(&other.factors) {
            a.present += b.present;
            a.not_assessed += b.not_assessed;
            a.not_applicable += b.not_applicable;
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
    not_applicable: u64,
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
                present: counts.factors[i].present,
                not_assessed: counts.factors[i].not_assessed,
                not_applicable: counts.factors[i].not_applicable,
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
    // The not-applicable column only for rule sets with conditional questions.
    let applicable = rules.conditional;
    let names: Vec<String> = rules
        .factors
        .iter()
        .map(|f| w.id_with_name(&f.id, &f.name))
        .collect();
    let heading = w.phrase(Phrase::SummaryFactor);
    let first = names
        .iter()
        .map(|n| display_width(n))
        .chain([display_width(heading), rules.factor_id_width()])
        .max()
        .unwrap_or(0);
    // Padded by the columns a text takes, not its characters: a Chinese character takes two.
    let row = |out: &mut dyn Write, cells: [String; 5]| {
        let pad = |text: &str, width: usize| " ".repeat(width.saturating_sub(display_width(text)));
        write!(out, "  {}{}", cells[0], pad(&cells[0], first))?;
        let mut columns = vec![(&cells[1], 9), (&cells[2], 12), (&cells[4], 9)];
        if applicable {
            columns.push((&cells[3], 14));
        }
        for (text, width) in columns {
            write!(out, "  {}{text}", pad(text, width))?;
        }
        writeln!(out)
    };
    row(
        out,
        [
            heading.to_string(),
            w.phrase(Phrase::SummaryPresent).to_string(),
            w.phrase(Phrase::SummaryNotAssessed).to_string(),
            w.phrase(Phrase::SummaryNotApplicable).to_string(),
            w.phrase(Phrase::SummaryAbsent).to_string(),
        ],
    )?;
    for (i, name) in names.into_iter().enumerate() {
        let c = &counts.factors[i];
        row(
            out,
            [
                name,
                c.present.to_string(),
                c.not_assessed.to_string(),
                c.not_applicable.to_string(),
                counts.absent(i).to_string(),
            ],
        )?;
    }
    writeln!(out, "  {}", w.phrase(Phrase::SummaryNote))
}
