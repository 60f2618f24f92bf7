//! The arrow-key questionnaire on a terminal: dialoguer prompts, drawn on stderr, every
//! line fitted to the terminal and every row counted so that it can be erased.

use std::io;

use colored::Colorize;

use super::{Check, Item, PromptError, PromptResult, Prompter, first_keys, typed_choice};
use crate::output::text::{display_width, wrap};
use crate::sanitize::escape_control;
use crate::words;

/// `text` cut to at most `width` terminal columns, with "…" where it was cut.
pub(super) fn fit(text: &str, width: usize) -> String {
    fit_within(text, width, usize::MAX)
}

/// `fit`, and at most `bytes` bytes long. dialoguer guesses whether a menu item wraps from
/// its length in bytes, not columns, and then erases lines above the menu at every arrow
/// key: an item with "…" or accented or Chinese text must be short in bytes too.
pub(super) fn fit_within(text: &str, width: usize, bytes: usize) -> String {
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

/// With fewer rows than this, dialoguer's paged menu cannot be drawn (at one or two rows it
/// panics): the choices are listed and one is typed on a line instead.
const MIN_MENU_ROWS: u16 = 4;

impl TermPrompter {
    /// A menu as numbered lines and a one-line answer, for a terminal too small to draw one.
    fn select_typed(
        &mut self,
        prompt: &str,
        items: &[Item],
        default: usize,
    ) -> PromptResult<Option<usize>> {
        for (i, item) in items.iter().enumerate() {
            self.say(&format!("{}) {}", i + 1, item.label))?;
        }
        let named = first_keys(items);
        let check = |text: &str| match typed_choice(text, items, default) {
            Some(_) => Ok(()),
            None => Err(words::get().plain_not_a_choice(text.trim(), items.len(), &named)),
        };
        let hint = words::get().plain_choose(items.len(), default + 1, &items[default].label);
        let typed = self.input(prompt, &hint, None, &check)?;
        Ok(typed.map(|t| typed_choice(&t, items, default).unwrap_or(default)))
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
        if self
            .term
            .size_checked()
            .is_some_and(|(rows, _)| rows < MIN_MENU_ROWS)
        {
            return self.select_typed(prompt, items, default);
        }
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
            self.line(&line.dimmed().to_string())?;
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
                        self.line(&line.red().to_string())?;
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
