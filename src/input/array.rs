//! A top-level array of records, streamed element by element.

use std::io::Read;

use super::{
    Batch, CHUNK, Fill, Item, MAX_RECORD_BYTES, Shape, Source, input_error, is_space, read_error,
    read_more, too_long,
};
use crate::problem::{ArrayBreak, InputProblem, RecordPlace, RecordProblem};

/// Splits a top-level array into elements by tracking strings and nesting, without
/// parsing; each element is then parsed on its own, so one bad element is one invalid
/// record. Only a broken array structure (a truncated file) stops the input.
///
/// Two breaks inside an element would otherwise throw the tracking off for the rest of
/// the file: a string that runs into a line break (JSON strings cannot hold one: a
/// missing closing quote), and an object that is not closed before the next one starts
/// (a `{` inside an object where no value can begin). Either ends the broken element
/// there, as one invalid record named by its own line; reading goes on at the next line
/// that starts an element (or ends the array), or at the new object.
pub(super) struct ArraySource {
    /// The input's name, for errors.
    pub(super) name: String,
    pub(super) reader: Box<dyn Read + Send>,
    pub(super) chunk: Vec<u8>,
    pub(super) pos: usize,
    /// Offset of `chunk[0]` in the whole input.
    pub(super) base: u64,
    pub(super) eof: bool,
    pub(super) depth: u32,
    pub(super) in_string: bool,
    pub(super) escaped: bool,
    /// Inside an element: where it started (batch offset, line, column).
    pub(super) element: Option<(usize, u64, u64)>,
    /// A comma at depth 1 was seen and no element followed yet.
    pub(super) after_comma: bool,
    pub(super) line: u64,
    /// Input offset where the current line starts.
    pub(super) line_start: u64,
    pub(super) index: u64,
    pub(super) closed: bool,
    /// Bytes of the current element so far; past `MAX_RECORD_BYTES` they are not kept.
    pub(super) element_bytes: u64,
    /// The current element is an object (a `{` directly in it can only follow a `:`).
    pub(super) element_is_object: bool,
    /// The last byte outside strings that is not a space (a closed string counts as `"`).
    pub(super) previous: u8,
    /// After a broken element: skipping to the next line that starts with `{` or `]`.
    pub(super) resync: bool,
    /// Nothing but spaces since the last line break (while resyncing).
    pub(super) line_fresh: bool,
}

impl ArraySource {
    /// `chunk` starts at the opening bracket, `base` bytes into the input.
    pub(super) fn new(
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
            element_is_object: false,
            previous: b'[',
            resync: false,
            line_fresh: false,
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
                if self.resync {
                    match b {
                        b'\n' => {
                            self.line += 1;
                            self.line_start = self.base + self.pos as u64 + 1;
                            self.line_fresh = true;
                        }
                        b' ' | b'\t' | b'\r' => {}
                        b'{' | b']' if self.line_fresh => {
                            // Read on from here as if the broken element had ended.
                            self.resync = false;
                            self.previous = b',';
                            continue;
                        }
                        _ => self.line_fresh = false,
                    }
                    self.pos += 1;
                    continue;
                }
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
                                b'\n' if self.element.is_some() => {
                                    // A string cannot run over a line: the element is
                                    // broken here. It ends before the line break, which
                                    // the resync counts.
                                    self.in_string = false;
                                    self.depth = 1;
                                    self.resync = true;
                                    self.line_fresh = false;
                                    ended_element = true;
                                    break;
                                }
                                b'\n' => {
                                    self.line += 1;
                                    self.line_start = self.base + self.pos as u64 + 1;
                                }
                                _ => {
                                    self.in_string = false;
                                    self.previous = b'"';
                                }
                            }
                            self.pos += 1;
                        }
                    }
                    continue;
                }
                if b == b'{' && self.depth == 2 && self.element_is_object && self.previous != b':' {
                    // An object inside an object where no value can begin: the element
                    // was not closed, and this `{` starts the next one.
                    self.depth = 1;
                    ended_element = true;
                    break;
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
                            self.element_is_object = b == b'{';
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
                if !matches!(b, b' ' | b'\t' | b'\r' | b'\n') {
                    self.previous = b;
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
