//! Reading answer records from a byte stream without loading it whole. The shape of the
//! input (one object, an array of objects, JSON Lines, or pretty-printed objects back to
//! back) is detected from its first bytes. Records come out in batches of raw JSON slices
//! (CSV rows as their cells) with their positions, so that parsing and screening can
//! happen elsewhere.

use std::io::{self, Read};
use std::ops::Range;
use std::str::Utf8Error;
use std::sync::Arc;

use serde::de::IgnoredAny;

use crate::error::Error;
use crate::problem::{ArrayBreak, HeaderProblem, InputProblem, RecordPlace, RecordProblem};

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

/// Records read so far; `buf` holds their bytes.
#[derive(Debug, Default)]
pub struct Batch {
    pub buf: Vec<u8>,
    pub items: Vec<Item>,
    /// Set when the items are CSV rows: each item's bytes are then the row's cells (read
    /// them with `CsvColumns::cells`), not JSON.
    pub cells: Option<Arc<CsvColumns>>,
}

impl Batch {
    pub fn clear(&mut self) {
        self.buf.clear();
        self.items.clear();
        self.cells = None;
    }

    pub fn bytes(&self, item: &Item) -> &[u8] {
        &self.buf[item.bytes.clone()]
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
    fn fill(&mut self, batch: &mut Batch) -> Fill;
    /// Whether the records are FHIR QuestionnaireResponses rather than answer records.
    fn fhir(&self) -> bool {
        false
    }
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
        self.0.fill(batch)
    }
    fn fhir(&self) -> bool {
        true
    }
}

/// Reads until `buf` has at least `want` bytes or the input ends; retries interruptions.
fn read_more(reader: &mut dyn Read, buf: &mut Vec<u8>, want: usize) -> io::Result<bool> {
    while buf.len() < want {
        let old = buf.len();
        // Zeroing first costs less than letting `read_to_end` grow the buffer by steps.
        buf.resize(want, 0);
        match reader.read(&mut buf[old..]) {
            Ok(0) => {
                buf.truncate(old);
                return Ok(true);
            }
            Ok(n) => buf.truncate(old + n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => buf.truncate(old),
            Err(e) => {
                buf.truncate(old);
                return Err(e);
            }
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
    use crate::fhir::bundle::{BundleSource, FirstObject, first_object};
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

// ---- JSON Lines ---------------------------------------------------------------------------

/// One record per line; blank lines are not records. A batch ends at `BATCH_RECORDS`
/// records or `BATCH_BYTES` bytes, whichever comes first, so tiny records do not make huge
/// batches (each record's rendered result can be a thousand times its input).
struct LineSource {
    /// The input's name, for errors.
    name: String,
    reader: Box<dyn Read + Send>,
    /// Bytes read; `buf[pos..]` are not yet handed out.
    buf: Vec<u8>,
    pos: usize,
    eof: bool,
    line: u64,
    record: u64,
}

impl LineSource {
    /// Drops what was handed out and reads more.
    fn refill(&mut self) -> Result<(), Error> {
        self.buf.drain(..self.pos);
        self.pos = 0;
        let want = self.buf.len() + CHUNK;
        self.eof = read_more(&mut *self.reader, &mut self.buf, want)
            .map_err(|source| read_error(&self.name, source))?;
        Ok(())
    }

    /// Skips the rest of an over-long line (it starts at `pos`) without keeping it, and
    /// adds an invalid record for it.
    fn skip_long_line(&mut self, batch: &mut Batch) -> Result<(), Error> {
        let mut seen = 0u64;
        let mut blank = true;
        loop {
            let rest = &self.buf[self.pos..];
            if let Some(i) = memchr::memchr(b'\n', rest) {
                seen += i as u64;
                blank &= rest[..i].iter().all(|b| is_space(*b));
                self.pos += i + 1;
                break;
            }
            seen += rest.len() as u64;
            blank &= rest.iter().all(|b| is_space(*b));
            self.pos = self.buf.len();
            if self.eof {
                break;
            }
            self.refill()?;
        }
        self.line += 1;
        if blank {
            // However long, a blank line is not a record.
            return Ok(());
        }
        self.record += 1;
        let at = batch.buf.len();
        batch.items.push(Item {
            bytes: at..at,
            record: self.record,
            line: Some(self.line),
            column: 1,
            problem: Some(too_long(RecordPlace::Line(self.line), seen)),
        });
        Ok(())
    }

    /// Hands out the complete lines in `buf[pos..]`, up to a full batch, copying them into
    /// the batch in one piece.
    fn take_lines(&mut self, batch: &mut Batch) {
        let from = self.pos;
        let offset = batch.buf.len();
        let mut start = from;
        let mut records = batch.items.len();
        let mut bytes = batch.buf.len();
        while records < BATCH_RECORDS && bytes < BATCH_BYTES {
            let Some(i) = memchr::memchr(b'\n', &self.buf[start..]) else {
                break;
            };
            let end = start + i;
            self.line += 1;
            if self.buf[start..end].iter().any(|b| !is_space(*b)) {
                self.record += 1;
                records += 1;
                let long = end - start > MAX_RECORD_BYTES;
                let (s, e) = (offset + start - from, offset + end - from);
                batch.items.push(Item {
                    bytes: if long { s..s } else { s..e },
                    record: self.record,
                    line: Some(self.line),
                    column: 1,
                    problem: long
                        .then(|| too_long(RecordPlace::Line(self.line), (end - start) as u64)),
                });
            }
            bytes += end + 1 - start;
            start = end + 1;
        }
        batch.buf.extend_from_slice(&self.buf[from..start]);
        self.pos = start;
    }
}

impl Source for LineSource {
    fn shape(&self) -> Shape {
        Shape::Stream
    }

    fn fill(&mut self, batch: &mut Batch) -> Fill {
        batch.clear();
        while !batch.full() {
            self.take_lines(batch);
            if batch.full() {
                break;
            }
            // What is left is an unfinished line (or nothing).
            let rest = self.buf.len() - self.pos;
            if self.eof {
                if rest == 0 {
                    return Fill::Done;
                }
                // The last line, without a newline: end it, and take it on the next pass.
                self.buf.push(b'\n');
                continue;
            }
            let step = if rest > MAX_RECORD_BYTES {
                // One unfinished line, already too long: drop it as it comes.
                self.skip_long_line(batch)
            } else {
                self.refill()
            };
            if let Err(e) = step {
                return Fill::Failed(e);
            }
        }
        if self.eof && self.pos == self.buf.len() {
            Fill::Done
        } else {
            Fill::More
        }
    }
}

// ---- documents back to back ---------------------------------------------------------------

/// Objects back to back, pretty-printed or not, read as a stream: a record ends where its
/// object closes. A line that starts with `{` always starts a new record, so a broken
/// record (a typo, a line cut short) becomes one invalid result and never swallows the
/// records after it. Text that is not an object is an invalid record up to the end of its
/// line.
struct DocumentSource {
    /// The input's name, for errors.
    name: String,
    reader: Box<dyn Read + Send>,
    buf: Vec<u8>,
    /// Offset of `buf[0]` in the input.
    base: u64,
    /// Where reading goes on in `buf`.
    pos: usize,
    eof: bool,
    /// The line at `pos`, and the input offset where it starts.
    line: u64,
    line_start: u64,
    record: u64,
}

impl DocumentSource {
    /// Reads more after dropping `buf[..keep]`; false at the end of the input (then nothing
    /// was dropped).
    fn more(&mut self, keep: usize) -> Result<bool, Error> {
        if self.eof {
            return Ok(false);
        }
        self.buf.drain(..keep);
        self.base += keep as u64;
        self.pos -= keep;
        let want = self.buf.len() + CHUNK;
        self.eof = read_more(&mut *self.reader, &mut self.buf, want)
            .map_err(|source| read_error(&self.name, source))?;
        Ok(true)
    }

    /// Reads the next record into `batch`; false at the end of the input.
    fn next_record(&mut self, batch: &mut Batch) -> Result<bool, Error> {
        // Whitespace between records.
        loop {
            while self.pos < self.buf.len() && is_space(self.buf[self.pos]) {
                if self.buf[self.pos] == b'\n' {
                    self.line += 1;
                    self.line_start = self.base + self.pos as u64 + 1;
                }
                self.pos += 1;
            }
            if self.pos < self.buf.len() {
                break;
            }
            if !self.more(self.pos)? {
                return Ok(false);
            }
        }
        let first_abs = self.base + self.pos as u64;
        let (line, column) = (self.line, first_abs - self.line_start + 1);
        let object = self.buf[self.pos] == b'{';
        // The record's first byte still kept in `buf` (none once it is too long).
        let mut start = self.pos;
        let (mut depth, mut in_string, mut escaped) = (0u32, false, false);
        let limit = MAX_RECORD_BYTES as u64;
        loop {
            if self.pos >= self.buf.len() {
                let long = self.base + self.pos as u64 - first_abs > limit;
                let keep = if long { self.pos } else { start };
                if !self.more(keep)? {
                    break;
                }
                start = 0;
                continue;
            }
            let b = self.buf[self.pos];
            if b == b'\n' {
                // A newline ends text that is not an object, and ends an object early when
                // the next line starts with `{`.
                if self.pos + 1 >= self.buf.len() && !self.eof {
                    let long = self.base + self.pos as u64 - first_abs > limit;
                    let keep = if long { self.pos } else { start };
                    self.more(keep)?;
                    start = 0;
                    continue;
                }
                if !object || self.buf.get(self.pos + 1) == Some(&b'{') {
                    break;
                }
                self.line += 1;
                self.line_start = self.base + self.pos as u64 + 1;
                self.pos += 1;
                escaped = false;
                continue;
            }
            if !object {
                self.pos += 1;
                continue;
            }
            if in_string {
                if escaped {
                    escaped = false;
                    self.pos += 1;
                    continue;
                }
                match memchr::memchr3(b'"', b'\\', b'\n', &self.buf[self.pos..]) {
                    None => self.pos = self.buf.len(),
                    Some(0) => {
                        match b {
                            b'\\' => escaped = true,
                            _ => in_string = false,
                        }
                        self.pos += 1;
                    }
                    // A newline is handled above, on the next pass.
                    Some(k) => self.pos += k,
                }
                continue;
            }
            self.pos += 1;
            match b {
                b'"' => in_string = true,
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
        }
        // Trailing whitespace (a line cut short before a newline) is not part of it.
        let mut end = self.pos;
        while end > start && is_space(self.buf[end - 1]) {
            end -= 1;
        }
        let length = self.base + self.pos as u64 - first_abs;
        self.record += 1;
        let problem = (length > limit).then(|| too_long(RecordPlace::Line(line), length));
        batch.push(&self.buf[start..end], self.record, (line, column), problem);
        Ok(true)
    }
}

impl Source for DocumentSource {
    fn shape(&self) -> Shape {
        Shape::Stream
    }

    fn fill(&mut self, batch: &mut Batch) -> Fill {
        batch.clear();
        while !batch.full() {
            match self.next_record(batch) {
                Ok(true) => {}
                Ok(false) => return Fill::Done,
                Err(e) => return Fill::Failed(e),
            }
        }
        Fill::More
    }
}

// ---- a top-level array --------------------------------------------------------------------

/// Splits a top-level array into elements by tracking strings and nesting, without
/// parsing; each element is then parsed on its own, so one bad element is one invalid
/// record. Only a broken array structure (a truncated file) stops the input.
struct ArraySource {
    /// The input's name, for errors.
    name: String,
    reader: Box<dyn Read + Send>,
    chunk: Vec<u8>,
    pos: usize,
    /// Offset of `chunk[0]` in the whole input.
    base: u64,
    eof: bool,
    depth: u32,
    in_string: bool,
    escaped: bool,
    /// Inside an element: where it started (batch offset, line, column).
    element: Option<(usize, u64, u64)>,
    /// A comma at depth 1 was seen and no element followed yet.
    after_comma: bool,
    line: u64,
    /// Input offset where the current line starts.
    line_start: u64,
    index: u64,
    closed: bool,
    /// Bytes of the current element so far; past `MAX_RECORD_BYTES` they are not kept.
    element_bytes: u64,
}

impl ArraySource {
    /// `chunk` starts at the opening bracket, `base` bytes into the input.
    fn new(
        name: &str,
        reader: Box<dyn Read + Send>,
        chunk: Vec<u8>,
        eof: bool,
        base: u64,
        newlines_before: u64,
        line_start: u64,
    ) -> ArraySource {
        ArraySource {
            name: name.to_string(),
            reader,
            chunk,
            pos: 0,
            base,
            eof,
            depth: 0,
            in_string: false,
            escaped: false,
            element: None,
            after_comma: false,
            line: newlines_before + 1,
            line_start,
            index: 0,
            closed: false,
            element_bytes: 0,
        }
    }

    fn column(&self) -> u64 {
        self.base + self.pos as u64 - self.line_start + 1
    }

    fn finish_element(&mut self, batch: &mut Batch) {
        if let Some((start, line, column)) = self.element.take() {
            while batch.buf.len() > start && is_space(batch.buf[batch.buf.len() - 1]) {
                batch.buf.pop();
            }
            self.index += 1;
            let long = self.element_bytes > MAX_RECORD_BYTES as u64;
            batch.items.push(Item {
                bytes: start..batch.buf.len(),
                record: self.index,
                line: Some(line),
                column,
                problem: long
                    .then(|| too_long(RecordPlace::ArrayElement(self.index), self.element_bytes)),
            });
            self.element_bytes = 0;
        }
    }

    fn empty_element(&mut self, batch: &mut Batch) {
        self.index += 1;
        let (line, column) = (self.line, self.column());
        batch.items.push(Item {
            bytes: batch.buf.len()..batch.buf.len(),
            record: self.index,
            line: Some(line),
            column,
            problem: Some(Box::new(RecordProblem::EmptyArrayElement {
                element: self.index,
                line,
                column,
            })),
        });
    }

    fn broken(&self, how: ArrayBreak) -> Fill {
        Fill::Failed(input_error(
            &self.name,
            InputProblem::ArrayBroken {
                how,
                line: self.line,
                column: self.column(),
                records: self.index,
            },
        ))
    }
}

impl Source for ArraySource {
    fn shape(&self) -> Shape {
        Shape::Array
    }

    fn fill(&mut self, batch: &mut Batch) -> Fill {
        batch.clear();
        loop {
            if self.pos >= self.chunk.len() {
                if self.eof {
                    return if self.closed {
                        Fill::Done
                    } else {
                        self.broken(ArrayBreak::EndsInside)
                    };
                }
                self.base += self.chunk.len() as u64;
                self.chunk.clear();
                self.pos = 0;
                match read_more(&mut *self.reader, &mut self.chunk, CHUNK) {
                    Ok(eof) => self.eof = eof,
                    Err(e) => return Fill::Failed(read_error(&self.name, e)),
                }
                continue;
            }
            if self.closed {
                // Only whitespace may follow the array.
                let rest = &self.chunk[self.pos..];
                match rest.iter().position(|b| !is_space(*b)) {
                    None => {
                        for i in memchr::memchr_iter(b'\n', rest) {
                            self.line += 1;
                            self.line_start = self.base + (self.pos + i) as u64 + 1;
                        }
                        self.pos = self.chunk.len();
                        continue;
                    }
                    Some(k) => {
                        for i in memchr::memchr_iter(b'\n', &rest[..k]) {
                            self.line += 1;
                            self.line_start = self.base + (self.pos + i) as u64 + 1;
                        }
                        self.pos += k;
                        return self.broken(ArrayBreak::TextAfter);
                    }
                }
            }
            let run_start = self.pos;
            // Where, in this chunk, the element's bytes of this run begin.
            let mut copy_from = self.element.is_some().then_some(run_start);
            // Scan this chunk until an element ends or the chunk runs out.
            let mut ended_element = false;
            while self.pos < self.chunk.len() {
                let b = self.chunk[self.pos];
                if self.in_string {
                    if self.escaped {
                        self.escaped = false;
                        self.pos += 1;
                        continue;
                    }
                    match memchr::memchr3(b'"', b'\\', b'\n', &self.chunk[self.pos..]) {
                        None => self.pos = self.chunk.len(),
                        Some(k) => {
                            self.pos += k;
                            match self.chunk[self.pos] {
                                b'\\' => self.escaped = true,
                                b'\n' => {
                                    self.line += 1;
                                    self.line_start = self.base + self.pos as u64 + 1;
                                }
                                _ => self.in_string = false,
                            }
                            self.pos += 1;
                        }
                    }
                    continue;
                }
                match b {
                    b'\n' => {
                        self.line += 1;
                        self.line_start = self.base + self.pos as u64 + 1;
                    }
                    b' ' | b'\t' | b'\r' => {}
                    b',' | b']' | b'}' if self.depth == 1 && self.element.is_some() => {
                        ended_element = true;
                        break;
                    }
                    b',' if self.depth == 1 => {
                        self.empty_element(batch);
                        self.after_comma = true;
                    }
                    b']' if self.depth == 1 => {
                        if self.after_comma {
                            self.empty_element(batch);
                        }
                        self.depth = 0;
                        self.closed = true;
                        self.pos += 1;
                        break;
                    }
                    b'}' if self.depth == 1 => {
                        return self.broken(ArrayBreak::UnexpectedBrace);
                    }
                    b'[' if self.depth == 0 => {
                        // The opening bracket of the array itself.
                        self.depth = 1;
                    }
                    _ => {
                        if self.depth == 1 && self.element.is_none() {
                            let (line, column) = (self.line, self.column());
                            self.element = Some((batch.buf.len(), line, column));
                            self.element_bytes = 0;
                            self.after_comma = false;
                            copy_from = Some(self.pos);
                        }
                        match b {
                            b'"' => self.in_string = true,
                            b'[' | b'{' => self.depth += 1,
                            b']' | b'}' => self.depth -= 1,
                            _ => {}
                        }
                    }
                }
                self.pos += 1;
            }
            if let Some(from) = copy_from {
                let before = self.element_bytes;
                self.element_bytes += (self.pos - from) as u64;
                if self.element_bytes <= MAX_RECORD_BYTES as u64 {
                    batch.buf.extend_from_slice(&self.chunk[from..self.pos]);
                } else if before <= MAX_RECORD_BYTES as u64 {
                    // Too long: forget what was kept; the structure is still followed.
                    if let Some((start, _, _)) = self.element {
                        batch.buf.truncate(start);
                    }
                }
            }
            if ended_element {
                self.finish_element(batch);
                if self.chunk[self.pos] == b',' {
                    self.after_comma = true;
                    self.pos += 1;
                }
                // A closing bracket is handled on the next pass.
                if batch.full() {
                    return Fill::More;
                }
            }
        }
    }
}

// ---- CSV ----------------------------------------------------------------------------------

/// What to do with each CSV column, decided from the header by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Column {
    /// Becomes this key of the record (a question id, or "id").
    Key(String),
    /// Left out (`--allow-extra-fields`).
    Skip,
}

/// Where the CSV guard is in the text, following the rules of the `csv` crate's parser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quoting {
    /// At the start of a cell.
    CellStart,
    /// In a cell that did not start with a quote (quotes in it are plain characters).
    Plain,
    /// In a quoted cell.
    Quoted,
    /// Just after a quote inside a quoted cell: a closing quote, or the first of `""`.
    QuoteSeen,
}

/// Sits between the input and the `csv` parser, which would otherwise keep a row of any
/// length in memory and accept input that ends inside a quoted cell. It follows the
/// quoting itself: a row longer than `MAX_RECORD_BYTES` is cut there (the parser sees the
/// row end) and the rest of it is skipped unkept; it notes where rows were cut and whether
/// the input ended inside quotes.
struct CsvGuard {
    inner: Box<dyn Read + Send>,
    state: Quoting,
    /// Bytes of the current row passed on so far.
    row_bytes: u64,
    /// Skipping the rest of a row that was cut.
    skipping: bool,
    /// Bytes to hand the parser before anything else (the end of a cut row).
    inject: Vec<u8>,
    /// Bytes handed to the parser so far.
    passed: u64,
    /// Where (in bytes handed to the parser) rows were cut, with their full lengths so
    /// far; the last length grows while its row is skipped.
    cuts: Vec<(u64, u64)>,
    /// Bytes read from the input; `pending[pending_pos..]` are not yet looked at.
    pending: Vec<u8>,
    pending_pos: usize,
    /// The input has ended.
    ended: bool,
    /// The cell separator (a quote opens a quoted cell only at a cell's start).
    delimiter: u8,
}

impl CsvGuard {
    fn new(inner: Box<dyn Read + Send>, delimiter: u8) -> CsvGuard {
        CsvGuard {
            delimiter,
            inner,
            state: Quoting::CellStart,
            row_bytes: 0,
            skipping: false,
            inject: Vec::new(),
            passed: 0,
            cuts: Vec::new(),
            pending: Vec::new(),
            pending_pos: 0,
            ended: false,
        }
    }

    /// Follows one byte; true when it ends a row.
    fn step(&mut self, b: u8) -> bool {
        use Quoting::*;
        let (state, row_end) = match (self.state, b) {
            (Quoted, b'"') => (QuoteSeen, false),
            (Quoted, _) => (Quoted, false),
            (QuoteSeen, b'"') => (Quoted, false),
            (CellStart, b'"') => (Quoted, false),
            (_, d) if d == self.delimiter => (CellStart, false),
            (_, b'\n' | b'\r') => (CellStart, true),
            _ => (Plain, false),
        };
        self.state = state;
        row_end
    }

    /// The input ended inside a quoted cell.
    fn ended_in_quotes(&self) -> bool {
        self.ended && self.state == Quoting::Quoted
    }

    /// The full length of a row that was cut in `range` (bytes handed to the parser).
    fn cut_in(&self, range: Range<u64>) -> Option<u64> {
        self.cuts
            .iter()
            .find(|(at, _)| range.contains(at))
            .map(|(_, length)| *length)
    }
}

impl Read for CsvGuard {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        loop {
            if !self.inject.is_empty() {
                let n = self.inject.len().min(out.len());
                out[..n].copy_from_slice(&self.inject[..n]);
                self.inject.drain(..n);
                self.passed += n as u64;
                return Ok(n);
            }
            if out.is_empty() {
                return Ok(0);
            }
            if self.pending_pos >= self.pending.len() {
                if self.ended {
                    return Ok(0);
                }
                self.pending.resize(CHUNK, 0);
                self.pending_pos = 0;
                let n = loop {
                    match self.inner.read(&mut self.pending) {
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                        other => break other,
                    }
                };
                let n = n.inspect_err(|_| self.pending.clear())?;
                self.pending.truncate(n);
                if n == 0 {
                    self.ended = true;
                    return Ok(0);
                }
            }
            // Pass bytes on up to the end of `out`, or up to a cut (whose row end must
            // come right after it).
            let mut kept = 0;
            while self.pending_pos < self.pending.len() && kept < out.len() {
                // Fast path: a run of bytes that cannot end a row or open or close a quote
                // is passed on in one copy (memchr finds its end); the state after it is
                // what stepping byte by byte would give.
                if !self.skipping && self.state != Quoting::QuoteSeen {
                    let room = (out.len() - kept)
                        .min(self.pending.len() - self.pending_pos)
                        .min((MAX_RECORD_BYTES as u64).saturating_sub(self.row_bytes) as usize);
                    let window = &self.pending[self.pending_pos..self.pending_pos + room];
                    let run = if self.state == Quoting::Quoted {
                        memchr::memchr(b'"', window)
                    } else {
                        memchr::memchr3(b'"', b'\n', b'\r', window)
                    }
                    .unwrap_or(room);
                    if run > 0 {
                        out[kept..kept + run].copy_from_slice(&window[..run]);
                        if self.state != Quoting::Quoted {
                            self.state = if window[run - 1] == self.delimiter {
                                Quoting::CellStart
                            } else {
                                Quoting::Plain
                            };
                        }
                        kept += run;
                        self.pending_pos += run;
                        self.row_bytes += run as u64;
                        continue;
                    }
                }
                let b = self.pending[self.pending_pos];
                self.pending_pos += 1;
                let row_end = self.step(b);
                if self.skipping {
                    if let Some(last) = self.cuts.last_mut() {
                        last.1 += 1;
                    }
                    if row_end {
                        self.skipping = false;
                        self.row_bytes = 0;
                    }
                    continue;
                }
                out[kept] = b;
                kept += 1;
                if row_end {
                    self.row_bytes = 0;
                    continue;
                }
                self.row_bytes += 1;
                if self.row_bytes > MAX_RECORD_BYTES as u64 {
                    // End the row for the parser (closing its quotes) and skip the rest.
                    self.skipping = true;
                    self.cuts.push((self.passed + kept as u64, self.row_bytes));
                    if self.state == Quoting::Quoted {
                        self.inject.push(b'"');
                    }
                    self.inject.push(b'\n');
                    break;
                }
            }
            if kept > 0 {
                self.passed += kept as u64;
                return Ok(kept);
            }
        }
    }
}

/// CSV with a header row. The reader thread only splits rows into cells: each row goes into
/// the batch as its cells (see `CsvColumns`), and the workers build its record from them
/// with the same answer functions as JSON records (`RecordReader::read_cells`).
struct CsvSource {
    /// The input's name, for errors.
    name: String,
    reader: csv::Reader<CsvGuard>,
    columns: Arc<CsvColumns>,
    row: csv::ByteRecord,
    record: u64,
    done: bool,
    delimiter: u8,
}

/// Maps a CSV header's names to columns, or says why the header is refused.
pub type ColumnPlan<'a> = &'a dyn Fn(&[String]) -> Result<Vec<Column>, HeaderProblem>;

/// The separator of a CSV header line: a comma, or the semicolon of European spreadsheets,
/// or a tab, whichever the first line has most of outside quotes (a comma on a tie).
fn sniff_delimiter(first: &[u8]) -> u8 {
    let line = first.split(|b| *b == b'\n').next().unwrap_or_default();
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in line {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3)
        .max_by_key(|&i| (counts[i], std::cmp::Reverse(i)))
        .unwrap_or(0);
    [b',', b';', b'\t'][best]
}

/// Opens CSV input; `plan` decides what each column of the header is. The separator is
/// `delimiter`, or the one the header line uses (`,`, `;` or a tab).
pub fn open_csv(
    reader: Box<dyn Read + Send>,
    name: &str,
    plan: ColumnPlan<'_>,
    delimiter: Option<u8>,
) -> Result<Box<dyn Source>, Error> {
    let mut buffered = std::io::BufReader::with_capacity(64 * 1024, reader);
    let delimiter = match delimiter {
        Some(d) => d,
        None => {
            use std::io::BufRead;
            let first = buffered.fill_buf().map_err(|e| read_error(name, e))?;
            sniff_delimiter(first)
        }
    };
    let mut reader = csv_reader(Box::new(buffered), true, delimiter);
    let headers = reader
        .byte_headers()
        .map_err(|e| csv_error(name, e))?
        .clone();
    let guard = reader.get_ref();
    if !guard.cuts.is_empty() {
        return Err(input_error(
            name,
            InputProblem::CsvHeaderTooLarge {
                limit: MAX_RECORD_BYTES,
            },
        ));
    }
    if guard.ended_in_quotes() && reader.position().byte() == guard.passed {
        return Err(input_error(name, InputProblem::CsvHeaderUnclosedQuote));
    }
    if headers.is_empty() || headers.iter().all(|h| h.is_empty()) {
        return Err(input_error(name, InputProblem::CsvNoHeader));
    }
    let names: Vec<String> = headers
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_string())
        .collect();
    let columns = plan(&names).map_err(|h| input_error(name, InputProblem::CsvHeader(h)))?;
    Ok(Box::new(CsvSource {
        name: name.to_string(),
        reader,
        columns: Arc::new(CsvColumns::new(columns)),
        row: csv::ByteRecord::new(),
        record: 0,
        done: false,
        delimiter,
    }))
}

fn csv_reader(
    input: Box<dyn Read + Send>,
    has_headers: bool,
    delimiter: u8,
) -> csv::Reader<CsvGuard> {
    csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(has_headers)
        .delimiter(delimiter)
        .from_reader(CsvGuard::new(input, delimiter))
}

fn csv_error(name: &str, e: csv::Error) -> Error {
    if !e.is_io_error() {
        return input_error(
            name,
            InputProblem::CsvUnreadable {
                what: e.to_string(),
            },
        );
    }
    match e.into_kind() {
        csv::ErrorKind::Io(source) => read_error(name, source),
        other => input_error(
            name,
            InputProblem::CsvUnreadable {
                what: format!("{other:?}"),
            },
        ),
    }
}

/// The columns of a CSV input, shared by the batches of its rows. A row is stored in a
/// batch as the end of each of its cells (4 bytes each, little-endian, counted from the
/// start of the cells) followed by the cells' bytes, as the CSV parser leaves them: one
/// copy, no escaping, no check on the reader thread.
#[derive(Debug, PartialEq, Eq)]
pub struct CsvColumns {
    /// Per column, the record key its cells give (a question id, or "id"), or `None` for a
    /// skipped column.
    keys: Vec<Option<String>>,
}

impl CsvColumns {
    pub fn new(columns: Vec<Column>) -> CsvColumns {
        CsvColumns {
            keys: columns
                .into_iter()
                .map(|c| match c {
                    Column::Key(key) => Some(key),
                    Column::Skip => None,
                })
                .collect(),
        }
    }

    /// How many cells a row must have.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Appends a row of exactly `self.len()` cells to `buf`.
    fn push_row(&self, row: &csv::ByteRecord, buf: &mut Vec<u8>) {
        let cells = row.as_slice();
        buf.reserve(4 * row.len() + cells.len());
        for i in 0..row.len() {
            let end = row.range(i).map_or(0, |r| r.end);
            // A row is at most `MAX_RECORD_BYTES` long (the guard cuts longer ones).
            buf.extend_from_slice(&(end as u32).to_le_bytes());
        }
        buf.extend_from_slice(cells);
    }

    /// The cells of a row stored by `push_row`, with their keys, leaving out the skipped
    /// columns: each as text, or why it is not UTF-8 (as `str::from_utf8` of the cell
    /// says). Bytes stored otherwise give fewer cells, never a panic.
    pub fn cells<'a>(
        &'a self,
        row: &'a [u8],
    ) -> impl Iterator<Item = (&'a str, Result<&'a str, Utf8Error>)> + 'a {
        let (ends, cells) = row.split_at(row.len().min(4 * self.keys.len()));
        // One check for the whole row: nearly always it is UTF-8, and then so is each cell
        // that starts and ends on a character boundary.
        let text = std::str::from_utf8(cells).ok();
        let mut start = 0;
        ends.chunks_exact(4)
            .zip(&self.keys)
            .filter_map(move |(end, key)| {
                let end = u32::from_le_bytes([end[0], end[1], end[2], end[3]]) as usize;
                let range = start..end;
                start = end;
                let key = key.as_deref()?;
                let cell = match text.and_then(|t| t.get(range.clone())) {
                    Some(cell) => Ok(cell),
                    None => std::str::from_utf8(cells.get(range).unwrap_or_default()),
                };
                Some((key, cell))
            })
    }
}

impl Source for CsvSource {
    fn shape(&self) -> Shape {
        Shape::Stream
    }

    fn fill(&mut self, batch: &mut Batch) -> Fill {
        batch.clear();
        batch.cells = Some(Arc::clone(&self.columns));
        while !self.done && !batch.full() {
            match self.reader.read_byte_record(&mut self.row) {
                Ok(false) => self.done = true,
                Ok(true) => {
                    // A row of empty cells (a blank line) is not a record.
                    if self.row.iter().all(|c| c.iter().all(|b| is_space(*b))) {
                        continue;
                    }
                    self.record += 1;
                    let start = batch.buf.len();
                    let end = self.reader.position().byte();
                    let begin = self.row.position().map_or(end, |p| p.byte());
                    let guard = self.reader.get_ref();
                    let mut rest = None;
                    let problem = if let Some(bytes) = guard.cut_in(begin..end) {
                        Some(Box::new(RecordProblem::TooLarge {
                            place: RecordPlace::CsvRow(self.record),
                            bytes,
                            limit: MAX_RECORD_BYTES,
                        }))
                    } else if guard.ended_in_quotes() && end == guard.passed {
                        // The input ended inside this row's last cell: its quote was never
                        // closed, and the lines after the row's own are read again as rows.
                        let cell = self.row.iter().next_back().unwrap_or_default();
                        rest = memchr::memchr2(b'\n', b'\r', cell).map(|i| cell[i..].to_vec());
                        Some(Box::new(RecordProblem::CsvUnclosedQuote {
                            row: self.record,
                        }))
                    } else if self.row.len() != self.columns.len() {
                        Some(Box::new(RecordProblem::CsvCellCount {
                            row: self.record,
                            cells: self.row.len(),
                            columns: self.columns.len(),
                        }))
                    } else {
                        self.columns.push_row(&self.row, &mut batch.buf);
                        None
                    };
                    if let Some(rest) = rest {
                        self.reader =
                            csv_reader(Box::new(io::Cursor::new(rest)), false, self.delimiter);
                    }
                    if problem.is_some() {
                        batch.buf.truncate(start);
                    }
                    batch.items.push(Item {
                        bytes: start..batch.buf.len(),
                        record: self.record,
                        line: None,
                        column: 1,
                        problem,
                    });
                }
                Err(e) => {
                    self.done = true;
                    return Fill::Failed(csv_error(&self.name, e));
                }
            }
        }
        if self.done { Fill::Done } else { Fill::More }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(p: &RecordProblem) -> String {
        crate::words::get().record_problem(&crate::rules::RuleSet::default_rules(), p)
    }

    /// (text or "!problem", record, line, column) of each record.
    type Split = Vec<(String, u64, u64, u64)>;

    fn records(input: &str) -> (Shape, Split, Option<String>) {
        let mut src = open(
            Box::new(io::Cursor::new(input.as_bytes().to_vec())),
            "test",
            Resources::Detect,
        )
        .unwrap();
        let shape = src.shape();
        let mut out = Vec::new();
        let mut batch = Batch::default();
        let failure = loop {
            let fill = src.fill(&mut batch);
            for item in &batch.items {
                let text = match &item.problem {
                    Some(p) => format!("!{}", message(p)),
                    None => String::from_utf8(batch.bytes(item).to_vec()).unwrap(),
                };
                out.push((text, item.record, item.line.unwrap(), item.column));
            }
            match fill {
                Fill::More => continue,
                Fill::Done => break None,
                Fill::Failed(e) => break Some(e.to_string()),
            }
        };
        (shape, out, failure)
    }

    fn texts(input: &str) -> Vec<String> {
        records(input).1.into_iter().map(|r| r.0).collect()
    }

    #[test]
    fn json_lines_skip_blank_lines_and_count_lines() {
        let (shape, recs, failure) = records("{\"a\":1}\n\n  \r\n{\"b\":2}\r\n{bad\n");
        assert_eq!(shape, Shape::Stream);
        assert_eq!(failure, None);
        let lines: Vec<(u64, u64)> = recs.iter().map(|r| (r.1, r.2)).collect();
        assert_eq!(lines, [(1, 1), (2, 4), (3, 5)]);
        assert_eq!(recs[1].0, "{\"b\":2}\r");
        assert_eq!(recs[2].0, "{bad");
    }

    #[test]
    fn a_single_pretty_object_is_one_record() {
        let (shape, recs, failure) = records("\n{\n  \"a\": 1,\n  \"b\": [1,\n 2]\n}\n");
        assert_eq!(shape, Shape::Stream);
        assert_eq!(failure, None);
        assert_eq!(recs.len(), 1);
        assert_eq!((recs[0].1, recs[0].2, recs[0].3), (1, 2, 1));
    }

    #[test]
    fn pretty_objects_back_to_back_are_records() {
        let recs = records("{\n\"a\": 1\n}\n{\n\"b\": 2\n}").1;
        assert_eq!(recs.len(), 2);
        assert_eq!(recs[1].2, 4);
    }

    #[test]
    fn json_lines_with_a_broken_first_line_stay_line_records() {
        let recs = texts("{\"a\": \n{\"b\": 2}\n");
        assert_eq!(recs, ["{\"a\":", "{\"b\": 2}"]);
    }

    #[test]
    fn a_bad_line_after_a_pretty_record_is_one_record_and_the_rest_go_on() {
        // Issue 16: this input failed as a whole after l2 and lost l4.
        let (shape, recs, failure) =
            records("{\n \"id\": \"p\"\n}\n{\"id\":\"l2\"}\n{\"id\": bad}\n{\"id\":\"l4\"}\n");
        assert_eq!((shape, failure), (Shape::Stream, None));
        let got: Vec<(&str, u64, u64)> = recs.iter().map(|r| (r.0.as_str(), r.1, r.2)).collect();
        assert_eq!(
            got,
            [
                ("{\n \"id\": \"p\"\n}", 1, 1),
                ("{\"id\":\"l2\"}", 2, 4),
                ("{\"id\": bad}", 3, 5),
                ("{\"id\":\"l4\"}", 4, 6)
            ]
        );
        // A pretty record cut short by the next one, and text that is not an object.
        let recs = texts("{\n \"a\": 1,\n{\n \"b\": 2\n}\nhello\n  {\"c\": [\n3]}");
        assert_eq!(
            recs,
            [
                "{\n \"a\": 1,",
                "{\n \"b\": 2\n}",
                "hello",
                "{\"c\": [\n3]}"
            ]
        );
    }

    #[test]
    fn tiny_json_lines_are_cut_into_batches_by_count() {
        // Issue 16: batches were cut at 64 KiB of input only, so 21,845 `{}` lines made one
        // batch (and a huge rendered output with --explain).
        let input = "{}\n".repeat(10_000);
        let mut src = open(
            Box::new(io::Cursor::new(input.into_bytes())),
            "t",
            Resources::Detect,
        )
        .unwrap();
        let mut batch = Batch::default();
        let mut total = 0;
        loop {
            let fill = src.fill(&mut batch);
            assert!(batch.items.len() <= BATCH_RECORDS, "{}", batch.items.len());
            total += batch.items.len();
            if !matches!(fill, Fill::More) {
                break;
            }
        }
        assert_eq!(total, 10_000);
    }

    #[test]
    fn leading_blank_lines_are_counted_not_kept() {
        let blank = "\n".repeat(3 * CHUNK);
        let (_, recs, _) = records(&format!("{blank}  {{\"a\": 1}}\n{{\"b\": 2}}"));
        let got: Vec<(u64, u64, u64)> = recs.iter().map(|r| (r.1, r.2, r.3)).collect();
        assert_eq!(
            got,
            [(1, 3 * CHUNK as u64 + 1, 1), (2, 3 * CHUNK as u64 + 2, 1)]
        );
        let (_, recs, _) = records(&format!("{blank}  [{{}}, 1]"));
        assert_eq!((recs[1].2, recs[1].3), (3 * CHUNK as u64 + 1, 8));
        let (_, recs, _) = records(&format!("{blank}  {{\n}}\n{{\"b\": 2}}"));
        assert_eq!((recs[0].2, recs[0].3), (3 * CHUNK as u64 + 1, 3));
    }

    #[test]
    fn an_over_long_first_line_or_document_is_one_invalid_record() {
        let long = format!("{{\"id\": \"{}\"}}", "x".repeat(MAX_RECORD_BYTES * 2));
        let recs = texts(&format!("{long}\n{{\"b\": 2}}\n"));
        assert!(
            recs[0].starts_with("!the record at line 1 is"),
            "{}",
            recs[0]
        );
        assert_eq!(recs[1], "{\"b\": 2}");
        let recs = texts(&format!("{{\n\"a\": 1,\n\"x\": {long}\n}}\n{{\"b\": 2}}\n"));
        assert_eq!(recs.len(), 2, "{recs:?}");
        assert!(
            recs[0].starts_with("!the record at line 1 is"),
            "{}",
            recs[0]
        );
        assert_eq!(recs[1], "{\"b\": 2}");
    }

    #[test]
    fn arrays_are_split_into_elements_with_positions() {
        let (shape, recs, failure) =
            records("[\n  {\"a\": \"x,]}\\\"\"},\n  {\"b\": [1, {\"c\": 2}]}, 3\n]\n");
        assert_eq!(shape, Shape::Array);
        assert_eq!(failure, None);
        let got: Vec<(&str, u64, u64, u64)> =
            recs.iter().map(|r| (r.0.as_str(), r.1, r.2, r.3)).collect();
        assert_eq!(
            got,
            [
                ("{\"a\": \"x,]}\\\"\"}", 1, 2, 3),
                ("{\"b\": [1, {\"c\": 2}]}", 2, 3, 3),
                ("3", 3, 3, 25),
            ]
        );
    }

    #[test]
    fn empty_array_has_no_records() {
        let (_, recs, failure) = records(" [ ] ");
        assert!(recs.is_empty());
        assert_eq!(failure, None);
    }

    #[test]
    fn empty_elements_are_reported_as_records() {
        let recs = texts("[{}, , {}]");
        assert_eq!(recs.len(), 3);
        assert!(
            recs[1].starts_with("!array element 2 (index 1)"),
            "{recs:?}"
        );
        let recs = texts("[{},]");
        assert_eq!(recs.len(), 2);
    }

    #[test]
    fn a_truncated_array_keeps_earlier_records_then_fails() {
        let (_, recs, failure) = records("[{\"a\": 1}, {\"b\": 2}, {\"c\":");
        assert_eq!(recs.len(), 2);
        let failure = failure.expect("a failure");
        assert!(
            failure.contains("ends inside the array at line 1"),
            "{failure}"
        );
        assert!(
            failure.contains("the 2 records before it were screened"),
            "{failure}"
        );
    }

    #[test]
    fn text_after_the_array_is_a_failure() {
        let (_, recs, failure) = records("[{}]\n x");
        assert_eq!(recs.len(), 1);
        assert!(
            failure
                .unwrap()
                .contains("unexpected text after the end of the array at line 2, column 2")
        );
    }

    #[test]
    fn elements_spanning_chunks_are_whole() {
        let big = "x".repeat(CHUNK + 100);
        let input = format!("[{{\"id\": \"{big}\"}}, {{\"id\": 2}}]");
        let recs = texts(&input);
        assert_eq!(recs.len(), 2);
        assert_eq!(recs[0].len(), big.len() + 10);
        assert_eq!(recs[1], "{\"id\": 2}");
    }

    #[test]
    fn over_long_lines_are_skipped_as_one_invalid_record() {
        let long = format!("{{\"id\": \"{}\"}}", "x".repeat(MAX_RECORD_BYTES * 3));
        let input = format!("{{\"a\": 1}}\n{long}\n{{\"b\": 2}}\n{long}");
        let (_, recs, failure) = records(&input);
        assert_eq!(failure, None);
        let got: Vec<(&str, u64, u64)> = recs.iter().map(|r| (r.0.as_str(), r.1, r.2)).collect();
        assert_eq!(got.len(), 4);
        assert_eq!(got[0], ("{\"a\": 1}", 1, 1));
        assert!(
            got[1].0.starts_with(
                "!the record at line 2 is 3145738 bytes long; a record may be at most 1048576 bytes"
            ),
            "{}",
            got[1].0
        );
        assert_eq!((got[1].1, got[1].2), (2, 2));
        assert_eq!(got[2], ("{\"b\": 2}", 3, 3));
        assert!(
            got[3]
                .0
                .starts_with("!the record at line 4 is 3145738 bytes long"),
            "{}",
            got[3].0
        );
    }

    #[test]
    fn an_over_long_blank_line_is_not_a_record() {
        let input = format!(
            "{{\"a\": 1}}\n{}\n{{\"b\": 2}}\n",
            " ".repeat(MAX_RECORD_BYTES * 2)
        );
        let recs = records(&input).1;
        let got: Vec<(&str, u64, u64)> = recs.iter().map(|r| (r.0.as_str(), r.1, r.2)).collect();
        assert_eq!(got, [("{\"a\": 1}", 1, 1), ("{\"b\": 2}", 2, 3)]);
    }

    #[test]
    fn over_long_array_elements_are_skipped_as_one_invalid_record() {
        let long = format!("{{\"id\": \"{}\"}}", "x".repeat(MAX_RECORD_BYTES + 10));
        let input = format!("[{{\"a\": 1}}, {long}, {{\"b\": 2}}]");
        let recs = texts(&input);
        assert_eq!(recs.len(), 3);
        assert_eq!(recs[0], "{\"a\": 1}");
        assert!(
            recs[1].starts_with("!array element 2 (index 1) is 1048596 bytes long"),
            "{}",
            &recs[1][..80]
        );
        assert_eq!(recs[2], "{\"b\": 2}");
    }

    #[test]
    fn many_lines_come_in_several_batches() {
        let input: String = (0..10_000).map(|i| format!("{{\"id\": {i}}}\n")).collect();
        let recs = records(&input).1;
        assert_eq!(recs.len(), 10_000);
        assert_eq!(recs[9_999].0, "{\"id\": 9999}");
        assert_eq!(recs[9_999].2, 10_000);
    }

    #[test]
    fn non_json_and_empty_input_are_refused() {
        let err = |s: &str| {
            open(
                Box::new(io::Cursor::new(s.as_bytes().to_vec())),
                "in",
                Resources::Detect,
            )
            .err()
            .unwrap()
            .to_string()
        };
        assert!(err("").contains("in: the input is empty"));
        assert!(err(" \n\t").contains("the input is empty"));
        assert!(
            err("\nhello").contains("line 2, column 1: found text that is not JSON (\"hello\")")
        );
        assert!(err("42").contains("a JSON value that is not an answer record"));
    }

    fn csv_texts(input: &str) -> Vec<String> {
        let plan = |names: &[String]| -> Result<Vec<Column>, HeaderProblem> {
            Ok(names
                .iter()
                .map(|n| {
                    if n == "skip" {
                        Column::Skip
                    } else {
                        Column::Key(n.clone())
                    }
                })
                .collect())
        };
        let mut src = open_csv(
            Box::new(io::Cursor::new(input.as_bytes().to_vec())),
            "t.csv",
            &plan,
            None,
        )
        .unwrap();
        let mut batch = Batch::default();
        let mut out = Vec::new();
        loop {
            let fill = src.fill(&mut batch);
            for item in &batch.items {
                out.push(match &item.problem {
                    Some(p) => format!("{} !{}", item.record, message(p)),
                    None => format!(
                        "{} {}",
                        item.record,
                        cells_as_json(batch.cells.as_ref().unwrap(), batch.bytes(item))
                    ),
                });
            }
            if !matches!(fill, Fill::More) {
                break;
            }
        }
        out
    }

    /// A row's cells as the JSON object of its non-blank cells (what the record is read as).
    fn cells_as_json(columns: &CsvColumns, row: &[u8]) -> String {
        let mut object = serde_json::Map::new();
        for (key, cell) in columns.cells(row) {
            let text = cell.unwrap();
            if !text.trim().is_empty() {
                object.insert(key.to_string(), text.into());
            }
        }
        serde_json::Value::Object(object).to_string()
    }

    #[test]
    fn csv_rows_become_objects_of_their_non_empty_cells() {
        let rows = csv_texts(
            "id,skip,birth_asphyxia,gestational_age_weeks\r\na,x,yes,\"31+4\"\n\nb,y,,39\nc,z,no\n",
        );
        assert_eq!(
            rows,
            [
                "1 {\"id\":\"a\",\"birth_asphyxia\":\"yes\",\"gestational_age_weeks\":\"31+4\"}",
                "2 {\"id\":\"b\",\"gestational_age_weeks\":\"39\"}",
                "3 !row 3 has 3 cells but the header has 4 columns",
            ]
        );
    }

    #[test]
    fn csv_rows_are_handed_on_as_their_cells() {
        let columns = CsvColumns::new(vec![
            Column::Key("id".into()),
            Column::Skip,
            Column::Key("note".into()),
            Column::Key("birth_asphyxia".into()),
        ]);
        let cells = |row: Vec<&[u8]>| -> Vec<(String, Result<String, usize>)> {
            let mut buf = b"before".to_vec();
            columns.push_row(&csv::ByteRecord::from(row), &mut buf);
            columns
                .cells(&buf[6..])
                .map(|(key, cell)| {
                    let cell = cell.map(str::to_string).map_err(|e| e.valid_up_to());
                    (key.to_string(), cell)
                })
                .collect()
        };
        let ok = |key: &str, text: &str| (key.to_string(), Ok(text.to_string()));
        assert_eq!(
            cells(vec![b"a", b"skipped", "x\"\n\u{e9},y".as_bytes(), b""]),
            [
                ok("id", "a"),
                ok("note", "x\"\n\u{e9},y"),
                ok("birth_asphyxia", "")
            ]
        );
        // A cell that is not UTF-8 is said so, as from_utf8 of the cell alone says; a
        // skipped one is not looked at.
        assert_eq!(
            cells(vec![b"a", b"\xff", b"ok\xe2\x82", "\u{e9}".as_bytes()]),
            [
                ok("id", "a"),
                ("note".to_string(), Err(2)),
                ok("birth_asphyxia", "\u{e9}")
            ]
        );
        // Two halves of one character: UTF-8 together, not each alone.
        assert_eq!(
            cells(vec![b"\xc3", b"", b"\xa9", b"ok"]),
            [
                ("id".to_string(), Err(0)),
                ("note".to_string(), Err(0)),
                ok("birth_asphyxia", "ok")
            ]
        );
        let mut buf = Vec::new();
        let row = csv::ByteRecord::from(vec![&b"a"[..], b"b", b"c", b"d"]);
        columns.push_row(&row, &mut buf);
        // Bytes that are not a stored row give fewer cells, not a panic.
        for bytes in [&b""[..], b"\x01\0\0", &[0xff; 40], &buf[..20]] {
            assert!(columns.cells(bytes).count() <= 3);
        }
        // A row with another number of cells is an invalid record, not cells.
        let rows = csv_texts("id,birth_asphyxia\na,yes,extra\nb\nc,no\n");
        assert_eq!(
            rows,
            [
                "1 !row 1 has 3 cells but the header has 2 columns",
                "2 !row 2 has 1 cell but the header has 2 columns",
                "3 {\"id\":\"c\",\"birth_asphyxia\":\"no\"}",
            ]
        );
    }

    #[test]
    fn csv_cells_with_quotes_and_commas_are_kept_whole() {
        let rows = csv_texts("id,note\n\"a \"\"b\"\", c\",\"x\ny\"\n");
        assert_eq!(rows, ["1 {\"id\":\"a \\\"b\\\", c\",\"note\":\"x\\ny\"}"]);
    }

    #[test]
    fn an_unclosed_csv_quote_is_one_invalid_row_and_the_rows_after_it_are_read() {
        // Issue 16: the quote swallowed every later row into one cell.
        let rows = csv_texts("id,birth_asphyxia\na,\"yes\nb,no\nc,yes\n");
        assert_eq!(
            rows,
            [
                "1 !row 1 has a quoted cell that is never closed; the rows after it are read on their own",
                "2 {\"id\":\"b\",\"birth_asphyxia\":\"no\"}",
                "3 {\"id\":\"c\",\"birth_asphyxia\":\"yes\"}",
            ]
        );
        // Cut off inside a quoted cell: not accepted.
        let rows = csv_texts("id,birth_asphyxia\na,\"yes");
        assert_eq!(
            rows,
            [
                "1 !row 1 has a quoted cell that is never closed; the rows after it are read on their own"
            ]
        );
        // A closed quote with a newline inside is still one cell.
        let rows = csv_texts("id,note\na,\"x\ny\"\nb,z\n");
        assert_eq!(rows.len(), 2, "{rows:?}");
    }

    #[test]
    fn an_over_long_csv_row_is_cut_and_skipped_unkept() {
        let big = "x".repeat(MAX_RECORD_BYTES + 10);
        let input = format!("id,note\na,{big}\nb,\"{big}\nstill the cell\"\nc,z\n");
        let rows = csv_texts(&input);
        assert_eq!(rows.len(), 3, "{rows:?}");
        assert!(rows[0].starts_with("1 !row 1 is "), "{}", rows[0]);
        assert!(rows[1].starts_with("2 !row 2 is "), "{}", rows[1]);
        assert_eq!(rows[2], "3 {\"id\":\"c\",\"note\":\"z\"}");
        // A header that long is refused.
        let plan = |names: &[String]| -> Result<Vec<Column>, HeaderProblem> {
            Ok(names.iter().map(|n| Column::Key(n.clone())).collect())
        };
        let err = open_csv(
            Box::new(io::Cursor::new(big.into_bytes())),
            "t.csv",
            &plan,
            None,
        )
        .err()
        .unwrap();
        assert!(matches!(
            err,
            Error::Input { ref problem, .. } if problem.code() == "csv_header_too_large"
        ));
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        assert_eq!(texts("\u{feff}{\"a\": 1}\n"), ["{\"a\": 1}"]);
        assert_eq!(texts("\u{feff}[{\"a\": 1}]"), ["{\"a\": 1}"]);
        // A pretty-printed document too (it was read as broken JSON Lines).
        let (shape, recs, failure) = records("\u{feff}{\n  \"a\": 1\n}\n");
        assert_eq!((shape, failure), (Shape::Stream, None));
        assert_eq!(recs.len(), 1);
        assert_eq!(
            (recs[0].0.as_str(), recs[0].1, recs[0].2),
            ("{\n  \"a\": 1\n}", 1, 1)
        );
    }
}
