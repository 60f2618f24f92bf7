//! Wires the commands together: resolves the rule set and the color decision once, runs
//! the command, and turns the outcome into an exit code and at most one error line.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::Path;

use crate::cli::{AskArgs, Cli, Command, RulesCommand, ScreenArgs};
use crate::color;
use crate::error::{Error, Exit, Result};
use crate::report::ReportOptions;
use crate::rules::{QuestionKind, RuleSet};
use crate::screen::{self, Input, ScreenOptions};

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
                return Err(Error::Usage(
                    "--plain, --save and --explain before a command belong to the questionnaire; put them after the command they are for (for example `cp-screen screen --explain FILE`)"
                        .into(),
                ));
            }
            other
        }
    };
    if let Command::Rules(RulesCommand::Check { file }) = &command {
        return check_rules(file);
    }
    let rules = load_rules(cli.rules.as_deref())?;
    match command {
        Command::Screen(args) => run_screen(&rules, args),
        Command::Ask(args) => crate::ask::run(&rules, args),
        Command::Rules(_) => unreachable!("handled above"),
    }
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
        return Err(crate::rules::RulesError {
            file: shown.clone(),
            problems: vec![format!(
                "the file is {} bytes; rule files are limited to {} bytes",
                meta.len(),
                crate::rules::MAX_RULE_FILE_BYTES
            )],
        }
        .into());
    }
    let bytes = std::fs::read(path).map_err(read_err)?;
    String::from_utf8(bytes).map_err(|e| {
        crate::rules::RulesError {
            file: shown.clone(),
            problems: vec![format!(
                "the file is not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            )],
        }
        .into()
    })
}

fn run_screen(rules: &RuleSet, args: ScreenArgs) -> Result<Exit> {
    let mut names: Vec<String> = args.files.iter().map(|p| p.display().to_string()).collect();
    if names.is_empty() {
        names.push("-".into());
    }
    if names.iter().filter(|n| *n == "-").count() > 1 {
        return Err(Error::Usage(
            "standard input (\"-\") can be read only once".into(),
        ));
    }
    let mut inputs = Vec::with_capacity(names.len());
    for (name, path) in names
        .iter()
        .zip(args.files.iter().map(Some).chain(std::iter::repeat(None)))
    {
        if name == "-" {
            if io::stdin().is_terminal() {
                return Err(Error::Usage(
                    "`cp-screen screen` reads answer records from files or standard input, and standard input is a terminal. \
Give a file (cp-screen screen answers.jsonl), pipe records in (cat answers.jsonl | cp-screen screen), \
or run `cp-screen` to answer the questionnaire."
                        .into(),
                ));
            }
            inputs.push(Input {
                name: "<stdin>".into(),
                reader: Box::new(io::stdin()),
            });
        } else {
            let path = path.expect("every name but \"-\" comes from a path");
            let file = File::open(path).map_err(|source| Error::ReadInput {
                path: name.clone(),
                source,
            })?;
            if file.metadata().is_ok_and(|m| m.is_dir()) {
                return Err(Error::ReadInput {
                    path: name.clone(),
                    source: io::Error::other("it is a directory"),
                });
            }
            inputs.push(Input {
                name: name.clone(),
                reader: Box::new(file),
            });
        }
    }
    let options = ScreenOptions {
        format: args.format,
        allow_extra_fields: args.allow_extra_fields,
        report: ReportOptions {
            explain: args.explain,
            ..ReportOptions::default()
        },
    };
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(256 * 1024, stdout.lock());
    let counts = screen::screen_inputs(rules, inputs, options, &mut out)?;
    out.flush()?;
    if counts.invalid > 0 {
        let s = if counts.read() == 1 { "" } else { "s" };
        let _ = writeln!(
            io::stderr(),
            "cp-screen: {} of {} record{s} invalid and not screened; their errors are in the output",
            counts.invalid,
            counts.read()
        );
        return Ok(Exit::InvalidRecords);
    }
    Ok(Exit::Success)
}

fn check_rules(path: &Path) -> Result<Exit> {
    let shown = path.display().to_string();
    let text = read_rule_file(path)?;
    let rules = RuleSet::from_json(&text, &shown)?;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    write_rules_summary(&mut out, &rules, &shown)?;
    out.flush()?;
    Ok(Exit::Success)
}

/// What `rules check` prints about a valid rule set.
pub fn write_rules_summary(out: &mut dyn Write, rules: &RuleSet, shown: &str) -> io::Result<()> {
    let numbers = rules
        .questions
        .iter()
        .filter(|q| matches!(q.kind, QuestionKind::Number(_)))
        .count();
    writeln!(
        out,
        "{shown}: valid rule set {} \"{}\"",
        rules.tag(),
        rules.title
    )?;
    writeln!(out, "  source: {}", rules.source.title)?;
    writeln!(
        out,
        "  {} sections, {} questions ({} yes/no, {} numeric), {} factors",
        rules.sections.len(),
        rules.questions.len(),
        rules.questions.len() - numbers,
        numbers,
        rules.factors.len()
    )?;
    for (si, section) in rules.sections.iter().enumerate() {
        writeln!(out, "  {}:", section.title)?;
        for f in rules.factors.iter().filter(|f| f.section == si) {
            writeln!(
                out,
                "    {} ({}): \"{}\"",
                f.id, rules.tiers[f.tier].title, f.source_words
            )?;
        }
    }
    Ok(())
}
