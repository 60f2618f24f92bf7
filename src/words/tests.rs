//! The words of every language: what the catalogs say, tested through [`Words`].

use super::*;
use crate::locale::is_han;
use crate::problem::{
    ArrayBreak, Found, HeaderProblem, JsonKind, NotationProblem, RangeProblem, RecordPlace,
    RefKind, RuleProblemKind,
};
use crate::rules::ConfidenceLevel;

const ZH: Lang = Lang::ZhHans;
const EN: Lang = Lang::En;

fn all_phrases() -> Vec<Phrase> {
    super::say::ALL_PHRASES.to_vec()
}

/// `s` without its `code spans`.
fn without_code(s: &str) -> String {
    s.split('`').step_by(2).collect()
}

/// A Chinese sentence: it has Chinese in it, and no half-width `,;:()` next to a
/// Chinese character (inside `code` anything goes).
fn assert_chinese(s: &str) {
    assert!(s.chars().any(is_han), "no Chinese in {s:?}");
    let text = without_code(s);
    let chars: Vec<char> = text.chars().collect();
    for pair in chars.windows(2) {
        let [a, b] = [pair[0], pair[1]];
        let ascii_punct = |c: char| matches!(c, ',' | ';' | ':' | '(' | ')' | '!' | '?');
        assert!(
            !(is_han(a) && ascii_punct(b) || ascii_punct(a) && is_han(b)),
            "half-width punctuation beside Chinese in {s:?}"
        );
    }
}

fn rules() -> RuleSet {
    RuleSet::default_rules()
}

fn spec_of<'a>(rules: &'a RuleSet, id: &str) -> &'a NumberSpec {
    let q = rules.question_index(id).expect("the default set asks it");
    match &rules.questions[q].kind {
        QuestionKind::Number(spec) => spec,
        QuestionKind::YesNo => panic!("{id} is a number question"),
    }
}

#[test]
fn registered_as_zh_hans() {
    let (_, tag, words) = super::LANGUAGES
        .iter()
        .find(|(l, _, _)| *l == Lang::ZhHans)
        .expect("zh-Hans is registered");
    assert_eq!(*tag, "zh-Hans");
    assert_eq!(words.phrase(Phrase::Yes), "有");
}

#[test]
fn every_phrase_is_chinese_and_differs_from_english() {
    for p in all_phrases() {
        let zh = ZH.phrase(p);
        assert!(!zh.trim().is_empty(), "{p:?} is empty");
        assert_ne!(zh, EN.phrase(p), "{p:?} is English");
        assert_chinese(zh);
        // No English words outside commands: only the program's name may appear, and the
        // name printed on the Esc key.
        let text = without_code(zh).replace("cp-screen", "").replace("Esc", "");
        assert!(
            !text.chars().any(|c| c.is_ascii_alphabetic()),
            "{p:?} has English outside a command: {zh:?}"
        );
    }
}

#[test]
fn choices_are_the_reference_words() {
    assert_eq!(ZH.phrase(Phrase::Yes), "有");
    assert_eq!(ZH.phrase(Phrase::No), "没有");
    assert_eq!(ZH.phrase(Phrase::DontKnow), "不清楚");
    assert_eq!(ZH.answer_word(&Answer::Yes), "有");
    assert_eq!(ZH.answer_word(&Answer::No), "没有");
    assert_eq!(ZH.answer_word(&Answer::Unknown), "不清楚");
    assert!(ZH.phrase(Phrase::NotAssessedList).starts_with("未评估"));
}

#[test]
fn counts_have_no_plural() {
    assert_eq!(ZH.count(1, Noun::Record), "1 条记录");
    assert_eq!(ZH.count(3, Noun::Record), "3 条记录");
    assert_eq!(ZH.count(2, Noun::Error), "2 个错误");
    assert_eq!(ZH.count(12, Noun::Problem), "12 个问题");
}

#[test]
fn lists_use_the_enumeration_comma_and_he() {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(ZH.list(&[]), "");
    assert_eq!(ZH.list(&s(&["孕期"])), "孕期");
    assert_eq!(ZH.list(&s(&["孕期", "出生"])), "孕期和出生");
    assert_eq!(ZH.list(&s(&["孕期", "遗传", "出生"])), "孕期、遗传和出生");
    // Latin words keep a space from the Chinese around them.
    assert_eq!(ZH.list(&s(&["w", "d", "kg"])), "w、d 和 kg");
}

#[test]
fn quotes_are_chinese_escaped_and_shortened() {
    assert_eq!(ZH.quote("abc"), "“abc”");
    assert_eq!(ZH.quote("a\x1b[31m"), "“a\\u{1b}[31m”");
    let long = "x".repeat(45);
    let q = ZH.quote(&long);
    assert!(q.starts_with(&format!("“{}…”", "x".repeat(40))), "{q}");
    assert!(q.ends_with("（还有 5 个字符）"), "{q}");
}

/// Writes a because-clause the way `words::collect_because` does.
fn clause(number: bool, label: &str, answer: &str, target: &str) -> String {
    let mut out = String::new();
    for part in ZH.because_clause(number) {
        match part {
            Clause::Label => out.push_str(label),
            Clause::Answer => out.push_str(answer),
            Clause::Target => out.push_str(target),
            Clause::Text(t) => out.push_str(t),
        }
    }
    out
}

#[test]
fn because_clauses_read_label_answer_then_target() {
    let target = format!("{} 2000 克", ZH.op(Op::LessThan, false));
    assert_eq!(
        clause(true, "出生体重", "1850 克", &target),
        "出生体重 1850 克，小于 2000 克"
    );
    assert_eq!(clause(false, "孕期感染", "有", "有"), "“孕期感染”回答“有”");
    let mut answer = String::new();
    ZH.written_and_understood(&mut answer, "30+4 周", "30.6 周");
    assert_eq!(answer, "30+4 周（30.6 周）");
    let two = [
        clause(true, "胎龄", &answer, "小于 32 周"),
        clause(false, "先兆流产", "有", "有"),
    ]
    .join(ZH.clause_separator());
    assert_eq!(
        two,
        "胎龄 30+4 周（30.6 周），小于 32 周；“先兆流产”回答“有”"
    );
}

#[test]
fn negated_comparisons_are_their_complements() {
    for (op, complement) in [(Op::AtMost, Op::GreaterThan), (Op::AtLeast, Op::LessThan)] {
        assert_eq!(ZH.op(op, true), ZH.op(complement, false));
    }
    assert_eq!(ZH.op(Op::LessThan, true), "不小于");
    assert_eq!(ZH.op(Op::GreaterThan, true), "不大于");
    assert_eq!(ZH.yes_no_target(true, false), "有");
    assert_eq!(ZH.yes_no_target(false, true), "不是“没有”");
}

#[test]
fn descriptions_nest_with_full_width_brackets() {
    let a = ZH.describe_compare("胎龄", true, false, "小于 32 周");
    assert_eq!(a, "胎龄小于 32 周");
    let b = ZH.describe_compare("出生体重", true, true, "2000 克");
    assert_eq!(b, "出生体重为 2000 克");
    assert_eq!(
        ZH.describe_compare("birth weight", true, false, "小于 2000 g"),
        "birth weight 小于 2000 g"
    );
    let c = ZH.describe_compare("先兆流产", false, true, "有");
    let any = ZH.describe_group(false, &[a, c]);
    assert_eq!(any, "任一符合（胎龄小于 32 周；先兆流产：有）");
    assert_eq!(
        ZH.describe_not(&any),
        "不符合（任一符合（胎龄小于 32 周；先兆流产：有））"
    );
}

#[test]
fn explanations_use_three_valued_truth() {
    assert!(ZH.explain_group(true, Truth::True).ends_with("：是"));
    assert!(ZH.explain_group(false, Truth::False).ends_with("：否"));
    assert!(ZH.explain_group(true, Truth::Unknown).ends_with("：未知"));
    assert!(ZH.explain_not(Truth::Unknown).ends_with("：未知"));
    assert_eq!(
        ZH.explain_compare("gestational_age_weeks", "33 周", "小于 32 周", Truth::False),
        "gestational_age_weeks = 33 周：不符合“小于 32 周”"
    );
    assert!(
        ZH.explain_compare("maternal_infection", "不清楚", "有", Truth::Unknown)
            .contains("无法判断")
    );
    for (status, word) in [
        (Status::Present, "存在"),
        (Status::Absent, "不存在"),
        (Status::NotAssessed, "未评估"),
    ] {
        assert_eq!(
            ZH.explain_factor("birth_asphyxia", status),
            format!("birth_asphyxia：{word}")
        );
    }
    assert!(
        ZH.explain_factor("twin", Status::NotApplicable)
            .starts_with("twin：不适用")
    );
}

#[test]
fn report_lines() {
    let counts = FactorCounts {
        present: 2,
        total: 16,
        absent: 10,
        not_assessed: 4,
        not_applicable: 0,
    };
    assert_eq!(
        ZH.factor_counts(counts),
        "16 项危险因素中：存在 2 项，不存在 10 项，未评估 4 项"
    );
    let with_na = FactorCounts {
        not_applicable: 1,
        ..counts
    };
    assert!(ZH.factor_counts(with_na).ends_with("，不适用 1 项"));
    let id = RecordId::Text("baby-7".into());
    assert_eq!(
        ZH.record_heading(3, Some(&id), Some("answers.jsonl"), Some(7)),
        "记录 3 · 编号“baby-7” · answers.jsonl，第 7 行"
    );
    assert_eq!(ZH.record_heading(1, None, None, None), "记录 1");
    assert_eq!(
        ZH.summary_line(5, 4, 1, "cerebral-palsy@1", "sha256:ab"),
        "汇总：读取 5 条记录，已筛查 4 条，无效 1 条（规则 cerebral-palsy@1，sha256:ab）"
    );
    assert_eq!(
        ZH.not_screened(2),
        "未筛查：这条记录有 2 个错误，因此没有评估任何因素"
    );
    for s in [
        ZH.factor_counts(with_na),
        ZH.nothing_found_but(4, 16),
        ZH.invalid_records(1, 5),
        ZH.rules_footer("cerebral-palsy@1", "sha256:ab"),
    ] {
        assert_chinese(&s);
    }
}

#[test]
fn safety_sentences_are_kept() {
    let intro = ZH.intro(16, &["孕期".into(), "遗传".into(), "出生".into()]);
    assert_eq!(
        intro,
        "共 16 个问题，涉及孕期、遗传和出生。这是一份危险因素筛查清单，不是诊断。"
    );
    // Unknown is not no.
    let but = ZH.nothing_found_but(4, 16);
    assert!(
        but.contains("16 项因素中有 4 项") && but.contains("无法评估"),
        "{but}"
    );
    let unknown = ZH.phrase(Phrase::UnknownNotAbsent);
    assert!(unknown.contains("未评估") && unknown.contains("不存在"));
    assert!(ZH.phrase(Phrase::SummaryNote).contains("不是诊断"));
    assert!(ZH.asked_only_when("双胎：有").contains("不适用"));
}

#[test]
fn record_problems_keep_machine_text() {
    let rules = rules();
    let tag = rules.tag();
    let weight = rules.question_index("birth_weight_grams").unwrap();
    let weeks = rules.question_index("gestational_age_weeks").unwrap();
    let unknown_field = ZH.record_problem(
        &rules,
        &RecordProblem::UnknownField {
            rules: tag.clone(),
            suggestion: Some("birth_weight_grams".into()),
        },
    );
    assert!(
        !unknown_field.contains("--allow-extra-fields"),
        "{unknown_field}"
    );
    let stray = ZH.record_problem(
        &rules,
        &RecordProblem::UnknownField {
            rules: tag.clone(),
            suggestion: None,
        },
    );
    assert!(stray.contains("--allow-extra-fields"), "{stray}");
    assert!(unknown_field.contains(&tag));
    assert!(unknown_field.contains("“birth_weight_grams”"));
    let unit = ZH.record_problem(
        &rules,
        &RecordProblem::Number {
            question: weight,
            error: NotationError::Syntax {
                text: "3 kilo".into(),
                problem: NotationProblem::UnknownUnit {
                    name: "kilo".into(),
                    suggestion: Some("kg".into()),
                },
            },
        },
    );
    for symbol in ["kg", "g", "lb", "oz"] {
        assert!(
            unit.split(['、', '：']).any(|part| part == symbol),
            "{symbol} in {unit}"
        );
    }
    let plus = ZH.record_problem(
        &rules,
        &RecordProblem::Number {
            question: weeks,
            error: NotationError::Syntax {
                text: "31+9".into(),
                problem: NotationProblem::PlusTooLarge {
                    amount: "9".into(),
                    bound: 7.0,
                },
            },
        },
    );
    assert_eq!(plus, "“31+9”：9 天已满 1 周；“+”后面的数字必须小于 7");
    let range = ZH.notation_error(
        spec_of(&rules, "gestational_age_weeks"),
        &NotationError::Range {
            text: "50".into(),
            plain: true,
            value: 50.0,
            problem: RangeProblem::OutOfRange,
        },
    );
    assert_eq!(range, "50 weeks 超出合理范围（20 至 45 weeks）");
    let yes_no = ZH.record_problem(
        &rules,
        &RecordProblem::NotYesNo {
            text: "maybe".into(),
        },
    );
    assert!(
        yes_no.contains("\"yes\" 或 \"no\"") && yes_no.contains("\"unknown\""),
        "{yes_no}"
    );
    let wrong = ZH.record_problem(
        &rules,
        &RecordProblem::WrongTypeForNumber {
            question: weight,
            found: Found::Bool(true),
        },
    );
    assert!(wrong.ends_with("实际是 true"), "{wrong}");
}

#[test]
fn every_record_problem_is_said_in_chinese() {
    let rules = rules();
    let weight = rules.question_index("birth_weight_grams").unwrap();
    let yes_no = rules.question_index("birth_asphyxia").unwrap();
    let syntax = |problem| RecordProblem::Number {
        question: weight,
        error: NotationError::Syntax {
            text: "x".into(),
            problem,
        },
    };
    use NotationProblem as N;
    use RecordProblem::*;
    let problems = vec![
        GivenTwice { is_id: true },
        GivenTwice { is_id: false },
        InvalidId {
            found: JsonKind::Array,
        },
        UnknownField {
            rules: rules.tag(),
            suggestion: None,
        },
        NotYesNo {
            text: "maybe".into(),
        },
        NumberForYesNo { shown: "2".into() },
        WrongTypeForYesNo {
            found: JsonKind::Object,
        },
        WrongTypeForNumber {
            question: weight,
            found: Found::Kind(JsonKind::Array),
        },
        WrongTypeForNumber {
            question: yes_no,
            found: Found::Bool(false),
        },
        UnusableNumber {
            shown: "1e999".into(),
        },
        Number {
            question: weight,
            error: NotationError::Range {
                text: "100 lb".into(),
                plain: false,
                value: 45359.2,
                problem: RangeProblem::OutOfRange,
            },
        },
        Number {
            question: yes_no,
            error: NotationError::Syntax {
                text: "1".into(),
                problem: N::NoNumber,
            },
        },
        NotAnObject {
            found: JsonKind::Number,
        },
        InvalidJson {
            at: Some((3, 9)),
            what: "EOF while parsing".into(),
            cut_short: true,
        },
        InvalidJson {
            at: None,
            what: "expected value".into(),
            cut_short: false,
        },
        TooLarge {
            place: RecordPlace::Line(7),
            bytes: 2_000_000,
            limit: 1 << 20,
        },
        TooLarge {
            place: RecordPlace::ArrayElement(2),
            bytes: 2_000_000,
            limit: 1 << 20,
        },
        EmptyArrayElement {
            element: 3,
            line: 1,
            column: 20,
        },
        CsvCellCount {
            row: 4,
            cells: 3,
            columns: 16,
        },
        CsvNotUtf8 {
            row: 2,
            column: "birth_weight_grams".into(),
            byte: 5,
        },
        InArray {
            element: 2,
            inner: Box::new(NotAnObject {
                found: JsonKind::Null,
            }),
        },
        syntax(N::Negative),
        syntax(N::DecimalComma),
        syntax(N::PlusNotUsed),
        syntax(N::OneBeforePlus),
        syntax(N::OneAfterPlus),
        syntax(N::PlusWithUnits),
        syntax(N::PlusWrongUnit { unit: "kg".into() }),
        syntax(N::NoNumber),
        syntax(N::PartWithoutUnit { amount: "4".into() }),
        syntax(N::UnitOrder {
            unit: "lb".into(),
            previous: "oz".into(),
        }),
        syntax(N::PartTooLarge {
            amount: "20".into(),
            unit: "oz".into(),
            previous: "lb".into(),
            bound: 16.0,
        }),
        syntax(N::ExpectedNumberAt { rest: "lb".into() }),
        syntax(N::Unexpected { found: '#' }),
        syntax(N::NotANumber { text: "abc".into() }),
        syntax(N::TooLarge),
        syntax(N::TooManyParts { limit: 3 }),
        syntax(N::TooManyDigits {
            text: "31.99999999999999999".into(),
            limit: 15,
        }),
    ];
    use crate::problem::FhirProblem as F;
    let mut problems = problems;
    problems.extend(
        [
            F::NotAResponse {
                found: Some("Patient".into()),
            },
            F::NotAResponse {
                found: Some("Bundle".into()),
            },
            F::NotAResponse { found: None },
            F::OtherQuestionnaire {
                found: "https://forms.example/Questionnaire/apgar".into(),
                expected: "https://cp-screen.example/fhir/Questionnaire/cerebral-palsy|1.1.0"
                    .into(),
                embedded: None,
            },
            F::OtherQuestionnaire {
                found: "https://cp-screen.example/fhir/Questionnaire/cerebral-palsy-evidence"
                    .into(),
                expected: "https://cp-screen.example/fhir/Questionnaire/cerebral-palsy|1.1.0"
                    .into(),
                embedded: Some("evidence".into()),
            },
            F::EnteredInError,
            F::Structure {
                path: "item[0]".into(),
                what: "missing field `linkId`".into(),
            },
            F::Structure {
                path: String::new(),
                what: "invalid type".into(),
            },
            F::SeveralAnswers { count: 2 },
            F::NoValue,
            F::UnsupportedValue {
                key: "valueDate".into(),
            },
            F::UnknownCoding {
                system: Some("http://snomed.info/sct".into()),
                code: "52101004".into(),
            },
            F::UnknownUnit {
                unit: "mg".into(),
                accepted: vec!["g".into(), "kg".into()],
            },
            F::Comparator {
                comparator: "<".into(),
            },
        ]
        .map(RecordProblem::Fhir),
    );
    for p in &problems {
        let zh = ZH.record_problem(&rules, p);
        assert_ne!(zh, EN.record_problem(&rules, p), "{p:?}");
        assert_chinese(&zh);
    }
}

#[test]
fn rule_problems_keep_keys_and_places() {
    use RuleProblemKind::*;
    let at = |kind| RuleProblem {
        place: "factors[3].when.any[1]".into(),
        kind,
    };
    let kinds = vec![
        FileTooLarge {
            bytes: 9_000_000,
            limit: 4_000_000,
        },
        NotUtf8 { offset: 12 },
        EmptyFile,
        NotAnObject {
            found: JsonKind::Array,
        },
        ControlCharacter { code_point: 0x1b },
        Empty,
        IdCharacters { id: "a b".into() },
        DuplicateId {
            id: "birth".into(),
            first: "sections[2]".into(),
        },
        NoQuestions,
        NoFactors,
        UnknownReference {
            what: RefKind::Tier,
            id: "mostimportant".into(),
            suggestion: Some("most_important".into()),
            known: vec!["most_important".into(), "listed".into()],
        },
        ReservedId { id: "id".into() },
        TableColumnId {
            id: "status".into(),
        },
        NotAUri {
            value: "https://x|1".into(),
        },
        MissingKey {
            key: "warning_signs_source".into(),
            with: "warning_signs".into(),
        },
        OnlyNumberQuestions {
            field: "min".into(),
        },
        MissingRange {
            field: "max".into(),
        },
        MissingUnit,
        EmptyRange { min: 5.0, max: 1.0 },
        NegativeMin { min: -1.0 },
        NotPositive { value: 0.0 },
        UnitWithoutName,
        UnitNameNotLetters { name: "k9".into() },
        UnitNameTwice { name: "g".into() },
        UnknownPlusUnit {
            symbol: "x".into(),
            suggestion: None,
        },
        TooDeep { limit: 32 },
        NotACondition {
            found: JsonKind::String,
        },
        CombinatorNotAlone {
            key: "all".into(),
            others: vec!["question".into()],
        },
        NotAConditionList {
            key: "any".into(),
            found: JsonKind::Object,
        },
        EmptyCombinator { key: "all".into() },
        UnknownConditionKey {
            key: "equal".into(),
            suggestion: Some("equals".into()),
        },
        NoQuestion,
        QuestionNotAString {
            found: JsonKind::Number,
        },
        NoComparison,
        SeveralComparisons {
            keys: vec!["equals".into(), "at_most".into()],
        },
        UnknownQuestion {
            id: "weight".into(),
            suggestion: None,
        },
        NumericOnYesNo {
            question: "birth_asphyxia".into(),
        },
        NotYesOrNo {
            question: "birth_asphyxia".into(),
            found: "\"maybe\"".into(),
        },
        TargetOutOfRange {
            value: 90.0,
            question: "gestational_age_weeks".into(),
            min: 20.0,
            max: 45.0,
            unit: "weeks".into(),
        },
        NotANumberTarget {
            question: "birth_weight_grams".into(),
            found: "true".into(),
        },
        AskWhenNotEarlier {
            question: "twin".into(),
        },
    ];
    for kind in kinds {
        let p = at(kind);
        let zh = ZH.rule_problem(&p);
        assert!(zh.starts_with("factors[3].when.any[1]："), "{zh}");
        assert_ne!(zh, EN.rule_problem(&p));
        assert_chinese(&zh);
    }
    let key = ZH.rule_problem(&RuleProblem {
        place: String::new(),
        kind: UnknownConditionKey {
            key: "equal".into(),
            suggestion: Some("equals".into()),
        },
    });
    assert!(
        key.starts_with("未知的键 \"equal\"（是指“equals”吗？）"),
        "{key}"
    );
    assert!(key.contains("less_than") && key.contains("\"question\""));
    let file = ZH.invalid_rule_file("my.json", &["a".into(), "b".into()]);
    assert_eq!(file, "规则文件 my.json 无效（2 个问题）：\n  a\n  b");
}

#[test]
fn input_and_usage_keep_commands_and_flags() {
    let csv = ZH.input_problem(
        "answers.csv",
        &InputProblem::CsvHeader(HeaderProblem::UnknownColumn {
            column: 3,
            name: "wieght".into(),
            rules: "cerebral-palsy@1".into(),
            suggestion: Some("weight".into()),
        }),
    );
    assert!(
        csv.starts_with("answers.csv：CSV 表头：第 3 列（“wieght”）"),
        "{csv}"
    );
    assert!(csv.contains("--allow-extra-fields"));
    let brace = ZH.input_problem(
        "-",
        &InputProblem::ArrayBroken {
            how: ArrayBreak::UnexpectedBrace,
            line: 4,
            column: 2,
            records: 3,
        },
    );
    assert!(
        brace.contains("\"}\"") && brace.contains("之前的 3 条记录已筛查"),
        "{brace}"
    );
    let inputs = [
        InputProblem::Empty,
        InputProblem::NotRecords {
            line: 1,
            column: 1,
            json_value: true,
            shown: "42".into(),
        },
        InputProblem::NotRecords {
            line: 1,
            column: 1,
            json_value: false,
            shown: "abc".into(),
        },
        InputProblem::NotJsonAfter {
            records: 2,
            what: "trailing characters".into(),
        },
        InputProblem::ArrayBroken {
            how: ArrayBreak::EndsInside,
            line: 9,
            column: 1,
            records: 2,
        },
        InputProblem::ArrayBroken {
            how: ArrayBreak::TextAfter,
            line: 9,
            column: 1,
            records: 2,
        },
        InputProblem::CsvNoHeader,
        InputProblem::CsvHeader(HeaderProblem::ColumnTwice {
            column: 2,
            name: "id".into(),
        }),
        InputProblem::CsvUnreadable {
            what: "bad quote".into(),
        },
        InputProblem::FhirBundleTooLarge {
            limit: 32 * 1024 * 1024,
        },
    ];
    for p in &inputs {
        let zh = ZH.input_problem("answers.jsonl", p);
        assert!(zh.starts_with("answers.jsonl："), "{zh}");
        assert_chinese(&zh);
    }

    let no_terminal = ZH.usage(&Usage::NoTerminal);
    assert!(no_terminal.contains("`cp-screen ask --plain`"));
    assert!(no_terminal.contains("`cp-screen screen FILE`"));
    let stdin = ZH.usage(&Usage::StdinIsTerminal);
    assert!(stdin.contains("cat answers.jsonl | cp-screen screen"));
    let set = ZH.usage(&Usage::NoSuchRuleSet {
        name: "evidnce".into(),
        suggestion: Some("evidence".into()),
        known: vec!["cerebral-palsy".into(), "evidence".into()],
    });
    assert!(
        set.contains("cerebral-palsy、evidence") && set.contains("--rules FILE"),
        "{set}"
    );
    for u in [
        Usage::AskOptionsBeforeCommand,
        Usage::StdinTwice,
        Usage::StdinIsTerminal,
        Usage::NoTerminal,
        Usage::NoSuchFactor {
            id: "x".into(),
            rules: "r@1".into(),
            suggestion: None,
        },
        Usage::NoSuchDemo {
            name: "x".into(),
            suggestion: None,
        },
        Usage::NoDemos {
            rules: "r@1".into(),
        },
        Usage::NotExportable {
            question: "co_twin_death".into(),
        },
    ] {
        let zh = ZH.usage(&u);
        assert_ne!(zh, EN.usage(&u));
        assert_chinese(&zh);
    }
    assert!(
        ZH.usage(&Usage::AskOptionsBeforeCommand)
            .contains("--plain、--save、--force、--id 和 --explain")
    );
    assert_chinese(&ZH.cannot_read("rules.json", true, "No such file"));
    assert_chinese(&ZH.input_ended());
}

#[test]
fn fhir_places_read_in_chinese() {
    let place = super::Place {
        file: Some("a.ndjson"),
        record: 3,
        line: Some(7),
        field: Some("birth_weight_grams"),
        id: Some("r1".into()),
    };
    assert_eq!(
        ZH.fhir_place(&place),
        "文件“a.ndjson”，第 3 条记录，第 7 行，字段“birth_weight_grams”，id“r1”"
    );
    assert_eq!(
        EN.fhir_place(&place),
        "file \"a.ndjson\", record 3, line 7, field \"birth_weight_grams\", id \"r1\""
    );
}

#[test]
fn questionnaire_lines() {
    let rules = rules();
    let weeks = spec_of(&rules, "gestational_age_weeks");
    assert_eq!(
        ZH.question_line("出生", 9, 16, "宝宝出生时怀孕满几周几天？"),
        "出生，第 9 题（共 16 题）：宝宝出生时怀孕满几周几天？"
    );
    let hint = ZH.number_hint(weeks, true);
    assert!(hint.starts_with("例如 31+4、31w4d"), "{hint}");
    assert!(
        hint.contains("按回车") && hint.ends_with("输入 b 返回上一题"),
        "{hint}"
    );
    assert!(!ZH.number_hint(weeks, false).contains("返回"));
    let again = ZH.reprompt("“abc”不是数字", weeks);
    assert!(
        again.starts_with("“abc”不是数字。可以这样写：31+4"),
        "{again}"
    );
    assert_eq!(ZH.echo("6斤2两", "3100 g"), "  6斤2两 = 3100 g");
    assert_eq!(
        ZH.plain_choose(3, 3, "不清楚"),
        "请选择 1 到 3（直接回车 = 3，不清楚）："
    );
    assert!(ZH.plain_not_a_choice("9", 5, &[]).contains("1 到 5"));
    assert!(
        ZH.plain_not_a_choice("9", 5, &["有", "没有"])
            .contains("“有”")
    );
    assert_eq!(ZH.plain_keep("31+4"), "（直接回车保留 31+4）> ");
    assert_eq!(ZH.review_answer("出生体重", "1850 克"), "出生体重：1850 克");
    assert_eq!(
        ZH.error_line("规则文件无效"),
        "cp-screen：错误：规则文件无效"
    );
    assert_eq!(EN.error_line("bad"), "cp-screen: error: bad");
    // Chinese readers see a factor's name beside its id; English ids are words already.
    assert_eq!(
        ZH.id_with_name("family_history", "家族史"),
        "family_history 家族史"
    );
    assert_eq!(
        EN.id_with_name("family_history", "Family history"),
        "family_history"
    );
    assert_eq!(
        ZH.question_skipped(6, "多胎：有"),
        "第 6 题已跳过：只有在“多胎：有”时才会问。"
    );
    assert_eq!(ZH.menu_enter("不清楚"), "直接按回车即选“不清楚”");
    assert_eq!(
        ZH.plain_choose_key(16, "c", "确认并查看结果"),
        "请输入 1 到 16 之间的数字，或输入 c（直接回车 = c，确认并查看结果）："
    );
    let answers = ZH.number_answers(spec_of(&rules, "birth_weight_grams"));
    assert!(
        answers.starts_with("回答：以 g 为单位的数字，例如 1850"),
        "{answers}"
    );
    assert!(
        answers.ends_with("（合理范围 200 至 7000 g），或不清楚。"),
        "{answers}"
    );
}

#[test]
fn rule_set_lines() {
    assert_eq!(
        ZH.rule_set_name("cerebral-palsy", &["source"], true),
        "cerebral-palsy（默认；别名：source）"
    );
    assert_eq!(ZH.rule_set_name("evidence", &[], false), "evidence");
    assert_eq!(
        ZH.rule_set_counts(16, 16, "sha256:ab"),
        "16 项因素，16 个问题，sha256:ab"
    );
    assert_eq!(
        ZH.rules_counts(3, 16, 2, 16),
        "3 个部分，16 个问题（14 个是非题，2 个数值题），16 项因素"
    );
    assert_eq!(
        ZH.confidence(ConfidenceLevel::Moderate, Some("主要通过早产起作用")),
        "证据的可信度：中等（主要通过早产起作用）"
    );
    for s in [
        ZH.rule_sets_heading(),
        ZH.compare_heading("a@1", 16, "b@1", 12),
        ZH.compare_same(),
        ZH.compare_differ("b@1"),
        ZH.compare_only_in("a@1", "b@1"),
        ZH.compare_follow_up("a@1", &[]),
        ZH.compare_follow_up("a@1", &["x", "y"]),
        ZH.compare_note(),
        ZH.follow_up_place("见指南。"),
        ZH.factors_title("a@1", "sha256:ab"),
        ZH.source_line("脑瘫的病因", Some("诊所网页")),
        ZH.factor_place("出生", "最重要", true),
        ZH.worked_example("双胎"),
        ZH.demo_record_intro("twins"),
        ZH.saved_to("answers.json"),
    ] {
        assert_chinese(&s);
    }
}

// ---- every sentence, in every language, as a snapshot ----
//
// The snapshots were taken when the sentences moved from Rust (en.rs, zh.rs) to the
// catalogs, with a test that compared the two: a change to a catalog shows here.

/// Says `what` in every language into `log`, one line each.
fn same(log: &mut String, what: &str, f: impl Fn(&dyn Words) -> String) {
    for language in crate::locale::LANGUAGES {
        let words: &dyn Words = &language.lang;
        log.push_str(&format!("{} {what}: {:?}\n", language.tag, f(words)));
    }
}

#[test]
fn every_problem_is_said_as_before() {
    let mut log = String::new();
    let rules = rules();
    let weight = rules.question_index("birth_weight_grams").unwrap();
    let yes_no = rules.question_index("birth_asphyxia").unwrap();
    let weeks = rules.question_index("gestational_age_weeks").unwrap();
    let syntax = |problem| RecordProblem::Number {
        question: weight,
        error: NotationError::Syntax {
            text: "x".into(),
            problem,
        },
    };
    let wsyntax = |problem| RecordProblem::Number {
        question: weeks,
        error: NotationError::Syntax {
            text: "31+9".into(),
            problem,
        },
    };
    {
        use NotationProblem as N;
        use RecordProblem::*;
        let mut problems = vec![
            GivenTwice { is_id: true },
            GivenTwice { is_id: false },
            InvalidId {
                found: JsonKind::Array,
            },
            UnknownField {
                rules: rules.tag(),
                suggestion: None,
            },
            NotYesNo {
                text: "maybe".into(),
            },
            NumberForYesNo { shown: "2".into() },
            WrongTypeForYesNo {
                found: JsonKind::Object,
            },
            WrongTypeForNumber {
                question: weight,
                found: Found::Kind(JsonKind::Array),
            },
            WrongTypeForNumber {
                question: yes_no,
                found: Found::Bool(false),
            },
            UnusableNumber {
                shown: "1e999".into(),
            },
            Number {
                question: weight,
                error: NotationError::Range {
                    text: "100 lb".into(),
                    plain: false,
                    value: 45359.2,
                    problem: RangeProblem::OutOfRange,
                },
            },
            Number {
                question: yes_no,
                error: NotationError::Syntax {
                    text: "1".into(),
                    problem: N::NoNumber,
                },
            },
            NotAnObject {
                found: JsonKind::Number,
            },
            InvalidJson {
                at: Some((3, 9)),
                what: "EOF while parsing".into(),
                cut_short: true,
            },
            InvalidJson {
                at: None,
                what: "expected value".into(),
                cut_short: false,
            },
            TooLarge {
                place: RecordPlace::Line(7),
                bytes: 2_000_000,
                limit: 1 << 20,
            },
            TooLarge {
                place: RecordPlace::ArrayElement(2),
                bytes: 2_000_000,
                limit: 1 << 20,
            },
            EmptyArrayElement {
                element: 3,
                line: 1,
                column: 20,
            },
            CsvCellCount {
                row: 4,
                cells: 3,
                columns: 16,
            },
            CsvNotUtf8 {
                row: 2,
                column: "birth_weight_grams".into(),
                byte: 5,
            },
            InArray {
                element: 2,
                inner: Box::new(NotAnObject {
                    found: JsonKind::Null,
                }),
            },
            syntax(N::Negative),
            syntax(N::DecimalComma),
            syntax(N::PlusNotUsed),
            syntax(N::OneBeforePlus),
            syntax(N::OneAfterPlus),
            syntax(N::PlusWithUnits),
            syntax(N::PlusWrongUnit { unit: "kg".into() }),
            syntax(N::NoNumber),
            syntax(N::PartWithoutUnit { amount: "4".into() }),
            syntax(N::UnitOrder {
                unit: "lb".into(),
                previous: "oz".into(),
            }),
            syntax(N::PartTooLarge {
                amount: "20".into(),
                unit: "oz".into(),
                previous: "lb".into(),
                bound: 16.0,
            }),
            syntax(N::ExpectedNumberAt { rest: "lb".into() }),
            syntax(N::Unexpected { found: '#' }),
            syntax(N::NotANumber { text: "abc".into() }),
            syntax(N::TooLarge),
            syntax(N::TooManyParts { limit: 3 }),
        ];
        use crate::problem::FhirProblem as F;
        problems.extend(
            [
                F::NotAResponse {
                    found: Some("Patient".into()),
                },
                F::NotAResponse {
                    found: Some("Bundle".into()),
                },
                F::NotAResponse { found: None },
                F::OtherQuestionnaire {
                    found: "https://forms.example/Questionnaire/apgar".into(),
                    expected: "https://cp-screen.example/fhir/Questionnaire/cerebral-palsy|1.1.0"
                        .into(),
                    embedded: None,
                },
                F::OtherQuestionnaire {
                    found: "https://cp-screen.example/fhir/Questionnaire/cerebral-palsy-evidence"
                        .into(),
                    expected: "https://cp-screen.example/fhir/Questionnaire/cerebral-palsy|1.1.0"
                        .into(),
                    embedded: Some("evidence".into()),
                },
                F::EnteredInError,
                F::Structure {
                    path: "item[0]".into(),
                    what: "missing field `linkId`".into(),
                },
                F::Structure {
                    path: String::new(),
                    what: "invalid type".into(),
                },
                F::SeveralAnswers { count: 2 },
                F::NoValue,
                F::UnsupportedValue {
                    key: "valueDate".into(),
                },
                F::UnknownCoding {
                    system: Some("http://snomed.info/sct".into()),
                    code: "52101004".into(),
                },
                F::UnknownUnit {
                    unit: "mg".into(),
                    accepted: vec!["g".into(), "kg".into()],
                },
                F::Comparator {
                    comparator: "<".into(),
                },
            ]
            .map(RecordProblem::Fhir),
        );
        problems.extend([
            wsyntax(N::PlusTooLarge {
                amount: "9".into(),
                bound: 7.0,
            }),
            wsyntax(N::PlusWrongUnit { unit: "kg".into() }),
            wsyntax(N::FractionBeforeSmaller {
                amount: "31.5".into(),
                readings: vec![31.5, 31.7],
            }),
            wsyntax(N::FractionBeforeSmaller {
                amount: "31.5".into(),
                readings: vec![31.5, 31.7, 32.0],
            }),
            wsyntax(N::FractionBeforeSmaller {
                amount: "31.5".into(),
                readings: vec![31.5],
            }),
            wsyntax(N::Negative),
            wsyntax(N::UnknownUnit {
                name: "kilo".into(),
                suggestion: Some("kg".into()),
            }),
            wsyntax(N::TooManyParts { limit: 3 }),
            syntax(N::UnknownUnit {
                name: "kilo".into(),
                suggestion: None,
            }),
            syntax(N::RegionalUnit {
                name: "斤".into(),
                region: None,
                explicit: vec!["台斤".into(), "司馬斤".into(), "市斤".into()],
            }),
            syntax(N::RegionalUnit {
                name: "斤".into(),
                region: Some("SG".into()),
                explicit: vec!["台斤".into(), "司馬斤".into(), "市斤".into()],
            }),
            syntax(N::FractionBeforeSmaller {
                amount: "4.5".into(),
                readings: vec![4.5, 4.8],
            }),
            RecordProblem::Number {
                question: weight,
                error: NotationError::Range {
                    text: "50".into(),
                    plain: true,
                    value: 50.0,
                    problem: RangeProblem::OutOfRange,
                },
            },
            RecordProblem::Number {
                question: weight,
                error: NotationError::Range {
                    text: "5".into(),
                    plain: true,
                    value: 5.0,
                    problem: RangeProblem::OutOfRange,
                },
            },
            RecordProblem::Number {
                question: weeks,
                error: NotationError::Range {
                    text: "50".into(),
                    plain: true,
                    value: 50.0,
                    problem: RangeProblem::OutOfRange,
                },
            },
            RecordProblem::Number {
                question: weeks,
                error: NotationError::Range {
                    text: "-1".into(),
                    plain: true,
                    value: -1.0,
                    problem: RangeProblem::Negative,
                },
            },
            RecordProblem::Number {
                question: weeks,
                error: NotationError::Range {
                    text: "inf".into(),
                    plain: false,
                    value: f64::INFINITY,
                    problem: RangeProblem::NotFinite,
                },
            },
            RecordProblem::TooLarge {
                place: RecordPlace::CsvRow(4),
                bytes: 2_000_001,
                limit: 1 << 20,
            },
            RecordProblem::CsvCellCount {
                row: 1,
                cells: 1,
                columns: 1,
            },
            RecordProblem::CsvUnclosedQuote { row: 9 },
            RecordProblem::MoreErrors { count: 1 },
            RecordProblem::MoreErrors { count: 99_981 },
            RecordProblem::InvalidId {
                found: JsonKind::Boolean,
            },
            RecordProblem::InvalidId {
                found: JsonKind::String,
            },
            RecordProblem::NotYesNo {
                text: "x".repeat(45),
            },
        ]);
        for p in &problems {
            same(&mut log, &format!("{p:?}"), |w| w.record_problem(&rules, p));
        }
    }
    use RuleProblemKind::*;
    let kinds = vec![
        FileTooLarge {
            bytes: 9_000_000,
            limit: 4_000_000,
        },
        NotUtf8 { offset: 12 },
        EmptyFile,
        NotAnObject {
            found: JsonKind::Array,
        },
        ControlCharacter { code_point: 0x1b },
        Empty,
        IdCharacters { id: "a b".into() },
        DuplicateId {
            id: "birth".into(),
            first: "sections[2]".into(),
        },
        NoQuestions,
        NoFactors,
        UnknownReference {
            what: RefKind::Tier,
            id: "mostimportant".into(),
            suggestion: Some("most_important".into()),
            known: vec!["most_important".into(), "listed".into()],
        },
        ReservedId { id: "id".into() },
        OnlyNumberQuestions {
            field: "min".into(),
        },
        MissingRange {
            field: "max".into(),
        },
        MissingUnit,
        EmptyRange { min: 5.0, max: 1.0 },
        NegativeMin { min: -1.0 },
        NotPositive { value: 0.0 },
        UnitWithoutName,
        UnitNameNotLetters { name: "k9".into() },
        UnitNameTwice { name: "g".into() },
        UnknownPlusUnit {
            symbol: "x".into(),
            suggestion: None,
        },
        TooDeep { limit: 32 },
        NotACondition {
            found: JsonKind::String,
        },
        CombinatorNotAlone {
            key: "all".into(),
            others: vec!["question".into()],
        },
        NotAConditionList {
            key: "any".into(),
            found: JsonKind::Object,
        },
        EmptyCombinator { key: "all".into() },
        UnknownConditionKey {
            key: "equal".into(),
            suggestion: Some("equals".into()),
        },
        NoQuestion,
        QuestionNotAString {
            found: JsonKind::Number,
        },
        NoComparison,
        SeveralComparisons {
            keys: vec!["equals".into(), "at_most".into()],
        },
        UnknownQuestion {
            id: "weight".into(),
            suggestion: None,
        },
        NumericOnYesNo {
            question: "birth_asphyxia".into(),
        },
        NotYesOrNo {
            question: "birth_asphyxia".into(),
            found: "\"maybe\"".into(),
        },
        TargetOutOfRange {
            value: 90.0,
            question: "gestational_age_weeks".into(),
            min: 20.0,
            max: 45.0,
            unit: "weeks".into(),
        },
        NotANumberTarget {
            question: "birth_weight_grams".into(),
            found: "true".into(),
        },
        AskWhenNotEarlier {
            question: "twin".into(),
        },
    ];
    let mut kinds = kinds;
    kinds.extend([
        FileTooLarge {
            bytes: 4_000_001,
            limit: 4_000_000,
        },
        Structure { what: "bad".into() },
        UnitSizeAbsurd { size: 1e15 },
        TooManyDecimals {
            decimals: 9,
            limit: 6,
        },
        UnknownPlusUnit {
            symbol: "x".into(),
            suggestion: Some("d".into()),
        },
        BadLanguages,
        BadTranslations,
        UndeclaredLanguage {
            lang: "fr".into(),
            declared: vec!["en".into(), "zh-Hans".into()],
        },
        UnknownTranslatedText {
            field: "x".into(),
            known: vec![],
        },
        UnknownTranslatedText {
            field: "x".into(),
            known: vec!["label".into(), "text".into()],
        },
        MissingTranslation {
            lang: "zh-Hans".into(),
        },
        UnknownReference {
            what: RefKind::Section,
            id: "s".into(),
            suggestion: None,
            known: vec!["a".into()],
        },
        UnknownReference {
            what: RefKind::Factor,
            id: "s".into(),
            suggestion: None,
            known: vec!["a".into(), "b".into()],
        },
        EmptyRange {
            min: 5.5,
            max: 1.25,
        },
    ]);
    for kind in kinds {
        for place in ["", "factors[3].when.any[1]"] {
            let p = RuleProblem {
                place: place.into(),
                kind: kind.clone(),
            };
            same(&mut log, &format!("{p:?}"), |w| w.rule_problem(&p));
        }
    }
    let mut inputs = vec![
        InputProblem::Empty,
        InputProblem::NotRecords {
            line: 1,
            column: 1,
            json_value: true,
            shown: "42".into(),
        },
        InputProblem::NotRecords {
            line: 1,
            column: 1,
            json_value: false,
            shown: "abc".into(),
        },
        InputProblem::NotJsonAfter {
            records: 2,
            what: "trailing characters".into(),
        },
        InputProblem::ArrayBroken {
            how: ArrayBreak::EndsInside,
            line: 9,
            column: 1,
            records: 2,
        },
        InputProblem::ArrayBroken {
            how: ArrayBreak::TextAfter,
            line: 9,
            column: 1,
            records: 2,
        },
        InputProblem::CsvNoHeader,
        InputProblem::CsvHeader(HeaderProblem::ColumnTwice {
            column: 2,
            name: "id".into(),
        }),
        InputProblem::CsvUnreadable {
            what: "bad quote".into(),
        },
        InputProblem::FhirBundleTooLarge {
            limit: 32 * 1024 * 1024,
        },
    ];
    inputs.extend([
        InputProblem::CsvHeader(HeaderProblem::UnknownColumn {
            column: 3,
            name: "wieght".into(),
            rules: "cp@1".into(),
            suggestion: Some("weight".into()),
        }),
        InputProblem::ArrayBroken {
            how: ArrayBreak::UnexpectedBrace,
            line: 4,
            column: 2,
            records: 1,
        },
        InputProblem::ArrayBroken {
            how: ArrayBreak::UnexpectedBrace,
            line: 4,
            column: 2,
            records: 0,
        },
        InputProblem::NotRecords {
            line: 1,
            column: 1,
            json_value: false,
            shown: "a,b,c".into(),
        },
        InputProblem::CsvHeaderTooLarge { limit: 65536 },
        InputProblem::CsvHeaderUnclosedQuote,
    ]);
    for p in &inputs {
        same(&mut log, &format!("{p:?}"), |w| {
            w.input_problem("answers.jsonl", p)
        });
    }
    use crate::problem::MappingProblem as M;
    let mut usages = vec![
        Usage::AskOptionsBeforeCommand,
        Usage::StdinTwice,
        Usage::StdinIsTerminal,
        Usage::NoTerminal,
        Usage::NoSuchFactor {
            id: "x".into(),
            rules: "r@1".into(),
            suggestion: None,
        },
        Usage::NoSuchDemo {
            name: "x".into(),
            suggestion: None,
        },
        Usage::NoDemos {
            rules: "r@1".into(),
        },
        Usage::NotExportable {
            question: "co_twin_death".into(),
        },
    ];
    usages.extend([
        Usage::SummaryOverwrites {
            path: "in.jsonl".into(),
            input: Some("in.jsonl".into()),
        },
        Usage::SummaryOverwrites {
            path: "out.txt".into(),
            input: None,
        },
        Usage::NoSuchFactor {
            id: "x".into(),
            rules: "r@1".into(),
            suggestion: Some("y".into()),
        },
        Usage::NoSuchLanguage {
            tag: "fr".into(),
            known: vec!["en".into(), "zh-Hans".into()],
        },
        Usage::NoSuchRuleSet {
            name: "evidnce".into(),
            suggestion: Some("evidence".into()),
            known: vec!["cerebral-palsy".into(), "evidence".into()],
        },
        Usage::FactorByWords {
            query: "preterm".into(),
            rules: "r@1".into(),
            factors: vec![],
        },
        Usage::FactorByWords {
            query: "preterm".into(),
            rules: "r@1".into(),
            factors: vec!["a".into()],
        },
        Usage::FactorByWords {
            query: "preterm".into(),
            rules: "r@1".into(),
            factors: vec!["a".into(), "b".into(), "c".into()],
        },
        Usage::QuestionNotFactor {
            question: "q".into(),
            factors: vec!["a".into()],
        },
        Usage::QuestionNotFactor {
            question: "q".into(),
            factors: vec!["a".into(), "b".into(), "c".into()],
        },
        Usage::SaveExists {
            path: "a.json".into(),
        },
        Usage::NoSuchCommand {
            name: "scren".into(),
            suggestion: Some("screen".into()),
        },
        Usage::FileAsCommand {
            path: "a.json".into(),
        },
        Usage::Mapping(Box::new(M::Syntax {
            option: "--map",
            text: "x".into(),
        })),
        Usage::Mapping(Box::new(M::Syntax {
            option: "--unit",
            text: "x".into(),
        })),
        Usage::Mapping(Box::new(M::Syntax {
            option: "--codes",
            text: "x".into(),
        })),
        Usage::Mapping(Box::new(M::UnknownQuestion {
            id: "x".into(),
            suggestion: Some("y".into()),
        })),
        Usage::Mapping(Box::new(M::BadUnit {
            question: "q".into(),
            unit: "u".into(),
            known: vec![],
        })),
        Usage::Mapping(Box::new(M::BadUnit {
            question: "q".into(),
            unit: "u".into(),
            known: vec!["g".into(), "kg".into()],
        })),
        Usage::Mapping(Box::new(M::BadAnswer {
            question: "q".into(),
            code: "9".into(),
            answer: "maybe".into(),
        })),
        Usage::Mapping(Box::new(M::File {
            what: "gone".into(),
        })),
    ]);
    for u in &usages {
        same(&mut log, &format!("{u:?}"), |w| w.usage(u));
    }
    insta::assert_snapshot!("problems", log);
}

#[test]
fn every_other_sentence_is_said_as_before() {
    let mut log = String::new();
    let rules = rules();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    for p in all_phrases() {
        same(&mut log, &format!("{p:?}"), |w| w.phrase(p).to_string());
    }
    for noun in [
        Noun::Record,
        Noun::Error,
        Noun::Problem,
        Noun::Cell,
        Noun::Column,
        Noun::Section,
        Noun::Question,
        Noun::Factor,
    ] {
        for n in [0, 1, 2, 1000, 12345678] {
            same(&mut log, "count", |w| w.count(n, noun));
        }
    }
    for items in [
        &[][..],
        &["a"][..],
        &["a", "b"][..],
        &["w", "d", "kg"][..],
        &["孕期", "遗传", "出生"][..],
        &["孕期", "x"][..],
    ] {
        let items = s(items);
        same(&mut log, "list", |w| w.list(&items));
        same(&mut log, "no_records", |w| w.no_records(&items));
        same(&mut log, "factor_matches", |w| w.factor_matches(&items));
        same(&mut log, "did_you_mean_unit", |w| {
            w.did_you_mean_unit(&items)
        });
        let refs: Vec<&str> = items.iter().map(String::as_str).collect();
        same(&mut log, "with_assumptions", |w| {
            w.with_assumptions("3100 g", &refs)
        });
        same(&mut log, "plain_not_a_choice", |w| {
            w.plain_not_a_choice("9", 5, &refs)
        });
        same(&mut log, "rule_set_name", |w| {
            w.rule_set_name("cp", &refs, true)
        });
        same(&mut log, "rule_set_name", |w| {
            w.rule_set_name("cp", &refs, false)
        });
        same(&mut log, "compare_follow_up", |w| {
            w.compare_follow_up("a@1", &refs)
        });
        same(&mut log, "intro", |w| w.intro(16, &items));
        same(&mut log, "invalid_rule_file", |w| {
            w.invalid_rule_file("r.json", &items)
        });
    }
    for text in ["abc", "a\x1b[31m", &"x".repeat(45), &"字".repeat(41), ""] {
        same(&mut log, "quote", |w| w.quote(text));
        same(&mut log, "quoted_source", |w| w.quoted_source(text));
        same(&mut log, "translated", |w| w.translated(text));
    }
    for a in [
        Answer::Unanswered,
        Answer::Unknown,
        Answer::Yes,
        Answer::No,
        Answer::Number {
            value: 1.0,
            written: None,
        },
    ] {
        same(&mut log, "answer_word", |w| w.answer_word(&a).to_string());
    }
    for op in [
        Op::Equals,
        Op::LessThan,
        Op::AtMost,
        Op::GreaterThan,
        Op::AtLeast,
    ] {
        for negated in [false, true] {
            same(&mut log, "op", |w| w.op(op, negated).to_string());
            same(&mut log, "yes_no_target", |w| {
                w.yes_no_target(negated, !negated)
            });
            same(&mut log, "yes_no_target", |w| {
                w.yes_no_target(negated, negated)
            });
        }
    }
    for q in &rules.questions {
        if let QuestionKind::Number(spec) = &q.kind {
            same(&mut log, "unit_one", |w| w.unit_one(spec));
            same(&mut log, "forms", |w| w.forms(spec));
            same(&mut log, "range", |w| w.range(spec));
            same(&mut log, "number_answers", |w| w.number_answers(spec));
            for back in [false, true] {
                same(&mut log, "number_hint", |w| w.number_hint(spec, back));
            }
            same(&mut log, "reprompt", |w| w.reprompt("“abc”不是数字", spec));
            same(&mut log, "reprompt", |w| {
                w.reprompt(&format!("x; {}", w.forms(spec)), spec)
            });
            let mut no_examples = spec.clone();
            no_examples.examples.clear();
            same(&mut log, "forms", |w| w.forms(&no_examples));
            same(&mut log, "number_answers", |w| {
                w.number_answers(&no_examples)
            });
            same(&mut log, "reprompt", |w| w.reprompt("abc", &no_examples));
        }
    }
    same(&mut log, "written_and_understood", |w| {
        let mut out = String::from("x ");
        w.written_and_understood(&mut out, "30+4 weeks", "30.6 weeks");
        out
    });
    for number in [false, true] {
        same(&mut log, "because_clause", |w| {
            format!("{:?}", w.because_clause(number))
        });
        for equals in [false, true] {
            for label in ["birth weight", "胎龄"] {
                same(&mut log, "describe_compare", |w| {
                    w.describe_compare(label, number, equals, "小于 32 周")
                });
                same(&mut log, "describe_compare", |w| {
                    w.describe_compare(label, number, equals, "under 32 weeks")
                });
            }
        }
    }
    same(&mut log, "clause_separator", |w| {
        w.clause_separator().to_string()
    });
    same(&mut log, "list_separator", |w| {
        w.list_separator().to_string()
    });
    for all in [false, true] {
        same(&mut log, "describe_group", |w| {
            w.describe_group(all, &s(&["a", "b"]))
        });
        for t in [Truth::True, Truth::False, Truth::Unknown] {
            same(&mut log, "explain_group", |w| w.explain_group(all, t));
            same(&mut log, "explain_not", |w| w.explain_not(t));
            same(&mut log, "explain_compare", |w| {
                w.explain_compare("q", "33 weeks", "under 32 weeks", t)
            });
        }
    }
    same(&mut log, "describe_not", |w| w.describe_not("x"));
    for status in [
        Status::Present,
        Status::Absent,
        Status::NotAssessed,
        Status::NotApplicable,
    ] {
        same(&mut log, "explain_factor", |w| {
            w.explain_factor("twin", status)
        });
    }
    let ids = [
        None,
        Some(RecordId::Text("baby-7\x1b".into())),
        Some(RecordId::Number(42.into())),
    ];
    for id in &ids {
        for file in [None, Some("answers.jsonl")] {
            for line in [None, Some(7)] {
                same(&mut log, "record_heading", |w| {
                    w.record_heading(3, id.as_ref(), file, line)
                });
            }
        }
    }
    for na in [0, 1] {
        let counts = FactorCounts {
            present: 2,
            total: 16,
            absent: 10,
            not_assessed: 4,
            not_applicable: na,
        };
        same(&mut log, "factor_counts", |w| w.factor_counts(counts));
    }
    for n in [0, 1, 2] {
        same(&mut log, "nothing_found_but", |w| {
            w.nothing_found_but(n, 16)
        });
        same(&mut log, "not_screened", |w| w.not_screened(n));
        same(&mut log, "invalid_records", |w| {
            w.invalid_records(n as u64, 5)
        });
        same(&mut log, "summary_line", |w| {
            w.summary_line(n as u64, 4, 1, "cp@1", "sha256:ab")
        });
        same(&mut log, "chart_totals", |w| w.chart_totals(n as u64, 4, 1));
        same(&mut log, "rules_counts", |w| w.rules_counts(n, n + 1, n, n));
        same(&mut log, "rule_set_counts", |w| {
            w.rule_set_counts(n, 16, "sha256:ab")
        });
        same(&mut log, "quiz_question", |w| w.quiz_question(n));
        same(&mut log, "more_rule_problems", |w| {
            w.more_rule_problems(n, 40)
        });
    }
    same(&mut log, "includes_note", |w| {
        w.includes_note(&["Born before 37 weeks".into(), "HIV infection".into()])
    });
    same(&mut log, "tier_note", |w| w.tier_note("most important"));
    same(&mut log, "quoted_source_in", |w| {
        w.quoted_source_in("words", "doc")
    });
    same(&mut log, "rules_footer", |w| {
        w.rules_footer("cp@1", "sha256:ab")
    });
    same(&mut log, "cannot_read", |w| {
        w.cannot_read("r.json", true, "gone")
    });
    same(&mut log, "cannot_read", |w| {
        w.cannot_read("r.json", false, "gone")
    });
    same(&mut log, "cannot_write", |w| {
        w.cannot_write("r.json", "gone")
    });
    same(&mut log, "input_ended", |w| w.input_ended());
    same(&mut log, "rules_valid", |w| {
        w.rules_valid("r.json", "cp@1", "Title")
    });
    same(&mut log, "factors_title", |w| {
        w.factors_title("cp@1", "sha256:ab")
    });
    same(&mut log, "source_line", |w| {
        w.source_line("T", Some("clinic page"))
    });
    same(&mut log, "source_line", |w| w.source_line("T", None));
    for follow_up in [false, true] {
        same(&mut log, "factor_place", |w| {
            w.factor_place("Birth", "listed", follow_up)
        });
    }
    same(&mut log, "citation", |w| w.citation("t", Some("c")));
    same(&mut log, "citation", |w| w.citation("t", None));
    same(&mut log, "worked_example", |w| w.worked_example("twins"));
    same(&mut log, "demo_record_intro", |w| {
        w.demo_record_intro("twins")
    });
    same(&mut log, "section_heading", |w| w.section_heading("Birth"));
    same(&mut log, "question_line", |w| {
        w.question_line("Birth", 9, 16, "How?")
    });
    same(&mut log, "echo", |w| w.echo("6斤2两", "3100 g"));
    for (whole, part) in [("31 weeks", "3.5 days"), ("31 周", "3.5 天")] {
        same(&mut log, "echo_split", |w| {
            w.echo_split("31.5 weeks", whole, part)
        });
        same(&mut log, "echo_split", |w| {
            w.echo_split("31.5 周", whole, part)
        });
    }
    for (text, note) in [
        ("Born", "(x)"),
        ("出生", "（最重要）"),
        ("Born", "（最重要）"),
        ("出生", "(x)"),
    ] {
        same(&mut log, "join_note", |w| w.join_note(text, note));
    }
    same(&mut log, "review_answer", |w| {
        w.review_answer("birth weight", "1850 g")
    });
    same(&mut log, "review_answer", |w| {
        w.review_answer("出生体重", "1850 克")
    });
    same(&mut log, "question_skipped", |w| {
        w.question_skipped(6, "twin: yes")
    });
    same(&mut log, "menu_enter", |w| w.menu_enter("Don't know"));
    same(&mut log, "plain_choose_key", |w| {
        w.plain_choose_key(16, "c", "Confirm")
    });
    same(&mut log, "saved_to", |w| w.saved_to("a.json"));
    same(&mut log, "plain_choose", |w| {
        w.plain_choose(3, 3, "Don't know")
    });
    same(&mut log, "plain_keep", |w| w.plain_keep("31+4"));
    same(&mut log, "rule_sets_heading", |w| w.rule_sets_heading());
    same(&mut log, "rule_set_title", |w| {
        w.rule_set_title("cp@1", "T")
    });
    same(&mut log, "compare_heading", |w| {
        w.compare_heading("a@1", 16, "b@1", 12)
    });
    same(&mut log, "compare_same", |w| w.compare_same());
    same(&mut log, "compare_differ", |w| w.compare_differ("b@1"));
    same(&mut log, "compare_only_in", |w| {
        w.compare_only_in("a@1", "b@1")
    });
    same(&mut log, "compare_note", |w| w.compare_note());
    same(&mut log, "follow_up_place", |w| w.follow_up_place("Why."));
    same(&mut log, "asked_only_when", |w| {
        w.asked_only_when("twin: yes")
    });
    for level in [
        ConfidenceLevel::High,
        ConfidenceLevel::Moderate,
        ConfidenceLevel::Low,
    ] {
        same(&mut log, "confidence", |w| {
            w.confidence(level, Some("note"))
        });
        same(&mut log, "confidence", |w| w.confidence(level, None));
    }
    same(&mut log, "page_meta", |w| {
        w.page_meta("2026-11-26", "cp@1", "sha256:ab")
    });
    same(&mut log, "chart_segment", |w| {
        w.chart_segment("F", "present", 3, 8, "38%")
    });
    for sc in [
        Shortcut::Yes,
        Shortcut::No,
        Shortcut::DontKnow,
        Shortcut::Help,
        Shortcut::Back,
        Shortcut::Confirm,
    ] {
        same(&mut log, "shortcuts", |w| format!("{:?}", w.shortcuts(sc)));
    }
    same(&mut log, "short_prompt", |w| w.short_prompt().to_string());
    same(&mut log, "saved_with_id", |w| {
        w.saved_with_id("a.json", "baby-1")
    });
    same(&mut log, "man_sections", |w| {
        format!("{:?}", w.man_sections())
    });
    same(&mut log, "quiz_prompt", |w| w.quiz_prompt(14));
    same(&mut log, "quiz_bad_choice", |w| w.quiz_bad_choice("x", 14));
    same(&mut log, "quiz_verdict", |w| {
        w.quiz_verdict(crate::words::QuizLine::Missed, "a")
    });
    same(&mut log, "quiz_all_right", |w| {
        w.quiz_all_right().to_string()
    });
    for file in [None, Some("a.ndjson")] {
        for line in [None, Some(7)] {
            let place = Place {
                file,
                record: 3,
                line,
                field: Some("birth_weight_grams"),
                id: Some("r1".into()),
            };
            same(&mut log, "fhir_place", |w| w.fhir_place(&place));
        }
    }
    same(&mut log, "form_number_help", |w| {
        w.form_number_help("g", 200.0, 7000.5, None)
    });
    same(&mut log, "form_number_help", |w| {
        w.form_number_help("wk", 20.0, 45.0, Some(("31+4", "31.57")))
    });
    insta::assert_snapshot!("sentences", log);
}

#[test]
fn english_quotes_shorten_long_values() {
    assert_eq!(EN.quote("abc"), "\"abc\"");
    let long = "x".repeat(100);
    assert_eq!(
        EN.quote(&long),
        format!("\"{}…\" (60 more characters)", "x".repeat(40))
    );
}

#[test]
fn long_file_names_are_cut_as_each_language_cut_them() {
    let place = Place {
        file: Some(&"f".repeat(60)),
        record: 1,
        ..Place::default()
    };
    assert!(
        EN.fhir_place(&place)
            .starts_with(&format!("file \"{}\"", "f".repeat(60)))
    );
    assert!(
        ZH.fhir_place(&place)
            .starts_with(&format!("文件“{}…”（还有 20 个字符）", "f".repeat(40)))
    );
}

/// The message ids `say.rs` names: the first string of each `say!`, `say_into!`, `text!`,
/// and `found!`, a string right after `.text(` or `slots(lang, `, and the strings given to
/// `.join(`.
fn ids_in_say() -> Vec<String> {
    let source = concat!(include_str!("say.rs"), include_str!("say/problems.rs"));
    let is_id = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    };
    // The string literal starting at or after `at`, and where it ends.
    let literal_after = |at: usize| -> Option<(&str, usize)> {
        let start = at + source[at..].find('"')? + 1;
        let end = start + source[start..].find('"')?;
        Some((&source[start..end], end + 1))
    };
    let first_arg = |at: usize| source[at..].trim_start().chars().next();
    let mut ids = Vec::new();
    for call in ["say!(", "say_into!(", "text!(", "found!("] {
        for (at, _) in source.match_indices(call) {
            // Not the macros' own definitions, whose arguments are `$lang, $id`.
            if first_arg(at + call.len()) == Some('$') {
                continue;
            }
            if let Some((id, _)) = literal_after(at) {
                ids.push(id.to_string());
            }
        }
    }
    for call in [".text(", "slots(lang, "] {
        for (at, _) in source.match_indices(call) {
            if first_arg(at + call.len()) == Some('"')
                && let Some((id, _)) = literal_after(at)
            {
                ids.push(id.to_string());
            }
        }
    }
    for (at, _) in source.match_indices(".join(") {
        let end = at + source[at..].find(')').unwrap_or(0);
        let mut from = at;
        while let Some((id, next)) = literal_after(from) {
            if next > end {
                break;
            }
            if is_id(id) {
                ids.push(id.to_string());
            }
            from = next;
        }
    }
    ids.retain(|id| is_id(id));
    ids
}

#[test]
fn every_message_the_code_names_is_in_every_catalog() {
    let ids = ids_in_say();
    assert!(ids.len() > 200, "{} ids found", ids.len());
    let mut ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let phrases: Vec<&str> = all_phrases()
        .into_iter()
        .map(super::say::phrase_id)
        .collect();
    ids.extend(phrases);
    for language in crate::locale::LANGUAGES {
        for id in &ids {
            assert!(
                language.lang.catalog().has(id),
                "{} has no {id}",
                language.tag
            );
        }
    }
}
