//! The interactive questionnaire. The flow (sections, progress, going back, the review)
//! is written once against the small `Prompter` trait; dialoguer draws it on a terminal,
//! `PlainPrompter` asks line by line for screen readers and scripts, and tests script it.
//! Every question, help text and unit comes from the rule file.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::answers::{Answer, Answers, Record, RecordId, answer_from_text};
use crate::engine::ScreenResult;
use crate::error::{Error, Exit, Result};
use crate::notation;
use crate::output::ReportOptions;
use crate::output::text::display_width;
use crate::problem::Usage;
use crate::rules::{QuestionKind, RuleSet};
use crate::sanitize::escape_control;
use crate::words::{self, Phrase, Shortcut};

mod plain;
mod terminal;
#[cfg(test)]
mod tests;

pub use plain::PlainPrompter;
pub use terminal::TermPrompter;
use terminal::fit;

/// The questionnaire's options (`cp-screen` and `cp-screen ask`).
#[derive(Debug, Clone, clap::Args, Default)]
#[command(group(clap::ArgGroup::new("written").args(["save", "report"]).multiple(true)))]
pub struct AskArgs {
    /// Ask line by line from standard input: numbered choices, no arrow keys or cursor
    /// movement (for screen readers and scripts). Also on when ACCESSIBLE is set or TERM=dumb.
    #[arg(long)]
    pub plain: bool,

    /// Save the answers as an answer record that `cp-screen screen FILE` screens.
    #[arg(long, value_name = "FILE")]
    pub save: Option<PathBuf>,

    /// Also write the report as a printable page (HTML, one A4 page) to FILE, to bring to
    /// a clinician.
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,

    /// After the report, show how every factor was decided.
    #[arg(long)]
    pub explain: bool,

    /// Replace the --save or --report file if it exists; without it, an existing file is
    /// never overwritten.
    #[arg(long, requires = "written")]
    pub force: bool,

    /// An id for the saved answer record (its "id" field), to tell saved records apart
    /// when they are screened together.
    #[arg(long, value_name = "ID", requires = "save", value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub id: Option<String>,
}

/// Why a prompt did not return an answer.
#[derive(Debug)]
pub enum PromptError {
    /// Ctrl-C.
    Interrupted,
    /// Standard input closed before the questionnaire was complete.
    Eof,
    Io(io::Error),
    /// The terminal changed size while a prompt was shown: the prompter cleared the screen,
    /// and what was on it is drawn again (`ask_one`, `review`) at the new size. No key
    /// pressed on the screen drawn for the old size is acted on.
    Resized,
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

/// One choice of a menu: what it says, and the number and words that also choose it
/// (typed on a line in plain mode, or as keys in the arrow-key menu).
#[derive(Debug, Clone)]
pub struct Item {
    pub label: String,
    /// Lower case; the first is the one named when a typed line chooses nothing.
    pub keys: &'static [&'static str],
    /// The number shown before it and typed to choose it; without one, its first key is
    /// shown (the review's Confirm, beside answers numbered as their questions).
    pub number: Option<usize>,
}

impl Item {
    /// The tag shown before the item: "3", or its one-letter key ("c") when it has no
    /// number.
    pub fn tag(&self) -> String {
        match self.number {
            Some(n) => n.to_string(),
            None => self.key().to_string(),
        }
    }

    /// The word named for choosing it: its shortest key ("c" rather than "confirm").
    pub fn key(&self) -> &'static str {
        self.keys
            .iter()
            .copied()
            .min_by_key(|k| k.chars().count())
            .unwrap_or("")
    }
}

/// The item `text` names exactly: its number or one of its words (any case, spaces
/// around ignored).
pub(crate) fn named_item(text: &str, items: &[Item]) -> Option<usize> {
    let t = text.trim().to_lowercase();
    match t.parse::<usize>() {
        Ok(n) => items.iter().position(|i| i.number == Some(n)),
        Err(_) => items.iter().position(|i| i.keys.contains(&t.as_str())),
    }
}

/// The item a typed line chooses: its number, one of its words, or the default for an
/// empty line.
pub(crate) fn typed_choice(text: &str, items: &[Item], default: usize) -> Option<usize> {
    if text.trim().is_empty() {
        return Some(default);
    }
    named_item(text, items)
}

/// The highest number of a menu's items (what "a number from 1 to N" names).
pub(crate) fn last_number(items: &[Item]) -> usize {
    items.iter().filter_map(|i| i.number).max().unwrap_or(0)
}

/// The word that names each item, for "not one of the choices" messages.
pub(crate) fn first_keys(items: &[Item]) -> Vec<&'static str> {
    items
        .iter()
        .filter_map(|i| i.keys.first().copied())
        .collect()
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
    /// The columns a menu item's label may take after its tag ("16) "), when labels longer
    /// than that are cut. A label given on several rows (`\n` between them, each at most
    /// that wide) is drawn so, its further rows under its first.
    fn item_width(&self, _tag: &str) -> Option<usize> {
        None
    }
    /// Says how to choose in this prompter's menus, after the introduction (the arrow-key
    /// menu's keys; plain mode says it at every menu).
    fn how_to_choose(&mut self) -> PromptResult<()> {
        Ok(())
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
    p.how_to_choose()?;

    let mut answers = Answers::unanswered(rules);
    // Where each question's lines start, so that Back can erase them.
    let mut marks = vec![0; total];
    let mut i = 0;
    let mut shown_section = None;
    loop {
        while i < total {
            marks[i] = p.mark();
            if !is_asked(rules, &mut answers, i) {
                // Its ask_when is false, or cannot be decided: not put to the person, who
                // is told why its number is missing.
                if let Some(when) = &rules.questions[i].ask_when {
                    p.say(&w.question_skipped(i + 1, &words::describe(rules, when)))?;
                }
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

/// Asks question `i`; `current` is its answer so far (offered as the default). Asked
/// again from its text when the terminal changes size at its prompt.
fn ask_one(
    rules: &RuleSet,
    p: &mut dyn Prompter,
    i: usize,
    current: &Answer,
    back: BackTo,
) -> PromptResult<Step> {
    let mark = p.mark();
    loop {
        match ask_one_drawn(rules, p, i, current, back) {
            Err(PromptError::Resized) => p.erase_to(mark)?,
            step => return step,
        }
    }
}

/// `ask_one`, drawn once.
fn ask_one_drawn(
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
                .enumerate()
                .map(|(n, (label, s, _))| Item {
                    label: w.phrase(*label).to_string(),
                    keys: keys(*s),
                    number: Some(n + 1),
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
                        if let Some(echo) = words::number_echo(&said, *value, spec) {
                            p.say(&echo)?;
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
        // Confirm is chosen by its word; each answer by its question's number.
        let mut items = vec![Item {
            label: w.phrase(Phrase::Confirm).to_string(),
            keys: w.shortcuts(Shortcut::Confirm),
            number: None,
        }];
        // Every label gets the room left by the widest number.
        let widest = shown.last().map_or(String::new(), |i| (i + 1).to_string());
        let width = p.item_width(&widest);
        items.extend(shown.iter().map(|&i| {
            let answer = words::brief_answer(rules, i, &answers.values[i]);
            Item {
                label: review_item(&rules.questions[i].label, &answer, width),
                keys: &[],
                number: Some(i + 1),
            }
        }));
        let prompt = w.phrase(Phrase::ReviewPrompt);
        let chosen = match p.select(prompt, &items, 0) {
            // Drawn again, whole, at the terminal's new size; the key is not taken.
            Err(PromptError::Resized) => {
                p.erase_to(mark)?;
                continue;
            }
            chosen => chosen?,
        };
        match chosen {
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

/// A review item that fits `width` columns: the label is cut first (to two columns and
/// "…" at the least), so that the item stays on one row; when even that does not fit, the
/// label (cut to the row) is on the item's first row and the answer on rows of its own
/// under it, wrapped and never cut (the rows separated by `\n`, each at most `width`
/// wide).
fn review_item(label: &str, answer: &str, width: Option<usize>) -> String {
    let w = words::get();
    let full = w.review_answer(label, answer);
    let Some(width) = width else { return full };
    let over = display_width(&full).saturating_sub(width);
    if over == 0 {
        return full;
    }
    let keep = display_width(label).saturating_sub(over);
    if keep >= 3 {
        let cut = w.review_answer(&fit(label, keep), answer);
        if display_width(&cut) <= width {
            return cut;
        }
    }
    let head = w.review_answer(label, "");
    let mut rows = vec![fit(head.trim_end(), width.max(1))];
    rows.extend(crate::output::text::wrap(answer, width.max(1), "", ""));
    rows.join("\n")
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
    let saved = crate::answers::SavedWith::now(
        rules,
        words::chosen().tag(),
        crate::clock::date_time(crate::clock::now()),
    );
    map.insert(
        crate::answers::SAVED_WITH_KEY.into(),
        serde_json::to_value(saved).unwrap_or_default(),
    );
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
    refuse_overwrite(path, force)?;
    // Found out now, not after every answer has been given.
    crate::save::check_writable(path).map_err(|source| Error::Write {
        what: path.display().to_string(),
        source,
    })
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
    for path in args.save.iter().chain(&args.report) {
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
        // Taken by `ask_one` and `review`, which draw their prompt again.
        Err(PromptError::Resized) => unreachable!("a resize is redrawn where it happens"),
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
        tell(&saved);
    }
    if let Some(path) = &args.report {
        refuse_overwrite(path, args.force)?;
        let page = report_page(rules, answers, args.explain);
        crate::save::save_atomically(path, &page).map_err(|source| Error::Write {
            what: path.display().to_string(),
            source,
        })?;
        let shown = escape_control(&path.display().to_string()).into_owned();
        tell(&words::get().report_written_to(&shown));
    }
    Ok(Exit::Success)
}

/// Says `text` on standard error: wrapped to the terminal there (a long path broken
/// where it must be), whole to a file or a pipe.
fn tell(text: &str) {
    let cols = io::stderr()
        .is_terminal()
        .then(|| console::Term::stderr().size_checked())
        .flatten()
        .map(|(_, cols)| usize::from(cols).max(10) - 1);
    let mut err = io::stderr().lock();
    match cols {
        Some(width) => {
            for line in crate::output::text::wrap(text, width, "", "") {
                let _ = writeln!(err, "{line}");
            }
        }
        None => {
            let _ = writeln!(err, "{text}");
        }
    }
}

/// The printable page of the questionnaire's result: the same page as `screen --format
/// html` makes of the saved answers.
fn report_page(rules: &RuleSet, answers: Answers, explain: bool) -> Vec<u8> {
    let record = Record {
        answers,
        ..Record::new(rules)
    };
    let result = ScreenResult::alone(rules, record);
    crate::output::html::single_report_page(rules, &result, Default::default(), explain)
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
        kept: Vec::new(),
        mapped: 0,
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
