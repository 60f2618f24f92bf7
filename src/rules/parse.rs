//! The rule file as written (`Raw*` structs, read by serde) and its validation into the
//! typed `RuleSet`: ids resolved, conditions parsed, every problem collected as data.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::Value;

use super::{
    Code, Condition, Confidence, Evidence, Factor, Fhir, FollowUp, KNOWN_IDS, MAX_CONDITION_DEPTH,
    MAX_DECIMALS, NumberSpec, Op, Question, QuestionKind, ReportText, RuleSet, SHOWN_PROBLEMS,
    Section, Source, TABLE_COLUMNS, Target, Tier, Unit,
};
use crate::problem::{JsonKind, RefKind, RuleProblem, RuleProblemKind};
use crate::suggest;

#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a rule set object")]
pub(super) struct RawRuleSet {
    id: String,
    version: String,
    title: String,
    source: Source,
    sections: Vec<Section>,
    tiers: Vec<Tier>,
    questions: Vec<RawQuestion>,
    factors: Vec<RawFactor>,
    report: ReportText,
    #[serde(default)]
    guidance: Vec<Evidence>,
    #[serde(default)]
    follow_up: Option<RawFollowUp>,
    #[serde(default)]
    fhir: Fhir,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a follow-up object")]
struct RawFollowUp {
    factors: Vec<String>,
    why: String,
    #[serde(default)]
    citation: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a question object")]
struct RawQuestion {
    id: String,
    section: String,
    kind: RawKind,
    label: String,
    text: String,
    #[serde(default)]
    form_text: Option<String>,
    #[serde(default)]
    help: Option<String>,
    #[serde(default)]
    unit: Option<String>,
    #[serde(default)]
    min: Option<f64>,
    #[serde(default)]
    max: Option<f64>,
    #[serde(default)]
    decimals: Option<usize>,
    #[serde(default)]
    units: Vec<RawUnit>,
    #[serde(default)]
    plus_unit: Option<String>,
    #[serde(default)]
    examples: Vec<String>,
    #[serde(default)]
    ucum: Option<String>,
    #[serde(default)]
    fhir_code: Option<super::FhirCoding>,
    #[serde(default)]
    ask_when: Option<Value>,
}

#[derive(Deserialize, Clone, Copy, PartialEq)]
#[serde(rename_all = "snake_case")]
enum RawKind {
    YesNo,
    Number,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a unit object")]
struct RawUnit {
    symbol: String,
    names: Vec<String>,
    factor: f64,
    #[serde(default)]
    per: Option<f64>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    ucum: Option<String>,
    /// The regions whose unit this is (`["HK", "MO"]` for the 司馬斤): a name the unit
    /// shares with another region's unit (a bare 斤) means this one only in these regions.
    #[serde(default)]
    regions: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a factor object")]
struct RawFactor {
    id: String,
    name: String,
    section: String,
    tier: String,
    source_words: String,
    /// Set by `translate` from the file's translations, never written in a file.
    #[serde(default)]
    source_words_translation: Option<String>,
    reading: String,
    #[serde(default)]
    alternative_reading: Option<String>,
    #[serde(default)]
    meaning: Option<String>,
    #[serde(default)]
    evidence: Vec<Evidence>,
    #[serde(default)]
    codes: Vec<Code>,
    #[serde(default)]
    confidence: Option<Confidence>,
    #[serde(default)]
    how_common: Option<Evidence>,
    #[serde(default)]
    source_factors: Vec<String>,
    when: Value,
}

pub(super) fn find_control_characters(value: &Value, place: &str, problems: &mut Vec<RuleProblem>) {
    let check = |s: &str, place: &str, problems: &mut Vec<RuleProblem>| {
        if let Some(c) = s.chars().find(|c| crate::sanitize::needs_escape(*c)) {
            problems.push(RuleProblem {
                place: if place.is_empty() {
                    "(top level)"
                } else {
                    place
                }
                .to_string(),
                kind: RuleProblemKind::ControlCharacter {
                    code_point: c as u32,
                },
            });
        }
    };
    match value {
        Value::String(s) => check(s, place, problems),
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                find_control_characters(v, &format!("{place}[{i}]"), problems);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                let place = if place.is_empty() {
                    k.clone()
                } else {
                    format!("{place}.{k}")
                };
                check(k, &place, problems);
                find_control_characters(v, &place, problems);
            }
        }
        _ => {}
    }
}

pub(super) fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Checks that a list has no duplicate ids; returns each id's index.
fn index_ids<'a>(
    what: &str,
    ids: impl Iterator<Item = &'a str>,
    problems: &mut Vec<RuleProblem>,
) -> HashMap<String, usize> {
    let mut index = HashMap::new();
    for (i, id) in ids.enumerate() {
        if id.trim().is_empty() {
            problems.push(problem(format!("{what}[{i}].id"), RuleProblemKind::Empty));
        } else if !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            // Ids are field names in answer files and appear in every result and message.
            problems.push(problem(
                format!("{what}[{i}].id"),
                RuleProblemKind::IdCharacters { id: id.to_string() },
            ));
        } else if let Some(first) = index.insert(id.to_string(), i) {
            problems.push(problem(
                format!("{what}[{i}].id"),
                RuleProblemKind::DuplicateId {
                    id: id.to_string(),
                    first: format!("{what}[{first}]"),
                },
            ));
            index.insert(id.to_string(), first);
        }
    }
    index
}

fn resolve(
    place: String,
    what: RefKind,
    id: &str,
    index: &HashMap<String, usize>,
    problems: &mut Vec<RuleProblem>,
) -> usize {
    match index.get(id) {
        Some(&i) => i,
        None => {
            // Past the problems that are shown, a problem is only counted: no suggestion
            // or list of known ids is looked for (thousands of bad references in a large
            // file would each search every id).
            let shown = problems.len() < SHOWN_PROBLEMS;
            problems.push(problem(
                place,
                RuleProblemKind::UnknownReference {
                    what,
                    id: id.to_string(),
                    suggestion: suggestion(problems, id, index.keys().map(String::as_str)),
                    known: if shown {
                        first_keys(index, KNOWN_IDS)
                    } else {
                        Vec::new()
                    },
                },
            ));
            0
        }
    }
}

/// An absolute URI as FHIR takes one for a canonical URL or a system: a scheme, then
/// something, and no spaces, controls or `|` (which separates a canonical's version).
fn is_uri(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once(':') else {
        return false;
    };
    let mut scheme_chars = scheme.chars();
    scheme_chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme_chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && !text
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '|')
}

/// "Did you mean" for a problem about to be added, looked for only while problems are
/// still shown in full: past them, problems are only counted.
fn suggestion<'a>(
    problems: &[RuleProblem],
    word: &str,
    known: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    if problems.len() >= SHOWN_PROBLEMS {
        return None;
    }
    suggest::did_you_mean(word, known).map(str::to_string)
}

/// The first `n` ids of `index` in file order, with "…" when there are more.
fn first_keys(index: &HashMap<String, usize>, n: usize) -> Vec<String> {
    let mut keys: Vec<(&usize, &String)> = index.iter().map(|(k, v)| (v, k)).collect();
    keys.sort_unstable();
    let mut first: Vec<String> = keys.iter().take(n).map(|(_, k)| (*k).clone()).collect();
    if keys.len() > n {
        first.push("…".into());
    }
    first
}

pub(super) fn problem(place: impl Into<String>, kind: RuleProblemKind) -> RuleProblem {
    RuleProblem {
        place: place.into(),
        kind,
    }
}

impl ReportText {
    /// The warning signs and their source come together, and neither is empty.
    fn validate(&self, problems: &mut Vec<RuleProblem>) {
        let pair = [
            ("warning_signs", &self.warning_signs),
            ("warning_signs_source", &self.warning_signs_source),
        ];
        for (i, (field, value)) in pair.iter().enumerate() {
            let (other, other_value) = pair[1 - i];
            match value {
                Some(text) if text.trim().is_empty() => {
                    problems.push(problem(format!("report.{field}"), RuleProblemKind::Empty));
                }
                Some(_) if other_value.is_none() => problems.push(problem(
                    "report",
                    RuleProblemKind::MissingKey {
                        key: other.to_string(),
                        with: field.to_string(),
                    },
                )),
                _ => {}
            }
        }
    }
}

impl RawRuleSet {
    pub(super) fn validate(self, problems: &mut Vec<RuleProblem>) -> RuleSet {
        for (field, value) in [("id", &self.id), ("version", &self.version)] {
            if value.trim().is_empty() {
                problems.push(problem(field, RuleProblemKind::Empty));
            }
        }
        // What `export` writes, `screen` must take back: URIs FHIR accepts.
        let uris = [
            (
                "fhir.questionnaire".to_string(),
                self.fhir.questionnaire.as_deref(),
            ),
            (
                "fhir.code_system".to_string(),
                self.fhir.code_system.as_deref(),
            ),
        ]
        .into_iter()
        .chain(
            self.fhir
                .systems
                .iter()
                .enumerate()
                .map(|(i, s)| (format!("fhir.systems[{i}].uri"), Some(s.uri.as_str()))),
        );
        for (place, uri) in uris {
            if let Some(uri) = uri
                && !is_uri(uri)
            {
                problems.push(problem(
                    place,
                    RuleProblemKind::NotAUri {
                        value: uri.to_string(),
                    },
                ));
            }
        }
        self.report.validate(problems);
        let sections = index_ids(
            "sections",
            self.sections.iter().map(|s| s.id.as_str()),
            problems,
        );
        let tiers = index_ids("tiers", self.tiers.iter().map(|t| t.id.as_str()), problems);
        let question_index = index_ids(
            "questions",
            self.questions.iter().map(|q| q.id.as_str()),
            problems,
        );
        let factor_index = index_ids(
            "factors",
            self.factors.iter().map(|f| f.id.as_str()),
            problems,
        );
        if self.questions.is_empty() {
            problems.push(problem("questions", RuleProblemKind::NoQuestions));
        }
        if self.factors.is_empty() {
            problems.push(problem("factors", RuleProblemKind::NoFactors));
        }

        let mut ask_when = Vec::with_capacity(self.questions.len());
        let mut questions: Vec<Question> = self
            .questions
            .into_iter()
            .enumerate()
            .map(|(i, mut q)| {
                ask_when.push(q.ask_when.take());
                q.validate(i, &sections, problems)
            })
            .collect();
        let conditions: Vec<Option<(Condition, Vec<usize>)>> = ask_when
            .iter()
            .enumerate()
            .map(|(i, value)| {
                let value = value.as_ref()?;
                let place = format!("questions[{i}].ask_when");
                let ctx = ConditionContext {
                    questions: &questions,
                    index: &question_index,
                };
                let condition = parse_condition(value, &place, 1, &ctx, problems);
                // Asked in order: a condition reads only answers already given, which
                // also rules out cycles.
                let reads = questions_read(&condition);
                for &q in &reads {
                    if q >= i {
                        problems.push(problem(
                            place.as_str(),
                            RuleProblemKind::AskWhenNotEarlier {
                                question: questions[q].id.clone(),
                            },
                        ));
                    }
                }
                Some((condition, reads))
            })
            .collect();
        let conditional = conditions.iter().any(Option::is_some);
        for (q, condition) in questions.iter_mut().zip(conditions) {
            if let Some((condition, reads)) = condition {
                q.ask_when = Some(condition);
                q.ask_reads = reads;
            }
        }
        let factors: Vec<Factor> = self
            .factors
            .into_iter()
            .enumerate()
            .map(|(i, f)| {
                let place = format!("factors[{i}]");
                if TABLE_COLUMNS.contains(&f.id.as_str()) {
                    problems.push(problem(
                        format!("{place}.id"),
                        RuleProblemKind::TableColumnId { id: f.id.clone() },
                    ));
                }
                let section = resolve(
                    format!("{place}.section"),
                    RefKind::Section,
                    &f.section,
                    &sections,
                    problems,
                );
                let tier = resolve(
                    format!("{place}.tier"),
                    RefKind::Tier,
                    &f.tier,
                    &tiers,
                    problems,
                );
                let when = parse_condition(
                    &f.when,
                    &format!("{place}.when"),
                    1,
                    &ConditionContext {
                        questions: &questions,
                        index: &question_index,
                    },
                    problems,
                );
                Factor {
                    section,
                    tier,
                    reads: questions_read(&when),
                    when,
                    id: f.id,
                    name: f.name,
                    source_words: f.source_words,
                    source_words_translation: f.source_words_translation,
                    reading: f.reading,
                    alternative_reading: f.alternative_reading,
                    meaning: f.meaning,
                    evidence: f.evidence,
                    codes: f.codes,
                    confidence: f.confidence,
                    how_common: f.how_common,
                    source_factors: f.source_factors,
                    includes: Vec::new(),
                }
            })
            .collect();
        let factors = with_includes(factors);
        let follow_up = self.follow_up.map(|raw| FollowUp {
            factors: raw
                .factors
                .iter()
                .enumerate()
                .map(|(i, id)| {
                    resolve(
                        format!("follow_up.factors[{i}]"),
                        RefKind::Factor,
                        id,
                        &factor_index,
                        problems,
                    )
                })
                .collect(),
            why: raw.why,
            citation: raw.citation,
        });
        record_cutoffs(&mut questions, &factors);
        let keys = super::keys::KeyTable::new(questions.iter().map(|q| q.id.as_str()));
        let follows_up = (0..factors.len())
            .map(|i| {
                // `get`: a tier that did not resolve is a problem already reported, and
                // the rule set is refused; it must not stop the checking here.
                follow_up.as_ref().is_some_and(|f| f.factors.contains(&i))
                    || self.tiers.get(factors[i].tier).is_some_and(|t| t.follow_up)
            })
            .collect();
        RuleSet {
            id: self.id,
            version: self.version,
            title: self.title,
            source: self.source,
            sections: self.sections,
            tiers: self.tiers,
            questions,
            factors,
            report: self.report,
            guidance: self.guidance,
            follow_up,
            fhir: self.fhir,
            conditional,
            language: String::new(),
            languages: Vec::new(),
            sha256: String::new(),
            keys,
            follows_up,
        }
    }
}

/// Answer-record keys that no question may take: the record's id, and what saved it.
const RESERVED_KEYS: [&str; 2] = ["id", "cp_screen"];

impl RawQuestion {
    fn validate(
        self,
        i: usize,
        sections: &HashMap<String, usize>,
        problems: &mut Vec<RuleProblem>,
    ) -> Question {
        let place = format!("questions[{i}]");
        if RESERVED_KEYS.contains(&self.id.as_str()) {
            problems.push(problem(
                format!("{place}.id"),
                RuleProblemKind::ReservedId {
                    id: self.id.clone(),
                },
            ));
        }
        let section = resolve(
            format!("{place}.section"),
            RefKind::Section,
            &self.section,
            sections,
            problems,
        );
        let kind = match self.kind {
            RawKind::YesNo => {
                for (field, set) in [
                    ("unit", self.unit.is_some()),
                    ("min", self.min.is_some()),
                    ("max", self.max.is_some()),
                    ("decimals", self.decimals.is_some()),
                    ("units", !self.units.is_empty()),
                    ("plus_unit", self.plus_unit.is_some()),
                    ("ucum", self.ucum.is_some()),
                ] {
                    if set {
                        problems.push(problem(
                            format!("{place}.{field}"),
                            RuleProblemKind::OnlyNumberQuestions {
                                field: field.to_string(),
                            },
                        ));
                    }
                }
                QuestionKind::YesNo
            }
            RawKind::Number => QuestionKind::Number(self.number_spec(&place, problems)),
        };
        if let Some(coding) = &self.fhir_code {
            if !is_uri(&coding.system) {
                problems.push(problem(
                    format!("{place}.fhir_code.system"),
                    RuleProblemKind::NotAUri {
                        value: coding.system.clone(),
                    },
                ));
            }
            if coding.code.trim().is_empty() {
                problems.push(problem(
                    format!("{place}.fhir_code.code"),
                    RuleProblemKind::Empty,
                ));
            }
        }
        Question {
            index: i,
            id: self.id,
            section,
            label: self.label,
            text: self.text,
            fhir_code: self.fhir_code,
            form_text: self.form_text,
            help: self.help,
            kind,
            ask_when: None,
            ask_reads: Vec::new(),
        }
    }

    fn number_spec(&self, place: &str, problems: &mut Vec<RuleProblem>) -> NumberSpec {
        let mut require = |field: &str, value: Option<f64>| {
            value.unwrap_or_else(|| {
                problems.push(problem(
                    place,
                    RuleProblemKind::MissingRange {
                        field: field.to_string(),
                    },
                ));
                f64::NAN
            })
        };
        let min = require("min", self.min);
        let max = require("max", self.max);
        if min > max {
            problems.push(problem(place, RuleProblemKind::EmptyRange { min, max }));
        }
        if min < 0.0 {
            problems.push(problem(
                format!("{place}.min"),
                RuleProblemKind::NegativeMin { min },
            ));
        }
        let unit = self.unit.clone().unwrap_or_else(|| {
            problems.push(problem(place, RuleProblemKind::MissingUnit));
            String::new()
        });
        // Each name with the regions of the units it names so far: a name may name one
        // unit per region (a bare 斤), never two units of one region or of none.
        let mut seen_names: HashMap<String, Vec<String>> = HashMap::new();
        let units: Vec<Unit> = self
            .units
            .iter()
            .enumerate()
            .map(|(u, raw)| {
                let uplace = format!("{place}.units[{u}]");
                let per = raw.per.unwrap_or(1.0);
                if !(raw.factor.is_finite() && raw.factor > 0.0) {
                    problems.push(problem(
                        format!("{uplace}.factor"),
                        RuleProblemKind::NotPositive { value: raw.factor },
                    ));
                }
                if !(per.is_finite() && per > 0.0) {
                    problems.push(problem(
                        format!("{uplace}.per"),
                        RuleProblemKind::NotPositive { value: per },
                    ));
                }
                let size = raw.factor / per;
                if raw.factor.is_finite()
                    && raw.factor > 0.0
                    && per.is_finite()
                    && per > 0.0
                    && !(size.is_normal() && (1e-12..=1e12).contains(&size))
                {
                    // Each part is fine but the unit is zero or infinitely large, or absurd.
                    problems.push(problem(
                        uplace.clone(),
                        RuleProblemKind::UnitSizeAbsurd { size },
                    ));
                }
                if raw.names.is_empty() {
                    problems.push(problem(
                        format!("{uplace}.names"),
                        RuleProblemKind::UnitWithoutName,
                    ));
                }
                let names: Vec<String> = raw.names.iter().map(|n| n.to_lowercase()).collect();
                let regions: Vec<String> =
                    raw.regions.iter().map(|r| r.to_ascii_uppercase()).collect();
                for name in &names {
                    if name.is_empty() || !name.chars().all(char::is_alphabetic) {
                        problems.push(problem(
                            format!("{uplace}.names"),
                            RuleProblemKind::UnitNameNotLetters { name: name.clone() },
                        ));
                    } else if let Some(before) = seen_names.get_mut(name) {
                        if before.is_empty()
                            || regions.is_empty()
                            || regions.iter().any(|r| before.contains(r))
                        {
                            problems.push(problem(
                                format!("{uplace}.names"),
                                RuleProblemKind::UnitNameTwice { name: name.clone() },
                            ));
                        }
                        before.extend(regions.iter().cloned());
                    } else {
                        seen_names.insert(name.clone(), regions.clone());
                    }
                }
                Unit {
                    symbol: raw.symbol.clone(),
                    names,
                    size: raw.factor / per,
                    note: raw.note.clone(),
                    ucum: raw.ucum.clone(),
                    regions,
                }
            })
            .collect();
        let plus_unit = self.plus_unit.as_ref().and_then(|p| {
            let found = units.iter().position(|u| &u.symbol == p);
            if found.is_none() {
                problems.push(problem(
                    format!("{place}.plus_unit"),
                    RuleProblemKind::UnknownPlusUnit {
                        symbol: p.clone(),
                        suggestion: suggestion(
                            problems,
                            p,
                            units.iter().map(|u| u.symbol.as_str()),
                        ),
                    },
                ));
            }
            found
        });
        NumberSpec {
            unit,
            min,
            max,
            decimals: match self.decimals {
                Some(d) if d > MAX_DECIMALS => {
                    problems.push(problem(
                        format!("{place}.decimals"),
                        RuleProblemKind::TooManyDecimals {
                            decimals: d as u64,
                            limit: MAX_DECIMALS,
                        },
                    ));
                    MAX_DECIMALS
                }
                d => d.unwrap_or(2),
            },
            noted_ascii: units
                .iter()
                .any(|u| u.note.is_some() && u.names.iter().any(|n| n.is_ascii())),
            plain_units: plain_units(&units),
            units,
            plus_unit,
            examples: self.examples.clone(),
            ucum: self.ucum.clone(),
            cutoffs: Vec::new(),
            region: None,
        }
    }
}

/// The names of `units` in lower-case ASCII letters that name one unit only, each with its
/// unit's size (`NumberSpec::plain_units`).
fn plain_units(units: &[Unit]) -> Vec<(Box<[u8]>, f64)> {
    let units_named = |name: &str| {
        units
            .iter()
            .filter(|u| u.names.iter().any(|n| n == name))
            .count()
    };
    units
        .iter()
        .flat_map(|u| u.names.iter().map(move |n| (n, u.size)))
        .filter(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_lowercase()))
        .filter(|(n, _)| units_named(n) == 1)
        .map(|(n, size)| (n.as_bytes().into(), size))
        .collect()
}

/// Each factor with the factors it includes: those its condition implies while they do not
/// imply it (born before 32 weeks includes born before 37 weeks). Derived from the
/// conditions, so no rule file names a factor for it.
fn with_includes(mut factors: Vec<Factor>) -> Vec<Factor> {
    for a in 0..factors.len() {
        let includes = (0..factors.len())
            .filter(|&b| {
                b != a
                    && factors[a].when.implies(&factors[b].when)
                    && !factors[b].when.implies(&factors[a].when)
            })
            .collect();
        factors[a].includes = includes;
    }
    factors
}

/// The questions a condition reads, in rule-file order, each once.
fn questions_read(condition: &Condition) -> Vec<usize> {
    fn walk(c: &Condition, out: &mut Vec<usize>) {
        match c {
            Condition::Compare { question, .. } => {
                if !out.contains(question) {
                    out.push(*question)
                }
            }
            Condition::All(parts) | Condition::Any(parts) => {
                parts.iter().for_each(|p| walk(p, out))
            }
            Condition::Not(inner) => walk(inner, out),
        }
    }
    let mut out = Vec::new();
    walk(condition, &mut out);
    out
}

/// Every comparison of a number question with a threshold in `condition`, in rule-file
/// order: (question, operator, threshold).
pub fn number_comparisons(condition: &Condition, out: &mut Vec<(usize, Op, f64)>) {
    match condition {
        Condition::Compare {
            question,
            op,
            value: Target::Number(t),
        } => out.push((*question, *op, *t)),
        Condition::Compare { .. } => {}
        Condition::All(parts) | Condition::Any(parts) => {
            parts.iter().for_each(|p| number_comparisons(p, out))
        }
        Condition::Not(inner) => number_comparisons(inner, out),
    }
}

/// Gives each number question the thresholds it is compared with, in ascending order.
fn record_cutoffs(questions: &mut [Question], factors: &[Factor]) {
    let mut found = Vec::new();
    for c in questions
        .iter()
        .filter_map(|q| q.ask_when.as_ref())
        .chain(factors.iter().map(|f| &f.when))
    {
        number_comparisons(c, &mut found);
    }
    for (question, _, t) in found {
        if let Some(QuestionKind::Number(spec)) = questions.get_mut(question).map(|q| &mut q.kind)
            && !spec.cutoffs.contains(&t)
        {
            spec.cutoffs.push(t);
        }
    }
    for q in questions.iter_mut() {
        if let QuestionKind::Number(spec) = &mut q.kind {
            spec.cutoffs.sort_by(f64::total_cmp);
        }
    }
}

struct ConditionContext<'a> {
    questions: &'a [Question],
    index: &'a HashMap<String, usize>,
}

/// Parses one condition node, recording problems instead of stopping at the first.
fn parse_condition(
    value: &Value,
    place: &str,
    depth: usize,
    ctx: &ConditionContext<'_>,
    problems: &mut Vec<RuleProblem>,
) -> Condition {
    let placeholder = Condition::All(Vec::new());
    if depth > MAX_CONDITION_DEPTH {
        problems.push(problem(
            place,
            RuleProblemKind::TooDeep {
                limit: MAX_CONDITION_DEPTH,
            },
        ));
        return placeholder;
    }
    let Some(obj) = value.as_object() else {
        problems.push(problem(
            place,
            RuleProblemKind::NotACondition {
                found: JsonKind::of(value),
            },
        ));
        return placeholder;
    };
    let combinator = ["all", "any", "not"]
        .into_iter()
        .find(|k| obj.contains_key(*k));
    if let Some(key) = combinator {
        if obj.len() != 1 {
            let others: Vec<String> = obj.keys().filter(|k| *k != key).cloned().collect();
            problems.push(problem(
                place,
                RuleProblemKind::CombinatorNotAlone {
                    key: key.to_string(),
                    others,
                },
            ));
            return placeholder;
        }
        let inner = &obj[key];
        if key == "not" {
            return Condition::Not(Box::new(parse_condition(
                inner,
                &format!("{place}.not"),
                depth + 1,
                ctx,
                problems,
            )));
        }
        let Some(items) = inner.as_array() else {
            problems.push(problem(
                format!("{place}.{key}"),
                RuleProblemKind::NotAConditionList {
                    key: key.to_string(),
                    found: JsonKind::of(inner),
                },
            ));
            return placeholder;
        };
        if items.is_empty() {
            problems.push(problem(
                format!("{place}.{key}"),
                RuleProblemKind::EmptyCombinator {
                    key: key.to_string(),
                },
            ));
        }
        let children = items
            .iter()
            .enumerate()
            .map(|(i, c)| {
                parse_condition(c, &format!("{place}.{key}[{i}]"), depth + 1, ctx, problems)
            })
            .collect();
        return if key == "all" {
            Condition::All(children)
        } else {
            Condition::Any(children)
        };
    }
    parse_comparison(obj, place, ctx, problems).unwrap_or(placeholder)
}

fn parse_comparison(
    obj: &serde_json::Map<String, Value>,
    place: &str,
    ctx: &ConditionContext<'_>,
    problems: &mut Vec<RuleProblem>,
) -> Option<Condition> {
    let known = ["question", "all", "any", "not"]
        .into_iter()
        .chain(Op::ALL.iter().map(|o| o.key()));
    let mut ok = true;
    for key in obj.keys() {
        if key != "question" && !Op::ALL.iter().any(|o| o.key() == key) {
            problems.push(problem(
                place,
                RuleProblemKind::UnknownConditionKey {
                    key: key.clone(),
                    suggestion: suggestion(problems, key, known.clone()),
                },
            ));
            ok = false;
        }
    }
    let ops: Vec<Op> = Op::ALL
        .into_iter()
        .filter(|o| obj.contains_key(o.key()))
        .collect();
    let question = match obj.get("question") {
        None => {
            if ok {
                problems.push(problem(place, RuleProblemKind::NoQuestion));
            }
            return None;
        }
        Some(Value::String(q)) => q,
        Some(other) => {
            problems.push(problem(
                format!("{place}.question"),
                RuleProblemKind::QuestionNotAString {
                    found: JsonKind::of(other),
                },
            ));
            return None;
        }
    };
    let op = match ops.as_slice() {
        [op] => *op,
        [] => {
            problems.push(problem(place, RuleProblemKind::NoComparison));
            return None;
        }
        many => {
            let keys: Vec<String> = many.iter().map(|o| o.key().to_string()).collect();
            problems.push(problem(place, RuleProblemKind::SeveralComparisons { keys }));
            return None;
        }
    };
    let Some(&qi) = ctx.index.get(question.as_str()) else {
        problems.push(problem(
            format!("{place}.question"),
            RuleProblemKind::UnknownQuestion {
                id: question.clone(),
                suggestion: suggestion(
                    problems,
                    question,
                    ctx.questions.iter().map(|q| q.id.as_str()),
                ),
            },
        ));
        return None;
    };
    let value = &obj[op.key()];
    let vplace = format!("{place}.{}", op.key());
    let target = match &ctx.questions[qi].kind {
        QuestionKind::YesNo => {
            if op != Op::Equals {
                problems.push(problem(
                    vplace,
                    RuleProblemKind::NumericOnYesNo {
                        question: question.clone(),
                    },
                ));
                return None;
            }
            match value.as_str().map(str::to_ascii_lowercase).as_deref() {
                Some("yes") => Target::YesNo(true),
                Some("no") => Target::YesNo(false),
                _ => {
                    problems.push(problem(
                        vplace,
                        RuleProblemKind::NotYesOrNo {
                            question: question.clone(),
                            found: value.to_string(),
                        },
                    ));
                    return None;
                }
            }
        }
        QuestionKind::Number(spec) => match value.as_f64() {
            Some(n) if n.is_finite() => {
                if n < spec.min || n > spec.max {
                    problems.push(problem(
                        vplace,
                        RuleProblemKind::TargetOutOfRange {
                            value: n,
                            question: question.clone(),
                            min: spec.min,
                            max: spec.max,
                            unit: spec.unit.clone(),
                        },
                    ));
                }
                Target::Number(n)
            }
            _ => {
                problems.push(problem(
                    vplace,
                    RuleProblemKind::NotANumberTarget {
                        question: question.clone(),
                        found: value.to_string(),
                    },
                ));
                return None;
            }
        },
    };
    Some(Condition::Compare {
        question: qi,
        op,
        value: target,
    })
}
