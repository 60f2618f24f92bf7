//! Reading answer records from a byte stream without loading it whole. The shape of the
//! input (one object, an array of objects, JSON Lines, or pretty-printed objects back to
//! back) is detected from its first bytes. Records come out in batches of raw JSON slices
//! (CSV rows as their cells) with their positions, so that parsing and screening can
//! happen elsewhere.

use std::io::{self, Read};
use std::ops::Range;
use std::sync::Arc;

use serde::de::IgnoredAny;

use crate::answers::{FieldError, Record, RecordReader};
use crate::error::Error;
use crate::problem::{InputProblem, RecordPlace, RecordProblem};

/// `--input-format`: how `screen` reads its inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InputFormat {
    /// CSV for *.csv files, otherwise JSON (object, array or JSON Lines, detected).
    Auto,
    Json,
    /// A header row of question ids (and optionally id), one record per row.
    Csv,
    /// FHIR R4 QuestionnaireResponses: one, a Bundle of them, or NDJSON (also detected
    /// from "resourceType").
    Fhir,
}

/// Bytes read from the input at a time.
const CHUNK: usize = 256 * 1024;
/// The largest record (a line, an array element) read whole. A longer one is skipped
/// without being kept in memory and reported as an invalid record, so memory stays flat
/// whatever the input holds. Real answer records are a few hundred bytes.
pub const MAX_RECORD_BYTES: usize = 1024 * 1024;

fn too_long(place: RecordPlace, bytes: u64) -> Box<RecordProblem> {
    Box::new(RecordProblem::TooLarge {
        place,
        bytes,
        limit: MAX_RECORD_BYTES,
    })
}

fn input_error(name: &str, problem: InputProblem) -> Error {
    Error::Input {
        name: name.to_string(),
        problem: Box::new(problem),
    }
}
/// A batch is handed on once it holds this many bytes of records...
const BATCH_BYTES: usize = 64 * 1024;
/// ...or this many records. Small batches keep memory flat: a few are in flight at once,
/// each with its rendered output (text reports are a few times larger than the input).
const BATCH_RECORDS: usize = 256;

/// How the input was laid out; decides whether `--format json` prints an object or an array.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// JSON Lines, or objects back to back.
    Stream,
    /// A top-level array of records.
    Array,
}

/// One record's place in the input and its raw JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub bytes: Range<usize>,
    /// 1-based record number in this input.
    pub record: u64,
    /// 1-based line and column where the record starts (no line for CSV rows, whose
    /// cells may span lines).
    pub line: Option<u64>,
    pub column: u64,
    /// A problem found while splitting (an empty array element), instead of JSON to parse.
    /// Boxed: it is rare, and items are moved for every record.
    pub problem: Option<Box<RecordProblem>>,
}

/// What a batch's records are, and so how a worker decodes them ([`decode`]).
#[derive(Debug, Clone, Default)]
pub enum Encoding {
    /// Answer records: JSON objects keyed by question id.
    #[default]
    Answers,
    /// FHIR R4 QuestionnaireResponses (JSON).
    Fhir,
    /// CSV rows, each stored as its cells (see `CsvColumns`) and named by the columns
    /// planned from the header.
    Cells(Arc<CsvColumns>),
}

/// Records read so far; `buf` holds their bytes, in the batch's `encoding`.
#[derive(Debug, Default)]
pub struct Batch {
    pub buf: Vec<u8>,
    pub items: Vec<Item>,
    pub encoding: Encoding,
}

impl Batch {
    pub fn clear(&mut self) {
        self.buf.clear();
        self.items.clear();
        self.encoding = Encoding::Answers;
    }

    /// The same, keeping the buffer's bytes (and its length, so that it need not be zeroed
    /// again to be read into).
    pub(crate) fn clear_items(&mut self) {
        self.items.clear();
        self.encoding = Encoding::Answers;
    }

    pub fn bytes(&self, item: &Item) -> &[u8] {
        &self.buf[item.bytes.clone()]
    }

    /// Lets go of a buffer grown well past a batch's usual size (by one huge record), so
    /// that a batch kept for the next one holds no more memory than usual.
    pub(crate) fn shrink(&mut self) {
        if self.buf.capacity() > 4 * BATCH_BYTES {
            self.buf = Vec::new();
        }
    }

    pub(crate) fn full(&self) -> bool {
        self.buf.len() >= BATCH_BYTES || self.items.len() >= BATCH_RECORDS
    }

    /// Adds a record starting at `line`, `column`: its bytes, or the problem that stands
    /// for them (then the bytes are not kept).
    pub(crate) fn push(
        &mut self,
        bytes: &[u8],
        record: u64,
        (line, column): (u64, u64),
        problem: Option<Box<RecordProblem>>,
    ) {
        let at = self.buf.len();
        if problem.is_none() {
            self.buf.extend_from_slice(bytes);
        }
        self.items.push(Item {
            bytes: at..self.buf.len(),
            record,
            line: Some(line),
            column,
            problem,
        });
    }
}

/// What filling a batch came to. The batch's records are always to be screened first.
#[derive(Debug)]
pub enum Fill {
    More,
    Done,
    /// The input broke off here (a truncated array, bytes after the end): exit code 2.
    Failed(Error),
}

/// A source of record batches.
pub trait Source: Send {
    fn shape(&self) -> Shape;
    /// Reads records into `batch` and sets its `encoding`.
    fn fill(&mut self, batch: &mut Batch) -> Fill;
}

/// Whether JSON input holds FHIR resources.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resources {
    /// Answer records, unless the first object has a `resourceType`.
    Detect,
    /// FHIR QuestionnaireResponses (`--input-format fhir`).
    Fhir,
}

/// Another source's records, read as FHIR resources.
struct FhirSource(Box<dyn Source>);

impl Source for FhirSource {
    fn shape(&self) -> Shape {
        self.0.shape()
    }
    fn fill(&mut self, batch: &mut Batch) -> Fill {
        let fill = self.0.fill(batch);
        batch.encoding = Encoding::Fhir;
        fill
    }
}

/// Decodes one record of a batch by the batch's encoding: the one place where an input
/// format becomes a record. Problems of a whole array element are placed by its index.
pub fn decode(reader: &RecordReader<'_>, batch: &Batch, item: &Item, shape: Shape) -> Record {
    let mut record = match (&item.problem, &batch.encoding) {
        (Some(problem), _) => Record::broken(reader.rules, (**problem).clone()),
        (None, Encoding::Cells(columns)) => {
            let mut record = reader.read_cells(columns.cells(batch.bytes(item)), item.record);
            record.kept = columns.kept(batch.bytes(item));
            record
        }
        (None, json) => {
            let bytes = batch.bytes(item);
            let parsed = match json {
                Encoding::Fhir => reader.parse_fhir(bytes),
                _ => reader.parse_json(bytes),
            };
            parsed.unwrap_or_else(|e| Record::broken(reader.rules, syntax_problem(&e, item)))
        }
    };
    if shape == Shape::Array && item.problem.is_none() {
        let whole = |e: &&mut FieldError| {
            e.field.is_none() && !matches!(e.problem, RecordProblem::MoreErrors { .. })
        };
        for e in record.errors.iter_mut().filter(whole) {
            e.problem = RecordProblem::InArray {
                element: item.record,
                inner: Box::new(e.problem.clone()),
            };
        }
    }
    record
}

/// A JSON syntax error placed in the whole input ("line 7, column 12"), not in the record.
fn syntax_problem(e: &serde_json::Error, item: &Item) -> RecordProblem {
    let (l, c) = (e.line() as u64, e.column() as u64);
    let full = e.to_string();
    let what = full
        .strip_suffix(&format!(" at line {l} column {c}"))
        .unwrap_or(&full);
    let at = item.line.map(|first| {
        let line = first + l.saturating_sub(1);
        let column = if l <= 1 {
            item.column + c.saturating_sub(1)
        } else {
            c
        };
        (line, column)
    });
    RecordProblem::InvalidJson {
        at,
        what: what.to_string(),
        cut_short: e.is_eof(),
    }
}

/// Reads until `buf` has at least `want` bytes or the input ends; retries interruptions.
fn read_more(reader: &mut dyn Read, buf: &mut Vec<u8>, want: usize) -> io::Result<bool> {
    let mut filled = buf.len();
    if filled >= want {
        return Ok(false);
    }
    // Zeroed once, however many reads it takes to fill (a pipe may hand over a few bytes
    // at a time): zeroing costs less than letting `read_to_end` grow the buffer by steps.
    buf.resize(want, 0);
    let read = fill_from(reader, buf, &mut filled);
    buf.truncate(filled);
    read
}

/// Reads into `buf[*filled..]` until `buf` is full or the input ends (then `true`),
/// counting in `filled` every byte read, also when a read then fails; retries
/// interruptions.
fn fill_from(reader: &mut dyn Read, buf: &mut [u8], filled: &mut usize) -> io::Result<bool> {
    while *filled < buf.len() {
        match reader.read(&mut buf[*filled..]) {
            Ok(0) => return Ok(true),
            Ok(n) => *filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(false)
}

/// A failed read of the input called `name`.
fn read_error(name: &str, source: io::Error) -> Error {
    Error::ReadInput {
        path: name.to_string(),
        source,
    }
}

/// The UTF-8 byte order mark some editors put at the start of a file.
const BOM: &[u8] = b"\xEF\xBB\xBF";

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Opens an input in its format (`Auto`: CSV for a `.csv` name, otherwise JSON, read as
/// FHIR when its first object is a resource). `plan` maps a CSV header to record keys.
/// Whether the input `name` is read as CSV: `--input-format csv`, or a file named *.csv.
pub fn reads_csv(format: InputFormat, name: &str) -> bool {
    match format {
        InputFormat::Csv => true,
        InputFormat::Json | InputFormat::Fhir => false,
        InputFormat::Auto => name.to_ascii_lowercase().ends_with(".csv"),
    }
}

pub fn open_as(
    reader: Box<dyn Read + Send>,
    name: &str,
    format: InputFormat,
    plan: ColumnPlan<'_>,
    delimiter: Option<u8>,
) -> Result<Box<dyn Source>, Error> {
    if reads_csv(format, name) {
        open_csv(reader, name, plan, delimiter)
    } else {
        let resources = match format {
            InputFormat::Fhir => Resources::Fhir,
            _ => Resources::Detect,
        };
        open(reader, name, resources)
    }
}

/// Detects the input's shape from its first bytes and returns a source for it.
/// `name` is used in messages ("<stdin>" or the path).
///
/// Memory stays flat whatever comes first: leading whitespace is counted and dropped as it
/// is read, and the first line is looked at only up to the record limit.
///
/// The records are FHIR resources with `Resources::Fhir`, or when the first object has a
/// `resourceType`; a FHIR Bundle (or any object too long to look at whole, with
/// `Resources::Fhir`) is read by a `BundleSource`.
pub fn open(
    mut reader: Box<dyn Read + Send>,
    name: &str,
    resources: Resources,
) -> Result<Box<dyn Source>, Error> {
    let read_err = |source| read_error(name, source);
    let mut head = Vec::new();
    let mut eof = false;
    while head.len() < BOM.len() && !eof {
        eof = read_more(&mut *reader, &mut head, CHUNK).map_err(read_err)?;
    }
    // The byte order mark goes here, once, so that no reader (and not serde_json) sees it;
    // positions are counted as if it were not there.
    if head.starts_with(BOM) {
        head.drain(..BOM.len());
    }
    // Drop whitespace up to the first byte that is not, counting its lines.
    let (mut dropped, mut newlines, mut line_start) = (0u64, 0u64, 0u64);
    loop {
        let first = head.iter().position(|b| !is_space(*b));
        let skip = first.unwrap_or(head.len());
        for i in memchr::memchr_iter(b'\n', &head[..skip]) {
            newlines += 1;
            line_start = dropped + i as u64 + 1;
        }
        head.drain(..skip);
        dropped += skip as u64;
        if first.is_some() {
            break;
        }
        if eof {
            return Err(input_error(name, InputProblem::Empty));
        }
        eof = read_more(&mut *reader, &mut head, CHUNK).map_err(read_err)?;
    }
    use bundle::{BundleSource, FirstObject, first_object};
    let first = first_object(&head);
    let fhir = resources == Resources::Fhir || matches!(first, FirstObject::Resource(_));
    let bundle = match &first {
        FirstObject::Resource(t) => t == "Bundle",
        // A Bundle whose keys are sorted: `entry` comes before `resourceType`.
        FirstObject::Open { entry } => *entry || resources == Resources::Fhir,
        FirstObject::Plain | FirstObject::NotAnObject => false,
    };
    if head[0] == b'{' && bundle {
        let at = (newlines, line_start, dropped);
        return Ok(Box::new(BundleSource::read(name, reader, head, at)?));
    }
    let source: Box<dyn Source> = match head[0] {
        b'[' => Box::new(ArraySource::new(
            name, reader, head, eof, dropped, newlines, line_start,
        )),
        b'{' => {
            // One object per line is JSON Lines; an object that spans lines is a document.
            // A first line longer than a record may be is JSON Lines (skipped as too long).
            let mut searched = 0;
            let first_line_end = loop {
                if let Some(i) = memchr::memchr(b'\n', &head[searched..]) {
                    break searched + i;
                }
                searched = head.len();
                if eof || head.len() > MAX_RECORD_BYTES {
                    break head.len();
                }
                let want = head.len() + CHUNK;
                eof = read_more(&mut *reader, &mut head, want).map_err(read_err)?;
            };
            let cut_short = first_line_end <= MAX_RECORD_BYTES
                && matches!(
                    serde_json::from_slice::<IgnoredAny>(&head[..first_line_end]),
                    Err(e) if e.is_eof()
                );
            if cut_short && (first_line_end < head.len() || !eof) {
                Box::new(DocumentSource {
                    name: name.to_string(),
                    reader,
                    buf: head,
                    base: dropped,
                    pos: 0,
                    eof,
                    line: newlines + 1,
                    line_start,
                    record: 0,
                })
            } else {
                Box::new(LineSource {
                    name: name.to_string(),
                    reader,
                    end: head.len(),
                    record_bytes: BATCH_BYTES,
                    buf: head,
                    pos: 0,
                    eof,
                    line: newlines,
                    record: 0,
                })
            }
        }
        other => {
            let line = newlines + 1;
            let column = dropped - line_start + 1;
            let shown = String::from_utf8_lossy(&head[..12.min(head.len())])
                .chars()
                .take_while(|c| *c != '\n')
                .collect::<String>();
            let shown = crate::sanitize::escape_control(&shown).into_owned();
            return Err(input_error(
                name,
                InputProblem::NotRecords {
                    line,
                    column,
                    json_value: other.is_ascii_digit() || other == b'"' || other == b'-',
                    shown,
                },
            ));
        }
    };
    Ok(if fhir {
        Box::new(FhirSource(source))
    } else {
        source
    })
}

mod array;
mod bundle;
mod csv;
mod documents;
mod lines;

use array::ArraySource;
pub use csv::{ColumnPlan, CsvColumns, open_csv};
use documents::DocumentSource;
use lines::LineSource;
#[cfg(test)]
mod tests;
