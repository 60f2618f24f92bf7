//! How each kind of problem is said: records, notations, rule files, inputs, FHIR
//! resources and command lines. The catalogs hold the words; this picks the message and
//! its values.

use super::*;

impl Lang {
    pub(super) fn fhir_problem(&self, problem: &crate::problem::FhirProblem) -> String {
        use crate::problem::FhirProblem::*;
        match problem {
            NotAResponse { found: Some(t) } if t == "Bundle" => {
                text!(self, "fhir-bundle-in-stream").into()
            }
            NotAResponse { found: Some(t) } => {
                say!(self, "fhir-not-a-response", found = &self.quote(t))
            }
            NotAResponse { found: None } => text!(self, "fhir-no-resource-type").into(),
            // A questionnaire's URL is quoted as JSON quotes it, whole, in every language.
            OtherQuestionnaire {
                found,
                expected,
                embedded: Some(name),
            } => say!(
                self,
                "fhir-other-questionnaire-embedded",
                found = &Lang::En.quote_up_to(found, 200),
                expected = &Lang::En.quote_up_to(expected, 200),
                name = name
            ),
            OtherQuestionnaire {
                found,
                expected,
                embedded: None,
            } => say!(
                self,
                "fhir-other-questionnaire",
                found = &Lang::En.quote_up_to(found, 200),
                expected = &Lang::En.quote_up_to(expected, 200)
            ),
            EnteredInError => text!(self, "fhir-entered-in-error").into(),
            // serde's words can repeat a whole value of the input: escaped and cut, as every
            // echo is.
            Structure { path, what } if path.is_empty() || path == "." => {
                say!(
                    self,
                    "fhir-structure",
                    what = &crate::sanitize::short_to(what, 300)
                )
            }
            Structure { path, what } => say!(
                self,
                "fhir-structure-at",
                path = &crate::sanitize::short_to(path, 200),
                what = &crate::sanitize::short_to(what, 300)
            ),
            EntryNotAnObject { index } => say!(
                self,
                "fhir-structure-at",
                path = &format!("entry[{index}]"),
                what = text!(self, "fhir-expected-entry-object")
            ),
            EntriesNotAnArray => say!(
                self,
                "fhir-structure-at",
                path = "entry",
                what = text!(self, "fhir-expected-entries-array")
            ),
            SeveralAnswers { count } => say!(self, "fhir-several-answers", count = *count),
            NoValue => text!(self, "fhir-no-value").into(),
            UnsupportedValue { key } => say!(self, "fhir-unsupported-value", key = key),
            UnknownCoding { system, code } => {
                let system = system
                    .as_deref()
                    // A system URI is quoted whole: cut short, it names nothing.
                    .map(|s| {
                        say!(
                            self,
                            "fhir-coding-system",
                            system = &self.quote_up_to(s, 200)
                        )
                    })
                    .unwrap_or_default();
                say!(
                    self,
                    "fhir-unknown-coding",
                    code = &self.quote(code),
                    system = &system
                )
            }
            UnknownUnit { unit, accepted } => say!(
                self,
                "fhir-unknown-unit",
                unit = &self.quote(unit),
                accepted = &self.keys(accepted)
            ),
            Comparator { comparator } => {
                say!(
                    self,
                    "fhir-comparator",
                    comparator = &self.quote(comparator)
                )
            }
        }
    }

    pub(super) fn record_problem(&self, rules: &RuleSet, problem: &RecordProblem) -> String {
        use RecordProblem::*;
        let spec = |q: usize| match &rules.questions[q].kind {
            QuestionKind::Number(spec) => Some(spec),
            QuestionKind::YesNo => None,
        };
        match problem {
            GivenTwice { is_id: true } => text!(self, "record-given-twice-id").into(),
            GivenTwice { is_id: false } => text!(self, "record-given-twice").into(),
            InvalidId { found } => {
                say!(
                    self,
                    "record-invalid-id",
                    found = &self.found(self.kind(*found))
                )
            }
            // A did-you-mean is never beside the advice to ignore the field: following it
            // would drop the misspelt answer without a word.
            UnknownField {
                rules: tag,
                suggestion: suggestion @ Some(_),
            } => say!(
                self,
                "record-unknown-field-suggest",
                rules = tag,
                hint = &self.hint(suggestion)
            ),
            UnknownField {
                rules: tag,
                suggestion: None,
            } => say!(self, "record-unknown-field", rules = tag),
            NotYesNo { text } => say!(self, "record-not-yes-no", text = &self.quote(text)),
            NotACode { text, codes } => say!(
                self,
                "record-not-a-code",
                text = &self.quote(text),
                codes = &codes.join(", ")
            ),
            NumberForYesNo { shown } => say!(self, "record-number-for-yes-no", shown = shown),
            WrongTypeForYesNo { found } => say!(
                self,
                "record-wrong-type-for-yes-no",
                found = &self.found(self.kind(*found))
            ),
            WrongTypeForNumber { question, found } => {
                let found = match found {
                    Found::Kind(k) => self.kind(*k).to_string(),
                    Found::Bool(b) => b.to_string(),
                };
                let found = self.found(&found);
                match spec(*question) {
                    Some(spec) => say!(
                        self,
                        "record-wrong-type-for-number",
                        unit = &spec.unit,
                        forms = &self.forms(spec),
                        found = &found
                    ),
                    None => say!(self, "record-wrong-type-for-yes-no", found = &found),
                }
            }
            UnusableNumber { shown } => say!(self, "record-unusable-number", shown = shown),
            Number { question, error } => match spec(*question) {
                Some(spec) => self.notation_error(spec, error),
                None => text!(self, "record-number-for-yes-no-question").into(),
            },
            NotAnObject { found } => say!(
                self,
                "record-not-an-object",
                found = &self.found(self.kind(*found))
            ),
            InvalidJson {
                at,
                what,
                cut_short,
            } => {
                let hint = if *cut_short {
                    text!(self, "record-cut-short")
                } else {
                    ""
                };
                match at {
                    Some((line, column)) => say!(
                        self,
                        "record-invalid-json-at",
                        line = *line,
                        column = *column,
                        what = what,
                        hint = hint
                    ),
                    None => say!(self, "record-invalid-json", what = what, hint = hint),
                }
            }
            TooLarge {
                place,
                bytes,
                limit,
            } => {
                let what = match place {
                    RecordPlace::Line(l) => say!(self, "record-place-line", line = *l),
                    RecordPlace::CsvRow(r) => say!(self, "record-place-row", row = *r),
                    RecordPlace::ArrayElement(e) => {
                        say!(self, "record-place-element", element = *e, index = *e - 1)
                    }
                };
                say!(
                    self,
                    "record-too-large",
                    what = &what,
                    bytes = *bytes,
                    limit = *limit
                )
            }
            EmptyArrayElement {
                element,
                line,
                column,
            } => say!(
                self,
                "record-empty-array-element",
                element = *element,
                index = *element - 1,
                line = *line,
                column = *column
            ),
            CsvCellCount {
                row,
                cells,
                columns,
            } => say!(
                self,
                "record-csv-cell-count",
                row = *row,
                cells = *cells,
                columns = *columns
            ),
            CsvNotUtf8 { row, column, byte } => say!(
                self,
                "record-csv-not-utf8",
                row = *row,
                column = column,
                byte = &byte.to_string()
            ),
            NotAsked { question } => {
                let condition = rules.questions[*question]
                    .ask_when
                    .as_ref()
                    .map(|c| crate::words::describe(rules, c))
                    .unwrap_or_default();
                say!(self, "record-not-asked", condition = &condition)
            }
            OtherRuleSet {
                saved,
                used,
                embedded: Some(name),
            } => say!(
                self,
                "record-other-rule-set-embedded",
                saved = saved,
                used = used,
                name = name
            ),
            OtherRuleSet {
                saved,
                used,
                embedded: None,
            } => say!(self, "record-other-rule-set", saved = saved, used = used),
            InvalidSavedWith { expected } => {
                say!(self, "record-invalid-saved-with", expected = expected)
            }
            CsvUnclosedQuote { row } => say!(self, "record-csv-unclosed-quote", row = *row),
            MoreErrors { count } => say!(self, "record-more-errors", count = *count),
            InArray { element, inner } => say!(
                self,
                "record-in-array",
                element = *element,
                index = *element - 1,
                problem = &self.record_problem(rules, inner)
            ),
            Fhir(problem) => self.fhir_problem(problem),
        }
    }

    pub(super) fn notation_error(&self, spec: &NumberSpec, error: &NotationError) -> String {
        match error {
            // Nothing of it was read: "“abc”不是数字", not "“abc”：“abc”处应为数字".
            NotationError::Syntax {
                text,
                problem: NotationProblem::ExpectedNumberAt { rest },
            } if rest.trim() == text.trim() => {
                say!(self, "notation-nothing-read", text = &self.quote(text))
            }
            NotationError::Syntax { text, problem } => say!(
                self,
                "notation-syntax",
                text = &self.quote(text),
                problem = &self.notation_problem(spec, problem)
            ),
            NotationError::Range {
                text,
                plain: true,
                problem,
                ..
            } => {
                let mut did_you_mean = String::new();
                if *problem == RangeProblem::OutOfRange
                    && let Ok(value) = text.parse::<f64>()
                {
                    let units = crate::notation::plausible_units(value, spec);
                    if !units.is_empty() {
                        let written: Vec<String> =
                            units.iter().map(|u| format!("{text} {u}")).collect();
                        did_you_mean = self.did_you_mean_unit(&written);
                    }
                }
                say!(
                    self,
                    "notation-range-plain",
                    text = text,
                    unit = &spec.unit,
                    problem = &self.range_problem(*problem, spec),
                    did_you_mean = &did_you_mean
                )
            }
            NotationError::Range {
                text,
                plain: false,
                value,
                problem,
            } => say!(
                self,
                "notation-range",
                text = &self.quote(text),
                value = &format_value(*value, spec),
                unit = &spec.unit,
                problem = &self.range_problem(*problem, spec)
            ),
        }
    }

    pub(super) fn rule_problem(&self, problem: &RuleProblem) -> String {
        use RuleProblemKind::*;
        let place = &problem.place;
        let message = match &problem.kind {
            // A read that stops one byte past the limit (a pipe, `/dev/zero`) knows no more.
            FileTooLarge { bytes, limit } if *bytes == *limit as u64 + 1 => {
                say!(self, "rule-file-over-limit", bytes = *bytes, limit = *limit)
            }
            FileTooLarge { bytes, limit } => {
                say!(self, "rule-file-too-large", bytes = *bytes, limit = *limit)
            }
            NotUtf8 { offset } => say!(self, "rule-not-utf8", offset = *offset),
            EmptyFile => text!(self, "rule-empty-file").into(),
            NotAnObject { found } => {
                say!(
                    self,
                    "rule-not-an-object",
                    found = &self.found(self.kind(*found))
                )
            }
            Structure { what } => what.clone(),
            ControlCharacter { code_point } => say!(
                self,
                "rule-control-character",
                code_point = &format!("{code_point:04X}")
            ),
            Empty => text!(self, "rule-empty").into(),
            IdCharacters { id } => say!(self, "rule-id-characters", id = &self.quote(id)),
            DuplicateId { id, first } => say!(self, "rule-duplicate-id", id = id, first = first),
            NoQuestions => text!(self, "rule-no-questions").into(),
            NoFactors => text!(self, "rule-no-factors").into(),
            UnknownReference {
                what,
                id,
                suggestion,
                known,
            } => {
                let what = self.text(match what {
                    RefKind::Section => "ref-section",
                    RefKind::Tier => "ref-tier",
                    RefKind::Factor => "ref-factor",
                });
                say!(
                    self,
                    "rule-unknown-reference",
                    what = what,
                    id = id,
                    hint = &self.hint(suggestion),
                    known = &self.enumerate(known)
                )
            }
            ReservedId { id } => say!(self, "rule-reserved-id", id = id),
            TableColumnId { id } => say!(self, "rule-table-column-id", id = id),
            NotAUri { value } => say!(self, "rule-not-a-uri", value = value),
            MissingKey { key, with } => say!(self, "rule-missing-key", key = key, with = with),
            OnlyNumberQuestions { field } => {
                say!(self, "rule-only-number-questions", field = field)
            }
            MissingRange { field } => say!(self, "rule-missing-range", field = field),
            MissingUnit => text!(self, "rule-missing-unit").into(),
            EmptyRange { min, max } => say!(
                self,
                "rule-empty-range",
                min = &min.to_string(),
                max = &max.to_string()
            ),
            NegativeMin { min } => say!(self, "rule-negative-min", min = &min.to_string()),
            NotPositive { value } => {
                say!(self, "rule-not-positive", value = &value.to_string())
            }
            UnitSizeAbsurd { size } => {
                say!(self, "rule-unit-size-absurd", size = &format!("{size:e}"))
            }
            TooManyDecimals { decimals, limit } => say!(
                self,
                "rule-too-many-decimals",
                decimals = &decimals.to_string(),
                limit = &limit.to_string()
            ),
            UnitWithoutName => text!(self, "rule-unit-without-name").into(),
            UnitNameNotLetters { name } => say!(self, "rule-unit-name-not-letters", name = name),
            UnitNameTwice { name } => say!(self, "rule-unit-name-twice", name = name),
            UnknownPlusUnit { symbol, suggestion } => say!(
                self,
                "rule-unknown-plus-unit",
                symbol = symbol,
                hint = &self.hint(suggestion)
            ),
            TooDeep { limit } => say!(self, "rule-too-deep", limit = &limit.to_string()),
            NotACondition { found } => {
                say!(
                    self,
                    "rule-not-a-condition",
                    found = &self.found(self.kind(*found))
                )
            }
            CombinatorNotAlone { key, others } => say!(
                self,
                "rule-combinator-not-alone",
                key = key,
                others = &self.keys(others)
            ),
            NotAConditionList { found, .. } => say!(
                self,
                "rule-not-a-condition-list",
                found = &self.found(self.kind(*found))
            ),
            EmptyCombinator { key } => say!(self, "rule-empty-combinator", key = key),
            UnknownConditionKey { key, suggestion } => say!(
                self,
                "rule-unknown-condition-key",
                key = key,
                hint = &self.hint(suggestion)
            ),
            NoQuestion => text!(self, "rule-no-question").into(),
            QuestionNotAString { found } => say!(
                self,
                "rule-question-not-a-string",
                found = &self.found(self.kind(*found))
            ),
            NoComparison => text!(self, "rule-no-comparison").into(),
            SeveralComparisons { keys } => {
                say!(self, "rule-several-comparisons", keys = &self.keys(keys))
            }
            UnknownQuestion { id, suggestion } => say!(
                self,
                "rule-unknown-question",
                id = id,
                hint = &self.hint(suggestion)
            ),
            NumericOnYesNo { question } => {
                say!(self, "rule-numeric-on-yes-no", question = question)
            }
            NotYesOrNo { question, found } => say!(
                self,
                "rule-not-yes-or-no",
                question = question,
                found = &self.found(found)
            ),
            TargetOutOfRange {
                value,
                question,
                min,
                max,
                unit,
            } => say!(
                self,
                "rule-target-out-of-range",
                value = &value.to_string(),
                question = question,
                min = &min.to_string(),
                max = &max.to_string(),
                unit = unit
            ),
            NotANumberTarget { question, found } => say!(
                self,
                "rule-not-a-number-target",
                question = question,
                found = &self.found(found)
            ),
            BadLanguages => text!(self, "rule-bad-languages").into(),
            BadTranslations => text!(self, "rule-bad-translations").into(),
            UndeclaredLanguage { lang, declared } => say!(
                self,
                "rule-undeclared-language",
                lang = lang,
                declared = &declared.join(", ")
            ),
            UnknownTranslatedText { field, known } => {
                if known.is_empty() {
                    say!(self, "rule-nothing-to-translate", field = field)
                } else {
                    say!(
                        self,
                        "rule-unknown-translated-text",
                        field = field,
                        known = &known.join(", ")
                    )
                }
            }
            MissingTranslation { lang } => say!(self, "rule-missing-translation", lang = lang),
            AskWhenNotEarlier { question } => {
                say!(self, "rule-ask-when-not-earlier", question = question)
            }
        };
        if place.is_empty() {
            message
        } else {
            say!(self, "rule-problem-at", place = place, message = &message)
        }
    }

    pub(super) fn input_problem(&self, name: &str, problem: &InputProblem) -> String {
        match problem {
            InputProblem::Empty => say!(self, "input-empty", name = name),
            InputProblem::NotRecords {
                line,
                column,
                json_value,
                shown,
            } => {
                let what = if *json_value {
                    text!(self, "input-found-json-value")
                } else {
                    text!(self, "input-found-text")
                };
                let csv = if crate::words::looks_like_csv(*line, *json_value, shown) {
                    text!(self, "input-csv-hint")
                } else {
                    ""
                };
                say!(
                    self,
                    "input-not-records",
                    name = name,
                    line = *line,
                    column = *column,
                    what = what,
                    shown = shown,
                    csv = csv
                )
            }
            InputProblem::FhirBundleTooLarge { limit } => say!(
                self,
                "input-fhir-bundle-too-large",
                name = name,
                mib = (*limit / (1024 * 1024)) as u64
            ),
            InputProblem::NotJsonAfter { records, what } => say!(
                self,
                "input-not-json-after",
                name = name,
                records = *records,
                what = what
            ),
            InputProblem::ArrayBroken {
                how,
                line,
                column,
                records,
            } => {
                let (line, column) = (*line, *column);
                let what = match how {
                    ArrayBreak::EndsInside => {
                        say!(self, "array-ends-inside", line = line, column = column)
                    }
                    ArrayBreak::TextAfter => {
                        say!(self, "array-text-after", line = line, column = column)
                    }
                    ArrayBreak::UnexpectedBrace => {
                        say!(self, "array-unexpected-brace", line = line, column = column)
                    }
                };
                say!(
                    self,
                    "input-array-broken",
                    name = name,
                    what = &what,
                    records = *records
                )
            }
            InputProblem::CsvNoHeader => say!(self, "input-csv-no-header", name = name),
            InputProblem::CsvHeader(h) => {
                let problem = match h {
                    HeaderProblem::ColumnTwice { column, name } => say!(
                        self,
                        "csv-column-twice",
                        column = *column,
                        name = &self.quote(name)
                    ),
                    HeaderProblem::UnknownColumn {
                        column,
                        name,
                        rules,
                        suggestion,
                    } => say!(
                        self,
                        "csv-unknown-column",
                        column = *column,
                        name = &self.quote(name),
                        rules = rules,
                        hint = &self.hint(suggestion)
                    ),
                };
                say!(self, "input-csv-header", name = name, problem = &problem)
            }
            InputProblem::CsvUnreadable { what } => {
                say!(self, "input-csv-unreadable", name = name, what = what)
            }
            InputProblem::CsvHeaderTooLarge { limit } => say!(
                self,
                "input-csv-header-too-large",
                name = name,
                limit = *limit as u64
            ),
            InputProblem::CsvHeaderUnclosedQuote => {
                say!(self, "input-csv-header-unclosed-quote", name = name)
            }
        }
    }

    pub(super) fn usage(&self, usage: &Usage) -> String {
        match usage {
            Usage::SummaryOverwrites { path, input } => match input {
                Some(name) => say!(
                    self,
                    "usage-summary-overwrites-input",
                    path = &escape_control(path),
                    input = &self.quote(name)
                ),
                None => say!(
                    self,
                    "usage-summary-overwrites-stdout",
                    path = &escape_control(path)
                ),
            },
            Usage::AskOptionsBeforeCommand => {
                text!(self, "usage-ask-options-before-command").into()
            }
            Usage::NotExportable { question } => {
                say!(self, "usage-not-exportable", question = question)
            }
            Usage::NotAUri { option, value } => say!(
                self,
                "usage-not-a-uri",
                option = *option,
                value = &self.quote_up_to(value, 200)
            ),
            Usage::StdinTwice => text!(self, "usage-stdin-twice").into(),
            Usage::StdinIsTerminal => text!(self, "usage-stdin-is-terminal").into(),
            Usage::NoTerminal => text!(self, "usage-no-terminal").into(),
            Usage::NoSuchFactor {
                id,
                rules,
                suggestion,
            } => say!(
                self,
                "usage-no-such-factor",
                id = &self.quote(id),
                rules = rules,
                hint = &self.hint(suggestion)
            ),
            Usage::NoSuchDemo { name, suggestion } => say!(
                self,
                "usage-no-such-demo",
                name = &self.quote(name),
                hint = &self.hint(suggestion)
            ),
            Usage::Mapping(p) => {
                use crate::problem::MappingProblem as M;
                match p.as_ref() {
                    M::Syntax { option, text } => {
                        let form = self.text(match *option {
                            "--map" => "mapping-form-map",
                            "--unit" => "mapping-form-unit",
                            "combine" => "mapping-form-combine",
                            _ => "mapping-form-codes",
                        });
                        say!(
                            self,
                            "mapping-syntax",
                            option = *option,
                            text = &self.quote(text),
                            form = form
                        )
                    }
                    M::UnknownQuestion { id, suggestion } => say!(
                        self,
                        "mapping-unknown-question",
                        id = &self.quote(id),
                        hint = &self.hint(suggestion)
                    ),
                    M::BadUnit {
                        question,
                        unit,
                        known,
                    } if known.is_empty() => say!(
                        self,
                        "mapping-unit-not-number",
                        question = question,
                        unit = &self.quote(unit)
                    ),
                    M::BadUnit {
                        question,
                        unit,
                        known,
                    } => say!(
                        self,
                        "mapping-bad-unit",
                        question = question,
                        unit = &self.quote(unit),
                        known = &known.join(", ")
                    ),
                    M::BadAnswer {
                        question,
                        code,
                        answer,
                    } => say!(
                        self,
                        "mapping-bad-answer",
                        question = question,
                        code = &self.quote(code),
                        answer = &self.quote(answer)
                    ),
                    M::File { what } => say!(self, "mapping-file", what = what),
                    M::KeyInNoRecord { key } => {
                        say!(self, "mapping-key-in-no-record", key = &self.quote(key))
                    }
                    M::ColumnNotInInput { column, nearest } => say!(
                        self,
                        "mapping-column-not-in-input",
                        column = &self.quote(column),
                        nearest = &nearest
                            .iter()
                            .map(|n| self.quote(n))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                }
            }
            Usage::NoSuchLanguage { tag, known } => say!(
                self,
                "usage-no-such-language",
                tag = &self.quote(tag),
                known = &known.join(", ")
            ),
            Usage::NoDemos { rules } => say!(self, "usage-no-demos", rules = rules),
            Usage::NoSuchRuleSet {
                name,
                suggestion,
                known,
            } => say!(
                self,
                "usage-no-such-rule-set",
                name = &self.quote(name),
                hint = &self.hint(suggestion),
                known = &self.enumerate(known)
            ),
            Usage::FactorByWords {
                query,
                rules,
                factors,
            } => say!(
                self,
                "usage-factor-by-words",
                query = &self.quote(query),
                rules = rules,
                matches = &self.factor_matches(factors)
            ),
            Usage::QuestionNotFactor { question, factors } => match factors.as_slice() {
                [only] => say!(
                    self,
                    "usage-question-not-factor-one",
                    question = question,
                    factor = only
                ),
                _ => say!(
                    self,
                    "usage-question-not-factor",
                    question = question,
                    factors = &self.join(factors, "factors-separator", "factors-last")
                ),
            },
            Usage::SaveExists { path } => {
                say!(self, "usage-save-exists", path = &escape_control(path))
            }
            Usage::NoSuchCommand { name, suggestion } => say!(
                self,
                "usage-no-such-command",
                name = &self.quote(name),
                hint = &self.hint(suggestion)
            ),
            Usage::FileAsCommand { path } => {
                say!(self, "usage-file-as-command", path = &escape_control(path))
            }
            Usage::OptionDoesNothing {
                option,
                here,
                applies,
            } => say!(
                self,
                "usage-option-does-nothing",
                option = *option,
                here = here,
                applies = &applies.join(", ")
            ),
            Usage::OptionOfCommands {
                given,
                option,
                commands,
            } => say!(
                self,
                "usage-option-of-commands",
                given = &escape_control(given),
                option = option,
                commands = &commands.join(", ")
            ),
            Usage::SummaryToTerminal { format } => {
                say!(self, "usage-summary-to-terminal", format = *format)
            }
        }
    }

    /// What a number question accepts, as the tail of a sentence about a wrong answer.
    pub(super) fn expected(self, spec: &NumberSpec) -> String {
        if spec.examples.is_empty() {
            say!(self, "expected-number-of", unit = &spec.unit)
        } else {
            let examples = self.enumerate(&spec.examples);
            say!(self, "expected-examples", examples = &examples)
        }
    }

    pub(super) fn range_problem(self, p: RangeProblem, spec: &NumberSpec) -> String {
        match p {
            RangeProblem::NotFinite => text!(self, "range-not-finite").into(),
            RangeProblem::Negative => text!(self, "range-negative").into(),
            RangeProblem::OutOfRange => {
                say!(self, "range-outside", range = &self.range(spec))
            }
        }
    }

    pub(super) fn notation_problem(self, spec: &NumberSpec, p: &NotationProblem) -> String {
        use NotationProblem::*;
        let expected = || self.expected(spec);
        let plus_name = || {
            spec.plus_unit
                .map(|i| self.unit_name(&spec.units[i]))
                .unwrap_or_default()
        };
        match p {
            Negative => say!(self, "notation-negative", expected = &expected()),
            DecimalComma => text!(self, "notation-decimal-comma").into(),
            PlusNotUsed => say!(self, "notation-plus-not-used", expected = &expected()),
            OneBeforePlus => say!(self, "notation-one-before-plus", expected = &expected()),
            OneAfterPlus => say!(self, "notation-one-after-plus", expected = &expected()),
            PlusWithUnits => say!(self, "notation-plus-with-units", expected = &expected()),
            PlusWrongUnit { unit } => say!(
                self,
                "notation-plus-wrong-unit",
                plus_name = &plus_name(),
                unit = &self.quote(unit)
            ),
            PlusTooLarge { amount, bound } => say!(
                self,
                "notation-plus-too-large",
                amount = &short(amount),
                plus_name = &plus_name(),
                unit_one = &self.unit_one(spec),
                bound = &format_plain(*bound, 3)
            ),
            NoNumber => say!(self, "notation-no-number", expected = &expected()),
            FractionBeforeSmaller { amount, readings } => {
                let readings: Vec<String> = readings
                    .iter()
                    .map(|r| crate::notation::with_unit(*r, spec))
                    .collect();
                let readings = self.join(&readings, "readings-separator", "readings-last");
                say!(
                    self,
                    "notation-fraction-before-smaller",
                    amount = &short(amount),
                    readings = &readings,
                    expected = &expected()
                )
            }
            PartWithoutUnit { amount } => say!(
                self,
                "notation-part-without-unit",
                amount = &self.quote(amount),
                expected = &expected()
            ),
            UnitOrder { unit, previous } => say!(
                self,
                "notation-unit-order",
                unit = unit,
                previous = previous
            ),
            PartTooLarge {
                amount,
                unit,
                previous,
                bound,
            } => say!(
                self,
                "notation-part-too-large",
                amount = &short(amount),
                unit = unit,
                previous = previous,
                bound = &format_plain(*bound, 3)
            ),
            UnknownUnit { name, suggestion } => {
                if spec.units.is_empty() {
                    say!(
                        self,
                        "notation-unknown-unit-plain",
                        name = &self.quote(name),
                        unit = &spec.unit
                    )
                } else {
                    let symbols: Vec<&str> = spec.units.iter().map(|u| u.symbol.as_str()).collect();
                    say!(
                        self,
                        "notation-unknown-unit",
                        name = &self.quote(name),
                        hint = &self.hint(suggestion),
                        symbols = &self.enumerate(&symbols)
                    )
                }
            }
            RegionalUnit {
                name,
                region,
                explicit,
            } => {
                let mut regions: Vec<&str> = spec
                    .units
                    .iter()
                    .filter(|u| u.names.contains(name))
                    .flat_map(|u| u.regions.iter().map(String::as_str))
                    .collect();
                regions.dedup();
                let explicit: Vec<&str> = explicit.iter().map(String::as_str).collect();
                say!(
                    self,
                    "notation-regional-unit",
                    name = &self.quote(name),
                    region = region.as_deref().unwrap_or("none"),
                    units = &self.enumerate(&explicit),
                    regions = &self.enumerate(&regions)
                )
            }
            ExpectedNumberAt { rest } => {
                say!(
                    self,
                    "notation-expected-number-at",
                    rest = &self.quote(rest)
                )
            }
            Unexpected { found } => say!(
                self,
                "notation-unexpected",
                found = &self.quote(found.encode_utf8(&mut [0; 4]))
            ),
            NotANumber { text } => say!(self, "notation-not-a-number", text = &self.quote(text)),
            TooLarge => text!(self, "notation-too-large").into(),
            TooManyDigits { limit, .. } => {
                say!(self, "notation-too-many-digits", limit = *limit)
            }
            TooManyParts { limit } => say!(self, "notation-too-many-parts", limit = *limit),
        }
    }
}
