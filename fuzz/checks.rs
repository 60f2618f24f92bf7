// The properties each fuzz target checks, shared with `tests/fuzz.rs`, which replays saved
// inputs (every crasher the fuzzers ever found, and a few seeds) through them in CI.
// Included with `include!`, so it has no module docs of its own.

use std::io::Cursor;
use std::sync::LazyLock;

use cp_screen::answers::{Answer, Answers, RecordReader, answer_from_text};
use cp_screen::engine::{self, Position, ScreenResult};
use cp_screen::answers::Column;
use cp_screen::input::{self, Batch, Fill};
use cp_screen::output::{self, JsonRecord, ReportOptions};
use cp_screen::problem::HeaderProblem;
use cp_screen::rules::{QuestionKind, RuleSet};
use cp_screen::{teach, words};

static RULES: LazyLock<RuleSet> = LazyLock::new(RuleSet::default_rules);

/// Any bytes as one answer record: parsing never panics, and a valid record screens and
/// renders (JSON and text) with every factor placed exactly once.
pub fn answer_record(data: &[u8]) {
    let rules = &*RULES;
    let allow_extra_fields = data.first().is_some_and(|b| b & 1 == 1);
    let reader = RecordReader {
        rules,
        allow_extra_fields,
        codings: None,
    };
    let Ok(record) = reader.parse_json(data) else { return };
    let valid = record.errors.is_empty();
    let result = ScreenResult::new(rules, Position { record: 1, ..Position::default() }, record);
    assert_eq!(result.is_valid(), valid);
    let tag = rules.tag();
    let writer = JsonRecord::new(rules);
    for explain in [false, true] {
        let options = ReportOptions { explain, ..ReportOptions::default() };
        let mut json = Vec::new();
        writer.write(&mut json, &result, explain);
        let v: serde_json::Value = serde_json::from_slice(&json).expect("results are JSON");
        let raw = String::from_utf8_lossy(&json);
        assert!(
            !raw.contains(['\u{202e}', '\u{200b}', '\u{2028}', '\u{feff}', '\u{61c}', '\u{e0041}']),
            "JSON writes invisible characters as \\u escapes"
        );
        check_result(rules, &v, valid);
        let mut text = Vec::new();
        output::text::write_report(&mut text, rules, &tag, &result, options).unwrap();
        assert!(!text.contains(&0x1b), "no escape character reaches the terminal");
    }
}

/// A JSON result places every factor of a valid record exactly once (none of an invalid
/// one), and every error has a code and a short message.
fn check_result(rules: &RuleSet, v: &serde_json::Value, valid: bool) {
    let placed: usize = ["present", "not_assessed", "absent", "not_applicable"]
        .iter()
        .map(|k| v[k].as_array().unwrap().len())
        .sum();
    assert_eq!(placed, if valid { rules.factors().len() } else { 0 });
    for e in v["errors"].as_array().unwrap() {
        assert!(e["code"].as_str().is_some_and(|c| !c.is_empty()), "every error has a code");
        let message = e["message"].as_str().unwrap_or_default();
        assert!(
            message.chars().count() < 2000,
            "messages stay short: {} of {} characters, {:?}",
            e["code"],
            message.chars().count(),
            message.chars().take(300).collect::<String>()
        );
    }
}

/// Any bytes as one FHIR QuestionnaireResponse: reading never panics; a record that reads
/// screens and renders as a JSON result, a text report and a FHIR Bundle, every error with
/// a code, every factor placed once (in the evidence set, with its conditional question,
/// too).
pub fn fhir_response(data: &[u8]) {
    static EVIDENCE: LazyLock<RuleSet> = LazyLock::new(|| {
        cp_screen::rules::Embedded::find("evidence").expect("embedded").load()
    });
    let rules: &RuleSet = if data.first().is_some_and(|b| b & 2 == 2) { &EVIDENCE } else { &RULES };
    let reader = RecordReader {
        rules,
        allow_extra_fields: data.first().is_some_and(|b| b & 1 == 1),
        codings: None,
    };
    let Ok(record) = reader.parse_fhir(data) else { return };
    let valid = record.errors.is_empty();
    let result = ScreenResult::new(rules, Position { record: 1, ..Position::default() }, record);
    assert_eq!(result.is_valid(), valid);
    let mut json = Vec::new();
    JsonRecord::new(rules).write(&mut json, &result, false);
    let v: serde_json::Value = serde_json::from_slice(&json).expect("results are JSON");
    check_result(rules, &v, valid);
    let bundle = output::fhir::Fhir::new(rules, None, &Default::default()).bundle(&result);
    let entries = bundle["entry"].as_array().expect("a Bundle has entries");
    assert_eq!(entries.len(), if valid { rules.factors().len() + 1 } else { 1 });
    let mut text = Vec::new();
    let tag = rules.tag();
    output::text::write_report(&mut text, rules, &tag, &result, ReportOptions::default()).unwrap();
    assert!(!text.contains(&0x1b), "no escape character reaches the terminal");
}

/// Any text as a written answer to every question: it reads, or fails with a short,
/// escaped message; a number that reads is always inside the plausible range.
pub fn notation(text: &str) {
    for q in RULES.questions() {
        match (answer_from_text(text, q), &q.kind) {
            (Ok(Answer::Number { value, written }), QuestionKind::Number(spec)) => {
                assert!(value >= spec.min && value <= spec.max, "{text:?} read as {value}");
                // Every way to read it at once (a plain decimal, a decimal and a unit's
                // name) comes to what the full parser reads, and keeps the text as written
                // exactly when that text is not the plain number.
                let trimmed = text.trim();
                let full = cp_screen::notation::parse(trimmed, spec).map(f64::to_bits);
                assert_eq!(full.ok(), Some(value.to_bits()), "{text:?}");
                let plain = trimmed.parse::<f64>().ok() == Some(value);
                assert_eq!(written.is_none(), plain, "{text:?}");
            }
            (Ok(Answer::Number { .. }), QuestionKind::YesNo) => panic!("a number for a yes/no question"),
            (Ok(_), _) => {}
            (Err(problem), _) => {
                let message = words::get().record_problem(&RULES, &problem);
                assert!(!message.is_empty());
                assert!(!message.contains('\u{1b}'), "messages escape control characters");
                assert!(message.len() < 1_000, "messages stay short: {}", message.len());
            }
        }
    }
}

/// Any text as a rule file: loading never panics, and a rule set that loads can be used:
/// screened, described, explained, and turned into a schema and a template.
pub fn rule_file(text: &str) {
    let rules = match RuleSet::from_json(text, "fuzz.json") {
        Ok(rules) => rules,
        Err(e) => {
            let message = cp_screen::error::Error::from(e).message(cp_screen::words::get());
            assert!(!message.contains(['\u{1b}', '\u{202e}', '\u{7}']), "rule errors are escaped");
            assert!(message.len() < 20_000, "rule errors are capped: {} bytes", message.len());
            return;
        }
    };
    let answers = Answers::unanswered(&rules);
    let statuses = engine::screen(&rules, &answers);
    assert_eq!(statuses.len(), rules.factors().len());
    assert!(statuses.iter().all(|s| *s == engine::Status::NotAssessed), "nothing answered, nothing assessed");
    let mut out = Vec::new();
    teach::write_factor_table(&mut out, &rules, teach::TABLE_WIDTH).unwrap();
    for f in rules.factors() {
        teach::write_factor_detail(&mut out, &rules, f, teach::TABLE_WIDTH).unwrap();
        let mut lines = Vec::new();
        words::explain_lines(&rules, &engine::evaluated(&f.when, &answers), 0, &mut lines);
        assert!(!lines.is_empty());
    }
    let _ = teach::schema(&rules);
    let _ = teach::template(&rules);
    assert!(!out.contains(&0x1b), "rule text cannot reach the terminal raw");
}

/// Any bytes as an input stream (JSON or FHIR, or CSV when the first byte is odd): reading never
/// panics, records are numbered in order, and their bytes lie within the batch.
pub fn input_stream(data: &[u8]) {
    let rules = &*RULES;
    let csv = data.first().is_some_and(|b| b & 1 == 1);
    let plan = |names: &[String]| -> Result<Vec<Column>, HeaderProblem> {
        Ok(names
            .iter()
            .map(|n| if rules.question_index(n).is_some() || n == "id" { Column::Key(n.clone()) } else { Column::Skip })
            .collect())
    };
    let open = |reader: Box<dyn std::io::Read + Send>| {
        if csv { input::open_csv(reader, "fuzz.csv", &plan, None) } else { input::open(reader, "fuzz.json", input::Resources::Detect) }
    };
    // The same records however the input comes in reads (a pipe hands over a few bytes at
    // a time): read whole, and at most 1 to 64 bytes at a time (the second byte says).
    let most = 1 + usize::from(data.get(1).copied().unwrap_or(0) % 64);
    let dribbled = Dribble { data: data.to_vec(), at: 0, most };
    match (open(Box::new(Cursor::new(data.to_vec()))), open(Box::new(dribbled))) {
        (Ok(mut whole), Ok(mut dribbled)) => {
            assert_eq!(items(&mut *whole), items(&mut *dribbled), "read {most} bytes at a time");
        }
        (Err(a), Err(b)) => assert_eq!(a.code(), b.code(), "read {most} bytes at a time"),
        (a, b) => panic!("opened whole: {}, {most} bytes at a time: {}", a.is_ok(), b.is_ok()),
    }
    let reader: Box<dyn std::io::Read + Send> = Box::new(Cursor::new(data.to_vec()));
    let Ok(mut source) = open(reader) else { return };
    let records = RecordReader {
        rules,
        allow_extra_fields: true,
        codings: None,
    };
    let shape = source.shape();
    each_item(&mut *source, |batch, item| {
        assert!(item.bytes.end <= batch.buf.len());
        // JSON, FHIR, or a CSV row's cells: read and screened as the workers do.
        let _ = cp_screen::batch::screen_item(&records, batch, item, None, shape);
    });
}

/// Hands out its bytes at most `most` at a time.
struct Dribble {
    data: Vec<u8>,
    at: usize,
    most: usize,
}

impl std::io::Read for Dribble {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.most.min(buf.len()).min(self.data.len() - self.at);
        buf[..n].copy_from_slice(&self.data[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// Every item of `source` (its bytes, places and problem code), and the code of the
/// failure that ended it, if one did.
#[allow(clippy::type_complexity)]
fn items(source: &mut dyn input::Source) -> (Vec<(Vec<u8>, u64, Option<u64>, u64, Option<&'static str>)>, Option<&'static str>) {
    let mut batch = Batch::default();
    let mut all = Vec::new();
    loop {
        let fill = source.fill(&mut batch);
        for item in &batch.items {
            let problem = item.problem.as_ref().map(|p| p.code());
            all.push((batch.bytes(item).to_vec(), item.record, item.line, item.column, problem));
        }
        match fill {
            Fill::More => {}
            Fill::Done => return (all, None),
            Fill::Failed(e) => return (all, Some(e.code())),
        }
    }
}

/// Calls `f` with every item of `source`, checking that records are numbered in order.
fn each_item(source: &mut dyn input::Source, mut f: impl FnMut(&Batch, &input::Item)) {
    let mut batch = Batch::default();
    let mut expected = 1;
    loop {
        let fill = source.fill(&mut batch);
        for item in &batch.items {
            assert_eq!(item.record, expected, "records are numbered in order");
            expected += 1;
            f(&batch, item);
        }
        if !matches!(fill, Fill::More) {
            break;
        }
    }
}

/// Any bytes as a mapping file and a CSV table read through it: the first byte holds the
/// switches (extra fields allowed, `--field-errors not-assessed`, the evidence set), the
/// first line after it is the mapping file's JSON, the rest is the table. A mapping either
/// builds or fails with a short, escaped message; every row of the table becomes exactly
/// one result, numbered in order; each result places every factor of a screened record
/// once, carries one cell per kept column, and renders as JSON and as a text report.
pub fn csv_mapping(data: &[u8]) {
    static EVIDENCE: LazyLock<RuleSet> = LazyLock::new(|| {
        cp_screen::rules::Embedded::find("evidence").expect("embedded").load()
    });
    use cp_screen::answers::{plan_columns, Codings, MappingFile};
    use cp_screen::batch::{screen_item_with, FieldErrors};
    let Some((&switches, rest)) = data.split_first() else { return };
    let rules: &RuleSet = if switches & 4 == 4 { &EVIDENCE } else { &RULES };
    let allow_extra_fields = switches & 1 == 1;
    let field_errors = if switches & 2 == 2 { FieldErrors::NotAssessed } else { FieldErrors::Strict };
    let cut = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
    let (mapping, table) = (&rest[..cut], rest.get(cut + 1..).unwrap_or_default());
    let Ok(mapping) = std::str::from_utf8(mapping) else { return };
    let built = MappingFile::parse(mapping, "fuzz-mapping.json")
        .and_then(|file| Codings::build(rules, Some(file), &[], &[], &[], &[]));
    let codings = match built {
        Ok(codings) => codings,
        Err(problem) => {
            let message = cp_screen::error::Error::from(cp_screen::problem::Usage::Mapping(Box::new(problem))).message(words::get());
            assert!(!message.contains(['\u{1b}', '\u{202e}', '\u{7}']), "mapping errors are escaped");
            assert!(message.len() < 20_000, "mapping errors are capped: {} bytes", message.len());
            return;
        }
    };
    let plan = |names: &[String]| plan_columns(rules, names, Some(&codings), allow_extra_fields);
    let reader: Box<dyn std::io::Read + Send> = Box::new(Cursor::new(table.to_vec()));
    let Ok(mut source) = input::open_csv(reader, "fuzz.csv", &plan, None) else { return };
    let records = RecordReader {
        rules,
        allow_extra_fields,
        codings: Some(&codings),
    };
    let writer = JsonRecord::new(rules).with_kept(&codings.keep);
    let tag = rules.tag();
    let shape = source.shape();
    each_item(&mut *source, |batch, item| {
        let result = screen_item_with(&records, batch, item, None, shape, field_errors);
        let mut json = Vec::new();
        writer.write(&mut json, &result, false);
        let v: serde_json::Value = serde_json::from_slice(&json).expect("results are JSON");
        check_result(rules, &v, result.is_valid());
        if let Some(kept) = v.get("kept").and_then(|k| k.as_object()) {
            assert!(kept.len() <= codings.keep.len(), "no more kept cells than kept columns");
        }
        let mut text = Vec::new();
        output::text::write_report(&mut text, rules, &tag, &result, ReportOptions::default()).unwrap();
        assert!(!text.contains(&0x1b), "no escape character reaches the terminal");
    });
}
