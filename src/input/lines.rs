//! JSON Lines: one record per line.

use std::io::Read;

use super::{
    BATCH_BYTES, BATCH_RECORDS, Batch, CHUNK, Fill, Item, MAX_RECORD_BYTES, Shape, Source,
    fill_from, is_space, read_error, too_long,
};
use crate::error::Error;
use crate::problem::RecordPlace;

/// One record per line; blank lines are not records. A batch ends at `BATCH_RECORDS`
/// records or at the last whole line of its first `BATCH_BYTES` bytes, so tiny records do
/// not make huge batches (each record's rendered result can be a thousand times its input).
///
/// The input is read straight into the buffer that becomes the batch's: when a batch is
/// full, its buffer and the source's change places, and only what follows the batch (an
/// unfinished line, usually) is copied into the buffer the source gets back. Buffers are
/// zeroed once, when they grow, not before every read.
pub(super) struct LineSource {
    /// The input's name, for errors.
    pub(super) name: String,
    pub(super) reader: Box<dyn Read + Send>,
    /// `buf[pos..end]` are bytes read and not yet handed out; `buf` is initialized to its
    /// length, and `buf[end..]` is room to read into.
    pub(super) buf: Vec<u8>,
    pub(super) pos: usize,
    pub(super) end: usize,
    /// The bytes a record took in the last batch (`BATCH_BYTES` before the first).
    pub(super) record_bytes: usize,
    pub(super) eof: bool,
    pub(super) line: u64,
    pub(super) record: u64,
}

/// The least a read asks for: a batch that needs only its last line's end still reads
/// this much (the rest is copied to the next batch, which needs it anyway).
const LEAST_READ: usize = 4 * 1024;

impl LineSource {
    /// Moves the bytes not yet handed out to the buffer's start, when nothing before them
    /// is needed (the batch has nothing in the buffer yet).
    fn compact(&mut self) {
        if self.pos > 0 {
            self.buf.copy_within(self.pos..self.end, 0);
            self.end -= self.pos;
            self.pos = 0;
        }
    }

    /// Reads more after `end` until the buffer holds `upto` bytes (and at least
    /// `LEAST_READ` more), or the input ends.
    fn refill(&mut self, upto: usize) -> Result<(), Error> {
        // An unfinished line read again and again is read in growing steps, so that looking
        // for its end takes time in proportion to its length.
        let want = upto.max(self.end + LEAST_READ.max(self.end - self.pos));
        if self.buf.len() < want {
            self.buf.resize(want, 0);
        }
        let ended = fill_from(&mut *self.reader, &mut self.buf[..want], &mut self.end)
            .map_err(|source| read_error(&self.name, source))?;
        self.eof |= ended;
        Ok(())
    }

    /// Skips the rest of an over-long line (it starts at `pos`) without keeping it, and
    /// adds an invalid record for it. What was read of it is overwritten by what follows.
    fn skip_long_line(&mut self, batch: &mut Batch) -> Result<(), Error> {
        let mut seen = 0u64;
        let mut blank = true;
        loop {
            let rest = &self.buf[self.pos..self.end];
            if let Some(i) = memchr::memchr(b'\n', rest) {
                seen += i as u64;
                blank &= rest[..i].iter().all(|b| is_space(*b));
                self.pos += i + 1;
                break;
            }
            seen += rest.len() as u64;
            blank &= rest.iter().all(|b| is_space(*b));
            self.end = self.pos;
            if self.eof {
                break;
            }
            if batch.items.is_empty() {
                self.compact();
            }
            self.refill(self.pos + CHUNK)?;
        }
        self.line += 1;
        if blank {
            // However long, a blank line is not a record.
            return Ok(());
        }
        self.record += 1;
        batch.items.push(Item {
            bytes: 0..0,
            record: self.record,
            line: Some(self.line),
            column: 1,
            problem: Some(too_long(RecordPlace::Line(self.line), seen)),
        });
        Ok(())
    }

    /// Hands out the complete lines in `buf[pos..end]`, up to `BATCH_RECORDS` in the batch,
    /// as ranges of the buffer.
    fn take_lines(&mut self, batch: &mut Batch) {
        let mut start = self.pos;
        let mut records = batch.items.len();
        while records < BATCH_RECORDS {
            let Some(i) = memchr::memchr(b'\n', &self.buf[start..self.end]) else {
                break;
            };
            let end = start + i;
            self.line += 1;
            if self.buf[start..end].iter().any(|b| !is_space(*b)) {
                self.record += 1;
                records += 1;
                let long = end - start > MAX_RECORD_BYTES;
                batch.items.push(Item {
                    bytes: if long { start..start } else { start..end },
                    record: self.record,
                    line: Some(self.line),
                    column: 1,
                    problem: long
                        .then(|| too_long(RecordPlace::Line(self.line), (end - start) as u64)),
                });
            }
            start = end + 1;
        }
        self.pos = start;
    }

    /// Gives the batch the buffer holding its lines, and takes the batch's old buffer,
    /// with what follows the batch copied to its start.
    fn hand_over(&mut self, batch: &mut Batch) {
        let rest = self.end - self.pos;
        let mut next = std::mem::take(&mut batch.buf);
        if next.len() < rest {
            next.resize(rest, 0);
        }
        next[..rest].copy_from_slice(&self.buf[self.pos..self.end]);
        batch.buf = std::mem::replace(&mut self.buf, next);
        // The batch's bytes end at its last line: the rest is the source's.
        batch.buf.truncate(self.pos);
        self.pos = 0;
        self.end = rest;
    }
}

impl Source for LineSource {
    fn shape(&self) -> Shape {
        Shape::Stream
    }

    fn fill(&mut self, batch: &mut Batch) -> Fill {
        // The batch's buffer is kept as it is (`hand_over` reads into it next).
        batch.clear_items();
        // Where the batch's bytes start in the buffer.
        let mut first = self.pos;
        let fill = loop {
            self.take_lines(batch);
            if batch.items.len() >= BATCH_RECORDS
                || (self.end - first >= BATCH_BYTES && !batch.items.is_empty())
            {
                break Fill::More;
            }
            // What is left is an unfinished line (or nothing).
            if self.eof {
                if self.pos == self.end {
                    break Fill::Done;
                }
                // The last line, without a newline: end it, and take it on the next pass.
                if self.buf.len() == self.end {
                    self.buf.push(b'\n');
                } else {
                    self.buf[self.end] = b'\n';
                }
                self.end += 1;
                continue;
            }
            if batch.items.is_empty() {
                // Nothing before `pos` is needed.
                self.compact();
                first = self.pos;
            }
            let step = if self.end - self.pos > MAX_RECORD_BYTES {
                // One unfinished line, already too long: drop it as it comes.
                self.skip_long_line(batch)
            } else {
                // About a batch: what `BATCH_RECORDS` records took in the last batch, when
                // less than `BATCH_BYTES` (tiny records), so that little is read past it.
                let span = BATCH_BYTES.min(self.record_bytes.saturating_mul(BATCH_RECORDS));
                self.refill(first + span)
            };
            if let Err(e) = step {
                break Fill::Failed(e);
            }
            // The buffer may have moved to its start (when the batch had nothing in it).
            first = first.min(self.pos);
        };
        if !batch.items.is_empty() {
            // Lines, blank ones and line ends included.
            self.record_bytes = (self.pos - first).div_ceil(batch.items.len()).max(1);
        }
        self.hand_over(batch);
        match fill {
            Fill::More if self.eof && self.pos == self.end => Fill::Done,
            fill => fill,
        }
    }
}
