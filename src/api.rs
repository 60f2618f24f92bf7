//! The library's entry point for programs that embed cp-screen, such as the Python package
//! in `python/`: the same choices the command line makes (a rule set, a dataset's mapping,
//! the language of the messages), and a screen from any reader into any writer on the same
//! parallel pipeline as `cp-screen screen`, in any output format.
//!
//! It adds no behaviour: every result is what `cp-screen screen` gives for the same bytes
//! and options (one result per record, in order; an invalid record is a result with its
//! error codes; only input that cannot be read as records at all is an `Error`). It
//! mirrors the wiring of `app` (which stays the command line's) and sits beside it.

use std::borrow::Cow;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::Arc;

use serde_json::Value;

use crate::answers::{Codings, MappingFile};
use crate::batch::{self, Input, ScreenOptions};
use crate::error::Error;
use crate::problem::{MappingProblem, Usage};
use crate::rules::RuleSet;
use crate::words;

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
/// `--codes`, `--unit` and `--na` options, written as on the command line. All empty is no
/// mapping.
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
    /// Codes for unknown (`--na`).
    pub na: Vec<String>,
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
        let codings = Codings::build(
            &rules,
            file,
            &mapping.na,
            &mapping.map,
            &mapping.codes,
            &mapping.units,
        )
        .map_err(bad)?;
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
            kept: self
                .codings
                .as_ref()
                .map(|c| c.keep.clone())
                .unwrap_or_default(),
            ..crate::output::TableOptions::default()
        };
        let output = crate::output::for_format(format, &self.rules, report, table);
        let screen = ScreenOptions {
            allow_extra_fields: options.allow_extra_fields,
            threads: options.threads,
            codings: self.codings.as_ref(),
            delimiter: options.delimiter,
            ..ScreenOptions::default()
        };
        let inputs = vec![Input {
            name: name.to_string(),
            reader,
            format: input,
        }];
        batch::screen_inputs(&self.rules, inputs, screen, &*output, out).map_err(|(e, _)| e)
    }

    /// `cp-screen codebook` (with `--mapping`, when there is one).
    pub fn codebook(&self) -> Value {
        let mut book = crate::output::csv::codebook(&self.rules);
        if let Some(c) = &self.codings {
            book["cp_screen"]["mapping"] = serde_json::to_value(c).unwrap_or(Value::Null);
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
