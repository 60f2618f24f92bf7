//! The interactive questionnaire. The flow (sections, progress, going back, the review)
//! is written once against the small `Prompter` trait; dialoguer draws it on a terminal,
//! `PlainPrompter` asks line by line for screen readers and scripts, and tests script it.
//! Every question, help text and unit comes from the rule file.

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::Path;

use crate::answers::{Answer, Answers, Record, answer_from_text};
use crate::cli::AskArgs;
use crate::engine::ScreenResult;
use crate::error::{Error, Exit, Result};
use crate::notation;
use crate::output::ReportOptions;
use crate::output::text::wrap;
use crate::problem::Usage;
use crate::rules::{QuestionKind, RuleSet};
use crate::sanitize::escape_control;
use crate::words::{self, Phrase};

/// Why a prompt did not return an answer.
#[derive(Debug)]
pub enum PromptError {
    /// Ctrl-C.
    Interrupted,
    /// Standard input closed before the questionnaire was complete.
    Eof,
    Io(io::Error),
}

impl From<io::Error> for PromptError {
    fn from(e: io::Error) -> PromptError {
        match e.kind() {
            io::ErrorKind::Interrupted => PromptError::Interrupted,
            io::ErrorKind::UnexpectedEof => PromptError::Eof,
            _ => PromptError::Io(e),
        }
    }
}

type PromptResult<T> = std::result::Result<T, PromptError>;

/// Checks a typed line; `Err` holds the reason shown before asking again.
pub type Check<'a> = &'a dyn Fn(&str) -> std::result::Result<(), String>;

/// What the questionnaire needs from a terminal.
pub trait Prompter {
    /// Shows a line of text (introduction, section header, echo of a value).
    fn say(&mut self, text: &str) -> PromptResult<()>;
    /// Lets the user choose one item; `None` means "go back" (Esc).
    fn select(
        &mut self,
        prompt: &str,
        items: &[String],
        default: usize,
    ) -> PromptResult<Option<usize>>;
    /// Reads a line that passes `check`; `initial` is offered for editing or kept on Enter.
    fn input(
        &mut self,
        prompt: &str,
        hint: &str,
        initial: Option<&str>,
        check: Check<'_>,
    ) -> PromptResult<String>;
}

/// Where "Don't know" stands in a yes/no menu: the choice when nothing is known yet.
const DONT_KNOW: usize = 2;

/// What a yes/no menu item does.
enum Choice<'a> {
    Answer(Answer),
    Help(&'a str),
    Back,
}

/// Words typed at a number prompt to go back or ask for help.
const BACK_WORDS: [&str; 2] = ["back", "b"];
const HELP_WORDS: [&str; 2] = ["?", "help"];

enum Step {
    Answered(Answer),
    Back,
}

/// Walks the user through every question, then a review, and returns the answers.
pub fn questionnaire(rules: &RuleSet, p: &mut dyn Prompter) -> PromptResult<Answers> {
    let w = words::get();
    let total = rules.questions.len();
    p.say(&rules.title)?;
    let sections: Vec<String> = rules.sections.iter().map(|s| s.title.clone()).collect();
    p.say(&w.intro(total, &sections))?;
    p.say(w.phrase(Phrase::AlwaysDontKnow))?;

    let mut answers = Answers::unanswered(rules);
    let mut i = 0;
    let mut shown_section = None;
    while i < total {
        let section = rules.questions[i].section;
        if shown_section != Some(section) {
            let s = &rules.sections[section];
            p.say("")?;
            p.say(&w.section_heading(&s.title))?;
            if let Some(intro) = &s.intro {
                p.say(intro)?;
            }
            shown_section = Some(section);
        }
        match ask_one(rules, p, i, &answers.values[i], i > 0)? {
            Step::Answered(a) => {
                answers.values[i] = a;
                i += 1;
            }
            Step::Back => i -= 1,
        }
    }
    review(rules, p, &mut answers)?;
    Ok(answers)
}

/// Asks question `i`; `current` is its answer so far (offered as the default).
fn ask_one(
    rules: &RuleSet,
    p: &mut dyn Prompter,
    i: usize,
    current: &Answer,
    can_go_back: bool,
) -> PromptResult<Step> {
    let w = words::get();
    let q = &rules.questions[i];
    // The question goes above a short prompt: a prompt wider than the terminal wraps,
    // and dialoguer cannot clear wrapped lines when it redraws.
    p.say(&w.question_line(
        &rules.sections[q.section].title,
        i + 1,
        rules.questions.len(),
        &q.text,
    ))?;
    let prompt = w.phrase(Phrase::YourAnswer);
    match &q.kind {
        QuestionKind::YesNo => {
            // Each choice with what it does, so the menu and its meaning cannot drift apart.
            let mut choices = vec![
                (w.phrase(Phrase::Yes), Choice::Answer(Answer::Yes)),
                (w.phrase(Phrase::No), Choice::Answer(Answer::No)),
                (w.phrase(Phrase::DontKnow), Choice::Answer(Answer::Unknown)),
            ];
            if let Some(help) = &q.help {
                choices.push((w.phrase(Phrase::Help), Choice::Help(help)));
            }
            if can_go_back {
                choices.push((w.phrase(Phrase::Back), Choice::Back));
            }
            let items: Vec<String> = choices.iter().map(|(label, _)| label.to_string()).collect();
            let default = choices
                .iter()
                .position(|(_, c)| matches!(c, Choice::Answer(a) if a == current))
                .unwrap_or(DONT_KNOW);
            loop {
                let Some(choice) = p.select(prompt, &items, default)? else {
                    if can_go_back {
                        return Ok(Step::Back);
                    }
                    continue;
                };
                match &choices[choice].1 {
                    Choice::Answer(a) => return Ok(Step::Answered(a.clone())),
                    Choice::Help(help) => p.say(help)?,
                    Choice::Back => return Ok(Step::Back),
                }
            }
        }
        QuestionKind::Number(spec) => {
            let hint = w.number_hint(spec, can_go_back);
            let initial = match current {
                Answer::Number { value, written } => Some(
                    written
                        .as_deref()
                        .map(str::to_string)
                        .unwrap_or_else(|| notation::format_plain(*value, 6)),
                ),
                _ => None,
            };
            let check = |text: &str| -> std::result::Result<(), String> {
                let t = text.trim().to_lowercase();
                if HELP_WORDS.contains(&t.as_str())
                    || (can_go_back && BACK_WORDS.contains(&t.as_str()))
                {
                    return Ok(());
                }
                answer_from_text(text, q)
                    .map(|_| ())
                    .map_err(|e| w.reprompt(&w.record_problem(rules, &e), spec))
            };
            loop {
                let text = p.input(prompt, &hint, initial.as_deref(), &check)?;
                let t = text.trim().to_lowercase();
                if HELP_WORDS.contains(&t.as_str()) {
                    p.say(q.help.as_deref().unwrap_or(&hint))?;
                    continue;
                }
                if can_go_back && BACK_WORDS.contains(&t.as_str()) {
                    return Ok(Step::Back);
                }
                let answer = match answer_from_text(&text, q) {
                    Ok(a) => a,
                    // The prompter checked already; a scripted one may not have.
                    Err(e) => {
                        p.say(&w.record_problem(rules, &e))?;
                        continue;
                    }
                };
                if let Answer::Number { value, written } = &answer {
                    let said = written.as_deref().unwrap_or_default();
                    if said.parse::<f64>().ok() != Some(*value) {
                        let said = words::said_with_unit(said, spec);
                        p.say(&w.echo(&said, &notation::with_unit(*value, spec)))?;
                    }
                }
                return Ok(Step::Answered(answer));
            }
        }
    }
}

/// Lists every answer and lets the user change any of them before the result.
fn review(rules: &RuleSet, p: &mut dyn Prompter, answers: &mut Answers) -> PromptResult<()> {
    let w = words::get();
    loop {
        p.say("")?;
        p.say(w.phrase(Phrase::ReviewHeading))?;
        let mut items = vec![w.phrase(Phrase::Confirm).to_string()];
        items.extend(rules.questions.iter().enumerate().map(|(i, q)| {
            w.review_item(
                i + 1,
                &q.label,
                &words::answer(rules, i, &answers.values[i]),
            )
        }));
        match p.select(w.phrase(Phrase::ReviewPrompt), &items, 0)? {
            Some(0) | None => return Ok(()),
            Some(n) => {
                let i = n - 1;
                if let Step::Answered(a) = ask_one(rules, p, i, &answers.values[i].clone(), false)?
                {
                    answers.values[i] = a;
                }
            }
        }
    }
}

/// The answers as an answer record, keys in rule-file order, as `screen` reads them back.
pub fn answers_to_json(rules: &RuleSet, answers: &Answers) -> serde_json::Value {
    let mut map = serde_json::Map::new();
    for (q, a) in rules.questions.iter().zip(&answers.values) {
        let v = match a {
            Answer::Unanswered => continue,
            Answer::Unknown => "unknown".into(),
            Answer::Yes => "yes".into(),
            Answer::No => "no".into(),
            Answer::Number {
                written: Some(w), ..
            } => w.to_string().into(),
            Answer::Number {
                value,
                written: None,
            } => serde_json::Number::from_f64(*value).map_or(serde_json::Value::Null, Into::into),
        };
        map.insert(q.id.clone(), v);
    }
    serde_json::Value::Object(map)
}

/// Fails before any question is asked if `--save` could not be written into its folder.
fn check_save_path(path: &Path) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let problem = match std::fs::metadata(dir) {
        Err(e) => Some(e),
        Ok(m) if !m.is_dir() => Some(io::Error::other(format!(
            "{} is not a folder",
            dir.display()
        ))),
        Ok(_) if path.is_dir() => Some(io::Error::other("it is a folder")),
        Ok(_) => None,
    };
    match problem {
        Some(source) => Err(Error::Write {
            what: path.display().to_string(),
            source,
        }),
        None => Ok(()),
    }
}

// ---- running it -----------------------------------------------------------------------------

/// `cp-screen ask`: checks the terminal, runs the questionnaire, prints the report.
pub fn run(rules: &RuleSet, args: AskArgs) -> Result<Exit> {
    let plain = args.plain
        || std::env::var_os("ACCESSIBLE").is_some_and(|v| !v.is_empty())
        || std::env::var("TERM").is_ok_and(|t| t == "dumb");
    if !(plain || io::stdin().is_terminal() && io::stderr().is_terminal()) {
        return Err(Error::from(Usage::NoTerminal));
    }
    if let Some(path) = &args.save {
        check_save_path(path)?;
    }
    install_interrupt_handler(!plain);
    let outcome = if plain {
        let stdin = io::stdin();
        let echo = !stdin.is_terminal();
        let mut prompter = PlainPrompter::new(stdin.lock(), io::stderr()).echo(echo);
        questionnaire(rules, &mut prompter)
    } else {
        let _cursor = CursorGuard;
        questionnaire(rules, &mut TermPrompter::new())
    };
    let answers = match outcome {
        Ok(a) => a,
        Err(PromptError::Interrupted) => return Err(Error::Interrupted),
        Err(PromptError::Eof) => return Err(Error::InputEnded),
        Err(PromptError::Io(e)) => return Err(Error::Io(e)),
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let options = ReportOptions {
        explain: args.explain,
        width: crate::output::width_for_stdout(crate::output::REPORT_WIDTH),
        ..ReportOptions::default()
    };
    write_report(&mut out, rules, answers.clone(), options)?;
    out.flush()?;
    if let Some(path) = &args.save {
        let mut json = serde_json::to_vec_pretty(&answers_to_json(rules, &answers))
            .map_err(io::Error::from)?;
        json.push(b'\n');
        crate::save::save_atomically(path, &json).map_err(|source| Error::Write {
            what: path.display().to_string(),
            source,
        })?;
        let _ = writeln!(
            io::stderr(),
            "{}",
            words::get().saved_to(&escape_control(&path.display().to_string()))
        );
    }
    Ok(Exit::Success)
}

/// The questionnaire's report: the same renderer as `screen`, for record 1.
pub fn write_report(
    out: &mut dyn Write,
    rules: &RuleSet,
    answers: Answers,
    options: ReportOptions,
) -> io::Result<()> {
    let record = Record {
        id: None,
        answers,
        errors: Vec::new(),
    };
    let result = ScreenResult::alone(rules, record);
    writeln!(out)?;
    let options = ReportOptions {
        heading: Some(words::get().phrase(Phrase::YourResult)),
        ..options
    };
    crate::output::text::write_report(out, rules, &rules.tag(), &result, options)
}

/// Says once that Ctrl-C ended the questionnaire: the signal handler and a prompt that
/// returns `Interrupted` can both get there.
pub fn report_interrupt() {
    static REPORTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if !REPORTED.swap(true, std::sync::atomic::Ordering::SeqCst) {
        let _ = writeln!(io::stderr(), "{}", words::get().phrase(Phrase::Interrupted));
    }
}

/// Ctrl-C anywhere: show the cursor again (on a terminal) and exit 130, writing nothing
/// more. Nothing has been written to stdout or to `--save` before the review is confirmed.
fn install_interrupt_handler(terminal: bool) {
    // Also SIGTERM and SIGHUP, and the terminal's modes too (a prompt may have it raw).
    crate::terminal::on_signal_restore_terminal(terminal, report_interrupt);
}

/// Shows the cursor again however the questionnaire ends.
struct CursorGuard;

impl Drop for CursorGuard {
    fn drop(&mut self) {
        let _ = console::Term::stderr().show_cursor();
    }
}

/// dialoguer prompts on the terminal (drawn on stderr).
pub struct TermPrompter {
    term: console::Term,
    theme: dialoguer::theme::ColorfulTheme,
}

impl TermPrompter {
    pub fn new() -> TermPrompter {
        TermPrompter {
            term: console::Term::stderr(),
            theme: dialoguer::theme::ColorfulTheme::default(),
        }
    }
}

impl Default for TermPrompter {
    fn default() -> Self {
        Self::new()
    }
}

fn from_dialoguer(e: dialoguer::Error) -> PromptError {
    match e {
        dialoguer::Error::IO(io) => io.into(),
    }
}

impl Prompter for TermPrompter {
    fn say(&mut self, text: &str) -> PromptResult<()> {
        let width = (self.term.size().1 as usize).clamp(40, 100);
        let text = escape_control(text);
        let indent: String = text.chars().take_while(|c| *c == ' ').collect();
        for line in wrap(&text, width - 1, &indent, &indent) {
            self.term.write_line(&line)?;
        }
        Ok(())
    }

    fn select(
        &mut self,
        prompt: &str,
        items: &[String],
        default: usize,
    ) -> PromptResult<Option<usize>> {
        dialoguer::Select::with_theme(&self.theme)
            .with_prompt(prompt)
            .items(items.iter().map(|i| escape_control(i)))
            .default(default)
            .interact_on_opt(&self.term)
            .map_err(from_dialoguer)
    }

    fn input(
        &mut self,
        prompt: &str,
        hint: &str,
        initial: Option<&str>,
        check: Check<'_>,
    ) -> PromptResult<String> {
        let width = (self.term.size().1 as usize).clamp(40, 100);
        for line in wrap(&escape_control(hint), width - 1, "  ", "  ") {
            self.term
                .write_line(&console::style(line).dim().to_string())?;
        }
        let mut input = dialoguer::Input::<String>::with_theme(&self.theme)
            .with_prompt(prompt)
            .allow_empty(true)
            .validate_with(|s: &String| check(s));
        if let Some(init) = initial {
            input = input.with_initial_text(init);
        }
        input.interact_text_on(&self.term).map_err(from_dialoguer)
    }
}

/// Line-by-line prompts: numbered choices read from `input`, prompts written to `output`.
/// No cursor movement or colors, so screen readers and scripts can use it.
pub struct PlainPrompter<R, W> {
    input: R,
    output: W,
    /// Repeat each line read, so a piped session reads like a typed one.
    echo: bool,
}

impl<R: BufRead, W: Write> PlainPrompter<R, W> {
    pub fn new(input: R, output: W) -> Self {
        PlainPrompter {
            input,
            output,
            echo: false,
        }
    }

    pub fn echo(mut self, on: bool) -> Self {
        self.echo = on;
        self
    }

    fn read_line(&mut self) -> PromptResult<String> {
        self.output.flush()?;
        // Bounded, and bytes that are not UTF-8 are an answer to refuse, not the end.
        let Some(line) = crate::terminal::read_line_bounded(&mut self.input)? else {
            writeln!(self.output)?;
            return Err(PromptError::Eof);
        };
        if self.echo {
            writeln!(self.output, "{}", crate::sanitize::escape_control(&line))?;
        }
        Ok(line)
    }
}

impl<R: BufRead, W: Write> Prompter for PlainPrompter<R, W> {
    fn say(&mut self, text: &str) -> PromptResult<()> {
        Ok(writeln!(self.output, "{}", escape_control(text))?)
    }

    fn select(
        &mut self,
        prompt: &str,
        items: &[String],
        default: usize,
    ) -> PromptResult<Option<usize>> {
        writeln!(self.output, "{prompt}")?;
        for (i, item) in items.iter().enumerate() {
            writeln!(self.output, "  {}) {}", i + 1, escape_control(item))?;
        }
        loop {
            write!(
                self.output,
                "{}",
                words::get().plain_choose(
                    items.len(),
                    default + 1,
                    &escape_control(&items[default])
                )
            )?;
            let line = self.read_line()?;
            let t = line.trim();
            if t.is_empty() {
                return Ok(Some(default));
            }
            match t.parse::<usize>() {
                Ok(n) if (1..=items.len()).contains(&n) => return Ok(Some(n - 1)),
                _ => writeln!(
                    self.output,
                    "{}",
                    words::get().plain_not_a_choice(&escape_control(t), items.len())
                )?,
            }
        }
    }

    fn input(
        &mut self,
        prompt: &str,
        hint: &str,
        initial: Option<&str>,
        check: Check<'_>,
    ) -> PromptResult<String> {
        writeln!(self.output, "{prompt}")?;
        writeln!(self.output, "  {}", escape_control(hint))?;
        loop {
            match initial {
                Some(init) => write!(self.output, "{}", words::get().plain_keep(init))?,
                None => write!(self.output, "> ")?,
            }
            let line = self.read_line()?;
            let line = match (line.trim().is_empty(), initial) {
                (true, Some(init)) => init.to_string(),
                _ => line,
            };
            match check(&line) {
                Ok(()) => return Ok(line),
                Err(why) => writeln!(self.output, "{why}")?,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::VecDeque;

    /// Answers prompts from a script and records what was shown.
    struct Scripted {
        script: VecDeque<&'static str>,
        shown: Vec<String>,
    }

    impl Scripted {
        fn new(script: &[&'static str]) -> Scripted {
            Scripted {
                script: script.iter().copied().collect(),
                shown: Vec::new(),
            }
        }

        fn next(&mut self) -> PromptResult<&'static str> {
            self.script.pop_front().ok_or(PromptError::Eof)
        }
    }

    impl Prompter for Scripted {
        fn say(&mut self, text: &str) -> PromptResult<()> {
            self.shown.push(text.to_string());
            Ok(())
        }

        /// Script entries for selects: an item's text prefix, "" for the default, "esc".
        fn select(
            &mut self,
            prompt: &str,
            items: &[String],
            default: usize,
        ) -> PromptResult<Option<usize>> {
            self.shown
                .push(format!("{prompt} [default: {}]", items[default]));
            self.shown
                .extend(items.iter().map(|i| format!("item: {i}")));
            let want = self.next()?;
            if want == "esc" {
                return Ok(None);
            }
            if want.is_empty() {
                return Ok(Some(default));
            }
            let found = items.iter().position(|i| i.starts_with(want));
            Ok(Some(found.unwrap_or_else(|| {
                panic!("no item {want:?} in {items:?}")
            })))
        }

        fn input(
            &mut self,
            prompt: &str,
            _hint: &str,
            initial: Option<&str>,
            check: Check<'_>,
        ) -> PromptResult<String> {
            self.shown.push(format!("{prompt} [initial: {initial:?}]"));
            loop {
                let text = self.next()?;
                match check(text) {
                    Ok(()) => return Ok(text.to_string()),
                    Err(why) => self.shown.push(format!("re-prompt: {why}")),
                }
            }
        }
    }

    fn rules() -> RuleSet {
        RuleSet::default_rules()
    }

    /// A full pass: 8 pregnancy/family selects, 2 numbers, 6 birth selects, then confirm.
    fn full_script() -> Vec<&'static str> {
        let mut s = vec!["Yes", "No", "Don't know", "No", "No", "Yes", "No", "No"];
        s.extend(["30+4", "1.85 kg"]);
        s.extend(["No", "No", "Yes", "No", "No", "No"]);
        s.push("Confirm");
        s
    }

    fn value(rules: &RuleSet, answers: &Answers, id: &str) -> Answer {
        answers.values[rules.question_index(id).unwrap()].clone()
    }

    #[test]
    fn a_full_pass_records_every_answer() {
        let r = rules();
        let mut p = Scripted::new(&full_script());
        let answers = questionnaire(&r, &mut p).unwrap();
        assert_eq!(value(&r, &answers, "maternal_infection"), Answer::Yes);
        assert_eq!(value(&r, &answers, "fetal_hypoxia"), Answer::Unknown);
        assert_eq!(value(&r, &answers, "family_epilepsy"), Answer::Yes);
        assert_eq!(value(&r, &answers, "birth_asphyxia"), Answer::Yes);
        assert!(
            matches!(value(&r, &answers, "gestational_age_weeks"), Answer::Number { value, .. } if (value - 30.571).abs() < 0.001)
        );
        assert!(p.shown.iter().any(|s| s == "── Birth ──"));
        assert!(
            p.shown
                .iter()
                .any(|s| s.starts_with("Birth, question 9 of 16: How many weeks"))
        );
        assert!(
            p.shown.iter().any(|s| s == "  30+4 weeks = 30.6 weeks"),
            "{:#?}",
            p.shown
        );
        assert!(p.shown.iter().any(|s| s == "  1.85 kg = 1850 g"));
        assert!(p.shown[1].contains("not a diagnosis"));
    }

    #[test]
    fn dont_know_is_the_default_so_enter_never_records_no() {
        let r = rules();
        let mut script = vec![""; 8];
        script.extend(["", ""]);
        script.extend(vec![""; 6]);
        script.push("");
        let mut p = Scripted::new(&script);
        let answers = questionnaire(&r, &mut p).unwrap();
        assert!(
            answers.values.iter().all(|a| *a == Answer::Unknown),
            "{answers:?}"
        );
        assert!(p.shown.iter().any(|s| s.ends_with("[default: Don't know]")));
    }

    #[test]
    fn back_returns_to_the_previous_question_keeping_its_answer_as_default() {
        let r = rules();
        let mut script = vec!["Yes", "Back", "No"];
        script.extend(["No"; 7]);
        script.extend(["32", "back", "33", "3400"]);
        script.extend(["No"; 6]);
        script.push("Confirm");
        let mut p = Scripted::new(&script);
        let answers = questionnaire(&r, &mut p).unwrap();
        assert_eq!(value(&r, &answers, "maternal_infection"), Answer::No);
        let asked: Vec<&String> = p
            .shown
            .iter()
            .filter(|s| s.starts_with("Your answer"))
            .collect();
        assert_eq!(
            asked[0], "Your answer [default: Don't know]",
            "question 1, first time"
        );
        assert_eq!(
            asked[2], "Your answer [default: Yes]",
            "question 1 again after going back"
        );
        let numbers: Vec<&String> = p.shown.iter().filter(|s| s.contains("[initial:")).collect();
        assert_eq!(numbers[0], "Your answer [initial: None]");
        assert_eq!(
            numbers[1], "Your answer [initial: None]",
            "question 10, then back"
        );
        assert_eq!(
            numbers[2], "Your answer [initial: Some(\"32\")]",
            "question 9 keeps 32 for editing"
        );
        assert!(
            matches!(value(&r, &answers, "gestational_age_weeks"), Answer::Number { value, .. } if value == 33.0)
        );
    }

    #[test]
    fn a_question_without_help_offers_no_help_and_back_still_works() {
        let mut v: serde_json::Value = serde_json::from_str(crate::rules::DEFAULT_RULES).unwrap();
        v["questions"][1].as_object_mut().unwrap().remove("help");
        let r = RuleSet::from_json(&v.to_string(), "no-help.json").unwrap();
        let mut script = vec!["Yes", "Back", "No", "Don't know"];
        script.extend(["No"; 6]);
        script.extend(["39", "3400"]);
        script.extend(["No"; 6]);
        script.push("Confirm");
        let mut p = Scripted::new(&script);
        let answers = questionnaire(&r, &mut p).unwrap();
        assert_eq!(value(&r, &answers, "maternal_infection"), Answer::No);
        assert_eq!(value(&r, &answers, "harmful_exposure"), Answer::Unknown);
        let q2 = p
            .shown
            .iter()
            .position(|s| s.starts_with("Pregnancy, question 2 of 16"))
            .unwrap();
        let items: Vec<&String> = p.shown[q2..].iter().skip(2).take(4).collect();
        assert_eq!(
            items,
            [
                "item: Yes",
                "item: No",
                "item: Don't know",
                "item: Back to the previous question"
            ]
        );
    }

    #[test]
    fn escape_goes_back_too() {
        let r = rules();
        let mut script = vec!["Yes", "esc", "No"];
        script.extend(["No"; 7]);
        script.extend(["39", "3400"]);
        script.extend(["No"; 6]);
        script.push("Confirm");
        let answers = questionnaire(&r, &mut Scripted::new(&script)).unwrap();
        assert_eq!(value(&r, &answers, "maternal_infection"), Answer::No);
    }

    #[test]
    fn bad_numbers_are_re_prompted_with_the_reason_and_forms() {
        let r = rules();
        let mut script = vec!["No"; 8];
        script.extend(["353", "31+7", "31+4", "20 kg", "unknown"]);
        script.extend(["No"; 6]);
        script.push("Confirm");
        let mut p = Scripted::new(&script);
        let answers = questionnaire(&r, &mut p).unwrap();
        let reprompts: Vec<&String> = p
            .shown
            .iter()
            .filter(|s| s.starts_with("re-prompt"))
            .collect();
        assert_eq!(reprompts.len(), 3, "{reprompts:#?}");
        assert!(reprompts[0].contains("outside the plausible range 20 to 45 weeks"));
        assert!(reprompts[0].contains("Accepted: for example 31+4, 31w4d"));
        assert!(reprompts[1].contains("7 days is a whole week or more"));
        assert!(reprompts[2].contains("20000 g, outside the plausible range 200 to 7000 g"));
        assert_eq!(value(&r, &answers, "birth_weight_grams"), Answer::Unknown);
    }

    #[test]
    fn help_shows_the_question_help_from_the_rule_file() {
        let r = rules();
        let mut script = vec!["Help", "No"];
        script.extend(["No"; 7]);
        script.extend(["?", "39", "3400"]);
        script.extend(["No"; 6]);
        script.push("Confirm");
        let mut p = Scripted::new(&script);
        questionnaire(&r, &mut p).unwrap();
        assert!(
            p.shown
                .iter()
                .any(|s| s.starts_with("For example influenza"))
        );
        assert!(
            p.shown
                .iter()
                .any(|s| s.starts_with("Weeks and days are fine"))
        );
    }

    #[test]
    fn the_review_lists_every_answer_and_lets_any_be_changed() {
        let r = rules();
        let mut script = full_script();
        script.pop();
        script.extend(["Change 13.", "No", "Change 9.", "39+1", "Confirm"]);
        let mut p = Scripted::new(&script);
        let answers = questionnaire(&r, &mut p).unwrap();
        assert_eq!(value(&r, &answers, "birth_asphyxia"), Answer::No);
        assert!(
            matches!(value(&r, &answers, "gestational_age_weeks"), Answer::Number { value, .. } if (value - (39.0 + 1.0 / 7.0)).abs() < 1e-9)
        );
        let items: Vec<&String> = p
            .shown
            .iter()
            .filter(|s| s.starts_with("item: Change "))
            .collect();
        assert_eq!(
            items.len(),
            3 * 16,
            "the review is shown three times with all 16 answers"
        );
        assert_eq!(
            items[0],
            "item: Change 1. Infection of the mother during pregnancy: yes"
        );
        assert_eq!(
            items[2],
            "item: Change 3. Lack of oxygen of the fetus during pregnancy: unknown"
        );
        assert_eq!(
            items[8],
            "item: Change 9. Gestational age at birth: 30+4 weeks (30.6 weeks)"
        );
        assert_eq!(items[12], "item: Change 13. Asphyxia at birth: yes");
        assert_eq!(items[16 + 12], "item: Change 13. Asphyxia at birth: no");
        assert_eq!(
            items[32 + 8],
            "item: Change 9. Gestational age at birth: 39+1 weeks (39.1 weeks)"
        );
    }

    #[test]
    fn end_of_input_is_reported_not_a_panic() {
        let r = rules();
        let mut p = Scripted::new(&["Yes"]);
        assert!(matches!(questionnaire(&r, &mut p), Err(PromptError::Eof)));
    }

    #[test]
    fn saved_answers_read_back_identically() {
        let r = rules();
        let answers = questionnaire(&r, &mut Scripted::new(&full_script())).unwrap();
        let json = answers_to_json(&r, &answers).to_string();
        let back = crate::answers::RecordReader {
            rules: &r,
            allow_extra_fields: false,
        }
        .parse_json(json.as_bytes())
        .unwrap();
        assert!(back.errors.is_empty());
        assert_eq!(back.answers, answers);
    }

    #[test]
    fn plain_prompter_numbers_choices_and_re_asks() {
        let input = b"7\n\n2\n" as &[u8];
        let mut out = Vec::new();
        let mut p = PlainPrompter::new(input, &mut out);
        let items: Vec<String> = ["Yes", "No", "Don't know"].map(String::from).to_vec();
        assert_eq!(p.select("Q?", &items, 2).unwrap(), Some(2));
        assert_eq!(p.select("Q?", &items, 2).unwrap(), Some(1));
        let shown = String::from_utf8(out).unwrap();
        assert!(shown.contains("  1) Yes\n  2) No\n  3) Don't know\n"));
        assert!(shown.contains("Choose 1 to 3 (Enter = 3, Don't know): "));
        assert!(shown.contains("\"7\" is not one of the choices"));
    }

    #[test]
    fn plain_prompter_keeps_the_initial_value_on_enter() {
        let mut out = Vec::new();
        let mut p = PlainPrompter::new(b"\n" as &[u8], &mut out);
        let check: Check<'_> = &|_| Ok(());
        assert_eq!(p.input("Q?", "hint", Some("31+4"), check).unwrap(), "31+4");
        assert!(
            String::from_utf8(out)
                .unwrap()
                .contains("(Enter keeps 31+4) > ")
        );
    }
}
