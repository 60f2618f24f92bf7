//! The arrow-key questionnaire on a terminal: dialoguer prompts, drawn on stderr, every
//! line fitted to the terminal and every row counted so that it can be erased.

use std::io;

use colored::Colorize;

use super::{
    Check, Item, PromptError, PromptResult, Prompter, first_keys, last_number, typed_choice,
};
use crate::output::text::{MIN_ROOM, display_width, wrap};
use crate::sanitize::escape_control;
use crate::words::{self, Phrase};

/// `text` cut to at most `width` terminal columns, with "…" where it was cut.
pub(super) fn fit(text: &str, width: usize) -> String {
    if display_width(text) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = display_width(c.encode_utf8(&mut [0; 4]));
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

/// A label given on several rows (`\n` between them) as one line, for a sentence.
fn one_line(label: &str) -> String {
    label.split('\n').collect::<Vec<_>>().join(" ")
}

/// The columns of the marker before a menu item ("❯ ").
const MARKER: usize = 2;

/// A menu item as drawn: its tag, then its label ("3) Don't know").
fn tagged(tag: &str, label: &str) -> String {
    format!("{tag}) {label}")
}

/// What has been typed at a menu, read as it arrives: a word typed with an input method
/// comes as several characters at once, a number of two digits as two keys.
#[derive(Debug, Default)]
pub(super) struct Typed {
    text: String,
}

/// What a typed character did.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Typing {
    /// The text typed so far names this item (its number or one of its words).
    Chose(usize),
    /// The start of a number or word of some item: wait for more.
    Partial,
    /// Names nothing, and starts nothing: the text is what was typed.
    Nothing(String),
}

impl Typed {
    pub(super) fn push(&mut self, c: char, items: &[Item]) -> Typing {
        let starts = |t: &str| {
            items.iter().any(|i| {
                i.keys.iter().any(|k| k.starts_with(t) && *k != t)
                    || i.number.is_some_and(|n| n.to_string().starts_with(t))
            })
        };
        // The character continues what was typed, or starts afresh.
        for text in [format!("{}{c}", self.text), c.to_string()] {
            let t = text.to_lowercase();
            if let Some(i) = super::named_item(&t, items) {
                self.text = t;
                return Typing::Chose(i);
            }
            if starts(&t) {
                self.text = t;
                return Typing::Partial;
            }
        }
        let typed = format!("{}{c}", self.text);
        self.text.clear();
        Typing::Nothing(typed)
    }

    pub(super) fn clear(&mut self) {
        self.text.clear();
    }
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
    /// `rows` when the screen was last cleared (on a resize): rows before it are gone, and
    /// erasing never goes above it.
    floor: usize,
    /// The terminal's size (rows, columns) when the rows were counted.
    size: (u16, u16),
    /// What was typed at the line editor when the terminal changed size: offered again
    /// when the question is drawn again.
    kept: Option<String>,
}

impl TermPrompter {
    pub fn new() -> TermPrompter {
        let term = console::Term::stderr();
        TermPrompter {
            size: term.size(),
            term,
            theme: dialoguer::theme::ColorfulTheme::default(),
            rows: 0,
            floor: 0,
            kept: None,
        }
    }

    /// Whether the terminal's size is no longer the one the rows were counted at.
    fn size_changed(&self) -> bool {
        self.term.size() != self.size
    }

    /// Whether the terminal changed size since the rows were counted. If it did, the rows
    /// on the screen are no longer the rows counted (a terminal may re-flow them, a
    /// narrower one wraps every long line), so no count can erase them: the screen is
    /// cleared, and whatever is drawn next starts at its top.
    fn resized(&mut self) -> io::Result<bool> {
        let size = self.term.size();
        if size == self.size {
            return Ok(false);
        }
        self.size = size;
        self.term.clear_screen()?;
        self.floor = self.rows;
        Ok(true)
    }

    fn cols(&self) -> usize {
        usize::from(self.term.size().1).max(10)
    }

    /// Text is wrapped one column short of the terminal, and never wider than 100.
    fn wrap_width(&self) -> usize {
        self.cols().min(100) - 1
    }

    /// Whether the line editor's prompt leaves too little room for an answer on one line
    /// ("4 lb 1 oz", "31 weeks 4 days"): then the prompt goes on a line of its own.
    fn narrow_input(&self, prompt: &str) -> bool {
        use dialoguer::theme::Theme;
        let mut head = String::new();
        let _ = self.theme.format_input_prompt(&mut head, prompt, None);
        self.wrap_width()
            .saturating_sub(console::measure_text_width(&head))
            < MIN_ROOM
    }

    /// Writes one line and counts the rows it takes.
    fn line(&mut self, text: &str) -> io::Result<()> {
        self.resized()?;
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
    /// On a narrow terminal (`narrow_input`) the line has the prompt's arrow alone, the
    /// prompt being said above it.
    fn edit_line(
        &mut self,
        prompt: &str,
        initial: &str,
        narrow: bool,
    ) -> PromptResult<Option<String>> {
        use console::Key;
        use dialoguer::theme::Theme;
        let mut head = String::new();
        let prompt = if narrow { "" } else { prompt };
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
        let keys = crate::terminal::KeyWait::new();
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
            // As in a menu: a resize is seen at once, and a key pressed on the line drawn
            // for the old size is not taken. What was typed is kept for the line drawn
            // again.
            while !keys.key(RESIZE_WATCH) && !self.size_changed() {}
            let key = if self.size_changed() {
                None
            } else {
                Some(self.term.read_key()?)
            };
            if self.resized()? {
                self.kept = Some(text);
                return Err(PromptError::Resized);
            }
            let Some(key) = key else { continue };
            match key {
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

/// How often a menu waiting for a key looks at the terminal's size.
const RESIZE_WATCH: std::time::Duration = std::time::Duration::from_millis(100);

/// With fewer rows than this, dialoguer's paged menu cannot be drawn (at one or two rows it
/// panics): the choices are listed and one is typed on a line instead.
const MIN_MENU_ROWS: u16 = 4;

impl TermPrompter {
    /// An arrow-key menu: ↑ ↓ (and Tab, Home, End, Page Up and Down) move, an item's number
    /// or word typed moves to it, Enter chooses, Esc returns `None`. Drawn here rather than
    /// by dialoguer, whose menu reads no other key and measures items in bytes.
    fn menu(
        &mut self,
        prompt: &str,
        items: &[Item],
        default: usize,
    ) -> PromptResult<Option<usize>> {
        use console::Key;
        use dialoguer::theme::Theme;
        if self.resized()? {
            return Err(PromptError::Resized);
        }
        let w = words::get();
        let fits = self.wrap_width();
        let mut head = String::new();
        let _ = self.theme.format_select_prompt(&mut head, prompt);
        if console::measure_text_width(&head) > fits {
            // Too wide for one line: said above a short prompt.
            self.say(prompt)?;
            head.clear();
            let _ = self.theme.format_select_prompt(&mut head, w.short_prompt());
        }
        // Tags right-aligned, so that the labels of "9)" and "10)" start in one column.
        let widest = items
            .iter()
            .map(|i| i.tag().chars().count())
            .max()
            .unwrap_or(0);
        // Each item's rows: the tag and the label's first line, then its further lines (a
        // review answer too wide to share a row with its label) under the label.
        let room = fits.saturating_sub(MARKER).max(4);
        let under = " ".repeat(display_width(&tagged(&" ".repeat(widest), "")));
        let labels: Vec<Vec<String>> = items
            .iter()
            .map(|i| {
                let tag = format!("{:>widest$}", i.tag());
                let mut lines = i.label.split('\n').map(|l| escape_control(l));
                let first = tagged(&tag, &lines.next().unwrap_or_default());
                std::iter::once(fit(&first, room))
                    .chain(lines.map(|l| fit(&format!("{under}{l}"), room)))
                    .collect()
            })
            .collect();
        // As many items as the terminal has rows for, below the prompt and above the note:
        // `page(top)` items from `top` on.
        let rows = usize::from(self.term.size().0);
        let room_rows = rows.saturating_sub(3).max(1);
        let page = |top: usize| {
            let mut used = 0;
            let mut shown = 0;
            for item in &labels[top..] {
                if shown > 0 && used + item.len() > room_rows {
                    break;
                }
                used += item.len();
                shown += 1;
            }
            shown
        };
        let mut top = 0;
        let mut sel = default;
        let mut touched = false;
        let mut typed = Typed::default();
        let mut note: Option<String> = None;
        let mut drawn = 0;
        let keys = crate::terminal::KeyWait::new();
        self.term.hide_cursor()?;
        let outcome = loop {
            if sel < top {
                top = sel;
            }
            while sel >= top + page(top) {
                top += 1;
            }
            let page = page(top);
            let mut lines = vec![head.clone()];
            for (i, label) in labels.iter().enumerate().skip(top).take(page) {
                for (n, row) in label.iter().enumerate() {
                    let mut line = String::new();
                    if n == 0 {
                        let _ = self
                            .theme
                            .format_select_prompt_item(&mut line, row, i == sel);
                    } else {
                        // A further row of the item: in its style, without the marker.
                        let style = if i == sel {
                            &self.theme.active_item_style
                        } else {
                            &self.theme.inactive_item_style
                        };
                        line = format!(
                            "{} {}",
                            self.theme.inactive_item_prefix,
                            style.apply_to(row)
                        );
                    }
                    lines.push(line);
                }
            }
            let below = match &note {
                Some(n) => Some(n.red().to_string()),
                None if !touched => Some(
                    w.menu_enter(&one_line(&items[sel].label))
                        .dimmed()
                        .to_string(),
                ),
                None => None,
            };
            if let Some(below) = below {
                lines.extend(wrap(&below, fits, "  ", "  "));
            }
            if drawn > 0 {
                self.term.clear_last_lines(drawn)?;
            }
            drawn = 0;
            for line in &lines {
                self.term.write_line(line)?;
                drawn += console::measure_text_width(line)
                    .div_ceil(self.cols())
                    .max(1);
            }
            self.term.flush()?;
            // Waiting for a key, the size is watched: a menu drawn for another size is
            // drawn again (by the caller, from the top of a cleared screen) at once.
            while !keys.key(RESIZE_WATCH) && !self.size_changed() {}
            let key = if self.size_changed() {
                None
            } else {
                match self.term.read_key() {
                    Ok(k) => Some(k),
                    Err(e) => break Err(PromptError::from(e)),
                }
            };
            // A key pressed on a menu drawn for another size is not acted on.
            match self.resized() {
                Ok(false) => {}
                Ok(true) => {
                    drawn = 0;
                    break Err(PromptError::Resized);
                }
                Err(e) => break Err(PromptError::from(e)),
            }
            let Some(key) = key else { continue };
            touched = true;
            note = None;
            let last = items.len() - 1;
            match key {
                Key::Enter => break Ok(Some(sel)),
                Key::Escape => break Ok(None),
                Key::CtrlC => break Err(PromptError::Interrupted),
                Key::ArrowDown | Key::Tab => sel = if sel == last { 0 } else { sel + 1 },
                Key::ArrowUp | Key::BackTab => sel = if sel == 0 { last } else { sel - 1 },
                Key::Home => sel = 0,
                Key::End => sel = last,
                Key::PageDown => sel = (sel + page).min(last),
                Key::PageUp => sel = sel.saturating_sub(page),
                Key::Backspace => typed.clear(),
                Key::Char(c) if !c.is_control() && !c.is_whitespace() => {
                    match typed.push(c, items) {
                        Typing::Chose(i) => sel = i,
                        Typing::Partial => {}
                        Typing::Nothing(t) => {
                            let named = first_keys(items);
                            note = Some(w.plain_not_a_choice(
                                &escape_control(&t),
                                last_number(items),
                                &named,
                            ));
                        }
                    }
                    continue;
                }
                _ => {}
            }
            typed.clear();
        };
        if drawn > 0 {
            self.term.clear_last_lines(drawn)?;
        }
        self.term.show_cursor()?;
        self.term.flush()?;
        outcome
    }

    /// A menu as numbered lines and a one-line answer, for a terminal too small to draw one.
    fn select_typed(
        &mut self,
        prompt: &str,
        items: &[Item],
        default: usize,
    ) -> PromptResult<Option<usize>> {
        for item in items {
            self.say(&tagged(&item.tag(), &one_line(&item.label)))?;
        }
        let named = first_keys(items);
        let last = last_number(items);
        let check = |text: &str| match typed_choice(text, items, default) {
            Some(_) => Ok(()),
            None => Err(words::get().plain_not_a_choice(text.trim(), last, &named)),
        };
        let hint = match items[default].number {
            Some(n) => words::get().plain_choose(last, n, &one_line(&items[default].label)),
            None => words::get().plain_choose_key(
                last,
                items[default].key(),
                &one_line(&items[default].label),
            ),
        };
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
        if self
            .term
            .size_checked()
            .is_some_and(|(rows, _)| rows < MIN_MENU_ROWS)
        {
            return self.select_typed(prompt, items, default);
        }
        let chosen = self.menu(prompt, items, default);
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
        let mut initial = self.kept.take().or(initial.map(str::to_string));
        let mut error_rows = 0;
        // Too narrow for the prompt and an answer on one line: the prompt above it.
        let narrow = self.narrow_input(prompt);
        let mut above_rows = 0;
        if narrow {
            use dialoguer::theme::Theme;
            let mut above = String::new();
            let _ = self.theme.format_select_prompt(&mut above, prompt);
            let before = self.rows;
            self.line(&fit(&above, self.wrap_width()))?;
            above_rows = self.rows - before;
        }
        loop {
            let got = self.edit_line(prompt, initial.as_deref().unwrap_or(""), narrow);
            let got = self.on_interrupt(got)?;
            // The edited line and the last error make way for what comes next.
            self.term.clear_line()?;
            if error_rows > 0 {
                self.term.clear_last_lines(error_rows)?;
                self.rows -= error_rows;
            }
            let done = match got {
                None => Some(None),
                Some(text) => match check(&text) {
                    Ok(()) => Some(Some(text)),
                    Err(why) => {
                        initial = None;
                        let before = self.rows;
                        let why = escape_control(&why);
                        for line in wrap(&why, self.wrap_width(), "✘ ", "  ") {
                            self.line(&line.red().to_string())?;
                        }
                        error_rows = self.rows - before;
                        None
                    }
                },
            };
            if let Some(answer) = done {
                // The prompt said above the line goes with it.
                if above_rows > 0 {
                    self.term.clear_last_lines(above_rows)?;
                    self.rows -= above_rows;
                }
                return Ok(answer);
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
        let room = fits.saturating_sub(pad);
        if room < 8
            || answer
                .split_whitespace()
                .any(|word| display_width(word) > room)
        {
            // Too narrow even for that (20 columns): the prompt on a line of its own, and
            // the answer under it.
            let mut head = String::new();
            let _ = self
                .theme
                .format_input_prompt_selection(&mut head, prompt, "");
            if console::measure_text_width(head.trim_end()) > fits {
                head.clear();
                let _ = self
                    .theme
                    .format_input_prompt_selection(&mut head, short, "");
            }
            self.line(&fit(head.trim_end(), fits))?;
            for l in wrap(&answer, fits, "  ", "  ") {
                self.line(&l)?;
            }
            return Ok(());
        }
        let indent = " ".repeat(pad);
        let lines = wrap(&answer, room, "", "");
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

    fn item_width(&self, tag: &str) -> Option<usize> {
        Some(
            self.wrap_width()
                .saturating_sub(MARKER + display_width(&tagged(tag, ""))),
        )
    }

    fn how_to_choose(&mut self) -> PromptResult<()> {
        self.say(words::get().phrase(Phrase::MenuKeys))
    }

    fn mark(&self) -> usize {
        self.rows
    }

    fn erase_to(&mut self, mark: usize) -> PromptResult<()> {
        // What was above a cleared screen is gone already.
        let mark = mark.max(self.floor);
        if self.rows > mark {
            self.term.clear_last_lines(self.rows - mark)?;
            self.rows = mark;
        }
        Ok(())
    }
}
