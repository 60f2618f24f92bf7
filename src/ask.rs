//! The interactive questionnaire. The flow (sections, progress, going back, the review)
//! is written once against the small `Prompter` trait; dialoguer draws it on a terminal,
//! `PlainPrompter` asks line by line for screen readers and scripts, and tests script it.
//! Every question, help text and unit comes from the rule file.

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::Path;

use crate::answers::{Answer, Answers, Record, RecordId, answer_from_text};
use crate::cli::AskArgs;
use crate::engine::ScreenResult;
use crate::error::{Error, Exit, Result};
use crate::notation;
use crate::output::ReportOptions;
use crate::output::text::{display_width, wrap};
use crate::problem::Usage;
use crate::rules::{QuestionKind, RuleSet};
use crate::sanitize::escape_control;
use crate::words::{self, Phrase, Shortcut};

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

/// One choice of a menu: what it says, and the words that also choose it in plain mode.
#[derive(Debug, Clone)]
pub struct Item {
    pub label: String,
    /// Lower case; the first is the one named when a typed line chooses nothing.
    pub keys: &'static [&'static str],
}

/// What the questionnaire needs from a terminal.
pub trait Prompter {
    /// Shows a line of text (introduction, section header, echo of a value).
    fn say(&mut self, text: &str) -> PromptResult<()>;
    /// Lets the user choose one item; `None` means "go back" (Esc).
    fn select(
        &mut self,
        prompt: &str,
        items: &[Item],
        default: usize,
    ) -> PromptResult<Option<usize>>;
    /// Reads a line that passes `check`; `initial` is offered for editing or kept on Enter.
    /// `None` means "go back" (Esc).
    fn input(
        &mut self,
        prompt: &str,
        hint: &str,
        initial: Option<&str>,
        check: Check<'_>,
    ) -> PromptResult<Option<String>>;
    /// Records what was answered at `prompt`, where the prompt itself does not stay on
    /// the screen ("✔ Your answer · Yes"). Help and Back are not answers.
    fn answered(&mut self, _prompt: &str, _answer: &str) -> PromptResult<()> {
        Ok(())
    }
    /// The columns a menu item may take, when items longer than that are cut.
    fn item_width(&self) -> Option<usize> {
        None
    }
    /// A place in what has been shown, to erase back to with `erase_to`.
    fn mark(&self) -> usize {
        0
    }
    /// Erases what was shown since `mark` (a question left with Back, a review redrawn).
    /// Line-by-line prompts keep everything: a screen reader has read it already.
    fn erase_to(&mut self, _mark: usize) -> PromptResult<()> {
        Ok(())
    }
}

/// Where "Don't know" stands in a yes/no menu: the choice when nothing is known yet.
const DONT_KNOW: usize = 2;

/// What a yes/no menu item does.
enum Choice<'a> {
    Answer(Answer),
    Help(&'a str),
    Back,
}

enum Step {
    Answered(Answer),
    Back,
}

/// Where Back (the menu item, "back", Esc) leads from a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BackTo {
    /// The first question: nowhere.
    Nowhere,
    Previous,
    /// A question changed from the review: back to the review, the answer unchanged.
    Review,
}

/// How the review ended.
enum Reviewed {
    Confirmed,
    /// Esc: back to the last question, as everywhere else.
    Back,
}

/// True when `text` is one of the words for `s` (any case, spaces around ignored).
fn typed(text: &str, s: Shortcut) -> bool {
    let t = text.trim().to_lowercase();
    words::get().shortcuts(s).contains(&t.as_str())
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
    // Where each question's lines start, so that Back can erase them.
    let mut marks = vec![0; total];
    let mut i = 0;
    let mut shown_section = None;
    loop {
        while i < total {
            marks[i] = p.mark();
            if !is_asked(rules, &mut answers, i) {
                // Its ask_when is false, or cannot be decided: not put to the person.
                i += 1;
                continue;
            }
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
            let back = match previous_asked(rules, &mut answers, i) {
                Some(_) => BackTo::Previous,
                None => BackTo::Nowhere,
            };
            match ask_one(rules, p, i, &answers.values[i], back)? {
                Step::Answered(a) => {
                    answers.values[i] = a;
                    i += 1;
                }
                Step::Back => {
                    // The question left and the one gone back to are asked afresh in
                    // their place, with the section heading if it was theirs; a
                    // conditional question between them is decided again on the way.
                    i = previous_asked(rules, &mut answers, i).unwrap_or(0);
                    p.erase_to(marks[i])?;
                    shown_section =
                        previous_asked(rules, &mut answers, i).map(|j| rules.questions[j].section);
                }
            }
        }
        match review(rules, p, &mut answers)? {
            Reviewed::Confirmed => return Ok(answers),
            Reviewed::Back => {
                i = previous_asked(rules, &mut answers, total).unwrap_or(0);
                p.erase_to(marks[i])?;
                shown_section =
                    previous_asked(rules, &mut answers, i).map(|j| rules.questions[j].section);
            }
        }
    }
}

/// Whether question `i` is put to the person, given the answers before it (its `ask_when`).
/// A question that is not asked loses any answer it had: it no longer applies.
fn is_asked(rules: &RuleSet, answers: &mut Answers, i: usize) -> bool {
    if rules.questions[i].ask_when.is_none() {
        return true;
    }
    let asked = crate::engine::asked(rules, answers)[i] == crate::engine::Asked::Yes;
    if !asked {
        answers.values[i] = Answer::Unanswered;
    }
    asked
}

/// The last question before `i` that is put to the person.
fn previous_asked(rules: &RuleSet, answers: &mut Answers, i: usize) -> Option<usize> {
    (0..i).rev().find(|&j| is_asked(rules, answers, j))
}

/// Asks question `i`; `current` is its answer so far (offered as the default).
fn ask_one(
    rules: &RuleSet,
    p: &mut dyn Prompter,
    i: usize,
    current: &Answer,
    back: BackTo,
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
    let keys = |s| w.shortcuts(s);
    match &q.kind {
        QuestionKind::YesNo => {
            // Each choice with what it does, so the menu and its meaning cannot drift apart.
            let mut choices = vec![
                (Phrase::Yes, Shortcut::Yes, Choice::Answer(Answer::Yes)),
                (Phrase::No, Shortcut::No, Choice::Answer(Answer::No)),
                (
                    Phrase::DontKnow,
                    Shortcut::DontKnow,
                    Choice::Answer(Answer::Unknown),
                ),
            ];
            if let Some(help) = &q.help {
                choices.push((Phrase::Help, Shortcut::Help, Choice::Help(help)));
            }
            if back == BackTo::Previous {
                choices.push((Phrase::Back, Shortcut::Back, Choice::Back));
            }
            let items: Vec<Item> = choices
                .iter()
                .map(|(label, s, _)| Item {
                    label: w.phrase(*label).to_string(),
                    keys: keys(*s),
                })
                .collect();
            let default = choices
                .iter()
                .position(|(_, _, c)| matches!(c, Choice::Answer(a) if a == current))
                .unwrap_or(DONT_KNOW);
            loop {
                let Some(choice) = p.select(prompt, &items, default)? else {
                    if back != BackTo::Nowhere {
                        return Ok(Step::Back);
                    }
                    continue;
                };
                match &choices[choice].2 {
                    Choice::Answer(a) => {
                        p.answered(prompt, &items[choice].label)?;
                        return Ok(Step::Answered(a.clone()));
                    }
                    Choice::Help(help) => p.say(help)?,
                    Choice::Back => return Ok(Step::Back),
                }
            }
        }
        QuestionKind::Number(spec) => {
            let hint = w.number_hint(spec, back == BackTo::Previous);
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
                if typed(text, Shortcut::Help)
                    || (back == BackTo::Previous && typed(text, Shortcut::Back))
                {
                    return Ok(());
                }
                answer_from_text(text, q)
                    .map(|_| ())
                    .map_err(|e| w.reprompt(&w.record_problem(rules, &e), spec))
            };
            loop {
                let Some(text) = p.input(prompt, &hint, initial.as_deref(), &check)? else {
                    if back != BackTo::Nowhere {
                        return Ok(Step::Back);
                    }
                    continue;
                };
                if typed(&text, Shortcut::Help) {
                    p.say(q.help.as_deref().unwrap_or(&hint))?;
                    continue;
                }
                if back == BackTo::Previous && typed(&text, Shortcut::Back) {
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
                let said = escape_control(text.trim());
                match &answer {
                    Answer::Number { value, .. } => {
                        p.answered(prompt, &said)?;
                        // What was understood, unless it is exactly what was typed: a
                        // plain number gets its unit ("1850 = 1850 g").
                        let mut understood = notation::with_unit(*value, spec);
                        words::with_assumptions(&mut understood, &said, spec);
                        // "31.5" may be meant as 31 weeks 5 days: say it is 31 weeks 3.5 days.
                        if let (Some(plus), Ok(_)) = (spec.plus_unit, said.parse::<f64>())
                            && value.fract() != 0.0
                        {
                            let unit = &spec.units[plus];
                            let part = value.fract() / unit.size;
                            understood = w.echo_split(
                                &understood,
                                &format!("{} {}", value.trunc(), spec.unit),
                                &format!(
                                    "{} {}",
                                    notation::format_plain(part, 2),
                                    unit.names.last().unwrap_or(&unit.symbol)
                                ),
                            );
                        }
                        let shown = if said.parse::<f64>().is_ok() {
                            said.clone()
                        } else {
                            words::said_with_unit(&said, spec)
                        };
                        if *shown != understood {
                            p.say(&w.echo(&shown, &understood))?;
                        }
                    }
                    _ => p.answered(prompt, w.phrase(Phrase::DontKnow))?,
                }
                return Ok(Step::Answered(answer));
            }
        }
    }
}

/// Lists every answer and lets the user change any of them before the result.
fn review(rules: &RuleSet, p: &mut dyn Prompter, answers: &mut Answers) -> PromptResult<Reviewed> {
    let w = words::get();
    let mark = p.mark();
    loop {
        p.say("")?;
        p.say(w.phrase(Phrase::ReviewHeading))?;
        // Only the questions that were asked; each keeps its number in the questionnaire.
        let shown: Vec<usize> = (0..rules.questions.len())
            .filter(|&i| is_asked(rules, answers, i))
            .collect();
        let mut items = vec![Item {
            label: w.phrase(Phrase::Confirm).to_string(),
            keys: w.shortcuts(Shortcut::Confirm),
        }];
        let width = p.item_width();
        items.extend(shown.iter().map(|&i| {
            let answer = words::answer(rules, i, &answers.values[i]);
            Item {
                label: review_item(i + 1, &rules.questions[i].label, &answer, width),
                keys: &[],
            }
        }));
        let prompt = w.phrase(Phrase::ReviewPrompt);
        match p.select(prompt, &items, 0)? {
            Some(0) => {
                p.answered(prompt, &items[0].label)?;
                return Ok(Reviewed::Confirmed);
            }
            None => return Ok(Reviewed::Back),
            Some(n) => {
                let i = shown[n - 1];
                let current = answers.values[i].clone();
                if let Step::Answered(a) = ask_one(rules, p, i, &current, BackTo::Review)? {
                    answers.values[i] = a;
                }
                // A changed answer can open a question that was not asked: ask it now.
                for j in i + 1..rules.questions.len() {
                    if rules.questions[j].ask_when.is_some()
                        && answers.values[j] == Answer::Unanswered
                        && is_asked(rules, answers, j)
                        && let Step::Answered(a) =
                            ask_one(rules, p, j, &Answer::Unanswered, BackTo::Review)?
                    {
                        answers.values[j] = a;
                    }
                }
                // The review is drawn again in the same place.
                p.erase_to(mark)?;
            }
        }
    }
}

/// A review item that fits `width` columns: the label is shortened first, so that the
/// answer stays in view on a narrow terminal.
fn review_item(n: usize, label: &str, answer: &str, width: Option<usize>) -> String {
    let w = words::get();
    let full = w.review_item(n, label, answer);
    let Some(width) = width else { return full };
    let over = display_width(&full).saturating_sub(width);
    if over == 0 {
        return full;
    }
    let keep = display_width(label).saturating_sub(over).max(6);
    w.review_item(n, &fit(label, keep), answer)
}

/// The answers as an answer record, keys in rule-file order, as `screen` reads them back.
pub fn answers_to_json(rules: &RuleSet, answers: &Answers) -> serde_json::Value {
    answers_to_record(rules, answers, None)
}

/// `answers_to_json` with the record's `id` first, when one was given.
pub fn answers_to_record(
    rules: &RuleSet,
    answers: &Answers,
    id: Option<&str>,
) -> serde_json::Value {
    let mut map = serde_json::Map::new();
    if let Some(id) = id {
        map.insert("id".into(), id.into());
    }
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

/// Fails before any question is asked if `--save` could not be written into its folder,
/// or would replace a file without `--force`.
fn check_save_path(path: &Path, force: bool) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let problem = match std::fs::metadata(dir) {
        Err(e) => Some(e),
        // The standard kinds, said as the system says its own errors ("not a directory").
        Ok(m) if !m.is_dir() => Some(io::Error::from(io::ErrorKind::NotADirectory)),
        Ok(_) if path.is_dir() => Some(io::Error::from(io::ErrorKind::IsADirectory)),
        Ok(_) => None,
    };
    if let Some(source) = problem {
        return Err(Error::Write {
            what: path.display().to_string(),
            source,
        });
    }
    refuse_overwrite(path, force)
}

/// Without `--force`, an existing file (or a link, even a broken one) is never replaced.
/// A device or a pipe (`/dev/stdout`, a FIFO) is written to, not replaced: it passes.
fn refuse_overwrite(path: &Path, force: bool) -> Result<()> {
    let special = std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir());
    if !force && !special && std::fs::symlink_metadata(path).is_ok() {
        return Err(Error::from(Usage::SaveExists {
            path: path.display().to_string(),
        }));
    }
    Ok(())
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
        check_save_path(path, args.force)?;
    }
    install_interrupt_handler(!plain);
    let outcome = if plain {
        let stdin = io::stdin();
        let echo = !stdin.is_terminal();
        // Wrapped to the terminal when a person reads it there; kept as whole lines for a
        // file or a pipe.
        let width = io::stderr()
            .is_terminal()
            .then(|| console::Term::stderr().size_checked())
            .flatten()
            .map(|(_, cols)| usize::from(cols).clamp(20, 100) - 1);
        let mut prompter = PlainPrompter::new(stdin.lock(), io::stderr())
            .echo(echo)
            .width(width);
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
        // Checked again: the file may have appeared while the questions were answered.
        refuse_overwrite(path, args.force)?;
        let record = answers_to_record(rules, &answers, args.id.as_deref());
        let mut json = serde_json::to_vec_pretty(&record).map_err(io::Error::from)?;
        json.push(b'\n');
        crate::save::save_atomically(path, &json).map_err(|source| Error::Write {
            what: path.display().to_string(),
            source,
        })?;
        let shown = escape_control(&path.display().to_string()).into_owned();
        let w = words::get();
        let saved = match &args.id {
            Some(id) => w.saved_with_id(&shown, id),
            None => w.saved_to(&shown),
        };
        let _ = writeln!(io::stderr(), "{saved}");
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
        id: None::<RecordId>,
        answers,
        errors: Vec::new(),
        response: None,
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

/// `text` cut to at most `width` terminal columns, with "…" where it was cut.
fn fit(text: &str, width: usize) -> String {
    fit_within(text, width, usize::MAX)
}

/// `fit`, and at most `bytes` bytes long. dialoguer guesses whether a menu item wraps from
/// its length in bytes, not columns, and then erases lines above the menu at every arrow
/// key: an item with "…" or accented or Chinese text must be short in bytes too.
fn fit_within(text: &str, width: usize, bytes: usize) -> String {
    if display_width(text) <= width && text.len() <= bytes {
        return text.to_string();
    }
    let ellipsis = '…';
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = display_width(c.encode_utf8(&mut [0; 4]));
        if used + w + 1 > width || out.len() + c.len_utf8() + ellipsis.len_utf8() > bytes {
            break;
        }
        out.push(c);
        used += w;
    }
    out.truncate(out.trim_end().len());
    out.push(ellipsis);
    out
}

/// dialoguer prompts on the terminal (drawn on stderr).
///
/// Every line is made to fit the terminal, and the rows written are counted, so that a
/// question left with Back, a re-prompted number and the review can be erased exactly:
/// dialoguer counts lines, not the rows a wrapped line takes, and leaves the rest of a
/// wrapped line behind when it redraws.
pub struct TermPrompter {
    term: console::Term,
    theme: dialoguer::theme::ColorfulTheme,
    /// Rows written so far (the line being edited not included).
    rows: usize,
}

impl TermPrompter {
    pub fn new() -> TermPrompter {
        TermPrompter {
            term: console::Term::stderr(),
            theme: dialoguer::theme::ColorfulTheme::default(),
            rows: 0,
        }
    }

    fn cols(&self) -> usize {
        usize::from(self.term.size().1).max(10)
    }

    /// Text is wrapped one column short of the terminal, and never wider than 100.
    fn wrap_width(&self) -> usize {
        self.cols().min(100) - 1
    }

    /// Writes one line and counts the rows it takes.
    fn line(&mut self, text: &str) -> io::Result<()> {
        self.term.write_line(text)?;
        let cols = self.cols();
        self.rows += console::measure_text_width(text).div_ceil(cols).max(1);
        Ok(())
    }

    /// Ctrl-C leaves the cursor on the prompt's line: the message goes below it.
    fn on_interrupt<T>(&self, r: PromptResult<T>) -> PromptResult<T> {
        if let Err(PromptError::Interrupted) = &r {
            let _ = self.term.write_line("");
        }
        r
    }

    /// A one-line editor: the text never wraps, so redrawing it never leaves a line
    /// behind. Enter returns the text, Esc returns `None`.
    fn edit_line(&mut self, prompt: &str, initial: &str) -> PromptResult<Option<String>> {
        use console::Key;
        use dialoguer::theme::Theme;
        let mut head = String::new();
        let _ = self.theme.format_input_prompt(&mut head, prompt, None);
        let room = self
            .wrap_width()
            .saturating_sub(console::measure_text_width(&head))
            .max(1);
        let width = |cs: &[char]| display_width(&cs.iter().collect::<String>());
        // An answer kept from before is offered whole, or not at all: cut short it would
        // be another number (a terminal made narrower since).
        let initial = if display_width(initial) <= room {
            initial
        } else {
            ""
        };
        let mut chars: Vec<char> = initial.chars().collect();
        let mut pos = chars.len();
        loop {
            self.term.clear_line()?;
            let text: String = chars.iter().collect();
            self.term.write_str(&head)?;
            self.term.write_str(&text)?;
            let after = width(&chars[pos..]);
            if after > 0 {
                self.term.move_cursor_left(after)?;
            }
            self.term.flush()?;
            match self.term.read_key()? {
                Key::Enter => return Ok(Some(text)),
                Key::Escape => return Ok(None),
                Key::CtrlC => return Err(PromptError::Interrupted),
                // Beyond `room` the line would wrap: further characters are not taken.
                Key::Char(c)
                    if !c.is_control()
                        && width(&chars) + display_width(c.encode_utf8(&mut [0; 4])) <= room =>
                {
                    chars.insert(pos, c);
                    pos += 1;
                }
                Key::Backspace if pos > 0 => {
                    pos -= 1;
                    chars.remove(pos);
                }
                Key::Del if pos < chars.len() => {
                    chars.remove(pos);
                }
                Key::ArrowLeft if pos > 0 => pos -= 1,
                Key::ArrowRight if pos < chars.len() => pos += 1,
                Key::Home => pos = 0,
                Key::End => pos = chars.len(),
                _ => {}
            }
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
        let text = escape_control(text);
        let indent: String = text.chars().take_while(|c| *c == ' ').collect();
        for line in wrap(&text, self.wrap_width(), &indent, &indent) {
            self.line(&line)?;
        }
        Ok(())
    }

    fn select(
        &mut self,
        prompt: &str,
        items: &[Item],
        default: usize,
    ) -> PromptResult<Option<usize>> {
        use dialoguer::theme::Theme;
        let fits = self.wrap_width();
        let mut shown_prompt = String::new();
        let _ = self.theme.format_select_prompt(&mut shown_prompt, prompt);
        let prompt = if console::measure_text_width(&shown_prompt) > fits {
            // Too wide for one line: said above a short prompt.
            self.say(prompt)?;
            words::get().short_prompt()
        } else {
            prompt
        };
        // An item is drawn after a two-column marker.
        let labels: Vec<String> = items
            .iter()
            .map(|i| {
                let label = escape_control(&i.label);
                fit_within(&label, fits.saturating_sub(2).max(4), self.cols())
            })
            .collect();
        let chosen = dialoguer::Select::with_theme(&self.theme)
            .with_prompt(prompt)
            .items(&labels)
            .default(default)
            .report(false)
            .interact_on_opt(&self.term)
            .map_err(from_dialoguer);
        self.on_interrupt(chosen)
    }

    fn input(
        &mut self,
        prompt: &str,
        hint: &str,
        initial: Option<&str>,
        check: Check<'_>,
    ) -> PromptResult<Option<String>> {
        for line in wrap(&escape_control(hint), self.wrap_width(), "  ", "  ") {
            self.line(&console::style(line).dim().to_string())?;
        }
        let mut initial = initial.map(str::to_string);
        let mut error_rows = 0;
        loop {
            let got = self.edit_line(prompt, initial.as_deref().unwrap_or(""));
            let got = self.on_interrupt(got)?;
            // The edited line and the last error make way for what comes next.
            self.term.clear_line()?;
            if error_rows > 0 {
                self.term.clear_last_lines(error_rows)?;
                self.rows -= error_rows;
            }
            let Some(text) = got else { return Ok(None) };
            match check(&text) {
                Ok(()) => return Ok(Some(text)),
                Err(why) => {
                    let before = self.rows;
                    let why = escape_control(&why);
                    for line in wrap(&why, self.wrap_width(), "✘ ", "  ") {
                        self.line(&console::style(line).red().to_string())?;
                    }
                    error_rows = self.rows - before;
                    initial = None;
                }
            }
        }
    }

    fn answered(&mut self, prompt: &str, answer: &str) -> PromptResult<()> {
        use dialoguer::theme::Theme;
        let answer = escape_control(answer);
        let mut line = String::new();
        let _ = self
            .theme
            .format_input_prompt_selection(&mut line, prompt, &answer);
        let fits = self.wrap_width();
        if console::measure_text_width(&line) <= fits {
            return Ok(self.line(&line)?);
        }
        // Too wide: the short prompt, and the answer wrapped under itself.
        let mut head = String::new();
        let short = words::get().short_prompt();
        let _ = self
            .theme
            .format_input_prompt_selection(&mut head, short, "");
        let pad = console::measure_text_width(&head);
        let indent = " ".repeat(pad);
        let lines = wrap(&answer, fits.saturating_sub(pad).max(8), "", "");
        for (i, l) in lines.iter().enumerate() {
            let start = if i == 0 {
                head.as_str()
            } else {
                indent.as_str()
            };
            self.line(&format!("{start}{l}"))?;
        }
        Ok(())
    }

    fn item_width(&self) -> Option<usize> {
        Some(self.wrap_width().saturating_sub(2))
    }

    fn mark(&self) -> usize {
        self.rows
    }

    fn erase_to(&mut self, mark: usize) -> PromptResult<()> {
        if self.rows > mark {
            self.term.clear_last_lines(self.rows - mark)?;
            self.rows = mark;
        }
        Ok(())
    }
}

/// Line-by-line prompts: numbered choices read from `input`, prompts written to `output`.
/// No cursor movement or colors, so screen readers and scripts can use it.
pub struct PlainPrompter<R, W> {
    input: R,
    output: W,
    /// Repeat each line read, so a piped session reads like a typed one.
    echo: bool,
    /// Wrap text to this many columns (on a terminal); `None` keeps whole lines.
    width: Option<usize>,
}

impl<R: BufRead, W: Write> PlainPrompter<R, W> {
    pub fn new(input: R, output: W) -> Self {
        PlainPrompter {
            input,
            output,
            echo: false,
            width: None,
        }
    }

    pub fn echo(mut self, on: bool) -> Self {
        self.echo = on;
        self
    }

    pub fn width(mut self, width: Option<usize>) -> Self {
        self.width = width;
        self
    }

    /// Writes `text` (escaped), wrapped when a width is set.
    fn put(&mut self, text: &str, first: &str, rest: &str) -> io::Result<()> {
        let text = escape_control(text);
        match self.width {
            Some(width) => {
                for line in wrap(&text, width, first, rest) {
                    writeln!(self.output, "{line}")?;
                }
                Ok(())
            }
            None => writeln!(self.output, "{first}{text}"),
        }
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
        let indent: String = text.chars().take_while(|c| *c == ' ').collect();
        Ok(self.put(text.trim_start_matches(' '), &indent, &indent)?)
    }

    fn select(
        &mut self,
        prompt: &str,
        items: &[Item],
        default: usize,
    ) -> PromptResult<Option<usize>> {
        self.put(prompt, "", "")?;
        for (i, item) in items.iter().enumerate() {
            let number = format!("  {}) ", i + 1);
            let rest = " ".repeat(number.len());
            self.put(&item.label, &number, &rest)?;
        }
        let w = words::get();
        loop {
            write!(
                self.output,
                "{}",
                w.plain_choose(
                    items.len(),
                    default + 1,
                    &escape_control(&items[default].label)
                )
            )?;
            let line = self.read_line()?;
            let t = line.trim().to_lowercase();
            if t.is_empty() {
                return Ok(Some(default));
            }
            if let Ok(n) = t.parse::<usize>() {
                if (1..=items.len()).contains(&n) {
                    return Ok(Some(n - 1));
                }
            } else if let Some(i) = items.iter().position(|i| i.keys.contains(&t.as_str())) {
                return Ok(Some(i));
            }
            let named: Vec<&str> = items
                .iter()
                .filter_map(|i| i.keys.first().copied())
                .collect();
            let said = w.plain_not_a_choice(&escape_control(line.trim()), items.len(), &named);
            self.put(&said, "", "")?;
        }
    }

    fn input(
        &mut self,
        prompt: &str,
        hint: &str,
        initial: Option<&str>,
        check: Check<'_>,
    ) -> PromptResult<Option<String>> {
        self.put(prompt, "", "")?;
        self.put(hint, "  ", "  ")?;
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
                Ok(()) => return Ok(Some(line)),
                Err(why) => self.put(&why, "", "")?,
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
        /// Erase what `erase_to` erases, as a terminal does (off: keep the whole history).
        erasing: bool,
        item_width: Option<usize>,
    }

    impl Scripted {
        fn new(script: &[&'static str]) -> Scripted {
            Scripted {
                script: script.iter().copied().collect(),
                shown: Vec::new(),
                erasing: false,
                item_width: None,
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
            items: &[Item],
            default: usize,
        ) -> PromptResult<Option<usize>> {
            self.shown
                .push(format!("{prompt} [default: {}]", items[default].label));
            self.shown
                .extend(items.iter().map(|i| format!("item: {}", i.label)));
            let items: Vec<&str> = items.iter().map(|i| i.label.as_str()).collect();
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
        ) -> PromptResult<Option<String>> {
            self.shown.push(format!("{prompt} [initial: {initial:?}]"));
            loop {
                let text = self.next()?;
                if text == "esc" {
                    return Ok(None);
                }
                match check(text) {
                    Ok(()) => return Ok(Some(text.to_string())),
                    Err(why) => self.shown.push(format!("re-prompt: {why}")),
                }
            }
        }

        fn answered(&mut self, prompt: &str, answer: &str) -> PromptResult<()> {
            self.shown.push(format!("✔ {prompt} · {answer}"));
            Ok(())
        }

        fn item_width(&self) -> Option<usize> {
            self.item_width
        }

        fn mark(&self) -> usize {
            self.shown.len()
        }

        fn erase_to(&mut self, mark: usize) -> PromptResult<()> {
            if self.erasing {
                self.shown.truncate(mark);
            }
            Ok(())
        }
    }

    /// The questionnaire's mechanics are tested on a fixed rule file (1.0.0), so that
    /// clinical changes to the default set do not move these scripts.
    fn rules() -> RuleSet {
        RuleSet::from_json(
            include_str!("../tests/fixtures/cerebral-palsy-1.0.0.json"),
            "cerebral-palsy-1.0.0.json",
        )
        .unwrap()
    }

    fn yes_no_items() -> Vec<Item> {
        let w = words::get();
        [
            (Phrase::Yes, Shortcut::Yes),
            (Phrase::No, Shortcut::No),
            (Phrase::DontKnow, Shortcut::DontKnow),
        ]
        .map(|(p, s)| Item {
            label: w.phrase(p).to_string(),
            keys: w.shortcuts(s),
        })
        .to_vec()
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
        let mut v: serde_json::Value =
            serde_json::from_str(include_str!("../tests/fixtures/cerebral-palsy-1.0.0.json"))
                .unwrap();
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

    fn evidence() -> RuleSet {
        crate::rules::Embedded::find("evidence").unwrap().load()
    }

    /// The evidence set with every yes/no answered `first` for its 5 questions before the
    /// co-twin question, then `rest` (script entries) from there on.
    fn evidence_script(multiple_birth: &'static str, rest: &[&'static str]) -> Vec<&'static str> {
        let mut s = vec!["No", "No", "No", "No", multiple_birth];
        s.extend(rest);
        s
    }

    /// Everything after the co-twin question: 2 yes/no, 2 numbers, 11 yes/no, confirm.
    fn after_co_twin() -> Vec<&'static str> {
        let mut s = vec!["No", "No", "39", "3400"];
        s.extend(["No"; 11]);
        s.push("Confirm");
        s
    }

    fn asked(p: &Scripted, text: &str) -> usize {
        p.shown.iter().filter(|s| s.contains(text)).count()
    }

    const CO_TWIN: &str = "twin or triplet die";

    #[test]
    fn a_conditional_question_is_skipped_when_its_condition_is_false() {
        let r = evidence();
        let mut p = Scripted::new(&evidence_script("No", &after_co_twin()));
        let answers = questionnaire(&r, &mut p).unwrap();
        assert_eq!(asked(&p, CO_TWIN), 0, "{:#?}", p.shown);
        assert_eq!(value(&r, &answers, "co_twin_death"), Answer::Unanswered);
        let statuses = crate::engine::screen(&r, &answers);
        let f = r.factor_index("co_twin_death").unwrap();
        assert_eq!(statuses[f], crate::engine::Status::NotApplicable);
        // The review does not list it either.
        assert!(!p.shown.iter().any(|s| s.contains("Death of a twin")));

        let mut script = evidence_script("Yes", &["Yes"]);
        script.extend(after_co_twin());
        let mut p = Scripted::new(&script);
        let answers = questionnaire(&r, &mut p).unwrap();
        assert_eq!(asked(&p, CO_TWIN), 1);
        assert_eq!(value(&r, &answers, "co_twin_death"), Answer::Yes);
    }

    #[test]
    fn going_back_re_decides_a_conditional_question() {
        let r = evidence();
        // Twins, then back from the co-twin question to say "not a multiple birth": the
        // co-twin question is skipped on the way forward again, and has no answer.
        let mut script = evidence_script("Yes", &["Back", "No"]);
        script.extend(after_co_twin());
        let mut p = Scripted::new(&script);
        let answers = questionnaire(&r, &mut p).unwrap();
        assert_eq!(asked(&p, CO_TWIN), 1);
        assert_eq!(value(&r, &answers, "multiple_birth"), Answer::No);
        assert_eq!(value(&r, &answers, "co_twin_death"), Answer::Unanswered);

        // Back over a skipped question lands on the one before it.
        let mut script = evidence_script("No", &["Back", "Back", "Yes"]);
        script.extend(["No", "No", "No", "No", "39", "3400"]);
        script.extend(["No"; 11]);
        script.push("Confirm");
        let mut p = Scripted::new(&script);
        let answers = questionnaire(&r, &mut p).unwrap();
        assert_eq!(value(&r, &answers, "small_for_dates"), Answer::Yes);
        assert_eq!(value(&r, &answers, "co_twin_death"), Answer::Unanswered);
    }

    #[test]
    fn changing_an_answer_at_the_review_asks_a_question_it_opens() {
        let r = evidence();
        let mut script = evidence_script("No", &after_co_twin());
        script.pop(); // not confirmed yet: change question 5 to "Yes"
        script.extend(["Change answer 5:", "Yes", "No", "Confirm"]);
        let mut p = Scripted::new(&script);
        let answers = questionnaire(&r, &mut p).unwrap();
        assert_eq!(value(&r, &answers, "multiple_birth"), Answer::Yes);
        assert_eq!(asked(&p, CO_TWIN), 1);
        assert_eq!(value(&r, &answers, "co_twin_death"), Answer::No);
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
        script.extend([
            "Change answer 13:",
            "No",
            "Change answer 9:",
            "39+1",
            "Confirm",
        ]);
        let mut p = Scripted::new(&script);
        let answers = questionnaire(&r, &mut p).unwrap();
        assert_eq!(value(&r, &answers, "birth_asphyxia"), Answer::No);
        assert!(
            matches!(value(&r, &answers, "gestational_age_weeks"), Answer::Number { value, .. } if (value - (39.0 + 1.0 / 7.0)).abs() < 1e-9)
        );
        let items: Vec<&String> = p
            .shown
            .iter()
            .filter(|s| s.starts_with("item: Change answer "))
            .collect();
        assert_eq!(
            items.len(),
            3 * 16,
            "the review is shown three times with all 16 answers"
        );
        assert_eq!(
            items[0],
            "item: Change answer 1: Infection of the mother during pregnancy: yes"
        );
        assert_eq!(
            items[2],
            "item: Change answer 3: Lack of oxygen of the fetus during pregnancy: unknown"
        );
        assert_eq!(
            items[8],
            "item: Change answer 9: Gestational age at birth: 30+4 weeks (30.6 weeks)"
        );
        assert_eq!(items[12], "item: Change answer 13: Asphyxia at birth: yes");
        assert_eq!(
            items[16 + 12],
            "item: Change answer 13: Asphyxia at birth: no"
        );
        assert_eq!(
            items[32 + 8],
            "item: Change answer 9: Gestational age at birth: 39+1 weeks (39.1 weeks)"
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
            codings: None,
        }
        .parse_json(json.as_bytes())
        .unwrap();
        assert!(back.errors.is_empty());
        assert_eq!(back.answers, answers);
    }

    #[test]
    fn a_plain_number_is_echoed_with_its_unit_not_lost() {
        let r = rules();
        let mut script = vec!["No"; 8];
        script.extend(["31.5", "1850"]);
        script.extend(["No"; 6]);
        script.push("Confirm");
        let mut p = Scripted::new(&script);
        questionnaire(&r, &mut p).unwrap();
        assert!(
            p.shown
                .iter()
                .any(|s| s == "  31.5 = 31.5 weeks, that is 31 weeks 3.5 days"),
            "{:#?}",
            p.shown
        );
        assert!(p.shown.iter().any(|s| s == "  1850 = 1850 g"));
        assert!(
            !p.shown.iter().any(|s| s.starts_with("   ")),
            "no echo without its number"
        );
    }

    #[test]
    fn help_and_back_are_not_echoed_as_answers_and_enter_at_a_number_says_dont_know() {
        let r = rules();
        let mut script = vec!["Help", "No"];
        script.extend(["No"; 7]);
        script.extend(["?", "", "3400"]);
        script.extend(["No"; 6]);
        script.push("Confirm");
        let mut p = Scripted::new(&script);
        questionnaire(&r, &mut p).unwrap();
        let answered: Vec<&String> = p.shown.iter().filter(|s| s.starts_with('✔')).collect();
        assert_eq!(
            answered.len(),
            17,
            "16 answers and the confirmation: {answered:#?}"
        );
        assert!(
            answered.iter().all(|s| !s.contains("Help")),
            "{answered:#?}"
        );
        assert_eq!(answered[8], "✔ Your answer · Don't know");
        assert_eq!(answered[9], "✔ Your answer · 3400");
        assert_eq!(
            answered[16],
            "✔ Confirm, or choose an answer to change · Confirm and show the result"
        );
    }

    #[test]
    fn escape_at_a_number_goes_back() {
        let r = rules();
        let mut script = vec!["No"; 8];
        script.extend(["39", "esc", "40", "3400"]);
        script.extend(["No"; 6]);
        script.push("Confirm");
        let mut p = Scripted::new(&script);
        let answers = questionnaire(&r, &mut p).unwrap();
        assert!(
            matches!(value(&r, &answers, "gestational_age_weeks"), Answer::Number { value, .. } if value == 40.0)
        );
        let numbers: Vec<&String> = p.shown.iter().filter(|s| s.contains("[initial:")).collect();
        assert_eq!(
            numbers[2], "Your answer [initial: Some(\"39\")]",
            "{numbers:#?}"
        );
    }

    #[test]
    fn escape_at_the_review_goes_back_to_the_last_question_not_to_the_result() {
        let r = rules();
        let mut script = full_script();
        script.pop();
        script.extend(["esc", "Yes", "Confirm"]);
        let mut p = Scripted::new(&script);
        let answers = questionnaire(&r, &mut p).unwrap();
        assert_eq!(value(&r, &answers, "short_umbilical_cord"), Answer::Yes);
        let q16 = p
            .shown
            .iter()
            .filter(|s| s.starts_with("Birth, question 16 of 16"))
            .count();
        assert_eq!(q16, 2, "question 16 is asked again after Esc at the review");
        // Esc while changing an answer from the review keeps the answer.
        let mut script = full_script();
        script.pop();
        script.extend(["Change answer 13:", "esc", "Confirm"]);
        let answers = questionnaire(&r, &mut Scripted::new(&script)).unwrap();
        assert_eq!(value(&r, &answers, "birth_asphyxia"), Answer::Yes);
    }

    #[test]
    fn back_erases_the_question_left_and_the_one_gone_back_to() {
        let r = rules();
        let mut script = vec!["No"; 4];
        // Question 5 opens the family section; Back from it returns to question 4.
        script.extend(["Back", "Yes"]);
        script.extend(["No"; 4]);
        script.extend(["39", "3400"]);
        script.extend(["No"; 6]);
        script.push("Confirm");
        let mut p = Scripted::new(&script);
        p.erasing = true;
        questionnaire(&r, &mut p).unwrap();
        let count = |prefix: &str| p.shown.iter().filter(|s| s.starts_with(prefix)).count();
        assert_eq!(count("Pregnancy, question 4 of 16"), 1, "{:#?}", p.shown);
        assert_eq!(count("Family, question 5 of 16"), 1);
        assert_eq!(count("── Family ──"), 1);
        assert_eq!(count("── Review your answers ──"), 1);
        let q4 = p
            .shown
            .iter()
            .position(|s| s.starts_with("Pregnancy, question 4"))
            .unwrap();
        assert_eq!(
            p.shown[q4 + 7],
            "✔ Your answer · Yes",
            "{:#?}",
            &p.shown[q4..]
        );
    }

    #[test]
    fn review_items_keep_the_answer_in_view_on_a_narrow_terminal() {
        let label = "gestational age at birth";
        assert_eq!(
            review_item(9, label, "31 weeks", Some(40)),
            "Change answer 9: Gestational…: 31 weeks"
        );
        assert_eq!(
            review_item(9, label, "31 weeks", Some(80)),
            "Change answer 9: Gestational age at birth: 31 weeks"
        );
        assert_eq!(
            review_item(9, label, "31 weeks", None),
            "Change answer 9: Gestational age at birth: 31 weeks"
        );
        let r = rules();
        let mut script = full_script();
        script.pop();
        script.push("Confirm");
        let mut p = Scripted::new(&script);
        p.item_width = Some(37);
        questionnaire(&r, &mut p).unwrap();
        let items: Vec<&String> = p
            .shown
            .iter()
            .filter(|s| s.starts_with("item: Change"))
            .collect();
        assert_eq!(items[0], "item: Change answer 1: Infection of t…: yes");
    }

    #[test]
    fn a_negative_number_names_the_accepted_forms_once() {
        let r = rules();
        let mut script = vec!["No"; 8];
        script.extend(["-5", "39", "3400"]);
        script.extend(["No"; 6]);
        script.push("Confirm");
        let mut p = Scripted::new(&script);
        questionnaire(&r, &mut p).unwrap();
        let again = p.shown.iter().find(|s| s.starts_with("re-prompt")).unwrap();
        assert_eq!(again.matches("31w4d").count(), 1, "{again}");
        assert!(again.ends_with("or Enter if you don't know."), "{again}");
    }

    #[test]
    fn save_refuses_to_replace_a_file_or_a_link_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.json");
        std::fs::write(&file, "{}").unwrap();
        let refused = |p: &Path, force| match refuse_overwrite(p, force) {
            Err(Error::Usage(u)) => u.code() == "save_exists",
            _ => false,
        };
        assert!(refused(&file, false));
        assert!(refuse_overwrite(&file, true).is_ok());
        assert!(refuse_overwrite(&dir.path().join("new.json"), false).is_ok());
        #[cfg(unix)]
        {
            let link = dir.path().join("dangling.json");
            std::os::unix::fs::symlink(dir.path().join("nowhere"), &link).unwrap();
            assert!(
                refused(&link, false),
                "a broken link is not replaced either"
            );
            // A device is written to, not replaced.
            assert!(refuse_overwrite(Path::new("/dev/null"), false).is_ok());
        }
    }

    #[test]
    fn menu_items_are_cut_by_columns_and_by_bytes() {
        assert_eq!(fit("Short umbilical cord", 40), "Short umbilical cord");
        assert_eq!(fit("Short umbilical cord", 10), "Short umb…");
        // "…" is three bytes: 10 columns but 12 bytes do not fit in 11 bytes.
        assert_eq!(fit_within("Short umb…", 40, 11), "Short um…");
        let chinese = "脐带过短脐带过短脐带过短";
        let cut = fit_within(chinese, 40, 20);
        assert!(cut.len() <= 20 && cut.ends_with('…'), "{cut}");
        assert!(display_width(&fit(chinese, 9)) <= 9);
    }

    #[test]
    fn plain_menus_take_words_as_well_as_numbers() {
        let items = {
            let mut items = yes_no_items();
            let w = words::get();
            for (p, s) in [
                (Phrase::Help, Shortcut::Help),
                (Phrase::Back, Shortcut::Back),
            ] {
                items.push(Item {
                    label: w.phrase(p).to_string(),
                    keys: w.shortcuts(s),
                });
            }
            items
        };
        let input = b"y\nNO\n?\nback\nDon't know\n dk \n2\n" as &[u8];
        let mut out = Vec::new();
        let mut p = PlainPrompter::new(input, &mut out);
        let chosen: Vec<Option<usize>> =
            (0..7).map(|_| p.select("Q?", &items, 2).unwrap()).collect();
        assert_eq!(
            chosen,
            [
                Some(0),
                Some(1),
                Some(3),
                Some(4),
                Some(2),
                Some(2),
                Some(1)
            ]
        );
    }

    #[test]
    fn plain_mode_wraps_to_the_terminal_width_when_given_one() {
        let mut out = Vec::new();
        let mut p = PlainPrompter::new(b"\n" as &[u8], &mut out).width(Some(30));
        p.say("Birth, question 13 of 16: Did the baby have asphyxia at birth?")
            .unwrap();
        let items = vec![Item {
            label: "Change answer 13: Asphyxia at birth: yes".into(),
            keys: &[],
        }];
        p.select("Confirm, or choose an answer to change", &items, 0)
            .unwrap();
        let shown = String::from_utf8(out).unwrap();
        assert!(
            shown.starts_with("Birth, question 13 of 16: Did\nthe baby have asphyxia at\nbirth?\n"),
            "{shown}"
        );
        assert!(
            shown.contains("  1) Change answer 13:\n     Asphyxia at birth: yes\n"),
            "{shown}"
        );
    }

    #[test]
    fn plain_prompter_numbers_choices_and_re_asks() {
        let input = b"7\n\n2\n" as &[u8];
        let mut out = Vec::new();
        let mut p = PlainPrompter::new(input, &mut out);
        let items = yes_no_items();
        assert_eq!(p.select("Q?", &items, 2).unwrap(), Some(2));
        assert_eq!(p.select("Q?", &items, 2).unwrap(), Some(1));
        let shown = String::from_utf8(out).unwrap();
        assert!(shown.contains("  1) Yes\n  2) No\n  3) Don't know\n"));
        assert!(shown.contains("Choose 1 to 3 (Enter = 3, Don't know): "));
        assert!(shown.contains(
            "\"7\" is not one of the choices; type a number from 1 to 3, or \"yes\", \"no\" or \"don't know\"."
        ));
    }

    #[test]
    fn plain_prompter_keeps_the_initial_value_on_enter() {
        let mut out = Vec::new();
        let mut p = PlainPrompter::new(b"\n" as &[u8], &mut out);
        let check: Check<'_> = &|_| Ok(());
        assert_eq!(
            p.input("Q?", "hint", Some("31+4"), check)
                .unwrap()
                .as_deref(),
            Some("31+4")
        );
        assert!(
            String::from_utf8(out)
                .unwrap()
                .contains("(Enter keeps 31+4) > ")
        );
    }
}
