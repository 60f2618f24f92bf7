//! Batch screening benchmark: `cargo bench --bench batch [-- --records N --runs R]`.
//!
//! Generates N varied answer records deterministically (JSON Lines and the same records as
//! a top-level array), then measures in one run:
//!   the targets first: the parse floor and JSON Lines, text, HTML and CSV output, CSV
//!       input, in alternating rounds (a floor and each format once per round), each
//!       format's median against the median floor, with its target and peak memory, and
//!       beside it the median of each round's ratio to that round's floor ("paired")
//!       (`--only ratios` runs this part alone); then:
//!   (a) the parse floor: reading the lines and parsing each into `serde::de::IgnoredAny`;
//!   (b) `cp-screen screen --format jsonl` to /dev/null;
//!   (c) the same with `--format text`;
//!   (d) a jq filter doing the equivalent screening, where jq is installed (on a subset);
//!   (e) `cp-screen screen --format jsonl` on the top-level array;
//!   (f) `cp-screen screen --format csv` (the research table);
//!   (g) `cp-screen screen --format jsonl` on the same records as CSV (the valid ones);
//!   (h) the same CSV written as CSV (`--input-format csv --format csv`);
//!   (i) `cp-screen screen --format jsonl` on the valid records as FHIR
//!       QuestionnaireResponses (NDJSON), shaped as a form tool writes them (groups,
//!       LOINC codings, texts), with the parse floor of that file beside it;
//!   (j) FHIR output: `--format jsonl`, `--format fhir` and `--format fhir --fhir compact`
//!       on the same records, in alternating rounds (one of each per round, so that a
//!       change of the machine's load hits all three), with the median of each and the
//!       ratios to JSON Lines; `--only fhir-output` runs this part alone;
//! and the floor again at the end, to see whether the machine's load changed meanwhile.
//! It prints the median wall time of R runs, records per second, peak resident memory and
//! the ratios to the floor and to jq. Nothing here asserts: read the numbers.
//!
//! `CP_SCREEN_BENCH_BIN=/path/to/cp-screen` measures that binary instead of this build's
//! (another commit's release build, copied aside), on the same files.
//! `CP_SCREEN_BENCH_BASE=/path/to/cp-screen` runs that binary too, right after this build
//! on each target in every round, and prints its median and this build's time against it:
//! two commits compared in one run, under the same load.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_cp-screen");

fn main() {
    let mut records: u64 = 1_000_000;
    let mut runs = 3;
    let mut jq_records: u64 = 100_000;
    let mut only: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--records" => {
                records = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--records N")
            }
            "--runs" => runs = args.next().and_then(|v| v.parse().ok()).expect("--runs R"),
            "--only" => only = Some(args.next().expect("--only fhir-output|ratios")),
            "--jq-records" => {
                jq_records = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--jq-records N")
            }
            _ => {} // cargo bench passes --bench
        }
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    let jsonl = dir.join(format!("records-{records}.jsonl"));
    let array = dir.join(format!("records-{records}.json"));
    let jq_input = dir.join(format!("records-{jq_records}.jsonl"));
    generate(&jsonl, &array, records);
    generate(&jq_input, &dir.join("unused.json"), jq_records.min(records));
    let size = std::fs::metadata(&jsonl).unwrap().len();
    if let Some(bin) = std::env::var_os("CP_SCREEN_BENCH_BIN") {
        println!("binary: {}", bin.to_string_lossy());
    }
    println!(
        "input: {records} records, {:.0} MB of JSON Lines; {} cores; median of {runs} runs",
        size as f64 / 1e6,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );

    if only.as_deref() == Some("fhir-output") {
        fhir_output(&jsonl, records, runs);
        return;
    }
    let csv = dir.join(format!("records-{records}.csv"));
    let csv_records = generate_csv(&jsonl, &csv);
    ratios(&jsonl, records, &csv, csv_records, runs);
    if only.as_deref() == Some("ratios") {
        return;
    }
    let floor = median(runs, || (time(|| parse_floor(&jsonl)), 0));
    report("(a) parse floor (IgnoredAny)", records, floor, None, None);
    let jsonl_run = median(runs, || run(&["screen", "--format", "jsonl", "-q"], &jsonl));
    let jq = jq_available().then(|| {
        let (t, _) = median(1, || run_jq(&jq_input));
        // Throughput per record, scaled to the full input for the ratio.
        (t.as_secs_f64() / jq_records as f64, t)
    });
    let jq_rate = jq.map(|(per_record, _)| per_record);
    report(
        "(b) screen --format jsonl",
        records,
        jsonl_run,
        Some(floor.0),
        jq_rate,
    );
    let text = median(runs, || run(&["screen", "--format", "text", "-q"], &jsonl));
    report(
        "(c) screen --format text",
        records,
        text,
        Some(floor.0),
        jq_rate,
    );
    if let Some((_, t)) = jq {
        report(
            &format!("(d) jq, {jq_records} records"),
            jq_records,
            (t, 0),
            None,
            None,
        );
    } else {
        println!("(d) jq: not installed, skipped");
    }
    let arr = median(runs, || run(&["screen", "--format", "jsonl", "-q"], &array));
    report(
        "(e) screen a top-level array",
        records,
        arr,
        Some(floor.0),
        jq_rate,
    );
    let csv_out = median(runs, || run(&["screen", "--format", "csv", "-q"], &jsonl));
    report(
        "(f) screen --format csv",
        records,
        csv_out,
        Some(floor.0),
        jq_rate,
    );
    let csv_in = median(runs, || {
        run(
            &["screen", "--input-format", "csv", "--format", "jsonl", "-q"],
            &csv,
        )
    });
    let csv_floor = floor.0.mul_f64(csv_records as f64 / records as f64);
    report(
        &format!("(g) CSV input, {csv_records} rows"),
        csv_records,
        csv_in,
        Some(csv_floor),
        jq_rate,
    );
    let csv_both = median(runs, || {
        run(
            &["screen", "--input-format", "csv", "--format", "csv", "-q"],
            &csv,
        )
    });
    report(
        "(h) CSV input, CSV out",
        csv_records,
        csv_both,
        Some(csv_floor),
        jq_rate,
    );
    let fhir = dir.join(format!("records-{records}.ndjson"));
    let fhir_records = generate_fhir(&jsonl, &fhir);
    let fhir_floor = median(runs, || (time(|| parse_floor(&fhir)), 0));
    report(
        &format!("    FHIR parse floor, {fhir_records} responses"),
        fhir_records,
        fhir_floor,
        None,
        None,
    );
    let fhir_in = median(runs, || {
        run(
            &[
                "screen",
                "--input-format",
                "fhir",
                "--format",
                "jsonl",
                "-q",
            ],
            &fhir,
        )
    });
    report(
        &format!("(i) FHIR input, {fhir_records} responses"),
        fhir_records,
        fhir_in,
        Some(floor.0.mul_f64(fhir_records as f64 / records as f64)),
        jq_rate,
    );
    println!(
        "    (i) is {:.2}x the parse floor of the FHIR file itself",
        fhir_in.0.as_secs_f64() / fhir_floor.0.as_secs_f64()
    );
    let one = median(runs, || {
        run(&["screen", "--format", "jsonl", "-q", "-j", "1"], &jsonl)
    });
    report(
        "    screen --format jsonl, 1 worker",
        records,
        one,
        Some(floor.0),
        jq_rate,
    );
    fhir_output(&jsonl, records, runs);
    // On a shared machine the floor moves with the load: measured again, it says whether
    // the ratios above can be trusted.
    let again = median(runs, || (time(|| parse_floor(&jsonl)), 0));
    report(
        "    parse floor again, at the end",
        records,
        again,
        None,
        None,
    );
}

/// The targets of the performance issue, in alternating rounds (each round measures the
/// floor and every format once, so that a change in the machine's load touches all
/// alike): each format's median against the median parse floor of the same round set,
/// with peak memory. The CSV input's floor is the JSON floor scaled to its rows.
fn ratios(jsonl: &Path, records: u64, csv: &Path, csv_records: u64, runs: usize) {
    type Case<'a> = (&'a str, &'a [&'a str], bool, f64);
    let cases: [Case; 6] = [
        (
            "JSON Lines out",
            &["screen", "--format", "jsonl", "-q"],
            false,
            1.25,
        ),
        (
            "text out",
            &["screen", "--format", "text", "-q"],
            false,
            5.0,
        ),
        (
            "HTML out",
            &["screen", "--format", "html", "-q"],
            false,
            5.0,
        ),
        ("CSV out", &["screen", "--format", "csv", "-q"], false, 1.5),
        (
            "CSV in, JSON Lines out",
            &["screen", "--input-format", "csv", "--format", "jsonl", "-q"],
            true,
            1.5,
        ),
        (
            "CSV in, CSV out",
            &["screen", "--input-format", "csv", "--format", "csv", "-q"],
            true,
            1.5,
        ),
    ];
    let rounds = runs.max(3);
    println!("targets, {rounds} alternating rounds (floor, then each format, per round):");
    // Another build to compare with, run right after this one on each format in every
    // round: two commits compared in one run, under the same load.
    let base = std::env::var_os("CP_SCREEN_BENCH_BASE");
    let mut floors = Vec::new();
    let mut times: Vec<Vec<(Duration, u64)>> = vec![Vec::new(); cases.len()];
    let mut base_times: Vec<Vec<Duration>> = vec![Vec::new(); cases.len()];
    for _ in 0..rounds {
        floors.push(time(|| parse_floor(jsonl)));
        for (i, (_, args, from_csv, _)) in cases.iter().enumerate() {
            let input = if *from_csv { csv } else { jsonl };
            times[i].push(run(args, input));
            if let Some(base) = &base {
                base_times[i].push(measure(Command::new(base).args(*args).arg(input)).0);
            }
        }
    }
    // Each round's floor, in order, for the paired ratios below.
    let round_floors = floors.clone();
    floors.sort();
    let floor = floors[floors.len() / 2];
    println!(
        "    {:24} {:7.3} s   (min {:.3}, max {:.3})",
        "parse floor",
        floor.as_secs_f64(),
        floors[0].as_secs_f64(),
        floors[floors.len() - 1].as_secs_f64()
    );
    for (i, (name, _, from_csv, target)) in cases.iter().enumerate() {
        let mut ts = times[i].clone();
        ts.sort();
        let rss = ts.iter().map(|t| t.1).max().unwrap_or(0);
        let t = ts[ts.len() / 2].0;
        // CSV input is measured against the floor of as many records as it holds.
        let scale = if *from_csv {
            csv_records as f64 / records as f64
        } else {
            1.0
        };
        let ratio = t.as_secs_f64() / floor.mul_f64(scale).as_secs_f64();
        // The floor is the shortest run and on one core: its median moves most with the
        // machine's load. The median of each round's ratio to that round's floor (run
        // seconds apart) is shown beside it; the target is judged on the medians.
        let mut paired: Vec<f64> = (times[i].iter().zip(&round_floors))
            .map(|(t, f)| t.0.as_secs_f64() / (f.as_secs_f64() * scale))
            .collect();
        paired.sort_by(f64::total_cmp);
        println!(
            "    {name:24} {:7.3} s  {ratio:5.2}x floor (target {target}x: {}; paired {:.2}x)  peak RSS {:5.1} MiB",
            t.as_secs_f64(),
            if ratio <= *target { "met" } else { "NOT met" },
            paired[paired.len() / 2],
            rss as f64 / 1024.0
        );
        if let Some(base) = &base {
            let mut theirs = base_times[i].clone();
            theirs.sort();
            let mut vs: Vec<f64> = (times[i].iter().zip(&base_times[i]))
                .map(|(t, b)| t.0.as_secs_f64() / b.as_secs_f64())
                .collect();
            vs.sort_by(f64::total_cmp);
            println!(
                "      {} {:7.3} s: this build takes {:.2}x its time (paired {:.2}x)",
                base.to_string_lossy(),
                theirs[theirs.len() / 2].as_secs_f64(),
                t.as_secs_f64() / theirs[theirs.len() / 2].as_secs_f64(),
                vs[vs.len() / 2]
            );
        }
    }
}

/// (j) JSON Lines, full FHIR and compact FHIR output of the same records, measured in
/// alternating rounds; medians and the ratios to JSON Lines.
fn fhir_output(jsonl: &Path, records: u64, runs: usize) {
    let formats: [(&str, &[&str]); 3] = [
        (
            "(j) screen --format jsonl",
            &["screen", "--format", "jsonl", "-q"],
        ),
        (
            "(j) screen --format fhir",
            &["screen", "--format", "fhir", "-q"],
        ),
        (
            "(j) screen --format fhir --fhir compact",
            &["screen", "--format", "fhir", "--fhir", "compact", "-q"],
        ),
    ];
    let mut times: [Vec<(Duration, u64)>; 3] = Default::default();
    for round in 0..runs.max(1) {
        for (i, (_, args)) in formats.iter().enumerate() {
            let t = run(args, jsonl);
            println!(
                "    round {round}: {:38} {:7.3} s",
                formats[i].0,
                t.0.as_secs_f64()
            );
            times[i].push(t);
        }
    }
    let medians: Vec<(Duration, u64)> = times
        .into_iter()
        .map(|mut ts| {
            ts.sort();
            let rss = ts.iter().map(|t| t.1).max().unwrap_or(0);
            (ts[ts.len() / 2].0, rss)
        })
        .collect();
    for (i, (name, _)) in formats.iter().enumerate() {
        report(name, records, medians[i], None, None);
    }
    let base = medians[0].0.as_secs_f64();
    println!(
        "    full FHIR {:.2}x and compact FHIR {:.2}x the JSON Lines time (medians)",
        medians[1].0.as_secs_f64() / base,
        medians[2].0.as_secs_f64() / base
    );
}

fn report(
    name: &str,
    records: u64,
    (t, rss_kib): (Duration, u64),
    floor: Option<Duration>,
    jq_per_record: Option<f64>,
) {
    let secs = t.as_secs_f64();
    let mut line = format!(
        "{name:38} {secs:7.3} s {:>12.0} rec/s",
        records as f64 / secs
    );
    if rss_kib > 0 {
        line.push_str(&format!("  peak RSS {:5.1} MiB", rss_kib as f64 / 1024.0));
    }
    if let Some(f) = floor {
        line.push_str(&format!("  {:4.2}x floor", secs / f.as_secs_f64()));
    }
    if let Some(per) = jq_per_record {
        line.push_str(&format!(
            "  {:5.0}x jq throughput",
            per / (secs / records as f64)
        ));
    }
    println!("{line}");
}

fn median(runs: usize, mut f: impl FnMut() -> (Duration, u64)) -> (Duration, u64) {
    let mut results: Vec<(Duration, u64)> = (0..runs.max(1)).map(|_| f()).collect();
    results.sort();
    let rss = results.iter().map(|r| r.1).max().unwrap_or(0);
    (results[results.len() / 2].0, rss)
}

fn time(f: impl FnOnce()) -> Duration {
    let start = Instant::now();
    f();
    start.elapsed()
}

/// The floor: what it costs just to read the lines and parse the JSON.
fn parse_floor(path: &Path) {
    let mut reader = BufReader::with_capacity(256 * 1024, File::open(path).unwrap());
    let mut line = Vec::new();
    let mut n = 0u64;
    while reader.read_until(b'\n', &mut line).unwrap() > 0 {
        if serde_json::from_slice::<serde::de::IgnoredAny>(&line).is_ok() {
            n += 1;
        }
        line.clear();
    }
    std::hint::black_box(n);
}

/// Runs cp-screen on `input` (a file argument), output discarded.
fn run(args: &[&str], input: &Path) -> (Duration, u64) {
    let bin = std::env::var_os("CP_SCREEN_BENCH_BIN").unwrap_or_else(|| BIN.into());
    measure(Command::new(bin).args(args).arg(input))
}

/// Runs a command to completion, output discarded: its wall time and the child's peak
/// resident memory in KiB.
#[expect(
    clippy::zombie_processes,
    reason = "wait_rss reaps the child with wait4"
)]
fn measure(cmd: &mut Command) -> (Duration, u64) {
    let start = Instant::now();
    let child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let rss = wait_rss(child.id());
    (start.elapsed(), rss)
}

/// Waits for a child and returns its peak resident set size in KiB.
fn wait_rss(pid: u32) -> u64 {
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: wait4 writes into the two locals we pass; pid is our own child.
    let r = unsafe { libc::wait4(pid as i32, &mut status, 0, &mut usage) };
    assert!(r > 0, "wait4 failed");
    usage.ru_maxrss as u64
}

fn jq_available() -> bool {
    Command::new("jq")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// jq doing the same screening as far as jq can: yes/no factors, the any-of family
/// history, and numeric thresholds on numbers and plain numeric strings. It reads raw
/// lines and skips those that are not JSON (`fromjson?`), since plain `jq` stops at the
/// first bad line.
const JQ_FILTER: &str = r#"
def yes(k): (.[k] | if . == null then null elif type == "boolean" then . else (ascii_downcase | if . == "yes" or . == "true" then true elif . == "no" or . == "false" then false else null end) end);
def num(k): (.[k] | if type == "number" then . elif type == "string" then (tonumber? // null) else null end);
def st(v): if v == true then "present" elif v == false then "absent" else "not_assessed" end;
def lt(v; t): if v == null then null else v < t end;
def any3(a; b; c): if a == true or b == true or c == true then true elif a == false and b == false and c == false then false else null end;
{id: .id,
 factors: {
  maternal_infection: st(yes("maternal_infection")),
  harmful_exposure: st(yes("harmful_exposure")),
  fetal_hypoxia: st(yes("fetal_hypoxia")),
  maternal_nutrition_disorder: st(yes("maternal_nutrition_disorder")),
  family_history: st(any3(yes("family_cerebral_palsy"); yes("family_epilepsy"); yes("family_intellectual_disability"))),
  chromosomal_abnormality: st(yes("chromosomal_abnormality")),
  preterm_under_32_weeks: st(lt(num("gestational_age_weeks"); 32)),
  threatened_miscarriage: st(yes("threatened_miscarriage")),
  birth_weight_under_2000_g: st(lt(num("birth_weight_grams"); 2000)),
  fetal_malformation: st(yes("fetal_malformation")),
  birth_asphyxia: st(yes("birth_asphyxia")),
  amnion_abnormality: st(yes("amnion_abnormality")),
  abnormal_fetal_position: st(yes("abnormal_fetal_position")),
  short_umbilical_cord: st(yes("short_umbilical_cord"))}}
| {id, present: [.factors | to_entries[] | select(.value == "present") | .key],
   not_assessed: [.factors | to_entries[] | select(.value == "not_assessed") | .key],
   absent: [.factors | to_entries[] | select(.value == "absent") | .key]}
"#;

fn run_jq(input: &Path) -> (Duration, u64) {
    measure(
        Command::new("jq")
            .args(["-cR", &format!("fromjson? | {JQ_FILTER}")])
            .stdin(File::open(input).unwrap()),
    )
}

/// A small deterministic generator (xorshift), so every run screens the same records.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const YES_NO: [&str; 13] = [
    "maternal_infection",
    "harmful_exposure",
    "fetal_hypoxia",
    "maternal_nutrition_disorder",
    "family_cerebral_palsy",
    "family_epilepsy",
    "family_intellectual_disability",
    "chromosomal_abnormality",
    "threatened_miscarriage",
    "fetal_malformation",
    "birth_asphyxia",
    "amnion_abnormality",
    "abnormal_fetal_position",
];

fn record(rng: &mut Rng, i: u64, out: &mut Vec<u8>) {
    out.clear();
    write!(out, "{{\"id\":\"r{i:07}\"").unwrap();
    for q in YES_NO.iter().chain(["short_umbilical_cord"].iter()) {
        let v = match rng.below(20) {
            0..=1 => continue, // unanswered
            2 => "\"unknown\"",
            3 => "null",
            4..=5 => "\"yes\"",
            6 => "true",
            7 => "false",
            8 => "\"No\"",
            _ => "\"no\"",
        };
        write!(out, ",\"{q}\":{v}").unwrap();
    }
    let weeks = 24 + rng.below(18);
    let days = rng.below(7);
    match rng.below(6) {
        0 => write!(out, ",\"gestational_age_weeks\":\"{weeks}+{days}\"").unwrap(),
        1 => write!(out, ",\"gestational_age_weeks\":\"{weeks}w{days}d\"").unwrap(),
        2 => write!(out, ",\"gestational_age_weeks\":{weeks}.5").unwrap(),
        3 => {}
        _ => write!(out, ",\"gestational_age_weeks\":{weeks}").unwrap(),
    }
    let grams = 500 + rng.below(4000);
    match rng.below(6) {
        0 => write!(
            out,
            ",\"birth_weight_grams\":\"{}.{:03} kg\"",
            grams / 1000,
            grams % 1000
        )
        .unwrap(),
        1 => write!(
            out,
            ",\"birth_weight_grams\":\"{} lb {} oz\"",
            grams / 454,
            (grams % 454) / 29
        )
        .unwrap(),
        2 => write!(out, ",\"birth_weight_grams\":\"{grams} g\"").unwrap(),
        3 => {}
        _ => write!(out, ",\"birth_weight_grams\":{grams}").unwrap(),
    }
    // About 1 record in 100 is invalid: out of range, a typo'd field, or broken JSON.
    match rng.below(300) {
        0 => write!(out, ",\"birth_weight_grams_typo\":\"x\"").unwrap(),
        1 => write!(out, ",\"gestation_note\":353").unwrap(),
        2 => {
            out.extend_from_slice(b",\"broken\":");
            return;
        }
        _ => {}
    }
    out.push(b'}');
}

/// Writes the JSON Lines and array files unless they already hold `n` records.
/// The records of `jsonl` that are JSON objects, as a CSV table with a column per question
/// (values as written, unknown keys dropped); returns how many rows it has.
fn generate_csv(jsonl: &Path, csv: &Path) -> u64 {
    let marker = csv.with_extension("csv-done");
    let rules = cp_screen::rules::RuleSet::default_rules();
    let columns: Vec<&str> = std::iter::once("id").chain(rules.question_ids()).collect();
    if marker.exists() && csv.exists() {
        return std::fs::read_to_string(&marker)
            .unwrap()
            .trim()
            .parse()
            .unwrap();
    }
    let mut out = csv::Writer::from_path(csv).unwrap();
    out.write_record(&columns).unwrap();
    let mut rows = 0;
    for line in BufReader::new(File::open(jsonl).unwrap()).lines() {
        let Ok(serde_json::Value::Object(record)) = serde_json::from_str(&line.unwrap()) else {
            continue;
        };
        let cells = columns.iter().map(|c| match record.get(*c) {
            None | Some(serde_json::Value::Null) => String::new(),
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
        });
        out.write_record(cells).unwrap();
        rows += 1;
    }
    out.flush().unwrap();
    std::fs::write(marker, rows.to_string()).unwrap();
    rows
}

fn generate(jsonl: &Path, array: &Path, n: u64) {
    let marker = jsonl.with_extension("done");
    if marker.exists() && jsonl.exists() && array.exists() {
        return;
    }
    let mut lines = BufWriter::new(File::create(jsonl).unwrap());
    let mut arr = BufWriter::new(File::create(array).unwrap());
    arr.write_all(b"[\n").unwrap();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut buf = Vec::with_capacity(1024);
    for i in 0..n {
        record(&mut rng, i + 1, &mut buf);
        lines.write_all(&buf).unwrap();
        lines.write_all(b"\n").unwrap();
        // The array holds the same records, but stays well formed: a broken record is
        // replaced by a wrong-typed one (a broken element would end the array).
        if buf.ends_with(b":") {
            buf.extend_from_slice(b"[1]}");
        }
        if i > 0 {
            arr.write_all(b",\n").unwrap();
        }
        arr.write_all(&buf).unwrap();
    }
    arr.write_all(b"\n]\n").unwrap();
    lines.flush().unwrap();
    arr.flush().unwrap();
    File::create(marker).unwrap();
}

/// The records of `jsonl` that are JSON objects, as FHIR QuestionnaireResponses (NDJSON)
/// shaped as a form tool writes them: a group per section, each item with its text, yes
/// and no as LOINC codings with a display, unknown as LOINC LA4489-6, numbers as
/// valueDecimal, notations as valueString, a missing answer as an item without one.
/// Returns how many there are.
fn generate_fhir(jsonl: &Path, ndjson: &Path) -> u64 {
    use serde_json::{Value, json};
    let marker = ndjson.with_extension("ndjson-done");
    if marker.exists() && ndjson.exists() {
        return std::fs::read_to_string(&marker)
            .unwrap()
            .trim()
            .parse()
            .unwrap();
    }
    let rules = cp_screen::rules::RuleSet::default_rules();
    let url = format!("{}|{}", rules.questionnaire_url(), rules.version());
    let mut out = BufWriter::new(File::create(ndjson).unwrap());
    let mut n = 0;
    for line in BufReader::new(File::open(jsonl).unwrap()).lines() {
        let Ok(Value::Object(record)) = serde_json::from_str(&line.unwrap()) else {
            continue;
        };
        let coding = |code: &str, display: &str| json!([{"valueCoding": {"system": "http://loinc.org", "code": code, "display": display}}]);
        let groups: Vec<Value> = rules
            .sections()
            .iter()
            .enumerate()
            .map(|(s, section)| {
                let items: Vec<Value> = rules
                    .questions()
                    .iter()
                    .filter(|q| q.section == s)
                    .filter_map(|q| {
                        let value = record.get(&q.id)?;
                        let answer = match value {
                            Value::Null => Value::Null,
                            Value::Bool(b) => json!([{"valueBoolean": b}]),
                            Value::Number(n) => json!([{"valueDecimal": n}]),
                            Value::String(s) => match s.to_ascii_lowercase().as_str() {
                                "yes" => coding("LA33-6", "Yes"),
                                "no" => coding("LA32-8", "No"),
                                "unknown" => coding("LA4489-6", "Don't know"),
                                _ => json!([{"valueString": s}]),
                            },
                            _ => return None,
                        };
                        let mut item = json!({"linkId": q.id, "text": q.text});
                        if !answer.is_null() {
                            item["answer"] = answer;
                        }
                        Some(item)
                    })
                    .collect();
                json!({"linkId": section.id, "text": section.title, "item": items})
            })
            .collect();
        let mut response = json!({
            "resourceType": "QuestionnaireResponse",
            "questionnaire": url,
            "status": "completed",
            "item": groups,
        });
        // Stray fields of the JSON record (1 in 150) stay: as items that are not questions.
        for key in record
            .keys()
            .filter(|k| *k != "id" && rules.question_index(k).is_none())
        {
            response["item"]
                .as_array_mut()
                .unwrap()
                .push(json!({"linkId": key, "answer": [{"valueString": "x"}]}));
        }
        if let Some(id) = record.get("id") {
            response["id"] = id.clone();
        }
        serde_json::to_writer(&mut out, &response).unwrap();
        out.write_all(b"\n").unwrap();
        n += 1;
    }
    out.flush().unwrap();
    std::fs::write(marker, n.to_string()).unwrap();
    n
}
