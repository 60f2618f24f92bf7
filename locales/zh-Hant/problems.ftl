# 繁體中文（臺灣用語；香港用語見 README.zh-Hant.md）: problems with records, rule files, inputs and the command line. JSON literals
# stay in ASCII quotes: they are what a person types into the record.

## Parts of problems

json-null = null
json-boolean = 布林值
json-number = 數字
json-string = 字串
json-array = 陣列
json-object = 物件
# "實際是陣列", "實際是 true".
found = 實際是{ SP() }{ $what }
did-you-mean = （是指「{ $suggestion }」嗎？）
yes-no-expected = 應為 "yes" 或 "no"（也可寫 有 / 是、沒有 / 否 / 無、Y / N、1 / 0、true / false），或 "unknown"（也可寫 不清楚 / 未知 / 不詳、null、空白、NA、N/A、"."）
condition-expected = 應為 "all"、"any"、"not"，或帶有 equals、less_than、at_most、greater_than、at_least 之一的 "question"
fhir-values = valueBoolean、valueCoding、valueDecimal、valueInteger、valueString 或 valueQuantity
input-expected = 應為一筆回答紀錄（JSON 物件）、紀錄陣列或 JSON Lines

## Numbers as people write them

expected-number-of = 應為以{ SP() }{ $unit }{ SP() }為單位的數字
expected-examples = 可以這樣寫：{ $examples }
range-not-finite = 不是有限的數字
range-negative = 是負數；數值不可能為負
range-outside = 超出合理範圍（{ $range }）
readings-separator = { " 或 " }
readings-last = { $head } 或 { $last }
notation-negative = 不接受負數；{ $expected }
notation-decimal-comma = 小數請用小數點，也不要用千位分隔符（如 1850、31.5）
notation-plus-not-used = 這個問題不用「+」寫法；{ $expected }
notation-one-before-plus = 「+」前面應只有一個數字；{ $expected }
notation-one-after-plus = 「+」後面應只有一個數字；{ $expected }
notation-plus-with-units = 「+」寫法不帶單位；{ $expected }
notation-plus-wrong-unit = 「+」後面的數字應以{ SP() }{ $plus_name }{ SP() }為單位，不能是{ $unit }
notation-plus-too-large = { $amount } { $plus_name }{ SP() }已滿 1 { $unit_one }；「+」後面的數字必須小於 { $bound }
notation-no-number = 需要填寫數字；{ $expected }
notation-fraction-before-smaller = { $amount } 是小數，後面又跟著更小的單位，可能是 { $readings } 中的任何一種；更小的單位前請寫整數；{ $expected }
notation-part-without-unit = { $amount }沒有單位；每個數字都要寫單位；{ $expected }
notation-unit-order = 「{ $unit }」寫在了「{ $previous }」後面：請先寫較大的單位，每個單位只寫一次
notation-part-too-large = { $amount } { $unit }{ SP() }已滿 1 { $previous }；必須小於 { $bound }
notation-unknown-unit-plain = 未知單位{ $name }；這個問題只接受以{ SP() }{ $unit }{ SP() }為單位的數字
notation-unknown-unit = 未知單位{ $name }{ $hint }；可用的單位：{ $symbols }
notation-regional-unit = 各地的{ $name }重量不同，{ $region ->
    [none] 無法判斷這個回答要按哪個地區計算
   *[other] 地區 { $region } 沒有這個單位
}：請寫成公克（例如 2100 公克），或寫明單位（{ $units }），或用 --region 指定地區（{ $regions }）
notation-expected-number-at = { $rest }處應為數字
notation-unexpected = 無法識別的字元{ $found }
notation-nothing-read = { $text }不是數字
notation-not-a-number = { $text }不是數字
notation-too-large = 數字太大
notation-too-many-parts = 數字太多；最多寫 { $limit } 個部分
notation-syntax = { $text }：{ $problem }
notation-range-plain = { $text } { $unit }{ SP() }{ $problem }{ $did_you_mean ->
   *[other] { "" }
}
notation-range = { $text }即 { $value } { $unit }，{ $problem }
did-you-mean-unit = （是指 { $written } 嗎？）

## A record's problems

record-given-twice-id = 出現了兩次
record-given-twice = 出現了兩次；每個問題只能回答一次
record-invalid-id = 應為字串或數字，{ $found }
record-unknown-field = 不是規則集 { $rules } 中的問題；如需忽略不屬於問題的欄位，請使用 --allow-extra-fields
record-unknown-field-suggest = 不是規則集 { $rules } 中的問題{ $hint }
record-not-yes-no = { $text }不是有效的回答；{ yes-no-expected }
record-number-for-yes-no = { yes-no-expected }，實際是數字 { $shown }
record-wrong-type-for-yes-no = { yes-no-expected }，{ $found }
record-wrong-type-for-number = 應為以{ SP() }{ $unit }{ SP() }為單位的數字（{ $forms }）或 "unknown"，{ $found }
record-unusable-number = { $shown } 不是可用的數字
record-number-for-yes-no-question = { yes-no-expected }，實際是數字
record-not-an-object = 應為一筆回答紀錄（以問題 id 為鍵的 JSON 物件），{ $found }
record-cut-short = （紀錄是否被截斷了？）
record-invalid-json-at = 第 { $line } 行第 { $column } 欄不是有效的 JSON：{ $what }{ $hint }
record-invalid-json = 不是有效的 JSON：{ $what }{ $hint }
record-place-line = 第 { $line } 行的紀錄
record-place-row = 第 { $row } 列
record-place-element = 陣列第 { $element } 個元素（索引 { $index }）
record-too-large = { $what }長 { $bytes } 位元組；一筆紀錄最多 { $limit } 位元組（1 MiB），因此已跳過
record-empty-array-element = 第 { $line } 行第 { $column } 欄的陣列第 { $element } 個元素（索引 { $index }）為空（是否多了一個逗號？）
record-csv-cell-count = 第 { $row } 列有 { $cells } 個儲存格，但標題列有 { $columns } 欄
record-csv-not-utf8 = 第 { $row } 列「{ $column }」欄：儲存格不是有效的 UTF-8（位元組 { $byte }）
record-other-rule-set-embedded = 這筆紀錄是用規則集 { $saved } 儲存的，不是正在篩檢它的 { $used }；請用 --rule-set { $name } 篩檢，或不加 --rule-set 和 --rules，直接使用紀錄中寫明的規則集
record-other-rule-set = 這筆紀錄是用規則集 { $saved } 儲存的，不是正在篩檢它的 { $used }；請用那個規則檔篩檢（--rules 檔案）
record-invalid-saved-with = 不是 cp-screen 儲存回答時寫入的內容：應為{ SP() }{ $expected }
record-not-asked = 已作答，但這個問題只在符合「{ $condition }」時才問，而這筆紀錄的回答不符合；請刪去這個回答，或填寫 "unknown"
record-csv-unclosed-quote = 第 { $row } 列有一個帶引號的儲存格沒有閉合引號；它後面的列會各自單獨讀取
record-in-array = 陣列第 { $element } 個元素（索引 { $index }）：{ $problem }

## FHIR responses

fhir-bundle-in-stream = 資源流中出現了 Bundle；請把 Bundle 單獨作為一個檔案，或每行一個 QuestionnaireResponse（NDJSON）
fhir-not-a-response = 這是{ $found }資源，不是 QuestionnaireResponse
fhir-no-resource-type = 沒有 resourceType：應為 QuestionnaireResponse（"resourceType": "QuestionnaireResponse"）
fhir-other-questionnaire-embedded = 回答的是問卷 { $found }，不是 { $expected }；它是內建規則集 { $name } 的問卷：請用 --rule-set { $name } 篩檢
fhir-other-questionnaire = 回答的是問卷 { $found }，不是 { $expected }；請用它所回答的規則集篩檢（--rules），或用本規則集的問卷收集回答（cp-screen export questionnaire）
fhir-entered-in-error = 這份回答的狀態是 entered-in-error：它是誤錄的，因此不篩檢
fhir-structure = FHIR 資源的結構不符合要求：{ $what }
fhir-structure-at = FHIR 資源在 { $path } 處的結構不符合要求：{ $what }
fhir-several-answers = 給了 { $count } 個回答（或值）；每個問題只能有一個
fhir-no-value = 回答沒有值；應為 { fhir-values } 之一
fhir-unsupported-value = 不讀取 { $key }；請用 { fhir-values } 作答
fhir-coding-system = （{ $system }）
fhir-unknown-coding = 編碼{ $code }{ $system }不是 cp-screen 能讀取的回答；應為 LOINC LA33-6（有）、LA32-8（沒有）或 LA4489-6（不清楚），HL7 v2-0136 的 Y 或 N，SNOMED CT 373066001（有）或 373067005（沒有），v3 NullFlavor（不清楚），或表示不清楚的 data-absent-reason 代碼（unknown、asked-unknown、temp-unknown、not-asked、asked-declined）
fhir-unknown-unit = 這個問題不接受單位{ $unit }；應為 UCUM 程式碼 { $accepted } 之一，或不帶單位的數字
fhir-comparator = 帶比較符{ $comparator }的數量不是一個確定的值；請給出數值本身
# How many characters of a file name are quoted before it is cut.
place-file-quote-length = 40
place-file = 檔案{ $file }
place-record = 第 { $record } 筆紀錄
place-line = 第 { $line } 行
place-field = 欄位{ $field }
place-id = id{ $id }
place-separator = ，

## Rule files

rule-file-over-limit = 檔案有 { $bytes } 位元組；規則檔案最多 { $limit } 位元組
rule-file-too-large = 檔案有 { $bytes } 位元組；規則檔案最多 { $limit } 位元組
rule-not-utf8 = 檔案不是 UTF-8 文字（偏移 { $offset } 處有無效位元組）
rule-empty-file = 檔案為空；應為包含 id、version、questions 和 factors 的 JSON 物件
rule-not-an-object = 應為規則集（JSON 物件），{ $found }
rule-control-character = 含有控制字元 U+{ $code_point }；規則檔案的文字中不能有控制字元
rule-empty = 不能為空
rule-id-characters = { $id }只能包含 ASCII 字母、數字、「_」和「-」
rule-duplicate-id = id 「{ $id }」重複（已被 { $first } 使用）
rule-no-questions = 規則集中沒有任何問題
rule-no-factors = 規則集中沒有任何因素
ref-section = 部分
ref-tier = 級別
ref-factor = 因素
rule-unknown-reference = 未知的{ $what }「{ $id }」{ $hint }；已有：{ $known }
rule-reserved-id = 「{ $id }」已保留給紀錄的 id
rule-only-number-questions = 只有數值問題可以使用 "{ $field }"（這個問題是 yes_no 型別）
rule-missing-range = 數值問題需要 "{ $field }"（合理範圍）
rule-missing-unit = 數值問題需要 "unit"
rule-empty-range = 範圍為空：min { $min } 大於 max { $max }
rule-negative-min = { $min } 是負數；回答不可能為負
rule-not-positive = { $value } 必須是正數
rule-unit-size-absurd = 這個單位等於 { $size } 個基本單位（factor / per）；單位應在基本單位的 1e-12 到 1e12 倍之間
rule-too-many-decimals = { $decimals } 位小數；答案最多顯示 { $limit } 位小數
rule-unit-without-name = 單位至少需要一個名稱
rule-unit-name-not-letters = 「{ $name }」只能由字母組成
rule-unit-name-twice = 「{ $name }」同時是這個問題兩個單位的名稱
rule-unknown-plus-unit = 「{ $symbol }」不是它任何一個單位的符號{ $hint }
rule-too-deep = 條件的巢狀超過 { $limit } 層
rule-not-a-condition = 應為條件物件，{ $found }
rule-combinator-not-alone = "{ $key }" 在物件中必須單獨出現；多出了 { $others }
rule-not-a-condition-list = 應為條件陣列，{ $found }
rule-empty-combinator = 不允許空的 "{ $key }"；請至少列出一個條件
rule-unknown-condition-key = 未知的鍵 "{ $key }"{ $hint }；{ condition-expected }
rule-no-question = 缺少 "question"；{ condition-expected }
rule-question-not-a-string = 應為問題 id（字串），{ $found }
rule-no-comparison = 缺少比較；請加上 equals、less_than、at_most、greater_than、at_least 之一
rule-several-comparisons = 每個條件只能有一個比較，這裡有 { $keys }；請用 "all" 組合
rule-unknown-question = 未知問題「{ $id }」{ $hint }
rule-numeric-on-yes-no = 「{ $question }」是 yes/no 問題；請用 "equals" 比較，不能用數值比較
rule-not-yes-or-no = yes/no 問題「{ $question }」應為 "yes" 或 "no"，{ $found }
rule-target-out-of-range = { $value } 超出「{ $question }」的合理範圍（{ $min } 至 { $max } { $unit }），因此這個條件永遠不會由它決定
rule-not-a-number-target = 數值問題「{ $question }」應為數字，{ $found }
rule-bad-languages = 應為語言標記的非空清單，檔案本身的語言在前（例如 ["en", "zh-Hans"]）
rule-bad-translations = 譯文應寫成 { "{" }"<語言>": { "{" }"<欄位>": "<文字>"{ "}" }{ "}" }，每則譯文與原文同類
rule-undeclared-language = 有譯成「{ $lang }」的譯文，但檔案的 "languages" 在其本身語言之後沒有宣告它；已宣告：{ $declared }
rule-nothing-to-translate = 「{ $field }」不是這個物件的文字；這個物件沒有需要翻譯的文字
rule-unknown-translated-text = 「{ $field }」不是這個物件的文字；它的文字有：{ $known }
rule-missing-translation = 這段文字缺少「{ $lang }」譯文，而檔案聲明瞭「{ $lang }」（請在這個物件的 "translations" 中補上）
rule-ask-when-not-earlier = "ask_when" 只能引用之前問過的問題；「{ $question }」不在這個問題之前
rule-problem-at = { $place }：{ $message }
invalid-rule-file = 規則檔案 { $file } 無效：{ $problem }
invalid-rule-file-problems = 規則檔案 { $file } 無效（{ $count }）：
more-rule-problems = ……還有 { $more } 個（共 { $total } 個問題，這裡顯示前 { $shown } 個）

## Inputs

input-empty = { $name }：輸入為空；{ input-expected }
input-found-json-value = 一個不是回答紀錄的 JSON 值
input-found-text = 不是 JSON 的文字
input-csv-hint = ；如果這是 CSV，請加上 --input-format csv（名為 *.csv 的檔案會按 CSV 讀取）
input-not-records = { $name }：第 { $line } 行第 { $column } 欄：發現{ $what }（「{ $shown }」）；{ input-expected }{ $csv }
input-fhir-bundle-too-large = { $name }：FHIR Bundle 檔案需要整體讀入，而這個檔案超過 { $mib } MiB；請改用 NDJSON，每行一個回答（jq -c '.entry[].resource'）
input-not-json-after = { $name }：第 { $records } 筆紀錄之後的輸入不是有效的 JSON：{ $what }；之前的紀錄已篩檢
array-ends-inside = 輸入在陣列內部（第 { $line } 行第 { $column } 欄）就結束了（檔案是否被截斷了？）
array-text-after = 陣列結束後（第 { $line } 行第 { $column } 欄）還有多餘的文字
array-unexpected-brace = 陣列中第 { $line } 行第 { $column } 列出現了多餘的 "{ "}" }"
input-array-broken = { $name }：{ $what }；之前的 { $records } 筆紀錄已篩檢
input-csv-no-header = { $name }：CSV 輸入沒有標題列；第一列應為問題 id
csv-column-twice = 第 { $column } 欄（{ $name }）重複出現
csv-unknown-column = 第 { $column } 欄（{ $name }）：不是規則集 { $rules } 中的問題{ $hint }；如需忽略不屬於問題的欄位，請使用 --allow-extra-fields
input-csv-header = { $name }：CSV 標題列：{ $problem }
input-csv-unreadable = { $name }：無法按 CSV 讀取：{ $what }
input-csv-header-too-large = { $name }：CSV 標題列超過 { $limit } 位元組；應為一列欄名
input-csv-header-unclosed-quote = { $name }：CSV 標題列中有一個帶引號的欄名沒有閉合引號
input-ended = 問卷還沒有完成，標準輸入就已結束；沒有儲存任何內容
cannot-read-rule-file = 無法讀取規則檔案 { $what }：{ $why }
cannot-read = 無法讀取 { $what }：{ $why }
cannot-write = 無法寫入 { $what }：{ $why }

## The command line

usage-ask-options-before-command = 放在指令之前的 --plain、--save、--force、--id 和 --explain 屬於問卷；請把它們放在所用指令的後面（例如 `cp-screen screen --explain FILE`）
usage-not-exportable = 問題「{ $question }」的 ask_when 無法寫成 FHIR enableWhen（用了 "not"，或在 "any" 中巢狀 "all"）；請寫成用一個 "all" 或一個 "any" 連線的比較
usage-stdin-twice = 標準輸入（"-"）只能讀取一次
usage-stdin-is-terminal = `cp-screen screen` 從檔案或標準輸入讀取回答紀錄，而現在標準輸入是終端機。請指定檔案（cp-screen screen answers.jsonl），用管道輸入紀錄（cat answers.jsonl | cp-screen screen），或執行 `cp-screen` 填寫問卷。
usage-no-terminal = 問卷需要在終端機中執行，而標準輸入或標準錯誤不是終端機。請用 `cp-screen ask --plain` 從標準輸入逐行作答，或用 `cp-screen screen FILE` 篩檢 JSON 格式的回答紀錄。
usage-no-such-factor = 規則集 { $rules } 中沒有因素{ $id }{ $hint }；`cp-screen factors` 會列出全部因素
usage-no-such-demo = 沒有範例{ $name }{ $hint }；`cp-screen demo` 會列出全部範例
mapping-form-map = COLUMN=QUESTION（如 --map weeks=gestational_age_weeks）
mapping-form-unit = QUESTION=UNIT（如 --unit birth_weight_grams=lb）
mapping-form-codes = QUESTION:CODE=ANSWER,CODE=ANSWER（如 --codes birth_asphyxia:1=yes,2=no,9=unknown）
mapping-syntax = { $option } { $text }：寫法應為 { $form }
mapping-unknown-question = 對映中的 { $id } 不是規則集中的問題{ $hint }
mapping-unit-not-number = 對映給 { $question } 指定了單位 { $unit }，但它不是數值題
mapping-bad-unit = { $unit } 不是 { $question } 的單位；可用單位：{ $known }
mapping-bad-answer = { $question } 的程式碼 { $code } 對應 { $answer }，這不是該問題的有效回答
mapping-file = 無法讀取對映檔案：{ $what }
usage-no-such-language = cp-screen 不支援語言 { $tag }；--lang 可用：{ $known }
usage-no-demos = 規則集 { $rules } 沒有範例；內建規則集都有範例（`cp-screen --rule-set evidence demo`）
usage-no-such-rule-set = 沒有內建規則集{ $name }{ $hint }；內建規則集有 { $known }（`cp-screen rules list`），也可以用 --rules FILE 指定檔案
usage-factor-by-words = 規則集 { $rules } 中沒有編號為 { $query } 的因素；{ $matches }
factor-matches-none = `cp-screen factors` 會列出全部因素
factor-matches-one = 是指 { $factor } 嗎？（`cp-screen factors { $factor }`）
factor-matches = 是指 { $factors } 中的一個嗎？
usage-question-not-factor-one = 「{ $question }」是問題，不是因素；用到它的因素是 { $factor }（`cp-screen factors { $factor }`）
factors-separator = 、
factors-last = { $head }、{ $last }
usage-question-not-factor = 「{ $question }」是問題，不是因素；用到它的因素有 { $factors }（`cp-screen factors ID`）
usage-save-exists = { $path } 已存在；請換一個檔名，或加上 --force 覆蓋它
usage-no-such-command = 沒有指令 { $name }{ $hint }；`cp-screen --help` 會列出全部指令
usage-file-as-command = { $path } 是檔案，不是指令；要篩檢其中的答案紀錄，請執行 `cp-screen screen { $path }`
usage-not-a-uri = { $option } { $value } 不是絕對 URI；應有協定名稱且不含空格，例如 https://example.org/fhir
usage-option-does-nothing = { $option } 對 { $here } 不起作用；它只用於 { $applies }
usage-option-of-commands = 指令前出現了未知選項 { $given }；{ $option } 是 { $commands } 的選項：請把它放在指令之後（例如 `cp-screen screen { $option } ...`）
usage-summary-to-terminal = { $format } 格式的彙總是在瀏覽器中開啟的頁面，不是給終端機看的文字：請用 --summary-file 寫入檔案（例如 --summary-file chart.{ $format }）

notation-too-many-digits = 有效數字太多，無法與界值精確比較；最多寫 { $limit } 位
record-more-errors = 另有 { $count } 個錯誤未列出
rule-table-column-id = 「{ $id }」是結果表格的欄名；請給這個因素換一個 id
rule-not-a-uri = 「{ $value }」不是 URI（需要 https: 這樣的協定名稱，不能有空格或「|」）
rule-missing-key = 有 "{ $with }" 時，旁邊也需要 "{ $key }"
usage-summary-overwrites-input = --summary-file { $path } 同時也是輸入檔案 { $input }；寫入彙總會毀掉它：請換一個檔案
usage-summary-overwrites-stdout = --summary-file { $path } 同時也是標準輸出寫入的檔案；寫入彙總會毀掉它：請換一個檔案
fhir-expected-entry-object = 應為 entry 物件
fhir-expected-entries-array = 應為 entry 陣列
record-not-a-code = { $text }不是為該問題指定的代碼之一（{ $codes }）；這些代碼取代了它內建的回答
mapping-column-not-in-input = 對映指定的欄 { $column } 不在任何輸入的標題列中；最接近的欄是 { $nearest }
mapping-key-in-no-record = 對映指定的鍵 { $key } 不在任何紀錄中（所有紀錄都是在沒有它的情況下讀取的：是否拼寫有誤？）
mapping-form-combine = 一個數字問題由兩欄或更多欄組成，每欄只出現一次，且各自使用該問題的單位（對映檔案的 "combine"：問題編號，然後是欄名和單位："ga_w": "w", "ga_d": "d"）
