//! Keeps the README honest: every command in a `console` block is run, and what it prints
//! (standard output, then standard error, as on a terminal) must match the block exactly.
//! A `> FILE` at the end of a command sends its standard output to a scratch file.

use std::path::Path;
use std::process::Command;

/// One `$ cp-screen ...` line and the output written under it.
#[derive(Debug)]
struct Example {
    line: usize,
    command: String,
    expected: String,
}

fn examples(markdown: &str) -> Vec<Example> {
    let mut out = Vec::new();
    let mut in_console = false;
    let mut current: Option<Example> = None;
    for (i, line) in markdown.lines().enumerate() {
        if !in_console {
            in_console = line.trim() == "```console";
            continue;
        }
        if line.trim() == "```" {
            in_console = false;
            out.extend(current.take());
            continue;
        }
        if let Some(command) = line.strip_prefix("$ ") {
            out.extend(current.take());
            current = Some(Example {
                line: i + 1,
                command: command.to_string(),
                expected: String::new(),
            });
        } else if let Some(example) = &mut current {
            example.expected.push_str(line);
            example.expected.push('\n');
        }
    }
    out
}

/// Splits a command line the way a shell would for these simple cases: spaces, quotes.
fn split(command: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote = None;
    let mut in_word = false;
    for c in command.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                in_word = true;
            }
            (None, ' ') => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

#[test]
fn readme_examples_print_what_the_readme_shows() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let examples = examples(&readme);
    assert!(examples.len() >= 5, "the README has its examples");
    let scratch = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for ex in &examples {
        let mut words = split(&ex.command);
        assert_eq!(
            words.remove(0),
            "cp-screen",
            "README line {}: only cp-screen is run",
            ex.line
        );
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("cp-screen"));
        cmd.current_dir(root)
            .env("NO_COLOR", "1")
            .env_remove("CLICOLOR_FORCE");
        let redirect = words.iter().position(|w| w == ">");
        if let Some(at) = redirect {
            let file = scratch.path().join(&words[at + 1]);
            cmd.stdout(std::fs::File::create(file).unwrap());
            words.truncate(at);
        }
        let out = cmd.args(&words).output().unwrap();
        let shown = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        // A block ends with a newline; so does every command's output.
        let shown = if shown.ends_with('\n') {
            shown
        } else {
            format!("{shown}\n")
        };
        if shown != ex.expected {
            failures.push(format!(
                "README line {}: `{}`\n--- README shows:\n{}--- the command prints:\n{}",
                ex.line, ex.command, ex.expected, shown
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_splitter_handles_quotes() {
    assert_eq!(split("a 'b c' \"d\" e"), ["a", "b c", "d", "e"]);
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
    let first_use = readme.find("\ncp-screen").unwrap();
    assert!(install < first_use);
}

#[test]
fn the_result_object_table_lists_every_field() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
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
            readme.contains(&format!("| `{field}` |")),
            "the README's result-object table lists `{field}`"
        );
    }
}
