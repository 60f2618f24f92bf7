//! How a dataset writes its answers when not as cp-screen does: column names, coded
//! answers, units of bare numbers and missing-value codes (`--map`, `--codes`, `--unit`,
//! `--na`, `--mapping`), and the plan that maps a table's header to record keys.

use crate::problem::{HeaderProblem, MappingProblem};
use crate::rules::{QuestionKind, RuleSet};

use super::{answer_from_text, is_missing, question_suggestion};

/// How a dataset writes its answers, when not as cp-screen does: its column (or key) names,
/// its coded answers ("1" for yes, as SPSS and Stata value labels write them), the unit of
/// its bare numbers, and more missing-value codes. From `--map`, `--codes`, `--unit`, `--na`
/// or a mapping file (`--mapping`), checked against the rule set.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Codings {
    /// More codes that mean "unknown" (beside empty, NA, N/A, ".", Don't know).
    pub missing: Vec<String>,
    /// A dataset column and the question id (or `id`) it holds.
    pub columns: std::collections::BTreeMap<String, String>,
    /// Per question id: each code and the answer it stands for.
    pub codes: std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>>,
    /// Per number question id: the unit symbol of its bare numbers.
    pub units: std::collections::BTreeMap<String, String>,
    /// The same, resolved: codes and units by question index.
    #[serde(skip)]
    by_question: Vec<QuestionCodings>,
}

/// One question's codes (code, answer) and the unit of its bare numbers.
type QuestionCodings = (Option<Vec<(String, String)>>, Option<String>);

/// A mapping file: `{"columns": {...}, "codes": {...}, "units": {...}, "missing": [...]}`.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MappingFile {
    #[serde(default)]
    pub missing: Vec<String>,
    #[serde(default)]
    pub columns: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    pub codes: std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>>,
    #[serde(default)]
    pub units: std::collections::BTreeMap<String, String>,
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
    /// add to it.
    pub fn build(
        rules: &RuleSet,
        file: Option<MappingFile>,
        na: &[String],
        map: &[String],
        codes: &[String],
        units: &[String],
    ) -> Result<Codings, MappingProblem> {
        let mut c = Codings::default();
        if let Some(f) = file {
            c.missing = f.missing;
            c.columns = f.columns;
            c.codes = f.codes;
            c.units = f.units;
        }
        c.missing.extend(na.iter().map(|s| s.trim().to_string()));
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
        c.by_question = vec![(None, None); rules.questions.len()];
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
            c.by_question[qi].0 = Some(list.iter().map(|(k, v)| (k.clone(), v.clone())).collect());
        }
        for (id, unit) in &c.units {
            let qi = question(id)?;
            let known: Vec<String> = match &rules.questions[qi].kind {
                QuestionKind::Number(spec) => spec.units.iter().map(|u| u.symbol.clone()).collect(),
                QuestionKind::YesNo => Vec::new(),
            };
            if !known.contains(unit) {
                return Err(MappingProblem::BadUnit {
                    question: id.clone(),
                    unit: unit.clone(),
                    known,
                });
            }
            c.by_question[qi].1 = Some(unit.clone());
        }
        Ok(c)
    }

    /// Whether there is nothing to map.
    pub fn is_empty(&self) -> bool {
        self.missing.is_empty()
            && self.columns.is_empty()
            && self.codes.is_empty()
            && self.units.is_empty()
    }

    /// The question id (or `id`) a dataset column or key stands for, if mapped.
    pub fn column(&self, name: &str) -> Option<&str> {
        let name = name.trim();
        self.columns
            .iter()
            .find(|(column, _)| column.eq_ignore_ascii_case(name))
            .map(|(_, q)| q.as_str())
    }

    /// `text` as the answer it stands for: a code's answer, a missing code as "unknown", a
    /// bare number with its unit; `None` when there is nothing to change.
    pub(super) fn recode(&self, question: usize, text: &str) -> Option<String> {
        let text = text.trim();
        if is_missing(text, &self.missing) {
            return Some("unknown".into());
        }
        let (codes, unit) = self.by_question.get(question)?;
        if let Some(answer) = codes
            .as_ref()
            .and_then(|c| c.iter().find(|(code, _)| code.eq_ignore_ascii_case(text)))
        {
            return Some(answer.1.clone());
        }
        if let Some(unit) = unit
            && text.parse::<f64>().is_ok()
        {
            return Some(format!("{text} {unit}"));
        }
        None
    }
}

/// What to do with each column of a table, decided from its header by `plan_columns`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Column {
    /// Becomes this key of the record (a question id, or "id").
    Key(String),
    /// Left out (`--allow-extra-fields`).
    Skip,
}

/// Maps a CSV header to record keys: question ids and `id`; anything else is refused
/// (with a suggestion) unless extra fields are allowed.
pub fn plan_columns(
    rules: &RuleSet,
    names: &[String],
    codings: Option<&Codings>,
    allow_extra_fields: bool,
) -> Result<Vec<Column>, HeaderProblem> {
    let mut seen = std::collections::HashSet::new();
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
            let key = codings
                .and_then(|c| c.column(trimmed))
                .map(str::to_string)
                .or_else(|| (trimmed.eq_ignore_ascii_case("id")).then(|| "id".to_string()))
                .or_else(|| {
                    rules
                        .questions()
                        .iter()
                        .find(|q| q.id.eq_ignore_ascii_case(trimmed))
                        .map(|q| q.id.clone())
                });
            if let Some(key) = &key
                && !seen.insert(key.clone())
            {
                return Err(HeaderProblem::ColumnTwice {
                    column: i + 1,
                    name: name.clone(),
                });
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
