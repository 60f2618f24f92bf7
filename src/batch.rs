//! The batch pipeline behind `cp-screen screen`: answer records in, one result per record
//! out, in input order. It knows no output format: it hands each result to an
//! `output::Output` and writes what that renders.
//!
//! A reader thread splits the inputs into batches of raw records, worker threads parse,
//! screen and render each batch into bytes, and the calling thread writes the batches back
//! in their original order. Channels are bounded, so memory stays flat however large the
//! input. A bad record becomes an invalid result and the others go on; only input that
//! cannot be read as records at all stops the run, after everything before it is written.

use std::io::{Read, Write};
use std::sync::Arc;

use crate::answers::Codings;
use crate::answers::RecordReader;
use crate::engine::{Position, ScreenResult};
use crate::error::Error;
use crate::input::InputFormat;
use crate::input::{self, Batch, Fill, Item, Shape, Source};
use crate::output::summary::Counts;
use crate::output::{Framing, Output, Place, RunEnd};
use crate::rules::RuleSet;

/// One input to screen.
pub struct Input {
    /// "<stdin>" or the path as given.
    pub name: String,
    pub reader: Box<dyn Read + Send>,
    pub format: InputFormat,
}

#[derive(Debug, Clone, Copy)]
pub struct ScreenOptions<'c> {
    pub allow_extra_fields: bool,
    /// Worker threads; 0 means one per available core.
    pub threads: usize,
    /// How the dataset writes its answers, when mapped.
    pub codings: Option<&'c Codings>,
    /// The CSV separator, when given (otherwise the header line's).
    pub delimiter: Option<u8>,
}

/// Turns one raw item into a result: decode, then screen if the record is valid.
pub fn screen_item(
    reader: &RecordReader<'_>,
    batch: &Batch,
    item: &Item,
    file: Option<&Arc<str>>,
    shape: Shape,
) -> ScreenResult {
    ScreenResult::new(
        reader.rules,
        Position {
            file: file.cloned(),
            record: item.record,
            line: item.line,
        },
        input::decode(reader, batch, item, shape),
    )
}

// ---- the pipeline -----------------------------------------------------------------------------

/// A worker hands on its rendered output in pieces of about this size, so a batch of tiny
/// records with long results (`--explain`) never piles up in memory.
const PIECE_BYTES: usize = 256 * 1024;
/// Pieces a worker may render ahead of the writer: enough for a whole batch of text
/// reports, so a worker ahead of another rarely waits (about 1 MiB per batch in flight).
const PIECES_PER_JOB: usize = 16;

struct Job {
    seq: u64,
    batch: Batch,
    file: Option<Arc<str>>,
    shape: Shape,
    /// The batch holds the run's only record.
    only: bool,
    /// Where the rendered pieces go, in order; the writer reads this job's channel only
    /// when every earlier job is written, so a worker ahead of the others waits here.
    pieces: crossbeam_channel::Sender<Done>,
}

/// Rendered results of consecutive records of one job.
struct Done {
    bytes: Vec<u8>,
    results: u64,
    counts: Counts,
}

/// How the reader thread ended.
struct ReaderEnd {
    failure: Option<Error>,
}

/// Screens every input in order into `out`. On a broken input, what came before is written
/// and flushed, then the error is returned with the counts so far.
pub fn screen_inputs(
    rules: &RuleSet,
    inputs: Vec<Input>,
    options: ScreenOptions,
    output: &dyn Output,
    out: &mut dyn Write,
) -> Result<Counts, (Error, Counts)> {
    let threads = match options.threads {
        0 => std::thread::available_parallelism().map_or(2, |n| n.get()),
        n => n,
    };
    let several = inputs.len() > 1;
    // Jobs in flight (queued, being rendered, or waiting to be written) are at most the
    // capacity of `order_tx` plus one: memory is bounded by that many batches and their
    // pieces, whatever the input.
    let (job_tx, job_rx) = crossbeam_channel::bounded::<Job>(threads);
    let (order_tx, order_rx) =
        crossbeam_channel::bounded::<crossbeam_channel::Receiver<Done>>(threads + 1);
    // Written pieces go back to the workers to be filled again: freed, the allocator
    // hands their memory back to the system and every new piece faults it in again
    // (hundreds of thousands of page faults for a million JSON Lines results). A worker
    // makes a new piece only when none is spare, so there are never more pieces than were
    // once in flight at the same time.
    let (spare_tx, spare_rx) =
        crossbeam_channel::bounded::<Vec<u8>>((threads + 2) * PIECES_PER_JOB);

    std::thread::scope(|scope| {
        let reader = scope.spawn(|| read_inputs(rules, inputs, options, several, job_tx, order_tx));
        for _ in 0..threads {
            let job_rx = job_rx.clone();
            let spare = spare_rx.clone();
            scope.spawn(move || {
                let reader = RecordReader {
                    rules,
                    allow_extra_fields: options.allow_extra_fields,
                    codings: options.codings,
                };
                let mut per_record = 0;
                for job in job_rx {
                    if render_batch(&reader, output, job, &spare, &mut per_record).is_err() {
                        break;
                    }
                }
            });
        }
        drop(job_rx);
        drop(spare_rx);

        let mut framing = Framing::default();
        let mut counts = Counts::new(rules.factors.len());
        let mut write_error = None;
        let mut stopped = false;
        'receive: for pieces in &order_rx {
            for done in pieces {
                counts.merge(&done.counts);
                if let Err(e) = output.write_batch(out, &done.bytes, done.results, &mut framing) {
                    // Nobody reads our output any more: dropping each job's channel makes
                    // its worker stop, and once all have stopped, the reader.
                    write_error = Some(e);
                    break 'receive;
                }
                let mut bytes = done.bytes;
                // Only pieces of the usual size: one grown by a huge result is let go.
                if bytes.capacity() <= 2 * PIECE_BYTES {
                    bytes.clear();
                    let _ = spare_tx.try_send(bytes);
                }
                if crate::terminal::stop_requested() {
                    // A signal: pieces end at record boundaries, so no line is cut.
                    stopped = true;
                    break 'receive;
                }
            }
        }
        for pieces in &order_rx {
            drop(pieces);
        }
        drop(order_rx);
        let end = reader.join().expect("the reader thread does not panic");
        if let Some(e) = write_error {
            return Err((Error::Io(e), counts));
        }
        if stopped {
            let _ = output
                .end(out, &mut framing, RunEnd)
                .and_then(|()| out.flush());
            return Err((Error::Interrupted, counts));
        }
        let finished = output
            .end(out, &mut framing, RunEnd)
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
    order: crossbeam_channel::Sender<crossbeam_channel::Receiver<Done>>,
) -> ReaderEnd {
    let mut seq = 0;
    let one_input = inputs.len() == 1;
    for input in inputs {
        let file: Option<Arc<str>> = several.then(|| Arc::from(input.name.as_str()));
        let mut source = match open_source(rules, input, options) {
            Ok(s) => s,
            // No record is not an error (issue #15): an empty input is one with no record,
            // like `[]`; the command says so when the whole run read none.
            Err(e) if e.code() == "empty_input" => continue,
            Err(e) => {
                return ReaderEnd { failure: Some(e) };
            }
        };
        let shape = source.shape();
        loop {
            let mut batch = Batch::default();
            let fill = source.fill(&mut batch);
            if !batch.items.is_empty() {
                let (pieces, written) = crossbeam_channel::bounded(PIECES_PER_JOB);
                let only =
                    one_input && seq == 0 && batch.items.len() == 1 && matches!(fill, Fill::Done);
                let job = Job {
                    seq,
                    batch,
                    file: file.clone(),
                    shape,
                    only,
                    pieces,
                };
                seq += 1;
                if order.send(written).is_err() || jobs.send(job).is_err() {
                    // The writer stopped (a closed pipe); it reports why.
                    return ReaderEnd { failure: None };
                }
            }
            match fill {
                Fill::More => continue,
                Fill::Done => break,
                Fill::Failed(e) => {
                    return ReaderEnd { failure: Some(e) };
                }
            }
        }
    }
    ReaderEnd { failure: None }
}

fn open_source(
    rules: &RuleSet,
    input: Input,
    options: ScreenOptions<'_>,
) -> Result<Box<dyn Source>, Error> {
    let plan = |names: &[String]| {
        crate::answers::plan_columns(rules, names, options.codings, options.allow_extra_fields)
    };
    input::open_as(
        input.reader,
        &input.name,
        input.format,
        &plan,
        options.delimiter,
    )
}

/// A worker's job: every record of a batch, screened and rendered in order, handed on in
/// pieces of about `PIECE_BYTES`. An error means the writer stopped.
///
/// `per_record` is what a result took in this worker's previous batch, in bytes: pieces
/// are made about that large from the start, so that they rarely grow (and copy
/// themselves) while being rendered, whatever the ratio of output to input. Their buffers
/// are written pieces from `spare` when there are some large enough.
fn render_batch(
    reader: &RecordReader<'_>,
    output: &dyn Output,
    job: Job,
    spare: &crossbeam_channel::Receiver<Vec<u8>>,
    per_record: &mut usize,
) -> Result<(), ()> {
    let factors = reader.rules.factors.len();
    let expected = (job.batch.items.len() * *per_record).max(job.batch.buf.len() * 3);
    // In steps of powers of two, so that a spare piece nearly always fits the next one.
    let capacity = (expected + expected / 8)
        .next_power_of_two()
        .min(PIECE_BYTES * 2);
    let buffer = || match spare.try_recv() {
        Ok(bytes) if bytes.capacity() >= capacity => bytes,
        _ => Vec::with_capacity(capacity),
    };
    let (mut rendered, mut results) = (0, 0);
    let mut piece = Done {
        bytes: buffer(),
        results: 0,
        counts: Counts::new(factors),
    };
    for (i, item) in job.batch.items.iter().enumerate() {
        let result = screen_item(reader, &job.batch, item, job.file.as_ref(), job.shape);
        piece.counts.add_result(&result);
        let place = Place {
            first_of_run: job.seq == 0 && i == 0,
            // Each piece is written as a batch of its own.
            first_in_batch: piece.results == 0,
            only_of_run: job.only,
        };
        output.record(&mut piece.bytes, &result, place);
        piece.results += 1;
        if piece.bytes.len() >= PIECE_BYTES && i + 1 < job.batch.items.len() {
            let next = Done {
                bytes: buffer(),
                results: 0,
                counts: Counts::new(factors),
            };
            rendered += piece.bytes.len();
            results += piece.results as usize;
            job.pieces
                .send(std::mem::replace(&mut piece, next))
                .map_err(|_| ())?;
        }
    }
    rendered += piece.bytes.len();
    results += piece.results as usize;
    *per_record = rendered / results.max(1);
    job.pieces.send(piece).map_err(|_| ())
}
