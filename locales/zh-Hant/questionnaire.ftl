# 繁體中文（臺灣用語；香港用語見 README.zh-Hant.md）: the questionnaire, in a terminal and in plain mode.

your-result = 您的篩檢結果
always-dont-know = 任何問題都可以回答「不清楚」。可以隨時返回上一題；檢視結果前，還可以核對並修改所有回答。
your-answer = 您的回答
choice-yes = 有
choice-no = 沒有
choice-dont-know = 不清楚
choice-help = 幫助：這是什麼意思？
choice-back = 返回上一題
review-heading = ── 核對您的回答 ──
choice-confirm = 確認並檢視結果
review-prompt = 請確認，或選擇要修改的回答
interrupted = cp-screen：已中斷，沒有儲存任何內容
short-prompt = 您的選擇
intro = 共 { $questions } 個問題，涉及{ SP() }{ $sections }。這是一份危險因素篩檢清單，不是診斷。
section-heading = ── { $title } ──
question-line = { $section }，第 { $n } 題（共 { $total } 題）：{ $text }
forms-number-of = 以{ SP() }{ $unit }{ SP() }為單位的數字
forms-examples = 例如 { $examples }
range = { $min } 至 { $max } { $unit }
number-hint = { $forms }；不清楚請直接按 Enter；輸入 ? 檢視幫助
number-hint-back = { $forms }；不清楚請直接按 Enter；輸入 ? 檢視幫助；輸入 b 返回上一題
reprompt = { $named ->
   *[other] { $why }。{ $expected }；不清楚請直接按 Enter。
}
echo = { "  " }{ $said } = { $understood }
echo-split = { $understood }，即{ SP() }{ $whole } { $part }
assumptions-separator = 、
assumptions-last = { $head }、{ $last }
with-assumptions = { $understood }，按 { $notes }{ SP() }計算
join-note = { $text }{ SP() }{ $note }
review-answer = { $label }：{ $answer }
question-skipped = 第 { $n } 題已略過：只有在「{ $condition }」時才會問。
menu-keys = 用 ↑ ↓ 鍵選擇，也可以直接輸入 有、沒有、不清楚（或選項前的數字），按 Enter 確認；按 Esc 返回上一題。
menu-enter = 直接按 Enter 即選「{ $item }」
saved-to = 回答已儲存到 { $path }
report-written-to = 可列印的報告已寫入 { $path }（用瀏覽器開啟並列印，帶給醫師看）
saved-with-id = 答案已儲存到 { $path }（編號 { $id }）
plain-choose = 請選擇 1 到 { $items }（直接按 Enter = { $default }，{ $default_item }）：
plain-choose-key = 請輸入 1 到 { $items } 之間的數字，或輸入 { $key }（直接按 Enter = { $key }，{ $default_item }）：
choice-word = 「{ $word }」
plain-not-a-choice = 「{ $typed }」不是可選項；請輸入 1 到 { $items } 之間的數字。
plain-not-a-choice-words = 「{ $typed }」不是可選項；請輸入 1 到 { $items } 之間的數字，或輸入{ $words }。
plain-keep = （直接按 Enter保留 { $initial }）>{ " " }
quiz-question = 小測驗：下面 { $factors } 個危險因素中，這筆紀錄存在哪些？
quiz-prompt = 請輸入您認為存在的因素的編號（例如 3 8），或輸入「無」，然後按 Enter：
quiz-bad-choice = { $text }不是因素的編號；請輸入 1 到 { $factors } 之間的數字，用空格或逗號分開，或輸入「無」。
quiz-right = 答對了，存在：{ $factors }。
quiz-missed = 存在，但沒有選：{ $factors }。
quiz-absent = 選了，但這筆紀錄中不存在：{ $factors }。
quiz-not-assessed = 選了，但這筆紀錄無法判斷（答案不清楚或未填寫）：{ $factors }。
quiz-all-right = 全部正確：存在的因素都選到了，也沒有多選。
quiz-no-choice = 沒有作答；下面是結果。
factor-found-by-words = { $query } 不是因素編號；以下是它找到的唯一因素 { $id }：
