//! How a dataset writes its answers when not as cp-screen does: column names, coded
//! answers, units of bare numbers, missing-value codes, decimal commas, questions built
//! from two columns and columns carried through (`--map`, `--codes`, `--unit`, `--na`,
//! `--decimal-comma`, `--keep`, `--mapping`), and the plan that maps a table's header to
//! record keys (with the REDCap exports of `cp-screen export redcap` read as they are).

use std::collections::BTreeMap;

use crate::problem::{HeaderProblem, MappingProblem, RecordProblem};
use crate::rules::{QuestionKind, RuleSet};

use super::{answer_from_text, is_missing, question_suggestion};

/// How a dataset writes its answers, when not as cp-screen does: its column (or key) names,
/// its coded answers ("1" for yes, as SPSS and Stata value labels write them), the unit of
/// its bare numbers, and more missing-value codes. From `--map`, `--codes`, `--unit`, `--na`
/// or a mapping file (`--mapping`), checked against the rule set.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Codings {
    /// More codes that mean "unknown" (beside empty, NA, N/A, ".", Don't know). A number
    /// matches by value: `999` is also `999.0` and `999.00`.
    pub missing: Vec<String>,
    /// Per question id, codes that mean "unknown" for that question only (`--na Q:CODE`).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub missing_by_question: BTreeMap<String, Vec<String>>,
    /// A dataset column and the question id (or `id`) it holds.
    pub columns: BTreeMap<String, String>,
    /// Per question id: each code and the answer it stands for. For a yes/no question the
    /// codes replace the built-in yes/no words: any other value is an error.
    pub codes: BTreeMap<String, BTreeMap<String, String>>,
    /// Per number question id: the unit symbol of its bare numbers.
    pub units: BTreeMap<String, String>,
    /// Per number question id: the columns it is built from, each with its unit (weeks and
    /// days, pounds and ounces).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub combine: BTreeMap<String, BTreeMap<String, String>>,
    /// Numbers are written with a decimal comma (`1,85`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub decimal_comma: bool,
    /// Input columns carried through to the output, in this order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub keep: Vec<String>,
    /// `missing` as numbers, for those that are.
    #[serde(skip)]
    missing_numbers: Vec<f64>,
    /// The same, resolved by question index.
    #[serde(skip)]
    by_question: Vec<QuestionCodings>,
    /// The combined columns: column name, question index, unit symbol.
    #[serde(skip)]
    parts: Vec<(String, usize, String)>,
}

/// One question's codings, resolved.
#[derive(Debug, Default, Clone)]
struct QuestionCodings {
    /// Its codes, each with the code as a number when it is one.
    codes: Option<Vec<Code>>,
    /// The codes replace the built-in answers (a yes/no question).
    strict: bool,
    /// The unit of its bare numbers.
    unit: Option<String>,
    /// Its own missing-value codes.
    missing: Vec<Code>,
    /// A number question.
    number: bool,
}

/// A code as written, its value when it is a number, and what it stands for.
#[derive(Debug, Clone)]
struct Code {
    text: String,
    number: Option<f64>,
    answer: String,
}

impl Code {
    fn new(text: &str, answer: &str) -> Code {
        Code {
            text: text.to_string(),
            number: as_number(text),
            answer: answer.to_string(),
        }
    }

    /// Whether `text` (or its value `number`) is this code: the same text in any case, or
    /// the same number however it is written (`999`, `999.0`).
    fn matches(&self, text: &str, number: Option<f64>) -> bool {
        self.text.eq_ignore_ascii_case(text) || (self.number.is_some() && self.number == number)
    }
}

/// `text` as a plain number (`999`, `-99`, `999.0`, `1e3`), if it is one.
fn as_number(text: &str) -> Option<f64> {
    let t = text.trim();
    if !t.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '-' | '+' | '.')) {
        return None;
    }
    t.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// What a dataset's value is, after its codings.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Recoded {
    /// Read as written.
    Same,
    /// Read as this text instead.
    Text(String),
    /// Not one of the question's codes, which replace its built-in answers.
    Stray(RecordProblem),
}

/// A mapping file: `{"columns": {...}, "codes": {...}, "units": {...}, "missing": [...],
/// "combine": {...}, "decimal_comma": true, "keep": [...]}`.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MappingFile {
    #[serde(default)]
    pub missing: Vec<String>,
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    #[serde(default)]
    pub codes: BTreeMap<String, BTreeMap<String, String>>,
    #[serde(default)]
    pub units: BTreeMap<String, String>,
    #[serde(default)]
    pub combine: BTreeMap<String, BTreeMap<String, String>>,
    #[serde(default)]
    pub decimal_comma: bool,
    #[serde(default)]
    pub keep: Vec<String>,
}

impl MappingFile {
    /// Reads a mapping file's JSON text; `shown` names the file in the problem.
    pub fn parse(text: &str, shown: &str) -> Result<MappingFile, MappingProblem> {
        serde_json::from_str(text).map_err(|e| MappingProblem::File {
            what: format!("{shown}: {e}"),
        })
    }
}

impl Codings {
    /// Builds and checks the codings from a mapping file (if any) and the options, which
    /// add to it. A `--na` value `QUESTION:CODE` (a question id before the colon) is a
    /// missing code of that question only.
    pub fn build(
        rules: &RuleSet,
        file: Option<MappingFile>,
        na: &[String],
        map: &[String],
        codes: &[String],
        units: &[String],
    ) -> Result<Codings, MappingProblem> {
        let mut c = Codings::default();
        let mut missing = Vec::new();
        if let Some(f) = file {
            missing = f.missing;
            c.columns = f.columns;
            c.codes = f.codes;
            c.units = f.units;
            c.combine = f.combine;
            c.decimal_comma = f.decimal_comma;
            c.keep = f.keep;
        }
        missing.extend(na.iter().map(|s| s.trim().to_string()));
        for m in missing {
            match m.split_once(':') {
                Some((q, code)) if rules.question_index(q.trim()).is_some() => c
                    .missing_by_question
                    .entry(q.trim().to_string())
                    .or_default()
                    .push(code.trim().to_string()),
                _ => c.missing.push(m),
            }
        }
        c.missing_numbers = c.missing.iter().filter_map(|m| as_number(m)).collect();
        let split = |option: &'static str, text: &str, sep: char| {
            text.split_once(sep)
                .map(|(a, b)| (a.trim().to_string(), b.trim().to_string()))
                .filter(|(a, b)| !a.is_empty() && !b.is_empty())
                .ok_or(MappingProblem::Syntax {
                    option,
                    text: text.to_string(),
                })
        };
        for m in map {
            let (column, question) = split("--map", m, '=')?;
            c.columns.insert(column, question);
        }
        for spec in codes {
            let (question, list) = split("--codes", spec, ':')?;
            let entry = c.codes.entry(question).or_default();
            for pair in list.split(',') {
                let (code, answer) = split("--codes", pair, '=')?;
                entry.insert(code, answer);
            }
        }
        for u in units {
            let (question, unit) = split("--unit", u, '=')?;
            c.units.insert(question, unit);
        }
        let question = |id: &str| {
            rules
                .question_index(id)
                .ok_or_else(|| MappingProblem::UnknownQuestion {
                    id: id.to_string(),
                    suggestion: question_suggestion(id, rules),
                })
        };
        for target in c.columns.values() {
            if target != "id" {
                question(target)?;
            }
        }
        c.by_question = rules
            .questions()
            .iter()
            .map(|q| QuestionCodings {
                number: matches!(q.kind, QuestionKind::Number(_)),
                ..QuestionCodings::default()
            })
            .collect();
        for (id, list) in &c.codes {
            let qi = question(id)?;
            for (code, answer) in list {
                if answer_from_text(answer, &rules.questions[qi]).is_err() {
                    return Err(MappingProblem::BadAnswer {
                        question: id.clone(),
                        code: code.clone(),
                        answer: answer.clone(),
                    });
                }
            }
            let entry = &mut c.by_question[qi];
            entry.codes = Some(list.iter().map(|(k, v)| Code::new(k, v)).collect());
            entry.strict = !entry.number;
        }
        for (id, list) in &c.missing_by_question {
            let qi = question(id)?;
            c.by_question[qi].missing = list.iter().map(|m| Code::new(m, "unknown")).collect();
        }
        let unit_of = |id: &str, unit: &str| -> Result<usize, MappingProblem> {
            let qi = question(id)?;
            let known: Vec<String> = match &rules.questions[qi].kind {
                QuestionKind::Number(spec) => spec.units.iter().map(|u| u.symbol.clone()).collect(),
                QuestionKind::YesNo => Vec::new(),
            };
            match known.iter().position(|k| k == unit) {
                Some(i) => Ok(i),
                None => Err(MappingProblem::BadUnit {
                    question: id.to_string(),
                    unit: unit.to_string(),
                    known,
                }),
            }
        };
        for (id, unit) in &c.units {
            unit_of(id, unit)?;
            let qi = question(id)?;
            c.by_question[qi].unit = Some(unit.clone());
        }
        for (id, parts) in &c.combine {
            let qi = question(id)?;
            let mut ordered = Vec::new();
            for (column, unit) in parts {
                if c.column(column).is_some() || c.parts.iter().any(|p| p.0 == *column) {
                    return Err(MappingProblem::Syntax {
                        option: "combine",
                        text: column.clone(),
                    });
                }
                ordered.push((unit_of(id, unit)?, column.clone(), unit.clone()));
            }
            if ordered.len() < 2 {
                return Err(MappingProblem::Syntax {
                    option: "combine",
                    text: id.clone(),
                });
            }
            // Largest unit first, as people write them (31 w 4 d, 4 lb 1 oz).
            ordered.sort();
            c.parts.extend(
                ordered
                    .into_iter()
                    .map(|(_, column, unit)| (column, qi, unit)),
            );
        }
        Ok(c)
    }

    /// Whether a REDCap export is read by its own names and codes under these codings:
    /// when they map no column and code no answer (missing codes, `--keep` and the like
    /// still apply).
    pub fn reads_redcap(codings: Option<&Codings>) -> bool {
        codings.is_none_or(|c| c.columns.is_empty() && c.codes.is_empty() && c.combine.is_empty())
    }

    /// The codings of a REDCap raw export of `cp-screen export redcap`'s instrument, on top
    /// of `base` (which `reads_redcap`): each yes/no question coded 1 (yes), 0 (no) and 9
    /// (don't know), as the dictionary says.
    pub fn redcap(rules: &RuleSet, base: Option<&Codings>) -> Codings {
        let mut c = base.cloned().unwrap_or_else(|| {
            Codings::build(rules, None, &[], &[], &[], &[]).expect("an empty mapping is a mapping")
        });
        for q in rules.questions() {
            if !matches!(q.kind, QuestionKind::YesNo) {
                continue;
            }
            let list: BTreeMap<String, String> = REDCAP_CHOICES
                .iter()
                .map(|(code, answer)| (code.to_string(), answer.to_string()))
                .collect();
            let entry = &mut c.by_question[q.index];
            entry.codes = Some(list.iter().map(|(k, v)| Code::new(k, v)).collect());
            entry.strict = true;
            c.codes.insert(q.id.clone(), list);
        }
        c
    }

    /// Whether there is nothing to map.
    pub fn is_empty(&self) -> bool {
        self.missing.is_empty()
            && self.missing_by_question.is_empty()
            && self.columns.is_empty()
            && self.codes.is_empty()
            && self.units.is_empty()
            && self.combine.is_empty()
            && !self.decimal_comma
            && self.keep.is_empty()
    }

    /// The question id (or `id`) a dataset column or key stands for, if mapped.
    pub fn column(&self, name: &str) -> Option<&str> {
        let name = name.trim();
        self.columns
            .iter()
            .find(|(column, _)| column.eq_ignore_ascii_case(name))
            .map(|(_, q)| q.as_str())
    }

    /// Where a kept column goes among the kept ones.
    pub fn kept_slot(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        self.keep.iter().position(|k| k.eq_ignore_ascii_case(name))
    }

    /// Every column the mapping names (mapped, combined or kept), for the check that each
    /// is in the input.
    pub fn named_columns(&self) -> impl Iterator<Item = &str> {
        self.columns
            .keys()
            .chain(self.parts.iter().map(|p| &p.0))
            .chain(&self.keep)
            .map(String::as_str)
    }

    /// The place of `name` among `named_columns`, if the mapping names it.
    pub fn named_index(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        self.named_columns()
            .position(|n| n.trim().eq_ignore_ascii_case(name))
    }

    /// The columns the mapping names (the first 64, by `named_index`) that no record
    /// had, as the bits of `seen` say.
    pub fn unseen_columns(&self, seen: u64) -> Vec<String> {
        self.named_columns()
            .take(64)
            .enumerate()
            .filter(|(i, _)| seen & (1u64 << i) == 0)
            .map(|(_, n)| n.to_string())
            .collect()
    }

    /// Whether `text` is a missing code for question `question`: built in, given for all
    /// questions, or for this one; a number by its value.
    fn missing_for(&self, question: Option<&QuestionCodings>, text: &str) -> bool {
        if is_missing(text, &self.missing) {
            return true;
        }
        let own = question.map_or(&[][..], |q| &q.missing[..]);
        if self.missing_numbers.is_empty() && own.is_empty() {
            return false;
        }
        let number = as_number(text);
        (number.is_some() && self.missing_numbers.iter().any(|m| Some(*m) == number))
            || own.iter().any(|m| m.matches(text, number))
    }

    /// `text` as the answer it stands for: a code's answer, a missing code as "unknown", a
    /// decimal comma as a point, a bare number with its unit; a value that is none of the
    /// codes of a coded yes/no question is `Stray`.
    pub(super) fn recode(&self, question: usize, text: &str) -> Recoded {
        let text = text.trim();
        let q = self.by_question.get(question);
        if self.missing_for(q, text) {
            return Recoded::Text("unknown".into());
        }
        let Some(q) = q else {
            return Recoded::Same;
        };
        if let Some(codes) = &q.codes {
            let number = as_number(text);
            if let Some(code) = codes.iter().find(|c| c.matches(text, number)) {
                return Recoded::Text(code.answer.clone());
            }
            if q.strict {
                return Recoded::Stray(RecordProblem::NotACode {
                    text: text.to_string(),
                    codes: codes.iter().map(|c| c.text.clone()).collect(),
                });
            }
        }
        let comma = (self.decimal_comma && q.number)
            .then(|| decimal_point(text))
            .flatten();
        let text_now = comma.as_deref().unwrap_or(text);
        if let Some(unit) = &q.unit
            && text_now.parse::<f64>().is_ok()
        {
            return Recoded::Text(format!("{text_now} {unit}"));
        }
        comma.map_or(Recoded::Same, Recoded::Text)
    }

    /// The text of a question built from several columns, from its parts' cells (blank
    /// ones `None`), in the order of `parts`: `None` when every part is blank, "unknown"
    /// when one is blank or a missing code while another is not, otherwise the values with
    /// their units (`31 w 4 d`), which the question's notation reads.
    fn combined(&self, question: usize, cells: &[Option<&str>]) -> Option<String> {
        if cells.iter().all(Option::is_none) {
            return None;
        }
        let q = self.by_question.get(question);
        let units = self.parts.iter().filter(|p| p.1 == question).map(|p| &p.2);
        let mut text = String::new();
        for (cell, unit) in cells.iter().zip(units) {
            let Some(cell) = cell.filter(|c| !self.missing_for(q, c.trim())) else {
                return Some("unknown".into());
            };
            let cell = cell.trim();
            let value = if self.decimal_comma {
                decimal_point(cell).unwrap_or_else(|| cell.to_string())
            } else {
                cell.to_string()
            };
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&value);
            text.push(' ');
            text.push_str(unit);
        }
        Some(text)
    }
}

/// The codes of a yes/no question in the REDCap instrument (`cp-screen export redcap`),
/// each with the answer it stands for.
pub const REDCAP_CHOICES: [(&str, &str); 3] = [("1", "yes"), ("0", "no"), ("9", "unknown")];

/// `text` with each comma between two digits written as a point (`1,85 kg` is `1.85 kg`),
/// or `None` when it has none; other commas (`4 lb, 1 oz`) stay.
fn decimal_point(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let between_digits = |i: usize| {
        b[i] == b','
            && i > 0
            && i + 1 < b.len()
            && b[i - 1].is_ascii_digit()
            && b[i + 1].is_ascii_digit()
    };
    if !(0..b.len()).any(between_digits) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    for (i, ch) in text.char_indices() {
        out.push(if ch == ',' && between_digits(i) {
            '.'
        } else {
            ch
        });
    }
    Some(out)
}

/// The first character of the key of a column that is one part of a combined question;
/// the rest of the key is the part's index in `Codings::parts`. No question id or column
/// name starts with it (it is a control character).
pub const PART: char = '\u{1f}';

/// What to do with each column of a table, decided from its header by `plan_columns`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Column {
    /// Becomes this key of the record (a question id, or "id", or a combined question's
    /// part, starting with `PART`).
    Key(String),
    /// Left out (`--allow-extra-fields`).
    Skip,
    /// Carried through to the output as the `slot`th kept column (`--keep`), and read as
    /// `key` too when it is a question's.
    Kept { key: Option<String>, slot: usize },
}

/// The kind of REDCap export a header is, when it is one of the instrument of `cp-screen
/// export redcap`: raw (field names, coded answers) or labels (field labels, choice
/// labels). Read with no mapping options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedcapExport {
    Raw,
    Labels,
}

/// The field name and label of the record id in the REDCap instrument.
pub const REDCAP_RECORD_ID: (&str, &str) = ("record_id", "Record ID");

/// Whether a header is a REDCap export of the instrument: its first column is the record
/// id, by name or by label.
pub fn redcap_export(names: &[String]) -> Option<RedcapExport> {
    match names.first().map(|n| n.trim()) {
        Some(n) if n == REDCAP_RECORD_ID.0 => Some(RedcapExport::Raw),
        Some(n) if n == REDCAP_RECORD_ID.1 => Some(RedcapExport::Labels),
        _ => None,
    }
}

/// The label of a question in the REDCap instrument (and so the header of its column in a
/// label export): the form's wording when the rule file has one.
pub fn redcap_label(q: &crate::rules::Question) -> &str {
    q.form_text.as_deref().unwrap_or(&q.text)
}

/// Maps a CSV header to record keys: question ids and `id`; anything else is refused
/// (with a suggestion) unless extra fields are allowed. A column the mapping names is
/// looked for first; a REDCap export (`redcap_export`) is read by its own names when the
/// mapping maps no column and codes no answer (`Codings::reads_redcap`).
pub fn plan_columns(
    rules: &RuleSet,
    names: &[String],
    codings: Option<&Codings>,
    allow_extra_fields: bool,
) -> Result<Vec<Column>, HeaderProblem> {
    let mut seen = std::collections::HashSet::new();
    let redcap = Codings::reads_redcap(codings)
        .then(|| redcap_export(names))
        .flatten();
    // Spreadsheets leave empty columns at the end of the header: they hold nothing.
    let used = names.len()
        - names
            .iter()
            .rev()
            .take_while(|n| n.trim().is_empty())
            .count();
    names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            if i >= used {
                return Ok(Column::Skip);
            }
            // A mapped column, or a question id written in any case with spaces around.
            let trimmed = name.trim();
            let redcap_own = match redcap {
                Some(RedcapExport::Raw) if trimmed == REDCAP_RECORD_ID.0 => Some(Some("id")),
                Some(RedcapExport::Labels) if trimmed == REDCAP_RECORD_ID.1 => Some(Some("id")),
                // REDCap's own columns: the form's status, events, repeats, surveys.
                Some(RedcapExport::Raw)
                    if trimmed.ends_with("_complete") || trimmed.starts_with("redcap_") =>
                {
                    Some(None)
                }
                Some(RedcapExport::Labels) if trimmed == "Complete?" => Some(None),
                _ => None,
            };
            let key = match redcap_own {
                Some(None) => return Ok(Column::Skip),
                Some(Some(id)) => Some(id.to_string()),
                None => codings
                    .and_then(|c| {
                        c.column(trimmed).map(str::to_string).or_else(|| {
                            c.parts
                                .iter()
                                .position(|p| p.0.eq_ignore_ascii_case(trimmed))
                                .map(|at| format!("{PART}{at}"))
                        })
                    })
                    .or_else(|| trimmed.eq_ignore_ascii_case("id").then(|| "id".to_string()))
                    .or_else(|| {
                        rules
                            .questions()
                            .iter()
                            .find(|q| match redcap {
                                Some(RedcapExport::Labels) => {
                                    redcap_label(q).trim().eq_ignore_ascii_case(trimmed)
                                }
                                _ => q.id.eq_ignore_ascii_case(trimmed),
                            })
                            .map(|q| q.id.clone())
                    }),
            };
            if let Some(key) = &key
                && !seen.insert(key.clone())
            {
                return Err(HeaderProblem::ColumnTwice {
                    column: i + 1,
                    name: name.clone(),
                });
            }
            if let Some(slot) = codings.and_then(|c| c.kept_slot(trimmed)) {
                return Ok(Column::Kept { key, slot });
            }
            if let Some(key) = key {
                Ok(Column::Key(key))
            } else if allow_extra_fields {
                Ok(Column::Skip)
            } else {
                Err(HeaderProblem::UnknownColumn {
                    column: i + 1,
                    name: name.clone(),
                    rules: rules.tag(),
                    suggestion: question_suggestion(name, rules),
                })
            }
        })
        .collect()
}

/// The columns a mapping names that no header of the run has, each with the header names
/// nearest to it: a mistyped `--map wekks=...` would otherwise read nothing, silently.
pub fn missing_columns(codings: &Codings, headers: &[Vec<String>]) -> Vec<(String, Vec<String>)> {
    codings
        .named_columns()
        .filter(|named| {
            !headers
                .iter()
                .flatten()
                .any(|h| h.trim().eq_ignore_ascii_case(named.trim()))
        })
        .map(|named| {
            let names = headers.iter().flatten().map(String::as_str);
            let nearest = crate::suggest::nearest(named, names, 3)
                .into_iter()
                .map(str::to_string)
                .collect();
            (named.to_string(), nearest)
        })
        .collect()
}

/// Combines the parts read from a record's cells: `parts` holds each part's index in
/// `Codings::parts` and its cell. Returns each combined question's index and text (see
/// `Codings::combined`).
pub(super) fn combine_parts(codings: &Codings, parts: &[(usize, &str)]) -> Vec<(usize, String)> {
    let mut questions: Vec<usize> = codings.parts.iter().map(|p| p.1).collect();
    questions.dedup();
    questions
        .into_iter()
        .filter_map(|q| {
            let cells: Vec<Option<&str>> = codings
                .parts
                .iter()
                .enumerate()
                .filter(|(_, p)| p.1 == q)
                .map(|(at, _)| {
                    parts
                        .iter()
                        .find(|(i, _)| *i == at)
                        .map(|(_, cell)| *cell)
                        .filter(|c| !c.trim().is_empty())
                })
                .collect();
            codings.combined(q, &cells).map(|text| (q, text))
        })
        .collect()
}
