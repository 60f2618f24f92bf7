//! `cp-screen export redcap`: the questionnaire as a REDCap data dictionary, the 18-column
//! CSV that REDCap's Data Dictionary upload takes, one instrument in the run's language.
//! `screen` reads REDCap's exports of that instrument as they are (`answers::mapping`).
//!
//! The column names, field name rules, choice syntax (`1, Yes | 0, No`), validation types
//! and branching logic syntax (`[field] = '1'`) are REDCap's, as its documentation gives
//! them; `tests/research.rs` checks every dictionary against those rules.

use std::io::{self, Write};

use crate::answers::{REDCAP_CHOICES, REDCAP_RECORD_ID, redcap_label};
use crate::rules::{Condition, Op, QuestionKind, RuleSet, Target};
use crate::words::{self, Phrase};

/// The 18 columns of a REDCap data dictionary, in REDCap's order and spelling.
pub const COLUMNS: [&str; 18] = [
    "Variable / Field Name",
    "Form Name",
    "Section Header",
    "Field Type",
    "Field Label",
    "Choices, Calculations, OR Slider Labels",
    "Field Note",
    "Text Validation Type OR Show Slider Number",
    "Text Validation Min",
    "Text Validation Max",
    "Identifier?",
    "Branching Logic (Show field only if...)",
    "Required Field?",
    "Custom Alignment",
    "Question Number (surveys only)",
    "Matrix Group Name",
    "Matrix Ranking?",
    "Field Annotation",
];

/// The instrument's name: the rule set's id in REDCap's form-name characters
/// (`cerebral-palsy` is `cerebral_palsy`).
pub fn form_name(rules: &RuleSet) -> String {
    let name: String = rules
        .id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if name.starts_with(|c: char| c.is_ascii_lowercase()) {
        name
    } else {
        format!("cp_{name}")
    }
}

/// A condition that REDCap's branching logic cannot say (a `not`): the question whose
/// `ask_when` it is.
#[derive(Debug)]
pub struct NotExportable {
    pub question: String,
}

/// Writes the data dictionary of `rules` (in the language it was loaded in).
pub fn write_dictionary(out: &mut dyn Write, rules: &RuleSet) -> Result<(), DictionaryError> {
    let w = words::get();
    let form = form_name(rules);
    let choices = REDCAP_CHOICES
        .iter()
        .map(|(code, answer)| {
            let label = match *answer {
                "yes" => w.phrase(Phrase::Yes),
                "no" => w.phrase(Phrase::No),
                _ => w.phrase(Phrase::DontKnow),
            };
            format!("{code}, {label}")
        })
        .collect::<Vec<_>>()
        .join(" | ");
    let mut csv = ::csv::Writer::from_writer(out);
    csv.write_record(COLUMNS)?;
    let mut row = [""; 18].map(String::from);
    row[0] = REDCAP_RECORD_ID.0.into();
    row[1] = form.clone();
    row[3] = "text".into();
    row[4] = REDCAP_RECORD_ID.1.into();
    csv.write_record(&row)?;
    let mut section = None;
    for q in rules.questions() {
        let mut row = [""; 18].map(String::from);
        row[0] = q.id.clone();
        row[1] = form.clone();
        if section != Some(q.section) {
            section = Some(q.section);
            row[2] = rules.sections[q.section].title.clone();
        }
        row[4] = redcap_label(q).to_string();
        match &q.kind {
            QuestionKind::YesNo => {
                row[3] = "radio".into();
                row[5] = choices.clone();
                row[6] = q.help.clone().unwrap_or_default();
            }
            QuestionKind::Number(spec) => {
                row[3] = "text".into();
                row[6] = spec.unit.clone();
                row[7] = "number".into();
                row[8] = number(spec.min);
                row[9] = number(spec.max);
            }
        }
        if let Some(when) = &q.ask_when {
            row[11] = branching(rules, when).ok_or_else(|| {
                DictionaryError::NotExportable(NotExportable {
                    question: q.id.clone(),
                })
            })?;
        }
        csv.write_record(&row)?;
    }
    csv.flush()?;
    Ok(())
}

/// Why a dictionary could not be written.
#[derive(Debug)]
pub enum DictionaryError {
    Io(io::Error),
    NotExportable(NotExportable),
}

impl From<io::Error> for DictionaryError {
    fn from(e: io::Error) -> DictionaryError {
        DictionaryError::Io(e)
    }
}

impl From<::csv::Error> for DictionaryError {
    fn from(e: ::csv::Error) -> DictionaryError {
        DictionaryError::Io(io::Error::other(e))
    }
}

/// A number as REDCap's min and max take it (`20`, `0.5`).
fn number(value: f64) -> String {
    value.to_string()
}

/// A condition as REDCap branching logic: `[field] = '1'`, `[field] < 32`, joined by `and`
/// and `or` in parentheses; `None` for a `not`, which it does not take here.
pub fn branching(rules: &RuleSet, condition: &Condition) -> Option<String> {
    match condition {
        Condition::Compare {
            question,
            op,
            value,
        } => {
            let field = &rules.questions()[*question].id;
            let op = match op {
                Op::Equals => "=",
                Op::LessThan => "<",
                Op::AtMost => "<=",
                Op::GreaterThan => ">",
                Op::AtLeast => ">=",
            };
            let value = match value {
                Target::YesNo(b) => {
                    let answer = if *b { "yes" } else { "no" };
                    let code = REDCAP_CHOICES.iter().find(|(_, a)| *a == answer)?.0;
                    format!("'{code}'")
                }
                Target::Number(n) => number(*n),
            };
            Some(format!("[{field}] {op} {value}"))
        }
        Condition::All(parts) | Condition::Any(parts) => {
            let joiner = if matches!(condition, Condition::All(_)) {
                " and "
            } else {
                " or "
            };
            let parts = parts
                .iter()
                .map(|p| {
                    let text = branching(rules, p)?;
                    Some(match p {
                        Condition::Compare { .. } => text,
                        _ => format!("({text})"),
                    })
                })
                .collect::<Option<Vec<_>>>()?;
            Some(parts.join(joiner))
        }
        Condition::Not(_) => None,
    }
}
