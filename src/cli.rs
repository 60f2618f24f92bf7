//! Command-line arguments as typed by the user. Decisions (color, rule set, formats) are
//! resolved from these in `app`, never here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub use crate::ask::AskArgs;
use crate::color::ColorWhen;
pub use crate::input::InputFormat;
pub use crate::output::OutputFormat;

const ABOUT: &str = "A screening checklist for the documented risk factors of cerebral palsy. \
It is not a diagnosis: it lists the risk factors present in the answers, and a clinician is the \
person to talk to.";

#[derive(Debug, Parser)]
#[command(
    name = "cp-screen",
    version,
    about = ABOUT,
    max_term_width = 100
)]
pub struct Cli {
    /// Rule file to use instead of the embedded default rule set.
    #[arg(long, global = true, value_name = "FILE", conflicts_with = "rule_set")]
    pub rules: Option<PathBuf>,

    /// Embedded rule set to use: "cerebral-palsy" (the source page's list, the default) or
    /// "evidence" (the literature-based set); `cp-screen rules list` shows them.
    #[arg(long, global = true, value_name = "NAME")]
    pub rule_set: Option<String>,

    /// Language of everything people read: "en", "zh-Hans" (also "zh", "zh-CN"...) or
    /// "zh-Hant" (also "zh-TW", "zh-HK", "zh-MO").
    /// Without it, the language comes from LC_ALL, LC_MESSAGES, LANG or LANGUAGE, and is
    /// English when none of them asks for one cp-screen speaks. Ids, statuses and error
    /// codes never change with the language.
    #[arg(long, global = true, value_name = "LANG")]
    pub lang: Option<String>,

    /// Whose 斤 and 兩 a bare 斤 or 兩 means: TW (台斤, 600 g), HK or MO (司馬斤, 604.79 g),
    /// CN (市斤, 500 g), as the rule file's units name their regions. Without it, the
    /// region of --lang or of the locale (zh_TW.UTF-8: TW); with none (English, zh-Hant), a
    /// bare 斤 is refused and grams or an explicit 台斤, 司馬斤 or 市斤 are asked for.
    #[arg(long, global = true, value_name = "REGION", value_parser = parse_region)]
    pub region: Option<String>,

    /// When to color text output.
    #[arg(long, global = true, value_name = "WHEN", default_value = "auto")]
    pub color: ColorWhen,

    /// The questionnaire's options, for `cp-screen` without a command.
    #[command(flatten)]
    pub ask: AskArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Answer the questionnaire on a terminal (the default command).
    Ask(AskArgs),
    /// Screen answer records from JSON, JSON Lines, CSV or FHIR files, or standard input.
    Screen(ScreenArgs),
    /// List the risk factors of the rule set, or show one in full.
    Factors {
        /// A factor id, to show that factor in full.
        #[arg(value_name = "ID")]
        id: Option<String>,
        /// Output format: text, JSON, or a printable HTML handout of every factor card.
        #[arg(long, short = 'f', value_name = "FORMAT", default_value = "text")]
        format: FactorsFormat,
        /// Paper size of the HTML handout (a4, the default, or letter).
        #[arg(long, value_name = "PAPER")]
        paper: Option<crate::output::html::Paper>,
    },
    /// Worked examples: list them, or screen one and explain every factor.
    Demo {
        /// The example to screen.
        #[arg(value_name = "NAME")]
        name: Option<String>,
        /// Print the example's answer record (JSON) instead of screening it.
        #[arg(long, requires = "name")]
        record: bool,
        /// Output format: text, JSON with the record and its result (with explain), or a
        /// printable HTML handout of the examples (all, or the one named).
        #[arg(long, short = 'f', value_name = "FORMAT", default_value = "text")]
        format: DemoFormat,
        /// For a class: show the record and the question, wait for Enter, then reveal
        /// the result.
        #[arg(long, requires = "name", conflicts_with_all = ["record", "format"])]
        quiz: bool,
        /// Paper size of the HTML handout (a4, the default, or letter).
        #[arg(long, value_name = "PAPER")]
        paper: Option<crate::output::html::Paper>,
    },
    /// Print a ready-to-fill answer record with every question id.
    Template {
        /// Output format: a JSON record, one JSON line, or a CSV header.
        #[arg(long, short = 'f', value_name = "FORMAT", default_value = "json")]
        format: TemplateFormat,
    },
    /// Print a JSON Schema (2020-12) of an answer record for the rule set.
    Schema,
    /// Print the codebook of `screen --format csv`: a Frictionless Table Schema describing
    /// every column (type, allowed values, the factor or question and its thresholds).
    Codebook {
        /// The mapping the table's input used, recorded in the codebook.
        #[command(flatten)]
        mapping: MappingArgs,
    },
    /// Work with rule sets: check a file, list or compare the embedded sets.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Export the rule set for other systems as HL7 FHIR R4 resources (JSON).
    Export(ExportArgs),
    /// Print a shell completion script.
    Completions {
        #[arg(value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    /// Serve the questionnaire as web pages, for a browser on this computer (or, with
    /// --listen, on a clinic network). Nothing is kept: the answers travel with the pages.
    Serve(crate::serve::ServeArgs),
    /// Print the manual page (roff), or a command's own page, or write every page to a folder.
    Man {
        /// A command, to print its own page: `screen` for cp-screen-screen(1), `rules check`.
        #[arg(value_name = "COMMAND", num_args = 0..)]
        command: Vec<String>,
        /// Write the pages of cp-screen and of every command into DIR (made if missing).
        #[arg(long, value_name = "DIR", conflicts_with = "command")]
        dir: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DocFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TemplateFormat {
    Json,
    Jsonl,
    Csv,
}

/// How a dataset that exists already writes its answers.
#[derive(Debug, Args, Default, Clone)]
pub struct MappingArgs {
    /// A mapping file (JSON): {"columns": {COLUMN: QUESTION}, "codes": {QUESTION: {CODE:
    /// ANSWER}}, "units": {QUESTION: UNIT}, "missing": [CODE]}; the options below add to it.
    #[arg(long, value_name = "FILE")]
    pub mapping: Option<PathBuf>,
    /// A dataset column (or JSON key) that holds a question: --map weeks=gestational_age_weeks.
    #[arg(long = "map", value_name = "COLUMN=QUESTION")]
    pub map: Vec<String>,
    /// Coded answers of a question: --codes birth_asphyxia:1=yes,2=no,9=unknown.
    #[arg(long, value_name = "QUESTION:CODE=ANSWER,...")]
    pub codes: Vec<String>,
    /// The unit of a number question's bare numbers: --unit birth_weight_grams=lb.
    #[arg(long, value_name = "QUESTION=UNIT")]
    pub unit: Vec<String>,
    /// A value that means unknown, beside empty, NA, N/A, "." and Don't know: --na -99 (a
    /// number also as 999.0), or for one question only: --na gestational_age_weeks:99.
    #[arg(long, value_name = "[QUESTION:]VALUE", allow_hyphen_values = true)]
    pub na: Vec<String>,
    /// An input column to carry through to JSON and table results as written (an
    /// outcome, a covariate): --keep diagnosis.
    #[arg(long, value_name = "COLUMN")]
    pub keep: Vec<String>,
    /// Numbers are written with a decimal comma (1,85 kg), as in files separated by ";".
    #[arg(long)]
    pub decimal_comma: bool,
}

#[derive(Debug, Args)]
pub struct ScreenArgs {
    /// Files of answer records: one JSON object, an array of objects, JSON Lines, or CSV
    /// (files named *.csv, or --input-format csv); or FHIR QuestionnaireResponses (one, a
    /// Bundle, or NDJSON). Reads standard input when none is given or for "-".
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,

    #[command(flatten)]
    pub mapping: MappingArgs,

    /// Output format.
    #[arg(long, short = 'f', value_name = "FORMAT", default_value = "text")]
    pub format: OutputFormat,

    /// Ignore fields that are not questions of the rule set instead of rejecting the record.
    #[arg(long)]
    pub allow_extra_fields: bool,

    /// The shape of --format fhir results: "full" (an Observation per factor) or "compact"
    /// (one Observation with a component per factor present or not assessed).
    #[arg(long = "fhir", value_name = "SHAPE", default_value = "full")]
    pub fhir: crate::output::fhir::FhirShape,

    #[command(flatten)]
    pub fhir_base: FhirBaseArgs,

    /// The system of the subject identifier that --format fhir makes from a record's id
    /// (an absolute URI, e.g. your registry's).
    #[arg(long, value_name = "URI")]
    pub id_system: Option<String>,

    /// What an answer that fails its check does: "strict" makes the whole record invalid
    /// (the default); "not-assessed" reads it as unknown, so only the factors that need it
    /// are not assessed, and reports its error with the result.
    #[arg(long, value_name = "MODE", default_value = "strict")]
    pub field_errors: crate::batch::FieldErrors,

    /// Also count, per factor, present / absent / not assessed within each value of this
    /// input column (an outcome such as a later diagnosis; implies --summary and --keep).
    #[arg(long, value_name = "COLUMN")]
    pub summary_by: Option<String>,

    /// Show, for every factor, the answers and comparisons that decided it.
    #[arg(long)]
    pub explain: bool,

    /// The separator of CSV input: "," ";" or "tab" (by default, the one the header line
    /// uses most).
    #[arg(long, value_name = "CHAR", value_parser = delimiter_parser())]
    pub delimiter: Option<u8>,

    /// Start CSV or TSV output with a byte-order mark, for spreadsheets that need one to
    /// read UTF-8.
    #[arg(long)]
    pub bom: bool,

    /// Write CSV or TSV text cells as they are. By default a cell starting with = + - @
    /// gets a leading ' so that a spreadsheet does not run it as a formula.
    #[arg(long)]
    pub raw_cells: bool,

    /// Paper size of HTML pages (a4, the default, or letter).
    #[arg(long, value_name = "PAPER")]
    pub paper: Option<crate::output::html::Paper>,

    /// Input format; "auto" reads CSV from files named *.csv and detects JSON otherwise.
    #[arg(long, value_name = "FORMAT", default_value = "auto")]
    pub input_format: InputFormat,

    /// After the run, report records read, screened and invalid, and per factor how many
    /// records have it present, not assessed and absent (to stderr unless --summary-file).
    #[arg(long)]
    pub summary: bool,

    /// Format of the summary: text (the default), json, or the cohort chart as an html page
    /// or an svg (implies --summary).
    #[arg(long, value_name = "FORMAT")]
    pub summary_format: Option<SummaryFormat>,

    /// Write the summary to FILE instead of stderr (implies --summary).
    #[arg(long, value_name = "FILE")]
    pub summary_file: Option<PathBuf>,

    /// No progress bar and no closing message on stderr.
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// Worker threads (default: one per core). Output order never depends on it.
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub threads: Option<u16>,
}

/// `--fhir-base`, for `screen` and `export`.
#[derive(Debug, Args)]
pub struct FhirBaseArgs {
    /// The base URL of the FHIR canonical URLs (Questionnaire, code systems, value sets,
    /// extension) in place of the rule file's: --fhir-base https://example.org/fhir.
    #[arg(long, global = true, value_name = "URL")]
    pub fhir_base: Option<String>,
}

/// `cp-screen export`: what to export, and under which base URL.
#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(subcommand)]
    pub what: ExportCommand,

    #[command(flatten)]
    pub fhir_base: FhirBaseArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SummaryFormat {
    Text,
    Json,
    /// A page with the cohort chart and the counts as a table.
    Html,
    /// The cohort chart alone.
    Svg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DemoFormat {
    Text,
    Json,
    /// A printable handout of the worked examples.
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FactorsFormat {
    Text,
    Json,
    /// A printable page of factor cards, for handouts.
    Html,
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// A FHIR R4 Questionnaire of the rule set's questions, for form tools.
    ///
    /// `cp-screen screen` screens the QuestionnaireResponses that answer it. Its texts are
    /// in the rule file's own language, with its other languages in the translation
    /// extension, whatever --lang says.
    Questionnaire,
    /// A FHIR R4 CodeSystem of the factor ids.
    ///
    /// Its codes are those of the factor Observations that `screen --format fhir` writes;
    /// each factor's ICD-10 codes are properties of its concept.
    Codesystem,
    /// A FHIR R4 CodeSystem of cp-screen's error codes.
    ///
    /// Its codes are those of the OperationOutcome issues that `screen --format fhir` writes
    /// for invalid records.
    Errors,
    /// The FHIR R4 ValueSets cp-screen uses, as a Bundle (type collection).
    ///
    /// The answers a yes / no question takes, the values of a factor's Observation, the
    /// factor codes and the error codes.
    Valuesets,
    /// A REDCap data dictionary (CSV) of the questionnaire as one instrument, in the run's
    /// language.
    ///
    /// `cp-screen screen` reads REDCap's raw and label exports of it with no mapping.
    Redcap,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Validate a rule file and summarise it.
    Check {
        /// The rule file to check.
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// List the embedded rule sets: name, id and version, factors, questions and hash.
    List {
        #[arg(long, short = 'f', value_name = "FORMAT", default_value = "text")]
        format: DocFormat,
    },
    /// Compare two rule sets factor by factor: what each has, where thresholds differ, and
    /// which of the first set's factors the second does not support.
    Compare {
        /// A rule set: an embedded name (see `rules list`) or a rule file.
        #[arg(value_name = "A", default_value = "cerebral-palsy")]
        first: String,
        /// The rule set to compare it with.
        #[arg(value_name = "B", default_value = "evidence")]
        second: String,
    },
}

/// The separators `--delimiter` takes; anything else is refused by clap, which lists these.
fn delimiter_parser() -> impl clap::builder::TypedValueParser<Value = u8> {
    use clap::builder::{PossibleValuesParser, TypedValueParser};
    PossibleValuesParser::new([
        ",",
        "comma",
        ";",
        "semicolon",
        "tab",
        "\\t",
        "\t",
        "|",
        "pipe",
    ])
    .map(|text: String| match text.as_str() {
        "," | "comma" => b',',
        ";" | "semicolon" => b';',
        "|" | "pipe" => b'|',
        _ => b'\t',
    })
}

/// A region as `--region` takes it: two letters (ISO 3166), in any case.
fn parse_region(text: &str) -> Result<String, String> {
    if text.len() == 2 && text.bytes().all(|b| b.is_ascii_alphabetic()) {
        Ok(text.to_ascii_uppercase())
    } else {
        Err("expected a two-letter region code such as TW, HK, MO or CN".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
