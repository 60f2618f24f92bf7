//! Pretty-printed objects back to back.

use std::io::Read;

use super::{
    Batch, CHUNK, Fill, MAX_RECORD_BYTES, Shape, Source, is_space, read_error, read_more, too_long,
};
use crate::error::Error;
use crate::problem::RecordPlace;

/// Objects back to back, pretty-printed or not, read as a stream: a record ends where its
/// object closes. A line that starts with `{` always starts a new record, so a broken
/// record (a typo, a line cut short) becomes one invalid result and never swallows the
/// records after it. Text that is not an object is an invalid record up to the end of its
/// line.
pub(super) struct DocumentSource {
    /// The input's name, for errors.
    pub(super) name: String,
    pub(super) reader: Box<dyn Read + Send>,
    pub(super) buf: Vec<u8>,
    /// Offset of `buf[0]` in the input.
    pub(super) base: u64,
    /// Where reading goes on in `buf`.
    pub(super) pos: usize,
    pub(super) eof: bool,
    /// The line at `pos`, and the input offset where it starts.
    pub(super) line: u64,
    pub(super) line_start: u64,
    pub(super) record: u64,
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
