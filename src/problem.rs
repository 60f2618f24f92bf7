//! What can be wrong, as data: with a record, a written number, a rule file, an input
//! stream or the command line. Each kind has a stable machine-readable `code` (part of the
//! JSON contract, the same in every language); the sentence a person reads is made from it
//! in `words`, in the language of the run.

/// The kind of a JSON value, for "expected ..., found an array".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonKind {
    Null,
    Boolean,
    Number,
    String,
    Array,
    Object,
}

impl JsonKind {
    pub fn of(value: &serde_json::Value) -> JsonKind {
        use serde_json::Value;
        match value {
            Value::Null => JsonKind::Null,
            Value::Bool(_) => JsonKind::Boolean,
            Value::Number(_) => JsonKind::Number,
            Value::String(_) => JsonKind::String,
            Value::Array(_) => JsonKind::Array,
            Value::Object(_) => JsonKind::Object,
        }
    }
}

/// What a number question was given instead of a number.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    Kind(JsonKind),
    Bool(bool),
}

/// Why a value in a question's base unit is not plausible.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeProblem {
    NotFinite,
    Negative,
    OutOfRange,
}

impl RangeProblem {
    pub fn code(self) -> &'static str {
        match self {
            RangeProblem::NotFinite => "not_a_number",
            RangeProblem::Negative => "negative",
            RangeProblem::OutOfRange => "out_of_range",
        }
    }
}

/// Why written text is not a number in the question's notation. Texts are kept as written
/// (the words module shortens and quotes them).
#[derive(Debug, Clone, PartialEq)]
pub enum NotationProblem {
    Negative,
    DecimalComma,
    PlusNotUsed,
    OneBeforePlus,
    OneAfterPlus,
    PlusWithUnits,
    /// A unit after "+" that is not the plus unit.
    PlusWrongUnit {
        unit: String,
    },
    /// "31+7": the part after "+" makes a whole base unit or more.
    PlusTooLarge {
        amount: String,
        bound: f64,
    },
    NoNumber,
    /// "31.5+4", "4.5 lb 15 oz": a fraction before a smaller unit; `readings` are the
    /// values (in base units) it could mean.
    FractionBeforeSmaller {
        amount: String,
        readings: Vec<f64>,
    },
    PartWithoutUnit {
        amount: String,
    },
    UnitOrder {
        unit: String,
        previous: String,
    },
    PartTooLarge {
        amount: String,
        unit: String,
        previous: String,
        bound: f64,
    },
    UnknownUnit {
        name: String,
        suggestion: Option<String>,
    },
    /// A name several regions' units share (a bare 斤) when the region of the run has
    /// none of them or is not known: `explicit` are those units' own names (台斤, 市斤).
    RegionalUnit {
        name: String,
        region: Option<String>,
        explicit: Vec<String>,
    },
    ExpectedNumberAt {
        rest: String,
    },
    Unexpected {
        found: char,
    },
    NotANumber {
        text: String,
    },
    TooLarge,
    TooManyParts {
        limit: usize,
    },
    /// More significant digits than a double holds exactly: the value could be read as
    /// its neighbour, across a cut-off ("31.99999999999999999" is 32.0 as a double).
    TooManyDigits {
        text: String,
        limit: usize,
    },
}

impl NotationProblem {
    pub fn code(&self) -> &'static str {
        use NotationProblem::*;
        match self {
            Negative => "negative",
            DecimalComma => "decimal_comma",
            UnknownUnit { .. } => "unknown_unit",
            RegionalUnit { .. } => "regional_unit",
            PlusTooLarge { .. } | PartTooLarge { .. } => "part_too_large",
            FractionBeforeSmaller { .. } => "ambiguous_fraction",
            PartWithoutUnit { .. } => "missing_unit",
            NoNumber | ExpectedNumberAt { .. } | NotANumber { .. } | TooLarge => "not_a_number",
            TooManyDigits { .. } => "too_many_digits",
            PlusNotUsed
            | OneBeforePlus
            | OneAfterPlus
            | PlusWithUnits
            | PlusWrongUnit { .. }
            | UnitOrder { .. }
            | Unexpected { .. }
            | TooManyParts { .. } => "bad_notation",
        }
    }
}

/// A written or given number that was not accepted.
#[derive(Debug, Clone, PartialEq)]
pub enum NotationError {
    /// The text does not follow the notation.
    Syntax {
        text: String,
        problem: NotationProblem,
    },
    /// The number was read (`value`, in the base unit) but is not plausible. `plain` is
    /// true when the text was the number itself, so the message need not convert it.
    Range {
        text: String,
        plain: bool,
        value: f64,
        problem: RangeProblem,
    },
}

impl NotationError {
    pub fn code(&self) -> &'static str {
        match self {
            NotationError::Syntax { problem, .. } => problem.code(),
            NotationError::Range { problem, .. } => problem.code(),
        }
    }
}

/// Every code a record's error can have (`errors[].code`), in the order of the README's
/// table: the codes of the errors CodeSystem (`cp-screen export errors`).
pub const RECORD_ERROR_CODES: &[&str] = &[
    "unknown_field",
    "duplicate_field",
    "invalid_id",
    "not_yes_no",
    "not_a_code",
    "wrong_type",
    "not_a_number",
    "too_many_digits",
    "out_of_range",
    "negative",
    "unknown_unit",
    "regional_unit",
    "missing_unit",
    "part_too_large",
    "ambiguous_fraction",
    "decimal_comma",
    "bad_notation",
    "not_an_object",
    "invalid_json",
    "record_too_large",
    "empty_element",
    "csv_cell_count",
    "not_utf8",
    "not_asked",
    "other_rule_set",
    "invalid_saved_with",
    "csv_unclosed_quote",
    "more_errors",
    "fhir_not_a_response",
    "fhir_other_questionnaire",
    "fhir_entered_in_error",
    "fhir_invalid",
    "fhir_several_answers",
    "fhir_no_value",
    "fhir_unsupported_value",
    "fhir_unknown_coding",
    "fhir_unknown_unit",
    "fhir_comparator",
];

/// Where a whole record sits, for "the record at line 7 is ... bytes long".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordPlace {
    Line(u64),
    ArrayElement(u64),
    CsvRow(u64),
}

/// A problem with one record (or one field of it). The record is reported invalid, and
/// every other record goes on.
#[derive(Debug, Clone, PartialEq)]
pub enum RecordProblem {
    GivenTwice {
        /// "id" is given twice, or a question.
        is_id: bool,
    },
    InvalidId {
        found: JsonKind,
    },
    UnknownField {
        /// The rule set's `id@version`.
        rules: String,
        suggestion: Option<String>,
    },
    NotYesNo {
        text: String,
    },
    /// A value of a question whose codes (`--codes`) replace its built-in answers that is
    /// none of them.
    NotACode {
        text: String,
        codes: Vec<String>,
    },
    NumberForYesNo {
        shown: String,
    },
    WrongTypeForYesNo {
        found: JsonKind,
    },
    /// A number question given a boolean, an array or an object.
    WrongTypeForNumber {
        question: usize,
        found: Found,
    },
    UnusableNumber {
        shown: String,
    },
    Number {
        question: usize,
        error: NotationError,
    },
    NotAnObject {
        found: JsonKind,
    },
    InvalidJson {
        /// Line and column in the whole input, when the input has lines.
        at: Option<(u64, u64)>,
        /// The JSON parser's own description (not translated).
        what: String,
        cut_short: bool,
    },
    TooLarge {
        place: RecordPlace,
        bytes: u64,
        limit: usize,
    },
    EmptyArrayElement {
        element: u64,
        line: u64,
        column: u64,
    },
    CsvCellCount {
        row: u64,
        cells: usize,
        columns: usize,
    },
    CsvNotUtf8 {
        row: u64,
        column: String,
        byte: usize,
    },
    /// An answer to a question that is not asked for this record: its `ask_when` is false.
    NotAsked {
        question: usize,
    },
    /// The record names the rule set it was saved with (`cp_screen`), and that is not the
    /// rule set screening it.
    OtherRuleSet {
        /// `id@version (sha256:…)` of the saved record and of the rules in use.
        saved: String,
        used: String,
        /// The embedded rule set the record names, when it is one (same version and hash).
        embedded: Option<String>,
    },
    /// `cp_screen` is not what the questionnaire writes: `expected` names what is missing
    /// or wrong.
    InvalidSavedWith {
        expected: String,
    },
    /// The input ended inside a quoted cell of this CSV row.
    CsvUnclosedQuote {
        row: u64,
    },
    /// More errors than a record keeps: these many more were found.
    MoreErrors {
        count: u64,
    },
    /// A whole-record problem of an element of a top-level array.
    InArray {
        element: u64,
        inner: Box<RecordProblem>,
    },
    /// A FHIR QuestionnaireResponse that cannot be read as answers.
    Fhir(FhirProblem),
}

/// What is wrong with a FHIR QuestionnaireResponse, or with one of its answers.
#[derive(Debug, Clone, PartialEq)]
pub enum FhirProblem {
    /// Another resource (`found`), or no `resourceType` at all.
    NotAResponse { found: Option<String> },
    /// The response answers another questionnaire (or another version of this one).
    OtherQuestionnaire {
        found: String,
        expected: String,
        /// The embedded rule set whose questionnaire it is, if one is.
        embedded: Option<String>,
    },
    /// `status` is `entered-in-error`: the response was recorded by mistake.
    EnteredInError,
    /// The resource's shape is wrong at `path` (serde's description in `what`).
    Structure { path: String, what: String },
    /// A Bundle's `entry[index]` is not an object.
    EntryNotAnObject { index: u64 },
    /// A Bundle's `entry` is not an array.
    EntriesNotAnArray,
    /// A question answered more than once (R4 `answer` is a list; questions do not repeat).
    SeveralAnswers { count: usize },
    /// An answer with no `value[x]` (or a quantity without a value).
    NoValue,
    /// A `value[x]` of a type cp-screen does not read (`valueDate`).
    UnsupportedValue { key: String },
    /// A coding that is not yes, no or unknown.
    UnknownCoding {
        system: Option<String>,
        code: String,
    },
    /// A quantity in a unit the question does not take; `accepted` are UCUM codes.
    UnknownUnit { unit: String, accepted: Vec<String> },
    /// A quantity with a comparator (`<1500 g`): not one value.
    Comparator { comparator: String },
}

impl FhirProblem {
    pub fn code(&self) -> &'static str {
        use FhirProblem::*;
        match self {
            NotAResponse { .. } => "fhir_not_a_response",
            OtherQuestionnaire { .. } => "fhir_other_questionnaire",
            EnteredInError => "fhir_entered_in_error",
            Structure { .. } | EntryNotAnObject { .. } | EntriesNotAnArray => "fhir_invalid",
            SeveralAnswers { .. } => "fhir_several_answers",
            NoValue => "fhir_no_value",
            UnsupportedValue { .. } => "fhir_unsupported_value",
            UnknownCoding { .. } => "fhir_unknown_coding",
            UnknownUnit { .. } => "fhir_unknown_unit",
            Comparator { .. } => "fhir_comparator",
        }
    }
}

impl RecordProblem {
    /// The stable code in `errors[].code`.
    pub fn code(&self) -> &'static str {
        use RecordProblem::*;
        match self {
            GivenTwice { .. } => "duplicate_field",
            InvalidId { .. } => "invalid_id",
            UnknownField { .. } => "unknown_field",
            NotYesNo { .. } | NumberForYesNo { .. } => "not_yes_no",
            NotACode { .. } => "not_a_code",
            WrongTypeForYesNo { .. } | WrongTypeForNumber { .. } => "wrong_type",
            UnusableNumber { .. } => "not_a_number",
            Number { error, .. } => error.code(),
            NotAnObject { .. } => "not_an_object",
            InvalidJson { .. } => "invalid_json",
            TooLarge { .. } => "record_too_large",
            EmptyArrayElement { .. } => "empty_element",
            CsvCellCount { .. } => "csv_cell_count",
            CsvNotUtf8 { .. } => "not_utf8",
            NotAsked { .. } => "not_asked",
            OtherRuleSet { .. } => "other_rule_set",
            InvalidSavedWith { .. } => "invalid_saved_with",
            CsvUnclosedQuote { .. } => "csv_unclosed_quote",
            InArray { inner, .. } => inner.code(),
            MoreErrors { .. } => "more_errors",
            Fhir(problem) => problem.code(),
        }
    }
}

/// A problem found in a rule file, at `place` (a path such as `factors[3].when.any[1]`;
/// empty for the whole file).
#[derive(Debug, Clone, PartialEq)]
pub struct RuleProblem {
    pub place: String,
    pub kind: RuleProblemKind,
}

/// Which list an unknown reference points into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    Section,
    Tier,
    Factor,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RuleProblemKind {
    FileTooLarge {
        bytes: u64,
        limit: usize,
    },
    NotUtf8 {
        offset: usize,
    },
    EmptyFile,
    NotAnObject {
        found: JsonKind,
    },
    /// The JSON parser's or the typed loader's own description (not translated).
    Structure {
        what: String,
    },
    ControlCharacter {
        code_point: u32,
    },
    Empty,
    IdCharacters {
        id: String,
    },
    DuplicateId {
        id: String,
        first: String,
    },
    NoQuestions,
    NoFactors,
    UnknownReference {
        what: RefKind,
        id: String,
        suggestion: Option<String>,
        known: Vec<String>,
    },
    ReservedId {
        id: String,
    },
    /// A factor id that is one of the results table's own columns (`status`, `errors`...):
    /// the table and its codebook would have two columns of that name.
    TableColumnId {
        id: String,
    },
    /// A URL or URI of the `fhir` block that FHIR does not take as one (empty, no scheme,
    /// spaces, or the `|` that separates a canonical URL from its version).
    NotAUri {
        value: String,
    },
    OnlyNumberQuestions {
        field: String,
    },
    MissingRange {
        field: String,
    },
    MissingUnit,
    /// A key that must come with another one: `key` is missing beside `with`.
    MissingKey {
        key: String,
        with: String,
    },
    EmptyRange {
        min: f64,
        max: f64,
    },
    NegativeMin {
        min: f64,
    },
    /// A unit whose size (factor / per) is zero, infinite or absurd.
    UnitSizeAbsurd {
        size: f64,
    },
    TooManyDecimals {
        decimals: u64,
        limit: usize,
    },
    NotPositive {
        value: f64,
    },
    UnitWithoutName,
    UnitNameNotLetters {
        name: String,
    },
    UnitNameTwice {
        name: String,
    },
    UnknownPlusUnit {
        symbol: String,
        suggestion: Option<String>,
    },
    TooDeep {
        limit: usize,
    },
    NotACondition {
        found: JsonKind,
    },
    CombinatorNotAlone {
        key: String,
        others: Vec<String>,
    },
    NotAConditionList {
        key: String,
        found: JsonKind,
    },
    EmptyCombinator {
        key: String,
    },
    UnknownConditionKey {
        key: String,
        suggestion: Option<String>,
    },
    NoQuestion,
    QuestionNotAString {
        found: JsonKind,
    },
    NoComparison,
    SeveralComparisons {
        keys: Vec<String>,
    },
    UnknownQuestion {
        id: String,
        suggestion: Option<String>,
    },
    NumericOnYesNo {
        question: String,
    },
    NotYesOrNo {
        question: String,
        found: String,
    },
    TargetOutOfRange {
        value: f64,
        question: String,
        min: f64,
        max: f64,
        unit: String,
    },
    NotANumberTarget {
        question: String,
        found: String,
    },
    /// A question's `ask_when` reads a question that is not asked before it.
    AskWhenNotEarlier {
        question: String,
    },
    /// `languages` is not a non-empty list of language tags.
    BadLanguages,
    /// `translations` is not `{language: {field: text}}`, or a text is of the wrong kind.
    BadTranslations,
    /// A translation into a language the file does not declare (or into its base).
    UndeclaredLanguage {
        lang: String,
        declared: Vec<String>,
    },
    /// A translation of a field that is not a text of the object.
    UnknownTranslatedText {
        field: String,
        known: Vec<String>,
    },
    /// A text without its translation into a declared language.
    MissingTranslation {
        lang: String,
    },
}

impl RuleProblemKind {
    pub fn code(&self) -> &'static str {
        use RuleProblemKind::*;
        match self {
            FileTooLarge { .. } => "file_too_large",
            NotUtf8 { .. } => "not_utf8",
            EmptyFile => "empty_file",
            NotAnObject { .. }
            | NotACondition { .. }
            | NotAConditionList { .. }
            | QuestionNotAString { .. } => "wrong_type",
            Structure { .. } => "invalid_structure",
            ControlCharacter { .. } => "control_character",
            Empty => "empty_value",
            IdCharacters { .. } => "invalid_id",
            DuplicateId { .. } => "duplicate_id",
            NoQuestions | NoFactors | EmptyCombinator { .. } => "empty_list",
            UnknownReference { .. } | UnknownPlusUnit { .. } | UnknownQuestion { .. } => {
                "unknown_reference"
            }
            ReservedId { .. } | TableColumnId { .. } => "reserved_id",
            NotAUri { .. } => "invalid_uri",
            OnlyNumberQuestions { .. } => "misplaced_key",
            MissingRange { .. }
            | MissingUnit
            | MissingKey { .. }
            | UnitWithoutName
            | NoQuestion
            | NoComparison => "missing_key",
            EmptyRange { .. } => "empty_range",
            NegativeMin { .. } | NotPositive { .. } => "not_positive",
            UnitSizeAbsurd { .. } | TooManyDecimals { .. } => "out_of_range",
            UnitNameNotLetters { .. } => "invalid_unit_name",
            UnitNameTwice { .. } => "duplicate_unit_name",
            TooDeep { .. } => "too_deep",
            CombinatorNotAlone { .. } | SeveralComparisons { .. } => "invalid_condition",
            UnknownConditionKey { .. } => "unknown_key",
            NumericOnYesNo { .. } | NotYesOrNo { .. } | NotANumberTarget { .. } => {
                "invalid_comparison"
            }
            TargetOutOfRange { .. } => "out_of_range",
            AskWhenNotEarlier { .. } => "condition_order",
            BadLanguages => "invalid_languages",
            BadTranslations => "invalid_translations",
            UndeclaredLanguage { .. } => "undeclared_language",
            UnknownTranslatedText { .. } => "unknown_text",
            MissingTranslation { .. } => "missing_translation",
        }
    }
}

/// Why a CSV header was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum HeaderProblem {
    ColumnTwice {
        column: usize,
        name: String,
    },
    UnknownColumn {
        column: usize,
        name: String,
        rules: String,
        suggestion: Option<String>,
    },
}

/// How a top-level array broke off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArrayBreak {
    EndsInside,
    TextAfter,
    UnexpectedBrace,
}

/// Input that cannot be read as records at all: the run stops (exit 2) after writing the
/// results of every record before it.
#[derive(Debug, Clone, PartialEq)]
pub enum InputProblem {
    Empty,
    NotRecords {
        line: u64,
        column: u64,
        /// A JSON value that is not a record (true), or text that is not JSON.
        json_value: bool,
        shown: String,
    },
    NotJsonAfter {
        records: usize,
        what: String,
    },
    ArrayBroken {
        how: ArrayBreak,
        line: u64,
        column: u64,
        records: u64,
    },
    CsvNoHeader,
    CsvHeader(HeaderProblem),
    CsvUnreadable {
        what: String,
    },
    CsvHeaderTooLarge {
        limit: usize,
    },
    CsvHeaderUnclosedQuote,
    /// A FHIR Bundle file larger than cp-screen reads whole.
    FhirBundleTooLarge {
        limit: usize,
    },
}

impl InputProblem {
    pub fn code(&self) -> &'static str {
        match self {
            InputProblem::Empty => "empty_input",
            InputProblem::NotRecords { .. } => "not_records",
            InputProblem::NotJsonAfter { .. } => "invalid_json",
            InputProblem::ArrayBroken { how, .. } => match how {
                ArrayBreak::EndsInside => "truncated_array",
                ArrayBreak::TextAfter => "text_after_array",
                ArrayBreak::UnexpectedBrace => "invalid_json",
            },
            InputProblem::CsvNoHeader => "csv_no_header",
            InputProblem::CsvHeader(HeaderProblem::ColumnTwice { .. }) => "csv_duplicate_column",
            InputProblem::CsvHeader(HeaderProblem::UnknownColumn { .. }) => "csv_unknown_column",
            InputProblem::CsvUnreadable { .. } => "csv_unreadable",
            InputProblem::CsvHeaderTooLarge { .. } => "csv_header_too_large",
            InputProblem::CsvHeaderUnclosedQuote => "csv_unclosed_quote",
            InputProblem::FhirBundleTooLarge { .. } => "fhir_bundle_too_large",
        }
    }
}

/// A command line that cannot be carried out as typed.
#[derive(Debug, Clone, PartialEq)]
pub enum Usage {
    /// `--summary-file` names an input file (`input`) or the file standard output goes to
    /// (`input` is `None`): the summary would destroy it.
    SummaryOverwrites {
        path: String,
        input: Option<String>,
    },
    AskOptionsBeforeCommand,
    StdinTwice,
    StdinIsTerminal,
    NoTerminal,
    NoSuchFactor {
        id: String,
        rules: String,
        suggestion: Option<String>,
    },
    NoSuchDemo {
        name: String,
        suggestion: Option<String>,
    },
    NoSuchRuleSet {
        name: String,
        suggestion: Option<String>,
        known: Vec<String>,
    },
    /// A mapping (`--map`, `--codes`, `--unit`, `--mapping`) that does not fit the rules.
    Mapping(Box<MappingProblem>),
    /// `--lang` names a language cp-screen does not speak.
    NoSuchLanguage {
        tag: String,
        known: Vec<String>,
    },
    /// `demo` with a rule file that has no worked examples.
    NoDemos {
        rules: String,
    },
    /// `factors QUERY`: no factor has that id, but the words are found in these factors.
    FactorByWords {
        query: String,
        rules: String,
        factors: Vec<String>,
    },
    /// `factors QUESTION_ID`: a question, not a factor; these factors use it.
    QuestionNotFactor {
        question: String,
        factors: Vec<String>,
    },
    /// `--save FILE` names a file that exists, and `--force` was not given.
    SaveExists {
        path: String,
    },
    /// `cp-screen FILE`: an existing file where a command was expected.
    FileAsCommand {
        path: String,
    },
    /// `cp-screen man NAME`: no command of that name.
    NoSuchCommand {
        name: String,
        suggestion: Option<String>,
    },
    /// A question's `ask_when` that FHIR `enableWhen` cannot say (a `not`, or `all`
    /// inside `any`).
    NotExportable {
        question: String,
    },
    /// An option that does nothing in the mode chosen (`--bom` with `--format json`):
    /// refused, since whoever wrote it expects it to act. The strings are command-line
    /// words, the same in every language.
    OptionDoesNothing {
        option: &'static str,
        /// The mode, as the command line chose it (`--format json`).
        here: String,
        /// Where the option acts (`--format csv`, `--format tsv`).
        applies: Vec<&'static str>,
    },
    /// An option given before any command that belongs to commands (`--format`), or is
    /// close to one (`--formt`): `commands` take it.
    OptionOfCommands {
        given: String,
        option: String,
        commands: Vec<String>,
    },
    /// A summary that is a picture or a page (`--summary-format svg`) with no
    /// `--summary-file`, and standard error is a terminal.
    SummaryToTerminal {
        format: &'static str,
    },
    /// `--fhir-base` or `--id-system` that is not an absolute URI (a scheme, then no
    /// white space or control character).
    NotAUri {
        option: &'static str,
        value: String,
    },
}

impl Usage {
    pub fn code(&self) -> &'static str {
        match self {
            Usage::SummaryOverwrites { .. } => "summary_overwrites",
            Usage::AskOptionsBeforeCommand => "misplaced_option",
            Usage::StdinTwice => "stdin_twice",
            Usage::StdinIsTerminal => "stdin_is_terminal",
            Usage::NoTerminal => "no_terminal",
            Usage::NoSuchFactor { .. } => "unknown_factor",
            Usage::NoSuchDemo { .. } => "unknown_demo",
            Usage::NoSuchRuleSet { .. } => "unknown_rule_set",
            Usage::NoDemos { .. } => "no_demos",
            Usage::NoSuchLanguage { .. } => "unknown_language",
            Usage::Mapping(p) => p.code(),
            Usage::FactorByWords { .. } => "unknown_factor",
            Usage::QuestionNotFactor { .. } => "question_not_factor",
            Usage::SaveExists { .. } => "save_exists",
            Usage::FileAsCommand { .. } => "file_as_command",
            Usage::NoSuchCommand { .. } => "unknown_command",
            Usage::NotExportable { .. } => "not_exportable",
            Usage::OptionDoesNothing { .. } => "option_does_nothing",
            Usage::SummaryToTerminal { .. } => "summary_to_terminal",
            Usage::OptionOfCommands { .. } => "unknown_option",
            Usage::NotAUri { .. } => "not_a_uri",
        }
    }
}

/// A mapping that does not fit the rule set.
#[derive(Debug, Clone, PartialEq)]
pub enum MappingProblem {
    /// `COLUMN=QUESTION`, `QUESTION:CODE=ANSWER,...` or `QUESTION=UNIT` written otherwise.
    Syntax { option: &'static str, text: String },
    UnknownQuestion {
        id: String,
        suggestion: Option<String>,
    },
    /// A unit for a question that is not a number question, or a unit it does not have.
    BadUnit {
        question: String,
        unit: String,
        known: Vec<String>,
    },
    /// A code that stands for something that is not an answer to its question.
    BadAnswer {
        question: String,
        code: String,
        answer: String,
    },
    /// The mapping file cannot be read as one.
    File { what: String },
    /// A column the mapping names (mapped, combined or kept) that no input's header has,
    /// with the header names nearest to it.
    ColumnNotInInput {
        column: String,
        nearest: Vec<String>,
    },
    /// A key the mapping names (mapped or kept) that no JSON record of the run has.
    KeyInNoRecord { key: String },
}

impl MappingProblem {
    pub fn code(&self) -> &'static str {
        match self {
            MappingProblem::Syntax { .. } | MappingProblem::File { .. } => "invalid_mapping",
            MappingProblem::UnknownQuestion { .. } => "unknown_question",
            MappingProblem::BadUnit { .. } => "unknown_unit",
            MappingProblem::BadAnswer { .. } => "invalid_code",
            MappingProblem::ColumnNotInInput { .. } | MappingProblem::KeyInNoRecord { .. } => {
                "mapped_column_missing"
            }
        }
    }
}
