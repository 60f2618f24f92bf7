# 简体中文: problems with records, rule files, inputs and the command line. JSON literals
# stay in ASCII quotes: they are what a person types into the record.

## Parts of problems

json-null = null
json-boolean = 布尔值
json-number = 数字
json-string = 字符串
json-array = 数组
json-object = 对象
# "实际是数组", "实际是 true".
found = 实际是{ SP() }{ $what }
did-you-mean = （是指“{ $suggestion }”吗？）
yes-no-expected = 应为 "yes" 或 "no"（也可写 有 / 是、没有 / 否 / 无、Y / N、1 / 0、true / false），或 "unknown"（也可写 不清楚 / 未知 / 不详、null、空白、NA、N/A、"."）
condition-expected = 应为 "all"、"any"、"not"，或带有 equals、less_than、at_most、greater_than、at_least 之一的 "question"
fhir-values = valueBoolean、valueCoding、valueDecimal、valueInteger、valueString 或 valueQuantity
input-expected = 应为一条回答记录（JSON 对象）、记录数组或 JSON Lines

## Numbers as people write them

expected-number-of = 应为以{ SP() }{ $unit }{ SP() }为单位的数字
expected-examples = 可以这样写：{ $examples }
range-not-finite = 不是有限的数字
range-negative = 是负数；数值不可能为负
range-outside = 超出合理范围（{ $range }）
readings-separator = { " 或 " }
readings-last = { $head } 或 { $last }
notation-negative = 不接受负数；{ $expected }
notation-decimal-comma = 小数请用小数点，也不要用千位分隔符（如 1850、31.5）
notation-plus-not-used = 这个问题不用“+”写法；{ $expected }
notation-one-before-plus = “+”前面应只有一个数字；{ $expected }
notation-one-after-plus = “+”后面应只有一个数字；{ $expected }
notation-plus-with-units = “+”写法不带单位；{ $expected }
notation-plus-wrong-unit = “+”后面的数字应以{ SP() }{ $plus_name }{ SP() }为单位，不能是{ $unit }
notation-plus-too-large = { $amount } { $plus_name }{ SP() }已满 1 { $unit_one }；“+”后面的数字必须小于 { $bound }
notation-no-number = 需要填写数字；{ $expected }
notation-fraction-before-smaller = { $amount } 是小数，后面又跟着更小的单位，可能是 { $readings } 中的任何一种；更小的单位前请写整数；{ $expected }
notation-part-without-unit = { $amount }没有单位；每个数字都要写单位；{ $expected }
notation-unit-order = “{ $unit }”写在了“{ $previous }”后面：请先写较大的单位，每个单位只写一次
notation-part-too-large = { $amount } { $unit }{ SP() }已满 1 { $previous }；必须小于 { $bound }
notation-unknown-unit-plain = 未知单位{ $name }；这个问题只接受以{ SP() }{ $unit }{ SP() }为单位的数字
notation-unknown-unit = 未知单位{ $name }{ $hint }；可用的单位：{ $symbols }
notation-regional-unit = 各地的{ $name }重量不同，{ $region ->
    [none] 无法判断这个回答按哪个地区计算
   *[other] 地区 { $region } 没有这个单位
}：请写成克（例如 2100 克），或写明单位（{ $units }），或用 --region 指明地区（{ $regions }）
notation-expected-number-at = { $rest }处应为数字
notation-unexpected = 无法识别的字符{ $found }
notation-nothing-read = { $text }不是数字
notation-not-a-number = { $text }不是数字
notation-too-large = 数字太大
notation-too-many-parts = 数字太多；最多写 { $limit } 个部分
notation-syntax = { $text }：{ $problem }
notation-range-plain = { $text } { $unit }{ SP() }{ $problem }{ $did_you_mean ->
   *[other] { "" }
}
notation-range = { $text }即 { $value } { $unit }，{ $problem }
did-you-mean-unit = （是指 { $written } 吗？）

## A record's problems

record-given-twice-id = 出现了两次
record-given-twice = 出现了两次；每个问题只能回答一次
record-invalid-id = 应为字符串或数字，{ $found }
record-unknown-field = 不是规则集 { $rules } 中的问题；如需忽略不属于问题的字段，请使用 --allow-extra-fields
record-unknown-field-suggest = 不是规则集 { $rules } 中的问题{ $hint }
record-not-yes-no = { $text }不是有效的回答；{ yes-no-expected }
record-not-a-code = { $text }不是为该问题指定的代码之一（{ $codes }）；这些代码取代了它内置的回答
record-number-for-yes-no = { yes-no-expected }，实际是数字 { $shown }
record-wrong-type-for-yes-no = { yes-no-expected }，{ $found }
record-wrong-type-for-number = 应为以{ SP() }{ $unit }{ SP() }为单位的数字（{ $forms }）或 "unknown"，{ $found }
record-unusable-number = { $shown } 不是可用的数字
record-number-for-yes-no-question = { yes-no-expected }，实际是数字
record-not-an-object = 应为一条回答记录（以问题 id 为键的 JSON 对象），{ $found }
record-cut-short = （记录是否被截断了？）
record-invalid-json-at = 第 { $line } 行第 { $column } 列不是有效的 JSON：{ $what }{ $hint }
record-invalid-json = 不是有效的 JSON：{ $what }{ $hint }
record-place-line = 第 { $line } 行的记录
record-place-row = 第 { $row } 行
record-place-element = 数组第 { $element } 个元素（索引 { $index }）
record-too-large = { $what }长 { $bytes } 字节；一条记录最多 { $limit } 字节（1 MiB），因此已跳过
record-empty-array-element = 第 { $line } 行第 { $column } 列的数组第 { $element } 个元素（索引 { $index }）为空（是否多了一个逗号？）
record-csv-cell-count = 第 { $row } 行有 { $cells } 个单元格，但表头有 { $columns } 列
record-csv-not-utf8 = 第 { $row } 行“{ $column }”列：单元格不是有效的 UTF-8（字节 { $byte }）
record-other-rule-set-embedded = 这条记录是用规则集 { $saved } 保存的，不是正在筛查它的 { $used }；请用 --rule-set { $name } 筛查，或不加 --rule-set 和 --rules，直接使用记录中写明的规则集
record-other-rule-set = 这条记录是用规则集 { $saved } 保存的，不是正在筛查它的 { $used }；请用那个规则文件筛查（--rules 文件）
record-invalid-saved-with = 不是 cp-screen 保存回答时写入的内容：应为{ SP() }{ $expected }
record-not-asked = 已作答，但这个问题只在符合“{ $condition }”时才问，而这条记录的回答不符合；请删去这个回答，或填写 "unknown"
record-csv-unclosed-quote = 第 { $row } 行有一个带引号的单元格没有闭合引号；它后面的行会各自单独读取
record-in-array = 数组第 { $element } 个元素（索引 { $index }）：{ $problem }

## FHIR responses

fhir-bundle-in-stream = 资源流中出现了 Bundle；请把 Bundle 单独作为一个文件，或每行一个 QuestionnaireResponse（NDJSON）
fhir-not-a-response = 这是{ $found }资源，不是 QuestionnaireResponse
fhir-no-resource-type = 没有 resourceType：应为 QuestionnaireResponse（"resourceType": "QuestionnaireResponse"）
fhir-other-questionnaire-embedded = 回答的是问卷 { $found }，不是 { $expected }；它是内置规则集 { $name } 的问卷：请用 --rule-set { $name } 筛查
fhir-other-questionnaire = 回答的是问卷 { $found }，不是 { $expected }；请用它所回答的规则集筛查（--rules），或用本规则集的问卷收集回答（cp-screen export questionnaire）
fhir-entered-in-error = 这份回答的状态是 entered-in-error：它是误录的，因此不筛查
fhir-structure = FHIR 资源的结构不符合要求：{ $what }
fhir-structure-at = FHIR 资源在 { $path } 处的结构不符合要求：{ $what }
fhir-several-answers = 给了 { $count } 个回答（或值）；每个问题只能有一个
fhir-no-value = 回答没有值；应为 { fhir-values } 之一
fhir-unsupported-value = 不读取 { $key }；请用 { fhir-values } 作答
fhir-coding-system = （{ $system }）
fhir-unknown-coding = 编码{ $code }{ $system }不是 cp-screen 能读取的回答；应为 LOINC LA33-6（有）、LA32-8（没有）或 LA4489-6（不清楚），HL7 v2-0136 的 Y 或 N，SNOMED CT 373066001（有）或 373067005（没有），v3 NullFlavor（不清楚），或表示不清楚的 data-absent-reason 代码（unknown、asked-unknown、temp-unknown、not-asked、asked-declined）
fhir-unknown-unit = 这个问题不接受单位{ $unit }；应为 UCUM 代码 { $accepted } 之一，或不带单位的数字
fhir-comparator = 带比较符{ $comparator }的数量不是一个确定的值；请给出数值本身
# How many characters of a file name are quoted before it is cut.
place-file-quote-length = 40
place-file = 文件{ $file }
place-record = 第 { $record } 条记录
place-line = 第 { $line } 行
place-field = 字段{ $field }
place-id = id{ $id }
place-separator = ，

## Rule files

rule-file-over-limit = 文件有 { $bytes } 字节；规则文件最多 { $limit } 字节
rule-file-too-large = 文件有 { $bytes } 字节；规则文件最多 { $limit } 字节
rule-not-utf8 = 文件不是 UTF-8 文本（偏移 { $offset } 处有无效字节）
rule-empty-file = 文件为空；应为包含 id、version、questions 和 factors 的 JSON 对象
rule-not-an-object = 应为规则集（JSON 对象），{ $found }
rule-control-character = 含有控制字符 U+{ $code_point }；规则文件的文本中不能有控制字符
rule-empty = 不能为空
rule-id-characters = { $id }只能包含 ASCII 字母、数字、“_”和“-”
rule-duplicate-id = id “{ $id }”重复（已被 { $first } 使用）
rule-no-questions = 规则集中没有任何问题
rule-no-factors = 规则集中没有任何因素
ref-section = 部分
ref-tier = 级别
ref-factor = 因素
rule-unknown-reference = 未知的{ $what }“{ $id }”{ $hint }；已有：{ $known }
rule-reserved-id = “{ $id }”已保留给记录的 id
rule-only-number-questions = 只有数值问题可以使用 "{ $field }"（这个问题是 yes_no 类型）
rule-missing-range = 数值问题需要 "{ $field }"（合理范围）
rule-missing-unit = 数值问题需要 "unit"
rule-empty-range = 范围为空：min { $min } 大于 max { $max }
rule-negative-min = { $min } 是负数；回答不可能为负
rule-not-positive = { $value } 必须是正数
rule-unit-size-absurd = 这个单位等于 { $size } 个基本单位（factor / per）；单位应在基本单位的 1e-12 到 1e12 倍之间
rule-too-many-decimals = { $decimals } 位小数；答案最多显示 { $limit } 位小数
rule-unit-without-name = 单位至少需要一个名称
rule-unit-name-not-letters = “{ $name }”只能由字母组成
rule-unit-name-twice = “{ $name }”同时是这个问题两个单位的名称
rule-unknown-plus-unit = “{ $symbol }”不是它任何一个单位的符号{ $hint }
rule-too-deep = 条件嵌套超过 { $limit } 层
rule-not-a-condition = 应为条件对象，{ $found }
rule-combinator-not-alone = "{ $key }" 在对象中必须单独出现；多出了 { $others }
rule-not-a-condition-list = 应为条件数组，{ $found }
rule-empty-combinator = 不允许空的 "{ $key }"；请至少列出一个条件
rule-unknown-condition-key = 未知的键 "{ $key }"{ $hint }；{ condition-expected }
rule-no-question = 缺少 "question"；{ condition-expected }
rule-question-not-a-string = 应为问题 id（字符串），{ $found }
rule-no-comparison = 缺少比较；请加上 equals、less_than、at_most、greater_than、at_least 之一
rule-several-comparisons = 每个条件只能有一个比较，这里有 { $keys }；请用 "all" 组合
rule-unknown-question = 未知问题“{ $id }”{ $hint }
rule-numeric-on-yes-no = “{ $question }”是 yes/no 问题；请用 "equals" 比较，不能用数值比较
rule-not-yes-or-no = yes/no 问题“{ $question }”应为 "yes" 或 "no"，{ $found }
rule-target-out-of-range = { $value } 超出“{ $question }”的合理范围（{ $min } 至 { $max } { $unit }），因此这个条件永远不会由它决定
rule-not-a-number-target = 数值问题“{ $question }”应为数字，{ $found }
rule-bad-languages = 应为语言标记的非空列表，文件本身的语言在前（例如 ["en", "zh-Hans"]）
rule-bad-translations = 译文应写成 { "{" }"<语言>": { "{" }"<字段>": "<文本>"{ "}" }{ "}" }，每条译文与原文同类
rule-undeclared-language = 有译成“{ $lang }”的译文，但文件的 "languages" 在其本身语言之后没有声明它；已声明：{ $declared }
rule-nothing-to-translate = “{ $field }”不是这个对象的文本；这个对象没有需要翻译的文本
rule-unknown-translated-text = “{ $field }”不是这个对象的文本；它的文本有：{ $known }
rule-missing-translation = 这段文本缺少“{ $lang }”译文，而文件声明了“{ $lang }”（请在这个对象的 "translations" 中补上）
rule-ask-when-not-earlier = "ask_when" 只能引用之前问过的问题；“{ $question }”不在这个问题之前
rule-problem-at = { $place }：{ $message }
invalid-rule-file = 规则文件 { $file } 无效：{ $problem }
invalid-rule-file-problems = 规则文件 { $file } 无效（{ $count }）：
more-rule-problems = ……还有 { $more } 个（共 { $total } 个问题，这里显示前 { $shown } 个）

## Inputs

input-empty = { $name }：输入为空；{ input-expected }
input-found-json-value = 一个不是回答记录的 JSON 值
input-found-text = 不是 JSON 的文本
input-csv-hint = ；如果这是 CSV，请加上 --input-format csv（名为 *.csv 的文件会按 CSV 读取）
input-not-records = { $name }：第 { $line } 行第 { $column } 列：发现{ $what }（“{ $shown }”）；{ input-expected }{ $csv }
input-fhir-bundle-too-large = { $name }：FHIR Bundle 文件需要整体读入，而这个文件超过 { $mib } MiB；请改用 NDJSON，每行一个回答（jq -c '.entry[].resource'）
input-not-json-after = { $name }：第 { $records } 条记录之后的输入不是有效的 JSON：{ $what }；之前的记录已筛查
array-ends-inside = 输入在数组内部（第 { $line } 行第 { $column } 列）就结束了（文件是否被截断了？）
array-text-after = 数组结束后（第 { $line } 行第 { $column } 列）还有多余的文本
array-unexpected-brace = 数组中第 { $line } 行第 { $column } 列出现了多余的 "{ "}" }"
input-array-broken = { $name }：{ $what }；之前的 { $records } 条记录已筛查
input-csv-no-header = { $name }：CSV 输入没有表头行；第一行应为问题 id
csv-column-twice = 第 { $column } 列（{ $name }）重复出现
csv-unknown-column = 第 { $column } 列（{ $name }）：不是规则集 { $rules } 中的问题{ $hint }；如需忽略不属于问题的字段，请使用 --allow-extra-fields
input-csv-header = { $name }：CSV 表头：{ $problem }
input-csv-unreadable = { $name }：无法按 CSV 读取：{ $what }
input-csv-header-too-large = { $name }：CSV 表头行超过 { $limit } 字节；应为一行列名
input-csv-header-unclosed-quote = { $name }：CSV 表头行中有一个带引号的列名没有闭合引号
input-ended = 问卷还没有完成，标准输入就已结束；没有保存任何内容
cannot-read-rule-file = 无法读取规则文件 { $what }：{ $why }
cannot-read = 无法读取 { $what }：{ $why }
cannot-write = 无法写入 { $what }：{ $why }

## The command line

usage-ask-options-before-command = 放在命令之前的 --plain、--save、--force、--id 和 --explain 属于问卷；请把它们放在所用命令的后面（例如 `cp-screen screen --explain FILE`）
usage-not-a-uri = { $option } { $value } 不是绝对 URI；应有协议名且不含空格，例如 https://example.org/fhir
usage-not-exportable = 问题“{ $question }”的 ask_when 无法写成 FHIR enableWhen（用了 "not"，或在 "any" 中嵌套 "all"）；请写成用一个 "all" 或一个 "any" 连接的比较
usage-stdin-twice = 标准输入（"-"）只能读取一次
usage-stdin-is-terminal = `cp-screen screen` 从文件或标准输入读取回答记录，而现在标准输入是终端。请指定文件（cp-screen screen answers.jsonl），用管道输入记录（cat answers.jsonl | cp-screen screen），或运行 `cp-screen` 填写问卷。
usage-no-terminal = 问卷需要在终端中运行，而标准输入或标准错误不是终端。请用 `cp-screen ask --plain` 从标准输入逐行作答，或用 `cp-screen screen FILE` 筛查 JSON 格式的回答记录。
usage-no-such-factor = 规则集 { $rules } 中没有因素{ $id }{ $hint }；`cp-screen factors` 会列出全部因素
usage-no-such-demo = 没有示例{ $name }{ $hint }；`cp-screen demo` 会列出全部示例
mapping-form-map = COLUMN=QUESTION（如 --map weeks=gestational_age_weeks）
mapping-form-unit = QUESTION=UNIT（如 --unit birth_weight_grams=lb）
mapping-form-codes = QUESTION:CODE=ANSWER,CODE=ANSWER（如 --codes birth_asphyxia:1=yes,2=no,9=unknown）
mapping-form-combine = 一个数字问题由两列或更多列组成，每列只出现一次，且各自使用该问题的单位（映射文件的 "combine"：问题 id，然后是列名和单位："ga_w": "w", "ga_d": "d"）
mapping-syntax = { $option } { $text }：写法应为 { $form }
mapping-unknown-question = 映射中的 { $id } 不是规则集中的问题{ $hint }
mapping-unit-not-number = 映射给 { $question } 指定了单位 { $unit }，但它不是数值题
mapping-bad-unit = { $unit } 不是 { $question } 的单位；可用单位：{ $known }
mapping-bad-answer = { $question } 的代码 { $code } 对应 { $answer }，这不是该问题的有效回答
mapping-file = 无法读取映射文件：{ $what }
mapping-column-not-in-input = 映射指定的列 { $column } 不在任何输入的表头中；最接近的列是 { $nearest }
mapping-key-in-no-record = 映射指定的键 { $key } 不在任何记录中（所有记录都是在没有它的情况下读取的：是否拼写有误？）
usage-no-such-language = cp-screen 不支持语言 { $tag }；--lang 可用：{ $known }
usage-no-demos = 规则集 { $rules } 没有示例；内置规则集都有示例（`cp-screen --rule-set evidence demo`）
usage-no-such-rule-set = 没有内置规则集{ $name }{ $hint }；内置规则集有 { $known }（`cp-screen rules list`），也可以用 --rules FILE 指定文件
usage-factor-by-words = 规则集 { $rules } 中没有编号为 { $query } 的因素；{ $matches }
factor-matches-none = `cp-screen factors` 会列出全部因素
factor-matches-one = 是指 { $factor } 吗？（`cp-screen factors { $factor }`）
factor-matches = 是指 { $factors } 中的一个吗？
usage-question-not-factor-one = “{ $question }”是问题，不是因素；用到它的因素是 { $factor }（`cp-screen factors { $factor }`）
factors-separator = 、
factors-last = { $head }、{ $last }
usage-question-not-factor = “{ $question }”是问题，不是因素；用到它的因素有 { $factors }（`cp-screen factors ID`）
usage-save-exists = { $path } 已存在；请换一个文件名，或加上 --force 覆盖它
usage-no-such-command = 没有命令 { $name }{ $hint }；`cp-screen --help` 会列出全部命令
usage-file-as-command = { $path } 是文件，不是命令；要筛查其中的答案记录，请运行 `cp-screen screen { $path }`
usage-option-does-nothing = { $option } 对 { $here } 不起作用；它只用于 { $applies }
usage-option-of-commands = 命令前出现了未知选项 { $given }；{ $option } 是 { $commands } 的选项：请把它放在命令之后（例如 `cp-screen screen { $option } ...`）
usage-summary-to-terminal = { $format } 格式的汇总是在浏览器中打开的页面，不是给终端看的文字：请用 --summary-file 写入文件（例如 --summary-file chart.{ $format }）

notation-too-many-digits = 有效数字太多，无法与界值精确比较；最多写 { $limit } 位
record-more-errors = 另有 { $count } 个错误未列出
rule-table-column-id = “{ $id }”是结果表格的列名；请给这个因素换一个 id
rule-not-a-uri = “{ $value }”不是 URI（需要 https: 这样的协议名，不能有空格或“|”）
rule-missing-key = 有 "{ $with }" 时，旁边也需要 "{ $key }"
usage-summary-overwrites-input = --summary-file { $path } 同时也是输入文件 { $input }；写入汇总会毁掉它：请换一个文件
usage-summary-overwrites-stdout = --summary-file { $path } 同时也是标准输出写入的文件；写入汇总会毁掉它：请换一个文件
fhir-expected-entry-object = 应为 entry 对象
fhir-expected-entries-array = 应为 entry 数组
