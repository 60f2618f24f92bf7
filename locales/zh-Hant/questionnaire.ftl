# 繁體中文（臺灣用語；香港用語見 README.zh-Hant.md）: the questionnaire, in a terminal and in plain mode.

your-result = 您的篩檢結果
always-dont-know = 「不清楚」隨時都是可以的回答。每個問題都可以返回上一題；看結果之前，還可以檢查並修改每個回答。
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
intro = 共 { $questions } 個問題，涉及{ SP() }{ $sections }。這是一份有文獻記載的危險因素清單，不是診斷。
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
with-assumptions = { $understood }，按 { $notes }
join-note = { $text }{ SP() }{ $note }
review-item = 修改第 { $n } 題 · { $label }：{ $answer }
saved-to = 回答已儲存到 { $path }
saved-with-id = 答案已儲存到 { $path }（編號 { $id }）
plain-choose = 請選擇 1 到 { $items }（直接按 Enter = { $default }，{ $default_item }）：
choice-word = 「{ $word }」
plain-not-a-choice = 「{ $typed }」不是可選項；請輸入 1 到 { $items } 之間的數字。
plain-not-a-choice-words = 「{ $typed }」不是可選項；請輸入 1 到 { $items } 之間的數字，或輸入{ $words }。
plain-keep = （直接按 Enter保留 { $initial }）>{ " " }
quiz-question = 小測驗：這筆紀錄中，{ $factors } 個危險因素裡哪些存在、哪些不存在、哪些無法評估？討論之後再看結果。
quiz-press-enter = 按 Enter 鍵檢視結果。
