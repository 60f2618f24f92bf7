//! The library's entry point for programs that embed cp-screen, such as the Python package
//! in `python/`: the same choices the command line makes (a rule set, a dataset's mapping,
//! the language of the messages), and a screen from any reader into any writer on the same
//! parallel pipeline as `cp-screen screen`, in any output format, or into typed rows of
//! the `--format csv` table (`Screener::screen_rows`) for a program that builds columns.
//!
//! It adds no behaviour: every result is what `cp-screen screen` gives for the same bytes
//! and options (one result per record, in order; an invalid record is a result with its
//! error codes; only input that cannot be read as records at all is an `Error`). It
//! mirrors the wiring of `app` (which stays the command line's) and sits beside it.

use std::borrow::Cow;
use std::io::{self, Read, Write};
use std::path::Path;
use std::sync::Arc;

use serde_json::Value;

use crate::answers::{Codings, MappingFile};
use crate::batch::{self, Input, ScreenOptions};
use crate::error::Error;
use crate::problem::{MappingProblem, Usage};
use crate::rules::RuleSet;
use crate::words;

pub use crate::batch::FieldErrors;
pub use crate::input::InputFormat;
pub use crate::output::OutputFormat;
pub use crate::output::summary::Counts;

/// Which rule set to screen with, as `--rule-set` and `--rules` choose it.
#[derive(Debug, Clone, Copy, Default)]
pub enum RuleChoice<'a> {
    /// The default embedded set.
    #[default]
    Default,
    /// An embedded set by its name or alias (`--rule-set`).
    Embedded(&'a str),
    /// A rule file (`--rules`).
    File(&'a Path),
}

/// How a dataset writes its answers: the `--mapping` file's contents and the `--map`,
/// `--codes`, `--unit`, `--na`, `--keep` and `--decimal-comma` options, written as on the
/// command line. All empty is no mapping.
#[derive(Debug, Clone, Default)]
pub struct Mapping {
    /// The mapping file's JSON text (`{"columns": ..., "codes": ..., "units": ...,
    /// "missing": [...]}`), which the options add to.
    pub file: Option<String>,
    /// `COLUMN=QUESTION` (`--map`).
    pub map: Vec<String>,
    /// `QUESTION:CODE=ANSWER,...` (`--codes`).
    pub codes: Vec<String>,
    /// `QUESTION=UNIT` (`--unit`).
    pub units: Vec<String>,
    /// Codes for unknown (`--na`): `VALUE` or `QUESTION:VALUE`.
    pub na: Vec<String>,
    /// Input columns carried through to the table (`--keep`), after the mapping file's.
    pub keep: Vec<String>,
    /// Numbers are written with a decimal comma (`--decimal-comma`); CSV input only.
    pub decimal_comma: bool,
}

/// Options of one screen, as `cp-screen screen` takes them.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// `--allow-extra-fields`.
    pub allow_extra_fields: bool,
    /// `-j`: worker threads; 0 is one per core.
    pub threads: usize,
    /// `--explain` (JSON formats only).
    pub explain: bool,
    /// `--delimiter`: the CSV separator, when not the header line's.
    pub delimiter: Option<u8>,
    /// `--field-errors`: what an answer that fails its check does to its record.
    pub field_errors: FieldErrors,
}

/// Chooses the language of messages (`error_message`, the JSON formats' sentences) for the
/// process, as `--lang` does, or from the environment when `tag` is `None`. The language is
/// the process's: only the first choice counts, and the language in force is returned,
/// which the caller compares with what it asked for.
/// The region of the tag (`zh-TW`: Taiwan's 斤) is the process's too.
pub fn choose_language(tag: Option<&str>) -> Result<words::Lang, Error> {
    let (lang, region) = words::decide_with_region(tag)?;
    words::choose(lang);
    words::choose_region(region);
    Ok(words::chosen())
}

/// The message of an error in the language of the process.
pub fn message(error: &Error) -> String {
    error.message(words::get())
}

/// `cp-screen rules list --format json`: the embedded rule sets.
pub fn rule_sets() -> Value {
    crate::compare::list_json()
}

/// A rule set and a mapping, loaded and checked once, to screen with as often as needed
/// (from several threads at once).
pub struct Screener {
    rules: RuleSet,
    /// The rule file's text and its name in messages, for the FHIR export.
    text: Cow<'static, str>,
    shown: String,
    codings: Option<Codings>,
}

impl Screener {
    /// Loads the rule set (in the language of the process) and checks the mapping against
    /// it, as `cp-screen screen` does before reading a record.
    pub fn new(choice: RuleChoice<'_>, mapping: &Mapping) -> Result<Screener, Error> {
        let (text, shown) = rule_text(choice)?;
        let mut rules = RuleSet::from_json_in(&text, &shown, Some(words::chosen().tag()))?;
        rules.set_region(words::region());
        let bad = |p: MappingProblem| Error::from(Usage::Mapping(Box::new(p)));
        let file = match &mapping.file {
            None => None,
            Some(json) => Some(MappingFile::parse(json, "mapping").map_err(bad)?),
        };
        let mut codings = Codings::build(
            &rules,
            file,
            &mapping.na,
            &mapping.map,
            &mapping.codes,
            &mapping.units,
        )
        .map_err(bad)?;
        // As `app::codings` adds `--keep` and `--decimal-comma` to the mapping file's.
        codings
            .keep
            .extend(mapping.keep.iter().map(|k| k.trim().to_string()));
        codings.decimal_comma |= mapping.decimal_comma;
        Ok(Screener {
            rules,
            text,
            shown,
            codings: (!codings.is_empty()).then_some(codings),
        })
    }

    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// Screens the records `reader` holds (named `name` in results and messages) into
    /// `out` in `format`, exactly as `cp-screen screen --format FORMAT` writes them for a
    /// single input. The counts are returned; an invalid record is counted, not an error.
    /// On input that cannot be read as records, what came before is written and the error
    /// is returned.
    pub fn screen(
        &self,
        reader: Box<dyn Read + Send>,
        name: &str,
        input: InputFormat,
        format: OutputFormat,
        options: Options,
        out: &mut dyn Write,
    ) -> Result<Counts, Error> {
        let report = crate::output::ReportOptions {
            explain: options.explain,
            ..crate::output::ReportOptions::default()
        };
        let table = crate::output::TableOptions {
            input: Some(Arc::from(name)),
            // As `cp-screen screen` writes it: the Bundle's timestamp is the run's.
            fhir: crate::output::fhir::FhirOptions {
                issued: (format == OutputFormat::Fhir).then(crate::output::fhir::run_instant),
                ..Default::default()
            },
            kept: self.kept().to_vec(),
            ..crate::output::TableOptions::default()
        };
        let output = crate::output::for_format(format, &self.rules, report, table);
        let (screen, inputs) = self.pipeline(reader, name, input, &options)?;
        batch::screen_inputs(&self.rules, inputs, screen, &*output, out).map_err(|(e, _)| e)
    }

    /// The pipeline's options and its one input, as `screen` would have them. A decimal
    /// comma with input that is not CSV is refused as the command line refuses it
    /// (`option_does_nothing`).
    fn pipeline(
        &self,
        reader: Box<dyn Read + Send>,
        name: &str,
        input: InputFormat,
        options: &Options,
    ) -> Result<(ScreenOptions<'_>, Vec<Input>), Error> {
        let decimal_comma = self.codings.as_ref().is_some_and(|c| c.decimal_comma);
        if decimal_comma && !crate::input::reads_csv(input, name) {
            let here = clap::ValueEnum::to_possible_value(&input)
                .map(|v| v.get_name().to_string())
                .unwrap_or_default();
            return Err(Error::from(Usage::OptionDoesNothing {
                option: "--decimal-comma",
                here: format!("--input-format {here}"),
                applies: vec!["--input-format csv", "*.csv"],
            }));
        }
        let screen = ScreenOptions {
            allow_extra_fields: options.allow_extra_fields,
            threads: options.threads,
            codings: self.codings.as_ref(),
            delimiter: options.delimiter,
            field_errors: options.field_errors,
            ..ScreenOptions::default()
        };
        let inputs = vec![Input {
            name: name.to_string(),
            reader,
            format: input,
        }];
        Ok((screen, inputs))
    }

    /// The input columns carried through (`--keep`), in order.
    fn kept(&self) -> &[String] {
        self.codings.as_ref().map_or(&[], |c| c.keep.as_slice())
    }

    /// Screens as `screen` does with `OutputFormat::Csv`, but hands each row of the table
    /// to `rows` as typed cells instead of text: one per column of the codebook, in
    /// order, each what parsing that row's CSV field by its codebook type would give
    /// (`Text("")` for an empty text field). No number is written out as digits and
    /// read back, so an embedding program that builds typed columns (the Python
    /// package's data frames) skips the table's text altogether. Rows come in input
    /// order, on the calling thread; an error from `rows` ends the run as a write error.
    pub fn screen_rows(
        &self,
        reader: Box<dyn Read + Send>,
        name: &str,
        input: InputFormat,
        options: Options,
        rows: &mut dyn Rows,
    ) -> Result<Counts, Error> {
        let (screen, inputs) = self.pipeline(reader, name, input, &options)?;
        let output = RowCells::new(&self.rules, name, self.kept());
        let mut out = RowReader {
            rows,
            columns: output.columns,
        };
        batch::screen_inputs(&self.rules, inputs, screen, &output, &mut out).map_err(|(e, _)| e)
    }

    /// The `--format csv` table (its header and one row) of a record with no answers, as
    /// `cp-screen screen` gives it for `{}`: for an embedding program that gives a row of
    /// empty cells (which the CSV reader skips) a result of its own. Made without reading
    /// any input, so that no check of the input (a mapped column that is not there, a
    /// decimal comma with JSON) applies to it.
    pub fn no_answers_csv(&self, name: &str) -> Vec<u8> {
        let table = crate::output::TableOptions {
            input: Some(Arc::from(name)),
            kept: self.kept().to_vec(),
            ..crate::output::TableOptions::default()
        };
        let output = crate::output::for_format(
            OutputFormat::Csv,
            &self.rules,
            crate::output::ReportOptions::default(),
            table,
        );
        let mut result = crate::engine::ScreenResult::alone(
            &self.rules,
            crate::answers::Record::new(&self.rules),
        );
        // Record 1, on line 1, as `{}` is.
        result.position.line = Some(1);
        let place = crate::output::Place {
            first_of_run: true,
            first_in_batch: true,
            only_of_run: true,
        };
        let mut out = Vec::new();
        // Writing into a Vec cannot fail.
        let _ = output.opening(&mut out);
        output.record(&mut out, &result, place);
        out
    }

    /// `cp-screen codebook` (with `--mapping`, when there is one).
    pub fn codebook(&self) -> Value {
        let mut book = crate::output::csv::codebook(&self.rules);
        if let Some(c) = &self.codings {
            book["cp_screen"]["mapping"] = serde_json::to_value(c).unwrap_or(Value::Null);
            if let Some(fields) = book["fields"].as_array_mut() {
                fields.extend(crate::output::csv::kept_fields(&self.rules, &c.keep));
            }
        }
        book
    }

    /// `cp-screen factors --format json`.
    pub fn factors(&self) -> Value {
        crate::teach::factors_json(&self.rules)
    }

    /// `cp-screen export questionnaire`: the rule set as a FHIR Questionnaire, with the
    /// texts of every language of the rule file.
    pub fn questionnaire(&self) -> Result<Value, Error> {
        let base = RuleSet::from_json_in(&self.text, &self.shown, None)?;
        let others: Vec<(String, RuleSet)> = base.languages()[1..]
            .iter()
            .map(|lang| {
                Ok((
                    lang.clone(),
                    RuleSet::from_json_in(&self.text, &self.shown, Some(lang))?,
                ))
            })
            .collect::<Result<_, Error>>()?;
        let texts = crate::fhir::Texts {
            base: &base,
            translations: others.iter().map(|(l, r)| (l.clone(), r)).collect(),
        };
        crate::fhir::questionnaire(&texts).map_err(|p| match p {
            crate::fhir::ExportProblem::AskWhen { question } => {
                Error::from(Usage::NotExportable { question })
            }
        })
    }
}

/// The rule file's text and its name in messages, read as the command line reads it
/// (`--rule-set`, `--rules` with its size bound, or the default).
fn rule_text(choice: RuleChoice<'_>) -> Result<(Cow<'static, str>, String), Error> {
    match choice {
        RuleChoice::Default => crate::app::chosen_rule_text(None, None),
        RuleChoice::Embedded(name) => crate::app::chosen_rule_text(Some(name), None),
        RuleChoice::File(path) => crate::app::chosen_rule_text(None, Some(path)),
    }
}

/// One cell of a row of the `--format csv` table, typed by its column in the codebook.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    /// An `integer` column (`record`, `line`, `errors`); `None` is an empty field.
    Int(Option<u64>),
    /// A `number` column: the value as understood, `None` when empty.
    Number(Option<f64>),
    /// A `boolean` column (`follow_up`); `None` when empty.
    Bool(Option<bool>),
    /// A `string` column (those with allowed values, such as `status` and the factors,
    /// included), as the CSV field holds it once unquoted; empty is an empty field.
    Text(&'a str),
}

/// Where `Screener::screen_rows` delivers the table's rows.
pub trait Rows {
    /// One row: a cell per column of the codebook, in order.
    fn row(&mut self, cells: &[Cell<'_>]) -> io::Result<()>;
}

/// An output that renders each result (on the worker threads) as its row's cells in a
/// compact binary form, which `RowReader` turns back into `Cell`s on the calling thread.
/// Each value is what `output::csv::Csv` would write for it, before it is made text.
struct RowCells<'r> {
    rules: &'r RuleSet,
    /// The `file` field of every row (a single input's name), as a text cell.
    input: String,
    numbers: Vec<usize>,
    /// How many input columns are carried through (`--keep`), the last cells of a row.
    kept: usize,
    columns: usize,
}

/// The tags of the binary form: a tag byte, then 8 bytes for a value, or a length (u32,
/// native order) and the bytes for text.
const TAG_NONE: u8 = 0;
const TAG_INT: u8 = 1;
const TAG_NUMBER: u8 = 2;
const TAG_FALSE: u8 = 3;
const TAG_TRUE: u8 = 4;
const TAG_TEXT: u8 = 5;
/// `TAG_NONE` read in an integer, number or boolean column, as its type asks.
const TAG_EMPTY_BOOL: u8 = 6;
const TAG_EMPTY_NUMBER: u8 = 7;

impl<'r> RowCells<'r> {
    fn new(rules: &'r RuleSet, name: &str, kept: &[String]) -> RowCells<'r> {
        RowCells {
            rules,
            input: text_cell(name).into_owned(),
            numbers: crate::output::csv::number_columns(rules)
                .into_iter()
                .map(|(q, _)| q)
                .collect(),
            kept: kept.len(),
            columns: crate::output::csv::column_names(rules).len() + kept.len(),
        }
    }
}

/// A text cell as the table writes it (`output::csv::TextCells` by default: a value
/// starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so
/// that no spreadsheet runs it as a formula).
fn text_cell(value: &str) -> Cow<'_, str> {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{value}"))
    } else {
        Cow::Borrowed(value)
    }
}

fn push_text(buf: &mut Vec<u8>, value: &str) {
    buf.push(TAG_TEXT);
    buf.extend_from_slice(&(value.len() as u32).to_ne_bytes());
    buf.extend_from_slice(value.as_bytes());
}

fn push_int(buf: &mut Vec<u8>, value: Option<u64>) {
    match value {
        Some(v) => {
            buf.push(TAG_INT);
            buf.extend_from_slice(&v.to_ne_bytes());
        }
        None => buf.push(TAG_NONE),
    }
}

impl crate::output::Output for RowCells<'_> {
    fn record(
        &self,
        buf: &mut Vec<u8>,
        result: &crate::engine::ScreenResult,
        _place: crate::output::Place,
    ) {
        use crate::answers::{Answer, RecordId};
        let p = &result.position;
        let valid = result.is_valid();
        push_int(buf, Some(p.record));
        match &result.record.id {
            Some(RecordId::Text(s)) => push_text(buf, &text_cell(s)),
            Some(RecordId::Number(n)) => push_text(buf, n.as_str()),
            None => push_text(buf, ""),
        }
        match &p.file {
            Some(file) => push_text(buf, &text_cell(file)),
            None => push_text(buf, &self.input),
        }
        push_int(buf, p.line);
        push_text(buf, if valid { "screened" } else { "invalid" });
        let statuses = result.statuses.as_deref();
        for f in 0..self.rules.factors().len() {
            push_text(buf, statuses.map_or("", |s| s[f].id()));
        }
        buf.push(match (valid, valid && result.follow_up(self.rules)) {
            (false, _) => TAG_EMPTY_BOOL,
            (true, true) => TAG_TRUE,
            (true, false) => TAG_FALSE,
        });
        for &q in &self.numbers {
            match &result.record.answers.values[q] {
                Answer::Number { value, .. } if valid => {
                    buf.push(TAG_NUMBER);
                    buf.extend_from_slice(&value.to_ne_bytes());
                }
                _ => buf.push(TAG_EMPTY_NUMBER),
            }
        }
        push_int(buf, Some(result.record.error_count()));
        match result.record.errors.first() {
            Some(first) => {
                push_text(buf, &text_cell(first.field.as_deref().unwrap_or_default()));
                push_text(buf, first.code());
                let message = words::get().record_problem(self.rules, &first.problem);
                push_text(buf, &text_cell(&message));
            }
            None => {
                for _ in 0..3 {
                    push_text(buf, "");
                }
            }
        }
        push_text(buf, &text_cell(&self.rules.id));
        push_text(buf, &text_cell(&self.rules.version));
        push_text(buf, &text_cell(&self.rules.short_hash()));
        for i in 0..self.kept {
            let value = result.record.kept.get(i).map_or("", String::as_str);
            push_text(buf, &text_cell(value));
        }
    }
}

/// The writer's end of `RowCells`: each batch's bytes back into rows of cells.
struct RowReader<'a> {
    rows: &'a mut dyn Rows,
    columns: usize,
}

impl Write for RowReader<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // A batch holds whole results: `RowCells::record` renders one at a time.
        let bad = || io::Error::other("a row's cells are cut short");
        let mut at = 0;
        let mut cells: Vec<Cell<'_>> = Vec::with_capacity(self.columns);
        while at < buf.len() {
            cells.clear();
            for _ in 0..self.columns {
                let tag = *buf.get(at).ok_or_else(bad)?;
                at += 1;
                let mut word = || -> io::Result<[u8; 8]> {
                    let w = buf.get(at..at + 8).ok_or_else(bad)?;
                    at += 8;
                    Ok(w.try_into().expect("8 bytes"))
                };
                cells.push(match tag {
                    TAG_NONE => Cell::Int(None),
                    TAG_INT => Cell::Int(Some(u64::from_ne_bytes(word()?))),
                    TAG_NUMBER => Cell::Number(Some(f64::from_ne_bytes(word()?))),
                    TAG_EMPTY_NUMBER => Cell::Number(None),
                    TAG_FALSE => Cell::Bool(Some(false)),
                    TAG_TRUE => Cell::Bool(Some(true)),
                    TAG_EMPTY_BOOL => Cell::Bool(None),
                    TAG_TEXT => {
                        let len = buf.get(at..at + 4).ok_or_else(bad)?;
                        let len = u32::from_ne_bytes(len.try_into().expect("4 bytes")) as usize;
                        let text = buf.get(at + 4..at + 4 + len).ok_or_else(bad)?;
                        at += 4 + len;
                        Cell::Text(std::str::from_utf8(text).map_err(io::Error::other)?)
                    }
                    _ => return Err(bad()),
                });
            }
            self.rows.row(&cells)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each row's cells as the CSV table writes them.
    struct AsText(Vec<Vec<String>>);

    impl Rows for AsText {
        fn row(&mut self, cells: &[Cell<'_>]) -> io::Result<()> {
            let text = |c: &Cell<'_>| match *c {
                Cell::Int(n) => n.map(|n| n.to_string()).unwrap_or_default(),
                Cell::Number(x) => x.map(|x| x.to_string()).unwrap_or_default(),
                Cell::Bool(b) => b.map(|b| b.to_string()).unwrap_or_default(),
                Cell::Text(s) => s.to_string(),
            };
            self.0.push(cells.iter().map(text).collect());
            Ok(())
        }
    }

    /// `screen_rows` gives the cells of `--format csv`, field for field: ids that a table
    /// guards or quotes, numeric ids, fractions, invalid records, CSV and JSON input.
    #[test]
    fn rows_are_the_csv_tables_cells() {
        let screener = Screener::new(RuleChoice::Default, &Mapping::default()).unwrap();
        let inputs: [(&[u8], InputFormat); 2] = [
            (
                br#"{"id": "-5", "gestational_age_weeks": "30+4", "birth_weight_grams": 1999.5}
{"id": "=1+1", "birth_asphyxia": "yes"}
{"id": 12, "gestational_age_weeks": 353}
{"id": "a,b \"q\"\nline", "gestational_age_weeks": "abc", "nope": 1}
{"gestational_age_weeks": -0.0}
{"id": "@x\t", "birth_weight_grams": "4.1"}
"#,
                InputFormat::Json,
            ),
            (
                b"id,gestational_age_weeks,birth_asphyxia\n+1,31.25,yes\n\"x,y\",,maybe\n-,40,\n",
                InputFormat::Csv,
            ),
        ];
        for (input, format) in inputs {
            let mut csv = Vec::new();
            screener
                .screen(
                    Box::new(input),
                    "in=put",
                    format,
                    OutputFormat::Csv,
                    Options::default(),
                    &mut csv,
                )
                .unwrap();
            let mut rows = AsText(Vec::new());
            screener
                .screen_rows(
                    Box::new(input),
                    "in=put",
                    format,
                    Options::default(),
                    &mut rows,
                )
                .unwrap();
            let expected: Vec<Vec<String>> = ::csv::Reader::from_reader(&csv[..])
                .records()
                .map(|r| r.unwrap().iter().map(String::from).collect())
                .collect();
            assert!(expected.len() >= 3);
            assert_eq!(rows.0, expected);
        }
    }

    /// The counts a library caller gets tally every factor (the command skips the tally
    /// when it shows no summary; a caller may show one from these).
    #[test]
    fn the_counts_returned_tally_each_factor() {
        let screener = Screener::new(RuleChoice::Default, &Mapping::default()).unwrap();
        let input: &[u8] = br#"{"id": "a", "gestational_age_weeks": 30, "birth_asphyxia": "no"}
{"id": "b", "gestational_age_weeks": 39, "birth_asphyxia": "unknown"}
{"id": "c", "nope": 1}
"#;
        let counts = screener
            .screen(
                Box::new(input),
                "in",
                InputFormat::Json,
                OutputFormat::Jsonl,
                Options::default(),
                &mut Vec::new(),
            )
            .unwrap();
        assert_eq!((counts.screened, counts.invalid), (2, 1));
        let rules = screener.rules();
        assert_eq!(counts.factors.len(), rules.factors.len());
        let tally = |id: &str| counts.factors[rules.factor_index(id).unwrap()];
        assert_eq!(tally("preterm_under_32_weeks").present, 1);
        assert_eq!(tally("birth_asphyxia").not_assessed, 1);
        assert_eq!(tally("birth_asphyxia").present, 0);
        assert_eq!(
            counts.absent(rules.factor_index("birth_asphyxia").unwrap()),
            1
        );
    }

    /// With kept columns, a decimal comma and answers read as unknown, the rows are still
    /// the CSV table's cells, kept columns last; the codebook names the kept columns.
    #[test]
    fn rows_carry_kept_columns_and_field_errors_as_the_table_does() {
        let mapping = Mapping {
            map: vec!["wk=gestational_age_weeks".into()],
            na: vec!["999".into()],
            keep: vec!["cp_dx".into(), "status".into()],
            decimal_comma: true,
            ..Mapping::default()
        };
        let screener = Screener::new(RuleChoice::Default, &mapping).unwrap();
        let input: &[u8] =
            b"id,wk,birth_weight_grams,cp_dx,status\na,\"31,5\",1850,yes,=x\nb,46,1850,no,\nc,999.0,,,\n";
        let options = Options {
            field_errors: FieldErrors::NotAssessed,
            ..Options::default()
        };
        let mut csv = Vec::new();
        screener
            .screen(
                Box::new(input),
                "in",
                InputFormat::Csv,
                OutputFormat::Csv,
                options,
                &mut csv,
            )
            .unwrap();
        let mut rows = AsText(Vec::new());
        screener
            .screen_rows(Box::new(input), "in", InputFormat::Csv, options, &mut rows)
            .unwrap();
        let mut reader = ::csv::Reader::from_reader(&csv[..]);
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        let expected: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
        assert_eq!(rows.0, expected);
        let at = |name: &str| header.iter().position(|h| h == name).unwrap();
        // 31,5 is 31.5 weeks; 46 weeks is read as unknown, with its error; 999.0 is unknown.
        assert_eq!(expected[0][at("gestational_age_weeks")], "31.5");
        assert_eq!(expected[1][at("status")], "screened");
        assert_eq!(expected[1][at("error_code")], "out_of_range");
        assert_eq!(expected[2][at("preterm_under_32_weeks")], "not_assessed");
        assert_eq!(expected[2][at("errors")], "0");
        // Kept last, as written (a formula guarded), `status` renamed as it is taken.
        assert_eq!(&header[header.len() - 2..], ["cp_dx", "input_status"]);
        assert_eq!(expected[0][header.len() - 1], "'=x");
        let book = screener.codebook();
        let names: Vec<&str> = book["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, header);
        // A record with no answers, made without input: what `{}` gives with no mapping,
        // and empty kept cells.
        let plain = Screener::new(RuleChoice::Default, &Mapping::default()).unwrap();
        let mut out = Vec::new();
        plain
            .screen(
                Box::new(&b"{}\n"[..]),
                "in",
                InputFormat::Json,
                OutputFormat::Csv,
                Options::default(),
                &mut out,
            )
            .unwrap();
        assert_eq!(plain.no_answers_csv("in"), out);
        let blank = String::from_utf8(screener.no_answers_csv("in")).unwrap();
        let plain = String::from_utf8(out).unwrap();
        assert_eq!(
            blank.lines().nth(1).unwrap(),
            format!("{},,", plain.lines().nth(1).unwrap())
        );
    }

    /// A decimal comma with JSON input is refused as the command line refuses it.
    #[test]
    fn a_decimal_comma_with_json_is_refused() {
        let mapping = Mapping {
            decimal_comma: true,
            ..Mapping::default()
        };
        let screener = Screener::new(RuleChoice::Default, &mapping).unwrap();
        let e = screener
            .screen(
                Box::new(&b"{}\n"[..]),
                "in",
                InputFormat::Json,
                OutputFormat::Csv,
                Options::default(),
                &mut Vec::new(),
            )
            .unwrap_err();
        assert_eq!(e.code(), "option_does_nothing");
    }
}
