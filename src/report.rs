//! Rendering results for people (text) and for scripts (JSON). Renderers write into a
//! `Write` and know nothing of where the answers came from; the questionnaire and `screen`
//! print the same report through them.

use std::io::{self, Write};

use colored::Colorize;
use serde::Serialize;

use crate::answers::{FieldError, Record, RecordId};
use crate::engine::{self, Status, Truth};
use crate::rules::RuleSet;
use crate::sanitize::escape_control;

/// Where a record stood in its input.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Position {
    /// The input's name, set only when several inputs are screened together.
    pub file: Option<std::sync::Arc<str>>,
    /// 1-based position of the record in its input.
    pub record: u64,
    /// 1-based line where the record starts, for line-based input.
    pub line: Option<u64>,
}

/// One record's outcome: screened (with a status per factor) or invalid.
#[derive(Debug, Clone)]
pub struct ScreenResult {
    pub position: Position,
    pub record: Record,
    /// `None` when the record was invalid and nothing was assessed.
    pub statuses: Option<Vec<Status>>,
}

impl ScreenResult {
    /// Screens a record that was read; an invalid record is never partly screened.
    pub fn new(rules: &RuleSet, position: Position, record: Record) -> ScreenResult {
        let statuses = record
            .errors
            .is_empty()
            .then(|| engine::screen(rules, &record.answers));
        ScreenResult {
            position,
            record,
            statuses,
        }
    }

    /// The result of one record that stands alone (the questionnaire, a demo): record 1,
    /// from no file or line.
    pub fn alone(rules: &RuleSet, record: Record) -> ScreenResult {
        let position = Position {
            record: 1,
            ..Position::default()
        };
        ScreenResult::new(rules, position, record)
    }

    pub fn is_valid(&self) -> bool {
        self.statuses.is_some()
    }
}

/// Options that change what a report shows.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReportOptions {
    /// Trace every factor with the answers and comparisons that decided it.
    pub explain: bool,
    /// A heading to use instead of "Record N" (the questionnaire's single result).
    pub heading: Option<&'static str>,
}

// ---- JSON ---------------------------------------------------------------------------------

#[derive(Serialize)]
struct JsonResult<'a> {
    record: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u64>,
    id: Option<&'a RecordId>,
    status: &'static str,
    present: Vec<JsonPresent<'a>>,
    not_assessed: Vec<&'a str>,
    absent: Vec<&'a str>,
    errors: &'a [FieldError],
    rules: &'a str,
    rules_hash: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    explain: Option<Vec<JsonExplain<'a>>>,
}

#[derive(Serialize)]
struct JsonPresent<'a> {
    id: &'a str,
    name: &'a str,
    section: &'a str,
    tier: &'a str,
    because: String,
    source_words: &'a str,
}

#[derive(Serialize)]
struct JsonExplain<'a> {
    factor: &'a str,
    status: &'static str,
    steps: Vec<JsonStep<'a>>,
}

#[derive(Serialize)]
struct JsonStep<'a> {
    question: &'a str,
    answer: String,
    test: String,
    holds: Option<bool>,
}

/// Writes one result as a JSON object (no trailing newline).
pub fn write_json(
    out: &mut dyn Write,
    rules: &RuleSet,
    rules_tag: &str,
    result: &ScreenResult,
    options: ReportOptions,
) -> io::Result<()> {
    let mut present = Vec::new();
    let mut not_assessed = Vec::new();
    let mut absent = Vec::new();
    if let Some(statuses) = &result.statuses {
        for (factor, status) in rules.factors.iter().zip(statuses) {
            match status {
                Status::Present => present.push(JsonPresent {
                    id: &factor.id,
                    name: &factor.name,
                    section: &rules.sections[factor.section].id,
                    tier: &rules.tiers[factor.tier].id,
                    because: engine::because(rules, &factor.when, &result.record.answers),
                    source_words: &factor.source_words,
                }),
                Status::NotAssessed => not_assessed.push(factor.id.as_str()),
                Status::Absent => absent.push(factor.id.as_str()),
            }
        }
    }
    let explain = (options.explain && result.is_valid()).then(|| explain_json(rules, result));
    let json = JsonResult {
        record: result.position.record,
        file: result.position.file.as_deref(),
        line: result.position.line,
        id: result.record.id.as_ref(),
        status: if result.is_valid() {
            "screened"
        } else {
            "invalid"
        },
        present,
        not_assessed,
        absent,
        errors: &result.record.errors,
        rules: rules_tag,
        rules_hash: rules.short_hash(),
        explain,
    };
    serde_json::to_writer(out, &json).map_err(io::Error::from)
}

/// `write_json` without serde for the constant parts: factor ids, names, sections, tiers
/// and the rules tag are escaped once per rule set, so that batch output is mostly copying.
/// Produces exactly the bytes of `write_json` (tested), which stays the reference.
pub struct JsonWriter<'r> {
    rules: &'r RuleSet,
    /// `{"id":..,"name":..,"section":..,"tier":..,"because":` per factor.
    present_head: Vec<Vec<u8>>,
    /// `,"source_words":..}` per factor.
    present_tail: Vec<Vec<u8>>,
    /// The factor id as a JSON string, per factor.
    quoted_id: Vec<Vec<u8>>,
    /// `],"rules":"<tag>"}`.
    rules_tail: Vec<u8>,
    rules_tag: String,
    /// Reused for each because-clause (a writer belongs to one thread).
    scratch: std::cell::RefCell<String>,
}

fn json_string(s: &str) -> Vec<u8> {
    serde_json::to_vec(s).expect("a string always serializes")
}

impl<'r> JsonWriter<'r> {
    pub fn new(rules: &'r RuleSet, rules_tag: &str) -> JsonWriter<'r> {
        let mut present_head = Vec::new();
        let mut present_tail = Vec::new();
        let mut quoted_id = Vec::new();
        for f in &rules.factors {
            let mut head = b"{\"id\":".to_vec();
            head.extend(json_string(&f.id));
            head.extend_from_slice(b",\"name\":");
            head.extend(json_string(&f.name));
            head.extend_from_slice(b",\"section\":");
            head.extend(json_string(&rules.sections[f.section].id));
            head.extend_from_slice(b",\"tier\":");
            head.extend(json_string(&rules.tiers[f.tier].id));
            head.extend_from_slice(b",\"because\":");
            present_head.push(head);
            let mut tail = b",\"source_words\":".to_vec();
            tail.extend(json_string(&f.source_words));
            tail.push(b'}');
            present_tail.push(tail);
            quoted_id.push(json_string(&f.id));
        }
        let mut rules_tail = b",\"rules\":".to_vec();
        rules_tail.extend(json_string(rules_tag));
        rules_tail.extend_from_slice(b",\"rules_hash\":");
        rules_tail.extend(json_string(&rules.short_hash()));
        rules_tail.push(b'}');
        JsonWriter {
            rules,
            present_head,
            present_tail,
            quoted_id,
            rules_tail,
            rules_tag: rules_tag.to_string(),
            scratch: std::cell::RefCell::new(String::with_capacity(256)),
        }
    }

    /// Appends one result as a JSON object (no trailing newline).
    pub fn write(&self, out: &mut Vec<u8>, result: &ScreenResult, options: ReportOptions) {
        if options.explain {
            // The explanation is rare and bulky: the reference writer does it.
            let _ = write_json(out, self.rules, &self.rules_tag, result, options);
            return;
        }
        let p = &result.position;
        out.extend_from_slice(b"{\"record\":");
        push_u64(out, p.record);
        if let Some(file) = &p.file {
            out.extend_from_slice(b",\"file\":");
            out.extend(json_string(file));
        }
        if let Some(line) = p.line {
            out.extend_from_slice(b",\"line\":");
            push_u64(out, line);
        }
        out.extend_from_slice(b",\"id\":");
        match &result.record.id {
            None => out.extend_from_slice(b"null"),
            Some(id) => {
                let _ = serde_json::to_writer(&mut *out, id);
            }
        }
        let Some(statuses) = &result.statuses else {
            out.extend_from_slice(
                b",\"status\":\"invalid\",\"present\":[],\"not_assessed\":[],\"absent\":[],\"errors\":",
            );
            let _ = serde_json::to_writer(&mut *out, &result.record.errors);
            out.extend_from_slice(&self.rules_tail);
            return;
        };
        out.extend_from_slice(b",\"status\":\"screened\",\"present\":[");
        let mut first = true;
        for (f, s) in statuses.iter().enumerate() {
            if *s == Status::Present {
                if !first {
                    out.push(b',');
                }
                first = false;
                out.extend_from_slice(&self.present_head[f]);
                let mut because = self.scratch.borrow_mut();
                engine::because_into(
                    &mut because,
                    self.rules,
                    &self.rules.factors[f].when,
                    &result.record.answers,
                );
                push_json_string(out, &because);
                out.extend_from_slice(&self.present_tail[f]);
            }
        }
        for (key, want) in [
            (&b"],\"not_assessed\":["[..], Status::NotAssessed),
            (&b"],\"absent\":["[..], Status::Absent),
        ] {
            out.extend_from_slice(key);
            let mut first = true;
            for (f, s) in statuses.iter().enumerate() {
                if *s == want {
                    if !first {
                        out.push(b',');
                    }
                    first = false;
                    out.extend_from_slice(&self.quoted_id[f]);
                }
            }
        }
        out.extend_from_slice(b"],\"errors\":[]");
        out.extend_from_slice(&self.rules_tail);
    }
}

/// Appends `s` as a JSON string: copied as is when nothing in it needs escaping (the
/// usual case, checked with a fast scan), otherwise escaped by serde_json.
fn push_json_string(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    if memchr::memchr2(b'"', b'\\', bytes).is_none() && !bytes.iter().any(|&b| b < 0x20) {
        out.push(b'"');
        out.extend_from_slice(bytes);
        out.push(b'"');
    } else {
        let _ = serde_json::to_writer(&mut *out, s);
    }
}

fn push_u64(out: &mut Vec<u8>, n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let mut n = n;
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

fn explain_json<'a>(rules: &'a RuleSet, result: &ScreenResult) -> Vec<JsonExplain<'a>> {
    let statuses = result.statuses.as_deref().unwrap_or_default();
    rules
        .factors
        .iter()
        .zip(statuses)
        .map(|(f, s)| JsonExplain {
            factor: &f.id,
            status: match s {
                Status::Present => "present",
                Status::Absent => "absent",
                Status::NotAssessed => "not_assessed",
            },
            steps: engine::trace(rules, &f.when, &result.record.answers)
                .into_iter()
                .map(|step| JsonStep {
                    question: &rules.questions[step.question].id,
                    answer: step.answer,
                    test: step.test,
                    holds: match step.outcome {
                        Truth::True => Some(true),
                        Truth::False => Some(false),
                        Truth::Unknown => None,
                    },
                })
                .collect(),
        })
        .collect()
}

// ---- text ---------------------------------------------------------------------------------

const WIDTH: usize = 88;

/// Writes one result as a report for a person.
pub fn write_text(
    out: &mut dyn Write,
    rules: &RuleSet,
    rules_tag: &str,
    result: &ScreenResult,
    options: ReportOptions,
) -> io::Result<()> {
    match options.heading {
        Some(h) => writeln!(out, "{}", h.bold().underline())?,
        None => write_heading(out, result)?,
    }
    let Some(statuses) = &result.statuses else {
        return write_invalid(out, result);
    };
    let answers = &result.record.answers;
    let count = |want: Status| statuses.iter().filter(|s| **s == want).count();
    let (present, not_assessed, absent) = (
        count(Status::Present),
        count(Status::NotAssessed),
        count(Status::Absent),
    );
    let summary = format!(
        "{present} of {} risk factors present, {absent} absent, {not_assessed} not assessed",
        statuses.len()
    );
    writeln!(out, "{}", summary.bold())?;

    if present == 0 {
        writeln!(out)?;
        if not_assessed == 0 {
            writeln!(
                out,
                "  No risk factor of this checklist was found in the answers."
            )?;
        } else {
            // Unknown is not no: finding nothing among a few answers is not reassurance.
            write_wrapped(
                out,
                "  ",
                "  ",
                &format!(
                    "No risk factor was found in the answers given, but {not_assessed} of the {} factors could not be assessed because their answers are unknown or missing.",
                    statuses.len()
                ),
            )?;
        }
    }
    for (si, section) in rules.sections.iter().enumerate() {
        let in_section: Vec<usize> = (0..rules.factors.len())
            .filter(|&f| rules.factors[f].section == si && statuses[f] == Status::Present)
            .collect();
        if in_section.is_empty() {
            continue;
        }
        writeln!(out)?;
        writeln!(out, "  {}", section.title.bold())?;
        for f in in_section {
            let factor = &rules.factors[f];
            writeln!(
                out,
                "    {} {} {}",
                "●".yellow(),
                factor.name.bold(),
                format!("({})", rules.tiers[factor.tier].title).dimmed()
            )?;
            let because = engine::because(rules, &factor.when, answers);
            write_wrapped(out, "        because ", "                ", &because)?;
            write_wrapped(
                out,
                "        source: ",
                "                ",
                &format!("\"{}\"", factor.source_words),
            )?;
        }
    }
    if not_assessed > 0 {
        writeln!(out)?;
        let names = names_with(rules, statuses, Status::NotAssessed);
        write_wrapped(
            out,
            "  Not assessed (answer unknown or missing): ",
            "    ",
            &names,
        )?;
    }
    if absent > 0 {
        writeln!(out)?;
        let names = names_with(rules, statuses, Status::Absent);
        write_wrapped(out, "  Checked and not found: ", "    ", &names)?;
    }
    if options.explain {
        write_explain(out, rules, result, statuses)?;
    }
    writeln!(out)?;
    let follow_up = rules
        .factors
        .iter()
        .zip(statuses)
        .any(|(f, s)| *s == Status::Present && rules.tiers[f.tier].follow_up);
    if follow_up {
        write_wrapped(out, "  ", "  ", &rules.report.follow_up)?;
    }
    for sentence in [
        &rules.report.not_a_diagnosis,
        &rules.report.none_does_not_rule_out,
        &rules.report.see_clinician,
    ] {
        write_wrapped(out, "  ", "  ", sentence)?;
    }
    writeln!(
        out,
        "  {}",
        format!("Rules: {rules_tag} ({})", rules.short_hash()).dimmed()
    )
}

fn write_heading(out: &mut dyn Write, result: &ScreenResult) -> io::Result<()> {
    let p = &result.position;
    let mut heading = format!("Record {}", p.record);
    if let Some(id) = &result.record.id {
        match id {
            RecordId::Text(t) => heading.push_str(&format!(" · id \"{}\"", escape_control(t))),
            RecordId::Number(n) => heading.push_str(&format!(" · id {n}")),
        }
    }
    let mut place = Vec::new();
    if let Some(file) = &p.file {
        place.push(escape_control(file).into_owned());
    }
    if let Some(line) = p.line {
        place.push(format!("line {line}"));
    }
    if !place.is_empty() {
        heading.push_str(&format!(" · {}", place.join(", ")));
    }
    writeln!(out, "{}", heading.bold().underline())
}

fn write_invalid(out: &mut dyn Write, result: &ScreenResult) -> io::Result<()> {
    let errors = &result.record.errors;
    let s = if errors.len() == 1 { "" } else { "s" };
    writeln!(
        out,
        "{}",
        format!(
            "Not screened: the record has {} error{s}, so no factor was assessed",
            errors.len()
        )
        .red()
        .bold()
    )?;
    for e in errors {
        let field = match &e.field {
            Some(f) => format!("  {}: ", escape_control(f)),
            None => "  ".to_string(),
        };
        write_wrapped(out, &field, "      ", &e.message)?;
    }
    writeln!(out, "  Correct the record and screen it again.")
}

fn write_explain(
    out: &mut dyn Write,
    rules: &RuleSet,
    result: &ScreenResult,
    statuses: &[Status],
) -> io::Result<()> {
    writeln!(out)?;
    writeln!(out, "  {}", "How each factor was decided".bold())?;
    for (factor, status) in rules.factors.iter().zip(statuses) {
        writeln!(out, "    {}: {}", factor.id, status.as_str())?;
        explain_node(out, rules, &factor.when, &result.record.answers, 6)?;
    }
    Ok(())
}

/// One line per comparison ("gestational_age_weeks = 33 weeks: not under 32 weeks"), with
/// the all/any/not that combine them and what each came to.
fn explain_node(
    out: &mut dyn Write,
    rules: &RuleSet,
    condition: &crate::rules::Condition,
    answers: &crate::answers::Answers,
    indent: usize,
) -> io::Result<()> {
    use crate::rules::Condition;
    let pad = " ".repeat(indent);
    let truth = |c: &Condition| match engine::evaluate(c, answers) {
        Truth::True => "true",
        Truth::False => "false",
        Truth::Unknown => "unknown",
    };
    match condition {
        Condition::Compare { question, .. } => {
            for step in engine::trace(rules, condition, answers) {
                let verdict = match step.outcome {
                    Truth::True => step.test.clone(),
                    Truth::False => format!("not {}", step.test),
                    Truth::Unknown => format!("cannot tell if {}", step.test),
                };
                writeln!(
                    out,
                    "{pad}{} = {}: {verdict}",
                    rules.questions[*question].id, step.answer
                )?;
            }
            Ok(())
        }
        Condition::All(parts) | Condition::Any(parts) => {
            let (name, rule) = if matches!(condition, Condition::All(_)) {
                (
                    "all of",
                    "true if every part is true, false if any part is false",
                )
            } else {
                (
                    "any of",
                    "true if any part is true, false only if every part is false",
                )
            };
            writeln!(out, "{pad}{name} ({rule}): {}", truth(condition))?;
            for p in parts {
                explain_node(out, rules, p, answers, indent + 2)?;
            }
            Ok(())
        }
        Condition::Not(inner) => {
            writeln!(out, "{pad}not: {}", truth(condition))?;
            explain_node(out, rules, inner, answers, indent + 2)
        }
    }
}

fn names_with(rules: &RuleSet, statuses: &[Status], want: Status) -> String {
    rules
        .factors
        .iter()
        .zip(statuses)
        .filter(|(_, s)| **s == want)
        .map(|(f, _)| f.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Writes `text` after `first`, wrapped at `WIDTH` columns with `rest` before later lines.
fn write_wrapped(out: &mut dyn Write, first: &str, rest: &str, text: &str) -> io::Result<()> {
    for line in wrap(&escape_control(text), WIDTH, first, rest) {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// Splits `text` into lines of at most `width` columns (a longer word stands alone),
/// the first starting with `first` and the others with `rest`.
pub fn wrap(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::from(first);
    let mut line_len = first.chars().count();
    let mut empty = true;
    for word in text.split_whitespace() {
        let wlen = word.chars().count();
        if !empty && line_len + 1 + wlen > width {
            lines.push(std::mem::replace(&mut line, String::from(rest)));
            line_len = rest.chars().count();
            empty = true;
        }
        if !empty {
            line.push(' ');
            line_len += 1;
        }
        line.push_str(word);
        line_len += wlen;
        empty = false;
    }
    lines.push(line);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::RecordReader;

    fn result_for(rules: &RuleSet, json: &str) -> ScreenResult {
        let record = RecordReader {
            rules,
            allow_extra_fields: false,
        }
        .parse_json(json.as_bytes())
        .unwrap();
        ScreenResult::alone(rules, record)
    }

    fn text(rules: &RuleSet, json: &str) -> String {
        colored::control::set_override(false);
        let mut out = Vec::new();
        let r = result_for(rules, json);
        write_text(&mut out, rules, &rules.tag(), &r, ReportOptions::default()).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn text_report_groups_present_factors_and_carries_the_note() {
        let rules = RuleSet::default_rules();
        let t = text(
            &rules,
            r#"{"id": "b1", "gestational_age_weeks": "30+4", "family_epilepsy": "yes", "birth_asphyxia": "no"}"#,
        );
        assert!(t.starts_with("Record 1 · id \"b1\"\n"), "{t}");
        assert!(
            t.contains("2 of 14 risk factors present, 1 absent, 11 not assessed"),
            "{t}"
        );
        let family = t.find("  Family\n").expect("family section");
        let birth = t.find("  Birth\n").expect("birth section");
        assert!(family < birth, "sections follow the rule file's order");
        assert!(t.contains("● Born before 32 weeks (most important)"));
        assert!(
            t.contains("because gestational age at birth 30+4 weeks (30.6 weeks): under 32 weeks")
        );
        assert!(t.contains("source: \"Gestational age less than 32 weeks\""));
        assert!(t.contains("Checked and not found: Asphyxia at birth"));
        assert!(t.contains(&rules.report.follow_up[..40]));
        assert!(t.contains("not a diagnosis"));
        assert!(t.contains("does not rule cerebral palsy out"));
        assert!(t.contains("Rules: cerebral-palsy@1.0.0"));
    }

    #[test]
    fn finding_nothing_still_says_it_does_not_rule_out() {
        let rules = RuleSet::default_rules();
        let all_no = r#"{"maternal_infection": "no", "harmful_exposure": "no", "fetal_hypoxia": "no",
            "maternal_nutrition_disorder": "no", "family_cerebral_palsy": "no", "family_epilepsy": "no",
            "family_intellectual_disability": "no", "chromosomal_abnormality": "no",
            "gestational_age_weeks": 40, "birth_weight_grams": 3400, "threatened_miscarriage": "no",
            "fetal_malformation": "no", "birth_asphyxia": "no", "amnion_abnormality": "no",
            "abnormal_fetal_position": "no", "short_umbilical_cord": "no"}"#;
        let t = text(&rules, all_no);
        let t = t.replace('\n', " ");
        assert!(
            t.contains("No risk factor of this checklist was found"),
            "{t}"
        );
        assert!(t.contains("does not rule cerebral palsy out"));
        // With unknowns, finding nothing says how much could not be assessed.
        let t = text(&rules, r#"{"birth_asphyxia": "no"}"#).replace("\n  ", " ");
        assert!(t.contains("No risk factor was found in the answers given, but 13 of the 14 factors could not be assessed"), "{t}");
        assert!(t.contains("does not rule cerebral palsy out"));
        assert!(
            !t.contains("developmental follow-up"),
            "no follow-up line without a most important factor"
        );
    }

    #[test]
    fn invalid_record_lists_its_errors_and_no_findings() {
        let rules = RuleSet::default_rules();
        let t = text(&rules, r#"{"gestational_age_weeks": 353}"#);
        assert!(t.contains("Not screened: the record has 1 error"));
        assert!(t.contains(
            "gestational_age_weeks: 353 weeks is outside the plausible range 20 to 45 weeks"
        ));
        assert!(!t.contains("risk factors present"));
    }

    #[test]
    fn ids_with_control_characters_are_escaped() {
        let rules = RuleSet::default_rules();
        let t = text(&rules, "{\"id\": \"x\\u001b[2Jy\"}");
        assert!(t.contains("id \"x\\u{1b}[2Jy\""), "{t}");
        assert!(!t.contains('\x1b'));
    }

    #[test]
    fn wrap_breaks_between_words_and_indents() {
        assert_eq!(wrap("aa bb cc", 5, "", "  "), ["aa bb", "  cc"]);
        assert_eq!(
            wrap("averylongword x", 5, "> ", "  "),
            ["> averylongword", "  x"]
        );
        assert_eq!(wrap("", 5, "> ", ""), ["> "]);
    }

    #[test]
    fn the_fast_json_writer_matches_the_reference_byte_for_byte() {
        let rules = RuleSet::default_rules();
        let tag = rules.tag();
        let fast = JsonWriter::new(&rules, &tag);
        let inputs = [
            r#"{"id": "a\"b", "gestational_age_weeks": "30+4", "family_epilepsy": "yes", "birth_asphyxia": "no"}"#,
            r#"{"id": 18446744073709551615, "birth_weight_grams": 1999.5}"#,
            r#"{}"#,
            r#"{"gestational_age_weeks": 353, "nope": 1}"#,
            r#"[1]"#,
        ];
        for (i, json) in inputs.iter().enumerate() {
            let mut r = result_for(&rules, json);
            r.position.record = 10_000_000_007 + i as u64;
            r.position.line = (i % 2 == 0).then_some(i as u64 * 1_000);
            r.position.file = (i == 1).then(|| std::sync::Arc::from("dir/ä \"x\".jsonl"));
            let mut reference = Vec::new();
            write_json(&mut reference, &rules, &tag, &r, ReportOptions::default()).unwrap();
            let mut got = Vec::new();
            fast.write(&mut got, &r, ReportOptions::default());
            assert_eq!(
                String::from_utf8(got).unwrap(),
                String::from_utf8(reference).unwrap(),
                "{json}"
            );
        }
    }

    #[test]
    fn json_strings_are_escaped_only_when_needed() {
        for s in [
            "plain",
            "",
            "quote \" in",
            "back\\slash",
            "tab\there",
            "\u{1}",
            "é ✓",
        ] {
            let mut fast = Vec::new();
            push_json_string(&mut fast, s);
            assert_eq!(fast, serde_json::to_vec(s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn json_result_has_the_contract_fields() {
        let rules = RuleSet::default_rules();
        let r = result_for(&rules, r#"{"id": 7, "birth_weight_grams": "1.85 kg"}"#);
        let mut out = Vec::new();
        write_json(&mut out, &rules, &rules.tag(), &r, ReportOptions::default()).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["record"], 1);
        assert_eq!(v["id"], 7);
        assert_eq!(v["status"], "screened");
        assert_eq!(v["present"][0]["id"], "birth_weight_under_2000_g");
        assert_eq!(v["present"][0]["section"], "birth");
        assert_eq!(v["present"][0]["tier"], "most_important");
        assert_eq!(
            v["present"][0]["because"],
            "birth weight 1.85 kg (1850 g): under 2000 g"
        );
        assert_eq!(v["not_assessed"].as_array().unwrap().len(), 13);
        assert_eq!(v["absent"].as_array().unwrap().len(), 0);
        assert_eq!(v["errors"].as_array().unwrap().len(), 0);
        assert_eq!(v["rules"], "cerebral-palsy@1.0.0");
        assert!(v.get("file").is_none());
    }
}
