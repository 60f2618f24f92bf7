//! The rule file: its JSON format, strict loading, and the validated `RuleSet` that the
//! rest of the program reads. Nothing about any particular condition is known here; every
//! question, unit, threshold and wording comes from the file.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::Deserialize;
use serde_json::Value;

use crate::problem::{JsonKind, RefKind, RuleProblem, RuleProblemKind};
use crate::suggest;
use crate::translate;

/// The default rule set, embedded so the tool works from any folder.
pub const DEFAULT_RULES: &str = include_str!("../rules/cerebral-palsy.json");

/// A rule set built into the program, chosen by name with `--rule-set`.
#[derive(Debug, Clone, Copy)]
pub struct Embedded {
    /// The name to choose it by: its rule-set id.
    pub name: &'static str,
    /// Other names it answers to.
    pub aliases: &'static [&'static str],
    /// Its file under `rules/`.
    pub file: &'static str,
    pub text: &'static str,
    /// Its worked examples (`cp-screen demo`), a JSON array.
    pub demos: &'static str,
}

/// The embedded rule sets; the first is the default.
pub const EMBEDDED: [Embedded; 2] = [
    Embedded {
        name: "cerebral-palsy",
        aliases: &["source", "default"],
        file: "rules/cerebral-palsy.json",
        text: DEFAULT_RULES,
        demos: include_str!("../examples/demos.json"),
    },
    Embedded {
        name: "cerebral-palsy-evidence",
        aliases: &["evidence"],
        file: "rules/cerebral-palsy-evidence.json",
        text: include_str!("../rules/cerebral-palsy-evidence.json"),
        demos: include_str!("../examples/demos-evidence.json"),
    },
];

impl Embedded {
    /// The embedded set called `name` (its id or an alias).
    pub fn find(name: &str) -> Option<Embedded> {
        EMBEDDED
            .into_iter()
            .find(|e| e.name == name || e.aliases.contains(&name))
    }

    /// The rule set, its texts in the language of the run.
    pub fn load(&self) -> RuleSet {
        let lang = crate::words::chosen().tag();
        RuleSet::from_json_in(self.text, &format!("<embedded {}>", self.file), Some(lang))
            .expect("the embedded rule sets are validated by the test suite")
    }
}
/// How the embedded rule set is named in messages.
pub const DEFAULT_RULES_NAME: &str = "<embedded cerebral-palsy.json>";

/// Rule files larger than this are refused before parsing (a rule file is a few KiB).
pub const MAX_RULE_FILE_BYTES: usize = 1024 * 1024;
/// Deepest all/any/not nesting accepted in a condition.
pub const MAX_CONDITION_DEPTH: usize = 32;

/// A validated rule set: every reference resolved to an index.
#[derive(Debug)]
pub struct RuleSet {
    pub(crate) id: String,
    pub(crate) version: String,
    pub(crate) title: String,
    pub(crate) source: Source,
    pub(crate) sections: Vec<Section>,
    pub(crate) tiers: Vec<Tier>,
    pub(crate) questions: Vec<Question>,
    pub(crate) factors: Vec<Factor>,
    pub(crate) report: ReportText,
    /// General guidance that applies to every factor (for `factors` and teaching).
    pub(crate) guidance: Vec<Evidence>,
    /// The factors that add the follow-up sentence, when the file names them.
    pub(crate) follow_up: Option<FollowUp>,
    /// How the rule set is named and coded in HL7 FHIR (the Questionnaire's canonical URL,
    /// the factor code system, FHIR system URIs for the code systems of `codes`).
    pub(crate) fhir: Fhir,
    /// Whether any question has an `ask_when` (lets screening skip that work otherwise).
    pub(crate) conditional: bool,
    /// The language the texts are in, and every language the file has them in (its own
    /// first).
    pub(crate) language: String,
    pub(crate) languages: Vec<String>,
    /// SHA-256 of the rule file's bytes, in hex: names exactly which rules produced a result.
    pub(crate) sha256: String,
    question_index: HashMap<String, usize>,
}

/// The rule set in HL7 FHIR terms (`fhir` in the rule file; every field optional).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a fhir object")]
pub struct Fhir {
    /// The canonical URL of the Questionnaire exported from the rule set; responses name
    /// it in `questionnaire`. Without it, one under [`FHIR_BASE`] is made from the id.
    #[serde(default)]
    pub questionnaire: Option<String>,
    /// The URL of the code system whose codes are the factor ids.
    #[serde(default)]
    pub code_system: Option<String>,
    /// FHIR system URIs for the `system` names of factor codes ("ICD-10 (WHO 2019)" ->
    /// `http://hl7.org/fhir/sid/icd-10`, version "2019"). Codes of a system not named
    /// here are left out of FHIR resources.
    #[serde(default)]
    pub systems: Vec<FhirSystem>,
}

/// One code system of `codes`, as FHIR names it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a fhir system object")]
pub struct FhirSystem {
    /// The `system` of `codes` it stands for.
    pub name: String,
    pub uri: String,
    #[serde(default)]
    pub version: Option<String>,
}

/// Where the canonical URLs of rule sets without their own live: a reserved domain
/// (RFC 2606), so that nobody mistakes it for a server; a rule file's `fhir` names a real one.
pub const FHIR_BASE: &str = "https://cp-screen.example/fhir";

impl RuleSet {
    /// The canonical URL of the rule set's FHIR Questionnaire.
    pub fn questionnaire_url(&self) -> String {
        self.fhir
            .questionnaire
            .clone()
            .unwrap_or_else(|| format!("{FHIR_BASE}/Questionnaire/{}", self.id))
    }

    /// The URL of the code system of the factor ids.
    pub fn factor_code_system(&self) -> String {
        self.fhir
            .code_system
            .clone()
            .unwrap_or_else(|| format!("{FHIR_BASE}/CodeSystem/{}", self.id))
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn version(&self) -> &str {
        &self.version
    }

    pub fn title(&self) -> &str {
        &self.title
    }

    /// The language of the texts, and every language the file has them in.
    pub fn languages(&self) -> &[String] {
        &self.languages
    }
}

/// A statement from the wider literature, with where it comes from.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, expecting = "an evidence object")]
pub struct Evidence {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
}

/// A code of a classification (ICD-10) that matches a factor.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, expecting = "a code object")]
pub struct Code {
    pub system: String,
    pub code: String,
    pub title: String,
    /// How well the code fits the factor, when not exactly ("the nearest code: it does not
    /// express the 2000 g cut-off").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// How firmly the literature supports a factor: a level that machines can read, and a note.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, expecting = "a confidence object")]
pub struct Confidence {
    pub level: ConfidenceLevel,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConfidenceLevel {
    High,
    Moderate,
    Low,
}

impl ConfidenceLevel {
    /// The level as written in rule files and machine output.
    pub fn id(self) -> &'static str {
        match self {
            ConfidenceLevel::High => "high",
            ConfidenceLevel::Moderate => "moderate",
            ConfidenceLevel::Low => "low",
        }
    }
}

/// Which present factors add the report's follow-up sentence, and why.
#[derive(Debug)]
pub struct FollowUp {
    /// Factor indexes.
    pub factors: Vec<usize>,
    pub why: String,
    pub citation: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a source object")]
pub struct Source {
    pub title: String,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a section object")]
pub struct Section {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub intro: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a tier object")]
pub struct Tier {
    pub id: String,
    pub title: String,
    /// Whether a present factor of this tier adds the report's follow-up sentence (rule
    /// files before 1.1 only; the top-level `follow_up` names the factors themselves).
    #[serde(default)]
    pub follow_up: bool,
}

/// The fixed sentences every report carries.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a report object")]
pub struct ReportText {
    pub not_a_diagnosis: String,
    pub none_does_not_rule_out: String,
    pub see_clinician: String,
    pub follow_up: String,
}

#[derive(Debug)]
pub struct Question {
    /// Its place in `RuleSet::questions`.
    pub index: usize,
    pub id: String,
    pub section: usize,
    pub label: String,
    pub text: String,
    /// The question as a form with a plain number field asks it (exported FHIR
    /// Questionnaires), when `text` names notations such a field cannot take.
    pub form_text: Option<String>,
    pub help: Option<String>,
    pub kind: QuestionKind,
    /// When the question is asked: only if this holds for the answers before it.
    pub ask_when: Option<Condition>,
    /// The questions `ask_when` reads, in order of first use, each once.
    pub ask_reads: Vec<usize>,
}

#[derive(Debug)]
pub enum QuestionKind {
    YesNo,
    Number(NumberSpec),
}

/// A numeric question: its base unit, plausible range and the units a person may write.
#[derive(Debug, Clone)]
pub struct NumberSpec {
    pub unit: String,
    pub min: f64,
    pub max: f64,
    pub decimals: usize,
    pub units: Vec<Unit>,
    /// Index into `units` of the unit of the part after `+` in `31+4`.
    pub plus_unit: Option<usize>,
    pub examples: Vec<String>,
    /// The UCUM code of the base unit (`wk`, `g`), for FHIR.
    pub ucum: Option<String>,
    /// Every threshold a factor or `ask_when` compares this question with: a value is
    /// never shown rounded across one of them.
    pub cutoffs: Vec<f64>,
}

#[derive(Debug, Clone)]
pub struct Unit {
    pub symbol: String,
    /// Lower-case spellings accepted in answers.
    pub names: Vec<String>,
    /// How many base units one of this unit is.
    pub size: f64,
    /// An assumption a person must see whenever the unit is used: "1 斤 = 500 g (the
    /// mainland 市斤; Taiwan and Hong Kong use about 600 g)".
    pub note: Option<String>,
    /// The unit's UCUM code (`d`, `kg`, `[lb_av]`), for FHIR quantities.
    pub ucum: Option<String>,
}

#[derive(Debug)]
pub struct Factor {
    pub id: String,
    pub name: String,
    pub section: usize,
    pub tier: usize,
    pub source_words: String,
    /// The source's words in the language of the run, when they are a translation.
    pub source_words_translation: Option<String>,
    pub reading: String,
    pub alternative_reading: Option<String>,
    /// What the factor means, in plain words.
    pub meaning: Option<String>,
    pub evidence: Vec<Evidence>,
    pub codes: Vec<Code>,
    pub confidence: Option<Confidence>,
    /// Factors of the source page's rule set (`cerebral-palsy`) that this factor stands
    /// for, in a set built from other sources: for `rules compare`.
    pub source_factors: Vec<String>,
    pub when: Condition,
    /// The questions `when` reads, in order of first use, each once.
    pub reads: Vec<usize>,
}

/// A condition tree with questions resolved to indexes.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    Compare {
        question: usize,
        op: Op,
        value: Target,
    },
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Equals,
    LessThan,
    AtMost,
    GreaterThan,
    AtLeast,
}

impl Op {
    const ALL: [Op; 5] = [
        Op::Equals,
        Op::LessThan,
        Op::AtMost,
        Op::GreaterThan,
        Op::AtLeast,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Op::Equals => "equals",
            Op::LessThan => "less_than",
            Op::AtMost => "at_most",
            Op::GreaterThan => "greater_than",
            Op::AtLeast => "at_least",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    YesNo(bool),
    Number(f64),
}

/// Why a rule file was refused: every problem found, each naming its place.
#[derive(Debug)]
pub struct RulesError {
    pub file: String,
    pub problems: Vec<RuleProblem>,
}

impl RulesError {
    /// A rule file refused for one reason about the whole file.
    pub fn whole(file: &str, kind: RuleProblemKind) -> RulesError {
        RulesError {
            file: file.to_string(),
            problems: vec![problem("", kind)],
        }
    }
}

/// Answers are shown with at most this many decimals.
pub const MAX_DECIMALS: usize = 6;

/// At most this many problems of one rule file are shown...
const SHOWN_PROBLEMS: usize = 20;
/// ...each cut to this many characters (serde's messages echo names of any length).
const PROBLEM_CHARS: usize = 500;
/// An unknown reference lists at most this many known ids.
const KNOWN_IDS: usize = 12;

impl fmt::Display for RulesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Every problem echoes text from the rule file (ids, keys, serde's "unknown field"):
        // escaped here, in one place, so none reaches a terminal raw; and capped, so a
        // small file cannot make a huge message.
        let w = crate::words::get();
        let problems: Vec<String> = self
            .problems
            .iter()
            .take(SHOWN_PROBLEMS)
            .map(|p| {
                let text = w.rule_problem(p);
                let text = crate::sanitize::escape_control(&text);
                let mut chars = text.chars();
                let mut shown: String = chars.by_ref().take(PROBLEM_CHARS).collect();
                if chars.next().is_some() {
                    shown.push('…');
                }
                shown
            })
            .collect();
        let file = crate::sanitize::escape_control(&self.file);
        f.write_str(&w.invalid_rule_file(&file, &problems))?;
        if self.problems.len() > problems.len() {
            write!(
                f,
                "\n  {}",
                w.more_rule_problems(problems.len(), self.problems.len())
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for RulesError {}

impl RuleSet {
    /// The embedded default rule set.
    /// The default rule set, its texts in the language of the run.
    pub fn default_rules() -> RuleSet {
        EMBEDDED[0].load()
    }

    /// Which factors add the follow-up sentence, and why, when the file says.
    pub fn follow_up(&self) -> Option<&FollowUp> {
        self.follow_up.as_ref()
    }

    pub fn sections(&self) -> &[Section] {
        &self.sections
    }

    pub fn tiers(&self) -> &[Tier] {
        &self.tiers
    }

    /// Parses and validates a rule file, its texts in the language of the run when the
    /// file has them; `file` names it in errors.
    pub fn from_json(text: &str, file: &str) -> Result<RuleSet, RulesError> {
        RuleSet::from_json_in(text, file, Some(crate::words::chosen().tag()))
    }

    /// `from_json`, with the texts in `lang` when the file has them (see `translate`).
    pub fn from_json_in(text: &str, file: &str, lang: Option<&str>) -> Result<RuleSet, RulesError> {
        let fail = |kind: RuleProblemKind| RulesError::whole(file, kind);
        if text.len() > MAX_RULE_FILE_BYTES {
            return Err(fail(RuleProblemKind::FileTooLarge {
                bytes: text.len() as u64,
                limit: MAX_RULE_FILE_BYTES,
            }));
        }
        if text.trim().is_empty() {
            return Err(fail(RuleProblemKind::EmptyFile));
        }
        // Parsed once as plain JSON, for the checks the typed parse cannot make and for the
        // translations, then read as a rule set from that value.
        let mut value = serde_json::from_str::<Value>(text).map_err(|e| {
            fail(RuleProblemKind::Structure {
                what: e.to_string(),
            })
        })?;
        if !value.is_object() {
            return Err(fail(RuleProblemKind::NotAnObject {
                found: JsonKind::of(&value),
            }));
        }
        let mut problems = Vec::new();
        // Rule-file text is shown on terminals: refuse anything that could act on one.
        find_control_characters(&value, "", &mut problems);
        let languages = translate::languages(&value);
        let language = translate::check_and_apply(&mut value, lang, &mut problems);
        let raw: RawRuleSet = match serde_path_to_error::deserialize(value) {
            Ok(raw) => raw,
            Err(e) => {
                let path = e.path().to_string();
                let place = if path == "." { String::new() } else { path };
                let what = e.into_inner().to_string();
                problems.push(problem(place, RuleProblemKind::Structure { what }));
                return Err(RulesError {
                    file: file.to_string(),
                    problems,
                });
            }
        };
        let mut rules = raw.validate(&mut problems);
        if problems.is_empty() {
            rules.sha256 = sha256_hex(text.as_bytes());
            rules.language = language;
            rules.languages = languages;
            Ok(rules)
        } else {
            Err(RulesError {
                file: file.to_string(),
                problems,
            })
        }
    }

    /// The questions, in the order asked.
    pub fn questions(&self) -> &[Question] {
        &self.questions
    }

    /// The factors, in the order reported.
    pub fn factors(&self) -> &[Factor] {
        &self.factors
    }

    /// `"<id>@<version>"`, as printed in every result.
    pub fn tag(&self) -> String {
        format!("{}@{}", self.id, self.version)
    }

    /// `"sha256:"` and the first 16 hex digits of the rule file's SHA-256: short enough for
    /// every result, long enough to tell rule files apart.
    pub fn short_hash(&self) -> String {
        format!("sha256:{}", &self.sha256[..16.min(self.sha256.len())])
    }

    pub fn question_index(&self, id: &str) -> Option<usize> {
        self.question_index.get(id).copied()
    }

    /// `question_index`, trying `hint` first: records usually list their fields in the
    /// rule file's order, so the next question is the likely one and no hashing is needed.
    pub fn question_index_from(&self, id: &str, hint: usize) -> Option<usize> {
        // A skipped (unanswered) question or two is common: look a few places ahead.
        let ahead = self.questions.get(hint..).unwrap_or_default();
        match ahead.iter().take(4).position(|q| q.id == id) {
            Some(i) => Some(hint + i),
            None => self.question_index(id),
        }
    }

    /// The length of the longest factor id (at least 6), for tables with a column of ids.
    pub fn factor_id_width(&self) -> usize {
        self.factors
            .iter()
            .map(|f| f.id.len())
            .max()
            .unwrap_or(0)
            .max(6)
    }

    /// Whether factor `i`, when present, adds the report's follow-up sentence.
    pub fn is_follow_up(&self, i: usize) -> bool {
        self.follow_up
            .as_ref()
            .is_some_and(|f| f.factors.contains(&i))
            || self.tiers[self.factors[i].tier].follow_up
    }

    pub fn factor_index(&self, id: &str) -> Option<usize> {
        self.factors.iter().position(|f| f.id == id)
    }

    /// Question ids in file order, for suggestions and templates.
    pub fn question_ids(&self) -> impl Iterator<Item = &str> {
        self.questions.iter().map(|q| q.id.as_str())
    }

    /// The ids of the questions a factor reads, in order of first use.
    pub fn read_ids(&self, factor: &Factor) -> Vec<&str> {
        factor
            .reads
            .iter()
            .map(|&q| self.questions[q].id.as_str())
            .collect()
    }
}

// ---- the file as written ----------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a rule set object")]
struct RawRuleSet {
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
    source_factors: Vec<String>,
    when: Value,
}

fn find_control_characters(value: &Value, place: &str, problems: &mut Vec<RuleProblem>) {
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

fn sha256_hex(bytes: &[u8]) -> String {
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
            problems.push(problem(
                place,
                RuleProblemKind::UnknownReference {
                    what,
                    id: id.to_string(),
                    suggestion: suggest::did_you_mean(id, index.keys().map(String::as_str))
                        .map(str::to_string),
                    known: {
                        let mut known = sorted_keys(index);
                        if known.len() > KNOWN_IDS {
                            known.truncate(KNOWN_IDS);
                            known.push("…".into());
                        }
                        known
                    },
                },
            ));
            0
        }
    }
}

fn sorted_keys(index: &HashMap<String, usize>) -> Vec<String> {
    let mut keys: Vec<(&usize, &String)> = index.iter().map(|(k, v)| (v, k)).collect();
    keys.sort();
    keys.into_iter().map(|(_, k)| k.clone()).collect()
}

fn problem(place: impl Into<String>, kind: RuleProblemKind) -> RuleProblem {
    RuleProblem {
        place: place.into(),
        kind,
    }
}

impl RawRuleSet {
    fn validate(self, problems: &mut Vec<RuleProblem>) -> RuleSet {
        for (field, value) in [("id", &self.id), ("version", &self.version)] {
            if value.trim().is_empty() {
                problems.push(problem(field, RuleProblemKind::Empty));
            }
        }
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
                    source_factors: f.source_factors,
                }
            })
            .collect();
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
            question_index,
        }
    }
}

/// Answer-record keys that no question may take.
const RESERVED_KEYS: [&str; 1] = ["id"];

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
        Question {
            index: i,
            id: self.id,
            section,
            label: self.label,
            text: self.text,
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
        let mut seen_names: HashSet<String> = HashSet::new();
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
                for name in &names {
                    if name.is_empty() || !name.chars().all(char::is_alphabetic) {
                        problems.push(problem(
                            format!("{uplace}.names"),
                            RuleProblemKind::UnitNameNotLetters { name: name.clone() },
                        ));
                    } else if !seen_names.insert(name.clone()) {
                        problems.push(problem(
                            format!("{uplace}.names"),
                            RuleProblemKind::UnitNameTwice { name: name.clone() },
                        ));
                    }
                }
                Unit {
                    symbol: raw.symbol.clone(),
                    names,
                    size: raw.factor / per,
                    note: raw.note.clone(),
                    ucum: raw.ucum.clone(),
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
                        suggestion: suggest::did_you_mean(
                            p,
                            units.iter().map(|u| u.symbol.as_str()),
                        )
                        .map(str::to_string),
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
            units,
            plus_unit,
            examples: self.examples.clone(),
            ucum: self.ucum.clone(),
            cutoffs: Vec::new(),
        }
    }
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
                    suggestion: suggest::did_you_mean(key, known.clone()).map(str::to_string),
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
                suggestion: suggest::did_you_mean(
                    question,
                    ctx.questions.iter().map(|q| q.id.as_str()),
                )
                .map(str::to_string),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn default_json() -> Value {
        serde_json::from_str(DEFAULT_RULES).unwrap()
    }

    /// Loads the default rules after `edit`, returning the problems.
    fn problems_after(edit: impl FnOnce(&mut Value)) -> Vec<String> {
        let mut v = default_json();
        edit(&mut v);
        match RuleSet::from_json(&v.to_string(), "test.json") {
            Ok(_) => Vec::new(),
            Err(e) => e
                .problems
                .iter()
                .map(|p| crate::words::get().rule_problem(p))
                .collect(),
        }
    }

    fn assert_problem(edit: impl FnOnce(&mut Value), expected: &str) {
        let problems = problems_after(edit);
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "expected a problem containing {expected:?}, got {problems:#?}"
        );
    }

    #[test]
    fn embedded_rules_load_with_the_documented_ids() {
        let rules = RuleSet::default_rules();
        assert_eq!(rules.tag(), "cerebral-palsy@1.1.0");
        assert_eq!(rules.questions.len(), 16);
        assert_eq!(rules.factors.len(), 14);
        for id in [
            "maternal_infection",
            "harmful_exposure",
            "fetal_hypoxia",
            "maternal_nutrition_disorder",
            "family_cerebral_palsy",
            "family_epilepsy",
            "family_intellectual_disability",
            "chromosomal_abnormality",
            "gestational_age_weeks",
            "birth_weight_grams",
            "threatened_miscarriage",
            "fetal_malformation",
            "birth_asphyxia",
            "amnion_abnormality",
            "abnormal_fetal_position",
            "short_umbilical_cord",
        ] {
            assert!(rules.question_index(id).is_some(), "missing question {id}");
        }
        for id in [
            "family_history",
            "preterm_under_32_weeks",
            "birth_weight_under_2000_g",
            "amnion_abnormality",
        ] {
            assert!(rules.factor_index(id).is_some(), "missing factor {id}");
        }
    }

    #[test]
    fn question_lookup_with_a_hint_finds_any_question() {
        let rules = RuleSet::default_rules();
        for hint in 0..=rules.questions.len() + 1 {
            for (i, q) in rules.questions.iter().enumerate() {
                assert_eq!(rules.question_index_from(&q.id, hint), Some(i));
            }
            assert_eq!(rules.question_index_from("nope", hint), None);
        }
    }

    #[test]
    fn the_hash_names_the_exact_bytes_of_the_rule_file() {
        let a = RuleSet::default_rules();
        assert_eq!(a.sha256.len(), 64);
        assert_eq!(a.short_hash(), format!("sha256:{}", &a.sha256[..16]));
        // The same rules with other whitespace are other bytes, so another hash.
        let b = RuleSet::from_json(&format!("{DEFAULT_RULES}\n"), "b").unwrap();
        assert_ne!(a.sha256, b.sha256);
        // The SHA-256 of "abc", a published test vector.
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn unknown_question_in_condition_names_its_place_and_suggests() {
        assert_problem(
            |v| v["factors"][5]["when"]["any"][1]["question"] = "famly_epilepsy".into(),
            "factors[5].when.any[1].question: unknown question \"famly_epilepsy\" (did you mean \"family_epilepsy\"?)",
        );
    }

    #[test]
    fn unknown_top_level_key_is_refused_with_its_path() {
        assert_problem(
            |v| v["factors"][0]["colour"] = "red".into(),
            "factors[0].colour: unknown field `colour`, expected one of `id`",
        );
    }

    #[test]
    fn unknown_key_in_condition_is_refused() {
        assert_problem(
            |v| v["factors"][0]["when"]["equal"] = "yes".into(),
            "factors[0].when: unknown key \"equal\" (did you mean \"equals\"?)",
        );
    }

    #[test]
    fn duplicate_ids_are_refused() {
        assert_problem(
            |v| v["factors"][1]["id"] = "maternal_infection".into(),
            "factors[1].id: duplicate id \"maternal_infection\" (first used by factors[0])",
        );
        assert_problem(
            |v| v["questions"][1]["id"] = "maternal_infection".into(),
            "questions[1].id: duplicate id",
        );
    }

    #[test]
    fn numeric_comparison_on_yes_no_question_is_refused() {
        assert_problem(
            |v| {
                v["factors"][0]["when"] =
                    serde_json::json!({"question": "maternal_infection", "less_than": 3})
            },
            "factors[0].when.less_than: \"maternal_infection\" is a yes/no question",
        );
    }

    #[test]
    fn range_with_min_above_max_is_refused() {
        assert_problem(
            |v| v["questions"][9]["min"] = 50.into(),
            "questions[9]: the range is empty: min 50 is greater than max 45",
        );
    }

    #[test]
    fn empty_any_and_all_are_refused() {
        assert_problem(
            |v| v["factors"][4]["when"] = serde_json::json!({"any": []}),
            "factors[4].when.any: an empty \"any\" is not allowed",
        );
        assert_problem(
            |v| v["factors"][4]["when"] = serde_json::json!({"not": {"all": []}}),
            "factors[4].when.not.all: an empty \"all\"",
        );
    }

    #[test]
    fn two_comparisons_in_one_node_are_refused() {
        assert_problem(
            |v| {
                v["factors"][7]["when"] = serde_json::json!(
                    {"question": "gestational_age_weeks", "less_than": 32, "at_least": 20})
            },
            "one comparison per condition",
        );
    }

    #[test]
    fn threshold_must_be_a_number_for_number_questions() {
        assert_problem(
            |v| v["factors"][7]["when"]["less_than"] = "32".into(),
            "factors[7].when.less_than: expected a number",
        );
    }

    #[test]
    fn unknown_section_and_tier_are_refused() {
        assert_problem(
            |v| v["factors"][0]["tier"] = "most_importnt".into(),
            "factors[0].tier: unknown tier \"most_importnt\" (did you mean \"most_important\"?)",
        );
        assert_problem(
            |v| v["questions"][0]["section"] = "labour".into(),
            "questions[0].section: unknown section \"labour\"",
        );
    }

    #[test]
    fn deep_condition_trees_are_refused() {
        let mut cond = serde_json::json!({"question": "birth_asphyxia", "equals": "yes"});
        for _ in 0..40 {
            cond = serde_json::json!({ "not": cond });
        }
        assert_problem(
            |v| v["factors"][0]["when"] = cond,
            "conditions nest deeper than 32 levels",
        );
    }

    #[test]
    fn several_problems_are_reported_together() {
        let problems = problems_after(|v| {
            v["factors"][0]["tier"] = "nope".into();
            v["factors"][1]["section"] = "nope".into();
        });
        assert_eq!(problems.len(), 2, "{problems:#?}");
    }

    #[test]
    fn empty_and_non_json_files_are_refused() {
        let err = RuleSet::from_json("  \n", "empty.json").unwrap_err();
        assert!(err.to_string().contains("empty.json: the file is empty"));
        let err = RuleSet::from_json("{\"id\": 3}", "bad.json").unwrap_err();
        assert!(
            err.to_string()
                .contains("id: invalid type: integer `3`, expected a string")
        );
    }

    #[test]
    fn ids_with_control_or_odd_characters_are_refused() {
        assert_problem(
            |v| v["factors"][0]["id"] = "bad\u{1b}[2Jid".into(),
            "factors[0].id: \"bad\\u{1b}[2Jid\" may only contain ASCII letters, digits",
        );
        assert_problem(
            |v| v["questions"][0]["id"] = "has space".into(),
            "may only contain",
        );
    }

    #[test]
    fn control_characters_in_rule_text_are_refused_with_their_place() {
        assert_problem(
            |v| v["questions"][2]["help"] = "look \u{1b}[8mhidden".into(),
            "questions[2].help: contains the control character U+001B",
        );
        assert_problem(
            |v| v["factors"][1]["name"] = "right\u{202e}left".into(),
            "factors[1].name: contains the control character U+202E",
        );
    }

    #[test]
    fn reserved_question_id_is_refused() {
        assert_problem(
            |v| v["questions"][0]["id"] = "id".into(),
            "questions[0].id: \"id\" is reserved",
        );
    }

    #[test]
    fn plus_unit_must_be_a_unit() {
        assert_problem(
            |v| v["questions"][9]["plus_unit"] = "days".into(),
            "questions[9].plus_unit: \"days\" is not the symbol of one of its units",
        );
    }
}
