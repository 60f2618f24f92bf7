//! The rule file: its JSON format, strict loading, and the validated `RuleSet` that the
//! rest of the program reads. Nothing about any particular condition is known here; every
//! question, unit, threshold and wording comes from the file.

use serde::Deserialize;
use serde_json::Value;

use crate::problem::{JsonKind, RuleProblem, RuleProblemKind};

pub mod demos;
mod keys;
pub(crate) use keys::short_word;
mod parse;

pub use parse::number_comparisons;
use parse::{RawRuleSet, find_control_characters, problem, sha256_hex};
#[cfg(test)]
pub(crate) mod tests;
pub mod translate;

/// The default rule set, embedded so the tool works from any folder.
pub const DEFAULT_RULES: &str = include_str!("../../rules/cerebral-palsy.json");

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
        demos: include_str!("../../examples/demos.json"),
    },
    Embedded {
        name: "cerebral-palsy-evidence",
        aliases: &["evidence"],
        file: "rules/cerebral-palsy-evidence.json",
        text: include_str!("../../rules/cerebral-palsy-evidence.json"),
        demos: include_str!("../../examples/demos-evidence.json"),
    },
];

impl Embedded {
    /// The embedded set called `name` (its id or an alias).
    pub fn find(name: &str) -> Option<Embedded> {
        EMBEDDED
            .into_iter()
            .find(|e| e.name == name || e.aliases.contains(&name))
    }

    /// The rule set, its texts in the file's own language.
    pub fn load(&self) -> RuleSet {
        self.load_in(None)
    }

    /// The embedded set that is exactly this rule set: the same id, version and SHA-256
    /// (as a saved answer record names it).
    pub fn with_stamp(id: &str, version: &str, sha256: &str) -> Option<Embedded> {
        static STAMPS: std::sync::OnceLock<Vec<(String, String, String)>> =
            std::sync::OnceLock::new();
        let stamps = STAMPS.get_or_init(|| {
            EMBEDDED
                .iter()
                .map(|e| {
                    let rules = e.load();
                    (rules.id, rules.version, rules.sha256)
                })
                .collect()
        });
        stamps
            .iter()
            .position(|(i, v, h)| i == id && v == version && h == sha256)
            .map(|at| EMBEDDED[at])
    }

    /// The rule set, its texts in `lang` (a BCP 47 tag) when the file has them.
    pub fn load_in(&self, lang: Option<&str>) -> RuleSet {
        RuleSet::from_json_in(self.text, &format!("<embedded {}>", self.file), lang)
            .expect("the embedded rule sets are validated by the test suite")
    }
}
/// How the embedded rule set is named in messages.
pub const DEFAULT_RULES_NAME: &str = "<embedded cerebral-palsy.json>";

/// The results table's own columns (`--format csv`, beside one per factor and one per number
/// question): no factor may take one of these ids.
pub const TABLE_COLUMNS: [&str; 13] = [
    "record",
    "id",
    "file",
    "line",
    "status",
    "follow_up",
    "errors",
    "error_field",
    "error_code",
    "error_message",
    "rule_set",
    "rule_set_version",
    "rules_hash",
];

/// At most this many problems of one rule file are shown (and described in full); the
/// rest are counted.
pub const SHOWN_PROBLEMS: usize = 20;

/// Rule files larger than this are refused before parsing (a rule file is a few KiB).
pub const MAX_RULE_FILE_BYTES: usize = 1024 * 1024;
/// Deepest all/any/not nesting accepted in a condition.
pub const MAX_CONDITION_DEPTH: usize = 32;

/// A validated rule set: every reference resolved to an index.
#[derive(Debug, Clone)]
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
    /// The questions by id.
    keys: keys::KeyTable,
    /// `is_follow_up` of every factor, worked out once (it is asked for every record).
    follows_up: Vec<bool>,
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
    /// `--fhir-base`: the base every canonical URL of the run is made under, in place of
    /// the rule file's URLs and [`FHIR_BASE`].
    #[serde(skip)]
    pub base: Option<String>,
}

/// A code as FHIR writes it (a question's `fhir_code`).
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, expecting = "a coding object")]
pub struct FhirCoding {
    pub system: String,
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
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
    /// Makes every canonical URL of the rule set (Questionnaire, code systems) one under
    /// `base` (`--fhir-base`), whatever the rule file names.
    pub fn set_fhir_base(&mut self, base: &str) {
        let base = base.trim_end_matches('/');
        self.fhir.questionnaire = Some(format!("{base}/Questionnaire/{}", self.id));
        self.fhir.code_system = Some(format!("{base}/CodeSystem/{}", self.id));
        self.fhir.base = Some(base.to_string());
    }

    /// The base of the canonical URLs cp-screen makes (errors code system, value sets).
    pub fn fhir_base(&self) -> &str {
        self.fhir.base.as_deref().unwrap_or(FHIR_BASE)
    }

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
#[derive(Debug, Clone)]
pub struct FollowUp {
    /// Factor indexes.
    pub factors: Vec<usize>,
    pub why: String,
    pub citation: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a source object")]
pub struct Source {
    pub title: String,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a section object")]
pub struct Section {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub intro: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
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
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a report object")]
pub struct ReportText {
    pub not_a_diagnosis: String,
    pub none_does_not_rule_out: String,
    pub see_clinician: String,
    pub follow_up: String,
    /// The signs that should send a parent to a doctor soon whatever the list shows
    /// (shown in every report and format, first when nothing is found).
    #[serde(default)]
    pub warning_signs: Option<String>,
    /// Where the warning signs come from (a guideline, with its statement).
    #[serde(default)]
    pub warning_signs_source: Option<String>,
}

#[derive(Debug, Clone)]
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
    /// The question's code in another code system (a LOINC question code), the exported
    /// Questionnaire item's `code`, when one means exactly this question.
    pub fhir_code: Option<FhirCoding>,
    pub help: Option<String>,
    pub kind: QuestionKind,
    /// When the question is asked: only if this holds for the answers before it.
    pub ask_when: Option<Condition>,
    /// The questions `ask_when` reads, in order of first use, each once.
    pub ask_reads: Vec<usize>,
}

// A rule set holds a few dozen questions, made once: a number's spec is kept inline.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
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
    /// Whether a unit with a note (`Unit::note`) has a name in ASCII: when none has, an
    /// ASCII answer uses no such unit (`notation::units_used`, for every number answer).
    /// Set from `units` when the rule file is read.
    pub(crate) noted_ascii: bool,
    /// Each name of a unit in lower-case ASCII letters that no other unit of the question
    /// has, with its unit's size: what `notation::decimal_with_unit` reads at once. Set
    /// from `units` when the rule file is read.
    pub(crate) plain_units: Vec<(Box<[u8]>, f64)>,
    /// Index into `units` of the unit of the part after `+` in `31+4`.
    pub plus_unit: Option<usize>,
    pub examples: Vec<String>,
    /// The UCUM code of the base unit (`wk`, `g`), for FHIR.
    pub ucum: Option<String>,
    /// Every threshold a factor or `ask_when` compares this question with: a value is
    /// never shown rounded across one of them.
    pub cutoffs: Vec<f64>,
    /// The region of the run (`TW`), which says which unit a name shared by several
    /// regions' units (a bare 斤) means; `None` when it cannot be told. Set at the edge
    /// ([`RuleSet::set_region`]), never by the file.
    pub region: Option<String>,
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
    /// The regions (upper case, `TW`) whose unit this is; empty for a unit of every
    /// region. A name shared with another region's unit means this unit in these regions.
    pub regions: Vec<String>,
}

#[derive(Debug, Clone)]
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
    /// How common the factor is among children who do not have the condition, with the
    /// study it comes from: shown beside a present factor, so that "present" is read
    /// against how often the same answer is "yes" anyway.
    pub how_common: Option<Evidence>,
    /// Factors of the source page's rule set (`cerebral-palsy`) that this factor stands
    /// for, in a set built from other sources: for `rules compare`.
    pub source_factors: Vec<String>,
    pub when: Condition,
    /// The questions `when` reads, in order of first use, each once.
    pub reads: Vec<usize>,
    /// The factors this one includes: whenever it is present they are too, and not the
    /// other way round (born before 32 weeks includes born before 37 weeks). Derived from
    /// the conditions when the file is loaded: a report for people lists the most specific
    /// factor once, saying what it includes.
    pub includes: Vec<usize>,
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

impl Condition {
    /// Appends the questions this condition reads, in order (once per comparison).
    pub fn questions(&self, out: &mut Vec<usize>) {
        match self {
            Condition::Compare { question, .. } => out.push(*question),
            Condition::All(parts) | Condition::Any(parts) => {
                parts.iter().for_each(|p| p.questions(out));
            }
            Condition::Not(inner) => inner.questions(out),
        }
    }

    /// Whether this condition being true makes `other` true, as far as a single
    /// comparison of the same number question with the same direction can tell: "under
    /// 32" implies "under 37", "at least 4" implies "over 3". Anything else (groups, yes/no
    /// answers, opposite directions) is not taken to imply.
    pub fn implies(&self, other: &Condition) -> bool {
        let (
            Condition::Compare {
                question: qa,
                op: a,
                value: Target::Number(x),
            },
            Condition::Compare {
                question: qb,
                op: b,
                value: Target::Number(y),
            },
        ) = (self, other)
        else {
            return false;
        };
        if qa != qb {
            return false;
        }
        use Op::*;
        match (a, b) {
            // value < x (or <= x) makes value < y (or <= y).
            (LessThan, LessThan) | (AtMost, AtMost) | (LessThan, AtMost) => x <= y,
            (AtMost, LessThan) => x < y,
            // value > x (or >= x) makes value > y (or >= y).
            (GreaterThan, GreaterThan) | (AtLeast, AtLeast) | (GreaterThan, AtLeast) => x >= y,
            (AtLeast, GreaterThan) => x > y,
            _ => false,
        }
    }
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
#[derive(Debug, Clone)]
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

/// An unknown reference lists at most this many known ids.
const KNOWN_IDS: usize = 12;

impl RuleSet {
    /// Says which region's unit a name shared by several regions' units (a bare 斤) means
    /// in this run's answers: `region` (upper case, `TW`), or none, in which case such a
    /// name is refused and grams or an explicit unit are asked for.
    pub fn set_region(&mut self, region: Option<&str>) {
        for q in &mut self.questions {
            if let QuestionKind::Number(spec) = &mut q.kind {
                spec.region = region.map(str::to_ascii_uppercase);
            }
        }
    }

    /// The embedded default rule set, its texts in the file's own language.
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

    /// Parses and validates a rule file, its texts in the file's own language; `file`
    /// names it in errors.
    pub fn from_json(text: &str, file: &str) -> Result<RuleSet, RulesError> {
        RuleSet::from_json_in(text, file, None)
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

    /// The SHA-256 of the rule file's bytes, in hex.
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    /// `"sha256:"` and the first 16 hex digits of the rule file's SHA-256: short enough for
    /// every result, long enough to tell rule files apart.
    pub fn short_hash(&self) -> String {
        format!("sha256:{}", &self.sha256[..16.min(self.sha256.len())])
    }

    /// The index of the question whose id is `id` (`keys`: every key of every record is
    /// looked up here).
    pub fn question_index(&self, id: &str) -> Option<usize> {
        self.keys.get(id)
    }

    /// `question_index(key) == Some(index)`, found by comparing with one id.
    pub(crate) fn is_question(&self, index: usize, key: &str) -> bool {
        self.keys.is(index, key)
    }

    /// The question whose id is the key starting at `record[i]`, just after its opening
    /// quote, and the id's length, when it is known from the key's first bytes (see
    /// `keys::KeyTable::at`); `None` leaves the key to be cut out and looked up.
    pub(crate) fn question_at(&self, record: &[u8], i: usize) -> Option<(usize, usize)> {
        self.keys.at(record, i)
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
        self.follows_up[i]
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
