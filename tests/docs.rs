//! Keeps every document honest: each transcript and script in every Markdown file of the
//! repository (the READMEs, `docs/`, `python/`, ARCHITECTURE.md, BENCHMARKS.md) is run
//! against the real binary, so that none can go stale.
//!
//! - A `console` block is a transcript: each `$ ` line is run by `bash` in a scratch folder
//!   (which sees the repository's `examples/`, `rules/`, `tests/`, `docs/` and `python/`),
//!   with `cp-screen` on `PATH`, and what it prints (standard output, then standard error)
//!   must match the lines under it exactly. A `> FILE` lands in the scratch folder.
//! - A `sh` (or `bash`, `shell`) block is a script: it is run whole by `bash -e` the same way
//!   and must exit 0.
//! - A `text` block that holds a `$ ` line is a transcript too; as a session on a terminal
//!   cannot be replayed by `bash`, it names the test that replays it.
//!
//! After an intended change of output, `DOCS_UPDATE=always cargo test --test it docs::`
//! writes what the commands print into the documents' `console` blocks (as insta does for
//! snapshots); read every changed line with `git diff` before committing it.
//!
//! A block that cannot run here (it installs something, builds the project, or needs a
//! long benchmark) is preceded by a line `<!-- not run: REASON -->`; a block that another
//! test checks by `<!-- checked by: tests/FILE.rs FUNCTION -->`, and that test must exist.

use std::path::{Path, PathBuf};
use std::process::Command;

/// One fenced block of a Markdown file.
#[derive(Debug)]
struct Block {
    file: String,
    /// The line of the opening fence, 1-based.
    line: usize,
    lang: String,
    body: Vec<String>,
    /// The HTML comment on the line before the fence, if any (`not run: ...`).
    note: Option<String>,
}

fn blocks(file: &str, markdown: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut current: Option<Block> = None;
    let mut previous = "";
    for (i, line) in markdown.lines().enumerate() {
        let trimmed = line.trim();
        match &mut current {
            None => {
                if let Some(info) = trimmed.strip_prefix("```") {
                    let note = previous
                        .trim()
                        .strip_prefix("<!--")
                        .and_then(|n| n.strip_suffix("-->"))
                        .map(|n| n.trim().to_string());
                    current = Some(Block {
                        file: file.to_string(),
                        line: i + 1,
                        lang: info.split_whitespace().next().unwrap_or("").to_string(),
                        body: Vec::new(),
                        note,
                    });
                }
            }
            Some(block) => {
                if trimmed == "```" {
                    out.extend(current.take());
                } else {
                    block.body.push(line.to_string());
                }
            }
        }
        previous = line;
    }
    out
}

/// Every Markdown file of the repository that people read, relative to the crate root.
fn markdown_files(root: &Path) -> Vec<String> {
    let mut files = Vec::new();
    for dir in ["", "docs", "python"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".md") && name != "CHANGELOG.md" {
                files.push(if dir.is_empty() {
                    name
                } else {
                    format!("{dir}/{name}")
                });
            }
        }
    }
    files.sort();
    files
}

/// A scratch folder that sees the repository's example and fixture folders, and holds the
/// two files the documents take for granted: `answers.json`, as the questionnaire's
/// `--save answers.json` writes it (examples/baby.json), and `responses.ndjson`, what a
/// form tool sends back (the form-tool QuestionnaireResponse of the FHIR fixtures).
fn scratch(root: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in ["examples", "rules", "tests", "docs", "python"] {
        std::os::unix::fs::symlink(root.join(name), dir.path().join(name)).unwrap();
    }
    std::fs::copy(
        root.join("examples/baby.json"),
        dir.path().join("answers.json"),
    )
    .unwrap();
    let path = root.join("tests/fixtures/fhir/form-tool.json");
    let response: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    std::fs::write(dir.path().join("responses.ndjson"), format!("{response}\n")).unwrap();
    dir
}

/// `bash` in `dir`, with the binary on `PATH` and a pinned environment, stopped after two
/// minutes (a document that starts something that never ends fails instead of hanging).
fn bash(dir: &Path) -> Command {
    let bin: PathBuf = assert_cmd::cargo::cargo_bin!("cp-screen").into();
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut cmd = Command::new("timeout");
    cmd.args(["--kill-after=5", "120", "bash"]);
    cmd.current_dir(dir)
        .env_clear()
        .env("PATH", path)
        .env("HOME", dir)
        .env("LANG", "C.UTF-8")
        .env("NO_COLOR", "1")
        .env("TERM", "dumb");
    cmd
}

/// The `$ ` commands of a transcript, each with the output shown under it.
fn transcript(block: &Block) -> Vec<(usize, String, String)> {
    let mut out: Vec<(usize, String, String)> = Vec::new();
    for (i, line) in block.body.iter().enumerate() {
        if let Some(command) = line.strip_prefix("$ ") {
            out.push((block.line + 1 + i, command.to_string(), String::new()));
        } else if let Some((_, _, expected)) = out.last_mut() {
            expected.push_str(line);
            expected.push('\n');
        }
    }
    out
}

/// A transcript's command whose output differs: its 1-based line, and what it printed.
type Update = (usize, String);

fn run_console(root: &Path, block: &Block, failures: &mut Vec<String>, updates: &mut Vec<Update>) {
    let dir = scratch(root);
    for (line, command, expected) in transcript(block) {
        let out = bash(dir.path()).arg("-c").arg(&command).output().unwrap();
        let mut shown = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        // A block ends with a newline; so does every command's output.
        if !shown.ends_with('\n') {
            shown.push('\n');
        }
        if shown != expected {
            updates.push((line, shown.clone()));
            failures.push(format!(
                "{}:{line}: `{command}`\n--- the document shows:\n{expected}--- the command prints:\n{shown}",
                block.file
            ));
        }
    }
}

fn run_script(root: &Path, block: &Block, failures: &mut Vec<String>) {
    let dir = scratch(root);
    let script = block.body.join("\n");
    let out = bash(dir.path())
        .args(["-e", "-o", "pipefail", "-c"])
        .arg(&script)
        .output()
        .unwrap();
    if !out.status.success() {
        failures.push(format!(
            "{}:{}: the script exits {:?}\n{script}\n--- it printed:\n{}{}",
            block.file,
            block.line,
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
}

/// A `checked by: tests/FILE.rs FUNCTION` note names a test that exists.
fn checked_elsewhere(root: &Path, note: &str) -> Result<(), String> {
    let rest = note
        .strip_prefix("checked by:")
        .ok_or_else(|| format!("`{note}` is neither `not run: REASON` nor `checked by: ...`"))?;
    let mut words = rest.split_whitespace();
    let (Some(file), Some(function)) = (words.next(), words.next()) else {
        return Err(format!("`{note}` names no file and test"));
    };
    let source = std::fs::read_to_string(root.join(file)).map_err(|e| format!("{file}: {e}"))?;
    if source.contains(&format!("fn {function}(")) {
        Ok(())
    } else {
        Err(format!("{file} has no test `{function}`"))
    }
}

#[test]
fn every_transcript_and_script_in_the_documents_runs_as_shown() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = markdown_files(root);
    assert!(files.iter().any(|f| f == "docs/batch.md"), "{files:?}");
    let mut failures = Vec::new();
    let mut ran = 0;
    let update = std::env::var("DOCS_UPDATE").is_ok_and(|v| v == "always");
    for file in &files {
        let markdown = std::fs::read_to_string(root.join(file)).unwrap();
        let mut updates = Vec::new();
        for block in blocks(file, &markdown) {
            let is_transcript = block.body.iter().any(|l| l.starts_with("$ "));
            let runnable = match block.lang.as_str() {
                "console" => true,
                "sh" | "bash" | "shell" => true,
                "text" => is_transcript,
                _ => false,
            };
            if !runnable {
                continue;
            }
            match &block.note {
                Some(note) if note.starts_with("not run:") => {
                    if note.trim_start_matches("not run:").trim().is_empty() {
                        failures.push(format!("{}:{}: `not run` needs a reason", file, block.line));
                    }
                    continue;
                }
                Some(note) => {
                    if let Err(e) = checked_elsewhere(root, note) {
                        failures.push(format!("{}:{}: {e}", file, block.line));
                    }
                    continue;
                }
                None => {}
            }
            ran += 1;
            match block.lang.as_str() {
                "console" => run_console(root, &block, &mut failures, &mut updates),
                "text" => failures.push(format!(
                    "{}:{}: a terminal transcript needs `<!-- checked by: tests/FILE.rs TEST -->`",
                    file, block.line
                )),
                _ => run_script(root, &block, &mut failures),
            }
        }
        if update && !updates.is_empty() {
            std::fs::write(root.join(file), rewrite(&markdown, &updates)).unwrap();
        }
    }
    assert!(ran >= 20, "only {ran} blocks ran");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `markdown` with the output under each updated command (by its line) replaced.
fn rewrite(markdown: &str, updates: &[Update]) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for (i, line) in markdown.lines().enumerate() {
        let number = i + 1;
        if skipping {
            if line.starts_with("$ ") || line.trim() == "```" {
                skipping = false;
            } else {
                continue;
            }
        }
        out.push_str(line);
        out.push('\n');
        if let Some((_, shown)) = updates.iter().find(|(at, _)| *at == number) {
            out.push_str(shown);
            skipping = true;
        }
    }
    out
}

#[test]
fn an_update_replaces_only_the_output_of_the_commands_that_changed() {
    let md = "a\n```console\n$ cp-screen x\nold\nold 2\n$ cp-screen y\nsame\n```\nb\n";
    let updated = rewrite(md, &[(3, "new\n".to_string())]);
    assert_eq!(
        updated,
        "a\n```console\n$ cp-screen x\nnew\n$ cp-screen y\nsame\n```\nb\n"
    );
}

#[test]
fn blocks_are_read_with_their_notes() {
    let md = "text\n<!-- not run: installs -->\n```sh\ncargo install x\n```\n```console\n$ cp-screen a\nout\n$ cp-screen b\n```\n";
    let found = blocks("x.md", md);
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].note.as_deref(), Some("not run: installs"));
    assert_eq!(found[0].lang, "sh");
    assert_eq!(found[1].note, None);
    let commands = transcript(&found[1]);
    assert_eq!(commands[0].1, "cp-screen a");
    assert_eq!(commands[0].2, "out\n");
    assert_eq!(commands[1].2, "");
    assert_eq!(commands[1].0, 9);
}

#[test]
fn the_oldest_rust_is_declared_and_the_readme_names_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let version = manifest
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = \""))
        .and_then(|v| v.strip_suffix('"'))
        .expect("Cargo.toml declares rust-version");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(
        readme.contains(&format!("Rust {version} or newer")),
        "the README names Rust {version}"
    );
    // The binary is installed before the README first runs a bare `cp-screen`.
    let install = readme.find("cargo install --path .").unwrap();
    let first_use = readme.find("\n$ cp-screen").unwrap();
    assert!(install < first_use);
}

#[test]
fn the_readme_stays_short_and_links_every_page_for_its_audiences() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(
        readme.len() <= 25 * 1024,
        "the README is {} bytes",
        readme.len()
    );
    for page in std::fs::read_dir(root.join("docs")).unwrap().flatten() {
        let name = page.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".md") {
            continue;
        }
        let linked = std::iter::once(readme.clone())
            .chain(
                markdown_files(root)
                    .iter()
                    .filter(|f| f.starts_with("docs/"))
                    .map(|f| std::fs::read_to_string(root.join(f)).unwrap()),
            )
            .any(|text| {
                text.contains(&format!("docs/{name})")) || text.contains(&format!("({name}"))
            });
        assert!(
            linked,
            "docs/{name} is linked from the README or another page"
        );
    }
}

#[test]
fn every_relative_link_in_the_documents_leads_to_a_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut broken = Vec::new();
    for file in markdown_files(root) {
        let text = std::fs::read_to_string(root.join(&file)).unwrap();
        let base = root.join(&file);
        let base = base.parent().unwrap();
        let mut rest = text.as_str();
        while let Some(at) = rest.find("](") {
            rest = &rest[at + 2..];
            let Some(end) = rest.find(')') else { break };
            let target = &rest[..end];
            let path = target.split('#').next().unwrap();
            if path.is_empty() || path.contains("://") || path.starts_with("mailto:") {
                continue;
            }
            if !base.join(path).exists() {
                broken.push(format!("{file}: {target}"));
            }
        }
    }
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn the_result_object_table_lists_every_field() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let page = std::fs::read_to_string(root.join("docs/batch.md")).unwrap();
    let out = Command::new(assert_cmd::cargo::cargo_bin!("cp-screen"))
        .current_dir(root)
        .args(["screen", "--explain", "-f", "jsonl"])
        .args(["examples/explain.json", "examples/baby.json"])
        .output()
        .unwrap();
    let first = String::from_utf8(out.stdout).unwrap();
    let result: serde_json::Value = serde_json::from_str(first.lines().next().unwrap()).unwrap();
    let fields: Vec<&String> = result.as_object().unwrap().keys().collect();
    assert!(fields.len() >= 12, "{fields:?}");
    for field in fields {
        assert!(
            page.contains(&format!("| `{field}` |")),
            "docs/batch.md's result-object table lists `{field}`"
        );
    }
}
