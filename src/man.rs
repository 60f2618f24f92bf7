//! Manual pages: clap_mangen's page of each command, with the sections clap does not
//! make (input formats, exit status, examples) from `words`.

use std::io::{self, Write};
use std::path::Path;

use crate::error::{Error, Exit, Result};
use crate::problem::Usage;

/// The command whose page is wanted: `[]` for cp-screen, `["rules", "check"]`.
pub fn page(cmd: clap::Command, path: Vec<String>) -> Result<clap::Command> {
    let mut cmd = cmd.disable_help_subcommand(true);
    cmd.build();
    let mut found = cmd;
    for name in &path {
        let next = found
            .get_subcommands()
            .find(|s| s.get_name() == name)
            .cloned();
        found = match next {
            Some(sub) => sub,
            None => {
                let names: Vec<&str> = found.get_subcommands().map(|s| s.get_name()).collect();
                return Err(Error::from(Usage::NoSuchCommand {
                    name: path.join(" "),
                    suggestion: crate::suggest::did_you_mean(name, names).map(str::to_string),
                }));
            }
        };
    }
    Ok(found)
}

/// Every page names the program and its version as its source, not only cp-screen's.
fn man(cmd: &clap::Command) -> clap_mangen::Man {
    clap_mangen::Man::new(cmd.clone()).source(format!("cp-screen {}", env!("CARGO_PKG_VERSION")))
}

/// Writes the page of `cmd` (as found by `page`).
/// On a terminal, a page is read, not roff: it goes through `man -l -` (formatted, and
/// shown with the reader's pager). Returns false when `man` cannot be run, so that the
/// caller prints the roff instead.
pub fn show_formatted(cmd: &clap::Command) -> io::Result<bool> {
    let mut roff = Vec::new();
    render(cmd, &mut roff)?;
    let child = std::process::Command::new("man")
        .args(["-l", "-"])
        .stdin(std::process::Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        return Ok(false);
    };
    if let Some(mut stdin) = child.stdin.take() {
        // A pager quit early closes the pipe: not an error.
        let _ = stdin.write_all(&roff);
    }
    let status = child.wait()?;
    Ok(status.success())
}

pub fn render(cmd: &clap::Command, out: &mut dyn Write) -> io::Result<()> {
    man(cmd).render(out)?;
    let top = cmd.get_name() == "cp-screen";
    let sections = crate::words::get().man_sections();
    for (i, (title, paragraphs)) in sections.iter().enumerate() {
        // Input formats for cp-screen and screen, exit status everywhere, examples on
        // cp-screen's page.
        let wanted = match i {
            0 => top || cmd.get_name() == "screen",
            1 => true,
            _ => top,
        };
        if wanted {
            write_section(out, title, paragraphs)?;
        }
    }
    Ok(())
}

/// `cp-screen man --dir DIR`: every page, named as the pages refer to each other.
pub fn write_all(cmd: clap::Command, dir: &Path) -> Result<Exit> {
    let write_err = |source| Error::Write {
        what: dir.display().to_string(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(write_err)?;
    let mut cmd = cmd.disable_help_subcommand(true);
    cmd.build();
    let mut written = Vec::new();
    write_tree(&cmd, dir, &mut written).map_err(write_err)?;
    let stdout = io::stdout();
    let mut out = stdout.lock();
    for path in written {
        writeln!(out, "{}", path.display())?;
    }
    Ok(Exit::Success)
}

fn write_tree(
    cmd: &clap::Command,
    dir: &Path,
    written: &mut Vec<std::path::PathBuf>,
) -> io::Result<()> {
    let path = dir.join(man(cmd).get_filename());
    let mut text = Vec::new();
    render(cmd, &mut text)?;
    std::fs::write(&path, text)?;
    written.push(path);
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        write_tree(sub, dir, written)?;
    }
    Ok(())
}

/// A section in roff: paragraphs, "  N: text" items, and "$ command" examples.
fn write_section(out: &mut dyn Write, title: &str, paragraphs: &[String]) -> io::Result<()> {
    writeln!(out, ".SH \"{}\"", escape(title))?;
    for p in paragraphs {
        if let Some(command) = p.strip_prefix("$ ") {
            writeln!(out, ".PP\n.RS 4\n.nf\n{}\n.fi\n.RE", escape(command))?;
        } else if let Some((tag, text)) = p.strip_prefix("  ").and_then(|i| i.split_once(": ")) {
            writeln!(out, ".TP\n.B {}\n{}", escape(tag), escape(text))?;
        } else {
            writeln!(out, ".PP\n{}", escape(p))?;
        }
    }
    Ok(())
}

/// Text made safe for roff: backslashes and hyphens escaped, no line starting a request.
fn escape(text: &str) -> String {
    let text = text.replace('\\', "\\e").replace('-', "\\-");
    if text.starts_with(['.', '\'']) {
        format!("\\&{text}")
    } else {
        text
    }
}
