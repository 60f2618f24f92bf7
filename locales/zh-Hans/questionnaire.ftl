# 简体中文: the questionnaire, in a terminal and in plain mode.

## 在浏览器中填写问卷（`cp-screen serve`）。

# 该语言自己的名称，用于语言切换。
serve-language-name = 简体中文
serve-language = 语言
serve-start-title = 危险因素问卷
serve-choose-set = 使用哪一份危险因素清单？
serve-start = 开始填写问卷
serve-nothing-kept = 这台电脑和服务器都不保存任何内容：回答只随页面传递，点“重新开始”即全部清除。
serve-progress = { $section } · 第 { $n } 题，共 { $total } 题
serve-number-hint = { CAPITALISE($forms) }（{ $range }）。如果不清楚，请留空或选择“不清楚”。
serve-choose-one = 请选择一个回答。
serve-next = 下一题
serve-back = 上一题
serve-back-to-review = 返回检查页
serve-review-heading = 检查您的回答
serve-review-intro = 请逐一检查回答；可以修改任何一项，然后查看结果。
serve-change = 修改
serve-see-result = 确认并查看结果
serve-result-actions = 结果
serve-print = 打印
serve-print-hint = 打印：点按钮，或使用浏览器的打印命令（Ctrl+P）。结果上方的按钮栏不会打印出来。
serve-change-answers = 修改回答
serve-download-record = 下载回答（回答记录，JSON）
serve-download-fhir = 下载回答（FHIR QuestionnaireResponse）
serve-start-again = 重新开始
serve-error-title = 无法显示此页面
serve-error-code = 错误代码：{ $code }
serve-error-bad-form = 页面发送了 cp-screen 无法使用的值：字段 { $field }，值 { $value }；应为：{ $expected }。
serve-expected-one-value = 该字段只出现一次
serve-expected-question-number = 0 到 { $last } 之间的题号
serve-expected-region = 两个字母的地区代码（ISO 3166），如 TW、HK、MO 或 CN
serve-error-too-large = 页面发送的内容超过 { $limit } KiB，远多于任何问卷所需。
serve-error-host = 此服务器不响应名称 { $host }：请使用它启动时显示的地址打开。
serve-error-not-found = 没有地址为 { $path } 的页面。
serve-error-method = 不能用 { $method } 请求页面。
serve-error-timeout = 服务器响应时间过长，请重试。
serve-listening = cp-screen serve：请在浏览器中打开 { $url }。按 Ctrl+C 停止。
serve-warning-network = 警告：正在 { $addr } 上监听，不只限于这台电脑：网络上任何能访问它的人都可以打开问卷，而且回答以未加密的方式（HTTP）传输。只应在您信任的网络中使用。
serve-stopped = cp-screen serve：已停止。

## 终端中的问卷。

your-result = 您的筛查结果
always-dont-know = 任何问题都可以回答“不清楚”。可以随时返回上一题；查看结果前，还可以核对并修改所有回答。
your-answer = 您的回答
choice-yes = 有
choice-no = 没有
choice-dont-know = 不清楚
choice-help = 帮助：这是什么意思？
choice-back = 返回上一题
review-heading = ── 核对您的回答 ──
choice-confirm = 确认并查看结果
review-prompt = 请确认，或选择要修改的回答
interrupted = cp-screen：已中断，没有保存任何内容
short-prompt = 您的选择
intro = 共 { $questions } 个问题，涉及{ SP() }{ $sections }。这是一份危险因素筛查清单，不是诊断。
section-heading = ── { $title } ──
question-line = { $section }，第 { $n } 题（共 { $total } 题）：{ $text }
forms-number-of = 以{ SP() }{ $unit }{ SP() }为单位的数字
forms-examples = 例如 { $examples }
range = { $min } 至 { $max } { $unit }
number-hint = { $forms }；不清楚请直接按回车；输入 ? 查看帮助
number-hint-back = { $forms }；不清楚请直接按回车；输入 ? 查看帮助；输入 b 返回上一题
reprompt = { $named ->
   *[other] { $why }。{ $expected }；不清楚请直接按回车。
}
echo = { "  " }{ $said } = { $understood }
echo-split = { $understood }，即{ SP() }{ $whole } { $part }
assumptions-separator = 、
assumptions-last = { $head }、{ $last }
with-assumptions = { $understood }，按 { $notes }{ SP() }计算
join-note = { $text }{ SP() }{ $note }
review-answer = { $label }：{ $answer }
question-skipped = 第 { $n } 题已跳过：只有在“{ $condition }”时才会问。
menu-keys = 用 ↑ ↓ 键选择，也可以直接输入 有、没有、不清楚（或选项前的数字），按回车确认；按 Esc 返回上一题。
menu-enter = 直接按回车即选“{ $item }”
saved-to = 回答已保存到 { $path }
report-written-to = 可打印的报告已写入 { $path }（用浏览器打开并打印，带给医生看）
saved-with-id = 答案已保存到 { $path }（编号 { $id }）
plain-choose = 请选择 1 到 { $items }（直接回车 = { $default }，{ $default_item }）：
plain-choose-key = 请输入 1 到 { $items } 之间的数字，或输入 { $key }（直接回车 = { $key }，{ $default_item }）：
choice-word = “{ $word }”
plain-not-a-choice = “{ $typed }”不是可选项；请输入 1 到 { $items } 之间的数字。
plain-not-a-choice-words = “{ $typed }”不是可选项；请输入 1 到 { $items } 之间的数字，或输入{ $words }。
plain-keep = （直接回车保留 { $initial }）>{ " " }
quiz-question = 小测验：下面 { $factors } 个危险因素中，这条记录存在哪些？
quiz-prompt = 请输入您认为存在的因素的编号（例如 3 8），或输入“无”，然后按回车：
quiz-bad-choice = { $text }不是因素的编号；请输入 1 到 { $factors } 之间的数字，用空格或逗号分开，或输入“无”。
quiz-right = 答对了，存在：{ $factors }。
quiz-missed = 存在，但没有选：{ $factors }。
quiz-absent = 选了，但这条记录中不存在：{ $factors }。
quiz-not-assessed = 选了，但这条记录无法判断（答案不清楚或未填写）：{ $factors }。
quiz-all-right = 全部正确：存在的因素都选到了，也没有多选。
quiz-no-choice = 没有作答；下面是结果。
factor-found-by-words = { $query } 不是因素编号；以下是它找到的唯一因素 { $id }：
