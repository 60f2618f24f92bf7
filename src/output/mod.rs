//! Every output format, one file each, behind one streaming interface: `begin`, then
//! `record` for each result (rendered on any thread, in parallel), then `end`. The batch
//! pipeline, the questionnaire and the demos print through it and know no format.
//!
//! A new format is one new file implementing [`Output`] plus one line in [`for_format`].

pub mod csv;
pub mod fhir;
pub mod html;
pub(crate) mod json;
mod jsonl;
pub mod redcap;
pub mod summary;
pub mod text;

use std::io::{self, Write};

use crate::engine::{ScreenResult, Status};
use crate::rules::RuleSet;

/// `--format`: how `screen` writes its results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// A report per record, for people.
    Text,
    /// One JSON array of result objects (always an array, even of one).
    Json,
    /// One JSON result object per line.
    Jsonl,
    /// A table: one row per record, a column per factor (see `cp-screen codebook`).
    Csv,
    /// The same table separated by tabs.
    Tsv,
    /// A printable page per record (self-contained HTML; see --paper).
    Html,
    /// FHIR R4 NDJSON: per record, a Bundle with a RiskAssessment and an Observation per
    /// factor, or an OperationOutcome for an invalid record.
    Fhir,
}

pub use json::JsonRecord;

/// A record's heading, "Record 3 · id r3 · line 4", appended to `out`: the text report's
/// and the page's.
pub(crate) fn push_record_heading(out: &mut String, result: &ScreenResult) {
    let p = &result.position;
    crate::words::get().record_heading_into(
        out,
        p.record,
        result.record.id.as_ref(),
        p.file.as_deref(),
        p.line,
    );
}

/// The present factors a report for people lists, in rule-file order, each with the
/// present factors it includes: a factor included by another present one (born before 37
/// weeks, when born before 32 weeks is present) is not listed on its own, so one fact is
/// said once. Machine output lists every factor's status as it is.
pub fn present_for_people(
    rules: &RuleSet,
    statuses: &[crate::engine::Status],
) -> Vec<(usize, Vec<usize>)> {
    use crate::engine::Status::Present;
    let factors = rules.factors();
    let present = |i: usize| statuses.get(i) == Some(&Present);
    // The factors another present factor includes, in one pass over the present ones.
    let mut covered = vec![false; factors.len()];
    for j in (0..factors.len()).filter(|&j| present(j)) {
        for &i in factors[j].includes.iter().filter(|&&i| i != j) {
            if let Some(c) = covered.get_mut(i) {
                *c = true;
            }
        }
    }
    (0..factors.len())
        .filter(|&i| present(i) && !covered[i])
        .map(|i| {
            let included = factors[i]
                .includes
                .iter()
                .copied()
                .filter(|&j| present(j))
                .collect();
            (i, included)
        })
        .collect()
}

/// The factors of each status (by `Status as usize`), as bits, gathered in one pass
/// without a branch per factor; `None` past 64 factors. Writers list each status's factors
/// from these: which status a factor has differs from record to record, so a branch on it
/// is mispredicted about as often as not.
pub(crate) fn status_bits(statuses: &[Status]) -> Option<[u64; 4]> {
    if statuses.len() > 64 {
        return None;
    }
    let mut bits = [0u64; 4];
    for (f, s) in statuses.iter().enumerate() {
        bits[*s as usize] |= 1 << f;
    }
    Some(bits)
}

/// The factors with status `want`, in order: from `bits` (`status_bits`) when there are.
pub(crate) fn factors_with(
    statuses: &[Status],
    bits: Option<[u64; 4]>,
    want: Status,
) -> FactorsWith<'_> {
    match bits {
        Some(bits) => FactorsWith::Bits(bits[want as usize]),
        None => FactorsWith::Each(statuses.iter().enumerate(), want),
    }
}

/// `factors_with`'s iterator. One step over set bits is a few instructions; a chain of
/// general adapters (`Option`, `flatten`, `chain`) took about 270 more per JSON result.
pub(crate) enum FactorsWith<'s> {
    /// The factors whose bit is set, lowest first.
    Bits(u64),
    /// Past 64 factors: each status looked at in turn.
    Each(std::iter::Enumerate<std::slice::Iter<'s, Status>>, Status),
}

impl Iterator for FactorsWith<'_> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        match self {
            FactorsWith::Bits(bits) => (*bits != 0).then(|| {
                let f = bits.trailing_zeros() as usize;
                *bits &= *bits - 1;
                f
            }),
            FactorsWith::Each(each, want) => each.find(|(_, s)| *s == want).map(|(f, _)| f),
        }
    }
}

/// For each factor, the questions its condition reads, in order (once per comparison).
pub(crate) fn factor_reads(rules: &RuleSet) -> Vec<Vec<usize>> {
    rules
        .factors
        .iter()
        .map(|f| {
            let mut questions = Vec::new();
            f.when.questions(&mut questions);
            questions
        })
        .collect()
}

/// For each factor, the questions its condition reads, when they are all yes/no questions
/// (at most 32): its because-clause then depends only on the answers to them.
pub(crate) fn yes_no_questions(rules: &RuleSet) -> Vec<Option<Vec<usize>>> {
    factor_reads(rules)
        .into_iter()
        .map(|questions| {
            let yes_no = questions
                .iter()
                .all(|&q| matches!(rules.questions[q].kind, crate::rules::QuestionKind::YesNo));
            (yes_no && questions.len() <= 32).then_some(questions)
        })
        .collect()
}

/// A short piece of fixed text, kept padded to `PADDED` bytes and appended by one copy of
/// that size, then cut to its length. libc's `memcpy`, called with a length that differs
/// from one piece to the next (the ids of a result's lists, a table's status cells),
/// mispredicts its branch on the length nearly every time; a copy of a fixed size has no
/// such branch.
#[derive(Debug, Clone)]
pub(crate) enum Piece {
    Padded([u8; PADDED], usize),
    Long(Vec<u8>),
}

const PADDED: usize = 64;

impl Piece {
    pub(crate) fn new(bytes: Vec<u8>) -> Piece {
        let mut padded = [0u8; PADDED];
        match padded.get_mut(..bytes.len()) {
            Some(start) => {
                start.copy_from_slice(&bytes);
                Piece::Padded(padded, bytes.len())
            }
            None => Piece::Long(bytes),
        }
    }

    #[inline]
    pub(crate) fn push(&self, out: &mut Vec<u8>) {
        match self {
            Piece::Padded(bytes, len) => {
                let end = out.len() + len;
                out.extend_from_slice(bytes);
                out.truncate(end);
            }
            Piece::Long(bytes) => out.extend_from_slice(bytes),
        }
    }
}

/// The answers to yes/no `questions` as one number, two bits each.
pub(crate) fn yes_no_code(questions: &[usize], answers: &[crate::answers::Answer]) -> u64 {
    use crate::answers::Answer;
    questions.iter().fold(0u64, |code, &q| {
        let a = match answers[q] {
            Answer::Yes => 0,
            Answer::No => 1,
            Answer::Unknown => 2,
            _ => 3,
        };
        code << 2 | a
    })
}

/// The answers to `questions` as one number, for a key: each answer's word, or its value
/// and how it was written. Equal answers give equal numbers; `same_answer` tells apart
/// the few different ones that give the same.
pub(crate) fn answers_code(questions: &[usize], answers: &[crate::answers::Answer]) -> u64 {
    use crate::answers::Answer;
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    for &q in questions {
        match &answers[q] {
            Answer::Number { value, written } => {
                value.to_bits().hash(&mut h);
                written.hash(&mut h);
            }
            word => word.word_index().hash(&mut h),
        }
    }
    h.finish()
}

/// Whether two answers are the same, a number to the bit and as written.
pub(crate) fn same_answer(a: &crate::answers::Answer, b: &crate::answers::Answer) -> bool {
    use crate::answers::Answer;
    match (a, b) {
        (
            Answer::Number { value, written },
            Answer::Number {
                value: v,
                written: w,
            },
        ) => value.to_bits() == v.to_bits() && written == w,
        _ => a.word_index() == b.word_index() && a.word_index().is_some(),
    }
}

/// The because-clauses of a report for people (text, HTML), those of yes/no answers kept
/// per thread: the same for every record with the same answers to the factor's questions,
/// in the same language. One per output (or single report), under its own number.
pub(crate) struct Becauses {
    run: u64,
    yes_no_questions: Vec<Option<Vec<usize>>>,
}

impl Becauses {
    pub(crate) fn new(rules: &RuleSet) -> Becauses {
        static RUNS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        Becauses {
            run: RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            yes_no_questions: yes_no_questions(rules),
        }
    }

    /// Calls `with` with factor `f`'s because-clause for `result`.
    pub(crate) fn with<R>(
        &self,
        rules: &RuleSet,
        result: &ScreenResult,
        f: usize,
        mut with: impl FnMut(&str) -> R,
    ) -> R {
        use std::cell::RefCell;
        type Kept = rustc_hash::FxHashMap<(usize, u64, usize), Box<str>>;
        thread_local! {
            // The clauses of one run at a time (the last to say one here), at most 512.
            static KEPT: RefCell<(u64, Kept)> = RefCell::default();
        }
        let fresh = || crate::words::because(rules, &result.evaluated(rules, f));
        let Some(questions) = self.yes_no_questions.get(f).and_then(Option::as_ref) else {
            return with(&fresh());
        };
        let language = crate::words::chosen() as usize;
        let key = (
            f,
            yes_no_code(questions, &result.record.answers.values),
            language,
        );
        // A kept clause is used where it is kept (`with` says nothing kept here).
        let said = KEPT.with_borrow(|(run, kept)| {
            (*run == self.run)
                .then(|| kept.get(&key))
                .flatten()
                .map(|because| with(because))
        });
        if let Some(said) = said {
            return said;
        }
        let because = fresh();
        KEPT.with_borrow_mut(|(run, kept)| {
            if *run != self.run || kept.len() >= 512 {
                *run = self.run;
                kept.clear();
            }
            kept.insert(key, because.as_str().into());
        });
        with(&because)
    }
}

/// Options that change what a report shows.
#[derive(Debug, Clone, Copy)]
pub struct ReportOptions {
    /// Trace every factor with the answers and comparisons that decided it.
    pub explain: bool,
    /// A heading to use instead of "Record N" (the questionnaire's single result).
    pub heading: Option<&'static str>,
    /// Text is wrapped to this many terminal columns.
    pub width: usize,
}

/// Reports are at most this wide, for reading comfort, and exactly this wide in files
/// and pipes so that saved output does not depend on the terminal it was made on.
pub const REPORT_WIDTH: usize = 88;

impl Default for ReportOptions {
    fn default() -> ReportOptions {
        ReportOptions {
            explain: false,
            heading: None,
            width: REPORT_WIDTH,
        }
    }
}

/// The width to wrap text at: `preferred`, or less on a narrower terminal. Files and
/// pipes get `preferred`, or less when `COLUMNS` says so.
pub fn width_for_stdout(preferred: usize) -> usize {
    use std::io::IsTerminal;
    if !io::stdout().is_terminal() {
        // Piped or written to a file: `COLUMNS` when it is set (as `COLUMNS=60 cp-screen
        // ... | less` asks), else the preferred width.
        return match std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<usize>().ok())
        {
            Some(cols) if cols >= 20 => preferred.min(cols),
            _ => preferred,
        };
    }
    match console::Term::stdout().size_checked() {
        Some((_, cols)) if cols >= 20 => preferred.min(cols as usize),
        _ => preferred,
    }
}

/// Where a result stands in the run, for separators between results.
#[derive(Debug, Clone, Copy)]
pub struct Place {
    pub first_of_run: bool,
    pub first_in_batch: bool,
    /// The run's one and only record (one input, one record): a report for people heads
    /// it "Screening result", not "Record 1 · line 1".
    pub only_of_run: bool,
}

/// The end of a run, passed to `Output::end` (nothing a format needs to know yet: JSON is
/// an array whatever the input held).
#[derive(Debug, Clone, Copy)]
pub struct RunEnd;

/// What the writer has done so far; formats that frame their results (a JSON array) keep
/// their state here.
#[derive(Debug, Default)]
pub struct Framing {
    pub results: u64,
    /// The output's opening (a JSON array's bracket, a CSV header) is written.
    pub started: bool,
    /// A rendered batch held back until the next one, or the end, decides the framing.
    pub held: Option<Vec<u8>>,
}

/// One output format.
pub trait Output: Sync {
    /// Appends one rendered result to `buf` (called on worker threads).
    fn record(&self, buf: &mut Vec<u8>, result: &ScreenResult, place: Place);

    /// `record`, with text that many results share left out of `buf`: each such part is
    /// named in `splices` at its place, and written from where the output holds it
    /// (`part`), not copied into every result. By default nothing is left out. A piece
    /// with splices is written by `write_batch_spliced`, framed by `write_batch` (called
    /// with no bytes, then the piece written after what it wrote).
    fn record_spliced(
        &self,
        buf: &mut Vec<u8>,
        _splices: &mut Vec<Splice>,
        result: &ScreenResult,
        place: Place,
    ) {
        self.record(buf, result, place);
    }

    /// The shared text `record_spliced` names as `part`.
    fn part(&self, _part: u32) -> &[u8] {
        &[]
    }

    /// What the output starts with (a CSV header, a page's head): written once, before the
    /// first batch, or at the end when there was no result at all.
    fn opening(&self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    /// Writes a batch of rendered results, in input order (on the calling thread).
    fn write_batch(
        &self,
        out: &mut dyn Write,
        bytes: &[u8],
        results: u64,
        framing: &mut Framing,
    ) -> io::Result<()> {
        if !std::mem::replace(&mut framing.started, true) {
            self.opening(out)?;
        }
        framing.results += results;
        out.write_all(bytes)
    }

    /// `write_batch` for a piece from `record_spliced`: its bytes with each shared part at
    /// its place, in one vectored write where the output takes one (a file, a pipe).
    fn write_batch_spliced(
        &self,
        out: &mut dyn Write,
        (bytes, splices): (&[u8], &[Splice]),
        results: u64,
        framing: &mut Framing,
    ) -> io::Result<()> {
        if splices.is_empty() {
            return self.write_batch(out, bytes, results, framing);
        }
        // Framed as `write_batch` frames a piece (its opening, a separator), with the
        // piece's bytes written after.
        self.write_batch(out, &[], results, framing)?;
        write_spliced(out, bytes, splices, |part| self.part(part))
    }

    /// Ends the output after the last batch; an output with no result still gets its
    /// opening (a table with no rows).
    fn end(&self, out: &mut dyn Write, framing: &mut Framing, _end: RunEnd) -> io::Result<()> {
        if !std::mem::replace(&mut framing.started, true) {
            self.opening(out)?;
        }
        Ok(())
    }
}

/// A place in a rendered piece where a part of text the output holds goes
/// (`Output::record_spliced`): `at` bytes into the piece.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Splice {
    pub at: usize,
    pub part: u32,
}

/// Writes `bytes` with the part `part(splice.part)` at each splice's place (splices in
/// order), as `write_all` would write them joined.
fn write_spliced<'p>(
    out: &mut dyn Write,
    bytes: &'p [u8],
    splices: &[Splice],
    part: impl Fn(u32) -> &'p [u8],
) -> io::Result<()> {
    let mut slices = Vec::with_capacity(2 * splices.len() + 1);
    let mut from = 0;
    for splice in splices {
        slices.push(io::IoSlice::new(&bytes[from..splice.at]));
        slices.push(io::IoSlice::new(part(splice.part)));
        from = splice.at;
    }
    slices.push(io::IoSlice::new(&bytes[from..]));
    let mut rest = &mut slices[..];
    io::IoSlice::advance_slices(&mut rest, 0);
    while !rest.is_empty() {
        match out.write_vectored(rest) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => io::IoSlice::advance_slices(&mut rest, n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// What the table and page outputs need to know beyond the report options.
#[derive(Debug, Clone, Default)]
pub struct TableOptions {
    /// Start with a byte-order mark, for spreadsheets that need one to read UTF-8.
    pub bom: bool,
    /// The name of the one input, for the `file` column (several inputs name their own).
    pub input: Option<std::sync::Arc<str>>,
    /// The paper pages are laid out for.
    pub paper: html::Paper,
    /// How a table's text cells are written (formulas guarded, controls escaped).
    pub cells: csv::TextCells,
    /// How FHIR results are written (`--fhir`, `--id-system`, the run's instant).
    pub fhir: fhir::FhirOptions,
    /// The input columns carried through to JSON and table results (`--keep`).
    pub kept: Vec<String>,
}

/// The output for `--format`, set up once for a rule set.
pub fn for_format<'r>(
    format: OutputFormat,
    rules: &'r RuleSet,
    options: ReportOptions,
    table: TableOptions,
) -> Box<dyn Output + 'r> {
    use csv::{Csv, Delimiter};
    match format {
        OutputFormat::Text => Box::new(text::Text::new(rules, options)),
        OutputFormat::Json => Box::new(json::Json::new(rules, options, &table.kept)),
        OutputFormat::Jsonl => Box::new(jsonl::Jsonl::new(rules, options, &table.kept)),
        OutputFormat::Csv | OutputFormat::Tsv => {
            let delimiter = match format {
                OutputFormat::Tsv => Delimiter::Tab,
                _ => Delimiter::Comma,
            };
            Box::new(
                Csv::new(rules, delimiter, table.bom, table.input, table.cells)
                    .with_kept(table.kept),
            )
        }
        OutputFormat::Html => Box::new(html::HtmlReport::new(rules, table.paper, options.explain)),
        OutputFormat::Fhir => Box::new(fhir::Fhir::new(rules, table.input, &table.fhir)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale::Lang;

    /// A writer that takes at most seven bytes a call (from several slices when written
    /// to with several), and is interrupted on every third call.
    struct Stingy {
        out: Vec<u8>,
        calls: usize,
    }

    impl Write for Stingy {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.write_vectored(&[io::IoSlice::new(buf)])
        }

        fn write_vectored(&mut self, bufs: &[io::IoSlice<'_>]) -> io::Result<usize> {
            self.calls += 1;
            if self.calls.is_multiple_of(3) {
                return Err(io::ErrorKind::Interrupted.into());
            }
            let before = self.out.len();
            for buf in bufs {
                let room = 7 - (self.out.len() - before);
                self.out.extend_from_slice(&buf[..buf.len().min(room)]);
            }
            Ok(self.out.len() - before)
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_spliced_piece_is_written_as_its_joined_bytes_through_short_and_interrupted_writes() {
        let parts: [&[u8]; 3] = [b"<end>", b"", b"0123456789abcdef"];
        let bytes = b"first|second|third";
        let splices = [(0, 2), (6, 0), (6, 1), (6, 2), (13, 2), (18, 0)]
            .map(|(at, part)| Splice { at, part });
        let mut stingy = Stingy {
            out: Vec::new(),
            calls: 0,
        };
        write_spliced(&mut stingy, bytes, &splices, |p| parts[p as usize]).unwrap();
        assert_eq!(
            String::from_utf8(stingy.out).unwrap(),
            "0123456789abcdeffirst|<end>0123456789abcdefsecond|0123456789abcdefthird<end>"
        );
        assert!(stingy.calls > 10, "{}", stingy.calls);
        // A writer that takes nothing is an error, not a loop.
        struct Full;
        impl Write for Full {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Ok(0)
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let error = write_spliced(&mut Full, bytes, &splices, |p| parts[p as usize]);
        assert_eq!(error.unwrap_err().kind(), io::ErrorKind::WriteZero);
    }

    #[test]
    fn factors_with_a_status_are_listed_in_order_from_bits_or_one_by_one() {
        use Status::*;
        let all = [Present, Absent, NotAssessed, NotApplicable];
        for n in [0, 1, 15, 63, 64, 65, 130] {
            // A pattern that is no period of 4, so every status has gaps of every size.
            let statuses: Vec<Status> = (0..n).map(|i| all[(i * i + i / 3) % 4]).collect();
            let bits = status_bits(&statuses);
            assert_eq!(bits.is_some(), n <= 64);
            for want in all {
                let expected: Vec<usize> = (0..n).filter(|&i| statuses[i] == want).collect();
                assert_eq!(
                    factors_with(&statuses, bits, want).collect::<Vec<_>>(),
                    expected
                );
                assert_eq!(
                    factors_with(&statuses, None, want).collect::<Vec<_>>(),
                    expected
                );
            }
        }
    }

    #[test]
    fn kept_because_clauses_are_those_said_afresh_for_each_record_and_language() {
        let rules = RuleSet::default_rules();
        let f = rules.factor_index("family_history").unwrap();
        let records = [
            r#"{"family_epilepsy": "yes", "family_cerebral_palsy": "no"}"#,
            r#"{"family_epilepsy": "no", "family_cerebral_palsy": "yes"}"#,
            r#"{"family_epilepsy": "yes", "family_cerebral_palsy": "yes"}"#,
            r#"{"family_epilepsy": "yes", "family_cerebral_palsy": "no"}"#,
        ]
        .map(|json| ScreenResult::of_json(&rules, json));
        let becauses = Becauses::new(&rules);
        for lang in [Lang::En, Lang::ZhHans, Lang::En] {
            crate::words::in_language(lang, || {
                let said: Vec<String> = records
                    .iter()
                    .map(|r| becauses.with(&rules, r, f, str::to_string))
                    .collect();
                let afresh: Vec<String> = records
                    .iter()
                    .map(|r| crate::words::because(&rules, &r.evaluated(&rules, f)))
                    .collect();
                assert_eq!(said, afresh, "{lang:?}");
                assert_ne!(said[0], said[1]);
                assert_ne!(said[1], said[2]);
            });
        }
    }
}
