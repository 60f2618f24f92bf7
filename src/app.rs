//! Wires the commands together: resolves the rule set and the color decision once, runs
//! the command, and turns the outcome into an exit code and at most one error line.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::Path;

use crate::batch::{self, Input, ScreenOptions};
use crate::cli::{
    AskArgs, Cli, Command, DocFormat, RulesCommand, ScreenArgs, SummaryFormat, TemplateFormat,
};
use crate::color;
use crate::error::{Error, Exit, Result};
use crate::output::summary::{self, Counts};
use crate::output::{self, ReportOptions};
use crate::problem::{RuleProblemKind, Usage};
use crate::rules::{QuestionKind, RuleSet, RulesError};
use crate::sanitize::escape_control;
use crate::teach;
use crate::words;

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
            let _ = writeln!(io::stderr(), "cp-screen: error: {e}");
            e.exit()
        }
    }
}

fn dispatch(cli: Cli) -> Result<Exit> {
    color::apply(cli.color);
    words::choose(words::Lang::En);
    crate::terminal::check_stdout_open()?;
    let top = cli.ask;
    let command = match cli.command {
        None => Command::Ask(top),
        // `cp-screen --plain ask --save f` is the same as `cp-screen ask --plain --save f`.
        Some(Command::Ask(sub)) => Command::Ask(AskArgs {
            plain: top.plain || sub.plain,
            save: sub.save.or(top.save),
            explain: top.explain || sub.explain,
        }),
        Some(other) => {
            if top.plain || top.save.is_some() || top.explain {
                return Err(Error::from(Usage::AskOptionsBeforeCommand));
            }
            other
        }
    };
    if let Command::Rules(RulesCommand::Check { file }) = &command {
        return check_rules(file);
    }
    match &command {
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            return write_stdout(|out| {
                clap_complete::generate(*shell, &mut cmd, "cp-screen", out);
                Ok(())
            });
        }
        Command::Man => {
            let cmd = <Cli as clap::CommandFactory>::command();
            return write_stdout(|out| clap_mangen::Man::new(cmd).render(out));
        }
        _ => {}
    }
    let rules = load_rules(cli.rules.as_deref())?;
    match command {
        Command::Screen(args) => run_screen(&rules, args),
        Command::Ask(args) => crate::ask::run(&rules, args),
        Command::Factors { id, format } => run_factors(&rules, id.as_deref(), format),
        Command::Demo { name, record } => run_demo(&rules, name.as_deref(), record),
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
        Command::Rules(_) | Command::Completions { .. } | Command::Man => {
            unreachable!("handled above")
        }
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

fn run_factors(rules: &RuleSet, id: Option<&str>, format: DocFormat) -> Result<Exit> {
    let factor = id.map(|id| teach::find_factor(rules, id)).transpose()?;
    let width = output::width_for_stdout(teach::TABLE_WIDTH);
    write_stdout(|out| match (factor, format) {
        (None, DocFormat::Text) => teach::write_factor_table(out, rules, width),
        (Some(f), DocFormat::Text) => teach::write_factor_detail(out, rules, f, width),
        (None, DocFormat::Json) => {
            serde_json::to_writer_pretty(&mut *out, &teach::factors_json(rules))?;
            writeln!(out)
        }
        (Some(f), DocFormat::Json) => {
            let mut v = teach::factor_json(rules, f);
            v["rules"] = rules.tag().into();
            v["rules_sha256"] = rules.sha256.clone().into();
            serde_json::to_writer_pretty(&mut *out, &v)?;
            writeln!(out)
        }
    })
}

fn run_demo(rules: &RuleSet, name: Option<&str>, record_only: bool) -> Result<Exit> {
    let demos = teach::demos();
    let Some(name) = name else {
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
    let width = output::width_for_stdout(output::REPORT_WIDTH);
    write_stdout(|out| teach::write_demo(out, rules, demo, width))
}

/// The rule set from `--rules`, or the embedded default.
pub fn load_rules(path: Option<&Path>) -> Result<RuleSet> {
    match path {
        None => Ok(RuleSet::default_rules()),
        Some(path) => {
            let shown = path.display().to_string();
            let text = read_rule_file(path)?;
            Ok(RuleSet::from_json(&text, &shown)?)
        }
    }
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

fn run_screen(rules: &RuleSet, args: ScreenArgs) -> Result<Exit> {
    let mut names: Vec<String> = args.files.iter().map(|p| p.display().to_string()).collect();
    if names.is_empty() {
        names.push("-".into());
    }
    if names.iter().filter(|n| *n == "-").count() > 1 {
        return Err(Error::from(Usage::StdinTwice));
    }
    let mut inputs = Vec::with_capacity(names.len());
    let mut sizes = Vec::with_capacity(names.len());
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
            let file = File::open(name).map_err(read_err)?;
            let meta = file.metadata().map_err(read_err)?;
            if meta.is_dir() {
                return Err(Error::ReadInput {
                    path: name.clone(),
                    source: io::Error::other("it is a directory"),
                });
            }
            sizes.push(meta.is_file().then_some(meta.len()));
            inputs.push(Input {
                name: name.clone(),
                reader: Box::new(file),
                format: args.input_format,
            });
        }
    }
    let progress = progress_bar(&args, &sizes);
    if let Some(bar) = &progress {
        for input in &mut inputs {
            let reader = std::mem::replace(&mut input.reader, Box::new(io::empty()));
            input.reader = Box::new(bar.wrap_read(reader));
        }
    }
    let options = ScreenOptions {
        allow_extra_fields: args.allow_extra_fields,
        threads: args.threads.map_or(0, usize::from),
    };
    let report = ReportOptions {
        explain: args.explain,
        width: output::width_for_stdout(output::REPORT_WIDTH),
        ..ReportOptions::default()
    };
    let format = output::for_format(args.format, rules, report);
    let stdout = io::stdout();
    // Batches arrive already rendered and larger than this buffer, so they go straight
    // to the file descriptor instead of being copied; small writes are still buffered.
    let mut out = BufWriter::with_capacity(32 * 1024, stdout.lock());
    crate::terminal::on_signal_stop_batch();
    let outcome = batch::screen_inputs(rules, inputs, options, &*format, &mut out);
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    let (counts, failure) = match outcome {
        Ok(counts) => (counts, None),
        Err((e, _)) if e.is_broken_pipe() => return Ok(Exit::Success),
        Err((e, counts)) => (counts, Some(e)),
    };
    let summary_wanted = args.summary || args.summary_file.is_some();
    if summary_wanted {
        write_summary(rules, &args, &counts)?;
    }
    if let Some(e) = failure {
        return Err(e);
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

fn write_summary(rules: &RuleSet, args: &ScreenArgs, counts: &Counts) -> Result<()> {
    let mut text = Vec::new();
    match args.summary_format {
        SummaryFormat::Text => summary::write_text(&mut text, rules, counts)?,
        SummaryFormat::Json => summary::write_json(&mut text, rules, counts)?,
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
