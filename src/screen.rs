//! `cp-screen screen`: answer records in, one result per record out, in input order.
//!
//! A reader thread splits the inputs into batches of raw records, worker threads parse,
//! screen and render each batch into bytes, and the calling thread writes the batches back
//! in their original order. Channels are bounded, so memory stays flat however large the
//! input. A bad record becomes an invalid result and the others go on; only input that
//! cannot be read as records at all stops the run, after everything before it is written.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::sync::Arc;

use serde::Serialize;

use crate::answers::{Record, RecordReader};
use crate::cli::{InputFormat, OutputFormat};
use crate::engine::Status;
use crate::error::Error;
use crate::input::{self, Batch, Column, Fill, Item, Shape, Source};
use crate::report::{self, Position, ReportOptions, ScreenResult};
use crate::rules::RuleSet;

/// One input to screen.
pub struct Input {
    /// "<stdin>" or the path as given.
    pub name: String,
    pub reader: Box<dyn Read + Send>,
    pub format: InputFormat,
}

#[derive(Debug, Clone, Copy)]
pub struct ScreenOptions {
    pub format: OutputFormat,
    pub allow_extra_fields: bool,
    pub report: ReportOptions,
    /// Worker threads; 0 means one per available core.
    pub threads: usize,
}

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
    fn new(factors: usize) -> Counts {
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

    fn add_result(&mut self, result: &ScreenResult) {
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

    fn merge(&mut self, other: &Counts) {
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

/// Turns one raw item into a result: parse, then screen if the record is valid.
pub fn screen_item(
    reader: &RecordReader<'_>,
    batch: &Batch,
    item: &Item,
    file: Option<&Arc<str>>,
    in_array: bool,
) -> ScreenResult {
    let mut record = match &item.problem {
        Some(problem) => Record::broken(reader.rules, problem.clone()),
        None => match reader.parse_json(batch.bytes(item)) {
            Ok(record) => record,
            Err(e) => Record::broken(reader.rules, syntax_message(&e, item)),
        },
    };
    if in_array && item.problem.is_none() {
        // Place whole-record problems of array elements by their index.
        for e in record.errors.iter_mut().filter(|e| e.field.is_none()) {
            e.message = format!(
                "array element {} (index {}): {}",
                item.record,
                item.record - 1,
                e.message
            );
        }
    }
    ScreenResult::new(
        reader.rules,
        Position {
            file: file.cloned(),
            record: item.record,
            line: item.line,
        },
        record,
    )
}

/// A JSON syntax error placed in the whole input ("line 7, column 12"), not in the record.
fn syntax_message(e: &serde_json::Error, item: &Item) -> String {
    let (l, c) = (e.line() as u64, e.column() as u64);
    let full = e.to_string();
    let what = full
        .strip_suffix(&format!(" at line {l} column {c}"))
        .unwrap_or(&full);
    let hint = if e.is_eof() {
        " (is the record cut short?)"
    } else {
        ""
    };
    match item.line {
        Some(first) => {
            let line = first + l.saturating_sub(1);
            let column = if l <= 1 {
                item.column + c.saturating_sub(1)
            } else {
                c
            };
            format!("not valid JSON at line {line}, column {column}: {what}{hint}")
        }
        None => format!("not valid JSON: {what}{hint}"),
    }
}

// ---- the pipeline -----------------------------------------------------------------------------

struct Job {
    seq: u64,
    batch: Batch,
    file: Option<Arc<str>>,
    in_array: bool,
}

struct Done {
    seq: u64,
    bytes: Vec<u8>,
    results: u64,
    counts: Counts,
}

/// How the reader thread ended.
struct ReaderEnd {
    failure: Option<Error>,
    array_seen: bool,
}

/// Screens every input in order into `out`. On a broken input, what came before is written
/// and flushed, then the error is returned with the counts so far.
pub fn screen_inputs(
    rules: &RuleSet,
    inputs: Vec<Input>,
    options: ScreenOptions,
    out: &mut dyn Write,
) -> Result<Counts, (Error, Counts)> {
    let threads = match options.threads {
        0 => std::thread::available_parallelism().map_or(2, |n| n.get()),
        n => n,
    };
    let several = inputs.len() > 1;
    let rules_tag = rules.tag();
    let (job_tx, job_rx) = crossbeam_channel::bounded::<Job>(threads * 2);
    let (done_tx, done_rx) = crossbeam_channel::bounded::<Done>(threads * 2);

    std::thread::scope(|scope| {
        let reader = scope.spawn(|| read_inputs(rules, inputs, options, several, job_tx));
        for _ in 0..threads {
            let (job_rx, done_tx) = (job_rx.clone(), done_tx.clone());
            let rules_tag = rules_tag.as_str();
            scope.spawn(move || {
                let reader = RecordReader {
                    rules,
                    allow_extra_fields: options.allow_extra_fields,
                };
                let json = report::JsonWriter::new(rules, rules_tag);
                for job in job_rx {
                    let done = render_batch(&reader, &json, rules_tag, options, job);
                    if done_tx.send(done).is_err() {
                        break;
                    }
                }
            });
        }
        drop((job_rx, done_tx));

        let mut writer = JsonFramer::default();
        let mut counts = Counts::new(rules.factors.len());
        let mut pending: BTreeMap<u64, Done> = BTreeMap::new();
        let mut next = 0;
        let mut write_error = None;
        'receive: for done in &done_rx {
            pending.insert(done.seq, done);
            while let Some(done) = pending.remove(&next) {
                next += 1;
                counts.merge(&done.counts);
                if let Err(e) = writer.write(out, options.format, &done) {
                    // Nobody reads our output any more: dropping the channel stops the
                    // workers, and then the reader.
                    write_error = Some(e);
                    break 'receive;
                }
            }
        }
        drop(done_rx);
        let end = reader.join().expect("the reader thread does not panic");
        if let Some(e) = write_error {
            return Err((Error::Io(e), counts));
        }
        let single_object = !several && !end.array_seen && writer.results == 1;
        let finished = writer
            .finish(out, options.format, end.failure.is_none() && single_object)
            .and_then(|()| out.flush());
        match (end.failure, finished) {
            (_, Err(e)) => Err((Error::Io(e), counts)),
            (Some(failure), Ok(())) => Err((failure, counts)),
            (None, Ok(())) => Ok(counts),
        }
    })
}

/// The reader thread: opens each input in turn and sends its batches in order.
fn read_inputs(
    rules: &RuleSet,
    inputs: Vec<Input>,
    options: ScreenOptions,
    several: bool,
    jobs: crossbeam_channel::Sender<Job>,
) -> ReaderEnd {
    let mut seq = 0;
    let mut array_seen = false;
    for input in inputs {
        let file: Option<Arc<str>> = several.then(|| Arc::from(input.name.as_str()));
        let mut source = match open_source(rules, input, options.allow_extra_fields) {
            Ok(s) => s,
            Err(e) => {
                return ReaderEnd {
                    failure: Some(e),
                    array_seen,
                };
            }
        };
        let in_array = source.shape() == Shape::Array;
        array_seen |= in_array;
        loop {
            let mut batch = Batch::default();
            let fill = source.fill(&mut batch);
            if !batch.items.is_empty() {
                let job = Job {
                    seq,
                    batch,
                    file: file.clone(),
                    in_array,
                };
                seq += 1;
                if jobs.send(job).is_err() {
                    // The writer stopped (a closed pipe); it reports why.
                    return ReaderEnd {
                        failure: None,
                        array_seen,
                    };
                }
            }
            match fill {
                Fill::More => continue,
                Fill::Done => break,
                Fill::Failed(e) => {
                    return ReaderEnd {
                        failure: Some(e),
                        array_seen,
                    };
                }
            }
        }
    }
    ReaderEnd {
        failure: None,
        array_seen,
    }
}

fn open_source(
    rules: &RuleSet,
    input: Input,
    allow_extra_fields: bool,
) -> Result<Box<dyn Source>, Error> {
    let csv = match input.format {
        InputFormat::Csv => true,
        InputFormat::Json => false,
        InputFormat::Auto => input.name.to_ascii_lowercase().ends_with(".csv"),
    };
    if csv {
        let plan = |names: &[String]| plan_csv_columns(rules, names, allow_extra_fields);
        input::open_csv(input.reader, &input.name, &plan)
    } else {
        input::open(input.reader, &input.name)
    }
}

/// Maps a CSV header to record keys: question ids and `id`; anything else is refused
/// (with a suggestion) unless extra fields are allowed.
fn plan_csv_columns(
    rules: &RuleSet,
    names: &[String],
    allow_extra_fields: bool,
) -> Result<Vec<Column>, String> {
    let mut seen = std::collections::HashSet::new();
    names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let place = format!("column {} ({})", i + 1, crate::sanitize::quote(name));
            if !seen.insert(name.as_str()) {
                return Err(format!("{place} appears twice"));
            }
            if name == "id" || rules.question_index(name).is_some() {
                Ok(Column::Key(name.clone()))
            } else if allow_extra_fields {
                Ok(Column::Skip)
            } else {
                Err(format!(
                    "{place}: {}",
                    crate::answers::unknown_field_message(name, rules)
                ))
            }
        })
        .collect()
}

/// A worker's job: every record of a batch, screened and rendered in order.
fn render_batch(
    reader: &RecordReader<'_>,
    json: &report::JsonWriter<'_>,
    rules_tag: &str,
    options: ScreenOptions,
    job: Job,
) -> Done {
    let rules = reader.rules;
    let mut counts = Counts::new(rules.factors.len());
    let mut bytes = Vec::with_capacity(job.batch.buf.len() * 3);
    for (i, item) in job.batch.items.iter().enumerate() {
        let result = screen_item(reader, &job.batch, item, job.file.as_ref(), job.in_array);
        counts.add_result(&result);
        let first_of_run = job.seq == 0 && i == 0;
        // Writing into a Vec cannot fail.
        let _ = match options.format {
            OutputFormat::Text => {
                if !first_of_run {
                    bytes.push(b'\n');
                }
                report::write_text(&mut bytes, rules, rules_tag, &result, options.report)
            }
            OutputFormat::Jsonl => {
                json.write(&mut bytes, &result, options.report);
                bytes.push(b'\n');
                Ok(())
            }
            OutputFormat::Json => {
                if i > 0 {
                    bytes.extend_from_slice(b",\n");
                }
                json.write(&mut bytes, &result, options.report);
                Ok(())
            }
        };
    }
    Done {
        seq: job.seq,
        results: job.batch.items.len() as u64,
        bytes,
        counts,
    }
}

/// Frames `--format json`: a lone result stays an object only if the input was one
/// object, so the first result is held until a second one, or the end, decides.
#[derive(Default)]
struct JsonFramer {
    results: u64,
    held: Option<Vec<u8>>,
}

impl JsonFramer {
    fn write(
        &mut self,
        out: &mut dyn Write,
        format: OutputFormat,
        done: &Done,
    ) -> std::io::Result<()> {
        if format != OutputFormat::Json {
            self.results += done.results;
            return out.write_all(&done.bytes);
        }
        if done.results == 0 {
            return Ok(());
        }
        match (self.results, self.held.take()) {
            (0, _) if done.results == 1 => self.held = Some(done.bytes.clone()),
            (0, _) => {
                out.write_all(b"[\n")?;
                out.write_all(&done.bytes)?;
            }
            (_, Some(held)) => {
                out.write_all(b"[\n")?;
                out.write_all(&held)?;
                out.write_all(b",\n")?;
                out.write_all(&done.bytes)?;
            }
            (_, None) => {
                out.write_all(b",\n")?;
                out.write_all(&done.bytes)?;
            }
        }
        self.results += done.results;
        Ok(())
    }

    fn finish(
        &mut self,
        out: &mut dyn Write,
        format: OutputFormat,
        single_object: bool,
    ) -> std::io::Result<()> {
        if format != OutputFormat::Json {
            return Ok(());
        }
        match (self.results, self.held.take()) {
            (0, _) => out.write_all(b"[]\n"),
            (_, Some(held)) if single_object => {
                out.write_all(&held)?;
                out.write_all(b"\n")
            }
            (_, Some(held)) => {
                out.write_all(b"[\n")?;
                out.write_all(&held)?;
                out.write_all(b"\n]\n")
            }
            (_, None) => out.write_all(b"\n]\n"),
        }
    }
}

// ---- the run summary --------------------------------------------------------------------------

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
pub fn write_summary_json(
    out: &mut dyn Write,
    rules: &RuleSet,
    counts: &Counts,
) -> std::io::Result<()> {
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
pub fn write_summary_text(
    out: &mut dyn Write,
    rules: &RuleSet,
    counts: &Counts,
) -> std::io::Result<()> {
    writeln!(
        out,
        "Summary: {} records read, {} screened, {} invalid (rules {}, {})",
        counts.read(),
        counts.screened,
        counts.invalid,
        rules.tag(),
        rules.short_hash()
    )?;
    let width = rules
        .factors
        .iter()
        .map(|f| f.id.len())
        .max()
        .unwrap_or(6)
        .max(6);
    writeln!(
        out,
        "  {:width$}  {:>9}  {:>12}  {:>9}",
        "factor", "present", "not assessed", "absent"
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
    writeln!(
        out,
        "  Counts of records, not of children at risk: no factor is a diagnosis."
    )
}
