//! Memory stays flat whatever the input (issue 16): the peak resident memory of the
//! binary on inputs it used to hold whole, measured with `wait4`. Each test streams tens
//! of megabytes, so they are ignored by a plain `cargo test`; CI runs them with
//! `cargo test --test it memory:: -- --ignored --test-threads 1` (see `.ci/run`). No timing
//! is asserted, only a bound on memory that the old code broke by far.
#![cfg(target_os = "linux")]

use crate::util;

use std::io::Write;
use std::process::Stdio;

/// Far above what a run needs (about 5 MiB) and far below what the old code used on the
/// same inputs (64 MiB and more).
const BOUND_KIB: i64 = 32 * 1024;
const MIB: usize = 1024 * 1024;

/// Runs `cp-screen args` with `feed` writing its standard input; returns the exit code and
/// the peak resident memory in KiB.
// The child is reaped by `wait4` (for its resource usage), not by `Child::wait`.
#[allow(clippy::zombie_processes)]
fn peak(args: &[&str], feed: impl FnOnce(&mut dyn Write) + Send + 'static) -> (i32, i64) {
    let mut child = util::cp_std()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        feed(&mut stdin);
    });
    let mut status = 0;
    // SAFETY: rusage is plain data that wait4 fills in for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as i32);
    feeder.join().unwrap();
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    (code, usage.ru_maxrss)
}

/// A piece of standard input: bytes once, or bytes repeated.
enum Part {
    Once(&'static [u8]),
    Repeat(&'static [u8], usize),
}

/// Writes `parts` in order, stopping quietly when the reader has gone.
fn feed(parts: Vec<Part>) -> impl FnOnce(&mut dyn Write) + Send + 'static {
    move |w| {
        for part in parts {
            let (piece, times) = match part {
                Part::Once(b) => (b, 1),
                Part::Repeat(b, n) => (b, n),
            };
            let block = piece.repeat((MIB / piece.len()).max(1));
            let mut left = piece.len() * times;
            while left > 0 {
                let n = left.min(block.len());
                if w.write_all(&block[..n]).is_err() {
                    return;
                }
                left -= n;
            }
        }
    }
}

fn check(what: &str, (code, kib): (i32, i64), expected_code: i32) {
    eprintln!("{what}: exit {code}, peak {} KiB", kib);
    assert_eq!(code, expected_code, "{what}");
    assert!(kib < BOUND_KIB, "{what}: peak {kib} KiB");
}

use Part::{Once, Repeat};

#[test]
#[ignore = "streams tens of MB; CI runs it"]
fn tiny_records_with_long_results_stay_flat() {
    // 64 KiB of `{}` lines was one batch: 21,845 results of 2.8 KB each with --explain.
    for threads in ["1", "8"] {
        let run = peak(
            &["screen", "-f", "jsonl", "--explain", "-j", threads],
            feed(vec![Repeat(b"{}\n", 100_000)]),
        );
        check(&format!("100,000 empty records, -j {threads}"), run, 0);
    }
}

#[test]
#[ignore = "streams tens of MB; CI runs it"]
fn a_long_first_line_is_not_held() {
    let input = feed(vec![
        Once(b"{\"id\": \""),
        Repeat(b"x", 64 * MIB),
        Once(b"\"}\n{}\n"),
    ]);
    check(
        "a 64 MiB first line",
        peak(&["screen", "-f", "jsonl"], input),
        1,
    );
}

#[test]
#[ignore = "streams tens of MB; CI runs it"]
fn a_pretty_or_cut_short_first_record_is_not_held() {
    let input = feed(vec![
        Once(b"{\n \"id\": \"p\",\n"),
        Repeat(b"        \n", 6 * MIB),
        Once(b"}\n{}\n"),
    ]);
    let run = peak(&["screen", "-f", "jsonl"], input);
    check("a pretty first record over 50 MiB", run, 1);
}

#[test]
#[ignore = "streams tens of MB; CI runs it"]
fn leading_blank_lines_are_not_held() {
    let input = feed(vec![Repeat(b"\n", 64 * MIB), Once(b"{}\n")]);
    let run = peak(&["screen", "-f", "jsonl"], input);
    check("64 MiB of blank lines first", run, 0);
}

#[test]
#[ignore = "streams tens of MB; CI runs it"]
fn a_huge_csv_cell_is_not_held() {
    let input = feed(vec![
        Once(b"id,birth_asphyxia\na,"),
        Repeat(b"y", 64 * MIB),
        Once(b"\nb,no\n"),
    ]);
    let run = peak(&["screen", "-f", "jsonl", "--input-format", "csv"], input);
    check("a 64 MiB CSV cell", run, 1);
}

#[test]
#[ignore = "streams tens of MB; CI runs it"]
fn a_huge_plain_prompt_line_is_not_held() {
    let input = feed(vec![
        Repeat(b"1", 64 * MIB),
        Once(b"\n1\n2\n3\n2\n2\n2\n1\n2\n2\n30+4\n1.85 kg\n2\n1\n2\n2\n2\n\n"),
    ]);
    check("a 64 MiB answer line", peak(&["ask", "--plain"], input), 0);
}

#[test]
#[ignore = "streams tens of MB; CI runs it"]
fn a_rule_file_from_a_pipe_is_read_only_to_its_limit() {
    let input = feed(vec![Repeat(b" ", 64 * MIB)]);
    let run = peak(&["rules", "check", "/dev/stdin"], input);
    check("64 MiB of rule file from a pipe", run, 2);
}

#[test]
#[ignore = "streams tens of MB; CI runs it"]
fn a_mapping_file_and_the_quiz_line_from_a_pipe_are_read_only_to_their_limits() {
    // Issue 28, item 13: both were read whole (300 MB from a pipe: 290 MiB).
    let input = feed(vec![Repeat(b" ", 64 * MIB)]);
    let run = peak(
        &[
            "screen",
            "--mapping",
            "/dev/stdin",
            "tests/fixtures/one.json",
        ],
        input,
    );
    check("64 MiB of mapping file from a pipe", run, 2);
    let input = feed(vec![Repeat(b"x", 64 * MIB)]);
    let run = peak(&["demo", "very-preterm", "--quiz"], input);
    check("a 64 MiB line at the quiz's Enter", run, 0);
}

#[test]
#[ignore = "streams tens of MB; CI runs it"]
fn a_bundle_is_held_once_and_its_entries_are_not_copied() {
    // A Bundle is read whole (it is parsed to find its entries), and then only the file
    // is held: 110,000 entries in 8 MiB stay under the file's size plus the usual bound.
    let entry: &'static [u8] =
        b"{\"resource\":{\"resourceType\":\"QuestionnaireResponse\",\"status\":\"completed\"}},";
    let input = feed(vec![
        Once(b"{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":["),
        Repeat(entry, 8 * MIB / entry.len()),
        Once(b"{}]}\n"),
    ]);
    let (code, kib) = peak(&["screen", "-f", "jsonl"], input);
    eprintln!("an 8 MiB Bundle: exit {code}, peak {kib} KiB");
    // The last entry has no resource: one invalid record.
    assert_eq!(code, 1);
    assert!(kib < 8 * 1024 + BOUND_KIB, "peak {kib} KiB");
}

#[test]
#[ignore = "streams tens of MB; CI runs it"]
fn fhir_responses_in_and_bundles_out_stay_flat() {
    let response: &'static [u8] = b"{\"resourceType\":\"QuestionnaireResponse\",\"status\":\"completed\",\"item\":[{\"linkId\":\"birth_weight_grams\",\"answer\":[{\"valueDecimal\":1850}]}]}\n";
    let run = peak(
        &["screen", "-f", "fhir"],
        feed(vec![Repeat(response, 20_000)]),
    );
    check("20,000 responses as FHIR Bundles", run, 0);
}
