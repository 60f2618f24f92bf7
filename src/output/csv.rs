//! `--format csv` and `--format tsv`: one row per record, for R, pandas, Stata and
//! spreadsheets. The columns come from the rule file; `cp-screen codebook` describes them
//! (a Frictionless Table Schema). Rows stream like JSON Lines.
//!
//! Columns, in order: `record`, `id`, `file`, `line`, `status`, one per factor (its id:
//! `present`, `absent`, `not_assessed` or `not_applicable`, empty when the record is
//! invalid), `follow_up`, one per number question (its id: the value as understood, in the
//! question's unit, empty when unknown), `errors`, `error_field`, `error_code`,
//! `error_message` (the first error), `rule_set`, `rule_set_version`, `rules_hash`, then
//! the input columns carried through (`--keep`), as written.
//! Every value that is the same for every row of a rule set is escaped once.

use std::io::{self, Write};
use std::sync::Arc;

use super::json::push_u64;
use super::{Output, Piece, Place};
use crate::answers::{Answer, RecordId};
use serde_json::{Value, json};

use crate::engine::{ScreenResult, Status};
use crate::rules::{Condition, QuestionKind, RuleSet, TABLE_COLUMNS, number_comparisons};
use crate::words;

/// The field separator: a comma (RFC 4180) or a tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delimiter {
    Comma,
    Tab,
}

impl Delimiter {
    fn byte(self) -> u8 {
        match self {
            Delimiter::Comma => b',',
            Delimiter::Tab => b'\t',
        }
    }
}

/// The name of each column, for the header and the codebook.
pub fn column_names(rules: &RuleSet) -> Vec<String> {
    // The table's own columns (which no factor may take) around the factors' and the
    // number questions': record ... status, the factors, follow_up, the numbers, errors ...
    let (before, after) = TABLE_COLUMNS.split_at(5);
    let (follow_up, after) = after.split_at(1);
    let mut names: Vec<String> = before.iter().map(|s| s.to_string()).collect();
    names.extend(rules.factors().iter().map(|f| f.id.clone()));
    names.extend(follow_up.iter().map(|s| s.to_string()));
    names.extend(number_columns(rules).into_iter().map(|(_, name)| name));
    names.extend(after.iter().map(|s| s.to_string()));
    names
}

/// The output names of kept input columns (`--keep`): each as named, or `input_<name>`
/// should the table have a column of that name already.
pub fn kept_column_names(rules: &RuleSet, kept: &[String]) -> Vec<String> {
    let taken = column_names(rules);
    kept.iter()
        .map(|k| {
            if taken.iter().any(|t| t.eq_ignore_ascii_case(k)) {
                format!("input_{k}")
            } else {
                k.clone()
            }
        })
        .collect()
}

/// The codebook's fields for kept input columns (`--keep`).
pub fn kept_fields(rules: &RuleSet, kept: &[String]) -> Vec<Value> {
    kept_column_names(rules, kept)
        .into_iter()
        .zip(kept)
        .map(|(name, column)| {
            json!({"name": name, "type": "string",
                   "description": format!("the input column {column}, carried through as written (--keep); empty when the record has none"),
                   "cp_screen": {"kind": "kept", "column": column}})
        })
        .collect()
}

/// The number questions and their column names: the question id, or `<id>_value` should a
/// factor have the same id.
pub fn number_columns(rules: &RuleSet) -> Vec<(usize, String)> {
    rules
        .questions()
        .iter()
        .filter(|q| matches!(q.kind, QuestionKind::Number(_)))
        .map(|q| {
            let clash = rules.factors().iter().any(|f| f.id == q.id);
            let name = if clash {
                format!("{}_value", q.id)
            } else {
                q.id.clone()
            };
            (q.index, name)
        })
        .collect()
}

/// Every threshold a condition compares a number question with, as the codebook lists it.
fn cutoffs(rules: &RuleSet, condition: &Condition) -> Vec<Value> {
    let mut found = Vec::new();
    number_comparisons(condition, &mut found);
    found
        .into_iter()
        .map(|(question, op, t)| {
            let q = &rules.questions()[question];
            let unit = match &q.kind {
                QuestionKind::Number(spec) => spec.unit.as_str(),
                QuestionKind::YesNo => "",
            };
            json!({"question": q.id, "comparison": op.key(), "threshold": t, "unit": unit})
        })
        .collect()
}

/// The codebook of the CSV output: a Frictionless Table Schema (v1) with a field per
/// column, its type, allowed values and constraints, and, under `cp_screen`, where the
/// column comes from: the factor and its condition's thresholds and cut-off direction, or
/// the question and its unit.
pub fn codebook(rules: &RuleSet) -> Value {
    let statuses = ["present", "absent", "not_assessed", "not_applicable"];
    let mut fields = vec![
        json!({"name": "record", "type": "integer", "constraints": {"required": true, "minimum": 1},
               "description": "1-based position of the record in its input file"}),
        json!({"name": "id", "type": "string",
               "description": "the record's own id as given (a number keeps its digits); empty when it has none"}),
        json!({"name": "file", "type": "string", "constraints": {"required": true},
               "description": "the input the record came from (<stdin> for standard input)"}),
        json!({"name": "line", "type": "integer", "constraints": {"minimum": 1},
               "description": "the line where the record starts, for JSON and JSON Lines input; empty for CSV input"}),
        json!({"name": "status", "type": "string", "constraints": {"required": true, "enum": ["screened", "invalid"]},
               "description": "screened, or invalid (not screened: see errors; every factor column is then empty)"}),
    ];
    for (i, f) in rules.factors().iter().enumerate() {
        let thresholds = cutoffs(rules, &f.when);
        let questions = rules.read_ids(f);
        fields.push(json!({
            "name": f.id,
            "title": f.name,
            "type": "string",
            "constraints": {"enum": statuses},
            "description": format!(
                "present when {}; absent when that is false; not_assessed when an answer it needs is unknown or missing (never absent); not_applicable when its questions were not asked; empty when the record is invalid",
                words::describe(rules, &f.when)
            ),
            "cp_screen": {
                "kind": "factor",
                "factor": f.id,
                "tier": rules.tiers()[f.tier].id,
                "follow_up": rules.is_follow_up(i),
                "questions": questions,
                "thresholds": thresholds,
                "source_words": f.source_words,
            },
        }));
    }
    fields.push(json!({
        "name": "follow_up", "type": "boolean", "trueValues": ["true"], "falseValues": ["false"],
        "description": "true when a factor the rule set names for follow-up is present (the report then adds its follow-up sentence); empty when invalid",
    }));
    for (q, name) in number_columns(rules) {
        let question = &rules.questions()[q];
        let QuestionKind::Number(spec) = &question.kind else {
            continue;
        };
        fields.push(json!({
            "name": name,
            "title": question.label,
            "type": "number",
            "constraints": {"minimum": spec.min, "maximum": spec.max},
            "description": format!(
                "{} The answer as understood, in {}, with every decimal it has (a notation such as a fraction of a unit is not rounded); empty when unknown, unanswered or the record is invalid",
                question.text, spec.unit
            ),
            "cp_screen": {"kind": "question", "question": question.id, "unit": spec.unit},
        }));
    }
    fields.extend([
        json!({"name": "errors", "type": "integer", "constraints": {"required": true, "minimum": 0},
               "description": "how many errors the record has, those only counted past the 20 kept included (0 when screened)"}),
        json!({"name": "error_field", "type": "string",
               "description": "the field of the first error; empty for a whole-record error or none"}),
        json!({"name": "error_code", "type": "string",
               "description": "the first error's stable code (see the README's error codes)"}),
        json!({"name": "error_message", "type": "string",
               "description": "the first error's message, for people"}),
        json!({"name": "rule_set", "type": "string", "constraints": {"required": true},
               "description": "the id of the rule set that screened the row"}),
        json!({"name": "rule_set_version", "type": "string", "constraints": {"required": true},
               "description": "the rule set's version; an embedded set's content never changes without a new version"}),
        json!({"name": "rules_hash", "type": "string", "constraints": {"required": true},
               "description": "sha256: and the first 16 hex digits of the rule file's SHA-256"}),
    ]);
    debug_assert_eq!(
        fields
            .iter()
            .map(|f| f["name"].as_str().unwrap().to_string())
            .collect::<Vec<_>>(),
        column_names(rules)
    );
    json!({
        "fields": fields,
        "missingValues": [""],
        "cp_screen": {
            "rules": rules.tag(),
            "rules_sha256": rules.sha256,
            "title": rules.title,
            "generated_by": format!("cp-screen {}", env!("CARGO_PKG_VERSION")),
            "notice": [
                rules.report.not_a_diagnosis,
                rules.report.none_does_not_rule_out,
                rules.report.see_clinician,
            ],
            "warning_signs": rules.report.warning_signs,
            "warning_signs_source": rules.report.warning_signs_source,
        },
    })
}

/// Every status, in the order of its discriminant (`Status as usize`).
const STATUSES: [Status; 4] = [
    Status::Present,
    Status::Absent,
    Status::NotAssessed,
    Status::NotApplicable,
];
const _: () = assert!(
    Status::Present as usize == 0
        && Status::Absent as usize == 1
        && Status::NotAssessed as usize == 2
        && Status::NotApplicable as usize == 3
);

pub struct Csv<'r> {
    rules: &'r RuleSet,
    delimiter: u8,
    /// How text cells are written.
    cells: TextCells,
    bom: bool,
    /// The input's name for rows whose result names none (a single input), as a field.
    input: Option<Vec<u8>>,
    numbers: Vec<usize>,
    /// Each status's cell after its delimiter, by `STATUSES`.
    status_cells: [Piece; 4],
    /// `,rule_set,version,hash`, escaped once.
    tail: Vec<u8>,
    /// The output names of the kept input columns (`--keep`).
    kept: Vec<String>,
}

impl<'r> Csv<'r> {
    pub fn new(
        rules: &'r RuleSet,
        delimiter: Delimiter,
        bom: bool,
        input: Option<Arc<str>>,
        cells: TextCells,
    ) -> Csv<'r> {
        let d = delimiter.byte();
        let cells = TextCells {
            delimiter: d,
            ..cells
        };
        let mut tail = Vec::new();
        for value in [rules.id.as_str(), &rules.version, &rules.short_hash()] {
            tail.push(d);
            cells.push(&mut tail, value);
        }
        Csv {
            rules,
            delimiter: d,
            cells,
            bom,
            input: input.map(|name| {
                let mut field = Vec::new();
                cells.push(&mut field, &name);
                field
            }),
            numbers: number_columns(rules).into_iter().map(|(q, _)| q).collect(),
            status_cells: STATUSES.map(|s| Piece::new([&[d][..], s.id().as_bytes()].concat())),
            tail,
            kept: Vec::new(),
        }
    }

    /// The same table, with the input columns `kept` carried through after the others.
    pub fn with_kept(mut self, kept: Vec<String>) -> Csv<'r> {
        self.kept = kept_column_names(self.rules, &kept);
        self
    }
}

/// How the text cells of a table (ids, file names, fields, messages) are written.
#[derive(Debug, Clone, Copy)]
pub struct TextCells {
    pub delimiter: u8,
    /// A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
    /// `'`, so that a spreadsheet shows it instead of running it as a formula (OWASP's
    /// advice on CSV injection); off with `--raw-cells`, for pipelines.
    pub guard_formulas: bool,
    /// The table goes to a terminal: control characters are written as escapes, as in
    /// every other format, so no id can clear the screen or set the title.
    pub escape_controls: bool,
}

impl Default for TextCells {
    fn default() -> TextCells {
        TextCells {
            delimiter: b',',
            guard_formulas: true,
            escape_controls: false,
        }
    }
}

impl TextCells {
    /// Appends `value` as one text cell.
    fn push(&self, out: &mut Vec<u8>, value: &str) {
        let escaped;
        let value = if self.escape_controls {
            escaped = crate::sanitize::escape_control(value);
            &*escaped
        } else {
            value
        };
        if self.guard_formulas && value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            let mut guarded = String::with_capacity(value.len() + 1);
            guarded.push('\'');
            guarded.push_str(value);
            return push_field(out, &guarded, self.delimiter);
        }
        push_field(out, value, self.delimiter)
    }
}

/// Appends `value` as one field: quoted (with quotes doubled) when it holds the delimiter,
/// a quote or a line break, as RFC 4180 asks; as it is otherwise.
fn push_field(out: &mut Vec<u8>, value: &str, delimiter: u8) {
    let needs_quotes = value
        .bytes()
        .any(|b| b == delimiter || b == b'"' || b == b'\n' || b == b'\r');
    if !needs_quotes {
        out.extend_from_slice(value.as_bytes());
        return;
    }
    out.push(b'"');
    for b in value.bytes() {
        if b == b'"' {
            out.push(b'"');
        }
        out.push(b);
    }
    out.push(b'"');
}

fn push_display(out: &mut Vec<u8>, value: impl std::fmt::Display) {
    let _ = write!(out, "{value}");
}

/// Appends a number as `Display` writes it (in full, never with an exponent): a whole
/// number (weeks, grams, about half of all answers) is written as an integer, which costs
/// far less than finding the shortest digits of a fraction.
fn push_f64(out: &mut Vec<u8>, value: f64) {
    // Below 2^53 every whole f64 is an exact integer; zero keeps its sign through Display.
    if value.fract() == 0.0 && value != 0.0 && value.abs() < 9_007_199_254_740_992.0 {
        if value < 0.0 {
            out.push(b'-');
        }
        push_u64(out, value.abs() as u64);
    } else {
        push_display(out, value);
    }
}

impl Output for Csv<'_> {
    fn record(&self, buf: &mut Vec<u8>, result: &ScreenResult, _place: Place) {
        let d = self.delimiter;
        let p = &result.position;
        push_u64(buf, p.record);
        buf.push(d);
        match &result.record.id {
            Some(RecordId::Text(s)) => self.cells.push(buf, s),
            Some(RecordId::Number(n)) => push_display(buf, n),
            None => {}
        }
        buf.push(d);
        match (&p.file, &self.input) {
            (Some(file), _) => self.cells.push(buf, file),
            (None, Some(input)) => buf.extend_from_slice(input),
            (None, None) => {}
        }
        buf.push(d);
        if let Some(line) = p.line {
            push_u64(buf, line);
        }
        buf.push(d);
        buf.extend_from_slice(if result.is_valid() {
            b"screened"
        } else {
            b"invalid"
        });
        match result.statuses.as_deref() {
            Some(statuses) => {
                for s in statuses {
                    self.status_cells[*s as usize].push(buf);
                }
            }
            None => {
                for _ in 0..self.rules.factors().len() {
                    buf.push(d);
                }
            }
        }
        buf.push(d);
        if result.is_valid() {
            buf.extend_from_slice(if result.follow_up(self.rules) {
                b"true"
            } else {
                b"false"
            });
        }
        for &q in &self.numbers {
            buf.push(d);
            // The value as understood, in full: a research table is not rounded.
            if let Answer::Number { value, .. } = &result.record.answers.values[q]
                && result.is_valid()
            {
                push_f64(buf, *value);
            }
        }
        let errors = &result.record.errors;
        buf.push(d);
        push_u64(buf, result.record.error_count());
        buf.push(d);
        if let Some(first) = errors.first() {
            self.cells
                .push(buf, first.field.as_deref().unwrap_or_default());
            buf.push(d);
            buf.extend_from_slice(first.code().as_bytes());
            buf.push(d);
            self.cells.push(
                buf,
                &words::get().record_problem(self.rules, &first.problem),
            );
        } else {
            buf.push(d);
            buf.push(d);
        }
        buf.extend_from_slice(&self.tail);
        for i in 0..self.kept.len() {
            buf.push(d);
            if let Some(value) = result.record.kept.get(i) {
                self.cells.push(buf, value);
            }
        }
        buf.push(b'\n');
    }

    /// The header row (after a byte-order mark with --bom).
    fn opening(&self, out: &mut dyn Write) -> io::Result<()> {
        let mut line = Vec::new();
        if self.bom {
            line.extend_from_slice("\u{feff}".as_bytes());
        }
        let names = column_names(self.rules);
        for (i, name) in names.iter().chain(&self.kept).enumerate() {
            if i > 0 {
                line.push(self.delimiter);
            }
            push_field(&mut line, name, self.delimiter);
        }
        line.push(b'\n');
        out.write_all(&line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(value: &str, d: u8) -> String {
        let mut out = Vec::new();
        push_field(&mut out, value, d);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_fixed_columns_are_the_ones_no_factor_may_take() {
        // `rules check` refuses a factor id of rules::TABLE_COLUMNS; the table's fixed
        // columns must be exactly those.
        let rules = RuleSet::default_rules();
        let numbers: Vec<String> = number_columns(&rules).into_iter().map(|(_, n)| n).collect();
        let fixed: Vec<String> = column_names(&rules)
            .into_iter()
            .filter(|n| !rules.factors().iter().any(|f| &f.id == n) && !numbers.contains(n))
            .collect();
        assert_eq!(fixed, crate::rules::TABLE_COLUMNS);
    }

    #[test]
    fn fields_are_quoted_only_when_they_must_be() {
        assert_eq!(field("b-101", b','), "b-101");
        assert_eq!(field("a,b", b','), "\"a,b\"");
        assert_eq!(field("a,b", b'\t'), "a,b");
        assert_eq!(field("say \"hi\"", b','), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines", b','), "\"two\nlines\"");
        assert_eq!(field("tab\there", b'\t'), "\"tab\there\"");
    }

    #[test]
    fn numbers_are_written_as_display_writes_them() {
        let mut values = vec![
            0.0,
            -0.0,
            1.0,
            -1.0,
            1850.0,
            31.5,
            31.571428571428573,
            1233.9999999999998,
            0.1,
            -2.5e-7,
            1e15,
            -123456789.0,
            9_007_199_254_740_991.0,
            9_007_199_254_740_992.0,
            9_007_199_254_740_994.0,
            1e22,
            -1e300,
            f64::MAX,
            f64::MIN_POSITIVE,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ];
        values.extend((0..2000).map(|i| i as f64 * 0.25 - 100.0));
        for v in values {
            let mut out = Vec::new();
            push_f64(&mut out, v);
            assert_eq!(String::from_utf8(out).unwrap(), v.to_string(), "{v:?}");
        }
        let mut out = Vec::new();
        for n in [0, 7, 10, 1850, u64::MAX] {
            out.clear();
            push_u64(&mut out, n);
            assert_eq!(String::from_utf8_lossy(&out), n.to_string());
        }
    }

    #[test]
    fn every_row_has_as_many_cells_as_the_header() {
        let rules = RuleSet::default_rules();
        let csv = Csv::new(
            &rules,
            Delimiter::Comma,
            false,
            Some(Arc::from("x.jsonl")),
            TextCells::default(),
        );
        let mut header = Vec::new();
        csv.opening(&mut header).unwrap();
        let columns = column_names(&rules).len();
        for json in [
            r#"{"id": "a,\"b\"", "gestational_age_weeks": "30+4"}"#,
            r#"{"gestational_age_weeks": 353, "nope": 1}"#,
            r#"{}"#,
        ] {
            let mut buf = header.clone();
            csv.record(
                &mut buf,
                &ScreenResult::of_json(&rules, json),
                Place {
                    first_of_run: true,
                    first_in_batch: true,
                    only_of_run: false,
                },
            );
            let mut reader = ::csv::Reader::from_reader(&buf[..]);
            assert_eq!(reader.headers().unwrap().len(), columns);
            let row = reader.records().next().unwrap().unwrap();
            assert_eq!(row.len(), columns, "{json}");
        }
    }
}
