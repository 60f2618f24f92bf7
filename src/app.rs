//! Wires the commands together: resolves the rule set and the color decision once, runs
//! the command, and turns the outcome into an exit code and at most one error line.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::answers::Codings;
use crate::batch::{self, Input, ScreenOptions};
use crate::cli::{
    AskArgs, Cli, Command, DemoFormat, DocFormat, ExportCommand, FactorsFormat, MappingArgs,
    RulesCommand, ScreenArgs, SummaryFormat, TemplateFormat,
};
use crate::color;
use crate::error::{Error, Exit, Result};
use crate::fhir;
use crate::output::summary::{self, Counts};
use crate::output::{self, ReportOptions};
use crate::problem::{RuleProblemKind, Usage};
use crate::rules::{EMBEDDED, Embedded, QuestionKind, RuleSet, RulesError};
use crate::sanitize::escape_control;
use crate::teach;
use crate::words;

/// Parses the command line and runs it. A command line clap refuses is reported by clap,
/// except an existing file given where a command was expected (`cp-screen answers.json`),
/// which gets the command that screens it.
pub fn run_args<I, T>(args: I) -> Exit
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let raw: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
    let e = match <Cli as clap::Parser>::try_parse_from(&raw) {
        Ok(cli) => return run(cli),
        Err(e) => e,
    };
    if e.kind() == ErrorKind::InvalidSubcommand
        && let Some(ContextValue::String(arg)) = e.get(ContextKind::InvalidSubcommand)
        && Path::new(arg).is_file()
    {
        let usage = Error::from(Usage::FileAsCommand { path: arg.clone() });
        let w = words::get();
        let _ = writeln!(io::stderr(), "{}", w.error_line(&usage.message(w)));
        return usage.exit();
    }
    // `cp-screen --formt json screen ...`: clap suggests a top-level option (--force), where
    // the option meant belongs to a command; name the command instead.
    if e.kind() == ErrorKind::UnknownArgument
        && let Some(ContextValue::String(arg)) = e.get(ContextKind::InvalidArg)
        && let Some(usage) = option_of_a_command(arg, &raw)
    {
        let usage = Error::from(usage);
        let _ = writeln!(
            io::stderr(),
            "cp-screen: error: {}",
            usage.message(words::get())
        );
        return usage.exit();
    }
    let _ = e.print();
    if e.use_stderr() {
        Exit::Failure
    } else {
        Exit::Success
    }
}

/// An unknown option given before any command (`cp-screen --formt ...`) that is, or is
/// close to, an option of commands and of no top-level option: which commands take it.
fn option_of_a_command(arg: &str, raw: &[std::ffi::OsString]) -> Option<Usage> {
    let name = arg.split('=').next()?.strip_prefix("--")?;
    let cli = <Cli as clap::CommandFactory>::command();
    let commands: Vec<&clap::Command> = cli.get_subcommands().collect();
    // Only before a command: after one, clap's own suggestion is about that command.
    let is_command =
        |a: &std::ffi::OsString| commands.iter().any(|c| a.to_str() == Some(c.get_name()));
    let at = raw.iter().position(|a| a.to_str() == Some(arg))?;
    if raw[1..at].iter().any(is_command) {
        return None;
    }
    let top: Vec<&str> = cli.get_arguments().filter_map(|a| a.get_long()).collect();
    let longs: Vec<&str> = commands
        .iter()
        .flat_map(|c| c.get_arguments().filter_map(|a| a.get_long()))
        .filter(|l| !top.contains(l))
        .collect();
    let option = crate::suggest::did_you_mean(name, longs.iter().copied())
        .or_else(|| longs.iter().copied().find(|l| *l == name))?;
    let takers: Vec<String> = commands
        .iter()
        .filter(|c| c.get_arguments().any(|a| a.get_long() == Some(option)))
        .map(|c| format!("cp-screen {}", c.get_name()))
        .collect();
    Some(Usage::OptionOfCommands {
        given: arg.to_string(),
        option: format!("--{option}"),
        commands: takers,
    })
}

/// Runs the command line and returns the exit code; prints errors to stderr.
pub fn run(cli: Cli) -> Exit {
    let outcome = dispatch(cli);
    match outcome {
        Ok(exit) => exit,
        Err(e) if e.is_broken_pipe() => Exit::Success,
        Err(Error::Interrupted) => {
            crate::ask::report_interrupt();
            Exit::Interrupted
        }
        Err(e) => {
            let w = words::get();
            let _ = writeln!(io::stderr(), "{}", w.error_line(&e.message(w)));
            e.exit()
        }
    }
}

fn dispatch(cli: Cli) -> Result<Exit> {
    color::apply(cli.color);
    let (lang, region) = words::decide_with_region(cli.lang.as_deref())?;
    words::choose(lang);
    words::choose_region(cli.region.clone().or(region));
    let top = cli.ask;
    let command = match cli.command {
        None => Command::Ask(top),
        // `cp-screen --plain ask --save f` is the same as `cp-screen ask --plain --save f`.
        Some(Command::Ask(sub)) => Command::Ask(AskArgs {
            plain: top.plain || sub.plain,
            save: sub.save.or(top.save),
            report: sub.report.or(top.report),
            explain: top.explain || sub.explain,
            force: top.force || sub.force,
            id: sub.id.or(top.id),
        }),
        Some(other) => {
            if top.plain
                || top.save.is_some()
                || top.report.is_some()
                || top.explain
                || top.force
                || top.id.is_some()
            {
                return Err(Error::from(Usage::AskOptionsBeforeCommand));
            }
            other
        }
    };
    match &command {
        Command::Rules(RulesCommand::Check { file }) => return check_rules(file),
        Command::Rules(RulesCommand::List { format }) => {
            return write_stdout(|out| match format {
                DocFormat::Text => {
                    let width = output::width_for_stdout(output::REPORT_WIDTH);
                    crate::compare::write_list(out, width)
                }
                DocFormat::Json => {
                    serde_json::to_writer_pretty(&mut *out, &crate::compare::list_json())?;
                    writeln!(out)
                }
            });
        }
        Command::Rules(RulesCommand::Compare { first, second }) => {
            let (a, b) = (rule_set_named(first)?, rule_set_named(second)?);
            let width = output::width_for_stdout(output::REPORT_WIDTH);
            return write_stdout(|out| crate::compare::write_comparison(out, &a, &b, width));
        }
        _ => {}
    }
    if let Command::Serve(args) = command {
        // Every embedded set, unless one was chosen; each in every language.
        let forms = if cli.rule_set.is_none() && cli.rules.is_none() {
            EMBEDDED
                .iter()
                .map(|e| {
                    crate::serve::Form::load(e.name, e.text, &format!("<embedded {}>", e.file))
                })
                .collect::<Result<Vec<_>>>()?
        } else {
            let (text, shown) = chosen_rule_text(cli.rule_set.as_deref(), cli.rules.as_deref())?;
            let id = RuleSet::from_json_in(&text, &shown, None)?.id().to_string();
            vec![crate::serve::Form::load(&id, &text, &shown)?]
        };
        return crate::serve::run(forms, args, cli.region.clone());
    }
    match &command {
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            // clap_complete panics when its writer fails (`| head -1`): it writes into
            // memory, and the script goes out like any other output.
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut cmd, "cp-screen", &mut script);
            return write_stdout(|out| out.write_all(&script));
        }
        Command::Man { command, dir } => {
            let cmd = <Cli as clap::CommandFactory>::command();
            return match dir {
                Some(dir) => crate::man::write_all(cmd, dir),
                None => {
                    let page = crate::man::page(cmd, command.clone())?;
                    if io::stdout().is_terminal() && crate::man::show_formatted(&page)? {
                        return Ok(Exit::Success);
                    }
                    write_stdout(|out| crate::man::render(&page, out))
                }
            };
        }
        _ => {}
    }
    // Saved answers name the rule set they answer: with no --rule-set or --rules, `screen`
    // uses that set (when it is embedded), so that a record saved with the evidence set is
    // not screened against the default one.
    let named_by_input = match (&command, &cli.rule_set, &cli.rules) {
        (Command::Screen(args), None, None) => rule_set_named_by(&args.files),
        _ => None,
    };
    let (rule_text, rule_file) = chosen_rule_text(
        named_by_input.or(cli.rule_set.as_deref()),
        cli.rules.as_deref(),
    )?;
    let mut rules = RuleSet::from_json_in(&rule_text, &rule_file, Some(words::chosen().tag()))?;
    rules.set_region(words::region());
    let base = match &command {
        Command::Screen(args) => args.fhir_base.fhir_base.as_deref(),
        Command::Export(args) => args.fhir_base.fhir_base.as_deref(),
        _ => None,
    };
    if let Some(base) = base {
        rules.set_fhir_base(checked_uri("--fhir-base", base)?);
    }
    match command {
        Command::Screen(args) => run_screen(&rules, args),
        Command::Ask(args) => crate::ask::run(&rules, args),
        Command::Factors { id, format, paper } => {
            let paper = paper_for(paper, format == FactorsFormat::Html, &format)?;
            run_factors(&rules, id.as_deref(), format, paper)
        }
        Command::Demo {
            name,
            record,
            format,
            quiz,
            paper,
        } => {
            let paper = paper_for(paper, format == DemoFormat::Html, &format)?;
            run_demo(&rules, name.as_deref(), record, format, quiz, paper)
        }
        Command::Template { format } => write_stdout(|out| match format {
            TemplateFormat::Json => {
                serde_json::to_writer_pretty(&mut *out, &teach::template(&rules))?;
                writeln!(out)
            }
            TemplateFormat::Jsonl => {
                serde_json::to_writer(&mut *out, &teach::template(&rules))?;
                writeln!(out)
            }
            TemplateFormat::Csv => writeln!(out, "{}", teach::csv_header(&rules)),
        }),
        Command::Schema => write_stdout(|out| {
            serde_json::to_writer_pretty(&mut *out, &teach::schema(&rules))?;
            writeln!(out)
        }),
        Command::Codebook { mapping } => {
            let codings = codings(&rules, &mapping, None)?;
            let mut book = output::csv::codebook(&rules);
            if let Some(c) = &codings {
                book["cp_screen"]["mapping"] = serde_json::to_value(c).map_err(io::Error::other)?;
                if let Some(fields) = book["fields"].as_array_mut() {
                    fields.extend(output::csv::kept_fields(&rules, &c.keep));
                }
            }
            write_stdout(|out| {
                serde_json::to_writer_pretty(&mut *out, &book)?;
                writeln!(out)
            })
        }
        Command::Export(crate::cli::ExportArgs {
            what: ExportCommand::Redcap,
            ..
        }) => {
            use output::redcap::DictionaryError;
            let mut text = Vec::new();
            output::redcap::write_dictionary(&mut text, &rules).map_err(|e| match e {
                DictionaryError::Io(e) => Error::from(e),
                DictionaryError::NotExportable(n) => Error::from(Usage::NotExportable {
                    question: n.question,
                }),
            })?;
            write_stdout(|out| out.write_all(&text))
        }
        Command::Export(args) => run_export(&rule_text, &rule_file, &rules, args.what),
        Command::Rules(_)
        | Command::Completions { .. }
        | Command::Man { .. }
        | Command::Serve(_) => {
            unreachable!("handled above")
        }
    }
}

/// `cp-screen export`: the rule set as FHIR resources, with the texts of every language
/// the rule file has (so the file is read once per language).
/// `text` is the rule file, already loaded once as the run's rule set.
fn run_export(text: &str, shown: &str, rules: &RuleSet, what: ExportCommand) -> Result<Exit> {
    let fhir_base = rules.fhir.base.clone();
    let load = |lang: Option<&str>| -> Result<RuleSet> {
        let mut loaded = RuleSet::from_json_in(text, shown, lang)?;
        if let Some(b) = &fhir_base {
            loaded.set_fhir_base(b);
        }
        Ok(loaded)
    };
    let base = load(None)?;
    let others: Vec<(String, RuleSet)> = base.languages()[1..]
        .iter()
        .map(|lang| Ok((lang.clone(), load(Some(lang))?)))
        .collect::<Result<_>>()?;
    let texts = fhir::Texts {
        base: &base,
        translations: others.iter().map(|(l, r)| (l.clone(), r)).collect(),
    };
    let resource = match what {
        ExportCommand::Questionnaire => fhir::questionnaire(&texts).map_err(|p| match p {
            fhir::ExportProblem::AskWhen { question } => {
                Error::from(Usage::NotExportable { question })
            }
        })?,
        ExportCommand::Codesystem => fhir::code_system(&texts),
        ExportCommand::Errors => fhir::error_code_system(&base),
        ExportCommand::Valuesets => fhir::value_sets(&base),
        ExportCommand::Redcap => unreachable!("written from the run's rule set"),
    };
    write_stdout(|out| {
        serde_json::to_writer_pretty(&mut *out, &resource)?;
        writeln!(out)
    })
}

/// `value` of `option` if it is an absolute URI (a scheme, then no white space, control
/// character or `|`, which separates a canonical URL from its version), as a rule file's
/// `fhir` URLs must be.
fn checked_uri<'a>(option: &'static str, value: &'a str) -> Result<&'a str> {
    let scheme = value.split_once(':').map(|(s, _)| s).unwrap_or("");
    let ok = !scheme.is_empty()
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && value.len() > scheme.len() + 1
        && !value
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '|');
    if ok {
        Ok(value)
    } else {
        Err(Error::from(Usage::NotAUri {
            option,
            value: value.to_string(),
        }))
    }
}

/// Runs `f` on a buffered stdout and flushes it; a closed pipe is handled by the caller.
fn write_stdout(f: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<Exit> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    f(&mut out)?;
    out.flush()?;
    Ok(Exit::Success)
}

/// `--FORMAT NAME`, as the command line writes a format.
fn format_words(format: &impl clap::ValueEnum) -> String {
    let name = format
        .to_possible_value()
        .map(|v| v.get_name().to_string())
        .unwrap_or_default();
    format!("--format {name}")
}

/// The paper of an HTML page: `--paper`, or A4; refused for a format that is not a page.
fn paper_for(
    paper: Option<output::html::Paper>,
    is_page: bool,
    format: &impl clap::ValueEnum,
) -> Result<output::html::Paper> {
    match paper {
        Some(_) if !is_page => Err(Error::from(Usage::OptionDoesNothing {
            option: "--paper",
            here: format_words(format),
            applies: vec!["--format html"],
        })),
        paper => Ok(paper.unwrap_or_default()),
    }
}

/// Options of `screen` that would do nothing in the mode chosen are refused (exit 2), as
/// whoever wrote them expects them to act; so is a picture or page summary for a terminal.
fn refuse_idle_options(args: &ScreenArgs, names: &[String]) -> Result<()> {
    use crate::output::OutputFormat::*;
    let idle = |option, applies: &[&'static str]| {
        Err(Error::from(Usage::OptionDoesNothing {
            option,
            here: format_words(&args.format),
            applies: applies.to_vec(),
        }))
    };
    let table = matches!(args.format, Csv | Tsv);
    if args.explain && !matches!(args.format, Text | Json | Jsonl | Html) {
        return idle(
            "--explain",
            &[
                "--format text",
                "--format json",
                "--format jsonl",
                "--format html",
            ],
        );
    }
    if args.bom && !table {
        return idle("--bom", &["--format csv", "--format tsv"]);
    }
    if args.raw_cells && !table {
        return idle("--raw-cells", &["--format csv", "--format tsv"]);
    }
    paper_for(args.paper, args.format == Html, &args.format)?;
    if args.format != Fhir {
        if args.fhir == crate::output::fhir::FhirShape::Compact {
            return idle("--fhir compact", &["--format fhir"]);
        }
        if args.id_system.is_some() {
            return idle("--id-system", &["--format fhir"]);
        }
    }
    let reads_csv = names
        .iter()
        .any(|n| crate::input::reads_csv(args.input_format, n));
    let csv_options = [
        ("--decimal-comma", args.mapping.decimal_comma),
        ("--delimiter", args.delimiter.is_some()),
    ];
    if let Some((option, _)) = csv_options
        .into_iter()
        .find(|(_, given)| *given && !reads_csv)
    {
        return Err(Error::from(Usage::OptionDoesNothing {
            option,
            here: format_words(&args.input_format).replace("--format", "--input-format"),
            applies: vec!["--input-format csv", "*.csv"],
        }));
    }
    let picture = match args.summary_format {
        Some(SummaryFormat::Svg) => Some("svg"),
        Some(SummaryFormat::Html) => Some("html"),
        _ => None,
    };
    if let Some(format) = picture
        && args.summary_file.is_none()
        && io::stderr().is_terminal()
    {
        return Err(Error::from(Usage::SummaryToTerminal { format }));
    }
    Ok(())
}

fn run_factors(
    rules: &RuleSet,
    id: Option<&str>,
    format: FactorsFormat,
    paper: output::html::Paper,
) -> Result<Exit> {
    let factor = id.map(|id| teach::find_factor(rules, id)).transpose()?;
    if let (Some(id), Some(f)) = (id, factor)
        && !f.id.eq_ignore_ascii_case(id.trim())
    {
        let note = words::get().factor_found_by_words(&escape_control(id), &f.id);
        let _ = writeln!(io::stderr(), "{note}");
    }
    let width = output::width_for_stdout(teach::TABLE_WIDTH);
    write_stdout(|out| match (factor, format) {
        (_, FactorsFormat::Html) => {
            out.write_all(output::html::factors_page(rules, factor, paper).as_bytes())?;
            writeln!(out)
        }
        (None, FactorsFormat::Text) => teach::write_factor_table(out, rules, width),
        (Some(f), FactorsFormat::Text) => teach::write_factor_detail(out, rules, f, width),
        (None, FactorsFormat::Json) => {
            serde_json::to_writer_pretty(&mut *out, &teach::factors_json(rules))?;
            writeln!(out)
        }
        (Some(f), FactorsFormat::Json) => {
            let mut v = teach::factor_json(rules, f);
            v["rules"] = rules.tag().into();
            v["rules_sha256"] = rules.sha256.clone().into();
            serde_json::to_writer_pretty(&mut *out, &v)?;
            writeln!(out)
        }
    })
}

fn run_demo(
    rules: &RuleSet,
    name: Option<&str>,
    record_only: bool,
    format: DemoFormat,
    quiz: bool,
    paper: output::html::Paper,
) -> Result<Exit> {
    let demos = crate::rules::demos::demos_for(rules);
    if demos.is_empty() {
        return Err(Error::from(Usage::NoDemos { rules: rules.tag() }));
    }
    if format == DemoFormat::Html {
        // The handout: every example, or the one named.
        let chosen: Vec<crate::rules::demos::Demo> = demos
            .into_iter()
            .filter(|d| name.is_none_or(|n| d.name == n))
            .collect();
        if let (Some(n), true) = (name, chosen.is_empty()) {
            let all = crate::rules::demos::demos_for(rules);
            return Err(Error::from(Usage::NoSuchDemo {
                name: n.to_string(),
                suggestion: crate::suggest::did_you_mean(n, all.iter().map(|d| d.name.as_str()))
                    .map(str::to_string),
            }));
        }
        return write_stdout(|out| {
            out.write_all(output::html::demos_page(rules, &chosen, paper).as_bytes())?;
            writeln!(out)
        });
    }
    let Some(name) = name else {
        if format == DemoFormat::Json {
            return write_stdout(|out| {
                serde_json::to_writer_pretty(&mut *out, &teach::demos_json(&demos))?;
                writeln!(out)
            });
        }
        let width = output::width_for_stdout(teach::TABLE_WIDTH);
        return write_stdout(|out| teach::write_demo_list(out, &demos, width));
    };
    let demo = demos
        .iter()
        .find(|d| d.name == name)
        .ok_or_else(|| Usage::NoSuchDemo {
            name: name.to_string(),
            suggestion: crate::suggest::did_you_mean(name, demos.iter().map(|d| d.name.as_str()))
                .map(str::to_string),
        })?;
    if record_only {
        return write_stdout(|out| {
            serde_json::to_writer_pretty(&mut *out, &demo.record)?;
            writeln!(out)
        });
    }
    if format == DemoFormat::Json {
        return write_stdout(|out| {
            serde_json::to_writer_pretty(&mut *out, &teach::demo_json(rules, demo)?)?;
            writeln!(out)
        });
    }
    let width = output::width_for_stdout(output::REPORT_WIDTH);
    if quiz {
        return run_quiz(rules, demo, width);
    }
    write_stdout(|out| teach::write_demo(out, rules, demo, width))
}

/// The mapping of a dataset's columns, codes and units, or `None` when there is none.
fn codings(rules: &RuleSet, args: &MappingArgs, outcome: Option<&str>) -> Result<Option<Codings>> {
    use crate::answers::MappingFile;
    use crate::problem::MappingProblem;
    let bad = |p: MappingProblem| Error::from(Usage::Mapping(Box::new(p)));
    let file = match &args.mapping {
        None => None,
        Some(path) => {
            let shown = escape_control(&path.display().to_string()).into_owned();
            let text = read_mapping_file(path).map_err(|e| {
                bad(MappingProblem::File {
                    what: format!("{shown}: {e}"),
                })
            })?;
            Some(MappingFile::parse(&text, &shown).map_err(bad)?)
        }
    };
    let mut c =
        Codings::build(rules, file, &args.na, &args.map, &args.codes, &args.unit).map_err(bad)?;
    c.keep
        .extend(args.keep.iter().map(|k| k.trim().to_string()));
    c.decimal_comma |= args.decimal_comma;
    if let Some(outcome) = outcome
        && c.kept_slot(outcome).is_none()
    {
        c.keep.push(outcome.trim().to_string());
    }
    Ok((!c.is_empty()).then_some(c))
}

/// A mapping file is a few KiB; one larger than this is refused unread (a pipe or a device
/// such as /dev/zero is read only this far).
const MAX_MAPPING_BYTES: u64 = 1024 * 1024;

fn read_mapping_file(path: &Path) -> io::Result<String> {
    let mut bytes = Vec::new();
    io::Read::read_to_end(
        &mut io::Read::take(File::open(path)?, MAX_MAPPING_BYTES + 1),
        &mut bytes,
    )?;
    if bytes.len() as u64 > MAX_MAPPING_BYTES {
        return Err(io::Error::from(io::ErrorKind::FileTooLarge));
    }
    String::from_utf8(bytes).map_err(|_| io::Error::from(io::ErrorKind::InvalidData))
}

/// The embedded rule set called `name` (`--rule-set`).
fn embedded_rule_set(name: &str) -> Result<RuleSet> {
    let mut rules = find_embedded(name)?.load_in(Some(words::chosen().tag()));
    rules.set_region(words::region());
    Ok(rules)
}

/// The embedded set called `name`, or why there is none.
fn find_embedded(name: &str) -> Result<Embedded> {
    Embedded::find(name).ok_or_else(|| {
        let names = EMBEDDED
            .iter()
            .flat_map(|e| std::iter::once(e.name).chain(e.aliases.iter().copied()));
        Error::from(Usage::NoSuchRuleSet {
            name: name.to_string(),
            suggestion: crate::suggest::did_you_mean(name, names).map(str::to_string),
            known: EMBEDDED.iter().map(|e| e.name.to_string()).collect(),
        })
    })
}

/// The text of the rule set the command line chose, and its name in messages: the
/// embedded set of `--rule-set`, the file of `--rules`, or the default set.
pub(crate) fn chosen_rule_text(
    rule_set: Option<&str>,
    rules: Option<&Path>,
) -> Result<(std::borrow::Cow<'static, str>, String)> {
    use std::borrow::Cow;
    let embedded = |e: Embedded| (Cow::Borrowed(e.text), format!("<embedded {}>", e.file));
    Ok(match (rule_set, rules) {
        (Some(name), _) => embedded(find_embedded(name)?),
        (None, Some(path)) => (
            Cow::Owned(read_rule_file(path)?),
            path.display().to_string(),
        ),
        (None, None) => embedded(EMBEDDED[0]),
    })
}

/// The embedded rule set that the first input file's first record names as the one it was
/// saved with (`cp_screen`), if it names one exactly (id, version and hash). Only a regular
/// file of at most a record's size is looked at; anything else is left to screening.
fn rule_set_named_by(files: &[PathBuf]) -> Option<&'static str> {
    let path = files.first().filter(|p| p.as_os_str() != "-")?;
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > crate::input::MAX_RECORD_BYTES as u64 {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    let first: serde_json::Value = serde_json::Deserializer::from_slice(&bytes)
        .into_iter()
        .next()?
        .ok()?;
    let record = match first {
        serde_json::Value::Array(mut items) if !items.is_empty() => items.swap_remove(0),
        other => other,
    };
    let saved =
        crate::answers::SavedWith::read(record.get(crate::answers::SAVED_WITH_KEY)?).ok()?;
    Embedded::with_stamp(&saved.rule_set, &saved.version, &saved.sha256).map(|e| e.name)
}

/// A rule set named on the command line: an embedded set's name, or else a rule file.
fn rule_set_named(name: &str) -> Result<RuleSet> {
    if Embedded::find(name).is_some() || !Path::new(name).exists() {
        embedded_rule_set(name)
    } else {
        load_rules(Some(Path::new(name)))
    }
}

/// `demo NAME --quiz`: the record and the question, then (after Enter, or at the end of
/// standard input) the result.
fn run_quiz(rules: &RuleSet, demo: &crate::rules::demos::Demo, width: usize) -> Result<Exit> {
    write_stdout(|out| teach::write_quiz_question(out, rules, demo, width))?;
    let factors = rules.factors().len();
    let mut stderr = io::stderr();
    let mut stdin = io::stdin().lock();
    // Asked until the choice reads (or the input ends, which reveals the result without
    // a verdict); a line is read with a bound (a pipe may send no line break at all).
    let chosen = loop {
        let _ = writeln!(stderr, "{}", words::get().quiz_prompt(factors));
        let _ = stderr.flush();
        let Some(line) = crate::terminal::read_line_bounded(&mut stdin)? else {
            break None;
        };
        match teach::read_quiz_choice(&line, factors) {
            Ok(chosen) => break chosen,
            Err(why) => {
                let _ = writeln!(stderr, "{why}");
            }
        }
    };
    write_stdout(|out| teach::write_quiz_answer(out, rules, demo, chosen.as_deref(), width))
}

/// The rule set from `--rules`, or the embedded default.
pub fn load_rules(path: Option<&Path>) -> Result<RuleSet> {
    let mut rules = match path {
        None => EMBEDDED[0].load_in(Some(words::chosen().tag())),
        Some(path) => {
            let shown = path.display().to_string();
            let text = read_rule_file(path)?;
            RuleSet::from_json_in(&text, &shown, Some(words::chosen().tag()))?
        }
    };
    rules.set_region(words::region());
    Ok(rules)
}

fn read_rule_file(path: &Path) -> Result<String> {
    let shown = path.display().to_string();
    let read_err = |source| Error::ReadRules {
        path: shown.clone(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(read_err)?;
    if meta.len() > crate::rules::MAX_RULE_FILE_BYTES as u64 {
        let kind = RuleProblemKind::FileTooLarge {
            bytes: meta.len(),
            limit: crate::rules::MAX_RULE_FILE_BYTES,
        };
        return Err(RulesError::whole(&shown, kind).into());
    }
    // The size from metadata says nothing for a pipe or a device (`/dev/zero`): bound the
    // read itself.
    let limit = crate::rules::MAX_RULE_FILE_BYTES;
    let mut bytes = Vec::new();
    io::Read::read_to_end(
        &mut io::Read::take(File::open(path).map_err(read_err)?, limit as u64 + 1),
        &mut bytes,
    )
    .map_err(read_err)?;
    if bytes.len() > limit {
        let kind = RuleProblemKind::FileTooLarge {
            bytes: bytes.len() as u64,
            limit,
        };
        return Err(RulesError::whole(&shown, kind).into());
    }
    String::from_utf8(bytes).map_err(|e| {
        let kind = RuleProblemKind::NotUtf8 {
            offset: e.utf8_error().valid_up_to(),
        };
        RulesError::whole(&shown, kind).into()
    })
}

/// Inputs larger than this (in total) get a progress bar when stderr is a terminal.
const PROGRESS_MIN_BYTES: u64 = 8 * 1024 * 1024;

/// Whether the run ends with a summary (on stderr, or in a file).
fn summary_wanted(args: &ScreenArgs) -> bool {
    args.summary
        || args.summary_file.is_some()
        || args.summary_format.is_some()
        || args.summary_by.is_some()
}

fn run_screen(rules: &RuleSet, args: ScreenArgs) -> Result<Exit> {
    let mut names: Vec<String> = args.files.iter().map(|p| p.display().to_string()).collect();
    if names.is_empty() {
        names.push("-".into());
    }
    if names.iter().filter(|n| *n == "-").count() > 1 {
        return Err(Error::from(Usage::StdinTwice));
    }
    refuse_idle_options(&args, &names)?;
    if let Some(summary) = &args.summary_file {
        refuse_summary_over_input(summary, &names)?;
    }
    let mut inputs = Vec::with_capacity(names.len());
    let mut sizes = Vec::with_capacity(names.len());
    // Of several files, one that cannot be read is reported and the others screened, as
    // grep and ripgrep do; the run then exits 1. A single unreadable file is an error.
    let mut unreadable = 0;
    let several = names.len() > 1;
    for name in &names {
        if name == "-" {
            if io::stdin().is_terminal() {
                return Err(Error::from(Usage::StdinIsTerminal));
            }
            inputs.push(Input {
                name: "<stdin>".into(),
                reader: Box::new(io::stdin()),
                format: args.input_format,
            });
            sizes.push(None);
        } else {
            let read_err = |source| Error::ReadInput {
                path: name.clone(),
                source,
            };
            let opened = File::open(name).and_then(|file| {
                let meta = file.metadata()?;
                if meta.is_dir() {
                    return Err(io::Error::from(io::ErrorKind::IsADirectory));
                }
                Ok((file, meta))
            });
            let (file, meta) = match opened {
                Ok(opened) => opened,
                Err(source) if several => {
                    let w = words::get();
                    let _ = writeln!(
                        io::stderr(),
                        "{}",
                        w.error_line(&read_err(source).message(w))
                    );
                    unreadable += 1;
                    continue;
                }
                Err(source) => return Err(read_err(source)),
            };
            sizes.push(meta.is_file().then_some(meta.len()));
            inputs.push(Input {
                name: name.clone(),
                reader: Box::new(file),
                format: args.input_format,
            });
        }
    }
    // Standard input or a FIFO may arrive slowly: results are then written as each batch
    // is done.
    let streaming = sizes.iter().any(Option::is_none);
    let progress = progress_bar(&args, &sizes);
    if let Some(bar) = &progress {
        for input in &mut inputs {
            let reader = std::mem::replace(&mut input.reader, Box::new(io::empty()));
            input.reader = Box::new(bar.wrap_read(reader));
        }
    }
    let codings = codings(rules, &args.mapping, args.summary_by.as_deref())?;
    let kept = codings.as_ref().map(|c| c.keep.clone()).unwrap_or_default();
    let summary_by = args
        .summary_by
        .as_deref()
        .and_then(|o| codings.as_ref()?.kept_slot(o));
    let options = ScreenOptions {
        allow_extra_fields: args.allow_extra_fields,
        threads: args.threads.map_or(0, usize::from),
        codings: codings.as_ref(),
        delimiter: args.delimiter,
        field_errors: args.field_errors,
        summary_by,
        count_records_only: !summary_wanted(&args),
        streaming,
    };
    let report = ReportOptions {
        explain: args.explain,
        width: output::width_for_stdout(output::REPORT_WIDTH),
        ..ReportOptions::default()
    };
    let table = output::TableOptions {
        bom: args.bom,
        paper: args.paper.unwrap_or_default(),
        cells: output::csv::TextCells {
            guard_formulas: !args.raw_cells,
            escape_controls: io::stdout().is_terminal(),
            ..Default::default()
        },
        input: (inputs.len() == 1).then(|| std::sync::Arc::from(inputs[0].name.as_str())),
        fhir: output::fhir::FhirOptions {
            shape: args.fhir,
            id_system: args
                .id_system
                .as_deref()
                .map(|s| checked_uri("--id-system", s).map(str::to_string))
                .transpose()?,
            issued: (args.format == output::OutputFormat::Fhir).then(output::fhir::run_instant),
        },
        kept,
    };
    let format = output::for_format(args.format, rules, report, table);
    let stdout = io::stdout();
    // Batches arrive already rendered and larger than this buffer, so they go straight
    // to the file descriptor instead of being copied; small writes are still buffered.
    let mut out = BufWriter::with_capacity(32 * 1024, stdout.lock());
    crate::terminal::on_signal_stop_batch();
    let outcome = batch::screen_inputs(rules, inputs, options, &*format, &mut out);
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    let (mut counts, failure) = match outcome {
        Ok(counts) => (counts, None),
        Err((e, _)) if e.is_broken_pipe() => return Ok(Exit::Success),
        Err((e, counts)) => (counts, Some(e)),
    };
    counts.set_outcome_column(args.summary_by.clone());
    let summary_wanted = summary_wanted(&args);
    if summary_wanted {
        write_summary(rules, &args, &counts, codings.as_ref())?;
    }
    if let Some(e) = failure {
        return Err(e);
    }
    if unreadable > 0 {
        // Every readable file was screened; the unreadable ones were reported above.
        return Ok(if unreadable == names.len() {
            Exit::Failure
        } else {
            Exit::InvalidRecords
        });
    }
    if counts.read() == 0 {
        // No record at all (an empty file, `[]`, a CSV header alone) is not an error, so
        // that an empty selection does not fail a pipeline; a note says so.
        if !args.quiet {
            let shown: Vec<String> = names
                .iter()
                .map(|n| match n.as_str() {
                    "-" => "<stdin>".to_string(),
                    n => escape_control(n).into_owned(),
                })
                .collect();
            let _ = writeln!(io::stderr(), "{}", words::get().no_records(&shown));
        }
        return Ok(Exit::Success);
    }
    if counts.invalid > 0 {
        // A summary on stderr already says how many records were invalid.
        if !(args.quiet || summary_wanted && args.summary_file.is_none()) {
            let _ = writeln!(
                io::stderr(),
                "{}",
                words::get().invalid_records(counts.invalid, counts.read())
            );
        }
        return Ok(Exit::InvalidRecords);
    }
    Ok(Exit::Success)
}

/// Refuses a `--summary-file` that is one of the inputs, or the file standard input comes
/// from or standard output goes to (by device and inode, whatever the paths say): the
/// summary is written at the end, and would destroy it.
fn refuse_summary_over_input(summary: &Path, names: &[String]) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let Ok(target) = std::fs::metadata(summary) else {
            // Not there yet: nothing to destroy.
            return Ok(());
        };
        let id = (target.dev(), target.ino());
        let refuse = |input: Option<String>| {
            Err(Error::from(Usage::SummaryOverwrites {
                path: summary.display().to_string(),
                input,
            }))
        };
        for name in names {
            let same = if name == "-" {
                rustix::fs::fstat(io::stdin()).is_ok_and(|s| (s.st_dev, s.st_ino) == id)
            } else {
                std::fs::metadata(name).is_ok_and(|m| (m.dev(), m.ino()) == id)
            };
            if same {
                let shown = if name == "-" {
                    "<stdin>"
                } else {
                    name.as_str()
                };
                return refuse(Some(shown.to_string()));
            }
        }
        if rustix::fs::fstat(io::stdout()).is_ok_and(|s| (s.st_dev, s.st_ino) == id) {
            return refuse(None);
        }
    }
    Ok(())
}

/// A progress bar on stderr for long file inputs, when someone is watching.
fn progress_bar(args: &ScreenArgs, sizes: &[Option<u64>]) -> Option<indicatif::ProgressBar> {
    let total: u64 = sizes.iter().map(|s| s.unwrap_or(0)).sum();
    if args.quiet || !io::stderr().is_terminal() || total < PROGRESS_MIN_BYTES {
        return None;
    }
    let bar = indicatif::ProgressBar::new(total);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    Some(bar)
}

fn write_summary(
    rules: &RuleSet,
    args: &ScreenArgs,
    counts: &Counts,
    codings: Option<&Codings>,
) -> Result<()> {
    let mut text = Vec::new();
    match args.summary_format.unwrap_or(SummaryFormat::Text) {
        SummaryFormat::Text => {
            summary::write_text(&mut text, rules, counts)?;
            // The mapping the records were read with, so that a count can be traced back to
            // the dataset's own columns and codes.
            if let Some(c) = codings {
                writeln!(
                    text,
                    "  mapping: {}",
                    serde_json::to_string(c).unwrap_or_default()
                )?;
            }
        }
        SummaryFormat::Json => {
            let mut json = Vec::new();
            summary::write_json(&mut json, rules, counts)?;
            let mut value: serde_json::Value =
                serde_json::from_slice(&json).map_err(io::Error::other)?;
            if let Some(c) = codings {
                value["mapping"] = serde_json::to_value(c).map_err(io::Error::other)?;
            }
            serde_json::to_writer(&mut text, &value).map_err(io::Error::other)?;
            writeln!(text)?;
        }
        SummaryFormat::Html => text.extend(output::html::summary_page(rules, counts).into_bytes()),
        SummaryFormat::Svg => text.extend(output::html::summary_svg(rules, counts).into_bytes()),
    }
    match &args.summary_file {
        Some(path) => crate::save::save_atomically(path, &text).map_err(|source| Error::Write {
            what: path.display().to_string(),
            source,
        }),
        None => {
            io::stderr().write_all(&text)?;
            Ok(())
        }
    }
}

fn check_rules(path: &Path) -> Result<Exit> {
    let rules = load_rules(Some(path))?;
    write_stdout(|out| write_rules_summary(out, &rules, &path.display().to_string()))
}

/// What `rules check` prints about a valid rule set.
pub fn write_rules_summary(out: &mut dyn Write, rules: &RuleSet, shown: &str) -> io::Result<()> {
    let w = words::get();
    let numbers = rules
        .questions
        .iter()
        .filter(|q| matches!(q.kind, QuestionKind::Number(_)))
        .count();
    writeln!(
        out,
        "{}",
        w.rules_valid(
            &escape_control(shown),
            &rules.tag(),
            &escape_control(&rules.title)
        )
    )?;
    writeln!(out, "  sha256: {}", rules.sha256)?;
    writeln!(
        out,
        "  {}{}",
        w.phrase(words::Phrase::Source),
        escape_control(&rules.source.title)
    )?;
    writeln!(
        out,
        "  {}",
        w.rules_counts(
            rules.sections.len(),
            rules.questions.len(),
            numbers,
            rules.factors.len()
        )
    )?;
    for (si, section) in rules.sections.iter().enumerate() {
        writeln!(out, "  {}:", escape_control(&section.title))?;
        for f in rules.factors.iter().filter(|f| f.section == si) {
            writeln!(
                out,
                "    {} ({}): \"{}\"",
                f.id,
                escape_control(&rules.tiers[f.tier].title),
                escape_control(&f.source_words)
            )?;
        }
    }
    Ok(())
}
