# 繁體中文（臺灣用語；香港用語見 README.zh-Hant.md）: the screening reports, in text, HTML and the run's summary.
#
# Conventions: full-width punctuation in Chinese sentences (，。：；（）「」), ASCII digits,
# a space between Chinese and Latin letters or digits (`3 筆紀錄`, `以 g 為單位`), none
# between Chinese and Chinese: where a value meets text and either may be Chinese or
# Latin, `{ SP() }` puts the space in only when it is needed. What a person types or a
# machine reads stays as it is: ids, codes, file names, JSON keys and literals
# (`"unknown"`, `"all"`), unit symbols, flags and command lines. `{ " " }` keeps a space
# that Fluent would trim; `{ $x -> *[other] {""} }` names a value the sentence does not say.

## Fixed phrases of the reports

nothing-found = 在這些回答中，沒有發現本清單中的任何危險因素。
because = 依據：
source = 來源：
not-assessed-list = 未評估（答案未知或未填寫）：
absent-list = 根據回答，以下因素不存在：
not-applicable-list = 不適用（這個孩子不需要回答相關問題）：
units-read = 單位換算：
how-decided = 每項因素是如何判定的
correct-and-rescreen = 請更正這筆紀錄，然後重新篩檢。
summary-note = 以上統計的是紀錄數，不是有風險的兒童人數：任何一項因素都不是診斷。
summary-factor = 因素
summary-present = 存在
summary-not-assessed = 未評估
summary-not-applicable = 不適用
summary-absent = 不存在

## Counting and lists

# Chinese counts have no plural.
count = { $noun ->
    [record] { $n } 筆紀錄
    [error] { $n } 個錯誤
    [problem] { $n } 個問題
    [cell] { $n } 個儲存格
    [column] { $n } 欄
    [section] { $n } 個部分
    [question] { $n } 個問題
   *[factor] { $n } 個因素
}
list-and-separator = 、
list-and = { $head }{ SP() }和{ SP() }{ $last }
list-or-separator = 、
list-or = { $head }、{ $last }
list-separator = 、
quote = 「{ $text }」
quote-cut = 「{ $head }…」（還有 { $rest } 個字元）

## Answers and conditions

answer-unanswered = 未回答
answer-unknown = 不清楚
answer-yes = 有
answer-no = 沒有
answer-number = 數字
op-equals = 等於
op-less-than = 小於
op-at-most = 不超過
op-greater-than = 大於
op-at-least = 至少
op-not-equals = 不等於
op-not-less-than = 不小於
op-not-at-most = 大於
op-not-greater-than = 不大於
op-not-at-least = 小於
target-not = 不是「{ $word }」
unit-names = han
written-and-understood = { $written }（{ $understood }）
# "出生體重 1850 克，小於 2000 克"; "孕期感染：有".
because-number = { $label } { $answer }，{ $target }
because-yes-no = 「{ $label }」回答「{ $answer }」
because-separator = ；
describe-yes-no = { $label }：{ $target }
describe-equals = { $label }{ SP() }為{ SP() }{ $target }
describe-compare = { $label }{ SP() }{ $target }
describe-separator = ；
describe-all = 全部符合（{ $parts }）
describe-any = 任一符合（{ $parts }）
describe-not = 不符合（{ $inner }）
truth-true = 是
truth-false = 否
truth-unknown = 未知
verdict-true = 符合「{ $test }」
verdict-false = 不符合「{ $test }」
verdict-unknown = 無法判斷是否符合「{ $test }」
explain-compare = { $question } = { $answer }：{ $verdict }
explain-all = 全部符合（每一項都為是則為是，任一項為否則為否）：{ $truth }
explain-any = 任一符合（任一項為是則為是，每一項都為否才為否）：{ $truth }
explain-not = 不符合（取反）：{ $truth }
status-present = 存在
status-absent = 不存在
status-not-assessed = 未評估
status-not-applicable = 不適用（未詢問相關問題）
id-and-text = { $id }：{ $text }
explain-factor = { $factor }：{ $status }

## A record's report

result-heading = 篩檢結果
record-heading = 紀錄 { $record }
record-id-text = { " · " }編號「{ $id }」
record-id-number = { " · " }編號 { $id }
record-line = 第 { $line } 行
record-place-separator = ，
record-place = { " · " }{ $place }
factor-counts = { $total } 項危險因素中：存在 { $present } 項，不存在 { $absent } 項，未評估 { $not_assessed } 項
factor-counts-not-applicable = ，不適用 { $not_applicable } 項
nothing-found-but = 在已給出的回答中沒有發現危險因素，但 { $total } 項因素中有 { $not_assessed } 項因答案不清楚或未填寫而無法評估。
tier-note = （{ $tier }）
quoted-source = 「{ $words }」
quoted-source-in = 「{ $words }」（{ $document }）
rules-footer = 規則：{ $tag }（{ $hash }）
not-screened = 未篩檢：這筆紀錄有 { $errors }，因此沒有評估任何因素
summary-line = 彙總：讀取 { $read }，已篩檢 { $screened } 筆，無效 { $invalid } 筆（規則 { $tag }，{ $hash }）
error-line = cp-screen：錯誤：{ $message }
invalid-records = cp-screen：{ $read }中有 { $invalid } 筆無效，未篩檢；錯誤資訊見輸出
no-records = cp-screen: { $inputs } 中沒有答案紀錄；沒有篩檢任何紀錄

## Pages: the printable report, handouts, the cohort chart

page-meta = 列印日期 { $date } · 規則集 { $tag }（{ $hash }）
translated = （中文譯文：{ $text }）
chart-totals = 共讀取 { $read }，篩檢 { $screened } 筆，無效 { $invalid } 筆；長條表示佔已篩檢紀錄的比例
chart-segment = { $factor }：{ $of } 筆已篩檢紀錄中有 { $n } 筆為「{ $status }」（{ $percent }）
page-subtitle = 有文獻記載的危險因素篩檢清單：不是診斷
factors-present = 存在的危險因素
answers-given = 填寫的答案
no-records-read = 沒有讀到任何紀錄。
chart-title = 各危險因素存在、不存在和未評估的紀錄筆數

# 報告中因素名稱之後：它包括的因素。
includes-note = （包括：{ $names }）
names-beside-ids = yes
id-and-name = { $id } { $name }
summary-group = { $column } = "{ $value }"：已篩檢 { $screened } 筆，無效 { $invalid } 筆
summary-field-errors = 已篩檢的紀錄中有 { $records } 筆含未通過檢查的回答，這些回答按「不清楚」處理：{ $codes }
read-as-unknown = 以下回答未通過檢查，已按「不清楚」處理（`--field-errors not-assessed`）；請更正後重新篩檢這筆紀錄：
