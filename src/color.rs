//! The one color decision, made at start-up from `--color`, the terminal and the
//! environment. Text is styled with one crate, `colored`, which follows the decision for
//! standard output; `console` only controls the terminal (and dialoguer's prompt theme,
//! which styles through it, follows the decision for standard error).

use std::io::IsTerminal;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    /// Color when stdout is a terminal, TERM is not "dumb" and NO_COLOR is not set.
    Auto,
    Always,
    Never,
}

/// Decides once whether text output is colored. `colored` alone would ignore `TERM=dumb`
/// and treat an empty `NO_COLOR` as set, so the decision is made here.
pub fn decide(when: ColorWhen, env: &dyn Fn(&str) -> Option<String>, stdout_is_tty: bool) -> bool {
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            let no_color = env("NO_COLOR").is_some_and(|v| !v.is_empty());
            let dumb = env("TERM").is_some_and(|t| t == "dumb");
            stdout_is_tty && !no_color && !dumb
        }
    }
}

/// Applies the decision process-wide.
pub fn apply(when: ColorWhen) -> bool {
    let on = decide(
        when,
        &|k| std::env::var(k).ok(),
        std::io::stdout().is_terminal(),
    );
    colored::control::set_override(on);
    let prompts = decide(
        when,
        &|k| std::env::var(k).ok(),
        std::io::stderr().is_terminal(),
    );
    console::set_colors_enabled(on);
    console::set_colors_enabled_stderr(prompts);
    on
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn auto_colors_only_a_capable_terminal() {
        assert!(decide(ColorWhen::Auto, &env_of(&[("TERM", "xterm")]), true));
        assert!(!decide(
            ColorWhen::Auto,
            &env_of(&[("TERM", "xterm")]),
            false
        ));
        assert!(!decide(ColorWhen::Auto, &env_of(&[("TERM", "dumb")]), true));
        assert!(!decide(
            ColorWhen::Auto,
            &env_of(&[("NO_COLOR", "1")]),
            true
        ));
        // no-color.org: an empty NO_COLOR does not disable color.
        assert!(decide(ColorWhen::Auto, &env_of(&[("NO_COLOR", "")]), true));
    }

    #[test]
    fn explicit_choice_wins() {
        assert!(decide(
            ColorWhen::Always,
            &env_of(&[("NO_COLOR", "1")]),
            false
        ));
        assert!(!decide(ColorWhen::Never, &env_of(&[]), true));
    }
}
