//! English.

use super::{Clause, FactorCounts, Noun, Phrase, Shortcut, Words};
use crate::answers::{Answer, RecordId};
use crate::engine::{Status, Truth};
use crate::notation::{format_plain, format_value};
use crate::problem::{
    ArrayBreak, Found, HeaderProblem, InputProblem, JsonKind, NotationError, NotationProblem,
    RangeProblem, RecordPlace, RecordProblem, RefKind, RuleProblem, RuleProblemKind, Usage,
};
use crate::rules::{NumberSpec, Op, QuestionKind, RuleSet};
use crate::sanitize::{escape_control, short};
fn quote(s: &str) -> String {
    quote_up_to(s, 40)
}
pub(super) fn quote_up_to_exact(s: &str, max_chars: usize) -> String {
    quote_up_to(s, max_chars)
}
fn quote_up_to(s: &str, max_chars: usize) -> String {
    let escaped = escape_control(s);
    let mut chars = escaped.chars();
    let head: String = chars.by_ref().take(max_chars).collect();
    let rest = chars.count();
    if rest == 0 {
        format!("\"{head}\"")
    } else {
        format!("\"{head}…\" ({} more characters)", rest)
    }
}

pub struct English;

const YES_NO_EXPECTED: &str = "expected \"yes\" or \"no\" (also Y / N, 1 / 0, true / false) or \"unknown\" (also null, empty, NA, N/A, \".\", Don't know)";

fn kind(k: JsonKind) -> &'static str {
    match k {
        JsonKind::Null => "null",
        JsonKind::Boolean => "a boolean",
        JsonKind::Number => "a number",
        JsonKind::String => "a string",
        JsonKind::Array => "an array",
        JsonKind::Object => "an object",
    }
}

fn hint(suggestion: &Option<String>) -> String {
    match suggestion {
        Some(s) => format!(" (did you mean \"{s}\"?)"),
        None => String::new(),
    }
}

fn quote_list(items: &[String]) -> String {
    items
        .iter()
        .map(|k| format!("\"{k}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

fn truth(t: Truth) -> &'static str {
    match t {
        Truth::True => "true",
        Truth::False => "false",
        Truth::Unknown => "unknown",
    }
}

fn range_problem(p: RangeProblem, spec: &NumberSpec) -> String {
    match p {
        RangeProblem::NotFinite => "not a finite number".into(),
        RangeProblem::Negative => "negative; values are never negative".into(),
        RangeProblem::OutOfRange => {
            format!("outside the plausible range {}", English.range(spec))
        }
    }
}

fn expected_number(spec: &NumberSpec, found: &str) -> String {
    format!(
        "expected a number of {} ({}) or \"unknown\", found {found}",
        spec.unit,
        English.forms(spec)
    )
}

fn notation_problem(spec: &NumberSpec, p: &NotationProblem) -> String {
    use NotationProblem::*;
    let forms = || English.forms(spec);
    let plus_name = || {
        spec.plus_unit
            .map(|i| &spec.units[i])
            .map(|u| u.names.last().unwrap_or(&u.symbol).clone())
            .unwrap_or_default()
    };
    match p {
        Negative => format!("negative values are not accepted; expected {}", forms()),
        DecimalComma => "write decimals with a dot and no thousands separator (1850, 31.5)".into(),
        PlusNotUsed => format!(
            "the \"+\" form is not used for this question; expected {}",
            forms()
        ),
        OneBeforePlus => format!("expected one number before \"+\", as in {}", forms()),
        OneAfterPlus => format!("expected one number after \"+\", as in {}", forms()),
        PlusWithUnits => format!("write the \"+\" form without units, as in {}", forms()),
        PlusWrongUnit { unit } => format!(
            "after \"+\" comes a number of {}, not {}",
            plus_name(),
            quote(unit)
        ),
        PlusTooLarge { amount, bound } => format!(
            "{} {} is a whole {} or more; the part after \"+\" must be under {}",
            short(amount),
            plus_name(),
            English.unit_one(spec),
            format_plain(*bound, 3)
        ),
        NoNumber => format!("expected a number, {}", forms()),
        FractionBeforeSmaller { amount, readings } => {
            let readings: Vec<String> = readings
                .iter()
                .map(|r| crate::notation::with_unit(*r, spec))
                .collect();
            let readings = match readings.as_slice() {
                [rest @ .., last] if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
                _ => readings.concat(),
            };
            format!(
                "{} is a fraction followed by a smaller unit, which could mean {}; write a whole number before the smaller unit, as in {}",
                short(amount),
                readings,
                forms()
            )
        }
        PartWithoutUnit { amount } => format!(
            "{} has no unit; give a unit to every number, as in {}",
            quote(amount),
            forms()
        ),
        UnitOrder { unit, previous } => {
            format!("\"{unit}\" after \"{previous}\": write the larger unit first, each unit once")
        }
        PartTooLarge {
            amount,
            unit,
            previous,
            bound,
        } => format!(
            "{} {unit} is a whole {previous} or more; it must be under {}",
            short(amount),
            format_plain(*bound, 3)
        ),
        UnknownUnit { name, suggestion } => {
            if spec.units.is_empty() {
                format!(
                    "unknown unit {}; this question takes a plain number of {}",
                    quote(name),
                    spec.unit
                )
            } else {
                let symbols: Vec<&str> = spec.units.iter().map(|u| u.symbol.as_str()).collect();
                format!(
                    "unknown unit {}{}; expected one of {}",
                    quote(name),
                    hint(suggestion),
                    symbols.join(", ")
                )
            }
        }
        ExpectedNumberAt { rest } => format!("expected a number at {}", quote(rest)),
        Unexpected { found } => format!("unexpected {}", quote(found.encode_utf8(&mut [0; 4]))),
        NotANumber { text } => format!("{} is not a number", quote(text)),
        TooLarge => "the number is too large".into(),
        TooManyParts { limit } => format!("too many numbers; write at most {limit} parts"),
    }
}

impl Words for English {
    fn phrase(&self, p: Phrase) -> &'static str {
        use Phrase::*;
        match p {
            NothingFound => "No risk factor of this checklist was found in the answers.",
            Because => "because ",
            Source => "source: ",
            NotAssessedList => "Not assessed (answer unknown or missing): ",
            AbsentList => "Checked and not found: ",
            HowDecided => "How each factor was decided",
            CorrectAndRescreen => "Correct the record and screen it again.",
            SummaryNote => "Counts of records, not of children at risk: no factor is a diagnosis.",
            SummaryFactor => "factor",
            SummaryPresent => "present",
            SummaryNotAssessed => "not assessed",
            SummaryNotApplicable => "not applicable",
            NotApplicableList => "Not applicable (question not asked for this child): ",
            SummaryAbsent => "absent",
            YourResult => "Your screening result",
            AlwaysDontKnow => {
                "\"Don't know\" is always a good answer. You can go back at any question and review every answer before the result."
            }
            YourAnswer => "Your answer",
            Yes => "Yes",
            No => "No",
            DontKnow => "Don't know",
            Help => "Help: what does this mean?",
            Back => "Back to the previous question",
            ReviewHeading => "── Review your answers ──",
            Confirm => "Confirm and show the result",
            ReviewPrompt => "Confirm, or choose an answer to change",
            Interrupted => "cp-screen: interrupted; nothing was saved",
            FactorsFooter => {
                "`cp-screen factors ID` shows one factor in full: what it means, how the source was read, the evidence and the codes."
            }
            TableFactor => "FACTOR",
            TableTier => "TIER",
            TablePresentWhen => "PRESENT WHEN",
            TableSourceWords => "SOURCE'S WORDS",
            WhatItMeans => "What it means",
            QuestionAsked => "Question asked",
            PresentWhen => "Present when",
            SourceWords => "The source's words",
            ReadingUsed => "Reading used",
            OtherReading => "Other possible reading",
            Literature => "What the wider literature says",
            Guidance => "Guidance for every factor",
            PageSubtitle => "Screening checklist of documented risk factors: not a diagnosis",
            FactorsPresent => "Risk factors present",
            AnswersGiven => "Answers given",
            NoRecords => "No records were read.",
            FollowUpCard => "When present, the report adds the rule set's follow-up sentence.",
            ChartTitle => "How often each factor was present, absent and not assessed",
            Codes => "Codes",
            YesNoAnswers => "Answers: yes, no, or unknown.",
            UnknownNotAbsent => {
                "An unknown or missing answer makes the factor not assessed, never absent."
            }
            NoStudy => "The rule set cites no further study for this factor.",
            FollowUpNote => {
                " (when present, the report suggests asking about developmental follow-up)"
            }
            WorkedExamples => "Worked examples",
            DemoFooter => {
                "`cp-screen demo NAME` screens one and explains every factor; `--record` prints its answer record."
            }
            WhatItReports => "What cp-screen reports",
            TeachingNote => "Teaching note",
        }
    }

    fn count(&self, n: u64, noun: Noun) -> String {
        let word = match noun {
            Noun::Record => "record",
            Noun::Error => "error",
            Noun::Problem => "problem",
            Noun::Cell => "cell",
            Noun::Column => "column",
            Noun::Section => "section",
            Noun::Question => "question",
            Noun::Factor => "factor",
        };
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    }

    fn list(&self, items: &[String]) -> String {
        match items {
            [] => String::new(),
            [one] => one.clone(),
            [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        }
    }

    fn quote(&self, text: &str) -> String {
        quote(text)
    }

    fn answer_word(&self, answer: &Answer) -> &'static str {
        match answer {
            Answer::Unanswered => "unanswered",
            Answer::Unknown => "unknown",
            Answer::Yes => "yes",
            Answer::No => "no",
            Answer::Number { .. } => "a number",
        }
    }

    fn op(&self, op: Op, negated: bool) -> &'static str {
        match (op, negated) {
            (Op::Equals, false) => "is",
            (Op::LessThan, false) => "under",
            (Op::AtMost, false) => "at most",
            (Op::GreaterThan, false) => "over",
            (Op::AtLeast, false) => "at least",
            (Op::Equals, true) => "is not",
            (Op::LessThan, true) => "not under",
            (Op::AtMost, true) => "over",
            (Op::GreaterThan, true) => "not over",
            (Op::AtLeast, true) => "under",
        }
    }

    fn yes_no_target(&self, want: bool, negated: bool) -> String {
        let word = if want { "yes" } else { "no" };
        if negated {
            format!("not {word}")
        } else {
            word.to_string()
        }
    }

    fn unit_one(&self, spec: &NumberSpec) -> String {
        // The unit's English singular is the name whose plural ("-s") is also a name.
        spec.units
            .iter()
            .filter(|u| u.size == 1.0)
            .flat_map(|u| u.names.iter())
            .find(|n| {
                n.len() > 2
                    && spec
                        .units
                        .iter()
                        .any(|u| u.names.contains(&format!("{n}s")))
            })
            .cloned()
            .unwrap_or_else(|| spec.unit.clone())
    }

    fn written_and_understood(&self, out: &mut String, written: &str, understood: &str) {
        for part in [written, " (", understood, ")"] {
            out.push_str(part);
        }
    }

    fn because_clause(&self, number: bool) -> &'static [Clause] {
        use Clause::*;
        if number {
            &[Label, Text(" "), Answer, Text(": "), Target]
        } else {
            &[Label, Text(": "), Answer]
        }
    }

    fn clause_separator(&self) -> &'static str {
        "; "
    }

    fn describe_compare(&self, label: &str, number: bool, equals: bool, target: &str) -> String {
        match (number, equals) {
            (false, _) => format!("{label}: {target}"),
            (true, true) => format!("{label} of {target}"),
            (true, false) => format!("{label} {target}"),
        }
    }

    fn describe_group(&self, all: bool, parts: &[String]) -> String {
        let head = if all { "all of" } else { "any of" };
        format!("{head}: {}", parts.join("; "))
    }

    fn describe_not(&self, inner: &str) -> String {
        format!("not ({inner})")
    }

    fn explain_compare(&self, question: &str, answer: &str, test: &str, t: Truth) -> String {
        let verdict = match t {
            Truth::True => test.to_string(),
            Truth::False => format!("not {test}"),
            Truth::Unknown => format!("cannot tell if {test}"),
        };
        format!("{question} = {answer}: {verdict}")
    }

    fn explain_group(&self, all: bool, t: Truth) -> String {
        let (name, rule) = if all {
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
        format!("{name} ({rule}): {}", truth(t))
    }

    fn explain_not(&self, t: Truth) -> String {
        format!("not: {}", truth(t))
    }

    fn explain_factor(&self, factor: &str, status: Status) -> String {
        let s = match status {
            Status::Present => "present",
            Status::Absent => "absent",
            Status::NotAssessed => "not assessed",
            Status::NotApplicable => "not applicable (its question was not asked)",
        };
        format!("{factor}: {s}")
    }

    fn record_heading(
        &self,
        record: u64,
        id: Option<&RecordId>,
        file: Option<&str>,
        line: Option<u64>,
    ) -> String {
        let mut heading = format!("Record {record}");
        match id {
            Some(RecordId::Text(t)) => {
                heading.push_str(&format!(" · id \"{}\"", escape_control(t)))
            }
            Some(RecordId::Number(n)) => heading.push_str(&format!(" · id {n}")),
            None => {}
        }
        let mut place = Vec::new();
        if let Some(file) = file {
            place.push(escape_control(file).into_owned());
        }
        if let Some(line) = line {
            place.push(format!("line {line}"));
        }
        if !place.is_empty() {
            heading.push_str(&format!(" · {}", place.join(", ")));
        }
        heading
    }

    fn factor_counts(&self, counts: FactorCounts) -> String {
        let FactorCounts {
            present,
            total,
            absent,
            not_assessed,
            not_applicable,
        } = counts;
        let mut line = format!(
            "{present} of {total} risk factors present, {absent} absent, {not_assessed} not assessed"
        );
        if not_applicable > 0 {
            line.push_str(&format!(", {not_applicable} not applicable"));
        }
        line
    }

    fn nothing_found_but(&self, not_assessed: usize, total: usize) -> String {
        format!(
            "No risk factor was found in the answers given, but {not_assessed} of the {total} factors could not be assessed because their answers are unknown or missing."
        )
    }

    fn tier_note(&self, tier: &str) -> String {
        format!("({tier})")
    }

    fn quoted_source(&self, words: &str) -> String {
        format!("\"{words}\"")
    }

    fn quoted_source_in(&self, words: &str, document: &str) -> String {
        format!("\"{words}\" ({document})")
    }

    fn rules_footer(&self, tag: &str, hash: &str) -> String {
        format!("Rules: {tag} ({hash})")
    }

    fn not_screened(&self, errors: usize) -> String {
        format!(
            "Not screened: the record has {}, so no factor was assessed",
            self.count(errors as u64, Noun::Error)
        )
    }

    fn summary_line(
        &self,
        read: u64,
        screened: u64,
        invalid: u64,
        tag: &str,
        hash: &str,
    ) -> String {
        format!(
            "Summary: {} read, {screened} screened, {invalid} invalid (rules {tag}, {hash})",
            self.count(read, Noun::Record)
        )
    }

    fn invalid_records(&self, invalid: u64, read: u64) -> String {
        let whose = if invalid == 1 { "its" } else { "their" };
        format!(
            "cp-screen: {invalid} of {} invalid and not screened; {whose} errors are in the output",
            self.count(read, Noun::Record)
        )
    }

    fn fhir_problem(&self, problem: &crate::problem::FhirProblem) -> String {
        use crate::problem::FhirProblem::*;
        const VALUES: &str =
            "valueBoolean, valueCoding, valueDecimal, valueInteger, valueString or valueQuantity";
        match problem {
            NotAResponse { found: Some(t) } if t == "Bundle" => "a Bundle inside a stream of resources; give a Bundle as a file of its own, or one QuestionnaireResponse per line (NDJSON)".into(),
            NotAResponse { found: Some(t) } => format!("a {} resource, not a QuestionnaireResponse", quote(t)),
            NotAResponse { found: None } => "no resourceType: expected a QuestionnaireResponse (\"resourceType\": \"QuestionnaireResponse\")".into(),
            OtherQuestionnaire {
                found,
                expected,
                embedded: Some(name),
            } => format!(
                "answers the questionnaire {}, not {}; it is the questionnaire of the embedded rule set {name}: screen it with --rule-set {name}",
                quote_up_to(found, 200),
                quote_up_to(expected, 200)
            ),
            OtherQuestionnaire {
                found,
                expected,
                embedded: None,
            } => format!(
                "answers the questionnaire {}, not {}; screen it with the rule set it answers (--rules), or collect answers with this rule set's questionnaire (cp-screen export questionnaire)",
                quote_up_to(found, 200),
                quote_up_to(expected, 200)
            ),
            EnteredInError => "the response's status is entered-in-error: it was recorded by mistake, so it is not screened".into(),
            Structure { path, what } if path.is_empty() || path == "." => {
                format!("the FHIR resource does not have the expected shape: {what}")
            }
            Structure { path, what } => {
                format!("the FHIR resource does not have the expected shape at {path}: {what}")
            }
            SeveralAnswers { count } => format!("{count} answers (or values) given; each question takes one"),
            NoValue => format!("an answer without a value; expected one of {VALUES}"),
            UnsupportedValue { key } => format!("{key} is not read; answer with {VALUES}"),
            UnknownCoding { system, code } => format!(
                "the code {}{} is not an answer cp-screen reads; expected LOINC LA33-6 (yes), LA32-8 (no) or LA4489-6 (unknown), HL7 v2-0136 Y or N, or a v3 NullFlavor (unknown)",
                quote(code),
                system.as_deref().map(|s| format!(" of {}", quote(s))).unwrap_or_default()
            ),
            UnknownUnit { unit, accepted } => format!(
                "the unit {} is not one this question takes; expected a UCUM code among {}, or a number without a unit",
                quote(unit),
                quote_list(accepted)
            ),
            Comparator { comparator } => format!(
                "a quantity with the comparator {} is not one value; give the value itself",
                quote(comparator)
            ),
        }
    }

    fn record_problem(&self, rules: &RuleSet, problem: &RecordProblem) -> String {
        use RecordProblem::*;
        let spec = |q: usize| match &rules.questions[q].kind {
            QuestionKind::Number(spec) => Some(spec),
            QuestionKind::YesNo => None,
        };
        match problem {
            GivenTwice { is_id: true } => "given twice".into(),
            GivenTwice { is_id: false } => "given twice; give each question once".into(),
            InvalidId { found } => format!("expected a string or a number, found {}", kind(*found)),
            UnknownField {
                rules: tag,
                suggestion,
            } => format!(
                "not a question of rule set {tag}{}; use --allow-extra-fields to ignore fields that are not questions",
                hint(suggestion)
            ),
            NotYesNo { text } => format!("{} is not an answer; {YES_NO_EXPECTED}", quote(text)),
            NumberForYesNo { shown } => format!("{YES_NO_EXPECTED}, found the number {shown}"),
            WrongTypeForYesNo { found } => format!("{YES_NO_EXPECTED}, found {}", kind(*found)),
            WrongTypeForNumber { question, found } => {
                let found = match found {
                    Found::Kind(k) => kind(*k).to_string(),
                    Found::Bool(b) => b.to_string(),
                };
                match spec(*question) {
                    Some(spec) => expected_number(spec, &found),
                    None => format!("{YES_NO_EXPECTED}, found {found}"),
                }
            }
            UnusableNumber { shown } => format!("{shown} is not a usable number"),
            Number { question, error } => match spec(*question) {
                Some(spec) => self.notation_error(spec, error),
                None => format!("{YES_NO_EXPECTED}, found a number"),
            },
            NotAnObject { found } => format!(
                "expected an answer record (a JSON object of question ids), found {}",
                kind(*found)
            ),
            InvalidJson {
                at,
                what,
                cut_short,
            } => {
                let hint = if *cut_short {
                    " (is the record cut short?)"
                } else {
                    ""
                };
                match at {
                    Some((line, column)) => {
                        format!("not valid JSON at line {line}, column {column}: {what}{hint}")
                    }
                    None => format!("not valid JSON: {what}{hint}"),
                }
            }
            TooLarge {
                place,
                bytes,
                limit,
            } => {
                let what = match place {
                    RecordPlace::Line(l) => format!("the record at line {l}"),
                    RecordPlace::CsvRow(r) => format!("row {r}"),
                    RecordPlace::ArrayElement(e) => {
                        format!("array element {e} (index {})", e - 1)
                    }
                };
                format!(
                    "{what} is {bytes} bytes long; a record may be at most {limit} bytes (1 MiB), so it was skipped"
                )
            }
            EmptyArrayElement {
                element,
                line,
                column,
            } => format!(
                "array element {element} (index {}) at line {line}, column {column} is empty (an extra comma?)",
                element - 1
            ),
            CsvCellCount {
                row,
                cells,
                columns,
            } => format!(
                "row {row} has {} but the header has {}",
                self.count(*cells as u64, Noun::Cell),
                self.count(*columns as u64, Noun::Column)
            ),
            CsvNotUtf8 { row, column, byte } => {
                format!("row {row}, column \"{column}\": the cell is not valid UTF-8 (byte {byte})")
            }
            NotAsked { question } => {
                let condition = rules.questions[*question]
                    .ask_when
                    .as_ref()
                    .map(|c| super::describe(rules, c))
                    .unwrap_or_default();
                format!(
                    "answered, but this question is asked only when {condition}, and this record's answers say otherwise; leave it out or answer \"unknown\""
                )
            }
            CsvUnclosedQuote { row } => format!(
                "row {row} has a quoted cell that is never closed; the rows after it are read on their own"
            ),
            InArray { element, inner } => format!(
                "array element {element} (index {}): {}",
                element - 1,
                self.record_problem(rules, inner)
            ),
            Fhir(problem) => self.fhir_problem(problem),
        }
    }

    fn notation_error(&self, spec: &NumberSpec, error: &NotationError) -> String {
        match error {
            NotationError::Syntax { text, problem } => {
                format!("{}: {}", quote(text), notation_problem(spec, problem))
            }
            NotationError::Range {
                text,
                plain: true,
                problem,
                ..
            } => {
                let mut said = format!("{text} {} is {}", spec.unit, range_problem(*problem, spec));
                if *problem == RangeProblem::OutOfRange
                    && let Ok(value) = text.parse::<f64>()
                {
                    let units = crate::notation::plausible_units(value, spec);
                    if !units.is_empty() {
                        let written: Vec<String> =
                            units.iter().map(|u| format!("{text} {u}")).collect();
                        said.push_str(&self.did_you_mean_unit(&written));
                    }
                }
                said
            }
            NotationError::Range {
                text,
                plain: false,
                value,
                problem,
            } => format!(
                "{} is {} {}, {}",
                quote(text),
                format_value(*value, spec),
                spec.unit,
                range_problem(*problem, spec)
            ),
        }
    }

    fn rule_problem(&self, problem: &RuleProblem) -> String {
        use RuleProblemKind::*;
        let place = &problem.place;
        let message = match &problem.kind {
            // A read that stops one byte past the limit (a pipe, `/dev/zero`) knows no more.
            FileTooLarge { bytes, limit } if *bytes == *limit as u64 + 1 => {
                format!("the file is over {limit} bytes; rule files are limited to {limit} bytes")
            }
            FileTooLarge { bytes, limit } => {
                format!("the file is {bytes} bytes; rule files are limited to {limit} bytes")
            }
            NotUtf8 { offset } => {
                format!("the file is not UTF-8 text (invalid byte at offset {offset})")
            }
            EmptyFile => {
                "the file is empty; expected a JSON object with id, version, questions and factors"
                    .into()
            }
            NotAnObject { found } => {
                format!(
                    "expected a rule set (a JSON object), found {}",
                    kind(*found)
                )
            }
            Structure { what } => what.clone(),
            ControlCharacter { code_point } => format!(
                "contains the control character U+{code_point:04X}; rule-file text may not contain control characters"
            ),
            Empty => "must not be empty".into(),
            IdCharacters { id } => format!(
                "{} may only contain ASCII letters, digits, \"_\" and \"-\"",
                quote(id)
            ),
            DuplicateId { id, first } => format!("duplicate id \"{id}\" (first used by {first})"),
            NoQuestions => "the rule set asks no question".into(),
            NoFactors => "the rule set has no factor".into(),
            UnknownReference {
                what,
                id,
                suggestion,
                known,
            } => {
                let what = match what {
                    RefKind::Section => "section",
                    RefKind::Tier => "tier",
                    RefKind::Factor => "factor",
                };
                format!(
                    "unknown {what} \"{id}\"{}; known: {}",
                    hint(suggestion),
                    known.join(", ")
                )
            }
            ReservedId { id } => format!("\"{id}\" is reserved for the record id"),
            OnlyNumberQuestions { field } => {
                format!("only number questions take \"{field}\" (this one is yes_no)")
            }
            MissingRange { field } => {
                format!("a number question needs \"{field}\" (its plausible range)")
            }
            MissingUnit => "a number question needs \"unit\"".into(),
            EmptyRange { min, max } => {
                format!("the range is empty: min {min} is greater than max {max}")
            }
            NegativeMin { min } => format!("{min} is negative; answers are never negative"),
            NotPositive { value } => format!("{value} must be a positive number"),
            UnitSizeAbsurd { size } => format!(
                "the unit is {size:e} base units (factor / per); a unit must be between 1e-12 and 1e12 of the base unit"
            ),
            TooManyDecimals { decimals, limit } => {
                format!("{decimals} decimals; answers are shown with at most {limit}")
            }
            UnitWithoutName => "a unit needs at least one name".into(),
            UnitNameNotLetters { name } => format!("\"{name}\" must be letters only"),
            UnitNameTwice { name } => format!("\"{name}\" names two units of this question"),
            UnknownPlusUnit { symbol, suggestion } => format!(
                "\"{symbol}\" is not the symbol of one of its units{}",
                hint(suggestion)
            ),
            TooDeep { limit } => format!("conditions nest deeper than {limit} levels"),
            NotACondition { found } => {
                format!("expected a condition object, found {}", kind(*found))
            }
            CombinatorNotAlone { key, others } => format!(
                "\"{key}\" stands alone in its object; unexpected {}",
                quote_list(others)
            ),
            NotAConditionList { found, .. } => {
                format!("expected an array of conditions, found {}", kind(*found))
            }
            EmptyCombinator { key } => {
                format!("an empty \"{key}\" is not allowed; list at least one condition")
            }
            UnknownConditionKey { key, suggestion } => format!(
                "unknown key \"{key}\"{}; {CONDITION_EXPECTED}",
                hint(suggestion)
            ),
            NoQuestion => format!("no \"question\"; {CONDITION_EXPECTED}"),
            QuestionNotAString { found } => {
                format!("expected a question id (a string), found {}", kind(*found))
            }
            NoComparison => {
                "no comparison; add one of equals, less_than, at_most, greater_than, at_least"
                    .into()
            }
            SeveralComparisons { keys } => format!(
                "one comparison per condition, found {}; combine them with \"all\"",
                quote_list(keys)
            ),
            UnknownQuestion { id, suggestion } => {
                format!("unknown question \"{id}\"{}", hint(suggestion))
            }
            NumericOnYesNo { question } => format!(
                "\"{question}\" is a yes/no question; compare it with \"equals\", not a numeric comparison"
            ),
            NotYesOrNo { question, found } => format!(
                "expected \"yes\" or \"no\" for the yes/no question \"{question}\", found {found}"
            ),
            TargetOutOfRange {
                value,
                question,
                min,
                max,
                unit,
            } => format!(
                "{value} is outside the plausible range of \"{question}\" ({min} to {max} {unit}), so the condition can never be decided by it"
            ),
            NotANumberTarget { question, found } => {
                format!("expected a number for the number question \"{question}\", found {found}")
            }
            BadLanguages => "expected a non-empty list of language tags, the file's own language first (for example [\"en\", \"zh-Hans\"])".into(),
            BadTranslations => "expected translations as {\"<language>\": {\"<field>\": \"<text>\"}}, each text of the same kind as the one it translates".into(),
            UndeclaredLanguage { lang, declared } => format!(
                "a translation into \"{lang}\", which the file's \"languages\" does not declare after its own language; declared: {}",
                declared.join(", ")
            ),
            UnknownTranslatedText { field, known } => {
                if known.is_empty() {
                    format!("\"{field}\" is not a text of this object; it has none to translate")
                } else {
                    format!("\"{field}\" is not a text of this object; its texts: {}", known.join(", "))
                }
            }
            MissingTranslation { lang } => format!(
                "no \"{lang}\" translation of this text, though the file declares \"{lang}\" (add it under this object's \"translations\")"
            ),
            AskWhenNotEarlier { question } => format!(
                "\"ask_when\" may only read questions asked earlier; \"{question}\" is not before this one"
            ),
        };
        if place.is_empty() {
            message
        } else {
            format!("{place}: {message}")
        }
    }

    fn invalid_rule_file(&self, file: &str, problems: &[String]) -> String {
        if let [only] = problems {
            format!("invalid rule file {file}: {only}")
        } else {
            let mut s = format!(
                "invalid rule file {file} ({}):",
                self.count(problems.len() as u64, Noun::Problem)
            );
            for p in problems {
                s.push_str("\n  ");
                s.push_str(p);
            }
            s
        }
    }

    fn input_problem(&self, name: &str, problem: &InputProblem) -> String {
        const EXPECTED: &str =
            "expected an answer record (a JSON object), an array of records, or JSON Lines";
        match problem {
            InputProblem::Empty => format!("{name}: the input is empty; {EXPECTED}"),
            InputProblem::NotRecords {
                line,
                column,
                json_value,
                shown,
            } => {
                let what = if *json_value {
                    "a JSON value that is not an answer record"
                } else {
                    "text that is not JSON"
                };
                let csv = if super::looks_like_csv(*line, *json_value, shown) {
                    "; if this is CSV, add --input-format csv (files named *.csv are read as CSV)"
                } else {
                    ""
                };
                format!(
                    "{name}: line {line}, column {column}: found {what} (\"{shown}\"); {EXPECTED}{csv}"
                )
            }
            InputProblem::FhirBundleTooLarge { limit } => format!(
                "{name}: a FHIR Bundle file is read whole, and this one is larger than {} MiB; give the responses as NDJSON instead, one per line (jq -c '.entry[].resource')",
                limit / (1024 * 1024)
            ),
            InputProblem::NotJsonAfter { records, what } => format!(
                "{name}: the input is not valid JSON after record {records}: {what}; the records before it were screened"
            ),
            InputProblem::ArrayBroken {
                how,
                line,
                column,
                records,
            } => {
                let what = match how {
                    ArrayBreak::EndsInside => format!(
                        "the input ends inside the array at line {line}, column {column} (is the file cut short?)"
                    ),
                    ArrayBreak::TextAfter => format!(
                        "unexpected text after the end of the array at line {line}, column {column}"
                    ),
                    ArrayBreak::UnexpectedBrace => {
                        format!("unexpected \"}}\" in the array at line {line}, column {column}")
                    }
                };
                let verb = if *records == 1 { "was" } else { "were" };
                format!(
                    "{name}: {what}; the {} before it {verb} screened",
                    self.count(*records, Noun::Record)
                )
            }
            InputProblem::CsvNoHeader => format!(
                "{name}: the CSV input has no header row; expected a first row of question ids"
            ),
            InputProblem::CsvHeader(h) => {
                let m = match h {
                    HeaderProblem::ColumnTwice { column, name } => {
                        format!("column {column} ({}) appears twice", quote(name))
                    }
                    HeaderProblem::UnknownColumn {
                        column,
                        name,
                        rules,
                        suggestion,
                    } => format!(
                        "column {column} ({}): not a question of rule set {rules}{}; use --allow-extra-fields to ignore fields that are not questions",
                        quote(name),
                        hint(suggestion)
                    ),
                };
                format!("{name}: CSV header: {m}")
            }
            InputProblem::CsvUnreadable { what } => format!("{name}: not readable as CSV: {what}"),
            InputProblem::CsvHeaderTooLarge { limit } => format!(
                "{name}: the CSV header row is longer than {limit} bytes; expected a header of column names"
            ),
            InputProblem::CsvHeaderUnclosedQuote => {
                format!("{name}: the CSV header row has a quoted name that is never closed")
            }
        }
    }

    fn usage(&self, usage: &Usage) -> String {
        match usage {
            Usage::StdoutClosed => self.stdout_closed(),
            Usage::AskOptionsBeforeCommand => "--plain, --save, --force, --id and --explain before a command belong to the questionnaire; put them after the command they are for (for example `cp-screen screen --explain FILE`)".into(),
            Usage::NotExportable { question } => format!(
                "the ask_when of question \"{question}\" cannot be written as FHIR enableWhen (it uses \"not\", or \"all\" inside \"any\"); write it as comparisons joined by one \"all\" or one \"any\""
            ),
            Usage::StdinTwice => "standard input (\"-\") can be read only once".into(),
            Usage::StdinIsTerminal => "`cp-screen screen` reads answer records from files or standard input, and standard input is a terminal. \
Give a file (cp-screen screen answers.jsonl), pipe records in (cat answers.jsonl | cp-screen screen), \
or run `cp-screen` to answer the questionnaire.".into(),
            Usage::NoTerminal => "the questionnaire needs a terminal, and standard input or standard error is not one. \
Use `cp-screen ask --plain` to answer line by line from standard input, \
or `cp-screen screen FILE` to screen answer records from JSON.".into(),
            Usage::NoSuchFactor { id, rules, suggestion } => format!(
                "no factor {} in rule set {rules}{}; `cp-screen factors` lists them",
                quote(id),
                hint(suggestion)
            ),
            Usage::NoSuchDemo { name, suggestion } => format!(
                "no worked example {}{}; `cp-screen demo` lists them",
                quote(name),
                hint(suggestion)
            ),
            Usage::Mapping(p) => {
                use crate::answers::MappingProblem as M;
                match p.as_ref() {
                    M::Syntax { option, text } => format!(
                        "{option} {}: expected {}",
                        quote(text),
                        match *option {
                            "--map" => "COLUMN=QUESTION (--map weeks=gestational_age_weeks)",
                            "--unit" => "QUESTION=UNIT (--unit birth_weight_grams=lb)",
                            _ => "QUESTION:CODE=ANSWER,CODE=ANSWER (--codes birth_asphyxia:1=yes,2=no,9=unknown)",
                        }
                    ),
                    M::UnknownQuestion { id, suggestion } => format!(
                        "the mapping names {}, which is not a question of the rule set{}",
                        quote(id),
                        hint(suggestion)
                    ),
                    M::BadUnit { question, unit, known } if known.is_empty() => format!(
                        "the mapping gives a unit ({}) to {question}, which is not a number question",
                        quote(unit)
                    ),
                    M::BadUnit { question, unit, known } => format!(
                        "{} is not a unit of {question}; its units are {}",
                        quote(unit),
                        known.join(", ")
                    ),
                    M::BadAnswer { question, code, answer } => format!(
                        "the code {} of {question} stands for {}, which is not an answer to it",
                        quote(code),
                        quote(answer)
                    ),
                    M::File { what } => format!("the mapping file cannot be read: {what}"),
                }
            }
            Usage::NoSuchLanguage { tag, known } => format!(
                "cp-screen does not speak {}; --lang takes {}",
                quote(tag),
                known.join(", ")
            ),
            Usage::NoDemos { rules } => format!(
                "rule set {rules} has no worked examples; the embedded rule sets have them (`cp-screen --rule-set evidence demo`)"
            ),
            Usage::NoSuchRuleSet {
                name,
                suggestion,
                known,
            } => format!(
                "no embedded rule set {}{}; the embedded sets are {} (`cp-screen rules list`), or give a file with --rules FILE",
                quote(name),
                hint(suggestion),
                known.join(", ")
            ),
            Usage::FactorByWords { query, rules, factors } => format!(
                "no factor has the id {} in rule set {rules}; {}",
                quote(query),
                self.factor_matches(factors)
            ),
            Usage::QuestionNotFactor { question, factors } => {
                let (one, cmd) = match factors.as_slice() {
                    [only] => (
                        format!("the factor that uses it is {only}"),
                        format!("cp-screen factors {only}"),
                    ),
                    _ => (
                        format!("the factors that use it are {}", self.list(factors)),
                        "cp-screen factors ID".to_string(),
                    ),
                };
                format!("\"{question}\" is a question, not a factor; {one} (`{cmd}`)")
            }
            Usage::SaveExists { path } => format!(
                "{} already exists; choose another file, or add --force to replace it",
                escape_control(path)
            ),
            Usage::NoSuchCommand { name, suggestion } => format!(
                "no command {}{}; `cp-screen --help` lists them",
                quote(name),
                hint(suggestion)
            ),
            Usage::FileAsCommand { path } => format!(
                "{0} is a file, not a command; to screen the answer records in it, run `cp-screen screen {0}`",
                escape_control(path)
            ),
        }
    }

    fn cannot_read(&self, what: &str, rules_file: bool, why: &str) -> String {
        if rules_file {
            format!("cannot read rule file {what}: {why}")
        } else {
            format!("cannot read {what}: {why}")
        }
    }

    fn cannot_write(&self, what: &str, why: &str) -> String {
        format!("cannot write {what}: {why}")
    }

    fn input_ended(&self) -> String {
        "standard input ended before the questionnaire was complete; nothing was saved".into()
    }

    fn rules_valid(&self, shown: &str, tag: &str, title: &str) -> String {
        format!("{shown}: valid rule set {tag} \"{title}\"")
    }

    fn rules_counts(
        &self,
        sections: usize,
        questions: usize,
        numeric: usize,
        factors: usize,
    ) -> String {
        format!(
            "{}, {} ({} yes/no, {numeric} numeric), {}",
            self.count(sections as u64, Noun::Section),
            self.count(questions as u64, Noun::Question),
            questions - numeric,
            self.count(factors as u64, Noun::Factor)
        )
    }

    fn factors_title(&self, tag: &str, hash: &str) -> String {
        format!("Risk factors of {tag} ({hash})")
    }

    fn source_line(&self, title: &str, kind: Option<&str>) -> String {
        match kind {
            Some(kind) => format!("Source: \"{title}\", {kind}"),
            None => format!("Source: \"{title}\""),
        }
    }

    fn factor_place(&self, section: &str, tier: &str, follow_up: bool) -> String {
        let mut s = format!("Section: {section}. Tier: {tier}");
        if follow_up {
            s.push_str(self.phrase(Phrase::FollowUpNote));
        }
        s
    }

    fn number_answers(&self, spec: &NumberSpec) -> String {
        format!(
            "Answers: a number of {}, {} (plausible range {}), or unknown.",
            spec.unit,
            self.forms(spec),
            self.range(spec)
        )
    }

    fn citation(&self, text: &str, citation: Option<&str>) -> String {
        match citation {
            Some(c) => format!("- {text} ({c})"),
            None => format!("- {text}"),
        }
    }

    fn worked_example(&self, title: &str) -> String {
        format!("Worked example: {title}")
    }

    fn demo_record_intro(&self, name: &str) -> String {
        format!("The answer record (`cp-screen demo {name} --record`):")
    }

    fn forms(&self, spec: &NumberSpec) -> String {
        if spec.examples.is_empty() {
            format!("a number of {}", spec.unit)
        } else {
            format!("for example {}", spec.examples.join(", "))
        }
    }

    fn range(&self, spec: &NumberSpec) -> String {
        format!(
            "{} to {} {}",
            format_plain(spec.min, 6),
            format_plain(spec.max, 6),
            spec.unit
        )
    }

    fn intro(&self, questions: usize, sections: &[String]) -> String {
        let sections: Vec<String> = sections.iter().map(|s| s.to_lowercase()).collect();
        format!(
            "{questions} questions about {}. This is a checklist of documented risk factors, not a diagnosis.",
            self.list(&sections)
        )
    }

    fn section_heading(&self, title: &str) -> String {
        format!("── {title} ──")
    }

    fn question_line(&self, section: &str, n: usize, total: usize, text: &str) -> String {
        format!("{section}, question {n} of {total}: {text}")
    }

    fn number_hint(&self, spec: &NumberSpec, can_go_back: bool) -> String {
        format!(
            "{}; Enter if you don't know; \"?\" for help{}",
            capitalise(&self.forms(spec)),
            if can_go_back {
                "; \"back\" for the previous question"
            } else {
                ""
            }
        )
    }

    fn reprompt(&self, why: &str, spec: &NumberSpec) -> String {
        let forms = self.forms(spec);
        if why.contains(&forms) {
            // The reason names the accepted forms already ("-5").
            format!("{why}; or Enter if you don't know.")
        } else {
            format!("{why}. Accepted: {forms}, or Enter if you don't know.")
        }
    }

    fn echo(&self, said: &str, understood: &str) -> String {
        format!("  {said} = {understood}")
    }

    fn with_assumptions(&self, understood: &str, notes: &[&str]) -> String {
        let notes: Vec<String> = notes.iter().map(|n| n.to_string()).collect();
        format!("{understood}, assuming {}", self.list(&notes))
    }

    fn join_note(&self, text: &str, note: &str) -> String {
        format!("{text} {note}")
    }

    fn echo_split(&self, understood: &str, whole: &str, part: &str) -> String {
        format!("{understood}, that is {whole} {part}")
    }

    fn review_item(&self, n: usize, label: &str, answer: &str) -> String {
        format!("Change answer {n}: {}: {answer}", capitalise(label))
    }

    fn saved_to(&self, path: &str) -> String {
        format!("Answers saved to {path}")
    }

    fn plain_choose(&self, items: usize, default: usize, default_item: &str) -> String {
        format!("Choose 1 to {items} (Enter = {default}, {default_item}): ")
    }

    fn plain_not_a_choice(&self, typed: &str, items: usize, words: &[&str]) -> String {
        if words.is_empty() {
            return format!(
                "\"{typed}\" is not one of the choices; type a number from 1 to {items}."
            );
        }
        let words: Vec<String> = words.iter().map(|w| format!("\"{w}\"")).collect();
        format!(
            "\"{typed}\" is not one of the choices; type a number from 1 to {items}, or {}.",
            self.list_or(&words)
        )
    }

    fn rule_sets_heading(&self) -> String {
        "Embedded rule sets (choose one with --rule-set NAME, or give a file with --rules FILE):"
            .into()
    }

    fn rule_set_name(&self, name: &str, aliases: &[&str], default: bool) -> String {
        let mut notes = Vec::new();
        if default {
            notes.push("the default".to_string());
        }
        if !aliases.is_empty() {
            notes.push(format!("also: {}", aliases.join(", ")));
        }
        if notes.is_empty() {
            name.to_string()
        } else {
            format!("{name} ({})", notes.join("; "))
        }
    }

    fn rule_set_title(&self, tag: &str, title: &str) -> String {
        format!("{tag}: {title}")
    }

    fn rule_set_counts(&self, factors: usize, questions: usize, hash: &str) -> String {
        format!("{factors} factors, {questions} questions, {hash}")
    }

    fn compare_heading(&self, a: &str, a_factors: usize, b: &str, b_factors: usize) -> String {
        format!("Comparing {a} ({a_factors} factors) with {b} ({b_factors} factors)")
    }

    fn compare_same(&self) -> String {
        "In both, with the same condition:".into()
    }

    fn compare_differ(&self, b: &str) -> String {
        format!("In both, asked or cut differently (→ what {b} has instead):")
    }

    fn compare_only_in(&self, a: &str, b: &str) -> String {
        format!("Only in {a} (no counterpart in {b}):")
    }

    fn compare_follow_up(&self, tag: &str, factors: &[&str]) -> String {
        if factors.is_empty() {
            format!("Follow-up sentence in {tag}: by tier only")
        } else {
            format!("Follow-up sentence in {tag}: {}", factors.join(", "))
        }
    }

    fn compare_note(&self) -> String {
        "A factor is matched by its id, by the questions it reads, or by the source factors a \
literature-based factor names. A factor with no counterpart is one the other set leaves out: \
`cp-screen factors ID` shows the evidence behind each."
            .into()
    }

    fn asked_only_when(&self, condition: &str) -> String {
        format!(
            "Asked only when {condition}; otherwise the question is not asked and the factor is not applicable (not the same as absent or not assessed)."
        )
    }

    fn follow_up_place(&self, why: &str) -> String {
        format!(
            "Follow-up: a present factor of this kind adds the report's follow-up sentence. {why}"
        )
    }

    fn confidence(&self, level: crate::rules::ConfidenceLevel, note: Option<&str>) -> String {
        match note {
            Some(note) => format!("Confidence in the evidence: {} ({note})", level.id()),
            None => format!("Confidence in the evidence: {}", level.id()),
        }
    }

    fn page_meta(&self, date: &str, tag: &str, hash: &str) -> String {
        format!("Printed {date} · rules {tag} ({hash})")
    }

    fn translated(&self, text: &str) -> String {
        format!("(translation: {text})")
    }

    fn list_separator(&self) -> &'static str {
        ", "
    }

    fn chart_totals(&self, read: u64, screened: u64, invalid: u64) -> String {
        format!(
            "{} read, {screened} screened, {invalid} invalid; bars are shares of the screened records",
            self.count(read, Noun::Record)
        )
    }

    fn chart_segment(&self, factor: &str, status: &str, n: u64, of: u64, percent: &str) -> String {
        format!("{factor}: {status} in {n} of {of} screened records ({percent})")
    }

    fn plain_keep(&self, initial: &str) -> String {
        format!("(Enter keeps {initial}) > ")
    }

    // ---- issue #15

    fn shortcuts(&self, s: Shortcut) -> &'static [&'static str] {
        match s {
            Shortcut::Yes => &["yes", "y"],
            Shortcut::No => &["no", "n"],
            Shortcut::DontKnow => &["don't know", "dont know", "dk", "d", "unknown", "u"],
            Shortcut::Help => &["?", "help", "h"],
            Shortcut::Back => &["back", "b"],
            Shortcut::Confirm => &["confirm", "c"],
        }
    }

    fn short_prompt(&self) -> &'static str {
        "Your choice"
    }

    fn did_you_mean_unit(&self, written: &[String]) -> String {
        format!(" (did you mean {}?)", self.list_or(written))
    }

    fn saved_with_id(&self, path: &str, id: &str) -> String {
        format!("Answers saved to {path} (id {})", quote(id))
    }

    fn no_records(&self, inputs: &[String]) -> String {
        format!(
            "cp-screen: no answer records in {}; nothing was screened",
            self.list(inputs)
        )
    }

    fn factor_matches(&self, ids: &[String]) -> String {
        match ids {
            [] => "`cp-screen factors` lists them".into(),
            [only] => format!("did you mean {only}? (`cp-screen factors {only}`)"),
            _ => format!("did you mean one of {}?", self.list_or(ids)),
        }
    }

    fn man_sections(&self) -> Vec<(&'static str, Vec<String>)> {
        vec![
            (
                "INPUT FORMATS",
                vec![
                    "cp-screen screen reads answer records: one JSON object, a top-level array of objects, JSON Lines (one object per line), or pretty-printed objects one after another; the shape is detected. CSV is read from files named *.csv, or with --input-format csv: a header row of question ids (and optionally id), then one record per row. FHIR R4 QuestionnaireResponses (one, a Bundle of them, or NDJSON) are detected from their resourceType, or chosen with --input-format fhir; cp-screen export questionnaire writes the Questionnaire they answer.".into(),
                    "An answer record is a JSON object whose keys are question ids, plus an optional id (a string or a number) that is echoed back. Yes/no questions take \"yes\", \"no\" or \"unknown\" (any case), true or false; number questions take a JSON number in the question's unit or a string as a person writes it (31+4, 31w4d, 31+4/40, 1850 g, 1.85 kg, 4 lb 1 oz). null, \"unknown\" or \"\" mean unknown; a missing key is unanswered. cp-screen template prints a record to fill in, cp-screen schema its JSON Schema.".into(),
                    "An input with no record at all (an empty file, [], a CSV header alone) is not an error: nothing is screened, a note says so on standard error, and the exit status is 0.".into(),
                ],
            ),
            (
                "EXIT STATUS",
                vec![
                    "  0: every record was screened, whether or not factors were found (also when there was no record).".into(),
                    "  1: at least one record was invalid; every other record was still screened and reported.".into(),
                    "  2: usage error; unreadable or invalid rule file; unreadable input, or input that is not JSON at all.".into(),
                    "  130: interrupted (Ctrl-C); the questionnaire saves nothing.".into(),
                ],
            ),
            (
                "EXAMPLES",
                vec![
                    "Answer the questionnaire and save the answers:".into(),
                    "$ cp-screen ask --save answers.json --id baby-1".into(),
                    "Screen saved answers, or a cohort as JSON Lines with a summary:".into(),
                    "$ cp-screen screen answers.json".into(),
                    "$ cp-screen screen --format jsonl --summary cohort.jsonl > results.jsonl".into(),
                    "Learn what a factor means, and run a worked example as a quiz:".into(),
                    "$ cp-screen factors birth_asphyxia".into(),
                    "$ cp-screen demo very-preterm --quiz".into(),
                ],
            ),
        ]
    }

    fn quiz_question(&self, factors: usize) -> String {
        format!(
            "Quiz: which of the {factors} risk factors are present in this record, which are absent, and which cannot be assessed? Discuss, then reveal the result."
        )
    }

    fn form_number_help(
        &self,
        unit: &str,
        min: f64,
        max: f64,
        example: Option<(&str, &str)>,
    ) -> String {
        let mut help = format!("A number in {unit}, from {min} to {max}.");
        if let Some((written, decimal)) = example {
            help.push_str(&format!(
                " Write a part as a decimal: {written} is {decimal}."
            ));
        }
        help
    }

    fn fhir_place(&self, place: &super::Place<'_>) -> String {
        let mut parts = Vec::new();
        if let Some(file) = place.file {
            parts.push(format!("file {}", quote_up_to(file, 200)));
        }
        parts.push(format!("record {}", place.record));
        if let Some(line) = place.line {
            parts.push(format!("line {line}"));
        }
        if let Some(field) = place.field {
            parts.push(format!("field {}", quote(field)));
        }
        if let Some(id) = &place.id {
            parts.push(format!("id {}", quote(id)));
        }
        parts.join(", ")
    }

    fn quiz_press_enter(&self) -> &'static str {
        "Press Enter to reveal the result."
    }

    // ---- added for issue 16 (hardening II) ----
    fn more_rule_problems(&self, shown: usize, total: usize) -> String {
        format!(
            "... and {} more (the first {shown} of {total} problems are shown)",
            total - shown
        )
    }

    fn stdout_closed(&self) -> String {
        "standard output is closed, so the results would be lost; run with an output (> file, | less)".into()
    }
}

impl English {
    /// "a, b or c".
    fn list_or(&self, items: &[String]) -> String {
        match items {
            [] => String::new(),
            [one] => one.clone(),
            [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
        }
    }
}

const CONDITION_EXPECTED: &str = "expected \"all\", \"any\", \"not\", or \"question\" with one of equals, less_than, at_most, greater_than, at_least";

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
