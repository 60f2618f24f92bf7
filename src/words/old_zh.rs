//! 简体中文 (Simplified Chinese).
//!
//! Conventions: full-width punctuation in Chinese sentences (，。：；（）“”), ASCII digits,
//! a space between Chinese and Latin letters or digits (`3 条记录`, `以 g 为单位`), none
//! between Chinese and Chinese. What a person types or a machine reads stays as it is:
//! ids, codes, file names, JSON keys and literals (`"unknown"`, `"all"`), unit symbols,
//! flags and command lines. Rule-file texts (labels, units, examples) come in as given.

use super::{Clause, FactorCounts, Noun, Phrase, Shortcut, Words};
use crate::answers::{Answer, RecordId};
use crate::engine::{Status, Truth};
use crate::notation::{format_plain, format_value};
use crate::problem::{
    ArrayBreak, Found, HeaderProblem, InputProblem, JsonKind, NotationError, NotationProblem,
    RangeProblem, RecordPlace, RecordProblem, RefKind, RuleProblem, RuleProblemKind, Usage,
};
use crate::rules::{ConfidenceLevel, NumberSpec, Op, QuestionKind, RuleSet};
use crate::sanitize::{escape_control, short};

pub struct Chinese;

/// JSON literals stay in ASCII quotes: they are what a person types into the record.
const YES_NO_EXPECTED: &str = "应为 \"yes\" 或 \"no\"（也可写 有 / 没有、Y / N、1 / 0、true / false），或 \"unknown\"（也可写 不清楚、null、空白、NA、N/A、\".\"）";

const CONDITION_EXPECTED: &str = "应为 \"all\"、\"any\"、\"not\"，或带有 equals、less_than、at_most、greater_than、at_least 之一的 \"question\"";

/// A Chinese ideograph (not punctuation).
fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

/// Whether two neighbouring characters want a space between them: Chinese next to Latin
/// letters, digits or ASCII signs does; Chinese next to Chinese or full-width punctuation
/// does not.
fn space_between(left: char, right: char) -> bool {
    (is_han(left) && right.is_ascii_graphic())
        || (left.is_ascii_graphic() && is_han(right))
        || (left.is_ascii_alphanumeric() && right.is_ascii_alphanumeric())
}

/// `a` then `b`, with a space between them when the characters that meet need one.
fn cat(a: &str, b: &str) -> String {
    match (a.chars().next_back(), b.chars().next()) {
        (Some(l), Some(r)) if space_between(l, r) => format!("{a} {b}"),
        _ => format!("{a}{b}"),
    }
}

fn kind(k: JsonKind) -> &'static str {
    match k {
        JsonKind::Null => "null",
        JsonKind::Boolean => "布尔值",
        JsonKind::Number => "数字",
        JsonKind::String => "字符串",
        JsonKind::Array => "数组",
        JsonKind::Object => "对象",
    }
}

/// "实际是数组", "实际是 true".
fn found(what: &str) -> String {
    cat("实际是", what)
}

fn hint(suggestion: &Option<String>) -> String {
    match suggestion {
        Some(s) => format!("（是指“{s}”吗？）"),
        None => String::new(),
    }
}

/// JSON keys, as typed in the file.
fn quote_keys(items: &[String]) -> String {
    items
        .iter()
        .map(|k| format!("\"{k}\""))
        .collect::<Vec<_>>()
        .join("、")
}

fn truth(t: Truth) -> &'static str {
    match t {
        Truth::True => "是",
        Truth::False => "否",
        Truth::Unknown => "未知",
    }
}

/// "以 g 为单位的数字", "以周为单位的数字".
fn number_of(unit: &str) -> String {
    cat(&cat("以", unit), "为单位的数字")
}

/// The unit names of a spec's unit, preferring a Chinese one ("天") when the rule file
/// gives one, else the last (longest) name.
fn unit_name(unit: &crate::rules::Unit) -> String {
    unit.names
        .iter()
        .find(|n| n.chars().any(is_han))
        .or(unit.names.last())
        .unwrap_or(&unit.symbol)
        .clone()
}

/// What a number question accepts, as the tail of a sentence: "可以这样写：31+4、31w4d"
/// or "应为以 g 为单位的数字".
fn expected(spec: &NumberSpec) -> String {
    if spec.examples.is_empty() {
        format!("应为{}", number_of(&spec.unit))
    } else {
        format!("可以这样写：{}", spec.examples.join("、"))
    }
}

fn range_problem(p: RangeProblem, spec: &NumberSpec) -> String {
    match p {
        RangeProblem::NotFinite => "不是有限的数字".into(),
        RangeProblem::Negative => "是负数；数值不可能为负".into(),
        RangeProblem::OutOfRange => format!("超出合理范围（{}）", Chinese.range(spec)),
    }
}

fn expected_number(spec: &NumberSpec, what: &str) -> String {
    format!(
        "应为{}（{}）或 \"unknown\"，{}",
        number_of(&spec.unit),
        Chinese.forms(spec),
        found(what)
    )
}

fn notation_problem(spec: &NumberSpec, p: &NotationProblem) -> String {
    use NotationProblem::*;
    let expected = || expected(spec);
    let plus_name = || {
        spec.plus_unit
            .map(|i| unit_name(&spec.units[i]))
            .unwrap_or_default()
    };
    match p {
        Negative => format!("不接受负数；{}", expected()),
        DecimalComma => "小数请用小数点，也不要用千位分隔符（如 1850、31.5）".into(),
        PlusNotUsed => format!("这个问题不用“+”写法；{}", expected()),
        OneBeforePlus => format!("“+”前面应只有一个数字；{}", expected()),
        OneAfterPlus => format!("“+”后面应只有一个数字；{}", expected()),
        PlusWithUnits => format!("“+”写法不带单位；{}", expected()),
        PlusWrongUnit { unit } => format!(
            "{}，不能是{}",
            cat(&cat("“+”后面的数字应以", &plus_name()), "为单位"),
            Chinese.quote(unit)
        ),
        PlusTooLarge { amount, bound } => format!(
            "{}；“+”后面的数字必须小于 {}",
            cat(
                &format!("{} {}", short(amount), plus_name()),
                &format!("已满 1 {}", Chinese.unit_one(spec))
            ),
            format_plain(*bound, 3)
        ),
        FractionBeforeSmaller { amount, readings } => {
            let readings: Vec<String> = readings
                .iter()
                .map(|r| crate::notation::with_unit(*r, spec))
                .collect();
            format!(
                "{} 是小数，后面又跟着更小的单位，可能是 {} 中的任何一种；更小的单位前请写整数；{}",
                short(amount),
                readings.join(" 或 "),
                expected()
            )
        }
        NoNumber => format!("需要填写数字；{}", expected()),
        PartWithoutUnit { amount } => format!(
            "{}没有单位；每个数字都要写单位；{}",
            Chinese.quote(amount),
            expected()
        ),
        UnitOrder { unit, previous } => {
            format!("“{unit}”写在了“{previous}”后面：请先写较大的单位，每个单位只写一次")
        }
        PartTooLarge {
            amount,
            unit,
            previous,
            bound,
        } => cat(
            &format!("{} {unit}", short(amount)),
            &format!("已满 1 {previous}；必须小于 {}", format_plain(*bound, 3)),
        ),
        UnknownUnit { name, suggestion } => {
            if spec.units.is_empty() {
                format!(
                    "未知单位{}；这个问题只接受{}",
                    Chinese.quote(name),
                    number_of(&spec.unit)
                )
            } else {
                let symbols: Vec<&str> = spec.units.iter().map(|u| u.symbol.as_str()).collect();
                format!(
                    "未知单位{}{}；可用的单位：{}",
                    Chinese.quote(name),
                    hint(suggestion),
                    symbols.join("、")
                )
            }
        }
        ExpectedNumberAt { rest } => format!("{}处应为数字", Chinese.quote(rest)),
        Unexpected { found } => format!(
            "无法识别的字符{}",
            Chinese.quote(found.encode_utf8(&mut [0; 4]))
        ),
        NotANumber { text } => format!("{}不是数字", Chinese.quote(text)),
        TooLarge => "数字太大".into(),
        TooManyParts { limit } => format!("数字太多；最多写 {limit} 个部分"),
    }
}

impl Words for Chinese {
    fn phrase(&self, p: Phrase) -> &'static str {
        use Phrase::*;
        match p {
            NothingFound => "在这些回答中，没有发现本清单中的任何危险因素。",
            Because => "依据：",
            Source => "来源：",
            NotAssessedList => "未评估（答案未知或未填写）：",
            AbsentList => "已检查，未发现：",
            HowDecided => "每项因素是如何判定的",
            CorrectAndRescreen => "请更正这条记录，然后重新筛查。",
            SummaryNote => "以上统计的是记录数，不是有风险的儿童人数：任何一项因素都不是诊断。",
            SummaryFactor => "因素",
            SummaryPresent => "存在",
            SummaryNotAssessed => "未评估",
            SummaryNotApplicable => "不适用",
            NotApplicableList => "不适用（这个孩子不需要回答相关问题）：",
            SummaryAbsent => "不存在",
            YourResult => "您的筛查结果",
            AlwaysDontKnow => {
                "“不清楚”随时都是可以的回答。每个问题都可以返回上一题；看结果之前，还可以检查并修改每个回答。"
            }
            YourAnswer => "您的回答",
            Yes => "有",
            No => "没有",
            DontKnow => "不清楚",
            Help => "帮助：这是什么意思？",
            Back => "返回上一题",
            ReviewHeading => "── 核对您的回答 ──",
            Confirm => "确认并查看结果",
            ReviewPrompt => "请确认，或选择要修改的回答",
            Interrupted => "cp-screen：已中断，没有保存任何内容",
            FactorsFooter => {
                "`cp-screen factors ID` 可查看一项因素的完整说明：含义、对来源的解读、证据和编码。"
            }
            TableFactor => "因素",
            TableTier => "级别",
            TablePresentWhen => "判定为存在的条件",
            TableSourceWords => "来源原文",
            WhatItMeans => "含义",
            QuestionAsked => "所问的问题",
            PresentWhen => "何时判定为存在",
            SourceWords => "来源原文",
            ReadingUsed => "采用的解读",
            OtherReading => "另一种可能的解读",
            Literature => "更多文献的结论",
            Guidance => "适用于所有因素的指南",
            PageSubtitle => "有文献记载的危险因素筛查清单：不是诊断",
            FactorsPresent => "存在的危险因素",
            AnswersGiven => "填写的答案",
            NoRecords => "没有读到任何记录。",
            FollowUpCard => "存在时，报告会加上规则集中关于发育随访的那句话。",
            ChartTitle => "各危险因素存在、不存在和未评估的次数",
            Codes => "编码",
            YesNoAnswers => "回答：有、没有或不清楚。",
            UnknownNotAbsent => "答案不清楚或未填写时，该因素为“未评估”，绝不算作“不存在”。",
            NoStudy => "本规则集没有为这项因素引用其他研究。",
            FollowUpNote => "（存在时，报告会建议询问发育随访）",
            WorkedExamples => "示例",
            DemoFooter => {
                "`cp-screen demo NAME` 会筛查一个示例并解释每项因素；加上 `--record` 则输出它的回答记录。"
            }
            WhatItReports => "cp-screen 的报告",
            TeachingNote => "教学说明",
        }
    }

    fn count(&self, n: u64, noun: Noun) -> String {
        let word = match noun {
            Noun::Record => "条记录",
            Noun::Error => "个错误",
            Noun::Problem => "个问题",
            Noun::Cell => "个单元格",
            Noun::Column => "列",
            Noun::Section => "个部分",
            Noun::Question => "个问题",
            Noun::Factor => "个因素",
        };
        format!("{n} {word}")
    }

    fn list(&self, items: &[String]) -> String {
        match items {
            [] => String::new(),
            [one] => one.clone(),
            [rest @ .., last] => cat(&cat(&rest.join("、"), "和"), last),
        }
    }

    fn quote(&self, text: &str) -> String {
        const MAX_CHARS: usize = 40;
        let escaped = escape_control(text);
        let mut chars = escaped.chars();
        let head: String = chars.by_ref().take(MAX_CHARS).collect();
        let rest = chars.count();
        if rest == 0 {
            format!("“{head}”")
        } else {
            format!("“{head}…”（还有 {rest} 个字符）")
        }
    }

    fn answer_word(&self, answer: &Answer) -> &'static str {
        match answer {
            Answer::Unanswered => "未回答",
            Answer::Unknown => "不清楚",
            Answer::Yes => "有",
            Answer::No => "没有",
            Answer::Number { .. } => "数字",
        }
    }

    fn op(&self, op: Op, negated: bool) -> &'static str {
        match (op, negated) {
            (Op::Equals, false) => "等于",
            (Op::LessThan, false) => "小于",
            (Op::AtMost, false) => "不超过",
            (Op::GreaterThan, false) => "大于",
            (Op::AtLeast, false) => "至少",
            (Op::Equals, true) => "不等于",
            (Op::LessThan, true) => "不小于",
            (Op::AtMost, true) => "大于",
            (Op::GreaterThan, true) => "不大于",
            (Op::AtLeast, true) => "小于",
        }
    }

    fn yes_no_target(&self, want: bool, negated: bool) -> String {
        let word = if want { "有" } else { "没有" };
        if negated {
            format!("不是“{word}”")
        } else {
            word.to_string()
        }
    }

    fn unit_one(&self, spec: &NumberSpec) -> String {
        // Chinese has no plural: the base unit's Chinese name if the rule file gives one
        // ("周"), else the English singular ("week") rather than "1 weeks".
        spec.units
            .iter()
            .filter(|u| u.size == 1.0)
            .flat_map(|u| u.names.iter())
            .find(|n| n.chars().any(is_han))
            .cloned()
            .unwrap_or_else(|| super::old_en::English.unit_one(spec))
    }

    fn written_and_understood(&self, out: &mut String, written: &str, understood: &str) {
        for part in [written, "（", understood, "）"] {
            out.push_str(part);
        }
    }

    fn because_clause(&self, number: bool) -> &'static [Clause] {
        use Clause::*;
        // "出生体重 1850 克，小于 2000 克"; "孕期感染：有".
        if number {
            &[Label, Text(" "), Answer, Text("，"), Target]
        } else {
            &[Label, Text("："), Answer]
        }
    }

    fn clause_separator(&self) -> &'static str {
        "；"
    }

    fn describe_compare(&self, label: &str, number: bool, equals: bool, target: &str) -> String {
        match (number, equals) {
            (false, _) => format!("{label}：{target}"),
            (true, true) => cat(&cat(label, "为"), target),
            (true, false) => cat(label, target),
        }
    }

    fn describe_group(&self, all: bool, parts: &[String]) -> String {
        let head = if all { "全部符合" } else { "任一符合" };
        format!("{head}（{}）", parts.join("；"))
    }

    fn describe_not(&self, inner: &str) -> String {
        format!("不符合（{inner}）")
    }

    fn explain_compare(&self, question: &str, answer: &str, test: &str, t: Truth) -> String {
        let verdict = match t {
            Truth::True => format!("符合“{test}”"),
            Truth::False => format!("不符合“{test}”"),
            Truth::Unknown => format!("无法判断是否符合“{test}”"),
        };
        format!("{question} = {answer}：{verdict}")
    }

    fn explain_group(&self, all: bool, t: Truth) -> String {
        let (name, rule) = if all {
            ("全部符合", "每一项都为是则为是，任一项为否则为否")
        } else {
            ("任一符合", "任一项为是则为是，每一项都为否才为否")
        };
        format!("{name}（{rule}）：{}", truth(t))
    }

    fn explain_not(&self, t: Truth) -> String {
        format!("不符合（取反）：{}", truth(t))
    }

    fn explain_factor(&self, factor: &str, status: Status) -> String {
        let s = match status {
            Status::Present => "存在",
            Status::Absent => "不存在",
            Status::NotAssessed => "未评估",
            Status::NotApplicable => "不适用（未询问相关问题）",
        };
        format!("{factor}：{s}")
    }

    fn record_heading(
        &self,
        record: u64,
        id: Option<&RecordId>,
        file: Option<&str>,
        line: Option<u64>,
    ) -> String {
        let mut heading = format!("记录 {record}");
        match id {
            Some(RecordId::Text(t)) => {
                heading.push_str(&format!(" · 编号 “{}”", escape_control(t)))
            }
            Some(RecordId::Number(n)) => heading.push_str(&format!(" · 编号 {n}")),
            None => {}
        }
        let mut place = Vec::new();
        if let Some(file) = file {
            place.push(escape_control(file).into_owned());
        }
        if let Some(line) = line {
            place.push(format!("第 {line} 行"));
        }
        if !place.is_empty() {
            heading.push_str(&format!(" · {}", place.join("，")));
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
            "{total} 项危险因素中：存在 {present} 项，不存在 {absent} 项，未评估 {not_assessed} 项"
        );
        if not_applicable > 0 {
            line.push_str(&format!("，不适用 {not_applicable} 项"));
        }
        line
    }

    fn nothing_found_but(&self, not_assessed: usize, total: usize) -> String {
        format!(
            "在已给出的回答中没有发现危险因素，但 {total} 项因素中有 {not_assessed} 项因答案不清楚或未填写而无法评估。"
        )
    }

    fn tier_note(&self, tier: &str) -> String {
        format!("（{tier}）")
    }

    fn quoted_source(&self, words: &str) -> String {
        format!("“{words}”")
    }

    fn quoted_source_in(&self, words: &str, document: &str) -> String {
        format!("“{words}”（{document}）")
    }

    fn rules_footer(&self, tag: &str, hash: &str) -> String {
        format!("规则：{tag}（{hash}）")
    }

    fn not_screened(&self, errors: usize) -> String {
        format!(
            "未筛查：这条记录有 {}，因此没有评估任何因素",
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
            "汇总：读取 {}，已筛查 {screened} 条，无效 {invalid} 条（规则 {tag}，{hash}）",
            self.count(read, Noun::Record)
        )
    }

    fn invalid_records(&self, invalid: u64, read: u64) -> String {
        format!(
            "cp-screen：{}中有 {invalid} 条无效，未筛查；错误信息见输出",
            self.count(read, Noun::Record)
        )
    }

    fn fhir_problem(&self, problem: &crate::problem::FhirProblem) -> String {
        use crate::problem::FhirProblem::*;
        const VALUES: &str =
            "valueBoolean、valueCoding、valueDecimal、valueInteger、valueString 或 valueQuantity";
        match problem {
            NotAResponse { found: Some(t) } if t == "Bundle" => "资源流中出现了 Bundle；请把 Bundle 单独作为一个文件，或每行一个 QuestionnaireResponse（NDJSON）".into(),
            NotAResponse { found: Some(t) } => format!("这是{}资源，不是 QuestionnaireResponse", self.quote(t)),
            NotAResponse { found: None } => "没有 resourceType：应为 QuestionnaireResponse（\"resourceType\": \"QuestionnaireResponse\"）".into(),
            OtherQuestionnaire {
                found,
                expected,
                embedded: Some(name),
            } => format!(
                "回答的是问卷 {}，不是 {}；它是内置规则集 {name} 的问卷：请用 --rule-set {name} 筛查",
                super::old_en::quote_up_to_exact(found, 200),
                super::old_en::quote_up_to_exact(expected, 200)
            ),
            OtherQuestionnaire {
                found,
                expected,
                embedded: None,
            } => format!(
                "回答的是问卷 {}，不是 {}；请用它所回答的规则集筛查（--rules），或用本规则集的问卷收集回答（cp-screen export questionnaire）",
                super::old_en::quote_up_to_exact(found, 200),
                super::old_en::quote_up_to_exact(expected, 200)
            ),
            EnteredInError => "这份回答的状态是 entered-in-error：它是误录的，因此不筛查".into(),
            Structure { path, what } if path.is_empty() || path == "." => {
                format!("FHIR 资源的结构不符合要求：{what}")
            }
            Structure { path, what } => format!("FHIR 资源在 {path} 处的结构不符合要求：{what}"),
            SeveralAnswers { count } => format!("给了 {count} 个回答（或值）；每个问题只能有一个"),
            NoValue => format!("回答没有值；应为 {VALUES} 之一"),
            UnsupportedValue { key } => format!("不读取 {key}；请用 {VALUES} 作答"),
            UnknownCoding { system, code } => format!(
                "编码{}{}不是 cp-screen 能读取的回答；应为 LOINC LA33-6（有）、LA32-8（没有）或 LA4489-6（不清楚），HL7 v2-0136 的 Y 或 N，或 v3 NullFlavor（不清楚）",
                self.quote(code),
                system.as_deref().map(|s| format!("（{}）", self.quote(s))).unwrap_or_default()
            ),
            UnknownUnit { unit, accepted } => format!(
                "这个问题不接受单位{}；应为 UCUM 代码 {} 之一，或不带单位的数字",
                self.quote(unit),
                quote_keys(accepted)
            ),
            Comparator { comparator } => format!(
                "带比较符{}的数量不是一个确定的值；请给出数值本身",
                self.quote(comparator)
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
            GivenTwice { is_id: true } => "出现了两次".into(),
            GivenTwice { is_id: false } => "出现了两次；每个问题只能回答一次".into(),
            InvalidId { found: k } => format!("应为字符串或数字，{}", found(kind(*k))),
            UnknownField {
                rules: tag,
                suggestion,
            } => format!(
                "不是规则集 {tag} 中的问题{}；如需忽略不属于问题的字段，请使用 --allow-extra-fields",
                hint(suggestion)
            ),
            NotYesNo { text } => format!("{}不是有效的回答；{YES_NO_EXPECTED}", self.quote(text)),
            NumberForYesNo { shown } => {
                format!("{YES_NO_EXPECTED}，实际是数字 {shown}")
            }
            WrongTypeForYesNo { found: k } => format!("{YES_NO_EXPECTED}，{}", found(kind(*k))),
            WrongTypeForNumber {
                question,
                found: what,
            } => {
                let what = match what {
                    Found::Kind(k) => kind(*k).to_string(),
                    Found::Bool(b) => b.to_string(),
                };
                match spec(*question) {
                    Some(spec) => expected_number(spec, &what),
                    None => format!("{YES_NO_EXPECTED}，{}", found(&what)),
                }
            }
            UnusableNumber { shown } => format!("{shown} 不是可用的数字"),
            Number { question, error } => match spec(*question) {
                Some(spec) => self.notation_error(spec, error),
                None => format!("{YES_NO_EXPECTED}，实际是数字"),
            },
            NotAnObject { found: k } => format!(
                "应为一条回答记录（以问题 id 为键的 JSON 对象），{}",
                found(kind(*k))
            ),
            InvalidJson {
                at,
                what,
                cut_short,
            } => {
                let hint = if *cut_short {
                    "（记录是否被截断了？）"
                } else {
                    ""
                };
                match at {
                    Some((line, column)) => {
                        format!("第 {line} 行第 {column} 列不是有效的 JSON：{what}{hint}")
                    }
                    None => format!("不是有效的 JSON：{what}{hint}"),
                }
            }
            TooLarge {
                place,
                bytes,
                limit,
            } => {
                let what = match place {
                    RecordPlace::Line(l) => format!("第 {l} 行的记录"),
                    RecordPlace::CsvRow(r) => format!("第 {r} 行"),
                    RecordPlace::ArrayElement(e) => {
                        format!("数组第 {e} 个元素（索引 {}）", e - 1)
                    }
                };
                format!("{what}长 {bytes} 字节；一条记录最多 {limit} 字节（1 MiB），因此已跳过")
            }
            EmptyArrayElement {
                element,
                line,
                column,
            } => format!(
                "第 {line} 行第 {column} 列的数组第 {element} 个元素（索引 {}）为空（是否多了一个逗号？）",
                element - 1
            ),
            CsvCellCount {
                row,
                cells,
                columns,
            } => format!("第 {row} 行有 {cells} 个单元格，但表头有 {columns} 列"),
            CsvNotUtf8 { row, column, byte } => {
                format!("第 {row} 行“{column}”列：单元格不是有效的 UTF-8（字节 {byte}）")
            }
            CsvUnclosedQuote { row } => {
                format!("第 {row} 行有一个带引号的单元格没有闭合引号；它后面的行会各自单独读取")
            }
            NotAsked { question } => {
                let condition = rules.questions[*question]
                    .ask_when
                    .as_ref()
                    .map(|c| super::describe(rules, c))
                    .unwrap_or_default();
                format!(
                    "已作答，但这个问题只在符合“{condition}”时才问，而这条记录的回答不符合；请删去这个回答，或填写 \"unknown\""
                )
            }
            InArray { element, inner } => format!(
                "数组第 {element} 个元素（索引 {}）：{}",
                element - 1,
                self.record_problem(rules, inner)
            ),
            Fhir(problem) => self.fhir_problem(problem),
        }
    }

    fn notation_error(&self, spec: &NumberSpec, error: &NotationError) -> String {
        match error {
            NotationError::Syntax { text, problem } => {
                format!("{}：{}", self.quote(text), notation_problem(spec, problem))
            }
            NotationError::Range {
                text,
                plain: true,
                problem,
                ..
            } => cat(
                &format!("{text} {}", spec.unit),
                &range_problem(*problem, spec),
            ),
            NotationError::Range {
                text,
                plain: false,
                value,
                problem,
            } => format!(
                "{}即 {} {}，{}",
                self.quote(text),
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
            FileTooLarge { bytes, limit } => {
                format!("文件有 {bytes} 字节；规则文件最多 {limit} 字节")
            }
            NotUtf8 { offset } => {
                format!("文件不是 UTF-8 文本（偏移 {offset} 处有无效字节）")
            }
            EmptyFile => "文件为空；应为包含 id、version、questions 和 factors 的 JSON 对象".into(),
            NotAnObject { found: k } => {
                format!("应为规则集（JSON 对象），{}", found(kind(*k)))
            }
            Structure { what } => what.clone(),
            ControlCharacter { code_point } => {
                format!("含有控制字符 U+{code_point:04X}；规则文件的文本中不能有控制字符")
            }
            Empty => "不能为空".into(),
            IdCharacters { id } => format!("{}只能包含 ASCII 字母、数字、“_”和“-”", self.quote(id)),
            DuplicateId { id, first } => format!("id “{id}”重复（已被 {first} 使用）"),
            NoQuestions => "规则集中没有任何问题".into(),
            NoFactors => "规则集中没有任何因素".into(),
            UnknownReference {
                what,
                id,
                suggestion,
                known,
            } => {
                let what = match what {
                    RefKind::Section => "部分",
                    RefKind::Tier => "级别",
                    RefKind::Factor => "因素",
                };
                format!(
                    "未知的{what}“{id}”{}；已有：{}",
                    hint(suggestion),
                    known.join("、")
                )
            }
            ReservedId { id } => format!("“{id}”已保留给记录的 id"),
            OnlyNumberQuestions { field } => {
                format!("只有数值问题可以使用 \"{field}\"（这个问题是 yes_no 类型）")
            }
            MissingRange { field } => {
                format!("数值问题需要 \"{field}\"（合理范围）")
            }
            MissingUnit => "数值问题需要 \"unit\"".into(),
            EmptyRange { min, max } => {
                format!("范围为空：min {min} 大于 max {max}")
            }
            NegativeMin { min } => format!("{min} 是负数；回答不可能为负"),
            NotPositive { value } => format!("{value} 必须是正数"),
            UnitSizeAbsurd { size } => format!(
                "这个单位等于 {size:e} 个基本单位（factor / per）；单位应在基本单位的 1e-12 到 1e12 倍之间"
            ),
            TooManyDecimals { decimals, limit } => {
                format!("{decimals} 位小数；答案最多显示 {limit} 位小数")
            }
            UnitWithoutName => "单位至少需要一个名称".into(),
            UnitNameNotLetters { name } => format!("“{name}”只能由字母组成"),
            UnitNameTwice { name } => format!("“{name}”同时是这个问题两个单位的名称"),
            UnknownPlusUnit { symbol, suggestion } => {
                format!("“{symbol}”不是它任何一个单位的符号{}", hint(suggestion))
            }
            TooDeep { limit } => format!("条件嵌套超过 {limit} 层"),
            NotACondition { found: k } => {
                format!("应为条件对象，{}", found(kind(*k)))
            }
            CombinatorNotAlone { key, others } => format!(
                "\"{key}\" 在对象中必须单独出现；多出了 {}",
                quote_keys(others)
            ),
            NotAConditionList { found: k, .. } => {
                format!("应为条件数组，{}", found(kind(*k)))
            }
            EmptyCombinator { key } => {
                format!("不允许空的 \"{key}\"；请至少列出一个条件")
            }
            UnknownConditionKey { key, suggestion } => format!(
                "未知的键 \"{key}\"{}；{CONDITION_EXPECTED}",
                hint(suggestion)
            ),
            NoQuestion => format!("缺少 \"question\"；{CONDITION_EXPECTED}"),
            QuestionNotAString { found: k } => {
                format!("应为问题 id（字符串），{}", found(kind(*k)))
            }
            NoComparison => {
                "缺少比较；请加上 equals、less_than、at_most、greater_than、at_least 之一".into()
            }
            SeveralComparisons { keys } => format!(
                "每个条件只能有一个比较，这里有 {}；请用 \"all\" 组合",
                quote_keys(keys)
            ),
            UnknownQuestion { id, suggestion } => {
                format!("未知问题“{id}”{}", hint(suggestion))
            }
            NumericOnYesNo { question } => {
                format!("“{question}”是 yes/no 问题；请用 \"equals\" 比较，不能用数值比较")
            }
            NotYesOrNo {
                question,
                found: what,
            } => format!(
                "yes/no 问题“{question}”应为 \"yes\" 或 \"no\"，{}",
                found(what)
            ),
            TargetOutOfRange {
                value,
                question,
                min,
                max,
                unit,
            } => format!(
                "{value} 超出“{question}”的合理范围（{min} 至 {max} {unit}），因此这个条件永远不会由它决定"
            ),
            NotANumberTarget {
                question,
                found: what,
            } => {
                format!("数值问题“{question}”应为数字，{}", found(what))
            }
            AskWhenNotEarlier { question } => {
                format!("\"ask_when\" 只能引用之前问过的问题；“{question}”不在这个问题之前")
            }
            BadLanguages => {
                "应为语言标记的非空列表，文件本身的语言在前（例如 [\"en\", \"zh-Hans\"]）".into()
            }
            BadTranslations => {
                "译文应写成 {\"<语言>\": {\"<字段>\": \"<文本>\"}}，每条译文与原文同类".into()
            }
            UndeclaredLanguage { lang, declared } => format!(
                "有译成“{lang}”的译文，但文件的 \"languages\" 在其本身语言之后没有声明它；已声明：{}",
                declared.join(", ")
            ),
            UnknownTranslatedText { field, known } => {
                if known.is_empty() {
                    format!("“{field}”不是这个对象的文本；这个对象没有需要翻译的文本")
                } else {
                    format!(
                        "“{field}”不是这个对象的文本；它的文本有：{}",
                        known.join(", ")
                    )
                }
            }
            MissingTranslation { lang } => format!(
                "这段文本缺少“{lang}”译文，而文件声明了“{lang}”（请在这个对象的 \"translations\" 中补上）"
            ),
        };
        if place.is_empty() {
            message
        } else {
            format!("{place}：{message}")
        }
    }

    fn invalid_rule_file(&self, file: &str, problems: &[String]) -> String {
        if let [only] = problems {
            format!("规则文件 {file} 无效：{only}")
        } else {
            let mut s = format!(
                "规则文件 {file} 无效（{}）：",
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
        const EXPECTED: &str = "应为一条回答记录（JSON 对象）、记录数组或 JSON Lines";
        match problem {
            InputProblem::Empty => format!("{name}：输入为空；{EXPECTED}"),
            InputProblem::NotRecords {
                line,
                column,
                json_value,
                shown,
            } => {
                let what = if *json_value {
                    "一个不是回答记录的 JSON 值"
                } else {
                    "不是 JSON 的文本"
                };
                let csv = if super::looks_like_csv(*line, *json_value, shown) {
                    "；如果这是 CSV，请加上 --input-format csv（名为 *.csv 的文件会按 CSV 读取）"
                } else {
                    ""
                };
                format!(
                    "{name}：第 {line} 行第 {column} 列：发现{what}（“{shown}”）；{EXPECTED}{csv}"
                )
            }
            InputProblem::FhirBundleTooLarge { limit } => format!(
                "{name}：FHIR Bundle 文件需要整体读入，而这个文件超过 {} MiB；请改用 NDJSON，每行一个回答（jq -c '.entry[].resource'）",
                limit / (1024 * 1024)
            ),
            InputProblem::NotJsonAfter { records, what } => format!(
                "{name}：第 {records} 条记录之后的输入不是有效的 JSON：{what}；之前的记录已筛查"
            ),
            InputProblem::ArrayBroken {
                how,
                line,
                column,
                records,
            } => {
                let what = match how {
                    ArrayBreak::EndsInside => format!(
                        "输入在数组内部（第 {line} 行第 {column} 列）就结束了（文件是否被截断了？）"
                    ),
                    ArrayBreak::TextAfter => {
                        format!("数组结束后（第 {line} 行第 {column} 列）还有多余的文本")
                    }
                    ArrayBreak::UnexpectedBrace => {
                        format!("数组中第 {line} 行第 {column} 列出现了多余的 \"}}\"")
                    }
                };
                format!("{name}：{what}；之前的 {records} 条记录已筛查")
            }
            InputProblem::CsvNoHeader => {
                format!("{name}：CSV 输入没有表头行；第一行应为问题 id")
            }
            InputProblem::CsvHeader(h) => {
                let m = match h {
                    HeaderProblem::ColumnTwice { column, name } => {
                        format!("第 {column} 列（{}）重复出现", self.quote(name))
                    }
                    HeaderProblem::UnknownColumn {
                        column,
                        name,
                        rules,
                        suggestion,
                    } => format!(
                        "第 {column} 列（{}）：不是规则集 {rules} 中的问题{}；如需忽略不属于问题的字段，请使用 --allow-extra-fields",
                        self.quote(name),
                        hint(suggestion)
                    ),
                };
                format!("{name}：CSV 表头：{m}")
            }
            InputProblem::CsvUnreadable { what } => format!("{name}：无法按 CSV 读取：{what}"),
            InputProblem::CsvHeaderTooLarge { limit } => {
                format!("{name}：CSV 表头行超过 {limit} 字节；应为一行列名")
            }
            InputProblem::CsvHeaderUnclosedQuote => {
                format!("{name}：CSV 表头行中有一个带引号的列名没有闭合引号")
            }
        }
    }

    fn usage(&self, usage: &Usage) -> String {
        match usage {
            Usage::StdoutClosed => self.stdout_closed(),
            Usage::AskOptionsBeforeCommand => "放在命令之前的 --plain、--save、--force、--id 和 --explain 属于问卷；请把它们放在所用命令的后面（例如 `cp-screen screen --explain FILE`）".into(),
            Usage::NotExportable { question } => format!(
                "问题“{question}”的 ask_when 无法写成 FHIR enableWhen（用了 \"not\"，或在 \"any\" 中嵌套 \"all\"）；请写成用一个 \"all\" 或一个 \"any\" 连接的比较"
            ),
            Usage::StdinTwice => "标准输入（\"-\"）只能读取一次".into(),
            Usage::StdinIsTerminal => "`cp-screen screen` 从文件或标准输入读取回答记录，而现在标准输入是终端。\
请指定文件（cp-screen screen answers.jsonl），用管道输入记录（cat answers.jsonl | cp-screen screen），\
或运行 `cp-screen` 填写问卷。".into(),
            Usage::NoTerminal => "问卷需要在终端中运行，而标准输入或标准错误不是终端。\
请用 `cp-screen ask --plain` 从标准输入逐行作答，\
或用 `cp-screen screen FILE` 筛查 JSON 格式的回答记录。".into(),
            Usage::NoSuchFactor { id, rules, suggestion } => format!(
                "规则集 {rules} 中没有因素{}{}；`cp-screen factors` 会列出全部因素",
                self.quote(id),
                hint(suggestion)
            ),
            Usage::NoSuchDemo { name, suggestion } => format!(
                "没有示例{}{}；`cp-screen demo` 会列出全部示例",
                self.quote(name),
                hint(suggestion)
            ),
            Usage::Mapping(p) => {
                use crate::answers::MappingProblem as M;
                match p.as_ref() {
                    M::Syntax { option, text } => format!(
                        "{option} {}：写法应为 {}",
                        self.quote(text),
                        match *option {
                            "--map" => "COLUMN=QUESTION（如 --map weeks=gestational_age_weeks）",
                            "--unit" => "QUESTION=UNIT（如 --unit birth_weight_grams=lb）",
                            _ => "QUESTION:CODE=ANSWER,CODE=ANSWER（如 --codes birth_asphyxia:1=yes,2=no,9=unknown）",
                        }
                    ),
                    M::UnknownQuestion { id, suggestion } => format!(
                        "映射中的 {} 不是规则集中的问题{}",
                        self.quote(id),
                        hint(suggestion)
                    ),
                    M::BadUnit { question, unit, known } if known.is_empty() => format!(
                        "映射给 {question} 指定了单位 {}，但它不是数值题",
                        self.quote(unit)
                    ),
                    M::BadUnit { question, unit, known } => format!(
                        "{} 不是 {question} 的单位；可用单位：{}",
                        self.quote(unit),
                        known.join(", ")
                    ),
                    M::BadAnswer { question, code, answer } => format!(
                        "{question} 的代码 {} 对应 {}，这不是该问题的有效回答",
                        self.quote(code),
                        self.quote(answer)
                    ),
                    M::File { what } => format!("无法读取映射文件：{what}"),
                }
            }
            Usage::NoSuchLanguage { tag, known } => format!(
                "cp-screen 不支持语言 {}；--lang 可用：{}",
                self.quote(tag),
                known.join(", ")
            ),
            Usage::FactorByWords {
                query,
                rules,
                factors,
            } => format!(
                "规则集 {rules} 中没有编号为 {} 的因素；{}",
                self.quote(query),
                self.factor_matches(factors)
            ),
            Usage::QuestionNotFactor { question, factors } => match factors.as_slice() {
                [only] => format!(
                    "“{question}”是问题，不是因素；用到它的因素是 {only}（`cp-screen factors {only}`）"
                ),
                _ => format!(
                    "“{question}”是问题，不是因素；用到它的因素有 {}（`cp-screen factors ID`）",
                    factors.join("、")
                ),
            },
            Usage::SaveExists { path } => format!(
                "{} 已存在；请换一个文件名，或加上 --force 覆盖它",
                escape_control(path)
            ),
            Usage::NoSuchCommand { name, suggestion } => format!(
                "没有命令 {}{}；`cp-screen --help` 会列出全部命令",
                self.quote(name),
                hint(suggestion)
            ),
            Usage::FileAsCommand { path } => format!(
                "{0} 是文件，不是命令；要筛查其中的答案记录，请运行 `cp-screen screen {0}`",
                escape_control(path)
            ),
            Usage::NoDemos { rules } => format!(
                "规则集 {rules} 没有示例；内置规则集都有示例（`cp-screen --rule-set evidence demo`）"
            ),
            Usage::NoSuchRuleSet {
                name,
                suggestion,
                known,
            } => format!(
                "没有内置规则集{}{}；内置规则集有 {}（`cp-screen rules list`），也可以用 --rules FILE 指定文件",
                self.quote(name),
                hint(suggestion),
                known.join("、")
            ),
        }
    }

    fn cannot_read(&self, what: &str, rules_file: bool, why: &str) -> String {
        if rules_file {
            format!("无法读取规则文件 {what}：{why}")
        } else {
            format!("无法读取 {what}：{why}")
        }
    }

    fn cannot_write(&self, what: &str, why: &str) -> String {
        format!("无法写入 {what}：{why}")
    }

    fn input_ended(&self) -> String {
        "问卷还没有完成，标准输入就已结束；没有保存任何内容".into()
    }

    fn rules_valid(&self, shown: &str, tag: &str, title: &str) -> String {
        format!("{shown}：有效的规则集 {tag}“{title}”")
    }

    fn rules_counts(
        &self,
        sections: usize,
        questions: usize,
        numeric: usize,
        factors: usize,
    ) -> String {
        format!(
            "{sections} 个部分，{questions} 个问题（{} 个是非题，{numeric} 个数值题），{factors} 项因素",
            questions - numeric
        )
    }

    fn factors_title(&self, tag: &str, hash: &str) -> String {
        format!("{tag} 的危险因素（{hash}）")
    }

    fn source_line(&self, title: &str, kind: Option<&str>) -> String {
        match kind {
            Some(kind) => format!("来源：“{title}”，{kind}"),
            None => format!("来源：“{title}”"),
        }
    }

    fn factor_place(&self, section: &str, tier: &str, follow_up: bool) -> String {
        let mut s = format!("部分：{section}。级别：{tier}");
        if follow_up {
            s.push_str(self.phrase(Phrase::FollowUpNote));
        }
        s
    }

    fn number_answers(&self, spec: &NumberSpec) -> String {
        let examples = if spec.examples.is_empty() {
            String::new()
        } else {
            format!("，{}", self.forms(spec))
        };
        format!(
            "回答：{}{examples}（合理范围 {}），或不清楚。",
            number_of(&spec.unit),
            self.range(spec)
        )
    }

    fn citation(&self, text: &str, citation: Option<&str>) -> String {
        match citation {
            Some(c) => format!("- {text}（{c}）"),
            None => format!("- {text}"),
        }
    }

    fn worked_example(&self, title: &str) -> String {
        format!("示例：{title}")
    }

    fn demo_record_intro(&self, name: &str) -> String {
        format!("回答记录（`cp-screen demo {name} --record`）：")
    }

    fn forms(&self, spec: &NumberSpec) -> String {
        if spec.examples.is_empty() {
            number_of(&spec.unit)
        } else {
            format!("例如 {}", spec.examples.join("、"))
        }
    }

    fn range(&self, spec: &NumberSpec) -> String {
        format!(
            "{} 至 {} {}",
            format_plain(spec.min, 6),
            format_plain(spec.max, 6),
            spec.unit
        )
    }

    fn intro(&self, questions: usize, sections: &[String]) -> String {
        format!(
            "共 {questions} 个问题，{}。这是一份有文献记载的危险因素清单，不是诊断。",
            cat("涉及", &self.list(sections))
        )
    }

    fn section_heading(&self, title: &str) -> String {
        format!("── {title} ──")
    }

    fn question_line(&self, section: &str, n: usize, total: usize, text: &str) -> String {
        format!("{section}，第 {n} 题（共 {total} 题）：{text}")
    }

    fn number_hint(&self, spec: &NumberSpec, can_go_back: bool) -> String {
        format!(
            "{}；不清楚请直接按回车；输入 ? 查看帮助{}",
            self.forms(spec),
            if can_go_back {
                "；输入 b 返回上一题"
            } else {
                ""
            }
        )
    }

    fn reprompt(&self, why: &str, spec: &NumberSpec) -> String {
        format!("{why}。{}；不清楚请直接按回车。", expected(spec))
    }

    fn echo(&self, said: &str, understood: &str) -> String {
        format!("  {said} = {understood}")
    }

    fn review_item(&self, n: usize, label: &str, answer: &str) -> String {
        format!("修改第 {n} 题 · {label}：{answer}")
    }

    fn saved_to(&self, path: &str) -> String {
        format!("回答已保存到 {path}")
    }

    fn plain_choose(&self, items: usize, default: usize, default_item: &str) -> String {
        format!("请选择 1 到 {items}（直接回车 = {default}，{default_item}）：")
    }

    fn plain_not_a_choice(&self, typed: &str, items: usize, words: &[&str]) -> String {
        if words.is_empty() {
            return format!("“{typed}”不是可选项；请输入 1 到 {items} 之间的数字。");
        }
        let words: Vec<String> = words.iter().map(|w| format!("“{w}”")).collect();
        format!(
            "“{typed}”不是可选项；请输入 1 到 {items} 之间的数字，或输入{}。",
            words.join("、")
        )
    }

    fn with_assumptions(&self, understood: &str, notes: &[&str]) -> String {
        format!("{understood}，按 {}", notes.join("、"))
    }

    fn join_note(&self, text: &str, note: &str) -> String {
        cat(text, note)
    }

    fn echo_split(&self, understood: &str, whole: &str, part: &str) -> String {
        cat(&format!("{understood}，即"), &format!("{whole} {part}"))
    }

    fn page_meta(&self, date: &str, tag: &str, hash: &str) -> String {
        format!("打印日期 {date} · 规则集 {tag}（{hash}）")
    }

    fn translated(&self, text: &str) -> String {
        format!("（中文译文：{text}）")
    }

    fn list_separator(&self) -> &'static str {
        "、"
    }

    fn chart_totals(&self, read: u64, screened: u64, invalid: u64) -> String {
        format!(
            "共读取 {read} 条记录，筛查 {screened} 条，无效 {invalid} 条；条形表示占已筛查记录的比例"
        )
    }

    fn chart_segment(&self, factor: &str, status: &str, n: u64, of: u64, percent: &str) -> String {
        format!("{factor}：{of} 条已筛查记录中有 {n} 条为“{status}”（{percent}）")
    }

    fn shortcuts(&self, s: Shortcut) -> &'static [&'static str] {
        // The English words work too, beside the Chinese ones.
        match s {
            Shortcut::Yes => &["有", "是", "yes", "y"],
            Shortcut::No => &["没有", "无", "否", "不是", "no", "n"],
            Shortcut::DontKnow => &[
                "不清楚",
                "不知道",
                "不确定",
                "don't know",
                "dk",
                "d",
                "unknown",
                "u",
            ],
            Shortcut::Help => &["?", "？", "帮助", "help", "h"],
            Shortcut::Back => &["返回", "上一题", "back", "b"],
            Shortcut::Confirm => &["确认", "confirm", "c"],
        }
    }

    fn short_prompt(&self) -> &'static str {
        "您的选择"
    }

    fn did_you_mean_unit(&self, written: &[String]) -> String {
        format!("（是指 {} 吗？）", written.join(" 或 "))
    }

    fn saved_with_id(&self, path: &str, id: &str) -> String {
        format!("答案已保存到 {path}（编号 {}）", self.quote(id))
    }

    fn no_records(&self, inputs: &[String]) -> String {
        format!(
            "cp-screen: {} 中没有答案记录；没有筛查任何记录",
            self.list(inputs)
        )
    }

    fn factor_matches(&self, ids: &[String]) -> String {
        match ids {
            [] => "`cp-screen factors` 会列出全部因素".into(),
            [only] => format!("是指 {only} 吗？（`cp-screen factors {only}`）"),
            _ => format!("是指 {} 中的一个吗？", ids.join("、")),
        }
    }

    /// The manual pages stay in English, as `--help` does.
    fn man_sections(&self) -> Vec<(&'static str, Vec<String>)> {
        super::old_en::English.man_sections()
    }

    fn quiz_question(&self, factors: usize) -> String {
        format!(
            "小测验：这条记录中，{factors} 个危险因素里哪些存在、哪些不存在、哪些无法评估？讨论之后再看结果。"
        )
    }

    fn form_number_help(
        &self,
        unit: &str,
        min: f64,
        max: f64,
        example: Option<(&str, &str)>,
    ) -> String {
        let mut help = format!("填写一个数字，单位为{unit}，范围 {min} 到 {max}。");
        if let Some((written, decimal)) = example {
            help.push_str(&format!(
                "不足一个单位的部分写成小数：{written} 即 {decimal}。"
            ));
        }
        help
    }

    fn fhir_place(&self, place: &super::Place<'_>) -> String {
        let mut parts = Vec::new();
        if let Some(file) = place.file {
            parts.push(format!("文件{}", self.quote(file)));
        }
        parts.push(format!("第 {} 条记录", place.record));
        if let Some(line) = place.line {
            parts.push(format!("第 {line} 行"));
        }
        if let Some(field) = place.field {
            parts.push(format!("字段{}", self.quote(field)));
        }
        if let Some(id) = &place.id {
            parts.push(format!("id{}", self.quote(id)));
        }
        parts.join("，")
    }

    fn quiz_press_enter(&self) -> &'static str {
        "按回车键查看结果。"
    }

    fn more_rule_problems(&self, shown: usize, total: usize) -> String {
        format!(
            "……还有 {} 个（共 {total} 个问题，这里显示前 {shown} 个）",
            total - shown
        )
    }

    fn stdout_closed(&self) -> String {
        "标准输出已关闭，结果会丢失；请指定输出（> 文件，或 | less）".into()
    }

    fn plain_keep(&self, initial: &str) -> String {
        format!("（直接回车保留 {initial}）> ")
    }

    fn rule_sets_heading(&self) -> String {
        "内置规则集（用 --rule-set NAME 选择其一，或用 --rules FILE 指定文件）：".into()
    }

    fn rule_set_name(&self, name: &str, aliases: &[&str], default: bool) -> String {
        let mut notes = Vec::new();
        if default {
            notes.push("默认".to_string());
        }
        if !aliases.is_empty() {
            notes.push(format!("别名：{}", aliases.join("、")));
        }
        if notes.is_empty() {
            name.to_string()
        } else {
            format!("{name}（{}）", notes.join("；"))
        }
    }

    fn rule_set_title(&self, tag: &str, title: &str) -> String {
        format!("{tag}：{title}")
    }

    fn rule_set_counts(&self, factors: usize, questions: usize, hash: &str) -> String {
        format!("{factors} 项因素，{questions} 个问题，{hash}")
    }

    fn compare_heading(&self, a: &str, a_factors: usize, b: &str, b_factors: usize) -> String {
        format!("比较 {a}（{a_factors} 项因素）与 {b}（{b_factors} 项因素）")
    }

    fn compare_same(&self) -> String {
        "两者都有，条件相同：".into()
    }

    fn compare_differ(&self, b: &str) -> String {
        format!("两者都有，但提问方式或分界值不同（→ 为 {b} 中的对应内容）：")
    }

    fn compare_only_in(&self, a: &str, b: &str) -> String {
        format!("仅见于 {a}（{b} 中没有对应项）：")
    }

    fn compare_follow_up(&self, tag: &str, factors: &[&str]) -> String {
        if factors.is_empty() {
            format!("{tag} 的随访建议：仅按级别决定")
        } else {
            format!("{tag} 的随访建议：{}", factors.join("、"))
        }
    }

    fn compare_note(&self) -> String {
        "因素按以下方式对应：相同的 id、读取相同的问题，或基于文献的因素所列出的来源因素。\
没有对应项的因素，就是另一个规则集没有收录的因素：`cp-screen factors ID` 会显示每项因素背后的证据。"
            .into()
    }

    fn follow_up_place(&self, why: &str) -> String {
        format!("随访：存在这类因素时，报告会加上随访建议。{why}")
    }

    fn asked_only_when(&self, condition: &str) -> String {
        format!(
            "只在符合“{condition}”时才问；否则不问这个问题，该因素为“不适用”（不同于“不存在”或“未评估”）。"
        )
    }

    fn confidence(&self, level: ConfidenceLevel, note: Option<&str>) -> String {
        let level = match level {
            ConfidenceLevel::High => "高",
            ConfidenceLevel::Moderate => "中等",
            ConfidenceLevel::Low => "低",
        };
        match note {
            Some(note) => format!("证据的可信度：{level}（{note}）"),
            None => format!("证据的可信度：{level}"),
        }
    }
}
