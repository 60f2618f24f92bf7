//! `cp-screen screen`: answer records in, one result per record out, in input order.
//! A bad record becomes an invalid result and the others go on; only input that cannot be
//! read as records at all stops the run (after everything before it was written).

use std::io::{Read, Write};
use std::sync::Arc;

use crate::answers::{Record, RecordReader};
use crate::cli::OutputFormat;
use crate::error::Error;
use crate::input::{self, Batch, Fill, Item, Shape};
use crate::report::{self, Position, ReportOptions, ScreenResult};
use crate::rules::RuleSet;

/// One input to screen.
pub struct Input {
    /// "<stdin>" or the path as given.
    pub name: String,
    pub reader: Box<dyn Read + Send>,
}

#[derive(Debug, Clone, Copy)]
pub struct ScreenOptions {
    pub format: OutputFormat,
    pub allow_extra_fields: bool,
    pub report: ReportOptions,
}

/// How a run went, for the exit code and the closing message.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub screened: u64,
    pub invalid: u64,
}

impl Counts {
    pub fn read(&self) -> u64 {
        self.screened + self.invalid
    }
}

/// Turns one raw item into a result: parse, then screen if the record is valid.
pub fn screen_item(
    reader: &RecordReader<'_>,
    batch: &Batch,
    item: &Item,
    file: Option<&Arc<str>>,
) -> ScreenResult {
    let record = match &item.problem {
        Some(problem) => Record::broken(reader.rules, problem.clone()),
        None => match reader.parse_json(batch.bytes(item)) {
            Ok(record) => record,
            Err(e) => Record::broken(reader.rules, syntax_message(&e, item)),
        },
    };
    ScreenResult::new(
        reader.rules,
        Position {
            file: file.cloned(),
            record: item.record,
            line: Some(item.line),
        },
        record,
    )
}

/// A JSON syntax error placed in the whole input ("line 7, column 12"), not in the record.
fn syntax_message(e: &serde_json::Error, item: &Item) -> String {
    let (l, c) = (e.line() as u64, e.column() as u64);
    let line = item.line + l.saturating_sub(1);
    let column = if l <= 1 {
        item.column + c.saturating_sub(1)
    } else {
        c
    };
    let full = e.to_string();
    let what = full
        .strip_suffix(&format!(" at line {l} column {c}"))
        .unwrap_or(&full);
    let hint = if e.is_eof() {
        " (is the record cut short?)"
    } else {
        ""
    };
    format!("not valid JSON at line {line}, column {column}: {what}{hint}")
}

/// Writes results in the chosen format, wrapping JSON results in an array when needed.
struct ResultWriter<'a> {
    out: &'a mut dyn Write,
    rules: &'a RuleSet,
    rules_tag: String,
    options: ScreenOptions,
    /// `--format json`: the first result, held until we know if there is a second.
    pending: Option<Vec<u8>>,
    written: u64,
    scratch: Vec<u8>,
}

impl<'a> ResultWriter<'a> {
    fn write(&mut self, result: &ScreenResult) -> Result<(), Error> {
        let opts = self.options.report;
        self.scratch.clear();
        match self.options.format {
            OutputFormat::Text => {
                if self.written > 0 {
                    self.out.write_all(b"\n")?;
                }
                report::write_text(&mut *self.out, self.rules, &self.rules_tag, result, opts)?;
            }
            OutputFormat::Jsonl => {
                report::write_json(&mut self.scratch, self.rules, &self.rules_tag, result, opts)?;
                self.scratch.push(b'\n');
                self.out.write_all(&self.scratch)?;
            }
            OutputFormat::Json => {
                report::write_json(&mut self.scratch, self.rules, &self.rules_tag, result, opts)?;
                match self.written {
                    0 => self.pending = Some(self.scratch.clone()),
                    1 => {
                        self.out.write_all(b"[\n")?;
                        self.out
                            .write_all(&self.pending.take().unwrap_or_default())?;
                        self.out.write_all(b",\n")?;
                        self.out.write_all(&self.scratch)?;
                    }
                    _ => {
                        self.out.write_all(b",\n")?;
                        self.out.write_all(&self.scratch)?;
                    }
                }
            }
        }
        self.written += 1;
        Ok(())
    }

    /// Closes the JSON document: a lone result stays an object only if the input was one.
    fn finish(&mut self, single_object: bool) -> Result<(), Error> {
        if self.options.format != OutputFormat::Json {
            return Ok(());
        }
        match (self.written, self.pending.take()) {
            (0, _) => self.out.write_all(b"[]\n")?,
            (1, Some(only)) if single_object => {
                self.out.write_all(&only)?;
                self.out.write_all(b"\n")?;
            }
            (1, Some(only)) => {
                self.out.write_all(b"[\n")?;
                self.out.write_all(&only)?;
                self.out.write_all(b"\n]\n")?;
            }
            _ => self.out.write_all(b"\n]\n")?,
        }
        Ok(())
    }
}

/// Screens every input in order into `out`. On a broken input, what came before is written
/// and flushed, then the error is returned.
pub fn screen_inputs(
    rules: &RuleSet,
    inputs: Vec<Input>,
    options: ScreenOptions,
    out: &mut dyn Write,
) -> Result<Counts, Error> {
    let reader = RecordReader {
        rules,
        allow_extra_fields: options.allow_extra_fields,
    };
    let several = inputs.len() > 1;
    let mut writer = ResultWriter {
        out,
        rules,
        rules_tag: rules.tag(),
        options,
        pending: None,
        written: 0,
        scratch: Vec::new(),
    };
    let mut counts = Counts::default();
    let mut single_object = !several;
    let mut batch = Batch::default();
    for input in inputs {
        let file: Option<Arc<str>> = several.then(|| Arc::from(input.name.as_str()));
        let mut source = match input::open(input.reader, &input.name) {
            Ok(s) => s,
            Err(e) => {
                writer.finish(false)?;
                return Err(e);
            }
        };
        if source.shape() == Shape::Array {
            single_object = false;
        }
        loop {
            let fill = source.fill(&mut batch);
            for item in &batch.items {
                let result = screen_item(&reader, &batch, item, file.as_ref());
                if result.is_valid() {
                    counts.screened += 1;
                } else {
                    counts.invalid += 1;
                }
                writer.write(&result)?;
            }
            match fill {
                Fill::More => continue,
                Fill::Done => break,
                Fill::Failed(e) => {
                    writer.finish(false)?;
                    writer.out.flush()?;
                    return Err(match e {
                        Error::ReadInput { source, .. } => Error::ReadInput {
                            path: input.name.clone(),
                            source,
                        },
                        Error::Input(m) if !m.starts_with(&input.name) => {
                            Error::Input(format!("{}: {m}", input.name))
                        }
                        other => other,
                    });
                }
            }
        }
    }
    writer.finish(single_object && counts.read() == 1)?;
    writer.out.flush()?;
    Ok(counts)
}
