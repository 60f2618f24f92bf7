//! `cp_screen._native`: the cp-screen library (`cp_screen::api`) for Python. The Python
//! package (`cp_screen/__init__.py`) is the interface; this module does the work.
//!
//! A screen pulls its input from a Python callable, one chunk at a time: the columns of a
//! slice of a data frame, written here as the CSV `cp-screen screen` reads (or JSON Lines
//! for dictionaries). The pipeline of `cp-screen screen` screens it on every core with the
//! GIL released (a thread of its own takes the GIL only to fetch a chunk), and its output is
//! exactly `--format csv` or `--format jsonl`. A frame's table comes as typed cells
//! (`api::Screener::screen_rows`: the values `--format csv` writes, never made text), pushed
//! onto one growing column per field of the codebook, so memory is the result plus a
//! constant. Text cells go back to Python as Arrow buffers when pyarrow is there.

use std::collections::VecDeque;
use std::io::{self, Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};

use cp_screen::api::{
    self, Cell, FieldErrors, InputFormat, Mapping, Options, OutputFormat, RuleChoice,
};
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyList, PyString, PyTuple};

create_exception!(
    _native,
    ScreenError,
    PyException,
    "A whole run failed: (code, message)."
);

fn screen_error(e: &cp_screen::error::Error) -> PyErr {
    ScreenError::new_err((e.code(), api::message(e)))
}

/// Chooses the language of messages for the process; returns the tag in force. Asking
/// for another language once one is in force is an error (`language_already_chosen`).
#[pyfunction]
#[pyo3(signature = (tag=None))]
fn choose_language(tag: Option<&str>) -> PyResult<&'static str> {
    let chosen = api::choose_language(tag).map_err(|e| screen_error(&e))?;
    if let Some(tag) = tag {
        let wanted = cp_screen::words::negotiate(&[tag.to_string()]);
        if wanted != Some(chosen) {
            return Err(ScreenError::new_err((
                "language_already_chosen",
                format!(
                    "the language of this process is already {}; messages cannot change language within a process (start a new one for {tag})",
                    chosen.tag()
                ),
            )));
        }
    }
    Ok(chosen.tag())
}

/// `cp-screen rules list --format json`.
#[pyfunction]
fn rule_sets() -> String {
    api::rule_sets().to_string()
}

/// A rule set and mapping, loaded and checked once.
#[pyclass(frozen, module = "cp_screen._native")]
struct Screener {
    core: Arc<api::Screener>,
}

#[pymethods]
impl Screener {
    #[new]
    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (rule_set=None, rules=None, mapping=None, map=Vec::new(), codes=Vec::new(), units=Vec::new(), na=Vec::new(), keep=Vec::new(), decimal_comma=false))]
    fn new(
        py: Python<'_>,
        rule_set: Option<String>,
        rules: Option<String>,
        mapping: Option<String>,
        map: Vec<String>,
        codes: Vec<String>,
        units: Vec<String>,
        na: Vec<String>,
        keep: Vec<String>,
        decimal_comma: bool,
    ) -> PyResult<Screener> {
        let mapping = Mapping {
            file: mapping,
            map,
            codes,
            units,
            na,
            keep,
            decimal_comma,
        };
        let core = py
            .detach(|| {
                let choice = match (&rule_set, &rules) {
                    (Some(name), _) => RuleChoice::Embedded(name),
                    (None, Some(path)) => RuleChoice::File(Path::new(path)),
                    (None, None) => RuleChoice::Default,
                };
                api::Screener::new(choice, &mapping)
            })
            .map_err(|e| screen_error(&e))?;
        Ok(Screener {
            core: Arc::new(core),
        })
    }

    /// The codebook (JSON text).
    fn codebook(&self) -> String {
        self.core.codebook().to_string()
    }

    /// `factors --format json` (JSON text).
    fn factors(&self) -> String {
        self.core.factors().to_string()
    }

    /// `export questionnaire` (JSON text).
    fn questionnaire(&self) -> PyResult<String> {
        self.core
            .questionnaire()
            .map(|v| v.to_string())
            .map_err(|e| screen_error(&e))
    }

    /// Screens into the columns of the CSV table: a dict of column name to a tuple
    /// (`("int", values, missing)`, `("float", values)`, `("bool", codes)`, `("enum",
    /// codes, categories)` or `("str", list)`; with `arrow`, `("arrow", offsets, data,
    /// validity)` for text), one row per input row in order.
    #[pyo3(signature = (next_chunk, header, name, allow_extra_fields=false, threads=0, arrow=false, field_errors="strict"))]
    #[allow(clippy::too_many_arguments)]
    fn frame<'py>(
        &self,
        py: Python<'py>,
        next_chunk: Py<PyAny>,
        header: Option<Vec<String>>,
        name: &str,
        allow_extra_fields: bool,
        threads: usize,
        arrow: bool,
        field_errors: &str,
    ) -> PyResult<Bound<'py, PyDict>> {
        let field_errors = field_errors_of(field_errors)?;
        let run = Run::new(next_chunk, header);
        let mut sink = Columns::new(&self.core, run.blanks.clone(), run.is_csv(), name);
        let options = run.options(allow_extra_fields, threads, field_errors);
        let (input, reader, failure) = run.into_reader();
        let core = Arc::clone(&self.core);
        let outcome = py.detach(|| {
            let r = core.screen_rows(reader, name, input, options, &mut sink);
            r.and_then(|_| sink.finish().map_err(cp_screen::error::Error::Io))
        });
        if let Some(e) = failure.lock().unwrap().take() {
            return Err(e);
        }
        outcome.map_err(|e| screen_error(&e))?;
        sink.into_python(py, arrow)
    }

    /// Screens into the bytes `cp-screen screen --format csv` (or `jsonl`) writes.
    #[pyo3(signature = (next_chunk, header, name, format="csv", allow_extra_fields=false, threads=0, field_errors="strict"))]
    #[allow(clippy::too_many_arguments)]
    fn table<'py>(
        &self,
        py: Python<'py>,
        next_chunk: Py<PyAny>,
        header: Option<Vec<String>>,
        name: &str,
        format: &str,
        allow_extra_fields: bool,
        threads: usize,
        field_errors: &str,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let format = output_format(format)?;
        let field_errors = field_errors_of(field_errors)?;
        let run = Run::new(next_chunk, header);
        let options = run.options(allow_extra_fields, threads, field_errors);
        let (input, reader, failure) = run.into_reader();
        let core = Arc::clone(&self.core);
        let mut out = Vec::new();
        let outcome = py.detach(|| core.screen(reader, name, input, format, options, &mut out));
        if let Some(e) = failure.lock().unwrap().take() {
            return Err(e);
        }
        outcome.map_err(|e| screen_error(&e))?;
        Ok(PyBytes::new(py, &out))
    }

    /// Screens in a thread of its own; the results come as chunks of whole JSON Lines.
    #[pyo3(signature = (next_chunk, header, name, allow_extra_fields=false, threads=0, explain=false, field_errors="strict"))]
    #[allow(clippy::too_many_arguments)]
    fn stream(
        &self,
        next_chunk: Py<PyAny>,
        header: Option<Vec<String>>,
        name: String,
        allow_extra_fields: bool,
        threads: usize,
        explain: bool,
        field_errors: &str,
    ) -> PyResult<ResultStream> {
        let field_errors = field_errors_of(field_errors)?;
        let run = Run::new(next_chunk, header);
        let mut options = run.options(allow_extra_fields, threads, field_errors);
        options.explain = explain;
        let (input, reader, failure) = run.into_reader();
        let core = Arc::clone(&self.core);
        let (tx, rx) = crossbeam_channel::bounded::<Message>(4);
        std::thread::spawn(move || {
            let mut out = Lines {
                tx: tx.clone(),
                buf: Vec::new(),
            };
            let r = core.screen(reader, &name, input, OutputFormat::Jsonl, options, &mut out);
            let r = r.and_then(|_| out.send_all().map_err(Into::into));
            let end = match failure.lock().unwrap().take() {
                Some(e) => Err(End::Python(e)),
                None => r
                    .map(|_| ())
                    .map_err(|e| End::Screen(e.code(), api::message(&e))),
            };
            let _ = tx.send(Message::End(end));
        });
        Ok(ResultStream { rx })
    }
}

/// `--field-errors`: `strict` or `not-assessed`, the command line's words.
fn field_errors_of(name: &str) -> PyResult<FieldErrors> {
    match name {
        "strict" => Ok(FieldErrors::Strict),
        "not-assessed" => Ok(FieldErrors::NotAssessed),
        other => Err(pyo3::exceptions::PyValueError::new_err(format!(
            "field_errors is \"strict\" or \"not-assessed\", not {other:?}"
        ))),
    }
}

fn output_format(name: &str) -> PyResult<OutputFormat> {
    Ok(match name {
        "csv" => OutputFormat::Csv,
        "tsv" => OutputFormat::Tsv,
        "jsonl" => OutputFormat::Jsonl,
        "json" => OutputFormat::Json,
        "fhir" => OutputFormat::Fhir,
        other => {
            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                "no output format {other:?}"
            )));
        }
    })
}

// ---- the input: chunks pulled from Python -----------------------------------------------------

/// What one screen reads: CSV made from column chunks (when there is a header), or JSON
/// Lines given as bytes.
struct Run {
    reader: Chunks,
    blanks: Arc<Mutex<VecDeque<u64>>>,
}

impl Run {
    fn new(next: Py<PyAny>, header: Option<Vec<String>>) -> Run {
        let blanks = Arc::new(Mutex::new(VecDeque::new()));
        Run {
            reader: Chunks {
                next,
                header,
                header_written: false,
                row: 0,
                buf: Vec::new(),
                pos: 0,
                done: false,
                failure: Arc::new(Mutex::new(None)),
                blanks: Arc::clone(&blanks),
            },
            blanks,
        }
    }

    fn is_csv(&self) -> bool {
        self.reader.header.is_some()
    }

    fn options(
        &self,
        allow_extra_fields: bool,
        threads: usize,
        field_errors: FieldErrors,
    ) -> Options {
        Options {
            allow_extra_fields,
            threads,
            explain: false,
            // The header is written with commas, whatever the column names hold.
            delimiter: self.is_csv().then_some(b','),
            field_errors,
        }
    }

    #[allow(clippy::type_complexity)]
    fn into_reader(self) -> (InputFormat, Box<dyn Read + Send>, Arc<Mutex<Option<PyErr>>>) {
        let format = if self.is_csv() {
            InputFormat::Csv
        } else {
            InputFormat::Json
        };
        let failure = Arc::clone(&self.reader.failure);
        (format, Box::new(Ahead::new(self.reader)), failure)
    }
}

/// What the thread making the input hands over.
enum Made {
    Bytes(Vec<u8>),
    /// The input is all made.
    End,
    /// The Python input failed (the exception is in `Chunks::failure`).
    Failed,
}

/// A `Read` over `Chunks` made one chunk ahead in a thread of its own, so that the
/// pipeline's workers read one chunk while the next is fetched from Python and written
/// out; at most two chunks wait.
struct Ahead {
    rx: Option<crossbeam_channel::Receiver<Made>>,
    buf: Vec<u8>,
    pos: usize,
    ended: bool,
    maker: Option<std::thread::JoinHandle<()>>,
}

impl Ahead {
    fn new(mut chunks: Chunks) -> Ahead {
        let (tx, rx) = crossbeam_channel::bounded::<Made>(2);
        let maker = std::thread::spawn(move || {
            loop {
                chunks.buf.clear();
                chunks.pos = 0;
                if let Err(e) = Python::attach(|py| chunks.refill(py)) {
                    *chunks.failure.lock().unwrap() = Some(e);
                    let _ = tx.send(Made::Failed);
                    break;
                }
                if !chunks.buf.is_empty()
                    && tx
                        .send(Made::Bytes(std::mem::take(&mut chunks.buf)))
                        .is_err()
                {
                    // The pipeline stopped reading.
                    break;
                }
                if chunks.done {
                    let _ = tx.send(Made::End);
                    break;
                }
            }
            // The Python objects are let go of with the GIL held.
            Python::attach(|_| drop(chunks));
        });
        Ahead {
            rx: Some(rx),
            buf: Vec::new(),
            pos: 0,
            ended: false,
            maker: Some(maker),
        }
    }
}

impl Read for Ahead {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.pos == self.buf.len() {
            if self.ended {
                return Ok(0);
            }
            let made = self.rx.as_ref().and_then(|rx| rx.recv().ok());
            match made {
                Some(Made::Bytes(bytes)) => {
                    self.buf = bytes;
                    self.pos = 0;
                }
                Some(Made::End) => self.ended = true,
                Some(Made::Failed) => {
                    self.ended = true;
                    return Err(io::Error::other("the Python input failed"));
                }
                None => {
                    self.ended = true;
                    return Err(io::Error::other("the thread making the input stopped"));
                }
            }
        }
        let n = out.len().min(self.buf.len() - self.pos);
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

impl Drop for Ahead {
    fn drop(&mut self) {
        // A maker waiting to hand over a chunk sees the channel closed and stops. This runs
        // in the pipeline (a worker that read the input to its end, or the calling thread
        // as the run ends), which never holds the GIL the maker may need: the run is
        // `detach`ed.
        self.rx = None;
        if let Some(maker) = self.maker.take() {
            let _ = maker.join();
        }
    }
}

/// The input the chunks a Python callable returns (`None` at the end) make, refilled a
/// chunk at a time (by `Ahead`'s thread).
struct Chunks {
    next: Py<PyAny>,
    /// The frame's column names, for CSV; `None` for JSON Lines.
    header: Option<Vec<String>>,
    header_written: bool,
    /// Rows of the frame written so far.
    row: u64,
    buf: Vec<u8>,
    pos: usize,
    done: bool,
    /// An exception raised while fetching or reading a chunk: the run's real failure.
    failure: Arc<Mutex<Option<PyErr>>>,
    /// 0-based positions of rows whose every cell is empty, which the CSV reader skips.
    blanks: Arc<Mutex<VecDeque<u64>>>,
}

impl Chunks {
    fn refill(&mut self, py: Python<'_>) -> PyResult<()> {
        if let Some(header) = &self.header
            && !self.header_written
        {
            self.header_written = true;
            for (i, name) in header.iter().enumerate() {
                if i > 0 {
                    self.buf.push(b',');
                }
                push_field(&mut self.buf, name.as_bytes());
            }
            self.buf.push(b'\n');
            return Ok(());
        }
        let chunk = self.next.call0(py)?;
        let chunk = chunk.bind(py);
        if chunk.is_none() {
            self.done = true;
            return Ok(());
        }
        if self.header.is_none() {
            let bytes = chunk.cast::<PyBytes>()?;
            self.buf.extend_from_slice(bytes.as_bytes());
            if !self.buf.is_empty() && !self.buf.ends_with(b"\n") {
                self.buf.push(b'\n');
            }
            return Ok(());
        }
        let columns: Vec<Column> = chunk
            .cast::<PyList>()?
            .iter()
            .map(|c| Column::read(&c))
            .collect::<PyResult<_>>()?;
        let width = self.header.as_ref().map_or(0, Vec::len);
        if columns.len() != width {
            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                "a chunk has {} columns, the header {width}",
                columns.len()
            )));
        }
        let rows = columns.first().map_or(0, Column::len);
        if columns.iter().any(|c| c.len() != rows) {
            return Err(pyo3::exceptions::PyValueError::new_err(
                "the columns of a chunk differ in length",
            ));
        }
        let mut cell = Vec::new();
        for r in 0..rows {
            let start = self.buf.len();
            let mut blank = true;
            for (i, column) in columns.iter().enumerate() {
                if i > 0 {
                    self.buf.push(b',');
                }
                cell.clear();
                column.cell(r, &mut cell)?;
                blank &= cell
                    .iter()
                    .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
                push_field(&mut self.buf, &cell);
            }
            if blank {
                // The CSV reader skips a row of empty cells; the sink puts its result back.
                self.buf.truncate(start);
                self.blanks.lock().unwrap().push_back(self.row);
            } else {
                self.buf.push(b'\n');
            }
            self.row += 1;
        }
        Ok(())
    }
}

/// One column of a chunk, as the Python side hands it over.
enum Column<'py> {
    /// Float64 values, native byte order; NaN is empty.
    Float(Bound<'py, PyBytes>),
    /// Int64 values and, when some are missing, a byte per row (1 = missing).
    Int(Bound<'py, PyBytes>, Option<Bound<'py, PyBytes>>),
    /// A byte per row (0 or 1) and the missing bytes.
    Bool(Bound<'py, PyBytes>, Option<Bound<'py, PyBytes>>),
    /// Any objects: str as it is, None empty, numbers and booleans as above, else str().
    Objects(Bound<'py, PyList>),
    /// Text cells joined by NUL (a missing one empty): one string for the whole column,
    /// split here, as the row count given checks.
    Joined(String, Vec<(usize, usize)>),
    /// An Arrow string column's buffers, copied out of the Arrow array without a Python
    /// object per cell: where each cell starts (`rows + 1` offsets, Int64, native byte
    /// order, counted from the first), the cells' bytes one after another, and a byte
    /// per row (1 = missing, an empty cell) when some are missing.
    Text(Vec<usize>, Bound<'py, PyBytes>, Option<Bound<'py, PyBytes>>),
}

impl<'py> Column<'py> {
    fn read(c: &Bound<'py, PyAny>) -> PyResult<Column<'py>> {
        let t = c.cast::<PyTuple>()?;
        let kind: String = t.get_item(0)?.extract()?;
        let mask = || -> PyResult<Option<Bound<'py, PyBytes>>> {
            let m = t.get_item(2)?;
            Ok(if m.is_none() {
                None
            } else {
                Some(m.cast_into::<PyBytes>()?)
            })
        };
        Ok(match kind.as_str() {
            "f" => Column::Float(t.get_item(1)?.cast_into()?),
            "i" => Column::Int(t.get_item(1)?.cast_into()?, mask()?),
            "b" => Column::Bool(t.get_item(1)?.cast_into()?, mask()?),
            "o" => Column::Objects(t.get_item(1)?.cast_into()?),
            "s" => {
                let offsets = t.get_item(1)?.cast_into::<PyBytes>()?;
                let data = t.get_item(3)?.cast_into::<PyBytes>()?;
                let offsets = text_offsets(offsets.as_bytes(), data.as_bytes().len())?;
                let missing = mask()?;
                if missing
                    .as_ref()
                    .is_some_and(|m| m.as_bytes().len() != offsets.len() - 1)
                {
                    return Err(pyo3::exceptions::PyValueError::new_err(
                        "a text column's mask has the wrong length",
                    ));
                }
                Column::Text(offsets, data, missing)
            }
            "j" => {
                let text = t
                    .get_item(1)?
                    .cast_into::<PyString>()?
                    .to_cow()?
                    .into_owned();
                let rows: usize = t.get_item(2)?.extract()?;
                let mut cells = Vec::with_capacity(rows);
                let mut start = 0;
                for end in memchr::memchr_iter(0, text.as_bytes()).chain([text.len()]) {
                    cells.push((start, end));
                    start = end + 1;
                }
                if rows == 0 {
                    cells.clear();
                }
                if cells.len() != rows {
                    return Err(pyo3::exceptions::PyValueError::new_err(
                        "a joined column's cells hold NUL",
                    ));
                }
                Column::Joined(text, cells)
            }
            other => {
                return Err(pyo3::exceptions::PyValueError::new_err(format!(
                    "unknown column kind {other:?}"
                )));
            }
        })
    }

    fn len(&self) -> usize {
        match self {
            Column::Float(b) | Column::Int(b, _) => b.as_bytes().len() / 8,
            Column::Bool(b, _) => b.as_bytes().len(),
            Column::Objects(l) => l.len(),
            Column::Joined(_, cells) => cells.len(),
            Column::Text(offsets, _, _) => offsets.len() - 1,
        }
    }

    fn cell(&self, r: usize, out: &mut Vec<u8>) -> PyResult<()> {
        let missing =
            |m: &Option<Bound<'py, PyBytes>>| m.as_ref().is_some_and(|m| m.as_bytes()[r] != 0);
        match self {
            Column::Float(b) => {
                push_float(out, f64::from_ne_bytes(word(b.as_bytes(), r)));
            }
            Column::Int(b, m) => {
                if !missing(m) {
                    let _ = write!(out, "{}", i64::from_ne_bytes(word(b.as_bytes(), r)));
                }
            }
            Column::Bool(b, m) => {
                if !missing(m) {
                    out.extend_from_slice(if b.as_bytes()[r] != 0 {
                        b"true"
                    } else {
                        b"false"
                    });
                }
            }
            Column::Joined(text, cells) => {
                let (start, end) = cells[r];
                out.extend_from_slice(&text.as_bytes()[start..end]);
            }
            Column::Text(offsets, data, m) => {
                if !missing(m) {
                    out.extend_from_slice(&data.as_bytes()[offsets[r]..offsets[r + 1]]);
                }
            }
            Column::Objects(l) => {
                let v = l.get_item(r)?;
                if v.is_none() {
                } else if let Ok(s) = v.cast::<PyString>() {
                    out.extend_from_slice(s.to_cow()?.as_bytes());
                } else if let Ok(b) = v.cast::<PyBool>() {
                    out.extend_from_slice(if b.is_true() { b"true" } else { b"false" });
                } else if let Ok(f) = v.cast::<PyFloat>() {
                    push_float(out, f.value());
                } else {
                    // Integers (any size) and everything else as Python writes them.
                    out.extend_from_slice(v.str()?.to_cow()?.as_bytes());
                }
            }
        }
        Ok(())
    }
}

/// An Arrow column's Int64 offsets as positions in its data (the first made 0), checked:
/// at least one, never decreasing, the last the data's length.
fn text_offsets(bytes: &[u8], data_len: usize) -> PyResult<Vec<usize>> {
    let bad =
        || pyo3::exceptions::PyValueError::new_err("a text column's offsets do not fit its data");
    if !bytes.len().is_multiple_of(8) || bytes.is_empty() {
        return Err(bad());
    }
    let first = i64::from_ne_bytes(word(bytes, 0));
    let mut offsets = Vec::with_capacity(bytes.len() / 8);
    let mut last = 0;
    for r in 0..bytes.len() / 8 {
        let at = i64::from_ne_bytes(word(bytes, r)) - first;
        let at = usize::try_from(at).map_err(|_| bad())?;
        if at < last || at > data_len {
            return Err(bad());
        }
        offsets.push(at);
        last = at;
    }
    if last != data_len {
        return Err(bad());
    }
    Ok(offsets)
}

fn word(bytes: &[u8], r: usize) -> [u8; 8] {
    bytes[r * 8..r * 8 + 8].try_into().expect("8 bytes")
}

/// A number as the shortest decimal that reads back the same, a whole number without
/// `.0` (so a code column that pandas read as floats still reads `1`, not `1.0`); NaN
/// is an empty cell.
fn push_float(out: &mut Vec<u8>, v: f64) {
    // A whole number (grams, weeks; most cells) as the integer it is, which `Display`
    // writes the same way ("3000", never "3000.0") at a fraction of the cost; below 2^53
    // every whole f64 is an exact integer, and zero keeps its sign through `Display`.
    if v.fract() == 0.0 && v != 0.0 && v.abs() < 9_007_199_254_740_992.0 {
        let _ = write!(out, "{}", v as i64);
    } else if !v.is_nan() {
        let _ = write!(out, "{v}");
    }
}

/// One CSV field, quoted as RFC 4180 asks when it holds a comma, a quote or a line break.
fn push_field(out: &mut Vec<u8>, value: &[u8]) {
    if !value
        .iter()
        .any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
    {
        out.extend_from_slice(value);
        return;
    }
    out.push(b'"');
    for &b in value {
        if b == b'"' {
            out.push(b'"');
        }
        out.push(b);
    }
    out.push(b'"');
}

// ---- the output: the CSV table parsed into columns --------------------------------------------

/// One column of the result, typed by the codebook.
enum Builder {
    /// Int64 values (native byte order) and a byte per row, 1 when missing.
    Int(Vec<u8>, Vec<u8>),
    /// Float64 values, NaN when missing.
    Float(Vec<u8>),
    /// -1 missing, 0 false, 1 true.
    Bool(Vec<u8>),
    /// The index of the value among the allowed ones, -1 when missing.
    Enum(Vec<String>, Vec<u8>),
    /// The values one after another, where each ends, and whether it is missing.
    Str(Vec<u8>, Vec<usize>, Vec<bool>),
}

impl Builder {
    fn from_field(field: &serde_json::Value) -> Builder {
        let allowed = field["constraints"]["enum"].as_array();
        match (field["type"].as_str(), allowed) {
            (Some("integer"), _) => Builder::Int(Vec::new(), Vec::new()),
            (Some("number"), _) => Builder::Float(Vec::new()),
            (Some("boolean"), _) => Builder::Bool(Vec::new()),
            (_, Some(values)) => Builder::Enum(
                values
                    .iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect(),
                Vec::new(),
            ),
            _ => Builder::Str(Vec::new(), Vec::new(), Vec::new()),
        }
    }

    fn push(&mut self, v: &[u8]) -> io::Result<()> {
        let bad = || io::Error::other(format!("unexpected cell {:?}", String::from_utf8_lossy(v)));
        match self {
            Builder::Int(values, missing) => {
                let n = if v.is_empty() {
                    0
                } else {
                    std::str::from_utf8(v)
                        .ok()
                        .and_then(|s| s.parse::<i64>().ok())
                        .ok_or_else(bad)?
                };
                values.extend_from_slice(&n.to_ne_bytes());
                missing.push(u8::from(v.is_empty()));
            }
            Builder::Float(values) => {
                let x = if v.is_empty() {
                    f64::NAN
                } else {
                    std::str::from_utf8(v)
                        .ok()
                        .and_then(|s| s.parse::<f64>().ok())
                        .ok_or_else(bad)?
                };
                values.extend_from_slice(&x.to_ne_bytes());
            }
            Builder::Bool(codes) => codes.push(match v {
                b"" => -1i8 as u8,
                b"false" => 0,
                b"true" => 1,
                _ => return Err(bad()),
            }),
            Builder::Enum(allowed, codes) => {
                let code = if v.is_empty() {
                    -1
                } else {
                    allowed
                        .iter()
                        .position(|a| a.as_bytes() == v)
                        .ok_or_else(bad)? as i8
                };
                codes.push(code as u8);
            }
            Builder::Str(data, ends, missing) => {
                data.extend_from_slice(v);
                ends.push(data.len());
                missing.push(v.is_empty());
            }
        }
        Ok(())
    }

    /// A typed cell of the table, as `push` would take its CSV field.
    fn push_cell(&mut self, cell: &Cell<'_>) -> io::Result<()> {
        match (&mut *self, cell) {
            (Builder::Int(..), Cell::Int(n)) => {
                let n = n.map(i64::try_from).transpose().map_err(io::Error::other)?;
                self.push_int(n);
            }
            (Builder::Float(values), Cell::Number(x)) => {
                values.extend_from_slice(&x.unwrap_or(f64::NAN).to_ne_bytes());
            }
            (Builder::Bool(codes), Cell::Bool(b)) => codes.push(match b {
                None => -1i8 as u8,
                Some(false) => 0,
                Some(true) => 1,
            }),
            (Builder::Enum(..) | Builder::Str(..), Cell::Text(s)) => self.push(s.as_bytes())?,
            _ => return Err(io::Error::other(format!("unexpected cell {cell:?}"))),
        }
        Ok(())
    }

    fn push_int(&mut self, n: Option<i64>) {
        if let Builder::Int(values, missing) = self {
            values.extend_from_slice(&n.unwrap_or(0).to_ne_bytes());
            missing.push(u8::from(n.is_none()));
        }
    }

    /// The column for Python; with `arrow`, a text column is the buffers of an Arrow
    /// `large_string` array (`("arrow", offsets, data, validity)`: Int64 offsets, the
    /// bytes, a bitmap of the present values or `None`), with no Python object per cell.
    fn into_python<'py>(self, py: Python<'py>, arrow: bool) -> PyResult<Bound<'py, PyTuple>> {
        match self {
            Builder::Str(data, ends, missing) if arrow => {
                let mut offsets = Vec::with_capacity((ends.len() + 1) * 8);
                offsets.extend_from_slice(&0i64.to_ne_bytes());
                for end in ends {
                    offsets.extend_from_slice(&(end as i64).to_ne_bytes());
                }
                let validity = missing.iter().any(|&m| m).then(|| {
                    let mut bits = vec![0u8; missing.len().div_ceil(8)];
                    for (i, _) in missing.iter().enumerate().filter(|(_, m)| !**m) {
                        bits[i / 8] |= 1 << (i % 8);
                    }
                    PyBytes::new(py, &bits)
                });
                (
                    "arrow",
                    PyBytes::new(py, &offsets),
                    PyBytes::new(py, &data),
                    validity,
                )
                    .into_pyobject(py)
            }
            Builder::Int(values, missing) => {
                ("int", PyBytes::new(py, &values), PyBytes::new(py, &missing)).into_pyobject(py)
            }
            Builder::Float(values) => ("float", PyBytes::new(py, &values)).into_pyobject(py),
            Builder::Bool(codes) => ("bool", PyBytes::new(py, &codes)).into_pyobject(py),
            Builder::Enum(allowed, codes) => {
                ("enum", PyBytes::new(py, &codes), allowed).into_pyobject(py)
            }
            Builder::Str(data, ends, missing) => {
                // A value the same as the one before is the same Python object: the
                // columns that repeat one value (file, rule_set) cost a pointer a row.
                let mut items: Vec<Py<PyAny>> = Vec::with_capacity(ends.len());
                let mut start = 0;
                let mut last: Option<(usize, usize, Py<PyAny>)> = None;
                for (end, missing) in ends.into_iter().zip(missing) {
                    let text = &data[start..end];
                    let item = if missing {
                        py.None()
                    } else if let Some((s, e, obj)) = &last
                        && &data[*s..*e] == text
                    {
                        obj.clone_ref(py)
                    } else {
                        let s = std::str::from_utf8(text)
                            .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
                        let obj = PyString::new(py, s).into_any().unbind();
                        last = Some((start, end, obj.clone_ref(py)));
                        obj
                    };
                    items.push(item);
                    start = end;
                }
                ("str", PyList::new(py, items)?).into_pyobject(py)
            }
        }
    }
}

/// The table's rows, as the pipeline hands them over typed (`api::Screener::screen_rows`),
/// each cell pushed onto its column.
struct Columns {
    core: Arc<api::Screener>,
    name: String,
    names: Vec<String>,
    builders: Vec<Builder>,
    record: usize,
    line: usize,
    rows: u64,
    /// CSV input: `record` is the row's position in the frame (blank rows included).
    csv: bool,
    blanks: Arc<Mutex<VecDeque<u64>>>,
    /// The result of a record with no answers, for a row of empty cells.
    template: Option<Vec<Vec<u8>>>,
}

impl Columns {
    fn new(
        core: &Arc<api::Screener>,
        blanks: Arc<Mutex<VecDeque<u64>>>,
        csv: bool,
        name: &str,
    ) -> Columns {
        let book = core.codebook();
        let fields = book["fields"].as_array().cloned().unwrap_or_default();
        let names: Vec<String> = fields
            .iter()
            .map(|f| f["name"].as_str().unwrap_or_default().to_string())
            .collect();
        let at = |n: &str| {
            names
                .iter()
                .position(|x| x == n)
                .expect("a codebook column")
        };
        Columns {
            core: Arc::clone(core),
            name: name.to_string(),
            record: at("record"),
            line: at("line"),
            builders: fields.iter().map(Builder::from_field).collect(),
            names,
            rows: 0,
            csv,
            blanks,
            template: None,
        }
    }

    /// Results for the rows of empty cells that come next in the frame.
    fn fill_blanks(&mut self) -> io::Result<()> {
        loop {
            let next = self.blanks.lock().unwrap().front().copied();
            if next != Some(self.rows) {
                return Ok(());
            }
            self.blanks.lock().unwrap().pop_front();
            if self.template.is_none() {
                self.template = Some(self.empty_record()?);
            }
            let template = self.template.as_ref().expect("made above");
            for (i, cell) in template.iter().enumerate() {
                if i == self.record {
                    self.builders[i].push_int(Some(self.rows as i64 + 1));
                } else if i == self.line {
                    self.builders[i].push_int(None);
                } else {
                    self.builders[i].push(cell)?;
                }
            }
            self.rows += 1;
        }
    }

    /// The row `cp-screen screen --format csv` gives a record with no answers.
    fn empty_record(&self) -> io::Result<Vec<Vec<u8>>> {
        let out = self.core.no_answers_csv(&self.name);
        let (mut scratch, mut ends) = (Vec::new(), Vec::new());
        let header = parse_row(&out, &mut scratch, &mut ends)
            .ok_or_else(|| io::Error::other("no header"))?;
        parse_row(&out[header..], &mut scratch, &mut ends)
            .ok_or_else(|| io::Error::other("no row"))?;
        Ok(fields(&scratch, &ends).map(<[u8]>::to_vec).collect())
    }

    /// After the run: rows of empty cells at the end of the frame.
    fn finish(&mut self) -> io::Result<()> {
        self.fill_blanks()
    }

    fn into_python<'py>(self, py: Python<'py>, arrow: bool) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for (name, builder) in self.names.into_iter().zip(self.builders) {
            dict.set_item(name, builder.into_python(py, arrow)?)?;
        }
        Ok(dict)
    }
}

impl api::Rows for Columns {
    fn row(&mut self, cells: &[Cell<'_>]) -> io::Result<()> {
        if cells.len() != self.builders.len() {
            return Err(io::Error::other("a row of the table has the wrong width"));
        }
        self.fill_blanks()?;
        let record = self.csv.then_some(self.rows as i64 + 1);
        for (i, cell) in cells.iter().enumerate() {
            if i == self.record && record.is_some() {
                self.builders[i].push_int(record);
            } else {
                self.builders[i].push_cell(cell)?;
            }
        }
        self.rows += 1;
        Ok(())
    }
}

/// The fields of a parsed row.
fn fields<'a>(scratch: &'a [u8], ends: &'a [usize]) -> impl Iterator<Item = &'a [u8]> + 'a {
    let mut start = 0;
    ends.iter().map(move |&end| {
        let f = &scratch[start..end];
        start = end;
        f
    })
}

/// One row of the table as cp-screen writes it (RFC 4180, `\n` at the end): its fields'
/// contents one after another in `scratch`, where each ends in `ends`, and the bytes it
/// took; `None` when `data` holds no complete row.
fn parse_row(data: &[u8], scratch: &mut Vec<u8>, ends: &mut Vec<usize>) -> Option<usize> {
    scratch.clear();
    ends.clear();
    let mut i = 0;
    loop {
        if data.get(i) == Some(&b'"') {
            i += 1;
            loop {
                let j = memchr::memchr(b'"', &data[i..])?;
                scratch.extend_from_slice(&data[i..i + j]);
                i += j + 1;
                match data.get(i)? {
                    b'"' => {
                        scratch.push(b'"');
                        i += 1;
                    }
                    _ => break,
                }
            }
        } else {
            let j = memchr::memchr2(b',', b'\n', &data[i..])?;
            scratch.extend_from_slice(&data[i..i + j]);
            i += j;
        }
        ends.push(scratch.len());
        match data.get(i)? {
            b',' => i += 1,
            _ => return Some(i + 1),
        }
    }
}

// ---- streaming JSON Lines ---------------------------------------------------------------------

enum End {
    Python(PyErr),
    Screen(&'static str, String),
}

enum Message {
    Lines(Vec<u8>),
    End(Result<(), End>),
}

/// A `Write` that hands whole lines on, about 64 KiB at a time.
struct Lines {
    tx: crossbeam_channel::Sender<Message>,
    buf: Vec<u8>,
}

impl Lines {
    /// Hands on the whole lines gathered once there are 64 KiB of them.
    fn send_lines(&mut self) -> io::Result<()> {
        if self.buf.len() >= 64 * 1024
            && let Some(last) = memchr::memrchr(b'\n', &self.buf)
        {
            let rest = self.buf.split_off(last + 1);
            let lines = std::mem::replace(&mut self.buf, rest);
            self.tx
                .send(Message::Lines(lines))
                .map_err(|_| io::Error::from(io::ErrorKind::BrokenPipe))?;
        }
        Ok(())
    }

    fn send_all(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let lines = std::mem::take(&mut self.buf);
        self.tx
            .send(Message::Lines(lines))
            .map_err(|_| io::Error::from(io::ErrorKind::BrokenPipe))
    }
}

impl Write for Lines {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(buf);
        self.send_lines()?;
        Ok(buf.len())
    }

    // A piece of results comes as its parts (text every result shares is written from
    // one place): all of them taken in one call.
    fn write_vectored(&mut self, bufs: &[io::IoSlice<'_>]) -> io::Result<usize> {
        let mut taken = 0;
        for buf in bufs {
            self.buf.extend_from_slice(buf);
            taken += buf.len();
        }
        self.send_lines()?;
        Ok(taken)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Chunks of JSON Lines results, in order, as the screen makes them.
#[pyclass(module = "cp_screen._native")]
struct ResultStream {
    rx: crossbeam_channel::Receiver<Message>,
}

#[pymethods]
impl ResultStream {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&mut self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyBytes>>> {
        let rx = self.rx.clone();
        match py.detach(move || rx.recv()) {
            Ok(Message::Lines(lines)) => Ok(Some(PyBytes::new(py, &lines))),
            Ok(Message::End(Ok(()))) | Err(_) => Ok(None),
            Ok(Message::End(Err(End::Python(e)))) => Err(e),
            Ok(Message::End(Err(End::Screen(code, message)))) => {
                Err(ScreenError::new_err((code, message)))
            }
        }
    }
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Screener>()?;
    m.add_class::<ResultStream>()?;
    m.add_function(wrap_pyfunction!(choose_language, m)?)?;
    m.add_function(wrap_pyfunction!(rule_sets, m)?)?;
    m.add("ScreenError", m.py().get_type::<ScreenError>())?;
    m.add("VERSION", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
