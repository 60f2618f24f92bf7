//! The batch pipeline behind `cp-screen screen`: answer records in, one result per record
//! out, in input order. It knows no output format: it hands each result to an
//! `output::Output` and writes what that renders.
//!
//! Workers take turns reading the next batch of raw records from the inputs, then parse,
//! screen and render it into bytes. The calling thread is one of them, and it also writes
//! the batches back in their original order, whenever the next one is ready: no thread
//! only waits to write, so the workers have the cores to themselves and rarely wake each
//! other. Batches in flight are bounded, so memory stays flat however large the input. A
//! bad record becomes an invalid result and the others go on; only input that cannot be
//! read as records at all stops the run, after everything before it is written.

use std::io::{Read, Write};
use std::sync::Arc;

use crate::answers::Codings;
use crate::answers::RecordReader;
use crate::engine::{Position, ScreenResult};
use crate::error::Error;
use crate::input::InputFormat;
use crate::input::{self, Batch, Fill, Item, Shape, Source};
use crate::output::summary::Counts;
use crate::output::{Framing, Output, Place, RunEnd, Splice};
use crate::rules::RuleSet;

/// One input to screen.
pub struct Input {
    /// "<stdin>" or the path as given.
    pub name: String,
    pub reader: Box<dyn Read + Send>,
    pub format: InputFormat,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct ScreenOptions<'c> {
    pub allow_extra_fields: bool,
    /// Worker threads; 0 means one per available core.
    pub threads: usize,
    /// How the dataset writes its answers, when mapped.
    pub codings: Option<&'c Codings>,
    /// The CSV separator, when given (otherwise the header line's).
    pub delimiter: Option<u8>,
    /// What a field that fails its check does to its record.
    pub field_errors: FieldErrors,
    /// The kept column (its place in `Codings::keep`) the summary tabulates against.
    pub summary_by: Option<usize>,
    /// Only records are counted, not each factor's statuses: no summary will be shown
    /// (the command without `--summary`). The tally per record is then not made.
    pub count_records_only: bool,
    /// Some input may arrive slowly (standard input, a FIFO): the calling thread then only
    /// writes, so that a batch's results are written as soon as it is done, never held
    /// while the calling thread waits for input.
    pub streaming: bool,
}

impl ScreenOptions<'_> {
    /// How many factors the run's counts tally: none when only records are counted.
    fn tallied(&self, rules: &RuleSet) -> usize {
        if self.count_records_only {
            0
        } else {
            rules.factors.len()
        }
    }
}

/// `--field-errors`: what a field that fails its check (a value out of range, a stray
/// code) does to its record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum FieldErrors {
    /// The whole record is invalid and not screened.
    #[default]
    Strict,
    /// Only the factors that read the field are not assessed; the record is screened and
    /// the error is reported with it.
    NotAssessed,
}

/// Turns one raw item into a result: decode, then screen if the record is valid.
pub fn screen_item(
    reader: &RecordReader<'_>,
    batch: &Batch,
    item: &Item,
    file: Option<&Arc<str>>,
    shape: Shape,
) -> ScreenResult {
    screen_item_with(reader, batch, item, file, shape, FieldErrors::Strict)
}

/// The same, screening also a record whose only errors are in answers to questions, with
/// those answers unknown, under `FieldErrors::NotAssessed`.
pub fn screen_item_with(
    reader: &RecordReader<'_>,
    batch: &Batch,
    item: &Item,
    file: Option<&Arc<str>>,
    shape: Shape,
    field_errors: FieldErrors,
) -> ScreenResult {
    screen_item_reusing(reader, batch, item, file, shape, field_errors, Vec::new())
}

/// The same, screened into `spare`, the statuses of a result no longer needed
/// (`ScreenResult::reusing`).
fn screen_item_reusing(
    reader: &RecordReader<'_>,
    batch: &Batch,
    item: &Item,
    file: Option<&Arc<str>>,
    shape: Shape,
    field_errors: FieldErrors,
    spare: Vec<crate::engine::Status>,
) -> ScreenResult {
    let position = Position {
        file: file.cloned(),
        record: item.record,
        line: item.line,
    };
    let record = input::decode(reader, batch, item, shape);
    let result = ScreenResult::reusing(reader.rules, position, record, spare);
    if field_errors == FieldErrors::Strict || result.is_valid() {
        return result;
    }
    screen_around_field_errors(reader.rules, result)
}

/// An invalid result screened again with each question whose answer failed its check as
/// unknown, when every error is such a field's: the errors stay with the result. Any other
/// error (a whole-record one, a field that is not a question) keeps it invalid.
fn screen_around_field_errors(rules: &RuleSet, result: ScreenResult) -> ScreenResult {
    let field_question = |e: &crate::answers::FieldError| {
        e.field
            .as_deref()
            .and_then(|f| rules.question_index(f))
            .filter(|_| !matches!(e.problem, crate::problem::RecordProblem::MoreErrors { .. }))
    };
    let Some(questions) = result
        .record
        .errors
        .iter()
        .map(field_question)
        .collect::<Option<Vec<usize>>>()
    else {
        return result;
    };
    let ScreenResult {
        position,
        mut record,
        ..
    } = result;
    let errors = std::mem::take(&mut record.errors);
    for q in questions {
        record.answers.values[q] = crate::answers::Answer::Unknown;
    }
    // Screened now unless the unknown answers raise another error (none does today).
    let mut again = ScreenResult::new(rules, position, record);
    let mut all = errors;
    all.append(&mut again.record.errors);
    again.record.errors = all;
    again
}

// ---- the pipeline -----------------------------------------------------------------------------

/// A worker hands on its rendered output in pieces of about this size, so a batch of tiny
/// records with long results (`--explain`) never piles up in memory.
const PIECE_BYTES: usize = 256 * 1024;
/// Pieces a spawned worker may render ahead of the writer: enough for a whole batch of
/// text reports, so a worker ahead of another rarely waits (about 1 MiB per batch in
/// flight). The calling thread keeps its own batches' pieces until it writes them (it is
/// the writer), so a batch of its can be larger; batches in flight are at most
/// `threads + 2` either way.
const PIECES_PER_JOB: usize = 16;

/// A batch taken from the inputs (`Feed::next`): the records are in the worker's own
/// `Batch`.
struct Job {
    seq: u64,
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
    /// Where text the output holds goes among `bytes` (`Output::record_spliced`).
    splices: Vec<Splice>,
    results: u64,
    counts: Counts,
}

/// A written piece's memory, to be filled again.
type Spare = (Vec<u8>, Vec<Splice>);

/// The inputs, read in turn by whichever worker is free: it takes the next batch under
/// the lock, then screens and renders it. The bytes it reads are then in its own
/// processor's cache, and no thread of its own competes with the workers for a core.
struct Feed {
    sources: std::vec::IntoIter<Opened>,
    /// The input being read, with its name for the results.
    current: Option<Opened>,
    seq: u64,
    one_input: bool,
    /// Where each job's channel goes, in input order. Let go when the inputs end (or one
    /// fails, or the writer stops), which ends the writer's loop.
    order: Option<crossbeam_channel::Sender<crossbeam_channel::Receiver<Done>>>,
    /// Why the inputs ended early: input that cannot be read as records.
    failure: Option<Error>,
}

impl Feed {
    /// Fills `batch` with the next records and hands the writer the channel their pieces
    /// will come on; `None` once there are no more (or the writer stopped).
    fn next(&mut self, batch: &mut Batch, bound: Option<usize>) -> Option<Job> {
        loop {
            let order = self.order.as_ref()?;
            if self.current.is_none() {
                let Some(next) = self.sources.next() else {
                    self.order = None;
                    return None;
                };
                self.current = Some(next);
            }
            let (file, source) = self.current.as_mut().expect("an input is open");
            let fill = source.fill(batch);
            let mut job = None;
            if !batch.items.is_empty() {
                let (pieces, written) = match bound {
                    Some(bound) => crossbeam_channel::bounded(bound),
                    None => crossbeam_channel::unbounded(),
                };
                if order.send(written).is_err() {
                    // The writer stopped (a closed pipe); it reports why.
                    self.order = None;
                    return None;
                }
                let only = self.one_input
                    && self.seq == 0
                    && batch.items.len() == 1
                    && matches!(fill, Fill::Done);
                job = Some(Job {
                    seq: self.seq,
                    file: file.clone(),
                    shape: source.shape(),
                    only,
                    pieces,
                });
                self.seq += 1;
            }
            match fill {
                Fill::More => {}
                Fill::Done => self.current = None,
                Fill::Failed(e) => {
                    // What was read before the break is still screened and written.
                    self.failure = Some(e);
                    self.order = None;
                }
            }
            if job.is_some() {
                return job;
            }
        }
    }

    /// Stops handing out batches (the writer has stopped, or a worker panicked): the
    /// writer's loop ends once it has what was handed out.
    fn stop(feed: &std::sync::Mutex<Feed>) {
        let mut feed = feed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        feed.order = None;
    }
}

/// Stops the feed if its worker's thread unwinds (`Feed::stop`).
struct StopOnPanic<'f>(&'f std::sync::Mutex<Feed>);

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            Feed::stop(self.0);
        }
    }
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
    // Jobs in flight (being rendered, or rendered and waiting to be written) are at most
    // `threads + 2`: a worker takes a permit before it takes a batch (never while holding
    // the feed), and the writer gives it back once that batch is written. Memory is
    // bounded by that many batches and their pieces, whatever the input. The two beyond
    // one per worker let the calling thread go on screening while the batch it must write
    // next is still another worker's: with one, waiting for it idled about 4% of the cores.
    let in_flight = threads + 2;
    let (permit_tx, permit_rx) = crossbeam_channel::bounded::<()>(in_flight);
    for _ in 0..in_flight {
        let _ = permit_tx.try_send(());
    }
    // Each job's channel, in input order; sent under the feed's lock, so never waited on.
    let (order_tx, order_rx) = crossbeam_channel::unbounded::<crossbeam_channel::Receiver<Done>>();
    // Written pieces go back to the workers to be filled again: freed, the allocator
    // hands their memory back to the system and every new piece faults it in again
    // (hundreds of thousands of page faults for a million JSON Lines results). A worker
    // makes a new piece only when none is spare, so there are never more pieces than were
    // once in flight at the same time.
    let (spare_tx, spare_rx) = crossbeam_channel::bounded::<Spare>((threads + 2) * PIECES_PER_JOB);

    // Every input's header is read and checked before anything is written: a header or
    // mapping error leaves no output (not even a table's header row).
    let opened = open_sources(rules, inputs, options, several);
    let (sources, redcap_raw, any_csv) = match opened {
        Ok(opened) => opened,
        Err(e) => {
            return Err((
                e,
                Counts::with_outcome(options.tallied(rules), options.summary_by),
            ));
        }
    };
    // A REDCap raw export read by its own names: its yes/no answers are REDCap's codes.
    let redcap_codings = redcap_raw.then(|| Codings::redcap(rules, options.codings));
    let codings = redcap_codings.as_ref().or(options.codings);
    let reader = RecordReader {
        rules,
        allow_extra_fields: options.allow_extra_fields,
        codings,
    };
    let feed = std::sync::Mutex::new(Feed {
        one_input: sources.len() == 1,
        sources: sources.into_iter(),
        current: None,
        seq: 0,
        order: Some(order_tx),
        failure: None,
    });
    std::thread::scope(|scope| {
        // The calling thread is one of the workers: it also writes, so no thread of the
        // run waits only to write, and a worker rarely has to wake another. Not when the
        // input may be slow (it would hold results while waiting for input), unless it is
        // the only thread.
        let calling_thread_screens = !options.streaming || threads == 1;
        let spawned = threads - usize::from(calling_thread_screens);
        for _ in 0..spawned {
            let permits = permit_rx.clone();
            let spare = spare_rx.clone();
            let (feed, reader) = (&feed, &reader);
            scope.spawn(move || {
                let mut worker = Worker::default();
                // A worker that panics (a bug) stops the feed on its way out, so that the
                // writer's loop ends and the panic is reported instead of the run hanging.
                let _stop = StopOnPanic(feed);
                // Every record of the run is screened by `rules`.
                crate::answers::keeping_notations(|| {
                    // No permit: the writer has stopped.
                    while permits.recv().is_ok() {
                        let Some(job) = take_job(feed, &mut worker.batch, Some(PIECES_PER_JOB))
                        else {
                            break;
                        };
                        if worker.render(reader, output, job, &spare, options).is_err() {
                            Feed::stop(feed);
                            break;
                        }
                    }
                });
            });
        }
        let mut writer = Writer {
            out,
            output,
            order: order_rx,
            current: None,
            permits: permit_tx,
            spare: spare_tx,
            framing: Framing::default(),
            counts: Counts::with_outcome(options.tallied(rules), options.summary_by),
        };
        let mut worker = Worker::default();
        let _stop = StopOnPanic(&feed);
        let mut inputs_left = calling_thread_screens;
        let end = crate::answers::keeping_notations(|| {
            let mut wait = false;
            loop {
                if let end @ (Written::All | Written::Failed(_) | Written::Stopped) =
                    writer.write(wait)
                {
                    return end;
                }
                // Nothing more to write for now: screen a batch, when one may be taken, or
                // else wait for the next piece in order.
                wait = !(inputs_left && permit_rx.try_recv().is_ok());
                if wait {
                    continue;
                }
                // Its pieces are kept until written (the channel has no bound): this
                // thread is the one that writes them.
                match take_job(&feed, &mut worker.batch, None) {
                    Some(job) => {
                        // The channel's receiver is in `order`: sending cannot fail.
                        let _ = worker.render(&reader, output, job, &spare_rx, options);
                    }
                    None => inputs_left = false,
                }
            }
        });
        let Writer {
            out,
            order,
            current,
            permits,
            mut framing,
            counts,
            ..
        } = writer;
        if !matches!(end, Written::All) {
            // The writer stopped: no more batches are handed out, and every worker's
            // sends and waits fail, so that each of them stops.
            Feed::stop(&feed);
        }
        drop((current, permits));
        for pieces in &order {
            drop(pieces);
        }
        drop(order);
        let failure = feed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .failure
            .take();
        match end {
            Written::Failed(e) => return Err((Error::Io(e), counts)),
            Written::Stopped => {
                let _ = output
                    .end(out, &mut framing, RunEnd)
                    .and_then(|()| out.flush());
                return Err((Error::Interrupted, counts));
            }
            Written::All | Written::Waiting => {}
        }
        let finished = output
            .end(out, &mut framing, RunEnd)
            .and_then(|()| out.flush());
        match (failure, finished) {
            (_, Err(e)) => Err((Error::Io(e), counts)),
            (Some(failure), Ok(())) => Err((failure, counts)),
            (None, Ok(())) => match unseen_key(options.codings, any_csv, &counts) {
                Some(e) => Err((e, counts)),
                None => Ok(counts),
            },
        }
    })
}

/// The next batch of the inputs into `batch`, as a job whose pieces go on a channel of at
/// most `bound` pieces (or any number); `None` once there are no more.
fn take_job(feed: &std::sync::Mutex<Feed>, batch: &mut Batch, bound: Option<usize>) -> Option<Job> {
    match feed.lock() {
        Ok(mut feed) => feed.next(batch, bound),
        // Another worker panicked while reading: it stopped the feed.
        Err(_) => None,
    }
}

/// What a worker keeps from one batch to the next.
#[derive(Default)]
struct Worker {
    batch: Batch,
    /// What a result took in the previous batch, in bytes (`render_batch`).
    per_record: usize,
}

impl Worker {
    /// Screens and renders the job's batch; an error means the writer stopped.
    fn render(
        &mut self,
        reader: &RecordReader<'_>,
        output: &dyn Output,
        job: Job,
        spare: &crossbeam_channel::Receiver<Spare>,
        options: ScreenOptions,
    ) -> Result<(), ()> {
        let done = render_batch(
            reader,
            output,
            job,
            &self.batch,
            spare,
            &mut self.per_record,
            options,
        );
        self.batch.shrink();
        done
    }
}

/// The writing side of the run, on the calling thread: each job's pieces in input order.
struct Writer<'o, 'w> {
    out: &'w mut dyn Write,
    output: &'o dyn Output,
    /// Each job's channel, in input order.
    order: crossbeam_channel::Receiver<crossbeam_channel::Receiver<Done>>,
    /// The channel of the job being written.
    current: Option<crossbeam_channel::Receiver<Done>>,
    /// A job written gives its permit back here.
    permits: crossbeam_channel::Sender<()>,
    spare: crossbeam_channel::Sender<Spare>,
    framing: Framing,
    counts: Counts,
}

/// Where writing stopped.
enum Written {
    /// Everything was written.
    All,
    /// The next piece in order is not rendered yet.
    Waiting,
    /// The output failed (nobody reads it any more, say).
    Failed(std::io::Error),
    /// A signal: pieces end at record boundaries, so no line is cut.
    Stopped,
}

impl Writer<'_, '_> {
    /// Writes every piece that is ready, in order; with `wait`, waits for the next one
    /// first and returns once it is written (or everything is).
    fn write(&mut self, mut wait: bool) -> Written {
        use crossbeam_channel::TryRecvError;
        loop {
            let pieces = match &self.current {
                Some(pieces) => pieces,
                None => {
                    let next = if wait {
                        self.order.recv().map_err(|_| TryRecvError::Disconnected)
                    } else {
                        self.order.try_recv()
                    };
                    match next {
                        Ok(pieces) => self.current.insert(pieces),
                        Err(TryRecvError::Empty) => return Written::Waiting,
                        Err(TryRecvError::Disconnected) => return Written::All,
                    }
                }
            };
            let next = if wait {
                pieces.recv().map_err(|_| TryRecvError::Disconnected)
            } else {
                pieces.try_recv()
            };
            let done = match next {
                Ok(done) => done,
                Err(TryRecvError::Empty) => return Written::Waiting,
                Err(TryRecvError::Disconnected) => {
                    // The job is written (or its worker stopped): its permit is free.
                    self.current = None;
                    let _ = self.permits.try_send(());
                    // A batch may be taken again: the caller decides whether to wait.
                    wait = false;
                    continue;
                }
            };
            self.counts.merge(&done.counts);
            let written = self.output.write_batch_spliced(
                self.out,
                (&done.bytes, &done.splices),
                done.results,
                &mut self.framing,
            );
            if let Err(e) = written {
                return Written::Failed(e);
            }
            let (mut bytes, mut splices) = (done.bytes, done.splices);
            // Only pieces of the usual size: one grown by a huge result is let go.
            if bytes.capacity() <= 2 * PIECE_BYTES {
                bytes.clear();
                splices.clear();
                let _ = self.spare.try_send((bytes, splices));
            }
            if crate::terminal::stop_requested() {
                return Written::Stopped;
            }
            wait = false;
        }
    }
}

/// The error of a run of JSON records none of which had a key the mapping names: known
/// only at the end, after the results (CSV headers are checked before any).
fn unseen_key(codings: Option<&Codings>, any_csv: bool, counts: &Counts) -> Option<Error> {
    use crate::problem::{MappingProblem, Usage};
    let codings = codings?;
    if any_csv || counts.read() == 0 {
        return None;
    }
    let key = codings.unseen_columns(counts.mapped).into_iter().next()?;
    Some(Error::from(Usage::Mapping(Box::new(
        MappingProblem::KeyInNoRecord { key },
    ))))
}

/// An input opened, with its name for the results when there are several.
type Opened = (Option<Arc<str>>, Box<dyn Source>);

/// Opens every input in turn (reading a CSV input's header and planning its columns), and
/// checks that every column the mapping names is in some header. Also says whether a CSV
/// input is a REDCap raw export read without a mapping, and whether any input was CSV.
fn open_sources(
    rules: &RuleSet,
    inputs: Vec<Input>,
    options: ScreenOptions,
    several: bool,
) -> Result<(Vec<Opened>, bool, bool), Error> {
    let headers = std::cell::RefCell::new(Vec::new());
    let redcap_raw = std::cell::Cell::new(false);
    let plan = |names: &[String]| {
        headers.borrow_mut().push(names.to_vec());
        if Codings::reads_redcap(options.codings)
            && crate::answers::redcap_export(names) == Some(crate::answers::RedcapExport::Raw)
        {
            redcap_raw.set(true);
        }
        crate::answers::plan_columns(rules, names, options.codings, options.allow_extra_fields)
    };
    let mut sources = Vec::with_capacity(inputs.len());
    for input in inputs {
        let file: Option<Arc<str>> = several.then(|| Arc::from(input.name.as_str()));
        match input::open_as(
            input.reader,
            &input.name,
            input.format,
            &plan,
            options.delimiter,
        ) {
            Ok(source) => sources.push((file, source)),
            // No record is not an error (issue #15): an empty input is one with no record,
            // like `[]`; the command says so when the whole run read none.
            Err(e) if e.code() == "empty_input" => {}
            Err(e) => return Err(e),
        }
    }
    let headers = headers.into_inner();
    if let Some(codings) = options.codings
        && !headers.is_empty()
        && let Some((column, nearest)) = crate::answers::missing_columns(codings, &headers)
            .into_iter()
            .next()
    {
        use crate::problem::{MappingProblem, Usage};
        return Err(Error::from(Usage::Mapping(Box::new(
            MappingProblem::ColumnNotInInput { column, nearest },
        ))));
    }
    Ok((sources, redcap_raw.get(), !headers.is_empty()))
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
    batch: &Batch,
    spare: &crossbeam_channel::Receiver<Spare>,
    per_record: &mut usize,
    options: ScreenOptions,
) -> Result<(), ()> {
    let factors = options.tallied(reader.rules);
    let outcome = options.summary_by;
    let expected = (batch.items.len() * *per_record).max(batch.buf.len() * 3);
    // In steps of powers of two, so that a spare piece nearly always fits the next one.
    let capacity = (expected + expected / 8)
        .next_power_of_two()
        .min(PIECE_BYTES * 2);
    let buffer = || match spare.try_recv() {
        Ok(spare) if spare.0.capacity() >= capacity => spare,
        _ => (Vec::with_capacity(capacity), Vec::new()),
    };
    let (mut rendered, mut results) = (0, 0);
    let (bytes, splices) = buffer();
    let mut piece = Done {
        bytes,
        splices,
        results: 0,
        counts: Counts::with_outcome(factors, outcome),
    };
    // Each result's statuses are the next one's to fill.
    let mut spare = Vec::new();
    for (i, item) in batch.items.iter().enumerate() {
        let mut result = screen_item_reusing(
            reader,
            batch,
            item,
            job.file.as_ref(),
            job.shape,
            options.field_errors,
            std::mem::take(&mut spare),
        );
        piece.counts.add_result(&result);
        let place = Place {
            first_of_run: job.seq == 0 && i == 0,
            // Each piece is written as a batch of its own.
            first_in_batch: piece.results == 0,
            only_of_run: job.only,
        };
        output.record_spliced(&mut piece.bytes, &mut piece.splices, &result, place);
        spare = result.statuses.take().unwrap_or_default();
        crate::answers::give_back_id(&mut result.record);
        piece.results += 1;
        if piece.bytes.len() >= PIECE_BYTES && i + 1 < batch.items.len() {
            let (bytes, splices) = buffer();
            let next = Done {
                bytes,
                splices,
                results: 0,
                counts: Counts::with_outcome(factors, outcome),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Valid JSON Lines for a few megabytes (many batches), then a panic, as a bug in a
    /// reader would. `.0` counts the bytes read.
    struct PanicsLater(usize);

    impl Read for PanicsLater {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            assert!(self.0 < 4 << 20, "a reader's bug");
            let line = b"{\"id\":\"x\",\"birth_asphyxia\":\"yes\"}\n";
            for b in buf.iter_mut() {
                *b = line[self.0 % line.len()];
                self.0 += 1;
            }
            Ok(buf.len())
        }
    }

    #[test]
    fn a_worker_that_panics_reading_ends_the_run_with_its_panic_on_any_number_of_threads() {
        for threads in [1, 2, 3] {
            let (done, finished) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                let rules = RuleSet::default_rules();
                let output = crate::output::for_format(
                    crate::output::OutputFormat::Jsonl,
                    &rules,
                    crate::output::ReportOptions::default(),
                    crate::output::TableOptions::default(),
                );
                let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    let inputs = vec![Input {
                        name: "<test>".to_string(),
                        reader: Box::new(PanicsLater(0)),
                        format: InputFormat::Auto,
                    }];
                    let options = ScreenOptions {
                        threads,
                        ..ScreenOptions::default()
                    };
                    let _ = screen_inputs(&rules, inputs, options, &*output, &mut std::io::sink());
                }));
                let _ = done.send(run.is_err());
            });
            let panicked = finished
                .recv_timeout(std::time::Duration::from_secs(60))
                .expect("the run ends (a hang would time out)");
            assert!(
                panicked,
                "the reader's panic reaches the caller ({threads} threads)"
            );
        }
    }
}
