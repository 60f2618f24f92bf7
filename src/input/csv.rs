//! CSV: a header row, then one record per row, handed on as its cells.

use std::io::{self, Read};
use std::ops::Range;
use std::str::Utf8Error;
use std::sync::Arc;

use super::{
    Batch, CHUNK, Encoding, Fill, Item, MAX_RECORD_BYTES, Shape, Source, input_error, is_space,
    read_error,
};

use crate::answers::Column;
use crate::error::Error;
use crate::problem::{HeaderProblem, InputProblem, RecordPlace, RecordProblem};

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
///
/// A row cut inside a quoted cell that runs over line breaks is most likely a stray
/// opening quote (`"abc` in one cell of a cohort): the quote would swallow the rest of the
/// file. That row is cut as unclosed, and everything after its first line break inside the
/// quotes (kept for this, at most `MAX_RECORD_BYTES`) is read again as rows.
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
    /// far (the last length grows while its row is skipped), and whether the cut was an
    /// unclosed quote whose lines are read again.
    cuts: Vec<(u64, u64, bool)>,
    /// The current row's bytes from its first line break inside a quoted cell on, while
    /// there is one: what is read again if the quote turns out never to close.
    after_break: Option<Vec<u8>>,
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
            after_break: None,
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

    /// The full length of a row that was cut in `range` (bytes handed to the parser), and
    /// whether it was cut as an unclosed quote.
    fn cut_in(&self, range: Range<u64>) -> Option<(u64, bool)> {
        self.cuts
            .iter()
            .find(|(at, _, _)| range.contains(at))
            .map(|(_, length, unclosed)| (*length, *unclosed))
    }
}

/// Keeps in `after_break` the `bytes` just passed on as part of the current row (in a
/// quoted cell when `quoted`) that are at or after a line break inside a quoted cell.
fn keep_after_break(after_break: &mut Option<Vec<u8>>, bytes: &[u8], quoted: bool) {
    match after_break {
        Some(kept) => kept.extend_from_slice(bytes),
        None if quoted => {
            if let Some(i) = memchr::memchr2(b'\n', b'\r', bytes) {
                *after_break = Some(bytes[i..].to_vec());
            }
        }
        None => {}
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
                        let quoted = self.state == Quoting::Quoted;
                        if quoted || self.after_break.is_some() {
                            keep_after_break(&mut self.after_break, &window[..run], quoted);
                        }
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
                let quoted = self.state == Quoting::Quoted;
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
                    self.after_break = None;
                    continue;
                }
                if quoted || self.after_break.is_some() {
                    keep_after_break(&mut self.after_break, &[b], quoted);
                }
                self.row_bytes += 1;
                if self.row_bytes > MAX_RECORD_BYTES as u64 {
                    // End the row for the parser (closing its quotes).
                    let unclosed = self.state == Quoting::Quoted && self.after_break.is_some();
                    self.cuts
                        .push((self.passed + kept as u64, self.row_bytes, unclosed));
                    if self.state == Quoting::Quoted {
                        self.inject.push(b'"');
                    }
                    self.inject.push(b'\n');
                    if let Some(again) = self.after_break.take().filter(|_| unclosed) {
                        // Read the lines after the stray quote again, as rows.
                        let rest = &self.pending[self.pending_pos..];
                        let mut next = again;
                        next.extend_from_slice(rest);
                        self.pending = next;
                        self.pending_pos = 0;
                        self.state = Quoting::CellStart;
                        self.row_bytes = 0;
                    } else {
                        // Skip the rest of the row.
                        self.skipping = true;
                    }
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

/// CSV with a header row. Reading (by one worker at a time) only splits rows into cells:
/// each row goes into the batch as its cells (see `CsvColumns`), and the worker that took
/// the batch builds each record from them with the same answer functions as JSON records
/// (`RecordReader::read_cells`).
struct CsvSource {
    /// The input's name, for errors.
    name: String,
    reader: ::csv::Reader<CsvGuard>,
    columns: Arc<CsvColumns>,
    row: ::csv::ByteRecord,
    record: u64,
    done: bool,
    delimiter: u8,
}

/// Maps a CSV header's names to columns, or says why the header is refused.
pub type ColumnPlan<'a> = &'a dyn Fn(&[String]) -> Result<Vec<Column>, HeaderProblem>;

/// The separator of a CSV header line: a comma, or the semicolon of European spreadsheets,
/// or a tab, whichever the first line has most of outside quotes (a comma on a tie). The
/// line ends at its first line break (`\n`, or a lone `\r`, as the CSV reader ends it).
fn sniff_delimiter(first: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in first {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' => break,
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

/// The input's first line, read whole however the reads split it (a pipe may hand over a
/// few bytes at a time), with whatever came after it in the same reads: up to its first
/// line break, the end of the input, or `MAX_RECORD_BYTES` (a header that long is refused
/// once read).
fn read_first_line(reader: &mut dyn Read, name: &str) -> Result<Vec<u8>, Error> {
    let mut head = Vec::new();
    let mut len = 0;
    loop {
        if head.len() == len {
            // Zeroed once per step, not before every read.
            head.resize(len + 64 * 1024, 0);
        }
        let read = match reader.read(&mut head[len..]) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(read_error(name, e)),
        };
        let line_ends = head[len..len + read]
            .iter()
            .any(|b| matches!(b, b'\n' | b'\r'));
        len += read;
        if read == 0 || line_ends || len > MAX_RECORD_BYTES {
            head.truncate(len);
            return Ok(head);
        }
    }
}

/// Opens CSV input; `plan` decides what each column of the header is. The separator is
/// `delimiter`, or the one the header line uses (`,`, `;` or a tab).
pub fn open_csv(
    reader: Box<dyn Read + Send>,
    name: &str,
    plan: ColumnPlan<'_>,
    delimiter: Option<u8>,
) -> Result<Box<dyn Source>, Error> {
    let mut reader = reader;
    let delimiter = match delimiter {
        Some(d) => d,
        None => {
            let head = read_first_line(&mut *reader, name)?;
            let delimiter = sniff_delimiter(&head);
            reader = Box::new(io::Cursor::new(head).chain(reader));
            delimiter
        }
    };
    let buffered = std::io::BufReader::with_capacity(64 * 1024, reader);
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
        row: ::csv::ByteRecord::new(),
        record: 0,
        done: false,
        delimiter,
    }))
}

fn csv_reader(
    input: Box<dyn Read + Send>,
    has_headers: bool,
    delimiter: u8,
) -> ::csv::Reader<CsvGuard> {
    ::csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(has_headers)
        .delimiter(delimiter)
        .from_reader(CsvGuard::new(input, delimiter))
}

fn csv_error(name: &str, e: ::csv::Error) -> Error {
    if !e.is_io_error() {
        return input_error(
            name,
            InputProblem::CsvUnreadable {
                what: e.to_string(),
            },
        );
    }
    match e.into_kind() {
        ::csv::ErrorKind::Io(source) => read_error(name, source),
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
/// copy, no escaping, no check while the input is read.
#[derive(Debug, PartialEq, Eq)]
pub struct CsvColumns {
    /// Per column, the record key its cells give (a question id, or "id"), or `None` for a
    /// skipped column.
    keys: Vec<Option<String>>,
    /// Per kept column (`--keep`), in the kept list's order, the column it is.
    kept: Vec<usize>,
}

impl CsvColumns {
    pub fn new(columns: Vec<Column>) -> CsvColumns {
        let mut kept: Vec<(usize, usize)> = Vec::new();
        let keys = columns
            .into_iter()
            .enumerate()
            .map(|(i, c)| match c {
                Column::Key(key) => Some(key),
                Column::Skip => None,
                Column::Kept { key, slot } => {
                    kept.push((slot, i));
                    key
                }
            })
            .collect();
        kept.sort();
        CsvColumns {
            keys,
            kept: kept.into_iter().map(|(_, i)| i).collect(),
        }
    }

    /// The kept cells of a row stored by `push_row`, in the kept list's order (as text;
    /// bytes that are not UTF-8 replaced).
    pub fn kept(&self, row: &[u8]) -> Vec<String> {
        if self.kept.is_empty() {
            return Vec::new();
        }
        let (ends, cells) = row.split_at(row.len().min(4 * self.keys.len()));
        let end = |i: usize| {
            ends.get(4 * i..4 * i + 4)
                .map_or(0, |e| u32::from_le_bytes([e[0], e[1], e[2], e[3]]) as usize)
        };
        self.kept
            .iter()
            .map(|&i| {
                let start = if i == 0 { 0 } else { end(i - 1) };
                let cell = cells.get(start..end(i)).unwrap_or_default();
                String::from_utf8_lossy(cell).into_owned()
            })
            .collect()
    }

    /// How many cells a row must have.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Appends a row of exactly `self.len()` cells to `buf`.
    pub(super) fn push_row(&self, row: &::csv::ByteRecord, buf: &mut Vec<u8>) {
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
        batch.encoding = Encoding::Cells(Arc::clone(&self.columns));
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
                    let problem = if let Some((bytes, unclosed)) = guard.cut_in(begin..end) {
                        Some(Box::new(if unclosed {
                            RecordProblem::CsvUnclosedQuote { row: self.record }
                        } else {
                            RecordProblem::TooLarge {
                                place: RecordPlace::CsvRow(self.record),
                                bytes,
                                limit: MAX_RECORD_BYTES,
                            }
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
