//! JSON Lines: one record per line.

use std::io::Read;

use super::{
    BATCH_BYTES, BATCH_RECORDS, Batch, CHUNK, Fill, Item, MAX_RECORD_BYTES, Shape, Source,
    is_space, read_error, read_more, too_long,
};
use crate::error::Error;
use crate::problem::RecordPlace;

/// One record per line; blank lines are not records. A batch ends at `BATCH_RECORDS`
/// records or `BATCH_BYTES` bytes, whichever comes first, so tiny records do not make huge
/// batches (each record's rendered result can be a thousand times its input).
pub(super) struct LineSource {
    /// The input's name, for errors.
    pub(super) name: String,
    pub(super) reader: Box<dyn Read + Send>,
    /// Bytes read; `buf[pos..]` are not yet handed out.
    pub(super) buf: Vec<u8>,
    pub(super) pos: usize,
    pub(super) eof: bool,
    pub(super) line: u64,
    pub(super) record: u64,
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
