//! The line-by-line questionnaire: numbered choices, no cursor movement or colours, for
//! screen readers and scripts.

use std::io::{self, BufRead, Write};

use super::{
    Check, Item, PromptError, PromptResult, Prompter, first_keys, last_number, typed_choice,
};
use crate::output::text::{display_width, wrap};
use crate::sanitize::escape_control;
use crate::words;

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

    /// Writes a prompt the answer is typed after: wrapped like the rest when a width is
    /// set, its last line left open (with its closing space) for the answer.
    fn ask(&mut self, prompt: &str) -> io::Result<()> {
        let Some(width) = self.width else {
            return write!(self.output, "{prompt}");
        };
        let mut lines = wrap(prompt.trim_end(), width, "", "");
        let last = lines.pop().unwrap_or_default();
        for line in lines {
            writeln!(self.output, "{line}")?;
        }
        // The space the answer follows, unless the line is full.
        let space = prompt.ends_with(' ') && display_width(&last) < width;
        write!(self.output, "{last}{}", if space { " " } else { "" })
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
        for item in items {
            let tag = format!("  {}) ", item.tag());
            let rest = " ".repeat(tag.len());
            self.put(&item.label, &tag, &rest)?;
        }
        let w = words::get();
        let last = last_number(items);
        let shown = escape_control(&items[default].label);
        let choose = match items[default].number {
            Some(n) => w.plain_choose(last, n, &shown),
            None => w.plain_choose_key(last, items[default].key(), &shown),
        };
        loop {
            self.ask(&choose)?;
            let line = self.read_line()?;
            if let Some(chosen) = typed_choice(&line, items, default) {
                return Ok(Some(chosen));
            }
            let named = first_keys(items);
            let said = w.plain_not_a_choice(&escape_control(line.trim()), last, &named);
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
                Some(init) => self.ask(&words::get().plain_keep(init))?,
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
