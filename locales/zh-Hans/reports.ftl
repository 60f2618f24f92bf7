# 简体中文: the screening reports, in text, HTML and the run's summary.
#
# Conventions: full-width punctuation in Chinese sentences (，。：；（）“”), ASCII digits,
# a space between Chinese and Latin letters or digits (`3 条记录`, `以 g 为单位`), none
# between Chinese and Chinese: where a value meets text and either may be Chinese or
# Latin, `{ SP() }` puts the space in only when it is needed. What a person types or a
# machine reads stays as it is: ids, codes, file names, JSON keys and literals
# (`"unknown"`, `"all"`), unit symbols, flags and command lines. `{ " " }` keeps a space
# that Fluent would trim; `{ $x -> *[other] {""} }` names a value the sentence does not say.

## Fixed phrases of the reports

nothing-found = 在这些回答中，没有发现本清单中的任何危险因素。
because = 依据：
source = 来源：
not-assessed-list = 未评估（答案未知或未填写）：
absent-list = 根据回答，以下因素不存在：
not-applicable-list = 不适用（这个孩子不需要回答相关问题）：
units-read = 单位换算：
how-decided = 每项因素是如何判定的
correct-and-rescreen = 请更正这条记录，然后重新筛查。
read-as-unknown = 以下回答未通过检查，已按“不清楚”处理（`--field-errors not-assessed`）；请更正后重新筛查这条记录：
summary-note = 以上统计的是记录数，不是有风险的儿童人数：任何一项因素都不是诊断。
summary-factor = 因素
summary-present = 存在
summary-not-assessed = 未评估
summary-not-applicable = 不适用
summary-absent = 不存在

## Counting and lists

# Chinese counts have no plural.
count = { $noun ->
    [record] { $n } 条记录
    [error] { $n } 个错误
    [problem] { $n } 个问题
    [cell] { $n } 个单元格
    [column] { $n } 列
    [section] { $n } 个部分
    [question] { $n } 个问题
   *[factor] { $n } 个因素
}
list-and-separator = 、
list-and = { $head }{ SP() }和{ SP() }{ $last }
list-or-separator = 、
list-or = { $head }、{ $last }
list-separator = 、
quote = “{ $text }”
quote-cut = “{ $head }…”（还有 { $rest } 个字符）

## Answers and conditions

answer-unanswered = 未回答
answer-unknown = 不清楚
answer-yes = 有
answer-no = 没有
answer-number = 数字
op-equals = 等于
op-less-than = 小于
op-at-most = 不超过
op-greater-than = 大于
op-at-least = 至少
op-not-equals = 不等于
op-not-less-than = 不小于
op-not-at-most = 大于
op-not-greater-than = 不大于
op-not-at-least = 小于
target-not = 不是“{ $word }”
unit-names = han
written-and-understood = { $written }（{ $understood }）
# "出生体重 1850 克，小于 2000 克"; "孕期感染：有".
because-number = { $label } { $answer }，{ $target }
because-yes-no = “{ $label }”回答“{ $answer }”
because-separator = ；
describe-yes-no = { $label }：{ $target }
describe-equals = { $label }{ SP() }为{ SP() }{ $target }
describe-compare = { $label }{ SP() }{ $target }
describe-separator = ；
describe-all = 全部符合（{ $parts }）
describe-any = 任一符合（{ $parts }）
describe-not = 不符合（{ $inner }）
truth-true = 是
truth-false = 否
truth-unknown = 未知
verdict-true = 符合“{ $test }”
verdict-false = 不符合“{ $test }”
verdict-unknown = 无法判断是否符合“{ $test }”
explain-compare = { $question } = { $answer }：{ $verdict }
explain-all = 全部符合（每一项都为是则为是，任一项为否则为否）：{ $truth }
explain-any = 任一符合（任一项为是则为是，每一项都为否才为否）：{ $truth }
explain-not = 不符合（取反）：{ $truth }
status-present = 存在
status-absent = 不存在
status-not-assessed = 未评估
status-not-applicable = 不适用（未询问相关问题）
id-and-text = { $id }：{ $text }
names-beside-ids = yes
id-and-name = { $id } { $name }
explain-factor = { $factor }：{ $status }

## A record's report

result-heading = 筛查结果
record-heading = 记录 { $record }
record-id-text = { " · " }编号“{ $id }”
record-id-number = { " · " }编号 { $id }
record-line = 第 { $line } 行
record-place-separator = ，
record-place = { " · " }{ $place }
factor-counts = { $total } 项危险因素中：存在 { $present } 项，不存在 { $absent } 项，未评估 { $not_assessed } 项
factor-counts-not-applicable = ，不适用 { $not_applicable } 项
nothing-found-but = 在已给出的回答中没有发现危险因素，但 { $total } 项因素中有 { $not_assessed } 项因答案不清楚或未填写而无法评估。
tier-note = （{ $tier }）
quoted-source = “{ $words }”
quoted-source-in = “{ $words }”（{ $document }）
rules-footer = 规则：{ $tag }（{ $hash }）
not-screened = 未筛查：这条记录有 { $errors }，因此没有评估任何因素
summary-line = 汇总：读取 { $read }，已筛查 { $screened } 条，无效 { $invalid } 条（规则 { $tag }，{ $hash }）
error-line = cp-screen：错误：{ $message }
summary-group = { $column } = "{ $value }"：已筛查 { $screened } 条，无效 { $invalid } 条
summary-field-errors = 已筛查的记录中有 { $records } 条含未通过检查的回答，这些回答按“不清楚”处理：{ $codes }
invalid-records = cp-screen：{ $read }中有 { $invalid } 条无效，未筛查；错误信息见输出
no-records = cp-screen: { $inputs } 中没有答案记录；没有筛查任何记录

## Pages: the printable report, handouts, the cohort chart

page-meta = 打印日期 { $date } · 规则集 { $tag }（{ $hash }）
translated = （中文译文：{ $text }）
chart-totals = 共读取 { $read }，筛查 { $screened } 条，无效 { $invalid } 条；条形表示占已筛查记录的比例
chart-segment = { $factor }：{ $of } 条已筛查记录中有 { $n } 条为“{ $status }”（{ $percent }）
page-subtitle = 有文献记载的危险因素筛查清单：不是诊断
factors-present = 存在的危险因素
answers-given = 填写的答案
no-records-read = 没有读到任何记录。
chart-title = 各危险因素存在、不存在和未评估的记录数

# 报告中因素名称之后：它包括的因素。
includes-note = （包括：{ $names }）
