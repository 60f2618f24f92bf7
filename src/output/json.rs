//! The JSON result object (the contract documented in the README), and `--format json`.
//!
//! `JsonRecord::write` is the one place that lists the object's fields. It runs for every
//! record of a batch, so it writes bytes itself: what is the same for every record of a
//! rule set (factor ids, names, sections, tiers, source words, the rules tag and hash) is
//! escaped once, and strings are copied as they are when nothing in them needs escaping.
//! A test checks it against a plain `serde_json::Value` built from the contract.

use std::cell::RefCell;
use std::io::{self, Write};
use std::sync::OnceLock;

use serde::Serialize;

use super::{Framing, Output, Piece, Place, ReportOptions, RunEnd};
use crate::answers::{Answer, RecordId};
use crate::engine::{Evaluated, ScreenResult, Status, Truth};
use crate::rules::RuleSet;
use crate::words;

/// Renders results as JSON objects for one rule set.
pub struct JsonRecord<'r> {
    rules: &'r RuleSet,
    /// `{"id":..,"name":..,"section":..,"tier":..,"because":` per factor.
    present_head: Vec<Vec<u8>>,
    /// `,"source_words":..}` per factor.
    present_tail: Vec<Vec<u8>>,
    /// The factor id as a JSON string after a comma, per factor.
    comma_quoted_id: Vec<Piece>,
    /// `,"rules":"<tag>","rules_hash":"<hash>","notice":"<not a diagnosis ...>",
    /// "warning_signs":"<see a doctor soon if ...>"` (`null` when the rule file has none).
    rules_fields: Vec<u8>,
    /// By `follow_up`: the lists closed, `"follow_up":false` (or true) and `"errors":`.
    follow_up_head: [Vec<u8>; 2],
    /// The end of a result without errors or assumed units, by `follow_up`:
    /// `follow_up_head`, `[]` and `rules_fields`.
    usual_end: [Vec<u8>; 2],
    /// The names of the input's columns carried through (`--keep`), as JSON strings: the
    /// result then has `"kept":{name: value, ...}` after its id.
    kept: Vec<Vec<u8>>,
    /// Per factor, the questions its condition reads when all are yes/no questions (at
    /// most 32): its because-clause then depends only on their answers, and is kept per
    /// thread once written (`because`).
    yes_no_questions: Vec<Option<Vec<usize>>>,
    /// Per factor, the questions its condition reads (in order, once per comparison).
    reads: Vec<Vec<usize>>,
    /// Per factor whose condition is one comparison, its object made around the answer
    /// (`around`), when it reads a number (a yes/no factor's is kept whole).
    around_answer: Vec<Option<AroundAnswer>>,
    /// Per question, whether it is a number with a unit whose size is an assumption and
    /// whose name is ASCII (`NumberSpec::noted_ascii`).
    noted_ascii: Vec<bool>,
    /// This writer's own number, never another's, under which its clauses are kept.
    run: u64,
    /// Per factor whose condition reads at most `DENSE_MOST` yes/no questions, its objects
    /// (`Dense`), shared by the threads that write.
    dense: Vec<Option<Dense>>,
}

/// A yes/no factor's whole object, per language (`Lang::index`) and per answers to its
/// questions (`yes_no_code`: two bits each), made when first needed: a lookup is an index,
/// not a hash, and no thread makes one another has made.
type Dense = Vec<OnceLock<Box<[OnceLock<Box<[u8]>>]>>>;

/// The most questions of a factor whose objects are kept in a `Dense` table (4^5 = 1,024
/// per language); a factor that reads more keeps them per thread, as numbers are.
const DENSE_MOST: usize = 5;

/// A present factor's object around the answer in its because-clause: `{"id":..,
/// "because":"<words before>` and `<words after>","source_words":..}`.
type Around = (Vec<u8>, Vec<u8>);

/// A factor whose condition is one comparison: the question, and per language
/// (`Lang::index`) its object around the answer, made when first needed.
struct AroundAnswer {
    question: usize,
    by_language: Vec<OnceLock<Option<Around>>>,
}

/// The longest because-clause kept (its answers as written are kept up to
/// `answers::KEPT_LONGEST`, as the notations are).
const KEPT_CLAUSE: usize = 512;

/// What every application showing a result must show with it: not a diagnosis, none does
/// not rule out, see a clinician (the rule set's own sentences).
fn notice(rules: &RuleSet) -> String {
    let r = &rules.report;
    [
        &r.not_a_diagnosis,
        &r.none_does_not_rule_out,
        &r.see_clinician,
    ]
    .map(|s| s.trim())
    .join(" ")
}

fn json_string(s: &str) -> Vec<u8> {
    serde_json::to_vec(s).expect("a string always serializes")
}

#[derive(Serialize)]
struct JsonError<'a> {
    field: Option<&'a str>,
    code: &'static str,
    message: String,
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

impl<'r> JsonRecord<'r> {
    pub fn new(rules: &'r RuleSet) -> JsonRecord<'r> {
        let mut present_head = Vec::new();
        let mut present_tail = Vec::new();
        let mut comma_quoted_id = Vec::new();
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
            comma_quoted_id.push(Piece::new([&b","[..], &json_string(&f.id)].concat()));
        }
        let mut rules_fields = b",\"rules\":".to_vec();
        rules_fields.extend(json_string(&rules.tag()));
        rules_fields.extend_from_slice(b",\"rules_hash\":");
        rules_fields.extend(json_string(&rules.short_hash()));
        rules_fields.extend_from_slice(b",\"notice\":");
        rules_fields.extend(json_string(&notice(rules)));
        rules_fields.extend_from_slice(b",\"warning_signs\":");
        match &rules.report.warning_signs {
            Some(signs) => rules_fields.extend(json_string(signs.trim())),
            None => rules_fields.extend_from_slice(b"null"),
        }
        static RUNS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let yes_no_questions = super::yes_no_questions(rules);
        let follow_up_head =
            [false, true].map(|f| format!("],\"follow_up\":{f},\"errors\":").into_bytes());
        let usual_end = follow_up_head
            .clone()
            .map(|head| [head, b"[]".to_vec(), rules_fields.clone()].concat());
        JsonRecord {
            rules,
            follow_up_head,
            usual_end,
            present_head,
            present_tail,
            comma_quoted_id,
            rules_fields,
            kept: Vec::new(),
            reads: super::factor_reads(rules),
            around_answer: rules
                .factors
                .iter()
                .map(|f| match f.when {
                    // Whether its clause can be said around the answer is `around`'s call.
                    crate::rules::Condition::Compare { question, .. } => Some(AroundAnswer {
                        question,
                        by_language: crate::locale::LANGUAGES
                            .iter()
                            .map(|_| OnceLock::new())
                            .collect(),
                    }),
                    _ => None,
                })
                .collect(),
            noted_ascii: rules
                .questions
                .iter()
                .map(|q| matches!(&q.kind, crate::rules::QuestionKind::Number(spec) if spec.noted_ascii))
                .collect(),
            run: RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            dense: yes_no_questions
                .iter()
                .map(|q| {
                    q.as_ref().filter(|q| q.len() <= DENSE_MOST).map(|_| {
                        crate::locale::LANGUAGES
                            .iter()
                            .map(|_| OnceLock::new())
                            .collect()
                    })
                })
                .collect(),
            yes_no_questions,
        }
    }

    /// Appends factor `f`'s object in the list of present factors for `result`: the
    /// factor's fields, with its because-clause. A clause of yes/no answers only is the
    /// same for every record with the same answers to its questions (and in the same
    /// language): the whole object is kept (in `dense`, or per thread, up to a few
    /// hundred, for a factor of many questions), and then written in one copy. A factor
    /// whose condition is one comparison of a number is written around its answer
    /// (`AroundAnswer`): only the answer is said per record.
    /// Any other factor that reads a number has its clause kept (`clause_of_numbers`).
    fn present(&self, out: &mut Vec<u8>, result: &ScreenResult, f: usize) {
        use std::collections::HashMap;
        type Key = (u64, usize, u64, usize);
        thread_local! {
            // One because-clause at a time, in a buffer reused across records.
            static BECAUSE: RefCell<String> = RefCell::new(String::with_capacity(256));
            static KEPT: RefCell<HashMap<Key, Vec<u8>, rustc_hash::FxBuildHasher>> =
                RefCell::default();
        }
        let clause = |out: &mut Vec<u8>| {
            BECAUSE.with(|b| {
                let mut because = b.borrow_mut();
                words::because_into(&mut because, self.rules, &result.evaluated(self.rules, f));
                push_json_string(out, &because);
            })
        };
        let Some(questions) = &self.yes_no_questions[f] else {
            if let Some(AroundAnswer {
                question,
                by_language,
            }) = &self.around_answer[f]
                && let Some((head, tail)) =
                    by_language[words::chosen().index()].get_or_init(|| self.around(f))
            {
                // Only the answer is said for each record (a notation's words are kept
                // per thread: `answers::say_kept`); the rest is the factor's own.
                out.extend_from_slice(head);
                BECAUSE.with(|b| {
                    let mut answer = b.borrow_mut();
                    answer.clear();
                    let answers = &result.record.answers.values;
                    words::push_answer(&mut answer, self.rules, *question, &answers[*question]);
                    push_json_inner(out, &answer);
                });
                out.extend_from_slice(tail);
                return;
            }
            // Only the clause is kept: numbers make many more, and memory stays small.
            out.extend_from_slice(&self.present_head[f]);
            self.clause_of_numbers(out, result, f, clause);
            out.extend_from_slice(&self.present_tail[f]);
            return;
        };
        let answers = &result.record.answers.values;
        let code = super::yes_no_code(questions, answers);
        if let Some(dense) = &self.dense[f] {
            let table = dense[words::chosen().index()].get_or_init(|| {
                (0..1usize << (2 * questions.len()))
                    .map(|_| OnceLock::new())
                    .collect()
            });
            let bytes = table[code as usize].get_or_init(|| {
                let mut bytes = self.present_head[f].clone();
                clause(&mut bytes);
                bytes.extend_from_slice(&self.present_tail[f]);
                bytes.into_boxed_slice()
            });
            return out.extend_from_slice(bytes);
        }
        let language = words::chosen() as usize;
        let key = (self.run, f, code, language);
        KEPT.with_borrow_mut(|kept| {
            if let Some(bytes) = kept.get(&key) {
                return out.extend_from_slice(bytes);
            }
            let start = out.len();
            out.extend_from_slice(&self.present_head[f]);
            clause(out);
            out.extend_from_slice(&self.present_tail[f]);
            if kept.len() >= 512 {
                // Another writer's, or a language's no longer used: start again.
                kept.clear();
            }
            kept.insert(key, out[start..].to_vec());
        })
    }

    /// `Written` for `result`. An ASCII text names no unit with a note unless its
    /// question has such a unit with an ASCII name (`noted_ascii`, per question).
    fn written(&self, result: &ScreenResult) -> Written {
        let mut written = Written {
            units: false,
            not_ascii: false,
        };
        for (a, noted_ascii) in result.record.answers.values.iter().zip(&self.noted_ascii) {
            if let Answer::Number {
                written: Some(w), ..
            } = a
            {
                let ascii = w.is_ascii();
                written.not_ascii |= !ascii;
                written.units |= !ascii | noted_ascii;
            }
        }
        written
    }

    /// Factor `f`'s object around the answer in its because-clause, in the chosen language
    /// (`around_answer`); `None` when its clause does not say the answer once.
    fn around(&self, f: usize) -> Option<Around> {
        let (before, after) =
            words::because_around_answer(self.rules, &self.rules.factors[f].when)?;
        let mut head = self.present_head[f].clone();
        head.push(b'"');
        push_json_inner(&mut head, &before);
        let mut tail = Vec::new();
        push_json_inner(&mut tail, &after);
        tail.push(b'"');
        tail.extend_from_slice(&self.present_tail[f]);
        Some((head, tail))
    }

    /// The because-clause of a factor that reads a number, as a JSON string: it depends
    /// only on the answers to its questions (each number as written and as read), so it
    /// is kept per thread under a hash of them, with the answers themselves to check a hit
    /// against; up to 4,096 (a batch has few distinct numbers near a cut-off).
    fn clause_of_numbers(
        &self,
        out: &mut Vec<u8>,
        result: &ScreenResult,
        f: usize,
        write: impl FnOnce(&mut Vec<u8>),
    ) {
        use std::collections::HashMap;
        type Key = (u64, usize, u64, usize);
        type Kept = (Box<[Answer]>, Vec<u8>);
        thread_local! {
            static KEPT: RefCell<HashMap<Key, Kept, rustc_hash::FxBuildHasher>> =
                RefCell::default();
        }
        let questions = &self.reads[f];
        let answers = &result.record.answers.values;
        // Only short answers are kept (a number can be written with thousands of leading
        // zeros), and only short clauses: the memory kept stays small.
        let long = |q: &usize| matches!(&answers[*q], Answer::Number { written: Some(w), .. } if w.len() > crate::answers::KEPT_LONGEST);
        if questions.len() > 8 || questions.iter().any(long) {
            return write(out);
        }
        let code = super::answers_code(questions, answers);
        let key = (self.run, f, code, words::chosen() as usize);
        KEPT.with_borrow_mut(|kept| {
            if let Some((was, bytes)) = kept.get(&key)
                && questions
                    .iter()
                    .zip(was)
                    .all(|(q, a)| super::same_answer(&answers[*q], a))
            {
                return out.extend_from_slice(bytes);
            }
            let start = out.len();
            write(out);
            if out.len() - start > KEPT_CLAUSE {
                return;
            }
            if kept.len() >= 4096 {
                // Another writer's, or too many numbers: start again.
                kept.clear();
            }
            let was = questions.iter().map(|q| answers[*q].clone()).collect();
            kept.insert(key, (was, out[start..].to_vec()));
        })
    }

    /// The same, with the kept columns `names` (`--keep`) in each result.
    pub fn with_kept(mut self, names: &[String]) -> JsonRecord<'r> {
        self.kept = names.iter().map(|n| json_string(n)).collect();
        self
    }

    /// Appends one result as a JSON object (no trailing newline).
    pub fn write(&self, out: &mut Vec<u8>, result: &ScreenResult, explain: bool) {
        self.write_spliced(out, None, result, explain);
    }

    /// The shared ends of results (`usual_end`) that `write_spliced` leaves out, by
    /// `follow_up`.
    pub(crate) fn part(&self, part: u32) -> &[u8] {
        self.usual_end.get(part as usize).map_or(&[], |end| end)
    }

    /// `write`; with `splices`, the usual end of a result (the rules, the notice and the
    /// warning signs, the same in every result) is left out and named there, at its place
    /// (`Output::record_spliced`).
    pub(crate) fn write_spliced(
        &self,
        out: &mut Vec<u8>,
        splices: Option<&mut Vec<super::Splice>>,
        result: &ScreenResult,
        explain: bool,
    ) {
        let start = out.len();
        let written = self.written(result);
        // A result whose text is escaped after it is written (`escape_invisible`) keeps
        // all of its bytes, so that nothing moves under a splice.
        let escape = written.not_ascii || may_hold_invisible(result);
        let splices = splices.filter(|_| !escape);
        let p = &result.position;
        out.extend_from_slice(b"{\"record\":");
        push_u64(out, p.record);
        if let Some(file) = &p.file {
            out.extend_from_slice(b",\"file\":");
            push_json_string(out, file);
        }
        if let Some(line) = p.line {
            out.extend_from_slice(b",\"line\":");
            push_u64(out, line);
        }
        out.extend_from_slice(b",\"id\":");
        match &result.record.id {
            None => out.extend_from_slice(b"null"),
            Some(RecordId::Text(id)) => push_json_string(out, id),
            // Writing into a Vec cannot fail.
            Some(id) => {
                let _ = serde_json::to_writer(&mut *out, id);
            }
        }
        if !self.kept.is_empty() {
            out.extend_from_slice(b",\"kept\":{");
            for (i, name) in self.kept.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(name);
                out.push(b':');
                push_json_string(out, result.record.kept.get(i).map_or("", |v| v.as_str()));
            }
            out.push(b'}');
        }
        let statuses = result.statuses.as_deref().unwrap_or_default();
        out.extend_from_slice(if result.is_valid() {
            b",\"status\":\"screened\",\"present\":["
        } else {
            b",\"status\":\"invalid\",\"present\":["
        });
        let bits = super::status_bits(statuses);
        let mut first = true;
        for f in super::factors_with(statuses, bits, Status::Present) {
            if !std::mem::take(&mut first) {
                out.push(b',');
            }
            self.present(out, result, f);
        }
        for (key, want) in [
            (&b"],\"not_assessed\":"[..], Status::NotAssessed),
            (&b"],\"absent\":"[..], Status::Absent),
            (&b"],\"not_applicable\":"[..], Status::NotApplicable),
        ] {
            out.extend_from_slice(key);
            // Each id after a comma; the first one's comma becomes the list's opening
            // bracket (the same bytes, without a branch per id).
            let start = out.len();
            for f in super::factors_with(statuses, bits, want) {
                self.comma_quoted_id[f].push(out);
            }
            match out.get_mut(start) {
                Some(first) => *first = b'[',
                None => out.push(b'['),
            }
        }
        let follow_up = result.follow_up(self.rules);
        let assumed = || {
            written.units
                && crate::answers::assumed_units(self.rules, &result.record.answers.values)
                    .next()
                    .is_some()
        };
        if result.record.errors.is_empty() && !assumed() {
            // The usual end, in one piece.
            match splices {
                Some(splices) => splices.push(super::Splice {
                    at: out.len(),
                    part: u32::from(follow_up),
                }),
                None => out.extend_from_slice(&self.usual_end[usize::from(follow_up)]),
            }
        } else {
            out.extend_from_slice(&self.follow_up_head[usize::from(follow_up)]);
            if result.record.errors.is_empty() {
                out.extend_from_slice(b"[]");
            } else {
                self.write_errors(out, result);
            }
            self.write_units_assumed(out, result);
            out.extend_from_slice(&self.rules_fields);
        }
        if explain && result.is_valid() {
            out.extend_from_slice(b",\"explain\":");
            let _ = serde_json::to_writer(&mut *out, &self.explain(result));
        }
        out.push(b'}');
        if escape {
            escape_invisible(out, start);
        }
    }

    /// Appends `,"units_assumed":[..]` when an answer was written with a unit whose size is
    /// an assumption (a 斤: Taiwan's, Hong Kong's or the mainland's), naming the unit read
    /// and its size in the question's unit; nothing otherwise.
    fn write_units_assumed(&self, out: &mut Vec<u8>, result: &ScreenResult) {
        let mut first = true;
        let assumed = crate::answers::assumed_units(self.rules, &result.record.answers.values);
        for (q, _, units) in assumed {
            for unit in units {
                out.extend_from_slice(if std::mem::take(&mut first) {
                    b",\"units_assumed\":[{\"question\":"
                } else {
                    b",{\"question\":"
                });
                push_json_string(out, &q.id);
                out.extend_from_slice(b",\"unit\":");
                push_json_string(out, &unit.symbol);
                out.extend_from_slice(b",\"size\":");
                if unit.size.fract() == 0.0 && unit.size.abs() < 1e15 {
                    // 600, not 600.0: the size as the rule file writes it.
                    out.extend_from_slice((unit.size as i64).to_string().as_bytes());
                } else {
                    let _ = serde_json::to_writer(&mut *out, &unit.size);
                }
                out.push(b'}');
            }
        }
        if !first {
            out.push(b']');
        }
    }

    /// Appends an invalid record's errors as a JSON array.
    fn write_errors(&self, out: &mut Vec<u8>, result: &ScreenResult) {
        let errors: Vec<JsonError<'_>> = result
            .record
            .errors
            .iter()
            .map(|e| JsonError {
                field: e.field.as_deref(),
                code: e.code(),
                message: words::get().record_problem(self.rules, &e.problem),
            })
            .collect();
        let _ = serde_json::to_writer(&mut *out, &errors);
    }

    fn explain<'a>(&'a self, result: &'a ScreenResult) -> Vec<JsonExplain<'a>> {
        let rules = self.rules;
        let statuses = result.statuses.as_deref().unwrap_or_default();
        rules
            .factors
            .iter()
            .zip(statuses)
            .enumerate()
            .map(|(i, (f, s))| JsonExplain {
                factor: &f.id,
                status: s.id(),
                steps: result
                    .evaluated(rules, i)
                    .comparisons()
                    .into_iter()
                    .filter_map(|step| {
                        let Evaluated::Compare {
                            question, truth, ..
                        } = step
                        else {
                            return None;
                        };
                        let (answer, test) = words::step_words(rules, step)?;
                        Some(JsonStep {
                            question: &rules.questions[*question].id,
                            answer,
                            test,
                            holds: match truth {
                                Truth::True => Some(true),
                                Truth::False => Some(false),
                                Truth::Unknown => None,
                            },
                        })
                    })
                    .collect(),
            })
            .collect()
    }
}

/// Appends `s` as a JSON string: copied as is when nothing in it needs escaping (the
/// usual case, checked with a fast scan), otherwise escaped by serde_json.
fn push_json_string(out: &mut Vec<u8>, s: &str) {
    if !needs_escape(s) {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    } else {
        let _ = serde_json::to_writer(&mut *out, s);
    }
}

/// `s` as in a JSON string, without the quotes: a string's escaped text is its parts'
/// escaped texts one after the other.
fn push_json_inner(out: &mut Vec<u8>, s: &str) {
    if !needs_escape(s) {
        out.extend_from_slice(s.as_bytes());
    } else {
        let quoted = json_string(s);
        out.extend_from_slice(&quoted[1..quoted.len() - 1]);
    }
}

fn needs_escape(s: &str) -> bool {
    // One pass without an early exit, so that the compiler can check many bytes at once.
    s.as_bytes().iter().fold(false, |acc, &b| {
        acc | (b < 0x20) | (b == b'"') | (b == b'\\')
    })
}

/// Whether a result holds text from the input that is not ASCII, apart from its numbers
/// as written (`Written`): the file name, the id, an unknown key, a kept column's value
/// (`--keep`). Everything else in a result is the rule set's text (refused at load if it
/// holds invisible characters), words, or escaped input.
fn may_hold_invisible(result: &ScreenResult) -> bool {
    use crate::answers::RecordId;
    let record = &result.record;
    result
        .position
        .file
        .as_deref()
        .is_some_and(|f| !f.is_ascii())
        || matches!(&record.id, Some(RecordId::Text(t)) if !t.is_ascii())
        || record
            .errors
            .iter()
            .any(|e| e.field.as_deref().is_some_and(|f| !f.is_ascii()))
        || record.kept.iter().any(|k| !k.is_ascii())
}

/// What a result's numbers as written may add to it, found in one pass over its answers.
struct Written {
    /// A unit whose size is assumed may be among them (`answers::assumed_units`).
    units: bool,
    /// One is not ASCII (and may hold an invisible character: `may_hold_invisible`).
    not_ascii: bool,
}

/// Rewrites the characters serde_json leaves raw but that must not reach a terminal raw
/// (bidirectional overrides, zero-width and tag characters, line separators) as `\u`
/// escapes in the JSON written from `from` on: the same JSON strings (an unknown key still
/// matches the input's key), but nothing that can reorder or hide text. Outside strings
/// JSON is ASCII, so every non-ASCII character is inside a string.
pub(crate) fn escape_invisible(out: &mut Vec<u8>, from: usize) {
    // The usual case, ASCII only (checked a word at a time).
    if out[from..].is_ascii() {
        return;
    }
    let Ok(text) = std::str::from_utf8(&out[from..]) else {
        return;
    };
    if !text
        .chars()
        .any(|c| !c.is_ascii() && crate::sanitize::needs_escape(c))
    {
        return;
    }
    let mut escaped = Vec::with_capacity(text.len() + 16);
    let mut units = [0u16; 2];
    for c in text.chars() {
        if !c.is_ascii() && crate::sanitize::needs_escape(c) {
            for unit in c.encode_utf16(&mut units) {
                escaped.extend_from_slice(format!("\\u{unit:04x}").as_bytes());
            }
        } else {
            let mut utf8 = [0u8; 4];
            escaped.extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
        }
    }
    out.truncate(from);
    out.extend_from_slice(&escaped);
}

/// Appends `n` in decimal, as `Display` writes it.
pub(super) fn push_u64(out: &mut Vec<u8>, n: u64) {
    // Two digits at a time (itoa, as serde_json writes integers).
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// `--format json`: always one array of result objects, whatever the input held (a
/// one-record cohort is a one-element array, so `jq '.[]'` and `pd.read_json` always work).
pub struct Json<'r> {
    record: JsonRecord<'r>,
    explain: bool,
}

impl<'r> Json<'r> {
    pub fn new(rules: &'r RuleSet, options: ReportOptions, kept: &[String]) -> Json<'r> {
        Json {
            record: JsonRecord::new(rules).with_kept(kept),
            explain: options.explain,
        }
    }
}

impl Output for Json<'_> {
    fn record(&self, buf: &mut Vec<u8>, result: &ScreenResult, place: Place) {
        if !place.first_in_batch {
            buf.extend_from_slice(b",\n");
        }
        self.record.write(buf, result, self.explain);
    }

    fn write_batch(
        &self,
        out: &mut dyn Write,
        bytes: &[u8],
        results: u64,
        framing: &mut Framing,
    ) -> io::Result<()> {
        if results == 0 {
            return Ok(());
        }
        out.write_all(if std::mem::replace(&mut framing.started, true) {
            b",\n"
        } else {
            b"[\n"
        })?;
        out.write_all(bytes)?;
        framing.results += results;
        Ok(())
    }

    fn end(&self, out: &mut dyn Write, framing: &mut Framing, _end: RunEnd) -> io::Result<()> {
        if framing.started {
            out.write_all(b"\n]\n")
        } else {
            out.write_all(b"[]\n")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    #[test]
    fn a_kept_because_clause_is_the_one_its_answers_give() {
        let rules = RuleSet::default_rules();
        let writer = JsonRecord::new(&rules);
        let because = |writer: &JsonRecord, json: &str| -> Vec<String> {
            let mut out = Vec::new();
            writer.write(&mut out, &ScreenResult::of_json(&rules, json), false);
            let v: Value = serde_json::from_slice(&out).unwrap();
            v["present"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| format!("{}: {}", f["id"], f["because"]))
                .collect()
        };
        // The family history reads three yes/no questions: which were yes is named.
        let one = r#"{"family_epilepsy":"yes","birth_asphyxia":"yes"}"#;
        let two =
            r#"{"family_epilepsy":"yes","family_cerebral_palsy":"yes","birth_asphyxia":"no"}"#;
        let first = because(&writer, one);
        assert!(first.iter().any(|b| b.contains("epilepsy")), "{first:?}");
        let second = because(&writer, two);
        assert!(
            second.iter().any(|b| b.contains("cerebral palsy")),
            "{second:?}"
        );
        for json in [one, two, one, two] {
            // The same writer, which keeps clauses, says what a new one says.
            assert_eq!(
                because(&writer, json),
                because(&JsonRecord::new(&rules), json)
            );
        }
        assert_ne!(first, second);
        // Numbers: the same value written two ways, and another value, each said as a new
        // writer says it however often and in whatever order they come.
        let numbers = [
            r#"{"gestational_age_weeks":"31+4","birth_weight_grams":1850}"#,
            r#"{"gestational_age_weeks":"31w4d","birth_weight_grams":"1.85 kg"}"#,
            r#"{"gestational_age_weeks":31.5,"birth_weight_grams":1850.0}"#,
            r#"{"gestational_age_weeks":"30+4","birth_weight_grams":"4 lb 1 oz"}"#,
        ];
        let said: Vec<_> = numbers.iter().map(|j| because(&writer, j)).collect();
        assert!(said[0][0].contains("31+4"), "{:?}", said[0]);
        assert!(said[1][0].contains("31w4d"), "{:?}", said[1]);
        // A number written long (leading zeros) is said afresh each time, not kept.
        let long = format!(r#"{{"birth_weight_grams":"{}1850 g"}}"#, "0".repeat(100));
        let said_long = because(&writer, &long);
        assert!(said_long[0].contains(&"0".repeat(100)), "{said_long:?}");
        assert_eq!(because(&writer, &long), said_long);
        for json in numbers.iter().chain(numbers.iter().rev()) {
            assert_eq!(
                because(&writer, json),
                because(&JsonRecord::new(&rules), json)
            );
        }
    }

    /// The result object built the slow, obvious way with `serde_json::Value`, from the
    /// contract in the README: the reference for the raw-JSON shortcuts.
    fn reference(rules: &RuleSet, r: &ScreenResult) -> String {
        let mut m = serde_json::Map::new();
        m.insert("record".into(), json!(r.position.record));
        if let Some(f) = &r.position.file {
            m.insert("file".into(), json!(f.as_ref()));
        }
        if let Some(l) = r.position.line {
            m.insert("line".into(), json!(l));
        }
        m.insert("id".into(), serde_json::to_value(&r.record.id).unwrap());
        let statuses = r.statuses.clone().unwrap_or_default();
        m.insert(
            "status".into(),
            json!(if r.is_valid() { "screened" } else { "invalid" }),
        );
        let with = |want: Status| -> Vec<Value> {
            statuses
                .iter()
                .enumerate()
                .filter(|(_, s)| **s == want)
                .map(|(i, _)| json!(rules.factors[i].id))
                .collect()
        };
        let present: Vec<Value> = statuses
            .iter()
            .enumerate()
            .filter(|(_, s)| **s == Status::Present)
            .map(|(i, _)| {
                let f = &rules.factors[i];
                json!({
                    "id": f.id, "name": f.name, "section": rules.sections[f.section].id,
                    "tier": rules.tiers[f.tier].id,
                    "because": words::because(rules, &r.evaluated(rules, i)),
                    "source_words": f.source_words,
                })
            })
            .collect();
        m.insert("present".into(), json!(present));
        m.insert("not_assessed".into(), json!(with(Status::NotAssessed)));
        m.insert("absent".into(), json!(with(Status::Absent)));
        m.insert("not_applicable".into(), json!(with(Status::NotApplicable)));
        m.insert("follow_up".into(), json!(r.follow_up(rules)));
        let errors: Vec<Value> = r
            .record
            .errors
            .iter()
            .map(|e| json!({"field": e.field, "code": e.code(), "message": crate::words::get().record_problem(rules, &e.problem)}))
            .collect();
        m.insert("errors".into(), json!(errors));
        m.insert("rules".into(), json!(rules.tag()));
        m.insert("rules_hash".into(), json!(rules.short_hash()));
        let report = &rules.report;
        m.insert(
            "notice".into(),
            json!(format!(
                "{} {} {}",
                report.not_a_diagnosis, report.none_does_not_rule_out, report.see_clinician
            )),
        );
        m.insert("warning_signs".into(), json!(report.warning_signs));
        serde_json::to_string(&Value::Object(m)).unwrap()
    }

    #[test]
    fn a_yes_no_factor_object_is_the_same_for_every_answers_in_every_language() {
        // The family history reads three yes/no questions: each of the 64 ways to answer
        // them (yes, no, unknown, unanswered), twice (made, then kept), in each language.
        let rules = RuleSet::default_rules();
        let fast = JsonRecord::new(&rules);
        let questions = [
            "family_cerebral_palsy",
            "family_epilepsy",
            "family_intellectual_disability",
        ];
        let words = ["\"yes\"", "\"no\"", "\"unknown\"", ""];
        for language in crate::locale::LANGUAGES {
            crate::words::in_language(language.lang, || {
                for round in 0..2 {
                    for code in 0..64 {
                        let fields: Vec<String> = questions
                            .iter()
                            .enumerate()
                            .map(|(i, q)| (q, words[code >> (2 * i) & 3]))
                            .filter(|(_, w)| !w.is_empty())
                            .map(|(q, w)| format!("\"{q}\":{w}"))
                            .collect();
                        let text = format!("{{{}}}", fields.join(","));
                        let r = ScreenResult::of_json(&rules, &text);
                        let mut got = Vec::new();
                        fast.write(&mut got, &r, false);
                        assert_eq!(
                            String::from_utf8(got).unwrap(),
                            reference(&rules, &r),
                            "{text}, round {round}"
                        );
                    }
                }
            });
        }
    }

    #[test]
    fn the_result_object_matches_a_plain_serde_reference_byte_for_byte() {
        let rules = RuleSet::default_rules();
        let fast = JsonRecord::new(&rules);
        let inputs = [
            r#"{"id": "a\"b", "gestational_age_weeks": "30+4", "family_epilepsy": "yes", "birth_asphyxia": "no"}"#,
            r#"{"id": 18446744073709551615, "birth_weight_grams": 1999.5}"#,
            r#"{}"#,
            r#"{"gestational_age_weeks": 353, "nope": 1}"#,
            r#"[1]"#,
        ];
        for (i, text) in inputs.iter().enumerate() {
            let mut r = ScreenResult::of_json(&rules, text);
            r.position.record = 10_000_000_007 + i as u64;
            r.position.line = (i % 2 == 0).then_some(i as u64 * 1_000);
            r.position.file = (i == 1).then(|| std::sync::Arc::from("dir/ä \"x\".jsonl"));
            let mut got = Vec::new();
            fast.write(&mut got, &r, false);
            assert_eq!(
                String::from_utf8(got).unwrap(),
                reference(&rules, &r),
                "{text}"
            );
        }
    }

    #[test]
    fn a_number_factor_is_written_as_its_because_clause_says_in_every_language() {
        // Its object is made around the answer (`around`): the same bytes as the clause
        // said whole, in each language, for each way of writing a number, and with a label
        // that needs escaping.
        let mut odd = RuleSet::default_rules();
        let weight = odd.question_index("birth_weight_grams").unwrap();
        odd.questions[weight].label = "birth \"weight\" \\ at\tbirth".into();
        let inputs = [
            r#"{"gestational_age_weeks": "30+4", "birth_weight_grams": 1850}"#,
            r#"{"gestational_age_weeks": "30w4d", "birth_weight_grams": "1.85 kg"}"#,
            r#"{"gestational_age_weeks": 29, "birth_weight_grams": "4 lb 1 oz"}"#,
            r#"{"gestational_age_weeks": 31.5, "birth_weight_grams": "1850 g"}"#,
            r#"{"gestational_age_weeks": "３０＋４", "birth_weight_grams": "1.2公斤"}"#,
        ];
        for rules in [RuleSet::default_rules(), odd] {
            let fast = JsonRecord::new(&rules);
            for language in crate::locale::LANGUAGES {
                crate::words::in_language(language.lang, || {
                    for text in inputs {
                        let r = ScreenResult::of_json(&rules, text);
                        let present = r.statuses.as_ref().unwrap();
                        assert_eq!(
                            present.iter().filter(|s| **s == Status::Present).count(),
                            2,
                            "{text}"
                        );
                        let mut got = Vec::new();
                        fast.write(&mut got, &r, false);
                        assert_eq!(
                            String::from_utf8(got).unwrap(),
                            reference(&rules, &r),
                            "{text} in {:?}",
                            language.lang
                        );
                    }
                });
            }
        }
    }

    #[test]
    fn units_assumed_are_found_in_numbers_as_written_in_ascii_and_not() {
        // A rule set that names the mainland's 斤 in ASCII too ("jin"): an ASCII answer
        // may then hold a unit whose size is assumed.
        let jin = crate::rules::tests::with_ascii_jin();
        let written = |rules: &RuleSet, json: &str| -> Value {
            let mut out = Vec::new();
            let r = ScreenResult::of_json(rules, json);
            JsonRecord::new(rules).write(&mut out, &r, false);
            serde_json::from_slice(&out).unwrap()
        };
        let assumed = |v: &Value| v["units_assumed"][0]["unit"].as_str().map(str::to_string);
        let ascii = r#"{"birth_weight_grams": "3 jin"}"#;
        assert_eq!(assumed(&written(&jin, ascii)).as_deref(), Some("市斤"));
        let defaults = RuleSet::default_rules();
        assert!(written(&defaults, ascii)["errors"][0]["code"] == "unknown_unit");
        for rules in [&defaults, &jin] {
            let chinese = r#"{"birth_weight_grams": "3市斤"}"#;
            assert_eq!(assumed(&written(rules, chinese)).as_deref(), Some("市斤"));
            assert_eq!(
                assumed(&written(rules, r#"{"birth_weight_grams": "3 kg"}"#)),
                None
            );
        }
    }

    #[test]
    fn a_kept_column_cannot_reorder_or_hide_text() {
        // A kept value (`--keep`) is the input's text, as an id is: a bidirectional
        // override in it is written as an escape, the same JSON string.
        let rules = RuleSet::default_rules();
        let writer = JsonRecord::new(&rules).with_kept(&["site".to_string()]);
        let mut r = ScreenResult::of_json(&rules, r#"{"birth_asphyxia":"yes"}"#);
        r.record.kept = vec!["x\u{202e}y".to_string()];
        let mut out = Vec::new();
        writer.write(&mut out, &r, false);
        let text = String::from_utf8(out).unwrap();
        assert!(!text.contains('\u{202e}'), "{text}");
        assert!(text.contains(r#""kept":{"site":"x\u202ey"}"#), "{text}");
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["kept"]["site"], "x\u{202e}y");
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
        let r = ScreenResult::of_json(&rules, r#"{"id": 7, "birth_weight_grams": "1.85 kg"}"#);
        let mut out = Vec::new();
        JsonRecord::new(&rules).write(&mut out, &r, false);
        let v: Value = serde_json::from_slice(&out).unwrap();
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
        assert_eq!(v["rules"], "cerebral-palsy@1.3.0");
        assert!(v.get("file").is_none());
    }

    #[test]
    fn every_error_carries_a_code_beside_its_message() {
        let rules = RuleSet::default_rules();
        let r = ScreenResult::of_json(
            &rules,
            r#"{"gestational_age_weeks": 353, "birth_asphixia": "yes"}"#,
        );
        let mut out = Vec::new();
        JsonRecord::new(&rules).write(&mut out, &r, false);
        let v: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["status"], "invalid");
        assert_eq!(v["errors"][0]["field"], "gestational_age_weeks");
        assert_eq!(v["errors"][0]["code"], "out_of_range");
        assert_eq!(
            v["errors"][0]["message"],
            "353 weeks is outside the plausible range 20 to 45 weeks"
        );
        assert_eq!(v["errors"][1]["code"], "unknown_field");
    }
}
