//! The run summary (`--summary`): how many records were read, screened and invalid, and per
//! factor how many records had it present, not assessed and absent; the same within each
//! value of an outcome column (`--summary-by`), and the codes of answers read as unknown
//! after failing their check (`--field-errors not-assessed`). Counts of records, never a
//! measure of any child.

use std::collections::BTreeMap;

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
    /// Which of the mapping's named columns some JSON record had (`Record::mapped`); all
    /// once a FHIR response was read.
    pub mapped: u64,
    /// What `--field-errors not-assessed` and `--summary-by` add, when they are used (kept
    /// apart so that the counts every worker piece carries stay small).
    pub more: Option<Box<MoreCounts>>,
}

/// The counts of `--field-errors not-assessed` and `--summary-by`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MoreCounts {
    /// Screened records with errors in answers read as unknown, and how many errors of
    /// each code they had.
    pub with_field_errors: u64,
    pub field_errors: BTreeMap<&'static str, u64>,
    /// The kept column (its place among the kept ones) the counts are also made within
    /// each value of, and its name for the summary.
    pub outcome: Option<usize>,
    pub outcome_column: Option<String>,
    /// Per value of the outcome column, the counts of its records.
    pub by_outcome: BTreeMap<String, Group>,
}

/// The counts of the records with one value of the outcome column.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Group {
    pub screened: u64,
    pub invalid: u64,
    pub factors: Vec<FactorTally>,
}

impl Group {
    fn absent(&self, i: usize) -> u64 {
        let t = &self.factors[i];
        self.screened - t.present - t.not_assessed - t.not_applicable
    }
}

/// Adds one record's statuses to `tallies`.
fn tally(tallies: &mut [FactorTally], statuses: &[Status]) {
    // Added without a branch: which status a factor has is different in every record.
    for (t, s) in tallies.iter_mut().zip(statuses) {
        t.present += u64::from(*s == Status::Present);
        t.not_assessed += u64::from(*s == Status::NotAssessed);
        t.not_applicable += u64::from(*s == Status::NotApplicable);
    }
}

fn merge_tallies(into: &mut [FactorTally], from: &[FactorTally]) {
    for (a, b) in into.iter_mut().zip(from) {
        a.present += b.present;
        a.not_assessed += b.not_assessed;
        a.not_applicable += b.not_applicable;
    }
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
        Counts::with_outcome(factors, None)
    }

    /// Counts that are also made within each value of kept column `outcome`, if any.
    pub fn with_outcome(factors: usize, outcome: Option<usize>) -> Counts {
        Counts {
            factors: vec![FactorTally::default(); factors],
            more: outcome.map(|o| {
                Box::new(MoreCounts {
                    outcome: Some(o),
                    ..MoreCounts::default()
                })
            }),
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

    /// The name of the outcome column, for the summary (`--summary-by`).
    pub fn set_outcome_column(&mut self, column: Option<String>) {
        if let Some(more) = &mut self.more {
            more.outcome_column = column;
        }
    }

    pub fn add_result(&mut self, result: &ScreenResult) {
        self.mapped |= result.record.mapped;
        if result.record.response.is_some() {
            // A FHIR response's link ids are checked by its own reader (an answer that
            // fails never reaches the mapping): it is not asked for the mapped keys.
            self.mapped = u64::MAX;
        }
        match &result.statuses {
            None => self.invalid += 1,
            Some(statuses) => {
                self.screened += 1;
                tally(&mut self.factors, statuses);
                if !result.record.errors.is_empty() {
                    let more = self.more.get_or_insert_with(Box::default);
                    more.with_field_errors += 1;
                    for e in &result.record.errors {
                        *more.field_errors.entry(e.code()).or_default() += 1;
                    }
                }
            }
        }
        let factors = self.factors.len();
        if let Some(more) = &mut self.more
            && let Some(slot) = more.outcome
        {
            let value = result.record.kept.get(slot).map_or("", |v| v.trim());
            let group = more
                .by_outcome
                .entry(value.to_string())
                .or_insert_with(|| Group {
                    factors: vec![FactorTally::default(); factors],
                    ..Group::default()
                });
            match &result.statuses {
                None => group.invalid += 1,
                Some(statuses) => {
                    group.screened += 1;
                    tally(&mut group.factors, statuses);
                }
            }
        }
    }

    pub fn merge(&mut self, other: &Counts) {
        self.screened += other.screened;
        self.invalid += other.invalid;
        merge_tallies(&mut self.factors, &other.factors);
        self.mapped |= other.mapped;
        let Some(theirs) = &other.more else {
            return;
        };
        let mine = self.more.get_or_insert_with(Box::default);
        mine.outcome = mine.outcome.or(theirs.outcome);
        mine.with_field_errors += theirs.with_field_errors;
        for (code, n) in &theirs.field_errors {
            *mine.field_errors.entry(code).or_default() += n;
        }
        for (value, group) in &theirs.by_outcome {
            match mine.by_outcome.get_mut(value) {
                Some(g) => {
                    g.screened += group.screened;
                    g.invalid += group.invalid;
                    merge_tallies(&mut g.factors, &group.factors);
                }
                None => {
                    mine.by_outcome.insert(value.clone(), group.clone());
                }
            }
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
    /// Only with `--field-errors not-assessed` when some answer failed its check.
    #[serde(skip_serializing_if = "Option::is_none")]
    field_errors: Option<JsonFieldErrors<'a>>,
    /// Only with `--summary-by`.
    #[serde(skip_serializing_if = "Option::is_none")]
    by: Option<JsonBy<'a>>,
}

#[derive(Serialize)]
struct JsonFieldErrors<'a> {
    records: u64,
    codes: &'a BTreeMap<&'static str, u64>,
}

#[derive(Serialize)]
struct JsonBy<'a> {
    column: &'a str,
    groups: Vec<JsonGroup<'a>>,
}

#[derive(Serialize)]
struct JsonGroup<'a> {
    value: &'a str,
    records: u64,
    screened: u64,
    invalid: u64,
    factors: Vec<JsonFactorCount<'a>>,
}

fn factor_counts<'a>(
    rules: &'a RuleSet,
    tallies: &[FactorTally],
    absent: impl Fn(usize) -> u64,
) -> Vec<JsonFactorCount<'a>> {
    rules
        .factors
        .iter()
        .enumerate()
        .map(|(i, f)| JsonFactorCount {
            id: &f.id,
            present: tallies[i].present,
            not_assessed: tallies[i].not_assessed,
            not_applicable: tallies[i].not_applicable,
            absent: absent(i),
        })
        .collect()
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
        factors: factor_counts(rules, &counts.factors, |i| counts.absent(i)),
        field_errors: counts
            .more
            .as_deref()
            .filter(|m| m.with_field_errors > 0)
            .map(|m| JsonFieldErrors {
                records: m.with_field_errors,
                codes: &m.field_errors,
            }),
        by: counts
            .more
            .as_deref()
            .filter(|m| m.outcome.is_some())
            .map(|m| JsonBy {
                column: m.outcome_column.as_deref().unwrap_or_default(),
                groups: m
                    .by_outcome
                    .iter()
                    .map(|(value, g)| JsonGroup {
                        value,
                        records: g.screened + g.invalid,
                        screened: g.screened,
                        invalid: g.invalid,
                        factors: factor_counts(rules, &g.factors, |i| g.absent(i)),
                    })
                    .collect(),
            }),
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
    write_table(out, rules, &counts.factors, |i| counts.absent(i))?;
    let Some(more) = counts.more.as_deref() else {
        return writeln!(out, "  {}", w.phrase(Phrase::SummaryNote));
    };
    if more.with_field_errors > 0 {
        let codes: Vec<String> = more
            .field_errors
            .iter()
            .map(|(code, n)| format!("{code} {n}"))
            .collect();
        writeln!(
            out,
            "  {}",
            w.summary_field_errors(more.with_field_errors, &codes.join(", "))
        )?;
    }
    let column = more.outcome_column.as_deref().unwrap_or_default();
    for (value, group) in &more.by_outcome {
        let value = crate::sanitize::escape_control(value);
        writeln!(
            out,
            "{}",
            w.summary_group(column, &value, group.screened, group.invalid)
        )?;
        write_table(out, rules, &group.factors, |i| group.absent(i))?;
    }
    writeln!(out, "  {}", w.phrase(Phrase::SummaryNote))
}

/// The per-factor table of a summary: present, not assessed, absent (and not applicable
/// for rule sets with conditional questions).
fn write_table(
    out: &mut dyn Write,
    rules: &RuleSet,
    tallies: &[FactorTally],
    absent: impl Fn(usize) -> u64,
) -> io::Result<()> {
    let w = words::get();
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
        let c = &tallies[i];
        row(
            out,
            [
                name,
                c.present.to_string(),
                c.not_assessed.to_string(),
                c.not_applicable.to_string(),
                absent(i).to_string(),
            ],
        )?;
    }
    Ok(())
}
